package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rulec/rulec/schema"
)

func TestSchemaInferAndUse(t *testing.T) {
	dir := t.TempDir()
	logs := filepath.Join(dir, "app.ndjson")
	os.WriteFile(logs, []byte(`{"app":"billing","verb":"delete","src":"10.1.2.3","n":3}
{"app":"billing","verb":"read","src":"10.1.2.4","n":4,"extra":{"k":"v"}}
`), 0o644)
	draft := filepath.Join(dir, "app.yml")
	code, out, stderr := runIn(t, "", "schema", "infer", "--log-type", "Custom.App", logs, "-o", draft)
	if code != 0 || out != "" {
		t.Fatalf("exit %d, out %q, stderr %q", code, out, stderr)
	}
	text, err := os.ReadFile(draft)
	if err != nil {
		t.Fatal(err)
	}
	lt, err := schema.Parse(draft, text)
	if err != nil {
		t.Fatalf("the draft does not parse: %v\n%s", err, text)
	}
	if f := lt.Root.Field("src"); f == nil || f.Type.Kind != schema.KindIP || !f.Guessed {
		t.Errorf("src: %+v\n%s", f, text)
	}
	if !strings.Contains(string(text), "has: [app, n, src, verb]") {
		t.Errorf("signature:\n%s", text)
	}

	// The draft classifies the same logs in scan.
	rule := filepath.Join(dir, "r.yml")
	os.WriteFile(rule, []byte("id: App.Delete\nseverity: Low\nlog_types: [Custom.App]\ncondition: verb eq \"delete\"\n"), 0o644)
	code, out, stderr = runIn(t, "", "scan", "--schema", draft, "--rules", rule, logs)
	if code != 0 || strings.Count(out, "\n") != 1 || !strings.Contains(stderr, "log types: Custom.App 2; 0 unclassified") {
		t.Errorf("scan with the draft: exit %d, out %q, stderr %q", code, out, stderr)
	}
	code, out, _ = runIn(t, "", "schema", "list", "--schema", draft)
	if code != 0 || !strings.Contains(out, "AWS.CloudTrail\tshipped\teventSource & eventName | ") || !strings.Contains(out, "Custom.App\t"+draft+"\tapp & n & src & verb\n") {
		t.Errorf("schema list: exit %d\n%s", code, out)
	}

	for _, args := range [][]string{
		{"schema", "infer", logs},
		{"schema", "infer", "--log-type", "X", filepath.Join(dir, "missing.ndjson")},
	} {
		code, out, stderr := runIn(t, "", args...)
		if code == 0 || out != "" || strings.Count(stderr, "\n") != 1 {
			t.Errorf("%v: exit %d, out %q, stderr %q: want a one-line error", args, code, out, stderr)
		}
	}
	bad := filepath.Join(dir, "bad.ndjson")
	os.WriteFile(bad, []byte("{\"a\":1}\n{\"a\":\n"), 0o644)
	if code, _, stderr := runIn(t, "", "schema", "infer", "--log-type", "X", bad); code == 0 || !strings.HasPrefix(stderr, "rulec: "+bad+":2:1: ") {
		t.Errorf("a bad log: exit %d, stderr %q", code, stderr)
	}
}

// check warns about a test log that contradicts its log type's schema, and
// test marks it, binding only the ir result.
func TestMisfitLogs(t *testing.T) {
	dir := t.TempDir()
	rule := filepath.Join(dir, "r.yml")
	os.WriteFile(rule, []byte(`id: Misfit.Rule
severity: Low
log_types: [AWS.VPCFlow]
condition: dstPort eq 22
tests:
  - name: fits
    expected: true
    log: {"dstPort": 22}
  - name: string port
    expected: true
    log: {"dstPort": "22", "subNetId": "x"}
`), 0o644)
	code, out, stderr := runIn(t, "", "check", rule)
	want := rule + `:9:5: warning: rule Misfit.Rule: test "string port": the log does not fit AWS.VPCFlow's schema: dstPort is a string where number is declared (and 1 more)` + "\n"
	if code != 0 || out != "" || !strings.HasPrefix(stderr, want) {
		t.Errorf("check: exit %d, out %q, stderr %q, want %q", code, out, stderr, want)
	}
	code, out, stderr = runIn(t, "", "test", "--only", "ir", "--format", "json", rule)
	if code != 0 || strings.Count(out, `"misfit":"the log does not fit AWS.VPCFlow's schema: dstPort is a string where number is declared (and 1 more)"`) != 1 {
		t.Errorf("test: exit %d, out %s, stderr %s", code, out, stderr)
	}
	// A misfit test whose ir result disagrees still fails.
	r := testResult{Expected: true, Results: map[string]bool{"ir": false}, Misfit: "x", Confidence: "high"}
	if !r.binding() {
		t.Error("an ir disagreement on a misfit log does not fail")
	}
	r.Results = map[string]bool{"ir": true, "kql": false}
	if r.binding() {
		t.Error("a backend disagreement on a misfit log fails")
	}
}

// convert --to go classifies a --schema log type in the generated Match.
func TestConvertGoWithSchema(t *testing.T) {
	dir := t.TempDir()
	custom := filepath.Join(dir, "app.yml")
	os.WriteFile(custom, []byte("log_type: Custom.App\nclassify:\n  - has: [app, verb]\nfields:\n  app: string\n  verb: string\n"), 0o644)
	rule := filepath.Join(dir, "r.yml")
	os.WriteFile(rule, []byte("id: App.Delete\nseverity: Low\nlog_types: [Custom.App]\ncondition: verb eq \"delete\"\n"), 0o644)
	code, out, stderr := runIn(t, "", "convert", "--to", "go", "--schema", custom, rule)
	if code != 0 || !strings.Contains(out, `{LogType: "Custom.App", Clauses: []match.Clause{`) {
		t.Errorf("exit %d, stderr %s, the generated classifier lacks Custom.App:\n%s", code, stderr, out)
	}
}
