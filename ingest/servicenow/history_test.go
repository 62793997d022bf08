package servicenow

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/ingest"
	"github.com/lanes-dev/lanes/ingest/ingesttest"
	"github.com/lanes-dev/lanes/models/config"
)

// event is an event as the tests write it: time, kind, actor, from, to.
type event struct{ at, kind, actor, from, to string }

func events(sink *ingesttest.Sink, key string) []event {
	var out []event
	for _, e := range sink.Events {
		if e.Key == key {
			out = append(out, event{e.At.UTC().Format("2006-01-02 15:04"), e.Kind, e.Actor, e.From, e.To})
		}
	}
	return out
}

func utc(s string) *time.Time {
	t, err := time.Parse("2006-01-02 15:04", s)
	if err != nil {
		panic(err)
	}
	return &t
}

func ticket(t *testing.T, sink *ingesttest.Sink, key string) *ingest.Ticket {
	t.Helper()
	for _, tk := range sink.Tickets {
		if tk.Key == key {
			return tk
		}
	}
	t.Fatalf("no ticket %s", key)
	return nil
}

// TestHistoryUnknownValuesCarryOver: "?" is ServiceNow's marker for a
// value it could not show. In a history it says nothing about a change,
// so the value the earlier rows show carries over; so does a row with no
// state or priority, which every ticket has. An empty group or assignee
// ("" or "(empty)") is a value: the ticket has none.
func TestHistoryUnknownValuesCarryOver(t *testing.T) {
	in := `number,sys_mod_count,sys_updated_on,sys_updated_by,state,assignment_group,assigned_to,priority,short_description,opened_at
INC0090001,0,2024-04-01 09:00:00,nina.berg,New,Service Desk,,3 - Moderate,Badge reader offline,2024-04-01 09:00:00
INC0090001,1,2024-04-01 10:00:00,omar.haddad,Resolved,Facilities IT,Omar Haddad,3 - Moderate,Badge reader offline,2024-04-01 09:00:00
INC0090001,2,2024-04-01 11:00:00,?,?,?,?,?,Badge reader offline,2024-04-01 09:00:00
INC0090001,3,2024-04-01 12:00:00,omar.haddad,Resolved,Facilities IT,Omar Haddad,3 - Moderate,Badge reader offline,2024-04-01 09:00:00
INC0090001,4,2024-04-02 09:00:00,system,Closed,Facilities IT,Omar Haddad,?,Badge reader offline,2024-04-01 09:00:00
INC0090002,0,2024-04-03 08:00:00,nina.berg,New,Service Desk,,4 - Low,Shared drive full,2024-04-03 08:00:00
INC0090002,1,2024-04-03 09:00:00,lea.novak,Resolved,Service Desk,Lea Novak,4 - Low,Shared drive full,2024-04-03 08:00:00
INC0090002,2,2024-04-03 10:00:00,lea.novak,,Service Desk,Lea Novak,4 - Low,Shared drive full,2024-04-03 08:00:00
INC0090002,3,2024-04-04 08:30:00,nina.berg,In Progress,Service Desk,?,4 - Low,Shared drive full,2024-04-03 08:00:00
INC0090002,4,2024-04-04 09:00:00,lea.novak,Resolved,Service Desk,(empty),4 - Low,Shared drive full,2024-04-03 08:00:00
`
	sink, err := ingesttest.Read(context.Background(), AuditConnector{}, "history.csv", []byte(in), config.Source{})
	require.NoError(t, err)
	ingesttest.CheckInvariants(t, sink)
	require.Empty(t, sink.Rejects)
	require.Len(t, sink.Tickets, 2)

	// INC0090001: update 1 changes state, group and assignee (priority
	// stays 3 - Moderate). Update 2 knows nothing; update 3 shows what
	// update 1 left: no change. Update 4 closes it; its priority is
	// unknown, so the ticket keeps 3 - Moderate. Resolved once, at 10:00;
	// Service Desk -> Facilities IT is one reassignment; no reopen.
	assert.Equal(t, []event{
		{"2024-04-01 10:00", "status", "omar.haddad", "New", "Resolved"},
		{"2024-04-01 10:00", "group", "omar.haddad", "Service Desk", "Facilities IT"},
		{"2024-04-01 10:00", "assignee", "omar.haddad", "", "Omar Haddad"},
		{"2024-04-02 09:00", "status", "system", "Resolved", "Closed"},
	}, events(sink, "INC0090001"))
	tk := ticket(t, sink, "INC0090001")
	assert.Equal(t, "closed", tk.Status)
	assert.Equal(t, "3 - Moderate", tk.PriorityRaw)
	assert.Equal(t, "p3", tk.Priority)
	assert.Equal(t, "Omar Haddad", tk.Assignee)
	assert.Equal(t, "Facilities IT", tk.AssignmentGroup)
	assert.Equal(t, utc("2024-04-01 10:00"), tk.ResolvedAt)
	assert.Equal(t, utc("2024-04-02 09:00"), tk.ClosedAt)
	assert.Equal(t, 0, *tk.ReopenCount)
	assert.Equal(t, 1, *tk.ReassignmentCount)
	assert.Equal(t, int64(6), tk.Line)

	// INC0090002: resolved at 09:00; update 2 has no state (unknown, not
	// a move out of Resolved); update 3 really reopens it (its assignee is
	// unknown: still Lea Novak); update 4 resolves it again and empties
	// the assignee, a real change. One reopen, resolved_at the second
	// resolution.
	assert.Equal(t, []event{
		{"2024-04-03 09:00", "status", "lea.novak", "New", "Resolved"},
		{"2024-04-03 09:00", "assignee", "lea.novak", "", "Lea Novak"},
		{"2024-04-04 08:30", "status", "nina.berg", "Resolved", "In Progress"},
		{"2024-04-04 08:30", "reopen", "nina.berg", "Resolved", "In Progress"},
		{"2024-04-04 09:00", "status", "lea.novak", "In Progress", "Resolved"},
		{"2024-04-04 09:00", "assignee", "lea.novak", "Lea Novak", ""},
	}, events(sink, "INC0090002"))
	tk = ticket(t, sink, "INC0090002")
	assert.Equal(t, "resolved", tk.Status)
	assert.Equal(t, "", tk.Assignee)
	assert.Equal(t, utc("2024-04-04 09:00"), tk.ResolvedAt)
	assert.Equal(t, 1, *tk.ReopenCount)
	assert.Equal(t, 0, *tk.ReassignmentCount)
}

// TestSysAuditMoveToNoStateIsNoReopen: a state emptied in sys_audit (6,
// Resolved, to nothing) is recorded as the change it is, but leaving
// Resolved for no state is not a reopen; 6 -> 2 (In Progress) is.
func TestSysAuditMoveToNoStateIsNoReopen(t *testing.T) {
	in := `documentkey,tablename,fieldname,oldvalue,newvalue,user,sys_created_on,record_checkpoint
a1,incident,state,2,6,lea.novak,2024-04-01 10:00:00,3
a1,incident,state,6,,lea.novak,2024-04-01 11:00:00,4
a1,incident,state,,6,lea.novak,2024-04-01 12:00:00,5
a1,incident,state,6,2,nina.berg,2024-04-01 13:00:00,6
`
	sink, err := ingesttest.Read(context.Background(), AuditConnector{}, "sys_audit.csv", []byte(in), config.Source{})
	require.NoError(t, err)
	assert.Equal(t, []event{
		{"2024-04-01 10:00", "status", "lea.novak", "In Progress", "Resolved"},
		{"2024-04-01 11:00", "status", "lea.novak", "Resolved", ""},
		{"2024-04-01 12:00", "status", "lea.novak", "", "Resolved"},
		{"2024-04-01 13:00", "status", "nina.berg", "Resolved", "In Progress"},
		{"2024-04-01 13:00", "reopen", "nina.berg", "Resolved", "In Progress"},
	}, events(sink, "a1"))
}

// TestInternalStateCodes: an export of internal values gives states as
// ServiceNow's choice values. Incidents use 1 New, 2 In Progress, 3 On
// Hold, 6 Resolved, 7 Closed, 8 Canceled; requests and tasks 1 Open, 2
// Work in Progress, 3 Closed Complete, 4 Closed Incomplete, 7 Closed
// Skipped, -5 Pending. A state that is not a bare number is a label.
func TestInternalStateCodes(t *testing.T) {
	type want struct{ key, raw, status string }
	check := func(t *testing.T, sink *ingesttest.Sink, wants []want) {
		t.Helper()
		require.Empty(t, sink.Rejects)
		var got []want
		for _, tk := range sink.Tickets {
			got = append(got, want{tk.Key, tk.StatusRaw, tk.Status})
		}
		assert.Equal(t, wants, got)
	}
	t.Run("json", func(t *testing.T) {
		in := `{"records":[
{"number":"INC0070001","short_description":"Disk full","state":"6","priority":"2","opened_at":"2024-03-04 08:00:00","resolved_at":"2024-03-04 13:00:00","sys_id":"b1"},
{"number":"INC0070002","short_description":"Closed one","state":"7","priority":"1","opened_at":"2024-03-05 08:00:00","resolved_at":"2024-03-05 09:00:00","closed_at":"2024-03-06 09:00:00","sys_id":"b2"},
{"number":"INC0070003","short_description":"Waiting","state":3,"opened_at":"2024-03-05 08:00:00","sys_id":"b3"},
{"number":"INC0070004","short_description":"Dropped","state":"8","opened_at":"2024-03-05 08:00:00","sys_id":"b4"},
{"number":"RITM0070005","short_description":"Monitor","state":"3","opened_at":"2024-03-05 08:00:00","sys_id":"b5"},
{"number":"SCTASK0070006","short_description":"Ship monitor","state":"-5","opened_at":"2024-03-05 08:00:00","sys_id":"b6"},
{"number":"INC0070007","short_description":"Label","state":"Resolved 6","opened_at":"2024-03-05 08:00:00","sys_id":"b7"}
]}`
		sink, err := ingesttest.Read(context.Background(), JSONConnector{}, "raw.json", []byte(in), config.Source{})
		require.NoError(t, err)
		check(t, sink, []want{
			{"INC0070001", "Resolved", "resolved"},
			{"INC0070002", "Closed", "closed"},
			{"INC0070003", "On Hold", "waiting"},
			{"INC0070004", "Canceled", "canceled"},
			{"RITM0070005", "Closed Complete", "closed"},
			{"SCTASK0070006", "Pending", "waiting"},
			{"INC0070007", "Resolved 6", "resolved"},
		})
	})
	t.Run("csv", func(t *testing.T) {
		in := "number,short_description,state,opened_at\n" +
			"INC0070011,Printer,2,2024-03-05 08:00:00\n" +
			"INC0070012,Laptop,7,2024-03-05 08:00:00\n"
		sink, err := ingesttest.Read(context.Background(), Connector{}, "raw.csv", []byte(in), config.Source{})
		require.NoError(t, err)
		check(t, sink, []want{{"INC0070011", "In Progress", "in_progress"}, {"INC0070012", "Closed", "closed"}})
	})
	t.Run("history", func(t *testing.T) {
		// 1 -> 6 resolves at 10:00; 6 -> 2 reopens at 11:00; 2 -> 7
		// closes at 12:00 (resolved and closed then, as the last
		// resolution is the closing).
		in := "number,sys_mod_count,sys_updated_on,sys_updated_by,state,opened_at,short_description\n" +
			"INC0070021,0,2024-03-05 09:00:00,ann,1,2024-03-05 09:00:00,VPN\n" +
			"INC0070021,1,2024-03-05 10:00:00,bo,6,2024-03-05 09:00:00,VPN\n" +
			"INC0070021,2,2024-03-05 11:00:00,ann,2,2024-03-05 09:00:00,VPN\n" +
			"INC0070021,3,2024-03-05 12:00:00,bo,7,2024-03-05 09:00:00,VPN\n"
		sink, err := ingesttest.Read(context.Background(), AuditConnector{}, "history.csv", []byte(in), config.Source{})
		require.NoError(t, err)
		check(t, sink, []want{{"INC0070021", "Closed", "closed"}})
		assert.Equal(t, []event{
			{"2024-03-05 10:00", "status", "bo", "New", "Resolved"},
			{"2024-03-05 11:00", "status", "ann", "Resolved", "In Progress"},
			{"2024-03-05 11:00", "reopen", "ann", "Resolved", "In Progress"},
			{"2024-03-05 12:00", "status", "bo", "In Progress", "Closed"},
		}, events(sink, "INC0070021"))
		tk := sink.Tickets[0]
		assert.Equal(t, 1, *tk.ReopenCount)
		assert.Equal(t, utc("2024-03-05 12:00"), tk.ResolvedAt)
		assert.Equal(t, utc("2024-03-05 12:00"), tk.ClosedAt)
	})
}
