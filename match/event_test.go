package match_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/rulec/rulec/internal/testutil"
	"github.com/rulec/rulec/ir"
	"github.com/rulec/rulec/match"
)

// edgePaths are the paths the differential tests read: every key of the
// edge events, alone and nested.
var edgePaths = [][]string{
	{"a"}, {"b"}, {"c"}, {"d"}, {"a-b"}, {"@timestamp"}, {"$x"}, {"k:v"}, {"1st"}, {"eventName"}, {"tags"},
	{"a", "b"}, {"a", "a"}, {"a", "b", "c"}, {"b", "c"}, {"tags", "a"}, {"a", "a-b", "@timestamp"}, {"c", "d", "a"},
	{"\u00e9"}, {"\ufffd"}, {"a\xff"},
}

// reference returns what ir.Lookup yields at each path, as Values.
func reference(doc any) [][]match.Value {
	out := make([][]match.Value, len(edgePaths))
	for i, p := range edgePaths {
		for _, v := range ir.Lookup(doc, p) {
			out[i] = append(out[i], valueOf(v))
		}
	}
	return out
}

// valueOf converts what encoding/json decodes into a Value.
func valueOf(v any) match.Value {
	switch x := v.(type) {
	case string:
		return match.Value{Kind: match.KindString, Str: x}
	case json.Number:
		f, err := strconv.ParseFloat(string(x), 64)
		if err != nil && !errors.Is(err, strconv.ErrRange) {
			panic(err)
		}
		return match.Value{Kind: match.KindNumber, Str: string(x), Num: f}
	case bool:
		return match.Value{Kind: match.KindBool, Bool: x}
	case map[string]any:
		return match.Value{Kind: match.KindObject, Bool: len(x) > 0}
	}
	panic(fmt.Sprintf("unexpected %T", v))
}

func sameValue(a, b match.Value) bool {
	if a.Kind != b.Kind || a.Bool != b.Bool {
		return false
	}
	switch a.Kind {
	case match.KindString:
		return a.Str == b.Str
	case match.KindNumber:
		return a.Num == b.Num || math.IsNaN(a.Num) && math.IsNaN(b.Num)
	}
	return true
}

func checkEvent(t *testing.T, s *match.Schema, ev *match.Event, data []byte) {
	t.Helper()
	doc, valid := testutil.DecodeEvent(data)
	err := ev.Reset(data)
	if valid != (err == nil) {
		t.Fatalf("event %q: encoding/json valid=%v, reader error %v", data, valid, err)
	}
	if !valid {
		for i := range edgePaths {
			if len(ev.Vals(i)) != 0 {
				t.Fatalf("event %q: values kept after an error", data)
			}
		}
		return
	}
	want := reference(doc)
	for i := range edgePaths {
		got := ev.Vals(i)
		ok := len(got) == len(want[i])
		for j := 0; ok && j < len(got); j++ {
			ok = sameValue(got[j], want[i][j])
		}
		if !ok {
			t.Fatalf("event %q, path %q: got %+v, ir.Lookup %+v", data, strings.Join(edgePaths[i], "."), got, want[i])
		}
	}
}

// TestEventMatchesLookup: on every edge event, the one-pass reader yields at
// each path exactly what ir.Lookup yields on the encoding/json decoding, in
// the same order, and rejects exactly the events encoding/json rejects.
func TestEventMatchesLookup(t *testing.T) {
	s := match.NewSchema(edgePaths...)
	ev := match.NewEvent(s)
	events := testutil.EdgeEvents(5000)
	for _, data := range events {
		checkEvent(t, s, ev, data)
	}
	t.Logf("%d events", len(events))
}

// TestDeepNesting: the reader rejects exactly the nesting encoding/json
// rejects (its limit is 10000 levels).
func TestDeepNesting(t *testing.T) {
	ev := match.NewEvent(match.NewSchema([]string{"a"}))
	accepted := 0
	for _, depth := range []int{9998, 9999, 10000, 10001} {
		data := []byte(`{"a":` + strings.Repeat("[", depth) + strings.Repeat("]", depth) + `}`)
		var v any
		jerr := json.Unmarshal(data, &v)
		err := ev.Reset(data)
		if (jerr == nil) != (err == nil) {
			t.Errorf("depth %d: encoding/json error %v, reader error %v", depth, jerr, err)
		}
		if err == nil {
			accepted++
		}
	}
	if accepted == 0 || accepted == 4 {
		t.Errorf("the depths tried do not straddle the limit (%d of 4 accepted)", accepted)
	}
}

func TestSchemaRejectsRepeatedPath(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("NewSchema accepted a path twice")
		}
	}()
	match.NewSchema([]string{"a", "b"}, []string{"a", "b"})
}

// TestManyKeys exercises the hashed key table of wide objects.
func TestManyKeys(t *testing.T) {
	var paths [][]string
	var b strings.Builder
	b.WriteString("{")
	for i := 0; i < 300; i++ {
		paths = append(paths, []string{fmt.Sprintf("k%d", i)})
		fmt.Fprintf(&b, `"k%d":%d,"x%d":1,`, i, i, i)
	}
	b.WriteString(`"end":true}`)
	ev := match.NewEvent(match.NewSchema(paths...))
	if err := ev.Reset([]byte(b.String())); err != nil {
		t.Fatal(err)
	}
	for i := range paths {
		vs := ev.Vals(i)
		if len(vs) != 1 || vs[0].Num != float64(i) {
			t.Fatalf("k%d: %+v", i, vs)
		}
	}
}

func TestZeroAllocs(t *testing.T) {
	s := match.NewSchema([]string{"a"}, []string{"b", "c"}, []string{"tags"})
	ev := match.NewEvent(s)
	data := []byte(`{"a":"x\u00e9","b":[{"c":1},{"c":"y"}],"tags":["p","q"],"skip":{"deep":[1,2,{"z":null}]}}`)
	_ = ev.Reset(data)
	if n := testing.AllocsPerRun(100, func() { _ = ev.Reset(data) }); n != 0 {
		t.Errorf("Reset allocates %v times per event", n)
	}
}

// FuzzEvent: for any input, the reader agrees with encoding/json and
// ir.Lookup (go test -fuzz FuzzEvent ./match).
func FuzzEvent(f *testing.F) {
	for _, e := range testutil.EdgeEvents(200) {
		f.Add(e)
	}
	s := match.NewSchema(edgePaths...)
	ev := match.NewEvent(s)
	f.Fuzz(func(t *testing.T, data []byte) {
		checkEvent(t, s, ev, data)
	})
}

// TestParseFloatOverflow: the shortcut for overflowing numbers agrees with
// strconv on the numbers around the boundary.
func TestParseFloatOverflow(t *testing.T) {
	for _, s := range []string{"1e308", "1.7976931348623157e308", "1.8e308", "9e308", "1e309", "10e308", "0.1e310", "0.01e311",
		"-1e400", "1e400", "1e99999999999999999999", "0e999", "0.000e999", "000.5e309", "5", "-0", "1e-400", ".5e310", "12345e305"} {
		want, err := strconv.ParseFloat(s, 64)
		if err != nil && err.(*strconv.NumError).Err != strconv.ErrRange {
			t.Fatalf("%s: %v", s, err)
		}
		if got, ok := match.ParseDecimal(s); !ok || got != want {
			t.Errorf("parseFloat(%q) = %v, %v; want %v", s, got, ok, want)
		}
	}
	if n := testing.AllocsPerRun(10, func() { match.ParseDecimal("1e400") }); n != 0 {
		t.Errorf("%v allocations", n)
	}
}
