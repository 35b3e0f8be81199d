package parser

import (
	"strings"

	"github.com/rulec/rulec/schema"
)

// The page reader rebuilds block-style test logs (catalog pages print them
// without indentation) from the log types of rulec's registry (package
// schema): a key the registry lists under a parent goes back under it.

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

// logSchemas maps a log type to its top-level fields, built once from the
// registry.
var logSchemas = registrySchemas(schema.Builtin())

func registrySchemas(reg *schema.Registry) map[string]*schemaNode {
	out := map[string]*schemaNode{}
	for _, lt := range reg.LogTypes() {
		root := nodeOf(lt.Root)
		for _, p := range lt.Patterns {
			n := nodeOf(p.Type)
			n.sole = p.Sole
			root.patterns = append(root.patterns, schemaPattern{p.Suffix, n})
		}
		out[lt.Name] = root
	}
	return out
}

// nodeOf converts a registry type: an object's members are its children
// (all of them, unless it is open), an array's elements the child "[]",
// free JSON an open map, and a scalar a leaf.
func nodeOf(t *schema.Type) *schemaNode {
	n := newSchemaNode()
	switch t.Kind {
	case schema.KindObject:
		n.container, n.closed = true, !t.Open
		for _, f := range t.Fields {
			n.children[f.Name] = nodeOf(f.Type)
		}
	case schema.KindArray:
		n.container, n.closed = true, true
		n.children["[]"] = nodeOf(t.Elem)
	case schema.KindJSON:
		n.container = true
	}
	return n
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
