package schema

import (
	"sort"
	"strings"
)

// Kind is the kind of a declared type.
type Kind uint8

const (
	KindString Kind = iota + 1
	KindNumber
	KindBoolean
	KindIP        // a string holding an IP address (other strings may occur)
	KindTimestamp // a string holding a date and time
	KindObject    // members listed in Fields; Open says whether others occur
	KindArray     // elements of type Elem
	KindJSON      // free JSON: any value, any depth
)

var kindNames = map[Kind]string{
	KindString:    "string",
	KindNumber:    "number",
	KindBoolean:   "boolean",
	KindIP:        "ip",
	KindTimestamp: "timestamp",
	KindObject:    "object",
	KindArray:     "array",
	KindJSON:      "json",
}

func (k Kind) String() string { return kindNames[k] }

// Type is the declared type of a field.
type Type struct {
	Kind Kind
	// Open, for an object: members beyond Fields occur, and are free JSON.
	Open bool
	// Fields, for an object: the declared members, sorted by name.
	Fields []*Field
	// Elem, for an array: the type of its elements.
	Elem *Type
}

// Field is one declared member of an object.
type Field struct {
	Name    string
	Type    *Type
	Note    string // why the field has this type, when it is not obvious
	Guessed bool   // drafted by `rulec schema infer` from sample logs
	Line    int    // where the field is declared in File (0 for generated ones)
	Col     int
}

// Field returns the declared member name of an object type, or nil.
func (t *Type) Field(name string) *Field {
	if t == nil || t.Kind != KindObject {
		return nil
	}
	i := sort.Search(len(t.Fields), func(i int) bool { return t.Fields[i].Name >= name })
	if i < len(t.Fields) && t.Fields[i].Name == name {
		return t.Fields[i]
	}
	return nil
}

// Scalar reports whether values of t are strings, numbers or booleans.
func (t *Type) Scalar() bool {
	if t == nil {
		return false
	}
	switch t.Kind {
	case KindString, KindNumber, KindBoolean, KindIP, KindTimestamp:
		return true
	}
	return false
}

// Stringy reports whether values of t are JSON strings (string, ip, timestamp).
func (t *Type) Stringy() bool {
	return t != nil && (t.Kind == KindString || t.Kind == KindIP || t.Kind == KindTimestamp)
}

// Base returns the element type below every array level of t (t itself when
// it is no array).
func (t *Type) Base() *Type {
	for t != nil && t.Kind == KindArray {
		t = t.Elem
	}
	return t
}

// Free reports whether any JSON value may appear where t is declared: free
// JSON.
func (t *Type) Free() bool { return t != nil && t.Kind == KindJSON }

// String writes t as the schema files spell it: "string", "open object",
// "array of object".
func (t *Type) String() string {
	if t == nil {
		return "undeclared"
	}
	switch t.Kind {
	case KindArray:
		return "array of " + t.Elem.String()
	case KindObject:
		if t.Open {
			return "open object"
		}
	}
	return t.Kind.String()
}

// Step is one segment of a resolved path.
type Step struct {
	Name string
	// Type is the declared type of the member the segment selects (arrays
	// included: the next segment applies to the elements of Type.Base()),
	// or nil when the member is not declared.
	Type *Type
	// Free: the member is not declared but may occur, because it lies below
	// free JSON or an open object; then it may hold any JSON value, arrays
	// included. A step with neither Type nor Free cannot occur in a log that
	// fits the schema (its parent is a closed object, or a scalar).
	Free bool
}

// Array reports whether the step's member is declared an array (its values
// fan out).
func (s Step) Array() bool { return s.Type != nil && s.Type.Kind == KindArray }

// Resolve resolves path (object keys, as ir.Path.Segs) from the event's root
// object, step by step.
func (t *Type) Resolve(path []string) []Step {
	steps := make([]Step, len(path))
	cur, free := t, false
	for i, name := range path {
		steps[i].Name = name
		if free {
			steps[i].Free = true
			continue
		}
		base := cur.Base()
		switch {
		case base == nil:
		case base.Kind == KindJSON:
			free = true
			steps[i].Free = true
			continue
		case base.Kind == KindObject:
			if f := base.Field(name); f != nil {
				steps[i].Type = f.Type
				cur = f.Type
				continue
			}
			if base.Open {
				free = true
				steps[i].Free = true
				continue
			}
		}
		// Undeclared below a closed object or a scalar: nothing follows.
		for j := i; j < len(path); j++ {
			steps[j].Name = path[j]
		}
		return steps
	}
	return steps
}

// TypeOf returns the declared type of the member at path, or nil when some
// step is not declared.
func (t *Type) TypeOf(path []string) *Type {
	steps := t.Resolve(path)
	if len(steps) == 0 {
		return t
	}
	return steps[len(steps)-1].Type
}

// Declared reports whether every step of path is declared.
func (t *Type) Declared(path []string) bool {
	for _, s := range t.Resolve(path) {
		if s.Type == nil {
			return false
		}
	}
	return true
}

// Leaves calls f for every declared path below t whose type is no object
// (scalars, arrays of scalars, free JSON, and arrays of objects after
// their members), in sorted order. The path passes arrays transparently.
func (t *Type) Leaves(f func(path []string, typ *Type)) {
	var walk func(prefix []string, t *Type)
	walk = func(prefix []string, t *Type) {
		base := t.Base()
		if base != nil && base.Kind == KindObject {
			if len(prefix) > 0 && (base.Open || len(base.Fields) == 0 || t.Kind == KindArray) {
				f(prefix, t)
			}
			for _, fd := range base.Fields {
				walk(append(prefix[:len(prefix):len(prefix)], fd.Name), fd.Type)
			}
			return
		}
		if len(prefix) > 0 {
			f(prefix, t)
		}
	}
	walk(nil, t)
}

// Pattern describes objects that recur by name inside free JSON: members of
// AWS API payloads many calls share (an STS "credentials" element, an EC2
// "...Response" wrapper). They declare no types; they let the page reader
// put a block-style log's keys back under the right parent.
type Pattern struct {
	Suffix string // the member name ends with it
	// Sole: the object is the only member of its parent and is named in
	// PascalCase (an EC2 "<Action>Request" element).
	Sole bool
	Type *Type // its shape (arrays as declared)
}

// Logsource is a Sigma logsource.
type Logsource struct {
	Category string
	Product  string
	Service  string
}

// Clause is one test of a classification signature: the path holds a value
// (JSON null and missing members do not count), or, when Equals is set, some
// value at the path is the string Value or a number written exactly so.
type Clause struct {
	Path   []string
	Equals bool
	Value  string
}

func (c Clause) String() string {
	p := strings.Join(c.Path, ".")
	if c.Equals {
		return p + " = " + c.Value
	}
	return p
}

// Signature identifies events of a log type: all its clauses hold.
type Signature []Clause

// LogType is one log type of the registry.
type LogType struct {
	Name     string
	File     string   // the schema file (logtypes/NAME.yml for shipped ones)
	Sources  []string // where the format is documented
	Root     *Type    // a closed or open object
	Classify []Signature
	// PartOf lists log types whose rules also run on this type's events:
	// Sigma's registry_event covers registry_add, registry_set...
	PartOf   []string
	Sigma    *Logsource
	Patterns []Pattern
	Builtin  bool // shipped with rulec
}

// Resolve resolves path from the log type's root (see Type.Resolve).
func (lt *LogType) Resolve(path []string) []Step { return lt.Root.Resolve(path) }

// TypeOf returns the declared type at path, or nil when some step is not
// declared.
func (lt *LogType) TypeOf(path []string) *Type { return lt.Root.TypeOf(path) }
