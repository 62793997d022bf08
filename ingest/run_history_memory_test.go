package ingest_test

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/ingest"
	"github.com/lanes-dev/lanes/ingest/benchgen"
	_ "github.com/lanes-dev/lanes/ingest/eventlog"
	"github.com/lanes-dev/lanes/models/config"
	"github.com/lanes-dev/lanes/models/warehouse"
)

// TestManyEventsInOneRunFitTheMemoryCap loads 120,000 tickets' histories
// (about 550,000 events, in four files) in one run under a 64 MB cap.
// One run is one transaction, and DuckDB keeps the index of the rows a
// transaction adds in memory it cannot spill: with a primary key on
// ticket_events this run ran out of memory (as 46M events did under the
// default cap); without one, everything it holds can spill.
func TestManyEventsInOneRunFitTheMemoryCap(t *testing.T) {
	dir := t.TempDir()
	logs := filepath.Join(dir, "logs")
	require.NoError(t, os.Mkdir(logs, 0o755))
	n, err := benchgen.EventLogCSV(120_000, 3, 30_000, func(part int) (io.WriteCloser, error) {
		return os.Create(filepath.Join(logs, fmt.Sprintf("events-%d.csv", part)))
	})
	require.NoError(t, err)
	require.Greater(t, n, 500_000)
	ctx := context.Background()
	wh, err := warehouse.Open(ctx, filepath.Join(dir, "lanes.duckdb"), warehouse.Options{MemoryLimit: "64MB"})
	require.NoError(t, err)
	defer wh.Close()
	cfg := config.Default()
	cfg.Warehouse.MemoryLimit = "64MB"
	sum, err := ingest.Run(ctx, wh, cfg, ingest.Options{Paths: []string{logs},
		Now: func() time.Time { return time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC) }})
	require.NoError(t, err)
	require.Len(t, sum.Files, 4)
	var tickets, events, dups int64
	require.NoError(t, wh.QueryRow(ctx, `select (select count(*) from tickets), (select count(*) from ticket_events),
		(select count(*) from (select 1 from ticket_events group by source, source_key, seq having count(*) > 1))`).Scan(&tickets, &events, &dups))
	assert.Equal(t, int64(120_000), tickets)
	assert.Greater(t, events, int64(n))
	assert.Zero(t, dups, "each event key once")
}
