// Package bench measures rulec's matchers on synthetic CloudTrail events
// (internal/synth, about 1.4 KB each): the generated Go package for rules/
// (internal/gen/matchers), the `rulec scan` evaluator (also with every
// string operator case-insensitive, as Sigma content is), sigma-go on the
// Sigma backend's output, and two baselines: gjson reading three fields and
// encoding/json decoding each event into a map.
//
//	go test ./internal/bench -run '^$' -bench . -benchmem -cpu 1,2
//
// Every benchmark reports events/s; the -cpu 2 runs of the Parallel
// benchmarks give the two-worker scaling (events/s; events/cpu-s sums both
// cores). Speed goals live here only, never in tests.
package bench

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bradleyjkemp/sigma-go"
	"github.com/bradleyjkemp/sigma-go/evaluator"
	"github.com/tidwall/gjson"

	sigmabackend "github.com/rulec/rulec/backends/sigma"
	"github.com/rulec/rulec/internal/gen/matchers"
	"github.com/rulec/rulec/internal/scan"
	"github.com/rulec/rulec/internal/synth"
	"github.com/rulec/rulec/internal/testutil"
	"github.com/rulec/rulec/ir"
)

const numEvents = 20000

var (
	eventsOnce sync.Once
	events     [][]byte
	eventBytes int64
)

// corpus returns the synthetic events every benchmark cycles through.
func corpus() [][]byte {
	eventsOnce.Do(func() {
		g := synth.New(1)
		for i := 0; i < numEvents; i++ {
			e := g.Append(nil)
			events = append(events, e)
			eventBytes += int64(len(e))
		}
	})
	return events
}

// run times f over the corpus and reports events/s and bytes/s.
func run(b *testing.B, f func(event []byte)) {
	evs := corpus()
	b.SetBytes(eventBytes / int64(len(evs)))
	b.ReportAllocs()
	b.ResetTimer()
	start, cpu := time.Now(), cpuTime()
	for i := 0; i < b.N; i++ {
		f(evs[i%len(evs)])
	}
	report(b, start, cpu)
}

// report adds events/s (wall time) and events/cpu-s (CPU time of the
// process, which a loaded machine does not inflate).
func report(b *testing.B, start time.Time, cpu time.Duration) {
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "events/s")
	if used := cpuTime() - cpu; used > 0 {
		b.ReportMetric(float64(b.N)/used.Seconds(), "events/cpu-s")
	}
}

// runParallel is run on GOMAXPROCS goroutines (set with -cpu).
func runParallel(b *testing.B, newWorker func() func(event []byte)) {
	evs := corpus()
	b.SetBytes(eventBytes / int64(len(evs)))
	b.ReportAllocs()
	b.ResetTimer()
	start, cpu := time.Now(), cpuTime()
	b.RunParallel(func(pb *testing.PB) {
		f := newWorker()
		i := 0
		for pb.Next() {
			f(evs[i%len(evs)])
			i += 7
		}
	})
	report(b, start, cpu)
}

// cloudTrailRules returns the CloudTrail rules of rules/.
func cloudTrailRules(tb testing.TB) []*ir.Rule {
	var out []*ir.Rule
	for _, r := range testutil.LoadRules(tb, testutil.BundledRules()) {
		if slices.Contains(r.LogTypes, "AWS.CloudTrail") {
			out = append(out, r)
		}
	}
	if len(out) == 0 {
		tb.Fatal("no CloudTrail rules in rules/")
	}
	return out
}

func generatedWorker() func([]byte) {
	m := matchers.NewMatcher()
	return func(e []byte) {
		if _, err := m.Match(e); err != nil {
			panic(err)
		}
	}
}

// BenchmarkGenerated: every rule of rules/ (all CloudTrail rules among
// them), through the generated package's dispatching Match.
func BenchmarkGenerated(b *testing.B) { run(b, generatedWorker()) }

func BenchmarkGeneratedParallel(b *testing.B) { runParallel(b, generatedWorker) }

func scanWorker(p *scan.Program) func() func([]byte) {
	return func() func([]byte) {
		ev := p.NewEvent()
		var hits []int
		return func(e []byte) {
			if err := ev.Reset(e); err != nil {
				panic(err)
			}
			hits = p.Match(ev, hits[:0])
		}
	}
}

// BenchmarkScanEvaluator: the CloudTrail rules of rules/, compiled at load
// time as `rulec scan` does (reading the event included).
func BenchmarkScanEvaluator(b *testing.B) {
	p, err := scan.Compile(cloudTrailRules(b))
	if err != nil {
		b.Fatal(err)
	}
	run(b, scanWorker(p)())
}

// BenchmarkScanEvaluatorFold: the same rules with every string operator
// made case-insensitive (eq~, in~, contains~, starts_with~, ends_with~,
// wildcard~), as rules read from Sigma are: the cost of folding.
func BenchmarkScanEvaluatorFold(b *testing.B) {
	var rules []*ir.Rule
	for _, r := range cloudTrailRules(b) {
		c := *r
		c.Cond = foldAll(r.Cond)
		rules = append(rules, &c)
	}
	p, err := scan.Compile(rules)
	if err != nil {
		b.Fatal(err)
	}
	run(b, scanWorker(p)())
}

// foldAll returns e with each operator that has a "~" form replaced by it.
func foldAll(e ir.Expr) ir.Expr {
	switch x := e.(type) {
	case *ir.And:
		out := &ir.And{At: x.At}
		for _, c := range x.Xs {
			out.Xs = append(out.Xs, foldAll(c))
		}
		return out
	case *ir.Or:
		out := &ir.Or{At: x.At}
		for _, c := range x.Xs {
			out.Xs = append(out.Xs, foldAll(c))
		}
		return out
	case *ir.Not:
		return &ir.Not{At: x.At, X: foldAll(x.X), Form: x.Form}
	case *ir.Pred:
		if f := x.Op.Fold(); f != ir.OpInvalid {
			p := *x
			p.Op = f
			if f == ir.OpWildcardFold {
				g, err := ir.CompileGlob(f, x.Glob.String())
				if err != nil {
					panic(err)
				}
				p.Glob = g
			}
			return &p
		}
	}
	return e
}

func BenchmarkScanEvaluatorParallel(b *testing.B) {
	p, err := scan.Compile(cloudTrailRules(b))
	if err != nil {
		b.Fatal(err)
	}
	runParallel(b, scanWorker(p))
}

// sigmaGoRules emits Sigma for the CloudTrail rules of rules/ with the
// Sigma backend and keeps those sigma-go v0.6.6 reads as the backend means
// them: no threshold (correlation), none of the modifiers sigma-go lacks
// (exists, cased, i, m, s: the rules are emitted case-insensitive), no
// wildcard or escape characters in values. Nested fields are read through a
// field mapping to JSONPath, sigma-go's way to reach them.
func sigmaGoRules(tb testing.TB) ([]sigma.Rule, sigma.Config) {
	cfg := sigma.Config{FieldMappings: map[string]sigma.FieldMapping{}}
	var out []sigma.Rule
	for _, r := range cloudTrailRules(tb) {
		if r.Threshold > 1 {
			continue
		}
		data, err := sigmabackend.Convert(r, sigmabackend.Options{Case: sigmabackend.CaseInsensitive})
		if err != nil {
			continue
		}
		rule, err := sigma.ParseRule(data)
		if err != nil || !sigmaGoCanJudge(rule) {
			continue
		}
		for _, s := range rule.Detection.Searches {
			for _, em := range s.EventMatchers {
				for _, fm := range em {
					if strings.Contains(fm.Field, ".") {
						cfg.FieldMappings[fm.Field] = sigma.FieldMapping{TargetNames: []string{"$." + fm.Field}}
					}
				}
			}
		}
		out = append(out, rule)
	}
	if len(out) == 0 {
		tb.Fatal("sigma-go can judge none of the emitted rules")
	}
	return out, cfg
}

func sigmaGoCanJudge(r sigma.Rule) bool {
	for _, s := range r.Detection.Searches {
		if len(s.Keywords) > 0 {
			return false
		}
		for _, em := range s.EventMatchers {
			for _, fm := range em {
				for _, m := range fm.Modifiers {
					switch m {
					case "exists", "cased", "i", "m", "s":
						return false
					}
				}
				for _, v := range fm.Values {
					if str, ok := v.(string); ok && strings.ContainsAny(str, `*?\`) {
						return false
					}
				}
			}
		}
	}
	return true
}

func sigmaWorker(bundle evaluator.RuleEvaluatorBundle) func([]byte) {
	ctx := context.Background()
	return func(e []byte) {
		var doc map[string]any
		if err := json.Unmarshal(e, &doc); err != nil {
			panic(err)
		}
		if _, err := bundle.Matches(ctx, doc); err != nil {
			panic(err)
		}
	}
}

// BenchmarkSigmaGo: sigma-go v0.6.6 on the emitted Sigma of every CloudTrail
// rule it can judge (decoding each event into a map, as sigma-go requires),
// in its case-sensitive mode, which is the IR's (sigma-go has no |cased);
// BenchmarkSigmaGo1Rule: the first of them alone.
func BenchmarkSigmaGo(b *testing.B) {
	rules, cfg := sigmaGoRules(b)
	run(b, sigmaWorker(evaluator.ForRules(rules, evaluator.CaseSensitive, evaluator.WithConfig(cfg))))
	b.ReportMetric(float64(len(rules)), "rules")
}

func BenchmarkSigmaGo1Rule(b *testing.B) {
	rules, cfg := sigmaGoRules(b)
	run(b, sigmaWorker(evaluator.ForRules(rules[:1], evaluator.CaseSensitive, evaluator.WithConfig(cfg))))
}

// BenchmarkGJSONThreeFields: the lazy-reader floor, three fields per event.
func BenchmarkGJSONThreeFields(b *testing.B) {
	var sink int
	run(b, func(e []byte) {
		r := gjson.GetManyBytes(e, "eventSource", "eventName", "errorCode")
		sink += len(r[0].Str) + len(r[1].Str) + len(r[2].Str)
	})
	_ = sink
}

// BenchmarkJSONDecodeMap: encoding/json decoding every event into a map.
func BenchmarkJSONDecodeMap(b *testing.B) {
	run(b, func(e []byte) {
		var doc map[string]any
		if err := json.Unmarshal(e, &doc); err != nil {
			panic(err)
		}
	})
}
