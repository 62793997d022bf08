package servicenow

import (
	"context"
	"encoding/binary"
	"fmt"
	"sync/atomic"

	"github.com/lanes-dev/lanes/ingest"
	"github.com/lanes-dev/lanes/models/warehouse"
)

// A history whose tickets' rows are not together (an export sorted by
// update time, say) has to be grouped before a ticket can be built. The
// rows are held in memory up to maxAuditRows and maxAuditBytes; past that,
// when the file is a plain file on disk (ReadBulk), they go to the file's
// scratch database instead, where DuckDB sorts them within its memory
// limit (spilling to its temp directory), and are read back one ticket
// after another:
//
//  1. Each row that Read would group is appended to audit_rows with its
//     ticket's number and its line. Rows held in memory so far go first.
//  2. The rows are read back ordered by the line of their ticket's first
//     row, then their own line: ticket by ticket, in the order of their
//     first rows, as Read builds them. Each ticket is built as soon as
//     the next one starts, as for a file sorted by number.
//
// Rejects and skips are sent as the rows are read, as Read sends them, and
// tickets come in the same order, so a spilled file loads exactly as it
// would in memory (TestAuditSpillMatchesMemory). sys_audit (sysaudit.go)
// goes the same way, its rows keyed by documentkey; a row with no values
// marks the line where each record's rows start, since that first row
// (the one giving the number, say) is often not kept.

// spilled counts the files grouped in DuckDB; spillEarly (tests) spills
// from the first row, whatever the limits.
var (
	spilled    atomic.Int64
	spillEarly bool
)

const auditSpillTable = `create table %s (
	number varchar not null,  -- or a sys_audit documentkey
	line bigint not null,
	fields blob,            -- a CSV record's values (packFields)
	record varchar)         -- or a JSON record's members, as JSON`

// auditSpill is audit_rows in the file's scratch database.
type auditSpill struct {
	s     *warehouse.Scratch
	table string
	add   warehouse.AppendFunc // set while the file is read
}

// put appends one row.
func (sp *auditSpill) put(number string, line int64, fields []string, record string) error {
	var f, r any
	if fields != nil {
		f = packFields(fields)
	} else {
		r = record
	}
	return sp.add(number, line, f, r)
}

// packFields writes a record's values as one blob, each value's length
// (a uvarint) and then its bytes: cheaper to append and read back than a
// list, and any byte may be in a value.
func packFields(fields []string) []byte {
	n := 0
	for _, f := range fields {
		n += binary.MaxVarintLen32 + len(f)
	}
	b := make([]byte, 0, n)
	for _, f := range fields {
		b = binary.AppendUvarint(b, uint64(len(f)))
		b = append(b, f...)
	}
	return b
}

// unpackFields reads what packFields wrote.
func unpackFields(b []byte) ([]string, error) {
	fields := []string{}
	for len(b) > 0 {
		n, k := binary.Uvarint(b)
		if k <= 0 || n > uint64(len(b)-k) {
			return nil, fmt.Errorf("read back a spilled row: bad length")
		}
		fields = append(fields, string(b[k:k+int(n)]))
		b = b[k+int(n):]
	}
	return fields, nil
}

// spillBatch is how many rows are read back at a time (tests lower it).
var spillBatch = 20_000

// spilledRow is a row read back; fields nil and record "" when it only
// marks where a sys_audit record's rows start.
type spilledRow struct {
	key    string // the ticket's number, or the sys_audit documentkey
	line   int64
	fields []string
	record string
}

// ReadBulk implements ingest.BulkReader: the file is read as Read reads
// it, with the scratch database to group a history too large for memory.
func (AuditConnector) ReadBulk(ctx context.Context, b *ingest.Bulk) (bool, error) {
	s := b.Scratch()
	sp := &auditSpill{s: s, table: s.Name + ".main.audit_rows"}
	sorted := s.Name + ".main.audit_sorted"
	if _, err := s.Exec(fmt.Sprintf(auditSpillTable, sp.table)); err != nil {
		return true, err
	}
	var a *auditReader
	err := b.RowsAppending([]string{sp.table}, func(sink ingest.Sink, apps map[string]warehouse.AppendFunc) error {
		sp.add = apps[sp.table]
		var err error
		a, err = readAudit(ctx, b.Input, sink, sp)
		return err
	})
	if err != nil {
		return true, err
	}
	if !a.spilling { // it all fitted in memory, or was sorted
		_, err = s.Exec("drop table " + sp.table)
		return true, err
	}
	// Ticket by ticket in the order of their first rows, each ticket's
	// rows in file order; i numbers them so.
	if _, err := s.Exec(fmt.Sprintf(`
		create table %[2]s as
		with starts as (select number, min(line) as start from %[1]s group by number)
		select row_number() over (order by s.start, r.line) as i, r.number, r.line, r.fields, r.record
		from %[1]s r join starts s using (number)
		order by i`, sp.table, sorted)); err != nil {
		return true, fmt.Errorf("group the history's rows: %w", err)
	}
	var n int64
	if err := s.QueryRow("select count(*) from " + sorted).Scan(&n); err != nil {
		return true, err
	}
	if _, err := s.Exec("drop table " + sp.table); err != nil {
		return true, err
	}
	for lo := int64(1); lo <= n; lo += int64(spillBatch) {
		rows, err := readSpilled(ctx, s, sorted, lo, lo+int64(spillBatch))
		if err != nil {
			return true, err
		}
		// A ticket whose rows run past the batch is built in the next one,
		// when its successor starts.
		err = b.Rows(func(sink ingest.Sink) error {
			a.sink = sink
			for _, r := range rows {
				if err := a.replayRow(r); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return true, err
		}
	}
	if err := b.Rows(func(sink ingest.Sink) error { a.sink = sink; return a.replayEnd() }); err != nil {
		return true, err
	}
	_, err = s.Exec("drop table " + sorted)
	return true, err
}

// readSpilled reads the sorted rows numbered lo to hi-1.
func readSpilled(ctx context.Context, s *warehouse.Scratch, table string, lo, hi int64) ([]spilledRow, error) {
	rows, err := s.Query("select number, line, fields, record from "+table+" where i >= ? and i < ? order by i", lo, hi)
	if err != nil {
		return nil, fmt.Errorf("read back the history's rows: %w", err)
	}
	defer rows.Close()
	var out []spilledRow
	for rows.Next() {
		if len(out)%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		var r spilledRow
		var packed []byte
		var record *string
		if err := rows.Scan(&r.key, &r.line, &packed, &record); err != nil {
			return nil, err
		}
		if packed != nil {
			var err error
			if r.fields, err = unpackFields(packed); err != nil {
				return nil, err
			}
		}
		if record != nil {
			r.record = *record
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// RowsOnly implements ingest.RowsOnly: every ticket, event and reject goes
// through Bulk.Rows, so privacy.exclude_descriptions applies as in Read.
func (AuditConnector) RowsOnly() {}
