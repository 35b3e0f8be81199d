package parser

import (
	"sort"
	"strings"

	"github.com/rulec/rulec/ir"
)

// Reading the "Detection logic" section and the tables after it.

func linePos(ln pageLine) ir.Pos {
	col := len(ln.text) - len(strings.TrimLeft(ln.text, " \t")) + 1
	return ir.Pos{Line: ln.no, Col: col}
}

func isLogicSection(t string) bool {
	return t == exclusionsHeader || t == indicatorsHeader || t == outputHeader
}

// tableRowAt is a table row and the line it sits on.
type tableRowAt struct {
	cells []string
	line  pageLine
}

// readLogic reads lines[0] == "Detection logic" and everything after it.
func (p *pageReader) readLogic(lines []pageLine) {
	r := p.r
	i := 1
	for i < len(lines) && strings.TrimSpace(lines[i].text) == "" {
		i++
	}
	if i >= len(lines) {
		p.errorf(linePos(lines[0]), ir.CodePage, "rule %s: the Detection logic section is empty: no Condition", r.ID)
		return
	}
	kind := strings.TrimSpace(lines[i].text)
	switch kind {
	case conditionHeader:
	case filterHeader, imperativeHeader:
		p.errorf(linePos(lines[i]), ir.CodeImperative, "rule %s has no Condition: its detection logic is imperative Python, which rulec cannot express", r.ID)
		return
	case stageHeader:
		p.errorf(linePos(lines[i]), ir.CodeImperative, "rule %s has no Condition: its detection logic is a scheduled query in stages, which rulec cannot express", r.ID)
		return
	default:
		p.errorf(linePos(lines[i]), ir.CodePage, "rule %s: Detection logic must start with %q, found %q", r.ID, conditionHeader, clip(kind))
		return
	}
	condAt := lines[i]
	var cond []Line
	var texts []string
	j := i + 1
	inNote := false
	for ; j < len(lines); j++ {
		t := strings.TrimSpace(lines[j].text)
		if isLogicSection(t) {
			break
		}
		if strings.HasPrefix(t, partialNote) {
			r.Partial = true
			inNote = true
		}
		if inNote || t == "" {
			continue
		}
		cond = append(cond, Line{Text: lines[j].text, At: ir.Pos{Line: lines[j].no, Col: 1}})
		texts = append(texts, t)
	}
	r.CondText = strings.Join(texts, "\n")
	e, cerrs := ParseCondition(cond, ConditionOptions{File: p.file})
	for _, ce := range cerrs {
		p.errs.Add(ce)
	}
	if e == nil && len(cerrs) == 0 {
		p.errorf(linePos(condAt), ir.CodePage, "rule %s: empty Condition", r.ID)
	}
	r.Cond = e

	tables := map[string][]tableRowAt{}
	header := map[string]pageLine{}
	section := ""
	for ; j < len(lines); j++ {
		t := strings.TrimSpace(lines[j].text)
		if isLogicSection(t) {
			section = t
			header[t] = lines[j]
			continue
		}
		cells, ok := tableRow(t)
		if section == "" || !ok || cells[0] == "Field" {
			continue
		}
		tables[section] = append(tables[section], tableRowAt{cells, lines[j]})
	}
	for _, row := range tables[outputHeader] {
		f := ir.OutputField{Name: row.cells[0]}
		if len(row.cells) > 1 && row.cells[1] != row.cells[0] {
			f.Source = row.cells[1]
		}
		r.OutputFields = append(r.OutputFields, f)
	}
	if e != nil {
		p.crossCheckExclusions(tables[exclusionsHeader], header[exclusionsHeader])
		p.crossCheckIndicators(tables[indicatorsHeader])
	}
}

// predFields collects the fields the predicates under e test, as the page
// tables name them (page-format.md; panther-v2/README.md): a path inside a
// quantifier is written from the log (quantifier path, then the element's
// path; "@" is the quantifier path itself), and a field reference lists its
// left-hand field, its field(G) being the value.
func predFields(e ir.Expr, into map[string]bool) {
	predFieldsFrom(e, "", into)
}

func predFieldsFrom(e ir.Expr, base string, into map[string]bool) {
	join := func(p ir.Path) string {
		switch {
		case base == "":
			return p.Written()
		case p.IsElem():
			return base
		}
		return base + "." + p.String()
	}
	switch x := e.(type) {
	case *ir.And:
		for _, c := range x.Xs {
			predFieldsFrom(c, base, into)
		}
	case *ir.Or:
		for _, c := range x.Xs {
			predFieldsFrom(c, base, into)
		}
	case *ir.Not:
		predFieldsFrom(x.X, base, into)
	case *ir.Pred:
		into[join(x.Field)] = true
	case *ir.FieldPred:
		into[join(x.Field)] = true
	case *ir.Quant:
		predFieldsFrom(x.X, join(x.Path), into)
	}
}

// crossCheckExclusions compares the Exclusions table with the Condition: the
// table lists the predicates under the top-level "not" conjuncts
// (page-format.md §1.3). The Condition is the source of truth, so a
// disagreement is a warning. The table renders operators loosely (is_null as
// "eq" with a blank value), so the check compares fields.
func (p *pageReader) crossCheckExclusions(rows []tableRowAt, header pageLine) {
	want := map[string]bool{}
	for _, c := range p.r.Conjuncts() {
		// "F is_not_null" is a requirement, not an exclusion, to the catalog.
		if n, ok := c.(*ir.Not); ok && n.Form != ir.NotIsNotNull {
			predFields(n.X, want)
		}
	}
	got := map[string]bool{}
	for _, row := range rows {
		got[row.cells[0]] = true
		if !want[row.cells[0]] {
			p.warnf(linePos(row.line), "rule %s: the Exclusions table lists %q, which no top-level \"not\" of the Condition tests", p.r.ID, row.cells[0])
		}
	}
	var missing []string
	for f := range want {
		if !got[f] {
			missing = append(missing, f)
		}
	}
	if len(missing) == 0 {
		return
	}
	sort.Strings(missing)
	at := ir.Pos{Line: p.r.At.Line, Col: 1}
	if header.no > 0 {
		at = linePos(header)
	} else if c := p.r.Cond; c != nil {
		at = c.Pos()
	}
	p.warnf(at, "rule %s: the Condition excludes on %s, which the Exclusions table does not list", p.r.ID, strings.Join(missing, ", "))
}

// crossCheckIndicators checks that every field the Indicators table names is
// one the Condition tests.
func (p *pageReader) crossCheckIndicators(rows []tableRowAt) {
	fields := map[string]bool{}
	predFields(p.r.Cond, fields)
	for _, row := range rows {
		if !fields[row.cells[0]] {
			p.warnf(linePos(row.line), "rule %s: the Indicators table lists %q, which the Condition does not test", p.r.ID, row.cells[0])
		}
	}
}
