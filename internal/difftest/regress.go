package difftest

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/rulec/rulec/ir"
	"github.com/rulec/rulec/parser"
)

// Regression is one saved disagreement, replayed by every test run: the
// condition in the condition language, the event, and ir.Eval's result.
type Regression struct {
	// Checker is the checker that disagreed when the case was found.
	Checker string `json:"checker"`
	// Found says how the case was found and what went wrong, for readers.
	Found     string          `json:"found"`
	Condition string          `json:"condition"`
	Event     json.RawMessage `json:"event"`
	Expected  bool            `json:"expected"`
}

// MarshalEvent encodes an event as compact JSON with sorted keys and no
// HTML escaping, so files are byte-stable.
func MarshalEvent(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// DecodeEvent decodes JSON into the value model ir uses (numbers stay
// json.Number).
func DecodeEvent(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	return v, nil
}

// NewRegression builds the regression case of a minimised disagreement.
func NewRegression(checker string, cond ir.Expr, event any, found string) (*Regression, error) {
	ev, err := MarshalEvent(event)
	if err != nil {
		return nil, err
	}
	return &Regression{
		Checker:   checker,
		Found:     found,
		Condition: ir.Format(cond),
		Event:     ev,
		Expected:  ir.Eval(cond, event),
	}, nil
}

// Name is the file name of the case: a hash of its condition and event, so
// the same disagreement found twice is saved once.
func (r *Regression) Name() string {
	h := sha256.Sum256([]byte(r.Condition + "\x00" + string(r.Event)))
	return hex.EncodeToString(h[:6]) + ".json"
}

// Write saves the case into dir and returns its path.
func (r *Regression) Write(dir string) (string, error) {
	data, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return "", err
	}
	// MarshalIndent escapes <, > and &; the files are for people too.
	data = bytes.ReplaceAll(data, []byte(`\u003c`), []byte("<"))
	data = bytes.ReplaceAll(data, []byte(`\u003e`), []byte(">"))
	data = bytes.ReplaceAll(data, []byte(`\u0026`), []byte("&"))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	p := filepath.Join(dir, r.Name())
	return p, os.WriteFile(p, append(data, '\n'), 0o644)
}

// Parse returns the case's condition and event.
func (r *Regression) Parse() (ir.Expr, any, error) {
	cond, errs := parser.ParseConditionText(r.Condition, ir.Pos{Line: 1, Col: 1}, parser.ConditionOptions{File: "regression"})
	if len(errs) > 0 {
		return nil, nil, errs
	}
	ev, err := DecodeEvent(r.Event)
	if err != nil {
		return nil, nil, fmt.Errorf("event: %v", err)
	}
	return cond, ev, nil
}

// ReadRegressions reads every *.json case in dir, sorted by name; a missing
// dir holds no cases.
func ReadRegressions(dir string) (map[string]*Regression, []string, error) {
	entries, err := os.ReadDir(dir)
	if os.IsNotExist(err) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	out := map[string]*Regression{}
	var names []string
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".json") {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			return nil, nil, err
		}
		var r Regression
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&r); err != nil {
			return nil, nil, fmt.Errorf("%s: %v", e.Name(), err)
		}
		out[e.Name()] = &r
		names = append(names, e.Name())
	}
	sort.Strings(names)
	return out, names, nil
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
