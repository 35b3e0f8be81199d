package sigma

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"testing"

	sigmago "github.com/bradleyjkemp/sigma-go"
	"github.com/bradleyjkemp/sigma-go/evaluator"
	"gopkg.in/yaml.v3"

	"github.com/rulec/rulec/ir"
)

// sigmaGoVerdict is the outcome of the independent check on one rule.
type sigmaGoVerdict struct {
	rule    string
	skipped string   // why sigma-go cannot judge the rule, when it cannot
	judged  []string // tests sigma-go judged
	notes   []string // tests it could not judge, with the reason
}

// sigmaGoCannotJudge says why sigma-go v0.6.6 would read the emitted rule
// differently from the Sigma semantics here, or "" when it reads it the same
// way. It lacks |cased (so the case-insensitive form is judged), wildcards
// and escapes in values, exists, and the re sub-modifiers.
func sigmaGoCannotJudge(det *Detection) string {
	for _, s := range det.Searches {
		for _, m := range s.Maps {
			for _, fm := range m {
				for _, mod := range fm.Mods {
					switch mod {
					case "exists", "i", "m", "s", "cased":
						return fmt.Sprintf("%s uses |%s", fm.Field, mod)
					}
				}
				if fm.kind == kindPlain || fm.kind == kindContains || fm.kind == kindStartsWith || fm.kind == kindEndsWith {
					for _, v := range fm.Values {
						if v.Kind == ValString && strings.ContainsAny(v.Str, `*?\`) {
							return fmt.Sprintf("%s has a wildcard or escape in %q", fm.Field, v.Str)
						}
					}
				}
			}
		}
	}
	return ""
}

// nullFields returns the fields matched with null.
func nullFields(det *Detection) []string {
	var out []string
	for _, s := range det.Searches {
		for _, m := range s.Maps {
			for _, fm := range m {
				for _, v := range fm.Values {
					if fm.kind == kindPlain && v.Kind == ValNull {
						out = append(out, fm.Field)
					}
				}
			}
		}
	}
	return out
}

// forSigmaGo rewrites null values to sigma-go's spelling of null, the
// string "null", which it matches against a missing field.
func forSigmaGo(data []byte) ([]byte, error) {
	var n yaml.Node
	if err := yaml.Unmarshal(data, &n); err != nil {
		return nil, err
	}
	var walk func(*yaml.Node)
	walk = func(x *yaml.Node) {
		if x.Kind == yaml.ScalarNode && x.ShortTag() == "!!null" {
			x.Tag, x.Value, x.Style = "!!str", "null", yaml.SingleQuotedStyle
		}
		for _, c := range x.Content {
			walk(c)
		}
	}
	walk(&n)
	return yaml.Marshal(&n)
}

// flatten turns an event into sigma-go's input: dotted keys to leaf values,
// arrays kept as lists of their elements' values.
func flatten(v any) map[string]any {
	vals := map[string][]any{}
	multi := map[string]bool{}
	var walk func(prefix string, v any, inArray bool)
	walk = func(prefix string, v any, inArray bool) {
		switch x := v.(type) {
		case nil:
		case map[string]any:
			for k, e := range x {
				key := k
				if prefix != "" {
					key = prefix + "." + k
				}
				walk(key, e, inArray)
			}
		case []any:
			multi[prefix] = true
			for _, e := range x {
				walk(prefix, e, true)
			}
		case json.Number:
			// sigma-go compares Go numbers; JSON numbers arrive as int or
			// float64, as encoding/json would decode them.
			if i, err := x.Int64(); err == nil {
				walk(prefix, int(i), inArray)
			} else if f, err := x.Float64(); err == nil {
				walk(prefix, f, inArray)
			}
		default:
			if inArray {
				multi[prefix] = true
			}
			vals[prefix] = append(vals[prefix], v)
		}
	}
	walk("", v, false)
	out := map[string]any{}
	for k, vs := range vals {
		if len(vs) == 1 && !multi[k] {
			out[k] = vs[0]
		} else {
			out[k] = vs
		}
	}
	return out
}

// judgeWithSigmaGo runs sigma-go on the case-insensitive form of the emitted
// rule and compares it with this package's evaluation of the same YAML.
func judgeWithSigmaGo(t *testing.T, r *ir.Rule) sigmaGoVerdict {
	t.Helper()
	v := sigmaGoVerdict{rule: ruleName(r)}
	data, err := Convert(r, Options{Case: CaseInsensitive})
	if err != nil {
		v.skipped = "unsupported in Sigma"
		return v
	}
	docs, errs := Parse(v.rule, data)
	if errs.Err() != nil {
		t.Fatalf("%s: %v", v.rule, errs.Err())
	}
	det := docs[0].Detection
	if why := sigmaGoCannotJudge(det); why != "" {
		v.skipped = why
		return v
	}
	first, _, _ := bytes.Cut(data, []byte("\n---\n"))
	src, err := forSigmaGo(first)
	if err != nil {
		t.Fatal(err)
	}
	rule, err := sigmago.ParseRule(src)
	if err != nil {
		t.Fatalf("%s: sigma-go cannot parse the emitted rule: %v\n%s", v.rule, err, src)
	}
	mappings := map[string]sigmago.FieldMapping{}
	for _, s := range det.Searches {
		for _, m := range s.Maps {
			for _, fm := range m {
				mappings[fm.Field] = sigmago.FieldMapping{TargetNames: []string{fm.Field}}
			}
		}
	}
	eval := evaluator.ForRule(rule, evaluator.WithConfig(sigmago.Config{FieldMappings: mappings}))
	nulls := nullFields(det)
	for _, tc := range r.Tests {
		// sigma-go's null is a missing field only: judge a null test only
		// when the field is missing or holds one non-empty value.
		why := ""
		for _, f := range nulls {
			vals := fieldValues(tc.Log, f)
			if len(vals) > 1 || len(vals) == 1 && isEmpty(vals[0]) {
				why = fmt.Sprintf("%s holds an empty or several values, which sigma-go's null reads differently", f)
			}
			if len(vals) == 1 {
				if _, isObject := vals[0].(map[string]any); isObject {
					why = fmt.Sprintf("%s holds an object, which flattening removes", f)
				}
			}
		}
		if why != "" {
			v.notes = append(v.notes, tc.Name+": "+why)
			continue
		}
		ours, err := det.Match(tc.Log)
		if err != nil {
			t.Fatal(err)
		}
		res, err := eval.Matches(context.Background(), flatten(tc.Log))
		if err != nil {
			t.Errorf("%s / %s: sigma-go: %v", v.rule, tc.Name, err)
			continue
		}
		if res.Match != ours {
			t.Errorf("%s / %s: sigma-go %v, this evaluator %v\n%s", v.rule, tc.Name, res.Match, ours, src)
		}
		v.judged = append(v.judged, tc.Name)
	}
	return v
}

// sigmaGoRecord renders the verdicts: which rules and tests sigma-go
// judged, and why it could not judge the others.
func sigmaGoRecord(vs []sigmaGoVerdict) (string, int) {
	sort.Slice(vs, func(i, j int) bool { return vs[i].rule < vs[j].rule })
	var b strings.Builder
	judged := 0
	for _, v := range vs {
		if v.skipped != "" {
			fmt.Fprintf(&b, "%s: not judged: %s\n", v.rule, v.skipped)
			continue
		}
		fmt.Fprintf(&b, "%s: judged %d tests\n", v.rule, len(v.judged))
		for _, n := range v.notes {
			fmt.Fprintf(&b, "    not judged: %s\n", n)
		}
		judged += len(v.judged)
	}
	fmt.Fprintf(&b, "%d tests judged by sigma-go\n", judged)
	return b.String(), judged
}
