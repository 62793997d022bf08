package zendesk_test

import (
	"context"
	"os"
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

var (
	ticketsFile     = filepath.Join("testdata", "zendesk_json", "list_page", "input.json")
	incrementalFile = filepath.Join("testdata", "zendesk_json", "incremental", "input.json")
	auditsFile      = filepath.Join("testdata", "zendesk_audits", "ticket_audits", "input.json")
)

func openWarehouse(t *testing.T) *warehouse.Warehouse {
	t.Helper()
	wh, err := warehouse.Open(context.Background(), ":memory:", warehouse.Options{})
	require.NoError(t, err)
	t.Cleanup(func() { _ = wh.Close() })
	return wh
}

func run(t *testing.T, wh *warehouse.Warehouse, paths ...string) ingest.Summary {
	t.Helper()
	sum, err := ingest.Run(context.Background(), wh, config.Default(), ingest.Options{
		Paths: paths,
		Now:   func() time.Time { return time.Date(2024, 4, 10, 12, 0, 0, 0, time.UTC) },
	})
	require.NoError(t, err)
	for _, f := range sum.Files {
		assert.Equal(t, f.RowsIn, f.Loaded+f.Rejected+f.Merged+f.Skipped, "%s: rows_in = loaded + rejected + merged + skipped", f.Path)
	}
	return sum
}

func rows(t *testing.T, wh *warehouse.Warehouse, query string) []string {
	t.Helper()
	r, err := wh.Query(context.Background(), query)
	require.NoError(t, err)
	defer r.Close()
	var out []string
	for r.Next() {
		var s string
		require.NoError(t, r.Scan(&s))
		out = append(out, s)
	}
	require.NoError(t, r.Err())
	return out
}

const eventsQuery = `select concat_ws('|', source_key, seq, strftime(event_at, '%Y-%m-%d %H:%M'), kind, actor, coalesce(from_value, ''), to_value)
	from ticket_events order by source_key, seq`

const commentsQuery = `select concat_ws('|', source_key, seq, author, is_public, body) from comments order by source_key, seq`

// The audit export holds 9 tracked changes (3 Create, 5 Change, 1 reopen
// derived from solved -> open) and 3 comments for ticket 1201.
var wantEvents = []string{
	"1201|1|2024-03-04 09:15|status|Dana Reyes||new",
	"1201|2|2024-03-04 09:15|priority|Dana Reyes||high",
	"1201|3|2024-03-04 09:15|group|Dana Reyes||IT Service Desk",
	"1201|4|2024-03-04 10:00|assignee|Sam Okafor||Sam Okafor",
	"1201|5|2024-03-04 10:00|status|Sam Okafor|new|open",
	"1201|6|2024-03-04 10:00|group|Sam Okafor|IT Service Desk|Network",
	"1201|7|2024-03-05 12:00|status|system|open|solved",
	"1201|8|2024-03-06 08:00|status|Dana Reyes|solved|open",
	"1201|9|2024-03-06 08:00|reopen|Dana Reyes|solved|open",
}

var wantComments = []string{
	"1201|1|Dana Reyes|true|The VPN drops every few minutes.",
	"1201|2|Sam Okafor|false|Checking the gateway logs",
	"1201|3|Dana Reyes|true|Still broken.",
}

// TestAuditsMergeWithTicketsInEitherOrder: an audit export read before or
// after the tickets export gives the same events, and a later tickets
// export does not wipe them.
func TestAuditsMergeWithTicketsInEitherOrder(t *testing.T) {
	for _, order := range [][]string{{auditsFile, ticketsFile}, {ticketsFile, auditsFile}} {
		t.Run(filepath.Base(filepath.Dir(order[0])), func(t *testing.T) {
			wh := openWarehouse(t)
			sum := run(t, wh, order...)
			require.Len(t, sum.Files, 2)
			auditsFirst := order[0] == auditsFile
			for _, f := range sum.Files {
				if f.Path == auditsFile {
					assert.Equal(t, "zendesk_audits", f.Format)
					assert.Equal(t, "zendesk", f.Source)
					// 9 events and 3 comments, and one audit that holds
					// only a notification, skipped. The reopen and its
					// status change come from one audit event: one row in.
					// And 4 directory entries (users 9001 and 9100, groups
					// 501 and 502), all new when the audits come first;
					// after the tickets only group 502 changes (Platform
					// Engineering there, Network here): the users keep
					// the tickets' emails, 501 is the same.
					assert.Equal(t, int64(16), f.RowsIn)
					assert.Equal(t, map[bool]int64{true: 15, false: 12}[auditsFirst], f.Loaded)
					assert.Equal(t, int64(1), f.Skipped)
				} else {
					assert.Equal(t, "zendesk_json", f.Format)
					// 3 tickets and 6 entries (users 9001, 9100, 9003,
					// groups 501, 502, organization 77): after the audits
					// 501 is the same, the other five are new or changed
					// (9001 and 9100 gain an email, 502 its new name).
					assert.Equal(t, map[bool]int64{true: 8, false: 9}[auditsFirst], f.Loaded)
				}
			}
			assert.Equal(t, wantEvents, rows(t, wh, eventsQuery))
			assert.Equal(t, wantComments, rows(t, wh, commentsQuery))
			assert.Equal(t, []string{"1201", "1202", "9007199254740993"}, rows(t, wh, `select source_key from tickets order by source_key`))
		})
	}
}

// TestAuditsReadAgainAddOnlyWhatIsNew: a later audit export that repeats
// the old audits and adds one adds only the new event, numbered after the
// ticket's last.
func TestAuditsReadAgainAddOnlyWhatIsNew(t *testing.T) {
	wh := openWarehouse(t)
	run(t, wh, auditsFile)

	b, err := os.ReadFile(auditsFile)
	require.NoError(t, err)
	later := strings.Replace(string(b), `  "audits": [`, `  "audits": [
    {"id": 80006, "ticket_id": 1201, "created_at": "2024-03-07T09:00:00Z", "author_id": 9100,
     "events": [{"id": 16, "type": "Change", "field_name": "status", "value": "solved", "previous_value": "open"}]},`, 1)
	path := filepath.Join(t.TempDir(), "audits-later.json")
	require.NoError(t, os.WriteFile(path, []byte(later), 0o644))

	sum := run(t, wh, path)
	f := sum.Files[0]
	// 8 old change records (the reopen goes with its status change), 3
	// old comments, the skipped notification and the new change; and the
	// 4 side-loaded users and groups, the same as stored: merged.
	assert.Equal(t, int64(17), f.RowsIn)
	assert.Equal(t, int64(1), f.Loaded)
	assert.Equal(t, int64(15), f.Merged)
	assert.Equal(t, int64(1), f.Skipped)
	want := append(append([]string(nil), wantEvents...), "1201|10|2024-03-07 09:00|status|Sam Okafor|open|solved")
	assert.Equal(t, want, rows(t, wh, eventsQuery))
	assert.Equal(t, wantComments, rows(t, wh, commentsQuery))
}

// TestIncrementalExportKeepsLatestAndDeletions: the incremental export
// repeats ticket 500 on its second page; the later copy wins, and deleted
// and scrubbed tickets are stored flagged.
func TestIncrementalExportKeepsLatestAndDeletions(t *testing.T) {
	wh := openWarehouse(t)
	sum := run(t, wh, incrementalFile)
	f := sum.Files[0]
	assert.Equal(t, "zendesk_json", f.Format)
	assert.Equal(t, int64(5), f.RowsIn)
	assert.Equal(t, int64(4), f.Loaded)
	assert.Equal(t, int64(1), f.Merged)
	assert.Equal(t, []string{
		"500|closed|2024-03-05 09:00|false|1|2",
		"501|open||false|0|0",
		"502|canceled||true||",
		"503|canceled||true||",
	}, rows(t, wh, `select concat_ws('|', source_key, status, coalesce(strftime(resolved_at, '%Y-%m-%d %H:%M'), ''), is_deleted,
		coalesce(reopen_count::varchar, ''), coalesce(reassignment_count::varchar, '')) from tickets order by source_key`))
	// The side-loaded metric set is kept with the raw record.
	assert.Equal(t, []string{"true"}, rows(t, wh, `select (raw::varchar like '%metric_set%solved_at%2024-03-05T09:00:00Z%')::varchar from tickets where source_key = '500'`))
}

// TestBadRecordsLoadWithRejects: the bad-records fixture (NUL characters,
// deep nesting, wrong types) goes through the real staging tables.
func TestBadRecordsLoadWithRejects(t *testing.T) {
	wh := openWarehouse(t)
	sum, err := ingest.Run(context.Background(), wh, config.Default(), ingest.Options{
		Paths:        []string{filepath.Join("testdata", "zendesk_json", "bad_records", "input.json")},
		MaxRejectPct: 100,
	})
	require.NoError(t, err)
	f := sum.Files[0]
	assert.Equal(t, int64(4), f.Loaded)
	assert.Equal(t, int64(11), f.Rejected)
	assert.Equal(t, []string{"Password reset"}, rows(t, wh, `select title from tickets where source_key = '11'`))
	assert.Equal(t, []string{"11"}, rows(t, wh, `select count(*)::varchar from rejects`))
}

// TestEmptyLastPageDoesNotStopTheRun: an export's empty last page is read
// as one skipped page next to the page before it.
func TestEmptyLastPageDoesNotStopTheRun(t *testing.T) {
	wh := openWarehouse(t)
	empty := filepath.Join("testdata", "zendesk_json", "empty_page", "input.json")
	sum := run(t, wh, ticketsFile, empty)
	require.Len(t, sum.Files, 2)
	f := sum.Files[1]
	assert.Equal(t, "zendesk_json", f.Format)
	assert.Equal(t, int64(1), f.RowsIn)
	assert.Equal(t, int64(0), f.Loaded)
	assert.Equal(t, int64(1), f.Skipped)
	assert.Equal(t, map[string]int64{"a page with no tickets": 1}, f.Skips)
	// The list page's three tickets stay.
	assert.Equal(t, []string{"3"}, rows(t, wh, `select count(*)::varchar from tickets`))
}

// TestDeletedTicketsMarkTicketsDeleted: /api/v2/deleted_tickets.json
// deletes ticket 1202 at 2024-03-09 10:00, after its last update in the
// list page (2024-03-06 08:30), so the deletion wins in either order, in
// one run or two; the ticket keeps the list page's creation time
// (2024-03-05 14:00), the earliest of the two. Ticket 1299 was never
// loaded live and is stored deleted; 1300 has no deleted_at and is
// rejected.
//
// The deletion record knows only 1202's id, subject, description and
// when: the row keeps what the list page says of the rest (type question,
// priority normal = p3, requester 9002 (not side-loaded, so the id), group
// 502 = Platform Engineering, channel web, the agent url), not NULLs; its
// own subject and description (the record's) and its status (deleted =
// canceled), updated_at and raw record (who deleted it, and when) are the
// deletion's. 1299 has only what its record says.
func TestDeletedTicketsMarkTicketsDeleted(t *testing.T) {
	deleted := filepath.Join("testdata", "zendesk_json", "deleted_tickets", "input.json")
	for _, order := range [][]string{{ticketsFile, deleted}, {deleted, ticketsFile}} {
		for _, split := range []bool{false, true} {
			name := filepath.Base(filepath.Dir(order[0]))
			if split {
				name += " in two runs"
			}
			t.Run(name, func(t *testing.T) {
				wh := openWarehouse(t)
				runs := [][]string{order}
				if split {
					runs = [][]string{order[:1], order[1:]}
				}
				for _, paths := range runs {
					sum, err := ingest.Run(context.Background(), wh, config.Default(), ingest.Options{Paths: paths, MaxRejectPct: 100})
					require.NoError(t, err)
					for _, f := range sum.Files {
						if f.Path == deleted {
							assert.Equal(t, int64(3), f.RowsIn)
							assert.Equal(t, int64(1), f.Rejected)
						}
					}
				}
				assert.Equal(t, []string{
					"1201|waiting|false|2024-03-04 09:15",
					"1202|canceled|true|2024-03-05 14:00",
					"1299|canceled|true|2024-03-09 09:05",
					"9007199254740993|closed|false|2024-03-07 10:00",
				}, rows(t, wh, `select concat_ws('|', source_key, status, is_deleted, strftime(created_at, '%Y-%m-%d %H:%M')) from tickets order by source_key`))
				assert.Equal(t, []string{
					"1202|How do I add someone to the GitHub org?|Duplicate of a request in Slack|question|deleted|normal|p3|2024-03-09 10:00|9002|-|-|Platform Engineering|[]|web|https://acme.zendesk.com/agent/tickets/1202|2024-03-09T10:00:00Z|Sam Okafor",
					"1299|Test ticket|-|-|deleted|-|-|2024-03-09 09:05|-|-|-|-|[]|-|-|2024-03-09T10:05:00+01:00|Sam Okafor",
				}, rows(t, wh, `select concat_ws('|', source_key, title, coalesce(description, '-'), coalesce(kind, '-'), status_raw,
					coalesce(priority_raw, '-'), coalesce(priority, '-'), strftime(updated_at, '%Y-%m-%d %H:%M'), coalesce(requester, '-'),
					coalesce(requester_team, '-'), coalesce(assignee, '-'), coalesce(assignment_group, '-'), labels::varchar,
					coalesce(channel, '-'), coalesce(url, '-'), raw->>'deleted_at', raw->'actor'->>'name')
					from tickets where is_deleted order by source_key`))
			})
		}
	}
}

var (
	apartTickets = filepath.Join("testdata", "metrics_apart", "tickets.json")
	apartMetrics = filepath.Join("testdata", "metrics_apart", "metrics.json")
	apartNewer   = filepath.Join("testdata", "metrics_apart", "metrics_newer.json")
	apartLater   = filepath.Join("testdata", "metrics_apart", "tickets_later.json")
	// zz_metrics.json holds metrics.json's records written on one line: a
	// run reads its files in sorted order, metrics.json before tickets.json
	// and zz_metrics.json after.
	apartMetricsLast = filepath.Join("testdata", "metrics_apart", "zz_metrics.json")
)

const metricsQuery = `select concat_ws('|', source_key, coalesce(strftime(first_response_at, '%Y-%m-%d %H:%M'), ''),
	coalesce(strftime(resolved_at, '%Y-%m-%d %H:%M'), ''), coalesce(reopen_count::varchar, ''), coalesce(reassignment_count::varchar, ''))
	from tickets order by source_key`

// wantApplied: tickets.json has no metrics for 501 and 502; metrics.json
// has them, and 503's, which its own metric_set overrides.
//   - 501 (solved), created 05-06 08:00: reply 90 min → first response
//     09:30; solved_at 05-07 11:00; reopens 1; stations 2 and 3 → 3-1 = 2.
//   - 502 (open), created 05-06 09:00: reply 15 min → 09:15; solved_at
//     null and open → no resolved_at; reopens 0; stations 1 and 0 → 0.
//   - 503 keeps its own metric set: created 05-08 09:00 + 30 min → 09:30;
//     solved 05-08 10:00; reopens 0; stations 1 and 1 → 0 (not metrics.json's
//     45 min, 12:00, 4 and 4).
var wantApplied = []string{
	"501|2024-05-06 09:30|2024-05-07 11:00|1|2",
	"502|2024-05-06 09:15||0|0",
	"503|2024-05-08 09:30|2024-05-08 10:00|0|0",
}

// TestMetricsFileAppliesInAnyOrder: a ticket metrics file on its own is
// loaded, and its figures land on the tickets whether it comes before or
// after the tickets file, in one run or two.
func TestMetricsFileAppliesInAnyOrder(t *testing.T) {
	for _, tc := range []struct {
		name string
		runs [][]string
	}{
		{"tickets then metrics, one run", [][]string{{apartTickets, apartMetricsLast}}},
		{"metrics then tickets, one run", [][]string{{apartMetrics, apartTickets}}},
		{"tickets then metrics, two runs", [][]string{{apartTickets}, {apartMetrics}}},
		{"metrics then tickets, two runs", [][]string{{apartMetrics}, {apartTickets}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			wh := openWarehouse(t)
			for _, paths := range tc.runs {
				for _, f := range run(t, wh, paths...).Files {
					assert.Equal(t, "zendesk_json", f.Format, f.Path)
					if f.Path == apartMetrics || f.Path == apartMetricsLast {
						// 4 metric records, each new: 4 rows in, 4 loaded
						// (599's ticket is in neither file; it is kept).
						assert.Equal(t, int64(4), f.RowsIn)
						assert.Equal(t, int64(4), f.Loaded)
						assert.Equal(t, int64(0), f.Merged)
					} else {
						assert.Equal(t, int64(3), f.Loaded)
					}
				}
			}
			assert.Equal(t, wantApplied, rows(t, wh, metricsQuery))
			assert.Equal(t, []string{"501", "502", "503", "599"}, rows(t, wh, `select source_key from ticket_metrics order by all`))
		})
	}
}

// TestMetricsSurviveALaterTicketsFile: a later tickets file replaces 501's
// row (now closed, no metrics of its own); the stored metrics fill it
// again: first response 09:30, resolved 05-07 11:00 (closed), 1 reopen, 2
// reassignments.
func TestMetricsSurviveALaterTicketsFile(t *testing.T) {
	wh := openWarehouse(t)
	run(t, wh, apartTickets, apartMetrics)
	sum := run(t, wh, apartLater)
	assert.Equal(t, int64(1), sum.Files[0].Loaded)
	assert.Equal(t, []string{"501|closed"}, rows(t, wh, `select source_key || '|' || status from tickets where source_key = '501'`))
	assert.Equal(t, wantApplied, rows(t, wh, metricsQuery))
}

// TestNewerMetricsReplaceOlder: metrics_newer.json gives 501's metrics
// updated 05-08 08:00, later than metrics.json's 05-07 11:00, and wins in
// either order: reply 60 min → 05-06 09:00; solved 05-08 07:00; reopens 2;
// stations 2 and 4 → 3. Read after it, metrics.json's copy of 501 is
// merged (4 rows in, 3 loaded, 1 merged).
func TestNewerMetricsReplaceOlder(t *testing.T) {
	want := []string{
		"501|2024-05-06 09:00|2024-05-08 07:00|2|3",
		wantApplied[1],
		wantApplied[2],
	}
	for _, tc := range []struct {
		name string
		runs [][]string
	}{
		{"older first", [][]string{{apartTickets}, {apartMetrics}, {apartNewer}}},
		{"newer first", [][]string{{apartNewer}, {apartTickets}, {apartMetrics}}},
		{"one run", [][]string{{apartTickets, apartMetrics, apartNewer}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			wh := openWarehouse(t)
			var older ingest.FileResult
			for _, paths := range tc.runs {
				for _, f := range run(t, wh, paths...).Files {
					if f.Path == apartMetrics {
						older = f
					}
				}
			}
			assert.Equal(t, want, rows(t, wh, metricsQuery))
			assert.Equal(t, []string{"501|2|2024-05-08 08:00"}, rows(t, wh,
				`select concat_ws('|', source_key, reopens, strftime(updated_at, '%Y-%m-%d %H:%M')) from ticket_metrics where source_key = '501'`))
			if tc.name == "newer first" {
				assert.Equal(t, int64(4), older.RowsIn)
				assert.Equal(t, int64(3), older.Loaded)
				assert.Equal(t, int64(1), older.Merged)
			}
		})
	}
}

// TestMetricsFileTwiceIsUnchanged: the same metrics file read again is
// recognised by its content and changes nothing.
func TestMetricsFileTwiceIsUnchanged(t *testing.T) {
	wh := openWarehouse(t)
	run(t, wh, apartTickets, apartMetrics)
	sum := run(t, wh, apartMetrics)
	require.Len(t, sum.Files, 1)
	assert.True(t, sum.Files[0].Unchanged)
	assert.Equal(t, wantApplied, rows(t, wh, metricsQuery))
	assert.Equal(t, []string{"4"}, rows(t, wh, `select count(*)::varchar from ticket_metrics`))
}

// TestOwnMetricsWinWithoutRawText: with privacy.exclude_descriptions the
// stored raw record is only a hash, yet 503, which brought its own metric
// set, still keeps its own figures (wantApplied), in either order.
func TestOwnMetricsWinWithoutRawText(t *testing.T) {
	for _, paths := range [][]string{{apartTickets, apartMetricsLast}, {apartMetrics, apartTickets}} {
		wh := openWarehouse(t)
		cfg := config.Default()
		cfg.Privacy.ExcludeDescriptions = true
		_, err := ingest.Run(context.Background(), wh, cfg, ingest.Options{Paths: paths})
		require.NoError(t, err)
		assert.Equal(t, wantApplied, rows(t, wh, metricsQuery), paths)
	}
}

// TestDeletionWithoutDeletedAtNamesIt: a deleted tickets record that has
// no deleted_at key at all (not even null) is still a deletion record
// (it has previous_state, and no status or creation time), rejected for
// what it lacks, as docs/connectors.md says: column deleted_at, not
// created_at as a ticket without a creation time. 101 loads.
func TestDeletionWithoutDeletedAtNamesIt(t *testing.T) {
	path := filepath.Join(t.TempDir(), "deleted.json")
	require.NoError(t, os.WriteFile(path, []byte(`{"deleted_tickets":[
{"id":101,"subject":"Cannot log in","actor":{"id":3,"name":"Zoe Admin"},"deleted_at":"2024-02-20T08:00:00Z","previous_state":"open"},
{"id":106,"subject":"x","actor":{"id":3,"name":"Zoe Admin"},"previous_state":"open"}
],"next_page":null,"previous_page":null,"count":2}`), 0o644))
	wh := openWarehouse(t)
	_, err := ingest.Run(context.Background(), wh, config.Default(), ingest.Options{Paths: []string{path}, MaxRejectPct: 100})
	require.NoError(t, err)
	assert.Equal(t, []string{"3|deleted_at|deleted ticket has no deleted_at"},
		rows(t, wh, `select concat_ws('|', line, column_name, reason) from rejects`))
	assert.Equal(t, []string{"101"}, rows(t, wh, `select source_key from tickets`))
}
