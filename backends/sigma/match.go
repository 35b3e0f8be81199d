package sigma

import (
	"fmt"
	"math"
	"net/netip"
	"path"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rulec/rulec/ir"
	"github.com/rulec/rulec/strmatch"
)

// matchKind is what a field matcher's modifiers make it test.
type matchKind uint8

const (
	kindPlain matchKind = iota
	kindContains
	kindStartsWith
	kindEndsWith
	kindRe
	kindCIDR
	kindGt
	kindGte
	kindLt
	kindLte
	kindExists
)

var kindModifiers = map[string]matchKind{
	"contains":   kindContains,
	"startswith": kindStartsWith,
	"endswith":   kindEndsWith,
	"re":         kindRe,
	"cidr":       kindCIDR,
	"gt":         kindGt,
	"gte":        kindGte,
	"lt":         kindLt,
	"lte":        kindLte,
	"exists":     kindExists,
}

// pattern is a Sigma string value split into literal runs and wildcards.
type pattern struct {
	parts []patPart
}

type patPart struct {
	kind ir.PartKind // PartLit, PartAnyRun or PartAnyOne
	text string
}

// parsePattern reads a Sigma string value: "*" is any run, "?" one
// character, and a backslash escapes "*", "?" and itself; any other
// backslash is literal (the specification's escaping section).
func parsePattern(s string) *pattern {
	p := &pattern{}
	var lit strings.Builder
	flush := func() {
		if lit.Len() > 0 {
			p.parts = append(p.parts, patPart{kind: ir.PartLit, text: lit.String()})
			lit.Reset()
		}
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\':
			if i+1 < len(s) && (s[i+1] == '*' || s[i+1] == '?' || s[i+1] == '\\') {
				lit.WriteByte(s[i+1])
				i++
			} else {
				lit.WriteByte(c)
			}
		case '*':
			flush()
			if n := len(p.parts); n == 0 || p.parts[n-1].kind != ir.PartAnyRun {
				p.parts = append(p.parts, patPart{kind: ir.PartAnyRun})
			}
		case '?':
			flush()
			p.parts = append(p.parts, patPart{kind: ir.PartAnyOne})
		default:
			lit.WriteByte(c)
		}
	}
	flush()
	return p
}

// wrap adds the wildcards the contains/startswith/endswith modifiers imply.
func (p *pattern) wrap(before, after bool) *pattern {
	out := &pattern{}
	if before && (len(p.parts) == 0 || p.parts[0].kind != ir.PartAnyRun) {
		out.parts = append(out.parts, patPart{kind: ir.PartAnyRun})
	}
	out.parts = append(out.parts, p.parts...)
	if after && (len(out.parts) == 0 || out.parts[len(out.parts)-1].kind != ir.PartAnyRun) {
		out.parts = append(out.parts, patPart{kind: ir.PartAnyRun})
	}
	return out
}

// literal returns the pattern's text when it has no wildcard.
func (p *pattern) literal() (string, bool) {
	var b strings.Builder
	for _, x := range p.parts {
		if x.kind != ir.PartLit {
			return "", false
		}
		b.WriteString(x.text)
	}
	return b.String(), true
}

// match reports whether s matches the whole pattern, comparing characters
// exactly or, when fold is set, by their Unicode simple lowercase (see
// fold.go for why, and for the literals the backend refuses).
func (p *pattern) match(s string, fold bool) bool { return matchPat(p.parts, s, fold) }

func matchPat(parts []patPart, s string, fold bool) bool {
	for len(parts) > 0 {
		x := parts[0]
		switch x.kind {
		case ir.PartLit:
			rest, ok := cutPrefix(s, x.text, fold)
			if !ok {
				return false
			}
			s = rest
		case ir.PartAnyOne:
			_, size := utf8.DecodeRuneInString(s)
			if size == 0 {
				return false
			}
			s = s[size:]
		case ir.PartAnyRun:
			if len(parts) == 1 {
				return true
			}
			for i := 0; ; {
				if matchPat(parts[1:], s[i:], fold) {
					return true
				}
				if i >= len(s) {
					return false
				}
				_, size := utf8.DecodeRuneInString(s[i:])
				i += size
			}
		}
		parts = parts[1:]
	}
	return s == ""
}

// cutPrefix removes prefix from s, rune by rune.
func cutPrefix(s, prefix string, fold bool) (string, bool) {
	if !fold {
		if strings.HasPrefix(s, prefix) {
			return s[len(prefix):], true
		}
		return s, false
	}
	for _, pr := range prefix {
		r, size := utf8.DecodeRuneInString(s)
		if size == 0 || !lowerEqual(r, pr) {
			return s, false
		}
		s = s[size:]
	}
	return s, true
}

// lowerEqual reports whether two characters have the same Unicode simple
// lowercase (strmatch.Lower maps code point by code point). An invalid
// byte decodes as utf8.RuneError, which only equals itself.
func lowerEqual(a, b rune) bool {
	return a == b || unicode.ToLower(a) == unicode.ToLower(b)
}

// compile checks a field matcher's modifiers and values and prepares it.
func (fm *FieldMatcher) compile() *posError {
	fail := func(code, format string, args ...any) *posError {
		return &posError{at: fm.At, code: code, msg: fmt.Sprintf(format, args...)}
	}
	fm.kind = kindPlain
	kindSet := false
	var reFlags string
	for _, m := range fm.Mods {
		switch m {
		case "cased":
			fm.cased = true
		case "fieldref":
			fm.ref = true
		case "all":
			fm.all = true
		case "i", "m", "s":
			if fm.kind != kindRe {
				return fail(ir.CodeSyntax, "modifier %q must follow re", m)
			}
			if !strings.Contains(reFlags, m) {
				reFlags += m
			}
		default:
			k, ok := kindModifiers[m]
			if !ok {
				return fail(ir.CodeUnsupported, "modifier %q of %s is not supported", m, fm.Field)
			}
			if kindSet {
				return fail(ir.CodeUnsupported, "modifiers %s of %s: combining %q with another matching modifier is not supported", strings.Join(fm.Mods, "|"), fm.Field, m)
			}
			fm.kind, kindSet = k, true
		}
	}
	if len(fm.Values) == 0 {
		return fail(ir.CodeUnsupported, "an empty value list for %s is not supported", fm.Field)
	}
	if fm.ref {
		switch fm.kind {
		case kindPlain, kindContains, kindStartsWith, kindEndsWith:
		default:
			return fail(ir.CodeUnsupported, "modifiers %s of %s: fieldref combines only with contains, startswith and endswith", strings.Join(fm.Mods, "|"), fm.Field)
		}
		for _, v := range fm.Values {
			if v.Kind != ValString || strings.ContainsAny(v.Str, "*?") {
				return &posError{at: v.At, code: ir.CodeSyntax, msg: "fieldref needs field names without wildcards"}
			}
		}
		return nil
	}
	switch fm.kind {
	case kindPlain:
		for _, v := range fm.Values {
			if v.Kind == ValString {
				fm.globs = append(fm.globs, parsePattern(v.Str))
			} else {
				fm.globs = append(fm.globs, nil)
			}
		}
	case kindContains, kindStartsWith, kindEndsWith:
		for _, v := range fm.Values {
			if v.Kind == ValNull || v.Kind == ValBool {
				return &posError{at: v.At, code: ir.CodeSyntax, msg: fmt.Sprintf("%s needs string values", fm.Mods[0])}
			}
			// A number written after contains is matched as its text, as
			// pySigma converts it.
			p := parsePattern(v.Str)
			fm.globs = append(fm.globs, p.wrap(fm.kind != kindStartsWith, fm.kind != kindEndsWith))
		}
	case kindRe:
		for _, v := range fm.Values {
			if v.Kind != ValString {
				return &posError{at: v.At, code: ir.CodeSyntax, msg: "re needs string values"}
			}
			src := v.Str
			if reFlags != "" {
				src = "(?" + reFlags + ")" + src
			}
			re, err := regexp.Compile(src)
			if err != nil {
				return &posError{at: v.At, code: ir.CodeRegex, msg: fmt.Sprintf("invalid regular expression %q: %v", v.Str, err)}
			}
			fm.res = append(fm.res, re)
		}
	case kindCIDR:
		for _, v := range fm.Values {
			n, err := netip.ParsePrefix(v.Str)
			if err != nil || v.Kind != ValString {
				return &posError{at: v.At, code: ir.CodeNetwork, msg: fmt.Sprintf("invalid network %q", v.Str)}
			}
			fm.nets = append(fm.nets, n.Masked())
		}
	case kindGt, kindGte, kindLt, kindLte:
		for _, v := range fm.Values {
			f, ok := v.Num, v.Kind == ValNumber
			if v.Kind == ValString {
				f, ok = ir.ParseDecimal(v.Str)
			}
			if !ok {
				return &posError{at: v.At, code: ir.CodeSyntax, msg: fmt.Sprintf("%s needs a number, not %q", fm.Mods[len(fm.Mods)-1], v.Str)}
			}
			fm.nums = append(fm.nums, f)
		}
	case kindExists:
		if len(fm.Values) != 1 || fm.Values[0].Kind != ValBool {
			return fail(ir.CodeSyntax, "exists needs one boolean value")
		}
		fm.exists = fm.Values[0].Bool
	}
	return nil
}

// fieldValues returns the values found at a dotted field name: each
// segment selects an object member, arrays met on the way or at the end fan
// out to their elements, and null yields nothing.
func fieldValues(doc any, field string) []any {
	var out []any
	collect(doc, strings.Split(field, "."), &out)
	return out
}

func collect(v any, segs []string, out *[]any) {
	switch x := v.(type) {
	case nil:
		return
	case []any:
		for _, el := range x {
			collect(el, segs, out)
		}
		return
	}
	if len(segs) == 0 {
		*out = append(*out, v)
		return
	}
	if m, ok := v.(map[string]any); ok {
		if child, ok := m[segs[0]]; ok {
			collect(child, segs[1:], out)
		}
	}
}

// hasValue reports whether v counts as a value for exists: everything but
// an empty object (null and empty arrays never reach here).
func hasValue(v any) bool {
	if m, ok := v.(map[string]any); ok {
		return len(m) > 0
	}
	return true
}

// isEmpty reports whether v is an empty value for null: "", an empty
// object or an empty array.
func isEmpty(v any) bool {
	switch x := v.(type) {
	case string:
		return x == ""
	case map[string]any:
		return len(x) == 0
	case []any:
		return len(x) == 0
	}
	return false
}

// NumberText is the text a Sigma number value matches in a string field:
// its shortest decimal form without exponent (403, 4.5, -0.25).
func NumberText(f float64) string {
	if math.IsInf(f, 0) {
		return ""
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}

// matches evaluates the field matcher on an event.
func (fm *FieldMatcher) matches(doc any) bool {
	vals := fieldValues(doc, fm.Field)
	if fm.kind == kindExists {
		found := false
		for _, v := range vals {
			if hasValue(v) {
				found = true
				break
			}
		}
		return found == fm.exists
	}
	n := len(fm.Values)
	for i := 0; i < n; i++ {
		var ok bool
		if fm.ref {
			ok = fm.refMatches(vals, fieldValues(doc, fm.Values[i].Str))
		} else {
			ok = fm.valueMatches(i, vals)
		}
		if fm.all && !ok {
			return false
		}
		if !fm.all && ok {
			return true
		}
	}
	return fm.all
}

// refMatches applies a fieldref matcher: some value of the field and some
// value of the referenced field are both strings, equal (or containing,
// starting or ending with the other) case-sensitively, or both numbers and
// numerically equal, or both booleans and equal. Values of different types
// never match: pySigma's backends compare the two fields natively (SQL
// "a = b", ES|QL "a == b", Splunk "where a == b" on typed values), and
// SigmaFieldReference has no case flag.
func (fm *FieldMatcher) refMatches(vals, refs []any) bool {
	for _, r := range refs {
		for _, v := range vals {
			if refHolds(fm.kind, v, r) {
				return true
			}
		}
	}
	return false
}

func refHolds(kind matchKind, v, r any) bool {
	vs, vok := v.(string)
	rs, rok := r.(string)
	switch kind {
	case kindContains:
		return vok && rok && strings.Contains(vs, rs)
	case kindStartsWith:
		return vok && rok && strings.HasPrefix(vs, rs)
	case kindEndsWith:
		return vok && rok && strings.HasSuffix(vs, rs)
	}
	if vok || rok {
		return vok && rok && vs == rs
	}
	if vb, ok := v.(bool); ok {
		rb, ok := r.(bool)
		return ok && vb == rb
	}
	vf, vok := ir.JSONNumber(v)
	rf, rok := ir.JSONNumber(r)
	return vok && rok && vf == rf
}

// valueMatches reports whether the i-th value of the matcher holds for the
// values found at the field.
func (fm *FieldMatcher) valueMatches(i int, vals []any) bool {
	if fm.kind == kindPlain && fm.Values[i].Kind == ValNull {
		// null: the field has no value (missing, null, [] or {}); ""
		// is a value (see exists).
		for _, v := range vals {
			if hasValue(v) {
				return false
			}
		}
		return true
	}
	for _, v := range vals {
		if fm.one(i, v) {
			return true
		}
	}
	return false
}

// one applies the i-th value to one event value.
func (fm *FieldMatcher) one(i int, v any) bool {
	switch fm.kind {
	case kindPlain:
		want := fm.Values[i]
		switch want.Kind {
		case ValString:
			s, ok := v.(string)
			if !ok {
				// A string with no wildcard compares with numbers and
				// booleans as typed engines do: '403' matches 403.
				lit, isLit := fm.globs[i].literal()
				return isLit && ir.Equal(v, ir.String(lit))
			}
			return fm.globs[i].match(s, !fm.cased)
		case ValNumber:
			if f, ok := ir.JSONNumber(v); ok {
				return f == want.Num
			}
			s, ok := v.(string)
			return ok && s == NumberText(want.Num) && s != ""
		case ValBool:
			if b, ok := v.(bool); ok {
				return b == want.Bool
			}
			// Case-insensitive backends match a boolean's text in any case.
			s, ok := v.(string)
			return ok && strmatch.EqualLower(s, strconv.FormatBool(want.Bool))
		}
		return false
	case kindContains, kindStartsWith, kindEndsWith:
		s, ok := v.(string)
		return ok && fm.globs[i].match(s, !fm.cased)
	case kindRe:
		s, ok := v.(string)
		return ok && fm.res[i].MatchString(s)
	case kindCIDR:
		s, ok := v.(string)
		if !ok {
			return false
		}
		addr, err := netip.ParseAddr(s)
		if err != nil || addr.Zone() != "" || addr.Is4() != fm.nets[i].Addr().Is4() {
			return false
		}
		return fm.nets[i].Contains(addr)
	case kindGt, kindGte, kindLt, kindLte:
		f, ok := ir.JSONNumber(v)
		if !ok {
			s, isStr := v.(string)
			if !isStr {
				return false
			}
			f, ok = ir.ParseDecimal(s)
			if !ok {
				return false
			}
		}
		w := fm.nums[i]
		switch fm.kind {
		case kindGt:
			return f > w
		case kindGte:
			return f >= w
		case kindLt:
			return f < w
		}
		return f <= w
	}
	return false
}

// matches evaluates a search: some map has every field matcher holding.
func (s *Search) matches(doc any) bool {
	for _, m := range s.Maps {
		all := true
		for _, fm := range m {
			if !fm.matches(doc) {
				all = false
				break
			}
		}
		if all {
			return true
		}
	}
	return false
}

// Match evaluates the detection on one event under the Sigma semantics of
// the package documentation.
func (d *Detection) Match(doc any) (bool, error) {
	results := map[string]bool{}
	for _, s := range d.Searches {
		results[s.Name] = s.matches(doc)
	}
	return d.eval(d.Cond, results)
}

func (d *Detection) eval(c Cond, results map[string]bool) (bool, error) {
	switch x := c.(type) {
	case *CondAnd:
		for _, e := range x.Xs {
			ok, err := d.eval(e, results)
			if err != nil || !ok {
				return false, err
			}
		}
		return true, nil
	case *CondOr:
		for _, e := range x.Xs {
			ok, err := d.eval(e, results)
			if err != nil || ok {
				return ok, err
			}
		}
		return false, nil
	case *CondNot:
		ok, err := d.eval(x.X, results)
		return !ok, err
	case *CondRef:
		ok, found := results[x.Name]
		if !found {
			return false, fmt.Errorf("%s: condition names %q, which the detection does not define", x.At, x.Name)
		}
		return ok, nil
	case *CondOf:
		names := d.ofNames(x)
		if len(names) == 0 {
			return false, fmt.Errorf("%s: %q matches no search identifier", x.At, x.Pattern)
		}
		for _, n := range names {
			if results[n] != x.All {
				return !x.All, nil
			}
		}
		return x.All, nil
	}
	return false, fmt.Errorf("empty condition")
}

// ofNames returns the search identifiers "1 of"/"all of" ranges over: for
// "them", every one not starting with "_".
func (d *Detection) ofNames(x *CondOf) []string {
	var out []string
	for _, s := range d.Searches {
		if x.Pattern == "them" {
			if !strings.HasPrefix(s.Name, "_") {
				out = append(out, s.Name)
			}
			continue
		}
		if ok, _ := path.Match(x.Pattern, s.Name); ok {
			out = append(out, s.Name)
		}
	}
	return out
}
