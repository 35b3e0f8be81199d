package sigma

import (
	"bytes"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/rulec/rulec/backends"
	"github.com/rulec/rulec/ir"
	"github.com/rulec/rulec/schema"
)

// Target is the name of this backend in messages and `rulec test` results.
const Target = "sigma"

// Case selects how string values are matched.
type Case uint8

const (
	// CaseExact adds |cased to every string match, so the rule matches
	// exactly the events the IR matches (the default).
	CaseExact Case = iota
	// CaseInsensitive leaves Sigma's default, case-insensitive matching:
	// the rule then also matches values that differ from the IR's literals
	// in case only.
	CaseInsensitive
)

// ParseCase reads a --sigma-case value.
func ParseCase(s string) (Case, error) {
	switch s {
	case "", "exact", "sensitive", "cased":
		return CaseExact, nil
	case "insensitive":
		return CaseInsensitive, nil
	}
	return 0, fmt.Errorf("unknown Sigma case mode %q: want sensitive or insensitive", s)
}

// Options are the conversion settings.
type Options struct {
	Case Case
	// Registry declares the log types' fields, which decide where Sigma's
	// own reading of a value is exact (a boolean on a boolean field); nil
	// means the log types rulec ships (schema.Builtin).
	Registry *schema.Registry
}

// ConvertAll converts every rule into one file <rule-id>.yml, sorted by
// name. It returns every rule's errors together, and no files on error.
func ConvertAll(rules []*ir.Rule, opt Options) ([]backends.File, error) {
	var errs ir.ErrorList
	var files []backends.File
	for _, r := range rules {
		data, err := Convert(r, opt)
		if err != nil {
			if l, ok := err.(ir.ErrorList); ok {
				errs = append(errs, l...)
				continue
			}
			return nil, err
		}
		files = append(files, backends.File{Name: ruleName(r) + ".yml", Data: data})
	}
	if len(errs) > 0 {
		errs.Sort()
		return nil, errs
	}
	sort.SliceStable(files, func(i, j int) bool { return files[i].Name < files[j].Name })
	return files, nil
}

// Convert emits one rule as Sigma YAML: the detection rule and, when the
// rule has a threshold, a correlation rule after it in the same file. An
// ir.ErrorList of unsupported constructs is returned when the rule's
// condition cannot be expressed exactly.
func Convert(r *ir.Rule, opt Options) ([]byte, error) {
	e := &emitter{rule: r, opt: opt}
	det := e.detection()
	if len(e.errs) > 0 {
		e.errs.Sort()
		return nil, e.errs
	}
	threshold := r.Threshold > 1
	base := newMap()
	base.add("title", str(r.Title))
	base.add("id", str(RuleUUID(ruleName(r))))
	base.add("name", str(ruleName(r)))
	if !threshold {
		base.add("status", str(statusOf(r)))
	}
	if d := description(r); d != "" {
		base.add("description", text(d))
	}
	if refs := uniq(r.References); len(refs) > 0 {
		base.add("references", strSeq(refs))
	}
	if tags := tagsFor(r); len(tags) > 0 {
		base.add("tags", strSeq(tags))
	}
	if pt := pantherTagsFor(r); len(pt) > 0 {
		base.add("panther_tags", strSeq(pt))
	}
	src := r.Logsource
	if src.IsZero() {
		src = logsourceFor(opt.Registry, r.LogTypes)
	}
	base.add("logsource", logsourceNode(src))
	base.add("detection", det)
	if fields := fieldsFor(r); len(fields) > 0 {
		base.add("fields", strSeq(fields))
	}
	if l := levelOf(r.Severity); l != "" && !threshold {
		base.add("level", str(l))
	}
	docs := []*yaml.Node{base.node}
	if threshold {
		docs = append(docs, correlationDoc(r))
	}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(4)
	for _, d := range docs {
		if err := enc.Encode(d); err != nil {
			return nil, fmt.Errorf("sigma: encoding rule %s: %w", ruleName(r), err)
		}
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// correlationDoc expresses Threshold/DedupPeriodMinutes: an event_count
// correlation over the base rule, for the whole rule (Panther's default
// dedup key), within the dedup period (Panther's default is 60 minutes).
func correlationDoc(r *ir.Rule) *yaml.Node {
	minutes := r.DedupPeriodMinutes
	if minutes <= 0 {
		minutes = 60
	}
	c := newMap()
	c.add("title", str(r.Title+" (threshold)"))
	c.add("id", str(RuleUUID(ruleName(r)+"#threshold")))
	c.add("status", str(statusOf(r)))
	c.add("description", text(fmt.Sprintf("Alerts when %s matches %d events within %d minutes.", ruleName(r), r.Threshold, minutes)))
	corr := newMap()
	corr.add("type", str("event_count"))
	corr.add("rules", strSeq([]string{ruleName(r)}))
	groupBy := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Style: yaml.FlowStyle}
	corr.add("group-by", groupBy)
	corr.add("timespan", str(fmt.Sprintf("%dm", minutes)))
	cond := newMap()
	cond.add("gte", &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.Itoa(r.Threshold)})
	corr.add("condition", cond.node)
	c.add("correlation", corr.node)
	if l := levelOf(r.Severity); l != "" {
		c.add("level", str(l))
	}
	return c.node
}

var sigmaStatuses = []string{"stable", "test", "experimental", "deprecated", "unsupported"}

func statusOf(r *ir.Rule) string {
	for _, s := range sigmaStatuses {
		if strings.EqualFold(r.Status, s) {
			return s
		}
	}
	return "experimental"
}

func description(r *ir.Rule) string {
	d := strings.TrimSpace(r.Description)
	if r.Runbook != "" {
		if d != "" {
			d += "\n\n"
		}
		d += "Runbook: " + strings.TrimSpace(r.Runbook)
	}
	if r.Partial {
		if d != "" {
			d += "\n\n"
		}
		d += "Partial conversion: the source rule also runs logic its condition does not express."
	}
	return d
}

func fieldsFor(r *ir.Rule) []string {
	var out []string
	for _, f := range r.OutputFields {
		out = append(out, f.Path())
	}
	out = append(out, r.SummaryAttributes...)
	return uniq(out)
}

func uniq(xs []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, x := range xs {
		if x != "" && !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

// mapNode builds a YAML mapping in insertion order.
type mapNode struct{ node *yaml.Node }

func newMap() *mapNode { return &mapNode{&yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}} }

func (m *mapNode) add(key string, v *yaml.Node) {
	m.node.Content = append(m.node.Content, str(key), v)
}

// str is a string scalar; yaml.v3 quotes it when its plain form would read
// as another type in YAML 1.2, control characters force double quotes, and
// a plain form that YAML 1.1 reads as another type is single-quoted.
func str(s string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}
	for _, r := range s {
		if r < 0x20 || r == 0x7f || r == 0xfeff || (r >= 0x80 && r < 0xa0) || r == 0x2028 || r == 0x2029 {
			n.Style = yaml.DoubleQuotedStyle
			return n
		}
	}
	if yaml11NonString(s) {
		n.Style = yaml.SingleQuotedStyle
	}
	return n
}

// The implicit types of YAML 1.1 (https://yaml.org/type/), as PyYAML's
// resolver (yaml/resolver.py), which pySigma reads rules with, recognises
// them, plus y/n, which the YAML 1.1 boolean type lists and PyYAML does not.
// yaml.v3 follows YAML 1.2 and writes "Yes", "off", "0777" or "1_000"
// plain, which PyYAML reads as a boolean or an integer: pySigma then
// rejects |cased on a boolean, or matches the wrong value.
var yaml11Implicit = regexp.MustCompile(`^(?:` +
	`y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF` + // bool
	`|[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+` + // int
	`|[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)` + // float
	`|~|null|Null|NULL` + // null (PyYAML also reads "" as null; yaml.v3 quotes it anyway)
	`|[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?` + // timestamp
	`|<<|=` + // merge, value
	`)$`)

// yaml11NonString reports whether a plain scalar s would be read by a YAML
// 1.1 parser as something other than the string s.
func yaml11NonString(s string) bool { return yaml11Implicit.MatchString(s) }

// text is a metadata string, written as a block when it has several lines.
func text(s string) *yaml.Node {
	n := str(s)
	if strings.Contains(s, "\n") && !strings.ContainsAny(s, "\t\r") {
		n.Style = yaml.LiteralStyle
	}
	return n
}

func strSeq(xs []string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
	for _, x := range xs {
		n.Content = append(n.Content, str(x))
	}
	return n
}

func logsourceNode(l Logsource) *yaml.Node {
	m := newMap()
	if l.Category != "" {
		m.add("category", str(l.Category))
	}
	if l.Product != "" {
		m.add("product", str(l.Product))
	}
	if l.Service != "" {
		m.add("service", str(l.Service))
	}
	if l.Definition != "" {
		m.add("definition", str(l.Definition))
	}
	return m.node
}

// The condition is built as a tree whose leaves are atoms: an atom becomes
// one search identifier, a list of maps (any of them) of entries (all of
// them).

type entry struct {
	key    string
	values []*yaml.Node
}

type atom struct {
	maps [][]entry
	name string
}

type cAnd struct{ xs []cnode }
type cOr struct{ xs []cnode }
type cNot struct{ x cnode }

// cnode is *atom, *cAnd, *cOr or *cNot.
type cnode interface{}

type emitter struct {
	nulls map[*ir.Pred]bool // is_null predicates paired with ne "": Sigma's null
	rule  *ir.Rule
	opt   Options
	errs  ir.ErrorList
	// prefix is the path of the enclosing "any" quantifiers: a predicate
	// inside "any P (F ...)" is written on the dotted path P.F.
	prefix []string
}

func (e *emitter) unsupported(at ir.Pos, construct string) {
	e.errs.Add(ir.Unsupported(e.rule, at, Target, construct))
}

// detection builds the detection mapping: the positive conjuncts of the
// condition as "selection", each excluded conjunct as a filter.
func (e *emitter) detection() *yaml.Node {
	cond := simplify(e.rule.Cond)
	if a, ok := cond.(*ir.And); cond == nil || ok && len(a.Xs) == 0 {
		e.unsupported(e.rule.At, "an empty condition (every event matches)")
		return nil
	}
	var match []ir.Expr
	var excl []ir.Expr
	for _, c := range e.pairNulls(ir.Conjuncts(cond)) {
		if n, ok := c.(*ir.Not); ok {
			excl = append(excl, n.X)
		} else {
			match = append(match, c)
		}
	}
	det := newMap()
	var parts []string
	if len(match) > 0 {
		n := e.build(ir.NewAnd(match[0].Pos(), match...))
		e.name(n, "selection")
		outer := precAnd
		if len(excl) == 0 {
			outer = precOr // the whole condition: no parentheses needed
		}
		parts = append(parts, printCond(n, outer))
		e.addAtoms(det, n)
	}
	var filters []cnode
	allAtoms := true
	for i, x := range excl {
		n := e.build(x)
		prefix := "filter"
		if len(excl) > 1 {
			prefix = fmt.Sprintf("filter_%d", i+1)
		}
		e.name(n, prefix)
		if _, ok := n.(*atom); !ok {
			allAtoms = false
		}
		filters = append(filters, n)
		e.addAtoms(det, n)
	}
	switch {
	case len(filters) > 1 && allAtoms:
		parts = append(parts, "not 1 of filter_*")
	default:
		for _, f := range filters {
			parts = append(parts, "not "+printCond(f, precNot))
		}
	}
	det.add("condition", str(strings.Join(parts, " and ")))
	return det.node
}

// name gives every atom of n a search identifier: prefix itself when n is
// an atom, prefix_1, prefix_2 ... in condition order otherwise.
func (e *emitter) name(n cnode, prefix string) {
	if a, ok := n.(*atom); ok {
		a.name = prefix
		return
	}
	i := 0
	walkAtoms(n, func(a *atom) {
		i++
		a.name = fmt.Sprintf("%s_%d", prefix, i)
	})
}

func walkAtoms(n cnode, f func(*atom)) {
	switch x := n.(type) {
	case *atom:
		f(x)
	case *cAnd:
		for _, c := range x.xs {
			walkAtoms(c, f)
		}
	case *cOr:
		for _, c := range x.xs {
			walkAtoms(c, f)
		}
	case *cNot:
		walkAtoms(x.x, f)
	}
}

func (e *emitter) addAtoms(det *mapNode, n cnode) {
	walkAtoms(n, func(a *atom) { det.add(a.name, a.node()) })
}

func (a *atom) node() *yaml.Node {
	mapOf := func(es []entry) *yaml.Node {
		m := newMap()
		for _, en := range es {
			if len(en.values) == 1 {
				m.add(en.key, en.values[0])
			} else {
				m.add(en.key, &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Content: en.values})
			}
		}
		return m.node
	}
	if len(a.maps) == 1 {
		return mapOf(a.maps[0])
	}
	seq := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
	for _, m := range a.maps {
		seq.Content = append(seq.Content, mapOf(m))
	}
	return seq
}

const (
	precOr = iota
	precAnd
	precNot
)

func printCond(n cnode, outer int) string {
	paren := func(s string, p int) string {
		if outer > p {
			return "(" + s + ")"
		}
		return s
	}
	switch x := n.(type) {
	case *atom:
		return x.name
	case *cNot:
		return "not " + printCond(x.x, precNot)
	case *cAnd:
		var ps []string
		for _, c := range x.xs {
			ps = append(ps, printCond(c, precAnd+1))
		}
		return paren(strings.Join(ps, " and "), precAnd)
	case *cOr:
		var ps []string
		for _, c := range x.xs {
			// An "and" inside an "or" gets parentheses it does not need,
			// for readers who do not know Sigma's precedence.
			ps = append(ps, printCond(c, precNot))
		}
		return paren(strings.Join(ps, " or "), precOr)
	}
	return ""
}

// simplify removes double negations and moves a negation over an and/or
// whose operands are all negated, so that "not (a is_not_null or b
// is_not_null)" becomes the selection "a is_null and b is_null". It builds
// new nodes and never changes the rule.
func simplify(e ir.Expr) ir.Expr {
	switch x := e.(type) {
	case *ir.And:
		var xs []ir.Expr
		for _, c := range x.Xs {
			xs = append(xs, simplify(c))
		}
		if len(xs) == 0 {
			return x
		}
		return ir.NewAnd(x.At, xs...)
	case *ir.Or:
		var xs []ir.Expr
		for _, c := range x.Xs {
			xs = append(xs, simplify(c))
		}
		if len(xs) == 0 {
			return &ir.Or{At: x.At}
		}
		return ir.NewOr(x.At, xs...)
	case *ir.Not:
		inner := simplify(x.X)
		switch y := inner.(type) {
		case *ir.Not:
			return y.X
		case *ir.And:
			if xs, ok := allNegated(y.Xs); ok {
				return ir.NewOr(y.At, xs...)
			}
		case *ir.Or:
			if xs, ok := allNegated(y.Xs); ok {
				return ir.NewAnd(y.At, xs...)
			}
		}
		return &ir.Not{At: x.At, X: inner, Form: x.Form}
	}
	return e
}

func allNegated(xs []ir.Expr) ([]ir.Expr, bool) {
	var out []ir.Expr
	for _, x := range xs {
		n, ok := x.(*ir.Not)
		if !ok {
			return nil, false
		}
		out = append(out, n.X)
	}
	return out, len(out) > 0
}

// build turns an expression into the condition tree, merging predicates
// into as few search identifiers as keep the meaning: the operands of an
// "and" that are one map each share a map when their keys differ, and the
// operands of an "or" that are atoms share one list of maps.
func (e *emitter) build(x ir.Expr) cnode {
	switch x := x.(type) {
	case *ir.Pred:
		return e.pred(x)
	case *ir.FieldPred:
		return e.fieldPred(x)
	case *ir.Quant:
		return e.quant(x)
	case *ir.Not:
		if len(e.prefix) > 0 {
			e.unsupported(x.At, "a negation inside any (Sigma's dotted path matches some element of the array; it cannot require that an element fails a condition)")
			return &atom{}
		}
		return &cNot{x: e.build(x.X)}
	case *ir.And:
		if len(x.Xs) == 0 {
			e.unsupported(x.At, "an empty conjunction (it holds for every event)")
			return &atom{}
		}
		if len(e.prefix) > 0 && len(x.Xs) > 1 {
			e.unsupported(x.At, "any over several predicates joined by and (Sigma matches each dotted path on its own, so two conditions may hold on different elements of the array)")
			return &atom{}
		}
		var out []cnode
		var acc *atom
		for _, c := range e.pairNulls(x.Xs) {
			n := e.build(c)
			a, ok := n.(*atom)
			if ok && len(a.maps) == 1 {
				if acc != nil && disjoint(acc.maps[0], a.maps[0]) {
					acc.maps[0] = append(acc.maps[0], a.maps[0]...)
					continue
				}
				acc = a
				out = append(out, a)
				continue
			}
			out = append(out, n)
		}
		if len(out) == 1 {
			return out[0]
		}
		return &cAnd{xs: out}
	case *ir.Or:
		if len(x.Xs) == 0 {
			e.unsupported(x.At, "an empty disjunction (it holds for no event)")
			return &atom{}
		}
		var out []cnode
		var acc *atom
		for _, c := range x.Xs {
			n := e.build(c)
			if a, ok := n.(*atom); ok {
				if acc != nil {
					acc.maps = append(acc.maps, a.maps...)
					continue
				}
				acc = a
			}
			out = append(out, n)
		}
		if acc != nil {
			acc.mergeAlternatives()
		}
		if len(out) == 1 {
			return out[0]
		}
		return &cOr{xs: out}
	}
	return &atom{}
}

// mergeAlternatives joins the maps of one entry that share a key into one
// entry listing their values, which Sigma reads as alternatives: the form
// SigmaHQ writes ("Image|endswith: [a, b]" rather than a list of maps).
func (a *atom) mergeAlternatives() {
	var out [][]entry
	index := map[string]int{}
	for _, m := range a.maps {
		if len(m) == 1 {
			if i, ok := index[m[0].key]; ok {
				out[i] = []entry{{key: m[0].key, values: append(append([]*yaml.Node(nil), out[i][0].values...), m[0].values...)}}
				continue
			}
			index[m[0].key] = len(out)
		}
		out = append(out, m)
	}
	a.maps = out
}

func disjoint(a, b []entry) bool {
	for _, x := range a {
		for _, y := range b {
			if x.key == y.key {
				return false
			}
		}
	}
	return true
}

// quant writes "any P (C)" as C on dotted paths below P, which is exact
// when C holds of some element as soon as some value below that element
// satisfies it: a predicate other than is_null, an or of such, or a nested
// any. Sigma has no other quantifier over array elements.
func (e *emitter) quant(q *ir.Quant) cnode {
	if q.All {
		e.unsupported(q.At, "all (Sigma has no condition on every element of an array)")
		return &atom{}
	}
	saved := e.prefix
	e.prefix = append(append([]string(nil), saved...), q.Path.Segs...)
	defer func() { e.prefix = saved }()
	return e.build(simplify(q.X))
}

// path returns the Sigma field name of a path: the enclosing quantifiers'
// paths, then its own segments.
func (e *emitter) path(p ir.Path) string {
	return strings.Join(append(append([]string(nil), e.prefix...), p.Segs...), ".")
}

// fieldPred writes "F OP field(G)" with |fieldref. Sigma's field
// reference compares the two fields' values case-sensitively: pySigma's
// SigmaFieldReference carries no case flag, |cased cannot follow |fieldref,
// and its backends render it as the engine's native comparison of the two
// fields (see the package documentation).
func (e *emitter) fieldPred(p *ir.FieldPred) cnode {
	if len(e.prefix) > 0 {
		e.unsupported(p.At, "a field reference inside any (Sigma resolves both fields from the whole event, not from one array element)")
		return &atom{}
	}
	if p.Op.IsFold() {
		e.unsupported(p.At, fmt.Sprintf("%s with field() (Sigma's fieldref compares case-sensitively and has no case-insensitive form)", p.Op))
		return &atom{}
	}
	mod := ""
	switch p.Op {
	case ir.OpEq:
		// Exact where the schema gives both fields one scalar type: the IR
		// equals 403 with "403", which typed field comparisons do not.
		if k := e.fieldKind(p.Field); k == 0 || k != e.fieldKind(p.Ref) {
			e.unsupported(p.At, "eq with field() on fields the log schema does not declare of one scalar type (the IR equals a JSON number with a numeric string, 403 with \"403\", which Sigma backends' field-to-field comparison does not)")
			return &atom{}
		}
	case ir.OpContains:
		mod = "|contains"
	case ir.OpStartsWith:
		mod = "|startswith"
	case ir.OpEndsWith:
		mod = "|endswith"
	default:
		e.unsupported(p.At, fmt.Sprintf("%s with field()", p.Op))
		return &atom{}
	}
	if len(p.Ref.Segs) == 0 {
		e.unsupported(p.RefPos, "field(@) (Sigma's fieldref names a field of the event)")
		return &atom{}
	}
	return oneEntry(e.path(p.Field)+"|fieldref"+mod, str(p.Ref.String()))
}

// fieldKind returns the scalar kind the rule's log types declare at path
// (below the enclosing quantifiers); see declaredKind.
func (e *emitter) fieldKind(p ir.Path) schema.Kind {
	segs := append(append([]string(nil), e.prefix...), p.Segs...)
	return declaredKind(e.opt.Registry, e.rule.LogTypes, segs)
}

// declaredKind returns the scalar kind every one of logTypes declares at
// path in reg (nil: the shipped log types): KindString for the string kinds
// (ip and timestamp are strings too), KindNumber or KindBoolean, and 0 when
// there are no log types, one is unknown, the field is undeclared or free,
// or the log types disagree.
func declaredKind(reg *schema.Registry, logTypes []string, path []string) schema.Kind {
	if reg == nil {
		reg = schema.Builtin()
	}
	var kind schema.Kind
	for _, name := range logTypes {
		lt := reg.Lookup(name)
		if lt == nil {
			return 0
		}
		t := lt.TypeOf(path).Base()
		var k schema.Kind
		switch {
		case t.Stringy():
			k = schema.KindString
		case t != nil && (t.Kind == schema.KindNumber || t.Kind == schema.KindBoolean):
			k = t.Kind
		default:
			return 0
		}
		if kind != 0 && k != kind {
			return 0
		}
		kind = k
	}
	return kind
}

func oneEntry(key string, v *yaml.Node) *atom {
	return &atom{maps: [][]entry{{{key: key, values: []*yaml.Node{v}}}}}
}

// pred translates one predicate into an atom of Sigma field matchers with
// the same meaning under the package's Sigma semantics.
func (e *emitter) pred(p *ir.Pred) cnode {
	field := e.path(p.Field)
	if len(e.prefix) > 0 && p.Op == ir.OpIsNull {
		e.unsupported(p.At, "is_null inside any (Sigma's null on a dotted path requires that no element holds a value)")
		return &atom{}
	}
	fold := p.Op.IsFold()
	cased := ""
	if !fold && e.opt.Case == CaseExact {
		cased = "|cased"
	}
	if fold && !e.foldSafe(p) {
		return &atom{}
	}
	one := oneEntry
	switch p.Op {
	case ir.OpEq, ir.OpIn, ir.OpEqFold, ir.OpInFold:
		var strs, typed, res []*yaml.Node
		var unquoted, padded, boolText []string
		for _, v := range p.Args {
			n, isString, bad := equalityValue(v)
			switch {
			case bad == badUnquoted:
				unquoted = append(unquoted, v.Text())
			case bad == badPadded:
				padded = append(padded, ir.Quote(v.Text()))
			case n.Tag == "!!bool" && fold && isStringLit(v):
				// eq~ "true" matches JSON true and "true" in any case: the
				// case-insensitive string and the boolean say it together.
				// (eq~ true, unquoted, folds nothing: it is eq true.)
				strs = append(strs, str(v.Text()))
				typed = append(typed, n)
			case n.Tag == "!!bool":
				switch kind := e.fieldKind(p.Field); {
				case kind == schema.KindBoolean:
					// No string occurs there, so Sigma's boolean is exact.
					typed = append(typed, n)
				case kind == schema.KindString:
					// No boolean occurs there: the exact string.
					strs = append(strs, str(v.Text()))
				default:
					boolText = append(boolText, ir.FormatValue(v))
				}
			case isString && hasControl(v.Text()):
				if fold {
					e.unsupported(p.ArgPos, fmt.Sprintf("%s with a control character in %s (pySigma flags control characters in values, and |re|i folds case differently from the IR)", p.Op, ir.Quote(v.Text())))
					continue
				}
				res = append(res, str("^"+reQuote(v.Text())+"$"))
			case isString:
				strs = append(strs, n)
			default:
				typed = append(typed, n)
			}
		}
		if len(unquoted) > 0 {
			e.unsupported(p.ArgPos, fmt.Sprintf("%s with the unquoted number %s (a number also matches numeric strings of its value such as %q, which a Sigma number does not)",
				p.Op, strings.Join(unquoted, ", "), paddedExample(unquoted[0])))
		}
		if len(padded) > 0 {
			e.unsupported(p.ArgPos, fmt.Sprintf("%s with the numeric string %s (it equals the JSON number of its value, and a Sigma number of that value also matches its shortest text)",
				p.Op, strings.Join(padded, ", ")))
		}
		if len(boolText) > 0 {
			e.unsupported(p.ArgPos, fmt.Sprintf("%s with %s (it matches the JSON boolean and only the exact string %q; Sigma's boolean also matches %q in case-insensitive backends, and the log schema declares the field neither boolean nor string)",
				p.Op, strings.Join(boolText, ", "), strings.Trim(boolText[0], `"`), titleCase(strings.Trim(boolText[0], `"`))))
		}
		if len(p.Args) == 0 {
			e.unsupported(p.ArgPos, "in with an empty list")
		}
		a := &atom{}
		if cased == "" {
			// One key: strings and typed values form one list.
			strs, typed = append(strs, typed...), nil
		}
		if len(strs) > 0 {
			a.maps = append(a.maps, []entry{{key: field + cased, values: strs}})
		}
		if len(typed) > 0 {
			a.maps = append(a.maps, []entry{{key: field, values: typed}})
		}
		if len(res) > 0 {
			a.maps = append(a.maps, []entry{{key: field + "|re", values: res}})
		}
		return a
	case ir.OpContains, ir.OpStartsWith, ir.OpEndsWith, ir.OpContainsFold, ir.OpStartsWithFold, ir.OpEndsWithFold:
		mod := map[ir.Op]string{ir.OpContains: "|contains", ir.OpStartsWith: "|startswith", ir.OpEndsWith: "|endswith"}[p.Op.Exact()]
		lit := p.Str()
		if hasControl(lit) {
			if fold {
				e.unsupported(p.ArgPos, fmt.Sprintf("%s with a control character in %s (pySigma flags control characters in values, and |re|i folds case differently from the IR)", p.Op, ir.Quote(lit)))
				return &atom{}
			}
			src := reQuote(lit)
			switch p.Op {
			case ir.OpStartsWith:
				src = "^" + src
			case ir.OpEndsWith:
				src += "$"
			}
			return one(field+"|re", str(src))
		}
		return one(field+mod+cased, str(escape(lit)))
	case ir.OpWildcard, ir.OpWildcardFold:
		g := p.Glob
		if fold {
			// The IR holds the lowered pattern; Sigma gets it as written.
			var err error
			if g, err = ir.ParseGlob(p.Str()); err != nil {
				e.unsupported(p.ArgPos, "a wildcard~ pattern that does not parse")
				return &atom{}
			}
		}
		if g == nil {
			e.unsupported(p.At, "a wildcard without a pattern")
			return &atom{}
		}
		if globHasControl(g) {
			if fold {
				e.unsupported(p.ArgPos, fmt.Sprintf("%s with a control character in %s (pySigma flags control characters in values, and |re|i folds case differently from the IR)", p.Op, ir.Quote(p.Str())))
				return &atom{}
			}
			return one(field+"|re|s", str(strings.TrimPrefix(g.Regexp(), "(?s)")))
		}
		// A Sigma string with no wildcard is a typed equality ('403' also
		// matches 403), so a literal glob with a number's or a boolean's
		// text, which matches strings only, takes the re form.
		if typedLiteral(g) {
			if fold {
				e.unsupported(p.ArgPos, fmt.Sprintf("%s %s (a Sigma string without wildcards also matches the number or boolean it spells, and |re|i folds case differently from the IR)", p.Op, ir.Quote(p.Str())))
				return &atom{}
			}
			return one(field+"|re|s", str(strings.TrimPrefix(g.Regexp(), "(?s)")))
		}
		if mod, lit, ok := globModifier(g); ok {
			return one(field+mod+cased, str(escape(lit)))
		}
		if pat, ok := globPattern(g); ok {
			return one(field+cased, str(pat))
		}
		if fold {
			// Sigma has no case-insensitive class, and |re|i folds by case
			// folding, not the IR's simple lowercase: a case-sensitive
			// expression whose every character is the set of characters
			// that lower into the lowered pattern's says it exactly.
			return one(field+"|re|s", str(foldedGlobRegexp(p.Glob)))
		}
		// Character classes have no Sigma wildcard: the glob's anchored
		// regular expression says the same.
		src := strings.TrimPrefix(g.Regexp(), "(?s)")
		mods := "|re|s"
		if e.opt.Case == CaseInsensitive {
			mods = "|re|i|s"
		}
		return one(field+mods, str(src))
	case ir.OpRegex:
		flags, src := splitFlags(p.Str())
		key := field + "|re"
		for _, f := range flags {
			key += "|" + string(f)
		}
		return one(key, str(src))
	case ir.OpCIDR:
		return one(field+"|cidr", str(p.Net.String()))
	case ir.OpGt, ir.OpGte, ir.OpLt, ir.OpLte:
		f, ok := ir.LiteralNumber(p.Arg())
		if !ok || NumberText(f) == "" {
			e.unsupported(p.ArgPos, fmt.Sprintf("%s with the operand %s", p.Op, ir.FormatValue(p.Arg())))
			return &atom{}
		}
		return one(field+"|"+p.Op.String(), numberNode(NumberText(f)))
	case ir.OpIsNull:
		if e.nulls[p] {
			return one(field, nullNode())
		}
		// Sigma's null holds where the field has no value, never on "";
		// is_null also holds on "", so it is "null or ''". Where the field
		// may hold several values that is not exact (["", "x"] holds ''
		// but not is_null), so the log types must declare it one scalar.
		if !e.scalarPath(p.Field) {
			e.unsupported(p.At, fmt.Sprintf("is_null on %s (Sigma's null does not hold on \"\", and \"null or ''\" differs from is_null where the field holds several values, as [\"\", \"x\"]; the rule's log types do not declare %s one scalar)", p.Field.Written(), p.Field.Written()))
			return &atom{}
		}
		return &atom{maps: [][]entry{{{key: field, values: []*yaml.Node{nullNode(), str("")}}}}}
	}
	e.unsupported(p.At, "operator "+p.Op.String())
	return &atom{}
}

// foldSafe reports whether every literal of a "~" predicate folds the same
// way in Sigma backends as in the IR, and reports the characters that do
// not (see FoldUnsafe).
func (e *emitter) foldSafe(p *ir.Pred) bool {
	var bad []rune
	seen := map[rune]bool{}
	for _, v := range p.Args {
		s, ok := v.(ir.String)
		if !ok {
			continue
		}
		for _, r := range FoldUnsafe(string(s)) {
			if !seen[r] {
				seen[r] = true
				bad = append(bad, r)
			}
		}
	}
	if len(bad) == 0 {
		return true
	}
	var qs []string
	for _, r := range bad {
		qs = append(qs, fmt.Sprintf("%q (U+%04X)", r, r))
	}
	e.unsupported(p.ArgPos, fmt.Sprintf("%s with %s (Sigma backends fold this character differently from the IR's simple lowercase)", p.Op, strings.Join(qs, ", ")))
	return false
}

// hasControl reports whether s holds a C0 control character, which
// pySigma's ControlCharacterValidator rejects in string values.
func hasControl(s string) bool {
	for _, r := range s {
		if r < 0x20 {
			return true
		}
	}
	return false
}

func globHasControl(g *ir.Glob) bool {
	for _, p := range g.Parts {
		if p.Kind == ir.PartLit && hasControl(p.Text) {
			return true
		}
	}
	return false
}

// reQuote escapes a literal for a Sigma regular expression, writing control
// characters as \xNN (which RE2, PCRE, Python and Java all read).
func reQuote(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r < 0x20 || r == 0x7f {
			fmt.Fprintf(&b, `\x%02x`, r)
			continue
		}
		b.WriteString(regexp.QuoteMeta(string(r)))
	}
	return b.String()
}

func isStringLit(v ir.Value) bool {
	_, ok := v.(ir.String)
	return ok
}

func titleCase(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func nullNode() *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Value: "null"} }

// pairNulls finds "F is_null and F ne \"\"" among the operands of an and,
// which is exactly Sigma's "F: null" (no value): it drops the ne and marks
// the is_null to be written as null.
func (e *emitter) pairNulls(xs []ir.Expr) []ir.Expr {
	pairs := nullPairs(xs)
	var out []ir.Expr
	for i, x := range xs {
		f, paired := pairs[i]
		if paired && f == "" {
			continue
		}
		if paired {
			if e.nulls == nil {
				e.nulls = map[*ir.Pred]bool{}
			}
			e.nulls[x.(*ir.Pred)] = true
		}
		out = append(out, x)
	}
	return out
}

// nullPairs maps the index of each is_null that an ne "" on the same field
// accompanies to the field, and the ne's index to "".
func nullPairs(xs []ir.Expr) map[int]string {
	out := map[int]string{}
	for i, x := range xs {
		p, ok := x.(*ir.Pred)
		if !ok || p.Op != ir.OpIsNull || len(p.Field.Segs) == 0 {
			continue
		}
		for j, y := range xs {
			if _, used := out[j]; used || j == i {
				continue
			}
			n, ok := y.(*ir.Not)
			if !ok {
				continue
			}
			q, ok := n.X.(*ir.Pred)
			if ok && q.Op == ir.OpEq && len(q.Args) == 1 && q.Args[0] == ir.Value(ir.String("")) && q.Field.String() == p.Field.String() {
				out[i], out[j] = p.Field.String(), ""
				break
			}
		}
	}
	return out
}

// scalarPath reports whether each of the rule's log types declares the path
// one scalar reached through no array, so that it yields at most one value
// in a log that fits the schema.
func (e *emitter) scalarPath(p ir.Path) bool {
	if len(e.rule.LogTypes) == 0 || len(p.Segs) == 0 {
		return false
	}
	reg := e.opt.Registry
	if reg == nil {
		reg = schema.Builtin()
	}
	for _, name := range e.rule.LogTypes {
		lt := reg.Lookup(name)
		if lt == nil {
			return false
		}
		steps := lt.Resolve(p.Segs)
		for _, st := range steps {
			if st.Type == nil || st.Array() {
				return false
			}
		}
		if !steps[len(steps)-1].Type.Scalar() {
			return false
		}
	}
	return true
}

// Reasons an equality literal has no exact Sigma value.
const (
	badNone = iota
	badUnquoted
	badPadded
)

// equalityValue returns the Sigma value that matches exactly what "eq v"
// matches: a string for a string that is neither a number nor a boolean's
// text; a number for a numeric string in its shortest form (a Sigma number
// matches JSON numbers by value and strings holding that text); a boolean
// for true/false and their text. An unquoted number and a numeric string
// not in shortest form ("0403", "4.50") have none.
func equalityValue(v ir.Value) (n *yaml.Node, isString bool, bad int) {
	switch x := v.(type) {
	case ir.Bool:
		return boolNode(bool(x)), false, badNone
	case ir.Number:
		return nil, false, badUnquoted
	case ir.String:
		s := string(x)
		switch {
		case s == "true" || s == "false":
			return boolNode(s == "true"), false, badNone
		case ir.IsDecimal(s):
			f, _ := ir.ParseDecimal(s)
			if NumberText(f) != s {
				return nil, false, badPadded
			}
			return numberNode(s), false, badNone
		}
		return str(escape(s)), true, badNone
	}
	return nil, false, badUnquoted
}

func paddedExample(lit string) string {
	if strings.HasPrefix(lit, "-") {
		return "-0" + lit[1:]
	}
	return "0" + lit
}

func boolNode(b bool) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: strconv.FormatBool(b)}
}

func numberNode(text string) *yaml.Node {
	tag := "!!int"
	if strings.ContainsAny(text, ".eE") {
		tag = "!!float"
	}
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: text}
}

// escape writes a literal as a Sigma string value: "*" and "?" are escaped
// with a backslash, and so are backslashes before "*", "?" or another
// backslash (a run of them is doubled whole, as one writes \\\\server);
// a lone backslash before any other character is literal as written (the
// specification's escaping section; pySigma's SigmaString), as SigmaHQ
// writes Windows paths.
func escape(s string) string { return escapeBefore(s, false) }

// escapeBefore is escape for a literal that a wildcard follows (wildcard
// true), which a trailing backslash would otherwise escape.
func escapeBefore(s string, wildcard bool) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		switch c := s[i]; c {
		case '*', '?':
			b.WriteByte('\\')
			b.WriteByte(c)
			i++
		case '\\':
			j := i
			for j < len(s) && s[j] == '\\' {
				j++
			}
			run := s[i:j]
			if j-i > 1 || j < len(s) && (s[j] == '*' || s[j] == '?') || j == len(s) && wildcard {
				run += run
			}
			b.WriteString(run)
			i = j
		default:
			b.WriteByte(c)
			i++
		}
	}
	return b.String()
}

// globModifier returns the modifier and literal that say a glob of the
// form *L, L* or *L* (L without wildcards) as Sigma writes it by hand:
// |endswith, |startswith or |contains (pySigma's validators flag the
// wildcard forms).
func globModifier(g *ir.Glob) (mod, lit string, ok bool) {
	ps := g.Parts
	isRun := func(i int) bool { return ps[i].Kind == ir.PartAnyRun }
	switch {
	case len(ps) == 2 && isRun(0) && ps[1].Kind == ir.PartLit:
		return "|endswith", ps[1].Text, true
	case len(ps) == 2 && ps[0].Kind == ir.PartLit && isRun(1):
		return "|startswith", ps[0].Text, true
	case len(ps) == 3 && isRun(0) && ps[1].Kind == ir.PartLit && isRun(2):
		return "|contains", ps[1].Text, true
	}
	return "", "", false
}

// globPattern writes a glob as a Sigma wildcard value when it has no
// character class.
func globPattern(g *ir.Glob) (string, bool) {
	var b strings.Builder
	for i, part := range g.Parts {
		switch part.Kind {
		case ir.PartLit:
			b.WriteString(escapeBefore(part.Text, i+1 < len(g.Parts)))
		case ir.PartAnyRun:
			b.WriteByte('*')
		case ir.PartAnyOne:
			b.WriteByte('?')
		default:
			return "", false
		}
	}
	return b.String(), true
}

// typedLiteral reports whether a glob is a literal that a Sigma string
// value would also compare with numbers or booleans.
func typedLiteral(g *ir.Glob) bool {
	if !g.IsLiteral() {
		return false
	}
	text := ""
	for _, part := range g.Parts {
		text += part.Text
	}
	return ir.IsDecimal(text) || text == "true" || text == "false"
}

// splitFlags lifts a leading (?ims) flag group of a regular expression into
// Sigma's re sub-modifiers, which say the same.
func splitFlags(src string) (string, string) {
	if !strings.HasPrefix(src, "(?") {
		return "", src
	}
	end := strings.IndexByte(src, ')')
	if end < 0 {
		return "", src
	}
	flags := src[2:end]
	if flags == "" {
		return "", src
	}
	seen := ""
	for _, f := range flags {
		if !strings.ContainsRune("ims", f) {
			return "", src
		}
		if !strings.ContainsRune(seen, f) {
			seen += string(f)
		}
	}
	return seen, src[end+1:]
}
