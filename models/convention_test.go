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
			"mean_hours DOUBLE",
		"interruptions": "week_start DATE, team VARCHAR, team_class VARCHAR, direction VARCHAR, interruptions BIGINT, tickets BIGINT, " +
			"handle_hours DOUBLE, refocus_hours DOUBLE, refocus_low_hours DOUBLE, refocus_high_hours DOUBLE, total_hours DOUBLE, " +
			"hourly_cost DOUBLE, cost DOUBLE",
		"interruptions_by_person": "person VARCHAR, team VARCHAR, interruptions BIGINT, total_hours DOUBLE, share_of_team DOUBLE",
		"automation_candidates": "rank INTEGER, intent VARCHAR, intent_class VARCHAR, tickets BIGINT, tickets_per_week DOUBLE, " +
			"median_handle_minutes DOUBLE, cv_handle_minutes DOUBLE, escalation_rate DOUBLE, reopen_rate DOUBLE, score DOUBLE, " +
			"hours_saved_per_month DOUBLE, example_keys VARCHAR[]",
		"int_tickets": "source VARCHAR, source_key VARCHAR, title VARCHAR, kind VARCHAR, status VARCHAR, priority VARCHAR, " +
			"category VARCHAR, channel VARCHAR, requester VARCHAR, assignee VARCHAR, assignment_group VARCHAR, url VARCHAR, " +
			"created_at TIMESTAMP, first_response_at TIMESTAMP, resolved_at TIMESTAMP, closed_at TIMESTAMP, week_start DATE, " +
			"is_open BOOLEAN, is_resolved BOOLEAN, tool VARCHAR, is_tool_sanctioned BOOLEAN, intent VARCHAR, intent_class VARCHAR, " +
			"team VARCHAR, team_class VARCHAR, handle_minutes DOUBLE, is_handle_logged BOOLEAN, resolve_hours DOUBLE, " +
			"resolved_week_start DATE, reopen_count INTEGER, reassignment_count INTEGER",
	}
	for table, want := range contract {
		var cols []string
		for _, r := range query(t, wh, "select column_name || ' ' || data_type from duckdb_columns() where table_name = '"+table+"' order by column_index") {
			cols = append(cols, r[0].(string))
		}
		assert.Equal(t, want, strings.Join(cols, ", "), table)
	}
}
