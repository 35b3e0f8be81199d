//go:build duckdb

package athena

import (
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

// The checkers of one process share one DuckDB: opening it costs more than
// running a rule's tests, and every load replaces its table's rows.
var (
	checkerEngineOnce sync.Once
	checkerEngine     *Engine
	checkerEngineErr  error
)

func sharedEngine() (*Engine, error) {
	checkerEngineOnce.Do(func() { checkerEngine, checkerEngineErr = OpenEngine() })
	return checkerEngine, checkerEngineErr
}

// Name implements backends.Checker.
func (c *Checker) Name() string { return "athena" }

// Compile implements backends.Checker.
func (c *Checker) Compile(r *ir.Rule) (backends.Program, error) {
	q, err := Convert(r, Options{})
	if err != nil {
		return nil, err
	}
	c.once.Do(func() { c.engine, c.err = sharedEngine() })
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
