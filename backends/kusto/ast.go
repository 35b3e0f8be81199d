package kusto

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
)

// The emitter builds a query as this small tree; String prints it as Kusto
// text and the engine (engine.go) evaluates the same tree, so what rulec
// test checks is exactly what is printed.

// Query is a tabular expression: a table (or a union of tables) piped
// through operators.
type Query struct {
	Tables []string
	Ops    []Op
}

// Op is one tabular operator.
type Op interface{ op() }

// Where keeps the rows for which Cond is true (not false, not null).
type Where struct{ Cond Expr }

// MvApply expands Arr (a dynamic array) into one row per element, named Var,
// runs Sub on each row's subtable and joins the subquery's rows with the
// row's other columns.
type MvApply struct {
	Var string
	Arr Expr
	Sub []Op
}

// MvExpand replaces each row by one row per element of Arr, named Var.
type MvExpand struct {
	Var string
	Arr Expr
}

// Summarize counts, with no grouping: one row of Name = countif(Cond).
type Summarize struct{ Aggs []Agg }

// Agg is one countif aggregate.
type Agg struct {
	Name string
	Cond Expr
}

// Project keeps the listed columns, each Name = X (or just Name).
type Project struct{ Cols []ProjCol }

// ProjCol is one projected column.
type ProjCol struct {
	Name string
	X    Expr // nil: the column Name itself
}

// ProjectAway drops helper columns.
type ProjectAway struct{ Cols []string }

func (*Where) op()       {}
func (*MvApply) op()     {}
func (*MvExpand) op()    {}
func (*Summarize) op()   {}
func (*Project) op()     {}
func (*ProjectAway) op() {}

// Expr is a scalar expression.
type Expr interface{ expr() }

// Col names a column (or an mv-apply/mv-expand variable).
type Col struct{ Name string }

// Member is X.Key (X["Key"] when Key is not an identifier) on a dynamic X.
type Member struct {
	X   Expr
	Key string
}

// Str, Long, Real and Bool are literals.
type (
	Str  string
	Long int64
	Real float64
	Bool bool
)

// Call is a function call.
type Call struct {
	Fn   string
	Args []Expr
}

// Cmp is a binary comparison: == != =~ < <= > >= contains contains_cs
// startswith startswith_cs endswith endswith_cs, "matches regex".
type Cmp struct {
	Op   string
	L, R Expr
}

// In is X in (List), in~ when Fold.
type In struct {
	X    Expr
	Fold bool
	List []Expr
}

// Logic is a conjunction (And) or disjunction of Xs.
type Logic struct {
	And bool
	Xs  []Expr
}

// Not is not(X).
type Not struct{ X Expr }

func (Col) expr()     {}
func (*Member) expr() {}
func (Str) expr()     {}
func (Long) expr()    {}
func (Real) expr()    {}
func (Bool) expr()    {}
func (*Call) expr()   {}
func (*Cmp) expr()    {}
func (*In) expr()     {}
func (*Logic) expr()  {}
func (*Not) expr()    {}

// And and Or build a Logic, flattening nested ones of the same kind and
// dropping a single-operand wrapper.
func And(xs ...Expr) Expr { return logic(true, xs) }

// Or builds a disjunction (see And).
func Or(xs ...Expr) Expr { return logic(false, xs) }

func logic(and bool, xs []Expr) Expr {
	var flat []Expr
	for _, x := range xs {
		if l, ok := x.(*Logic); ok && l.And == and {
			flat = append(flat, l.Xs...)
			continue
		}
		flat = append(flat, x)
	}
	if len(flat) == 1 {
		return flat[0]
	}
	return &Logic{And: and, Xs: flat}
}

func call(fn string, args ...Expr) *Call { return &Call{Fn: fn, Args: args} }

// String prints the query, one operator per line.
func (q *Query) String() string {
	var b strings.Builder
	if len(q.Tables) == 1 {
		b.WriteString(Ident(q.Tables[0]))
	} else {
		b.WriteString("union ")
		for i, t := range q.Tables {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(Ident(t))
		}
	}
	for _, o := range q.Ops {
		b.WriteString("\n| ")
		writeOp(&b, o)
	}
	b.WriteByte('\n')
	return b.String()
}

func writeOp(b *strings.Builder, o Op) {
	switch x := o.(type) {
	case *Where:
		b.WriteString("where ")
		writeExpr(b, x.Cond, precLow)
	case *MvApply:
		fmt.Fprintf(b, "mv-apply %s = ", Ident(x.Var))
		writeExpr(b, x.Arr, precLow)
		b.WriteString(" to typeof(dynamic) on (")
		for i, s := range x.Sub {
			if i > 0 {
				b.WriteString(" | ")
			}
			writeOp(b, s)
		}
		b.WriteString(")")
	case *MvExpand:
		fmt.Fprintf(b, "mv-expand %s = ", Ident(x.Var))
		writeExpr(b, x.Arr, precLow)
		b.WriteString(" to typeof(dynamic)")
	case *Summarize:
		b.WriteString("summarize ")
		for i, a := range x.Aggs {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(b, "%s = countif(", Ident(a.Name))
			writeExpr(b, a.Cond, precLow)
			b.WriteString(")")
		}
	case *Project:
		b.WriteString("project ")
		for i, c := range x.Cols {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(Ident(c.Name))
			if c.X != nil {
				b.WriteString(" = ")
				writeExpr(b, c.X, precLow)
			}
		}
	case *ProjectAway:
		b.WriteString("project-away ")
		for i, c := range x.Cols {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(Ident(c))
		}
	default:
		panic(fmt.Sprintf("kusto: unknown operator %T", o))
	}
}

const (
	precLow = iota // or
	precAnd
	precCmp
)

func writeExpr(b *strings.Builder, e Expr, outer int) {
	switch x := e.(type) {
	case Col:
		b.WriteString(Ident(x.Name))
	case *Member:
		writeExpr(b, x.X, precCmp+1)
		if isIdent(x.Key) && !keywords[x.Key] {
			b.WriteByte('.')
			b.WriteString(x.Key)
		} else {
			b.WriteByte('[')
			b.WriteString(Quote(x.Key))
			b.WriteByte(']')
		}
	case Str:
		b.WriteString(Quote(string(x)))
	case Long:
		b.WriteString(strconv.FormatInt(int64(x), 10))
	case Real:
		b.WriteString(realLit(float64(x)))
	case Bool:
		b.WriteString(strconv.FormatBool(bool(x)))
	case *Call:
		b.WriteString(x.Fn)
		b.WriteByte('(')
		for i, a := range x.Args {
			if i > 0 {
				b.WriteString(", ")
			}
			writeExpr(b, a, precLow)
		}
		b.WriteByte(')')
	case *Cmp:
		paren := outer > precCmp
		if paren {
			b.WriteByte('(')
		}
		writeExpr(b, x.L, precCmp+1)
		b.WriteByte(' ')
		b.WriteString(x.Op)
		b.WriteByte(' ')
		if x.Op == "matches regex" {
			if s, ok := x.R.(Str); ok {
				b.WriteString(quoteRegex(string(s)))
				break
			}
		}
		writeExpr(b, x.R, precCmp+1)
		if paren {
			b.WriteByte(')')
		}
	case *In:
		paren := outer > precCmp
		if paren {
			b.WriteByte('(')
		}
		writeExpr(b, x.X, precCmp+1)
		if x.Fold {
			b.WriteString(" in~ (")
		} else {
			b.WriteString(" in (")
		}
		for i, v := range x.List {
			if i > 0 {
				b.WriteString(", ")
			}
			writeExpr(b, v, precLow)
		}
		b.WriteByte(')')
		if paren {
			b.WriteByte(')')
		}
	case *Logic:
		prec, word := precLow, " or "
		if x.And {
			prec, word = precAnd, " and "
		}
		paren := outer > prec
		if paren {
			b.WriteByte('(')
		}
		for i, c := range x.Xs {
			if i > 0 {
				b.WriteString(word)
			}
			writeExpr(b, c, prec+1)
		}
		if paren {
			b.WriteByte(')')
		}
	case *Not:
		b.WriteString("not(")
		writeExpr(b, x.X, precLow)
		b.WriteByte(')')
	default:
		panic(fmt.Sprintf("kusto: unknown expression %T", e))
	}
}

// realLit prints a real literal that reads back as the same double.
func realLit(f float64) string {
	if math.IsInf(f, 1) {
		return "real(+inf)"
	}
	if math.IsInf(f, -1) {
		return "real(-inf)"
	}
	s := strconv.FormatFloat(f, 'g', -1, 64)
	if !strings.ContainsAny(s, ".e") {
		s += ".0"
	}
	return s
}

var identRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

func isIdent(s string) bool { return identRE.MatchString(s) }

// keywords are words Kusto reserves, which a column name must bracket.
var keywords = map[string]bool{
	"and": true, "or": true, "not": true, "in": true, "true": true, "false": true,
	"let": true, "where": true, "project": true, "extend": true, "summarize": true,
	"by": true, "on": true, "to": true, "typeof": true, "dynamic": true, "null": true,
	"between": true, "has": true, "contains": true, "matches": true, "regex": true,
	"with": true, "union": true, "print": true, "datatable": true, "table": true,
	"string": true, "long": true, "int": true, "real": true, "bool": true, "type": true,
	"database": true, "cluster": true, "materialize": true, "toscalar": true, "set": true,
	"alias": true, "declare": true, "pattern": true, "restrict": true, "access": true,
	"of": true, "kind": true, "range": true, "step": true, "from": true, "find": true,
	"search": true, "asc": true, "desc": true, "nulls": true, "first": true, "last": true,
	"limit": true, "take": true, "top": true, "count": true, "as": true, "invoke": true,
	"render": true, "evaluate": true, "parse": true, "datetime": true, "timespan": true,
	"guid": true, "decimal": true, "time": true, "date": true, "int64": true, "double": true,
}

// Ident writes a column or table name: bare when it is an identifier that is
// no keyword, else bracketed as ['name'].
func Ident(s string) string {
	if isIdent(s) && !keywords[s] {
		return s
	}
	return "[" + Quote(s) + "]"
}

// Quote writes a Kusto string literal in double quotes, escaping \ " and
// control characters (Kusto string literals use C#-like escapes:
// \\ \" \' \n \r \t \uXXXX).
func Quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '\\':
			b.WriteString(`\\`)
		case '"':
			b.WriteString(`\"`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		default:
			if r < 0x20 || r == 0x7f || r == 0x2028 || r == 0x2029 || r == 0x85 {
				fmt.Fprintf(&b, `\u%04x`, r)
			} else {
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('"')
	return b.String()
}

// quoteRegex writes a regular expression as a verbatim string (@"..."),
// where only the quote is doubled, so the pattern reads as written; a
// pattern holding a control character or a line break uses Quote.
func quoteRegex(s string) string {
	for _, r := range s {
		if r < 0x20 || r == 0x7f || r == 0x2028 || r == 0x2029 || r == 0x85 {
			return Quote(s)
		}
	}
	return `@"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}
