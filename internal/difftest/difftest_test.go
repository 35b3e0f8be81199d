package difftest_test

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/rulec/rulec/backends"
	"github.com/rulec/rulec/internal/cli"
	"github.com/rulec/rulec/internal/difftest"
	"github.com/rulec/rulec/ir"
	"github.com/rulec/rulec/parser"
)

// regressDir holds the minimised disagreements every run replays.
const regressDir = "testdata/regress"

// allCheckers is the parser round trip plus every registered backend. A
// checker that compiles batches (the go target builds the real package) is
// also run rule by rule through its Compile (the go target's interpreter of
// the generated source), so both paths are tested.
func allCheckers() []backends.Checker {
	cs := []backends.Checker{difftest.RoundTrip{}}
	for _, c := range cli.Checkers() {
		cs = append(cs, c)
		if _, ok := c.(backends.BatchChecker); ok {
			cs = append(cs, difftest.OneByOne{Checker: c})
		}
	}
	return cs
}

func envInt(t testing.TB, name string, def uint64) uint64 {
	s := os.Getenv(name)
	if s == "" {
		return def
	}
	n, err := strconv.ParseUint(s, 10, 64)
	if err != nil {
		t.Fatalf("%s=%q: want a non-negative integer", name, s)
	}
	return n
}

// edgeEvents are added to every rule's random events: the empty event and
// events whose every top-level member is one edge value.
func edgeEvents() []any {
	out := []any{map[string]any{}}
	for _, v := range []any{nil, "", []any{}, map[string]any{}} {
		m := map[string]any{}
		for _, k := range []string{"a", "b", "n", "ip", "tags", "s", "objs", "deep", "x-y", "@ts", "$k", "k:v", "0lead"} {
			m[k] = v
		}
		out = append(out, m)
	}
	return out
}

// eventsPerRule is how many random events each generated rule meets.
const eventsPerRule = 12

// batchSize is how many rules go to the checkers at once (the go target
// builds one program per batch).
const batchSize = 500

// runBatch generates n rules from seed, runs them through every checker and
// reports each disagreement, minimised and saved as a regression case.
func runBatch(t *testing.T, seed, n uint64) difftest.Stats {
	checkers := allCheckers()
	g := difftest.NewGenerator(seed)
	g.V2 = true
	var st difftest.Stats
	reported := map[string]int{}
	var cases []difftest.Case
	flush := func() {
		for _, d := range difftest.RunCases(checkers, cases, &st) {
			// A broken backend fails on most rules; a few minimised cases
			// per checker are enough to fix it.
			if reported[d.Checker]++; reported[d.Checker] > 3 {
				continue
			}
			report(t, checkers, d, fmt.Sprintf("seed %d, rule %s", seed, d.Rule.ID))
		}
		cases = cases[:0]
	}
	for i := range n {
		g.Direct = i%3 == 2
		g.NewPalette()
		id := fmt.Sprintf("Diff.S%d.R%d", seed, i)
		cond := g.Condition(1 + int(i%4))
		events := edgeEvents()
		for j := range eventsPerRule {
			if j%2 == 0 {
				events = append(events, g.EventFor(cond))
			} else {
				events = append(events, g.Event())
			}
		}
		r := difftest.NewRule(id, cond)
		if i%3 == 1 {
			// Hand backends the parsed tree too: its nodes carry positions,
			// which unsupported errors must report.
			r = parsedRule(t, id, cond)
		}
		cases = append(cases, difftest.Case{Rule: r, Events: events})
		if len(cases) == batchSize {
			flush()
		}
	}
	flush()
	return st
}

// runCases runs cases through every checker and reports each disagreement.
func runCases(t *testing.T, cases []difftest.Case, where func(*ir.Rule) string) difftest.Stats {
	t.Helper()
	checkers := allCheckers()
	var st difftest.Stats
	reported := map[string]int{}
	for _, d := range difftest.RunCases(checkers, cases, &st) {
		if reported[d.Checker]++; reported[d.Checker] > 3 {
			continue
		}
		report(t, checkers, d, where(d.Rule))
	}
	return st
}

// parsedRule is the rule the parser gives for cond's text.
func parsedRule(t *testing.T, id string, cond ir.Expr) *ir.Rule {
	t.Helper()
	r := difftest.NewRule(id, cond)
	parsed, errs := parser.ParseConditionText(r.CondText, ir.Pos{Line: 1, Col: 1}, parser.ConditionOptions{File: r.File})
	if len(errs) > 0 {
		t.Fatalf("%s: %v", r.CondText, errs)
	}
	r.Cond = parsed
	return r
}

// report minimises a disagreement, saves it and fails the test.
func report(t *testing.T, checkers []backends.Checker, d difftest.Disagreement, where string) {
	t.Helper()
	var c backends.Checker
	for _, x := range checkers {
		if x.Name() == d.Checker {
			c = x
		}
	}
	event := d.Event
	if d.Err != nil && len(d.Events) > 1 {
		// An error may come from one event only: find one that fails alone.
		conds := make([]ir.Expr, len(d.Events))
		for i := range conds {
			conds[i] = d.Rule.Cond
		}
		if i := difftest.FirstFailing(c, d.Rule.ID, conds, d.Events); i >= 0 {
			event = d.Events[i]
		}
	}
	cond, ev := difftest.Minimize(c, d.Rule.ID, d.Rule.Cond, event)
	what := "wrong result"
	if d.Err != nil {
		what = "error: " + firstLine(d.Err.Error())
	}
	reg, err := difftest.NewRegression(d.Checker, cond, ev, fmt.Sprintf("differential %s: %s", where, what))
	if err != nil {
		t.Errorf("%s\n  (cannot save: %v)", d, err)
		return
	}
	// The saved case is replayed from its text: make sure the text still
	// shows the disagreement before saving it.
	parsed, pev, err := reg.Parse()
	if err != nil || !difftest.Fails(c, d.Rule.ID, parsed, pev) {
		t.Errorf("%s\n  minimised to %s on %s, which does not fail once parsed back (direct IR shape only?): %v", d, reg.Condition, reg.Event, err)
		return
	}
	path, err := reg.Write(regressDir)
	if err != nil {
		t.Errorf("%s\n  (cannot save: %v)", d, err)
		return
	}
	t.Errorf("%s\n  minimised: %s\n  on event %s (ir.Eval %v)\n  saved as %s", d, reg.Condition, reg.Event, reg.Expected, path)
}

func firstLine(s string) string {
	for i, c := range s {
		if c == '\n' {
			return s[:i]
		}
	}
	return s
}

// TestDifferential runs a fixed-seed batch of random rules and events
// through ir.Eval and every checker. DIFF_SEED and DIFF_N change the batch:
//
//	DIFF_SEED=7 DIFF_N=20000 go test -tags duckdb -run TestDifferential -v ./internal/difftest/
func TestDifferential(t *testing.T) {
	seed := envInt(t, "DIFF_SEED", 1)
	n := envInt(t, "DIFF_N", 100)
	st := runBatch(t, seed, n)
	t.Logf("seed %d: %v", seed, st)
	// The batch must exercise something: every checker must have agreed on
	// some events, or it silently reported everything as unsupported.
	for name, c := range st.Per {
		if c.Agreed == 0 && c.Failed == 0 {
			t.Errorf("%s: no case was supported (%d unsupported): the batch tests nothing", name, c.Unsupported)
		}
	}
}

// FuzzDifferential lets the fuzzer pick generator seeds; each seed is one
// random rule with its events:
//
//	go test -tags duckdb -run '^$' -fuzz FuzzDifferential -fuzztime 10m ./internal/difftest/
func FuzzDifferential(f *testing.F) {
	// One seed: plain `go test` runs it, and a backend that builds a program
	// per rule (go) makes each costly; the fuzzer adds the rest.
	f.Add(uint64(1))
	checkers := allCheckers()
	f.Fuzz(func(t *testing.T, seed uint64) {
		g := difftest.NewGenerator(seed)
		g.Direct = seed%3 == 0
		g.V2 = true
		r := difftest.NewRule(fmt.Sprintf("Diff.F%d", seed), g.Condition(4))
		events := edgeEvents()
		for range eventsPerRule {
			events = append(events, g.EventFor(r.Cond))
		}
		var st difftest.Stats
		for _, d := range difftest.Run(checkers, r, events, &st) {
			report(t, checkers, d, fmt.Sprintf("fuzz seed %d", seed))
		}
	})
}

// TestRegressions replays every saved disagreement through every checker.
func TestRegressions(t *testing.T) {
	regs, names, err := difftest.ReadRegressions(regressDir)
	if err != nil {
		t.Fatal(err)
	}
	var cases []difftest.Case
	byID := map[string]string{}
	for _, name := range names {
		reg := regs[name]
		cond, ev, err := reg.Parse()
		if err != nil {
			t.Errorf("%s: condition %q: %v", name, reg.Condition, err)
			continue
		}
		if got := ir.Eval(cond, ev); got != reg.Expected {
			t.Errorf("%s: ir.Eval(%s) on %s = %v, the case says %v: the semantics changed; review the case", name, reg.Condition, reg.Event, got, reg.Expected)
			continue
		}
		id := "Diff.Regress." + strings.TrimSuffix(name, ".json")
		byID[id] = name
		cases = append(cases, difftest.Case{Rule: difftest.NewRule(id, cond), Events: []any{ev}})
	}
	var st difftest.Stats
	for _, d := range difftest.RunCases(allCheckers(), cases, &st) {
		reg := regs[byID[d.Rule.ID]]
		t.Errorf("%s: %s\n  (found by %s: %s)", byID[d.Rule.ID], d, reg.Checker, reg.Found)
	}
	t.Logf("%d cases: %v", len(cases), st)
}
