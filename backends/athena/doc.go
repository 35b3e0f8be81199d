// Package athena emits Athena (Trino) SQL hunting queries for rules.
//
// A query reads one of three table profiles, chosen from the rule's LogTypes:
// cloudtrail (the table AWS documents for CloudTrail: lower-case columns,
// STRUCT paths, JSON text in requestparameters, responseelements,
// additionaleventdata, serviceeventdetails and edgedevicedetails (objects in
// the registry, STRING in AWS's DDL), and resources as an ARRAY of ROWs),
// s3access (AWS's
// S3 server access log table: Panther's field names mapped to AWS's columns,
// every column a string but bytessent and objectsize, and "-" written for an
// absent value) and json (one VARCHAR column raw holding each event's JSON).
//
// The SQL keeps the condition language's two-valued logic: every predicate
// that sits under a NOT is made TRUE or FALSE (never NULL) with COALESCE or
// EXISTS, so "useragent not starts_with x" keeps the rows without a user
// agent. Values are compared by type as ir.Eval compares them: a number
// against a numeric string with an explicit, guarded cast, strings as
// strings, case-sensitively. Paths that may meet arrays are fanned out with
// UNNEST inside EXISTS, which is what ir.Eval's "some value" means.
//
// Where the table itself loses what ir.Eval sees, the SQL follows the table,
// and these are the known differences: CloudTrail's SerDe matches keys to
// columns ignoring case (ir.Eval does not); a STRING column cannot tell a
// JSON number from a string, so there "403" equals only the text 403; and
// arrays nested directly in arrays flatten NestedArrayLevels (3) levels at
// each JSON path step, not any depth (SQL has no recursion there; the DuckDB
// checker reports a log that nests deeper as not checkable).
// The sample logs of the bundled rules and the shared corpus hit none.
//
// Language v2: the "~" operators apply the exact ones to lower(x) with the
// literal lowered here (Trino's lower is Java's Character.toLowerCase on
// each code point, the simple lowercase mapping of the language, in the
// JVM's Unicode version); any/all become EXISTS / NOT EXISTS over the
// quantified values with the condition on each element (scopes in
// cond.go); field references compare the two paths' values with the
// language's typed equality (refCompare).
//
// Log types: for a rule with one log type of the registry (package
// schema; Options.Registry), JSON paths follow the declared types
// (jsonValues): a path whose every step is declared a scalar or an object
// is one json_extract_scalar (json_extract for objects), a declared array
// one UNNEST of TRY_CAST(... AS VARCHAR ARRAY) or JSON ARRAY, and only free
// or undeclared JSON fans out at every step. That SQL is exact on logs that
// fit the schema (schema.LogType.Check); the checker reports a test log
// that contradicts it on a path the rule reads as not checkable
// (ir.CodeLogSchema).
//
// Arrays are tested with EXISTS over UNNEST rather than any_match: DuckDB
// has no any_match and its macros cannot take lambdas, and DuckDB unnests an
// ARRAY of ROWs into one column where Trino makes one per field, so ROW
// arrays go through filter(), which both read alike.
//
// The emitted SQL uses only Trino functions; the test harness (build tag
// duckdb) runs it unchanged on embedded DuckDB, which lacks some of them and
// gets macros for exactly those (see engine.go; contains, for IPv4 and
// IPv6, is Go over net/netip registered as a DuckDB scalar function, see
// engine_ip.go). Constructs the two engines
// cannot share are reported with ir.Unsupported instead of approximated.
package athena
