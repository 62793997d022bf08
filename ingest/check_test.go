package ingest_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/ingest"
	"github.com/lanes-dev/lanes/models/config"
)

// TestTicketCheck: the rules every staged ticket meets.
func TestTicketCheck(t *testing.T) {
	at := func(h int) *time.Time {
		v := time.Date(2024, 3, 4, h, 0, 0, 0, time.UTC)
		return &v
	}
	for _, tc := range []struct {
		name           string
		t              ingest.Ticket
		column, reason string
	}{
		{"fine", ingest.Ticket{Key: "K-1", CreatedAt: *at(9), ResolvedAt: at(10), ClosedAt: at(9), Status: ingest.StatusClosed}, "", ""},
		{"no key", ingest.Ticket{Key: " ", CreatedAt: *at(9), Status: ingest.StatusOpen}, "key", "ticket has no key"},
		{"no creation time", ingest.Ticket{Key: "K-1", Status: ingest.StatusOpen}, "created_at", "ticket has no creation time"},
		{"resolved before created", ingest.Ticket{Key: "K-1", CreatedAt: *at(9), ResolvedAt: at(8), Status: ingest.StatusResolved},
			"resolved_at", "resolved (2024-03-04T08:00:00Z) before it was created (2024-03-04T09:00:00Z)"},
		{"closed before created", ingest.Ticket{Key: "K-1", CreatedAt: *at(9), ClosedAt: at(7), Status: ingest.StatusClosed},
			"closed_at", "closed (2024-03-04T07:00:00Z) before it was created (2024-03-04T09:00:00Z)"},
		{"unknown status", ingest.Ticket{Key: "K-1", CreatedAt: *at(9), Status: "done"}, "status", `status "done" is not one of new, open, in_progress, waiting, resolved, closed, canceled`},
	} {
		column, reason := tc.t.Check()
		assert.Equal(t, []string{tc.column, tc.reason}, []string{column, reason}, tc.name)
	}
}

// TestAmbiguousTimeWarnedAtItsLine: an event log's repeated local time is
// warned at the line it is on, not at the first line of its case.
func TestAmbiguousTimeWarnedAtItsLine(t *testing.T) {
	wh := openWarehouse(t)
	cfg := config.Default()
	cfg.Calendar.TimeZone = "Europe/Berlin"
	path := writeFile(t, filepath.Join(t.TempDir(), "log.csv"), []byte("case_id,activity,timestamp,resource\n"+
		"C1,Open,2026-10-24 09:00:00,dan\n"+
		"C2,Open,2026-10-25 01:00:00,carol\n"+
		"C1,Close,2026-10-24 12:00:00,dan\n"+
		"C2,Work,2026-10-25 02:30:00,carol\n")) // line 5: 02:30 happens twice that night
	sum, err := ingest.Run(context.Background(), wh, cfg, ingest.Options{Paths: []string{path},
		Now: func() time.Time { return time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC) }})
	require.NoError(t, err)
	require.Len(t, sum.Files, 1)
	require.Len(t, sum.Files[0].AmbiguousTimes, 1)
	assert.Equal(t, int64(5), sum.Files[0].AmbiguousTimes[0].Line)
}

// TestUnchangedFileWithNewSettingsSaysSo: a file loaded again after its
// source's time zone changed is still skipped (its rows keep the first
// reading), and the result says which setting changed; loaded again with
// the same settings, nothing is said.
func TestUnchangedFileWithNewSettingsSaysSo(t *testing.T) {
	wh := openWarehouse(t)
	path := writeFile(t, filepath.Join(t.TempDir(), "log.csv"), []byte("case_id,activity,timestamp,resource\n"+
		"C1,Open,2026-03-02 09:00:00,dan\nC1,Close,2026-03-02 12:00:00,dan\n"))
	run := func(tz string) ingest.FileResult {
		cfg := config.Default()
		cfg.Calendar.TimeZone = tz
		sum, err := ingest.Run(context.Background(), wh, cfg, ingest.Options{Paths: []string{path},
			Now: func() time.Time { return time.Date(2026, 4, 1, 12, 0, 0, 0, time.UTC) }})
		require.NoError(t, err)
		require.Len(t, sum.Files, 1)
		return sum.Files[0]
	}
	assert.False(t, run("UTC").Unchanged)
	same := run("UTC")
	assert.True(t, same.Unchanged)
	assert.Empty(t, same.SettingsChanged)
	moved := run("Europe/Berlin")
	assert.True(t, moved.Unchanged)
	assert.Equal(t, "time_zone: UTC → Europe/Berlin", moved.SettingsChanged)
	assert.Contains(t, moved.Warnings()[0], "already loaded with other settings (time_zone: UTC → Europe/Berlin)")
	var created time.Time
	require.NoError(t, wh.QueryRow(context.Background(), `select created_at from tickets`).Scan(&created))
	assert.Equal(t, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC), created.UTC(), "the first reading stays")
}

// TestAmbiguousTimeReadTwiceCountsOnce: a history's last update time is
// read for its event and again for the ticket; the repeated 02:10 on line
// 4 counts once, where it counted twice.
func TestAmbiguousTimeReadTwiceCountsOnce(t *testing.T) {
	wh := openWarehouse(t)
	cfg := config.Default()
	cfg.Calendar.TimeZone = "Europe/Berlin"
	path := writeFile(t, filepath.Join(t.TempDir(), "history.csv"), []byte(
		"number,sys_mod_count,sys_updated_on,sys_updated_by,state,assignment_group,opened_at\n"+
			"INC1,0,2024-10-27 01:00:00,a,New,G,2024-10-27 01:00:00\n"+
			"INC1,1,2024-10-27 04:30:00,b,In Progress,G,2024-10-27 01:00:00\n"+
			"INC1,2,2024-10-27 02:10:00,c,Resolved,G,2024-10-27 01:00:00\n"+
			"INC2,0,2024-10-28 01:00:00,a,New,G,2024-10-28 01:00:00\n"))
	sum, err := ingest.Run(context.Background(), wh, cfg, ingest.Options{Paths: []string{path},
		Now: func() time.Time { return time.Date(2024, 11, 1, 12, 0, 0, 0, time.UTC) }})
	require.NoError(t, err)
	require.Len(t, sum.Files, 1)
	f := sum.Files[0]
	assert.Equal(t, "servicenow_audit", f.Format)
	assert.Equal(t, int64(1), f.Ambiguous)
	require.Len(t, f.AmbiguousTimes, 1)
	assert.Equal(t, []any{int64(4), "2024-10-27 02:10"}, []any{f.AmbiguousTimes[0].Line, f.AmbiguousTimes[0].Wall})
}

// TestSettingsChangeNamesDateOrderAndRecords: date_order and records are
// settings a file is read with, so a change to either is named too.
func TestSettingsChangeNamesDateOrderAndRecords(t *testing.T) {
	wh := openWarehouse(t)
	dir := t.TempDir()
	path := writeFile(t, filepath.Join(dir, "r.json"), []byte(`{"data": {"issues": {"nodes": [{"id": 1, "created": "03/04/2024 10:00"}]},`+
		` "search": {"nodes": [{"id": 1, "created": "03/04/2024 10:00"}]}}}`))
	run := func(order, records string) ingest.FileResult {
		cfg := config.Default()
		cfg.Sources = []config.Source{{Name: "s", Path: path, Format: "json", DateOrder: order, Records: records}}
		sum, err := ingest.Run(context.Background(), wh, cfg, ingest.Options{Paths: []string{path},
			Now: func() time.Time { return time.Date(2026, 4, 1, 12, 0, 0, 0, time.UTC) }})
		require.NoError(t, err)
		require.Len(t, sum.Files, 1)
		return sum.Files[0]
	}
	assert.False(t, run("day_first", "data.issues.nodes").Unchanged)
	moved := run("month_first", "data.search.nodes")
	assert.True(t, moved.Unchanged)
	assert.Equal(t, "date_order: day_first → month_first, records: data.issues.nodes → data.search.nodes", moved.SettingsChanged)
}

// TestDryRunReasonForSourceFlag: --source beats a source's format, and the
// reason says it was given, not that the source set it.
func TestDryRunReasonForSourceFlag(t *testing.T) {
	path := writeFile(t, filepath.Join(t.TempDir(), "r.json"), []byte(`{"id": 1, "created": "2024-03-01 10:00"}`+"\n"))
	cfg := config.Default()
	cfg.File = filepath.Join(filepath.Dir(path), "lanes.yaml")
	cfg.Sources = []config.Source{{Name: "s", Path: path, Format: "json"}}
	for format, want := range map[string]string{
		"":      `format "json" set for source "s" in ` + cfg.File,
		"jsonl": "format given",
	} {
		sum, err := ingest.Run(context.Background(), openWarehouse(t), cfg, ingest.Options{Paths: []string{path}, Format: format, DryRun: true})
		require.NoError(t, err)
		require.Len(t, sum.Files, 1)
		assert.Equal(t, want, sum.Files[0].Reason, "--source %q", format)
	}
}
