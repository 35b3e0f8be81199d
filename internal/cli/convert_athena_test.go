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
		"< TIMESTAMP '2024-02-01 00:00:00.000'", "json_extract(raw, '$.eventName')"} {
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
