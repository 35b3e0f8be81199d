package parser

import (
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/rulec/rulec/ir"
)

// pageReader holds the state of reading one page.
type pageReader struct {
	file string
	r    *ir.Rule
	errs ir.ErrorList

	keyAt map[string]ir.Pos // where each top-level key of the body sits
}

func (p *pageReader) errorf(at ir.Pos, code, format string, args ...any) {
	p.errs.Addf(p.file, at, code, format, args...)
}

func (p *pageReader) warnf(at ir.Pos, format string, args ...any) {
	e := ir.Errorf(p.file, at, ir.CodeLint, format, args...)
	e.Warning = true
	p.errs.Add(e)
}

// readBody reads the "Rule body yaml" lines into p.r.
func (p *pageReader) readBody(lines []pageLine) {
	stray, chunks := splitBody(lines)
	for _, ln := range stray {
		p.errorf(ir.Pos{Line: ln.no, Col: 1}, ir.CodePage, "rule body: %q is not a key of Panther's rule schema", clip(ln.text))
		break
	}
	p.keyAt = map[string]ir.Pos{}
	var tests *bodyChunk
	for _, c := range chunks {
		p.keyAt[c.key] = ir.Pos{Line: c.lines[0].no, Col: 1}
		if c.key == "Tests" {
			tests = c
			continue
		}
		c.reindent()
		n, err := parseChunk(c.lines, c.indent)
		if err != nil {
			p.errs.Add(yamlError(p.file, c.lines, err, c.key))
			continue
		}
		if n.Kind != yaml.MappingNode || len(n.Content) != 2 {
			p.errorf(ir.Pos{Line: c.lines[0].no, Col: 1}, ir.CodePage, "%s: cannot rebuild its value", c.key)
			continue
		}
		p.meta(c, n.Content[1])
	}
	if tests != nil {
		p.readTests(tests)
	}
}

func clip(s string) string {
	s = strings.TrimSpace(s)
	if len(s) > 60 {
		return s[:57] + "..."
	}
	return s
}

// meta stores the value of one top-level key.
func (p *pageReader) meta(c *bodyChunk, v *yaml.Node) {
	r := p.r
	at := nodePos(c.lines, c.indent, v)
	str := func() string {
		if v.Kind != yaml.ScalarNode {
			p.errorf(at, ir.CodePage, "%s must be a string", c.key)
			return ""
		}
		return v.Value
	}
	list := func() []string {
		switch v.Kind {
		case yaml.ScalarNode:
			if v.ShortTag() == "!!null" {
				return nil
			}
			return []string{v.Value}
		case yaml.SequenceNode:
			var out []string
			for _, e := range v.Content {
				if e.Kind != yaml.ScalarNode {
					p.errorf(nodePos(c.lines, c.indent, e), ir.CodePage, "%s: every item must be a string", c.key)
					continue
				}
				out = append(out, e.Value)
			}
			return out
		}
		p.errorf(at, ir.CodePage, "%s must be a list of strings", c.key)
		return nil
	}
	boolean := func() bool {
		var b bool
		if v.Kind != yaml.ScalarNode || v.Decode(&b) != nil {
			p.errorf(at, ir.CodePage, "%s must be true or false", c.key)
		}
		return b
	}
	integer := func() int {
		n, err := strconv.Atoi(v.Value)
		if v.Kind != yaml.ScalarNode || err != nil || n < 0 {
			p.errorf(at, ir.CodePage, "%s must be a whole number", c.key)
		}
		return n
	}
	switch c.key {
	case "AnalysisType":
		r.AnalysisType = str()
		switch r.AnalysisType {
		case "rule", "scheduled_rule":
		default:
			p.warnf(at, "AnalysisType %q: rulec reads rules and scheduled rules", r.AnalysisType)
		}
	case "Enabled":
		r.Enabled = boolean()
	case "Filename":
		r.Filename = str()
	case "RuleID":
		r.ID = str()
		if strings.IndexFunc(r.ID, func(c rune) bool { return c < ' ' || c == 0x7f }) >= 0 {
			p.errorf(at, ir.CodePage, "RuleID %q must be one line of printable text", r.ID)
			r.ID = strings.Join(strings.FieldsFunc(r.ID, func(c rune) bool { return c < ' ' || c == 0x7f }), " ")
		}
		if strings.ContainsAny(r.ID, `<>&"%`) {
			p.errorf(at, ir.CodePage, "RuleID %q holds a character Panther forbids (< > & \" %%)", r.ID)
		}
	case "DisplayName":
		r.Title = str()
	case "Description":
		r.Description = strings.TrimSpace(str())
	case "Severity":
		s := str()
		sev, ok := severityOf(s)
		if !ok {
			p.errorf(at, ir.CodePage, "Severity %q: want Info, Low, Medium, High or Critical", s)
		}
		r.Severity = sev
	case "LogTypes":
		r.LogTypes = list()
	case "Tags":
		r.Tags = list()
	case "Reports":
		p.reports(c, v)
	case "Reference", "References":
		r.References = append(r.References, list()...)
	case "Runbook":
		r.Runbook = strings.TrimSpace(str())
	case "SummaryAttributes":
		r.SummaryAttributes = list()
	case "Threshold":
		r.Threshold = integer()
	case "DedupPeriodMinutes":
		r.DedupPeriodMinutes = integer()
	case "Status":
		r.Status = str()
	case "CreateAlert":
		b := boolean()
		r.CreateAlert = &b
	case "OutputIds":
		r.OutputIDs = list()
	}
}

var mitreItemRe = regexp.MustCompile(`^(?:(TA\d{4}):)?(T\d{4}(?:\.\d{3})?)$`)

// reports reads Reports: framework → items; MITRE ATT&CK items become
// techniques.
func (p *pageReader) reports(c *bodyChunk, v *yaml.Node) {
	if v.Kind != yaml.MappingNode {
		p.errorf(nodePos(c.lines, c.indent, v), ir.CodePage, "Reports must map a framework to a list")
		return
	}
	for i := 0; i+1 < len(v.Content); i += 2 {
		k, val := v.Content[i], v.Content[i+1]
		rep := ir.Report{Framework: k.Value}
		items := []*yaml.Node{val}
		if val.Kind == yaml.SequenceNode {
			items = val.Content
		}
		for _, it := range items {
			if it.Kind != yaml.ScalarNode || it.ShortTag() == "!!null" {
				continue
			}
			rep.Items = append(rep.Items, it.Value)
			if k.Value != "MITRE ATT&CK" {
				continue
			}
			m := mitreItemRe.FindStringSubmatch(strings.TrimSpace(it.Value))
			if m == nil {
				p.warnf(nodePos(c.lines, c.indent, it), "MITRE ATT&CK item %q is not TAxxxx:Txxxx[.xxx]", it.Value)
				continue
			}
			p.r.Mitre = append(p.r.Mitre, ir.Technique{Tactic: m[1], Technique: m[2]})
		}
		p.r.Reports = append(p.r.Reports, rep)
	}
}
