//go:build !duckdb

package cli

import (
	"fmt"

	"github.com/rulec/rulec/backends/athena"
)

// huntEvents needs DuckDB, which the default (cgo-free) build leaves out.
func huntEvents(s *streams, qs []*athena.Query, router *huntRouter) error {
	return fmt.Errorf("this rulec has no DuckDB engine: build it with -tags duckdb (make build)")
}
