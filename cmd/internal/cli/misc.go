package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"runtime/debug"

	"github.com/spf13/cobra"

	"github.com/lanes-dev/lanes/ingest"
	"github.com/lanes-dev/lanes/models/config"
	"github.com/lanes-dev/lanes/models/warehouse"
)

// Version is set at build time with -ldflags "-X ...cli.Version=v1.2.3".
var Version = ""

func version() string {
	if Version != "" {
		return Version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}

func duckdbVersion(ctx context.Context) string {
	wh, err := warehouse.Open(ctx, ":memory:", warehouse.Options{})
	if err != nil {
		return "unavailable: " + err.Error()
	}
	defer wh.Close()
	var v string
	if err := wh.QueryRow(ctx, "select version()").Scan(&v); err != nil {
		return "unavailable: " + err.Error()
	}
	return v
}

func newVersionCmd(g *globalOptions) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print lanes' version and the DuckDB version it embeds",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			fmt.Fprintf(g.f.Out, "lanes %s (DuckDB %s, %s, %s/%s)\n", version(), duckdbVersion(cmd.Context()), runtime.Version(), runtime.GOOS, runtime.GOARCH)
			return nil
		},
	}
}

type initOptions struct {
	*globalOptions
	force bool
	path  string
}

func newInitCmd(g *globalOptions) *cobra.Command {
	o := &initOptions{globalOptions: g}
	cmd := &cobra.Command{
		Use:   "init",
		Short: "Write a commented starter lanes.yaml",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			path := o.path
			if path == "" {
				path = "lanes.yaml"
				if o.configPath != "" {
					path = o.configPath
				}
			}
			if _, err := os.Stat(path); err == nil && !o.force {
				return withCode(ExitUsage, fmt.Errorf("%s exists; pass --force to overwrite it", path))
			}
			if err := os.WriteFile(path, config.Starter(), 0o644); err != nil {
				return err
			}
			g.logf("wrote %s: edit teams, tools, calendar and sources, then run `lanes ingest`", path)
			return nil
		},
	}
	cmd.Flags().BoolVar(&o.force, "force", false, "overwrite an existing file")
	cmd.Flags().StringVarP(&o.path, "output", "o", "", "where to write (default lanes.yaml, or --config)")
	return cmd
}

func newDoctorCmd(g *globalOptions) *cobra.Command {
	return &cobra.Command{
		Use:   "doctor",
		Short: "Check the installation, configuration and warehouse",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			out := g.f.Out
			problems := 0
			check := func(ok bool, what, detail string) {
				mark := "ok  "
				if !ok {
					mark = "FAIL"
					problems++
				}
				fmt.Fprintf(out, "%s %-12s %s\n", mark, what, detail)
			}
			info := func(what, detail string) { fmt.Fprintf(out, "     %-12s %s\n", what, detail) }
			info("lanes", version()+" "+runtime.Version())
			dv := duckdbVersion(ctx)
			check(dv != "" && dv[0] == 'v', "duckdb", dv+" (extension downloads disabled)")

			cfg, err := g.loadConfig()
			switch {
			case err != nil:
				check(false, "config", err.Error())
			case cfg.File == "":
				check(true, "config", "no lanes.yaml: built-in defaults (run `lanes init` for a starter)")
			default:
				check(true, "config", cfg.File)
			}
			if err == nil {
				// A source whose path matches nothing is read as no
				// source at all (detected, the calendar's time zone, no
				// mapping): lanes ingest cannot tell a typo from a run
				// that holds none of its files, so doctor looks.
				problems := ingest.CheckSourcePaths(cfg)
				for _, p := range problems {
					check(false, "sources", p)
				}
				paths := 0
				for _, s := range cfg.Sources {
					if s.Path != "" {
						paths++
					}
				}
				if paths > 0 && len(problems) == 0 {
					check(true, "sources", fmt.Sprintf("the path of each of %d source(s) matches files", paths))
				}
			}

			if _, err := os.Stat(g.db); errors.Is(err, os.ErrNotExist) {
				info("warehouse", g.db+" does not exist yet (lanes ingest creates it)")
			} else {
				wh, err := warehouse.Open(ctx, g.db, warehouse.Options{ReadOnly: true})
				if err != nil {
					check(false, "warehouse", err.Error())
				} else {
					var tickets, runs, rejects int64
					_ = wh.QueryRow(ctx, "select (select count(*) from tickets), (select count(*) from ingest_runs), (select count(*) from rejects)").Scan(&tickets, &runs, &rejects)
					var built int
					_ = wh.QueryRow(ctx, "select count(*) from information_schema.tables where table_name = 'int_tickets'").Scan(&built)
					state := "models built"
					if built == 0 {
						state = "models not built yet: run `lanes build`"
					}
					check(true, "warehouse", fmt.Sprintf("%s: schema v%d, %d tickets from %d file(s), %d rejects; %s", g.db, warehouse.SchemaVersion(), tickets, runs, rejects, state))
					wh.Close()
				}
			}

			if p, err := chromiumPath(); err == nil {
				info("chromium", p+" (PDF output and browser tests available)")
			} else {
				info("chromium", "not found: PDF output and browser tests need it (apt-get install chromium)")
			}
			if problems > 0 {
				return fmt.Errorf("%d problem(s) found", problems)
			}
			return nil
		},
	}
}

func chromiumPath() (string, error) {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", errors.New("chromium not found")
}
