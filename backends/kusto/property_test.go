package kusto_test

import (
	"fmt"
	"os"
	"strconv"
	"testing"

	"github.com/rulec/rulec/backends"
	"github.com/rulec/rulec/backends/kusto"
	"github.com/rulec/rulec/internal/difftest"
)

// TestDifferentialKusto runs generated conditions over the whole language
// and generated edge events through the kusto checker alone and compares
// with ir.Eval: KUSTO_DIFF_N rules (default 300) from KUSTO_DIFF_SEED
// (default 1). internal/difftest runs the same checker with the others.
func TestDifferentialKusto(t *testing.T) {
	n, seed := envUint(t, "KUSTO_DIFF_N", 300), envUint(t, "KUSTO_DIFF_SEED", 1)
	g := difftest.NewGenerator(seed)
	checkers := []backends.Checker{kusto.Checker{}}
	var st difftest.Stats
	var cases []difftest.Case
	failures := 0
	flush := func() {
		for _, d := range difftest.RunCases(checkers, cases, &st) {
			if failures++; failures <= 5 {
				t.Error(d)
			}
		}
		cases = cases[:0]
	}
	for i := range n {
		g.NewPalette()
		g.V2 = i%2 == 1
		g.Direct = i%3 == 2
		cond := g.Condition(1 + int(i%4))
		events := []any{map[string]any{}}
		for j := range 12 {
			if j%2 == 0 {
				events = append(events, g.EventFor(cond))
			} else {
				events = append(events, g.Event())
			}
		}
		cases = append(cases, difftest.Case{Rule: difftest.NewRule(fmt.Sprintf("K.%d", i), cond), Events: events})
		if len(cases) == 500 {
			flush()
		}
	}
	flush()
	t.Logf("seed %d: %s", seed, st)
}

func envUint(t *testing.T, name string, def uint64) uint64 {
	s := os.Getenv(name)
	if s == "" {
		return def
	}
	v, err := strconv.ParseUint(s, 10, 64)
	if err != nil {
		t.Fatalf("%s=%q: want a non-negative integer", name, s)
	}
	return v
}
