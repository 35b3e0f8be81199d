//go:build duckdb

package cli

import (
	"strings"
	"testing"
)

func TestHuntDuckDB(t *testing.T) {
	page := writeTemp(t, "rule.txt", goodPage)
	// The last two events are no CloudTrail events: the rule's table does
	// not hold them.
	logs := writeTemp(t, "events.ndjson", `{"eventSource": "s3.amazonaws.com", "eventName": "PutBucketLogging", "errorCode": ""}
{"eventSource": "s3.amazonaws.com", "eventName": "PutBucketLogging", "errorCode": "AccessDenied"}

{"eventSource": "s3.amazonaws.com", "eventName": "Other"}
{"p_log_type": "Okta.SystemLog", "eventName": "PutBucketLogging", "errorCode": ""}
{"eventName": "PutBucketLogging", "errorCode": ""}
`)
	code, out, errOut := run(t, "hunt", "--logs", logs, page)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if want := "log types: AWS.CloudTrail 3, Okta.SystemLog 1; 1 unclassified"; !strings.HasPrefix(errOut, want) {
		t.Errorf("stderr %q, want %q", errOut, want)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 1 || !strings.Contains(lines[0], `{"rule":"Example.Rule","row":{`) || !strings.Contains(lines[0], `"eventname":"PutBucketLogging"`) {
		t.Errorf("hunt output:\n%s", out)
	}
	bad := writeTemp(t, "bad.ndjson", "{\"a\": 1}\n[1]\n")
	if code, _, errOut := run(t, "hunt", "--logs", bad, page); code == 0 || !strings.Contains(errOut, "bad.ndjson:2:1: an event must be a JSON object") {
		t.Errorf("exit %d: %s", code, errOut)
	}
}

func TestHuntTimeBoundsAndTestResult(t *testing.T) {
	page := writeTemp(t, "rule.txt", goodPage)
	logs := writeTemp(t, "events.ndjson", `{"eventName": "PutBucketLogging", "eventTime": "2024-01-01T10:00:00Z"}
{"eventName": "PutBucketLogging", "eventTime": "2024-01-03T10:00:00Z"}
`)
	code, out, errOut := run(t, "hunt", "--logs", logs, "--log-type", "AWS.CloudTrail", "--since", "2024-01-02", "--table", "lake.trail", page)
	if code != 0 || strings.Count(out, "\n") != 1 || !strings.Contains(out, "2024-01-03T10:00:00Z") {
		t.Errorf("exit %d: %s%s", code, out, errOut)
	}
	// rulec test has an athena result in this build.
	code, out, errOut = run(t, "test", "--format", "json", "--only", "athena", page)
	if code != 0 || !strings.Contains(out, `"athena":true`) || !strings.Contains(out, `"athena":false`) {
		t.Errorf("exit %d: %s%s", code, out, errOut)
	}
}
