package ir

// Op is a predicate operator. The zero value is invalid.
type Op uint8

// Operators. Negated spellings (ne, is_not_null, "not OP") are Not nodes.
const (
	OpInvalid    Op = iota
	OpEq            // some value equals the literal
	OpIn            // some value equals one of the literals
	OpContains      // some string value contains the literal
	OpStartsWith    // some string value starts with the literal
	OpEndsWith      // some string value ends with the literal
	OpWildcard      // some string value matches the glob as a whole
	OpRegex         // some string value contains a match of the RE2 pattern
	OpGt            // some numeric value is greater than the literal
	OpGte           // ... greater than or equal
	OpLt            // ... less than
	OpLte           // ... less than or equal
	OpCIDR          // some string value is an IP address inside the network
	OpIsNull        // no value is present

	// Language version 2: the case-insensitive forms. When both sides are
	// strings they compare after strmatch.Lower; otherwise as their exact op.
	OpEqFold         // eq~
	OpInFold         // in~
	OpContainsFold   // contains~
	OpStartsWithFold // starts_with~
	OpEndsWithFold   // ends_with~
	OpWildcardFold   // wildcard~: the pattern is lowered as text, then globbed
	numOps
)

// Arity says how many operands an operator takes.
type Arity uint8

const (
	ArityNone Arity = iota // is_null
	ArityOne               // exactly one scalar
	ArityList              // a list; a bare scalar is a one-element list
)

type opInfo struct {
	name  string // canonical spelling in the condition language
	arity Arity
	str   bool // operand is a string (pattern, regex, network); values must be strings
	num   bool // numeric comparison
	exact Op   // for a "~" operator, its case-sensitive form
	fold  Op   // for an operator with a "~" form, that form
	ref   bool // allows a field(G) operand
}

var opTable = [numOps]opInfo{
	OpInvalid:    {name: "invalid"},
	OpEq:         {name: "eq", arity: ArityOne, fold: OpEqFold, ref: true},
	OpIn:         {name: "in", arity: ArityList, fold: OpInFold},
	OpContains:   {name: "contains", arity: ArityOne, str: true, fold: OpContainsFold, ref: true},
	OpStartsWith: {name: "starts_with", arity: ArityOne, str: true, fold: OpStartsWithFold, ref: true},
	OpEndsWith:   {name: "ends_with", arity: ArityOne, str: true, fold: OpEndsWithFold, ref: true},
	OpWildcard:   {name: "wildcard", arity: ArityOne, str: true, fold: OpWildcardFold},
	OpRegex:      {name: "regex", arity: ArityOne, str: true},
	OpGt:         {name: "gt", arity: ArityOne, num: true},
	OpGte:        {name: "gte", arity: ArityOne, num: true},
	OpLt:         {name: "lt", arity: ArityOne, num: true},
	OpLte:        {name: "lte", arity: ArityOne, num: true},
	OpCIDR:       {name: "cidr", arity: ArityOne, str: true},
	OpIsNull:     {name: "is_null", arity: ArityNone},

	OpEqFold:         {name: "eq~", arity: ArityOne, exact: OpEq, ref: true},
	OpInFold:         {name: "in~", arity: ArityList, exact: OpIn},
	OpContainsFold:   {name: "contains~", arity: ArityOne, str: true, exact: OpContains, ref: true},
	OpStartsWithFold: {name: "starts_with~", arity: ArityOne, str: true, exact: OpStartsWith, ref: true},
	OpEndsWithFold:   {name: "ends_with~", arity: ArityOne, str: true, exact: OpEndsWith, ref: true},
	OpWildcardFold:   {name: "wildcard~", arity: ArityOne, str: true, exact: OpWildcard},
}

// synonyms maps accepted alternative spellings to operators.
var synonyms = map[string]Op{
	"ge":          OpGte,
	"le":          OpLte,
	"regex_match": OpRegex,
}

// String returns the canonical spelling of op.
func (op Op) String() string {
	if op >= numOps {
		return "invalid"
	}
	return opTable[op].name
}

// Arity returns how many operands op takes.
func (op Op) Arity() Arity { return opTable[op].arity }

// IsStringOp reports whether op only matches string values (contains,
// starts_with, ends_with, wildcard, regex, cidr).
func (op Op) IsStringOp() bool { return opTable[op].str }

// IsFold reports whether op is a case-insensitive ("~") operator.
func (op Op) IsFold() bool { return op < numOps && opTable[op].exact != OpInvalid }

// Exact returns the case-sensitive form of a "~" operator, and op itself for
// every other operator.
func (op Op) Exact() Op {
	if op.IsFold() {
		return opTable[op].exact
	}
	return op
}

// Fold returns the "~" form of op, or OpInvalid when it has none.
func (op Op) Fold() Op {
	if op >= numOps {
		return OpInvalid
	}
	if op.IsFold() {
		return op
	}
	return opTable[op].fold
}

// AllowsFieldRef reports whether op may take a field(G) operand (eq, contains,
// starts_with, ends_with and their "~" forms).
func (op Op) AllowsFieldRef() bool { return op < numOps && opTable[op].ref }

// IsCompare reports whether op is one of gt, gte, lt, lte.
func (op Op) IsCompare() bool { return opTable[op].num }

// Ops lists every valid operator in enum order.
func Ops() []Op {
	out := make([]Op, 0, numOps-1)
	for op := OpInvalid + 1; op < numOps; op++ {
		out = append(out, op)
	}
	return out
}

// LookupOp returns the operator spelled name (canonical names and synonyms),
// plus "ne" and "is_not_null", which it reports as negated forms of eq and
// is_null.
func LookupOp(name string) (op Op, negated bool, ok bool) {
	switch name {
	case "ne":
		return OpEq, true, true
	case "ne~":
		return OpEqFold, true, true
	case "is_not_null":
		return OpIsNull, true, true
	}
	if op, ok := synonyms[name]; ok {
		return op, false, true
	}
	for op := OpInvalid + 1; op < numOps; op++ {
		if opTable[op].name == name {
			return op, false, true
		}
	}
	return OpInvalid, false, false
}

// OpNames lists every spelling LookupOp accepts, for error messages.
func OpNames() []string {
	names := []string{}
	for op := OpInvalid + 1; op < numOps; op++ {
		names = append(names, opTable[op].name)
	}
	return append(names, "ne", "ne~", "is_not_null", "ge", "le", "regex_match")
}
