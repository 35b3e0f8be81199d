package ir

import (
	"fmt"
	"sort"
	"strings"
)

// Pos is a 1-based line and byte column inside the file that holds a rule.
// The zero Pos means "no position".
type Pos struct {
	Line int
	Col  int
}

// IsValid reports whether p points somewhere.
func (p Pos) IsValid() bool { return p.Line > 0 }

func (p Pos) String() string {
	if !p.IsValid() {
		return "-"
	}
	return fmt.Sprintf("%d:%d", p.Line, p.Col)
}

// Error codes are short stable tokens that tests and machines can assert on.
const (
	CodeSyntax      = "syntax"      // the condition or page does not parse
	CodeUnknownOp   = "unknown-op"  // an operator name rulec does not know
	CodeOperand     = "operand"     // an operand is missing, extra, or of the wrong kind
	CodeRegex       = "regex"       // an invalid RE2 pattern
	CodeNetwork     = "network"     // an invalid CIDR network
	CodePage        = "page"        // a catalog page lacks a section or is malformed
	CodeLog         = "log"         // a test log does not parse
	CodeTest        = "test"        // a test entry is malformed
	CodeImperative  = "imperative"  // the rule's logic is Python only
	CodeUnsupported = "unsupported" // a backend cannot express a construct
	CodeLint        = "lint"        // a warning about a suspicious but valid rule
	CodeDataModel   = "data-model"  // a data-model name rulec cannot resolve to one log path
	CodeSchema      = "schema"      // a log-type schema file is malformed
	CodeLogSchema   = "log-schema"  // a test log contradicts its log type's schema
)

// Error is one positioned diagnostic. Its text is the one-line form editors
// understand: "file:line:col: message".
type Error struct {
	File    string
	Pos     Pos
	Code    string
	Msg     string
	Warning bool // lint finding; does not fail a command
}

func (e *Error) Error() string {
	var b strings.Builder
	if e.File != "" {
		b.WriteString(e.File)
		b.WriteByte(':')
	}
	if e.Pos.IsValid() {
		fmt.Fprintf(&b, "%d:%d:", e.Pos.Line, e.Pos.Col)
	}
	if b.Len() > 0 {
		b.WriteByte(' ')
	}
	if e.Warning {
		b.WriteString("warning: ")
	}
	// Diagnostics are one line whatever text they quote (a rule ID or a
	// value holding a newline), so editors and scripts can split on lines.
	b.WriteString(oneLine.Replace(e.Msg))
	return b.String()
}

var oneLine = strings.NewReplacer("\r\n", `\n`, "\n", `\n`, "\r", `\r`)

// Errorf builds an *Error.
func Errorf(file string, pos Pos, code, format string, args ...any) *Error {
	return &Error{File: file, Pos: pos, Code: code, Msg: fmt.Sprintf(format, args...)}
}

// Unsupported reports that target cannot express construct at pos in rule.
func Unsupported(r *Rule, pos Pos, target, construct string) *Error {
	id := ""
	if r != nil {
		id = r.ID
	}
	file := ""
	if r != nil {
		file = r.File
	}
	return &Error{File: file, Pos: pos, Code: CodeUnsupported,
		Msg: fmt.Sprintf("rule %s: %s: %s is not supported", id, target, construct)}
}

// ErrorList collects diagnostics; it sorts by file and position.
type ErrorList []*Error

// Add appends e.
func (l *ErrorList) Add(e *Error) { *l = append(*l, e) }

// Addf appends a new error.
func (l *ErrorList) Addf(file string, pos Pos, code, format string, args ...any) {
	l.Add(Errorf(file, pos, code, format, args...))
}

// Sort orders the list by file, line and column, keeping insertion order for ties.
func (l ErrorList) Sort() {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i], l[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Pos.Line != b.Pos.Line {
			return a.Pos.Line < b.Pos.Line
		}
		return a.Pos.Col < b.Pos.Col
	})
}

// Errors returns the entries that are not warnings.
func (l ErrorList) Errors() ErrorList {
	var out ErrorList
	for _, e := range l {
		if !e.Warning {
			out = append(out, e)
		}
	}
	return out
}

// Warnings returns the entries that are warnings.
func (l ErrorList) Warnings() ErrorList {
	var out ErrorList
	for _, e := range l {
		if e.Warning {
			out = append(out, e)
		}
	}
	return out
}

// Err returns nil when the list holds no error (warnings do not count), and
// the list itself otherwise.
func (l ErrorList) Err() error {
	if len(l.Errors()) == 0 {
		return nil
	}
	return l.Errors()
}

func (l ErrorList) Error() string {
	switch len(l) {
	case 0:
		return "no errors"
	case 1:
		return l[0].Error()
	}
	var b strings.Builder
	for i, e := range l {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}
