package kql

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Node is a parsed KQL query, shaped like Kibana's KQL AST after its
// grammar's actions ran: field-scoped value lists are already expanded into
// and/or/not of single-value matches, as Kibana does before building the
// Elasticsearch query.
type Node interface{ kqlNode() }

// OrNode holds when some operand does.
type OrNode struct{ Xs []Node }

// AndNode holds when every operand does.
type AndNode struct{ Xs []Node }

// NotNode holds when X does not (a bool must_not: documents without the
// field are kept).
type NotNode struct{ X Node }

// Is is Kibana's "is" function: field: value.
type Is struct {
	Field Literal
	Value Literal
	Off   int // byte offset of the field in the query
}

// Nested is Kibana's nested query path:{ query }: some nested document at
// Path (one element of an array of objects mapped nested) matches X, whose
// field names are relative to Path.
type Nested struct {
	Path Literal
	X    Node
	Off  int
}

// Range is field > value, >=, <, <=.
type Range struct {
	Field Literal
	Op    string // gt, gte, lt, lte
	Value Literal
	Off   int
}

func (*OrNode) kqlNode()  {}
func (*AndNode) kqlNode() {}
func (*NotNode) kqlNode() {}
func (*Is) kqlNode()      {}
func (*Range) kqlNode()   {}
func (*Nested) kqlNode()  {}

// LitKind says what an unquoted or quoted literal became.
type LitKind uint8

const (
	LitString   LitKind = iota // a string (quoted, or unquoted without wildcard)
	LitWildcard                // an unquoted value with at least one unescaped *
	LitTrue                    // the bare word true
	LitFalse                   // the bare word false
	LitNull                    // the bare word null
)

// Literal is a value or field name.
type Literal struct {
	Kind   LitKind
	Quoted bool
	Text   string   // LitString: the value
	Parts  []string // LitWildcard: the literal pieces between wildcards (len = wildcards+1)
}

// IsLoneWildcard reports whether the literal is a single * (an exists query).
func (l Literal) IsLoneWildcard() bool {
	return l.Kind == LitWildcard && len(l.Parts) == 2 && l.Parts[0] == "" && l.Parts[1] == ""
}

// wildcardSymbol is the marker Kibana's grammar puts in place of an
// unescaped *; literal text that spells it is split the same way.
const wildcardSymbol = "@kuery-wildcard@"

// SyntaxError is a KQL parse error at a byte offset.
type SyntaxError struct {
	Off int
	Msg string
}

func (e *SyntaxError) Error() string { return fmt.Sprintf("offset %d: %s", e.Off, e.Msg) }

// Parse reads a KQL query with Kibana's grammar (kbn-es-query
// grammar.peggy).
func Parse(src string) (Node, error) {
	p := &parser{src: src}
	p.spaces()
	if p.eof() {
		return nil, &SyntaxError{0, "empty query"}
	}
	n, err := p.or()
	if err != nil {
		return nil, err
	}
	p.spaces()
	if !p.eof() {
		return nil, p.errf("unexpected %q", p.rest(10))
	}
	return n, nil
}

type parser struct {
	src string
	i   int
}

func (p *parser) eof() bool { return p.i >= len(p.src) }

func (p *parser) rest(n int) string {
	r := p.src[p.i:]
	if len(r) > n {
		r = r[:n]
	}
	return r
}

func (p *parser) errf(format string, args ...any) error {
	return &SyntaxError{p.i, fmt.Sprintf(format, args...)}
}

func isSpaceRune(r rune) bool {
	return r == ' ' || r == '\t' || r == '\r' || r == '\n' || r == '\u00a0'
}

func (p *parser) peekRune(at int) (rune, int) {
	if at >= len(p.src) {
		return -1, 0
	}
	return utf8.DecodeRuneInString(p.src[at:])
}

func (p *parser) spaces() {
	for {
		r, n := p.peekRune(p.i)
		if n == 0 || !isSpaceRune(r) {
			return
		}
		p.i += n
	}
}

// spaceRun returns the end of a run of at least one space at i, or -1.
func (p *parser) spaceRun(i int) int {
	j := i
	for {
		r, n := p.peekRune(j)
		if n == 0 || !isSpaceRune(r) {
			break
		}
		j += n
	}
	if j == i {
		return -1
	}
	return j
}

// keywordAt matches Space+ word Space+ at i (the Or/And rules) and returns
// the position after it.
func (p *parser) keywordAt(i int, word string) int {
	j := p.spaceRun(i)
	if j < 0 || !hasFoldPrefix(p.src[j:], word) {
		return -1
	}
	return p.spaceRun(j + len(word))
}

func hasFoldPrefix(s, w string) bool { return len(s) >= len(w) && strings.EqualFold(s[:len(w)], w) }

// notAt matches 'not'i Space+ at i.
func (p *parser) notAt(i int) int {
	if !hasFoldPrefix(p.src[i:], "not") {
		return -1
	}
	return p.spaceRun(i + 3)
}

func (p *parser) or() (Node, error) {
	first, err := p.and()
	if err != nil {
		return nil, err
	}
	xs := []Node{first}
	for {
		j := p.keywordAt(p.i, "or")
		if j < 0 {
			break
		}
		p.i = j
		n, err := p.and()
		if err != nil {
			return nil, err
		}
		xs = append(xs, n)
	}
	if len(xs) == 1 {
		return first, nil
	}
	return &OrNode{xs}, nil
}

func (p *parser) and() (Node, error) {
	first, err := p.not()
	if err != nil {
		return nil, err
	}
	xs := []Node{first}
	for {
		j := p.keywordAt(p.i, "and")
		if j < 0 {
			break
		}
		p.i = j
		n, err := p.not()
		if err != nil {
			return nil, err
		}
		xs = append(xs, n)
	}
	if len(xs) == 1 {
		return first, nil
	}
	return &AndNode{xs}, nil
}

func (p *parser) not() (Node, error) {
	if j := p.notAt(p.i); j >= 0 {
		p.i = j
		n, err := p.sub()
		if err != nil {
			return nil, err
		}
		return &NotNode{n}, nil
	}
	return p.sub()
}

func (p *parser) sub() (Node, error) {
	if p.i < len(p.src) && p.src[p.i] == '(' {
		p.i++
		p.spaces()
		n, err := p.or()
		if err != nil {
			return nil, err
		}
		p.spaces()
		if p.i >= len(p.src) || p.src[p.i] != ')' {
			return nil, p.errf("missing )")
		}
		p.i++
		return n, nil
	}
	return p.expression()
}

func (p *parser) expression() (Node, error) {
	off := p.i
	fieldLit, err := p.literal()
	if err != nil {
		return nil, err
	}
	save := p.i
	p.spaces()
	for _, op := range []struct{ tok, name string }{{"<=", "lte"}, {">=", "gte"}, {"<", "lt"}, {">", "gt"}} {
		if strings.HasPrefix(p.src[p.i:], op.tok) {
			p.i += len(op.tok)
			p.spaces()
			v, err := p.literal()
			if err != nil {
				return nil, err
			}
			return &Range{Field: fieldLit, Op: op.name, Value: v, Off: off}, nil
		}
	}
	if p.i < len(p.src) && p.src[p.i] == ':' {
		p.i++
		p.spaces()
		if p.i < len(p.src) && p.src[p.i] == '{' {
			// NestedQuery: field ':' '{' OrQuery OptionalSpace '}'.
			p.i++
			p.spaces()
			n, err := p.or()
			if err != nil {
				return nil, err
			}
			p.spaces()
			if p.i >= len(p.src) || p.src[p.i] != '}' {
				return nil, p.errf("missing } after the nested query")
			}
			p.i++
			return &Nested{Path: fieldLit, X: n, Off: off}, nil
		}
		return p.listOfValues(fieldLit, off)
	}
	p.i = save
	return nil, &SyntaxError{off, "a value without a field (free-text search) is not supported; write field: value"}
}

func (p *parser) listOfValues(f Literal, off int) (Node, error) {
	if p.i < len(p.src) && p.src[p.i] == '(' {
		p.i++
		p.spaces()
		n, err := p.orValues(f, off)
		if err != nil {
			return nil, err
		}
		p.spaces()
		if p.i >= len(p.src) || p.src[p.i] != ')' {
			return nil, p.errf("missing ) after the value list")
		}
		p.i++
		return n, nil
	}
	v, err := p.literal()
	if err != nil {
		return nil, err
	}
	return &Is{Field: f, Value: v, Off: off}, nil
}

func (p *parser) orValues(f Literal, off int) (Node, error) {
	first, err := p.andValues(f, off)
	if err != nil {
		return nil, err
	}
	xs := []Node{first}
	for {
		j := p.keywordAt(p.i, "or")
		if j < 0 {
			break
		}
		p.i = j
		n, err := p.andValues(f, off)
		if err != nil {
			return nil, err
		}
		xs = append(xs, n)
	}
	if len(xs) == 1 {
		return first, nil
	}
	return &OrNode{xs}, nil
}

func (p *parser) andValues(f Literal, off int) (Node, error) {
	first, err := p.notValues(f, off)
	if err != nil {
		return nil, err
	}
	xs := []Node{first}
	for {
		j := p.keywordAt(p.i, "and")
		if j < 0 {
			break
		}
		p.i = j
		n, err := p.notValues(f, off)
		if err != nil {
			return nil, err
		}
		xs = append(xs, n)
	}
	if len(xs) == 1 {
		return first, nil
	}
	return &AndNode{xs}, nil
}

func (p *parser) notValues(f Literal, off int) (Node, error) {
	if j := p.notAt(p.i); j >= 0 {
		p.i = j
		n, err := p.listOfValues(f, off)
		if err != nil {
			return nil, err
		}
		return &NotNode{n}, nil
	}
	return p.listOfValues(f, off)
}

// literal reads a QuotedString or an UnquotedLiteral.
func (p *parser) literal() (Literal, error) {
	if p.i < len(p.src) && p.src[p.i] == '"' {
		return p.quoted()
	}
	return p.unquoted()
}

func (p *parser) quoted() (Literal, error) {
	start := p.i
	p.i++
	var b strings.Builder
	for {
		if p.i >= len(p.src) {
			return Literal{}, &SyntaxError{start, "unterminated quoted string"}
		}
		c := p.src[p.i]
		if c == '"' {
			p.i++
			return Literal{Kind: LitString, Quoted: true, Text: b.String()}, nil
		}
		if c == '\\' {
			if r, n, ok := p.escapedWhitespaceOrUnicode(p.i); ok {
				b.WriteRune(r)
				p.i += n
				continue
			}
			if p.i+1 < len(p.src) && (p.src[p.i+1] == '\\' || p.src[p.i+1] == '"') {
				b.WriteByte(p.src[p.i+1])
				p.i += 2
				continue
			}
		}
		_, n := utf8.DecodeRuneInString(p.src[p.i:])
		b.WriteString(p.src[p.i : p.i+n])
		p.i += n
	}
}

// escapedWhitespaceOrUnicode reads \t \r \n or \uXXXX at i.
func (p *parser) escapedWhitespaceOrUnicode(i int) (rune, int, bool) {
	if i+1 >= len(p.src) {
		return 0, 0, false
	}
	switch p.src[i+1] {
	case 't':
		return '\t', 2, true
	case 'r':
		return '\r', 2, true
	case 'n':
		return '\n', 2, true
	case 'u':
		if i+6 <= len(p.src) {
			var v rune
			for _, h := range p.src[i+2 : i+6] {
				switch {
				case h >= '0' && h <= '9':
					v = v*16 + h - '0'
				case h >= 'a' && h <= 'f':
					v = v*16 + h - 'a' + 10
				case h >= 'A' && h <= 'F':
					v = v*16 + h - 'A' + 10
				default:
					return 0, 0, false
				}
			}
			// JavaScript's String.fromCharCode makes a UTF-16 unit; a lone
			// surrogate has no UTF-8 form, so Go stores U+FFFD.
			return v, 6, true
		}
	}
	return 0, 0, false
}

const specialChars = `\():<>"*{}`

func (p *parser) isKeywordAt(i int) bool {
	r, n := p.peekRune(i)
	if n > 0 && isSpaceRune(r) {
		j := i + n
		for _, w := range []string{"or", "and"} {
			if hasFoldPrefix(p.src[j:], w) {
				if r2, n2 := p.peekRune(j + len(w)); n2 > 0 && isSpaceRune(r2) {
					return true
				}
			}
		}
	}
	if hasFoldPrefix(p.src[i:], "not") {
		if r2, n2 := p.peekRune(i + 3); n2 > 0 && isSpaceRune(r2) {
			return true
		}
	}
	return false
}

func (p *parser) unquoted() (Literal, error) {
	start := p.i
	var chars []string // one entry per UnquotedCharacter; wildcardSymbol for *
	wild := false
	for p.i < len(p.src) {
		c := p.src[p.i]
		if c == '\\' {
			if r, n, ok := p.escapedWhitespaceOrUnicode(p.i); ok {
				chars = append(chars, string(r))
				p.i += n
				continue
			}
			if p.i+1 < len(p.src) && strings.IndexByte(specialChars, p.src[p.i+1]) >= 0 {
				chars = append(chars, p.src[p.i+1:p.i+2])
				p.i += 2
				continue
			}
			matched := false
			for _, w := range []string{"or", "and", "not"} {
				if hasFoldPrefix(p.src[p.i+1:], w) {
					chars = append(chars, p.src[p.i+1:p.i+1+len(w)])
					p.i += 1 + len(w)
					matched = true
					break
				}
			}
			if matched {
				continue
			}
			return Literal{}, p.errf("invalid escape \\%s", p.rest(2)[1:])
		}
		if c == '*' {
			chars = append(chars, wildcardSymbol)
			wild = true
			p.i++
			continue
		}
		if strings.IndexByte(specialChars, c) >= 0 || p.isKeywordAt(p.i) {
			break
		}
		_, n := utf8.DecodeRuneInString(p.src[p.i:])
		chars = append(chars, p.src[p.i:p.i+n])
		p.i += n
	}
	if len(chars) == 0 {
		if p.notAt(start) >= 0 {
			return Literal{}, &SyntaxError{start, `"not" cannot follow "not" directly; write not (not x)`}
		}
		return Literal{}, &SyntaxError{start, "expected a value"}
	}
	seq := jsTrim(strings.Join(chars, ""))
	switch seq {
	case "null":
		return Literal{Kind: LitNull}, nil
	case "true":
		return Literal{Kind: LitTrue}, nil
	case "false":
		return Literal{Kind: LitFalse}, nil
	}
	if wild {
		return Literal{Kind: LitWildcard, Parts: strings.Split(seq, wildcardSymbol)}, nil
	}
	return Literal{Kind: LitString, Text: seq}, nil
}

// isJSSpace reports whether JavaScript's String.prototype.trim removes r
// (WhiteSpace and LineTerminator of ECMA-262).
func isJSSpace(r rune) bool {
	switch r {
	case '\t', '\n', '\v', '\f', '\r', ' ', '\u00a0', '\u1680', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000', '\ufeff':
		return true
	}
	return r >= '\u2000' && r <= '\u200a'
}

func jsTrim(s string) string { return strings.TrimFunc(s, isJSSpace) }
