package cli

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"

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
	cmd.Flags().StringVar(&o.paper, "paper", "a4", "paper for --format pdf: a4 or letter")
	return cmd
}

func runDashboard(ctx context.Context, o *dashboardOptions) error {
	if o.format != "html" && o.format != "pdf" {
		return withCode(ExitUsage, fmt.Errorf("--format %q: want html or pdf", o.format))
	}
	if err := checkPDF(o.format, o.paper); err != nil {
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
	if o.format == "pdf" {
		return writeDashboardPDF(ctx, o.globalOptions, wh, cfg, o.out, o.title, o.paper)
	}
	return writeDashboard(ctx, o.globalOptions, wh, cfg, o.out, o.title)
}

func writeDashboard(ctx context.Context, g *globalOptions, wh *warehouse.Warehouse, cfg *config.Config, out, title string) error {
	var buf bytes.Buffer
	if err := dashboards.Render(ctx, wh, cfg, &buf, dashboards.Options{Title: title}); err != nil {
		return fmt.Errorf("dashboard: %w", err)
	}
	if err := writeOutput(g, out, buf.Bytes()); err != nil {
		return err
	}
	if out != "-" {
		g.logf("wrote %s (%d KB)", out, (buf.Len()+1023)/1024)
	}
	return nil
}

// writeOutput writes data to path atomically (temp file + rename), or to
// stdout for "-".
func writeOutput(g *globalOptions, path string, data []byte) error {
	if path == "-" {
		_, err := g.f.Out.Write(data)
		return err
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".lanes-*")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
