package kql_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/rulec/rulec/backends"
	"github.com/rulec/rulec/backends/kql"
	"github.com/rulec/rulec/internal/difftest"
	"github.com/rulec/rulec/ir"
)

func foldPred(field string, op ir.Op, args ...string) *ir.Pred {
	p := &ir.Pred{Field: ir.ParsePath(field), Op: op}
	for _, a := range args {
		p.Args = append(p.Args, ir.String(a))
	}
	if op == ir.OpWildcardFold || op == ir.OpWildcard {
		g, err := ir.CompileGlob(op, args[0])
		if err != nil {
			panic(err)
		}
		p.Glob = g
	}
	return p
}

// TestV2Emission pins the idiomatic forms. In the raw profile a "~"
// operator queries the NAME.caseless multi-field (lowercase normalizer) with
// the literal lowered, in KQL and EQL alike; in the ecs profile, whose
// integration mappings have no such field, KQL refuses and EQL uses ":",
// in~ and like~ where Elasticsearch's ASCII folding agrees with the IR's,
// and exact regex classes where it does not.
func TestV2Emission(t *testing.T) {
	cases := []struct {
		name          string
		cond          ir.Expr
		kql, eql, ecs string // raw KQL, raw EQL, ecs EQL ("" to skip); "error: substring"
	}{
		{"eq~ and in~", &ir.And{Xs: []ir.Expr{foldPred("eventSource", ir.OpEqFold, "cloudtrail.amazonaws.com"), foldPred("eventName", ir.OpInFold, "StopLogging", "UpdateTrail", "DeleteTrail")}},
			`eventSource.caseless: "cloudtrail.amazonaws.com" and eventName.caseless: ("stoplogging" or "updatetrail" or "deletetrail")`,
			`any where eventSource.caseless == "cloudtrail.amazonaws.com" and eventName.caseless in ("stoplogging", "updatetrail", "deletetrail")`, "",
		},
		{"ecs :", &ir.And{Xs: []ir.Expr{foldPred("eventSource", ir.OpEqFold, "s3.amazonaws.com"), foldPred("eventName", ir.OpInFold, "PutObject", "DeleteObject")}},
			`eventSource.caseless: "s3.amazonaws.com" and eventName.caseless: ("putobject" or "deleteobject")`, "",
			`any where event.provider : "s3.amazonaws.com" and event.action : ("PutObject", "DeleteObject")`},
		{"eq~ without letters", foldPred("eventName", ir.OpEqFold, "10.0.0.1"), `eventName.caseless: "10.0.0.1"`, "", `any where event.action : "10.0.0.1"`},
		{"contains~", foldPred("userAgent", ir.OpContainsFold, "urlcache"), `userAgent.caseless: *urlcache*`, `any where userAgent.caseless like "*urlcache*"`, `any where user_agent.original like~ "*urlcache*"`},
		{"starts_with~", foldPred("userAgent", ir.OpStartsWithFold, "Logon-"), `userAgent.caseless: logon-*`, `any where userAgent.caseless like "logon-*"`, `any where user_agent.original like~ "Logon-*"`},
		{"ends_with~", foldPred("Image", ir.OpEndsWithFold, `\cmd.exe`), `Image.caseless: *\\cmd.exe`, `any where Image.caseless like "*\\cmd.exe"`, ""},
		{"wildcard~", foldPred("userAgent", ir.OpWildcardFold, "AB?d*"), "error: no ? wildcard", `any where userAgent.caseless like "ab?d*"`, `any where user_agent.original like~ "ab?d*"`},
		{"Kelvin and dotted I", foldPred("userAgent", ir.OpEqFold, "Kit"), `userAgent.caseless: "kit"`, `any where userAgent.caseless == "kit"`, "any where user_agent.original regex \"[Kk\u212a][Ii\u0130][Tt]\""},
		{"a literal * in eq~", foldPred("userAgent", ir.OpEqFold, "a*b"), `userAgent.caseless: "a*b"`, `any where userAgent.caseless == "a*b"`, `any where user_agent.original in~ ("a*b")`},
		{"a literal ? in contains~", foldPred("userAgent", ir.OpContainsFold, "x?"), `userAgent.caseless: *x?*`, `any where userAgent.caseless regex ".*x\\?.*"`, `any where user_agent.original regex ".*[Xx]\\?.*"`},
		{"eq~ true stays on the field", &ir.Pred{Field: ir.ParsePath("a"), Op: ir.OpInFold, Args: []ir.Value{ir.String("X"), ir.Bool(true)}}, `a.caseless: "x" or a: true`, `any where a.caseless == "x" or a == "true"`, ""},
		{"an or of ~ on one field is one value list", &ir.Or{Xs: []ir.Expr{foldPred("CommandLine", ir.OpContainsFold, "-AddStore"), foldPred("CommandLine", ir.OpContainsFold, "/addstore"), foldPred("CommandLine", ir.OpEndsWithFold, "or x")}},
			`CommandLine.caseless: (*-addstore* or */addstore* or *or x)`, `any where CommandLine.caseless like ("*-addstore*", "*/addstore*", "*or x")`, ""},
		{"a split eq~ under and and not keeps its parentheses", &ir.And{Xs: []ir.Expr{foldPred("c", ir.OpEq, "y"), &ir.Not{X: &ir.Pred{Field: ir.ParsePath("a"), Op: ir.OpInFold, Args: []ir.Value{ir.String("X"), ir.Bool(true)}}}}},
			`c: "y" and not (a.caseless: "x" or a: true)`, `any where c == "y" and not (a.caseless == "x" or a == "true")`, ""},
		{"runs of ~ on one field in a wider or are value lists", &ir.Or{Xs: []ir.Expr{foldPred("Image", ir.OpEndsWithFold, "/A.exe"), foldPred("Image", ir.OpEndsWithFold, "/b.exe"), foldPred("OriginalFileName", ir.OpEqFold, "A.exe"), foldPred("OriginalFileName", ir.OpEqFold, "b.exe"), foldPred("Image", ir.OpEq, "C"), foldPred("Image", ir.OpEqFold, "d"), foldPred("Image", ir.OpContainsFold, "X")}},
			`Image.caseless: (*/a.exe or */b.exe) or OriginalFileName.caseless: ("a.exe" or "b.exe") or Image: "C" or Image.caseless: ("d" or *x*)`,
			`any where Image.caseless like ("*/a.exe", "*/b.exe") or OriginalFileName.caseless in ("a.exe", "b.exe") or Image == "C" or Image.caseless == "d" or Image.caseless like "*x*"`, ""},
		{"a run of one ~ is a single predicate", &ir.Or{Xs: []ir.Expr{foldPred("a", ir.OpEqFold, "X"), foldPred("b", ir.OpEqFold, "Y")}},
			`a.caseless: "x" or b.caseless: "y"`, `any where a.caseless == "x" or b.caseless == "y"`, ""},
		{"field reference", &ir.FieldPred{Field: ir.ParsePath("a"), Op: ir.OpEq, Ref: ir.ParsePath("b")}, "error: KQL compares a field only with literal values", "error: EQL compares a field only with constants", ""},
		{"any over one predicate is the dotted path", &ir.Quant{Path: ir.ParsePath("bindingDeltas"), X: foldPred("action", ir.OpEq, "ADD")}, `bindingDeltas.action: "ADD"`, `any where bindingDeltas.action == "ADD"`, ""},
		{"any @", &ir.Quant{Path: ir.ParsePath("members"), X: foldPred("@", ir.OpContains, "allUsers")}, `members: *allUsers*`, `any where members like "*allUsers*"`, ""},
		{"any over two predicates", &ir.Quant{Path: ir.ParsePath("bindingDeltas"), X: &ir.And{Xs: []ir.Expr{foldPred("action", ir.OpEq, "ADD"), foldPred("role", ir.OpEq, "roles/owner")}}},
			"error: Elasticsearch flattens it into", "error: Elasticsearch flattens it into", ""},
		{"all", &ir.Quant{All: true, Path: ir.ParsePath("ids"), X: foldPred("@", ir.OpStartsWith, "arn:")}, "error: all needs each condition tested on one element", "error: all needs", ""},
	}
	var st difftest.Stats
	var events []any
	for _, v := range foldHostile {
		events = append(events, map[string]any{"CommandLine": v}, map[string]any{"CommandLine": "x -ADDSTORE y"}, map[string]any{"userAgent": v})
	}
	for _, a := range []any{"X", "x", true, "true", "TRUE", nil} {
		events = append(events, map[string]any{"a": a, "c": "y"}, map[string]any{"a": a})
	}
	for _, v := range []string{"x/A.EXE", "/b.exe2", "C", "c", "D", "yXy", "A.exe"} {
		events = append(events, map[string]any{"Image": v}, map[string]any{"OriginalFileName": v})
	}
	for _, c := range cases {
		r := difftest.NewRule("V2."+strings.ReplaceAll(c.name, " ", "_"), c.cond, "AWS.CloudTrail")
		for _, d := range difftest.Run([]backends.Checker{kql.Checker{Profile: kql.Raw}, kql.EQLChecker{}}, r, events, &st) {
			t.Errorf("%s: %s", c.name, d)
		}
		m := kql.RuleMapping(r, kql.Raw)
		q, err := kql.Compile(r, m)
		check(t, c.name+" (kql)", q, err, c.kql)
		if c.eql != "" {
			q, err = kql.CompileEQL(r, m)
			check(t, c.name+" (eql)", q, err, c.eql)
		}
		if c.ecs != "" {
			q, err = kql.CompileEQL(r, kql.RuleMapping(r, kql.ECS))
			check(t, c.name+" (ecs eql)", q, err, c.ecs)
		}
	}
}

func check(t *testing.T, name, got string, err error, want string) {
	t.Helper()
	if sub, ok := strings.CutPrefix(want, "error: "); ok {
		var e *ir.Error
		if err == nil || !errors.As(err, &e) || e.Code != ir.CodeUnsupported || !strings.Contains(err.Error(), strings.TrimPrefix(sub, "fold")) {
			t.Errorf("%s: got %q, %v; want an unsupported error containing %q", name, got, err, sub)
		}
		return
	}
	if err != nil || got != want {
		t.Errorf("%s:\n got  %s (%v)\n want %s", name, got, err, want)
	}
}

// foldHostile are values that separate the IR's Unicode simple-lowercase folding
// from Elasticsearch's ASCII-only folding, plus wildcard characters,
// numbers and booleans.
var foldHostile = []any{
	"İ", "ı", "i", "I", "ſ", "s", "S", "\u212a", "k", "K", "ß", "ẞ", "SS", "Σ", "σ", "ς",
	"kit", "KIT", "\u212aİt", "Kıt", "CloudTrail.AmazonAWS.com", "cloudtrail.amazonaws.com",
	"a*b", "A*B", "axb", "x?", "X?", "xy", "é", "É", "", "true", "True", "403",
	true, false, json.Number("403"), json.Number("403.5"),
}

// TestV2FoldAgreement runs every "~" operator with hostile literals through
// the kql and eql checkers, on every hostile value alone and in an array,
// and compares each result with ir.Eval.
func TestV2FoldAgreement(t *testing.T) {
	checkers := []backends.Checker{kql.Checker{Profile: kql.Raw}, kql.EQLChecker{}}
	lits := []string{"İ", "i", "ſ", "s", "\u212a", "k", "K", "ß", "Σ", "ς", "kit", "KİT", "CloudTrail.AmazonAWS.com", "a*b", "x?", "é", "*", "a", ""}
	var events []any
	for _, v := range foldHostile {
		events = append(events, map[string]any{"f": v}, map[string]any{"f": []any{v, "zz"}})
	}
	events = append(events, map[string]any{}, map[string]any{"f": nil}, map[string]any{"f": map[string]any{"g": "k"}})
	var st difftest.Stats
	compiled := map[string]int{}
	n := 0
	for _, lit := range lits {
		for _, op := range []ir.Op{ir.OpEqFold, ir.OpInFold, ir.OpContainsFold, ir.OpStartsWithFold, ir.OpEndsWithFold, ir.OpWildcardFold} {
			for _, neg := range []bool{false, true} {
				var cond ir.Expr = foldPred("f", op, lit)
				if op == ir.OpInFold {
					cond = foldPred("f", op, lit, "zz")
				}
				if neg {
					cond = &ir.Not{X: cond}
				}
				n++
				r := difftest.NewRule(fmt.Sprintf("Fold.%d", n), cond)
				for _, c := range checkers {
					_, err := c.Compile(r)
					switch {
					case err == nil:
						compiled[c.Name()]++
					case c.Name() == "eql" && !strings.Contains(err.Error(), "may hold JSON numbers and booleans"):
						// Only the untyped path's number and boolean text
						// may stop a fold predicate in EQL.
						t.Errorf("eql: %v", err)
					}
				}
				for _, d := range difftest.Run(checkers, r, events, &st) {
					t.Errorf("%s", d)
				}
			}
		}
	}
	t.Logf("%d predicates; compiled: %v; %v", n, compiled, st)

	// The ecs profile has no caseless field: EQL's ":", in~, like~ and the
	// regex classes carry the folding there. user_agent.original is a
	// declared keyword, so every fold predicate converts, except those that
	// hold on "", which the integration's pipeline drops.
	ecs := kql.Mapping{Profile: kql.ECS, LogType: "AWS.CloudTrail"}
	agree, skipped := 0, 0
	for _, lit := range lits {
		for _, op := range []ir.Op{ir.OpEqFold, ir.OpInFold, ir.OpContainsFold, ir.OpStartsWithFold, ir.OpEndsWithFold, ir.OpWildcardFold} {
			for _, neg := range []bool{false, true} {
				var cond ir.Expr = foldPred("userAgent", op, lit)
				if neg {
					cond = &ir.Not{X: cond}
				}
				r := difftest.NewRule("FoldECS", cond, "AWS.CloudTrail")
				q, err := kql.CompileEQL(r, ecs)
				if err != nil {
					if !strings.Contains(err.Error(), "ingest pipelines drop") {
						t.Errorf("ecs eql %s: %v", ir.FormatExpr(cond), err)
					}
					skipped++
					continue
				}
				node, err := kql.ParseEQL(q)
				if err != nil {
					t.Fatalf("%s does not parse: %v", q, err)
				}
				for _, v := range foldHostile {
					if _, ok := v.(string); !ok {
						continue // the ecs model: user_agent.original holds strings
					}
					doc := map[string]any{"userAgent": v}
					got, err := kql.EvalEQL(node, kql.Index(doc, ecs), ecs)
					if err != nil {
						t.Fatal(err)
					}
					want := ir.Eval(cond, doc)
					if v == "" {
						want = ir.Eval(cond, map[string]any{}) // dropped at ingest
					}
					if got != want {
						t.Errorf("ecs eql %s on %q: eql %v, ir %v\n  query: %s", ir.FormatExpr(cond), v, got, want, q)
					} else {
						agree++
					}
				}
			}
		}
	}
	t.Logf("ecs eql: %d agree, %d predicates hold on \"\" (refused)", agree, skipped)
}

// TestV2NestedAgreement: any/all over an array of objects the registry
// declares (GCP's protoPayload.authorizationInfo) become nested queries,
// which tell one element satisfying both conditions from two elements
// satisfying one each, exactly as ir.Eval does.
func TestV2NestedAgreement(t *testing.T) {
	perm := foldPred("permission", ir.OpEq, "iam.roles.update")
	granted := &ir.Pred{Field: ir.ParsePath("granted"), Op: ir.OpEq, Args: []ir.Value{ir.Bool(true)}}
	both := &ir.And{Xs: []ir.Expr{perm, granted}}
	conds := map[string]ir.Expr{
		"any":     &ir.Quant{Path: ir.ParsePath("protoPayload.authorizationInfo"), X: both},
		"any not": &ir.Quant{Path: ir.ParsePath("protoPayload.authorizationInfo"), X: &ir.Not{X: granted}},
		"all":     &ir.Quant{All: true, Path: ir.ParsePath("protoPayload.authorizationInfo"), X: granted},
		"all or":  &ir.Quant{All: true, Path: ir.ParsePath("protoPayload.authorizationInfo"), X: &ir.Or{Xs: []ir.Expr{perm, granted}}},
	}
	el := func(p string, g any) map[string]any {
		m := map[string]any{}
		if p != "" {
			m["permission"] = p
		}
		if g != nil {
			m["granted"] = g
		}
		return m
	}
	ev := func(els ...any) any {
		return map[string]any{"protoPayload": map[string]any{"methodName": "x", "authorizationInfo": els}}
	}
	events := []any{
		map[string]any{},
		map[string]any{"protoPayload": map[string]any{"methodName": "x"}},
		ev(),
		ev(el("iam.roles.update", true)),
		ev(el("iam.roles.update", false), el("other", true)), // fan-out matches, any does not
		ev(el("other", true), el("iam.roles.update", true)),
		ev(el("iam.roles.update", false)),
		ev(map[string]any{}),
		ev(el("", true), el("", true)),
		ev(el("iam.roles.update", nil)),
		ev(nil, el("iam.roles.update", true)),
		map[string]any{"protoPayload": map[string]any{"authorizationInfo": el("iam.roles.update", true)}}, // one object, no array
	}
	var st difftest.Stats
	checkers := []backends.Checker{kql.Checker{Profile: kql.Raw}}
	for name, c := range conds {
		r := difftest.NewRule("Nested."+strings.ReplaceAll(name, " ", "_"), c, "GCP.AuditLog")
		q, _, err := kql.CompileRule(r, kql.Raw)
		if err != nil || !strings.Contains(q, "protoPayload.authorizationInfo:{ ") {
			t.Errorf("%s: want a nested query, got %q, %v", name, q, err)
			continue
		}
		for _, d := range difftest.Run(checkers, r, events, &st) {
			t.Errorf("%s\n  query: %s", d, q)
		}
		if _, err := kql.CompileEQL(r, kql.RuleMapping(r, kql.Raw)); err == nil || !strings.Contains(err.Error(), "EQL does not query nested fields") {
			t.Errorf("%s: EQL: %v", name, err)
		}
	}
	q, _, _ := kql.CompileRule(difftest.NewRule("Nested.q", conds["any"], "GCP.AuditLog"), kql.Raw)
	if want := `protoPayload.authorizationInfo:{ permission: "iam.roles.update" and granted: true }`; q != want {
		t.Errorf("got %s\nwant %s", q, want)
	}
	t.Logf("%v", st)
}

// TestV2ReadCaseless: the KQL reader reads NAME.caseless back as the "~"
// operators.
func TestV2ReadCaseless(t *testing.T) {
	m := kql.Mapping{Profile: kql.Raw, LogType: "AWS.CloudTrail"}
	for src, want := range map[string]string{
		`userAgent.caseless: *urlcache*`:                       `userAgent contains~ "urlcache"`,
		`eventName.caseless: ("stoplogging" or "deletetrail")`: `eventName eq~ "stoplogging" or eventName eq~ "deletetrail"`,
		`eventSource.caseless: s3*.com`:                        `eventSource wildcard~ "s3*.com"`,
	} {
		n, err := kql.Parse(src)
		if err != nil {
			t.Fatal(err)
		}
		e, err := kql.Lower(n, m, "q.kql", func(int) ir.Pos { return ir.Pos{Line: 1, Col: 1} })
		if err != nil {
			t.Errorf("%s: %v", src, err)
			continue
		}
		if got := ir.FormatExpr(e); got != want {
			t.Errorf("%s: got %s, want %s", src, got, want)
		}
	}
}

// TestEQLAnchorGroups: a regex with ^ or $ as one alternative of a group at
// its edge, (?:^|/)x(?:/|$), is a Lucene group with an empty branch.
func TestEQLAnchorGroups(t *testing.T) {
	for _, src := range []string{`(?:^|/)x(?:/|$)`, `(^|a)b`, `b(c|$)`, `(?i)(?:^|/)k\.txt$`} {
		p := &ir.Pred{Field: ir.ParsePath("f"), Op: ir.OpRegex, Args: []ir.Value{ir.String(src)}, Re: regexp.MustCompile(src)}
		r := difftest.NewRule("Anchor", p)
		var events []any
		for _, v := range []string{"x", "/x", "a/x/b", "ax", "x/", "xa", "/x/", "b", "ab", "cb", "bc", "bcd", "b$", "k.txt", "/K.TXT", "a/\u212a.txt", "ak.txt", "k.txt/"} {
			events = append(events, map[string]any{"f": v})
		}
		var st difftest.Stats
		for _, d := range difftest.Run([]backends.Checker{kql.EQLChecker{}}, r, events, &st) {
			t.Errorf("%s: %s", src, d)
		}
		if st.String() == "" || strings.Contains(st.String(), "unsupported") && !strings.Contains(st.String(), "0 rules unsupported") {
			t.Errorf("%s: %v", src, st)
		}
	}
}

// TestEQLLiteralUnion: a regex that is a union of anchored literals is a
// like (or in) with one pattern per alternative, as KQL writes it with
// wildcards; a literal * or ? keeps the regex, which like cannot escape.
func TestEQLLiteralUnion(t *testing.T) {
	for src, want := range map[string]string{
		`^(Add|Attach)`:     `any where f like ("Add*", "Attach*")`,
		`(^|/)x(/|$)`:       `any where f like ("x/*", "x", "*/x/*", "*/x")`,
		`^(Get|Put)Object$`: `any where f in ("GetObject", "PutObject")`,
		`^Get$`:             `any where f == "Get"`,
		`Stop`:              `any where f like "*Stop*"`,
		`^a\*b`:             `any where f regex "a\\*b.*"`,
	} {
		p := &ir.Pred{Field: ir.ParsePath("f"), Op: ir.OpRegex, Args: []ir.Value{ir.String(src)}, Re: regexp.MustCompile(src)}
		r := difftest.NewRule("Union", p)
		q, err := kql.CompileEQL(r, kql.RuleMapping(r, kql.Raw))
		check(t, src, q, err, want)
		var events []any
		for _, v := range []string{"", "Add", "AddUser", "xAdd", "Attach", "x", "x/", "/x", "a/x/b", "ax", "GetObject", "PutObject", "GetObjectX", "Get", "Stop", "aStopb", "a*b", "ab", "a*bc"} {
			events = append(events, map[string]any{"f": v})
		}
		var st difftest.Stats
		for _, d := range difftest.Run([]backends.Checker{kql.EQLChecker{}}, r, events, &st) {
			t.Errorf("%s: %s", src, d)
		}
	}
}
