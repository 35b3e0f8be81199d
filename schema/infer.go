package schema

import (
	"fmt"
	"net/netip"
	"sort"
	"strings"
	"time"

	"github.com/rulec/rulec/ir"
)

// Infer drafts a log type from sample events (decoded JSON objects). What the
// samples show is kept as fact (a member that only ever held strings is a
// string); what they cannot prove is marked Guessed with a note: an ip or
// timestamp read from the text of strings, free JSON for a member seen
// with several kinds of value or only as null or [], and every object's
// closedness (it lists the members the samples had). The signature is the
// top-level members present in every event, also a guess.
func Infer(name string, events []any) *LogType {
	root := &shape{}
	for _, e := range events {
		root.add(e)
	}
	t, _, _ := root.typ()
	if t == nil || t.Kind != KindObject {
		t = &Type{Kind: KindObject, Open: true}
	}
	lt := &LogType{Name: name, Root: t}
	var always []string
	for _, k := range root.order {
		if f := root.fields[k]; f.present == len(events) && f.valued == len(events) && !strings.HasPrefix(k, "p_") {
			always = append(always, k)
		}
	}
	sort.Strings(always)
	if len(always) > 4 {
		always = always[:4]
	}
	if len(always) > 0 {
		var sig Signature
		for _, k := range always {
			sig = append(sig, Clause{Path: []string{k}})
		}
		lt.Classify = []Signature{sig}
	}
	return lt
}

// shape accumulates what the samples show at one path.
type shape struct {
	present, valued               int // times seen; times seen not null
	strs, nums, bools, objs, arrs int
	nonEmpty, ips, times          int // strings: non-empty ones, IP addresses, date-times
	fields                        map[string]*shape
	order                         []string
	elem                          *shape
}

var timeLayouts = []string{time.RFC3339Nano, "2006-01-02 15:04:05.999999999", "2006-01-02T15:04:05.999999999", "2006-01-02 15:04:05.999999999Z07:00"}

func isTime(s string) bool {
	for _, l := range timeLayouts {
		if _, err := time.Parse(l, s); err == nil {
			return true
		}
	}
	return false
}

func (s *shape) add(v any) {
	s.present++
	if v == nil {
		return
	}
	s.valued++
	switch x := v.(type) {
	case string:
		s.strs++
		if x != "" {
			s.nonEmpty++
			if _, err := netip.ParseAddr(x); err == nil {
				s.ips++
			}
			if isTime(x) {
				s.times++
			}
		}
	case bool:
		s.bools++
	case map[string]any:
		s.objs++
		if s.fields == nil {
			s.fields = map[string]*shape{}
		}
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			f := s.fields[k]
			if f == nil {
				f = &shape{}
				s.fields[k] = f
				s.order = append(s.order, k)
			}
			f.add(x[k])
		}
	case []any:
		s.arrs++
		if s.elem == nil {
			s.elem = &shape{}
		}
		for _, e := range x {
			s.elem.add(e)
		}
	default:
		if ir.IsNumber(v) {
			s.nums++
		}
	}
}

// typ returns the drafted type, whether it is a guess, and why.
func (s *shape) typ() (*Type, bool, string) {
	var kinds []string
	for _, k := range []struct {
		n    int
		name string
	}{{s.strs, "string"}, {s.nums, "number"}, {s.bools, "boolean"}, {s.objs, "object"}, {s.arrs, "array"}} {
		if k.n > 0 {
			kinds = append(kinds, k.name)
		}
	}
	switch {
	case len(kinds) == 0:
		return &Type{Kind: KindJSON}, true, "only null was seen"
	case len(kinds) > 1:
		return &Type{Kind: KindJSON}, true, "seen as " + strings.Join(kinds, " and ")
	}
	switch kinds[0] {
	case "string":
		if s.nonEmpty > 0 && s.ips == s.nonEmpty {
			return &Type{Kind: KindIP}, true, fmt.Sprintf("all %d non-empty values were IP addresses", s.nonEmpty)
		}
		if s.nonEmpty > 0 && s.times == s.nonEmpty {
			return &Type{Kind: KindTimestamp}, true, fmt.Sprintf("all %d non-empty values were date-times", s.nonEmpty)
		}
		return &Type{Kind: KindString}, false, ""
	case "number":
		return &Type{Kind: KindNumber}, false, ""
	case "boolean":
		return &Type{Kind: KindBoolean}, false, ""
	case "object":
		t := &Type{Kind: KindObject}
		for _, k := range s.order {
			ft, guessed, note := s.fields[k].typ()
			t.Fields = append(t.Fields, &Field{Name: k, Type: ft, Guessed: guessed, Note: note})
		}
		sort.Slice(t.Fields, func(i, j int) bool { return t.Fields[i].Name < t.Fields[j].Name })
		return t, true, fmt.Sprintf("closed: lists the members seen in %d samples", s.objs)
	}
	// An array: its elements' type.
	if s.elem == nil || s.elem.valued == 0 {
		return &Type{Kind: KindArray, Elem: &Type{Kind: KindJSON}}, true, "only empty arrays (or nulls in them) were seen"
	}
	et, guessed, note := s.elem.typ()
	return &Type{Kind: KindArray, Elem: et}, guessed, note
}

// Format writes lt in the schema file format (see the package
// documentation), guessed fields with "guessed: true" and their note, each
// line of comment as a leading "#" line. Patterns are not written: they
// belong to the shipped CloudTrail file only.
func Format(lt *LogType, comment string) []byte {
	var b strings.Builder
	for _, line := range strings.Split(strings.TrimSpace(comment), "\n") {
		if line != "" {
			fmt.Fprintf(&b, "# %s\n", line)
		}
	}
	fmt.Fprintf(&b, "log_type: %s\n", yamlString(lt.Name))
	if len(lt.Sources) > 0 {
		b.WriteString("sources:\n")
		for _, s := range lt.Sources {
			fmt.Fprintf(&b, "  - %s\n", yamlString(s))
		}
	}
	if lt.Sigma != nil {
		var parts []string
		for _, kv := range [][2]string{{"product", lt.Sigma.Product}, {"category", lt.Sigma.Category}, {"service", lt.Sigma.Service}} {
			if kv[1] != "" {
				parts = append(parts, kv[0]+": "+yamlString(kv[1]))
			}
		}
		fmt.Fprintf(&b, "sigma: {%s}\n", strings.Join(parts, ", "))
	}
	if len(lt.PartOf) > 0 {
		fmt.Fprintf(&b, "part_of: [%s]\n", strings.Join(lt.PartOf, ", "))
	}
	if lt.Root.Open {
		b.WriteString("open: true\n")
	}
	if len(lt.Classify) > 0 {
		b.WriteString("classify:\n")
		for _, sig := range lt.Classify {
			var has, eq []string
			for _, c := range sig {
				p := yamlString(strings.Join(c.Path, "."))
				if c.Equals {
					eq = append(eq, p+": "+yamlString(c.Value))
				} else {
					has = append(has, p)
				}
			}
			prefix := "  - "
			if len(has) > 0 {
				fmt.Fprintf(&b, "%shas: [%s]\n", prefix, strings.Join(has, ", "))
				prefix = "    "
			}
			if len(eq) > 0 {
				fmt.Fprintf(&b, "%sequals: {%s}\n", prefix, strings.Join(eq, ", "))
			}
		}
	}
	b.WriteString("fields:\n")
	writeFields(&b, lt.Root.Fields, "  ")
	return []byte(b.String())
}

func writeFields(b *strings.Builder, fields []*Field, indent string) {
	for _, f := range fields {
		name := yamlString(f.Name)
		base := f.Type.Base()
		hasFields := base.Kind == KindObject && len(base.Fields) > 0
		if !hasFields && !f.Guessed && f.Note == "" {
			fmt.Fprintf(b, "%s%s: %s\n", indent, name, f.Type)
			continue
		}
		fmt.Fprintf(b, "%s%s:\n", indent, name)
		fmt.Fprintf(b, "%s  type: %s\n", indent, f.Type)
		if f.Guessed {
			fmt.Fprintf(b, "%s  guessed: true\n", indent)
		}
		if f.Note != "" {
			fmt.Fprintf(b, "%s  note: %s\n", indent, yamlString(f.Note))
		}
		if hasFields {
			fmt.Fprintf(b, "%s  fields:\n", indent)
			writeFields(b, base.Fields, indent+"    ")
		}
	}
}

// yamlString writes s plain when YAML reads it back as the same string,
// else double-quoted.
func yamlString(s string) string {
	plain := s != "" && !strings.ContainsAny(s, ":#{}[],&*!|>'\"%@`\n\t\\") && strings.TrimSpace(s) == s && !strings.HasPrefix(s, "-") && !strings.HasPrefix(s, "?")
	switch strings.ToLower(s) {
	case "true", "false", "yes", "no", "on", "off", "null", "~":
		plain = false
	}
	if plain {
		if _, err := fmt.Sscanf(s, "%g", new(float64)); err == nil {
			plain = false
		}
	}
	if plain {
		return s
	}
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20:
			fmt.Fprintf(&b, "\\x%02x", r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
