package schema

import (
	"fmt"
	"sort"
	"strconv"

	"github.com/rulec/rulec/ir"
)

// Mismatch is one place where a log contradicts its log type's schema.
type Mismatch struct {
	Path string // dotted, with [i] for array elements: "resources[0].ARN"
	Want *Type  // the declared type; nil for a member a closed object does not declare
	Got  string // the JSON kind found: string, number, boolean, object, array
}

func (m Mismatch) String() string {
	if m.Want == nil {
		return fmt.Sprintf("%s is not a field of its object (the schema lists them all)", m.Path)
	}
	return fmt.Sprintf("%s is %s where %s is declared", m.Path, article(m.Got), m.Want)
}

func article(kind string) string {
	switch kind {
	case "array", "object":
		return "an " + kind
	}
	return "a " + kind
}

// Check returns where doc (a decoded JSON event, as ir.Eval reads it)
// contradicts lt, in path order. JSON null fits every type: it reads as a
// missing member. An ip field accepts any string (vendors document
// non-address values).
func (lt *LogType) Check(doc any) []Mismatch {
	var out []Mismatch
	checkValue(lt.Root, doc, "", &out)
	return out
}

// Fits reports whether doc fits lt.
func (lt *LogType) Fits(doc any) bool { return len(lt.Check(doc)) == 0 }

func jsonKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "string"
	case bool:
		return "boolean"
	case map[string]any:
		return "object"
	case []any:
		return "array"
	}
	if ir.IsNumber(v) {
		return "number"
	}
	return fmt.Sprintf("%T", v)
}

func checkValue(t *Type, v any, path string, out *[]Mismatch) {
	kind := jsonKind(v)
	if kind == "null" || t.Kind == KindJSON {
		return
	}
	bad := func() { *out = append(*out, Mismatch{Path: path, Want: t, Got: kind}) }
	switch t.Kind {
	case KindString, KindIP, KindTimestamp:
		if kind != "string" {
			bad()
		}
	case KindNumber:
		if kind != "number" {
			bad()
		}
	case KindBoolean:
		if kind != "boolean" {
			bad()
		}
	case KindArray:
		arr, ok := v.([]any)
		if !ok {
			bad()
			return
		}
		for i, e := range arr {
			checkValue(t.Elem, e, path+"["+strconv.Itoa(i)+"]", out)
		}
	case KindObject:
		obj, ok := v.(map[string]any)
		if !ok {
			bad()
			return
		}
		keys := make([]string, 0, len(obj))
		for k := range obj {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			sub := k
			if path != "" {
				sub = path + "." + k
			}
			if f := t.Field(k); f != nil {
				checkValue(f.Type, obj[k], sub, out)
			} else if !t.Open {
				*out = append(*out, Mismatch{Path: sub, Got: jsonKind(obj[k])})
			}
		}
	}
}
