// Package strmatch holds the text facts every evaluator of rulec shares:
// glob patterns (the condition language's wildcard) and case folding (the
// version 2 "~" operators). The reference evaluator (package ir), the scan
// evaluator and the runtime that generated Go matchers import (package
// match) all use this one package, so a glob or a folded comparison means
// the same thing everywhere. It depends on the standard library only.
package strmatch
