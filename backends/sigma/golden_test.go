package sigma

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rulec/rulec/internal/testutil"
	"github.com/rulec/rulec/ir"
)

// checkRules converts each rule, compares the output (or the unsupported
// error) with its golden file in dir, validates every document against the
// Sigma schemas, evaluates the read-back rule on every test log, and checks
// the IR → Sigma → IR round trip on them.
func checkRules(t *testing.T, rules []*ir.Rule, dir, ext string) (tests, agree int) {
	t.Helper()
	root := testutil.RepoRoot() + string(filepath.Separator)
	for _, r := range rules {
		name := ruleName(r)
		data, err := Convert(r, Options{})
		if err != nil {
			testutil.Golden(t, filepath.Join(dir, name+".err"), []byte(strings.ReplaceAll(err.Error(), root, "")+"\n"))
			if !expectedUnsupported(err) {
				t.Errorf("%s: %v", name, err)
			}
			continue
		}
		testutil.Golden(t, filepath.Join(dir, name+ext), data)
		if again, _ := Convert(r, Options{}); !bytes.Equal(again, data) {
			t.Errorf("%s: a second conversion differs", name)
		}
		validateSigma(t, name, data)
		docs, errs := Parse(name+".yml", data)
		if errs.Err() != nil {
			t.Fatalf("%s: %v", name, errs.Err())
		}
		back, errs := ToIR(name+".yml", docs)
		if errs.Err() != nil || len(back) != 1 {
			t.Fatalf("%s: lowering: %v", name, errs.Err())
		}
		if back[0].Threshold != max(r.Threshold, 1) && r.Threshold > 1 {
			t.Errorf("%s: threshold %d read back as %d", name, r.Threshold, back[0].Threshold)
		}
		for _, tc := range r.Tests {
			tests++
			got, err := docs[0].Detection.Match(tc.Log)
			if err != nil {
				t.Fatal(err)
			}
			want := ir.Eval(r.Cond, tc.Log)
			if got == tc.Expected {
				agree++
			} else if !r.Partial && tc.Confidence != ir.ConfidenceLow {
				t.Errorf("%s / %s: sigma %v, expected %v (ir %v)", name, tc.Name, got, tc.Expected, want)
			}
			if got != want {
				t.Errorf("%s / %s: sigma %v, ir %v", name, tc.Name, got, want)
			}
			if rt := ir.Eval(back[0].Cond, tc.Log); rt != want {
				t.Errorf("%s / %s: round trip %v, ir %v", name, tc.Name, rt, want)
			}
		}
	}
	return tests, agree
}

// TestBundledRules runs checkRules over rules/, whose goldens are
// testdata/rules/<rule>.yml, and records what sigma-go judged in
// testdata/sigmago-rules.txt.
func TestBundledRules(t *testing.T) {
	rules := testutil.LoadRules(t, testutil.BundledRules())
	if len(rules) == 0 {
		t.Fatal("no rules under rules/")
	}
	tests, agree := checkRules(t, rules, filepath.Join("testdata", "rules"), ".yml")
	t.Logf("%d rules, %d tests, %d agree with ExpectedResult", len(rules), tests, agree)
	var vs []sigmaGoVerdict
	for _, r := range rules {
		vs = append(vs, judgeWithSigmaGo(t, r))
	}
	record, judged := sigmaGoRecord(vs)
	testutil.Golden(t, filepath.Join("testdata", "sigmago-rules.txt"), []byte(record))
	if judged < 100 {
		t.Errorf("sigma-go judged only %d tests", judged)
	}
}

// TestCases runs checkRules over the edge cases in testdata/cases, whose
// goldens sit beside them as <case>.sigma.yml or <case>.err.
func TestCases(t *testing.T) {
	dir := filepath.Join("testdata", "cases")
	files, err := filepath.Glob(filepath.Join(dir, "Case.*.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var inputs []string
	for _, f := range files {
		if !strings.HasSuffix(f, ".sigma.yml") {
			inputs = append(inputs, f)
		}
	}
	rules := testutil.LoadRules(t, inputs...)
	tests, agree := checkRules(t, rules, dir, ".sigma.yml")
	if tests != agree || tests < 15 {
		t.Errorf("%d of %d case tests agree", agree, tests)
	}
}

// TestCaseInsensitiveOption checks that the insensitive form drops |cased
// and, under Sigma semantics, also matches case variants.
func TestCaseInsensitiveOption(t *testing.T) {
	rules := testutil.LoadRules(t, filepath.Join("testdata", "cases", "Case.Escaping.yml"))
	data, err := Convert(rules[0], Options{Case: CaseInsensitive})
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(data, []byte("|cased")) {
		t.Errorf("insensitive output has |cased:\n%s", data)
	}
	docs, errs := Parse("x.yml", data)
	if errs.Err() != nil {
		t.Fatal(errs.Err())
	}
	for _, tc := range rules[0].Tests {
		got, _ := docs[0].Detection.Match(tc.Log)
		want := tc.Expected || tc.Name == "Case differs"
		if got != want {
			t.Errorf("%s: %v, want %v", tc.Name, got, want)
		}
	}
}
