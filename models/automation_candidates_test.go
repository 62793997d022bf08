package models

import (
	"testing"
)

func TestAutomationCandidates(t *testing.T) {
	wh := newWarehouse(t)
	insert(t, wh, []tk{
		// password_reset (default 10 min): handle 5, 10, 15 logged and 10 by default;
		// P2 was reassigned
		{key: "P1", title: "password", logged: 5, created: "2026-01-05 09:00"},
		{key: "P2", title: "password", logged: 10, reassignments: 2, created: "2026-01-12 09:00"},
		{key: "P3", title: "mfa", logged: 15, status: "canceled", created: "2026-01-19 09:00"},
		{key: "P4", title: "password", created: "2026-01-26 09:00"},
		// access_request (default 20 min); A3 was reopened; A2 and A3 were created at the same time
		{key: "A1", title: "access", created: "2026-01-05 10:00"},
		{key: "A3", title: "access", reopens: 1, created: "2026-01-20 10:00"},
		{key: "A2", title: "access", created: "2026-01-20 10:00"},
		// outage is not automatable; product_bug has 2 tickets, fewer than min_tickets (3)
		{key: "O1", title: "outage", created: "2026-01-06 10:00"},
		{key: "O2", title: "outage", created: "2026-01-07 10:00"},
		{key: "O3", title: "outage", created: "2026-01-08 10:00"},
		{key: "B1", title: "bug", created: "2026-01-08 10:00"},
		{key: "B2", title: "bug", created: "2026-01-09 10:00"},
		// deleted tickets count nowhere, not even in the weeks spanned
		{key: "D1", title: "password", created: "2026-03-02 10:00", deleted: true},
		// no intent rule matches these: one title cluster, stems "expens report stuck"
		// ("in" is a stop word; "approval" is in one ticket only, so not kept); handle 40 and
		// 20 logged, 30 for `other` by default; K3 was reopened
		{key: "K1", title: "Expense report stuck", logged: 40, created: "2026-01-06 11:00"},
		{key: "K2", title: "expense report stuck in approval", logged: 20, created: "2026-01-13 11:00"},
		{key: "K3", title: "Expense reports stuck", reopens: 1, created: "2026-01-27 11:00", status: "resolved", resolved: "2026-01-27 12:00"},
	}, nil)
	buildAll(t, wh, testConfig("UTC", "monday"))

	// weeks = (2026-01-26 - 2026-01-05) / 7 + 1 = 21 / 7 + 1 = 4 (K3, Tuesday 01-27, is in
	// the week of 01-26)
	//
	// cluster "expense report stuck" (the alphabetically first of three titles seen once):
	//   3 tickets, 3/4 = 0.75 a week; handle 40, 20, 30: median 30, mean 30,
	//   stddev_pop = sqrt((100 + 100 + 0) / 3) = 8.1649658, cv 0.27216553; escalation 0;
	//   reopen 1/3.
	//   score = 0.75 x 30/60 x 1/1.27216553 x 1 x 2/3 = 0.375 x 0.78606123 x 2/3 = 0.19651531
	//   hours saved a week = 0.75 x 30/60 x 0.8 = 0.3; a month 0.3 x 52/12 = 1.3;
	//   payback = 40 / 0.3 = 133.333333 weeks
	//   examples: K3, K2, K1
	//
	// access_request: 3 tickets, 3/4 = 0.75 a week; handle 20, 20, 20: median 20, cv 0;
	//   escalation 0; reopen 1/3.
	//   score = 0.75 x 20/60 x 1/(1+0) x (1-0) x (1-1/3) = 0.75 x 1/3 x 2/3 = 1/6
	//   hours saved a week = 0.75 x 20/60 x 0.8 = 0.2; a month 0.2 x 52/12 = 0.866667;
	//   payback = 40 / 0.2 = 200 weeks
	//   examples, newest first, ties by key: A2, A3 (both 01-20 10:00), A1
	//
	// password_reset: 4 tickets, 1 a week; handle 5, 10, 10, 15: median 10, mean 10,
	//   stddev_pop = sqrt((25 + 0 + 0 + 25) / 4) = sqrt(12.5) = 3.5355339, cv 0.35355339;
	//   escalation 1/4; reopen 0.
	//   score = 1 x 10/60 x 1/1.35355339 x 0.75 x 1 = 0.16666667 x 0.73879612 x 0.75 = 0.09234952
	//   hours saved a week = 1 x 10/60 x 0.8 = 0.133333; a month 0.577778; payback 300 weeks
	//   examples: P4 (01-26), P3 (01-19), P2 (01-12)
	cluster := clusterID("expens report stuck")
	got := query(t, wh, `select rank, intent, intent_class, tickets, tickets_per_week, median_handle_minutes,
		cv_handle_minutes, escalation_rate, reopen_rate, score, hours_saved_per_month, example_keys,
		kind, name, cluster_id, hours_saved_per_week, build_cost_hours, payback_weeks, example_titles
		from automation_candidates order by rank`)
	assertRows(t, [][]any{
		{1, "other", nil, 3, 0.75, 30.0, 0.27216553, 0.0, 1.0 / 3, 0.19651531, 1.3, []any{"K3", "K2", "K1"},
			"cluster", "expense report stuck", cluster, 0.3, 40.0, 133.333333,
			[]any{"Expense reports stuck", "expense report stuck in approval", "Expense report stuck"}},
		{2, "access_request", "it", 3, 0.75, 20.0, 0.0, 0.0, 1.0 / 3, 1.0 / 6, 0.866667, []any{"A2", "A3", "A1"},
			"intent", "access_request", nil, 0.2, 40.0, 200.0, []any{"access", "access", "access"}},
		{3, "password_reset", "it", 4, 1.0, 10.0, 0.35355339, 0.25, 0.0, 0.09234952, 0.577778, []any{"P4", "P3", "P2"},
			"intent", "password_reset", nil, 0.133333, 40.0, 300.0, []any{"password", "mfa", "password"}},
	}, got)
}
