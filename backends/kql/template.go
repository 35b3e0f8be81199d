package kql

import (
	"bytes"
	"encoding/json"
	"sort"
	"strings"

	"github.com/rulec/rulec/schema"
)

// IndexTemplateName is the name of the raw profile's index template for a
// log type: "rulec-" and the lowercased log type, as IndexPattern without
// the "-*".
func IndexTemplateName(logType string) string {
	return "rulec-" + strings.ToLower(logType)
}

// IndexTemplate returns the Elasticsearch composable index template (the
// body of PUT _index_template/NAME) under which the raw profile's queries for
// lt are exact: the mapping model of this package, written out. Every field
// the registry declares gets its type:
//   - string and timestamp: keyword (exact terms; a timestamp is compared as
//     the text the rule writes), with a multi-field NAME.caseless under the
//     built-in lowercase normalizer, which the "~" operators query;
//   - number: double (numeric strings are coerced, 50.5 stays 50.5);
//   - boolean: boolean;
//   - ip: a keyword with an ip multi-field NAME.ip (ignore_malformed, so a
//     value that is not an address, such as a service name in CloudTrail's
//     sourceIPAddress, is still indexed as text);
//   - object: its declared members under "properties"; an open object's
//     other members, and free JSON, take the dynamic templates;
//   - array of objects: nested with include_in_root, so any P (C) can test
//     one element (a KQL nested query) while P.x stays a plain field.
//
// Dynamic templates map every other string, number and boolean to keyword
// with the same caseless multi-field (a number is indexed as its JSON text), and date and numeric detection are
// off, so no undeclared string becomes a date or a number.
func IndexTemplate(lt *schema.LogType) ([]byte, error) {
	nested := 0
	props := templateProperties(lt.Root, &nested)
	tmpl := map[string]any{
		"mappings": map[string]any{
			"date_detection":    false,
			"numeric_detection": false,
			"dynamic_templates": []any{
				dynamicKeyword("strings_as_keyword", "string"),
				dynamicKeyword("longs_as_keyword", "long"),
				dynamicKeyword("doubles_as_keyword", "double"),
				dynamicKeyword("booleans_as_keyword", "boolean"),
			},
			"properties": props,
		},
	}
	if nested > 50 {
		// Elasticsearch allows 50 nested fields per index by default.
		tmpl["settings"] = map[string]any{"index.mapping.nested_fields.limit": nested}
	}
	body := map[string]any{
		"index_patterns": []string{IndexTemplateName(lt.Name) + "-*"},
		"priority":       200,
		"template":       tmpl,
		"_meta": map[string]any{
			"description": "rulec raw profile for log type " + lt.Name + ": the index mapping rulec's KQL and EQL queries are exact under",
			"log_type":    lt.Name,
		},
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(body); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func dynamicKeyword(name, jsonType string) map[string]any {
	return map[string]any{name: map[string]any{
		"match_mapping_type": jsonType,
		"mapping":            keywordMapping(nil),
	}}
}

// keywordMapping is a keyword with the caseless multi-field the "~"
// operators query (NAME.caseless, the built-in lowercase normalizer), plus
// any other multi-fields.
func keywordMapping(fields map[string]any) map[string]any {
	if fields == nil {
		fields = map[string]any{}
	}
	fields["caseless"] = map[string]any{"type": "keyword", "normalizer": "lowercase"}
	return map[string]any{"type": "keyword", "fields": fields}
}

// templateProperties writes the declared members of an object type.
func templateProperties(t *schema.Type, nested *int) map[string]any {
	props := map[string]any{}
	for _, f := range t.Fields {
		if m := templateField(f.Type, nested); m != nil {
			props[f.Name] = m
		}
	}
	return props
}

// templateField writes the mapping of one declared member, or nil for free
// JSON (left to the dynamic templates).
func templateField(t *schema.Type, nested *int) map[string]any {
	base := t.Base()
	switch base.Kind {
	case schema.KindString, schema.KindTimestamp:
		return keywordMapping(nil)
	case schema.KindNumber:
		return map[string]any{"type": "double"}
	case schema.KindBoolean:
		return map[string]any{"type": "boolean"}
	case schema.KindIP:
		return keywordMapping(map[string]any{"ip": map[string]any{"type": "ip", "ignore_malformed": true}})
	case schema.KindObject:
		m := map[string]any{"properties": templateProperties(base, nested)}
		if t.Kind == schema.KindArray {
			*nested++
			m["type"] = "nested"
			m["include_in_root"] = true
		}
		return m
	}
	return nil
}

// TemplateLogTypes returns the log types of reg that rules name, sorted,
// and the names it does not know.
func TemplateLogTypes(reg *schema.Registry, names []string) (known []*schema.LogType, unknown []string) {
	seen := map[string]bool{}
	sort.Strings(names)
	for _, n := range names {
		if seen[n] {
			continue
		}
		seen[n] = true
		if lt := reg.Lookup(n); lt != nil {
			known = append(known, lt)
		} else {
			unknown = append(unknown, n)
		}
	}
	return known, unknown
}
