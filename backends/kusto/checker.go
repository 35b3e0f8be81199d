package kusto

import (
	"errors"
	"fmt"

	"github.com/rulec/rulec/backends"
	"github.com/rulec/rulec/ir"
	"github.com/rulec/rulec/schema"
)

// Ingest turns one JSON log into the row a table holds for it, as Kusto's
// JSON ingestion fills typed columns: a dynamic column holds the value as
// is (integers as long, other numbers as real, null as null); a string
// column holds a string as is, the JSON text of any other value, and ""
// for a missing or null field; a bool column holds a boolean (null
// otherwise); a real column a number, a long or int column an integer
// (null otherwise). Keys the table has no column for are dropped, as
// ingestion does.
func Ingest(log any, t *Table) Row {
	row := Row{}
	m, _ := log.(map[string]any)
	for _, c := range t.Columns {
		v := Dynamic(member(m, c.Source))
		switch c.Type {
		case TypeDynamic:
			row[c.Name] = v
		case TypeString:
			row[c.Name] = tostring(v)
		case TypeBool:
			if b, ok := v.(bool); ok {
				row[c.Name] = b
			} else {
				row[c.Name] = nil
			}
		case TypeReal:
			row[c.Name] = todouble(v)
			if _, ok := v.(string); ok {
				row[c.Name] = nil
			}
		case TypeLong, TypeInt:
			// An integer lands as itself; anything else is null.
			row[c.Name] = nil
			if i, ok := v.(int64); ok {
				row[c.Name] = i
			}
		default:
			row[c.Name] = nil
		}
	}
	return row
}

// member follows a path through objects only (a connector flattens
// objects, not arrays); nil when it meets anything else.
func member(v any, path []string) any {
	for _, s := range path {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[s]
	}
	return v
}

// Checker is the `kusto` result of `rulec test` (raw profile) and the
// differential tests' kusto checker: the emitted query evaluated by the
// engine on each log ingested into the profile's table.
type Checker struct {
	Profile Profile
	Schemas *schema.Registry // the raw profile's log types (nil: the shipped registry)
}

// Name is "kusto" for the raw profile and "kusto-sentinel" for sentinel.
func (c Checker) Name() string {
	if c.Profile == Sentinel {
		return "kusto-sentinel"
	}
	return "kusto"
}

// Compile emits the rule's query.
func (c Checker) Compile(r *ir.Rule) (backends.Program, error) {
	q, t, err := CompileTable(r, c.Profile, c.Schemas)
	if err != nil {
		return nil, err
	}
	return &program{q: q, t: t, r: r, name: c.Name()}, nil
}

type program struct {
	q    *Query
	t    *Table
	r    *ir.Rule
	name string
}

func (p *program) Eval(logs []any) ([]bool, error) {
	out := make([]bool, len(logs))
	for i, l := range logs {
		rows, err := Run(p.q, []Row{Ingest(l, p.t)})
		if err != nil {
			var nc errNotCheckable
			if errors.As(err, &nc) {
				return nil, ir.Unsupported(p.r, p.r.Cond.Pos(), p.name, "a log holding "+nc.why)
			}
			return nil, fmt.Errorf("%s: rule %s: %v\n%s", p.name, p.r.ID, err, p.q)
		}
		out[i] = len(rows) > 0
	}
	return out, nil
}
