package models

import (
	"testing"
)

// TestHandoffsAndPingPong checks the team paths built from group events (or
// assignee events when a ticket has no group event), the handoffs mart and
// the pingpong mart. testConfig's teams: IT (group "service desk"; people
// ivy@, dual@), Platform (group "platform"; people pat@, quinn@, dual@),
// Security (group "security"); IT is class it, Platform engineering.
func TestHandoffsAndPingPong(t *testing.T) {
	wh := newWarehouse(t)
	insert(t, wh, []tk{
		{key: "H1", created: "2026-05-04 09:00"},
		{key: "H2", created: "2026-05-04 09:00"},
		{key: "H3", created: "2026-05-04 09:00"},
		{key: "H4", created: "2026-05-04 09:00"},
		{key: "H5", created: "2026-05-04 09:00", reassignments: 4},
		{key: "H6", created: "2026-05-04 09:00"},
		{key: "H7", created: "2026-05-04 09:00"},
	}, nil)
	g := func(key string, seq int, at, from, to string) xev {
		return xev{key: key, seq: seq, at: "2026-05-04 " + at, kind: "group", actor: "ivy@corp", from: from, to: to}
	}
	a := func(key string, seq int, at, from, to string) xev {
		return xev{key: key, seq: seq, at: "2026-05-04 " + at, kind: "assignee", actor: "ivy@corp", from: from, to: to}
	}
	insertHistory(t, wh, []xev{
		// H1: IT -> Platform -> IT -> Platform: 3 hand-offs, all crossing, 2 returns
		g("H1", 1, "09:00", "", "Service Desk"),
		g("H1", 2, "10:00", "Service Desk", "Platform Team"),
		g("H1", 3, "11:00", "Platform Team", "Service Desk"),
		g("H1", 4, "12:00", "Service Desk", "Platform Team"),
		// H2: IT -> Security -> Facilities (no team: its own name, class other) -> IT:
		// 3 hand-offs, none between it and engineering, no return (IT two stints
		// before Facilities' successor is Security)
		g("H2", 1, "09:00", "Service Desk", "Security Ops"),
		g("H2", 2, "10:00", "Security Ops", "Facilities"),
		g("H2", 3, "11:00", "Facilities", "service desk"),
		// H3: Platform, "platform" (the same team: collapses), then IT: 1 hand-off, crossing
		g("H3", 1, "09:00", "", "Platform"),
		g("H3", 2, "10:00", "Platform", "platform"),
		g("H3", 3, "11:00", "platform", "Service Desk"),
		// H4: no group events; assignees pat (Platform), nobody (no team: skipped),
		// ivy (IT), quinn (Platform): Platform -> IT -> Platform: 2 hand-offs, 1 return
		a("H4", 1, "09:00", "", "pat@corp"),
		a("H4", 2, "10:00", "pat@corp", "nobody@corp"),
		a("H4", 3, "11:00", "nobody@corp", "ivy@corp"),
		a("H4", 4, "12:00", "ivy@corp", "quinn@corp"),
		// H7: group events win over assignee events: Platform only, no hand-off
		a("H7", 1, "09:00", "", "ivy@corp"),
		g("H7", 2, "09:30", "", "Platform"),
	}, nil)
	buildAll(t, wh, testConfig("UTC", "monday"))

	// H5, H6 have no such events: the source's reassignment count (4, and 0
	// when absent), class crossings and ping-pongs unknown.
	got := query(t, wh, `select source_key, handoffs, class_crossings, pingpongs, from_events, array_to_string(team_path, '>')
		from handoffs order by source_key`)
	assertRows(t, [][]any{
		{"H1", 3, 3, 2, true, "IT>Platform>IT>Platform"},
		{"H2", 3, 0, 0, true, "IT>Security>Facilities>IT"},
		{"H3", 1, 1, 0, true, "Platform>IT"},
		{"H4", 2, 2, 1, true, "Platform>IT>Platform"},
		{"H5", 4, nil, nil, false, ""},
		{"H6", 0, nil, nil, false, ""},
		{"H7", 0, 0, 0, true, "Platform"},
	}, got)

	got = query(t, wh, `select source_key, stint_seq, team, team_class, previous_team, is_class_crossing, is_return
		from int_ticket_team_path where source_key = 'H2' order by stint_seq`)
	assertRows(t, [][]any{
		{"H2", 1, "IT", "it", nil, false, false},
		{"H2", 2, "Security", "security", "IT", false, false},
		{"H2", 3, "Facilities", "other", "Security", false, false},
		{"H2", 4, "IT", "it", "Facilities", false, false},
	}, got)

	// Returns between IT and Platform: H1 two (stints 3 and 4), H4 one: 2 tickets, 3 returns.
	got = query(t, wh, `select team_a, team_b, tickets, returns from pingpong`)
	assertRows(t, [][]any{{"IT", "Platform", 2, 3}}, got)
}
