package ir

import (
	"bytes"
	"encoding/json"
	"strings"
)

// Format prints a condition in the condition language, one top-level
// conjunct per line, so that parsing the text gives back the same condition.
// Fields are printed as the author wrote them (data-model aliases included).
func Format(e Expr) string {
	var lines []string
	for _, c := range Conjuncts(e) {
		lines = append(lines, FormatExpr(c))
	}
	return strings.Join(lines, "\n")
}

// FormatExpr prints one expression on one line.
func FormatExpr(e Expr) string {
	var b strings.Builder
	formatExpr(&b, e, precOr)
	return b.String()
}

const (
	precOr = iota
	precAnd
	precUnary
)

func formatExpr(b *strings.Builder, e Expr, outer int) {
	switch x := e.(type) {
	case nil:
		// The empty conjunction: nothing to print.
	case *And:
		if len(x.Xs) == 0 {
			// An empty And only arises from an empty condition, which the
			// language cannot spell; print nothing.
			return
		}
		group(b, outer > precAnd, func() {
			for i, c := range x.Xs {
				if i > 0 {
					b.WriteString(" and ")
				}
				formatExpr(b, c, precAnd+1)
			}
		})
	case *Or:
		group(b, outer > precOr, func() {
			for i, c := range x.Xs {
				if i > 0 {
					b.WriteString(" or ")
				}
				formatExpr(b, c, precOr+1)
			}
		})
	case *Not:
		if p, ok := x.X.(*FieldPred); ok {
			switch {
			case x.Form == NotNe && (p.Op == OpEq || p.Op == OpEqFold):
				formatFieldPred(b, p, "ne"+strings.TrimPrefix(p.Op.String(), "eq"))
				return
			case x.Form == NotInfix:
				formatFieldPred(b, p, "not "+p.Op.String())
				return
			}
		}
		if p, ok := x.X.(*Pred); ok {
			switch {
			case x.Form == NotNe && (p.Op == OpEq || p.Op == OpEqFold):
				formatPred(b, p, "ne"+strings.TrimPrefix(p.Op.String(), "eq"))
				return
			case x.Form == NotIsNotNull && p.Op == OpIsNull:
				formatPred(b, p, "is_not_null")
				return
			case x.Form == NotInfix:
				formatPred(b, p, "not "+p.Op.String())
				return
			}
		}
		b.WriteString("not ")
		formatExpr(b, x.X, precUnary)
	case *Pred:
		formatPred(b, x, x.Op.String())
	case *FieldPred:
		formatFieldPred(b, x, x.Op.String())
	case *Quant:
		b.WriteString(x.Keyword())
		b.WriteByte(' ')
		b.WriteString(x.Path.Written())
		b.WriteString(" (")
		formatExpr(b, x.X, precOr)
		b.WriteByte(')')
	}
}

func formatFieldPred(b *strings.Builder, p *FieldPred, op string) {
	b.WriteString(p.Field.Written())
	b.WriteByte(' ')
	b.WriteString(op)
	b.WriteString(" field(")
	b.WriteString(p.Ref.Written())
	b.WriteByte(')')
}

func group(b *strings.Builder, paren bool, body func()) {
	if paren {
		b.WriteByte('(')
	}
	body()
	if paren {
		b.WriteByte(')')
	}
}

func formatPred(b *strings.Builder, p *Pred, op string) {
	b.WriteString(p.Field.Written())
	b.WriteByte(' ')
	b.WriteString(op)
	switch p.Op.Arity() {
	case ArityNone:
	case ArityList:
		b.WriteString(" [")
		for i, v := range p.Args {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(FormatValue(v))
		}
		b.WriteByte(']')
	default:
		b.WriteByte(' ')
		b.WriteString(FormatValue(p.Arg()))
	}
}

// FormatValue prints a literal: strings as JSON strings, numbers as written.
func FormatValue(v Value) string {
	switch x := v.(type) {
	case String:
		return Quote(string(x))
	case Number:
		return x.Lit
	case Bool:
		return x.Text()
	}
	return "?"
}

// Quote returns s as a JSON string literal without HTML escaping.
func Quote(s string) string {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // a string always encodes
	return strings.TrimSuffix(buf.String(), "\n")
}

// Dump prints a condition as a stable s-expression of its meaning (no
// positions, no spelling forms), for tests that compare conditions.
func Dump(e Expr) string {
	var b strings.Builder
	dump(&b, e)
	return b.String()
}

func dump(b *strings.Builder, e Expr) {
	switch x := e.(type) {
	case nil:
		b.WriteString("true")
	case *And:
		dumpList(b, "and", x.Xs)
	case *Or:
		dumpList(b, "or", x.Xs)
	case *Not:
		b.WriteString("(not ")
		dump(b, x.X)
		b.WriteByte(')')
	case *Pred:
		b.WriteByte('(')
		b.WriteString(x.Op.String())
		b.WriteByte(' ')
		b.WriteString(x.Field.String())
		for _, v := range x.Args {
			b.WriteByte(' ')
			switch v := v.(type) {
			case String:
				b.WriteString(Quote(string(v)))
			case Number:
				b.WriteString("#" + v.Lit)
			case Bool:
				b.WriteString("#" + v.Text())
			}
		}
		b.WriteByte(')')
	case *FieldPred:
		b.WriteString("(" + x.Op.String() + " " + x.Field.String() + " (field " + x.Ref.String() + "))")
	case *Quant:
		b.WriteString("(" + x.Keyword() + " " + x.Path.String() + " ")
		dump(b, x.X)
		b.WriteByte(')')
	}
}

func dumpList(b *strings.Builder, op string, xs []Expr) {
	b.WriteByte('(')
	b.WriteString(op)
	for _, x := range xs {
		b.WriteByte(' ')
		dump(b, x)
	}
	b.WriteByte(')')
}

// Walk calls f for e and, while f returns true, for its operands, depth first.
func Walk(e Expr, f func(Expr) bool) {
	if e == nil || !f(e) {
		return
	}
	switch x := e.(type) {
	case *And:
		for _, c := range x.Xs {
			Walk(c, f)
		}
	case *Or:
		for _, c := range x.Xs {
			Walk(c, f)
		}
	case *Not:
		Walk(x.X, f)
	case *Quant:
		// The operand's paths are relative to the quantified values; callers
		// that need to tell them apart stop at the Quant (return false).
		Walk(x.X, f)
	}
}

// Preds returns every predicate of e in source order, those inside
// quantifiers included (their paths are relative to the element).
func Preds(e Expr) []*Pred {
	var out []*Pred
	Walk(e, func(x Expr) bool {
		if p, ok := x.(*Pred); ok {
			out = append(out, p)
		}
		return true
	})
	return out
}

// Fields returns the distinct paths e reads from its root, in first-use
// order. A path inside a quantifier is joined to the quantifier's path
// ("any bindings (role eq x)" reads bindings.role; "@" reads bindings), and a
// field reference reads both of its paths.
func Fields(e Expr) []Path {
	seen := map[string]bool{}
	var out []Path
	add := func(p Path) {
		k := p.String()
		if !seen[k] {
			seen[k] = true
			out = append(out, p)
		}
	}
	var walk func(e Expr, base []string)
	walk = func(e Expr, base []string) {
		Walk(e, func(x Expr) bool {
			switch x := x.(type) {
			case *Pred:
				add(JoinPath(base, x.Field))
			case *FieldPred:
				add(JoinPath(base, x.Field))
				add(JoinPath(base, x.Ref))
			case *Quant:
				inner := JoinPath(base, x.Path)
				walk(x.X, inner.Segs)
				return false
			}
			return true
		})
	}
	walk(e, nil)
	return out
}

// JoinPath returns p read from the element reached at base: base's segments
// followed by p's. An alias is kept only at the root, where it was written.
func JoinPath(base []string, p Path) Path {
	if len(base) == 0 {
		return p
	}
	segs := make([]string, 0, len(base)+len(p.Segs))
	segs = append(append(segs, base...), p.Segs...)
	return Path{Segs: segs}
}

// NewAnd builds a conjunction, flattening nested Ands and collapsing a single
// operand, so equal conditions have equal shapes however they were written.
func NewAnd(at Pos, xs ...Expr) Expr {
	var flat []Expr
	for _, x := range xs {
		if a, ok := x.(*And); ok {
			flat = append(flat, a.Xs...)
		} else if x != nil {
			flat = append(flat, x)
		}
	}
	if len(flat) == 1 {
		return flat[0]
	}
	return &And{At: at, Xs: flat}
}

// NewOr builds a disjunction, flattening nested Ors and collapsing a single
// operand.
func NewOr(at Pos, xs ...Expr) Expr {
	var flat []Expr
	for _, x := range xs {
		if o, ok := x.(*Or); ok {
			flat = append(flat, o.Xs...)
		} else {
			flat = append(flat, x)
		}
	}
	if len(flat) == 1 {
		return flat[0]
	}
	return &Or{At: at, Xs: flat}
}
