package parser

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/netip"
	"regexp"
	"regexp/syntax"
	"strings"

	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"

	"github.com/rulec/rulec/ir"
	"github.com/rulec/rulec/strmatch"
)

// The grammar structs below are the parser's private business: nothing
// outside this file sees them, and they are lowered to ir right away.

type gOr struct {
	Pos lexer.Position
	And []*gAnd `parser:"@@ ( \"or\" @@ )*"`
}

type gAnd struct {
	Pos   lexer.Position
	Unary []*gUnary `parser:"@@ ( \"and\" @@ )*"`
}

type gUnary struct {
	Pos   lexer.Position
	Not   *gUnary `parser:"\"not\" @@"`
	Group *gOr    `parser:"| \"(\" @@ \")\""`
	Quant *gQuant `parser:"| @@"`
	Pred  *gPred  `parser:"| @@"`
}

// gQuant is "any P (C)" / "all P (C)". "any" and "all" stay Words, so a
// version 1 field of that name still parses as a predicate (the parser
// backtracks when no path and body follow). A body without parentheses is
// accepted here and refused when lowering, so the message can say so.
type gQuant struct {
	Pos      lexer.Position
	Kind     string  `parser:"@(\"any\" | \"all\")"`
	Path     *gPath  `parser:"@@"`
	Body     *gOr    `parser:"( \"(\" @@ \")\""`
	Unparens *gUnary `parser:"| @@ )"`
}

type gPred struct {
	Pos     lexer.Position
	Field   string    `parser:"@(Word | Number)"`
	Neg     bool      `parser:"@\"not\"?"`
	Op      *gOp      `parser:"@@"`
	Operand *gOperand `parser:"@@?"`
}

type gOp struct {
	Pos  lexer.Position
	Name string `parser:"@Word"`
}

type gOperand struct {
	Pos    lexer.Position
	List   *gList   `parser:"@@"`
	Ref    *gRef    `parser:"| @@"`
	Scalar *gScalar `parser:"| @@"`
}

// gRef is "field(G)": an operand read from another path of the event.
type gRef struct {
	Pos     lexer.Position
	Keyword bool   `parser:"@\"field\" \"(\""`
	Path    *gPath `parser:"@@ \")\""`
}

// gPath is a field path written where its own position matters.
type gPath struct {
	Pos  lexer.Position
	Name string `parser:"@(Word | Number)"`
}

type gList struct {
	Open  bool       `parser:"\"[\""`
	Items []*gScalar `parser:"( @@ ( \",\" @@ )* )? \"]\""`
}

type gScalar struct {
	Pos  lexer.Position
	Str  *string `parser:"@String"`
	Num  *string `parser:"| @Number"`
	Bool *string `parser:"| @(\"true\" | \"false\")"`
}

var condLexer = lexer.MustSimple([]lexer.SimpleRule{
	{Name: "Whitespace", Pattern: `[ \t\r]+`},
	{Name: "String", Pattern: `"(\\.|[^"\\])*"`},
	{Name: "Unterminated", Pattern: `"(\\.|[^"\\])*`},
	{Name: "Punct", Pattern: `[()\[\],]`},
	{Name: "Word", Pattern: `[^\s()\[\],"]+`},
	// Number and Keyword never match here: the mapper below retypes Words.
	{Name: "Number", Pattern: `[^\s\S]`},
	{Name: "Keyword", Pattern: `[^\s\S]`},
})

var (
	numberType  = condLexer.Symbols()["Number"]
	keywordType = condLexer.Symbols()["Keyword"]
)

var keywords = map[string]bool{"and": true, "or": true, "not": true, "true": true, "false": true}

var condParser = participle.MustBuild[gOr](
	participle.Lexer(condLexer),
	participle.Elide("Whitespace"),
	participle.Map(func(t lexer.Token) (lexer.Token, error) {
		switch {
		case keywords[t.Value]:
			t.Type = keywordType
		case ir.IsDecimal(t.Value):
			t.Type = numberType
		}
		return t, nil
	}, "Word"),
	participle.Map(func(t lexer.Token) (lexer.Token, error) {
		return t, participle.Errorf(t.Pos, "unterminated string")
	}, "Unterminated"),
	participle.UseLookahead(2),
)

// MaxNesting bounds parentheses and "not" chains in one condition line, so
// hostile input gets an error instead of deep recursion.
const MaxNesting = 100

// Line is one line of condition text and where its first byte sits in the
// file that holds it.
type Line struct {
	Text string
	At   ir.Pos
}

// Resolver maps a field name as written to the path it reads. It returns an
// error for a name it cannot resolve. A nil Resolver takes names literally.
type Resolver func(name string) (ir.Path, error)

// ConditionOptions configures ParseCondition.
type ConditionOptions struct {
	File    string   // for error positions
	Resolve Resolver // data-model aliases; nil: none
}

// SplitLines turns text that starts at pos into Lines; later lines start at
// column 1.
func SplitLines(text string, at ir.Pos) []Line {
	var out []Line
	for i, s := range strings.Split(text, "\n") {
		pos := ir.Pos{Line: at.Line + i, Col: 1}
		if i == 0 {
			pos.Col = at.Col
		}
		out = append(out, Line{Text: strings.TrimSuffix(s, "\r"), At: pos})
	}
	return out
}

// ParseCondition parses condition lines (every non-blank line is a top-level
// conjunct) into one expression. It reports every error it finds, one per
// line at most, with positions in the holding file. It returns nil and no
// error when every line is blank.
func ParseCondition(lines []Line, opt ConditionOptions) (ir.Expr, ir.ErrorList) {
	var errs ir.ErrorList
	var conj []ir.Expr
	var first ir.Pos
	for _, ln := range lines {
		trimmed := strings.TrimLeft(ln.Text, " \t")
		if strings.TrimSpace(trimmed) == "" {
			continue
		}
		at := ir.Pos{Line: ln.At.Line, Col: ln.At.Col + len(ln.Text) - len(trimmed)}
		if !first.IsValid() {
			first = at
		}
		e, err := parseLine(trimmed, at, opt)
		if err != nil {
			errs.Add(err)
			continue
		}
		conj = append(conj, e)
	}
	if len(errs) > 0 || len(conj) == 0 {
		return nil, errs
	}
	return ir.NewAnd(first, conj...), nil
}

// ParseConditionText parses a condition held in a string that starts at at.
func ParseConditionText(text string, at ir.Pos, opt ConditionOptions) (ir.Expr, ir.ErrorList) {
	return ParseCondition(SplitLines(text, at), opt)
}

func parseLine(text string, at ir.Pos, opt ConditionOptions) (ir.Expr, *ir.Error) {
	l := &lowerer{file: opt.File, at: at, resolve: opt.Resolve}
	if off, ok := tooDeep(text); !ok {
		return nil, ir.Errorf(opt.File, l.pos(off), ir.CodeSyntax, "condition nests deeper than %d levels", MaxNesting)
	}
	g, err := condParser.ParseString(opt.File, text)
	if err != nil {
		return nil, l.syntaxError(err, text)
	}
	e := l.or(g)
	if l.err != nil {
		return nil, l.err
	}
	return e, nil
}

// tooDeep reports the offset where nesting first exceeds MaxNesting.
func tooDeep(text string) (int, bool) {
	depth, nots := 0, 0
	inStr := false
	for i := 0; i < len(text); i++ {
		c := text[i]
		if inStr {
			if c == '\\' {
				i++
			} else if c == '"' {
				inStr = false
			}
			continue
		}
		switch c {
		case '"':
			inStr = true
		case '(':
			depth++
		case ')':
			depth--
		case 'n':
			if strings.HasPrefix(text[i:], "not") && (i == 0 || isSep(text[i-1])) && (i+3 == len(text) || isSep(text[i+3])) {
				nots++
			}
		}
		if depth+nots > MaxNesting {
			return i, false
		}
	}
	return 0, true
}

func isSep(c byte) bool { return c == ' ' || c == '\t' || c == '(' || c == ')' }

type lowerer struct {
	file    string
	at      ir.Pos
	resolve Resolver
	err     *ir.Error
	depth   int // quantifiers around the node being lowered
}

// pos converts a byte offset in the line to a file position.
func (l *lowerer) pos(offset int) ir.Pos {
	return ir.Pos{Line: l.at.Line, Col: l.at.Col + offset}
}

func (l *lowerer) fail(offset int, code, format string, args ...any) {
	if l.err == nil {
		l.err = ir.Errorf(l.file, l.pos(offset), code, format, args...)
	}
}

// grammarNames rewrites participle's "(expected GStruct)" into words.
var grammarNames = strings.NewReplacer(
	"(expected GOp GOperand?)", "(expected an operator such as eq, in or is_null)",
	"(expected GOp)", "(expected an operator such as eq, in or is_null)",
	"(expected GScalar)", "(expected a value: a quoted string, a number, true or false)",
	"(expected GOperand)", "(expected a value or a [list])",
	"(expected GUnary)", `(expected a predicate, "not" or "(")`,
	"(expected GAnd)", `(expected a predicate, "not" or "(")`,
	"(expected GOr)", `(expected a predicate, "not" or "(")`,
	"(expected GPred)", "(expected a predicate such as field eq \"value\")",
	`(expected "(" GPath ")")`, "(expected field(PATH))",
	"(expected GPath)", "(expected a field path)",
	"(expected GQuant)", `(expected a predicate, "not" or "(")`,
)

func (l *lowerer) syntaxError(err error, text string) *ir.Error {
	var perr participle.Error
	if errors.As(err, &perr) {
		msg := perr.Message()
		msg = strings.ReplaceAll(msg, `"<EOF>"`, "end of line")
		msg = strings.ReplaceAll(msg, `<EOF>`, "end of line")
		msg = grammarNames.Replace(msg)
		off := perr.Position().Offset
		if off > len(text) {
			off = len(text)
		}
		switch {
		case strings.Contains(msg, `(expected ")")`):
			msg = `unbalanced parentheses: missing ")"`
		case strings.HasPrefix(text[off:], "(") && quantWithoutPath(text[:off]) != "":
			kw := quantWithoutPath(text[:off])
			msg = fmt.Sprintf("%s needs a path before its condition: %s PATH (CONDITION)", kw, kw)
		case strings.HasPrefix(text[off:], ")"):
			msg = `unbalanced parentheses: unexpected ")"`
		case strings.HasPrefix(msg, "unexpected token") && off < len(text) && !strings.ContainsAny(text[off:off+1], `"[(`):
			msg += "; values are quoted strings, numbers, true or false, and predicates are joined by and/or"
		}
		return ir.Errorf(l.file, l.pos(off), ir.CodeSyntax, "%s", msg)
	}
	return ir.Errorf(l.file, l.at, ir.CodeSyntax, "%v", err)
}

// quantWithoutPath returns "any" or "all" when the text before a syntax
// error ends with that word alone, as in "any (x eq 1)".
func quantWithoutPath(before string) string {
	before = strings.TrimRight(before, " \t")
	for _, kw := range []string{"any", "all"} {
		if rest, ok := strings.CutSuffix(before, kw); ok && (rest == "" || isSep(rest[len(rest)-1])) {
			return kw
		}
	}
	return ""
}

func (l *lowerer) or(g *gOr) ir.Expr {
	xs := make([]ir.Expr, 0, len(g.And))
	for _, a := range g.And {
		xs = append(xs, l.and(a))
	}
	return ir.NewOr(l.pos(g.Pos.Offset), xs...)
}

func (l *lowerer) and(g *gAnd) ir.Expr {
	xs := make([]ir.Expr, 0, len(g.Unary))
	for _, u := range g.Unary {
		xs = append(xs, l.unary(u))
	}
	return ir.NewAnd(l.pos(g.Pos.Offset), xs...)
}

func (l *lowerer) unary(g *gUnary) ir.Expr {
	switch {
	case g.Not != nil:
		return &ir.Not{At: l.pos(g.Pos.Offset), X: l.unary(g.Not), Form: ir.NotKeyword}
	case g.Group != nil:
		return l.or(g.Group)
	case g.Quant != nil:
		return l.quant(g.Quant)
	default:
		return l.pred(g.Pred)
	}
}

func (l *lowerer) quant(g *gQuant) ir.Expr {
	path, ok := l.path(g.Path.Name, g.Path.Pos.Offset, pathQuant)
	if !ok {
		return nil
	}
	if g.Body == nil {
		l.fail(g.Unparens.Pos.Offset, ir.CodeSyntax, "the condition of %s %s must be in parentheses: %s %s (...)", g.Kind, g.Path.Name, g.Kind, g.Path.Name)
		return nil
	}
	l.depth++
	x := l.or(g.Body)
	l.depth--
	return &ir.Quant{At: l.pos(g.Pos.Offset), All: g.Kind == "all", Path: path, X: x}
}

var fieldSegment = regexp.MustCompile(`^[A-Za-z0-9_@$:-]+$`)

// pathRole says where a path is written, which decides whether "@" may
// stand there.
type pathRole uint8

const (
	pathField pathRole = iota // left of an operator: "@" inside a quantifier
	pathQuant                 // after any/all
	pathRef                   // inside field()
)

// path checks and resolves a path written at offset. Only paths read from
// the event root go through the data-model resolver: inside a quantifier a
// path is relative to the element, so an alias name there is just a key.
func (l *lowerer) path(name string, off int, role pathRole) (ir.Path, bool) {
	if name == ir.ElemPath {
		switch {
		case role == pathQuant:
			l.fail(off, ir.CodeSyntax, "any and all need the path of an array or value; @ cannot be quantified over")
		case role == pathRef:
			l.fail(off, ir.CodeSyntax, "field() takes a field path; @ can only stand left of an operator (@ OP field(G))")
		case l.depth == 0:
			l.fail(off, ir.CodeSyntax, "@ is the current element of any P (...) or all P (...), and is used outside one")
		default:
			return ir.Path{}, true
		}
		return ir.Path{}, false
	}
	if rest, ok := strings.CutPrefix(name, ir.ElemPath+"."); ok {
		l.fail(off, ir.CodeSyntax, "%s is not a path: inside any/all, paths are already read from the current element, so write %s", name, rest)
		return ir.Path{}, false
	}
	for _, seg := range strings.Split(name, ".") {
		if !fieldSegment.MatchString(seg) {
			l.fail(off, ir.CodeSyntax, "invalid field name %q: segments are letters, digits and _ @ $ : -", name)
			return ir.Path{}, false
		}
	}
	if l.resolve != nil && l.depth == 0 {
		p, err := l.resolve(name)
		if err != nil {
			l.fail(off, ir.CodeSyntax, "%v", err)
			return ir.Path{}, false
		}
		return p, true
	}
	return ir.ParsePath(name), true
}

// foldless explains why an operator has no "~" form.
var foldless = map[ir.Op]string{
	ir.OpRegex:  `write (?i) inside the pattern for a case-insensitive regex`,
	ir.OpGt:     "numbers have no case",
	ir.OpGte:    "numbers have no case",
	ir.OpLt:     "numbers have no case",
	ir.OpLte:    "numbers have no case",
	ir.OpCIDR:   "IP addresses have no case",
	ir.OpIsNull: "it compares no value",
}

func (l *lowerer) unknownOp(g *gOp, field string) {
	name := g.Name
	if base, ok := strings.CutSuffix(name, "~"); ok {
		if op, _, ok := ir.LookupOp(base); ok && op.Fold() == ir.OpInvalid {
			l.fail(g.Pos.Offset, ir.CodeUnknownOp, "operator %s has no case-insensitive form %s: %s", base, name, foldless[op])
			return
		}
	}
	msg := fmt.Sprintf("unknown operator %q", name)
	if s := operatorAliases[name]; s != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", s)
	} else if s := suggest(name, ir.OpNames()); s != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", s)
	}
	if field == "any" || field == "all" {
		msg += fmt.Sprintf("; a quantifier is written %s PATH (CONDITION)", field)
	}
	l.fail(g.Pos.Offset, ir.CodeUnknownOp, "%s", msg)
}

func (l *lowerer) pred(g *gPred) ir.Expr {
	at := l.pos(g.Pos.Offset)
	op, negated, ok := ir.LookupOp(g.Op.Name)
	if !ok {
		l.unknownOp(g.Op, g.Field)
		return nil
	}
	field, ok := l.path(g.Field, g.Pos.Offset, pathField)
	if !ok {
		return nil
	}
	var e ir.Expr
	if g.Operand != nil && g.Operand.Ref != nil {
		e = l.fieldPred(g, at, field, op)
	} else {
		p := &ir.Pred{At: at, Op: op, Field: field}
		l.operands(p, g)
		e = p
	}
	if l.err != nil {
		return nil
	}
	if negated {
		form := ir.NotNe
		if op == ir.OpIsNull {
			form = ir.NotIsNotNull
		}
		e = &ir.Not{At: at, X: e, Form: form}
	}
	if g.Neg {
		e = &ir.Not{At: at, X: e, Form: ir.NotInfix}
	}
	return e
}

// fieldRefOps lists the spellings that take field(G), for messages.
const fieldRefOps = "eq, ne, contains, starts_with, ends_with, their ~ forms (eq~, ne~, ...) and not OP"

func (l *lowerer) fieldPred(g *gPred, at ir.Pos, field ir.Path, op ir.Op) ir.Expr {
	ref := g.Operand.Ref
	switch {
	case op.Arity() == ir.ArityNone:
		l.fail(ref.Pos.Offset, ir.CodeOperand, "%s takes no operand", g.Op.Name)
		return nil
	case !op.AllowsFieldRef():
		l.fail(ref.Pos.Offset, ir.CodeOperand, "%s cannot compare with field(): field references work with %s", g.Op.Name, fieldRefOps)
		return nil
	}
	refPath, ok := l.path(ref.Path.Name, ref.Path.Pos.Offset, pathRef)
	if !ok {
		return nil
	}
	return &ir.FieldPred{At: at, Field: field, Op: op, Ref: refPath, RefPos: l.pos(ref.Pos.Offset)}
}

func (l *lowerer) operands(p *ir.Pred, g *gPred) {
	name := g.Op.Name
	opEnd := g.Op.Pos.Offset + len(name)
	if p.Op.Arity() == ir.ArityNone {
		if g.Operand != nil {
			l.fail(g.Operand.Pos.Offset, ir.CodeOperand, "%s takes no operand", name)
		}
		return
	}
	if g.Operand == nil {
		l.fail(opEnd, ir.CodeOperand, "%s needs an operand", name)
		return
	}
	p.ArgPos = l.pos(g.Operand.Pos.Offset)
	var scalars []*gScalar
	if g.Operand.List != nil {
		if p.Op.Arity() != ir.ArityList {
			l.fail(g.Operand.Pos.Offset, ir.CodeOperand, "%s takes one value, not a list", name)
			return
		}
		scalars = g.Operand.List.Items
	} else {
		scalars = []*gScalar{g.Operand.Scalar}
	}
	for _, s := range scalars {
		v := l.scalar(s)
		if l.err != nil {
			return
		}
		p.Args = append(p.Args, v)
	}
	if p.Op.Arity() != ir.ArityOne {
		return
	}
	arg := p.Args[0]
	off := g.Operand.Pos.Offset
	if p.Op.IsStringOp() {
		if _, ok := arg.(ir.String); !ok {
			l.fail(off, ir.CodeOperand, "%s needs a string operand, got %s", name, arg.Text())
			return
		}
	}
	if p.Op.IsCompare() {
		if _, ok := ir.LiteralNumber(arg); !ok {
			l.fail(off, ir.CodeOperand, "%s needs a number, got %s", name, ir.FormatValue(arg))
			return
		}
	}
	switch p.Op {
	case ir.OpWildcard, ir.OpWildcardFold:
		gl, err := ir.CompileGlob(p.Op, arg.Text())
		if err != nil {
			if lowered := strmatch.Lower(arg.Text()); p.Op.IsFold() && lowered != arg.Text() {
				l.fail(off, ir.CodeOperand, "invalid wildcard pattern: %s lowers to %s: %v", ir.Quote(arg.Text()), ir.Quote(lowered), err)
				return
			}
			l.fail(off, ir.CodeOperand, "invalid wildcard pattern: %v", err)
			return
		}
		p.Glob = gl
	case ir.OpRegex:
		re, err := regexp.Compile(arg.Text())
		if err != nil {
			l.fail(off, ir.CodeRegex, "invalid regex: %v", regexMessage(err))
			return
		}
		p.Re = re
	case ir.OpCIDR:
		n, err := netip.ParsePrefix(arg.Text())
		if err != nil {
			l.fail(off, ir.CodeNetwork, "invalid network %s: want an IPv4 or IPv6 CIDR such as 10.0.0.0/8", ir.Quote(arg.Text()))
			return
		}
		p.Net = n.Masked()
	}
}

func regexMessage(err error) string {
	var se *syntax.Error
	if errors.As(err, &se) {
		return fmt.Sprintf("%s: %s", se.Code, se.Expr)
	}
	return err.Error()
}

func (l *lowerer) scalar(s *gScalar) ir.Value {
	switch {
	case s.Str != nil:
		var v string
		if err := json.Unmarshal([]byte(*s.Str), &v); err != nil {
			l.fail(s.Pos.Offset, ir.CodeSyntax, "invalid string literal %s: not a JSON string", *s.Str)
			return nil
		}
		return ir.String(v)
	case s.Num != nil:
		n, _ := ir.NewNumber(*s.Num)
		return n
	default:
		return ir.Bool(*s.Bool == "true")
	}
}

// operatorAliases maps spellings other languages use to rulec's operator,
// for "did you mean" hints.
var operatorAliases = map[string]string{
	"equals": "eq", "equal": "eq", "is": "eq", "==": "eq", "=": "eq",
	"!=": "ne", "not_equals": "ne", "<>": "ne",
	">": "gt", ">=": "gte", "<": "lt", "<=": "lte",
	"startswith": "starts_with", "endswith": "ends_with", "prefix": "starts_with", "suffix": "ends_with",
	"match": "regex", "matches": "regex", "regexp": "regex", "like": "wildcard", "glob": "wildcard",
	"exists": "is_not_null", "not_null": "is_not_null", "null": "is_null",
	"in_cidr": "cidr", "cidrmatch": "cidr",
}

// suggest returns the candidate closest to name when it is close enough.
func suggest(name string, candidates []string) string {
	best, bestD := "", 3
	for _, c := range candidates {
		if d := editDistance(name, c); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
