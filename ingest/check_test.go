package ingest_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/lanes-dev/lanes/ingest"
)

// TestTicketCheck: the rules every staged ticket meets.
func TestTicketCheck(t *testing.T) {
	at := func(h int) *time.Time {
		v := time.Date(2024, 3, 4, h, 0, 0, 0, time.UTC)
		return &v
	}
	for _, tc := range []struct {
		name           string
		t              ingest.Ticket
		column, reason string
	}{
		{"fine", ingest.Ticket{Key: "K-1", CreatedAt: *at(9), ResolvedAt: at(10), ClosedAt: at(9), Status: ingest.StatusClosed}, "", ""},
		{"no key", ingest.Ticket{Key: " ", CreatedAt: *at(9), Status: ingest.StatusOpen}, "key", "ticket has no key"},
		{"no creation time", ingest.Ticket{Key: "K-1", Status: ingest.StatusOpen}, "created_at", "ticket has no creation time"},
		{"resolved before created", ingest.Ticket{Key: "K-1", CreatedAt: *at(9), ResolvedAt: at(8), Status: ingest.StatusResolved},
			"resolved_at", "resolved (2024-03-04T08:00:00Z) before it was created (2024-03-04T09:00:00Z)"},
		{"closed before created", ingest.Ticket{Key: "K-1", CreatedAt: *at(9), ClosedAt: at(7), Status: ingest.StatusClosed},
			"closed_at", "closed (2024-03-04T07:00:00Z) before it was created (2024-03-04T09:00:00Z)"},
		{"unknown status", ingest.Ticket{Key: "K-1", CreatedAt: *at(9), Status: "done"}, "status", `status "done" is not one of new, open, in_progress, waiting, resolved, closed, canceled`},
	} {
		column, reason := tc.t.Check()
		assert.Equal(t, []string{tc.column, tc.reason}, []string{column, reason}, tc.name)
	}
}
