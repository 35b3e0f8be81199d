package ir

import (
	"net/netip"
	"regexp"
	"strconv"
	"strings"

	"github.com/rulec/rulec/strmatch"
)

// Expr is a boolean condition: *And, *Or, *Not, *Pred, *FieldPred or
// *Quant.
type Expr interface {
	Pos() Pos
	exprNode() // seals the interface: only package ir defines conditions
}

// And holds when every operand holds. An And with no operands holds.
type And struct {
	At Pos
	Xs []Expr
}

// Or holds when some operand holds. An Or with no operands does not hold.
type Or struct {
	At Pos
	Xs []Expr
}

// NotForm records how a negation was written, so messages and printers can
// echo the author; it never changes the meaning.
type NotForm uint8

const (
	NotKeyword   NotForm = iota // not X, not (X)
	NotInfix                    // F not OP V
	NotNe                       // F ne V
	NotIsNotNull                // F is_not_null
)

// Not holds when X does not.
type Not struct {
	At   Pos
	X    Expr
	Form NotForm
}

// Pred applies Op to the values found at Field.
type Pred struct {
	At     Pos
	Field  Path
	Op     Op
	Args   []Value        // none for is_null, one for ArityOne, any number for in
	ArgPos Pos            // where the operand starts
	Glob   *Glob          // OpWildcard: the pattern, split once; OpWildcardFold: the lowered pattern (CompileGlob)
	Re     *regexp.Regexp // OpRegex: compiled once
	Net    netip.Prefix   // OpCIDR: the network, masked
}

// FieldPred compares the values at Field with the values at Ref, both
// resolved from the same root (language v2: "F OP field(G)"). It holds when
// some value of Field and some value of Ref satisfy Op as if the Ref value had
// been written as the literal (see LiteralOf). Op is one of eq, contains,
// starts_with, ends_with or their "~" forms (Op.AllowsFieldRef); ne and
// "not OP" are Not nodes around it.
type FieldPred struct {
	At     Pos
	Field  Path
	Op     Op
	Ref    Path
	RefPos Pos // where "field(" starts
}

// Quant is a quantifier over the values at Path (language v2: "any P (C)",
// "all P (C)"). Every path inside X is resolved from one such value, and "@"
// is the value itself. Any holds when some value satisfies X; All holds when
// every value does, and when Path yields nothing (All is not Any not).
type Quant struct {
	At   Pos
	All  bool
	Path Path
	X    Expr
}

func (x *And) Pos() Pos       { return x.At }
func (x *Or) Pos() Pos        { return x.At }
func (x *Not) Pos() Pos       { return x.At }
func (x *Pred) Pos() Pos      { return x.At }
func (x *FieldPred) Pos() Pos { return x.At }
func (x *Quant) Pos() Pos     { return x.At }

func (*And) exprNode()       {}
func (*Or) exprNode()        {}
func (*Not) exprNode()       {}
func (*Pred) exprNode()      {}
func (*FieldPred) exprNode() {}
func (*Quant) exprNode()     {}

// Keyword returns "any" or "all".
func (x *Quant) Keyword() string {
	if x.All {
		return "all"
	}
	return "any"
}

// CompileGlob parses the pattern of a wildcard or wildcard~ predicate: the
// pattern of wildcard~ is lowered as text first (so "[A-Z]" becomes "[a-z]"),
// and Eval matches it against the lowered value.
func CompileGlob(op Op, pattern string) (*Glob, error) {
	if op == OpWildcardFold {
		pattern = strmatch.Lower(pattern)
	}
	return ParseGlob(pattern)
}

// Arg returns the single operand of an ArityOne predicate.
func (x *Pred) Arg() Value {
	if len(x.Args) == 0 {
		return nil
	}
	return x.Args[0]
}

// Str returns the operand of a string operator as text.
func (x *Pred) Str() string {
	if v := x.Arg(); v != nil {
		return v.Text()
	}
	return ""
}

// Path is a dotted field path, resolved to the log's own keys. The path with
// no segments is "@", the current element inside a quantifier (at the top
// level, the event itself).
type Path struct {
	Segs  []string
	Alias string // the data-model name the author wrote, when it was resolved to Segs
}

// ElemPath is "@".
const ElemPath = "@"

// ParsePath splits a dotted path ("@" is the path with no segments). Keys
// holding a dot cannot be written.
func ParsePath(s string) Path {
	if s == ElemPath {
		return Path{}
	}
	return Path{Segs: strings.Split(s, ".")}
}

// IsElem reports whether p is "@".
func (p Path) IsElem() bool { return len(p.Segs) == 0 }

// String returns the dotted path, or "@".
func (p Path) String() string {
	if p.IsElem() {
		return ElemPath
	}
	return strings.Join(p.Segs, ".")
}

// Written returns the path as the author wrote it (the alias when there is one).
func (p Path) Written() string {
	if p.Alias != "" {
		return p.Alias
	}
	return p.String()
}

// Value is a literal operand: String, Number or Bool.
type Value interface {
	// Text is the literal's text: the string itself, the number's digits as
	// written, or "true"/"false".
	Text() string
	valueNode()
}

// String is a string literal.
type String string

// Number is a numeric literal; Text keeps the digits the author wrote.
type Number struct {
	Lit string // the digits as written
	F   float64
}

// Bool is a boolean literal.
type Bool bool

func (s String) Text() string { return string(s) }
func (n Number) Text() string { return n.Lit }
func (b Bool) Text() string   { return strconv.FormatBool(bool(b)) }

func (String) valueNode() {}
func (Number) valueNode() {}
func (Bool) valueNode()   {}

// NewNumber parses text as a number literal.
func NewNumber(text string) (Number, bool) {
	f, ok := ParseDecimal(text)
	return Number{Lit: text, F: f}, ok
}

// IsDecimal reports whether s is a decimal number in the sense of the spec:
// an optional sign, digits with an optional fraction (or a fraction alone),
// and an optional exponent; no spaces, no hex, no underscores, no inf or nan.
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

// DecimalPattern is IsDecimal as a regular expression, for backends that test
// strings inside the target engine (SQL, generated code documentation).
const DecimalPattern = `^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$`

// ParseDecimal returns the value of a decimal string (see IsDecimal).
func ParseDecimal(s string) (float64, bool) {
	if !IsDecimal(s) {
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		// Out of range: ParseFloat returns ±Inf with ErrRange, which still
		// orders correctly against finite numbers.
		if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
			return f, true
		}
		return 0, false
	}
	return f, true
}

// Severity is a rule's severity, as Panther spells it.
type Severity string

// Severities in increasing order.
const (
	SeverityInfo     Severity = "Info"
	SeverityLow      Severity = "Low"
	SeverityMedium   Severity = "Medium"
	SeverityHigh     Severity = "High"
	SeverityCritical Severity = "Critical"
)

// Technique is one MITRE ATT&CK entry of a rule's Reports.
type Technique struct {
	Tactic    string // TA0005; may be empty
	Technique string // T1562 or T1562.008
}

// Report is one framework entry of a rule's Reports (MITRE ATT&CK, CIS, ...).
type Report struct {
	Framework string
	Items     []string
}

// Logsource is a Sigma log source: the product, category and service that
// select the events a Sigma rule applies to, and its free-text definition.
type Logsource struct {
	Product, Category, Service, Definition string
}

// IsZero reports whether no part of the log source is set.
func (l Logsource) IsZero() bool { return l == Logsource{} }

// OutputField is a field a rule emits when it matches. Source is the path it
// comes from when it differs from Name.
type OutputField struct {
	Name   string
	Source string
}

// Path returns the path the field reads.
func (f OutputField) Path() string {
	if f.Source != "" {
		return f.Source
	}
	return f.Name
}

// Confidence says how much a test log can be trusted.
type Confidence string

const (
	// ConfidenceHigh: the log was read exactly as its author wrote it.
	ConfidenceHigh Confidence = "high"
	// ConfidenceLow: the page lost the log's structure and rulec could not
	// rebuild it unambiguously.
	ConfidenceLow Confidence = "low"
)

// Test is a sample log with the result the rule must give on it.
type Test struct {
	Name       string
	Expected   bool
	Log        any // a JSON value: map[string]any, []any, string, json.Number, bool or nil
	Confidence Confidence
	Note       string // why confidence is low, when it is
	At         Pos
}

// Rule is one detection rule.
type Rule struct {
	ID          string
	Title       string
	Description string
	Severity    Severity
	LogTypes    []string
	Tags        []string
	Reports     []Report
	Mitre       []Technique
	References  []string
	Runbook     string
	Status      string
	Enabled     bool

	// Panther bookkeeping, kept so a rule file round-trips the page.
	AnalysisType string   // rule or scheduled_rule
	Filename     string   // the Python file Panther runs
	CreateAlert  *bool    // nil: Panther's default, true
	OutputIDs    []string // alert destinations

	Threshold          int // alert after this many matches within the dedup period; 0 or 1: every match
	DedupPeriodMinutes int

	SummaryAttributes []string
	OutputFields      []OutputField

	// Logsource is the Sigma log source of a rule read from Sigma, kept so
	// that Sigma output writes it back (LogTypes holds rulec's log type for
	// it, where there is one). Zero for rules from other inputs.
	Logsource Logsource

	// Cond is the whole condition: the conjunction of the Condition lines.
	// Match and Exclusions split it for backends with a native exclusion form.
	Cond     Expr
	CondText string // the Condition lines as written
	Partial  bool   // the page says the rule also runs logic the condition omits

	Tests []Test

	File string // where the rule was read from
	At   Pos    // where the rule starts in File
}

// Conjuncts returns the top-level conjuncts of the rule's condition.
func (r *Rule) Conjuncts() []Expr { return Conjuncts(r.Cond) }

// Conjuncts flattens nested Ands into a list.
func Conjuncts(e Expr) []Expr {
	if e == nil {
		return nil
	}
	if a, ok := e.(*And); ok {
		var out []Expr
		for _, x := range a.Xs {
			out = append(out, Conjuncts(x)...)
		}
		return out
	}
	return []Expr{e}
}

// Match returns the positive part of the condition: the conjunction of every
// top-level conjunct that is not a negation. It is nil when every conjunct is
// an exclusion (the rule matches whatever no exclusion removes).
func (r *Rule) Match() Expr {
	var xs []Expr
	for _, c := range r.Conjuncts() {
		if _, ok := c.(*Not); !ok {
			xs = append(xs, c)
		}
	}
	switch len(xs) {
	case 0:
		return nil
	case 1:
		return xs[0]
	}
	return &And{At: xs[0].Pos(), Xs: xs}
}

// Exclusions returns, for every top-level conjunct "not X", the X it
// suppresses. The condition is Match() and not X1 and not X2 ...
func (r *Rule) Exclusions() []Expr {
	var out []Expr
	for _, c := range r.Conjuncts() {
		if n, ok := c.(*Not); ok {
			out = append(out, n.X)
		}
	}
	return out
}
