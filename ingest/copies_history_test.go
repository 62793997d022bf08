package ingest_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/ingest"
	"github.com/lanes-dev/lanes/models/config"
)

// loadHistoryEveryOrder ingests files (testdata/copies_history/<dir>, one
// source) as loadEveryOrder does.
func loadHistoryEveryOrder(t *testing.T, dir string, files []string, fields string, want []string) {
	t.Helper()
	path := filepath.Join("testdata", "copies_history", dir)
	cfg := config.Default()
	cfg.Sources = []config.Source{{Name: "s", Path: path, TimeZone: "UTC"}}
	var paths []string
	for _, f := range files {
		paths = append(paths, filepath.Join(path, f))
	}
	loadEveryOrder(t, cfg, ingest.Options{MaxRejectPct: 100, Now: func() time.Time { return time.Date(2024, 6, 1, 12, 0, 0, 0, time.UTC) }},
		paths, fields, want)
}

// loadEveryOrder ingests paths with cfg and opts in every order, in one
// run and one run a file, and checks that fields (a query of one text
// column) gives want each time and that tickets, ticket_copies, comments,
// comment_owners and detached_comments are the same, down to the bytes,
// in every order.
func loadEveryOrder(t *testing.T, cfg *config.Config, opts ingest.Options, paths []string, fields string, want []string) {
	t.Helper()
	var orders [][]string
	var permute func(done, left []string)
	permute = func(done, left []string) {
		if len(left) == 0 {
			orders = append(orders, done)
			return
		}
		for i := range left {
			rest := append(append([]string{}, left[:i]...), left[i+1:]...)
			permute(append(append([]string{}, done...), left[i]), rest)
		}
	}
	permute(nil, paths)
	var first string
	for _, order := range orders {
		for _, split := range []bool{false, true} {
			var names []string
			for _, p := range order {
				names = append(names, filepath.Base(p))
			}
			runs := [][]string{order}
			name := strings.Join(names, ",")
			if split {
				name += " one run each"
				runs = nil
				for _, p := range order {
					runs = append(runs, []string{p})
				}
			}
			t.Run(name, func(t *testing.T) {
				wh := openWarehouse(t)
				for _, paths := range runs {
					o := opts
					o.Paths = paths
					_, err := ingest.Run(context.Background(), wh, cfg, o)
					require.NoError(t, err)
				}
				assert.Equal(t, want, queryLines(t, wh, fields))
				var dump string
				for _, table := range []string{"tickets", "ticket_copies", "comments", "comment_owners", "detached_comments"} {
					dump += strings.Join(queryLines(t, wh, `select (x::varchar) from `+table+` x order by all`), "\n") + "\n--\n"
				}
				if first == "" {
					first = dump
				}
				assert.Equal(t, first, dump, "every order gives the same tables, down to the bytes")
			})
		}
	}
}

// TestCopiesLeaveJoinedHistoryCounts: an event log split in two files
// (logA.csv, logB.csv: parts of case PROJ-7) and a Jira CSV of the same
// key updated later (c.csv, 2024-03-01, so it wins in every order). The
// CSV has no counts: the row takes the joined history's, never a part's.
//
// By hand, the joined history (resources are groups):
//   - logA: Open at Desk, Assign to Network (Desk -> Network: 1), Resolve,
//     Reopen at Desk (reopen 1; Network -> Desk: 2), Resolve at Network
//     (Desk -> Network: 3).
//   - logB: Reopen at Desk (reopen 2; the part's first group event takes
//     the Network logA left: Network -> Desk: 4), Assign to Servers
//     (Desk -> Servers: 5), Resolve at Servers (no move).
//
// So 2 reopens and 5 reassignments (logB alone counts 1 and 1, logA 1 and
// 3); the title Outage and created_at 2024-01-02 09:00 are the CSV's (the
// earliest of all copies too). No copy gives the CSV anything the history
// does not, so ticket_copies keeps none.
func TestCopiesLeaveJoinedHistoryCounts(t *testing.T) {
	loadHistoryEveryOrder(t, "ev", []string{"logA.csv", "logB.csv", "c.csv"},
		`select concat_ws('|', source_key, title, strftime(created_at, '%Y-%m-%d %H:%M'), reopen_count, reassignment_count,
		   (select count(*) from ticket_copies)) from tickets order by source_key`,
		[]string{"PROJ-7|Outage|2024-01-02 09:00|2|5|0"})
}

// TestCopiesKeepNoStoredMetrics: Zendesk ticket 105 in t.json (updated
// 05-02, no metric set), its ticket_metrics alone in m.json (30 minutes to
// the first reply, 2 reopens, group stations 3), its deletion record
// d.json (05-10) and a newer live copy t3.json (05-20) with its own
// metric set: no reply time, 1 reopen, group and assignee stations 1.
//
// By hand: t3 wins; its own metric set stands over the stored metrics
// (applyStoredMetrics): no first response, no resolution (open), 1 reopen,
// max(1-1, 1-1, 0) = 0 reassignments. t.json's copy knows no first
// response of its own (the 08:30 stored metrics put on its row is not
// its), so t3's stays empty in every order, and ticket_copies keeps
// nothing (no copy gives t3 a value).
func TestCopiesKeepNoStoredMetrics(t *testing.T) {
	loadHistoryEveryOrder(t, "zm", []string{"t.json", "m.json", "d.json", "t3.json"},
		`select concat_ws('|', source_key, status, coalesce(strftime(first_response_at, '%H:%M'), '-'),
		   coalesce(strftime(resolved_at, '%m-%d'), '-'), reopen_count, reassignment_count, (select count(*) from ticket_copies))
		 from tickets order by source_key`,
		[]string{"105|open|-|-|1|0|0"})
}

// TestCopiesOfDeletionWithStoredMetrics: without t3.json the deletion
// record (05-10) wins over t.json (05-02). By hand: the row takes t.json's
// people, group and tags (the record has none), and stored metrics give
// it, having no metric set of its own: first response 08:00 + 30 min =
// 08:30, resolved at solved_at 05-02 (deleted is not open), 2 reopens,
// 3-1 = 2 reassignments. ticket_copies keeps the deletion and t.json's
// copy as it came: no first response, resolution or counts (those were
// the stored metrics'), the agent url.
func TestCopiesOfDeletionWithStoredMetrics(t *testing.T) {
	loadHistoryEveryOrder(t, "zm", []string{"t.json", "m.json", "d.json"},
		`select concat_ws('|', source_key, status, assignee, assignment_group, labels::varchar, strftime(first_response_at, '%H:%M'),
		   strftime(resolved_at, '%m-%d'), reopen_count, reassignment_count) from tickets
		 union all
		 select concat_ws('|', source_key, partial, coalesce(assignee, '-'), coalesce(strftime(first_response_at, '%H:%M'), '-'),
		   coalesce(strftime(resolved_at, '%m-%d'), '-'), coalesce(reopen_count::varchar, '-'), coalesce(reassignment_count::varchar, '-'),
		   coalesce(url, '-')) from ticket_copies
		 order by 1`,
		[]string{
			"105|canceled|Abe Agent|Service Desk|[vpn]|08:30|05-02|2|2",
			"105|false|Abe Agent|-|-|-|-|https://acme.zendesk.com/agent/tickets/105",
			"105|true|-|-|-|-|-|-",
		})
}
