package sigma

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"gopkg.in/yaml.v3"
)

// The official Sigma JSON schemas, copied from ../shared/spec/sigma-json-schema
// (SigmaHQ/sigma-specification json-schema/, see testdata/schema/README.md).
var (
	schemaOnce                  sync.Once
	detectionSchema, corrSchema *jsonschema.Schema
	schemaErr                   error
)

func loadSchemas(t testing.TB) (*jsonschema.Schema, *jsonschema.Schema) {
	t.Helper()
	schemaOnce.Do(func() {
		c := jsonschema.NewCompiler()
		c.AssertFormat()
		for _, name := range []string{"sigma-detection-rule-schema.json", "sigma-correlation-rules-schema.json"} {
			f, err := os.Open(filepath.Join("testdata", "schema", name))
			if err != nil {
				schemaErr = err
				return
			}
			doc, err := jsonschema.UnmarshalJSON(f)
			f.Close()
			if err != nil {
				schemaErr = err
				return
			}
			if err := c.AddResource(name, doc); err != nil {
				schemaErr = err
				return
			}
		}
		detectionSchema, schemaErr = c.Compile("sigma-detection-rule-schema.json")
		if schemaErr == nil {
			corrSchema, schemaErr = c.Compile("sigma-correlation-rules-schema.json")
		}
	})
	if schemaErr != nil {
		t.Fatal(schemaErr)
	}
	return detectionSchema, corrSchema
}

// validateSigma checks every document of an emitted file against the
// detection or the correlation schema and returns how many it checked.
func validateSigma(t testing.TB, name string, data []byte) int {
	t.Helper()
	det, corr := loadSchemas(t)
	dec := yaml.NewDecoder(bytes.NewReader(data))
	n := 0
	for {
		var v any
		err := dec.Decode(&v)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Errorf("%s: %v", name, err)
			return n
		}
		// Through JSON, so the validator sees JSON types.
		js, err := json.Marshal(v)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			return n
		}
		inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(js))
		if err != nil {
			t.Fatal(err)
		}
		sch := det
		if m, ok := v.(map[string]any); ok {
			if _, isCorr := m["correlation"]; isCorr {
				sch = corr
			}
		}
		if err := sch.Validate(inst); err != nil {
			t.Errorf("%s: document %d does not validate: %v\n%s", name, n+1, err, data)
		}
		n++
	}
	return n
}

// TestSchemaRejects makes sure the validation can fail.
func TestSchemaRejects(t *testing.T) {
	det, _ := loadSchemas(t)
	for _, bad := range []string{
		`{"title": "x", "logsource": {}, "detection": {"condition": "s", "s": {"a": 1}}, "level": "severe"}`,
		`{"title": "x", "id": "not-a-uuid", "logsource": {}, "detection": {"condition": "s"}}`,
		`{"title": "x", "logsource": {}, "detection": {"condition": "s"}, "tags": ["Attack T1562"]}`,
	} {
		inst, err := jsonschema.UnmarshalJSON(bytes.NewReader([]byte(bad)))
		if err != nil {
			t.Fatal(err)
		}
		if det.Validate(inst) == nil {
			t.Errorf("schema accepted %s", bad)
		}
	}
}
