package kusto

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"github.com/rulec/rulec/ir"
	"github.com/rulec/rulec/schema"
	"github.com/rulec/rulec/strmatch"
)

var (
	decimalRE = regexp.MustCompile(ir.DecimalPattern)
	// ipv4Pattern accepts exactly the dotted quads Go's netip (so the IR)
	// reads as IPv4: four decimal octets 0-255 without leading zeros.
	ipv4Pattern = `^(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}$`
)

// ipv6Pattern accepts exactly the IPv6 text Go's netip (so the IR) reads as
// an IPv6 address without a zone: RFC 3986's IPv6address (hex groups, one
// "::", an embedded dotted quad at the end).
var ipv6Pattern = func() string {
	h := `[0-9A-Fa-f]{1,4}`
	v4 := `(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}`
	ls32 := `(` + h + `:` + h + `|` + v4 + `)`
	alts := []string{
		`(` + h + `:){6}` + ls32,
		`::(` + h + `:){5}` + ls32,
		`(` + h + `)?::(` + h + `:){4}` + ls32,
		`((` + h + `:){0,1}` + h + `)?::(` + h + `:){3}` + ls32,
		`((` + h + `:){0,2}` + h + `)?::(` + h + `:){2}` + ls32,
		`((` + h + `:){0,3}` + h + `)?::` + h + `:` + ls32,
		`((` + h + `:){0,4}` + h + `)?::` + ls32,
		`((` + h + `:){0,5}` + h + `)?::` + h,
		`((` + h + `:){0,6}` + h + `)?::`,
	}
	return `^(` + strings.Join(alts, `|`) + `)$`
}()

// numberTypes are the gettype() names of Kusto's numeric types; JSON numbers
// in a dynamic value are long or real.
var numberTypes = []Expr{Str("int"), Str("long"), Str("real"), Str("decimal")}

// Compile emits the rule's query under profile p, the raw profile typed
// by the shipped log-type registry.
func Compile(r *ir.Rule, p Profile) (*Query, error) {
	q, _, err := CompileTable(r, p, nil)
	return q, err
}

// CompileTable emits the rule's query and returns the table it reads (the
// first, for a union) with every column the query uses. reg declares the
// raw profile's log types (nil: the shipped registry).
func CompileTable(r *ir.Rule, p Profile, reg *schema.Registry) (*Query, *Table, error) {
	target := "kusto (" + p.String() + ")"
	if r.Cond == nil {
		return nil, nil, ir.Unsupported(r, r.At, target, "an empty condition")
	}
	e := &emitter{r: r, prof: p, target: target, schemas: reg}
	tables, err := e.tables()
	if err != nil {
		return nil, nil, err
	}
	// One query reads every table of the rule's log types: when their
	// declarations shape it differently, it is written for undeclared
	// tables (every path fanned out), which is exact on each.
	q, err := e.queryOver(tables)
	if err != nil {
		return nil, nil, err
	}
	if q == nil {
		for _, t := range tables {
			t.logType = nil
		}
		if q, err = e.queryOver(tables); err != nil {
			return nil, nil, err
		}
	}
	return q, tables[0], nil
}

// queryOver emits the query over tables, or nil when the tables give
// different operators.
func (e *emitter) queryOver(tables []*Table) (*Query, error) {
	var q *Query
	for i, t := range tables {
		e := &emitter{r: e.r, prof: e.prof, target: e.target, schemas: e.schemas, table: t, prefix: helperPrefix(e.r, tables)}
		ops, err := e.query()
		if err != nil {
			return nil, err
		}
		if i == 0 {
			q = &Query{Ops: ops}
		} else if got, want := (&Query{Tables: []string{"T"}, Ops: ops}).String(), (&Query{Tables: []string{"T"}, Ops: q.Ops}).String(); got != want {
			return nil, nil
		}
		q.Tables = append(q.Tables, t.Name)
	}
	return q, nil
}

// query emits the operators of the rule's query on e.table.
func (e *emitter) query() ([]Op, error) {
	root := &scope{groups: map[string]*pathGroup{}}
	cond, err := e.cond(e.r.Cond, root)
	if err != nil {
		return nil, err
	}
	ops := append(root.ops, &Where{Cond: cond})
	if proj := e.project(); proj != nil {
		ops = append(ops, proj)
	} else if len(root.flags) > 0 {
		ops = append(ops, &ProjectAway{Cols: root.flags})
	}
	return ops, nil
}

type emitter struct {
	prefix  string           // of the query's helper columns (helperPrefix)
	schemas *schema.Registry // the raw profile's log types (nil: the shipped registry)
	r       *ir.Rule
	prof    Profile
	table   *Table
	target  string
	nvar    int
	nflag   int
}

// scope is where paths resolve: the row (elem nil) or one element of a
// quantified path. Fanned-out paths of a scope become mv-apply operators
// in ops, one per path, each counting the values that satisfy each
// predicate on it into a flag column.
type scope struct {
	elem Expr
	// elemType is the declared type of elem's values (nil: undeclared, so
	// any JSON); unused at the row.
	elemType *schema.Type
	ops      []Op
	groups   map[string]*pathGroup
	flags    []string
}

type pathGroup struct {
	sum  *Summarize
	last Expr // the variable holding one value of the path
}

func (e *emitter) unsupported(at ir.Pos, construct string) error {
	if !at.IsValid() {
		at = e.r.At
	}
	return ir.Unsupported(e.r, at, e.target, construct)
}

func (e *emitter) newVar() string {
	e.nvar++
	return e.prefix + "v" + strconv.Itoa(e.nvar)
}

func (e *emitter) newFlag() string {
	e.nflag++
	return e.prefix + "f" + strconv.Itoa(e.nflag)
}

// helperPrefix returns the prefix of the query's own columns (mv-apply
// variables v1..., flags f1...): the shortest run of underscores (none
// first) under which no column of the tables, and no top-level key the
// rule reads, has such a name, so a helper never shadows a log field.
func helperPrefix(r *ir.Rule, tables []*Table) string {
	names := map[string]bool{}
	for _, t := range tables {
		for _, c := range t.Columns {
			names[c.Name] = true
		}
	}
	for _, p := range ir.Fields(r.Cond) {
		if len(p.Segs) > 0 {
			names[p.Segs[0]] = true
		}
	}
	for _, f := range r.OutputFields {
		if p := ir.ParsePath(f.Path()); len(p.Segs) > 0 {
			names[p.Segs[0]] = true
		}
	}
	for prefix := ""; ; prefix += "_" {
		clash := false
		for n := range names {
			if rest, ok := strings.CutPrefix(n, prefix); ok && len(rest) > 1 && (rest[0] == 'v' || rest[0] == 'f') && isDigits(rest[1:]) {
				clash = true
				break
			}
		}
		if !clash {
			return prefix
		}
	}
}

func isDigits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}

func (e *emitter) cond(x ir.Expr, sc *scope) (Expr, error) {
	switch x := x.(type) {
	case *ir.And, *ir.Or:
		var xs []ir.Expr
		and := false
		if a, ok := x.(*ir.And); ok {
			xs, and = a.Xs, true
		} else {
			xs = x.(*ir.Or).Xs
		}
		if len(xs) == 0 {
			return Bool(and), nil
		}
		var cs []Expr
		for _, c := range xs {
			k, err := e.cond(c, sc)
			if err != nil {
				return nil, err
			}
			cs = append(cs, k)
		}
		if and {
			return And(cs...), nil
		}
		return Or(cs...), nil
	case *ir.Not:
		c, err := e.cond(x.X, sc)
		if err != nil {
			return nil, err
		}
		return negate(c), nil
	case *ir.Pred:
		return e.pred(x, sc)
	case *ir.FieldPred:
		return e.fieldPred(x, sc)
	case *ir.Quant:
		return e.quant(x, sc)
	}
	return nil, e.unsupported(x.Pos(), fmt.Sprintf("condition node %T", x))
}

// negate writes not(c), or the comparison's own negation where Kusto has
// one that means exactly that (c is never null: see the package doc).
func negate(c Expr) Expr {
	switch x := c.(type) {
	case *Call:
		switch x.Fn {
		case "isempty":
			return call("isnotempty", x.Args...)
		case "isnotempty":
			return call("isempty", x.Args...)
		}
	case *Cmp:
		switch x.Op {
		case "==":
			return &Cmp{Op: "!=", L: x.L, R: x.R}
		case "!=":
			return &Cmp{Op: "==", L: x.L, R: x.R}
		case ">":
			if _, ok := x.L.(Col); ok {
				if r, ok := x.R.(Long); ok && r == 0 {
					return &Cmp{Op: "==", L: x.L, R: x.R}
				}
			}
		}
	case *Not:
		return x.X
	}
	return &Not{X: c}
}

// resolved is where a path's values come from.
type resolved struct {
	// col is set when the path is a typed scalar column (a string column):
	// one value, "" when the field is missing.
	col *Column
	// Otherwise the values are those of base (a dynamic value) followed
	// through steps; levels[0] is how many array levels base's value may
	// hold (each fanned out by one mv-expand), levels[i+1] those of the
	// member steps[i] selects: 0 for a declared scalar or object, the
	// declared depth for an array, 1 for anything undeclared (which may
	// hold an array; deeper nesting is not checkable).
	base   Expr
	steps  []string
	levels []int
	// typ is the declared type of the path's values (nil: undeclared).
	typ *schema.Type
}

func (e *emitter) resolve(p ir.Path, at ir.Pos, sc *scope) (resolved, error) {
	if sc.elem != nil {
		rv := resolved{base: sc.elem, steps: p.Segs, levels: []int{0}}
		typ := sc.elemType
		stepLevels(sc.elemType, p.Segs, &rv.levels, &typ)
		rv.typ = typ
		return rv, nil
	}
	if p.IsElem() {
		return resolved{}, e.unsupported(at, "@ outside any/all")
	}
	c, rest, err := e.table.lookup(p.Segs)
	if err != nil {
		return resolved{}, e.unsupported(at, err.Error())
	}
	switch {
	case c.Type == TypeDynamic || c.JSON:
		rv := resolved{base: Col{c.Name}, steps: rest, levels: ones(len(rest) + 1)}
		if c.JSON {
			rv.base = call("parse_json", Col{c.Name})
		}
		if lt := e.table.logType; lt != nil && c.Source != nil {
			rv.levels = rv.levels[:1]
			typ := lt.TypeOf(c.Source)
			if typ != nil {
				rv.levels[0] = arrayDepth(typ)
			}
			stepLevels(typ, rest, &rv.levels, &typ)
			rv.typ = typ
		}
		return rv, nil
	case len(rest) > 0:
		return resolved{}, e.unsupported(at, fmt.Sprintf("field %s (column %s is a %s, not an object)", p, c.Name, c.Type))
	}
	return resolved{col: c}, nil
}

// stepLevels appends the array levels of each step below a value of type
// t (nil: undeclared) and leaves the last step's type in *last.
func stepLevels(t *schema.Type, steps []string, levels *[]int, last **schema.Type) {
	if len(steps) == 0 {
		return
	}
	if t == nil {
		for range steps {
			*levels = append(*levels, 1)
		}
		*last = nil
		return
	}
	var typ *schema.Type
	for _, st := range t.Resolve(steps) {
		typ = st.Type
		if st.Type == nil {
			*levels = append(*levels, 1)
			continue
		}
		*levels = append(*levels, arrayDepth(st.Type))
	}
	*last = typ
}

// arrayDepth is how many array levels a declared type nests; undeclared
// or free JSON may be an array: one level (deeper nesting is reported as
// not checkable).
func arrayDepth(t *schema.Type) int {
	n := 0
	for ; t != nil && t.Kind == schema.KindArray; t = t.Elem {
		n++
	}
	if t == nil || t.Free() {
		return max(n, 1)
	}
	return n
}

func ones(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = 1
	}
	return out
}

// values returns the group of a path's values in the scope: the mv-apply
// that fans them out (added to the scope once per path) and the variable
// holding one value; or, when no step of the path can hold an array, no
// operator and the value itself (inline).
func (e *emitter) values(rv resolved, sc *scope) *pathGroup {
	key := printExpr(rv.base) + "\x00" + strings.Join(rv.steps, "\x00")
	if g, ok := sc.groups[key]; ok {
		return g
	}
	g := &pathGroup{sum: &Summarize{}}
	apply, last := e.expansion(rv)
	g.last = last
	if apply != nil {
		apply.Sub = append(apply.Sub, g.sum)
		sc.ops = append(sc.ops, apply)
	} else {
		g.sum = nil
	}
	sc.groups[key] = g
	return g
}

// arrayOf makes x a non-empty array for mv-apply/mv-expand: itself when it
// is a non-empty array, else a one-element array holding it (a scalar, a
// bag, null, or the empty array, which yields no value in the IR and fails
// every test here). mv-apply drops a record whose array is empty, so the
// expansion must never be empty.
func arrayOf(x Expr) Expr {
	return call("iff", &Cmp{Op: ">", L: call("array_length", x), R: Long(0)}, x, call("pack_array", x))
}

// flag adds countif(c) over the path's values to its group and returns the
// flag's column.
func (e *emitter) flag(g *pathGroup, c Expr, sc *scope) Col {
	name := e.newFlag()
	g.sum.Aggs = append(g.sum.Aggs, Agg{Name: name, Cond: c})
	sc.flags = append(sc.flags, name)
	return Col{name}
}

func (e *emitter) pred(p *ir.Pred, sc *scope) (Expr, error) {
	rv, err := e.resolve(p.Field, p.At, sc)
	if err != nil {
		return nil, err
	}
	if rv.col != nil {
		return e.columnPred(p, rv.col)
	}
	g := e.values(rv, sc)
	typ := rv.typ.Base() // the declared type of one value (nil: undeclared)
	isPresent := present(g.last)
	if x, ok := typedPresent(g.last, typ); ok {
		isPresent = x
		if g.sum != nil {
			// An empty array expands to one [] (see arrayOf): no value.
			isPresent = And(&Cmp{Op: "!=", L: call("gettype", g.last), R: Str("array")}, x)
		}
	}
	if g.sum == nil {
		// One value at most: test it in place.
		if p.Op == ir.OpIsNull {
			return negate(isPresent), nil
		}
		if x, ok, err := e.typedPred(p, g.last, typ); ok || err != nil {
			return x, err
		}
		return e.valuePred(p, g.last)
	}
	if p.Op == ir.OpIsNull {
		f := e.flag(g, isPresent, sc)
		return &Cmp{Op: "==", L: f, R: Long(0)}, nil
	}
	c, ok, err := e.typedPred(p, g.last, typ)
	if !ok && err == nil {
		c, err = e.valuePred(p, g.last)
	}
	if err != nil {
		return nil, err
	}
	f := e.flag(g, c, sc)
	return &Cmp{Op: ">", L: f, R: Long(0)}, nil
}

func isType(v Expr, t string) Expr { return &Cmp{Op: "==", L: call("gettype", v), R: Str(t)} }
func isNumber(v Expr) Expr         { return &In{X: call("gettype", v), List: numberTypes} }
func str(v Expr) Expr              { return call("tostring", v) }

// present is the IR's "present" for one value: a number or a boolean, a
// non-empty string, a non-empty bag (an empty array never gets here as a
// value: it fans out to nothing).
func present(v Expr) Expr {
	return Or(
		&In{X: call("gettype", v), List: append(append([]Expr(nil), numberTypes...), Str("bool"))},
		And(isType(v, "string"), &Cmp{Op: "!=", L: str(v), R: Str("")}),
		And(isType(v, "dictionary"), &Cmp{Op: ">", L: call("array_length", call("bag_keys", v)), R: Long(0)}),
	)
}

// valuePred is the predicate on one dynamic value v (never an array).
func (e *emitter) valuePred(p *ir.Pred, v Expr) (Expr, error) {
	switch p.Op {
	case ir.OpEq, ir.OpIn, ir.OpEqFold, ir.OpInFold:
		fold := p.Op == ir.OpEqFold || p.Op == ir.OpInFold
		var plain []Expr // strings that tostring(v) == s decides alone
		var xs []Expr
		for _, lit := range p.Args {
			switch l := lit.(type) {
			case ir.String:
				s := string(l)
				if fold {
					if c, ok := foldEq(str(v), s); ok {
						if safeText(s) {
							xs = append(xs, c)
						} else {
							xs = append(xs, And(isType(v, "string"), c))
						}
					} else {
						xs = append(xs, And(isType(v, "string"), &Cmp{Op: "matches regex", L: str(v), R: Str("(?i)^" + foldRegexp(s) + "$")}))
					}
				} else if safeText(s) {
					plain = append(plain, Str(s))
				} else {
					xs = append(xs, And(isType(v, "string"), &Cmp{Op: "==", L: str(v), R: Str(s)}))
				}
				if f, ok := ir.ParseDecimal(s); ok {
					xs = append(xs, And(isNumber(v), &Cmp{Op: "==", L: call("todouble", v), R: Real(f)}))
				}
				if s == "true" || s == "false" {
					xs = append(xs, boolIs(v, s == "true"))
				}
			case ir.Number:
				xs = append(xs, numberCmp(v, "==", l.F))
			case ir.Bool:
				xs = append(xs, boolIs(v, bool(l)), And(isType(v, "string"), &Cmp{Op: "==", L: str(v), R: Str(l.Text())}))
			}
		}
		switch len(plain) {
		case 0:
		case 1:
			xs = append([]Expr{&Cmp{Op: "==", L: str(v), R: plain[0]}}, xs...)
		default:
			xs = append([]Expr{&In{X: str(v), List: plain}}, xs...)
		}
		if len(xs) == 0 {
			return Bool(false), nil
		}
		return Or(xs...), nil
	case ir.OpGt, ir.OpGte, ir.OpLt, ir.OpLte:
		f, ok := ir.LiteralNumber(p.Arg())
		if !ok {
			return Bool(false), nil
		}
		return numberCmp(v, cmpOp(p.Op), f), nil
	}
	c, err := e.stringPred(p, str(v))
	if err != nil {
		return nil, err
	}
	if c == nil {
		return isType(v, "string"), nil
	}
	return And(isType(v, "string"), c), nil
}

func cmpOp(op ir.Op) string {
	switch op {
	case ir.OpGt:
		return ">"
	case ir.OpGte:
		return ">="
	case ir.OpLt:
		return "<"
	}
	return "<="
}

// numberCmp: v is a number, or a string that is a decimal number, and the
// comparison holds numerically.
func numberCmp(v Expr, op string, f float64) Expr {
	return Or(
		And(isNumber(v), &Cmp{Op: op, L: call("todouble", v), R: Real(f)}),
		And(isType(v, "string"), &Cmp{Op: "matches regex", L: str(v), R: Str(ir.DecimalPattern)},
			&Cmp{Op: op, L: call("todouble", str(v)), R: Real(f)}),
	)
}

func boolIs(v Expr, b bool) Expr {
	t := Expr(call("tobool", v))
	if !b {
		t = &Not{X: t}
	}
	return And(isType(v, "bool"), t)
}

// safeText reports whether tostring(v) == s can only hold for the string
// s: no number, boolean, null, array or bag prints as s.
func safeText(s string) bool {
	if s == "" || s[0] == '[' || s[0] == '{' || ir.IsDecimal(s) {
		return false
	}
	switch strings.ToLower(s) {
	case "true", "false", "inf", "-inf", "+inf", "nan", "infinity", "-infinity", "+infinity", "null":
		return false
	}
	return true
}

// stringPred is a string operator applied to the string expression s (the
// caller has checked that the value is a string). A nil result means the
// predicate holds for every string.
func (e *emitter) stringPred(p *ir.Pred, s Expr) (Expr, error) {
	lit := p.Str()
	switch p.Op {
	case ir.OpContains, ir.OpStartsWith, ir.OpEndsWith:
		if lit == "" {
			return nil, nil
		}
		return &Cmp{Op: csOp(p.Op), L: s, R: Str(lit)}, nil
	case ir.OpContainsFold, ir.OpStartsWithFold, ir.OpEndsWithFold:
		if lit == "" {
			return nil, nil
		}
		if foldSafe(lit) {
			return &Cmp{Op: strings.TrimSuffix(csOp(p.Op.Exact()), "_cs"), L: s, R: Str(lit)}, nil
		}
		re := "(?i)" + foldRegexp(lit)
		switch p.Op {
		case ir.OpStartsWithFold:
			re = "(?i)^" + foldRegexp(lit)
		case ir.OpEndsWithFold:
			re += "$"
		}
		return &Cmp{Op: "matches regex", L: s, R: Str(re)}, nil
	case ir.OpWildcard:
		return globPred(p.Glob, s), nil
	case ir.OpWildcardFold:
		c, err := foldGlobPred(p.Glob, s)
		if err != nil {
			return nil, e.unsupported(p.ArgPos, err.Error())
		}
		return c, nil
	case ir.OpRegex:
		if _, err := regexp.Compile(p.Re.String()); err != nil {
			return nil, e.unsupported(p.ArgPos, "the regex "+p.Re.String())
		}
		return &Cmp{Op: "matches regex", L: s, R: Str(p.Re.String())}, nil
	case ir.OpCIDR:
		if !p.Net.Addr().Is4() {
			return And(&Cmp{Op: "matches regex", L: s, R: Str(ipv6Pattern)}, call("ipv6_is_in_range", s, Str(p.Net.String()))), nil
		}
		return And(&Cmp{Op: "matches regex", L: s, R: Str(ipv4Pattern)}, call("ipv4_is_in_range", s, Str(p.Net.String()))), nil
	}
	return nil, e.unsupported(p.At, "operator "+p.Op.String())
}

func csOp(op ir.Op) string {
	switch op {
	case ir.OpContains:
		return "contains_cs"
	case ir.OpStartsWith:
		return "startswith_cs"
	}
	return "endswith_cs"
}

// globPred writes a glob as Kusto's own operators where they say it
// exactly (a literal, a prefix, a suffix, an infix) and as an anchored
// regular expression otherwise.
func globPred(g *ir.Glob, s Expr) Expr {
	if allStars(g) {
		return nil
	}
	if lit, ok := globText(g); ok {
		return &Cmp{Op: "==", L: s, R: Str(lit)}
	}
	if lit, op, ok := simpleGlob(g); ok {
		return &Cmp{Op: op, L: s, R: Str(lit)}
	}
	return &Cmp{Op: "matches regex", L: s, R: Str(g.Regexp())}
}

// allStars reports whether the glob is one or more "*" (any string).
func allStars(g *ir.Glob) bool {
	for _, p := range g.Parts {
		if p.Kind != strmatch.PartAnyRun {
			return false
		}
	}
	return len(g.Parts) > 0
}

// globText returns the text a glob without special parts matches.
func globText(g *ir.Glob) (string, bool) {
	var b strings.Builder
	for _, p := range g.Parts {
		if p.Kind != strmatch.PartLit {
			return "", false
		}
		b.WriteString(p.Text)
	}
	return b.String(), true
}

// simpleGlob recognises lit*, *lit and *lit*.
func simpleGlob(g *ir.Glob) (string, string, bool) {
	ps := g.Parts
	isStar := func(i int) bool { return i < len(ps) && ps[i].Kind == strmatch.PartAnyRun }
	isLit := func(i int) bool { return i < len(ps) && ps[i].Kind == strmatch.PartLit }
	switch {
	case len(ps) == 2 && isLit(0) && isStar(1):
		return ps[0].Text, "startswith_cs", true
	case len(ps) == 2 && isStar(0) && isLit(1):
		return ps[1].Text, "endswith_cs", true
	case len(ps) == 3 && isStar(0) && isLit(1) && isStar(2):
		return ps[1].Text, "contains_cs", true
	}
	return "", "", false
}

// foldGlobPred is wildcard~: the glob was lowered as text; a value matches
// when its lowercase form matches. Literal parts become case-insensitive
// operators when Kusto's folding agrees with the IR's on them, or regular
// expressions listing every code point that lowercases to each character.
func foldGlobPred(g *ir.Glob, s Expr) (Expr, error) {
	if allStars(g) {
		return nil, nil
	}
	if lit, ok := globText(g); ok {
		if c, ok := foldEq(s, lit); ok {
			return c, nil
		}
	}
	if lit, op, ok := simpleGlob(g); ok && foldSafe(lit) {
		return &Cmp{Op: strings.TrimSuffix(op, "_cs"), L: s, R: Str(lit)}, nil
	}
	var b strings.Builder
	b.WriteString("(?is)^")
	for _, p := range g.Parts {
		switch p.Kind {
		case strmatch.PartLit:
			b.WriteString(foldRegexp(p.Text))
		case strmatch.PartAnyRun:
			b.WriteString(".*")
		case strmatch.PartAnyOne:
			b.WriteString(".")
		case strmatch.PartClass:
			c, ok := foldClass(p)
			if !ok {
				return nil, fmt.Errorf("wildcard~ with a character class over more than %d characters (%s)", maxFoldClass, g.Source)
			}
			b.WriteString("(?-i:" + c + ")") // the class lists every case itself
		}
	}
	b.WriteString("$")
	return &Cmp{Op: "matches regex", L: s, R: Str(b.String())}, nil
}

// maxFoldClass bounds the characters of a wildcard~ class that foldClass
// lists one by one.
const maxFoldClass = 4096

// foldClass writes a class of the lowered wildcard~ pattern as an RE2 class
// over the value's own characters: a character matches [set] when its
// lowercase form is in the set, so the class lists every code point that
// lowercases into the set ([!set]: the negation of that).
func foldClass(p strmatch.GlobPart) (string, bool) {
	var members []rune
	n := 0
	for _, rg := range p.Ranges {
		n += int(rg.Hi-rg.Lo) + 1
		if n > maxFoldClass {
			return "", false
		}
		for r := rg.Lo; r <= rg.Hi; r++ {
			members = append(members, strmatch.LowerPreimage(r)...)
		}
	}
	if len(members) == 0 {
		if p.Negated {
			return "(?s:.)", true
		}
		return `[^\x{0}-\x{10FFFF}]`, true
	}
	var b strings.Builder
	b.WriteByte('[')
	if p.Negated {
		b.WriteByte('^')
	}
	seen := map[rune]bool{}
	for _, r := range members {
		if !seen[r] {
			seen[r] = true
			fmt.Fprintf(&b, `\x{%X}`, r)
		}
	}
	b.WriteByte(']')
	return b.String(), true
}

// foldEq is s =~ lit when Kusto's folding decides it as the IR does.
func foldEq(s Expr, lit string) (Expr, bool) {
	if !foldSafe(lit) {
		return nil, false
	}
	return &Cmp{Op: "=~", L: s, R: Str(lit)}, true
}

// foldSafe reports whether Kusto's case-insensitive operators, which fold
// ASCII letters only, treat every character of lit as the IR's simple
// lowercase folding does: the set of code points the IR equates with each
// character is the set Kusto equates with it. "k" fails (the Kelvin sign
// lowercases to "k"), as do "i" (U+0130) and every non-ASCII letter.
func foldSafe(lit string) bool {
	for _, r := range lit {
		if len(strmatch.LowerPreimage(unicode.ToLower(r))) != len(asciiPreimage(r)) {
			return false
		}
	}
	return true
}

func asciiPreimage(r rune) []rune {
	switch {
	case 'a' <= r && r <= 'z':
		return []rune{r, r - 'a' + 'A'}
	case 'A' <= r && r <= 'Z':
		return []rune{r, r - 'A' + 'a'}
	}
	return []rune{r}
}

func printExpr(x Expr) string {
	var b strings.Builder
	writeExpr(&b, x, precLow)
	return b.String()
}
