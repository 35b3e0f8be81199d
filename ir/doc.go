// Package ir is rulec's intermediate representation: the one place where the
// meaning of a detection rule is defined.
//
// The parser lowers catalog pages, rule files and foreign formats (Sigma, KQL)
// into ir values; every backend reads ir values and never the parser's
// grammar. Eval is the reference evaluator: it implements the semantics of
// shared/spec/condition-language.md, and every backend is tested against it.
//
// # Shape
//
// A condition is a tree of Expr nodes: *And and *Or (n-ary), *Not, and *Pred,
// a predicate applying an Op to the values found at a Path. The interface is
// sealed so a type switch over those four types is exhaustive. Later rounds can
// add node kinds (a quantifier over array elements carrying a sub-condition) or
// operand kinds (a reference to another field) without touching existing ones:
// Eval already evaluates sub-conditions against any JSON value, not only the
// event root, and operands are a sealed Value interface.
//
// # Values found at a path
//
// A log is a JSON value. Each path segment selects an object member by exact,
// case-sensitive key. A segment that meets an array applies to every element,
// and an array reached at the end of the path yields its elements; arrays nested
// in arrays are flattened the same way (as Elasticsearch indexes them). A
// missing member and JSON null yield nothing.
//
// # Equality
//
// A value v equals a literal X when both are strings and identical; when one is
// a JSON number and the other a number or a decimal string (see IsDecimal) and
// they are numerically equal as float64; or when one is a boolean and the other
// the same boolean or its text "true"/"false". Two strings always compare as
// strings, so "0403" does not equal "403". Objects never equal a scalar.
//
// # Negation
//
// Logic is two-valued. Every predicate is false when the path yields nothing,
// so its negation is true: "useragent not starts_with x" matches a log without a
// useragent. Ne is Not(Eq) and is_not_null is Not(IsNull); Not.Form only keeps
// how the author spelled it.
//
// # Presence
//
// IsNull holds when no yielded value is present. A value is present unless it
// is "", an empty array or an empty object (Python truthiness, except that 0 and
// false count as present).
package ir
