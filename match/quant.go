package match

// Elem is one value a quantifier ranges over ("any P (C)", "all P (C)"): its
// index among the event's values. Paths inside the quantifier are read
// relative to it with In, ElemsIn and At. It is valid until the next Reset.
type Elem int32

// Quantified marks the slots that quantifiers range over and returns s. An
// Event then records, for every value it keeps, the element of each such
// slot that holds it, so that a quantifier's sub-paths are read in the same
// single pass over the event as every other field. Call it before NewEvent.
func (s *Schema) Quantified(slots ...int) *Schema {
	for _, slot := range slots {
		n := s.node(s.paths[slot])
		s.nodes[n].lvl = 1
		s.scoped = true
	}
	// A node's depth counts the quantified nodes on its path from the root.
	s.slotLvl = make([]int32, len(s.paths))
	var walk func(n int32, depth int)
	walk = func(n int32, depth int) {
		nd := &s.nodes[n]
		if nd.lvl > 0 {
			depth++
			nd.lvl = int32(depth)
			s.slotLvl[nd.slot] = int32(depth)
		}
		for _, c := range nd.next {
			walk(c, depth)
		}
	}
	walk(0, 0)
	return s
}

// node returns the trie node of a path the schema holds.
func (s *Schema) node(path []string) int32 {
	n := int32(0)
	for _, k := range path {
		n = s.lookup(n, []byte(k))
	}
	return n
}

// groupScoped is group's fill for a quantified schema: it also links each
// value to the element holding it, by vals index.
func (e *Event) groupScoped(n int) {
	start := e.start
	if cap(e.up) < n {
		e.up = make([]int32, n, 2*n)
		e.lvl = make([]int32, n, 2*n)
	}
	e.up, e.lvl = e.up[:n], e.lvl[:n]
	for len(e.idx) < n {
		e.idx = append(e.idx, Elem(len(e.idx)))
	}
	if cap(e.pos) < len(e.found) {
		e.pos = make([]int32, len(e.found), 2*len(e.found))
	}
	pos := e.pos[:len(e.found)]
	for i := range e.found {
		f := &e.found[i]
		if f.slot < 0 {
			continue
		}
		p := start[f.slot]
		start[f.slot]++
		pos[i] = p
		e.vals[p] = f.v
		e.lvl[p] = e.s.slotLvl[f.slot]
		// An element's entry precedes everything read inside it, so its
		// position is known by now.
		if f.up >= 0 {
			e.up[p] = pos[f.up]
		} else {
			e.up[p] = -1
		}
	}
}

// Elems returns the values at a quantified slot as elements, in document
// order: what "any P (…)" ranges over at the top level.
func (e *Event) Elems(slot int) []Elem {
	return e.idx[e.start[slot]:e.start[slot+1]:e.start[slot+1]]
}

// ElemsIn returns the elements at a quantified slot that lie inside el: what
// a quantifier nested in el's quantifier ranges over.
func (e *Event) ElemsIn(slot int, el Elem) []Elem {
	lo, hi := e.within(slot, el)
	return e.idx[lo:hi:hi]
}

// In returns the values at slot that lie inside el: a path read relative to
// el (slot is el's path followed by the relative one).
func (e *Event) In(slot int, el Elem) []Value {
	lo, hi := e.within(slot, el)
	return e.vals[lo:hi:hi]
}

// At returns el's own value: "@" inside a quantifier.
func (e *Event) At(el Elem) []Value { return e.vals[el : el+1 : el+1] }

// within returns the range of slot's values held by el. A slot's values are
// in document order, and the values inside one element are contiguous in the
// document, so a binary search on each value's enclosing element at el's
// depth finds them.
func (e *Event) within(slot int, el Elem) (int32, int32) {
	lo, hi := e.start[slot], e.start[slot+1]
	d := e.lvl[el]
	first := e.search(lo, hi, d, int32(el))
	return first, e.search(first, hi, d, int32(el)+1)
}

// search returns the first index in [lo, hi) whose enclosing element at
// depth d is at least el (hi when none is).
func (e *Event) search(lo, hi int32, d int32, el int32) int32 {
	for lo < hi {
		mid := int32(uint32(lo+hi) >> 1)
		if e.enclosing(mid, d) < el {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo
}

// enclosing returns the vals index of the element at depth d holding value
// k, or -1.
func (e *Event) enclosing(k int32, d int32) int32 {
	p := e.up[k]
	for p >= 0 && e.lvl[p] > d {
		p = e.up[p]
	}
	return p
}
