package sigma

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/rulec/rulec/ir"
)

// Parse reads every document of a Sigma YAML file and compiles its field
// matchers. Errors are positioned in file.
func Parse(file string, src []byte) ([]*Document, ir.ErrorList) {
	var errs ir.ErrorList
	dec := yaml.NewDecoder(bytes.NewReader(src))
	var docs []*Document
	for {
		var n yaml.Node
		err := dec.Decode(&n)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			errs.Add(yamlError(file, err))
			return nil, errs
		}
		if n.Kind != yaml.DocumentNode || len(n.Content) == 0 {
			continue
		}
		r := &reader{file: file, errs: &errs}
		if d := r.document(n.Content[0]); d != nil {
			docs = append(docs, d)
		}
	}
	if len(docs) == 0 && len(errs) == 0 {
		errs.Addf(file, ir.Pos{Line: 1, Col: 1}, ir.CodeSyntax, "sigma: no YAML document")
	}
	return docs, errs
}

// yamlError turns a yaml.v3 error ("yaml: line 3: ...") into a positioned one.
func yamlError(file string, err error) *ir.Error {
	msg := err.Error()
	line := 1
	if rest, ok := strings.CutPrefix(msg, "yaml: line "); ok {
		if i := strings.Index(rest, ":"); i > 0 {
			if n, err := strconv.Atoi(rest[:i]); err == nil {
				line = n
				msg = "yaml:" + rest[i+1:]
			}
		}
	}
	return ir.Errorf(file, ir.Pos{Line: line, Col: 1}, ir.CodeSyntax, "sigma: %s", msg)
}

type reader struct {
	file string
	errs *ir.ErrorList
}

func pos(n *yaml.Node) ir.Pos { return ir.Pos{Line: n.Line, Col: n.Column} }

func (r *reader) fail(n *yaml.Node, format string, args ...any) {
	r.errs.Addf(r.file, pos(n), ir.CodeSyntax, "sigma: "+format, args...)
}

func (r *reader) unsupported(at ir.Pos, format string, args ...any) {
	r.errs.Addf(r.file, at, ir.CodeUnsupported, "sigma: "+format, args...)
}

func (r *reader) document(n *yaml.Node) *Document {
	if n.Kind != yaml.MappingNode {
		r.fail(n, "a rule must be a YAML mapping")
		return nil
	}
	d := &Document{At: pos(n)}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		switch k.Value {
		case "title":
			d.Title = r.str(v)
		case "id":
			d.ID = r.str(v)
		case "name":
			d.Name = r.str(v)
		case "status":
			d.Status = r.str(v)
		case "description":
			d.Description = r.str(v)
		case "level":
			d.Level = r.str(v)
		case "references":
			d.References = r.strList(v)
		case "tags":
			d.Tags = r.strList(v)
		case "panther_tags":
			d.PantherTags = r.strList(v)
		case "fields":
			d.Fields = r.strList(v)
		case "falsepositives":
			d.FalsePositives = r.strList(v)
		case "logsource":
			d.Logsource = r.logsource(v)
		case "detection":
			d.Detection = r.detection(v)
		case "correlation":
			d.Correlation = r.correlation(v)
		}
	}
	if d.Detection == nil && d.Correlation == nil {
		r.fail(n, "the document has neither detection nor correlation")
		return nil
	}
	return d
}

func (r *reader) str(n *yaml.Node) string {
	if n.Kind != yaml.ScalarNode {
		r.fail(n, "expected a scalar")
		return ""
	}
	return n.Value
}

func (r *reader) strList(n *yaml.Node) []string {
	if n.Kind == yaml.ScalarNode {
		return []string{n.Value}
	}
	if n.Kind != yaml.SequenceNode {
		r.fail(n, "expected a list")
		return nil
	}
	var out []string
	for _, c := range n.Content {
		out = append(out, r.str(c))
	}
	return out
}

func (r *reader) logsource(n *yaml.Node) Logsource {
	var l Logsource
	if n.Kind != yaml.MappingNode {
		r.fail(n, "logsource must be a mapping")
		return l
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		switch k.Value {
		case "category":
			l.Category = r.str(v)
		case "product":
			l.Product = r.str(v)
		case "service":
			l.Service = r.str(v)
		case "definition":
			l.Definition = r.str(v)
		}
	}
	return l
}

func (r *reader) correlation(n *yaml.Node) *Correlation {
	c := &Correlation{At: pos(n), Condition: map[string]int{}}
	if n.Kind != yaml.MappingNode {
		r.fail(n, "correlation must be a mapping")
		return c
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		switch k.Value {
		case "type":
			c.Type = r.str(v)
		case "rules":
			c.Rules = r.strList(v)
		case "group-by":
			c.GroupBy = r.strList(v)
		case "timespan":
			c.Timespan = r.str(v)
		case "condition":
			if v.Kind != yaml.MappingNode {
				r.fail(v, "the correlation condition must be a mapping")
				continue
			}
			for j := 0; j+1 < len(v.Content); j += 2 {
				ck, cv := v.Content[j], v.Content[j+1]
				n, err := strconv.Atoi(cv.Value)
				if err != nil || cv.Kind != yaml.ScalarNode {
					r.fail(cv, "the correlation condition %s needs an integer", ck.Value)
					continue
				}
				c.Condition[ck.Value] = n
			}
		default:
			r.unsupported(pos(k), "correlation attribute %q is not supported", k.Value)
		}
	}
	return c
}

func (r *reader) detection(n *yaml.Node) *Detection {
	d := &Detection{}
	if n.Kind != yaml.MappingNode {
		r.fail(n, "detection must be a mapping")
		return d
	}
	var condNode *yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		switch k.Value {
		case "condition":
			condNode = v
		case "timeframe":
			r.unsupported(pos(k), "detection timeframe is not supported (write a correlation rule)")
		default:
			if s := r.search(k.Value, v); s != nil {
				d.Searches = append(d.Searches, s)
			}
		}
	}
	if condNode == nil {
		r.fail(n, "detection has no condition")
		return d
	}
	d.CondAt = pos(condNode)
	switch condNode.Kind {
	case yaml.ScalarNode:
		d.Cond = r.condition(condNode)
	case yaml.SequenceNode:
		// A list of conditions is their disjunction.
		or := &CondOr{}
		for _, c := range condNode.Content {
			if x := r.condition(c); x != nil {
				or.Xs = append(or.Xs, x)
			}
		}
		d.Cond = or
	default:
		r.fail(condNode, "condition must be a string or a list of strings")
	}
	return d
}

func (r *reader) search(name string, n *yaml.Node) *Search {
	s := &Search{Name: name, At: pos(n)}
	switch n.Kind {
	case yaml.MappingNode:
		// An empty map holds for every event, as an "and" of nothing.
		s.Maps = [][]*FieldMatcher{r.fieldMap(n)}
	case yaml.SequenceNode:
		for _, c := range n.Content {
			if c.Kind != yaml.MappingNode {
				r.unsupported(pos(c), "keyword search (a list of plain values in %s) is not supported: name the field", name)
				return nil
			}
			s.Maps = append(s.Maps, r.fieldMap(c))
		}
	default:
		r.unsupported(pos(n), "keyword search (a plain value in %s) is not supported: name the field", name)
		return nil
	}
	return s
}

func (r *reader) fieldMap(n *yaml.Node) []*FieldMatcher {
	var out []*FieldMatcher
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		parts := strings.Split(k.Value, "|")
		fm := &FieldMatcher{Field: parts[0], Mods: parts[1:], At: pos(k)}
		if fm.Field == "" {
			r.unsupported(pos(k), "keyword search (a key without a field name) is not supported")
			continue
		}
		switch v.Kind {
		case yaml.SequenceNode:
			for _, c := range v.Content {
				fm.Values = append(fm.Values, r.value(c))
			}
		default:
			fm.Values = []Value{r.value(v)}
		}
		fms, err := expandValueModifiers(fm)
		if err != nil {
			r.errs.Add(&ir.Error{File: r.file, Pos: err.at, Code: err.code, Msg: "sigma: " + err.msg})
			continue
		}
		for _, fm := range fms {
			if err := fm.compile(); err != nil {
				r.errs.Add(&ir.Error{File: r.file, Pos: err.at, Code: err.code, Msg: "sigma: " + err.msg})
				break
			}
			out = append(out, fm)
		}
	}
	return out
}

func (r *reader) value(n *yaml.Node) Value {
	v := Value{At: pos(n), Str: n.Value}
	if n.Kind != yaml.ScalarNode {
		r.fail(n, "a field value must be a scalar")
		return v
	}
	switch n.ShortTag() {
	case "!!null":
		v.Kind = ValNull
	case "!!bool":
		v.Kind = ValBool
		v.Bool = strings.EqualFold(n.Value, "true")
		var b bool
		if err := n.Decode(&b); err == nil {
			v.Bool = b
		}
	case "!!int", "!!float":
		v.Kind = ValNumber
		// Decimal text is read directly, which keeps -0 (YAML's int
		// resolution would turn it into 0); other forms (0x1f) go via YAML.
		f, ok := ir.ParseDecimal(n.Value)
		if !ok {
			if err := n.Decode(&f); err != nil || math.IsNaN(f) {
				r.fail(n, "invalid number %q", n.Value)
			}
		}
		v.Num = f
	default:
		v.Kind = ValString
	}
	return v
}

// condition parses one condition string.
func (r *reader) condition(n *yaml.Node) Cond {
	if n.Kind != yaml.ScalarNode {
		r.fail(n, "a condition must be a string")
		return nil
	}
	base := pos(n)
	if n.Style == yaml.DoubleQuotedStyle || n.Style == yaml.SingleQuotedStyle {
		base.Col++
	}
	p := &condParser{src: n.Value, base: base}
	p.lex()
	if p.err != nil {
		r.errs.Add(&ir.Error{File: r.file, Pos: p.err.at, Code: ir.CodeSyntax, Msg: "sigma: " + p.err.msg})
		return nil
	}
	c := p.or()
	if p.err == nil && p.i < len(p.toks) {
		p.errorf(p.toks[p.i], "unexpected %q in condition", p.toks[p.i].text)
	}
	if p.err != nil {
		r.errs.Add(&ir.Error{File: r.file, Pos: p.err.at, Code: ir.CodeSyntax, Msg: "sigma: " + p.err.msg})
		return nil
	}
	return c
}

type posError struct {
	at   ir.Pos
	code string
	msg  string
}

type condToken struct {
	text string
	off  int
}

type condParser struct {
	src  string
	base ir.Pos
	toks []condToken
	i    int
	err  *posError
}

func (p *condParser) at(off int) ir.Pos {
	// Conditions are one line; a multi-line scalar shifts lines, which we
	// count so that the position stays inside the right line.
	line, col := p.base.Line, p.base.Col
	for i := 0; i < off && i < len(p.src); i++ {
		if p.src[i] == '\n' {
			line++
			col = 1
		} else {
			col++
		}
	}
	return ir.Pos{Line: line, Col: col}
}

func (p *condParser) errorf(t condToken, format string, args ...any) {
	if p.err == nil {
		p.err = &posError{at: p.at(t.off), code: ir.CodeSyntax, msg: fmt.Sprintf(format, args...)}
	}
}

func (p *condParser) lex() {
	s := p.src
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c == '(' || c == ')':
			p.toks = append(p.toks, condToken{string(c), i})
			i++
		case c == '|':
			p.err = &posError{at: p.at(i), msg: "aggregation expressions (| count() ...) are not supported: write a correlation rule"}
			return
		default:
			j := i
			for j < len(s) && !strings.ContainsRune(" \t\n\r()|", rune(s[j])) {
				j++
			}
			p.toks = append(p.toks, condToken{s[i:j], i})
			i = j
		}
	}
}

func (p *condParser) peek() (condToken, bool) {
	if p.i < len(p.toks) {
		return p.toks[p.i], true
	}
	return condToken{off: len(p.src)}, false
}

func (p *condParser) keyword(t condToken, kw string) bool { return strings.EqualFold(t.text, kw) }

func (p *condParser) or() Cond {
	xs := []Cond{p.and()}
	for {
		t, ok := p.peek()
		if !ok || !p.keyword(t, "or") {
			break
		}
		p.i++
		xs = append(xs, p.and())
	}
	if len(xs) == 1 {
		return xs[0]
	}
	return &CondOr{Xs: xs}
}

func (p *condParser) and() Cond {
	xs := []Cond{p.unary()}
	for {
		t, ok := p.peek()
		if !ok || !p.keyword(t, "and") {
			break
		}
		p.i++
		xs = append(xs, p.unary())
	}
	if len(xs) == 1 {
		return xs[0]
	}
	return &CondAnd{Xs: xs}
}

func (p *condParser) unary() Cond {
	t, ok := p.peek()
	if !ok {
		p.errorf(t, "condition ends early")
		return &CondOr{}
	}
	switch {
	case p.keyword(t, "not"):
		p.i++
		return &CondNot{X: p.unary()}
	case t.text == "(":
		p.i++
		x := p.or()
		if c, ok := p.peek(); !ok || c.text != ")" {
			p.errorf(c, "missing ) in condition")
		} else {
			p.i++
		}
		return x
	case t.text == "1" || p.keyword(t, "all"):
		p.i++
		of, ok := p.peek()
		if !ok || !p.keyword(of, "of") {
			p.errorf(of, "expected \"of\" after %q", t.text)
			return &CondOr{}
		}
		p.i++
		pat, ok := p.peek()
		if !ok || pat.text == "(" || pat.text == ")" {
			p.errorf(pat, "expected a search identifier pattern or \"them\" after \"of\"")
			return &CondOr{}
		}
		p.i++
		return &CondOf{All: t.text != "1", Pattern: pat.text, At: p.at(t.off)}
	case t.text == ")":
		p.errorf(t, "unexpected ) in condition")
		return &CondOr{}
	case p.keyword(t, "and") || p.keyword(t, "or") || p.keyword(t, "of"):
		p.errorf(t, "unexpected %q in condition", t.text)
		return &CondOr{}
	}
	if n, err := strconv.Atoi(t.text); err == nil && n > 1 {
		p.errorf(t, "%q of: only \"1 of\" and \"all of\" are defined", t.text)
		return &CondOr{}
	}
	p.i++
	return &CondRef{Name: t.text, At: p.at(t.off)}
}
