package kql

import (
	"encoding/json"
	"fmt"
	"math"
	"net/netip"
	"sort"
	"strconv"
	"strings"

	"github.com/rulec/rulec/schema"
	"github.com/rulec/rulec/strmatch"
)

// esValue is one indexed value of a field.
type esValue struct {
	str  string     // Keyword
	num  float64    // Double
	b    bool       // Boolean
	addr netip.Addr // IP, always 16 bytes (IPv4 as IPv4-mapped)
}

// Document is a JSON log as Elasticsearch indexes it under a mapping.
type Document struct {
	Rejected string               // why indexing failed; a rejected document matches nothing
	fields   map[string][]esValue // indexed leaf values by field name
	objects  map[string]bool      // object paths with at least one indexed leaf below
	types    map[string]FieldType
	// nested holds, per nested field (raw: an array of objects), one
	// document per element object, its fields under their full names. Its
	// fields are also in this document (include_in_root).
	nested map[string][]*Document
}

func newDocument() *Document {
	return &Document{fields: map[string][]esValue{}, objects: map[string]bool{}, types: map[string]FieldType{}, nested: map[string][]*Document{}}
}

// maxTermBytes is Lucene's limit on one indexed term; a longer keyword
// value makes Elasticsearch reject the document.
const maxTermBytes = 32766

// Index models how Elasticsearch indexes doc (a JSON value) under m: objects
// are walked into dotted names, arrays fan out, null is skipped, and each
// leaf is parsed by its field's type. In the ecs profile the log first goes
// through the integration's renaming (the mapping table) and empty values
// are dropped, as the ingest pipelines do; fields the table does not map are
// not indexed.
//
// In the raw profile an object at a nested path (an array of objects in the
// registry) also becomes a nested document of its own, empty objects
// included; its fields are those below it, except those of a deeper nested
// field, which Elasticsearch keeps in the deeper documents and (through
// include_in_root) in the root only.
func Index(doc any, m Mapping) *Document {
	root := newDocument()
	var walk func(d *Document, within, path string, v any)
	walk = func(d *Document, within, path string, v any) {
		if d.Rejected != "" {
			return
		}
		switch x := v.(type) {
		case nil:
			return
		case []any:
			for _, el := range x {
				walk(d, within, path, el)
			}
			return
		case map[string]any:
			if path != "" {
				if t, declared := m.typeOf(path); declared && m.Profile == Raw {
					d.Rejected = fmt.Sprintf("field %s is %s but holds an object", path, t)
					return
				}
				if path != within && m.Profile == Raw {
					if f, _ := m.resolve(path); f.Nested {
						if within != "" {
							return // a deeper nested field: not in this nested document
						}
						sub := newDocument()
						walk(sub, path, path, x)
						d.nested[path] = append(d.nested[path], sub)
					}
				}
			}
			keys := make([]string, 0, len(x))
			for k := range x {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				p := k
				if path != "" {
					p = path + "." + k
				}
				walk(d, within, p, x[k])
			}
			return
		}
		name, objectsUpTo := path, ""
		if m.Profile == Raw {
			if t := m.rawDeclared(path); t != nil && t.Base().Kind == schema.KindObject {
				// The template maps the path as an object (or nested):
				// Elasticsearch rejects a concrete value there.
				d.Rejected = fmt.Sprintf("field %s is an object but holds a scalar", path)
				return
			}
		}
		if m.Profile == ECS {
			if s, ok := v.(string); ok && s == "" {
				return // the pipelines drop empty values
			}
			f, ok := m.resolve(path)
			if !ok {
				return
			}
			name = f.Name
			if f.Flattened {
				// Inside a flattened field only exact keys exist: an exists
				// query on a key sees the leaves at that key, not below it.
				objectsUpTo = f.Root
			}
		}
		t, _ := m.typeOf(name)
		if t == KeywordIP {
			// The ip multi-field ignores malformed values.
			if str, ok := v.(string); ok {
				if a, err := parseESAddr(str); err == nil {
					d.fields[name+".ip"] = append(d.fields[name+".ip"], esValue{addr: a})
					d.types[name+".ip"] = IP
				}
			}
			t = Keyword
		}
		val, err := parseLeaf(t, v)
		if err != "" {
			d.Rejected = fmt.Sprintf("field %s (%s): %s", name, t, err)
			return
		}
		if val == nil {
			return
		}
		d.fields[name] = append(d.fields[name], *val)
		d.types[name] = t
		if t == Keyword && m.Profile == Raw {
			// NAME.caseless: the lowercase normalizer (Character.toLowerCase
			// per code point, the simple lowercase mapping).
			c := name + caselessSuffix
			d.fields[c] = append(d.fields[c], esValue{str: strmatch.Lower(val.str)})
			d.types[c] = Keyword
		}
		for i := strings.LastIndexByte(name, '.'); i > 0; i = strings.LastIndexByte(name[:i], '.') {
			if objectsUpTo == "" || len(name[:i]) <= len(objectsUpTo) {
				d.objects[name[:i]] = true
			}
		}
	}
	walk(root, "", "", doc)
	return root
}

// parseLeaf converts a JSON scalar for a field of type t; nil means "not
// indexed" (a null value), and a non-empty error means the document is
// rejected (mapper_parsing_exception).
func parseLeaf(t FieldType, v any) (*esValue, string) {
	switch t {
	case Keyword:
		var s string
		switch x := v.(type) {
		case string:
			s = x
		case json.Number:
			s = string(x) // the number's JSON text
		case bool:
			s = strconv.FormatBool(x)
		case float64:
			s = strconv.FormatFloat(x, 'g', -1, 64)
		default:
			return nil, fmt.Sprintf("unexpected %T", v)
		}
		if len(s) > maxTermBytes {
			return nil, "a term longer than 32766 bytes"
		}
		return &esValue{str: s}, ""
	case Double:
		switch x := v.(type) {
		case json.Number:
			f, err := strconv.ParseFloat(string(x), 64)
			if err != nil || math.IsInf(f, 0) {
				return nil, "a number out of the double range"
			}
			return &esValue{num: f}, ""
		case float64:
			return &esValue{num: x}, ""
		case string:
			if x == "" {
				return nil, "" // numeric fields treat "" as null
			}
			f, ok := javaParseDouble(x)
			if !ok {
				return nil, fmt.Sprintf("%q is not a number", x)
			}
			return &esValue{num: f}, ""
		}
		return nil, fmt.Sprintf("a %T is not a number", v)
	case Boolean:
		switch x := v.(type) {
		case bool:
			return &esValue{b: x}, ""
		case string:
			switch x {
			case "true":
				return &esValue{b: true}, ""
			case "false", "":
				// Elasticsearch's documented false values: false, "false", "".
				return &esValue{b: false}, ""
			}
			return nil, fmt.Sprintf("%q is not a boolean", x)
		}
		return nil, fmt.Sprintf("a %T is not a boolean", v)
	case IP:
		s, ok := v.(string)
		if !ok {
			return nil, fmt.Sprintf("a %T is not an address", v)
		}
		a, err := parseESAddr(s)
		if err != nil {
			return nil, fmt.Sprintf("%q is not an IP address", s)
		}
		return &esValue{addr: a}, ""
	}
	return nil, "unknown type"
}

// parseESAddr parses an address as Elasticsearch's InetAddresses does and
// returns its 16-byte form: IPv4 and IPv4-mapped IPv6 are the same address.
func parseESAddr(s string) (netip.Addr, error) {
	a, err := netip.ParseAddr(s)
	if err != nil {
		return a, err
	}
	if a.Zone() != "" {
		return a, fmt.Errorf("zone")
	}
	return netip.AddrFrom16(a.As16()), nil
}

// javaParseDouble approximates Java's Double.parseDouble, which
// Elasticsearch uses to coerce strings: surrounding whitespace (chars <=
// U+0020) is ignored and a trailing d/D/f/F type suffix is allowed.
func javaParseDouble(s string) (float64, bool) {
	s = strings.TrimFunc(s, func(r rune) bool { return r <= ' ' })
	if n := len(s); n > 0 && strings.ContainsRune("dDfF", rune(s[n-1])) {
		s = s[:n-1]
	}
	switch s {
	case "NaN", "+NaN", "-NaN", "Infinity", "+Infinity", "-Infinity":
		return 0, false // Elasticsearch rejects non-finite doubles
	}
	if strings.ContainsAny(s, "_xXpP") || s == "" {
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(f, 0) {
		return 0, false
	}
	return f, true
}

// Eval evaluates a parsed query on an indexed document. It fails where
// Elasticsearch would fail the query (a value its field type cannot parse).
func Eval(n Node, d *Document, m Mapping) (bool, error) {
	if d.Rejected != "" {
		return false, nil
	}
	switch x := n.(type) {
	case *OrNode:
		for _, c := range x.Xs {
			ok, err := Eval(c, d, m)
			if err != nil || ok {
				return ok, err
			}
		}
		return false, nil
	case *AndNode:
		for _, c := range x.Xs {
			ok, err := Eval(c, d, m)
			if err != nil || !ok {
				return ok, err
			}
		}
		return true, nil
	case *NotNode:
		ok, err := Eval(x.X, d, m)
		return !ok, err
	case *Is:
		return evalIs(x, d, m)
	case *Range:
		return evalRange(x, d, m)
	case *Nested:
		if x.Path.Kind != LitString {
			return false, fmt.Errorf("a nested query needs a field name")
		}
		inner := prefixFields(x.X, x.Path.Text+".")
		for _, sub := range d.nested[x.Path.Text] {
			ok, err := Eval(inner, sub, m)
			if err != nil || ok {
				return ok, err
			}
		}
		return false, nil
	}
	return false, fmt.Errorf("kql: unknown node %T", n)
}

// prefixFields returns n with every field name prefixed (a nested query's
// names are relative to its path).
func prefixFields(n Node, prefix string) Node {
	fix := func(f Literal) Literal {
		switch f.Kind {
		case LitString:
			f.Text = prefix + f.Text
		case LitWildcard:
			f.Parts = append([]string{prefix + f.Parts[0]}, f.Parts[1:]...)
		}
		return f
	}
	switch x := n.(type) {
	case *OrNode:
		out := &OrNode{}
		for _, c := range x.Xs {
			out.Xs = append(out.Xs, prefixFields(c, prefix))
		}
		return out
	case *AndNode:
		out := &AndNode{}
		for _, c := range x.Xs {
			out.Xs = append(out.Xs, prefixFields(c, prefix))
		}
		return out
	case *NotNode:
		return &NotNode{X: prefixFields(x.X, prefix)}
	case *Is:
		c := *x
		c.Field = fix(x.Field)
		return &c
	case *Range:
		c := *x
		c.Field = fix(x.Field)
		return &c
	case *Nested:
		c := *x
		c.Path = fix(x.Path)
		return &c
	}
	return n
}

// fieldNames resolves a field literal: a name, or a wildcard pattern over
// indexed names (Elasticsearch resolves it against the mapping).
func fieldNames(f Literal, d *Document) ([]string, error) {
	switch f.Kind {
	case LitString:
		return []string{f.Text}, nil
	case LitWildcard:
		var out []string
		for name := range d.fields {
			if globParts(f.Parts, name) {
				out = append(out, name)
			}
		}
		sort.Strings(out)
		return out, nil
	}
	return nil, fmt.Errorf("a field name cannot be true, false or null")
}

func evalIs(x *Is, d *Document, m Mapping) (bool, error) {
	names, err := fieldNames(x.Field, d)
	if err != nil {
		return false, err
	}
	for _, name := range names {
		if x.Value.IsLoneWildcard() {
			// exists: a value of the field, or, for an object, of any field
			// below it.
			if len(d.fields[name]) > 0 || d.objects[name] {
				return true, nil
			}
			continue
		}
		t := fieldType(name, d, m)
		ok, err := matchValue(t, d.fields[name], x.Value)
		if err != nil || ok {
			return ok, err
		}
	}
	return false, nil
}

// fieldType is the type a query sees for name.
func fieldType(name string, d *Document, m Mapping) FieldType {
	t, _ := m.typeOf(name)
	if dt, ok := d.types[name]; ok {
		t = dt
	}
	if t == KeywordIP {
		t = Keyword
	}
	return t
}

// termText is the text a non-wildcard literal sends as a term.
func termText(v Literal) (string, error) {
	switch v.Kind {
	case LitString:
		return v.Text, nil
	case LitTrue:
		return "true", nil
	case LitFalse:
		return "false", nil
	}
	return "", fmt.Errorf("a null value cannot be searched for")
}

func matchValue(t FieldType, vals []esValue, v Literal) (bool, error) {
	if v.Kind == LitWildcard {
		if t != Keyword {
			return false, fmt.Errorf("wildcard values only apply to keyword fields, not %s", t)
		}
		for _, val := range vals {
			if globParts(v.Parts, val.str) {
				return true, nil
			}
		}
		return false, nil
	}
	text, err := termText(v)
	if err != nil {
		return false, err
	}
	switch t {
	case Keyword:
		for _, val := range vals {
			if val.str == text {
				return true, nil
			}
		}
		return false, nil
	case Double:
		f, ok := javaParseDouble(text)
		if !ok {
			return false, fmt.Errorf("%q is not a number for a double field", text)
		}
		for _, val := range vals {
			if val.num == f {
				return true, nil
			}
		}
		return false, nil
	case Boolean:
		var b bool
		switch text {
		case "true":
			b = true
		case "false":
			b = false
		default:
			return false, fmt.Errorf("%q is not a boolean", text)
		}
		for _, val := range vals {
			if val.b == b {
				return true, nil
			}
		}
		return false, nil
	case IP:
		var pfx netip.Prefix
		if strings.Contains(text, "/") {
			p, err := netip.ParsePrefix(text)
			if err != nil {
				return false, fmt.Errorf("%q is not a network", text)
			}
			bits := p.Bits()
			if p.Addr().Is4() {
				bits += 96
			}
			pfx = netip.PrefixFrom(netip.AddrFrom16(p.Addr().As16()), bits).Masked()
		} else {
			a, err := parseESAddr(text)
			if err != nil {
				return false, fmt.Errorf("%q is not an address", text)
			}
			pfx = netip.PrefixFrom(a, 128)
		}
		for _, val := range vals {
			if pfx.Contains(val.addr) {
				return true, nil
			}
		}
		return false, nil
	}
	return false, fmt.Errorf("unknown field type")
}

func evalRange(x *Range, d *Document, m Mapping) (bool, error) {
	names, err := fieldNames(x.Field, d)
	if err != nil {
		return false, err
	}
	var text string
	switch x.Value.Kind {
	case LitWildcard:
		text = strings.Join(x.Value.Parts, "*")
	default:
		if text, err = termText(x.Value); err != nil {
			return false, err
		}
	}
	for _, name := range names {
		t := fieldType(name, d, m)
		for _, val := range d.fields[name] {
			var c int
			switch t {
			case Keyword:
				c = strings.Compare(val.str, text) // byte order, as Lucene compares terms
			case Double:
				f, ok := javaParseDouble(text)
				if !ok {
					return false, fmt.Errorf("%q is not a number for a double field", text)
				}
				switch {
				case val.num < f:
					c = -1
				case val.num > f:
					c = 1
				}
			case IP:
				a, err := parseESAddr(text)
				if err != nil {
					return false, fmt.Errorf("%q is not an address", text)
				}
				c = val.addr.Compare(a)
			default:
				return false, fmt.Errorf("a range on a %s field", t)
			}
			if (x.Op == "gt" && c > 0) || (x.Op == "gte" && c >= 0) || (x.Op == "lt" && c < 0) || (x.Op == "lte" && c <= 0) {
				return true, nil
			}
		}
	}
	return false, nil
}

// globParts matches s against literal parts joined by "any run" wildcards,
// as a whole string, case-sensitively.
func globParts(parts []string, s string) bool {
	if len(parts) == 1 {
		return s == parts[0]
	}
	if !strings.HasPrefix(s, parts[0]) {
		return false
	}
	s = s[len(parts[0]):]
	last := parts[len(parts)-1]
	mid := parts[1 : len(parts)-1]
	for _, p := range mid {
		i := strings.Index(s, p)
		if i < 0 {
			return false
		}
		s = s[i+len(p):]
	}
	return strings.HasSuffix(s, last)
}
