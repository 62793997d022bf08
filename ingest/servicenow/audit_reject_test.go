package servicenow

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/ingest"
	"github.com/lanes-dev/lanes/ingest/ingesttest"
	"github.com/lanes-dev/lanes/models/config"
	"github.com/lanes-dev/lanes/models/warehouse"
)

// TestHistoryResolvedBeforeOpenedNamesUpdate: a history whose file has no
// resolved_at or closed_at takes them from the update that resolved or
// closed the ticket. When that update's sys_updated_on is before
// opened_at, the ticket is rejected under sys_updated_on, the column that
// holds the earlier time, at that update's line (counted by hand: the
// header is line 1), not under a resolved_at the file does not have.
func TestHistoryResolvedBeforeOpenedNamesUpdate(t *testing.T) {
	in := "number,sys_mod_count,sys_updated_on,sys_updated_by,state,assignment_group,opened_at\n" +
		// line 2, 3: resolved on 03-01, opened on 03-02.
		"INC3,0,2026-03-02 10:00:00,ann,New,Desk,2026-03-02 10:00:00\n" +
		"INC3,1,2026-03-01 10:00:00,ann,Resolved,Desk,2026-03-02 10:00:00\n" +
		// line 4-6: resolved on line 5 (03-01), then moved to another
		// group while resolved (line 6, 03-06): the resolution stays line 5's.
		"INC5,0,2026-03-05 10:00:00,ann,New,Desk,2026-03-05 10:00:00\n" +
		"INC5,1,2026-03-01 10:00:00,bob,Resolved,Desk,2026-03-05 10:00:00\n" +
		"INC5,2,2026-03-06 10:00:00,bob,Resolved,Network,2026-03-05 10:00:00\n" +
		// line 7, 8: closed on 03-01, opened 03-02: resolved_at is the
		// closing too, and is checked first.
		"INC6,0,2026-03-02 10:00:00,ann,New,Desk,2026-03-02 10:00:00\n" +
		"INC6,1,2026-03-01 09:00:00,ann,Closed,Desk,2026-03-02 10:00:00\n" +
		// line 9: loads.
		"INC7,0,2026-03-02 10:00:00,ann,New,Desk,2026-03-02 10:00:00\n"
	sink, err := ingesttest.Read(context.Background(), AuditConnector{}, "history.csv", []byte(in), config.Source{})
	require.NoError(t, err)
	var got []ingest.Reject
	for _, r := range sink.Rejects {
		r.Raw = ""
		got = append(got, r)
	}
	assert.Equal(t, []ingest.Reject{
		{Line: 3, Column: "sys_updated_on", Reason: "resolved (2026-03-01T10:00:00Z) before it was created (2026-03-02T10:00:00Z)"},
		{Line: 5, Column: "sys_updated_on", Reason: "resolved (2026-03-01T10:00:00Z) before it was created (2026-03-05T10:00:00Z)"},
		{Line: 8, Column: "sys_updated_on", Reason: "resolved (2026-03-01T09:00:00Z) before it was created (2026-03-02T10:00:00Z)"},
	}, got)
	require.Len(t, sink.Rejects, 3)
	assert.Equal(t, "INC5,1,2026-03-01 10:00:00,bob,Resolved,Desk,2026-03-05 10:00:00", sink.Rejects[1].Raw, "the raw text is the update's")
	require.Len(t, sink.Tickets, 1)
	assert.Equal(t, "INC7", sink.Tickets[0].Key)
}

// history100 is a history of five incidents, INC0 to INC4, of twenty
// updates each (sys_mod_count 0 to 19, one minute apart, New then In
// Progress): 100 rows on lines 2 to 101. edit may change a row's
// sys_updated_on and state.
func history100(edit func(inc, mod int) (at, state string, ok bool)) string {
	var b strings.Builder
	b.WriteString("number,sys_mod_count,sys_updated_on,sys_updated_by,state,opened_at\n")
	for inc := range 5 {
		for mod := range 20 {
			at, state := fmt.Sprintf("2026-03-0%d 09:%02d:00", inc+1, mod), "In Progress"
			if mod == 0 {
				state = "New"
			}
			if edit != nil {
				if a, s, ok := edit(inc, mod); ok {
					at, state = a, s
				}
			}
			fmt.Fprintf(&b, "INC%d,%d,%s,ann,%s,2026-03-0%d 09:00:00\n", inc, mod, at, state, inc+1)
		}
	}
	return b.String()
}

// TestHistoryRejectLimitCountsRows: --max-reject-pct compares a history's
// rejected rows with its rows, not with its incidents. One unreadable
// update in 100 rows is 1%, under the default 5: the run loads, the row is
// rejected and its incident loads from its other 19 rows. rows in (per
// incident, plus the reject) = loaded + rejected + merged still holds:
// 6 = 5 + 1 + 0. An incident rejected whole (its last update resolves it
// before it was opened) takes its 20 rows with it: 20 of 100, 20%, fails
// the run. Both with the rows grouped in memory and in DuckDB.
func TestHistoryRejectLimitCountsRows(t *testing.T) {
	for _, early := range []bool{false, true} {
		t.Run(fmt.Sprintf("spill=%v", early), func(t *testing.T) {
			spillEarly = early
			defer func() { spillEarly = false }()
			ctx := context.Background()
			cfg := config.Default()

			// INC2's update 7 is line 2 + 2*20 + 7 = 49.
			bad := writeFile(t, "pct.csv", []byte(history100(func(inc, mod int) (string, string, bool) {
				return "garbage", "In Progress", inc == 2 && mod == 7
			})))
			wh, err := warehouse.Open(ctx, ":memory:", warehouse.Options{})
			require.NoError(t, err)
			defer wh.Close()
			sum, err := ingest.Run(ctx, wh, cfg, ingest.Options{Paths: []string{bad}, Format: AuditName, MaxRejectPct: 5})
			require.NoError(t, err)
			require.Len(t, sum.Files, 1)
			f := sum.Files[0]
			assert.Equal(t, [4]int64{6, 5, 1, 0}, [4]int64{f.RowsIn, f.Loaded, f.Rejected, f.Merged}, "rows in, loaded, rejected, merged")
			require.Len(t, f.Rejects, 1)
			assert.Equal(t, int64(49), f.Rejects[0].Line)
			assert.Equal(t, "sys_updated_on", f.Rejects[0].Column)
			var got []string
			rows, err := wh.Query(ctx, `select source_key || ' ' || status || ' ' || strftime(updated_at, '%Y-%m-%d %H:%M') from tickets
				union all select 'run ' || rows_in || ' ' || loaded || ' ' || rejected || ' ' || merged from ingest_runs order by 1`)
			require.NoError(t, err)
			for rows.Next() {
				var s string
				require.NoError(t, rows.Scan(&s))
				got = append(got, s)
			}
			require.NoError(t, rows.Err())
			require.NoError(t, rows.Close())
			assert.Equal(t, []string{
				"INC0 in_progress 2026-03-01 09:19", "INC1 in_progress 2026-03-02 09:19", "INC2 in_progress 2026-03-03 09:19",
				"INC3 in_progress 2026-03-04 09:19", "INC4 in_progress 2026-03-05 09:19", "run 6 5 1 0",
			}, got)

			// INC3's last update resolves it on 03-01, before it was opened
			// on 03-04.
			whole := writeFile(t, "whole.csv", []byte(history100(func(inc, mod int) (string, string, bool) {
				return "2026-03-01 10:00:00", "Resolved", inc == 3 && mod == 19
			})))
			_, err = ingest.Run(ctx, wh, cfg, ingest.Options{Paths: []string{whole}, Format: AuditName, MaxRejectPct: 5})
			require.Error(t, err)
			assert.Contains(t, err.Error(), "whole.csv: 20 of 100 rows rejected (20.0%), more than --max-reject-pct 5; nothing was written")
			// Line 2 + 3*20 + 19 = 81.
			assert.Contains(t, err.Error(), `whole.csv line 81 column "sys_updated_on": resolved (2026-03-01T10:00:00Z) before it was created (2026-03-04T09:00:00Z)`)
		})
	}
}

// rowSink counts what ingest.CountFileRows tells it.
type rowSink struct {
	ingesttest.Sink
	rows, rejected int64
}

func (s *rowSink) FileRows(rows, rejected int64) { s.rows += rows; s.rejected += rejected }

// TestHistoryFileRows: every row of a history counts once in the file's
// rows, and a rejected one once in its rejected rows, however it is
// rejected; a ticket rejected whole adds its rows not rejected already.
// By hand: 8 rows; line 4 (a date that cannot be read), line 5 (no
// number), line 6 (too few fields), line 8 (a change with no time) are
// rejected alone; INC3 is rejected whole at line 9 (resolved before it was
// opened), which adds lines 7 and 9: 6 rejected rows, in 5 rejects.
func TestHistoryFileRows(t *testing.T) {
	in := "number,sys_mod_count,sys_updated_on,state,opened_at\n" +
		"INC1,0,2026-03-02 10:00:00,New,2026-03-02 10:00:00\n" +
		"INC1,1,2026-03-02 11:00:00,In Progress,2026-03-02 10:00:00\n" +
		"INC1,2,garbage,In Progress,2026-03-02 10:00:00\n" +
		",0,2026-03-02 10:00:00,New,2026-03-02 10:00:00\n" +
		"INC2,0,2026-03-02 10:00:00,New\n" +
		"INC3,0,2026-03-05 10:00:00,New,2026-03-05 10:00:00\n" +
		"INC3,1,,In Progress,2026-03-05 10:00:00\n" +
		"INC3,2,2026-03-01 10:00:00,Resolved,2026-03-05 10:00:00\n"
	sink := &rowSink{}
	require.NoError(t, AuditConnector{}.Read(context.Background(), &ingest.Input{Path: "h.csv", Reader: strings.NewReader(in)}, sink))
	assert.Equal(t, int64(8), sink.rows)
	assert.Equal(t, int64(6), sink.rejected)
	var lines []int64
	for _, r := range sink.Rejects {
		lines = append(lines, r.Line)
	}
	slices.Sort(lines) // rows that cannot be filed under a ticket are rejected as read, the others as their ticket is built
	assert.Equal(t, []int64{4, 5, 6, 8, 9}, lines)
	require.Len(t, sink.Tickets, 1)
	assert.Equal(t, "INC1", sink.Tickets[0].Key)
}

// TestHistoryAmbiguousTimeLine: a local time the clocks repeat (Berlin's
// 02:00-03:00 on 2026-10-25) is warned about at the line of the update
// that holds it, not at its ticket's last row, and still counted once
// per ticket however often the ticket's rows are read. By hand (header
// line 1): INC1's 02:40 update is line 3, its ticket's last row line 4;
// INC2's opened_at 02:10 is on each of its rows, lines 6 and 7, and is
// first read for its first update, line 6; INC3's last update, line 9,
// is at 02:50, read for its event and again for the ticket: once.
func TestHistoryAmbiguousTimeLine(t *testing.T) {
	in := "number,sys_mod_count,sys_updated_on,sys_updated_by,state,opened_at\n" +
		"INC1,0,2026-10-25 01:50:00,a,New,2026-10-25 01:50:00\n" +
		"INC1,1,2026-10-25 02:40:00,a,In Progress,2026-10-25 01:50:00\n" +
		"INC1,2,2026-10-25 03:10:00,a,Resolved,2026-10-25 01:50:00\n" +
		"INC0,0,2026-10-20 01:50:00,a,New,2026-10-20 01:50:00\n" +
		"INC2,0,2026-10-25 03:20:00,a,New,2026-10-25 02:10:00\n" +
		"INC2,1,2026-10-25 03:30:00,a,Resolved,2026-10-25 02:10:00\n" +
		"INC3,0,2026-10-25 01:00:00,a,New,2026-10-25 01:00:00\n" +
		"INC3,1,2026-10-25 02:50:00,a,Resolved,2026-10-25 01:00:00\n"
	for _, early := range []bool{false, true} {
		t.Run(fmt.Sprintf("spill=%v", early), func(t *testing.T) {
			spillEarly = early
			defer func() { spillEarly = false }()
			ctx := context.Background()
			path := writeFile(t, "dst.csv", []byte(in))
			cfg := config.Default()
			cfg.Sources = append(cfg.Sources, config.Source{Name: "sn", Path: path, Format: AuditName, TimeZone: "Europe/Berlin"})
			wh, err := warehouse.Open(ctx, ":memory:", warehouse.Options{})
			require.NoError(t, err)
			defer wh.Close()
			sum, err := ingest.Run(ctx, wh, cfg, ingest.Options{Paths: []string{path}, MaxRejectPct: 5})
			require.NoError(t, err)
			require.Len(t, sum.Files, 1)
			f := sum.Files[0]
			assert.Equal(t, int64(3), f.Ambiguous)
			var got []string
			for _, a := range f.AmbiguousTimes {
				got = append(got, fmt.Sprintf("%d %s", a.Line, a.Wall))
			}
			assert.Equal(t, []string{"3 2026-10-25 02:40", "6 2026-10-25 02:10", "9 2026-10-25 02:50"}, got)
		})
	}
}
