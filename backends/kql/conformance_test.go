package kql_test

import (
	"errors"
	"sort"
	"strings"
	"testing"

	"github.com/rulec/rulec/backends"
	"github.com/rulec/rulec/backends/kql"
	"github.com/rulec/rulec/internal/testutil"
	"github.com/rulec/rulec/ir"
)

func sharedRules(t *testing.T) []*ir.Rule {
	seeds := testutil.Shared(t, "seeds")
	corpus := testutil.Shared(t, "corpus/panther")
	return testutil.LoadRules(t, seeds, corpus)
}

// TestConformance checks the kql result against ExpectedResult on every
// test of the seed and corpus pages (raw profile), and lists the rules that
// fail to convert with their errors.
func TestConformance(t *testing.T) {
	t.Run("kibana", func(t *testing.T) { agreeAll(t, sharedRules(t)) })
	t.Run("kql", func(t *testing.T) { conformance(t, kql.Checker{Profile: kql.Raw}) })
	t.Run("eql", func(t *testing.T) { conformance(t, kql.EQLChecker{}) })
}

func conformance(t *testing.T, c interface {
	Name() string
	Compile(*ir.Rule) (backends.Program, error)
}) {
	rules := sharedRules(t)
	tests, agree := 0, 0
	var unsupported []string
	for _, r := range rules {
		prog, err := c.Compile(r)
		if err != nil {
			var e *ir.Error
			if !errors.As(err, &e) || e.Code != ir.CodeUnsupported {
				t.Errorf("%s: %v", r.ID, err)
			}
			unsupported = append(unsupported, err.Error())
			tests += len(r.Tests)
			continue
		}
		logs := make([]any, len(r.Tests))
		for i, tc := range r.Tests {
			logs[i] = tc.Log
		}
		got, err := prog.Eval(logs)
		if err != nil {
			t.Errorf("%s: %v", r.ID, err)
			continue
		}
		for i, tc := range r.Tests {
			tests++
			want := ir.Eval(r.Cond, tc.Log)
			if got[i] == tc.Expected {
				agree++
			}
			if got[i] != want {
				q, _, _ := kql.CompileRule(r, kql.Raw)
				if c.Name() == "eql" {
					q, _ = kql.CompileEQL(r, kql.RuleMapping(r, kql.Raw))
				}
				t.Errorf("%s / %s: %s %v, ir %v, expected %v\n  query: %s", r.ID, tc.Name, c.Name(), got[i], want, tc.Expected, q)
			}
		}
	}
	sort.Strings(unsupported)
	t.Logf("%s (raw): %d/%d tests agree with ExpectedResult; %d rules unsupported:\n%s", c.Name(), agree, tests, len(unsupported), strings.Join(unsupported, "\n"))
}
