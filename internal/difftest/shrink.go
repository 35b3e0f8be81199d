package difftest

import (
	"github.com/rulec/rulec/backends"
	"github.com/rulec/rulec/ir"
)

// maxShrinkSteps bounds the work Minimize does on one disagreement; each
// step compiles and evaluates once.
const maxShrinkSteps = 400

// Minimize shrinks a failing condition and event while checker c still
// disagrees with ir.Eval on them: it drops operands of groups, replaces
// groups and negations by their operands, drops in-list values, shortens
// strings, and removes members and array elements of the event. It returns
// the smallest pair found, in the canonical shape the text form gives.
func Minimize(c backends.Checker, id string, cond ir.Expr, event any) (ir.Expr, any) {
	// Prefer the canonical shape, which the regression file can spell.
	if canon := Canonical(cond); Fails(c, id, canon, event) {
		cond = canon
	}
	// Each round tries every variant of the condition, then of the event,
	// and keeps the first that still fails; a batch checker compiles a
	// round's variants at once.
	for steps := 0; steps < maxShrinkSteps; {
		conds := shrinkExpr(cond)
		evs := make([]any, len(conds))
		for i := range evs {
			evs[i] = event
		}
		steps += len(conds)
		if i := FirstFailing(c, id, conds, evs); i >= 0 {
			cond = conds[i]
			continue
		}
		evs = shrinkValue(event)
		conds = make([]ir.Expr, len(evs))
		for i := range conds {
			conds[i] = cond
		}
		steps += len(evs)
		if i := FirstFailing(c, id, conds, evs); i >= 0 {
			event = evs[i]
			continue
		}
		break
	}
	return cond, event
}

// shrinkExpr returns smaller variants of e, smallest changes last.
func shrinkExpr(e ir.Expr) []ir.Expr {
	var out []ir.Expr
	switch x := e.(type) {
	case *ir.And, *ir.Or:
		xs, rebuild := groupParts(x)
		out = append(out, xs...)
		if len(xs) > 1 {
			for i := range xs {
				rest := append(append([]ir.Expr(nil), xs[:i]...), xs[i+1:]...)
				out = append(out, rebuild(rest))
			}
		}
		for i, c := range xs {
			for _, s := range shrinkExpr(c) {
				ys := append([]ir.Expr(nil), xs...)
				ys[i] = s
				out = append(out, rebuild(ys))
			}
		}
	case *ir.Not:
		out = append(out, x.X)
		for _, s := range shrinkExpr(x.X) {
			form := x.Form
			if _, ok := s.(*ir.Pred); !ok {
				form = ir.NotKeyword
			}
			out = append(out, &ir.Not{At: x.At, X: s, Form: form})
		}
	case *ir.Pred:
		out = append(out, shrinkPred(x)...)
	case *ir.Quant:
		// The body stays inside: its paths are relative to the element.
		for _, s := range shrinkExpr(x.X) {
			out = append(out, &ir.Quant{At: x.At, All: x.All, Path: x.Path, X: s})
		}
	}
	return out
}

func groupParts(e ir.Expr) ([]ir.Expr, func([]ir.Expr) ir.Expr) {
	switch x := e.(type) {
	case *ir.And:
		return x.Xs, func(xs []ir.Expr) ir.Expr { return ir.NewAnd(x.At, xs...) }
	case *ir.Or:
		return x.Xs, func(xs []ir.Expr) ir.Expr { return ir.NewOr(x.At, xs...) }
	}
	return nil, nil
}

func shrinkPred(p *ir.Pred) []ir.Expr {
	var out []ir.Expr
	with := func(args []ir.Value) {
		q := *p
		q.Args = args
		if Prepare(&q) == nil {
			out = append(out, &q)
		}
	}
	if p.Op == ir.OpIn {
		for i := range p.Args {
			with(append(append([]ir.Value(nil), p.Args[:i]...), p.Args[i+1:]...))
		}
	}
	// Shorter string operands: drop one rune at a time (a regex or pattern
	// that stops compiling is skipped by Prepare).
	for i, a := range p.Args {
		s, ok := a.(ir.String)
		if !ok {
			continue
		}
		for _, t := range shorterStrings(string(s)) {
			args := append([]ir.Value(nil), p.Args...)
			args[i] = ir.String(t)
			with(args)
		}
	}
	return out
}

// shorterStrings returns s with one rune removed, for each rune, and s cut
// in half; long strings first lose halves.
func shorterStrings(s string) []string {
	r := []rune(s)
	if len(r) == 0 {
		return nil
	}
	var out []string
	if len(r) > 4 {
		out = append(out, string(r[:len(r)/2]), string(r[len(r)/2:]))
	}
	if len(r) <= 64 {
		for i := range r {
			out = append(out, string(r[:i])+string(r[i+1:]))
		}
	}
	return out
}

// shrinkValue returns smaller variants of a JSON value.
func shrinkValue(v any) []any {
	var out []any
	switch x := v.(type) {
	case map[string]any:
		keys := sortedKeys(x)
		if len(keys) > 1 {
			// The smallest variant first: many bugs need no member at all.
			out = append(out, map[string]any{})
		}
		for _, k := range keys {
			m := copyMap(x)
			delete(m, k)
			out = append(out, m)
		}
		for _, k := range keys {
			for _, s := range shrinkValue(x[k]) {
				m := copyMap(x)
				m[k] = s
				out = append(out, m)
			}
		}
	case []any:
		for _, el := range x {
			out = append(out, el)
		}
		for i := range x {
			out = append(out, append(append([]any(nil), x[:i]...), x[i+1:]...))
		}
		for i, el := range x {
			for _, s := range shrinkValue(el) {
				ys := append([]any(nil), x...)
				ys[i] = s
				out = append(out, ys)
			}
		}
	case string:
		for _, t := range shorterStrings(x) {
			out = append(out, t)
		}
	}
	return out
}

func copyMap(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}
