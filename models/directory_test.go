package models

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/ingest"
	_ "github.com/lanes-dev/lanes/ingest/all"
	"github.com/lanes-dev/lanes/models/warehouse"
)

// A Freshservice API pull whose people, group and department are ids, and
// the directory pages that name them. Ticket 501 is Ole's, in the Berlin
// Office IT group, for Amir of Frontend. Ticket 502's responder
// (24000512009) is in no agents page, and its group_id is an agent's id
// (24000512001), not a group's: both stay ids. Its requester id is a
// requester's, in a page of their own.
const (
	fsTickets = `{"tickets":[
{"id":501,"workspace_id":2,"subject":"Headset for sales calls","type":"Service Request","status":3,"priority":2,"source":1,"requester_id":24000363751,"responder_id":24000512002,"group_id":24000077001,"department_id":24000091003,"created_at":"2026-09-25T13:09:43Z","updated_at":"2026-09-26T06:01:29Z","fr_due_by":"2026-09-28T09:09:43Z"},
{"id":502,"workspace_id":2,"subject":"Laptop screen flickering","type":"Incident","status":2,"priority":2,"source":2,"requester_id":24000352518,"responder_id":24000512009,"group_id":24000512001,"department_id":24000091099,"created_at":"2026-09-24T08:00:00Z","updated_at":"2026-09-24T09:00:00Z","fr_due_by":"2026-09-25T09:00:00Z"}
]}
`
	fsAgents = `{"agents":[
{"id":24000512001,"first_name":"Mareike","last_name":"Brandt","email":"mareike.brandt@northwind-labs.com","active":true,"occasional":false},
{"id":24000512002,"first_name":"Ole","last_name":"Jensen","email":"ole.jensen@northwind-labs.com","active":true,"occasional":false}
]}
`
	fsGroups = `{"groups":[{"id":24000077001,"name":"Berlin Office IT","description":null,"agent_ids":[24000512001,24000512002],"members":[24000512001,24000512002],"restricted":false}]}
{"departments":[{"id":24000091003,"name":"Frontend","description":null,"head_user_id":null,"prime_user_id":null,"domains":[]}]}
{"requesters":[{"id":24000363751,"first_name":"Amir","last_name":"Schneider","primary_email":"amir.schneider@northwind-labs.com","active":true},
{"id":24000352518,"first_name":"Jana","last_name":"Krüger","primary_email":"jana.krueger@northwind-labs.com","active":true}]}
`
)

// stagedNames is how the staging models name ticket 501 and 502's people.
const stagedNames = `select source_key, requester, requester_team, assignee, assignment_group from stg_tickets order by source_key`

// wantFreshserviceNames: by hand from the pages above.
var wantFreshserviceNames = [][]any{
	{"501", "Amir Schneider", "Frontend", "Ole Jensen", "Berlin Office IT"},
	{"502", "Jana Krüger", "24000091099", "24000512009", "24000512001"},
}

func writeFiles(t *testing.T, files map[string]string) map[string]string {
	t.Helper()
	dir := t.TempDir()
	paths := map[string]string{}
	for name, text := range files {
		paths[name] = filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(paths[name], []byte(text), 0o644))
	}
	return paths
}

func ingestRun(t *testing.T, wh *warehouse.Warehouse, paths ...string) ingest.Summary {
	t.Helper()
	sum, err := ingest.Run(context.Background(), wh, testConfig("UTC", "monday"), ingest.Options{
		Paths: paths, MaxRejectPct: 50,
		Now: func() time.Time { return time.Date(2026, 10, 1, 12, 0, 0, 0, time.UTC) },
	})
	require.NoError(t, err)
	for _, f := range sum.Files {
		assert.Equal(t, f.RowsIn, f.Loaded+f.Rejected+f.Merged+f.Skipped, "%s: rows_in = loaded + rejected + merged + skipped", f.Path)
	}
	return sum
}

func buildStaging(t *testing.T, wh *warehouse.Warehouse) {
	t.Helper()
	_, err := Build(context.Background(), wh, testConfig("UTC", "monday"), BuildOptions{Select: []string{"stg_tickets", "stg_ticket_events", "stg_comments"}})
	require.NoError(t, err)
}

// TestDirectoryNamesFreshserviceIDs: the tickets and the directory pages
// in either order, in two runs or in one, give the same staged names; the
// tickets table keeps the ids the export gave.
func TestDirectoryNamesFreshserviceIDs(t *testing.T) {
	p := writeFiles(t, map[string]string{"tickets.json": fsTickets, "agents.json": fsAgents, "groups.json": fsGroups})
	for name, runs := range map[string][][]string{
		"directory after":  {{p["tickets.json"]}, {p["agents.json"], p["groups.json"]}},
		"directory before": {{p["agents.json"], p["groups.json"]}, {p["tickets.json"]}},
		"one run":          {{p["agents.json"], p["tickets.json"], p["groups.json"]}},
	} {
		t.Run(name, func(t *testing.T) {
			wh := newWarehouse(t)
			for _, paths := range runs {
				sum := ingestRun(t, wh, paths...)
				for _, f := range sum.Files {
					assert.Equal(t, "freshservice_json", f.Format, f.Path)
					switch filepath.Base(f.Path) {
					case "agents.json":
						// 2 agents.
						assert.Equal(t, [3]int64{2, 2, 0}, [3]int64{f.RowsIn, f.Loaded, f.Merged})
						assert.Contains(t, f.Reason, "agents: directory")
					case "groups.json":
						// 1 group, 1 department, 2 requesters.
						assert.Equal(t, [3]int64{4, 4, 0}, [3]int64{f.RowsIn, f.Loaded, f.Merged})
					}
				}
			}
			buildStaging(t, wh)
			assertRows(t, wantFreshserviceNames, query(t, wh, stagedNames))
			assertRows(t, [][]any{{"501", "24000363751", "24000091003", "24000512002", "24000077001"}},
				query(t, wh, `select source_key, requester, requester_team, assignee, assignment_group from tickets where source_key = '501'`))
			// Ingesting the same files again changes nothing.
			sum := ingestRun(t, wh, p["agents.json"], p["groups.json"], p["tickets.json"])
			for _, f := range sum.Files {
				assert.True(t, f.Unchanged, f.Path)
			}
			// 2 agents, 1 group, 1 department, 2 requesters.
			assertRows(t, [][]any{{int64(6)}}, query(t, wh, `select count(*) from directory`))
		})
	}
}

// TestDirectoryLatestLoadWins: a later page that names an agent otherwise
// replaces the entry (loaded, the name changed); one that repeats it is
// merged; within one file the later copy wins. An id beyond 2^53 is kept
// exactly. The same staged in the run's transaction (a small file) and in
// a scratch database of its own (a large one).
func TestDirectoryLatestLoadWins(t *testing.T) {
	for _, small := range []int64{ingest.SmallFileBytes, 0} {
		t.Run(fmt.Sprintf("small_file_bytes=%d", small), func(t *testing.T) {
			was := ingest.SmallFileBytes
			ingest.SmallFileBytes = small
			defer func() { ingest.SmallFileBytes = was }()
			testLatestLoadWins(t)
		})
	}
}

func testLatestLoadWins(t *testing.T) {
	p := writeFiles(t, map[string]string{
		"a.json": `{"agents":[{"id":9007199254740993,"first_name":"Ole","last_name":"Jensen","email":"ole@x.test"},
{"id":9007199254740993,"first_name":"Ole","last_name":"Jensen-Berg","email":"ole@x.test"},
{"id":5,"first_name":"Mia","last_name":"Wu","email":"mia@x.test"}]}`,
		"b.json": `{"agents":[{"id":9007199254740993,"first_name":"Ole","last_name":"Berg","email":"ole@x.test"},
{"id":5,"first_name":"Mia","last_name":"Wu","email":"mia@x.test"}]}`,
	})
	wh := newWarehouse(t)
	sum := ingestRun(t, wh, p["a.json"])
	// Two copies of one id: the second (Jensen-Berg) loaded, the first merged.
	assert.Equal(t, [3]int64{3, 2, 1}, [3]int64{sum.Files[0].RowsIn, sum.Files[0].Loaded, sum.Files[0].Merged})
	assertRows(t, [][]any{{"5", "Mia Wu"}, {"9007199254740993", "Ole Jensen-Berg"}},
		query(t, wh, `select id, name from directory order by id`))
	sum = ingestRun(t, wh, p["b.json"])
	// Ole renamed: loaded; Mia the same: merged.
	assert.Equal(t, [3]int64{2, 1, 1}, [3]int64{sum.Files[0].RowsIn, sum.Files[0].Loaded, sum.Files[0].Merged})
	assertRows(t, [][]any{{"5", "Mia Wu"}, {"9007199254740993", "Ole Berg"}},
		query(t, wh, `select id, name from directory order by id`))
}

// TestDirectoryRejectsAndSkips: entries without an id or a name are
// rejects naming file, line and column; an empty page is one skipped row;
// a file over the reject limit is refused and leaves the warehouse as it
// was.
func TestDirectoryRejectsAndSkips(t *testing.T) {
	p := writeFiles(t, map[string]string{
		"agents.json": `{"agents":[
{"id":1,"first_name":"Ana","last_name":"Lopes","email":"ana@x.test"},
{"first_name":"No","last_name":"Id"},
{"id":3,"first_name":"Bo","last_name":"Ek"}
]}`,
		"groups.json": `{"groups":[
{"id":7,"name":"","agent_ids":[]},
{"id":8,"name":null,"agent_ids":[]}
]}`,
		"empty.json": `{"requesters":[]}`,
	})
	wh := newWarehouse(t)
	sum := ingestRun(t, wh, p["agents.json"], p["empty.json"])
	assert.Equal(t, [4]int64{3, 2, 1, 0}, [4]int64{sum.Files[0].RowsIn, sum.Files[0].Loaded, sum.Files[0].Rejected, sum.Files[0].Skipped})
	assert.Equal(t, [4]int64{1, 0, 0, 1}, [4]int64{sum.Files[1].RowsIn, sum.Files[1].Loaded, sum.Files[1].Rejected, sum.Files[1].Skipped})
	assertRows(t, [][]any{{p["agents.json"], int64(3), "id", "person has no id"}},
		query(t, wh, `select file, line, column_name, reason from rejects`))

	// Both groups rejected: 100% is over the 50% limit, nothing is kept.
	_, err := ingest.Run(context.Background(), wh, testConfig("UTC", "monday"), ingest.Options{Paths: []string{p["groups.json"]}, MaxRejectPct: 50,
		Now: func() time.Time { return time.Date(2026, 10, 1, 12, 0, 0, 0, time.UTC) }})
	var limit *ingest.RejectLimitError
	require.True(t, errors.As(err, &limit), "%v", err)
	assert.Equal(t, int64(2), limit.Rejected)
	assertRows(t, [][]any{{int64(2), int64(1), int64(2)}},
		query(t, wh, `select (select count(*) from directory), (select count(*) from rejects), (select count(*) from ingest_runs)`))
}

// TestDirectoryNamesZendeskAudits: a users and groups export loaded alone,
// then audits without side-loads: the actors, comment authors and the
// assignee and group changes are named; a user id in no page stays an id.
func TestDirectoryNamesZendeskAudits(t *testing.T) {
	p := writeFiles(t, map[string]string{
		"users.json": `{"users":[{"id":391001647152,"url":"https://acme.zendesk.com/api/v2/users/391001647152.json","name":"Dana Reyes","email":"dana@acme.test","role":"end-user"},
{"id":391001647153,"url":"https://acme.zendesk.com/api/v2/users/391001647153.json","name":"Sam Okafor","email":"sam@acme.test","role":"agent"}],
"next_page":null,"previous_page":null,"count":2}
{"groups":[{"url":"https://acme.zendesk.com/api/v2/groups/501.json","id":501,"name":"IT Service Desk"},
{"url":"https://acme.zendesk.com/api/v2/groups/502.json","id":502,"name":"Network"}],"next_page":null,"previous_page":null,"count":2}
`,
		"audits.json": `{"audits":[
{"id":80001,"ticket_id":1201,"created_at":"2024-03-04T09:15:00Z","author_id":391001647152,"events":[
 {"id":1,"type":"Comment","author_id":391001647152,"plain_body":"The VPN drops.","public":true},
 {"id":2,"type":"Create","field_name":"group_id","value":"501"}]},
{"id":80002,"ticket_id":1201,"created_at":"2024-03-04T10:00:00Z","author_id":391001647153,"events":[
 {"id":3,"type":"Change","field_name":"assignee_id","value":"391001647153","previous_value":"391001647199"},
 {"id":4,"type":"Change","field_name":"group_id","value":"502","previous_value":"501"},
 {"id":5,"type":"Comment","author_id":391001647199,"plain_body":"Looking.","public":false}]}
],"next_page":null,"count":2}
`,
	})
	wh := newWarehouse(t)
	sum := ingestRun(t, wh, p["users.json"])
	assert.Equal(t, "zendesk_json", sum.Files[0].Format)
	assert.Contains(t, sum.Files[0].Reason, "directory")
	// 2 users and 2 groups.
	assert.Equal(t, [2]int64{4, 4}, [2]int64{sum.Files[0].RowsIn, sum.Files[0].Loaded})
	sum = ingestRun(t, wh, p["audits.json"])
	assert.Equal(t, "zendesk_audits", sum.Files[0].Format)
	buildStaging(t, wh)
	assertRows(t, [][]any{
		{"group", "Dana Reyes", nil, "IT Service Desk"},
		{"assignee", "Sam Okafor", "391001647199", "Sam Okafor"},
		{"group", "Sam Okafor", "IT Service Desk", "Network"},
	}, query(t, wh, `select kind, actor, from_value, to_value from stg_ticket_events order by seq`))
	assertRows(t, [][]any{{"Dana Reyes"}, {"391001647199"}},
		query(t, wh, `select author from stg_comments order by seq`))
}
