package models

import (
	"testing"
)

func TestIntTicketsIntentTeamAndHandleTime(t *testing.T) {
	wh := newWarehouse(t)
	insert(t, wh, []tk{
		// the title decides before the description: outage (rule 5, \bdown\b), not password_reset
		{key: "K1", title: "okta down", description: "password", assignee: "dual@x", created: "2026-01-05 09:00"},
		// whitespace collapsed; both password_reset rules match, rule 1 wins
		{key: "K2", title: "  mfa \t  password ", assignee: "pat@x", group: "service desk", created: "2026-01-05 09:00"},
		// access (rule 3) comes first in the text, but password (rule 1) has the lower priority
		{key: "K3", title: "access PASSWORD", assignee: "nobody@x", group: "Service Desk Tier 2", created: "2026-01-05 09:00"},
		// no rule matches the title, so the description decides
		{key: "K4", title: "hello", description: "there is a bug", group: "security", created: "2026-01-05 09:00"},
		// nothing matches: other, no class, 30 minutes
		{key: "K5", title: "hello", group: "facilities", created: "2026-01-05 09:00"},
		// logged work wins over the intent's default
		{key: "K6", title: "password", logged: 7, created: "2026-01-05 09:00"},
	}, nil)
	buildAll(t, wh, testConfig("UTC", "monday"))

	// Teams: dual@x matches IT and Platform people patterns, IT comes first;
	// pat@x's person pattern beats the service desk group; nobody@x matches no
	// person, so the group decides (IT); K5's group matches no team.
	got := query(t, wh, `select source_key, title, intent, intent_class, team, team_class, handle_minutes, is_handle_logged
		from int_tickets order by source_key`)
	assertRows(t, [][]any{
		{"K1", "okta down", "outage", "engineering", "IT", "it", 120.0, false},
		{"K2", "mfa password", "password_reset", "it", "Platform", "engineering", 10.0, false},
		{"K3", "access PASSWORD", "password_reset", "it", "IT", "it", 10.0, false},
		{"K4", "hello", "product_bug", "engineering", "Security", "security", 60.0, false},
		{"K5", "hello", "other", nil, "Unassigned", "other", 30.0, false},
		{"K6", "password", "password_reset", "it", "Unassigned", "other", 7.0, true},
	}, got)

	got = query(t, wh, `select i.source_key, i.intent_field, i.intent_rule_priority, t.team_matched_by
		from int_ticket_intent i join int_ticket_team t using (source, source_key) order by source_key`)
	assertRows(t, [][]any{
		{"K1", "title", 5, "person"},
		{"K2", "title", 1, "person"},
		{"K3", "title", 1, "group"},
		{"K4", "description", 6, "group"},
		{"K5", nil, nil, nil},
		{"K6", "title", 1, nil},
	}, got)

	// The configuration dimensions: team order as pattern priority, one rule per pattern.
	got = query(t, wh, `select team, kind, pattern, priority from dim_team_patterns order by priority, kind, pattern`)
	assertRows(t, [][]any{
		{"IT", "group", "service desk", 1},
		{"IT", "person", "^dual@", 1},
		{"IT", "person", "^ivy@", 1},
		{"Platform", "group", "platform", 2},
		{"Platform", "person", "^dual@", 2},
		{"Platform", "person", "^pat@", 2},
		{"Platform", "person", "^quinn@", 2},
		{"Security", "group", "security", 3},
	}, got)
	got = query(t, wh, `select intent, priority, pattern from dim_intent_rules order by priority`)
	assertRows(t, [][]any{
		{"password_reset", 1, "pass ?word"},
		{"password_reset", 2, `\bmfa\b`},
		{"access_request", 3, `\baccess\b`},
		{"outage", 4, `\boutage\b`},
		{"outage", 5, `\bdown\b`},
		{"product_bug", 6, `\bbug\b`},
	}, got)
}

// TestIntTicketsReopenCountFromEvents checks where int_tickets takes the
// reopen count from: the source's own count when it has one (0 included),
// else the ticket's reopen events, else 0.
func TestIntTicketsReopenCountFromEvents(t *testing.T) {
	wh := newWarehouse(t)
	insert(t, wh, []tk{
		{key: "GH2", created: "2026-01-05 09:00"},             // a GitHub issue: no count
		{key: "JC1", created: "2026-01-05 09:00"},             // a Jira CSV row: no count, no events
		{key: "SN1", created: "2026-01-05 09:00", reopens: 2}, // the source counts 2
		{key: "SN2", created: "2026-01-05 09:00", reopens: 0}, // the source says 0
		{key: "EL1", created: "2026-01-05 09:00", reopens: 1}, // an event log counts its events itself
	}, nil)
	execSQL(t, wh, `update tickets set reopen_count = null where source_key in ('GH2', 'JC1')`)
	insertHistory(t, wh, []xev{
		// GH2: closed, then reopened: github_events writes a status change
		// and a reopen for the `reopened` event
		{key: "GH2", seq: 1, at: "2026-01-06 10:00", kind: "status", actor: "bo-l", from: "open", to: "closed (completed)"},
		{key: "GH2", seq: 2, at: "2026-01-08 10:00", kind: "status", actor: "bo-l", from: "closed", to: "open"},
		{key: "GH2", seq: 3, at: "2026-01-08 10:00", kind: "reopen", actor: "bo-l", from: "closed", to: "open"},
		// the sources' own counts stand, whatever events are stored
		{key: "SN1", seq: 1, at: "2026-01-06 10:00", kind: "reopen", from: "Resolved", to: "In Progress"},
		{key: "SN2", seq: 1, at: "2026-01-06 10:00", kind: "reopen", from: "Resolved", to: "In Progress"},
		{key: "EL1", seq: 1, at: "2026-01-06 10:00", kind: "reopen", from: "Resolve", to: "Reopen"},
	}, nil)
	buildAll(t, wh, testConfig("UTC", "monday"))

	// GH2: one reopen event; JC1: none, so 0; SN1, SN2, EL1: their own counts.
	got := query(t, wh, `select source_key, reopen_count from int_tickets order by source_key`)
	assertRows(t, [][]any{
		{"EL1", 1},
		{"GH2", 1},
		{"JC1", 0},
		{"SN1", 2},
		{"SN2", 0},
	}, got)
}
