package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

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
	for _, src := range cfg.Sources {
		if src.Format == "" {
			continue
		}
		if _, err := ingest.Lookup(src.Format); err != nil {
			file := o.configPath
			if file == "" {
				file = "lanes.yaml"
			}
			return withCode(ExitUsage, fmt.Errorf("%s: source %q: format: %w", file, src.Name, err))
		}
	}
	if !(o.maxRejectPct >= 0 && o.maxRejectPct <= 100) { // NaN fails both
		return withCode(ExitUsage, fmt.Errorf("--max-reject-pct %g: want 0 to 100", o.maxRejectPct))
	}
	if o.source != "" {
		if _, err := ingest.Lookup(o.source); err != nil {
			return withCode(ExitUsage, fmt.Errorf("--source: %w", err))
		}
	}
	for _, p := range o.paths {
		// A path that is not there is a mistyped argument, not an input
		// that could not be read: exit 2, before anything is read.
		if err := ingest.MissingPath(p); err != nil {
			return withCode(ExitUsage, err)
		}
	}
	opts := ingest.Options{Paths: o.paths, Format: o.source, MaxRejectPct: o.maxRejectPct, DryRun: o.dryRun, Now: o.f.Now}
	if o.maxRejectPct == 0 {
		opts.MaxRejectPct = zeroRejects // zero means "no rejects at all"
	}
	if o.dryRun {
		// Every file that can be read is listed, also when another cannot.
		sum, err := ingest.Run(ctx, nil, cfg, opts)
		for _, f := range sum.Files {
			fmt.Fprintf(o.f.Out, "%s\t%s\tsource=%s\t%s\n", f.Path, f.Format, f.Source, f.Reason)
		}
		noteIdle(o.globalOptions, sum)
		if err != nil {
			return withCode(ExitRejected, err)
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
	for _, f := range sum.Files {
		if f.ReadNote != "" {
			o.debugf("%s: %s", f.Path, f.ReadNote)
		}
	}
	noteIdle(o.globalOptions, sum)
	return nil
}

// noteIdle says, with -v, which configured sources no file of the run
// belongs to. Only a note: a run often holds some sources' files and not
// others'; lanes doctor is where a path that matches nothing is a problem.
func noteIdle(g *globalOptions, sum ingest.Summary) {
	if len(sum.Idle) > 0 {
		g.debugf("note: no file of this run belongs to configured source(s) %s (lanes doctor checks their paths)", strings.Join(sum.Idle, ", "))
	}
}

// zeroRejects stands for --max-reject-pct 0 (ingest.Options takes zero to
// mean the default): any reject at all is more than it.
const zeroRejects = 1e-9

// ingestWith runs an ingest with progress reporting and maps its errors.
func ingestWith(ctx context.Context, g *globalOptions, wh *warehouse.Warehouse, cfg *config.Config, opts ingest.Options) (ingest.Summary, error) {
	prog := newIngestProgress(g)
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
		var limit *ingest.RejectLimitError
		if errors.As(err, &limit) && opts.MaxRejectPct == zeroRejects {
			limit.Limit = 0 // as the user gave it, not the stand-in
		}
		unchanged := "the warehouse is unchanged"
		if prog != nil && prog.listed() > 0 {
			// Each file's line was printed as it was read, inside the
			// run's transaction: its "loaded" did not last.
			unchanged += ": the files listed above were read, but none of their rows was kept"
		}
		return sum, withCode(ExitRejected, fmt.Errorf("%w\n%s", err, unchanged))
	}
	return sum, nil
}

// newIngestProgress picks how an ingest reports its files: bars (one per
// file and a total) on a terminal or with --progress always, plain lines
// otherwise, nothing with --progress never or -q.
func newIngestProgress(g *globalOptions) progressReporter {
	switch {
	case g.quiet || g.progress == "never":
		return nil
	case g.progress == "always":
		// Drawn even when stderr is not a terminal: that is what always
		// asks for.
		return newBarProgress(g.f.Err, !g.f.StderrTerminal, columns(g))
	case g.f.StderrTerminal && g.f.Getenv("CI") == "":
		if g.f.StderrWidth != nil && g.f.StderrWidth() <= 0 {
			// A terminal that gives no size (0x0, as some pseudo-terminals
			// do) would get bars of no width, that is nothing: draw them
			// at $COLUMNS or 120 columns.
			return newBarProgress(g.f.Err, true, columns(g))
		}
		return newBarProgress(g.f.Err, false, 0)
	}
	return &lineProgress{w: g.f.Err}
}

func printIngestSummary(g *globalOptions, sum ingest.Summary) {
	if g.quiet {
		return
	}
	in, loaded, rejected, merged := sum.Totals()
	var skipped, events int64
	for _, f := range sum.Files {
		skipped += f.Skipped
		events += f.Events
	}
	unchanged := 0
	for _, f := range sum.Files {
		if f.Unchanged {
			unchanged++
		}
	}
	g.logf("ingested %d file(s) (%d unchanged): %d rows in = %d loaded + %d rejected + %d merged%s%s",
		len(sum.Files), unchanged, in, loaded, rejected, merged, skippedText(skipped, nil), eventsText(events))
	for _, f := range sum.Files {
		for _, r := range f.Rejects {
			g.logf("  rejected: %s", r.Describe(f.Path))
		}
		if f.Rejected > int64(len(f.Rejects)) {
			db := ""
			if g.db != defaultDB {
				db = "--db " + shellArg(g.db) + " " // the command must reach this warehouse
			}
			g.logf("  ... %d more rejects in %s: lanes %ssql -c %s", f.Rejected-int64(len(f.Rejects)), f.Path, db, shellArg(rejectsQuery(f.Path)))
		}
		for _, w := range f.Warnings() {
			g.logf("  warning: %s", w)
		}
	}
}

type progressReporter interface {
	ingest.Progress
	Wait()
	// listed is how many files were reported read, each with a line
	// saying what it loaded.
	listed() int
}

// lineProgress prints one plain line per file, for logs and CI.
type lineProgress struct {
	w     io.Writer
	shown int // files reported read (their lines say "loaded")
}

func (p *lineProgress) Start(path string, size int64) {}
func (p *lineProgress) Advance(path string, n int64)  {}
func (p *lineProgress) Wait()                         {}
func (p *lineProgress) listed() int                   { return p.shown }
func (p *lineProgress) Done(r ingest.FileResult) {
	if r.Unchanged {
		fmt.Fprintf(p.w, "%s: unchanged (already loaded), skipped\n", r.Path)
		return
	}
	fmt.Fprintf(p.w, "%s: %s as %s, %d rows in = %d loaded + %d rejected + %d merged%s%s\n",
		r.Path, r.Format, r.Source, r.RowsIn, r.Loaded, r.Rejected, r.Merged, skippedText(r.Skipped, r.Skips), eventsText(r.Events))
	p.shown++
}

// barProgress draws one bar per file being read, bytes read of its size,
// plus a total bar of the bytes of every file in the run, with mpb. A file
// done gives way to its line (as lineProgress writes it) above the bars,
// so that a run of a thousand files shows its files as a log and only the
// bars that move, not a thousand finished ones.
type barProgress struct {
	mu    sync.Mutex
	p     *mpb.Progress
	bars  map[string]*mpb.Bar
	read  map[string]int64 // bytes counted so far per file
	total *mpb.Bar
	// files in the run and files finished; atomic, for the total's
	// decorator, which mpb calls while it draws
	files, done atomic.Int64
	lines       lineProgress // the finished files' lines, written above the bars
}

// newBarProgress draws on w. force draws even when w is not a terminal,
// as if it were one columns wide (with the cursor movements a terminal
// would get, so a terminal that later shows the output redraws in place).
func newBarProgress(w io.Writer, force bool, columns int) *barProgress {
	opts := []mpb.ContainerOption{mpb.WithOutput(w), mpb.WithWidth(40)}
	if force {
		opts = append(opts, mpb.WithConsoleWriter(&forcedConsole{out: w, width: columns}))
	}
	b := &barProgress{p: mpb.New(opts...), bars: map[string]*mpb.Bar{}, read: map[string]int64{}}
	b.lines.w = b.p // mpb prints what is written to it above the bars
	return b
}

// forcedConsole is an mpb.ConsoleWriter that treats any writer as a
// terminal of a fixed width: each frame is written whole, and the next one
// starts by moving the cursor back up over it.
type forcedConsole struct {
	bytes.Buffer
	out   io.Writer
	width int
}

func (c *forcedConsole) IsTerminal() bool { return true }

func (c *forcedConsole) GetTermSize() (width, height int, err error) {
	return c.width, 1 << 16, nil
}

func (c *forcedConsole) Flush(lines int) error {
	if _, err := c.WriteTo(c.out); err != nil {
		return err
	}
	if lines > 0 {
		fmt.Fprintf(&c.Buffer, "\x1b[%dA\x1b[J", lines)
	}
	return nil
}

// columns is the width bars are drawn to when stderr is not a terminal:
// $COLUMNS when set, else 120.
func columns(g *globalOptions) int {
	if n, err := strconv.Atoi(strings.TrimSpace(g.f.Getenv("COLUMNS"))); err == nil && n >= 40 {
		return n
	}
	return 120
}

// Plan implements ingest.ProgressPlanner: it adds the total bar, last.
func (b *barProgress) Plan(files int, bytes int64) {
	b.files.Store(int64(files))
	// Created with no total, so that it completes when the last file is
	// done, not when the bytes add up (a file loaded by DuckDB counts its
	// bytes only when it is done); SetTotal below shows the bytes.
	total := b.p.AddBar(0,
		mpb.BarPriority(math.MaxInt),
		mpb.PrependDecorators(decor.Name("total", decor.WCSyncSpaceR)),
		mpb.AppendDecorators(decor.CountersKibiByte("% .1f / % .1f"), decor.Percentage(decor.WCSyncSpace),
			decor.Any(func(decor.Statistics) string {
				return fmt.Sprintf("  %d/%d files", b.done.Load(), b.files.Load())
			})),
	)
	total.SetTotal(bytes, false)
	b.mu.Lock()
	b.total = total
	b.mu.Unlock()
}

func (b *barProgress) Start(path string, size int64) {
	bar := b.p.AddBar(size,
		mpb.BarRemoveOnComplete(),
		mpb.PrependDecorators(decor.Name(path, decor.WCSyncSpaceR)),
		mpb.AppendDecorators(decor.CountersKibiByte("% .1f / % .1f"), decor.Percentage(decor.WCSyncSpace)),
	)
	b.mu.Lock()
	b.bars[path] = bar
	b.mu.Unlock()
}

func (b *barProgress) Advance(path string, n int64) {
	b.mu.Lock()
	bar, total := b.bars[path], b.total
	b.read[path] += n
	b.mu.Unlock()
	if bar != nil {
		bar.IncrInt64(n)
	}
	if total != nil {
		total.IncrInt64(n)
	}
}

// Done completes the file's bar and counts the rest of its bytes (all of
// them for a file already loaded, what DuckDB read itself for one loaded
// with SQL) in the total.
func (b *barProgress) Done(r ingest.FileResult) {
	b.mu.Lock()
	bar, total := b.bars[r.Path], b.total
	rest := r.Bytes - b.read[r.Path]
	b.read[r.Path] = r.Bytes
	b.mu.Unlock()
	last := b.done.Add(1) == b.files.Load()
	if bar != nil {
		bar.SetTotal(-1, true)
	}
	if total != nil && rest > 0 {
		total.IncrInt64(rest)
	}
	b.lines.Done(r)
	if total != nil && last {
		total.SetTotal(-1, true)
	}
}

func (b *barProgress) listed() int { return b.lines.shown }

func (b *barProgress) Wait() {
	b.mu.Lock()
	bars := make([]*mpb.Bar, 0, len(b.bars)+1)
	for _, bar := range b.bars {
		bars = append(bars, bar)
	}
	if b.total != nil {
		bars = append(bars, b.total)
	}
	b.mu.Unlock()
	for _, bar := range bars {
		if !bar.Completed() {
			bar.Abort(false)
		}
	}
	b.p.Wait()
}

// eventsText renders ", with N events" when events came with the tickets:
// a history's update rows fold into their ticket's row (one row in), and
// this says what they became.
func eventsText(n int64) string {
	if n == 0 {
		return ""
	}
	return fmt.Sprintf(", with %d events", n)
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

// rejectsQuery is the SQL that lists a file's rejects, its name written as
// an SQL string literal, each single quote in it doubled.
func rejectsQuery(file string) string {
	return "select * from rejects where file = '" + strings.ReplaceAll(file, "'", "''") + "'"
}

// shellArg writes s as one argument of a POSIX shell command line, to be
// pasted as it is: in double quotes when nothing in it is special there
// (the usual case, easy to read), else in single quotes, each single quote
// written '\”.
func shellArg(s string) string {
	if !strings.ContainsAny(s, "\"$`\\!") {
		return `"` + s + `"`
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
