package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestConvertToSigma(t *testing.T) {
	page := writeTemp(t, "rule.txt", goodPage)
	code, stdout, stderr := run(t, "convert", "--to", "sigma", page)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"name: Example.Rule\n", "eventName|cased: PutBucketLogging\n", "errorCode:\n            - null\n            - \"\"\n", "condition: selection\n"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, stdout)
		}
	}
	code, stdout, _ = run(t, "convert", "--to", "sigma", "--sigma-case", "insensitive", page)
	if code != 0 || strings.Contains(stdout, "|cased") || !strings.Contains(stdout, "eventName: PutBucketLogging\n") {
		t.Errorf("insensitive: exit %d\n%s", code, stdout)
	}
	if code, _, stderr := run(t, "convert", "--to", "sigma", "--sigma-case", "lower", page); code == 0 || !strings.Contains(stderr, `unknown Sigma case mode "lower"`) {
		t.Errorf("bad --sigma-case: exit %d, %q", code, stderr)
	}
	out := filepath.Join(t.TempDir(), "out")
	if code, _, stderr := run(t, "convert", "--to", "sigma", "-o", out, page); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(out, "Example.Rule.yml")); err != nil {
		t.Error(err)
	}
}

func TestConvertToSigmaUnsupported(t *testing.T) {
	page := writeTemp(t, "rule.txt", strings.Replace(goodPage, `eventName eq "PutBucketLogging"`, `port eq 22`, 1))
	out := filepath.Join(t.TempDir(), "out")
	code, _, stderr := run(t, "convert", "--to", "sigma", "-o", out, page)
	if code != 1 || !strings.Contains(stderr, page+":24:9: rule Example.Rule: sigma: eq with the unquoted number 22") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Error("output written despite the error")
	}
}

// TestSigmaInput reads a Sigma rule as input: it converts to the IR and
// round-trips through rulec's own Sigma output.
func TestSigmaInput(t *testing.T) {
	rule := writeTemp(t, "sigma.yml", `title: Stop logging
name: Sigma.StopLogging
logsource:
    product: aws
    service: cloudtrail
detection:
    selection:
        eventName|cased: StopLogging
        errorCode: null
    filter:
        userAgent|startswith|cased: aws-internal
    condition: selection and not filter
level: high
`)
	code, stdout, stderr := run(t, "convert", "--to", "ir", rule)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	want := "# Sigma.StopLogging\neventName eq \"StopLogging\"\nerrorCode is_null\nerrorCode ne \"\"\nnot userAgent starts_with \"aws-internal\"\n"
	if !strings.HasPrefix(stdout, want) {
		t.Errorf("got %q, want prefix %q", stdout, want)
	}
	code, stdout, stderr = run(t, "convert", "--to", "sigma", rule)
	if code != 0 || !strings.Contains(stdout, "userAgent|startswith|cased: aws-internal") || !strings.Contains(stdout, "errorCode: null\n") {
		t.Errorf("exit %d: %s\n%s", code, stderr, stdout)
	}
	bad := writeTemp(t, "bad.yml", "title: x\nlogsource: {}\ndetection:\n    keywords:\n        - evil\n    condition: keywords\n")
	if code, _, stderr := run(t, "check", bad); code != 1 || !strings.Contains(stderr, bad+":5:11: sigma: keyword search") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}
