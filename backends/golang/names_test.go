package golang_test

import (
	"strings"
	"testing"

	"github.com/rulec/rulec/backends/golang"
	"github.com/rulec/rulec/ir"
)

// TestSigmaRulesNamedByTitle: a rule whose ID is a UUID (Sigma's) is named
// after its title; titles that collide get numbers; other IDs name their
// rules as before.
func TestSigmaRulesNamedByTitle(t *testing.T) {
	cond := &ir.Pred{Field: ir.ParsePath("a"), Op: ir.OpEq, Args: []ir.Value{ir.String("x")}}
	rules := []*ir.Rule{
		{ID: "4db60cc0-36fb-42b7-9b58-a5b53019fb74", Title: "AWS CloudTrail Important Change", Cond: cond},
		{ID: "5db60cc0-36fb-42b7-9b58-a5b53019fb74", Title: "AWS CloudTrail Important Change", Cond: cond},
		{ID: "6db60cc0-36fb-42b7-9b58-a5b53019fb74", Title: "***", Cond: cond},
		{ID: "AWS.S3.Example", Title: "Something else", Cond: cond},
	}
	files, err := golang.Generate(rules, golang.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	var all strings.Builder
	for _, f := range files {
		names = append(names, f.Name)
		all.Write(f.Data)
	}
	want := "6db60cc0_36fb_42b7_9b58_a5b53019fb74_rule.go aws_cloudtrail_important_change2_rule.go aws_cloudtrail_important_change_rule.go aws_s3_example_rule.go registry.go"
	if got := strings.Join(names, " "); got != want {
		t.Errorf("files %s\nwant %s", got, want)
	}
	for _, fn := range []string{"func AWSCloudTrailImportantChange(", "func AWSCloudTrailImportantChange2(", "func AWSS3Example(", "func Rule6db60cc036fb42b79b58A5b53019fb74("} {
		if !strings.Contains(all.String(), fn) {
			t.Errorf("no %s in the package", fn)
		}
	}
}
