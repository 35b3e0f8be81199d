//go:build duckdb

package athena

import (
	"strings"
	"testing"

	"github.com/rulec/rulec/ir"
	"github.com/rulec/rulec/strmatch"
)

// TestDuckDBLowerIsSimpleLowercase: DuckDB's lower maps every code point
// as the simple lowercase mapping does (Trino's lower, strmatch.Lower), so
// the checks of the "~" operators are exact; and on whole strings of the
// hostile characters, context (final sigma) changes nothing.
func TestDuckDBLowerIsSimpleLowercase(t *testing.T) {
	e := engine(t)
	bad, err := e.LowerMismatches()
	if err != nil {
		t.Fatal(err)
	}
	if len(bad) > 0 {
		t.Errorf("DuckDB's lower differs from the simple lowercase mapping on %d code points", len(bad))
	}
	for _, s := range append(append([]string{}, hostileFold...), foldLiterals...) {
		for _, x := range []string{s, "A" + s + "Σ", s + "Σ ", "ΑΣ" + s} {
			got := scalar(t, e, "lower("+quote(x)+")")
			if got != strmatch.Lower(x) {
				t.Errorf("lower(%q) = %q in DuckDB, simple lowercase %q", x, got, strmatch.Lower(x))
			}
		}
	}
	if got := scalar(t, e, "lower('İ')"); got != "i" {
		t.Errorf("lower('İ') = %q, want the simple mapping i", got)
	}
}

// agreeOn runs every condition over every log under a profile and compares
// with ir.Eval.
func agreeOn(t *testing.T, prof ProfileName, conds []ir.Expr, docs []string) {
	t.Helper()
	e := engine(t)
	var logs []any
	for _, d := range docs {
		logs = append(logs, parseJSON(t, d))
	}
	var qs []*Query
	for _, c := range conds {
		q, err := Convert(&ir.Rule{ID: "V2", File: "v2.yml", Cond: c}, Options{Profile: prof})
		if err != nil {
			t.Fatalf("%s: %v", ir.Dump(c), err)
		}
		qs = append(qs, q)
	}
	got, err := e.MatchesAll(qs, logs)
	if err != nil {
		t.Fatal(err)
	}
	n, fails := 0, 0
	for i, c := range conds {
		for j, log := range logs {
			n++
			if want := ir.Eval(c, log); got[i][j] != want {
				fails++
				if fails <= 20 {
					t.Errorf("%s on %s: athena %v, ir %v\n%s", ir.Dump(c), docs[j], got[i][j], want, qs[i].Events)
				}
			}
		}
	}
	t.Logf("%s: %d conditions x %d logs, %d disagree", prof, len(conds), len(logs), fails)
}

// stringDocs puts each value at field, plus a missing and a null field;
// typed adds numbers, booleans and arrays, which a STRING column cannot
// hold as ir.Eval sees them (the documented limit of the table profiles).
func stringDocs(field string, values []string, typed bool) []string {
	var out []string
	for _, v := range values {
		out = append(out, `{"`+field+`": `+jsonString(v)+`}`)
	}
	out = append(out, `{}`, `{"`+field+`": null}`)
	if typed {
		out = append(out, `{"`+field+`": 1000}`, `{"`+field+`": 1E3}`, `{"`+field+`": true}`, `{"`+field+`": ["x", "KELVIN"]}`, `{"`+field+`": {"x": "Kelvin"}}`)
	}
	return out
}

func jsonString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"', '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

func TestFoldMatchesIREval(t *testing.T) {
	t.Parallel()
	values := append(append([]string{}, foldValues...), foldLiterals...)
	for _, h := range hostileFold {
		values = append(values, h, "x"+h+"y", strings.Repeat(h, 2))
	}
	agreeOn(t, ProfileJSON, foldConds("a", foldLiterals), stringDocs("a", values, true))
	agreeOn(t, ProfileCloudTrail, foldConds("eventName", foldLiterals), stringDocs("eventName", values, false))
	agreeOn(t, ProfileS3Access, foldConds("operation", foldLiterals), stringDocs("operation", values, false))
}

func TestQuantifiersMatchIREval(t *testing.T) {
	t.Parallel()
	agreeOn(t, ProfileJSON, quantConds(), quantLogs)
}

func TestFieldRefsMatchIREval(t *testing.T) {
	t.Parallel()
	agreeOn(t, ProfileJSON, refConds(), refLogs)
}

func TestCloudTrailV2MatchesIREval(t *testing.T) {
	t.Parallel()
	agreeOn(t, ProfileCloudTrail, cloudTrailV2Conds(), cloudTrailV2Logs)
}

// TestRegistryPathsMatchIREval: the schema-aware SQL agrees with ir.Eval on
// logs that fit the schema.
func TestRegistryPathsMatchIREval(t *testing.T) {
	t.Parallel()
	reg := typedRegistry(t)
	lt := reg.Lookup("Test.Typed")
	for _, d := range typedLogs {
		if m := lt.Check(parseJSON(t, d)); len(m) > 0 {
			t.Fatalf("test log %s does not fit: %v", d, m)
		}
	}
	e := engine(t)
	var logs []any
	for _, d := range typedLogs {
		logs = append(logs, parseJSON(t, d))
	}
	conds := typedConds()
	var qs []*Query
	for _, c := range conds {
		q, err := Convert(&ir.Rule{ID: "T", LogTypes: []string{"Test.Typed"}, Cond: c}, Options{Registry: reg})
		if err != nil {
			t.Fatalf("%s: %v", ir.Dump(c), err)
		}
		qs = append(qs, q)
	}
	got, err := e.MatchesAll(qs, logs)
	if err != nil {
		t.Fatal(err)
	}
	fails := 0
	for i, c := range conds {
		for j, log := range logs {
			if want := ir.Eval(c, log); got[i][j] != want {
				fails++
				if fails <= 20 {
					t.Errorf("%s on %s: athena %v, ir %v\n%s", ir.Dump(c), typedLogs[j], got[i][j], want, qs[i].Events)
				}
			}
		}
	}
	t.Logf("%d conditions x %d logs, %d disagree", len(conds), len(logs), fails)
}
