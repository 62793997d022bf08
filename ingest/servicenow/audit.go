package servicenow

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/lanes-dev/lanes/ingest"
	"github.com/lanes-dev/lanes/ingest/csvfile"
	"github.com/lanes-dev/lanes/ingest/jsonstream"
)

// AuditName is the audit connector's format name, as given to --source.
const AuditName = "servicenow_audit"

const auditFormat = "servicenow audit"

// AuditConnector reads ServiceNow update history, CSV or JSON, where each
// row is a ticket as it stood after one update (an incident history list,
// or a sys_audit join), and sys_audit itself, one row per changed field
// (see sysaudit.go). The history shape has number, sys_mod_count and/or sys_updated_on,
// sys_updated_by, state, assignment_group, assigned_to, priority and the
// usual ticket fields.
//
// Rows are grouped by number and ordered by sys_mod_count, then
// sys_updated_on. Each ticket is emitted once, as its last row shows it,
// with an event for every change between consecutive rows: status,
// group, assignee, priority, and reopen when the state goes from a
// resolved or closed state back to an open one. A "?" (a value ServiceNow
// could not show) in a tracked field, or no state or priority at all, is
// unknown: the value of the rows before carries over, with no event. The
// reopen count is the number of reopens and the reassignment count the
// number of times the group became a different group (a first assignment, or a move to no
// group, does not count); where the last row carries ServiceNow's own
// reopen_count or reassignment_count and it is higher, as it is when the
// export holds only part of a ticket's history, that wins (a ticket with
// a single row keeps just ServiceNow's counts, if any). A ticket with
// no resolved_at or closed_at of its own takes the time of its last
// resolution or closing.
//
// An update that cannot be read is rejected alone, and its ticket built
// from the others; a ticket whose history contradicts itself (resolved
// before it was opened) is rejected whole. The sink is told the file's
// rows and rejected rows (ingest.CountFileRows), since rows in count
// tickets: the reject limit compares rows.
//
// Rows may come in any order as long as the file has at most
// maxAuditRows rows; a larger file must keep each ticket's rows together
// (sorted by number), which is then read without holding it in memory.
type AuditConnector struct{}

// Name implements ingest.Connector.
func (AuditConnector) Name() string { return AuditName }

// System implements ingest.Connector.
func (AuditConnector) System() string { return "servicenow" }

// Limits on the rows held in memory while an unsorted file is grouped.
// Variables so tests can lower them.
var (
	maxAuditRows  = 500_000
	maxAuditBytes = int64(256 << 20)
)

// Detect implements ingest.Connector: a CSV header or JSON records with
// number and sys_mod_count, where a number that repeats in the first rows
// makes it certain; or with number, sys_updated_on and sys_updated_by and
// a number that repeats in the first rows (a history without
// sys_mod_count; a list of one row per ticket, which has the same
// columns, is left to servicenow_csv and servicenow_json).
func (AuditConnector) Detect(path string, head []byte) (int, string) {
	text := csvfile.DecodeHead(head)
	whole := len(head) < ingest.HeadSize
	if isJSON(text) {
		top, keys, ok := export.Sniff(text)
		if !ok {
			return 0, ""
		}
		fields := fieldSet(keys)
		switch {
		case fields["number"] && fields["sys_mod_count"]:
			return 97, fmt.Sprintf("JSON %q records with ServiceNow's number and sys_mod_count (one record per update)", top)
		case fields["number"] && fields["sys_updated_on"] && fields["sys_updated_by"] && jsonRepeats(text):
			return 96, fmt.Sprintf("JSON %q records with ServiceNow's number, sys_updated_on and sys_updated_by, and numbers repeat (one record per update)", top)
		}
		return 0, ""
	}
	h := csvfile.PeekHeader(text)
	if h == nil {
		return 0, ""
	}
	m := indexHeader(csvfile.NewHeader(h))
	if isSysAudit(m) {
		return 98, withEncoding("CSV header has sys_audit's documentkey, fieldname and newvalue (one row per changed field)", head)
	}
	if m.index("number") < 0 {
		return 0, ""
	}
	if m.index("sys_mod_count") >= 0 {
		if repeats(text, whole, m.index("number")) {
			return 99, withEncoding("CSV header has ServiceNow's number and sys_mod_count, and numbers repeat (one row per update)", head)
		}
		return 97, withEncoding("CSV header has ServiceNow's number and sys_mod_count (one row per update)", head)
	}
	if m.index("sys_updated_on") >= 0 && m.index("sys_updated_by") >= 0 && repeats(text, whole, m.index("number")) {
		return 96, withEncoding("CSV header has ServiceNow's number, sys_updated_on and sys_updated_by, and numbers repeat (one row per update)", head)
	}
	return 0, ""
}

// isJSON reports whether text starts, after blanks, like JSON.
func isJSON(text []byte) bool {
	for _, b := range text {
		switch b {
		case ' ', '\t', '\r', '\n':
			continue
		case '{', '[':
			return true
		}
		return false
	}
	return false
}

// repeats reports whether column col of the CSV rows in text holds the
// same value twice. Unless text is the whole file, its last line may be
// cut short and is not read.
func repeats(text []byte, whole bool, col int) bool {
	if !whole {
		text = text[:bytes.LastIndexByte(text, '\n')+1]
	}
	cr := csv.NewReader(bytes.NewReader(text))
	cr.FieldsPerRecord = -1
	if _, err := cr.Read(); err != nil {
		return false
	}
	seen := map[string]bool{}
	for {
		r, err := cr.Read()
		if err != nil {
			return false
		}
		if col >= len(r) {
			continue
		}
		v := strings.TrimSpace(r[col])
		if v == "" || isMarker(v) {
			continue
		}
		if seen[v] {
			return true
		}
		seen[v] = true
	}
}

// jsonRepeats reports whether two of the records in text, the first bytes
// of a JSON export, have the same number. A record cut short is not read.
func jsonRepeats(text []byte) bool {
	d := json.NewDecoder(bytes.NewReader(text))
	d.UseNumber()
	tok, err := d.Token()
	if err != nil {
		return false
	}
	if tok == json.Delim('{') {
		// The list is under "records" or "result".
		for {
			tok, err := d.Token()
			if err != nil {
				return false
			}
			key, ok := tok.(string)
			if !ok {
				return false
			}
			if key == "records" || key == "result" {
				if tok, err := d.Token(); err != nil || tok != json.Delim('[') {
					return false
				}
				break
			}
			var skip json.RawMessage
			if d.Decode(&skip) != nil {
				return false
			}
		}
	} else if tok != json.Delim('[') {
		return false
	}
	seen := map[string]bool{}
	for d.More() {
		var rec map[string]any
		if d.Decode(&rec) != nil {
			return false
		}
		n, err := newJSONFields(rec).value("number")
		if err != nil || n == "" {
			continue
		}
		if seen[n] {
			return true
		}
		seen[n] = true
	}
	return false
}

// auditRow is one update of a ticket.
type auditRow struct {
	line int64
	fr   fieldReader
	raw  func() map[string]any
	text func() string
	// The row as audit_rows keeps it (spill.go): a CSV record's fields, or
	// a JSON record's members as JSON.
	fields []string
	record func() string
	mod    *int
	at     *time.Time
}

// csvAuditRow is the row of CSV record rec.
func csvAuditRow(m *mapper, rec csvfile.Record) *auditRow {
	return &auditRow{line: rec.Line, fr: csvFields{m, rec}, raw: func() map[string]any { return m.raw(rec) },
		text: rec.Text, fields: rec.Fields}
}

// jsonAuditRow is the row of JSON record rec, read as fr.
func jsonAuditRow(rec *jsonstream.Record, fr *jsonFields) *auditRow {
	return &auditRow{line: rec.Line, fr: fr, raw: func() map[string]any { return rec.Fields }, text: rec.FieldsText,
		record: func() string {
			b, _ := json.Marshal(rec.Fields)
			return string(b)
		}}
}

// auditReader groups rows by number and turns each group into a ticket
// and its events.
type auditReader struct {
	format, path string
	sink         ingest.Sink
	times        *ingest.TimeParser
	decided      bool

	groups    map[string]*auditGroup
	order     []*auditGroup // buffered groups by first row
	done      map[string]int64
	last      *auditGroup
	grouped   bool // every number's rows so far are together
	streaming bool
	rows      int
	bytes     int64

	// fileRows counts the history's rows, each once (also when replayed
	// from the scratch database), and rejectedRows those of them rejected:
	// on their own, or with their ticket (ingest.CountFileRows).
	fileRows, rejectedRows int64

	// spill takes the rows once they do not fit (nil: they are refused);
	// spilling says it does. They are then read back in order through
	// replayRow, and replayEnd builds what is left; replaying says so.
	spill               *auditSpill
	spilling, replaying bool
	rebuild             func(line int64, fields []string, record string) (*auditRow, error)
	replayRow           func(spilledRow) error
	replayEnd           func() error
}

type auditGroup struct {
	number string
	rows   []*auditRow
}

// Read implements ingest.Connector.
func (AuditConnector) Read(ctx context.Context, in *ingest.Input, sink ingest.Sink) error {
	_, err := readAudit(ctx, in, sink, nil)
	return err
}

// readAudit reads a history. sp, when not nil, takes the rows that do not
// fit in memory (spill.go); the caller then builds their tickets (the
// reader's spilling is true).
func readAudit(ctx context.Context, in *ingest.Input, sink ingest.Sink, sp *auditSpill) (*auditReader, error) {
	raw := bufio.NewReader(in.Reader)
	peek, _ := raw.Peek(512)
	src := *in
	src.Reader = raw
	text, err := decode(auditFormat, &src, !isJSON(csvfile.DecodeHead(peek)))
	if err != nil {
		return nil, err
	}
	times, err := ingest.NewSourceTimeParser(in.Source, in.Location, false)
	if err != nil {
		return nil, &ingest.FileError{Format: auditFormat, Path: in.Path, Err: err}
	}
	a := &auditReader{format: auditFormat, path: in.Path, sink: sink, times: times,
		groups: map[string]*auditGroup{}, done: map[string]int64{}, grouped: true}
	br := bufio.NewReader(text)
	start, _ := br.Peek(512)
	a.spill = sp
	if isJSON(start) {
		err = a.readJSON(ctx, in, br)
	} else {
		err = a.readCSV(ctx, in, text, br)
	}
	if err != nil || a.spilling {
		return a, err
	}
	return a, a.finish()
}

// finish builds the tickets still held and tells the sink how many of the
// history's rows were read and rejected.
func (a *auditReader) finish() error {
	if err := a.flushAll(); err != nil {
		return err
	}
	if a.fileRows > 0 {
		ingest.CountFileRows(a.sink, a.fileRows, a.rejectedRows)
	}
	return nil
}

func (a *auditReader) readCSV(ctx context.Context, in *ingest.Input, text *csvfile.Text, rest io.Reader) error {
	t := *text // its encoding, why, and whether lanes.yaml set it, for messages
	t.Reader = rest
	r, err := csvfile.Open(a.format, in, csvfile.Options{Text: &t})
	if err != nil {
		return err
	}
	m := indexHeader(r.Header())
	if isSysAudit(m) {
		return a.readSysAudit(ctx, r, m)
	}
	if m.index("number") < 0 {
		return r.Errorf(0, "", "the header has no number column; an audit export needs each row's ticket number%s", r.Header().EncodingHint(in.Source.Encoding))
	}
	if m.index("sys_mod_count") < 0 && m.index("sys_updated_on") < 0 {
		return r.Errorf(0, "", "the header has neither sys_mod_count nor sys_updated_on; an audit export needs one of them to put updates in order")
	}
	a.rebuild = func(line int64, fields []string, _ string) (*auditRow, error) {
		return csvAuditRow(m, csvfile.Record{Line: line, Fields: fields}), nil
	}
	unreadable := func(rej ingest.Reject) error {
		a.fileRows++
		a.rejectedRows++
		return a.sink.Reject(rej)
	}
	return r.Each(ctx, unreadable, func(rec csvfile.Record) error {
		return a.add(csvAuditRow(m, rec), 64+recordSize(rec))
	})
}

// recordSize estimates the memory a held CSV record takes, for the audit
// limits.
func recordSize(rec csvfile.Record) int64 {
	var size int64
	for _, f := range rec.Fields {
		size += int64(len(f)) + 16
	}
	return size
}

func (a *auditReader) readJSON(ctx context.Context, in *ingest.Input, text io.Reader) error {
	jr, err := openExport(a.format, in, text)
	if err != nil {
		return err
	}
	a.rebuild = func(line int64, _ []string, record string) (*auditRow, error) {
		d := json.NewDecoder(strings.NewReader(record))
		d.UseNumber()
		var fields map[string]any
		if err := d.Decode(&fields); err != nil {
			return nil, fmt.Errorf("read back line %d: %w", line, err)
		}
		rec := &jsonstream.Record{Line: line, Fields: fields}
		return jsonAuditRow(rec, newJSONFields(fields)), nil
	}
	for n := 0; ; n++ {
		if n%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		rec, err := jr.Next()
		if errors.Is(err, io.EOF) && n == 0 {
			return ingest.Skip(a.sink, 1, emptyPage)
		}
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		fr, rej := recordFields(rec)
		if rej != nil {
			rej.Line, rej.Raw = rec.Line, rec.FieldsText()
			a.fileRows++
			a.rejectedRows++
			if err := a.sink.Reject(*rej); err != nil {
				return err
			}
			continue
		}
		if err := a.add(jsonAuditRow(rec, fr), int64(len(rec.Raw))+64); err != nil {
			return err
		}
	}
}

// add files one row under its number.
func (a *auditReader) add(row *auditRow, size int64) error {
	if !a.replaying {
		a.fileRows++
	}
	number, err := row.fr.value("number")
	if err == nil && number == "" {
		err = errors.New("row has no number")
	}
	if err != nil {
		a.rejectedRows++
		return a.sink.Reject(ingest.Reject{Line: row.line, Column: row.fr.column("number"), Reason: err.Error(), Raw: row.text()})
	}
	if a.spilling {
		if a.times.NeedMore() {
			sampleTimes(a.times, row.line, row.fr)
		}
		return a.putRow(number, row)
	}
	if !a.replaying && a.times.NeedMore() {
		sampleTimes(a.times, row.line, row.fr)
	}
	if last, ok := a.done[number]; ok {
		return &ingest.FileError{Format: a.format, Path: a.path, Line: row.line, Column: row.fr.column("number"),
			Err: fmt.Errorf("rows for %s appear again after rows of other tickets (its earlier rows end on line %d); a file of more than %d rows must keep each ticket's rows together: export it sorted by number, then sys_mod_count", number, last, maxAuditRows)}
	}
	g, seen := a.groups[number]
	if a.last != nil && a.last != g {
		if seen {
			a.grouped = false
		}
		if a.streaming {
			if err := a.flushStreamed(a.last); err != nil {
				return err
			}
		}
	}
	if !seen {
		g = &auditGroup{number: number}
		a.groups[number] = g
		if !a.streaming {
			a.order = append(a.order, g)
		}
	}
	g.rows = append(g.rows, row)
	a.last = g
	a.rows++
	a.bytes += size
	if spillEarly && a.spill != nil && !a.streaming && !a.replaying {
		return a.startSpill()
	}
	if a.streaming || (a.rows <= maxAuditRows && a.bytes <= maxAuditBytes) {
		return nil
	}
	if !a.grouped && a.spill != nil {
		return a.startSpill()
	}
	if !a.grouped {
		return &ingest.FileError{Format: a.format, Path: a.path, Line: row.line,
			Err: fmt.Errorf("more than %d rows (or %d MiB) whose tickets' rows are not together, and the file could not be copied to disk to group them there (a file in an archive goes to the temporary folder, TMPDIR, first): extract it, or export the history sorted by number, then sys_mod_count, or split it by opened date into smaller files", maxAuditRows, maxAuditBytes>>20)}
	}
	// The file keeps each ticket's rows together so far: from here on,
	// each ticket is finished when the next one starts.
	a.streaming = true
	for _, og := range a.order {
		if og != g {
			if err := a.flushStreamed(og); err != nil {
				return err
			}
		}
	}
	a.order = nil
	return nil
}

// startSpill sends the rows held so far, and from now on every row, to
// the scratch database (spill.go).
func (a *auditReader) startSpill() error {
	spilled.Add(1)
	a.spilling = true
	a.replayRow = func(r spilledRow) error {
		if !a.replaying {
			a.spilling, a.replaying, a.streaming, a.grouped = false, true, true, true
		}
		row, err := a.rebuild(r.line, r.fields, r.record)
		if err != nil {
			return err
		}
		return a.add(row, 0)
	}
	a.replayEnd = a.finish
	for _, g := range a.order {
		for _, row := range g.rows {
			if err := a.putRow(g.number, row); err != nil {
				return err
			}
		}
	}
	a.groups, a.order, a.last = map[string]*auditGroup{}, nil, nil
	return nil
}

func (a *auditReader) putRow(number string, row *auditRow) error {
	if row.fields != nil {
		return a.spill.put(number, row.line, row.fields, "")
	}
	return a.spill.put(number, row.line, nil, row.record())
}

func (a *auditReader) flushStreamed(g *auditGroup) error {
	delete(a.groups, g.number)
	if len(g.rows) > 0 {
		a.done[g.number] = g.rows[len(g.rows)-1].line
	}
	return a.flush(g)
}

// flushAll emits what is still held, in the order of each ticket's first
// row.
func (a *auditReader) flushAll() error {
	if a.streaming {
		if a.last != nil {
			return a.flush(a.last)
		}
		return nil
	}
	for _, g := range a.order {
		if err := a.flush(g); err != nil {
			return err
		}
	}
	return nil
}

// reject rejects one row (of a history or of sys_audit) under field f.
func (a *auditReader) reject(row *auditRow, f, reason string) error {
	if err := a.stopped(row, f); err != nil {
		return err
	}
	a.rejectedRows++
	return a.sink.Reject(ingest.Reject{Line: row.line, Column: row.fr.column(f), Reason: reason, Raw: row.text()})
}

// stopped places the time parser's stopping error (a date that could be
// day-first or month-first, with no date before it to settle which) at
// row's field f; nil while there is none.
func (a *auditReader) stopped(row *auditRow, f string) error {
	return a.times.StopAt(a.format, a.path, row.line, row.fr.column(f))
}

// rowPlacer is a sink that can give the ambiguous local times just read
// the line of their row (the run's sink otherwise places them at the
// ticket's line, its last row's).
type rowPlacer interface {
	PlaceAmbiguousRow(line int64)
}

// placeRow gives the ambiguous local times read since the last placed one
// the line of row.
func (a *auditReader) placeRow(row *auditRow) {
	if p, ok := a.sink.(rowPlacer); ok {
		p.PlaceAmbiguousRow(row.line)
	}
}

// tracked are the fields whose changes become events, with the event kind.
var tracked = []struct{ field, kind string }{
	{"state", "status"}, {"assignment_group", "group"}, {"assigned_to", "assignee"}, {"priority", "priority"},
}

// flush turns one ticket's rows into the ticket and its events.
func (a *auditReader) flush(g *auditGroup) error {
	if !a.decided {
		if err := a.times.Decide(); err != nil {
			return &ingest.FileError{Format: a.format, Path: a.path, Err: err}
		}
		a.decided = true
	}
	rows := make([]*auditRow, 0, len(g.rows))
	for _, row := range g.rows {
		ok, err := a.place(row)
		if err != nil {
			return err
		}
		a.placeRow(row)
		if ok {
			rows = append(rows, row)
		}
	}
	g.rows = nil
	if len(rows) == 0 {
		return nil
	}
	sort.SliceStable(rows, func(i, j int) bool { return before(rows[i], rows[j]) })

	var events []*ingest.Event
	var reopens, reassigns int
	var resolvedAt, closedAt *time.Time
	var resolvedRow, closedRow *auditRow // the rows whose sys_updated_on they are
	lastGroup := valueOf(rows[0].fr, "assignment_group")
	// now holds each tracked field's value as the rows so far show it: a
	// row whose value is unknown changes nothing, so the value carries
	// over from the rows before it.
	now := make([]knownValue, len(tracked))
	for i, tr := range tracked {
		now[i] = known(rows[0].fr, tr.field)
	}
	prev := rows[0]
	dropped := 0 // rows rejected on their own below
	for _, cur := range rows[1:] {
		var changes []*ingest.Event
		next := make([]knownValue, len(tracked))
		for i, tr := range tracked {
			next[i] = now[i]
			v := known(cur.fr, tr.field)
			if !v.known {
				continue
			}
			if now[i].known && now[i].v != v.v {
				changes = append(changes, &ingest.Event{Kind: tr.kind, From: now[i].v, To: v.v})
			}
			next[i] = v
		}
		if len(changes) == 0 {
			now, prev = next, cur
			continue
		}
		if cur.at == nil {
			if err := a.reject(cur, "sys_updated_on", fmt.Sprintf("update changes %s but has no sys_updated_on time to place it", changes[0].Kind)); err != nil {
				return err
			}
			dropped++
			continue
		}
		actor := valueOf(cur.fr, "sys_updated_by")
		for _, e := range changes {
			e.At, e.Actor = *cur.at, actor
			events = append(events, e)
			switch e.Kind {
			case "status":
				from, to := ingest.NormalizeStatus(e.From), ingest.NormalizeStatus(e.To)
				switch {
				case isDone(from) && !isDone(to) && to != ingest.StatusCanceled:
					reopens++
					resolvedAt, closedAt, resolvedRow, closedRow = nil, nil, nil, nil
					events = append(events, &ingest.Event{Kind: "reopen", At: e.At, Actor: actor, From: e.From, To: e.To})
				case to == ingest.StatusResolved || (to == ingest.StatusClosed && !isDone(from)):
					resolvedAt, resolvedRow = cur.at, cur
				}
				if to == ingest.StatusClosed {
					closedAt, closedRow = cur.at, cur
				}
			case "group":
				if e.To != "" {
					if lastGroup != "" && e.To != lastGroup {
						reassigns++
					}
					lastGroup = e.To
				}
			}
		}
		now, prev = next, cur
	}
	final := carried(prev.fr, now)

	var created *time.Time
	for _, row := range rows {
		settleRecord(row.fr, a.times)
		for _, f := range []string{"opened_at", "sys_created_on"} {
			t, err := when(row.fr, a.times, f)
			if serr := a.stopped(row, f); serr != nil {
				return serr
			}
			if err == nil && t != nil && created == nil {
				created = t
			}
		}
		a.placeRow(row)
	}
	if first := rows[0]; created == nil && first.mod != nil && *first.mod == 0 {
		created = first.at
	}
	settleRecord(final, a.times)
	t, rej := buildTicket(final, a.times, created)
	a.placeRow(prev) // its times, read again for the ticket, or first (resolved_at, closed_at)
	// blame is the row a reject of the whole ticket is placed at: the last
	// row, or the row whose sys_updated_on gave a resolution or closing
	// time found before the ticket was opened.
	blame := prev
	fromHistory := map[string]*auditRow{}
	if rej == nil {
		t.Line, t.Raw = prev.line, prev.raw()
		if t.ResolvedAt == nil && isDone(t.Status) {
			t.ResolvedAt = resolvedAt
			fromHistory["resolved_at"] = resolvedRow
		}
		if t.ClosedAt == nil && t.Status == ingest.StatusClosed {
			t.ClosedAt = closedAt
			fromHistory["closed_at"] = closedRow
		}
		if len(rows) > 1 { // a single row shows no history to count
			t.ReopenCount = atLeast(t.ReopenCount, reopens)
			t.ReassignmentCount = atLeast(t.ReassignmentCount, reassigns)
		}
		if col, reason := t.Check(); reason != "" {
			rej = &ingest.Reject{Column: final.column(canonicalField(col)), Reason: reason}
			if row := fromHistory[col]; row != nil {
				blame = row
				rej.Column = row.fr.column("sys_updated_on")
			}
		}
	}
	if rej != nil {
		if err := a.times.StopAt(a.format, a.path, blame.line, rej.Column); err != nil {
			return err
		}
		rej.Line, rej.Raw = blame.line, blame.text()
		a.rejectedRows += int64(len(rows) - dropped) // the ticket's rows go with it
		return a.sink.Reject(*rej)
	}
	if err := a.sink.Ticket(t); err != nil {
		return err
	}
	for _, e := range events {
		e.Key = t.Key
		if err := a.sink.Event(e); err != nil {
			return err
		}
	}
	return nil
}

// place reads a row's position in its ticket's history; a row that
// cannot be placed is rejected (ok false).
func (a *auditReader) place(row *auditRow) (ok bool, err error) {
	for _, f := range []string{"sys_updated_by", "state", "assignment_group", "assigned_to", "priority"} {
		if _, verr := row.fr.value(f); verr != nil {
			return false, a.reject(row, f, verr.Error())
		}
	}
	mod, _ := row.fr.value("sys_mod_count")
	if mod != "" {
		n, perr := strconv.Atoi(strings.ReplaceAll(mod, ",", ""))
		if perr != nil || n < 0 {
			return false, a.reject(row, "sys_mod_count", fmt.Sprintf("cannot read %q as a count of updates", mod))
		}
		row.mod = &n
	}
	settleRecord(row.fr, a.times)
	at, terr := when(row.fr, a.times, "sys_updated_on")
	if terr != nil {
		return false, a.reject(row, "sys_updated_on", terr.Error())
	}
	row.at = at
	if row.mod == nil && row.at == nil {
		return false, a.reject(row, "sys_mod_count", "row has neither sys_mod_count nor sys_updated_on to put it in order")
	}
	return true, nil
}

// before orders updates by sys_mod_count, then sys_updated_on; rows that
// cannot be compared keep their file order.
func before(x, y *auditRow) bool {
	if x.mod != nil && y.mod != nil && *x.mod != *y.mod {
		return *x.mod < *y.mod
	}
	if x.at != nil && y.at != nil && !x.at.Equal(*y.at) {
		return x.at.Before(*y.at)
	}
	return false
}

// knownValue is a tracked field's value, and whether it is known.
type knownValue struct {
	v     string
	known bool
}

// known reads tracked field f of a history row. "?" is unknown, and so is
// no state or priority at all, since every ticket has both; an empty group
// or assignee ("" or "(empty)") is a value: the ticket has none.
func known(fr fieldReader, f string) knownValue {
	if fr.unknown(f) {
		return knownValue{}
	}
	v := valueOf(fr, f)
	if f == "state" {
		v = stateOf(fr)
	}
	if v == "" && (f == "state" || f == "priority") {
		return knownValue{}
	}
	return knownValue{v, true}
}

// carriedFields reads a ticket's last row, with the values carried over
// from earlier rows for the tracked fields the row leaves unknown.
type carriedFields struct {
	fieldReader
	vals map[string]string
}

func (c carriedFields) value(f string) (string, error) {
	if v, ok := c.vals[f]; ok {
		return v, nil
	}
	return c.fieldReader.value(f)
}

// carried is fr with the known values in now for the tracked fields fr
// leaves unknown.
func carried(fr fieldReader, now []knownValue) fieldReader {
	vals := map[string]string{}
	for i, tr := range tracked {
		if now[i].known && !known(fr, tr.field).known {
			vals[tr.field] = now[i].v
		}
	}
	if len(vals) == 0 {
		return fr
	}
	return carriedFields{fr, vals}
}

func valueOf(fr fieldReader, f string) string {
	v, _ := fr.value(f)
	return v
}

func isDone(status string) bool {
	return status == ingest.StatusResolved || status == ingest.StatusClosed
}

func atLeast(p *int, n int) *int {
	if p != nil && *p > n {
		return p
	}
	return &n
}
