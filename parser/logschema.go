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
	children map[string]*schemaNode
	closed   bool // every child is listed: an unlisted key cannot belong here
}

func newSchemaNode() *schemaNode { return &schemaNode{children: map[string]*schemaNode{}} }

// child returns the field name below n, or nil.
func (n *schemaNode) child(name string) *schemaNode {
	if n == nil {
		return nil
	}
	return n.children[name]
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
		name, closed := cutClosed(strings.TrimSpace(line))
		if uq, err := strconv.Unquote(name); err == nil {
			name = uq
		}
		node := newSchemaNode()
		parent := stack[d]
		stack = stack[:d+1]
		if base, ok := strings.CutSuffix(name, "[]"); ok {
			arr := newSchemaNode()
			arr.closed = true
			arr.children["[]"] = node
			parent.children[base] = arr
			node.closed = closed
		} else {
			node.closed = closed
			parent.children[name] = node
		}
		stack = append(stack, node)
	}
	return out, nil
}

func cutClosed(s string) (string, bool) {
	if name, ok := strings.CutSuffix(s, " !closed"); ok {
		return strings.TrimSpace(name), true
	}
	return strings.TrimSpace(s), false
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
