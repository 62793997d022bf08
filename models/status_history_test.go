package models

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/lanes-dev/lanes/ingest"
)

// TestStatusNamesNormalizeLikeIngest keeps int_status_history's SQL copy of
// ingest.NormalizeStatus in step with it: every source status name below
// must come out the same both ways.
func TestStatusNamesNormalizeLikeIngest(t *testing.T) {
	names := []string{
		"New", "Open", "To Do", "Backlog", "Reopened", "Selected for Development", "Submitted", "Draft",
		"In Progress", "Work in progress", "In Review", "Assigned", "Active", "Escalated", "Investigating", "Triage",
		"Waiting for customer", "Pending", "On Hold", "Blocked", "Awaiting approval",
		"Resolved", "Fixed", "Solved", "Closed", "Done", "Complete",
		"Cancelled", "Canceled", "Won't Do", "Wont fix", "Rejected", "Declined", "Duplicate", "Obsolete",
		"Withdrawn", "Abandoned", "Something else", "  IN PROGRESS  ",
		"Not done", "Undone", "Incomplete", "Uncompleted", "Unresolved", "Not yet fixed", "Waiting - not resolved",
	}
	wh := newWarehouse(t)
	var tickets []tk
	var events []xev
	for i, n := range names {
		key := fmt.Sprintf("N%02d", i)
		tickets = append(tickets, tk{key: key, status: "open", created: "2026-06-01 09:00"})
		// the first segment's status is the first event's from value, normalized
		events = append(events, xev{key: key, seq: 1, at: "2026-06-01 10:00", kind: "status", from: n, to: "Open"})
	}
	insert(t, wh, tickets, nil)
	insertHistory(t, wh, events, nil)
	buildAll(t, wh, testConfig("UTC", "monday"))
	got := query(t, wh, `select status from int_status_history where segment_seq = 1 order by source_key`)
	if assert.Len(t, got, len(names)) {
		for i, n := range names {
			assert.Equal(t, ingest.NormalizeStatus(n), got[i][0], "status %q", n)
		}
	}
}
