package parser

import (
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/rulec/rulec/ir"
)

// Reading the Tests list of a flattened rule body.

// readTests reads every entry of the Tests chunk; an entry that fails is
// reported and the others are still read.
func (p *pageReader) readTests(c *bodyChunk) {
	lines := c.lines[1:]
	_, rest, _ := yamlKey(c.lines[0].text)
	if v := stripComment(rest); v != "" && v != "[]" {
		p.errorf(ir.Pos{Line: c.lines[0].no, Col: 1}, ir.CodeTest, "Tests must be a list of tests")
		return
	}
	var items [][]pageLine
	depth := 0
	for i, ln := range lines {
		// "- Name:" cannot occur inside a flow collection, so it starts a
		// test even after a log whose brackets do not balance.
		if isTestStart(lines, i) && (depth <= 0 || seqItemBody(ln.text) != "") {
			items = append(items, nil)
			depth = 0
		}
		if len(items) == 0 {
			if strings.TrimSpace(ln.text) != "" && !strings.HasPrefix(ln.text, "#") {
				p.errorf(ir.Pos{Line: ln.no, Col: 1}, ir.CodeTest, "Tests: expected a test entry (\"- Name:\" or \"- ExpectedResult:\"), found %q", clip(ln.text))
			}
			continue
		}
		items[len(items)-1] = append(items[len(items)-1], ln)
		depth += flowDepth(ln.text)
	}
	// Flow-style logs first: they show how this page's block-style logs nest.
	schema := cloneSchema(schemaFor(p.r.LogTypes))
	if schemaFor(p.r.LogTypes) == nil {
		schema = nil
	}
	tests := make([]*ir.Test, len(items))
	for i, it := range items {
		if !hasBlockLog(it) {
			tests[i] = p.readTest(it, nil)
			if tests[i] != nil {
				if schema == nil {
					schema = newSchemaNode()
				}
				learnSchema(schema, tests[i].Log)
			}
		}
	}
	for i, it := range items {
		if hasBlockLog(it) {
			tests[i] = p.readTest(it, schema)
		}
		if tests[i] != nil {
			p.r.Tests = append(p.r.Tests, *tests[i])
		}
	}
}

// hasBlockLog reports whether a Tests entry holds a block-style log: "Log:"
// with nothing after it and no flow collection on the next line.
func hasBlockLog(lines []pageLine) bool {
	for i, ln := range lines {
		t := ln.text
		if i == 0 {
			t = seqItemBody(t)
		}
		k, rest, ok := yamlKey(t)
		if ok && k == "Log" && stripComment(rest) == "" {
			return i+1 < len(lines) && !opensFlow(lines[i+1].text)
		}
	}
	return false
}

// logEnd returns the index of the first line at or after i that ends a
// block-style log: a test key the entry has not used yet. "Name:" may be a
// log field; it ends the log only when nothing of the log follows it.
func logEnd(lines []pageLine, i int, seen map[string]bool) int {
	for j := i; j < len(lines); j++ {
		k, _, ok := yamlKey(lines[j].text)
		if !ok || !testKeys[k] || seen[k] {
			continue
		}
		if k != "Name" {
			return j
		}
		if j+1 == len(lines) {
			return j
		}
		if nk, _, ok := yamlKey(lines[j+1].text); ok && testKeys[nk] && !seen[nk] && nk != "Name" {
			return j
		}
	}
	return len(lines)
}

// readTest rebuilds and reads one Tests entry.
func (p *pageReader) readTest(lines []pageLine, schema *schemaNode) *ir.Test {
	indent := make([]int, len(lines))
	seen := map[string]bool{}
	var notes []string
	blockLog := false
	at := ir.Pos{Line: lines[0].no, Col: 1}
	for i := 0; i < len(lines); i++ {
		t := lines[i].text
		if i == 0 {
			t = seqItemBody(t)
			if t == "" {
				continue
			}
		} else {
			indent[i] = 2
		}
		key, rest, ok := yamlKey(t)
		if !ok || !testKeys[key] || seen[key] {
			// A stray line: the YAML parse below reports it.
			continue
		}
		seen[key] = true
		v := stripComment(rest)
		switch {
		case key == "Log" && v == "" && i+1 < len(lines) && opensFlow(lines[i+1].text):
			i = flowBlock(lines, indent, i+1, 0, 4)
		case key == "Log" && v == "":
			end := logEnd(lines, i+1, seen)
			rel, why := rebuildBlockLog(lines[i+1:end], schema)
			for j, r := range rel {
				indent[i+1+j] = 4 + r
			}
			blockLog = true
			notes = append(notes, why...)
			i = end - 1
		case key == "Mocks":
			i = p.mocksBlock(lines, indent, i+1, seen)
		case opensFlow(v) && flowDepth(v) > 0:
			i = flowBlock(lines, indent, i+1, flowDepth(v), 4)
		case isBlockScalarHeader(v) || unterminatedQuote(v) || (v != "" && key != "Log"):
			// A scalar, possibly wrapped over the next lines.
			for i+1 < len(lines) {
				nk, _, ok := yamlKey(lines[i+1].text)
				if ok && testKeys[nk] && !seen[nk] {
					break
				}
				if !isBlockScalarHeader(v) && !unterminatedQuote(v) && (ok || isSeqItem(lines[i+1].text)) {
					break
				}
				i++
				indent[i] = 4
			}
		}
	}
	n, err := parseChunk(lines, indent)
	if err != nil {
		return p.brokenTest(lines, err, at)
	}
	if n.Kind != yaml.SequenceNode || len(n.Content) != 1 || n.Content[0].Kind != yaml.MappingNode {
		p.errorf(at, ir.CodeTest, "a test must be a mapping with Name, ExpectedResult and Log")
		return nil
	}
	test := &ir.Test{At: at, Confidence: ir.ConfidenceHigh}
	m := n.Content[0]
	var hasExpected, hasLog bool
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		vat := nodePos(lines, indent, v)
		switch k.Value {
		case "Name":
			test.Name = v.Value
		case "ExpectedResult":
			hasExpected = true
			if v.Kind != yaml.ScalarNode || v.Decode(&test.Expected) != nil {
				p.errorf(vat, ir.CodeTest, "test %q: ExpectedResult must be true or false", test.Name)
			}
		case "Log":
			hasLog = true
			log, err := nodeJSON(v, newJSONBudget())
			if err != nil {
				p.errorf(vat, ir.CodeLog, "test %q: log: %v", test.Name, err)
			}
			test.Log = log
		case "Mocks":
			test.Note = appendNote(test.Note, "the test mocks Python functions, which the condition does not call")
		case "LogType":
		default:
			p.warnf(nodePos(lines, indent, k), "test %q: unknown key %q", test.Name, k.Value)
		}
	}
	if test.Name == "" {
		test.Name = fmt.Sprintf("test at line %d", at.Line)
	}
	if !hasExpected {
		p.errorf(at, ir.CodeTest, "test %q has no ExpectedResult", test.Name)
	}
	if !hasLog {
		p.errorf(at, ir.CodeTest, "test %q has no Log", test.Name)
	}
	if blockLog && len(notes) > 0 {
		test.Confidence = ir.ConfidenceLow
		test.Note = appendNote(test.Note, "the page lost this log's nesting and the rebuild is ambiguous: "+strings.Join(notes, "; "))
	}
	return test
}

// brokenTest reports a test entry that does not parse and keeps what its
// lines show (name, expectation), so the rule still lists the test.
func (p *pageReader) brokenTest(lines []pageLine, err error, at ir.Pos) *ir.Test {
	test := &ir.Test{At: at, Confidence: ir.ConfidenceLow}
	logAt := -1
	for i, ln := range lines {
		t := ln.text
		if i == 0 {
			t = seqItemBody(t)
		}
		k, rest, ok := yamlKey(t)
		switch {
		case !ok:
		case k == "Name" && test.Name == "":
			test.Name = unquoteScalar(stripComment(rest))
		case k == "ExpectedResult":
			test.Expected = strings.EqualFold(stripComment(rest), "true")
		case k == "Log" && logAt < 0:
			logAt = i
		}
	}
	if test.Name == "" {
		test.Name = fmt.Sprintf("test at line %d", at.Line)
	}
	idx, msg := yamlErrorLine(err, len(lines))
	pos := at
	if idx >= 0 {
		pos = ir.Pos{Line: lines[idx].no, Col: 1}
		if strings.HasPrefix(msg, "did not find expected ','") {
			// yaml.v3 points at the collection's opening bracket; a
			// member without its trailing comma is the usual culprit.
			if j := missingComma(lines[idx:]); j >= 0 {
				ln := lines[idx+j]
				pos = ir.Pos{Line: ln.no, Col: ln.lead + len(ln.text) + 1}
				msg += " (a ',' is missing at the end of this line)"
			}
		}
	}
	if logAt >= 0 && idx >= logAt {
		p.errorf(pos, ir.CodeLog, "test %q: log does not parse: %s", test.Name, msg)
		test.Note = "the log does not parse"
	} else {
		p.errorf(pos, ir.CodeTest, "test %q does not parse as YAML: %s", test.Name, msg)
		test.Note = "the test does not parse"
	}
	return test
}

// missingComma returns the first line of a flow block that ends a member
// without a comma although another member follows, or -1.
func missingComma(lines []pageLine) int {
	d := 0
	for j := 0; j+1 < len(lines); j++ {
		t := strings.TrimSpace(stripComment(lines[j].text))
		d += flowDepth(lines[j].text)
		if d <= 0 {
			return -1
		}
		next := strings.TrimSpace(lines[j+1].text)
		if t == "" || next == "" || strings.HasSuffix(t, ",") || strings.HasSuffix(t, ":") ||
			strings.HasSuffix(t, "{") || strings.HasSuffix(t, "[") || next[0] == '}' || next[0] == ']' {
			continue
		}
		return j
	}
	return -1
}

func appendNote(note, more string) string {
	if note == "" {
		return more
	}
	return note + "; " + more
}

// flowBlock indents lines from "from" on at "at" until the bracket balance,
// which starts at d, returns to zero; it returns the last line.
func flowBlock(lines []pageLine, indent []int, from, d, at int) int {
	for i := from; i < len(lines); i++ {
		indent[i] = at
		d += flowDepth(lines[i].text)
		if d <= 0 {
			return i
		}
	}
	return len(lines) - 1
}

// mocksBlock indents a test's Mocks list: "- objectName:" entries, their
// "returnValue:" and any block scalar lines below it.
func (p *pageReader) mocksBlock(lines []pageLine, indent []int, i int, seen map[string]bool) int {
	inScalar := false
	for ; i < len(lines); i++ {
		t := lines[i].text
		k, rest, ok := yamlKey(t)
		if ok && testKeys[k] && !seen[k] {
			return i - 1
		}
		switch {
		case isSeqItem(t):
			indent[i] = 2
			_, rest, _ = yamlKey(seqItemBody(t))
			inScalar = isBlockScalarHeader(stripComment(rest))
		case ok && !inScalar:
			indent[i] = 4
			inScalar = isBlockScalarHeader(stripComment(rest))
		case ok && (k == "objectName" || k == "returnValue"):
			indent[i] = 4
			inScalar = isBlockScalarHeader(stripComment(rest))
		default:
			indent[i] = 6
		}
	}
	return len(lines) - 1
}
