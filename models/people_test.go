package models

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/models/config"
	"github.com/lanes-dev/lanes/models/warehouse"
)

// msg is a canonical help-channel message. thread "" is a null thread_ts,
// "EMPTY" an empty one; ticketRef "" is null.
type msg struct {
	ts, thread, author, at, text, ticketRef string
}

func insertMessages(t *testing.T, wh *warehouse.Warehouse, msgs []msg) {
	t.Helper()
	err := wh.Write(context.Background(), func(tx *warehouse.Tx) error {
		for _, m := range msgs {
			thread := null(m.thread)
			if m.thread == "EMPTY" {
				thread = ""
			}
			if _, err := tx.Exec(`insert into messages (source, channel, message_ts, thread_ts, author, posted_at, text, ticket_ref)
				values ('slack', 'it-help', ?, ?, ?, ?::timestamp, ?, ?)`,
				m.ts, thread, null(m.author), m.at, null(m.text), null(m.ticketRef)); err != nil {
				return err
			}
		}
		return nil
	})
	require.NoError(t, err)
}

// peopleConfig is testConfig in Berlin time with Good Friday 2026-04-03 a
// holiday. Summer time starts on Sunday 2026-03-29: UTC+1 before, UTC+2 after.
// Working hours 09:00-17:00 Monday to Friday, focus blocks of 120 minutes.
func peopleConfig() *config.Config {
	cfg := testConfig("Europe/Berlin", "monday")
	cfg.Calendar.Holidays = []string{"2026-04-03"}
	return cfg
}

// peopleFixture: two weeks of IT work (password_reset 10 min, access_request
// 20 min) done by Platform engineers pat and quinn (people patterns) and sam
// (the ticket's group), an outage handled by ivy (IT), and a help channel.
// All times below are UTC; local Berlin time in the comments.
func peopleFixture(t *testing.T, cfg *config.Config) *warehouse.Warehouse {
	wh := newWarehouse(t)
	insert(t, wh, []tk{
		// week of Mon 2026-03-23 (CET, UTC+1)
		{key: "P1", title: "password reset", assignee: "pat@x", group: "platform", created: "2026-03-23 07:00"},         // Mon 08:00: before work
		{key: "P2", title: "password reset", assignee: "pat@x", group: "platform", created: "2026-03-24 10:00"},         // Tue 11:00
		{key: "P3", title: "password reset", assignee: "pat@x", group: "platform", created: "2026-03-25 16:30"},         // Wed 17:30: after work
		{key: "P4", title: "need access", assignee: "quinn@x", group: "platform", created: "2026-03-26 09:00"},          // Thu 10:00
		{key: "P5", title: "password reset", assignee: "sam@x", group: "platform", created: "2026-03-28 10:00"},         // Sat 11:00: day off
		{key: "P10", title: "production outage", assignee: "ivy@x", group: "service desk", created: "2026-03-24 08:00"}, // Tue 09:00 sharp
		// week of Mon 2026-03-30 (CEST, UTC+2)
		{key: "P6", title: "password reset", assignee: "pat@x", group: "platform", created: "2026-03-30 07:30"},   // Mon 09:30 (08:30 if DST were missed)
		{key: "P9", title: "password reset", assignee: "quinn@x", group: "platform", created: "2026-04-01 15:00"}, // Wed 17:00 sharp: after work
		{key: "P8", title: "password reset", assignee: "quinn@x", group: "platform", created: "2026-04-02 14:59"}, // Thu 16:59
		{key: "P7", title: "password reset", assignee: "quinn@x", group: "platform", created: "2026-04-03 09:00"}, // Good Friday 11:00: holiday
	}, []ev{
		// 110 minutes after pat's 10:00 touch of P2: a new interruption (12:50), and 20 minutes later
		// one more touch in it (13:10); P2's handle time was counted at the first touch
		{key: "P2", seq: 1, at: "2026-03-24 11:50", kind: "comment", actor: "pat@x"},
		{key: "P2", seq: 2, at: "2026-03-24 12:10", kind: "comment", actor: "pat@x"},
		// a second engineer on quinn's ticket: pat is charged P4's 20 minutes too (13:00)
		{key: "P4", seq: 1, at: "2026-03-26 12:00", kind: "comment", actor: "pat@x"},
		// sam again, spelled differently, 10 minutes later: the same interruption
		{key: "P5", seq: 1, at: "2026-03-28 10:10", kind: "comment", actor: "Sam@X"},
	})
	insertMessages(t, wh, []msg{
		// T1: untracked, answered by pat (first 12 minutes after) and quinn (30 minutes)
		{ts: "100.1", thread: "100.1", author: "alice@x", at: "2026-03-24 09:00", text: "how do I get into the VPN?"},
		{ts: "100.2", thread: "100.1", author: "pat@x", at: "2026-03-24 09:12", text: "try this"},
		{ts: "100.3", thread: "100.1", author: "quinn@x", at: "2026-03-24 09:30", text: "or that"},
		{ts: "100.4", thread: "100.1", author: "pat@x", at: "2026-03-24 09:40", text: "done"},
		// T2: a ticket key in a reply makes it tracked
		{ts: "200.1", author: "bob@x", at: "2026-03-25 12:00", text: "VPN down?"},
		{ts: "200.2", thread: "200.1", author: "pat@x", at: "2026-03-25 12:30", text: "opened ENG-42 for this"},
		// T3: a linked ticket makes it tracked (empty thread_ts: a root)
		{ts: "300.1", thread: "EMPTY", author: "carol@x", at: "2026-03-26 08:00", text: "laptop", ticketRef: "INC0000001"},
		{ts: "300.2", thread: "300.1", author: "quinn@x", at: "2026-03-26 08:05", text: "on it"},
		// T4: asked by a Platform engineer: pat's answer is not cross-team, quinn's own reply neither
		{ts: "400.1", author: "quinn@x", at: "2026-03-26 10:00", text: "anyone know the wifi password"},
		{ts: "400.2", thread: "400.1", author: "pat@x", at: "2026-03-26 10:10", text: "yes"},
		{ts: "400.3", thread: "400.1", author: "quinn@x", at: "2026-03-26 10:20", text: "thanks"},
		// T5: untracked; ivy (IT) answers first, pat 40 minutes after the question
		{ts: "500.1", author: "dave@x", at: "2026-03-31 07:00", text: "printer broken"},
		{ts: "500.2", thread: "500.1", author: "ivy@x", at: "2026-03-31 07:05", text: "rebooting it"},
		{ts: "500.3", thread: "500.1", author: "pat@x", at: "2026-03-31 07:40", text: "fixed the driver"},
		// T6: the export has only a reply: untracked, no time to first reply
		{ts: "600.2", thread: "600.1", author: "quinn@x", at: "2026-04-01 10:00", text: "see above"},
	})
	res, err := Build(context.Background(), wh, cfg, BuildOptions{})
	require.NoError(t, err)
	for _, tr := range res.Tests {
		assert.Zero(t, tr.Failures, "data test %s on %s failed: %v", tr.Name, tr.Model, tr.Sample)
	}
	return wh
}

// Interruptions (person: start local time, ticket, handle minutes):
//
//	pat   #1 Mon 03-23 08:00 P1 10   #2 Tue 03-24 11:00 P2 10   #3 Tue 12:50 P2 0
//	      #4 Wed 03-25 17:30 P3 10   #5 Thu 03-26 13:00 P4 20   #6 Mon 03-30 09:30 P6 10
//	quinn #1 Thu 03-26 10:00 P4 20   #2 Wed 04-01 17:00 P9 10   #3 Thu 04-02 16:59 P8 10
//	      #4 Fri 04-03 11:00 P7 10
//	sam   #1 Sat 03-28 11:00 P5 10
//	ivy   #1 Tue 03-24 09:00 P10 120 (IT, engineering_work_to_it)
func TestInterruptionsAfterHoursAndConcentration(t *testing.T) {
	wh := peopleFixture(t, peopleConfig())

	// 03-23 IT: 1 interruption at 09:00 sharp (work_start counts as working): after hours 0;
	//   one person: top share 1, gini 0.
	// 03-23 Platform: pat 5, quinn 1, sam 1 = 7 interruptions on 5 tickets (P1..P5).
	//   handle 50 + 20 + 10 = 80 min = 80/60 h; refocus 7 x 15 = 105 min; total 185/60; cost x 100.
	//   after hours: pat 08:00, pat 17:30, sam Saturday = 3 of 7.
	//   top share 5/7; gini with x = (1, 1, 5), n = 3, sum 7:
	//   2 x (1x1 + 2x1 + 3x5) / (3 x 7) - 4/3 = 36/21 - 28/21 = 8/21.
	// 03-30 Platform: pat 1, quinn 3 = 4 interruptions on P6..P9; handle 40 min, refocus 60 min,
	//   total 100/60; after hours: 17:00 sharp (work_end is not working) and the holiday = 2 of 4
	//   (pat's 09:30 is working only with summer time applied).
	//   top share 3/4; gini with x = (1, 3): 2 x (1 + 6) / (2 x 4) - 3/2 = 0.25.
	got := query(t, wh, `select week_start::varchar, team, interruptions, tickets, handle_hours, refocus_hours, total_hours, cost,
		after_hours_interruptions, after_hours_share, people_interrupted, top_person_share, gini
		from interruptions order by week_start, team`)
	assertRows(t, [][]any{
		{"2026-03-23", "IT", 1, 1, 2.0, 0.25, 2.25, 135.0, 0, 0.0, 1, 1.0, 0.0},
		{"2026-03-23", "Platform", 7, 5, 80.0 / 60, 105.0 / 60, 185.0 / 60, 18500.0 / 60, 3, 3.0 / 7, 3, 5.0 / 7, 8.0 / 21},
		{"2026-03-30", "Platform", 4, 4, 40.0 / 60, 1.0, 100.0 / 60, 10000.0 / 60, 2, 0.5, 2, 0.75, 0.25},
	}, got)
}

// hmacPseudonym is lanes_pseudonym by an independent route.
func hmacPseudonym(key, name string) string {
	m := hmac.New(sha256.New, []byte(key))
	m.Write([]byte(name))
	return "person-" + hex.EncodeToString(m.Sum(nil))[:8]
}

func TestInterruptionsByPersonPrivacy(t *testing.T) {
	// min group 3: IT (ivy alone) is dropped, Platform (pat, quinn, sam) stays.
	//   Platform has 6 + 4 + 1 = 11 interruptions.
	//   pat:   handle 10+10+0+10+20+10 = 60, refocus 6 x 15 = 90: 150/60 = 2.5 h, 6/11
	//   quinn: handle 20+10+10+10 = 50, refocus 60: 110/60 h, 4/11
	//   sam:   handle 10, refocus 15: 25/60 h, 1/11
	cfg := peopleConfig()
	cfg.Privacy = config.Privacy{Key: "k1", MinGroupSize: 3}
	wh := peopleFixture(t, cfg)
	got := query(t, wh, `select person, team, interruptions, total_hours, share_of_team, team_people
		from interruptions_by_person order by interruptions desc`)
	assertRows(t, [][]any{
		{hmacPseudonym("k1", "pat@x"), "Platform", 6, 2.5, 6.0 / 11, 3},
		{hmacPseudonym("k1", "quinn@x"), "Platform", 4, 110.0 / 60, 4.0 / 11, 3},
		{hmacPseudonym("k1", "sam@x"), "Platform", 1, 25.0 / 60, 1.0 / 11, 3},
	}, got)
	// the team totals keep everyone: 1 (IT) + 7 + 4 (Platform)
	assertRows(t, [][]any{{12.0}}, query(t, wh, `select sum(interruptions)::double from interruptions`))
	// the key is never stored, only where it came from
	assertRows(t, [][]any{{"config"}}, query(t, wh, `select value from dim_parameters where name = 'privacy_key_source'`))
	assertRows(t, [][]any{{int64(0)}}, query(t, wh, `select count(*) from dim_parameters where value like '%k1%'`))

	// min group 4: Platform has only 3 people, so no per-person row at all
	cfg.Privacy.MinGroupSize = 4
	buildAll(t, wh, cfg)
	assertRows(t, [][]any{{int64(0)}}, query(t, wh, `select count(*) from interruptions_by_person`))

	// show_names: the name as written, the first spelling in byte order (Sam@X before sam@x)
	cfg.Privacy = config.Privacy{ShowNames: true, MinGroupSize: 1}
	buildAll(t, wh, cfg)
	got = query(t, wh, `select person, team, interruptions from interruptions_by_person order by team, person`)
	assertRows(t, [][]any{
		{"ivy@x", "IT", 1},
		{"Sam@X", "Platform", 1},
		{"pat@x", "Platform", 6},
		{"quinn@x", "Platform", 4},
	}, got)
}

func TestFocusFragmentation(t *testing.T) {
	wh := peopleFixture(t, peopleConfig())
	// Blocks 09-11, 11-13, 13-15, 15-17 local. Engineers: pat, quinn (patterns), sam (ticket
	// group; only active on a Saturday, so no engineer-day). Cross-team touches in working
	// hours (ticket touches and first answers to others' help threads), local time:
	//   week 03-23: pat Mon 23 none (08:00 is before work)      4 blocks, 0 broken
	//               pat Tue 24 10:12 T1, 11:00, 12:50, 13:10   4 blocks, 3 broken (b0, b1, b2)
	//               pat Wed 25 13:30 T2 (17:30 is after work)   4 blocks, 1 broken
	//               pat Thu 26 13:00 P4                         4 blocks, 1 broken
	//               quinn Tue 24 10:30 T1                       4 blocks, 1 broken
	//               quinn Thu 26 09:05 T3, 10:00 P4             4 blocks, 1 broken (both b0)
	//     6 engineer-days, 24 blocks, 7 broken: 17 clean, 17/24
	//   week 03-30: pat Mon 30 09:30 P6; pat Tue 31 09:40 T5     2 days, 1 broken each
	//               quinn Wed 04-01 12:00 T6 (17:00 P9 is after) 1 broken
	//               quinn Thu 04-02 16:59 P8                     1 broken (b3)
	//               quinn Fri 04-03 is a holiday: no engineer-day
	//     4 engineer-days, 16 blocks, 4 broken: 12 clean, 0.75
	got := query(t, wh, `select week_start::varchar, team, engineer_days, blocks, clean_blocks, clean_share
		from focus_fragmentation order by week_start, team`)
	assertRows(t, [][]any{
		{"2026-03-23", "Platform", 6, 24, 17, 17.0 / 24},
		{"2026-03-30", "Platform", 4, 16, 12, 0.75},
	}, got)

	// 90-minute blocks: 09:00-10:30, 10:30-12:00, 12:00-13:30, 13:30-15:00, 15:00-16:30,
	// 16:30-17:00 (the last one short): 6 blocks a day.
	//   week 03-23: pat 24: 10:12 b0, 11:00 b1, 12:50 b2, 13:10 b2 = 3; pat 25: 13:30 b3 = 1;
	//     pat 26: 13:00 b2 = 1; quinn 24: 10:30 b1 = 1; quinn 26: 09:05, 10:00 b0 = 1.
	//     36 blocks, 7 broken: 29 clean
	//   week 03-30: pat 30 09:30 b0; pat 31 09:40 b0; quinn 04-01 12:00 b2; quinn 04-02 16:59 b5
	//     24 blocks, 4 broken: 20 clean
	cfg := peopleConfig()
	cfg.Interruptions.FocusBlockMinutes = 90
	buildAll(t, wh, cfg)
	got = query(t, wh, `select week_start::varchar, engineer_days, blocks, clean_blocks from focus_fragmentation order by week_start`)
	assertRows(t, [][]any{
		{"2026-03-23", 6, 36, 29},
		{"2026-03-30", 4, 24, 20},
	}, got)
}

func TestUntrackedRequests(t *testing.T) {
	wh := peopleFixture(t, peopleConfig())

	got := query(t, wh, `select thread_ts, person_key, team, first_reply_minutes, replies, is_tracked
		from int_thread_replies order by thread_ts, person_key`)
	assertRows(t, [][]any{
		{"100.1", "pat@x", "Platform", 12.0, 2, false},
		{"100.1", "quinn@x", "Platform", 30.0, 1, false},
		{"200.1", "pat@x", "Platform", 30.0, 1, true},
		{"300.1", "quinn@x", "Platform", 5.0, 1, true},
		{"500.1", "pat@x", "Platform", 40.0, 1, false},
		{"600.1", "quinn@x", "Platform", nil, 1, false},
	}, got)

	// week 03-23: T1, answered by pat and quinn: 1 thread, 2 interruptions; first reply 12 min.
	//   handle 2 x 10 = 20 min, refocus 2 x 15 = 30 min (low 2 x 5, high 2 x 23): total 50/60 h,
	//   cost x 100. Ticket interruptions that week: 185/60 h. Share 50 / (50 + 185) = 10/47.
	// week 03-30: T5 (pat, 40 min) and T6 (quinn, no root): 2 threads, 2 interruptions,
	//   median of (40) = 40; total 50/60 h; ticket interruptions 100/60 h: share 50/150 = 1/3.
	got = query(t, wh, `select week_start::varchar, team, threads, interruptions, median_first_reply_minutes,
		handle_hours, refocus_hours, refocus_low_hours, refocus_high_hours, total_hours, hourly_cost, cost,
		interruption_hours, untracked_share from untracked_requests order by week_start, team`)
	assertRows(t, [][]any{
		{"2026-03-23", "Platform", 1, 2, 12.0, 20.0 / 60, 0.5, 10.0 / 60, 46.0 / 60, 50.0 / 60, 100.0, 5000.0 / 60, 185.0 / 60, 10.0 / 47},
		{"2026-03-30", "Platform", 2, 2, 40.0, 20.0 / 60, 0.5, 10.0 / 60, 46.0 / 60, 50.0 / 60, 100.0, 5000.0 / 60, 100.0 / 60, 1.0 / 3},
	}, got)
}

func TestExcludeDescriptions(t *testing.T) {
	wh := newWarehouse(t)
	insert(t, wh, []tk{
		{key: "X1", title: "hello there", description: "I forgot my password", created: "2026-01-05 10:00"},
	}, nil)
	insertMessages(t, wh, []msg{{ts: "1.1", author: "a@x", at: "2026-01-05 10:00", text: "see ENG-7 please"}})

	cfg := testConfig("UTC", "monday")
	buildAll(t, wh, cfg)
	// kept: the description gives the intent, the text is there
	assertRows(t, [][]any{{"I forgot my password", "password_reset"}},
		query(t, wh, `select description, intent from stg_tickets join int_tickets using (source, source_key)`))
	assertRows(t, [][]any{{"see ENG-7 please", "ENG-7"}}, query(t, wh, `select text, ticket_key from stg_messages`))

	// dropped: no description, so no intent from it; the ticket key is still found
	cfg.Privacy.ExcludeDescriptions = true
	buildAll(t, wh, cfg)
	assertRows(t, [][]any{{nil, "other"}},
		query(t, wh, `select description, intent from stg_tickets join int_tickets using (source, source_key)`))
	assertRows(t, [][]any{{nil, "ENG-7"}}, query(t, wh, `select text, ticket_key from stg_messages`))
}

// TestTicketKeyPatternDecides: the connector's ticket_ref holds the keys it
// found in the thread by its own rule (USB-3, #3 and WPA-2 look like keys
// to it); with interruptions.ticket_key_pattern set, only what that pattern
// finds counts, so those threads are untracked and the thread whose
// candidates are "USB-3 IT-45" is tracked by IT-45. Under the default
// pattern all four are tracked, as before.
func TestTicketKeyPatternDecides(t *testing.T) {
	wh := newWarehouse(t)
	insertMessages(t, wh, []msg{
		{ts: "100.1", thread: "100.1", author: "ann@x", at: "2026-03-23 09:00", text: "my USB-3 dock is dead", ticketRef: "USB-3"},
		{ts: "100.2", thread: "100.1", author: "pat@x", at: "2026-03-23 09:10", text: "on it", ticketRef: "USB-3"},
		{ts: "200.1", thread: "200.1", author: "ann@x", at: "2026-03-23 10:00", text: "printer on floor #3 is jammed", ticketRef: "#3"},
		{ts: "200.2", thread: "200.1", author: "pat@x", at: "2026-03-23 10:10", text: "on it", ticketRef: "#3"},
		{ts: "300.1", thread: "300.1", author: "ann@x", at: "2026-03-23 11:00", text: "WPA-2 wifi drops", ticketRef: "WPA-2"},
		{ts: "300.2", thread: "300.1", author: "pat@x", at: "2026-03-23 11:10", text: "on it", ticketRef: "WPA-2"},
		// a ticketing app's skipped "Created IT-45" reply left its key on the thread
		{ts: "400.1", thread: "400.1", author: "ann@x", at: "2026-03-23 12:00", text: "USB-3 hub for me?", ticketRef: "USB-3 IT-45"},
		{ts: "400.2", thread: "400.1", author: "pat@x", at: "2026-03-23 12:10", text: "ordering", ticketRef: "USB-3 IT-45"},
	})
	tracked := `select thread_ts, any_value(ticket_ref), bool_or(is_tracked) from stg_messages
		join int_thread_replies using (source, channel, thread_ts) where is_root group by thread_ts order by thread_ts`

	cfg := testConfig("UTC", "monday")
	cfg.Interruptions.TicketKeyPattern = `\bIT-[0-9]+\b`
	buildAll(t, wh, cfg)
	assertRows(t, [][]any{
		{"100.1", nil, false},
		{"200.1", nil, false},
		{"300.1", nil, false},
		{"400.1", "IT-45", true},
	}, query(t, wh, tracked))
	// 3 untracked threads, one engineer (pat) each
	assertRows(t, [][]any{{"2026-03-23", "Platform", 3, 3}},
		query(t, wh, `select week_start::varchar, team, threads, interruptions from untracked_requests where threads > 0`))

	buildAll(t, wh, testConfig("UTC", "monday"))
	assertRows(t, [][]any{
		{"100.1", "USB-3", true},
		{"200.1", "#3", true},
		{"300.1", "WPA-2", true},
		{"400.1", "USB-3", true},
	}, query(t, wh, tracked))
}
