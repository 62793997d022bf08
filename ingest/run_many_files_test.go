package ingest_test

import (
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
	_ "github.com/lanes-dev/lanes/ingest/jira"
	"github.com/lanes-dev/lanes/models/config"
	"github.com/lanes-dev/lanes/models/warehouse"
)

// TestManySmallFilesInOneRunFitTheMemoryCap loads 500 daily exports of a
// few tickets each in one run under a 48 MB cap. DuckDB keeps what a
// transaction created until it ends, dropped or not: a scratch database
// per file kept about 1.5 MB each (a run of about a thousand files ran
// out of the default cap), and an insert on several threads about 19 KB
// a column; so small files share staging tables in the transaction and
// are merged on one thread (ingest.SmallFileBytes). Each file has four
// tickets, two of them updating the day before's (so every merge ranks
// stored rows), each with a comment.
func TestManySmallFilesInOneRunFitTheMemoryCap(t *testing.T) {
	const days = 500
	dir := t.TempDir()
	exports := filepath.Join(dir, "exports")
	require.NoError(t, os.Mkdir(exports, 0o755))
	first := time.Date(2024, 1, 1, 9, 0, 0, 0, time.UTC)
	for d := 0; d < days; d++ {
		var b strings.Builder
		b.WriteString("Issue key,Summary,Status,Created,Updated,Comment\n")
		day := first.AddDate(0, 0, d)
		for k := 0; k < 4; k++ {
			key := 2*d + k // keys 2d and 2d+1 were in the day before's file too
			created := first.AddDate(0, 0, key/2)
			if created.After(day) {
				created = day
			}
			fmt.Fprintf(&b, "IT-%d,Ticket %d,Open,%s,%s,%s;ana;seen on day %d\n", key, key,
				created.Format("2006-01-02 15:04"), day.Add(time.Duration(k)*time.Minute).Format("2006-01-02 15:04"),
				day.Format("2006-01-02 15:04"), d)
		}
		require.NoError(t, os.WriteFile(filepath.Join(exports, fmt.Sprintf("day-%03d.csv", d)), []byte(b.String()), 0o644))
	}
	ctx := context.Background()
	wh, err := warehouse.Open(ctx, filepath.Join(dir, "lanes.duckdb"), warehouse.Options{MemoryLimit: "48MB"})
	require.NoError(t, err)
	defer wh.Close()
	cfg := config.Default()
	cfg.Warehouse.MemoryLimit = "48MB"
	var threads int64
	require.NoError(t, wh.QueryRow(ctx, `select current_setting('threads')`).Scan(&threads))
	sum, err := ingest.Run(ctx, wh, cfg, ingest.Options{Paths: []string{exports}, Format: "jira_csv",
		Now: func() time.Time { return time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC) }})
	require.NoError(t, err)
	require.Len(t, sum.Files, days)
	// Keys 0 .. 2*days+1, each once; every file but the first brings two
	// keys the day before brought, which win (updated later).
	var tickets, comments, merged int64
	require.NoError(t, wh.QueryRow(ctx, `select (select count(*) from tickets), (select count(*) from comments),
		(select sum(merged) from ingest_runs)`).Scan(&tickets, &comments, &merged))
	assert.Equal(t, int64(2*days+2), tickets)
	assert.Equal(t, int64(2*days+2), comments, "each ticket keeps the comment of the copy that won")
	assert.Zero(t, merged, "a newer copy replaces the stored one: loaded, not merged")
	var after int64
	require.NoError(t, wh.QueryRow(ctx, `select current_setting('threads')`).Scan(&after))
	assert.Equal(t, threads, after, "the run gives its threads back")
}
