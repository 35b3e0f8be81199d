package scan_test

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/rulec/rulec/internal/scan"
	"github.com/rulec/rulec/internal/testutil"
	"github.com/rulec/rulec/ir"
)

// TestOutputFields: the fields of a match hold what ir.Lookup finds at
// each output path (null for none, an array for several), for the edge
// events every edge rule matches; and the output is the same for any
// number of workers and batch size.
func TestOutputFields(t *testing.T) {
	rules := testutil.EdgeRules(t)
	for _, r := range rules {
		r.Threshold = 0
		r.OutputFields = append(r.OutputFields, ir.OutputField{Name: "odd name \"\n"}, ir.OutputField{Name: "t", Source: "tags"})
	}
	p, err := scan.Compile(rules)
	if err != nil {
		t.Fatal(err)
	}
	var in bytes.Buffer
	var docs []any
	for _, e := range testutil.EdgeEvents(400) {
		if doc, ok := testutil.DecodeEvent(e); ok && !bytes.ContainsAny(e, "\n\r") {
			if _, isObj := doc.(map[string]any); isObj {
				in.Write(e)
				in.WriteByte('\n')
				docs = append(docs, doc)
			}
		}
	}
	var outputs []string
	for _, cfg := range []struct{ workers, batch int }{{1, 0}, {2, 0}, {2, 512}} {
		var out, errs bytes.Buffer
		st, err := scan.Run(p, []scan.Input{{Name: "-"}}, scan.Options{Workers: cfg.workers, BatchBytes: cfg.batch, Stdin: bytes.NewReader(in.Bytes()), Out: &out, Errs: &errs})
		if err != nil || errs.Len() > 0 || st.Invalid > 0 {
			t.Fatalf("run: %v %s", err, errs.String())
		}
		if st.Events != int64(len(docs)) {
			t.Fatalf("%d events read, want %d", st.Events, len(docs))
		}
		outputs = append(outputs, out.String())
	}
	if outputs[0] != outputs[1] || outputs[0] != outputs[2] {
		t.Fatal("the output depends on the number of workers or the batch size")
	}
	n := 0
	for _, line := range strings.Split(strings.TrimSpace(outputs[0]), "\n") {
		var m struct {
			Rule   string         `json:"rule"`
			Line   int            `json:"line"`
			Fields map[string]any `json:"fields"`
		}
		dec := json.NewDecoder(strings.NewReader(line))
		dec.UseNumber()
		if err := dec.Decode(&m); err != nil {
			t.Fatalf("%q: %v", line, err)
		}
		doc := docs[m.Line-1]
		var rule *ir.Rule
		for _, r := range rules {
			if r.ID == m.Rule && ir.Eval(r.Cond, doc) {
				rule = r
			}
		}
		if rule == nil {
			t.Fatalf("line %d: rule %q does not match %v", m.Line, m.Rule, doc)
		}
		for _, f := range rule.OutputFields {
			var want any
			switch vs := ir.Lookup(doc, strings.Split(f.Path(), ".")); len(vs) {
			case 0:
			case 1:
				want = vs[0]
			default:
				want = vs
			}
			// Compare as JSON, which is what the output promises.
			wb, _ := json.Marshal(want)
			gb, _ := json.Marshal(m.Fields[f.Name])
			var w, g any
			json.Unmarshal(wb, &w)
			json.Unmarshal(gb, &g)
			if !reflect.DeepEqual(w, g) {
				t.Errorf("line %d, rule %q, field %q: got %s, ir.Lookup %s", m.Line, m.Rule, f.Name, gb, wb)
			}
		}
		n++
	}
	if n == 0 {
		t.Fatal("no matches")
	}
	t.Logf("%d matches checked", n)
}
