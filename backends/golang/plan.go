// Package golang generates Go matcher packages from rules (`rulec convert
// --to go`), and checks them by building and running them (`rulec test`).
//
// A generated package imports only the standard library and the runtime
// package github.com/rulec/rulec/match: one exported function per rule, a
// registry sorted by ID, and a Match function that reads each event once and
// dispatches it to the rules that can match it. Plan is the analysis both the
// generator and `rulec scan` use.
package golang

import (
	"sort"
	"strings"

	"github.com/rulec/rulec/ir"
	"github.com/rulec/rulec/strmatch"
)

// Plan is what the generated code and the scan evaluator share: the fields
// to read, the rules in registry order, and how events are dispatched.
type Plan struct {
	Rules  []*ir.Rule // sorted by ID, then file and position
	Fields [][]string // every path some rule reads, sorted; slot i is Fields[i]
	slots  map[string]int
	// Quantified lists the slots some quantifier ranges over ("any P (…)",
	// "all P (…)"), increasing: the paths inside it are read relative to
	// each of their values.
	Quantified []int

	// Always lists the rules tested on every event (no dispatch key).
	Always []int
	// Dispatch lists the fields events are dispatched on, most used first.
	Dispatch []*DispatchField
}

// DispatchField sends an event to the rules keyed by the string values of
// one field: a rule keyed here has a top-level conjunct `F eq S` or
// `F in [S…]` whose literals are strings that only string values can equal
// (neither decimal numbers nor "true"/"false"), so it cannot match an event
// where F has none of them.
type DispatchField struct {
	Path []string
	Slot int
	// Fold: the rules are keyed by eq~ / in~ conjuncts, by the lowered
	// strings, and an event's values are lowered before they are looked up
	// (only strings can equal such a literal under eq~ too).
	Fold  bool
	Keys  []string         // sorted
	Rules map[string][]int // key → rules, increasing
}

func pathKey(segs []string) string { return strings.Join(segs, "\x00") }

// Slot returns the slot of a path.
func (p *Plan) Slot(segs []string) int { return p.slots[pathKey(segs)] }

// SortRules returns rules in registry order: by ID, then file, then position,
// so that even rules with empty or repeated IDs order deterministically.
func SortRules(rules []*ir.Rule) []*ir.Rule {
	out := append([]*ir.Rule(nil), rules...)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.ID != b.ID {
			return a.ID < b.ID
		}
		if a.File != b.File {
			return a.File < b.File
		}
		if a.At.Line != b.At.Line {
			return a.At.Line < b.At.Line
		}
		return a.At.Col < b.At.Col
	})
	return out
}

// NewPlan analyses rules. The extra paths get slots too (the generated
// classifier reads them).
func NewPlan(rules []*ir.Rule, extra ...[]string) *Plan {
	p := &Plan{Rules: SortRules(rules), slots: map[string]int{}}
	seen := map[string][]string{}
	quant := map[string]bool{}
	for _, path := range extra {
		seen[pathKey(path)] = path
	}
	for _, r := range p.Rules {
		WalkPaths(r.Cond, func(path []string, q bool) {
			if len(path) == 0 {
				return // "@" at the root: refused by the generator and scan
			}
			seen[pathKey(path)] = path
			if q {
				quant[pathKey(path)] = true
			}
		})
	}
	keys := make([]string, 0, len(seen))
	for k := range seen {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for i, k := range keys {
		p.Fields = append(p.Fields, seen[k])
		p.slots[k] = i
		if quant[k] {
			p.Quantified = append(p.Quantified, i)
		}
	}

	// Each rule's candidate keys: per field, the literal set of one
	// conjunct (the smallest, when several conjuncts qualify).
	cands := make([]map[string][]string, len(p.Rules))
	uses := map[string]int{}
	for i, r := range p.Rules {
		cands[i] = map[string][]string{}
		for _, c := range ir.Conjuncts(r.Cond) {
			f, lits, fold, ok := keyConjunct(c)
			if !ok {
				continue
			}
			k := pathKey(f)
			if fold {
				k += "\x00~" // a dispatch field of its own; "~" is no field-name character
			}
			if prev, had := cands[i][k]; !had || len(lits) < len(prev) {
				cands[i][k] = lits
			}
		}
		for k := range cands[i] {
			uses[k]++
		}
	}
	byField := map[string]*DispatchField{}
	for i := range p.Rules {
		best := ""
		for k := range cands[i] {
			if best == "" || uses[k] > uses[best] || uses[k] == uses[best] && k < best {
				best = k
			}
		}
		if best == "" {
			p.Always = append(p.Always, i)
			continue
		}
		df := byField[best]
		if df == nil {
			path, fold := strings.TrimSuffix(best, "\x00~"), strings.HasSuffix(best, "\x00~")
			df = &DispatchField{Path: seen[path], Slot: p.slots[path], Fold: fold, Rules: map[string][]int{}}
			byField[best] = df
			p.Dispatch = append(p.Dispatch, df)
		}
		for _, lit := range cands[i][best] {
			if rs := df.Rules[lit]; len(rs) == 0 || rs[len(rs)-1] != i {
				df.Rules[lit] = append(rs, i)
			}
		}
	}
	for _, df := range p.Dispatch {
		for k := range df.Rules {
			df.Keys = append(df.Keys, k)
		}
		sort.Strings(df.Keys)
	}
	sort.SliceStable(p.Dispatch, func(i, j int) bool {
		a, b := p.Dispatch[i], p.Dispatch[j]
		if len(a.Keys) != len(b.Keys) {
			return len(a.Keys) > len(b.Keys)
		}
		return pathKey(a.Path) < pathKey(b.Path)
	})
	return p
}

// keyConjunct reports whether a top-level conjunct restricts a field to a
// set of plain strings: `F eq S`, `F in [S…]`, or an or of those on one F;
// or, with fold, `F eq~ S`, `F in~ [S…]` or an or of those, the strings
// lowered.
func keyConjunct(e ir.Expr) (field []string, lits []string, fold bool, ok bool) {
	switch x := e.(type) {
	case *ir.Pred:
		switch x.Op {
		case ir.OpEq, ir.OpIn:
		case ir.OpEqFold, ir.OpInFold:
			fold = true
		default:
			return nil, nil, false, false
		}
		if len(x.Args) == 0 || x.Field.IsElem() {
			return nil, nil, false, false
		}
		for _, a := range x.Args {
			s, ok := PlainString(a)
			if !ok {
				return nil, nil, false, false
			}
			if fold {
				s = strmatch.Lower(s)
			}
			lits = append(lits, s)
		}
		return x.Field.Segs, lits, fold, true
	case *ir.Or:
		if len(x.Xs) == 0 {
			return nil, nil, false, false
		}
		for i, c := range x.Xs {
			f, l, fo, ok := keyConjunct(c)
			if !ok || i > 0 && (pathKey(f) != pathKey(field) || fo != fold) {
				return nil, nil, false, false
			}
			field, fold = f, fo
			lits = append(lits, l...)
		}
		return field, lits, fold, true
	case *ir.And:
		if len(x.Xs) == 1 {
			return keyConjunct(x.Xs[0])
		}
	}
	return nil, nil, false, false
}

// PlainString reports whether a literal is a string that only an identical
// string value can equal: not a decimal number (which numbers equal too) and
// not "true"/"false" (which booleans equal too).
func PlainString(v ir.Value) (string, bool) {
	s, ok := v.(ir.String)
	if !ok || ir.IsDecimal(string(s)) || s == "true" || s == "false" {
		return "", false
	}
	return string(s), true
}

// WalkPaths calls f with every absolute path a condition reads: each
// predicate's field, both paths of a field reference, and each quantifier's
// path (q true), the paths inside a quantifier joined to its path. A
// quantifier over "@" inside another ranges over the one element it is in
// (see ElemQuant), so it adds no path of its own.
func WalkPaths(e ir.Expr, f func(path []string, q bool)) {
	walkPaths(e, nil, f)
}

func walkPaths(e ir.Expr, base []string, f func(path []string, q bool)) {
	join := func(p ir.Path) []string { return ir.JoinPath(base, p).Segs }
	switch x := e.(type) {
	case *ir.And:
		for _, c := range x.Xs {
			walkPaths(c, base, f)
		}
	case *ir.Or:
		for _, c := range x.Xs {
			walkPaths(c, base, f)
		}
	case *ir.Not:
		walkPaths(x.X, base, f)
	case *ir.Pred:
		f(join(x.Field), false)
	case *ir.FieldPred:
		f(join(x.Field), false)
		f(join(x.Ref), false)
	case *ir.Quant:
		inner := join(x.Path)
		if !ElemQuant(x, base) {
			f(inner, true)
		}
		walkPaths(x.X, inner, f)
	}
}

// ElemQuant reports whether q, read at base, ranges over the element it
// is in: "any @ (C)" inside a quantifier yields exactly that element (never
// an array, never null), so it is C, and so is "all @ (C)".
func ElemQuant(q *ir.Quant, base []string) bool {
	return q.Path.IsElem() && len(base) > 0
}
