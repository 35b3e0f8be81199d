package parser

import (
	"fmt"
	"sort"
	"strings"

	"github.com/rulec/rulec/internal/datamodel"
	"github.com/rulec/rulec/ir"
)

// ResolveDataModel rewrites the fields of r's condition that are Panther
// data-model names of r's log types (log_status on AWS.VPCFlow) to the log
// paths they stand for (status). Each resolved ir.Path keeps the name as
// written in Alias, so messages and ir.Format still show it.
//
// A name is resolved only when every log type of the rule reads the same path
// through it; a log type without that name reads the name itself. When the
// log types disagree, or a name maps to a Python method or to a path rulec
// cannot represent, the predicate gets a positioned error: guessing one path
// would silently change what the rule matches on the other log types.
func ResolveDataModel(r *ir.Rule) ir.ErrorList {
	var errs ir.ErrorList
	if r.Cond == nil || len(r.LogTypes) == 0 {
		return nil
	}
	rootPaths(r.Cond, func(p *ir.Path, at ir.Pos) {
		if p.Alias != "" || p.IsElem() {
			return // already resolved, or "@"
		}
		name := p.String()
		segs, err := resolveName(name, r.LogTypes)
		if err != nil {
			errs.Addf(r.File, at, ir.CodeDataModel, "rule %s: %v", r.ID, err)
			return
		}
		if segs != nil {
			*p = ir.Path{Segs: segs, Alias: name}
		}
	})
	return errs
}

// rootPaths calls f for every path of e that is read from the event root,
// with where it is written: predicate fields and both paths of a field
// reference outside any quantifier, and the path of each outermost
// quantifier. Paths inside a quantifier's condition are relative to its
// elements, so they are keys of the element, never data-model names.
func rootPaths(e ir.Expr, f func(p *ir.Path, at ir.Pos)) {
	ir.Walk(e, func(x ir.Expr) bool {
		switch x := x.(type) {
		case *ir.Pred:
			f(&x.Field, x.At)
		case *ir.FieldPred:
			f(&x.Field, x.At)
			f(&x.Ref, x.RefPos)
		case *ir.Quant:
			f(&x.Path, x.At)
			return false
		}
		return true
	})
}

// resolveName returns the segments name stands for on logTypes, or nil when
// it is no data-model name of theirs.
func resolveName(name string, logTypes []string) ([]string, error) {
	type reading struct {
		logType string
		path    string
	}
	var readings []reading
	mapped := false
	for _, lt := range logTypes {
		m, ok := datamodel.Lookup(lt, name)
		if !ok {
			readings = append(readings, reading{lt, name})
			continue
		}
		mapped = true
		if m.Method != "" {
			return nil, fmt.Errorf("field %q is a %s data-model name computed by the Python method %s (%s), which rulec cannot express; write the log field it reads instead", name, lt, m.Method, m.Model)
		}
		segs, err := datamodel.Segments(m.Path)
		if err != nil {
			return nil, fmt.Errorf("field %q is the %s data-model name for %s (%s), which rulec cannot represent: %v", name, lt, m.Path, m.Model, err)
		}
		readings = append(readings, reading{lt, strings.Join(segs, ".")})
	}
	if !mapped {
		return nil, nil
	}
	paths := map[string][]string{}
	for _, rd := range readings {
		paths[rd.path] = append(paths[rd.path], rd.logType)
	}
	if len(paths) > 1 {
		var parts []string
		for p, lts := range paths {
			parts = append(parts, fmt.Sprintf("%s on %s", p, strings.Join(lts, ", ")))
		}
		sort.Strings(parts)
		return nil, fmt.Errorf("data-model name %q reads different fields per log type (%s); write one predicate per log type, e.g. (p_log_type eq %q and %s ...)",
			name, strings.Join(parts, "; "), readings[0].logType, readings[0].path)
	}
	return strings.Split(readings[0].path, "."), nil
}
