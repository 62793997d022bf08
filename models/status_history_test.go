package models

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/lanes-dev/lanes/ingest"
)

// TestStatusNamesNormalizeLikeIngest keeps int_status_history's SQL copy of
// ingest.NormalizeStatus in step with it: every source status name and
// event-log activity below must come out the same both ways, as an
// event's from value and as its to value (the model writes the rules out
// once for each).
func TestStatusNamesNormalizeLikeIngest(t *testing.T) {
	names := []string{
		"New", "Open", "To Do", "Backlog", "Reopened", "Selected for Development", "Submitted", "Draft",
		"In Progress", "Work in progress", "In Review", "Assigned", "Active", "Escalated", "Investigating", "Triage",
		"Waiting for customer", "Pending", "On Hold", "Blocked", "Awaiting approval",
		"Resolved", "Fixed", "Solved", "Closed", "Done", "Complete",
		"Cancelled", "Canceled", "Won't Do", "Wont fix", "Rejected", "Declined", "Duplicate", "Obsolete",
		"Withdrawn", "Abandoned", "Something else", "  IN PROGRESS  ",
		"Not done", "Undone", "Incomplete", "Uncompleted", "Unresolved", "Not yet fixed", "Waiting - not resolved",
		"Non-resolved", "In progress (not done)", "Closed - incomplete", "Completed", "Awaiting completion",
		"Closed Complete", "Closed Incomplete", "Closed Skipped",
		"Unassigned", "Open - Unassigned", "Open_unassigned", "Reassigned", "Assigned to group",
		"Fulfilled", "Request fulfilled", "Unfulfilled", "Not fulfilled", "Fulfillment in progress",
		"Solution Provided", "Resolution provided", "Information provided",
		// event-log activities: verbs count as whole words, after the waiting words
		"Register", "Assign", "Reassign", "Resolve", "Close", "Reopen", "Resume", "Await caller", "Cancel",
		"Insert ticket", "Assign seriousness", "Take in charge ticket", "Wait", "Resolve ticket",
		"Resolve SW anomaly", "Require upgrade", "Solve", "Finish", "Finished", "Close case", "Review and close",
		"Assign to resolver group", "Awaiting closure", "Closure", "Request incomplete", "Unfinished",
		"Not finished", "Do not close", "Could not resolve", "Finishing touches", "Awaiting close",
		"Ready to close", "Cannot close", "Request to close", "Unable to resolve", "Ready to resolve",
		"Pending resolve", "Completed/Closed", "Accepted/Wait - User", "Queued/Awaiting Assignment",
		"Accepted/In Progress", "Operator Update", "Pending vendor", "Quality Indicator Fixed",
		// asking for closure is resolved, confirming it closed
		"Close request", "Close requested", "Closure requested", "Closure request", "Request closure",
		"Request for closure", "Resolution proposed", "Proposed solution", "Closure verified",
		"Closure confirmed", "Closure - confirmed", "Closed - verified", "Resolution accepted",
		"Resolution confirmed", "Solution accepted", "Awaiting closure confirmation", "Pending close request",
		"Resolution",
		// a closure the caller turned down is open again, not canceled
		"Closure rejected", "Resolution rejected", "Resolution declined", "Rejected resolution", "Solution refused",
		"Rejected", "Request rejected",
		// only mentioning a solution is no verdict on a closure
		"Rejected by Solution Owner", "Declined - no solution", "Canceled - solution rejected",
		"Closed (customer refused solution)", "Accepted - solution in progress",
		"Confirmed - resolution in progress", "Bug confirmed - solution in development", "Customer accepted resolution", "Approved for closure", "Close_case", "Resolve_ticket", "Close requests", "Resolver_group",
		"Rejected closure request", "Closed - resolution rejected",
		// the confirmation or refusal anywhere after the closure word, or
		// before it; an underscore separates words
		"Closure request approved", "Closure request accepted", "Proposed Solution Accepted",
		"Resolution proposed and accepted", "Close request: approved", "Accepted resolution",
		"Closure request rejected", "Close request declined", "Request to close rejected",
		"Proposed solution rejected", "Customer rejected resolution", "Close request - rejected",
		"Resolution not accepted", "Closure not verified", "Resolution_accepted", "Resolution-accepted",
		"Close_request", "Request_to_close", "Closure_rejected", "Closed - rejected", "Completed/Rejected",
		"Closure approval", "Resolution Acceptance", "Request Closure Approval",
	}
	wh := newWarehouse(t)
	var tickets []tk
	var events []xev
	for i, n := range names {
		key := fmt.Sprintf("N%03d", i)
		tickets = append(tickets, tk{key: key, status: "open", created: "2026-06-01 09:00"})
		// segment 1 (09:00-10:00) is the first event's from value, normalized;
		// segment 2 (10:00-11:00) its to value; segment 3 is open
		events = append(events,
			xev{key: key, seq: 1, at: "2026-06-01 10:00", kind: "status", from: n, to: n},
			xev{key: key, seq: 2, at: "2026-06-01 11:00", kind: "status", from: n, to: "Open"})
	}
	insert(t, wh, tickets, nil)
	insertHistory(t, wh, events, nil)
	buildAll(t, wh, testConfig("UTC", "monday"))
	for seg, value := range map[int]string{1: "from", 2: "to"} {
		got := query(t, wh, fmt.Sprintf(`select status from int_status_history where segment_seq = %d order by source_key`, seg))
		if assert.Len(t, got, len(names), value) {
			for i, n := range names {
				assert.Equal(t, ingest.NormalizeStatus(n), got[i][0], "status %q as a %s value", n, value)
			}
		}
	}
}
