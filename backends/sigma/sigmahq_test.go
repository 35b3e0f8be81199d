package sigma

import (
	"encoding/json"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/rulec/rulec/internal/testutil"
	"github.com/rulec/rulec/ir"
)

// TestSigmaHQReadAgreesWithEvaluator reads every SigmaHQ rule of the shared
// corpus and compares, on random events built from each rule's own fields
// and literals (case variants, numbers as JSON numbers, arrays, empties),
// the Sigma evaluator on the parsed rule with ir.Eval on the IR it reads
// into: the reader keeps the meaning of real content.
func TestSigmaHQReadAgreesWithEvaluator(t *testing.T) {
	dir := testutil.Shared(t, "corpus/sigmahq/rules")
	var files []string
	if err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".yml") {
			files = append(files, p)
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	sort.Strings(files)
	rng := rand.New(rand.NewPCG(11, 389))
	rules, events, matched := 0, 0, 0
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		docs, errs := Parse(f, src)
		if errs.Err() != nil {
			continue
		}
		read, errs := ToIR(f, docs)
		if errs.Err() != nil || len(read) != 1 {
			continue
		}
		r := read[0]
		rules++
		var lits []string
		for _, p := range ir.Preds(r.Cond) {
			for _, a := range p.Args {
				lits = append(lits, a.Text())
			}
		}
		fields := ir.Fields(r.Cond)
		for i := 0; i < 60; i++ {
			ev := map[string]any{}
			for _, p := range fields {
				if rng.IntN(4) == 0 {
					continue
				}
				v := randValue(rng, lits, 1)
				if s, ok := v.(string); ok && rng.IntN(3) == 0 {
					v = foldHostile.Replace(s)
				}
				put(ev, p.Segs, v)
			}
			// Round-trip through JSON, as logs arrive.
			data, _ := json.Marshal(ev)
			dec := json.NewDecoder(strings.NewReader(string(data)))
			dec.UseNumber()
			var v any
			if err := dec.Decode(&v); err != nil {
				t.Fatal(err)
			}
			want, err := docs[0].Detection.Match(v)
			if err != nil {
				t.Fatal(err)
			}
			events++
			if want {
				matched++
			}
			if got := ir.Eval(r.Cond, v); got != want {
				t.Errorf("%s: ir %v, sigma %v on %s\n%s", f, got, want, data, ir.Format(r.Cond))
				break
			}
		}
	}
	t.Logf("%d SigmaHQ rules read, %d events compared (%d match)", rules, events, matched)
	if rules < 380 || matched < 100 {
		t.Errorf("only %d rules read, %d events matched", rules, matched)
	}
}

// foldHostile swaps letters for the characters whose case folding differs
// between Unicode's simple lowercase and simple case folding.
var foldHostile = strings.NewReplacer("s", "ſ", "k", "\u212a", "i", "İ", "S", "ſ", "K", "\u212a", "I", "ı", "σ", "ς")

// put sets a nested member, making objects on the way.
func put(m map[string]any, segs []string, v any) {
	for i, s := range segs {
		if i == len(segs)-1 {
			m[s] = v
			return
		}
		next, ok := m[s].(map[string]any)
		if !ok {
			next = map[string]any{}
			m[s] = next
		}
		m = next
	}
}
