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
// events the generated package, the scan evaluator and ir.Eval agree. Both
// route events by log type, so ir.Eval's matches count for the rules of the
// event's class (and those naming none).
func TestSynthetic(t *testing.T) {
	a, b := synth.New(7), synth.New(7)
	rules := testutil.LoadRules(t, testutil.BundledRules())
	reg := schema.Builtin()
	vc := reg.ValueClassifier()
	p, err := scan.CompileRouted(rules, scan.Routing{Registry: reg})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Rules) != len(matchers.Rules) {
		t.Fatalf("rules/ has %d rules, the generated package %d (stale?)", len(p.Rules), len(matchers.Rules))
	}
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
		var want []int
		class := vc.ClassifyJSON(e)
		if class != "AWS.CloudTrail" {
			t.Fatalf("event %d: classified %q, not AWS.CloudTrail", i, class)
		}
		for j, r := range p.Rules {
			if (len(r.LogTypes) == 0 || reg.RunsOn(r.LogTypes, class)) && ir.Eval(r.Cond, doc) {
				want = append(want, j)
			}
		}
		matched += len(want)
		if !equalInts(got, want) || !equalInts(hits, want) {
			t.Fatalf("event %d: ir.Eval matches %v, generated %v, scan %v\n%s", i, want, got, hits, e)
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
