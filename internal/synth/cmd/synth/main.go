// Command synth writes synthetic CloudTrail events as NDJSON, for load
// tests of `rulec scan`: go run ./internal/synth/cmd/synth -bytes 1e9 > /tmp/ct.ndjson
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"

	"github.com/rulec/rulec/internal/synth"
)

func main() {
	n := flag.Int("n", 0, "number of events (or use -bytes)")
	size := flag.Float64("bytes", 0, "write events until this many bytes")
	seed := flag.Uint64("seed", 1, "generator seed")
	flag.Parse()
	if *n <= 0 && *size <= 0 {
		fmt.Fprintln(os.Stderr, "synth: give -n or -bytes")
		os.Exit(2)
	}
	g := synth.New(*seed)
	w := bufio.NewWriterSize(os.Stdout, 1<<20)
	var buf []byte
	var written int64
	for i := 0; (*n <= 0 || i < *n) && (*size <= 0 || float64(written) < *size); i++ {
		buf = append(g.Append(buf[:0]), '\n')
		if _, err := w.Write(buf); err != nil {
			fmt.Fprintln(os.Stderr, "synth:", err)
			os.Exit(1)
		}
		written += int64(len(buf))
	}
	if err := w.Flush(); err != nil {
		fmt.Fprintln(os.Stderr, "synth:", err)
		os.Exit(1)
	}
}
