package cli

import (
	"fmt"

	"github.com/rulec/rulec/ir"
	"github.com/rulec/rulec/schema"
)

// logMisfit says how a test log contradicts the schema of its rule's log
// types ("" when it fits one of them, or rulec knows none of them). Output
// that relies on the schema is exact only for logs that fit.
func logMisfit(reg *schema.Registry, r *ir.Rule, log any) string {
	var first *schema.LogType
	var mismatches []schema.Mismatch
	for _, name := range r.LogTypes {
		lt := reg.Lookup(name)
		if lt == nil {
			continue
		}
		m := lt.Check(log)
		if len(m) == 0 {
			return ""
		}
		if first == nil {
			first, mismatches = lt, m
		}
	}
	if first == nil {
		return ""
	}
	msg := fmt.Sprintf("the log does not fit %s's schema: %s", first.Name, mismatches[0])
	if len(mismatches) > 1 {
		msg += fmt.Sprintf(" (and %d more)", len(mismatches)-1)
	}
	return msg
}

// misfitWarnings are check's warnings for test logs that contradict their
// log type's schema, at each test.
func misfitWarnings(reg *schema.Registry, rules []*ir.Rule) ir.ErrorList {
	var out ir.ErrorList
	for _, r := range rules {
		for _, t := range r.Tests {
			if msg := logMisfit(reg, r, t.Log); msg != "" {
				pos := t.At
				if !pos.IsValid() {
					pos = r.At
				}
				out.Add(&ir.Error{File: r.File, Pos: pos, Code: ir.CodeLogSchema, Warning: true,
					Msg: fmt.Sprintf("rule %s: test %q: %s", r.ID, t.Name, msg)})
			}
		}
	}
	return out
}
