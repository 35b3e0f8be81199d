package match

import "time"

// OutputField is a field a rule reports when it matches; Source is the path
// it reads when that differs from Name.
type OutputField struct {
	Name   string
	Source string
}

// Path returns the dotted path the field reads.
func (f OutputField) Path() string {
	if f.Source != "" {
		return f.Source
	}
	return f.Name
}

// Rule is one entry of a generated package's registry.
type Rule struct {
	ID       string
	Title    string
	Severity string
	Source   string // the file the rule was generated from
	LogTypes []string
	// OutputFields are the fields to report with a match.
	OutputFields []OutputField
	// Threshold > 1: alert once Threshold matches fall within
	// DedupPeriodMinutes (see Counter); otherwise every match alerts.
	Threshold          int
	DedupPeriodMinutes int
	// Partial: the rule's source also runs logic its condition omits.
	Partial bool
	// Match reports whether an event matches the rule's condition.
	Match func(*Event) bool
}

// Window returns the rule's dedup window (Panther's default of 60 minutes
// when the rule sets none).
func (r *Rule) Window() time.Duration {
	if r.DedupPeriodMinutes <= 0 {
		return 60 * time.Minute
	}
	return time.Duration(r.DedupPeriodMinutes) * time.Minute
}

// Counter counts a threshold rule's matches within its dedup window: the
// window opens at the first match and lasts Window; the alert fires once, on
// the match that brings the count to N. A match at or after the window's end
// opens a new window. Matches without a time (the zero time) count in the
// current window.
type Counter struct {
	N      int
	Window time.Duration

	start time.Time
	count int
	fired bool
}

// Add records one match at t and reports whether it fires the alert, with
// the count of matches in the current window.
func (c *Counter) Add(t time.Time) (fire bool, count int) {
	if c.count == 0 || (!t.IsZero() && !c.start.IsZero() && !t.Before(c.start.Add(c.Window))) {
		c.start, c.count, c.fired = t, 0, false
	} else if c.start.IsZero() && !t.IsZero() {
		c.start = t
	}
	c.count++
	if c.count >= c.N && !c.fired {
		c.fired = true
		return true, c.count
	}
	return false, c.count
}

// Run evaluates the candidate rules dst[base:] (indices into rules, in any
// order, possibly repeated) on e, and leaves in dst[base:] the matching ones
// in increasing order.
func Run(rules []Rule, e *Event, dst []int, base int) []int {
	return RunRouted(rules, e, dst, base, nil)
}

// RunRouted is Run that skips the rules whose entry in on is false (nil:
// none is skipped); generated Match functions call it after dispatch with
// the routes of the event's log type.
func RunRouted(rules []Rule, e *Event, dst []int, base int, on []bool) []int {
	c := dst[base:]
	// Insertion sort: the candidate list is short.
	for i := 1; i < len(c); i++ {
		for j := i; j > 0 && c[j] < c[j-1]; j-- {
			c[j], c[j-1] = c[j-1], c[j]
		}
	}
	n := 0
	for i, r := range c {
		if i > 0 && r == c[i-1] || on != nil && !on[r] {
			continue
		}
		if rules[r].Match(e) {
			c[n] = r
			n++
		}
	}
	return dst[:base+n]
}

// Matcher reads raw events and matches them against a generated package's
// rules. It is not safe for concurrent use: make one per goroutine.
type Matcher struct {
	Event *Event
	match func(*Event, []int) []int
	hits  []int
}

// NewMatcher returns a Matcher over schema and a generated Match function.
func NewMatcher(schema *Schema, match func(*Event, []int) []int) *Matcher {
	return &Matcher{Event: NewEvent(schema), match: match}
}

// Match reads one event and returns the indices of the rules it matches, in
// increasing order; the slice is reused by the next call.
func (m *Matcher) Match(event []byte) ([]int, error) {
	if err := m.Event.Reset(event); err != nil {
		return nil, err
	}
	m.hits = m.match(m.Event, m.hits[:0])
	return m.hits, nil
}
