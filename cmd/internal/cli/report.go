package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/lanes-dev/lanes/models/config"
	"github.com/lanes-dev/lanes/models/warehouse"
	"github.com/lanes-dev/lanes/reports"
)

type weeklyOptions struct {
	*globalOptions
	week   string
	out    string
	format string
	paper  string
	charts bool
}

type interruptsOptions struct {
	*globalOptions
	team   string
	week   string
	weeks  int
	out    string
	format string
	paper  string
}

// reportFormats are the --format values of the reports: the renderings
// package reports writes, and pdf, which prints the HTML with Chromium.
func reportFormats() []string { return append(reports.ReportFormats(), "pdf") }

func newReportCmd(g *globalOptions) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "report",
		Short: "Write reports",
	}
	o := &weeklyOptions{globalOptions: g}
	weekly := &cobra.Command{
		Use:   "weekly",
		Short: "The weekly report for IT managers (Markdown, HTML email, JSON or PDF)",
		Long: `The weekly report: what changed this week and why it matters. Volume by tool
with the top movers, time to resolve, backlog, interruptions between IT and
engineering, and the top automation candidates.

  --format md     Markdown, ready to paste (the default)
  --format html   an HTML email: inline styles and tables only, no script, no
                  external resource; bars are drawn with table cells
  --format json   the same figures as one JSON object with stable keys and
                  plain numbers (documented in reports.WeeklyReport)
  --format pdf    the HTML printed with headless Chromium (needs chromium)`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return runWeekly(cmd.Context(), o) },
	}
	weekly.Flags().StringVar(&o.week, "week", "", "ISO week, e.g. 2026-W10 (default: the latest complete week in the data)")
	weekly.Flags().StringVarP(&o.out, "output", "o", "-", "file to write; - for stdout")
	weekly.Flags().StringVar(&o.format, "format", "md", "output: "+strings.Join(reportFormats(), ", "))
	weekly.Flags().BoolVar(&o.charts, "charts", false, "embed charts as PNG images in the HTML email (needs Chromium; off by default because the images depend on the Chromium build)")
	addPaperFlag(weekly, &o.paper)

	ir := &interruptsOptions{globalOptions: g}
	interrupts := &cobra.Command{
		Use:   "interrupts --team NAME",
		Short: "The interrupt-cost report for an engineering lead",
		Long: `What cross-team interruptions cost one team: hours and cost per week with the
refocus range, where they come from (tools, request types, requesting teams),
who absorbs them (pseudonymized, and only for teams of at least 5 people), and
the (tool, request type) pairs whose fix would save the most hours.

  lanes report interrupts --team Platform
  lanes report interrupts --team Platform --weeks 8 --format html -o platform.html`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return runInterrupts(cmd.Context(), ir) },
	}
	interrupts.Flags().StringVar(&ir.team, "team", "", "the team, as named in lanes.yaml (required)")
	interrupts.Flags().StringVar(&ir.week, "week", "", "last ISO week of the window, e.g. 2026-W10 (default: the latest complete week in the data)")
	interrupts.Flags().IntVar(&ir.weeks, "weeks", 12, "how many weeks the window spans")
	interrupts.Flags().StringVarP(&ir.out, "output", "o", "-", "file to write; - for stdout")
	interrupts.Flags().StringVar(&ir.format, "format", "md", "output: "+strings.Join(reportFormats(), ", "))
	addPaperFlag(interrupts, &ir.paper)
	cmd.AddCommand(weekly, interrupts)
	return cmd
}

// checkReportFlags validates --format and --paper before anything is
// opened, and makes sure Chromium is there when a PDF is asked for.
func checkReportFlags(format, paper string) error {
	if format != "pdf" && !reports.KnownReportFormat(format) {
		return withCode(ExitUsage, fmt.Errorf("--format %q: want one of %s", format, strings.Join(reportFormats(), ", ")))
	}
	return checkPDF(format, paper)
}

// reportPageWidth is the width the report's HTML email is laid out at when
// printed: its 760-pixel column and margins.
const reportPageWidth = 800

// reportOutput is where a report goes: the file (or "-"), and the format
// it was asked in, pdf printing its HTML.
func reportOutput(path, format, paper string) pageOutput {
	return pageOutput{path: path, format: format, paper: paper, width: reportPageWidth}
}

func runWeekly(ctx context.Context, o *weeklyOptions) error {
	if err := checkReportFlags(o.format, o.paper); err != nil {
		return err
	}
	if o.charts {
		if o.format != "html" && o.format != "pdf" {
			return withCode(ExitUsage, fmt.Errorf("--charts: charts go into the HTML email or its PDF; use --format html or pdf, not %q", o.format))
		}
		if _, err := chromiumPath(); err != nil {
			o.logf("charts: Chromium not found, so the report is written without charts (the tables hold the same numbers); apt-get install chromium to draw them")
		}
	}
	return o.withWarehouse(ctx, true, func(cfg *config.Config, wh *warehouse.Warehouse) error {
		return writeWeekly(ctx, o.globalOptions, wh, cfg, o.week, o.charts, reportOutput(o.out, o.format, o.paper))
	})
}

// writeWeekly renders the weekly report for week and writes it.
func writeWeekly(ctx context.Context, g *globalOptions, wh *warehouse.Warehouse, cfg *config.Config, week string, charts bool, out pageOutput) error {
	var buf bytes.Buffer
	if err := reports.Weekly(ctx, wh, cfg, &buf, reports.WeeklyOptions{Week: week, Format: renderFormat(out.format), Charts: charts}); err != nil {
		return fmt.Errorf("weekly report: %w", err)
	}
	return g.publish(ctx, "weekly report", buf.Bytes(), out)
}

func runInterrupts(ctx context.Context, o *interruptsOptions) error {
	if strings.TrimSpace(o.team) == "" {
		return withCode(ExitUsage, errors.New("--team is required: name the team to report on (see `lanes report interrupts --help`)"))
	}
	if o.weeks < 1 {
		return withCode(ExitUsage, fmt.Errorf("--weeks %d: want 1 or more", o.weeks))
	}
	if err := checkReportFlags(o.format, o.paper); err != nil {
		return err
	}
	return o.withWarehouse(ctx, true, func(cfg *config.Config, wh *warehouse.Warehouse) error {
		return writeInterrupts(ctx, o.globalOptions, wh, cfg, reports.InterruptsOptions{Team: o.team, Week: o.week, Weeks: o.weeks},
			reportOutput(o.out, o.format, o.paper))
	})
}

// writeInterrupts renders the interrupts report for opts.Team and writes it.
func writeInterrupts(ctx context.Context, g *globalOptions, wh *warehouse.Warehouse, cfg *config.Config, opts reports.InterruptsOptions, out pageOutput) error {
	opts.Format = renderFormat(out.format)
	opts.MinGroupSize = cfg.Privacy.MinGroupSize
	var buf bytes.Buffer
	err := reports.Interrupts(ctx, wh, cfg, &buf, opts)
	var unknown *reports.UnknownTeamError
	if errors.As(err, &unknown) {
		return withCode(ExitUsage, fmt.Errorf("interrupts report: %w", err))
	}
	if err != nil {
		return fmt.Errorf("interrupts report: %w", err)
	}
	return g.publish(ctx, "interrupts report", buf.Bytes(), out)
}
