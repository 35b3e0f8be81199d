package sigma

import (
	"net/netip"
	"regexp"

	"github.com/rulec/rulec/ir"
)

// Document is one YAML document of a Sigma file: a detection rule or a
// correlation rule.
type Document struct {
	Title          string
	ID             string
	Name           string
	Status         string
	Description    string
	References     []string
	Tags           []string
	Level          string
	Fields         []string
	FalsePositives []string
	Logsource      Logsource
	PantherTags    []string // panther_tags: Panther's own labels, outside Sigma's tag namespaces

	Detection   *Detection   // nil for a correlation rule
	Correlation *Correlation // nil for a detection rule

	At ir.Pos // where the document starts
}

// Logsource is a rule's log source; the IR keeps it for rules read from
// Sigma.
type Logsource = ir.Logsource

// Detection is a rule's search identifiers and condition.
type Detection struct {
	Searches []*Search // in file order
	Cond     Cond
	CondAt   ir.Pos
}

// Search looks up a search identifier by name.
func (d *Detection) Search(name string) *Search {
	for _, s := range d.Searches {
		if s.Name == name {
			return s
		}
	}
	return nil
}

// Search is one search identifier: a list of maps, any of which must hold;
// every field matcher of a map must hold. A plain map is a list of one.
type Search struct {
	Name string
	Maps [][]*FieldMatcher
	At   ir.Pos
}

// FieldMatcher is one "field|modifiers: values" entry.
type FieldMatcher struct {
	Field  string
	Mods   []string
	Values []Value
	At     ir.Pos

	// Compiled form, filled by compile.
	kind   matchKind
	all    bool // the all modifier: every value must match
	cased  bool
	ref    bool             // fieldref: the values name fields whose values are compared
	globs  []*pattern       // string values (string kinds)
	nums   []float64        // numeric comparisons
	res    []*regexp.Regexp // re
	nets   []netip.Prefix   // cidr
	exists bool             // exists: the wanted outcome
}

// ValueKind is the YAML type of a value in a field matcher.
type ValueKind uint8

// Value kinds.
const (
	ValString ValueKind = iota
	ValNumber
	ValBool
	ValNull
)

// Value is one value of a field matcher, typed as YAML typed it.
type Value struct {
	Kind ValueKind
	Str  string  // ValString: the raw text, escapes included; ValNumber: the text as written
	Num  float64 // ValNumber
	Bool bool    // ValBool
	At   ir.Pos
}

// Correlation is the correlation section of a correlation rule.
type Correlation struct {
	Type     string
	Rules    []string
	GroupBy  []string
	Timespan string
	// Condition holds the count condition (gte: N and the like).
	Condition map[string]int
	At        ir.Pos
}

// Cond is a parsed detection condition: *CondAnd, *CondOr, *CondNot,
// *CondRef or *CondOf.
type Cond interface{ condNode() }

// CondAnd holds when every operand holds.
type CondAnd struct{ Xs []Cond }

// CondOr holds when some operand holds.
type CondOr struct{ Xs []Cond }

// CondNot holds when X does not.
type CondNot struct{ X Cond }

// CondRef is a search identifier.
type CondRef struct {
	Name string
	At   ir.Pos
}

// CondOf is "1 of PATTERN", "all of PATTERN" or the same over "them".
type CondOf struct {
	All     bool
	Pattern string // "them" or a pattern with * wildcards
	At      ir.Pos
}

func (*CondAnd) condNode() {}
func (*CondOr) condNode()  {}
func (*CondNot) condNode() {}
func (*CondRef) condNode() {}
func (*CondOf) condNode()  {}
