package models

import (
	"testing"
)

// TestBusinessHoursToResolve checks business hours in int_tickets and
// time_to_resolve under a Berlin calendar (09:00-17:00 Monday to Friday,
// 2026-01-14 an explicit holiday, German national holidays) across a
// weekend, holidays, both daylight-saving changes, a ticket created outside
// working hours and one resolved before work starts. Times in the rows are
// UTC; Berlin is UTC+1 in winter (CET) and UTC+2 in summer (CEST), so the
// working day is 08:00-16:00 UTC in winter and 07:00-15:00 UTC in summer.
func TestBusinessHoursToResolve(t *testing.T) {
	wh := newWarehouse(t)
	insert(t, wh, []tk{
		// Mon 09:30 -> 11:00 local: 1.5 h, all of it working time.
		// First response 10:00 local: 0.5 h both ways.
		{key: "B1", status: "resolved", created: "2026-01-05 08:30", firstResponse: "2026-01-05 09:00", resolved: "2026-01-05 10:00"},
		// Weekend: Fri 16:00 -> Mon 10:00 local. Calendar 15:00Z -> 09:00Z
		// = 9 + 48 + 9 = 66 h; business Fri 16-17 (1 h) + Mon 9-10 (1 h) = 2 h.
		{key: "B2", status: "resolved", created: "2026-01-09 15:00", resolved: "2026-01-12 09:00"},
		// Explicit holiday Wed 14 Jan: Tue 15:00 -> Thu 10:00 local. Calendar
		// 14:00Z -> 09:00Z = 10 + 24 + 9 = 43 h; business Tue 15-17 (2 h) +
		// Wed 0 + Thu 9-10 (1 h) = 3 h.
		{key: "B3", status: "resolved", created: "2026-01-13 14:00", resolved: "2026-01-15 09:00"},
		// Spring DST (Sun 29 March): Fri 16:00 CET (15:00Z) -> Mon 10:00 CEST
		// (08:00Z). Calendar 9 + 48 + 8 = 65 h; business 1 + 1 = 2 h. (A fixed
		// UTC+1 would put Monday's 08:00Z at 09:00 local and count 1 h.)
		{key: "B4", status: "resolved", created: "2026-03-27 15:00", resolved: "2026-03-30 08:00"},
		// Autumn DST (Sun 25 October): Fri 16:00 CEST (14:00Z) -> Mon 10:00
		// CET (09:00Z). Calendar 10 + 48 + 9 = 67 h; business 1 + 1 = 2 h.
		{key: "B5", status: "resolved", created: "2026-10-23 14:00", resolved: "2026-10-26 09:00"},
		// Created outside hours: Mon 07:00 -> 09:30 local. Calendar 2.5 h,
		// business 09:00-09:30 = 0.5 h.
		{key: "B6", status: "resolved", created: "2026-01-19 06:00", resolved: "2026-01-19 08:30"},
		// Resolved before work starts: Tue 18:00 -> Wed 08:00 local. Calendar
		// 14 h, business 0. First response Wed 08:30 local: 14.5 h, business 0.
		{key: "B7", status: "resolved", created: "2026-01-20 17:00", firstResponse: "2026-01-21 07:30", resolved: "2026-01-21 07:00"},
		// Resolution dated before the creation: no hours, left out of TTR.
		{key: "B8", status: "resolved", created: "2026-01-21 10:00", resolved: "2026-01-21 09:00"},
		// Open: left out.
		{key: "B9", status: "open", created: "2026-01-22 10:00"},
		// National holiday (de: Neujahrstag, Thu 1 Jan): Wed 31 Dec 16:00 ->
		// Fri 2 Jan 10:00 local. Calendar 15:00Z -> 09:00Z = 9 + 24 + 9 = 42 h;
		// business Wed 16-17 (1 h) + Thu 0 + Fri 9-10 (1 h) = 2 h.
		{key: "B10", status: "resolved", created: "2025-12-31 15:00", resolved: "2026-01-02 09:00"},
	}, nil)
	cfg := testConfig("Europe/Berlin", "monday")
	cfg.Calendar.Holidays = []string{"2026-01-14"}
	cfg.Calendar.HolidayCountry = "de"
	buildAll(t, wh, cfg)

	got := query(t, wh, `select source_key, resolve_hours, resolve_business_hours,
			first_response_hours, first_response_business_hours
		from int_tickets order by created_at`)
	assertRows(t, [][]any{
		{"B10", 42.0, 2.0, nil, nil},
		{"B1", 1.5, 1.5, 0.5, 0.5},
		{"B2", 66.0, 2.0, nil, nil},
		{"B3", 43.0, 3.0, nil, nil},
		{"B6", 2.5, 0.5, nil, nil},
		{"B7", 14.0, 0.0, 14.5, 0.0},
		{"B8", nil, nil, nil, nil},
		{"B9", nil, nil, nil, nil},
		{"B4", 65.0, 2.0, nil, nil},
		{"B5", 67.0, 2.0, nil, nil},
	}, got)

	// Eight resolved tickets (B8 and B9 left out), quantile_cont at (n - 1) x q:
	//   calendar 1.5, 2.5, 14, 42, 43, 65, 66, 67: median at 3.5 = (42 + 43) / 2 = 42.5;
	//     p90 at 6.3 = 66 + 0.3 x 1 = 66.3; mean 301 / 8 = 37.625
	//   business 0, 0.5, 1.5, 2, 2, 2, 2, 3: median at 3.5 = 2; p90 at 6.3 = 2 + 0.3 x 1 = 2.3;
	//     mean 13 / 8 = 1.625
	got = query(t, wh, `select resolved_tickets, median_hours, p90_hours, mean_hours,
			median_business_hours, p90_business_hours, mean_business_hours
		from time_to_resolve where dimension = 'overall'`)
	assertRows(t, [][]any{{8, 42.5, 66.3, 37.625, 2.0, 2.3, 1.625}}, got)

	// The calendar table holds the holidays by name and Berlin's short and long days.
	got = query(t, wh, `select day::varchar, is_work_day, holiday, epoch(day_end_at) - epoch(day_start_at)
		from dim_business_days where day in ('2026-01-01', '2026-01-14', '2026-03-29', '2026-10-25') order by day`)
	assertRows(t, [][]any{
		{"2026-01-01", false, "Neujahrstag", 86400.0},
		{"2026-01-14", false, "holiday", 86400.0},
		{"2026-03-29", false, nil, 82800.0},
		{"2026-10-25", false, nil, 90000.0},
	}, got)
}
