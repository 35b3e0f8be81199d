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
	"github.com/rulec/rulec/strmatch"
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
	in := &interp{fset: token.NewFileSet(), fields: map[string]int{}, values: map[string]any{}, sets: map[string]map[string]bool{},
		funcs: map[string]*ast.FuncDecl{}, quants: map[string]cond{}}
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
	return &interpProgram{schema: in.schema, match: func(e *match.Event) bool { return fn(e, &frame{}) }}, nil
}

type interp struct {
	fset   *token.FileSet
	fields map[string]int // field constant → slot
	schema *match.Schema
	values map[string]any             // package-level variables
	sets   map[string]map[string]bool // helper functions over string lists
	funcs  map[string]*ast.FuncDecl   // helper functions, compiled when called
	quants map[string]cond            // quantifier helpers, compiled
}

// cond is a compiled boolean expression. The frame holds the two element
// variables quantifier helpers declare: the loop's el and the outer
// element a nested helper receives.
type cond func(e *match.Event, fr *frame) bool

type frame struct{ el, outer match.Elem }

func (in *interp) errorf(n ast.Node, format string, args ...any) error {
	return fmt.Errorf("go: generated code at %s: %s", in.fset.Position(n.Pos()), fmt.Sprintf(format, args...))
}

func (in *interp) registry(f backends.File) error {
	file, err := parser.ParseFile(in.fset, f.Name, f.Data, 0)
	if err != nil {
		return err
	}
	var paths [][]string
	var quantified []*ast.Ident
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
				if sel, ok := call.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "Quantified" {
					for _, arg := range call.Args {
						id, ok := arg.(*ast.Ident)
						if !ok {
							return in.errorf(arg, "a quantified slot is not a field constant")
						}
						quantified = append(quantified, id)
					}
					if call, ok = sel.X.(*ast.CallExpr); !ok {
						return in.errorf(sel, "Quantified is not called on NewSchema")
					}
				}
				if callName(call.Fun) != "match.NewSchema" {
					return in.errorf(call, "Schema is not match.NewSchema")
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
	if len(quantified) > 0 {
		var slots []int
		for _, id := range quantified {
			slot, ok := in.fields[id.Name]
			if !ok {
				return in.errorf(id, "undefined field constant %s", id.Name)
			}
			slots = append(slots, slot)
		}
		in.schema.Quantified(slots...)
	}
	return nil
}

func (in *interp) ruleFile(name string, src []byte) (cond, error) {
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
				if _, isLoop := x.Body.List[0].(*ast.RangeStmt); isLoop {
					in.funcs[x.Name.Name] = x
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

// quant compiles a quantifier helper:
//
//	func NAME(e *match.Event[, outer match.Elem]) bool {
//		for _, el := range e.Elems(FIELD) | e.ElemsIn(FIELD, outer) {
//			if COND {
//				return BOOL
//			}
//		}
//		return BOOL
//	}
func (in *interp) quant(name string) (cond, error) {
	if c, ok := in.quants[name]; ok {
		return c, nil
	}
	fn := in.funcs[name]
	params := fn.Type.Params.List
	nested := len(params) == 2
	if len(params) < 1 || len(params) > 2 || len(params[0].Names) != 1 || params[0].Names[0].Name != "e" ||
		nested && (len(params[1].Names) != 1 || params[1].Names[0].Name != "outer" || callName(params[1].Type) != "match.Elem") {
		return nil, in.errorf(fn, "unexpected parameters of %s", name)
	}
	loop := fn.Body.List[0].(*ast.RangeStmt)
	if loop.Key != nil || loop.Value != nil {
		// "for _, el := range ..."; "for range ..." when the body never
		// reads the element.
		if k, ok := loop.Key.(*ast.Ident); !ok || k.Name != "_" || loop.Tok != token.DEFINE {
			return nil, in.errorf(loop, "unexpected loop")
		}
		if v, ok := loop.Value.(*ast.Ident); !ok || v.Name != "el" {
			return nil, in.errorf(loop, "the loop variable is not el")
		}
	}
	over, ok := loop.X.(*ast.CallExpr)
	if !ok {
		return nil, in.errorf(loop.X, "unexpected range")
	}
	method := callName(over.Fun)
	if !(method == "e.Elems" && !nested && len(over.Args) == 1 || method == "e.ElemsIn" && nested && len(over.Args) == 2) {
		return nil, in.errorf(over, "unexpected range")
	}
	slot, err := in.field(over.Args[0])
	if err != nil {
		return nil, err
	}
	if nested {
		if id, ok := over.Args[1].(*ast.Ident); !ok || id.Name != "outer" {
			return nil, in.errorf(over.Args[1], "ElemsIn not over outer")
		}
	}
	if len(loop.Body.List) != 1 {
		return nil, in.errorf(loop, "unexpected loop body")
	}
	ifs, ok := loop.Body.List[0].(*ast.IfStmt)
	if !ok || ifs.Init != nil || ifs.Else != nil || len(ifs.Body.List) != 1 {
		return nil, in.errorf(loop.Body, "unexpected loop body")
	}
	hit, err := in.returnBool(ifs.Body.List[0])
	if err != nil {
		return nil, err
	}
	done, err := in.returnBool(fn.Body.List[1])
	if err != nil {
		return nil, err
	}
	test, err := in.expr(ifs.Cond)
	if err != nil {
		return nil, err
	}
	c := func(e *match.Event, fr *frame) bool {
		inner := &frame{outer: fr.outer}
		var els []match.Elem
		if nested {
			els = e.ElemsIn(slot, fr.outer)
		} else {
			els = e.Elems(slot)
		}
		for _, el := range els {
			inner.el = el
			if test(e, inner) {
				return hit
			}
		}
		return done
	}
	in.quants[name] = c
	return c, nil
}

// returnBool reads `return true` or `return false`.
func (in *interp) returnBool(st ast.Stmt) (bool, error) {
	if ret, ok := st.(*ast.ReturnStmt); ok && len(ret.Results) == 1 {
		if id, ok := ret.Results[0].(*ast.Ident); ok && (id.Name == "true" || id.Name == "false") {
			return id.Name == "true", nil
		}
	}
	return false, in.errorf(st, "not return true or return false")
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
		case "match.StrLit", "match.FoldLit", "match.NumLit", "match.MustGlob", "regexp.MustCompile", "netip.MustParsePrefix":
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
			case "match.FoldLit":
				return match.FoldLit(s), nil
			case "match.NumLit":
				if !match.IsDecimal(s) {
					return nil, in.errorf(x, "NumLit of %q", s)
				}
				return match.NumLit(s), nil
			case "match.MustGlob":
				return strmatch.ParseGlob(s)
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
		if at, ok := x.Type.(*ast.ArrayType); ok && callName(at.Elt) == "match.Lit" {
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
	}
	return nil, in.errorf(e, "unexpected initializer")
}

var cmpOps = map[string]match.CmpOp{"match.Gt": match.Gt, "match.Gte": match.Gte, "match.Lt": match.Lt, "match.Lte": match.Lte}

var refOpNames = map[string]match.RefOp{
	"match.RefEq": match.RefEq, "match.RefEqFold": match.RefEqFold,
	"match.RefContains": match.RefContains, "match.RefContainsFold": match.RefContainsFold,
	"match.RefHasPrefix": match.RefHasPrefix, "match.RefHasPrefixFold": match.RefHasPrefixFold,
	"match.RefHasSuffix": match.RefHasSuffix, "match.RefHasSuffixFold": match.RefHasSuffixFold,
}

// expr compiles a generated boolean expression.
func (in *interp) expr(e ast.Expr) (cond, error) {
	switch x := e.(type) {
	case *ast.ParenExpr:
		return in.expr(x.X)
	case *ast.Ident:
		switch x.Name {
		case "true":
			return func(*match.Event, *frame) bool { return true }, nil
		case "false":
			return func(*match.Event, *frame) bool { return false }, nil
		}
	case *ast.UnaryExpr:
		if x.Op == token.NOT {
			f, err := in.expr(x.X)
			if err != nil {
				return nil, err
			}
			return func(e *match.Event, fr *frame) bool { return !f(e, fr) }, nil
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
			return func(e *match.Event, fr *frame) bool { return a(e, fr) && b(e, fr) }, nil
		case token.LOR:
			return func(e *match.Event, fr *frame) bool { return a(e, fr) || b(e, fr) }, nil
		}
	case *ast.CallExpr:
		return in.call(x)
	}
	return nil, in.errorf(e, "unexpected expression")
}

// field reads a field constant.
func (in *interp) field(e ast.Expr) (int, error) {
	id, ok := e.(*ast.Ident)
	if !ok {
		return 0, in.errorf(e, "not a field constant")
	}
	slot, ok := in.fields[id.Name]
	if !ok {
		return 0, in.errorf(e, "undefined field constant %s", id.Name)
	}
	return slot, nil
}

// elemVar reads the element variable el.
func (in *interp) elemVar(e ast.Expr) error {
	if id, ok := e.(*ast.Ident); !ok || id.Name != "el" {
		return in.errorf(e, "not the element el")
	}
	return nil
}

// values is a compiled value list: e.Vals(F), e.In(F, el) or e.At(el).
type values func(e *match.Event, fr *frame) []match.Value

// vals reads the value list every runtime call starts with.
func (in *interp) vals(e ast.Expr) (values, error) {
	call, ok := e.(*ast.CallExpr)
	if !ok {
		return nil, in.errorf(e, "not a value list")
	}
	switch name := callName(call.Fun); {
	case name == "e.Vals" && len(call.Args) == 1:
		slot, err := in.field(call.Args[0])
		if err != nil {
			return nil, err
		}
		return func(e *match.Event, _ *frame) []match.Value { return e.Vals(slot) }, nil
	case name == "e.In" && len(call.Args) == 2:
		slot, err := in.field(call.Args[0])
		if err != nil {
			return nil, err
		}
		if err := in.elemVar(call.Args[1]); err != nil {
			return nil, err
		}
		return func(e *match.Event, fr *frame) []match.Value { return e.In(slot, fr.el) }, nil
	case name == "e.At" && len(call.Args) == 1:
		if err := in.elemVar(call.Args[0]); err != nil {
			return nil, err
		}
		return func(e *match.Event, fr *frame) []match.Value { return e.At(fr.el) }, nil
	}
	return nil, in.errorf(e, "not e.Vals(field), e.In(field, el) or e.At(el)")
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

// strFuncs are the runtime tests of a value list against a string constant.
var strFuncs = map[string]func([]match.Value, string) bool{
	"match.HasStr": match.HasStr, "match.Contains": match.Contains,
	"match.HasPrefix": match.HasPrefix, "match.HasSuffix": match.HasSuffix,
	"match.HasStrFold": match.HasStrFold, "match.ContainsFold": match.ContainsFold,
	"match.HasPrefixFold": match.HasPrefixFold, "match.HasSuffixFold": match.HasSuffixFold,
}

func (in *interp) call(x *ast.CallExpr) (cond, error) {
	name := callName(x.Fun)
	if id, ok := x.Fun.(*ast.Ident); ok {
		// A quantifier helper: NAME(e) or NAME(e, el).
		if _, ok := in.funcs[id.Name]; !ok {
			return nil, in.errorf(x, "call of undefined %s", id.Name)
		}
		if a, ok := x.Args[0].(*ast.Ident); !ok || a.Name != "e" {
			return nil, in.errorf(x, "%s not called on e", id.Name)
		}
		q, err := in.quant(id.Name)
		if err != nil {
			return nil, err
		}
		switch len(x.Args) {
		case 1:
			return q, nil
		case 2:
			if err := in.elemVar(x.Args[1]); err != nil {
				return nil, err
			}
			return func(e *match.Event, fr *frame) bool { return q(e, &frame{outer: fr.el}) }, nil
		}
		return nil, in.errorf(x, "unexpected call of %s", id.Name)
	}
	if name == "e.Ref" && len(x.Args) == 3 {
		op, ok := refOpNames[callName(x.Args[0])]
		if !ok {
			return nil, in.errorf(x.Args[0], "unknown field reference operator")
		}
		a, err := in.vals(x.Args[1])
		if err != nil {
			return nil, err
		}
		b, err := in.vals(x.Args[2])
		if err != nil {
			return nil, err
		}
		return func(e *match.Event, fr *frame) bool { return e.Ref(op, a(e, fr), b(e, fr)) }, nil
	}
	if len(x.Args) == 0 {
		return nil, in.errorf(x, "unexpected call")
	}
	vals, err := in.vals(x.Args[0])
	if err != nil {
		return nil, err
	}
	if name == "match.IsNull" && len(x.Args) == 1 {
		return func(e *match.Event, fr *frame) bool { return match.IsNull(vals(e, fr)) }, nil
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
		return func(e *match.Event, fr *frame) bool { return match.Compare(vals(e, fr), op, l.F) }, nil
	}
	if len(x.Args) != 2 {
		return nil, in.errorf(x, "unexpected call %s", name)
	}
	if f, ok := strFuncs[name]; ok {
		s, err := in.str(x.Args[1])
		if err != nil {
			return nil, err
		}
		return func(e *match.Event, fr *frame) bool { return f(vals(e, fr), s) }, nil
	}
	v, err := in.global(x.Args[1])
	if err != nil {
		return nil, err
	}
	switch a := v.(type) {
	case map[string]bool:
		in := func(s string) bool { return a[s] }
		switch name {
		case "match.AnyStr":
			return func(e *match.Event, fr *frame) bool { return match.AnyStr(vals(e, fr), in) }, nil
		case "e.AnyLower":
			return func(e *match.Event, fr *frame) bool { return e.AnyLower(vals(e, fr), in) }, nil
		}
	case match.Lit:
		switch name {
		case "match.Eq":
			return func(e *match.Event, fr *frame) bool { return match.Eq(vals(e, fr), &a) }, nil
		case "match.EqFold":
			return func(e *match.Event, fr *frame) bool { return match.EqFold(vals(e, fr), &a) }, nil
		}
	case []match.Lit:
		switch name {
		case "match.In":
			return func(e *match.Event, fr *frame) bool { return match.In(vals(e, fr), a) }, nil
		case "match.InFold":
			return func(e *match.Event, fr *frame) bool { return match.InFold(vals(e, fr), a) }, nil
		}
	case *strmatch.Glob:
		switch name {
		case "match.Wildcard":
			return func(e *match.Event, fr *frame) bool { return match.Wildcard(vals(e, fr), a) }, nil
		case "match.WildcardFold":
			return func(e *match.Event, fr *frame) bool { return match.WildcardFold(vals(e, fr), a) }, nil
		}
	case *regexp.Regexp:
		if name == "match.Regex" {
			return func(e *match.Event, fr *frame) bool { return match.Regex(vals(e, fr), a) }, nil
		}
	case netip.Prefix:
		if name == "match.CIDR" {
			return func(e *match.Event, fr *frame) bool { return match.CIDR(vals(e, fr), a) }, nil
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
