package match

import (
	"bytes"
	"encoding/json"
	"strconv"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// unquote appends the decoded text of a JSON string's raw bytes (escapes
// already validated) to dst, exactly as encoding/json decodes it: invalid
// UTF-8 and lone surrogates become U+FFFD.
func unquote(dst, raw []byte) []byte {
	for r := 0; r < len(raw); {
		c := raw[r]
		switch {
		case c == '\\':
			switch raw[r+1] {
			case '"', '\\', '/', '\'':
				dst = append(dst, raw[r+1])
				r += 2
			case 'b':
				dst = append(dst, '\b')
				r += 2
			case 'f':
				dst = append(dst, '\f')
				r += 2
			case 'n':
				dst = append(dst, '\n')
				r += 2
			case 'r':
				dst = append(dst, '\r')
				r += 2
			case 't':
				dst = append(dst, '\t')
				r += 2
			case 'u':
				rr := getu4(raw[r:])
				r += 6
				if utf16.IsSurrogate(rr) {
					if r+6 <= len(raw) && raw[r] == '\\' && raw[r+1] == 'u' {
						if dec := utf16.DecodeRune(rr, getu4(raw[r:])); dec != unicode.ReplacementChar {
							dst = utf8.AppendRune(dst, dec)
							r += 6
							break
						}
					}
					rr = unicode.ReplacementChar
				}
				dst = utf8.AppendRune(dst, rr)
			}
		case c < utf8.RuneSelf:
			dst = append(dst, c)
			r++
		default:
			rr, size := utf8.DecodeRune(raw[r:])
			if rr == utf8.RuneError && size == 1 {
				dst = utf8.AppendRune(dst, unicode.ReplacementChar)
			} else {
				dst = append(dst, raw[r:r+size]...)
			}
			r += size
		}
	}
	return dst
}

func getu4(s []byte) rune {
	var r rune
	for _, c := range s[2:6] {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			c = c - 'A' + 10
		}
		r = r*16 + rune(c)
	}
	return r
}

// slowPath refills the values from a full decode, for events whose objects
// repeat a key the schema needs (encoding/json keeps the last occurrence).
func (e *Event) slowPath() error {
	dec := json.NewDecoder(bytes.NewReader(e.data))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		return &SyntaxError{Msg: err.Error()}
	}
	e.found = e.found[:0]
	for i, p := range e.s.paths {
		e.lookupDoc(doc, p, int32(i))
	}
	return nil
}

func (e *Event) lookupDoc(v any, path []string, slot int32) {
	switch x := v.(type) {
	case nil:
		return
	case []any:
		for _, el := range x {
			e.lookupDoc(el, path, slot)
		}
		return
	}
	if len(path) == 0 {
		e.found = append(e.found, found{slot: slot, v: ValueOf(v)})
		return
	}
	if m, ok := v.(map[string]any); ok {
		if child, ok := m[path[0]]; ok {
			e.lookupDoc(child, path[1:], slot)
		}
	}
}

// ValueOf converts a decoded JSON scalar or object (as encoding/json with
// UseNumber produces) into a Value.
func ValueOf(v any) Value {
	switch x := v.(type) {
	case string:
		return Value{Kind: KindString, Str: x}
	case json.Number:
		f, _ := parseFloat(string(x))
		return Value{Kind: KindNumber, Str: string(x), Num: f}
	case float64:
		return Value{Kind: KindNumber, Str: strconv.FormatFloat(x, 'g', -1, 64), Num: x}
	case bool:
		return Value{Kind: KindBool, Bool: x}
	case map[string]any:
		raw, _ := json.Marshal(x)
		return Value{Kind: KindObject, Bool: len(x) > 0, Raw: string(raw)}
	}
	return Value{}
}
