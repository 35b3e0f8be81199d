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
	return program{engine: c.engine, query: q, rule: r}, nil
}

type program struct {
	engine *Engine
	query  *Query
	rule   *ir.Rule
}

// Eval runs the query on logs. A log whose arrays nest deeper than the SQL
// flattens (NestedArrayLevels) cannot be judged: the SQL would miss values
// ir.Eval finds, so that is reported, with the predicate's position.
func (p program) Eval(logs []any) ([]bool, error) {
	for _, pred := range ir.Preds(p.rule.Cond) {
		for _, log := range logs {
			if d := NestingDepth(log, pred.Field.Segs); d > NestedArrayLevels {
				return nil, ir.Unsupported(p.rule, pred.At, "athena", fmt.Sprintf(
					"a log whose %s nests arrays %d deep (the SQL flattens %d levels)", pred.Field.Written(), d, NestedArrayLevels))
			}
		}
	}
	return p.engine.Matches(p.query, logs)
}
