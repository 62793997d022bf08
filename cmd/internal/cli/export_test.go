package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/lanes-dev/lanes/models/warehouse"
)

func TestExportFormats(t *testing.T) {
	db := weeklyDB(t)
	dir := t.TempDir()

	// CSV to stdout: the hostile example key is neutralized, numbers are not.
	code, out, errOut := run(t, "", "--db", db, "export", "automation_candidates")
	require.Equal(t, 0, code, errOut)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.Len(t, lines, 7)
	assert.Equal(t, "rank,intent,intent_class,tickets,tickets_per_week,median_handle_minutes,cv_handle_minutes,escalation_rate,reopen_rate,score,hours_saved_per_month,example_keys", lines[0])
	assert.True(t, strings.HasPrefix(lines[1], "6,offboarding,it,2,0.5,90,"), lines[1])

	// The -o extension picks xlsx.
	xlsx := filepath.Join(dir, "candidates.xlsx")
	code, _, errOut = run(t, "", "--db", db, "export", "volume_by_tool", "-o", xlsx)
	require.Equal(t, 0, code, errOut)
	f, err := excelize.OpenFile(xlsx)
	require.NoError(t, err)
	defer f.Close()
	rows, err := f.GetRows("volume_by_tool")
	require.NoError(t, err)
	assert.Len(t, rows, 15, "header + 14 rows")
	assert.Equal(t, []string{"week_start", "tool", "tickets", "share", "prev_week_tickets", "change_pct"}, rows[0])

	// Parquet, read back by DuckDB.
	pq := filepath.Join(dir, "volume.parquet")
	code, _, errOut = run(t, "", "--db", db, "export", "volume_by_tool", "--format", "parquet", "-o", pq)
	require.Equal(t, 0, code, errOut)
	ctx := context.Background()
	wh, err := warehouse.Open(ctx, ":memory:", warehouse.Options{})
	require.NoError(t, err)
	defer wh.Close()
	var n, tickets int
	require.NoError(t, wh.QueryRow(ctx, "select count(*), sum(tickets) from read_parquet($1)", pq).Scan(&n, &tickets))
	assert.Equal(t, 14, n)
	assert.Equal(t, 1+2+1+1+2+1+1+1+1+1+1+1+2+4, tickets)

	// JSON to a file; no temporary file is left behind.
	js := filepath.Join(dir, "params.json")
	code, _, errOut = run(t, "", "--db", db, "export", "dim_parameters", "-o", js)
	require.Equal(t, 0, code, errOut)
	b, err := os.ReadFile(js)
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(string(b), "[\n  {\"name\":\"automatable_share\""), string(b))
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	for _, e := range entries {
		assert.False(t, strings.HasPrefix(e.Name(), ".lanes-"), e.Name())
	}
}

func TestExportUnknownTable(t *testing.T) {
	db := weeklyDB(t)
	out := filepath.Join(t.TempDir(), "x.csv")
	code, stdout, errOut := run(t, "", "--db", db, "export", "volume_by_tol", "-o", out)
	assert.Equal(t, ExitUsage, code)
	assert.Empty(t, stdout)
	assert.Contains(t, errOut, `export: no table "volume_by_tol" in the warehouse; tables: automation_candidates, `)
	assert.Contains(t, errOut, "volume_by_tool")
	_, err := os.Stat(out)
	assert.True(t, os.IsNotExist(err), "nothing written")

	code, _, errOut = run(t, "", "--db", db, "export", "tickets", "--format", "docx")
	assert.Equal(t, ExitUsage, code)
	assert.Contains(t, errOut, `--format "docx": want one of csv, xlsx, parquet, json`)

	code, _, _ = run(t, "", "--db", db, "export")
	assert.Equal(t, ExitUsage, code)
}
