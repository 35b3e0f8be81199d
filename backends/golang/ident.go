package golang

import (
	"go/token"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rulec/rulec/ir"
)

// words splits s into its runs of ASCII letters and digits; everything else
// (dots, dashes, @, $, :, spaces, non-ASCII) separates words.
func words(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9')
	})
}

// camel joins words, each with its first letter upper-cased.
func camel(ws []string) string {
	var b strings.Builder
	for _, w := range ws {
		b.WriteString(strings.ToUpper(w[:1]))
		b.WriteString(w[1:])
	}
	return b.String()
}

// namer hands out unique identifiers.
type namer struct{ taken map[string]bool }

func newNamer(reserved ...string) *namer {
	n := &namer{taken: map[string]bool{}}
	for _, r := range reserved {
		n.taken[r] = true
	}
	return n
}

// name returns base, or base2, base3... when taken. fold compares
// case-insensitively (for file names).
func (n *namer) name(base string, fold bool) string {
	key := func(s string) string {
		if fold {
			return strings.ToLower(s)
		}
		return s
	}
	cand := base
	for i := 2; n.taken[key(cand)]; i++ {
		cand = base + strconv.Itoa(i)
	}
	n.taken[key(cand)] = true
	return cand
}

// uuid is the form of Sigma's rule IDs.
var uuid = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// nameSource is what a rule's function and file are named after: its ID,
// or its title when the ID is a UUID (a Sigma rule's), which names nothing
// a reader recognizes.
func nameSource(r *ir.Rule) string {
	if uuid.MatchString(r.ID) && len(words(r.Title)) > 0 {
		return r.Title
	}
	return r.ID
}

// exportedIdent derives an exported Go identifier from a rule ID.
func exportedIdent(id string) string {
	s := camel(words(id))
	if s == "" || !unicode.IsLetter(rune(s[0])) {
		s = "Rule" + s
	}
	return s
}

// fileBase derives a file name stem (lower case, words joined by "_").
// Callers append "_rule.go", a suffix that is never a build constraint.
func fileBase(id string) string {
	ws := words(id)
	if len(ws) == 0 {
		return "rule"
	}
	return strings.ToLower(strings.Join(ws, "_"))
}

// ValidPackageName reports whether name can be a generated package's name.
func ValidPackageName(name string) bool {
	return token.IsIdentifier(name) && name != "_" && !strings.ContainsFunc(name, func(r rune) bool { return r >= utf8.RuneSelf })
}

// commentText makes s safe inside a // comment: every character that is not
// printable (newlines above all, which would end the comment) is written as
// its Go escape, and invalid UTF-8 as \xNN.
func commentText(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteString(`\x` + strconv.FormatUint(uint64(s[i]), 16))
		case r == ' ' || unicode.IsPrint(r) && r != '\u2028' && r != '\u2029':
			b.WriteString(s[i : i+size])
		default:
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
		}
		i += size
	}
	return b.String()
}
