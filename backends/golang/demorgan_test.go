package golang_test

import (
	"strings"
	"testing"

	"github.com/rulec/rulec/backends/golang"
	"github.com/rulec/rulec/ir"
	"github.com/rulec/rulec/parser"
)

// TestNegatedNegationsAreTheDual: a not over an and/or of negations is
// written as the dual of the operands, as by hand, and still means the
// same (checked against ir.Eval through the interpreter).
func TestNegatedNegationsAreTheDual(t *testing.T) {
	for src, want := range map[string]string{
		`not (a is_not_null or b is_not_null)`:          "return match.IsNull(e.Vals(fieldA)) && match.IsNull(e.Vals(fieldB))\n",
		`c eq "x" and not (a ne "v" and b is_not_null)`: "return match.HasStr(e.Vals(fieldC), \"x\") &&\n\t\t(match.HasStr(e.Vals(fieldA), \"v\") || match.IsNull(e.Vals(fieldB)))\n",
		`not (a is_not_null or b eq "v")`:               "return !(!match.IsNull(e.Vals(fieldA)) || match.HasStr(e.Vals(fieldB), \"v\"))\n",
	} {
		cond, errs := parser.ParseConditionText(src, ir.Pos{Line: 1, Col: 1}, parser.ConditionOptions{File: "t"})
		if errs != nil {
			t.Fatalf("%s: %v", src, errs)
		}
		r := &ir.Rule{ID: "T", Title: "T", Severity: ir.SeverityLow, Cond: cond, CondText: src, File: "t.yml", At: ir.Pos{Line: 1, Col: 1}}
		files, err := golang.Generate([]*ir.Rule{r}, golang.Options{Package: "generated"})
		if err != nil {
			t.Fatal(err)
		}
		var all strings.Builder
		for _, f := range files {
			all.Write(f.Data)
		}
		if !strings.Contains(all.String(), want) {
			t.Errorf("%s: the generated code lacks %q:\n%s", src, want, all.String())
		}
		p, err := golang.Checker{}.Compile(r)
		if err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		var logs []any
		for _, a := range []any{nil, "v", "w", 1.0} {
			for _, b := range []any{nil, "v", ""} {
				for _, c := range []any{nil, "x"} {
					logs = append(logs, map[string]any{"a": a, "b": b, "c": c}, map[string]any{"c": c})
				}
			}
		}
		got, err := p.Eval(logs)
		if err != nil {
			t.Fatal(err)
		}
		for i, l := range logs {
			if w := ir.Eval(r.Cond, l); got[i] != w {
				t.Errorf("%s on %v: generated %v, ir.Eval %v", src, l, got[i], w)
			}
		}
	}
}
