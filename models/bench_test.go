package models

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/models/config"
	"github.com/lanes-dev/lanes/models/warehouse"
)

// BenchmarkBuild builds every model over 100,000 generated tickets and
// 300,000 events with the built-in configuration (about 40 tools and 100
// intent rules). On a 2-core machine 200,000 tickets build in about 3 s.
func BenchmarkBuild(b *testing.B) {
	ctx := context.Background()
	wh, err := warehouse.Open(ctx, ":memory:", warehouse.Options{})
	require.NoError(b, err)
	defer wh.Close()
	require.NoError(b, wh.Write(ctx, func(tx *warehouse.Tx) error {
		if _, err := tx.Exec(`insert into tickets (source, source_key, title, description, status, created_at, resolved_at,
			updated_at, assignee, assignment_group, labels, components, is_deleted, run_id, source_file, source_line)
			select 'jira', 'K-' || i,
				(['Password reset for', 'Need access to', 'Laptop broken', 'VPN not working', 'Bug in checkout',
					'Question about', 'Install'])[1 + i % 7]
					|| ' ' || (['okta', 'github', 'slack', 'jira', 'the thing', 'aws', 'zoom'])[1 + (i // 7) % 7] || ' #' || i,
				'Ticket ' || i || ' needs help with ' || md5(i::varchar),
				(['open', 'resolved', 'closed'])[1 + i % 3],
				timestamp '2025-01-01' + to_minutes(i),
				timestamp '2025-01-01' + to_minutes(i + 300),
				timestamp '2025-01-01' + to_minutes(i),
				'person' || (i % 500) || '@corp',
				(['IT Service Desk', 'Platform', 'Backend', 'Security'])[1 + i % 4],
				[], [], false, 'run', 'bench.csv', i
			from range(100000) as r(i)`); err != nil {
			return err
		}
		_, err := tx.Exec(`insert into ticket_events
			select 'jira', 'K-' || (i // 3), i % 3, timestamp '2025-01-01' + to_minutes(i // 3 + 10 * (i % 3)),
				'comment', 'person' || (i % 700) || '@corp', null, null, 'run'
			from range(300000) as r(i)`)
		return err
	}))
	cfg := config.Default()
	b.ResetTimer()
	for b.Loop() {
		_, err := Build(ctx, wh, cfg, BuildOptions{})
		require.NoError(b, err)
	}
}
