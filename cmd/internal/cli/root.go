// Package cli wires lanes' commands. Each verb has an options struct, a
// constructor that binds cobra flags, and a run function that takes the
// options and returns an error; streams and the clock come from Factory so
// tests run commands without a terminal.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"
	"github.com/vbauerster/cupwriter"

	"github.com/lanes-dev/lanes/ingest"
	"github.com/lanes-dev/lanes/models"
	"github.com/lanes-dev/lanes/models/config"
	"github.com/lanes-dev/lanes/models/warehouse"
)

// Factory supplies the outside world to commands.
type Factory struct {
	In             io.Reader
	Out            io.Writer // data
	Err            io.Writer // logs and progress
	StderrTerminal bool
	// StderrWidth is the terminal's width in columns, 0 when it does not
	// say (a pseudo-terminal of size 0x0); nil means unknown.
	StderrWidth func() int
	Now         func() time.Time
	Getenv      func(string) string
}

// defaultDB is the warehouse file when --db is not given.
const defaultDB = "lanes.duckdb"

// System is the factory for a real process.
func System() *Factory {
	return &Factory{
		In:             os.Stdin,
		Out:            os.Stdout,
		Err:            os.Stderr,
		StderrTerminal: isTerminal(os.Stderr),
		StderrWidth: func() int {
			w, _, err := cupwriter.New(os.Stderr, false).GetTermSize()
			if err != nil {
				return 0
			}
			return w
		},
		Now:    time.Now,
		Getenv: os.Getenv,
	}
}

func isTerminal(f *os.File) bool {
	info, err := f.Stat()
	if err != nil {
		return false
	}
	return info.Mode()&os.ModeCharDevice != 0
}

// globalOptions are the flags every command shares.
type globalOptions struct {
	f          *Factory
	db         string
	configPath string
	progress   string
	quiet      bool
	verbose    bool
}

// logf writes a log line to stderr unless -q.
func (g *globalOptions) logf(format string, args ...any) {
	if g.quiet {
		return
	}
	fmt.Fprintf(g.f.Err, format+"\n", args...)
}

// debugf writes only with -v.
func (g *globalOptions) debugf(format string, args ...any) {
	if g.verbose && !g.quiet {
		fmt.Fprintf(g.f.Err, format+"\n", args...)
	}
}

// loadConfig reads --config, or lanes.yaml when present, or the defaults.
func (g *globalOptions) loadConfig() (*config.Config, error) {
	if g.configPath != "" {
		c, err := config.Load(g.configPath, false)
		return c, withCode(ExitUsage, err)
	}
	c, err := config.Load("lanes.yaml", true)
	return c, withCode(ExitUsage, err)
}

// openWarehouse opens --db for writing or reading.
func (g *globalOptions) openWarehouse(ctx context.Context, cfg *config.Config, readOnly bool) (*warehouse.Warehouse, error) {
	return g.openWarehouseWith(ctx, cfg, warehouse.Options{ReadOnly: readOnly})
}

// openWarehouseWith opens --db with opts, its memory limit and threads
// from the configuration.
func (g *globalOptions) openWarehouseWith(ctx context.Context, cfg *config.Config, opts warehouse.Options) (*warehouse.Warehouse, error) {
	if opts.ReadOnly {
		if _, err := os.Stat(g.db); err != nil {
			return nil, withCode(ExitUsage, fmt.Errorf("warehouse %s does not exist: run `lanes ingest PATH` and `lanes build` first (or pass --db)", g.db))
		}
	}
	if cfg != nil {
		opts.MemoryLimit = cfg.Warehouse.MemoryLimit
		opts.Threads = cfg.Warehouse.Threads
	}
	wh, err := warehouse.Open(ctx, g.db, opts)
	if err != nil {
		return nil, err
	}
	// Once, when this open upgraded a warehouse that held tickets: what
	// the change does not correct in the data loaded before it.
	for _, n := range wh.Notices() {
		g.logf("note: warehouse %s upgraded by migration %s", g.db, n)
	}
	return wh, nil
}

// withWarehouse loads the configuration, opens --db with it and runs fn,
// closing the warehouse when fn returns.
func (g *globalOptions) withWarehouse(ctx context.Context, readOnly bool, fn func(*config.Config, *warehouse.Warehouse) error) error {
	cfg, err := g.loadConfig()
	if err != nil {
		return err
	}
	wh, err := g.openWarehouse(ctx, cfg, readOnly)
	if err != nil {
		return err
	}
	defer wh.Close()
	return fn(cfg, wh)
}

// showProgress reports whether bars may be drawn.
func (g *globalOptions) showProgress() bool {
	switch g.progress {
	case "always":
		return !g.quiet
	case "never":
		return false
	default:
		return !g.quiet && g.f.StderrTerminal && g.f.Getenv("CI") == ""
	}
}

// NewRoot builds the command tree.
func NewRoot(f *Factory) *cobra.Command {
	g := &globalOptions{f: f}
	root := &cobra.Command{
		Use:   "lanes",
		Short: "Support analytics for IT and engineering ticket exports",
		Long: `lanes loads the ticket exports IT and engineering teams already have (Jira,
ServiceNow, any CSV) into an embedded DuckDB warehouse, builds transparent SQL
models, and publishes a self-contained HTML dashboard and weekly reports.

  lanes demo                      everything on the bundled sample data
  lanes ingest exports/           load files, folders (format detected)
  lanes build                     build the models and run their data tests
  lanes dashboard -o dash.html    write the dashboard
  lanes report weekly             the weekly report for IT managers
  lanes export TABLE -o out.xlsx  a table as CSV, Excel, Parquet or JSON
  lanes sql -c "select ..."       ad-hoc SQL, read-only`,
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			switch g.progress {
			case "auto", "always", "never":
			default:
				return withCode(ExitUsage, fmt.Errorf("--progress %q: want auto, always or never", g.progress))
			}
			return nil
		},
	}
	root.SetIn(f.In)
	root.SetOut(f.Out)
	root.SetErr(f.Err)
	pf := root.PersistentFlags()
	pf.StringVar(&g.db, "db", defaultDB, "warehouse file")
	pf.StringVar(&g.configPath, "config", "", "configuration file (default lanes.yaml when present; everything works without one)")
	pf.StringVar(&g.progress, "progress", "auto", "progress bars: auto, always or never")
	pf.BoolVarP(&g.quiet, "quiet", "q", false, "print only errors and data")
	pf.BoolVarP(&g.verbose, "verbose", "v", false, "print more about what happens")
	root.SetFlagErrorFunc(func(cmd *cobra.Command, err error) error {
		return withCode(ExitUsage, fmt.Errorf("%w\nsee `%s --help`", err, cmd.CommandPath()))
	})

	root.AddCommand(
		newDemoCmd(g),
		newInitCmd(g),
		newIngestCmd(g),
		newBuildCmd(g),
		newDashboardCmd(g),
		newReportCmd(g),
		newExportCmd(g),
		newSQLCmd(g),
		newDoctorCmd(g),
		newVersionCmd(g),
		newExitCodesTopic(),
	)
	return root
}

// Main runs lanes with args and returns the exit code.
func Main(args []string, f *Factory) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	root := NewRoot(f)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if err != nil {
		if isCobraUsageError(err) {
			err = withCode(ExitUsage, fmt.Errorf("%w\nsee `lanes --help`", err))
		}
		msg := err.Error()
		if warehouse.IsOutOfMemory(err) {
			msg = outOfMemory(msg)
		}
		fmt.Fprintf(f.Err, "lanes: %s\n", msg)
	}
	return exitCode(err)
}

// outOfMemory replaces DuckDB's advice in an out-of-memory error (SET
// statements) with the settings and steps a lanes user has.
func outOfMemory(msg string) string {
	first, rest, _ := strings.Cut(warehouse.WithoutDuckDBAdvice(msg), "\n")
	hint := "DuckDB ran out of the memory it may use and had nothing left to spill to disk. " +
		"Give it more with warehouse.memory_limit in lanes.yaml (unset, ingest uses " + ingest.IngestMemoryLimit +
		" and build " + models.BuildMemoryLimit + "), or fewer warehouse.threads (each thread holds buffers of its own); " +
		"`lanes ingest` can also take the files in several runs."
	if rest != "" {
		return first + "\n" + hint + "\n" + rest
	}
	return first + "\n" + hint
}

func isCobraUsageError(err error) bool {
	var ee *exitError
	if errors.As(err, &ee) {
		return false
	}
	msg := err.Error()
	return strings.HasPrefix(msg, "unknown command") || strings.HasPrefix(msg, "unknown flag") ||
		strings.Contains(msg, "accepts ") || strings.Contains(msg, "requires at least") || strings.HasPrefix(msg, "invalid argument")
}

func newExitCodesTopic() *cobra.Command {
	var b strings.Builder
	b.WriteString("lanes exits with one of these codes:\n\n")
	for _, d := range exitCodeDocs {
		fmt.Fprintf(&b, "  %d  %-18s %s\n", d.code, d.name, d.text)
	}
	return &cobra.Command{
		Use:   "exit-codes",
		Short: "What lanes' exit codes mean",
		Long:  b.String(),
	}
}
