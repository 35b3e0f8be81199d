// Package kql is rulec's Elastic backend: it emits a rule's condition as a
// Kibana Query Language (KQL) query, or as EQL where KQL cannot say it, and
// wraps either in a Kibana detection rule (NDJSON). It also reads KQL back:
// Parse follows Kibana's grammar, Lower turns a query into the IR (the KQL
// input format), and Index plus Eval evaluate a query the way Elasticsearch
// answers it, which is the `kql` result of `rulec test`.
//
// # The mapping model
//
// What a KQL value matches depends on the field's type in the index mapping,
// not on the query, so every query is written for a Mapping: a profile and a
// log type.
//
//   - raw: logs indexed as-is, under the index template IndexTemplate
//     prints for the log type, which derives from rulec's log-type registry
//     (package schema): every field the registry declares has its type there
//     (strings and timestamps keyword, numbers double so 50.5 stays 50.5,
//     booleans boolean, ip fields a keyword with an ip multi-field NAME.ip
//     with ignore_malformed, so that equality sees the text, "" and "-"
//     included, and cidr the address (with NAME's text telling IPv4 from
//     IPv4-mapped IPv6 spellings, see below); arrays of objects nested with
//     include_in_parent, so any P (C) is a nested query and P.x still a
//     plain field), and a dynamic template maps every other scalar to
//     keyword. A declared scalar path never holds an object. is_null on a
//     declared object is an Unsupported error: the IR counts every object
//     but {} as present, and Elasticsearch indexes nothing for one whose
//     members are all null, [] or {}. Any other path (below free JSON or an open object's
//     undeclared members, or of a log type the registry does not know) may
//     hold a string, a number, a boolean or an object in raw JSON (each
//     document is indexed on its own, so that is no mapping conflict): a
//     number or a boolean there is indexed as its JSON text, so a pattern
//     that could match such text (contains "1", wildcard "t*"), equality
//     with a numeric string ("403" would miss 403.0) and is_null (an object
//     whose members are all empty leaves nothing in the index) are
//     Unsupported errors there, never approximations.
//   - ecs: the names and types of Elastic's integrations (ecsTables):
//     event.action, aws.cloudtrail.*, aws.cloudtrail.flattened.* (flattened:
//     every leaf a keyword), aws.s3access.http_status (long), source.ip
//     (ip)... A path with no exact ECS copy (userIdentity.userName, which
//     Elastic overwrites for assumed roles; any field of a log type without
//     an integration) is a positioned error. The ingest pipelines drop empty
//     and null values, so `f eq ""` cannot be matched there (an error), and
//     `f:*` is exactly "present".
//
// The model also says which JSON values a declared field holds (the logs
// that fit the registry's schema): keyword fields hold strings, double fields numbers, boolean fields booleans,
// address fields strings (Elastic's ECS fields likewise; keys of flattened
// fields are treated like undeclared raw paths). Under it every emitted query matches exactly what ir.Eval
// matches. Values outside it are indexed as Elasticsearch would (a number in
// a keyword field becomes its JSON text, "403" in a double field the number
// 403, a non-number in a double field rejects the document) and evaluated
// faithfully, so `rulec test` shows any disagreement instead of hiding it.
//
// # Semantics implemented, and their sources
//
// Grammar (Kibana src/platform/packages/shared/kbn-es-query/src/kuery/
// grammar/grammar.peggy): or < and < not; "not" takes a parenthesized query
// or one expression, so "not not x" does not parse; f:(a or b) expands to
// f:a or f:b. A quoted value is a phrase where * is literal and only \\ \"
// \t \r \n \uXXXX are escapes. An unquoted value must escape \ ( ) : < > "
// * { }; the escapes are tried in the order \t \r \n, \special, \uXXXX,
// \or \and \not, so a lowercase "not " is written \u006eot. The words or
// and and end a value between spaces and "not" before a space; the value is
// trimmed with JavaScript's String.prototype.trim, so a wildcard value cannot
// begin or end with whitespace (an Unsupported error, and EQL instead); bare
// true, false and null are typed literals; text spelling Kibana's wildcard
// marker "@kuery-wildcard@" next to a real * is split like a wildcard.
//
// Query building (kbn-es-query kuery/functions/is.ts, range.ts,
// node_types/wildcard.ts): f:* is an exists query (a value of f, "" on a
// keyword included, or for an object any field below it); a wildcard value
// on a keyword is a case-sensitive wildcard query over the whole value with
// * as the only wildcard (Kibana escapes ? and the other query-string
// specials); any other value is a term (match/match_phrase on a keyword is
// the exact, case-sensitive term); a range is a range query, which on a
// keyword compares terms in byte order, so f > "" holds for every non-empty
// string: rulec's is_not_null on keywords in the raw profile, where "" is
// indexed and must count as absent (condition-language.md). Kibana picks the
// wildcard query from the data view's field types (detection rules and
// Discover have one); on a field the data view does not list, such as a key
// of a flattened field, it sends query_string, which splits at whitespace,
// so a wildcard value with whitespace on a flattened key is an error.
//
// Field types (Elasticsearch mapping reference: keyword, numeric "coerce",
// boolean, ip): a double field coerces numeric strings ("" is null); a term
// query parses its value as a number. A boolean field accepts true, false,
// "true", "false" and "" (false). An ip field stores IPv4 as IPv4-mapped
// IPv6, so an IPv6 network that contains ::ffff:0:0/96 would also match IPv4
// addresses, and an IPv4 network IPv4-mapped IPv6 text (::ffff:1.2.3.4),
// which the IR reads as IPv6. In the raw profile the keyword NAME keeps the
// text and only an IPv6 spelling has a colon, so cidr adds that test where
// the network meets ::ffff:0:0/96 (NAME.ip: "10.0.0.0/8" and not NAME: *\:*;
// NAME.ip: "::/48" and NAME: *\:*; a network inside the block is queried in
// its IPv4 form). An ecs ip field has no text: there the emitter covers an
// IPv6 network minus that block with sibling networks, and IPv4-mapped IPv6
// text is outside the model.
// Negation is a bool must_not: documents without the field are kept, as the
// IR's two-valued logic requires. Arrays are multi-valued fields: a term
// matches when any value does.
//
// Case-insensitive operators (language v2, fold.go): in the raw profile a
// "~" predicate queries NAME.caseless, the template's lowercase-normalized
// multi-field, with the literal lowered (eventName.caseless: "stoplogging"),
// in KQL and EQL; that normalizer folds exactly as the IR does. Consecutive
// such predicates on one field in an or share one value list
// (Image.caseless: (*\\a.exe or *\\b.exe); EQL: one like or in). In the ecs
// profile KQL refuses them and EQL uses ":" / in~ / like~, whose
// case_insensitive queries fold ASCII only (AutomatonQueries.
// toCaseInsensitiveChar), or exact regex classes for literals holding i, k
// or a non-ASCII letter. any P (C) over one existential predicate is the
// dotted path; over an array of objects the registry declares (mapped
// nested) it is the nested query P:{ C } (all: not P:{ not C }); other
// quantifiers, and field references (neither language compares two fields;
// EQL: "Comparisons against fields are not supported"), are Unsupported.
//
// Regular expressions: KQL has none. A regex that is exactly a union of
// literals, each optionally anchored (^(Add|Attach|Create)), lowers to
// values and wildcards; any other regex, a ? wildcard or a character class
// is an Unsupported error. CompileEQL then writes the rule in EQL (any where
// ...) with like (a union of anchored literals too), regex (a Lucene
// regexp, which matches the whole value and in which . crosses newlines:
// RE2's search becomes .*...*, its . a [^\n], \d \w \s and
// case-insensitive parts explicit classes) and cidrMatch; EQL's
// comparisons fold into the same Query DSL filters, so the same index model
// evaluates them (ParseEQL, EvalEQL). EQL has no flattened type, so keys of
// a flattened field (ecs request parameters) and is_null on raw paths that
// may hold objects are errors in EQL.
package kql
