//go:build !duckdb

package cli

import "github.com/rulec/rulec/backends"

// athenaCheckers is empty in the default, cgo-free build: the athena
// checker needs DuckDB (build with -tags duckdb).
func athenaCheckers() []backends.Checker { return nil }
