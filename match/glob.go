package match

import (
	"strings"
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

// Range is an inclusive rune range of a character class.
type Range struct{ Lo, Hi rune }

// GlobPart is one piece of a glob pattern, split by the generator so that
// nothing rescans the pattern at match time.
type GlobPart struct {
	Kind    PartKind
	Text    string  // PartLit
	Negated bool    // PartClass: [!...]
	Ranges  []Range // PartClass
}

// Glob matches whole strings, by characters (runes), case-sensitively; "*"
// also crosses "." and "/".
type Glob struct{ Parts []GlobPart }

// Any reports whether some string value matches the pattern.
func (g *Glob) Any(vs []Value) bool {
	for i := range vs {
		if vs[i].Kind == KindString && matchParts(g.Parts, vs[i].Str) {
			return true
		}
	}
	return false
}

// Match reports whether s matches the whole pattern.
func (g *Glob) Match(s string) bool { return matchParts(g.Parts, s) }

func matchParts(parts []GlobPart, s string) bool {
	for len(parts) > 0 {
		p := &parts[0]
		switch p.Kind {
		case PartLit:
			if !strings.HasPrefix(s, p.Text) {
				return false
			}
			s = s[len(p.Text):]
		case PartAnyOne, PartClass:
			r, size := utf8.DecodeRuneInString(s)
			if size == 0 || (p.Kind == PartClass && !p.classMatch(r)) {
				return false
			}
			s = s[size:]
		case PartAnyRun:
			rest := parts[1:]
			if len(rest) == 0 {
				return true
			}
			for i := 0; ; {
				if matchParts(rest, s[i:]) {
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

func (p *GlobPart) classMatch(r rune) bool {
	in := false
	for _, rg := range p.Ranges {
		if r >= rg.Lo && r <= rg.Hi {
			in = true
			break
		}
	}
	return in != p.Negated
}
