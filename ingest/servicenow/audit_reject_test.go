package servicenow

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/ingest"
	"github.com/lanes-dev/lanes/ingest/ingesttest"
	"github.com/lanes-dev/lanes/models/config"
)

// TestHistoryResolvedBeforeOpenedNamesUpdate: a history whose file has no
// resolved_at or closed_at takes them from the update that resolved or
// closed the ticket. When that update's sys_updated_on is before
// opened_at, the ticket is rejected under sys_updated_on, the column that
// holds the earlier time, at that update's line (counted by hand: the
// header is line 1), not under a resolved_at the file does not have.
func TestHistoryResolvedBeforeOpenedNamesUpdate(t *testing.T) {
	in := "number,sys_mod_count,sys_updated_on,sys_updated_by,state,assignment_group,opened_at\n" +
		// line 2, 3: resolved on 03-01, opened on 03-02.
		"INC3,0,2026-03-02 10:00:00,ann,New,Desk,2026-03-02 10:00:00\n" +
		"INC3,1,2026-03-01 10:00:00,ann,Resolved,Desk,2026-03-02 10:00:00\n" +
		// line 4-6: resolved on line 5 (03-01), then moved to another
		// group while resolved (line 6, 03-06): the resolution stays line 5's.
		"INC5,0,2026-03-05 10:00:00,ann,New,Desk,2026-03-05 10:00:00\n" +
		"INC5,1,2026-03-01 10:00:00,bob,Resolved,Desk,2026-03-05 10:00:00\n" +
		"INC5,2,2026-03-06 10:00:00,bob,Resolved,Network,2026-03-05 10:00:00\n" +
		// line 7, 8: closed on 03-01, opened 03-02: resolved_at is the
		// closing too, and is checked first.
		"INC6,0,2026-03-02 10:00:00,ann,New,Desk,2026-03-02 10:00:00\n" +
		"INC6,1,2026-03-01 09:00:00,ann,Closed,Desk,2026-03-02 10:00:00\n" +
		// line 9: loads.
		"INC7,0,2026-03-02 10:00:00,ann,New,Desk,2026-03-02 10:00:00\n"
	sink, err := ingesttest.Read(context.Background(), AuditConnector{}, "history.csv", []byte(in), config.Source{})
	require.NoError(t, err)
	var got []ingest.Reject
	for _, r := range sink.Rejects {
		r.Raw = ""
		got = append(got, r)
	}
	assert.Equal(t, []ingest.Reject{
		{Line: 3, Column: "sys_updated_on", Reason: "resolved (2026-03-01T10:00:00Z) before it was created (2026-03-02T10:00:00Z)"},
		{Line: 5, Column: "sys_updated_on", Reason: "resolved (2026-03-01T10:00:00Z) before it was created (2026-03-05T10:00:00Z)"},
		{Line: 8, Column: "sys_updated_on", Reason: "resolved (2026-03-01T09:00:00Z) before it was created (2026-03-02T10:00:00Z)"},
	}, got)
	require.Len(t, sink.Rejects, 3)
	assert.Equal(t, "INC5,1,2026-03-01 10:00:00,bob,Resolved,Desk,2026-03-05 10:00:00", sink.Rejects[1].Raw, "the raw text is the update's")
	require.Len(t, sink.Tickets, 1)
	assert.Equal(t, "INC7", sink.Tickets[0].Key)
}
