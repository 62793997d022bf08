package models

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"testing"

	"github.com/lanes-dev/lanes/models/warehouse"
)

// interruptionFixture: people pat@x and quinn@x are Platform (engineering),
// ivy@x is IT, sam@x is in no `people` pattern, nobody@x is in no team at
// all. Merge window 30 minutes, refocus 15 (band 5..23), IT costs 60 an
// hour, Platform 100. Weeks start on Monday in UTC.
func interruptionFixture(t *testing.T) *warehouse.Warehouse {
	wh := newWarehouse(t)
	insert(t, wh, []tk{
		// IT work (password_reset, 10 min) assigned to pat: an assignee touch at the first response
		{key: "I1", title: "password reset please", assignee: "pat@x", group: "platform",
			created: "2026-01-06 09:00", firstResponse: "2026-01-06 10:00"},
		// IT work (access_request, 20 min) owned by IT, touched by both classes:
		// ivy is IT (no crossing), pat is engineering (crossing)
		{key: "I2", title: "need access to repo", assignee: "ivy@x", group: "service desk",
			created: "2026-01-06 08:00", firstResponse: "2026-01-06 08:05"},
		// engineering work (outage, 120 min) assigned to ivy (IT): a crossing at creation,
		// as there is no first response; quinn's event is engineering on engineering work
		{key: "I3", title: "production outage", assignee: "ivy@x", group: "service desk",
			created: "2026-01-07 09:00"},
		// logged work replaces the intent's default: 45 minutes
		{key: "I4", title: "mfa broken", assignee: "quinn@x", group: "platform", logged: 45,
			created: "2026-01-13 09:00", firstResponse: "2026-01-13 09:30"},
		// sam is in no people pattern: his team is the ticket's team (group platform)
		{key: "I5", title: "password again", assignee: "sam@x", group: "platform",
			created: "2026-01-13 13:50"},
		// deleted, and `other` intent: no touches
		{key: "I6", title: "password", assignee: "pat@x", group: "platform", created: "2026-01-06 12:00", deleted: true},
		{key: "I7", title: "hello", assignee: "pat@x", group: "platform", created: "2026-01-06 12:00"},
	}, []ev{
		{key: "I2", seq: 1, at: "2026-01-06 08:05", kind: "comment", actor: "ivy@x"},
		// 20 minutes after pat's touch of I1 at 10:00: merges into that interruption
		{key: "I2", seq: 2, at: "2026-01-06 10:20", kind: "comment", actor: "pat@x"},
		// nobody is in no team and not the assignee: not a touch
		{key: "I2", seq: 3, at: "2026-01-06 10:30", kind: "comment", actor: "nobody@x"},
		// priority changes are not touches, so this does not bridge 10:20 and 11:00
		{key: "I2", seq: 4, at: "2026-01-06 10:40", kind: "priority", actor: "pat@x"},
		// 40 minutes after 10:20: a second interruption; I2's handle time already counted for pat
		{key: "I2", seq: 5, at: "2026-01-06 11:00", kind: "status", actor: "pat@x"},
		{key: "I3", seq: 1, at: "2026-01-07 09:30", kind: "comment", actor: "quinn@x"},
		// the actor is the assignee (case aside): sam's team is the ticket's, Platform;
		// 10 minutes after his assignee touch at 13:50, so one interruption
		{key: "I5", seq: 1, at: "2026-01-13 14:00", kind: "comment", actor: "Sam@X"},
		{key: "I6", seq: 1, at: "2026-01-06 12:05", kind: "comment", actor: "pat@x"},
		{key: "I7", seq: 1, at: "2026-01-06 12:05", kind: "comment", actor: "pat@x"},
	})
	buildAll(t, wh, testConfig("UTC", "monday"))
	return wh
}

func TestInterruptions(t *testing.T) {
	wh := interruptionFixture(t)

	// Interruptions:
	//   pat #1   Tue 01-06 10:00 (I1) + 10:20 (I2)  Platform it->eng  handle 10 + 20 = 30
	//   pat #2   Tue 01-06 11:00 (I2 again)         Platform it->eng  handle 0
	//   ivy #1   Wed 01-07 09:00 (I3)               IT       eng->it  handle 120
	//   quinn #1 Tue 01-13 09:30 (I4)               Platform it->eng  handle 45
	//   sam #1   Tue 01-13 13:50 + 14:00 (I5)       Platform it->eng  handle 10
	got := query(t, wh, `select person_key, interruption_seq, started_at::varchar, team, direction, touches, tickets, handle_minutes
		from int_interruptions order by person_key, interruption_seq`)
	assertRows(t, [][]any{
		{"ivy@x", 1, "2026-01-07 09:00:00", "IT", "engineering_work_to_it", 1, 1, 120.0},
		{"pat@x", 1, "2026-01-06 10:00:00", "Platform", "it_work_to_engineering", 2, 2, 30.0},
		{"pat@x", 2, "2026-01-06 11:00:00", "Platform", "it_work_to_engineering", 1, 1, 0.0},
		{"quinn@x", 1, "2026-01-13 09:30:00", "Platform", "it_work_to_engineering", 1, 1, 45.0},
		{"sam@x", 1, "2026-01-13 13:50:00", "Platform", "it_work_to_engineering", 2, 1, 10.0},
	}, got)

	// Per week, team and direction:
	//   01-05 IT eng->it: 1 interruption, 1 ticket; handle 120/60 = 2; refocus 15/60 = 0.25,
	//     low 5/60, high 23/60; total 2.25; cost 2.25 x 60 = 135
	//   01-05 Platform it->eng: 2 interruptions, tickets I1, I2 = 2; handle 30/60 = 0.5;
	//     refocus 30/60 = 0.5, low 10/60, high 46/60; total 1; cost 1 x 100 = 100
	//   01-12 Platform it->eng: 2 interruptions (quinn, sam), tickets I4, I5 = 2;
	//     handle (45 + 10)/60 = 55/60; refocus 0.5, low 10/60, high 46/60; total 85/60; cost 8500/60
	got = query(t, wh, `select week_start::varchar, team, team_class, direction, interruptions, tickets,
		handle_hours, refocus_hours, refocus_low_hours, refocus_high_hours, total_hours, hourly_cost, cost
		from interruptions order by week_start, team`)
	assertRows(t, [][]any{
		{"2026-01-05", "IT", "it", "engineering_work_to_it", 1, 1, 2.0, 0.25, 5.0 / 60, 23.0 / 60, 2.25, 60.0, 135.0},
		{"2026-01-05", "Platform", "engineering", "it_work_to_engineering", 2, 2, 0.5, 0.5, 10.0 / 60, 46.0 / 60, 1.0, 100.0, 100.0},
		{"2026-01-12", "Platform", "engineering", "it_work_to_engineering", 2, 2, 55.0 / 60, 0.5, 10.0 / 60, 46.0 / 60, 85.0 / 60, 100.0, 8500.0 / 60},
	}, got)

	// No help-channel messages at all: untracked_requests still has a row for
	// every engineering team-week with ticket interruptions, with zero threads
	// and an untracked share of 0 / (0 + total_hours) = 0.
	got = query(t, wh, `select week_start::varchar, team, threads, interruptions, median_first_reply_minutes,
		total_hours, cost, interruption_hours, untracked_share from untracked_requests order by week_start, team`)
	assertRows(t, [][]any{
		{"2026-01-05", "Platform", 0, 0, nil, 0.0, 0.0, 1.0, 0.0},
		{"2026-01-12", "Platform", 0, 0, nil, 0.0, 0.0, 85.0 / 60, 0.0},
	}, got)
}

func TestInterruptionsByPerson(t *testing.T) {
	wh := interruptionFixture(t)
	// The pseudonym by an independent route: Go's HMAC-SHA256 of the
	// lower-cased name under testConfig's key.
	pseudonym := func(name string) string {
		m := hmac.New(sha256.New, []byte("test-key"))
		m.Write([]byte(name))
		return "person-" + hex.EncodeToString(m.Sum(nil))[:8]
	}
	// Platform has 4 interruptions: pat 2, quinn 1, sam 1; IT has ivy's 1.
	//   ivy:   (120 + 15) / 60 = 2.25 hours, 1/1
	//   pat:   (30 + 0 + 2 x 15) / 60 = 1 hour, 2/4
	//   quinn: (45 + 15) / 60 = 1 hour, 1/4
	//   sam:   (10 + 15) / 60 = 25/60 hours, 1/4
	got := query(t, wh, `select person, team, interruptions, total_hours, share_of_team
		from interruptions_by_person order by team, person`)
	want := [][]any{
		{pseudonym("ivy@x"), "IT", 1, 2.25, 1.0},
	}
	platform := map[string][]any{
		pseudonym("pat@x"):   {pseudonym("pat@x"), "Platform", 2, 1.0, 0.5},
		pseudonym("quinn@x"): {pseudonym("quinn@x"), "Platform", 1, 1.0, 0.25},
		pseudonym("sam@x"):   {pseudonym("sam@x"), "Platform", 1, 25.0 / 60, 0.25},
	}
	for _, r := range got[1:] {
		if row, ok := platform[r[0].(string)]; ok {
			want = append(want, row)
		}
	}
	assertRows(t, want, got)
	if len(want) != 4 {
		t.Fatalf("expected pat, quinn and sam in Platform, got %v", got)
	}
}
