package difftest

import (
	"fmt"
	"math/bits"

	"github.com/rulec/rulec/backends"
	"github.com/rulec/rulec/ir"
)

// isBatch reports whether c compiles many rules in one call
// (backends.BatchChecker: the go target builds one program for all rules).
func isBatch(c backends.Checker) bool {
	_, ok := c.(backends.BatchChecker)
	return ok
}

// compileBatch compiles rules with one CompileAll call. When the call fails
// as a whole (a generated program that does not build), it narrows the error
// down by halves, keeping the programs of every half that compiles: one bad
// rule among n costs about 2·log2(n) calls. The search has a budget, so a
// failure that is no rule's (a missing toolchain) does not compile every
// rule alone; the rules it leaves share the error.
func compileBatch(c backends.Checker, rules []*ir.Rule) ([]backends.Program, []error, func()) {
	progs, errs, done, err := compileOnce(c, rules)
	if err == nil {
		return progs, errs, done
	}
	budget := 4 * bits.Len(uint(len(rules)))
	return narrow(c, rules, errs, &budget)
}

// narrow splits rules, whose CompileAll failed with failed, into halves and
// compiles each, descending into the halves that fail.
func narrow(c backends.Checker, rules []*ir.Rule, failed []error, budget *int) ([]backends.Program, []error, func()) {
	if len(rules) == 1 || *budget < 2 {
		return make([]backends.Program, len(rules)), failed, func() {}
	}
	*budget -= 2
	mid := len(rules) / 2
	p1, e1, d1, err1 := compileOnce(c, rules[:mid])
	p2, e2, d2, err2 := compileOnce(c, rules[mid:])
	if err1 != nil {
		p1, e1, d1 = narrow(c, rules[:mid], e1, budget)
	}
	if err2 != nil {
		p2, e2, d2 = narrow(c, rules[mid:], e2, budget)
	}
	return append(p1, p2...), append(e1, e2...), func() { d1(); d2() }
}

// compileOnce is one CompileAll call; err is the call's own error, which it
// also gives every rule.
func compileOnce(c backends.Checker, rules []*ir.Rule) ([]backends.Program, []error, func(), error) {
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
		return progs, errs, func() {}, err
	}
	done := func() {}
	if b.Close != nil {
		done = func() { _ = b.Close() }
	}
	return b.Programs, b.Errs, done, nil
}

// OneByOne hides a checker's CompileAll, so the harness calls its Compile for
// each rule; it is named after the checker with "/compile".
type OneByOne struct{ backends.Checker }

// Name implements backends.Checker.
func (o OneByOne) Name() string { return o.Checker.Name() + "/compile" }
