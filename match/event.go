package match

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math/bits"
	"unicode/utf8"
	"unsafe"
)

// maxDepth is encoding/json's nesting limit, so that the same events are
// rejected.
const maxDepth = 10000

// Event holds the values one JSON event has at the paths of a Schema. Reuse
// one Event for many events; it is not safe for concurrent use.
type Event struct {
	s    *Schema
	data []byte

	found []found // values in document order, with their slot
	vals  []Value // the same values grouped by slot
	start []int32 // slot i's values are vals[start[i]:start[i+1]]

	// For quantifiers (a Schema with Quantified slots), per value in vals:
	// up is the vals index of the innermost quantified element holding it
	// (-1: none), lvl the value's own quantifier depth (0: not an element);
	// idx[i] is Elem(i), so element lists are views of it.
	up  []int32
	lvl []int32
	idx []Elem
	pos []int32 // found index → vals index, while grouping
	cur int32   // found index of the element being read, or -1

	scratch  []byte   // decoded strings that had escapes or invalid UTF-8
	lowerBuf []byte   // a lowered string, while it is compared (see lower)
	keyBuf   []byte   // a decoded key, while it is looked up
	seen     []uint32 // per trie node: the object instance that last held its key
	member   []span   // per trie node: the found values its last member yielded
	gen      uint32   // the current object instance
	depth    int
	err      error
}

type found struct {
	slot int32 // -1: dropped, its member was repeated later in its object
	up   int32 // found index of the innermost quantified element holding it, or -1
	v    Value
}

type span struct{ from, to int32 }

// NewEvent returns an empty Event for schema s.
func NewEvent(s *Schema) *Event {
	return &Event{
		s:      s,
		start:  make([]int32, len(s.paths)+1),
		seen:   make([]uint32, len(s.nodes)),
		member: make([]span, len(s.nodes)),
	}
}

// Schema returns the schema e reads.
func (e *Event) Schema() *Schema { return e.s }

// Vals returns the values of slot i (empty when the path is missing or null).
func (e *Event) Vals(i int) []Value { return e.vals[e.start[i]:e.start[i+1]:e.start[i+1]] }

// SyntaxError is an event that is not valid JSON.
type SyntaxError struct {
	Offset int // byte offset of the problem
	Msg    string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("invalid JSON at byte %d: %s", e.Offset, e.Msg)
}

var errDepth = errors.New("exceeded max depth")

// Reset reads one event. It fails on anything encoding/json would reject,
// leaving e with no values. data must not change while e's values are used.
func (e *Event) Reset(data []byte) error {
	e.data = data
	e.found = e.found[:0]
	e.scratch = e.scratch[:0]
	e.depth = 0
	e.err = nil
	e.cur = -1
	i := e.ws(0)
	if i < len(data) {
		i = e.value(i, 0)
	} else {
		e.fail(i, "empty event")
	}
	if e.err == nil {
		if i = e.ws(i); i < len(data) {
			e.fail(i, "data after the top-level value")
		}
	}
	if e.err != nil {
		e.found = e.found[:0]
		e.group()
		return e.err
	}
	e.group()
	return nil
}

// group sorts the found values by slot (a counting sort, stable so that
// each slot keeps document order).
func (e *Event) group() {
	start := e.start
	for i := range start {
		start[i] = 0
	}
	for i := range e.found {
		if s := e.found[i].slot; s >= 0 {
			start[s+1]++
		}
	}
	for i := 1; i < len(start); i++ {
		start[i] += start[i-1]
	}
	n := int(start[len(start)-1])
	if cap(e.vals) < n {
		e.vals = make([]Value, n, 2*n)
	}
	e.vals = e.vals[:n]
	// start[s] is now where slot s begins; fill with a moving cursor per
	// slot, then shift the cursors back.
	if e.s.scoped {
		e.groupScoped(n)
	} else {
		for i := range e.found {
			if s := e.found[i].slot; s >= 0 {
				e.vals[start[s]] = e.found[i].v
				start[s]++
			}
		}
	}
	for i := len(start) - 1; i > 0; i-- {
		start[i] = start[i-1]
	}
	start[0] = 0
}

func (e *Event) fail(i int, msg string) int {
	if e.err == nil {
		e.err = &SyntaxError{Offset: i, Msg: msg}
	}
	return len(e.data) + 1
}

func (e *Event) ws(i int) int {
	d := e.data
	for i < len(d) {
		switch d[i] {
		case ' ', '\t', '\n', '\r':
			i++
		default:
			return i
		}
	}
	return i
}

func (e *Event) emit(n int32, v Value) {
	e.found = append(e.found, found{slot: e.s.nodes[n].slot, up: e.cur, v: v})
}

// value reads the value at i for trie node n (which has a slot, children or
// both) and returns the index after it.
func (e *Event) value(i int, n int32) int {
	d := e.data
	nd := &e.s.nodes[n]
	switch c := d[i]; c {
	case '{':
		if len(nd.keys) == 0 {
			j := e.ws(i + 1)
			empty := j < len(d) && d[j] == '}'
			end := e.skip(i)
			if e.err == nil && nd.slot >= 0 {
				e.emit(n, Value{Kind: KindObject, Bool: !empty, Raw: unsafe.String(&d[i], end-i)})
			}
			return end
		}
		return e.object(i, n)
	case '[':
		return e.array(i, n)
	case '"':
		end, esc := e.str(i + 1)
		if e.err != nil {
			return end
		}
		if nd.slot >= 0 {
			e.emit(n, Value{Kind: KindString, Str: e.text(d[i+1:end], esc)})
		}
		return end + 1
	case 't':
		if len(d)-i >= 4 && string(d[i:i+4]) == "true" {
			if nd.slot >= 0 {
				e.emit(n, Value{Kind: KindBool, Bool: true})
			}
			return i + 4
		}
		return e.fail(i, "invalid literal")
	case 'f':
		if len(d)-i >= 5 && string(d[i:i+5]) == "false" {
			if nd.slot >= 0 {
				e.emit(n, Value{Kind: KindBool})
			}
			return i + 5
		}
		return e.fail(i, "invalid literal")
	case 'n':
		if len(d)-i >= 4 && string(d[i:i+4]) == "null" {
			return i + 4
		}
		return e.fail(i, "invalid literal")
	default:
		end := e.number(i)
		if e.err != nil {
			return end
		}
		if nd.slot >= 0 {
			text := unsafe.String(&d[i], end-i)
			f, _ := parseFloat(text)
			e.emit(n, Value{Kind: KindNumber, Str: text, Num: f})
		}
		return end
	}
}

// object reads an object at i whose members node n looks up.
func (e *Event) object(i int, n int32) int {
	d := e.data
	if e.depth++; e.depth > maxDepth {
		return e.fail(i, errDepth.Error())
	}
	start := i
	nd := &e.s.nodes[n]
	// A quantified element with members: reserve its entry first, so that
	// the values read inside it can name it as theirs.
	outer, self := e.cur, int32(-1)
	if nd.lvl > 0 {
		self = int32(len(e.found))
		e.found = append(e.found, found{slot: -1, up: outer})
		e.cur = self
	}
	e.gen++
	if e.gen == 0 {
		clear(e.seen)
		e.gen = 1
	}
	gen := e.gen
	i = e.ws(i + 1)
	empty := true
	if i < len(d) && d[i] == '}' {
		i++
	} else {
		for {
			if i >= len(d) || d[i] != '"' {
				return e.fail(i, "expected a member name")
			}
			end, esc := e.str(i + 1)
			if e.err != nil {
				return end
			}
			empty = false
			key := d[i+1 : end]
			if esc || !e.s.ascii && !utf8.Valid(key) {
				e.keyBuf = unquote(e.keyBuf[:0], key)
				key = e.keyBuf
			}
			c := e.s.lookup(n, key)
			i = e.ws(end + 1)
			if i >= len(d) || d[i] != ':' {
				return e.fail(i, "expected ':' after a member name")
			}
			i = e.ws(i + 1)
			if i >= len(d) {
				return e.fail(i, "expected a value")
			}
			if c >= 0 {
				if e.seen[c] == gen {
					// A repeated key: encoding/json keeps the last
					// occurrence, so drop what the earlier one yielded (a
					// contiguous run: a member is read to its end before
					// the next one starts).
					for k := e.member[c].from; k < e.member[c].to; k++ {
						e.found[k].slot = -1
					}
				}
				e.seen[c] = gen
				from := int32(len(e.found))
				i = e.value(i, c)
				e.member[c] = span{from, int32(len(e.found))}
			} else {
				i = e.skip(i)
			}
			if e.err != nil {
				return i
			}
			i = e.ws(i)
			if i < len(d) && d[i] == ',' {
				i = e.ws(i + 1)
				continue
			}
			if i < len(d) && d[i] == '}' {
				i++
				break
			}
			return e.fail(i, "expected ',' or '}' after a member")
		}
	}
	e.depth--
	if self >= 0 {
		e.cur = outer
		f := &e.found[self]
		f.slot, f.v = nd.slot, Value{Kind: KindObject, Bool: !empty, Raw: unsafe.String(&d[start], i-start)}
	} else if nd.slot >= 0 {
		e.emit(n, Value{Kind: KindObject, Bool: !empty, Raw: unsafe.String(&d[start], i-start)})
	}
	return i
}

// array fans the elements at i out to node n.
func (e *Event) array(i int, n int32) int {
	d := e.data
	if e.depth++; e.depth > maxDepth {
		return e.fail(i, errDepth.Error())
	}
	i = e.ws(i + 1)
	if i < len(d) && d[i] == ']' {
		e.depth--
		return i + 1
	}
	for {
		if i >= len(d) {
			return e.fail(i, "unterminated array")
		}
		i = e.value(i, n)
		if e.err != nil {
			return i
		}
		i = e.ws(i)
		if i < len(d) && d[i] == ',' {
			i = e.ws(i + 1)
			continue
		}
		if i < len(d) && d[i] == ']' {
			e.depth--
			return i + 1
		}
		return e.fail(i, "expected ',' or ']' in an array")
	}
}

// skip validates the value at i without keeping anything.
func (e *Event) skip(i int) int {
	d := e.data
	switch d[i] {
	case '"':
		end, _ := e.str(i + 1)
		return end + 1
	case '{':
		if e.depth++; e.depth > maxDepth {
			return e.fail(i, errDepth.Error())
		}
		i = e.ws(i + 1)
		if i < len(d) && d[i] == '}' {
			e.depth--
			return i + 1
		}
		for {
			if i >= len(d) || d[i] != '"' {
				return e.fail(i, "expected a member name")
			}
			end, _ := e.str(i + 1)
			if e.err != nil {
				return end
			}
			i = e.ws(end + 1)
			if i >= len(d) || d[i] != ':' {
				return e.fail(i, "expected ':' after a member name")
			}
			i = e.ws(i + 1)
			if i >= len(d) {
				return e.fail(i, "expected a value")
			}
			i = e.skip(i)
			if e.err != nil {
				return i
			}
			i = e.ws(i)
			if i < len(d) && d[i] == ',' {
				i = e.ws(i + 1)
				continue
			}
			if i < len(d) && d[i] == '}' {
				e.depth--
				return i + 1
			}
			return e.fail(i, "expected ',' or '}' after a member")
		}
	case '[':
		if e.depth++; e.depth > maxDepth {
			return e.fail(i, errDepth.Error())
		}
		i = e.ws(i + 1)
		if i < len(d) && d[i] == ']' {
			e.depth--
			return i + 1
		}
		for {
			if i >= len(d) {
				return e.fail(i, "unterminated array")
			}
			i = e.skip(i)
			if e.err != nil {
				return i
			}
			i = e.ws(i)
			if i < len(d) && d[i] == ',' {
				i = e.ws(i + 1)
				continue
			}
			if i < len(d) && d[i] == ']' {
				e.depth--
				return i + 1
			}
			return e.fail(i, "expected ',' or ']' in an array")
		}
	case 't':
		if len(d)-i >= 4 && string(d[i:i+4]) == "true" {
			return i + 4
		}
	case 'f':
		if len(d)-i >= 5 && string(d[i:i+5]) == "false" {
			return i + 5
		}
	case 'n':
		if len(d)-i >= 4 && string(d[i:i+4]) == "null" {
			return i + 4
		}
	default:
		return e.number(i)
	}
	return e.fail(i, "invalid literal")
}

// number validates a JSON number at i and returns the index after it.
func (e *Event) number(i int) int {
	d := e.data
	start := i
	if i < len(d) && d[i] == '-' {
		i++
	}
	switch {
	case i < len(d) && d[i] == '0':
		i++
	case i < len(d) && d[i] >= '1' && d[i] <= '9':
		for i++; i < len(d) && d[i] >= '0' && d[i] <= '9'; i++ {
		}
	default:
		return e.fail(start, "invalid character")
	}
	if i < len(d) && d[i] == '.' {
		i++
		if i >= len(d) || d[i] < '0' || d[i] > '9' {
			return e.fail(i, "invalid number")
		}
		for ; i < len(d) && d[i] >= '0' && d[i] <= '9'; i++ {
		}
	}
	if i < len(d) && (d[i] == 'e' || d[i] == 'E') {
		i++
		if i < len(d) && (d[i] == '+' || d[i] == '-') {
			i++
		}
		if i >= len(d) || d[i] < '0' || d[i] > '9' {
			return e.fail(i, "invalid number")
		}
		for ; i < len(d) && d[i] >= '0' && d[i] <= '9'; i++ {
		}
	}
	return i
}

const (
	ones  = 0x0101010101010101
	highs = 0x8080808080808080
)

// str finds the closing quote of the string whose text starts at i,
// validating escapes and rejecting control characters as encoding/json does.
// It reports whether the string has escapes.
func (e *Event) str(i int) (end int, esc bool) {
	d := e.data
	for {
		// Eight bytes at a time: stop at the first '"', '\\' or byte < 0x20.
		for i+8 <= len(d) {
			x := binary.LittleEndian.Uint64(d[i:])
			q := x ^ (ones * '"')
			b := x ^ (ones * '\\')
			t := ((q - ones) &^ q) | ((b - ones) &^ b) | ((x - ones*0x20) &^ x)
			if t &= highs; t != 0 {
				i += bits.TrailingZeros64(t) >> 3
				break
			}
			i += 8
		}
		for ; i < len(d); i++ {
			c := d[i]
			if c == '"' || c == '\\' || c < 0x20 {
				break
			}
		}
		if i >= len(d) {
			return e.fail(i, "unterminated string"), false
		}
		switch c := d[i]; {
		case c == '"':
			return i, esc
		case c == '\\':
			esc = true
			if i+1 >= len(d) {
				return e.fail(i, "unterminated string"), false
			}
			switch d[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				if len(d)-i < 6 || !isHex4(d[i+2:i+6]) {
					return e.fail(i, "invalid \\u escape"), false
				}
				i += 6
			default:
				return e.fail(i, "invalid escape"), false
			}
		default:
			return e.fail(i, "control character in string"), false
		}
	}
}

func isHex4(b []byte) bool {
	for _, c := range b[:4] {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return true
}

// text returns the decoded string of raw (the bytes between the quotes):
// a view of the event when it needs no decoding, otherwise a copy in the
// Event's scratch buffer.
func (e *Event) text(raw []byte, esc bool) string {
	if len(raw) == 0 {
		return ""
	}
	if !esc && utf8.Valid(raw) {
		return unsafe.String(&raw[0], len(raw))
	}
	start := len(e.scratch)
	e.scratch = unquote(e.scratch, raw)
	if len(e.scratch) == start {
		return ""
	}
	// Earlier strings keep pointing into the old array when append moves
	// the buffer, so views never dangle.
	return unsafe.String(&e.scratch[start], len(e.scratch)-start)
}
