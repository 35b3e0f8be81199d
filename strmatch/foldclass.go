package strmatch

import (
	"slices"
	"sync"
	"unicode"
)

// lowerTables are built once from Go's Unicode tables: for each code point
// some other one lowers to, every code point x with unicode.ToLower(x) equal
// to it, sorted; and every code point that lowering changes, sorted.
var lowerTables = sync.OnceValues(func() (map[rune][]rune, []rune) {
	classes := map[rune][]rune{}
	var changing []rune
	for x := rune(0); x <= unicode.MaxRune; x++ {
		if l := unicode.ToLower(x); l != x {
			classes[l] = append(classes[l], x)
			changing = append(changing, x)
		}
	}
	for l, xs := range classes {
		if unicode.ToLower(l) == l {
			xs = append(xs, l)
			slices.Sort(xs)
		}
		classes[l] = xs
	}
	return classes, changing
})

// FoldClass returns, in increasing order, every code point x with
// Lower(x) == Lower(c): the characters a "~" operator lets stand for c
// (for "K": "K", "k" and the Kelvin sign). The slice is shared; callers
// must not modify it.
func FoldClass(c rune) []rune {
	classes, _ := lowerTables()
	l := unicode.ToLower(c)
	if xs, ok := classes[l]; ok {
		return xs
	}
	return []rune{c} // nothing else lowers to l, so c is l
}

// LowerChanging returns, in increasing order, every code point x with
// Lower(x) != x. The slice is shared; callers must not modify it.
func LowerChanging() []rune {
	_, changing := lowerTables()
	return changing
}

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
