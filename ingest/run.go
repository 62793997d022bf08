package ingest

import (
	"bufio"
	"context"
	"crypto/sha256"
	"database/sql"
	"database/sql/driver"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/lanes-dev/lanes/models/config"
	"github.com/lanes-dev/lanes/models/warehouse"
)

// Options controls one `lanes ingest` run.
type Options struct {
	Paths []string
	// Format forces a connector (the --source flag); empty means detect.
	Format string
	// MaxRejectPct fails the run, writing nothing, when a file rejects more
	// than this share of its rows. Zero means the default of 5.
	MaxRejectPct float64
	// DryRun detects and reports without reading rows or writing.
	DryRun bool
	// Now stamps ingest_runs.loaded_at; defaults to time.Now.
	Now func() time.Time
	// Progress, when set, hears about each file as it is read.
	Progress Progress
	// Zip bounds what is read from .zip archives; zero fields take
	// DefaultZipLimits.
	Zip ZipLimits
}

// Progress receives per-file progress.
type Progress interface {
	Start(path string, size int64)
	Advance(path string, n int64)
	Done(res FileResult)
}

// ProgressPlanner is a Progress that also hears, once before the first
// file, how many files the run has and their bytes in all (for a total).
type ProgressPlanner interface {
	Plan(files int, bytes int64)
}

// FileResult is what happened to one file. Skipped counts records read
// but deliberately not loaded because they are not tickets (pull requests
// in a GitHub issues export, event kinds lanes does not track), and Skips
// the same per reason; they are part of RowsIn, so
// rows_in = loaded + rejected + merged + skipped.
type FileResult struct {
	Path      string
	Format    string
	Source    string
	Reason    string // why this format was chosen
	SHA256    string
	Bytes     int64
	RowsIn    int64
	Loaded    int64
	Rejected  int64
	Merged    int64
	Unchanged bool // already loaded: same content and source
	// SettingsChanged says, for an unchanged file, which of its source's
	// settings differ from those it was read with ("time_zone: UTC →
	// Europe/Berlin"); the stored rows keep the old reading.
	SettingsChanged string
	Rejects         []Reject
	Skipped         int64
	Skips           map[string]int64
	// Events counts the events that came with the file's tickets: not rows
	// in of their own (a history's update rows fold into their ticket's
	// row), but what those rows became.
	Events int64
	// Ambiguous counts local times read from the file that happened twice
	// (in the hour clocks go back); each was read as the first of the two.
	// It is stored in ingest_runs.ambiguous_times; AmbiguousTimes are the
	// first few, printed as warnings.
	Ambiguous      int64
	AmbiguousTimes []AmbiguousTime
	// Repeated counts the keys the file holds more than once, for a
	// connector whose files should hold each once (RepeatHinter), and
	// RepeatHint is what it says of them; a warning.
	Repeated   int64
	RepeatHint string
	// ReadNote says how a connector with a bulk reader read the file (by
	// DuckDB, or in Go and why), for -v; empty when it says nothing.
	ReadNote string
}

// Warnings describes what loaded but deserves a look: the ambiguous local
// times, the first few by line and then how many more.
func (f FileResult) Warnings() []string {
	var out []string
	for _, a := range f.AmbiguousTimes {
		out = append(out, a.Describe(f.Path))
	}
	if more := f.Ambiguous - int64(len(f.AmbiguousTimes)); more > 0 {
		out = append(out, fmt.Sprintf("%s: %d more local times that happen twice (clocks go back), each read as the first", f.Path, more))
	}
	if f.Repeated > 0 {
		out = append(out, fmt.Sprintf("%s: %d ticket key(s) appear more than once in the file, each loaded once (its latest copy): %s", f.Path, f.Repeated, f.RepeatHint))
	}
	if f.SettingsChanged != "" {
		out = append(out, fmt.Sprintf("%s: already loaded with other settings (%s); its rows keep the old reading: ingest it into a fresh warehouse to read it with the new ones", f.Path, f.SettingsChanged))
	}
	return out
}

// readSettings are the source settings a file is read with, recorded in
// ingest_runs.settings.
type readSettings struct {
	Format     string            `json:"format"`
	TimeZone   string            `json:"time_zone"`
	DateFormat string            `json:"date_format,omitempty"`
	DateLocale string            `json:"date_locale,omitempty"`
	DateOrder  string            `json:"date_order,omitempty"`
	Encoding   string            `json:"encoding,omitempty"`
	Mapping    map[string]string `json:"mapping,omitempty"`
	URLBase    string            `json:"url_base,omitempty"`
	Channels   []string          `json:"channels,omitempty"`
	Records    string            `json:"records,omitempty"`
}

func settingsOf(p plan) readSettings {
	tz := "UTC"
	if p.loc != nil {
		tz = p.loc.String()
	}
	s := p.source
	return readSettings{Format: p.conn.Name(), TimeZone: tz, DateFormat: s.DateFormat, DateLocale: s.DateLocale, DateOrder: s.DateOrder,
		Encoding: s.Encoding, Mapping: s.Mapping, URLBase: s.URLBase, Channels: s.Channels, Records: s.Records}
}

// settingsChange describes how now differs from the settings recorded as
// was (JSON; empty for a file loaded before they were recorded): "" when
// they are the same.
func settingsChange(was string, now readSettings) string {
	if was == "" {
		return ""
	}
	var old readSettings
	if err := json.Unmarshal([]byte(was), &old); err != nil {
		return ""
	}
	var diffs []string
	field := func(name, a, b string) {
		if a != b {
			diffs = append(diffs, fmt.Sprintf("%s: %s → %s", name, orNone(a), orNone(b)))
		}
	}
	field("format", old.Format, now.Format)
	field("time_zone", old.TimeZone, now.TimeZone)
	field("date_format", old.DateFormat, now.DateFormat)
	field("date_locale", old.DateLocale, now.DateLocale)
	field("date_order", old.DateOrder, now.DateOrder)
	field("records", old.Records, now.Records)
	field("encoding", old.Encoding, now.Encoding)
	field("url_base", old.URLBase, now.URLBase)
	if !maps.Equal(old.Mapping, now.Mapping) {
		diffs = append(diffs, "mapping changed")
	}
	if !slices.Equal(old.Channels, now.Channels) {
		diffs = append(diffs, "channels changed")
	}
	return strings.Join(diffs, ", ")
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

// Summary is the outcome of a run.
type Summary struct {
	Files []FileResult
	// Idle names the configured sources with a path that no file of the
	// run belongs to, in lanes.yaml's order: usual when a run holds some
	// sources' files, a typo in the path when it should hold theirs.
	Idle []string
}

// Totals adds up the files.
func (s Summary) Totals() (rowsIn, loaded, rejected, merged int64) {
	for _, f := range s.Files {
		rowsIn += f.RowsIn
		loaded += f.Loaded
		rejected += f.Rejected
		merged += f.Merged
	}
	return
}

// RejectLimitError reports a file with too many bad rows.
type RejectLimitError struct {
	Path     string
	Rejected int64
	RowsIn   int64
	Limit    float64
	First    []Reject
}

func (e *RejectLimitError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %d of %d rows rejected (%.1f%%), more than --max-reject-pct %g; nothing was written",
		e.Path, e.Rejected, e.RowsIn, 100*float64(e.Rejected)/float64(max(e.RowsIn, 1)), e.Limit)
	for _, r := range e.First {
		fmt.Fprintf(&b, "\n  %s", r.Describe(e.Path))
	}
	return b.String()
}

// Describe renders a reject as "file line N column C: reason".
func (r Reject) Describe(path string) string {
	s := path
	if r.File != "" {
		s = r.File
	}
	if r.Line > 0 {
		s += fmt.Sprintf(" line %d", r.Line)
	}
	return s + columnText(r.Column) + ": " + r.Reason
}

// ExpandPaths turns files, folders and .zip archives into the sorted list
// of inputs Run would read: files, archive entries named
// "archive.zip!path/inside.csv", and bundles (a folder or archive a
// BundleConnector claims, such as a Slack export) as one name each. Hidden
// files and folders are skipped, as are lanes' own files.
func ExpandPaths(paths []string) ([]string, error) {
	e, err := expand(nil, paths, "", ZipLimits{})
	if err != nil {
		return nil, err
	}
	defer e.Close()
	out := make([]string, len(e.inputs))
	for i, in := range e.inputs {
		out[i] = in.path
	}
	return out, nil
}

func skipFile(name string) bool {
	lower := strings.ToLower(name)
	for _, suffix := range []string{".md", ".yaml", ".yml", ".go", ".txt", ".duckdb", ".wal"} {
		if strings.HasSuffix(lower, suffix) {
			return true
		}
	}
	return false
}

// Run ingests every file in one transaction: either all of them land or
// none does.
func Run(ctx context.Context, wh *warehouse.Warehouse, cfg *config.Config, opts Options) (Summary, error) {
	if opts.MaxRejectPct == 0 {
		opts.MaxRejectPct = 5
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	var problems []error
	checked := map[string]bool{} // sources whose mapping a dry run checked
	var found *expansion
	if opts.DryRun {
		// A dry run goes on past what it cannot read, so it can say what
		// every other file would be read as.
		found, problems = expandAll(cfg, opts.Paths, opts.Format, opts.Zip)
	} else {
		var err error
		if found, err = expand(cfg, opts.Paths, opts.Format, opts.Zip); err != nil {
			return Summary{}, err
		}
	}
	defer found.Close()
	if len(found.inputs) == 0 {
		if len(problems) > 0 {
			return Summary{}, errors.Join(problems...)
		}
		return Summary{}, errors.New("ingest: no files found in " + strings.Join(opts.Paths, ", "))
	}
	plans := make([]plan, 0, len(found.inputs))
	sources := newSourceMatcher(cfg)
	sum := Summary{Idle: idleSources(sources, found.inputs)}
	for _, f := range found.inputs {
		p, err := planFile(cfg, sources, f, opts.Format)
		switch {
		case err != nil && opts.DryRun:
			// A dry run goes on, so it can say what every other file
			// would be read as.
			problems = append(problems, err)
		case err != nil:
			return Summary{}, err
		case opts.DryRun:
			sum.Files = append(sum.Files, FileResult{Path: p.path, Format: p.conn.Name(), Source: p.source.Name, Reason: p.reason, Bytes: p.size})
			// A mapping that no file could be read with is told once per
			// source, at its first file, as reading it would tell.
			if mc, ok := p.conn.(MappingChecker); ok && !checked[p.source.Name] {
				checked[p.source.Name] = true
				if err := mc.CheckMapping(p.source); err != nil {
					problems = append(problems, &FileError{Format: p.conn.Name(), Path: p.path, Err: err})
				}
			}
		default:
			plans = append(plans, p)
		}
	}
	if opts.DryRun {
		return sum, errors.Join(problems...)
	}
	if pp, ok := opts.Progress.(ProgressPlanner); ok {
		var bytes int64
		for _, p := range plans {
			bytes += p.size
		}
		pp.Plan(len(plans), bytes)
	}
	if cfg.Warehouse.MemoryLimit == "" {
		// Staging holds a whole file: without a limit DuckDB would keep a
		// large export in memory (its default is 80% of RAM); with one it
		// spills to disk. warehouse.memory_limit in lanes.yaml overrides.
		if err := setMemoryLimit(ctx, wh, "SET memory_limit = '"+IngestMemoryLimit+"'"); err != nil {
			return Summary{}, err
		}
		defer func() { _ = setMemoryLimit(context.Background(), wh, "RESET memory_limit") }()
	}
	// A BulkReader may turn DuckDB's preserve_insertion_order off for the
	// statements where row order does not matter (it is a database-wide
	// setting); it resets it itself, but cannot once a failed statement has
	// aborted the transaction.
	defer func() { _ = setMemoryLimit(context.Background(), wh, "RESET preserve_insertion_order") }()
	// Each file's scratch database (staging, and a BulkReader's working
	// tables), detached once the transaction that read them has ended.
	var scratches []*warehouse.Scratch
	defer func() {
		for _, s := range scratches {
			_ = s.Close()
		}
	}()
	scratch := func() (*warehouse.Scratch, error) {
		s, err := wh.OpenScratch(ctx)
		if err != nil {
			return nil, err
		}
		scratches = append(scratches, s)
		return s, nil
	}
	err := wh.Write(ctx, func(tx *warehouse.Tx) error {
		seen := map[string]bool{}
		temps := &txTemps{made: map[string]bool{}}
		if err := tx.QueryRow(`select current_setting('threads')`).Scan(&temps.threads); err != nil {
			return err
		}
		defer func() {
			if temps.serial {
				// After a failed file too: the setting is the database's.
				_ = setMemoryLimit(context.Background(), wh, fmt.Sprintf("SET threads = %d", temps.threads))
			}
		}()
		for _, p := range plans {
			res, err := ingestFile(ctx, tx, temps, scratch, cfg, p, opts, seen)
			if err != nil {
				return err
			}
			sum.Files = append(sum.Files, res)
			if opts.Progress != nil {
				opts.Progress.Done(res)
			}
		}
		if err := temps.oneThread(tx, false); err != nil {
			return err
		}
		// Temporary tables outlive the transaction on its connection.
		return temps.drop(tx)
	})
	if err != nil {
		return Summary{}, err
	}
	return sum, nil
}

// IngestMemoryLimit caps DuckDB's memory during an ingest when the
// configuration sets no warehouse.memory_limit.
var IngestMemoryLimit = "1500MB"

func setMemoryLimit(ctx context.Context, wh *warehouse.Warehouse, stmt string) error {
	return wh.Write(ctx, func(tx *warehouse.Tx) error {
		_, err := tx.Exec(stmt)
		return err
	})
}

type plan struct {
	in     input
	path   string
	size   int64
	conn   Connector
	reason string
	source config.Source
	loc    *time.Location
}

func planFile(cfg *config.Config, sources *sourceMatcher, in input, format string) (plan, error) {
	path := in.path
	p := plan{in: in, path: path, size: in.size}
	src, configured := sources.find(in.disk, in.entry)
	flag := format != "" // --source, which beats the source's format
	if format == "" {
		format = src.Format
	}
	if in.bundle == nil && in.size == 0 {
		return plan{}, fmt.Errorf("%s: file is empty", path)
	}
	if in.bundle != nil {
		p.conn, p.reason = in.bundle, in.reason
		if configured && src.Format != "" && in.reason == "format given" && !flag {
			p.reason = fmt.Sprintf("format %q set for source %q in %s", src.Format, src.Name, cfg.File)
		}
	} else if format != "" {
		c, err := Lookup(format)
		if err != nil {
			return plan{}, fmt.Errorf("%s: %w", path, err)
		}
		p.conn, p.reason = c, "format given"
		if configured && src.Format != "" && !flag {
			p.reason = fmt.Sprintf("format %q set for source %q in %s", src.Format, src.Name, cfg.File)
		}
	} else {
		head, err := in.head()
		if err != nil {
			return plan{}, err
		}
		d, err := Detect(path, head)
		if err != nil {
			return plan{}, err
		}
		p.conn, p.reason = d.Connector, d.Reason
	}
	if src.Name == "" {
		src.Name = p.conn.System()
	}
	tz := src.TimeZone
	if tz == "" {
		tz = cfg.Calendar.TimeZone
	}
	loc, err := time.LoadLocation(tz)
	if err != nil {
		return plan{}, fmt.Errorf("%s: time zone %q: %w", path, tz, err)
	}
	p.source, p.loc = src, loc
	return p, nil
}

// sourceMatcher finds the configured source of files (find). The
// sources' absolute paths are worked out once, and so is the last file's,
// which the entries of one archive share: filepath.Abs reads the working
// folder on every call (two stats), which, made for every source and
// file, took lanes doctor about a minute over 60,000 archive entries.
type sourceMatcher struct {
	cfg      *config.Config
	abs      []string // per source, its absolute path ("" without a path)
	lastDisk string
	lastAbs  string
}

func newSourceMatcher(cfg *config.Config) *sourceMatcher {
	m := &sourceMatcher{cfg: cfg, abs: make([]string, len(cfg.Sources))}
	for i, s := range cfg.Sources {
		if s.Path != "" {
			m.abs[i] = sourcePath(cfg, s.Path)
		}
	}
	return m
}

// find finds the configured source a file belongs to: the first whose
// path is the file or a folder holding it. A file inside a .zip (entry,
// its path in the archive) is matched twice over: by the archive on disk
// (a path naming the archive or a folder holding it), and by its path in
// the archive as if the archive were unzipped in lanes.yaml's folder, so
// that a zip of the exports next to lanes.yaml reads as the folder does
// (servicenow/lisbon matches x.zip!servicenow/lisbon/incidents.csv
// wherever x.zip is). An absolute path, or one leading out of lanes.yaml's
// folder, matches files on disk only.
func (m *sourceMatcher) find(disk, entry string) (config.Source, bool) {
	if disk != m.lastDisk || m.lastAbs == "" {
		m.lastDisk = disk
		m.lastAbs, _ = filepath.Abs(disk)
	}
	abs := m.lastAbs
	for i, s := range m.cfg.Sources {
		if s.Path == "" {
			continue
		}
		sabs := m.abs[i]
		if abs == sabs || strings.HasPrefix(abs, sabs+string(filepath.Separator)) {
			return s, true
		}
		if entry == "" || !inArchives(s.Path) {
			continue
		}
		if rel := path.Clean(filepath.ToSlash(s.Path)); rel == "." || entry == rel || strings.HasPrefix(entry, rel+"/") {
			return s, true
		}
	}
	return config.Source{}, false
}

// staging is where a file's rows wait to be merged: stage_tickets,
// stage_events, stage_comments, stage_messages, stage_metrics and
// stage_directory in the file's scratch database (warehouse.Scratch), with
// the columns of the canonical tables (stage_metrics.raw is text, as
// stage_tickets.raw; stage_directory has seq more, the entry's place in
// the file, for mergeDirectory);
// stage_tickets.raw is text (marshalRaw's compact JSON, appended as it is:
// the appender would check and copy it again in Go), checked as JSON when
// it is inserted into tickets. stage_tickets has three columns more: the
// sequence numbers the ticket's first comment and first event get
// (comments_from, events_from), set by the stage sink, which tell the
// copies of a key staged more than once apart (keepOneCopy), and partial
// (Ticket.Partial; NULL, as false, from a connector's SQL).
// They are written outside the run's transaction (by the connector's
// appenders and SQL, on the scratch connection), so the merge, in the
// transaction, reads committed data on every thread. The transaction
// must not read them before the file is staged.
//
// A small file (under SmallFileBytes) is staged in the transaction
// instead, in staging tables of its own that the run's small files share
// (txTemps.staging), emptied after each.
type staging struct {
	sc    *warehouse.Scratch // the file's scratch database, or the transaction's temp catalog
	temps *txTemps           // the run's working tables in the transaction
	onTx  bool               // staged in the transaction (a small file)
}

// SmallFileBytes is the size under which a file is staged in the run's
// transaction rather than in a scratch database of its own. DuckDB frees
// nothing a transaction created or read until it ends: a scratch database
// the transaction read keeps about 1.5 MB however few rows it held (some
// 35 KB for each column of each table that held a row), so a run of about
// a thousand small files (three years of daily exports) ran out of its
// memory cap. A small file gains little from a scratch database anyway;
// a large one has it, for the threads it brings (see staging). Packages
// whose tests exercise a BulkReader set it to 0.
var SmallFileBytes int64 = 8 << 20

// stagingTables are the staging tables' names.
var stagingTables = []string{"stage_tickets", "stage_events", "stage_comments", "stage_messages", "stage_metrics", "stage_directory"}

// stagingDDL creates the staging tables (qualified by staging.q).
const stagingDDL = `
		create table stage_tickets as select * replace (raw::varchar as raw), null::integer as comments_from,
		  null::integer as events_from, null::boolean as partial from main.tickets limit 0;
		create table stage_events as select * from main.ticket_events limit 0;
		create table stage_comments as select * from main.comments limit 0;
		create table stage_messages as select * from main.messages limit 0;
		create table stage_metrics as select * replace (raw::varchar as raw) from main.ticket_metrics limit 0;
		create table stage_directory as select *, null::bigint as seq from main.directory limit 0;`

// txTemps keeps the working tables of the run's transaction. DuckDB frees
// nothing a transaction created until it ends, dropped or not, so a table
// made and dropped for every file cost the run memory for every file: a
// table is created by the first statement that makes it, and emptied
// rather than dropped after each use, the next use inserting into it.
// Their rows still add up in the transaction, but only what the files
// hold. Temporary tables belong to their connection: txTemps is for the
// transaction's only.
type txTemps struct {
	made map[string]bool
	// threads is DuckDB's thread count when the run began; serial is
	// whether the run has set it to 1 (see serial).
	threads int64
	serial  bool
}

// oneThread runs what follows on one thread (on) or on the run's threads.
// An insert that runs on several threads (one from a join, say) adds its
// rows to the transaction's table as row groups of their own, each with
// room for a vector in every column (about 19 KB a column), whatever few
// rows they hold, and the transaction keeps them to its end: a small file
// is staged and merged on one thread, which appends to the table's last
// row group instead, and gains nothing from more.
func (t *txTemps) oneThread(tx *warehouse.Tx, on bool) error {
	if on == t.serial {
		return nil
	}
	n := t.threads
	if on {
		n = 1
	}
	if _, err := tx.Exec(fmt.Sprintf("SET threads = %d", n)); err != nil {
		return err
	}
	t.serial = on
	return nil
}

var (
	createTempRE = regexp.MustCompile(`(?is)^\s*create temp table (\w+) as\s(.*)$`)
	dropTableRE  = regexp.MustCompile(`(?i)^\s*drop table (\w+)\s*$`)
	// statementEnd separates the statements of a text: a semicolon at the
	// end of a line (lanes' statements put none there otherwise, not even
	// in a comment).
	statementEnd = regexp.MustCompile(`;[ \t]*(\n|$)`)
)

// exec runs text's statements one by one on ex, the transaction: "create
// temp table T as Q" creates T the first time and inserts Q into it after
// that, and "drop table T" of such a table empties it. It returns the last
// statement's result.
func (t *txTemps) exec(ex *warehouse.Tx, text string) (res sql.Result, err error) {
	for _, stmt := range statementEnd.Split(text, -1) {
		if strings.TrimSpace(stmt) == "" {
			continue
		}
		if m := createTempRE.FindStringSubmatch(stmt); m != nil && t.made[m[1]] {
			stmt = "insert into " + m[1] + " by name " + m[2]
		} else if m != nil {
			t.made[m[1]] = true
		} else if m := dropTableRE.FindStringSubmatch(stmt); m != nil && t.made[m[1]] {
			stmt = "delete from " + m[1]
		}
		if res, err = ex.Exec(stmt); err != nil {
			return nil, err
		}
	}
	return res, nil
}

// empty deletes every row of the tables named, made by exec or staging.
func (t *txTemps) empty(tx *warehouse.Tx, names ...string) error {
	for _, n := range names {
		if _, err := tx.Exec("delete from temp.main." + n); err != nil {
			return err
		}
	}
	return nil
}

// drop drops every table made, at the end of the run: temporary tables
// belong to the connection, which outlives the transaction.
func (t *txTemps) drop(tx *warehouse.Tx) error {
	for _, n := range slices.Sorted(maps.Keys(t.made)) {
		if _, err := tx.Exec("drop table temp.main." + n); err != nil {
			return err
		}
	}
	return nil
}

// staging is the run's shared staging for small files: the staging tables
// in the transaction's temp catalog, made by the first small file.
func (t *txTemps) staging(tx *warehouse.Tx) (staging, error) {
	st := staging{sc: &warehouse.Scratch{Tx: tx, Name: "temp"}, temps: t, onTx: true}
	if t.made[stagingTables[0]] {
		return st, nil
	}
	if _, err := tx.Exec(st.q(strings.ReplaceAll(stagingDDL, "create table", "create temp table"))); err != nil {
		return st, fmt.Errorf("staging tables: %w", err)
	}
	for _, n := range stagingTables {
		t.made[n] = true
	}
	return st, nil
}

// scExec runs text where the file is staged: on its scratch connection,
// or in the transaction through txTemps.
func (st staging) scExec(text string) (sql.Result, error) {
	if st.onTx {
		return st.temps.exec(st.sc.Tx, text)
	}
	return st.sc.Exec(text)
}

var stageNames = regexp.MustCompile(`\bstage_(tickets|events|comments|messages|metrics|directory)\b`)

// q qualifies the staging tables named in a statement with the scratch
// database's name.
func (st staging) q(sql string) string {
	return stageNames.ReplaceAllString(sql, st.sc.Name+".$0")
}

func createStaging(sc *warehouse.Scratch, temps *txTemps) (staging, error) {
	st := staging{sc: sc, temps: temps}
	_, err := sc.Exec(st.q(stagingDDL))
	if err != nil {
		return st, fmt.Errorf("staging tables: %w", err)
	}
	return st, nil
}

// appendStaged opens appenders on the staging tables (on the scratch
// connection) and on rejects (in the run's transaction), keyed by the
// tables' plain names, for the stage sink; and on extra, tables of the
// scratch database named in full, keyed by those names.
func appendStaged(tx *warehouse.Tx, st staging, extra []string, fill func(apps map[string]warehouse.AppendFunc) error) error {
	names := stagingTables
	qualified := make([]string, len(names))
	for i, n := range names {
		qualified[i] = st.sc.Name + ".main." + n
	}
	both := func(staged, rej map[string]warehouse.AppendFunc) error {
		apps := map[string]warehouse.AppendFunc{"rejects": rej["rejects"]}
		for i, n := range names {
			apps[n] = staged[qualified[i]]
		}
		for _, n := range extra {
			apps[n] = staged[n]
		}
		return fill(apps)
	}
	if st.onTx {
		// One connection: its appenders are opened together (a second
		// AppendMany on it would wait for the first to end).
		return tx.AppendMany(append(append(qualified, extra...), "rejects"), func(all map[string]warehouse.AppendFunc) error {
			return both(all, all)
		})
	}
	return st.sc.AppendMany(append(qualified, extra...), func(staged map[string]warehouse.AppendFunc) error {
		return tx.AppendMany([]string{"rejects"}, func(rej map[string]warehouse.AppendFunc) error {
			return both(staged, rej)
		})
	})
}

// extractEntry copies a file inside a .zip to a temporary file, whose
// name keeps the entry's extension (DuckDB's readers look at it), and
// returns its path. The archive's entries were checked when it was opened
// (OpenZip), so the copy is at most the archive's limits.
func extractEntry(in input) (string, error) {
	r, err := in.open()
	if err != nil {
		return "", err
	}
	defer r.Close()
	entry := in.path[strings.LastIndex(in.path, "!")+1:]
	ext := strings.ToLower(path.Ext(entry))
	if strings.ContainsAny(ext, "*\\") {
		ext = ""
	}
	f, err := os.CreateTemp("", "lanes-entry-*"+ext)
	if err != nil {
		return "", err
	}
	if _, err := io.Copy(f, r); err != nil {
		return "", errors.Join(err, f.Close(), os.Remove(f.Name()))
	}
	if err := f.Close(); err != nil {
		return "", errors.Join(err, os.Remove(f.Name()))
	}
	return f.Name(), nil
}

func ingestFile(ctx context.Context, tx *warehouse.Tx, temps *txTemps, scratch func() (*warehouse.Scratch, error), cfg *config.Config, p plan, opts Options, seen map[string]bool) (FileResult, error) {
	res := FileResult{Path: p.path, Format: p.conn.Name(), Source: p.source.Name, Reason: p.reason, Bytes: p.size}
	sum, err := p.in.hash()
	if err != nil {
		return res, err
	}
	res.SHA256 = sum
	runID := sum[:32] + ":" + p.source.Name
	settings := settingsOf(p)
	var n int
	var was sql.NullString
	if err := tx.QueryRow(`select count(*), max(settings) from ingest_runs where run_id = ?`, runID).Scan(&n, &was); err != nil {
		return res, err
	}
	if n > 0 || seen[runID] {
		res.Unchanged = true
		res.SettingsChanged = settingsChange(was.String, settings)
		return res, nil
	}
	seen[runID] = true
	if opts.Progress != nil {
		opts.Progress.Start(p.path, p.size)
	}
	var closers []io.Closer
	defer func() {
		for _, c := range closers {
			_ = c.Close()
		}
	}()
	in := &Input{Path: p.path, Source: p.source, Location: p.loc}
	// DuckDB reads files on disk, so a BulkReader is offered a plain file,
	// and a file inside a .zip copied out to a temporary file (extractEntry);
	// when that cannot be written it is read from the archive the Go way.
	// A BulkReader writes rows with SQL, past the sink, so it is not offered
	// the file when free text must not be stored (privacy.exclude_descriptions):
	// only the sink blanks it. One that writes only through the sink
	// (RowsOnly) is.
	// A small file is staged in the transaction (see SmallFileBytes), where
	// no BulkReader works: it is read the Go way, which stages the same.
	small := p.size < SmallFileBytes
	br, bulk := p.conn.(BulkReader)
	if _, rowsOnly := p.conn.(RowsOnly); cfg.Privacy.ExcludeDescriptions && !rowsOnly || small {
		bulk = false
	}
	bulkFile, open := "", p.in.open
	if bulk && p.in.bundle == nil && p.in.fsys == nil {
		if p.in.path == p.in.disk {
			bulkFile = p.in.disk
		} else if tmp, err := extractEntry(p.in); err == nil {
			defer os.Remove(tmp)
			bulkFile, open = tmp, func() (io.ReadCloser, error) { return os.Open(tmp) }
		}
	}
	openReader := func() error {
		f, err := open()
		if err != nil {
			return fmt.Errorf("%s: %w", p.path, err)
		}
		closers = append(closers, f)
		var r io.Reader = bufio.NewReaderSize(f, 1<<20)
		if opts.Progress != nil {
			r = &countingReader{r: r, path: p.path, prog: opts.Progress}
		}
		in.Reader = r
		return nil
	}
	if p.in.bundle == nil {
		if err := openReader(); err != nil {
			return res, err
		}
	}
	if err := temps.oneThread(tx, small); err != nil {
		return res, err
	}
	var st staging
	if small {
		st, err = temps.staging(tx)
		if err != nil {
			return res, err
		}
	} else {
		sc, err := scratch()
		if err != nil {
			return res, err
		}
		if st, err = createStaging(sc, temps); err != nil {
			return res, err
		}
	}
	sc := st.sc
	dst := WatchAmbiguous(p.loc)
	defer dst.Stop()
	s := &stageSink{source: p.source.Name, runID: runID, file: p.path, urlBase: p.source.URLBase, dst: dst,
		dropText: cfg.Privacy.ExcludeDescriptions}
	handled := false
	var direct int64 // tickets the connector inserted straight into tickets
	if bulkFile != "" {
		// A file on disk: the connector may let DuckDB read it.
		b := &Bulk{Input: in, File: bulkFile, Tx: tx, Source: p.source.Name, RunID: runID, SourceFile: p.path,
			URLBase: p.source.URLBase, TicketsTable: st.q("stage_tickets"), CommentsTable: st.q("stage_comments"),
			eventsTable: st.q("stage_events"), sink: s, scratch: sc}
		b.rows = func(extra []string, fn func(Sink, map[string]warehouse.AppendFunc) error) error {
			return appendStaged(tx, st, extra, func(apps map[string]warehouse.AppendFunc) error {
				s.apps = apps
				return fn(s, apps)
			})
		}
		handled, err = br.ReadBulk(ctx, b)
		res.ReadNote = b.Note
		s.tickets += b.staged + b.loaded
		direct = b.loaded
		if err == nil && !handled {
			err = openReader()
		}
	}
	if err == nil && !handled {
		err = appendStaged(tx, st, nil, func(apps map[string]warehouse.AppendFunc) error {
			s.apps = apps
			if p.in.bundle != nil {
				return p.in.bundle.ReadBundle(ctx, p.in.fsys, in, s)
			}
			return p.conn.Read(ctx, in, s)
		})
	}
	if err != nil {
		var fe *FileError
		if errors.As(err, &fe) {
			return res, err // already names the file, line and column
		}
		return res, fmt.Errorf("%s (%s): %w", p.path, p.conn.Name(), err)
	}
	settle := keepOneCopy
	if ec, ok := p.conn.(EventCounter); ok && ec.CountsFromEvents() {
		settle = joinParts
	}
	if err := settle(st); err != nil {
		return res, fmt.Errorf("%s: %w", p.path, err)
	}
	if rh, ok := p.conn.(RepeatHinter); ok {
		if err := st.sc.QueryRow(st.q(repeatedKeys)).Scan(&res.Repeated); err != nil {
			return res, fmt.Errorf("%s: %w", p.path, err)
		}
		if res.Repeated > 0 {
			res.RepeatHint = rh.RepeatHint()
		}
	}
	detached, withTickets, err := countDetached(tx, st)
	if err != nil {
		return res, fmt.Errorf("%s: %w", p.path, err)
	}
	res.Events = withTickets
	var companions, newCompanions int64
	if detached > 0 {
		if companions, newCompanions, err = countCompanions(tx, st); err != nil {
			return res, fmt.Errorf("%s: %w", p.path, err)
		}
	}
	records := detached - companions // events and comments without their ticket, as input records
	res.RowsIn = s.tickets + s.messages + s.metrics + s.directory + s.rejected + records + s.skipped
	res.Rejected = s.rejected
	res.Skipped, res.Skips = s.skipped, s.skips
	res.Rejects = s.firstRejects
	res.Ambiguous, res.AmbiguousTimes = dst.Count(), dst.Examples()
	if res.RowsIn == 0 {
		return res, fmt.Errorf("%s (%s): no rows found", p.path, p.conn.Name())
	}
	// The limit compares rejected rows with rows in, or, where rows in are
	// not the file's rows (a ServiceNow history's tickets), the file's
	// rejected rows with its rows.
	limitRows, limitRejected := res.RowsIn, res.Rejected
	if s.counted && s.fileRows > 0 {
		limitRows, limitRejected = s.fileRows, s.fileRejected
	}
	if 100*float64(limitRejected)/float64(limitRows) > opts.MaxRejectPct {
		return res, &RejectLimitError{Path: p.path, Rejected: limitRejected, RowsIn: limitRows, Limit: opts.MaxRejectPct, First: s.firstRejects}
	}
	var loadedDetached int64
	if detached > 0 {
		if loadedDetached, err = mergeDetached(tx, st); err != nil {
			return res, fmt.Errorf("%s: merge events: %w", p.path, err)
		}
	}
	ec, ok := p.conn.(EventCounter)
	loaded, err := mergeStaging(tx, st, ok && ec.CountsFromEvents())
	if err != nil {
		return res, fmt.Errorf("%s: merge: %w", p.path, err)
	}
	loadedMessages, err := mergeMessages(tx, st)
	if err != nil {
		return res, fmt.Errorf("%s: merge messages: %w", p.path, err)
	}
	loadedMetrics, err := mergeMetrics(tx, st)
	if err != nil {
		return res, fmt.Errorf("%s: merge ticket metrics: %w", p.path, err)
	}
	if err := applyStoredMetrics(tx, st); err != nil {
		return res, fmt.Errorf("%s: apply ticket metrics: %w", p.path, err)
	}
	loadedDirectory, err := mergeDirectory(tx, st)
	if err != nil {
		return res, fmt.Errorf("%s: merge directory: %w", p.path, err)
	}
	res.Loaded = loaded + loadedMessages + loadedMetrics + loadedDirectory + loadedDetached - newCompanions + direct
	res.Merged = s.tickets + s.messages + s.metrics + s.directory + records - res.Loaded
	settingsJSON, err := json.Marshal(settings)
	if err != nil {
		return res, err
	}
	_, err = tx.Exec(`insert into ingest_runs (run_id, source, format, file, sha256, bytes, rows_in, loaded, rejected, merged, loaded_at, skipped, ambiguous_times, settings)
		values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		runID, p.source.Name, p.conn.Name(), p.path, sum, p.size, res.RowsIn, res.Loaded, res.Rejected, res.Merged, opts.Now().UTC(), res.Skipped, res.Ambiguous, string(settingsJSON))
	if err != nil {
		return res, fmt.Errorf("%s: record run: %w", p.path, err)
	}
	if small {
		// The shared staging tables, emptied for the next small file (a
		// failed file fails the run, and the transaction drops them).
		if err := temps.empty(tx, stagingTables...); err != nil {
			return res, err
		}
	}
	return res, nil
}

// keepOneCopy settles, for a key the file holds more than once (pages of an
// API export that overlap, a CSV with a row repeated), which comments and
// events it keeps, as the merge does for copies in different files: the
// comments of the copy that wins the merge (the latest updated_at, then
// deleted, then the larger hash of the record, as mergeStaging ranks
// them), or, when it brings none, of the best-ranked copy that does; the
// winner's events, and the other copies' events from before the winner's
// first (all of them when it brings none), each once, in time order.
// Without it every copy's comments were staged, each comment stored once
// per copy. A copy's comments and events are those the sink numbered from
// its comments_from and events_from up to the next copy's; the kept ones
// are numbered from 1 again, and the copies' comments_from and events_from
// cleared but for the comments_from of the copy whose comments are kept,
// which becomes 0 (the merge ranks that copy against the stored comments'
// own: settleComments), so a second call changes nothing. It runs on the scratch
// connection, before the transaction first reads the staging tables (it
// would not see the change after: see Bulk.KeepOneCopy).
func keepOneCopy(st staging) error {
	var dups int64
	if err := st.sc.QueryRow(st.q(`select count(*) from (select 1 from stage_tickets where comments_from is not null
		group by source, source_key having count(*) > 1)`)).Scan(&dups); err != nil || dups == 0 {
		return err
	}
	_, err := st.scExec(st.q(`
		create temp table stage_copies as
		with dup as (
		  select source, source_key from stage_tickets where comments_from is not null
		  group by source, source_key having count(*) > 1
		),
		last_seq as (
		  select source, source_key, max(seq) + 1 as comments_end, null::integer as events_end from stage_comments
		  semi join dup using (source, source_key) group by all
		  union all
		  select source, source_key, null, max(seq) + 1 from stage_events semi join dup using (source, source_key) group by all
		),
		ends as (select source, source_key, max(comments_end) as comments_end, max(events_end) as events_end from last_seq group by all)
		select s.source, s.source_key, s.rowid as rid, s.comments_from, s.events_from,
		  coalesce(lead(s.comments_from) over w, e.comments_end, s.comments_from) as comments_to,
		  coalesce(lead(s.events_from) over w, e.events_end, s.events_from) as events_to,
		  row_number() over (partition by s.source, s.source_key
		    order by s.updated_at desc, s.is_deleted desc, md5(s.raw) desc, s.source_line desc, s.rowid) as rank
		from stage_tickets s semi join dup d on d.source = s.source and d.source_key = s.source_key
		left join ends e on e.source = s.source and e.source_key = s.source_key
		window w as (partition by s.source, s.source_key order by s.rowid);
		create temp table stage_keep as
		select source, source_key,
		  arg_min(comments_from, (comments_to = comments_from, rank)) as comments_from,
		  arg_min(comments_to, (comments_to = comments_from, rank)) as comments_to,
		  arg_min(rid, (comments_to = comments_from, rank)) as owner
		from stage_copies group by all;
		delete from stage_comments c using stage_keep k
		  where c.source = k.source and c.source_key = k.source_key and (c.seq < k.comments_from or c.seq >= k.comments_to);
		update stage_comments c set seq = c.seq - k.comments_from + 1 from stage_keep k
		  where c.source = k.source and c.source_key = k.source_key;
		create temp table stage_kept_events as
		with tagged as (
		  select e.*, c.rank from stage_events e
		  join stage_copies c on c.source = e.source and c.source_key = e.source_key
		    and e.seq >= c.events_from and e.seq < c.events_to
		),
		since as (select source, source_key, min(event_at) as first_at from tagged where rank = 1 group by all)
		select t.* exclude (rank) replace (
		    row_number() over (partition by t.source, t.source_key order by t.event_at, t.rank, t.seq)::integer as seq)
		from tagged t left join since f on f.source = t.source and f.source_key = t.source_key
		where t.rank = 1 or f.first_at is null or t.event_at < f.first_at
		qualify t.rank = 1 or row_number() over (partition by t.source, t.source_key, t.event_at, t.kind, t.actor,
		  t.from_value, t.to_value order by t.rank, t.seq) = 1;
		delete from stage_events e using (select distinct source, source_key from stage_copies) k
		  where e.source = k.source and e.source_key = k.source_key;
		insert into stage_events select * from stage_kept_events;
		update stage_tickets s set comments_from = case when s.rowid = k.owner then 0 end, events_from = null from stage_keep k
		  where s.source = k.source and s.source_key = k.source_key;
		drop table stage_copies;
		drop table stage_keep;
		drop table stage_kept_events`))
	return err
}

// repeatedKeys counts the keys staged more than once.
const repeatedKeys = `select count(*) from (select 1 from stage_tickets
	group by source, source_key having count(*) > 1)`

// joinParts is keepOneCopy for an EventCounter's file (an event log), where
// a case given twice (two XES traces of one name) is two parts of one
// history rather than two copies of it: every part's events are kept, in
// time order, each part's first change of a tracked field (which comes
// from no value) takes the value the part before left, one that then
// changes nothing is dropped, and the copies' reopen and reassignment
// counts are counted over the joined events, as renumberEvents does for
// parts from several files.
func joinParts(st staging) error {
	var dups int64
	if err := st.sc.QueryRow(st.q(repeatedKeys)).Scan(&dups); err != nil || dups == 0 {
		return err
	}
	_, err := st.scExec(st.q(`
		create temp table stage_parts as
		` + joinedEvents(`(select e.* from stage_events e
		    semi join (select source, source_key from stage_tickets group by source, source_key having count(*) > 1) d
		      on d.source = e.source and d.source_key = e.source_key)`,
		`x.event_at, x.seq`,
		`row_number() over (partition by x.source, x.source_key, x.kind order by x.event_at, x.seq) > 1`) + `;
		delete from stage_events e using (select distinct source, source_key from stage_parts) k
		  where e.source = k.source and e.source_key = k.source_key;
		insert into stage_events select * from stage_parts;
		` + recountSQL("stage_tickets", "stage_parts") + `;
		drop table stage_parts`))
	return err
}

// joinedEvents selects the events of rows (a subquery of ticket_events
// rows) numbered again in order, where a part of a history starts (opens:
// a change of a tracked field that comes from no value) taking the value
// the part before left, and dropping one that then changes nothing. It
// serves parts in several files (renumberEvents) and in one (joinParts).
func joinedEvents(rows, order, opens string) string {
	return `with ordered as (
		   select x.*,
		     row_number() over (partition by x.source, x.source_key order by ` + order + `) as n,
		     x.from_value is null and x.kind in ('status', 'group', 'assignee', 'priority') and ` + opens + ` as opens
		   from ` + rows + ` x),
		 filled as (
		   select * replace (case when opens
		       then lag(to_value) over (partition by source, source_key, kind order by n) else from_value end as from_value)
		   from ordered)
		 select * exclude (n, opens) replace (row_number() over (partition by source, source_key order by n)::integer as seq)
		 from filled
		 where not (opens and from_value is not null and from_value = to_value)`
}

// recountSQL sets, on the rows of table whose events in events join parts of
// an event log's case, what the connector counts from a case's events
// (eventlog.Case.Build) over the joined history: the reopens, the moves
// from one group to another, and the title when it is the part's first
// activity (the log has no title of its own).
func recountSQL(table, events string) string {
	return `update ` + table + ` t set reopen_count = c.reopens, reassignment_count = c.reassignments,
		     title = case when t.title = json_extract_string(t.raw, '$.first_activity') then c.first_activity else t.title end
		   from (select source, source_key, count(*) filter (where kind = 'reopen') as reopens,
		       count(*) filter (where kind = 'group' and from_value is not null) as reassignments,
		       arg_min(to_value, (event_at, seq)) filter (where kind = 'status') as first_activity
		     from ` + events + ` group by all) c
		   where t.source = c.source and t.source_key = c.source_key`
}

// insertWinners copies the winning staged tickets into tickets.
const insertWinners = `insert into tickets select s.* exclude (comments_from, events_from, partial) from stage_tickets s semi join stage_winners w on s.rowid = w.rid`

// settleComments writes stage_ctake: per staged key with staged comments,
// whether they replace the stored ones (take). A ticket's comments are
// those of its best-ranked copy that has any, ranked as the merge ranks
// copies (the latest updated_at, then deleted, then the larger MD5 of the
// record): a winning copy brings its own, and a newer copy without any (a
// Jira CSV exported without comments, a Zendesk list export) leaves the
// stored ones, which may then belong to a copy other than the row's;
// comment_owners keeps that copy's rank, so a later file's copy is ranked
// against the comments' own copy, not the row's, and the outcome does not
// depend on the order the files come in. The staged comments are those of
// one copy (keepOneCopy marks it, comments_from 0, when the file holds the
// key more than once). Staged comments are taken when their copy wins,
// when none are stored, when no stored row ranks them (comments loaded
// without their ticket, from an audit export), or when they outrank the
// copy comment_owners names; without such a row the stored comments are
// the stored row's, which outranks a copy that lost to it. It also keeps
// comment_owners up to date for the staged keys: it adds the stored row's
// rank where the row is replaced by a copy without comments and keeps its
// comments, and sets or removes the row of each key that takes comments
// from a copy other than, or the same as, its winner. It runs before the
// merge replaces any row.
func settleComments(tx *warehouse.Tx, st staging, detached bool) error {
	// The staged keys (stage_cand has each once) that have comments
	// stored: few next to the stored comments, so the join hashes them and
	// streams the comments past. A copy's comments, that is: with
	// comments from audit exports stored (detached), a key whose only
	// rows are theirs has none.
	ckeys := `create temp table stage_ckeys as
		 select distinct x.source, x.source_key from comments x
		 semi join stage_cand k on k.source = x.source and k.source_key = x.source_key`
	if detached {
		ckeys = `create temp table stage_ckeys as
		 with shown as (
		   select d.source, d.source_key, count(*) as n from detached_comments d
		   semi join stage_cand k on k.source = d.source and k.source_key = d.source_key
		   where d.shown group by d.source, d.source_key)
		 select x.source, x.source_key from comments x
		 semi join stage_cand k on k.source = x.source and k.source_key = x.source_key
		 left join shown s on s.source = x.source and s.source_key = x.source_key
		 group by x.source, x.source_key, s.n having count(*) > coalesce(s.n, 0)`
	}
	if _, err := st.temps.exec(tx, st.q(ckeys)); err != nil {
		return err
	}
	// A key the file holds once has its copy in stage_cand; of a key
	// held more than once, keepOneCopy marked the copy whose comments are
	// staged. A tie on time and deletion with the copy that owns the
	// stored comments leaves take null (tie: 'r', with the copy
	// comment_owners names; 's', with the stored row), for the hashes
	// below, read only for those.
	if _, err := st.temps.exec(tx, st.q(`create temp table stage_ctake as
		 with commented as (select distinct source, source_key from stage_comments),
		 owner as (
		   select c.source, c.source_key, c.rid, c.updated_at, c.is_deleted from stage_cand c
		   semi join commented k on k.source = c.source and k.source_key = c.source_key
		   where not c.dup
		   union all
		   select s.source, s.source_key, s.rowid, s.updated_at, s.is_deleted from stage_tickets s
		   semi join (select source, source_key from stage_cand where dup) d on d.source = s.source and d.source_key = s.source_key
		   semi join commented k on k.source = s.source and k.source_key = s.source_key
		   qualify row_number() over (partition by s.source, s.source_key
		     order by coalesce(s.comments_from = 0, false) desc, s.updated_at desc, s.is_deleted desc, s.source_line desc, s.rowid) = 1),
		 decided as (
		   select o.source, o.source_key, o.rid, w.rid is not null as wins, c.stored_row, r.hash as owner_hash,
		     case when w.rid is not null or s.source is null then 'take'
		       when r.source is not null then
		         case when o.updated_at <> r.updated_at or o.is_deleted <> r.is_deleted
		           then case when (o.updated_at, o.is_deleted) > (r.updated_at, r.is_deleted) then 'take' else 'keep' end
		           else 'r' end
		       when c.stored_row is null then 'take'
		       when o.updated_at <> c.stored_at or o.is_deleted <> c.stored_deleted
		         then case when (o.updated_at, o.is_deleted) > (c.stored_at, c.stored_deleted) then 'take' else 'keep' end
		       when o.rid = c.rid then 'keep'
		       else 's' end as how
		   from owner o
		   left join stage_winners w on w.rid = o.rid
		   left join stage_ckeys s on s.source = o.source and s.source_key = o.source_key
		   left join comment_owners r on r.source = o.source and r.source_key = o.source_key
		   left join stage_cand c on c.source = o.source and c.source_key = o.source_key)
		 select source, source_key, rid, wins, stored_row, owner_hash, case how when 'take' then true when 'keep' then false end as take,
		   case when how in ('r', 's') then how end as tie
		 from decided`)); err != nil {
		return err
	}
	// A tie with the stored row: the file's best copy lost it (winners),
	// so only another copy of the file, ranked below that one, is here.
	var ties, rowTies int64
	var lo, hi sql.NullInt64
	if err := tx.QueryRow(`select count(tie), count(*) filter (where tie = 's'), min(stored_row) filter (where tie = 's'),
		max(stored_row) filter (where tie = 's') from stage_ctake`).Scan(&ties, &rowTies, &lo, &hi); err != nil {
		return err
	}
	if ties > rowTies {
		if _, err := tx.Exec(st.q(`update stage_ctake k set take = md5(s.raw) > k.owner_hash, tie = null
			 from stage_tickets s where k.tie = 'r' and s.rowid = k.rid`)); err != nil {
			return err
		}
	}
	if rowTies > 0 {
		if _, err := tx.Exec(st.q(fmt.Sprintf(`update stage_ctake k set take = md5(s.raw) > md5(t.raw::varchar), tie = null
			 from stage_tickets s, (select rowid as r, raw from tickets where rowid between %d and %d) t
			 where k.tie = 's' and s.rowid = k.rid and t.r = k.stored_row`, lo.Int64, hi.Int64))); err != nil {
			return err
		}
	}
	// The stored rows that a copy without comments replaces while their
	// comments stay: their rank goes to comment_owners, read by row id.
	if _, err := st.temps.exec(tx, st.q(`create temp table stage_cdisp as
		 select c.source, c.source_key, c.stored_row, c.stored_at, c.stored_deleted from stage_cand c
		 semi join stage_winners w on w.rid = c.rid
		 semi join stage_ckeys x on x.source = c.source and x.source_key = c.source_key
		 anti join comment_owners r on r.source = c.source and r.source_key = c.source_key
		 anti join stage_ctake k on k.source = c.source and k.source_key = c.source_key and k.take
		 where c.stored_row is not null`)); err != nil {
		return err
	}
	var displaced int64
	if err := tx.QueryRow(`select count(*), min(stored_row), max(stored_row) from stage_cdisp`).Scan(&displaced, &lo, &hi); err != nil {
		return err
	}
	if displaced > 0 {
		// The hash of the joined rows only, not of every row in the range.
		if _, err := tx.Exec(fmt.Sprintf(`insert into comment_owners
			 select d.source, d.source_key, d.stored_at, d.stored_deleted, md5(t.raw::varchar) from stage_cdisp d
			 join (select rowid as r, raw from tickets where rowid between %d and %d) t on t.r = d.stored_row`,
			lo.Int64, hi.Int64)); err != nil {
			return err
		}
	}
	_, err := st.temps.exec(tx, st.q(`drop table stage_cdisp;
		drop table stage_ckeys;
		delete from comment_owners r using stage_ctake k
		 where r.source = k.source and r.source_key = k.source_key and k.take;
		insert into comment_owners
		 select t.source, t.source_key, t.updated_at, t.is_deleted, md5(t.raw)
		 from stage_ctake k join stage_tickets t on t.rowid = k.rid
		 where k.take and not k.wins`))
	return err
}

// readdDetached gives the keys that took a copy's comments (takes) back
// the comments audit exports brought for them (detached_comments), which
// the take deleted with the comments it replaced: those the copy's do not
// hold already, each once (shown says which). Their comments are then
// numbered as renumberComments numbers them, an order that does not
// depend on which file came first.
func readdDetached(tx *warehouse.Tx, st staging, takes string) error {
	_, err := st.temps.exec(tx, st.q(`create temp table stage_readd as
		 select distinct d.source, d.source_key from detached_comments d
		 semi join `+takes+` k on k.source = d.source and k.source_key = d.source_key;
		update detached_comments d set shown = not exists (select 1 from comments x where `+sameComment("x", "d")+`)
		 from stage_readd k where d.source = k.source and d.source_key = k.source_key;
		insert into comments
		 select d.source, d.source_key, 0, d.author, d.created_at, d.is_public, d.body from detached_comments d
		 semi join stage_readd k on k.source = d.source and k.source_key = d.source_key
		 where d.shown;
		`+renumberComments("stage_readd")+`;
		drop table stage_readd`))
	return err
}

// lostEvents inserts the staged events of tickets whose staged row lost to
// a newer copy: those earlier than the stored winner's own first event (all
// of them when the winner brought none, as a list export does), and not
// stored already (stage_prior holds what was stored for the staged keys).
// With a winner's events replacing the stored ones only from its earliest
// on, a history exported in parts (cut by update time) ends up whole
// whatever order the parts come in.
const lostEvents = `insert into ticket_events
		 with lost as (
		   select distinct t.source, t.source_key from stage_tickets t
		   anti join stage_winners w on w.source = t.source and w.source_key = t.source_key
		   semi join stage_events e on e.source = t.source and e.source_key = t.source_key),
		 stored as (select x.* from stage_prior x semi join lost l on l.source = x.source and l.source_key = x.source_key),
		 until as (
		   select x.source, x.source_key, min(x.event_at) as until from stored x
		   join tickets t on t.source = x.source and t.source_key = x.source_key and t.run_id = x.run_id
		   group by x.source, x.source_key)
		 select r.* from stage_events r
		 semi join lost l on l.source = r.source and l.source_key = r.source_key
		 left join until u on u.source = r.source and u.source_key = r.source_key
		 where (u.until is null or r.event_at < u.until)
		   and not exists (select 1 from stored x
		     where x.source = r.source and x.source_key = r.source_key and x.event_at = r.event_at and x.kind = r.kind
		       and x.actor is not distinct from r.actor and x.from_value is not distinct from r.from_value
		       and x.to_value is not distinct from r.to_value)`

// lostDuplicates gives a stored event that a losing copy brings again the
// smaller of the two runs, so that which run an event is credited to does
// not depend on the order the copies came in.
const lostDuplicates = `update ticket_events x set run_id = r.run_id
		 from (
		   select distinct r.source, r.source_key, r.event_at, r.kind, r.actor, r.from_value, r.to_value, r.run_id from stage_events r
		   anti join stage_winners w on w.source = r.source and w.source_key = r.source_key
		   semi join stage_tickets t on t.source = r.source and t.source_key = r.source_key) r
		 where x.source = r.source and x.source_key = r.source_key and x.event_at = r.event_at and x.kind = r.kind
		   and x.actor is not distinct from r.actor and x.from_value is not distinct from r.from_value
		   and x.to_value is not distinct from r.to_value and x.run_id > r.run_id`

// earliestCreated gives each staged key's ticket the earliest created_at of
// its copies: the stored one before the merge and every staged one. Only
// keys whose copies disagree are read (stage_cand has the latest staged
// copy and the stored one; keys staged more than once bring all theirs).
const earliestCreated = `update tickets t set created_at = m.created
		 from (
		   select source, source_key, min(created) as created from (
		     select source, source_key, least(created_at, stored_created) as created from stage_cand
		     where stored_created <> created_at
		     union all
		     select s.source, s.source_key, s.created_at from stage_tickets s
		     semi join (select source, source_key from stage_cand where dup) d on d.source = s.source and d.source_key = s.source_key)
		   group by source, source_key) m
		 where t.source = m.source and t.source_key = m.source_key and m.created < t.created_at`

// lostFresh is lostEvents when nothing was stored for the staged keys.
const lostFresh = `insert into ticket_events
		 select r.* from stage_events r
		 anti join stage_winners w on w.source = r.source and w.source_key = r.source_key
		 semi join stage_tickets t on t.source = r.source and t.source_key = r.source_key`

// renumberEvents numbers again, in time order, the events of the keys in
// stage_prior whose history now joins parts from more than one run: by
// event time, then run, then the order the run gave them. A history from
// one run keeps its numbers. Where a part starts, a change of a tracked
// field that comes from no value (the part's first sight of the ticket, as
// an event log's case start) takes the value the part before left; one
// that then changes nothing is dropped. With recount (an EventCounter's
// file), the joined tickets' reopen and reassignment counts are counted
// again over the joined history.
func renumberEvents(tx *warehouse.Tx, temps *txTemps, recount bool) error {
	_, err := temps.exec(tx, `create temp table stage_renumber as
		 `+joinedEvents(`(select x.* from ticket_events x semi join (
		     select y.source, y.source_key from ticket_events y
		     semi join (select distinct source, source_key from stage_prior) k on k.source = y.source and k.source_key = y.source_key
		     group by y.source, y.source_key having count(distinct coalesce(y.run_id, '')) > 1) j
		   on j.source = x.source and j.source_key = x.source_key)`,
		`x.event_at, x.run_id nulls first, x.seq`,
		`row_number() over (partition by x.source, x.source_key, x.kind, x.run_id order by x.event_at, x.seq) = 1`)+`;
		 delete from ticket_events x using (select distinct source, source_key from stage_renumber) r
		   where x.source = r.source and x.source_key = r.source_key;
		 insert into ticket_events select * from stage_renumber;`)
	if err == nil && recount {
		_, err = tx.Exec(recountSQL("tickets", "stage_renumber"))
	}
	if err == nil {
		_, err = temps.exec(tx, `drop table stage_renumber`)
	}
	return err
}

// recountHistories counts again, over the whole stored history, the reopen
// and reassignment counts (and an event log's title, as recountSQL does)
// of the staged keys whose history holds events of an event log (an
// EventCounter's file: the current one when history is set, or an earlier
// run of that format). An event log's row counts them from its own part;
// joined with other parts, or replaced by a copy that has no counts (a
// Jira CSV exported later), the row would otherwise keep whatever the last
// merge left: a part's count, or another copy's (fillFromCopies). Run after
// every merge that touches such a key, it makes the counts depend only on
// the events stored, not on the order the files came in.
func recountHistories(tx *warehouse.Tx, st staging, history bool) error {
	runs := `select run_id from ingest_runs where format in (` + historyFormats() + `)`
	if history {
		runs += ` union select distinct run_id from stage_tickets`
	} else {
		var n int64
		if err := tx.QueryRow(`select count(*) from (` + runs + `)`).Scan(&n); err != nil || n == 0 {
			return err // none when no event log was loaded: nothing to count
		}
	}
	_, err := st.temps.exec(tx, st.q(`create temp table stage_history as
		 select x.* from ticket_events x semi join (
		   select distinct e.source, e.source_key from ticket_events e
		   semi join (select distinct source, source_key from stage_tickets) k on k.source = e.source and k.source_key = e.source_key
		   where e.run_id in (`+runs+`)) h
		 on h.source = x.source and h.source_key = x.source_key;
		 `+recountSQL("tickets", "stage_history")+`;
		 drop table stage_history`))
	return err
}

// mergeStaging folds the staged file into the canonical tables. Per
// (source, key) the row with the latest updated_at wins; at equal times a
// deleted copy beats a live one, and other ties are broken by the hash of
// the original record, so the result does not depend on the order files
// are given in. A winning ticket brings its events and
// comments with it; one that brings none keeps those already stored (they
// may come from a separate audit export).
func mergeStaging(tx *warehouse.Tx, st staging, recount bool) (int64, error) {
	var loaded int64
	var staged, events, comments int64
	if err := tx.QueryRow(st.q(`select (select count(*) from stage_tickets), (select count(*) from stage_events),
		(select count(*) from stage_comments)`)).Scan(&staged, &events, &comments); err != nil {
		return 0, err
	}
	if staged == 0 {
		// Nothing to merge (the connector inserted its rows itself, see
		// Bulk.Fresh); the joins below would still read all of tickets.
		return 0, nil
	}
	// stage_cand pairs each staged ticket that could win (per key, the
	// latest staged copy; only keys staged more than once need ranking,
	// hashing every raw record being most of the cost of a large file) with
	// its stored row, by key, reading no stored raw record: only ties need
	// them (see winners, which then writes the winners' row ids to
	// stage_winners).
	cand := `create temp table stage_cand as
		 with dup as (
		   select source, source_key from stage_tickets group by source, source_key having count(*) > 1
		 ),
		 best as (
		   select s.rowid as rid, s.source, s.source_key, s.updated_at, s.created_at, s.is_deleted, false as dup from stage_tickets s
		   anti join dup d on d.source = s.source and d.source_key = s.source_key
		   union all
		   select s.rowid as rid, s.source, s.source_key, s.updated_at, s.created_at, s.is_deleted, true as dup from stage_tickets s
		   semi join dup d on d.source = s.source and d.source_key = s.source_key
		   qualify row_number() over (partition by s.source, s.source_key
		     order by s.updated_at desc, s.is_deleted desc, md5(s.raw::varchar) desc, s.source_line desc) = 1
		 )
		 select b.rid, b.source, b.source_key, b.updated_at, t.updated_at as stored_at, t.rowid as stored_row,
		        b.created_at, t.created_at as stored_created, b.is_deleted, t.is_deleted as stored_deleted, b.dup,
		        ` + knownMask("t.") + ` as stored_known
		 from best b left join tickets t on t.source = b.source and t.source_key = b.source_key`
	if _, err := st.temps.exec(tx, st.q(cand)); err != nil {
		return 0, err
	}
	if err := winners(tx, st); err != nil {
		return 0, err
	}
	var all bool     // every staged row won: a new file, each key once
	var stored int64 // staged keys already in tickets: none, and there is nothing to delete
	if err := tx.QueryRow(st.q(`select (select count(*) from stage_winners) = (select count(*) from stage_tickets),
		(select count(stored_row) from stage_cand)`)).Scan(&all, &stored); err != nil {
		return 0, err
	}
	// Keys whose copies know different fields keep their copies, the
	// stored row among them, before the merge replaces it (fillFromCopies).
	fills, err := keepCopies(tx, st, all, stored, recount)
	if err != nil {
		return 0, err
	}
	insert := insertWinners
	if all {
		insert = `insert into tickets select * exclude (comments_from, events_from, partial) from stage_tickets` // the join would only cost time and memory
	}
	// What was stored for the staged events' keys, before any change: when
	// nothing was (a first load of these tickets' history), the events
	// need no deleting, checking against stored ones or renumbering.
	var prior int64
	if events > 0 {
		// Counted on the key columns first: most files bring the history
		// of tickets that have none yet, and reading every column of
		// ticket_events to find that out took as long as the insert.
		if err := tx.QueryRow(st.q(`select count(*) from ticket_events x
			 semi join (select distinct source, source_key from stage_events) k on k.source = x.source and k.source_key = x.source_key`)).Scan(&prior); err != nil {
			return 0, err
		}
	}
	if prior > 0 {
		if _, err := st.temps.exec(tx, st.q(`create temp table stage_prior as
			 select x.* from ticket_events x
			 semi join (select distinct source, source_key from stage_events) k on k.source = x.source and k.source_key = x.source_key`)); err != nil {
			return 0, err
		}
	}
	lost := lostFresh
	if prior > 0 {
		lost = lostEvents
	}
	// Which keys take their staged comments, before the merge replaces
	// any stored row (settleComments reads the rows it replaces). In a
	// first load (every key new and once) each winner takes its own; a
	// key the file brings no comments for keeps what is stored (comments
	// an audit export brought without their ticket).
	settle := !all || stored > 0
	takes := `(select source, source_key from stage_winners semi join stage_comments using (source, source_key))`
	// Comments that came without their ticket (an audit export) stay
	// whichever copy's comments the ticket takes (detached_comments).
	var detached int64
	if err := tx.QueryRow(`select count(*) from detached_comments`).Scan(&detached); err != nil {
		return 0, err
	}
	if settle {
		if err := settleComments(tx, st, detached > 0); err != nil {
			return 0, err
		}
		takes = `(select source, source_key from stage_ctake where take)`
	}
	// Each statement with the staged rows it needs: with no events (or
	// comments) staged, theirs would only read the whole table, and when
	// every staged ticket won, none lost.
	type stmt struct {
		staged int64 // the rows it works on (staged, or stored for the delete); 0 skips it
		sql    string
		lost   bool // it writes the history of tickets that lost
	}
	stmts := []stmt{
		{stored, `delete from tickets where (source, source_key) in (select (source, source_key) from stage_winners)`, false},
		{staged, insert, false},
		// A winning ticket's events replace the stored ones from its
		// earliest event on; earlier ones stay (the history came in parts).
		{prior, `delete from ticket_events x using (
		     select e.source, e.source_key, min(e.event_at) as since from stage_events e
		     semi join stage_winners w on e.source = w.source and e.source_key = w.source_key
		     group by e.source, e.source_key) s
		   where x.source = s.source and x.source_key = s.source_key and x.event_at >= s.since`, false},
		{events, `insert into ticket_events select e.* from stage_events e semi join stage_winners w on e.source = w.source and e.source_key = w.source_key`, false},
		// A key's comments are those of its best-ranked copy that has
		// any (settleComments decided which keys' staged ones are).
		{comments, `delete from comments where (source, source_key) in (select (source, source_key) from ` + takes + `)`, false},
		{comments, `insert into comments select c.* from stage_comments c semi join ` + takes + ` k on c.source = k.source and c.source_key = k.source_key`, false},
		// A ticket row that lost to a newer copy still brings its events
		// from before the winner's own (all of them after a list export
		// that has none): the outcome does not depend on the order the
		// files are given in.
		{events, lost, true},
		{prior, lostDuplicates, true},
	}
	for _, m := range stmts {
		if m.staged == 0 || (m.lost && all) {
			continue
		}
		if _, err := tx.Exec(st.q(m.sql)); err != nil {
			return 0, err
		}
	}
	if comments > 0 && detached > 0 {
		if err := readdDetached(tx, st, takes); err != nil {
			return 0, err
		}
	}
	if prior > 0 {
		if err := renumberEvents(tx, st.temps, recount); err != nil {
			return 0, err
		}
	}
	// A ticket was created no later than any copy of it says: a copy cut
	// from a longer history (an event log split by month) starts at its
	// own first event.
	if stored > 0 || !all {
		if _, err := tx.Exec(st.q(earliestCreated)); err != nil {
			return 0, err
		}
	}
	if fills > 0 {
		if err := fillFromCopies(tx, st); err != nil {
			return 0, err
		}
	}
	// After any fill: the counts of a ticket with an event log's history
	// are that history's, whichever copy won and whatever the copies say.
	if stored > 0 || !all {
		if err := recountHistories(tx, st, recount); err != nil {
			return 0, err
		}
	}
	if prior > 0 {
		if _, err := st.temps.exec(tx, `drop table stage_prior`); err != nil {
			return 0, err
		}
	}
	if settle {
		if _, err := st.temps.exec(tx, `drop table stage_ctake`); err != nil {
			return 0, err
		}
	}
	if err := tx.QueryRow(`select count(*) from stage_winners`).Scan(&loaded); err != nil {
		return 0, err
	}
	_, err = st.temps.exec(tx, "drop table stage_winners;\ndrop table stage_cand")
	return loaded, err
}

// knownFields are the ticket columns where no value can only mean that the
// copy does not know it, never that it was cleared: a first response
// cannot un-happen, counts of reopens and reassignments only grow, an SLA
// breach and a ticket's address stay. A Jira CSV has none of them, its
// REST export has them; a Freshservice CSV may lack the response and SLA
// columns its API export fills from stats.
// Of a key's copies, the row takes the winner's, else the value of the
// best-ranked copy that has one (fillFromCopies).
var knownFields = []string{"first_response_at", "reopen_count", "reassignment_count", "is_sla_breached", "url"}

// partialFields are the other columns a partial copy (Ticket.Partial: a
// deletion record) leaves to the ticket's other copies when it has no
// value: the row takes those of the best-ranked copy that is not partial.
// Its status, times and record are its own.
var partialFields = []string{"title", "description", "kind", "priority_raw", "priority", "resolved_at", "closed_at",
	"requester", "requester_team", "assignee", "assignment_group", "category", "labels", "components", "channel",
	"handle_minutes"}

// knownMask is the bit mask of the knownFields a row (its columns prefixed
// by p) has values for.
func knownMask(p string) string {
	terms := make([]string, len(knownFields))
	for i, c := range knownFields {
		terms[i] = fmt.Sprintf("%d * (%s%s is not null)::integer", 1<<i, p, c)
	}
	return "(" + strings.Join(terms, " + ") + ")"
}

// copyColumns lists, prefixed by p, the columns of ticket_copies that one
// copy may give another; a column of blank is kept empty where its
// condition holds (a value that is not the copy's own: see keepCopies).
func copyColumns(p string, blank map[string]string) string {
	cols := make([]string, 0, len(knownFields)+len(partialFields))
	for _, c := range slices.Concat(partialFields, knownFields) {
		if cond, ok := blank[c]; ok {
			cols = append(cols, fmt.Sprintf("case when %s then null else %s%s end as %s", cond, p, c, c))
			continue
		}
		cols = append(cols, p+c)
	}
	return strings.Join(cols, ", ")
}

// historyFields are the columns an event log's row takes from its case's
// joined history rather than from its own part (recountSQL); metricFields
// those that stored ticket_metrics write on a ticket without a metric set
// of its own (applyStoredMetrics). Neither is a copy's own value, so
// ticket_copies keeps neither (keepCopies): the history and the stored
// metrics set them again after every merge, whatever order the files come
// in.
var (
	historyFields = []string{"reopen_count", "reassignment_count", "title"}
	metricFields  = []string{"first_response_at", "resolved_at", "reopen_count", "reassignment_count"}
)

// historyFormats lists, quoted for SQL, the formats whose tickets' counts
// come from their events (EventCounter): ingest_runs.format tells which
// stored rows and events came from one.
func historyFormats() string {
	var names []string
	for _, c := range Connectors() {
		if ec, ok := c.(EventCounter); ok && ec.CountsFromEvents() {
			names = append(names, "'"+strings.ReplaceAll(c.Name(), "'", "''")+"'")
		}
	}
	if len(names) == 0 {
		return "null"
	}
	return strings.Join(names, ", ")
}

// blankWhere maps each of cols to cond, for copyColumns.
func blankWhere(m map[string]string, cond string, cols []string) map[string]string {
	if m == nil {
		m = map[string]string{}
	}
	for _, c := range cols {
		if prev, ok := m[c]; ok {
			m[c] = "(" + prev + ") or (" + cond + ")"
		} else {
			m[c] = cond
		}
	}
	return m
}

// keepCopies writes stage_fill_keys, the staged keys whose copies (staged,
// and the stored row) do not all know the same knownFields, or with a
// partial copy, or that already keep copies in ticket_copies; and keeps
// in ticket_copies, for those keys, the stored row (when the key keeps
// none yet: the row is then its winning copy as it came) and each staged
// copy not kept already. It returns how many keys there are. A file of new
// keys, each once and none partial (the usual first load), is not read.
func keepCopies(tx *warehouse.Tx, st staging, all bool, stored int64, history bool) (int64, error) {
	if all && stored == 0 {
		// Every key new and once: none keeps copies yet (those have a
		// stored row), and only a partial copy must be kept.
		var partial int64
		if err := tx.QueryRow(st.q(`select count(*) from stage_tickets where partial`)).Scan(&partial); err != nil || partial == 0 {
			return 0, err
		}
	}
	// When every copy, staged or stored, knows the same fields, none is
	// partial and none of the keys keeps copies, there is nothing to fill
	// (the usual overlapping exports of one format): found without
	// grouping by key.
	var partial, kept int64
	var lo, hi sql.NullInt64
	if err := tx.QueryRow(st.q(`select count(*) filter (where partial), min(known), max(known),
		  (select count(*) from ticket_copies) from (
		  select `+knownMask("")+` as known, coalesce(partial, false) as partial from stage_tickets
		  union all
		  select stored_known, false from stage_cand where stored_row is not null)`)).Scan(&partial, &lo, &hi, &kept); err != nil {
		return 0, err
	}
	if kept > 0 {
		if err := tx.QueryRow(st.q(`select count(*) from (select distinct source, source_key from ticket_copies) c
			semi join stage_tickets s on s.source = c.source and s.source_key = c.source_key`)).Scan(&kept); err != nil {
			return 0, err
		}
	}
	if partial == 0 && lo == hi && kept == 0 {
		return 0, nil
	}
	keys := `create temp table stage_fill_keys as
		 select source, source_key from (
		   select source, source_key, ` + knownMask("") + ` as known, coalesce(partial, false) as partial from stage_tickets
		   union all
		   select source, source_key, stored_known, false from stage_cand where stored_row is not null)
		 group by all having min(known) <> max(known) or bool_or(partial)`
	if kept > 0 {
		keys += `
		 union
		 select distinct s.source, s.source_key from stage_tickets s
		 semi join ticket_copies c on c.source = s.source and c.source_key = s.source_key`
	}
	if _, err := st.temps.exec(tx, st.q(keys)); err != nil {
		return 0, err
	}
	var n int64
	if err := tx.QueryRow(`select count(*) from stage_fill_keys`).Scan(&n); err != nil || n == 0 {
		if err == nil {
			_, err = st.temps.exec(tx, `drop table stage_fill_keys`)
		}
		return 0, err
	}
	// The stored row is kept as it came, less what other rules wrote on
	// it: an event log's counts and title, counted over the joined history
	// (recountSQL), and what stored ticket_metrics gave a ticket without a
	// metric set of its own (applyStoredMetrics; such a ticket, a Zendesk
	// one exported without metrics, has none of these fields itself). A
	// staged copy is as it came, but for an event log's history fields.
	// So a copy is the same in ticket_copies whether it is kept from the
	// staged row or, later, from the stored one.
	own := blankWhere(nil, `t.run_id in (select run_id from ingest_runs where format in (`+historyFormats()+`))`, historyFields)
	own = blankWhere(own, `coalesce(json_type(t.raw, '$.metric_set'), '') <> 'OBJECT' and exists (select 1 from ticket_metrics m
		   where m.source = t.source and m.source_key = t.source_key)`, metricFields)
	var staged map[string]string
	if history {
		staged = blankWhere(nil, "true", historyFields)
	}
	_, err := st.temps.exec(tx, st.q(`insert into ticket_copies by name
		 select t.source, t.source_key, t.updated_at, t.is_deleted, md5(t.raw::varchar) as hash, false as partial,
		   `+copyColumns("t.", own)+`
		 from tickets t
		 semi join stage_fill_keys k on k.source = t.source and k.source_key = t.source_key
		 anti join ticket_copies c on c.source = t.source and c.source_key = t.source_key;
		insert into ticket_copies by name
		 select s.source, s.source_key, s.updated_at, s.is_deleted, md5(s.raw) as hash, coalesce(s.partial, false) as partial,
		   `+copyColumns("s.", staged)+`
		 from stage_tickets s
		 semi join stage_fill_keys k on k.source = s.source and k.source_key = s.source_key
		 where not exists (select 1 from ticket_copies c
		   where c.source = s.source and c.source_key = s.source_key and c.hash = md5(s.raw))
		 qualify row_number() over (partition by s.source, s.source_key, md5(s.raw) order by s.source_line desc) = 1`))
	return n, err
}

// fillFromCopies sets, on the tickets of stage_fill_keys, after the merge,
// what their copies in ticket_copies give, ranked as the merge ranks them
// (the latest updated_at, then deleted, then the larger hash of the
// record; the first is the winner, whose row tickets holds): each of the
// knownFields the winner has no value for takes the best-ranked copy's
// value, and when the winner is partial, each of the partialFields it has
// no value for (an empty list for labels and components) takes that of
// the best-ranked copy that is not partial. Other columns are the row's
// as the merge left it (created_at the earliest, counts an event log
// counted again). Kept by key, the copies give every file order the same
// row: the stored row alone could not say which of its fields were its
// own, nor which of two older copies a filled one came from. A key keeps
// only the copies the row takes something from, the winner first: any
// other ranks below one that gives the same field, and can give nothing
// later. A key whose row is its winner as it came, not partial, keeps
// none: a later copy needs only that row.
func fillFromCopies(tx *warehouse.Tx, st staging) error {
	const rank = "{'u': c.updated_at, 'd': c.is_deleted, 'h': c.hash}"
	var pick, sets, fills, used []string
	for _, c := range knownFields {
		pick = append(pick, fmt.Sprintf("arg_max(%[1]s, r) filter (where %[1]s is not null) as %[1]s, max(r) filter (where %[1]s is not null) as %[1]s_r", c))
		fills = append(fills, fmt.Sprintf("w.%[1]s is null and f.%[1]s is not null", c))
		used = append(used, fmt.Sprintf("%s is not distinct from x.%s_r", rank, c))
		sets = append(sets, fmt.Sprintf("%[1]s = case when x.w_%[1]s is null then x.%[1]s else t.%[1]s end", c))
	}
	for _, c := range partialFields {
		empty := fmt.Sprintf("x.w_%s is null", c)
		if c == "labels" || c == "components" {
			empty = fmt.Sprintf("len(x.w_%s) = 0", c)
		}
		sets = append(sets, fmt.Sprintf("%[1]s = case when x.partial and %[2]s and x.full_r is not null then x.%[1]s else t.%[1]s end", c, empty))
	}
	var cols []string
	for _, c := range knownFields {
		cols = append(cols, fmt.Sprintf("w.%[1]s as w_%[1]s, f.%[1]s, f.%[1]s_r", c))
	}
	for _, c := range partialFields {
		cols = append(cols, fmt.Sprintf("w.%[1]s as w_%[1]s, p.%[1]s", c))
	}
	_, err := st.temps.exec(tx, `create temp table stage_fills as
		 with c as (
		   select c.*, `+rank+` as r from ticket_copies c
		   semi join stage_fill_keys k on k.source = c.source and k.source_key = c.source_key),
		 f as (
		   select source, source_key, max(r) as top, max(r) filter (where not partial) as full_r,
		     `+strings.Join(pick, ",\n\t\t     ")+`
		   from c group by all)
		 select f.source, f.source_key, f.top, w.partial, f.full_r,
		   `+strings.Join(cols, ",\n\t\t   ")+`,
		   w.partial or `+strings.Join(fills, " or ")+` as keep
		 from f
		 join c w on w.source = f.source and w.source_key = f.source_key and w.r = f.top
		 left join c p on p.source = f.source and p.source_key = f.source_key and p.r = f.full_r;
		update tickets t set `+strings.Join(sets, ",\n\t\t   ")+`
		 from stage_fills x where t.source = x.source and t.source_key = x.source_key;
		delete from ticket_copies c using stage_fills x
		 where c.source = x.source and c.source_key = x.source_key and (not x.keep or not (`+rank+` = x.top
		   or x.partial and `+rank+` is not distinct from x.full_r or `+strings.Join(used, " or ")+`));
		drop table stage_fills;
		drop table stage_fill_keys`)
	return err
}

// winners writes stage_winners: the staged tickets (by row id) that win
// over what is stored, from stage_cand. Per key the later updated_at wins;
// at equal times a deleted copy beats a live one, and the hash of the raw
// record, the larger winning, breaks the rest. A copy of the stored record
// itself loses (it is merged) but gives the stored row its source_file,
// source_line and run_id when its file's name sorts last (then its line
// is the later), so that they do not depend on the order files come in. Only ties read stored raw records, and only within the range of
// row ids the tied stored rows span, which DuckDB's scan skips to when the
// file's tickets were stored together (overlapping exports).
func winners(tx *warehouse.Tx, st staging) error {
	var ties int64
	var lo, hi sql.NullInt64
	if err := tx.QueryRow(`select count(*), min(stored_row), max(stored_row) from stage_cand where updated_at = stored_at`).Scan(&ties, &lo, &hi); err != nil {
		return err
	}
	q := `create temp table stage_winners as
		 select rid, source, source_key from stage_cand where stored_row is null or updated_at > stored_at`
	if ties > 0 {
		q += fmt.Sprintf(`
		 union all
		 select c.rid, c.source, c.source_key from stage_cand c
		 join stage_tickets s on s.rowid = c.rid
		 join (select rowid as stored_row, md5(raw::varchar) as h from tickets where rowid between %d and %d) t
		   on t.stored_row = c.stored_row
		 where c.updated_at = c.stored_at
		   and (c.is_deleted and not c.stored_deleted or c.is_deleted = c.stored_deleted and md5(s.raw::varchar) > t.h)`, lo.Int64, hi.Int64)
	}
	if _, err := st.temps.exec(tx, st.q(q)); err != nil || ties == 0 {
		return err
	}
	// A copy of the very record stored (pages that overlap) changes
	// nothing and is merged, but where the row says it came from follows
	// the file whose name sorts last, then the later line, as within a
	// file, so that it does not depend on the order files are given in.
	_, err := tx.Exec(st.q(fmt.Sprintf(`update tickets t set source_file = s.source_file, source_line = s.source_line, run_id = s.run_id
		 from stage_cand c join stage_tickets s on s.rowid = c.rid
		 where t.rowid = c.stored_row and t.rowid between %d and %d
		   and c.updated_at = c.stored_at and c.is_deleted = c.stored_deleted and md5(s.raw::varchar) = md5(t.raw::varchar)
		   and (s.source_file > t.source_file or s.source_file = t.source_file and s.source_line > t.source_line)`, lo.Int64, hi.Int64)))
	return err
}

// countDetached counts the staged events and comments whose ticket is not
// in the same file (each is a row in), and the staged events whose ticket
// is (they fold into their ticket's row, as a history's updates do).
func countDetached(tx *warehouse.Tx, st staging) (detached, withTickets int64, err error) {
	err = tx.QueryRow(st.q(`select
		(select count(*) from stage_events e anti join stage_tickets t on t.source = e.source and t.source_key = e.source_key) +
		(select count(*) from stage_comments c anti join stage_tickets t on t.source = c.source and t.source_key = c.source_key),
		(select count(*) from stage_events e semi join stage_tickets t on t.source = e.source and t.source_key = e.source_key)`)).Scan(&detached, &withTickets)
	return detached, withTickets, err
}

// countCompanions counts, among the staged events whose ticket is not in
// the same file, the reopen events that go with a status event of the
// same ticket, time, actor and values: connectors emit both for one input
// record (a GitHub "reopened" event, a ServiceNow sys_audit state change,
// a Zendesk audit that reopens), which is one row in, not two. It returns
// how many are staged, and how many of those mergeDetached will add (the
// distinct ones not stored yet, whoever they name as actor, as
// sameDetachedEvent counts them), so that the file's counts stay in input
// records: rows in = loaded + rejected + merged + skipped.
func countCompanions(tx *warehouse.Tx, st staging) (staged, added int64, err error) {
	err = tx.QueryRow(st.q(`with detached as (
		  select e.* from stage_events e anti join stage_tickets t on t.source = e.source and t.source_key = e.source_key
		),
		companions as (
		  select r.source, r.source_key, r.event_at, r.kind, r.from_value, r.to_value from detached r
		  where r.kind = 'reopen' and exists (select 1 from detached s
		    where s.kind = 'status' and s.source = r.source and s.source_key = r.source_key and s.event_at = r.event_at
		      and s.actor is not distinct from r.actor and s.from_value is not distinct from r.from_value
		      and s.to_value is not distinct from r.to_value)
		)
		select
		  (select count(*) from companions),
		  (select count(*) from (select distinct * from companions) d
		   where not exists (select 1 from ticket_events x
		     where `+sameDetachedEvent("x", "d")+`))`)).Scan(&staged, &added)
	return staged, added, err
}

// mergeDetached adds the staged events and comments whose ticket is not in
// the same file to those already stored for that ticket, loaded before or
// still to come. A row equal to one already stored (the same export read
// again, or overlapping pages) is kept once; new rows are numbered after the
// ticket's last. It returns how many rows it added.
func mergeDetached(tx *warehouse.Tx, st staging) (int64, error) {
	var added int64
	// added marks the inserts, whose rows count as loaded.
	stmts := []struct {
		sql   string
		added bool
	}{
		{sql: `create temp table stage_detached_events as
		 select e.* from stage_events e
		 anti join stage_tickets t on t.source = e.source and t.source_key = e.source_key
		 qualify row_number() over (partition by e.source, e.source_key, e.event_at, e.kind, e.from_value, e.to_value
		   order by ` + authorRank("e.actor") + `, e.seq) = 1`},
		// The keys that had events before this file: they get their
		// events numbered again (renumberDetachedEvents), also when every
		// event ends up credited to one run.
		{sql: `create temp table stage_detached_prior as
		 select distinct x.source, x.source_key from ticket_events x
		 semi join (select distinct source, source_key from stage_detached_events) k on k.source = x.source and k.source_key = x.source_key`},
		// Only the stored rows of the keys at hand are read: the joins hash
		// those keys and stream the table past them.
		{added: true, sql: `insert into ticket_events
		 with keys as (select distinct source, source_key from stage_detached_events),
		 stored as (
		   select x.* from ticket_events x semi join keys k on k.source = x.source and k.source_key = x.source_key)
		 select d.source, d.source_key,
		        coalesce(m.top, 0) + row_number() over (partition by d.source, d.source_key order by d.seq),
		        d.event_at, d.kind, d.actor, d.from_value, d.to_value, d.run_id
		 from stage_detached_events d
		 left join (select source, source_key, max(seq) as top from stored group by source, source_key) m
		   on m.source = d.source and m.source_key = d.source_key
		 where not exists (select 1 from stored x where ` + sameDetachedEvent("x", "d") + `)`},
		// A shared event is credited to the smaller run, whichever came
		// first, and named by the better actor (authorRank: a Zendesk
		// audits page without its users names the actor by id).
		{sql: `update ticket_events x set run_id = d.run_id
		 from (select distinct source, source_key, event_at, kind, from_value, to_value, run_id from stage_detached_events) d
		 where ` + sameDetachedEvent("x", "d") + ` and x.run_id > d.run_id`},
		{sql: `update ticket_events x set actor = d.actor
		 from (select source, source_key, event_at, kind, from_value, to_value, actor from stage_detached_events) d
		 where ` + sameDetachedEvent("x", "d") + ` and ` + authorRank("d.actor") + ` < ` + authorRank("x.actor")},
		{sql: renumberDetachedEvents},
		// Keys that already have comments are numbered again below.
		{sql: `create temp table stage_detached_comment_keys as
		 select distinct x.source, x.source_key from comments x
		 semi join stage_comments c on c.source = x.source and c.source_key = x.source_key
		 anti join stage_tickets t on t.source = x.source and t.source_key = x.source_key`},
		{sql: `create temp table stage_detached_comments as
		 select c.* from stage_comments c
		 anti join stage_tickets t on t.source = c.source and t.source_key = c.source_key
		 qualify row_number() over (partition by c.source, c.source_key, c.created_at, c.is_public, c.body, case when c.body is null then c.author end
		   order by ` + authorRank("c.author") + `, c.seq) = 1`},
		// A comment an audit export brought before under another author
		// (an id where this file has the name, as a Zendesk audits page
		// without its users gives) takes the better of the two, a name
		// before an id, then the smaller: the author kept does not depend
		// on which file came first. Comments holds the better one too
		// where the comment has a row of its own there (shown).
		{sql: `create temp table stage_detached_authors as
		 with keys as (select distinct source, source_key from stage_detached_comments),
		 known as (
		   select x.* from detached_comments x semi join keys k on k.source = x.source and k.source_key = x.source_key)
		 select x.source, x.source_key, x.created_at, x.is_public, x.body, x.author as was, x.shown, d.author
		 from known x join stage_detached_comments d on ` + sameComment("x", "d") + `
		 where ` + authorRank("d.author") + ` < ` + authorRank("x.author")},
		{sql: `update detached_comments x set author = a.author from stage_detached_authors a
		 where x.source = a.source and x.source_key = a.source_key and x.created_at = a.created_at
		   and x.is_public = a.is_public and x.body = a.body and x.author is not distinct from a.was`},
		{sql: `update comments x set author = a.author from stage_detached_authors a
		 where a.shown and x.source = a.source and x.source_key = a.source_key and x.created_at = a.created_at
		   and x.is_public = a.is_public and x.body = a.body and x.author is not distinct from a.was`},
		// The ones no audit export brought before, each with whether it
		// gets a row of its own in comments: not when a copy's comments
		// hold it already (sameComment).
		{sql: `create temp table stage_detached_new as
		 with keys as (select distinct source, source_key from stage_detached_comments),
		 stored as (
		   select x.* from comments x semi join keys k on k.source = x.source and k.source_key = x.source_key),
		 known as (
		   select x.* from detached_comments x semi join keys k on k.source = x.source and k.source_key = x.source_key)
		 select d.*, not exists (select 1 from stored x where ` + sameComment("x", "d") + `) as shown
		 from stage_detached_comments d
		 where not exists (select 1 from known x where ` + sameComment("x", "d") + `)`},
		{sql: `insert into detached_comments
		 select source, source_key, author, created_at, is_public, body, shown from stage_detached_new`},
		{added: true, sql: `insert into comments
		 with keys as (select distinct source, source_key from stage_detached_new where shown),
		 stored as (
		   select x.* from comments x semi join keys k on k.source = x.source and k.source_key = x.source_key)
		 select d.source, d.source_key,
		        coalesce(m.top, 0) + row_number() over (partition by d.source, d.source_key order by d.seq),
		        d.author, d.created_at, d.is_public, d.body
		 from stage_detached_new d
		 left join (select source, source_key, max(seq) as top from stored group by source, source_key) m
		   on m.source = d.source and m.source_key = d.source_key
		 where d.shown`},
		{sql: renumberComments("stage_detached_comment_keys")},
	}
	for _, q := range stmts {
		r, err := st.temps.exec(tx, st.q(q.sql))
		if err != nil {
			return 0, err
		}
		if q.added {
			n, err := r.RowsAffected()
			if err != nil {
				return 0, err
			}
			added += n
		}
	}
	_, err := st.temps.exec(tx, "drop table stage_detached_events;\ndrop table stage_detached_comments;\ndrop table stage_detached_authors;\n"+
		"drop table stage_detached_new;\ndrop table stage_detached_comment_keys")
	return added, err
}

// sameDetachedEvent is the condition that events x and d, one of them
// come without its ticket, are one change: the same time, kind and values,
// whoever an export names as its actor (a Zendesk audits page gives the
// actor's name with its users side-loaded, else the id). Two people do not
// make the same change of one ticket at the same moment.
func sameDetachedEvent(x, d string) string {
	return fmt.Sprintf(`%[1]s.source = %[2]s.source and %[1]s.source_key = %[2]s.source_key and %[1]s.event_at = %[2]s.event_at
		     and %[1]s.kind = %[2]s.kind and %[1]s.from_value is not distinct from %[2]s.from_value
		     and %[1]s.to_value is not distinct from %[2]s.to_value`, x, d)
}

// authorRank orders the authors one comment is given with (col), best
// first: a name before an id or none (a Zendesk audits page without its
// users names an author by id), then the smaller.
func authorRank(col string) string {
	return fmt.Sprintf(`(regexp_full_match(coalesce(%[1]s, ''), '[0-9]*'), coalesce(%[1]s, ''))`, col)
}

// sameComment is the condition that comments x and d are one comment: the
// same text at the same time, whoever an export names as its author
// (Zendesk: an id in a tickets export, a name in audits with users
// side-loaded); without its text (privacy) the author must match too.
func sameComment(x, d string) string {
	return fmt.Sprintf(`%[1]s.source = %[2]s.source and %[1]s.source_key = %[2]s.source_key and %[1]s.created_at = %[2]s.created_at
		     and %[1]s.is_public = %[2]s.is_public and %[1]s.body is not distinct from %[2]s.body
		     and (%[2]s.body is not null or %[1]s.author is not distinct from %[2]s.author)`, x, d)
}

// renumberDetachedEvents numbers again the events of the keys whose
// history now comes from more than one run, or that had events before this
// file (its shared events may all be credited to the earlier run): by
// event time, then run, then the order each run gave them. Events appended after a key's last seq
// would otherwise be numbered in the order the files were loaded. A key
// whose events all come from one run keeps its numbers. Unlike
// renumberEvents, no value is carried across runs: an events-only file
// (GitHub's issue events, say) may record changes that add to a list.
const renumberDetachedEvents = `create temp table stage_renumber as
		 with multi as (
		   select x.source, x.source_key from ticket_events x
		   semi join (select distinct source, source_key from stage_detached_events) k on k.source = x.source and k.source_key = x.source_key
		   group by x.source, x.source_key having count(distinct coalesce(x.run_id, '')) > 1
		   union
		   select source, source_key from stage_detached_prior)
		 select x.* replace (row_number() over (partition by x.source, x.source_key order by x.event_at, x.run_id nulls first, x.seq)::integer as seq)
		 from ticket_events x semi join multi m on m.source = x.source and m.source_key = x.source_key;
		 delete from ticket_events x using (select distinct source, source_key from stage_renumber) r
		   where x.source = r.source and x.source_key = r.source_key;
		 insert into ticket_events select * from stage_renumber;
		 drop table stage_renumber;
		 drop table stage_detached_prior`

// renumberComments numbers again, in an order of their own, the comments
// of the keys in the table keys (those that had some before this file
// added more, or that took a copy's comments and got their audits' back):
// by time, then author, visibility and text, which tell any two comments
// apart (equal ones are stored once). comments has no run to break ties
// by, and this order does not depend on the order the files came in.
func renumberComments(keys string) string {
	return `create temp table stage_renumber_comments as
		 select x.* replace (row_number() over (partition by x.source, x.source_key
		     order by x.created_at, x.author nulls first, x.is_public, x.body nulls first)::integer as seq)
		 from comments x semi join ` + keys + ` k on k.source = x.source and k.source_key = x.source_key;
		 delete from comments x using ` + keys + ` k
		   where x.source = k.source and x.source_key = k.source_key;
		 insert into comments select * from stage_renumber_comments;
		 drop table stage_renumber_comments`
}

// mergeMessages keeps each (source, channel, message_ts) once. Of the
// copies, staged and stored, the one edited last wins (an unedited copy
// counts as edited when posted), then the one with more replies (a later
// export of the same thread), then the one whose thread holds more ticket
// keys (ticket_ref: an export that reaches the day a ticketing app replied
// "Created IT-311"; then the larger ticket_ref), then the larger author,
// then the larger MD5 of the text, then the smaller channel name (the same
// message before and after a rename), so overlapping exports converge on
// the same copy in any order. A staged message keyed by its channel's
// name (an export without channels.json) goes under the id stored messages
// give that name, when they give it one, as stored ones move the other way.
func mergeMessages(tx *warehouse.Tx, st staging) (int64, error) {
	var staged int64
	if err := tx.QueryRow(st.q(`select count(*) from stage_messages`)).Scan(&staged); err != nil || staged == 0 {
		return 0, err // none staged: the join would only read all of messages
	}
	// Messages stored under a channel's name (before lanes keyed Slack
	// channels by id, or from an export that did not list the channel) move
	// to the id a staged message gives for that name, so that an export
	// after the upgrade does not store them a second time.
	if _, err := st.temps.exec(tx, st.q(`create temp table stage_rekey as
		 select m.* replace (k.channel as channel) from messages m
		 join (select distinct source, channel, channel_name from stage_messages
		       where channel_name is not null and channel <> channel_name) k
		   on m.source = k.source and m.channel = k.channel_name and m.channel_name = m.channel;
		 delete from messages m using stage_rekey r
		   where m.source = r.source and m.channel = r.channel_name and m.channel_name = m.channel and m.message_ts = r.message_ts;
		 insert into messages select r.* from stage_rekey r
		   anti join messages x on x.source = r.source and x.channel = r.channel and x.message_ts = r.message_ts;
		 drop table stage_rekey`)); err != nil {
		return 0, err
	}
	stmts := []string{
		`create temp table stage_message_winners as
		 with ids as (
		   -- the one id a channel's name is stored under, for a staged
		   -- message keyed by its name (an export without channels.json)
		   select source, channel_name, min(channel) as id from messages
		   where channel_name is not null and channel <> channel_name
		   group by source, channel_name having count(distinct channel) = 1
		 ),
		 staged as (
		   select s.* replace (coalesce(ids.id, s.channel) as channel) from stage_messages s
		   left join ids on ids.source = s.source and ids.channel_name = s.channel and s.channel_name = s.channel
		 ),
		 best as (
		   select * from staged
		   qualify row_number() over (partition by source, channel, message_ts
		     order by coalesce(edited_at, posted_at) desc, coalesce(reply_count, 0) desc,
		       length(coalesce(ticket_ref, '')) desc, coalesce(ticket_ref, '') desc, coalesce(author, '') desc,
		       md5(coalesce(text, '')) desc, channel_name nulls last) = 1
		 )
		 select b.* from best b
		 left join messages m on m.source = b.source and m.channel = b.channel and m.message_ts = b.message_ts
		 where m.message_ts is null
		    or (coalesce(b.edited_at, b.posted_at), coalesce(b.reply_count, 0),
		        length(coalesce(b.ticket_ref, '')), coalesce(b.ticket_ref, ''), coalesce(b.author, ''), md5(coalesce(b.text, '')))
		     > (coalesce(m.edited_at, m.posted_at), coalesce(m.reply_count, 0),
		        length(coalesce(m.ticket_ref, '')), coalesce(m.ticket_ref, ''), coalesce(m.author, ''), md5(coalesce(m.text, '')))
		    or ((coalesce(b.edited_at, b.posted_at), coalesce(b.reply_count, 0),
		         length(coalesce(b.ticket_ref, '')), coalesce(b.ticket_ref, ''), coalesce(b.author, ''), md5(coalesce(b.text, '')))
		      = (coalesce(m.edited_at, m.posted_at), coalesce(m.reply_count, 0),
		         length(coalesce(m.ticket_ref, '')), coalesce(m.ticket_ref, ''), coalesce(m.author, ''), md5(coalesce(m.text, '')))
		        and b.channel_name < m.channel_name)`,
		`delete from messages where (source, channel, message_ts) in (select (source, channel, message_ts) from stage_message_winners)`,
		`insert into messages select * from stage_message_winners`,
	}
	return st.mergeWinners(tx, stmts, "stage_message_winners")
}

// mergeWinners runs a merge's statements, which write the staged rows that
// win into the temporary table winners and replace the stored rows of
// their keys with them, and returns how many won, dropping the table.
func (st staging) mergeWinners(tx *warehouse.Tx, stmts []string, winners string) (int64, error) {
	for _, q := range stmts {
		if _, err := st.temps.exec(tx, st.q(q)); err != nil {
			return 0, err
		}
	}
	var loaded int64
	if err := tx.QueryRow(`select count(*) from ` + winners).Scan(&loaded); err != nil {
		return 0, err
	}
	_, err := st.temps.exec(tx, `drop table `+winners)
	return loaded, err
}

// mergeMetrics keeps each ticket's metrics (source, source_key) once in
// ticket_metrics. Of the copies, staged and stored, the one updated last
// wins (one without updated_at loses to one with it), then the larger MD5
// of the record, as for tickets, so that files give the same result in any
// order. It returns how many staged rows won: the rest are merged.
func mergeMetrics(tx *warehouse.Tx, st staging) (int64, error) {
	var staged int64
	if err := tx.QueryRow(st.q(`select count(*) from stage_metrics`)).Scan(&staged); err != nil || staged == 0 {
		return 0, err
	}
	stmts := []string{
		`create temp table stage_metric_winners as
		 with best as (
		   select * from stage_metrics
		   qualify row_number() over (partition by source, source_key
		     order by coalesce(updated_at, '-infinity'::timestamp) desc, md5(raw) desc) = 1
		 )
		 select b.* from best b
		 left join ticket_metrics m on m.source = b.source and m.source_key = b.source_key
		 where m.source_key is null
		    or coalesce(b.updated_at, '-infinity'::timestamp) > coalesce(m.updated_at, '-infinity'::timestamp)
		    or (b.updated_at is not distinct from m.updated_at and md5(b.raw) > md5(m.raw::varchar))`,
		`delete from ticket_metrics where (source, source_key) in (select (source, source_key) from stage_metric_winners)`,
		`insert into ticket_metrics select * from stage_metric_winners`,
	}
	return st.mergeWinners(tx, stmts, "stage_metric_winners")
}

// mergeDirectory keeps each directory entry (source, kind, id) once in
// directory: the entry loaded last wins, so within the file the last copy
// in file order (seq), and a staged entry replaces a stored one, which an
// earlier file of the run or an earlier run wrote; an entry without an
// email keeps the stored one's (Zendesk's audits side-load users without
// their email). It returns how many
// staged entries added or changed a row (name or email): the rest, the
// same as stored or given again later in the file, are merged, and an
// unchanged row keeps the run_id that wrote it.
func mergeDirectory(tx *warehouse.Tx, st staging) (int64, error) {
	var staged int64
	if err := tx.QueryRow(st.q(`select count(*) from stage_directory`)).Scan(&staged); err != nil || staged == 0 {
		return 0, err
	}
	stmts := []string{
		`create temp table stage_directory_winners as
		 with last as (
		   select * exclude (seq) from stage_directory
		   qualify row_number() over (partition by source, kind, id order by seq desc) = 1
		 )
		 select l.* replace (coalesce(l.email, d.email) as email) from last l
		 left join directory d on d.source = l.source and d.kind = l.kind and d.id = l.id
		 where d.id is null or d.name is distinct from l.name or d.email is distinct from coalesce(l.email, d.email)`,
		`delete from directory where (source, kind, id) in (select (source, kind, id) from stage_directory_winners)`,
		`insert into directory select * from stage_directory_winners`,
	}
	return st.mergeWinners(tx, stmts, "stage_directory_winners")
}

// applyStoredMetrics sets, for the tickets of the keys the file staged
// (tickets or metrics), what their stored ticket_metrics say, as the
// Zendesk connector does with metrics that come next to their ticket
// (applyMetrics there): first_response_at is created_at plus the reply
// minutes, resolved_at is solved_at unless the ticket is new, open or
// waiting (and not before it was created), reopen_count the reopens, and
// reassignment_count one less than the larger of the group and assignee
// stations (not below 0). A ticket that came with its own metric set (its
// raw record holds a metric_set object) keeps its own. Run after every
// file that touches a key, it makes the outcome independent of the order
// of the tickets and metrics files, and a later tickets file, whose row
// replaces the ticket's, gets the figures again.
func applyStoredMetrics(tx *warehouse.Tx, st staging) error {
	var stored int64
	if err := tx.QueryRow(`select count(*) from ticket_metrics`).Scan(&stored); err != nil || stored == 0 {
		return err // none stored: nothing to apply, and no need to read tickets
	}
	_, err := st.temps.exec(tx, st.q(`create temp table stage_apply as
		 select m.* from ticket_metrics m
		 semi join (select source, source_key from stage_tickets union select source, source_key from stage_metrics) k
		   on k.source = m.source and k.source_key = m.source_key;
		 update tickets t set
		   first_response_at = case when m.reply_minutes >= 0
		     then t.created_at + to_microseconds(trunc(m.reply_minutes * 60000000)::bigint) end,
		   resolved_at = case when t.status not in ('new', 'open', 'waiting') and m.solved_at >= t.created_at
		     then m.solved_at end,
		   reopen_count = m.reopens,
		   reassignment_count = case when m.group_stations is not null or m.assignee_stations is not null
		     then greatest(coalesce(m.group_stations, 0) - 1, coalesce(m.assignee_stations, 0) - 1, 0) end
		 from stage_apply m
		 where t.source = m.source and t.source_key = m.source_key
		   and coalesce(json_type(t.raw, '$.metric_set'), '') <> 'OBJECT';
		 drop table stage_apply`))
	return err
}

type countingReader struct {
	r    io.Reader
	path string
	prog Progress
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	if n > 0 {
		c.prog.Advance(c.path, int64(n))
	}
	return n, err
}

// stageSink validates what a connector emits and appends it to staging.
type stageSink struct {
	source, runID, file, urlBase string
	apps                         map[string]warehouse.AppendFunc
	tickets, messages, rejected  int64
	metrics, directory           int64
	skipped                      int64
	skips                        map[string]int64
	// fileRows and fileRejected are the file's own rows and rejected rows,
	// when the connector counts them (RowCounter); counted says it did.
	fileRows, fileRejected int64
	counted                bool
	firstRejects           []Reject
	eventSeq, commentSeq   map[string]int
	dst                    *AmbiguityLog // gives ambiguous local times their row's line
	// dropText keeps free text out of the warehouse
	// (privacy.exclude_descriptions): ticket descriptions, comment bodies,
	// message texts and the raw text of rejects are stored as null, and a
	// ticket's original record is replaced by {"sha256": <hash of it>}, which
	// still breaks ties between copies of a ticket the same way (mergeStaging
	// hashes raw) without carrying any of its text; an empty metric_set
	// object is kept beside it when the record had one.
	dropText bool
}

const keepRejects = 5

// Skip implements SkipCounter: the record is counted in rows_in, by
// reason, and nothing is staged.
func (s *stageSink) Skip(line int64, reason string) error {
	s.skipped++
	if s.skips == nil {
		s.skips = map[string]int64{}
	}
	s.skips[reason]++
	return nil
}

// PlaceAmbiguousRow gives the ambiguous local times read since the last
// placed one the line of the row they were read from, within a ticket
// built from several rows (AmbiguityLog.PlaceRow).
func (s *stageSink) PlaceAmbiguousRow(line int64) { s.dst.PlaceRow(line) }

// FileRows implements RowCounter.
func (s *stageSink) FileRows(rows, rejected int64) {
	s.fileRows += rows
	s.fileRejected += rejected
	s.counted = true
}

// PlaceAmbiguous gives the ambiguous local times read since the last
// placed one the line they were read on; a connector that builds a ticket
// from several rows (an event log's case) calls it before the ticket, which
// would otherwise place them at its own first line.
func (s *stageSink) PlaceAmbiguous(line int64) { s.dst.Place(line) }

func (s *stageSink) Reject(r Reject) error {
	s.dst.Place(r.Line)
	s.rejected++
	if len(s.firstRejects) < keepRejects {
		s.firstRejects = append(s.firstRejects, r)
	}
	var line any
	if r.Line > 0 {
		line = r.Line
	}
	file := s.file
	if r.File != "" {
		file = r.File
	}
	raw := r.Raw
	if s.dropText {
		raw = ""
	}
	return s.apps["rejects"](s.runID, file, line, nullStr(r.Column), r.Reason, nullStr(raw))
}

func (s *stageSink) Ticket(t *Ticket) error {
	s.dst.Place(t.Line)
	raw, err := marshalRaw(t.Raw)
	if err != nil {
		return s.Reject(Reject{Line: t.Line, Reason: "record cannot be stored as JSON: " + err.Error()})
	}
	if t.Raw == nil {
		raw = []byte("{}")
	}
	if col, reason := t.Check(); reason != "" {
		return s.Reject(Reject{Line: t.Line, Column: col, Reason: reason, Raw: string(raw)})
	}
	description := t.Description
	if s.dropText {
		description = ""
		sum := sha256.Sum256(raw)
		raw = []byte(`{"sha256":"` + hex.EncodeToString(sum[:]) + `"}`)
		if _, own := t.Raw["metric_set"].(map[string]any); own {
			// The ticket brought its own metrics: stored ticket_metrics
			// must not replace them (applyStoredMetrics).
			raw = []byte(`{"sha256":"` + hex.EncodeToString(sum[:]) + `","metric_set":{}}`)
		}
	}
	status := t.Status
	updated := t.UpdatedAt
	if updated.IsZero() {
		updated = latest(t.CreatedAt, t.FirstResponseAt, t.ResolvedAt, t.ClosedAt)
	}
	url := t.URL
	if url == "" {
		url = TicketURL(s.urlBase, t.Key)
	}
	if !isHTTP(url) {
		url = ""
	}
	labels, components := nonNil(t.Labels), nonNil(t.Components)
	s.tickets++
	return s.apps["stage_tickets"](
		s.source, t.Key, nullStr(t.Title), nullStr(description), nullStr(t.Kind), nullStr(t.StatusRaw), status,
		nullStr(t.PriorityRaw), nullStr(t.Priority), t.CreatedAt.UTC(), nullTime(t.FirstResponseAt), nullTime(t.ResolvedAt),
		nullTime(t.ClosedAt), updated.UTC(), nullStr(t.Requester), nullStr(t.RequesterTeam), nullStr(t.Assignee),
		nullStr(t.AssignmentGroup), nullStr(t.Category), labels, components, nullStr(t.Channel),
		nullInt(t.ReopenCount), nullInt(t.ReassignmentCount), nullFloat(t.HandleMinutes), nullBool(t.SLABreached),
		t.Deleted, nullStr(url), string(raw), s.runID, s.file, t.Line,
		int32(s.commentSeq[t.Key]+1), int32(s.eventSeq[t.Key]+1), t.Partial)
}

func (s *stageSink) Event(e *Event) error {
	if s.eventSeq == nil {
		s.eventSeq = map[string]int{}
	}
	s.eventSeq[e.Key]++
	return s.apps["stage_events"](s.source, e.Key, int32(s.eventSeq[e.Key]), e.At.UTC(), e.Kind, nullStr(e.Actor), nullStr(e.From), nullStr(e.To), s.runID)
}

func (s *stageSink) Comment(c *Comment) error {
	if s.commentSeq == nil {
		s.commentSeq = map[string]int{}
	}
	s.commentSeq[c.Key]++
	body := c.Body
	if s.dropText {
		body = ""
	}
	return s.apps["stage_comments"](s.source, c.Key, int32(s.commentSeq[c.Key]), nullStr(c.Author), c.At.UTC(), c.Public, nullStr(body))
}

// Metrics implements MetricsSink: a ticket's metrics read without the
// ticket, staged for ticket_metrics.
func (s *stageSink) Metrics(m *TicketMetrics) error {
	s.dst.Place(m.Line)
	raw, err := marshalRaw(m.Raw)
	if err != nil {
		return s.Reject(Reject{Line: m.Line, Reason: "record cannot be stored as JSON: " + err.Error()})
	}
	if m.Raw == nil {
		raw = []byte("{}")
	}
	if strings.TrimSpace(m.Key) == "" {
		return s.Reject(Reject{Line: m.Line, Column: "ticket_id", Reason: "ticket metrics have no ticket key", Raw: string(raw)})
	}
	s.metrics++
	return s.apps["stage_metrics"](s.source, m.Key, nullTime(m.UpdatedAt), nullTime(m.SolvedAt), nullFloat(m.ReplyMinutes),
		nullInt(m.Reopens), nullInt(m.GroupStations), nullInt(m.AssigneeStations), s.runID, string(raw))
}

// Directory implements DirectorySink: an entry of the source's directory,
// staged for directory. An entry without an id or a name, or of a kind
// other than person, group and organization, is rejected.
func (s *stageSink) Directory(e *DirectoryEntry) error {
	id, name := strings.TrimSpace(e.ID), strings.TrimSpace(e.Name)
	switch {
	case e.Kind != DirectoryPerson && e.Kind != DirectoryGroup && e.Kind != DirectoryOrganization:
		return s.Reject(Reject{Line: e.Line, Reason: fmt.Sprintf("directory entry of unknown kind %q", e.Kind), Raw: e.Raw})
	case id == "":
		return s.Reject(Reject{Line: e.Line, Column: "id", Reason: e.Kind + " has no id", Raw: e.Raw})
	case name == "":
		return s.Reject(Reject{Line: e.Line, Column: "name", Reason: e.Kind + " has no name", Raw: e.Raw})
	}
	s.directory++
	return s.apps["stage_directory"](s.source, e.Kind, id, name, nullStr(strings.TrimSpace(e.Email)), s.runID, s.directory)
}

func (s *stageSink) Message(m *Message) error {
	switch {
	case strings.TrimSpace(m.Channel) == "" || strings.TrimSpace(m.TS) == "":
		return s.Reject(Reject{Line: m.Line, Column: "ts", Reason: "message has no channel or timestamp id", Raw: m.Text})
	case m.PostedAt.IsZero():
		return s.Reject(Reject{Line: m.Line, Column: "ts", Reason: "message has no time", Raw: m.Text})
	}
	s.messages++
	text := m.Text
	if s.dropText {
		text = ""
	}
	return s.apps["stage_messages"](s.source, m.Channel, m.TS, nullStr(m.ThreadTS), nullStr(m.Author), m.PostedAt.UTC(),
		nullStr(text), nullInt(m.ReplyCount), nullStr(m.TicketRef), nullTime(m.EditedAt), nullStr(m.ChannelName))
}

func latest(t time.Time, others ...*time.Time) time.Time {
	for _, o := range others {
		if o != nil && o.After(t) {
			t = *o
		}
	}
	return t
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func nullStr(s string) driver.Value {
	if s == "" {
		return nil
	}
	return s
}

func nullTime(t *time.Time) driver.Value {
	if t == nil {
		return nil
	}
	return t.UTC()
}

func nullInt(i *int) driver.Value {
	if i == nil {
		return nil
	}
	return int32(*i)
}

func nullFloat(f *float64) driver.Value {
	if f == nil {
		return nil
	}
	return *f
}

func nullBool(b *bool) driver.Value {
	if b == nil {
		return nil
	}
	return *b
}
