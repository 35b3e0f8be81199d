package golang_test

import (
	"errors"
	"path/filepath"
	"testing"

	"github.com/rulec/rulec/backends"
	"github.com/rulec/rulec/backends/golang"
	"github.com/rulec/rulec/internal/testutil"
	"github.com/rulec/rulec/ir"
)

// checkAll builds one harness for rules and compares the go result of every
// test with ir.Eval and with the test's ExpectedResult.
func checkAll(t *testing.T, rules []*ir.Rule) {
	t.Helper()
	var c backends.BatchChecker = golang.Checker{}
	b, err := c.CompileAll(rules)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for i, r := range rules {
		if b.Errs[i] != nil {
			t.Errorf("%s: %v", r.ID, b.Errs[i])
			continue
		}
		logs := make([]any, len(r.Tests))
		for j, tc := range r.Tests {
			logs[j] = tc.Log
		}
		got, err := b.Programs[i].Eval(logs)
		if err != nil {
			t.Errorf("%s: %v", r.ID, err)
			continue
		}
		for j, tc := range r.Tests {
			n++
			if want := ir.Eval(r.Cond, tc.Log); got[j] != want {
				t.Errorf("%s: %s: go %v, ir.Eval %v", r.ID, tc.Name, got[j], want)
			}
			if got[j] != tc.Expected && !r.Partial && tc.Confidence != ir.ConfidenceLow {
				t.Errorf("%s: %s: go %v, ExpectedResult %v", r.ID, tc.Name, got[j], tc.Expected)
			}
		}
	}
	t.Logf("%d tests agree", n)
}

// TestChecker runs the go result on every test of rules/ and, when
// ../shared is there, of the seed and corpus pages, with one build.
func TestChecker(t *testing.T) {
	rules := testutil.LoadRules(t, testutil.BundledRules())
	t.Run("seeds+corpus", func(t *testing.T) {
		seeds := testutil.Shared(t, "seeds")
		corpus := testutil.Shared(t, filepath.Join("corpus", "panther"))
		rules = append(rules, testutil.LoadRules(t, seeds, corpus)...)
	})
	checkAll(t, rules)
}

// TestCheckerNeedsToolchain: without a cached build and without go on PATH,
// the checker says what is missing.
func TestCheckerNeedsToolchain(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	t.Setenv("HOME", t.TempDir())
	_, err := golang.Checker{}.CompileAll(testutil.EdgeRules(t))
	if !errors.Is(err, golang.ErrNoToolchain) {
		t.Fatalf("got %v, want ErrNoToolchain", err)
	}
}
