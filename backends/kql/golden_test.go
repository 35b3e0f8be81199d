package kql_test

import (
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/rulec/rulec/backends/kql"
	"github.com/rulec/rulec/internal/testutil"
	"github.com/rulec/rulec/ir"
)

// goldenOutputs renders one rule in every form this package emits: the KQL
// query and the Kibana rule in each profile. A form the rule cannot take is
// its error, with the repository path made relative.
func goldenOutputs(t *testing.T, r *ir.Rule) map[string][]byte {
	root := testutil.RepoRoot() + string(filepath.Separator)
	errText := func(err error) []byte { return []byte(strings.ReplaceAll(err.Error(), root, "") + "\n") }
	out := map[string][]byte{}
	for _, p := range []kql.Profile{kql.Raw, kql.ECS} {
		q, _, err := kql.CompileRule(r, p)
		if err != nil {
			var e *ir.Error
			if !errors.As(err, &e) || e.Code != ir.CodeUnsupported {
				t.Errorf("%s: %v", r.ID, err)
			}
			out[p.String()+".kql.err"] = errText(err)
		} else {
			out[p.String()+".kql"] = []byte(q + "\n")
		}
		kr, err := kql.Kibana(r, kql.KibanaOptions{Profile: p})
		if err != nil {
			out[p.String()+".ndjson.err"] = errText(err)
			continue
		}
		data, err := kql.NDJSON([]*kql.KibanaRule{kr})
		if err != nil {
			t.Fatal(err)
		}
		out[p.String()+".ndjson"] = data
	}
	return out
}

// TestGoldenBundledRules compares every bundled rule's outputs with the
// files under testdata/golden/<rule-id>/ (UPDATE_GOLDEN=1 rewrites them).
func TestGoldenBundledRules(t *testing.T) {
	rules := testutil.LoadRules(t, testutil.BundledRules())
	if len(rules) == 0 {
		t.Fatal("no bundled rules")
	}
	dir := filepath.Join("testdata", "golden")
	if testutil.UpdateGolden() {
		if err := os.RemoveAll(dir); err != nil {
			t.Fatal(err)
		}
	}
	want := map[string]bool{}
	for _, r := range rules {
		outs := goldenOutputs(t, r)
		names := make([]string, 0, len(outs))
		for n := range outs {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			p := filepath.Join(dir, r.ID, n)
			want[p] = true
			testutil.Golden(t, p, outs[n])
		}
	}
	// A golden file no rule produces any more is stale.
	_ = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && !want[p] {
			t.Errorf("stale golden file %s (UPDATE_GOLDEN=1 removes it)", p)
		}
		return nil
	})
}

// refusedByElastic lists the rules neither KQL nor EQL can express exactly,
// so that a new refusal still fails: is_null on a declared object, which
// Elasticsearch cannot tell from a missing one when its members are all
// null, [] or {}.
var refusedByElastic = map[string]bool{
	"AWS.Lambda.UpdateFunctionConfiguration": true, // responseElements.layers is_not_null
	"GCP.Compute.IAM.Policy.Update":          true, // not protoPayload.response.error is_not_null
}

// TestBundledRulesAgree runs every bundled rule's tests through the form
// Kibana would receive (KQL, or EQL where KQL cannot express the rule) and
// compares with the IR, without ../shared.
func TestBundledRulesAgree(t *testing.T) {
	rules := testutil.LoadRules(t, testutil.BundledRules())
	agreeAll(t, rules)
}

// agreeAll checks the KQL (or, where KQL cannot, the EQL) result of every
// test against ir.Eval and reports agreement with ExpectedResult.
func agreeAll(t *testing.T, rules []*ir.Rule) {
	tests, agree, viaEQL, irAgree, refused := 0, 0, 0, 0, 0
	for _, r := range rules {
		logs := make([]any, len(r.Tests))
		for i, tc := range r.Tests {
			logs[i] = tc.Log
		}
		prog, err := kql.Checker{Profile: kql.Raw}.Compile(r)
		used := "kql"
		if err != nil {
			var e *ir.Error
			if !errors.As(err, &e) || e.Code != ir.CodeUnsupported {
				t.Errorf("%s: %v", r.ID, err)
				continue
			}
			if prog, err = (kql.EQLChecker{}).Compile(r); err != nil {
				if refusedByElastic[r.ID] && errors.As(err, &e) && e.Code == ir.CodeUnsupported {
					refused++
					continue
				}
				t.Errorf("%s: neither KQL nor EQL: %v", r.ID, err)
				continue
			}
			used = "eql"
			viaEQL += len(r.Tests)
		}
		got, err := prog.Eval(logs)
		if err != nil {
			t.Errorf("%s: %v", r.ID, err)
			continue
		}
		for i, tc := range r.Tests {
			tests++
			want := ir.Eval(r.Cond, tc.Log)
			if want == tc.Expected {
				irAgree++
			}
			if got[i] == tc.Expected {
				agree++
			}
			if got[i] != want {
				t.Errorf("%s / %s: %s %v, ir %v", r.ID, tc.Name, used, got[i], want)
			}
		}
	}
	t.Logf("%d/%d tests agree with ExpectedResult (%d through EQL); ir itself agrees on %d; %d rules refused by KQL and EQL", agree, tests, viaEQL, irAgree, refused)
	ecsAndRoundTrip(t, rules)
}

// ecsAndRoundTrip checks two more things on every test log: the ecs query,
// evaluated on the log as Elastic's integration indexes it (renamed through
// the mapping table, empty values dropped), agrees with the IR; and every
// emitted query read back into the IR (Lower) means the same as the rule.
func ecsAndRoundTrip(t *testing.T, rules []*ir.Rule) {
	ecsTests, roundTrips := 0, 0
	for _, r := range rules {
		for _, p := range []kql.Profile{kql.Raw, kql.ECS} {
			q, m, err := kql.CompileRule(r, p)
			if err != nil {
				continue
			}
			n, err := kql.Parse(q)
			if err != nil {
				t.Errorf("%s: %v", q, err)
				continue
			}
			back, err := kql.Lower(n, m, r.File, func(int) ir.Pos { return r.At })
			if err != nil {
				t.Errorf("%s (%s): read back: %v\n  %s", r.ID, p, err, q)
				continue
			}
			for _, tc := range r.Tests {
				want := ir.Eval(r.Cond, tc.Log)
				if got := ir.Eval(back, tc.Log); got != want {
					t.Errorf("%s / %s (%s): read back as %s gives %v, ir %v", r.ID, tc.Name, p, ir.Format(back), got, want)
				}
				roundTrips++
				if p == kql.ECS {
					got, err := kql.Eval(n, kql.Index(tc.Log, m), m)
					if err != nil {
						t.Errorf("%s: %v", r.ID, err)
					} else if got != want {
						t.Errorf("%s / %s: ecs query %s gives %v on the integration's document, ir %v", r.ID, tc.Name, q, got, want)
					}
					ecsTests++
				}
			}
		}
	}
	t.Logf("ecs: %d tests agree on integration-indexed documents; %d read-back checks", ecsTests, roundTrips)
}
