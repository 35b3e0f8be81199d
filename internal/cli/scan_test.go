package cli

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// scanPage has a plain rule and a threshold rule (3 matches in 10 minutes).
const scanPage = `Detection rules › Panther
Scan rule
Matches PutBucketLogging.
Rule body yaml
AnalysisType: rule
RuleID: "Scan.Rule"
DisplayName: "Scan rule"
Severity: High
LogTypes:
- AWS.CloudTrail
Tests:
- Name: Matches
ExpectedResult: true
Log: { "eventName": "PutBucketLogging" }
Detection logic
Condition
eventName eq "PutBucketLogging"
`

const thresholdPage = `Detection rules › Panther
Threshold rule
Three failed logins.
Rule body yaml
AnalysisType: rule
RuleID: "Threshold.Rule"
DisplayName: "Threshold rule"
Severity: Medium
Threshold: 3
DedupPeriodMinutes: 10
LogTypes:
- AWS.CloudTrail
Tests:
- Name: Fails
ExpectedResult: true
Log: { "eventName": "ConsoleLogin", "errorCode": "Failed" }
Detection logic
Condition
eventName eq "ConsoleLogin"
errorCode is_not_null
`

func runIn(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Run(context.Background(), args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func scanLines(t *testing.T, out string) []map[string]any {
	t.Helper()
	var res []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		if l == "" {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("output line %q: %v", l, err)
		}
		res = append(res, m)
	}
	return res
}

func TestScan(t *testing.T) {
	dir := t.TempDir()
	rules := filepath.Join(dir, "rules")
	os.Mkdir(rules, 0o755)
	os.WriteFile(filepath.Join(rules, "scan.txt"), []byte(scanPage), 0o644)
	os.WriteFile(filepath.Join(rules, "threshold.txt"), []byte(thresholdPage), 0o644)

	logs := filepath.Join(dir, "logs")
	os.MkdirAll(filepath.Join(logs, "sub"), 0o755)
	plain := `{"eventSource":"s3.amazonaws.com","eventName":"PutBucketLogging","x":1}` + "\n" +
		"\n" +
		`{"eventSource":"s3.amazonaws.com","eventName":"GetObject"}` + "\r\n" +
		`{"eventSource":"s3.amazonaws.com","eventName":"ConsoleLogin","errorCode":"Failed","eventTime":"2024-01-01T00:00:00Z"}` + "\n" +
		`{"eventSource":"s3.amazonaws.com","eventName":"ConsoleLogin","errorCode":"Failed","eventTime":"2024-01-01T00:01:00Z"}` + "\n" +
		`{"eventName":` + "\n" +
		`{"eventSource":"s3.amazonaws.com","eventName":"ConsoleLogin","errorCode":"Failed","eventTime":"2024-01-01T00:02:00Z"}` + "\n" +
		`{"eventSource":"s3.amazonaws.com","eventName":"ConsoleLogin","errorCode":"Failed","eventTime":"2024-01-01T00:03:00Z"}`
	os.WriteFile(filepath.Join(logs, "a.json"), []byte(plain), 0o644)
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(`{"p_log_type":"AWS.CloudTrail","eventName":"PutBucketLogging"}` + "\n"))
	zw.Close()
	os.WriteFile(filepath.Join(logs, "sub", "b.ndjson.gz"), gz.Bytes(), 0o644)
	os.WriteFile(filepath.Join(logs, "ignored.csv"), []byte("not,json\n"), 0o644)

	for _, workers := range []string{"1", "2"} {
		code, out, stderr := runIn(t, "", "scan", "--workers", workers, "--rules", rules, logs)
		if code != 1 {
			t.Fatalf("workers %s: exit %d, want 1 for the invalid line; stderr %s", workers, code, stderr)
		}
		wantErr := filepath.Join(logs, "a.json") + ":6:14: invalid JSON: expected a value\n" +
			"log types: AWS.CloudTrail 7; 0 unclassified\n"
		if stderr != wantErr {
			t.Errorf("stderr %q, want %q", stderr, wantErr)
		}
		got := scanLines(t, out)
		want := []struct {
			rule string
			file string
			line float64
		}{
			{"Scan.Rule", "a.json", 1},
			{"Threshold.Rule", "a.json", 7},
			{"Scan.Rule", "b.ndjson.gz", 1},
		}
		if len(got) != len(want) {
			t.Fatalf("workers %s: %d matches, want %d:\n%s", workers, len(got), len(want), out)
		}
		for i, w := range want {
			g := got[i]
			if g["rule"] != w.rule || filepath.Base(g["file"].(string)) != w.file || g["line"] != w.line {
				t.Errorf("match %d: %v, want %+v", i, g, w)
			}
		}
		if got[1]["threshold"] != 3.0 || got[1]["count"] != 3.0 {
			t.Errorf("threshold match %v lacks threshold and count 3", got[1])
		}
		if got[0]["severity"] != "High" || got[0]["title"] != "Scan rule" {
			t.Errorf("match %v lacks the rule's title and severity", got[0])
		}
	}

	// --log-type overrides the classification: an event with eventName
	// only is no CloudTrail event by its fields.
	code, out, _ := runIn(t, `{"eventName":"PutBucketLogging"}`+"\n", "scan", "--rules", rules, "--log-type", "Okta.SystemLog")
	if code == 0 || out != "" {
		t.Errorf("--log-type Okta.SystemLog: exit %d, out %q: want an error, no rule left", code, out)
	}
	code, out, _ = runIn(t, `{"eventName":"PutBucketLogging"}`+"\n", "scan", "--rules", rules, "--log-type", "AWS.CloudTrail")
	if code != 0 || len(scanLines(t, out)) != 1 {
		t.Errorf("--log-type AWS.CloudTrail: exit %d, out %q", code, out)
	}

	code, out, stderr := runIn(t, `{"eventName":"PutBucketLogging"}`+"\n", "scan", "--rules", rules)
	if code != 0 || out != "" || !strings.Contains(stderr, "log types: none; 1 unclassified (run only against rules that name no log type") {
		t.Errorf("an unclassified event: exit %d, out %q, stderr %q", code, out, stderr)
	}

	// Standard input, as "-" and by default.
	for _, args := range [][]string{{"scan", "--rules", rules, "-"}, {"scan", "--rules", rules}} {
		code, out, stderr := runIn(t, `{"eventSource":"s3.amazonaws.com","eventName":"PutBucketLogging"}`+"\n", args...)
		if code != 0 || len(scanLines(t, out)) != 1 || !strings.Contains(out, `"file":"-"`) {
			t.Errorf("%v: exit %d, out %q, stderr %q", args, code, out, stderr)
		}
	}
}

func TestScanErrors(t *testing.T) {
	dir := t.TempDir()
	page := filepath.Join(dir, "scan.txt")
	os.WriteFile(page, []byte(scanPage), 0o644)
	for _, args := range [][]string{
		{"scan", filepath.Join(dir, "x.json")},
		{"scan", "--rules", page, "--workers", "0"},
		{"scan", "--rules", page, filepath.Join(dir, "missing.json")},
		{"scan", "--rules", page, "--progress", "sometimes"},
	} {
		code, out, stderr := runIn(t, "", args...)
		if code == 0 || out != "" || strings.Count(stderr, "\n") != 1 {
			t.Errorf("%v: exit %d, stdout %q, stderr %q: want a one-line error", args, code, out, stderr)
		}
	}
}

func TestConvertGo(t *testing.T) {
	dir := t.TempDir()
	page := filepath.Join(dir, "scan.txt")
	os.WriteFile(page, []byte(scanPage), 0o644)
	out := filepath.Join(dir, "out")
	code, _, stderr := runIn(t, "", "convert", "--to", "go", "--go-package", "detections", "-o", out, page)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	src, err := os.ReadFile(filepath.Join(out, "scan_rule_rule.go"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(src), "// Code generated by rulec from ") || !strings.Contains(string(src), "\npackage detections\n") ||
		!strings.Contains(string(src), "func ScanRule(e *match.Event) bool") {
		t.Errorf("unexpected output:\n%s", src)
	}
	if _, err := os.Stat(filepath.Join(out, "registry.go")); err != nil {
		t.Error(err)
	}
	code, stdout, _ := runIn(t, "", "convert", "--to", "go", page)
	if code != 0 || !strings.HasPrefix(stdout, "-- registry.go --\n// Code generated") || !strings.Contains(stdout, "\n-- scan_rule_rule.go --\n// Code generated") {
		t.Errorf("convert --to go to stdout: exit %d, want a txtar archive of the files:\n%s", code, stdout)
	}
	code, _, stderr = runIn(t, "", "convert", "--to", "go", "--go-package", "not a name", "-o", filepath.Join(dir, "bad"), page)
	if code == 0 || !strings.Contains(stderr, `invalid Go package name "not a name"`) {
		t.Errorf("bad package name: exit %d, stderr %q", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "bad")); !os.IsNotExist(err) {
		t.Error("convert wrote output despite the error")
	}
}

// Events run only the rules of their log type: a negated Okta condition
// holds on a CloudTrail event, yet must not fire on it.
func TestScanRoutesByLogType(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	rules := filepath.Join(dir, "rules")
	os.Mkdir(rules, 0o755)
	write("rules/ct.yml", "id: CT.Rule\nseverity: Low\nlog_types: [AWS.CloudTrail]\ncondition: eventName eq \"StopLogging\"\n")
	write("rules/okta.yml", "id: Okta.Rule\nseverity: Low\nlog_types: [Okta.SystemLog]\ncondition: outcome.result ne \"SUCCESS\"\n")
	write("rules/app.yml", "id: App.Rule\nseverity: Low\nlog_types: [Custom.App]\ncondition: verb eq \"delete\"\n")
	write("rules/any.yml", "id: Any.Rule\nseverity: Low\ncondition: verb eq \"delete\"\n")
	custom := write("app.yml", "log_type: Custom.App\nclassify:\n  - has: [app, verb]\nfields:\n  app: string\n  verb: string\n")
	logs := write("mixed.ndjson", strings.Join([]string{
		`{"eventSource":"cloudtrail.amazonaws.com","eventName":"StopLogging"}`,
		`{"eventSource":"s3.amazonaws.com","eventName":"GetObject"}`,
		`{"uuid":"u1","eventType":"user.session.start","published":"2024-01-01T00:00:00Z","outcome":{"result":"FAILURE"}}`,
		`{"uuid":"u2","eventType":"user.session.start","published":"2024-01-01T00:00:00Z","outcome":{"result":"SUCCESS"}}`,
		`{"logName":"x","protoPayload":{"@type":"type.googleapis.com/google.cloud.audit.AuditLog"}}`,
		`{"app":"a","verb":"delete"}`,
	}, "\n")+"\n")
	rulesOf := func(out string) []string {
		var ids []string
		for _, m := range scanLines(t, out) {
			ids = append(ids, m["rule"].(string))
		}
		return ids
	}
	code, out, stderr := runIn(t, "", "scan", "--rules", rules, logs)
	if got := strings.Join(rulesOf(out), " "); code != 0 || got != "CT.Rule Okta.Rule Any.Rule" {
		t.Errorf("exit %d, matches %q, want CT.Rule Okta.Rule Any.Rule", code, got)
	}
	if want := "log types: AWS.CloudTrail 2, GCP.AuditLog 1, Okta.SystemLog 2; 1 unclassified (run only against rules that name no log type"; !strings.Contains(stderr, want) {
		t.Errorf("stderr %q, want %q", stderr, want)
	}
	code, out, stderr = runIn(t, "", "scan", "--schema", custom, "--rules", rules, logs)
	if got := strings.Join(rulesOf(out), " "); code != 0 || got != "CT.Rule Okta.Rule Any.Rule App.Rule" || !strings.Contains(stderr, "Custom.App 1, GCP.AuditLog 1, Okta.SystemLog 2; 0 unclassified") {
		t.Errorf("--schema: exit %d, matches %q, stderr %q", code, got, stderr)
	}
	// --log-type: every event is an Okta event, so the negation fires on the
	// CloudTrail ones too; rules naming no log type still run.
	code, out, _ = runIn(t, "", "scan", "--log-type", "Okta.SystemLog", "--rules", rules, logs)
	if got := strings.Join(rulesOf(out), " "); code != 0 || got != "Okta.Rule Okta.Rule Okta.Rule Okta.Rule Any.Rule Okta.Rule" {
		t.Errorf("--log-type: exit %d, matches %q", code, got)
	}
	bad := write("bad.yml", "log_type: Bad\nfields:\n  a: strng\n")
	code, _, stderr = runIn(t, "", "scan", "--schema", bad, "--rules", rules, logs)
	if code != 1 || stderr != bad+":3:6: unknown type \"strng\" (want string, number, boolean, ip, timestamp, object, open object, json, array of T)\n" {
		t.Errorf("a bad schema: exit %d, stderr %q", code, stderr)
	}
}
