package cli

import (
	"bytes"
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/lanes-dev/lanes/models/config"
	"github.com/lanes-dev/lanes/models/warehouse"
	"github.com/lanes-dev/lanes/reports"
)

type weeklyOptions struct {
	*globalOptions
	week string
	out  string
}

func newReportCmd(g *globalOptions) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "report",
		Short: "Write reports",
	}
	o := &weeklyOptions{globalOptions: g}
	weekly := &cobra.Command{
		Use:   "weekly",
		Short: "The weekly report for IT managers (Markdown)",
		Long: `The weekly report: what changed this week and why it matters. Volume by tool
with the top movers, time to resolve, backlog, interruptions between IT and
engineering, and the top automation candidates. Markdown, ready to paste.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return runWeekly(cmd.Context(), o) },
	}
	weekly.Flags().StringVar(&o.week, "week", "", "ISO week, e.g. 2026-W10 (default: the latest complete week in the data)")
	weekly.Flags().StringVarP(&o.out, "output", "o", "-", "file to write; - for stdout")
	cmd.AddCommand(weekly)
	return cmd
}

func runWeekly(ctx context.Context, o *weeklyOptions) error {
	cfg, err := o.loadConfig()
	if err != nil {
		return err
	}
	wh, err := o.openWarehouse(ctx, cfg, true)
	if err != nil {
		return err
	}
	defer wh.Close()
	return writeWeekly(ctx, o.globalOptions, wh, cfg, o.week, o.out)
}

func writeWeekly(ctx context.Context, g *globalOptions, wh *warehouse.Warehouse, cfg *config.Config, week, out string) error {
	var buf bytes.Buffer
	if err := reports.Weekly(ctx, wh, cfg, &buf, reports.WeeklyOptions{Week: week}); err != nil {
		return fmt.Errorf("weekly report: %w", err)
	}
	if err := writeOutput(g, out, buf.Bytes()); err != nil {
		return err
	}
	if out != "-" {
		g.logf("wrote %s", out)
	}
	return nil
}
