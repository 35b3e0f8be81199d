package athena

import (
	"fmt"
	"math"
	"regexp/syntax"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rulec/rulec/ir"
)

// sqlType is the Trino type of an emitted expression. The emitter checks
// types as it composes expressions (see typed), because DuckDB, which runs
// the SQL in tests, accepts comparisons Trino rejects ('403' = 403).
type sqlType uint8

const (
	tBool sqlType = iota
	tVarchar
	tBigint
	tDouble
	tJSON
	tRow
	tArrayRow
	tArrayJSON
)

var typeNames = [...]string{tBool: "boolean", tVarchar: "varchar", tBigint: "bigint", tDouble: "double",
	tJSON: "json", tRow: "row", tArrayRow: "array(row)", tArrayJSON: "array(json)"}

func (t sqlType) String() string { return typeNames[t] }

// expr is an emitted SQL expression with its type. Nullable says whether it
// may be NULL; a boolean that may be NULL is wrapped in COALESCE when it
// sits under a NOT.
type expr struct {
	SQL      string
	Type     sqlType
	Nullable bool
	Level    level // how loosely the top-level operator binds, for parentheses
}

// level orders SQL's boolean operators by how loosely they bind.
type level uint8

const (
	levelAtom level = iota // literals, calls, comparisons, EXISTS
	levelNot
	levelAnd
	levelOr
)

// typeError reports a bug in the emitter: it composed SQL Trino would
// reject. Tests cover every composition, so it never reaches users.
type typeError struct{ msg string }

func (e typeError) Error() string { return "athena: emitter type error: " + e.msg }

func mustType(e expr, want ...sqlType) {
	for _, w := range want {
		if e.Type == w {
			return
		}
	}
	panic(typeError{fmt.Sprintf("%s has type %s, want %v", e.SQL, e.Type, want)})
}

func isNumeric(t sqlType) bool { return t == tBigint || t == tDouble }

// compare builds "a OP b" after checking that Trino can compare the types.
func compare(a expr, op string, b expr) expr {
	comparable := a.Type == b.Type && (a.Type == tVarchar || isNumeric(a.Type) || a.Type == tBool)
	if !comparable && !(isNumeric(a.Type) && isNumeric(b.Type)) {
		panic(typeError{fmt.Sprintf("cannot compare %s (%s) %s %s (%s)", a.SQL, a.Type, op, b.SQL, b.Type)})
	}
	return expr{SQL: a.SQL + " " + op + " " + b.SQL, Type: tBool, Nullable: a.Nullable || b.Nullable}
}

// inList builds "a IN (b1, b2, ...)" with every element of a's type.
func inList(a expr, bs []expr) expr {
	if len(bs) == 1 {
		return compare(a, "=", bs[0])
	}
	var parts []string
	for _, b := range bs {
		if b.Type != a.Type && !(isNumeric(a.Type) && isNumeric(b.Type)) {
			panic(typeError{fmt.Sprintf("IN list element %s (%s) against %s (%s)", b.SQL, b.Type, a.SQL, a.Type)})
		}
		parts = append(parts, b.SQL)
	}
	return expr{SQL: a.SQL + " IN (" + strings.Join(parts, ", ") + ")", Type: tBool, Nullable: a.Nullable}
}

func call(typ sqlType, nullable bool, name string, args ...expr) expr {
	var parts []string
	for _, a := range args {
		parts = append(parts, a.SQL)
		nullable = nullable || a.Nullable
	}
	return expr{SQL: name + "(" + strings.Join(parts, ", ") + ")", Type: typ, Nullable: nullable}
}

// coalesce is NULL only when every argument may be.
func coalesce(args ...expr) expr {
	var parts []string
	nullable := true
	for _, a := range args {
		if a.Type != args[0].Type {
			panic(typeError{fmt.Sprintf("COALESCE of %s and %s", args[0].Type, a.Type)})
		}
		parts = append(parts, a.SQL)
		nullable = nullable && a.Nullable
	}
	return expr{SQL: "COALESCE(" + strings.Join(parts, ", ") + ")", Type: args[0].Type, Nullable: nullable}
}

// like builds "v LIKE pattern"; the pattern escapes with a backslash
// (likeEscape), so ESCAPE '\' is written when it holds one: without the
// clause neither Trino nor DuckDB has an escape character.
func like(v expr, pattern string) expr {
	mustType(v, tVarchar)
	esc := ""
	if strings.Contains(pattern, `\`) {
		esc = ` ESCAPE '\'`
	}
	return expr{SQL: v.SQL + " LIKE " + quote(pattern) + esc, Type: tBool, Nullable: v.Nullable}
}

// lower is Trino's lower: each code point by its simple lowercase mapping.
func lower(v expr) expr {
	mustType(v, tVarchar)
	return call(tVarchar, false, "lower", v)
}

func regexpLike(v expr, pattern string) expr {
	mustType(v, tVarchar)
	return call(tBool, false, "regexp_like", v, varcharLit(pattern))
}

func and(xs ...expr) expr { return junction(" AND ", levelAnd, xs) }
func or(xs ...expr) expr  { return junction(" OR ", levelOr, xs) }

// junction joins operands, parenthesizing an operand that binds more
// loosely than op, and an AND inside an OR, for the reader.
func junction(op string, lv level, xs []expr) expr {
	if len(xs) == 1 {
		return xs[0]
	}
	var parts []string
	nullable := false
	for _, x := range xs {
		mustType(x, tBool)
		s := x.SQL
		if x.Level > lv || (lv == levelOr && x.Level == levelAnd) {
			s = "(" + s + ")"
		}
		parts = append(parts, s)
		nullable = nullable || x.Nullable
	}
	return expr{SQL: strings.Join(parts, op), Type: tBool, Nullable: nullable, Level: lv}
}

// paren wraps s in parentheses unless it is one atom.
func paren(s string) string {
	depth := 0
	inStr := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case inStr:
			if c == '\'' {
				inStr = false
			}
		case c == '\'':
			inStr = true
		case c == '(':
			depth++
		case c == ')':
			depth--
		case c == ' ' && depth == 0:
			return "(" + s + ")"
		}
	}
	return s
}

// notNull makes a boolean two-valued: NULL becomes FALSE.
func notNull(x expr) expr {
	mustType(x, tBool)
	if !x.Nullable {
		return x
	}
	return expr{SQL: "COALESCE(" + x.SQL + ", false)", Type: tBool}
}

func not(x expr) expr {
	x = notNull(x)
	return expr{SQL: "NOT " + paren(x.SQL), Type: tBool, Level: levelNot}
}

var (
	sqlTrue  = expr{SQL: "TRUE", Type: tBool}
	sqlFalse = expr{SQL: "FALSE", Type: tBool}
)

func varcharLit(s string) expr { return expr{SQL: quote(s), Type: tVarchar} }

// quote writes a Trino string literal: ' doubled, everything else as is
// (Trino string literals have no backslash escapes).
func quote(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// quoteIdent writes a double-quoted identifier, " doubled.
func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// reservedWords are Trino's reserved keywords (from its documentation's
// list), plus timestamp, the partition column AWS's examples always quote:
// an identifier spelled like one must be double-quoted.
var reservedWords = func() map[string]bool {
	m := map[string]bool{"timestamp": true}
	for _, w := range strings.Fields(`alter and as between by case cast constraint create cross cube
		current_catalog current_date current_path current_role current_schema current_time
		current_timestamp current_user deallocate delete describe distinct drop else end escape
		except execute exists extract false for from full group grouping having in inner insert
		intersect into is join json_array json_exists json_object json_query json_table json_value
		left like listagg localtime localtimestamp natural normalize not null on or order outer
		prepare recursive right rollup select skip table then trim true uescape union unnest using
		values when where with`) {
		m[w] = true
	}
	return m
}()

func ident(s string) string {
	if reservedWords[s] || !plainIdent(s) {
		return quoteIdent(s)
	}
	return s
}

func plainIdent(s string) bool {
	for i, r := range s {
		if !(r == '_' || r >= 'a' && r <= 'z' || i > 0 && r >= '0' && r <= '9') {
			return false
		}
	}
	return s != ""
}

// checkText rejects strings a query cannot carry: invalid UTF-8, and NUL,
// which neither Trino's literals nor DuckDB's C API pass through.
func checkText(s string) error {
	if !utf8.ValidString(s) {
		return fmt.Errorf("invalid UTF-8 in a literal")
	}
	if strings.ContainsRune(s, 0) {
		return fmt.Errorf("a NUL character in a literal")
	}
	return nil
}

// likeEscape escapes LIKE's wildcards and the escape character itself.
func likeEscape(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return r.Replace(s)
}

// doubleLit writes a DOUBLE literal Trino and DuckDB both read exactly.
func doubleLit(f float64) (expr, error) {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return expr{}, fmt.Errorf("a number literal out of DOUBLE range")
	}
	if f == math.Trunc(f) && math.Abs(f) < 1<<53 {
		// A whole number reads best as an integer literal; both engines
		// coerce it to DOUBLE exactly (every integer below 2^53 is one).
		return expr{SQL: strconv.FormatInt(int64(f), 10), Type: tDouble}, nil
	}
	s := strconv.FormatFloat(f, 'E', -1, 64)
	return expr{SQL: s, Type: tDouble}, nil
}

// decimalRegexp is ir.DecimalPattern for regexp_like, which finds the
// pattern anywhere: it is anchored with \A and \z, which mean the same in
// Trino's Java-style regexes and in RE2.
var decimalRegexp = `\A[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?\z`

// portableRegexp rewrites an RE2 pattern into a form that Trino (Java
// syntax, joni) and RE2 read with the same meaning: no flags (case folding
// is spelled out as classes), \A and \z anchors, "." as [^\n], and every
// punctuation character escaped.
func portableRegexp(src string) (string, error) {
	re, err := syntax.Parse(src, syntax.Perl)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	if err := writeRegexp(&b, re); err != nil {
		return "", err
	}
	return b.String(), nil
}

func writeRegexp(b *strings.Builder, re *syntax.Regexp) error {
	switch re.Op {
	case syntax.OpNoMatch:
		b.WriteString(`[^\x00-` + string(rune(unicode.MaxRune)) + `]`)
	case syntax.OpEmptyMatch:
		b.WriteString(`(?:)`)
	case syntax.OpLiteral:
		for _, r := range re.Rune {
			if re.Flags&syntax.FoldCase != 0 {
				writeFold(b, r)
			} else {
				b.WriteString(regexRune(r))
			}
		}
	case syntax.OpCharClass:
		if len(re.Rune) == 0 {
			b.WriteString(`[^\x00-` + string(rune(unicode.MaxRune)) + `]`)
			return nil
		}
		b.WriteByte('[')
		for i := 0; i+1 < len(re.Rune); i += 2 {
			lo, hi := re.Rune[i], re.Rune[i+1]
			b.WriteString(regexRune(lo))
			if hi != lo {
				b.WriteByte('-')
				b.WriteString(regexRune(hi))
			}
		}
		b.WriteByte(']')
	case syntax.OpAnyCharNotNL:
		b.WriteString(`[^\n]`)
	case syntax.OpAnyChar:
		b.WriteString(`(?s:.)`)
	case syntax.OpBeginText:
		b.WriteString(`\A`)
	case syntax.OpEndText:
		b.WriteString(`\z`)
	case syntax.OpBeginLine, syntax.OpEndLine:
		return fmt.Errorf("multi-line anchors ((?m)^ and $)")
	case syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return fmt.Errorf(`word boundaries (\b, \B), which Java regexes define differently`)
	case syntax.OpCapture:
		b.WriteByte('(')
		if err := writeRegexp(b, re.Sub[0]); err != nil {
			return err
		}
		b.WriteByte(')')
	case syntax.OpStar, syntax.OpPlus, syntax.OpQuest, syntax.OpRepeat:
		if err := writeAtom(b, re.Sub[0]); err != nil {
			return err
		}
		switch re.Op {
		case syntax.OpStar:
			b.WriteByte('*')
		case syntax.OpPlus:
			b.WriteByte('+')
		case syntax.OpQuest:
			b.WriteByte('?')
		case syntax.OpRepeat:
			if re.Max == -1 {
				fmt.Fprintf(b, "{%d,}", re.Min)
			} else if re.Max == re.Min {
				fmt.Fprintf(b, "{%d}", re.Min)
			} else {
				fmt.Fprintf(b, "{%d,%d}", re.Min, re.Max)
			}
		}
		if re.Flags&syntax.NonGreedy != 0 {
			b.WriteByte('?')
		}
	case syntax.OpConcat:
		for _, s := range re.Sub {
			if s.Op == syntax.OpAlternate {
				b.WriteString("(?:")
				if err := writeRegexp(b, s); err != nil {
					return err
				}
				b.WriteByte(')')
				continue
			}
			if err := writeRegexp(b, s); err != nil {
				return err
			}
		}
	case syntax.OpAlternate:
		for i, s := range re.Sub {
			if i > 0 {
				b.WriteByte('|')
			}
			if err := writeRegexp(b, s); err != nil {
				return err
			}
		}
	default:
		return fmt.Errorf("regular-expression construct %v", re.Op)
	}
	return nil
}

// writeAtom writes re so that a following quantifier applies to all of it.
func writeAtom(b *strings.Builder, re *syntax.Regexp) error {
	single := false
	switch re.Op {
	case syntax.OpLiteral:
		single = len(re.Rune) == 1
	case syntax.OpCharClass, syntax.OpAnyChar, syntax.OpAnyCharNotNL, syntax.OpCapture:
		single = true
	}
	if single {
		return writeRegexp(b, re)
	}
	b.WriteString("(?:")
	if err := writeRegexp(b, re); err != nil {
		return err
	}
	b.WriteByte(')')
	return nil
}

// writeFold writes a case-insensitive rune as the class of its case orbit,
// so neither engine's own folding rules matter.
func writeFold(b *strings.Builder, r rune) {
	orbit := []rune{r}
	for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
		orbit = append(orbit, f)
	}
	if len(orbit) == 1 {
		b.WriteString(regexRune(r))
		return
	}
	b.WriteByte('[')
	for _, o := range orbit {
		b.WriteString(regexRune(o))
	}
	b.WriteByte(']')
}

// regexRune writes one rune as a literal: ASCII punctuation escaped with a
// backslash, control characters as \xhh, everything else as itself.
func regexRune(r rune) string {
	switch {
	case r < 0x20 || r == 0x7f:
		return fmt.Sprintf(`\x%02x`, r)
	case r < 0x80 && !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == ' '):
		return `\` + string(r)
	}
	return string(r)
}

// globRegexp turns a glob into an anchored portable regular expression.
func globRegexp(g *ir.Glob) string {
	var b strings.Builder
	b.WriteString(`\A`)
	for _, p := range g.Parts {
		switch p.Kind {
		case ir.PartLit:
			for _, r := range p.Text {
				b.WriteString(regexRune(r))
			}
		case ir.PartAnyRun:
			b.WriteString(`(?s:.)*`)
		case ir.PartAnyOne:
			b.WriteString(`(?s:.)`)
		case ir.PartClass:
			b.WriteByte('[')
			if p.Negated {
				b.WriteByte('^')
			}
			for _, rg := range p.Ranges {
				b.WriteString(regexRune(rg.Lo))
				if rg.Hi != rg.Lo {
					b.WriteByte('-')
					b.WriteString(regexRune(rg.Hi))
				}
			}
			b.WriteByte(']')
		}
	}
	b.WriteString(`\z`)
	return b.String()
}

// globLike returns the LIKE pattern of a glob whose only wildcard is "*".
func globLike(g *ir.Glob) string {
	var b strings.Builder
	for _, p := range g.Parts {
		switch p.Kind {
		case ir.PartLit:
			b.WriteString(likeEscape(p.Text))
		case ir.PartAnyRun:
			b.WriteByte('%')
		}
	}
	return b.String()
}
