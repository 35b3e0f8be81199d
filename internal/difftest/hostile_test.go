package difftest_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/rulec/rulec/internal/cli"
	"github.com/rulec/rulec/internal/difftest"
	"github.com/rulec/rulec/ir"
)

// hostileStrings are values that break quoting, escaping or pattern syntax
// in at least one target: quotes of every kind, escape characters, LIKE and
// glob specials, KQL and YAML specials, control characters, bidi marks,
// reserved words, comment markers and very long strings.
var hostileStrings = []string{
	`'`, `"`, "`", "‘", "’", "“", "”", "''", `""`, `\`, `\\`, `\"`, `\'`, `'\''`,
	"%", "_", "*", "?", "[", "]", "{", "}", ":", "(", ")", "<", ">", "=", "!", "|", "&", "#", "~", "^", "$", "@", ",", ";", "/", "-",
	"a%b", "a_b", "a*b", "a?b", "[a]", "[!a]", "[a-z]", "{a}", "${a}", "%s", "%%", "\\%", "\\_", "\\*", `a\*b`, `\u0041`, `\n`,
	"\n", "\r", "\r\n", "\t", "\x00", "a\x00b", "\x1b[31m", "\x7f", "\u200f", "\u202e", "\u2028", "\ufeff", "\u00a0",
	"or", "and", "not", "null", "NULL", "select", "SELECT", "true", "false", "None", "NaN", "Infinity",
	"a or b", "a and b", "not a", "*/", "/*", "--", "-- x", "// x", "#!", "' OR '1'='1", `"; DROP TABLE t; --`,
	"</script>", "{{x}}", "a: b", "- a", "? a", "&a", "!!str", "|", ">-", "key: [1, 2]",
	" ", "  lead", "trail  ", "é", "É", "ß", "日本語", "🙂", "\u0301", "İ", "ı",
	strings.Repeat("a", 5000), strings.Repeat("'\"\\%_*?", 700),
}

// hostileFields are field names the language allows that a target may
// need to quote or map: - @ $ : and leading digits, reserved words.
// "@" alone is not among them: in language version 2 it is the current
// element of a quantifier, not a key.
var hostileFields = []string{
	"a-b", "@timestamp", "$k", "k:v", "0lead", "9", "_", "-", "$", ":", "--",
	"select", "null", "from", "where", "table", "timestamp", "user", "order", "group", "key", "value",
	"@meta.$x", "x:y.0z", "a-b.c-d", "$.x", "eq", "in", "is_null",
}

// globLiteral writes s as a glob that matches exactly s.
func globLiteral(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '*', '?', '[':
			b.WriteString("[" + string(r) + "]")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// defang replaces every special character of s, so an event holding it
// tells an exact match from one that treats the specials as patterns.
func defang(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x80 && !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return 'x'
		}
		return r
	}, s)
}

// hostilePred builds one predicate of kind k (an index into hostileKinds)
// on field with the hostile value h.
func hostilePred(field, h string, k int) ir.Expr {
	path := ir.ParsePath(field)
	mk := func(op ir.Op, args ...ir.Value) *ir.Pred {
		p := &ir.Pred{Field: path, Op: op, Args: args}
		if err := difftest.Prepare(p); err != nil {
			panic(fmt.Sprintf("%v %q: %v", op, h, err))
		}
		return p
	}
	s := ir.String(h)
	switch hostileKinds[k] {
	case "eq":
		return mk(ir.OpEq, s)
	case "in":
		return mk(ir.OpIn, s, ir.String("x"), ir.String(defang(h)))
	case "contains":
		return mk(ir.OpContains, s)
	case "starts_with":
		return mk(ir.OpStartsWith, s)
	case "ends_with":
		return mk(ir.OpEndsWith, s)
	case "wildcard":
		return mk(ir.OpWildcard, ir.String(globLiteral(h)))
	case "wildcard-around":
		return mk(ir.OpWildcard, ir.String("*"+globLiteral(h)+"?"))
	case "regex":
		return mk(ir.OpRegex, ir.String(regexp.QuoteMeta(h)))
	case "regex-anchored":
		return mk(ir.OpRegex, ir.String("^"+regexp.QuoteMeta(h)+"$"))
	case "ne":
		return &ir.Not{X: mk(ir.OpEq, s), Form: ir.NotNe}
	case "not contains":
		return &ir.Not{X: mk(ir.OpContains, s), Form: ir.NotInfix}
	case "not wildcard":
		return &ir.Not{X: mk(ir.OpWildcard, ir.String(globLiteral(h))), Form: ir.NotInfix}
	}
	panic("unknown kind")
}

// hostileKinds are the predicates each hostile value goes through: the
// positive ones are joined by or, the negated ones by and.
var hostileKinds = []string{
	"eq", "in", "contains", "starts_with", "ends_with", "wildcard", "wildcard-around", "regex", "regex-anchored",
	"ne", "not contains", "not wildcard",
}

const firstNegatedKind = 9

// hostileValues are the event values the predicate of kind k meets for the
// hostile value h: the ones that tell an exact match from an escaping
// mistake (the value with text around it, with its specials replaced,
// upper-cased, inside an array).
func hostileValues(h string, k int) []any {
	around := "x" + h + "xx"
	switch hostileKinds[k] {
	case "eq", "in", "ne":
		return []any{h, defang(h), strings.ToUpper(h), "x" + h, []any{"x", h}}
	case "contains", "regex", "not contains":
		return []any{around, defang(h), h, "x"}
	case "starts_with":
		return []any{h + "x", "x" + h, defang(h)}
	case "ends_with":
		return []any{"x" + h, h + "x", defang(h)}
	case "wildcard", "regex-anchored", "not wildcard":
		return []any{h, "x" + h, defang(h), strings.ToUpper(h)}
	case "wildcard-around":
		return []any{"x" + h + "x", h + "x", h, defang(h) + "x"}
	}
	panic("unknown kind")
}

// nest puts v at path in a fresh event.
func nest(path []string, v any) map[string]any {
	m := map[string]any{path[len(path)-1]: v}
	for i := len(path) - 2; i >= 0; i-- {
		m = map[string]any{path[i]: m}
	}
	return m
}

// hostileCases packs the predicates for one hostile value into two rules:
// the positive predicates, each on its own field, joined by or; and the
// negated ones joined by and. Each event sets one field only, so a rule's
// result is exactly that field's predicate's (the others see a missing
// field: false for a positive predicate, true for a negated one), and any
// wrong answer, including one about the missing fields, is a disagreement
// with ir.Eval. This keeps the rule count, which costs, low.
func hostileCases(id string, h string, kinds []int) []difftest.Case {
	var pos, neg []ir.Expr
	var posFields, negFields []string
	for _, k := range kinds {
		f := fmt.Sprintf("f%d", k)
		if k < firstNegatedKind {
			pos = append(pos, hostilePred(f, h, k))
			posFields = append(posFields, f)
		} else {
			neg = append(neg, hostilePred(f, h, k))
			negFields = append(negFields, f)
		}
	}
	events := func(fields []string) []any {
		out := []any{map[string]any{}, map[string]any{"other": h}}
		for _, f := range fields {
			k, _ := strconv.Atoi(f[1:])
			for _, v := range hostileValues(h, k) {
				out = append(out, nest([]string{f}, v))
			}
		}
		return out
	}
	var out []difftest.Case
	if len(pos) > 0 {
		out = append(out, difftest.Case{Rule: difftest.NewRule(id+".Pos", ir.NewOr(ir.Pos{}, pos...)), Events: events(posFields)})
	}
	if len(neg) > 0 {
		out = append(out, difftest.Case{Rule: difftest.NewRule(id+".Neg", ir.NewAnd(ir.Pos{}, neg...)), Events: events(negFields)})
	}
	return out
}

// hostileKindsFor picks the predicate kinds hostile value i goes through:
// every kind with DIFF_FULL=1; by default a rotating third of them, so each
// kind meets a third of the values and each value four kinds, which keeps
// `go test` quick on engines that pay per event (DuckDB).
func hostileKindsFor(i int) []int {
	var out []int
	for k := range hostileKinds {
		if os.Getenv("DIFF_FULL") != "" || (k+i)%3 == 0 {
			out = append(out, k)
		}
	}
	return out
}

// TestHostileValues sends every hostile value through every checker with
// every string operator, on events holding the value, near misses and the
// value with its specials replaced: each must match exactly what ir.Eval
// matches.
func TestHostileValues(t *testing.T) {
	var cases []difftest.Case
	value := map[string]string{}
	for i, h := range hostileStrings {
		for _, c := range hostileCases(fmt.Sprintf("Diff.Hostile.V%d", i), h, hostileKindsFor(i)) {
			value[c.Rule.ID] = h
			cases = append(cases, c)
		}
	}
	st := runCases(t, cases, func(r *ir.Rule) string { return fmt.Sprintf("hostile value %q", clip(value[r.ID])) })
	t.Logf("%v", st)
}

// TestHostileFields uses every allowed field-name character (and reserved
// words as names) through every checker, as the whole path and as a
// segment of a nested one.
func TestHostileFields(t *testing.T) {
	var cases []difftest.Case
	fieldOf := map[string]string{}
	for i, f := range hostileFields {
		// One field per predicate, as in hostileCases: f itself, f under a
		// plain parent, and a plain child under f.
		paths := []string{f, "p." + f, f + ".c", f + ".d"}
		preds := []ir.Expr{
			hostilePred(paths[0], "'", 0),
			hostilePred(paths[1], `"`, 1),
			&ir.Not{X: &ir.Pred{Field: ir.ParsePath(paths[2]), Op: ir.OpIsNull}, Form: ir.NotIsNotNull},
			hostilePred(paths[3], "*", 6),
		}
		var events []any
		for _, p := range paths {
			for _, v := range []any{"'", "*", "x", nil} {
				events = append(events, nest(ir.ParsePath(p).Segs, v))
			}
		}
		events = append(events, map[string]any{})
		id := fmt.Sprintf("Diff.Hostile.F%d", i)
		fieldOf[id] = f
		cases = append(cases, difftest.Case{Rule: difftest.NewRule(id, ir.NewOr(ir.Pos{}, preds...)), Events: events})
		// Presence on the hostile path itself.
		isNull := &ir.Pred{Field: ir.ParsePath(f), Op: ir.OpIsNull}
		fieldOf[id+".Null"] = f
		cases = append(cases, difftest.Case{Rule: difftest.NewRule(id+".Null", isNull), Events: events})
	}
	st := runCases(t, cases, func(r *ir.Rule) string { return fmt.Sprintf("hostile field %q", fieldOf[r.ID]) })
	t.Logf("%v", st)
}

func clip(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}

// hostileIDs are rule IDs that become file names and, in generated Go,
// identifiers: separators, leading digits, unicode, Go keywords and
// predeclared names, and IDs that collide once punctuation is replaced.
var hostileIDs = []string{
	"AWS.S3-Bucket_Policy", "0Day.Rule", "Ünïcode.Règle", "A.B", "A_B", "A-B", "AB", "A..B",
	"func", "package", "type", "init", "main", "string", "nil", "_", "match", "All", "Rules",
}

// hostileIDRules are one rule per hostile ID, each with a hostile value in
// its condition and metadata.
func hostileIDRules() []*ir.Rule {
	var rules []*ir.Rule
	for i, id := range hostileIDs {
		h := hostileStrings[i%len(hostileStrings)]
		cond := hostilePred(hostileFields[i%len(hostileFields)], h, i%len(hostileKinds))
		r := difftest.NewRule(id, cond)
		r.Title = "Title " + h
		r.Description = "Description */ " + h + " `x` \"y\" 'z'\n// not a comment"
		r.Runbook = "Runbook: " + h
		r.Tags = []string{h, "tag: value"}
		r.References = []string{"https://example.com/?a=" + h}
		r.SummaryAttributes = []string{"a-b", "@timestamp"}
		rules = append(rules, r)
	}
	return rules
}

// TestHostileRuleIDs converts rules with hostile IDs, titles and
// descriptions to every target at once: each target converts them (or
// reports a rule unsupported with its position) into distinct files that
// `rulec convert -o` can write.
func TestHostileRuleIDs(t *testing.T) {
	rules := hostileIDRules()
	for _, conv := range cli.Converters() {
		t.Run(conv.Name, func(t *testing.T) {
			ok := supported(t, conv, rules)
			files, err := conv.Convert(ok)
			if err != nil {
				t.Fatal(err)
			}
			seen := map[string]bool{}
			for _, f := range files {
				if seen[f.Name] {
					t.Errorf("two files named %q", f.Name)
				}
				seen[f.Name] = true
				if f.Name == "" || f.Name != filepath.Base(f.Name) || f.Name == "." || f.Name == ".." || strings.ContainsAny(f.Name, "\x00\n") {
					t.Errorf("file name %q cannot be written into the output directory", f.Name)
				}
			}
			t.Logf("%d of %d rules converted into %d files", len(ok), len(rules), len(files))
		})
	}
}
