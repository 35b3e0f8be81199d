package golang_test

import (
	"testing"

	"github.com/rulec/rulec/backends/golang"
	"github.com/rulec/rulec/internal/testutil"
	"github.com/rulec/rulec/ir"
)

// TestCompileInterpretsGeneratedCode: Checker.Compile (the generated source
// read back and evaluated) agrees with ir.Eval on every edge rule and event
// and on every test of rules/.
func TestCompileInterpretsGeneratedCode(t *testing.T) {
	var logs []any
	for _, e := range testutil.EdgeEvents(1500) {
		if doc, ok := testutil.DecodeEvent(e); ok {
			logs = append(logs, doc)
		}
	}
	rules := append(testutil.EdgeRules(t), testutil.LoadRules(t, testutil.BundledRules())...)
	checked := 0
	for _, r := range rules {
		p, err := golang.Checker{}.Compile(r)
		if err != nil {
			t.Fatalf("%q: %v", r.ID, err)
		}
		rl := logs
		for _, tc := range r.Tests {
			rl = append(rl, tc.Log)
		}
		got, err := p.Eval(rl)
		if err != nil {
			t.Fatalf("%q: %v", r.ID, err)
		}
		for i, l := range rl {
			checked++
			if want := ir.Eval(r.Cond, l); got[i] != want {
				t.Errorf("%q (%s) on %v: interpreted %v, ir.Eval %v", r.ID, ir.Format(r.Cond), l, got[i], want)
			}
		}
	}
	t.Logf("%d rule×event checks agree", checked)
}
