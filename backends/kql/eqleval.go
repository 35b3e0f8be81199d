package kql

import (
	"fmt"
	"net/netip"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/rulec/rulec/backends"
	"github.com/rulec/rulec/ir"
	"github.com/rulec/rulec/schema"
)

// EQLNode is a parsed EQL condition (the subset CompileEQL emits).
type EQLNode interface{ eqlNode() }

type eqlOr struct{ xs []EQLNode }
type eqlAnd struct{ xs []EQLNode }
type eqlNot struct{ x EQLNode }

// eqlCmp is field OP value, field in (...), field like/regex (...),
// cidrMatch(field, ...).
type eqlCmp struct {
	field string
	op    string // == != < <= > >= in like regex cidr
	vals  []eqlValue
	res   []*regexp.Regexp // regex: compiled from the Lucene syntax
}

func (*eqlOr) eqlNode()  {}
func (*eqlAnd) eqlNode() {}
func (*eqlNot) eqlNode() {}
func (*eqlCmp) eqlNode() {}

type eqlValue struct {
	kind byte // 's' string, 'n' number, 'b' bool, '0' null
	s    string
	n    float64
	b    bool
}

// ParseEQL reads "any where COND" in the subset CompileEQL emits: and, or,
// not, parentheses, ==, !=, <, <=, >, >=, in, like, regex and cidrMatch.
func ParseEQL(src string) (EQLNode, error) {
	toks, err := eqlLex(src)
	if err != nil {
		return nil, err
	}
	p := &eqlParser{toks: toks}
	if !p.word("any") || !p.word("where") {
		return nil, fmt.Errorf("eql: expected \"any where\"")
	}
	n, err := p.or()
	if err != nil {
		return nil, err
	}
	if p.i != len(p.toks) {
		return nil, fmt.Errorf("eql: unexpected %q", p.toks[p.i].text)
	}
	return n, nil
}

type eqlTok struct {
	kind byte // 'w' word, 'f' backquoted field, 's' string, 'n' number, 'p' punctuation/operator
	text string
}

func eqlLex(src string) ([]eqlTok, error) {
	var out []eqlTok
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c == '"':
			s, n, err := eqlUnquote(src[i:])
			if err != nil {
				return nil, err
			}
			out = append(out, eqlTok{'s', s})
			i += n
		case c == '`':
			var b strings.Builder
			j := i + 1
			for {
				if j >= len(src) {
					return nil, fmt.Errorf("eql: unterminated `")
				}
				if src[j] == '`' {
					if j+1 < len(src) && src[j+1] == '`' {
						b.WriteByte('`')
						j += 2
						continue
					}
					break
				}
				b.WriteByte(src[j])
				j++
			}
			out = append(out, eqlTok{'f', b.String()})
			i = j + 1
		case strings.HasPrefix(src[i:], "==") || strings.HasPrefix(src[i:], "!=") || strings.HasPrefix(src[i:], "<=") || strings.HasPrefix(src[i:], ">="):
			out = append(out, eqlTok{'p', src[i : i+2]})
			i += 2
		case strings.ContainsRune("()<>,:", rune(c)):
			out = append(out, eqlTok{'p', src[i : i+1]})
			i++
		case c == '-' || c >= '0' && c <= '9':
			j := i + 1
			for j < len(src) && strings.IndexByte("0123456789.eE+-", src[j]) >= 0 {
				j++
			}
			out = append(out, eqlTok{'n', src[i:j]})
			i = j
		default:
			j := i
			for j < len(src) {
				r, n := utf8.DecodeRuneInString(src[j:])
				if !(r == '_' || r == '@' || r == '.' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
					break
				}
				j += n
			}
			if j == i {
				return nil, fmt.Errorf("eql: unexpected %q", src[i:i+1])
			}
			if w := src[i:j]; j < len(src) && src[j] == '~' && (w == "like" || w == "in" || w == "regex") {
				j++ // the case-insensitive forms like~, in~, regex~
			}
			out = append(out, eqlTok{'w', src[i:j]})
			i = j
		}
	}
	return out, nil
}

// eqlUnquote reads a double-quoted EQL string with its escapes.
func eqlUnquote(s string) (string, int, error) {
	var b strings.Builder
	for i := 1; i < len(s); {
		c := s[i]
		if c == '"' {
			return b.String(), i + 1, nil
		}
		if c != '\\' {
			r, n := utf8.DecodeRuneInString(s[i:])
			b.WriteRune(r)
			i += n
			continue
		}
		if i+1 >= len(s) {
			break
		}
		switch s[i+1] {
		case '\\', '"', '\'':
			b.WriteByte(s[i+1])
			i += 2
		case 'n':
			b.WriteByte('\n')
			i += 2
		case 'r':
			b.WriteByte('\r')
			i += 2
		case 't':
			b.WriteByte('\t')
			i += 2
		case 'u':
			end := strings.IndexByte(s[i:], '}')
			if i+2 >= len(s) || s[i+2] != '{' || end < 0 {
				return "", 0, fmt.Errorf("eql: bad \\u escape")
			}
			v, err := strconv.ParseUint(s[i+3:i+end], 16, 32)
			if err != nil {
				return "", 0, fmt.Errorf("eql: bad \\u escape")
			}
			b.WriteRune(rune(v))
			i += end + 1
		default:
			return "", 0, fmt.Errorf("eql: unknown escape \\%c", s[i+1])
		}
	}
	return "", 0, fmt.Errorf("eql: unterminated string")
}

type eqlParser struct {
	toks []eqlTok
	i    int
}

func (p *eqlParser) peek() (eqlTok, bool) {
	if p.i < len(p.toks) {
		return p.toks[p.i], true
	}
	return eqlTok{}, false
}

func (p *eqlParser) word(w string) bool {
	if t, ok := p.peek(); ok && t.kind == 'w' && strings.EqualFold(t.text, w) {
		p.i++
		return true
	}
	return false
}

func (p *eqlParser) punct(s string) bool {
	if t, ok := p.peek(); ok && t.kind == 'p' && t.text == s {
		p.i++
		return true
	}
	return false
}

func (p *eqlParser) or() (EQLNode, error) {
	var xs []EQLNode
	for {
		n, err := p.and()
		if err != nil {
			return nil, err
		}
		xs = append(xs, n)
		if !p.word("or") {
			break
		}
	}
	if len(xs) == 1 {
		return xs[0], nil
	}
	return &eqlOr{xs}, nil
}

func (p *eqlParser) and() (EQLNode, error) {
	var xs []EQLNode
	for {
		n, err := p.not()
		if err != nil {
			return nil, err
		}
		xs = append(xs, n)
		if !p.word("and") {
			break
		}
	}
	if len(xs) == 1 {
		return xs[0], nil
	}
	return &eqlAnd{xs}, nil
}

func (p *eqlParser) not() (EQLNode, error) {
	if p.word("not") {
		n, err := p.not()
		if err != nil {
			return nil, err
		}
		return &eqlNot{n}, nil
	}
	if p.punct("(") {
		n, err := p.or()
		if err != nil {
			return nil, err
		}
		if !p.punct(")") {
			return nil, fmt.Errorf("eql: missing )")
		}
		return n, nil
	}
	return p.cmp()
}

func (p *eqlParser) fieldTok() (string, error) {
	t, ok := p.peek()
	if !ok || (t.kind != 'w' && t.kind != 'f') {
		return "", fmt.Errorf("eql: expected a field")
	}
	p.i++
	return t.text, nil
}

func (p *eqlParser) value() (eqlValue, error) {
	t, ok := p.peek()
	if !ok {
		return eqlValue{}, fmt.Errorf("eql: expected a value")
	}
	p.i++
	switch {
	case t.kind == 's':
		return eqlValue{kind: 's', s: t.text}, nil
	case t.kind == 'n':
		f, err := strconv.ParseFloat(t.text, 64)
		if err != nil {
			return eqlValue{}, fmt.Errorf("eql: bad number %q", t.text)
		}
		return eqlValue{kind: 'n', n: f, s: t.text}, nil
	case t.kind == 'w' && t.text == "true":
		return eqlValue{kind: 'b', b: true}, nil
	case t.kind == 'w' && t.text == "false":
		return eqlValue{kind: 'b', b: false}, nil
	case t.kind == 'w' && t.text == "null":
		return eqlValue{kind: '0'}, nil
	}
	return eqlValue{}, fmt.Errorf("eql: unexpected %q", t.text)
}

func (p *eqlParser) list() ([]eqlValue, error) {
	if !p.punct("(") {
		v, err := p.value()
		return []eqlValue{v}, err
	}
	var out []eqlValue
	for {
		v, err := p.value()
		if err != nil {
			return nil, err
		}
		out = append(out, v)
		if p.punct(")") {
			return out, nil
		}
		if !p.punct(",") {
			return nil, fmt.Errorf("eql: expected , or )")
		}
	}
}

func (p *eqlParser) cmp() (EQLNode, error) {
	if t, ok := p.peek(); ok && t.kind == 'w' && t.text == "cidrMatch" {
		p.i++
		if !p.punct("(") {
			return nil, fmt.Errorf("eql: expected ( after cidrMatch")
		}
		f, err := p.fieldTok()
		if err != nil {
			return nil, err
		}
		c := &eqlCmp{field: f, op: "cidr"}
		for p.punct(",") {
			v, err := p.value()
			if err != nil {
				return nil, err
			}
			c.vals = append(c.vals, v)
		}
		if !p.punct(")") {
			return nil, fmt.Errorf("eql: missing ) after cidrMatch")
		}
		return c, nil
	}
	f, err := p.fieldTok()
	if err != nil {
		return nil, err
	}
	c := &eqlCmp{field: f}
	t, ok := p.peek()
	if !ok {
		return nil, fmt.Errorf("eql: expected an operator after %s", f)
	}
	switch {
	case t.kind == 'p' && strings.Contains("== != < <= > >=", t.text):
		p.i++
		c.op = t.text
		v, err := p.value()
		if err != nil {
			return nil, err
		}
		c.vals = []eqlValue{v}
	case t.kind == 'p' && t.text == ":":
		p.i++
		c.op = ":"
		if c.vals, err = p.list(); err != nil {
			return nil, err
		}
	case t.kind == 'w' && (t.text == "in" || t.text == "like" || t.text == "regex" || t.text == "in~" || t.text == "like~"):
		p.i++
		c.op = t.text
		if c.vals, err = p.list(); err != nil {
			return nil, err
		}
		if c.op == "regex" {
			for _, v := range c.vals {
				re, err := luceneToRE2(v.s)
				if err != nil {
					return nil, err
				}
				c.res = append(c.res, re)
			}
		}
	default:
		return nil, fmt.Errorf("eql: unexpected %q after %s", t.text, f)
	}
	return c, nil
}

// luceneToRE2 reads a Lucene regexp (Elasticsearch's regexp query syntax:
// the whole value must match; . is any character, newline included; \ makes
// the next character literal; classes, groups, |, * + ? {n,m}) and compiles
// an equivalent Go regexp. The optional operators (# @ & < > ~) are
// rejected: the emitter escapes them.
func luceneToRE2(src string) (*regexp.Regexp, error) {
	var b strings.Builder
	b.WriteString(`(?s)^(?:`)
	rs := []rune(src)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch r {
		case '\\':
			if i+1 >= len(rs) {
				return nil, fmt.Errorf("eql: regexp ends with \\")
			}
			i++
			b.WriteString(regexp.QuoteMeta(string(rs[i])))
		case '.', '*', '+', '?', '|', '(', ')':
			b.WriteRune(r)
		case '{':
			j := i + 1
			for j < len(rs) && rs[j] != '}' {
				j++
			}
			if j >= len(rs) {
				return nil, fmt.Errorf("eql: unterminated {")
			}
			b.WriteString(string(rs[i : j+1]))
			i = j
		case '[':
			j := i + 1
			b.WriteByte('[')
			if j < len(rs) && rs[j] == '^' {
				b.WriteByte('^')
				j++
			}
			for ; j < len(rs) && rs[j] != ']'; j++ {
				c := rs[j]
				if c == '\\' && j+1 < len(rs) {
					j++
					c = rs[j]
					fmt.Fprintf(&b, `\x{%X}`, c)
					continue
				}
				if c == '-' {
					b.WriteByte('-')
					continue
				}
				fmt.Fprintf(&b, `\x{%X}`, c)
			}
			if j >= len(rs) {
				return nil, fmt.Errorf("eql: unterminated [")
			}
			b.WriteByte(']')
			i = j
		case '"', '#', '@', '&', '<', '>', '~', ']', '}':
			return nil, fmt.Errorf("eql: Lucene operator %q is not in the emitted subset", r)
		default:
			b.WriteString(regexp.QuoteMeta(string(r)))
		}
	}
	b.WriteString(`)$`)
	return regexp.Compile(b.String())
}

// EvalEQL evaluates a parsed EQL condition on an indexed document, with the
// Query DSL semantics its comparisons translate to.
func EvalEQL(n EQLNode, d *Document, m Mapping) (bool, error) {
	if d.Rejected != "" {
		return false, nil
	}
	switch x := n.(type) {
	case *eqlOr:
		for _, c := range x.xs {
			ok, err := EvalEQL(c, d, m)
			if err != nil || ok {
				return ok, err
			}
		}
		return false, nil
	case *eqlAnd:
		for _, c := range x.xs {
			ok, err := EvalEQL(c, d, m)
			if err != nil || !ok {
				return ok, err
			}
		}
		return true, nil
	case *eqlNot:
		ok, err := EvalEQL(x.x, d, m)
		return !ok, err
	case *eqlCmp:
		return evalEQLCmp(x, d, m)
	}
	return false, fmt.Errorf("eql: unknown node %T", n)
}

func evalEQLCmp(c *eqlCmp, d *Document, m Mapping) (bool, error) {
	t := fieldType(c.field, d, m)
	vals := d.fields[c.field]
	if (c.op == "==" || c.op == "!=") && c.vals[0].kind == '0' {
		// field == null is "missing"; field != null an exists query.
		exists := len(vals) > 0
		return exists == (c.op == "!="), nil
	}
	switch c.op {
	case "==", "in":
		for _, v := range c.vals {
			ok, err := matchValue(t, vals, eqlLiteral(v))
			if err != nil || ok {
				return ok, err
			}
		}
		return false, nil
	case "!=":
		ok, err := matchValue(t, vals, eqlLiteral(c.vals[0]))
		return !ok, err
	case "<", "<=", ">", ">=":
		op := map[string]string{"<": "lt", "<=": "lte", ">": "gt", ">=": "gte"}[c.op]
		return evalRange(&Range{Field: Literal{Kind: LitString, Text: c.field}, Op: op, Value: eqlLiteral(c.vals[0])}, d, m)
	case "like":
		if t != Keyword {
			return false, fmt.Errorf("eql: like on a %s field", t)
		}
		for _, v := range c.vals {
			for _, val := range vals {
				if likeMatch(v.s, val.str) {
					return true, nil
				}
			}
		}
		return false, nil
	case ":", "in~", "like~":
		// Case-insensitive term and wildcard queries (fold.go): ":" reads
		// * and ? as wildcards, in~ never, like~ always.
		if t != Keyword {
			return false, fmt.Errorf("eql: %s on a %s field", c.op, t)
		}
		for _, v := range c.vals {
			if v.kind != 's' {
				return false, fmt.Errorf("eql: %s takes strings", c.op)
			}
			wild := c.op == "like~" || c.op == ":" && strings.ContainsAny(v.s, "*?")
			for _, val := range vals {
				if esFoldMatch(v.s, val.str, wild) {
					return true, nil
				}
			}
		}
		return false, nil
	case "regex":
		if t != Keyword {
			return false, fmt.Errorf("eql: regex on a %s field", t)
		}
		for _, re := range c.res {
			for _, val := range vals {
				if re.MatchString(val.str) {
					return true, nil
				}
			}
		}
		return false, nil
	case "cidr":
		if t != IP {
			return false, fmt.Errorf("eql: cidrMatch on a %s field", t)
		}
		for _, v := range c.vals {
			if _, err := netip.ParsePrefix(v.s); err != nil {
				return false, fmt.Errorf("eql: %q is not a network", v.s)
			}
			ok, err := matchValue(IP, vals, Literal{Kind: LitString, Text: v.s})
			if err != nil || ok {
				return ok, err
			}
		}
		return false, nil
	}
	return false, fmt.Errorf("eql: operator %s", c.op)
}

func eqlLiteral(v eqlValue) Literal {
	switch v.kind {
	case 'b':
		if v.b {
			return Literal{Kind: LitTrue}
		}
		return Literal{Kind: LitFalse}
	}
	return Literal{Kind: LitString, Text: v.s}
}

// esFoldMatch matches s against pattern with Elasticsearch's
// case_insensitive folding (ASCII case swapping per code point), as a
// wildcard pattern (* any run, ? one character) when wild is set.
func esFoldMatch(pattern, s string, wild bool) bool {
	p, str := []rune(pattern), []rune(s)
	if !wild {
		if len(p) != len(str) {
			return false
		}
		for i := range p {
			if !esFoldEqual(p[i], str[i]) {
				return false
			}
		}
		return true
	}
	return runeGlob(p, str, esFoldEqual)
}

// likeMatch is EQL's case-sensitive like: * any run, ? one character.
func likeMatch(pattern, s string) bool {
	return runeGlob([]rune(pattern), []rune(s), func(a, b rune) bool { return a == b })
}

// runeGlob matches str against p (* any run, ? one character) with eq
// comparing a pattern rune with a value rune.
func runeGlob(p, str []rune, eq func(pat, val rune) bool) bool {
	// Iterative matching with backtracking to the last star: linear in
	// practice, never exponential.
	i, j, star, mark := 0, 0, -1, 0
	for j < len(str) {
		switch {
		case i < len(p) && p[i] == '*':
			star, mark = i, j
			i++
		case i < len(p) && (p[i] == '?' || eq(p[i], str[j])):
			i++
			j++
		case star >= 0:
			i = star + 1
			mark++
			j = mark
		default:
			return false
		}
	}
	for i < len(p) && p[i] == '*' {
		i++
	}
	return i == len(p)
}

// EQLChecker is the `eql` result of `rulec test`: the rule's EQL form (what
// --format kibana-ndjson emits when KQL cannot express the rule), parsed
// back and evaluated on every log indexed under the raw mapping.
type EQLChecker struct {
	Schemas *schema.Registry // the raw profile's log types (nil: the shipped registry)
}

// Name is "eql".
func (EQLChecker) Name() string { return "eql" }

// Compile emits and parses back the rule's EQL form.
func (c EQLChecker) Compile(r *ir.Rule) (backends.Program, error) {
	m := RuleMapping(r, Raw)
	m.Schemas = c.Schemas
	q, err := CompileEQL(r, m)
	if err != nil {
		return nil, err
	}
	n, err := ParseEQL(q)
	if err != nil {
		return nil, fmt.Errorf("eql: rule %s: the emitted query does not parse (%v): %s", r.ID, err, q)
	}
	return &eqlProgram{query: n, m: m, rule: r}, nil
}

type eqlProgram struct {
	query EQLNode
	m     Mapping
	rule  *ir.Rule
}

func (p *eqlProgram) Eval(logs []any) ([]bool, error) {
	out := make([]bool, len(logs))
	for i, l := range logs {
		d := Index(l, p.m)
		if err := misfit(p.rule, "eql (raw)", p.m, l, d); err != nil {
			return nil, err
		}
		ok, err := EvalEQL(p.query, d, p.m)
		if err != nil {
			return nil, err
		}
		out[i] = ok
	}
	return out, nil
}
