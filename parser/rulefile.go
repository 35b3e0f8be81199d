package parser

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/rulec/rulec/ir"
)

// A rule file is rulec's canonical form of one rule: a YAML mapping meant for
// people to edit, which ReadRuleFile reads with positions and FormatRule
// writes deterministically. Example:
//
//	id: AWS.S3.ServerAccess.Error
//	title: AWS S3 Access Error
//	severity: Info
//	log_types: [AWS.S3ServerAccess]
//	condition: |
//	  httpstatus in ["403", "405"]
//	  useragent not starts_with "aws-internal"
//	tests:
//	  - name: Access Error
//	    expected: true
//	    log:
//	      httpstatus: 403
//
// The keys, in the order FormatRule writes them, are ruleFileKeys.
var ruleFileKeys = []string{
	"id", "title", "description", "severity", "enabled", "status",
	"analysis_type", "filename", "create_alert", "output_ids",
	"log_types", "tags", "reports", "mitre", "references", "runbook",
	"threshold", "dedup_period_minutes", "summary_attributes", "output_fields",
	"partial", "condition", "tests",
}

var rfTestKeys = []string{"name", "expected", "confidence", "note", "log"}

// ReadRuleFile reads one rule file (YAML). Errors point into the file, those
// of the condition included.
func ReadRuleFile(file string, src []byte) (*ir.Rule, ir.ErrorList) {
	rd := &ruleReader{file: file, lines: strings.Split(string(src), "\n")}
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(src))
	if err := dec.Decode(&doc); err != nil && err != io.EOF {
		rd.errs.Add(rfYAMLError(file, err))
		return nil, rd.errs
	}
	var next yaml.Node
	if err := dec.Decode(&next); err == nil {
		rd.errs.Addf(file, ir.Pos{Line: next.Line, Col: next.Column}, ir.CodePage, "a rule file holds one rule; this is a second YAML document")
		return nil, rd.errs
	} else if err != io.EOF {
		rd.errs.Add(rfYAMLError(file, err))
		return nil, rd.errs
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		rd.errs.Addf(file, ir.Pos{Line: 1, Col: 1}, ir.CodePage, "empty rule file: want a mapping with id, condition and tests")
		return nil, rd.errs
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		rd.errs.Addf(file, rfPos(root), ir.CodePage, "a rule file holds one mapping (id, title, condition, tests...), not a %s", rfKind(root))
		return nil, rd.errs
	}
	r := &ir.Rule{File: file, At: rfPos(root), Enabled: true}
	var condNode *yaml.Node
	seen := map[string]bool{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if seen[k.Value] {
			rd.errs.Addf(file, rfPos(k), ir.CodePage, "key %q appears twice", k.Value)
			continue
		}
		seen[k.Value] = true
		switch k.Value {
		case "id":
			r.ID = rd.str(v)
		case "title":
			r.Title = rd.str(v)
		case "description":
			r.Description = rd.str(v)
		case "severity":
			r.Severity = ir.Severity(rd.str(v))
		case "enabled":
			r.Enabled = rd.boolean(v)
		case "status":
			r.Status = rd.str(v)
		case "analysis_type":
			r.AnalysisType = rd.str(v)
		case "filename":
			r.Filename = rd.str(v)
		case "create_alert":
			b := rd.boolean(v)
			r.CreateAlert = &b
		case "output_ids":
			r.OutputIDs = rd.strs(v)
		case "log_types":
			r.LogTypes = rd.strs(v)
		case "tags":
			r.Tags = rd.strs(v)
		case "reports":
			r.Reports = rd.reports(v)
		case "mitre":
			r.Mitre = rd.mitre(v)
		case "references":
			r.References = rd.strs(v)
		case "runbook":
			r.Runbook = rd.str(v)
		case "threshold":
			r.Threshold = rd.integer(v)
		case "dedup_period_minutes":
			r.DedupPeriodMinutes = rd.integer(v)
		case "summary_attributes":
			r.SummaryAttributes = rd.strs(v)
		case "output_fields":
			r.OutputFields = rd.outputFields(v)
		case "partial":
			r.Partial = rd.boolean(v)
		case "condition":
			condNode = v
		case "tests":
			r.Tests = rd.tests(v)
		default:
			rd.unknownKey(k, ruleFileKeys)
		}
	}
	if r.ID == "" && !seen["id"] {
		rd.errs.Addf(file, r.At, ir.CodePage, "rule has no id")
	}
	if condNode == nil {
		rd.errs.Addf(file, r.At, ir.CodePage, "rule %s has no condition", r.ID)
		return r, rd.errs
	}
	lines, text, ok := rd.conditionLines(condNode)
	if !ok {
		return r, rd.errs
	}
	r.CondText = text
	e, cerrs := ParseCondition(lines, ConditionOptions{File: file})
	rd.errs = append(rd.errs, cerrs...)
	if e == nil && len(cerrs) == 0 {
		rd.errs.Addf(file, rfPos(condNode), ir.CodePage, "rule %s: empty condition", r.ID)
	}
	r.Cond = e
	return r, rd.errs
}

type ruleReader struct {
	file  string
	lines []string
	errs  ir.ErrorList
}

func rfPos(n *yaml.Node) ir.Pos { return ir.Pos{Line: n.Line, Col: n.Column} }

func rfKind(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "list"
	case yaml.MappingNode:
		return "mapping"
	case yaml.AliasNode:
		return "alias"
	}
	if n.Tag == "!!null" {
		return "null"
	}
	return "scalar"
}

// rfYAMLError turns a yaml.v3 error ("yaml: line 3: ...") into a positioned one.
func rfYAMLError(file string, err error) *ir.Error {
	msg := err.Error()
	msg = strings.TrimPrefix(msg, "yaml: ")
	line := 1
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if n, tail, ok := strings.Cut(rest, ": "); ok {
			if v, err := strconv.Atoi(n); err == nil {
				line, msg = v, tail
				// yaml.v3 numbers parser errors (unlike scanner errors) from
				// 0; they are the "did not find expected ..." ones.
				if strings.HasPrefix(msg, "did not find expected ") && !strings.HasPrefix(msg, "did not find expected whitespace") &&
					!strings.HasPrefix(msg, "did not find expected comment") && !strings.HasPrefix(msg, "did not find expected alphabetic") &&
					!strings.HasPrefix(msg, "did not find expected hexdecimal") {
					line++
				}
			}
		}
	}
	return ir.Errorf(file, ir.Pos{Line: line, Col: 1}, ir.CodeSyntax, "invalid YAML: %s", msg)
}

func (rd *ruleReader) fail(n *yaml.Node, code, format string, args ...any) {
	rd.errs.Addf(rd.file, rfPos(n), code, format, args...)
}

func (rd *ruleReader) unknownKey(k *yaml.Node, known []string) {
	msg := fmt.Sprintf("unknown key %q", k.Value)
	if s := suggest(k.Value, known); s != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", s)
	} else {
		msg += "; known keys: " + strings.Join(known, ", ")
	}
	rd.fail(k, ir.CodePage, "%s", msg)
}

func (rd *ruleReader) str(n *yaml.Node) string {
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		rd.fail(n, ir.CodePage, "want a string, got a %s", rfKind(n))
		return ""
	}
	return n.Value
}

func (rd *ruleReader) boolean(n *yaml.Node) bool {
	var b bool
	if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" || n.Decode(&b) != nil {
		rd.fail(n, ir.CodePage, "want true or false, got %q", n.Value)
		return false
	}
	return b
}

func (rd *ruleReader) integer(n *yaml.Node) int {
	var v int
	if n.Kind != yaml.ScalarNode || n.Tag != "!!int" || n.Decode(&v) != nil || v < 0 {
		rd.fail(n, ir.CodePage, "want a whole number, got %q", n.Value)
		return 0
	}
	return v
}

func (rd *ruleReader) strs(n *yaml.Node) []string {
	if n.Kind != yaml.SequenceNode {
		rd.fail(n, ir.CodePage, "want a list of strings, got a %s", rfKind(n))
		return nil
	}
	var out []string // nil when empty, as the page reader leaves it
	for _, c := range n.Content {
		out = append(out, rd.str(c))
	}
	return out
}

func (rd *ruleReader) reports(n *yaml.Node) []ir.Report {
	if n.Kind != yaml.MappingNode {
		rd.fail(n, ir.CodePage, "reports: want a mapping of framework to list, got a %s", rfKind(n))
		return nil
	}
	var out []ir.Report
	for i := 0; i+1 < len(n.Content); i += 2 {
		out = append(out, ir.Report{Framework: rd.str(n.Content[i]), Items: rd.strs(n.Content[i+1])})
	}
	return out
}

// mitre reads "TA0005:T1562" or "T1562" items.
func (rd *ruleReader) mitre(n *yaml.Node) []ir.Technique {
	if n.Kind != yaml.SequenceNode {
		rd.fail(n, ir.CodePage, "mitre: want a list such as [TA0005:T1562], got a %s", rfKind(n))
		return nil
	}
	var out []ir.Technique
	for _, c := range n.Content {
		s := rd.str(c)
		tactic, tech, ok := strings.Cut(s, ":")
		if !ok {
			tactic, tech = "", s
		}
		out = append(out, ir.Technique{Tactic: tactic, Technique: tech})
	}
	return out
}

func rfTechnique(t ir.Technique) string {
	if t.Tactic == "" {
		return t.Technique
	}
	return t.Tactic + ":" + t.Technique
}

func (rd *ruleReader) outputFields(n *yaml.Node) []ir.OutputField {
	if n.Kind != yaml.SequenceNode {
		rd.fail(n, ir.CodePage, "output_fields: want a list, got a %s", rfKind(n))
		return nil
	}
	var out []ir.OutputField
	for _, c := range n.Content {
		switch c.Kind {
		case yaml.ScalarNode:
			out = append(out, ir.OutputField{Name: rd.str(c)})
		case yaml.MappingNode:
			var f ir.OutputField
			for i := 0; i+1 < len(c.Content); i += 2 {
				k, v := c.Content[i], c.Content[i+1]
				switch k.Value {
				case "name":
					f.Name = rd.str(v)
				case "source":
					f.Source = rd.str(v)
				default:
					rd.unknownKey(k, []string{"name", "source"})
				}
			}
			out = append(out, f)
		default:
			rd.fail(c, ir.CodePage, "output_fields: want a name or {name, source}, got a %s", rfKind(c))
		}
	}
	return out
}

func (rd *ruleReader) tests(n *yaml.Node) []ir.Test {
	if n.Kind != yaml.SequenceNode {
		rd.fail(n, ir.CodeTest, "tests: want a list, got a %s", rfKind(n))
		return nil
	}
	var out []ir.Test
	for _, c := range n.Content {
		if c.Kind != yaml.MappingNode {
			rd.fail(c, ir.CodeTest, "a test is a mapping with name, expected and log, not a %s", rfKind(c))
			continue
		}
		t := ir.Test{At: rfPos(c), Confidence: ir.ConfidenceHigh}
		var hasExpected, hasLog bool
		for i := 0; i+1 < len(c.Content); i += 2 {
			k, v := c.Content[i], c.Content[i+1]
			switch k.Value {
			case "name":
				t.Name = rd.str(v)
			case "expected":
				hasExpected = true
				t.Expected = rd.boolean(v)
			case "confidence":
				switch s := rd.str(v); s {
				case string(ir.ConfidenceHigh), string(ir.ConfidenceLow):
					t.Confidence = ir.Confidence(s)
				default:
					rd.fail(v, ir.CodeTest, "confidence: want high or low, got %q", s)
				}
			case "note":
				t.Note = rd.str(v)
			case "log":
				hasLog = true
				var raw any
				if err := v.Decode(&raw); err != nil {
					rd.fail(v, ir.CodeLog, "test %q: log does not decode: %v", t.Name, err)
					continue
				}
				t.Log = NormalizeJSON(raw)
			default:
				rd.unknownKey(k, rfTestKeys)
			}
		}
		if !hasExpected {
			rd.fail(c, ir.CodeTest, "test %q has no expected: true or false", t.Name)
		}
		if !hasLog {
			rd.fail(c, ir.CodeTest, "test %q has no log", t.Name)
		}
		out = append(out, t)
	}
	return out
}

// conditionLines maps the condition scalar back to its lines in the file, so
// condition errors carry file positions. A literal block (|) maps exactly;
// plain and quoted one-line scalars map by the scalar's column. Other forms
// (folded blocks, multi-line flow scalars, escapes) are parsed from the
// decoded value with every line placed at the scalar's start, since their
// source columns do not correspond to the text.
func (rd *ruleReader) conditionLines(n *yaml.Node) ([]Line, string, bool) {
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		rd.fail(n, ir.CodePage, "condition: want the condition text, got a %s", rfKind(n))
		return nil, "", false
	}
	if n.Style == yaml.FoldedStyle {
		// ">" joins the lines with spaces, so separate conjuncts would run
		// into one line and read as a syntax error far from the cause.
		rd.fail(n, ir.CodePage, "condition: write it as a literal block (condition: |); a folded block (>) joins its lines, and each line is a conjunct")
		return nil, "", false
	}
	text := strings.TrimRight(n.Value, "\n")
	at := rfPos(n)
	switch n.Style {
	case yaml.LiteralStyle:
		if lines, ok := rd.literalLines(n, text); ok {
			return lines, text, true
		}
	case yaml.DoubleQuotedStyle, yaml.SingleQuotedStyle:
		at.Col++
		if strings.Contains(text, "\n") {
			at.Col = n.Column
		}
	}
	if strings.Contains(text, "\n") && n.Style != yaml.LiteralStyle {
		var lines []Line
		for _, s := range strings.Split(text, "\n") {
			lines = append(lines, Line{Text: s, At: rfPos(n)})
		}
		return lines, text, true
	}
	return SplitLines(text, at), text, true
}

// literalLines finds the lines of a literal block scalar in the source.
func (rd *ruleReader) literalLines(n *yaml.Node, text string) ([]Line, bool) {
	want := strings.Split(text, "\n")
	first := n.Line // 1-based line of the "|" indicator; content follows
	indent := -1
	var out []Line
	for i, w := range want {
		idx := first + i // 0-based index of source line first+i+1
		if idx >= len(rd.lines) {
			return nil, false
		}
		src := strings.TrimSuffix(rd.lines[idx], "\r")
		if w == "" {
			if strings.TrimSpace(src) != "" {
				return nil, false
			}
			continue
		}
		if indent < 0 {
			indent = len(src) - len(strings.TrimLeft(src, " "))
		}
		if len(src) < indent || src[indent:] != w {
			return nil, false
		}
		out = append(out, Line{Text: w, At: ir.Pos{Line: idx + 1, Col: indent + 1}})
	}
	return out, true
}

// FormatRule writes r as a rule file. The output is deterministic: keys in a
// fixed order, log members sorted by key, empty fields left out (except
// enabled, whose default is true, and which is written only when false;
// create_alert is written whenever the source set it).
func FormatRule(r *ir.Rule) ([]byte, error) {
	m := &yaml.Node{Kind: yaml.MappingNode}
	add := func(key string, v *yaml.Node) {
		m.Content = append(m.Content, rfStr(key), v)
	}
	addStr := func(key, v string) {
		if v != "" {
			add(key, rfText(v))
		}
	}
	addList := func(key string, vs []string) {
		if len(vs) > 0 {
			add(key, rfStrList(vs))
		}
	}
	addStr("id", r.ID)
	addStr("title", r.Title)
	addStr("description", r.Description)
	addStr("severity", string(r.Severity))
	if !r.Enabled {
		add("enabled", &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: "false"})
	}
	addStr("status", r.Status)
	addStr("analysis_type", r.AnalysisType)
	addStr("filename", r.Filename)
	if r.CreateAlert != nil {
		add("create_alert", &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: strconv.FormatBool(*r.CreateAlert)})
	}
	addList("output_ids", r.OutputIDs)
	addList("log_types", r.LogTypes)
	addList("tags", r.Tags)
	if len(r.Reports) > 0 {
		rep := &yaml.Node{Kind: yaml.MappingNode}
		for _, x := range r.Reports {
			rep.Content = append(rep.Content, rfStr(x.Framework), rfStrList(x.Items))
		}
		add("reports", rep)
	}
	if len(r.Mitre) > 0 {
		var ts []string
		for _, t := range r.Mitre {
			ts = append(ts, rfTechnique(t))
		}
		add("mitre", rfStrList(ts))
	}
	addList("references", r.References)
	addStr("runbook", r.Runbook)
	if r.Threshold != 0 {
		add("threshold", rfInt(r.Threshold))
	}
	if r.DedupPeriodMinutes != 0 {
		add("dedup_period_minutes", rfInt(r.DedupPeriodMinutes))
	}
	addList("summary_attributes", r.SummaryAttributes)
	if len(r.OutputFields) > 0 {
		of := &yaml.Node{Kind: yaml.SequenceNode}
		for _, f := range r.OutputFields {
			if f.Source == "" {
				of.Content = append(of.Content, rfStr(f.Name))
				continue
			}
			of.Content = append(of.Content, &yaml.Node{Kind: yaml.MappingNode, Style: yaml.FlowStyle,
				Content: []*yaml.Node{rfStr("name"), rfStr(f.Name), rfStr("source"), rfStr(f.Source)}})
		}
		add("output_fields", of)
	}
	if r.Partial {
		add("partial", &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: "true"})
	}
	cond := r.CondText
	if strings.TrimSpace(cond) == "" {
		cond = ir.Format(r.Cond)
	}
	if strings.TrimSpace(cond) == "" {
		return nil, fmt.Errorf("rule %s has no condition to write", r.ID)
	}
	add("condition", &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Style: yaml.LiteralStyle, Value: cond + "\n"})
	if len(r.Tests) > 0 {
		ts := &yaml.Node{Kind: yaml.SequenceNode}
		for _, t := range r.Tests {
			tn := &yaml.Node{Kind: yaml.MappingNode}
			tn.Content = append(tn.Content, rfStr("name"), rfText(t.Name),
				rfStr("expected"), &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: strconv.FormatBool(t.Expected)})
			if t.Confidence == ir.ConfidenceLow {
				tn.Content = append(tn.Content, rfStr("confidence"), rfStr(string(ir.ConfidenceLow)))
			}
			if t.Note != "" {
				tn.Content = append(tn.Content, rfStr("note"), rfText(t.Note))
			}
			lg, err := rfJSON(t.Log)
			if err != nil {
				return nil, fmt.Errorf("rule %s: test %q: %v", r.ID, t.Name, err)
			}
			tn.Content = append(tn.Content, rfStr("log"), lg)
			ts.Content = append(ts.Content, tn)
		}
		add("tests", ts)
	}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(&yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{m}}); err != nil {
		return nil, fmt.Errorf("rule %s: %v", r.ID, err)
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func rfStr(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s} }

// rfText writes multi-line text as a literal block, which reads best.
func rfText(s string) *yaml.Node {
	n := rfStr(s)
	if strings.Contains(strings.TrimRight(s, "\n"), "\n") {
		n.Style = yaml.LiteralStyle
	}
	return n
}

func rfInt(v int) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.Itoa(v)}
}

func rfStrList(vs []string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.SequenceNode}
	for _, v := range vs {
		n.Content = append(n.Content, rfStr(v))
	}
	return n
}

// rfJSON renders a JSON value (the ir.Test.Log model) as YAML, objects with
// sorted keys.
func rfJSON(v any) (*yaml.Node, error) {
	switch x := v.(type) {
	case nil:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Value: "null"}, nil
	case bool:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: strconv.FormatBool(x)}, nil
	case string:
		return rfStr(x), nil
	case json.Number:
		return rfNumber(string(x))
	case float64:
		if math.IsInf(x, 0) || math.IsNaN(x) {
			return nil, fmt.Errorf("log holds %v, which JSON cannot", x)
		}
		return rfNumber(strconv.FormatFloat(x, 'g', -1, 64))
	case int:
		return rfNumber(strconv.Itoa(x))
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		n := &yaml.Node{Kind: yaml.MappingNode}
		if len(keys) == 0 {
			n.Style = yaml.FlowStyle
		}
		for _, k := range keys {
			c, err := rfJSON(x[k])
			if err != nil {
				return nil, err
			}
			n.Content = append(n.Content, rfStr(k), c)
		}
		return n, nil
	case []any:
		n := &yaml.Node{Kind: yaml.SequenceNode}
		if len(x) == 0 {
			n.Style = yaml.FlowStyle
		}
		for _, e := range x {
			c, err := rfJSON(e)
			if err != nil {
				return nil, err
			}
			n.Content = append(n.Content, c)
		}
		return n, nil
	}
	return nil, fmt.Errorf("log holds a %T, which is not a JSON value", v)
}

// rfNumber writes a number so that YAML reads it back as the same number:
// the text as an int or float scalar when YAML resolves it so, else an error.
func rfNumber(text string) (*yaml.Node, error) {
	var probe any
	if err := yaml.Unmarshal([]byte(text), &probe); err == nil {
		switch probe.(type) {
		case int, int64, uint64:
			return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: text}, nil
		case float64:
			return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!float", Value: text}, nil
		}
	}
	f, ok := ir.ParseDecimal(text)
	if !ok || math.IsInf(f, 0) {
		return nil, fmt.Errorf("log number %q cannot be written", text)
	}
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!float", Value: strconv.FormatFloat(f, 'g', -1, 64)}, nil
}
