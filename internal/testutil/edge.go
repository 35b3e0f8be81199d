package testutil

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/rulec/rulec/ir"
	"github.com/rulec/rulec/parser"
)

// EdgeConditions exercise every operator and the corners of the semantics:
// typed equality, arrays at any segment, null and empty values, negation on
// missing fields, field names with - @ $ : and leading digits, and literals
// that must stay inside a Go string literal.
var EdgeConditions = []string{
	`a eq "403"`,
	`a eq 403`,
	`a eq 403.0`,
	`a eq "0403"`,
	`a eq "true"`,
	`a eq true`,
	`a eq false`,
	`a eq ""`,
	`a ne "x"`,
	`a eq "x"`,
	`a in ["403", "x", true, 5, "1e400"]`,
	`a in ["x", "héllo", "a\"b"]`,
	`a in []`,
	`a not in ["x", "y"]`,
	`a contains "x"`,
	`a contains "\\"`,
	`a contains "\u2028"`,
	`a starts_with "aws"`,
	`a not starts_with "aws-internal"`,
	`a ends_with "0"`,
	`a wildcard "REST.*.OBJECT"`,
	`a wildcard "?[!x]*"`,
	`a wildcard "*"`,
	`a wildcard "x*"`,
	`a wildcard "*x"`,
	`a wildcard "*é*"`,
	`a wildcard "[a-c]?"`,
	`a wildcard "[*]*"`,
	`a regex "^[0-9]+$"`,
	`a regex "(?i)rest\\.get"`,
	`a regex "\""`,
	`a gt "50"`,
	`a gte 403`,
	`a lt "1e3"`,
	`a lte -1`,
	`a gt "1e400"`,
	`a cidr "10.0.0.0/8"`,
	`a cidr "2001:db8::/32"`,
	`a is_null`,
	`a is_not_null`,
	`b is_null`,
	`a.b eq "x"`,
	`a.b is_null`,
	`a.b.c is_not_null`,
	`b.c eq 403`,
	`tags eq "x"`,
	`tags.a eq "x"`,
	`a-b eq "x"`,
	`@timestamp is_not_null`,
	`$x eq "x"`,
	`k:v eq "x"`,
	`1st eq "x"`,
	`a.a-b.@timestamp eq "x"`,
	`eventName eq "x" and a is_null`,
	`eventName in ["x", "REST.GET.OBJECT"] and not (a eq "x" or b.c is_null)`,
	`eventName eq "x" or eventName eq "403"`,
	`a eq "x" and b eq "x" or c is_null`,
	`not (a is_not_null or b is_not_null)`,
	"eventName eq \"x\"\na not contains \"x\"",
	// Language version 2: case folding on the characters where the simple
	// lowercase mapping differs from other foldings (İ ı ſ K ß Σ σ ς),
	// quantifiers that fan-out cannot express, field references.
	`a eq~ "CloudTrail"`,
	`a eq~ "\u212a"`,
	`a eq~ "İ"`,
	`a eq~ "403"`,
	`a eq~ "TRUE"`,
	`a ne~ "x"`,
	`a in~ ["X", "σ", "403", true]`,
	`a in~ ["REST.GET.OBJECT", "Ab", "ſ", "ab"]`,
	`a in~ ["Σ"]`,
	`a contains~ "ST.G"`,
	`a starts_with~ "İ"`,
	`a ends_with~ "Σ"`,
	`a not contains~ "K"`,
	`a wildcard~ "REST.*.object"`,
	`a wildcard~ "[A-Z]?*"`,
	`a wildcard~ "*É*"`,
	`a wildcard~ "x*"`,
	`any a (@ eq "x")`,
	`any a (b eq "x" and c eq 403)`,
	`all a (@ starts_with~ "x")`,
	`not any tags (a eq "x")`,
	`any a (any b (@ eq~ "X") and c is_null)`,
	`all a (all b (c gt 50))`,
	`any a (b eq field(c))`,
	`any a.b (@ contains~ field(c))`,
	`any a (b ne~ field(c) or any b (c eq field(b)))`,
	`eventName eq "x" and any a (b eq "x" or @ eq "y")`,
	`a eq field(b)`,
	`a ne field(b.c)`,
	`a eq~ field(eventName)`,
	`a contains field(b)`,
	`a starts_with~ field(b)`,
	`a not ends_with field(b)`,
	`a ends_with~ field(b)`,
	`any tags (a eq field(b))`,
	`any b (c eq~ "X") and a wildcard~ "?"`,
	`a contains~ field(b)`,
	`any a (b contains~ field(c))`,
}

// EdgeIDs are hostile rule IDs: characters Go identifiers and file names
// cannot hold, colliding spellings, reserved names, build-constraint and test
// file suffixes, comment and string terminators.
var EdgeIDs = []string{
	"AWS.S3.Example", "AWS-S3-Example", "aws.s3.example", "", "", "1st.rule", "Rules", "Match",
	"x\"y", "a b\nc", "*/ // \u2028", "日本語", "Foo_linux", "x_test", "x_amd64", "registry",
	"$weird:id@x", "ok.Rule",
}

// EdgeRules builds one rule per edge condition, with hostile IDs, titles and
// file names, and the output fields, thresholds and metadata a rule can carry.
func EdgeRules(t testing.TB) []*ir.Rule {
	t.Helper()
	var out []*ir.Rule
	for i, src := range EdgeConditions {
		cond, errs := parser.ParseConditionText(src, ir.Pos{Line: 1, Col: 1}, parser.ConditionOptions{File: "edge"})
		if errs != nil {
			t.Fatalf("edge condition %q: %v", src, errs)
		}
		id := EdgeIDs[i%len(EdgeIDs)]
		if i >= len(EdgeIDs) {
			id = fmt.Sprintf("%s.%d", id, i)
		}
		r := &ir.Rule{
			ID:       id,
			Title:    fmt.Sprintf("Edge %d: %s\n*/ \"end", i, src),
			Severity: ir.SeverityLow,
			Cond:     cond,
			CondText: src,
			File:     fmt.Sprintf("testdata/edge/%02d\nname\".txt", i),
			At:       ir.Pos{Line: 1, Col: 1},
			LogTypes: []string{"Edge.Log"},
			OutputFields: []ir.OutputField{
				{Name: "a"}, {Name: "nested", Source: "a.b"},
			},
		}
		if i%7 == 3 {
			r.Threshold, r.DedupPeriodMinutes = 3, 10
		}
		if i%11 == 5 {
			r.Partial = true
		}
		out = append(out, r)
	}
	return out
}

// edgeStrings are string values chosen to sit on the boundaries of the edge
// conditions.
var edgeStrings = []string{
	"", "x", "y", "403", "0403", "403.0", "4.03e2", "1e400", "-5", "+5", ".5", "5.", "abc",
	"true", "false", "True", "10.1.2.3", "10.1.2.3%eth0", "::ffff:10.1.2.3", "2001:db8::1",
	"11.0.0.1", "REST.GET.OBJECT", "REST.HEAD.BUCKET", "rest.get.object", "aws-internal/3",
	"aws", "héllo", "é", "a\"b", "\\", "x\u2028y", "*x", "ab", "c1", "x\x00y", "\ufffd",
	"\u65e5\u672c", "İ", "ı", "i", "I", "ſ", "s", "\u212a", "k", "K", "ß", "SS", "Σ", "σ", "ς", "CloudTrail",
	"X", "RESt.get.Object", "xK", "LL", "hello",
}

var edgeKeys = []string{"a", "b", "c", "a-b", "@timestamp", "$x", "k:v", "1st", "eventName", "tags", "d"}

// EdgeEvents returns deterministic events (one JSON text each) around the
// edge conditions: hand-written corner cases, then n random events mixing
// every JSON type, arrays of arrays, nulls, empty containers, escaped and
// repeated keys, escaped and invalid UTF-8 strings, and odd number forms.
func EdgeEvents(n int) [][]byte {
	fixed := []string{
		`{}`, `[]`, `null`, `"x"`, `403`, `[{"a":"x"},{"a":"y"}]`, `[[{"a":"403"}]]`,
		`{"a":null}`, `{"a":""}`, `{"a":[]}`, `{"a":{}}`, `{"a":[null]}`, `{"a":[[]]}`, `{"a":[{}]}`,
		`{"a":403}`, `{"a":403.0}`, `{"a":4.03e2}`, `{"a":"403"}`, `{"a":-0}`, `{"a":1e400}`, `{"a":-1e400}`,
		`{"a":true}`, `{"a":false}`, `{"a":"True"}`, `{"a":["x",403,true]}`,
		`{"a":{"b":"x"}}`, `{"a":[{"b":"x"}]}`, `{"a":[[{"b":[["x"]]}]]}`, `{"a":{"b":null}}`,
		`{"a":{"b":{"c":0}}}`, `{"a":{"b":{"c":false}}}`, `{"a":{"b":{"c":""}}}`, `{"a":{"b":{"c":{}}}}`,
		`{"a":"x","a":"y"}`, `{"a":"y","a":"x"}`, `{"a":{"b":"x"},"a":{"c":1}}`, `{"a":[{"b":"y","b":"x"}]}`,
		`{"\u0061":"x"}`, `{"a\u002db":"x"}`, `{"a":"\u0078"}`, `{"a":"\ud83d\ude00"}`, `{"a":"\ud83d"}`,
		`{"a":"\u00e9"}`, `{"a":"h\u00e9llo"}`, "{\"a\":\"h\xe9llo\"}", "{\"a\":\"\xff\"}", "{\"a\xff\":\"x\"}",
		`{"a":"a\"b"}`, `{"a":"\\"}`, `{"a":"x\u2028y"}`, `{"a":"\/"}`, `{"a":"\u0000"}`,
		`{"a-b":"x","@timestamp":"t","$x":"x","k:v":"x","1st":"x"}`, `{"a":{"a-b":{"@timestamp":"x"}}}`,
		`{"tags":["x","y"]}`, `{"tags":[{"a":"x"}]}`, `{"eventName":"x"}`, `{"eventName":["y","x"]}`,
		`{"eventName":403}`, `{"eventName":"403"}`, `{"eventName":"REST.GET.OBJECT","a":"x"}`,
		`{"b":{"c":403}}`, `{"b":{"c":"403"}}`, `{"b":[{"c":"4.03e2"}]}`, ` {"a" : "x" } `,
		// Version 2: folding, elements of arrays of objects, field pairs.
		`{"a":"cloudtrail"}`, `{"a":"CLOUDTRAIL"}`, `{"a":"K"}`, `{"a":"k"}`, `{"a":"\u212a"}`, `{"a":"i"}`, `{"a":"İ"}`,
		`{"a":"ı"}`, `{"a":"ſ"}`, `{"a":"S"}`, `{"a":"ß"}`, `{"a":"SS"}`, `{"a":"ς"}`, `{"a":"σ"}`, `{"a":"Σ"}`,
		`{"a":"rest.get.OBJECT"}`, `{"a":"İx"}`, `{"a":"xσ"}`, `{"a":"xς"}`, `{"a":"TRUE"}`, `{"a":"\u00c9"}`,
		`{"a":["X","xy"]}`, `{"a":["x",["y"]]}`, `{"a":[]}`, `{"a":[{"b":"x"},{"c":403}]}`, `{"a":[{"b":"x","c":403}]}`,
		`{"a":[{"b":"x","c":"403"}]}`, `{"a":[{"b":["X","y"],"c":null}]}`, `{"a":[{"b":[{"c":51}]},{"b":[{"c":50}]}]}`,
		`{"a":[{"b":[{"c":51}]},{"b":[]}]}`, `{"a":[[{"b":"x","c":4.03e2}]]}`, `{"a":[{"b":403,"c":"403"},{"b":"x"}]}`,
		`{"a":{"b":"Hello","c":"LL"}}`, `{"a":{"b":["Hello"],"c":"ll"}}`, `{"a":[{"b":[{"c":"x","b":"x"}]}]}`,
		`{"a":"x","b":"x"}`, `{"a":"403","b":403}`, `{"a":403,"b":"4.03e2"}`, `{"a":"X","b":{"c":"x"}}`,
		`{"a":"Hello","b":"LL"}`, `{"a":"Hello","b":"hE"}`, `{"a":"true","b":true}`, `{"a":{},"b":{}}`, `{"a":["xK","y"],"b":["k","z"]}`,
		`{"a":"x","eventName":"X"}`, `{"a":"x","b":null}`, `{"a":"xy","b":"Y"}`, `{"a":"x","b":{"c":"x"}}`,
		`{"tags":[{"a":"x","b":"x"}]}`, `{"tags":[{"a":"x"},{"b":"x"}]}`, `{"tags":[{"a":403,"b":"403"}]}`,
		`{"a":[{"b":"x","b":"y","c":403}]}`, `{"a":[{"b":"x"},{"b":"x","c":1}],"a":[{"c":403}]}`,
		`{"eventName":"x","a":[{"b":"x"}]}`, `{"eventName":"x","a":["y"]}`, `{"b":[{"c":"x"}],"a":"Q"}`,
		`[{"a":[{"b":"x","c":403}]},{"a":"x"}]`,
		// Invalid events: every reader must reject them.
		``, `{`, `{"a":}`, `{"a":"x",}`, `{"a" "x"}`, `{"a":tru}`, `{"a":01}`, `{"a":1.}`, `{"a":"\x"}`,
		"{\"a\":\"\x01\"}", `{"a":"x"} {}`, `{"a":[1,]}`, `{"a":"\u12"}`, `{a:1}`, `{"a":-}`, `{"a":.5}`,
	}
	out := make([][]byte, 0, len(fixed)+n)
	for _, s := range fixed {
		out = append(out, []byte(s))
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < n; i++ {
		var b strings.Builder
		edgeObject(&b, rng, 0)
		out = append(out, []byte(b.String()))
	}
	return out
}

func edgeObject(b *strings.Builder, rng *rand.Rand, depth int) {
	b.WriteByte('{')
	n := rng.IntN(5)
	if depth == 0 {
		n += 2
	}
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		k := edgeKeys[rng.IntN(len(edgeKeys))]
		if rng.IntN(10) == 0 {
			b.WriteString(escapeAll(k))
		} else {
			b.WriteString(strconv.Quote(k))
		}
		b.WriteByte(':')
		edgeValue(b, rng, depth+1)
	}
	b.WriteByte('}')
}

func edgeValue(b *strings.Builder, rng *rand.Rand, depth int) {
	r := rng.IntN(20)
	if depth > 3 && r >= 14 {
		r = rng.IntN(14)
	}
	switch {
	case r < 6:
		s := edgeStrings[rng.IntN(len(edgeStrings))]
		if rng.IntN(6) == 0 {
			b.WriteString(escapeAll(s))
		} else {
			enc, _ := json.Marshal(s)
			b.Write(enc)
		}
	case r < 9:
		nums := []string{"403", "403.0", "4.03e2", "4.03E+2", "-0", "0", "50", "51", "1e400", "-1", "1000", "5", "0.5"}
		b.WriteString(nums[rng.IntN(len(nums))])
	case r < 11:
		b.WriteString([]string{"true", "false"}[rng.IntN(2)])
	case r < 12:
		b.WriteString("null")
	case r < 14:
		b.WriteString([]string{"{}", "[]", "[null]", "[[]]"}[rng.IntN(4)])
	case r < 17:
		edgeObject(b, rng, depth)
	default:
		b.WriteByte('[')
		n := rng.IntN(4)
		for i := 0; i < n; i++ {
			if i > 0 {
				b.WriteString(", ")
			}
			edgeValue(b, rng, depth+1)
		}
		b.WriteByte(']')
	}
}

// escapeAll writes s as a JSON string with every character \u-escaped
// (surrogate pairs beyond the BMP).
func escapeAll(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		if r > 0xffff {
			r -= 0x10000
			fmt.Fprintf(&b, `\u%04x\u%04x`, 0xd800+(r>>10), 0xdc00+(r&0x3ff))
			continue
		}
		fmt.Fprintf(&b, `\u%04x`, r)
	}
	b.WriteByte('"')
	return b.String()
}

// DecodeEvent decodes an event as rulec's reference does (encoding/json,
// numbers kept as json.Number); ok is false for invalid JSON.
func DecodeEvent(data []byte) (doc any, ok bool) {
	if !json.Valid(data) {
		return nil, false
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&doc); err != nil {
		return nil, false
	}
	return doc, true
}
