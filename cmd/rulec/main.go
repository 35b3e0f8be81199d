// Command rulec compiles detection rules into Sigma, Elastic KQL, Athena SQL
// and Go. See `rulec --help`.
package main

import (
	"context"
	"os"
	"os/signal"
)

import "github.com/rulec/rulec/internal/cli"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := cli.Run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
