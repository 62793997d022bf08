package models

import (
	"testing"
)

func TestTimeToResolve(t *testing.T) {
	wh := newWarehouse(t)
	insert(t, wh, []tk{
		// 09:00 -> 11:00: 2 hours
		{key: "T1", title: "okta password", status: "resolved", priority: "p2", group: "Service Desk",
			created: "2026-01-05 09:00", resolved: "2026-01-05 11:00"},
		// closed without resolved_at: closed_at counts, 10:00 -> 14:00: 4 hours
		{key: "T2", title: "okta access", status: "closed", priority: "p2", group: "service desk",
			created: "2026-01-06 10:00", closed: "2026-01-06 14:00"},
		// across a weekend: Fri 16:00 -> Mon 10:00 = 8 + 24 + 24 + 10 = 66 hours
		{key: "T3", title: "github outage", status: "resolved", group: "Platform",
			created: "2026-01-09 16:00", resolved: "2026-01-12 10:00", closed: "2026-01-12 12:00"},
		// reopened once; resolved_at is the final resolution: Mon 08:00 -> Tue 18:00 = 34 hours
		{key: "T4", title: "github bug", status: "resolved", priority: "p1", group: "platform", reopens: 1,
			created: "2026-01-12 08:00", resolved: "2026-01-13 18:00"},
		// open and canceled tickets are not resolved: left out
		{key: "T5", title: "okta", status: "open", created: "2026-01-07 09:00"},
		{key: "T6", title: "okta", status: "canceled", created: "2026-01-07 09:00", closed: "2026-01-07 10:00"},
		// in progress although the source gave a resolved_at: left out
		{key: "T7", title: "okta", status: "in_progress", created: "2026-01-07 09:00", resolved: "2026-01-07 10:00"},
	}, nil)
	buildAll(t, wh, testConfig("UTC", "monday"))

	// quantile_cont over n sorted values interpolates at position (n - 1) x q:
	//   overall 2, 4, 34, 66: median at 1.5 = 4 + 0.5 x 30 = 19; p90 at 2.7 = 34 + 0.7 x 32 = 56.4;
	//     mean 106 / 4 = 26.5
	//   2, 4: median 3; p90 at 0.9 = 2 + 0.9 x 2 = 3.8; mean 3
	//   34, 66: median 50; p90 at 0.9 = 34 + 0.9 x 32 = 62.8; mean 50
	//   one value x: x, x, x
	// Weeks of resolution: T1, T2 in the week of 2026-01-05; T3 (Mon 01-12), T4 (Tue 01-13) in 2026-01-12.
	got := query(t, wh, `select dimension, value, resolved_tickets, median_hours, p90_hours, mean_hours
		from time_to_resolve order by dimension, value`)
	assertRows(t, [][]any{
		{"intent", "access_request", 1, 4.0, 4.0, 4.0},
		{"intent", "outage", 1, 66.0, 66.0, 66.0},
		{"intent", "password_reset", 1, 2.0, 2.0, 2.0},
		{"intent", "product_bug", 1, 34.0, 34.0, 34.0},
		{"overall", "all", 4, 19.0, 56.4, 26.5},
		{"priority", "none", 1, 66.0, 66.0, 66.0},
		{"priority", "p1", 1, 34.0, 34.0, 34.0},
		{"priority", "p2", 2, 3.0, 3.8, 3.0},
		{"team", "IT", 2, 3.0, 3.8, 3.0},
		{"team", "Platform", 2, 50.0, 62.8, 50.0},
		{"tool", "GitHub", 2, 50.0, 62.8, 50.0},
		{"tool", "Okta", 2, 3.0, 3.8, 3.0},
		{"week", "2026-01-05", 2, 3.0, 3.8, 3.0},
		{"week", "2026-01-12", 2, 50.0, 62.8, 50.0},
	}, got)

	got = query(t, wh, `select source_key, is_open, is_resolved, resolve_hours, resolved_week_start::varchar
		from int_tickets order by source_key`)
	assertRows(t, [][]any{
		{"T1", false, true, 2.0, "2026-01-05"},
		{"T2", false, true, 4.0, "2026-01-05"},
		{"T3", false, true, 66.0, "2026-01-12"},
		{"T4", false, true, 34.0, "2026-01-12"},
		{"T5", true, false, nil, nil},
		{"T6", false, false, nil, nil},
		{"T7", true, false, nil, nil},
	}, got)
}
