// Package matchers_test runs the generated package for rules/ on every test
// log of rules/ and on the edge events: each rule's function and the
// dispatching MatchLogType must agree with ir.Eval, and with the test's
// ExpectedResult; Match routes each event to the rules of its log type. backends/golang's TestCommittedPackages keeps the package
// up to date.
package matchers_test

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/rulec/rulec/backends/golang"
	"github.com/rulec/rulec/internal/gen/matchers"
	"github.com/rulec/rulec/internal/testutil"
	"github.com/rulec/rulec/ir"
	"github.com/rulec/rulec/schema"
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
			hits = matchers.MatchLogType(ev, r.LogTypes[0], hits[:0])
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
		// Dispatch, for each log type: every rule of that type is
		// dispatched exactly when it matches, and no other rule is.
		for _, lt := range logTypes(rs) {
			hits = matchers.MatchLogType(ev, lt, hits[:0])
			h := 0
			for i, r := range rs {
				on := slices.Contains(r.LogTypes, lt)
				want := on && ir.Eval(r.Cond, doc)
				dispatched := h < len(hits) && hits[h] == i
				if dispatched {
					h++
				}
				checked++
				if on {
					if got := matchers.Rules[i].Match(ev); got != want {
						t.Errorf("%s on %s: ir.Eval %v, generated %v", r.ID, data, want, got)
					}
				}
				if dispatched != want {
					t.Errorf("%s on %s as %s: ir.Eval %v, dispatched %v", r.ID, data, lt, want, dispatched)
				}
			}
		}
	}
	t.Logf("%d rule×event checks agree", checked)
}

func logTypes(rs []*ir.Rule) []string {
	var out []string
	for _, r := range rs {
		for _, lt := range r.LogTypes {
			if !slices.Contains(out, lt) {
				out = append(out, lt)
			}
		}
	}
	return out
}

// TestRouting: Match classifies each event as the registry does and runs
// exactly the rules of that log type (Panther's routing): on every test log
// of rules/, a CloudTrail event stays out of Okta's rules even where a
// negated condition would hold on it.
func TestRouting(t *testing.T) {
	rs := rules(t)
	reg := schema.Builtin()
	classify := reg.ValueClassifier()
	ev := matchers.NewEvent()
	var hits, routed []int
	own, other, none := 0, 0, 0
	for _, r := range rs {
		for _, tc := range r.Tests {
			data, err := json.Marshal(tc.Log)
			if err != nil {
				t.Fatal(err)
			}
			if err := ev.Reset(data); err != nil {
				t.Fatal(err)
			}
			lt := classify.Classify(tc.Log)
			if got := matchers.Classifier.Classify(ev); got != lt {
				t.Errorf("%s: %s: generated Classifier %q, registry %q", r.ID, tc.Name, got, lt)
			}
			switch {
			case lt == "":
				none++
			case slices.Contains(r.LogTypes, lt):
				own++
			default:
				other++
			}
			hits = matchers.Match(ev, hits[:0])
			routed = routed[:0]
			for i, x := range rs {
				if (len(x.LogTypes) == 0 || reg.RunsOn(x.LogTypes, lt)) && ir.Eval(x.Cond, tc.Log) {
					routed = append(routed, i)
				}
			}
			if !slices.Equal(hits, routed) {
				t.Errorf("%s: %s (log type %q): Match %v, want %v", r.ID, tc.Name, lt, hits, routed)
			}
		}
	}
	t.Logf("test logs classified as their rule's log type: %d, as another: %d, unclassified: %d", own, other, none)
}
