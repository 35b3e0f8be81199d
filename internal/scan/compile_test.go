package scan_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/rulec/rulec/internal/scan"
	"github.com/rulec/rulec/internal/testutil"
	"github.com/rulec/rulec/ir"
)

// agree checks the compiled program against ir.Eval on every event: each
// rule on its own, and the dispatching Match against the set ir.Eval gives.
func agree(t *testing.T, rules []*ir.Rule, events [][]byte) {
	t.Helper()
	p, err := scan.Compile(rules)
	if err != nil {
		t.Fatal(err)
	}
	ev := p.NewEvent()
	var hits []int
	checked, bad := 0, 0
	for _, data := range events {
		doc, valid := testutil.DecodeEvent(data)
		err := ev.Reset(data)
		if valid != (err == nil) {
			t.Errorf("event %q: encoding/json valid=%v, reader error %v", data, valid, err)
			continue
		}
		if !valid {
			continue
		}
		hits = p.Match(ev, hits[:0])
		h := 0
		for i, r := range p.Rules {
			want := ir.Eval(r.Cond, doc)
			got := p.MatchRule(i, ev)
			dispatched := h < len(hits) && hits[h] == i
			if dispatched {
				h++
			}
			checked++
			if got != want || dispatched != want {
				bad++
				if bad <= 20 {
					t.Errorf("rule %q (%s) on %s: ir.Eval %v, compiled %v, dispatched %v", r.ID, ir.Format(r.Cond), data, want, got, dispatched)
				}
			}
		}
		if h != len(hits) {
			t.Errorf("event %s: Match returned %v, not increasing rule indices", data, hits)
		}
	}
	if bad > 0 {
		t.Errorf("%d of %d rule×event checks disagree", bad, checked)
	}
	t.Logf("%d rule×event checks agree", checked)
}

func TestEdgeCases(t *testing.T) {
	agree(t, testutil.EdgeRules(t), testutil.EdgeEvents(3000))
}

// testLogs returns every test log of rules as JSON text.
func testLogs(t *testing.T, rules []*ir.Rule) [][]byte {
	var out [][]byte
	for _, r := range rules {
		for _, tc := range r.Tests {
			b, err := json.Marshal(tc.Log)
			if err != nil {
				t.Fatalf("%s: %s: %v", r.ID, tc.Name, err)
			}
			out = append(out, b)
		}
	}
	return out
}

func TestSeedsAndCorpus(t *testing.T) {
	seeds := testutil.Shared(t, "seeds")
	corpus := testutil.Shared(t, filepath.Join("corpus", "panther"))
	rules := testutil.LoadRules(t, seeds, corpus)
	events := append(testLogs(t, rules), testutil.EdgeEvents(500)...)
	agree(t, rules, events)
	// And the expected results of every test.
	p, err := scan.Compile(rules)
	if err != nil {
		t.Fatal(err)
	}
	idx := map[*ir.Rule]int{}
	for i, r := range p.Rules {
		idx[r] = i
	}
	ev := p.NewEvent()
	n := 0
	for _, r := range rules {
		for _, tc := range r.Tests {
			b, _ := json.Marshal(tc.Log)
			if err := ev.Reset(b); err != nil {
				t.Fatal(err)
			}
			n++
			if got := p.MatchRule(idx[r], ev); got != tc.Expected && !r.Partial && tc.Confidence != ir.ConfidenceLow {
				t.Errorf("%s: %s: got %v, want %v", r.ID, tc.Name, got, tc.Expected)
			}
		}
	}
	t.Logf("%d tests", n)
}

func TestBundledRules(t *testing.T) {
	dir := testutil.BundledRules()
	if _, err := os.Stat(dir); err != nil {
		t.Fatalf("bundled rules: %v", err)
	}
	rules := testutil.LoadRules(t, dir)
	agree(t, rules, append(testLogs(t, rules), testutil.EdgeEvents(500)...))
}
