package sigma

import "testing"

func TestEscape(t *testing.T) {
	for _, tc := range []struct {
		lit      string
		wildcard bool
		want     string
	}{
		{`\cmd.exe`, false, `\cmd.exe`},
		{`\\wsl.localhost`, false, `\\\\wsl.localhost`},
		{`C:\Temp\*?`, false, `C:\Temp\\\*\?`},
		{`dir\`, false, `dir\`},
		{`dir\`, true, `dir\\`},
		{`a*b?c`, false, `a\*b\?c`},
	} {
		got := escapeBefore(tc.lit, tc.wildcard)
		if got != tc.want {
			t.Errorf("escapeBefore(%q, %v) = %q, want %q", tc.lit, tc.wildcard, got, tc.want)
			continue
		}
		// Read back, the value is the literal again.
		p := parsePattern(got)
		if !tc.wildcard {
			if lit, ok := p.literal(); !ok || lit != tc.lit {
				t.Errorf("%q reads back as %q (%v)", got, lit, ok)
			}
		}
	}
}
