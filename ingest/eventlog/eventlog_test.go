package eventlog_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/ingest"
	"github.com/lanes-dev/lanes/ingest/eventlog"
	_ "github.com/lanes-dev/lanes/ingest/eventlog/xes"
	"github.com/lanes-dev/lanes/ingest/ingesttest"
	"github.com/lanes-dev/lanes/models/config"
	"github.com/lanes-dev/lanes/models/warehouse"
)

func TestFixtures(t *testing.T) {
	ingesttest.RunFixtures(t, eventlog.CSV{}, "testdata")
}

func FuzzRead(f *testing.F) {
	ingesttest.Fuzz(f, eventlog.CSV{}, "testdata")
}

// TestRunLoadsCasesAndEvents loads a CSV and an XES log through the
// warehouse: cases become tickets, their events ticket_events.
func TestRunLoadsCasesAndEvents(t *testing.T) {
	ctx := context.Background()
	wh, err := warehouse.Open(ctx, ":memory:", warehouse.Options{})
	require.NoError(t, err)
	defer wh.Close()
	paths := []string{
		filepath.Join("testdata", "helpdesk", "input.csv"),
		filepath.Join("xes", "testdata", "incidents", "input.xes"),
		filepath.Join("xes", "testdata", "gzipped", "input.xes.gz"),
	}
	sum, err := ingest.Run(ctx, wh, config.Default(), ingest.Options{Paths: paths, Now: func() time.Time { return time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC) }})
	require.NoError(t, err)
	require.Len(t, sum.Files, 3)
	for i, want := range []struct {
		format string
		loaded int64
	}{{"eventlog_csv", 3}, {"xes", 2}, {"xes", 1}} {
		assert.Equal(t, want.format, sum.Files[i].Format, paths[i])
		assert.Equal(t, "eventlog", sum.Files[i].Source)
		assert.Equal(t, want.loaded, sum.Files[i].Loaded, paths[i])
	}
	count := func(q string) int {
		var n int
		require.NoError(t, wh.QueryRow(ctx, q).Scan(&n))
		return n
	}
	// helpdesk: 20 events; incidents: 8; gzipped: 4 (see the fixtures).
	assert.Equal(t, 32, count("select count(*) from ticket_events"))
	assert.Equal(t, 6, count("select count(*) from tickets"))
	assert.Equal(t, 1, count("select count(*) from ticket_events where kind = 'reopen' and source_key = 'C-3'"))
}

// dstCSVLog and dstXESLog are event logs read in Berlin, where the clocks
// go back at 03:00 on 2026-10-25 (02:30 happens twice) and jump from 02:00
// to 03:00 on 2026-03-29 (02:30 does not exist). CSV: case A (lines 2-3)
// repeats 02:30, then a time that does not exist, so it is rejected; case
// B (lines 4 and 6) has the only 02:30 that counts, on line 6. XES: T1
// (lines 2-5) is rejected likewise; T2 starts on line 6, its repeated
// 02:45 is on line 9.
const (
	dstCSVLog = "case_id,activity,timestamp,resource\n" +
		"A,Open,2026-10-25 02:30:00,desk\n" +
		"A,Close,2026-03-29 02:30:00,desk\n" +
		"B,Open,2026-10-25 01:00:00,desk\n" +
		"C,Open,2026-10-26 09:00:00,desk\n" +
		"B,Close,2026-10-25 02:30:00,desk\n"
	dstXESLog = "<log xes.version=\"1.0\">\n" +
		"<trace><string key=\"concept:name\" value=\"T1\"/>\n" +
		"<event><string key=\"concept:name\" value=\"Open\"/><date key=\"time:timestamp\" value=\"2026-10-25T02:15:00\"/></event>\n" +
		"<event><string key=\"concept:name\" value=\"Close\"/><date key=\"time:timestamp\" value=\"2026-03-29T02:15:00\"/></event>\n" +
		"</trace>\n" +
		"<trace><string key=\"concept:name\" value=\"T2\"/>\n" +
		"<event><string key=\"concept:name\" value=\"Open\"/><date key=\"time:timestamp\" value=\"2026-10-24T09:00:00\"/></event>\n" +
		"<event><string key=\"concept:name\" value=\"Close\"/>\n<date key=\"time:timestamp\" value=\"2026-10-25T02:45:00\"/></event>\n" +
		"</trace>\n</log>\n"
)

// TestAmbiguousTimesOfLoadedCasesOnly: a local time the clocks repeat is
// counted and shown only when its case loads (dstCSVLog, dstXESLog).
func TestAmbiguousTimesOfLoadedCasesOnly(t *testing.T) {
	dir := t.TempDir()
	paths := []string{filepath.Join(dir, "log.csv"), filepath.Join(dir, "log.xes")}
	require.NoError(t, os.WriteFile(paths[0], []byte(dstCSVLog), 0o644))
	require.NoError(t, os.WriteFile(paths[1], []byte(dstXESLog), 0o644))
	for _, spill := range []bool{false, true} {
		t.Run(fmt.Sprintf("spill=%v", spill), func(t *testing.T) {
			*eventlog.SpillOff, *eventlog.SpillAt = !spill, 0
			defer func() { *eventlog.SpillOff, *eventlog.SpillAt = false, 256<<20 }()
			ctx := context.Background()
			wh, err := warehouse.Open(ctx, ":memory:", warehouse.Options{})
			require.NoError(t, err)
			defer wh.Close()
			cfg := config.Default()
			cfg.Calendar.TimeZone = "Europe/Berlin"
			sum, err := ingest.Run(ctx, wh, cfg, ingest.Options{Paths: paths, MaxRejectPct: 100, Now: func() time.Time { return time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC) }})
			require.NoError(t, err)
			require.Len(t, sum.Files, 2)
			for i, want := range []struct {
				loaded, rejected int64
				wall             string
				line             int64
			}{
				// The line is the value's own: the run's sink places it
				// (PlaceAmbiguous) before the case's ticket.
				{2, 1, "2026-10-25 02:30", 6},
				{1, 1, "2026-10-25 02:45", 9},
			} {
				f := sum.Files[i]
				assert.Equal(t, want.loaded, f.Loaded, paths[i])
				assert.Equal(t, want.rejected, f.Rejected, paths[i])
				assert.Equal(t, int64(1), f.Ambiguous, paths[i])
				if assert.Len(t, f.AmbiguousTimes, 1, paths[i]) {
					assert.Equal(t, want.wall, f.AmbiguousTimes[0].Wall, paths[i])
					assert.Equal(t, want.line, f.AmbiguousTimes[0].Line, paths[i])
				}
			}
		})
	}
}

// placingSink is a sink that can place an ambiguous time at its line.
type placingSink struct {
	ingesttest.Sink
	placed []int64
}

func (s *placingSink) PlaceAmbiguous(line int64) { s.placed = append(s.placed, line) }

// TestAmbiguousTimesPlacedAtTheirLine: a sink that can place an ambiguous
// time is given the line of the value (in the logs of the test above:
// line 6 of the CSV, line 9 of the XES), only for the loaded case.
func TestAmbiguousTimesPlacedAtTheirLine(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	require.NoError(t, err)
	for _, c := range []struct {
		conn ingest.Connector
		path string
		data string
		want int64
	}{{eventlog.CSV{}, "log.csv", dstCSVLog, 6}, {xesConnector(t), "log.xes", dstXESLog, 9}} {
		sink := &placingSink{}
		in := &ingest.Input{Path: c.path, Reader: strings.NewReader(c.data), Location: berlin}
		require.NoError(t, c.conn.Read(context.Background(), in, sink))
		assert.Equal(t, []int64{c.want}, sink.placed, c.path)
	}
}

func xesConnector(t *testing.T) ingest.Connector {
	c, err := ingest.Lookup("xes")
	require.NoError(t, err)
	return c
}

func gzipped(t *testing.T, text string) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	_, err := zw.Write([]byte(text))
	require.NoError(t, err)
	require.NoError(t, zw.Close())
	return buf.Bytes()
}

// TestGzippedCSV: a gzip-compressed event log CSV is recognised and read
// like the plain one; one cut short says so.
func TestGzippedCSV(t *testing.T) {
	text := "case_id,activity,timestamp,resource\nK-1,Open,2026-02-02 10:00:00,desk\nK-1,Close,2026-02-02 11:00:00,desk\n"
	data := gzipped(t, text)
	score, reason := eventlog.CSV{}.Detect("log.csv.gz", data)
	assert.Equal(t, 88, score)
	assert.Contains(t, reason, "gzip-compressed CSV header")
	sink, err := ingesttest.Read(context.Background(), eventlog.CSV{}, "log.csv.gz", data, config.Source{})
	require.NoError(t, err)
	require.Len(t, sink.Tickets, 1)
	assert.Equal(t, "K-1", sink.Tickets[0].Key)
	assert.Equal(t, "closed", sink.Tickets[0].Status)

	big := "case_id,activity,timestamp,resource\n"
	for i := range 2000 {
		big += fmt.Sprintf("K-%d,Open,2026-02-02 10:00:00,desk\n", i)
	}
	data = gzipped(t, big)
	_, err = ingesttest.Read(context.Background(), eventlog.CSV{}, "log.csv.gz", data[:len(data)/2], config.Source{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "event log csv: log.csv.gz")
	assert.Contains(t, err.Error(), "the gzip-compressed data ends early; is the file cut short?")
}

// A log whose sample is all ISO and whose later times are day-first: the
// first later time only day-first reads (15/11/2024) settles the order,
// and a repeated local time after it (03/11/2024 01:30 in New York, where
// the clocks went back at 02:00 that Sunday, the first of November) is
// counted when its case loads: it is read again in the run's zone with
// the order the rows settled, not refused there as ambiguous (nor read
// month-first, as 11 March, which happened once).
func TestAmbiguousTimeAfterTheOrderSettles(t *testing.T) {
	var b strings.Builder
	b.WriteString("case_id,activity,timestamp\n")
	for i := range 300 {
		fmt.Fprintf(&b, "C%d,Open,2024-06-01 10:00\n", i)
	}
	b.WriteString("S,Open,15/11/2024 10:00\n") // line 302
	b.WriteString("R,Open,03/11/2024 01:30\n") // line 303
	path := filepath.Join(t.TempDir(), "log.csv")
	require.NoError(t, os.WriteFile(path, []byte(b.String()), 0o644))
	for _, spill := range []bool{false, true} {
		t.Run(fmt.Sprintf("spill=%v", spill), func(t *testing.T) {
			*eventlog.SpillOff, *eventlog.SpillAt = !spill, 0
			defer func() { *eventlog.SpillOff, *eventlog.SpillAt = false, 256<<20 }()
			ctx := context.Background()
			wh, err := warehouse.Open(ctx, ":memory:", warehouse.Options{})
			require.NoError(t, err)
			defer wh.Close()
			cfg := config.Default()
			cfg.Calendar.TimeZone = "America/New_York"
			sum, err := ingest.Run(ctx, wh, cfg, ingest.Options{Paths: []string{path}, Format: eventlog.Name, Now: func() time.Time { return time.Date(2024, 12, 1, 0, 0, 0, 0, time.UTC) }})
			require.NoError(t, err)
			require.Len(t, sum.Files, 1)
			f := sum.Files[0]
			assert.Equal(t, int64(302), f.Loaded)
			assert.Equal(t, int64(1), f.Ambiguous)
			if assert.Len(t, f.AmbiguousTimes, 1) {
				assert.Equal(t, "2024-11-03 01:30", f.AmbiguousTimes[0].Wall)
				assert.Equal(t, int64(303), f.AmbiguousTimes[0].Line)
			}
		})
	}
}

// TestRejectedClosureReopens: an activity that says the caller turned a
// closure down ("Closure rejected", read open by the Status names rules)
// opens the case again as "Reopen" does, so an earlier "Close request"
// no longer gives its resolution, and it counts as a reopen (ServiceNow
// and Zendesk count a resolved ticket put back to work as one). The
// audit's cases, times UTC, worked out by hand:
//
//	C1 Register 09:00, Close request 10:00, Closure rejected 11:00,
//	   Investigate 12:00: the request resolves, the rejection reopens, the
//	   work goes on: in_progress, not resolved, 1 reopen at 11:00 (was
//	   resolved at 10:00, 0 reopens, while int_status_history said open)
//	C2 Register 09:00, Close request 10:00, Closure verified 11:00: closed,
//	   resolved 10:00, closed 11:00, no reopen
//	C3 Register 09:00, Close request 10:00, Closure rejected 11:00 (last):
//	   open, not resolved, 1 reopen at 11:00 (was resolved at 10:00)
func TestRejectedClosureReopens(t *testing.T) {
	text := "Case ID,Activity,Complete Timestamp,Resource\n" +
		"C1,Register,2026-03-02 09:00:00,ann\n" +
		"C1,Close request,2026-03-02 10:00:00,bob\n" +
		"C1,Closure rejected,2026-03-02 11:00:00,ann\n" +
		"C1,Investigate,2026-03-02 12:00:00,bob\n" +
		"C2,Register,2026-03-02 09:00:00,ann\n" +
		"C2,Close request,2026-03-02 10:00:00,bob\n" +
		"C2,Closure verified,2026-03-02 11:00:00,ann\n" +
		"C3,Register,2026-03-02 09:00:00,ann\n" +
		"C3,Close request,2026-03-02 10:00:00,bob\n" +
		"C3,Closure rejected,2026-03-02 11:00:00,ann\n" +
		"C4,Register,2026-03-02 09:00:00,ann\n" +
		"C4,Resolution rejected,2026-03-02 10:00:00,ann\n" +
		"C5,Register,2026-03-02 09:00:00,ann\n" +
		"C5,Resolve,2026-03-02 10:00:00,bob\n" +
		"C5,Closure rejected,2026-03-02 11:00:00,ann\n" +
		"C5,Reopen,2026-03-02 11:05:00,bob\n" +
		"C5,Resolve,2026-03-02 12:00:00,bob\n"
	sink, err := ingesttest.Read(context.Background(), eventlog.CSV{}, "log.csv", []byte(text), config.Source{})
	require.NoError(t, err)
	require.Empty(t, sink.Rejects)
	type result struct {
		status, resolved, closed string
		reopenCount              int
		reopens                  []string // each reopen event: time, from > to
	}
	want := map[string]result{
		"C1": {"in_progress", "", "", 1, []string{"11:00 Close request > Closure rejected"}},
		"C2": {"closed", "2026-03-02T10:00:00Z", "2026-03-02T11:00:00Z", 0, nil},
		"C3": {"open", "", "", 1, []string{"11:00 Close request > Closure rejected"}},
		// nothing resolved before the rejection: no reopen
		"C4": {"open", "", "", 0, nil},
		// the rejection reopens the resolved case; the Reopen right after
		// it, with nothing done between, is the same reopen: 1, and the
		// case is resolved again at 12:00
		"C5": {"resolved", "2026-03-02T12:00:00Z", "", 1, []string{"11:00 Resolve > Closure rejected"}},
	}
	str := func(p *time.Time) string {
		if p == nil {
			return ""
		}
		return p.UTC().Format(time.RFC3339)
	}
	got := map[string]result{}
	for _, tk := range sink.Tickets {
		require.NotNil(t, tk.ReopenCount, tk.Key)
		got[tk.Key] = result{tk.Status, str(tk.ResolvedAt), str(tk.ClosedAt), *tk.ReopenCount, nil}
	}
	for _, e := range sink.Events {
		if e.Kind == "reopen" {
			r := got[e.Key]
			r.reopens = append(r.reopens, e.At.UTC().Format("15:04")+" "+e.From+" > "+e.To)
			got[e.Key] = r
		}
	}
	assert.Equal(t, want, got)
}

// TestActivityNamesReadAsStatuses: a case's status and resolution come
// from ingest.NormalizeStatus alone, which reads the verbs of process logs
// ("Resolve", "Close", "Resolve ticket") as whole words only. Times are UTC;
// worked out by hand:
//
//	C1 Open 03-30 22:00, Assign 03-31 00:30, Reassign 01:30, Resolve 03:00,
//	   Close 04-02 03:00: closed, resolved at Resolve (03-31 03:00, 5 h
//	   after creation), closed at Close (04-02 03:00)
//	C2 Open 04-01 07:00, Resolve 08:00, Reopen 04-02 07:00, Assign 08:00:
//	   the resolve before the reopen does not count: open, not resolved
//	C3 Open 04-03 07:00, "Assign to resolver group" 07:30: "resolver" is no
//	   resolve: open, not resolved (was resolved at 07:30, 0.5 h)
//	C4 Open 04-04 07:00, "Awaiting closure" 08:00: "closure" is no close,
//	   "awaiting" waits: waiting (was closed at 08:00)
//	C5 Open 04-05 07:00, "Request incomplete" 08:00: "incomplete" is a
//	   negated "complete": open (was closed at 08:00)
//	H1 the Helpdesk log's names: Insert ticket 04-06 07:00, Assign
//	   seriousness 07:10, Take in charge ticket 07:20, Wait 08:00, Resolve
//	   ticket 09:00, Closed 04-07 09:00: closed, resolved 04-06 09:00,
//	   closed 04-07 09:00
//	C6 Open 04-08 07:00, "Close request" 09:00, "Closure verified" 04-09
//	   09:00: asking for closure resolves, the check closes: closed,
//	   resolved 04-08 09:00, closed 04-09 09:00 (was closed at the request)
func TestActivityNamesReadAsStatuses(t *testing.T) {
	text := "case_id,activity,timestamp,resource\n" +
		"C1,Open,2024-03-30 22:00:00,alice\n" +
		"C1,Assign,2024-03-31 00:30:00,bob\n" +
		"C1,Reassign,2024-03-31 01:30:00,carol\n" +
		"C1,Resolve,2024-03-31 03:00:00,carol\n" +
		"C1,Close,2024-04-02 03:00:00,system\n" +
		"C2,Open,2024-04-01 07:00:00,alice\n" +
		"C2,Resolve,2024-04-01 08:00:00,bob\n" +
		"C2,Reopen,2024-04-02 07:00:00,alice\n" +
		"C2,Assign,2024-04-02 08:00:00,dan\n" +
		"C3,Open,2024-04-03 07:00:00,alice\n" +
		"C3,Assign to resolver group,2024-04-03 07:30:00,bob\n" +
		"C4,Open,2024-04-04 07:00:00,alice\n" +
		"C4,Awaiting closure,2024-04-04 08:00:00,bob\n" +
		"C5,Open,2024-04-05 07:00:00,alice\n" +
		"C5,Request incomplete,2024-04-05 08:00:00,bob\n" +
		"H1,Insert ticket,2024-04-06 07:00:00,Value 1\n" +
		"H1,Assign seriousness,2024-04-06 07:10:00,Value 1\n" +
		"H1,Take in charge ticket,2024-04-06 07:20:00,Value 2\n" +
		"H1,Wait,2024-04-06 08:00:00,Value 2\n" +
		"H1,Resolve ticket,2024-04-06 09:00:00,Value 2\n" +
		"H1,Closed,2024-04-07 09:00:00,Value 1\n" +
		"C6,Open,2024-04-08 07:00:00,alice\n" +
		"C6,Close request,2024-04-08 09:00:00,bob\n" +
		"C6,Closure verified,2024-04-09 09:00:00,alice\n"
	sink, err := ingesttest.Read(context.Background(), eventlog.CSV{}, "log.csv", []byte(text), config.Source{})
	require.NoError(t, err)
	require.Empty(t, sink.Rejects)
	at := func(s string) string {
		if s == "" {
			return ""
		}
		return s + ":00Z"
	}
	want := map[string][3]string{ // status, resolved_at, closed_at
		"C1": {"closed", at("2024-03-31T03:00"), at("2024-04-02T03:00")},
		"C2": {"open", "", ""},
		"C3": {"open", "", ""},
		"C4": {"waiting", "", ""},
		"C5": {"open", "", ""},
		"H1": {"closed", at("2024-04-06T09:00"), at("2024-04-07T09:00")},
		"C6": {"closed", at("2024-04-08T09:00"), at("2024-04-09T09:00")},
	}
	str := func(p *time.Time) string {
		if p == nil {
			return ""
		}
		return p.UTC().Format(time.RFC3339)
	}
	require.Len(t, sink.Tickets, len(want))
	for _, tk := range sink.Tickets {
		t.Run(tk.Key, func(t *testing.T) {
			w := want[tk.Key]
			assert.Equal(t, w[0], tk.Status, "status")
			assert.Equal(t, w[1], str(tk.ResolvedAt), "resolved_at")
			assert.Equal(t, w[2], str(tk.ClosedAt), "closed_at")
		})
	}
}
