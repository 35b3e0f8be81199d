package kql

import (
	"fmt"
	"regexp/syntax"
	"strings"
	"unicode"

	"github.com/rulec/rulec/ir"
)

// CompileEQL translates a rule's condition into an Elasticsearch EQL query
// (`any where ...`) for mapping m. EQL reaches what KQL cannot: ? wildcards,
// character classes and regular expressions (as Lucene regexps). Only
// comparisons that Elasticsearch's EQL planner folds into Query DSL filters
// (term, terms, wildcard, regexp, range, exists) are emitted, so negation is
// a bool must_not and keeps documents without the field, as the IR requires.
func CompileEQL(r *ir.Rule, m Mapping) (string, error) {
	e := &emitter{rule: r, m: m, target: "eql (" + m.Profile.String() + ")"}
	if r.Cond == nil {
		return "", ir.Unsupported(r, r.At, e.target, "an empty condition")
	}
	s, _, err := e.eqlExpr(r.Cond)
	if err != nil {
		return "", err
	}
	return "any where " + s, nil
}

func (e *emitter) eqlExpr(x ir.Expr) (string, int, error) {
	switch x := x.(type) {
	case *ir.And, *ir.Or:
		var xs []ir.Expr
		sep, prec := " and ", precAnd
		if a, ok := x.(*ir.And); ok {
			xs = a.Xs
		} else {
			xs, sep, prec = x.(*ir.Or).Xs, " or ", precOr
		}
		if len(xs) == 0 {
			return "", 0, e.unsupported(e.rule.At, "an empty and/or is not supported")
		}
		runs := singleRuns(xs)
		if prec == precOr {
			runs = orRuns(xs, e.eqlFoldValue)
			if len(runs) == 1 && runs[0].key != "" {
				return eqlValues(runs[0].key, runs[0].vals), precAtom, nil
			}
		}
		var parts []string
		for _, r := range runs {
			if r.key != "" {
				parts = append(parts, eqlValues(r.key, r.vals))
				continue
			}
			s, p, err := e.eqlExpr(r.x)
			if err != nil {
				return "", 0, err
			}
			if _, pred := r.x.(*ir.Pred); pred && p == precAnd && prec == precAnd {
				// A predicate written as an and (a cidr on a keyword's ip
				// multi-field) joins an and without parentheses.
			} else if p <= prec && len(runs) > 1 {
				s = "(" + s + ")"
			}
			parts = append(parts, s)
		}
		if len(parts) == 1 {
			return parts[0], prec, nil
		}
		return strings.Join(parts, sep), prec, nil
	case *ir.Not:
		if y, ok := x.X.(*ir.Not); ok {
			return e.eqlExpr(y.X)
		}
		if p, ok := x.X.(*ir.Pred); ok && p.Op == ir.OpIsNull {
			f, err := e.field(p)
			if err != nil {
				return "", 0, err
			}
			s, err := e.eqlPresence(p, f)
			return s, precAtom, err
		}
		s, p, err := e.eqlExpr(x.X)
		if err != nil {
			return "", 0, err
		}
		if p < precAtom {
			s = "(" + s + ")"
		}
		return "not " + s, precNot, nil
	case *ir.Pred:
		f, err := e.field(x)
		if err != nil {
			return "", 0, err
		}
		return e.eqlPredPrec(x, f)
	case *ir.FieldPred:
		return "", 0, e.fieldRef(x)
	case *ir.Quant:
		p, err := e.quant(x)
		if err != nil {
			return "", 0, err
		}
		return e.eqlExpr(p)
	}
	return "", 0, fmt.Errorf("eql: unknown node %T", x)
}

func (e *emitter) eqlPresence(p *ir.Pred, f field) (string, error) {
	name := eqlField(f.Name)
	if f.Flattened {
		return "", e.unsupported(p.At, "is_null on %s is not supported in the ecs profile: %s is a flattened field, where an exists query sees only values at exactly that key, so an object there would count as absent", p.Field.Written(), f.Root)
	}
	switch {
	case f.Type != Keyword && f.Type != KeywordIP, e.m.Profile == ECS:
		return name + " != null", nil
	case f.Scalar:
		return name + ` like "?*"`, nil
	case f.Object:
		return "", e.unsupported(p.At, "is_null on %s is not supported in EQL: the path holds objects, and EQL cannot test an object's members", p.Field.Written())
	}
	return "", e.undeclaredPresence(p)
}

func (e *emitter) eqlPred(p *ir.Pred) (string, error) {
	f, err := e.field(p)
	if err != nil {
		return "", err
	}
	return e.eqlPredOn(p, f)
}

// eqlPredOn writes predicate p on the resolved field f as an operand of
// any operator (in parentheses when it is an or).
func (e *emitter) eqlPredOn(p *ir.Pred, f field) (string, error) {
	s, prec, err := e.eqlPredPrec(p, f)
	if prec < precAtom {
		s = "(" + s + ")"
	}
	return s, err
}

// eqlPredPrec writes predicate p on the resolved field f and returns its
// precedence: a "~" predicate on a keyword may split into an or of its
// caseless field and the field itself (caselessSplit).
func (e *emitter) eqlPredPrec(p *ir.Pred, f field) (string, int, error) {
	if f.Type == KeywordIP && p.Op == ir.OpCIDR && !f.Flattened {
		// As in KQL: NAME.ip tests the network, NAME the spelling.
		n, colon := textCIDR(p.Net)
		at := "cidrMatch(" + eqlField(f.Name+".ip") + ", " + eqlString(n.String()) + ")"
		if colon == 0 {
			return at, precAtom, nil
		}
		if err := e.spellingGuardable(p, f); err != nil {
			return "", 0, err
		}
		guard, err := e.eqlPredAtom(colonPred(p), f)
		if err != nil {
			return "", 0, err
		}
		if colon < 0 {
			guard = "not " + guard
		}
		return at + " and " + guard, precAnd, nil
	}
	if !p.Op.IsFold() || !e.hasCaseless(f) {
		s, err := e.eqlPredAtom(p, f)
		return s, precAtom, err
	}
	parts, err := e.caselessSplit(p, f)
	if err != nil {
		return "", 0, err
	}
	var out []string
	for _, part := range parts {
		s, err := e.eqlPredOn(part.p, part.f)
		if err != nil {
			return "", 0, err
		}
		out = append(out, s)
	}
	if len(out) == 1 {
		return out[0], precAtom, nil
	}
	return strings.Join(out, " or "), precOr, nil
}

// eqlPredAtom writes predicate p on the resolved field f, but for the split
// of a "~" predicate on a keyword (see eqlPredPrec).
func (e *emitter) eqlPredAtom(p *ir.Pred, f field) (string, error) {
	if f.Flattened {
		// EQL's type system has no flattened type: its keys are not fields
		// EQL can resolve.
		return "", e.unsupported(p.At, "%s is not supported in EQL: it is key %s of flattened field %s, which EQL cannot query", p.Field.Written(), f.Name, f.Root)
	}
	if f.Type == KeywordIP && p.Op == ir.OpCIDR {
		f.Name, f.Type = f.Name+".ip", IP
	}
	if p.Op.IsFold() {
		if f.Type != Keyword && f.Type != KeywordIP {
			q, err := e.exactForm(p, f)
			if err != nil {
				return "", err
			}
			p = q
		} else {
			return e.eqlFold(p, f)
		}
	}
	// Reuse the KQL emitter's typing decisions (what can never match, what
	// needs a number) by rendering the KQL form first for typed fields.
	if f.Type == Double || f.Type == Boolean || f.Type == IP {
		if _, _, err := e.typedCheck(p, f); err != nil {
			return "", err
		}
	}
	name := eqlField(f.Name)
	switch p.Op {
	case ir.OpIsNull:
		s, err := e.eqlPresence(p, f)
		if err != nil {
			return "", err
		}
		return "not " + s, nil
	case ir.OpEq, ir.OpIn:
		if f.Type == Keyword || f.Type == KeywordIP {
			if err := e.emptyDropped(p); err != nil {
				return "", err
			}
			if err := e.dynamicText(p, f); err != nil {
				return "", err
			}
		}
		var vs []string
		for _, a := range p.Args {
			switch f.Type {
			case Double:
				n, _ := ir.LiteralNumber(a)
				s, err := e.number(p, n)
				if err != nil {
					return "", err
				}
				vs = append(vs, s)
			case Boolean:
				vs = append(vs, strings.ToLower(a.Text()))
			default:
				switch a := a.(type) {
				case ir.Number:
					return "", e.unsupported(p.ArgPos, "numeric equality with %s is not supported on keyword field %s: a keyword compares text", a.Lit, f.Name)
				}
				vs = append(vs, eqlString(a.Text()))
			}
		}
		vs = dedupe(vs)
		if len(vs) == 0 {
			return "", e.unsupported(p.At, "an empty in list is not supported")
		}
		if len(vs) == 1 {
			return name + " == " + vs[0], nil
		}
		return name + " in (" + strings.Join(vs, ", ") + ")", nil
	case ir.OpGt, ir.OpGte, ir.OpLt, ir.OpLte:
		if f.Type != Double {
			return "", e.unsupported(p.At, "%s is not supported on %s field %s (%s)", p.Op, f.Type, f.Name, e.declareHint("a number"))
		}
		n, _ := ir.LiteralNumber(p.Arg())
		s, err := e.number(p, n)
		if err != nil {
			return "", err
		}
		op := map[ir.Op]string{ir.OpGt: ">", ir.OpGte: ">=", ir.OpLt: "<", ir.OpLte: "<="}[p.Op]
		return name + " " + op + " " + s, nil
	case ir.OpCIDR:
		if f.Type != IP {
			return "", e.unsupported(p.At, "cidr is not supported on keyword field %s (%s)", f.Name, e.declareHint("an ip address"))
		}
		n := p.Net.Masked()
		var nets []string
		if n.Addr().Is6() && n.Bits() <= 96 && n.Contains(mapped4.Addr()) {
			for _, blk := range subtract(n, mapped4) {
				nets = append(nets, eqlString(blk.String()))
			}
		} else {
			nets = []string{eqlString(n.String())}
		}
		return "cidrMatch(" + name + ", " + strings.Join(nets, ", ") + ")", nil
	}
	if f.Type != Keyword && f.Type != KeywordIP {
		return "", e.unsupported(p.At, "%s is not supported on %s field %s", p.Op, f.Type, f.Name)
	}
	if err := e.emptyDropped(p); err != nil {
		return "", err
	}
	if err := e.dynamicText(p, f); err != nil {
		return "", err
	}
	// like reads best (the folded form of contains~ and friends is a like
	// on the caseless field), where the pattern has no literal * or ?:
	// EQL's like cannot escape them, so those go through regex below.
	if like, ok := likePattern(p); ok {
		return name + " like " + eqlString(like), nil
	}
	if p.Op == ir.OpRegex {
		if s, ok := likeUnion(name, p.Re.String()); ok {
			return s, nil
		}
	}
	switch p.Op {
	case ir.OpContains:
		return name + " regex " + eqlString(".*"+luceneQuote(p.Str())+".*"), nil
	case ir.OpStartsWith:
		return name + " regex " + eqlString(luceneQuote(p.Str())+".*"), nil
	case ir.OpEndsWith:
		return name + " regex " + eqlString(".*"+luceneQuote(p.Str())), nil
	case ir.OpWildcard:
		var b strings.Builder
		for _, part := range p.Glob.Parts {
			switch part.Kind {
			case ir.PartLit:
				b.WriteString(luceneQuote(part.Text))
			case ir.PartAnyRun:
				b.WriteString(".*")
			case ir.PartAnyOne:
				b.WriteString(".")
			case ir.PartClass:
				b.WriteString(luceneClass(part.Ranges, part.Negated))
			}
		}
		return name + " regex " + eqlString(b.String()), nil
	case ir.OpRegex:
		lre, err := toLucene(p.Re.String())
		if err != nil {
			return "", e.unsupported(p.ArgPos, "regex %s is not supported in EQL: %v", ir.Quote(p.Re.String()), err)
		}
		return name + " regex " + eqlString(lre), nil
	}
	return "", e.unsupported(p.At, "operator %s is not supported", p.Op)
}

// typedCheck runs the KQL emitter's checks for a typed field, so EQL and
// KQL agree on what can never match.
func (e *emitter) typedCheck(p *ir.Pred, f field) (string, int, error) {
	name := fieldName(f.Name)
	switch f.Type {
	case Double:
		return e.numeric(p, f, name)
	case Boolean:
		return e.boolean(p, f, name)
	}
	return e.ip(p, f, name)
}

// eqlField renders a field name, in backquotes unless it is a plain dotted
// identifier.
func eqlField(s string) string {
	plain := s != ""
	for i, r := range s {
		if !(r == '_' || r == '@' || r == '.' && i > 0 || r < 0x80 && unicode.IsLetter(r) || i > 0 && r >= '0' && r <= '9') {
			plain = false
		}
	}
	switch strings.ToLower(s) {
	case "and", "or", "not", "where", "any", "true", "false", "null", "in", "like", "regex", "sequence", "by", "with", "until", "maxspan", "join", "of":
		plain = false
	}
	if plain {
		return s
	}
	return "`" + strings.ReplaceAll(s, "`", "``") + "`"
}

// eqlString renders an EQL string literal: \\ \" \n \r \t and \u{X} for
// other control characters.
func eqlString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '\\':
			b.WriteString(`\\`)
		case r == '"':
			b.WriteString(`\"`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\u{%02X}`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// luceneReserved are the characters Lucene's regexp syntax reserves,
// optional operators included.
const luceneReserved = `.?+*|{}[]()"\#@&<>~`

func luceneQuote(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune(luceneReserved, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

func luceneClassRune(r rune) string {
	if strings.ContainsRune(`\[]-^"`, r) {
		return `\` + string(r)
	}
	return string(r)
}

// luceneClass renders a character class; a negated class is written as the
// complement ranges so that no Lucene negation semantics are involved.
func luceneClass(rs []ir.ClassRange, negated bool) string {
	var pairs []rune
	for _, r := range rs {
		pairs = append(pairs, r.Lo, r.Hi)
	}
	if negated {
		return classFromPairs(complement(pairs))
	}
	return classFromPairs(pairs)
}

// classFromPairs renders sorted ranges as a Lucene class, as [^...] of
// the complement when that is shorter (a negated class, or RE2's . without
// the s flag).
func classFromPairs(pairs []rune) string {
	pairs = mergePairs(pairs)
	if n := len(pairs); n > 0 && pairs[n-1] == unicode.MaxRune {
		if c := complement(pairs); len(c) > 0 && len(c) < n {
			return "[^" + classBody(c) + "]"
		}
	}
	return "[" + classBody(pairs) + "]"
}

func classBody(pairs []rune) string {
	var b strings.Builder
	for i := 0; i+1 < len(pairs); i += 2 {
		lo, hi := pairs[i], pairs[i+1]
		b.WriteString(luceneClassRune(lo))
		if hi != lo {
			b.WriteByte('-')
			b.WriteString(luceneClassRune(hi))
		}
	}
	return b.String()
}

// complement returns the sorted ranges of every rune not in pairs.
func complement(pairs []rune) []rune {
	merged := mergePairs(pairs)
	var out []rune
	next := rune(0)
	for i := 0; i+1 < len(merged); i += 2 {
		if merged[i] > next {
			out = append(out, next, merged[i]-1)
		}
		next = merged[i+1] + 1
	}
	if next <= unicode.MaxRune {
		out = append(out, next, unicode.MaxRune)
	}
	return out
}

// mergePairs sorts ranges and merges overlapping or adjacent ones.
func mergePairs(pairs []rune) []rune {
	p := sortPairs(append([]rune(nil), pairs...))
	var out []rune
	for i := 0; i+1 < len(p); i += 2 {
		n := len(out)
		if n > 0 && p[i] <= out[n-1]+1 {
			if p[i+1] > out[n-1] {
				out[n-1] = p[i+1]
			}
			continue
		}
		out = append(out, p[i], p[i+1])
	}
	return out
}

// toLucene translates an RE2 pattern (an unanchored search) into a Lucene
// regexp (which must match the whole value): ^ and $ at the edges drop the
// implicit .* there; . becomes "any character but newline"; \d \w \s and
// case-insensitive parts become explicit classes.
func toLucene(pattern string) (string, error) {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return "", err
	}
	var alts []*syntax.Regexp
	if re.Op == syntax.OpAlternate {
		alts = re.Sub
	} else {
		alts = []*syntax.Regexp{re}
	}
	var out []string
	for _, a := range alts {
		var subs []*syntax.Regexp
		if a.Op == syntax.OpConcat {
			subs = a.Sub
		} else {
			subs = []*syntax.Regexp{a}
		}
		begin, end := false, false
		for len(subs) > 0 && subs[0].Op == syntax.OpBeginText {
			begin, subs = true, subs[1:]
		}
		for len(subs) > 0 && subs[len(subs)-1].Op == syntax.OpEndText {
			end, subs = true, subs[:len(subs)-1]
		}
		// A leading group with ^ as one alternative, (?:^|/), starts the
		// value or follows anything: (|.*/). Likewise a trailing (?:/|$).
		var head, tail string
		if !begin && len(subs) > 0 {
			if h, ok, err := anchorGroup(subs[0], syntax.OpBeginText); err != nil {
				return "", err
			} else if ok {
				head, begin, subs = h, true, subs[1:]
			}
		}
		if !end && len(subs) > 0 {
			if t, ok, err := anchorGroup(subs[len(subs)-1], syntax.OpEndText); err != nil {
				return "", err
			} else if ok {
				tail, end, subs = t, true, subs[:len(subs)-1]
			}
		}
		var b strings.Builder
		if !begin {
			b.WriteString(".*")
		}
		b.WriteString(head)
		for _, s := range subs {
			if err := lucene(&b, s, true); err != nil {
				return "", err
			}
		}
		b.WriteString(tail)
		if !end {
			b.WriteString(".*")
		}
		out = append(out, b.String())
	}
	if len(out) == 1 {
		return out[0], nil
	}
	for i := range out {
		out[i] = "(" + out[i] + ")"
	}
	return strings.Join(out, "|"), nil
}

// anchorGroup writes a group whose alternatives include the anchor op (^
// for a leading group, $ for a trailing one) as a Lucene group: the anchor's
// alternative is empty, each other one gets the .* that the unanchored
// search implies on that side. ok is false for any other shape.
func anchorGroup(re *syntax.Regexp, anchor syntax.Op) (string, bool, error) {
	for re.Op == syntax.OpCapture {
		re = re.Sub[0]
	}
	if re.Op != syntax.OpAlternate {
		return "", false, nil
	}
	has := false
	var alts []string
	for _, a := range re.Sub {
		if a.Op == anchor {
			has = true
			alts = append(alts, "")
			continue
		}
		var b strings.Builder
		if anchor == syntax.OpBeginText {
			b.WriteString(".*")
		}
		if err := lucene(&b, a, true); err != nil {
			return "", false, err
		}
		if anchor == syntax.OpEndText {
			b.WriteString(".*")
		}
		alts = append(alts, b.String())
	}
	if !has {
		return "", false, nil
	}
	return "(" + strings.Join(alts, "|") + ")", true, nil
}

// notNL is every rune but \n, as RE2's "." without the s flag.
var notNL = []rune{0, '\n' - 1, '\n' + 1, unicode.MaxRune}

func lucene(b *strings.Builder, re *syntax.Regexp, inConcat bool) error {
	switch re.Op {
	case syntax.OpLiteral:
		for _, r := range re.Rune {
			if orbit := foldOrbit(r); re.Flags&syntax.FoldCase != 0 && len(orbit) > 1 {
				var pairs []rune
				for _, f := range orbit {
					pairs = append(pairs, f, f)
				}
				b.WriteString(classFromPairs(sortPairs(pairs)))
				continue
			}
			b.WriteString(luceneQuote(string(r)))
		}
	case syntax.OpCharClass:
		if len(re.Rune) == 0 {
			return fmt.Errorf("an empty character class")
		}
		b.WriteString(classFromPairs(re.Rune))
	case syntax.OpAnyCharNotNL:
		b.WriteString(classFromPairs(notNL))
	case syntax.OpAnyChar:
		b.WriteString(".")
	case syntax.OpCapture:
		b.WriteByte('(')
		if err := lucene(b, re.Sub[0], true); err != nil {
			return err
		}
		b.WriteByte(')')
	case syntax.OpConcat:
		if !inConcat {
			b.WriteByte('(')
		}
		for _, s := range re.Sub {
			if err := lucene(b, s, true); err != nil {
				return err
			}
		}
		if !inConcat {
			b.WriteByte(')')
		}
	case syntax.OpAlternate:
		b.WriteByte('(')
		for i, s := range re.Sub {
			if i > 0 {
				b.WriteByte('|')
			}
			if err := lucene(b, s, true); err != nil {
				return err
			}
		}
		b.WriteByte(')')
	case syntax.OpStar, syntax.OpPlus, syntax.OpQuest, syntax.OpRepeat:
		sub := re.Sub[0]
		atom := sub.Op == syntax.OpCharClass || sub.Op == syntax.OpAnyChar || sub.Op == syntax.OpAnyCharNotNL ||
			sub.Op == syntax.OpCapture || sub.Op == syntax.OpLiteral && len(sub.Rune) == 1
		if !atom {
			b.WriteByte('(')
		}
		if err := lucene(b, sub, true); err != nil {
			return err
		}
		if !atom {
			b.WriteByte(')')
		}
		switch re.Op {
		case syntax.OpStar:
			b.WriteByte('*')
		case syntax.OpPlus:
			b.WriteByte('+')
		case syntax.OpQuest:
			b.WriteByte('?')
		default:
			if re.Max < 0 {
				fmt.Fprintf(b, "{%d,}", re.Min)
			} else {
				fmt.Fprintf(b, "{%d,%d}", re.Min, re.Max)
			}
		}
	case syntax.OpEmptyMatch:
		b.WriteString("()")
	case syntax.OpBeginText, syntax.OpEndText:
		return fmt.Errorf("an anchor inside the pattern")
	case syntax.OpBeginLine, syntax.OpEndLine:
		return fmt.Errorf("multi-line anchors")
	case syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return fmt.Errorf("word boundaries (Lucene has no \\b)")
	default:
		return fmt.Errorf("%v", re.Op)
	}
	return nil
}

// foldOrbit returns every rune equal to r under simple case folding.
func foldOrbit(r rune) []rune {
	out := []rune{r}
	for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
		out = append(out, f)
	}
	return out
}

func sortPairs(pairs []rune) []rune {
	for i := 0; i < len(pairs); i += 2 {
		for j := i + 2; j < len(pairs); j += 2 {
			if pairs[j] < pairs[i] {
				pairs[i], pairs[j] = pairs[j], pairs[i]
				pairs[i+1], pairs[j+1] = pairs[j+1], pairs[i+1]
			}
		}
	}
	return pairs
}

// likePattern writes a contains, starts_with, ends_with or wildcard
// predicate as an EQL like pattern, when its literal text holds no *, ?
// or U+0001 (see likeSafe) and its glob no character class.
func likePattern(p *ir.Pred) (string, bool) {
	plain := func(s string) bool { return !strings.ContainsAny(s, "*?\x01") }
	switch p.Op {
	case ir.OpContains:
		return "*" + p.Str() + "*", plain(p.Str())
	case ir.OpStartsWith:
		return p.Str() + "*", plain(p.Str())
	case ir.OpEndsWith:
		return "*" + p.Str(), plain(p.Str())
	case ir.OpWildcard:
		var b strings.Builder
		for _, part := range p.Glob.Parts {
			switch part.Kind {
			case ir.PartLit:
				if !plain(part.Text) {
					return "", false
				}
				b.WriteString(part.Text)
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
	return "", false
}

// likeUnion writes a regex that is a union of anchored literals, such as
// ^(Add|Attach), as one like with a pattern per alternative (an in when all
// are anchored at both ends), as the KQL emitter writes it with wildcards;
// ok is false for any other regex, or when a literal holds a character like
// cannot say (see likePattern).
func likeUnion(name, pattern string) (string, bool) {
	alts, ok := literalUnion(pattern)
	if !ok {
		return "", false
	}
	exact := true
	var pats []string
	for _, a := range alts {
		if strings.ContainsAny(a.text, "*?\x01") {
			return "", false
		}
		pat := a.text
		if !a.begin {
			pat = "*" + pat
		}
		if !a.end {
			pat += "*"
		}
		exact = exact && a.begin && a.end
		pats = append(pats, eqlString(pat))
	}
	pats = dedupe(pats)
	op, list := " like ", " like "
	if exact {
		op, list = " == ", " in "
	}
	if len(pats) == 1 {
		return name + op + pats[0], true
	}
	return name + list + "(" + strings.Join(pats, ", ") + ")", true
}

// eqlFoldValue returns x's value in a list on its caseless field, keyed by
// that field and the operator a list takes, when x is a "~" predicate that
// is a single like (or ==) there. An operand that fails to convert is
// declined, so that writing it reports the error in order.
func (e *emitter) eqlFoldValue(x ir.Expr) (key, val string, ok bool) {
	p, f, ok := e.caselessFoldPred(x)
	if !ok {
		return "", "", false
	}
	str, err := e.eqlPredOn(p, f)
	if err != nil {
		return "", "", false
	}
	name := eqlField(f.Name + caselessSuffix)
	if v, ok := strings.CutPrefix(str, name+" like "); ok && strings.HasPrefix(v, `"`) {
		return name + " like", v, true
	}
	if v, ok := strings.CutPrefix(str, name+" == "); ok {
		return name + " ==", v, true
	}
	return "", "", false
}

// eqlValues writes the run of values of one eqlFoldValue key: one like with
// a list, or one in.
func eqlValues(key string, vals []string) string {
	vals = dedupe(vals)
	if len(vals) == 1 {
		return key + " " + vals[0]
	}
	if name, ok := strings.CutSuffix(key, " =="); ok {
		return name + " in (" + strings.Join(vals, ", ") + ")"
	}
	return key + " (" + strings.Join(vals, ", ") + ")"
}
