package ingest_test

import (
	"context"
	"path/filepath"
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

// TestSmallAndLargeFilesStageAlike: the bundled sample data (20 files of
// every format) gives the same tables whether each file is staged as a
// small one (in the run's transaction, on one thread) or as a large one
// (in a scratch database of its own, on every thread): the two ways run
// the same statements on tables in two places, and only memory and speed
// may differ (ingest.SmallFileBytes).
func TestSmallAndLargeFilesStageAlike(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the sample data twice")
	}
	cfg, err := config.Load(filepath.Join("..", "sample-data", "lanes.yaml"), false)
	require.NoError(t, err)
	const tickets = `(select * exclude (raw), md5(raw::varchar) as raw_md5 from tickets)`
	dump := func(small int64) map[string][]string {
		old := ingest.SmallFileBytes
		ingest.SmallFileBytes = small
		defer func() { ingest.SmallFileBytes = old }()
		ctx := context.Background()
		wh, err := warehouse.Open(ctx, filepath.Join(t.TempDir(), "lanes.duckdb"), warehouse.Options{})
		require.NoError(t, err)
		defer wh.Close()
		_, err = ingest.Run(ctx, wh, cfg, ingest.Options{Paths: []string{filepath.Join("..", "sample-data")},
			Now: func() time.Time { return time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC) }})
		require.NoError(t, err)
		return ingesttest.Dump(t, wh, map[string]string{
			tickets:         "j",
			"ticket_events": "j",
			"comments":      "j",
			"messages":      "j",
			"(select * exclude (raw), md5(raw::varchar) as raw_md5 from ticket_metrics)": "j",
			"ticket_copies":     "j",
			"comment_owners":    "j",
			"detached_comments": "j",
			"(select * exclude (loaded_at) from ingest_runs)": "j",
			"rejects": "j",
		})
	}
	small, large := dump(1<<62), dump(0)
	for table, want := range large {
		assert.Equal(t, want, small[table], table)
	}
	assert.NotEmpty(t, small["ticket_events"], "the sample has events")
	assert.NotEmpty(t, small[tickets], "the sample has tickets")
}
