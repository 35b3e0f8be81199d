package kql

import "regexp/syntax"

// alt is one alternative of a regex that is a union of literals: the text,
// and whether it is anchored at the start (^) and at the end ($).
type alt struct {
	text       string
	begin, end bool
}

// maxAlternatives bounds the expansion of a literal union.
const maxAlternatives = 64

// literalUnion reports whether the RE2 pattern (an unanchored search) is
// exactly a union of literals, each optionally anchored with ^ and $, such as
// ^(Add|Attach|Create). It returns the alternatives; a case-insensitive part,
// a repetition, a character class of more than one character or an anchor
// in the middle makes it false.
func literalUnion(pattern string) ([]alt, bool) {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return nil, false
	}
	alts, ok := expand(re)
	if !ok || len(alts) == 0 {
		return nil, false
	}
	return alts, true
}

func expand(re *syntax.Regexp) ([]alt, bool) {
	switch re.Op {
	case syntax.OpLiteral:
		if re.Flags&syntax.FoldCase != 0 {
			return nil, false
		}
		return []alt{{text: string(re.Rune)}}, true
	case syntax.OpCharClass:
		// A one-character class such as [.] is a literal.
		if len(re.Rune) == 2 && re.Rune[0] == re.Rune[1] {
			return []alt{{text: string(re.Rune[0])}}, true
		}
		return nil, false
	case syntax.OpEmptyMatch:
		return []alt{{}}, true
	case syntax.OpBeginText:
		return []alt{{begin: true}}, true
	case syntax.OpEndText:
		return []alt{{end: true}}, true
	case syntax.OpCapture:
		return expand(re.Sub[0])
	case syntax.OpAlternate:
		var out []alt
		for _, s := range re.Sub {
			a, ok := expand(s)
			if !ok {
				return nil, false
			}
			out = append(out, a...)
			if len(out) > maxAlternatives {
				return nil, false
			}
		}
		return out, true
	case syntax.OpConcat:
		acc := []alt{{}}
		for _, s := range re.Sub {
			next, ok := expand(s)
			if !ok {
				return nil, false
			}
			var out []alt
			for _, a := range acc {
				for _, n := range next {
					// An anchor is only meaningful at the edges: ^ before any
					// text, $ after all of it.
					if a.end && (n.text != "" || n.begin) {
						return nil, false
					}
					if n.begin && (a.text != "" || a.end) {
						return nil, false
					}
					out = append(out, alt{text: a.text + n.text, begin: a.begin || n.begin, end: a.end || n.end})
				}
			}
			if len(out) > maxAlternatives {
				return nil, false
			}
			acc = out
		}
		return acc, true
	}
	return nil, false
}
