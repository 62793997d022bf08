package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/lanes-dev/lanes/dashboards"
	"github.com/lanes-dev/lanes/dashboards/pdf"
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
	weekly.Flags().StringVar(&o.paper, "paper", "a4", "paper for --format pdf: "+strings.Join(pdf.Papers(), " or "))

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
	interrupts.Flags().StringVar(&ir.paper, "paper", "a4", "paper for --format pdf: "+strings.Join(pdf.Papers(), " or "))
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

// pdfAvailable reports whether Chromium is installed; tests replace it.
var pdfAvailable = pdf.Available

// errNoChromium is the message for --format pdf without Chromium.
var errNoChromium = errors.New("--format pdf needs Chromium: apt-get install chromium (or set LANES_CHROMIUM to its path)")

// checkPDF validates --paper and finds Chromium when format is pdf.
func checkPDF(format, paper string) error {
	if format != "pdf" {
		return nil
	}
	if !pdf.KnownPaper(paper) {
		return withCode(ExitUsage, fmt.Errorf("--paper %q: want one of %s", paper, strings.Join(pdf.Papers(), ", ")))
	}
	if !pdfAvailable() {
		return withCode(ExitUsage, errNoChromium)
	}
	return nil
}

// printPDF prints an HTML page to PDF; width is the CSS width the page is
// laid out at before it is scaled to the paper.
func printPDF(ctx context.Context, html []byte, paper string, width int, charts bool) ([]byte, error) {
	out, err := pdf.Print(ctx, html, pdf.Options{Paper: paper, Width: width, WaitForCharts: charts})
	if errors.Is(err, pdf.ErrNoChromium) {
		return nil, withCode(ExitUsage, errNoChromium)
	}
	return out, err
}

// reportPageWidth is the width the report's HTML email is laid out at when
// printed: its 760-pixel column and margins.
const reportPageWidth = 800

func runWeekly(ctx context.Context, o *weeklyOptions) error {
	if err := checkReportFlags(o.format, o.paper); err != nil {
		return err
	}
	cfg, err := o.loadConfig()
	if err != nil {
		return err
	}
	wh, err := o.openWarehouse(ctx, cfg, true)
	if err != nil {
		return err
	}
	defer wh.Close()
	return writeWeeklyAs(ctx, o.globalOptions, wh, cfg, o.week, o.out, o.format, o.paper)
}

// writeWeekly writes the Markdown weekly report (lanes demo).
func writeWeekly(ctx context.Context, g *globalOptions, wh *warehouse.Warehouse, cfg *config.Config, week, out string) error {
	return writeWeeklyAs(ctx, g, wh, cfg, week, out, "md", "")
}

func writeWeeklyAs(ctx context.Context, g *globalOptions, wh *warehouse.Warehouse, cfg *config.Config, week, out, format, paper string) error {
	var buf bytes.Buffer
	render := format
	if format == "pdf" {
		render = "html"
	}
	if err := reports.Weekly(ctx, wh, cfg, &buf, reports.WeeklyOptions{Week: week, Format: render}); err != nil {
		return fmt.Errorf("weekly report: %w", err)
	}
	return finishReport(ctx, g, buf.Bytes(), out, format, paper)
}

// finishReport prints the HTML to PDF when asked and writes the result.
func finishReport(ctx context.Context, g *globalOptions, data []byte, out, format, paper string) error {
	if format == "pdf" {
		var err error
		if data, err = printPDF(ctx, data, paper, reportPageWidth, false); err != nil {
			return fmt.Errorf("print PDF: %w", err)
		}
	}
	if err := writeOutput(g, out, data); err != nil {
		return err
	}
	if out != "-" {
		g.logf("wrote %s", out)
	}
	return nil
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
	cfg, err := o.loadConfig()
	if err != nil {
		return err
	}
	wh, err := o.openWarehouse(ctx, cfg, true)
	if err != nil {
		return err
	}
	defer wh.Close()
	render := o.format
	if o.format == "pdf" {
		render = "html"
	}
	var buf bytes.Buffer
	err = reports.Interrupts(ctx, wh, cfg, &buf, reports.InterruptsOptions{
		Team: o.team, Week: o.week, Weeks: o.weeks, Format: render, MinGroupSize: cfg.Privacy.MinGroupSize,
	})
	if err != nil {
		var unknown *reports.UnknownTeamError
		if errors.As(err, &unknown) {
			return withCode(ExitUsage, fmt.Errorf("interrupts report: %w", err))
		}
		return fmt.Errorf("interrupts report: %w", err)
	}
	return finishReport(ctx, o.globalOptions, buf.Bytes(), o.out, o.format, o.paper)
}

// dashboardPageWidth is the width the dashboard is laid out at when
// printed, so its charts are drawn at a desktop size and scaled to the paper.
const dashboardPageWidth = 1100

// writeDashboardPDF renders the dashboard and prints it with Chromium once
// every chart is drawn.
func writeDashboardPDF(ctx context.Context, g *globalOptions, wh *warehouse.Warehouse, cfg *config.Config, out, title, paper string) error {
	var buf bytes.Buffer
	if err := dashboards.Render(ctx, wh, cfg, &buf, dashboards.Options{Title: title}); err != nil {
		return fmt.Errorf("dashboard: %w", err)
	}
	data, err := printPDF(ctx, buf.Bytes(), paper, dashboardPageWidth, true)
	if err != nil {
		return fmt.Errorf("dashboard: print PDF: %w", err)
	}
	if err := writeOutput(g, out, data); err != nil {
		return err
	}
	if out != "-" {
		g.logf("wrote %s (%d KB)", out, (len(data)+1023)/1024)
	}
	return nil
}
