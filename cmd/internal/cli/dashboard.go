package cli

import (
	"bytes"
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/lanes-dev/lanes/dashboards"
	"github.com/lanes-dev/lanes/models/config"
	"github.com/lanes-dev/lanes/models/warehouse"
)

type dashboardOptions struct {
	*globalOptions
	out    string
	title  string
	format string
	paper  string
}

func newDashboardCmd(g *globalOptions) *cobra.Command {
	o := &dashboardOptions{globalOptions: g}
	cmd := &cobra.Command{
		Use:   "dashboard",
		Short: "Write the self-contained HTML dashboard",
		Long: `Write the dashboard: one HTML file with every chart and its numbers, ECharts
embedded, no external URL. It opens from disk with no network. The warehouse is
opened read-only. With --format pdf the page is printed with headless
Chromium instead (lanes dashboard --format pdf -o out/dashboard.pdf).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if o.format == "pdf" && !cmd.Flags().Changed("output") {
				o.out = "out/dashboard.pdf"
			}
			return runDashboard(cmd.Context(), o)
		},
	}
	cmd.Flags().StringVarP(&o.out, "output", "o", "out/dashboard.html", "file to write; - for stdout (default out/dashboard.pdf with --format pdf)")
	cmd.Flags().StringVar(&o.title, "title", "Support lanes", "dashboard title")
	cmd.Flags().StringVar(&o.format, "format", "html", "output: html or pdf (printed with Chromium)")
	addPaperFlag(cmd, &o.paper)
	return cmd
}

func runDashboard(ctx context.Context, o *dashboardOptions) error {
	if o.format != "html" && o.format != "pdf" {
		return withCode(ExitUsage, fmt.Errorf("--format %q: want html or pdf", o.format))
	}
	if err := checkPDF(o.format, o.paper); err != nil {
		return err
	}
	return o.withWarehouse(ctx, true, func(cfg *config.Config, wh *warehouse.Warehouse) error {
		return writeDashboard(ctx, o.globalOptions, wh, cfg, o.title, pageOutput{path: o.out, format: o.format, paper: o.paper})
	})
}

// dashboardPageWidth is the width the dashboard is laid out at when
// printed, so its charts are drawn at a desktop size and scaled to the paper.
const dashboardPageWidth = 1100

// writeDashboard renders the dashboard and writes it as HTML, or prints it
// with Chromium once every chart is drawn.
func writeDashboard(ctx context.Context, g *globalOptions, wh *warehouse.Warehouse, cfg *config.Config, title string, out pageOutput) error {
	var buf bytes.Buffer
	if err := dashboards.Render(ctx, wh, cfg, &buf, dashboards.Options{Title: title, Currency: cfg.CurrencyPrefix()}); err != nil {
		return fmt.Errorf("dashboard: %w", err)
	}
	out.width, out.charts = dashboardPageWidth, true
	return g.publish(ctx, "dashboard", buf.Bytes(), out)
}
