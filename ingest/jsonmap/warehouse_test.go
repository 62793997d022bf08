package jsonmap_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/ingest"
	_ "github.com/lanes-dev/lanes/ingest/all"
	"github.com/lanes-dev/lanes/models/config"
	"github.com/lanes-dev/lanes/models/warehouse"
)

// TestFixturesThroughWarehouse loads fixtures with `lanes ingest`'s own
// detection and staging: the detected format, exact big ids, and counts.
func TestFixturesThroughWarehouse(t *testing.T) {
	wh, err := warehouse.Open(context.Background(), ":memory:", warehouse.Options{})
	require.NoError(t, err)
	t.Cleanup(func() { _ = wh.Close() })
	cases := []struct {
		path, format     string
		loaded, rejected int64
	}{
		{"testdata/json/array_heuristic/input.json", "json", 2, 0},
		{"testdata/json/epoch_and_big_ids/input.json", "json", 2, 0},
		{"testdata/json/unknown_wrapper/input.json", "json", 2, 0},
		{"testdata/jsonl/lines/input.jsonl", "jsonl", 3, 4},
	}
	for _, tc := range cases {
		sum, err := ingest.Run(context.Background(), wh, config.Default(), ingest.Options{
			Paths:        []string{filepath.FromSlash(tc.path)},
			MaxRejectPct: 100,
			Now:          func() time.Time { return time.Date(2024, 9, 1, 0, 0, 0, 0, time.UTC) },
		})
		require.NoError(t, err, tc.path)
		f := sum.Files[0]
		assert.Equal(t, tc.format, f.Format, tc.path)
		assert.Equal(t, tc.loaded, f.Loaded, tc.path)
		assert.Equal(t, tc.rejected, f.Rejected, tc.path)
		assert.Equal(t, f.RowsIn, f.Loaded+f.Rejected+f.Merged+f.Skipped, tc.path)
	}
	var keys []string
	rows, err := wh.Query(context.Background(), `select source || ':' || source_key from tickets where length(source_key) > 15 order by 1`)
	require.NoError(t, err)
	defer rows.Close()
	for rows.Next() {
		var k string
		require.NoError(t, rows.Scan(&k))
		keys = append(keys, k)
	}
	require.NoError(t, rows.Err())
	assert.Equal(t, []string{"json:12345678901234567890", "json:9007199254740993", "jsonl:12345678901234567891"}, keys)
}
