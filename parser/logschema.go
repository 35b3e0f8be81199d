package parser

import (
	_ "embed"
	"fmt"
	"strconv"
	"strings"
)

// logSchemaText lists the nested field names of the log types rulec knows.
// Catalog pages print block-style test logs without indentation; these names
// let the reader put each key back under the right parent.
//
//go:embed logschema.txt
var logSchemaText string

// schemaNode is one field of a log type. Array elements are the child "[]".
type schemaNode struct {
	children  map[string]*schemaNode
	closed    bool // every child is listed: an unlisted key cannot belong here
	container bool // a map or list; a listed field that is neither is a scalar
	sole      bool // the only member of the map that holds it ("!sole")

	// patterns (top level only) describe maps found at any depth below an
	// open map by the suffix of their name: EC2's "...Response" elements.
	patterns []schemaPattern
}

type schemaPattern struct {
	suffix string
	node   *schemaNode
}

// pattern returns the pattern node for a map named key, or nil.
func (n *schemaNode) pattern(key string) *schemaNode {
	if n == nil {
		return nil
	}
	for _, p := range n.patterns {
		// A "!sole" element is an action's: its name is PascalCase
		// ("CreateTrafficMirrorFilterRequest", not "loginRequest").
		if strings.HasSuffix(key, p.suffix) && (!p.node.sole || key[0] >= 'A' && key[0] <= 'Z') {
			return p.node
		}
	}
	return nil
}

func newSchemaNode() *schemaNode { return &schemaNode{children: map[string]*schemaNode{}} }

// child returns the field name below n, or nil. Sample logs do not always
// spell a field as the vendor does: Panther's older tests lower-case keys
// ("eventid") and write "@type" as "at_sign_type", so such a key also
// matches under those spellings.
func (n *schemaNode) child(name string) *schemaNode {
	if n == nil {
		return nil
	}
	if c := n.children[name]; c != nil {
		return c
	}
	return n.foldedChild(name)
}

// exactChild returns the field spelled exactly name, or nil.
func (n *schemaNode) exactChild(name string) *schemaNode {
	if n == nil {
		return nil
	}
	return n.children[name]
}

// foldedChild returns a field whose name matches name but for case and the
// "at_sign_" spelling of "@", or nil.
func (n *schemaNode) foldedChild(name string) *schemaNode {
	if n == nil {
		return nil
	}
	want := foldFieldName(name)
	for k, c := range n.children {
		if foldFieldName(k) == want {
			return c
		}
	}
	return nil
}

func foldFieldName(s string) string {
	if rest, ok := strings.CutPrefix(s, "at_sign_"); ok {
		s = "@" + rest
	}
	return strings.ToLower(s)
}

// cloneSchema returns a deep copy of n (nil gives an empty open node).
func cloneSchema(n *schemaNode) *schemaNode {
	out := newSchemaNode()
	if n == nil {
		return out
	}
	out.closed = true
	mergeSchema(out, n)
	return out
}

// learnSchema adds the fields of a JSON value to n: a page's flow-style logs
// show exactly how its block-style logs nest.
func learnSchema(n *schemaNode, v any) {
	switch x := v.(type) {
	case map[string]any:
		n.container = true
		for k, e := range x {
			c := n.child(k)
			if c == nil {
				c = newSchemaNode()
				n.children[k] = c
			}
			learnSchema(c, e)
		}
	case []any:
		n.container = true
		arr := n.children["[]"]
		if arr == nil {
			arr = newSchemaNode()
			n.children["[]"] = arr
		}
		for _, e := range x {
			learnSchema(arr, e)
		}
	}
}

// logSchemas maps a log type to its top-level fields; parsed once.
var logSchemas = mustParseLogSchemas(logSchemaText)

func mustParseLogSchemas(text string) map[string]*schemaNode {
	s, err := parseLogSchemas(text)
	if err != nil {
		panic("parser: logschema.txt: " + err.Error())
	}
	return s
}

func parseLogSchemas(text string) (map[string]*schemaNode, error) {
	out := map[string]*schemaNode{}
	var stack []*schemaNode // stack[d] holds the parent of fields at depth d
	for i, raw := range strings.Split(text, "\n") {
		line := strings.TrimRight(raw, " \t\r")
		if line == "" || strings.HasPrefix(strings.TrimSpace(line), "#") {
			continue
		}
		if rest, ok := strings.CutPrefix(line, "== "); ok {
			name, closed := cutClosed(rest)
			root := newSchemaNode()
			root.closed = closed
			out[name] = root
			stack = []*schemaNode{root}
			continue
		}
		if stack == nil {
			return nil, fmt.Errorf("line %d: a field before the first \"== LogType\" line", i+1)
		}
		indent := len(line) - len(strings.TrimLeft(line, " "))
		if indent%2 != 0 || indent/2 >= len(stack) {
			return nil, fmt.Errorf("line %d: bad indentation", i+1)
		}
		d := indent / 2
		name, sole := cutSole(strings.TrimSpace(line))
		name, closed := cutClosed(name)
		name, container := cutContainer(name)
		if uq, err := strconv.Unquote(name); err == nil {
			name = uq
		}
		node := newSchemaNode()
		node.closed = closed
		node.container = container || closed || sole
		node.sole = sole
		parent := stack[d]
		parent.container = true
		stack = stack[:d+1]
		if suffix, ok := strings.CutPrefix(name, "*"); ok && d == 0 {
			pat := node
			if base, ok := strings.CutSuffix(suffix, "[]"); ok {
				pat = newSchemaNode()
				pat.closed, pat.container = true, true
				pat.children["[]"] = node
				suffix = base
			}
			parent.patterns = append(parent.patterns, schemaPattern{suffix, pat})
		} else if base, ok := strings.CutSuffix(name, "[]"); ok {
			arr := newSchemaNode()
			arr.closed = true
			arr.container = true
			arr.children["[]"] = node
			parent.children[base] = arr
		} else {
			parent.children[name] = node
		}
		stack = append(stack, node)
	}
	return out, nil
}

func cutSole(s string) (string, bool) {
	if name, ok := strings.CutSuffix(s, " !sole"); ok {
		return strings.TrimSpace(name), true
	}
	return s, false
}

func cutClosed(s string) (string, bool) {
	if name, ok := strings.CutSuffix(s, " !closed"); ok {
		return strings.TrimSpace(name), true
	}
	return strings.TrimSpace(s), false
}

// cutContainer splits the "{}" marker of an open map off a field name.
func cutContainer(s string) (string, bool) {
	if name, ok := strings.CutSuffix(s, " {}"); ok {
		return strings.TrimSpace(name), true
	}
	return s, false
}

// schemaFor returns the merged schema of a rule's log types, or nil when rulec
// knows none of them.
func schemaFor(logTypes []string) *schemaNode {
	var found []*schemaNode
	for _, lt := range logTypes {
		if s := logSchemas[lt]; s != nil {
			found = append(found, s)
		}
	}
	switch len(found) {
	case 0:
		return nil
	case 1:
		return found[0]
	}
	merged := newSchemaNode()
	merged.closed = true
	for _, s := range found {
		mergeSchema(merged, s)
	}
	return merged
}

// mergeSchema adds src's fields to dst; a field is closed only when every
// source says so.
func mergeSchema(dst, src *schemaNode) {
	dst.closed = dst.closed && src.closed
	dst.container = dst.container || src.container
	dst.patterns = append(dst.patterns, src.patterns...)
	for name, c := range src.children {
		d := dst.children[name]
		if d == nil {
			d = newSchemaNode()
			d.closed = true
			dst.children[name] = d
		}
		mergeSchema(d, c)
	}
}
