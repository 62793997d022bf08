package ingest_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/ingest"
	"github.com/lanes-dev/lanes/models/config"
	"github.com/lanes-dev/lanes/models/warehouse"
)

// marker is written into every free-text field of the privacy fixtures: a
// Jira CSV (descriptions, two comment columns, a repeated key whose copies
// differ only in their description, and a row rejected for its dates) and
// a Slack export (a help thread of two messages).
const marker = "ZQXSECRET"

// markerHits counts, per table.column, the rows whose text holds marker,
// over every VARCHAR, JSON and list column of every table in the warehouse.
func markerHits(t *testing.T, wh *warehouse.Warehouse) map[string]int64 {
	t.Helper()
	ctx := context.Background()
	rows, err := wh.Query(ctx, `select table_name, column_name from duckdb_columns()
		where not internal and (data_type in ('VARCHAR', 'JSON') or data_type like '%[]')
		order by table_name, column_name`)
	require.NoError(t, err)
	var cols [][2]string
	for rows.Next() {
		var c [2]string
		require.NoError(t, rows.Scan(&c[0], &c[1]))
		cols = append(cols, c)
	}
	require.NoError(t, rows.Err())
	require.NoError(t, rows.Close())
	require.NotEmpty(t, cols)
	hits := map[string]int64{}
	for _, c := range cols {
		var n int64
		q := fmt.Sprintf(`select count(*) from %q where contains(cast(%q as varchar), '%s')`, c[0], c[1], marker)
		require.NoError(t, wh.QueryRow(ctx, q).Scan(&n), q)
		if n > 0 {
			hits[c[0]+"."+c[1]] = n
		}
	}
	return hits
}

func ingestPrivacy(t *testing.T, exclude bool) (*warehouse.Warehouse, ingest.Summary) {
	t.Helper()
	wh := openWarehouse(t)
	cfg := config.Default()
	cfg.Privacy.ExcludeDescriptions = exclude
	dir := filepath.Join("testdata", "privacy")
	sum, err := ingest.Run(context.Background(), wh, cfg, ingest.Options{
		Paths:        []string{filepath.Join(dir, "jira.csv"), filepath.Join(dir, "slack")},
		MaxRejectPct: 100,
		Now:          func() time.Time { return time.Date(2024, 4, 10, 12, 0, 0, 0, time.UTC) },
	})
	require.NoError(t, err)
	return wh, sum
}

// TestExcludeDescriptionsAtIngest checks privacy.exclude_descriptions: no
// free text reaches any table, while the rows themselves still load.
func TestExcludeDescriptionsAtIngest(t *testing.T) {
	// Without the option the marker is stored where the test looks, so the
	// search below can find it.
	wh, _ := ingestPrivacy(t, false)
	hits := markerHits(t, wh)
	for _, col := range []string{"tickets.description", "tickets.raw", "comments.body", "messages.text", "rejects.raw"} {
		assert.Positive(t, hits[col], "without the option, %s holds the marker", col)
	}

	wh, sum := ingestPrivacy(t, true)
	assert.Empty(t, markerHits(t, wh), "with privacy.exclude_descriptions, no column holds the marker")

	// The rows are there: IT-1, IT-2 (two copies, one kept) and IT-3
	// rejected; two comments on IT-1; two Slack messages.
	require.Len(t, sum.Files, 2)
	assert.Equal(t, "jira_csv", sum.Files[0].Format)
	assert.Equal(t, int64(1), sum.Files[0].Rejected)
	count := func(q string) int64 {
		var n int64
		require.NoError(t, wh.QueryRow(context.Background(), q).Scan(&n), q)
		return n
	}
	assert.Equal(t, int64(2), count(`select count(*) from tickets`))
	assert.Equal(t, int64(0), count(`select count(*) from tickets where description is not null`))
	assert.Equal(t, int64(2), count(`select count(*) from tickets where title is not null`), "titles are kept")
	assert.Equal(t, int64(2), count(`select count(*) from comments where source_key = 'IT-1' and body is null`))
	assert.Equal(t, int64(2), count(`select count(*) from messages where text is null`))
	assert.Equal(t, int64(1), count(`select count(*) from rejects where raw is null`))
	// The original record is replaced by its SHA-256 (64 hex digits), which
	// keeps the tie-break between IT-2's two equally recent copies.
	assert.Equal(t, int64(2), count(`select count(*) from tickets
		where json_keys(raw) = ['sha256'] and regexp_full_match(raw->>'sha256', '[0-9a-f]{64}')`))
}

// TestExcludeDescriptionsTieBreakIsOrderFree loads IT-2's two equally
// recent copies in both orders: the same copy wins either way.
func TestExcludeDescriptionsTieBreakIsOrderFree(t *testing.T) {
	header := "Summary,Issue key,Status,Created,Updated,Description,Assignee\n"
	a := "Need access,IT-2,Open,05/Apr/24 11:00 AM,05/Apr/24 11:00 AM,first " + marker + ",ann\n"
	b := "Need access,IT-2,Open,05/Apr/24 11:00 AM,05/Apr/24 11:00 AM,second " + marker + ",bob\n"
	// winnerRuns loads the files in one run, or each in its own run (the
	// stored copy then committed before the next is merged).
	winnerRuns := func(separate bool, files ...string) string {
		wh := openWarehouse(t)
		cfg := config.Default()
		cfg.Privacy.ExcludeDescriptions = true
		dir := t.TempDir()
		var paths []string
		for i, body := range files {
			p := filepath.Join(dir, fmt.Sprintf("%d.csv", i))
			writeFile(t, p, []byte(header+body))
			paths = append(paths, p)
		}
		runs := [][]string{paths}
		if separate {
			runs = nil
			for _, p := range paths {
				runs = append(runs, []string{p})
			}
		}
		for _, run := range runs {
			_, err := ingest.Run(context.Background(), wh, cfg, ingest.Options{Paths: run,
				Now: func() time.Time { return time.Date(2024, 4, 10, 12, 0, 0, 0, time.UTC) }})
			require.NoError(t, err)
		}
		var who string
		require.NoError(t, wh.QueryRow(context.Background(), `select assignee from tickets`).Scan(&who))
		return who
	}
	winner := func(files ...string) string { return winnerRuns(false, files...) }
	w1 := winner(a, b)
	w2 := winner(b, a)
	assert.Equal(t, w1, w2)
	assert.Equal(t, w1, winner(a+b), "two copies in one file")
	assert.Equal(t, w1, winner(b+a))
	assert.Equal(t, w1, winnerRuns(true, a, b), "one run per file")
	assert.Equal(t, w1, winnerRuns(true, b, a))
}

// TestExcludeDescriptionsSkipsFastPath loads a Jira CSV large enough for
// the connector's DuckDB fast path (8 MiB and more), which writes rows
// past the sink: with privacy.exclude_descriptions the file is read in Go
// instead, so its descriptions and comments are not stored either.
func TestExcludeDescriptionsSkipsFastPath(t *testing.T) {
	var b strings.Builder
	b.WriteString("Summary,Issue key,Status,Created,Updated,Description,Comment\n")
	pad := strings.Repeat("x", 120)
	for i := 1; b.Len() < 9<<20; i++ {
		fmt.Fprintf(&b, "Printer jam %d,IT-%d,Open,05/Apr/24 11:00 AM,05/Apr/24 11:00 AM,\"%s %s\",\"05/Apr/24 11:30 AM;ivy;%s\"\n",
			i, i, marker, pad, marker)
	}
	path := writeFile(t, filepath.Join(t.TempDir(), "big.csv"), []byte(b.String()))
	wh := openWarehouse(t)
	cfg := config.Default()
	cfg.Privacy.ExcludeDescriptions = true
	sum, err := ingest.Run(context.Background(), wh, cfg, ingest.Options{Paths: []string{path},
		Now: func() time.Time { return time.Date(2024, 4, 10, 12, 0, 0, 0, time.UTC) }})
	require.NoError(t, err)
	require.Len(t, sum.Files, 1)
	assert.Positive(t, sum.Files[0].Loaded)
	assert.Empty(t, markerHits(t, wh))
}

// TestRejectReasonsCarryNoText: a comment or work log that cannot be read
// is rejected with a reason that names the problem, not the text, which
// privacy.exclude_descriptions keeps out of the warehouse.
func TestRejectReasonsCarryNoText(t *testing.T) {
	wh := openWarehouse(t)
	cfg := config.Default()
	cfg.Privacy.ExcludeDescriptions = true
	secret := "Employee Jane Roe salary details"
	path := writeFile(t, filepath.Join(t.TempDir(), "issues.csv"), []byte("Summary,Issue key,Status,Created,Comment,Log Work\n"+
		"Printer,IT-1,Open,05/Apr/24 11:00 AM,"+secret+",\n"+
		"Scanner,IT-2,Open,05/Apr/24 11:00 AM,,"+secret+"\n"+
		"Laptop,IT-3,Open,05/Apr/24 11:00 AM,,"+secret+";05/Apr/24 11:00 AM;ann;"+secret+"\n"+
		"Phone,IT-4,Open,05/Apr/24 11:00 AM,,\n"))
	_, err := ingest.Run(context.Background(), wh, cfg, ingest.Options{Paths: []string{path}, MaxRejectPct: 100,
		Now: func() time.Time { return time.Date(2024, 4, 10, 12, 0, 0, 0, time.UTC) }})
	require.NoError(t, err)
	rows, err := wh.Query(context.Background(), `select line, reason, raw from rejects order by line`)
	require.NoError(t, err)
	defer rows.Close()
	var lines []int64
	for rows.Next() {
		var line int64
		var reason string
		var raw sql.NullString
		require.NoError(t, rows.Scan(&line, &reason, &raw))
		lines = append(lines, line)
		assert.NotContains(t, reason, "Jane", "line %d", line)
		assert.False(t, raw.Valid, "line %d keeps no raw text", line)
	}
	assert.Equal(t, []int64{2, 3, 4}, lines)
}
