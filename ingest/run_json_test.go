package ingest_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/ingest"
	"github.com/lanes-dev/lanes/models/warehouse"
)

// checkCountsWithSkips is checkCounts for files that skip records:
// rows_in = loaded + rejected + merged + skipped.
func checkCountsWithSkips(t *testing.T, sum ingest.Summary) {
	t.Helper()
	for _, f := range sum.Files {
		if !f.Unchanged {
			assert.Equal(t, f.RowsIn, f.Loaded+f.Rejected+f.Merged+f.Skipped, "%s: rows_in = loaded + rejected + merged + skipped", f.Path)
			var n int64
			for _, c := range f.Skips {
				n += c
			}
			assert.Equal(t, f.Skipped, n, "%s: skips by reason add up", f.Path)
		}
	}
}

type eventRow struct {
	key             string
	seq             int
	kind            string
	actor, from, to string
}

func events(t *testing.T, wh *warehouse.Warehouse) []eventRow {
	t.Helper()
	rows, err := wh.Query(context.Background(), `select source_key, seq, kind, coalesce(actor, ''), coalesce(from_value, ''), coalesce(to_value, '')
		from ticket_events order by source_key, seq`)
	require.NoError(t, err)
	defer rows.Close()
	var out []eventRow
	for rows.Next() {
		var r eventRow
		require.NoError(t, rows.Scan(&r.key, &r.seq, &r.kind, &r.actor, &r.from, &r.to))
		out = append(out, r)
	}
	require.NoError(t, rows.Err())
	return out
}

// TestRunGitHubEventsFileAndSkippedPullRequests: an events-only file loads
// its events, the issues file that follows keeps them, pull requests and
// untracked event kinds are counted as skipped, and an overlapping events
// export adds only what is new.
func TestRunGitHubEventsFileAndSkippedPullRequests(t *testing.T) {
	wh := openWarehouse(t)
	sum, err := run(t, wh, ingest.Options{Paths: paths("github/a_events.json", "github/b_issues.json")})
	require.NoError(t, err)
	require.Len(t, sum.Files, 2)
	ev, is := sum.Files[0], sum.Files[1]
	assert.Equal(t, "github_events", ev.Format)
	assert.Equal(t, "github", ev.Source)
	assert.Equal(t, int64(4), ev.RowsIn)
	assert.Equal(t, int64(2), ev.Loaded)
	assert.Equal(t, int64(2), ev.Skipped)
	assert.Equal(t, map[string]int64{`event "labeled" is not tracked`: 1, "pull request event, not an issue": 1}, ev.Skips)
	assert.Equal(t, "github_issues", is.Format)
	assert.Equal(t, int64(2), is.RowsIn)
	assert.Equal(t, int64(1), is.Loaded)
	assert.Equal(t, int64(1), is.Skipped)
	assert.Equal(t, map[string]int64{"pull request, not an issue": 1}, is.Skips)
	checkCountsWithSkips(t, sum)

	var rowsIn, loaded, rejected, merged int64
	require.NoError(t, wh.QueryRow(context.Background(), `select rows_in, loaded, rejected, merged from ingest_runs where file = ?`,
		filepath.Join(runDir, "github", "b_issues.json")).Scan(&rowsIn, &loaded, &rejected, &merged))
	assert.Equal(t, []int64{2, 1, 0, 0}, []int64{rowsIn, loaded, rejected, merged}, "ingest_runs.rows_in counts the skipped pull request")

	assert.Equal(t, []ticketRow{{"o/r#1", "Add me to the org", "closed", time.Date(2026, 4, 22, 15, 0, 0, 0, time.UTC)}}, tickets(t, wh))
	want := []eventRow{
		{"o/r#1", 1, "assignee", "hubot", "", "hubot"},
		{"o/r#1", 2, "status", "hubot", "open", "closed (completed)"},
	}
	assert.Equal(t, want, events(t, wh), "the issue, loaded after its events, keeps them")

	sum, err = run(t, wh, ingest.Options{Paths: paths("github/c_more_events.jsonl")})
	require.NoError(t, err)
	f := sum.Files[0]
	// Two records: closed again, and reopened, which makes two events (a
	// status change and a reopen) but is one row in.
	assert.Equal(t, int64(2), f.RowsIn, "one row in per record")
	assert.Equal(t, int64(1), f.Loaded, "the reopened record, as its two events")
	assert.Equal(t, int64(1), f.Merged, "the closed event was already stored")
	checkCountsWithSkips(t, sum)
	want = append(want,
		eventRow{"o/r#1", 3, "status", "octocat", "closed", "open"},
		eventRow{"o/r#1", 4, "reopen", "octocat", "closed", "open"})
	assert.Equal(t, want, events(t, wh))
}

// TestRunJiraJSON loads a Jira search page with comments and a changelog
// through the warehouse.
func TestRunJiraJSON(t *testing.T) {
	wh := openWarehouse(t)
	sum, err := run(t, wh, ingest.Options{Paths: []string{filepath.FromSlash("jirajson/testdata/search_v2/input.json")}})
	require.NoError(t, err)
	f := sum.Files[0]
	assert.Equal(t, "jira_json", f.Format)
	assert.Equal(t, "jira", f.Source)
	assert.Equal(t, int64(2), f.Loaded)
	checkCountsWithSkips(t, sum)
	var n int
	require.NoError(t, wh.QueryRow(context.Background(), `select count(*) from ticket_events where source_key = 'IT-1'`).Scan(&n))
	assert.Equal(t, 8, n)
	require.NoError(t, wh.QueryRow(context.Background(), `select count(*) from comments where source_key = 'IT-1' and not is_public`).Scan(&n))
	assert.Equal(t, 1, n)
	var reopens, reassigns int
	require.NoError(t, wh.QueryRow(context.Background(), `select reopen_count, reassignment_count from tickets where source_key = 'IT-1'`).Scan(&reopens, &reassigns))
	assert.Equal(t, []int{1, 1}, []int{reopens, reassigns})
}
