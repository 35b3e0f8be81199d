package parser

import (
	"fmt"
	"strings"
)

// Rebuilding block-style test logs.
//
// A block-style log on a catalog page has lost its indentation, so
//
//	userIdentity:
//	sessionContext:
//	attributes:
//	creationDate: "2024-01-15T10:30:00Z"
//	type: AssumedRole
//
// reads as five siblings. The rebuild walks the lines with a stack of open
// maps and sequences and puts each key into the deepest open map that can
// hold it, judged by:
//
//  1. a key cannot repeat within one map;
//  2. in a log whose top-level keys are sorted, every map's keys are sorted,
//     so a key cannot follow a larger one in the same map;
//  3. the log type's schema (the registry, package schema): a key the schema lists under an
//     open map goes there; a map the schema marks closed takes no other keys;
//  4. otherwise the key stays in the deepest open map.
//
// When rules 1-3 leave more than one place, the rebuild is ambiguous and the
// test is marked low-confidence with a note that names the line.

// maxBlockDepth bounds the nesting a rebuild creates, so that a page of
// "key:" lines costs linear time.
const maxBlockDepth = 64

type blFrame struct {
	seq      bool
	node     *schemaNode // the schema's view of this map or sequence; nil: unknown
	root     bool
	indent   int // column of this map's keys, or of this sequence's "-"
	keys     map[string]bool
	last     string
	path     string
	items    int    // sequence: entries so far
	firstKey string // sequence: first key of its first map entry
	mapItems bool   // sequence: entries are maps
	full     bool   // holds a member the schema says is its only one
}

func (f *blFrame) open() bool {
	return !f.full && (f.node == nil || !f.node.closed)
}

// knows reports whether the schema lists key under this map, spelled
// exactly (Panther's standard p_ fields belong to every top level).
func (f *blFrame) knows(key string) bool {
	if f.root && strings.HasPrefix(key, "p_") {
		return true
	}
	return f.node.exactChild(key) != nil
}

// knowsFolded reports whether the schema lists key under this map spelled
// with other case ("eventid" for "eventID") or "at_sign_" for "@".
func (f *blFrame) knowsFolded(key string) bool {
	return f.node.foldedChild(key) != nil
}

func (f *blFrame) childPath(key string) string {
	if f.path == "" {
		return key
	}
	return f.path + "." + key
}

// blockLog holds the state of one rebuild.
type blockLog struct {
	lines  []pageLine
	schema *schemaNode
	sorted bool

	rel          []int // indentation of each line, relative to the log
	stack        []*blFrame
	notes        []string
	contradicted bool // a key fit nowhere under rule 2: the log is not sorted after all
}

// rebuildBlockLog returns the indentation of every line of a flattened block
// log and, when the rebuild had to guess, notes saying where.
func rebuildBlockLog(lines []pageLine, schema *schemaNode) ([]int, []string) {
	first := &blockLog{lines: lines, schema: schema}
	first.run()
	if sortedKeys(first.rootKeys()) {
		// Authors who sort keys sort them everywhere: rebuild with rule 2,
		// and keep that rebuild if the whole log bears it out.
		second := &blockLog{lines: lines, schema: schema, sorted: true}
		second.run()
		if !second.contradicted && len(second.rootKeys()) >= 4 && sortedKeys(second.rootKeys()) {
			return second.rel, second.notes
		}
	}
	return first.rel, first.notes
}

func (b *blockLog) rootKeys() []string {
	var keys []string
	for j, ln := range b.lines {
		if b.rel[j] != 0 {
			continue
		}
		if k, _, ok := yamlKey(ln.text); ok {
			keys = append(keys, k)
		}
	}
	return keys
}

func sortedKeys(keys []string) bool {
	if len(keys) < 3 {
		return false
	}
	for i := 1; i < len(keys); i++ {
		if keys[i] <= keys[i-1] {
			return false
		}
	}
	return true
}

func (b *blockLog) note(j int, format string, args ...any) {
	if len(b.notes) < 3 {
		b.notes = append(b.notes, fmt.Sprintf("line %d: ", b.lines[j].no)+fmt.Sprintf(format, args...))
	} else if len(b.notes) == 3 {
		b.notes = append(b.notes, "…")
	}
}

func (b *blockLog) top() *blFrame { return b.stack[len(b.stack)-1] }

func (b *blockLog) run() {
	n := len(b.lines)
	b.rel = make([]int, n)
	root := &blFrame{node: b.schema, root: true, keys: map[string]bool{}}
	if n > 0 && isSeqItem(b.lines[0].text) {
		root.seq = true
	}
	b.stack = []*blFrame{root}
	for j := 0; j < n; j++ {
		t := b.lines[j].text
		switch {
		case strings.HasPrefix(t, "#"):
			b.rel[j] = b.top().indent
		case isSeqItem(t):
			j = b.seqEntry(j)
		default:
			key, rest, ok := yamlKey(t)
			if !ok {
				// A line that is neither a key nor an entry continues the
				// previous scalar.
				b.rel[j] = b.top().indent + 2
				continue
			}
			i, ambiguous, why := b.choose(b.stack, key)
			if ambiguous {
				b.note(j, "%s", why)
			}
			f := b.stack[i]
			b.stack = b.stack[:i+1]
			b.rel[j] = f.indent
			j = b.value(f, key, rest, j)
		}
	}
}

// choose picks the map in stack that receives key (rules 1-4 above).
func (b *blockLog) choose(stack []*blFrame, key string) (int, bool, string) {
	var cands []int
	deepestMap := -1
	for i := len(stack) - 1; i >= 0; i-- {
		f := stack[i]
		if f.seq {
			continue
		}
		if deepestMap < 0 {
			deepestMap = i
		}
		if f.keys[key] {
			continue
		}
		if b.sorted && f.last != "" && key <= f.last {
			continue
		}
		cands = append(cands, i)
	}
	if deepestMap < 0 {
		return 0, true, fmt.Sprintf("key %q inside a list of scalars", key)
	}
	if len(cands) == 0 {
		b.contradicted = b.contradicted || b.sorted
		return deepestMap, true, fmt.Sprintf("key %q fits no open map", key)
	}
	// A map just opened by "name:" takes the key that follows: opener
	// decided that name holds a map because of this very key.
	if f := stack[len(stack)-1]; cands[0] == len(stack)-1 && len(f.keys) == 0 && (f.open() || f.knows(key) || f.knowsFolded(key)) {
		return cands[0], false, ""
	}
	for _, i := range cands {
		if stack[i].knows(key) {
			return i, false, ""
		}
	}
	// Another spelling of a known field counts where the key cannot be an
	// unknown member of a deeper open map: "requestId" inside an open
	// responseElements is not CloudTrail's top-level "requestID".
	for _, i := range cands {
		if stack[i].knowsFolded(key) {
			return i, false, ""
		}
		if stack[i].open() {
			break
		}
	}
	var open []int
	for _, i := range cands {
		if stack[i].open() {
			open = append(open, i)
		}
	}
	switch {
	case len(cands) == 1:
		return cands[0], false, ""
	case len(open) == 0:
		return cands[0], true, fmt.Sprintf("key %q is not a known field of %s", key, describe(stack[cands[0]].path))
	case len(open) == 1:
		return open[0], false, ""
	case len(stack[open[0]].keys) == 0 && open[0] == len(stack)-1:
		// The first key after "name:" makes name a map: a null written as
		// an empty value is rare in sample logs.
		return open[0], false, ""
	}
	return open[0], true, fmt.Sprintf("key %q may belong to %s or %s", key, describe(stack[open[0]].path), describe(stack[open[1]].path))
}

// childNode returns the schema of key inside map f: the field the schema
// lists, or, inside an open map, a pattern the name matches.
func (b *blockLog) childNode(f *blFrame, key string) *schemaNode {
	if c := f.node.child(key); c != nil {
		return c
	}
	if f.open() {
		return b.schema.pattern(key)
	}
	return nil
}

func describe(path string) string {
	if path == "" {
		return "the top level"
	}
	return path
}

// value handles what follows "key:" on line j of map f; it returns the last
// line it consumed.
func (b *blockLog) value(f *blFrame, key, rest string, j int) int {
	f.keys[key] = true
	f.last = key
	v := stripComment(rest)
	child := b.childNode(f, key)
	switch {
	case v == "":
		return b.opener(f, key, child, j)
	case isBlockScalarHeader(v):
		return b.blockScalar(f.indent+2, j)
	default:
		return b.continuation(v, f.indent+2, j)
	}
}

// opener decides what an empty "key:" holds: a sequence, a map, or null.
func (b *blockLog) opener(f *blFrame, key string, child *schemaNode, j int) int {
	k := j + 1
	for k < len(b.lines) && strings.HasPrefix(b.lines[k].text, "#") {
		k++
	}
	if k >= len(b.lines) {
		return j
	}
	next := b.lines[k].text
	if len(b.stack) >= maxBlockDepth {
		b.note(j, "nesting deeper than %d levels is not rebuilt", maxBlockDepth)
		return j
	}
	if isSeqItem(next) {
		b.stack = append(b.stack, &blFrame{seq: true, node: child, indent: f.indent + 2, path: f.childPath(key)})
		return j
	}
	nk, _, ok := yamlKey(next)
	if !ok {
		return j
	}
	// "key:" before another key opens a map, unless the schema says key is
	// a scalar (then it is null) or a closed map that cannot hold the next
	// key. A key the schema does not know is a map; when the next key is a
	// known field further up, that is a guess.
	m := &blFrame{node: child, indent: f.indent + 2, keys: map[string]bool{}, path: f.childPath(key)}
	switch {
	case child != nil && !child.container:
		if _, ambiguous, _ := b.choose(b.stack, nk); !ambiguous {
			return j
		}
		b.note(j, "%q is a scalar field, yet the next key fits nowhere else", m.path)
	case child != nil && child.closed && !m.knows(nk) && !m.knowsFolded(nk):
		return j
	case child == nil && b.knownAbove(nk):
		b.note(j, "%q may be null or a map holding %q", m.path, nk)
	}
	if child != nil && child.sole {
		f.full = true
	}
	b.stack = append(b.stack, m)
	return j
}

// knownAbove reports whether an open map of the stack knows key as its own.
func (b *blockLog) knownAbove(key string) bool {
	for _, f := range b.stack {
		if !f.seq && !f.keys[key] && f.knows(key) {
			return true
		}
	}
	return false
}

// seqEntry handles a "- ..." line; it returns the last line it consumed.
func (b *blockLog) seqEntry(j int) int {
	body := seqItemBody(b.lines[j].text)
	key, rest, isMap := yamlKey(body)
	var cands []int
	for i := len(b.stack) - 1; i >= 0; i-- {
		if b.stack[i].seq {
			cands = append(cands, i)
		}
	}
	if len(cands) == 0 {
		b.note(j, "a list entry where no list is open")
		b.rel[j] = b.top().indent
		return j
	}
	pick := cands[0]
	if len(cands) > 1 {
		pick = -1
		for _, i := range cands {
			s := b.stack[i]
			if isMap && (s.node.child("[]").child(key) != nil || (s.mapItems && s.firstKey == key)) {
				pick = i
				break
			}
		}
		if pick < 0 {
			pick = cands[0]
			if b.stack[pick].items > 0 {
				b.note(j, "cannot tell which of %d open lists this entry extends", len(cands))
			}
		}
	}
	s := b.stack[pick]
	b.stack = b.stack[:pick+1]
	if len(b.stack) >= maxBlockDepth && (isMap || body == "") {
		b.note(j, "nesting deeper than %d levels is not rebuilt", maxBlockDepth)
		b.rel[j] = s.indent
		return j
	}
	b.rel[j] = s.indent
	if s.items == 0 && isMap {
		s.firstKey = key
		s.mapItems = true
	}
	s.items++
	elem := s.node.child("[]")
	switch {
	case isMap:
		m := &blFrame{node: elem, indent: s.indent + 2, keys: map[string]bool{}, path: s.path + "[]"}
		b.stack = append(b.stack, m)
		return b.value(m, key, rest, j)
	case body == "":
		// "-" alone: the entry's map (or list) starts on the next line.
		m := &blFrame{node: elem, indent: s.indent + 2, keys: map[string]bool{}, path: s.path + "[]"}
		b.stack = append(b.stack, m)
		return j
	case isBlockScalarHeader(stripComment(body)):
		return b.blockScalar(s.indent+2, j)
	}
	return b.continuation(stripComment(body), s.indent+2, j)
}

// continuation consumes the lines a multi-line flow collection or quoted
// string needs after line j, indenting them at indent.
func (b *blockLog) continuation(v string, indent, j int) int {
	switch {
	case opensFlow(v):
		d := flowDepth(v)
		for d > 0 && j+1 < len(b.lines) {
			j++
			b.rel[j] = indent
			d += flowDepth(b.lines[j].text)
		}
	case unterminatedQuote(v):
		q := quoteScan{quote: v[0]}
		q.feed(v[1:])
		for q.open && j+1 < len(b.lines) {
			j++
			b.rel[j] = indent
			q.feed(b.lines[j].text)
		}
	}
	return j
}

// quoteScan follows a quoted scalar over several lines, in linear time.
type quoteScan struct {
	quote  byte
	escape bool // the previous byte was a backslash inside "..."
	closed bool
	open   bool
}

func (q *quoteScan) feed(s string) {
	if q.closed {
		return
	}
	q.open = true
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case q.escape:
			q.escape = false
		case q.quote == '"' && c == '\\':
			q.escape = true
		case c == q.quote:
			if q.quote == '\'' && i+1 < len(s) && s[i+1] == '\'' {
				i++
				continue
			}
			q.closed, q.open = true, false
			return
		}
	}
	q.escape = false // a line break ends an escape
}

// blockScalar consumes the content of a "|" or ">" scalar: every following
// line up to the next key or list entry. Its own indentation is lost, so
// the rebuild is a guess.
func (b *blockLog) blockScalar(indent, j int) int {
	start := j
	for j+1 < len(b.lines) {
		t := b.lines[j+1].text
		if _, _, ok := yamlKey(t); ok || isSeqItem(t) {
			break
		}
		j++
		b.rel[j] = indent
	}
	if j > start {
		b.note(start, "a block scalar whose line structure the page lost")
	}
	return j
}
