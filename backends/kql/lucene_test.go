package kql

import (
	"math/rand"
	"regexp"
	"strings"
	"testing"
)

// TestLuceneTranslation checks that every RE2 pattern the corpus uses (and
// harder ones) means the same after translation to a Lucene regexp and back
// through the EQL evaluator's reading of Lucene syntax, on random strings
// built from the patterns' own characters.
func TestLuceneTranslation(t *testing.T) {
	patterns := []string{
		`(?i)trufflehog`,
		`arn:aws:iam::[0-9]+:role/IdentityCFNServiceRole`,
		`(?:\w+\.)*v\d\.(?:ConfigServiceV\d\.(?:Delete(Bucket|Sink)))`,
		`[aA]dministrator`,
		`^(Add|Attach|Create)`,
		`(?i)pip/\d+\.\d+(?:\.\d+)?\s+\{.*\}`,
		`(?i)/objects/(?:(ransom|payment)[_-]?(note|info)).*\.(txt|html?)$`,
		`a.b`, `^$`, `^a|b$`, `x{2,3}y?`, `[^a-c]`, `\.\*\?\[\]\{\}\(\)\|\+\\`, `#@&<>~"`, `(?s)a.b`, `é+`, `[\x00-\x1f]`,
		`^a*$`, `(a|)b`, `[[:alpha:]]x`, `\S\s\D`,
	}
	alpha := []string{"a", "b", "c", "x", "y", "A", "B", "é", "É", "\n", " ", "\t", ".", "*", "?", "[", "]", "{", "}", "(", ")", "|", "+", `\`,
		"#", "@", "&", "<", ">", "~", `"`, "/", "_", "-", "0", "7", "v", "V", "1.", "trufflehog", "TruffleHog", "Delete", "Bucket",
		"ConfigServiceV2.", "v2.", "arn:aws:iam::", "123", ":role/IdentityCFNServiceRole", "pip/", "ransom", "note", ".txt", ".htm", "/objects/",
		"Administrator", "administrator", "Add", "Attach", "\x01"}
	r := rand.New(rand.NewSource(2))
	for _, pat := range patterns {
		re := regexp.MustCompile(pat)
		lre, err := toLucene(pat)
		if err != nil {
			t.Errorf("%s: %v", pat, err)
			continue
		}
		back, err := luceneToRE2(lre)
		if err != nil {
			t.Errorf("%s → %s: %v", pat, lre, err)
			continue
		}
		for i := 0; i < 3000; i++ {
			var b strings.Builder
			for n := r.Intn(8); n > 0; n-- {
				b.WriteString(alpha[r.Intn(len(alpha))])
			}
			s := b.String()
			if re.MatchString(s) != back.MatchString(s) {
				t.Errorf("%s → lucene %s: RE2 %v, Lucene %v on %q", pat, lre, re.MatchString(s), back.MatchString(s), s)
				break
			}
		}
	}
	for _, bad := range []string{`\bword\b`, `(?m)^a`, `a^b`} {
		if _, err := toLucene(bad); err == nil {
			t.Errorf("%s: want an error", bad)
		}
	}
}

// TestLiteralUnion pins which regexes lower to KQL wildcards.
func TestLiteralUnion(t *testing.T) {
	cases := map[string]string{
		`^(Add|Attach|Create)`: `^Add|^Attach|^Create`,
		`^Delete$`:             `^Delete$`,
		`Foo|^Bar$|baz$`:       `Foo|^Bar$|baz$`,
		`a\.b`:                 `a.b`,
		`(?i)abc`:              ``,
		`a+`:                   ``,
		`[ab]c`:                ``,
		`a^b`:                  ``,
	}
	for pat, want := range cases {
		alts, ok := literalUnion(pat)
		var got []string
		for _, a := range alts {
			s := a.text
			if a.begin {
				s = "^" + s
			}
			if a.end {
				s += "$"
			}
			got = append(got, s)
		}
		if g := strings.Join(got, "|"); (ok && g != want) || (!ok && want != "") {
			t.Errorf("literalUnion(%q) = %q, %v; want %q", pat, g, ok, want)
		}
	}
}
