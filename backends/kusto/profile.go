package kusto

import (
	"fmt"
	"sort"
	"strings"

	"github.com/rulec/rulec/ir"
	"github.com/rulec/rulec/schema"
)

// Profile selects the tables and columns a query is written for.
type Profile uint8

const (
	// Raw: a custom table per log type whose columns are the log's
	// top-level keys, each a dynamic column holding the JSON value as is.
	Raw Profile = iota
	// Sentinel: Microsoft Sentinel's built-in tables (sentinelTables).
	Sentinel
)

func (p Profile) String() string {
	if p == Sentinel {
		return "sentinel"
	}
	return "raw"
}

// ParseProfile reads a --kusto-fields value.
func ParseProfile(s string) (Profile, bool) {
	switch s {
	case "", "raw":
		return Raw, true
	case "sentinel":
		return Sentinel, true
	}
	return Raw, false
}

// ColumnType is a Kusto column type.
type ColumnType string

const (
	TypeDynamic  ColumnType = "dynamic"
	TypeString   ColumnType = "string"
	TypeBool     ColumnType = "bool"
	TypeInt      ColumnType = "int"
	TypeLong     ColumnType = "long"
	TypeReal     ColumnType = "real"
	TypeDatetime ColumnType = "datetime"
)

// Column is one column of a table and the log path it is filled from.
type Column struct {
	Name   string
	Type   ColumnType
	Source []string // the log path; nil for columns no rule field maps to
	// JSON marks a string column that holds the JSON text of an object
	// (AWSCloudTrail.RequestParameters): paths below it are read through
	// parse_json.
	JSON bool
}

// Table is a Kusto table: its name and columns.
type Table struct {
	Name    string
	Columns []*Column
	// open: any top-level key of the log is a dynamic column (the raw
	// profile); lookup adds the column on first use.
	open bool
	// Source cites where the schema comes from (Sentinel tables).
	Source string
	// logType is the registry's declaration of the table's log type (nil
	// when the registry does not know it: every path below a dynamic
	// column fans out).
	logType *schema.LogType
}

// Column returns the column named name, or nil.
func (t *Table) Column(name string) *Column {
	for _, c := range t.Columns {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// lookup finds the column a path is read from and the path below it.
func (t *Table) lookup(segs []string) (*Column, []string, error) {
	if t.open {
		c := t.Column(segs[0])
		if c == nil {
			c = &Column{Name: segs[0], Type: TypeDynamic, Source: segs[:1]}
			t.Columns = append(t.Columns, c)
		}
		return c, segs[1:], nil
	}
	var best *Column
	for _, c := range t.Columns {
		if len(c.Source) == 0 || len(c.Source) > len(segs) || !prefix(c.Source, segs) {
			continue
		}
		if len(c.Source) < len(segs) && c.Type != TypeDynamic && !c.JSON {
			continue
		}
		if best == nil || len(c.Source) > len(best.Source) {
			best = c
		}
	}
	if best == nil {
		return nil, nil, fmt.Errorf("field %s (no column of %s holds it)", strings.Join(segs, "."), t.Name)
	}
	return best, segs[len(best.Source):], nil
}

func prefix(p, s []string) bool {
	for i := range p {
		if p[i] != s[i] {
			return false
		}
	}
	return true
}

// RawTable is the raw profile's table for a log type: a dynamic column per
// top-level field the registry declares (reg, or the shipped registry when
// nil), and per other top-level key a rule reads. Columns stay dynamic, not
// string: a Kusto string column holds "" for a missing field, and rules
// test eq "" (errorCode eq ""); a dynamic column keeps null apart from "".
// The declaration still shapes the query: a path whose every step is a
// declared scalar or object is read in place, and only declared arrays and
// undeclared paths fan out.
func RawTable(logType string, reg *schema.Registry) *Table {
	t := &Table{Name: RawTableName(logType), open: true}
	if reg == nil {
		reg = schema.Builtin()
	}
	if logType == "" {
		return t
	}
	lt := reg.Lookup(logType)
	if lt == nil || lt.Root == nil || lt.Root.Kind != schema.KindObject {
		return t
	}
	t.logType = lt
	for _, f := range lt.Root.Fields {
		t.Columns = append(t.Columns, &Column{Name: f.Name, Type: TypeDynamic, Source: []string{f.Name}})
	}
	return t
}

// RawTableName is the raw profile's table for a log type: its name with
// every character that is not a letter, digit or underscore replaced by
// an underscore (AWS.CloudTrail -> AWS_CloudTrail). Rules without a log
// type read the table Events.
func RawTableName(logType string) string {
	if logType == "" {
		return "Events"
	}
	b := []byte(logType)
	for i, c := range b {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_') {
			b[i] = '_'
		}
	}
	return string(b)
}

// tables returns the tables the rule reads, one per log type.
func (e *emitter) tables() ([]*Table, error) {
	lts := e.r.LogTypes
	if len(lts) == 0 {
		lts = []string{""}
	}
	var out []*Table
	for _, lt := range lts {
		t, err := e.tableFor(lt)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	if len(out) > 1 && e.prof == Sentinel {
		return nil, e.unsupported(e.r.At, "a rule over several log types in the sentinel profile (their tables name the fields differently)")
	}
	return out, nil
}

func (e *emitter) tableFor(logType string) (*Table, error) {
	if e.prof == Raw {
		return RawTable(logType, e.schemas), nil
	}
	t := SentinelTable(logType)
	if t == nil {
		return nil, e.unsupported(e.r.At, fmt.Sprintf("log type %q (no Sentinel table holds it)", logType))
	}
	// Below a dynamic or JSON column, the log type's declaration shapes
	// the paths as in the raw profile.
	reg := e.schemas
	if reg == nil {
		reg = schema.Builtin()
	}
	t.logType = reg.Lookup(logType)
	return t, nil
}

// project lists the rule's output fields, read from their columns. In the
// sentinel profile a field with no column is left out of the projection
// (it changes what the alert shows, not what matches).
func (e *emitter) project() *Project {
	if len(e.r.OutputFields) == 0 {
		return nil
	}
	p := &Project{}
	seen := map[string]bool{}
	for _, f := range e.r.OutputFields {
		path := ir.ParsePath(f.Path())
		if path.IsElem() || seen[f.Name] {
			continue
		}
		c, rest, err := e.table.lookup(path.Segs)
		if err != nil {
			continue
		}
		seen[f.Name] = true
		var x Expr = Col{c.Name}
		if c.JSON && len(rest) > 0 {
			x = call("parse_json", x)
		}
		for _, s := range rest {
			x = &Member{X: x, Key: s}
		}
		if col, ok := x.(Col); ok && col.Name == f.Name {
			p.Cols = append(p.Cols, ProjCol{Name: f.Name})
		} else {
			p.Cols = append(p.Cols, ProjCol{Name: f.Name, X: x})
		}
	}
	if len(p.Cols) == 0 {
		return nil
	}
	return p
}

// CreateTable prints the .create table command for a table.
func CreateTable(t *Table) string {
	var b strings.Builder
	fmt.Fprintf(&b, ".create table %s (", Ident(t.Name))
	cols := append([]*Column(nil), t.Columns...)
	if t.open {
		sort.Slice(cols, func(i, j int) bool { return cols[i].Name < cols[j].Name })
	}
	for i, c := range cols {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s: %s", Ident(c.Name), c.Type)
	}
	b.WriteString(")\n")
	return b.String()
}

// RawTables returns the raw profile's table for each log type of the rules:
// the registry's declared top-level fields (RawTable), and a dynamic column
// for any other top-level key a rule's condition or output fields read,
// sorted by table name.
func RawTables(rules []*ir.Rule, reg *schema.Registry) []*Table {
	byName := map[string]*Table{}
	add := func(t *Table, key string) {
		if t.Column(key) == nil {
			t.Columns = append(t.Columns, &Column{Name: key, Type: TypeDynamic, Source: []string{key}})
		}
	}
	for _, r := range rules {
		lts := r.LogTypes
		if len(lts) == 0 {
			lts = []string{""}
		}
		for _, lt := range lts {
			name := RawTableName(lt)
			t := byName[name]
			if t == nil {
				t = RawTable(lt, reg)
				byName[name] = t
			}
			for _, p := range ir.Fields(r.Cond) {
				if len(p.Segs) > 0 {
					add(t, p.Segs[0])
				}
			}
			for _, f := range r.OutputFields {
				if p := ir.ParsePath(f.Path()); len(p.Segs) > 0 {
					add(t, p.Segs[0])
				}
			}
		}
	}
	names := make([]string, 0, len(byName))
	for n := range byName {
		names = append(names, n)
	}
	sort.Strings(names)
	out := make([]*Table, 0, len(names))
	for _, n := range names {
		out = append(out, byName[n])
	}
	return out
}

// Schema writes a table's columns in Kusto's schema notation,
// "(name:type, ...)", as .create table and Kusto.Language read it.
func Schema(t *Table) string {
	var b strings.Builder
	b.WriteByte('(')
	for i, c := range t.Columns {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s:%s", Ident(c.Name), c.Type)
	}
	b.WriteByte(')')
	return b.String()
}
