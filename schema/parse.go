package schema

import (
	"fmt"
	"os"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/rulec/rulec/ir"
)

// Parse reads one schema file (see the package documentation for its
// format). Errors are positioned *ir.Error values.
func Parse(file string, data []byte) (*LogType, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		line, msg := 0, err.Error()
		if _, err := fmt.Sscanf(msg, "yaml: line %d:", &line); err == nil {
			msg = strings.TrimSpace(msg[strings.Index(msg, ":")+1:])
			msg = strings.TrimSpace(msg[strings.Index(msg, ":")+1:])
		}
		return nil, &ir.Error{File: file, Pos: ir.Pos{Line: line, Col: 1}, Code: ir.CodeSchema, Msg: msg}
	}
	p := &parser{file: file}
	lt := p.logType(&doc)
	if p.err != nil {
		return nil, p.err
	}
	lt.File = file
	return lt, nil
}

// Load reads the schema file at path.
func Load(path string) (*LogType, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(path, data)
}

type parser struct {
	file string
	err  error
}

func (p *parser) fail(n *yaml.Node, format string, args ...any) {
	if p.err == nil {
		pos := ir.Pos{}
		if n != nil {
			pos = ir.Pos{Line: n.Line, Col: n.Column}
		}
		p.err = &ir.Error{File: p.file, Pos: pos, Code: ir.CodeSchema, Msg: fmt.Sprintf(format, args...)}
	}
}

// members returns the key/value pairs of a mapping node.
func (p *parser) members(n *yaml.Node, what string) [][2]*yaml.Node {
	if n.Kind != yaml.MappingNode {
		p.fail(n, "%s must be a mapping", what)
		return nil
	}
	var out [][2]*yaml.Node
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		if seen[k.Value] {
			p.fail(k, "%s: %q given twice", what, k.Value)
		}
		seen[k.Value] = true
		out = append(out, [2]*yaml.Node{k, n.Content[i+1]})
	}
	return out
}

func (p *parser) str(n *yaml.Node, what string) string {
	if n.Kind != yaml.ScalarNode {
		p.fail(n, "%s must be a string", what)
		return ""
	}
	return n.Value
}

func (p *parser) strs(n *yaml.Node, what string) []string {
	if n.Kind == yaml.ScalarNode {
		return []string{n.Value}
	}
	if n.Kind != yaml.SequenceNode {
		p.fail(n, "%s must be a list of strings", what)
		return nil
	}
	var out []string
	for _, e := range n.Content {
		out = append(out, p.str(e, what))
	}
	return out
}

func (p *parser) logType(doc *yaml.Node) *LogType {
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		p.fail(doc, "empty schema file")
		return &LogType{}
	}
	root := doc.Content[0]
	lt := &LogType{Root: &Type{Kind: KindObject}}
	var fieldsNode, openNode *yaml.Node
	for _, kv := range p.members(root, "a schema file") {
		k, v := kv[0], kv[1]
		switch k.Value {
		case "log_type":
			lt.Name = p.str(v, "log_type")
		case "sources":
			lt.Sources = p.strs(v, "sources")
		case "classify":
			lt.Classify = p.classify(v)
		case "sigma":
			lt.Sigma = p.logsource(v)
		case "part_of":
			lt.PartOf = p.strs(v, "part_of")
		case "open":
			openNode = v
		case "fields":
			fieldsNode = v
		case "patterns":
			lt.Patterns = p.patterns(v)
		case "note":
		default:
			p.fail(k, "unknown key %q (want log_type, sources, classify, sigma, part_of, open, fields, patterns, note)", k.Value)
		}
	}
	if lt.Name == "" {
		p.fail(root, "missing log_type")
	}
	if fieldsNode == nil {
		p.fail(root, "missing fields")
		return lt
	}
	if openNode != nil {
		lt.Root.Open = openNode.Value == "true"
		if openNode.Value != "true" && openNode.Value != "false" {
			p.fail(openNode, "open must be true or false")
		}
	}
	lt.Root.Fields = p.fields(fieldsNode)
	for _, sig := range lt.Classify {
		for _, c := range sig {
			if s := lt.Root.Resolve(c.Path); len(s) > 0 && s[len(s)-1].Type == nil && !s[len(s)-1].Free {
				p.fail(root, "classify: %s is not a declared field", strings.Join(c.Path, "."))
			}
		}
	}
	return lt
}

func (p *parser) classify(n *yaml.Node) []Signature {
	if n.Kind != yaml.SequenceNode {
		p.fail(n, "classify must be a list of signatures")
		return nil
	}
	var out []Signature
	for _, e := range n.Content {
		var sig Signature
		for _, kv := range p.members(e, "a signature") {
			switch kv[0].Value {
			case "has":
				for _, s := range p.strs(kv[1], "has") {
					sig = append(sig, Clause{Path: ir.ParsePath(s).Segs})
				}
			case "equals":
				for _, m := range p.members(kv[1], "equals") {
					sig = append(sig, Clause{Path: ir.ParsePath(m[0].Value).Segs, Equals: true, Value: p.str(m[1], "an equals value")})
				}
			default:
				p.fail(kv[0], "unknown key %q in a signature (want has, equals)", kv[0].Value)
			}
		}
		if len(sig) == 0 {
			p.fail(e, "an empty signature would classify every event")
		}
		out = append(out, sig)
	}
	return out
}

func (p *parser) logsource(n *yaml.Node) *Logsource {
	ls := &Logsource{}
	for _, kv := range p.members(n, "sigma") {
		v := p.str(kv[1], "a logsource value")
		switch kv[0].Value {
		case "category":
			ls.Category = v
		case "product":
			ls.Product = v
		case "service":
			ls.Service = v
		default:
			p.fail(kv[0], "unknown key %q in sigma (want category, product, service)", kv[0].Value)
		}
	}
	return ls
}

func (p *parser) patterns(n *yaml.Node) []Pattern {
	var out []Pattern
	for _, kv := range p.members(n, "patterns") {
		name := kv[0].Value
		suffix, ok := strings.CutPrefix(name, "*")
		if !ok || suffix == "" {
			p.fail(kv[0], "a pattern is named \"*Suffix\"")
			continue
		}
		pat := Pattern{Suffix: suffix}
		f := p.field(kv[0], kv[1], func(k, v *yaml.Node) bool {
			if k.Value != "sole" {
				return false
			}
			pat.Sole = v.Value == "true"
			return true
		})
		pat.Type = f.Type
		out = append(out, pat)
	}
	return out
}

// fields reads a mapping of member names to field specs, sorted by name.
func (p *parser) fields(n *yaml.Node) []*Field {
	var out []*Field
	for _, kv := range p.members(n, "fields") {
		out = append(out, p.field(kv[0], kv[1], nil))
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// field reads one field: a type name, or a mapping with type, fields, note
// and guessed (and keys extra accepts).
func (p *parser) field(k, v *yaml.Node, extra func(k, v *yaml.Node) bool) *Field {
	f := &Field{Name: k.Value, Line: k.Line, Col: k.Column}
	if v.Kind == yaml.ScalarNode {
		f.Type = p.typeName(v, v.Value)
		if f.Type != nil && f.Type.Base().Kind == KindObject && !f.Type.Base().Open {
			p.fail(v, "field %s: a closed object lists its fields (write type and fields, or open object)", f.Name)
		}
		return f
	}
	var typeNode, fieldsNode *yaml.Node
	for _, m := range p.members(v, "field "+f.Name) {
		switch m[0].Value {
		case "type":
			typeNode = m[1]
		case "fields":
			fieldsNode = m[1]
		case "note":
			f.Note = p.str(m[1], "note")
		case "guessed":
			f.Guessed = m[1].Value == "true"
		default:
			if extra == nil || !extra(m[0], m[1]) {
				p.fail(m[0], "field %s: unknown key %q (want type, fields, note, guessed)", f.Name, m[0].Value)
			}
		}
	}
	if typeNode == nil {
		if fieldsNode == nil {
			p.fail(v, "field %s: missing type", f.Name)
			return f
		}
		f.Type = &Type{Kind: KindObject}
	} else {
		f.Type = p.typeName(typeNode, p.str(typeNode, "type"))
	}
	if f.Type == nil {
		return f
	}
	base := f.Type.Base()
	if fieldsNode != nil {
		if base.Kind != KindObject {
			p.fail(fieldsNode, "field %s: fields belong to an object (or array of object), not %s", f.Name, f.Type)
			return f
		}
		base.Fields = p.fields(fieldsNode)
	} else if base.Kind == KindObject && !base.Open {
		p.fail(v, "field %s: a closed object lists its fields", f.Name)
	}
	return f
}

// typeName parses "string", "open object", "array of array of number"...
func (p *parser) typeName(n *yaml.Node, s string) *Type {
	s = strings.TrimSpace(s)
	if rest, ok := strings.CutPrefix(s, "array of "); ok {
		elem := p.typeName(n, rest)
		if elem == nil {
			return nil
		}
		return &Type{Kind: KindArray, Elem: elem}
	}
	switch s {
	case "open object":
		return &Type{Kind: KindObject, Open: true}
	case "string", "number", "boolean", "ip", "timestamp", "object", "json":
		for k, name := range kindNames {
			if name == s {
				return &Type{Kind: k}
			}
		}
	}
	p.fail(n, "unknown type %q (want string, number, boolean, ip, timestamp, object, open object, json, array of T)", s)
	return nil
}
