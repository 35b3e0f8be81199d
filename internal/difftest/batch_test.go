package difftest_test

import (
	"errors"
	"fmt"
	"slices"
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

// TestBatchBuildFailureIsNarrowed: when rules break a batch build, the
// harness finds them by halves, and the rules beside them still run.
func TestBatchBuildFailureIsNarrowed(t *testing.T) {
	for _, c := range []struct {
		bad      []int
		maxCalls int
	}{
		{[]int{37}, 1 + 2*6},
		{[]int{3, 60}, 1 + 2*2*6},
		{[]int{0, 1}, 1 + 2*7},
	} {
		calls := 0
		var cases []difftest.Case
		bad := map[string]bool{}
		for i := range 64 {
			id := fmt.Sprintf("Diff.R%d", i)
			if slices.Contains(c.bad, i) {
				id = fmt.Sprintf("Diff.Bad%d", i)
				bad[id] = true
			}
			cond := &ir.Pred{Field: ir.ParsePath("a"), Op: ir.OpEq, Args: []ir.Value{ir.String("x")}}
			cases = append(cases, difftest.Case{Rule: difftest.NewRule(id, cond), Events: []any{map[string]any{"a": "x"}}})
		}
		var st difftest.Stats
		ds := difftest.RunCases([]backends.Checker{buildChecker{&calls}}, cases, &st)
		if len(ds) != len(c.bad) {
			t.Errorf("bad rules %v: want their build errors only, got %v", c.bad, ds)
		}
		for _, d := range ds {
			if !bad[d.Rule.ID] || d.Err == nil {
				t.Errorf("bad rules %v: disagreement on %s: %v", c.bad, d.Rule.ID, d)
			}
		}
		if s := st.Per["build"]; s.Agreed != 64-len(c.bad) || s.Failed != len(c.bad) {
			t.Errorf("bad rules %v: stats %v", c.bad, st)
		}
		if calls > c.maxCalls {
			t.Errorf("bad rules %v: %d CompileAll calls; want at most %d", c.bad, calls, c.maxCalls)
		}
	}
	// A failure that is no rule's stops within the budget.
	calls := 0
	var cases []difftest.Case
	for i := range 512 {
		cases = append(cases, difftest.Case{Rule: difftest.NewRule(fmt.Sprintf("Diff.Bad%d", i), &ir.Pred{Field: ir.ParsePath("a"), Op: ir.OpIsNull}), Events: []any{map[string]any{}}})
	}
	var st difftest.Stats
	difftest.RunCases([]backends.Checker{buildChecker{&calls}}, cases, &st)
	if st.Per["build"].Failed != 512 || calls > 1+4*10 {
		t.Errorf("every rule failing: %d CompileAll calls, stats %v", calls, st)
	}
}
