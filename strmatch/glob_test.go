package strmatch

import "testing"

func TestGlob(t *testing.T) {
	cases := []struct {
		pat, s string
		want   bool
	}{
		{"REST.*.OBJECT", "REST.GET.OBJECT", true},
		{"REST.*.OBJECT", "REST.GET.OBJECTS", false},
		{"*", "", true},
		{"?", "", false},
		{"?", "é", true},
		{"a**b", "ab", true},
		{"[a-c]x", "bx", true},
		{"[!a-c]x", "bx", false},
		{"[]]", "]", true},
		{"[!]]", "a", true},
		{"[*?[]", "?", true},
		{"* HashiCorp/?.0 Terraform/*", "x HashiCorp/1.0 Terraform/1.5", true},
		{"*DeployRole", "arn:aws:iam::1:role/DeployRole", true},
	}
	for _, c := range cases {
		g, err := ParseGlob(c.pat)
		if err != nil {
			t.Fatalf("ParseGlob(%q): %v", c.pat, err)
		}
		if got := g.Match(c.s); got != c.want {
			t.Errorf("%q matches %q = %v, want %v", c.pat, c.s, got, c.want)
		}
		again, err := ParseGlob(g.String())
		if err != nil || again.Regexp() != g.Regexp() {
			t.Errorf("String round trip of %q: %q (%v)", c.pat, g.String(), err)
		}
	}
	for _, bad := range []string{"[abc", "[z-a]", "[!"} {
		if _, err := ParseGlob(bad); err == nil {
			t.Errorf("ParseGlob(%q) accepted", bad)
		}
	}
}
