package difftest_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/rulec/rulec/internal/cli"
	"github.com/rulec/rulec/internal/difftest"
	"github.com/rulec/rulec/ir"
	"github.com/rulec/rulec/parser"
)

// deepTexts are conditions nested depth levels in every way the grammar
// nests: parentheses, not chains, and both interleaved.
func deepTexts(depth int) map[string]string {
	return map[string]string{
		"parens":     strings.Repeat("(", depth) + `a eq "x"` + strings.Repeat(")", depth),
		"nots":       strings.Repeat("not ", depth) + `a eq "x"`,
		"not-parens": strings.Repeat("not (", depth) + `a eq "x"` + strings.Repeat(")", depth),
		"or-chain":   strings.Repeat(`(a eq "x" or `, depth) + `b eq "y"` + strings.Repeat(")", depth),
		"unclosed":   strings.Repeat("(", depth) + `a eq "x"`,
	}
}

// TestDeepNestingIsAnError: a condition nested 1,000 (and 100,000) levels
// deep is a positioned syntax error, not a stack overflow, in the condition
// parser and in the page reader.
func TestDeepNestingIsAnError(t *testing.T) {
	for _, depth := range []int{1000, 100000} {
		for name, text := range deepTexts(depth) {
			t.Run(fmt.Sprintf("%s-%d", name, depth), func(t *testing.T) {
				e, errs := parser.ParseConditionText(text, ir.Pos{Line: 3, Col: 1}, parser.ConditionOptions{File: "deep.txt"})
				if len(errs) == 0 {
					t.Fatalf("no error, parsed %d predicates", len(ir.Preds(e)))
				}
				err := errs[0]
				if err.Code != ir.CodeSyntax || err.Pos.Line != 3 || err.Pos.Col < 1 {
					t.Errorf("error %q (code %s), want a syntax error on line 3", err, err.Code)
				}
				if !strings.HasPrefix(err.Error(), "deep.txt:3:") || strings.Contains(err.Error(), "\n") {
					t.Errorf("error %q is not one file:line:col line", err)
				}
				if name != "unclosed" && !strings.Contains(err.Msg, "nests deeper") {
					t.Errorf("error %q does not say the condition nests too deep", err)
				}

				r, perrs := parser.ReadPage("deep.txt", []byte(page(text)))
				if len(perrs.Errors()) == 0 {
					t.Fatalf("page reader: no error, read %v", r.Cond)
				}
				if pe := perrs.Errors()[0]; pe.Code != ir.CodeSyntax || !strings.HasPrefix(pe.Error(), "deep.txt:") {
					t.Errorf("page reader: error %q (code %s), want a positioned syntax error", pe, pe.Code)
				}
			})
		}
	}
}

// page wraps a condition in a minimal catalog page.
func page(cond string) string {
	return `Detection rules › Panther
Deep Rule
Rule body yaml
AnalysisType: rule
RuleID: "Diff.Deep"
DisplayName: "Deep"
Enabled: true
LogTypes:
- AWS.CloudTrail
Severity: Low
Tests:
- Name: Empty
ExpectedResult: false
Log:
{
"a": "y"
}
Detection logic
Condition
` + cond + "\n"
}

// deepIR nests a predicate depth levels in ir values directly (Not, And and
// Or in turn), the shape no parser gives but a library user can build.
func deepIR(depth int) ir.Expr {
	var e ir.Expr = &ir.Pred{Field: ir.ParsePath("a"), Op: ir.OpEq, Args: []ir.Value{ir.String("x")}}
	other := func() ir.Expr {
		return &ir.Pred{Field: ir.ParsePath("b"), Op: ir.OpIsNull}
	}
	for i := range depth {
		switch i % 3 {
		case 0:
			e = &ir.Not{X: e, Form: ir.NotKeyword}
		case 1:
			e = &ir.And{Xs: []ir.Expr{e, other()}}
		default:
			e = &ir.Or{Xs: []ir.Expr{other(), e}}
		}
	}
	return e
}

// TestDeepIRThroughBackends: a deep condition handed to every checker and
// every converter as ir values either works (and agrees with ir.Eval) or is
// an error; it never panics. Converters get 1,000 levels; checkers, which
// run the output on the target engine (the go target compiles it, slowly
// at that depth), get 128, beyond the deepest tree the parser builds.
func TestDeepIRThroughBackends(t *testing.T) {
	cond := deepIR(128)
	r := difftest.NewRule("Diff.DeepIR", cond)
	events := []any{
		map[string]any{}, map[string]any{"a": "x"}, map[string]any{"a": "x", "b": "y"}, map[string]any{"b": "y"},
	}
	for _, c := range allCheckers()[1:] { // the text form of this tree nests past the parser's limit
		o := difftest.Check(c, r, events)
		switch {
		case o.Err != nil && strings.HasPrefix(o.Err.Error(), "panic:"):
			t.Errorf("%s: %v", c.Name(), o.Err)
		case o.Err != nil:
			t.Logf("%s: error (accepted): %v", c.Name(), firstLine(o.Err.Error()))
		default:
			for i, ev := range events {
				if want := ir.Eval(cond, ev); o.Results[i] != want {
					t.Errorf("%s: event %v: got %v, ir.Eval %v", c.Name(), ev, o.Results[i], want)
				}
			}
		}
	}
	deep := difftest.NewRule("Diff.DeepIR", deepIR(1000))
	for _, conv := range cli.Converters() {
		func() {
			defer func() {
				if p := recover(); p != nil {
					t.Errorf("convert --to %s: panic: %v", conv.Name, p)
				}
			}()
			if _, err := conv.Convert([]*ir.Rule{deep}); err != nil {
				t.Logf("convert --to %s: error (accepted): %v", conv.Name, firstLine(err.Error()))
			}
		}()
	}
}

// bigInList returns `f in [...]` with n values: plain strings, strings that
// need quoting in some target, and numeric strings.
func bigInList(n int) *ir.Pred {
	specials := []string{"'", `"`, `\`, "%", "_", "*", "?", ":", "(", ")", " or ", "`"}
	args := make([]ir.Value, n)
	for i := range args {
		s := fmt.Sprintf("v%04d", i)
		switch i % 7 {
		case 3:
			s += specials[i%len(specials)] + "x"
		case 5:
			s = fmt.Sprint(100000 + i)
		}
		args[i] = ir.String(s)
	}
	return &ir.Pred{Field: ir.ParsePath("f"), Op: ir.OpIn, Args: args}
}

// TestBigInList: a 5,000-value in list converts to every target and every
// checker runs it (the SQL executes, the KQL reads back) with the same
// matches as ir.Eval. A plain in list of strings must not be unsupported.
func TestBigInList(t *testing.T) {
	p := bigInList(5000)
	conds := map[string]ir.Expr{
		"in":     p,
		"not-in": &ir.Not{X: p, Form: ir.NotInfix},
	}
	events := []any{}
	for _, i := range []int{0, 1, 3, 5, 2500, 4998, 4999} {
		events = append(events, map[string]any{"f": p.Args[i].Text(), "g": "y"})
	}
	events = append(events,
		map[string]any{"f": "v5000", "g": "y"},
		map[string]any{"f": json.Number("100005"), "g": "y"},
		map[string]any{"f": []any{"zz", "v4999"}, "g": "y"},
		map[string]any{"g": "y"},
		map[string]any{"f": "V0000", "g": "y"},
	)
	var cases []difftest.Case
	var rules []*ir.Rule
	for _, name := range []string{"in", "not-in"} {
		r := difftest.NewRule("Diff.BigIn."+name, conds[name])
		rules = append(rules, r)
		cases = append(cases, difftest.Case{Rule: r, Events: events})
	}
	var st difftest.Stats
	for _, d := range difftest.RunCases(allCheckers(), cases, &st) {
		t.Errorf("%v", d)
	}
	for checker, c := range st.Per {
		if c.Unsupported > 0 {
			t.Errorf("%s: a 5,000-value in list of strings is reported unsupported", checker)
		}
	}
	for _, conv := range cli.Converters() {
		files, err := conv.Convert(rules)
		if err != nil {
			t.Errorf("convert --to %s: %v", conv.Name, firstLine(err.Error()))
			continue
		}
		size := 0
		for _, f := range files {
			size += len(f.Data)
		}
		// Every value must be in the output, twice.
		if size < 2*5000*5 {
			t.Errorf("convert --to %s: %d bytes for 2 rules of 5,000 values", conv.Name, size)
		}
	}
	t.Logf("%v", st)
}
