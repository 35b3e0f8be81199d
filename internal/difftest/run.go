package difftest

import (
	"errors"
	"fmt"
	"runtime/debug"
	"sort"
	"strings"

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
func Check(c backends.Checker, r *ir.Rule, events []any) (out Outcome) {
	out.Checker = c.Name()
	defer func() {
		if p := recover(); p != nil {
			out.Results = nil
			out.Err = fmt.Errorf("panic: %v\n%s", p, debug.Stack())
		}
	}()
	prog, err := c.Compile(r)
	if err != nil {
		out.Err = err
		out.Unsupported = IsUnsupported(err)
		return out
	}
	res, err := prog.Eval(events)
	if err != nil {
		out.Err = fmt.Errorf("eval: %w", err)
		return out
	}
	if len(res) != len(events) {
		out.Err = fmt.Errorf("eval returned %d results for %d events", len(res), len(events))
		return out
	}
	out.Results = res
	return out
}

// Disagreement is one checker failing one event of one rule: a wrong result
// or an error other than unsupported.
type Disagreement struct {
	Checker  string
	Rule     *ir.Rule
	Event    any
	Expected bool // ir.Eval's result
	Got      bool // meaningless when Err is set
	Err      error
}

func (d Disagreement) String() string {
	ev, _ := MarshalEvent(d.Event)
	if d.Err != nil {
		return fmt.Sprintf("%s: condition %s\n  event %s\n  error: %v", d.Checker, ir.Format(d.Rule.Cond), ev, d.Err)
	}
	return fmt.Sprintf("%s: condition %s\n  event %s\n  ir.Eval %v, %s %v", d.Checker, ir.Format(d.Rule.Cond), ev, d.Expected, d.Checker, d.Got)
}

// Stats counts what a batch did, per checker.
type Stats struct {
	Cases  int // rules run
	Events int // (rule, event) pairs evaluated by ir.Eval
	Per    map[string]*CheckerStats
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
}

func (s Stats) String() string {
	var names []string
	for n := range s.Per {
		names = append(names, n)
	}
	sort.Strings(names)
	var b strings.Builder
	fmt.Fprintf(&b, "%d rules, %d events", s.Cases, s.Events)
	for _, n := range names {
		c := s.Per[n]
		fmt.Fprintf(&b, "; %s: %d agree, %d rules unsupported, %d rules failed", n, c.Agreed, c.Unsupported, c.Failed)
	}
	return b.String()
}

// Run evaluates events under r with ir.Eval and every checker, and returns
// the disagreements (at most one per checker: the first event that fails).
func Run(checkers []backends.Checker, r *ir.Rule, events []any, st *Stats) []Disagreement {
	want := make([]bool, len(events))
	for i, ev := range events {
		want[i] = ir.Eval(r.Cond, ev)
	}
	st.Cases++
	st.Events += len(events)
	var out []Disagreement
	for _, c := range checkers {
		o := Check(c, r, events)
		cs := st.checker(c.Name())
		switch {
		case o.Unsupported && r.Cond != nil && r.Cond.Pos().IsValid():
			// A parsed rule has positions: the error must point into it.
			if err := positioned(o.Err, r); err != nil {
				cs.Failed++
				out = append(out, Disagreement{Checker: c.Name(), Rule: r, Event: firstEvent(events), Err: err})
				continue
			}
			cs.Unsupported++
			continue
		case o.Unsupported:
			cs.Unsupported++
			continue
		case o.Err != nil:
			cs.Failed++
			out = append(out, Disagreement{Checker: c.Name(), Rule: r, Event: firstEvent(events), Expected: len(events) > 0 && want[0], Err: o.Err})
			continue
		}
		failed := false
		for i, got := range o.Results {
			if got == want[i] {
				cs.Agreed++
				continue
			}
			if !failed {
				failed = true
				cs.Failed++
				out = append(out, Disagreement{Checker: c.Name(), Rule: r, Event: events[i], Expected: want[i], Got: got})
			}
		}
	}
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
	r := NewRule(id, cond)
	o := Check(c, r, []any{event})
	if o.Unsupported {
		return false
	}
	if o.Err != nil {
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
