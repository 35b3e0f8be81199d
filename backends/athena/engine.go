//go:build duckdb

package athena

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"strings"
	"sync"

	"github.com/duckdb/duckdb-go/v2"
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
	// download): the type is text here and contains parses it.
	`CREATE TYPE ipaddress AS VARCHAR`,
	`CREATE MACRO rulec_ipv4(s) AS
		CASE WHEN regexp_full_match(s, '(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}')
		THEN (CAST(split_part(s, '.', 1) AS BIGINT) << 24) + (CAST(split_part(s, '.', 2) AS BIGINT) << 16)
			+ (CAST(split_part(s, '.', 3) AS BIGINT) << 8) + CAST(split_part(s, '.', 4) AS BIGINT) END`,
	// contains(network, address): Trino's IP form. DuckDB's contains only
	// knows strings and lists, and the emitter calls contains for nothing
	// but networks, so this macro takes its name. An address that is not
	// one yields NULL, as TRY_CAST(... AS IPADDRESS) does in Trino; Trino's
	// version-mismatch error is kept as an error.
	`CREATE MACRO contains(net, addr) AS
		CASE
		WHEN addr IS NULL THEN NULL
		WHEN strpos(net, ':') > 0 OR strpos(addr, ':') > 0 THEN
			error('contains: the DuckDB harness has no IPv6 addresses')
		WHEN rulec_ipv4(addr) IS NULL THEN NULL
		ELSE (rulec_ipv4(addr) >> (32 - CAST(split_part(net, '/', 2) AS BIGINT)))
			= (rulec_ipv4(split_part(net, '/', 1)) >> (32 - CAST(split_part(net, '/', 2) AS BIGINT)))
		END`,
}

// loadBatch is how many rows one INSERT carries.
const loadBatch = 500

// Engine runs emitted SQL on embedded DuckDB. It is safe for concurrent use;
// statements run one at a time on one connection.
type Engine struct {
	mu     sync.Mutex
	db     *sql.DB
	tables map[string]ProfileName // tables created so far, by name
}

// OpenEngine starts an in-memory DuckDB with the Trino macros. Extension
// autoloading is off: nothing is downloaded.
func OpenEngine() (*Engine, error) {
	connector, err := duckdb.NewConnector("?autoinstall_known_extensions=false&autoload_known_extensions=false", func(execer driver.ExecerContext) error {
		for _, m := range Macros {
			if _, err := execer.ExecContext(context.Background(), m, nil); err != nil {
				return fmt.Errorf("duckdb macro: %v\n%s", err, m)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	db := sql.OpenDB(connector)
	db.SetMaxOpenConns(1)
	db.SetMaxIdleConns(1)
	if err := db.Ping(); err != nil {
		db.Close()
		return nil, err
	}
	return &Engine{db: db, tables: map[string]ProfileName{}}, nil
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
	if prev, ok := e.tables[table]; ok && prev == p {
		reset = "DELETE FROM " + tableRef(table)
	}
	if len(events) > 0 && len(events) <= loadBatch {
		var rows []Row
		for _, ev := range events {
			rows = append(rows, RowOf(p, ev))
		}
		if _, err := e.db.Exec(reset + ";\n" + DuckDBInsert(p, table, rows)); err != nil {
			delete(e.tables, table)
			return fmt.Errorf("duckdb: load: %v", err)
		}
		e.tables[table] = p
		return nil
	}
	if _, err := e.db.Exec(reset); err != nil {
		delete(e.tables, table)
		return fmt.Errorf("duckdb: create table: %v", err)
	}
	e.tables[table] = p
	const batch = loadBatch
	for i := 0; i < len(events); i += batch {
		var rows []Row
		for _, ev := range events[i:min(i+batch, len(events))] {
			rows = append(rows, RowOf(p, ev))
		}
		if _, err := e.db.Exec(DuckDBInsert(p, table, rows)); err != nil {
			return fmt.Errorf("duckdb: insert: %v", err)
		}
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

// Matches loads each event alone into the query's table and reports
// whether the query selects it.
func (e *Engine) Matches(q *Query, events []any) ([]bool, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := make([]bool, len(events))
	for i, ev := range events {
		if err := e.load(q.Profile, q.Table, []any{ev}); err != nil {
			return nil, err
		}
		_, rows, err := e.query(q.Events)
		if err != nil {
			return nil, err
		}
		out[i] = len(rows) > 0
	}
	return out, nil
}
