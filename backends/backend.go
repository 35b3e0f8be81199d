// Package backends holds what every target shares: the contract a backend
// offers to `rulec test` and the differential tests, and helpers for output
// files. Each target lives in its own sub-package and imports only ir and
// this package, never the parser.
package backends

import "github.com/rulec/rulec/ir"

// File is one output file of a conversion; backends do no I/O themselves.
type File struct {
	Name string
	Data []byte
}

// Checker converts a rule for one target and evaluates the result under the
// target engine's own semantics, so tests can compare it with ir.Eval.
type Checker interface {
	// Name is the key of this target in `rulec test` results: "sigma",
	// "kql", "athena", "go".
	Name() string
	// Compile converts r. An *ir.Error with Code ir.CodeUnsupported means the
	// target cannot express r; other errors are bugs or bad input.
	Compile(r *ir.Rule) (Program, error)
}

// Program is one rule's emitted output, ready to run on logs.
type Program interface {
	// Eval runs the output on every log (JSON values as in ir.Test.Log) and
	// returns one result per log, in order.
	Eval(logs []any) ([]bool, error)
}

// BatchChecker is a Checker that prepares many rules at once, for targets
// where each preparation is costly (the go target builds one program for all
// rules). `rulec test` uses CompileAll when a checker offers it; Compile
// stays available for one rule.
type BatchChecker interface {
	Checker
	// CompileAll converts rules together. An error fails every rule (for
	// example: no toolchain to build with).
	CompileAll(rules []*ir.Rule) (*Batch, error)
}

// Batch is the outcome of CompileAll.
type Batch struct {
	Programs []Program // Programs[i] runs rules[i]; nil where Errs[i] is set
	Errs     []error   // Errs[i]: why rules[i] did not convert
	// Close releases what the programs hold (temporary files); nil when
	// there is nothing to release. The programs fail after Close.
	Close func() error
}
