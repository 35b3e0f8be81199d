package schema_test

import (
	"path/filepath"
	"testing"

	"github.com/rulec/rulec/parser"
	"github.com/rulec/rulec/schema"
)

// ruleLogs returns the sample logs of the bundled rules by their rule's one
// log type.
func ruleLogs(t *testing.T) map[string][]any {
	t.Helper()
	files, err := filepath.Glob("../rules/*.yml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no rules: %v", err)
	}
	out := map[string][]any{}
	for _, f := range files {
		rules, errs := parser.ReadFile(f)
		if len(errs) > 0 {
			t.Fatalf("%s: %v", f, errs)
		}
		for _, r := range rules {
			if len(r.LogTypes) != 1 {
				continue
			}
			for _, tc := range r.Tests {
				out[r.LogTypes[0]] = append(out[r.LogTypes[0]], tc.Log)
			}
		}
	}
	return out
}

// Sample logs without p_log_type are classified by their fields: never as
// another log type than their rule's.
func TestClassifySampleLogs(t *testing.T) {
	reg := schema.Builtin()
	vc := reg.ValueClassifier()
	for lt, logs := range ruleLogs(t) {
		right, none := 0, 0
		for _, l := range logs {
			m, ok := l.(map[string]any)
			if !ok {
				continue
			}
			c := map[string]any{}
			for k, v := range m {
				if k != schema.TypeField {
					c[k] = v
				}
			}
			switch got := vc.Classify(c); got {
			case lt:
				right++
			case "":
				none++
			default:
				t.Errorf("a %s sample log classified as %s: %v", lt, got, c)
			}
		}
		t.Logf("%s: %d of %d sample logs classified by their fields, %d unclassified", lt, right, len(logs), none)
	}
}
