package cli

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/rulec/rulec/internal/scan"
	"github.com/rulec/rulec/ir"
)

func newScanCmd(s *streams) *cobra.Command {
	var rulePaths []string
	var workers int
	var progress string
	var logTypes []string
	var skipDisabled bool
	cmd := &cobra.Command{
		Use:   "scan --rules PATHS... [LOGS...]",
		Short: "Match NDJSON logs against rules and print the matches as NDJSON",
		Long: `scan reads JSON events, one per line, from LOGS (files, .gz files, directories
walked for .json, .jsonl, .ndjson and .log files, or - for standard input,
which is also the default) and matches them against the rules under --rules.
Rules are compiled once into an evaluator that reads each event in one pass,
keeping only the fields some rule needs.

Events are routed by log type, as Panther does: each event is classified
from the log-type registry (its p_log_type when present, otherwise the
fields that identify a log type, e.g. eventSource and eventName for
AWS.CloudTrail) and runs only the rules written for its log type, plus
rules that name no log type. Events no log type claims are counted and run
only those rules. --log-type overrides the classification (every event is
taken to be of the given types); --schema FILE adds a custom log type. A
summary of the classification is printed on stderr.

Each match is one JSON line on stdout: {"rule","title","severity","file",
"line","fields"}, fields holding the rule's output fields. A threshold rule
(Threshold N, DedupPeriodMinutes M) prints one line, with "threshold" and
"count", when its N-th match within M minutes of event time arrives (event
time from p_event_time, eventTime, time, timestamp, @timestamp or published).
Invalid lines are reported on stderr as file:line:col and make the exit status
1; the scan goes on. A progress bar is drawn on stderr when it is a terminal.
`,
		Example: `  rulec scan --rules rules/ cloudtrail/2024/
  zcat events.json.gz | rulec scan --rules rules/ -
  rulec scan --rules rules/ --log-type AWS.CloudTrail --workers 2 big.ndjson | jq -r .rule | sort | uniq -c`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(rulePaths) == 0 {
				return fmt.Errorf("scan: --rules is required")
			}
			if workers < 1 {
				return fmt.Errorf("scan: --workers must be at least 1")
			}
			l, err := loadRules(rulePaths)
			if err != nil {
				return err
			}
			printDiags(s, "text", l.diags)
			if len(l.diags.Errors()) > 0 {
				return exitError{1}
			}
			rules := selectScanRules(l.rules, logTypes, skipDisabled)
			if len(rules) == 0 {
				return fmt.Errorf("scan: no rule left to run (check --log-type and --skip-disabled)")
			}
			reg, err := s.registry()
			if err != nil {
				return err
			}
			prog, err := scan.CompileRouted(rules, scan.Routing{Registry: reg, LogTypes: logTypes})
			if err != nil {
				return err
			}
			inputs, err := scan.ExpandInputs(args)
			if err != nil {
				return err
			}
			opt := scan.Options{Workers: workers, Stdin: s.in, Out: s.out, Errs: s.err}
			var bar *progressBar
			switch progress {
			case "auto":
				if isTerminal(s.err) {
					bar = newProgressBar(s.err, inputs)
				}
			case "always":
				bar = newProgressBar(s.err, inputs)
			case "never":
			default:
				return fmt.Errorf("scan: --progress must be auto, always or never")
			}
			if bar != nil {
				opt.Progress = bar.update
			}
			st, err := scan.Run(prog, inputs, opt)
			if bar != nil {
				bar.finish(st)
			}
			if err != nil {
				fmt.Fprintf(s.err, "%v\n", err)
				return exitError{1}
			}
			if len(logTypes) == 0 {
				fmt.Fprintln(s.err, routingSummary(st))
			}
			if st.Invalid > 0 {
				return exitError{1}
			}
			return nil
		},
	}
	cmd.Flags().StringSliceVar(&rulePaths, "rules", nil, "rule files or directories (repeatable, comma-separated)")
	cmd.Flags().IntVar(&workers, "workers", runtime.NumCPU(), "goroutines matching events")
	cmd.Flags().StringVar(&progress, "progress", "auto", "progress bar on stderr: auto (when a terminal), always, never")
	cmd.Flags().StringSliceVar(&logTypes, "log-type", nil, "take every event to be of these log types (e.g. AWS.CloudTrail; repeatable) instead of classifying it")
	cmd.Flags().BoolVar(&skipDisabled, "skip-disabled", false, "leave out rules marked Enabled: false")
	return cmd
}

// routingSummary is the one-line account of how events were classified.
func routingSummary(st scan.Stats) string {
	var b strings.Builder
	fmt.Fprintf(&b, "log types: ")
	types := make([]string, 0, len(st.ByLogType))
	for t := range st.ByLogType {
		types = append(types, t)
	}
	slices.Sort(types)
	for i, t := range types {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s %d", t, st.ByLogType[t])
	}
	if len(types) == 0 {
		b.WriteString("none")
	}
	fmt.Fprintf(&b, "; %d unclassified", st.Unclassified)
	if st.Unclassified > 0 {
		b.WriteString(" (run only against rules that name no log type; use --log-type or --schema to classify them)")
	}
	return b.String()
}

// selectScanRules keeps the rules for one of logTypes (all when none is
// given) and those naming no log type and, with skipDisabled, only enabled
// ones.
func selectScanRules(rules []*ir.Rule, logTypes []string, skipDisabled bool) []*ir.Rule {
	var out []*ir.Rule
	for _, r := range rules {
		if skipDisabled && !r.Enabled {
			continue
		}
		if len(logTypes) > 0 && len(r.LogTypes) > 0 && !slices.ContainsFunc(r.LogTypes, func(t string) bool { return slices.Contains(logTypes, t) }) {
			continue
		}
		out = append(out, r)
	}
	return out
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// progressBar draws one self-overwriting line: bytes read of the total,
// events and throughput.
type progressBar struct {
	w     io.Writer
	total int64
	start time.Time
}

func newProgressBar(w io.Writer, inputs []scan.Input) *progressBar {
	b := &progressBar{w: w, start: time.Now()}
	for _, in := range inputs {
		if in.Name == "-" {
			b.total = 0
			break
		}
		b.total += in.Size
	}
	return b
}

func (b *progressBar) update(read, events int64) {
	secs := time.Since(b.start).Seconds()
	rate := ""
	if secs > 0 {
		rate = fmt.Sprintf("%.1f MB/s, %.0f events/s", float64(read)/1e6/secs, float64(events)/secs)
	}
	if b.total > 0 {
		frac := float64(read) / float64(b.total)
		if frac > 1 {
			frac = 1
		}
		const width = 30
		n := int(frac * width)
		fmt.Fprintf(b.w, "\r[%s%s] %3.0f%% %d events, %s ", strings.Repeat("=", n), strings.Repeat(" ", width-n), frac*100, events, rate)
		return
	}
	fmt.Fprintf(b.w, "\r%.1f MB, %d events, %s ", float64(read)/1e6, events, rate)
}

func (b *progressBar) finish(st scan.Stats) {
	fmt.Fprintf(b.w, "\r\033[K%d events in %d files, %d matches, %d invalid lines, %s\n",
		st.Events, st.Files, st.Matches, st.Invalid, time.Since(b.start).Round(time.Millisecond))
}
