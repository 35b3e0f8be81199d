package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/rulec/rulec/internal/testutil"
)

// sigmaHQFloors are the least numbers of SigmaHQ corpus rules each target
// must convert; raise them as backends learn more, never lower them.
var sigmaHQFloors = []struct {
	name string
	args []string
	min  int
}{
	{"ir", []string{"--to", "ir"}, 382},
	{"sigma", []string{"--to", "sigma"}, 382},
	{"athena", []string{"--to", "athena"}, 381},
	{"elastic (kibana-ndjson: KQL or EQL)", []string{"--to", "kql", "--format", "kibana-ndjson"}, 359},
	{"go", []string{"--to", "go"}, 382},
}

var quoted = regexp.MustCompile(`"[^"]*"`)

// TestSigmaHQCorpus reads every SigmaHQ rule of the shared corpus: each
// reads, or fails with positioned errors only (file:line:col: sigma: ...,
// naming the construct). Then it converts the rules to every target and
// checks the counts against sigmaHQFloors, logging the refusals grouped by
// construct.
func TestSigmaHQCorpus(t *testing.T) {
	dir := testutil.Shared(t, "corpus/sigmahq/rules")
	var files []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".yml") {
			files = append(files, p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(files)
	if len(files) < 389 {
		t.Fatalf("only %d SigmaHQ rules under %s", len(files), dir)
	}
	for _, target := range sigmaHQFloors {
		converted := 0
		groups := map[string]int{}
		for _, f := range files {
			code, stderr, panicked := convertRecovering(t, append(append([]string{"convert"}, target.args...), f)...)
			if code == 0 {
				converted++
				continue
			}
			if panicked != "" {
				groups["panic: "+panicked]++
				continue
			}
			for _, line := range strings.Split(strings.TrimSpace(stderr), "\n") {
				rest, ok := strings.CutPrefix(line, f+":")
				if !ok || !positioned.MatchString(rest) {
					t.Errorf("%s: %s: error without a position: %q", target.name, f, line)
					continue
				}
				msg := positioned.ReplaceAllString(rest, "")
				msg = regexp.MustCompile(`^rule [^:]+: `).ReplaceAllString(msg, "")
				groups[quoted.ReplaceAllString(msg, `"…"`)]++
			}
		}
		var lines []string
		for msg, n := range groups {
			lines = append(lines, fmt.Sprintf("%4d %s", n, msg))
		}
		sort.Strings(lines)
		t.Logf("%s: %d of %d SigmaHQ rules convert; refusals by construct:\n%s", target.name, converted, len(files), strings.Join(lines, "\n"))
		if target.name == "ir" {
			for msg := range groups {
				if !strings.HasPrefix(msg, "sigma: ") || !strings.Contains(msg, "not supported") && !strings.Contains(msg, "refuses") && !strings.Contains(msg, "not defined") {
					t.Errorf("reading: %q does not name an unsupported construct", msg)
				}
			}
		}
		if converted < target.min {
			t.Errorf("%s converts %d SigmaHQ rules, fewer than the floor %d", target.name, converted, target.min)
		}
	}
}

var positioned = regexp.MustCompile(`^[0-9]+:[0-9]+: `)

// convertRecovering runs the CLI, turning a backend panic into a result so
// that one target's bug does not hide the others' counts.
func convertRecovering(t *testing.T, args ...string) (code int, stderr string, panicked string) {
	defer func() {
		if r := recover(); r != nil {
			code, panicked = 1, fmt.Sprint(r)
		}
	}()
	code, _, stderr = run(t, args...)
	return code, stderr, ""
}
