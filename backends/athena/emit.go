package athena

import (
	"errors"
	"fmt"
	"net/netip"
	"sort"
	"strings"
	"time"
	"unicode"

	"github.com/rulec/rulec/ir"
	"github.com/rulec/rulec/schema"
	"github.com/rulec/rulec/strmatch"
)

// Options are the hunting options of a conversion.
type Options struct {
	Profile ProfileName // "" chooses from the rule's LogTypes
	Table   string      // "" uses the profile's default table name
	Since   time.Time   // zero: no lower bound; inclusive
	Until   time.Time   // zero: no upper bound; exclusive
	// Registry declares the log types' fields; nil uses schema.Builtin().
	Registry *schema.Registry
}

// Query is one rule's emitted SQL.
type Query struct {
	RuleID  string
	Title   string
	Profile ProfileName
	Table   string
	// Events selects every event the rule matches.
	Events string
	// Alerts is set for a rule with a Threshold above 1: the windows of
	// DedupPeriodMinutes holding at least Threshold matching events.
	Alerts  string
	Partial bool
	// LogType is the registry log type whose declared field types the SQL
	// relies on ("" when none): it is exact on the logs that fit it.
	LogType string
	logType *schema.LogType
	// fromWhere is Events after its select list: the FROM and WHERE
	// clauses, which the DuckDB harness runs with a row number as the
	// select list to tell which of a batch of events the query selects.
	fromWhere string
}

// Text is the query file: a header naming the rule, then the statements.
func (q *Query) Text() string {
	var b strings.Builder
	fmt.Fprintf(&b, "-- rule: %s\n", oneLine(q.RuleID))
	if q.Title != "" {
		fmt.Fprintf(&b, "-- title: %s\n", oneLine(q.Title))
	}
	fmt.Fprintf(&b, "-- profile: %s, table: %s\n", q.Profile, q.Table)
	if q.Partial {
		b.WriteString("-- partial: the rule also runs logic its condition omits; this query matches a superset\n")
	}
	b.WriteString(q.Events)
	b.WriteString(";\n")
	if q.Alerts != "" {
		b.WriteString("\n-- alerts: windows with at least the rule's Threshold of matching events\n")
		b.WriteString(q.Alerts)
		b.WriteString(";\n")
	}
	return b.String()
}

// Statements returns the query's SQL statements without trailing semicolons.
func (q *Query) Statements() []string {
	if q.Alerts == "" {
		return []string{q.Events}
	}
	return []string{q.Events, q.Alerts}
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// Convert emits the SQL of one rule.
func Convert(r *ir.Rule, opt Options) (q *Query, err error) {
	pn := opt.Profile
	if pn == "" {
		pn = ProfileFor(r.LogTypes)
	}
	prof := profiles[pn]
	if prof == nil {
		return nil, fmt.Errorf("unknown profile %q", pn)
	}
	table := opt.Table
	if table == "" {
		table = DefaultTable(pn, r.LogTypes)
	}
	reg := opt.Registry
	if reg == nil {
		reg = schema.Builtin()
	}
	e := &emitter{rule: r, prof: prof}
	if len(r.LogTypes) == 1 && pn != ProfileS3Access {
		e.logType = reg.Lookup(r.LogTypes[0])
	}
	defer func() {
		// A typeError is an emitter bug; report it against the rule rather
		// than crash the whole conversion.
		if p := recover(); p != nil {
			te, ok := p.(typeError)
			if !ok {
				panic(p)
			}
			q, err = nil, ir.Errorf(r.File, r.At, "internal", "rule %s: %v", r.ID, te)
		}
	}()
	conds, err := e.condition(r.Cond)
	if err != nil {
		return nil, err
	}
	bounds, err := e.timeBounds(opt)
	if err != nil {
		return nil, err
	}
	from := tableRef(table)
	var sel strings.Builder
	sel.WriteString("SELECT\n    ")
	sel.WriteString(strings.Join(e.projection(), ",\n    "))
	fromWhere := "FROM " + from
	all := whereLines(bounds, conds)
	if len(all) > 0 {
		fromWhere += "\nWHERE\n    " + strings.Join(all, "\n    AND ")
	}
	sel.WriteString("\n" + fromWhere)
	q = &Query{RuleID: r.ID, Title: r.Title, Profile: pn, Table: table, Events: sel.String(), Partial: r.Partial, fromWhere: fromWhere}
	if e.logType != nil {
		q.LogType, q.logType = e.logType.Name, e.logType
	}
	if r.Threshold > 1 {
		q.Alerts, err = e.alerts(from, all)
		if err != nil {
			return nil, err
		}
	}
	return q, nil
}

// tableRef writes a table name, which may be qualified (db.table).
func tableRef(t string) string {
	var parts []string
	for _, p := range strings.Split(t, ".") {
		parts = append(parts, ident(p))
	}
	return strings.Join(parts, ".")
}

type emitter struct {
	rule *ir.Rule
	prof *profile
	vars int // lambda and UNNEST alias counter, so nested names never clash
	// inLambda counts the enclosing filter lambdas (quantifiers over an
	// ARRAY of ROWs), where Trino allows no subquery.
	inLambda int
	// logType is the registry's description of the rule's events (nil: the
	// rule names no single known log type): JSON paths it declares scalar
	// or object are read directly, without fan-out.
	logType *schema.LogType
}

func (e *emitter) unsupported(pos ir.Pos, format string, args ...any) error {
	return ir.Unsupported(e.rule, pos, "athena", fmt.Sprintf(format, args...))
}

// existsFilter tests whether some element of an ARRAY of ROWs satisfies
// cond. DuckDB has no any_match and cannot take lambdas in macros, and
// Trino's UNNEST of ROWs yields one column per field where DuckDB yields
// one; filter inside EXISTS reads the same on both.
func existsFilter(array, v string, cond expr) expr {
	mustType(cond, tBool)
	return expr{SQL: "EXISTS (SELECT 1 FROM UNNEST(filter(" + array + ", " + v + " -> " + cond.SQL + ")))", Type: tBool}
}

// scalarPred tests one value v (VARCHAR or BIGINT, NULL when absent).
func (e *emitter) scalarPred(p *ir.Pred, v expr) (expr, error) {
	if isNumeric(v.Type) {
		return e.bigintPred(p, v)
	}
	switch p.Op {
	case ir.OpIsNull:
		return compare(coalesce(v, varcharLit("")), "=", varcharLit("")), nil
	case ir.OpEq, ir.OpIn, ir.OpEqFold, ir.OpInFold:
		// eq~ folds only string literals; booleans and numbers compare as
		// under eq.
		var alts []expr
		var strs, folded []expr
		var nums []expr
		for _, a := range p.Args {
			switch l := a.(type) {
			case ir.String:
				if p.Op.IsFold() {
					folded = append(folded, varcharLit(strmatch.Lower(string(l))))
				} else {
					strs = append(strs, varcharLit(string(l)))
				}
			case ir.Bool:
				strs = append(strs, varcharLit(l.Text()))
			case ir.Number:
				n, err := doubleLit(l.F)
				if err != nil {
					return expr{}, e.unsupported(p.ArgPos, "%v", err)
				}
				nums = append(nums, n)
			}
		}
		if len(folded) > 0 {
			alts = append(alts, inList(lower(v), dedup(folded)))
		}
		if len(strs) > 0 {
			alts = append(alts, inList(v, dedup(strs)))
		}
		if len(nums) > 0 {
			alts = append(alts, and(regexpLike(v, decimalRegexp), inList(tryDouble(v), dedup(nums))))
		}
		if len(alts) == 0 {
			return sqlFalse, nil // an empty in list
		}
		return or(alts...), nil
	case ir.OpGt, ir.OpGte, ir.OpLt, ir.OpLte:
		n, ok := ir.LiteralNumber(p.Arg())
		if !ok {
			return sqlFalse, nil
		}
		lit, err := doubleLit(n)
		if err != nil {
			return expr{}, e.unsupported(p.ArgPos, "%v", err)
		}
		return and(regexpLike(v, decimalRegexp), compare(tryDouble(v), cmpOp(p.Op), lit)), nil
	}
	return e.stringPred(p, v)
}

func tryDouble(v expr) expr {
	return expr{SQL: "TRY_CAST(" + v.SQL + " AS DOUBLE)", Type: tDouble, Nullable: true}
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

func dedup(xs []expr) []expr {
	seen := map[string]bool{}
	var out []expr
	for _, x := range xs {
		if !seen[x.SQL] {
			seen[x.SQL] = true
			out = append(out, x)
		}
	}
	return out
}

// stringPred applies a string operator to a VARCHAR value. The "~"
// operators apply the exact one to lower(v) and the literal lowered here:
// Trino's lower maps each code point by Java's Character.toLowerCase, the
// simple lowercase mapping strmatch.Lower applies (and a wildcard~ pattern
// is lowered already, ir.CompileGlob).
func (e *emitter) stringPred(p *ir.Pred, v expr) (expr, error) {
	s := p.Str()
	op := p.Op
	if op.IsFold() {
		v = lower(v)
		s = strmatch.Lower(s)
		op = op.Exact()
	}
	switch op {
	case ir.OpContains:
		return like(v, "%"+likeEscape(s)+"%"), nil
	case ir.OpStartsWith:
		return like(v, likeEscape(s)+"%"), nil
	case ir.OpEndsWith:
		return like(v, "%"+likeEscape(s)), nil
	case ir.OpWildcard:
		// p.Glob of wildcard~ is the lowered pattern.
		if p.Glob.HasOnlyStars() {
			return like(v, globLike(p.Glob)), nil
		}
		return regexpLike(v, globRegexp(p.Glob)), nil
	case ir.OpRegex:
		re, err := portableRegexp(p.Re.String())
		if err != nil {
			return expr{}, e.unsupported(p.ArgPos, "%v in a regex", err)
		}
		return regexpLike(v, re), nil
	case ir.OpCIDR:
		return e.cidr(p, v)
	}
	return expr{}, fmt.Errorf("athena: operator %v", p.Op)
}

// ipv4Regexp is the dotted-quad form Go's netip accepts (no leading zeros).
const ipv4Regexp = `\A(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}\z`

// cidr tests membership with Trino's contains(network, IPADDRESS). Older
// Trino raises an error when the versions differ, where the spec says false
// (newer Trino compares the IPv4-mapped form, and an IPv4-mapped IPv6
// address is IPv4 to both, where ir.CIDRContains keeps it IPv6), so
// the address reaches contains only when it has the network's version; the
// CASE yields NULL otherwise, so no branch can fail whichever way an engine
// evaluates it.
func (e *emitter) cidr(p *ir.Pred, v expr) (expr, error) {
	n := p.Net
	if n.Addr().Is4() {
		guarded := "CASE WHEN " + regexpLike(v, ipv4Regexp).SQL + " THEN " + v.SQL + " END"
		return expr{SQL: "contains(" + quote(n.String()) + ", TRY_CAST(" + guarded + " AS IPADDRESS))", Type: tBool, Nullable: true}, nil
	}
	if overlapsMapped(n) {
		return expr{}, e.unsupported(p.ArgPos, "cidr %s, an IPv6 network holding IPv4-mapped addresses, which Trino's IPADDRESS cannot tell from IPv4", n)
	}
	// Trino prints an IPv4(-mapped) IPADDRESS in dotted form: only a value
	// that still prints with ":" is an IPv6 address for contains.
	asIP := "TRY_CAST(" + v.SQL + " AS IPADDRESS)"
	guarded := "CASE WHEN strpos(" + v.SQL + ", '%') = 0 AND strpos(CAST(" + asIP + " AS VARCHAR), ':') > 0 THEN " + asIP + " END"
	return expr{SQL: "contains(" + quote(n.String()) + ", " + guarded + ")", Type: tBool, Nullable: true}, nil
}

// overlapsMapped reports whether an IPv6 network shares addresses with
// ::ffff:0:0/96, the IPv4-mapped range.
func overlapsMapped(n netip.Prefix) bool {
	mapped := netip.MustParsePrefix("::ffff:0:0/96")
	return n.Overlaps(mapped)
}

// bigintPred tests a number (S3's BIGINT bytessent and objectsize, a JSON
// member declared a number, as DOUBLE): only numbers and numeric strings
// can equal it, and string operators never hold.
func (e *emitter) bigintPred(p *ir.Pred, v expr) (expr, error) {
	asDouble := expr{SQL: "CAST(" + v.SQL + " AS DOUBLE)", Type: tDouble, Nullable: true}
	if v.Type == tDouble {
		asDouble = v
	}
	switch p.Op {
	case ir.OpIsNull:
		return expr{SQL: v.SQL + " IS NULL", Type: tBool}, nil
	case ir.OpEq, ir.OpIn, ir.OpEqFold, ir.OpInFold:
		var nums []expr
		for _, a := range p.Args {
			if f, ok := ir.LiteralNumber(a); ok {
				n, err := doubleLit(f)
				if err != nil {
					return expr{}, e.unsupported(p.ArgPos, "%v", err)
				}
				nums = append(nums, n)
			}
		}
		if len(nums) == 0 {
			return sqlFalse, nil
		}
		return inList(asDouble, dedup(nums)), nil
	case ir.OpGt, ir.OpGte, ir.OpLt, ir.OpLte:
		f, ok := ir.LiteralNumber(p.Arg())
		if !ok {
			return sqlFalse, nil
		}
		n, err := doubleLit(f)
		if err != nil {
			return expr{}, e.unsupported(p.ArgPos, "%v", err)
		}
		return compare(asDouble, cmpOp(p.Op), n), nil
	}
	return sqlFalse, nil
}

// jsonFrom builds the FROM clause that yields one row per value at segs
// inside the JSON base: each step reads one member and, when it is an
// array, its elements. With no segs, the values of base itself.
//
// prefix are members, declared objects, that the first step reads through
// before its member: one json_extract reads them all.
func (e *emitter) jsonFrom(pos ir.Pos, base expr, prefix, segs []string) (from, last string, err error) {
	cur := base.SQL
	if len(segs) == 0 {
		e.vars++
		v := fmt.Sprintf("v%d", e.vars)
		return "UNNEST(" + fanOut("json_extract("+cur+", '$')") + fmt.Sprintf(") AS j%d(%s)", e.vars, v), v, nil
	}
	var parts []string
	for i, seg := range segs {
		path := "$"
		steps := []string{seg}
		if i == 0 {
			steps = append(append([]string(nil), prefix...), seg)
		}
		for _, s := range steps {
			k, err := jsonPathKey(s)
			if err != nil {
				return "", "", e.unsupported(pos, "%v", err)
			}
			path += strings.TrimPrefix(k, "$")
		}
		e.vars++
		v := fmt.Sprintf("v%d", e.vars)
		parts = append(parts, "UNNEST("+fanOut("json_extract("+cur+", "+quote(path)+")")+fmt.Sprintf(") AS j%d(%s)", e.vars, v))
		cur = v
		// ir.Eval flattens arrays nested in arrays; SQL has no recursion
		// here, so each step flattens a fixed number of levels more (see
		// NestedArrayLevels; the checker reports logs that nest deeper).
		for level := 1; level < NestedArrayLevels; level++ {
			e.vars++
			v := fmt.Sprintf("v%d", e.vars)
			parts = append(parts, "UNNEST("+fanOut(cur)+fmt.Sprintf(") AS j%d(%s)", e.vars, v))
			cur = v
		}
	}
	return strings.Join(parts, " CROSS JOIN "), cur, nil
}

// NestedArrayLevels is how many levels of arrays nested directly in arrays
// the SQL flattens at each step of a JSON path: [[["x"]]] yields "x". Trino
// SQL cannot flatten to any depth without recursion, so deeper nesting is a
// documented limit of the json paths; the DuckDB checker reports a test log
// that nests deeper as not checkable instead of giving a wrong result.
const NestedArrayLevels = 3

// NestingDepth returns how deeply arrays nest directly in arrays at any step
// of path in doc: 0 when no array is met, 1 for ["x"], 2 for [["x"]], and so
// on (the deepest along every fanned-out branch).
func NestingDepth(doc any, path []string) int {
	depth := 0
	var walk func(v any, rest []string)
	walk = func(v any, rest []string) {
		// Flatten v, counting the levels of arrays met in a row.
		level := 0
		vals := []any{v}
		for {
			var next []any
			arrays := false
			for _, x := range vals {
				if a, ok := x.([]any); ok {
					arrays = true
					next = append(next, a...)
				} else {
					next = append(next, x)
				}
			}
			if !arrays {
				break
			}
			level++
			vals = next
		}
		depth = max(depth, level)
		if len(rest) == 0 {
			return
		}
		for _, x := range vals {
			if m, ok := x.(map[string]any); ok {
				if child, ok := m[rest[0]]; ok {
					walk(child, rest[1:])
				}
			}
		}
	}
	if m, ok := doc.(map[string]any); ok && len(path) > 0 {
		if child, ok := m[path[0]]; ok {
			walk(child, path[1:])
		}
	}
	return depth
}

// fanOut turns a JSON value into the array of values it stands for: its
// elements when it is an array, else itself.
func fanOut(j string) string {
	return "COALESCE(TRY_CAST(" + j + " AS JSON ARRAY), ARRAY[" + j + "])"
}

// jsonPathKey writes one member step. Trino's JSON path reads letters,
// digits, "_" and ":" unquoted and needs ["..."] for anything else.
func jsonPathKey(seg string) (string, error) {
	plain := seg != ""
	for _, r := range seg {
		if !(r == '_' || r == ':' || unicode.IsLetter(r) || unicode.IsDigit(r)) {
			plain = false
		}
	}
	if plain {
		return "$." + seg, nil
	}
	if strings.ContainsAny(seg, `"\`) {
		return "", errors.New("a JSON key holding a quote or backslash")
	}
	return `$["` + seg + `"]`, nil
}

// jsonValuePred tests one JSON value x under the spec's typed equality.
func (e *emitter) jsonValuePred(p *ir.Pred, x expr) (expr, error) {
	s := call(tVarchar, true, "json_extract_scalar", x, varcharLit("$"))
	isStr := like(call(tVarchar, false, "json_format", x), `"%`)
	number := func(op string, lits []expr) expr {
		var c expr
		if op == "IN" {
			c = inList(tryDouble(s), lits)
		} else {
			c = compare(tryDouble(s), op, lits[0])
		}
		return and(regexpLike(s, decimalRegexp), c)
	}
	switch p.Op {
	case ir.OpEq, ir.OpIn, ir.OpEqFold, ir.OpInFold:
		// plain: non-numeric strings and booleans, equal only to the same
		// text (a number's text is numeric, a boolean's is "true" or
		// "false", which equal the booleans too: ir.Equal). decimals:
		// numeric strings, equal to the same string or to a number of that
		// value, never to another numeric string ("0403" is not "403").
		// nums: numbers, equal to numbers and numeric strings alike.
		// folded (eq~): string literals lowered, equal to the strings
		// whose lower() they are; the booleans still need the exact text.
		var plain, decimals, decimalValues, nums, folded []expr
		for _, a := range p.Args {
			switch l := a.(type) {
			case ir.String:
				if p.Op.IsFold() {
					folded = append(folded, varcharLit(strmatch.Lower(string(l))))
				}
				if f, ok := ir.ParseDecimal(string(l)); ok {
					n, err := doubleLit(f)
					if err != nil {
						return expr{}, e.unsupported(p.ArgPos, "%v", err)
					}
					if !p.Op.IsFold() {
						decimals = append(decimals, varcharLit(string(l)))
					}
					decimalValues = append(decimalValues, n)
					continue
				}
				if p.Op.IsFold() {
					if string(l) == "true" || string(l) == "false" {
						plain = append(plain, varcharLit(string(l)))
					}
					continue
				}
				plain = append(plain, varcharLit(string(l)))
			case ir.Bool:
				plain = append(plain, varcharLit(l.Text()))
			case ir.Number:
				n, err := doubleLit(l.F)
				if err != nil {
					return expr{}, e.unsupported(p.ArgPos, "%v", err)
				}
				nums = append(nums, n)
			}
		}
		var alts []expr
		if len(folded) > 0 {
			alts = append(alts, and(isStr, inList(lower(s), dedup(folded))))
		}
		if len(plain) > 0 {
			alts = append(alts, inList(s, dedup(plain)))
		}
		if len(decimals) > 0 {
			alts = append(alts, and(isStr, inList(s, dedup(decimals))))
		}
		if len(decimalValues) > 0 {
			alts = append(alts, and(not(isStr), number("IN", dedup(decimalValues))))
		}
		if len(nums) > 0 {
			alts = append(alts, number("IN", dedup(nums)))
		}
		if len(alts) == 0 {
			return sqlFalse, nil // an empty in list
		}
		return or(alts...), nil
	case ir.OpGt, ir.OpGte, ir.OpLt, ir.OpLte:
		f, ok := ir.LiteralNumber(p.Arg())
		if !ok {
			return sqlFalse, nil
		}
		n, err := doubleLit(f)
		if err != nil {
			return expr{}, e.unsupported(p.ArgPos, "%v", err)
		}
		return number(cmpOp(p.Op), []expr{n}), nil
	}
	str := expr{SQL: "CASE WHEN " + isStr.SQL + " THEN " + s.SQL + " END", Type: tVarchar, Nullable: true}
	return e.stringPred(p, str)
}

// projection lists the SELECT columns: the event time, the profile's
// defaults, then the rule's output fields and summary attributes that the
// table holds.
func (e *emitter) projection() []string {
	var cols []string
	seen := map[string]bool{}
	add := func(sqlExpr, alias string) {
		key := sqlExpr
		if seen[key] {
			return
		}
		seen[key] = true
		if alias != "" {
			sqlExpr += " AS " + quoteIdent(alias)
		}
		cols = append(cols, sqlExpr)
	}
	if e.prof.Name == ProfileJSON {
		add(e.prof.TimeExpr("raw"), "p_event_time")
	} else {
		add(ident(e.prof.TimeColumn), "")
	}
	for _, d := range e.prof.Defaults {
		add(projectPath(d), "")
	}
	var wanted []string
	for _, f := range e.rule.OutputFields {
		wanted = append(wanted, f.Path())
	}
	wanted = append(wanted, e.rule.SummaryAttributes...)
	for _, w := range wanted {
		segs := strings.Split(strings.ReplaceAll(w, ":", "."), ".")
		if sqlExpr, ok := e.projectField(segs); ok {
			alias := w
			if sqlExpr == alias || strings.EqualFold(sqlExpr, alias) && e.prof.caseInsensitive {
				alias = ""
			}
			add(sqlExpr, alias)
		}
	}
	if e.prof.Name == ProfileJSON {
		add("raw", "")
	}
	return cols
}

func projectPath(p string) string {
	var parts []string
	for _, s := range strings.Split(p, ".") {
		parts = append(parts, ident(s))
	}
	return strings.Join(parts, ".")
}

// projectField returns the SELECT expression of a field, if the table has
// it as a scalar (a column, a struct field, or a member of JSON text).
func (e *emitter) projectField(segs []string) (string, bool) {
	jsonScalar := func(base string, rest []string) (string, bool) {
		path := "$"
		for _, s := range rest {
			k, err := jsonPathKey(s)
			if err != nil {
				return "", false
			}
			path += strings.TrimPrefix(k, "$")
		}
		return "json_extract_scalar(" + base + ", " + quote(path) + ")", true
	}
	switch e.prof.Name {
	case ProfileJSON:
		if strings.HasPrefix(segs[0], "p_any_") {
			return "", false
		}
		return jsonScalar("raw", segs)
	case ProfileS3Access:
		col, ok := lookupColumn(e.prof.Columns, segs[0], false)
		if !ok || len(segs) > 1 {
			return "", false
		}
		return ident(col.Name), true
	}
	col, ok := lookupColumn(e.prof.Columns, segs[0], true)
	if !ok {
		return "", false
	}
	path := ident(col.Name)
	for i := 1; ; i++ {
		switch col.Kind {
		case kString, kBigint:
			return path, i == len(segs)
		case kJSONText:
			if i == len(segs) {
				return path, true
			}
			return jsonScalar(path, segs[i:])
		case kStruct:
			if i == len(segs) {
				return "", false
			}
			sub, ok := lookupColumn(col.Fields, segs[i], true)
			if !ok {
				return "", false
			}
			col = sub
			path += "." + ident(sub.Name)
		default:
			return "", false
		}
	}
}

// timeBounds returns the predicates of --since and --until: one on the
// projected partition, so Athena reads only those days, and one on the
// event time itself.
func (e *emitter) timeBounds(opt Options) ([]string, error) {
	var out []string
	if !opt.Since.IsZero() && !opt.Until.IsZero() && !opt.Since.Before(opt.Until) {
		return nil, fmt.Errorf("--since %s is not before --until %s", opt.Since.Format(time.RFC3339), opt.Until.Format(time.RFC3339))
	}
	part := ident(PartitionColumn)
	t := e.prof.TimeExpr(ident(e.prof.TimeColumn))
	lit := func(tm time.Time) string {
		if e.prof.Name == ProfileJSON {
			return "TIMESTAMP '" + tm.UTC().Format("2006-01-02 15:04:05.000") + "'"
		}
		return "from_iso8601_timestamp('" + tm.UTC().Format("2006-01-02T15:04:05.000Z") + "')"
	}
	if !opt.Since.IsZero() {
		out = append(out, part+" >= '"+opt.Since.UTC().Format("2006/01/02")+"'")
	}
	if !opt.Until.IsZero() {
		last := opt.Until.UTC().Add(-time.Nanosecond)
		out = append(out, part+" <= '"+last.Format("2006/01/02")+"'")
	}
	if !opt.Since.IsZero() {
		out = append(out, t+" >= "+lit(opt.Since))
	}
	if !opt.Until.IsZero() {
		out = append(out, t+" < "+lit(opt.Until))
	}
	return out, nil
}

// alerts builds the Threshold query: matching events grouped into windows
// of DedupPeriodMinutes (Panther's default, 60, when unset), keeping the
// windows with at least Threshold events. Windows are fixed (tumbling) and
// aligned to the epoch; the whole rule is one group.
func (e *emitter) alerts(from string, where []string) (string, error) {
	minutes := e.rule.DedupPeriodMinutes
	if minutes <= 0 {
		minutes = 60
	}
	secs := minutes * 60
	t := e.prof.TimeExpr(ident(e.prof.TimeColumn))
	var b strings.Builder
	b.WriteString("WITH matches AS (\n    SELECT " + t + " AS event_time\n    FROM " + from)
	if len(where) > 0 {
		b.WriteString("\n    WHERE\n        " + strings.Join(where, "\n        AND "))
	}
	b.WriteString("\n)\n")
	fmt.Fprintf(&b, "SELECT\n    from_unixtime(floor(to_unixtime(event_time) / %d) * %d) AS window_start,\n", secs, secs)
	b.WriteString("    count(*) AS events,\n    min(event_time) AS first_event,\n    max(event_time) AS last_event\n")
	b.WriteString("FROM matches\nWHERE event_time IS NOT NULL\n")
	fmt.Fprintf(&b, "GROUP BY from_unixtime(floor(to_unixtime(event_time) / %d) * %d)\n", secs, secs)
	fmt.Fprintf(&b, "HAVING count(*) >= %d\nORDER BY window_start", e.rule.Threshold)
	return b.String(), nil
}

// ConvertAll converts rules in ID order, collecting every error.
func ConvertAll(rules []*ir.Rule, opt Options) ([]*Query, error) {
	sorted := append([]*ir.Rule(nil), rules...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].ID < sorted[j].ID })
	var out []*Query
	var errs ir.ErrorList
	for _, r := range sorted {
		q, err := Convert(r, opt)
		if err != nil {
			var ie *ir.Error
			if errors.As(err, &ie) {
				errs.Add(ie)
				continue
			}
			errs.Add(ir.Errorf(r.File, r.At, "internal", "rule %s: %v", r.ID, err))
			continue
		}
		out = append(out, q)
	}
	if len(errs) > 0 {
		return out, errs
	}
	return out, nil
}
