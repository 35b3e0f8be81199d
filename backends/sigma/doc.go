// Package sigma is rulec's Sigma backend and Sigma reader.
//
// Convert emits an IR rule as a Sigma detection rule (plus an event_count
// correlation rule for a Threshold) that matches exactly the events ir.Eval
// matches, under the Sigma semantics defined below. Parse reads Sigma YAML
// (rulec's own output and SigmaHQ-style rules) into Documents, whose
// Detection.Match evaluates an event under those semantics; ToIR lowers them
// into IR rules, so Sigma is also an input format. The Checker ties the two
// together for `rulec test`: emit, read the YAML back, evaluate.
//
// # Sigma semantics implemented here
//
// Sources: the Sigma rules specification v2.0.0 (SigmaHQ/sigma-specification
// specification/sigma-rules-specification.md: "General", "Escaping",
// "Lists", "Maps", "Special Field Values", "Field Existence", "Condition"),
// the modifiers appendix v2.1.0 (specification/sigma-appendix-modifiers.md)
// and the correlation specification v2.0.0. Where the specification leaves a
// point to "the target SIEM system", the choice made here is stated.
//
//   - Fields. A field name is a dotted path into the JSON event; each
//     segment selects an object member by exact key. Arrays met on the way or
//     at the end fan out to their elements and null yields nothing, as
//     Elasticsearch indexes nested JSON. A field matcher holds when some
//     value found there satisfies it (except null, below).
//   - Lists and maps. The values of one field are alternatives (or; and with
//     the all modifier); the entries of a map must all hold; the maps of a
//     list are alternatives (spec "Lists", "Maps").
//   - Strings. A string value matches string event values as a whole,
//     case-insensitively by default and exactly with |cased (spec "General";
//     modifier cased). Case-insensitive means equal Unicode simple
//     lowercase, the IR's "~" folding (the specification does not define
//     it beyond ASCII; fold.go gives the engines' foldings and the literals
//     the backend refuses because of them). "*" matches any run
//     of characters and "?" exactly one; a backslash escapes "*", "?" and
//     itself, and any other backslash is literal (spec "Escaping"). A
//     string with no wildcard also matches a JSON number or boolean as the
//     IR's typed equality does ('8388608' matches 8388608, 'true' matches
//     true), as typed engines compare a query string with a numeric or
//     boolean field; a string with a wildcard matches strings only.
//   - contains, startswith, endswith put "*" around, after or before the
//     value (modifiers appendix).
//   - Numbers. A number value N matches a JSON number equal to N and a string
//     whose text is N's shortest decimal form (NumberText: 403, 4.5), since
//     Sigma treats values as strings (spec "General"); a string such as
//     "0403" or "403.0" is not the number 403's text and does not match.
//   - Booleans. true matches JSON true and the string "true" in any case
//     (case-insensitive backends compare a boolean's text so); false
//     likewise.
//   - fieldref: the values name other fields of the event. The matcher
//     holds when some value of the field and some value of the named field
//     are both strings and equal (with contains, startswith, endswith: the
//     first contains, starts or ends with the second), case-sensitively, or
//     both numbers and numerically equal, or both booleans and equal.
//     pySigma's SigmaFieldReference carries no case flag (|cased cannot
//     follow it) and its backends render it as the engine's typed
//     field-to-field comparison (SQL "a = b", ES|QL "a == b").
//   - null matches a field that has no value: it is missing or null, or
//     holds only empty arrays and empty objects (what Elasticsearch's
//     exists query finds nothing in); "" is a value, so null never matches
//     it (the negation of exists: true, below).
//   - The empty string value (two single quotes in YAML) matches a field
//     holding the empty string.
//   - exists: true holds when the field yields a value other than an empty
//     object (the empty string counts, "be it empty"; null is the absence of
//     a value, as pySigma's backends render it); exists: false is its negation.
//   - re: the value is a regular expression searched anywhere in string
//     values (unanchored, as sigma-go and pySigma's SQL backends do),
//     case-sensitive; sub-modifiers i, m, s set the flags. Expressions run
//     on Go's RE2 engine, as in sigma-go.
//   - windash, base64, base64offset, wide (utf16le), utf16be and utf16
//     turn each value into the strings pySigma's modifiers produce, in the
//     order written (valuemods.go); a value that expands into several is
//     their disjunction, also under all.
//   - cidr: the value is an IPv4 or IPv6 network; a string value holding an
//     address of the same family inside it matches.
//   - gt, gte, lt, lte compare numerically with JSON numbers and with
//     strings holding a decimal number (modifiers appendix "Numeric").
//   - Condition: and, or, not, parentheses, "1 of X" and "all of X" over
//     search identifiers matching the pattern X ("them": all not starting
//     with "_"), precedence or < and < not (spec "Condition"). Logic is
//     two-valued: a selection on a missing field is false, so its negation
//     is true, which is the IR's negation.
//
// ToIR reads string matches as the IR's "~" operators (eq~, in~,
// contains~, starts_with~, ends_with~, wildcard~), and with |cased as the
// exact ones; where no character of the literal text has another case
// under simple lowercase (digits, punctuation), the exact operator, which
// means the same. Wildcards at the ends only become contains, starts_with
// or ends_with; other patterns wildcard, with a literal "*", "?" or "["
// written as a one-character class.
//
// Unsupported on input: keyword (full-text) searches (the IR has no
// full-text predicate), the modifiers expand, neq and the time modifiers,
// aggregation conditions ("| count()"), timeframe, and correlations other
// than an event_count over one rule with no group-by.
//
// # Emission
//
// Exact string predicates become field matchers with |cased (unless
// CaseInsensitive), the "~" operators Sigma's case-insensitive default; the
// condition's positive top-level conjuncts form "selection" and each
// excluded conjunct a "filter". Literal "*" and "?" are escaped, and so are
// backslashes before them or in runs; a lone backslash stays as written. A
// glob *X, X* or *X* becomes |endswith, |startswith or |contains; a glob
// with character classes, and a literal with a control character, become an
// anchored |re; for wildcard~ each character is spelled as the set of
// characters whose simple lowercase it is ([Kk] and the Kelvin sign for k), so no engine's
// own folding is involved. eq "403" becomes the number 403 (which matches the JSON
// number and the string "403", as eq does); eq~ "true" becomes the
// case-insensitive string and the boolean. "F is_null and F ne \"\"" is
// null; is_null alone is the value list of null and the empty string where
// the rule's log types declare F one scalar (elsewhere ["", "x"] would
// match the empty string but not is_null, so it is unsupported), and
// is_not_null its negation. F contains field(G) becomes F|fieldref|contains
// (startswith, endswith likewise); "any P (C)" becomes C on the dotted paths
// P.F, exact when C is a predicate other than is_null, an or of such, or a
// nested any. Panther's labels go into the panther_tags custom attribute;
// the log source is the rule's own (read from Sigma), else from its log
// types.
//
// Constructs with no exact Sigma form are positioned ir.Unsupported errors:
// eq/in with an unquoted number (it matches "080" as well as 80; a Sigma
// number matches only 80 and "80"), eq/in with a numeric string not in
// shortest form ("0403", "4.50", "1e3"), eq true and eq "true" (Sigma's
// boolean also matches "TRUE") unless the registry (Options.Registry)
// declares the field boolean or string, in with an empty list, a comparison
// whose operand is not a finite number, all, any over an and, a negation or
// is_null, eq field() (typed equality: 403 equals "403") unless the registry
// declares both fields of one scalar type, "~" with field(), and "~"
// literals holding a character FoldUnsafe reports.
package sigma
