//go:build duckdb

package athena

import (
	"fmt"
	"sync"

	"github.com/rulec/rulec/backends"
	"github.com/rulec/rulec/ir"
)

// Checker converts rules to Athena SQL and runs the SQL, unchanged, on each
// test log loaded into embedded DuckDB tables shaped like the profile's.
type Checker struct {
	once   sync.Once
	engine *Engine
	err    error
}

// NewChecker returns the athena checker; DuckDB starts on first use.
func NewChecker() *Checker { return &Checker{} }

// Name implements backends.Checker.
func (c *Checker) Name() string { return "athena" }

// Compile implements backends.Checker.
func (c *Checker) Compile(r *ir.Rule) (backends.Program, error) {
	q, err := Convert(r, Options{})
	if err != nil {
		return nil, err
	}
	// The DuckDB harness has no IPv6 addresses (Trino's IPADDRESS is not
	// modelled, and its contains fails there): say so when compiling, with
	// the position, instead of failing on every log at run time. The SQL
	// itself is valid Athena; `rulec convert --to athena` emits it.
	for _, p := range ir.Preds(r.Cond) {
		if p.Op == ir.OpCIDR && !p.Net.Addr().Is4() {
			return nil, ir.Unsupported(r, p.ArgPos, "athena", fmt.Sprintf("checking the IPv6 network %s in the DuckDB harness (the emitted SQL is not checked)", p.Net))
		}
	}
	c.once.Do(func() { c.engine, c.err = OpenEngine() })
	if c.err != nil {
		return nil, c.err
	}
	return program{engine: c.engine, query: q}, nil
}

type program struct {
	engine *Engine
	query  *Query
}

func (p program) Eval(logs []any) ([]bool, error) { return p.engine.Matches(p.query, logs) }
