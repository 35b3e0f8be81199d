package strmatch

import (
	"slices"
	"sync"
	"unicode"
)

// FoldClass returns, in increasing order, every code point x with
// Lower(x) == Lower(c): the characters a "~" operator lets stand for c
// (for "K": "K", "k" and the Kelvin sign). The slice is shared; callers
// must not modify it.
func FoldClass(c rune) []rune { return LowerPreimage(unicode.ToLower(c)) }

// LowerChanging returns, in increasing order, every code point x with
// Lower(x) != x. The slice is shared; callers must not modify it.
func LowerChanging() []rune { return lowerChanging() }

var lowerChanging = sync.OnceValue(func() []rune {
	var out []rune
	for l, xs := range lowerPreimages() {
		for _, x := range xs {
			if x != l {
				out = append(out, x)
			}
		}
	}
	slices.Sort(out)
	return out
})

// CaseFree reports whether folding cannot change what the literal text s
// matches: each of its characters is the only one of its FoldClass, so a
// "~" operator on s matches exactly what its exact form does.
func CaseFree(s string) bool {
	for _, r := range s {
		if xs := FoldClass(r); len(xs) != 1 || xs[0] != r {
			return false
		}
	}
	return true
}
