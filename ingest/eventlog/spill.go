package eventlog

import (
	"container/heap"
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"strings"
	"sync/atomic"

	"github.com/lanes-dev/lanes/ingest"
	"github.com/lanes-dev/lanes/models/warehouse"
)

// A log that is a file on disk is held in memory only while it is small.
// Once what it holds passes spillAt, the rows go to the file's scratch
// database instead, so a log of any size loads within the memory cap
// (DuckDB spills what does not fit to its temp directory):
//
//  1. The rows held so far, and every row after them, read by the same Go
//     code as Read (scan), are appended to eventlog_rows: a case's good
//     events, the row that rejects a case, and rows that are no case's,
//     each with its line.
//  2. eventlog_sorted orders them by where their case starts (a row with
//     no case id starts its own), then by line.
//  3. The cases are read back a batch at a time, by ranges of that start,
//     and built, rejected or sent in line order exactly as Read would send
//     them: a rejected case is sent at the line that rejects it, which may
//     come after cases that start later, so rejects wait in a heap until
//     no earlier line can come.
//
// TestSpillMatchesReadOnFixtures and TestSpillMatchesReadOnMessyLogs hold
// both ways to the same output.

// spillAt is how much a log may hold in memory (as memory.held counts it)
// before its rows go to DuckDB; spillOff (tests) keeps them in memory,
// spillBatch is how many cases are read back at a time, and spilled counts
// the files grouped in DuckDB.
var (
	spillAt    int64 = 256 << 20
	spillOff   bool
	spillBatch = 50_000
	spilled    atomic.Int64
)

const spillSchema = `
create table %[1]s.eventlog_rows (
	line bigint not null, case_id varchar, activity integer, resource integer, grp integer,
	ts varchar, title varchar, col varchar, reason varchar, raw varchar,
	names varchar)  -- the row's three names as a JSON array, when they are not numbered`

const spillSort = `
create table %[1]s.eventlog_sorted as
with starts as (
	select case_id, min(line) as start from %[1]s.eventlog_rows where case_id is not null group by case_id)
select coalesce(s.start, r.line) as start, r.*
from %[1]s.eventlog_rows r left join starts s on r.case_id = s.case_id
order by 1, r.line`

// spillBounds lists the start of every spillBatch-th case.
const spillBounds = `
select start from (
	select start, row_number() over (order by start) as i
	from (select distinct start from %[1]s.eventlog_sorted))
where (i - 1) %% %[2]d = 0 order by start`

const spillRead = `
select start, line, case_id, activity, resource, grp, ts, title, col, reason, raw, names
from %[1]s.eventlog_sorted where start >= ? and start < ? order by start, line`

// ReadBulk implements ingest.BulkReader: a log on disk is read like Read
// reads it, until it holds more than spillAt; then its cases are grouped
// in the file's scratch database.
func (CSV) ReadBulk(ctx context.Context, b *ingest.Bulk) (bool, error) {
	if spillOff {
		return false, nil
	}
	l, err := openLog(b.Input)
	if err != nil {
		return true, err
	}
	defer l.watch.Stop()
	s := b.Scratch()
	q := func(stmt string, args ...any) string { return fmt.Sprintf(stmt, append([]any{s.Name}, args...)...) }
	if _, err := s.Exec(q(spillSchema)); err != nil {
		return true, err
	}
	sp := &spill{names: newNames()}
	h := &hybrid{m: newMemory(l), at: spillAt, sp: sp}
	err = s.Append(s.Name+".main.eventlog_rows", func(add func(...driver.Value) error) error {
		sp.appendRow = add
		return l.scan(ctx, h)
	})
	if err != nil {
		return true, err
	}
	if h.m != nil { // it all stayed in memory
		return true, b.Rows(func(sink ingest.Sink) error { return h.m.send(l, sink) })
	}
	spilled.Add(1)
	if _, err := s.Exec(q(spillSort)); err != nil {
		return true, fmt.Errorf("group the log's cases: %w", err)
	}
	if _, err := s.Exec(q("drop table %[1]s.eventlog_rows")); err != nil {
		return true, err
	}
	bounds, err := starts(s, q(spillBounds, spillBatch))
	if err != nil {
		return true, fmt.Errorf("group the log's cases: %w", err)
	}
	var waiting rejects
	for i, lo := range bounds {
		hi := int64(1<<63 - 1)
		if i+1 < len(bounds) {
			hi = bounds[i+1]
		}
		batch, err := l.readBatch(s, q(spillRead), lo, hi, sp.names, &waiting)
		if err != nil {
			return true, err
		}
		if err := b.Rows(batch.send); err != nil {
			return true, err
		}
	}
	var rest sendList
	for waiting.Len() > 0 {
		rest = append(rest, item{rej: heap.Pop(&waiting).(*ingest.Reject)})
	}
	if len(rest) > 0 {
		if err := b.Rows(rest.send); err != nil {
			return true, err
		}
	}
	// The rows are staged: their copy need not wait for the run's end.
	_, err = s.Exec(q("drop table %[1]s.eventlog_sorted"))
	return true, err
}

// RowsOnly implements ingest.RowsOnly: every ticket, event and reject goes
// through Bulk.Rows, so privacy.exclude_descriptions applies as in Read.
func (CSV) RowsOnly() {}

// hybrid holds the rows in memory until they pass at, then writes them,
// and every row after them, to eventlog_rows.
type hybrid struct {
	m  *memory // nil once spilling
	at int64
	sp *spill
}

func (h *hybrid) reject(rej ingest.Reject) error {
	if h.m == nil {
		return h.sp.reject(rej)
	}
	if err := h.m.reject(rej); err != nil {
		return err
	}
	return h.check()
}

func (h *hybrid) add(id string, line int64, title string, e *row, rej *ingest.Reject) error {
	if h.m == nil {
		return h.sp.add(id, line, title, e, rej)
	}
	if err := h.m.add(id, line, title, e, rej); err != nil {
		return err
	}
	return h.check()
}

// check starts spilling once the memory holds too much: what it holds is
// written out as scan would have written it. A case's title goes on its
// first row, where no earlier row of it can have had one.
func (h *hybrid) check() error {
	if h.m.held <= h.at && h.m.events < maxEvents {
		return nil
	}
	for _, p := range h.m.order {
		title := p.title
		for i := range p.rows {
			if err := h.sp.add(p.id, p.rows[i].line, title, &p.rows[i], nil); err != nil {
				return err
			}
			title = ""
		}
		if p.bad != nil {
			if err := h.sp.add(p.id, p.bad.Line, title, nil, p.bad); err != nil {
				return err
			}
		}
	}
	for _, rej := range h.m.rejects {
		if err := h.sp.reject(rej); err != nil {
			return err
		}
	}
	h.m = nil
	return nil
}

// names numbers the activities, resources and groups, which repeat on
// every row of a log: eventlog_rows holds their numbers, so the rows are
// smaller to write and to read back, and each name is one string in Go.
// It numbers up to maxNames names, so that a log of free-text names does
// not fill memory; a row with a name past that keeps its names as text.
type names struct {
	ids  map[string]int32
	list []string
}

// maxNames bounds the names numbered (tests lower it).
var maxNames = 1 << 20

func newNames() *names { return &names{ids: map[string]int32{"": 0}, list: []string{""}} }

// id numbers s, or says it cannot.
func (n *names) id(s string) (int32, bool) {
	if id, ok := n.ids[s]; ok {
		return id, true
	}
	if len(n.list) >= maxNames {
		return 0, false
	}
	id := int32(len(n.list))
	s = strings.Clone(s)
	n.ids[s] = id
	n.list = append(n.list, s)
	return id, true
}

// name returns the name numbered id.
func (n *names) name(id int32) string { return n.list[id] }

// spill appends the scanned rows to eventlog_rows.
type spill struct {
	appendRow func(...driver.Value) error
	names     *names
}

func (s *spill) reject(rej ingest.Reject) error {
	return s.appendRow(rej.Line, nil, nil, nil, nil, nil, nil, rej.Column, rej.Reason, rej.Raw, nil)
}

func (s *spill) add(id string, line int64, title string, e *row, rej *ingest.Reject) error {
	var t any
	if title != "" {
		t = title
	}
	switch {
	case rej != nil:
		return s.appendRow(line, id, nil, nil, nil, nil, t, rej.Column, rej.Reason, rej.Raw, nil)
	case e != nil:
		a, okA := s.names.id(e.activity)
		r, okR := s.names.id(e.resource)
		g, okG := s.names.id(e.group)
		var raw any
		if e.raw != "" {
			raw = e.raw
		}
		if okA && okR && okG {
			return s.appendRow(line, id, a, r, g, e.ts, t, nil, nil, raw, nil)
		}
		text, err := json.Marshal([3]string{e.activity, e.resource, e.group})
		if err != nil {
			return err
		}
		return s.appendRow(line, id, nil, nil, nil, e.ts, t, nil, nil, raw, string(text))
	}
	// A row of a case already rejected: only its title could matter, and
	// a rejected case has none.
	return nil
}

func starts(s *warehouse.Scratch, query string) ([]int64, error) {
	rows, err := s.Query(query)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var v int64
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// rejects is a min-heap of rejects by line.
type rejects []*ingest.Reject

func (h rejects) Len() int           { return len(h) }
func (h rejects) Less(i, j int) bool { return h[i].Line < h[j].Line }
func (h rejects) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *rejects) Push(x any)        { *h = append(*h, x.(*ingest.Reject)) }
func (h *rejects) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// readBatch reads the cases starting in [lo, hi) and returns what to send
// for them: every case that loads, each after the waiting rejects on lines
// before its start. Rejects go to waiting.
func (l *log) readBatch(s *warehouse.Scratch, query string, lo, hi int64, names *names, waiting *rejects) (sendList, error) {
	rows, err := s.Query(query, lo, hi)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var (
		out   sendList
		cur   int64 = -1 // the case being read, by its start
		id    string
		title string
		evs   []row
		bad   *ingest.Reject
	)
	finish := func() {
		if cur < 0 {
			return
		}
		if bad == nil {
			var c *Case
			if c, bad = l.build(id, title, cur, evs); bad == nil {
				for waiting.Len() > 0 && (*waiting)[0].Line < cur {
					out = append(out, item{rej: heap.Pop(waiting).(*ingest.Reject)})
				}
				out = append(out, item{c: c})
			}
		}
		if bad != nil {
			heap.Push(waiting, bad)
		}
		id, title, evs, bad = "", "", evs[:0], nil
	}
	for rows.Next() {
		var (
			start, line                               int64
			activity, resource, grp                   sql.NullInt32
			caseID, ts, t, col, reason, rawText, text sql.NullString
		)
		if err := rows.Scan(&start, &line, &caseID, &activity, &resource, &grp, &ts, &t, &col, &reason, &rawText, &text); err != nil {
			return nil, err
		}
		if start != cur {
			finish()
			cur, id = start, caseID.String
		}
		if title == "" {
			title = t.String
		}
		switch {
		case !caseID.Valid: // a row that is no case's
			bad = &ingest.Reject{Line: line, Column: col.String, Reason: reason.String, Raw: rawText.String}
		case reason.Valid:
			if bad == nil {
				bad = &ingest.Reject{Line: line, Column: col.String, Reason: reason.String, Raw: rawText.String}
			}
		default:
			e := row{activity: names.name(activity.Int32), resource: names.name(resource.Int32),
				group: names.name(grp.Int32), ts: ts.String, raw: rawText.String, line: line}
			if text.Valid {
				var n [3]string
				if err := json.Unmarshal([]byte(text.String), &n); err != nil {
					return nil, err
				}
				e.activity, e.resource, e.group = n[0], n[1], n[2]
			}
			evs = append(evs, e)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	finish()
	return out, nil
}
