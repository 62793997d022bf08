package ingest_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/ingest"
	"github.com/lanes-dev/lanes/models/config"
)

// TestRunStoresAmbiguousTimes reads an XES log in Berlin time: the case
// with a time the clocks skip is rejected, the one with a time they repeat
// loads and is counted in ingest_runs.ambiguous_times.
func TestRunStoresAmbiguousTimes(t *testing.T) {
	wh := openWarehouse(t)
	cfg := config.Default()
	cfg.Calendar.TimeZone = "Europe/Berlin"
	path := filepath.FromSlash("eventlog/xes/testdata/dst/input.xes")
	sum, err := ingest.Run(context.Background(), wh, cfg, ingest.Options{Paths: []string{path}, MaxRejectPct: 50})
	require.NoError(t, err)
	require.Len(t, sum.Files, 1)
	f := sum.Files[0]
	// Cases GAP-1 (rejected: 02:30 on 29 March does not exist), OVERLAP-1
	// (02:30 on 25 October happens twice) and OFFSET-1 (has an offset).
	assert.Equal(t, []int64{3, 2, 1, 0, 1}, []int64{f.RowsIn, f.Loaded, f.Rejected, f.Merged, f.Ambiguous})
	require.Len(t, f.AmbiguousTimes, 1)
	assert.Equal(t, int64(18), f.AmbiguousTimes[0].Line, "the line of the value")
	assert.Equal(t, []string{path + " line 18: local time 2026-10-25 02:30 happens twice in Europe/Berlin (clocks go back); read as the first, 2026-10-25 00:30 UTC, not 2026-10-25 01:30 UTC"},
		f.Warnings())

	var ambiguous int64
	var reason string
	require.NoError(t, wh.QueryRow(context.Background(), `select ambiguous_times from ingest_runs where file = ?`, path).Scan(&ambiguous))
	assert.Equal(t, int64(1), ambiguous)
	require.NoError(t, wh.QueryRow(context.Background(), `select reason from rejects`).Scan(&reason))
	assert.Equal(t, `case "GAP-1": local time 2026-03-29 02:30 does not exist in Europe/Berlin (clocks jump forward); the whole case is not loaded`, reason)
}

// TestRunURLBasePlaceholder builds tickets.url from url_base with {key}
// (ServiceNow's form) and without (appended after "/"), escaping keys.
func TestRunURLBasePlaceholder(t *testing.T) {
	dir := t.TempDir()
	for name, body := range map[string]string{
		"snow/tickets.csv":  "id,title,created\nINC0010001,Mail down,2026-03-02 09:00\n\"javascript:alert('x') \"\"q\"\"\",Hostile,2026-03-02 10:00\n",
		"plain/tickets.csv": "id,title,created\nPROJ-1,Mail down,2026-03-02 09:00\n\"a b/c?d#e\",Odd,2026-03-02 10:00\n",
		"lanes.yaml": `sources:
  - name: snow
    path: snow
    format: csv
    url_base: "https://x.service-now.com/nav_to.do?uri=incident.do?sysparm_query=number={key}"
    mapping: {source_key: id, title: title, created_at: created}
  - name: plain
    path: plain
    format: csv
    url_base: https://jira.example.com/browse/
    mapping: {source_key: id, title: title, created_at: created}
`,
	} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(body), 0o644))
	}
	cfg, err := config.Load(filepath.Join(dir, "lanes.yaml"), false)
	require.NoError(t, err)
	wh := openWarehouse(t)
	_, err = ingest.Run(context.Background(), wh, cfg, ingest.Options{Paths: []string{filepath.Join(dir, "snow"), filepath.Join(dir, "plain")}})
	require.NoError(t, err)

	rows, err := wh.Query(context.Background(), `select source, source_key, url from tickets order by source, source_key`)
	require.NoError(t, err)
	defer rows.Close()
	var got [][3]string
	for rows.Next() {
		var source, key string
		var url sql.NullString
		require.NoError(t, rows.Scan(&source, &key, &url))
		got = append(got, [3]string{source, key, url.String})
	}
	require.NoError(t, rows.Err())
	// Escaped by hand: space %20, " %22, # %23, ' %27, ( %28, ) %29,
	// / %2F, : %3A, ? %3F.
	assert.Equal(t, [][3]string{
		{"plain", "PROJ-1", "https://jira.example.com/browse/PROJ-1"},
		{"plain", "a b/c?d#e", "https://jira.example.com/browse/a%20b%2Fc%3Fd%23e"},
		{"snow", "INC0010001", "https://x.service-now.com/nav_to.do?uri=incident.do?sysparm_query=number=INC0010001"},
		{"snow", `javascript:alert('x') "q"`, "https://x.service-now.com/nav_to.do?uri=incident.do?sysparm_query=number=javascript%3Aalert%28%27x%27%29%20%22q%22"},
	}, got)
}

// TestRunGitHubReopenedIsOneRowIn: a reopened record makes two events (a
// status change and a reopen) and counts once in rows in, on a first load
// and on a re-load of the same records.
func TestRunGitHubReopenedIsOneRowIn(t *testing.T) {
	dir := t.TempDir()
	const issue = `"issue_url": "https://api.github.com/repos/acme/app/issues/7"`
	records := []string{
		`{"id": 1, "actor": {"login": "ana"}, "event": "closed", "created_at": "2026-04-01T10:00:00Z", ` + issue + `}`,
		`{"id": 2, "actor": {"login": "bob"}, "event": "reopened", "created_at": "2026-04-02T10:00:00Z", ` + issue + `}`,
		`{"id": 3, "actor": {"login": "ana"}, "event": "assigned", "created_at": "2026-04-02T11:00:00Z", "assignee": {"login": "cy"}, ` + issue + `}`,
		`{"id": 4, "actor": {"login": "ana"}, "event": "closed", "created_at": "2026-04-03T10:00:00Z", ` + issue + `}`,
		`{"id": 5, "actor": {"login": "bob"}, "event": "reopened", "created_at": "2026-04-04T10:00:00Z", ` + issue + `}`,
		`{"id": 6, "actor": {"login": "ana"}, "event": "labeled", "created_at": "2026-04-04T11:00:00Z", "label": {"name": "x"}, ` + issue + `}`,
	}
	first := filepath.Join(dir, "a_events.json")
	again := filepath.Join(dir, "b_events.jsonl")
	body := "["
	for i, r := range records {
		if i > 0 {
			body += ",\n"
		}
		body += r
	}
	require.NoError(t, os.WriteFile(first, []byte(body+"]\n"), 0o644))
	jsonl := ""
	for _, r := range records {
		jsonl += r + "\n"
	}
	require.NoError(t, os.WriteFile(again, []byte(jsonl), 0o644))

	wh := openWarehouse(t)
	sum, err := ingest.Run(context.Background(), wh, config.Default(), ingest.Options{Paths: []string{first, again}})
	require.NoError(t, err)
	require.Len(t, sum.Files, 2)
	a, b := sum.Files[0], sum.Files[1]
	// 6 records: 5 tracked (2 closed, 2 reopened, 1 assigned), 1 labeled skipped.
	assert.Equal(t, []int64{6, 5, 0, 0, 1}, []int64{a.RowsIn, a.Loaded, a.Rejected, a.Merged, a.Skipped})
	// The same records again: all already stored.
	assert.Equal(t, []int64{6, 0, 0, 5, 1}, []int64{b.RowsIn, b.Loaded, b.Rejected, b.Merged, b.Skipped})
	checkCountsWithSkips(t, sum)

	var n int
	require.NoError(t, wh.QueryRow(context.Background(), `select count(*) from ticket_events`).Scan(&n))
	assert.Equal(t, 7, n, "2 closed + 2 x (status + reopen) + 1 assignee")
	var bad int
	require.NoError(t, wh.QueryRow(context.Background(), `select count(*) from ingest_runs where rows_in <> loaded + rejected + merged + skipped`).Scan(&bad))
	assert.Zero(t, bad)
}
