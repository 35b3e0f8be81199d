package kusto

import (
	"math/rand/v2"
	"net/netip"
	"regexp"
	"strings"
	"testing"

	"github.com/rulec/rulec/strmatch"
)

// TestAddressPatterns: the address patterns accept exactly the text Go's
// netip (the IR) reads as an IPv4 or a zone-less IPv6 address, on random
// strings over the characters addresses use.
func TestAddressPatterns(t *testing.T) {
	v4 := regexp.MustCompile(ipv4Pattern)
	v6 := regexp.MustCompile(ipv6Pattern)
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []string{"0", "1", "9", "a", "F", "g", ":", "::", ".", "255", "256", "01", "ffff", "12345", "%", "1.2.3.4", "::ffff:", "0:0:0:0:0:0:0:0"}
	checked := 0
	for i := 0; i < 200000; i++ {
		var s string
		for n := rng.IntN(9); n >= 0; n-- {
			s += alphabet[rng.IntN(len(alphabet))]
		}
		a, err := netip.ParseAddr(s)
		want4 := err == nil && a.Is4()
		want6 := err == nil && a.Is6() && a.Zone() == ""
		if got := v4.MatchString(s); got != want4 {
			t.Errorf("ipv4Pattern(%q) = %v, netip says %v", s, got, want4)
		}
		if got := v6.MatchString(s); got != want6 {
			t.Errorf("ipv6Pattern(%q) = %v, netip says %v", s, got, want6)
		}
		if want4 || want6 {
			checked++
		}
	}
	for _, s := range []string{"::", "::1", "1::", "2001:db8::1", "::ffff:1.2.3.4", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:1.2.3.4", "fe80::1%eth0", "1:2:3:4:5:6:7:8:9", ":::", "1::2::3", "::ffff:010.1.2.3"} {
		a, err := netip.ParseAddr(s)
		want := err == nil && a.Is6() && a.Zone() == ""
		if got := v6.MatchString(s); got != want {
			t.Errorf("ipv6Pattern(%q) = %v, netip says %v", s, got, want)
		}
	}
	t.Logf("%d random strings were addresses", checked)
}

// TestFoldSafe: Kusto's case-insensitive operators fold ASCII letters only,
// so only literals whose every character the IR's simple lowercase folds
// the same way may use them.
func TestFoldSafe(t *testing.T) {
	for s, want := range map[string]bool{
		"ConsoleLogin": false, // i: U+0130 lowercases to i
		"Admin":        false,
		"mask":         false, // k: the Kelvin sign lowercases to k
		"s3.amazonaws": true,
		"PutBucket":    false,
		"PutObject":    true,
		"café":         false,
		"日本語":          true, // no case
		"ſ":            true, // long s is lower case: neither folding maps it to s
	} {
		if got := foldSafe(s); got != want {
			t.Errorf("foldSafe(%q) = %v, want %v", s, got, want)
		}
	}
	for lit, want := range map[string]string{
		"Kit":                      `k[iİ]t`,
		"cloudtrail.amazonaws.com": `cloudtra[iİ]l\.amazonaw(?-i:[Ss])\.com`,
		"ΣΑΣ":                      `(?-i:[Σσ])α(?-i:[Σσ])`,
		"ſ":                        `(?-i:ſ)`,
	} {
		if got := foldRegexp(lit); got != want {
			t.Errorf("foldRegexp(%q) = %s, want %s", lit, got, want)
		}
	}
}

// TestFoldRegexpExact: under (?i), ^foldRegexp(lit)$ matches a string
// exactly when its simple lowercase form is lit's, on the characters where
// RE2's case folding and the IR's lowercase mapping part ways.
func TestFoldRegexpExact(t *testing.T) {
	hostile := []string{"i", "I", "İ", "ı", "k", "K", "\u212a", "s", "S", "ſ", "ß", "ẞ", "σ", "ς", "Σ", "µ", "μ", "Μ", "θ", "ϑ", "Θ", "ι", "\u0345", "Ι", "å", "Å", "\u212b", "a", "."}
	for _, a := range hostile {
		for _, b := range hostile {
			lit, v := a+"x"+b, b+"X"+a
			re := regexp.MustCompile("(?i)^" + foldRegexp(lit) + "$")
			for _, val := range []string{lit, v, strings.ToUpper(lit), a + "x" + a, b + "x" + b} {
				want := strmatch.Lower(val) == strmatch.Lower(lit)
				if got := re.MatchString(val); got != want {
					t.Errorf("%q (from %q) on %q = %v, want %v", re, lit, val, got, want)
				}
			}
		}
	}
}
