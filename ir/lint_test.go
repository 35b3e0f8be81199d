package ir_test

import (
	"strings"
	"testing"

	"github.com/rulec/rulec/ir"
	"github.com/rulec/rulec/parser"
)

func lintCond(t *testing.T, cond string) []string {
	t.Helper()
	e, errs := parser.ParseConditionText(cond, ir.Pos{Line: 1, Col: 1}, parser.ConditionOptions{File: "r"})
	if len(errs) > 0 {
		t.Fatalf("%q: %v", cond, errs)
	}
	r := &ir.Rule{ID: "X", File: "r", Severity: ir.SeverityLow, Cond: e, Tests: []ir.Test{{Name: "t"}}}
	var out []string
	for _, d := range ir.Lint(r) {
		out = append(out, d.Error())
	}
	return out
}

func TestLint(t *testing.T) {
	for _, c := range []struct{ cond, want string }{
		{`a in ["x", "y", "x"]`, `r:1:6: warning: a in lists "x" twice`},
		{`a in []`, `r:1:1: warning: a in [] never matches: the list is empty`},
		{`a regex "^abc"`, `r:1:9: warning: regex "^abc" could be written a starts_with "abc"`},
		{`a regex "abc$"`, `r:1:9: warning: regex "abc$" could be written a ends_with "abc"`},
		{`a regex "abc"`, `r:1:9: warning: regex "abc" could be written a contains "abc"`},
		{`a is_null and a eq "x"`, `r:1:1: warning: condition can never match: a is_null rules out a eq "x"`},
		{`a eq "x" and not a eq "x"`, `r:1:1: warning: condition can never match: it requires both a eq "x" and not a eq "x"`},
		{`a eq "x" or a ne "x"`, `r:1:1: warning: this or always holds: it accepts both a eq "x" and a ne "x"`},
		{`a eq "x" or a eq "x"`, `r:1:13: warning: a eq "x" appears twice in the same or`},
		{`a contains ""`, `r:1:12: warning: contains with an empty string matches every string value; is_not_null or a real value was probably meant`},
		{`a wildcard "**"`, `r:1:12: warning: wildcard "**" matches every string value`},
		{`not not a is_null`, `r:1:1: warning: double negation: not not a is_null is a is_null`},
		// Version 2: case-insensitive regexes suggest the "~" operators.
		{`a regex "(?i)abc"`, `r:1:9: warning: regex "(?i)abc" could be written a contains~ "abc"`},
		{`a regex "(?i)^ABC"`, `r:1:9: warning: regex "(?i)^ABC" could be written a starts_with~ "abc"`},
		{`a regex "(?i)Abc$"`, `r:1:9: warning: regex "(?i)Abc$" could be written a ends_with~ "abc"`},
		{`a regex "(?i)^abc$"`, `r:1:9: warning: regex "(?i)^abc$" could be written a eq~ "abc"`},
		{`a regex "(?is)^cloudtrail\\.amazonaws\\.com$"`, `r:1:9: warning: regex "(?is)^cloudtrail\\.amazonaws\\.com$" could be written a eq~ "cloudtrail.amazonaws.com" (they differ on rare letters: only the regex matches ſ for s; only the ~ form matches İ for i)`},
		{`a regex "(?i)^kσ$"`, `r:1:9: warning: regex "(?i)^kσ$" could be written a eq~ "kσ" (they differ on rare letters: only the regex matches ς for σ)`},
		{`any b (x regex "(?i)^y")`, `r:1:16: warning: regex "(?i)^y" could be written x starts_with~ "y"`},
		// Version 2: the same lints on the "~" operators.
		{`a in~ ["X", "y", "x"]`, `r:1:7: warning: a in~ lists "x" twice`},
		{`a contains~ ""`, `r:1:13: warning: contains~ with an empty string matches every string value; is_not_null or a real value was probably meant`},
		{`a wildcard~ "*"`, `r:1:13: warning: wildcard~ "*" matches every string value`},
		// Inside a quantifier, paths are the element's: a contradiction there
		// is about one element (all over no element still holds).
		{`all b (x is_null and x eq "y")`, `r:1:8: warning: condition of all b (...) can never match: x is_null rules out x eq "y"`},
		{`any b (@ eq "x" and not @ eq "x")`, `r:1:8: warning: condition of any b (...) can never match: it requires both @ eq "x" and not @ eq "x"`},
		{`all b (@ eq "x" or @ ne "x")`, `r:1:8: warning: this or always holds on every element of b: it accepts both @ eq "x" and @ ne "x"`},
		{`any b (x eq 1) and not any b (x eq 1)`, `r:1:1: warning: condition can never match: it requires both any b (x eq 1) and not any b (x eq 1)`},
		{`any b (x eq 1) or any b (x eq 1)`, `r:1:19: warning: any b (x eq 1) appears twice in the same or`},
	} {
		got := lintCond(t, c.cond)
		if len(got) != 1 || got[0] != c.want {
			t.Errorf("%s:\n got  %q\n want %q", c.cond, got, c.want)
		}
	}
	// Not flagged: satisfiable under fan-out, case-folded or anchored-both regexes,
	// is_null with eq "" (an empty string is not present).
	for _, cond := range []string{
		`a eq "x" and a eq "y"`,
		`a regex "^abc$"`,
		`a regex "(?i)^403$"`,
		`a regex "(?i)^true$"`,
		`a regex "(?i)^a.c$"`,
		// A path inside a quantifier is not the root path of the same name.
		`x is_null and any b (x eq "y")`,
		`any b (x is_null) and x eq "y"`,
		`x eq "y" and not any b (x eq "y")`,
		`any b (x eq "y") and all b (x ne "y")`,
		`a eq field(b) and not b eq field(a)`,
		`a regex "a.c"`,
		`a is_null and a eq ""`,
		`a in ["x", "y"]`,
		`a in ["x"]`,
		`a wildcard "*x*"`,
	} {
		if got := lintCond(t, cond); len(got) != 0 {
			t.Errorf("%s: unexpected %q", cond, got)
		}
	}
}

func TestLintRule(t *testing.T) {
	r := &ir.Rule{File: "r", At: ir.Pos{Line: 1, Col: 1}}
	got := ir.Lint(r).Error()
	for _, want := range []string{"r:1:1: rule has no RuleID", "has no severity", "has no tests"} {
		if !strings.Contains(got, want) {
			t.Errorf("lint of an empty rule lacks %q:\n%s", want, got)
		}
	}
	if len(ir.Lint(r).Errors()) != 1 {
		t.Errorf("want exactly one error (no RuleID), got %v", ir.Lint(r).Errors())
	}
}

func TestLintRuleID(t *testing.T) {
	for _, id := range []string{"a/b", "a\nb", " a", `a"b`} {
		r := &ir.Rule{ID: id, File: "r", Severity: ir.SeverityLow, Tests: []ir.Test{{Name: "t"}}}
		l := ir.Lint(r)
		if len(l) != 1 || !l[0].Warning || !strings.Contains(l[0].Error(), "rule ID") || strings.Contains(l[0].Error(), "\n") {
			t.Errorf("ID %q: %v", id, l)
		}
	}
}

func TestErrorIsOneLine(t *testing.T) {
	e := ir.Errorf("f", ir.Pos{Line: 1, Col: 2}, ir.CodePage, "rule %s", "a\nb\r\nc")
	if got, want := e.Error(), `f:1:2: rule a\nb\nc`; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
