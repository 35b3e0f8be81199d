package kql

import (
	"fmt"
	"math"
	"net/netip"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rulec/rulec/ir"
	"github.com/rulec/rulec/strmatch"
)

// Compile translates a rule's condition into a KQL query for mapping m. It
// fails with a positioned ir.Unsupported error where KQL cannot express a
// predicate exactly, and with a positioned error naming the field where the
// ECS profile has no equivalent.
func Compile(r *ir.Rule, m Mapping) (string, error) {
	e := &emitter{rule: r, m: m, target: "kql (" + m.Profile.String() + ")"}
	var b strings.Builder
	if r.Cond == nil {
		return "", ir.Unsupported(r, r.At, e.target, "an empty condition (KQL has no match-all that keeps the rule's meaning visible)")
	}
	if err := e.expr(&b, r.Cond, precOr); err != nil {
		return "", err
	}
	return b.String(), nil
}

// Precedences: Kibana's grammar has or < and < not, and "not" applies only
// to a parenthesized query or a single expression (not not x is a syntax
// error), so a negation's operand must be an atom.
const (
	precOr   = iota
	precAnd  // an and-list
	precNot  // a "not X" expression
	precAtom // field: value, a range, a parenthesized query
)

type emitter struct {
	rule   *ir.Rule
	m      Mapping
	target string
	nest   string // inside a nested query: the nested field's path
}

// unsupported reports, in the form "rule ID: kql (raw): MESSAGE", that the
// target cannot express a construct; the message names the construct and why.
func (e *emitter) unsupported(pos ir.Pos, format string, args ...any) error {
	return &ir.Error{File: e.rule.File, Pos: pos, Code: ir.CodeUnsupported,
		Msg: fmt.Sprintf("rule %s: %s: ", e.rule.ID, e.target) + fmt.Sprintf(format, args...)}
}

func (e *emitter) expr(b *strings.Builder, x ir.Expr, outer int) error {
	switch x := x.(type) {
	case *ir.And:
		return e.list(b, x.Xs, " and ", precAnd, outer)
	case *ir.Or:
		return e.list(b, x.Xs, " or ", precOr, outer)
	case *ir.Not:
		switch y := x.X.(type) {
		case *ir.Not:
			// not not X means X; Kibana cannot even parse "not not".
			return e.expr(b, y.X, outer)
		case *ir.Pred:
			if y.Op == ir.OpIsNull {
				// is_not_null: the positive presence test, not "not is_null".
				f, err := e.field(y)
				if err != nil {
					return err
				}
				s, prec, err := e.presence(y, f)
				if err != nil {
					return err
				}
				if prec < outer {
					s = "(" + s + ")"
				}
				b.WriteString(s)
				return nil
			}
		}
		if precNot < outer {
			b.WriteByte('(')
		}
		b.WriteString("not ")
		if err := e.expr(b, x.X, precAtom); err != nil {
			return err
		}
		if precNot < outer {
			b.WriteByte(')')
		}
		return nil
	case *ir.Pred:
		s, prec, err := e.pred(x)
		if err != nil {
			return err
		}
		if prec < outer {
			s = "(" + s + ")"
		}
		b.WriteString(s)
		return nil
	case *ir.FieldPred:
		return e.fieldRef(x)
	case *ir.Quant:
		if p, ok := flattenAny(x); ok {
			return e.expr(b, p, outer)
		}
		if e.nestable(x) {
			return e.nested(b, x, outer)
		}
		_, err := e.quant(x)
		return err
	}
	return fmt.Errorf("kql: unknown node %T", x)
}

// nestable reports whether the raw mapping declares the quantifier's path
// an array of objects, mapped nested: then each element is a document of
// its own, and a nested query tests one element.
func (e *emitter) nestable(x *ir.Quant) bool {
	if e.m.Profile != Raw || e.nest != "" || x.Path.IsElem() {
		return false
	}
	f, _ := e.m.resolve(x.Path.String())
	return f.Nested
}

// nested writes any P (C) as the nested query P:{ C }, with C's fields
// relative to P as Kibana reads them, and all P (C) as not P:{ not C }.
func (e *emitter) nested(b *strings.Builder, x *ir.Quant, outer int) error {
	inner := x.X
	if x.All {
		inner = &ir.Not{At: x.At, X: x.X}
	}
	var sub strings.Builder
	e.nest = x.Path.String()
	err := e.expr(&sub, inner, precOr)
	e.nest = ""
	if err != nil {
		return err
	}
	q := fieldName(x.Path.String()) + ":{ " + sub.String() + " }"
	if x.All {
		q = "not " + q
		if precNot < outer {
			q = "(" + q + ")"
		}
	}
	b.WriteString(q)
	return nil
}

// nestedField resolves a predicate's path inside a nested query on e.nest:
// the full path types it, the query names it relative to the nested field.
// A path that reaches into a deeper nested array is not in this nested
// document (its fields are indexed in the deeper one and in the root only),
// and "@" would be the element object itself, which no field names.
func (e *emitter) nestedField(p *ir.Pred) (field, error) {
	if p.Field.IsElem() {
		return field{}, e.unsupported(p.At, "@ inside any/all over %s is not supported: the elements are objects, and KQL tests only their fields", e.nest)
	}
	full := e.nest + "." + p.Field.String()
	for i := 1; i < len(p.Field.Segs); i++ {
		prefix := e.nest + "." + strings.Join(p.Field.Segs[:i], ".")
		if f, _ := e.m.resolve(prefix); f.Nested {
			return field{}, e.unsupported(p.At, "%s inside any %s is not supported: %s is a nested array of its own, whose fields are not in %s's nested documents (write any %s (any ...))", p.Field.Written(), e.nest, prefix, e.nest, e.nest)
		}
	}
	f, _ := e.m.resolve(full)
	if f.Nested {
		return field{}, e.unsupported(p.At, "%s inside any %s is not supported: it is a nested array of its own", p.Field.Written(), e.nest)
	}
	f.Name = strings.TrimPrefix(f.Name, e.nest+".")
	return f, nil
}

// fieldRef is the error for F OP field(G): neither KQL nor EQL compares two
// fields of one document.
func (e *emitter) fieldRef(x *ir.FieldPred) error {
	if strings.HasPrefix(e.target, "eql") {
		// EQL's planner: "Comparisons against fields are not (currently)
		// supported" (x-pack/plugin/eql .../planner/QueryTranslator.java).
		return e.unsupported(x.RefPos, "%s %s field(%s) is not supported: Elasticsearch EQL compares a field only with constants (\"Comparisons against fields are not supported\")", x.Field.Written(), x.Op, x.Ref.Written())
	}
	return e.unsupported(x.RefPos, "%s %s field(%s) is not supported: KQL compares a field only with literal values, and Elasticsearch queries cannot compare two fields of a document without a script", x.Field.Written(), x.Op, x.Ref.Written())
}

// quant rewrites any P (C) into a predicate on the dotted path when C is one
// predicate that holds when some value satisfies it (not is_null, not a
// negation), possibly under further any: then "some element of P has some
// value at Q satisfying OP" is exactly "some value of P.Q satisfies OP",
// the fan-out Elasticsearch applies to a multi-valued field. Anything else
// needs to know which element each value came from, which an index keeps
// only for a nested field.
func (e *emitter) quant(x *ir.Quant) (ir.Expr, error) {
	if p, ok := flattenAny(x); ok {
		return p, nil
	}
	what := "all"
	if !x.All {
		what = "any with more than one condition, a negation or is_null"
	}
	if f, _ := e.m.resolve(x.Path.String()); f.Nested && strings.HasPrefix(e.target, "eql") {
		return nil, e.unsupported(x.At, "%s %s (...) is not supported in EQL: %s needs each condition tested on one element of %s, which is mapped nested, and EQL does not query nested fields (the KQL form is a nested query)", x.Keyword(), x.Path.Written(), what, x.Path.Written())
	}
	if e.nest != "" {
		return nil, e.unsupported(x.At, "%s %s (...) inside any %s is not supported: rulec writes one level of nested query", x.Keyword(), x.Path.Written(), e.nest)
	}
	return nil, e.unsupported(x.At, "%s %s (...) is not supported: %s needs each condition tested on one element of %s, and the %s mapping does not declare %s nested (an array of objects in the log-type registry), so Elasticsearch flattens it into multi-valued fields that lose which element a value came from", x.Keyword(), x.Path.Written(), what, x.Path.Written(), e.m.Profile, x.Path.Written())
}

// flattenAny returns the predicate on the joined path that any P (C) is
// equivalent to, when there is one (see quant).
func flattenAny(x *ir.Quant) (*ir.Pred, bool) {
	if x.All {
		return nil, false
	}
	var inner *ir.Pred
	switch y := x.X.(type) {
	case *ir.Pred:
		if y.Op == ir.OpIsNull {
			return nil, false
		}
		inner = y
	case *ir.Quant:
		p, ok := flattenAny(y)
		if !ok {
			return nil, false
		}
		inner = p
	default:
		return nil, false
	}
	out := *inner
	out.Field = ir.Path{Segs: append(append([]string{}, x.Path.Segs...), inner.Field.Segs...)}
	if x.Path.Alias != "" || inner.Field.Alias != "" {
		out.Field.Alias = joinWritten(x.Path, inner.Field)
	}
	return &out, true
}

func joinWritten(a, b ir.Path) string {
	switch {
	case a.IsElem():
		return b.Written()
	case b.IsElem():
		return a.Written()
	}
	return a.Written() + "." + b.Written()
}

func (e *emitter) list(b *strings.Builder, xs []ir.Expr, sep string, prec, outer int) error {
	if len(xs) == 0 {
		return e.unsupported(e.rule.At, "an empty and/or is not supported")
	}
	if len(xs) == 1 {
		return e.expr(b, xs[0], outer)
	}
	runs := singleRuns(xs)
	if sep == " or " {
		runs = orRuns(xs, e.orValue)
		if len(runs) == 1 && runs[0].key != "" {
			// One value list says the whole or.
			s, p := runText(runs[0])
			if p < outer {
				s = "(" + s + ")"
			}
			b.WriteString(s)
			return nil
		}
	}
	paren := prec < outer
	if paren {
		b.WriteByte('(')
	}
	for i, r := range runs {
		if i > 0 {
			b.WriteString(sep)
		}
		if r.key != "" {
			s, p := runText(r)
			if p <= prec {
				s = "(" + s + ")"
			}
			b.WriteString(s)
		} else {
			inner := prec + 1
			if _, ok := r.x.(*ir.Pred); ok && sep == " and " {
				// A predicate written as an and (a cidr on a keyword's ip
				// multi-field) joins the list without parentheses.
				inner = precAnd
			}
			if err := e.expr(b, r.x, inner); err != nil {
				return err
			}
		}
	}
	if paren {
		b.WriteByte(')')
	}
	return nil
}

// field resolves a predicate's path in the mapping.
func (e *emitter) field(p *ir.Pred) (field, error) {
	if e.m.Profile == Raw {
		for i, seg := range p.Field.Segs {
			if (i > 0 || e.nest != "") && seg == strings.TrimPrefix(caselessSuffix, ".") {
				// A keyword's caseless multi-field has that name: a member
				// of that name would read the folded text of its parent.
				return field{}, e.unsupported(p.At, "field %s is not supported in the raw profile: NAME%s is the case-folded multi-field of every keyword NAME", p.Field.Written(), caselessSuffix)
			}
		}
	}
	if e.nest != "" {
		return e.nestedField(p)
	}
	f, ok := e.m.resolve(p.Field.String())
	if ok {
		return f, nil
	}
	lt := e.m.LogType
	if lt == "" {
		return f, e.unsupported(p.At, "field %s has no ECS name: the rule has no log type", p.Field.Written())
	}
	if !HasECS(lt) {
		return f, e.unsupported(p.At, "field %s has no ECS name: log type %s has no Elastic integration mapping", p.Field.Written(), lt)
	}
	return f, e.unsupported(p.At, "field %s has no ECS equivalent in Elastic's %s mapping", p.Field.Written(), lt)
}

// pred returns the KQL of one predicate and its precedence.
func (e *emitter) pred(p *ir.Pred) (string, int, error) {
	f, err := e.field(p)
	if err != nil {
		return "", 0, err
	}
	return e.predOn(p, f)
}

// predOn writes predicate p on the resolved field f.
func (e *emitter) predOn(p *ir.Pred, f field) (string, int, error) {
	if p.Op.IsFold() && e.hasCaseless(f) {
		parts, err := e.caselessSplit(p, f)
		if err != nil {
			return "", 0, err
		}
		var out []string
		for _, part := range parts {
			s, prec, err := e.predOn(part.p, part.f)
			if err != nil {
				return "", 0, err
			}
			if len(parts) > 1 && prec < precAtom {
				s = "(" + s + ")"
			}
			out = append(out, s)
		}
		if len(out) == 1 {
			return out[0], precAtom, nil
		}
		return strings.Join(out, " or "), precOr, nil
	}
	if p.Op.IsFold() {
		q, err := e.exactForm(p, f)
		if err != nil {
			return "", 0, err
		}
		if q == nil {
			return "", 0, e.unsupported(p.ArgPos, "%s %s is not supported in KQL: KQL cannot fold case (a keyword term is exact and case-sensitive), so Kibana runs the rule as EQL", p.Op, argList(p))
		}
		p = q
	}
	name := fieldName(f.Name)
	if f.Type == KeywordIP && p.Op == ir.OpCIDR {
		return e.keywordIPCIDR(p, f)
	}
	switch f.Type {
	case Double:
		return e.numeric(p, f, name)
	case Boolean:
		return e.boolean(p, f, name)
	case IP:
		return e.ip(p, f, name)
	}
	return e.keyword(p, f, name)
}

// values renders a list of KQL values for one field: "f: v" or "f: (a or b)".
func values(name string, vs []string) (string, int) {
	vs = dedupe(vs)
	if len(vs) == 1 {
		return name + ": " + vs[0], precAtom
	}
	return name + ": (" + strings.Join(vs, " or ") + ")", precAtom
}

func dedupe(vs []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, v := range vs {
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}

func (e *emitter) neverMatches(p *ir.Pred, f field, why string) error {
	return e.unsupported(p.At, "%s %s can never hold on %s field %s: %s", p.Field.Written(), p.Op, f.Type, f.Name, why)
}

// emptyDropped reports the error for a predicate that holds on "" in the ecs
// profile, where the ingest pipelines drop empty values: no query can tell
// a dropped "" from a missing field, which the predicate must not match.
func (e *emitter) emptyDropped(p *ir.Pred) error {
	if e.m.Profile != ECS || p.Op == ir.OpIsNull || !ir.EvalPred(p, []any{""}) {
		return nil
	}
	return e.unsupported(p.At, "%s %s %s is not supported in the ecs profile: it holds on \"\", which Elastic's ingest pipelines drop", p.Field.Written(), p.Op, strings.Join(argTexts(p), ", "))
}

func argTexts(p *ir.Pred) []string {
	var out []string
	for _, a := range p.Args {
		out = append(out, ir.FormatValue(a))
	}
	return out
}

func (e *emitter) keyword(p *ir.Pred, f field, name string) (string, int, error) {
	if err := e.emptyDropped(p); err != nil {
		return "", 0, err
	}
	if err := e.dynamicText(p, f); err != nil {
		return "", 0, err
	}
	switch p.Op {
	case ir.OpEq, ir.OpIn:
		var vs []string
		for _, a := range p.Args {
			switch a := a.(type) {
			case ir.String:
				vs = append(vs, Quote(string(a)))
			case ir.Bool:
				// A keyword term "true" matches the string "true" and the
				// boolean true (indexed as its text), as the IR's equality does.
				vs = append(vs, a.Text())
			case ir.Number:
				return "", 0, e.unsupported(p.ArgPos, "numeric equality with %s is not supported on keyword field %s: a keyword compares text, so %q would miss every other spelling of the number", a.Lit, f.Name, a.Lit)
			}
		}
		if len(vs) == 0 {
			return "", 0, e.unsupported(p.At, "an empty in list is not supported")
		}
		s, prec := values(name, vs)
		return s, prec, nil
	case ir.OpContains, ir.OpStartsWith, ir.OpEndsWith:
		s := p.Str()
		var parts []string
		switch p.Op {
		case ir.OpContains:
			parts = []string{"", s, ""}
		case ir.OpStartsWith:
			parts = []string{s, ""}
		default:
			parts = []string{"", s}
		}
		v, err := e.wildcardValue(p, parts)
		if err != nil {
			return "", 0, err
		}
		s2, prec := values(name, []string{v})
		return s2, prec, nil
	case ir.OpWildcard:
		if !p.Glob.HasOnlyStars() {
			return "", 0, e.unsupported(p.ArgPos, "wildcard %s is not supported: KQL has no ? wildcard and no character classes", ir.Quote(p.Glob.Source))
		}
		var parts []string
		cur := ""
		for _, part := range p.Glob.Parts {
			if part.Kind == ir.PartAnyRun {
				parts = append(parts, cur)
				cur = ""
			} else {
				cur += part.Text
			}
		}
		parts = append(parts, cur)
		var v string
		if len(parts) == 1 {
			v = Quote(parts[0])
		} else {
			var err error
			if v, err = e.wildcardValue(p, parts); err != nil {
				return "", 0, err
			}
		}
		s, prec := values(name, []string{v})
		return s, prec, nil
	case ir.OpRegex:
		alts, ok := literalUnion(p.Re.String())
		if !ok {
			return "", 0, e.unsupported(p.ArgPos, "regex %s is not supported: KQL has no regular expressions (only a union of anchored literals lowers to wildcards)", ir.Quote(p.Re.String()))
		}
		var vs []string
		for _, a := range alts {
			var parts []string
			switch {
			case a.begin && a.end:
				vs = append(vs, Quote(a.text))
				continue
			case a.begin:
				parts = []string{a.text, ""}
			case a.end:
				parts = []string{"", a.text}
			default:
				parts = []string{"", a.text, ""}
			}
			v, err := e.wildcardValue(p, parts)
			if err != nil {
				return "", 0, err
			}
			vs = append(vs, v)
		}
		s, prec := values(name, vs)
		return s, prec, nil
	case ir.OpIsNull:
		s, _, err := e.presence(p, f)
		if err != nil {
			return "", 0, err
		}
		return "not " + s, precNot, nil
	case ir.OpGt, ir.OpGte, ir.OpLt, ir.OpLte:
		return "", 0, e.unsupported(p.At, "%s is not supported on keyword field %s: a range on a keyword compares text, not numbers (%s)", p.Op, f.Name, e.declareHint("a number"))
	case ir.OpCIDR:
		return "", 0, e.unsupported(p.At, "cidr is not supported on keyword field %s: KQL tests networks only on ip fields (%s)", f.Name, e.declareHint("an ip address"))
	}
	return "", 0, e.unsupported(p.At, "operator %s is not supported", p.Op)
}

// presence renders is_not_null: some value of the field is present.
func (e *emitter) presence(p *ir.Pred, f field) (string, int, error) {
	if f.Flattened {
		return "", 0, e.unsupported(p.At, "is_null on %s is not supported in the ecs profile: %s is a flattened field, where an exists query sees only values at exactly that key, so an object there would count as absent", p.Field.Written(), f.Root)
	}
	name := fieldName(f.Name)
	switch {
	case f.Type != Keyword && f.Type != KeywordIP, e.m.Profile == ECS:
		// Numbers, booleans and addresses are always present; and Elastic's
		// pipelines drop empty and null values, so in the ecs profile an
		// indexed value is a present one.
		return name + ": *", precAtom, nil
	case f.Scalar:
		// f:* would count "" as present; every non-empty term sorts after "".
		return name + ` > ""`, precAtom, nil
	case f.Object:
		// ir.Eval counts every object but {} as present; Elasticsearch
		// indexes nothing for members that are null, [] or {}, and the
		// template can mark no object itself, so no query sees such an
		// object.
		return "", 0, e.unsupported(p.At, "is_null on %s is not supported: the schema of log type %s declares it an object, which is present unless it is {}, but Elasticsearch indexes nothing for an object whose members are all null, [] or {} (as {\"a\": []}), so no query can tell it from a missing one", p.Field.Written(), e.m.LogType)
	}
	return "", 0, e.undeclaredPresence(p)
}

// undeclaredPresence is the error for is_null on a path the log type's
// schema does not declare: in raw JSON it may hold an object, and an object whose
// members are all null, [] or {} is present to the IR but leaves nothing in
// the index.
func (e *emitter) undeclaredPresence(p *ir.Pred) error {
	lt := e.m.LogType
	if lt == "" {
		lt = "(none)"
	}
	return e.unsupported(p.At, "is_null on %s is not supported: the schema of log type %s does not declare whether it holds scalars or objects (a member of an open object, free JSON, or a log type the registry does not know), and an object whose members are all empty leaves nothing in the index", p.Field.Written(), lt)
}

// wildcardValue renders literal parts joined by * as an unquoted KQL value.
func (e *emitter) wildcardValue(p *ir.Pred, parts []string) (string, error) {
	allEmpty := true
	for _, s := range parts {
		if s != "" {
			allEmpty = false
		}
		if strings.Contains(s, wildcardSymbol) {
			return "", e.unsupported(p.ArgPos, "the text %q inside a wildcard value is not supported: Kibana uses it as its wildcard marker", wildcardSymbol)
		}
	}
	if allEmpty {
		return "*", nil
	}
	first, last := parts[0], parts[len(parts)-1]
	if first != "" {
		if r := []rune(first)[0]; isJSSpace(r) {
			return "", e.unsupported(p.ArgPos, "a wildcard value starting with whitespace %q is not supported: Kibana trims unquoted values", string(r))
		}
	}
	if last != "" {
		if rs := []rune(last); isJSSpace(rs[len(rs)-1]) {
			return "", e.unsupported(p.ArgPos, "a wildcard value ending with whitespace %q is not supported: Kibana trims unquoted values", string(rs[len(rs)-1]))
		}
	}
	if f, _ := e.m.resolve(p.Field.String()); f.Flattened {
		for _, s := range parts {
			if strings.IndexFunc(s, isJSSpace) >= 0 {
				// Kibana's data views do not list a flattened field's keys, so
				// a wildcard on one becomes a query_string query, which splits
				// the value at whitespace.
				return "", e.unsupported(p.ArgPos, "a wildcard value with whitespace on flattened key %s is not supported: Kibana sends it as a query_string query, which splits at whitespace", f.Name)
			}
		}
	}
	var b strings.Builder
	for i, s := range parts {
		if i > 0 {
			b.WriteByte('*')
		}
		b.WriteString(EscapeUnquoted(s))
	}
	v := b.String()
	if !larkAccepts(v) {
		return "", e.unsupported(p.ArgPos, "the wildcard value %s is not supported in KQL: Kibana reads it, but the KQL parser of Elastic's detection-rules toolchain (lib/kql/kql/kql.g), which rules kept as code must pass, rejects it (whitespace inside an unquoted value, with a keyword, a quote, an escape or a star it does not allow there)", v)
	}
	if keywordTail(last) {
		// The space after the value (before " or ", " and ") would complete
		// Kibana's Not (not followed by spaces) or Or/And (spaces around the
		// word) at the value's end and cut the value there; a ) cannot
		// complete them. Escaping cannot help: \not reads as a newline and
		// "ot" in Kibana, and detection-rules' grammar takes no \u006e.
		return "(" + v + ")", nil
	}
	return v, nil
}

// keywordTail reports whether an unquoted value ending with s ends with not
// (any case) or with whitespace and or/and (any case): followed by a space
// those are keywords to Kibana's grammar, not value characters.
func keywordTail(s string) bool {
	if hasFoldSuffix(s, "not") {
		return true
	}
	for _, w := range []string{"or", "and"} {
		if hasFoldSuffix(s, w) {
			r, n := utf8.DecodeLastRuneInString(s[:len(s)-len(w)])
			if n > 0 && isSpaceRune(r) {
				return true
			}
		}
	}
	return false
}

func hasFoldSuffix(s, w string) bool {
	return len(s) >= len(w) && strings.EqualFold(s[len(s)-len(w):], w)
}

// larkAccepts reports whether detection-rules' lark grammar (lib/kql/kql/
// kql.g, vendored under testdata/lark) reads the escaped unquoted value v as
// one value. Without whitespace it is an UNQUOTED_LITERAL, which takes every
// escape EscapeUnquoted writes except \uXXXX. With whitespace only
// WILDCARD_LITERAL matches, and only when: every escape is \ and one of
// trn\():<>"*{}; no character is ' (or another special); no word after
// whitespace, nor the first, is or, and, not (any case) standing alone; and
// the stars sit where one of its four patterns wants them: a leading *, a
// trailing * after at least one other character of the last word, or a *
// inside the first word or inside (not at the end of) the second. The lark
// test in this package parses every emitted query to hold this to the real
// grammar.
func larkAccepts(v string) bool {
	if strings.IndexFunc(v, pySpace) < 0 {
		// UNQUOTED_CHAR: \ and one of trn\():<>"*{}, or a keyword spelt
		// or, OR, and, AND, not, NOT.
		rs := []rune(v)
		for i := 0; i < len(rs); i++ {
			if rs[i] != '\\' {
				continue
			}
			if i+1 < len(rs) && strings.ContainsRune(`trn\():<>"*{}`, rs[i+1]) {
				i++
				continue
			}
			rest, ok := string(rs[i+1:]), false
			for _, kw := range []string{"or", "OR", "and", "AND", "not", "NOT"} {
				if strings.HasPrefix(rest, kw) {
					i += len(kw)
					ok = true
					break
				}
			}
			if !ok {
				return false
			}
		}
		return true
	}
	words := strings.FieldsFunc(v, pySpace)
	if len(words) == 0 {
		return false
	}
	for _, w := range words {
		rs := []rune(w)
		for i := 0; i < len(rs); i++ {
			if rs[i] == '\\' {
				if i+1 >= len(rs) || !strings.ContainsRune(`trn\():<>"*{}`, rs[i+1]) {
					return false
				}
				i++
				continue
			}
			if strings.ContainsRune(`()"':<>{}`, rs[i]) {
				return false
			}
		}
		if startsWithKeyword(rs) {
			return false
		}
	}
	first, last := words[0], words[len(words)-1]
	switch {
	case strings.HasPrefix(v, "*"):
		return true
	case unescapedStar(last) == len([]rune(last))-1:
		return len([]rune(last)) >= 2
	case strings.HasSuffix(v, "*"):
		return false
	case unescapedStar(first) >= 0:
		return true
	case len(words) >= 2:
		i := unescapedStar(words[1])
		return i >= 0 && i < len([]rune(words[1]))-1
	}
	return false
}

// unescapedStar returns the rune index of the first * in w that is not
// escaped, or -1.
func unescapedStar(w string) int {
	rs := []rune(w)
	for i := 0; i < len(rs); i++ {
		if rs[i] == '\\' {
			i++
			continue
		}
		if rs[i] == '*' {
			return i
		}
	}
	return -1
}

// startsWithKeyword reports whether w begins with or, and, not (any case)
// followed by the end of w or a character that is not a word character in
// Python's regular expressions (\b after the word).
func startsWithKeyword(w []rune) bool {
	for _, kw := range []string{"or", "and", "not"} {
		n := len(kw)
		if len(w) >= n && strings.EqualFold(string(w[:n]), kw) {
			if len(w) == n {
				return true
			}
			r := w[n]
			if !(unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) || r == '_') {
				return true
			}
		}
	}
	return false
}

// pySpace reports whether Python's \s (str.isspace) matches r.
func pySpace(r rune) bool {
	return unicode.IsSpace(r) || r >= 0x1c && r <= 0x1f
}

func (e *emitter) numeric(p *ir.Pred, f field, name string) (string, int, error) {
	switch p.Op {
	case ir.OpEq, ir.OpIn:
		var vs []string
		for _, a := range p.Args {
			n, ok := ir.LiteralNumber(a)
			if !ok {
				return "", 0, e.neverMatches(p, f, fmt.Sprintf("%s is not a number", ir.FormatValue(a)))
			}
			s, err := e.number(p, n)
			if err != nil {
				return "", 0, err
			}
			vs = append(vs, s)
		}
		s, prec := values(name, vs)
		return s, prec, nil
	case ir.OpGt, ir.OpGte, ir.OpLt, ir.OpLte:
		n, ok := ir.LiteralNumber(p.Arg())
		if !ok {
			return "", 0, e.neverMatches(p, f, fmt.Sprintf("%s is not a number", ir.FormatValue(p.Arg())))
		}
		s, err := e.number(p, n)
		if err != nil {
			return "", 0, err
		}
		op := map[ir.Op]string{ir.OpGt: ">", ir.OpGte: ">=", ir.OpLt: "<", ir.OpLte: "<="}[p.Op]
		return name + " " + op + " " + s, precAtom, nil
	case ir.OpIsNull:
		return "not " + name + ": *", precNot, nil
	}
	return "", 0, e.neverMatches(p, f, "the operator only matches strings and the field holds numbers")
}

func (e *emitter) number(p *ir.Pred, n float64) (string, error) {
	if math.IsInf(n, 0) || math.IsNaN(n) {
		return "", e.unsupported(p.ArgPos, "a number out of the double range is not supported")
	}
	if n == math.Trunc(n) && math.Abs(n) < 1e15 {
		return strconv.FormatFloat(n, 'f', -1, 64), nil
	}
	return strconv.FormatFloat(n, 'g', -1, 64), nil
}

func (e *emitter) boolean(p *ir.Pred, f field, name string) (string, int, error) {
	switch p.Op {
	case ir.OpEq, ir.OpIn:
		var vs []string
		for _, a := range p.Args {
			switch t := a.Text(); {
			case a == ir.Bool(true) || a == ir.String("true"):
				vs = append(vs, "true")
			case a == ir.Bool(false) || a == ir.String("false"):
				vs = append(vs, "false")
			default:
				return "", 0, e.neverMatches(p, f, fmt.Sprintf("%q is not true or false", t))
			}
		}
		s, prec := values(name, vs)
		return s, prec, nil
	case ir.OpIsNull:
		return "not " + name + ": *", precNot, nil
	}
	return "", 0, e.neverMatches(p, f, "the field holds booleans")
}

// mapped4 is ::ffff:0:0/96, where Elasticsearch stores IPv4 addresses.
var mapped4 = netip.MustParsePrefix("::ffff:0:0/96")

// textCIDR says how cidr n is written on a keyword with an ip multi-field
// (KeywordIP): NAME.ip stores IPv4 and IPv4-mapped IPv6 as one address, but
// ir.Eval tells them apart by spelling (10.0.0.0/8 never matches
// "::ffff:10.0.0.1", ::/48 matches it and not "10.0.0.1"). NAME keeps the
// text, and only an IPv6 spelling has a colon. It returns the network to
// query on NAME.ip and colon: +1 when the text must contain a colon, -1
// when it must not, 0 when NAME.ip alone is exact (an IPv6 network outside
// ::ffff:0:0/96). A network inside ::ffff:0:0/96 is written as its IPv4
// form, the notation Elasticsearch documents for those addresses.
func textCIDR(n netip.Prefix) (q netip.Prefix, colon int) {
	n = n.Masked()
	switch {
	case n.Addr().Is4():
		return n, -1
	case n.Bits() >= 96 && mapped4.Contains(n.Addr()):
		return netip.PrefixFrom(n.Addr().Unmap(), n.Bits()-96), +1
	case n.Contains(mapped4.Addr()):
		return n, +1
	}
	return n, 0
}

// colonPred is the predicate "the text of p's field contains a colon" that
// guards a cidr on a KeywordIP field (textCIDR).
func colonPred(p *ir.Pred) *ir.Pred {
	return &ir.Pred{Field: p.Field, Op: ir.OpContains, Args: []ir.Value{ir.String(":")}, At: p.At, ArgPos: p.ArgPos}
}

// spellingGuardable refuses a cidr whose exactness needs the colon test
// (textCIDR) on a field that may hold several values: the test and the
// network query could then hold on different values ("::ffff:10.0.0.1" and
// "10.1.1.1" against 10.0.0.0/8, which ir.Eval matches through the second).
func (e *emitter) spellingGuardable(p *ir.Pred, f field) error {
	if e.m.singleValued(f.Name) {
		return nil
	}
	return e.unsupported(p.ArgPos, "cidr %s on %s, which may hold several values, is not supported: %s.ip indexes IPv4-mapped IPv6 addresses as IPv4, and the spelling test that tells them apart cannot be tied to the value in the network (declare it a single ip address in the log type's schema: schema/logtypes, or --schema)", p.Net, f.Name, f.Name)
}

// keywordIPCIDR writes cidr on a keyword with an ip multi-field: NAME.ip
// tests the network, NAME the spelling (textCIDR).
func (e *emitter) keywordIPCIDR(p *ir.Pred, f field) (string, int, error) {
	n, colon := textCIDR(p.Net)
	at := fieldName(f.Name+".ip") + ": " + Quote(n.String())
	if colon == 0 {
		return at, precAtom, nil
	}
	if err := e.spellingGuardable(p, f); err != nil {
		return "", 0, err
	}
	guard, _, err := e.keyword(colonPred(p), f, fieldName(f.Name))
	if err != nil {
		return "", 0, err
	}
	if colon < 0 {
		guard = "not " + guard
	}
	return at + " and " + guard, precAnd, nil
}

func (e *emitter) ip(p *ir.Pred, f field, name string) (string, int, error) {
	switch p.Op {
	case ir.OpEq, ir.OpIn:
		var vs []string
		for _, a := range p.Args {
			s, ok := a.(ir.String)
			addr, err := netip.ParseAddr(string(s))
			if !ok || err != nil || addr.Zone() != "" || addr.String() != string(s) || addr.Is4In6() {
				return "", 0, e.neverMatches(p, f, fmt.Sprintf("%s is not an address in canonical form (ip fields hold canonical addresses)", ir.FormatValue(a)))
			}
			vs = append(vs, Quote(string(s)))
		}
		str, prec := values(name, vs)
		return str, prec, nil
	case ir.OpCIDR:
		n := p.Net.Masked()
		if n.Addr().Is4() {
			s, prec := values(name, []string{Quote(n.String())})
			return s, prec, nil
		}
		switch {
		case n.Bits() >= 96 && mapped4.Contains(n.Addr()):
			return "", 0, e.neverMatches(p, f, "the network lies inside ::ffff:0:0/96, where Elasticsearch stores IPv4 addresses, and the IR never matches IPv4 against an IPv6 network")
		case n.Bits() <= 96 && n.Contains(mapped4.Addr()):
			// Elasticsearch would match IPv4 addresses too: cover the network
			// minus ::ffff:0:0/96 with the sibling blocks along the path.
			var vs []string
			for _, blk := range subtract(n, mapped4) {
				vs = append(vs, Quote(blk.String()))
			}
			s, prec := values(name, vs)
			return s, prec, nil
		}
		s, prec := values(name, []string{Quote(n.String())})
		return s, prec, nil
	case ir.OpIsNull:
		return "not " + name + ": *", precNot, nil
	}
	return "", 0, e.unsupported(p.At, "%s is not supported on ip field %s: KQL matches ip fields only by address or network", p.Op, f.Name)
}

// subtract returns blocks covering outer minus inner, where inner lies inside
// outer: for every bit from outer's length to inner's, the sibling of inner's
// path at that bit.
func subtract(outer, inner netip.Prefix) []netip.Prefix {
	var out []netip.Prefix
	a := inner.Addr().As16()
	for bit := outer.Bits(); bit < inner.Bits(); bit++ {
		b := a
		b[bit/8] ^= 0x80 >> (bit % 8)
		pfx, _ := netip.AddrFrom16(b).Prefix(bit + 1)
		out = append(out, pfx)
	}
	return out
}

// Quote returns s as a KQL quoted string: a phrase, where * is literal.
// Only \\, \", \t, \r, \n and \uXXXX are escapes inside quotes.
func Quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '\\':
			b.WriteString(`\\`)
		case '"':
			b.WriteString(`\"`)
		case '\t':
			b.WriteString(`\t`)
		case '\r':
			b.WriteString(`\r`)
		case '\n':
			b.WriteString(`\n`)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// EscapeUnquoted escapes literal text for an unquoted KQL value: the
// specials \ ( ) : < > " * { }, tabs and line breaks, and the words or, and
// (between spaces) and not (before a space) that would end the value.
func EscapeUnquoted(s string) string {
	var b strings.Builder
	rs := []rune(s)
	isSp := func(i int) bool { return i >= 0 && i < len(rs) && (rs[i] == ' ' || rs[i] == '\u00a0') }
	word := func(i int, w string) bool {
		if i+len(w) > len(rs) {
			return false
		}
		return strings.EqualFold(string(rs[i:i+len(w)]), w)
	}
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch {
		case strings.ContainsRune(specialChars, r):
			b.WriteByte('\\')
			b.WriteRune(r)
			continue
		case r == '\t':
			b.WriteString(`\t`)
			continue
		case r == '\r':
			b.WriteString(`\r`)
			continue
		case r == '\n':
			b.WriteString(`\n`)
			continue
		}
		if word(i, "not") && isSp(i+3) {
			// Kibana's grammar tries \t \r \n before \not, so "\not" would
			// read as a newline and "ot": spell a lowercase n as \u006e.
			if rs[i] == 'n' {
				b.WriteString(`\u006e` + string(rs[i+1:i+3]))
			} else {
				b.WriteString(`\` + string(rs[i:i+3]))
			}
			i += 2
			continue
		}
		if isSp(i - 1) {
			if word(i, "or") && isSp(i+2) {
				b.WriteString(`\` + string(rs[i:i+2]))
				i++
				continue
			}
			if word(i, "and") && isSp(i+3) {
				b.WriteString(`\` + string(rs[i:i+3]))
				i += 2
				continue
			}
		}
		b.WriteRune(r)
	}
	return b.String()
}

// fieldName renders a field name: unquoted, with specials escaped, or
// quoted when it would read as a bare word.
func fieldName(s string) string {
	switch s {
	case "true", "false", "null":
		return Quote(s)
	}
	return EscapeUnquoted(s)
}

// argList renders a predicate's operands as the condition language writes
// them.
func argList(p *ir.Pred) string {
	ts := argTexts(p)
	if p.Op.Arity() == ir.ArityList && len(ts) != 1 {
		return "[" + strings.Join(ts, ", ") + "]"
	}
	return strings.Join(ts, ", ")
}

// exactForm returns the case-sensitive predicate a "~" predicate equals on
// field f, or nil when folding matters there. On number and boolean fields
// folding never applies (it only compares two strings); ip fields hold
// canonical, lower-case addresses, so the literal can be lowered once; on a
// keyword the "~" is void only when every literal is strmatch.CaseFree.
func (e *emitter) exactForm(p *ir.Pred, f field) (*ir.Pred, error) {
	q := *p
	q.Op = p.Op.Exact()
	switch f.Type {
	case Double, Boolean:
		return &q, nil
	case IP:
		q.Args = nil
		for _, a := range p.Args {
			if s, ok := a.(ir.String); ok {
				a = ir.String(strmatch.Lower(string(s)))
			}
			q.Args = append(q.Args, a)
		}
		return &q, nil
	}
	if p.Op == ir.OpWildcardFold {
		for _, part := range p.Glob.Parts {
			if part.Kind == ir.PartClass || part.Kind == ir.PartLit && !strmatch.CaseFree(part.Text) {
				return nil, nil
			}
		}
		q.Args = []ir.Value{ir.String(p.Glob.Source)}
		return &q, nil
	}
	for _, a := range p.Args {
		if s, ok := a.(ir.String); ok && !strmatch.CaseFree(string(s)) {
			return nil, nil
		}
	}
	return &q, nil
}

// caselessSuffix names the raw profile's case-folded multi-field: a keyword
// with Elasticsearch's "lowercase" normalizer (IndexTemplate). The
// normalizer is Lucene's LowerCaseFilter, which maps each code point with
// Java's Character.toLowerCase(int): the Unicode simple lowercase mapping the
// "~" operators fold by (strmatch.Lower), so a term or wildcard query on
// NAME.caseless with the literal lowered matches exactly what "~" matches,
// Kelvin sign and dotted I included. (Term and wildcard queries on a
// normalized keyword normalize the query text too.)
const caselessSuffix = ".caseless"

// hasCaseless reports whether f has the caseless multi-field: raw keyword
// fields, declared or dynamic.
func (e *emitter) hasCaseless(f field) bool {
	return e.m.Profile == Raw && (f.Type == Keyword || f.Type == KeywordIP) && !f.Flattened
}

type predField struct {
	p *ir.Pred
	f field
}

// caselessSplit rewrites a "~" predicate on a raw keyword into its exact
// form on NAME.caseless with the literals lowered; literals that are not
// strings (eq~ true, eq~ 403) compare as under eq, so they stay on the field
// itself.
func (e *emitter) caselessSplit(p *ir.Pred, f field) ([]predField, error) {
	fc := f
	fc.Name, fc.Type = f.Name+caselessSuffix, Keyword
	folded := *p
	folded.Op = p.Op.Exact()
	folded.Args = nil
	other := *p
	other.Op = p.Op.Exact()
	other.Args = nil
	for _, a := range p.Args {
		if s, ok := a.(ir.String); ok {
			l := strmatch.Lower(string(s))
			if (l == "true" || l == "false") && l != string(s) && (p.Op == ir.OpEqFold || p.Op == ir.OpInFold) && !(f.Scalar && !f.Flattened) {
				// A boolean equals only the exact text "true" or "false",
				// under ~ too, but the caseless field holds its text folded.
				return nil, e.unsupported(p.ArgPos, "%s %s is not supported on keyword field %s: it may hold JSON booleans, which Elasticsearch indexes as the text %q, and under %s a boolean equals only that exact text (%s)", p.Op, ir.Quote(string(s)), f.Name, l, p.Op, e.declareHint("a boolean or a string"))
			}
			folded.Args = append(folded.Args, ir.String(l))
		} else {
			other.Args = append(other.Args, a)
		}
	}
	if p.Op == ir.OpWildcardFold {
		folded.Args = []ir.Value{ir.String(p.Glob.Source)} // already lowered
	}
	var out []predField
	if len(folded.Args) > 0 {
		out = append(out, predField{&folded, fc})
	}
	if len(other.Args) > 0 {
		out = append(out, predField{&other, f})
	}
	if len(out) == 0 {
		return nil, e.unsupported(p.At, "an empty in~ list is not supported")
	}
	return out, nil
}

// orRun is a run of an or's operands: one operand x, or (key set) two or
// more consecutive ones that one value list says, its values vals.
type orRun struct {
	x    ir.Expr
	key  string
	vals []string
}

// orRuns groups consecutive operands of an or that item says as one value of
// the same key (a field, and in EQL its operator), so that an or of "~"
// predicates on one keyword reads as one value list on its caseless field,
// as an analyst writes it (CommandLine.caseless: (*-addstore* or
// */addstore*)), even next to other operands. Operands item declines, and
// runs of one, stay as they are, so version 1 rules keep their output.
func orRuns(xs []ir.Expr, item func(ir.Expr) (key, val string, ok bool)) []orRun {
	var runs []orRun
	for _, x := range xs {
		key, val, ok := item(x)
		if n := len(runs); ok && n > 0 && runs[n-1].key == key {
			runs[n-1].vals = append(runs[n-1].vals, val)
			continue
		}
		r := orRun{x: x}
		if ok {
			r.key, r.vals = key, []string{val}
		}
		runs = append(runs, r)
	}
	for i := range runs {
		if len(runs[i].vals) == 1 {
			runs[i].key = "" // a run of one is written as it was
		}
	}
	return runs
}

// singleRuns is the runs of operands that share nothing: one each.
func singleRuns(xs []ir.Expr) []orRun {
	runs := make([]orRun, len(xs))
	for i, x := range xs {
		runs[i].x = x
	}
	return runs
}

// orValue is the item of orRuns in KQL: a "~" predicate on a caseless
// field (foldValue) or a cidr on a keyword's ip multi-field (cidrValue).
func (e *emitter) orValue(x ir.Expr) (key, val string, ok bool) {
	if key, val, ok = e.foldValue(x); ok {
		return key, val, true
	}
	return e.cidrValue(x)
}

// guardSep separates, in an orRun key, the value list's field from the text
// guard every value shares (cidrValue).
const guardSep = "\x00"

// cidrValue returns x's network in a value list on NAME.ip when x is a cidr
// on a KeywordIP field that needs a text guard (textCIDR): consecutive ones
// with the same guard share it, (srcAddr.ip: ("10.0.0.0/8" or
// "192.168.0.0/16") and not srcAddr: *\:*). The key carries the guard.
func (e *emitter) cidrValue(x ir.Expr) (key, val string, ok bool) {
	p, ok := x.(*ir.Pred)
	if !ok || p.Op != ir.OpCIDR || e.nest != "" {
		return "", "", false
	}
	f, err := e.field(p)
	if err != nil || f.Type != KeywordIP || f.Flattened {
		return "", "", false
	}
	n, colon := textCIDR(p.Net)
	if colon == 0 || e.spellingGuardable(p, f) != nil {
		return "", "", false
	}
	guard, _, err := e.keyword(colonPred(p), f, fieldName(f.Name))
	if err != nil {
		return "", "", false
	}
	if colon < 0 {
		guard = "not " + guard
	}
	return fieldName(f.Name+".ip") + guardSep + guard, Quote(n.String()), true
}

// runText writes a value list of orRuns and its precedence.
func runText(r orRun) (string, int) {
	if name, guard, ok := strings.Cut(r.key, guardSep); ok {
		s, _ := values(name, r.vals)
		return s + " and " + guard, precAnd
	}
	return values(r.key, r.vals)
}

// foldValue returns x's value in a value list on its caseless field, when x
// is a "~" predicate that is one value there ("name: value"; a value list of
// its own, from in~, is left alone). An operand that fails to convert is
// declined, so that writing it reports the error in order.
func (e *emitter) foldValue(x ir.Expr) (name, val string, ok bool) {
	p, f, ok := e.caselessFoldPred(x)
	if !ok {
		return "", "", false
	}
	str, prec, err := e.predOn(p, f)
	if err != nil || prec != precAtom {
		return "", "", false
	}
	name = fieldName(f.Name + caselessSuffix)
	val, ok = strings.CutPrefix(str, name+": ")
	if !ok || strings.HasPrefix(val, "(") {
		return "", "", false
	}
	return name, val, true
}

// caselessFoldPred returns x as a "~" predicate with only string operands
// on a keyword that has a caseless multi-field, and that field; ok is false
// for anything else. Consecutive such predicates in an or may share one
// value list (KQL) or one like/in (EQL).
func (e *emitter) caselessFoldPred(x ir.Expr) (p *ir.Pred, f field, ok bool) {
	p, ok = x.(*ir.Pred)
	if !ok || !p.Op.IsFold() {
		return nil, field{}, false
	}
	for _, a := range p.Args {
		if _, ok := a.(ir.String); !ok {
			return nil, field{}, false
		}
	}
	f, err := e.field(p)
	if err != nil || !e.hasCaseless(f) {
		return nil, field{}, false
	}
	return p, f, true
}

// declareHint says where a field's type would come from: the log type's
// schema in the raw profile (the registry, or --schema), Elastic's
// integration mapping in the ecs profile.
func (e *emitter) declareHint(kind string) string {
	if e.m.Profile == ECS {
		return "Elastic's integration maps it as a keyword"
	}
	return "declare it " + kind + " in the log type's schema: schema/logtypes, or --schema"
}
