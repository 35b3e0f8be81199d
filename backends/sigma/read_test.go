package sigma

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/rulec/rulec/ir"
)

const sigmaHQStyle = `title: Suspicious things
id: 0e95725d-7320-415d-80f7-004da920fc11
status: test
description: A SigmaHQ-style rule.
references:
    - https://example.com
tags:
    - attack.defense_evasion
    - attack.t1562.008
    - custom.thing
logsource:
    product: aws
    service: cloudtrail
detection:
    selection_api:
        eventSource: 'cloudtrail.amazonaws.com'
        eventName:
            - StopLogging
            - Delete*
    selection_ip:
        - sourceIPAddress|cidr: 10.0.0.0/8
        - userAgent|contains|all:
            - 'aws-cli'
            - 'Boto'
    filter_role:
        userIdentity.arn|endswith: ':role/Admin'
    filter_err:
        errorCode|exists: true
    count:
        requestParameters.count|gte: 5
    flag:
        readOnly: false
        port: 443
        empty: null
    re_sel:
        userAgent|re|i: '^TERRAFORM/\d'
    condition: 1 of selection_* and not 1 of filter_* and (count or flag or re_sel)
fields:
    - eventName
falsepositives:
    - Admins
level: high
`

func mustRead(t *testing.T, src string) *ir.Rule {
	t.Helper()
	rules, errs := ReadFile("rule.yml", []byte(src))
	if errs.Err() != nil {
		t.Fatal(errs.Err())
	}
	if len(rules) != 1 {
		t.Fatalf("%d rules", len(rules))
	}
	return rules[0]
}

func TestReadSigmaHQStyle(t *testing.T) {
	r := mustRead(t, sigmaHQStyle)
	if r.ID != "0e95725d-7320-415d-80f7-004da920fc11" || r.Severity != ir.SeverityHigh || len(r.LogTypes) != 1 || r.LogTypes[0] != "AWS.CloudTrail" {
		t.Errorf("metadata: %+v", r)
	}
	if len(r.Mitre) != 1 || r.Mitre[0] != (ir.Technique{Tactic: "TA0005", Technique: "T1562.008"}) {
		t.Errorf("mitre: %+v", r.Mitre)
	}
	want := `(and (or (and (eq~ eventSource "cloudtrail.amazonaws.com") (or (eq~ eventName "StopLogging") (starts_with~ eventName "Delete"))) (cidr sourceIPAddress "10.0.0.0/8") (and (contains~ userAgent "aws-cli") (contains~ userAgent "Boto"))) (not (or (ends_with~ userIdentity.arn ":role/Admin") (not (is_null errorCode)) (eq errorCode ""))) (or (gte requestParameters.count #5) (and (eq~ readOnly "false") (eq port "443") (is_null empty) (not (eq empty ""))) (regex userAgent "(?i)^TERRAFORM/\\d")))`
	if got := ir.Dump(r.Cond); got != want {
		t.Errorf("condition:\n got %s\nwant %s", got, want)
	}
}

// TestReadAgreesWithEvaluator evaluates a SigmaHQ-style rule under Sigma
// semantics and its IR with ir.Eval on logs that probe each construct.
func TestReadAgreesWithEvaluator(t *testing.T) {
	docs, errs := Parse("rule.yml", []byte(sigmaHQStyle))
	if errs.Err() != nil {
		t.Fatal(errs.Err())
	}
	r := mustRead(t, sigmaHQStyle)
	logs := []string{
		`{"eventSource": "cloudtrail.amazonaws.com", "eventName": "stoplogging", "requestParameters": {"count": "7"}}`,
		`{"eventSource": "CloudTrail.amazonaws.com", "eventName": "DeleteTrail", "readOnly": false, "port": 443}`,
		`{"eventSource": "cloudtrail.amazonaws.com", "eventName": "DeleteTrail", "readOnly": "false", "port": "443", "empty": ""}`,
		`{"eventSource": "cloudtrail.amazonaws.com", "eventName": "DELETEtrail", "readOnly": "False", "port": "0443"}`,
		`{"sourceIPAddress": "10.2.3.4", "userAgent": "terraform/1.5 AWS-CLI boto3", "errorCode": ""}`,
		`{"sourceIPAddress": "10.2.3.4", "userAgent": "Terraform/1.5", "errorCode": "x"}`,
		`{"sourceIPAddress": "10.2.3.4", "userAgent": "Terraform/1.5", "userIdentity": {"arn": "arn:aws:iam::1:ROLE/admin"}}`,
		`{"sourceIPAddress": ["192.168.0.1", "10.9.9.9"], "requestParameters": {"count": 5.0}, "errorCode": null}`,
		`{"sourceIPAddress": "::ffff:10.0.0.1", "requestParameters": {"count": 5}}`,
		`{"eventSource": "cloudtrail.amazonaws.com", "eventName": "StopLogging", "readOnly": false, "port": 443.0, "empty": {}}`,
	}
	for _, l := range logs {
		var v any
		dec := json.NewDecoder(strings.NewReader(l))
		dec.UseNumber()
		if err := dec.Decode(&v); err != nil {
			t.Fatal(err)
		}
		want, err := docs[0].Detection.Match(v)
		if err != nil {
			t.Fatal(err)
		}
		if got := ir.Eval(r.Cond, v); got != want {
			t.Errorf("%s: ir %v, sigma %v", l, got, want)
		}
	}
}

func TestReadErrors(t *testing.T) {
	rule := func(det string) string {
		return "title: t\nlogsource:\n    product: aws\ndetection:\n" + det
	}
	for _, tc := range []struct{ src, want string }{
		{rule("    sel:\n        a|cased: true\n    condition: sel\n"),
			"rule.yml:6:18: sigma: cased needs string values, not true (pySigma refuses it)"},
		{rule("    sel:\n        a|fieldref: b\n    condition: sel\n"),
			`rule.yml:6:9: sigma: fieldref equality of a is not supported (Sigma compares the two values only within one JSON type, so 403 never equals "403", which eq field() matches)`},
		{rule("    sel:\n        CommandLine|expand: '%x%'\n    condition: sel\n"),
			`rule.yml:6:9: sigma: modifier "expand" of CommandLine is not supported`},
		{rule("    sel:\n        CommandLine|contains|base64: x\n    condition: sel\n"),
			"rule.yml:6:38: sigma: modifiers contains|base64 of CommandLine: base64 of a value with wildcards is not defined (pySigma refuses it)"},
		{rule("    sel:\n        CommandLine|wide: '\u00e9'\n    condition: sel\n"),
			`rule.yml:6:27: sigma: modifiers wide of CommandLine: "é" encoded as UTF-16 is not valid UTF-8, which pySigma refuses (only ASCII text is defined)`},
		{rule("    sel:\n        CommandLine|windash|re: x\n    condition: sel\n"),
			`rule.yml:6:9: sigma: modifiers windash|re of CommandLine: "re" does not apply to a value that windash has changed`},
		{rule("    sel:\n        a|fieldref: 'b*'\n    condition: sel\n"),
			`rule.yml:6:21: sigma: fieldref needs field names without wildcards`},
		{rule("    sel:\n        a|contains|fieldref: b\n    condition: sel\n"),
			`rule.yml:6:9: sigma: modifiers contains|fieldref of a: fieldref must come first (pySigma refuses a field reference that contains has changed)`},
		{rule("    sel:\n        a|cased: true\n    condition: sel\n"),
			"rule.yml:6:18: sigma: cased needs string values, not true (pySigma refuses it)"},
		{rule("    sel:\n        a|fieldref: b\n    condition: sel\n"),
			`rule.yml:6:9: sigma: fieldref equality of a is not supported (Sigma compares the two values only within one JSON type, so 403 never equals "403", which eq field() matches)`},
		{rule("    sel:\n        a: 1\n    condition: sel | count() > 5\n"),
			"rule.yml:7:20: sigma: aggregation expressions (| count() ...) are not supported: write a correlation rule"},
		{rule("    sel:\n        a: 1\n    condition: sel and other\n"),
			`rule.yml:7:24: sigma: the condition names "other", which the detection does not define`},
		{rule("    sel:\n        a: 1\n    condition: sel and (sel or\n"),
			"rule.yml:7:31: sigma: condition ends early"},
		{rule("    sel:\n        a|re: '('\n    condition: sel\n"),
			"rule.yml:6:15: sigma: invalid regular expression \"(\": error parsing regexp: missing closing ): `(`"},
		{rule("    sel:\n        a|gt: abc\n    condition: sel\n"),
			`rule.yml:6:15: sigma: gt needs a number, not "abc"`},
		{"title: t\ncorrelation:\n    type: temporal\n    rules: [a, b]\n    timespan: 5m\n",
			`rule.yml:3:5: sigma: correlation type "temporal" is not supported (only event_count over one rule)`},
		{"title: [\n", "rule.yml:1:1: sigma: yaml: did not find expected node content"},
	} {
		_, errs := ReadFile("rule.yml", []byte(tc.src))
		if got := errs.Error(); got != tc.want {
			t.Errorf("%q:\n got %s\nwant %s", tc.src, got, tc.want)
		}
	}
}

// TestReadThreshold reads an event_count correlation back as a threshold.
func TestReadThreshold(t *testing.T) {
	src := "title: base\nname: Base.Rule\nlogsource: {}\ndetection:\n    sel:\n        a: x\n    condition: sel\n---\ntitle: thr\ncorrelation:\n    type: event_count\n    rules: [Base.Rule]\n    group-by: []\n    timespan: 2h\n    condition:\n        gte: 10\nlevel: low\n"
	r := mustRead(t, src)
	if r.ID != "Base.Rule" || r.Threshold != 10 || r.DedupPeriodMinutes != 120 || r.Severity != ir.SeverityLow {
		t.Errorf("%+v", r)
	}
}

// TestEmptySelection reads a selection with an empty map: it holds for
// every event, so "sel and any" is "sel", and "any" alone has no Sigma
// output (emitting it is refused, not written as an invalid condition).
func TestEmptySelection(t *testing.T) {
	r := mustRead(t, "title: t\nlogsource: {}\ndetection:\n    sel:\n        a|cased: x\n    any: {}\n    condition: sel and any\n")
	if got := ir.Dump(r.Cond); got != `(eq a "x")` {
		t.Errorf("got %s", got)
	}
	r = mustRead(t, "title: t\nlogsource: {}\ndetection:\n    any: {}\n    condition: any\n")
	if !ir.Eval(r.Cond, map[string]any{}) {
		t.Error("the empty selection must hold")
	}
	_, err := Convert(r, Options{})
	if err == nil || !strings.Contains(err.Error(), "sigma: an empty condition (every event matches) is not supported") {
		t.Errorf("err = %v", err)
	}
}

func TestReadConditions(t *testing.T) {
	rule := func(cond string) string {
		return "title: t\nlogsource: {}\ndetection:\n    sel_a:\n        a|cased: x\n    sel_b:\n        b: 1\n    _helper:\n        c: true\n    condition: " + cond + "\n"
	}
	for _, tc := range []struct{ cond, want string }{
		{"all of them", `(and (eq a "x") (eq b "1"))`},
		{"1 of them", `(or (eq a "x") (eq b "1"))`},
		{"all of sel_* and not _helper", `(and (eq a "x") (eq b "1") (not (eq~ c "true")))`},
		{"NOT sel_a OR sel_b AND _helper", `(or (not (eq a "x")) (and (eq b "1") (eq~ c "true")))`},
		{"not (sel_a or sel_b)", `(not (or (eq a "x") (eq b "1")))`},
	} {
		r := mustRead(t, rule(tc.cond))
		if got := ir.Dump(r.Cond); got != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", tc.cond, got, tc.want)
		}
	}
	// A list of conditions is their disjunction.
	r := mustRead(t, "title: t\nlogsource: {}\ndetection:\n    s1:\n        a|cased: x\n    s2:\n        b|cased: y\n    condition:\n        - s1\n        - s2\n")
	if got := ir.Dump(r.Cond); got != `(or (eq a "x") (eq b "y"))` {
		t.Errorf("condition list: %s", got)
	}
}

// TestReadValueModifiers reads the value modifiers as pySigma expands them
// (the expected values are pySigma's, from sigma.modifiers).
func TestReadValueModifiers(t *testing.T) {
	rule := func(sel string) string {
		return "title: t\nlogsource: {}\ndetection:\n    sel:\n        " + sel + "\n    condition: sel\n"
	}
	for _, tc := range []struct{ sel, want string }{
		{"c|windash|contains: ' -s /x a-b'",
			`(or (contains~ c " -s -x a-b") (contains~ c " -s /x a-b") (contains~ c " -s –x a-b") (contains~ c " -s —x a-b") (contains~ c " -s ―x a-b") (contains~ c " /s -x a-b") (contains~ c " /s /x a-b") (contains~ c " /s –x a-b") (contains~ c " /s —x a-b") (contains~ c " /s ―x a-b") (contains~ c " –s -x a-b") (contains~ c " –s /x a-b") (contains~ c " –s –x a-b") (contains~ c " –s —x a-b") (contains~ c " –s ―x a-b") (contains~ c " —s -x a-b") (contains~ c " —s /x a-b") (contains~ c " —s –x a-b") (contains~ c " —s —x a-b") (contains~ c " —s ―x a-b") (contains~ c " ―s -x a-b") (contains~ c " ―s /x a-b") (contains~ c " ―s –x a-b") (contains~ c " ―s —x a-b") (contains~ c " ―s ―x a-b"))`},
		{"c|contains|windash: '-E'",
			`(or (contains~ c "-E") (contains~ c "/E") (contains~ c "–E") (contains~ c "—E") (contains~ c "―E"))`},
		{"c|windash|contains|all: ['-a', 'x']",
			`(and (or (contains~ c "-a") (contains~ c "/a") (contains~ c "–a") (contains~ c "—a") (contains~ c "―a")) (contains~ c "x"))`},
		{"c|base64: 'Hello'", `(eq~ c "SGVsbG8=")`},
		{"c|base64offset|contains: 'http://'",
			`(or (contains~ c "aHR0cDovL") (contains~ c "h0dHA6Ly") (contains~ c "odHRwOi8v"))`},
		{"c|wide|base64offset|contains: 'ping'",
			`(or (contains~ c "cABpAG4AZw") (contains~ c "AAaQBuAGcA") (contains~ c "wAGkAbgBnA"))`},
		{"c|utf16be|base64: 'a'", `(eq~ c "AGE=")`},
		{"c|utf16|base64: 'a'", `(eq~ c "77u/YQA=")`},
		{"c|wide: 'ab'", "(eq~ c \"a\\u0000b\\u0000\")"},
		{"c|fieldref|startswith: d", `(starts_with c (field d))`},
		{"c|fieldref|endswith: [d, e.f]", `(or (ends_with c (field d)) (ends_with c (field e.f)))`},
		{"c: '8388608'", `(eq c "8388608")`},
		{"c: ['Ab', '1', 'x*']", `(or (in~ c "Ab" "1") (starts_with~ c "x"))`},
		{"c: 'a\\*b?c\\\\d['", `(wildcard~ c "a[*]b?c\\d[[]")`},
		{"c|cased: 'Ab*'", `(starts_with c "Ab")`},
		{"c: '*'", `(wildcard c "*")`},
		{"c|re|i|s: 'a.b'", `(regex c "(?is)a.b")`},
		{"c|re|ignorecase|multiline|dotall: 'a.b'", `(regex c "(?ims)a.b")`},
		{"c: '12*'", `(starts_with c "12")`},
		{"c: null", `(and (is_null c) (not (eq c "")))`},
		{"c|exists: false", `(not (or (not (is_null c)) (eq c "")))`},
	} {
		r := mustRead(t, rule(tc.sel))
		if got := ir.Dump(r.Cond); got != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", tc.sel, got, tc.want)
		}
	}
}

// TestReadModifiersAgreeWithEvaluator evaluates rules with value modifiers,
// field references and typed values under Sigma semantics and as IR.
func TestReadModifiersAgreeWithEvaluator(t *testing.T) {
	src := `title: t
logsource: {}
detection:
    dash:
        cmd|windash|contains|all: ['-s', '-u']
    ref:
        user|fieldref|startswith: target.name
    refc:
        user|fieldref|contains: part
    num:
        Flags: '8388608'
    b64:
        data|base64offset|contains: 'evil'
    nul:
        gone: null
    condition: dash or ref or refc or num or b64 or nul
`
	docs, errs := Parse("rule.yml", []byte(src))
	if errs.Err() != nil {
		t.Fatal(errs.Err())
	}
	r := mustRead(t, src)
	logs := []string{
		`{"cmd": "x /S /u"}`,
		`{"cmd": "x -s"}`,
		`{"cmd": ["-s", "\u2013U"]}`,
		`{"user": "bob", "target": {"name": "bob"}}`,
		`{"user": "Bob", "target": {"name": "bob"}}`,
		`{"user": 5, "target": {"name": "5"}}`,
		`{"user": "alice", "target": [{"name": "x"}, {"name": "alice"}]}`,
		`{"user": "xbobx", "part": "bob"}`,
		`{"user": "xbobx", "part": null}`,
		`{"Flags": 8388608}`,
		`{"Flags": 8388608.0}`,
		`{"Flags": "08388608"}`,
		`{"data": "xxZXZpbAyy"}`,
		`{"data": "ZXZPBA"}`,
		`{"gone": ""}`,
		`{"gone": [""]}`,
		`{"gone": ["", "x"]}`,
		`{"gone": []}`,
		`{"gone": {}}`,
		`{"gone": [{}, null]}`,
		`{"gone": null, "user": "x"}`,
		`{"gone": 0}`,
		`{}`,
	}
	for _, l := range logs {
		var v any
		dec := json.NewDecoder(strings.NewReader(l))
		dec.UseNumber()
		if err := dec.Decode(&v); err != nil {
			t.Fatal(err)
		}
		want, err := docs[0].Detection.Match(v)
		if err != nil {
			t.Fatal(err)
		}
		if got := ir.Eval(r.Cond, v); got != want {
			t.Errorf("%s: ir %v, sigma %v", l, got, want)
		}
	}
}
