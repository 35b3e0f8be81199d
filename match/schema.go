package match

import (
	"fmt"
	"strings"
)

// Schema is the set of field paths an Event keeps, as a trie of object keys.
// Slot i holds the values of the i-th path given to NewSchema.
type Schema struct {
	paths [][]string
	nodes []node // nodes[0] is the event root
}

type node struct {
	slot  int32    // the path ending here, or -1
	keys  []string // child keys, in the order first seen
	next  []int32  // child node of keys[i]
	index map[string]int32
}

// indexAbove is the child count from which a node looks keys up in a map
// rather than by comparing them one by one.
const indexAbove = 8

// NewSchema builds the trie of paths (each a list of object keys). It panics
// on an empty or repeated path: the generator never writes one.
func NewSchema(paths ...[]string) *Schema {
	s := &Schema{nodes: []node{{slot: -1}}}
	for i, p := range paths {
		if len(p) == 0 {
			panic("match.NewSchema: empty path")
		}
		n := int32(0)
		for _, k := range p {
			n = s.child(n, k)
		}
		if s.nodes[n].slot >= 0 {
			panic(fmt.Sprintf("match.NewSchema: path %q given twice", strings.Join(p, ".")))
		}
		s.nodes[n].slot = int32(i)
		s.paths = append(s.paths, append([]string(nil), p...))
	}
	for i := range s.nodes {
		nd := &s.nodes[i]
		if len(nd.keys) > indexAbove {
			nd.index = make(map[string]int32, len(nd.keys))
			for j, k := range nd.keys {
				nd.index[k] = nd.next[j]
			}
		}
	}
	return s
}

func (s *Schema) child(n int32, key string) int32 {
	for i, k := range s.nodes[n].keys {
		if k == key {
			return s.nodes[n].next[i]
		}
	}
	s.nodes = append(s.nodes, node{slot: -1})
	c := int32(len(s.nodes) - 1)
	s.nodes[n].keys = append(s.nodes[n].keys, key)
	s.nodes[n].next = append(s.nodes[n].next, c)
	return c
}

// Slots returns the number of paths.
func (s *Schema) Slots() int { return len(s.paths) }

// Path returns the keys of slot i.
func (s *Schema) Path(i int) []string { return s.paths[i] }

// lookup returns the child of n under key, or -1.
func (s *Schema) lookup(n int32, key []byte) int32 {
	nd := &s.nodes[n]
	if nd.index != nil {
		if c, ok := nd.index[string(key)]; ok {
			return c
		}
		return -1
	}
	for i, k := range nd.keys {
		if len(k) == len(key) && k == string(key) {
			return nd.next[i]
		}
	}
	return -1
}
