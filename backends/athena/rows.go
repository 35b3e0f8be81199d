package athena

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/rulec/rulec/ir"
)

// A Row is one table row as the profile's SerDe would read an event: each
// value is nil (NULL), a string, an int64, a []any of rows (ARRAY of ROWs)
// or a map[string]any (a ROW: field name → value).
type Row map[string]any

// RowOf maps an event (a JSON value as in ir.Test.Log) to a row of the
// profile's table, the way AWS's SerDes read the same event: CloudTrail's
// JSON SerDe maps keys to columns ignoring case and keeps nested objects in
// STRING columns as JSON text; the S3 access log's RegexSerDe sees "-" for
// every absent value. The partition column holds the event's day.
func RowOf(p ProfileName, event any) Row {
	prof := profiles[p]
	obj, _ := event.(map[string]any)
	row := Row{}
	switch p {
	case ProfileJSON:
		row["raw"] = toJSONText(event)
		row[PartitionColumn] = dayOf(stringAt(obj, "p_event_time"), time.DateTime)
		return row
	case ProfileS3Access:
		for _, c := range prof.Columns {
			src := c.Name
			if c.Source != "" {
				src = c.Source
			}
			v, ok := obj[src]
			row[c.Name] = s3Value(c, v, ok)
		}
		t := stringAt(obj, "time")
		if tm, ok := parseTime(t); ok {
			row["requestdatetime"] = tm.Format("02/Jan/2006:15:04:05 -0700")
			row[PartitionColumn] = tm.Format("2006/01/02")
		} else {
			row[PartitionColumn] = nil
		}
		return row
	}
	for _, c := range prof.Columns {
		row[c.Name] = serdeValue(c, lookupFold(obj, c.Name))
	}
	row[PartitionColumn] = dayOf(stringAt(obj, "eventTime"), time.RFC3339)
	return row
}

// lookupFold finds a member ignoring case, preferring an exact match.
func lookupFold(obj map[string]any, name string) any {
	if obj == nil {
		return nil
	}
	if v, ok := obj[name]; ok {
		return v
	}
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if strings.EqualFold(k, name) {
			return obj[k]
		}
	}
	return nil
}

// serdeValue converts a JSON value to a column's type as a JSON SerDe does.
func serdeValue(c column, v any) any {
	if v == nil {
		return nil
	}
	switch c.Kind {
	case kString:
		return scalarText(v)
	case kJSONText:
		return toJSONText(v)
	case kBigint:
		if n, ok := ir.NumberOf(v); ok && n == float64(int64(n)) {
			return int64(n)
		}
		return nil
	case kStruct:
		obj, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		out := map[string]any{}
		for _, f := range c.Fields {
			out[f.Name] = serdeValue(f, lookupFold(obj, f.Name))
		}
		return out
	case kArrayRow:
		arr, ok := v.([]any)
		if !ok {
			return nil
		}
		var out []any
		for _, el := range arr {
			out = append(out, serdeValue(column{Kind: kStruct, Fields: c.Fields}, el))
		}
		return out
	case kMapString:
		obj, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		out := map[string]any{}
		for k, x := range obj {
			if x != nil {
				out[k] = scalarText(x)
			}
		}
		return out
	}
	return nil
}

// scalarText is a JSON value in a STRING column: strings as themselves,
// numbers and booleans as their JSON text, objects and arrays as JSON.
func scalarText(v any) any {
	switch x := v.(type) {
	case nil:
		return nil
	case string:
		return x
	case json.Number:
		return string(x)
	case bool:
		return strconv.FormatBool(x)
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	}
	return toJSONText(v)
}

func toJSONText(v any) any {
	if v == nil {
		return nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil
	}
	return string(b)
}

// s3Value is a Panther S3 access log field as AWS's RegexSerDe reads the
// log line: "-" for an absent value, text otherwise; BIGINT columns are
// NULL for "-".
func s3Value(c column, v any, present bool) any {
	if c.Kind == kBigint {
		if n, ok := ir.NumberOf(v); ok && n == float64(int64(n)) {
			return int64(n)
		}
		return nil
	}
	if !present || v == nil {
		return "-"
	}
	return scalarText(v)
}

func stringAt(obj map[string]any, key string) string {
	s, _ := obj[key].(string)
	return s
}

func dayOf(s, layout string) any {
	if tm, ok := parseTime(s); ok {
		return tm.Format("2006/01/02")
	}
	return nil
}

// parseTime reads the time formats of CloudTrail and Panther events.
func parseTime(s string) (time.Time, bool) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02 15:04:05.999999999", time.DateTime} {
		if tm, err := time.Parse(layout, s); err == nil {
			return tm.UTC(), true
		}
	}
	return time.Time{}, false
}

// duckType is a column's type in DuckDB's spelling, for the test tables.
func duckType(c column) string {
	switch c.Kind {
	case kBigint:
		return "BIGINT"
	case kStruct:
		return "STRUCT(" + duckFields(c.Fields) + ")"
	case kArrayRow:
		return "STRUCT(" + duckFields(c.Fields) + ")[]"
	case kMapString:
		return "MAP(VARCHAR, VARCHAR)"
	}
	return "VARCHAR"
}

func duckFields(fs []column) string {
	var parts []string
	for _, f := range fs {
		parts = append(parts, quoteIdent(f.Name)+" "+duckType(f))
	}
	return strings.Join(parts, ", ")
}

// DuckDBTable returns the CREATE TABLE of a profile's table in DuckDB: the
// same columns, types and partition column as the Athena table.
func DuckDBTable(p ProfileName, table string) string {
	var cols []string
	for _, c := range profiles[p].Columns {
		cols = append(cols, quoteIdent(c.Name)+" "+duckType(c))
	}
	cols = append(cols, quoteIdent(PartitionColumn)+" VARCHAR", quoteIdent(RowColumn)+" BIGINT")
	return "CREATE OR REPLACE TABLE " + tableRef(table) + " (" + strings.Join(cols, ", ") + ")"
}

// DuckDBInsert returns the INSERT of rows into a profile's table, values
// written as DuckDB literals.
func DuckDBInsert(p ProfileName, table string, rows []Row) string {
	var names []string
	cols := append([]column(nil), profiles[p].Columns...)
	cols = append(cols, str(PartitionColumn))
	for _, c := range cols {
		names = append(names, quoteIdent(c.Name))
	}
	return insertRows(table, cols, names, rows, -1)
}

// RowColumn is the column of the harness's DuckDB tables numbering the
// events of one load; no profile has it, so no emitted query reads it.
const RowColumn = "rulec_row"

// insertRows writes the INSERT; with first >= 0 the rows are numbered in
// RowColumn from first on.
func insertRows(table string, cols []column, names []string, rows []Row, first int) string {
	if first >= 0 {
		names = append(names, quoteIdent(RowColumn))
	}
	var b strings.Builder
	b.WriteString("INSERT INTO " + tableRef(table) + " (" + strings.Join(names, ", ") + ") VALUES ")
	for i, r := range rows {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('(')
		for j, c := range cols {
			if j > 0 {
				b.WriteString(", ")
			}
			b.WriteString(duckLiteral(c, r[c.Name]))
		}
		if first >= 0 {
			fmt.Fprintf(&b, ", %d", first+i)
		}
		b.WriteByte(')')
	}
	return b.String()
}

// duckDBNumberedInsert is DuckDBInsert numbering the rows from first on.
func duckDBNumberedInsert(p ProfileName, table string, rows []Row, first int) string {
	var names []string
	cols := append([]column(nil), profiles[p].Columns...)
	cols = append(cols, str(PartitionColumn))
	for _, c := range cols {
		names = append(names, quoteIdent(c.Name))
	}
	return insertRows(table, cols, names, rows, first)
}

func duckLiteral(c column, v any) string {
	if v == nil {
		return "NULL"
	}
	switch c.Kind {
	case kBigint:
		return fmt.Sprint(v)
	case kStruct:
		m := v.(map[string]any)
		var parts []string
		for _, f := range c.Fields {
			parts = append(parts, quote(f.Name)+": "+duckLiteral(f, m[f.Name]))
		}
		return "{" + strings.Join(parts, ", ") + "}::" + duckType(c)
	case kArrayRow:
		var parts []string
		for _, el := range v.([]any) {
			parts = append(parts, duckLiteral(column{Kind: kStruct, Fields: c.Fields}, el))
		}
		return "[" + strings.Join(parts, ", ") + "]::" + duckType(c)
	case kMapString:
		m := v.(map[string]any)
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var parts []string
		for _, k := range keys {
			parts = append(parts, duckString(k)+": "+duckString(m[k].(string)))
		}
		return "MAP {" + strings.Join(parts, ", ") + "}"
	}
	return duckString(v.(string))
}

// duckString writes a string literal for the harness's tables. A NUL,
// which a CloudTrail string may hold (JSON's \u0000) but the statement
// text cannot carry through DuckDB's C API, is written as chr(0).
func duckString(s string) string {
	if !strings.ContainsRune(s, 0) {
		return quote(s)
	}
	var parts []string
	for _, p := range strings.Split(s, "\x00") {
		parts = append(parts, quote(p))
	}
	return "(" + strings.Join(parts, " || chr(0) || ") + ")"
}
