package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func run(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = Run(context.Background(), args, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

const goodPage = `Detection rules › Panther
Example rule
Example description.
Rule body yaml
AnalysisType: rule
RuleID: "Example.Rule"
DisplayName: "Example rule"
Severity: Low
LogTypes:
- AWS.CloudTrail
Tests:
- Name: Matches
ExpectedResult: true
Log:
{
"eventName": "PutBucketLogging",
"errorCode": "",
}
- Name: Error
ExpectedResult: false
Log: { "eventName": "PutBucketLogging", "errorCode": "AccessDenied" }
Detection logic
Condition
eventName eq "PutBucketLogging"
errorCode is_null
`

func writeTemp(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestCheckAndTest(t *testing.T) {
	page := writeTemp(t, "rule.txt", goodPage)
	if code, _, stderr := run(t, "check", page); code != 0 {
		t.Fatalf("check exit %d: %s", code, stderr)
	}
	code, stdout, stderr := run(t, "test", "--format", "json", page)
	if code != 0 {
		t.Fatalf("test exit %d: %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if len(lines) != 2 {
		t.Fatalf("want 2 JSON lines, got %q", stdout)
	}
	var res testResult
	if err := json.Unmarshal([]byte(lines[1]), &res); err != nil {
		t.Fatal(err)
	}
	if res.Rule != "Example.Rule" || res.Test != "Error" || res.Expected || res.Results["ir"] {
		t.Errorf("unexpected result %+v", res)
	}
}

func TestTestFailsOnDisagreement(t *testing.T) {
	page := writeTemp(t, "rule.txt", strings.Replace(goodPage, "- Name: Error\nExpectedResult: false", "- Name: Error\nExpectedResult: true", 1))
	code, stdout, _ := run(t, "test", page)
	if code != 1 {
		t.Fatalf("exit %d, want 1", code)
	}
	if !strings.Contains(stdout, "FAIL") || !strings.Contains(stdout, "1 disagree") {
		t.Errorf("output lacks the failure:\n%s", stdout)
	}
}

// TestTestDoesNotRunBrokenRule: a rule whose condition does not parse is
// never evaluated (an empty condition would match every event): text and
// JSON output report the error at its position, mark each test, exit 1.
func TestTestDoesNotRunBrokenRule(t *testing.T) {
	page := writeTemp(t, "bad.txt", strings.Replace(goodPage, `errorCode is_null`, `(errorCode is_null`, 1))
	wantErr := page + `:25:19: unbalanced parentheses: missing ")"`
	code, stdout, stderr := run(t, "test", page)
	if code != 1 || strings.TrimSpace(stderr) != wantErr {
		t.Fatalf("exit %d, stderr %q; want 1 and %q", code, stderr, wantErr)
	}
	rows := 0
	for _, line := range strings.Split(stdout, "\n") {
		f := strings.Fields(line)
		if len(f) > 0 && f[0] == "ERROR" {
			rows++
			// STATUS RULE TEST EXPECTED, then "-" for ir and every target.
			for _, cell := range f[4:9] {
				if cell != "-" {
					t.Errorf("a result was printed for a rule that did not load: %s", line)
				}
			}
		}
	}
	if rows != 2 {
		t.Errorf("want 2 ERROR rows:\n%s", stdout)
	}
	for _, want := range []string{
		"not run: " + wantErr,
		"2 tests: 0 agree, 0 disagree, 0 expected mismatches",
		"2 tests not run: their rules failed to load",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("text output lacks %q:\n%s", want, stdout)
		}
	}
	code, stdout, stderr = run(t, "test", "--format", "json", page)
	if code != 1 || !strings.Contains(stderr, `"line":25,"col":19`) {
		t.Fatalf("json: exit %d, stderr %q", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if len(lines) != 2 {
		t.Fatalf("want 2 JSON lines, got %q", stdout)
	}
	for _, line := range lines {
		var res testResult
		if err := json.Unmarshal([]byte(line), &res); err != nil {
			t.Fatal(err)
		}
		if len(res.Results) != 0 || res.NotRun != wantErr {
			t.Errorf("json result %s", line)
		}
	}
}

func TestCheckReportsPositionedError(t *testing.T) {
	page := writeTemp(t, "bad.txt", strings.Replace(goodPage, `errorCode is_null`, `errorCode is_nul`, 1))
	code, _, stderr := run(t, "check", page)
	if code != 1 {
		t.Fatalf("exit %d, want 1", code)
	}
	want := page + `:25:11: unknown operator "is_nul" (did you mean "is_null"?)`
	if strings.TrimSpace(stderr) != want {
		t.Errorf("stderr = %q, want %q", stderr, want)
	}
}

func TestConvertWritesNothingOnError(t *testing.T) {
	good := writeTemp(t, "good.txt", goodPage)
	bad := writeTemp(t, "bad.txt", strings.Replace(goodPage, `eq "PutBucketLogging"`, `eq`, 1))
	out := filepath.Join(t.TempDir(), "out")
	if code, _, _ := run(t, "convert", "--to", "ir", "-o", out, good, bad); code != 1 {
		t.Fatalf("exit %d, want 1", code)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("output directory exists after a failed conversion")
	}
	if code, _, stderr := run(t, "convert", "--to", "ir", "-o", out, good); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	got, err := os.ReadFile(filepath.Join(out, "Example.Rule.ir"))
	if err != nil {
		t.Fatal(err)
	}
	want := "# Example.Rule\neventName eq \"PutBucketLogging\"\nerrorCode is_null\n# (and (eq eventName \"PutBucketLogging\") (is_null errorCode))\n"
	if string(got) != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestUsageErrors(t *testing.T) {
	if code, _, stderr := run(t, "convert", "--to", "nope", "x"); code != 2 || !strings.Contains(stderr, `unknown --to "nope"`) {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	if code, _, _ := run(t, "check", filepath.Join(t.TempDir(), "missing")); code != 2 {
		t.Errorf("missing path: exit %d, want 2", code)
	}
	if code, stdout, _ := run(t, "version"); code != 0 || !strings.HasPrefix(stdout, "rulec ") {
		t.Errorf("version: exit %d, %q", code, stdout)
	}
}

// A rule KQL cannot express fails the whole conversion by default; with
// --skip-unsupported it is reported as a positioned warning and left out.
func TestConvertSkipUnsupported(t *testing.T) {
	good := writeTemp(t, "good.txt", goodPage)
	regex := writeTemp(t, "regex.txt", strings.NewReplacer(
		`"Example.Rule"`, `"Example.Regex"`,
		`eventName eq "PutBucketLogging"`, `eventName regex "Put[A-Z]+Logging"`).Replace(goodPage))
	out := filepath.Join(t.TempDir(), "out")
	code, _, stderr := run(t, "convert", "--to", "kql", "-o", out, good, regex)
	if code != 1 || !strings.Contains(stderr, "regex.txt:") || !strings.Contains(stderr, "not supported") {
		t.Fatalf("without --skip-unsupported: exit %d, stderr %q", code, stderr)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Fatalf("output written despite the error")
	}
	code, _, stderr = run(t, "convert", "--to", "kql", "--skip-unsupported", "-o", out, good, regex)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stderr, "regex.txt:") || !strings.Contains(stderr, "warning: rule Example.Regex") || !strings.Contains(stderr, "(rule skipped)") {
		t.Errorf("no positioned warning for the skipped rule: %q", stderr)
	}
	entries, err := os.ReadDir(out)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || !strings.HasPrefix(entries[0].Name(), "Example.Rule") {
		t.Errorf("wrote %v, want only Example.Rule's query", entries)
	}
}
