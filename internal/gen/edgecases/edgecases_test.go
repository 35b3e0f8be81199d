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
	"github.com/rulec/rulec/match"
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
		hits = edgecases.MatchLogType(ev, "Edge.Log", hits[:0])
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

// TestMatchDoesNotAllocate: running the rules on a read event (folding,
// quantifiers and field references included) allocates nothing once the
// Event's lowering buffer has grown. Regex and cidr rules are left out:
// package regexp keeps its matchers in a sync.Pool, which a garbage
// collection empties, and netip.ParseAddr allocates its errors.
func TestMatchDoesNotAllocate(t *testing.T) {
	rules := golang.SortRules(testutil.EdgeRules(t))
	var funcs []func(*match.Event) bool
	for i, r := range rules {
		skip := false
		for _, p := range ir.Preds(r.Cond) {
			skip = skip || p.Op == ir.OpRegex || p.Op == ir.OpCIDR
		}
		if !skip {
			funcs = append(funcs, edgecases.Rules[i].Match)
		}
	}
	var events []*match.Event
	for _, data := range testutil.EdgeEvents(300) {
		if _, ok := testutil.DecodeEvent(data); ok {
			ev := edgecases.NewEvent()
			if err := ev.Reset(data); err != nil {
				t.Fatal(err)
			}
			events = append(events, ev)
		}
	}
	hits := 0
	run := func() {
		for _, ev := range events {
			for _, m := range funcs {
				if m(ev) {
					hits++
				}
			}
		}
	}
	run()
	if n := testing.AllocsPerRun(3, run); n != 0 {
		t.Errorf("%v allocations per pass over %d events and %d rules", n, len(events), len(funcs))
	}
	if hits == 0 {
		t.Error("no rule matched any event")
	}
}
