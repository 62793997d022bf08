package models

import (
	"fmt"
	"testing"

	"github.com/lanes-dev/lanes/models/config"
	"github.com/lanes-dev/lanes/models/warehouse"
)

// identityFixture: one engineer written two ways, as ServiceNow and Jira
// Server write her: `Sabine Vogt` (display name, the tickets' assignee) and
// `sabine.vogt` (user name, the events' actor; once as `SABINE.VOGT`). Only
// the user name matches a `people` pattern (Platform). All tickets are
// password resets: IT work, 10 minutes. UTC, weeks from Monday 2026-01-05.
func identityFixture(t *testing.T) (*warehouse.Warehouse, *config.Config) {
	cfg := testConfig("UTC", "monday")
	cfg.Teams[1].People = append(cfg.Teams[1].People, `^sabine\.vogt$`)
	wh := newWarehouse(t)
	insert(t, wh, []tk{
		// group service desk (IT), but the assignee is Platform through her user name's pattern
		{key: "S1", title: "password reset", assignee: "Sabine Vogt", group: "service desk",
			created: "2026-01-06 09:00", firstResponse: "2026-01-06 09:00"},
		// ivy's ticket (IT): sabine.vogt's comment is a crossing
		{key: "S2", title: "password reset", assignee: "ivy@x", group: "service desk",
			created: "2026-01-06 08:00", firstResponse: "2026-01-06 08:05"},
		// her own ticket, commented on under her user name
		{key: "S3", title: "password reset", assignee: "Sabine Vogt", group: "platform",
			created: "2026-01-06 13:00"},
		// unsanctioned Zoom, asked for by one person written two ways, and by another
		{key: "Z1", title: "zoom install", requester: "Ann Lee", group: "service desk", created: "2026-01-07 10:00"},
		{key: "Z2", title: "zoom licence", requester: "ann.lee", group: "service desk", created: "2026-01-08 10:00"},
		{key: "Z3", title: "zoom again", requester: "Lee, Ann", group: "service desk", created: "2026-01-08 11:00"},
		{key: "Z4", title: "zoom too", requester: "Anna Lee", group: "service desk", created: "2026-01-08 12:00"},
		// names with umlauts, for int_people only
		{key: "U1", title: "hello", requester: "Jürgen Müller", created: "2026-01-09 10:00"},
		{key: "U2", title: "hello", requester: "juergen.mueller", created: "2026-01-09 10:00"},
		{key: "U3", title: "hello", requester: "Åsa Öberg", created: "2026-01-09 10:00"},
		{key: "U4", title: "hello", requester: "asa.oberg", created: "2026-01-09 10:00"},
		{key: "U5", title: "hello", requester: "Jörg Bär", created: "2026-01-09 10:00"},
	}, []ev{
		{key: "S2", seq: 1, at: "2026-01-06 09:20", kind: "comment", actor: "sabine.vogt"},
		{key: "S3", seq: 1, at: "2026-01-06 13:10", kind: "comment", actor: "SABINE.VOGT"},
	})
	buildAll(t, wh, cfg)
	return wh, cfg
}

// TestPeopleKeys: each name's person_key (int_people), by hand from
// person_key's rule (macros.sql): letters and digits in lower case, accents
// dropped; with umlauts, the German spelling unless only the other one is
// written without umlauts elsewhere.
func TestPeopleKeys(t *testing.T) {
	wh, _ := identityFixture(t)
	got := query(t, wh, `select name, person_key from int_people
		where name not in ('ivy@x') order by person_key, name`)
	assertRows(t, [][]any{
		{"Anna Lee", "annalee"},
		{"Ann Lee", "annlee"},
		{"Lee, Ann", "annlee"}, // turned round at its one comma
		{"ann.lee", "annlee"},
		// Åsa Öberg is asaoeberg in German, but the data writes asa.oberg
		{"asa.oberg", "asaoberg"},
		{"Åsa Öberg", "asaoberg"},
		{"Jörg Bär", "joergbaer"}, // no user name: the German spelling
		{"Jürgen Müller", "juergenmueller"},
		{"juergen.mueller", "juergenmueller"},
		{"SABINE.VOGT", "sabinevogt"},
		{"Sabine Vogt", "sabinevogt"},
		{"sabine.vogt", "sabinevogt"},
	}, got)
}

// TestPeopleIdentity: Sabine is one person, whichever way she is written.
func TestPeopleIdentity(t *testing.T) {
	wh, cfg := identityFixture(t)

	// S1's team: her user name's pattern puts her in Platform, so the ticket
	// is Platform's by its assignee (not IT's, by its group).
	assertRows(t, [][]any{{"S1", "Platform", "person"}, {"S3", "Platform", "person"}},
		query(t, wh, `select source_key, team, team_matched_by from int_ticket_team
			where source_key in ('S1', 'S3') order by source_key`))

	// Her touches, all Platform on IT work:
	//   09:00 S1 assignee (first response)   09:20 S2 event (sabine.vogt), 20 min later: same interruption
	//   13:00 S3 assignee (creation)         13:10 S3 event (SABINE.VOGT: the assignee), 10 min later
	// Interruptions: #1 S1 + S2, handle 10 + 10 = 20; #2 S3 twice, its 10 minutes once.
	// Written as two people (lower(name)) there were four: 09:00, 13:00 and 09:20, 13:10,
	// with S3's handle time counted for each.
	got := query(t, wh, `select person_key, interruption_seq, started_at::varchar, team, touches, tickets, handle_minutes
		from int_interruptions order by person_key, interruption_seq`)
	assertRows(t, [][]any{
		{"sabinevogt", 1, "2026-01-06 09:00:00", "Platform", 2, 2, 20.0},
		{"sabinevogt", 2, "2026-01-06 13:00:00", "Platform", 2, 1, 10.0},
	}, got)

	// Week 01-05, Platform: 2 interruptions on S1, S2, S3; handle 30 min = 0.5 h,
	// refocus 2 x 15 = 0.5 h, total 1 h; one person, who has them all.
	assertRows(t, [][]any{{"2026-01-05", "Platform", 2, 3, 0.5, 0.5, 1.0, 1, 1.0}},
		query(t, wh, `select week_start::varchar, team, interruptions, tickets, handle_hours, refocus_hours, total_hours,
			people_interrupted, top_person_share from interruptions`))

	// One pseudonym, the keyed hash of her person_key: 1 h over her 2 interruptions, all of Platform's.
	assertRows(t, [][]any{{hmacPseudonym(testPrivacyKey, "sabinevogt"), "Platform", 2, 1.0, 1.0, 1}},
		query(t, wh, `select person, team, interruptions, total_hours, share_of_team, team_people from interruptions_by_person`))

	// Focus: one engineer-day (Tue 01-06), blocks 09-11, 11-13, 13-15, 15-17; touches at
	// 09:00, 09:20 (block 0) and 13:00, 13:10 (block 2): 2 broken, 2 clean of 4.
	// As two people it was two engineer-days, 8 blocks, 4 clean.
	assertRows(t, [][]any{{"2026-01-05", "Platform", 1, 4, 2, 0.5}},
		query(t, wh, `select week_start::varchar, team, engineer_days, blocks, clean_blocks, clean_share from focus_fragmentation`))

	// Zoom: 4 tickets from Ann Lee (three ways: Ann Lee, ann.lee, Lee, Ann) and Anna Lee: 2 requesters.
	assertRows(t, [][]any{{"Zoom", 4, 2}}, query(t, wh, `select tool, tickets, requesters from shadow_it`))

	// show_names: her display name, though SABINE.VOGT comes first in byte order
	cfg.Privacy.ShowNames = true
	buildAll(t, wh, cfg)
	assertRows(t, [][]any{{"Sabine Vogt", 2}}, query(t, wh, `select person, interruptions from interruptions_by_person`))
}

// TestPeopleUmlautSpellings: int_people's rule for names with ä, ö, ü,
// names with a mail address, and middle initials. Every name is a
// requester. Keys by hand (person_key without and with the German
// spelling); a name with umlauts links its two keys, and names whose keys
// are linked are one person, keyed by a German-spelled name without
// umlauts, else any name without umlauts, else the German key (the first
// in byte order):
//
//	Jürgen Müller, Müller, Jürgen  jurgenmuller / juergenmueller
//	Jürgen Muller  jurgenmuller / juergenmuller; Jurgen Müller  jurgenmuller / jurgenmueller
//	juergen.mueller  juergenmueller; jurgen.muller  jurgenmuller
//	  all linked through jurgenmuller: one person; juergen.mueller is a
//	  German spelling without umlauts: juergenmueller
//	hans.schroeder, hans.schroder  no name with umlauts: two people
//	Jörg Bär  jorgbar / joergbaer; Jörg Bar  jorgbar / joergbar; jorg.bar  jorgbar
//	  linked through jorgbar: one person; no German spelling is written
//	  without umlauts, jorg.bar is: jorgbar
//	Mäx Möll  maxmoll / maexmoell; Mäex Möell  maexmoell / maeexmoeell; maex.moell  maexmoell
//	  linked through maexmoell, which maex.moell writes and is Mäx Möll's
//	  German key: maexmoell
//	Åsa Öberg  asaoberg / asaoeberg; asa.oberg  asaoberg: asaoberg
//	Björn Sjöström  bjornsjostrom / bjoernsjoestroem; Bjorn Sjöström
//	  bjornsjostrom / bjornsjoestroem; bjorn.sjostrom  bjornsjostrom:
//	  linked through bjornsjostrom: bjornsjostrom
//	Ann Lee <ann.lee@corp.com>, "Lee, Ann" <...>, Ann A. Lee, ann.lee  annlee; Anna Lee  annalee
func TestPeopleUmlautSpellings(t *testing.T) {
	wh := newWarehouse(t)
	names := []string{
		"Jürgen Müller", "Müller, Jürgen", "juergen.mueller", "jurgen.muller", "Jürgen Muller", "Jurgen Müller",
		"hans.schroeder", "hans.schroder",
		"Jörg Bär", "Jörg Bar", "jorg.bar",
		"Mäx Möll", "Mäex Möell", "maex.moell",
		"Åsa Öberg", "asa.oberg",
		"Björn Sjöström", "Bjorn Sjöström", "bjorn.sjostrom",
		"Gül Öz", "gul.oez", "guel.oz",
		"Ann Lee <ann.lee@corp.com>", `"Lee, Ann" <ann.lee@corp.com>`, "Ann A. Lee", "ann.lee", "Anna Lee",
	}
	var tickets []tk
	for i, name := range names {
		tickets = append(tickets, tk{key: fmt.Sprintf("N%02d", i), requester: name, created: "2026-01-09 10:00"})
	}
	insert(t, wh, tickets, nil)
	buildAll(t, wh, testConfig("UTC", "monday"))
	got := query(t, wh, `select name, person_key from int_people order by person_key, name`)
	assertRows(t, [][]any{
		{"Anna Lee", "annalee"},
		{`"Lee, Ann" <ann.lee@corp.com>`, "annlee"},
		{"Ann A. Lee", "annlee"},
		{"Ann Lee <ann.lee@corp.com>", "annlee"},
		{"ann.lee", "annlee"},
		{"asa.oberg", "asaoberg"},
		{"Åsa Öberg", "asaoberg"},
		{"Bjorn Sjöström", "bjornsjostrom"},
		{"Björn Sjöström", "bjornsjostrom"},
		{"bjorn.sjostrom", "bjornsjostrom"},
		// one umlaut spelled the German way, the other not: still hers; her
		// key is the first in byte order of her names without umlauts
		{"Gül Öz", "gueloz"},
		{"guel.oz", "gueloz"},
		{"gul.oez", "gueloz"},
		{"hans.schroder", "hansschroder"},
		{"hans.schroeder", "hansschroeder"},
		{"Jörg Bar", "jorgbar"},
		{"Jörg Bär", "jorgbar"},
		{"jorg.bar", "jorgbar"},
		{"Jurgen Müller", "juergenmueller"},
		{"Jürgen Muller", "juergenmueller"},
		{"Jürgen Müller", "juergenmueller"},
		{"Müller, Jürgen", "juergenmueller"},
		{"juergen.mueller", "juergenmueller"},
		{"jurgen.muller", "juergenmueller"},
		{"Mäex Möell", "maexmoell"},
		{"Mäx Möll", "maexmoell"},
		{"maex.moell", "maexmoell"},
	}, got)
}

// TestPeopleOneRule: the first response and the team path know a person
// by int_people's key, as every other model does. All on Monday
// 2026-01-05, UTC; testConfig's teams, with Platform also matching the
// user names sabine.vogt and quinn.ray.
func TestPeopleOneRule(t *testing.T) {
	cfg := testConfig("UTC", "monday")
	cfg.Teams[1].People = append(cfg.Teams[1].People, `^sabine\.vogt$`, `^quinn\.ray$`)
	wh := newWarehouse(t)
	insert(t, wh, []tk{
		// R2 brings Jürgen Müller into the data: jurgen.muller and
		// juergen.mueller are then both his (one person, juergenmueller)
		{key: "R1", requester: "jurgen.muller", created: "2026-01-05 09:00"},
		{key: "R2", requester: "Jürgen Müller", created: "2026-01-05 09:00"},
		{key: "R3", requester: "Ann Lee", created: "2026-01-05 09:00"},
		{key: "R4", requester: "Anna Lee", created: "2026-01-05 09:00"},
		// T1, T2: no group events: the team path follows the assignees
		{key: "T1", assignee: "Vogt, Sabine", created: "2026-01-05 09:00"},
		{key: "T2", assignee: "Quinn Ray", group: "service desk", created: "2026-01-05 09:00"},
	}, nil)
	a := func(key string, seq int, at, actor, from, to string) xev {
		return xev{key: key, seq: seq, at: "2026-01-05 " + at, kind: "assignee", actor: actor, from: from, to: to}
	}
	insertHistory(t, wh, []xev{
		// R1: the requester under his German user name, then Bob at 11:00
		{key: "R1", seq: 1, at: "2026-01-05 09:10", kind: "status", actor: "juergen.mueller", from: "New", to: "In Progress"},
		{key: "R1", seq: 2, at: "2026-01-05 11:00", kind: "status", actor: "bob.stone", from: "In Progress", to: "Resolved"},
		// R4: Ann A. Lee is Ann Lee, not the requester Anna Lee: a response at 09:20
		{key: "R4", seq: 1, at: "2026-01-05 09:20", kind: "status", actor: "Ann A. Lee", from: "New", to: "In Progress"},
		// T1: Sabine Vogt (Platform by her user name) -> ivy (IT) -> Vogt, Sabine
		a("T1", 1, "09:00", "sabine.vogt", "", "Sabine Vogt"),
		a("T1", 2, "10:00", "sabine.vogt", "Sabine Vogt", "ivy@x"),
		a("T1", 3, "11:00", "ivy@x", "ivy@x", "Vogt, Sabine"),
		// T2: assigned to quinn.ray, the ticket's Quinn Ray: Platform
		a("T2", 1, "09:00", "system", "", "quinn.ray"),
	}, []cmt{
		// R3: the requester's mail, written by a mail export; Bob at 10:00
		{key: "R3", seq: 1, at: "2026-01-05 09:10", author: "Ann Lee <ann.lee@corp.com>", public: true},
		{key: "R3", seq: 2, at: "2026-01-05 10:00", author: "bob.stone", public: true},
	})
	buildAll(t, wh, cfg)

	// R1: juergen.mueller's change is the requester's own: Bob's at 11:00
	// (by either key alone, jurgenmuller or juergenmueller, it was a
	// response at 09:10). R2: no history, no response. R3: the mail is the
	// requester's: Bob at 10:00. R4: Ann A. Lee at 09:20.
	got := query(t, wh, `select source_key, strftime(responded_at, '%H:%M'), response_via, responder
		from int_ticket_first_response where source_key like 'R%' order by source_key`)
	assertRows(t, [][]any{
		{"R1", "11:00", "status", "bob.stone"},
		{"R2", nil, nil, nil},
		{"R3", "10:00", "comment", "bob.stone"},
		{"R4", "09:20", "status", "Ann A. Lee"},
	}, got)

	// T1: Platform (Sabine Vogt is sabinevogt, whose user name the pattern
	// matches), IT (ivy@), Platform again: two hand-offs, both between it and
	// engineering, the second a return. By the name as written, Sabine Vogt
	// matched no pattern: IT alone. T2: Platform, by quinn.ray's pattern.
	got = query(t, wh, `select source_key, stint_seq, team, team_class, previous_team, is_class_crossing, is_return
		from int_ticket_team_path order by source_key, stint_seq`)
	assertRows(t, [][]any{
		{"T1", 1, "Platform", "engineering", nil, false, false},
		{"T1", 2, "IT", "it", "Platform", true, false},
		{"T1", 3, "Platform", "engineering", "IT", true, true},
		{"T2", 1, "Platform", "engineering", nil, false, false},
	}, got)

	// the owning team agrees: T1's assignee Vogt, Sabine and T2's Quinn Ray
	// (whose user name is written only in T2's assignee event) are Platform's
	assertRows(t, [][]any{{"T1", "Platform", "person"}, {"T2", "Platform", "person"}},
		query(t, wh, `select source_key, team, team_matched_by from int_ticket_team
			where source_key in ('T1', 'T2') order by source_key`))
}
