package kql

import (
	"fmt"

	"github.com/rulec/rulec/backends"
	"github.com/rulec/rulec/ir"
	"github.com/rulec/rulec/schema"
)

// RuleMapping returns the mapping a rule's query is written for under
// profile p: its log type's. A rule with several log types must mean the
// same query under each of them.
func RuleMapping(r *ir.Rule, p Profile) Mapping {
	m := Mapping{Profile: p}
	if len(r.LogTypes) > 0 {
		m.LogType = r.LogTypes[0]
	}
	return m
}

// CompileRule emits the rule's query under profile p, checking that every
// log type of the rule gives the same query.
func CompileRule(r *ir.Rule, p Profile) (string, Mapping, error) {
	return CompileRuleWith(r, p, nil)
}

// CompileRuleWith is CompileRule with the raw profile's types taken from
// registry reg (nil: the shipped one), which may declare custom log types.
func CompileRuleWith(r *ir.Rule, p Profile, reg *schema.Registry) (string, Mapping, error) {
	m := RuleMapping(r, p)
	m.Schemas = reg
	q, err := Compile(r, m)
	if err != nil {
		return "", m, err
	}
	for _, lt := range r.LogTypes[min(1, len(r.LogTypes)):] {
		other := Mapping{Profile: p, LogType: lt, Schemas: reg}
		q2, err := Compile(r, other)
		if err != nil {
			return "", m, err
		}
		if q2 != q {
			return "", m, ir.Unsupported(r, r.At, "kql ("+p.String()+")",
				fmt.Sprintf("one query for log types %s and %s, which map the rule's fields differently", m.LogType, lt))
		}
	}
	return q, m, nil
}

// Checker is the `kql` result of `rulec test`: the emitted query, parsed
// back with Kibana's grammar and evaluated with Elasticsearch's semantics on
// every log indexed under the profile's mapping.
type Checker struct {
	Profile Profile
	Schemas *schema.Registry // the raw profile's log types (nil: the shipped registry)
}

// Name is "kql" for the raw profile and "kql-ecs" for the ecs profile.
func (c Checker) Name() string {
	if c.Profile == ECS {
		return "kql-ecs"
	}
	return "kql"
}

// Compile emits and parses back the rule's query.
func (c Checker) Compile(r *ir.Rule) (backends.Program, error) {
	q, m, err := CompileRuleWith(r, c.Profile, c.Schemas)
	if err != nil {
		return nil, err
	}
	n, err := Parse(q)
	if err != nil {
		return nil, fmt.Errorf("kql: rule %s: the emitted query does not parse (%v): %s", r.ID, err, q)
	}
	return &program{query: n, m: m, rule: r, target: "kql (" + c.Profile.String() + ")"}, nil
}

type program struct {
	query  Node
	m      Mapping
	rule   *ir.Rule
	target string
}

func (p *program) Eval(logs []any) ([]bool, error) {
	out := make([]bool, len(logs))
	for i, l := range logs {
		d := Index(l, p.m)
		if err := misfit(p.rule, p.target, p.m, l, d); err != nil {
			return nil, err
		}
		ok, err := Eval(p.query, d, p.m)
		if err != nil {
			return nil, fmt.Errorf("kql: %v", err)
		}
		out[i] = ok
	}
	return out, nil
}

// misfit reports, as an Unsupported error, a test log Elasticsearch would
// not index although it fits its log type's schema (a number beyond the
// double range, a term longer than Lucene's 32766 bytes): it is not in the
// index, so no query result can be compared with ir.Eval. A log that
// contradicts the schema (a string where the registry declares an object)
// is rejected too, but the template is written for logs that fit and
// rulec test marks such a log itself, so its result (false) is given.
func misfit(r *ir.Rule, target string, m Mapping, log any, d *Document) error {
	if d.Rejected == "" {
		return nil
	}
	if lt := m.logType(); lt != nil && m.Profile == Raw && !lt.Fits(log) {
		// The template is written for logs that fit; rulec test marks such
		// a log itself, so its (false) result is given, not an error.
		return nil
	}
	return ir.Unsupported(r, r.At, target, fmt.Sprintf("a test log Elasticsearch would not index (%s), so no query can match it", d.Rejected))
}
