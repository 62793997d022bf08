package ingest_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/ingest"
	"github.com/lanes-dev/lanes/ingest/ingesttest"
	"github.com/lanes-dev/lanes/models/config"
	"github.com/lanes-dev/lanes/models/warehouse"
)

// A ServiceNow update history cut by update time, as an export limit cuts
// it: INC001's updates 0-2 in the first part, 3-4 in the second.
const (
	historyHeader = "number,sys_mod_count,sys_updated_on,sys_updated_by,state,assignment_group,assigned_to,priority,short_description,opened_at\n"
	historyPartA  = "INC001,0,2026-01-05 09:00:00,ana,New,Service Desk,,3 - Moderate,VPN down,2026-01-05 09:00:00\n" +
		"INC001,1,2026-01-05 10:00:00,ana,In Progress,Service Desk,ana,3 - Moderate,VPN down,2026-01-05 09:00:00\n" +
		"INC001,2,2026-01-06 10:00:00,ana,In Progress,Network,,3 - Moderate,VPN down,2026-01-05 09:00:00\n" +
		"INC002,0,2026-01-07 09:00:00,bo,New,Service Desk,,4 - Low,Printer jam,2026-01-07 09:00:00\n"
	historyPartB = "INC001,3,2026-02-02 10:00:00,cy,In Progress,Network,cy,3 - Moderate,VPN down,2026-01-05 09:00:00\n" +
		"INC001,4,2026-02-03 10:00:00,cy,Resolved,Network,cy,3 - Moderate,VPN down,2026-01-05 09:00:00\n" +
		"INC003,0,2026-02-07 09:00:00,bo,New,Service Desk,,4 - Low,New laptop,2026-02-07 09:00:00\n" +
		"INC003,1,2026-02-07 10:00:00,bo,In Progress,Service Desk,bo,4 - Low,New laptop,2026-02-07 09:00:00\n"
)

// INC001's history from the two parts, worked out by hand: each part's
// changes between its own consecutive rows. The change from update 2 to 3
// (assigned_to empty -> cy) is in neither part alone.
var historyFromParts = []string{
	"INC001 1 2026-01-05 10:00 status ana New>In Progress",
	"INC001 2 2026-01-05 10:00 assignee ana >ana",
	"INC001 3 2026-01-06 10:00 group ana Service Desk>Network",
	"INC001 4 2026-01-06 10:00 assignee ana ana>",
	"INC001 5 2026-02-03 10:00 status cy In Progress>Resolved",
	"INC003 1 2026-02-07 10:00 status bo New>In Progress",
	"INC003 2 2026-02-07 10:00 assignee bo >bo",
}

// historyTables are the tables whose rows must not depend on the order
// files are loaded in (ingest_runs' per-file counts do), for
// ingesttest.Dump.
var historyTables = map[string]string{"tickets": "j", "ticket_events": "j"}

// load ingests paths in one run as format.
func load(t *testing.T, wh *warehouse.Warehouse, format string, paths ...string) {
	t.Helper()
	_, err := ingest.Run(context.Background(), wh, config.Default(), ingest.Options{Paths: paths, Format: format})
	require.NoError(t, err)
}

func eventLines(t *testing.T, wh *warehouse.Warehouse) []string {
	t.Helper()
	rows, err := wh.Query(context.Background(), `select source_key, seq, strftime(event_at, '%Y-%m-%d %H:%M'), kind,
		coalesce(actor, ''), coalesce(from_value, ''), coalesce(to_value, '') from ticket_events order by source_key, seq`)
	require.NoError(t, err)
	defer rows.Close()
	var out []string
	for rows.Next() {
		var key, at, kind, actor, from, to string
		var seq int
		require.NoError(t, rows.Scan(&key, &seq, &at, &kind, &actor, &from, &to))
		out = append(out, fmt.Sprintf("%s %d %s %s %s %s>%s", key, seq, at, kind, actor, from, to))
	}
	require.NoError(t, rows.Err())
	return out
}

// TestHistoryInPartsIsJoined: the two parts of a history give the events of
// both, in either order, in one command or two, and the same tables either
// way; the whole export loaded afterwards adds the change the cut split.
func TestHistoryInPartsIsJoined(t *testing.T) {
	dir := t.TempDir()
	a := filepath.Join(dir, "history-jan.csv")
	b := filepath.Join(dir, "history-feb.csv")
	whole := filepath.Join(dir, "history-all.csv")
	require.NoError(t, os.WriteFile(a, []byte(historyHeader+historyPartA), 0o644))
	require.NoError(t, os.WriteFile(b, []byte(historyHeader+historyPartB), 0o644))
	require.NoError(t, os.WriteFile(whole, []byte(historyHeader+historyPartA+historyPartB), 0o644))

	var dumps []map[string][]string
	for _, runs := range [][][]string{{{a}, {b}}, {{b}, {a}}, {{a, b}}, {{b, a}}} {
		wh := openWarehouse(t)
		for _, paths := range runs {
			load(t, wh, "servicenow_audit", paths...)
		}
		assert.Equal(t, historyFromParts, eventLines(t, wh), "runs %v", runs)
		var status string
		require.NoError(t, wh.QueryRow(context.Background(), `select status from tickets where source_key = 'INC001'`).Scan(&status))
		assert.Equal(t, "resolved", status, "the latest part's ticket row")
		dumps = append(dumps, ingesttest.Dump(t, wh, historyTables))

		load(t, wh, "servicenow_audit", whole)
		got := eventLines(t, wh)
		want := []string{
			historyFromParts[0], historyFromParts[1], historyFromParts[2], historyFromParts[3],
			"INC001 5 2026-02-02 10:00 assignee cy >cy",
			strings.Replace(historyFromParts[4], "INC001 5", "INC001 6", 1),
			historyFromParts[5], historyFromParts[6],
		}
		assert.Equal(t, want, got, "the whole history after the parts, runs %v", runs)
	}
	for i := 1; i < len(dumps); i++ {
		assert.Equal(t, dumps[0], dumps[i], "the same tables whatever the order")
	}

	// The whole export alone gives the same history as the parts and then
	// the whole.
	wh := openWarehouse(t)
	load(t, wh, "servicenow_audit", whole)
	assert.Len(t, eventLines(t, wh), 8)
}

// TestFullReExportReplacesHistory: a later export holding the whole
// history replaces what an earlier one stored, changes included, as before
// histories came in parts.
func TestFullReExportReplacesHistory(t *testing.T) {
	dir := t.TempDir()
	first := filepath.Join(dir, "history-1.csv")
	second := filepath.Join(dir, "history-2.csv")
	require.NoError(t, os.WriteFile(first, []byte(historyHeader+historyPartA), 0o644))
	// The same updates, re-exported after update 1 was corrected (the
	// group changed with the state) and update 3 was made.
	require.NoError(t, os.WriteFile(second, []byte(historyHeader+
		"INC001,0,2026-01-05 09:00:00,ana,New,Service Desk,,3 - Moderate,VPN down,2026-01-05 09:00:00\n"+
		"INC001,1,2026-01-05 10:00:00,ana,In Progress,Network,,3 - Moderate,VPN down,2026-01-05 09:00:00\n"+
		"INC001,3,2026-02-02 10:00:00,cy,Resolved,Network,cy,3 - Moderate,VPN down,2026-01-05 09:00:00\n"), 0o644))
	for _, order := range [][]string{{first, second}, {second, first}} {
		wh := openWarehouse(t)
		for _, f := range order {
			load(t, wh, "servicenow_audit", f)
		}
		// Loaded second, the older export loses and adds nothing: all its
		// changes are from the newer one's first change on.
		assert.Equal(t, []string{
			"INC001 1 2026-01-05 10:00 status ana New>In Progress",
			"INC001 2 2026-01-05 10:00 group ana Service Desk>Network",
			"INC001 3 2026-02-02 10:00 status cy In Progress>Resolved",
			"INC001 4 2026-02-02 10:00 assignee cy >cy",
		}, eventLines(t, wh), "order %v", order)
	}
}

// TestEventLogInMonthsIsJoined: a process log cut by month, a case running
// across the cut: both months' events, in either order.
func TestEventLogInMonthsIsJoined(t *testing.T) {
	dir := t.TempDir()
	const header = "Case ID,Activity,Complete Timestamp,Resource,org:group\n"
	march := filepath.Join(dir, "log-2026-03.csv")
	april := filepath.Join(dir, "log-2026-04.csv")
	require.NoError(t, os.WriteFile(march, []byte(header+
		"C1,Register,2026-03-30 09:00:00,ana,Service Desk\n"+
		"C1,Assign,2026-03-30 10:00:00,ana,Network\n"+
		"C2,Register,2026-03-31 09:00:00,bo,Service Desk\n"), 0o644))
	require.NoError(t, os.WriteFile(april, []byte(header+
		"C1,Await caller,2026-04-01 09:00:00,cy,Network\n"+
		"C1,Resolve,2026-04-02 09:00:00,cy,Network\n"), 0o644))
	for _, order := range [][]string{{march, april}, {april, march}} {
		wh := openWarehouse(t)
		for _, f := range order {
			load(t, wh, "eventlog_csv", f)
		}
		got := eventLines(t, wh)
		// Worked out by hand: April's part starts the case again; its
		// first status change comes from March's last activity, and its
		// group event, Network to Network, changes nothing.
		assert.Equal(t, []string{
			"C1 1 2026-03-30 09:00 status ana >Register",
			"C1 2 2026-03-30 09:00 group ana >Service Desk",
			"C1 3 2026-03-30 10:00 status ana Register>Assign",
			"C1 4 2026-03-30 10:00 group ana Service Desk>Network",
			"C1 5 2026-04-01 09:00 status cy Assign>Await caller",
			"C1 6 2026-04-02 09:00 status cy Await caller>Resolve",
			"C2 1 2026-03-31 09:00 status bo >Register",
			"C2 2 2026-03-31 09:00 group bo >Service Desk",
		}, got, "order %v", order)
		var created, status, title string
		var reassignments int
		require.NoError(t, wh.QueryRow(context.Background(), `select strftime(created_at, '%Y-%m-%d %H:%M'), status_raw,
			reassignment_count, title from tickets where source_key = 'C1'`).Scan(&created, &status, &reassignments, &title))
		assert.Equal(t, "Register", title, "the case's first activity, in March, order %v", order)
		assert.Equal(t, "2026-03-30 09:00", created, "the case's first event, in March, order %v", order)
		assert.Equal(t, "Resolve", status, "April's ticket row, order %v", order)
		// Service Desk to Network, in March: counted over the joined
		// history, not April's part alone (which saw no move).
		assert.Equal(t, 1, reassignments, "order %v", order)
	}
}

// TestCreatedIsTheEarliestCopy: repeated in one file, or stored and loaded
// again, a ticket keeps the earliest created time of its copies and the
// rest of its latest copy.
func TestCreatedIsTheEarliestCopy(t *testing.T) {
	dir := t.TempDir()
	one := filepath.Join(dir, "one.csv")
	later := filepath.Join(dir, "later.csv")
	require.NoError(t, os.WriteFile(one, []byte("key,title,created,updated\n"+
		"K-1,first,2026-03-02 09:00,2026-03-03 09:00\n"+
		"K-1,second,2026-03-04 09:00,2026-03-05 09:00\n"+
		"K-2,only,2026-03-06 09:00,2026-03-07 09:00\n"), 0o644))
	require.NoError(t, os.WriteFile(later, []byte("key,title,created,updated\n"+
		"K-2,newer,2026-03-06 12:00,2026-03-08 09:00\n"), 0o644))
	wh := openWarehouse(t)
	for _, f := range []string{one, later} {
		_, err := run(t, wh, ingest.Options{Paths: []string{f}, Format: "test_history"})
		require.NoError(t, err)
	}
	rows, err := wh.Query(context.Background(), `select source_key, title, strftime(created_at, '%d %H:%M'), strftime(updated_at, '%d %H:%M') from tickets order by 1`)
	require.NoError(t, err)
	defer rows.Close()
	var got []string
	for rows.Next() {
		var k, title, c, u string
		require.NoError(t, rows.Scan(&k, &title, &c, &u))
		got = append(got, k+" "+title+" "+c+" "+u)
	}
	require.NoError(t, rows.Err())
	assert.Equal(t, []string{"K-1 second 02 09:00 05 09:00", "K-2 newer 06 09:00 08 09:00"}, got)
}

// TestRawIsStoredAsAnObject: the original record reaches tickets.raw as a
// JSON object, byte for byte as encoding/json writes it (staging holds it
// as text), with HTML characters, newlines and non-ASCII text escaped as
// encoding/json escapes them.
func TestRawIsStoredAsAnObject(t *testing.T) {
	dir := t.TempDir()
	f := filepath.Join(dir, "jira.csv")
	require.NoError(t, os.WriteFile(f, []byte("Summary,Issue key,Issue Type,Status,Priority,Created,Updated,Labels,Labels,Description\n"+
		"VPN <down> & out,IT-1,Task,Open,High,05/Feb/24 9:15 AM,06/Feb/24 9:15 AM,vpn,remote,\"two\nlines é \u2028\"\n"), 0o644))
	wh := openWarehouse(t)
	load(t, wh, "jira_csv", f)
	var kind, raw string
	require.NoError(t, wh.QueryRow(context.Background(), `select json_type(raw), raw::varchar from tickets`).Scan(&kind, &raw))
	assert.Equal(t, "OBJECT", kind)
	assert.Equal(t, `{"Created":"05/Feb/24 9:15 AM","Description":"two\nlines é \u2028","Issue Type":"Task","Issue key":"IT-1",`+
		`"Labels":["vpn","remote"],"Priority":"High","Status":"Open","Summary":"VPN \u003cdown\u003e \u0026 out","Updated":"06/Feb/24 9:15 AM"}`, raw)
}

// TestLosingCopiesShareAnEvent: two older copies of a ticket, each with an
// event the other also has, under a newer list row without history: the
// shared event is stored once, credited to the same run whatever the order.
func TestLosingCopiesShareAnEvent(t *testing.T) {
	dir := t.TempDir()
	list := filepath.Join(dir, "list.csv")
	jan := filepath.Join(dir, "jan.csv")
	feb := filepath.Join(dir, "feb.csv")
	require.NoError(t, os.WriteFile(list, []byte("number,short_description,state,opened_at,sys_updated_on\n"+
		"INC001,VPN down,Closed,2026-01-05 09:00:00,2026-03-01 09:00:00\n"), 0o644))
	require.NoError(t, os.WriteFile(jan, []byte(historyHeader+
		"INC001,0,2026-01-05 09:00:00,ana,New,Service Desk,,3 - Moderate,VPN down,2026-01-05 09:00:00\n"+
		"INC001,1,2026-01-05 10:00:00,ana,In Progress,Service Desk,ana,3 - Moderate,VPN down,2026-01-05 09:00:00\n"+
		"INC001,2,2026-01-06 10:00:00,ana,In Progress,Network,,3 - Moderate,VPN down,2026-01-05 09:00:00\n"), 0o644))
	require.NoError(t, os.WriteFile(feb, []byte(historyHeader+
		"INC001,1,2026-01-05 10:00:00,ana,In Progress,Service Desk,ana,3 - Moderate,VPN down,2026-01-05 09:00:00\n"+
		"INC001,2,2026-01-06 10:00:00,ana,In Progress,Network,,3 - Moderate,VPN down,2026-01-05 09:00:00\n"+
		"INC001,3,2026-02-02 10:00:00,cy,Resolved,Network,cy,3 - Moderate,VPN down,2026-01-05 09:00:00\n"), 0o644))
	var dumps []map[string][]string
	for _, order := range [][]string{{jan, feb}, {feb, jan}} {
		wh := openWarehouse(t)
		load(t, wh, "servicenow_csv", list)
		for _, f := range order {
			load(t, wh, "servicenow_audit", f)
		}
		assert.Equal(t, []string{
			"INC001 1 2026-01-05 10:00 status ana New>In Progress",
			"INC001 2 2026-01-05 10:00 assignee ana >ana",
			"INC001 3 2026-01-06 10:00 group ana Service Desk>Network",
			"INC001 4 2026-01-06 10:00 assignee ana ana>",
			"INC001 5 2026-02-02 10:00 status cy In Progress>Resolved",
			"INC001 6 2026-02-02 10:00 assignee cy >cy",
		}, eventLines(t, wh), "order %v", order)
		dumps = append(dumps, ingesttest.Dump(t, wh, historyTables))
	}
	assert.Equal(t, dumps[0], dumps[1], "the same tables whatever the order")
}

// Two pages of one Zendesk ticket's audits, as an incremental export cuts
// them, with the solving audit on both.
const (
	auditsPageA = `{"audits": [
 {"id": 1, "ticket_id": 7, "created_at": "2024-03-04T09:00:00Z", "author_id": 11, "events": [
   {"id": 1, "type": "Comment", "author_id": 11, "plain_body": "VPN drops", "public": true},
   {"id": 2, "type": "Create", "field_name": "status", "value": "new"}]},
 {"id": 3, "ticket_id": 7, "created_at": "2024-03-05T12:00:00Z", "author_id": 12, "events": [
   {"id": 5, "type": "Change", "field_name": "status", "value": "solved", "previous_value": "open"},
   {"id": 6, "type": "Comment", "author_id": 12, "plain_body": "Fixed the gateway", "public": true}]}]}`
	auditsPageB = `{"audits": [
 {"id": 2, "ticket_id": 7, "created_at": "2024-03-04T10:00:00Z", "author_id": 12, "events": [
   {"id": 3, "type": "Change", "field_name": "status", "value": "open", "previous_value": "new"},
   {"id": 4, "type": "Comment", "author_id": 12, "plain_body": "Looking", "public": false}]},
 {"id": 3, "ticket_id": 7, "created_at": "2024-03-05T12:00:00Z", "author_id": 12, "events": [
   {"id": 5, "type": "Change", "field_name": "status", "value": "solved", "previous_value": "open"},
   {"id": 6, "type": "Comment", "author_id": 12, "plain_body": "Fixed the gateway", "public": true}]}]}`
)

// TestEventsOnlyFilesInAnyOrder: files that bring events and comments but
// no ticket are appended after what a key already has. Loaded in either
// order, in one command or two, the pages give the same tables: the events
// and comments numbered in time order (worked out by hand), the shared
// solving audit stored once and credited to the same run.
func TestEventsOnlyFilesInAnyOrder(t *testing.T) {
	dir := t.TempDir()
	a := filepath.Join(dir, "audits-1.json")
	b := filepath.Join(dir, "audits-2.json")
	require.NoError(t, os.WriteFile(a, []byte(auditsPageA), 0o644))
	require.NoError(t, os.WriteFile(b, []byte(auditsPageB), 0o644))
	tables := map[string]string{"ticket_events": "j", "comments": "j"}
	var dumps []map[string][]string
	for _, runs := range [][][]string{{{a}, {b}}, {{b}, {a}}, {{a, b}}, {{b, a}}, {{a}, {b}, {a, b}}} {
		wh := openWarehouse(t)
		for _, paths := range runs {
			load(t, wh, "zendesk_audits", paths...)
		}
		assert.Equal(t, []string{
			"7 1 2024-03-04 09:00 status 11 >new",
			"7 2 2024-03-04 10:00 status 12 new>open",
			"7 3 2024-03-05 12:00 status 12 open>solved",
		}, eventLines(t, wh), "runs %v", runs)
		rows, err := wh.Query(context.Background(), `select seq, body from comments order by seq`)
		require.NoError(t, err)
		var comments []string
		for rows.Next() {
			var seq int
			var body string
			require.NoError(t, rows.Scan(&seq, &body))
			comments = append(comments, fmt.Sprintf("%d %s", seq, body))
		}
		require.NoError(t, rows.Err())
		rows.Close()
		assert.Equal(t, []string{"1 VPN drops", "2 Looking", "3 Fixed the gateway"}, comments, "runs %v", runs)
		dumps = append(dumps, ingesttest.Dump(t, wh, tables))
	}
	for i := 1; i < len(dumps); i++ {
		assert.Equal(t, dumps[0], dumps[i], "the same tables whatever the order (%d)", i)
	}
}

// TestEventLogCaseTwiceInOneFileIsJoined: an XES log that gives a case as
// two traces holds two parts of its history, not two copies: both parts'
// events are kept and linked as when the parts come in two files, in
// either order of the traces.
func TestEventLogCaseTwiceInOneFileIsJoined(t *testing.T) {
	event := func(activity, at, resource, group string) string {
		return `<event><string key="concept:name" value="` + activity + `"/><date key="time:timestamp" value="` + at +
			`"/><string key="org:resource" value="` + resource + `"/><string key="org:group" value="` + group + `"/></event>`
	}
	trace := func(events ...string) string {
		return `<trace><string key="concept:name" value="C1"/>` + strings.Join(events, "") + "</trace>\n"
	}
	march := trace(event("Register", "2026-03-30T09:00:00Z", "ana", "Service Desk"), event("Assign", "2026-03-30T10:00:00Z", "ana", "Network"))
	april := trace(event("Resolve", "2026-04-02T09:00:00Z", "cy", "Network"))
	log := func(traces ...string) []byte {
		return []byte(`<?xml version="1.0" encoding="UTF-8"?>` + "\n<log xes.version=\"1.0\">\n" + strings.Join(traces, "") + "</log>\n")
	}
	// Worked out by hand: April's part starts the case again; its status
	// change comes from March's last activity, its group event (Network
	// to Network) changes nothing; one move, Service Desk to Network.
	want := []string{
		"C1 1 2026-03-30 09:00 status ana >Register",
		"C1 2 2026-03-30 09:00 group ana >Service Desk",
		"C1 3 2026-03-30 10:00 status ana Register>Assign",
		"C1 4 2026-03-30 10:00 group ana Service Desk>Network",
		"C1 5 2026-04-02 09:00 status cy Assign>Resolve",
	}
	dir := t.TempDir()
	for name, files := range map[string][][]byte{
		"one file":               {log(march, april)},
		"one file, April first":  {log(april, march)},
		"two files":              {log(march), log(april)},
		"two files, April first": {log(april), log(march)},
	} {
		wh := openWarehouse(t)
		var paths []string
		for i, b := range files {
			paths = append(paths, writeFile(t, filepath.Join(dir, strings.ReplaceAll(name, " ", "_")+fmt.Sprint(i)+".xes"), b))
		}
		for _, p := range paths {
			load(t, wh, "", p)
		}
		assert.Equal(t, want, eventLines(t, wh), name)
		var status, created, title string
		var reassignments int
		require.NoError(t, wh.QueryRow(context.Background(), `select status_raw, strftime(created_at, '%Y-%m-%d %H:%M'), reassignment_count, title
			from tickets where source_key = 'C1'`).Scan(&status, &created, &reassignments, &title))
		// The title is the case's first activity, March's, not April's.
		assert.Equal(t, []any{"Resolve", "2026-03-30 09:00", 1, "Register"}, []any{status, created, reassignments, title}, name)
	}
}

// TestEventPagesNumberedByTime: two pages of GitHub issue events that
// overlap, the later page loaded first: the events are numbered by time
// whichever page comes first, also when every shared event ends up
// credited to one run.
func TestEventPagesNumberedByTime(t *testing.T) {
	event := func(id int, kind, at string) string {
		return fmt.Sprintf(`{"id": %d, "url": "https://api.github.com/repos/acme/ops/issues/events/%d", "actor": {"login": "bob"},
			"event": %q, "created_at": %q, "assignee": {"login": "bob"},
			"issue": {"url": "https://api.github.com/repos/acme/ops/issues/3", "html_url": "https://github.com/acme/ops/issues/3",
			"number": 3, "title": "Issue 3", "state": "closed"}}`, id, id, kind, at)
	}
	all := "[" + strings.Join([]string{event(1, "assigned", "2024-03-01T11:00:00Z"), event(2, "closed", "2024-03-02T11:00:00Z"),
		event(3, "reopened", "2024-03-03T11:00:00Z"), event(4, "closed", "2024-03-04T10:00:00Z")}, ",") + "]"
	later := "[" + strings.Join([]string{event(3, "reopened", "2024-03-03T11:00:00Z"), event(4, "closed", "2024-03-04T10:00:00Z")}, ",") + "]"
	dir := t.TempDir()
	a := writeFile(t, filepath.Join(dir, "all.json"), []byte(all))
	b := writeFile(t, filepath.Join(dir, "later.json"), []byte(later))
	kinds := func(wh *warehouse.Warehouse) []string {
		var out []string
		for _, l := range eventLines(t, wh) {
			f := strings.Fields(l)
			out = append(out, f[1]+" "+f[2]+" "+f[4]) // seq, day, kind
		}
		return out
	}
	// By hand: assigned (1st), closed (2nd), reopened as a status change
	// and a reopen (3rd), closed (4th).
	want := []string{"1 2024-03-01 assignee", "2 2024-03-02 status", "3 2024-03-03 status", "4 2024-03-03 reopen", "5 2024-03-04 status"}
	for _, order := range [][]string{{a, b}, {b, a}} {
		wh := openWarehouse(t)
		load(t, wh, "github_events", order...)
		assert.Equal(t, want, kinds(wh), "one run, %v", order)
		wh = openWarehouse(t)
		for _, p := range order {
			load(t, wh, "github_events", p)
		}
		assert.Equal(t, want, kinds(wh), "two runs, %v", order)
	}
}
