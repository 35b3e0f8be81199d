package strmatch

import (
	"slices"
	"strings"
	"sync"
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

// AppendLower appends Lower(s) to dst: the allocation-free form for callers
// that keep a buffer.
func AppendLower(dst []byte, s string) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			dst = append(dst, c)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, c)
		} else {
			dst = utf8.AppendRune(dst, unicode.ToLower(r))
		}
		i += size
	}
	return dst
}

// lowerASCII lowers an ASCII byte.
func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// EqualLower reports whether Lower(a) == lower, where lower is already
// folded. It does not allocate.
func EqualLower(a, lower string) bool {
	n, ok := prefixLower(a, lower)
	return ok && n == len(a)
}

// HasPrefixLower reports whether Lower(s) starts with lower (already folded),
// without allocating.
func HasPrefixLower(s, lower string) bool {
	_, ok := prefixLower(s, lower)
	return ok
}

// prefixLower reports whether Lower(s) starts with lower (already folded),
// and how many bytes of s that prefix spans (lowering may change a
// character's length: the Kelvin sign is three bytes, "k" one).
func prefixLower(s, lower string) (int, bool) {
	i, j := 0, 0
	for j < len(lower) {
		if i >= len(s) {
			return 0, false
		}
		// ASCII on both sides: compare bytes. A non-ASCII character can
		// lower to ASCII (the Kelvin sign, "İ"), so anything else decodes.
		if a, b := s[i], lower[j]; a < utf8.RuneSelf && b < utf8.RuneSelf {
			if lowerASCII(a) != lowerASCII(b) {
				return 0, false
			}
			i++
			j++
			continue
		}
		ra, na := decode(s[i:])
		rb, nb := decode(lower[j:])
		if ra != rb {
			return 0, false
		}
		i += na
		j += nb
	}
	return i, true
}

// HasSuffixLower reports whether Lower(s) ends with lower (already folded).
func HasSuffixLower(s, lower string) bool {
	i, j := len(s), len(lower)
	for j > 0 {
		if i <= 0 {
			return false
		}
		if a, b := s[i-1], lower[j-1]; a < utf8.RuneSelf && b < utf8.RuneSelf {
			if lowerASCII(a) != lowerASCII(b) {
				return false
			}
			i--
			j--
			continue
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
	first := lowerASCII(lower[0])
	for i := 0; i < len(s); {
		// An ASCII byte lowers to itself or its lower-case letter, so it can
		// start a match only when that is the needle's first byte.
		if c := s[i]; c < utf8.RuneSelf {
			if lowerASCII(c) == first {
				if _, ok := prefixLower(s[i:], lower); ok {
					return true
				}
			}
			i++
			continue
		}
		if _, ok := prefixLower(s[i:], lower); ok {
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

// LowerPreimage returns, sorted, every code point x with
// unicode.ToLower(x) == l: the characters a "~" operator equates with l
// (for "k": "K", "k" and the Kelvin sign). It is empty when nothing lowers
// to l (l is an upper-case letter). Backends that spell folding out as
// character classes list these; the returned slice must not be modified.
func LowerPreimage(l rune) []rune {
	if xs, ok := lowerPreimages()[l]; ok {
		return xs
	}
	if unicode.ToLower(l) == l {
		return []rune{l}
	}
	return nil
}

// lowerPreimages maps each code point that some other code point lowers to
// onto all of its preimages, itself included, sorted.
var lowerPreimages = sync.OnceValue(func() map[rune][]rune {
	m := map[rune][]rune{}
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if l := unicode.ToLower(r); l != r {
			m[l] = append(m[l], r)
		}
	}
	for l, xs := range m {
		if unicode.ToLower(l) == l {
			xs = append(xs, l)
		}
		slices.Sort(xs)
		m[l] = xs
	}
	return m
})
