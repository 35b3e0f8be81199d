package sigma

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"github.com/rulec/rulec/ir"
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
	file string
	errs *ir.ErrorList
	det  *Detection
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
	for _, f := range d.Fields {
		r.OutputFields = append(r.OutputFields, ir.OutputField{Name: f})
	}
	l.det = d.Detection
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
// or (and with the all modifier); runs of plain equalities share an "in".
func (l *lowerer) fieldMatcher(fm *FieldMatcher) ir.Expr {
	field := ir.ParsePath(fm.Field)
	for _, seg := range field.Segs {
		if seg == "" || strings.ContainsAny(seg, " \t\"'()[],") {
			l.unsupported(fm.At, "the field name %q cannot be written in the condition language", fm.Field)
			return &ir.Or{At: fm.At}
		}
	}
	if fm.kind == kindExists {
		// exists: some value that is not an empty object, which is a present
		// value or an empty string.
		present := &ir.Or{At: fm.At, Xs: []ir.Expr{
			&ir.Not{At: fm.At, X: &ir.Pred{At: fm.At, Field: field, Op: ir.OpIsNull}, Form: ir.NotIsNotNull},
			&ir.Pred{At: fm.At, Field: field, Op: ir.OpEq, Args: []ir.Value{ir.String("")}, ArgPos: fm.At},
		}}
		if fm.exists {
			return present
		}
		return &ir.Not{At: fm.At, X: present}
	}
	var xs []ir.Expr
	var eqs []ir.Value
	var eqAt ir.Pos
	flush := func() {
		if len(eqs) == 0 {
			return
		}
		op := ir.OpEq
		if len(eqs) > 1 {
			op = ir.OpIn
		}
		xs = append(xs, &ir.Pred{At: fm.At, Field: field, Op: op, Args: eqs, ArgPos: eqAt})
		eqs = nil
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
			return &ir.Pred{At: fm.At, Field: field, Op: ir.OpIsNull}, nil
		case ValBool:
			// true matches the boolean and the string "true", as eq does.
			lit := ir.Bool(v.Bool)
			return pred(ir.OpEq, lit), lit
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
		return l.stringPred(fm, v, fm.globs[i], field, false, false)
	case kindContains, kindStartsWith, kindEndsWith:
		return l.stringPred(fm, v, parsePattern(v.Str), field, fm.kind != kindStartsWith, fm.kind != kindEndsWith)
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

// stringPred lowers a string pattern: it matches string values only.
func (l *lowerer) stringPred(fm *FieldMatcher, v Value, pat *pattern, field ir.Path, before, after bool) (ir.Expr, ir.Value) {
	mk := func(op ir.Op, s string) *ir.Pred {
		return &ir.Pred{At: fm.At, Field: field, Op: op, Args: []ir.Value{ir.String(s)}, ArgPos: v.At}
	}
	full := pat.wrap(before, after)
	fold := !fm.cased && patternHasCase(full)
	if fold {
		// Case-insensitive: an anchored regular expression with (?i), whose
		// folding is the simple case folding the evaluator uses.
		var b strings.Builder
		b.WriteString(`(?is)^`)
		for _, part := range full.parts {
			switch part.kind {
			case ir.PartLit:
				b.WriteString(regexp.QuoteMeta(part.text))
			case ir.PartAnyRun:
				b.WriteString(`.*`)
			case ir.PartAnyOne:
				b.WriteString(`.`)
			}
		}
		b.WriteString(`$`)
		re := regexp.MustCompile(b.String())
		return &ir.Pred{At: fm.At, Field: field, Op: ir.OpRegex, Args: []ir.Value{ir.String(b.String())}, ArgPos: v.At, Re: re}, nil
	}
	if lit, ok := pat.literal(); ok {
		switch {
		case before && after:
			return mk(ir.OpContains, lit), nil
		case before:
			return mk(ir.OpEndsWith, lit), nil
		case after:
			return mk(ir.OpStartsWith, lit), nil
		}
		// An equality with a string that is not a number and not a
		// boolean's text matches strings only, like the Sigma string.
		if !ir.IsDecimal(lit) && lit != "true" && lit != "false" {
			return mk(ir.OpEq, lit), ir.String(lit)
		}
	}
	g := &ir.Glob{}
	for _, part := range full.parts {
		g.Parts = append(g.Parts, ir.GlobPart{Kind: part.kind, Text: part.text})
	}
	g.Source = g.String()
	p := mk(ir.OpWildcard, g.Source)
	p.Glob = g
	return p, nil
}

// patternHasCase reports whether case folding can change what the pattern
// matches: some literal character has another case.
func patternHasCase(p *pattern) bool {
	for _, part := range p.parts {
		for _, r := range part.text {
			if unicode.SimpleFold(r) != r {
				return true
			}
		}
	}
	return false
}
