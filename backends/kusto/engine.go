package kusto

import (
	"encoding/json"
	"fmt"
	"math"
	"net/netip"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// The engine evaluates the subset of Kusto the emitter writes, under the
// semantics the package documentation cites. Values are those of a Kusto
// row: nil (null), string, int64 (long), float64 (real), bool, []any
// (dynamic array), map[string]any (dynamic property bag). A boolean
// expression may be null (Kusto's bool has a null), and where keeps only
// rows for which its condition is true.

// Row is one record: column name to value.
type Row map[string]any

// errNotCheckable says the engine met a log the emitted query was not
// written for (an array directly inside an array on a fanned-out path).
type errNotCheckable struct{ why string }

func (e errNotCheckable) Error() string { return e.why }

// Run evaluates the query on the rows of its table and returns the rows
// that come out.
func Run(q *Query, rows []Row) ([]Row, error) {
	return runOps(q.Ops, rows)
}

func runOps(ops []Op, rows []Row) ([]Row, error) {
	for _, o := range ops {
		var err error
		rows, err = runOp(o, rows)
		if err != nil {
			return nil, err
		}
	}
	return rows, nil
}

func runOp(o Op, rows []Row) ([]Row, error) {
	switch x := o.(type) {
	case *Where:
		var out []Row
		for _, r := range rows {
			v, err := eval(x.Cond, r)
			if err != nil {
				return nil, err
			}
			if v == true {
				out = append(out, r)
			}
		}
		return out, nil
	case *MvExpand:
		var out []Row
		for _, r := range rows {
			els, err := expansion(x.Arr, r)
			if err != nil {
				return nil, err
			}
			for _, el := range els {
				out = append(out, with(r, x.Var, el))
			}
		}
		return out, nil
	case *MvApply:
		var out []Row
		for _, r := range rows {
			els, err := expansion(x.Arr, r)
			if err != nil {
				return nil, err
			}
			if len(els) == 0 {
				// mv-apply drops a record whose array is empty.
				continue
			}
			sub := make([]Row, 0, len(els))
			for _, el := range els {
				sub = append(sub, with(r, x.Var, el))
			}
			res, err := runOps(x.Sub, sub)
			if err != nil {
				return nil, err
			}
			// Each subquery row is joined with the row's non-expanded
			// columns; the subquery's own columns win.
			for _, s := range res {
				j := Row{}
				for k, v := range r {
					j[k] = v
				}
				for k, v := range s {
					j[k] = v
				}
				out = append(out, j)
			}
		}
		return out, nil
	case *Summarize:
		// No grouping: exactly one row, also for an empty input.
		res := Row{}
		for _, a := range x.Aggs {
			var n int64
			for _, r := range rows {
				v, err := eval(a.Cond, r)
				if err != nil {
					return nil, err
				}
				if v == true {
					n++
				}
			}
			res[a.Name] = n
		}
		return []Row{res}, nil
	case *Project:
		out := make([]Row, 0, len(rows))
		for _, r := range rows {
			p := Row{}
			for _, c := range x.Cols {
				if c.X == nil {
					p[c.Name] = r[c.Name]
					continue
				}
				v, err := eval(c.X, r)
				if err != nil {
					return nil, err
				}
				p[c.Name] = v
			}
			out = append(out, p)
		}
		return out, nil
	case *ProjectAway:
		out := make([]Row, 0, len(rows))
		for _, r := range rows {
			p := Row{}
			for k, v := range r {
				p[k] = v
			}
			for _, c := range x.Cols {
				delete(p, c)
			}
			out = append(out, p)
		}
		return out, nil
	}
	return nil, fmt.Errorf("kusto engine: operator %T", o)
}

func with(r Row, k string, v any) Row {
	n := make(Row, len(r)+1)
	for a, b := range r {
		n[a] = b
	}
	n[k] = v
	return n
}

// expansion evaluates the array an mv-expand or mv-apply expands. The
// emitter always wraps it as iff(array_length(x) > 0, x, pack_array(x)),
// so a non-array is an emitter bug. An element that is itself a non-empty
// array is not checkable: the query fans out one level per path step,
// while the IR flattens nested arrays.
func expansion(e Expr, r Row) ([]any, error) {
	v, err := eval(e, r)
	if err != nil {
		return nil, err
	}
	arr, ok := v.([]any)
	if !ok {
		return nil, fmt.Errorf("kusto engine: mv-expand of a %s", gettype(v))
	}
	for _, el := range arr {
		if inner, ok := el.([]any); ok && len(inner) > 0 {
			return nil, errNotCheckable{"an array directly inside an array (the query expands one level of arrays per path step)"}
		}
	}
	return arr, nil
}

func eval(e Expr, r Row) (any, error) {
	switch x := e.(type) {
	case Col:
		v, ok := r[x.Name]
		if !ok {
			return nil, fmt.Errorf("kusto engine: unknown column %s", x.Name)
		}
		return v, nil
	case *Member:
		v, err := eval(x.X, r)
		if err != nil {
			return nil, err
		}
		// A property of a bag; null for a missing key or a non-bag.
		if m, ok := v.(map[string]any); ok {
			return m[x.Key], nil
		}
		return nil, nil
	case Str:
		return string(x), nil
	case Long:
		return int64(x), nil
	case Real:
		return float64(x), nil
	case Bool:
		return bool(x), nil
	case *Not:
		v, err := eval(x.X, r)
		if err != nil {
			return nil, err
		}
		switch v {
		case true:
			return false, nil
		case false:
			return true, nil
		case nil:
			return nil, nil
		}
		return nil, fmt.Errorf("kusto engine: not() of a %s", gettype(v))
	case *Logic:
		sawNull := false
		for _, c := range x.Xs {
			v, err := eval(c, r)
			if err != nil {
				return nil, err
			}
			b, isBool := v.(bool)
			switch {
			case v == nil:
				sawNull = true
			case !isBool:
				return nil, fmt.Errorf("kusto engine: and/or of a %s", gettype(v))
			case x.And && !b:
				return false, nil // and: one false decides
			case !x.And && b:
				return true, nil // or: one true decides
			}
		}
		if sawNull {
			return nil, nil
		}
		return x.And, nil
	case *Cmp:
		l, err := eval(x.L, r)
		if err != nil {
			return nil, err
		}
		rv, err := eval(x.R, r)
		if err != nil {
			return nil, err
		}
		return compare(x.Op, l, rv)
	case *In:
		v, err := eval(x.X, r)
		if err != nil {
			return nil, err
		}
		s, ok := v.(string)
		if !ok {
			return nil, fmt.Errorf("kusto engine: in over a %s", gettype(v))
		}
		for _, it := range x.List {
			lv, err := eval(it, r)
			if err != nil {
				return nil, err
			}
			ls, ok := lv.(string)
			if !ok {
				return nil, fmt.Errorf("kusto engine: in list holds a %s", gettype(lv))
			}
			if s == ls || x.Fold && asciiLower(s) == asciiLower(ls) {
				return true, nil
			}
		}
		return false, nil
	case *Call:
		args := make([]any, len(x.Args))
		for i, a := range x.Args {
			v, err := eval(a, r)
			if err != nil {
				return nil, err
			}
			args[i] = v
		}
		return callFn(x.Fn, args)
	}
	return nil, fmt.Errorf("kusto engine: expression %T", e)
}

func callFn(fn string, a []any) (any, error) {
	switch fn {
	case "gettype":
		return gettype(a[0]), nil
	case "tostring":
		return tostring(a[0]), nil
	case "todouble":
		return todouble(a[0]), nil
	case "tobool":
		if b, ok := a[0].(bool); ok || a[0] == nil {
			if !ok {
				return nil, nil
			}
			return b, nil
		}
		return nil, fmt.Errorf("kusto engine: tobool of a %s", gettype(a[0]))
	case "iff":
		switch a[0] {
		case true:
			return a[1], nil
		case false, nil:
			return a[2], nil
		}
		return nil, fmt.Errorf("kusto engine: iff on a %s", gettype(a[0]))
	case "pack_array":
		return append([]any(nil), a...), nil
	case "parse_json":
		s, ok := a[0].(string)
		if !ok {
			return a[0], nil
		}
		return parseJSON(s), nil
	case "array_length":
		if arr, ok := a[0].([]any); ok {
			return int64(len(arr)), nil
		}
		return nil, nil
	case "bag_keys":
		m, ok := a[0].(map[string]any)
		if !ok {
			return nil, nil
		}
		keys := make([]any, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		return keys, nil
	case "isnull":
		return a[0] == nil, nil
	case "isnotnull":
		return a[0] != nil, nil
	case "isempty":
		return isEmpty(a[0]), nil
	case "isnotempty":
		return !isEmpty(a[0]), nil
	case "ipv6_is_in_range":
		ip, ok1 := a[0].(string)
		nw, ok2 := a[1].(string)
		if !ok1 || !ok2 {
			return nil, nil
		}
		return ipv6InRange(ip, nw), nil
	case "ipv4_is_in_range":
		ip, ok1 := a[0].(string)
		nw, ok2 := a[1].(string)
		if !ok1 || !ok2 {
			return nil, nil
		}
		return ipv4InRange(ip, nw), nil
	}
	return nil, fmt.Errorf("kusto engine: function %s", fn)
}

// isEmpty is isempty(): true for null and "" (and for a dynamic value whose
// text is empty, which only null has).
func isEmpty(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case string:
		return x == ""
	}
	return false
}

// gettype names a value's type as Kusto's gettype() does.
func gettype(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "string"
	case int64:
		return "long"
	case float64:
		return "real"
	case bool:
		return "bool"
	case []any:
		return "array"
	case map[string]any:
		return "dictionary"
	}
	return fmt.Sprintf("%T", v)
}

// tostring: a string is itself, null is "", a number its text, a bool
// "true"/"false", an array or bag its JSON text.
func tostring(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return formatReal(x)
	case bool:
		return strconv.FormatBool(x)
	}
	b, _ := json.Marshal(toJSON(v))
	return string(b)
}

func formatReal(f float64) string {
	switch {
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	case math.IsNaN(f):
		return "nan"
	}
	return strconv.FormatFloat(f, 'g', -1, 64)
}

func toJSON(v any) any {
	switch x := v.(type) {
	case float64:
		if math.IsInf(x, 0) || math.IsNaN(x) {
			return formatReal(x)
		}
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = toJSON(e)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = toJSON(e)
		}
		return out
	}
	return v
}

// todouble: numbers convert, a string parses as a real (null when it does
// not), anything else is null. The emitter only applies it to numbers and
// to strings that match decimalRE.
func todouble(v any) any {
	switch x := v.(type) {
	case int64:
		return float64(x)
	case float64:
		return x
	case string:
		if !decimalRE.MatchString(x) {
			return nil
		}
		f, err := strconv.ParseFloat(x, 64)
		if err != nil {
			if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
				return f
			}
			return nil
		}
		return f
	}
	return nil
}

func compare(op string, l, r any) (any, error) {
	if op == "matches regex" {
		s, ok1 := l.(string)
		p, ok2 := r.(string)
		if !ok1 || !ok2 {
			return nil, fmt.Errorf("kusto engine: matches regex on %s, %s", gettype(l), gettype(r))
		}
		re, err := cachedRegexp(p)
		if err != nil {
			return nil, fmt.Errorf("kusto engine: %v", err)
		}
		return re.MatchString(s), nil
	}
	if l == nil || r == nil {
		return nil, nil
	}
	switch a := l.(type) {
	case string:
		b, ok := r.(string)
		if !ok {
			return nil, fmt.Errorf("kusto engine: %s between string and %s", op, gettype(r))
		}
		return compareStrings(op, a, b)
	case bool:
		b, ok := r.(bool)
		if !ok {
			return nil, fmt.Errorf("kusto engine: %s between bool and %s", op, gettype(r))
		}
		switch op {
		case "==":
			return a == b, nil
		case "!=":
			return a != b, nil
		}
	case int64, float64:
		af, _ := todouble(a).(float64)
		bf, ok := todouble(r).(float64)
		if _, isStr := r.(string); isStr || !ok {
			return nil, fmt.Errorf("kusto engine: %s between number and %s", op, gettype(r))
		}
		switch op {
		case "==":
			return af == bf, nil
		case "!=":
			return af != bf, nil
		case "<":
			return af < bf, nil
		case "<=":
			return af <= bf, nil
		case ">":
			return af > bf, nil
		case ">=":
			return af >= bf, nil
		}
	}
	return nil, fmt.Errorf("kusto engine: %s on %s", op, gettype(l))
}

// compareStrings applies a string operator. The _cs operators and == are
// ordinal; the others fold ASCII letters only (the documented scope of
// Kusto's case-insensitive operators).
func compareStrings(op, a, b string) (any, error) {
	switch op {
	case "==":
		return a == b, nil
	case "!=":
		return a != b, nil
	case "=~":
		return asciiLower(a) == asciiLower(b), nil
	case "!~":
		return asciiLower(a) != asciiLower(b), nil
	case "contains_cs":
		return strings.Contains(a, b), nil
	case "startswith_cs":
		return strings.HasPrefix(a, b), nil
	case "endswith_cs":
		return strings.HasSuffix(a, b), nil
	case "contains":
		return strings.Contains(asciiLower(a), asciiLower(b)), nil
	case "startswith":
		return strings.HasPrefix(asciiLower(a), asciiLower(b)), nil
	case "endswith":
		return strings.HasSuffix(asciiLower(a), asciiLower(b)), nil
	}
	return nil, fmt.Errorf("kusto engine: string operator %s", op)
}

func asciiLower(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; 'A' <= c && c <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if 'A' <= b[j] && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

var regexCache sync.Map

func cachedRegexp(p string) (*regexp.Regexp, error) {
	if re, ok := regexCache.Load(p); ok {
		return re.(*regexp.Regexp), nil
	}
	re, err := regexp.Compile(p)
	if err != nil {
		return nil, err
	}
	regexCache.Store(p, re)
	return re, nil
}

// ipv4InRange is ipv4_is_in_range on text the emitter has checked to be a
// canonical dotted quad (ipv4RE), against a network in CIDR notation.
func ipv4InRange(ip, network string) any {
	a, err := netip.ParseAddr(ip)
	if err != nil || !a.Is4() {
		return nil
	}
	p, err := netip.ParsePrefix(network)
	if err != nil || !p.Addr().Is4() {
		return nil
	}
	return p.Masked().Contains(a)
}

// ipv6InRange is ipv6_is_in_range on text the emitter has checked to be an
// IPv6 address (ipv6Pattern), against an IPv6 network in CIDR notation: an
// IPv4-mapped address is an IPv6 address like any other.
func ipv6InRange(ip, network string) any {
	a, err := netip.ParseAddr(ip)
	if err != nil || !a.Is6() {
		return nil
	}
	p, err := netip.ParsePrefix(network)
	if err != nil || !p.Addr().Is6() {
		return nil
	}
	return p.Masked().Contains(a)
}

// parseJSON reads JSON text as a dynamic value (parse_json): numbers become
// long when they are integers that fit, else real; text that is not JSON
// stays the string itself.
func parseJSON(s string) any {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	d := json.NewDecoder(strings.NewReader(s))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil || d.More() {
		return s
	}
	return Dynamic(v)
}

// Dynamic converts a decoded JSON value (numbers as json.Number, float64 or
// ints) into the engine's dynamic value: integers that fit a long become
// int64, other numbers real.
func Dynamic(v any) any {
	switch x := v.(type) {
	case json.Number:
		if i, err := strconv.ParseInt(string(x), 10, 64); err == nil {
			return i
		}
		f, err := strconv.ParseFloat(string(x), 64)
		if err != nil {
			if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
				return f
			}
			return string(x)
		}
		return f
	case float64:
		if x == math.Trunc(x) && math.Abs(x) < 1<<63 && !strings.ContainsAny(strconv.FormatFloat(x, 'g', -1, 64), "e.") {
			return int64(x)
		}
		return x
	case int:
		return int64(x)
	case int64:
		return x
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = Dynamic(e)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = Dynamic(e)
		}
		return out
	}
	return v
}

// sortedKeys lists a bag's keys in order, for deterministic output.
func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
