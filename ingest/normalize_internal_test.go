package ingest

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
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
