package ir

import "github.com/rulec/rulec/strmatch"

// The glob pattern of the wildcard operators lives in package strmatch, which
// the generated-code runtime shares; these names keep ir's vocabulary whole.
type (
	Glob       = strmatch.Glob
	GlobPart   = strmatch.GlobPart
	PartKind   = strmatch.PartKind
	ClassRange = strmatch.ClassRange
)

const (
	PartLit    = strmatch.PartLit
	PartAnyRun = strmatch.PartAnyRun
	PartAnyOne = strmatch.PartAnyOne
	PartClass  = strmatch.PartClass
)

// ParseGlob splits a wildcard pattern (see strmatch.ParseGlob).
func ParseGlob(src string) (*Glob, error) { return strmatch.ParseGlob(src) }
