package difftest_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/rulec/rulec/backends"
	"github.com/rulec/rulec/internal/difftest"
	"github.com/rulec/rulec/ir"
)

// buildChecker compiles rules in batches, like the go target: one rule that
// does not build fails the whole call.
type buildChecker struct{ calls *int }

func (buildChecker) Name() string { return "build" }

func (c buildChecker) Compile(r *ir.Rule) (backends.Program, error) {
	b, err := c.CompileAll([]*ir.Rule{r})
	if err != nil {
		return nil, err
	}
	return b.Programs[0], b.Errs[0]
}

func (c buildChecker) CompileAll(rules []*ir.Rule) (*backends.Batch, error) {
	*c.calls++
	b := &backends.Batch{Programs: make([]backends.Program, len(rules)), Errs: make([]error, len(rules))}
	for i, r := range rules {
		if strings.Contains(r.ID, "Bad") {
			return nil, errors.New("the build failed: " + r.ID)
		}
		b.Programs[i] = brokenProgram{r.Cond}
	}
	return b, nil
}

// TestBatchBuildFailureIsNarrowed: when one rule breaks a batch build, the
// harness finds it by halves, and the rules beside it still run.
func TestBatchBuildFailureIsNarrowed(t *testing.T) {
	calls := 0
	var cases []difftest.Case
	for i := range 64 {
		id := fmt.Sprintf("Diff.R%d", i)
		if i == 37 {
			id = "Diff.Bad37"
		}
		cond := &ir.Pred{Field: ir.ParsePath("a"), Op: ir.OpEq, Args: []ir.Value{ir.String("x")}}
		cases = append(cases, difftest.Case{Rule: difftest.NewRule(id, cond), Events: []any{map[string]any{"a": "x"}}})
	}
	var st difftest.Stats
	ds := difftest.RunCases([]backends.Checker{buildChecker{&calls}}, cases, &st)
	if len(ds) != 1 || ds[0].Rule.ID != "Diff.Bad37" || ds[0].Err == nil {
		t.Fatalf("want the one bad rule's build error, got %v", ds)
	}
	if c := st.Per["build"]; c.Agreed != 63 || c.Failed != 1 {
		t.Errorf("stats %v: want 63 agreements and 1 failure", st)
	}
	if calls > 1+2*6 {
		t.Errorf("%d CompileAll calls to find one bad rule among 64; want at most 13", calls)
	}
}
