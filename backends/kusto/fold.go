package kusto

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rulec/rulec/strmatch"
)

// foldRegexp writes lit (any case) as an RE2 pattern, to be read under the
// (?i) flag, that matches exactly the strings whose simple lowercase form is
// lit's. RE2's (?i) equates a character with its simple case-folding orbit
// (K, k and the Kelvin sign), which for most characters is the set of code
// points the IR lowercases to it: those are written as themselves. Where
// the two differ, the character becomes a class: under (?i) when the
// class's orbits are exactly the IR's set ("i" is [iİ]: İ lowercases to i
// but is not in i's orbit), else case-sensitively ("s" is (?-i:[Ss]): ſ is
// in s's orbit but lowercases to itself).
func foldRegexp(lit string) string {
	var b strings.Builder
	for _, r := range strmatch.Lower(lit) {
		b.WriteString(foldChar(r))
	}
	return b.String()
}

// foldChar is one character of foldRegexp.
func foldChar(r rune) string {
	pre := strmatch.LowerPreimage(r)
	switch {
	case len(pre) == 0:
		// No code point lowercases to r: nothing matches.
		return `[^\x{0}-\x{10FFFF}]`
	case slices.Equal(orbit([]rune{r}), pre):
		return reLiteral(r)
	case slices.Equal(orbit(pre), pre):
		// A class under (?i) is closed under folding: list only the members
		// that r's orbit does not already bring.
		members := []rune{r}
		for _, x := range pre {
			if !slices.Contains(orbit(members), x) {
				members = append(members, x)
			}
		}
		return reClass(members)
	}
	if len(pre) == 1 {
		return "(?-i:" + reLiteral(pre[0]) + ")"
	}
	return "(?-i:" + reClass(pre) + ")"
}

// orbit returns the set of code points RE2's (?i) equates with some member
// of rs: their simple case-folding orbits, sorted.
func orbit(rs []rune) []rune {
	var out []rune
	for _, r := range rs {
		for x := r; ; {
			if !slices.Contains(out, x) {
				out = append(out, x)
			}
			if x = unicode.SimpleFold(x); x == r {
				break
			}
		}
	}
	slices.Sort(out)
	return out
}

// reLiteral writes one character of an RE2 pattern.
func reLiteral(r rune) string {
	if r < utf8.RuneSelf {
		return regexp.QuoteMeta(string(r))
	}
	if unicode.IsPrint(r) && !unicode.IsMark(r) {
		return string(r)
	}
	return fmt.Sprintf(`\x{%X}`, r)
}

// reClass writes an RE2 class of the members.
func reClass(members []rune) string {
	var b strings.Builder
	b.WriteByte('[')
	for _, c := range members {
		switch {
		case c == ']' || c == '\\' || c == '^' || c == '-' || c == '[':
			b.WriteString(`\` + string(c))
		default:
			b.WriteString(reLiteral(c))
		}
	}
	b.WriteByte(']')
	return b.String()
}
