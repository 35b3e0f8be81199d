//go:build duckdb

package cli

import "github.com/rulec/rulec/backends/athena"

// huntEvents runs each query over the events in embedded DuckDB.
func huntEvents(s *streams, qs []*athena.Query, events []huntEvent) error {
	engine, err := athena.OpenEngine()
	if err != nil {
		return err
	}
	defer engine.Close()
	raw := make([]any, len(events))
	for i, e := range events {
		raw[i] = e.event
	}
	for _, q := range qs {
		matched, err := engine.Matches(q, raw)
		if err != nil {
			return err
		}
		printHuntMatches(s, q, events, matched)
	}
	return nil
}
