package models

import (
	"testing"
)

func TestVolumeByTool(t *testing.T) {
	// New York is UTC-5 in January. Weeks start on Monday: 2026-01-05,
	// 2026-01-12, 2026-01-19 (no tickets), 2026-01-26.
	wh := newWarehouse(t)
	insert(t, wh, []tk{
		{key: "V1", title: "Okta login loop", created: "2026-01-06 15:00"},
		// components come before the title: GitHub, not Okta
		{key: "V2", title: "okta question", components: []string{"GitHub"}, created: "2026-01-07 15:00"},
		// Monday 03:00 UTC is Sunday 22:00 in New York: still the week of 2026-01-05
		{key: "V3", title: "Reset okta", created: "2026-01-12 03:00"},
		// Monday 06:00 UTC is Monday 01:00 in New York: the week of 2026-01-12
		{key: "V4", title: "okta again", created: "2026-01-12 06:00"},
		// "box" is inside "mailbox" but not a word of its own: Unknown
		{key: "V5", title: "mailbox full", created: "2026-01-13 12:00"},
		// the category comes before the title: Jira, not GitHub
		{key: "V6", title: "GitHub", category: "Jira", created: "2026-01-14 12:00"},
		// zoom and jira are both 4 letters long: the tool name decides, Jira
		{key: "V7", title: "zoom and jira", created: "2026-01-14 13:00"},
		// deleted: not counted
		{key: "V8", title: "okta", created: "2026-01-14 14:00", deleted: true},
		{key: "V9", title: "github down", created: "2026-01-27 12:00"},
		// only the description names a tool; "google drive" is longer than "google"
		{key: "V10", title: "help", description: "see Google Drive", created: "2026-01-15 12:00"},
		{key: "V11", title: "github access", created: "2026-01-15 13:00"},
		// "github" (6 letters) beats "sso" (3)
		{key: "V12", title: "GitHub SSO", created: "2026-01-16 13:00"},
	}, nil)
	buildAll(t, wh, testConfig("America/New_York", "monday"))

	// Week 2026-01-05: Okta V1 V3 = 2, GitHub V2 = 1; 3 tickets.
	// Week 2026-01-12: Google Drive V10 = 1, GitHub V11 V12 = 2, Jira V6 V7 = 2,
	//   Okta V4 = 1, Unknown V5 = 1; 7 tickets.
	//   GitHub change: (2 - 1) / 1 x 100 = 100; Okta change: (1 - 2) / 2 x 100 = -50.
	// Week 2026-01-26: GitHub V9 = 1 of 1; the week before (01-19) had none,
	//   so prev_week_tickets is 0 and change_pct null.
	got := query(t, wh, `select week_start::varchar, tool, tickets, share, prev_week_tickets, change_pct
		from volume_by_tool order by week_start, tool`)
	assertRows(t, [][]any{
		{"2026-01-05", "GitHub", 1, 1.0 / 3, 0, nil},
		{"2026-01-05", "Okta", 2, 2.0 / 3, 0, nil},
		{"2026-01-12", "GitHub", 2, 2.0 / 7, 1, 100.0},
		{"2026-01-12", "Google Drive", 1, 1.0 / 7, 0, nil},
		{"2026-01-12", "Jira", 2, 2.0 / 7, 0, nil},
		{"2026-01-12", "Okta", 1, 1.0 / 7, 2, -50.0},
		{"2026-01-12", "Unknown", 1, 1.0 / 7, 0, nil},
		{"2026-01-26", "GitHub", 1, 1.0, 0, nil},
	}, got)

	// Where each tool was found, and the sanctioned flag from the catalogue.
	got = query(t, wh, `select source_key, tool, tool_field, tool_alias, is_tool_sanctioned
		from int_ticket_tool order by source_key`)
	assertRows(t, [][]any{
		{"V1", "Okta", "title", "okta", true},
		{"V10", "Google Drive", "description", "google drive", true},
		{"V11", "GitHub", "title", "github", true},
		{"V12", "GitHub", "title", "github", true},
		{"V2", "GitHub", "components", "github", true},
		{"V3", "Okta", "title", "okta", true},
		{"V4", "Okta", "title", "okta", true},
		{"V5", "Unknown", nil, nil, nil},
		{"V6", "Jira", "category", "jira", true},
		{"V7", "Jira", "title", "jira", true},
		{"V9", "GitHub", "title", "github", true},
	}, got)
}

func TestVolumeByToolSundayWeeks(t *testing.T) {
	// Berlin is UTC+1 in January; weeks start on Sunday.
	// 2026-01-10 22:30 UTC is Saturday 23:30 in Berlin: week of Sunday 2026-01-04.
	// 2026-01-10 23:30 UTC is Sunday 00:30 in Berlin: week of Sunday 2026-01-11.
	// 2026-01-17 22:59 UTC is Saturday 23:59 in Berlin: still the week of 2026-01-11.
	wh := newWarehouse(t)
	insert(t, wh, []tk{
		{key: "S1", title: "okta", created: "2026-01-10 22:30"},
		{key: "S2", title: "okta", created: "2026-01-10 23:30"},
		{key: "S3", title: "okta", created: "2026-01-17 22:59"},
	}, nil)
	buildAll(t, wh, testConfig("Europe/Berlin", "sunday"))
	got := query(t, wh, `select week_start::varchar, tool, tickets, share, prev_week_tickets, change_pct
		from volume_by_tool order by week_start`)
	// week 01-11: 2 tickets against 1 the week before: (2 - 1) / 1 x 100 = 100
	assertRows(t, [][]any{
		{"2026-01-04", "Okta", 1, 1.0, 0, nil},
		{"2026-01-11", "Okta", 2, 1.0, 1, 100.0},
	}, got)
}
