//go:build duckdb

package athena

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"sync"
	"unicode"

	"github.com/duckdb/duckdb-go/v2"

	"github.com/rulec/rulec/strmatch"
)

// Macros are the Trino functions the emitted SQL uses that DuckDB lacks,
// written in DuckDB SQL with Trino's documented behaviour on the values the
// emitted SQL passes them (engine_test.go checks each against Trino's
// documentation). Besides JSON paths (the first two macros), nothing is
// translated: the SQL runs unchanged.
var Macros = []string{
	// Trino writes a JSON key that is not an identifier as $["x-y"];
	// DuckDB's paths spell it $."x-y" and reject the bracket. The emitter
	// never writes a key holding a quote or a backslash.
	`CREATE MACRO rulec_json_path(p) AS regexp_replace(p, '\["([^"\\]*)"\]', '."\1"', 'g')`,
	// json_extract: DuckDB's (json_extract_path is its other name) on the
	// rewritten path.
	`CREATE MACRO json_extract(j, p) AS json_extract_path(j, rulec_json_path(p))`,
	// json_extract_scalar: the scalar's text; NULL for objects, arrays,
	// JSON null and missing paths.
	`CREATE MACRO json_extract_scalar(j, p) AS
		CASE WHEN json_type(j, rulec_json_path(p)) IN ('OBJECT', 'ARRAY') THEN NULL
		ELSE json_extract_string(j, rulec_json_path(p)) END`,
	// json_format: a JSON value's text.
	`CREATE MACRO json_format(j) AS CAST(CAST(j AS JSON) AS VARCHAR)`,
	// regexp_like: some substring matches (DuckDB's regexes are RE2, and the
	// emitter writes patterns both read alike).
	`CREATE MACRO regexp_like(s, p) AS regexp_matches(s, p)`,
	`CREATE MACRO from_iso8601_timestamp(s) AS CAST(s AS TIMESTAMPTZ)`,
	// parse_datetime takes a Joda pattern; the emitter uses only the S3
	// access log's.
	`CREATE MACRO parse_datetime(s, f) AS
		CASE WHEN f = 'dd/MMM/yyyy:HH:mm:ss Z' THEN strptime(s, '%d/%b/%Y:%H:%M:%S %z')
		ELSE error('parse_datetime: the DuckDB harness knows only the pattern dd/MMM/yyyy:HH:mm:ss Z') END`,
	`CREATE MACRO to_unixtime(t) AS epoch(t)`,
	`CREATE MACRO from_unixtime(x) AS to_timestamp(x)`,
	// IPADDRESS has no DuckDB counterpart offline (the inet extension is a
	// download) and DuckDB can define no cast to a new type: the type is
	// text here, TRY_CAST keeps the text (contains then treats text that is
	// no address as the NULL Trino's TRY_CAST gives) and CAST back to
	// VARCHAR returns it as written, not in Trino's canonical form.
	`CREATE TYPE ipaddress AS VARCHAR`,
	// contains(network, address): Trino's IP form, in Go (TrinoIPContains).
	// DuckDB's contains only knows strings and lists, and the emitter calls
	// contains for nothing but networks, so this macro takes its name.
	`CREATE MACRO contains(net, addr) AS rulec_trino_ip_contains(net, addr)`,
}

// loadBatch is how many rows one INSERT carries.
const loadBatch = 500

// Engine runs emitted SQL on embedded DuckDB. It is safe for concurrent use;
// statements run one at a time on one connection.
type Engine struct {
	mu     sync.Mutex
	db     *sql.DB
	tables map[string]ProfileName // tables created so far, by name

	lowerOnce       sync.Once
	lowerMismatches map[rune]bool
	lowerErr        error
}

// OpenEngine starts an in-memory DuckDB with the Trino macros. Extension
// autoloading is off: nothing is downloaded.
func OpenEngine() (*Engine, error) {
	connector, err := duckdb.NewConnector("?autoinstall_known_extensions=false&autoload_known_extensions=false", nil)
	if err != nil {
		return nil, err
	}
	db := sql.OpenDB(connector)
	db.SetMaxOpenConns(1)
	db.SetMaxIdleConns(1)
	if err := setUp(db); err != nil {
		db.Close()
		return nil, err
	}
	return &Engine{db: db, tables: map[string]ProfileName{}}, nil
}

// setUp registers the Go functions and then the macros, which DuckDB
// binds when they are created. Both live in the database's catalog, so
// every connection sees them.
func setUp(db *sql.DB) error {
	conn, err := db.Conn(context.Background())
	if err != nil {
		return err
	}
	defer conn.Close()
	if err := duckdb.RegisterScalarUDF(conn, trinoContainsUDF, &trinoContains{}); err != nil {
		return fmt.Errorf("duckdb: register %s: %v", trinoContainsUDF, err)
	}
	for _, m := range Macros {
		if _, err := conn.ExecContext(context.Background(), m); err != nil {
			return fmt.Errorf("duckdb macro: %v\n%s", err, m)
		}
	}
	return nil
}

// LowerMismatches returns the code points whose lower() in DuckDB differs
// from the simple lowercase mapping (strmatch.Lower), which Trino's lower
// applies (Java's Character.toLowerCase on each code point). Both map one
// code point to one, without context, so comparing every code point once
// decides every string. DuckDB 1.5 agrees on all of them; the checker
// still asks, so a DuckDB upgrade that changed its tables could not make
// it wrong silently.
func (e *Engine) LowerMismatches() (map[rune]bool, error) {
	e.lowerOnce.Do(func() {
		e.mu.Lock()
		defer e.mu.Unlock()
		e.lowerMismatches, e.lowerErr = lowerMismatches(e.db)
	})
	return e.lowerMismatches, e.lowerErr
}

func lowerMismatches(db *sql.DB) (map[rune]bool, error) {
	// Only the code points DuckDB changes come back; those Go changes are
	// compared against them.
	rows, err := db.Query(`SELECT cp, lower(chr(cp::INTEGER)) FROM range(1, 1114112) AS t(cp)
		WHERE (cp < 55296 OR cp > 57343) AND lower(chr(cp::INTEGER)) <> chr(cp::INTEGER)`)
	if err != nil {
		return nil, fmt.Errorf("duckdb: lower: %v", firstLine(err.Error()))
	}
	defer rows.Close()
	duck := map[rune]string{}
	for rows.Next() {
		var cp int64
		var lowered string
		if err := rows.Scan(&cp, &lowered); err != nil {
			return nil, err
		}
		duck[rune(cp)] = lowered
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	bad := map[rune]bool{}
	for r := rune(1); r <= unicode.MaxRune; r++ {
		if r >= 0xD800 && r <= 0xDFFF {
			continue
		}
		got, ok := duck[r]
		if !ok {
			got = string(r)
		}
		if got != strmatch.Lower(string(r)) {
			bad[r] = true
		}
	}
	return bad, nil
}

// Close releases the database.
func (e *Engine) Close() error { return e.db.Close() }

// Load replaces table with the rows of events shaped as profile p reads them.
func (e *Engine) Load(p ProfileName, table string, events []any) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.load(p, table, events)
}

func (e *Engine) load(p ProfileName, table string, events []any) error {
	// Emptying a table of the right shape is much cheaper than creating it,
	// and one round trip cheaper than two.
	reset := DuckDBTable(p, table)
	switch parts := strings.Split(table, "."); len(parts) {
	case 1:
	case 2:
		// --table db.table: the database is a schema here.
		reset = "CREATE SCHEMA IF NOT EXISTS " + ident(parts[0]) + ";\n" + reset
	default:
		return fmt.Errorf("duckdb: table %q: name at most db.table", table)
	}
	if prev, ok := e.tables[table]; ok && prev == p {
		reset = "DELETE FROM " + tableRef(table)
	}
	// Rows are numbered in RowColumn in the order of events.
	for i := 0; i == 0 || i < len(events); i += loadBatch {
		stmt := ""
		if i == 0 {
			stmt = reset
		}
		if chunk := events[i:min(i+loadBatch, len(events))]; len(chunk) > 0 {
			rows := make([]Row, len(chunk))
			for j, ev := range chunk {
				rows[j] = RowOf(p, ev)
			}
			if stmt != "" {
				stmt += ";\n"
			}
			stmt += duckDBNumberedInsert(p, table, rows, i)
		}
		if _, err := e.db.Exec(stmt); err != nil {
			if i == 0 {
				delete(e.tables, table)
			}
			return fmt.Errorf("duckdb: load: %v", firstLine(err.Error()))
		}
		e.tables[table] = p
	}
	return nil
}

// Query runs one statement and returns its column names and rows.
func (e *Engine) Query(stmt string) ([]string, [][]any, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.query(stmt)
}

func (e *Engine) query(stmt string) ([]string, [][]any, error) {
	rows, err := e.db.Query(stmt)
	if err != nil {
		return nil, nil, fmt.Errorf("duckdb: %v", firstLine(err.Error()))
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, nil, err
	}
	var out [][]any
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, nil, err
		}
		out = append(out, vals)
	}
	return cols, out, rows.Err()
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// Matches reports whether the query selects each of events.
func (e *Engine) Matches(q *Query, events []any) ([]bool, error) {
	res, err := e.MatchesAll([]*Query{q}, events)
	if err != nil {
		return nil, err
	}
	return res[0], nil
}

// MatchesAll is Matches for several queries over one table: res[i][j] says
// whether query i selects event j. The events are loaded once, numbered in
// RowColumn; each query's FROM and WHERE, unchanged, then run with that
// number as the select list, and each query's Events, unchanged, runs in
// the same statement and must select as many rows. A WHERE judges each row alone, so this is
// what loading the events one at a time would give.
func (e *Engine) MatchesAll(qs []*Query, events []any) (res [][]bool, err error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, q := range qs {
		if q.Profile != qs[0].Profile || q.Table != qs[0].Table {
			return nil, fmt.Errorf("MatchesAll: queries read different tables")
		}
		if q.fromWhere == "" || !strings.HasSuffix(q.Events, "\n"+q.fromWhere) {
			return nil, fmt.Errorf("MatchesAll: query %s: its Events does not end in its FROM and WHERE", q.RuleID)
		}
		res = append(res, make([]bool, len(events)))
	}
	if len(events) == 0 || len(qs) == 0 {
		return res, nil
	}
	if err := e.load(qs[0].Profile, qs[0].Table, events); err != nil {
		return nil, err
	}
	for i, q := range qs {
		// One statement: the numbers of the rows the WHERE keeps, and the
		// count of the rows the unchanged query selects.
		stmt := "SELECT list(" + ident(RowColumn) + "), (SELECT count(*) FROM (\n" + q.Events + "\n) AS rulec_events)\nFROM (SELECT " +
			ident(RowColumn) + "\n" + q.fromWhere + "\n) AS rulec_rows"
		var list any // NULL when no row is kept
		var selected int64
		if err := e.db.QueryRow(stmt).Scan(&list, &selected); err != nil {
			return nil, fmt.Errorf("duckdb: %v", firstLine(err.Error()))
		}
		rows, _ := list.([]any)
		for _, r := range rows {
			n, ok := r.(int64)
			if !ok || n < 0 || int(n) >= len(events) || res[i][n] {
				return nil, fmt.Errorf("duckdb: query %s: row number %v", q.RuleID, r)
			}
			res[i][n] = true
		}
		if int(selected) != len(rows) {
			return nil, fmt.Errorf("duckdb: query %s selects %d rows, its WHERE %d", q.RuleID, selected, len(rows))
		}
	}
	return res, nil
}
