// Package scan is the evaluator behind `rulec scan`: rules compiled at load
// time into closures over the match runtime's one-pass event reader, with
// the same dispatch as the generated Go matchers (backends/golang's Plan).
package scan

import (
	"fmt"
	"strings"

	"github.com/rulec/rulec/backends/golang"
	"github.com/rulec/rulec/ir"
	"github.com/rulec/rulec/match"
	"github.com/rulec/rulec/schema"
	"github.com/rulec/rulec/strmatch"
)

// Program is a set of rules compiled for matching. It is immutable and safe
// for concurrent use; each goroutine needs its own Event (NewEvent).
type Program struct {
	Rules    []*ir.Rule // registry order: sorted by ID
	schema   *match.Schema
	funcs    []pred
	always   []int
	dispatch []dispatch

	// For the output of matches: the output fields of each rule and the
	// event-time fields, read by a second Event only when a rule matches.
	outSchema *match.Schema
	outFields [][]outField
	timeSlots []int

	// Routing (nil routes and nil fixed: every rule on every event).
	classify *match.Classifier
	fixed    []bool        // with Routing.LogTypes: the rules every event runs
	routes   *match.Routes // the rules an event of each log type runs
}

// Routing says which rules run on which events, as Panther routes them: an
// event runs the rules written for its log type (and the rules that name
// none).
type Routing struct {
	// Registry classifies each event (p_log_type, else the fields that
	// identify a log type); events it cannot classify run only the rules
	// that name no log type.
	Registry *schema.Registry
	// LogTypes, when set, overrides classification: every event is taken
	// to be of these log types.
	LogTypes []string
}

type outField struct {
	name string
	slot int
}

type dispatch struct {
	slot  int
	fold  bool // keys are lowered strings: look up the lowered value
	rules map[string][]int
}

// Compile compiles rules to run every rule on every event; it fails only on
// conditions no parser produces.
func Compile(rules []*ir.Rule) (*Program, error) { return CompileRouted(rules, Routing{}) }

// CompileRouted compiles rules with routing by log type.
func CompileRouted(rules []*ir.Rule, rt Routing) (*Program, error) {
	plan := golang.NewPlan(rules)
	fields := plan.Fields
	var classify *match.Classifier
	if rt.Registry != nil && len(rt.LogTypes) == 0 {
		index := map[string]int{}
		for i, f := range fields {
			index[strings.Join(f, "\x00")] = i
		}
		fields = append([][]string(nil), fields...)
		classify = rt.Registry.Classifier(func(path []string) int {
			k := strings.Join(path, "\x00")
			if i, ok := index[k]; ok {
				return i
			}
			index[k] = len(fields)
			fields = append(fields, path)
			return len(fields) - 1
		})
	}
	// Quantified slots are plan slots, which the classifier's paths follow.
	p := &Program{Rules: plan.Rules, schema: match.NewSchema(fields...).Quantified(plan.Quantified...), always: plan.Always, classify: classify}
	if rt.Registry != nil || len(rt.LogTypes) > 0 {
		// The routes of a generated package, so that scan and the package
		// route alike.
		rules := make([]match.Rule, len(p.Rules))
		for i, r := range p.Rules {
			rules[i].LogTypes = r.LogTypes
		}
		partOf := map[string][]string{}
		if rt.Registry != nil {
			for _, lt := range rt.Registry.LogTypes() {
				if len(lt.PartOf) > 0 {
					partOf[lt.Name] = lt.PartOf
				}
			}
		}
		p.routes = match.NewRoutes(rules, partOf)
		if len(rt.LogTypes) > 0 {
			p.fixed = append([]bool(nil), p.routes.For("")...)
			for _, t := range rt.LogTypes {
				for i, on := range p.routes.For(t) {
					p.fixed[i] = p.fixed[i] || on
				}
			}
		}
	}
	c := &compiler{plan: plan}
	for _, r := range plan.Rules {
		f, err := c.expr(r.Cond, scope{})
		if err != nil {
			return nil, fmt.Errorf("%s: rule %s: %v", r.File, r.ID, err)
		}
		p.funcs = append(p.funcs, f)
	}
	for _, df := range plan.Dispatch {
		p.dispatch = append(p.dispatch, dispatch{slot: df.Slot, fold: df.Fold, rules: df.Rules})
	}
	var paths [][]string
	slots := map[string]int{}
	slot := func(segs []string) int {
		k := strings.Join(segs, "\x00")
		if s, ok := slots[k]; ok {
			return s
		}
		slots[k] = len(paths)
		paths = append(paths, segs)
		return len(paths) - 1
	}
	for _, f := range eventTimeFields {
		p.timeSlots = append(p.timeSlots, slot(f))
	}
	for _, r := range plan.Rules {
		var fs []outField
		seen := map[string]bool{}
		for _, f := range r.OutputFields {
			if seen[f.Name] {
				continue
			}
			seen[f.Name] = true
			fs = append(fs, outField{name: f.Name, slot: slot(strings.Split(f.Path(), "."))})
		}
		p.outFields = append(p.outFields, fs)
	}
	p.outSchema = match.NewSchema(paths...)
	return p, nil
}

// NewEvent returns an Event reading the fields the rules need.
func (p *Program) NewEvent() *match.Event { return match.NewEvent(p.schema) }

// MatchRule reports whether rule i matches e, without dispatch.
func (p *Program) MatchRule(i int, e *match.Event) bool { return p.funcs[i](e, noElem) }

// LogType returns the log type an event is routed as: the override, else
// its classification ("" when unclassified); "" when not routed.
func (p *Program) LogType(e *match.Event) string {
	if p.classify == nil {
		return ""
	}
	return p.classify.Classify(e)
}

// Match appends to dst the indices in Rules of the rules e matches, in
// increasing order, testing only the rules dispatch leaves. A routed
// program tests only the rules of e's log type (and those naming none).
func (p *Program) Match(e *match.Event, dst []int) []int {
	dst, _ = p.MatchRouted(e, dst)
	return dst
}

// MatchRouted is Match that also returns the log type e was routed as ("":
// unclassified, or routing off or overridden).
func (p *Program) MatchRouted(e *match.Event, dst []int) ([]int, string) {
	var allowed []bool
	logType := ""
	switch {
	case p.fixed != nil:
		allowed = p.fixed
	case p.routes != nil:
		logType = p.LogType(e)
		allowed = p.routes.For(logType)
	}
	return p.match(e, dst, allowed), logType
}

func (p *Program) match(e *match.Event, dst []int, allowed []bool) []int {
	base := len(dst)
	dst = append(dst, p.always...)
	for k := range p.dispatch {
		d := &p.dispatch[k]
		vs := e.Vals(d.slot)
		for i := range vs {
			if vs[i].Kind == match.KindString {
				key := vs[i].Str
				if d.fold {
					key = e.Lower(key)
				}
				dst = append(dst, d.rules[key]...)
			}
		}
	}
	c := dst[base:]
	for i := 1; i < len(c); i++ {
		for j := i; j > 0 && c[j] < c[j-1]; j-- {
			c[j], c[j-1] = c[j-1], c[j]
		}
	}
	n := 0
	for i, r := range c {
		if i > 0 && r == c[i-1] || allowed != nil && !allowed[r] {
			continue
		}
		if p.funcs[r](e, noElem) {
			c[n] = r
			n++
		}
	}
	return dst[:base+n]
}

type compiler struct{ plan *golang.Plan }

// pred is a compiled condition. el is the element of the innermost
// quantifier around it (noElem at the root): its paths are read from it.
type pred = func(e *match.Event, el match.Elem) bool

const noElem = match.Elem(-1)

// scope is where a condition is read: the root (base nil) or the element of
// a quantifier over the absolute path base.
type scope struct {
	base []string
	in   bool
}

// reader reads a path's values: from the root, from an element (a path
// relative to it), or the element itself ("@"). It is a value with an
// inlinable method rather than a closure, so that a predicate at the root
// reads its slot as directly as before quantifiers existed.
type reader struct {
	slot int
	from uint8
}

const (
	fromRoot uint8 = iota
	fromElem
	elemItself
)

func (r reader) vals(e *match.Event, el match.Elem) []match.Value {
	if r.from == fromRoot {
		return e.Vals(r.slot)
	}
	return r.inElem(e, el)
}

func (r reader) inElem(e *match.Event, el match.Elem) []match.Value {
	if r.from == fromElem {
		return e.In(r.slot, el)
	}
	return e.At(el)
}

// values returns the reader of a path's values in sc.
func (c *compiler) values(path ir.Path, sc scope) (reader, error) {
	if !sc.in {
		if path.IsElem() {
			return reader{}, fmt.Errorf("@ outside any/all")
		}
		return reader{slot: c.plan.Slot(path.Segs), from: fromRoot}, nil
	}
	if path.IsElem() {
		return reader{from: elemItself}, nil
	}
	return reader{slot: c.plan.Slot(ir.JoinPath(sc.base, path).Segs), from: fromElem}, nil
}

func (c *compiler) expr(e ir.Expr, sc scope) (pred, error) {
	switch x := e.(type) {
	case nil:
		return func(*match.Event, match.Elem) bool { return true }, nil
	case *ir.And:
		fs, err := c.list(x.Xs, sc)
		if err != nil {
			return nil, err
		}
		switch len(fs) {
		case 0:
			return func(*match.Event, match.Elem) bool { return true }, nil
		case 1:
			return fs[0], nil
		case 2:
			a, b := fs[0], fs[1]
			return func(e *match.Event, el match.Elem) bool { return a(e, el) && b(e, el) }, nil
		}
		return func(e *match.Event, el match.Elem) bool {
			for _, f := range fs {
				if !f(e, el) {
					return false
				}
			}
			return true
		}, nil
	case *ir.Or:
		fs, err := c.list(x.Xs, sc)
		if err != nil {
			return nil, err
		}
		switch len(fs) {
		case 0:
			return func(*match.Event, match.Elem) bool { return false }, nil
		case 1:
			return fs[0], nil
		case 2:
			a, b := fs[0], fs[1]
			return func(e *match.Event, el match.Elem) bool { return a(e, el) || b(e, el) }, nil
		}
		return func(e *match.Event, el match.Elem) bool {
			for _, f := range fs {
				if f(e, el) {
					return true
				}
			}
			return false
		}, nil
	case *ir.Not:
		f, err := c.expr(x.X, sc)
		if err != nil {
			return nil, err
		}
		return func(e *match.Event, el match.Elem) bool { return !f(e, el) }, nil
	case *ir.Pred:
		vals, err := c.values(x.Field, sc)
		if err != nil {
			return nil, err
		}
		return c.pred(x, vals)
	case *ir.FieldPred:
		vals, err := c.values(x.Field, sc)
		if err != nil {
			return nil, err
		}
		refs, err := c.values(x.Ref, sc)
		if err != nil {
			return nil, err
		}
		op, ok := refOps[x.Op]
		if !ok {
			return nil, fmt.Errorf("operator %v with a field reference", x.Op)
		}
		return func(e *match.Event, el match.Elem) bool { return e.Ref(op, vals.vals(e, el), refs.vals(e, el)) }, nil
	case *ir.Quant:
		return c.quant(x, sc)
	}
	return nil, fmt.Errorf("unknown condition node %T", e)
}

var refOps = map[ir.Op]match.RefOp{
	ir.OpEq: match.RefEq, ir.OpEqFold: match.RefEqFold,
	ir.OpContains: match.RefContains, ir.OpContainsFold: match.RefContainsFold,
	ir.OpStartsWith: match.RefHasPrefix, ir.OpStartsWithFold: match.RefHasPrefixFold,
	ir.OpEndsWith: match.RefHasSuffix, ir.OpEndsWithFold: match.RefHasSuffixFold,
}

// quant loops over the elements of a quantifier's path: every element at
// the root, those inside the current element when nested.
func (c *compiler) quant(x *ir.Quant, sc scope) (pred, error) {
	if golang.ElemQuant(x, sc.base) {
		return c.expr(x.X, sc)
	}
	if x.Path.IsElem() {
		return nil, fmt.Errorf("any/all over @ outside any/all")
	}
	path := ir.JoinPath(sc.base, x.Path).Segs
	slot := c.plan.Slot(path)
	body, err := c.expr(x.X, scope{base: path, in: true})
	if err != nil {
		return nil, err
	}
	all, nested := x.All, sc.in
	return func(e *match.Event, outer match.Elem) bool {
		var els []match.Elem
		if nested {
			els = e.ElemsIn(slot, outer)
		} else {
			els = e.Elems(slot)
		}
		for _, el := range els {
			if body(e, el) != all {
				return !all
			}
		}
		return all
	}, nil
}

func (c *compiler) list(xs []ir.Expr, sc scope) ([]pred, error) {
	var fs []pred
	for _, x := range xs {
		f, err := c.expr(x, sc)
		if err != nil {
			return nil, err
		}
		fs = append(fs, f)
	}
	return fs, nil
}

func lit(v ir.Value, fold bool) (match.Lit, error) {
	switch l := v.(type) {
	case ir.String:
		if fold {
			return match.FoldLit(string(l)), nil
		}
		return match.StrLit(string(l)), nil
	case ir.Number:
		if !match.IsDecimal(l.Lit) {
			return match.Lit{}, fmt.Errorf("number literal %q", l.Lit)
		}
		return match.NumLit(l.Lit), nil
	case ir.Bool:
		return match.BoolLit(bool(l)), nil
	}
	return match.Lit{}, fmt.Errorf("literal %T", v)
}

// on makes a predicate of a test of a value list, reading the values with
// r; at the root the slot is read directly.
func on(r reader, t func([]match.Value) bool) (pred, error) {
	if r.from == fromRoot {
		slot := r.slot
		return func(e *match.Event, _ match.Elem) bool { return t(e.Vals(slot)) }, nil
	}
	return func(e *match.Event, el match.Elem) bool { return t(r.inElem(e, el)) }, nil
}

func (c *compiler) pred(x *ir.Pred, r reader) (pred, error) {
	s := x.Str()
	switch x.Op {
	case ir.OpEq, ir.OpIn, ir.OpEqFold, ir.OpInFold:
		fold := x.Op.IsFold()
		if len(x.Args) == 0 {
			return func(*match.Event, match.Elem) bool { return false }, nil
		}
		var plain []string
		for _, a := range x.Args {
			if p, ok := golang.PlainString(a); ok {
				if fold {
					p = strmatch.Lower(p)
				}
				plain = append(plain, p)
			}
		}
		if len(plain) == len(x.Args) {
			if len(plain) == 1 {
				p := plain[0]
				if fold {
					return on(r, func(vs []match.Value) bool { return match.HasStrFold(vs, p) })
				}
				if r.from == fromRoot {
					// The most common predicate: read and test in one call.
					slot := r.slot
					return func(e *match.Event, _ match.Elem) bool { return match.HasStr(e.Vals(slot), p) }, nil
				}
				return on(r, func(vs []match.Value) bool { return match.HasStr(vs, p) })
			}
			set := make(map[string]struct{}, len(plain))
			for _, p := range plain {
				set[p] = struct{}{}
			}
			in := func(s string) bool {
				_, ok := set[s]
				return ok
			}
			if fold {
				// AnyLower needs the Event (its lowering buffer).
				if r.from == fromRoot {
					slot := r.slot
					return func(e *match.Event, _ match.Elem) bool { return e.AnyLower(e.Vals(slot), in) }, nil
				}
				return func(e *match.Event, el match.Elem) bool { return e.AnyLower(r.inElem(e, el), in) }, nil
			}
			inSet := func(vs []match.Value) bool {
				for i := range vs {
					if vs[i].Kind == match.KindString {
						if _, ok := set[vs[i].Str]; ok {
							return true
						}
					}
				}
				return false
			}
			if r.from == fromRoot {
				slot := r.slot
				return func(e *match.Event, _ match.Elem) bool {
					vs := e.Vals(slot)
					for i := range vs {
						if vs[i].Kind == match.KindString {
							if _, ok := set[vs[i].Str]; ok {
								return true
							}
						}
					}
					return false
				}, nil
			}
			return on(r, inSet)
		}
		var ls []match.Lit
		for _, a := range x.Args {
			l, err := lit(a, fold)
			if err != nil {
				return nil, err
			}
			ls = append(ls, l)
		}
		if fold {
			return on(r, func(vs []match.Value) bool { return match.InFold(vs, ls) })
		}
		if len(ls) == 1 {
			l := &ls[0]
			return on(r, func(vs []match.Value) bool { return match.Eq(vs, l) })
		}
		return on(r, func(vs []match.Value) bool { return match.In(vs, ls) })
	case ir.OpContains:
		return on(r, func(vs []match.Value) bool { return match.Contains(vs, s) })
	case ir.OpStartsWith:
		return on(r, func(vs []match.Value) bool { return match.HasPrefix(vs, s) })
	case ir.OpEndsWith:
		return on(r, func(vs []match.Value) bool { return match.HasSuffix(vs, s) })
	case ir.OpContainsFold:
		l := strmatch.Lower(s)
		return on(r, func(vs []match.Value) bool { return match.ContainsFold(vs, l) })
	case ir.OpStartsWithFold:
		l := strmatch.Lower(s)
		return on(r, func(vs []match.Value) bool { return match.HasPrefixFold(vs, l) })
	case ir.OpEndsWithFold:
		l := strmatch.Lower(s)
		return on(r, func(vs []match.Value) bool { return match.HasSuffixFold(vs, l) })
	case ir.OpWildcard:
		g := x.Glob
		return on(r, func(vs []match.Value) bool { return match.Wildcard(vs, g) })
	case ir.OpWildcardFold:
		g := x.Glob // lowered by ir.CompileGlob
		return on(r, func(vs []match.Value) bool { return match.WildcardFold(vs, g) })
	case ir.OpRegex:
		re := x.Re
		return on(r, func(vs []match.Value) bool { return match.Regex(vs, re) })
	case ir.OpCIDR:
		n := x.Net
		return on(r, func(vs []match.Value) bool { return match.CIDR(vs, n) })
	case ir.OpGt, ir.OpGte, ir.OpLt, ir.OpLte:
		f, ok := ir.LiteralNumber(x.Arg())
		if !ok {
			return func(*match.Event, match.Elem) bool { return false }, nil
		}
		op := map[ir.Op]match.CmpOp{ir.OpGt: match.Gt, ir.OpGte: match.Gte, ir.OpLt: match.Lt, ir.OpLte: match.Lte}[x.Op]
		return on(r, func(vs []match.Value) bool { return match.Compare(vs, op, f) })
	case ir.OpIsNull:
		if r.from == fromRoot {
			slot := r.slot
			return func(e *match.Event, _ match.Elem) bool { return match.IsNull(e.Vals(slot)) }, nil
		}
		return on(r, match.IsNull)
	}
	return nil, fmt.Errorf("operator %v", x.Op)
}
