package cli

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/rulec/rulec/backends"
	"github.com/rulec/rulec/ir"
	"github.com/rulec/rulec/schema"
)

// testResult is one line of `rulec test --format json`.
type testResult struct {
	Rule       string            `json:"rule"`
	Test       string            `json:"test"`
	Expected   bool              `json:"expected"`
	Results    map[string]bool   `json:"results"`
	Errors     map[string]string `json:"errors,omitempty"`
	Confidence ir.Confidence     `json:"confidence"`
	Partial    bool              `json:"partial"`
	// NotRun is the error that kept the rule from loading: its tests were
	// not evaluated at all, and each counts as a failure.
	NotRun string `json:"not_run,omitempty"`
	// Misfit says how the log contradicts its log type's schema: output
	// built on the schema need not agree on it, so only the ir result
	// binds.
	Misfit string `json:"misfit,omitempty"`
}

// agrees reports whether every result equals the expectation.
func (t *testResult) agrees() bool {
	if t.NotRun != "" {
		return false
	}
	for _, v := range t.Results {
		if v != t.Expected {
			return false
		}
	}
	return true
}

// binding reports whether a disagreement on this test is a failure: tests of
// partial rules and low-confidence logs are reported, not enforced, and on a
// log that does not fit its schema only the reference evaluator is.
func (t *testResult) binding() bool {
	if t.NotRun != "" {
		return true
	}
	if t.Partial || t.Confidence == ir.ConfidenceLow {
		return false
	}
	return t.Misfit == "" || t.Results["ir"] != t.Expected
}

func newTestCmd(s *streams) *cobra.Command {
	var format, only string
	var quiet bool
	cmd := &cobra.Command{
		Use:   "test PATHS...",
		Short: "Run every rule's sample-log tests through the IR and every backend",
		Long: `test runs every test of every rule under PATHS: the reference evaluator (ir)
and each backend's own check of its output (the emitted Sigma, KQL, SQL or Go
evaluated under that target's semantics) must give the rule's ExpectedResult.
It exits 1 when a high-confidence test of a non-partial rule disagrees, or when
a rule fails to load. A rule that fails to load is never evaluated: each of its
tests is reported as an error ("not_run" in JSON). A backend that cannot
express a rule reports it under "errors" instead of a result. A test whose
log contradicts its log type's schema (see rulec check) is marked ("misfit"
in JSON): output built on the schema is exact only for logs that fit, so on
it only the ir result binds.`,
		Example: `  rulec test rules/
  rulec test --format json rules/ | jq 'select(.results.ir != .expected)'
  rulec test --only ir,sigma -q ../shared/corpus/panther`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkFormat(format); err != nil {
				return err
			}
			cs, err := selectCheckers(only)
			if err != nil {
				return err
			}
			l, err := loadRules(args)
			if err != nil {
				return err
			}
			printDiags(s, format, l.diags)
			reg, err := s.registry()
			if err != nil {
				return err
			}
			cs = sigmaCheckersWith(kqlCheckersWith(cs, reg), reg)
			results := append(notRun(l.broken), runTests(reg, l.rules, cs)...)
			failed := 0
			for i := range results {
				if !results[i].agrees() && results[i].binding() {
					failed++
				}
			}
			if format == "json" {
				for i := range results {
					b, _ := json.Marshal(&results[i])
					fmt.Fprintln(s.out, string(b))
				}
			} else {
				printTestTable(s, results, cs, quiet)
			}
			if failed > 0 || len(l.diags.Errors()) > 0 {
				return exitError{1}
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "output format: text or json (one object per line and test)")
	cmd.Flags().StringVar(&only, "only", "", "comma-separated targets to run (ir always runs); default: all")
	cmd.Flags().BoolVarP(&quiet, "quiet", "q", false, "print only disagreements and the summary")
	return cmd
}

func selectCheckers(only string) ([]backends.Checker, error) {
	all := checkers()
	if only == "" {
		return all, nil
	}
	var out []backends.Checker
	known := []string{"ir"}
	for _, c := range all {
		known = append(known, c.Name())
	}
	for _, name := range strings.Split(only, ",") {
		name = strings.TrimSpace(name)
		if name == "ir" || name == "" {
			continue
		}
		found := false
		for _, c := range all {
			if c.Name() == name {
				out = append(out, c)
				found = true
			}
		}
		if !found {
			return nil, fmt.Errorf("unknown target %q in --only: this build has %s", name, strings.Join(known, ", "))
		}
	}
	return out, nil
}

// notRun reports every test of rules that failed to load as not run.
func notRun(broken []brokenRule) []testResult {
	var out []testResult
	for _, b := range broken {
		for _, t := range b.rule.Tests {
			out = append(out, testResult{
				Rule: b.rule.ID, Test: t.Name, Expected: t.Expected, Results: map[string]bool{},
				Confidence: t.Confidence, Partial: b.rule.Partial, NotRun: b.err.Error(),
			})
		}
	}
	return out
}

// runTests evaluates every test of every rule with ir.Eval and each checker.
func runTests(reg *schema.Registry, rules []*ir.Rule, cs []backends.Checker) []testResult {
	var out []testResult
	var tested []*ir.Rule
	for _, r := range rules {
		if len(r.Tests) > 0 {
			tested = append(tested, r)
		}
	}
	batches := compileBatches(tested, cs)
	defer closeBatches(batches)
	for ri, r := range tested {
		logs := make([]any, len(r.Tests))
		base := len(out)
		for i, t := range r.Tests {
			logs[i] = t.Log
			out = append(out, testResult{
				Rule: r.ID, Test: t.Name, Expected: t.Expected,
				Results:    map[string]bool{"ir": ir.Eval(r.Cond, t.Log)},
				Confidence: t.Confidence, Partial: r.Partial,
				Misfit: logMisfit(reg, r, t.Log),
			})
		}
		for ci, c := range cs {
			var got []bool
			var err error
			if b := batches[ci]; b != nil {
				got, err = evalBatch(c, b, ri, logs)
			} else {
				got, err = evalChecker(c, r, logs)
			}
			for i := range r.Tests {
				res := &out[base+i]
				if err != nil {
					if res.Errors == nil {
						res.Errors = map[string]string{}
					}
					res.Errors[c.Name()] = err.Error()
					continue
				}
				res.Results[c.Name()] = got[i]
			}
		}
	}
	return out
}

// batchResult is a BatchChecker's CompileAll outcome: a batch, or one error
// for every rule.
type batchResult struct {
	batch *backends.Batch
	err   error
}

// compileBatches prepares every rule at once for the checkers that offer it;
// the result has one entry per checker, nil for the others.
func compileBatches(rules []*ir.Rule, cs []backends.Checker) []*batchResult {
	out := make([]*batchResult, len(cs))
	for i, c := range cs {
		bc, ok := c.(backends.BatchChecker)
		if !ok || len(rules) == 0 {
			continue
		}
		res := &batchResult{}
		func() {
			defer func() {
				if p := recover(); p != nil {
					res.err = fmt.Errorf("%s: internal error: %v", c.Name(), p)
				}
			}()
			res.batch, res.err = bc.CompileAll(rules)
		}()
		if res.err == nil && (len(res.batch.Programs) != len(rules) || len(res.batch.Errs) != len(rules)) {
			res.err = fmt.Errorf("%s: compiled %d programs for %d rules", c.Name(), len(res.batch.Programs), len(rules))
		}
		out[i] = res
	}
	return out
}

func closeBatches(bs []*batchResult) {
	for _, b := range bs {
		if b != nil && b.batch != nil && b.batch.Close != nil {
			b.batch.Close()
		}
	}
}

func evalBatch(c backends.Checker, b *batchResult, i int, logs []any) (res []bool, err error) {
	if b.err != nil {
		return nil, b.err
	}
	if b.batch.Errs[i] != nil {
		return nil, b.batch.Errs[i]
	}
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%s: internal error: %v", c.Name(), p)
		}
	}()
	res, err = b.batch.Programs[i].Eval(logs)
	if err == nil && len(res) != len(logs) {
		err = fmt.Errorf("%s: returned %d results for %d logs", c.Name(), len(res), len(logs))
	}
	return res, err
}

func evalChecker(c backends.Checker, r *ir.Rule, logs []any) (res []bool, err error) {
	// A backend bug must not take the whole run down; report it as that
	// backend's error for the rule.
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%s: internal error: %v", c.Name(), p)
		}
	}()
	prog, err := c.Compile(r)
	if err != nil {
		return nil, err
	}
	res, err = prog.Eval(logs)
	if err == nil && len(res) != len(logs) {
		err = fmt.Errorf("%s: returned %d results for %d logs", c.Name(), len(res), len(logs))
	}
	return res, err
}

func printTestTable(s *streams, results []testResult, cs []backends.Checker, quiet bool) {
	names := []string{"ir"}
	for _, c := range cs {
		names = append(names, c.Name())
	}
	tw := tabwriter.NewWriter(s.out, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "STATUS\tRULE\tTEST\tEXPECTED\t%s\tNOTE\n", strings.ToUpper(strings.Join(names, "\t")))
	agree, fail, xfail, notRun, misfit, misfitDisagree := 0, 0, 0, 0, 0, 0
	errCount := map[string]int{}
	for i := range results {
		r := &results[i]
		status := "ok"
		if r.Misfit != "" {
			misfit++
		}
		switch {
		case r.NotRun != "":
			status = "ERROR"
			notRun++
		case r.agrees():
			agree++
		case r.binding():
			status = "FAIL"
			fail++
		case r.Misfit != "" && !r.Partial && r.Confidence != ir.ConfidenceLow:
			status = "misfit"
			misfitDisagree++
		default:
			status = "xfail"
			xfail++
		}
		var notes []string
		if r.NotRun != "" {
			notes = append(notes, "not run: "+r.NotRun)
		}
		if r.Partial {
			notes = append(notes, "partial rule")
		}
		if r.Confidence == ir.ConfidenceLow {
			notes = append(notes, "low-confidence log")
		}
		if r.Misfit != "" {
			notes = append(notes, r.Misfit)
		}
		var errNames []string
		for name := range r.Errors {
			errNames = append(errNames, name)
			errCount[name]++
		}
		sort.Strings(errNames)
		if len(errNames) > 0 {
			notes = append(notes, "unsupported: "+strings.Join(errNames, ","))
		}
		if quiet && status == "ok" {
			continue
		}
		cells := []string{status, r.Rule, r.Test, fmt.Sprint(r.Expected)}
		for _, n := range names {
			if v, ok := r.Results[n]; ok {
				cells = append(cells, fmt.Sprint(v))
			} else {
				cells = append(cells, "-")
			}
		}
		cells = append(cells, strings.Join(notes, "; "))
		fmt.Fprintln(tw, strings.Join(cells, "\t"))
	}
	tw.Flush()
	fmt.Fprintf(s.out, "%d tests: %d agree, %d disagree, %d expected mismatches (partial rules or low-confidence logs)\n",
		len(results), agree, fail, xfail)
	if misfit > 0 {
		fmt.Fprintf(s.out, "%d tests have logs that do not fit their log type's schema (see rulec check); %d of them disagree outside ir (status misfit, not failures)\n", misfit, misfitDisagree)
	}
	if notRun > 0 {
		fmt.Fprintf(s.out, "%d tests not run: their rules failed to load (see the errors above)\n", notRun)
	}
	for _, n := range names[1:] {
		if errCount[n] > 0 {
			fmt.Fprintf(s.out, "%s could not run %d tests (see --format json for each error)\n", n, errCount[n])
		}
	}
}
