package kusto_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rulec/rulec/backends/kusto"
	"github.com/rulec/rulec/internal/difftest"
	"github.com/rulec/rulec/internal/testutil"
	"github.com/rulec/rulec/ir"
	"github.com/rulec/rulec/parser"
	"github.com/rulec/rulec/schema"
)

func isUnsupported(err error) bool {
	var e *ir.Error
	return errors.As(err, &e) && e.Code == ir.CodeUnsupported
}

// goldenOutputs renders one rule in every form this package emits: the
// query in each profile and the Sentinel analytics rule; a form the rule
// cannot take is its error.
func goldenOutputs(t *testing.T, r *ir.Rule) map[string][]byte {
	root := testutil.RepoRoot() + string(filepath.Separator)
	errText := func(err error) []byte { return []byte(strings.ReplaceAll(err.Error(), root, "") + "\n") }
	out := map[string][]byte{}
	for _, p := range []kusto.Profile{kusto.Raw, kusto.Sentinel} {
		q, err := kusto.Compile(r, p)
		if err != nil {
			if !isUnsupported(err) {
				t.Errorf("%s: %v", r.ID, err)
			}
			out[p.String()+".kql.err"] = errText(err)
			continue
		}
		out[p.String()+".kql"] = []byte(q.String())
		if p == kusto.Sentinel {
			arm, err := kusto.ARM(r, p, nil)
			if err != nil {
				t.Fatal(err)
			}
			out["sentinel-arm.json"] = arm
		}
	}
	return out
}

// TestGoldenBundledRules compares every bundled rule's outputs with the
// files under testdata/golden/<rule-id>/ (UPDATE_GOLDEN=1 rewrites them).
func TestGoldenBundledRules(t *testing.T) {
	rules := testutil.LoadRules(t, testutil.BundledRules())
	dir := filepath.Join("testdata", "golden")
	if testutil.UpdateGolden() {
		if err := os.RemoveAll(dir); err != nil {
			t.Fatal(err)
		}
	}
	want := map[string]bool{}
	for _, r := range rules {
		outs := goldenOutputs(t, r)
		for n, data := range outs {
			p := filepath.Join(dir, r.ID, n)
			want[p] = true
			testutil.Golden(t, p, data)
		}
	}
	tables := filepath.Join(dir, "tables.csl")
	want[tables] = true
	var b bytes.Buffer
	for _, tb := range kusto.RawTables(rules, nil) {
		b.WriteString(kusto.CreateTable(tb))
	}
	testutil.Golden(t, tables, b.Bytes())
	_ = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && !want[p] {
			t.Errorf("stale golden file %s (UPDATE_GOLDEN=1 removes it)", p)
		}
		return nil
	})
}

// agree runs every rule's tests through the raw-profile checker and
// requires ir.Eval's result; it returns how many tests ran and how many
// agree with ExpectedResult, and the rules the profile refuses.
func agree(t *testing.T, rules []*ir.Rule, p kusto.Profile) (tests, expected int, refused []string) {
	for _, r := range rules {
		prog, err := kusto.Checker{Profile: p}.Compile(r)
		if err != nil {
			if !isUnsupported(err) {
				t.Errorf("%s: %v", r.ID, err)
			}
			refused = append(refused, err.Error())
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
			if want := ir.Eval(r.Cond, tc.Log); got[i] != want && fits(r, tc.Log) {
				t.Errorf("%s / %s: kusto (%s) %v, ir %v", r.ID, tc.Name, p, got[i], want)
			}
			if got[i] == tc.Expected {
				expected++
			}
		}
	}
	return tests, expected, refused
}

// fits reports whether a log fits the declared schema of each of the
// rule's log types the registry knows: the raw profile's queries are exact
// on such logs (rulec test reports the others as misfits).
func fits(r *ir.Rule, log any) bool {
	for _, lt := range r.LogTypes {
		if d := schema.Builtin().Lookup(lt); d != nil && !d.Fits(log) {
			return false
		}
	}
	return true
}

func TestBundledRulesAgree(t *testing.T) {
	rules := testutil.LoadRules(t, testutil.BundledRules())
	tests, expected, refused := agree(t, rules, kusto.Raw)
	t.Logf("raw: %d tests, %d agree with ExpectedResult; refused: %v", tests, expected, refused)
	tests, _, refused = agree(t, rules, kusto.Sentinel)
	t.Logf("sentinel (logs ingested as the connectors fill the columns): %d tests agree with ir.Eval; %d rules refused", tests, len(refused))
}

// TestCorpusAgrees is the acceptance run over ../shared: the seeds, the
// Panther corpus and the language-v2 corpus.
func TestCorpusAgrees(t *testing.T) {
	var paths []string
	for _, rel := range []string{"seeds", "corpus/panther", "corpus/panther-v2"} {
		paths = append(paths, testutil.Shared(t, rel))
	}
	rules := testutil.LoadRules(t, paths...)
	tests, expected, refused := agree(t, rules, kusto.Raw)
	t.Logf("raw: %d tests, %d agree with ExpectedResult; %d rules refused", tests, expected, len(refused))
	for _, r := range refused {
		t.Log("  ", r)
	}
	tests, _, refused = agree(t, rules, kusto.Sentinel)
	t.Logf("sentinel: %d tests agree with ir.Eval; %d rules refused", tests, len(refused))
}

// analyze runs Kusto.Language over each query against the database of its
// tables and returns each query's diagnostics. It skips the test when node
// or the npm package is missing, outside CI.
func analyze(t *testing.T, items []emitted) [][]string {
	t.Helper()
	missing := func(what string) {
		msg := what + ": run `make node_modules` (npm ci) to install @kusto/language-service-next for the Kusto.Language check"
		if os.Getenv("CI") != "" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	node, err := exec.LookPath("node")
	if err != nil {
		missing("node is not installed")
	}
	root := testutil.RepoRoot()
	if _, err := os.Stat(filepath.Join(root, "node_modules", "@kusto", "language-service-next", "package.json")); err != nil {
		missing("node_modules/@kusto/language-service-next is missing")
	}
	type item struct {
		Tables []map[string]string `json:"tables"`
		Query  string              `json:"query"`
	}
	var req []item
	for _, e := range items {
		req = append(req, item{e.tables, e.query})
	}
	in, _ := json.Marshal(req)
	cmd := exec.Command(node, filepath.Join(root, "backends", "kusto", "testdata", "kusto-analyze.cjs"))
	cmd.Dir = root
	cmd.Stdin = bytes.NewReader(in)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("kusto-analyze.cjs: %v\n%s", err, stderr.String())
	}
	var diags [][]string
	if err := json.Unmarshal(out, &diags); err != nil || len(diags) != len(items) {
		t.Fatalf("kusto-analyze.cjs output: %v (%d results for %d queries)", err, len(diags), len(items))
	}
	return diags
}

// emitted is one query and the schema of the tables it reads.
type emitted struct {
	rule, profile, query string
	tables               []map[string]string
}

func emitAll(rules []*ir.Rule) []emitted {
	var out []emitted
	for _, r := range rules {
		for _, p := range []kusto.Profile{kusto.Raw, kusto.Sentinel} {
			q, tb, err := kusto.CompileTable(r, p, nil)
			if err != nil {
				continue
			}
			var tables []map[string]string
			for _, name := range q.Tables {
				tables = append(tables, map[string]string{"name": name, "schema": kusto.Schema(tb)})
			}
			out = append(out, emitted{r.ID, p.String(), q.String(), tables})
		}
	}
	return out
}

// sharedRules loads the shared corpus when it is there (the language check
// runs on the bundled rules without it).
func sharedRules(t *testing.T) []*ir.Rule {
	dir := os.Getenv("RULEC_SHARED")
	if dir == "" {
		dir = filepath.Join(testutil.RepoRoot(), "..", "shared")
	}
	var out []*ir.Rule
	for _, rel := range []string{"seeds", "corpus/panther", "corpus/panther-v2"} {
		if p := filepath.Join(dir, rel); dirExists(p) {
			out = append(out, testutil.LoadRules(t, p)...)
		}
	}
	return out
}

func dirExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}

// TestLanguageService runs every query emitted for the bundled rules, the
// shared corpus when present and a batch of generated conditions (hostile
// field names and values included), in both profiles, through
// Kusto.Language against the profile's schema: any diagnostic fails.
func TestLanguageService(t *testing.T) {
	t.Parallel() // node runs in its own process: let it overlap the other tests
	rules := testutil.LoadRules(t, testutil.BundledRules())
	rules = append(rules, sharedRules(t)...)
	g := difftest.NewGenerator(7)
	n := int(envUint(t, "KUSTO_ANALYZE_N", 60))
	for i := 0; i < n; i++ {
		g.V2 = i%2 == 1
		rules = append(rules, difftest.NewRule(fmt.Sprintf("Gen.%d", i), g.Condition(3)))
	}
	all := emitAll(rules)
	// The raw profile's .create table commands are Kusto too.
	for _, tb := range kusto.RawTables(rules, nil) {
		all = append(all, emitted{rule: tb.Name, profile: "table", query: kusto.CreateTable(tb), tables: []map[string]string{}})
	}
	profiles := map[string]int{}
	for i, d := range analyze(t, all) {
		if len(d) > 0 {
			t.Errorf("%s (%s): Kusto.Language reports %v\n%s", all[i].rule, all[i].profile, d, all[i].query)
		}
		profiles[all[i].profile]++
	}
	t.Logf("%d queries analyzed without diagnostics (%v)", len(all), profiles)
}

// TestLanguageServiceCanFail shows the check rejects what it should: a
// query that does not parse, and one that names a column the table lacks.
func TestLanguageServiceCanFail(t *testing.T) {
	t.Parallel()
	tables := []map[string]string{{"name": "AWSCloudTrail", "schema": "(EventName:string, RequestParameters:string)"}}
	items := []emitted{
		{rule: "ok", query: "AWSCloudTrail\n| where EventName == \"PutBucketLogging\"\n", tables: tables},
		{rule: "broken", query: "AWSCloudTrail\n| where EventName == \n", tables: tables},
		{rule: "misspelt", query: "AWSCloudTrail\n| where EventNme == \"PutBucketLogging\"\n", tables: tables},
		{rule: "type", query: "AWSCloudTrail\n| where EventName > 3\n", tables: tables},
	}
	d := analyze(t, items)
	if len(d[0]) != 0 {
		t.Errorf("a valid query gets diagnostics: %v", d[0])
	}
	for i := 1; i < len(items); i++ {
		if len(d[i]) == 0 {
			t.Errorf("%s query gets no diagnostic:\n%s", items[i].rule, items[i].query)
		}
	}
}

// TestTypedStringsOnEmptyArrays: on a path the registry declares an array
// of strings, fan-out packs an empty array as one element whose text is
// "[]"; string tests written without a type guard must not read that text
// (found by the schema property test, seed 11).
func TestTypedStringsOnEmptyArrays(t *testing.T) {
	var rules []*ir.Rule
	for i, cond := range []string{
		`not p_any_emails starts_with "["`,
		`p_any_emails contains "]"`,
		`p_any_emails ends_with "[]"`,
		`not p_any_emails contains~ "[]"`,
	} {
		e, errs := parser.ParseConditionText(cond, ir.Pos{Line: 1, Col: 1}, parser.ConditionOptions{File: "t"})
		if errs != nil {
			t.Fatal(errs)
		}
		rules = append(rules, &ir.Rule{ID: fmt.Sprintf("t%d", i), LogTypes: []string{"AWS.CloudTrail"}, Cond: e, Tests: []ir.Test{
			{Name: "empty", Log: map[string]any{"p_any_emails": []any{}}},
			{Name: "one", Log: map[string]any{"p_any_emails": []any{"[x]"}}},
		}})
	}
	agree(t, rules, kusto.Raw)
}
