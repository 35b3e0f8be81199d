package difftest

import (
	"errors"
	"fmt"
	"runtime/debug"
	"sort"
	"strings"
	"sync"

	"github.com/rulec/rulec/backends"
	"github.com/rulec/rulec/ir"
	"github.com/rulec/rulec/parser"
)

// NewRule wraps a condition in a rule as the parser would build it, with the
// condition text filled in. logTypes may be empty.
func NewRule(id string, cond ir.Expr, logTypes ...string) *ir.Rule {
	return &ir.Rule{
		ID:       id,
		Title:    id,
		Severity: ir.SeverityMedium,
		LogTypes: logTypes,
		Enabled:  true,
		Cond:     cond,
		CondText: ir.Format(cond),
		File:     "difftest/" + id + ".yml",
	}
}

// IsUnsupported reports whether err says the target cannot express the rule.
func IsUnsupported(err error) bool {
	var e *ir.Error
	if errors.As(err, &e) && e.Code == ir.CodeUnsupported {
		return true
	}
	var l ir.ErrorList
	if errors.As(err, &l) && len(l) > 0 {
		for _, x := range l {
			if x.Code != ir.CodeUnsupported {
				return false
			}
		}
		return true
	}
	return false
}

// Outcome is what one checker did with one rule and its events.
type Outcome struct {
	Checker     string
	Results     []bool // one per event; nil when Err is set
	Err         error
	Unsupported bool // Err says the target cannot express the rule
}

// Check compiles r with c and evaluates events, turning a panic into an
// error so one bad backend cannot stop the run.
func Check(c backends.Checker, r *ir.Rule, events []any) Outcome {
	progs, errs, done := CompileAll(c, []*ir.Rule{r})
	defer done()
	return evalProgram(c.Name(), progs[0], errs[0], events)
}

// Disagreement is one checker failing one event of one rule: a wrong result
// or an error other than unsupported.
type Disagreement struct {
	Checker  string
	Rule     *ir.Rule
	Event    any   // the event that disagrees; for an error, the case's first
	Events   []any // every event of the case
	Expected bool  // ir.Eval's result
	Got      bool  // meaningless when Err is set
	Err      error
}

func (d Disagreement) String() string {
	ev, _ := MarshalEvent(d.Event)
	if d.Err != nil {
		return fmt.Sprintf("%s: condition %s\n  event %s\n  error: %v", d.Checker, ir.Format(d.Rule.Cond), ev, d.Err)
	}
	return fmt.Sprintf("%s: condition %s\n  event %s\n  ir.Eval %v, %s %v", d.Checker, ir.Format(d.Rule.Cond), ev, d.Expected, d.Checker, d.Got)
}

// Stats counts what a batch did, per checker, and per language construct
// for the rules that use one (see Constructs).
type Stats struct {
	Cases       int // rules run
	Events      int // (rule, event) pairs evaluated by ir.Eval
	Per         map[string]*CheckerStats
	ByConstruct map[string]*Stats
}

// Construct names, as Stats.ByConstruct and Constructs report them.
const (
	ConstructFold     = "~ operators"
	ConstructAny      = "any"
	ConstructAll      = "all"
	ConstructNested   = "nested any/all"
	ConstructFieldRef = "field(G)"
)

// Constructs lists the language version 2 constructs e uses.
func Constructs(e ir.Expr) []string {
	found := map[string]bool{}
	var walk func(e ir.Expr, depth int)
	walk = func(e ir.Expr, depth int) {
		ir.Walk(e, func(x ir.Expr) bool {
			switch x := x.(type) {
			case *ir.Pred:
				if x.Op.IsFold() {
					found[ConstructFold] = true
				}
			case *ir.FieldPred:
				found[ConstructFieldRef] = true
				if x.Op.IsFold() {
					found[ConstructFold] = true
				}
			case *ir.Quant:
				found[x.Keyword()] = true
				if depth > 0 {
					found[ConstructNested] = true
				}
				walk(x.X, depth+1)
				return false
			}
			return true
		})
	}
	walk(e, 0)
	var out []string
	for _, c := range []string{ConstructFold, ConstructAny, ConstructAll, ConstructNested, ConstructFieldRef} {
		if found[c] {
			out = append(out, c)
		}
	}
	return out
}

func (s *Stats) construct(name string) *Stats {
	if s.ByConstruct == nil {
		s.ByConstruct = map[string]*Stats{}
	}
	if s.ByConstruct[name] == nil {
		s.ByConstruct[name] = &Stats{}
	}
	return s.ByConstruct[name]
}

// CheckerStats counts one checker's outcomes over a batch.
type CheckerStats struct {
	Agreed      int // (rule, event) pairs with the same result as ir.Eval
	Unsupported int // rules the checker reported as not expressible
	Failed      int // rules with a disagreement or an error
}

func (s *Stats) checker(name string) *CheckerStats {
	if s.Per == nil {
		s.Per = map[string]*CheckerStats{}
	}
	if s.Per[name] == nil {
		s.Per[name] = &CheckerStats{}
	}
	return s.Per[name]
}

// Add merges o into s.
func (s *Stats) Add(o Stats) {
	s.Cases += o.Cases
	s.Events += o.Events
	for name, c := range o.Per {
		m := s.checker(name)
		m.Agreed += c.Agreed
		m.Unsupported += c.Unsupported
		m.Failed += c.Failed
	}
	for name, c := range o.ByConstruct {
		s.construct(name).Add(*c)
	}
}

func (s Stats) String() string {
	var b strings.Builder
	s.line(&b)
	var cs []string
	for c := range s.ByConstruct {
		cs = append(cs, c)
	}
	sort.Strings(cs)
	for _, c := range cs {
		fmt.Fprintf(&b, "\n  with %s: ", c)
		s.ByConstruct[c].line(&b)
	}
	return b.String()
}

func (s Stats) line(b *strings.Builder) {
	var names []string
	for n := range s.Per {
		names = append(names, n)
	}
	sort.Strings(names)
	fmt.Fprintf(b, "%d rules, %d events", s.Cases, s.Events)
	for _, n := range names {
		c := s.Per[n]
		fmt.Fprintf(b, "; %s: %d agree, %d rules unsupported, %d rules failed", n, c.Agreed, c.Unsupported, c.Failed)
	}
}

// Case is one rule with the events it meets.
type Case struct {
	Rule   *ir.Rule
	Events []any
}

// Run evaluates events under r with ir.Eval and every checker, and returns
// the disagreements (at most one per checker: the first event that fails).
func Run(checkers []backends.Checker, r *ir.Rule, events []any, st *Stats) []Disagreement {
	return RunCases(checkers, []Case{{r, events}}, st)
}

// RunCases runs every case through ir.Eval and every checker. A checker that
// compiles many rules at once (backends.BatchChecker) gets them all in one
// call. It returns at most one disagreement per checker and case.
func RunCases(checkers []backends.Checker, cases []Case, st *Stats) []Disagreement {
	want := make([][]bool, len(cases))
	rules := make([]*ir.Rule, len(cases))
	constructs := make([][]*Stats, len(cases))
	for i, c := range cases {
		rules[i] = c.Rule
		want[i] = make([]bool, len(c.Events))
		for j, ev := range c.Events {
			want[i][j] = ir.Eval(c.Rule.Cond, ev)
		}
		st.Cases++
		st.Events += len(c.Events)
		for _, name := range Constructs(c.Rule.Cond) {
			sub := st.construct(name)
			sub.Cases++
			sub.Events += len(c.Events)
			constructs[i] = append(constructs[i], sub)
		}
	}
	// Checkers share nothing, so each runs in its own goroutine (a slow
	// engine no longer waits for the others); results are merged in
	// checker order, so the output does not depend on timing.
	outcomes := make([][]Outcome, len(checkers))
	var wg sync.WaitGroup
	for ci, c := range checkers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			progs, errs, done := CompileAll(c, rules)
			defer done()
			outcomes[ci] = make([]Outcome, len(cases))
			for i, cse := range cases {
				outcomes[ci][i] = evalProgram(c.Name(), progs[i], errs[i], cse.Events)
			}
		}()
	}
	wg.Wait()
	var out []Disagreement
	for ci, c := range checkers {
		for i, cse := range cases {
			cs, d := judge(c.Name(), cse, outcomes[ci][i], want[i])
			if d != nil {
				out = append(out, *d)
			}
			// Count the outcome in the totals and under each construct the
			// rule uses.
			for _, t := range append([]*CheckerStats{st.checker(c.Name())}, checkersOf(constructs[i], c.Name())...) {
				t.Agreed += cs.Agreed
				t.Unsupported += cs.Unsupported
				t.Failed += cs.Failed
			}
		}
	}
	return out
}

// judge compares one checker's outcome on one case with ir.Eval's results.
func judge(checker string, cse Case, o Outcome, want []bool) (CheckerStats, *Disagreement) {
	var cs CheckerStats
	r := cse.Rule
	switch {
	case o.Unsupported && r.Cond != nil && r.Cond.Pos().IsValid():
		// A parsed rule has positions: the error must point into it.
		if err := positioned(o.Err, r); err != nil {
			cs.Failed++
			return cs, &Disagreement{Checker: checker, Rule: r, Event: firstEvent(cse.Events), Events: cse.Events, Err: err}
		}
		cs.Unsupported++
		return cs, nil
	case o.Unsupported:
		cs.Unsupported++
		return cs, nil
	case o.Err != nil:
		cs.Failed++
		return cs, &Disagreement{Checker: checker, Rule: r, Event: firstEvent(cse.Events), Events: cse.Events, Expected: len(cse.Events) > 0 && want[0], Err: o.Err}
	}
	var d *Disagreement
	for j, got := range o.Results {
		if got == want[j] {
			cs.Agreed++
			continue
		}
		if d == nil {
			cs.Failed++
			d = &Disagreement{Checker: checker, Rule: r, Event: cse.Events[j], Events: cse.Events, Expected: want[j], Got: got}
		}
	}
	return cs, d
}

func checkersOf(subs []*Stats, name string) []*CheckerStats {
	out := make([]*CheckerStats, len(subs))
	for i, s := range subs {
		out[i] = s.checker(name)
	}
	return out
}

// CompileAll compiles every rule with c: in one call when c is a
// backends.BatchChecker (the go target builds one program for all rules),
// else rule by rule. Panics become errors. done releases the programs.
func CompileAll(c backends.Checker, rules []*ir.Rule) (progs []backends.Program, errs []error, done func()) {
	progs = make([]backends.Program, len(rules))
	errs = make([]error, len(rules))
	done = func() {}
	if isBatch(c) && len(rules) > 1 {
		return compileBatch(c, rules)
	}
	for i, r := range rules {
		errs[i] = catch(func() error {
			var err error
			progs[i], err = c.Compile(r)
			return err
		})
	}
	return progs, errs, done
}

// catch runs f, turning a panic into an error.
func catch(f func() error) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v\n%s", p, debug.Stack())
		}
	}()
	return f()
}

// evalProgram runs a compiled program (or reports its compile error).
func evalProgram(name string, prog backends.Program, err error, events []any) (out Outcome) {
	out.Checker = name
	if err != nil {
		out.Err = err
		out.Unsupported = IsUnsupported(err)
		return out
	}
	if prog == nil {
		out.Err = errors.New("no program and no error")
		return out
	}
	var res []bool
	if err := catch(func() error {
		var err error
		res, err = prog.Eval(events)
		return err
	}); err != nil {
		out.Err = fmt.Errorf("eval: %w", err)
		// A target may find at run time that it cannot judge a log (the
		// athena SQL flattens a fixed depth of nested arrays).
		out.Unsupported = IsUnsupported(err)
		return out
	}
	if len(res) != len(events) {
		out.Err = fmt.Errorf("eval returned %d results for %d events", len(res), len(events))
		return out
	}
	out.Results = res
	return out
}

func firstEvent(events []any) any {
	if len(events) == 0 {
		return map[string]any{}
	}
	return events[0]
}

// positioned checks that an unsupported error names the rule and points at
// a line and column of its file, as the brief requires of every target.
func positioned(err error, r *ir.Rule) error {
	var es []*ir.Error
	var l ir.ErrorList
	var e *ir.Error
	switch {
	case errors.As(err, &l):
		es = l
	case errors.As(err, &e):
		es = []*ir.Error{e}
	}
	for _, e := range es {
		if !e.Pos.IsValid() || e.File != r.File || !strings.Contains(e.Msg, r.ID) {
			return fmt.Errorf("unsupported error %q lacks the rule's file, line:col or ID (%s, %s)", e.Error(), r.File, r.ID)
		}
	}
	return nil
}

// Fails reports whether checker c disagrees with ir.Eval on cond and event
// (a wrong result or an error other than unsupported).
func Fails(c backends.Checker, id string, cond ir.Expr, event any) bool {
	return FirstFailing(c, id, []ir.Expr{cond}, []any{event}) == 0
}

// FirstFailing returns the index of the first (conds[i], events[i]) pair on
// which c disagrees with ir.Eval, or -1. A batch checker compiles them all in
// one call.
func FirstFailing(c backends.Checker, id string, conds []ir.Expr, events []any) int {
	if !isBatch(c) {
		for i := range conds {
			o := Check(c, NewRule(id, conds[i]), []any{events[i]})
			if failing(o, conds[i], events[i]) {
				return i
			}
		}
		return -1
	}
	rules := make([]*ir.Rule, len(conds))
	for i, cond := range conds {
		rules[i] = NewRule(fmt.Sprintf("%s.C%d", id, i), cond)
	}
	progs, errs, done := CompileAll(c, rules)
	defer done()
	for i := range conds {
		if failing(evalProgram(c.Name(), progs[i], errs[i], []any{events[i]}), conds[i], events[i]) {
			return i
		}
	}
	return -1
}

func failing(o Outcome, cond ir.Expr, event any) bool {
	switch {
	case o.Unsupported:
		return false
	case o.Err != nil:
		return true
	}
	return o.Results[0] != ir.Eval(cond, event)
}

// RoundTrip checks the parser against the IR: it prints a rule's condition
// with ir.Format, parses the text back, requires the same tree (ir.Dump of
// the canonical shape) and evaluates the parsed condition with ir.Eval.
type RoundTrip struct{}

// Name implements backends.Checker.
func (RoundTrip) Name() string { return "roundtrip" }

// Compile implements backends.Checker.
func (RoundTrip) Compile(r *ir.Rule) (backends.Program, error) {
	text := ir.Format(r.Cond)
	e, errs := parser.ParseConditionText(text, ir.Pos{Line: 1, Col: 1}, parser.ConditionOptions{File: "roundtrip"})
	if len(errs) > 0 {
		return nil, fmt.Errorf("parse %q: %v", text, errs)
	}
	if got, want := ir.Dump(e), ir.Dump(Canonical(r.Cond)); got != want {
		return nil, fmt.Errorf("text %q parses to %s, want %s", text, got, want)
	}
	if got, want := ir.Format(e), ir.Format(Canonical(r.Cond)); got != want {
		return nil, fmt.Errorf("format is not stable: %q then %q", want, got)
	}
	return roundTripProgram{e}, nil
}

type roundTripProgram struct{ cond ir.Expr }

func (p roundTripProgram) Eval(logs []any) ([]bool, error) {
	out := make([]bool, len(logs))
	for i, l := range logs {
		out[i] = ir.Eval(p.cond, l)
	}
	return out, nil
}
