//go:build duckdb

package cli

import "github.com/rulec/rulec/backends/athena"

// huntEvents loads the events into each table the queries read, once per
// table, profile and set of log types, and runs every query on it.
func huntEvents(s *streams, qs []*athena.Query, router *huntRouter) error {
	engine, err := athena.OpenEngine()
	if err != nil {
		return err
	}
	defer engine.Close()
	type tableKey struct {
		profile athena.ProfileName
		table   string
		events  string // router.key
	}
	var order []tableKey
	byTable := map[tableKey][]*athena.Query{}
	for _, q := range qs {
		k := tableKey{q.Profile, q.Table, router.key(q)}
		if byTable[k] == nil {
			order = append(order, k)
		}
		byTable[k] = append(byTable[k], q)
	}
	for _, k := range order {
		if err := engine.Load(k.profile, k.table, router.eventsFor(byTable[k][0])); err != nil {
			return err
		}
		for _, q := range byTable[k] {
			cols, rows, err := engine.Query(q.Events)
			if err != nil {
				return err
			}
			printHuntRows(s, q.RuleID, false, cols, rows)
			if q.Alerts != "" {
				cols, rows, err := engine.Query(q.Alerts)
				if err != nil {
					return err
				}
				printHuntRows(s, q.RuleID, true, cols, rows)
			}
		}
	}
	return nil
}
