package kql

import (
	"unicode"

	"github.com/rulec/rulec/strmatch"
)

// Case folding: the IR's "~" operators against Elasticsearch's.
//
// The IR folds both sides with the Unicode simple lowercase mapping
// (strmatch.Lower): a value character x matches a literal character c when
// Lower(x) == Lower(c). Elasticsearch's case-insensitive term, prefix and
// wildcard queries (the Query DSL "case_insensitive": true that EQL's ":",
// "in~" and "like~" translate to) build their automaton per code point with
// AutomatonQueries.toCaseInsensitiveChar (server/src/main/java/org/
// elasticsearch/common/lucene/search/AutomatonQueries.java): a code point
// above 128 matches only itself ("For now we only work with ASCII
// characters"), and an ASCII code point c matches c and
// Character.isLowerCase(c) ? toUpperCase(c) : toLowerCase(c), its ASCII
// other case. There is no locale and no full mapping: it is ASCII case
// swapping per code point.
//
// The two agree on a literal character c exactly when the set of value
// characters the IR accepts, {x : Lower(x) == Lower(c)}, is the set
// Elasticsearch accepts. They differ on:
//   - i, I and k, K: U+0130 (İ) lowers to i and U+212A (Kelvin sign) to k, so
//     the IR's eq~ "kelvin" matches "\u212Aelvin", which Elasticsearch misses;
//   - every non-ASCII letter with a case pair (é/É, σ/Σ, ß/ẞ, ...), which
//     Elasticsearch compares exactly.
//
// So the raw profile does not use them: its index template gives every
// keyword a multi-field NAME.caseless under the lowercase normalizer
// (Lucene's LowerCaseFilter: Character.toLowerCase per code point, the
// simple lowercase mapping), and a "~" predicate is the exact predicate on
// NAME.caseless with the literal lowered, in KQL and EQL (caselessSuffix).
// (Both read UnicodeData.txt: Go's tables and the JDK bundled with
// Elasticsearch 8 are at Unicode 15; a letter added in a later version could
// fold on one side only.)
//
// The ecs profile has no such field. There, characters that agree are
// "safe": a literal whose characters are all safe is sent through ":",
// "in~" or "like~"; any other literal is written as a case-sensitive Lucene
// regexp whose classes list exactly the characters the IR accepts
// ([kK\u212A]), so no literal is refused and none is approximated.

// foldClass returns every rune the IR's folding lets match the literal
// rune c: {x : Lower(x) == Lower(c)}, sorted.
func foldClass(c rune) []rune { return strmatch.FoldClass(c) }

// esFoldSet returns the runes Elasticsearch's case-insensitive queries let
// match the query rune c (toCaseInsensitiveChar).
func esFoldSet(c rune) []rune {
	if c > 128 {
		return []rune{c}
	}
	alt := unicode.ToLower(c)
	if unicode.IsLower(c) {
		alt = unicode.ToUpper(c)
	}
	if alt == c {
		return []rune{c}
	}
	return []rune{min(c, alt), max(c, alt)}
}

// esFoldEqual reports whether value rune x matches query rune c in a
// case_insensitive query.
func esFoldEqual(c, x rune) bool {
	for _, r := range esFoldSet(c) {
		if r == x {
			return true
		}
	}
	return false
}

// foldSafe reports whether Elasticsearch's case-insensitive matching of c
// accepts exactly the runes the IR's folding accepts.
func foldSafe(c rune) bool {
	a, b := foldClass(c), esFoldSet(c)
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// foldSafeString reports whether every rune of s is foldSafe.
func foldSafeString(s string) bool {
	for _, r := range s {
		if !foldSafe(r) {
			return false
		}
	}
	return true
}

// foldRegexClass renders the Lucene regexp for one literal rune under the
// IR's folding: the rune itself when nothing else folds to it, else a class
// of every rune that does.
func foldRegexClass(c rune) string {
	xs := foldClass(c)
	if len(xs) == 1 {
		return luceneQuote(string(xs[0]))
	}
	var pairs []rune
	for _, x := range xs {
		pairs = append(pairs, x, x)
	}
	return classFromPairs(pairs)
}

// foldRegexLiteral renders s as a Lucene regexp matching exactly the strings
// whose Lower equals Lower(s).
func foldRegexLiteral(s string) string {
	var out []byte
	for _, r := range s {
		out = append(out, foldRegexClass(r)...)
	}
	return string(out)
}
