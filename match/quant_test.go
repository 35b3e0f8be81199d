package match_test

import (
	"strings"
	"testing"

	"github.com/rulec/rulec/match"
)

// TestQuantifiedElements: elements and the values inside them, at every
// depth, with repeated keys dropped as encoding/json drops them.
func TestQuantifiedElements(t *testing.T) {
	s := match.NewSchema([]string{"a"}, []string{"a", "b"}, []string{"a", "b", "c"}, []string{"a", "d"}).Quantified(0, 1)
	e := match.NewEvent(s)
	data := `{"a":[{"b":[{"c":1},{"c":[2,3]}],"d":"x"},"s",null,[{"b":{"c":4},"b":{"c":5}}],{"d":"y"}]}`
	if err := e.Reset([]byte(data)); err != nil {
		t.Fatal(err)
	}
	texts := func(vs []match.Value) string {
		var out []string
		for _, v := range vs {
			if v.Kind == match.KindObject {
				out = append(out, "{}")
			} else {
				out = append(out, v.Str)
			}
		}
		return strings.Join(out, ",")
	}
	var got []string
	for _, a := range e.Elems(0) {
		var bs []string
		for _, b := range e.ElemsIn(1, a) {
			bs = append(bs, "b["+texts(e.In(2, b))+"]")
		}
		got = append(got, texts(e.At(a))+" c="+texts(e.In(2, a))+" d="+texts(e.In(3, a))+" "+strings.Join(bs, " "))
	}
	want := []string{
		"{} c=1,2,3 d=x b[1] b[2,3]",
		"s c= d= ",
		"{} c=5 d= b[5]",
		"{} c= d=y ",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestQuantifiedDeep: quantified paths nest as deep as paths go.
func TestQuantifiedDeep(t *testing.T) {
	const depth = 400
	var paths [][]string
	var slots []int
	var path []string
	for i := 0; i < depth; i++ {
		path = append(path, "a")
		paths = append(paths, append([]string(nil), path...))
		slots = append(slots, i)
	}
	paths = append(paths, append(append([]string(nil), path...), "x"))
	s := match.NewSchema(paths...).Quantified(slots...)
	e := match.NewEvent(s)
	doc := strings.Repeat(`{"a":[`, depth) + `{"x":"deep"}` + strings.Repeat(`]}`, depth)
	if err := e.Reset([]byte(doc)); err != nil {
		t.Fatal(err)
	}
	els := e.Elems(0)
	if len(els) != 1 {
		t.Fatalf("%d top elements", len(els))
	}
	if vs := e.In(depth, els[0]); len(vs) != 1 || vs[0].Str != "deep" {
		t.Errorf("the innermost value from the outermost element: %v", vs)
	}
	el := els[0]
	for i := 1; i < depth; i++ {
		in := e.ElemsIn(i, el)
		if len(in) != 1 {
			t.Fatalf("depth %d: %d elements", i, len(in))
		}
		el = in[0]
	}
	if vs := e.In(depth, el); len(vs) != 1 || vs[0].Str != "deep" {
		t.Errorf("the innermost value from the innermost element: %v", vs)
	}
}
