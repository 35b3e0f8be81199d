package kql

import (
	"strings"
	"unicode"

	"github.com/rulec/rulec/ir"
	"github.com/rulec/rulec/strmatch"
)

// eqlFold writes a "~" predicate on a keyword field in EQL (see fold.go):
//   - eq~ and in~ become ":" (EQL's case-insensitive equality, a term query
//     with case_insensitive), or "in~" when a literal holds * or ?, which ":"
//     would read as wildcards;
//   - contains~, starts_with~, ends_with~ and wildcard~ become like~ (a
//     case-insensitive wildcard query). EQL's like has no escape character
//     (x-pack/plugin/eql .../util/StringUtils.toLikePattern turns every *
//     and ? into wildcards), so a literal * or ? cannot be written there;
//   - a literal that holds a character on which Elasticsearch's ASCII-only
//     folding and the IR's Unicode folding disagree (i, k, non-ASCII
//     letters with a case pair), a literal * or ? in a pattern, or a
//     character class, becomes a case-sensitive regex whose classes list
//     every character the IR's folding accepts.
//
// Literals that are not strings (eq~ true, eq~ 403 on a keyword) compare as
// under eq and are written as eq would write them.
func (e *emitter) eqlFold(p *ir.Pred, f field) (string, error) {
	if err := e.emptyDropped(p); err != nil {
		return "", err
	}
	if err := e.dynamicText(p, f); err != nil {
		return "", err
	}
	name := eqlField(f.Name)
	switch p.Op {
	case ir.OpEqFold, ir.OpInFold:
		var colon, in, exact, regex []string
		for _, a := range p.Args {
			s, ok := a.(ir.String)
			if !ok {
				q := *p
				q.Op, q.Args = ir.OpEq, []ir.Value{a}
				str, err := e.eqlPred(&q)
				if err != nil {
					return "", err
				}
				exact = append(exact, str)
				continue
			}
			switch str := string(s); {
			case !foldSafeString(str):
				regex = append(regex, eqlString(foldRegexLiteral(str)))
			case strings.ContainsAny(str, "*?"):
				in = append(in, eqlString(str))
			default:
				colon = append(colon, eqlString(str))
			}
		}
		var parts []string
		if len(colon) > 0 {
			parts = append(parts, name+" : "+eqlList(dedupe(colon)))
		}
		if len(in) > 0 {
			parts = append(parts, name+" in~ ("+strings.Join(dedupe(in), ", ")+")")
		}
		if len(regex) > 0 {
			parts = append(parts, name+" regex "+eqlList(dedupe(regex)))
		}
		parts = append(parts, exact...)
		if len(parts) == 0 {
			return "", e.unsupported(p.At, "an empty in~ list is not supported")
		}
		if len(parts) == 1 {
			return parts[0], nil
		}
		return "(" + strings.Join(parts, " or ") + ")", nil
	case ir.OpContainsFold, ir.OpStartsWithFold, ir.OpEndsWithFold:
		s := p.Str()
		pre, post := "*", "*"
		switch p.Op {
		case ir.OpStartsWithFold:
			pre = ""
		case ir.OpEndsWithFold:
			post = ""
		}
		if likeSafe(s) {
			return name + " like~ " + eqlString(pre+s+post), nil
		}
		re := foldRegexLiteral(s)
		if pre != "" {
			re = ".*" + re
		}
		if post != "" {
			re += ".*"
		}
		return name + " regex " + eqlString(re), nil
	case ir.OpWildcardFold:
		like, ok := "", true
		for _, part := range p.Glob.Parts {
			switch part.Kind {
			case ir.PartLit:
				ok = ok && likeSafe(part.Text)
				like += part.Text
			case ir.PartAnyRun:
				like += "*"
			case ir.PartAnyOne:
				like += "?"
			case ir.PartClass:
				ok = false
			}
		}
		if ok {
			return name + " like~ " + eqlString(like), nil
		}
		var b strings.Builder
		for _, part := range p.Glob.Parts {
			switch part.Kind {
			case ir.PartLit:
				b.WriteString(foldRegexLiteral(part.Text))
			case ir.PartAnyRun:
				b.WriteString(".*")
			case ir.PartAnyOne:
				b.WriteString(".")
			case ir.PartClass:
				b.WriteString(classFromPairs(foldedClass(part.Ranges, part.Negated)))
			}
		}
		return name + " regex " + eqlString(b.String()), nil
	}
	return "", e.unsupported(p.At, "operator %s is not supported", p.Op)
}

// likeSafe reports whether s can be written inside an EQL like~ pattern and
// mean itself under the IR's folding: no *, ? (always wildcards in EQL), no
// U+0001 (the escape character EQL's like uses internally), and only
// characters on which Elasticsearch's folding agrees with the IR's.
func likeSafe(s string) bool {
	return !strings.ContainsAny(s, "*?\x01") && foldSafeString(s)
}

func eqlList(vs []string) string {
	if len(vs) == 1 {
		return vs[0]
	}
	return "(" + strings.Join(vs, ", ") + ")"
}

// foldedClass returns, as sorted rune pairs, every rune x whose lowercase
// form is in the (already lowered) class of a wildcard~ pattern: the runes
// that are their own lowercase form and lie in the class, plus every rune
// that lowers into the class.
func foldedClass(ranges []ir.ClassRange, negated bool) []rune {
	var pairs []rune
	for _, r := range ranges {
		pairs = append(pairs, r.Lo, r.Hi)
	}
	if negated {
		pairs = complement(pairs)
	}
	pairs = mergePairs(pairs)
	in := func(r rune) bool {
		for i := 0; i+1 < len(pairs); i += 2 {
			if r >= pairs[i] && r <= pairs[i+1] {
				return true
			}
		}
		return false
	}
	// Runes that are not their own lowercase form: drop them from the
	// class, then add back those whose lowercase form is in it.
	changed := strmatch.LowerChanging()
	var out []rune
	prev := rune(0)
	for _, x := range changed {
		if x > prev {
			out = append(out, intersect(pairs, prev, x-1)...)
		}
		if in(unicode.ToLower(x)) {
			out = append(out, x, x)
		}
		prev = x + 1
	}
	if prev <= unicode.MaxRune {
		out = append(out, intersect(pairs, prev, unicode.MaxRune)...)
	}
	return mergePairs(out)
}

// intersect returns the parts of the sorted pairs that lie in [lo, hi].
func intersect(pairs []rune, lo, hi rune) []rune {
	var out []rune
	for i := 0; i+1 < len(pairs); i += 2 {
		a, b := max(pairs[i], lo), min(pairs[i+1], hi)
		if a <= b {
			out = append(out, a, b)
		}
	}
	return out
}
