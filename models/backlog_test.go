package models

import (
	"testing"
)

// TestBacklog checks backlog_daily and backlog_weekly under a UTC calendar
// (weeks from Monday): a ticket open for over a month, ones resolved the
// next day, a reopened one (from status events), a canceled one, a ticket
// resolved before it was created, and one still open. The data's latest
// moment is K3's close, Fri 2026-04-10 11:00, so the last day is 04-10.
func TestBacklog(t *testing.T) {
	wh := newWarehouse(t)
	insert(t, wh, []tk{
		{key: "K6", status: "open", created: "2026-03-09 12:00"},
		{key: "K1", status: "resolved", created: "2026-04-06 10:00", resolved: "2026-04-07 09:00"},
		{key: "K2", status: "open", created: "2026-04-06 12:00"},
		{key: "K3", status: "closed", created: "2026-04-07 08:00", resolved: "2026-04-10 11:00", closed: "2026-04-10 11:00"},
		{key: "K4", status: "canceled", created: "2026-04-08 09:00", closed: "2026-04-09 12:00"},
		{key: "K5", status: "resolved", created: "2026-04-08 10:00", resolved: "2026-04-08 09:00"},
	}, nil)
	insertHistory(t, wh, []xev{
		{key: "K3", seq: 1, at: "2026-04-07 17:00", kind: "status", actor: "ivy@corp", from: "Open", to: "Resolved"},
		{key: "K3", seq: 2, at: "2026-04-09 10:00", kind: "status", actor: "req@corp", from: "Resolved", to: "Reopened"},
		{key: "K3", seq: 3, at: "2026-04-10 11:00", kind: "status", actor: "ivy@corp", from: "Reopened", to: "Closed"},
	}, nil)
	buildAll(t, wh, testConfig("UTC", "monday"))

	got := query(t, wh, `select segment_seq, status, strftime(started_at, '%m-%d %H:%M'), strftime(ended_at, '%m-%d %H:%M'), is_from_events
		from int_status_history where source_key = 'K3' order by segment_seq`)
	assertRows(t, [][]any{
		{1, "open", "04-07 08:00", "04-07 17:00", true},
		{2, "resolved", "04-07 17:00", "04-09 10:00", true},
		{3, "open", "04-09 10:00", "04-10 11:00", true},
		{4, "closed", "04-10 11:00", nil, true},
	}, got)

	// Counted at midnight ending each day; ages since creation:
	//   04-05: K6 27.5 d (7-30)                                                  -> 1
	//   04-06: K1 14 h, K2 12 h (<1d); K6 28.5 d                                 -> 3
	//   04-07: K1 resolved 09:00, K3 resolved 17:00; K2 36 h (1-3d); K6 29.5 d   -> 2
	//   04-08: K2 60 h (1-3d); K4 15 h (<1d); K5 never open; K6 30.5 d (>30)     -> 3
	//   04-09: K2 84 h (3-7d); K3 reopened 10:00, 64 h (1-3d); K4 canceled; K6    -> 3
	//   04-10: K2 108 h (3-7d); K3 closed 11:00; K6                              -> 2
	got = query(t, wh, `select day::varchar, open_tickets, open_lt_1d, open_1d_3d, open_3d_7d, open_7d_30d, open_gt_30d
		from backlog_daily where day >= '2026-04-05' order by day`)
	assertRows(t, [][]any{
		{"2026-04-05", 1, 0, 0, 0, 1, 0},
		{"2026-04-06", 3, 2, 0, 0, 1, 0},
		{"2026-04-07", 2, 0, 1, 0, 1, 0},
		{"2026-04-08", 3, 1, 1, 0, 0, 1},
		{"2026-04-09", 3, 0, 1, 1, 0, 1},
		{"2026-04-10", 2, 0, 0, 1, 0, 1},
	}, got)
	// The first day is K6's creation day; every day from there on has a row.
	got = query(t, wh, `select min(day)::varchar, max(day)::varchar, count(*) from backlog_daily`)
	assertRows(t, [][]any{{"2026-03-09", "2026-04-10", 33}}, got) // 23 days of March + 10 of April

	// Week of 03-09: K6 created; open at the end of Sunday 03-15: 1.
	// Week of 03-30: nothing created or resolved; open at the end of 04-05: 1.
	// Week of 04-06: created K1-K5 = 5; resolved K1 (04-07), K3 (final resolution 04-10),
	//   K5 (04-08, its hours are null but it was resolved) = 3; K4 canceled is not resolved.
	//   The week is cut at the data's last day, 04-10: 2 open. net_change 5 - 3 = 2.
	got = query(t, wh, `select week_start::varchar, created, resolved, open_at_week_end, net_change
		from backlog_weekly order by week_start`)
	assertRows(t, [][]any{
		{"2026-03-09", 1, 0, 1, 1},
		{"2026-03-16", 0, 0, 1, 0},
		{"2026-03-23", 0, 0, 1, 0},
		{"2026-03-30", 0, 0, 1, 0},
		{"2026-04-06", 5, 3, 2, 2},
	}, got)
}

// TestBacklogAgeBuckets checks backlog_age_daily under non-default edges,
// backlog.age_buckets_days = [0.5, 2, 28]: buckets under 0.5 days (12 h),
// 0.5-2 days (12-48 h), 2-28 days (48-672 h) and 28 days or more. The data
// is TestBacklog's plus K7, created Thu 04-09 20:00 and still open.
func TestBacklogAgeBuckets(t *testing.T) {
	wh := newWarehouse(t)
	insert(t, wh, []tk{
		{key: "K6", status: "open", created: "2026-03-09 12:00"},
		{key: "K1", status: "resolved", created: "2026-04-06 10:00", resolved: "2026-04-07 09:00"},
		{key: "K2", status: "open", created: "2026-04-06 12:00"},
		{key: "K3", status: "closed", created: "2026-04-07 08:00", resolved: "2026-04-10 11:00", closed: "2026-04-10 11:00"},
		{key: "K4", status: "canceled", created: "2026-04-08 09:00", closed: "2026-04-09 12:00"},
		{key: "K5", status: "resolved", created: "2026-04-08 10:00", resolved: "2026-04-08 09:00"},
		{key: "K7", status: "open", created: "2026-04-09 20:00"},
	}, nil)
	insertHistory(t, wh, []xev{
		{key: "K3", seq: 1, at: "2026-04-07 17:00", kind: "status", actor: "ivy@corp", from: "Open", to: "Resolved"},
		{key: "K3", seq: 2, at: "2026-04-09 10:00", kind: "status", actor: "req@corp", from: "Resolved", to: "Reopened"},
		{key: "K3", seq: 3, at: "2026-04-10 11:00", kind: "status", actor: "ivy@corp", from: "Reopened", to: "Closed"},
	}, nil)
	cfg := testConfig("UTC", "monday")
	cfg.Backlog.AgeBucketsDays = []float64{0.5, 2, 28}
	buildAll(t, wh, cfg)

	got := query(t, wh, `select distinct bucket_order, bucket_label, min_age_days, max_age_days
		from backlog_age_daily order by bucket_order`)
	assertRows(t, [][]any{
		{1, "under 0.5 days", 0.0, 0.5},
		{2, "0.5-2 days", 0.5, 2.0},
		{3, "2-28 days", 2.0, 28.0},
		{4, "28 days or more", 28.0, nil},
	}, got)

	// Ages at midnight ending each day (hours since creation):
	//   03-09: K6 12 h = 0.5 d exactly: a bucket includes its lower edge  -> 0.5-2
	//   03-10: K6 36 h -> 0.5-2;  03-11: K6 60 h -> 2-28
	//   04-05: K6 27.5 d -> 2-28
	//   04-06: K1 14 h, K2 12 h (edge) -> 0.5-2; K6 28.5 d -> 28+
	//   04-07: K1, K3 resolved; K2 36 h -> 0.5-2; K6 -> 28+
	//   04-08: K2 60 h -> 2-28; K4 15 h -> 0.5-2; K5 never open; K6 -> 28+
	//   04-09: K7 4 h -> under 0.5; K2 84 h, K3 (reopened) 64 h -> 2-28; K4 canceled; K6 -> 28+
	//   04-10: K7 28 h -> 0.5-2; K2 108 h -> 2-28; K3 closed; K6 -> 28+
	got = query(t, wh, `select day::varchar, list(open_tickets order by bucket_order)
		from backlog_age_daily
		where day in ('2026-03-09', '2026-03-10', '2026-03-11') or day >= '2026-04-05'
		group by day order by day`)
	l := func(v ...int32) []any {
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = int64(x)
		}
		return out
	}
	assertRows(t, [][]any{
		{"2026-03-09", l(0, 1, 0, 0)},
		{"2026-03-10", l(0, 1, 0, 0)},
		{"2026-03-11", l(0, 0, 1, 0)},
		{"2026-04-05", l(0, 0, 1, 0)},
		{"2026-04-06", l(0, 2, 0, 1)},
		{"2026-04-07", l(0, 1, 0, 1)},
		{"2026-04-08", l(0, 1, 1, 1)},
		{"2026-04-09", l(1, 0, 2, 1)},
		{"2026-04-10", l(0, 1, 1, 1)},
	}, got)

	// Every day from 03-09 to 04-10 (33) has a row per bucket (4), and the
	// buckets add up to backlog_daily's count, whatever the edges.
	got = query(t, wh, `select count(*), count(distinct day) from backlog_age_daily`)
	assertRows(t, [][]any{{132, 33}}, got)
	got = query(t, wh, `select count(*) from backlog_daily d
		join (select day, sum(open_tickets) as n from backlog_age_daily group by day) a using (day)
		where a.n = d.open_tickets`)
	assertRows(t, [][]any{{33}}, got)

	// One edge at 1 day: singular labels.
	cfg.Backlog.AgeBucketsDays = []float64{1}
	buildAll(t, wh, cfg)
	got = query(t, wh, `select bucket_label, open_tickets from backlog_age_daily where day = '2026-04-10' order by bucket_order`)
	assertRows(t, [][]any{{"under 1 day", 0}, {"1 day or more", 3}}, got) // K7 28 h, K2, K6
}

// TestBacklogFromEventLogActivities: an event log's status events carry
// its activities ("Resolve", "Close"), which int_status_history reads with
// ingest.NormalizeStatus's rules, verbs included. Two cases as the event
// log connector loads them (UTC calendar):
//
//	C1 created 03-30 22:00; Open 22:00, Assign 03-31 00:30, Reassign 01:30,
//	   Resolve 03:00, Close 04-02 03:00; closed, resolved 03-31 03:00
//	C2 created 04-01 07:00; Open 07:00, Resolve 08:00, Reopen 04-02 07:00,
//	   Assign 08:00; open again
//
// C1's segments: open from 22:00 to each next event (Open, Assign,
// Reassign), resolved from Resolve to Close, closed from Close on. The
// data's latest moment is C2's Assign (04-02 08:00), so the days run from
// 03-30 to 04-02. Open at each day's end:
//
//	03-30: C1 (2 h old, under 1 day)                -> 1
//	03-31: C1 resolved at 03:00                      -> 0 (it read 1: "Resolve" was open)
//	04-01: C1 resolved; C2 resolved at 08:00         -> 0 (it read 2)
//	04-02: C1 closed; C2 reopened 07:00, 41 h (1-3d) -> 1
func TestBacklogFromEventLogActivities(t *testing.T) {
	wh := newWarehouse(t)
	insert(t, wh, []tk{
		{key: "C1", status: "closed", created: "2024-03-30 22:00", resolved: "2024-03-31 03:00", closed: "2024-04-02 03:00"},
		{key: "C2", status: "open", created: "2024-04-01 07:00", reopens: 1},
	}, nil)
	insertHistory(t, wh, []xev{
		{key: "C1", seq: 1, at: "2024-03-30 22:00", kind: "status", actor: "alice", to: "Open"},
		{key: "C1", seq: 2, at: "2024-03-31 00:30", kind: "status", actor: "bob", from: "Open", to: "Assign"},
		{key: "C1", seq: 3, at: "2024-03-31 01:30", kind: "status", actor: "carol", from: "Assign", to: "Reassign"},
		{key: "C1", seq: 4, at: "2024-03-31 03:00", kind: "status", actor: "carol", from: "Reassign", to: "Resolve"},
		{key: "C1", seq: 5, at: "2024-04-02 03:00", kind: "status", actor: "system", from: "Resolve", to: "Close"},
		{key: "C2", seq: 1, at: "2024-04-01 07:00", kind: "status", actor: "alice", to: "Open"},
		{key: "C2", seq: 2, at: "2024-04-01 08:00", kind: "status", actor: "bob", from: "Open", to: "Resolve"},
		{key: "C2", seq: 3, at: "2024-04-02 07:00", kind: "status", actor: "alice", from: "Resolve", to: "Reopen"},
		{key: "C2", seq: 4, at: "2024-04-02 07:00", kind: "reopen", actor: "alice", from: "Resolve", to: "Reopen"},
		{key: "C2", seq: 5, at: "2024-04-02 08:00", kind: "status", actor: "dan", from: "Reopen", to: "Assign"},
	}, nil)
	buildAll(t, wh, testConfig("UTC", "monday"))

	got := query(t, wh, `select segment_seq, status, strftime(started_at, '%m-%d %H:%M'), strftime(ended_at, '%m-%d %H:%M')
		from int_status_history where source_key = 'C1' order by segment_seq`)
	assertRows(t, [][]any{
		{1, "open", "03-30 22:00", "03-31 00:30"},
		{2, "open", "03-31 00:30", "03-31 01:30"},
		{3, "open", "03-31 01:30", "03-31 03:00"},
		{4, "resolved", "03-31 03:00", "04-02 03:00"},
		{5, "closed", "04-02 03:00", nil},
	}, got)

	got = query(t, wh, `select day::varchar, open_tickets, open_lt_1d, open_1d_3d from backlog_daily order by day`)
	assertRows(t, [][]any{
		{"2024-03-30", 1, 1, 0},
		{"2024-03-31", 0, 0, 0},
		{"2024-04-01", 0, 0, 0},
		{"2024-04-02", 1, 0, 1},
	}, got)
}
