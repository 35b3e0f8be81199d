package kql

import (
	"fmt"
	"net/netip"
	"strings"

	"github.com/rulec/rulec/ir"
)

// Lower turns a parsed KQL query into an IR condition, reading field names
// and types through mapping m (so an ECS query comes back with the log's own
// paths, and "403" on a numeric field is the number 403). It accepts the
// subset the IR expresses: field: value, value lists, * wildcards, ranges
// on numeric fields, networks on ip fields, exists, and the presence test
// rulec emits for is_not_null. pos maps a byte offset of the query to a
// position in its file.
func Lower(n Node, m Mapping, file string, pos func(off int) ir.Pos) (ir.Expr, error) {
	l := &lowerer{m: m, file: file, pos: pos}
	return l.node(n)
}

type lowerer struct {
	m    Mapping
	file string
	pos  func(int) ir.Pos
	nest string // inside a nested query: its path (field names are relative)
	// caseless: the last path read was NAME.caseless, so its predicate is
	// the "~" form.
	caseless bool
}

func (l *lowerer) errf(off int, format string, args ...any) error {
	return ir.Errorf(l.file, l.pos(off), ir.CodeUnsupported, "kql: "+format, args...)
}

func (l *lowerer) node(n Node) (ir.Expr, error) {
	switch x := n.(type) {
	case *OrNode:
		xs, err := l.orList(x.Xs)
		if err != nil {
			return nil, err
		}
		if len(xs) == 1 {
			return xs[0], nil
		}
		return &ir.Or{At: xs[0].Pos(), Xs: xs}, nil
	case *AndNode:
		var xs []ir.Expr
		for _, c := range x.Xs {
			e, err := l.node(c)
			if err != nil {
				return nil, err
			}
			xs = append(xs, e)
		}
		return &ir.And{At: xs[0].Pos(), Xs: xs}, nil
	case *NotNode:
		e, err := l.node(x.X)
		if err != nil {
			return nil, err
		}
		return &ir.Not{At: e.Pos(), X: e}, nil
	case *Is:
		return l.is(x)
	case *Range:
		return l.rangeNode(x)
	case *Nested:
		if l.nest != "" {
			return nil, l.errf(x.Off, "a nested query inside a nested query is not supported")
		}
		if x.Path.Kind != LitString {
			return nil, l.errf(x.Off, "field-name wildcards are not supported")
		}
		raw, ok := l.m.rawPath(x.Path.Text)
		if !ok {
			return nil, l.errf(x.Off, "field %s is not in the %s mapping of log type %q", x.Path.Text, l.m.Profile, l.m.LogType)
		}
		l.nest = x.Path.Text
		e, err := l.node(x.X)
		l.nest = ""
		if err != nil {
			return nil, err
		}
		return &ir.Quant{At: l.pos(x.Off), Path: ir.ParsePath(raw), X: e}, nil
	}
	return nil, fmt.Errorf("kql: unknown node %T", n)
}

// orList lowers the operands of an or, folding the pair
// `P > "" or P.*: *` (rulec's is_not_null on a path that may hold an
// object) back into is_not_null.
func (l *lowerer) orList(ns []Node) ([]ir.Expr, error) {
	var out []ir.Expr
	used := make([]bool, len(ns))
	for i, n := range ns {
		if used[i] {
			continue
		}
		if r, ok := n.(*Range); ok && r.Op == "gt" && r.Field.Kind == LitString && r.Value.Kind == LitString && r.Value.Text == "" {
			for j := i + 1; j < len(ns); j++ {
				if is, ok := ns[j].(*Is); ok && !used[j] && is.Value.IsLoneWildcard() && is.Field.Kind == LitWildcard &&
					len(is.Field.Parts) == 2 && is.Field.Parts[0] == r.Field.Text+"." && is.Field.Parts[1] == "" {
					used[j] = true
					p, _, err := l.path(r.Field, r.Off)
					if err != nil {
						return nil, err
					}
					out = append(out, isNotNull(p, l.pos(r.Off)))
					goto next
				}
			}
		}
		{
			e, err := l.node(n)
			if err != nil {
				return nil, err
			}
			out = append(out, e)
		}
	next:
	}
	return out, nil
}

func isNotNull(p ir.Path, at ir.Pos) ir.Expr {
	return &ir.Not{At: at, Form: ir.NotIsNotNull, X: &ir.Pred{At: at, Field: p, Op: ir.OpIsNull}}
}

// path resolves a field literal to an IR path and the field's type.
func (l *lowerer) path(f Literal, off int) (ir.Path, FieldType, error) {
	if f.Kind != LitString {
		return ir.Path{}, 0, l.errf(off, "field-name wildcards are not supported")
	}
	name := f.Text
	if l.nest != "" {
		name = l.nest + "." + name
	}
	t, _ := l.m.typeOf(name)
	raw, ok := l.m.rawPath(name)
	if !ok && l.m.Profile == Raw {
		raw = name
		ok = true
	}
	l.caseless = false
	if l.m.Profile == Raw {
		if _, ok := strings.CutSuffix(name, caselessSuffix); ok && t == Keyword {
			// NAME.caseless is the "~" form of NAME (see caselessSuffix).
			raw, l.caseless = strings.TrimSuffix(raw, caselessSuffix), true
		}
		if base, isIP := strings.CutSuffix(name, ".ip"); isIP && t == IP {
			raw = base
		} else if t == KeywordIP {
			t = Keyword
		}
	}
	if !ok {
		return ir.Path{}, 0, l.errf(off, "field %s is not in the %s mapping of log type %q", name, l.m.Profile, l.m.LogType)
	}
	if l.nest != "" {
		nestRaw, _ := l.m.rawPath(l.nest)
		raw = strings.TrimPrefix(raw, nestRaw+".")
	}
	p := ir.ParsePath(raw)
	for _, s := range p.Segs {
		if s == "" {
			return ir.Path{}, 0, l.errf(off, "field %q has an empty segment", name)
		}
	}
	return p, t, nil
}

func (l *lowerer) is(x *Is) (ir.Expr, error) {
	if f := x.Field; f.Kind == LitWildcard && len(f.Parts) == 2 && f.Parts[1] == "" && x.Value.IsLoneWildcard() && strings.HasSuffix(f.Parts[0], ".") {
		// P.*: * is rulec's is_not_null on a path the model says holds
		// objects.
		base := Literal{Kind: LitString, Text: strings.TrimSuffix(f.Parts[0], ".")}
		if raw, ok := l.m.rawPath(base.Text); ok {
			if fd, _ := l.m.resolve(raw); fd.Object {
				p, _, err := l.path(base, x.Off)
				if err != nil {
					return nil, err
				}
				return isNotNull(p, l.pos(x.Off)), nil
			}
		}
	}
	p, t, err := l.path(x.Field, x.Off)
	if err != nil {
		return nil, err
	}
	at := l.pos(x.Off)
	pred := &ir.Pred{At: at, ArgPos: at, Field: p}
	v := x.Value
	if v.IsLoneWildcard() {
		if t != Keyword || l.m.Profile == ECS {
			return isNotNull(p, at), nil
		}
		// On a keyword, f:* also counts "": any string, or any present value.
		g, _ := ir.ParseGlob("*")
		return &ir.Or{At: at, Xs: []ir.Expr{&ir.Pred{At: at, ArgPos: at, Field: p, Op: ir.OpWildcard, Args: []ir.Value{ir.String("*")}, Glob: g}, isNotNull(p, at)}}, nil
	}
	if v.Kind == LitNull {
		return nil, l.errf(x.Off, "null is not a searchable value")
	}
	switch t {
	case Keyword:
		if l.caseless {
			if v.Kind != LitString && v.Kind != LitWildcard {
				return nil, l.errf(x.Off, "a caseless field takes text")
			}
			e, err := l.keywordValue(pred, v)
			if err != nil {
				return nil, err
			}
			q := e.(*ir.Pred)
			q.Op = q.Op.Fold()
			if q.Op == ir.OpWildcardFold {
				if q.Glob, err = ir.CompileGlob(q.Op, q.Str()); err != nil {
					return nil, err
				}
			}
			return q, nil
		}
		return l.keywordValue(pred, v)
	case Double:
		text, err := termText(v)
		if err != nil || v.Kind == LitWildcard {
			return nil, l.errf(x.Off, "a numeric field takes a number")
		}
		n, ok := ir.NewNumber(text)
		if !ok {
			return nil, l.errf(x.Off, "%q is not a number", text)
		}
		pred.Op, pred.Args = ir.OpEq, []ir.Value{n}
		return pred, nil
	case Boolean:
		switch v.Kind {
		case LitTrue:
			pred.Op, pred.Args = ir.OpEq, []ir.Value{ir.Bool(true)}
		case LitFalse:
			pred.Op, pred.Args = ir.OpEq, []ir.Value{ir.Bool(false)}
		default:
			if v.Kind == LitString && (v.Text == "true" || v.Text == "false") {
				pred.Op, pred.Args = ir.OpEq, []ir.Value{ir.Bool(v.Text == "true")}
			} else {
				return nil, l.errf(x.Off, "a boolean field takes true or false")
			}
		}
		return pred, nil
	case IP:
		if v.Kind != LitString {
			return nil, l.errf(x.Off, "an ip field takes an address or a network")
		}
		if strings.Contains(v.Text, "/") {
			n, err := netip.ParsePrefix(v.Text)
			if err != nil {
				return nil, l.errf(x.Off, "%q is not a network", v.Text)
			}
			pred.Op, pred.Args, pred.Net = ir.OpCIDR, []ir.Value{ir.String(v.Text)}, n.Masked()
			return pred, nil
		}
		pred.Op, pred.Args = ir.OpEq, []ir.Value{ir.String(v.Text)}
		return pred, nil
	}
	return nil, l.errf(x.Off, "unknown field type")
}

// wildcard lowers literal parts joined by * to starts_with, ends_with,
// contains or a wildcard pattern.
func (l *lowerer) wildcard(p *ir.Pred, parts []string) (ir.Expr, error) {
	n := len(parts)
	switch {
	case n == 2 && parts[1] == "" && parts[0] != "":
		p.Op, p.Args = ir.OpStartsWith, []ir.Value{ir.String(parts[0])}
		return p, nil
	case n == 2 && parts[0] == "" && parts[1] != "":
		p.Op, p.Args = ir.OpEndsWith, []ir.Value{ir.String(parts[1])}
		return p, nil
	case n == 3 && parts[0] == "" && parts[2] == "" && parts[1] != "":
		p.Op, p.Args = ir.OpContains, []ir.Value{ir.String(parts[1])}
		return p, nil
	}
	g := &ir.Glob{}
	for i, s := range parts {
		if i > 0 {
			g.Parts = append(g.Parts, ir.GlobPart{Kind: ir.PartAnyRun})
		}
		if s != "" {
			g.Parts = append(g.Parts, ir.GlobPart{Kind: ir.PartLit, Text: s})
		}
	}
	src := g.String()
	parsed, err := ir.ParseGlob(src)
	if err != nil {
		return nil, err
	}
	p.Op, p.Args, p.Glob = ir.OpWildcard, []ir.Value{ir.String(src)}, parsed
	return p, nil
}

func (l *lowerer) rangeNode(x *Range) (ir.Expr, error) {
	p, t, err := l.path(x.Field, x.Off)
	if err != nil {
		return nil, err
	}
	at := l.pos(x.Off)
	text, err := termText(x.Value)
	if err != nil || x.Value.Kind == LitWildcard {
		return nil, l.errf(x.Off, "a range takes a plain value")
	}
	switch t {
	case Keyword:
		if x.Op == "gt" && text == "" {
			// Every non-empty term sorts after "": rulec's is_not_null.
			return isNotNull(p, at), nil
		}
		return nil, l.errf(x.Off, "a range on keyword field %s compares text, which the IR does not express", x.Field.Text)
	case Double:
		n, ok := ir.NewNumber(text)
		if !ok {
			return nil, l.errf(x.Off, "%q is not a number", text)
		}
		op := map[string]ir.Op{"gt": ir.OpGt, "gte": ir.OpGte, "lt": ir.OpLt, "lte": ir.OpLte}[x.Op]
		return &ir.Pred{At: at, ArgPos: at, Field: p, Op: op, Args: []ir.Value{n}}, nil
	}
	return nil, l.errf(x.Off, "a range on a %s field", t)
}

// keywordValue lowers field: value on a keyword: equality, or a pattern.
func (l *lowerer) keywordValue(pred *ir.Pred, v Literal) (ir.Expr, error) {
	if v.Kind == LitWildcard {
		return l.wildcard(pred, v.Parts)
	}
	pred.Op = ir.OpEq
	switch v.Kind {
	case LitTrue:
		pred.Args = []ir.Value{ir.Bool(true)}
	case LitFalse:
		pred.Args = []ir.Value{ir.Bool(false)}
	default:
		pred.Args = []ir.Value{ir.String(v.Text)}
	}
	return pred, nil
}
