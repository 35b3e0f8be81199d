package difftest

import (
	"fmt"

	"github.com/rulec/rulec/backends"
	"github.com/rulec/rulec/ir"
)

// isBatch reports whether c compiles many rules in one call
// (backends.BatchChecker: the go target builds one program for all rules).
func isBatch(c backends.Checker) bool {
	_, ok := c.(backends.BatchChecker)
	return ok
}

// compileBatch compiles rules with one CompileAll call; an error of the call
// is every rule's error.
func compileBatch(c backends.Checker, rules []*ir.Rule) ([]backends.Program, []error, func()) {
	progs := make([]backends.Program, len(rules))
	errs := make([]error, len(rules))
	var b *backends.Batch
	err := catch(func() error {
		var err error
		b, err = c.(backends.BatchChecker).CompileAll(rules)
		return err
	})
	if err == nil && (len(b.Programs) != len(rules) || len(b.Errs) != len(rules)) {
		err = fmt.Errorf("CompileAll returned %d programs and %d errors for %d rules", len(b.Programs), len(b.Errs), len(rules))
	}
	if err != nil {
		for i := range errs {
			errs[i] = err
		}
		return progs, errs, func() {}
	}
	done := func() {}
	if b.Close != nil {
		done = func() { _ = b.Close() }
	}
	return b.Programs, b.Errs, done
}
