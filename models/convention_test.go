package models

import (
	"context"
	"io/fs"
	"path"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/models/config"
)

// TestEveryModelIsDocumented checks the house convention: every .sql has a
// .yml that documents exactly the columns the model outputs, and every .yml
// names an existing model.
func TestEveryModelIsDocumented(t *testing.T) {
	sqls := map[string]bool{}
	ymls := map[string]bool{}
	require.NoError(t, fs.WalkDir(embedded, "sql", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		name := strings.TrimSuffix(path.Base(p), path.Ext(p))
		switch path.Ext(p) {
		case ".sql":
			sqls[name] = true
		case ".yml":
			ymls[name] = true
		default:
			t.Errorf("%s: only .sql and .yml files belong under sql/", p)
		}
		return nil
	}))
	for name := range sqls {
		assert.True(t, ymls[name], "%s.sql has no %s.yml", name, name)
	}
	for name := range ymls {
		assert.True(t, sqls[name], "%s.yml names no model", name)
	}

	wh := newWarehouse(t)
	res, err := Build(context.Background(), wh, config.Default(), BuildOptions{})
	require.NoError(t, err)
	assert.False(t, res.Failed(), "data tests on an empty warehouse: %+v", res.Tests)

	ms, err := Models()
	require.NoError(t, err)
	require.Len(t, ms, len(sqls))
	for _, m := range ms {
		var documented []string
		for _, c := range m.Spec.Columns {
			documented = append(documented, c.Name)
			assert.NotEmpty(t, strings.TrimSpace(c.Description), "%s.%s has no description", m.Name, c.Name)
		}
		var actual []string
		for _, r := range query(t, wh, "select column_name from duckdb_columns() where table_name = '"+m.Name+"'") {
			actual = append(actual, r[0].(string))
		}
		sort.Strings(documented)
		sort.Strings(actual)
		assert.Equal(t, actual, documented, "%s.yml must document exactly the columns of %s", m.Name, m.Name)
	}
}

// TestModelsMatchTheContract checks the column types docs/tables.md
// promises for the tables the dashboard and reports read.
func TestModelsMatchTheContract(t *testing.T) {
	wh := newWarehouse(t)
	_, err := Build(context.Background(), wh, config.Default(), BuildOptions{})
	require.NoError(t, err)
	contract := map[string]string{
		"volume_by_tool": "week_start DATE, tool VARCHAR, tickets BIGINT, share DOUBLE, prev_week_tickets BIGINT, change_pct DOUBLE",
		"time_to_resolve": "dimension VARCHAR, value VARCHAR, resolved_tickets BIGINT, median_hours DOUBLE, p90_hours DOUBLE, " +
			"mean_hours DOUBLE, median_business_hours DOUBLE, p90_business_hours DOUBLE, mean_business_hours DOUBLE",
		"first_response": "dimension VARCHAR, value VARCHAR, tickets BIGINT, responded_tickets BIGINT, share_responded DOUBLE, " +
			"median_hours DOUBLE, p90_hours DOUBLE, median_business_hours DOUBLE, p90_business_hours DOUBLE",
		"sla": "week_start DATE, priority VARCHAR, tickets BIGINT, met BIGINT, breached BIGINT, pending BIGINT, breach_rate DOUBLE, " +
			"source_verdicts BIGINT, computed_verdicts BIGINT",
		"backlog_daily": "day DATE, open_tickets BIGINT, open_lt_1d BIGINT, open_1d_3d BIGINT, open_3d_7d BIGINT, " +
			"open_7d_30d BIGINT, open_gt_30d BIGINT",
		"backlog_weekly": "week_start DATE, created BIGINT, resolved BIGINT, open_at_week_end BIGINT, net_change BIGINT",
		"handoffs": "source VARCHAR, source_key VARCHAR, handoffs BIGINT, class_crossings BIGINT, pingpongs BIGINT, " +
			"from_events BOOLEAN, team_path VARCHAR[]",
		"pingpong": "team_a VARCHAR, team_b VARCHAR, tickets BIGINT, returns BIGINT",
		"dim_business_days": "day DATE, weekday VARCHAR, is_work_day BOOLEAN, holiday VARCHAR, day_start_at TIMESTAMP, " +
			"day_end_at TIMESTAMP, work_start_at TIMESTAMP, work_end_at TIMESTAMP, work_minutes DOUBLE, work_minutes_before DOUBLE",
		"interruptions": "week_start DATE, team VARCHAR, team_class VARCHAR, direction VARCHAR, interruptions BIGINT, tickets BIGINT, " +
			"handle_hours DOUBLE, refocus_hours DOUBLE, refocus_low_hours DOUBLE, refocus_high_hours DOUBLE, total_hours DOUBLE, " +
			"hourly_cost DOUBLE, cost DOUBLE, after_hours_interruptions BIGINT, after_hours_share DOUBLE, people_interrupted BIGINT, " +
			"top_person_share DOUBLE, gini DOUBLE",
		"interruptions_by_person": "person VARCHAR, team VARCHAR, interruptions BIGINT, total_hours DOUBLE, share_of_team DOUBLE, " +
			"team_people BIGINT",
		"focus_fragmentation": "week_start DATE, team VARCHAR, engineer_days BIGINT, blocks BIGINT, clean_blocks BIGINT, clean_share DOUBLE",
		"untracked_requests": "week_start DATE, team VARCHAR, threads BIGINT, interruptions BIGINT, median_first_reply_minutes DOUBLE, " +
			"handle_hours DOUBLE, refocus_hours DOUBLE, refocus_low_hours DOUBLE, refocus_high_hours DOUBLE, total_hours DOUBLE, " +
			"hourly_cost DOUBLE, cost DOUBLE, interruption_hours DOUBLE, untracked_share DOUBLE",
		"weekly_summary": "week_start DATE, " +
			"tickets_created BIGINT, tickets_created_prev BIGINT, tickets_created_change_pct DOUBLE, " +
			"tickets_resolved BIGINT, tickets_resolved_prev BIGINT, tickets_resolved_change_pct DOUBLE, " +
			"open_backlog BIGINT, open_backlog_prev BIGINT, open_backlog_change_pct DOUBLE, " +
			"median_resolve_hours DOUBLE, median_resolve_hours_prev DOUBLE, median_resolve_hours_change_pct DOUBLE, " +
			"interruption_hours DOUBLE, interruption_hours_prev DOUBLE, interruption_hours_change_pct DOUBLE, " +
			"interruption_cost DOUBLE, interruption_cost_prev DOUBLE, interruption_cost_change_pct DOUBLE, " +
			"automation_hours_potential DOUBLE, automation_hours_potential_prev DOUBLE, automation_hours_potential_change_pct DOUBLE",
		"data_quality": "metric VARCHAR, source VARCHAR, subject VARCHAR, detail VARCHAR, value DOUBLE, as_of TIMESTAMP",
		"automation_candidates": "rank INTEGER, intent VARCHAR, intent_class VARCHAR, tickets BIGINT, tickets_per_week DOUBLE, " +
			"median_handle_minutes DOUBLE, cv_handle_minutes DOUBLE, escalation_rate DOUBLE, reopen_rate DOUBLE, score DOUBLE, " +
			"hours_saved_per_month DOUBLE, example_keys VARCHAR[], kind VARCHAR, name VARCHAR, cluster_id VARCHAR, " +
			"hours_saved_per_week DOUBLE, build_cost_hours DOUBLE, payback_weeks DOUBLE, example_titles VARCHAR[]",
		"title_clusters": "cluster_id VARCHAR, label VARCHAR, stems VARCHAR, tickets BIGINT, tickets_per_week DOUBLE, " +
			"weeks_active BIGINT, first_seen_at TIMESTAMP, last_seen_at TIMESTAMP, example_keys VARCHAR[], example_titles VARCHAR[]",
		"classification_coverage": "source VARCHAR, tickets BIGINT, intent_tickets BIGINT, other_tickets BIGINT, " +
			"clustered_tickets BIGINT, clusters BIGINT, intent_share DOUBLE, clustered_share DOUBLE, covered_share DOUBLE",
		"shadow_it": "tool VARCHAR, owner VARCHAR, tickets BIGINT, requesters BIGINT, first_seen_at TIMESTAMP, " +
			"last_seen_at TIMESTAMP, weeks_active BIGINT, tickets_per_week DOUBLE, fields VARCHAR[], example_keys VARCHAR[]",
		"fix_ranking": "rank INTEGER, tool VARCHAR, intent VARCHAR, intent_class VARCHAR, tickets BIGINT, tickets_per_week DOUBLE, " +
			"interruptions BIGINT, interruptions_per_week DOUBLE, avoidable_interruptions_per_week DOUBLE, " +
			"avoidable_hours_per_week DOUBLE, avoidable_cost_per_week DOUBLE",
		"int_tickets": "source VARCHAR, source_key VARCHAR, title VARCHAR, kind VARCHAR, status VARCHAR, priority VARCHAR, " +
			"category VARCHAR, channel VARCHAR, requester VARCHAR, assignee VARCHAR, assignment_group VARCHAR, url VARCHAR, " +
			"created_at TIMESTAMP, first_response_at TIMESTAMP, resolved_at TIMESTAMP, closed_at TIMESTAMP, week_start DATE, " +
			"is_open BOOLEAN, is_resolved BOOLEAN, tool VARCHAR, is_tool_sanctioned BOOLEAN, intent VARCHAR, intent_class VARCHAR, " +
			"team VARCHAR, team_class VARCHAR, handle_minutes DOUBLE, is_handle_logged BOOLEAN, resolve_hours DOUBLE, " +
			"resolved_week_start DATE, reopen_count INTEGER, reassignment_count INTEGER, resolve_business_hours DOUBLE, " +
			"responded_at TIMESTAMP, first_response_hours DOUBLE, first_response_business_hours DOUBLE",
	}
	for table, want := range contract {
		var cols []string
		for _, r := range query(t, wh, "select column_name || ' ' || data_type from duckdb_columns() where table_name = '"+table+"' order by column_index") {
			cols = append(cols, r[0].(string))
		}
		assert.Equal(t, want, strings.Join(cols, ", "), table)
	}
}
