package kusto

import (
	"fmt"

	"github.com/rulec/rulec/ir"
)

// columnPred is a predicate on a typed scalar column. A string column holds
// "" for a missing or null field, so a predicate that holds for "" cannot
// tell the two apart and is refused; is_null is isempty. Other scalar
// columns hold null for a missing field, which the dynamic-value tests
// (gettype guards) already read as no value.
func (e *emitter) columnPred(p *ir.Pred, c *Column) (Expr, error) {
	col := Col{c.Name}
	if c.Type != TypeString {
		if p.Op == ir.OpIsNull {
			return negate(present(col)), nil
		}
		return e.valuePred(p, col)
	}
	if p.Op == ir.OpIsNull {
		return call("isempty", col), nil
	}
	if ir.EvalPred(p, []any{""}) {
		return nil, e.unsupported(p.At, fmt.Sprintf("%s %s on the string column %s, which holds \"\" for a missing field", p.Op, ir.FormatValue(p.Arg()), c.Name))
	}
	switch p.Op {
	case ir.OpEq, ir.OpIn, ir.OpEqFold, ir.OpInFold:
		fold := p.Op == ir.OpEqFold || p.Op == ir.OpInFold
		var plain, folded []Expr
		var xs []Expr
		for _, lit := range p.Args {
			switch l := lit.(type) {
			case ir.String:
				switch {
				case !fold:
					plain = append(plain, Str(l))
				case foldSafe(string(l)):
					folded = append(folded, Str(l))
				default:
					xs = append(xs, &Cmp{Op: "matches regex", L: col, R: Str("(?i)^" + foldRegexp(string(l)) + "$")})
				}
			case ir.Number:
				xs = append(xs, And(&Cmp{Op: "matches regex", L: col, R: Str(ir.DecimalPattern)},
					&Cmp{Op: "==", L: call("todouble", col), R: Real(l.F)}))
			case ir.Bool:
				plain = append(plain, Str(l.Text()))
			}
		}
		var head []Expr
		if len(plain) == 1 {
			head = append(head, &Cmp{Op: "==", L: col, R: plain[0]})
		} else if len(plain) > 1 {
			head = append(head, &In{X: col, List: plain})
		}
		if len(folded) == 1 {
			head = append(head, &Cmp{Op: "=~", L: col, R: folded[0]})
		} else if len(folded) > 1 {
			head = append(head, &In{X: col, Fold: true, List: folded})
		}
		xs = append(head, xs...)
		if len(xs) == 0 {
			return Bool(false), nil
		}
		return Or(xs...), nil
	case ir.OpGt, ir.OpGte, ir.OpLt, ir.OpLte:
		f, ok := ir.LiteralNumber(p.Arg())
		if !ok {
			return Bool(false), nil
		}
		return And(&Cmp{Op: "matches regex", L: col, R: Str(ir.DecimalPattern)},
			&Cmp{Op: cmpOp(p.Op), L: call("todouble", col), R: Real(f)}), nil
	}
	x, err := e.stringPred(p, col)
	if err != nil {
		return nil, err
	}
	if x == nil {
		return call("isnotempty", col), nil
	}
	return x, nil
}

// quant writes any/all P (C) as an mv-apply over P's values whose subquery
// evaluates C on each value (its own paths fanned out below it) and counts
// the values that satisfy C (any) or fail it (all).
func (e *emitter) quant(q *ir.Quant, sc *scope) (Expr, error) {
	rv, err := e.resolve(q.Path, q.At, sc)
	if err != nil {
		return nil, err
	}
	if rv.col != nil {
		return nil, e.unsupported(q.At, fmt.Sprintf("%s over the %s column %s", q.Keyword(), rv.col.Type, rv.col.Name))
	}
	if sc.elem != nil && len(rv.steps) == 0 {
		// any @ (C) on one value: C on it.
		return e.quantOne(q, sc.elem, sc)
	}
	// A fresh group: the quantifier's subquery holds its own operators.
	apply, last := e.forceExpansion(rv)
	inner := &scope{elem: last, elemType: rv.typ.Base(), groups: map[string]*pathGroup{}}
	c, err := e.cond(q.X, inner)
	if err != nil {
		return nil, err
	}
	if q.All {
		c = negate(c)
	}
	name := e.newFlag()
	apply.Sub = append(apply.Sub, inner.ops...)
	apply.Sub = append(apply.Sub, &Summarize{Aggs: []Agg{{Name: name, Cond: And(isValue(last), c)}}})
	sc.ops = append(sc.ops, apply)
	sc.flags = append(sc.flags, name)
	if q.All {
		return &Cmp{Op: "==", L: Col{name}, R: Long(0)}, nil
	}
	return &Cmp{Op: ">", L: Col{name}, R: Long(0)}, nil
}

// quantOne is a quantifier over @ inside another: the element is one value
// (an array element that is itself an array is not checkable), so any and
// all both test C on it when it is a value, and all holds when it is not.
func (e *emitter) quantOne(q *ir.Quant, v Expr, sc *scope) (Expr, error) {
	c, err := e.cond(q.X, sc)
	if err != nil {
		return nil, err
	}
	if q.All {
		return Or(negate(isValue(v)), c), nil
	}
	return And(isValue(v), c), nil
}

// isValue: the IR yields the value (it is not null and not an array).
func isValue(v Expr) Expr {
	return &Not{X: &In{X: call("gettype", v), List: []Expr{Str("null"), Str("array")}}}
}

// expansion builds the mv-apply that fans out a path, without its final
// summarize, and returns the expression holding one value. Each array
// level the path may hold is one mv-expand (the first one the mv-apply);
// a path that can hold no array needs none: apply is nil and the value is
// the member chain itself.
func (e *emitter) expansion(rv resolved) (*MvApply, Expr) {
	var apply *MvApply
	cur := rv.base
	fan := func(levels int) {
		for range levels {
			v := e.newVar()
			if apply == nil {
				apply = &MvApply{Var: v, Arr: arrayOf(cur)}
			} else {
				apply.Sub = append(apply.Sub, &MvExpand{Var: v, Arr: arrayOf(cur)})
			}
			cur = Col{v}
		}
	}
	fan(rv.levels[0])
	for i, s := range rv.steps {
		cur = &Member{X: cur, Key: s}
		fan(rv.levels[i+1])
	}
	return apply, cur
}

// forceExpansion is expansion with at least one level, for a quantifier,
// whose subquery needs rows (a value that is no array is one element).
func (e *emitter) forceExpansion(rv resolved) (*MvApply, Expr) {
	if rv.levels[len(rv.levels)-1] == 0 {
		rv.levels = append(append([]int(nil), rv.levels[:len(rv.levels)-1]...), 1)
	}
	return e.expansion(rv)
}

// fieldPred writes F OP field(G): an mv-apply over F's values whose
// subquery fans out G's values and counts the pairs that satisfy OP.
func (e *emitter) fieldPred(p *ir.FieldPred, sc *scope) (Expr, error) {
	if p.Op.IsFold() {
		return nil, e.unsupported(p.At, fmt.Sprintf("%s between two fields (Kusto's case-insensitive operators fold ASCII letters only, the IR every letter, and the values are not known in advance)", p.Op))
	}
	fv, err := e.resolve(p.Field, p.At, sc)
	if err != nil {
		return nil, err
	}
	gv, err := e.resolve(p.Ref, p.RefPos, sc)
	if err != nil {
		return nil, err
	}
	if fv.col != nil || gv.col != nil {
		c := fv.col
		if c == nil {
			c = gv.col
		}
		if c.Type == TypeString {
			return nil, e.unsupported(p.At, fmt.Sprintf("a field reference on the string column %s, which holds \"\" for a missing field", c.Name))
		}
	}
	one := func(rv resolved, at ir.Pos) (*MvApply, Expr) {
		if rv.col != nil {
			return nil, Col{rv.col.Name}
		}
		return e.expansion(rv)
	}
	fApply, fLast := one(fv, p.At)
	gApply, gLast := one(gv, p.RefPos)
	pair := fieldOp(p.Op, fLast, gLast)
	if p.Op == ir.OpEq && fv.typ.Base().Stringy() && gv.typ.Base().Stringy() {
		// Two declared strings: equal text is the IR's typed equality (a
		// number or boolean a log holds there compares by its text too).
		pair = And(call("isnotnull", fLast), call("isnotnull", gLast), &Cmp{Op: "==", L: str(fLast), R: str(gLast)})
	}
	name := e.newFlag()
	count := &Summarize{Aggs: []Agg{{Name: name, Cond: pair}}}
	switch {
	case fApply == nil && gApply == nil:
		return pair, nil
	case gApply == nil:
		fApply.Sub = append(fApply.Sub, count)
		sc.ops = append(sc.ops, fApply)
	case fApply == nil:
		gApply.Sub = append(gApply.Sub, count)
		sc.ops = append(sc.ops, gApply)
	default:
		inner := e.newFlag()
		gApply.Sub = append(gApply.Sub, &Summarize{Aggs: []Agg{{Name: inner, Cond: pair}}})
		fApply.Sub = append(fApply.Sub, gApply, count)
		count.Aggs[0].Cond = &Cmp{Op: ">", L: Col{inner}, R: Long(0)}
		sc.ops = append(sc.ops, fApply)
	}
	sc.flags = append(sc.flags, name)
	return &Cmp{Op: ">", L: Col{name}, R: Long(0)}, nil
}

// fieldOp is OP between one value f of the field and one value g of the
// reference, g read as a literal (ir.LiteralOf): typed equality for eq,
// two strings for the string operators.
func fieldOp(op ir.Op, f, g Expr) Expr {
	bothStr := And(isType(f, "string"), isType(g, "string"))
	switch op {
	case ir.OpEq:
		decimal := func(x Expr) Expr {
			return And(isType(x, "string"), &Cmp{Op: "matches regex", L: str(x), R: Str(ir.DecimalPattern)})
		}
		return Or(
			And(bothStr, &Cmp{Op: "==", L: str(f), R: str(g)}),
			And(isNumber(f), isNumber(g), &Cmp{Op: "==", L: call("todouble", f), R: call("todouble", g)}),
			And(decimal(f), isNumber(g), &Cmp{Op: "==", L: call("todouble", str(f)), R: call("todouble", g)}),
			And(isNumber(f), decimal(g), &Cmp{Op: "==", L: call("todouble", f), R: call("todouble", str(g))}),
			And(isType(f, "bool"), isType(g, "bool"), &Cmp{Op: "==", L: call("tobool", f), R: call("tobool", g)}),
			And(isType(f, "string"), isType(g, "bool"), Or(
				And(call("tobool", g), &Cmp{Op: "==", L: str(f), R: Str("true")}),
				And(&Not{X: call("tobool", g)}, &Cmp{Op: "==", L: str(f), R: Str("false")}))),
			And(isType(f, "bool"), isType(g, "string"), Or(
				And(call("tobool", f), &Cmp{Op: "==", L: str(g), R: Str("true")}),
				And(&Not{X: call("tobool", f)}, &Cmp{Op: "==", L: str(g), R: Str("false")}))),
		)
	}
	// contains, starts_with, ends_with: the empty reference is in every
	// string, said without asking Kusto about empty operands.
	return And(bothStr, Or(&Cmp{Op: "==", L: str(g), R: Str("")}, &Cmp{Op: csOp(op), L: str(f), R: str(g)}))
}
