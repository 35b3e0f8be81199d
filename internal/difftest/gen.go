package difftest

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/netip"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rulec/rulec/ir"
)

// field is one node of the generator's field vocabulary: a key with, for
// objects, the keys below it. Leaves take any value; inner nodes are objects,
// arrays of objects, or (to hit the edges) scalars and empties.
type field struct {
	key  string
	kids []field
}

// vocabulary is the small set of paths the generator reads and writes, so
// that random conditions and random events meet often. It mixes plain keys,
// nested objects, arrays of objects and the field-name characters the
// language allows (- @ $ : and leading digits).
var vocabulary = []field{
	{key: "a"},
	{key: "b"},
	{key: "n"},
	{key: "ip"},
	{key: "tags"},
	{key: "s", kids: []field{{key: "t"}, {key: "u"}}},
	{key: "objs", kids: []field{{key: "k"}, {key: "v"}}},
	{key: "deep", kids: []field{{key: "x", kids: []field{{key: "y"}}}}},
	{key: "x-y"},
	{key: "@ts"},
	{key: "$k"},
	{key: "k:v"},
	{key: "0lead"},
}

// paths lists every path of the vocabulary, inner nodes included (a
// condition on "s" meets objects).
func paths() [][]string {
	var out [][]string
	var walk func(prefix []string, fs []field)
	walk = func(prefix []string, fs []field) {
		for _, f := range fs {
			p := append(append([]string(nil), prefix...), f.key)
			out = append(out, p)
			walk(p, f.kids)
		}
	}
	walk(nil, vocabulary)
	return out
}

var allPaths = paths()

// stringAtoms are the strings events hold and literals are cut from: case
// pairs, numeric strings that are and are not decimal, the words of the
// language and of SQL, IP addresses, unicode, and characters special to
// some target (LIKE, globs, KQL, YAML, JSON).
var stringAtoms = []string{
	"abc", "ABC", "Abc", "abcabc", "a.c", "a/c", "a*c", "a?c", "a%c", "a_c", "a\\c",
	"a c", " abc", "abc ", "", " ",
	"0403", "403", "403.0", "4e2", "400", "-0", "0", "+1", " 1", "1 ", "1e400", "0x10", "1_000", ".5", "5.",
	"true", "True", "false", "null", "None", "select", "and", "or", "not",
	"10.0.0.1", "10.255.255.255", "11.0.0.1", "192.168.1.7", "::1", "2001:db8::1", "::ffff:10.0.0.1",
	"fe80::1%eth0", "10.0.0.1/8", "010.0.0.1",
	"ß", "SS", "é", "É", "日本語", "🙂", "\u200fabc", "a\u0000b",
	"a\nb", "a\tb", "\"", "'", "`", "*/", "[x]", "{k}", "k:v", "%", "_", "*", "?",
}

// numberAtoms are JSON numbers as the decoder yields them (json.Number keeps
// the digits): ints, floats, exponents, negative zero, huge values.
var numberAtoms = []string{
	"403", "403.0", "4e2", "400", "0", "-0", "1", "-1", "1.5", "-1.5", "0.1",
	"1e21", "9007199254740993", "-400", "1e400",
}

// numberLits are numeric literals of the condition language (decimal text).
var numberLits = []string{
	"403", "403.0", "4e2", "400", "0", "-0", "1", "-1", "1.5", "0.1", ".5", "5.", "+1",
	"1e21", "9007199254740993", "-400", "1E2", "0403",
}

var regexAtoms = []string{
	"^a", "c$", "a.c", "(?i)abc", `\d+`, "^$", "[0-9]{3}", "a|B", `\.`, `^\s`, "é", "^.{3}$", `\bor\b`,
	"(?s)a.b", "a.b", `^\d+(\.\d+)?$`, `[[:upper:]]`, `\x00`, `^[^a]`, "(?i)ß", "日本", "^(abc)+$", `\*`, "%",
}

var cidrAtoms = []string{
	"10.0.0.0/8", "192.168.1.0/24", "0.0.0.0/0", "10.0.0.1/32", "::/0", "2001:db8::/32",
	"::ffff:0:0/96", "fe80::/10", "::1/128", "11.0.0.0/8",
}

// globPieces are the parts random wildcard patterns are built from.
var globPieces = []string{"*", "?", "[a-c]", "[!a]", "[*]", "[?]", "[[]", "[A-Z]", "[0-9]", "[ß]", "[!]]", "[]a]"}

// Generator produces random conditions and events. It is deterministic: the
// same seed gives the same sequence on every platform (math/rand/v2's PCG).
type Generator struct {
	rnd *rand.Rand
	// The palette is a few atoms one case draws most values from, so that
	// conditions and events meet: with the whole atom list, a random eq
	// almost never holds.
	strs, nums, ips []string
	// Direct makes some conditions in shapes the parser never builds (an And
	// directly inside an And, single-child groups), which backends receive
	// when they are handed ir values rather than parsed text.
	Direct bool
	// V2 adds the constructs of language version 2 (the "~" operators) to
	// what Pred draws from.
	V2 bool
	// Paths, when set, replaces the vocabulary Pred draws paths from (a log
	// type's, see SchemaPaths).
	Paths [][]string
}

// NewGenerator returns a generator seeded with seed.
func NewGenerator(seed uint64) *Generator {
	g := &Generator{rnd: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
	g.NewPalette()
	return g
}

var ipAtoms = []string{
	"10.0.0.1", "10.255.255.255", "11.0.0.1", "192.168.1.7", "::1", "2001:db8::1", "::ffff:10.0.0.1",
	"fe80::1%eth0", "10.0.0.1/8", "010.0.0.1", "0.0.0.0", "2001:db9::1", " 10.0.0.1",
}

// NewPalette picks the few atoms the next conditions and events share; call
// it once per case.
func (g *Generator) NewPalette() {
	g.strs = []string{pickFrom(g, stringAtoms), pickFrom(g, stringAtoms), pickFrom(g, stringAtoms)}
	g.nums = []string{pickFrom(g, numberAtoms), pickFrom(g, numberAtoms)}
	g.ips = []string{pickFrom(g, ipAtoms), pickFrom(g, ipAtoms)}
	if g.V2 && g.chance(0.6) {
		// Letters whose case mappings differ between engines.
		g.strs[g.pick(len(g.strs))] = pickFrom(g, foldAtoms)
	}
}

// str draws a string: usually from the palette, sometimes from every atom.
func (g *Generator) str() string {
	if g.chance(0.8) {
		return pickFrom(g, g.strs)
	}
	return pickFrom(g, stringAtoms)
}

func (g *Generator) num() string {
	if g.chance(0.7) {
		return pickFrom(g, g.nums)
	}
	return pickFrom(g, numberAtoms)
}

func (g *Generator) pick(n int) int { return g.rnd.IntN(n) }

func (g *Generator) chance(p float64) bool { return g.rnd.Float64() < p }

func pickFrom[T any](g *Generator, xs []T) T { return xs[g.pick(len(xs))] }

// Condition returns a random condition nested at most depth levels.
func (g *Generator) Condition(depth int) ir.Expr {
	return g.condIn(rootScope(), depth)
}

// condIn is Condition over the paths of sc (the event, or the element of a
// quantifier).
func (g *Generator) condIn(sc scope, depth int) ir.Expr {
	if depth <= 0 || g.chance(0.3) {
		return g.leafCond(sc)
	}
	if g.V2 && sc.hasFields() && g.chance(0.2) {
		return g.quant(sc, depth)
	}
	switch g.pick(5) {
	case 0:
		return &ir.Not{X: g.condIn(sc, depth-1), Form: ir.NotKeyword}
	case 1, 2:
		return g.group(sc, true, depth)
	default:
		return g.group(sc, false, depth)
	}
}

func (g *Generator) group(sc scope, and bool, depth int) ir.Expr {
	n := 2 + g.pick(3)
	if g.Direct && g.chance(0.1) {
		n = 1
	}
	xs := make([]ir.Expr, n)
	for i := range xs {
		xs[i] = g.condIn(sc, depth-1)
	}
	if g.Direct {
		if and {
			return &ir.And{Xs: xs}
		}
		return &ir.Or{Xs: xs}
	}
	if and {
		return ir.NewAnd(ir.Pos{}, xs...)
	}
	return ir.NewOr(ir.Pos{}, xs...)
}

// negated sometimes wraps a predicate in one of the spellings of negation.
func (g *Generator) negated(p *ir.Pred) ir.Expr {
	if !g.chance(0.3) {
		return p
	}
	switch {
	case p.Op == ir.OpEq && g.chance(0.5):
		return &ir.Not{X: p, Form: ir.NotNe}
	case p.Op == ir.OpIsNull && g.chance(0.6):
		return &ir.Not{X: p, Form: ir.NotIsNotNull}
	case g.chance(0.5):
		return &ir.Not{X: p, Form: ir.NotInfix}
	}
	return &ir.Not{X: p, Form: ir.NotKeyword}
}

// Pred returns a random predicate over the vocabulary.
func (g *Generator) Pred() *ir.Pred {
	return g.predIn(rootScope())
}

func (g *Generator) predIn(sc scope) *ir.Pred {
	path := pickFrom(g, sc.paths(g.V2))
	if g.Paths != nil && !sc.elem {
		path = pickFrom(g, g.Paths)
	}
	ops := exactOps
	if g.V2 {
		ops = ir.Ops()
	}
	return g.PredOn(path, ops[g.pick(len(ops))])
}

// exactOps are the operators of language version 1.
var exactOps = func() []ir.Op {
	var out []ir.Op
	for _, op := range ir.Ops() {
		if !op.IsFold() {
			out = append(out, op)
		}
	}
	return out
}()

// PredOn returns a random predicate applying op to path.
func (g *Generator) PredOn(path []string, op ir.Op) *ir.Pred {
	p := &ir.Pred{Field: ir.Path{Segs: path}, Op: op}
	// A "~" operator takes the operands of its exact form, often with their
	// case changed so that folding decides the result.
	switch op.Exact() {
	case ir.OpIsNull:
	case ir.OpEq:
		p.Args = []ir.Value{g.literal()}
	case ir.OpIn:
		n := g.pick(5)
		if n == 0 && g.chance(0.7) {
			n = 1
		}
		for range n {
			p.Args = append(p.Args, g.literal())
		}
	case ir.OpContains, ir.OpStartsWith, ir.OpEndsWith:
		p.Args = []ir.Value{ir.String(g.affix(op.Exact()))}
	case ir.OpWildcard:
		p.Args = []ir.Value{ir.String(g.glob())}
	case ir.OpRegex:
		re := pickFrom(g, regexAtoms)
		if g.chance(0.3) {
			re = regexp.QuoteMeta(g.fragment())
		}
		p.Args = []ir.Value{ir.String(re)}
	case ir.OpCIDR:
		p.Args = []ir.Value{ir.String(g.network())}
	case ir.OpGt, ir.OpGte, ir.OpLt, ir.OpLte:
		lit := pickFrom(g, numberLits)
		if n := g.num(); ir.IsDecimal(n) && g.chance(0.5) {
			lit = n
		}
		if g.chance(0.5) {
			p.Args = []ir.Value{ir.String(lit)}
		} else {
			p.Args = []ir.Value{mustNumber(lit)}
		}
	default:
		panic(fmt.Sprintf("difftest: no generator for operator %v", op))
	}
	if op.IsFold() {
		for i, v := range p.Args {
			if s, ok := v.(ir.String); ok {
				p.Args[i] = ir.String(g.recase(string(s)))
			}
		}
	}
	if err := Prepare(p); err != nil {
		panic(fmt.Sprintf("difftest: generated an invalid predicate %s: %v", ir.FormatExpr(p), err))
	}
	return p
}

// Prepare checks the operands of a predicate built directly and fills its
// compiled forms (glob, regex, network), as the parser does.
func Prepare(p *ir.Pred) error {
	if p.Op.IsCompare() {
		if _, ok := ir.LiteralNumber(p.Arg()); !ok {
			return fmt.Errorf("%s needs a number", p.Op)
		}
	}
	if p.Op.IsStringOp() {
		if _, ok := p.Arg().(ir.String); !ok {
			return fmt.Errorf("%s needs a string", p.Op)
		}
	}
	switch p.Op {
	case ir.OpWildcard, ir.OpWildcardFold:
		gl, err := ir.CompileGlob(p.Op, p.Str())
		if err != nil {
			return err
		}
		p.Glob = gl
	case ir.OpRegex:
		re, err := regexp.Compile(p.Str())
		if err != nil {
			return err
		}
		p.Re = re
	case ir.OpCIDR:
		n, err := netip.ParsePrefix(p.Str())
		if err != nil {
			return err
		}
		p.Net = n.Masked()
	}
	return nil
}

func mustNumber(lit string) ir.Number {
	n, ok := ir.NewNumber(lit)
	if !ok {
		panic("difftest: not a decimal: " + lit)
	}
	return n
}

// literal is an operand of eq or in: a string, a number or a boolean.
func (g *Generator) literal() ir.Value {
	switch r := g.pick(10); {
	case r < 4:
		return ir.String(g.str())
	case r < 5:
		// A number as a string literal: "403" against 403 and "403".
		return ir.String(g.num())
	case r < 8:
		if n := g.num(); ir.IsDecimal(n) && g.chance(0.7) {
			return mustNumber(n)
		}
		return mustNumber(pickFrom(g, numberLits))
	default:
		return ir.Bool(g.chance(0.5))
	}
}

// affix is an operand of contains/starts_with/ends_with: usually the
// matching piece of a palette string, so it often hits.
func (g *Generator) affix(op ir.Op) string {
	s := g.str()
	runes := []rune(s)
	if len(runes) == 0 || g.chance(0.3) {
		return g.fragment()
	}
	n := g.pick(len(runes) + 1)
	switch op {
	case ir.OpStartsWith:
		return string(runes[:n])
	case ir.OpEndsWith:
		return string(runes[len(runes)-n:])
	}
	i := g.pick(len(runes) - n + 1)
	return string(runes[i : i+n])
}

// recase changes the case of s: upper, lower, or each letter at random,
// keeping s now and then, so that "~" operators meet every mix.
func (g *Generator) recase(s string) string {
	switch g.pick(4) {
	case 0:
		return strings.ToUpper(s)
	case 1:
		return strings.ToLower(s)
	case 2:
		var b strings.Builder
		for _, r := range s {
			if g.chance(0.5) {
				r = unicode.ToUpper(r)
			} else {
				r = unicode.ToLower(r)
			}
			b.WriteRune(r)
		}
		return b.String()
	}
	return s
}

// network is a cidr operand, often one that holds a palette address.
func (g *Generator) network() string {
	if g.chance(0.4) {
		if a, err := netip.ParseAddr(pickFrom(g, g.ips)); err == nil {
			bits := a.BitLen()
			if !a.Is4() && a.Is4In6() && g.chance(0.5) {
				bits = 96
			}
			pfx, _ := a.WithZone("").Prefix(g.pick(bits + 1))
			return pfx.String()
		}
	}
	return pickFrom(g, cidrAtoms)
}

// fragment is an atom or a piece of one.
func (g *Generator) fragment() string {
	s := g.str()
	if g.chance(0.5) || s == "" {
		return s
	}
	runes := []rune(s)
	i := g.pick(len(runes))
	j := i + 1 + g.pick(len(runes)-i)
	return string(runes[i:j])
}

// glob builds a wildcard pattern from literal pieces (their specials written
// as one-character classes) and wildcard parts.
func (g *Generator) glob() string {
	var b strings.Builder
	if g.chance(0.5) {
		// A palette string with some characters turned into wildcard parts.
		for _, r := range g.str() {
			switch x := g.pick(10); {
			case x == 0:
				b.WriteByte('?')
			case x == 1:
				b.WriteByte('*')
			case x == 2 && r != ']' && r != '!':
				b.WriteString("[" + string(r) + "]")
			case r == '*' || r == '?' || r == '[':
				b.WriteString("[" + string(r) + "]")
			default:
				b.WriteRune(r)
			}
		}
		if g.chance(0.2) {
			b.WriteByte('*')
		}
		return b.String()
	}
	for range 1 + g.pick(4) {
		if g.chance(0.5) {
			b.WriteString(pickFrom(g, globPieces))
			continue
		}
		for _, r := range g.fragment() {
			switch r {
			case '*', '?', '[':
				b.WriteString("[" + string(r) + "]")
			default:
				b.WriteRune(r)
			}
		}
	}
	return b.String()
}

// Event returns a random event: a JSON object over the vocabulary.
func (g *Generator) Event() map[string]any {
	if g.V2 {
		return g.object(v2Vocabulary)
	}
	return g.object(vocabulary)
}

func (g *Generator) object(fs []field) map[string]any {
	m := map[string]any{}
	for _, f := range fs {
		if g.chance(0.3) {
			continue // missing
		}
		m[f.key] = g.node(f, 2)
	}
	return m
}

func (g *Generator) node(f field, depth int) any {
	if len(f.kids) == 0 {
		return g.leaf(depth)
	}
	switch r := g.pick(10); {
	case r < 6:
		return g.object(f.kids)
	case r < 8:
		n := g.pick(4)
		arr := make([]any, n)
		for i := range arr {
			if g.chance(0.8) {
				arr[i] = g.object(f.kids)
			} else {
				arr[i] = g.leaf(0)
			}
		}
		return arr
	default:
		return g.leaf(depth)
	}
}

// leaf is a value at the end of a path: a scalar, a JSON null, an empty
// string, array or object, or an array of scalars (nested when depth allows).
func (g *Generator) leaf(depth int) any {
	switch r := g.pick(20); {
	case r < 7:
		return g.str()
	case r < 8:
		return pickFrom(g, g.ips)
	case r < 9:
		return g.num() // a number held as a string
	case r < 12:
		return json.Number(g.num())
	case r < 14:
		return g.chance(0.5)
	case r == 14:
		return nil
	case r == 15:
		return []any{}
	case r == 16:
		return map[string]any{}
	case r == 17:
		return map[string]any{"a": g.str()}
	default:
		n := 1 + g.pick(3)
		arr := make([]any, n)
		for i := range arr {
			if depth > 0 && g.chance(0.15) {
				arr[i] = g.leaf(depth - 1)
			} else {
				arr[i] = g.scalar()
			}
		}
		return arr
	}
}

func (g *Generator) scalar() any {
	switch r := g.pick(10); {
	case r < 5:
		return g.str()
	case r < 6:
		return pickFrom(g, g.ips)
	case r < 9:
		return json.Number(g.num())
	default:
		return nil
	}
}

// Canonical rebuilds e in the shape the parser gives it: nested Ands and Ors
// flattened, single-operand groups collapsed.
func Canonical(e ir.Expr) ir.Expr {
	switch x := e.(type) {
	case *ir.And:
		xs := make([]ir.Expr, len(x.Xs))
		for i, c := range x.Xs {
			xs[i] = Canonical(c)
		}
		return ir.NewAnd(x.At, xs...)
	case *ir.Or:
		xs := make([]ir.Expr, len(x.Xs))
		for i, c := range x.Xs {
			xs[i] = Canonical(c)
		}
		return ir.NewOr(x.At, xs...)
	case *ir.Not:
		return &ir.Not{At: x.At, X: Canonical(x.X), Form: x.Form}
	case *ir.Quant:
		return &ir.Quant{At: x.At, All: x.All, Path: x.Path, X: Canonical(x.X)}
	}
	return e
}

// validUTF8 reports whether every string literal of e is valid UTF-8, which
// the text form needs (ir.Quote replaces invalid bytes).
func validUTF8(e ir.Expr) bool {
	for _, p := range ir.Preds(e) {
		for _, a := range p.Args {
			if !utf8.ValidString(a.Text()) {
				return false
			}
		}
	}
	return true
}

// EventFor returns a random event in which some predicates of cond meet a
// value made to satisfy them (or nearly): the literal itself, the number
// behind a numeric string, a string matching a pattern, an address inside a
// network. Random events alone rarely satisfy eq or cidr.
func (g *Generator) EventFor(cond ir.Expr) map[string]any {
	ev := g.Event()
	g.satisfy(ev, cond)
	return ev
}

// plant sets path in m to v, making objects on the way (sometimes inside a
// one-element array, to cross the fan-out).
func (g *Generator) plant(m map[string]any, path []string, v any) {
	if len(path) == 1 {
		if g.chance(0.15) {
			v = []any{g.scalar(), v}
		}
		m[path[0]] = v
		return
	}
	if arr, ok := m[path[0]].([]any); ok && len(arr) > 0 && g.chance(0.5) {
		// Into one element of an array of objects, beside the others.
		if el, ok := arr[g.pick(len(arr))].(map[string]any); ok {
			g.plant(el, path[1:], v)
			return
		}
	}
	child, ok := m[path[0]].(map[string]any)
	if !ok {
		child = map[string]any{}
	}
	if g.chance(0.2) {
		m[path[0]] = []any{child}
	} else {
		m[path[0]] = child
	}
	g.plant(child, path[1:], v)
}

// valueFor returns a value that satisfies p or nearly does.
func (g *Generator) valueFor(p *ir.Pred) any {
	if p.Op.IsFold() {
		// A value for the exact form, its case changed (p.Glob of wildcard~
		// is already lowered).
		exact := *p
		exact.Op = p.Op.Exact()
		v := g.valueFor(&exact)
		if s, ok := v.(string); ok && g.chance(0.7) {
			return g.hostileCase(s)
		}
		return v
	}
	switch p.Op {
	case ir.OpIsNull:
		return pickFrom(g, []any{nil, "", []any{}, map[string]any{}, "x", json.Number("0"), false})
	case ir.OpEq, ir.OpIn:
		if len(p.Args) == 0 {
			return g.scalar()
		}
		return g.valueLike(pickFrom(g, p.Args))
	case ir.OpGt, ir.OpGte, ir.OpLt, ir.OpLte:
		f, _ := ir.LiteralNumber(p.Arg())
		near := []string{p.Arg().Text(), fmt.Sprint(f + 1), fmt.Sprint(f - 1), fmt.Sprint(f + 0.5), fmt.Sprint(f - 0.5)}
		s := pickFrom(g, near)
		if !ir.IsDecimal(s) {
			s = "0"
		}
		if g.chance(0.5) {
			return s
		}
		return json.Number(normalNumber(s))
	case ir.OpContains, ir.OpStartsWith, ir.OpEndsWith:
		pre, post := "", ""
		if p.Op != ir.OpStartsWith || g.chance(0.2) {
			pre = pickFrom(g, []string{"", "x", "é", " "})
		}
		if p.Op != ir.OpEndsWith || g.chance(0.2) {
			post = pickFrom(g, []string{"", "x", "日", "\n"})
		}
		return pre + p.Str() + post
	case ir.OpWildcard:
		return g.globMatch(p.Glob)
	case ir.OpCIDR:
		return g.addressIn(p.Net)
	}
	return g.str()
}

// valueLike returns an event value equal (or nearly equal) to a literal, in
// the forms equality crosses: a number for a decimal string, the text of a
// number, a boolean's text.
func (g *Generator) valueLike(lit ir.Value) any {
	switch x := lit.(type) {
	case ir.String:
		if ir.IsDecimal(string(x)) && g.chance(0.5) {
			return json.Number(normalNumber(string(x)))
		}
		if x == "true" || x == "false" {
			if g.chance(0.5) {
				return x == "true"
			}
		}
		if g.chance(0.15) {
			return strings.ToUpper(string(x))
		}
		return string(x)
	case ir.Number:
		switch g.pick(3) {
		case 0:
			return x.Lit
		case 1:
			return fmt.Sprint(x.F)
		}
		return json.Number(normalNumber(x.Lit))
	case ir.Bool:
		if g.chance(0.5) {
			return x.Text()
		}
		return bool(x)
	}
	return nil
}

// normalNumber turns decimal text into JSON number text (JSON has no "+1",
// ".5", "5." or leading zeros).
func normalNumber(s string) string {
	if jsonNumber.MatchString(s) {
		return s
	}
	f, _ := ir.ParseDecimal(s)
	if f != f || f > 1e308 || f < -1e308 {
		return "1e400"
	}
	out := fmt.Sprint(f)
	if strings.HasPrefix(s, "-") && f == 0 {
		return "-0"
	}
	return out
}

var jsonNumber = regexp.MustCompile(`^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$`)

// globMatch returns a string matching the glob, mostly.
func (g *Generator) globMatch(gl *ir.Glob) string {
	var b strings.Builder
	for _, part := range gl.Parts {
		switch part.Kind {
		case ir.PartLit:
			b.WriteString(part.Text)
		case ir.PartAnyOne:
			b.WriteString(pickFrom(g, []string{"x", ".", "é", "*", "\n"}))
		case ir.PartAnyRun:
			b.WriteString(pickFrom(g, []string{"", "x", "a/b.c", "日本", "\n"}))
		case ir.PartClass:
			if part.Negated {
				b.WriteString(pickFrom(g, []string{"z", "~", "é"}))
			} else {
				rg := pickFrom(g, part.Ranges)
				b.WriteRune(rg.Lo + rune(g.pick(int(rg.Hi-rg.Lo)+1)))
			}
		}
	}
	if g.chance(0.1) {
		b.WriteString("x")
	}
	return b.String()
}

// addressIn returns an address inside n (or its edges, or the other family).
func (g *Generator) addressIn(n netip.Prefix) string {
	a := n.Addr()
	raw := a.AsSlice()
	for i := n.Bits(); i < len(raw)*8; i++ {
		if g.chance(0.5) {
			raw[i/8] |= 0x80 >> (i % 8)
		}
	}
	b, _ := netip.AddrFromSlice(raw)
	switch g.pick(8) {
	case 0:
		return netip.AddrFrom16(b.As16()).String() // the IPv4-mapped IPv6 form
	case 1:
		return n.Masked().Addr().Prev().String() // just below the network
	}
	return b.String()
}
