package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"

	"github.com/spf13/cobra"
	"github.com/vbauerster/mpb/v8"
	"github.com/vbauerster/mpb/v8/decor"

	"github.com/lanes-dev/lanes/ingest"
	_ "github.com/lanes-dev/lanes/ingest/all" // every connector
	"github.com/lanes-dev/lanes/models/config"
	"github.com/lanes-dev/lanes/models/warehouse"
)

type ingestOptions struct {
	*globalOptions
	paths        []string
	source       string
	maxRejectPct float64
	dryRun       bool
}

func newIngestCmd(g *globalOptions) *cobra.Command {
	o := &ingestOptions{globalOptions: g}
	cmd := &cobra.Command{
		Use:   "ingest PATH...",
		Short: "Load ticket exports (files or folders) into the warehouse",
		Long: `Load ticket exports into the warehouse. Each file's format is detected by
peeking at its first bytes (--dry-run shows the guess and why); --source forces
one. All files land in one transaction: if any file is refused, nothing is
written. A file already loaded (same content) is skipped; overlapping exports
keep one row per ticket, the latest update winning.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.paths = args
			return runIngest(cmd.Context(), o)
		},
	}
	cmd.Flags().StringVar(&o.source, "source", "", "format of every file, overriding detection (e.g. jira_csv, servicenow_csv, csv)")
	cmd.Flags().Float64Var(&o.maxRejectPct, "max-reject-pct", 5, "fail the run, writing nothing, when a file rejects more than this percentage of its rows")
	cmd.Flags().BoolVar(&o.dryRun, "dry-run", false, "say what each file would be read as, and why, without loading")
	return cmd
}

func runIngest(ctx context.Context, o *ingestOptions) error {
	cfg, err := o.loadConfig()
	if err != nil {
		return err
	}
	if o.maxRejectPct < 0 || o.maxRejectPct > 100 {
		return withCode(ExitUsage, fmt.Errorf("--max-reject-pct %g: want 0 to 100", o.maxRejectPct))
	}
	if o.source != "" {
		if _, err := ingest.Lookup(o.source); err != nil {
			return withCode(ExitUsage, fmt.Errorf("--source: %w", err))
		}
	}
	opts := ingest.Options{Paths: o.paths, Format: o.source, MaxRejectPct: o.maxRejectPct, DryRun: o.dryRun, Now: o.f.Now}
	if o.maxRejectPct == 0 {
		opts.MaxRejectPct = 1e-9 // zero means "no rejects at all"
	}
	if o.dryRun {
		sum, err := ingest.Run(ctx, nil, cfg, opts)
		if err != nil {
			return withCode(ExitRejected, err)
		}
		for _, f := range sum.Files {
			fmt.Fprintf(o.f.Out, "%s\t%s\tsource=%s\t%s\n", f.Path, f.Format, f.Source, f.Reason)
		}
		return nil
	}
	wh, err := o.openWarehouse(ctx, cfg, false)
	if err != nil {
		return err
	}
	defer wh.Close()
	sum, err := ingestWith(ctx, o.globalOptions, wh, cfg, opts)
	if err != nil {
		return err
	}
	printIngestSummary(o.globalOptions, sum)
	return nil
}

// ingestWith runs an ingest with progress reporting and maps its errors.
func ingestWith(ctx context.Context, g *globalOptions, wh *warehouse.Warehouse, cfg *config.Config, opts ingest.Options) (ingest.Summary, error) {
	var prog progressReporter
	if g.showProgress() {
		prog = newBarProgress(g.f.Err)
	} else if !g.quiet {
		prog = &lineProgress{w: g.f.Err}
	}
	if prog != nil {
		opts.Progress = prog
	}
	sum, err := ingest.Run(ctx, wh, cfg, opts)
	if prog != nil {
		prog.Wait()
	}
	if err != nil {
		var locked *warehouse.LockedError
		if errors.As(err, &locked) || ctx.Err() != nil {
			return sum, err
		}
		return sum, withCode(ExitRejected, fmt.Errorf("%w\nthe warehouse is unchanged", err))
	}
	return sum, nil
}

func printIngestSummary(g *globalOptions, sum ingest.Summary) {
	if g.quiet {
		return
	}
	in, loaded, rejected, merged := sum.Totals()
	var skipped int64
	for _, f := range sum.Files {
		skipped += f.Skipped
	}
	unchanged := 0
	for _, f := range sum.Files {
		if f.Unchanged {
			unchanged++
		}
	}
	g.logf("ingested %d file(s) (%d unchanged): %d rows in = %d loaded + %d rejected + %d merged%s",
		len(sum.Files), unchanged, in, loaded, rejected, merged, skippedText(skipped, nil))
	for _, f := range sum.Files {
		for _, r := range f.Rejects {
			g.logf("  rejected: %s", r.Describe(f.Path))
		}
		if f.Rejected > int64(len(f.Rejects)) {
			g.logf("  ... %d more rejects in %s: lanes sql -c \"select * from rejects where file = '%s'\"", f.Rejected-int64(len(f.Rejects)), f.Path, f.Path)
		}
		for _, w := range f.Warnings() {
			g.logf("  warning: %s", w)
		}
	}
}

type progressReporter interface {
	ingest.Progress
	Wait()
}

// lineProgress prints one plain line per file, for logs and CI.
type lineProgress struct{ w io.Writer }

func (p *lineProgress) Start(path string, size int64) {}
func (p *lineProgress) Advance(path string, n int64)  {}
func (p *lineProgress) Wait()                         {}
func (p *lineProgress) Done(r ingest.FileResult) {
	if r.Unchanged {
		fmt.Fprintf(p.w, "%s: unchanged (already loaded), skipped\n", r.Path)
		return
	}
	fmt.Fprintf(p.w, "%s: %s as %s, %d rows in = %d loaded + %d rejected + %d merged%s\n",
		r.Path, r.Format, r.Source, r.RowsIn, r.Loaded, r.Rejected, r.Merged, skippedText(r.Skipped, r.Skips))
}

// barProgress draws one bar per file plus a total with mpb.
type barProgress struct {
	mu   sync.Mutex
	p    *mpb.Progress
	bars map[string]*mpb.Bar
}

func newBarProgress(w io.Writer) *barProgress {
	return &barProgress{p: mpb.New(mpb.WithOutput(w), mpb.WithWidth(40)), bars: map[string]*mpb.Bar{}}
}

func (b *barProgress) Start(path string, size int64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.bars[path] = b.p.AddBar(size,
		mpb.PrependDecorators(decor.Name(path, decor.WCSyncSpaceR)),
		mpb.AppendDecorators(decor.CountersKibiByte("% .1f / % .1f"), decor.Percentage(decor.WCSyncSpace)),
	)
}

func (b *barProgress) Advance(path string, n int64) {
	b.mu.Lock()
	bar := b.bars[path]
	b.mu.Unlock()
	if bar != nil {
		bar.IncrInt64(n)
	}
}

func (b *barProgress) Done(r ingest.FileResult) {
	b.mu.Lock()
	bar := b.bars[r.Path]
	b.mu.Unlock()
	if bar != nil {
		bar.SetTotal(-1, true)
	}
}

func (b *barProgress) Wait() {
	b.mu.Lock()
	for _, bar := range b.bars {
		if !bar.Completed() {
			bar.Abort(false)
		}
	}
	b.mu.Unlock()
	b.p.Wait()
}

// skippedText renders " + N skipped (reason: n, ...)" when records were
// skipped on purpose, so the printed sum always adds up.
func skippedText(n int64, why map[string]int64) string {
	if n == 0 {
		return ""
	}
	s := fmt.Sprintf(" + %d skipped", n)
	if len(why) > 0 {
		reasons := make([]string, 0, len(why))
		for r := range why {
			reasons = append(reasons, r)
		}
		sort.Strings(reasons)
		parts := make([]string, len(reasons))
		for i, r := range reasons {
			parts[i] = fmt.Sprintf("%s: %d", r, why[r])
		}
		s += " (" + strings.Join(parts, "; ") + ")"
	}
	return s
}
