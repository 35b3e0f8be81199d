package kql_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/rulec/rulec/backends/kql"
	"github.com/rulec/rulec/internal/testutil"
	"github.com/rulec/rulec/ir"
)

// larkPython returns a Python interpreter that can import lark (Debian's
// python3-lark, which `make test` installs). Without one the lark tests
// skip, except under CI=true, where they fail.
func larkPython(t *testing.T) string {
	t.Helper()
	for _, py := range []string{"/usr/bin/python3", "python3"} {
		if err := exec.Command(py, "-c", "import lark").Run(); err == nil {
			return py
		}
	}
	msg := "no python3 with the lark module (Debian package python3-lark; `make test` installs it)"
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	t.Skip(msg + "; skipping")
	return ""
}

type larkResult struct {
	OK    bool   `json:"ok"`
	Error string `json:"error"`
}

// larkParse parses every query with detection-rules' KQL grammar
// (testdata/lark/kql.g, through testdata/lark/parse.py) in one process.
func larkParse(t *testing.T, queries []string) []larkResult {
	t.Helper()
	py := larkPython(t)
	var in bytes.Buffer
	for _, q := range queries {
		b, err := json.Marshal(q)
		if err != nil {
			t.Fatal(err)
		}
		in.Write(b)
		in.WriteByte('\n')
	}
	cmd := exec.Command(py, filepath.Join("testdata", "lark", "parse.py"))
	cmd.Stdin = &in
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("parse.py: %v\n%s", err, stderr.String())
	}
	var res []larkResult
	dec := json.NewDecoder(&out)
	for dec.More() {
		var r larkResult
		if err := dec.Decode(&r); err != nil {
			t.Fatal(err)
		}
		res = append(res, r)
	}
	if len(res) != len(queries) {
		t.Fatalf("parse.py answered %d of %d queries", len(res), len(queries))
	}
	return res
}

// sharedDir returns ../shared/rel when present (without skipping: the lark
// test runs on the bundled rules alone too).
func sharedDir(rel string) (string, bool) {
	dir := os.Getenv("RULEC_SHARED")
	if dir == "" {
		dir = filepath.Join(testutil.RepoRoot(), "..", "shared")
	}
	p := filepath.Join(dir, rel)
	_, err := os.Stat(p)
	return p, err == nil
}

// emittedQueries collects every KQL query the emitter writes for the
// bundled rules, the edge conditions, the shared pages when present (both
// profiles), and hostile strings through every string operator.
func emittedQueries(t *testing.T) map[string]string {
	out := map[string]string{} // query -> where it came from
	add := func(rules []*ir.Rule) {
		for _, r := range rules {
			for _, p := range []kql.Profile{kql.Raw, kql.ECS} {
				if q, _, err := kql.CompileRule(r, p); err == nil {
					out[q] = r.ID + " (" + p.String() + ")"
				}
			}
		}
	}
	add(testutil.LoadRules(t, testutil.BundledRules()))
	add(testutil.EdgeRules(t))
	for _, rel := range []string{"seeds", "corpus/panther", "corpus/panther-v2"} {
		if p, ok := sharedDir(rel); ok {
			add(testutil.LoadRules(t, p))
		}
	}
	// Version 2 forms: caseless value lists and nested queries.
	for i, c := range []ir.Expr{
		&ir.Or{Xs: []ir.Expr{foldPred("userAgent", ir.OpContainsFold, "-AddStore"), foldPred("userAgent", ir.OpContainsFold, "a b"), foldPred("userAgent", ir.OpEqFold, "x or y")}},
		&ir.Quant{Path: ir.ParsePath("resources"), X: &ir.And{Xs: []ir.Expr{foldPred("ARN", ir.OpEqFold, "arn:x"), &ir.Not{X: foldPred("type", ir.OpStartsWith, "AWS::")}}}},
		&ir.Quant{All: true, Path: ir.ParsePath("resources"), X: foldPred("accountId", ir.OpEq, "1")},
		// A value ending with a keyword, followed by " or ".
		&ir.Or{Xs: []ir.Expr{foldPred("userAgent", ir.OpEndsWith, "not"), foldPred("eventName", ir.OpWildcard, "*caNNot"), foldPred("eventName", ir.OpEq, "x")}},
	} {
		r := &ir.Rule{ID: fmt.Sprintf("V2.%d", i), LogTypes: []string{"AWS.CloudTrail"}, Cond: c, File: "v2.yml"}
		if q, _, err := kql.CompileRule(r, kql.Raw); err == nil {
			out[q] = r.ID + " " + ir.FormatExpr(c)
		} else {
			t.Errorf("%s: %v", ir.FormatExpr(c), err)
		}
	}
	rng := rand.New(rand.NewSource(7))
	ops := []ir.Op{ir.OpEq, ir.OpContains, ir.OpStartsWith, ir.OpEndsWith, ir.OpWildcard, ir.OpEqFold, ir.OpContainsFold}
	for i := 0; i < 3000; i++ {
		s := randomString(rng)
		op := ops[i%len(ops)]
		if op == ir.OpWildcard {
			s = strings.NewReplacer("?", "", "[", "", "]", "").Replace(s)
			if rng.Intn(2) == 0 {
				s = "*" + s
			}
			if rng.Intn(2) == 0 {
				s += "*"
			}
		}
		p := foldPred("requestParameters.x", op, s)
		r := &ir.Rule{ID: fmt.Sprintf("Hostile.%d", i), LogTypes: []string{"AWS.CloudTrail"}, Cond: p, File: "hostile.yml"}
		if q, _, err := kql.CompileRule(r, kql.Raw); err == nil {
			out[q] = r.ID + " " + ir.FormatExpr(p)
		}
	}
	return out
}

// TestLarkParsesEveryQuery parses every emitted KQL query with the KQL
// parser of Elastic's detection-rules toolchain (its lark grammar, vendored
// under testdata/lark), which teams use to keep rules as code.
func TestLarkParsesEveryQuery(t *testing.T) {
	qs := emittedQueries(t)
	queries := make([]string, 0, len(qs))
	for q := range qs {
		queries = append(queries, q)
	}
	sort.Strings(queries)
	res := larkParse(t, queries)
	failed := 0
	for i, r := range res {
		if !r.OK {
			if failed++; failed <= 20 {
				t.Errorf("detection-rules' KQL parser rejects the query of %s: %s\n  query: %s", qs[queries[i]], r.Error, queries[i])
			}
		}
	}
	if failed > 20 {
		t.Errorf("... %d rejected in all", failed)
	}
	t.Logf("%d distinct queries parsed with detection-rules' lark grammar", len(queries))
}

// TestLarkRejectsBrokenQueries shows the harness can fail: broken queries,
// and the unquoted wildcard with a space before a lone * that Kibana
// accepts but detection-rules' grammar does not.
func TestLarkRejectsBrokenQueries(t *testing.T) {
	queries := []string{
		`a: "x`,
		`a: ("x" or "y"`,
		`a: "x" and`,
		`a: in with *`,
		`operation_detail: Sign-in Methods  - Allow users to sign in with *`,
	}
	for i, r := range larkParse(t, queries) {
		if r.OK {
			t.Errorf("the lark grammar accepted %q", queries[i])
		}
	}
	// And accepts a well-formed one, so the rejections above mean something.
	if r := larkParse(t, []string{`a: "x" and not b: (*y* or z\*)`}); !r[0].OK {
		t.Errorf("the lark grammar rejected a valid query: %s", r[0].Error)
	}
}

// TestLarkRefusalsFallBackToEQL: a wildcard value Kibana reads but the
// detection-rules grammar does not is a KQL error naming the reason, and the
// Kibana rule is EQL instead.
func TestLarkRefusalsFallBackToEQL(t *testing.T) {
	for _, src := range []string{
		`userAgent starts_with "x or y"`,
		`userAgent ends_with "not me"`,
		`userAgent ends_with "sign in with "`,
		`operation_detail wildcard "Sign-in Methods  - Allow users to sign in with *"`,
	} {
		r := &ir.Rule{ID: "t", LogTypes: []string{"AWS.CloudTrail"}, Cond: cond(t, src)}
		if q, err := kql.Compile(r, kql.RuleMapping(r, kql.Raw)); err == nil {
			t.Errorf("%s: KQL %s, which detection-rules' grammar rejects", src, q)
			continue
		}
		kr, err := kql.Kibana(r, kql.KibanaOptions{Profile: kql.Raw})
		if err != nil || kr.Language != "eql" {
			t.Errorf("%s: want an EQL rule, got %+v, %v", src, kr, err)
		}
	}
}
