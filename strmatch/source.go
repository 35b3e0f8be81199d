package strmatch

import "embed"

// Source holds this package's own Go files: the runtime of generated Go
// matchers (package match) imports this package, so `rulec test` builds
// them in a scratch module with both.
//
//go:embed *.go
var Source embed.FS
