package ir

import (
	"fmt"
	"regexp/syntax"
	"strings"
)

// Lint reports suspicious but valid constructs of r as warnings, and rule
// properties no command can work without (an ID) as errors. Lints are
// conservative: each one names a construct that is certainly redundant,
// certainly constant, or certainly simpler to write, under the semantics of
// Eval (fan-out over arrays included, so "a eq 1 and a eq 2" is not flagged:
// an array can hold both).
func Lint(r *Rule) ErrorList {
	l := &linter{r: r}
	if r.ID == "" {
		l.errs.Add(&Error{File: r.File, Pos: r.At, Code: CodePage, Msg: "rule has no RuleID"})
	} else if strings.ContainsAny(r.ID, "/\\<>&\"%\n\r\t") || strings.TrimSpace(r.ID) != r.ID {
		l.warn(r.At, "rule ID %q holds characters (/ \\ < > & \" %%, line breaks, tabs or surrounding spaces) Panther rejects and file names cannot hold", r.ID)
	}
	switch r.Severity {
	case SeverityInfo, SeverityLow, SeverityMedium, SeverityHigh, SeverityCritical:
	case "":
		l.warn(r.At, "rule %s has no severity", r.ID)
	default:
		l.warn(r.At, "rule %s: unknown severity %q: want Info, Low, Medium, High or Critical", r.ID, r.Severity)
	}
	if len(r.Tests) == 0 {
		l.warn(r.At, "rule %s has no tests", r.ID)
	}
	names := map[string]bool{}
	for _, t := range r.Tests {
		if names[t.Name] {
			l.warn(t.At, "rule %s: two tests are named %q", r.ID, t.Name)
		}
		names[t.Name] = true
	}
	if r.Cond != nil {
		l.expr(r.Cond)
	}
	return l.errs
}

type linter struct {
	r    *Rule
	errs ErrorList
}

func (l *linter) warn(at Pos, format string, args ...any) {
	l.errs.Add(&Error{File: l.r.File, Pos: at, Code: CodeLint, Warning: true, Msg: fmt.Sprintf(format, args...)})
}

func (l *linter) expr(e Expr) {
	switch x := e.(type) {
	case *And:
		l.repeated(x.Xs, "and")
		l.contradiction(x)
		for _, c := range x.Xs {
			l.expr(c)
		}
	case *Or:
		l.repeated(x.Xs, "or")
		l.tautology(x)
		for _, c := range x.Xs {
			l.expr(c)
		}
	case *Not:
		if n, ok := x.X.(*Not); ok {
			l.warn(x.At, "double negation: %s is %s", FormatExpr(x), FormatExpr(n.X))
		}
		l.expr(x.X)
	case *Pred:
		l.pred(x)
	}
}

// repeated flags an operand written twice in one and/or.
func (l *linter) repeated(xs []Expr, op string) {
	seen := map[string]bool{}
	for _, x := range xs {
		d := Dump(x)
		if seen[d] {
			l.warn(x.Pos(), "%s appears twice in the same %s", FormatExpr(x), op)
		}
		seen[d] = true
	}
}

// contradiction flags "X and not X", and "F is_null and P(F)" where P holds
// only on a present value.
func (l *linter) contradiction(a *And) {
	dumps := map[string]bool{}
	nulls := map[string]bool{}
	for _, x := range a.Xs {
		dumps[Dump(x)] = true
		if p, ok := x.(*Pred); ok && p.Op == OpIsNull {
			nulls[p.Field.String()] = true
		}
	}
	for _, x := range a.Xs {
		if n, ok := x.(*Not); ok && dumps[Dump(n.X)] {
			l.warn(a.At, "condition can never match: it requires both %s and %s", FormatExpr(n.X), FormatExpr(x))
			return
		}
		if p, ok := x.(*Pred); ok && p.Op != OpIsNull && nulls[p.Field.String()] && needsPresent(p) {
			l.warn(a.At, "condition can never match: %s is_null rules out %s", p.Field.Written(), FormatExpr(p))
			return
		}
	}
}

// needsPresent reports whether p can hold only on a present value: it fails
// on every value is_null accepts ("", {}; [] yields no value at all).
func needsPresent(p *Pred) bool {
	return !EvalPred(p, []any{""}) && !EvalPred(p, []any{map[string]any{}}) && !EvalPred(p, nil)
}

// tautology flags "X or not X".
func (l *linter) tautology(o *Or) {
	dumps := map[string]bool{}
	for _, x := range o.Xs {
		dumps[Dump(x)] = true
	}
	for _, x := range o.Xs {
		if n, ok := x.(*Not); ok && dumps[Dump(n.X)] {
			l.warn(o.At, "this or always holds: it accepts both %s and %s", FormatExpr(n.X), FormatExpr(x))
			return
		}
	}
}

func (l *linter) pred(p *Pred) {
	switch p.Op {
	case OpIn:
		if len(p.Args) == 0 {
			l.warn(p.At, "%s never matches: the list is empty", FormatExpr(p))
			return
		}
		seen := map[string]bool{}
		for _, v := range p.Args {
			k := FormatValue(v)
			if seen[k] {
				l.warn(p.ArgPos, "%s lists %s twice", p.Field.Written()+" in", k)
			}
			seen[k] = true
		}
	case OpContains, OpStartsWith, OpEndsWith:
		if p.Str() == "" {
			l.warn(p.ArgPos, "%s with an empty string matches every string value; is_not_null or a real value was probably meant", p.Op)
		}
	case OpWildcard:
		if p.Glob != nil && matchesEveryString(p.Glob) {
			l.warn(p.ArgPos, "wildcard %s matches every string value", Quote(p.Str()))
		}
	case OpRegex:
		if s := regexSimpler(p.Str()); s != "" {
			l.warn(p.ArgPos, "regex %s could be written %s %s", Quote(p.Str()), p.Field.Written(), s)
		}
	}
}

// matchesEveryString reports whether g is made of stars only.
func matchesEveryString(g *Glob) bool {
	for _, p := range g.Parts {
		if p.Kind != PartAnyRun {
			return false
		}
	}
	return len(g.Parts) > 0
}

// regexSimpler returns a string-operator form equivalent to pattern (on
// string values), or "" when there is none: a literal is contains, ^literal
// starts_with, literal$ ends_with.
func regexSimpler(pattern string) string {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return ""
	}
	re = re.Simplify()
	lit := func(x *syntax.Regexp) (string, bool) {
		if x.Op != syntax.OpLiteral || x.Flags&syntax.FoldCase != 0 {
			return "", false
		}
		return string(x.Rune), true
	}
	if s, ok := lit(re); ok {
		return "contains " + Quote(s)
	}
	if re.Op != syntax.OpConcat || len(re.Sub) != 2 {
		return ""
	}
	a, b := re.Sub[0], re.Sub[1]
	if s, ok := lit(b); ok && a.Op == syntax.OpBeginText {
		return "starts_with " + Quote(s)
	}
	if s, ok := lit(a); ok && b.Op == syntax.OpEndText {
		return "ends_with " + Quote(s)
	}
	return ""
}
