// Command lanes loads ticket exports into a DuckDB warehouse, builds the
// support-analytics models and publishes a dashboard and weekly reports.
package main

import (
	"os"

	"github.com/lanes-dev/lanes/cmd/internal/cli"
)

func main() { os.Exit(cli.Main(os.Args[1:], cli.System())) }
