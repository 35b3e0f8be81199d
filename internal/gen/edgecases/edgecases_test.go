// Package edgecases_test runs the generated package for testutil's edge
// rules (hostile IDs, titles, file and field names; every operator) on every
// edge event against ir.Eval. backends/golang's TestCommittedPackages keeps
// the package up to date.
package edgecases_test

import (
	"testing"

	"github.com/rulec/rulec/backends/golang"
	"github.com/rulec/rulec/internal/gen/edgecases"
	"github.com/rulec/rulec/internal/testutil"
	"github.com/rulec/rulec/ir"
)

func TestAgree(t *testing.T) {
	rules := golang.SortRules(testutil.EdgeRules(t))
	if len(rules) != len(edgecases.Rules) {
		t.Fatalf("%d edge rules, %d generated", len(rules), len(edgecases.Rules))
	}
	for i, r := range rules {
		if edgecases.Rules[i].ID != r.ID || edgecases.Rules[i].Title != r.Title {
			t.Fatalf("registry entry %d is %q, want %q", i, edgecases.Rules[i].ID, r.ID)
		}
	}
	ev := edgecases.NewEvent()
	var hits []int
	checked, matched := 0, 0
	for _, data := range testutil.EdgeEvents(3000) {
		doc, valid := testutil.DecodeEvent(data)
		if err := ev.Reset(data); valid != (err == nil) {
			t.Errorf("event %q: encoding/json valid=%v, reader error %v", data, valid, err)
			continue
		}
		if !valid {
			continue
		}
		hits = edgecases.Match(ev, hits[:0])
		h := 0
		for i, r := range rules {
			want := ir.Eval(r.Cond, doc)
			got := edgecases.Rules[i].Match(ev)
			dispatched := h < len(hits) && hits[h] == i
			if dispatched {
				h++
			}
			checked++
			if want {
				matched++
			}
			if got != want || dispatched != want {
				t.Errorf("rule %q (%s) on %s: ir.Eval %v, generated %v, dispatched %v", r.ID, ir.Format(r.Cond), data, want, got, dispatched)
			}
		}
	}
	t.Logf("%d rule×event checks agree (%d match)", checked, matched)
}
