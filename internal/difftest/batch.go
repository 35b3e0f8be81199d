package difftest

import (
	"github.com/rulec/rulec/backends"
	"github.com/rulec/rulec/ir"
)

// isBatch reports whether c compiles many rules in one call. No checker in
// this tree does yet; the go target's backends.BatchChecker is wired in when
// it lands.
func isBatch(c backends.Checker) bool { return false }

func compileBatch(c backends.Checker, rules []*ir.Rule) ([]backends.Program, []error, func()) {
	panic("difftest: no batch checker")
}
