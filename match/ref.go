package match

// RefOp is the operator of a field reference, "F OP field(G)".
type RefOp uint8

const (
	RefEq            RefOp = iota + 1 // eq: typed equality
	RefEqFold                         // eq~
	RefContains                       // contains: two strings
	RefContainsFold                   // contains~
	RefHasPrefix                      // starts_with
	RefHasPrefixFold                  // starts_with~
	RefHasSuffix                      // ends_with
	RefHasSuffixFold                  // ends_with~
)

// Ref reports whether some value of vs and some value of refs satisfy op,
// each ref value read as the literal that spells it: a string as a string
// literal, a number as a number literal, a boolean as a boolean (an object
// spells no literal and matches nothing). So `F eq field(G)` is typed
// equality (403 equals "403"), string operators need two strings, and a
// missing G matches nothing. The "~" forms lower the ref value in e's buffer.
func (e *Event) Ref(op RefOp, vs, refs []Value) bool {
	for i := range refs {
		r := &refs[i]
		switch op {
		case RefEq, RefEqFold:
			var l Lit
			switch r.Kind {
			case KindString:
				l = StrLit(r.Str)
				if op == RefEqFold {
					l.Fold, l.Lower = true, e.Lower(r.Str)
				}
			case KindNumber:
				l = Lit{Kind: LitNumber, S: r.Str, F: r.Num, HasF: true}
			case KindBool:
				l = BoolLit(r.Bool)
			default:
				continue
			}
			if EqFold(vs, &l) {
				return true
			}
			continue
		}
		if r.Kind != KindString {
			continue
		}
		var hit bool
		switch op {
		case RefContains:
			hit = Contains(vs, r.Str)
		case RefHasPrefix:
			hit = HasPrefix(vs, r.Str)
		case RefHasSuffix:
			hit = HasSuffix(vs, r.Str)
		case RefContainsFold:
			hit = ContainsFold(vs, e.Lower(r.Str))
		case RefHasPrefixFold:
			hit = HasPrefixFold(vs, e.Lower(r.Str))
		case RefHasSuffixFold:
			hit = HasSuffixFold(vs, e.Lower(r.Str))
		}
		if hit {
			return true
		}
	}
	return false
}
