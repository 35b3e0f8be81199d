package athena

import (
	"fmt"

	"github.com/rulec/rulec/ir"
)

// condition emits the whole condition as its top-level conjuncts, one a
// line in the query.
func (e *emitter) condition(c ir.Expr) ([]string, error) {
	var out []string
	for _, x := range ir.Conjuncts(c) {
		s, err := e.cond(x, tableScope{})
		if err != nil {
			return nil, err
		}
		if s.Level == levelOr {
			out = append(out, "("+s.SQL+")")
		} else {
			out = append(out, s.SQL)
		}
	}
	return out, nil
}

// scope is where the paths of a condition start: the table's row, or,
// inside a quantifier, the element it ranges over.
type scope interface{ isScope() }

// tableScope: paths name the profile's columns (or members of raw).
type tableScope struct{}

// jsonElemScope: paths start at a JSON value x, known to be present.
type jsonElemScope struct{ x expr }

// rowElemScope: paths name the fields of the ROW v, an element of an ARRAY
// of ROWs; the condition is the body of a lambda.
type rowElemScope struct {
	v      string
	fields []column
}

// scalarElemScope: the element is the scalar v, known not to be NULL; only
// "@" has a value.
type scalarElemScope struct{ v expr }

func (tableScope) isScope()      {}
func (jsonElemScope) isScope()   {}
func (rowElemScope) isScope()    {}
func (scalarElemScope) isScope() {}

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

// source is where a path's values come from.
type source interface{ isSource() }

// scalarSource is one value of a column or struct field (NULL when absent).
type scalarSource struct{ v expr }

// jsonSource is the values at segs inside base, fanned out over arrays at
// every step. base is JSON text (a VARCHAR column) or, inside a quantifier,
// a JSON element; an element with no segs is that one value.
type jsonSource struct {
	base expr
	segs []string
}

// rowArraySource is one field of every element of an ARRAY of ROWs, or the
// elements themselves when field is "".
type rowArraySource struct {
	array  string
	field  string
	fields []column
}

func (scalarSource) isSource()   {}
func (jsonSource) isSource()     {}
func (rowArraySource) isSource() {}

// elemValue reports whether s is a JSON element itself, not a path in it.
func (s jsonSource) elemValue() bool { return s.base.Type == tJSON && len(s.segs) == 0 }

// resolve maps a path, written at pos, onto the table or the element of
// the scope.
func (e *emitter) resolve(path ir.Path, pos ir.Pos, sc scope) (source, error) {
	segs := path.Segs
	field := path.Written()
	switch s := sc.(type) {
	case jsonElemScope:
		return jsonSource{base: s.x, segs: segs}, nil
	case scalarElemScope:
		if len(segs) > 0 {
			return nil, e.unsupported(pos, "field %s inside a quantifier over a string column, which has no members", field)
		}
		return scalarSource{v: s.v}, nil
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
		return scalarSource{v: expr{SQL: s.v + "." + ident(col.Name), Type: tVarchar, Nullable: true}}, nil
	}
	if len(segs) == 0 {
		return nil, e.unsupported(pos, "@ outside a quantifier")
	}
	switch e.prof.Name {
	case ProfileJSON:
		return jsonSource{base: expr{SQL: "raw", Type: tVarchar, Nullable: true}, segs: segs}, nil
	case ProfileS3Access:
		col, ok := lookupColumn(e.prof.Columns, segs[0], false)
		if !ok {
			return nil, e.unsupported(pos, "field %s, which is not a column of the s3access table (columns: %s)", field, e.prof.columnNames())
		}
		if len(segs) > 1 {
			return nil, e.unsupported(pos, "field %s, a path below the string column %s", field, col.Name)
		}
		if col.Kind == kBigint {
			return scalarSource{v: expr{SQL: col.Name, Type: tBigint, Nullable: true}}, nil
		}
		// AWS's RegexSerDe keeps "-", the access log's absent value.
		return scalarSource{v: expr{SQL: "NULLIF(" + ident(col.Name) + ", '-')", Type: tVarchar, Nullable: true}}, nil
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
			t := tVarchar
			if col.Kind == kBigint {
				t = tBigint
			}
			return scalarSource{v: expr{SQL: sqlPath, Type: t, Nullable: true}}, nil
		case kJSONText:
			return jsonSource{base: expr{SQL: sqlPath, Type: tVarchar, Nullable: true}, segs: segs[i:]}, nil
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
	case scalarSource:
		return e.scalarPred(p, s.v)
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
	case jsonSource:
		if s.elemValue() {
			if p.Op == ir.OpIsNull {
				return not(jsonPresent(s.base)), nil
			}
			return e.jsonValuePred(p, s.base)
		}
		if err := e.subquery(p.At, "a JSON path"); err != nil {
			return expr{}, err
		}
		return e.jsonPred(p, s)
	}
	return expr{}, fmt.Errorf("athena: unknown source %T", src)
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
	switch s := src.(type) {
	case scalarSource:
		// One value, or none when NULL.
		c, err := body(scalarElemScope{v: s.v})
		if err != nil {
			return expr{}, err
		}
		return found(and(expr{SQL: s.v.SQL + " IS NOT NULL", Type: tBool}, c)), nil
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
		elem := expr{SQL: v + "." + s.field, Type: tVarchar, Nullable: true}
		c, err := body(scalarElemScope{v: elem})
		if err != nil {
			return expr{}, err
		}
		return found(existsFilter(s.array, v, and(expr{SQL: elem.SQL + " IS NOT NULL", Type: tBool}, c))), nil
	case jsonSource:
		if s.elemValue() {
			// "@" yields the element itself, which is present.
			c, err := body(jsonElemScope{x: s.base})
			if err != nil {
				return expr{}, err
			}
			return found(c), nil
		}
		if len(s.segs) == 0 {
			return expr{}, e.unsupported(q.At, "a quantifier over the whole event")
		}
		if err := e.subquery(q.At, "a quantifier over a JSON path"); err != nil {
			return expr{}, err
		}
		from, last, err := e.jsonFrom(q.At, s)
		if err != nil {
			return expr{}, err
		}
		x := expr{SQL: last, Type: tJSON, Nullable: true}
		c, err := body(jsonElemScope{x: x})
		if err != nil {
			return expr{}, err
		}
		// Missing members and JSON nulls unnest as rows too; they are no
		// values.
		present := compare(call(tVarchar, false, "json_format", x), "<>", varcharLit("null"))
		return found(expr{SQL: "EXISTS (SELECT 1 FROM " + from + " WHERE " + and(present, c).SQL + ")", Type: tBool}), nil
	}
	return expr{}, fmt.Errorf("athena: unknown source %T", src)
}

// typedValue is one value of a path as SQL sees it: its text s (NULL when
// absent, JSON null, an object or an array) and whether it is a string.
// isStr is a constant for columns: a STRING column holds text (it cannot
// tell a JSON number from a string), a BIGINT column numbers.
type typedValue struct {
	s     expr
	isStr expr
}

// values turns a source into a FROM clause yielding one row per value
// ("" for a single value) and the value of each row. ARRAY of ROWs
// sources are handled by the caller.
func (e *emitter) values(pos ir.Pos, src source) (from string, v typedValue, err error) {
	switch s := src.(type) {
	case scalarSource:
		if s.v.Type == tBigint {
			return "", typedValue{s: expr{SQL: "CAST(" + s.v.SQL + " AS VARCHAR)", Type: tVarchar, Nullable: true}, isStr: sqlFalse}, nil
		}
		return "", typedValue{s: s.v, isStr: sqlTrue}, nil
	case jsonSource:
		x := s.base
		if !s.elemValue() {
			if err := e.subquery(pos, "a JSON path"); err != nil {
				return "", typedValue{}, err
			}
			var last string
			from, last, err = e.jsonFrom(pos, s)
			if err != nil {
				return "", typedValue{}, err
			}
			x = expr{SQL: last, Type: tJSON, Nullable: true}
		}
		return from, jsonTypedValue(x), nil
	}
	return "", typedValue{}, fmt.Errorf("athena: values of %T", src)
}

func jsonTypedValue(x expr) typedValue {
	return typedValue{
		s:     call(tVarchar, true, "json_extract_scalar", x, varcharLit("$")),
		isStr: like(call(tVarchar, false, "json_format", x), `"%`),
	}
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
			return expr{}, e.unsupported(pos, "a field reference between a field of an ARRAY of ROWs and a JSON path (Trino allows no subquery in a lambda)")
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
