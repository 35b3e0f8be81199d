package ir

import "testing"

// TestEvalV2Nodes pins the version 2 nodes built directly (the parser's
// tests cover their spelling): fold operators, quantifiers and field
// references, on the Unicode and typing edges the spec names.
func TestEvalV2Nodes(t *testing.T) {
	str := func(s string) []Value { return []Value{String(s)} }
	kelvinGlob, _ := CompileGlob(OpWildcardFold, "[A-Z]*")
	cases := []struct {
		name string
		e    Expr
		doc  any
		want bool
	}{
		{"eq~ folds", &Pred{Field: ParsePath("a"), Op: OpEqFold, Args: str("CloudTrail")}, map[string]any{"a": "cloudtrail"}, true},
		{"eq~ Kelvin sign lowers to k", &Pred{Field: ParsePath("a"), Op: OpEqFold, Args: str("\u212a")}, map[string]any{"a": "K"}, true},
		{"eq~ long s is not s", &Pred{Field: ParsePath("a"), Op: OpEqFold, Args: str("s")}, map[string]any{"a": "ſ"}, false},
		{"eq~ dotted I is one code point", &Pred{Field: ParsePath("a"), Op: OpEqFold, Args: str("İ")}, map[string]any{"a": "i"}, true},
		{"eq~ sharp s stays", &Pred{Field: ParsePath("a"), Op: OpEqFold, Args: str("SS")}, map[string]any{"a": "ß"}, false},
		{"eq~ final sigma is not sigma", &Pred{Field: ParsePath("a"), Op: OpEqFold, Args: str("Σ")}, map[string]any{"a": "ς"}, false},
		{"eq~ number as eq", &Pred{Field: ParsePath("a"), Op: OpEqFold, Args: str("403")}, map[string]any{"a": float64(403)}, true},
		{"contains~", &Pred{Field: ParsePath("a"), Op: OpContainsFold, Args: str("ELL")}, map[string]any{"a": "hello"}, true},
		{"ends_with~ on number", &Pred{Field: ParsePath("a"), Op: OpEndsWithFold, Args: str("3")}, map[string]any{"a": float64(403)}, false},
		{"wildcard~ class lowered", &Pred{Field: ParsePath("a"), Op: OpWildcardFold, Args: str("[A-Z]*"), Glob: kelvinGlob}, map[string]any{"a": "Q1"}, true},
		{"any one element", &Quant{Path: ParsePath("b"), X: &And{Xs: []Expr{
			&Pred{Field: ParsePath("x"), Op: OpEq, Args: str("1")},
			&Pred{Field: ParsePath("y"), Op: OpEq, Args: str("2")},
		}}}, map[string]any{"b": []any{map[string]any{"x": "1"}, map[string]any{"y": "2"}}}, false},
		{"any same element", &Quant{Path: ParsePath("b"), X: &And{Xs: []Expr{
			&Pred{Field: ParsePath("x"), Op: OpEq, Args: str("1")},
			&Pred{Field: ParsePath("y"), Op: OpEq, Args: str("2")},
		}}}, map[string]any{"b": []any{map[string]any{"x": "1", "y": "2"}}}, true},
		{"all of nothing", &Quant{All: true, Path: ParsePath("b"), X: &Pred{Field: Path{}, Op: OpEq, Args: str("z")}}, map[string]any{}, true},
		{"all with @", &Quant{All: true, Path: ParsePath("b"), X: &Pred{Field: Path{}, Op: OpStartsWith, Args: str("a")}}, map[string]any{"b": []any{"ab", "ac"}}, true},
		{"all fails on one", &Quant{All: true, Path: ParsePath("b"), X: &Pred{Field: Path{}, Op: OpStartsWith, Args: str("a")}}, map[string]any{"b": []any{"ab", "c"}}, false},
		{"field ref typed equality", &FieldPred{Field: ParsePath("a"), Op: OpEq, Ref: ParsePath("b")}, map[string]any{"a": "403", "b": float64(403)}, true},
		{"field ref two strings", &FieldPred{Field: ParsePath("a"), Op: OpEq, Ref: ParsePath("b")}, map[string]any{"a": "0403", "b": "403"}, false},
		{"field ref missing", &FieldPred{Field: ParsePath("a"), Op: OpEq, Ref: ParsePath("b")}, map[string]any{"a": "x"}, false},
		{"ne field ref missing", &Not{Form: NotNe, X: &FieldPred{Field: ParsePath("a"), Op: OpEq, Ref: ParsePath("b")}}, map[string]any{"a": "x"}, true},
		{"field ref object", &FieldPred{Field: ParsePath("a"), Op: OpEq, Ref: ParsePath("b")}, map[string]any{"a": map[string]any{}, "b": map[string]any{}}, false},
		{"field ref contains~", &FieldPred{Field: ParsePath("a"), Op: OpContainsFold, Ref: ParsePath("b")}, map[string]any{"a": "Hello", "b": "LL"}, true},
		{"field ref contains needs strings", &FieldPred{Field: ParsePath("a"), Op: OpContains, Ref: ParsePath("b")}, map[string]any{"a": "1403", "b": float64(40)}, false},
	}
	for _, c := range cases {
		if got := Eval(c.e, c.doc); got != c.want {
			t.Errorf("%s: Eval(%s) = %v, want %v", c.name, Dump(c.e), got, c.want)
		}
	}
}
