package athena

import (
	"strings"
	"testing"

	"github.com/rulec/rulec/internal/testutil"
	"github.com/rulec/rulec/ir"
	"github.com/rulec/rulec/schema"
)

// typedSchema is a custom log type with every kind of field the registry
// declares, for the schema-aware SQL.
const typedSchema = `log_type: Test.Typed
sources: [https://example.com/test-typed]
classify:
  - has: [s, n]
fields:
  s: string
  n: number
  b: boolean
  t: timestamp
  ip: ip
  o:
    type: object
    fields:
      x: string
      arr: array of string
      deep:
        type: object
        fields:
          y: string
  tags: array of string
  items:
    type: array of object
    fields:
      name: string
      n: number
      on: boolean
      sub:
        type: array of object
        fields:
          v: string
  grid: array of array of string
  free: json
  open: open object
`

func typedRegistry(t testing.TB) *schema.Registry {
	t.Helper()
	lt, err := schema.Parse("test-typed.yml", []byte(typedSchema))
	if err != nil {
		t.Fatal(err)
	}
	reg, err := schema.Builtin().With(lt)
	if err != nil {
		t.Fatal(err)
	}
	return reg
}

// typedConds are predicates, quantifiers and field references over every
// kind of declared field, and over free JSON below them.
func typedConds() []ir.Expr {
	num := func(s string) ir.Number { n, _ := ir.NewNumber(s); return n }
	var conds []ir.Expr
	for _, f := range []string{"s", "ip", "o.x", "o.deep.y", "tags", "items.name", "items.sub.v", "grid", "o.arr", "t", "free.k", "open.k", "open"} {
		conds = append(conds,
			pred(f, ir.OpEq, ir.String("Abc")), pred(f, ir.OpEqFold, ir.String("abc")), pred(f, ir.OpIn, ir.String("403"), num("403")),
			pred(f, ir.OpContainsFold, ir.String("B")), pred(f, ir.OpStartsWith, ir.String("A")), pred(f, ir.OpIsNull),
			pred(f, ir.OpGt, num("400")), pred(f, ir.OpWildcard, ir.String("A?c")), pred(f, ir.OpEndsWith, ir.String("0")))
	}
	for _, f := range []string{"n", "items.n", "b", "items.on"} {
		conds = append(conds,
			pred(f, ir.OpEq, num("403")), pred(f, ir.OpEq, ir.String("403")), pred(f, ir.OpEq, ir.String("403.0")), pred(f, ir.OpGte, num("403")),
			pred(f, ir.OpEq, ir.Bool(true)), pred(f, ir.OpEqFold, ir.String("true")), pred(f, ir.OpEq, ir.String("TRUE")),
			pred(f, ir.OpIsNull), pred(f, ir.OpContains, ir.String("4")))
	}
	conds = append(conds,
		anyOf("items", andOf(pred("name", ir.OpEqFold, ir.String("ADMIN")), pred("on", ir.OpEq, ir.Bool(true)))),
		allOf("items", pred("n", ir.OpLt, num("10"))),
		anyOf("items", anyOf("sub", pred("v", ir.OpStartsWith, ir.String("x")))),
		allOf("tags", pred("@", ir.OpStartsWithFold, ir.String("a"))),
		anyOf("grid", pred("@", ir.OpEq, ir.String("Abc"))),
		anyOf("o", pred("x", ir.OpEq, ir.String("Abc"))),
		allOf("o", pred("arr", ir.OpIsNull)),
		anyOf("free", pred("k", ir.OpEq, ir.String("Abc"))),
		anyOf("items", ref("name", ir.OpEq, "n")),
		ref("s", ir.OpEq, "o.x"), ref("s", ir.OpEqFold, "tags"), ref("n", ir.OpEq, "s"), ref("items.name", ir.OpContains, "s"),
		ref("b", ir.OpEq, "free.k"), ref("o.x", ir.OpEndsWithFold, "open.k"), ref("t", ir.OpEq, "s"),
	)
	var out []ir.Expr
	for _, c := range conds {
		out = append(out, c, notOf(c))
	}
	return out
}

// typedLogs fit the schema: nulls, missing members, empty arrays, and
// free JSON of every shape.
var typedLogs = []string{
	`{}`,
	`{"s": "Abc", "ip": "ABC", "n": 403, "b": true, "t": "2024-01-01T00:00:00Z", "o": {"x": "Abc", "arr": ["a", "Abc"], "deep": {"y": "abc"}}}`,
	`{"s": "403", "n": 403.0, "b": false, "t": "1700000000", "o": {"x": "403", "arr": []}, "tags": ["abc", "ABC", "403"]}`,
	`{"s": "xbx", "n": 5, "t": null, "o": {"x": null, "deep": null}, "tags": [], "items": []}`,
	`{"s": "", "n": 1e3, "o": {}, "tags": ["", null], "items": [{"name": "admin", "on": true, "n": 5}, {"name": "x", "on": false, "n": 20}]}`,
	`{"s": "ADMIN", "items": [{"name": "Admin", "on": false}, {"name": "other", "on": true, "sub": [{"v": "xyz"}]}]}`,
	`{"s": "x", "items": [{"name": "5", "n": 5, "sub": []}, {"sub": [{"v": null}, {"v": "Abc"}]}, null]}`,
	`{"grid": [["Abc", "x"], [], ["abc"]], "tags": ["a", "A"]}`,
	`{"grid": [], "tags": ["a", "b"]}`,
	`{"free": {"k": "Abc"}, "open": {"k": "xABC", "other": [1]}, "s": "Abc", "o": {"x": "xx-abc"}}`,
	`{"free": [{"k": "Abc"}, {"k": [true, "403"]}], "open": {"k": ["403", {"a": 1}]}, "b": true}`,
	`{"free": "Abc", "open": {"k": 403}, "n": 403, "s": "403"}`,
	`{"free": {"k": true}, "b": true, "open": {}}`,
	`{"free": [[["Abc"]]], "open": {"k": null}, "t": "403"}`,
	`{"s": "403", "t": "403.0", "n": 403}`,
}

func TestRegistryPathsHaveNoUnnest(t *testing.T) {
	reg := typedRegistry(t)
	for _, f := range []string{"s", "n", "b", "t", "o.x", "o.deep.y", "o"} {
		r := &ir.Rule{ID: "T", LogTypes: []string{"Test.Typed"}, Cond: pred(f, ir.OpEq, ir.String("x"))}
		q, err := Convert(r, Options{Registry: reg})
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(q.Events, "UNNEST") || q.LogType != "Test.Typed" {
			t.Errorf("%s, declared scalar or object, is unnested (log type %q):\n%s", f, q.LogType, q.Events)
		}
	}
	// The check can fail: a declared array and free JSON do fan out.
	for _, f := range []string{"tags", "free.k"} {
		r := &ir.Rule{ID: "T", LogTypes: []string{"Test.Typed"}, Cond: pred(f, ir.OpEq, ir.String("x"))}
		if q, err := Convert(r, Options{Registry: reg}); err != nil || !strings.Contains(q.Events, "UNNEST") {
			t.Errorf("%s: no UNNEST: %v %v", f, err, q)
		}
	}
	r := &ir.Rule{ID: "T", LogTypes: []string{"Test.Typed"}, Cond: pred("s", ir.OpEqFold, ir.String("CertUtil"))}
	q, err := Convert(r, Options{Registry: reg})
	if err != nil || !strings.Contains(q.Events, "WHERE\n    lower(json_extract_scalar(raw, '$.s')) = 'certutil'") {
		t.Errorf("eq~ on a declared string:\n%v %v", err, q)
	}
}

// typedQueries are the queries of typedConds, for the grammar and typing
// checks.
func typedQueries(t *testing.T) []*Query {
	reg := typedRegistry(t)
	var qs []*Query
	for _, c := range typedConds() {
		q, err := Convert(&ir.Rule{ID: "T", LogTypes: []string{"Test.Typed"}, Cond: c}, Options{Registry: reg})
		if err != nil {
			t.Fatalf("%s: %v", ir.Dump(c), err)
		}
		qs = append(qs, q)
	}
	return qs
}

// TestBundledDeclaredPathsHaveNoUnnest: in the bundled rules, no predicate
// on a path the registry declares scalar or object, every step of it,
// emits an UNNEST, under the rule's own profile or the json one.
func TestBundledDeclaredPathsHaveNoUnnest(t *testing.T) {
	reg := schema.Builtin()
	rules := testutil.LoadRules(t, testutil.BundledRules())
	checked := 0
	for _, r := range rules {
		if len(r.LogTypes) != 1 || reg.Lookup(r.LogTypes[0]) == nil {
			continue
		}
		lt := reg.Lookup(r.LogTypes[0])
		// Predicates outside quantifiers, whose paths start at the root.
		var preds []*ir.Pred
		ir.Walk(r.Cond, func(x ir.Expr) bool {
			if p, ok := x.(*ir.Pred); ok {
				preds = append(preds, p)
			}
			_, quant := x.(*ir.Quant)
			return !quant
		})
		for _, p := range preds {
			declared := len(p.Field.Segs) > 0
			for _, s := range lt.Resolve(p.Field.Segs) {
				if s.Type == nil || s.Array() || s.Type.Free() {
					declared = false
				}
			}
			if !declared {
				continue
			}
			one := &ir.Rule{ID: r.ID, File: r.File, LogTypes: r.LogTypes, Cond: p}
			for _, opt := range []Options{{}, {Profile: ProfileJSON}} {
				q, err := Convert(one, opt)
				if err != nil {
					continue // a construct the profile refuses, with its reason
				}
				checked++
				if strings.Contains(q.fromWhere, "UNNEST") {
					t.Errorf("%s: %s, declared %s, is unnested:\n%s", r.ID, p.Field, lt.TypeOf(p.Field.Segs), q.fromWhere)
				}
			}
		}
	}
	if checked == 0 {
		t.Fatal("no declared path checked")
	}
	t.Logf("%d predicates on declared scalar or object paths, none unnested", checked)
}
