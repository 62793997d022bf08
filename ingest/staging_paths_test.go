package ingest_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/ingest"
	_ "github.com/lanes-dev/lanes/ingest/all"
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
	dump := func(small int64) map[string]string {
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
		out := map[string]string{}
		for _, q := range []string{
			`select * exclude (raw), md5(raw::varchar) from tickets`,
			`select * from ticket_events`,
			`select * from comments`,
			`select * from messages`,
			`select * exclude (raw), md5(raw::varchar) from ticket_metrics`,
			`select * from ticket_copies`,
			`select * exclude (loaded_at) from ingest_runs`,
			`select * from rejects`,
		} {
			rows, err := wh.Query(ctx, q+` order by all`)
			require.NoError(t, err, q)
			cols, err := rows.Columns()
			require.NoError(t, err)
			var b strings.Builder
			n := 0
			for rows.Next() {
				vals := make([]any, len(cols))
				ptrs := make([]any, len(cols))
				for i := range vals {
					ptrs[i] = &vals[i]
				}
				require.NoError(t, rows.Scan(ptrs...))
				fmt.Fprintln(&b, vals...)
				n++
			}
			require.NoError(t, rows.Close())
			out[q] = fmt.Sprintf("%d rows\n%s", n, b.String())
		}
		return out
	}
	small, large := dump(1<<62), dump(0)
	for q, want := range large {
		assert.Equal(t, want, small[q], q)
	}
	assert.Contains(t, small[`select * from ticket_events`], "rows")
	assert.NotContains(t, small[`select * exclude (raw), md5(raw::varchar) from tickets`], "0 rows\n", "the sample has tickets")
}
