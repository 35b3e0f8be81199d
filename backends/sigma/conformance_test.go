package sigma

import (
	"testing"

	"github.com/rulec/rulec/internal/testutil"
	"github.com/rulec/rulec/ir"
)

// TestConformance converts every seed and corpus rule, evaluates the
// emitted Sigma under Sigma semantics on every test log, and checks the
// round trip IR → Sigma → IR.
func TestConformance(t *testing.T) {
	seeds := testutil.Shared(t, "seeds")
	corpus := testutil.Shared(t, "corpus/panther")
	rules := testutil.LoadRules(t, seeds, corpus)
	var tests, agree, roundTrip, validated, unsupportedTests int
	for _, r := range rules {
		data, err := Convert(r, Options{})
		if err != nil {
			if !expectedUnsupported(err) {
				t.Errorf("%s: %v", r.ID, err)
			}
			t.Logf("unsupported (%d tests): %v", len(r.Tests), err)
			unsupportedTests += len(r.Tests)
			continue
		}
		validated += validateSigma(t, r.ID, data)
		docs, errs := Parse(r.ID+".yml", data)
		if errs.Err() != nil {
			t.Errorf("%s: reading back: %v\n%s", r.ID, errs.Err(), data)
			continue
		}
		back, errs := ToIR(r.ID+".yml", docs)
		if errs.Err() != nil || len(back) != 1 {
			t.Errorf("%s: lowering: %v", r.ID, errs.Err())
			continue
		}
		var det *Detection
		for _, d := range docs {
			if d.Detection != nil {
				det = d.Detection
			}
		}
		for _, tc := range r.Tests {
			tests++
			got, err := det.Match(tc.Log)
			if err != nil {
				t.Errorf("%s / %s: %v", r.ID, tc.Name, err)
				continue
			}
			want := ir.Eval(r.Cond, tc.Log)
			if got == tc.Expected {
				agree++
			} else {
				t.Errorf("%s / %s: sigma %v, expected %v (ir %v)\n%s", r.ID, tc.Name, got, tc.Expected, want, data)
			}
			if rt := ir.Eval(back[0].Cond, tc.Log); rt == want {
				roundTrip++
			} else {
				t.Errorf("%s / %s: round trip %v, ir %v\n%s\n%s", r.ID, tc.Name, rt, want, ir.Format(back[0].Cond), data)
			}
		}
	}
	t.Logf("%d rules, %d documents validated, %d tests: %d agree with ExpectedResult, %d round trips agree with ir.Eval; %d tests in unsupported rules",
		len(rules), validated, tests, agree, roundTrip, unsupportedTests)
	if agree != tests || roundTrip != tests || tests == 0 {
		t.Errorf("%d of %d agree, %d round trips", agree, tests, roundTrip)
	}
}

// TestSigmaGoConformance runs the independent check on seeds and corpus.
func TestSigmaGoConformance(t *testing.T) {
	seeds := testutil.Shared(t, "seeds")
	corpus := testutil.Shared(t, "corpus/panther")
	var vs []sigmaGoVerdict
	for _, r := range testutil.LoadRules(t, seeds, corpus) {
		vs = append(vs, judgeWithSigmaGo(t, r))
	}
	record, judged := sigmaGoRecord(vs)
	t.Logf("sigma-go:\n%s", record)
	if judged < 100 {
		t.Errorf("sigma-go judged only %d tests", judged)
	}
}
