package eventlog

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/lanes-dev/lanes/ingest"
)

// factsOf gives what the regular expressions give, from the cache or not,
// including past the cache's size.
func TestFactsOfMatchesTheRegularExpressions(t *testing.T) {
	names := []string{"Open", "Reopened", "re-open", "Reactivate", "Resolved", "Closed", "Close", "Completed",
		"Cancelled", "Canceled", "Done", "In Progress", "Awaiting customer", "Fixed", "Closure rejected", ""}
	for i := range maxFacts + 10 {
		names = append(names, fmt.Sprintf("Step %d", i))
	}
	names = append(names, "Reopened", "Closed again", "finished")
	for round := range 2 {
		for _, n := range names {
			want := facts{reopen: isReopen(n), rejected: !reopenWords.MatchString(n) && ingest.ClosureRejected(n),
				terminal: terminal(n), status: ingest.NormalizeStatus(n)}
			assert.Equal(t, want, factsOf(n), "round %d: %q", round, n)
		}
	}
	assert.LessOrEqual(t, factsCount.Load(), int64(maxFacts))
	assert.Equal(t, facts{reopen: true, terminal: "", status: factsOf("Reopened").status}, factsOf("Reopened"))
	assert.Equal(t, "resolved", factsOf("Resolved").terminal)
	assert.Equal(t, facts{reopen: true, rejected: true, status: ingest.StatusOpen}, factsOf("Closure rejected"))
}
