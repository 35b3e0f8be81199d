package difftest_test

import (
	"reflect"
	"testing"

	"github.com/rulec/rulec/backends"
	"github.com/rulec/rulec/internal/difftest"
	"github.com/rulec/rulec/ir"
	"github.com/rulec/rulec/schema"
)

// TestGeneratorCoverage checks that the generator reaches the whole language:
// every operator is generated and is true on some events and false on
// others, so a backend's mistake on any operator can show.
func TestGeneratorCoverage(t *testing.T) {
	g := difftest.NewGenerator(42)
	g.V2 = true
	type count struct{ yes, no int }
	byOp := map[ir.Op]*count{}
	for range 3000 {
		g.NewPalette()
		p := g.Pred()
		events := make([]any, 20)
		for i := range events {
			if i%2 == 0 {
				events[i] = g.EventFor(p)
			} else {
				events[i] = g.Event()
			}
		}
		c := byOp[p.Op]
		if c == nil {
			c = &count{}
			byOp[p.Op] = c
		}
		for _, ev := range events {
			if ir.Eval(p, ev) {
				c.yes++
			} else {
				c.no++
			}
		}
	}
	for _, op := range ir.Ops() {
		c := byOp[op]
		if c == nil {
			t.Errorf("%v: never generated", op)
			continue
		}
		t.Logf("%-12v true %5d false %5d", op, c.yes, c.no)
		// Each operator must be true often enough to catch a backend that
		// never matches (and false often enough for one that always does).
		if total := c.yes + c.no; c.yes*50 < total || c.no*50 < total {
			t.Errorf("%v: true on %d of %d events: too rarely one way to test anything", op, c.yes, total)
		}
	}
}

// TestGeneratorDeterministic: the same seed gives the same rules and events.
func TestGeneratorDeterministic(t *testing.T) {
	gen := func() (conds []string, events []any) {
		g := difftest.NewGenerator(7)
		for i := range 50 {
			g.Direct = i%2 == 0
			conds = append(conds, ir.Dump(g.Condition(4)))
			events = append(events, g.Event())
		}
		return
	}
	c1, e1 := gen()
	c2, e2 := gen()
	if !reflect.DeepEqual(c1, c2) || !reflect.DeepEqual(e1, e2) {
		t.Fatal("two generators with the same seed differ")
	}
}

// brokenNe is a checker with the classic SQL bug: a negated predicate is
// false when its field is missing (three-valued logic leaking out).
type brokenNe struct{}

func (brokenNe) Name() string { return "broken" }

func (brokenNe) Compile(r *ir.Rule) (backends.Program, error) {
	for _, p := range ir.Preds(r.Cond) {
		if p.Op == ir.OpCIDR {
			return nil, ir.Unsupported(r, p.At, "broken", "cidr")
		}
	}
	return brokenProgram{r.Cond}, nil
}

type brokenProgram struct{ cond ir.Expr }

func (p brokenProgram) Eval(logs []any) ([]bool, error) {
	out := make([]bool, len(logs))
	for i, l := range logs {
		out[i] = evalThreeValued(p.cond, l)
	}
	return out, nil
}

func evalThreeValued(e ir.Expr, doc any) bool {
	switch x := e.(type) {
	case *ir.And:
		for _, c := range x.Xs {
			if !evalThreeValued(c, doc) {
				return false
			}
		}
		return true
	case *ir.Or:
		for _, c := range x.Xs {
			if evalThreeValued(c, doc) {
				return true
			}
		}
		return false
	case *ir.Not:
		if p, ok := x.X.(*ir.Pred); ok && len(ir.Lookup(doc, p.Field.Segs)) == 0 {
			return false
		}
		return !evalThreeValued(x.X, doc)
	}
	return ir.Eval(e, doc)
}

// TestHarnessCatchesBrokenChecker proves the harness can fail: a checker
// with a known bug is caught, skipped where it reports unsupported, and its
// disagreement shrinks to a one-predicate condition on a small event.
func TestHarnessCatchesBrokenChecker(t *testing.T) {
	g := difftest.NewGenerator(3)
	var st difftest.Stats
	var found []difftest.Disagreement
	for range 200 {
		g.NewPalette()
		r := difftest.NewRule("Diff.Broken", g.Condition(3))
		events := []any{g.Event(), g.Event(), g.Event(), map[string]any{}}
		found = append(found, difftest.Run([]backends.Checker{brokenNe{}}, r, events, &st)...)
	}
	c := st.Per["broken"]
	if len(found) == 0 || c.Failed == 0 {
		t.Fatalf("the broken checker was not caught: %v", st)
	}
	if c.Unsupported == 0 {
		t.Errorf("no rule with cidr was reported unsupported: %v", st)
	}
	d := found[0]
	cond, ev := difftest.Minimize(brokenNe{}, "Diff.Broken", d.Rule.Cond, d.Event)
	if !difftest.Fails(brokenNe{}, "Diff.Broken", cond, ev) {
		t.Fatalf("minimised case %s on %v no longer fails", ir.Format(cond), ev)
	}
	if n := len(ir.Preds(cond)); n != 1 {
		t.Errorf("minimised to %d predicates (%s), want 1", n, ir.Format(cond))
	}
	if m, ok := ev.(map[string]any); !ok || len(m) != 0 {
		t.Errorf("minimised event %v, want {} (the bug is about missing fields)", ev)
	}
	reg, err := difftest.NewRegression("broken", cond, ev, "test")
	if err != nil {
		t.Fatal(err)
	}
	path, err := reg.Write(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	back, _, err := difftest.ReadRegressions(dirOf(path))
	if err != nil || len(back) != 1 {
		t.Fatalf("reading back %s: %v %v", path, back, err)
	}
	for _, r := range back {
		pc, pev, err := r.Parse()
		if err != nil || !difftest.Fails(brokenNe{}, "Diff.Broken", pc, pev) {
			t.Errorf("saved case %s does not fail when replayed: %v", r.Condition, err)
		}
	}
	t.Logf("%v; minimised: %s on %v", st, ir.Format(cond), ev)
}

func dirOf(path string) string {
	for i := len(path) - 1; i >= 0; i-- {
		if path[i] == '/' {
			return path[:i]
		}
	}
	return "."
}

// vagueUnsupported reports every rule unsupported without a position.
type vagueUnsupported struct{}

func (vagueUnsupported) Name() string { return "vague" }

func (vagueUnsupported) Compile(r *ir.Rule) (backends.Program, error) {
	return nil, &ir.Error{Code: ir.CodeUnsupported, Msg: "cidr is not supported"}
}

// TestUnsupportedMustBePositioned: on a parsed rule, an unsupported error
// must carry the rule's file, a line and column, and its ID.
func TestUnsupportedMustBePositioned(t *testing.T) {
	r := parsedRule(t, "Diff.Pos", &ir.Pred{Field: ir.ParsePath("ip"), Op: ir.OpCIDR, Args: []ir.Value{ir.String("10.0.0.0/8")}})
	var st difftest.Stats
	if ds := difftest.Run([]backends.Checker{brokenNe{}}, r, []any{map[string]any{}}, &st); len(ds) != 0 || st.Per["broken"].Unsupported != 1 {
		t.Errorf("a positioned unsupported error was not accepted: %v %v", ds, st)
	}
	if ds := difftest.Run([]backends.Checker{vagueUnsupported{}}, r, []any{map[string]any{}}, &st); len(ds) != 1 {
		t.Errorf("an unsupported error without position was accepted: %v", st)
	}
}

// Events drawn from a log type's schema fit it, for every shipped log type,
// and conditions drawn from its paths read declared fields (or the open
// member).
func TestSchemaEventsFit(t *testing.T) {
	for _, lt := range schema.Builtin().LogTypes() {
		g := difftest.NewGenerator(3)
		g.Paths = difftest.SchemaPaths(lt.Root)
		for i := range 50 {
			cond := g.Condition(2)
			for _, ev := range []map[string]any{g.SchemaEvent(lt.Root), g.SchemaEventFor(lt, cond)} {
				if m := lt.Check(ev); len(m) > 0 {
					t.Fatalf("%s event %d: %v", lt.Name, i, m)
				}
			}
			for _, p := range ir.Preds(cond) {
				steps := lt.Resolve(p.Field.Segs)
				if last := steps[len(steps)-1]; last.Type == nil && !last.Free {
					t.Fatalf("%s: condition path %v cannot occur", lt.Name, p.Field.Segs)
				}
			}
		}
	}
}
