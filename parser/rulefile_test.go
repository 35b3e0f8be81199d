package parser_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rulec/rulec/internal/testutil"
	"github.com/rulec/rulec/ir"
	"github.com/rulec/rulec/parser"
)

// comparable returns what of r must survive a trip through a rule file:
// everything but positions, the source file and the compiled condition
// (compared through ir.Dump and ir.Format instead).
func rfComparable(r *ir.Rule) ir.Rule {
	c := *r
	c.Cond, c.File, c.At = nil, "", ir.Pos{}
	c.Tests = append([]ir.Test(nil), r.Tests...)
	for i := range c.Tests {
		c.Tests[i].At = ir.Pos{}
	}
	return c
}

func rfSameRule(t *testing.T, what string, want, got *ir.Rule) {
	t.Helper()
	if d := cmp.Diff(rfComparable(want), rfComparable(got)); d != "" {
		t.Errorf("%s: rule %s changed (-want +got):\n%s", what, want.ID, d)
	}
	if w, g := ir.Dump(want.Cond), ir.Dump(got.Cond); w != g {
		t.Errorf("%s: rule %s: condition meaning changed:\n want %s\n got  %s", what, want.ID, w, g)
	}
	if w, g := ir.Format(want.Cond), ir.Format(got.Cond); w != g {
		t.Errorf("%s: rule %s: condition text changed:\n want %s\n got  %s", what, want.ID, w, g)
	}
}

// rfRoundTrip writes r as a rule file and reads it back.
func rfRoundTrip(t *testing.T, r *ir.Rule) (*ir.Rule, []byte) {
	t.Helper()
	data, err := parser.FormatRule(r)
	if err != nil {
		t.Fatalf("FormatRule(%s): %v", r.ID, err)
	}
	rules, errs := parser.ReadSource(r.ID+".yml", data)
	if len(errs) > 0 || len(rules) != 1 {
		t.Fatalf("reading back %s: %v\n%s", r.ID, errs, data)
	}
	return rules[0], data
}

// TestPageRoundTrip: page → IR → rule file → IR gives the same IR, and
// writing that IR again gives the same bytes.
func TestPageRoundTrip(t *testing.T) {
	var paths []string
	for _, rel := range []string{"seeds", "corpus/panther", "corpus/panther-flat"} {
		paths = append(paths, testutil.Shared(t, rel))
	}
	files, err := parser.ExpandPaths(paths)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, f := range files {
		rules, errs := parser.ReadFile(f)
		if len(errs.Errors()) > 0 {
			t.Errorf("%v", errs.Errors())
			continue
		}
		for _, r := range rules {
			back, data := rfRoundTrip(t, r)
			rfSameRule(t, f, r, back)
			again, err := parser.FormatRule(back)
			if err != nil {
				t.Fatal(err)
			}
			if string(again) != string(data) {
				t.Errorf("%s: writing the rule again changed it:\n%s", f, cmp.Diff(string(data), string(again)))
			}
			n++
		}
	}
	if n < 131 {
		t.Errorf("round-tripped %d rules, want every rule of the seeds and corpus", n)
	}
}

// TestBundledRulesRoundTrip: every file of rules/ is a fixed point of
// read → write, so the committed files are exactly what FormatRule writes.
func TestBundledRulesRoundTrip(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(testutil.BundledRules(), "*.yml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no rules in %s: %v", testutil.BundledRules(), err)
	}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		rules, errs := parser.ReadFile(f)
		if len(errs) > 0 {
			t.Errorf("%v", errs)
			continue
		}
		got, err := parser.FormatRule(rules[0])
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != string(src) {
			t.Errorf("%s is not what FormatRule writes for it:\n%s", f, cmp.Diff(string(src), string(got)))
		}
		if want := rules[0].ID + ".yml"; filepath.Base(f) != want {
			t.Errorf("%s holds rule %s; want the file named %s", f, rules[0].ID, want)
		}
	}
}

// TestBundledRulesAgree runs every test of rules/ through ir.Eval; it needs
// nothing outside the repository.
func TestBundledRulesAgree(t *testing.T) {
	rules := testutil.LoadRules(t, testutil.BundledRules())
	tests := 0
	for _, r := range rules {
		for _, tc := range r.Tests {
			tests++
			if tc.Confidence == ir.ConfidenceLow || r.Partial {
				continue
			}
			if got := ir.Eval(r.Cond, tc.Log); got != tc.Expected {
				t.Errorf("%s: rule %s, test %q: ir.Eval = %v, want %v", r.File, r.ID, tc.Name, got, tc.Expected)
			}
		}
	}
	if len(rules) < 130 || tests < 400 {
		t.Errorf("rules/ holds %d rules and %d tests; want the whole imported corpus", len(rules), tests)
	}
}

func rfReadText(t *testing.T, src string) (*ir.Rule, ir.ErrorList) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "rule.yml")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	rules, errs := parser.ReadFile(path)
	for _, e := range errs {
		e.File = "rule.yml"
	}
	if len(rules) == 0 {
		return nil, errs
	}
	return rules[0], errs
}

// TestRuleFileErrors: errors point into the YAML file, condition errors at
// the token inside the condition.
func TestRuleFileErrors(t *testing.T) {
	const head = "id: X\nlog_types: [AWS.CloudTrail]\n"
	for _, c := range []struct{ name, src, want string }{
		{"literal block", head + "condition: |\n  eventName eq \"a\"\n  errorCode is_nul\n", `rule.yml:5:13: unknown operator "is_nul" (did you mean "is_null"?)`},
		{"indented block", head + "condition: |\n      eventName eq \"a\" and\n", `rule.yml:4:27: unexpected token end of line (expected a predicate, "not" or "(")`},
		{"plain scalar", head + "condition: eventName eqq \"a\"\n", `rule.yml:3:22: unknown operator "eqq" (did you mean "eq"?)`},
		{"quoted scalar", head + "condition: 'eventName regex \"(\"'\n", `rule.yml:3:29: invalid regex: missing closing ): (`},
		{"folded block", head + "condition: >\n  a is_null\n  b is_null\n", `rule.yml:3:12: condition: write it as a literal block (condition: |); a folded block (>) joins its lines, and each line is a conjunct`},
		{"two documents", head + "condition: a is_null\n---\nid: Y\n", `rule.yml:4:1: a rule file holds one rule; this is a second YAML document`},
		{"empty file", "", `rule.yml:1:1: empty rule file: want a mapping with id, condition and tests`},
		{"no condition", head, `rule.yml:1:1: rule X has no condition`},
		{"unknown key", head + "severty: Low\ncondition: a is_null\n", `rule.yml:3:1: unknown key "severty" (did you mean "severity"?)`},
		{"test without expected", head + "condition: a is_null\ntests:\n  - name: t\n    log: {a: 1}\n", `rule.yml:5:5: test "t" has no expected: true or false`},
		{"bad yaml", head + "condition: a is_null\ntests:\n  - name: t\n    log: {a: 1\n", `rule.yml:6:1: invalid YAML: did not find expected ',' or '}'`},
		{"not a mapping", "- a\n", `rule.yml:1:1: a rule file holds one mapping (id, title, condition, tests...), not a list`},
		{"bad expected", head + "condition: a is_null\ntests:\n  - name: t\n    expected: maybe\n    log: {}\n", `rule.yml:6:15: want true or false, got "maybe"`},
		{"method alias", "id: X\nlog_types: [GSuite.ActivityEvent]\ncondition: event_type eq \"a\"\n", `rule.yml:3:12: rule X: field "event_type" is a GSuite.ActivityEvent data-model name computed by the Python method get_event_type (gsuite_data_model.yml), which rulec cannot express; write the log field it reads instead`},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, errs := rfReadText(t, c.src)
			if len(errs) == 0 {
				t.Fatalf("no error, want %s", c.want)
			}
			if got := errs[0].Error(); got != c.want {
				t.Errorf("got  %s\nwant %s", got, c.want)
			}
		})
	}
}

// TestDataModelResolution: a data-model name reads the log field it stands
// for, and the alias stays what Format prints.
func TestDataModelResolution(t *testing.T) {
	r, errs := rfReadText(t, `id: X
log_types: [AWS.VPCFlow]
condition: |
  log_status eq "SKIPDATA"
  destination_port in ["22", "3389"]
  action ne "ACCEPT"
tests:
  - name: skipdata
    expected: true
    log: {status: SKIPDATA, dstPort: 22}
  - name: ok
    expected: false
    log: {status: OK, dstPort: 22, log_status: SKIPDATA}
`)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if got, want := ir.Dump(r.Cond), `(and (eq status "SKIPDATA") (in dstPort "22" "3389") (not (eq action "ACCEPT")))`; got != want {
		t.Errorf("Dump = %s, want %s", got, want)
	}
	if got, want := ir.Format(r.Cond), "log_status eq \"SKIPDATA\"\ndestination_port in [\"22\", \"3389\"]\naction ne \"ACCEPT\""; got != want {
		t.Errorf("Format = %q, want %q", got, want)
	}
	for _, tc := range r.Tests {
		if got := ir.Eval(r.Cond, tc.Log); got != tc.Expected {
			t.Errorf("test %s: %v, want %v", tc.Name, got, tc.Expected)
		}
	}
	_, errs = rfReadText(t, "id: X\nlog_types: [AWS.VPCFlow, OCSF.NetworkActivity]\ncondition: |\n  log_status eq \"SKIPDATA\"\n")
	want := `rule.yml:4:3: rule X: data-model name "log_status" reads different fields per log type (status on AWS.VPCFlow; status_code on OCSF.NetworkActivity); write one predicate per log type, e.g. (p_log_type eq "AWS.VPCFlow" and status ...)`
	if len(errs) != 1 || errs[0].Error() != want {
		t.Errorf("conflicting log types: got %v\nwant %s", errs, want)
	}
	// Without log types nothing is resolved.
	r, errs = rfReadText(t, "id: X\ncondition: log_status eq \"SKIPDATA\"\n")
	if len(errs) > 0 || ir.Dump(r.Cond) != `(eq log_status "SKIPDATA")` {
		t.Errorf("no log types: %v %s", errs, ir.Dump(r.Cond))
	}
	if !strings.Contains(ir.Format(r.Cond), "log_status") {
		t.Error("alias lost")
	}
}
