package difftest_test

import (
	"reflect"
	"sort"
	"strings"
	"testing"
	"unicode"

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

// TestGeneratorCoverageV2 checks that the generator's version 2 constructs
// test something: each is true on some events and false on others; any and
// all meet arrays where they differ from fan-out (the same condition with
// the quantifier's path prefixed to every path inside); field references
// meet equal pairs, a number against its numeric string, and a missing
// reference; and "~" operators meet values equal only after lowering,
// beyond ASCII among them.
func TestGeneratorCoverageV2(t *testing.T) {
	g := difftest.NewGenerator(11)
	g.V2 = true
	type count struct{ yes, no, apart int }
	by := map[string]*count{}
	add := func(k string, yes bool) *count {
		c := by[k]
		if c == nil {
			c = &count{}
			by[k] = c
		}
		if yes {
			c.yes++
		} else {
			c.no++
		}
		return c
	}
	typed, missingRef, foldOnly, foldNonASCII := 0, 0, 0, 0
	for range 3000 {
		g.NewPalette()
		cond := g.Condition(3)
		for range 10 {
			ev := g.EventFor(cond)
			ir.Walk(cond, func(x ir.Expr) bool {
				switch x := x.(type) {
				case *ir.Quant:
					// Top-level quantifiers only: their paths are the event's.
					c := add(x.Keyword(), ir.Eval(x, ev))
					if ir.Eval(x, ev) != ir.Eval(fanOut(x.X, x.Path.Segs), ev) {
						c.apart++
					}
					return false
				case *ir.FieldPred:
					add("field(G) "+x.Op.String(), ir.Eval(x, ev))
					vals, refs := ir.Lookup(ev, x.Field.Segs), ir.Lookup(ev, x.Ref.Segs)
					if len(refs) == 0 {
						missingRef++
					}
					if x.Op == ir.OpEq && ir.Eval(x, ev) && mixedTypes(vals, refs) {
						typed++
					}
				case *ir.Pred:
					if !x.Op.IsFold() {
						return true
					}
					add(x.Op.String(), ir.Eval(x, ev))
					exact := *x
					exact.Op = x.Op.Exact()
					if exact.Op == ir.OpWildcard {
						gl, err := ir.ParseGlob(x.Str())
						if err != nil {
							return true // only its lowered form is a pattern
						}
						exact.Glob = gl
					}
					if ir.Eval(x, ev) && !ir.Eval(&exact, ev) {
						foldOnly++
						for _, v := range ir.Lookup(ev, x.Field.Segs) {
							if s, ok := v.(string); ok && strings.ContainsFunc(s, func(r rune) bool { return r > 0x7f && unicode.IsLetter(r) }) {
								foldNonASCII++
								break
							}
						}
					}
				}
				return true
			})
		}
	}
	var keys []string
	for k := range by {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		c := by[k]
		t.Logf("%-24s true %5d false %5d differs from fan-out %d", k, c.yes, c.no, c.apart)
		if total := c.yes + c.no; c.yes*50 < total || c.no*50 < total {
			t.Errorf("%s: true on %d of %d events: too rarely one way to test anything", k, c.yes, total)
		}
	}
	for _, k := range []string{"any", "all", "field(G) eq", "field(G) eq~", "field(G) contains~", "eq~", "wildcard~"} {
		if by[k] == nil {
			t.Errorf("%s was never generated", k)
		}
	}
	for _, k := range []string{"any", "all"} {
		if c := by[k]; c != nil && c.apart < 50 {
			t.Errorf("%s differs from fan-out on %d events only", k, c.apart)
		}
	}
	t.Logf("field(G): %d typed equalities, %d missing references; ~: %d values equal only after lowering, %d of them with non-ASCII letters", typed, missingRef, foldOnly, foldNonASCII)
	if typed < 20 || missingRef < 100 || foldOnly < 100 || foldNonASCII < 20 {
		t.Errorf("too few edge cases: %d typed, %d missing, %d fold-only, %d non-ASCII fold-only", typed, missingRef, foldOnly, foldNonASCII)
	}
}

// fanOut rewrites a quantifier's condition to read from the event: every
// path gets base in front, and inner quantifiers dissolve the same way.
func fanOut(e ir.Expr, base []string) ir.Expr {
	switch x := e.(type) {
	case *ir.And:
		xs := make([]ir.Expr, len(x.Xs))
		for i, c := range x.Xs {
			xs[i] = fanOut(c, base)
		}
		return &ir.And{Xs: xs}
	case *ir.Or:
		xs := make([]ir.Expr, len(x.Xs))
		for i, c := range x.Xs {
			xs[i] = fanOut(c, base)
		}
		return &ir.Or{Xs: xs}
	case *ir.Not:
		return &ir.Not{X: fanOut(x.X, base), Form: x.Form}
	case *ir.Pred:
		p := *x
		p.Field = ir.JoinPath(base, x.Field)
		return &p
	case *ir.FieldPred:
		p := *x
		p.Field, p.Ref = ir.JoinPath(base, x.Field), ir.JoinPath(base, x.Ref)
		return &p
	case *ir.Quant:
		return fanOut(x.X, ir.JoinPath(base, x.Path).Segs)
	}
	return e
}

// mixedTypes reports whether one side holds a JSON number and the other a
// string.
func mixedTypes(a, b []any) bool {
	has := func(vs []any, num bool) bool {
		for _, v := range vs {
			if _, isStr := v.(string); (num && ir.IsNumber(v)) || (!num && isStr) {
				return true
			}
		}
		return false
	}
	return (has(a, true) && has(b, false)) || (has(a, false) && has(b, true))
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
