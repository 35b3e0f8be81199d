package strmatch

import (
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// foldStrings are the hostile characters of the "~" operators (dotted and
// dotless i, long s, the Kelvin sign, sharp s, the three sigmas) mixed with
// ASCII and an invalid byte.
var foldStrings = []string{
	"", "a", "A", "k", "K", "\u212a", "İ", "i", "ı", "I", "ſ", "s", "S", "ß", "SS", "Σ", "σ", "ς",
	"CloudTrail", "cloudtrail", "cLOUDtRAIL", "x\u212ay", "XKY", "İstanbul", "istanbul", "\xff", "A\xffB", "a\xffb",
	"ΣΑΣ", "σας", "\u212a\u212a", "kK", "é", "É", "aÉb",
}

// TestFoldAgainstLower checks the allocation-free comparisons against their
// definitions over Lower, on every pair of hostile strings and their
// concatenations.
func TestFoldAgainstLower(t *testing.T) {
	var all []string
	for _, a := range foldStrings {
		for _, b := range foldStrings[:12] {
			all = append(all, a+b)
		}
	}
	for _, s := range all {
		if got := string(AppendLower([]byte("p"), s)); got != "p"+Lower(s) {
			t.Errorf("AppendLower(%q) = %q, want %q", s, got, "p"+Lower(s))
		}
		for _, n := range foldStrings {
			ls, ln := Lower(s), Lower(n)
			if got, want := EqualLower(s, ln), ls == ln; got != want {
				t.Errorf("EqualLower(%q, %q) = %v", s, ln, got)
			}
			if got, want := HasPrefixLower(s, ln), strings.HasPrefix(ls, ln); got != want {
				t.Errorf("HasPrefixLower(%q, %q) = %v", s, ln, got)
			}
			if got, want := HasSuffixLower(s, ln), strings.HasSuffix(ls, ln); got != want {
				t.Errorf("HasSuffixLower(%q, %q) = %v", s, ln, got)
			}
			if got, want := ContainsLower(s, ln), strings.Contains(ls, ln); got != want {
				t.Errorf("ContainsLower(%q, %q) = %v", s, ln, got)
			}
		}
	}
}

func TestMatchLower(t *testing.T) {
	patterns := []string{"*", "?", "k*", "*k", "*k*", "[a-z]*", "[!a-z]", "?\u212a", "i?", "*s", "ſ*", "σ?σ", "[İ-ſ]", "?b", "*ÿ*", "a*b"}
	for _, p := range patterns {
		g, err := ParseGlob(Lower(p))
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range foldStrings {
			for _, b := range foldStrings {
				s := a + b
				if got, want := g.MatchLower(s), g.Match(Lower(s)); got != want {
					t.Errorf("glob %q MatchLower(%q) = %v, Match(Lower) %v", Lower(p), s, got, want)
				}
			}
		}
	}
}

func TestFoldDoesNotAllocate(t *testing.T) {
	g, _ := ParseGlob("*trail")
	n := testing.AllocsPerRun(100, func() {
		EqualLower("CloudTrail", "cloudtrail")
		ContainsLower("x\u212aCloudTrail", "trail")
		HasSuffixLower("CloudTrail", "trail")
		g.MatchLower("CloudTrail")
	})
	if n != 0 {
		t.Errorf("%v allocations", n)
	}
}

// TestFoldClass checks FoldClass against Lower on a sample of code points:
// x is in FoldClass(c) exactly when Lower(x) == Lower(c). (Surrogates and
// U+FFFD are left out: as strings they are all "\uFFFD".)
func TestFoldClass(t *testing.T) {
	text := func(x rune) bool { return utf8.ValidRune(x) && x != utf8.RuneError }
	preimage := map[string][]rune{}
	for x := rune(0); x <= unicode.MaxRune; x++ {
		if text(x) {
			l := Lower(string(x))
			preimage[l] = append(preimage[l], x)
		}
	}
	for c := rune(0); c <= unicode.MaxRune; c += 31 {
		if !text(c) {
			continue
		}
		if got, want := FoldClass(c), preimage[Lower(string(c))]; !slices.Equal(got, want) {
			t.Fatalf("FoldClass(%U) = %U, want %U", c, got, want)
		}
	}
	for _, c := range []rune{'K', 'k', '\u212a', 'i', 'I', '\u0130', 's', '\u017f', 'σ', 'Σ', 'ς'} {
		if got, want := FoldClass(c), preimage[Lower(string(c))]; !slices.Equal(got, want) {
			t.Errorf("FoldClass(%U) = %U, want %U", c, got, want)
		}
	}
	if got := FoldClass('K'); len(got) != 3 {
		t.Errorf("FoldClass('K') = %U, want K, k and the Kelvin sign", got)
	}
	for _, c := range []struct {
		s    string
		free bool
	}{{"403", true}, {"a", false}, {"ſ", true}, {"ς", true}, {"σ", false}, {"-_/", true}, {"i", false}} {
		if got := CaseFree(c.s); got != c.free {
			t.Errorf("CaseFree(%q) = %v, want %v", c.s, got, c.free)
		}
	}
	changing := LowerChanging()
	if !slices.IsSorted(changing) || !slices.Contains(changing, 'K') || slices.Contains(changing, 'k') {
		t.Errorf("LowerChanging is not the sorted list of the runes lowering changes")
	}
}
