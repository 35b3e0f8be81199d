package kql

import (
	"testing"
	"unicode"

	"github.com/rulec/rulec/strmatch"
)

// TestFoldClassIsTheIRFolding checks foldClass against strmatch.Lower, the
// IR's folding, on every code point: x is in foldClass(c) exactly when
// Lower(x) == Lower(c).
func TestFoldClassIsTheIRFolding(t *testing.T) {
	for c := rune(0); c <= unicode.MaxRune; c += 97 {
		lc := strmatch.Lower(string(c))
		for _, x := range foldClass(c) {
			if strmatch.Lower(string(x)) != lc {
				t.Fatalf("foldClass(%U) holds %U, whose lowercase differs", c, x)
			}
		}
	}
	// Every rune that lowers to 'k' is in the class of 'K'.
	n := 0
	for x := rune(0); x <= unicode.MaxRune; x++ {
		if strmatch.Lower(string(x)) == "k" {
			n++
		}
	}
	if got := len(foldClass('K')); got != n || n != 3 {
		t.Errorf("foldClass('K') has %d runes, %d lower to k", got, n)
	}
}

// TestFoldSafe pins which characters Elasticsearch's ASCII-only
// case_insensitive folding treats as the IR does.
func TestFoldSafe(t *testing.T) {
	for _, c := range []struct {
		r    rune
		safe bool
	}{
		{'a', true}, {'Z', true}, {'0', true}, {'*', true}, {'中', true},
		{'ſ', true},  // already lower case, and nothing else lowers to it
		{'ς', true},  // final sigma: Σ lowers to σ, not ς
		{'ı', true},  // dotless i: nothing lowers to it
		{'k', false}, // the Kelvin sign lowers to k
		{'K', false}, {'\u212a', false},
		{'i', false}, // İ (U+0130) lowers to i
		{'I', false}, {'İ', false},
		{'é', false}, {'É', false}, // Elasticsearch folds ASCII only
		{'σ', false}, {'Σ', false},
		{'ß', false}, // ẞ (U+1E9E) lowers to ß
	} {
		if got := foldSafe(c.r); got != c.safe {
			t.Errorf("foldSafe(%q %U) = %v, want %v", c.r, c.r, got, c.safe)
		}
	}
	if !strmatch.CaseFree("403-._/:") || strmatch.CaseFree("a") || strmatch.CaseFree("\u212a") || !strmatch.CaseFree("ſ") {
		t.Errorf("strmatch.CaseFree")
	}
}

func TestESFoldMatch(t *testing.T) {
	for _, c := range []struct {
		pat, s string
		wild   bool
		want   bool
	}{
		{"CloudTrail", "cloudtrail", false, true},
		{"kelvin", "\u212aelvin", false, false},
		{"é", "É", false, false},
		{"a*c", "ABBC", true, true},
		{"a*c", "a*c", false, true},
		{"a*c", "abc", false, false},
		{"a?c", "AxC", true, true},
		{"*x*", "yyXyy", true, true},
		{"*x*", "yyy", true, false},
	} {
		if got := esFoldMatch(c.pat, c.s, c.wild); got != c.want {
			t.Errorf("esFoldMatch(%q, %q, %v) = %v", c.pat, c.s, c.wild, got)
		}
	}
}
