package golang

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/rulec/rulec/backends"
	"github.com/rulec/rulec/ir"
	"github.com/rulec/rulec/match"
	"github.com/rulec/rulec/strmatch"
)

// Checker is the go target of `rulec test`: it generates one package for all
// rules, builds it with a small harness in a scratch module using the local Go
// toolchain (once per distinct package: builds are cached), and runs the
// harness on the logs. Besides each rule's own
// function, the harness runs the package's dispatching MatchLogType (for the
// rule's log type) and reports an error when the two disagree.
type Checker struct{}

// Name implements backends.Checker.
func (Checker) Name() string { return "go" }

// Compile checks one rule without a build: it generates the rule's code and
// evaluates that source with an interpreter of the forms the generator
// writes (see interpret). CompileAll builds and runs the real package.
func (c Checker) Compile(r *ir.Rule) (backends.Program, error) {
	return interpret(r)
}

// ErrNoToolchain is returned when no go command is on PATH.
var ErrNoToolchain = errors.New("go: building the generated matchers needs a Go toolchain, and no go command is on PATH (install Go, or leave this target out with rulec test --only)")

// CompileAll implements backends.BatchChecker. Built harnesses are cached
// by the hash of their sources (in the user cache directory), so testing the
// same rules again needs no build, nor a toolchain.
func (Checker) CompileAll(rules []*ir.Rule) (*backends.Batch, error) {
	files, err := Generate(rules, Options{Package: "generated"})
	if err != nil {
		return nil, err
	}
	bin, err := harness(files)
	if err != nil {
		return nil, err
	}
	// The generated registry is in plan order; map each rule to its index.
	plan := NewPlan(rules)
	index := map[*ir.Rule]int{}
	for i, r := range plan.Rules {
		index[r] = i
	}
	b := &backends.Batch{Programs: make([]backends.Program, len(rules)), Errs: make([]error, len(rules))}
	for i, r := range rules {
		b.Programs[i] = &program{bin: bin, index: index[r], rule: r}
	}
	return b, nil
}

// harnessCacheEntries bounds the cache: older harnesses are removed.
const harnessCacheEntries = 32

// harness returns the path of the built harness for the generated files,
// building it when the cache lacks it.
func harness(files []backends.File) (string, error) {
	sources, err := moduleFiles(files)
	if err != nil {
		return "", err
	}
	h := sha256.New()
	for _, f := range sources {
		fmt.Fprintf(h, "%s\x00%d\x00", f.Name, len(f.Data))
		h.Write(f.Data)
	}
	key := hex.EncodeToString(h.Sum(nil))[:32]
	root, err := os.UserCacheDir()
	if err != nil {
		root = os.TempDir()
	}
	root = filepath.Join(root, "rulec", "go-harness")
	bin := filepath.Join(root, key, "harness")
	if _, err := os.Stat(bin); err == nil {
		now := time.Now()
		_ = os.Chtimes(filepath.Join(root, key), now, now)
		return bin, nil
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		return "", ErrNoToolchain
	}
	if err := os.MkdirAll(root, 0o755); err != nil {
		return "", err
	}
	dir, err := os.MkdirTemp(root, "build-*")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(dir)
	if err := buildHarness(goTool, dir, sources); err != nil {
		return "", err
	}
	// Publish atomically: another rulec may be building the same key.
	entry := filepath.Join(dir, "entry")
	if err := os.Mkdir(entry, 0o755); err != nil {
		return "", err
	}
	if err := os.Rename(filepath.Join(dir, "harness.bin"), filepath.Join(entry, "harness")); err != nil {
		return "", err
	}
	if err := os.Rename(entry, filepath.Join(root, key)); err != nil {
		if _, statErr := os.Stat(bin); statErr != nil {
			return "", err
		}
	}
	pruneCache(root)
	return bin, nil
}

// pruneCache keeps the most recently used harnesses.
func pruneCache(root string) {
	entries, err := os.ReadDir(root)
	if err != nil {
		return
	}
	type entry struct {
		name string
		mod  time.Time
	}
	var es []entry
	for _, e := range entries {
		if info, err := e.Info(); err == nil && e.IsDir() && !strings.HasPrefix(e.Name(), "build-") {
			es = append(es, entry{e.Name(), info.ModTime()})
		}
	}
	sort.Slice(es, func(i, j int) bool { return es[i].mod.After(es[j].mod) })
	for i := harnessCacheEntries; i < len(es); i++ {
		os.RemoveAll(filepath.Join(root, es[i].name))
	}
}

const harnessMain = `package main

import (
	"bufio"
	"fmt"
	"os"
	"strconv"

	"github.com/rulec/rulec/gen/generated"
)

// The harness reads one JSON event per line and prints 1 or 0 for the rule
// named by its index, or a line starting with "error".
func main() {
	idx, err := strconv.Atoi(os.Args[1])
	if err != nil || idx < 0 || idx >= len(generated.Rules) {
		fmt.Fprintln(os.Stderr, "harness: bad rule index", os.Args[1])
		os.Exit(2)
	}
	rule := &generated.Rules[idx]
	// The rule's test logs are of its log type, as Panther runs them.
	logType := ""
	if len(rule.LogTypes) > 0 {
		logType = rule.LogTypes[0]
	}
	ev := generated.NewEvent()
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<30)
	out := bufio.NewWriter(os.Stdout)
	var hits []int
	for in.Scan() {
		if err := ev.Reset(in.Bytes()); err != nil {
			fmt.Fprintf(out, "error %v\n", err)
			continue
		}
		got := rule.Match(ev)
		hits = generated.MatchLogType(ev, logType, hits[:0])
		dispatched := false
		for _, h := range hits {
			dispatched = dispatched || h == idx
		}
		switch {
		case dispatched != got:
			fmt.Fprintf(out, "error dispatching Match gives %v, the rule's function %v\n", dispatched, got)
		case got:
			out.WriteString("1\n")
		default:
			out.WriteString("0\n")
		}
	}
	out.Flush()
}
`

// moduleFiles lays out a scratch module: the runtime and the strmatch
// package it imports (from their embedded sources), the generated package
// and the harness.
func moduleFiles(files []backends.File) ([]backends.File, error) {
	out := []backends.File{{Name: "go.mod", Data: []byte("module github.com/rulec/rulec\n\ngo 1.22\n")}}
	for _, pkg := range []struct {
		dir string
		src fs.FS
	}{{"match", match.Source}, {"strmatch", strmatch.Source}} {
		err := fs.WalkDir(pkg.src, ".", func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || strings.HasSuffix(path, "_test.go") {
				return err
			}
			data, err := fs.ReadFile(pkg.src, path)
			if err != nil {
				return err
			}
			out = append(out, backends.File{Name: pkg.dir + "/" + path, Data: data})
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	for _, f := range files {
		out = append(out, backends.File{Name: "gen/generated/" + f.Name, Data: f.Data})
	}
	return append(out, backends.File{Name: "harness/main.go", Data: []byte(harnessMain)}), nil
}

// buildHarness writes the module into dir and builds dir/harness.bin.
func buildHarness(goTool, dir string, files []backends.File) error {
	for _, f := range files {
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			return err
		}
	}
	// No symbol table or DWARF: the harness is never debugged, and linking
	// without them is markedly faster.
	cmd := exec.Command(goTool, "build", "-ldflags=-s -w", "-o", filepath.Join(dir, "harness.bin"), "./harness")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod", "GOTOOLCHAIN=local", "GOPROXY=off", "CGO_ENABLED=0", "GO111MODULE=on")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("go: building the generated matchers failed: %v\n%s", err, out.String())
	}
	return nil
}

type program struct {
	bin   string
	index int
	rule  *ir.Rule
}

// Eval runs the rule's generated function on each log.
func (p *program) Eval(logs []any) ([]bool, error) {
	var in bytes.Buffer
	for i, l := range logs {
		b, err := marshalLog(l)
		if err != nil {
			return nil, fmt.Errorf("go: log %d does not encode as JSON: %v", i+1, err)
		}
		in.Write(b)
		in.WriteByte('\n')
	}
	cmd := exec.Command(p.bin, strconv.Itoa(p.index))
	cmd.Stdin = &in
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go: running the generated matchers: %v %s", err, strings.TrimSpace(stderr.String()))
	}
	var res []bool
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		line := sc.Text()
		switch {
		case line == "1":
			res = append(res, true)
		case line == "0":
			res = append(res, false)
		default:
			return nil, fmt.Errorf("go: rule %s, log %d: %s", p.rule.ID, len(res)+1, strings.TrimPrefix(line, "error "))
		}
	}
	if len(res) != len(logs) {
		return nil, fmt.Errorf("go: the harness answered %d of %d logs", len(res), len(logs))
	}
	return res, nil
}
