package match

import "embed"

// Source holds this package's own Go files, so that `rulec test` can build
// generated matchers in a scratch module without the rulec source tree.
//
//go:embed *.go
var Source embed.FS
