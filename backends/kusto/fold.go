package kusto

import (
	"sync"
	"unicode"
)

var (
	preimageOnce sync.Once
	preimages    map[rune][]rune // r -> the other code points x with unicode.ToLower(x) == r
)

// lowerPreimage returns every code point whose simple lowercase mapping is
// r, in increasing order.
func lowerPreimage(r rune) []rune {
	preimageOnce.Do(func() {
		preimages = map[rune][]rune{}
		for x := rune(0); x <= unicode.MaxRune; x++ {
			if l := unicode.ToLower(x); l != x {
				preimages[l] = append(preimages[l], x)
			}
		}
	})
	var out []rune
	others := preimages[r]
	self := unicode.ToLower(r) == r
	for _, x := range others {
		if self && r < x {
			out = append(out, r)
			self = false
		}
		out = append(out, x)
	}
	if self {
		out = append(out, r)
	}
	return out
}
