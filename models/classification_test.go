package models

import (
	"crypto/md5"
	"encoding/hex"
	"testing"

	"github.com/lanes-dev/lanes/models/config"
)

// clusterID is what int_ticket_cluster calls the cluster whose root group
// has the stem set signature, computed here with Go's md5.
func clusterID(signature string) string {
	sum := md5.Sum([]byte(signature))
	return "cl-" + hex.EncodeToString(sum[:])[:12]
}

// clusterTickets: two clusters among the `other` tickets, tickets that do not
// cluster, and tickets an intent covers. testConfig's intents are
// password_reset (pass ?word, \bmfa\b), access_request (\baccess\b), outage
// and product_bug; weeks start on Monday in UTC.
func clusterTickets() []tk {
	return []tk{
		// normalized: "printer on floor jammed" (3rd has a digit), stems floor jam printer
		{key: "C1", title: "Printer on 3rd floor jammed", created: "2026-01-05 09:00"},
		// "printer jammed again" ("again" is a stop word): jam printer
		{key: "C2", title: "printer jammed again", created: "2026-01-06 09:00", status: "resolved", resolved: "2026-01-06 08:00"},
		// "printers jammed": jam printer (printers -> printer, jammed -> jam)
		{key: "C3", title: "Printers jammed!!", created: "2026-01-13 09:00", reopens: 1},
		// the ticket key INC-4411 and the number 2 go: "printer jammed floor", floor jam printer
		{key: "C4", title: "Printer jammed - floor 2 (INC-4411)", created: "2026-01-20 09:00"},
		// "Anna" and "Ben Miller" follow "for" and are capitalised: names, dropped
		// from the stems and from the normalized title; every signature is park permit
		{key: "Q1", title: "Parking permit for Anna", created: "2026-01-07 09:00"},
		{key: "Q2", title: "parking permit for Ben Miller", created: "2026-01-14 09:00"},
		{key: "Q3", title: "Parking permits", created: "2026-01-21 09:00"},
		// asdf: its only stem is in no other ticket, so no stem is kept and no cluster
		{key: "U1", title: "asdf", created: "2026-01-08 09:00"},
		// no title: `other`, but not clustered
		{key: "T0", description: "printer jammed", created: "2026-01-09 09:00"},
		// intents
		{key: "P1", title: "Password reset", created: "2026-01-05 10:00"},
		{key: "A1", title: "Need access to Jira", created: "2026-01-12 10:00"},
		// deleted: nowhere
		{key: "D1", title: "printer jammed", created: "2026-01-06 10:00", deleted: true},
	}
}

func TestTitleClusters(t *testing.T) {
	wh := newWarehouse(t)
	insert(t, wh, clusterTickets(), nil)
	buildAll(t, wh, testConfig("UTC", "monday"))

	// stem frequencies among `other` tickets with a title: printer 4, jam 4, floor 2,
	// park 3, permit 3, asdf 1 (dropped).
	// groups: "floor jam printer" {C1, C4}, "jam printer" {C2, C3}, "park permit" {Q1, Q2, Q3}.
	// Jaccard("floor jam printer", "jam printer") = 2 / 3 >= 0.5: similar. Both groups have
	// 2 tickets; the tie goes to the smaller signature, "floor jam printer", the root.
	// label: four different normalized titles, once each; alphabetically first is
	// "printer jammed again". Parking: "parking permit for" twice (names dropped).
	printer, parking := clusterID("floor jam printer"), clusterID("park permit")
	got := query(t, wh, `select source_key, normalized_title, title_stems, cluster_id, cluster_label,
		cluster_signature, cluster_tickets from int_ticket_cluster order by source_key`)
	assertRows(t, [][]any{
		{"C1", "printer on floor jammed", "floor jam printer", printer, "printer jammed again", "floor jam printer", 4},
		{"C2", "printer jammed again", "jam printer", printer, "printer jammed again", "floor jam printer", 4},
		{"C3", "printers jammed", "jam printer", printer, "printer jammed again", "floor jam printer", 4},
		{"C4", "printer jammed floor", "floor jam printer", printer, "printer jammed again", "floor jam printer", 4},
		{"Q1", "parking permit for", "park permit", parking, "parking permit for", "park permit", 3},
		{"Q2", "parking permit for", "park permit", parking, "parking permit for", "park permit", 3},
		{"Q3", "parking permits", "park permit", parking, "parking permit for", "park permit", 3},
		{"U1", "asdf", nil, nil, nil, nil, nil},
	}, got)

	// weeks = (2026-01-19 - 2026-01-05) / 7 + 1 = 3 (Q3, created Wednesday 01-21, is in
	// the week of 01-19)
	// printer: 4 tickets, 4/3 a week; weeks 01-05 (C1, C2), 01-12 (C3), 01-19 (C4): 3;
	//   examples newest first: C4, C3, C2
	// parking: 3 tickets, 1 a week; weeks 01-05, 01-12, 01-19: 3; examples Q3, Q2, Q1
	got = query(t, wh, `select cluster_id, label, stems, tickets, tickets_per_week, weeks_active,
		strftime(first_seen_at, '%Y-%m-%d %H:%M'), strftime(last_seen_at, '%Y-%m-%d %H:%M'), example_keys, example_titles
		from title_clusters order by tickets desc`)
	assertRows(t, [][]any{
		{printer, "printer jammed again", "floor jam printer", 4, 4.0 / 3, 3, "2026-01-05 09:00", "2026-01-20 09:00",
			[]any{"C4", "C3", "C2"}, []any{"Printer jammed - floor 2 (INC-4411)", "Printers jammed!!", "printer jammed again"}},
		{parking, "parking permit for", "park permit", 3, 1.0, 3, "2026-01-07 09:00", "2026-01-21 09:00",
			[]any{"Q3", "Q2", "Q1"}, []any{"Parking permits", "parking permit for Ben Miller", "Parking permit for Anna"}},
	}, got)

	// 11 tickets (D1 deleted): P1 and A1 have an intent; the 9 others, of which 7
	// are in the two clusters (T0 has no title, U1 no kept stem).
	// intent 2/11, clustered 7/11, covered 9/11
	got = query(t, wh, `select source, tickets, intent_tickets, other_tickets, clustered_tickets, clusters,
		intent_share, clustered_share, covered_share from classification_coverage`)
	assertRows(t, [][]any{
		{"all", 11, 2, 9, 7, 2, 2.0 / 11, 7.0 / 11, 9.0 / 11},
		{"test", 11, 2, 9, 7, 2, 2.0 / 11, 7.0 / 11, 9.0 / 11},
	}, got)
}

// With cluster_similarity 0.7 the printer groups (Jaccard 2/3) stay apart:
// two clusters of 2, below cluster_min_tickets (3), so only parking is
// listed. With cluster_min_tickets 4 not even parking is.
func TestTitleClustersParameters(t *testing.T) {
	wh := newWarehouse(t)
	insert(t, wh, clusterTickets(), nil)
	cfg := testConfig("UTC", "monday")
	cfg.Clusters.Similarity = 0.7
	buildAll(t, wh, cfg)
	got := query(t, wh, `select cluster_signature, count(*) from int_ticket_cluster
		where cluster_id is not null group by all order by 1`)
	assertRows(t, [][]any{{"floor jam printer", 2}, {"jam printer", 2}, {"park permit", 3}}, got)
	assertRows(t, [][]any{{"parking permit for", 3}}, query(t, wh, "select label, tickets from title_clusters"))

	cfg.Clusters.MinTickets = 4
	buildAll(t, wh, cfg)
	assertRows(t, nil, query(t, wh, "select label from title_clusters"))
	// 11 tickets, 2 with an intent, none clustered
	assertRows(t, [][]any{{0, 0, 2.0 / 11}}, query(t, wh,
		"select clustered_tickets, clusters, covered_share from classification_coverage where source = 'all'"))
}

func TestShadowIT(t *testing.T) {
	wh := newWarehouse(t)
	insert(t, wh, []tk{
		// Zoom (unsanctioned) in the title
		{key: "S1", title: "Zoom keeps crashing", requester: "amy@corp", created: "2026-01-05 09:00"},
		// Box (sanctioned) and Notion (unsanctioned) in the title: Notion is the ticket's
		// tool (longer alias), and the requester is amy again, in other case
		{key: "S2", title: "Move files from Box to Notion", requester: "Amy@Corp", created: "2026-01-07 09:00"},
		// the ticket's tool is Okta (title), but the description mentions Notion and Zoom
		{key: "S3", title: "Okta login", description: "we share notes in notion and zoom", requester: "bob@corp",
			created: "2026-01-14 09:00", status: "resolved", resolved: "2026-01-14 08:00"},
		// Zoom as a component; no requester
		{key: "S4", title: "Webinar licence", components: []string{"Zoom"}, created: "2026-01-21 09:00"},
		// "zoomed" is not the word zoom
		{key: "S5", title: "zoomed screenshot", requester: "cy@corp", created: "2026-01-08 09:00"},
		{key: "S6", title: "Zoom again", requester: "dee@corp", created: "2026-01-09 09:00", deleted: true},
	}, nil)
	cfg := testConfig("UTC", "monday")
	cfg.Tools = append(cfg.Tools, config.Tool{Name: "Notion", Aliases: []string{"notion"}, Sanctioned: ptr(false)})
	buildAll(t, wh, cfg)

	// S2: both aliases in the title, notion (6 letters) before box (3);
	// S3: okta in the title first, then notion (6) and zoom (4) in the description
	got := query(t, wh, `select source_key, tool, is_tool_sanctioned, tool_field, tool_rank
		from int_ticket_tool_mentions order by source_key, tool_rank`)
	assertRows(t, [][]any{
		{"S1", "Zoom", false, "title", 1},
		{"S2", "Notion", false, "title", 1},
		{"S2", "Box", true, "title", 2},
		{"S3", "Okta", true, "title", 1},
		{"S3", "Notion", false, "description", 2},
		{"S3", "Zoom", false, "description", 3},
		{"S4", "Zoom", false, "components", 1},
	}, got)
	assertRows(t, [][]any{{"S1", "Zoom"}, {"S2", "Notion"}, {"S3", "Okta"}, {"S4", "Zoom"}, {"S5", "Unknown"}},
		query(t, wh, "select source_key, tool from int_ticket_tool order by source_key"))

	// weeks = (2026-01-19 - 2026-01-05) / 7 + 1 = 3
	// Zoom: S1, S3, S4: 3 tickets, 1 a week; requesters amy@corp, bob@corp (S4 has none): 2;
	//   weeks 01-05, 01-12, 01-19: 3; fields components (S4), description (S3), title (S1)
	// Notion: S2, S3: 2 tickets, 2/3 a week; requesters amy@corp (Amy@Corp), bob@corp: 2;
	//   weeks 01-05, 01-12: 2; fields description, title
	got = query(t, wh, `select tool, owner, tickets, requesters, strftime(first_seen_at, '%m-%d'), strftime(last_seen_at, '%m-%d'),
		weeks_active, tickets_per_week, fields, example_keys from shadow_it`)
	assertRows(t, [][]any{
		{"Zoom", nil, 3, 2, "01-05", "01-21", 3, 1.0, []any{"components", "description", "title"}, []any{"S4", "S3", "S1"}},
		{"Notion", nil, 2, 2, "01-07", "01-14", 2, 2.0 / 3, []any{"description", "title"}, []any{"S3", "S2"}},
	}, got)
}

func TestFixRanking(t *testing.T) {
	wh := newWarehouse(t)
	insert(t, wh, []tk{
		// interruption 1, pat (Platform, engineering) on IT work: F1 at 10:00 and F2 at
		// 10:10, both (Okta, password_reset), 10 minutes each
		{key: "F1", title: "Okta password reset", assignee: "pat@x", group: "platform", created: "2026-01-05 10:00"},
		{key: "F2", title: "okta password", assignee: "pat@x", group: "platform", created: "2026-01-05 10:10"},
		// interruption 2, pat: F3 (GitHub, access_request, 20 min) at 14:00 and F4 (Okta,
		// password_reset) at 14:20: two pairs
		{key: "F3", title: "Need access to GitHub", assignee: "pat@x", group: "platform", created: "2026-01-06 14:00"},
		{key: "F4", title: "Okta password expired", assignee: "pat@x", group: "platform", created: "2026-01-06 14:20",
			status: "resolved", resolved: "2026-01-06 15:00", reopens: 1},
		// interruption 3, quinn (Platform): F5 (GitHub, access_request) alone
		{key: "F5", title: "GitHub access please", assignee: "quinn@x", group: "platform", created: "2026-01-13 09:00"},
		// interruption 4, ivy (IT, 60 an hour) on engineering work: F6 (Jira, product_bug, 60 min);
		// pat's comment is engineering on engineering work, not a crossing: F6 is touched by
		// both classes and counts once
		{key: "F6", title: "Bug in Jira export", assignee: "ivy@x", group: "service desk", created: "2026-01-14 11:00"},
		// IT work handled by IT, resolved before it was created: a ticket, no interruption
		{key: "F7", title: "okta password", assignee: "ivy@x", group: "service desk", created: "2026-01-15 09:00",
			status: "resolved", resolved: "2026-01-15 08:00"},
		// `other`, tool Unknown, open
		{key: "F8", title: "Question", created: "2026-01-16 09:00"},
	}, []ev{
		{key: "F6", seq: 1, at: "2026-01-14 11:05", kind: "comment", actor: "pat@x"},
	})
	buildAll(t, wh, testConfig("UTC", "monday"))

	// weeks = (2026-01-12 - 2026-01-05) / 7 + 1 = 2; refocus 15 minutes
	// (Jira, product_bug): 1 ticket; interruption 4 only: 60 + 15 = 75 min = 1.25 h,
	//   x 60 = 75; per week: 0.5 tickets, 0.5 interruptions, 0.5 avoidable, 0.625 h, 37.5
	// (GitHub, access_request): F3, F5; interruptions 2 (F3, mixed) and 3 (F5, alone):
	//   20 + (20 + 15) = 55 min = 0.916667 h, x 100 = 91.6667; per week 1, 1, 0.5,
	//   0.458333, 45.8333
	// (Okta, password_reset): F1, F2, F4, F7; interruptions 1 (alone) and 2 (mixed):
	//   (10 + 10 + 15) + 10 = 45 min = 0.75 h, x 100 = 75; per week 2, 1, 0.5, 0.375, 37.5
	// (Unknown, other): F8; per week 0.5, nothing else
	got := query(t, wh, `select rank, tool, intent, intent_class, tickets, tickets_per_week, interruptions,
		interruptions_per_week, avoidable_interruptions_per_week, avoidable_hours_per_week, avoidable_cost_per_week
		from fix_ranking order by rank`)
	assertRows(t, [][]any{
		{1, "Jira", "product_bug", "engineering", 1, 0.5, 1, 0.5, 0.5, 0.625, 37.5},
		{2, "GitHub", "access_request", "it", 2, 1.0, 2, 1.0, 0.5, 55.0 / 60 / 2, 55.0 / 60 * 100 / 2},
		{3, "Okta", "password_reset", "it", 4, 2.0, 2, 1.0, 0.5, 0.375, 37.5},
		{4, "Unknown", "other", nil, 1, 0.5, 0, 0.0, 0.0, 0.0, 0.0},
	}, got)
}

// Weeks follow the calendar: in Europe/Berlin (summer time from 2026-03-29
// 01:00 UTC) a ticket created on Sunday 22:30 UTC is Monday 00:30 local and
// opens a new week; in UTC it is still Sunday.
func TestClassificationWeeksFollowTheCalendar(t *testing.T) {
	tickets := []tk{
		// Berlin: Mon 03-30 00:30 CEST, week 03-30; UTC: Sun 03-29, week 03-23
		{key: "Z1", title: "Zoom keeps crashing", requester: "a@x", created: "2026-03-29 22:30"},
		// Berlin: Sun 03-29 00:30 CET (before the change at 02:00 local), week 03-23; UTC: Sat, week 03-23
		{key: "Z2", title: "Zoom keeps crashing", requester: "b@x", created: "2026-03-28 23:30"},
		// Berlin: Sun 03-22 23:59 CET, week 03-16; UTC: Sun 22:59, week 03-16
		{key: "Z3", title: "Zoom keeps crashing", requester: "c@x", created: "2026-03-22 22:59"},
	}
	for _, tc := range []struct {
		tz          string
		weeks       int     // weeks_active: distinct local weeks
		ticketsWeek float64 // 3 tickets / (last week - first week) / 7 + 1
	}{
		{"Europe/Berlin", 3, 3.0 / 3}, // weeks 03-16, 03-23, 03-30: span (30 - 16) / 7 + 1 = 3
		{"UTC", 2, 3.0 / 2},           // weeks 03-16, 03-23: span 2
	} {
		t.Run(tc.tz, func(t *testing.T) {
			wh := newWarehouse(t)
			insert(t, wh, tickets, nil)
			buildAll(t, wh, testConfig(tc.tz, "monday"))
			// stems crash keep zoom ("keeps" -> keep, "crashing" -> crash)
			assertRows(t, [][]any{{"crash keep zoom", 3, tc.weeks, tc.ticketsWeek}},
				query(t, wh, "select stems, tickets, weeks_active, tickets_per_week from title_clusters"))
			assertRows(t, [][]any{{"Zoom", 3, 3, tc.weeks, tc.ticketsWeek}},
				query(t, wh, "select tool, tickets, requesters, weeks_active, tickets_per_week from shadow_it"))
			assertRows(t, [][]any{{"Zoom", "other", 3, tc.ticketsWeek}},
				query(t, wh, "select tool, intent, tickets, tickets_per_week from fix_ranking"))
		})
	}
}
