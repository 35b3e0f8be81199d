package match

import (
	"math"
	"net/netip"
	"regexp"
	"strconv"
	"strings"
)

// Kind is the JSON type of a value found at a path. Arrays never appear: they
// are fanned out into their elements; null never appears: it yields nothing.
type Kind uint8

const (
	KindString Kind = iota + 1
	KindNumber
	KindBool
	KindObject
)

// Value is one value found at a path.
type Value struct {
	Kind Kind
	// Str is the decoded text of a string, or the literal text of a number.
	Str string
	// Num is the value of a number (±Inf when out of range).
	Num float64
	// Bool is the value of a boolean; for an object, whether it has members.
	Bool bool
	// Raw is an object's JSON text, as it appears in the event.
	Raw string
}

// Present reports whether v counts as present for IsNull: everything but ""
// and the empty object.
func (v *Value) Present() bool {
	switch v.Kind {
	case KindString:
		return v.Str != ""
	case KindObject:
		return v.Bool
	}
	return true
}

// LitKind is the type of a literal operand.
type LitKind uint8

const (
	LitString LitKind = iota + 1
	LitNumber
	LitBool
)

// Lit is a literal operand prepared once for typed equality.
type Lit struct {
	Kind LitKind
	S    string  // the string, the number's digits as written, or "true"/"false"
	F    float64 // numeric value, when HasF
	HasF bool    // a number literal, or a string literal that is a decimal number
	B    bool    // LitBool: the value
	// Fold: a string literal of eq~/in~ (FoldLit), compared with string
	// values by their lowered forms; Lower is the lowered literal.
	Fold  bool
	Lower string
}

// StrLit prepares a string literal.
func StrLit(s string) Lit {
	f, ok := ParseDecimal(s)
	return Lit{Kind: LitString, S: s, F: f, HasF: ok}
}

// NumLit prepares a number literal from its digits; it panics when text is
// not a decimal number (the generator only writes valid ones).
func NumLit(text string) Lit {
	f, ok := ParseDecimal(text)
	if !ok {
		panic("match.NumLit: not a decimal number: " + strconv.Quote(text))
	}
	return Lit{Kind: LitNumber, S: text, F: f, HasF: true}
}

// BoolLit prepares a boolean literal.
func BoolLit(b bool) Lit {
	return Lit{Kind: LitBool, S: strconv.FormatBool(b), B: b}
}

// Equal reports whether v equals l under typed equality.
func (l *Lit) Equal(v *Value) bool {
	switch v.Kind {
	case KindString:
		if l.Kind == LitNumber {
			f, ok := ParseDecimal(v.Str)
			return ok && f == l.F
		}
		// A string literal compares as a string; a boolean literal compares
		// with its text.
		return v.Str == l.S
	case KindNumber:
		return l.HasF && v.Num == l.F
	case KindBool:
		switch l.Kind {
		case LitBool:
			return v.Bool == l.B
		case LitString:
			return l.S == strconv.FormatBool(v.Bool)
		}
	}
	return false
}

// HasStr reports whether some value is the string s. It is Eq for a string
// literal that is neither a decimal number nor "true"/"false", which only
// string values can equal.
func HasStr(vs []Value, s string) bool {
	for i := range vs {
		if vs[i].Kind == KindString && vs[i].Str == s {
			return true
		}
	}
	return false
}

// AnyStr reports whether in holds for some string value; generated code
// passes a switch over a plain-string `in` list.
func AnyStr(vs []Value, in func(string) bool) bool {
	for i := range vs {
		if vs[i].Kind == KindString && in(vs[i].Str) {
			return true
		}
	}
	return false
}

// Eq reports whether some value equals l.
func Eq(vs []Value, l *Lit) bool {
	for i := range vs {
		if l.Equal(&vs[i]) {
			return true
		}
	}
	return false
}

// In reports whether some value equals some literal of ls.
func In(vs []Value, ls []Lit) bool {
	for i := range vs {
		for j := range ls {
			if ls[j].Equal(&vs[i]) {
				return true
			}
		}
	}
	return false
}

// Contains reports whether some string value contains s.
func Contains(vs []Value, s string) bool {
	for i := range vs {
		if vs[i].Kind == KindString && strings.Contains(vs[i].Str, s) {
			return true
		}
	}
	return false
}

// HasPrefix reports whether some string value starts with s.
func HasPrefix(vs []Value, s string) bool {
	for i := range vs {
		if vs[i].Kind == KindString && strings.HasPrefix(vs[i].Str, s) {
			return true
		}
	}
	return false
}

// HasSuffix reports whether some string value ends with s.
func HasSuffix(vs []Value, s string) bool {
	for i := range vs {
		if vs[i].Kind == KindString && strings.HasSuffix(vs[i].Str, s) {
			return true
		}
	}
	return false
}

// Regex reports whether some string value contains a match of re.
func Regex(vs []Value, re *regexp.Regexp) bool {
	for i := range vs {
		if vs[i].Kind == KindString && re.MatchString(vs[i].Str) {
			return true
		}
	}
	return false
}

// CIDR reports whether some string value is an IP address (no zone) inside
// network n; an IPv4 address never matches an IPv6 network, nor the reverse.
func CIDR(vs []Value, n netip.Prefix) bool {
	for i := range vs {
		if vs[i].Kind != KindString {
			continue
		}
		addr, err := netip.ParseAddr(vs[i].Str)
		if err != nil || addr.Zone() != "" || addr.Is4() != n.Addr().Is4() {
			continue
		}
		if n.Contains(addr) {
			return true
		}
	}
	return false
}

// CmpOp is a numeric comparison.
type CmpOp uint8

const (
	Gt CmpOp = iota + 1
	Gte
	Lt
	Lte
)

// Compare reports whether some value is a number (or a decimal string) that
// compares with f as op says.
func Compare(vs []Value, op CmpOp, f float64) bool {
	for i := range vs {
		var a float64
		switch vs[i].Kind {
		case KindNumber:
			a = vs[i].Num
		case KindString:
			var ok bool
			if a, ok = ParseDecimal(vs[i].Str); !ok {
				continue
			}
		default:
			continue
		}
		switch op {
		case Gt:
			if a > f {
				return true
			}
		case Gte:
			if a >= f {
				return true
			}
		case Lt:
			if a < f {
				return true
			}
		case Lte:
			if a <= f {
				return true
			}
		}
	}
	return false
}

// IsNull reports whether no value is present: the field is missing, null,
// "", [] or {}.
func IsNull(vs []Value) bool {
	for i := range vs {
		if vs[i].Present() {
			return false
		}
	}
	return true
}

// IsDecimal reports whether s is a decimal number: an optional sign, digits
// with an optional fraction (or a fraction alone), and an optional exponent.
func IsDecimal(s string) bool {
	i, n := 0, len(s)
	if i < n && (s[i] == '+' || s[i] == '-') {
		i++
	}
	digits := 0
	for i < n && s[i] >= '0' && s[i] <= '9' {
		i++
		digits++
	}
	if i < n && s[i] == '.' {
		i++
		for i < n && s[i] >= '0' && s[i] <= '9' {
			i++
			digits++
		}
	}
	if digits == 0 {
		return false
	}
	if i < n && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < n && (s[i] == '+' || s[i] == '-') {
			i++
		}
		exp := 0
		for i < n && s[i] >= '0' && s[i] <= '9' {
			i++
			exp++
		}
		if exp == 0 {
			return false
		}
	}
	return i == n
}

// ParseDecimal returns the value of a decimal string (see IsDecimal); out of
// range values are ±Inf, which still order correctly.
func ParseDecimal(s string) (float64, bool) {
	if !IsDecimal(s) {
		return 0, false
	}
	return parseFloat(s)
}

func parseFloat(s string) (float64, bool) {
	// strconv reports an overflow with an allocated error; values of ten
	// to the 310th or more overflow for sure, so answer those without it.
	if decimalExponent(s) >= 310 {
		if s[0] == '-' {
			return math.Inf(-1), true
		}
		return math.Inf(1), true
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
			return f, true
		}
		return 0, false
	}
	return f, true
}

// decimalExponent returns the power of ten of the leading significant digit
// of a decimal number (2 for "123", -1 for "0.5"), saturated far beyond any
// float64; math.MinInt32 when the number is zero.
func decimalExponent(s string) int {
	i, n := 0, len(s)
	if i < n && (s[i] == '+' || s[i] == '-') {
		i++
	}
	e, seen := 0, false
	for ; i < n && s[i] >= '0' && s[i] <= '9'; i++ {
		if seen {
			e++
		} else if s[i] != '0' {
			seen = true
		}
	}
	if i < n && s[i] == '.' {
		for i++; i < n && s[i] >= '0' && s[i] <= '9'; i++ {
			if !seen {
				e--
				if s[i] != '0' {
					seen = true
				}
			}
		}
	}
	if !seen {
		return math.MinInt32
	}
	if i < n && (s[i] == 'e' || s[i] == 'E') {
		i++
		neg := false
		if i < n && (s[i] == '+' || s[i] == '-') {
			neg = s[i] == '-'
			i++
		}
		x := 0
		for ; i < n && s[i] >= '0' && s[i] <= '9'; i++ {
			if x < 1e6 {
				x = x*10 + int(s[i]-'0')
			}
		}
		if neg {
			x = -x
		}
		e += x
	}
	return e
}
