package match

import "sort"

// Signature identifies the events of one log type: an event is of that type
// when every clause holds. The generator and `rulec scan` build signatures
// from rulec's log-type registry (package schema).
type Signature struct {
	LogType string
	Clauses []Clause
}

// Clause tests the values of one Event slot: some value is present (not
// JSON null), or, with Equals, some value is the string Value or a number
// written exactly as Value (Windows' EventID 4688).
type Clause struct {
	Slot   int
	Equals bool
	Value  string
}

// Classifier assigns events to log types as Panther routes them: the
// event's own p_log_type when it has one, else the log type whose
// signature holds. When signatures of several log types hold, the one with
// the most clauses wins; a tie between log types leaves the event
// unclassified rather than guessing.
type Classifier struct {
	typeSlot int // slot of p_log_type, or -1
	sigs     []Signature
	// first[i]: a slot sigs[i] needs a value in (its first clause's), or
	// -1; most events lack it, so it is tested before the call of holds.
	first []int32
}

// NewClassifier returns a classifier reading p_log_type from typeSlot (-1:
// never) and testing sigs.
func NewClassifier(typeSlot int, sigs []Signature) *Classifier {
	// Longest first, so that Classify stops at the first length shorter
	// than a signature that holds (the outcome does not depend on order).
	sorted := append([]Signature(nil), sigs...)
	sort.SliceStable(sorted, func(i, j int) bool { return len(sorted[i].Clauses) > len(sorted[j].Clauses) })
	c := &Classifier{typeSlot: typeSlot, sigs: sorted, first: make([]int32, len(sorted))}
	for i, sig := range sorted {
		c.first[i] = -1
		if len(sig.Clauses) > 0 {
			c.first[i] = int32(sig.Clauses[0].Slot)
		}
	}
	return c
}

// Classify returns the log type of e, or "" when none is known.
func (c *Classifier) Classify(e *Event) string {
	if c.typeSlot >= 0 {
		for _, v := range e.Vals(c.typeSlot) {
			if v.Kind == KindString && v.Str != "" {
				return v.Str
			}
		}
	}
	best, bestLen, tie := "", 0, false
	for i := range c.sigs {
		s := &c.sigs[i]
		if len(s.Clauses) < bestLen {
			break
		}
		if f := c.first[i]; f >= 0 && e.start[f+1] == e.start[f] || !c.holds(e, s) {
			continue
		}
		switch {
		case len(s.Clauses) > bestLen:
			best, bestLen, tie = s.LogType, len(s.Clauses), false
		case s.LogType != best:
			tie = true
		}
	}
	if tie {
		return ""
	}
	return best
}

func (c *Classifier) holds(e *Event, s *Signature) bool {
	for _, cl := range s.Clauses {
		if !cl.Equals {
			if e.start[cl.Slot+1] == e.start[cl.Slot] {
				return false
			}
			continue
		}
		vals := e.Vals(cl.Slot)
		found := false
		for _, v := range vals {
			if (v.Kind == KindString || v.Kind == KindNumber) && v.Str == cl.Value {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}
