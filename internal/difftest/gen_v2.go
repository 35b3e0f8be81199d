package difftest

import (
	"encoding/json"
	"strings"

	"github.com/rulec/rulec/ir"
)

// This file holds what the generator makes for language version 2
// (Generator.V2): "~" operators over letters whose case mappings differ
// between engines, any/all over arrays of objects (nested too), and field
// references.

// foldAtoms are strings whose lowercase is where engines part: İ lowers to
// i (one code point, not Python's two), ı and ſ lower to themselves, the
// Kelvin sign K (U+212A) lowers to k, ß and ẞ, and the three sigmas (Σ
// lowers to σ, never to ς), in words and mixed case.
var foldAtoms = []string{
	"İ", "ı", "i", "I", "ſ", "s", "S", "\u212a", "k", "K", "ß", "ẞ", "SS", "Σ", "σ", "ς",
	"İstanbul", "istanbul", "ıi", "ſecret", "SECRET", "\u212aelvin", "kelvin", "STRAßE", "straẞe",
	"ΣΑΣ", "σας", "ΌΣΟΣ", "MiXeD", "mixed", "cloudtrail.amazonaws.com", "CloudTrail.AmazonAWS.com",
}

// v2Vocabulary extends the vocabulary with arrays of objects that hold
// arrays of objects, where any and all part from fan-out at two levels.
var v2Vocabulary = append(append([]field(nil), vocabulary...),
	field{key: "rs", kids: []field{{key: "n"}, {key: "m"}, {key: "ms", kids: []field{{key: "p"}, {key: "q"}}}}},
)

var v2Paths = func() [][]string {
	var out [][]string
	var walk func(prefix []string, fs []field)
	walk = func(prefix []string, fs []field) {
		for _, f := range fs {
			p := append(append([]string(nil), prefix...), f.key)
			out = append(out, p)
			walk(p, f.kids)
		}
	}
	walk(nil, v2Vocabulary)
	return out
}()

// scope is where a condition's paths are read from: the event (elem false)
// or the element of a quantifier, whose keys are fields (none for an array
// of scalars) and which "@" names.
type scope struct {
	fields []field
	elem   bool
}

func rootScope() scope { return scope{fields: vocabulary} }

// paths lists the paths a predicate in sc may read ("@" is the empty path).
func (sc scope) paths(v2 bool) [][]string {
	if !sc.elem {
		if v2 {
			return v2Paths
		}
		return allPaths
	}
	out := [][]string{nil}
	var walk func(prefix []string, fs []field)
	walk = func(prefix []string, fs []field) {
		for _, f := range fs {
			p := append(append([]string(nil), prefix...), f.key)
			out = append(out, p)
			walk(p, f.kids)
		}
	}
	walk(nil, sc.fields)
	return out
}

// hasFields reports whether sc has a path other than "@".
func (sc scope) hasFields() bool { return !sc.elem || len(sc.fields) > 0 }

// fieldAt returns the vocabulary node at path in sc.
func (sc scope) fieldAt(path []string) (field, bool) {
	fs := sc.fields
	if !sc.elem {
		fs = v2Vocabulary
	}
	var f field
	for _, seg := range path {
		found := false
		for _, c := range fs {
			if c.key == seg {
				f, fs, found = c, c.kids, true
				break
			}
		}
		if !found {
			return field{}, false
		}
	}
	return f, true
}

// leafCond is a predicate (sometimes negated) or, under V2, sometimes a
// field reference.
func (g *Generator) leafCond(sc scope) ir.Expr {
	if g.V2 && sc.hasFields() && g.chance(0.15) {
		return g.fieldRef(sc)
	}
	return g.negated(g.predIn(sc))
}

// fieldRefOps are the operators field(G) takes.
var fieldRefOps = func() []ir.Op {
	var out []ir.Op
	for _, op := range ir.Ops() {
		if op.AllowsFieldRef() {
			out = append(out, op)
		}
	}
	return out
}()

// fieldRef is "F OP field(G)" over two paths of sc, sometimes negated.
func (g *Generator) fieldRef(sc scope) ir.Expr {
	paths := sc.paths(true)
	f := pickFrom(g, paths)
	var ref []string
	for ref == nil {
		ref = pickFrom(g, paths) // field(@) is not in the language
	}
	fp := &ir.FieldPred{Field: ir.Path{Segs: f}, Op: pickFrom(g, fieldRefOps), Ref: ir.Path{Segs: ref}}
	switch {
	case (fp.Op == ir.OpEq || fp.Op == ir.OpEqFold) && g.chance(0.3):
		return &ir.Not{X: fp, Form: ir.NotNe}
	case g.chance(0.2):
		return &ir.Not{X: fp, Form: ir.NotInfix}
	case g.chance(0.1):
		return &ir.Not{X: fp, Form: ir.NotKeyword}
	}
	return fp
}

// quant is "any P (C)" or "all P (C)" over a path of sc, with C over the
// element: its keys when the path holds objects, "@" always.
func (g *Generator) quant(sc scope, depth int) ir.Expr {
	var path []string
	for path == nil {
		path = pickFrom(g, sc.paths(true))
	}
	f, _ := sc.fieldAt(path)
	inner := scope{fields: f.kids, elem: true}
	return &ir.Quant{All: g.chance(0.4), Path: ir.Path{Segs: path}, X: g.condIn(inner, depth-1)}
}

// satisfy plants into m values made to satisfy (or nearly) some predicates
// of cond, whose paths are read from m. A quantifier gets an array of
// elements, each made for a random part of its condition, so that "any"
// (one element satisfies all of it) and fan-out (each part satisfied by
// some element) part ways.
func (g *Generator) satisfy(m map[string]any, cond ir.Expr) {
	ir.Walk(cond, func(x ir.Expr) bool {
		switch x := x.(type) {
		case *ir.Pred:
			if g.chance(0.5) && !x.Field.IsElem() {
				g.plant(m, x.Field.Segs, g.valueFor(x))
			}
		case *ir.FieldPred:
			if g.chance(0.6) {
				g.plantPair(m, x)
			}
		case *ir.Quant:
			if g.chance(0.7) {
				g.plant(m, x.Path.Segs, g.elements(x))
			}
			return false
		}
		return true
	})
}

// elements builds the array a quantifier meets.
func (g *Generator) elements(q *ir.Quant) []any {
	var elemPreds []*ir.Pred
	objects := false
	for _, p := range ir.Preds(q.X) {
		if p.Field.IsElem() {
			elemPreds = append(elemPreds, p)
		} else {
			objects = true
		}
	}
	ir.Walk(q.X, func(x ir.Expr) bool {
		switch x.(type) {
		case *ir.FieldPred, *ir.Quant:
			objects = true
		}
		return true
	})
	n := g.pick(4)
	out := make([]any, n)
	for i := range out {
		switch {
		case objects && (len(elemPreds) == 0 || g.chance(0.8)):
			el := map[string]any{}
			g.satisfy(el, q.X)
			out[i] = el
		case len(elemPreds) > 0 && g.chance(0.8):
			out[i] = g.valueFor(pickFrom(g, elemPreds))
		default:
			out[i] = g.leaf(0)
		}
	}
	return out
}

// plantPair plants values at both paths of a field reference: equal,
// equal but for case, a number against its numeric string, an affix,
// different, null or one of them missing.
func (g *Generator) plantPair(m map[string]any, fp *ir.FieldPred) {
	s := g.str()
	v, w := any(s), any(s)
	switch g.pick(8) {
	case 0:
		w = g.hostileCase(s)
	case 1:
		n := g.num()
		v, w = json.Number(n), n
		if !jsonNumber.MatchString(n) {
			v = json.Number("403")
			w = "403"
		}
		if g.chance(0.5) {
			v, w = w, v
		}
	case 2:
		runes := []rune(s)
		k := g.pick(len(runes) + 1)
		switch fp.Op.Exact() {
		case ir.OpStartsWith:
			w = string(runes[:k])
		case ir.OpEndsWith:
			w = string(runes[len(runes)-k:])
		default:
			i := g.pick(len(runes) - k + 1)
			w = string(runes[i : i+k])
		}
		if fp.Op.IsFold() && g.chance(0.5) {
			w = g.hostileCase(w.(string))
		}
	case 3:
		w = g.scalar()
	case 4:
		w = nil
	case 5:
		w = g.leaf(1)
	case 6:
		v = g.leaf(1)
	}
	if !fp.Field.IsElem() {
		g.plant(m, fp.Field.Segs, v)
	}
	if g.chance(0.9) {
		g.plant(m, fp.Ref.Segs, w)
	}
}

// hostileCase changes the case of s, sometimes through the letters whose
// mappings differ between engines (s to ſ, k to the Kelvin sign, i to İ or
// ı, σ to ς or Σ, ß to ẞ), so that "~" operators are tested beyond ASCII.
func (g *Generator) hostileCase(s string) string {
	if !g.chance(0.5) {
		return g.recase(s)
	}
	var b strings.Builder
	for _, r := range s {
		if alts := hostileLetters[r]; alts != nil && g.chance(0.6) {
			r = pickFrom(g, alts)
		} else if g.chance(0.5) {
			r = toggleCase(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}

var hostileLetters = map[rune][]rune{
	's': {'ſ', 'S'}, 'S': {'ſ', 's'}, 'ſ': {'s', 'S'},
	'k': {'\u212a', 'K'}, 'K': {'\u212a', 'k'}, '\u212a': {'k', 'K'},
	'i': {'İ', 'ı', 'I'}, 'I': {'ı', 'İ', 'i'}, 'İ': {'i', 'I'}, 'ı': {'I', 'i'},
	'σ': {'ς', 'Σ'}, 'ς': {'σ', 'Σ'}, 'Σ': {'σ', 'ς'},
	'ß': {'ẞ', 's'}, 'ẞ': {'ß'},
}

func toggleCase(r rune) rune {
	if u := []rune(strings.ToUpper(string(r))); len(u) == 1 && u[0] != r {
		return u[0]
	}
	if l := []rune(strings.ToLower(string(r))); len(l) == 1 {
		return l[0]
	}
	return r
}
