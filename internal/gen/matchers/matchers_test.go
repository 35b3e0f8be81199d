// Package matchers_test runs the generated package for rules/ on every test
// log of rules/ and on the edge events: each rule's function and the
// dispatching Match must agree with ir.Eval, and with the test's
// ExpectedResult. backends/golang's TestCommittedPackages keeps the package
// up to date.
package matchers_test

import (
	"encoding/json"
	"testing"

	"github.com/rulec/rulec/backends/golang"
	"github.com/rulec/rulec/internal/gen/matchers"
	"github.com/rulec/rulec/internal/testutil"
	"github.com/rulec/rulec/ir"
)

func rules(t *testing.T) []*ir.Rule {
	rs := golang.SortRules(testutil.LoadRules(t, testutil.BundledRules()))
	if len(rs) != len(matchers.Rules) {
		t.Fatalf("rules/ has %d rules, the generated package %d: regenerate it (UPDATE_GOLDEN=1 go test ./backends/golang)", len(rs), len(matchers.Rules))
	}
	for i, r := range rs {
		if matchers.Rules[i].ID != r.ID {
			t.Fatalf("registry entry %d is %q, rules/ has %q", i, matchers.Rules[i].ID, r.ID)
		}
	}
	return rs
}

func TestTestLogs(t *testing.T) {
	rs := rules(t)
	ev := matchers.NewEvent()
	var hits []int
	n := 0
	for i, r := range rs {
		for _, tc := range r.Tests {
			data, err := json.Marshal(tc.Log)
			if err != nil {
				t.Fatal(err)
			}
			if err := ev.Reset(data); err != nil {
				t.Fatalf("%s: %s: %v", r.ID, tc.Name, err)
			}
			got := matchers.Rules[i].Match(ev)
			hits = matchers.Match(ev, hits[:0])
			dispatched := false
			for _, h := range hits {
				dispatched = dispatched || h == i
			}
			want := ir.Eval(r.Cond, tc.Log)
			n++
			if got != want || dispatched != want {
				t.Errorf("%s: %s: ir.Eval %v, generated %v, dispatched %v", r.ID, tc.Name, want, got, dispatched)
			}
			if got != tc.Expected && !r.Partial && tc.Confidence != ir.ConfidenceLow {
				t.Errorf("%s: %s: generated %v, ExpectedResult %v", r.ID, tc.Name, got, tc.Expected)
			}
		}
	}
	if n == 0 {
		t.Fatal("rules/ has no tests")
	}
	t.Logf("%d tests agree", n)
}

func TestEdgeEvents(t *testing.T) {
	rs := rules(t)
	ev := matchers.NewEvent()
	var hits []int
	checked := 0
	for _, data := range testutil.EdgeEvents(1000) {
		doc, valid := testutil.DecodeEvent(data)
		if err := ev.Reset(data); valid != (err == nil) {
			t.Errorf("event %q: encoding/json valid=%v, reader error %v", data, valid, err)
			continue
		}
		if !valid {
			continue
		}
		hits = matchers.Match(ev, hits[:0])
		h := 0
		for i, r := range rs {
			want := ir.Eval(r.Cond, doc)
			dispatched := h < len(hits) && hits[h] == i
			if dispatched {
				h++
			}
			checked++
			if got := matchers.Rules[i].Match(ev); got != want || dispatched != want {
				t.Errorf("%s on %s: ir.Eval %v, generated %v, dispatched %v", r.ID, data, want, got, dispatched)
			}
		}
	}
	t.Logf("%d rule×event checks agree", checked)
}
