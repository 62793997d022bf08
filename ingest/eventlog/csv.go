package eventlog

import (
	"context"
	"encoding/csv"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/lanes-dev/lanes/ingest"
	"github.com/lanes-dev/lanes/ingest/csvfile"
)

// Name is the CSV connector's format name, as given to --source.
const Name = "eventlog_csv"

const format = "event log csv"

func init() { ingest.Register(CSV{}) }

// CSV reads event logs exported as CSV: one row per event, in any order.
// A case's events may be anywhere in the file, so the rows are grouped by
// case before any ticket is built: in memory (Read, up to maxEvents), or,
// for a file on disk that holds more than spillAt, in DuckDB, which spills
// to disk under the memory cap (ReadBulk).
type CSV struct{}

// Name implements ingest.Connector.
func (CSV) Name() string { return Name }

// CountsFromEvents implements ingest.EventCounter: a case's reopen and
// reassignment counts are counted from its events (Case.Build).
func (CSV) CountsFromEvents() bool { return true }

// System implements ingest.Connector.
func (CSV) System() string { return "eventlog" }

// Roles of a log's columns, as named in a source's mapping.
const (
	RoleCase      = "case_id"
	RoleActivity  = "activity"
	RoleTimestamp = "timestamp"
	RoleResource  = "resource"
	RoleGroup     = "group"
	RoleTitle     = "title"
)

// headers are the column names each role is recognised by, in order of
// preference (matched ignoring case and surrounding blanks).
var headers = map[string][]string{
	RoleCase:      {"case_id", "case:concept:name", "Case ID", "CaseID", "Case", "Incident ID", "number"},
	RoleActivity:  {"activity", "concept:name", "Activity", "Activity Name", "IncidentActivity_Type"},
	RoleTimestamp: {"timestamp", "time:timestamp", "Complete Timestamp", "DateStamp", "End Timestamp", "Start Timestamp", "sys_updated_on"},
	RoleResource:  {"resource", "org:resource", "Resource", "Assignment_Group", "Assignment Group", "assigned_to"},
	RoleGroup:     {"org:group", "group"},
	RoleTitle:     {"case:description", "case:title", "description", "short_description", "title", "summary"},
}

// aliases lets a mapping use the canonical ticket field names too.
var aliases = map[string]string{
	"source_key": RoleCase, "status": RoleActivity, "event_at": RoleTimestamp,
	"assignment_group": RoleResource, "assignee": RoleResource,
}

var roles = []string{RoleCase, RoleActivity, RoleTimestamp, RoleResource, RoleGroup, RoleTitle}

// Limits on what a CSV log may hold in memory.
var (
	maxEvents     = 5_000_000
	maxEventBytes = int64(1 << 30)
)

// Detect implements ingest.Connector: a CSV header with a case id, an
// activity and a timestamp column; gzip is looked through.
func (CSV) Detect(path string, head []byte) (int, string) {
	how := ""
	if IsGzip(head) {
		head, how = GunzipHead(head), "gzip-compressed "
	}
	score, reason := detect(path, head)
	if score == 0 {
		return 0, ""
	}
	return score, how + csvfile.WithEncoding(reason, head)
}

func detect(path string, head []byte) (int, string) {
	h := csvfile.PeekHeader(head)
	if h == nil {
		return 0, ""
	}
	hd := csvfile.NewHeader(h)
	c, a, ts := hd.Index(headers[RoleCase]...), hd.Index(headers[RoleActivity]...), hd.Index(headers[RoleTimestamp]...)
	if c < 0 || a < 0 || ts < 0 {
		return 0, ""
	}
	reason := fmt.Sprintf("CSV header has a case (%q), an activity (%q) and a timestamp (%q)", h[c], h[a], h[ts])
	if hd.Index(headers[RoleResource]...) >= 0 {
		return 88, reason + " and a resource"
	}
	return 85, reason
}

type columns struct {
	idx   map[string]int
	names map[string]string
}

func (c columns) get(rec csvfile.Record, role string) string {
	i, ok := c.idx[role]
	if !ok {
		return ""
	}
	return strings.TrimSpace(rec.Get(i))
}

func resolve(h *csvfile.Header, mapping map[string]string) (columns, error) {
	c := columns{idx: map[string]int{}, names: map[string]string{}}
	mapped := map[string]string{}
	for k, v := range mapping {
		role := k
		if a, ok := aliases[k]; ok {
			role = a
		}
		if _, ok := headers[role]; !ok {
			return c, fmt.Errorf("mapping key %q is not one of %s", k, strings.Join(roles, ", "))
		}
		mapped[role] = v
	}
	for _, role := range roles {
		if col, ok := mapped[role]; ok {
			i := h.Index(col)
			if i < 0 {
				return c, fmt.Errorf("the mapping names column %q for %s, but the header has no such column", col, role)
			}
			c.idx[role], c.names[role] = i, h.Name(i)
			continue
		}
		if i := h.Index(headers[role]...); i >= 0 {
			c.idx[role], c.names[role] = i, h.Name(i)
		}
	}
	var missing []string
	for _, role := range []string{RoleCase, RoleActivity, RoleTimestamp} {
		if _, ok := c.idx[role]; !ok {
			missing = append(missing, fmt.Sprintf("%s (%s)", role, strings.Join(headers[role][:3], ", ")))
		}
	}
	if len(missing) > 0 {
		return c, fmt.Errorf("the header has no column for %s; name the columns under mapping for this source in lanes.yaml", strings.Join(missing, " or "))
	}
	return c, nil
}

// caseOf finds the case id of a row the CSV reader rejected, in the
// row's raw text: "" when the row has no case id column, or when what is
// wrong is the case id itself (it would name the wrong case).
func (c columns) caseOf(rej ingest.Reject) string {
	i := c.idx[RoleCase]
	if rej.Column == c.names[RoleCase] {
		return ""
	}
	r := csv.NewReader(strings.NewReader(rej.Raw))
	r.LazyQuotes, r.FieldsPerRecord = true, -1
	fields, err := r.Read()
	if err != nil || i >= len(fields) {
		return ""
	}
	return strings.TrimSpace(fields[i])
}

// row is one buffered event. raw is the row's text, kept only for the
// rows read before the time format is known (see scan).
type row struct {
	activity, resource, group, ts, raw string
	line                               int64
}

// pending is a case being collected.
type pending struct {
	id, title string
	line      int64
	rows      []row
	bad       *ingest.Reject // the first problem found, which rejects the case
}

// log is a CSV event log being read: its columns and its time format.
// check reads the times in the copy of the location that watch keeps from
// the run; times reads them as check does, in the run's location (loc): a
// time is counted as ambiguous (read again with times) only when its case
// loads.
type log struct {
	r       *csvfile.Reader
	cols    columns
	loc     *time.Location
	times   *ingest.TimeParser
	check   *ingest.TimeParser
	watch   *Watch
	decided bool
}

func openLog(in *ingest.Input) (*log, error) {
	// A log may come gzip-compressed (.csv.gz), as XES logs often do.
	unzipped, err := Gunzip(in.Reader)
	if err != nil {
		return nil, &ingest.FileError{Format: format, Path: in.Path, Err: err}
	}
	plain := *in
	plain.Reader = unzipped
	r, err := csvfile.Open(format, &plain, csvfile.Options{})
	if err != nil {
		return nil, err
	}
	cols, err := resolve(r.Header(), in.Source.Mapping)
	if err != nil {
		return nil, r.Errorf(0, "", "%w", err)
	}
	watch := NewWatch(in.Location)
	check, err := ingest.NewSourceTimeParser(in.Source, watch.Loc, false)
	if err != nil {
		watch.Stop()
		return nil, r.Errorf(0, "", "%w", err)
	}
	return &log{r: r, cols: cols, loc: in.Location, check: check, watch: watch}, nil
}

// decide picks the time format once the samples suffice, or at the end.
func (l *log) decide() error {
	if l.decided {
		return nil
	}
	l.decided = true
	if err := l.check.Decide(); err != nil {
		return l.r.Errorf(0, l.cols.names[RoleTimestamp], "%w", err)
	}
	return nil
}

// collector gathers a log's rows by case: held in memory (Read) or
// spilled to the scratch database (ReadBulk).
type collector interface {
	// reject takes a row that is no case's.
	reject(rej ingest.Reject) error
	// add takes a row of case id: a good event (e), or the row that
	// rejects the case (rej), or neither for a row of a case already
	// rejected, which only matters for where the case starts and its title.
	add(id string, line int64, title string, e *row, rej *ingest.Reject) error
}

// scan reads every row into out and decides the time format.
func (l *log) scan(ctx context.Context, out collector) error {
	cols := l.cols
	bad := map[string]bool{} // cases rejected so far
	// A row that cannot be read as CSV (a quote left open, too many
	// fields, a NUL byte) rejects its case whole, like a bad time: the
	// case's ticket would be built from its other events only.
	unreadable := func(rej ingest.Reject) error {
		id := cols.caseOf(rej)
		switch {
		case id == "":
			return out.reject(rej)
		case bad[id]:
			return out.add(id, rej.Line, "", nil, nil)
		}
		bad[strings.Clone(id)] = true
		return out.add(id, rej.Line, "", nil, caseReject(id, rej.Line, rej.Column, rej.Reason, rej.Raw))
	}
	err := l.r.Each(ctx, unreadable, func(rec csvfile.Record) error {
		id := cols.get(rec, RoleCase)
		if id == "" {
			return out.reject(ingest.Reject{Line: rec.Line, Column: cols.names[RoleCase], Reason: "the row has no case id", Raw: rec.Text()})
		}
		title := cols.get(rec, RoleTitle)
		if bad[id] {
			return out.add(id, rec.Line, title, nil, nil)
		}
		e := row{
			activity: cols.get(rec, RoleActivity),
			resource: cols.get(rec, RoleResource),
			group:    cols.get(rec, RoleGroup),
			ts:       cols.get(rec, RoleTimestamp),
			line:     rec.Line,
		}
		var rej *ingest.Reject
		switch {
		case e.activity == "":
			rej = caseReject(id, rec.Line, cols.names[RoleActivity], "the event has no activity", rec.Text())
		case e.ts == "":
			rej = caseReject(id, rec.Line, cols.names[RoleTimestamp], "the event has no timestamp", rec.Text())
		}
		if rej == nil {
			// The rows read while the time format is not known yet keep
			// their text, for the reject of a time build cannot read; once
			// it is known, a time is checked as its row is read.
			if l.check.NeedMore() {
				l.check.Place(rec.Line, func(string) string { return cols.names[RoleTimestamp] })
				l.check.Observe(e.ts)
				e.raw = rec.Text()
			} else if err := l.decide(); err != nil {
				return err
			} else if _, err := l.check.Parse(e.ts); err != nil {
				if serr := l.check.StopAt(format, l.r.Path(), rec.Line, cols.names[RoleTimestamp]); serr != nil {
					return serr
				}
				rej = caseReject(id, rec.Line, cols.names[RoleTimestamp], err.Error(), rec.Text())
			}
		}
		if rej != nil {
			bad[strings.Clone(id)] = true
			return out.add(id, rec.Line, title, nil, rej)
		}
		return out.add(id, rec.Line, title, &e, nil)
	})
	if err != nil {
		return err
	}
	if err := l.decide(); err != nil {
		return err
	}
	// The rows read above may have settled whether dates are day-first
	// or month-first; times must read them the same way.
	l.times = l.check.In(l.loc)
	return nil
}

// build reads a collected case's times: its Case, or the reject of its
// first event whose time cannot be read.
func (l *log) build(id, title string, line int64, rows []row) (*Case, *ingest.Reject) {
	c := &Case{ID: id, Title: title, Line: line, Events: make([]Event, 0, len(rows)), Reread: l.reread}
	for _, e := range rows {
		seen := l.watch.Seen()
		at, err := l.check.Parse(e.ts)
		if l.watch.Seen() > seen {
			c.Ambiguous = append(c.Ambiguous, Ambiguous{Line: e.line, Value: e.ts})
		}
		if err != nil {
			return nil, caseReject(id, e.line, l.cols.names[RoleTimestamp], err.Error(), e.raw)
		}
		c.Events = append(c.Events, Event{Activity: e.activity, At: at, Resource: e.resource, Group: e.group, Line: e.line})
	}
	return c, nil
}

// reread reads an ambiguous time again in the run's location, which
// counts it.
func (l *log) reread(v string) { _, _ = l.times.Parse(v) }

// memory holds a log's cases in memory, up to maxEvents and maxEventBytes.
type memory struct {
	r       *csvfile.Reader
	strs    Interner
	cases   map[string]*pending
	order   []*pending
	rejects []ingest.Reject // rows that are no case's
	events  int
	held    int64
}

func (m *memory) reject(rej ingest.Reject) error {
	m.held += int64(len(rej.Raw)) + 64
	m.rejects = append(m.rejects, rej)
	return nil
}

func (m *memory) add(id string, line int64, title string, e *row, rej *ingest.Reject) error {
	m.events++
	m.held += int64(len(id)) + 64
	if e != nil {
		m.held += int64(len(e.ts) + len(e.raw))
	}
	if m.events > maxEvents || m.held > maxEventBytes {
		return m.r.Errorf(line, "", "more than %d events or %d MiB: lanes holds a CSV event log in memory to group its cases when it could not be copied to disk (a log in an archive goes to the temporary folder, TMPDIR, first); extract it, or split the log by case into smaller files", maxEvents, maxEventBytes>>20)
	}
	c := m.cases[id]
	if c == nil {
		c = &pending{id: strings.Clone(id), line: line}
		m.cases[c.id] = c
		m.order = append(m.order, c)
	}
	if c.title == "" {
		c.title = strings.Clone(title)
	}
	switch {
	case rej != nil:
		c.bad = rej
	case e != nil:
		c.rows = append(c.rows, row{activity: m.strs.Intern(e.activity), resource: m.strs.Intern(e.resource),
			group: m.strs.Intern(e.group), ts: strings.Clone(e.ts), raw: e.raw, line: e.line})
	}
	return nil
}

// Read implements ingest.Connector. The rows are held in memory until the
// end of the file, since a case's events may be anywhere in it; ReadBulk
// spills them to DuckDB instead once they grow large, when the log is a
// file on disk.
func (CSV) Read(ctx context.Context, in *ingest.Input, sink ingest.Sink) error {
	l, err := openLog(in)
	if err != nil {
		return err
	}
	defer l.watch.Stop()
	m := newMemory(l)
	if err := l.scan(ctx, m); err != nil {
		return err
	}
	return m.send(l, sink)
}

func newMemory(l *log) *memory {
	return &memory{r: l.r, strs: Interner{}, cases: map[string]*pending{}}
}

// send builds the held cases and sends them and the rejected rows in line
// order: a case at its first line, or at the line that rejects it.
func (m *memory) send(l *log, sink ingest.Sink) error {
	type placed struct {
		line int64
		item
	}
	items := make([]placed, 0, len(m.order)+len(m.rejects))
	for i := range m.rejects {
		items = append(items, placed{m.rejects[i].Line, item{rej: &m.rejects[i]}})
	}
	for _, p := range m.order {
		if p.bad == nil {
			var c *Case
			if c, p.bad = l.build(p.id, p.title, p.line, p.rows); p.bad == nil {
				items = append(items, placed{p.line, item{c: c}})
			}
		}
		if p.bad != nil {
			items = append(items, placed{p.bad.Line, item{rej: p.bad}})
		}
		p.rows = nil
	}
	sort.SliceStable(items, func(i, j int) bool { return items[i].line < items[j].line })
	out := make(sendList, len(items))
	for i := range items {
		out[i] = items[i].item
	}
	return out.send(sink)
}

// item is a case to send, or a reject.
type item struct {
	c   *Case
	rej *ingest.Reject
}

type sendList []item

func (l sendList) send(sink ingest.Sink) error {
	for _, it := range l {
		var err error
		if it.c != nil {
			err = it.c.Emit(sink)
		} else {
			err = sink.Reject(*it.rej)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func caseReject(id string, line int64, column, reason, raw string) *ingest.Reject {
	sep := "; the"
	if strings.HasSuffix(reason, "?") {
		sep = " The"
	}
	return &ingest.Reject{Line: line, Column: column, Reason: fmt.Sprintf("case %q: %s%s whole case is not loaded", short(id), reason, sep), Raw: raw}
}
