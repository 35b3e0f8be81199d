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
	ascii bool   // every key is ASCII, so a raw key with other bytes and no escapes matches none

	scoped  bool    // some slot is Quantified
	slotLvl []int32 // per slot: its quantifier depth (0: not quantified)
}

type node struct {
	slot int32    // the path ending here, or -1
	lvl  int32    // Quantified: how many quantified nodes lead here, this one included; else 0
	keys []string // child keys, in the order first seen
	next []int32  // child node of keys[i]
	// table, for nodes with many keys: open addressing on a cheap hash of
	// the key's length and end bytes; entries are 1 + an index into keys.
	table []uint32
	mask  uint32
}

// indexAbove is the child count from which a node looks keys up in a hash
// table rather than by comparing them one by one.
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
	s.ascii = true
	for i := range s.nodes {
		nd := &s.nodes[i]
		for _, k := range nd.keys {
			for j := 0; j < len(k); j++ {
				if k[j] >= 0x80 {
					s.ascii = false
				}
			}
		}
		if len(nd.keys) > indexAbove {
			size := uint32(16)
			for size < uint32(4*len(nd.keys)) {
				size *= 2
			}
			nd.table, nd.mask = make([]uint32, size), size-1
			for j, k := range nd.keys {
				h := keyHash(k) & nd.mask
				for nd.table[h] != 0 {
					h = (h + 1) & nd.mask
				}
				nd.table[h] = uint32(j + 1)
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

// keyHash mixes a key's length with its first, middle and last bytes:
// enough to spread field names, and far cheaper than hashing every byte.
func keyHash[S ~string | ~[]byte](k S) uint32 {
	n := uint32(len(k))
	if n == 0 {
		return 0
	}
	return n*0x9e3779b1 ^ uint32(k[0])*0x85ebca6b ^ uint32(k[n/2])*0xc2b2ae35 ^ uint32(k[n-1])*0x27d4eb2f
}

// lookup returns the child of n under key, or -1.
func (s *Schema) lookup(n int32, key []byte) int32 {
	nd := &s.nodes[n]
	if nd.table != nil {
		h := keyHash(key) & nd.mask
		for {
			j := nd.table[h]
			if j == 0 {
				return -1
			}
			if k := nd.keys[j-1]; len(k) == len(key) && k == string(key) {
				return nd.next[j-1]
			}
			h = (h + 1) & nd.mask
		}
	}
	for i, k := range nd.keys {
		if len(k) == len(key) && k == string(key) {
			return nd.next[i]
		}
	}
	return -1
}
