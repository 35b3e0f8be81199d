// Package kusto is rulec's Microsoft Sentinel / Azure Data Explorer backend:
// it writes a rule's condition as a Kusto (KQL) query, `Table | where ... |
// project <output fields>`, wraps it in a Sentinel Scheduled analytics rule
// (ARM), prints the raw profile's `.create table` commands, and evaluates
// its own output under Kusto's semantics (the engine), which is the `kusto`
// result of `rulec test` and the differential tests' kusto checker.
//
// # Profiles
//
//   - raw: a custom table per log type (AWS.CloudTrail -> AWS_CloudTrail),
//     one dynamic column per top-level key of the log, holding the JSON
//     value as is (a string column would read "" for a missing field, and
//     rules test eq ""). The log-schema registry (package schema) shapes
//     the query: a path whose every step the log type declares a scalar or
//     an object is read in place (tostring(eventName) == "x"); declared
//     arrays, undeclared keys and free JSON fan out through
//     mv-apply/mv-expand, so the query is exact on any JSON there. Without
//     a declaration (an unknown log type) every path fans out.
//   - sentinel: Sentinel's built-in tables (sentinel.go cites each):
//     AWSCloudTrail, AWSVPCFlow, GCPAuditLogs, Okta_CL,
//     GitHubAuditLogPolling_CL, and Defender XDR's DeviceProcessEvents for
//     Sigma's Windows process creation content. A path reads its column (EventName), or a
//     path below a dynamic column or a string column holding JSON
//     (parse_json(RequestParameters).x); a path with no column is a
//     positioned error. String columns hold ""
//     for a missing field, so a predicate that holds for "" (eq "",
//     contains "", a regex matching "") cannot tell a missing field from an
//     empty one there and is refused; is_null is isempty.
//
// # Semantics implemented, and their sources
//
// Microsoft's documentation (learn.microsoft.com/kusto/query/...) and the
// Kusto-Query-Language repository's doc/ folder:
//
//   - dynamic (scalar-data-types/dynamic): a value is null, a primitive
//     (bool, long, real, string...), an array or a property bag; d.key and
//     d["key"] read a bag's slot and give null for a missing key or a
//     non-bag. JSON numbers land as long when they are integers that fit,
//     else real. JSON strings stay strings: the docs' note that "Kusto will
//     parse strings as strongly-typed values" concerns reading JSON text
//     whose values are not strings; it is an assumption of the model, stated
//     here, that a JSON string in a dynamic column keeps gettype "string".
//   - gettype (gettypefunction): "string", "long", "real", "bool", "array",
//     "dictionary", "null" (and "int", "decimal" for those types; the
//     emitter accepts every numeric name).
//   - tostring (tostringfunction): a string is itself, null is "", numbers
//     and booleans their text, arrays and bags their JSON. The emitter uses
//     tostring(v) == "s" unguarded only when no non-string's text can be
//     "s" (not a number, true/false, "", nor JSON text), and guards it with
//     gettype(v) == "string" everywhere else.
//   - todouble (todoublefunction): numbers convert; applied to a string
//     only after `matches regex` has checked it is a decimal in the IR's
//     sense (ir.DecimalPattern), so .NET's wider number syntax never
//     applies.
//   - Null values (scalar-data-types/null-values): comparisons with null
//     give null, and where keeps only true rows. Every emitted test is
//     guarded by gettype so it is true or false, never null; negation is
//     not() of such a test, so the IR's two-valued logic holds.
//   - String operators (datatypes-string-operators): == and the _cs
//     operators (contains_cs, startswith_cs, endswith_cs) are ordinal;
//     =~, in~, contains, startswith, endswith are case-insensitive, and
//     "case-insensitive operators are currently supported only for
//     ASCII-text" (the note on each of those pages). So Kusto folds A-Z
//     only, while the IR folds every letter by Unicode's simple lowercase
//     mapping (so "K", the Kelvin sign, equals "k" and "İ" equals "i").
//     A ~ literal is written with Kusto's operators only when both
//     foldings equate each of its characters with the same code points
//     (foldSafe: ASCII without i or k, or characters without case);
//     otherwise it becomes `matches regex` under RE2's (?i), whose case
//     folding (simple case-folding orbits) agrees with the IR's lowercase
//     mapping on almost every letter: only where the two part ways does the
//     pattern spell the letter out, as [iİ] (İ lowercases to i but is
//     outside i's orbit) or (?-i:[Ss]) (ſ is in s's orbit but lowercases to
//     itself); see foldRegexp. A wildcard~ class lists every code point that
//     lowercases into it, case-sensitively. has is term matching and is
//     never used for contains.
//   - matches regex (re2): RE2 syntax, a search for a match anywhere;
//     rulec's regexes are RE2 already. Globs become anchored (?s)^...$
//     patterns (or startswith_cs/endswith_cs/contains_cs/== for the
//     simple shapes).
//   - ipv4_is_in_range / ipv6_is_in_range (ipv4-is-in-range-function,
//     ipv6-is-in-range-function): they also accept prefixed text, and
//     ipv6_is_in_range reads IPv4 addresses too, so the value must first
//     match ipv4Pattern (a canonical dotted quad) or ipv6Pattern (RFC
//     3986's IPv6address, no zone): exactly what the IR (Go's netip) reads
//     as an address of the network's family (TestAddressPatterns).
//   - mv-apply / mv-expand (mv-apply-operator, mv-expand-operator): each
//     element of the expanded array becomes a row (an empty array, none);
//     mv-apply runs the subquery on each row's subtable (which keeps the
//     row's other columns) and joins its rows with them. summarize without
//     by (summarize-operator) returns one row, also over no rows, with
//     countif counting the rows whose predicate is true. mv-apply drops a
//     record whose array is empty (no subtable, no row), so the emitter
//     wraps every expanded value as iff(array_length(x) > 0, x,
//     pack_array(x)): a scalar, a bag, null or [] is one value, and [] (an
//     empty array, which the IR fans out to nothing) fails every test.
//   - isempty/isnotempty (isemptyfunction): true for null and "".
//
// # Fan-out, any/all and field references
//
// A path a.b.c reads the column a and expands it, then each element's b,
// then each c: one mv-apply per path and scope, with one countif per
// predicate on that path (is_null counts the present values: numbers,
// booleans, non-empty strings, non-empty bags). any P (C) is an mv-apply
// over P whose subquery evaluates C on each value (inner paths fan out
// below it) and counts the values that satisfy C; all counts those that do
// not. F OP field(G) nests G's expansion inside F's and counts the pairs
// (typed equality as in ir.Equal; the string operators on two strings).
// The IR flattens arrays nested directly in arrays; the query expands one
// level per path step, so the engine reports such a log as not checkable
// (an unsupported result, never a silent disagreement).
package kusto
