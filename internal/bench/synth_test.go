package bench

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/rulec/rulec/internal/gen/matchers"
	"github.com/rulec/rulec/internal/scan"
	"github.com/rulec/rulec/internal/synth"
	"github.com/rulec/rulec/internal/testutil"
	"github.com/rulec/rulec/ir"
	"github.com/rulec/rulec/schema"
)

// TestSynthetic checks what the benchmarks rely on: the generator is
// deterministic, writes valid JSON of about 1.4 KB per event, and on its
// events the generated package, the scan evaluator and ir.Eval agree (the
// generated Match routing each event to its log type's rules, as the
// registry classifies it; the scan evaluator compiled without routing).
func TestSynthetic(t *testing.T) {
	a, b := synth.New(7), synth.New(7)
	rules := testutil.LoadRules(t, testutil.BundledRules())
	p, err := scan.Compile(rules)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Rules) != len(matchers.Rules) {
		t.Fatalf("rules/ has %d rules, the generated package %d (stale?)", len(p.Rules), len(matchers.Rules))
	}
	// The rules of BenchmarkScanEvaluatorFold, every string operator folded.
	var folded []*ir.Rule
	for _, r := range rules {
		c := *r
		c.Cond = foldAll(r.Cond)
		folded = append(folded, &c)
	}
	pf, err := scan.Compile(folded)
	if err != nil {
		t.Fatal(err)
	}
	evf := pf.NewEvent()
	var hitsFolded []int
	reg := schema.Builtin()
	classify := reg.ValueClassifier()
	m := matchers.NewMatcher()
	ev := p.NewEvent()
	var hits []int
	total, matched := 0, 0
	const n = 3000
	for i := 0; i < n; i++ {
		e := a.Append(nil)
		if !bytes.Equal(e, b.Append(nil)) {
			t.Fatal("the generator is not deterministic")
		}
		total += len(e)
		var doc any
		dec := json.NewDecoder(bytes.NewReader(e))
		dec.UseNumber()
		if err := dec.Decode(&doc); err != nil {
			t.Fatalf("event %d: %v", i, err)
		}
		got, err := m.Match(e)
		if err != nil {
			t.Fatal(err)
		}
		if err := ev.Reset(e); err != nil {
			t.Fatal(err)
		}
		hits = p.Match(ev, hits[:0])
		var want, routed []int
		logType := classify.Classify(doc)
		for j, r := range p.Rules {
			if ir.Eval(r.Cond, doc) {
				want = append(want, j)
				if len(r.LogTypes) == 0 || reg.RunsOn(r.LogTypes, logType) {
					routed = append(routed, j)
				}
			}
		}
		if err := evf.Reset(e); err != nil {
			t.Fatal(err)
		}
		hitsFolded = pf.Match(evf, hitsFolded[:0])
		var wantFolded []int
		for j, r := range pf.Rules {
			if ir.Eval(r.Cond, doc) {
				wantFolded = append(wantFolded, j)
			}
		}
		if !equalInts(hitsFolded, wantFolded) {
			t.Fatalf("event %d, rules folded: ir.Eval matches %v, scan %v", i, wantFolded, hitsFolded)
		}
		matched += len(routed)
		if !equalInts(got, routed) || !equalInts(hits, want) {
			t.Fatalf("event %d (%s): ir.Eval matches %v, %v of them for its log type; generated %v, scan %v\n%s", i, logType, want, routed, got, hits, e)
		}
	}
	if avg := total / n; avg < 1200 || avg > 1600 {
		t.Errorf("average event size %d bytes, want about 1.4 KB", avg)
	}
	if matched == 0 {
		t.Error("no synthetic event matches any rule")
	}
	t.Logf("%d events, %d bytes on average, %d matches", n, total/n, matched)
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
