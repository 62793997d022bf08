package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/lanes-dev/lanes/reports"
)

type exportOptions struct {
	*globalOptions
	format string
	out    string
}

func newExportCmd(g *globalOptions) *cobra.Command {
	o := &exportOptions{globalOptions: g}
	cmd := &cobra.Command{
		Use:   "export TABLE",
		Short: "Export a table as CSV, Excel, Parquet or JSON",
		Long: `Write every row of one warehouse table (a model such as volume_by_tool, or a
canonical table such as tickets; see docs/tables.md) to a file. The warehouse
is opened read-only.

  csv      a header row; text that a spreadsheet would run as a formula
           (starting with =, +, -, @, tab or CR) gets a leading '; numbers
           stay numbers
  xlsx     one sheet; numbers are numeric cells, dates date cells, text
           neutralized as in csv
  parquet  DuckDB's Parquet writer, for pandas, Spark or DuckDB itself
  json     an array of objects

Without --format the format comes from the -o extension, else csv.

  lanes export automation_candidates -o candidates.xlsx
  lanes export tickets --format parquet -o tickets.parquet`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error { return runExport(cmd.Context(), o, args[0]) },
	}
	cmd.Flags().StringVar(&o.format, "format", "", "output: "+strings.Join(reports.ExportFormats(), ", ")+" (default: from the -o extension, else csv)")
	cmd.Flags().StringVarP(&o.out, "output", "o", "-", "file to write; - for stdout")
	return cmd
}

// exportFormat is --format, or the format the output's extension names,
// or csv.
func exportFormat(format, out string) (string, error) {
	if format != "" {
		if !reports.KnownExportFormat(format) {
			return "", withCode(ExitUsage, fmt.Errorf("--format %q: want one of %s", format, strings.Join(reports.ExportFormats(), ", ")))
		}
		return format, nil
	}
	ext := strings.TrimPrefix(strings.ToLower(filepath.Ext(out)), ".")
	if out != "-" && reports.KnownExportFormat(ext) {
		return ext, nil
	}
	return "csv", nil
}

func runExport(ctx context.Context, o *exportOptions, table string) error {
	format, err := exportFormat(o.format, o.out)
	if err != nil {
		return err
	}
	// The configuration only sets the warehouse's memory limit and
	// threads here (warehouse.memory_limit, warehouse.threads).
	cfg, err := o.loadConfig()
	if err != nil {
		return err
	}
	wh, err := o.openWarehouse(ctx, cfg, true)
	if err != nil {
		return err
	}
	defer wh.Close()
	if _, err := reports.ExportTable(ctx, wh, table); err != nil {
		var unknown *reports.UnknownTableError
		if errors.As(err, &unknown) {
			return withCode(ExitUsage, fmt.Errorf("export: %w", err))
		}
		return fmt.Errorf("export: %w", err)
	}
	write := func(f *os.File) error {
		if format == "parquet" {
			// DuckDB writes the file itself; the temporary file is only
			// its name.
			if err := f.Close(); err != nil {
				return err
			}
			return reports.ExportParquet(ctx, wh, table, f.Name())
		}
		return reports.Export(ctx, wh, table, format, f)
	}
	if o.out == "-" {
		return exportToStdout(o.globalOptions, write)
	}
	if err := writeFileAtomic(o.out, write); err != nil {
		return fmt.Errorf("export %s: %w", table, err)
	}
	o.logf("wrote %s", o.out)
	return nil
}

// exportToStdout writes through a temporary file, so a failure half-way
// writes nothing and parquet, which DuckDB writes to a path, works too.
func exportToStdout(g *globalOptions, write func(*os.File) error) error {
	dir, err := os.MkdirTemp("", "lanes-export-*")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "out")
	if err := writeFileAtomic(path, write); err != nil {
		return err
	}
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = io.Copy(g.f.Out, f)
	return err
}

// writeFileAtomic has write fill a temporary file next to path, then
// renames it over path, so path is either the old file or the whole new one.
// write may close the file.
func writeFileAtomic(path string, write func(*os.File) error) (err error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, ".lanes-*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			_ = tmp.Close()
			_ = os.Remove(tmp.Name())
		}
	}()
	if err := write(tmp); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil && !errors.Is(err, os.ErrClosed) {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
