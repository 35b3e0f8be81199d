package golang

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/rulec/rulec/backends"
	"github.com/rulec/rulec/ir"
	"github.com/rulec/rulec/match"
)

// Checker is the go target of `rulec test`: it generates one package for all
// rules, builds it with a small harness in a scratch module using the local Go
// toolchain, and runs the harness on the logs. Besides each rule's own
// function, the harness runs the package's dispatching Match and reports an
// error when the two disagree.
type Checker struct{}

// Name implements backends.Checker.
func (Checker) Name() string { return "go" }

// Compile builds a package for one rule; CompileAll shares one build.
func (c Checker) Compile(r *ir.Rule) (backends.Program, error) {
	b, err := c.CompileAll([]*ir.Rule{r})
	if err != nil {
		return nil, err
	}
	if b.Errs[0] != nil {
		return nil, b.Errs[0]
	}
	// The program lives as long as the process; its scratch module is
	// small and under the system temporary directory.
	return b.Programs[0], nil
}

// ErrNoToolchain is returned when no go command is on PATH.
var ErrNoToolchain = errors.New("go: building the generated matchers needs a Go toolchain, and no go command is on PATH (install Go, or leave this target out with rulec test --only)")

// CompileAll implements backends.BatchChecker.
func (Checker) CompileAll(rules []*ir.Rule) (*backends.Batch, error) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		return nil, ErrNoToolchain
	}
	files, err := Generate(rules, Options{Package: "generated"})
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "rulec-go-*")
	if err != nil {
		return nil, err
	}
	cleanup := func() error { return os.RemoveAll(dir) }
	bin, err := buildHarness(goTool, dir, files)
	if err != nil {
		cleanup()
		return nil, err
	}
	// The generated registry is in plan order; map each rule to its index.
	plan := NewPlan(rules)
	index := map[*ir.Rule]int{}
	for i, r := range plan.Rules {
		index[r] = i
	}
	b := &backends.Batch{Programs: make([]backends.Program, len(rules)), Errs: make([]error, len(rules)), Close: cleanup}
	for i, r := range rules {
		b.Programs[i] = &program{bin: bin, index: index[r], rule: r}
	}
	return b, nil
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
		hits = generated.Match(ev, hits[:0])
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

// buildHarness lays out a scratch module holding the runtime (from its
// embedded source), the generated package and the harness, and builds it.
func buildHarness(goTool, dir string, files []backends.File) (string, error) {
	write := func(rel string, data []byte) error {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		return os.WriteFile(p, data, 0o644)
	}
	if err := write("go.mod", []byte("module github.com/rulec/rulec\n\ngo 1.22\n")); err != nil {
		return "", err
	}
	err := fs.WalkDir(match.Source, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(path, "_test.go") {
			return err
		}
		data, err := match.Source.ReadFile(path)
		if err != nil {
			return err
		}
		return write("match/"+path, data)
	})
	if err != nil {
		return "", err
	}
	for _, f := range files {
		if err := write("gen/generated/"+f.Name, f.Data); err != nil {
			return "", err
		}
	}
	if err := write("harness/main.go", []byte(harnessMain)); err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "harness.bin")
	cmd := exec.Command(goTool, "build", "-o", bin, "./harness")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod", "GOTOOLCHAIN=local", "GOPROXY=off", "CGO_ENABLED=0", "GO111MODULE=on")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("go: building the generated matchers failed: %v\n%s", err, out.String())
	}
	return bin, nil
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
		b, err := json.Marshal(l)
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
