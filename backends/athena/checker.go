//go:build duckdb

package athena

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/rulec/rulec/backends"
	"github.com/rulec/rulec/ir"
	"github.com/rulec/rulec/schema"
)

// Checker converts rules to Athena SQL and runs the SQL, unchanged, on each
// test log loaded into embedded DuckDB tables shaped like the profile's.
type Checker struct {
	opt    Options // the tests force other profiles
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
	q, err := Convert(r, c.opt)
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
// ir.Eval finds, so that is reported, with the predicate's position. So is
// a log holding a character whose lower() in DuckDB differs from the
// simple lowercase mapping Trino applies, when the rule folds case.
func (p program) Eval(logs []any) ([]bool, error) {
	for _, f := range absolutePaths(p.rule.Cond) {
		for _, log := range logs {
			if d := NestingDepth(log, f.segs); d > NestedArrayLevels {
				return nil, ir.Unsupported(p.rule, f.at, "athena", fmt.Sprintf(
					"a log whose %s nests arrays %d deep (the SQL flattens %d levels)", f.written, d, NestedArrayLevels))
			}
		}
	}
	if lt := p.query.logType; lt != nil {
		paths := absolutePaths(p.rule.Cond)
		for _, log := range logs {
			if m, f, ok := contradiction(lt, log, paths); ok {
				return nil, ir.Errorf(p.rule.File, f.at, ir.CodeLogSchema,
					"rule %s: athena: not checkable: a test log contradicts the %s schema (%s), and the SQL reads the declared types", p.rule.ID, lt.Name, m)
			}
		}
	}
	if pos, ok := foldsCase(p.rule.Cond); ok {
		bad, err := p.engine.LowerMismatches()
		if err != nil {
			return nil, err
		}
		if len(bad) > 0 {
			for _, log := range logs {
				if r, found := findRune(log, bad); found {
					return nil, ir.Unsupported(p.rule, pos, "athena", fmt.Sprintf(
						"a log holding %U, which DuckDB's lower maps otherwise than Trino's", r))
				}
			}
		}
	}
	return p.engine.Matches(p.query, logs)
}

// contradiction finds where log contradicts lt on a path the rule reads
// (on the way to it or inside the value it reads): there the SQL, which
// reads the declared type, is exact only for logs that fit.
func contradiction(lt *schema.LogType, log any, paths []absPath) (schema.Mismatch, absPath, bool) {
	for _, m := range lt.Check(log) {
		if m.Want == nil {
			// An undeclared member: the SQL fans out there, as without a schema.
			continue
		}
		at := strings.Split(arrayIndex.ReplaceAllString(m.Path, ""), ".")
		for _, f := range paths {
			n := min(len(at), len(f.segs))
			if slices.Equal(at[:n], f.segs[:n]) {
				return m, f, true
			}
		}
	}
	return schema.Mismatch{}, absPath{}, false
}

var arrayIndex = regexp.MustCompile(`\[[0-9]+\]`)

// absPath is a path read from the event's root, where it is written.
type absPath struct {
	segs    []string
	written string
	at      ir.Pos
}

// absolutePaths lists every path the condition reads, those inside
// quantifiers joined to the quantifier's path (the SQL fans out along the
// whole of it).
func absolutePaths(e ir.Expr) []absPath {
	var out []absPath
	var walk func(e ir.Expr, base []string)
	walk = func(e ir.Expr, base []string) {
		ir.Walk(e, func(x ir.Expr) bool {
			switch x := x.(type) {
			case *ir.Pred:
				out = append(out, absPath{ir.JoinPath(base, x.Field).Segs, x.Field.Written(), x.At})
			case *ir.FieldPred:
				out = append(out, absPath{ir.JoinPath(base, x.Field).Segs, x.Field.Written(), x.At},
					absPath{ir.JoinPath(base, x.Ref).Segs, x.Ref.Written(), x.RefPos})
			case *ir.Quant:
				inner := ir.JoinPath(base, x.Path)
				out = append(out, absPath{inner.Segs, x.Path.Written(), x.At})
				walk(x.X, inner.Segs)
				return false
			}
			return true
		})
	}
	walk(e, nil)
	return out
}

// foldsCase reports whether the condition uses a "~" operator, and where.
func foldsCase(e ir.Expr) (ir.Pos, bool) {
	var at ir.Pos
	found := false
	ir.Walk(e, func(x ir.Expr) bool {
		if found {
			return false
		}
		switch x := x.(type) {
		case *ir.Pred:
			found, at = x.Op.IsFold(), x.At
		case *ir.FieldPred:
			found, at = x.Op.IsFold(), x.At
		}
		return !found
	})
	return at, found
}

// findRune finds a string in a JSON value (keys included) holding one of
// the runes.
func findRune(v any, runes map[rune]bool) (rune, bool) {
	check := func(s string) (rune, bool) {
		for _, r := range s {
			if runes[r] {
				return r, true
			}
		}
		return 0, false
	}
	switch x := v.(type) {
	case string:
		return check(x)
	case []any:
		for _, el := range x {
			if r, ok := findRune(el, runes); ok {
				return r, ok
			}
		}
	case map[string]any:
		for k, el := range x {
			if r, ok := check(k); ok {
				return r, ok
			}
			if r, ok := findRune(el, runes); ok {
				return r, ok
			}
		}
	}
	return 0, false
}
