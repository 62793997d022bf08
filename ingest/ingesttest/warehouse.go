package ingesttest

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/ingest"
	"github.com/lanes-dev/lanes/models/config"
	"github.com/lanes-dev/lanes/models/warehouse"
)

// Dump returns every row of each table as JSON, one string per row,
// ordered by the expression given for the table ("j" is the row's JSON,
// "rowid" the order the rows were written in), for comparing what two
// ingests left behind. It also requires that the run detached every
// scratch database it attached.
func Dump(tb testing.TB, wh *warehouse.Warehouse, tables map[string]string) map[string][]string {
	tb.Helper()
	ctx := context.Background()
	var scratches int
	require.NoError(tb, wh.QueryRow(ctx, `select count(*) from duckdb_databases() where starts_with(database_name, 'lanes_scratch')`).Scan(&scratches))
	require.Zero(tb, scratches, "the run detaches the scratch databases it attached")
	out := map[string][]string{}
	for table, order := range tables {
		rows, err := wh.Query(ctx, "select to_json(x)::varchar as j from "+table+" x order by "+order)
		require.NoError(tb, err)
		for rows.Next() {
			var j string
			require.NoError(tb, rows.Scan(&j))
			out[table] = append(out[table], j)
		}
		require.NoError(tb, rows.Err())
		require.NoError(tb, rows.Close())
	}
	return out
}

// Loaded is what one ingest of a file left behind, for comparing two ways
// of reading it (in memory and grouped on disk, say).
type Loaded struct {
	Err   string // the run's error, if any
	Files []ingest.FileResult
	// Tables holds tickets, ticket_events, rejects and ingest_runs as
	// Dump gives them, a row a line: rejects in the order they were
	// written, the rest sorted.
	Tables map[string]string
}

// loadedTables are the tables Loaded keeps, and their order for Dump.
var loadedTables = map[string]string{"tickets": "j", "ticket_events": "j", "rejects": "rowid", "ingest_runs": "j"}

// LoadFile ingests path under cfg (whose sources say how to read it) into
// a fresh in-memory warehouse, at a fixed time and with no reject limit.
func LoadFile(tb testing.TB, cfg *config.Config, path string) Loaded {
	tb.Helper()
	ctx := context.Background()
	wh, err := warehouse.Open(ctx, ":memory:", warehouse.Options{})
	require.NoError(tb, err)
	defer wh.Close()
	sum, err := ingest.Run(ctx, wh, cfg, ingest.Options{Paths: []string{path}, MaxRejectPct: 100,
		Now: func() time.Time { return time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC) }})
	out := Loaded{Files: sum.Files, Tables: map[string]string{}}
	if err != nil {
		out.Err = err.Error()
	}
	for table, rows := range Dump(tb, wh, loadedTables) {
		out.Tables[table] = strings.Join(rows, "\n")
	}
	return out
}

// SameLoad requires two loads to have left the same behind.
func SameLoad(tb testing.TB, want, got Loaded) {
	tb.Helper()
	assert.Equal(tb, want.Err, got.Err, "error")
	assert.Equal(tb, want.Files, got.Files, "file results")
	for table := range loadedTables {
		assert.Equal(tb, want.Tables[table], got.Tables[table], "table %s", table)
	}
}
