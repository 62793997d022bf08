package models

import (
	"testing"
)

// TestFirstResponse checks which comment or status change is the first
// response and the first_response mart, under a UTC calendar with working
// hours 09:00-17:00 Monday to Friday. All tickets are created in the week
// of Monday 2026-02-02.
func TestFirstResponse(t *testing.T) {
	wh := newWarehouse(t)
	insert(t, wh, []tk{
		{key: "F1", status: "open", group: "Service Desk", created: "2026-02-02 09:00"},
		{key: "F2", status: "in_progress", group: "Service Desk", created: "2026-02-02 16:00"},
		{key: "F3", status: "open", group: "Service Desk", created: "2026-02-03 09:00"},
		{key: "F4", status: "open", group: "Platform", created: "2026-02-06 16:00", firstResponse: "2026-02-06 16:30"},
		{key: "F5", status: "resolved", group: "Platform", created: "2026-02-03 10:00", resolved: "2026-02-03 11:00"},
		{key: "F6", status: "canceled", group: "Platform", created: "2026-02-03 10:00", firstResponse: "2026-02-03 10:10"},
		{key: "F7", status: "open", group: "Platform", created: "2026-02-04 12:00", firstResponse: "2026-02-04 13:00"},
		{key: "F8", status: "open", group: "Platform", created: "2026-02-05 10:00", firstResponse: "2026-02-05 09:00"},
	}, nil)
	execSQL(t, wh,
		`update tickets set requester = 'req@corp'`,
		`update tickets set requester = 'Req@Corp' where source_key = 'F3'`,
	)
	insertHistory(t, wh, []xev{
		{key: "F1", seq: 1, at: "2026-02-02 10:30", kind: "status", actor: "ivy@corp", from: "New", to: "In Progress"},
		// F2: a status change by an agent comes before any comment
		{key: "F2", seq: 1, at: "2026-02-03 09:15", kind: "status", actor: "pat@corp", from: "Open", to: "In Progress"},
		// F3: only the requester moves it (the name differs in case only)
		{key: "F3", seq: 1, at: "2026-02-03 09:05", kind: "status", actor: "req@corp", from: "Open", to: "Waiting"},
		// F7: a status change by an unknown actor is no response
		{key: "F7", seq: 1, at: "2026-02-04 12:30", kind: "status", from: "Open", to: "In Progress"},
		// comment events of ticket_events are not used
		{key: "F5", seq: 1, at: "2026-02-03 10:05", kind: "comment", actor: "ivy@corp"},
	}, []cmt{
		{key: "F1", seq: 1, at: "2026-02-02 09:10", author: "req@corp", public: true},  // the requester
		{key: "F1", seq: 2, at: "2026-02-02 09:30", author: "ivy@corp", public: false}, // internal note
		{key: "F1", seq: 3, at: "2026-02-02 10:00", author: "ivy@corp", public: true},  // the response
		{key: "F2", seq: 1, at: "2026-02-03 10:00", author: "pat@corp", public: true},
		{key: "F7", seq: 1, at: "2026-02-04 11:00", author: "ivy@corp", public: true}, // before creation
	})
	buildAll(t, wh, testConfig("UTC", "monday"))

	got := query(t, wh, `select source_key, strftime(responded_at, '%Y-%m-%d %H:%M'), response_via, responder
		from int_ticket_first_response order by source_key`)
	assertRows(t, [][]any{
		{"F1", "2026-02-02 10:00", "comment", "ivy@corp"},
		{"F2", "2026-02-03 09:15", "status", "pat@corp"},
		{"F3", nil, nil, nil},
		{"F4", "2026-02-06 16:30", "source", nil},
		{"F5", nil, nil, nil},
		{"F6", "2026-02-03 10:10", "source", nil},
		{"F7", "2026-02-04 13:00", "source", nil},
		{"F8", "2026-02-05 09:00", "source", nil},
	}, got)

	// F1 Mon 09:00 -> 10:00: 1 h, all working time.
	// F2 Mon 16:00 -> Tue 09:15: 17.25 h; business Mon 16-17 (1) + Tue 9-9:15 (0.25) = 1.25 h.
	// F4 Fri 16:00 -> 16:30: 0.5 h both ways.
	// F6 canceled: 10/60 h, but left out of the mart.
	// F7 Wed 12:00 -> 13:00: 1 h both ways.
	// F8 responded before its creation: a response, no hours.
	got = query(t, wh, `select source_key, first_response_hours, first_response_business_hours
		from int_tickets where responded_at is not null order by source_key`)
	assertRows(t, [][]any{
		{"F1", 1.0, 1.0},
		{"F2", 17.25, 1.25},
		{"F4", 0.5, 0.5},
		{"F6", 10.0 / 60, 10.0 / 60},
		{"F7", 1.0, 1.0},
		{"F8", nil, nil},
	}, got)

	// Not canceled: F1-F5, F7, F8 = 7 tickets; responded F1, F2, F4, F7, F8 = 5.
	// Hours of F1, F2, F4, F7 (quantile_cont at (n - 1) x q over 4 values):
	//   calendar 0.5, 1, 1, 17.25: median at 1.5 = 1; p90 at 2.7 = 1 + 0.7 x 16.25 = 12.375
	//   business 0.5, 1, 1, 1.25:  median 1;          p90 at 2.7 = 1 + 0.7 x 0.25 = 1.175
	// Teams: IT (Service Desk) F1, F2, F3: responded 2, hours 1 and 17.25:
	//   median 9.125, p90 at 0.9 = 1 + 0.9 x 16.25 = 15.625; business 1, 1.25:
	//   median 1.125, p90 1 + 0.9 x 0.25 = 1.225.
	// Platform F4, F5, F7, F8: responded 3, hours 0.5 and 1 (F8 none):
	//   median 0.75, p90 0.5 + 0.9 x 0.5 = 0.95, business the same.
	got = query(t, wh, `select dimension, value, tickets, responded_tickets, share_responded,
			median_hours, p90_hours, median_business_hours, p90_business_hours
		from first_response where dimension in ('overall', 'team', 'week') order by dimension, value`)
	assertRows(t, [][]any{
		{"overall", "all", 7, 5, 5.0 / 7, 1.0, 12.375, 1.0, 1.175},
		{"team", "IT", 3, 2, 2.0 / 3, 9.125, 15.625, 1.125, 1.225},
		{"team", "Platform", 4, 3, 0.75, 0.75, 0.95, 0.75, 0.95},
		{"week", "2026-02-02", 7, 5, 5.0 / 7, 1.0, 12.375, 1.0, 1.175},
	}, got)
}

// TestFirstResponseCreationAndAutomation checks that the status a ticket is
// created in and the work of automation are no response, with tickets
// shaped as the connectors write them: an event log's case (a status event
// from no value at its first event, by whoever opened it), Zendesk audits (a
// Create audit, then a trigger by `system`), GitHub (a `[bot]` login) and a
// ServiceNow history (its own jobs run as `system`). UTC calendar, working
// hours 09:00-17:00 Monday to Friday, tickets on weekdays of the week of
// Monday 2026-02-02.
func TestFirstResponseCreationAndAutomation(t *testing.T) {
	wh := newWarehouse(t)
	insert(t, wh, []tk{
		// an event log names no requester: every known actor counts
		{key: "EL1", created: "2026-02-02 09:00"}, // Monday
		{key: "ZD1", created: "2026-02-03 08:00", requester: "Bo Lindqvist"},
		{key: "ZD2", created: "2026-02-03 10:00", requester: "cy@corp"},
		{key: "GH1", created: "2026-02-04 09:00", requester: "ana-p"},
		{key: "SN1", created: "2026-02-05 09:00", requester: "req@corp"},
	}, nil)
	insertHistory(t, wh, []xev{
		// EL1: alice opens the case (from no value, at created_at); bob's
		// activity is the first change
		{key: "EL1", seq: 1, at: "2026-02-02 09:00", kind: "status", actor: "alice", to: "Open"},
		{key: "EL1", seq: 2, at: "2026-02-02 09:00", kind: "group", actor: "alice", to: "Service Desk"},
		{key: "EL1", seq: 3, at: "2026-02-02 10:30", kind: "status", actor: "bob", from: "Open", to: "Assign"},
		// ZD1: the requester's Create audit, then a trigger sets it open a
		// minute later; the agent answers at 09:30
		{key: "ZD1", seq: 1, at: "2026-02-03 08:00", kind: "status", actor: "Bo Lindqvist", to: "new"},
		{key: "ZD1", seq: 2, at: "2026-02-03 08:01", kind: "status", actor: "system", from: "new", to: "open"},
		{key: "ZD1", seq: 3, at: "2026-02-03 09:30", kind: "status", actor: "Eli Agent", from: "open", to: "solved"},
		// ZD2: an agent opens it for the requester (its Create audit and
		// its first comment are the agent's) and sets it pending an hour
		// later
		{key: "ZD2", seq: 1, at: "2026-02-03 10:00", kind: "status", actor: "Eli Agent", to: "open"},
		{key: "ZD2", seq: 2, at: "2026-02-03 11:00", kind: "status", actor: "Eli Agent", from: "open", to: "pending"},
		// GH1: a bot closes it as stale, the requester reopens it, dee
		// closes it; a later status event with no from value is a change
		{key: "GH1", seq: 1, at: "2026-02-04 10:00", kind: "status", actor: "stale[bot]", from: "open", to: "closed (not_planned)"},
		{key: "GH1", seq: 2, at: "2026-02-04 11:00", kind: "status", actor: "ana-p", from: "closed", to: "open"},
		{key: "GH1", seq: 3, at: "2026-02-04 12:00", kind: "status", actor: "dee", to: "closed (completed)"},
		// SN1: ServiceNow's own job moves it first (upper case), ivy resolves it
		{key: "SN1", seq: 1, at: "2026-02-05 09:01", kind: "status", actor: "SYSTEM", from: "New", to: "In Progress"},
		{key: "SN1", seq: 2, at: "2026-02-05 14:00", kind: "status", actor: "ivy@corp", from: "In Progress", to: "Resolved"},
	}, []cmt{
		{key: "ZD1", seq: 1, at: "2026-02-03 08:00", author: "Bo Lindqvist", public: true}, // the request
		{key: "ZD1", seq: 2, at: "2026-02-03 08:02", author: "System", public: true},       // a trigger's comment
		{key: "ZD1", seq: 3, at: "2026-02-03 09:30", author: "Eli Agent", public: true},    // the response
		{key: "GH1", seq: 1, at: "2026-02-04 09:05", author: "github-actions[bot]", public: true},
		// ZD2: the comment the agent opens it with, at created_at, is the
		// request written down, not its answer
		{key: "ZD2", seq: 1, at: "2026-02-03 10:00", author: "Eli Agent", public: true},
	})
	buildAll(t, wh, testConfig("UTC", "monday"))

	// ZD1: the agent's comment and status change tie at 09:30; the comment wins.
	got := query(t, wh, `select source_key, strftime(responded_at, '%Y-%m-%d %H:%M'), response_via, responder
		from int_ticket_first_response order by source_key`)
	assertRows(t, [][]any{
		{"EL1", "2026-02-02 10:30", "status", "bob"},
		{"GH1", "2026-02-04 12:00", "status", "dee"},
		{"SN1", "2026-02-05 14:00", "status", "ivy@corp"},
		{"ZD1", "2026-02-03 09:30", "comment", "Eli Agent"},
		{"ZD2", "2026-02-03 11:00", "status", "Eli Agent"},
	}, got)

	// EL1 09:00 -> 10:30 = 1.5 h; GH1 09:00 -> 12:00 = 3 h; SN1 09:00 ->
	// 14:00 = 5 h; ZD1 08:00 -> 09:30 = 1.5 h, of which 09:00-09:30 is
	// working time (0.5 h); ZD2 10:00 -> 11:00 = 1 h.
	got = query(t, wh, `select source_key, first_response_hours, first_response_business_hours
		from int_tickets order by source_key`)
	assertRows(t, [][]any{
		{"EL1", 1.5, 1.5},
		{"GH1", 3.0, 3.0},
		{"SN1", 5.0, 5.0},
		{"ZD1", 1.5, 0.5},
		{"ZD2", 1.0, 1.0},
	}, got)
}

// TestFirstResponseSameMinuteAndJiraAutomation: a Jira CSV gives times to
// the minute, so the comment the ticket is opened with and a real reply
// can both carry the creation minute; only the ticket's first comment is
// the opening one. Jira Cloud's rules act as "Automation for Jira", which
// is no person.
func TestFirstResponseSameMinuteAndJiraAutomation(t *testing.T) {
	wh := newWarehouse(t)
	insert(t, wh, []tk{
		{key: "JC1", created: "2026-02-02 09:00", requester: "Ana Souza"}, // Monday
		{key: "JA1", created: "2026-02-03 09:00", requester: "Ana Souza"},
	}, nil)
	insertHistory(t, wh, []xev{
		// JA1: a rule moves it a minute after creation; Ben picks it up at 11:00
		{key: "JA1", seq: 1, at: "2026-02-03 09:01", kind: "status", actor: "Automation for Jira", from: "Open", to: "Waiting for support"},
		{key: "JA1", seq: 2, at: "2026-02-03 11:00", kind: "status", actor: "Ben Okafor", from: "Waiting for support", to: "In Progress"},
	}, []cmt{
		// JC1: the agent who opened it wrote the request down, and Kim
		// answered, both in the creation minute
		{key: "JC1", seq: 1, at: "2026-02-02 09:00", author: "Eli Agent", public: true},
		{key: "JC1", seq: 2, at: "2026-02-02 09:00", author: "Kim Park", public: true},
		{key: "JA1", seq: 1, at: "2026-02-03 09:01", author: "Automation for Jira", public: true},
	})
	buildAll(t, wh, testConfig("UTC", "monday"))

	// JA1: 09:00 -> 11:00 = 2 h; JC1: Kim at 09:00, 0 h.
	got := query(t, wh, `select source_key, strftime(responded_at, '%Y-%m-%d %H:%M'), response_via, responder
		from int_ticket_first_response order by source_key`)
	assertRows(t, [][]any{
		{"JA1", "2026-02-03 11:00", "status", "Ben Okafor"},
		{"JC1", "2026-02-02 09:00", "comment", "Kim Park"},
	}, got)
}

// TestFirstResponseRequesterWrittenAnotherWay: sources name one person in
// different ways (ServiceNow's history gives the actor's user name,
// sys_updated_by `ann.lee`, and the caller's display name `Ann Lee` or
// `Lee, Ann`; a Jira Server CSV gives comment authors' usernames and the
// Reporter's display name), and the requester's own comments and changes
// are no response however they are written. Other people are not taken
// for the requester: `ann.lee` is not `Anna Lee`, `Dan Lee` or `ann.lee2`.
// Every ticket is created on Monday 2026-02-02 at 09:00 (UTC, working
// hours 09:00-17:00), and every response comes the same day before 17:00,
// so business hours equal calendar hours.
func TestFirstResponseRequesterWrittenAnotherWay(t *testing.T) {
	wh := newWarehouse(t)
	requesters := map[string]string{
		// the same person writes first: skipped
		"U1": "Ann Lee",
		"U2": "Lee, Ann",
		"U3": "Ann Lee",
		"U4": "Jürgen Müller",
		"U5": "José Núñez",
		"U6": "ann.lee@corp.example",
		// someone else writes first: a response
		"D1": "Anna Lee",
		"D2": "Dan Lee",
		"D3": "ann.lee",
		"D4": "Michael Lee",
		"D5": "ann@corp.example",
		"D6": "Ann Lee",
	}
	var tickets []tk
	for _, key := range []string{"D1", "D2", "D3", "D4", "D5", "D6", "U1", "U2", "U3", "U4", "U5", "U6"} {
		tickets = append(tickets, tk{key: key, group: "Service Desk", created: "2026-02-02 09:00", requester: requesters[key]})
	}
	insert(t, wh, tickets, nil)
	insertHistory(t, wh, []xev{
		// U1: a ServiceNow history: the caller moves her own incident, Bob answers at 11:00
		{key: "U1", seq: 1, at: "2026-02-02 09:30", kind: "status", actor: "ann.lee", from: "On Hold", to: "In Progress"},
		{key: "U1", seq: 2, at: "2026-02-02 11:00", kind: "status", actor: "bob.stone", from: "In Progress", to: "On Hold"},
		// U3: the caller under three more spellings, then Bob at 10:30
		{key: "U3", seq: 1, at: "2026-02-02 09:10", kind: "status", actor: "ANN-LEE", from: "New", to: "In Progress"},
		{key: "U3", seq: 2, at: "2026-02-02 10:30", kind: "status", actor: "Bob Stone", from: "In Progress", to: "Resolved"},
		// U4: ä ö ü written as ae oe ue, or without the dots; Bob at 13:00
		{key: "U4", seq: 1, at: "2026-02-02 09:10", kind: "status", actor: "juergen.mueller", from: "New", to: "In Progress"},
		{key: "U4", seq: 2, at: "2026-02-02 13:00", kind: "status", actor: "bob.stone", from: "In Progress", to: "Resolved"},
		// U5: accents dropped; Bob at 09:45
		{key: "U5", seq: 1, at: "2026-02-02 09:10", kind: "status", actor: "jose.nunez", from: "New", to: "In Progress"},
		{key: "U5", seq: 2, at: "2026-02-02 09:45", kind: "status", actor: "bob.stone", from: "In Progress", to: "Resolved"},
		// D1: ann.lee is not the requester Anna Lee: her change at 09:30 is the response
		{key: "D1", seq: 1, at: "2026-02-02 09:30", kind: "status", actor: "ann.lee", from: "New", to: "In Progress"},
		{key: "D1", seq: 2, at: "2026-02-02 11:00", kind: "status", actor: "bob.stone", from: "In Progress", to: "Resolved"},
		// D4: michal.lee is not Michael Lee
		{key: "D4", seq: 1, at: "2026-02-02 10:00", kind: "status", actor: "michal.lee", from: "New", to: "In Progress"},
	}, []cmt{
		// U2: the Jira Server case: the Reporter's display name (here
		// "Lee, Ann"), comments by username; Bob answers at 12:00
		{key: "U2", seq: 1, at: "2026-02-02 09:15", author: "ann.lee", public: true},
		{key: "U2", seq: 2, at: "2026-02-02 12:00", author: "bob.stone", public: true},
		{key: "U3", seq: 1, at: "2026-02-02 09:05", author: "ann_lee", public: true},
		{key: "U3", seq: 2, at: "2026-02-02 09:20", author: "Lee, Ann", public: true},
		{key: "U4", seq: 1, at: "2026-02-02 09:20", author: "jurgen.muller", public: true},
		// U6: an e-mail address, in another case; Bob at 10:00
		{key: "U6", seq: 1, at: "2026-02-02 09:10", author: "Ann.Lee@Corp.Example", public: true},
		{key: "U6", seq: 2, at: "2026-02-02 10:00", author: "bob.stone", public: true},
		// D2: ann.lee is not Dan Lee
		{key: "D2", seq: 1, at: "2026-02-02 09:45", author: "ann.lee", public: true},
		{key: "D2", seq: 2, at: "2026-02-02 11:00", author: "bob.stone", public: true},
		// D3: nor is Anna Lee the requester ann.lee
		{key: "D3", seq: 1, at: "2026-02-02 09:20", author: "Anna Lee", public: true},
		// D5: the same local part in another domain is another person
		{key: "D5", seq: 1, at: "2026-02-02 09:10", author: "ann@vendor.example", public: true},
		// D6: ann.lee2 is a second Ann Lee's account
		{key: "D6", seq: 1, at: "2026-02-02 09:40", author: "ann.lee2", public: true},
	})
	buildAll(t, wh, testConfig("UTC", "monday"))

	got := query(t, wh, `select source_key, strftime(responded_at, '%H:%M'), response_via, responder
		from int_ticket_first_response order by source_key`)
	assertRows(t, [][]any{
		{"D1", "09:30", "status", "ann.lee"},
		{"D2", "09:45", "comment", "ann.lee"},
		{"D3", "09:20", "comment", "Anna Lee"},
		{"D4", "10:00", "status", "michal.lee"},
		{"D5", "09:10", "comment", "ann@vendor.example"},
		{"D6", "09:40", "comment", "ann.lee2"},
		{"U1", "11:00", "status", "bob.stone"},
		{"U2", "12:00", "comment", "bob.stone"},
		{"U3", "10:30", "status", "Bob Stone"},
		{"U4", "13:00", "status", "bob.stone"},
		{"U5", "09:45", "status", "bob.stone"},
		{"U6", "10:00", "comment", "bob.stone"},
	}, got)

	// Hours from 09:00: D1 0.5 (09:30), D2 0.75 (09:45), D3 20/60 (09:20),
	// D4 1 (10:00), D5 10/60 (09:10), D6 40/60 (09:40); U1 2 (11:00), U2 3
	// (12:00), U3 1.5 (10:30), U4 4 (13:00), U5 0.75 (09:45), U6 1 (10:00).
	// Without the requester recognised, U1 would have 0.5 (ann.lee at
	// 09:30), U2 0.25, U3 5/60, U4 10/60 and U5 10/60.
	got = query(t, wh, `select source_key, first_response_hours, first_response_business_hours
		from int_tickets order by source_key`)
	assertRows(t, [][]any{
		{"D1", 0.5, 0.5},
		{"D2", 0.75, 0.75},
		{"D3", 20.0 / 60, 20.0 / 60},
		{"D4", 1.0, 1.0},
		{"D5", 10.0 / 60, 10.0 / 60},
		{"D6", 40.0 / 60, 40.0 / 60},
		{"U1", 2.0, 2.0},
		{"U2", 3.0, 3.0},
		{"U3", 1.5, 1.5},
		{"U4", 4.0, 4.0},
		{"U5", 0.75, 0.75},
		{"U6", 1.0, 1.0},
	}, got)
}
