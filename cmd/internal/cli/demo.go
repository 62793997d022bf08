package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/lanes-dev/lanes/ingest"
	"github.com/lanes-dev/lanes/models"
	"github.com/lanes-dev/lanes/models/config"
	"github.com/lanes-dev/lanes/reports"
)

type demoOptions struct {
	*globalOptions
	data     string
	out      string
	loadedAt string
}

// sampleExportTime is when the bundled sample exports were taken
// (sample-data/README.md): the demo records its loads at that time, so that
// what it writes does not depend on the day it runs (the data quality
// table shows how far each source lags the latest load).
const sampleExportTime = "2026-09-28T08:00:00+02:00"

func newDemoCmd(g *globalOptions) *cobra.Command {
	o := &demoOptions{globalOptions: g}
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Run everything on the bundled sample data",
		Long: `Ingest the bundled sample-data/ (with its lanes.yaml), build every model, and
write the dashboard, the weekly report and the interrupts report of the
most interrupted engineering team into --out. The demo uses its own
warehouse, <out>/demo.duckdb, rebuilt from scratch each time. The loads are
recorded as taken at --loaded-at (by default the sample's export time), so
the outputs are byte-identical whatever day the demo runs.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return runDemo(cmd.Context(), o) },
	}
	cmd.Flags().StringVar(&o.data, "data", "sample-data", "folder with the sample exports and their lanes.yaml")
	cmd.Flags().StringVar(&o.out, "out", "out", "folder for the warehouse, dashboard and report")
	cmd.Flags().StringVar(&o.loadedAt, "loaded-at", sampleExportTime, "time the loads are recorded at (RFC 3339); empty uses the clock")
	return cmd
}

func runDemo(ctx context.Context, o *demoOptions) error {
	if _, err := os.Stat(o.data); err != nil {
		return withCode(ExitUsage, fmt.Errorf("sample data: %w (run lanes demo from the repository root, or pass --data)", err))
	}
	now := o.f.Now
	if o.loadedAt != "" {
		at, err := time.Parse(time.RFC3339, o.loadedAt)
		if err != nil {
			return withCode(ExitUsage, fmt.Errorf("--loaded-at %q: want a time like %s", o.loadedAt, sampleExportTime))
		}
		now = func() time.Time { return at }
	}
	cfgPath := filepath.Join(o.data, "lanes.yaml")
	if o.configPath != "" {
		cfgPath = o.configPath
	}
	cfg, err := config.Load(cfgPath, true)
	if err != nil {
		return withCode(ExitUsage, err)
	}
	if err := os.MkdirAll(o.out, 0o755); err != nil {
		return err
	}
	g := *o.globalOptions
	g.db = filepath.Join(o.out, "demo.duckdb")
	for _, p := range []string{g.db, g.db + ".wal"} {
		if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	wh, err := g.openWarehouse(ctx, cfg, false)
	if err != nil {
		return err
	}
	defer wh.Close()
	g.logf("ingesting %s", o.data)
	sum, err := ingestWith(ctx, &g, wh, cfg, ingest.Options{Paths: []string{o.data}, Now: now})
	if err != nil {
		return err
	}
	printIngestSummary(&g, sum)
	if err := buildWith(ctx, &g, wh, cfg, models.BuildOptions{}); err != nil {
		return err
	}
	dash := filepath.Join(o.out, "dashboard.html")
	if err := writeDashboard(ctx, &g, wh, cfg, "Support lanes: Northwind Labs (sample data)", pageOutput{path: dash, format: "html"}); err != nil {
		return err
	}
	rep := filepath.Join(o.out, "weekly-report.md")
	if err := writeWeekly(ctx, &g, wh, cfg, "", false, pageOutput{path: rep, format: "md"}); err != nil {
		return err
	}
	// The interrupts report is for the engineering team that absorbs the
	// most cross-team hours in the data.
	var team string
	err = wh.QueryRow(ctx, `select team from interruptions where team_class = 'engineering'
		group by team order by sum(total_hours) desc, team limit 1`).Scan(&team)
	if err != nil {
		return fmt.Errorf("demo: pick the most interrupted engineering team: %w", err)
	}
	irep := filepath.Join(o.out, "interrupts-report.md")
	if err := writeInterrupts(ctx, &g, wh, cfg, reports.InterruptsOptions{Team: team, Weeks: 12}, pageOutput{path: irep, format: "md"}); err != nil {
		return err
	}
	fmt.Fprintf(g.f.Out, "dashboard: %s\nweekly report: %s\ninterrupts report (team %s): %s\nwarehouse: %s (try: lanes --db %s sql -c \"select * from automation_candidates\")\n", dash, rep, team, irep, g.db, g.db)
	return nil
}
