package sigma

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"unicode"

	"github.com/rulec/rulec/ir"
	"github.com/rulec/rulec/strmatch"
)

// IsSigma reports whether a YAML file's top level looks like a Sigma rule
// (it has a detection or correlation section), so callers can tell Sigma
// input from other YAML rule files.
func IsSigma(src []byte) bool {
	for _, line := range strings.Split(string(src), "\n") {
		if strings.HasPrefix(line, "detection:") || strings.HasPrefix(line, "correlation:") {
			return true
		}
	}
	return false
}

// ReadFile reads a Sigma file into IR rules: each detection rule becomes a
// rule, and an event_count correlation over one rule of the file becomes
// that rule's Threshold and DedupPeriodMinutes. Constructs outside what the
// IR expresses exactly are positioned unsupported errors.
func ReadFile(file string, src []byte) ([]*ir.Rule, ir.ErrorList) {
	docs, errs := Parse(file, src)
	if len(errs.Errors()) > 0 {
		return nil, errs
	}
	rules, more := ToIR(file, docs)
	return rules, append(errs, more...)
}

// ToIR lowers parsed Sigma documents into IR rules.
func ToIR(file string, docs []*Document) ([]*ir.Rule, ir.ErrorList) {
	var errs ir.ErrorList
	var rules []*ir.Rule
	byRef := map[string]*ir.Rule{}
	for _, d := range docs {
		if d.Detection == nil {
			continue
		}
		l := &lowerer{file: file, errs: &errs}
		r := l.rule(d)
		if r == nil {
			continue
		}
		rules = append(rules, r)
		for _, ref := range []string{d.ID, d.Name} {
			if ref != "" {
				byRef[ref] = r
			}
		}
	}
	for _, d := range docs {
		c := d.Correlation
		if c == nil {
			continue
		}
		fail := func(format string, args ...any) {
			errs.Add(&ir.Error{File: file, Pos: c.At, Code: ir.CodeUnsupported, Msg: "sigma: " + fmt.Sprintf(format, args...)})
		}
		if c.Type != "event_count" {
			fail("correlation type %q is not supported (only event_count over one rule)", c.Type)
			continue
		}
		if len(c.Rules) != 1 || byRef[c.Rules[0]] == nil {
			fail("an event_count correlation must refer to one detection rule of the same file")
			continue
		}
		if len(c.GroupBy) > 0 {
			fail("group-by %s is not supported (rulec thresholds count over the whole rule)", strings.Join(c.GroupBy, ", "))
			continue
		}
		n, ok := c.Condition["gte"]
		if !ok || len(c.Condition) != 1 || n < 1 {
			fail("the correlation condition must be gte: N")
			continue
		}
		minutes, err := timespanMinutes(c.Timespan)
		if err != nil {
			fail("%v", err)
			continue
		}
		r := byRef[c.Rules[0]]
		r.Threshold, r.DedupPeriodMinutes = n, minutes
		if sev := severityOf(d.Level); sev != "" {
			r.Severity = sev
		}
		if d.Status != "" && r.Status == "" {
			r.Status = d.Status
		}
	}
	return rules, errs
}

// timespanMinutes reads a Sigma timespan (30m, 1h, 2d) in whole minutes.
func timespanMinutes(s string) (int, error) {
	if len(s) < 2 {
		return 0, fmt.Errorf("invalid timespan %q", s)
	}
	n, err := strconv.Atoi(s[:len(s)-1])
	if err != nil || n < 1 {
		return 0, fmt.Errorf("invalid timespan %q", s)
	}
	switch s[len(s)-1] {
	case 'm':
		return n, nil
	case 'h':
		return n * 60, nil
	case 'd':
		return n * 1440, nil
	}
	return 0, fmt.Errorf("timespan %q is not in whole minutes", s)
}

type lowerer struct {
	file     string
	errs     *ir.ErrorList
	det      *Detection
	logTypes []string // the rule's, for the registry's field types
}

func (l *lowerer) unsupported(at ir.Pos, format string, args ...any) {
	l.errs.Add(&ir.Error{File: l.file, Pos: at, Code: ir.CodeUnsupported, Msg: "sigma: " + fmt.Sprintf(format, args...)})
}

func (l *lowerer) rule(d *Document) *ir.Rule {
	r := &ir.Rule{
		ID:          d.Name,
		Title:       d.Title,
		Description: d.Description,
		Severity:    severityOf(d.Level),
		LogTypes:    logTypesFor(d.Logsource),
		Logsource:   ir.Logsource{Product: d.Logsource.Product, Category: d.Logsource.Category, Service: d.Logsource.Service, Definition: d.Logsource.Definition},
		References:  d.References,
		Status:      d.Status,
		Enabled:     true,
		File:        l.file,
		At:          d.At,
	}
	if r.ID == "" {
		r.ID = d.ID
	}
	if r.ID == "" {
		base := filepath.Base(l.file)
		r.ID = strings.TrimSuffix(base, filepath.Ext(base))
	}
	readTags(d.Tags, r)
	r.Tags = append(r.Tags, d.PantherTags...)
	for _, f := range d.Fields {
		r.OutputFields = append(r.OutputFields, ir.OutputField{Name: f})
	}
	l.det = d.Detection
	l.logTypes = r.LogTypes
	before := len(*l.errs)
	cond := l.cond(d.Detection.Cond)
	if len(*l.errs) > before {
		return nil
	}
	r.Cond = cond
	r.CondText = ir.Format(cond)
	return r
}

func (l *lowerer) cond(c Cond) ir.Expr {
	switch x := c.(type) {
	case *CondAnd:
		var xs []ir.Expr
		for _, e := range x.Xs {
			xs = append(xs, l.cond(e))
		}
		return ir.NewAnd(l.det.CondAt, xs...)
	case *CondOr:
		var xs []ir.Expr
		for _, e := range x.Xs {
			xs = append(xs, l.cond(e))
		}
		if len(xs) == 0 {
			return &ir.Or{At: l.det.CondAt}
		}
		return ir.NewOr(l.det.CondAt, xs...)
	case *CondNot:
		return &ir.Not{At: l.det.CondAt, X: l.cond(x.X)}
	case *CondRef:
		s := l.det.Search(x.Name)
		if s == nil {
			l.unsupported(x.At, "the condition names %q, which the detection does not define", x.Name)
			return &ir.Or{At: x.At}
		}
		return l.search(s)
	case *CondOf:
		names := l.det.ofNames(x)
		if len(names) == 0 {
			l.unsupported(x.At, "%q matches no search identifier", x.Pattern)
			return &ir.Or{At: x.At}
		}
		var xs []ir.Expr
		for _, n := range names {
			xs = append(xs, l.search(l.det.Search(n)))
		}
		if x.All {
			return ir.NewAnd(x.At, xs...)
		}
		return ir.NewOr(x.At, xs...)
	}
	return &ir.Or{At: l.det.CondAt}
}

func (l *lowerer) search(s *Search) ir.Expr {
	var ors []ir.Expr
	for _, m := range s.Maps {
		var ands []ir.Expr
		for _, fm := range m {
			ands = append(ands, l.fieldMatcher(fm))
		}
		if len(ands) == 0 {
			// An empty map holds for every event.
			ands = append(ands, &ir.And{At: s.At})
		}
		ors = append(ors, ir.NewAnd(s.At, ands...))
	}
	if len(ors) == 0 {
		return &ir.Or{At: s.At}
	}
	return ir.NewOr(s.At, ors...)
}

// fieldMatcher lowers one field matcher: one predicate per value, joined by
// or (and with the all modifier); runs of equalities share an "in".
func (l *lowerer) fieldMatcher(fm *FieldMatcher) ir.Expr {
	field, ok := l.path(fm.Field, fm.At)
	if !ok {
		return &ir.Or{At: fm.At}
	}
	if fm.kind == kindExists {
		if fm.exists {
			return exists(fm.At, field)
		}
		return &ir.Not{At: fm.At, X: exists(fm.At, field)}
	}
	if fm.ref {
		return l.fieldRefs(fm, field)
	}
	var xs []ir.Expr
	var eqs []ir.Value
	var eqAt ir.Pos
	eqFold := false
	flush := func() {
		if len(eqs) == 0 {
			return
		}
		op := ir.OpEq
		if len(eqs) > 1 {
			op = ir.OpIn
		}
		if eqFold {
			op = op.Fold()
		}
		xs = append(xs, &ir.Pred{At: fm.At, Field: field, Op: op, Args: eqs, ArgPos: eqAt})
		eqs, eqFold = nil, false
	}
	for i, v := range fm.Values {
		p, eq := l.valuePred(fm, i, field)
		if p == nil {
			return &ir.Or{At: fm.At}
		}
		if eq != nil && !fm.all {
			if len(eqs) == 0 {
				eqAt = v.At
			}
			eqs = append(eqs, eq)
			eqFold = eqFold || p.(*ir.Pred).Op.IsFold()
			continue
		}
		flush()
		xs = append(xs, p)
	}
	flush()
	if fm.all {
		return ir.NewAnd(fm.At, xs...)
	}
	return ir.NewOr(fm.At, xs...)
}

// path reads a Sigma field name as an IR path.
func (l *lowerer) path(name string, at ir.Pos) (ir.Path, bool) {
	field := ir.ParsePath(name)
	for _, seg := range field.Segs {
		if seg == "" || strings.ContainsAny(seg, " \t\"'()[],") {
			l.unsupported(at, "the field name %q cannot be written in the condition language", name)
			return field, false
		}
	}
	return field, true
}

// exists is Sigma's exists: true, some value that is not an empty object:
// a present value (is_not_null) or the empty string. Its negation is what
// null means.
func exists(at ir.Pos, field ir.Path) ir.Expr {
	return &ir.Or{At: at, Xs: []ir.Expr{
		&ir.Not{At: at, X: &ir.Pred{At: at, Field: field, Op: ir.OpIsNull}, Form: ir.NotIsNotNull},
		&ir.Pred{At: at, Field: field, Op: ir.OpEq, Args: []ir.Value{ir.String("")}, ArgPos: at},
	}}
}

// refOps are the IR operators of fieldref with contains, startswith and
// endswith: both sides strings, compared exactly, as the evaluator does.
var refOps = map[matchKind]ir.Op{
	kindContains:   ir.OpContains,
	kindStartsWith: ir.OpStartsWith,
	kindEndsWith:   ir.OpEndsWith,
}

// fieldRefs lowers a fieldref matcher: F OP field(G) for each value G.
func (l *lowerer) fieldRefs(fm *FieldMatcher, field ir.Path) ir.Expr {
	op, ok := refOps[fm.kind]
	if !ok && l.sameDeclaredKind(field, fm.Values) {
		// The log schema gives both fields one scalar type: same-type
		// comparison and the IR's typed eq agree.
		op, ok = ir.OpEq, true
	}
	if !ok {
		// Sigma's fieldref equality compares values of one type (a number
		// never equals a numeric string); field() equality is typed (403
		// equals "403"), and the IR has no same-type-only comparison.
		l.unsupported(fm.At, "fieldref equality of %s is not supported (Sigma compares the two values only within one JSON type, so 403 never equals \"403\", which eq field() matches)", fm.Field)
		return &ir.Or{At: fm.At}
	}
	var xs []ir.Expr
	for _, v := range fm.Values {
		ref, ok := l.path(v.Str, v.At)
		if !ok {
			return &ir.Or{At: fm.At}
		}
		xs = append(xs, &ir.FieldPred{At: fm.At, Field: field, Op: op, Ref: ref, RefPos: v.At})
	}
	if fm.all {
		return ir.NewAnd(fm.At, xs...)
	}
	return ir.NewOr(fm.At, xs...)
}

// sameDeclaredKind reports whether the registry declares field and every
// referenced field of one scalar kind in the rule's log types.
func (l *lowerer) sameDeclaredKind(field ir.Path, refs []Value) bool {
	k := declaredKind(nil, l.logTypes, field.Segs)
	if k == 0 {
		return false
	}
	for _, v := range refs {
		if v.Kind != ValString || declaredKind(nil, l.logTypes, ir.ParsePath(v.Str).Segs) != k {
			return false
		}
	}
	return true
}

// valuePred lowers the i-th value. When the value is an IR equality it also
// returns the literal, so that equalities can share an "in".
func (l *lowerer) valuePred(fm *FieldMatcher, i int, field ir.Path) (ir.Expr, ir.Value) {
	v := fm.Values[i]
	pred := func(op ir.Op, arg ir.Value) *ir.Pred {
		return &ir.Pred{At: fm.At, Field: field, Op: op, Args: []ir.Value{arg}, ArgPos: v.At}
	}
	switch fm.kind {
	case kindPlain:
		switch v.Kind {
		case ValNull:
			// null: the field has no value (missing, null, [], {}): no
			// value is present and none is the empty string.
			return ir.NewAnd(fm.At,
				&ir.Pred{At: fm.At, Field: field, Op: ir.OpIsNull},
				&ir.Not{At: fm.At, X: pred(ir.OpEq, ir.String("")), Form: ir.NotNe},
			), nil
		case ValBool:
			// true matches the boolean and the string "true" in any case,
			// as eq~ "true" does.
			lit := ir.String(strconv.FormatBool(v.Bool))
			return pred(ir.OpEqFold, lit), lit
		case ValNumber:
			text := NumberText(v.Num)
			if text == "" {
				l.unsupported(v.At, "the number %s cannot be compared exactly", v.Str)
				return nil, nil
			}
			// A number matches JSON numbers by value and strings holding
			// its text, which is what eq with that text as a string does.
			lit := ir.String(text)
			return pred(ir.OpEq, lit), lit
		}
		return l.stringPred(fm, v, fm.globs[i], field)
	case kindContains, kindStartsWith, kindEndsWith:
		return l.stringPred(fm, v, fm.globs[i], field)
	case kindRe:
		src := fm.res[i].String()
		return &ir.Pred{At: fm.At, Field: field, Op: ir.OpRegex, Args: []ir.Value{ir.String(src)}, ArgPos: v.At, Re: fm.res[i]}, nil
	case kindCIDR:
		p := pred(ir.OpCIDR, ir.String(fm.nets[i].String()))
		p.Net = fm.nets[i]
		return p, nil
	case kindGt, kindGte, kindLt, kindLte:
		ops := map[matchKind]ir.Op{kindGt: ir.OpGt, kindGte: ir.OpGte, kindLt: ir.OpLt, kindLte: ir.OpLte}
		text := NumberText(fm.nums[i])
		n, ok := ir.NewNumber(text)
		if !ok {
			l.unsupported(v.At, "the number %s cannot be compared exactly", v.Str)
			return nil, nil
		}
		return pred(ops[fm.kind], n), nil
	}
	l.unsupported(fm.At, "modifiers %s", strings.Join(fm.Mods, "|"))
	return nil, nil
}

// stringPred lowers a string pattern (wildcards of contains, startswith and
// endswith included). Without |cased it uses the "~" operators, Sigma's
// case-insensitive default, unless no character of the literal text has
// another case, where the exact operator means the same. A pattern with no
// wildcard is a typed equality ('403' also matches the number 403); one with
// "*" only at its ends is contains, starts_with or ends_with; any other is
// a wildcard over strings.
func (l *lowerer) stringPred(fm *FieldMatcher, v Value, pat *pattern, field ir.Path) (ir.Expr, ir.Value) {
	fold := !fm.cased && patternHasCase(pat)
	op := func(exact ir.Op) ir.Op {
		if fold {
			return exact.Fold()
		}
		return exact
	}
	mk := func(o ir.Op, s string) *ir.Pred {
		return &ir.Pred{At: fm.At, Field: field, Op: op(o), Args: []ir.Value{ir.String(s)}, ArgPos: v.At}
	}
	parts := pat.parts
	if lit, ok := pat.literal(); ok {
		return mk(ir.OpEq, lit), ir.String(lit)
	}
	if n := len(parts); n <= 3 {
		first, last := parts[0].kind == ir.PartAnyRun, parts[n-1].kind == ir.PartAnyRun
		inner := parts
		if first {
			inner = inner[1:]
		}
		if last && len(inner) > 0 {
			inner = inner[:len(inner)-1]
		}
		if len(inner) == 1 && inner[0].kind == ir.PartLit {
			switch {
			case first && last:
				return mk(ir.OpContains, inner[0].text), nil
			case first:
				return mk(ir.OpEndsWith, inner[0].text), nil
			case last:
				return mk(ir.OpStartsWith, inner[0].text), nil
			}
		}
	}
	g := &ir.Glob{}
	for _, part := range parts {
		g.Parts = append(g.Parts, ir.GlobPart{Kind: part.kind, Text: part.text})
	}
	p := mk(ir.OpWildcard, g.String())
	glob, err := ir.CompileGlob(p.Op, p.Str())
	if err != nil {
		l.unsupported(v.At, "the pattern %q cannot be written as a wildcard: %v", v.Str, err)
		return nil, nil
	}
	p.Glob = glob
	return p, nil
}

// patternHasCase reports whether case-insensitive matching can differ from
// exact matching for the pattern: some literal character changes under
// simple lowercase, or another character lowers to it.
func patternHasCase(p *pattern) bool {
	for _, part := range p.parts {
		for _, r := range part.text {
			if unicode.ToLower(r) != r || len(strmatch.LowerPreimage(r)) > 1 {
				return true
			}
		}
	}
	return false
}
