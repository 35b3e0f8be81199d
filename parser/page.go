package parser

import (
	"strings"

	"github.com/rulec/rulec/ir"
)

// pageLine is one line of a page with its 1-based line number.
type pageLine struct {
	text string
	no   int
	lead int // leading blanks removed from text (rule body lines)
}

// Section headers and boilerplate of a catalog page (page-format.md §5).
const (
	pageHeader       = "Detection rules › Panther"
	mitreHeader      = "MITRE ATT&CK coverage"
	sameActionHeader = "Rules detecting the same action"
	ruleBodyHeader   = "Rule body yaml"
	detectionHeader  = "Detection logic"
	conditionHeader  = "Condition"
	filterHeader     = "Filter"
	imperativeHeader = "Rule logic imperative Python"
	stageHeader      = "Stage 1: source"
	exclusionsHeader = "Exclusions"
	indicatorsHeader = "Indicators"
	outputHeader     = "Output fields"
	partialNote      = "This rule also runs imperative logic"
)

// Notes the catalog prints under the title of pages that are not detections.
var nonDetectionNotes = []string{"This is a threat-hunting query", "This is an enrichment or summary query"}

// ReadPage reads one catalog page as rendered (see shared/spec/page-format.md).
// It returns the rule it could read, even when it reports errors, and every
// error and warning it found, positioned in the page. It never panics.
func ReadPage(file string, src []byte) (*ir.Rule, ir.ErrorList) {
	p := &pageReader{file: file}
	lines := splitPage(string(src))
	if len(lines) == 0 || strings.TrimSpace(lines[0].text) != pageHeader {
		p.errorf(ir.Pos{Line: 1, Col: 1}, ir.CodePage, "not a catalog page: the first line must be %q", pageHeader)
		return nil, p.errs
	}
	p.r = &ir.Rule{File: file, At: ir.Pos{Line: 1, Col: 1}}
	body := indexOf(lines, 1, ruleBodyHeader)
	if body < 0 {
		p.errorf(ir.Pos{Line: lines[len(lines)-1].no, Col: 1}, ir.CodePage, "no %q section", ruleBodyHeader)
		return nil, p.errs
	}
	logic := lastIndexOf(lines, detectionHeader)
	if logic < body {
		p.errorf(ir.Pos{Line: lines[len(lines)-1].no, Col: 1}, ir.CodePage, "no %q section", detectionHeader)
		return nil, p.errs
	}
	pageTitle, pageDesc, mitre := p.readHead(lines[1:body])
	p.readBody(stripLeading(lines[body+1 : logic]))
	r := p.r
	if r.Title == "" {
		r.Title = pageTitle
	}
	if r.Description == "" {
		r.Description = pageDesc
	}
	if len(r.Mitre) == 0 {
		r.Mitre = mitre
	}
	if r.ID == "" {
		p.errorf(ir.Pos{Line: lines[body].no, Col: 1}, ir.CodePage, "the rule body has no RuleID")
	}
	if r.Severity == "" {
		p.warnf(ir.Pos{Line: lines[body].no, Col: 1}, "rule %s has no Severity", r.ID)
	}
	p.readLogic(lines[logic:])
	p.errs.Sort()
	return r, p.errs
}

// splitPage splits src into lines, tolerating a byte-order mark, CRLF line
// ends and a missing final newline.
func splitPage(src string) []pageLine {
	src = strings.TrimPrefix(src, "\ufeff")
	raw := strings.Split(src, "\n")
	if len(raw) > 0 && raw[len(raw)-1] == "" {
		raw = raw[:len(raw)-1]
	}
	out := make([]pageLine, len(raw))
	for i, s := range raw {
		// Trailing blanks are invisible on the page and never matter in YAML.
		out[i] = pageLine{text: strings.TrimRight(s, " \t\r"), no: i + 1}
	}
	return out
}

// stripLeading removes the leading blanks of rule body lines. The catalog
// prints none; a page that kept some is read the same way, since the reader
// rebuilds the indentation from Panther's keys.
func stripLeading(lines []pageLine) []pageLine {
	out := make([]pageLine, len(lines))
	for i, ln := range lines {
		t := strings.TrimLeft(ln.text, " \t")
		out[i] = pageLine{text: t, no: ln.no, lead: len(ln.text) - len(t)}
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

// lastIndexOf finds the last line equal to text: a rule body may quote a
// section name (a Runbook line "Detection logic"), the sections after the
// body never do.
func lastIndexOf(lines []pageLine, text string) int {
	for i := len(lines) - 1; i >= 0; i-- {
		if strings.TrimSpace(lines[i].text) == text {
			return i
		}
	}
	return -1
}

// readHead reads the lines between the header and "Rule body yaml": title,
// description, the MITRE table and the "same action" list.
func (p *pageReader) readHead(lines []pageLine) (title, desc string, mitre []ir.Technique) {
	i := 0
	if i < len(lines) {
		title = strings.TrimSpace(lines[i].text)
		i++
	}
	for ; i < len(lines); i++ {
		t := strings.TrimSpace(lines[i].text)
		if t == "" || hasAnyPrefix(t, nonDetectionNotes) {
			continue
		}
		if desc == "" && t != mitreHeader && t != sameActionHeader {
			desc = t
			continue
		}
		break
	}
	section := ""
	for ; i < len(lines); i++ {
		t := strings.TrimSpace(lines[i].text)
		if t == mitreHeader || t == sameActionHeader {
			section = t
			continue
		}
		if section != mitreHeader {
			continue
		}
		cells, ok := tableRow(t)
		if !ok || len(cells) < 2 || cells[0] == "Tactic" {
			continue
		}
		for _, tech := range strings.Split(cells[1], ",") {
			id := strings.Fields(tech)
			if len(id) > 0 && mitreItemRe.MatchString(id[0]) {
				mitre = appendTechnique(mitre, ir.Technique{Technique: id[0]})
			}
		}
	}
	return title, desc, mitre
}

func appendTechnique(list []ir.Technique, t ir.Technique) []ir.Technique {
	for _, x := range list {
		if x == t {
			return list
		}
	}
	return append(list, t)
}

func hasAnyPrefix(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// tableRow splits a markdown table row into trimmed cells; the rendering
// drops the leading pipe and keeps trailing empty cells inconsistently, so
// trailing empty cells are dropped. Separator rows report ok=false.
func tableRow(t string) ([]string, bool) {
	if !strings.Contains(t, "|") {
		return nil, false
	}
	t = strings.TrimPrefix(strings.TrimSpace(t), "|")
	parts := strings.Split(t, "|")
	cells := make([]string, 0, len(parts))
	for _, c := range parts {
		cells = append(cells, strings.TrimSpace(c))
	}
	for len(cells) > 0 && cells[len(cells)-1] == "" {
		cells = cells[:len(cells)-1]
	}
	if len(cells) == 0 {
		return nil, false
	}
	sep := true
	for _, c := range cells {
		if strings.Trim(c, "-: ") != "" {
			sep = false
		}
	}
	return cells, !sep
}
