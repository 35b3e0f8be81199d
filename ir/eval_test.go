package ir_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/rulec/rulec/ir"
	"github.com/rulec/rulec/parser"
)

func mustCond(t *testing.T, src string) ir.Expr {
	t.Helper()
	e, errs := parser.ParseConditionText(src, ir.Pos{Line: 1, Col: 1}, parser.ConditionOptions{File: "t"})
	if errs != nil {
		t.Fatalf("parse %q: %v", src, errs)
	}
	return e
}

func mustLog(t *testing.T, src string) any {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(src))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("log %s: %v", src, err)
	}
	return v
}

// TestEvalSemantics pins the semantics table of condition-language.md,
// including its worked examples.
func TestEvalSemantics(t *testing.T) {
	cases := []struct {
		cond, log string
		want      bool
	}{
		// Worked examples of the spec.
		{`requestParameters.logging eq ""`, `{"requestParameters":{"logging":""}}`, true},
		{`requestParameters.logging eq ""`, `{"requestParameters":{"logging":[{"a":1}]}}`, false},
		{`requestParameters.logging eq ""`, `{"requestParameters":{}}`, false},
		{`not (errorCode is_not_null or errorMessage is_not_null)`, `{"errorCode":"AccessDenied"}`, false},
		{`not (errorCode is_not_null or errorMessage is_not_null)`, `{}`, true},
		{`not (errorCode is_not_null or errorMessage is_not_null)`, `{"errorCode":""}`, true},
		{`httpstatus in ["403", "405"]`, `{"httpstatus":403}`, true},
		{`operation wildcard "REST.*.OBJECT"`, `{"operation":"REST.HEAD.BUCKET"}`, false},
		{`operation wildcard "REST.*.OBJECT"`, `{"operation":"REST.GET.OBJECT"}`, true},
		{`useragent not starts_with "aws-internal"`, `{}`, true},
		// Equality and types.
		{`a eq "403"`, `{"a":403.0}`, true},
		{`a eq 403`, `{"a":"403"}`, true},
		{`a eq "403"`, `{"a":"0403"}`, false},
		{`a eq 403`, `{"a":"0403"}`, true},
		{`a eq "true"`, `{"a":true}`, true},
		{`a eq true`, `{"a":"true"}`, true},
		{`a eq true`, `{"a":"True"}`, false},
		{`a eq "x"`, `{"a":null}`, false},
		{`a eq ""`, `{}`, false},
		{`a eq "1"`, `{"a":{"b":"1"}}`, false},
		{`a ne "x"`, `{}`, true},
		{`a ne "x"`, `{"a":"x"}`, false},
		{`a in "example-bucket"`, `{"a":"example-bucket-2"}`, false},
		// Fan-out over arrays.
		{`tags eq "a"`, `{"tags":["b","a"]}`, true},
		{`r.arn eq "x"`, `{"r":[{"arn":"y"},{"arn":"x"}]}`, true},
		{`r.arn eq "x"`, `{"r":[[{"arn":"x"}]]}`, true},
		// String operators only see strings.
		{`a contains "40"`, `{"a":403}`, false},
		{`a starts_with "ab"`, `{"a":"abc"}`, true},
		{`a ends_with "bc"`, `{"a":"abc"}`, true},
		{`a contains "B"`, `{"a":"abc"}`, false},
		{`a regex "^a.c$"`, `{"a":"abc"}`, true},
		{`a regex "b"`, `{"a":"abc"}`, true},
		{`a wildcard "a?c"`, `{"a":"abc"}`, true},
		{`a wildcard "a[!b]c"`, `{"a":"abc"}`, false},
		{`a wildcard "a[*]c"`, `{"a":"a*c"}`, true},
		{`a wildcard "a[*]c"`, `{"a":"abc"}`, false},
		{`a wildcard "*"`, `{"a":""}`, true},
		{`a wildcard "a*"`, `{"a":"a/b.c\nd"}`, true},
		// Numbers.
		{`a gt "50"`, `{"a":51}`, true},
		{`a gt "50"`, `{"a":"51"}`, true},
		{`a gt "50"`, `{"a":"fifty-one"}`, false},
		{`a gte 50`, `{"a":50.0}`, true},
		{`a lt 1e3`, `{"a":999}`, true},
		{`a lte "-1"`, `{"a":-1}`, true},
		// CIDR.
		{`ip cidr "10.0.0.0/8"`, `{"ip":"10.1.2.3"}`, true},
		{`ip cidr "10.0.0.0/8"`, `{"ip":"11.1.2.3"}`, false},
		{`ip cidr "0.0.0.0/0"`, `{"ip":"::1"}`, false},
		{`ip cidr "::/0"`, `{"ip":"10.0.0.1"}`, false},
		{`ip cidr "::/0"`, `{"ip":"::ffff:10.0.0.1"}`, true},
		{`ip cidr "10.0.0.0/8"`, `{"ip":"not an ip"}`, false},
		{`ip not cidr "10.0.0.0/8"`, `{}`, true},
		// Presence.
		{`a is_null`, `{}`, true},
		{`a is_null`, `{"a":null}`, true},
		{`a is_null`, `{"a":""}`, true},
		{`a is_null`, `{"a":[]}`, true},
		{`a is_null`, `{"a":{}}`, true},
		{`a is_null`, `{"a":0}`, false},
		{`a is_null`, `{"a":false}`, false},
		{`a is_null`, `{"a":[""]}`, true},
		{`a is_null`, `{"a":["", "x"]}`, false},
		{`a is_not_null`, `{"a":"x"}`, true},
		// Precedence: not > and > or; lines are conjuncts.
		{`a eq "1" or b eq "1" and c eq "1"`, `{"a":"1"}`, true},
		{`(a eq "1" or b eq "1") and c eq "1"`, `{"a":"1"}`, false},
		{"a eq \"1\"\nb eq \"1\"", `{"a":"1"}`, false},
		{`not a eq "1" and b eq "1"`, `{"b":"1"}`, true},
		// Version 2: "~" operators fold both strings by simple lowercase.
		{`eventSource eq~ "CloudTrail.AmazonAWS.com"`, `{"eventSource":"cloudtrail.amazonaws.com"}`, true},
		{`a eq~ "K"`, `{"a":"K"}`, true},
		{`a eq~ "k"`, `{"a":"K"}`, true},
		{`a eq~ "s"`, `{"a":"ſ"}`, false},
		{`a eq~ "i"`, `{"a":"İ"}`, true},
		{`a eq~ "I"`, `{"a":"ı"}`, false},
		{`a eq~ "SS"`, `{"a":"ß"}`, false},
		{`a eq~ "Σ"`, `{"a":"σ"}`, true},
		{`a eq~ "Σ"`, `{"a":"ς"}`, false},
		{`a eq~ "403"`, `{"a":403}`, true},
		{`a eq~ "TRUE"`, `{"a":true}`, false},
		{`a eq~ "true"`, `{"a":true}`, true},
		{`a ne~ "X"`, `{}`, true},
		{`a ne~ "X"`, `{"a":"x"}`, false},
		{`a in~ ["X", "Y"]`, `{"a":["z","y"]}`, true},
		{`a contains~ "ELL"`, `{"a":"hello"}`, true},
		{`a contains~ "40"`, `{"a":403}`, false},
		{`a not contains~ "ELL"`, `{}`, true},
		{`a starts_with~ "HE"`, `{"a":"hello"}`, true},
		{`a ends_with~ "LO"`, `{"a":"hello"}`, true},
		{`a wildcard~ "[A-Z]*.EXE"`, `{"a":"q1.exe"}`, true},
		{`a wildcard~ "[A-Z]*.EXE"`, `{"a":"Q1.EXE"}`, true},
		{`a wildcard~ "[A-Z]*.EXE"`, `{"a":"11.exe"}`, false},
		// Version 2: quantifiers hold on one element, unlike fan-out.
		{`any b (x eq "1" and y eq "2")`, `{"b":[{"x":"1"},{"y":"2"}]}`, false},
		{`b.x eq "1" and b.y eq "2"`, `{"b":[{"x":"1"},{"y":"2"}]}`, true},
		{`any b (x eq "1" and y eq "2")`, `{"b":[{"x":"1"},{"x":"1","y":"2"}]}`, true},
		{`any b (x eq "1")`, `{"b":{"x":"1"}}`, true},
		{`any b (x eq "1")`, `{}`, false},
		{`all b (x eq "1")`, `{}`, true},
		{`all b (x eq "1")`, `{"b":[]}`, true},
		{`all b (x eq "1")`, `{"b":[{"x":"1"},{"x":"2"}]}`, false},
		{`all b (@ starts_with "arn:")`, `{"b":["arn:a","arn:b"]}`, true},
		{`all b (@ starts_with "arn:")`, `{"b":["arn:a",5]}`, false},
		{`any b (@ is_null)`, `{"b":["", "x"]}`, true},
		{`any b (@ is_null)`, `{"b":[null]}`, false},
		{`any b (any m (@ contains "gs"))`, `{"b":[{"m":["x"]},{"m":["a-gs"]}]}`, true},
		{`any b (r eq "o" and any m (@ eq "u"))`, `{"b":[{"r":"o","m":["v"]},{"r":"p","m":["u"]}]}`, false},
		{`all f (k eq "t" and all v (@ starts_with "!"))`, `{"f":[{"k":"t","v":["!a"]},{"k":"t","v":[]}]}`, true},
		{`any b (x eq "1")`, `{"b":[[{"x":"1"}]]}`, true},
		// Version 2: field references compare two values of one event.
		{`a eq field(b)`, `{"a":"403","b":403}`, true},
		{`a eq field(b)`, `{"a":"0403","b":"403"}`, false},
		{`a eq field(b)`, `{"a":"x"}`, false},
		{`a ne field(b)`, `{"a":"x"}`, true},
		{`a ne field(b)`, `{"a":"x","b":null}`, true},
		{`a eq field(b)`, `{"a":{},"b":{}}`, false},
		{`a eq field(b)`, `{"a":["x","y"],"b":["y"]}`, true},
		{`a eq~ field(b)`, `{"a":"US-East-1","b":"us-east-1"}`, true},
		{`a not eq~ field(b)`, `{"a":"US-East-1","b":"us-east-1"}`, false},
		{`a contains field(b)`, `{"a":"1403","b":40}`, false},
		{`a contains~ field(b)`, `{"a":"Hello","b":"LL"}`, true},
		{`a starts_with field(b.c)`, `{"a":"abc","b":{"c":"ab"}}`, true},
		{`any d (x ne field(y))`, `{"x":"1","y":"1","d":[{"x":"1","y":"2"}]}`, true},
		{`any d (x ne field(y))`, `{"x":"1","y":"2","d":[{"x":"1","y":"1"}]}`, false},
		{`any d (@ eq field(y))`, `{"y":"1","d":["1"]}`, false},
		{`any d (@ eq field(y))`, `{"d":[{"y":"1"}]}`, false},
	}
	for _, c := range cases {
		e := mustCond(t, c.cond)
		if got := ir.Eval(e, mustLog(t, c.log)); got != c.want {
			t.Errorf("%s on %s = %v, want %v", c.cond, c.log, got, c.want)
		}
	}
}

func TestIsDecimal(t *testing.T) {
	yes := []string{"0", "403", "-1", "+2", "1.5", "1.", ".5", "1e3", "1E-3", "0403", "-0"}
	no := []string{"", " 1", "1 ", "0x10", "1_000", "inf", "NaN", "1e", ".", "-", "1.2.3", "١٢"}
	for _, s := range yes {
		if !ir.IsDecimal(s) {
			t.Errorf("IsDecimal(%q) = false", s)
		}
	}
	for _, s := range no {
		if ir.IsDecimal(s) {
			t.Errorf("IsDecimal(%q) = true", s)
		}
	}
}

func TestFormatRoundTrip(t *testing.T) {
	for _, src := range []string{
		`not (errorCode is_not_null or errorMessage is_not_null)`,
		`a eq "x" or b ne "y" and not (c in ["1", 2, true] or d not regex "^a\\.b")`,
		`(a eq "1" or b eq "2") and c wildcard "x[*]?[!a-c]"`,
		`not not a is_null`,
		`a eq "quote \" backslash \\ tab \t unicode ☺"`,
		`any b (x eq~ "Y" and all c (@ ne field(d))) or a not wildcard~ "[A-Z]"`,
		"all b (@ starts_with \"x\")\na ne~ field(b.c)",
	} {
		e := mustCond(t, src)
		again := mustCond(t, ir.Format(e))
		if ir.Dump(e) != ir.Dump(again) {
			t.Errorf("round trip of %q:\n%s\n%s", src, ir.Dump(e), ir.Dump(again))
		}
	}
}

func TestExclusions(t *testing.T) {
	r := &ir.Rule{Cond: mustCond(t, "not (a is_not_null or b is_not_null)\nc eq \"1\"\nd not starts_with \"x\"")}
	if got := ir.Dump(r.Match()); got != `(eq c "1")` {
		t.Errorf("Match = %s", got)
	}
	var ex []string
	for _, e := range r.Exclusions() {
		ex = append(ex, ir.Dump(e))
	}
	want := `(or (not (is_null a)) (not (is_null b)))|(starts_with d "x")`
	if strings.Join(ex, "|") != want {
		t.Errorf("Exclusions = %s", strings.Join(ex, "|"))
	}
}
