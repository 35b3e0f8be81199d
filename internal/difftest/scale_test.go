package difftest_test

import (
	"bytes"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"testing"
	"time"

	"github.com/rulec/rulec/backends"
	"github.com/rulec/rulec/internal/cli"
	"github.com/rulec/rulec/internal/difftest"
	"github.com/rulec/rulec/ir"
)

// corpus returns n synthetic rules with random conditions, each in its own
// (fictitious) file so errors name the rule.
func corpus(n int, seed uint64) []*ir.Rule {
	g := difftest.NewGenerator(seed)
	rules := make([]*ir.Rule, n)
	for i := range rules {
		g.NewPalette()
		// No log type: the targets read the fields as written (a CloudTrail
		// table has none of the generator's fields).
		r := difftest.NewRule(fmt.Sprintf("Diff.Scale.R%05d", i), g.Condition(1+i%3))
		r.Description = fmt.Sprintf("synthetic rule %d", i)
		r.Tags = []string{"difftest", fmt.Sprintf("group-%d", i%10)}
		r.SummaryAttributes = []string{"a", "s.t"}
		rules[i] = r
	}
	return rules
}

// supported converts rules with conv and drops the rules it reports as
// unsupported (each error names its rule's file), so a corpus of random
// conditions can be converted in one call. Any other error fails the test.
func supported(t testing.TB, conv cli.Converter, rules []*ir.Rule) []*ir.Rule {
	t.Helper()
	byFile := map[string]*ir.Rule{}
	for _, r := range rules {
		byFile[r.File] = r
	}
	// Probe rule by rule in chunks, so one unsupported rule does not hide
	// the others.
	var out []*ir.Rule
	for start := 0; start < len(rules); start += 500 {
		chunk := rules[start:min(start+500, len(rules))]
		for {
			_, err := conv.Convert(chunk)
			if err == nil {
				out = append(out, chunk...)
				break
			}
			drop := map[string]bool{}
			for _, e := range errorsOf(err) {
				if e.Code != ir.CodeUnsupported || byFile[e.File] == nil {
					t.Fatalf("convert --to %s: %v", conv.Name, e)
				}
				drop[e.File] = true
			}
			if len(drop) == 0 {
				t.Fatalf("convert --to %s: %v", conv.Name, err)
			}
			chunk = slices.DeleteFunc(slices.Clone(chunk), func(r *ir.Rule) bool { return drop[r.File] })
		}
	}
	return out
}

func errorsOf(err error) []*ir.Error {
	var l ir.ErrorList
	if errors.As(err, &l) {
		return l
	}
	var e *ir.Error
	if errors.As(err, &e) {
		return []*ir.Error{e}
	}
	return nil
}

func heapInUse() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapInuse
}

func totalSize(files []backends.File) int {
	n := 0
	for _, f := range files {
		n += len(f.Name) + len(f.Data)
	}
	return n
}

// TestScale converts a synthetic corpus of 10,000 rules (1,000 with -short)
// to every target in one call each, as `rulec convert` does: the output is
// complete, memory stays proportional to the output, and it reports rules
// per second per target (figures only; speed is asserted nowhere).
func TestScale(t *testing.T) {
	n := 10000
	if testing.Short() {
		n = 1000
	}
	rules := corpus(n, 11)
	for _, conv := range cli.Converters() {
		t.Run(conv.Name, func(t *testing.T) {
			ok := supported(t, conv, rules)
			before := heapInUse()
			start := time.Now()
			files, err := conv.Convert(ok)
			elapsed := time.Since(start)
			if err != nil {
				t.Fatal(err)
			}
			live := int64(heapInUse()) - int64(before)
			size := totalSize(files)
			names := map[string]bool{}
			for _, f := range files {
				if names[f.Name] {
					t.Errorf("two output files are named %q", f.Name)
				}
				names[f.Name] = true
			}
			if len(files) == 0 || size < len(ok)*10 {
				t.Errorf("%d rules gave %d files, %d bytes", len(ok), len(files), size)
			}
			// What stays live after converting is the output itself and a
			// bounded overhead, not a copy per rule of some table.
			if bound := int64(4*size) + 64<<20; live > bound {
				t.Errorf("%d bytes stay live after converting %d rules into %d bytes (bound %d)", live, len(ok), size, bound)
			}
			runtime.KeepAlive(files)
			t.Logf("%s: %d/%d rules converted (rest unsupported) into %d files, %d bytes; %.0f rules/s; %d MiB live after",
				conv.Name, len(ok), n, len(files), size, float64(len(ok))/elapsed.Seconds(), live>>20)
		})
	}
}

// TestDeterministicOutput converts the same rules twice, and in reverse
// order, to every target: the outputs must be byte-identical.
func TestDeterministicOutput(t *testing.T) {
	rules := corpus(300, 12)
	for _, conv := range cli.Converters() {
		t.Run(conv.Name, func(t *testing.T) {
			ok := supported(t, conv, rules)
			first, err := conv.Convert(ok)
			if err != nil {
				t.Fatal(err)
			}
			again, err := conv.Convert(ok)
			if err != nil {
				t.Fatal(err)
			}
			reversed := slices.Clone(ok)
			slices.Reverse(reversed)
			third, err := conv.Convert(reversed)
			if err != nil {
				t.Fatal(err)
			}
			for name, other := range map[string][]backends.File{"second run": again, "reversed input": third} {
				if diff := diffFiles(first, other); diff != "" {
					t.Errorf("%s differs from the first run: %s", name, diff)
				}
			}
		})
	}
}

func diffFiles(a, b []backends.File) string {
	if len(a) != len(b) {
		return fmt.Sprintf("%d files, then %d", len(a), len(b))
	}
	for i := range a {
		if a[i].Name != b[i].Name {
			return fmt.Sprintf("file %d is %s, then %s", i, a[i].Name, b[i].Name)
		}
		if !bytes.Equal(a[i].Data, b[i].Data) {
			return fmt.Sprintf("%s has different bytes", a[i].Name)
		}
	}
	return ""
}

// BenchmarkConvert reports rules per second per target on a 1,000-rule
// synthetic corpus:
//
//	go test -tags duckdb -run '^$' -bench Convert ./internal/difftest/
func BenchmarkConvert(b *testing.B) {
	rules := corpus(1000, 13)
	for _, conv := range cli.Converters() {
		b.Run(conv.Name, func(b *testing.B) {
			ok := supported(b, conv, rules)
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				if _, err := conv.Convert(ok); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(ok)*b.N)/b.Elapsed().Seconds(), "rules/s")
		})
	}
}

// BenchmarkCheck reports rules per second per checker (compile once, run
// 16 events), the cost of `rulec test` and of the differential batch.
func BenchmarkCheck(b *testing.B) {
	g := difftest.NewGenerator(14)
	type item struct {
		r      *ir.Rule
		events []any
	}
	items := make([]item, 200)
	for i := range items {
		g.NewPalette()
		r := difftest.NewRule(fmt.Sprintf("Diff.Bench.R%d", i), g.Condition(3))
		var evs []any
		for range 16 {
			evs = append(evs, g.EventFor(r.Cond))
		}
		items[i] = item{r, evs}
	}
	for _, c := range allCheckers() {
		b.Run(c.Name(), func(b *testing.B) {
			rules := 0
			for b.Loop() {
				for _, it := range items {
					difftest.Check(c, it.r, it.events)
					rules++
				}
			}
			b.ReportMetric(float64(rules)/b.Elapsed().Seconds(), "rules/s")
		})
	}
}
