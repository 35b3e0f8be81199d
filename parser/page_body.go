package parser

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/rulec/rulec/ir"
)

// Reading the "Rule body yaml" section.
//
// The page prints the rule's Panther YAML with every line's indentation
// removed. The reader puts the indentation back from what Panther's schema
// says of each key (a top-level key starts at column 0, a block scalar's
// lines and a Reports framework belong to the key above, a test's keys to its
// "- " entry, a log's keys to their parents as the log-type registry (package schema) knows them) and
// then parses the rebuilt text with yaml.v3. Every rebuilt line is one page
// line, so yaml.v3's positions map straight back into the page.

// topLevelKeys are the keys of Panther's rule schema (page-format.md §2) and
// the shape of their values.
var topLevelKeys = map[string]keyShape{
	"AnalysisType": shapeScalar, "Enabled": shapeBool, "Filename": shapeScalar,
	"Detection": shapeList, "RuleID": shapeScalar, "LogTypes": shapeStrings,
	"ScheduledQueries": shapeStrings, "Severity": shapeSeverity, "DisplayName": shapeScalar,
	"Description": shapeScalar, "Runbook": shapeScalar, "Reference": shapeScalarOrList,
	"References": shapeScalarOrList, "Tags": shapeStrings, "Reports": shapeMap,
	"SummaryAttributes": shapeStrings, "DedupPeriodMinutes": shapeInt, "Threshold": shapeInt,
	"CreateAlert": shapeBool, "OutputIds": shapeStrings, "Status": shapeScalar,
	"InlineFilters": shapeList, "DynamicSeverities": shapeList, "AlertTitle": shapeScalar,
	"AlertContext": shapeList, "GroupBy": shapeList, "OnlyUseBaseRiskScore": shapeBool,
	"CreatedBy": shapeScalar, "BaseVersion": shapeInt, "BaseDetection": shapeScalar,
	"Tests": shapeList,
}

type keyShape uint8

const (
	shapeScalar keyShape = iota
	shapeScalarOrList
	shapeBool
	shapeInt
	shapeSeverity
	shapeList    // a list of anything
	shapeStrings // a list of strings
	shapeMap
)

// testKeys are the keys of one Tests entry.
var testKeys = map[string]bool{"Name": true, "ExpectedResult": true, "Log": true, "Mocks": true, "LogType": true}

// bodyChunk is one top-level key of the rule body with its lines.
type bodyChunk struct {
	key    string
	lines  []pageLine
	indent []int
}

// opensTopLevel reports whether line i starts top-level key key, given what
// the body has shown so far. Keys are unique, so a key seen before cannot
// start again. Where the line could also be text (inside Tests, or after a
// key whose value runs over several lines) the value must have the key's
// shape, so that a log field such as "Severity:" opening a map inside a
// block-style log is not taken for the rule's Severity.
func opensTopLevel(lines []pageLine, i int, seen map[string]bool, strict bool) (string, bool) {
	key, rest, ok := yamlKey(lines[i].text)
	if !ok || seen[key] {
		return "", false
	}
	shape, known := topLevelKeys[key]
	if !known {
		return "", false
	}
	if !strict {
		return key, true
	}
	v := stripComment(rest)
	next := ""
	if i+1 < len(lines) {
		next = lines[i+1].text
	}
	switch shape {
	case shapeScalar, shapeScalarOrList:
		// An empty value continues on the next line ("Reference:" then the URL).
		if v != "" {
			return key, true
		}
		nk, _, nextIsKey := yamlKey(next)
		_, nextTop := topLevelKeys[nk]
		return key, next != "" && !(nextIsKey && nextTop)
	case shapeBool:
		b := strings.ToLower(unquoteScalar(v))
		return key, b == "true" || b == "false"
	case shapeInt:
		_, err := strconv.Atoi(unquoteScalar(v))
		return key, err == nil
	case shapeSeverity:
		_, ok := severityOf(unquoteScalar(v))
		return key, ok
	case shapeList:
		return key, (v == "" && (isSeqItem(next) || next == "")) || strings.HasPrefix(v, "[")
	case shapeStrings:
		if v != "" || next == "" {
			return key, strings.HasPrefix(v, "[") || next == ""
		}
		_, _, itemIsKey := yamlKey(seqItemBody(next))
		return key, isSeqItem(next) && !itemIsKey
	case shapeMap:
		if v != "" {
			return key, strings.HasPrefix(v, "{")
		}
		_, _, nextIsKey := yamlKey(next)
		return key, nextIsKey
	}
	return "", false
}

func severityOf(s string) (ir.Severity, bool) {
	for _, sev := range []ir.Severity{ir.SeverityInfo, ir.SeverityLow, ir.SeverityMedium, ir.SeverityHigh, ir.SeverityCritical} {
		if strings.EqualFold(s, string(sev)) {
			return sev, true
		}
	}
	return "", false
}

// splitBody cuts the body into top-level chunks. Lines before the first key
// are returned as stray.
func splitBody(lines []pageLine) (stray []pageLine, chunks []*bodyChunk) {
	seen := map[string]bool{}
	// Tests is one list: no key after it can end it while tests follow.
	lastTest := -1
	for i := range lines {
		if isTestStart(lines, i) {
			lastTest = i
		}
	}
	var cur *bodyChunk
	depth := 0 // flow-collection depth inside Tests: keys inside a flow log are not top-level
	for i, ln := range lines {
		if depth <= 0 && (cur == nil || cur.key != "Tests" || i > lastTest) {
			key, ok := opensTopLevel(lines, i, seen, cur != nil && cur.multiline())
			if ok && cur != nil && cur.key == "Tests" && !restIsTopLevel(lines, i, seen) {
				ok = false // a log field such as "Description:" in the last test
			}
			if ok {
				seen[key] = true
				cur = &bodyChunk{key: key}
				chunks = append(chunks, cur)
				depth = 0
			}
		}
		if cur == nil {
			// "---" opens the YAML document; comments carry nothing.
			if t := strings.TrimSpace(ln.text); t != "" && t != "---" && !strings.HasPrefix(t, "#") {
				stray = append(stray, ln)
			}
			continue
		}
		cur.lines = append(cur.lines, ln)
		if cur.key == "Tests" {
			if isTestStart(lines, i) {
				depth = 0
			}
			depth += flowDepth(ln.text)
		}
	}
	return stray, chunks
}

// multiline reports whether lines after the chunk's first may be free text or
// log fields rather than keys: Tests, block scalars, wrapped scalars.
func (c *bodyChunk) multiline() bool {
	if c.key == "Tests" {
		return true
	}
	_, rest, _ := yamlKey(c.lines[0].text)
	v := stripComment(rest)
	shape := topLevelKeys[c.key]
	return isBlockScalarHeader(v) || unterminatedQuote(v) || (v == "" && (shape == shapeScalar || shape == shapeScalarOrList))
}

// restIsTopLevel reports whether lines from i on read as top-level keys and
// their values only, as they must if the Tests list ends at line i.
func restIsTopLevel(lines []pageLine, i int, seen map[string]bool) bool {
	sim := map[string]bool{}
	for k := range seen {
		sim[k] = true
	}
	var cur *bodyChunk
	for j := i; j < len(lines); j++ {
		t := lines[j].text
		if key, ok := opensTopLevel(lines, j, sim, true); ok {
			sim[key] = true
			cur = &bodyChunk{key: key, lines: []pageLine{lines[j]}}
			continue
		}
		if t == "" || strings.HasPrefix(t, "#") || cur == nil {
			if cur == nil {
				return false
			}
			continue
		}
		_, rest, _ := yamlKey(cur.lines[0].text)
		v := stripComment(rest)
		_, _, isKey := yamlKey(t)
		switch shape := topLevelKeys[cur.key]; {
		case isBlockScalarHeader(v) || unterminatedQuote(v) || opensFlow(v):
			// free text or a wrapped flow value
		case shape == shapeMap:
			if !isKey && !isSeqItem(t) {
				return false
			}
		case shape == shapeList || shape == shapeStrings || (shape == shapeScalarOrList && v == ""):
			if !isSeqItem(t) && (isKey || v != "") {
				return false
			}
		default:
			// a wrapped plain scalar: text, not another key or a list
			if isKey || isSeqItem(t) {
				return false
			}
		}
	}
	return true
}

// isTestStart reports whether line i begins a Tests entry: "- Name:",
// "- ExpectedResult:" (or another test key), or a bare "-" before one.
func isTestStart(lines []pageLine, i int) bool {
	t := lines[i].text
	if !isSeqItem(t) {
		return false
	}
	body := seqItemBody(t)
	if body == "" {
		if i+1 >= len(lines) {
			return false
		}
		k, _, ok := yamlKey(lines[i+1].text)
		return ok && testKeys[k]
	}
	k, _, ok := yamlKey(body)
	if !ok || !testKeys[k] {
		return false
	}
	if k != "Name" || i+1 >= len(lines) {
		return true
	}
	// "- Name: x" may also be an entry of a list inside a block-style log
	// (tag lists hold such entries); a test's Name is followed by another
	// key of the test.
	next := lines[i+1].text
	if isSeqItem(next) {
		next = seqItemBody(next) // the next test starts at once
	}
	nk, _, ok := yamlKey(next)
	return ok && testKeys[nk]
}

// reindent sets the indentation of a chunk other than Tests.
func (c *bodyChunk) reindent() {
	c.indent = make([]int, len(c.lines))
	shape := topLevelKeys[c.key]
	_, rest, _ := yamlKey(c.lines[0].text)
	v := stripComment(rest)
	cont := 2
	for i := 1; i < len(c.lines); i++ {
		t := c.lines[i].text
		switch {
		case shape == shapeMap:
			// Reports: "MITRE ATT&CK:" and its "- " items, all below Reports.
			c.indent[i] = 2
		case isBlockScalarHeader(v) || opensFlow(v) || unterminatedQuote(v):
			c.indent[i] = cont
		case isSeqItem(t) && (shape == shapeList || shape == shapeStrings || shape == shapeScalarOrList):
			c.indent[i] = 0
			cont = 2
		case strings.HasPrefix(t, "#"):
			c.indent[i] = 0
		default:
			// A nested key of an unusual list, or a wrapped plain scalar.
			c.indent[i] = 2
		}
	}
}

// text returns the rebuilt YAML of lines with their indentation.
func rebuiltText(lines []pageLine, indent []int) string {
	var b strings.Builder
	for i, ln := range lines {
		b.WriteString(strings.Repeat(" ", indent[i]))
		b.WriteString(ln.text)
		b.WriteByte('\n')
	}
	return b.String()
}

// yamlErrorLine splits a yaml.v3 error into the index of the rebuilt line it
// names (-1 if none) and its message.
func yamlErrorLine(err error, n int) (int, string) {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	idx := -1
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if num, tail, ok := strings.Cut(rest, ": "); ok {
			if v, err := strconv.Atoi(num); err == nil {
				msg = tail
				// yaml.v3 counts the lines of parser errors ("did not find
				// expected key") from 0 and those of scanner errors from 1.
				if strings.HasPrefix(msg, "did not find expected ") && !strings.HasPrefix(msg, "did not find expected whitespace") &&
					!strings.HasPrefix(msg, "did not find expected comment") && !strings.HasPrefix(msg, "did not find expected alphabetic") &&
					!strings.HasPrefix(msg, "did not find expected hexdecimal") {
					v++
				}
				idx = v - 1
				if idx >= n {
					idx = n - 1
				}
			}
		}
	}
	return idx, strings.Join(strings.Fields(msg), " ")
}

// yamlError turns a yaml.v3 error about rebuilt lines into a page error.
func yamlError(file string, lines []pageLine, err error, what string) *ir.Error {
	idx, msg := yamlErrorLine(err, len(lines))
	at := ir.Pos{Line: lines[0].no, Col: 1}
	if idx >= 0 {
		at = ir.Pos{Line: lines[idx].no, Col: 1}
	}
	return ir.Errorf(file, at, ir.CodeSyntax, "%s does not parse as YAML: %s", what, msg)
}

// parseChunk parses rebuilt lines; it returns the value node of their single
// top-level key (or entry).
func parseChunk(lines []pageLine, indent []int) (*yaml.Node, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(rebuiltText(lines, indent)), &doc); err != nil {
		return nil, err
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 {
		return nil, fmt.Errorf("empty")
	}
	return doc.Content[0], nil
}

// nodePos maps a node of rebuilt lines back into the page.
func nodePos(lines []pageLine, indent []int, n *yaml.Node) ir.Pos {
	if n == nil || n.Line < 1 || n.Line > len(lines) {
		if len(lines) > 0 {
			return ir.Pos{Line: lines[0].no, Col: 1}
		}
		return ir.Pos{}
	}
	col := n.Column - indent[n.Line-1] + lines[n.Line-1].lead
	if col < 1 {
		col = 1
	}
	return ir.Pos{Line: lines[n.Line-1].no, Col: col}
}

// Bounds on what a log may expand to through YAML aliases, so hostile input
// gets an error rather than exhausting memory or the stack.
const (
	maxLogNodes = 1 << 18
	maxLogDepth = 500
)

// jsonBudget tracks a conversion: nodes left, nesting, aliases being expanded.
type jsonBudget struct {
	nodes     int
	depth     int
	expanding map[*yaml.Node]bool
}

func newJSONBudget() *jsonBudget {
	return &jsonBudget{nodes: maxLogNodes, expanding: map[*yaml.Node]bool{}}
}

// nodeJSON converts a YAML node into the JSON model ir uses. Timestamps stay
// the text they were written as; integers and floats become json.Number.
func nodeJSON(n *yaml.Node, b *jsonBudget) (any, error) {
	b.nodes--
	if b.nodes < 0 {
		return nil, fmt.Errorf("the value expands to more than %d nodes", maxLogNodes)
	}
	b.depth++
	defer func() { b.depth-- }()
	if b.depth > maxLogDepth {
		return nil, fmt.Errorf("the value nests deeper than %d levels", maxLogDepth)
	}
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil, nil
		}
		return nodeJSON(n.Content[0], b)
	case yaml.AliasNode:
		if n.Alias == nil {
			return nil, fmt.Errorf("unknown alias")
		}
		if b.expanding[n.Alias] {
			return nil, fmt.Errorf("alias *%s refers to itself", n.Value)
		}
		b.expanding[n.Alias] = true
		defer delete(b.expanding, n.Alias)
		return nodeJSON(n.Alias, b)
	case yaml.MappingNode:
		out := make(map[string]any, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, err := nodeJSON(n.Content[i], b)
			if err != nil {
				return nil, err
			}
			v, err := nodeJSON(n.Content[i+1], b)
			if err != nil {
				return nil, err
			}
			ks, ok := k.(string)
			if !ok {
				b, _ := json.Marshal(k)
				ks = string(b)
				if k == nil {
					ks = "null"
				}
			}
			out[ks] = v
		}
		return out, nil
	case yaml.SequenceNode:
		out := make([]any, 0, len(n.Content))
		for _, c := range n.Content {
			v, err := nodeJSON(c, b)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		return out, nil
	case yaml.ScalarNode:
		return scalarJSON(n), nil
	}
	return nil, fmt.Errorf("unexpected YAML node")
}

func scalarJSON(n *yaml.Node) any {
	switch n.ShortTag() {
	case "!!null":
		return nil
	case "!!bool":
		var b bool
		if n.Decode(&b) == nil {
			return b
		}
	case "!!int":
		var i int64
		if n.Decode(&i) == nil {
			return json.Number(strconv.FormatInt(i, 10))
		}
		var u uint64
		if n.Decode(&u) == nil {
			return json.Number(strconv.FormatUint(u, 10))
		}
		if ir.IsDecimal(n.Value) {
			return json.Number(n.Value)
		}
	case "!!float":
		var f float64
		if n.Decode(&f) == nil && !math.IsInf(f, 0) && !math.IsNaN(f) {
			return json.Number(strconv.FormatFloat(f, 'g', -1, 64))
		}
	}
	return n.Value
}

func unquoteScalar(s string) string {
	if s == "" {
		return s
	}
	var v string
	if err := yamlUnmarshalScalar(s, &v); err == nil {
		return v
	}
	return s
}

func yamlUnmarshalScalar(s string, v *string) error {
	var n yaml.Node
	if err := yaml.Unmarshal([]byte(s), &n); err != nil {
		return err
	}
	if n.Kind != yaml.DocumentNode || len(n.Content) != 1 || n.Content[0].Kind != yaml.ScalarNode {
		return fmt.Errorf("not a scalar")
	}
	*v = n.Content[0].Value
	return nil
}
