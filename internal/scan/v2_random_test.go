package scan_test

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/rulec/rulec/backends/golang"
	"github.com/rulec/rulec/internal/testutil"
	"github.com/rulec/rulec/ir"
)

// v2Gen draws random version 2 conditions: "~" operators on the hostile
// case-folding characters, quantifiers (nested, with @) and field
// references, over the edge events' keys.
type v2Gen struct{ rng *rand.Rand }

var (
	v2Keys    = []string{"a", "b", "c", "tags", "eventName"}
	v2Strings = []string{"x", "X", "K", "\u212a", "k", "İ", "i", "ı", "ſ", "s", "ß", "SS", "Σ", "σ", "ς", "403", "TRUE", "true", "", "xK", "rest.get.object", "ab"}
	v2Ops     = []ir.Op{ir.OpEq, ir.OpEqFold, ir.OpIn, ir.OpInFold, ir.OpContains, ir.OpContainsFold, ir.OpStartsWith,
		ir.OpStartsWithFold, ir.OpEndsWith, ir.OpEndsWithFold, ir.OpWildcard, ir.OpWildcardFold, ir.OpIsNull, ir.OpGt}
	v2RefOps = []ir.Op{ir.OpEq, ir.OpEqFold, ir.OpContains, ir.OpContainsFold, ir.OpStartsWith, ir.OpStartsWithFold, ir.OpEndsWith, ir.OpEndsWithFold}
	v2Globs  = []string{"*", "x*", "*K", "?", "[A-Z]*", "*σ*", "[!x]?", "İ*"}
)

func (g *v2Gen) path(inScope bool) ir.Path {
	if inScope && g.rng.IntN(4) == 0 {
		return ir.Path{}
	}
	segs := []string{v2Keys[g.rng.IntN(len(v2Keys))]}
	if g.rng.IntN(3) == 0 {
		segs = append(segs, v2Keys[g.rng.IntN(3)])
	}
	return ir.Path{Segs: segs}
}

func (g *v2Gen) value() ir.Value {
	switch g.rng.IntN(6) {
	case 0:
		n, _ := ir.NewNumber([]string{"403", "50", "4.03e2"}[g.rng.IntN(3)])
		return n
	case 1:
		return ir.Bool(g.rng.IntN(2) == 0)
	}
	return ir.String(v2Strings[g.rng.IntN(len(v2Strings))])
}

func (g *v2Gen) expr(depth int, inScope bool) ir.Expr {
	r := g.rng.IntN(10)
	if depth <= 0 {
		r = 5 + g.rng.IntN(5)
	}
	switch {
	case r < 2:
		return &ir.And{Xs: []ir.Expr{g.expr(depth-1, inScope), g.expr(depth-1, inScope)}}
	case r < 3:
		return &ir.Or{Xs: []ir.Expr{g.expr(depth-1, inScope), g.expr(depth-1, inScope)}}
	case r < 4:
		return &ir.Not{X: g.expr(depth-1, inScope)}
	case r < 5:
		p := g.path(false)
		return &ir.Quant{All: g.rng.IntN(2) == 0, Path: p, X: g.expr(depth-1, true)}
	case r < 7:
		f, ref := g.path(inScope), g.path(false)
		return &ir.FieldPred{Field: f, Op: v2RefOps[g.rng.IntN(len(v2RefOps))], Ref: ref}
	}
	p := &ir.Pred{Field: g.path(inScope), Op: v2Ops[g.rng.IntN(len(v2Ops))]}
	switch p.Op.Arity() {
	case ir.ArityOne:
		switch {
		case p.Op == ir.OpWildcard || p.Op == ir.OpWildcardFold:
			src := v2Globs[g.rng.IntN(len(v2Globs))]
			glob, err := ir.CompileGlob(p.Op, src)
			if err != nil {
				panic(err)
			}
			p.Args, p.Glob = []ir.Value{ir.String(src)}, glob
		case p.Op.IsStringOp():
			p.Args = []ir.Value{ir.String(v2Strings[g.rng.IntN(len(v2Strings))])}
		default:
			p.Args = []ir.Value{g.value()}
		}
	case ir.ArityList:
		for n := 1 + g.rng.IntN(3); n > 0; n-- {
			p.Args = append(p.Args, g.value())
		}
	}
	return p
}

// event draws a JSON event over the same keys and hostile strings, with
// nested objects and arrays of them, so that field pairs and elements meet
// the conditions' literals often.
func (g *v2Gen) event(depth int) any {
	obj := map[string]any{}
	for n := 1 + g.rng.IntN(4); n > 0; n-- {
		obj[v2Keys[g.rng.IntN(3)]] = g.jsonValue(depth + 1)
	}
	return obj
}

func (g *v2Gen) jsonValue(depth int) any {
	r := g.rng.IntN(12)
	if depth > 2 && r >= 9 {
		r = g.rng.IntN(9)
	}
	switch {
	case r < 3:
		return v2Strings[g.rng.IntN(len(v2Strings))]
	case r < 5:
		// Strings that differ only in case, so that eq~ and eq part.
		return []string{"x", "X", "k", "K", "\u212a", "i", "İ", "σ", "Σ"}[g.rng.IntN(9)]
	case r < 6:
		return []any{403.0, 50.0, 4.03e2}[g.rng.IntN(3)]
	case r < 7:
		return g.rng.IntN(2) == 0
	case r < 8:
		return nil
	case r < 10:
		return g.event(depth)
	}
	var arr []any
	for n := g.rng.IntN(4); n > 0; n-- {
		arr = append(arr, g.jsonValue(depth+1))
	}
	return arr
}

// TestRandomV2: on random version 2 conditions and the edge events, the
// scan evaluator and the generated code (read back by Checker.Compile) agree
// with ir.Eval, dispatch included.
func TestRandomV2(t *testing.T) {
	g := &v2Gen{rng: rand.New(rand.NewPCG(11, 12))}
	var rules []*ir.Rule
	for i := 0; i < 200; i++ {
		rules = append(rules, &ir.Rule{ID: fmt.Sprintf("R%03d", i), Cond: g.expr(3, false), File: "random", LogTypes: []string{"T"}})
	}
	var docs []any
	var events, valid [][]byte
	for i := 0; i < 600; i++ {
		data, err := json.Marshal(g.event(0))
		if err != nil {
			t.Fatal(err)
		}
		events = append(events, data)
	}
	for _, data := range append(events, testutil.EdgeEvents(200)...) {
		if doc, ok := testutil.DecodeEvent(data); ok {
			docs = append(docs, doc)
			valid = append(valid, data)
		}
	}
	events = valid
	agree(t, rules, events)
	bad, checked, matched := 0, 0, 0
	for _, r := range rules {
		p, err := golang.Checker{}.Compile(r)
		if err != nil {
			t.Fatalf("%s: %v", ir.Format(r.Cond), err)
		}
		got, err := p.Eval(docs)
		if err != nil {
			t.Fatal(err)
		}
		for i, doc := range docs {
			want := ir.Eval(r.Cond, doc)
			checked++
			if want {
				matched++
			}
			if got[i] != want {
				if bad++; bad <= 10 {
					t.Errorf("%s on %s: generated %v, ir.Eval %v", ir.Format(r.Cond), events[i], got[i], want)
				}
			}
		}
	}
	if matched == 0 || matched == checked {
		t.Errorf("%d of %d checks match: the random conditions test nothing", matched, checked)
	}
	t.Logf("generated code: %d rule×event checks, %d match", checked, matched)
}
