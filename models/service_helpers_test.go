package models

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/models/warehouse"
)

// Helpers for the calendar and service model tests (business hours, first
// response, SLA, backlog, hand-offs): events with from and to values,
// comments, and plain SQL for the ticket columns tk does not carry.

// xev is a canonical ticket event with its from and to values; empty
// strings are nulls.
type xev struct {
	key             string
	seq             int
	at, kind, actor string
	from, to        string
}

// cmt is a canonical comment.
type cmt struct {
	key        string
	seq        int
	at, author string
	public     bool
}

func insertHistory(t *testing.T, wh *warehouse.Warehouse, events []xev, comments []cmt) {
	t.Helper()
	err := wh.Write(context.Background(), func(tx *warehouse.Tx) error {
		for _, e := range events {
			if _, err := tx.Exec(`insert into ticket_events (source, source_key, seq, event_at, kind, actor, from_value, to_value)
				values ('test', ?, ?, ?::timestamp, ?, ?, ?, ?)`,
				e.key, e.seq, e.at, e.kind, null(e.actor), null(e.from), null(e.to)); err != nil {
				return fmt.Errorf("event %s/%d: %w", e.key, e.seq, err)
			}
		}
		for _, c := range comments {
			if _, err := tx.Exec(`insert into comments (source, source_key, seq, author, created_at, is_public, body)
				values ('test', ?, ?, ?, ?::timestamp, ?, 'text')`,
				c.key, c.seq, null(c.author), c.at, c.public); err != nil {
				return fmt.Errorf("comment %s/%d: %w", c.key, c.seq, err)
			}
		}
		return nil
	})
	require.NoError(t, err)
}

// execSQL runs statements against the canonical tables, for columns the
// tk helper does not set (requester, is_sla_breached, updated_at).
func execSQL(t *testing.T, wh *warehouse.Warehouse, stmts ...string) {
	t.Helper()
	require.NoError(t, wh.Write(context.Background(), func(tx *warehouse.Tx) error {
		for _, s := range stmts {
			if _, err := tx.Exec(s); err != nil {
				return fmt.Errorf("%s: %w", s, err)
			}
		}
		return nil
	}))
}
