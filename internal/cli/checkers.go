package cli

import (
	"github.com/rulec/rulec/backends"
	"github.com/rulec/rulec/backends/golang"
	"github.com/rulec/rulec/backends/kql"
	"github.com/rulec/rulec/backends/kusto"
	"github.com/rulec/rulec/backends/sigma"
)

// checkers lists the targets `rulec test` runs besides the IR evaluator, in
// result order. It is an explicit list, not an init-time registry. The
// athena checker needs DuckDB and exists only in the duckdb build.
func checkers() []backends.Checker {
	cs := []backends.Checker{
		sigma.Checker{},
		kql.Checker{Profile: kql.Raw},
		kql.EQLChecker{},
	}
	cs = append(cs, athenaCheckers()...)
	return append(cs, golang.Checker{}, kusto.Checker{Profile: kusto.Raw})
}
