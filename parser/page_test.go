package parser

import (
	"encoding/json"
	"math/rand"
	"reflect"
	"strings"
	"testing"

	"github.com/rulec/rulec/ir"
)

// page assembles a catalog page from a rule body and Detection logic lines.
func page(body, logic string) string {
	return "Detection rules › Panther\n" +
		"Example Rule\n" +
		"Page description line.\n" +
		"MITRE ATT&CK coverage\n" +
		"| Tactic | Techniques |\n" +
		"|---|---|\n" +
		"| Stealth | T1562 Impair Defenses |\n" +
		"Rules detecting the same action\n" +
		"Other rules on this platform that filter on the same API call or operation.\n" +
		"- Something Else (Sigma)\n" +
		"Rule body yaml\n" +
		body +
		"Detection logic\n" +
		logic
}

const simpleLogic = "Condition\neventName eq \"PutBucketLogging\"\n"

func mustRead(t *testing.T, src string) *ir.Rule {
	t.Helper()
	r, errs := ReadPage("p.txt", []byte(src))
	if len(errs) > 0 {
		t.Fatalf("unexpected diagnostics:\n%v", errs)
	}
	if r == nil {
		t.Fatal("no rule")
	}
	return r
}

func jsonOf(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestReadPageMetadata(t *testing.T) {
	body := `AnalysisType: rule
Filename: example.py
RuleID: "Example.Rule"
DisplayName: "Example Display"
Enabled: true
CreateAlert: false
LogTypes:
- AWS.CloudTrail
Tags:
- AWS
- Impact:Data Destruction
- '[MITRE] Persistence'
Reports:
MITRE ATT&CK:
- TA0005:T1562.008 # cloud logs
- TA0040:T1485
CIS:
- "3.1"
Severity: medium
Description: >
Detects the first thing
and the second thing.
Runbook: |
1. Look here.
2. Then there.
Reference: https://example.com/ref
SummaryAttributes:
- sourceIpAddress
DedupPeriodMinutes: 60 # 1 hour
Threshold: 5
Status: Experimental
OutputIds:
- dest-1
Tests:
- Name: One
ExpectedResult: true
Log: { "eventName": "PutBucketLogging" }
`
	r := mustRead(t, page(body, simpleLogic+"Output fields\nFields the rule emits when it matches.\n| Field | Source |\n|---|---|\neventName | |\nbucketName | requestParameters.bucketName |\n"))
	f := false
	want := &ir.Rule{
		ID: "Example.Rule", Title: "Example Display", Description: "Detects the first thing and the second thing.",
		Severity: ir.SeverityMedium, LogTypes: []string{"AWS.CloudTrail"},
		Tags: []string{"AWS", "Impact:Data Destruction", "[MITRE] Persistence"},
		Reports: []ir.Report{
			{Framework: "MITRE ATT&CK", Items: []string{"TA0005:T1562.008", "TA0040:T1485"}},
			{Framework: "CIS", Items: []string{"3.1"}},
		},
		Mitre:        []ir.Technique{{Tactic: "TA0005", Technique: "T1562.008"}, {Tactic: "TA0040", Technique: "T1485"}},
		References:   []string{"https://example.com/ref"},
		Runbook:      "1. Look here.\n2. Then there.",
		Status:       "Experimental",
		Enabled:      true,
		AnalysisType: "rule", Filename: "example.py", CreateAlert: &f, OutputIDs: []string{"dest-1"},
		Threshold: 5, DedupPeriodMinutes: 60,
		SummaryAttributes: []string{"sourceIpAddress"},
		OutputFields:      []ir.OutputField{{Name: "eventName"}, {Name: "bucketName", Source: "requestParameters.bucketName"}},
		CondText:          `eventName eq "PutBucketLogging"`,
		File:              "p.txt", At: ir.Pos{Line: 1, Col: 1},
	}
	got := *r
	got.Cond, got.Tests = nil, nil
	if !reflect.DeepEqual(&got, want) {
		t.Errorf("rule:\n got %+v\nwant %+v", &got, want)
	}
	if len(r.Tests) != 1 || r.Tests[0].Name != "One" || !r.Tests[0].Expected || r.Tests[0].At.Line != 46 {
		t.Errorf("tests: %+v", r.Tests)
	}
}

func TestReadPageFallsBackToPageSections(t *testing.T) {
	body := "RuleID: X\nSeverity: Low\nLogTypes:\n- AWS.CloudTrail\n"
	r := mustRead(t, page(body, simpleLogic))
	if r.Title != "Example Rule" || r.Description != "Page description line." {
		t.Errorf("title %q, description %q", r.Title, r.Description)
	}
	if !reflect.DeepEqual(r.Mitre, []ir.Technique{{Technique: "T1562"}}) {
		t.Errorf("mitre from the page table: %+v", r.Mitre)
	}
}

// The Tests list ends where a top-level key follows the last log.
func TestTestsEndBeforeTopLevelKeys(t *testing.T) {
	body := `AnalysisType: rule
Severity: Info
Tests:
- Name: A
ExpectedResult: true
Log:
{
"eventName": "X",
"nested":
{
"a": 1,
},
}
DedupPeriodMinutes: 60
LogTypes:
- AWS.CloudTrail
RuleID: "After.Tests"
Threshold: 1
`
	r := mustRead(t, page(body, simpleLogic))
	if r.ID != "After.Tests" || !reflect.DeepEqual(r.LogTypes, []string{"AWS.CloudTrail"}) || r.Threshold != 1 || r.DedupPeriodMinutes != 60 {
		t.Errorf("keys after Tests lost: %+v", r)
	}
	if len(r.Tests) != 1 || jsonOf(t, r.Tests[0].Log) != `{"eventName":"X","nested":{"a":1}}` {
		t.Errorf("tests: %+v", r.Tests)
	}
}

func TestFlowLogs(t *testing.T) {
	body := `RuleID: Flow
Severity: Low
LogTypes:
- AWS.CloudTrail
Tests:
- Name: Multi-line with trailing commas
ExpectedResult: true
Log:
{
"s": "a\nb \u263a",
"single": '{"key": "value"}',
"n": 403,
"f": 1.698669223e+09,
"t": true,
"z": null,
"empty": "",
"arr":
[
{ "id": "2", "type": "user" },
],
"obj": {},
}
- Name: One line
ExpectedResult: false
Log: { "bucket": "example-bucket" }
`
	r := mustRead(t, page(body, simpleLogic))
	if len(r.Tests) != 2 {
		t.Fatalf("tests: %+v", r.Tests)
	}
	want := `{"arr":[{"id":"2","type":"user"}],"empty":"","f":1.698669223e+09,"n":403,"obj":{},"s":"a\nb ☺","single":"{\"key\": \"value\"}","t":true,"z":null}`
	if got := jsonOf(t, r.Tests[0].Log); got != want {
		t.Errorf("log:\n got %s\nwant %s", got, want)
	}
	if got := jsonOf(t, r.Tests[1].Log); got != `{"bucket":"example-bucket"}` || r.Tests[1].Expected {
		t.Errorf("one-line log: %s", got)
	}
	for _, tc := range r.Tests {
		if tc.Confidence != ir.ConfidenceHigh {
			t.Errorf("%s: confidence %s", tc.Name, tc.Confidence)
		}
	}
}

// Tests may start with "- ExpectedResult:" or a bare "-", and put Name last,
// after a block-style log; "Name:" inside the log is a log field.
func TestExpectedResultFirstAndNameLast(t *testing.T) {
	body := `RuleID: Order
Severity: Low
LogTypes:
- AWS.CloudTrail
Tests:
- ExpectedResult: true
Log:
eventName: CreateInsight
requestParameters:
Name: Test Insight
ResultField: ResourceId
Tags:
- Name: web
Value: server
userIdentity:
type: IAMUser
Name: First
-
Name: Second
ExpectedResult: false
Log: { "eventName": "Other" }
`
	r := mustRead(t, page(body, simpleLogic))
	if len(r.Tests) != 2 {
		t.Fatalf("tests: %+v", r.Tests)
	}
	if r.Tests[0].Name != "First" || !r.Tests[0].Expected {
		t.Errorf("first test: %+v", r.Tests[0])
	}
	want := `{"eventName":"CreateInsight","requestParameters":{"Name":"Test Insight","ResultField":"ResourceId","Tags":[{"Name":"web","Value":"server"}]},"userIdentity":{"type":"IAMUser"}}`
	if got := jsonOf(t, r.Tests[0].Log); got != want {
		t.Errorf("log:\n got %s\nwant %s", got, want)
	}
	if r.Tests[1].Name != "Second" || r.Tests[1].Expected {
		t.Errorf("second test: %+v", r.Tests[1])
	}
}

// A block-style log whose nesting the page lost is rebuilt from the
// CloudTrail schema.
func TestBlockLogRebuild(t *testing.T) {
	body := `RuleID: Block
Severity: Low
LogTypes:
- AWS.CloudTrail
Tests:
- Name: Nested
ExpectedResult: true
Log:
eventVersion: "1.08"
userIdentity:
type: AssumedRole
sessionContext:
sessionIssuer:
type: Role
userName: DeveloperRole
attributes:
creationDate: "2024-01-15T10:30:00Z" # a comment
mfaAuthenticated: "false"
accountId: "123456789012"
eventName: ModifyDBInstance
requestParameters:
dBInstanceIdentifier: production-db
vPCSecurityGroupIds:
- "sg-0123456789abcdef0"
applyImmediately: true
responseElements: null
resources:
- ARN: arn:aws:s3:::b
type: AWS::S3::Bucket
- ARN: arn:aws:s3:::c
recipientAccountId: "123456789012"
`
	r := mustRead(t, page(body, simpleLogic))
	want := `{"eventName":"ModifyDBInstance","eventVersion":"1.08","recipientAccountId":"123456789012",` +
		`"requestParameters":{"applyImmediately":true,"dBInstanceIdentifier":"production-db","vPCSecurityGroupIds":["sg-0123456789abcdef0"]},` +
		`"resources":[{"ARN":"arn:aws:s3:::b","type":"AWS::S3::Bucket"},{"ARN":"arn:aws:s3:::c"}],"responseElements":null,` +
		`"userIdentity":{"accountId":"123456789012","sessionContext":{"attributes":{"creationDate":"2024-01-15T10:30:00Z","mfaAuthenticated":"false"},` +
		`"sessionIssuer":{"type":"Role","userName":"DeveloperRole"}},"type":"AssumedRole"}}`
	tc := r.Tests[0]
	if got := jsonOf(t, tc.Log); got != want {
		t.Errorf("log:\n got %s\nwant %s", got, want)
	}
	if tc.Confidence != ir.ConfidenceHigh {
		t.Errorf("confidence %s (%s)", tc.Confidence, tc.Note)
	}
}

// Where neither the schema nor key order decides, the test is kept and marked
// low-confidence with a note naming the line.
func TestBlockLogAmbiguous(t *testing.T) {
	body := `RuleID: Ambiguous
Severity: Low
LogTypes:
- AWS.CloudTrail
Tests:
- Name: Unknown nesting
ExpectedResult: true
Log:
eventName: X
requestParameters:
filter:
name: a
values: b
`
	r := mustRead(t, page(body, simpleLogic))
	tc := r.Tests[0]
	if tc.Confidence != ir.ConfidenceLow || !strings.Contains(tc.Note, "line 24") || !strings.Contains(tc.Note, `"values"`) {
		t.Errorf("confidence %s, note %q", tc.Confidence, tc.Note)
	}
	if got := jsonOf(t, tc.Log); got != `{"eventName":"X","requestParameters":{"filter":{"name":"a","values":"b"}}}` {
		t.Errorf("log: %s", got)
	}
}

// In a log whose top-level keys are sorted, a key smaller than its
// predecessor cannot share its map.
func TestBlockLogSortedKeys(t *testing.T) {
	var lines []pageLine
	for i, s := range strings.Split("action: x\nactor: y\ndata:\nalpha: 1\nzebra: 2\nfoo: 3", "\n") {
		lines = append(lines, pageLine{text: s, no: i + 1})
	}
	// GitHub's audit events hold any top-level field, so "foo" could belong
	// to data or to the top level; but "foo" < "zebra", and this log sorts
	// its keys, so it cannot follow zebra inside data.
	rel, notes := rebuildBlockLog(lines, logSchemas["GitHub.Audit"])
	if want := []int{0, 0, 0, 2, 2, 0}; !reflect.DeepEqual(rel, want) || strings.Contains(strings.Join(notes, " "), `"foo"`) {
		t.Errorf("indents %v, want %v (notes %v)", rel, want, notes)
	}
}

func TestLineEndings(t *testing.T) {
	body := `RuleID: "CRLF.Rule"
Severity: High
LogTypes:
- AWS.CloudTrail
Description: >
folded
text
Tests:
- Name: A
ExpectedResult: true
Log:
{
"eventName": "PutBucketLogging",
}
`
	src := page(body, simpleLogic)
	base := mustRead(t, src)
	crlf := mustRead(t, strings.ReplaceAll(src, "\n", "\r\n"))
	noFinal := mustRead(t, strings.TrimSuffix(src, "\n"))
	bom := mustRead(t, "\ufeff"+src)
	for name, r := range map[string]*ir.Rule{"CRLF": crlf, "no final newline": noFinal, "BOM": bom} {
		if jsonOf(t, r.Tests) != jsonOf(t, base.Tests) || r.Description != base.Description || r.ID != base.ID || r.CondText != base.CondText {
			t.Errorf("%s: %+v differs from %+v", name, r, base)
		}
	}
	if base.Description != "folded text" {
		t.Errorf("description %q", base.Description)
	}
}

func TestPartialAndImperative(t *testing.T) {
	body := "RuleID: P\nSeverity: Low\nLogTypes:\n- AWS.CloudTrail\n"
	r := mustRead(t, page(body, simpleLogic+"This rule also runs imperative logic the parser cannot express as a filter; the conditions above are the structured part it could extract.\n"))
	if !r.Partial || r.CondText != `eventName eq "PutBucketLogging"` {
		t.Errorf("partial %v, condition %q", r.Partial, r.CondText)
	}
	for _, header := range []string{"Filter", "Rule logic imperative Python"} {
		src := page(body, header+"\ndef rule(event):\n    return True\n")
		_, errs := ReadPage("p.txt", []byte(src))
		if len(errs) != 1 || errs[0].Code != ir.CodeImperative || errs[0].Pos.Line != 17 || !strings.Contains(errs[0].Error(), "p.txt:17:1: rule P has no Condition: its detection logic is imperative Python") {
			t.Errorf("%s: %v", header, errs)
		}
	}
}

func TestTestErrors(t *testing.T) {
	body := `RuleID: E
Severity: Low
LogTypes:
- AWS.CloudTrail
Tests:
- Name: No expectation
Log: { "a": 1 }
- Name: Broken log
ExpectedResult: true
Log:
{
"a": [1, 2,
}
- Name: Fine
ExpectedResult: true
Log: { "a": 1 }
`
	r, errs := ReadPage("p.txt", []byte(page(body, simpleLogic)))
	if len(errs) != 2 {
		t.Fatalf("want 2 errors, got %v", errs)
	}
	if e := errs[0]; e.Code != ir.CodeTest || e.Pos.Line != 17 || !strings.Contains(e.Msg, `"No expectation" has no ExpectedResult`) {
		t.Errorf("first error: %v", e)
	}
	if e := errs[1]; e.Code != ir.CodeLog || e.Pos.Line < 22 || e.Pos.Line > 24 || !strings.Contains(e.Msg, `test "Broken log": log does not parse`) {
		t.Errorf("second error: %v", e)
	}
	// The broken test is kept (it exists on the page), the others are read.
	if r == nil || len(r.Tests) != 3 || r.Tests[1].Log != nil || r.Tests[1].Confidence != ir.ConfidenceLow || r.Tests[2].Name != "Fine" {
		t.Errorf("the other tests are still read: %+v", r)
	}
}

func TestPageErrors(t *testing.T) {
	cases := []struct{ src, want string }{
		{"", "p.txt:1:1: not a catalog page"},
		{"Detection rules › Panther\nTitle\n", "no \"Rule body yaml\" section"},
		{page("RuleID: X\nSeverity: Low\n", ""), "p.txt:14:1: rule X: the Detection logic section is empty"},
		{page("RuleID: X\nSeverity: Low\n", "Condition\n"), "p.txt:15:1: rule X: empty Condition"},
		{page("Severity: Low\n", simpleLogic), "p.txt:11:1: the rule body has no RuleID"},
		{page("RuleID: X\nSeverity: Extreme\n", simpleLogic), `p.txt:13:11: Severity "Extreme"`},
		{page("RuleID: X\nSeverity: Low\nThreshold: lots\n", simpleLogic), "p.txt:14:12: Threshold must be a whole number"},
		{page("RuleID: X\nSeverity: Low\n", "Condition\neventName eq \"a\"\nfoo bogus \"b\"\n"), "p.txt:17:5: unknown operator \"bogus\""},
	}
	for _, c := range cases {
		_, errs := ReadPage("p.txt", []byte(c.src))
		if !strings.Contains(errs.Error(), c.want) {
			t.Errorf("%q:\n got %v\nwant %s", c.src, errs, c.want)
		}
	}
}

func TestExclusionsCrossCheck(t *testing.T) {
	body := "RuleID: X\nSeverity: Low\nLogTypes:\n- AWS.CloudTrail\n"
	logic := "Condition\nnot (errorCode is_not_null or errorMessage is_not_null)\neventName eq \"a\"\n" +
		"Exclusions\nTop-level NOT(...) conjuncts: predicates this rule actively suppresses.\n| Field | Kind | Excluded values |\n|---|---|---|\n" +
		"errorCode | is_not_null | |\n"
	_, errs := ReadPage("p.txt", []byte(page(body, logic+"Indicators\n| Field | Kind | Values |\n|---|---|---|\neventName | eq |\n|\nuserAgent | eq |\n|\n")))
	if len(errs.Errors()) != 0 || len(errs.Warnings()) != 2 {
		t.Fatalf("want two warnings, got %v", errs)
	}
	if w := errs[0]; w.Code != ir.CodeLint || !strings.Contains(w.Msg, "errorMessage, which the Exclusions table does not list") {
		t.Errorf("exclusions: %v", w)
	}
	if w := errs[1]; !strings.Contains(w.Msg, `Indicators table lists "userAgent"`) || w.Pos.Line != 30 {
		t.Errorf("indicators: %v", w)
	}
	// The table that agrees gives no warning.
	_, errs = ReadPage("p.txt", []byte(page(body, logic+"errorMessage | is_not_null |\n")))
	if len(errs) != 0 {
		t.Errorf("agreeing table: %v", errs)
	}
}

// The reader must never panic or loop, whatever it is given.
func TestReadPageGarbage(t *testing.T) {
	seed := page(`RuleID: G
Severity: Low
LogTypes:
- AWS.CloudTrail
Tests:
- ExpectedResult: true
Log:
a:
- b: 1
c:
-
- "x
Name: n
- Name: m
ExpectedResult: false
Log:
{
"k": [1, {"z": 'q'}],
}
`, simpleLogic)
	tricky := []string{"-", "- -", ": :", "{", "}", "[[[[", "Log:", "Tests:", "- Log: |", "&a [*a, *a]", "'", "\"", "Rule body yaml", "Detection logic", "- Name:", "? x", "!!binary x", "Mocks:\n- objectName: f\nreturnValue: >"}
	rng := rand.New(rand.NewSource(1))
	lines := strings.Split(seed, "\n")
	for i := 0; i < 3000; i++ {
		mut := append([]string(nil), lines...)
		for k := 0; k < 1+rng.Intn(4); k++ {
			j := rng.Intn(len(mut))
			switch rng.Intn(4) {
			case 0:
				mut[j] = tricky[rng.Intn(len(tricky))]
			case 1:
				mut = append(mut[:j], mut[j+1:]...)
			case 2:
				mut = append(mut[:j], append([]string{mut[rng.Intn(len(mut))]}, mut[j:]...)...)
			case 3:
				if s := mut[j]; len(s) > 0 {
					c := rng.Intn(len(s))
					mut[j] = s[:c] + s[c+1:]
				}
			}
		}
		src := strings.Join(mut, "\n")
		func() {
			defer func() {
				if p := recover(); p != nil {
					t.Fatalf("panic %v on:\n%s", p, src)
				}
			}()
			_, errs := ReadPage("g.txt", []byte(src))
			for _, e := range errs {
				if !strings.HasPrefix(e.Error(), "g.txt:") {
					t.Fatalf("unpositioned error %q on:\n%s", e, src)
				}
			}
		}()
	}
}

func TestMocksAndUnknownLogType(t *testing.T) {
	body := `RuleID: M
Severity: Low
LogTypes:
- Custom.Unknown
Tests:
- Name: With mocks
ExpectedResult: true
Mocks:
- objectName: get_string_set
returnValue: >
["a", "b"]
- objectName: other
returnValue: "x"
Log:
flat: 1
other: two
- Name: Nested unknown
ExpectedResult: false
Log:
action: x
actor: y
box:
inner: 1
more: 2
`
	r := mustRead(t, page(body, simpleLogic))
	if len(r.Tests) != 2 {
		t.Fatalf("tests: %+v", r.Tests)
	}
	m := r.Tests[0]
	if jsonOf(t, m.Log) != `{"flat":1,"other":"two"}` || m.Confidence != ir.ConfidenceHigh || !strings.Contains(m.Note, "mocks") {
		t.Errorf("mocked test: %+v", m)
	}
	// Nothing is known of Custom.Unknown: "more" may close box or not.
	n := r.Tests[1]
	if n.Confidence != ir.ConfidenceLow || jsonOf(t, n.Log) != `{"action":"x","actor":"y","box":{"inner":1,"more":2}}` {
		t.Errorf("unknown log type: %+v", n)
	}
}

func TestLogSchemasFromRegistry(t *testing.T) {
	for _, lt := range []string{"AWS.CloudTrail", "AWS.S3ServerAccess", "AWS.VPCFlow", "GCP.AuditLog", "GitHub.Audit", "Okta.SystemLog", "OneLogin.Events", "Zoom.Operation"} {
		if logSchemas[lt] == nil {
			t.Errorf("no schema for %s", lt)
		}
	}
	ct := logSchemas["AWS.CloudTrail"]
	if n := ct.child("userIdentity").child("sessionContext").child("attributes"); n == nil || !n.closed || n.child("creationDate") == nil {
		t.Errorf("userIdentity.sessionContext.attributes: %+v", n)
	}
	if ct.child("eventid") == nil || ct.child("requestParameters") == nil || !ct.child("requestParameters").container || ct.child("eventName").container {
		t.Error("folded names, containers and scalars")
	}
	if p := ct.pattern("CreateTrafficMirrorFilterResponse"); p == nil || p.child("xmlns") == nil {
		t.Error("the <Action>Response pattern")
	}
	if p := ct.pattern("CreateTrafficMirrorFilterRequest"); p == nil || !p.sole || ct.pattern("loginRequest") != nil {
		t.Error("the sole <Action>Request element, PascalCase only")
	}
	if p := ct.pattern("dBParameterGroups"); p == nil || p.child("[]").child("parameterApplyStatus") == nil {
		t.Error("a list pattern")
	}
	if gh := logSchemas["GitHub.Audit"]; gh.closed || gh.child("at_sign_timestamp") == nil || ct.child("p_log_type") == nil {
		t.Error("an open log type, the at_sign_ spelling and the standard fields")
	}
}

// A page that kept its YAML indentation reads like the flattened one.
func TestIndentedBodyReadsTheSame(t *testing.T) {
	body := "RuleID: I\nSeverity: Low\nLogTypes:\n  - AWS.CloudTrail\nTests:\n  - Name: A\n    ExpectedResult: true\n    Log:\n      userIdentity:\n        type: Root\n      eventName: X\n"
	r := mustRead(t, page(body, simpleLogic))
	if len(r.Tests) != 1 || jsonOf(t, r.Tests[0].Log) != `{"eventName":"X","userIdentity":{"type":"Root"}}` || r.LogTypes[0] != "AWS.CloudTrail" {
		t.Errorf("%+v", r)
	}
	_, errs := ReadPage("p.txt", []byte(page("RuleID: I\n  Severity: Extreme\n", simpleLogic)))
	if len(errs) == 0 || !strings.Contains(errs.Error(), "p.txt:13:13: Severity") {
		t.Errorf("column inside the indented line: %v", errs)
	}
}

// BenchmarkReadPageHostile reads pages built to make a careless reader
// quadratic: long "key:" chains, unterminated quotes, deep brackets.
func BenchmarkReadPageHostile(b *testing.B) {
	head := "Detection rules › Panther\nT\nRule body yaml\nRuleID: X\nSeverity: Low\nTests:\n- Name: a\nExpectedResult: true\nLog:\n"
	tail := "Detection logic\nCondition\na eq \"b\"\n"
	var chain strings.Builder
	for i := 0; i < 5000; i++ {
		chain.WriteString("k" + strings.Repeat("x", i%7) + ":\n")
	}
	cases := map[string]string{
		"openers":   head + chain.String() + tail,
		"quote":     head + "k: \"" + strings.Repeat("x\n", 20000) + tail,
		"deep flow": head + strings.Repeat("{\n", 5000) + tail,
		"many keys": head + strings.Repeat("k: 1\n", 20000) + tail,
		"rule keys": head + "k: 1\n" + strings.Repeat("Description: x\nRunbook: y\nTags:\n- a\n", 5000) + tail,
	}
	for name, src := range cases {
		b.Run(name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				ReadPage("x", []byte(src))
			}
		})
	}
}

func TestMissingCommaPosition(t *testing.T) {
	body := "RuleID: C\nSeverity: Low\nLogTypes:\n- AWS.CloudTrail\nTests:\n- Name: A\nExpectedResult: true\nLog:\n{\n\"a\": 1,\n\"b\": \"x\"\n\"c\": 2,\n}\n"
	_, errs := ReadPage("p.txt", []byte(page(body, simpleLogic)))
	if len(errs) != 1 || errs[0].Pos != (ir.Pos{Line: 22, Col: 9}) || !strings.Contains(errs[0].Msg, "a ',' is missing") {
		t.Errorf("%v", errs)
	}
}

// Newer EC2 calls wrap parameters and response in one element each; the
// schema's "!sole" patterns let the rebuild close them correctly.
func TestBlockLogEC2Wrappers(t *testing.T) {
	body := `RuleID: W
Severity: Low
LogTypes:
- AWS.CloudTrail
Tests:
- Name: Wrapped
ExpectedResult: true
Log:
eventName: CreateTrafficMirrorFilter
requestParameters:
CreateTrafficMirrorFilterRequest:
Description: x
ClientToken: y
responseElements:
CreateTrafficMirrorFilterResponse:
clientToken: c
requestId: r
trafficMirrorFilter:
trafficMirrorFilterId: f
xmlns: http://ec2.amazonaws.com/doc/2016-11-15/
sourceIPAddress: 1.2.3.4
`
	r := mustRead(t, page(body, simpleLogic))
	tc := r.Tests[0]
	want := `{"eventName":"CreateTrafficMirrorFilter","requestParameters":{"CreateTrafficMirrorFilterRequest":{"ClientToken":"y","Description":"x"}},` +
		`"responseElements":{"CreateTrafficMirrorFilterResponse":{"clientToken":"c","requestId":"r","trafficMirrorFilter":{"trafficMirrorFilterId":"f"},"xmlns":"http://ec2.amazonaws.com/doc/2016-11-15/"}},"sourceIPAddress":"1.2.3.4"}`
	if got := jsonOf(t, tc.Log); got != want || tc.Confidence != ir.ConfidenceHigh {
		t.Errorf("log (%s, %s):\n got %s\nwant %s", tc.Confidence, tc.Note, got, want)
	}
}
