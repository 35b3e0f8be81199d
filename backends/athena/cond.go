package athena

import (
	"fmt"
	"strings"

	"github.com/rulec/rulec/ir"
	"github.com/rulec/rulec/schema"
)

// condition emits the whole condition as its top-level conjuncts, one a
// line in the query.
func (e *emitter) condition(c ir.Expr) ([]expr, error) {
	var out []expr
	for _, x := range ir.Conjuncts(c) {
		s, err := e.cond(x, tableScope{})
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

// whereLines writes the lines of a WHERE: the time bounds, then the
// conjuncts, an OR in parentheses only when it stands beside another line.
func whereLines(bounds []string, conds []expr) []string {
	all := append([]string(nil), bounds...)
	for _, c := range conds {
		if c.Level == levelOr && len(bounds)+len(conds) > 1 {
			all = append(all, "("+c.SQL+")")
		} else {
			all = append(all, c.SQL)
		}
	}
	return all
}

// scope is where the paths of a condition start: the table's row, or,
// inside a quantifier, the element it ranges over.
type scope interface{ isScope() }

// tableScope: paths name the profile's columns (or members of raw).
type tableScope struct{}

// valueScope: the element is one value, known to be present; paths start
// at it when it is JSON, and only "@" has a value when it is a scalar.
type valueScope struct{ elem leaf }

// rowElemScope: paths name the fields of the ROW v, an element of an ARRAY
// of ROWs; the condition is the body of a lambda.
type rowElemScope struct {
	v      string
	fields []column
}

func (tableScope) isScope()   {}
func (valueScope) isScope()   {}
func (rowElemScope) isScope() {}

func (e *emitter) cond(c ir.Expr, sc scope) (expr, error) {
	switch x := c.(type) {
	case *ir.And:
		if len(x.Xs) == 0 {
			return sqlTrue, nil
		}
		xs, err := e.conds(x.Xs, sc)
		if err != nil {
			return expr{}, err
		}
		return and(xs...), nil
	case *ir.Or:
		if len(x.Xs) == 0 {
			return sqlFalse, nil
		}
		xs, err := e.conds(x.Xs, sc)
		if err != nil {
			return expr{}, err
		}
		return or(xs...), nil
	case *ir.Not:
		if y, ok := pushNot(x.X); ok {
			return e.cond(y, sc)
		}
		s, err := e.cond(x.X, sc)
		if err != nil {
			return expr{}, err
		}
		return not(s), nil
	case *ir.Pred:
		return e.pred(x, sc)
	case *ir.FieldPred:
		return e.fieldPred(x, sc)
	case *ir.Quant:
		return e.quant(x, sc)
	}
	return expr{}, fmt.Errorf("athena: unknown condition node %T", c)
}

// pushNot rewrites the negation of x when that removes negations, as an
// analyst would write it: not not A is A, and a negated and/or whose every
// operand is a negation becomes the dual junction of the operands
// (not (not A or not B) is A and B; the condition language is two-valued,
// so De Morgan holds). ok is false when nothing is gained.
func pushNot(x ir.Expr) (ir.Expr, bool) {
	switch y := x.(type) {
	case *ir.Not:
		return y.X, true
	case *ir.And, *ir.Or:
		var xs []ir.Expr
		if a, ok := y.(*ir.And); ok {
			xs = a.Xs
		} else {
			xs = y.(*ir.Or).Xs
		}
		if len(xs) == 0 {
			return nil, false
		}
		inner := make([]ir.Expr, len(xs))
		for i, c := range xs {
			n, ok := c.(*ir.Not)
			if !ok {
				return nil, false
			}
			inner[i] = n.X
		}
		if _, isAnd := y.(*ir.And); isAnd {
			return &ir.Or{At: y.Pos(), Xs: inner}, true
		}
		return &ir.And{At: y.Pos(), Xs: inner}, true
	}
	return nil, false
}

func (e *emitter) conds(xs []ir.Expr, sc scope) ([]expr, error) {
	var out []expr
	for _, x := range xs {
		s, err := e.cond(x, sc)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

// leafKind is what the SQL knows about the type of one value.
type leafKind uint8

const (
	leafJSON   leafKind = iota // a JSON value of any type (SQL type JSON)
	leafString                 // a string (VARCHAR): a STRING column, or a member declared a string
	leafNumber                 // a number (BIGINT or DOUBLE)
	leafBool                   // a boolean, as its text 'true' or 'false' (VARCHAR)
)

// leaf is one value of a path: v, NULL when absent. text is a number's
// text (its JSON text, or v cast to VARCHAR); typ the declared type of a
// JSON value (nil: undeclared, any JSON); known says the value is present
// (an element a quantifier ranges over).
type leaf struct {
	kind  leafKind
	v     expr
	text  expr
	typ   *schema.Type
	known bool
}

// source is where a path's values come from.
type source interface{ isSource() }

// valueSource is one value (none when NULL).
type valueSource struct{ leaf leaf }

// fanSource is one value per row of the FROM items from (UNNESTs of the
// arrays on the path).
type fanSource struct {
	from string
	leaf leaf
}

// rowArraySource is one field of every element of an ARRAY of ROWs, or the
// elements themselves when field is "".
type rowArraySource struct {
	array  string
	field  string
	fields []column
}

func (valueSource) isSource()    {}
func (fanSource) isSource()      {}
func (rowArraySource) isSource() {}

// resolve maps a path, written at pos, onto the table or the element of
// the scope.
func (e *emitter) resolve(path ir.Path, pos ir.Pos, sc scope) (source, error) {
	segs := path.Segs
	field := path.Written()
	switch s := sc.(type) {
	case valueScope:
		if s.elem.kind == leafJSON {
			return e.jsonValues(pos, s.elem, segs)
		}
		if len(segs) > 0 {
			return nil, e.unsupported(pos, "field %s inside a quantifier over a scalar, which has no members", field)
		}
		return valueSource{leaf: s.elem}, nil
	case rowElemScope:
		if len(segs) == 0 {
			return nil, e.unsupported(pos, "a predicate on @, a whole ROW")
		}
		col, ok := lookupColumn(s.fields, segs[0], true)
		if !ok {
			return nil, e.unsupported(pos, "field %s: the elements have no field %s", field, segs[0])
		}
		if col.Kind != kString || len(segs) > 1 {
			return nil, e.unsupported(pos, "field %s, a path below the string field %s", field, col.Name)
		}
		return valueSource{leaf: stringLeaf(expr{SQL: s.v + "." + ident(col.Name), Type: tVarchar, Nullable: true})}, nil
	}
	if len(segs) == 0 {
		return nil, e.unsupported(pos, "@ outside a quantifier")
	}
	switch e.prof.Name {
	case ProfileJSON:
		return e.jsonValues(pos, leaf{kind: leafJSON, v: expr{SQL: "raw", Type: tVarchar, Nullable: true}, typ: e.rootType()}, segs)
	case ProfileS3Access:
		col, ok := lookupColumn(e.prof.Columns, segs[0], false)
		if !ok {
			return nil, e.unsupported(pos, "field %s, which is not a column of the s3access table (columns: %s)", field, e.prof.columnNames())
		}
		if len(segs) > 1 {
			return nil, e.unsupported(pos, "field %s, a path below the string column %s", field, col.Name)
		}
		if col.Kind == kBigint {
			return valueSource{leaf: bigintLeaf(expr{SQL: col.Name, Type: tBigint, Nullable: true})}, nil
		}
		// AWS's RegexSerDe keeps "-", the access log's absent value.
		return valueSource{leaf: stringLeaf(expr{SQL: "NULLIF(" + ident(col.Name) + ", '-')", Type: tVarchar, Nullable: true})}, nil
	}
	col, ok := lookupColumn(e.prof.Columns, segs[0], true)
	if !ok {
		return nil, e.unsupported(pos, "field %s, which is not a column of the cloudtrail table (use --profile json for other events)", field)
	}
	sqlPath := ident(col.Name)
	for i := 1; ; i++ {
		switch col.Kind {
		case kString, kBigint:
			if i < len(segs) {
				return nil, e.unsupported(pos, "field %s, a path below the string column %s", field, sqlPath)
			}
			if col.Kind == kBigint {
				return valueSource{leaf: bigintLeaf(expr{SQL: sqlPath, Type: tBigint, Nullable: true})}, nil
			}
			return valueSource{leaf: stringLeaf(expr{SQL: sqlPath, Type: tVarchar, Nullable: true})}, nil
		case kJSONText:
			var typ *schema.Type
			if e.logType != nil {
				typ = e.logType.TypeOf(segs[:i])
			}
			return e.jsonValues(pos, leaf{kind: leafJSON, v: expr{SQL: sqlPath, Type: tVarchar, Nullable: true}, typ: typ}, segs[i:])
		case kMapString:
			return nil, e.unsupported(pos, "field %s, inside the MAP column %s", field, sqlPath)
		case kStruct:
			if i == len(segs) {
				return nil, e.unsupported(pos, "a predicate on %s, a whole STRUCT", field)
			}
			sub, ok := lookupColumn(col.Fields, segs[i], true)
			if !ok {
				return nil, e.unsupported(pos, "field %s: %s has no field %s", field, sqlPath, segs[i])
			}
			col = sub
			sqlPath += "." + ident(sub.Name)
		case kArrayRow:
			if i == len(segs) {
				return rowArraySource{array: sqlPath, fields: col.Fields}, nil
			}
			if i != len(segs)-1 {
				return nil, e.unsupported(pos, "field %s: only one field of each element of the array %s can be tested", field, sqlPath)
			}
			sub, ok := lookupColumn(col.Fields, segs[i], true)
			if !ok {
				return nil, e.unsupported(pos, "field %s: the elements of %s have no field %s", field, sqlPath, segs[i])
			}
			return rowArraySource{array: sqlPath, field: ident(sub.Name), fields: col.Fields}, nil
		}
	}
}

func stringLeaf(v expr) leaf { return leaf{kind: leafString, v: v} }

func bigintLeaf(v expr) leaf {
	return leaf{kind: leafNumber, v: v, text: expr{SQL: "CAST(" + v.SQL + " AS VARCHAR)", Type: tVarchar, Nullable: true}}
}

// rootType is the declared type of the events, when the rule names one
// log type of the registry.
func (e *emitter) rootType() *schema.Type {
	if e.logType == nil {
		return nil
	}
	return e.logType.Root
}

// jsonValues resolves segs inside the JSON value base (JSON text in a
// VARCHAR, or a JSON element) of declared type base.typ. Where the
// registry declares every step a scalar or an object, the path is one
// json_extract_scalar (or json_extract); declared arrays are unnested
// (CAST to an ARRAY, of VARCHAR when the elements are strings); from the
// first step that is free JSON or undeclared, every step fans out, as the
// language requires of JSON nobody describes (jsonFrom).
func (e *emitter) jsonValues(pos ir.Pos, base leaf, segs []string) (source, error) {
	if len(segs) == 0 {
		if base.v.Type == tJSON {
			return valueSource{leaf: base}, nil
		}
		// A predicate on a JSON text column itself.
		from, last, err := e.jsonFrom(pos, base.v, nil, nil)
		if err != nil {
			return nil, err
		}
		return fanSource{from: from, leaf: leaf{kind: leafJSON, v: expr{SQL: last, Type: tJSON, Nullable: true}}}, nil
	}
	var steps []schema.Step
	if base.typ != nil {
		steps = base.typ.Resolve(segs)
	}
	cur := base.v.SQL
	var pending []string // member steps not yet extracted from cur
	var parts []string   // UNNEST items
	var typ *schema.Type // declared type of the value at cur + pending
	elemString := false  // cur is a VARCHAR element
	extract := func(fn string) (string, error) {
		path := "$"
		for _, s := range pending {
			k, err := jsonPathKey(s)
			if err != nil {
				return "", e.unsupported(pos, "%v", err)
			}
			path += strings.TrimPrefix(k, "$")
		}
		return fn + "(" + cur + ", " + quote(path) + ")", nil
	}
	for i, seg := range segs {
		if steps == nil || steps[i].Type == nil || steps[i].Type.Free() {
			// Free JSON or undeclared from here: fan out at every step.
			from, last, err := e.jsonFrom(pos, expr{SQL: cur, Type: tJSON}, pending, segs[i:])
			if err != nil {
				return nil, err
			}
			parts = append(parts, from)
			return fanSource{from: strings.Join(parts, " CROSS JOIN "), leaf: leaf{kind: leafJSON, v: expr{SQL: last, Type: tJSON, Nullable: true}}}, nil
		}
		pending = append(pending, seg)
		typ = steps[i].Type
		if typ.Kind != schema.KindArray {
			continue
		}
		arr, err := extract("json_extract")
		if err != nil {
			return nil, err
		}
		pending = nil
		for t := typ; t.Kind == schema.KindArray; t = t.Elem {
			e.vars++
			v := fmt.Sprintf("v%d", e.vars)
			elemType := "JSON"
			if t.Elem.Stringy() && i == len(segs)-1 {
				elemType, elemString = "VARCHAR", true
			}
			parts = append(parts, "UNNEST(TRY_CAST("+arr+" AS "+elemType+" ARRAY)) AS "+fmt.Sprintf("j%d(%s)", e.vars, v))
			arr = v
		}
		cur = arr
		typ = typ.Base()
	}
	var l leaf
	if len(pending) == 0 && elemString {
		l = stringLeaf(expr{SQL: cur, Type: tVarchar, Nullable: true})
	} else {
		var err error
		if l, err = e.typedLeaf(pos, cur, pending, typ, extract); err != nil {
			return nil, err
		}
	}
	if len(parts) == 0 {
		return valueSource{leaf: l}, nil
	}
	return fanSource{from: strings.Join(parts, " CROSS JOIN "), leaf: l}, nil
}

// typedLeaf reads the value at cur + pending as its declared type says.
func (e *emitter) typedLeaf(pos ir.Pos, cur string, pending []string, typ *schema.Type, extract func(string) (string, error)) (leaf, error) {
	scalar := func() (expr, error) {
		if len(pending) == 0 {
			return expr{SQL: "json_extract_scalar(" + cur + ", '$')", Type: tVarchar, Nullable: true}, nil
		}
		s, err := extract("json_extract_scalar")
		return expr{SQL: s, Type: tVarchar, Nullable: true}, err
	}
	switch {
	case typ.Stringy(): // JSON strings in every log that fits
		s, err := scalar()
		return stringLeaf(s), err
	case typ.Kind == schema.KindNumber:
		s, err := scalar()
		return leaf{kind: leafNumber, v: tryDouble(s), text: s}, err
	case typ.Kind == schema.KindBoolean:
		s, err := scalar()
		return leaf{kind: leafBool, v: s}, err
	}
	if len(pending) == 0 {
		return leaf{kind: leafJSON, v: expr{SQL: cur, Type: tJSON, Nullable: true}, typ: typ}, nil
	}
	x, err := extract("json_extract")
	return leaf{kind: leafJSON, v: expr{SQL: x, Type: tJSON, Nullable: true}, typ: typ}, err
}

// subquery reports that a construct needs a subquery, which Trino does not
// allow in the body of a lambda (inside a quantifier over an ARRAY of ROWs).
func (e *emitter) subquery(pos ir.Pos, what string) error {
	if e.inLambda > 0 {
		return e.unsupported(pos, "%s inside a quantifier over an ARRAY of ROWs (Trino allows no subquery in a lambda)", what)
	}
	return nil
}

func (e *emitter) pred(p *ir.Pred, sc scope) (expr, error) {
	src, err := e.resolve(p.Field, p.At, sc)
	if err != nil {
		return expr{}, err
	}
	for _, a := range p.Args {
		if err := checkText(a.Text()); err != nil {
			return expr{}, e.unsupported(p.ArgPos, "%v", err)
		}
	}
	switch s := src.(type) {
	case valueSource:
		return e.leafPred(p, s.leaf)
	case fanSource:
		if err := e.subquery(p.At, "a path through an array"); err != nil {
			return expr{}, err
		}
		if p.Op == ir.OpIsNull {
			return expr{SQL: "NOT EXISTS (SELECT 1 FROM " + s.from + " WHERE " + present(s.leaf).SQL + ")", Type: tBool}, nil
		}
		c, err := e.leafPred(p, s.leaf)
		if err != nil {
			return expr{}, err
		}
		return expr{SQL: "EXISTS (SELECT 1 FROM " + s.from + " WHERE " + c.SQL + ")", Type: tBool}, nil
	case rowArraySource:
		if s.field == "" {
			return expr{}, e.unsupported(p.At, "a predicate on %s, a whole ARRAY of ROWs (use any or all)", p.Field.Written())
		}
		if err := e.subquery(p.At, "a predicate on an array"); err != nil {
			return expr{}, err
		}
		e.vars++
		v := fmt.Sprintf("r%d", e.vars)
		elem := expr{SQL: v + "." + s.field, Type: tVarchar, Nullable: true}
		if p.Op == ir.OpIsNull {
			present := notNull(compare(coalesce(elem, varcharLit("")), "<>", varcharLit("")))
			return not(existsFilter(s.array, v, present)), nil
		}
		inner, err := e.scalarPred(p, elem)
		if err != nil {
			return expr{}, err
		}
		return existsFilter(s.array, v, inner), nil
	}
	return expr{}, fmt.Errorf("athena: unknown source %T", src)
}

// leafPred applies a predicate to one value.
func (e *emitter) leafPred(p *ir.Pred, l leaf) (expr, error) {
	switch l.kind {
	case leafString, leafNumber:
		return e.scalarPred(p, l.v)
	case leafBool:
		return boolPred(p, l.v), nil
	}
	if p.Op == ir.OpIsNull {
		return not(jsonPresent(l.v)), nil
	}
	return e.jsonValuePred(p, l.v)
}

// boolPred tests a boolean, held as its text: it equals only true, false
// and their texts (ir.Equal), under eq and eq~ alike; nothing else holds.
func boolPred(p *ir.Pred, v expr) expr {
	switch p.Op {
	case ir.OpIsNull:
		return expr{SQL: v.SQL + " IS NULL", Type: tBool}
	case ir.OpEq, ir.OpIn, ir.OpEqFold, ir.OpInFold:
		var lits []expr
		for _, a := range p.Args {
			switch l := a.(type) {
			case ir.Bool:
				lits = append(lits, varcharLit(l.Text()))
			case ir.String:
				if l == "true" || l == "false" {
					lits = append(lits, varcharLit(string(l)))
				}
			}
		}
		if len(lits) == 0 {
			return sqlFalse
		}
		return inList(v, dedup(lits))
	}
	return sqlFalse
}

// present holds when a value counts as present for is_null (not "", [] or
// {}); NULL when the value is absent.
func present(l leaf) expr {
	switch l.kind {
	case leafString:
		return compare(l.v, "<>", varcharLit(""))
	case leafJSON:
		return jsonPresent(l.v)
	}
	return expr{SQL: l.v.SQL + " IS NOT NULL", Type: tBool}
}

// exists holds when a value is there at all: not NULL, not JSON null.
func exists(l leaf) expr {
	if l.kind == leafJSON {
		return compare(call(tVarchar, false, "json_format", l.v), "<>", varcharLit("null"))
	}
	return expr{SQL: l.v.SQL + " IS NOT NULL", Type: tBool}
}

// jsonPresent holds when the JSON value x is present for is_null: not
// missing, not null, "", [] or {}.
func jsonPresent(x expr) expr {
	return compare(call(tVarchar, false, "json_format", x), "NOT IN", expr{SQL: `('""', '[]', '{}', 'null')`, Type: tVarchar})
}

// quant emits any/all over the values at the quantifier's path: EXISTS
// over the values that satisfy the condition (any), NOT EXISTS over those
// that fail it (all), so an empty path makes any false and all true.
func (e *emitter) quant(q *ir.Quant, sc scope) (expr, error) {
	src, err := e.resolve(q.Path, q.At, sc)
	if err != nil {
		return expr{}, err
	}
	// body is the condition on one element; for all, negated (two-valued).
	// A NULL body keeps no row in WHERE or filter, as FALSE would.
	body := func(inner scope) (expr, error) {
		c, err := e.cond(q.X, inner)
		if err != nil {
			return expr{}, err
		}
		if q.All {
			return not(c), nil
		}
		return c, nil
	}
	found := func(exists expr) expr {
		if q.All {
			return not(exists)
		}
		return exists
	}
	// onValue restricts the body to values that are there. A body false on
	// an absent value (ir.Eval on nothing; the SQL is exact on missing
	// values) needs no such test: "any tags (@ starts_with x)" reads
	// "WHERE v1 LIKE 'x%'".
	onValue := func(elem leaf, c expr) expr {
		if ir.Eval(q.X, nil) != q.All {
			return and(exists(elem), c)
		}
		return c
	}
	switch s := src.(type) {
	case valueSource:
		// One value, or none.
		elem := s.leaf
		c, err := body(valueScope{elem: leaf{kind: elem.kind, v: elem.v, text: elem.text, typ: elem.typ, known: true}})
		if err != nil {
			return expr{}, err
		}
		if elem.known {
			return found(c), nil
		}
		return found(onValue(elem, c)), nil
	case fanSource:
		if err := e.subquery(q.At, "a quantifier over a path through an array"); err != nil {
			return expr{}, err
		}
		elem := s.leaf
		elem.known = true
		c, err := body(valueScope{elem: elem})
		if err != nil {
			return expr{}, err
		}
		// Missing members and nulls unnest as rows too; they are no values.
		return found(expr{SQL: "EXISTS (SELECT 1 FROM " + s.from + " WHERE " + onValue(s.leaf, c).SQL + ")", Type: tBool}), nil
	case rowArraySource:
		if err := e.subquery(q.At, "a quantifier over an array"); err != nil {
			return expr{}, err
		}
		e.vars++
		v := fmt.Sprintf("r%d", e.vars)
		e.inLambda++
		defer func() { e.inLambda-- }()
		if s.field == "" {
			c, err := body(rowElemScope{v: v, fields: s.fields})
			if err != nil {
				return expr{}, err
			}
			return found(existsFilter(s.array, v, c)), nil
		}
		elem := stringLeaf(expr{SQL: v + "." + s.field, Type: tVarchar, Nullable: true})
		elem.known = true
		c, err := body(valueScope{elem: elem})
		if err != nil {
			return expr{}, err
		}
		return found(existsFilter(s.array, v, onValue(elem, c))), nil
	}
	return expr{}, fmt.Errorf("athena: unknown source %T", src)
}

// typedValue is one value of a path as SQL sees it: its text s (NULL when
// absent, JSON null, an object or an array) and whether it is a string.
// isStr is a constant where the type is known: a STRING column holds text
// (it cannot tell a JSON number from a string), a number is no string.
type typedValue struct {
	s     expr
	isStr expr
}

func typedOf(l leaf) typedValue {
	switch l.kind {
	case leafString:
		return typedValue{s: l.v, isStr: sqlTrue}
	case leafNumber:
		return typedValue{s: l.text, isStr: sqlFalse}
	case leafBool:
		return typedValue{s: l.v, isStr: sqlFalse}
	}
	return typedValue{
		s:     call(tVarchar, true, "json_extract_scalar", l.v, varcharLit("$")),
		isStr: like(call(tVarchar, false, "json_format", l.v), `"%`),
	}
}

// values turns a source into a FROM clause yielding one row per value
// ("" for a single value) and the value of each row. ARRAY of ROWs
// sources are handled by the caller.
func (e *emitter) values(pos ir.Pos, src source) (from string, v typedValue, err error) {
	switch s := src.(type) {
	case valueSource:
		return "", typedOf(s.leaf), nil
	case fanSource:
		if err := e.subquery(pos, "a path through an array"); err != nil {
			return "", typedValue{}, err
		}
		return s.from, typedOf(s.leaf), nil
	}
	return "", typedValue{}, fmt.Errorf("athena: values of %T", src)
}

// fieldPred compares the values of two paths: some value of the field and
// some value of the reference satisfy the operator (ir.EvalFieldPred).
func (e *emitter) fieldPred(p *ir.FieldPred, sc scope) (expr, error) {
	fsrc, err := e.resolve(p.Field, p.At, sc)
	if err != nil {
		return expr{}, err
	}
	gsrc, err := e.resolve(p.Ref, p.RefPos, sc)
	if err != nil {
		return expr{}, err
	}
	frow, fIsRows := fsrc.(rowArraySource)
	grow, gIsRows := gsrc.(rowArraySource)
	for _, r := range []struct {
		ok   bool
		src  rowArraySource
		path ir.Path
		pos  ir.Pos
	}{{fIsRows, frow, p.Field, p.At}, {gIsRows, grow, p.Ref, p.RefPos}} {
		if r.ok && r.src.field == "" {
			return expr{}, e.unsupported(r.pos, "a field reference to %s, a whole ARRAY of ROWs", r.path.Written())
		}
	}
	if fIsRows || gIsRows {
		// One side is a field of an ARRAY of ROWs: the comparison is the
		// filter's lambda, so the other side must be a single value.
		other, rows, pos := gsrc, frow, p.At
		if gIsRows {
			other, rows, pos = fsrc, grow, p.RefPos
		}
		if fIsRows && gIsRows {
			return expr{}, e.unsupported(p.RefPos, "a field reference between two fields of ARRAYs of ROWs")
		}
		if err := e.subquery(pos, "a field reference to an array"); err != nil {
			return expr{}, err
		}
		from, ov, err := e.values(pos, other)
		if err != nil {
			return expr{}, err
		}
		if from != "" {
			return expr{}, e.unsupported(pos, "a field reference between a field of an ARRAY of ROWs and a path through a JSON array (Trino allows no subquery in a lambda)")
		}
		e.vars++
		v := fmt.Sprintf("r%d", e.vars)
		elem := typedValue{s: expr{SQL: v + "." + rows.field, Type: tVarchar, Nullable: true}, isStr: sqlTrue}
		fv, gv := elem, ov
		if gIsRows {
			fv, gv = ov, elem
		}
		return existsFilter(rows.array, v, refCompare(p.Op, fv, gv)), nil
	}
	ffrom, fv, err := e.values(p.At, fsrc)
	if err != nil {
		return expr{}, err
	}
	gfrom, gv, err := e.values(p.RefPos, gsrc)
	if err != nil {
		return expr{}, err
	}
	c := refCompare(p.Op, fv, gv)
	var froms []string
	for _, f := range []string{ffrom, gfrom} {
		if f != "" {
			froms = append(froms, f)
		}
	}
	if len(froms) == 0 {
		return c, nil
	}
	return expr{SQL: "EXISTS (SELECT 1 FROM " + joinFrom(froms) + " WHERE " + c.SQL + ")", Type: tBool}, nil
}

func joinFrom(froms []string) string {
	out := froms[0]
	for _, f := range froms[1:] {
		out += " CROSS JOIN " + f
	}
	return out
}

// refCompare applies op to a value f and a reference value g read as a
// literal (ir.OpHolds on ir.LiteralOf).
//   - eq (ir.Equal): the same text is the same value, whatever the types
//     (a number's text is decimal, a boolean's "true" or "false", equal to
//     the string of that text); else, unless both are strings, two decimal
//     texts of the same number (403 and "403.0").
//   - eq~: also two strings with the same lower().
//   - contains, starts_with, ends_with and their "~" forms: two strings.
func refCompare(op ir.Op, f, g typedValue) expr {
	fold := op.IsFold()
	fs, gs := f.s, g.s
	if fold {
		fs, gs = lower(fs), lower(gs)
	}
	bothStr := andConst(f.isStr, g.isStr)
	switch op.Exact() {
	case ir.OpEq:
		c := compare(f.s, "=", g.s)
		if fold {
			c = compare(fs, "=", gs)
			if bothStr != sqlTrue {
				c = or(and(bothStr, c), compare(f.s, "=", g.s))
			}
		}
		if bothStr == sqlTrue {
			return c
		}
		numbers := []expr{regexpLike(f.s, decimalRegexp), regexpLike(g.s, decimalRegexp),
			compare(tryDouble(f.s), "=", tryDouble(g.s))}
		if f.isStr != sqlFalse && g.isStr != sqlFalse {
			numbers = append([]expr{not(bothStr)}, numbers...)
		}
		return or(c, and(numbers...))
	case ir.OpContains:
		return withStr(bothStr, compare(call(tBigint, false, "strpos", fs, gs), ">", expr{SQL: "0", Type: tBigint}))
	case ir.OpStartsWith:
		return withStr(bothStr, call(tBool, false, "starts_with", fs, gs))
	case ir.OpEndsWith:
		// Trino has no ends_with: the suffix of fs as long as gs.
		flen := call(tBigint, false, "length", fs)
		glen := call(tBigint, false, "length", gs)
		suffix := expr{SQL: "substr(" + fs.SQL + ", " + flen.SQL + " - " + glen.SQL + " + 1)", Type: tVarchar, Nullable: true}
		return withStr(bothStr, and(compare(flen, ">=", glen), compare(suffix, "=", gs)))
	}
	panic(typeError{fmt.Sprintf("field reference with operator %v", op)})
}

// andConst is the conjunction of two isStr tests, folding constants.
func andConst(a, b expr) expr {
	switch {
	case a == sqlFalse || b == sqlFalse:
		return sqlFalse
	case a == sqlTrue:
		return b
	case b == sqlTrue:
		return a
	}
	return and(a, b)
}

func withStr(isStr, c expr) expr {
	switch isStr {
	case sqlTrue:
		return c
	case sqlFalse:
		return sqlFalse
	}
	return and(isStr, c)
}
