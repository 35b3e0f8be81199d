package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestConvertKQL(t *testing.T) {
	page := writeTemp(t, "rule.txt", goodPage)
	code, out, errs := run(t, "convert", "--to", "kql", page)
	if code != 0 || out != "eventName: \"PutBucketLogging\" and not errorCode > \"\"\n" {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errs)
	}
	code, out, errs = run(t, "convert", "--to", "kql", "--kql-fields", "ecs", page)
	if code != 0 || out != "event.action: \"PutBucketLogging\" and not aws.cloudtrail.error_code: *\n" {
		t.Fatalf("ecs: exit %d, stdout %q, stderr %q", code, out, errs)
	}
	code, out, errs = run(t, "convert", "--to", "kql", "--format", "kibana-ndjson", "--kql-fields", "ecs", page)
	if code != 0 {
		t.Fatalf("ndjson: exit %d: %s", code, errs)
	}
	var kr map[string]any
	if err := json.Unmarshal([]byte(out), &kr); err != nil {
		t.Fatalf("ndjson: %v: %s", err, out)
	}
	if kr["language"] != "kuery" || kr["rule_id"] != "Example.Rule" || kr["index"].([]any)[0] != "logs-aws.cloudtrail-*" {
		t.Errorf("unexpected rule %v", kr)
	}
	if code, _, errs = run(t, "convert", "--to", "kql", "--kql-fields", "nope", page); code == 0 || !strings.Contains(errs, "raw or ecs") {
		t.Errorf("bad --kql-fields: exit %d, %s", code, errs)
	}
}

func TestConvertKQLUnsupportedWritesNothing(t *testing.T) {
	page := writeTemp(t, "rule.txt", strings.Replace(goodPage, `eventName eq "PutBucketLogging"`, `eventName regex "(?i)put"`, 1))
	dir := filepath.Join(t.TempDir(), "out")
	code, _, errs := run(t, "convert", "--to", "kql", "-o", dir, page)
	if code != 1 || !strings.Contains(errs, "rule.txt:24:17: rule Example.Rule: kql (raw): regex \"(?i)put\" is not supported") {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	if _, err := os.Stat(dir); err == nil {
		if entries, _ := os.ReadDir(dir); len(entries) > 0 {
			t.Errorf("files written: %v", entries)
		}
	}
	// The Kibana rule falls back to EQL.
	code, out, errs := run(t, "convert", "--to", "kql", "--format", "kibana-ndjson", page)
	if code != 0 || !strings.Contains(out, `"language":"eql"`) || !strings.Contains(out, `eventName regex \".*[Pp][Uu][Tt].*\"`) {
		t.Fatalf("exit %d, stdout %s, stderr %s", code, out, errs)
	}
}

func TestConvertFromKQL(t *testing.T) {
	q := writeTemp(t, "My.Rule.kql", "event.action: \"PutBucketLogging\" and not aws.cloudtrail.error_code: * and aws.s3: x*\n")
	code, out, errs := run(t, "convert", "--from", "kql", "--kql-fields", "ecs", "--kql-log-type", "AWS.CloudTrail", "--to", "ir", q)
	if code == 0 || !strings.Contains(errs, "My.Rule.kql:1:75: kql: field aws.s3 is not in the ecs mapping") {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errs)
	}
	q = writeTemp(t, "My.Rule.kql", "event.action: \"PutBucketLogging\" and not aws.cloudtrail.error_code: *\n")
	code, out, errs = run(t, "convert", "--kql-fields", "ecs", "--kql-log-type", "AWS.CloudTrail", "--to", "ir", q)
	if code != 0 || !strings.Contains(out, "eventName eq \"PutBucketLogging\"\nnot errorCode is_not_null") {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errs)
	}
	code, out, errs = run(t, "convert", "--from", "kql", "--kql-fields", "ecs", "--kql-log-type", "AWS.CloudTrail", "--to", "kql", filepath.Dir(q))
	if code != 0 || out != "event.action: \"PutBucketLogging\" and not aws.cloudtrail.error_code: *\n" {
		t.Fatalf("round trip: exit %d, stdout %q, stderr %q", code, out, errs)
	}
	bad := writeTemp(t, "Bad.kql", "a: 1 and\n  not not b: 2\n")
	code, _, errs = run(t, "convert", "--to", "ir", bad)
	if code != 1 || !strings.Contains(errs, "Bad.kql:2:7: kql: \"not\" cannot follow \"not\" directly") {
		t.Fatalf("syntax error: exit %d, stderr %q", code, errs)
	}
}

func TestTestHasKQLAndEQLResults(t *testing.T) {
	page := writeTemp(t, "rule.txt", goodPage)
	code, out, errs := run(t, "test", "--format", "json", page)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var res testResult
		if err := json.Unmarshal([]byte(line), &res); err != nil {
			t.Fatal(err)
		}
		if _, ok := res.Results["kql"]; !ok || res.Results["kql"] != res.Expected || res.Results["eql"] != res.Expected {
			t.Errorf("results %v, expected %v", res.Results, res.Expected)
		}
	}
}

// TestConvertKQLIndexTemplate: --format index-template prints the raw
// profile's index template for the rules' log types in Kibana Dev Tools
// form, and writes NAME.index-template.json files with -o.
func TestConvertKQLIndexTemplate(t *testing.T) {
	page := writeTemp(t, "rule.txt", goodPage)
	code, out, errs := run(t, "convert", "--to", "kql", "--format", "index-template", page)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	head, body, ok := strings.Cut(out, "\n")
	if !ok || head != "PUT _index_template/rulec-aws.cloudtrail" {
		t.Fatalf("unexpected first line %q", head)
	}
	var tmpl map[string]any
	if err := json.Unmarshal([]byte(body), &tmpl); err != nil {
		t.Fatalf("%v: %s", err, body)
	}
	props := tmpl["template"].(map[string]any)["mappings"].(map[string]any)["properties"].(map[string]any)
	if ip := props["sourceIPAddress"].(map[string]any); ip["fields"] == nil {
		t.Errorf("sourceIPAddress has no ip multi-field: %v", ip)
	}
	dir := filepath.Join(t.TempDir(), "out")
	if code, _, errs := run(t, "convert", "--to", "kql", "--format", "index-template", "-o", dir, page); code != 0 {
		t.Fatalf("-o: exit %d: %s", code, errs)
	}
	if _, err := os.Stat(filepath.Join(dir, "rulec-aws.cloudtrail.index-template.json")); err != nil {
		t.Error(err)
	}
	if code, _, errs := run(t, "convert", "--to", "kql", "--kql-fields", "ecs", "--format", "index-template", page); code == 0 || !strings.Contains(errs, "raw") {
		t.Errorf("ecs: exit %d, %s", code, errs)
	}
}

// TestConvertKQLCustomSchema: a log type declared with --schema types the
// raw profile as a shipped one does: numbers compare as numbers, addresses
// through NAME.ip, arrays of objects are nested, and its index template is
// printed.
func TestConvertKQLCustomSchema(t *testing.T) {
	dir := t.TempDir()
	sch := filepath.Join(dir, "custom.yml")
	if err := os.WriteFile(sch, []byte(`log_type: Custom.App
sources: [https://vendor.example/docs]
classify:
  - has: [event_id, client_ip]
fields:
  event_id: string
  client_ip: ip
  bytes: number
  targets:
    type: array of object
    fields:
      id: string
      kind: string
`), 0o644); err != nil {
		t.Fatal(err)
	}
	rule := filepath.Join(dir, "Custom.Rule.yml")
	if err := os.WriteFile(rule, []byte(`id: Custom.Rule
title: Custom rule
severity: Low
log_types: [Custom.App]
condition: |
  bytes gt 1000
  client_ip cidr "10.0.0.0/8"
  any targets (id eq "x" and kind eq~ "Admin")
`), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs := run(t, "convert", "--to", "kql", "--schema", sch, rule)
	want := "bytes > 1000 and client_ip.ip: \"10.0.0.0/8\" and not client_ip: *\\:* and targets:{ id: \"x\" and kind.caseless: \"admin\" }\n"
	if code != 0 || out != want {
		t.Fatalf("exit %d, stdout %q, want %q; stderr %s", code, out, want, errs)
	}
	code, out, errs = run(t, "convert", "--to", "kql", "--format", "index-template", "--schema", sch, rule)
	if code != 0 || !strings.HasPrefix(out, "PUT _index_template/rulec-custom.app\n") || !strings.Contains(out, `"nested"`) {
		t.Fatalf("template: exit %d, %s %s", code, out, errs)
	}
	// Without the schema the same rule is schema-less, so bytes gt is refused.
	if code, _, errs := run(t, "convert", "--to", "kql", rule); code == 0 || !strings.Contains(errs, "bytes") {
		t.Errorf("without --schema: exit %d, %s", code, errs)
	}
}

// TestConvertEQL: --format eql gives every rule its EQL query, the form the
// Kibana export falls back to, and refuses with a position what EQL cannot say.
func TestConvertEQL(t *testing.T) {
	page := writeTemp(t, "rule.txt", goodPage)
	code, out, errs := run(t, "convert", "--to", "kql", "--format", "eql", page)
	if code != 0 || out != "any where eventName == \"PutBucketLogging\" and not errorCode like \"?*\"\n" {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errs)
	}
	ref := writeTemp(t, "ref.txt", strings.Replace(goodPage, `eventName eq "PutBucketLogging"`, `eventName eq field(eventSource)`, 1))
	code, _, errs = run(t, "convert", "--to", "kql", "--format", "eql", ref)
	if code == 0 || !strings.Contains(errs, "ref.txt:") || !strings.Contains(errs, "eql (raw)") {
		t.Errorf("field reference: exit %d, stderr %s", code, errs)
	}
}
