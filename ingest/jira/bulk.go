package jira

import (
	"bytes"
	"context"
	"database/sql"
	"database/sql/driver"
	_ "embed"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"text/template"
	"time"
	"unicode"

	"github.com/lanes-dev/lanes/ingest"
	"github.com/lanes-dev/lanes/ingest/csvfile"
	"github.com/lanes-dev/lanes/models/config"
	"github.com/lanes-dev/lanes/models/warehouse"
)

// The fast path. Read parses the file in Go; ReadBulk lets DuckDB read it
// (read_csv, every column as text) and maps it in SQL (bulk.sql), which is
// several times faster, and guarantees the same result:
//
//   - A quick pass over the bytes (scanShape) checks that the Go reader
//     would read every record without a reject or an error and that
//     DuckDB's reader reads the same values, and notes where each record
//     starts, since DuckDB does not say. Otherwise the whole file goes the
//     Go way.
//   - The date layouts are detected by the Go path's own code, on the same
//     sample rows; SQL parses with the best one and checks every value by
//     writing it back in that layout, so only values Go reads the same way
//     pass. Local times are turned into UTC with the offsets Go's time zone
//     data gives, and times near a daylight-saving change are left to Go.
//   - Statuses and priorities are normalized in Go, once per distinct value.
//   - Every row SQL cannot map exactly (a value it does not recognise, any
//     row that would be rejected) is mapped in Go, by the same code as
//     Read, and so is every other row with the same key, so that comment
//     numbers stay in file order.
//   - On a first load of the source with each key once (ingest.Bulk.Fresh)
//     the rows go straight into tickets and comments, where the merge
//     would put them; otherwise into the staging tables.
//
// Files under bulkMinBytes, and files the checks turn down, go the Go way.
// TestBulkMatchesRead and its siblings hold both paths to the same output.

//go:embed bulk.sql
var bulkSQL string

// goSpace lists every character strings.TrimSpace trims (unicode.IsSpace),
// for SQL's trim.
var goSpace = func() string {
	var b strings.Builder
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if unicode.IsSpace(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}()

// spaceSQL is goSpace as an SQL string expression.
func spaceSQL() string {
	var parts []string
	for _, r := range goSpace {
		parts = append(parts, "chr("+strconv.Itoa(int(r))+")")
	}
	return strings.Join(parts, " || ")
}

// spaceCodes lists goSpace's code points for SQL's IN.
func spaceCodes() string {
	var parts []string
	for _, r := range goSpace {
		parts = append(parts, strconv.Itoa(int(r)))
	}
	return strings.Join(parts, ", ")
}

// goRowsPage is how many Go-mapped rows are fetched at a time.
const goRowsPage = 10000

// bulkMinBytes is the smallest file the fast path takes: below it the Go
// path is as quick (a few thousand tickets), and the fast path's fixed
// cost (a dozen statements, the checks) would only add time.
var bulkMinBytes int64 = 8 << 20

// For tests: bulkOff turns the fast path off; bulkFiles, bulkGoRows and
// bulkDirect count the files it loaded, the rows it left to Go and the
// files it inserted straight into tickets.
var (
	bulkOff    bool
	bulkFiles  atomic.Int64
	bulkGoRows atomic.Int64
	bulkDirect atomic.Int64
	// bulkDeclined, when set, hears why the fast path left a file to Read.
	bulkDeclined func(why string)
	// bulkTrace, when set, is told when each step starts; the function it
	// returns, when the step ends (for timing them).
	bulkTrace func(step string) func()
)

// trace marks the start of a step for bulkTrace; call the result at its end.
func trace(step string) func() {
	if bulkTrace == nil {
		return func() {}
	}
	return bulkTrace(step)
}

func declined(b *ingest.Bulk, why string) (bool, error) {
	b.Note = "read in Go: " + why
	if bulkDeclined != nil {
		bulkDeclined(why)
	}
	return false, nil
}

// ReadBulk implements ingest.BulkReader.
func (c Connector) ReadBulk(ctx context.Context, b *ingest.Bulk) (bool, error) {
	if bulkOff {
		return false, nil
	}
	if info, err := os.Stat(b.File); err != nil || info.Size() < bulkMinBytes {
		return declined(b, "the file is small")
	}
	if !plainPath(b.File) {
		return declined(b, "the path is not plain for DuckDB")
	}
	if enc, _ := config.NormalizeEncoding(b.Input.Source.Encoding); enc != "" && enc != config.EncodingUTF8 {
		// DuckDB reads UTF-8; the Go path decodes the text as the source
		// says, even where the bytes would also read as UTF-8.
		return declined(b, "the source's encoding is "+enc)
	}
	// DuckDB reads the file into jira_raw, as the header says it is
	// shaped, while the Go scan below reads it too: on its own thread the
	// scan costs no wall time. run uses the table if the scan agrees.
	l := &bulkLoad{b: b, s: b.Scratch()}
	l.startRaw()
	handled := false
	defer func() {
		if l.early != nil && l.early.wait() == nil && !handled {
			_, _ = l.s.Exec(`drop table if exists ` + l.s.Name + `.jira_raw`)
		}
	}()
	done := trace("scan")
	sh, err := scanShape(b.Input.Reader, trimmedColumns(b.Input.Source))
	done()
	if err != nil {
		var np *notPlain
		if errors.As(err, &np) {
			return declined(b, np.Error())
		}
		return false, &ingest.FileError{Format: format, Path: b.Input.Path, Err: err}
	}
	if sh.records == 0 {
		return declined(b, "no records")
	}
	if n := int64(len(sh.padded)); n > 1000 && n > sh.records/20 {
		return declined(b, fmt.Sprintf("%d of %d records have blanks around values", len(sh.padded), sh.records))
	}
	done = trace("sample")
	smp, err := sampleTimes(ctx, b.File, b.Input)
	done()
	if err != nil || smp == nil {
		// The Go path reports the same problem, placed precisely.
		if ctx.Err() != nil {
			return false, ctx.Err()
		}
		return declined(b, fmt.Sprintf("sampling stopped: %v", err))
	}
	if smp.m.local {
		// Status and priority names are translated in Go only.
		return declined(b, "the header uses localized column names")
	}
	if smp.times.Localized() {
		// strptime knows English month names only.
		return declined(b, "the dates use localized month names or AM/PM markers")
	}
	l.sh, l.m, l.times = sh, smp.m, smp.times
	if l.layout = smp.times.Layouts(); len(l.layout) == 0 {
		return declined(b, "no date layout")
	}
	if !smp.times.Settled() {
		// SQL would read 03/04/2024 with the best layout, where Go
		// waits for a date that settles day-first or month-first.
		return declined(b, "the sample does not settle day-first or month-first")
	}
	var ok bool
	if l.format, ok = strftimeLayout(l.layout[0]); !ok {
		return declined(b, "layout "+l.layout[0]+" has no strftime form")
	}
	handled, err = l.run(ctx)
	if l.s != nil {
		if derr := l.execOn(l.s.Tx, "drop"); err == nil && derr != nil {
			err = derr
		}
		if _, rerr := l.s.Exec(`RESET preserve_insertion_order`); err == nil && rerr != nil {
			err = rerr
		}
		_, _ = l.s.Exec(`drop macro if exists jira_trim`)
	}
	if _, derr := b.Tx.Exec(`drop macro if exists jira_trim`); err == nil && derr != nil {
		err = derr
	}
	var fe *ingest.FileError
	if errors.As(err, &fe) {
		return false, err // placed in the file as the Go path places it
	}
	if err != nil {
		return false, fmt.Errorf("fast path: %w", err)
	}
	if handled {
		bulkFiles.Add(1)
		b.Note = "read by DuckDB's CSV reader (the fast path)"
	}
	return handled, nil
}

// earlyRaw is the file being read into jira_raw while the Go scan runs,
// shaped by the header line alone.
type earlyRaw struct {
	columns int
	crlf    bool
	done    chan error
	err     error
	waited  bool
}

// startRaw starts the "raw" statement on the scratch connection, with the
// column count and line ending of the header line; l.early stays nil when
// the header line cannot be read that way (the scan then decides, and run
// reads).
func (l *bulkLoad) startRaw() {
	f, err := os.Open(l.b.File)
	if err != nil {
		return
	}
	head := make([]byte, 1<<20)
	n, _ := io.ReadFull(f, head)
	_ = f.Close()
	head = head[:n]
	names := csvfile.PeekHeader(head)
	end := bytes.IndexByte(head, '\n')
	if names == nil || end < 0 {
		return
	}
	crlf := end > 0 && head[end-1] == '\r'
	if err := l.parse(); err != nil {
		return
	}
	var q strings.Builder
	if err := l.tmpl.ExecuteTemplate(&q, "raw", templateData{readCSV: l.readCSV(len(names), crlf, false), S: l.s.Name + "."}); err != nil {
		return
	}
	e := &earlyRaw{columns: len(names), crlf: crlf, done: make(chan error, 1)}
	go func() {
		_, err := l.s.Exec(q.String())
		e.done <- err
	}()
	l.early = e
}

// wait waits for the read to end and returns its error.
func (e *earlyRaw) wait() error {
	if e == nil {
		return errors.New("no early read")
	}
	if !e.waited {
		e.err, e.waited = <-e.done, true
	}
	return e.err
}

// fits reports whether the read took the shape the scan found.
func (e *earlyRaw) fits(sh *shape) bool {
	return e != nil && e.columns == sh.columns && e.crlf == sh.crlf && !sh.crlfQuoted
}

// trimmedColumns tells scanShape which columns the mapping trims, from the
// header.
func trimmedColumns(src config.Source) func([]string) ([]bool, error) {
	return func(names []string) ([]bool, error) {
		m, err := newMapper(csvfile.NewHeader(names), src)
		if err != nil {
			return nil, err
		}
		trim := make([]bool, len(names))
		for _, i := range m.(*mapper).trimmed() {
			if i >= 0 {
				trim[i] = true
			}
		}
		return trim, nil
	}
}

// plainPath reports whether DuckDB's readers would open path as the plain
// file it names: no glob characters, no URL, no home directory.
func plainPath(p string) bool {
	return p != "" && !strings.ContainsAny(p, "*?[{}") && !strings.Contains(p, "://") && !strings.HasPrefix(p, "~")
}

// sample is what the Go path learns before reading rows: the mapper for
// the header and the date layouts, from the same sample rows.
type sample struct {
	m     *mapper
	times *ingest.TimeParser
}

var errSampled = errors.New("sampled")

// sampleTimes runs the Go path (csvfile.Stream) over the file just until
// it maps the first row, and keeps its mapper and decided time parser.
// It returns nil when the Go path stops first (an error, or no rows).
func sampleTimes(ctx context.Context, file string, in *ingest.Input) (*sample, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var smp sample
	capture := func(h *csvfile.Header, src config.Source) (csvfile.Mapper, error) {
		m, err := newMapper(h, src)
		if err != nil {
			return nil, err
		}
		smp.m = m.(*mapper)
		return &sampler{mapper: smp.m, smp: &smp}, nil
	}
	sin := *in
	sin.Reader = f
	err = csvfile.Stream(ctx, format, &sin, stopSink{}, capture)
	if !errors.Is(err, errSampled) || smp.times == nil {
		return nil, err
	}
	return &smp, nil
}

// sampler is the mapper during sampling: it notes the time parser and
// stops at the first row without parsing anything.
type sampler struct {
	*mapper
	smp *sample
}

func (s *sampler) Map(rec csvfile.Record, times *ingest.TimeParser) (*ingest.Ticket, []*ingest.Comment, *ingest.Reject) {
	s.smp.times = times
	return nil, nil, &ingest.Reject{Reason: "sampled"}
}

// stopSink stops the stream at the first thing it is sent.
type stopSink struct{}

func (stopSink) Ticket(*ingest.Ticket) error   { return errSampled }
func (stopSink) Event(*ingest.Event) error     { return errSampled }
func (stopSink) Comment(*ingest.Comment) error { return errSampled }
func (stopSink) Reject(ingest.Reject) error    { return errSampled }
func (stopSink) Message(*ingest.Message) error { return errSampled }

// bulkLoad is one file going the fast way.
type bulkLoad struct {
	b      *ingest.Bulk
	sh     *shape
	m      *mapper
	times  *ingest.TimeParser
	layout []string // the Go layouts, best first
	format string   // the best layout as a strftime format
	base   int64    // jira_raw's smallest rowid: record i has rowid base + i
	direct bool     // insert into tickets and comments, not the staging tables
	tmpl   *template.Template
	early  *earlyRaw                // jira_raw as read during the scan, or nil
	s      *warehouse.Scratch       // where the file is prepared (the working tables)
	zone   func(expr string) string // wall clock in the source's zone -> UTC, NULL near a change
}

func (l *bulkLoad) run(ctx context.Context) (bool, error) {
	if l.tmpl == nil {
		if err := l.parse(); err != nil {
			return false, err
		}
	}
	if ok, err := l.checkFormat(); err != nil || !ok {
		if err == nil {
			declined(l.b, "DuckDB does not write "+l.format+" as Go writes "+l.layout[0])
		}
		return false, err
	}
	// The working tables are written in the scratch database, where each
	// statement runs on every thread; the transaction reads them only at
	// the end, to insert the mapped rows.
	if err := l.execOn(l.s.Tx, "macros"); err != nil {
		return false, err
	}
	if err := l.exec("macros"); err != nil {
		return false, err
	}
	waited := trace("raw_wait")
	early := l.early.wait()
	waited()
	if early != nil || !l.early.fits(l.sh) {
		// Read again: the early read failed (the scan found the file
		// plain, so the error is DuckDB's to report) or was shaped
		// otherwise.
		if _, err := l.s.Exec(`drop table if exists ` + l.s.Name + `.jira_raw`); err != nil {
			return false, err
		}
		if err := l.execOn(l.s.Tx, "raw"); err != nil {
			return false, err
		}
	}
	if ok, err := l.numbered(); err != nil || !ok {
		if err == nil {
			declined(l.b, "DuckDB read the records differently")
		}
		return false, err
	}
	if err := l.anchors(); err != nil {
		return false, err
	}
	if err := l.codes(); err != nil {
		return false, err
	}
	l.zone = zoneExpr(l.b.Input.Location, zoneFrom, zoneTo)
	// From here on no statement depends on the order rows are stored in
	// (jira_raw, whose row ids number the records, is written): letting
	// DuckDB store them in any order lets it insert on every thread, where
	// an insert fed by a join otherwise runs on one. ReadBulk resets it.
	if _, err := l.s.Exec(`SET preserve_insertion_order = false`); err != nil {
		return false, err
	}
	// jira_rows carries the file's columns from here on: the text is
	// dropped, so the scratch database holds one copy of the file.
	for _, name := range []string{"lines", "comments", "rows", "drop_raw", "go_keys"} {
		if err := l.execOn(l.s.Tx, name); err != nil {
			return false, err
		}
	}
	// A first load of the source, each key once: the rows SQL maps go
	// straight into tickets and comments, as the merge would put them.
	done := trace("fresh")
	fresh, err := l.b.Fresh()
	if err != nil {
		return false, err
	}
	if fresh {
		if err := l.s.QueryRow(`select count(key) = count(distinct key) from ` + l.s.Name + `.jira_rows
			where is_clean and key not in (select key from ` + l.s.Name + `.jira_go_keys)`).Scan(&l.direct); err != nil {
			return false, err
		}
	}
	done()
	if err := l.goRows(ctx); err != nil {
		return true, err
	}
	if err := l.b.KeepOneCopy(); err != nil {
		return true, err
	}
	// Staged rows are written on the scratch connection (the staging
	// tables live there); rows for tickets and comments in the run's
	// transaction.
	db := l.s.Tx
	if l.direct {
		db = l.b.Tx
	}
	res, err := l.runOn(db, "tickets")
	if err != nil {
		return true, err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return true, err
	}
	if l.direct {
		l.b.Loaded(n)
		bulkDirect.Add(1)
	} else {
		l.b.Staged(n)
	}
	if _, err := l.runOn(db, "stage_comments"); err != nil {
		return true, err
	}
	return true, nil
}

// parse prepares bulk.sql with this file's columns.
func (l *bulkLoad) parse() error {
	fm := template.FuncMap{
		"trim":      l.trim,
		"field":     l.field,
		"wall":      l.wall,
		"roundtrip": l.roundtrip,
		"utc":       l.utc,
	}
	t, err := template.New("bulk").Funcs(fm).Parse(bulkSQL)
	if err != nil {
		return err
	}
	l.tmpl = t
	return nil
}

func (l *bulkLoad) exec(name string) error {
	_, err := l.run1(name)
	return err
}

// execOn runs statement name on db (the scratch database's connection).
func (l *bulkLoad) execOn(db *warehouse.Tx, name string) error {
	_, err := l.runOn(db, name)
	return err
}

// run1 runs statement name in the run's transaction.
func (l *bulkLoad) run1(name string) (sql.Result, error) { return l.runOn(l.b.Tx, name) }

func (l *bulkLoad) runOn(db *warehouse.Tx, name string) (sql.Result, error) {
	q, err := l.render(name)
	if err != nil {
		return nil, err
	}
	defer trace(name)()
	res, err := db.Exec(q)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return res, nil
}

func (l *bulkLoad) render(name string) (string, error) {
	if l.tmpl == nil {
		if err := l.parse(); err != nil {
			return "", err
		}
	}
	var b strings.Builder
	if err := l.tmpl.ExecuteTemplate(&b, name, l.data()); err != nil {
		return "", err
	}
	return b.String(), nil
}

// col is column i's value as SQL: NULL for a column the file lacks.
func col(i int) string {
	if i < 0 {
		return "NULL::VARCHAR"
	}
	return "c" + strconv.Itoa(i)
}

// colsSQL is cols.Value in SQL: the field's cell as written, NULL when
// empty. Of repeated columns it is the first cell that is not blank (the
// jira_trim macro), else the first column's cell.
func colsSQL(c cols) string {
	switch len(c) {
	case 0:
		return col(-1)
	case 1:
		return col(c[0])
	}
	var parts []string
	for _, i := range c {
		parts = append(parts, "case when jira_trim("+col(i)+") <> '' then "+col(i)+" end")
	}
	return "coalesce(" + strings.Join(parts, ", ") + ", " + col(c[0]) + ")"
}

func lit(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// trim is strings.TrimSpace in SQL, never NULL (the jira_trim macro).
func (l *bulkLoad) trim(e string) string {
	return "jira_trim(" + e + ")"
}

// field is a value of a column the mapping trims, never NULL. It needs no
// trimming: the rows where it would are left to Go (shape.padded).
func (l *bulkLoad) field(e string) string {
	return "coalesce(" + e + ", '')"
}

// wall reads a value (a field, see above) with the best layout; NULL when
// empty or unreadable.
func (l *bulkLoad) wall(e string) string {
	return "try_strptime(nullif(" + e + ", ''), " + lit(l.format) + ")"
}

// utc is the UTC time of the wall clock e, NULL near a daylight-saving
// change and for Go's zero time, which Go refuses (ingest.ParseTime).
func (l *bulkLoad) utc(e string) string {
	return "nullif(" + l.zone(e) + ", TIMESTAMP '0001-01-01 00:00:00')"
}

// roundtrip is true when the value v is empty or is exactly what the
// layout writes for the time w it reads: then Go's parse gives that time
// too.
func (l *bulkLoad) roundtrip(v, w string) string {
	return "coalesce(strftime(" + w + ", " + lit(l.format) + ") = " + v + ", " + v + " = '')"
}

type templateData struct {
	readCSV
	ColumnList                                                       string
	Key, Summary, Kind, Status, Resolution, Category, Priority       string
	Assignee, CommentAuthor                                          string
	Reporter, Created, Updated, Resolved, Descr, TimeSpent, Project  string
	Team, RequestType, Labels, Components, Worklogs, WorklogsOK, Raw string
	Empty, GoOnly, URL, Source, RunID, File, Space                   string
	SpaceCodes                                                       string
	Records                                                          int64
	RawEscaped                                                       string
	TicketsTable, CommentsTable                                      string
	Comments                                                         []string
	Page                                                             int
	Base                                                             int64
	// S qualifies the working tables: the scratch database's name and a dot.
	S string
}

// readCSV is what the "raw" statement needs: how DuckDB reads the file
// into jira_raw, a text column per header field.
type readCSV struct {
	Path, NewLine, Strict, Columns, MaxLine, Select string
}

func (l *bulkLoad) readCSV(columns int, crlf, crlfQuoted bool) readCSV {
	var cols, sel []string
	for i := range columns {
		c := col(i)
		cols = append(cols, lit(c)+": 'VARCHAR'")
		if crlfQuoted {
			sel = append(sel, "replace("+c+", chr(13) || chr(10), chr(10)) as "+c)
		} else {
			sel = append(sel, c)
		}
	}
	// DuckDB 1.5 in strict mode reads no rows at all from a file with
	// \r\n line endings, so those are read leniently; the scan has checked
	// the structure already, and numbered checks what DuckDB read.
	nl, strict := `'\n'`, "true"
	if crlf {
		nl, strict = `'\r\n'`, "false"
	}
	return readCSV{
		Path:    lit(l.b.File),
		NewLine: nl,
		Strict:  strict,
		Columns: "{" + strings.Join(cols, ", ") + "}",
		MaxLine: strconv.Itoa(2 * csvfile.MaxRecordBytes),
		Select:  strings.Join(sel, ", "),
	}
}

func (l *bulkLoad) data() templateData {
	m, sh, b := l.m, l.sh, l.b
	n := sh.columns
	var all, names []string
	for i := range n {
		c := col(i)
		names = append(names, c)
		all = append(all, "nullif("+c+", '')")
	}
	d := templateData{
		readCSV:       l.readCSV(n, sh.crlf, sh.crlfQuoted),
		ColumnList:    strings.Join(names, ", "),
		Key:           colsSQL(m.key),
		Summary:       colsSQL(m.summary),
		Kind:          colsSQL(m.kind),
		Status:        colsSQL(m.status),
		Resolution:    colsSQL(m.resolution),
		Category:      colsSQL(m.category),
		CommentAuthor: l.commentAuthor(),
		Priority:      colsSQL(m.priority),
		Assignee:      colsSQL(m.assignee),
		Reporter:      colsSQL(m.reporter),
		Created:       colsSQL(m.created),
		Updated:       colsSQL(m.updated),
		Resolved:      colsSQL(m.resolved),
		Descr:         colsSQL(m.descr),
		TimeSpent:     colsSQL(m.timeSpent),
		Project:       colsSQL(m.project),
		Team:          colsSQL(m.team),
		RequestType:   colsSQL(m.requestType),
		Labels:        l.list(m.labels),
		Components:    l.list(m.components),
		Empty:         "coalesce(" + strings.Join(all, ", ") + ") is null",
		GoOnly:        "false",
		Raw:           l.rawJSON(),
		RawEscaped:    htmlEscape("o.raw_text"),
		Source:        lit(b.Source),
		RunID:         lit(b.RunID),
		File:          lit(b.SourceFile),
		TicketsTable:  b.TicketsTable,
		CommentsTable: b.CommentsTable,
		Page:          goRowsPage,
		Space:         spaceSQL(),
		SpaceCodes:    spaceCodes(),
		Base:          l.base,
		Records:       sh.records,
		S:             l.s.Name + ".",
	}
	if len(all) == 1 {
		d.Empty = all[0] + " is null"
	}
	for _, i := range m.comments {
		d.Comments = append(d.Comments, col(i))
	}
	if l.direct {
		d.TicketsTable, d.CommentsTable = "tickets", "comments"
	}
	if len(d.Comments) == 0 {
		d.Comments = []string{"NULL::VARCHAR"}
	}
	d.Worklogs, d.WorklogsOK = l.worklogs()
	if sh.control {
		// encoding/json writes control characters as \u00xx in lower case,
		// DuckDB in upper case: leave rows holding those to Go.
		var parts []string
		for i := range n {
			parts = append(parts, "regexp_matches(coalesce("+col(i)+", ''), '[\\x0b\\x0e\\x0f\\x1a-\\x1f]')")
		}
		d.GoOnly = "(" + strings.Join(parts, " or ") + ")"
	}
	d.URL = ingest.TicketURLSQL(b.URLBase, "o.key")
	return d
}

// commentAuthor is mapper.author in SQL, for the "stage_comments"
// statement: a comment's author (c.author, trimmed) that is the id of one
// of the row's people becomes that person's name. The name and id columns
// are trimmed ones: a row where they would need trimming is Go's.
func (l *bulkLoad) commentAuthor() string {
	if len(l.m.people) == 0 {
		return "nullif(c.author, '')"
	}
	var b strings.Builder
	b.WriteString("case")
	for _, p := range l.m.people {
		id, name := l.field(colsSQL(p.id)), l.field(colsSQL(p.name))
		b.WriteString(" when c.author <> '' and c.author = " + id + " and " + name + " <> '' then " + name)
	}
	b.WriteString(" else nullif(c.author, '') end")
	return b.String()
}

// list is csvfile.List in SQL: the trimmed, non-empty values of columns idx.
func (l *bulkLoad) list(idx []int) string {
	if len(idx) == 0 {
		return "([]::VARCHAR[])"
	}
	var parts []string
	for _, i := range idx {
		parts = append(parts, l.field(col(i)))
	}
	return "(list_filter([" + strings.Join(parts, ", ") + "], x -> x <> ''))"
}

// worklogs sums the seconds of the work log cells (text;date;author;seconds)
// and says whether SQL read them all as Go would: a plain number of
// seconds after the third or later semicolon.
func (l *bulkLoad) worklogs() (sum, ok string) {
	if len(l.m.worklogs) == 0 {
		return "NULL::DOUBLE", "true"
	}
	var any, secs, oks []string
	for _, i := range l.m.worklogs {
		t := l.field(col(i))
		any = append(any, "nullif("+t+", '')")
		secs = append(secs, "coalesce(try_cast(regexp_extract("+t+", ';([0-9]{1,12})$', 1) as double), 0)")
		oks = append(oks, "("+t+" = '' or regexp_full_match("+t+", '(?s)(?:[^;]*;){3,}[0-9]{1,12}'))")
	}
	sum = "case when coalesce(" + strings.Join(any, ", ") + ") is not null then " + strings.Join(secs, " + ") + " end"
	if len(any) == 1 {
		sum = "case when " + any[0] + " is not null then " + secs[0] + " end"
	}
	return sum, strings.Join(oks, " and ")
}

// rawJSON builds, in SQL, the JSON text encoding/json writes for the
// ticket's raw record (csvfile.Header.Raw): keys sorted, empty values left
// out, repeated columns as arrays. htmlEscape then escapes <, >, &, U+2028
// and U+2029.
func (l *bulkLoad) rawJSON() string {
	n := l.sh.columns
	markers := make([]string, n)
	for i := range markers {
		markers[i] = "\x00" + strconv.Itoa(i)
	}
	spec := l.m.h.Raw(csvfile.Record{Fields: markers})
	keys := make([]string, 0, len(spec))
	for k := range spec {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	colOf := func(marker string) string {
		i, _ := strconv.Atoi(strings.TrimPrefix(marker, "\x00"))
		return col(i)
	}
	var parts []string
	for _, k := range keys {
		kj, _ := json.Marshal(k)
		key := lit(string(kj) + ":")
		switch v := spec[k].(type) {
		case string:
			c := colOf(v)
			parts = append(parts, "case when "+c+" <> '' then "+key+" || to_json("+c+")::VARCHAR end")
		case []string:
			var cs, nn []string
			for _, m := range v {
				c := colOf(m)
				cs = append(cs, c)
				nn = append(nn, "nullif("+c+", '')")
			}
			parts = append(parts, "case when coalesce("+strings.Join(nn, ", ")+") is not null then "+key+
				" || to_json(list_filter(["+strings.Join(cs, ", ")+"], x -> x <> ''))::VARCHAR end")
		}
	}
	if len(parts) == 0 {
		return "'{}'"
	}
	return "'{' || concat_ws(',', " + strings.Join(parts, ", ") + ") || '}'"
}

// htmlEscape escapes in JSON text j (a column name) what encoding/json
// escapes and DuckDB does not; the check first is much cheaper than the
// replacing.
func htmlEscape(j string) string {
	subs := []struct{ from, to string }{
		{"'<'", `'\u003c'`}, {"'>'", `'\u003e'`}, {"'&'", `'\u0026'`},
		{"chr(8232)", `'\u2028'`}, {"chr(8233)", `'\u2029'`},
	}
	var checks []string
	out := j
	for _, r := range subs {
		checks = append(checks, "contains("+j+", "+r.from+")")
		out = "replace(" + out + ", " + r.from + ", " + r.to + ")"
	}
	return "case when " + strings.Join(checks, " or ") + " then " + out + " else " + j + " end"
}

// checkFormat makes sure DuckDB writes and reads the layout exactly as Go
// does, on times that exercise every field (both halves of the day, one-
// and two-digit days and months, both centuries of two-digit years).
func (l *bulkLoad) checkFormat() (bool, error) {
	defer trace("check_format")()
	var probes []time.Time
	for _, y := range []int{1969, 1999, 2000, 2009, 2024, 2068} {
		for _, m := range []time.Month{1, 2, 9, 10, 12} {
			for _, d := range []int{1, 9, 10, 28} {
				for _, h := range []int{0, 1, 9, 11, 12, 13, 23} {
					probes = append(probes, time.Date(y, m, d, h, (h*7)%60, (d*13)%60, 0, time.UTC))
				}
			}
		}
	}
	var sel []string
	for _, t := range probes {
		sel = append(sel, fmt.Sprintf("(timestamp '%s', %s)", t.Format("2006-01-02 15:04:05"), lit(t.Format(l.layout[0]))))
	}
	q := "select strftime(t, " + lit(l.format) + "), try_strptime(s, " + lit(l.format) + ") from (values " + strings.Join(sel, ", ") + ") v(t, s)"
	rows, err := l.b.Tx.Query(q)
	if err != nil {
		return false, err
	}
	defer rows.Close()
	i := 0
	for rows.Next() {
		var written string
		var read sql.NullTime
		if err := rows.Scan(&written, &read); err != nil {
			return false, err
		}
		t := probes[i]
		want := t.Format(l.layout[0])
		goRead, err := time.ParseInLocation(l.layout[0], want, time.UTC)
		if written != want || err != nil || !read.Valid || !read.Time.Equal(goRead) {
			return false, rows.Err()
		}
		i++
	}
	return i == len(probes), rows.Err()
}

// numbered checks that DuckDB read as many records as the scan counted,
// numbered in file order from the smallest rowid, and that the sampled
// records hold the same values.
func (l *bulkLoad) numbered() (bool, error) {
	defer trace("numbered")()
	var lo, hi sql.NullInt64
	var n int64
	if err := l.s.QueryRow(`select min(rowid), max(rowid), count(*) from `+l.s.Name+`.jira_raw`).Scan(&lo, &hi, &n); err != nil {
		return false, err
	}
	if n != l.sh.records || !lo.Valid || hi.Int64-lo.Int64+1 != n {
		return false, nil
	}
	l.base = lo.Int64
	cols := l.sh.columns
	vals := make([]sql.NullString, cols)
	dest := make([]any, cols)
	for i := range vals {
		dest[i] = &vals[i]
	}
	for idx, text := range l.sh.samples {
		cr := csv.NewReader(bytes.NewReader(text))
		cr.FieldsPerRecord = -1
		want, err := cr.Read()
		if err != nil || len(want) != cols {
			return false, nil
		}
		if err := l.s.QueryRow(`select * from `+l.s.Name+`.jira_raw where rowid = ?`, l.base+idx).Scan(dest...); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return false, nil
			}
			return false, err
		}
		for i, v := range vals {
			if v.String != want[i] {
				return false, nil
			}
		}
	}
	return true, nil
}

// anchors loads the record-to-line anchors from the scan.
func (l *bulkLoad) anchors() error {
	defer trace("anchors")()
	if _, err := l.s.Exec(`create table ` + l.s.Name + `.jira_anchor (idx bigint, line bigint)`); err != nil {
		return err
	}
	err := l.s.Append(l.s.Name+".main.jira_anchor", func(add func(...driver.Value) error) error {
		for _, a := range l.sh.anchors {
			if err := add(a.idx, a.line); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	if _, err := l.s.Exec(`create table ` + l.s.Name + `.jira_padded (idx bigint)`); err != nil {
		return err
	}
	return l.s.Append(l.s.Name+".main.jira_padded", func(add func(...driver.Value) error) error {
		for _, idx := range l.sh.padded {
			if err := add(idx); err != nil {
				return err
			}
		}
		return nil
	})
}

// codes normalizes statuses and priorities in Go, once per distinct value:
// a status once per status, resolution and status category, and whether
// the row has a resolved time (the "tickets" statement joins on the same
// expressions).
func (l *bulkLoad) codes() error {
	defer trace("codes")()
	type pair struct {
		status, resolution, category string
		resolved                     bool
	}
	var pairs []pair
	rows, err := l.s.Query("select distinct coalesce(" + colsSQL(l.m.status) + ", ''), coalesce(" + colsSQL(l.m.resolution) + ", ''), " +
		"coalesce(" + colsSQL(l.m.category) + ", ''), " + l.field(colsSQL(l.m.resolved)) + " <> '' from " + l.s.Name + ".jira_raw")
	if err != nil {
		return err
	}
	for rows.Next() {
		var p pair
		if err := rows.Scan(&p.status, &p.resolution, &p.category, &p.resolved); err != nil {
			rows.Close()
			return err
		}
		pairs = append(pairs, p)
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return err
	}
	var prios []string
	rows, err = l.s.Query("select distinct coalesce(" + colsSQL(l.m.priority) + ", '') from " + l.s.Name + ".jira_raw")
	if err != nil {
		return err
	}
	for rows.Next() {
		var p string
		if err := rows.Scan(&p); err != nil {
			rows.Close()
			return err
		}
		prios = append(prios, p)
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return err
	}
	if _, err := l.s.Exec(`create table ` + l.s.Name + `.jira_status (status_cell varchar, resolution_cell varchar, category_cell varchar, has_resolved boolean, status_raw varchar, status varchar);
		create table ` + l.s.Name + `.jira_priority (priority_cell varchar, priority_raw varchar, priority varchar)`); err != nil {
		return err
	}
	null := func(s string) driver.Value {
		if s == "" {
			return nil
		}
		return s
	}
	err = l.s.Append(l.s.Name+".main.jira_status", func(add func(...driver.Value) error) error {
		for _, p := range pairs {
			raw := strings.TrimSpace(p.status)
			st := status(raw, strings.TrimSpace(p.category), strings.TrimSpace(p.resolution), p.resolved)
			if err := add(p.status, p.resolution, p.category, p.resolved, null(raw), st); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	return l.s.Append(l.s.Name+".main.jira_priority", func(add func(...driver.Value) error) error {
		for _, p := range prios {
			raw := strings.TrimSpace(p)
			if err := add(p, null(raw), null(ingest.NormalizePriority(raw))); err != nil {
				return err
			}
		}
		return nil
	})
}

// The UTC conversion in SQL covers local times from zoneFrom to zoneTo;
// Go reads the rest.
var (
	zoneFrom = time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)
	zoneTo   = time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC)
)

// zoneExpr returns a function that writes the SQL turning a wall-clock
// TIMESTAMP expression in loc into UTC, for wall times from lo to hi
// (NULL outside): a binary search, as nested CASEs, over the spans
// between offset changes, NULL within an hour of one.
func zoneExpr(loc *time.Location, lo, hi time.Time) func(string) string {
	if loc == nil || loc == time.UTC {
		return func(e string) string { return e }
	}
	type span struct {
		from   time.Time // wall clock where it starts
		offset *int      // seconds east of UTC; nil near a change
	}
	_, off := lo.Add(-48 * time.Hour).In(loc).Zone()
	first := off
	spans := []span{{from: lo, offset: &first}}
	for t := lo.Add(-48 * time.Hour).In(loc); ; {
		_, next := t.ZoneBounds()
		if next.IsZero() || next.After(hi) {
			break
		}
		if !next.After(t) {
			// Past its table, Go's zone data ends periods at year ends,
			// and a time right on one is given it as its end.
			t = t.Add(time.Hour)
			continue
		}
		_, off2 := next.Zone()
		if off2 == off {
			t = next // a new name, the same offset
			continue
		}
		o := off2
		// The NULL span: when it starts before the span it follows (two
		// changes within hours), that span is empty and NULL covers both.
		null := span{from: next.UTC().Add(time.Duration(min(off, off2))*time.Second - time.Hour)}
		for len(spans) > 0 && !null.from.After(spans[len(spans)-1].from) {
			spans = spans[:len(spans)-1]
		}
		if len(spans) == 0 {
			null.from = lo
			spans = append(spans, null)
		} else if spans[len(spans)-1].offset != nil {
			spans = append(spans, null)
		}
		spans = append(spans, span{from: next.UTC().Add(time.Duration(max(off, off2))*time.Second + time.Hour), offset: &o})
		off, t = off2, next
	}
	ts := func(t time.Time) string { return "TIMESTAMP '" + t.Format("2006-01-02 15:04:05") + "'" }
	if len(spans) == 1 && first == 0 {
		return func(e string) string {
			return "case when " + e + " >= " + ts(lo) + " and " + e + " < " + ts(hi) + " then " + e + " end"
		}
	}
	var tree func(e string, i, j int) string // spans[i:j]
	tree = func(e string, i, j int) string {
		if j-i == 1 {
			if spans[i].offset == nil {
				return "NULL"
			}
			return strconv.Itoa(*spans[i].offset)
		}
		mid := (i + j) / 2
		return "case when " + e + " < " + ts(spans[mid].from) + " then " + tree(e, i, mid) + " else " + tree(e, mid, j) + " end"
	}
	return func(e string) string {
		return "case when " + e + " >= " + ts(lo) + " and " + e + " < " + ts(hi) +
			" then " + e + " - to_seconds(" + tree(e, 0, len(spans)) + ") end"
	}
}

// goRows maps, in Go and in file order, the rows SQL leaves alone.
func (l *bulkLoad) goRows(ctx context.Context) error {
	defer trace("go_rows")()
	// Most files leave no row to Go: then the paging query, which reads
	// all of jira_raw, is not needed.
	var keys int64
	if err := l.s.QueryRow(`select count(*) from ` + l.s.Name + `.jira_go_keys`).Scan(&keys); err != nil || keys == 0 {
		return err
	}
	q, err := l.render("go_rows")
	if err != nil {
		return err
	}
	after := int64(0)
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		recs, err := l.fetch(q, after)
		if err != nil {
			return err
		}
		if len(recs) == 0 {
			return nil
		}
		after = recs[len(recs)-1].Line
		bulkGoRows.Add(int64(len(recs)))
		err = l.b.Rows(func(sink ingest.Sink) error {
			for _, rec := range recs {
				if err := csvfile.Emit(l.m, rec, l.times, sink, format, l.b.Input.Path); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		if len(recs) < goRowsPage {
			return nil
		}
	}
}

func (l *bulkLoad) fetch(q string, after int64) ([]csvfile.Record, error) {
	rows, err := l.s.Query(q, after)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	n := l.sh.columns
	vals := make([]sql.NullString, n)
	dest := make([]any, n+2)
	var line, idx int64
	dest[0], dest[1] = &line, &idx
	for i := range vals {
		dest[i+2] = &vals[i]
	}
	var out []csvfile.Record
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		rec := csvfile.Record{Line: line, Fields: make([]string, n)}
		for i, v := range vals {
			rec.Fields[i] = v.String
		}
		out = append(out, rec)
	}
	return out, rows.Err()
}

// strftimeLayout translates a Go reference layout into a DuckDB
// strftime/strptime format. It knows the numeric and English-name fields
// of dates and times; anything else (zones, fractions of a second, day of
// the year, padding with blanks, lower-case am/pm) says no.
func strftimeLayout(layout string) (string, bool) {
	tokens := []struct{ goTok, duck string }{
		{"January", "%B"}, {"Monday", "%A"}, {"2006", "%Y"},
		{"Jan", "%b"}, {"Mon", "%a"}, {"MST", ""}, {"002", ""},
		{"01", "%m"}, {"02", "%d"}, {"03", "%I"}, {"04", "%M"}, {"05", "%S"}, {"06", "%y"},
		{"15", "%H"}, {"PM", "%p"}, {"pm", ""}, {"_2", ""},
		{"Z07", ""}, {"-07", ""},
		{"1", "%-m"}, {"2", "%-d"}, {"3", "%-I"}, {"4", "%-M"}, {"5", "%-S"},
	}
	var b strings.Builder
next:
	for i := 0; i < len(layout); {
		if fracSecond(layout, i) {
			return "", false
		}
		for _, t := range tokens {
			if strings.HasPrefix(layout[i:], t.goTok) {
				if t.duck == "" {
					return "", false
				}
				b.WriteString(t.duck)
				i += len(t.goTok)
				continue next
			}
		}
		c := layout[i]
		switch {
		case c == '%':
			b.WriteString("%%")
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c == ' ', c == '/', c == '-', c == ':', c == ',', c == '.', c == 'T':
			b.WriteByte(c)
		case c >= '0' && c <= '9':
			return "", false
		default:
			return "", false
		}
		i++
	}
	return b.String(), true
}

// fracSecond reports whether layout has fractional seconds at i (".000",
// ",999"), by Go's rule: a '.' or ',' then a run of 0s or 9s that no other
// digit follows. The '.' of "02.01.06" is not one: "01" follows it.
func fracSecond(layout string, i int) bool {
	if (layout[i] != '.' && layout[i] != ',') || i+1 >= len(layout) || (layout[i+1] != '0' && layout[i+1] != '9') {
		return false
	}
	j := i + 1
	for j < len(layout) && layout[j] == layout[i+1] {
		j++
	}
	return j == len(layout) || layout[j] < '0' || layout[j] > '9'
}
