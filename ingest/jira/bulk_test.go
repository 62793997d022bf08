package jira_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/ingest"
	"github.com/lanes-dev/lanes/ingest/benchgen"
	"github.com/lanes-dev/lanes/ingest/ingesttest"
	"github.com/lanes-dev/lanes/ingest/jira"
	"github.com/lanes-dev/lanes/models/config"
	"github.com/lanes-dev/lanes/models/warehouse"
)

// outcome is everything an ingest leaves behind.
type outcome struct {
	Err     string
	Files   []ingest.FileResult
	Tables  map[string][]string
	Fast    bool  // the fast path loaded the file
	GoRows  int64 // rows it left to the Go mapping
	Elapsed time.Duration
}

// ingestFile loads path into a fresh in-memory warehouse, with or without
// the fast path.
func ingestFile(t *testing.T, path string, src config.Source, fast bool) outcome {
	t.Helper()
	return ingestFiles(t, []string{path}, src, fast)
}

// ingestFiles loads paths, in one run, with src as the source for each.
func ingestFiles(t *testing.T, paths []string, src config.Source, fast bool) outcome {
	t.Helper()
	ctx := context.Background()
	wh, err := warehouse.Open(ctx, ":memory:", warehouse.Options{})
	require.NoError(t, err)
	defer wh.Close()
	cfg := config.Default()
	if src.Name == "" {
		src.Name = "jira"
	}
	for _, path := range paths {
		s := src
		s.Path, s.Format = path, jira.Name
		cfg.Sources = append(cfg.Sources, s)
	}
	*jira.BulkOff, *jira.BulkMinBytes = !fast, 0
	jira.BulkDeclined(func(why string) { t.Logf("fast path declined: %s", why) })
	defer func() { *jira.BulkOff, *jira.BulkMinBytes = false, 8<<20; jira.BulkDeclined(nil) }()
	files0, goRows0 := jira.BulkCounts()
	start := time.Now()
	sum, err := ingest.Run(ctx, wh, cfg, ingest.Options{
		Paths:        paths,
		MaxRejectPct: 100,
		Now:          func() time.Time { return time.Date(2024, 4, 10, 12, 0, 0, 0, time.UTC) },
	})
	var out outcome
	out.Elapsed = time.Since(start)
	files1, goRows1 := jira.BulkCounts()
	out.Fast, out.GoRows = files1 > files0, goRows1-goRows0
	if err != nil {
		out.Err = err.Error()
	}
	out.Files = sum.Files
	out.Tables = ingesttest.Dump(t, wh, map[string]string{"tickets": "j", "comments": "j", "ticket_events": "j", "rejects": "j", "ingest_runs": "j"})
	return out
}

// compareBoth ingests path both ways and requires the same result.
func compareBoth(t *testing.T, path string, src config.Source) (fast, slow outcome) {
	t.Helper()
	return compareBothFiles(t, []string{path}, src)
}

func compareBothFiles(t *testing.T, paths []string, src config.Source) (fast, slow outcome) {
	t.Helper()
	fast = ingestFiles(t, paths, src, true)
	slow = ingestFiles(t, paths, src, false)
	require.False(t, slow.Fast)
	assert.Equal(t, slow.Err, fast.Err, "error")
	require.Equal(t, len(slow.Files), len(fast.Files))
	for i := range slow.Files {
		// How each was read differs, by design; what it loaded must not.
		f, s := fast.Files[i], slow.Files[i]
		f.ReadNote, s.ReadNote = "", ""
		assert.Equal(t, s, f, "file result")
	}
	for _, table := range []string{"tickets", "comments", "ticket_events", "rejects", "ingest_runs"} {
		assert.Equal(t, strings.Join(slow.Tables[table], "\n"), strings.Join(fast.Tables[table], "\n"), "table %s", table)
	}
	return fast, slow
}

// mixed has a little of everything the fast path must either map exactly
// or leave to Go: bad dates, resolved before created, keys repeated across
// good and bad rows, comments without an author, odd numbers, control
// characters, characters encoding/json escapes, blanks to trim.
const mixedHeader = "Summary,Issue key,Issue id,Issue Type,Status,Priority,Resolution,Assignee,Reporter,Created,Updated,Resolved," +
	"Component/s,Component/s,Labels,Labels,labels ,Description,Time Spent,Custom field (Team),Project name,Custom field (Request Type)," +
	"Comment,Comment,Log Work,Log Work,,\"<odd> & \"\"name\"\"\"\n"

const mixedRows = "" +
	// 2: everything, twice-quoted description over three lines, blanks to trim
	" VPN drops\u00a0, IT-1 ,101,Incident,Done,High,Done,priya,tom,05/Feb/24 9:15 AM,07/Feb/24 4:40 PM,07/Feb/24 4:38 PM," +
	"VPN,macOS,net,remote, sev2 ,\"Tunnel <b>drops</b> & \"\"reconnects\"\"\n\u2028second line 🚀\n\",5400,Service Desk,IT Help,Report," +
	"05/Feb/24 10:02 AM;557058:priya;Send the log; zip it,06/Feb/24 2:30 PM; 557058:tom ;Attached,,,x,y\n" +
	// 5: a date no layout reads
	"Laptop,IT-2,102,Incident,Open,High,,,ana,31/Fbr/24 3:15 PM,,,,,,,,,,,,,,,,,,\n" +
	// 6: resolved before it was created
	"Quota,IT-3,103,Task,Resolved,Low,Done,,ana,04/Mar/24 10:00 AM,04/Mar/24 11:00 AM,03/Mar/24 5:00 PM,,,,,,,,,,,,,,,,\n" +
	// 7: the first key again, updated later: both rows staged, comments numbered across them
	"VPN drops again,IT-1,101,Incident,Done,High,Done,priya,tom,05/Feb/24 9:15 AM,08/Feb/24 4:40 PM,07/Feb/24 4:38 PM,,,,,,,,,,," +
	"08/Feb/24 9:00 AM;557058:sam;Reopened?,,,,,\n" +
	// 8: a good row whose key has a rejected row: goes to Go with it
	"Laptop again,IT-2,102,Incident,Open,High,,,ana,01/Mar/24 3:15 PM,,,,,,,,,,,,,09/Mar/24 9:00 AM;a;b,,,,,\n" +
	// 9: a comment that is not date;author;text
	"Chat,IT-4,104,Incident,Open,,,,ana,01/Mar/24 3:15 PM,,,,,,,,,,,,,just text,,,,,\n" +
	// 10: seconds Go reads but SQL leaves alone
	"Spent,IT-5,105,Task,Open,,,,ana,01/Mar/24 3:15 PM,,,,,,,,,1.5,,,,,,,,,\n" +
	// 11: work logs instead of time spent
	"Logged,IT-6,106,Task,Open,,,,ana,01/Mar/24 3:15 PM,,,,,,,,,,,,,,,Fixed it;01/Mar/24 4:00 PM;sam;1800,More; more;01/Mar/24 5:00 PM;sam;600,,\n" +
	// 12: a work log without seconds
	"Bad log,IT-7,107,Task,Open,,,,ana,01/Mar/24 3:15 PM,,,,,,,,,,,,,,,no seconds here,,,\n" +
	// 13: lower-case am: SQL writes AM, so the row is left to Go, which reads it
	"Lower,IT-8,108,Task,Open,,,,ana,05/Feb/24 9:15 am,,,,,,,,,,,,,,,,,,\n" +
	// 14: a one-digit day: another layout reads it, in Go
	"One digit,IT-9,109,Task,Open,,,,ana,5/Feb/24 9:15 AM,,,,,,,,,,,,,,,,,,\n" +
	// 15: no key
	"No key, ,110,Task,Open,,,,ana,05/Feb/24 9:15 AM,,,,,,,,,,,,,,,,,,\n" +
	// 16: every field empty: skipped
	",,,,,,,,,,,,,,,,,,,,,,,,,,,\n" +
	"\n" +
	// 18: canceled by its resolution (curly apostrophe), no Updated
	"Figma,IT-10,110,Service Request,Closed,P2 - High,Won\u2019t Do,,ana,15/Feb/24 3:45 PM,,16/Feb/24 8:58 AM,Software,,,,,,,,Desktop,Request software,,,,,,\n" +
	// 19: control characters: ESC goes to Go, SOH stays in SQL
	"Term,IT-11,111,Task,Open,,,,ana,15/Feb/24 3:45 PM,,,,,,,,\"colour \x1b[31mred\x1b[0m\",,,,,,,,,,\n" +
	"Soh,IT-12,112,Task,Open,,,,ana,15/Feb/24 3:45 PM,,,,,,,,\"start \x01 of heading\",,,,,,,,,,\n" +
	// 21: midnight and noon in 12-hour form
	"Noon,IT-13,113,Task,Open,,,,ana,15/Feb/24 12:00 AM,15/Feb/24 12:30 PM,,,,,,,,,,,,,,,,,\n"

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(path, []byte(content), 0o644))
	return path
}

func TestBulkMatchesRead(t *testing.T) {
	berlin := config.Source{TimeZone: "Europe/Berlin"}
	cases := []struct {
		name      string
		content   string
		src       config.Source
		fast      bool // the fast path must take the file
		goRows    bool // and leave some rows to Go
		ambiguous int64
	}{
		{name: "mixed", content: mixedHeader + mixedRows, fast: true, goRows: true},
		{name: "mixed in Berlin", content: mixedHeader + mixedRows, src: berlin, fast: true, goRows: true},
		{name: "mixed with a url base", content: mixedHeader + mixedRows, src: config.Source{URLBase: "https://jira.example.com/browse//"}, fast: true, goRows: true},
		{name: "windows line endings", content: strings.ReplaceAll(mixedHeader+mixedRows, "\n", "\r\n"), fast: true, goRows: true},
		{name: "byte order mark", content: "\ufeff" + mixedHeader + mixedRows, fast: true, goRows: true},
		{name: "no trailing newline", content: strings.TrimSuffix(mixedHeader+mixedRows, "\n"), fast: true, goRows: true},
		{
			name: "daylight saving in Berlin", src: berlin, fast: true, goRows: true, ambiguous: 2,
			content: "Summary,Issue key,Issue Type,Status,Created,Updated,Comment\n" +
				"Gap,DST-1,Task,Open,29/Mar/26 2:30 AM,,\n" +
				"Overlap,DST-2,Task,Open,25/Oct/26 2:30 AM,25/Oct/26 2:45 AM,\n" +
				"Near,DST-3,Task,Open,25/Oct/26 1:30 AM,25/Oct/26 4:00 AM,25/Oct/26 3:30 AM;me;after\n" +
				"Summer,DST-4,Task,Open,01/Jul/26 2:30 AM,,01/Jul/26 3:30 AM;me;hi\n" +
				"Winter,DST-5,Task,Open,01/Dec/26 2:30 AM,,\n",
		},
		{
			name: "configured date format", src: config.Source{DateFormat: "2006-01-02 15:04", TimeZone: "America/New_York"}, fast: true, goRows: true,
			content: "Summary,Issue key,Created,Resolved\n" +
				"A,N-1,2024-03-10 01:30,2024-03-10 04:00\n" +
				"B,N-2,2024-03-10 02:30,\n" +
				"C,N-3,2024-07-01 09:00,2024-07-01 09:00\n" +
				"D,N-4,2024-11-03 01:30,\n",
		},
		{
			// Day first, unpadded, 12-hour clock (Excel in Australia and
			// the UK): SQL reads with 2/1/2006 3:04 PM; the padded row
			// does not write back the same, so Go reads it.
			name: "day first, 12-hour, unpadded", fast: true, goRows: true,
			content: "Summary,Issue key,Created,Resolved\n" +
				"A,AU-1,3/1/2024 9:00 AM,25/1/2024 9:00 PM\n" +
				"B,AU-2,5/2/2024 1:00 PM,14/2/2024 2:30 PM\n" +
				"C,AU-3,03/01/2024 09:00 AM,\n" +
				"D,AU-4,12/12/2024 12:00 AM,\n",
		},
		{
			// Day first with dots, unpadded, four-digit year (German
			// Excel): SQL reads with 2.1.2006 15:04; the padded row does
			// not write back the same, so Go reads it.
			name: "day first with dots, unpadded, four-digit year", src: berlin, fast: true, goRows: true,
			content: "Summary,Issue key,Created,Resolved\n" +
				"A,DE-1,14.3.2026 13:30,4.4.2026 9:05\n" +
				"B,DE-2,4.3.2026 8:00,29.3.2026 2:30\n" +
				"C,DE-3,14.03.2026 13:30,\n",
		},
		{
			// dd-MMM-yyyy (ServiceNow, Oracle): SQL reads with
			// 02-Jan-2006 15:04:05; upper-case month names do not write
			// back the same, so Go reads them.
			name: "day, month name and year with dashes", src: berlin, fast: true, goRows: true,
			content: "Summary,Issue key,Created,Resolved\n" +
				"A,SN-1,04-Mar-2026 10:00:00,14-Mar-2026 09:05:00\n" +
				"B,SN-2,14-MAR-2026 09:05:00,\n" +
				"C,SN-3,25-Oct-2026 02:30:00,\n",
		},
		{
			// Lower-case am and pm: SQL writes AM and PM, so those rows
			// are Go's.
			name: "lower-case am and pm", fast: true, goRows: true,
			content: "Summary,Issue key,Created,Resolved\n" +
				"A,AU-1,3/1/2024 9:00 AM,25/1/2024 9:00 pm\n" +
				"B,AU-2,5/2/2024 1:00 PM,14/2/2024 2:30 PM\n" +
				"C,AU-3,6/2/2024 12:30 am,\n",
		},
		{
			name: "first load, each key once", fast: true,
			content: "Summary,Issue key,Created,Comment,Comment,Comment\n" +
				"A,K-1,05/Feb/24 9:15 AM,05/Feb/24 10:02 AM;me;same,05/Feb/24 10:02 AM;me;same,05/Feb/24 10:03 AM;you;other\n" +
				"B,K-2,06/Feb/24 9:15 AM,,,\n",
		},
		{
			// A repeated single-valued column gives the row's first value
			// that is not blank, both ways: a blank first cell (HLL-5's
			// status is one space) falls through to the next; HLL-4's
			// only date is unreadable, so Go rejects it.
			name: "repeated single-valued columns", fast: true, goRows: true,
			content: "Summary,Issue key,Status,Status,Resolution,Resolution,Created,Created,Custom field (Team),Custom field (Team),Project name\n" +
				"A,HLL-1,,In Progress,,,,05/Feb/24 9:15 AM,,Yard Crew,Harbor Ops\n" +
				"B,HLL-2,Done,Open,,Won't Do,06/Feb/24 10:00 AM,07/Feb/24 11:00 AM,Dock Crew,Yard Crew,Harbor Ops\n" +
				"C,HLL-3,,,,,07/Feb/24 8:30 AM,,,,Harbor Ops\n" +
				"D,HLL-4,Open,,,,,31/Fbr/24 3:15 PM,,,Harbor Ops\n" +
				"E,HLL-5, ,Waiting,,,08/Feb/24 8:30 AM,,,Yard Crew,Harbor Ops\n",
		},
		{name: "structural errors", content: mixedHeader + "a,b\n" + mixedRows},
		{name: "stray quote", content: mixedHeader + "x \"y\" z,IT-99,,,,,,,,05/Feb/24 9:15 AM,,,,,,,,,,,,,,,,,,\n" + mixedRows},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := writeFile(t, "tickets.csv", tc.content)
			fast, slow := compareBoth(t, path, tc.src)
			assert.Equal(t, tc.fast, fast.Fast, "fast path taken")
			if tc.goRows {
				assert.Positive(t, fast.GoRows, "rows left to Go")
			}
			if tc.ambiguous > 0 {
				require.Len(t, slow.Files, 1)
				assert.Equal(t, tc.ambiguous, slow.Files[0].Ambiguous)
			}
			require.Empty(t, slow.Err)
		})
	}
}

// TestBulkMatchesReadOnFixtures runs every fixture both ways.
func TestBulkMatchesReadOnFixtures(t *testing.T) {
	for _, c := range ingesttest.Cases(t, "testdata") {
		t.Run(c.Name, func(t *testing.T) {
			path := writeFile(t, filepath.Base(c.Input), string(c.Data(t)))
			compareBoth(t, path, c.Source)
		})
	}
}

// TestBulkMatchesReadOnGenerated runs a generated export both ways, in a
// zone whose clock changes fall inside its six years.
func TestBulkMatchesReadOnGenerated(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, benchgen.JiraCSV(&buf, 3000, 7))
	path := writeFile(t, "generated.csv", buf.String())
	for _, tz := range []string{"UTC", "America/New_York"} {
		t.Run(tz, func(t *testing.T) {
			direct := jira.BulkDirect()
			fast, slow := compareBoth(t, path, config.Source{TimeZone: tz})
			assert.True(t, fast.Fast)
			assert.Equal(t, direct+1, jira.BulkDirect(), "a first load goes straight into tickets")
			assert.Empty(t, slow.Err)
			require.Len(t, fast.Tables["tickets"], 3000)
			t.Logf("fast %s (%d rows to Go), Go path %s", fast.Elapsed, fast.GoRows, slow.Elapsed)
		})
	}
}

// TestBulkMatchesReadOnSecondLoad loads an export and then a later one of
// the same tickets (some updated, some new) in one run: the first goes
// straight into tickets, the second through staging and the merge.
func TestBulkMatchesReadOnSecondLoad(t *testing.T) {
	var a, b bytes.Buffer
	require.NoError(t, benchgen.JiraCSV(&a, 2000, 7))
	require.NoError(t, benchgen.JiraCSV(&b, 3000, 8))
	dir := t.TempDir()
	pa, pb := filepath.Join(dir, "a.csv"), filepath.Join(dir, "b.csv")
	require.NoError(t, os.WriteFile(pa, a.Bytes(), 0o644))
	require.NoError(t, os.WriteFile(pb, b.Bytes(), 0o644))
	direct := jira.BulkDirect()
	fast, slow := compareBothFiles(t, []string{pa, pb}, config.Source{})
	assert.Equal(t, direct+1, jira.BulkDirect(), "the first file goes straight in, the second is merged")
	require.Empty(t, slow.Err)
	require.Len(t, fast.Files, 2)
	assert.Positive(t, slow.Files[1].Merged, "the second file replaces tickets")
}

// TestBulkRestoresInsertionOrder checks that the fast path leaves DuckDB's
// preserve_insertion_order (a database-wide setting it turns off for its
// later statements) as it found it, after a load and after a failed run.
func TestBulkRestoresInsertionOrder(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, benchgen.JiraCSV(&buf, 500, 7))
	good := writeFile(t, "good.csv", buf.String())
	bad := writeFile(t, "bad.csv", mixedHeader+mixedRows)
	*jira.BulkMinBytes = 0
	defer func() { *jira.BulkMinBytes = 8 << 20 }()
	ctx := context.Background()
	wh, err := warehouse.Open(ctx, ":memory:", warehouse.Options{})
	require.NoError(t, err)
	defer wh.Close()
	for _, tc := range []struct {
		path string
		fail bool
	}{{good, false}, {bad, true}} {
		files, _ := jira.BulkCounts()
		_, err := ingest.Run(ctx, wh, config.Default(), ingest.Options{Paths: []string{tc.path}, Format: jira.Name, MaxRejectPct: 1})
		if tc.fail {
			var limit *ingest.RejectLimitError
			require.ErrorAs(t, err, &limit)
		} else {
			require.NoError(t, err)
		}
		after, _ := jira.BulkCounts()
		assert.Equal(t, files+1, after, "the fast path loaded %s", tc.path)
		var v bool
		require.NoError(t, wh.QueryRow(ctx, `select current_setting('preserve_insertion_order')`).Scan(&v))
		assert.True(t, v, "preserve_insertion_order after %s", tc.path)
	}
}

// jiraDates is a Jira CSV of 300 rows in Jira's default form (more than
// the date sample takes when every date is unambiguous) followed by rows
// dated with numbers only.
func jiraDates(first string, later ...string) string {
	var b strings.Builder
	b.WriteString("Summary,Issue key,Created,Resolved\n")
	for i := range 300 {
		fmt.Fprintf(&b, "T,K-%d,%s,\n", i, first)
	}
	for i, d := range later {
		fmt.Fprintf(&b, "T,L-%d,%s,%s\n", i, d, d)
	}
	return b.String()
}

// When the sample leaves day-first or month-first open, the first later
// date only one order reads settles it, the same way on both paths; a date
// that reads both ways before that stops the file, at the same line with
// the same message. A sample of dates that read the same both ways leaves
// the best layout a numeric one, which SQL must not read alone.
func TestBulkMatchesReadDateOrderAfterTheSample(t *testing.T) {
	cases := []struct {
		name, content string
		fast          bool
		wantErr       string
	}{
		{name: "settled day-first", fast: true,
			content: jiraDates("05/Feb/24 9:15 AM", "25/04/2024 10:00", "03/04/2024 10:00", "04/25/2024 10:00")},
		{name: "settled month-first", fast: true,
			content: jiraDates("05/Feb/24 9:15 AM", "04/25/2024 10:00", "03/04/2024 10:00")},
		{name: "both ways first", fast: true, wantErr: `line 302 column "Created": ambiguous dates: "03/04/2024 10:00" could be day-first or month-first and no date before it settles it`,
			content: jiraDates("05/Feb/24 9:15 AM", "03/04/2024 10:00", "25/04/2024 10:00")},
		{name: "sample reads the same both ways", fast: false,
			content: jiraDates("01/01/2024 10:00", "25/04/2024 10:00", "03/04/2024 10:00")},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := writeFile(t, "tickets.csv", tc.content)
			fast, slow := compareBoth(t, path, config.Source{})
			if tc.wantErr != "" {
				assert.Contains(t, slow.Err, tc.wantErr)
				return
			}
			require.Empty(t, slow.Err)
			assert.Equal(t, tc.fast, fast.Fast, "fast path taken")
		})
	}
}

// jiraRowDates is jiraDates with a created and a resolved time per later
// row.
func jiraRowDates(first string, later ...[2]string) string {
	var b strings.Builder
	b.WriteString("Summary,Issue key,Created,Resolved\n")
	for i := range 300 {
		fmt.Fprintf(&b, "T,K-%d,%s,\n", i, first)
	}
	for i, d := range later {
		fmt.Fprintf(&b, "T,L-%d,%s,%s\n", i, d[0], d[1])
	}
	return b.String()
}

// ticketTimes finds key's row in a dump of tickets and returns its created
// and resolved times (zero when empty).
func ticketTimes(t *testing.T, tickets []string, key string) (created, resolved time.Time) {
	t.Helper()
	for _, j := range tickets {
		var row struct {
			Key      string `json:"source_key"`
			Created  string `json:"created_at"`
			Resolved string `json:"resolved_at"`
		}
		require.NoError(t, json.Unmarshal([]byte(j), &row))
		if row.Key != key {
			continue
		}
		read := func(s string) time.Time {
			if s == "" {
				return time.Time{}
			}
			at, err := time.Parse("2006-01-02 15:04:05", s) // created_at is a TIMESTAMP in UTC
			require.NoError(t, err, s)
			return at.UTC()
		}
		return read(row.Created), read(row.Resolved)
	}
	t.Fatalf("no ticket %s", key)
	return
}

// A later row whose created time reads both ways is settled by its own
// resolved time, which only one order reads, the same way on both paths
// (the fast path leaves such rows to the Go mapping): L-0 is created 3
// April and resolved 25 April (no month 25: day-first), and L-1's
// 05/04/2024 is then 5 April. Two dates that both read either way settle
// nothing: the file stops at the first on both paths.
func TestBulkMatchesReadDateOrderInTheRow(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2024, 4, d, 10, 0, 0, 0, time.UTC) }
	path := writeFile(t, "tickets.csv", jiraRowDates("05/Feb/24 9:15 AM",
		[2]string{"03/04/2024 10:00", "25/04/2024 10:00"}, [2]string{"05/04/2024 10:00", ""}))
	fast, slow := compareBoth(t, path, config.Source{})
	require.Empty(t, slow.Err)
	assert.True(t, fast.Fast, "fast path taken")
	assert.Equal(t, int64(2), fast.GoRows, "rows left to Go")
	created, resolved := ticketTimes(t, slow.Tables["tickets"], "L-0")
	assert.Equal(t, day(3), created)
	assert.Equal(t, day(25), resolved)
	created, resolved = ticketTimes(t, slow.Tables["tickets"], "L-1")
	assert.Equal(t, day(5), created)
	assert.True(t, resolved.IsZero())

	path = writeFile(t, "tickets.csv", jiraRowDates("05/Feb/24 9:15 AM",
		[2]string{"03/04/2024 10:00", "04/03/2024 10:00"}))
	_, slow = compareBoth(t, path, config.Source{})
	assert.Contains(t, slow.Err, `line 302 column "Created": ambiguous dates: "03/04/2024 10:00" could be day-first or month-first and no date before it settles it`)
}

// 0001-01-01 00:00 UTC is Go's zero time, which lanes keeps for no time:
// both paths refuse it with the same reason, as a created, updated or
// resolved time or a comment's.
func TestBulkMatchesReadZeroTime(t *testing.T) {
	var b strings.Builder
	b.WriteString("Summary,Issue key,Created,Updated,Resolved,Comment\n")
	for i := range 20 {
		fmt.Fprintf(&b, "T,K-%d,05/Feb/2024 9:15 AM,,,\n", i)
	}
	b.WriteString("Z,Z-1,01/Jan/0001 12:00 AM,,,\n")
	b.WriteString("Z,Z-2,05/Feb/2024 9:15 AM,01/Jan/0001 12:00 AM,,\n")
	b.WriteString("Z,Z-3,05/Feb/2024 9:15 AM,,01/Jan/0001 12:00 AM,\n")
	b.WriteString("Z,Z-4,05/Feb/2024 9:15 AM,,,01/Jan/0001 12:00 AM;me;hi\n")
	b.WriteString("Z,Z-5,01/Jan/0001 12:01 AM,,,\n") // a minute later is a time
	path := writeFile(t, "tickets.csv", b.String())
	fast, slow := compareBoth(t, path, config.Source{})
	require.Empty(t, slow.Err)
	assert.True(t, fast.Fast)
	require.Len(t, slow.Files, 1)
	assert.Equal(t, int64(4), slow.Files[0].Rejected)
}

// TestBulkDeclinesAnotherEncoding: a source declared windows-1252 whose
// file is valid UTF-8 ("Café" as the bytes C3 A9) is read by the Go path
// as windows-1252, two characters ("CafÃ©"), as the source says; DuckDB
// would read it as UTF-8. The fast path declines it, so a file of 8 MiB
// and more gives what a small one does. German dotted dates, which the
// fast path reads, show it is the encoding that declines.
func TestBulkDeclinesAnotherEncoding(t *testing.T) {
	content := "Summary,Issue key,Created\nCafé machine broken,ENC-1,03.02.24 14:05\n"
	path := writeFile(t, "tickets.csv", content)
	fast, slow := compareBoth(t, path, config.Source{Encoding: "windows-1252", DateOrder: "day_first"})
	require.Empty(t, slow.Err)
	assert.False(t, fast.Fast)
	assert.Equal(t, "read in Go: the source's encoding is windows-1252", fast.Files[0].ReadNote, "what -v says")
	assert.Contains(t, strings.Join(slow.Tables["tickets"], "\n"), "CafÃ©")

	utf8, _ := compareBoth(t, path, config.Source{DateOrder: "day_first"})
	assert.True(t, utf8.Fast)
	assert.Equal(t, "read by DuckDB's CSV reader (the fast path)", utf8.Files[0].ReadNote)
	assert.Contains(t, strings.Join(utf8.Tables["tickets"], "\n"), "Café machine broken")
}
