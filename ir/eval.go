package ir

import (
	"encoding/json"
	"fmt"
	"math"
	"net/netip"
	"strconv"
	"strings"

	"github.com/rulec/rulec/strmatch"
)

// Eval reports whether the condition holds for the JSON value doc (usually an
// event object). It is the reference semantics every backend is tested against.
func Eval(e Expr, doc any) bool {
	switch x := e.(type) {
	case nil:
		return true
	case *And:
		for _, c := range x.Xs {
			if !Eval(c, doc) {
				return false
			}
		}
		return true
	case *Or:
		for _, c := range x.Xs {
			if Eval(c, doc) {
				return true
			}
		}
		return false
	case *Not:
		return !Eval(x.X, doc)
	case *Pred:
		return EvalPred(x, Lookup(doc, x.Field.Segs))
	case *FieldPred:
		return EvalFieldPred(x, Lookup(doc, x.Field.Segs), Lookup(doc, x.Ref.Segs))
	case *Quant:
		for _, v := range Lookup(doc, x.Path.Segs) {
			if Eval(x.X, v) != x.All {
				// any: found a value that satisfies X; all: found one that does not.
				return !x.All
			}
		}
		return x.All
	}
	panic(fmt.Sprintf("ir.Eval: unknown node %T", e))
}

// Lookup returns the values found at path in doc: arrays met on the way or at
// the end are fanned out (recursively), and missing members and nulls yield
// nothing.
func Lookup(doc any, path []string) []any {
	var out []any
	lookup(doc, path, &out)
	return out
}

func lookup(v any, path []string, out *[]any) {
	switch x := v.(type) {
	case nil:
		return
	case []any:
		for _, el := range x {
			lookup(el, path, out)
		}
		return
	}
	if len(path) == 0 {
		*out = append(*out, v)
		return
	}
	if m, ok := v.(map[string]any); ok {
		if child, ok := m[path[0]]; ok {
			lookup(child, path[1:], out)
		}
	}
}

// EvalPred applies a predicate to the values its path yielded. Empty arrays
// and empty objects are among vals only when they were found as values (an
// empty array fans out to nothing; an empty object is yielded as itself).
func EvalPred(p *Pred, vals []any) bool {
	if p.Op == OpIsNull {
		for _, v := range vals {
			if IsPresent(v) {
				return false
			}
		}
		return true
	}
	for _, v := range vals {
		if predHolds(p, v) {
			return true
		}
	}
	return false
}

// IsPresent reports whether a yielded value counts as present for is_null:
// everything but "", an empty array and an empty object (JSON null is never
// yielded).
func IsPresent(v any) bool {
	switch x := v.(type) {
	case nil:
		return false
	case string:
		return x != ""
	case []any:
		return len(x) > 0
	case map[string]any:
		return len(x) > 0
	}
	return true
}

// EvalFieldPred applies a field-reference predicate to the values of its two
// paths: some value of the field and some value of the reference satisfy the
// operator, the reference value read as a literal (LiteralOf).
func EvalFieldPred(p *FieldPred, vals, refs []any) bool {
	for _, r := range refs {
		lit, ok := LiteralOf(r)
		if !ok {
			continue
		}
		for _, v := range vals {
			if OpHolds(p.Op, v, lit) {
				return true
			}
		}
	}
	return false
}

// LiteralOf reads a log value as the literal that spells it: a string as a
// String, a JSON number as a Number, a boolean as a Bool. Objects (and nil)
// have no literal form and report false.
func LiteralOf(v any) (Value, bool) {
	switch x := v.(type) {
	case string:
		return String(x), true
	case bool:
		return Bool(x), true
	case json.Number:
		if f, ok := JSONNumber(x); ok {
			return Number{Lit: string(x), F: f}, true
		}
		return nil, false
	}
	if f, ok := JSONNumber(v); ok {
		return Number{Lit: strconv.FormatFloat(f, 'g', -1, 64), F: f}, true
	}
	return nil, false
}

// OpHolds applies an operator that takes one literal (eq, contains,
// starts_with, ends_with and their "~" forms) to one log value.
func OpHolds(op Op, v any, lit Value) bool {
	switch op {
	case OpEq:
		return Equal(v, lit)
	case OpEqFold:
		return EqualFold(v, lit)
	}
	s, ok := v.(string)
	if !ok {
		return false
	}
	l, ok := lit.(String)
	if !ok {
		return false
	}
	switch op {
	case OpContains:
		return strings.Contains(s, string(l))
	case OpStartsWith:
		return strings.HasPrefix(s, string(l))
	case OpEndsWith:
		return strings.HasSuffix(s, string(l))
	case OpContainsFold:
		return strmatch.ContainsLower(s, strmatch.Lower(string(l)))
	case OpStartsWithFold:
		return strmatch.HasPrefixLower(s, strmatch.Lower(string(l)))
	case OpEndsWithFold:
		return strmatch.HasSuffixLower(s, strmatch.Lower(string(l)))
	}
	panic(fmt.Sprintf("ir.OpHolds: operator %v", op))
}

// EqualFold is the equality of eq~: two strings are equal when their simple
// lowercase forms are (strmatch.Lower); any other pair compares as Equal.
func EqualFold(v any, lit Value) bool {
	if s, ok := v.(string); ok {
		if l, ok := lit.(String); ok {
			return strmatch.EqualLower(s, strmatch.Lower(string(l)))
		}
	}
	return Equal(v, lit)
}

func predHolds(p *Pred, v any) bool {
	switch p.Op {
	case OpEq, OpIn:
		for _, lit := range p.Args {
			if Equal(v, lit) {
				return true
			}
		}
		return false
	case OpEqFold, OpInFold:
		for _, lit := range p.Args {
			if EqualFold(v, lit) {
				return true
			}
		}
		return false
	case OpGt, OpGte, OpLt, OpLte:
		a, ok := NumberOf(v)
		if !ok {
			return false
		}
		b, ok := LiteralNumber(p.Arg())
		if !ok {
			return false
		}
		return Compare(p.Op, a, b)
	}
	s, ok := v.(string)
	if !ok {
		return false
	}
	switch p.Op {
	case OpContains:
		return strings.Contains(s, p.Str())
	case OpStartsWith:
		return strings.HasPrefix(s, p.Str())
	case OpEndsWith:
		return strings.HasSuffix(s, p.Str())
	case OpWildcard:
		return p.Glob.Match(s)
	case OpContainsFold, OpStartsWithFold, OpEndsWithFold:
		return OpHolds(p.Op, s, String(p.Str()))
	case OpWildcardFold:
		return p.Glob.Match(strmatch.Lower(s))
	case OpRegex:
		return p.Re.MatchString(s)
	case OpCIDR:
		return CIDRContains(p.Net, s)
	}
	panic(fmt.Sprintf("ir.EvalPred: operator %v", p.Op))
}

// Compare applies a numeric comparison operator.
func Compare(op Op, a, b float64) bool {
	switch op {
	case OpGt:
		return a > b
	case OpGte:
		return a >= b
	case OpLt:
		return a < b
	case OpLte:
		return a <= b
	}
	return false
}

// CIDRContains reports whether s is an IP address (no zone, no brackets)
// inside network n. An IPv4 address never matches an IPv6 network, nor the
// reverse; an IPv4-mapped IPv6 address is an IPv6 address.
func CIDRContains(n netip.Prefix, s string) bool {
	addr, err := netip.ParseAddr(s)
	if err != nil || addr.Zone() != "" {
		return false
	}
	if addr.Is4() != n.Addr().Is4() {
		return false
	}
	return n.Contains(addr)
}

// NumberOf returns the numeric value of a log value that is a JSON number or
// a decimal string.
func NumberOf(v any) (float64, bool) {
	switch x := v.(type) {
	case string:
		return ParseDecimal(x)
	}
	return JSONNumber(v)
}

// JSONNumber returns the value of a JSON number (not a numeric string) in any
// of the forms decoders produce. Backends that evaluate their own output use
// it, so what counts as a number is decided once.
func JSONNumber(v any) (float64, bool) {
	switch x := v.(type) {
	case json.Number:
		f, err := strconv.ParseFloat(string(x), 64)
		if err != nil {
			if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
				return f, true
			}
			return 0, false
		}
		return f, true
	case float64:
		return x, true
	case float32:
		return float64(x), true
	case int:
		return float64(x), true
	case int64:
		return float64(x), true
	case uint64:
		return float64(x), true
	}
	return 0, false
}

// IsNumber reports whether v is a JSON number.
func IsNumber(v any) bool {
	_, ok := JSONNumber(v)
	return ok
}

// LiteralNumber returns the numeric value of a literal: a Number, or a String
// that is decimal.
func LiteralNumber(lit Value) (float64, bool) {
	switch x := lit.(type) {
	case Number:
		return x.F, true
	case String:
		return ParseDecimal(string(x))
	}
	return 0, false
}

// Equal reports whether log value v equals literal lit (see the package doc).
func Equal(v any, lit Value) bool {
	switch x := v.(type) {
	case string:
		switch l := lit.(type) {
		case String:
			return x == string(l)
		case Number:
			f, ok := ParseDecimal(x)
			return ok && f == l.F
		case Bool:
			return x == l.Text()
		}
	case bool:
		switch l := lit.(type) {
		case Bool:
			return x == bool(l)
		case String:
			return string(l) == strconv.FormatBool(x)
		}
		return false
	}
	if f, ok := JSONNumber(v); ok {
		g, ok := LiteralNumber(lit)
		return ok && f == g && !math.IsNaN(f)
	}
	return false
}
