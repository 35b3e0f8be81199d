package difftest

import (
	"encoding/json"

	"github.com/rulec/rulec/ir"
	"github.com/rulec/rulec/schema"
)

// openMember is the undeclared member the schema generator adds to open
// objects (and conditions read), so free JSON is exercised too.
const openMember = "zz"

var timestampAtoms = []string{"2024-01-01T00:00:00Z", "2024-01-01T00:00:00.5+02:00", "2024-02-29 23:59:59", "0"}

// SchemaPaths returns the paths conditions over log type t draw from: every
// declared path (objects and arrays included) and, below each open object,
// one undeclared member.
func SchemaPaths(t *schema.Type) [][]string {
	var out [][]string
	var walk func(prefix []string, t *schema.Type)
	walk = func(prefix []string, t *schema.Type) {
		base := t.Base()
		if base.Kind != schema.KindObject {
			return
		}
		for _, f := range base.Fields {
			p := append(append([]string(nil), prefix...), f.Name)
			out = append(out, p)
			walk(p, f.Type)
		}
		if base.Open {
			out = append(out, append(append([]string(nil), prefix...), openMember))
		}
	}
	walk(nil, t)
	return out
}

// SchemaEvent returns a random event that fits t: each declared member is
// present or not, holds null or a value of its declared type; an open object
// sometimes holds an undeclared member with any value.
func (g *Generator) SchemaEvent(t *schema.Type) map[string]any {
	m, _ := g.schemaValue(t, 4).(map[string]any)
	if m == nil {
		m = map[string]any{}
	}
	return m
}

func (g *Generator) schemaValue(t *schema.Type, depth int) any {
	switch t.Kind {
	case schema.KindString:
		return g.str()
	case schema.KindIP:
		if g.chance(0.7) {
			return pickFrom(g, g.ips)
		}
		return g.str()
	case schema.KindTimestamp:
		return pickFrom(g, timestampAtoms)
	case schema.KindNumber:
		return json.Number(g.num())
	case schema.KindBoolean:
		return g.chance(0.5)
	case schema.KindJSON:
		return g.leaf(1)
	case schema.KindArray:
		n := g.pick(4)
		arr := make([]any, n)
		for i := range arr {
			arr[i] = g.schemaValue(t.Elem, depth-1)
		}
		return arr
	}
	m := map[string]any{}
	if depth <= 0 {
		return m
	}
	for _, f := range t.Fields {
		switch r := g.pick(20); {
		case r < 9:
			// missing: most members of a big object are
		case r == 9:
			m[f.Name] = nil
		default:
			m[f.Name] = g.schemaValue(f.Type, depth-1)
		}
	}
	if t.Open && g.chance(0.4) {
		m[openMember] = g.leaf(1)
	}
	return m
}

// SchemaEventFor is EventFor for log type lt: an event that fits lt, in
// which some predicates of cond meet a value made to satisfy them when that
// value fits the schema too.
func (g *Generator) SchemaEventFor(lt *schema.LogType, cond ir.Expr) map[string]any {
	ev := g.SchemaEvent(lt.Root)
	for _, p := range ir.Preds(cond) {
		if !g.chance(0.5) {
			continue
		}
		planted := cloneJSON(ev).(map[string]any)
		g.plant(planted, p.Field.Segs, g.valueFor(p))
		if lt.Fits(planted) {
			ev = planted
		}
	}
	return ev
}

func cloneJSON(v any) any {
	switch x := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[k] = cloneJSON(e)
		}
		return m
	case []any:
		a := make([]any, len(x))
		for i, e := range x {
			a[i] = cloneJSON(e)
		}
		return a
	}
	return v
}
