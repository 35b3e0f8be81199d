package cli

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/rulec/rulec/backends/athena"
	"github.com/rulec/rulec/internal/scan"
	"github.com/rulec/rulec/ir"
	"github.com/rulec/rulec/schema"
)

// newHuntCmd runs rules' Athena SQL over local NDJSON logs through embedded
// DuckDB, so a query can be tried on a laptop before it runs on Athena. (scan
// matches logs with rulec's own evaluator; hunt runs the SQL itself.)
func newHuntCmd(s *streams) *cobra.Command {
	var logs, engine, profile, table, since, until string
	var logTypes []string
	cmd := &cobra.Command{
		Use:   "hunt --logs FILE.ndjson [--engine duckdb] PATHS...",
		Short: "Run rules' Athena SQL over local NDJSON logs in embedded DuckDB",
		Long: `hunt converts every rule under PATHS to Athena SQL (as convert --to athena
does), loads the NDJSON log file (one JSON event per line) into DuckDB tables
shaped like each rule's Athena table, runs the SQL unchanged, and prints each
result row as one JSON line: {"rule", "row"} with the query's columns, and for
a rule with a Threshold also {"rule", "alert"} per window of the alert query.
Only the duckdb build (make build; go build -tags duckdb) has the engine.`,
		Example: `  rulec hunt --logs cloudtrail.ndjson rules/
  rulec hunt --logs lake.ndjson --profile json --table lake.events rules/GCP.KMS.EraseKey.yml`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if engine != "duckdb" {
				return fmt.Errorf("unknown --engine %q: this build knows duckdb", engine)
			}
			if logs == "" {
				return fmt.Errorf("--logs is required")
			}
			events, err := readHuntLogs(logs)
			if err != nil {
				return err
			}
			opt, err := athenaOptions(profile, table, since, until)
			if err != nil {
				return err
			}
			l, err := loadRules(args)
			if err != nil {
				return err
			}
			printDiags(s, "text", l.diags)
			if len(l.diags.Errors()) > 0 {
				return exitError{1}
			}
			reg, err := s.registry()
			if err != nil {
				return err
			}
			opt.Registry = reg
			qs, err := athena.ConvertAll(l.rules, opt)
			if err != nil {
				printConvertError(s, err)
				return exitError{1}
			}
			router := newHuntRouter(reg, logTypes, l.rules, events)
			if len(logTypes) == 0 {
				fmt.Fprintln(s.err, router.summary())
			}
			return huntEvents(s, qs, router)
		},
	}
	cmd.Flags().StringVar(&logs, "logs", "", "NDJSON file of events, one JSON object per line")
	cmd.Flags().StringVar(&engine, "engine", "duckdb", "SQL engine: duckdb")
	cmd.Flags().StringVar(&profile, "profile", "", "table profile (cloudtrail, s3access, json); default: from each rule's LogTypes")
	cmd.Flags().StringVar(&table, "table", "", "table name the SQL reads (default: the profile's)")
	cmd.Flags().StringSliceVar(&logTypes, "log-type", nil, "take every event to be of these log types (repeatable) instead of classifying it")
	cmd.Flags().StringVar(&since, "since", "", "only events at or after this time (2024-01-31 or RFC 3339)")
	cmd.Flags().StringVar(&until, "until", "", "only events before this time (a bare date includes that whole day)")
	return cmd
}

// huntRow is one line of hunt's output.
type huntRow struct {
	Rule  string         `json:"rule"`
	Row   map[string]any `json:"row,omitempty"`
	Alert map[string]any `json:"alert,omitempty"`
}

func readHuntLogs(path string) ([]huntEvent, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := bufio.NewReader(f)
	var out []huntEvent
	for n := 1; ; n++ {
		line, err := r.ReadBytes('\n')
		if len(bytes.TrimSpace(line)) > 0 {
			d := json.NewDecoder(bytes.NewReader(line))
			d.UseNumber()
			var v any
			if derr := d.Decode(&v); derr != nil {
				return nil, fmt.Errorf("%s:%d:1: %v", path, n, derr)
			}
			if _, ok := v.(map[string]any); !ok {
				return nil, fmt.Errorf("%s:%d:1: an event must be a JSON object", path, n)
			}
			out = append(out, huntEvent{line: n, event: v})
		}
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

type huntEvent struct {
	line  int // kept for error messages
	event any
}

// huntRouter hands each rule's query the events of the rule's log types.
type huntRouter struct {
	ruleTypes map[string][]string // rule ID -> its log types
	events    []huntEvent
	types     []string // per event: its log type ("" unclassified); nil with an override
	override  []string
	cache     map[string][]any
	reg       *schema.Registry
}

func newHuntRouter(reg *schema.Registry, override []string, rules []*ir.Rule, events []huntEvent) *huntRouter {
	h := &huntRouter{ruleTypes: map[string][]string{}, events: events, override: override, cache: map[string][]any{}, reg: reg}
	for _, r := range rules {
		h.ruleTypes[r.ID] = r.LogTypes
	}
	if len(override) == 0 {
		vc := reg.ValueClassifier()
		h.types = make([]string, len(events))
		for i, e := range events {
			h.types[i] = vc.Classify(e.event)
		}
	}
	return h
}

// key names the set of events a query reads: its rule's log types, or
// "*" for all.
func (h *huntRouter) key(q *athena.Query) string {
	types := h.ruleTypes[q.RuleID]
	if len(types) == 0 || len(h.override) > 0 && slices.ContainsFunc(h.override, func(t string) bool { return h.reg.RunsOn(types, t) }) {
		return "*"
	}
	if len(h.override) > 0 {
		return ""
	}
	sorted := slices.Clone(types)
	slices.Sort(sorted)
	return strings.Join(sorted, ",")
}

// eventsFor returns the events q's rule runs on.
func (h *huntRouter) eventsFor(q *athena.Query) []any {
	k := h.key(q)
	if out, ok := h.cache[k]; ok {
		return out
	}
	out := []any{}
	for i, e := range h.events {
		if k == "*" || k != "" && h.reg.RunsOn(strings.Split(k, ","), h.types[i]) {
			out = append(out, e.event)
		}
	}
	h.cache[k] = out
	return out
}

// summary is the one-line account of the classification.
func (h *huntRouter) summary() string {
	st := scan.Stats{ByLogType: map[string]int64{}}
	for _, t := range h.types {
		if t == "" {
			st.Unclassified++
		} else {
			st.ByLogType[t]++
		}
	}
	return routingSummary(st)
}

func printHuntRows(s *streams, rule string, alert bool, cols []string, rows [][]any) {
	for _, r := range rows {
		m := map[string]any{}
		for i, c := range cols {
			m[c] = r[i]
		}
		line := huntRow{Rule: rule, Row: m}
		if alert {
			line = huntRow{Rule: rule, Alert: m}
		}
		b, err := json.Marshal(line)
		if err != nil {
			b, _ = json.Marshal(huntRow{Rule: rule, Row: map[string]any{"error": err.Error()}})
		}
		fmt.Fprintln(s.out, string(b))
	}
}
