package difftest_test

import (
	"fmt"
	"path/filepath"
	"regexp"
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
var hostileFields = []string{
	"a-b", "@timestamp", "$k", "k:v", "0lead", "9", "_", "-", "@", "$", ":", "--",
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

func hostilePreds(field, h string) []ir.Expr {
	path := ir.ParsePath(field)
	mk := func(op ir.Op, args ...ir.Value) *ir.Pred {
		p := &ir.Pred{Field: path, Op: op, Args: args}
		if err := difftest.Prepare(p); err != nil {
			panic(fmt.Sprintf("%v %q: %v", op, h, err))
		}
		return p
	}
	s := ir.String(h)
	return []ir.Expr{
		mk(ir.OpEq, s),
		&ir.Not{X: mk(ir.OpEq, s), Form: ir.NotNe},
		mk(ir.OpIn, s, ir.String("x"), ir.String(defang(h))),
		mk(ir.OpContains, s),
		mk(ir.OpStartsWith, s),
		mk(ir.OpEndsWith, s),
		&ir.Not{X: mk(ir.OpContains, s), Form: ir.NotInfix},
		mk(ir.OpWildcard, ir.String(globLiteral(h))),
		mk(ir.OpWildcard, ir.String("*"+globLiteral(h)+"?")),
		mk(ir.OpRegex, ir.String(regexp.QuoteMeta(h))),
		mk(ir.OpRegex, ir.String("^"+regexp.QuoteMeta(h)+"$")),
	}
}

func hostileEvents(field, h string) []any {
	path := ir.ParsePath(field).Segs
	at := func(v any) any {
		for i := len(path) - 1; i >= 0; i-- {
			v = map[string]any{path[i]: v}
		}
		return v
	}
	return []any{
		at(h), at("x" + h), at(h + "x"), at("x" + h + "xx"), at(defang(h)), at(strings.ToUpper(h)),
		at(""), at(nil), at([]any{"x", h}), map[string]any{}, map[string]any{"other": h},
	}
}

// TestHostileValues sends every hostile value through every checker with
// every string operator, on events holding the value, near misses and the
// value with its specials replaced: each must match exactly what ir.Eval
// matches.
func TestHostileValues(t *testing.T) {
	checkers := allCheckers()
	var st difftest.Stats
	i := 0
	for _, h := range hostileStrings {
		events := hostileEvents("f", h)
		for _, cond := range hostilePreds("f", h) {
			i++
			r := difftest.NewRule(fmt.Sprintf("Diff.Hostile.V%d", i), cond)
			for _, d := range difftest.Run(checkers, r, events, &st) {
				report(t, checkers, d, fmt.Sprintf("hostile value %q", clip(h)))
			}
		}
	}
	t.Logf("%v", st)
}

// TestHostileFields uses every allowed field-name character (and reserved
// words as names) through every checker.
func TestHostileFields(t *testing.T) {
	checkers := allCheckers()
	var st difftest.Stats
	i := 0
	for _, f := range hostileFields {
		for _, h := range []string{"v", "'", `"`, "*"} {
			events := hostileEvents(f, h)
			conds := hostilePreds(f, h)[:4]
			conds = append(conds, &ir.Pred{Field: ir.ParsePath(f), Op: ir.OpIsNull},
				&ir.Not{X: &ir.Pred{Field: ir.ParsePath(f), Op: ir.OpIsNull}, Form: ir.NotIsNotNull})
			for _, cond := range conds {
				i++
				r := difftest.NewRule(fmt.Sprintf("Diff.Hostile.F%d", i), cond)
				for _, d := range difftest.Run(checkers, r, events, &st) {
					report(t, checkers, d, fmt.Sprintf("hostile field %q", f))
				}
			}
		}
	}
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
		cond := hostilePreds(hostileFields[i%len(hostileFields)], h)[i%4]
		r := difftest.NewRule(id, cond, "AWS.CloudTrail")
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
