package kql_test

import (
	"fmt"
	"testing"

	"github.com/rulec/rulec/backends"
	"github.com/rulec/rulec/backends/kql"
	"github.com/rulec/rulec/internal/difftest"
)

// TestDifferentialKQL runs the shared differential generator's random rules
// and events (missing members, null, "", [], {}, numbers, booleans and
// objects at any path) through the kql and eql checkers alone, so this
// package's changes are checked quickly; internal/difftest runs every
// backend.
func TestDifferentialKQL(t *testing.T) {
	checkers := []backends.Checker{kql.Checker{Profile: kql.Raw}, kql.EQLChecker{}}
	var st difftest.Stats
	failures := 0
	for seed := uint64(1); seed <= 3; seed++ {
		g := difftest.NewGenerator(seed)
		for i := range uint64(400) {
			g.Direct = i%3 == 2
			g.NewPalette()
			cond := g.Condition(1 + int(i%4))
			events := []any{map[string]any{}}
			for j := range 12 {
				if j%2 == 0 {
					events = append(events, g.EventFor(cond))
				} else {
					events = append(events, g.Event())
				}
			}
			r := difftest.NewRule(fmt.Sprintf("Diff.S%d.R%d", seed, i), cond)
			for _, d := range difftest.Run(checkers, r, events, &st) {
				if failures++; failures <= 10 {
					c, ev := difftest.Minimize(pick(checkers, d.Checker), r.ID, d.Rule.Cond, d.Event)
					t.Errorf("%s\n  minimised: %v on %s", d, c, mustJSON(ev))
				}
			}
		}
	}
	t.Logf("%v", st)
}

func pick(cs []backends.Checker, name string) backends.Checker {
	for _, c := range cs {
		if c.Name() == name {
			return c
		}
	}
	return nil
}

func mustJSON(v any) string {
	b, err := difftest.MarshalEvent(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}
