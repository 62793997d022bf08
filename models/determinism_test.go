package models

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/models/config"
	"github.com/lanes-dev/lanes/models/warehouse"
)

// manyRows fills a warehouse with 150,000 tickets (two of DuckDB's
// 122,880-row groups, so scans and aggregates run in parallel), 450,000
// events, 150,000 comments and 30,000 help-channel messages. Times have
// odd seconds and logged handle minutes are fractions, so the sums and
// averages add doubles that do not add exactly.
const manyRows = `
insert into tickets (source, source_key, title, description, status, priority, created_at, first_response_at,
	resolved_at, closed_at, updated_at, requester, assignee, assignment_group, labels, components,
	reopen_count, reassignment_count, handle_minutes, is_deleted, run_id, source_file, source_line)
select 'gen', 'K-' || i,
	(['Password reset for', 'Need access to', 'Outage of', 'Bug in', 'Question about', 'Printer jam'])[1 + i % 6]
		|| ' ' || (['okta', 'github', 'jira', 'zoom', 'box', 'google drive'])[1 + (i // 6) % 6] || ' ' || (i % 13),
	null,
	(['open', 'resolved', 'closed', 'waiting', 'resolved'])[1 + i % 5],
	'p' || (1 + i % 4),
	timestamp '2025-01-06 00:00:00' + to_seconds(i * 31 + (i * 7919) % 997),
	case when i % 3 > 0 then timestamp '2025-01-06 00:00:00' + to_seconds(i * 31 + 600 + (i * 104729) % 86413) end,
	case when i % 5 in (1, 2, 4) then timestamp '2025-01-06 00:00:00' + to_seconds(i * 31 + 3600 + (i * 15485863) % 1209599) end,
	case when i % 5 = 2 then timestamp '2025-01-06 00:00:00' + to_seconds(i * 31 + 3700 + (i * 15485863) % 1209599) end,
	timestamp '2025-01-06 00:00:00' + to_seconds(i * 31 + 1300000),
	'user' || (i % 4001) || '@corp',
	case when i % 2 = 0 then 'it' || (i % 37) || '@corp' else 'eng' || (i % 41) || '@corp' end,
	(['service desk', 'platform', 'security', 'platform', 'service desk'])[1 + (i // 5) % 5],
	[], [],
	case when i % 11 = 0 then 1 else 0 end,
	case when i % 7 = 0 then 1 + i % 3 else 0 end,
	case when i % 4 = 0 then 0.1 + ((i * 31) % 977) / 7.0 end,
	false, 'run', 'gen.csv', i
from range(150000) as r(i);

insert into ticket_events (source, source_key, seq, event_at, kind, actor, from_value, to_value)
select 'gen', 'K-' || (j // 3), 1 + j % 3,
	timestamp '2025-01-06 00:00:00' + to_seconds((j // 3) * 31 + 900 * (1 + j % 3) + (j * 7919) % 1777),
	(['status', 'group', 'comment'])[1 + j % 3],
	case when j % 2 = 0 then 'eng' || (j % 43) || '@corp' else 'it' || (j % 29) || '@corp' end,
	case j % 3 when 0 then 'Open' when 1 then 'service desk' end,
	case j % 3 when 0 then (['Waiting', 'In Progress'])[1 + (j // 3) % 2] when 1 then 'platform' end
from range(450000) as r(j);

insert into comments (source, source_key, seq, author, created_at, is_public, body)
select 'gen', 'K-' || k, 1,
	case when k % 3 = 0 then 'user' || (k % 4001) || '@corp' else 'eng' || (k % 47) || '@corp' end,
	timestamp '2025-01-06 00:00:00' + to_seconds(k * 31 + 1200 + (k * 104729) % 50021),
	k % 4 > 0, null
from range(150000) as r(k);

insert into messages (source, channel, message_ts, thread_ts, author, posted_at, text, reply_count, ticket_ref)
select 'slack', 'it-help', 'm' || m,
	case when m % 3 = 0 then null else 'm' || (m - m % 3) end,
	case when m % 3 = 0 then 'user' || (m % 997) || '@corp' else 'eng' || (m % 43) || '@corp' end,
	timestamp '2025-01-06 00:00:00' + to_seconds((m - m % 3) * 97 + (m % 3) * (300 + (m * 7919) % 3001)),
	case when m % 30 = 0 then 'see K-' || m end,
	null, null
from range(30000) as r(m);
`

// TestMartsIgnoreThreadCount builds every model over the same many rows
// with DuckDB on 1 thread and on 4, and checks that every mart holds
// exactly the same rows: no sum or average depends on the order in which
// parallel threads add up their parts.
func TestMartsIgnoreThreadCount(t *testing.T) {
	if testing.Short() {
		t.Skip("builds 150,000 tickets twice")
	}
	ctx := context.Background()
	cfg := testConfig("Europe/Berlin", "monday")
	cfg.Teams[0].People = []string{`^it[0-9]+@`}
	cfg.Teams[1].People = []string{`^eng[0-9]+@`}
	cfg.Privacy.MinGroupSize = 3
	cfg.SLA = config.Default().SLA
	ms, err := Models()
	require.NoError(t, err)

	marts := func(threads int) map[string][]string {
		wh, err := warehouse.Open(ctx, ":memory:", warehouse.Options{Threads: threads})
		require.NoError(t, err)
		defer wh.Close()
		var got int
		require.NoError(t, wh.QueryRow(ctx, `select current_setting('threads')`).Scan(&got))
		require.Equal(t, threads, got)
		require.NoError(t, wh.Write(ctx, func(tx *warehouse.Tx) error {
			_, err := tx.Exec(manyRows)
			return err
		}))
		res, err := Build(ctx, wh, cfg, BuildOptions{})
		require.NoError(t, err)
		require.False(t, res.Failed(), "data tests: %+v", res.Tests)
		out := map[string][]string{}
		for _, m := range ms {
			if m.Layer != "marts" {
				continue
			}
			// Every row as JSON (doubles in their shortest exact form), as a
			// sorted multiset: the rows' order in the table is not compared.
			rows, err := wh.Query(ctx, `select to_json(x)::varchar as j from `+m.Name+` as x order by j`)
			require.NoError(t, err)
			for rows.Next() {
				var j string
				require.NoError(t, rows.Scan(&j))
				out[m.Name] = append(out[m.Name], j)
			}
			require.NoError(t, rows.Err())
			require.NoError(t, rows.Close())
		}
		return out
	}
	one := marts(1)
	four := marts(4)
	require.Equal(t, len(one), len(four))
	for name, rows := range one {
		if !assert.Equal(t, len(rows), len(four[name]), "%s: row count", name) {
			continue
		}
		diff := 0
		for i := range rows {
			if rows[i] != four[name][i] {
				if diff < 3 {
					t.Errorf("%s: 1 thread %s\n   4 threads %s", name, rows[i], four[name][i])
				}
				diff++
			}
		}
		if diff > 0 {
			t.Errorf("%s: %d of %d rows differ between 1 and 4 threads", name, diff, len(rows))
		}
	}
	// The data reaches the marts that add doubles.
	for _, name := range []string{"interruptions", "interruptions_by_person", "time_to_resolve", "automation_candidates",
		"weekly_summary", "untracked_requests", "fix_ranking", "sla", "focus_fragmentation", "backlog_age_daily"} {
		assert.NotEmpty(t, one[name], name)
	}
}
