package sigma

import (
	"testing"
	"unicode"

	"github.com/rulec/rulec/strmatch"
)

func TestFoldUnsafe(t *testing.T) {
	for _, tc := range []struct {
		lit  string
		want string
	}{
		{"cloudtrail.amazonaws.com", ""},
		{"Straße", "ß"},
		{"ſecret", "ſ"},
		{"\u212Aelvin", "\u212A"},
		{"İstanbul", "İ"},
		// Φ and Ι have variant lower-case forms (ϕ, ͅ) in their folding orbit.
		{"ΣΟΦΙΑ σοφίας", "ΣΦΙσφς"},
		{"λόγος", "ς"},
		{"Éclair ñandú Ärger", ""},
		// Elasticsearch lets "ı" match "I", whose lowercase is "i".
		{"ıi", "ı"},
	} {
		got := string(FoldUnsafe(tc.lit))
		if got != tc.want {
			t.Errorf("FoldUnsafe(%q) = %q, want %q", tc.lit, got, tc.want)
		}
	}
}

// TestFoldSafeMeansOneClass checks the property the refusal rests on: for
// every character FoldUnsafe accepts, simple case folding relates it to
// exactly the characters with the same simple lowercase.
func TestFoldSafeMeansOneClass(t *testing.T) {
	checked := 0
	for r := rune(0x80); r <= unicode.MaxRune; r++ {
		if !unicode.IsLetter(r) || len(FoldUnsafe(string(r))) > 0 {
			continue
		}
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			if strmatch.Lower(string(f)) != strmatch.Lower(string(r)) {
				t.Fatalf("%q (U+%04X) accepted, but it folds to %q whose lowercase differs", r, r, f)
			}
		}
		checked++
	}
	if checked < 1000 {
		t.Errorf("only %d letters checked", checked)
	}
}
