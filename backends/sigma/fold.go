package sigma

import (
	"fmt"
	"sort"
	"strings"
	"unicode"

	"github.com/rulec/rulec/ir"
	"github.com/rulec/rulec/strmatch"
)

// Case-insensitive matching, and the characters Sigma backends fold
// differently.
//
// The IR's "~" operators compare strings after Unicode simple lowercase
// (strmatch.Lower). The Sigma specification says string values match
// case-insensitively by default without defining it beyond ASCII, and its
// backends render it with their engine's own folding:
//
//   - regular-expression engines ((?i) of RE2, PCRE, Python's re, Java's
//     CASE_INSENSITIVE|UNICODE_CASE) use simple case folding, under which
//     "ſ" equals "s" and "ς" equals "σ", and "İ" equals only itself;
//   - Elasticsearch's case_insensitive term and wildcard queries accept, for
//     each character, itself and its Character.toUpperCase (of a lower-case
//     letter) or toLowerCase (of any other), so "K" (Kelvin) matches "k" but
//     "k" does not match the Kelvin sign;
//   - SQL backends compare LOWER(field), which is the simple lowercase in
//     Trino, DuckDB and Java, with a value pySigma's SQL backends lower
//     with Python's str.casefold, the full folding ("ß" becomes "ss").
//
// rulec's Sigma semantics take the IR's simple lowercase (what the SQL
// engines do on the event side). FoldUnsafe finds the literal characters on
// which the engines above disagree with it, and the backend refuses them.
// Event-side characters cannot be checked at compile time: an event holding
// "ſ", the Kelvin sign or "İ" compared with a literal holding "s", "k" or
// "i" matches in some engines and not in others (README, Sigma section).

// FoldUnsafe returns the characters of a case-insensitive literal (in order,
// once each) on which Sigma backends' folding differs from the IR's simple
// lowercase: a non-ASCII character whose simple case-folding orbit, whose
// Elasticsearch case alternatives or whose Python casefold differs from the
// set of characters with its simple lowercase.
func FoldUnsafe(lit string) []rune {
	var out []rune
	for _, r := range lit {
		if r < 0x80 || !foldDiffers(r) {
			continue
		}
		dup := false
		for _, o := range out {
			dup = dup || o == r
		}
		if !dup {
			out = append(out, r)
		}
	}
	return out
}

// foldDiffers reports whether the engines' case-insensitive equality on r
// differs from the IR's.
func foldDiffers(r rune) bool {
	if inRanges(r, casefoldDiffers) {
		return true
	}
	class := lowerClass(r)
	// Simple case folding: the orbit of unicode.SimpleFold.
	orbit := map[rune]bool{r: true}
	for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
		orbit[f] = true
	}
	if !sameSet(orbit, class) {
		return true
	}
	// Elasticsearch: the character and one alternative case.
	alt := unicode.ToLower(r)
	if unicode.IsLower(r) {
		alt = unicode.ToUpper(r)
	}
	es := map[rune]bool{r: true, alt: true}
	return !sameSet(es, class)
}

func sameSet(a, b map[rune]bool) bool {
	if len(a) != len(b) {
		return false
	}
	for r := range a {
		if !b[r] {
			return false
		}
	}
	return true
}

// lowerClass returns the characters whose simple lowercase is r's.
func lowerClass(r rune) map[rune]bool {
	out := map[rune]bool{}
	for _, x := range strmatch.LowerPreimage(unicode.ToLower(r)) {
		out[x] = true
	}
	return out
}

type runeRange struct{ lo, hi rune }

func inRanges(r rune, rs []runeRange) bool {
	for _, x := range rs {
		if r >= x.lo && r <= x.hi {
			return true
		}
	}
	return false
}

// casefoldDiffers lists the characters whose Python str.casefold differs
// from str.lower (Python 3.11, Unicode 14.0: generated with
// [c for c in map(chr, range(0x110000)) if c.casefold() != c.lower()]):
// full foldings (ß, ligatures, Greek with ypogegrammeni), Cherokee (which
// folds to upper case) and the variant letters ſ, ς, ϐ, ϑ, ϕ, ϖ, ϰ, ϱ, ϵ.
var casefoldDiffers = []runeRange{
	{0x00B5, 0x00B5}, {0x00DF, 0x00DF}, {0x0149, 0x0149}, {0x017F, 0x017F}, {0x01F0, 0x01F0},
	{0x0345, 0x0345}, {0x0390, 0x0390}, {0x03B0, 0x03B0}, {0x03C2, 0x03C2}, {0x03D0, 0x03D1},
	{0x03D5, 0x03D6}, {0x03F0, 0x03F1}, {0x03F5, 0x03F5}, {0x0587, 0x0587}, {0x13A0, 0x13F5},
	{0x13F8, 0x13FD}, {0x1C80, 0x1C88}, {0x1E96, 0x1E9B}, {0x1E9E, 0x1E9E}, {0x1F50, 0x1F50},
	{0x1F52, 0x1F52}, {0x1F54, 0x1F54}, {0x1F56, 0x1F56}, {0x1F80, 0x1FAF}, {0x1FB2, 0x1FB4},
	{0x1FB6, 0x1FB7}, {0x1FBC, 0x1FBC}, {0x1FBE, 0x1FBE}, {0x1FC2, 0x1FC4}, {0x1FC6, 0x1FC7},
	{0x1FCC, 0x1FCC}, {0x1FD2, 0x1FD3}, {0x1FD6, 0x1FD7}, {0x1FE2, 0x1FE4}, {0x1FE6, 0x1FE7},
	{0x1FF2, 0x1FF4}, {0x1FF6, 0x1FF7}, {0x1FFC, 0x1FFC}, {0xAB70, 0xABBF}, {0xFB00, 0xFB06},
	{0xFB13, 0xFB17},
}

// foldedGlobRegexp writes a wildcard~ pattern (the IR's lowered glob) as an
// anchored, case-sensitive regular expression (for |re|s) that matches a
// value exactly when its simple lowercase matches the glob: each literal
// character c becomes the set of characters whose lowercase is c, and a
// class the set of characters whose lowercase is in it.
func foldedGlobRegexp(g *ir.Glob) string {
	var b strings.Builder
	b.WriteByte('^')
	for _, part := range g.Parts {
		switch part.Kind {
		case ir.PartLit:
			for _, c := range part.Text {
				set := lowerPreimage(func(r rune) bool { return r == c }, []runeRange{{c, c}})
				b.WriteString(charSet(set, false))
			}
		case ir.PartAnyRun:
			b.WriteString(".*")
		case ir.PartAnyOne:
			b.WriteByte('.')
		case ir.PartClass:
			var rs []runeRange
			for _, r := range part.Ranges {
				rs = append(rs, runeRange{r.Lo, r.Hi})
			}
			in := func(r rune) bool { return inRanges(r, rs) }
			b.WriteString(charSet(lowerPreimage(in, rs), part.Negated))
		}
	}
	b.WriteByte('$')
	return b.String()
}

// lowerPreimage returns the characters whose simple lowercase satisfies in,
// sorted; rs are the ranges in holds on.
func lowerPreimage(in func(rune) bool, rs []runeRange) []rune {
	seen := map[rune]bool{}
	for _, x := range rs {
		for r := x.lo; r <= x.hi; r++ {
			if in(unicode.ToLower(r)) {
				seen[r] = true
			}
			for _, u := range strmatch.LowerPreimage(r) {
				seen[u] = true
			}
		}
	}
	out := make([]rune, 0, len(seen))
	for r := range seen {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// charSet writes a set of characters as one regular-expression atom: the
// character itself when it is alone, else a class of ranges. Characters are
// written as themselves (ASCII punctuation escaped, control characters as
// \xNN), which RE2, PCRE, Python and Java read alike.
func charSet(set []rune, negated bool) string {
	if len(set) == 1 && !negated {
		return reChar(set[0])
	}
	var b strings.Builder
	b.WriteByte('[')
	if negated {
		b.WriteByte('^')
	}
	for i := 0; i < len(set); {
		j := i
		for j+1 < len(set) && set[j+1] == set[j]+1 {
			j++
		}
		b.WriteString(reChar(set[i]))
		if j > i {
			if j > i+1 {
				b.WriteByte('-')
			}
			b.WriteString(reChar(set[j]))
		}
		i = j + 1
	}
	b.WriteByte(']')
	return b.String()
}

func reChar(r rune) string {
	switch {
	case r < 0x20 || r == 0x7f:
		return fmt.Sprintf(`\x%02x`, r)
	case r < 0x80 && !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == ' '):
		return `\` + string(r)
	}
	return string(r)
}
