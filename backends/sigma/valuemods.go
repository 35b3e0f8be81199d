package sigma

import (
	"encoding/base64"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/rulec/rulec/ir"
)

// Value modifiers turn each string value into one or more other strings
// before matching: windash, base64, base64offset, wide (utf16le), utf16be
// and utf16. They are expanded here, when the rule is read, exactly as
// pySigma's modifiers.py does (pySigma 0.11's SigmaWindowsDashModifier,
// SigmaBase64Modifier, SigmaBase64OffsetModifier, SigmaWideModifier,
// SigmaUTF16BEModifier, SigmaUTF16Modifier), so that the evaluator and the
// IR only ever see plain values. Modifiers apply in the order written; a
// value that expands into several is their disjunction, also under |all
// (pySigma's SigmaExpansion).
var valueModifiers = map[string]func(fm *FieldMatcher, p *pattern) ([]*pattern, *posError){
	"windash":      windash,
	"base64":       base64Plain,
	"base64offset": base64Offset,
	"wide":         utf16Parts(utf16LE, ""),
	"utf16le":      utf16Parts(utf16LE, ""), // the specification's name for wide
	"utf16be":      utf16Parts(utf16BE, ""),
	"utf16":        utf16Parts(utf16LE, "\ufeff"),
}

var reFlagNames = map[string]string{"ignorecase": "i", "multiline": "m", "dotall": "s"}

// maxExpansion bounds how many values one value may expand into.
const maxExpansion = 1024

// expandValueModifiers applies a field matcher's value modifiers and removes
// them from Mods, leaving the matching modifiers for compile. It returns the
// matchers that replace fm: fm itself, or one per value when |all meets a
// value that expanded into several (each must hold, and each is the
// disjunction of its expansion).
func expandValueModifiers(fm *FieldMatcher) ([]*FieldMatcher, *posError) {
	// pySigma's long names of the re flags.
	for i, m := range fm.Mods {
		if short, ok := reFlagNames[m]; ok {
			fm.Mods[i] = short
		}
	}
	if i := slices.Index(fm.Mods, "fieldref"); i > 0 {
		for _, m := range fm.Mods[:i] {
			if m == "contains" || m == "startswith" || m == "endswith" || valueModifiers[m] != nil {
				return nil, &posError{at: fm.At, code: ir.CodeUnsupported, msg: fmt.Sprintf("modifiers %s of %s: fieldref must come first (pySigma refuses a field reference that %s has changed)", strings.Join(fm.Mods, "|"), fm.Field, m)}
			}
		}
	}
	if slices.Contains(fm.Mods, "cased") {
		for _, v := range fm.Values {
			if v.Kind != ValString {
				return nil, &posError{at: v.At, code: ir.CodeSyntax, msg: fmt.Sprintf("cased needs string values, not %s (pySigma refuses it)", v.Str)}
			}
		}
	}
	if !slices.ContainsFunc(fm.Mods, func(m string) bool { return valueModifiers[m] != nil }) {
		return []*FieldMatcher{fm}, nil
	}
	fail := func(at ir.Pos, format string, args ...any) *posError {
		return &posError{at: at, code: ir.CodeUnsupported, msg: fmt.Sprintf(format, args...)}
	}
	expansions := make([][]*pattern, len(fm.Values))
	for i, v := range fm.Values {
		if v.Kind != ValString {
			return nil, &posError{at: v.At, code: ir.CodeSyntax, msg: fmt.Sprintf("modifiers %s need string values, not %s", strings.Join(fm.Mods, "|"), v.Str)}
		}
		expansions[i] = []*pattern{parsePattern(v.Str)}
	}
	var kept []string
	for _, m := range fm.Mods {
		switch m {
		case "contains", "startswith", "endswith":
			// Applied now, in order, so that a later value modifier sees the
			// wildcards (compile applies them again, which changes nothing).
			for _, ps := range expansions {
				for j, p := range ps {
					ps[j] = p.wrap(m != "startswith", m != "endswith")
				}
			}
			kept = append(kept, m)
			continue
		case "cased", "all":
			kept = append(kept, m)
			continue
		}
		mod := valueModifiers[m]
		if mod == nil {
			return nil, fail(fm.At, "modifiers %s of %s: %q does not apply to a value that %s has changed", strings.Join(fm.Mods, "|"), fm.Field, m, firstValueModifier(fm.Mods))
		}
		for i, ps := range expansions {
			var out []*pattern
			for _, p := range ps {
				more, err := mod(fm, p)
				if err != nil {
					err.at = fm.Values[i].At
					return nil, err
				}
				out = append(out, more...)
			}
			if len(out) > maxExpansion {
				return nil, fail(fm.Values[i].At, "modifier %s expands %q into %d values (at most %d are read)", m, fm.Values[i].Str, len(out), maxExpansion)
			}
			expansions[i] = out
		}
	}
	valuesOf := func(i int) []Value {
		var vs []Value
		for _, p := range expansions[i] {
			vs = append(vs, Value{Kind: ValString, Str: p.sigmaText(), At: fm.Values[i].At})
		}
		return vs
	}
	all := slices.Contains(kept, "all")
	split := all && slices.ContainsFunc(expansions, func(ps []*pattern) bool { return len(ps) > 1 })
	if !split {
		out := *fm
		out.Mods = kept
		out.Values = nil
		for i := range expansions {
			out.Values = append(out.Values, valuesOf(i)...)
		}
		return []*FieldMatcher{&out}, nil
	}
	noAll := slices.DeleteFunc(slices.Clone(kept), func(m string) bool { return m == "all" })
	var out []*FieldMatcher
	for i := range expansions {
		one := *fm
		one.Mods = noAll
		one.Values = valuesOf(i)
		out = append(out, &one)
	}
	return out, nil
}

func firstValueModifier(mods []string) string {
	for _, m := range mods {
		if valueModifiers[m] != nil {
			return m
		}
	}
	return ""
}

// sigmaText writes a pattern back as a Sigma string value, escaping the
// literal "*", "?" and "\".
func (p *pattern) sigmaText() string {
	var b strings.Builder
	for _, part := range p.parts {
		switch part.kind {
		case ir.PartLit:
			for _, r := range part.text {
				if r == '*' || r == '?' || r == '\\' {
					b.WriteByte('\\')
				}
				b.WriteRune(r)
			}
		case ir.PartAnyRun:
			b.WriteByte('*')
		case ir.PartAnyOne:
			b.WriteByte('?')
		}
	}
	return b.String()
}

// Windows dashes: pySigma replaces every "-" or "/" that matches the Python
// regular expression \B[-/]\b inside a literal run (so: not after a word
// character, and before one) by each of these, in every combination.
var windashes = []string{"-", "/", "\u2013", "\u2014", "\u2015"}

// isWordRune is Python's \w on str patterns: alphanumeric (str.isalnum:
// letters and numeric characters) or the underscore.
func isWordRune(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || unicode.IsNumber(r)
}

func windash(_ *FieldMatcher, p *pattern) ([]*pattern, *posError) {
	out := []*pattern{{}}
	for _, part := range p.parts {
		if part.kind != ir.PartLit {
			for _, q := range out {
				q.parts = append(q.parts, part)
			}
			continue
		}
		// Split the literal at the dashes to expand.
		var pieces []string // literal, dash, literal, dash, ..., literal
		start := 0
		prevWord := false
		text := part.text
		for i, r := range text {
			if (r == '-' || r == '/') && !prevWord {
				next, _ := utf8.DecodeRuneInString(text[i+1:])
				if i+1 < len(text) && isWordRune(next) {
					pieces = append(pieces, text[start:i], "")
					start = i + 1
				}
			}
			prevWord = isWordRune(r)
		}
		pieces = append(pieces, text[start:])
		for k, piece := range pieces {
			if k%2 == 0 {
				if piece != "" {
					for _, q := range out {
						q.appendLit(piece)
					}
				}
				continue
			}
			var next []*pattern
			for _, q := range out {
				for _, d := range windashes {
					c := &pattern{parts: slices.Clone(q.parts)}
					c.appendLit(d)
					next = append(next, c)
				}
			}
			if len(next) > maxExpansion {
				return nil, &posError{code: ir.CodeUnsupported, msg: fmt.Sprintf("modifier windash expands %q into more than %d values", p.sigmaText(), maxExpansion)}
			}
			out = next
		}
	}
	return out, nil
}

// appendLit appends literal text, merging it with a literal run before it.
func (p *pattern) appendLit(s string) {
	if n := len(p.parts); n > 0 && p.parts[n-1].kind == ir.PartLit {
		p.parts[n-1].text += s
		return
	}
	p.parts = append(p.parts, patPart{kind: ir.PartLit, text: s})
}

// plainBytes is pySigma's bytes(SigmaString) for a value with no wildcard:
// the UTF-8 of its plain text, where a literal "*" or "?" is written back
// escaped (SigmaString.to_plain).
func plainBytes(fm *FieldMatcher, p *pattern, mod string) (string, []byte, *posError) {
	lit, ok := p.literal()
	if !ok {
		return "", nil, &posError{code: ir.CodeSyntax, msg: fmt.Sprintf("modifiers %s of %s: %s of a value with wildcards is not defined (pySigma refuses it)", strings.Join(fm.Mods, "|"), fm.Field, mod)}
	}
	plain := strings.NewReplacer("*", `\*`, "?", `\?`).Replace(lit)
	return lit, []byte(plain), nil
}

func literalPattern(s string) *pattern {
	if s == "" {
		return &pattern{}
	}
	return &pattern{parts: []patPart{{kind: ir.PartLit, text: s}}}
}

func base64Plain(fm *FieldMatcher, p *pattern) ([]*pattern, *posError) {
	_, b, err := plainBytes(fm, p, "base64")
	if err != nil {
		return nil, err
	}
	return []*pattern{literalPattern(base64.StdEncoding.EncodeToString(b))}, nil
}

// base64Offset is pySigma's SigmaBase64OffsetModifier: the value encoded
// after 0, 1 and 2 leading spaces, with the characters that depend on the
// spaces or on what follows the value cut off: for the i-th encoding,
// b64encode(i*b" " + bytes(val))[(0, 2, 3)[i] : (None, -3, -2)[(len(val)+i) % 3]]
// where len(val) counts characters.
func base64Offset(fm *FieldMatcher, p *pattern) ([]*pattern, *posError) {
	lit, b, err := plainBytes(fm, p, "base64offset")
	if err != nil {
		return nil, err
	}
	starts := [3]int{0, 2, 3}
	ends := [3]int{0, -3, -2} // 0: to the end (Python's None)
	n := utf8.RuneCountInString(lit)
	var out []*pattern
	for i := 0; i < 3; i++ {
		enc := base64.StdEncoding.EncodeToString(append([]byte(strings.Repeat(" ", i)), b...))
		lo, hi := starts[i], len(enc)
		if e := ends[(n+i)%3]; e != 0 {
			hi = len(enc) + e
		}
		// Python slicing clamps, and an empty range gives "".
		lo, hi = min(max(lo, 0), len(enc)), min(max(hi, 0), len(enc))
		if hi < lo {
			hi = lo
		}
		out = append(out, literalPattern(enc[lo:hi]))
	}
	return out, nil
}

type byteOrder bool

const (
	utf16LE byteOrder = false
	utf16BE byteOrder = true
)

// utf16Parts is pySigma's wide/utf16be/utf16: each literal run is encoded
// as UTF-16 and the bytes read back as UTF-8 (so "ab" becomes "a\x00b\x00";
// a run whose bytes are not valid UTF-8 is an error, as in pySigma), after
// an optional prefix run (utf16's byte order mark, the character U+FEFF).
func utf16Parts(order byteOrder, prefix string) func(fm *FieldMatcher, p *pattern) ([]*pattern, *posError) {
	return func(fm *FieldMatcher, p *pattern) ([]*pattern, *posError) {
		out := &pattern{}
		if prefix != "" {
			out.parts = append(out.parts, patPart{kind: ir.PartLit, text: prefix})
		}
		for _, part := range p.parts {
			if part.kind != ir.PartLit {
				out.parts = append(out.parts, part)
				continue
			}
			var b []byte
			for _, u := range utf16.Encode([]rune(part.text)) {
				if order == utf16BE {
					b = append(b, byte(u>>8), byte(u))
				} else {
					b = append(b, byte(u), byte(u>>8))
				}
			}
			if !utf8.Valid(b) {
				return nil, &posError{code: ir.CodeUnsupported, msg: fmt.Sprintf("modifiers %s of %s: %q encoded as UTF-16 is not valid UTF-8, which pySigma refuses (only ASCII text is defined)", strings.Join(fm.Mods, "|"), fm.Field, part.text)}
			}
			out.appendLit(string(b))
		}
		return []*pattern{out}, nil
	}
}
