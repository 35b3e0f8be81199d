package parser

import (
	"strings"
)

// Line shapes of flattened YAML. The catalog strips every line's leading
// whitespace, so the reader classifies lines by their text alone.

// yamlKey splits a "key: rest" line. It accepts plain keys and single- or
// double-quoted keys; rest is what follows the colon, trimmed, with any
// comment still attached.
func yamlKey(s string) (key, rest string, ok bool) {
	if s == "" {
		return "", "", false
	}
	switch s[0] {
	case '"', '\'':
		end := quotedEnd(s)
		if end < 0 || end >= len(s) || s[end] != ':' {
			return "", "", false
		}
		if end+1 < len(s) && s[end+1] != ' ' && s[end+1] != '\t' {
			return "", "", false
		}
		k, ok := unquoteYAML(s[:end])
		if !ok {
			return "", "", false
		}
		return k, strings.TrimSpace(s[end+1:]), true
	case '-', '?', ':':
		if len(s) == 1 || s[1] == ' ' || s[1] == '\t' {
			return "", "", false
		}
	case '[', ']', '{', '}', ',', '#', '&', '*', '!', '|', '>', '%', '@', '`':
		return "", "", false
	}
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ':':
			if i+1 == len(s) || s[i+1] == ' ' || s[i+1] == '\t' {
				k := strings.TrimRight(s[:i], " \t")
				if k == "" {
					return "", "", false
				}
				return k, strings.TrimSpace(s[i+1:]), true
			}
		case '#':
			if i > 0 && (s[i-1] == ' ' || s[i-1] == '\t') {
				return "", "", false
			}
		}
	}
	return "", "", false
}

// quotedEnd returns the index just past the quoted string that starts s, or -1.
func quotedEnd(s string) int {
	q := s[0]
	for i := 1; i < len(s); i++ {
		switch {
		case q == '"' && s[i] == '\\':
			i++
		case s[i] == q:
			if q == '\'' && i+1 < len(s) && s[i+1] == '\'' {
				i++
				continue
			}
			return i + 1
		}
	}
	return -1
}

// unquoteYAML decodes a YAML single- or double-quoted scalar.
func unquoteYAML(s string) (string, bool) {
	if len(s) < 2 {
		return "", false
	}
	if s[0] == '\'' {
		return strings.ReplaceAll(s[1:len(s)-1], "''", "'"), true
	}
	var v string
	if err := yamlUnmarshalScalar(s, &v); err != nil {
		return "", false
	}
	return v, true
}

// isSeqItem reports whether s is a block sequence entry ("-" or "- x").
func isSeqItem(s string) bool {
	return s == "-" || strings.HasPrefix(s, "- ") || strings.HasPrefix(s, "-\t")
}

// seqItemBody returns what follows the "- " of a sequence entry.
func seqItemBody(s string) string {
	if s == "-" {
		return ""
	}
	return strings.TrimSpace(s[1:])
}

// stripComment removes a trailing "# comment" that sits outside quotes.
func stripComment(s string) string {
	var quote byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		if quote != 0 {
			if quote == '"' && c == '\\' {
				i++
			} else if c == quote {
				quote = 0
			}
			continue
		}
		switch c {
		case '"', '\'':
			// A quote opens a string only at the start of a scalar.
			if i == 0 || s[i-1] == ' ' || s[i-1] == '[' || s[i-1] == '{' || s[i-1] == ',' || s[i-1] == ':' {
				quote = c
			}
		case '#':
			if i == 0 || s[i-1] == ' ' || s[i-1] == '\t' {
				return strings.TrimRight(s[:i], " \t")
			}
		}
	}
	return s
}

// isBlockScalarHeader reports whether v (a value without its comment) opens a
// literal or folded block scalar: "|", ">", "|-", ">+2" and so on.
func isBlockScalarHeader(v string) bool {
	if v == "" || (v[0] != '|' && v[0] != '>') {
		return false
	}
	for _, c := range v[1:] {
		if c != '-' && c != '+' && (c < '1' || c > '9') {
			return false
		}
	}
	return true
}

// flowDepth returns the bracket balance of s, ignoring quoted strings and a
// trailing comment.
func flowDepth(s string) int {
	d := 0
	var quote byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		if quote != 0 {
			if c == '\\' && quote == '"' {
				i++
			} else if c == quote {
				quote = 0
			}
			continue
		}
		switch c {
		case '"', '\'':
			if i == 0 || strings.IndexByte(" \t[{,:", s[i-1]) >= 0 {
				quote = c
			}
		case '#':
			if i == 0 || s[i-1] == ' ' || s[i-1] == '\t' {
				return d
			}
		case '{', '[':
			d++
		case '}', ']':
			d--
		}
	}
	return d
}

// opensFlow reports whether a value starts a flow collection.
func opensFlow(v string) bool { return v != "" && (v[0] == '{' || v[0] == '[') }

// unterminatedQuote reports whether v starts a quoted scalar that does not end
// on this line (a multi-line quoted string).
func unterminatedQuote(v string) bool {
	if v == "" || (v[0] != '"' && v[0] != '\'') {
		return false
	}
	return quotedEnd(v) < 0
}
