package golang

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"net/netip"
	"regexp"
	"strconv"
	"strings"

	"github.com/rulec/rulec/backends"
	"github.com/rulec/rulec/ir"
	"github.com/rulec/rulec/match"
)

// interpret reads the Go source generated for one rule back with go/parser
// and evaluates it: the field constants and schema of the registry, the
// package-level values of the rule's file, its helper functions and the
// expression its function returns, each call going to the same runtime
// function the compiled code calls. Only the forms the generator writes are
// accepted; anything else is an error naming its position. This is how
// Checker.Compile checks one rule without a build (the differential tests
// compile thousands of rules); `rulec test` builds the real package.
func interpret(r *ir.Rule) (backends.Program, error) {
	files, err := Generate([]*ir.Rule{r}, Options{Package: "generated"})
	if err != nil {
		return nil, err
	}
	return interpretFiles(files)
}

// interpretFiles evaluates a generated package of one rule.
func interpretFiles(files []backends.File) (backends.Program, error) {
	in := &interp{fset: token.NewFileSet(), fields: map[string]int{}, values: map[string]any{}, sets: map[string]map[string]bool{}}
	var ruleSrc []byte
	var ruleName string
	for _, f := range files {
		if f.Name == RegistryFile {
			if err := in.registry(f); err != nil {
				return nil, err
			}
		} else {
			ruleSrc, ruleName = f.Data, f.Name
		}
	}
	fn, err := in.ruleFile(ruleName, ruleSrc)
	if err != nil {
		return nil, err
	}
	return &interpProgram{schema: in.schema, match: fn}, nil
}

type interp struct {
	fset   *token.FileSet
	fields map[string]int // field constant → slot
	schema *match.Schema
	values map[string]any             // package-level variables
	sets   map[string]map[string]bool // helper functions over string lists
}

func (in *interp) errorf(n ast.Node, format string, args ...any) error {
	return fmt.Errorf("go: generated code at %s: %s", in.fset.Position(n.Pos()), fmt.Sprintf(format, args...))
}

func (in *interp) registry(f backends.File) error {
	file, err := parser.ParseFile(in.fset, f.Name, f.Data, 0)
	if err != nil {
		return err
	}
	var paths [][]string
	for _, d := range file.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok {
			continue
		}
		for _, spec := range g.Specs {
			switch s := spec.(type) {
			case *ast.ValueSpec:
				if g.Tok == token.CONST {
					for _, name := range s.Names {
						in.fields[name.Name] = len(in.fields)
					}
					continue
				}
				if len(s.Names) != 1 || s.Names[0].Name != "Schema" {
					continue
				}
				call, ok := s.Values[0].(*ast.CallExpr)
				if !ok {
					return in.errorf(s, "Schema is not a call")
				}
				for _, arg := range call.Args {
					lit, ok := arg.(*ast.CompositeLit)
					if !ok {
						return in.errorf(arg, "a schema path is not a composite literal")
					}
					var segs []string
					for _, el := range lit.Elts {
						seg, err := in.str(el)
						if err != nil {
							return err
						}
						segs = append(segs, seg)
					}
					paths = append(paths, segs)
				}
			}
		}
	}
	if len(paths) != len(in.fields) {
		return fmt.Errorf("go: generated registry has %d field constants for %d schema paths", len(in.fields), len(paths))
	}
	in.schema = match.NewSchema(paths...)
	return nil
}

func (in *interp) ruleFile(name string, src []byte) (func(*match.Event) bool, error) {
	file, err := parser.ParseFile(in.fset, name, src, 0)
	if err != nil {
		return nil, err
	}
	var body *ast.FuncDecl
	for _, d := range file.Decls {
		switch x := d.(type) {
		case *ast.GenDecl:
			if x.Tok != token.VAR {
				continue
			}
			for _, spec := range x.Specs {
				s := spec.(*ast.ValueSpec)
				if len(s.Names) != 1 || len(s.Values) != 1 {
					return nil, in.errorf(s, "unexpected variable declaration")
				}
				v, err := in.value(s.Values[0])
				if err != nil {
					return nil, err
				}
				in.values[s.Names[0].Name] = v
			}
		case *ast.FuncDecl:
			if x.Type.Results == nil || len(x.Body.List) == 0 {
				return nil, in.errorf(x, "unexpected function")
			}
			if len(x.Body.List) == 2 {
				if _, isSwitch := x.Body.List[0].(*ast.SwitchStmt); isSwitch {
					set, err := in.helper(x)
					if err != nil {
						return nil, err
					}
					in.sets[x.Name.Name] = set
					continue
				}
			}
			if body != nil {
				return nil, in.errorf(x, "a second rule function")
			}
			body = x
		}
	}
	if body == nil || len(body.Body.List) != 1 {
		return nil, fmt.Errorf("go: generated %s has no rule function of one return", name)
	}
	ret, ok := body.Body.List[0].(*ast.ReturnStmt)
	if !ok || len(ret.Results) != 1 {
		return nil, in.errorf(body, "the rule function is not one return")
	}
	return in.expr(ret.Results[0])
}

// helper reads `func inX(s string) bool { switch s { case "a", ...: return true }; return false }`.
func (in *interp) helper(fn *ast.FuncDecl) (map[string]bool, error) {
	sw := fn.Body.List[0].(*ast.SwitchStmt)
	set := map[string]bool{}
	for _, st := range sw.Body.List {
		cc, ok := st.(*ast.CaseClause)
		if !ok || len(cc.Body) != 1 {
			return nil, in.errorf(st, "unexpected case")
		}
		for _, e := range cc.List {
			s, err := in.str(e)
			if err != nil {
				return nil, err
			}
			set[s] = true
		}
	}
	return set, nil
}

func (in *interp) str(e ast.Expr) (string, error) {
	lit, ok := e.(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return "", in.errorf(e, "not a string literal")
	}
	return strconv.Unquote(lit.Value)
}

func (in *interp) char(e ast.Expr) (rune, error) {
	lit, ok := e.(*ast.BasicLit)
	if !ok || lit.Kind != token.CHAR {
		return 0, in.errorf(e, "not a rune literal")
	}
	s, err := strconv.Unquote(lit.Value)
	if err != nil {
		return 0, err
	}
	r := []rune(s)
	if len(r) != 1 {
		return 0, in.errorf(e, "not one rune")
	}
	return r[0], nil
}

// callName returns "pkg.Func" for a qualified call.
func callName(e ast.Expr) string {
	if sel, ok := e.(*ast.SelectorExpr); ok {
		if id, ok := sel.X.(*ast.Ident); ok {
			return id.Name + "." + sel.Sel.Name
		}
	}
	return ""
}

// value evaluates a package-level initializer.
func (in *interp) value(e ast.Expr) (any, error) {
	switch x := e.(type) {
	case *ast.CallExpr:
		name := callName(x.Fun)
		switch name {
		case "match.StrLit", "match.NumLit", "regexp.MustCompile", "netip.MustParsePrefix":
			if len(x.Args) != 1 {
				return nil, in.errorf(x, "%s takes one argument", name)
			}
			s, err := in.str(x.Args[0])
			if err != nil {
				return nil, err
			}
			switch name {
			case "match.StrLit":
				return match.StrLit(s), nil
			case "match.NumLit":
				if !match.IsDecimal(s) {
					return nil, in.errorf(x, "NumLit of %q", s)
				}
				return match.NumLit(s), nil
			case "regexp.MustCompile":
				return regexp.Compile(s)
			default:
				return netip.ParsePrefix(s)
			}
		case "match.BoolLit":
			if id, ok := x.Args[0].(*ast.Ident); ok && (id.Name == "true" || id.Name == "false") {
				return match.BoolLit(id.Name == "true"), nil
			}
		}
	case *ast.CompositeLit:
		if callName(x.Type.(*ast.ArrayType).Elt) == "match.Lit" {
			var ls []match.Lit
			for _, el := range x.Elts {
				v, err := in.value(el)
				if err != nil {
					return nil, err
				}
				l, ok := v.(match.Lit)
				if !ok {
					return nil, in.errorf(el, "not a literal")
				}
				ls = append(ls, l)
			}
			return ls, nil
		}
	case *ast.UnaryExpr:
		if lit, ok := x.X.(*ast.CompositeLit); ok && x.Op == token.AND && callName(lit.Type) == "match.Glob" {
			return in.glob(lit)
		}
	}
	return nil, in.errorf(e, "unexpected initializer")
}

var partKindNames = map[string]match.PartKind{
	"match.PartLit": match.PartLit, "match.PartAnyRun": match.PartAnyRun,
	"match.PartAnyOne": match.PartAnyOne, "match.PartClass": match.PartClass,
}

func (in *interp) glob(lit *ast.CompositeLit) (*match.Glob, error) {
	g := &match.Glob{}
	if len(lit.Elts) != 1 {
		return nil, in.errorf(lit, "a glob has one field")
	}
	parts := lit.Elts[0].(*ast.KeyValueExpr).Value.(*ast.CompositeLit)
	for _, el := range parts.Elts {
		var p match.GlobPart
		for _, f := range el.(*ast.CompositeLit).Elts {
			kv, ok := f.(*ast.KeyValueExpr)
			if !ok {
				return nil, in.errorf(f, "a glob part field without a key")
			}
			var err error
			switch kv.Key.(*ast.Ident).Name {
			case "Kind":
				k, ok := partKindNames[callName(kv.Value)]
				if !ok {
					return nil, in.errorf(kv, "unknown part kind")
				}
				p.Kind = k
			case "Text":
				p.Text, err = in.str(kv.Value)
			case "Negated":
				p.Negated = kv.Value.(*ast.Ident).Name == "true"
			case "Ranges":
				for _, r := range kv.Value.(*ast.CompositeLit).Elts {
					var rg match.Range
					for _, rf := range r.(*ast.CompositeLit).Elts {
						rkv := rf.(*ast.KeyValueExpr)
						c, err := in.char(rkv.Value)
						if err != nil {
							return nil, err
						}
						if rkv.Key.(*ast.Ident).Name == "Lo" {
							rg.Lo = c
						} else {
							rg.Hi = c
						}
					}
					p.Ranges = append(p.Ranges, rg)
				}
			default:
				return nil, in.errorf(kv, "unknown glob part field")
			}
			if err != nil {
				return nil, err
			}
		}
		g.Parts = append(g.Parts, p)
	}
	return g, nil
}

var cmpOps = map[string]match.CmpOp{"match.Gt": match.Gt, "match.Gte": match.Gte, "match.Lt": match.Lt, "match.Lte": match.Lte}

// expr compiles a generated boolean expression.
func (in *interp) expr(e ast.Expr) (func(*match.Event) bool, error) {
	switch x := e.(type) {
	case *ast.ParenExpr:
		return in.expr(x.X)
	case *ast.Ident:
		switch x.Name {
		case "true":
			return func(*match.Event) bool { return true }, nil
		case "false":
			return func(*match.Event) bool { return false }, nil
		}
	case *ast.UnaryExpr:
		if x.Op == token.NOT {
			f, err := in.expr(x.X)
			if err != nil {
				return nil, err
			}
			return func(e *match.Event) bool { return !f(e) }, nil
		}
	case *ast.BinaryExpr:
		a, err := in.expr(x.X)
		if err != nil {
			return nil, err
		}
		b, err := in.expr(x.Y)
		if err != nil {
			return nil, err
		}
		switch x.Op {
		case token.LAND:
			return func(e *match.Event) bool { return a(e) && b(e) }, nil
		case token.LOR:
			return func(e *match.Event) bool { return a(e) || b(e) }, nil
		}
	case *ast.CallExpr:
		return in.call(x)
	}
	return nil, in.errorf(e, "unexpected expression")
}

// vals reads the `e.Vals(fieldX)` argument every runtime call starts with.
func (in *interp) vals(e ast.Expr) (int, error) {
	call, ok := e.(*ast.CallExpr)
	if !ok || callName(call.Fun) != "e.Vals" || len(call.Args) != 1 {
		return 0, in.errorf(e, "not e.Vals(field)")
	}
	id, ok := call.Args[0].(*ast.Ident)
	if !ok {
		return 0, in.errorf(e, "not a field constant")
	}
	slot, ok := in.fields[id.Name]
	if !ok {
		return 0, in.errorf(e, "undefined field constant %s", id.Name)
	}
	return slot, nil
}

func (in *interp) global(e ast.Expr) (any, error) {
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		e = u.X
	}
	if sel, ok := e.(*ast.SelectorExpr); ok && sel.Sel.Name == "F" {
		e = sel.X
	}
	id, ok := e.(*ast.Ident)
	if !ok {
		return nil, in.errorf(e, "not a package-level variable")
	}
	if v, ok := in.values[id.Name]; ok {
		return v, nil
	}
	if s, ok := in.sets[id.Name]; ok {
		return s, nil
	}
	return nil, in.errorf(e, "undefined %s", id.Name)
}

func (in *interp) call(x *ast.CallExpr) (func(*match.Event) bool, error) {
	name := callName(x.Fun)
	if len(x.Args) == 0 {
		return nil, in.errorf(x, "unexpected call")
	}
	slot, err := in.vals(x.Args[0])
	if err != nil {
		return nil, err
	}
	if sel, ok := x.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "Any" && len(x.Args) == 1 {
		v, err := in.global(sel.X)
		if err != nil {
			return nil, err
		}
		g, ok := v.(*match.Glob)
		if !ok {
			return nil, in.errorf(x, "Any on a non-glob")
		}
		return func(e *match.Event) bool { return g.Any(e.Vals(slot)) }, nil
	}
	if name == "match.IsNull" && len(x.Args) == 1 {
		return func(e *match.Event) bool { return match.IsNull(e.Vals(slot)) }, nil
	}
	if len(x.Args) == 3 && name == "match.Compare" {
		op, ok := cmpOps[callName(x.Args[1])]
		if !ok {
			return nil, in.errorf(x.Args[1], "unknown comparison")
		}
		v, err := in.global(x.Args[2])
		if err != nil {
			return nil, err
		}
		l, ok := v.(match.Lit)
		if !ok || !l.HasF {
			return nil, in.errorf(x.Args[2], "not a number literal")
		}
		return func(e *match.Event) bool { return match.Compare(e.Vals(slot), op, l.F) }, nil
	}
	if len(x.Args) != 2 {
		return nil, in.errorf(x, "unexpected call %s", name)
	}
	switch name {
	case "match.HasStr", "match.Contains", "match.HasPrefix", "match.HasSuffix":
		s, err := in.str(x.Args[1])
		if err != nil {
			return nil, err
		}
		f := map[string]func([]match.Value, string) bool{
			"match.HasStr": match.HasStr, "match.Contains": match.Contains,
			"match.HasPrefix": match.HasPrefix, "match.HasSuffix": match.HasSuffix,
		}[name]
		return func(e *match.Event) bool { return f(e.Vals(slot), s) }, nil
	}
	v, err := in.global(x.Args[1])
	if err != nil {
		return nil, err
	}
	switch a := v.(type) {
	case map[string]bool:
		if name == "match.AnyStr" {
			return func(e *match.Event) bool { return match.AnyStr(e.Vals(slot), func(s string) bool { return a[s] }) }, nil
		}
	case match.Lit:
		if name == "match.Eq" {
			return func(e *match.Event) bool { return match.Eq(e.Vals(slot), &a) }, nil
		}
	case []match.Lit:
		if name == "match.In" {
			return func(e *match.Event) bool { return match.In(e.Vals(slot), a) }, nil
		}
	case *regexp.Regexp:
		if name == "match.Regex" {
			return func(e *match.Event) bool { return match.Regex(e.Vals(slot), a) }, nil
		}
	case netip.Prefix:
		if name == "match.CIDR" {
			return func(e *match.Event) bool { return match.CIDR(e.Vals(slot), a) }, nil
		}
	}
	return nil, in.errorf(x, "unexpected call %s", strings.TrimSpace(name))
}

type interpProgram struct {
	schema *match.Schema
	match  func(*match.Event) bool
}

func (p *interpProgram) Eval(logs []any) ([]bool, error) {
	ev := match.NewEvent(p.schema)
	out := make([]bool, len(logs))
	for i, l := range logs {
		data, err := marshalLog(l)
		if err != nil {
			return nil, fmt.Errorf("go: log %d does not encode as JSON: %v", i+1, err)
		}
		if err := ev.Reset(data); err != nil {
			return nil, fmt.Errorf("go: log %d: %v", i+1, err)
		}
		out[i] = p.match(ev)
	}
	return out, nil
}
