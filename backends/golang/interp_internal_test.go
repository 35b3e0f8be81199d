package golang

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/rulec/rulec/backends"
	"github.com/rulec/rulec/internal/testutil"
	"github.com/rulec/rulec/ir"
)

// TestInterpretRejectsUnknownForms: the interpreter refuses what the
// generator does not write, instead of guessing.
func TestInterpretRejectsUnknownForms(t *testing.T) {
	r := testutil.EdgeRules(t)[0] // a eq "403"
	files, err := Generate([]*ir.Rule{r}, Options{Package: "generated"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := interpretFiles(files); err != nil {
		t.Fatalf("the unchanged package: %v", err)
	}
	for _, c := range []struct{ from, to string }{
		{"match.Eq(", "match.Neq("},
		{"e.Vals(fieldA)", "e.Vals(fieldZ)"},
		{`match.StrLit("403")`, `match.StrLit(403)`},
		{"return match.Eq", "return 1 == 1 && match.Eq"},
	} {
		var mutated []backends.File
		changed := false
		for _, f := range files {
			s := string(f.Data)
			if strings.Contains(s, c.from) {
				s, changed = strings.Replace(s, c.from, c.to, 1), true
			}
			mutated = append(mutated, backends.File{Name: f.Name, Data: []byte(s)})
		}
		if !changed {
			t.Fatalf("%q is not in the generated code", c.from)
		}
		if _, err := interpretFiles(mutated); err == nil || !strings.Contains(err.Error(), "generated") {
			t.Errorf("%q → %q: got %v, want an error on the generated code", c.from, c.to, err)
		}
	}
}

// TestInterpretRejectsUnknownQuantifierForms: the same for the loops of
// quantifier helpers and the element readers.
func TestInterpretRejectsUnknownQuantifierForms(t *testing.T) {
	var r *ir.Rule
	for _, x := range testutil.EdgeRules(t) {
		if x.CondText == `any a (any b (@ eq~ "X") and c is_null)` {
			r = x
		}
	}
	if r == nil {
		t.Fatal("the nested quantifier edge rule is gone")
	}
	files, err := Generate([]*ir.Rule{r}, Options{Package: "generated"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := interpretFiles(files); err != nil {
		t.Fatalf("the unchanged package: %v", err)
	}
	for _, c := range []struct{ from, to string }{
		{"range e.Elems(fieldA)", "range e.Vals(fieldA)"},
		{"range e.ElemsIn(fieldAB, outer)", "range e.ElemsIn(fieldAB, el)"},
		{"for _, el := range e.Elems", "for _, x := range e.Elems"},
		{"\t\t\treturn true\n", "\t\t\treturn 1 == 1\n"},
		{"e.In(fieldAC, el)", "e.In(fieldAC, outer)"},
		{"e.At(el)", "e.At(outer)"},
		{"(e, el)", "(e, outer)"},
		{").Quantified(fieldA, fieldAB)", ").Quantified(fieldA, fieldZ)"},
	} {
		var mutated []backends.File
		changed := false
		for _, f := range files {
			s := string(f.Data)
			if strings.Contains(s, c.from) {
				s, changed = strings.Replace(s, c.from, c.to, 1), true
			}
			mutated = append(mutated, backends.File{Name: f.Name, Data: []byte(s)})
		}
		if !changed {
			t.Fatalf("%q is not in the generated code", c.from)
		}
		if _, err := interpretFiles(mutated); err == nil || !strings.Contains(err.Error(), "generated") {
			t.Errorf("%q → %q: got %v, want an error on the generated code", c.from, c.to, err)
		}
	}
}

func TestMarshalLogNumbers(t *testing.T) {
	for _, c := range []struct {
		in   any
		want string
	}{
		{map[string]any{"a": json.Number(".5"), "b": []any{json.Number("+5"), json.Number("1e400")}}, `{"a":0.5,"b":[5,1e400]}`},
		{json.Number("Inf"), `1e999`},
		{json.Number("-Inf"), `-1e999`},
		{json.Number("01"), `1`},
	} {
		got, err := marshalLog(c.in)
		if err != nil || string(got) != c.want {
			t.Errorf("%v: got %s, %v; want %s", c.in, got, err, c.want)
		}
	}
	for _, bad := range []any{json.Number("NaN"), json.Number("x")} {
		if _, err := marshalLog(bad); err == nil {
			t.Errorf("%v: no error", bad)
		}
	}
}
