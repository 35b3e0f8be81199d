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
)

// Program is a set of rules compiled for matching. It is immutable and safe
// for concurrent use; each goroutine needs its own Event (NewEvent).
type Program struct {
	Rules    []*ir.Rule // registry order: sorted by ID
	schema   *match.Schema
	funcs    []func(*match.Event) bool
	always   []int
	dispatch []dispatch

	// For the output of matches: the output fields of each rule and the
	// event-time fields, read by a second Event only when a rule matches.
	outSchema *match.Schema
	outFields [][]outField
	timeSlots []int

	// Routing (nil classify and nil fixed: every rule on every event).
	classify *match.Classifier
	fixed    []bool            // with Routing.LogTypes: the rules every event runs
	byType   map[string][]bool // the rules an event of a log type runs
	untyped  []bool            // rules naming no log type: they run on every event
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
	p := &Program{Rules: plan.Rules, schema: match.NewSchema(fields...), always: plan.Always, classify: classify}
	if rt.Registry != nil || len(rt.LogTypes) > 0 {
		p.untyped = make([]bool, len(p.Rules))
		p.byType = map[string][]bool{}
		for i, r := range p.Rules {
			if len(r.LogTypes) == 0 {
				p.untyped[i] = true
			}
			for _, t := range r.LogTypes {
				m := p.byType[t]
				if m == nil {
					m = make([]bool, len(p.Rules))
					p.byType[t] = m
				}
				m[i] = true
			}
		}
		for _, m := range p.byType {
			for i, on := range p.untyped {
				m[i] = m[i] || on
			}
		}
		if len(rt.LogTypes) > 0 {
			p.fixed = append([]bool(nil), p.untyped...)
			for _, t := range rt.LogTypes {
				for i, on := range p.byType[t] {
					p.fixed[i] = p.fixed[i] || on
				}
			}
		}
	}
	c := &compiler{plan: plan}
	for _, r := range plan.Rules {
		f, err := c.expr(r.Cond)
		if err != nil {
			return nil, fmt.Errorf("%s: rule %s: %v", r.File, r.ID, err)
		}
		p.funcs = append(p.funcs, f)
	}
	for _, df := range plan.Dispatch {
		p.dispatch = append(p.dispatch, dispatch{slot: df.Slot, rules: df.Rules})
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
func (p *Program) MatchRule(i int, e *match.Event) bool { return p.funcs[i](e) }

// Routed reports whether the program routes events by log type.
func (p *Program) Routed() bool { return p.byType != nil }

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
	case p.byType != nil:
		logType = p.LogType(e)
		allowed = p.untyped
		if m, ok := p.byType[logType]; ok && logType != "" {
			allowed = m
		}
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
				dst = append(dst, d.rules[vs[i].Str]...)
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
		if p.funcs[r](e) {
			c[n] = r
			n++
		}
	}
	return dst[:base+n]
}

type compiler struct{ plan *golang.Plan }

var partKinds = map[ir.PartKind]match.PartKind{
	ir.PartLit:    match.PartLit,
	ir.PartAnyRun: match.PartAnyRun,
	ir.PartAnyOne: match.PartAnyOne,
	ir.PartClass:  match.PartClass,
}

type pred = func(*match.Event) bool

func (c *compiler) expr(e ir.Expr) (pred, error) {
	switch x := e.(type) {
	case nil:
		return func(*match.Event) bool { return true }, nil
	case *ir.And:
		fs, err := c.list(x.Xs)
		if err != nil {
			return nil, err
		}
		switch len(fs) {
		case 0:
			return func(*match.Event) bool { return true }, nil
		case 1:
			return fs[0], nil
		case 2:
			a, b := fs[0], fs[1]
			return func(e *match.Event) bool { return a(e) && b(e) }, nil
		}
		return func(e *match.Event) bool {
			for _, f := range fs {
				if !f(e) {
					return false
				}
			}
			return true
		}, nil
	case *ir.Or:
		fs, err := c.list(x.Xs)
		if err != nil {
			return nil, err
		}
		switch len(fs) {
		case 0:
			return func(*match.Event) bool { return false }, nil
		case 1:
			return fs[0], nil
		case 2:
			a, b := fs[0], fs[1]
			return func(e *match.Event) bool { return a(e) || b(e) }, nil
		}
		return func(e *match.Event) bool {
			for _, f := range fs {
				if f(e) {
					return true
				}
			}
			return false
		}, nil
	case *ir.Not:
		f, err := c.expr(x.X)
		if err != nil {
			return nil, err
		}
		return func(e *match.Event) bool { return !f(e) }, nil
	case *ir.Pred:
		return c.pred(x)
	}
	return nil, fmt.Errorf("unknown condition node %T", e)
}

func (c *compiler) list(xs []ir.Expr) ([]pred, error) {
	var fs []pred
	for _, x := range xs {
		f, err := c.expr(x)
		if err != nil {
			return nil, err
		}
		fs = append(fs, f)
	}
	return fs, nil
}

func lit(v ir.Value) (match.Lit, error) {
	switch l := v.(type) {
	case ir.String:
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

func (c *compiler) pred(x *ir.Pred) (pred, error) {
	slot := c.plan.Slot(x.Field.Segs)
	s := x.Str()
	switch x.Op {
	case ir.OpEq, ir.OpIn:
		if len(x.Args) == 0 {
			return func(*match.Event) bool { return false }, nil
		}
		var plain []string
		for _, a := range x.Args {
			if p, ok := golang.PlainString(a); ok {
				plain = append(plain, p)
			}
		}
		if len(plain) == len(x.Args) {
			if len(plain) == 1 {
				p := plain[0]
				return func(e *match.Event) bool { return match.HasStr(e.Vals(slot), p) }, nil
			}
			set := make(map[string]struct{}, len(plain))
			for _, p := range plain {
				set[p] = struct{}{}
			}
			return func(e *match.Event) bool {
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
		var ls []match.Lit
		for _, a := range x.Args {
			l, err := lit(a)
			if err != nil {
				return nil, err
			}
			ls = append(ls, l)
		}
		if len(ls) == 1 {
			l := &ls[0]
			return func(e *match.Event) bool { return match.Eq(e.Vals(slot), l) }, nil
		}
		return func(e *match.Event) bool { return match.In(e.Vals(slot), ls) }, nil
	case ir.OpContains:
		return func(e *match.Event) bool { return match.Contains(e.Vals(slot), s) }, nil
	case ir.OpStartsWith:
		return func(e *match.Event) bool { return match.HasPrefix(e.Vals(slot), s) }, nil
	case ir.OpEndsWith:
		return func(e *match.Event) bool { return match.HasSuffix(e.Vals(slot), s) }, nil
	case ir.OpWildcard:
		g := &match.Glob{}
		for _, p := range x.Glob.Parts {
			gp := match.GlobPart{Kind: partKinds[p.Kind], Text: p.Text, Negated: p.Negated}
			for _, r := range p.Ranges {
				gp.Ranges = append(gp.Ranges, match.Range{Lo: r.Lo, Hi: r.Hi})
			}
			g.Parts = append(g.Parts, gp)
		}
		return func(e *match.Event) bool { return g.Any(e.Vals(slot)) }, nil
	case ir.OpRegex:
		re := x.Re
		return func(e *match.Event) bool { return match.Regex(e.Vals(slot), re) }, nil
	case ir.OpCIDR:
		n := x.Net
		return func(e *match.Event) bool { return match.CIDR(e.Vals(slot), n) }, nil
	case ir.OpGt, ir.OpGte, ir.OpLt, ir.OpLte:
		f, ok := ir.LiteralNumber(x.Arg())
		if !ok {
			return func(*match.Event) bool { return false }, nil
		}
		op := map[ir.Op]match.CmpOp{ir.OpGt: match.Gt, ir.OpGte: match.Gte, ir.OpLt: match.Lt, ir.OpLte: match.Lte}[x.Op]
		return func(e *match.Event) bool { return match.Compare(e.Vals(slot), op, f) }, nil
	case ir.OpIsNull:
		return func(e *match.Event) bool { return match.IsNull(e.Vals(slot)) }, nil
	}
	return nil, fmt.Errorf("operator %v", x.Op)
}
