package csvfile

import (
	"context"
	"errors"
	"io"
	"strings"

	"github.com/lanes-dev/lanes/ingest"
	"github.com/lanes-dev/lanes/models/config"
)

// Sampling bounds for timestamp layout detection: at least this many
// records, more while the dates stay ambiguous, never more than the maxima.
const (
	sampleMinRecords = 200
	sampleMaxRecords = 20000
	sampleMaxBytes   = 64 << 20
)

// Mapper turns the records of one file into canonical tickets.
type Mapper interface {
	// Times passes each timestamp value of rec to observe, so the file's
	// date layout can be detected before any row is mapped.
	Times(rec Record, observe func(value string))
	// Map builds the ticket for rec and its comments. A value that cannot be
	// read gives a reject with Column and Reason set (Stream fills in the
	// line and raw text).
	Map(rec Record, times *ingest.TimeParser) (*ingest.Ticket, []*ingest.Comment, *ingest.Reject)
	// Column names the file's column for a canonical field ("created_at"),
	// for rejects found after mapping; "" when the file has none.
	Column(field string) string
}

// NewMapper builds a Mapper for a file from its header and the configured
// source. Its error (a column the mapping names is missing, say) stops the
// file; Stream adds the format and file name.
type NewMapper func(h *Header, src config.Source) (Mapper, error)

// Stream reads in as CSV and sends its tickets, comments and rejects to
// sink in file order. format names the connector in messages ("jira csv").
func Stream(ctx context.Context, format string, in *ingest.Input, sink ingest.Sink, newMapper NewMapper) error {
	return StreamOptions(ctx, format, in, sink, newMapper, Options{})
}

// StreamOptions is Stream with reader options.
func StreamOptions(ctx context.Context, format string, in *ingest.Input, sink ingest.Sink, newMapper NewMapper, opts Options) error {
	r, err := Open(format, in, opts)
	if err != nil {
		return err
	}
	m, err := newMapper(r.Header(), in.Source)
	if err != nil {
		return r.Errorf(0, "", "%w", err)
	}
	times, err := ingest.NewSourceTimeParser(in.Source, in.Location, true)
	if err != nil {
		return r.Errorf(0, "", "%w", err)
	}
	err = r.Prefetch(sampleMinRecords, sampleMaxRecords, sampleMaxBytes, func(rec Record) bool {
		times.Place(rec.Line, func(v string) string { return cellOf(r.Header(), rec, v) })
		m.Times(rec, times.Observe)
		return times.NeedMore()
	})
	if err != nil {
		return err
	}
	if err := times.Decide(); err != nil {
		return r.Errorf(0, "", "%w", err)
	}
	return r.Each(ctx, sink.Reject, func(rec Record) error {
		return Emit(m, rec, times, sink, format, in.Path)
	})
}

// cellOf names the column of rec that holds v, a date its Mapper's Times
// gave: the first cell that is v, else the first that holds it (a Jira
// comment's date); "" when none does.
func cellOf(h *Header, rec Record, v string) string {
	v = strings.TrimSpace(v)
	for i, f := range rec.Fields {
		if strings.TrimSpace(f) == v {
			return h.Name(i)
		}
	}
	for i, f := range rec.Fields {
		if strings.Contains(f, v) {
			return h.Name(i)
		}
	}
	return ""
}

// Emit maps one record with m and sends the ticket and its comments, or
// the reject, to sink. A date that could be day-first or month-first, with
// no date before it or in its record to settle which, stops the file
// (format's path) at the record's line and the reject's column.
func Emit(m Mapper, rec Record, times *ingest.TimeParser, sink ingest.Sink, format, path string) error {
	times.SettleRecord(func(see func(string)) { m.Times(rec, see) })
	t, comments, rej := m.Map(rec, times)
	if err := times.StopAt(format, path, rec.Line, ingest.RejectColumn(rej)); err != nil {
		return err
	}
	if rej == nil {
		t.Line = rec.Line
		if col, reason := t.Check(); reason != "" {
			if c := m.Column(col); c != "" {
				col = c
			}
			rej = &ingest.Reject{Column: col, Reason: reason}
		}
	}
	if rej != nil {
		rej.Line, rej.Raw = rec.Line, rec.Text()
		return sink.Reject(*rej)
	}
	if err := sink.Ticket(t); err != nil {
		return err
	}
	for _, c := range comments {
		c.Key = t.Key
		if err := sink.Comment(c); err != nil {
			return err
		}
	}
	return nil
}

// Each calls fn with every record of r in file order, and reject with every
// row r cannot read as CSV, checking ctx every 1024 rows. It returns nil at
// the end of the file, or the first error: ctx's, the reader's, or one that
// fn or reject returns.
func (r *Reader) Each(ctx context.Context, reject func(ingest.Reject) error, fn func(Record) error) error {
	for n := 0; ; n++ {
		if n%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		rec, rej, err := r.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		if rej != nil {
			err = reject(*rej)
		} else {
			err = fn(rec)
		}
		if err != nil {
			return err
		}
	}
}
