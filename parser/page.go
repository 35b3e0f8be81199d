package parser

import (
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/rulec/rulec/ir"
)

// pageLine is one line of a page with its 1-based line number.
type pageLine struct {
	text string
	no   int
}

const (
	pageHeader      = "Detection rules › Panther"
	ruleBodyHeader  = "Rule body yaml"
	detectionHeader = "Detection logic"
	partialNote     = "This rule also runs imperative logic"
)

// ReadPage reads one catalog page as rendered (see shared/spec/page-format.md).
func ReadPage(file string, src []byte) (*ir.Rule, ir.ErrorList) {
	var errs ir.ErrorList
	lines := splitPage(string(src))
	if len(lines) == 0 || strings.TrimSpace(lines[0].text) != pageHeader {
		errs.Addf(file, ir.Pos{Line: 1, Col: 1}, ir.CodePage, "not a catalog page: the first line must be %q", pageHeader)
		return nil, errs
	}
	r := &ir.Rule{File: file, At: ir.Pos{Line: 1, Col: 1}}
	if len(lines) > 1 {
		r.Title = strings.TrimSpace(lines[1].text)
	}
	body := indexOf(lines, 0, ruleBodyHeader)
	if body < 0 {
		errs.Addf(file, ir.Pos{Line: len(lines), Col: 1}, ir.CodePage, "no %q section", ruleBodyHeader)
		return nil, errs
	}
	logic := lastIndexOf(lines, detectionHeader)
	if logic < body {
		errs.Addf(file, ir.Pos{Line: lines[len(lines)-1].no, Col: 1}, ir.CodePage, "no %q section", detectionHeader)
		return nil, errs
	}
	readRuleBody(file, lines[body+1:logic], r, &errs)
	readDetectionLogic(file, lines[logic+1:], r, &errs)
	if len(errs.Errors()) > 0 {
		return r, errs
	}
	return r, errs
}

func splitPage(src string) []pageLine {
	src = strings.TrimPrefix(src, "\ufeff")
	raw := strings.Split(src, "\n")
	if len(raw) > 0 && raw[len(raw)-1] == "" {
		raw = raw[:len(raw)-1]
	}
	out := make([]pageLine, len(raw))
	for i, s := range raw {
		out[i] = pageLine{text: strings.TrimSuffix(s, "\r"), no: i + 1}
	}
	return out
}

func indexOf(lines []pageLine, from int, text string) int {
	for i := from; i < len(lines); i++ {
		if strings.TrimSpace(lines[i].text) == text {
			return i
		}
	}
	return -1
}

func lastIndexOf(lines []pageLine, text string) int {
	for i := len(lines) - 1; i >= 0; i-- {
		if strings.TrimSpace(lines[i].text) == text {
			return i
		}
	}
	return -1
}

// readRuleBody reads the flattened rule YAML: top-level keys are recognised by
// name, since indentation is gone.
func readRuleBody(file string, lines []pageLine, r *ir.Rule, errs *ir.ErrorList) {
	tests := -1
	for i, ln := range lines {
		if strings.HasPrefix(ln.text, "Tests:") {
			tests = i
			break
		}
	}
	if tests < 0 {
		readMeta(file, lines, r, errs)
		return
	}
	// The Tests list ends where a Panther top-level key starts outside a
	// flow-style log: keys sorted after Tests follow the last test's Log.
	end := len(lines)
	d := 0
	for i := tests + 1; i < len(lines); i++ {
		if d <= 0 && isTopLevelKeyLine(lines[i].text) {
			end = i
			break
		}
		d += depth(lines[i].text)
	}
	meta := append(append([]pageLine{}, lines[:tests]...), lines[end:]...)
	readMeta(file, meta, r, errs)
	readTests(file, lines[tests+1:end], r, errs)
}

// topLevelKeys are the keys of Panther's rule schema (page-format.md §2).
var topLevelKeys = map[string]bool{
	"AnalysisType": true, "Enabled": true, "Filename": true, "Detection": true, "RuleID": true,
	"LogTypes": true, "ScheduledQueries": true, "Severity": true, "DisplayName": true,
	"Description": true, "Runbook": true, "Reference": true, "Tags": true, "Reports": true,
	"SummaryAttributes": true, "DedupPeriodMinutes": true, "Threshold": true, "CreateAlert": true,
	"OutputIds": true, "Status": true, "InlineFilters": true, "DynamicSeverities": true,
	"AlertTitle": true, "AlertContext": true, "GroupBy": true, "OnlyUseBaseRiskScore": true,
	"CreatedBy": true, "BaseVersion": true, "BaseDetection": true, "Tests": true,
}

func isTopLevelKeyLine(s string) bool {
	key, _, ok := strings.Cut(s, ":")
	return ok && topLevelKeys[key]
}

func readMeta(file string, lines []pageLine, r *ir.Rule, errs *ir.ErrorList) {
	for i := 0; i < len(lines); i++ {
		key, val, ok := strings.Cut(lines[i].text, ":")
		if !ok {
			continue
		}
		val = stripComment(strings.TrimSpace(val))
		switch key {
		case "RuleID":
			r.ID = unquoteScalar(val)
		case "DisplayName":
			r.Title = unquoteScalar(val)
		case "Severity":
			r.Severity = ir.Severity(unquoteScalar(val))
		case "LogTypes":
			items, n := listItems(lines[i+1:])
			r.LogTypes = items
			i += n
		case "Threshold":
			fmt.Sscanf(val, "%d", &r.Threshold)
		case "DedupPeriodMinutes":
			fmt.Sscanf(val, "%d", &r.DedupPeriodMinutes)
		case "SummaryAttributes":
			items, n := listItems(lines[i+1:])
			r.SummaryAttributes = items
			i += n
		}
	}
}

func stripComment(s string) string {
	if i := strings.Index(s, " #"); i >= 0 && !strings.HasPrefix(s, `"`) && !strings.HasPrefix(s, "'") {
		return strings.TrimSpace(s[:i])
	}
	return s
}

func unquoteScalar(s string) string {
	var v string
	if err := yaml.Unmarshal([]byte(s), &v); err == nil {
		return v
	}
	return s
}

// listItems reads a run of "- item" lines.
func listItems(lines []pageLine) ([]string, int) {
	var items []string
	n := 0
	for _, ln := range lines {
		t := strings.TrimSpace(ln.text)
		if !strings.HasPrefix(t, "- ") {
			break
		}
		items = append(items, unquoteScalar(stripComment(strings.TrimSpace(t[2:]))))
		n++
	}
	return items, n
}

// readTests reads the Tests list. Only flow-style logs are read here.
func readTests(file string, lines []pageLine, r *ir.Rule, errs *ir.ErrorList) {
	var cur *ir.Test
	flush := func() {
		if cur != nil {
			r.Tests = append(r.Tests, *cur)
			cur = nil
		}
	}
	for i := 0; i < len(lines); i++ {
		t := lines[i].text
		switch {
		case strings.HasPrefix(t, "- Name:"), strings.HasPrefix(t, "- ExpectedResult:"):
			flush()
			cur = &ir.Test{At: ir.Pos{Line: lines[i].no, Col: 1}, Confidence: ir.ConfidenceHigh}
			t = strings.TrimPrefix(t, "- ")
		}
		if cur == nil {
			continue
		}
		key, val, _ := strings.Cut(t, ":")
		val = strings.TrimSpace(val)
		switch key {
		case "Name":
			cur.Name = unquoteScalar(val)
		case "ExpectedResult":
			cur.Expected = strings.EqualFold(val, "true")
		case "Log":
			block := val
			start := lines[i]
			j := i
			if block == "" && i+1 < len(lines) {
				j = i + 1
				block = lines[j].text
				start = lines[j]
			}
			for depth(block) > 0 && j+1 < len(lines) {
				j++
				block += "\n" + lines[j].text
			}
			var v any
			if err := yaml.Unmarshal([]byte(block), &v); err != nil {
				errs.Addf(file, ir.Pos{Line: start.no, Col: 1}, ir.CodeLog, "test %q: log does not parse: %v", cur.Name, err)
			} else {
				cur.Log = NormalizeJSON(v)
			}
			i = j
		}
	}
	flush()
}

// depth returns the bracket balance of s, ignoring quoted strings.
func depth(s string) int {
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
			quote = c
		case '{', '[':
			d++
		case '}', ']':
			d--
		}
	}
	return d
}

func readDetectionLogic(file string, lines []pageLine, r *ir.Rule, errs *ir.ErrorList) {
	if len(lines) == 0 || strings.TrimSpace(lines[0].text) != "Condition" {
		at := ir.Pos{Line: 1, Col: 1}
		if len(lines) > 0 {
			at = ir.Pos{Line: lines[0].no, Col: 1}
		}
		errs.Addf(file, at, ir.CodeImperative, "rule %s has no Condition: its detection logic is imperative Python, which rulec cannot express", r.ID)
		return
	}
	var cond []Line
	for _, ln := range lines[1:] {
		t := strings.TrimSpace(ln.text)
		if t == "Exclusions" || t == "Indicators" || t == "Output fields" {
			break
		}
		if strings.HasPrefix(t, partialNote) {
			r.Partial = true
			break
		}
		cond = append(cond, Line{Text: ln.text, At: ir.Pos{Line: ln.no, Col: 1}})
	}
	var texts []string
	for _, c := range cond {
		if strings.TrimSpace(c.Text) != "" {
			texts = append(texts, strings.TrimSpace(c.Text))
		}
	}
	r.CondText = strings.Join(texts, "\n")
	e, cerrs := ParseCondition(cond, ConditionOptions{File: file})
	for _, e := range cerrs {
		errs.Add(e)
	}
	if e == nil && len(cerrs) == 0 {
		errs.Addf(file, ir.Pos{Line: lines[0].no, Col: 1}, ir.CodePage, "rule %s: empty Condition", r.ID)
	}
	r.Cond = e
}
