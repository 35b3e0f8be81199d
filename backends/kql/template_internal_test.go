package kql

import (
	"encoding/json"
	"sort"
	"strings"
	"testing"

	"github.com/rulec/rulec/schema"
)

// mappingParams lists, per field type, the mapping parameters the template
// may use (Elasticsearch mapping reference: keyword takes "fields" for
// multi-fields, ip takes "ignore_malformed", nested takes "properties" and
// "include_in_root"; an object is "properties" alone).
var mappingParams = map[string][]string{
	"keyword": {"type", "fields", "normalizer"},
	"double":  {"type"},
	"boolean": {"type"},
	"ip":      {"type", "ignore_malformed"},
	"nested":  {"type", "properties", "include_in_root"},
	"object":  {"properties"},
}

func keysOf(m map[string]any) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

func allowed(t *testing.T, where string, m map[string]any, keys ...string) {
	t.Helper()
	for _, k := range keysOf(m) {
		ok := false
		for _, a := range keys {
			ok = ok || a == k
		}
		if !ok {
			t.Errorf("%s: unexpected key %q (allowed: %v)", where, k, keys)
		}
	}
}

// checkMapping validates one field mapping's shape and returns its type
// ("object" when it has no type).
func checkMapping(t *testing.T, path string, v any) string {
	m, ok := v.(map[string]any)
	if !ok {
		t.Fatalf("%s: mapping is %T", path, v)
	}
	typ, _ := m["type"].(string)
	if typ == "" {
		typ = "object"
	}
	params, ok := mappingParams[typ]
	if !ok {
		t.Errorf("%s: type %q is not one the raw profile uses", path, typ)
		return typ
	}
	allowed(t, path, m, params...)
	if f, ok := m["fields"].(map[string]any); ok {
		allowed(t, path+".fields", f, "ip", "caseless")
		c, _ := f["caseless"].(map[string]any)
		if c["type"] != "keyword" || c["normalizer"] != "lowercase" {
			t.Errorf("%s.caseless: want a keyword with the lowercase normalizer, got %v", path, c)
		}
		checkMapping(t, path+".caseless", c)
		if ip, ok := f["ip"].(map[string]any); ok {
			if ip["type"] != "ip" || ip["ignore_malformed"] != true {
				t.Errorf("%s.ip: want an ip multi-field with ignore_malformed, got %v", path, ip)
			}
			checkMapping(t, path+".ip", ip)
			typ = "keyword+ip"
		}
	}
	if m["normalizer"] != nil && m["normalizer"] != "lowercase" {
		t.Errorf("%s: normalizer %v", path, m["normalizer"])
	}
	if typ == "nested" && m["include_in_root"] != true {
		t.Errorf("%s: nested without include_in_root hides P.x from plain queries", path)
	}
	return typ
}

// templateTypes walks properties into dotted paths and their types.
func templateTypes(t *testing.T, prefix string, props map[string]any, out map[string]string) {
	for _, k := range keysOf(props) {
		path := k
		if prefix != "" {
			path = prefix + "." + k
		}
		typ := checkMapping(t, path, props[k])
		out[path] = typ
		if sub, ok := props[k].(map[string]any)["properties"].(map[string]any); ok {
			templateTypes(t, path, sub, out)
		}
	}
}

// TestIndexTemplateShape checks every shipped log type's template: valid
// composable-template JSON with only the mapping parameters each field type
// takes, and for every field the registry declares, the type the mapping
// model (which the KQL evaluator indexes by) gives it.
func TestIndexTemplateShape(t *testing.T) {
	reg := schema.Builtin()
	for _, lt := range reg.LogTypes() {
		data, err := IndexTemplate(lt)
		if err != nil {
			t.Fatal(err)
		}
		var body map[string]any
		if err := json.Unmarshal(data, &body); err != nil {
			t.Fatalf("%s: %v", lt.Name, err)
		}
		allowed(t, lt.Name, body, "index_patterns", "priority", "template", "_meta")
		pats, _ := body["index_patterns"].([]any)
		m := Mapping{Profile: Raw, LogType: lt.Name}
		if len(pats) != 1 || pats[0] != m.IndexPattern() {
			t.Errorf("%s: index_patterns %v, the Kibana rules use %s", lt.Name, pats, m.IndexPattern())
		}
		tmpl, _ := body["template"].(map[string]any)
		allowed(t, lt.Name+".template", tmpl, "mappings", "settings")
		mappings, _ := tmpl["mappings"].(map[string]any)
		allowed(t, lt.Name+".mappings", mappings, "properties", "dynamic_templates", "date_detection", "numeric_detection")
		if mappings["date_detection"] != false || mappings["numeric_detection"] != false {
			t.Errorf("%s: date and numeric detection must be off", lt.Name)
		}
		for _, dt := range mappings["dynamic_templates"].([]any) {
			for name, v := range dt.(map[string]any) {
				d := v.(map[string]any)
				allowed(t, lt.Name+"."+name, d, "match_mapping_type", "mapping")
				if mt := d["match_mapping_type"]; mt == "object" || mt == "*" {
					t.Errorf("%s: dynamic template %s would map objects as keyword", lt.Name, name)
				}
				if typ := checkMapping(t, lt.Name+"."+name, d["mapping"]); typ != "keyword" {
					t.Errorf("%s: dynamic template %s is %s, not keyword", lt.Name, name, typ)
				}
			}
		}
		types := map[string]string{}
		templateTypes(t, "", mappings["properties"].(map[string]any), types)
		n := 0
		lt.Root.Leaves(func(segs []string, typ *schema.Type) {
			path := strings.Join(segs, ".")
			got := types[path]
			var want string
			base := typ.Base()
			switch {
			case base.Kind == schema.KindJSON:
				want = "" // left to the dynamic templates
			case base.Kind == schema.KindObject && typ.Kind == schema.KindArray:
				want = "nested"
			case base.Kind == schema.KindObject:
				want = "object"
			default:
				ft, ok := m.typeOf(path)
				if !ok {
					t.Errorf("%s: %s is declared %s but the mapping model does not type it", lt.Name, path, typ)
				}
				want = map[FieldType]string{Keyword: "keyword", Double: "double", Boolean: "boolean", KeywordIP: "keyword+ip"}[ft]
			}
			if got != want {
				t.Errorf("%s: %s (%s) is %q in the template, want %q", lt.Name, path, typ, got, want)
			}
			n++
		})
		if n == 0 {
			t.Errorf("%s: no declared fields", lt.Name)
		}
	}
}
