package strmatch

import (
	"slices"
	"testing"
	"unicode"
)

func TestLowerPreimage(t *testing.T) {
	cases := map[rune][]rune{
		'k': {'K', 'k', '\u212a'},
		'i': {'I', 'i', '\u0130'},
		's': {'S', 's'},
		'ſ': {'ſ'},
		'σ': {'Σ', 'σ'},
		'ς': {'ς'},
		'1': {'1'},
		'K': nil, // nothing lowers to an upper-case letter
	}
	for l, want := range cases {
		if got := LowerPreimage(l); !slices.Equal(got, want) {
			t.Errorf("LowerPreimage(%q) = %q, want %q", l, got, want)
		}
	}
	// Every preimage lowers to l, and every code point is in its lowercase's preimage.
	for r := rune(0); r <= unicode.MaxRune; r += 7 {
		l := unicode.ToLower(r)
		if !slices.Contains(LowerPreimage(l), r) {
			t.Fatalf("%q is missing from LowerPreimage(%q)", r, l)
		}
	}
}
