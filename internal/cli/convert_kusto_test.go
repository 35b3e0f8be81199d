package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestConvertKusto(t *testing.T) {
	page := writeTemp(t, "rule.txt", goodPage)
	code, out, errOut := run(t, "convert", "--to", "kusto", page)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"AWS_CloudTrail\n| where ", `tostring(eventName) == "PutBucketLogging"`, "isempty(tostring(errorCode))"} {
		if !strings.Contains(out, want) {
			t.Errorf("raw output lacks %q:\n%s", want, out)
		}
	}
	code, out, errOut = run(t, "convert", "--to", "kusto", "--kusto-fields", "sentinel", page)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, "AWSCloudTrail\n") || !strings.Contains(out, `EventName == "PutBucketLogging"`) {
		t.Errorf("sentinel output:\n%s", out)
	}
	code, out, errOut = run(t, "convert", "--to", "kusto", "--kusto-fields", "sentinel", "--format", "sentinel-arm", page)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var arm struct {
		Resources []struct {
			Kind       string         `json:"kind"`
			Properties map[string]any `json:"properties"`
		} `json:"resources"`
	}
	if err := json.Unmarshal([]byte(out), &arm); err != nil || len(arm.Resources) != 1 || arm.Resources[0].Kind != "Scheduled" {
		t.Fatalf("sentinel-arm output (%v):\n%s", err, out)
	}
	if q, _ := arm.Resources[0].Properties["query"].(string); !strings.HasPrefix(q, "AWSCloudTrail\n") {
		t.Errorf("ARM query: %q", q)
	}
	code, out, errOut = run(t, "convert", "--to", "kusto", "--format", "table", page)
	if code != 0 || !strings.HasPrefix(out, ".create table AWS_CloudTrail (") {
		t.Errorf("table: exit %d: %s%s", code, out, errOut)
	}
	dir := t.TempDir()
	if code, _, errOut := run(t, "convert", "--to", "kusto", "-o", dir, page); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(dir, "Example.Rule.kql")); err != nil {
		t.Error(err)
	}
	if code, _, errOut := run(t, "convert", "--to", "kusto", "--format", "nope", page); code == 0 || !strings.Contains(errOut, "unknown --format") {
		t.Errorf("bad --format: exit %d: %s", code, errOut)
	}
}
