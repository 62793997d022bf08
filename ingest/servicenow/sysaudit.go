package servicenow

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/lanes-dev/lanes/ingest"
	"github.com/lanes-dev/lanes/ingest/csvfile"
)

// The sys_audit shape: ServiceNow's audit table exported as CSV (a list
// export of sys_audit), one row per changed field, with the columns
// documentkey (the sys_id of the record that changed), tablename,
// fieldname, oldvalue, newvalue, user, sys_created_on (when) and
// record_checkpoint (the record's update count after the change), under
// field names or their labels ("Document key", "Field name", ...).
//
// Such a file says nothing of a ticket's title, opening or current state
// beyond the fields it audits, so it gives events only, no tickets: status
// (state), group (assignment_group), assignee (assigned_to) and priority
// changes, and a reopen when the state goes from a resolved or closed state
// back to an open one, the same events the history shape gives. Events of
// one record are ordered by record_checkpoint, then sys_created_on, then
// file order. Rows with record_checkpoint 0 hold the values the record was
// created with and give no event (as the first row of the history shape),
// rows for other fields are counted as skipped.
//
// Events are keyed by the record's number when the file has it (the
// sys_audit row of the number field, written when ServiceNow audits the
// insert), so they join the tickets of an incident export of the same
// records already loaded or loaded later (the warehouse keeps an export's
// events that have no ticket in the same file with the ticket of that
// key). Without one they are keyed by the sys_id, and stay apart from the
// ticket until an export maps it; export sys_audit with the inserts (or
// filter it to include fieldname=number rows) to link them.
//
// sys_audit stores internal values: states and priorities as numbers,
// which read as ServiceNow's default labels (for incident: 1 New, 2 In
// Progress, 3 On Hold, 6 Resolved, 7 Closed, 8 Canceled; for other task
// tables the task states), and references (assignment_group, assigned_to)
// as sys_ids, which are kept as they are: sys_audit has no display value
// for them. sys_created_on is read like every other date of the export:
// in the exporting user's format and the source's time zone.
//
// The whole file is held in memory to group each record's rows (sys_audit
// lists changes by time, not by record), up to the audit limits.

// sysAuditFields are the columns that make a CSV header the sys_audit
// shape.
var sysAuditFields = []string{"documentkey", "fieldname", "newvalue"}

// isSysAudit reports whether the header is the sys_audit shape.
func isSysAudit(m *mapper) bool {
	for _, f := range sysAuditFields {
		if m.index(f) < 0 {
			return false
		}
	}
	return true
}

// sysAuditKinds maps an audited field to the kind of event its change is.
var sysAuditKinds = map[string]string{"state": "status", "assignment_group": "group", "assigned_to": "assignee", "priority": "priority"}

// incidentStates and taskStates are ServiceNow's default state choices;
// priorities its default priority choices.
var (
	incidentStates = map[string]string{"1": "New", "2": "In Progress", "3": "On Hold", "6": "Resolved", "7": "Closed", "8": "Canceled"}
	taskStates     = map[string]string{"-5": "Pending", "1": "Open", "2": "Work in Progress", "3": "Closed Complete", "4": "Closed Incomplete", "7": "Closed Skipped"}
	priorities     = map[string]string{"1": "1 - Critical", "2": "2 - High", "3": "3 - Moderate", "4": "4 - Low", "5": "5 - Planning"}
)

// sysAuditLabel turns an internal value into the label it stands for.
func sysAuditLabel(table, field, v string) string {
	var labels map[string]string
	switch field {
	case "state":
		labels = taskStates
		if table == "" || table == "incident" {
			labels = incidentStates
		}
	case "priority":
		labels = priorities
	}
	if l, ok := labels[v]; ok {
		return l
	}
	return v
}

// sysAuditRow is one changed field; its auditRow's mod is the
// record_checkpoint.
type sysAuditRow struct {
	auditRow
	table, field, old, new string
	user, when             string
	badCheckpoint          string // a record_checkpoint that is not a count
}

type sysAuditDoc struct {
	id, number string
	rows       []*sysAuditRow
	first      int64 // line of the record's first row
}

// newSysAuditRow is the row of CSV record rec.
func newSysAuditRow(m *mapper, rec csvfile.Record) *sysAuditRow {
	fr := csvFields{m, rec}
	row := &sysAuditRow{auditRow: auditRow{line: rec.Line, fr: fr, text: rec.Text, fields: rec.Fields},
		table: strings.ToLower(valueOf(fr, "tablename")), field: strings.ToLower(valueOf(fr, "fieldname")),
		old: valueOf(fr, "oldvalue"), new: valueOf(fr, "newvalue"), user: valueOf(fr, "user"), when: valueOf(fr, "sys_created_on")}
	if cp := valueOf(fr, "record_checkpoint"); cp != "" {
		v, err := strconv.Atoi(strings.ReplaceAll(cp, ",", ""))
		if err != nil || v < 0 {
			row.badCheckpoint = cp
		} else {
			row.mod = &v
		}
	}
	return row
}

// readSysAudit reads a sys_audit export (see above) into events.
func (a *auditReader) readSysAudit(ctx context.Context, r *csvfile.Reader, m *mapper) error {
	docs := map[string]*sysAuditDoc{}
	var order []*sysAuditDoc
	var rows int
	var size int64
	err := r.Each(ctx, a.sink.Reject, func(rec csvfile.Record) error {
		rows++
		size += recordSize(rec)
		if !a.spilling && (rows > maxAuditRows || size > maxAuditBytes || (spillEarly && a.spill != nil)) {
			if a.spill == nil {
				return r.Errorf(rec.Line, "", "more than %d rows (or %d MiB) of sys_audit, and the file could not be copied to disk to group them there (a file in an archive goes to the temporary folder, TMPDIR, first): extract it, or export it in parts (filter by sys_created_on)", maxAuditRows, maxAuditBytes>>20)
			}
			if err := a.spillSysAudit(order); err != nil {
				return err
			}
		}
		row := newSysAuditRow(m, rec)
		fr := row.fr
		id := valueOf(fr, "documentkey")
		if id == "" {
			return a.reject(&row.auditRow, "documentkey", "row has no documentkey: which record changed is unknown")
		}
		if row.badCheckpoint != "" {
			return a.reject(&row.auditRow, "record_checkpoint", fmt.Sprintf("cannot read %q as a count of updates", row.badCheckpoint))
		}
		d := docs[id]
		if d == nil {
			d = &sysAuditDoc{id: id, first: row.line}
			docs[id] = d
			if a.spilling {
				if err := a.spill.put(id, row.line, nil, ""); err != nil {
					return err
				}
			} else {
				order = append(order, d)
			}
		}
		if row.field == "number" {
			if row.new != "" {
				d.number = row.new
			}
			return ingest.Skip(a.sink, row.line, "sys_audit row that gives the record's number")
		}
		if _, ok := sysAuditKinds[row.field]; !ok {
			return ingest.Skip(a.sink, row.line, "sys_audit change to a field lanes does not track")
		}
		if row.when != "" && a.times.NeedMore() {
			a.times.Place(row.line, func(string) string { return fr.column("sys_created_on") })
			a.times.Observe(row.when)
		}
		if a.spilling {
			return a.spill.put(id, row.line, row.fields, "")
		}
		d.rows = append(d.rows, row)
		return nil
	})
	if err != nil {
		return err
	}
	if err := a.times.Decide(); err != nil {
		return &ingest.FileError{Format: a.format, Path: a.path, Err: err}
	}
	a.decided = true
	if a.spilling {
		a.replaySysAudit(m, docs)
		return nil
	}
	for _, d := range order {
		if err := a.flushSysAudit(d); err != nil {
			return err
		}
	}
	return nil
}

// spillSysAudit sends the rows held so far, and from now on every row
// kept, to the scratch database (spill.go). Each record gets a row with
// no values at its first line, so the records come back in the order of
// their first rows, as they are flushed in memory, even when that row
// itself was not kept (it gave the number, say).
func (a *auditReader) spillSysAudit(order []*sysAuditDoc) error {
	spilled.Add(1)
	a.spilling = true
	for _, d := range order {
		if err := a.spill.put(d.id, d.first, nil, ""); err != nil {
			return err
		}
		for _, row := range d.rows {
			if err := a.spill.put(d.id, row.line, row.fields, ""); err != nil {
				return err
			}
		}
		d.rows = nil
	}
	return nil
}

// replaySysAudit sets how the spilled rows are read back: a record's rows
// together, flushed as the next record starts.
func (a *auditReader) replaySysAudit(m *mapper, docs map[string]*sysAuditDoc) {
	var cur *sysAuditDoc
	a.replayRow = func(r spilledRow) error {
		if cur == nil || cur.id != r.key {
			if cur != nil {
				if err := a.flushSysAudit(cur); err != nil {
					return err
				}
			}
			cur = docs[r.key]
		}
		if r.fields != nil {
			cur.rows = append(cur.rows, newSysAuditRow(m, csvfile.Record{Line: r.line, Fields: r.fields}))
		}
		return nil
	}
	a.replayEnd = func() error {
		if cur == nil {
			return nil
		}
		return a.flushSysAudit(cur)
	}
}

// flushSysAudit turns one record's changes into events.
func (a *auditReader) flushSysAudit(d *sysAuditDoc) error {
	key := d.id
	if d.number != "" {
		key = d.number
	}
	rows := make([]*sysAuditRow, 0, len(d.rows))
	for _, row := range d.rows {
		if row.mod != nil && *row.mod == 0 {
			if err := ingest.Skip(a.sink, row.line, "sys_audit value the record was created with"); err != nil {
				return err
			}
			continue
		}
		if row.when == "" {
			if err := a.reject(&row.auditRow, "sys_created_on", "change has no sys_created_on time to place it"); err != nil {
				return err
			}
			continue
		}
		at, err := a.times.Parse(row.when)
		if err != nil {
			if err := a.reject(&row.auditRow, "sys_created_on", err.Error()); err != nil {
				return err
			}
			continue
		}
		row.at = &at
		rows = append(rows, row)
	}
	d.rows = nil
	sort.SliceStable(rows, func(i, j int) bool { return before(&rows[i].auditRow, &rows[j].auditRow) })
	for _, row := range rows {
		from, to := sysAuditLabel(row.table, row.field, row.old), sysAuditLabel(row.table, row.field, row.new)
		if from == to {
			if err := ingest.Skip(a.sink, row.line, "sys_audit row whose old and new values are the same"); err != nil {
				return err
			}
			continue
		}
		e := &ingest.Event{Key: key, At: *row.at, Kind: sysAuditKinds[row.field], Actor: row.user, From: from, To: to}
		if err := a.sink.Event(e); err != nil {
			return err
		}
		if e.Kind != "status" {
			continue
		}
		if f, t := ingest.NormalizeStatus(from), ingest.NormalizeStatus(to); from != "" && to != "" && isDone(f) && !isDone(t) && t != ingest.StatusCanceled {
			if err := a.sink.Event(&ingest.Event{Key: key, At: *row.at, Kind: "reopen", Actor: row.user, From: from, To: to}); err != nil {
				return err
			}
		}
	}
	return nil
}
