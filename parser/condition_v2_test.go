package parser_test

import (
	"testing"

	"github.com/rulec/rulec/internal/testutil"
	"github.com/rulec/rulec/ir"
	"github.com/rulec/rulec/parser"
)

func parseV2(t *testing.T, src string) (ir.Expr, ir.ErrorList) {
	t.Helper()
	return parser.ParseConditionText(src, ir.Pos{Line: 4, Col: 3}, parser.ConditionOptions{File: "c.yml"})
}

// TestParseV2: the version 2 extensions lower to the IR nodes that define
// them, version 1 spellings that look alike (a field named any, all or field)
// keep their meaning, and Format prints what parses back the same.
func TestParseV2(t *testing.T) {
	cases := []struct{ src, dump, format string }{
		{`a eq~ "CloudTrail"`, `(eq~ a "CloudTrail")`, ""},
		{`a ne~ "x"`, `(not (eq~ a "x"))`, ""},
		{`a in~ ["X", "y"]`, `(in~ a "X" "y")`, ""},
		{`a in~ "X"`, `(in~ a "X")`, `a in~ ["X"]`},
		{`a contains~ "X" or a starts_with~ "Y" or a ends_with~ "Z"`, `(or (contains~ a "X") (starts_with~ a "Y") (ends_with~ a "Z"))`, ""},
		{`a not contains~ "X"`, `(not (contains~ a "X"))`, ""},
		{`a wildcard~ "[A-Z]*.EXE"`, `(wildcard~ a "[A-Z]*.EXE")`, ""},
		{`any bindingDeltas (action eq "ADD" and role eq "roles/owner")`, `(any bindingDeltas (and (eq action "ADD") (eq role "roles/owner")))`, ""},
		{`all requestParameters.secretIdList (@ starts_with "arn:")`, `(all requestParameters.secretIdList (starts_with @ "arn:"))`, ""},
		{`all f (k eq "t" and all values (@ starts_with "!"))`, `(all f (and (eq k "t") (all values (starts_with @ "!"))))`, ""},
		{`not any b (@ is_null)`, `(not (any b (is_null @)))`, ""},
		{`any b (x eq 1) and c eq 2`, `(and (any b (eq x #1)) (eq c #2))`, "any b (x eq 1) and c eq 2"},
		{`any b ((x eq 1))`, `(any b (eq x #1))`, `any b (x eq 1)`},
		{`any b (x eq 1 or y eq 2)`, `(any b (or (eq x #1) (eq y #2)))`, ""},
		{`any b (@ eq field(c))`, `(any b (eq @ (field c)))`, ""},
		{`userIdentity.accountId ne field(recipientAccountId)`, `(not (eq userIdentity.accountId (field recipientAccountId)))`, ""},
		{`requestParameters.targetRegion not eq~ field(awsRegion)`, `(not (eq~ requestParameters.targetRegion (field awsRegion)))`, ""},
		{`a ne~ field(b)`, `(not (eq~ a (field b)))`, ""},
		{`a contains field(b) and a starts_with~ field(c.d) and a not ends_with field(e)`, `(and (contains a (field b)) (starts_with~ a (field c.d)) (not (ends_with a (field e))))`, ""},
		// Version 1 fields that share a name with a version 2 word.
		{`any eq "x"`, `(eq any "x")`, ""},
		{`all in ["a"]`, `(in all "a")`, ""},
		{`any is_null and all not contains "x"`, `(and (is_null any) (not (contains all "x")))`, ""},
		{`field eq "x" and any.b ne 1`, `(and (eq field "x") (not (eq any.b #1)))`, ""},
		{`@timestamp gt 5 and a.@b eq 1`, `(and (gt @timestamp #5) (eq a.@b #1))`, ""},
	}
	for _, c := range cases {
		e, errs := parseV2(t, c.src)
		if len(errs) > 0 {
			t.Errorf("%s: %v", c.src, errs)
			continue
		}
		if got := ir.Dump(e); got != c.dump {
			t.Errorf("%s:\n got %s\nwant %s", c.src, got, c.dump)
		}
		want := c.format
		if want == "" {
			want = c.src
		}
		text := ir.FormatExpr(e)
		if text != want {
			t.Errorf("Format(%s) = %q, want %q", c.src, text, want)
		}
		back, errs := parseV2(t, text)
		if len(errs) > 0 || ir.Dump(back) != ir.Dump(e) {
			t.Errorf("round trip of %q: %v %s", text, errs, ir.Dump(back))
		}
	}
}

// TestParseV2Nodes: positions and the compiled wildcard~ pattern.
func TestParseV2Nodes(t *testing.T) {
	e, errs := parseV2(t, `x eq 1 and any b (a ne field(c.d))`)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	q := e.(*ir.And).Xs[1].(*ir.Quant)
	if q.All || q.Path.String() != "b" || q.At != (ir.Pos{Line: 4, Col: 14}) {
		t.Errorf("quantifier %+v", q)
	}
	n := q.X.(*ir.Not)
	fp := n.X.(*ir.FieldPred)
	if n.Form != ir.NotNe || fp.Op != ir.OpEq || fp.At != (ir.Pos{Line: 4, Col: 21}) || fp.RefPos != (ir.Pos{Line: 4, Col: 26}) || fp.Ref.String() != "c.d" {
		t.Errorf("field reference %+v in %+v", fp, n)
	}
	e, errs = parseV2(t, `a wildcard~ "[A-Z]X*"`)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	p := e.(*ir.Pred)
	if p.Glob == nil || !p.Glob.Match("qx1") || p.Glob.Match("QX1") {
		t.Errorf("wildcard~ pattern is not the lowered glob: %+v", p.Glob)
	}
	if !ir.Eval(p, map[string]any{"a": "QX1"}) || ir.Eval(p, map[string]any{"a": "1x"}) {
		t.Error("wildcard~ does not fold the value")
	}
}

// TestParseV2Errors: misuse of the version 2 syntax is one positioned error
// at the offending token.
func TestParseV2Errors(t *testing.T) {
	cases := []struct{ src, want string }{
		{`@ eq "x"`, `c.yml:4:3: @ is the current element of any P (...) or all P (...), and is used outside one`},
		{`a eq 1 or (@ contains "x")`, `c.yml:4:14: @ is the current element of any P (...) or all P (...), and is used outside one`},
		{`any b (@.x eq 1)`, `c.yml:4:10: @.x is not a path: inside any/all, paths are already read from the current element, so write x`},
		{`@.x eq 1`, `c.yml:4:3: @.x is not a path: inside any/all, paths are already read from the current element, so write x`},
		{`any @ (x eq 1)`, `c.yml:4:7: any and all need the path of an array or value; @ cannot be quantified over`},
		{`any b x eq 1`, `c.yml:4:9: the condition of any b must be in parentheses: any b (...)`},
		{`all b not x eq 1`, `c.yml:4:9: the condition of all b must be in parentheses: all b (...)`},
		{`any b`, `c.yml:4:7: unknown operator "b" (did you mean "eq"?); a quantifier is written any PATH (CONDITION)`},
		{`any (x eq 1)`, `c.yml:4:7: any needs a path before its condition: any PATH (CONDITION)`},
		{`any b (x eq 1`, `c.yml:4:16: unbalanced parentheses: missing ")"`},
		{`a in field(b)`, `c.yml:4:8: in cannot compare with field(): field references work with eq, ne, contains, starts_with, ends_with, their ~ forms (eq~, ne~, ...) and not OP`},
		{`a in~ field(b)`, `c.yml:4:9: in~ cannot compare with field(): field references work with eq, ne, contains, starts_with, ends_with, their ~ forms (eq~, ne~, ...) and not OP`},
		{`a gt field(b)`, `c.yml:4:8: gt cannot compare with field(): field references work with eq, ne, contains, starts_with, ends_with, their ~ forms (eq~, ne~, ...) and not OP`},
		{`a not regex field(b)`, `c.yml:4:15: regex cannot compare with field(): field references work with eq, ne, contains, starts_with, ends_with, their ~ forms (eq~, ne~, ...) and not OP`},
		{`a wildcard~ field(b)`, `c.yml:4:15: wildcard~ cannot compare with field(): field references work with eq, ne, contains, starts_with, ends_with, their ~ forms (eq~, ne~, ...) and not OP`},
		{`a is_null field(b)`, `c.yml:4:13: is_null takes no operand`},
		{`a eq field(@)`, `c.yml:4:14: field() takes a field path; @ can only stand left of an operator (@ OP field(G))`},
		{`a eq field`, `c.yml:4:13: unexpected token end of line (expected field(PATH))`},
		{`a eq field(b`, `c.yml:4:15: unbalanced parentheses: missing ")"`},
		{`a eq field(b c)`, `c.yml:4:16: unbalanced parentheses: missing ")"`},
		{`a regex~ "x"`, `c.yml:4:5: operator regex has no case-insensitive form regex~: write (?i) inside the pattern for a case-insensitive regex`},
		{`a gt~ 1`, `c.yml:4:5: operator gt has no case-insensitive form gt~: numbers have no case`},
		{`a is_null~`, `c.yml:4:5: operator is_null has no case-insensitive form is_null~: it compares no value`},
		{`a is_not_null~`, `c.yml:4:5: operator is_not_null has no case-insensitive form is_not_null~: it compares no value`},
		{`a cidr~ "10.0.0.0/8"`, `c.yml:4:5: operator cidr has no case-insensitive form cidr~: IP addresses have no case`},
		{`a eq~~ "x"`, `c.yml:4:5: unknown operator "eq~~" (did you mean "eq~"?)`},
		{`a wildcard~ "[z-a]"`, `c.yml:4:15: invalid wildcard pattern: `},
		{`a contains~ 5`, `c.yml:4:15: contains~ needs a string operand, got 5`},
	}
	for _, c := range cases {
		_, errs := parseV2(t, c.src)
		if len(errs) != 1 {
			t.Errorf("%s: got %d errors %v, want one", c.src, len(errs), errs)
			continue
		}
		got := errs[0].Error()
		if got != c.want && !(c.want[len(c.want)-1] == ' ' && len(got) > len(c.want) && got[:len(c.want)] == c.want) {
			t.Errorf("%s:\n got %s\nwant %s", c.src, got, c.want)
		}
	}
}

// TestDataModelV2: only paths read from the event root are data-model names:
// a quantifier's path and a top-level field reference are, paths inside a
// quantifier (relative to the element) are not.
func TestDataModelV2(t *testing.T) {
	r, errs := rfReadText(t, `id: X
log_types: [AWS.VPCFlow]
condition: |
  log_status ne field(destination_port)
  any log_status (log_status eq "x" and @ ne field(destination_port))
  any a (any log_status (@ eq 1))
`)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	want := `(and (not (eq status (field dstPort))) (any status (and (eq log_status "x") (not (eq @ (field destination_port))))) (any a (any log_status (eq @ #1))))`
	if got := ir.Dump(r.Cond); got != want {
		t.Errorf("Dump:\n got %s\nwant %s", got, want)
	}
	wantText := "log_status ne field(destination_port)\nany log_status (log_status eq \"x\" and @ ne field(destination_port))\nany a (any log_status (@ eq 1))"
	if got := ir.Format(r.Cond); got != wantText {
		t.Errorf("Format = %q, want %q", got, wantText)
	}
	data, err := parser.FormatRule(r)
	if err != nil {
		t.Fatal(err)
	}
	back, errs := rfReadText(t, string(data))
	if len(errs) > 0 || ir.Dump(back.Cond) != want {
		t.Errorf("rule file round trip: %v %s", errs, ir.Dump(back.Cond))
	}
}

// TestPantherV2Corpus: every page of corpus/panther-v2 reads without an
// error or a warning (its Exclusions and Indicators tables name paths inside
// quantifiers from the log), survives a trip through a rule file, and ir.Eval
// passes every one of its tests.
func TestPantherV2Corpus(t *testing.T) {
	files, err := parser.ExpandPaths([]string{testutil.Shared(t, "corpus/panther-v2")})
	if err != nil {
		t.Fatal(err)
	}
	rulesRead, tests := 0, 0
	for _, f := range files {
		rules, errs := parser.ReadFile(f)
		if len(errs) > 0 {
			t.Errorf("%v", errs)
			continue
		}
		for _, r := range rules {
			rulesRead++
			back, _ := rfRoundTrip(t, r)
			if ir.Dump(back.Cond) != ir.Dump(r.Cond) {
				t.Errorf("%s: condition changed through a rule file:\n%s\n%s", f, ir.Dump(r.Cond), ir.Dump(back.Cond))
			}
			for _, tc := range r.Tests {
				tests++
				if got := ir.Eval(r.Cond, tc.Log); got != tc.Expected {
					t.Errorf("%s: test %q: ir.Eval = %v, want %v", r.ID, tc.Name, got, tc.Expected)
				}
			}
		}
	}
	if rulesRead != 20 || tests != 49 {
		t.Errorf("read %d rules with %d tests; want the corpus's 20 and 49 (README.md is skipped)", rulesRead, tests)
	}
}
