package models

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/models/warehouse"
)

func TestWeeklySummary(t *testing.T) {
	wh := newWarehouse(t)
	// UTC, weeks from Monday: W1 2026-01-05, W2 01-12, W3 01-19. No status events, so a
	// ticket is open from its creation to its resolution (resolved_at, else closed_at).
	insert(t, wh, []tk{
		// W1; pat (Platform) is interrupted by this IT work: 10 + 15 minutes
		{key: "A", title: "password reset", status: "resolved", assignee: "pat@x", group: "platform",
			created: "2026-01-05 10:00", resolved: "2026-01-06 10:00"}, // 24 h
		{key: "B", title: "production outage", status: "open", created: "2026-01-06 09:00"},                                         // open: never leaves
		{key: "C", title: "need access", status: "resolved", logged: 30, created: "2026-01-07 09:00", resolved: "2026-01-13 09:00"}, // 144 h, in W2
		{key: "D", title: "password reset", status: "closed", created: "2026-01-08 12:00", closed: "2026-01-08 18:00"},              // 6 h by closed_at
		{key: "E", title: "password reset", status: "resolved", created: "2026-01-09 12:00", resolved: "2026-01-09 10:00"},          // before creation
		{key: "F", title: "password reset", status: "canceled", created: "2026-01-09 13:00"},                                        // canceled: never open at a week end
		// W2
		{key: "G", title: "bug in checkout", status: "open", reopens: 1, logged: 45,
			created: "2026-01-13 09:00", resolved: "2026-01-14 09:00"}, // reopened: open again
		{key: "I", title: "password reset", status: "resolved", created: "2026-01-14 10:00", resolved: "2026-01-20 10:00"}, // 144 h, in W3
	}, nil)
	buildAll(t, wh, testConfig("UTC", "monday"))

	// created:  W1 A-F = 6; W2 G, I = 2; W3 0.
	// resolved: W1 A, D, E = 3; W2 C = 1; W3 I = 1.
	// open at the end of the week: W1 B, C = 2; W2 B, G, I = 3; W3 (the data ends with I's
	//   resolution on Tue 01-20, so at the end of that day) B, G = 2.
	// median hours to resolve: W1 A 24 and D 6 (E has no hours) = 15; W2 C 144; W3 I 144.
	// interruptions: W1 pat 25 min = 25/60 h, cost x 100 = 2500/60; none later.
	// automation potential (automatable: password_reset, access_request, product_bug; not outage):
	//   W1 A 10 + C 30 (logged) + D 10 + E 10 + F 10 = 70 min x 0.8 / 60 = 56/60 h
	//   W2 G 45 (logged) + I 10 = 55 min x 0.8 / 60 = 44/60 h; W3 0.
	// changes: W2 created (2-6)/6 = -66.67 %, resolved (1-3)/3 = -66.67 %, open (3-2)/2 = +50 %,
	//   median (144-15)/15 = +860 %, hours and cost -100 %, automation (44-56)/56 = -21.43 %;
	//   W3 created -100 %, resolved 0 %, open (2-3)/3 = -33.33 %, median 0 %, hours and cost
	//   null (0 the week before), automation -100 %.
	got := query(t, wh, `select week_start::varchar,
		tickets_created, tickets_created_prev, tickets_created_change_pct,
		tickets_resolved, tickets_resolved_prev, tickets_resolved_change_pct,
		open_backlog, open_backlog_prev, open_backlog_change_pct,
		median_resolve_hours, median_resolve_hours_prev, median_resolve_hours_change_pct,
		interruption_hours, interruption_hours_prev, interruption_hours_change_pct,
		interruption_cost, interruption_cost_prev, interruption_cost_change_pct,
		automation_hours_potential, automation_hours_potential_prev, automation_hours_potential_change_pct
		from weekly_summary order by week_start`)
	assertRows(t, [][]any{
		{"2026-01-05", 6, nil, nil, 3, nil, nil, 2, nil, nil, 15.0, nil, nil,
			25.0 / 60, nil, nil, 2500.0 / 60, nil, nil, 56.0 / 60, nil, nil},
		{"2026-01-12", 2, 6, -400.0 / 6, 1, 3, -200.0 / 3, 3, 2, 50.0, 144.0, 15.0, 860.0,
			0.0, 25.0 / 60, -100.0, 0.0, 2500.0 / 60, -100.0, 44.0 / 60, 56.0 / 60, -1200.0 / 56},
		{"2026-01-19", 0, 2, -100.0, 1, 1, 0.0, 2, 3, -100.0 / 3, 144.0, 144.0, 0.0,
			0.0, 0.0, nil, 0.0, 0.0, nil, 0.0, 44.0 / 60, -100.0},
	}, got)
}

func TestDataQuality(t *testing.T) {
	wh := newWarehouse(t)
	insert(t, wh, []tk{
		{key: "Q1", title: "password reset", created: "2026-01-31 12:00"}, // updated_at = created
		{key: "Q2", title: "old one", created: "2026-01-20 08:00", deleted: true},
		// a status the contract does not know: stg_tickets' accepted_values test fails
		{key: "Q3", title: "weird", status: "bogus", created: "2026-01-25 08:00"},
	}, []ev{{key: "Q1", seq: 1, at: "2026-02-01 00:00", kind: "comment", actor: "a@x"}})
	insertMessages(t, wh, []msg{{ts: "1.1", author: "b@x", at: "2026-01-30 00:00", text: "hi"}})
	require.NoError(t, wh.Write(context.Background(), func(tx *warehouse.Tx) error {
		for _, q := range []string{
			`insert into ingest_runs values ('r1', 'test', 'csv', 'a.csv', 'h1', 100, 10, 8, 2, 0, '2026-02-01 00:00', 0, 2, null)`,
			`insert into ingest_runs values ('r2', 'test', 'csv', 'b.csv', 'h2', 50, 5, 4, 1, 1, '2026-02-03 12:00', 0, 1, null)`,
			`insert into rejects values ('r1', 'a.csv', 3, 'Created', 'bad date', 'x')`,
			`insert into rejects values ('r1', 'a.csv', 4, 'Created', 'bad date', 'y')`,
			`insert into rejects values ('r2', 'b.csv', 1, null, 'empty row', '')`,
		} {
			if _, err := tx.Exec(q); err != nil {
				return err
			}
		}
		return nil
	}))
	res, err := Build(context.Background(), wh, testConfig("UTC", "monday"), BuildOptions{})
	require.NoError(t, err)

	// The tests data_quality reports on, counted by an independent route: the build's own
	// results, minus data_quality's tests, which run after it is built.
	tests, failed := 0, 0
	for _, tr := range res.Tests {
		if tr.Model == "data_quality" {
			continue
		}
		tests++
		if tr.Failures > 0 {
			failed++
		}
	}
	require.Positive(t, failed, "the bogus status fails a test")

	got := query(t, wh, `select metric, source, subject, detail, value, as_of::varchar from data_quality
		where metric not in ('data_tests', 'failed_data_tests', 'failed_test')
		order by metric, source, subject, detail`)
	// rows: test tickets 3 (latest updated_at 01-31 12:00), events 1 (02-01 00:00);
	//   slack messages 1 (01-30 00:00). deleted: Q2.
	// days since latest: against the source's latest load, 02-03 12:00:
	//   tickets 3 days, events 2.5 days; slack has no load of its own, so the latest of
	//   any source, 02-03 12:00: 4.5 days.
	// rejects per file and reason; runs: 2, latest 02-03 12:00; rows in 10 + 5, loaded
	//   8 + 4, rejected 2 + 1, merged 0 + 1; ambiguous local times 2 + 1.
	assertRows(t, [][]any{
		{"ambiguous_times", "test", nil, "local times that happen twice (clocks go back), each read as the first", 3.0, nil},
		{"days_since_latest", "slack", "messages", "days from the latest row to the latest load of the source", 4.5, "2026-01-30 00:00:00"},
		{"days_since_latest", "test", "ticket_events", "days from the latest row to the latest load of the source", 2.5, "2026-02-01 00:00:00"},
		{"days_since_latest", "test", "tickets", "days from the latest row to the latest load of the source", 3.0, "2026-01-31 12:00:00"},
		{"deleted_rows", "test", "tickets", nil, 1.0, nil},
		{"ingest_runs", "test", nil, nil, 2.0, "2026-02-03 12:00:00"},
		{"rejects", "test", "a.csv", "bad date", 2.0, nil},
		{"rejects", "test", "b.csv", "empty row", 1.0, nil},
		{"rows", "slack", "messages", nil, 1.0, "2026-01-30 00:00:00"},
		{"rows", "test", "ticket_events", nil, 1.0, "2026-02-01 00:00:00"},
		{"rows", "test", "tickets", nil, 3.0, "2026-01-31 12:00:00"},
		{"rows_in", "test", nil, nil, 15.0, nil},
		{"rows_loaded", "test", nil, nil, 12.0, nil},
		{"rows_merged", "test", nil, nil, 1.0, nil},
		{"rows_rejected", "test", nil, nil, 3.0, nil},
	}, got)

	assertRows(t, [][]any{{"data_tests", float64(tests)}, {"failed_data_tests", float64(failed)}},
		query(t, wh, `select metric, value from data_quality where metric in ('data_tests', 'failed_data_tests') order by metric`))
	got = query(t, wh, `select subject, detail, value from data_quality where metric = 'failed_test' and subject = 'stg_tickets'`)
	assertRows(t, [][]any{{"stg_tickets", "accepted_values(status)", 1.0}}, got)
	assertRows(t, [][]any{{int64(failed)}}, query(t, wh, `select count(*) from data_quality where metric = 'failed_test'`))

	// build_test_results keeps the failing rows as text
	got = query(t, wh, `select failures, len(sample), sample[1] like '%bogus%' from build_test_results
		where model = 'stg_tickets' and test = 'accepted_values(status)'`)
	assertRows(t, [][]any{{int64(1), int64(1), true}}, got)

	// a build of one model replaces only that model's results
	before := query(t, wh, `select count(*) from build_test_results`)
	_, err = Build(context.Background(), wh, testConfig("UTC", "monday"), BuildOptions{Select: []string{"volume_by_tool"}})
	require.NoError(t, err)
	assert.Equal(t, before, query(t, wh, `select count(*) from build_test_results`))
}
