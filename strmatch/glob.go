package strmatch

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// PartKind is the kind of one piece of a glob pattern.
type PartKind uint8

const (
	PartLit    PartKind = iota // literal text
	PartAnyRun                 // * : any run of characters, possibly empty
	PartAnyOne                 // ? : exactly one character
	PartClass                  // [abc], [a-z], [!abc]: one character of a set
)

// ClassRange is an inclusive rune range of a character class.
type ClassRange struct{ Lo, Hi rune }

// GlobPart is one piece of a glob pattern.
type GlobPart struct {
	Kind    PartKind
	Text    string       // PartLit
	Negated bool         // PartClass: [!...]
	Ranges  []ClassRange // PartClass
}

// Glob is a wildcard pattern split once into parts, so backends never rescan
// the source for special characters. Matching is on whole strings, by
// characters (runes), case-sensitive; "*" also crosses "." and "/".
type Glob struct {
	Source string
	Parts  []GlobPart
}

// ParseGlob splits a wildcard pattern. There is no escape character: a
// literal "*", "?" or "[" is written as a one-character class ("[*]"). A "]"
// right after "[" or "[!" is a member of the class.
func ParseGlob(src string) (*Glob, error) {
	g := &Glob{Source: src}
	var lit strings.Builder
	flush := func() {
		if lit.Len() > 0 {
			g.Parts = append(g.Parts, GlobPart{Kind: PartLit, Text: lit.String()})
			lit.Reset()
		}
	}
	for i := 0; i < len(src); {
		c := src[i]
		switch c {
		case '*':
			flush()
			// Runs of stars mean the same as one star.
			if n := len(g.Parts); n == 0 || g.Parts[n-1].Kind != PartAnyRun {
				g.Parts = append(g.Parts, GlobPart{Kind: PartAnyRun})
			}
			i++
		case '?':
			flush()
			g.Parts = append(g.Parts, GlobPart{Kind: PartAnyOne})
			i++
		case '[':
			part, n, err := parseClass(src[i:])
			if err != nil {
				return nil, fmt.Errorf("%v at offset %d of the pattern", err, i)
			}
			// A class of one literal member is just that character.
			if !part.Negated && len(part.Ranges) == 1 && part.Ranges[0].Lo == part.Ranges[0].Hi {
				lit.WriteRune(part.Ranges[0].Lo)
			} else {
				flush()
				g.Parts = append(g.Parts, part)
			}
			i += n
		default:
			r, size := utf8.DecodeRuneInString(src[i:])
			if r == utf8.RuneError && size == 1 {
				return nil, fmt.Errorf("invalid UTF-8 at offset %d of the pattern", i)
			}
			lit.WriteString(src[i : i+size])
			i += size
		}
	}
	flush()
	return g, nil
}

func parseClass(s string) (GlobPart, int, error) {
	part := GlobPart{Kind: PartClass}
	i := 1
	if i < len(s) && s[i] == '!' {
		part.Negated = true
		i++
	}
	first := true
	for {
		if i >= len(s) {
			return part, 0, fmt.Errorf("unterminated character class")
		}
		if s[i] == ']' && !first {
			i++
			break
		}
		first = false
		lo, size := utf8.DecodeRuneInString(s[i:])
		i += size
		hi := lo
		if i+1 < len(s) && s[i] == '-' && s[i+1] != ']' {
			r, size := utf8.DecodeRuneInString(s[i+1:])
			hi = r
			i += 1 + size
			if hi < lo {
				return part, 0, fmt.Errorf("invalid range %q-%q in character class", lo, hi)
			}
		}
		part.Ranges = append(part.Ranges, ClassRange{lo, hi})
	}
	return part, i, nil
}

// IsLiteral reports whether the pattern has no special part.
func (g *Glob) IsLiteral() bool {
	for _, p := range g.Parts {
		if p.Kind != PartLit {
			return false
		}
	}
	return true
}

// HasOnlyStars reports whether every special part is "*" (no "?" and no
// class), the form wildcard-only engines such as KQL and SQL LIKE express.
func (g *Glob) HasOnlyStars() bool {
	for _, p := range g.Parts {
		if p.Kind == PartAnyOne || p.Kind == PartClass {
			return false
		}
	}
	return true
}

// Match reports whether s matches the whole pattern.
func (g *Glob) Match(s string) bool { return matchParts(g.Parts, s, false) }

// matchParts matches s, or Lower(s) when lower is set, against the parts.
// Lowering maps each character to one character (an invalid byte stays
// itself), so the positions of s's characters are those of Lower(s)'s and
// the walk over s serves both.
func matchParts(parts []GlobPart, s string, lower bool) bool {
	for len(parts) > 0 {
		p := parts[0]
		switch p.Kind {
		case PartLit:
			if !lower {
				if !strings.HasPrefix(s, p.Text) {
					return false
				}
				s = s[len(p.Text):]
				break
			}
			n, ok := prefixLower(s, p.Text)
			if !ok {
				return false
			}
			s = s[n:]
		case PartAnyOne, PartClass:
			r, size := utf8.DecodeRuneInString(s)
			if size == 0 {
				return false
			}
			if lower {
				r = unicode.ToLower(r)
			}
			if p.Kind == PartClass && !p.ClassMatch(r) {
				return false
			}
			s = s[size:]
		case PartAnyRun:
			rest := parts[1:]
			if len(rest) == 0 {
				return true
			}
			for i := 0; ; {
				if matchParts(rest, s[i:], lower) {
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

// ClassMatch reports whether r is in the class.
func (p GlobPart) ClassMatch(r rune) bool {
	in := false
	for _, rg := range p.Ranges {
		if r >= rg.Lo && r <= rg.Hi {
			in = true
			break
		}
	}
	return in != p.Negated
}

// Regexp returns an RE2 pattern equivalent to the glob, anchored at both ends
// and with "." crossing newlines.
func (g *Glob) Regexp() string {
	var b strings.Builder
	b.WriteString(`(?s)^`)
	for _, p := range g.Parts {
		switch p.Kind {
		case PartLit:
			b.WriteString(regexp.QuoteMeta(p.Text))
		case PartAnyRun:
			b.WriteString(`.*`)
		case PartAnyOne:
			b.WriteString(`.`)
		case PartClass:
			b.WriteString(p.ClassRegexp())
		}
	}
	b.WriteString(`$`)
	return b.String()
}

// ClassRegexp renders a class part as a regular-expression class, every
// member escaped.
func (p GlobPart) ClassRegexp() string {
	var b strings.Builder
	b.WriteByte('[')
	if p.Negated {
		b.WriteByte('^')
	}
	for _, rg := range p.Ranges {
		b.WriteString(classRune(rg.Lo))
		if rg.Hi != rg.Lo {
			b.WriteByte('-')
			b.WriteString(classRune(rg.Hi))
		}
	}
	b.WriteByte(']')
	return b.String()
}

func classRune(r rune) string {
	if r < 0x80 && !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
		if r < 0x20 || r == 0x7f {
			return fmt.Sprintf(`\x%02x`, r)
		}
		return `\` + string(r)
	}
	return string(r)
}

// String returns the pattern in the condition language's glob syntax, which
// ParseGlob reads back to the same parts.
func (g *Glob) String() string {
	var b strings.Builder
	for _, p := range g.Parts {
		switch p.Kind {
		case PartLit:
			for _, r := range p.Text {
				switch r {
				case '*', '?', '[':
					b.WriteByte('[')
					b.WriteRune(r)
					b.WriteByte(']')
				default:
					b.WriteRune(r)
				}
			}
		case PartAnyRun:
			b.WriteByte('*')
		case PartAnyOne:
			b.WriteByte('?')
		case PartClass:
			b.WriteString(p.classString())
		}
	}
	return b.String()
}

// classString writes a class so that ParseGlob reads back the same ranges:
// "]" goes first, "-" last, and "!" never first unless negated.
func (p GlobPart) classString() string {
	var first, middle, last []ClassRange
	for _, rg := range p.Ranges {
		switch {
		case rg.Hi == ']' && rg.Lo != ']':
			// A range cannot end in "]" when written; split off the "]".
			middle = append(middle, ClassRange{rg.Lo, ']' - 1})
			first = append(first, ClassRange{']', ']'})
		case rg.Lo == ']':
			first = append(first, rg)
		case rg.Lo == '-' && rg.Hi == '-':
			last = append(last, rg)
		case rg.Lo == '-':
			// "--z" parses as a range only at the start of the members.
			middle = append([]ClassRange{rg}, middle...)
		default:
			middle = append(middle, rg)
		}
	}
	if len(first) > 1 {
		// Only one range may start with "]"; the others are the single "]".
		keep := first[0]
		for _, rg := range first[1:] {
			if rg.Hi > keep.Hi {
				keep = rg
			}
		}
		first = []ClassRange{keep}
	}
	if len(first) == 0 && !p.Negated && len(middle) > 0 && middle[0].Lo == '!' {
		// Move a leading "!" later so it is not read as negation.
		if len(middle) > 1 {
			middle = append(middle[1:], middle[0])
		} else if len(last) > 0 {
			middle = append(last, middle...)
			last = nil
		}
	}
	var b strings.Builder
	b.WriteByte('[')
	if p.Negated {
		b.WriteByte('!')
	}
	for _, group := range [][]ClassRange{first, middle, last} {
		for _, rg := range group {
			b.WriteRune(rg.Lo)
			if rg.Hi != rg.Lo {
				b.WriteByte('-')
				b.WriteRune(rg.Hi)
			}
		}
	}
	b.WriteByte(']')
	return b.String()
}

// MatchLower reports whether Lower(s) matches the whole pattern, without
// building Lower(s): the match of wildcard~, whose pattern was lowered as
// text before it was parsed (see the condition language's "~" operators).
func (g *Glob) MatchLower(s string) bool { return matchParts(g.Parts, s, true) }
