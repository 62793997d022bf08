package ingest_test

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/ingest"
	_ "github.com/lanes-dev/lanes/ingest/all"
	"github.com/lanes-dev/lanes/ingest/ingesttest"
	"github.com/lanes-dev/lanes/models/config"
	"github.com/lanes-dev/lanes/models/warehouse"
)

var runDir = filepath.Join("testdata", "run")

func openWarehouse(t *testing.T) *warehouse.Warehouse {
	t.Helper()
	wh, err := warehouse.Open(context.Background(), ":memory:", warehouse.Options{})
	require.NoError(t, err)
	t.Cleanup(func() { _ = wh.Close() })
	return wh
}

func run(t *testing.T, wh *warehouse.Warehouse, opts ingest.Options) (ingest.Summary, error) {
	t.Helper()
	if opts.Now == nil {
		opts.Now = func() time.Time { return time.Date(2024, 4, 10, 12, 0, 0, 0, time.UTC) }
	}
	return ingest.Run(context.Background(), wh, config.Default(), opts)
}

func paths(names ...string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = filepath.Join(runDir, filepath.FromSlash(n))
	}
	return out
}

// queryLines runs a query of one text column and returns its rows.
func queryLines(t *testing.T, wh *warehouse.Warehouse, query string) []string {
	t.Helper()
	rows, err := wh.Query(context.Background(), query)
	require.NoError(t, err)
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		require.NoError(t, rows.Scan(&s))
		out = append(out, s)
	}
	require.NoError(t, rows.Err())
	return out
}

// snapshot renders every table ingest writes, row by row, in a fixed order.
func snapshot(t *testing.T, wh *warehouse.Warehouse) map[string][]string {
	t.Helper()
	return ingesttest.Dump(t, wh, map[string]string{
		"tickets": "j", "ticket_events": "j", "comments": "j", "ingest_runs": "j", "rejects": "j"})
}

type ticketRow struct {
	key, title, status string
	updated            time.Time
}

func tickets(t *testing.T, wh *warehouse.Warehouse) []ticketRow {
	t.Helper()
	rows, err := wh.Query(context.Background(), "select source_key, title, status, updated_at from tickets order by source_key")
	require.NoError(t, err)
	defer rows.Close()
	var out []ticketRow
	for rows.Next() {
		var r ticketRow
		require.NoError(t, rows.Scan(&r.key, &r.title, &r.status, &r.updated))
		out = append(out, r)
	}
	require.NoError(t, rows.Err())
	return out
}

func checkCounts(t *testing.T, wh *warehouse.Warehouse, sum ingest.Summary) {
	t.Helper()
	for _, f := range sum.Files {
		if !f.Unchanged {
			assert.Equal(t, f.RowsIn, f.Loaded+f.Rejected+f.Merged, "%s: rows_in = loaded + rejected + merged", f.Path)
		}
	}
	var bad int
	require.NoError(t, wh.QueryRow(context.Background(), "select count(*) from ingest_runs where rows_in <> loaded + rejected + merged").Scan(&bad))
	assert.Zero(t, bad, "ingest_runs rows where rows_in <> loaded + rejected + merged")
}

func TestRunDuplicateKeysLatestUpdatedWins(t *testing.T) {
	wh := openWarehouse(t)
	sum, err := run(t, wh, ingest.Options{Paths: paths("duplicates/tickets.csv")})
	require.NoError(t, err)
	require.Len(t, sum.Files, 1)
	f := sum.Files[0]
	assert.Equal(t, "jira_csv", f.Format)
	assert.Equal(t, "jira", f.Source)
	// IT-1 twice (the first row is the newer one), IT-2 once.
	assert.Equal(t, int64(3), f.RowsIn)
	assert.Equal(t, int64(2), f.Loaded)
	assert.Equal(t, int64(1), f.Merged)
	assert.Equal(t, int64(0), f.Rejected)
	checkCounts(t, wh, sum)
	assert.Equal(t, []ticketRow{
		{"IT-1", "Laptop fan loud (second look)", "in_progress", time.Date(2024, 4, 3, 10, 0, 0, 0, time.UTC)},
		{"IT-2", "Keyboard missing keys", "open", time.Date(2024, 4, 2, 9, 0, 0, 0, time.UTC)},
	}, tickets(t, wh))

	// A later export: an older copy of IT-1 loses, a newer IT-2 wins, IT-3 is new.
	sum, err = run(t, wh, ingest.Options{Paths: paths("updates/tickets.csv")})
	require.NoError(t, err)
	f = sum.Files[0]
	assert.Equal(t, int64(3), f.RowsIn)
	assert.Equal(t, int64(2), f.Loaded)
	assert.Equal(t, int64(1), f.Merged)
	checkCounts(t, wh, sum)
	assert.Equal(t, []ticketRow{
		{"IT-1", "Laptop fan loud (second look)", "in_progress", time.Date(2024, 4, 3, 10, 0, 0, 0, time.UTC)},
		{"IT-2", "Keyboard missing keys", "closed", time.Date(2024, 4, 4, 12, 0, 0, 0, time.UTC)},
		{"IT-3", "Dock not charging", "open", time.Date(2024, 4, 4, 13, 0, 0, 0, time.UTC)},
	}, tickets(t, wh))
}

func TestRunSameFileTwiceChangesNothing(t *testing.T) {
	wh := openWarehouse(t)
	_, err := run(t, wh, ingest.Options{Paths: paths("duplicates/tickets.csv")})
	require.NoError(t, err)
	before := snapshot(t, wh)

	sum, err := run(t, wh, ingest.Options{Paths: paths("duplicates/tickets.csv"), Now: func() time.Time { return time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC) }})
	require.NoError(t, err)
	require.Len(t, sum.Files, 1)
	assert.True(t, sum.Files[0].Unchanged)
	assert.Equal(t, before, snapshot(t, wh))
}

func TestRunKeepsRejectsWithTheirPlace(t *testing.T) {
	wh := openWarehouse(t)
	sum, err := run(t, wh, ingest.Options{Paths: paths("rejects/tickets.csv"), MaxRejectPct: 100})
	require.NoError(t, err)
	f := sum.Files[0]
	assert.Equal(t, int64(3), f.RowsIn)
	assert.Equal(t, int64(1), f.Loaded)
	assert.Equal(t, int64(2), f.Rejected)
	checkCounts(t, wh, sum)

	rows, err := wh.Query(context.Background(), "select line, column_name, reason from rejects order by line")
	require.NoError(t, err)
	defer rows.Close()
	type rej struct {
		line        int64
		col, reason string
	}
	var got []rej
	for rows.Next() {
		var r rej
		require.NoError(t, rows.Scan(&r.line, &r.col, &r.reason))
		got = append(got, r)
	}
	require.NoError(t, rows.Err())
	assert.Equal(t, []rej{
		{3, "Created", `cannot read "31/Fbr/24 3:15 PM" as a date (expected like 02/Jan/06 3:04 PM)`},
		{4, "6", "row has 6 fields but the header has 5 (is a value with a comma not quoted?)"},
	}, got)
}

// TestRunFailureLeavesWarehouseAsItWas: whatever stops a run, the tables
// are exactly as before it started.
func TestRunFailureLeavesWarehouseAsItWas(t *testing.T) {
	cases := []struct {
		name    string
		paths   []string
		wantErr string
		check   func(t *testing.T, err error)
	}{
		{
			name:  "too many rejects",
			paths: paths("rejects/tickets.csv"),
			check: func(t *testing.T, err error) {
				var rl *ingest.RejectLimitError
				require.True(t, errors.As(err, &rl), "want a RejectLimitError, got %v", err)
				assert.Equal(t, int64(2), rl.Rejected)
				assert.Equal(t, int64(3), rl.RowsIn)
			},
		},
		{
			name:  "bad second file",
			paths: paths("bad_second"),
			// b.csv has Jira's Issue key but no Created column, which
			// jira_csv cannot read without, so the generic csv connector
			// gets it and says what is missing.
			wantErr: `csv: ` + filepath.Join(runDir, "bad_second", "b.csv") + `: cannot tell which column holds created_at (columns: "Summary", "Issue key", "Issue Type", "Status"); add a source for this file to lanes.yaml with format: csv and mapping: {created_at: "<column>"}`,
		},
		{
			name:    "good file then header only",
			paths:   append(paths("updates/tickets.csv"), paths("header_only/tickets.csv")...),
			wantErr: filepath.Join(runDir, "header_only", "tickets.csv") + " (jira_csv): no rows found",
		},
		{
			name:    "empty file",
			paths:   paths("updates/tickets.csv", "empty/tickets.csv"),
			wantErr: filepath.Join(runDir, "empty", "tickets.csv") + ": file is empty",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			wh := openWarehouse(t)
			_, err := run(t, wh, ingest.Options{Paths: paths("duplicates/tickets.csv")})
			require.NoError(t, err)
			before := snapshot(t, wh)
			require.Len(t, before["tickets"], 2)
			require.Len(t, before["ingest_runs"], 1)

			_, err = run(t, wh, ingest.Options{Paths: tc.paths})
			require.Error(t, err)
			if tc.wantErr != "" {
				assert.Equal(t, tc.wantErr, err.Error())
			}
			if tc.check != nil {
				tc.check(t, err)
			}
			assert.Equal(t, before, snapshot(t, wh))
		})
	}
}

// TestRunConnectorFixtures loads every connector's good fixtures through
// the warehouse, so what the connectors emit is accepted by the real
// staging tables, and the counts add up.
func TestRunConnectorFixtures(t *testing.T) {
	cases := []struct {
		format, path string
		tickets      int
	}{
		{"jira_csv", "jira/testdata/repeated_columns/input.csv", 3},
		{"jira_csv", "jira/testdata/bad_rows/input.csv", 2},
		{"servicenow_csv", "servicenow/testdata/servicenow_csv/incident_fields/input.csv", 4},
		{"servicenow_csv", "servicenow/testdata/servicenow_csv/labels_ritm/input.csv", 3},
		{"servicenow_csv", "servicenow/testdata/servicenow_csv/windows1252/input.csv", 2},
		{"servicenow_json", "servicenow/testdata/servicenow_json/jsonv2_records/input.json", 2},
		{"servicenow_audit", "servicenow/testdata/servicenow_audit/reopen_reassign/input.csv", 2},
		{"freshservice_csv", "freshservice/testdata/freshservice_csv/ticket_list/input.csv", 3},
		{"freshservice_json", "freshservice/testdata/freshservice_json/tickets_page/input.json", 3},
		{"csv", "csvmap/testdata/heuristic/input.csv", 2},
	}
	wh := openWarehouse(t)
	for _, tc := range cases {
		t.Run(tc.path, func(t *testing.T) {
			sum, err := run(t, wh, ingest.Options{Paths: []string{filepath.FromSlash(tc.path)}, MaxRejectPct: 100})
			require.NoError(t, err)
			require.Len(t, sum.Files, 1)
			assert.Equal(t, tc.format, sum.Files[0].Format, "detected format")
			assert.Equal(t, int64(tc.tickets), sum.Files[0].Loaded)
			checkCounts(t, wh, sum)
		})
	}
	var comments int
	require.NoError(t, wh.QueryRow(context.Background(), "select count(*) from comments where source = 'jira'").Scan(&comments))
	assert.Equal(t, 3, comments)
	var labels []any
	require.NoError(t, wh.QueryRow(context.Background(), "select labels from tickets where source = 'jira' and source_key = 'IT-101'").Scan(&labels))
	assert.Equal(t, []any{"network", "remote-work", "p-sev2"}, labels)
	var events, reopens int
	require.NoError(t, wh.QueryRow(context.Background(), "select count(*), count(*) filter (where kind = 'reopen') from ticket_events where source = 'servicenow' and source_key = 'INC0080001'").Scan(&events, &reopens))
	assert.Equal(t, 13, events)
	assert.Equal(t, 1, reopens)
}

// historyConnector reads "key,title,created,updated" lines and gives the
// ticket titled "older" one status event, like an audit export would.
type historyConnector struct{}

func (historyConnector) Name() string                        { return "test_history" }
func (historyConnector) System() string                      { return "hist" }
func (historyConnector) Detect(string, []byte) (int, string) { return 0, "" }
func (historyConnector) Read(_ context.Context, in *ingest.Input, sink ingest.Sink) error {
	b, err := io.ReadAll(in.Reader)
	if err != nil {
		return err
	}
	for i, line := range strings.Split(strings.TrimSpace(string(b)), "\n")[1:] {
		f := strings.Split(line, ",")
		created, _ := time.Parse("2006-01-02 15:04", f[2])
		updated, _ := time.Parse("2006-01-02 15:04", f[3])
		if err := sink.Ticket(&ingest.Ticket{Key: f[0], Title: f[1], Status: ingest.StatusOpen, CreatedAt: created, UpdatedAt: updated, Line: int64(i + 2)}); err != nil {
			return err
		}
		if f[1] == "older" {
			if err := sink.Event(&ingest.Event{Key: f[0], At: updated, Kind: "status", From: "new", To: "open"}); err != nil {
				return err
			}
		}
	}
	return nil
}

func init() { ingest.Register(historyConnector{}) }

// TestHistoryDoesNotDependOnFileOrder loads a list export (newer ticket, no
// history) and an audit-style export (older copy of the ticket with its
// events) in both orders: the ticket row is the newer one and the events are
// kept either way.
func TestHistoryDoesNotDependOnFileOrder(t *testing.T) {
	dir := t.TempDir()
	list := filepath.Join(dir, "list.csv")
	audit := filepath.Join(dir, "audit.csv")
	require.NoError(t, os.WriteFile(list, []byte("key,title,created,updated\nK-1,newer,2026-03-02 09:00,2026-03-05 09:00\n"), 0o644))
	require.NoError(t, os.WriteFile(audit, []byte("key,title,created,updated\nK-1,older,2026-03-02 09:00,2026-03-03 09:00\n"), 0o644))
	for _, order := range [][]string{{list, audit}, {audit, list}} {
		wh := openWarehouse(t)
		for _, f := range order {
			_, err := run(t, wh, ingest.Options{Paths: []string{f}, Format: "test_history"})
			require.NoError(t, err)
		}
		var title string
		var events int
		require.NoError(t, wh.QueryRow(context.Background(), "select title, (select count(*) from ticket_events) from tickets").Scan(&title, &events))
		assert.Equal(t, "newer", title)
		assert.Equal(t, 1, events, "order %v", order)
	}
}
