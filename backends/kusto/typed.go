package kusto

import (
	"strings"

	"github.com/rulec/rulec/ir"
	"github.com/rulec/rulec/schema"
	"github.com/rulec/rulec/strmatch"
)

// typedPred is a predicate on one value the registry declares a string
// (raw profile). Equality with literals no number, boolean or JSON text
// prints as (safeText) reads as an analyst writes it: tostring(eventName)
// == "x", in (...), =~; it is exact whatever the log holds there, since
// tostring of a non-string never gives such a literal. A decimal literal
// (recipientAccountId eq "112233445566") is compared as text too: exact on
// logs that fit (strings there), and on the catalog's logs that hold the
// number instead, whose text is the literal. So are contains,
// starts_with and ends_with with a literal holding a character no
// number's or boolean's text holds (stringPred never matches "" there,
// which is what tostring gives for null). Other tests keep
// the generic, type-guarded form, because the catalog's sample logs do
// hold numbers where strings are declared. ok is false when the generic
// form applies.
func (e *emitter) typedPred(p *ir.Pred, v Expr, t *schema.Type) (Expr, bool, error) {
	if !t.Stringy() {
		return nil, false, nil
	}
	switch p.Op {
	case ir.OpEq, ir.OpIn, ir.OpEqFold, ir.OpInFold:
	case ir.OpContains, ir.OpStartsWith, ir.OpEndsWith, ir.OpContainsFold, ir.OpStartsWithFold, ir.OpEndsWithFold:
		// No number's or boolean's text holds a character outside their
		// alphabet: a literal with one needs no type guard.
		if !strings.ContainsFunc(strmatch.Lower(p.Str()), func(r rune) bool { return !strings.ContainsRune(numberBoolText, r) }) {
			return nil, false, nil
		}
		x, err := e.stringPred(p, str(v))
		return x, true, err
	default:
		return nil, false, nil
	}
	fold := p.Op == ir.OpEqFold || p.Op == ir.OpInFold
	var plain, folded, xs []Expr
	s := str(v)
	for _, lit := range p.Args {
		l, ok := lit.(ir.String)
		if !ok || !safeText(string(l)) && (fold || !ir.IsDecimal(string(l))) {
			return nil, false, nil
		}
		switch {
		case !fold:
			plain = append(plain, Str(l))
		case foldSafe(string(l)):
			folded = append(folded, Str(l))
		default:
			xs = append(xs, And(isType(v, "string"), &Cmp{Op: "matches regex", L: s, R: Str("(?i)^" + foldRegexp(string(l)) + "$")}))
		}
	}
	var head []Expr
	switch len(plain) {
	case 0:
	case 1:
		head = append(head, &Cmp{Op: "==", L: s, R: plain[0]})
	default:
		head = append(head, &In{X: s, List: plain})
	}
	switch len(folded) {
	case 0:
	case 1:
		head = append(head, &Cmp{Op: "=~", L: s, R: folded[0]})
	default:
		head = append(head, &In{X: s, Fold: true, List: folded})
	}
	xs = append(head, xs...)
	if len(xs) == 0 {
		return Bool(false), true, nil
	}
	return Or(xs...), true, nil
}

// numberBoolText holds every character (lower-cased) the text of a number
// or a boolean can hold: digits, sign, point, exponent, true, false,
// infinity and nan; and the brackets of "[]", the text of the empty array
// that fan-out packs as an element (iff(array_length(x) > 0, x,
// pack_array(x))), so `not p_any_emails starts_with "["` stays true on [].
const numberBoolText = "0123456789+-.etruefalsinfinityna[]"

// typedPresent is is_not_null on a value declared a string: the IR counts
// a non-empty string, a number or a boolean (whose text is never empty) as
// present; an object or array where a string is declared is a misfit.
func typedPresent(v Expr, t *schema.Type) (Expr, bool) {
	if !t.Stringy() {
		return nil, false
	}
	return call("isnotempty", str(v)), true
}
