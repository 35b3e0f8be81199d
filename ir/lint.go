package ir

import (
	"fmt"
	"regexp/syntax"
	"sort"
	"strings"
	"unicode"

	"github.com/rulec/rulec/strmatch"
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
	// quants are the quantifiers around the node being linted, innermost
	// last: inside one, paths are relative to its element, and a condition
	// that never holds on an element does not make the rule never match
	// (all over no element holds).
	quants []*Quant
}

// scope names where a constant sub-condition sits, for messages.
func (l *linter) scope() string {
	if len(l.quants) == 0 {
		return "condition"
	}
	q := l.quants[len(l.quants)-1]
	return fmt.Sprintf("condition of %s %s (...)", q.Keyword(), q.Path.Written())
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
	case *Quant:
		l.quants = append(l.quants, x)
		l.expr(x.X)
		l.quants = l.quants[:len(l.quants)-1]
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
// only on a present value. It compares the operands of one and, which all
// read from the same root (an operand that is a quantifier is compared
// whole, never by the paths inside it).
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
			l.warn(a.At, "%s can never match: it requires both %s and %s", l.scope(), FormatExpr(n.X), FormatExpr(x))
			return
		}
		if p, ok := x.(*Pred); ok && p.Op != OpIsNull && nulls[p.Field.String()] && needsPresent(p) {
			l.warn(a.At, "%s can never match: %s is_null rules out %s", l.scope(), p.Field.Written(), FormatExpr(p))
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
			what := "this or always holds"
			if len(l.quants) > 0 {
				what += " on every element of " + l.quants[len(l.quants)-1].Path.Written()
			}
			l.warn(o.At, "%s: it accepts both %s and %s", what, FormatExpr(n.X), FormatExpr(x))
			return
		}
	}
}

func (l *linter) pred(p *Pred) {
	switch p.Op {
	case OpIn, OpInFold:
		if len(p.Args) == 0 {
			l.warn(p.At, "%s never matches: the list is empty", FormatExpr(p))
			return
		}
		seen := map[string]bool{}
		for _, v := range p.Args {
			k := FormatValue(v)
			if s, ok := v.(String); ok && p.Op == OpInFold {
				k = FormatValue(String(strmatch.Lower(string(s))))
			}
			if seen[k] {
				l.warn(p.ArgPos, "%s lists %s twice", p.Field.Written()+" "+p.Op.String(), k)
			}
			seen[k] = true
		}
	case OpContains, OpStartsWith, OpEndsWith, OpContainsFold, OpStartsWithFold, OpEndsWithFold:
		if p.Str() == "" {
			l.warn(p.ArgPos, "%s with an empty string matches every string value; is_not_null or a real value was probably meant", p.Op)
		}
	case OpWildcard, OpWildcardFold:
		if p.Glob != nil && matchesEveryString(p.Glob) {
			l.warn(p.ArgPos, "%s %s matches every string value", p.Op, Quote(p.Str()))
		}
	case OpRegex:
		if s, note := regexSimpler(p.Str()); s != "" {
			l.warn(p.ArgPos, "regex %s could be written %s %s%s", Quote(p.Str()), p.Field.Written(), s, note)
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
// starts_with, literal$ ends_with; under (?i) the same with the "~"
// operators, and ^literal$ is eq~ (unless the literal reads as a number or a
// boolean, which eq~ also matches in non-string values). RE2's (?i) folds
// case orbits (s also matches ſ) where "~" lowercases (İ lowers to i), so
// when the literal holds such letters note says where the two differ.
func regexSimpler(pattern string) (form, note string) {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return "", ""
	}
	re = re.Simplify()
	// lit returns the literal of x and whether it folds case.
	lit := func(x *syntax.Regexp) (string, bool, bool) {
		if x.Op != syntax.OpLiteral {
			return "", false, false
		}
		s := string(x.Rune)
		if x.Flags&syntax.FoldCase != 0 {
			return strmatch.Lower(s), true, true
		}
		return s, false, true
	}
	spell := func(op Op, s string, fold bool) (string, string) {
		if fold {
			return op.Fold().String() + " " + Quote(s), foldDifference(s)
		}
		return op.String() + " " + Quote(s), ""
	}
	if s, fold, ok := lit(re); ok {
		return spell(OpContains, s, fold)
	}
	if re.Op != syntax.OpConcat {
		return "", ""
	}
	switch len(re.Sub) {
	case 2:
		a, b := re.Sub[0], re.Sub[1]
		if s, fold, ok := lit(b); ok && a.Op == syntax.OpBeginText {
			return spell(OpStartsWith, s, fold)
		}
		if s, fold, ok := lit(a); ok && b.Op == syntax.OpEndText {
			return spell(OpEndsWith, s, fold)
		}
	case 3:
		// ^literal$ is eq only where eq cannot meet a number or a boolean;
		// without (?i) the catalog's own rules keep the regex, so only the
		// folding form is suggested.
		s, fold, ok := lit(re.Sub[1])
		if ok && fold && re.Sub[0].Op == syntax.OpBeginText && re.Sub[2].Op == syntax.OpEndText &&
			!IsDecimal(s) && s != "true" && s != "false" {
			return spell(OpEq, s, true)
		}
	}
	return "", ""
}

// foldDifference says which letters a (?i) regex literal s and the "~"
// operator on s treat differently, or "" when they agree on every string.
func foldDifference(s string) string {
	var regexOnly, foldOnly []string
	seen := map[rune]bool{}
	for _, r := range s {
		if seen[r] {
			continue
		}
		seen[r] = true
		orbit := map[rune]bool{r: true}
		for c := unicode.SimpleFold(r); c != r; c = unicode.SimpleFold(c) {
			orbit[c] = true
		}
		lowers := lowerPreimage(r)
		for c := range orbit {
			if !lowers[c] {
				regexOnly = append(regexOnly, fmt.Sprintf("%c for %c", c, r))
			}
		}
		for c := range lowers {
			if !orbit[c] {
				foldOnly = append(foldOnly, fmt.Sprintf("%c for %c", c, r))
			}
		}
	}
	if len(regexOnly)+len(foldOnly) == 0 {
		return ""
	}
	sort.Strings(regexOnly)
	sort.Strings(foldOnly)
	var parts []string
	if len(regexOnly) > 0 {
		parts = append(parts, "only the regex matches "+strings.Join(regexOnly, ", "))
	}
	if len(foldOnly) > 0 {
		parts = append(parts, "only the ~ form matches "+strings.Join(foldOnly, ", "))
	}
	return " (they differ on rare letters: " + strings.Join(parts, "; ") + ")"
}

// lowerPreimage returns the runes whose simple lowercase is that of r.
func lowerPreimage(r rune) map[rune]bool {
	out := map[rune]bool{}
	for _, c := range strmatch.LowerPreimage(unicode.ToLower(r)) {
		out[c] = true
	}
	return out
}
