package kql

import (
	"regexp/syntax"
	"strings"
	"unicode"

	"github.com/rulec/rulec/ir"
	"github.com/rulec/rulec/strmatch"
)

// numberAlphabet holds every character a JSON number's text can contain.
const numberAlphabet = "0123456789+-.eE"

func inNumberAlphabet(r rune) bool { return strings.ContainsRune(numberAlphabet, r) }

// dynamicText reports the error for a predicate on a keyword that may hold
// numbers and booleans (a path the mapping does not declare, or a key of a
// flattened field): Elasticsearch indexes them as their JSON text, which a
// pattern could match where the IR's string operators never match a number
// or a boolean, and a number spelled differently ("403.0") would miss a
// decimal literal the IR compares numerically.
func (e *emitter) dynamicText(p *ir.Pred, f field) error {
	if f.Type != Keyword || (f.Scalar && !f.Flattened) {
		return nil
	}
	where := "keyword field " + f.Name
	if f.Flattened {
		where = "key " + f.Name + " of flattened field " + f.Root
	}
	switch p.Op.Exact() {
	case ir.OpEq, ir.OpIn:
		for _, a := range p.Args {
			if s, ok := a.(ir.String); ok && ir.IsDecimal(string(s)) {
				return e.unsupported(p.ArgPos, "equality with the numeric string %s is not supported on %s: it may hold JSON numbers, which Elasticsearch indexes as their text, so 403.0 would miss \"403\" (%s)", ir.Quote(string(s)), where, e.declareHint("a number or a string"))
			}
		}
	case ir.OpContains, ir.OpStartsWith, ir.OpEndsWith, ir.OpWildcard, ir.OpRegex:
		if ir.EvalPred(p, []any{"true"}) || ir.EvalPred(p, []any{"false"}) || !requiresNonNumberChar(p) {
			return e.unsupported(p.ArgPos, "%s %s is not supported on %s: it may hold JSON numbers and booleans, which Elasticsearch indexes as their text, and the pattern could match that text (%s)", p.Op, ir.FormatValue(p.Arg()), where, e.declareHint("a string"))
		}
	}
	return nil
}

// requiresNonNumberChar reports whether every string the predicate matches
// contains a character no JSON number's text has, so that it can never
// match a number indexed as text.
//
// Under a "~" operator a literal character c matches the value characters x
// with Lower(x) == Lower(c); the lowered alphabet is "0-9+-.e", which
// numberAlphabet contains, so testing Lower(c) against numberAlphabet is
// exact (a wildcard~ pattern is already lowered).
func requiresNonNumberChar(p *ir.Pred) bool {
	switch p.Op {
	case ir.OpContains, ir.OpStartsWith, ir.OpEndsWith:
		return strings.IndexFunc(p.Str(), func(r rune) bool { return !inNumberAlphabet(r) }) >= 0
	case ir.OpContainsFold, ir.OpStartsWithFold, ir.OpEndsWithFold:
		return strings.IndexFunc(strmatch.Lower(p.Str()), func(r rune) bool { return !inNumberAlphabet(r) }) >= 0
	case ir.OpWildcard, ir.OpWildcardFold:
		return globRequiresNonNumberChar(p.Glob, p.Op.IsFold())
	case ir.OpRegex:
		re, err := syntax.Parse(p.Re.String(), syntax.Perl)
		return err == nil && reRequiresNonNumber(re)
	}
	return false
}

// globRequiresNonNumberChar reports whether every string the glob matches
// (after lowering, when lower is set) contains a character outside
// numberAlphabet: some literal character or class excludes all of it.
func globRequiresNonNumberChar(g *ir.Glob, lower bool) bool {
	for _, part := range g.Parts {
		switch part.Kind {
		case ir.PartLit:
			if strings.IndexFunc(part.Text, func(r rune) bool { return !inNumberAlphabet(r) }) >= 0 {
				return true
			}
		case ir.PartClass:
			member := false
			for _, r := range numberAlphabet {
				if lower {
					r = unicode.ToLower(r)
				}
				if part.ClassMatch(r) {
					member = true
				}
			}
			if !member {
				return true
			}
		}
	}
	return false
}

// reRequiresNonNumber reports whether every match of re contains a rune
// outside numberAlphabet.
func reRequiresNonNumber(re *syntax.Regexp) bool {
	switch re.Op {
	case syntax.OpLiteral:
		for _, r := range re.Rune {
			runes := []rune{r}
			if re.Flags&syntax.FoldCase != 0 {
				runes = foldOrbit(r)
			}
			outside := true
			for _, x := range runes {
				if inNumberAlphabet(x) {
					outside = false
				}
			}
			if outside {
				return true
			}
		}
		return false
	case syntax.OpCharClass:
		if len(re.Rune) == 0 {
			return false
		}
		for _, r := range numberAlphabet {
			for i := 0; i+1 < len(re.Rune); i += 2 {
				if r >= re.Rune[i] && r <= re.Rune[i+1] {
					return false
				}
			}
		}
		return true
	case syntax.OpConcat:
		for _, s := range re.Sub {
			if reRequiresNonNumber(s) {
				return true
			}
		}
		return false
	case syntax.OpAlternate:
		for _, s := range re.Sub {
			if !reRequiresNonNumber(s) {
				return false
			}
		}
		return len(re.Sub) > 0
	case syntax.OpCapture, syntax.OpPlus:
		return reRequiresNonNumber(re.Sub[0])
	case syntax.OpRepeat:
		return re.Min > 0 && reRequiresNonNumber(re.Sub[0])
	}
	return false
}
