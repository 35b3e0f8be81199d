// Package datamodel holds Panther's data models as a table: for each log type,
// the standard names a rule may use (event.udm("source_ip") in Python, plain
// source_ip in a condition) and the log path each one reads.
//
// The table (table_gen.go) is generated from panther-analysis data_models/*.yml
// and committed, so rulec works without those files:
//
//	go generate ./internal/datamodel
//
// reads ../shared/corpus/panther-data-models beside the repository, or
// $RULEC_SHARED/corpus/panther-data-models.
package datamodel

import (
	"fmt"
	"sort"
	"strings"
)

//go:generate go run ./gen -in ../../../shared/corpus/panther-data-models -out table_gen.go

// Mapping is one data-model name of one log type.
type Mapping struct {
	Path   string // the log path as the data model writes it ($.a.b, a.b); empty for a Method
	Method string // a Python function computing the value; rulec cannot express it
	Model  string // the data model file it comes from, for messages
}

// Lookup returns the mapping of name for logType.
func Lookup(logType, name string) (Mapping, bool) {
	m, ok := tables[logType][name]
	return m, ok
}

// LogTypes returns the log types that have a data model, sorted.
func LogTypes() []string { return logTypes }

// Names returns the data-model names of logType, sorted.
func Names(logType string) []string {
	var out []string
	for n := range tables[logType] {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Segments splits a data-model Path into the segments of an ir.Path. Panther
// writes paths as JSONPath ($.a.b) or plain dotted keys (a.b). Array indexes
// ($.a[0].b), wildcards and recursive descent select things an ir.Path cannot
// (a path applies to every element of an array), so they are an error.
func Segments(path string) ([]string, error) {
	p := strings.TrimSpace(path)
	if strings.Contains(p, "..") {
		return nil, fmt.Errorf("path %q uses recursive descent (..), which rulec cannot represent", path)
	}
	switch {
	case p == "$" || p == "":
		return nil, fmt.Errorf("path %q selects the whole event, not a field", path)
	case strings.HasPrefix(p, "$."):
		p = p[2:]
	case strings.HasPrefix(p, "$["):
		p = p[1:]
	}
	if strings.ContainsAny(p, "[]*") {
		return nil, fmt.Errorf("path %q indexes an array or uses a wildcard, which rulec cannot represent: a rulec path applies to every element of an array, not to one", path)
	}
	segs := strings.Split(p, ".")
	for _, s := range segs {
		if s == "" {
			return nil, fmt.Errorf("path %q has an empty segment", path)
		}
	}
	return segs, nil
}
