package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestConvertAthena(t *testing.T) {
	page := writeTemp(t, "rule.txt", goodPage)
	code, out, errOut := run(t, "convert", "--to", "athena", page)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"-- rule: Example.Rule", "FROM cloudtrail_logs", "eventname = 'PutBucketLogging'"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	code, out, errOut = run(t, "convert", "--to", "athena", "--profile", "json", "--table", "lake.events",
		"--since", "2024-01-01", "--until", "2024-01-31", page)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"FROM lake.events", `"timestamp" >= '2024/01/01'`, `"timestamp" <= '2024/01/31'`,
		"< TIMESTAMP '2024-02-01 00:00:00.000'", "json_extract_scalar(raw, '$.eventName') = 'PutBucketLogging'"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	dir := t.TempDir()
	if code, _, errOut := run(t, "convert", "--to", "athena", "-o", dir, page); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(dir, "Example.Rule.sql")); err != nil {
		t.Error(err)
	}
}

func TestConvertAthenaDDLAndErrors(t *testing.T) {
	code, out, errOut := run(t, "convert", "--to", "athena", "--ddl", "s3access", "--table", "logs.s3")
	if code != 0 || !strings.Contains(out, "CREATE EXTERNAL TABLE `logs`.`s3`") {
		t.Fatalf("exit %d: %s%s", code, out, errOut)
	}
	page := writeTemp(t, "rule.txt", goodPage)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--ddl", "nope"}, `--ddl: unknown profile "nope"`},
		{[]string{"--since", "yesterday", page}, `--since: "yesterday" is neither a date`},
		{[]string{"--profile", "s3access", page}, "rule Example.Rule: athena: field eventName, which is not a column of the s3access table"},
	} {
		code, _, errOut := run(t, append([]string{"convert", "--to", "athena"}, c.args...)...)
		if code == 0 || !strings.Contains(errOut, c.want) {
			t.Errorf("%v: exit %d, stderr %q, want %q", c.args, code, errOut, c.want)
		}
	}
}

// A log type declared with --schema converts as directly as a shipped one:
// declared scalars are one json_extract_scalar, declared arrays one UNNEST.
func TestConvertAthenaCustomSchema(t *testing.T) {
	dir := t.TempDir()
	schemaFile := filepath.Join(dir, "app.yml")
	os.WriteFile(schemaFile, []byte(`log_type: Custom.App
sources: [https://example.com/app-log]
classify:
  - has: [actor.name, action]
fields:
  action: string
  actor:
    type: object
    fields:
      name: string
  tags: array of string
`), 0o644)
	rule := filepath.Join(dir, "r.yml")
	os.WriteFile(rule, []byte(`id: Custom.Rule
severity: Low
log_types: [Custom.App]
condition: actor.name eq~ "Admin" and any tags (@ starts_with "prod")
`), 0o644)
	code, out, errOut := run(t, "convert", "--to", "athena", "--schema", schemaFile, rule)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	want := "lower(json_extract_scalar(raw, '$.actor.name')) = 'admin'\n" +
		"    AND EXISTS (SELECT 1 FROM UNNEST(TRY_CAST(json_extract(raw, '$.tags') AS VARCHAR ARRAY)) AS j1(v1) WHERE v1 LIKE 'prod%')"
	if !strings.Contains(out, want) {
		t.Errorf("output lacks\n%s\n%s", want, out)
	}
	// Without the schema, the type is unknown: every step fans out.
	code, out, _ = run(t, "convert", "--to", "athena", rule)
	if code != 0 || !strings.Contains(out, "CROSS JOIN UNNEST") {
		t.Errorf("without --schema: exit %d\n%s", code, out)
	}
}
