package ingest

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The memo answers as the functions it keeps answers for, the first time
// and every time after, and stops keeping values at memoMax.
func TestMemoAnswersAsTheFunction(t *testing.T) {
	statuses := []string{"", "New", "new ", "In Progress", "Waiting for customer", "Won't Do", "Done", "Resolved",
		"Closed Complete", "On Hold", "Reopened", "To Do", "Selected for Development", "Triage", "weird"}
	priorities := []string{"", "1 - Critical", "2 - High", "3 - Moderate", "4 - Low", "5 - Planning", "Highest",
		"Medium", "Lowest", "urgent", "P2", "none"}
	for round := range 2 {
		for _, s := range statuses {
			assert.Equal(t, normalizeStatus(s), NormalizeStatus(s), "status %q, round %d", s, round)
		}
		for _, p := range priorities {
			assert.Equal(t, normalizePriority(p), NormalizePriority(p), "priority %q, round %d", p, round)
		}
	}
	assert.Equal(t, "in_progress", NormalizeStatus("In Progress"))
	assert.Equal(t, "p1", NormalizePriority("1 - Critical"))

	c := &memo{m: map[string]string{}, f: func(s string) string { return "<" + s + ">" }}
	for i := range memoMax + 100 {
		s := fmt.Sprint(i)
		assert.Equal(t, "<"+s+">", c.get(s))
	}
	assert.Len(t, c.m, memoMax)
	assert.Equal(t, "<x>", c.get("x"))
}

// A negated "done" word says the work is not finished: the name is read
// without it, so an otherwise unknown name is open (the default) and the
// rest of the name still counts.
func TestNegatedDoneIsNotClosed(t *testing.T) {
	for _, tc := range []struct{ raw, want string }{
		{"Not done", StatusOpen},
		{"Undone", StatusOpen},
		{"Incomplete", StatusOpen},
		{"Uncompleted", StatusOpen},
		{"Unresolved", StatusOpen},
		{"Not yet fixed", StatusOpen},
		{"Non-resolved", StatusOpen},
		{"Waiting - not resolved", StatusWaiting}, // "wait" is left
		{"In progress (not done)", StatusInProgress},
		{"Closed - incomplete", StatusClosed}, // "closed" is left
		// The plain words are unchanged.
		{"Done", StatusClosed},
		{"Complete", StatusClosed},
		{"Completed", StatusClosed},
		{"Resolved", StatusResolved},
		{"Fixed", StatusResolved},
		{"Won't Fix", StatusCanceled},
		{"Awaiting completion", StatusWaiting},
	} {
		t.Run(tc.raw, func(t *testing.T) {
			assert.Equal(t, tc.want, NormalizeStatus(tc.raw))
		})
	}
}

// A ticket nobody holds is not in progress, and a request fulfilled or a
// solution provided is resolved: an audit found "Unassigned" and "Open -
// Unassigned" read in progress ("assigned" inside the word) and
// "Fulfilled" and "Solution Provided" read open.
func TestAssignedAndFulfilledWords(t *testing.T) {
	for _, tc := range []struct {
		raw, want string
		known     bool
	}{
		{"Unassigned", StatusOpen, true},
		{"Open - Unassigned", StatusOpen, true},
		{"Open_unassigned", StatusOpen, true},
		{"Assigned", StatusInProgress, true},
		{"Reassigned", StatusInProgress, true},
		{"Assigned to group", StatusInProgress, true},
		{"Fulfilled", StatusResolved, true},
		{"Request fulfilled", StatusResolved, true},
		{"Unfulfilled", StatusOpen, true},
		{"Not fulfilled", StatusOpen, true},
		{"Fulfillment in progress", StatusInProgress, true},
		{"Solution Provided", StatusResolved, true},
		{"Resolution provided", StatusResolved, true},
		{"Information provided", StatusOpen, false},
	} {
		t.Run(tc.raw, func(t *testing.T) {
			assert.Equal(t, tc.want, NormalizeStatus(tc.raw))
			assert.Equal(t, tc.known, StatusKnown(tc.raw))
		})
	}
}

// StatusKnown tells a name NormalizeStatus reads from its words from one
// it makes open only because it does not know it: the open words, a
// negated done word and every other status are known; a blank name and a
// workflow's own names ("Deployed", "QA") are not.
func TestStatusKnown(t *testing.T) {
	for _, tc := range []struct {
		raw   string
		known bool
	}{
		{"To Do", true}, {"Open", true}, {"Reopened", true}, {"Backlog", true}, {"New", true},
		{"Not done", true}, {"Unresolved", true}, {"In Progress", true}, {"Done", true},
		{"Won't Do", true}, {"Waiting for customer", true},
		{"", false}, {"  ", false}, {"Deployed", false}, {"QA", false}, {"Cannot Reproduce", false},
	} {
		t.Run(tc.raw, func(t *testing.T) {
			for range 2 { // the memo's first answer and a kept one
				assert.Equal(t, tc.known, StatusKnown(tc.raw))
			}
		})
	}
}

// Event logs name activities with verbs: a verb that ends the work
// ("Resolve", "Close", "Finish") counts as a whole word, so a longer word
// that starts with one ("resolver", "closure", "finishing") or a negated
// one ("Request incomplete", "Not finished") is not done; and it comes
// after the waiting words ("Awaiting close" still waits). The names of
// published ITSM logs (the Helpdesk log, BPI 2013 and 2014) keep the
// meaning their process gives them.
func TestActivityVerbsAreWholeWords(t *testing.T) {
	for _, tc := range []struct{ raw, want string }{
		{"Resolve", StatusResolved},
		{"Resolve ticket", StatusResolved},
		{"Resolve SW anomaly", StatusResolved},
		{"Solve", StatusResolved},
		{"Close", StatusClosed},
		{"Close case", StatusClosed},
		{"Finish", StatusClosed},
		{"Finished", StatusClosed},
		{"Review and close", StatusClosed}, // the verb beats in progress
		{"Assign to resolver group", StatusOpen},
		{"Awaiting closure", StatusWaiting},
		{"Closure", StatusOpen},
		{"Request incomplete", StatusOpen},
		{"Unfinished", StatusOpen},
		{"Not finished", StatusOpen},
		{"Do not close", StatusOpen},
		{"Could not resolve", StatusOpen},
		{"Finishing touches", StatusOpen},
		{"Awaiting close", StatusWaiting},
		// a workflow's status that names the step ahead is not done: the
		// verb does not lead the name
		{"Ready to close", StatusOpen},
		{"Cannot close", StatusOpen},
		{"Request to close", StatusResolved}, // asks for closure once the work is done: see TestClosureNamesReadByWhatTheyMean
		{"Unable to resolve", StatusOpen},
		{"Ready to resolve", StatusOpen},
		{"Cannot close - parts missing", StatusOpen},
		{"Pending resolve", StatusWaiting},
		{"Insert ticket", StatusOpen},
		{"Assign seriousness", StatusOpen},
		{"Take in charge ticket", StatusOpen},
		{"Wait", StatusWaiting},
		{"Reopen", StatusOpen},
		{"Completed/Closed", StatusClosed},
		{"Accepted/Wait - User", StatusWaiting},
		{"Queued/Awaiting Assignment", StatusWaiting},
		{"Accepted/In Progress", StatusInProgress},
		{"Operator Update", StatusOpen},
		{"Pending vendor", StatusWaiting},
	} {
		t.Run(tc.raw, func(t *testing.T) {
			assert.Equal(t, tc.want, NormalizeStatus(tc.raw))
		})
	}
}

// Names about closing that are not the verb "close" leading an activity.
// ITSM workflows (ServiceNow's Resolved state, a Jira Service Management
// "close requested" step) first ask for closure, then the caller confirms
// it: a request for closure or a proposed resolution ends the agent's work
// but waits for the caller, which is what resolved means (ServiceNow closes
// a resolved incident when the caller accepts or after some days); a
// closure or resolution that was verified, confirmed or accepted is closed.
// Read resolved, a "Close request" that in some log means "close the
// request" still ends the work at the same time; read closed, a request
// would give a closed time the caller never confirmed. The expected
// readings are these meanings, not the program's output.
func TestClosureNamesReadByWhatTheyMean(t *testing.T) {
	for _, tc := range []struct{ raw, want string }{
		{"Close request", StatusResolved},
		{"Close requested", StatusResolved},
		{"Closure requested", StatusResolved},
		{"Closure request", StatusResolved},
		{"Request closure", StatusResolved},
		{"Request for closure", StatusResolved},
		{"Request to close", StatusResolved},
		{"Resolution proposed", StatusResolved},
		{"Proposed solution", StatusResolved},
		{"Closure verified", StatusClosed},
		{"Closure confirmed", StatusClosed},
		{"Closure - confirmed", StatusClosed},
		{"Closed - verified", StatusClosed},
		{"Resolution accepted", StatusClosed},
		{"Resolution confirmed", StatusClosed},
		{"Solution accepted", StatusClosed},
		// a wait for it still waits, and the other names are as before
		{"Awaiting closure confirmation", StatusWaiting},
		{"Pending close request", StatusWaiting},
		{"Close", StatusClosed},
		{"Close case", StatusClosed},
		{"Closure", StatusOpen},
		{"Resolution", StatusOpen},
		{"Ready to close", StatusOpen},
		{"Cannot close", StatusOpen},
		// the caller turned the closure down: the work resumes, it is not
		// canceled as "rejected" alone is (a request rejected)
		{"Closure rejected", StatusOpen},
		{"Resolution rejected", StatusOpen},
		{"Resolution declined", StatusOpen},
		{"Rejected resolution", StatusOpen},
		{"Solution refused", StatusOpen},
		{"Rejected", StatusCanceled},
		{"Request rejected", StatusCanceled},
		// the confirmation may follow the request or the proposal, after any
		// words: the caller confirmed the closure, closed
		{"Closure request approved", StatusClosed},
		{"Closure request accepted", StatusClosed},
		{"Proposed Solution Accepted", StatusClosed},
		{"Resolution proposed and accepted", StatusClosed},
		{"Close request: approved", StatusClosed},
		{"Accepted resolution", StatusClosed},
		// and so may the refusal: the caller turned the fix down, open again
		{"Closure request rejected", StatusOpen},
		{"Close request declined", StatusOpen},
		{"Request to close rejected", StatusOpen},
		{"Proposed solution rejected", StatusOpen},
		{"Customer rejected resolution", StatusOpen},
		{"Close request - rejected", StatusOpen},
		// a confirmation said not to have happened is no confirmation: the
		// caller did not accept the fix (was closed, "accepted" read alone)
		{"Resolution not accepted", StatusOpen},
		{"Closure not verified", StatusOpen},
		// an underscore separates words as a space or a dash does
		{"Resolution_accepted", StatusClosed},
		{"Resolution-accepted", StatusClosed},
		{"Close_request", StatusResolved},
		{"Request_to_close", StatusResolved},
		{"Closure_rejected", StatusOpen},
		// whole words only: "closed" is no "close", "approval" no
		// "approved"; "Closed - rejected" is a closed ticket whose reason
		// is rejected (as "Closed Skipped" is closed, skipped), not a
		// closure the caller turned down, so it stays canceled
		{"Closed - rejected", StatusCanceled},
		{"Completed/Rejected", StatusCanceled},
		{"Closure approval", StatusOpen},
		{"Resolution Acceptance", StatusOpen},
		{"Request Closure Approval", StatusResolved},
		// names that only mention a solution are no verdict on a closure:
		// they read as their other words say
		{"Rejected by Solution Owner", StatusCanceled},
		{"Rejected by solution architect", StatusCanceled},
		{"Declined - no solution", StatusCanceled},
		{"Canceled - solution rejected", StatusCanceled},
		{"Closed (customer refused solution)", StatusClosed},
		{"Accepted - solution in progress", StatusInProgress},
		{"Confirmed - resolution in progress", StatusInProgress},
		{"Bug confirmed - solution in development", StatusOpen},
		{"Customer accepted resolution", StatusClosed},
		{"Approved for closure", StatusClosed},
		// an underscore separates the verbs too, and requests are requests
		{"Close_case", StatusClosed},
		{"Resolve_ticket", StatusResolved},
		{"Close requests", StatusResolved},
		{"Resolver_group", StatusOpen},
		{"Rejected closure request", StatusOpen},
		{"Closed - resolution rejected", StatusCanceled},
	} {
		t.Run(tc.raw, func(t *testing.T) {
			assert.Equal(t, tc.want, NormalizeStatus(tc.raw))
		})
	}
}

// TestStatusSQLCopiesTheRules: int_status_history.sql repeats statusWords
// and negatedDone for the from and to values of status events; the
// parity test in models compares readings of sample names, and this one
// compares the patterns themselves, so that an edit to one side only fails
// even where no sample name reaches it. The SQL reads them in the same
// order; its last rule is the ELSE 'open' (statusWords' last rule gives
// open, as does no rule).
func TestStatusSQLCopiesTheRules(t *testing.T) {
	text, err := os.ReadFile(filepath.Join("..", "models", "sql", "intermediate", "int_status_history.sql"))
	require.NoError(t, err)
	literals := func(call string) []string {
		var out []string
		for _, m := range regexp.MustCompile(regexp.QuoteMeta(call)+`, '((?:[^']|'')*)'`).FindAllStringSubmatch(string(text), -1) {
			out = append(out, strings.ReplaceAll(m[1], "''", "'"))
		}
		return out
	}
	var want []string
	for _, w := range statusWords[:len(statusWords)-1] {
		want = append(want, w.re.String())
	}
	require.Equal(t, StatusOpen, statusWords[len(statusWords)-1].status)
	assert.Equal(t, want, literals("regexp_matches(from_raw"), "from values")
	assert.Equal(t, want, literals("regexp_matches(to_raw"), "to values")
	assert.Equal(t, []string{negatedDone.String()}, literals("regexp_replace(from_given"))
	assert.Equal(t, []string{negatedDone.String()}, literals("regexp_replace(to_given"))
}
