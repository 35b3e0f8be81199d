package strmatch

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Lower maps every code point of s by the Unicode simple lowercase mapping
// (UnicodeData.txt field 13), the folding of the language's "~" operators.
// It is what Go's unicode.ToLower, Java's Character.toLowerCase(int) (so
// Trino's lower) and DuckDB's lower do, and not Python's full mapping: "İ"
// stays one code point ("i̇" would be two), "ß" stays "ß", the Kelvin sign
// becomes "k", and "ſ" (long s) is already lower case and stays "ſ". Note
// that strings.EqualFold is a different relation (it folds "ſ" to "s").
//
// Invalid UTF-8 bytes are kept as they are, so Lower of a valid string is
// valid and Lower never changes a string that has no upper-case letter.
func Lower(s string) string {
	// Fast path: nothing to change.
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			return lowerSlow(s)
		}
		if 'A' <= c && c <= 'Z' {
			return lowerSlow(s)
		}
	}
	return s
}

func lowerSlow(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b.WriteByte(s[i])
		} else {
			b.WriteRune(unicode.ToLower(r))
		}
		i += size
	}
	return b.String()
}

// IsLower reports whether Lower(s) == s.
func IsLower(s string) bool { return Lower(s) == s }

// EqualLower reports whether Lower(a) == lower, where lower is already
// folded. It does not allocate.
func EqualLower(a, lower string) bool {
	i, j := 0, 0
	for i < len(a) && j < len(lower) {
		ra, na := decode(a[i:])
		rb, nb := decode(lower[j:])
		if ra != rb {
			return false
		}
		i += na
		j += nb
	}
	return i == len(a) && j == len(lower)
}

// HasPrefixLower reports whether Lower(s) starts with lower (already folded),
// without allocating.
func HasPrefixLower(s, lower string) bool {
	i, j := 0, 0
	for j < len(lower) {
		if i >= len(s) {
			return false
		}
		ra, na := decode(s[i:])
		rb, nb := decode(lower[j:])
		if ra != rb {
			return false
		}
		i += na
		j += nb
	}
	return true
}

// HasSuffixLower reports whether Lower(s) ends with lower (already folded).
func HasSuffixLower(s, lower string) bool {
	i, j := len(s), len(lower)
	for j > 0 {
		if i <= 0 {
			return false
		}
		ra, na := decodeLast(s[:i])
		rb, nb := decodeLast(lower[:j])
		if ra != rb {
			return false
		}
		i -= na
		j -= nb
	}
	return true
}

// ContainsLower reports whether Lower(s) contains lower (already folded).
func ContainsLower(s, lower string) bool {
	if lower == "" {
		return true
	}
	for i := 0; i < len(s); {
		if HasPrefixLower(s[i:], lower) {
			return true
		}
		_, n := utf8.DecodeRuneInString(s[i:])
		i += n
	}
	return false
}

// decode returns the folded code point at the start of s and its size; an
// invalid byte is returned as a negative value so it only equals itself.
func decode(s string) (rune, int) {
	r, n := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError && n == 1 {
		return -rune(s[0]) - 1, 1
	}
	return unicode.ToLower(r), n
}

func decodeLast(s string) (rune, int) {
	r, n := utf8.DecodeLastRuneInString(s)
	if r == utf8.RuneError && n == 1 {
		return -rune(s[len(s)-1]) - 1, 1
	}
	return unicode.ToLower(r), n
}
