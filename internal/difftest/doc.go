// Package difftest proves that every backend matches exactly the events
// ir.Eval matches, beyond the sample logs of the corpus.
//
// A seeded Generator produces random conditions over the whole condition
// language and random events that hit the edges of its semantics (missing
// members, null, "", [], {}, arrays of scalars and of objects, numeric
// strings, unicode). Run compiles each condition with every
// backends.Checker, evaluates the events, and compares each result with
// ir.Eval. A checker that reports ir.CodeUnsupported is skipped for that
// case and counted; any other error or a different result is a
// disagreement, which Minimize shrinks (condition and event) before the test
// saves it under testdata/regress/ as a case replayed by every later run.
//
// RoundTrip is a checker of the parser itself: it prints the condition
// with ir.Format, parses it back and evaluates the result, so the harness
// is useful before any backend exists and keeps covering the parser after.
package difftest
