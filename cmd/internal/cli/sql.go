package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/lanes-dev/lanes/models"
	"github.com/lanes-dev/lanes/models/warehouse"
	"github.com/lanes-dev/lanes/reports"
)

type sqlOptions struct {
	*globalOptions
	command string
	file    string
	format  string
}

func newSQLCmd(g *globalOptions) *cobra.Command {
	o := &sqlOptions{globalOptions: g}
	cmd := &cobra.Command{
		Use:   "sql [-c QUERY | -f FILE]",
		Short: "Run read-only SQL against the warehouse",
		Long: `Run a query against the warehouse, opened read-only, and print the result.
The query comes from -c, from -f FILE, or from standard input. Tables are
documented in docs/tables.md. The macros the models share can be called
too: person_key(name, german) gives the key the models count a person by
(docs/models.md).

  lanes sql -c "select tool, sum(tickets) from volume_by_tool group by all order by 2 desc"
  lanes sql -c "select person_key('Lee, Ann', false)"
  lanes sql --format csv -f top-intents.sql > intents.csv`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return runSQL(cmd.Context(), o) },
	}
	cmd.Flags().StringVarP(&o.command, "command", "c", "", "the query")
	cmd.Flags().StringVarP(&o.file, "file", "f", "", "read the query from this file")
	cmd.Flags().StringVar(&o.format, "format", "table", "output: table, csv, json or markdown")
	return cmd
}

func runSQL(ctx context.Context, o *sqlOptions) error {
	if o.command != "" && o.file != "" {
		return withCode(ExitUsage, errors.New("give the query with -c or -f, not both"))
	}
	if !reports.KnownFormat(o.format) {
		return withCode(ExitUsage, fmt.Errorf("--format %q: want one of %s", o.format, strings.Join(reports.Formats(), ", ")))
	}
	query := o.command
	switch {
	case o.file != "":
		b, err := os.ReadFile(o.file)
		if err != nil {
			return withCode(ExitUsage, err)
		}
		query = string(b)
	case query == "":
		b, err := io.ReadAll(o.f.In)
		if err != nil {
			return err
		}
		query = string(b)
	}
	if strings.TrimSpace(query) == "" {
		return withCode(ExitUsage, errors.New("no query: use -c, -f or standard input"))
	}
	// The configuration only sets the warehouse's memory limit and
	// threads here (warehouse.memory_limit, warehouse.threads).
	cfg, err := o.loadConfig()
	if err != nil {
		return err
	}
	// The models' macros (person_key, ...) are created on each connection,
	// as temporary macros: the file stays read-only.
	wh, err := o.openWarehouseWith(ctx, cfg, warehouse.Options{ReadOnly: true, ConnectionSQL: models.Macros()})
	if err != nil {
		return err
	}
	defer wh.Close()
	res, err := reports.Query(ctx, wh, query)
	if err != nil {
		return withCode(ExitUsage, fmt.Errorf("query: %w", err))
	}
	defer res.Rows.Close()
	return reports.WriteResult(o.f.Out, res, o.format)
}
