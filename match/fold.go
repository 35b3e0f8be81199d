package match

import (
	"fmt"
	"unicode/utf8"
	"unsafe"

	"github.com/rulec/rulec/strmatch"
)

// The case-insensitive ("~") operators of the condition language compare
// strings after strmatch.Lower, the Unicode simple lowercase mapping. The
// generator lowers each literal once; the helpers below fold the event's
// strings as they compare, without allocating.

// MustGlob parses a wildcard pattern at package init; it panics on a pattern
// that does not parse (the generator writes only valid ones). For wildcard~
// the pattern is the lowered one.
func MustGlob(pattern string) *strmatch.Glob {
	g, err := strmatch.ParseGlob(pattern)
	if err != nil {
		panic(fmt.Sprintf("match.MustGlob(%q): %v", pattern, err))
	}
	return g
}

// Wildcard reports whether some string value matches the whole pattern.
func Wildcard(vs []Value, g *strmatch.Glob) bool {
	for i := range vs {
		if vs[i].Kind == KindString && g.Match(vs[i].Str) {
			return true
		}
	}
	return false
}

// WildcardFold reports whether the lowered form of some string value matches
// the (lowered) pattern: wildcard~.
func WildcardFold(vs []Value, g *strmatch.Glob) bool {
	for i := range vs {
		if vs[i].Kind == KindString && g.MatchLower(vs[i].Str) {
			return true
		}
	}
	return false
}

// HasStrFold reports whether some string value lowers to lower: eq~ with a
// string literal that only strings can equal (see HasStr).
func HasStrFold(vs []Value, lower string) bool {
	for i := range vs {
		if vs[i].Kind == KindString && strmatch.EqualLower(vs[i].Str, lower) {
			return true
		}
	}
	return false
}

// ContainsFold reports whether some lowered string value contains lower.
func ContainsFold(vs []Value, lower string) bool {
	for i := range vs {
		if vs[i].Kind == KindString && strmatch.ContainsLower(vs[i].Str, lower) {
			return true
		}
	}
	return false
}

// HasPrefixFold reports whether some lowered string value starts with lower.
func HasPrefixFold(vs []Value, lower string) bool {
	for i := range vs {
		if vs[i].Kind == KindString && strmatch.HasPrefixLower(vs[i].Str, lower) {
			return true
		}
	}
	return false
}

// HasSuffixFold reports whether some lowered string value ends with lower.
func HasSuffixFold(vs []Value, lower string) bool {
	for i := range vs {
		if vs[i].Kind == KindString && strmatch.HasSuffixLower(vs[i].Str, lower) {
			return true
		}
	}
	return false
}

// FoldLit prepares a string literal of eq~ or in~: a string value compares
// with its lowered form, any other value as under eq.
func FoldLit(s string) Lit {
	l := StrLit(s)
	l.Lower = strmatch.Lower(s)
	l.Fold = true
	return l
}

// EqualFold reports whether v equals l under eq~: two strings compare
// lowered when l is a FoldLit; everything else as Equal.
func (l *Lit) EqualFold(v *Value) bool {
	if l.Fold && v.Kind == KindString {
		return strmatch.EqualLower(v.Str, l.Lower)
	}
	return l.Equal(v)
}

// EqFold reports whether some value equals l under eq~.
func EqFold(vs []Value, l *Lit) bool {
	for i := range vs {
		if l.EqualFold(&vs[i]) {
			return true
		}
	}
	return false
}

// InFold reports whether some value equals some literal of ls under eq~.
func InFold(vs []Value, ls []Lit) bool {
	for i := range vs {
		for j := range ls {
			if ls[j].EqualFold(&vs[i]) {
				return true
			}
		}
	}
	return false
}

// AnyLower reports whether in holds for the lowered form of some string
// value; generated code passes a switch over the lowered strings of an in~
// list. The lowered text is built in e's buffer, so it does not allocate
// once the buffer has grown.
func (e *Event) AnyLower(vs []Value, in func(string) bool) bool {
	for i := range vs {
		if vs[i].Kind == KindString && in(e.Lower(vs[i].Str)) {
			return true
		}
	}
	return false
}

// Lower returns strmatch.Lower(s), built in e's buffer when it differs from
// s: valid until the next call of Lower, AnyLower or Ref. Generated Match
// functions look up the lowered values of an eq~ / in~ dispatch field.
func (e *Event) Lower(s string) string {
	if isLowerASCII(s) {
		return s
	}
	e.lowerBuf = strmatch.AppendLower(e.lowerBuf[:0], s)
	if len(e.lowerBuf) == 0 {
		return ""
	}
	return unsafe.String(&e.lowerBuf[0], len(e.lowerBuf))
}

// isLowerASCII reports whether s is ASCII without upper-case letters, which
// Lower leaves as it is.
func isLowerASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= utf8.RuneSelf || 'A' <= c && c <= 'Z' {
			return false
		}
	}
	return true
}
