//go:build duckdb

package cli

import (
	"github.com/rulec/rulec/backends"
	"github.com/rulec/rulec/backends/athena"
)

// athenaCheckers is the athena checker, which runs the emitted SQL in
// embedded DuckDB; only the duckdb build (cgo) has it.
func athenaCheckers() []backends.Checker { return []backends.Checker{athena.NewChecker()} }
