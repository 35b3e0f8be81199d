package sigma

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/netip"
	"regexp"
	"strings"
	"testing"

	"github.com/rulec/rulec/ir"
)

// hostile are the pieces random literals and log strings are made of: Sigma's
// wildcards and escape, YAML's quotes and indicators, case pairs (including
// non-ASCII folding), newlines, numbers and booleans' text.
var hostile = []string{
	"*", "?", `\`, `\\`, `\*`, "'", `"`, "\n", "\t", " ", ":", "#", "-", "|", "[", "]", "{", "}",
	"a", "A", "b", "é", "É", "ß", "ẞ", "k", "K", "\u212a", "İ", "ı", "日本",
	"403", "0", "-0", "4.5", "true", "false", "null", "~", "%x%", "&a", "!tag", "---", "\u2028",
}

func randText(rng *rand.Rand, maxParts int) string {
	var b strings.Builder
	for i := rng.IntN(maxParts + 1); i > 0; i-- {
		b.WriteString(hostile[rng.IntN(len(hostile))])
	}
	return b.String()
}

// randString picks a literal, sometimes a whole number or boolean text.
func randString(rng *rand.Rand) string {
	switch rng.IntN(8) {
	case 0:
		return []string{"403", "0", "-0", "-7", "4.5", "0.1", "true", "false", "", "1e3", "0403"}[rng.IntN(11)]
	}
	return randText(rng, 4)
}

var propFields = []string{"a", "b.c", "arr", "@t$:-x"}

// randPred builds a predicate with hostile operands, as the parser would.
func randPred(rng *rand.Rand) ir.Expr {
	p := &ir.Pred{Field: ir.ParsePath(propFields[rng.IntN(len(propFields))]), At: ir.Pos{Line: 1, Col: 1}}
	s := randString(rng)
	switch rng.IntN(11) {
	case 0:
		p.Op, p.Args = ir.OpEq, []ir.Value{ir.String(s)}
	case 1:
		p.Op = ir.OpIn
		for i := rng.IntN(3) + 1; i > 0; i-- {
			p.Args = append(p.Args, ir.String(randString(rng)))
		}
	case 2:
		p.Op, p.Args = ir.OpContains, []ir.Value{ir.String(s)}
	case 3:
		p.Op, p.Args = ir.OpStartsWith, []ir.Value{ir.String(s)}
	case 4:
		p.Op, p.Args = ir.OpEndsWith, []ir.Value{ir.String(s)}
	case 5:
		g, err := ir.ParseGlob(s)
		if err != nil {
			g, _ = ir.ParseGlob("[*]")
		}
		if rng.IntN(3) == 0 {
			g, _ = ir.ParseGlob("*[a-c]?" + strings.NewReplacer("[", "", "]", "").Replace(s))
		}
		p.Op, p.Args, p.Glob = ir.OpWildcard, []ir.Value{ir.String(g.Source)}, g
	case 6:
		src := regexp.QuoteMeta(s)
		if rng.IntN(2) == 0 {
			src = "(?i)" + src
		}
		p.Op, p.Args, p.Re = ir.OpRegex, []ir.Value{ir.String(src)}, regexp.MustCompile(src)
	case 7:
		n := []string{"403", "-1", "4.5", "0"}[rng.IntN(4)]
		p.Op = []ir.Op{ir.OpGt, ir.OpGte, ir.OpLt, ir.OpLte}[rng.IntN(4)]
		if rng.IntN(2) == 0 {
			p.Args = []ir.Value{ir.String(n)}
		} else {
			num, _ := ir.NewNumber(n)
			p.Args = []ir.Value{num}
		}
	case 8:
		p.Op = ir.OpCIDR
		net := []string{"10.0.0.0/8", "2001:db8::/32", "192.168.1.0/24"}[rng.IntN(3)]
		p.Args, p.Net = []ir.Value{ir.String(net)}, netip.MustParsePrefix(net).Masked()
	case 9:
		p.Op = ir.OpIsNull
	default:
		p.Op, p.Args = ir.OpEq, []ir.Value{ir.Bool(rng.IntN(2) == 0)}
	}
	return p
}

func randExpr(rng *rand.Rand, depth int) ir.Expr {
	if depth == 0 || rng.IntN(3) == 0 {
		x := randPred(rng)
		if rng.IntN(4) == 0 {
			return &ir.Not{X: x, Form: ir.NotInfix}
		}
		return x
	}
	var xs []ir.Expr
	for i := rng.IntN(3) + 1; i > 0; i-- {
		xs = append(xs, randExpr(rng, depth-1))
	}
	switch rng.IntN(3) {
	case 0:
		return &ir.And{Xs: xs}
	case 1:
		return &ir.Or{Xs: xs}
	}
	return &ir.Not{X: &ir.Or{Xs: xs}}
}

// randValue builds a log value: hostile strings (often a case variant or a
// piece of a literal), numbers as JSON numbers, booleans, null, empties,
// arrays and objects.
func randValue(rng *rand.Rand, lits []string, depth int) any {
	switch rng.IntN(12) {
	case 0, 1, 2:
		if len(lits) > 0 {
			s := lits[rng.IntN(len(lits))]
			switch rng.IntN(4) {
			case 0:
				return strings.ToUpper(s)
			case 1:
				return "x" + s + "y"
			}
			return s
		}
		return randText(rng, 3)
	case 3:
		return randText(rng, 3)
	case 4:
		return json.Number([]string{"403", "403.0", "0", "-0", "-7", "4.5", "0.1", "1e3", "-1"}[rng.IntN(9)])
	case 5:
		return rng.IntN(2) == 0
	case 6:
		return nil
	case 7:
		return []string{"", "10.1.2.3", "2001:db8::1", "192.168.1.7", "::ffff:10.0.0.1"}[rng.IntN(5)]
	case 8:
		if depth > 0 {
			var arr []any
			for i := rng.IntN(3); i > 0; i-- {
				arr = append(arr, randValue(rng, lits, depth-1))
			}
			return arr
		}
		return []any{}
	case 9:
		if depth > 0 {
			return map[string]any{"c": randValue(rng, lits, depth-1)}
		}
		return map[string]any{}
	case 10:
		return map[string]any{}
	}
	return ""
}

func randLog(rng *rand.Rand, lits []string) any {
	m := map[string]any{}
	for _, f := range []string{"a", "b", "arr", "@t$:-x"} {
		if rng.IntN(5) == 0 {
			continue
		}
		v := randValue(rng, lits, 2)
		if f == "b" && rng.IntN(2) == 0 {
			v = map[string]any{"c": randValue(rng, lits, 2)}
		}
		if f == "arr" && rng.IntN(2) == 0 {
			v = []any{randValue(rng, lits, 1), randValue(rng, lits, 1), map[string]any{}}
		}
		m[f] = v
	}
	return m
}

func literals(e ir.Expr) []string {
	var out []string
	for _, p := range ir.Preds(e) {
		for _, a := range p.Args {
			out = append(out, a.Text())
		}
	}
	return out
}

// expectedUnsupported reports whether an unsupported error is one the
// package documents.
func expectedUnsupported(err error) bool {
	var l ir.ErrorList
	if !errors.As(err, &l) {
		return false
	}
	for _, e := range l {
		if e.Code != ir.CodeUnsupported {
			return false
		}
		documented := false
		for _, reason := range []string{"the unquoted number", "the numeric string", "Sigma's boolean also matches",
			"all (Sigma has no", "any over several predicates", "negation inside any", "is_null inside any",
			"with field()", "fold this character differently", "wildcard~ with a character class", "a control character in",
			"differs from is_null where the field holds several values"} {
			documented = documented || strings.Contains(e.Msg, reason)
		}
		if !documented {
			return false
		}
	}
	return true
}

// TestHostileValues sends random conditions with hostile literals through
// emit → read back → evaluate (Sigma semantics) and emit → read back → IR,
// comparing both with ir.Eval on random logs.
func TestHostileValues(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	converted, unsupported, logs := 0, 0, 0
	for i := 0; i < 2000; i++ {
		cond := randExpr(rng, 3)
		r := &ir.Rule{ID: fmt.Sprintf("Prop.%d", i), Title: "property", Cond: cond, At: ir.Pos{Line: 1, Col: 1}}
		data, err := Convert(r, Options{})
		if err != nil {
			if !expectedUnsupported(err) {
				t.Fatalf("case %d: %v\n%s", i, err, ir.Format(cond))
			}
			unsupported++
			continue
		}
		converted++
		if i%10 == 0 {
			validateSigma(t, r.ID, data)
		}
		docs, errs := Parse("prop.yml", data)
		if errs.Err() != nil {
			t.Fatalf("case %d: reading back: %v\n%s", i, errs.Err(), data)
		}
		back, errs := ToIR("prop.yml", docs)
		if errs.Err() != nil {
			t.Fatalf("case %d: lowering: %v\n%s", i, errs.Err(), data)
		}
		// The case-insensitive form: the evaluator and the lowering to IR
		// (case-insensitive regular expressions) must agree with each other.
		idata, err := Convert(r, Options{Case: CaseInsensitive})
		if err != nil {
			t.Fatal(err)
		}
		idocs, errs := Parse("prop-i.yml", idata)
		if errs.Err() != nil {
			t.Fatalf("case %d: reading back: %v\n%s", i, errs.Err(), idata)
		}
		iback, errs := ToIR("prop-i.yml", idocs)
		if errs.Err() != nil {
			t.Fatalf("case %d: lowering: %v\n%s", i, errs.Err(), idata)
		}
		lits := literals(cond)
		for j := 0; j < 30; j++ {
			log := randLog(rng, lits)
			logs++
			want := ir.Eval(cond, log)
			got, err := docs[0].Detection.Match(log)
			if err != nil {
				t.Fatal(err)
			}
			if got != want {
				js, _ := json.Marshal(log)
				t.Fatalf("case %d: sigma %v, ir %v\ncondition: %s\nlog: %s\n%s", i, got, want, ir.Format(cond), js, data)
			}
			igot, _ := idocs[0].Detection.Match(log)
			if ib := ir.Eval(iback[0].Cond, log); ib != igot {
				js, _ := json.Marshal(log)
				t.Fatalf("case %d: insensitive: sigma %v, lowered %v\nback: %s\nlog: %s\n%s", i, igot, ib, ir.Format(iback[0].Cond), js, idata)
			}
			if rt := ir.Eval(back[0].Cond, log); rt != want {
				js, _ := json.Marshal(log)
				t.Fatalf("case %d: round trip %v, ir %v\ncondition: %s\nback: %s\nlog: %s\n%s", i, rt, want, ir.Format(cond), ir.Format(back[0].Cond), js, data)
			}
		}
	}
	t.Logf("%d conditions converted (%d documented unsupported), %d logs compared", converted, unsupported, logs)
	if converted < 1000 {
		t.Errorf("only %d conditions converted", converted)
	}
}
