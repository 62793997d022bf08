package cli

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/lanes-dev/lanes/models"
	"github.com/lanes-dev/lanes/models/config"
	"github.com/lanes-dev/lanes/models/warehouse"
)

type buildOptions struct {
	*globalOptions
	selectors []string
	showNames bool
}

func newBuildCmd(g *globalOptions) *cobra.Command {
	o := &buildOptions{globalOptions: g}
	cmd := &cobra.Command{
		Use:   "build",
		Short: "Build the SQL models and run their data tests",
		Long: `Build every model (or those chosen with --select) in dependency order inside
one transaction, then run the data tests declared in each model's .yml. A
failing model leaves the previous build in place; failing tests list their
rows and exit with code 5.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return runBuild(cmd.Context(), o) },
	}
	cmd.Flags().StringSliceVarP(&o.selectors, "select", "s", nil, "models to build; +name also builds what name depends on")
	cmd.Flags().BoolVar(&o.showNames, "show-names", false, "keep people's real names in per-person tables instead of pseudonyms (privacy.show_names)")
	return cmd
}

func runBuild(ctx context.Context, o *buildOptions) error {
	return o.withWarehouse(ctx, false, func(cfg *config.Config, wh *warehouse.Warehouse) error {
		if o.showNames {
			cfg.Privacy.ShowNames = true
		}
		return buildWith(ctx, o.globalOptions, wh, cfg, models.BuildOptions{Select: o.selectors})
	})
}

func buildWith(ctx context.Context, g *globalOptions, wh *warehouse.Warehouse, cfg *config.Config, opts models.BuildOptions) error {
	opts.Progress = func(m models.ModelResult) {
		g.debugf("  built %-28s %9d rows  %s  cpu %s", m.Name, m.Rows, m.Duration.Round(1e6), m.CPU.Round(1e6))
	}
	res, err := models.Build(ctx, wh, cfg, opts)
	if err != nil {
		return fmt.Errorf("build: %w\nthe previous build is unchanged", err)
	}
	var rows int64
	for _, m := range res.Models {
		rows += m.Rows
	}
	failed := 0
	for _, t := range res.Tests {
		if t.Failures == 0 {
			continue
		}
		failed++
		fmt.Fprintf(g.f.Err, "FAIL %s %s: %d failing row(s)\n", t.Model, t.Name, t.Failures)
		for _, s := range t.Sample {
			fmt.Fprintf(g.f.Err, "    %s\n", s)
		}
	}
	g.debugf("  data tests %s, published in %s", res.TestTime.Round(1e6), res.Publish.Round(1e6))
	g.logf("built %d model(s), %d rows; %d data test(s), %d failed", len(res.Models), rows, len(res.Tests), failed)
	if res.Failed() {
		return withCode(ExitTestsFailed, fmt.Errorf("%d data test(s) failed: %s", failed, strings.Join(failedNames(res), ", ")))
	}
	return nil
}

func failedNames(res models.BuildResult) []string {
	var out []string
	for _, t := range res.Tests {
		if t.Failures > 0 {
			out = append(out, t.Model+"."+t.Name)
		}
	}
	return out
}
