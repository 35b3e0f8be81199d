package match

// Routes say which rules run on an event of each log type, as Panther routes
// events: the rules written for the event's log type (or for a log type it
// is part of), and the rules that name no log type. An event of no known
// log type runs only the latter.
type Routes struct {
	untyped []bool            // rules naming no log type
	byType  map[string][]bool // per log type: the rules that run on it
}

// NewRoutes builds the routes of rules; partOf maps a log type to the log
// types it is part of (Sysmon's registry_add events are registry_event
// events too).
func NewRoutes(rules []Rule, partOf map[string][]string) *Routes {
	r := &Routes{untyped: make([]bool, len(rules)), byType: map[string][]bool{}}
	on := func(t string) []bool {
		m := r.byType[t]
		if m == nil {
			m = make([]bool, len(rules))
			r.byType[t] = m
		}
		return m
	}
	for i := range rules {
		if len(rules[i].LogTypes) == 0 {
			r.untyped[i] = true
		}
		for _, t := range rules[i].LogTypes {
			on(t)[i] = true
		}
	}
	// A child runs the rules written for its parents, not those its parents
	// inherit (schema.Registry.RunsOn): read the parents' own rules.
	own := map[string][]bool{}
	for t, m := range r.byType {
		own[t] = append([]bool(nil), m...)
	}
	for child, parents := range partOf {
		m := on(child)
		for _, p := range parents {
			for i, ok := range own[p] {
				m[i] = m[i] || ok
			}
		}
	}
	for _, m := range r.byType {
		for i, ok := range r.untyped {
			m[i] = m[i] || ok
		}
	}
	return r
}

// For returns, per rule, whether it runs on an event of logType ("": an
// event of no known log type).
func (r *Routes) For(logType string) []bool {
	if m, ok := r.byType[logType]; ok && logType != "" {
		return m
	}
	return r.untyped
}
