package ingest_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/ingest"
)

// TestRunReadsFilesNextToABundle: a Slack export unzipped into a folder
// that also holds other exports claims only its own files (channels.json,
// users.json, Slack's other lists, the channels' daily files); the
// folder's other files, a folder of pages named by date that are not
// Slack messages among them, are inputs of their own, as a folder or as a
// .zip, instead of being passed over. The export is hashed over its own
// files alone: the same as the export by itself.
func TestRunReadsFilesNextToABundle(t *testing.T) {
	export := map[string]string{
		"channels.json":           `[{"id": "C1", "name": "it-help"}]`,
		"users.json":              `[{"id": "U1", "real_name": "Ana Lima"}]`,
		"integration_logs.json":   `{"logs": []}`,
		"it-help/2024-03-01.json": `[{"type": "message", "user": "U1", "ts": "1709283600.000100", "text": "VPN down, see IT-1"}]`,
	}
	others := map[string]string{
		"tickets.csv": "Summary,Issue key,Issue Type,Status,Created\n" +
			"VPN down,IT-1,Incident,Open,01/Mar/24 9:00 AM\n" +
			"Printer jammed,IT-2,Incident,Done,01/Mar/24 10:00 AM\n",
		"extra/more.csv": "Summary,Issue key,Issue Type,Status,Created\n" +
			"New laptop,IT-3,Service Request,Open,02/Mar/24 9:00 AM\n",
	}
	dir := t.TempDir()
	alone := filepath.Join(dir, "alone")
	mixed := filepath.Join(dir, "mixed")
	var entries []entry
	for _, name := range []string{"channels.json", "extra/more.csv", "integration_logs.json", "it-help/2024-03-01.json", "tickets.csv", "users.json"} {
		body, ok := export[name]
		if ok {
			writeFile(t, filepath.Join(alone, filepath.FromSlash(name)), []byte(body))
		} else {
			body = others[name]
		}
		writeFile(t, filepath.Join(mixed, filepath.FromSlash(name)), []byte(body))
		entries = append(entries, entry{name: name, body: body})
	}
	archive := writeFile(t, filepath.Join(dir, "mixed.zip"), buildZip(t, entries...))

	// A folder of pages named by date that are not lists of Slack
	// messages is not a channel of the export.
	page := writeFile(t, filepath.Join(dir, "pages", "zendesk", "2026-09-01.json"), []byte(`{"tickets": []}`))
	for name, body := range export {
		writeFile(t, filepath.Join(dir, "pages", filepath.FromSlash(name)), []byte(body))
	}
	names, err := ingest.ExpandPaths([]string{filepath.Join(dir, "pages")})
	require.NoError(t, err)
	assert.Equal(t, []string{filepath.Join(dir, "pages"), page}, names)

	names, err = ingest.ExpandPaths([]string{mixed, archive})
	require.NoError(t, err)
	assert.Equal(t, []string{
		mixed, filepath.Join(mixed, "extra", "more.csv"), filepath.Join(mixed, "tickets.csv"),
		archive, archive + "!extra/more.csv", archive + "!tickets.csv",
	}, names)

	wh := openWarehouse(t)
	sum, err := run(t, wh, ingest.Options{Paths: []string{alone}})
	require.NoError(t, err)
	require.Len(t, sum.Files, 1)
	exportHash := sum.Files[0].SHA256

	wh = openWarehouse(t)
	sum, err = run(t, wh, ingest.Options{Paths: []string{mixed}})
	require.NoError(t, err)
	require.Len(t, sum.Files, 3)
	// One message in the export; two rows in tickets.csv, one in more.csv.
	got := map[string][2]any{}
	for _, f := range sum.Files {
		got[f.Path] = [2]any{f.Format, f.Loaded}
	}
	assert.Equal(t, map[string][2]any{
		mixed:                               {"slack_export", int64(1)},
		filepath.Join(mixed, "tickets.csv"): {"jira_csv", int64(2)},
		filepath.Join(mixed, "extra", "more.csv"): {"jira_csv", int64(1)},
	}, got)
	assert.Equal(t, exportHash, sum.Files[0].SHA256, "the export is hashed over its own files")
	var n int
	require.NoError(t, wh.QueryRow(context.Background(), "select count(*) from tickets").Scan(&n))
	assert.Equal(t, 3, n)

	// The same in a .zip: every input is already loaded.
	sum, err = run(t, wh, ingest.Options{Paths: []string{archive}})
	require.NoError(t, err)
	require.Len(t, sum.Files, 3)
	for _, f := range sum.Files {
		assert.True(t, f.Unchanged, f.Path)
	}
}
