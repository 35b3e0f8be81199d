package sigma

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/rulec/rulec/internal/testutil"
	"github.com/rulec/rulec/ir"
)

// sigmaCheckAllowed are the pySigma validator issues that exact semantics
// require, reported by sigma-check without failing. Each is named with its
// reason in the README's Sigma section.
var sigmaCheckAllowed = []string{
	// A literal "*" or "?" in a value must be escaped, or it would be a
	// wildcard; the validator asks to make sure the escape is intended.
	"EscapedWildcardIssue",
}

// sigmaCheckPythonDeps is the import line of the Debian packages sigma-check
// needs (its README; `make sigma-deps` installs them).
const sigmaCheckPythonDeps = "import yaml, pyparsing, packaging, jsonschema, diskcache, typing_extensions, requests, jinja2"

// sigmaCheckTool returns the sigma-check script of ../shared/tools. The test
// skips when ../shared is absent, and when the Python packages are missing
// outside CI; under CI=true missing packages fail it (make test installs
// them).
func sigmaCheckTool(t *testing.T) string {
	t.Helper()
	tool := testutil.Shared(t, filepath.Join("tools", "sigma-check", "sigma-check"))
	if out, err := exec.Command("/usr/bin/python3", "-c", sigmaCheckPythonDeps).CombinedOutput(); err != nil {
		msg := "sigma-check needs /usr/bin/python3 with Debian's python3-yaml python3-pyparsing python3-packaging python3-jsonschema python3-diskcache python3-typing-extensions python3-requests python3-jinja2 (make sigma-deps installs them): " + strings.TrimSpace(string(out))
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return tool
}

// sigmaCheckResult is what sigma-check said about a set of emitted files.
type sigmaCheckResult struct {
	files, ok int
	failures  []string // "FILE: FAIL" followed by its findings
	allowed   map[string]int
	// findings holds each file's failing findings ("[source severity]
	// Issue: description"), by file name.
	findings map[string][]string
}

// runSigmaCheck writes each emitted rule into a temporary directory and
// lints them all with sigma-check, allowing only sigmaCheckAllowed.
func runSigmaCheck(t *testing.T, tool string, files map[string][]byte) sigmaCheckResult {
	t.Helper()
	dir := t.TempDir()
	var names []string
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
		names = append(names, name)
	}
	sort.Strings(names)
	res := sigmaCheckResult{files: len(names), allowed: map[string]int{}, findings: map[string][]string{}}
	// Batches keep the command line short and run two at a time (the
	// Python linter is single-threaded).
	var batches [][]string
	for len(names) > 0 {
		n := min(len(names), 100)
		batches, names = append(batches, names[:n]), names[n:]
	}
	outs := make([][]byte, len(batches))
	errs := make([]error, len(batches))
	var wg sync.WaitGroup
	sem := make(chan struct{}, 2)
	for i, batch := range batches {
		args := []string{}
		for _, a := range sigmaCheckAllowed {
			args = append(args, "--allow", a)
		}
		for _, name := range batch {
			args = append(args, filepath.Join(dir, name))
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			outs[i], errs[i] = exec.Command(tool, args...).Output()
		}()
	}
	wg.Wait()
	for i, out := range outs {
		err := errs[i]
		if ee, ok := err.(*exec.ExitError); err != nil && (!ok || ee.ExitCode() != 1) {
			t.Fatalf("sigma-check: %v\n%s%s", err, out, stderrOf(err))
		}
		var cur *string
		curFile := ""
		sc := bufio.NewScanner(bytes.NewReader(out))
		for sc.Scan() {
			line := strings.ReplaceAll(sc.Text(), dir+string(filepath.Separator), "")
			switch {
			case strings.HasPrefix(line, "  "):
				if cur != nil {
					*cur += "\n" + line
				}
				if !strings.Contains(line, "(ignored") {
					res.findings[curFile] = append(res.findings[curFile], strings.TrimSpace(line))
				}
				if i := strings.Index(line, "(ignored: allowed)] "); i >= 0 {
					issue, _, _ := strings.Cut(line[i+len("(ignored: allowed)] "):], ":")
					res.allowed[issue]++
				}
			case strings.HasSuffix(line, ": ok"):
				res.ok++
				cur = nil
			default:
				label, _, _ := strings.Cut(line, ": ")
				curFile, _, _ = strings.Cut(label, "#")
				res.failures = append(res.failures, line)
				cur = &res.failures[len(res.failures)-1]
			}
		}
	}
	return res
}

func stderrOf(err error) string {
	if ee, ok := err.(*exec.ExitError); ok {
		return string(ee.Stderr)
	}
	return ""
}

// sigmaCheckRules converts rules (skipping the unsupported ones), lints the
// output and fails on every finding sigma-check reports.
func sigmaCheckRules(t *testing.T, tool string, rules []*ir.Rule) {
	t.Helper()
	files := map[string][]byte{}
	unsupported := 0
	for _, r := range rules {
		data, err := Convert(r, Options{})
		if err != nil {
			unsupported++
			continue
		}
		name := ruleName(r) + ".yml"
		if _, dup := files[name]; dup {
			name = filepath.Base(filepath.Dir(r.File)) + "." + name
		}
		files[name] = data
	}
	res := runSigmaCheck(t, tool, files)
	t.Logf("%d rules, %d unsupported, %d emitted files: %d documents ok, %d failing; allowed issues %v",
		len(rules), unsupported, res.files, res.ok, len(res.failures), res.allowed)
	for _, f := range res.failures {
		t.Error(f)
	}
	if res.ok == 0 {
		t.Error("sigma-check passed no document")
	}
}

// TestSigmaCheckBundled lints the Sigma output of rules/ and of the edge
// cases with sigma-check (the official schemas, pySigma's parser and every
// pySigma validator): no finding is allowed but those of sigmaCheckAllowed.
func TestSigmaCheckBundled(t *testing.T) {
	t.Parallel()
	tool := sigmaCheckTool(t)
	cases, err := filepath.Glob(filepath.Join("testdata", "cases", "Case.*.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var inputs []string
	for _, f := range cases {
		if !strings.HasSuffix(f, ".sigma.yml") {
			inputs = append(inputs, f)
		}
	}
	rules := testutil.LoadRules(t, append([]string{testutil.BundledRules()}, inputs...)...)
	sigmaCheckRules(t, tool, rules)
}

// TestSigmaCheckCorpus lints the Sigma output of the shared catalog pages
// (seeds, panther, panther-v2) the same way.
func TestSigmaCheckCorpus(t *testing.T) {
	t.Parallel()
	tool := sigmaCheckTool(t)
	seeds := testutil.Shared(t, "seeds")
	corpus := testutil.Shared(t, "corpus/panther")
	v2 := testutil.Shared(t, "corpus/panther-v2")
	sigmaCheckRules(t, tool, testutil.LoadRules(t, seeds, corpus, v2))
}

// TestSigmaCheckSigmaHQ reads SigmaHQ's rules (../shared/corpus/sigmahq),
// re-emits those that read, and lints the output the same way. A finding
// that sigma-check also reports on the input rule itself is inherited, not
// introduced by rulec (SigmaHQ tags ATT&CK v19's tactics attack.stealth and
// attack.defense-impairment, which sigma-check's offline ATT&CK list
// predates): those are counted and logged; every other finding fails.
func TestSigmaCheckSigmaHQ(t *testing.T) {
	t.Parallel()
	tool := sigmaCheckTool(t)
	dir := testutil.Shared(t, filepath.Join("corpus", "sigmahq", "rules"))
	emitted := map[string][]byte{}
	inputs := map[string][]byte{} // by the emitted file's name
	files, unread, unsupported := 0, 0, 0
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".yml") {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		files++
		rs, errs := ReadFile(path, src)
		if errs.Err() != nil {
			unread++
			return nil
		}
		for _, r := range rs {
			data, err := Convert(r, Options{})
			if err != nil {
				unsupported++
				continue
			}
			name := ruleName(r) + ".yml"
			emitted[name], inputs[name] = data, src
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	out := runSigmaCheck(t, tool, emitted)
	in := runSigmaCheck(t, tool, inputs)
	inherited := map[string]int{}
	introduced := 0
	for name, fs := range out.findings {
		had := map[string]bool{}
		for _, f := range in.findings[name] {
			had[f] = true
		}
		for _, f := range fs {
			if had[f] {
				issue, _, _ := strings.Cut(f, ": ")
				inherited[issue]++
				continue
			}
			introduced++
			t.Errorf("%s: %s (not reported on the input rule)", name, f)
		}
	}
	t.Logf("%d SigmaHQ files: %d do not read, %d rules unsupported, %d emitted: %d documents ok, %d with findings; findings the input rules have too: %v; introduced: %d",
		files, unread, unsupported, out.files, out.ok, len(out.failures), inherited, introduced)
	if out.ok == 0 {
		t.Error("sigma-check passed no document")
	}
}
