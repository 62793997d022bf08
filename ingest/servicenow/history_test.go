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
