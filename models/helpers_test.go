package models

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/models/config"
	"github.com/lanes-dev/lanes/models/warehouse"
)

// Helpers shared by the model tests: a fresh in-memory warehouse, a small
// explicit configuration (no built-in tools or intents, so every match in a
// test is one the test can see), and terse constructors for canonical rows.

func newWarehouse(t *testing.T) *warehouse.Warehouse {
	t.Helper()
	wh, err := warehouse.Open(context.Background(), ":memory:", warehouse.Options{})
	require.NoError(t, err)
	t.Cleanup(func() { wh.Close() })
	return wh
}

func ptr[T any](v T) *T { return &v }

// testPrivacyKey is the pseudonym key of testConfig.
const testPrivacyKey = "test-key"

// testConfig is the configuration the mart tests share. Team order matters:
// IT comes first, so a person both IT and Platform patterns match is IT.
//
//	intent rule priorities: password_reset 1 (pass ?word), 2 (\bmfa\b);
//	access_request 3; outage 4, 5; product_bug 6.
func testConfig(tz, weekStart string) *config.Config {
	return &config.Config{
		Teams: []config.Team{
			{Name: "IT", Class: config.ClassIT, HourlyCost: 60, Groups: []string{`service desk`}, People: []string{`^ivy@`, `^dual@`}},
			{Name: "Platform", Class: config.ClassEngineering, HourlyCost: 100, Groups: []string{`platform`}, People: []string{`^pat@`, `^quinn@`, `^dual@`}},
			{Name: "Security", Class: config.ClassSecurity, HourlyCost: 90, Groups: []string{`security`}},
		},
		Tools: []config.Tool{
			{Name: "Okta", Aliases: []string{"okta", "sso"}},
			{Name: "GitHub", Aliases: []string{"github", "gh org"}},
			{Name: "Jira", Aliases: []string{"jira"}},
			{Name: "Zoom", Aliases: []string{"zoom"}, Sanctioned: ptr(false)},
			{Name: "Box", Aliases: []string{"box"}},
			{Name: "Google Workspace", Aliases: []string{"google"}},
			{Name: "Google Drive", Aliases: []string{"google drive"}},
		},
		Intents: []config.Intent{
			{Name: "password_reset", Class: config.ClassIT, HandleMinutes: 10, Patterns: []string{`pass ?word`, `\bmfa\b`}},
			{Name: "access_request", Class: config.ClassIT, HandleMinutes: 20, Patterns: []string{`\baccess\b`}},
			{Name: "outage", Class: config.ClassEngineering, HandleMinutes: 120, Automatable: ptr(false), Patterns: []string{`\boutage\b`, `\bdown\b`}},
			{Name: "product_bug", Class: config.ClassEngineering, HandleMinutes: 60, Patterns: []string{`\bbug\b`}},
		},
		Calendar: config.Calendar{TimeZone: tz, WeekStart: weekStart, WorkStart: "09:00", WorkEnd: "17:00",
			WorkDays: []string{"mon", "tue", "wed", "thu", "fri"}},
		Interruptions: config.Interruptions{RefocusMinutes: 15, RefocusLowMinutes: 5, RefocusHighMinutes: 23,
			MergeWindowMinutes: 30, DefaultHourlyCost: 75,
			FocusBlockMinutes: 120, ThreadHandleMinutes: 10, TicketKeyPattern: config.DefaultTicketKeyPattern},
		// every team is shown per person (min group 1); pseudonyms use testPrivacyKey
		Privacy:    config.Privacy{Key: testPrivacyKey, MinGroupSize: 1},
		Automation: config.Automation{AutomatableShare: 0.8, MinTickets: 3, BuildCostHours: 40},
		Clusters:   config.Clusters{Similarity: 0.5, MinTickets: 3, StopWords: config.DefaultStopWords},
	}
}

// tk is a canonical ticket; empty strings are nulls. Times are UTC, written
// "2006-01-02 15:04".
type tk struct {
	key, title, description, status, priority string
	created, firstResponse, resolved, closed  string
	assignee, group, category                 string
	components                                []string
	reopens, reassignments                    int
	logged                                    float64 // logged handle minutes; 0 is none
	deleted                                   bool
	requester                                 string
}

// ev is a canonical ticket event.
type ev struct {
	key      string
	seq      int
	at, kind string
	actor    string
}

func null(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func insert(t *testing.T, wh *warehouse.Warehouse, tickets []tk, events []ev) {
	t.Helper()
	err := wh.Write(context.Background(), func(tx *warehouse.Tx) error {
		for _, k := range tickets {
			status := k.status
			if status == "" {
				status = "open"
			}
			var logged any
			if k.logged != 0 {
				logged = k.logged
			}
			_, err := tx.Exec(`insert into tickets (source, source_key, title, description, status, priority,
				created_at, first_response_at, resolved_at, closed_at, updated_at,
				assignee, assignment_group, category, labels, components,
				reopen_count, reassignment_count, handle_minutes, is_deleted, run_id, source_file, source_line, requester)
				values ('test', ?, ?, ?, ?, ?, ?::timestamp, ?::timestamp, ?::timestamp, ?::timestamp, ?::timestamp,
				?, ?, ?, [], list_filter(string_split(?, '|'), x -> x <> ''), ?, ?, ?, ?, 'run', 'test.csv', 1, ?)`,
				k.key, null(k.title), null(k.description), status, null(k.priority),
				k.created, null(k.firstResponse), null(k.resolved), null(k.closed), k.created,
				null(k.assignee), null(k.group), null(k.category), strings.Join(k.components, "|"),
				k.reopens, k.reassignments, logged, k.deleted, null(k.requester))
			if err != nil {
				return fmt.Errorf("ticket %s: %w", k.key, err)
			}
		}
		for _, e := range events {
			_, err := tx.Exec(`insert into ticket_events (source, source_key, seq, event_at, kind, actor)
				values ('test', ?, ?, ?::timestamp, ?, ?)`, e.key, e.seq, e.at, e.kind, null(e.actor))
			if err != nil {
				return fmt.Errorf("event %s/%d: %w", e.key, e.seq, err)
			}
		}
		return nil
	})
	require.NoError(t, err)
}

// buildAll builds every model and fails the test if a data test fails.
func buildAll(t *testing.T, wh *warehouse.Warehouse, cfg *config.Config) BuildResult {
	t.Helper()
	res, err := Build(context.Background(), wh, cfg, BuildOptions{})
	require.NoError(t, err)
	for _, tr := range res.Tests {
		assert.Zero(t, tr.Failures, "data test %s on %s failed: %v", tr.Name, tr.Model, tr.Sample)
	}
	return res
}

// query returns every row of q, integers as int64.
func query(t *testing.T, wh *warehouse.Warehouse, q string) [][]any {
	t.Helper()
	rows, err := wh.Query(context.Background(), q)
	require.NoError(t, err)
	defer rows.Close()
	cols, err := rows.Columns()
	require.NoError(t, err)
	var out [][]any
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		require.NoError(t, rows.Scan(ptrs...))
		for i, v := range vals {
			switch x := v.(type) {
			case int32:
				vals[i] = int64(x)
			case int:
				vals[i] = int64(x)
			}
		}
		out = append(out, vals)
	}
	require.NoError(t, rows.Err())
	return out
}

// assertRows compares rows cell by cell; floats within 1e-6, ints as int64.
func assertRows(t *testing.T, want, got [][]any) {
	t.Helper()
	if !assert.Len(t, got, len(want), "rows: %v", got) {
		return
	}
	for i := range want {
		if !assert.Len(t, got[i], len(want[i]), "row %d", i) {
			continue
		}
		for j, w := range want[i] {
			g := got[i][j]
			switch w := w.(type) {
			case float64:
				if f, ok := g.(float64); assert.True(t, ok, "row %d col %d: want float %v, got %T %v", i, j, w, g, g) {
					assert.InDelta(t, w, f, 1e-6, "row %d col %d (row %v)", i, j, got[i])
				}
			case int:
				assert.Equal(t, int64(w), g, "row %d col %d (row %v)", i, j, got[i])
			default:
				assert.Equal(t, w, g, "row %d col %d (row %v)", i, j, got[i])
			}
		}
	}
}
