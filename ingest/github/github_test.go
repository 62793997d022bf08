package github_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/ingest"
	"github.com/lanes-dev/lanes/ingest/github"
	"github.com/lanes-dev/lanes/ingest/ingesttest"
)

func TestIssuesFixtures(t *testing.T) {
	ingesttest.RunFixtures(t, github.IssuesConnector{}, "testdata/github_issues")
}

func TestEventsFixtures(t *testing.T) {
	ingesttest.RunFixtures(t, github.EventsConnector{}, "testdata/github_events")
}

func FuzzReadIssues(f *testing.F) {
	ingesttest.Fuzz(f, github.IssuesConnector{}, "testdata/github_issues")
}

func FuzzReadEvents(f *testing.F) {
	ingesttest.Fuzz(f, github.EventsConnector{}, "testdata/github_events")
}

func read(t *testing.T, conn ingest.Connector, data string) (*ingesttest.SkipSink, error) {
	t.Helper()
	return ingesttest.ReadSkips(conn, "input.json", data)
}

// TestEmptyPagesAreCountedSkips: an empty list (the last page a script
// saved) is one skipped page, not a file with no rows.
func TestEmptyPagesAreCountedSkips(t *testing.T) {
	cases := []struct {
		name, input, reason string
		conn                ingest.Connector
	}{
		{"issues array", "[]\n", "an empty page, no issues", github.IssuesConnector{}},
		{"search page", `{"total_count":0,"incomplete_results":false,"items":[]}`, "an empty page, no issues", github.IssuesConnector{}},
		{"events array", `[]`, "an empty page, no events", github.EventsConnector{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, err := read(t, tc.conn, tc.input)
			require.NoError(t, err)
			assert.Empty(t, s.Tickets)
			assert.Empty(t, s.Events)
			assert.Empty(t, s.Rejects)
			assert.Equal(t, map[string]int{tc.reason: 1}, s.Skips)
		})
	}
}

// TestTimelineSkipsAndPullRequests: the timeline fixture skips its labeled
// and cross-referenced items (the cross-reference's source.issue is the
// other issue, #40, and does not make the file name two issues); a pull
// request's timeline, named by its comment's html_url .../pull/N, is
// skipped whole.
func TestTimelineSkipsAndPullRequests(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "github_events", "timeline", "input.json"))
	require.NoError(t, err)
	s, err := read(t, github.EventsConnector{}, string(b))
	require.NoError(t, err)
	assert.Len(t, s.Events, 4)
	assert.Len(t, s.Comments, 1)
	assert.Equal(t, map[string]int{`event "labeled" is not tracked`: 1, `event "cross-referenced" is not tracked`: 1}, s.Skips)

	pr := `[{"id": 1, "url": "https://api.github.com/repos/northwind/helpdesk/issues/events/1", "actor": {"login": "theo"}, "event": "closed", "created_at": "2024-06-04T16:00:00Z"},
{"url": "https://api.github.com/repos/northwind/helpdesk/issues/comments/2", "html_url": "https://github.com/northwind/helpdesk/pull/43#issuecomment-2", "issue_url": "https://api.github.com/repos/northwind/helpdesk/issues/43", "user": {"login": "mara"}, "created_at": "2024-06-03T09:30:00Z", "body": "LGTM", "event": "commented", "actor": {"login": "mara"}}]`
	s, err = read(t, github.EventsConnector{}, pr)
	require.NoError(t, err)
	assert.Empty(t, s.Events)
	assert.Empty(t, s.Comments)
	assert.Empty(t, s.Rejects)
	assert.Equal(t, map[string]int{"pull request event, not an issue": 2}, s.Skips)
}

// TestNullPullRequestIsAnIssue: a jq projection (`gh api ... --jq '.[] |
// {number, title, state, created_at, pull_request}'`) writes
// "pull_request": null for every issue that is no pull request; only an
// object makes one. Three records: two issues, one pull request.
func TestNullPullRequestIsAnIssue(t *testing.T) {
	in := `{"number":1,"title":"VPN","state":"open","created_at":"2024-06-01T09:00:00Z","updated_at":"2024-06-01T09:00:00Z","repository_url":"https://api.github.com/repos/northwind/helpdesk","pull_request":null}
{"number":2,"title":"Laptop","state":"open","created_at":"2024-06-02T09:00:00Z","updated_at":"2024-06-02T09:00:00Z","repository_url":"https://api.github.com/repos/northwind/helpdesk","pull_request":null}
{"number":3,"title":"Fix CI","state":"open","created_at":"2024-06-03T09:00:00Z","updated_at":"2024-06-03T09:00:00Z","repository_url":"https://api.github.com/repos/northwind/helpdesk","pull_request":{"url":"https://api.github.com/repos/northwind/helpdesk/pulls/3"}}
`
	s, err := ingesttest.ReadSkips(github.IssuesConnector{}, "issues.jsonl", in)
	require.NoError(t, err)
	require.Len(t, s.Tickets, 2)
	assert.Equal(t, "VPN", s.Tickets[0].Title)
	assert.Equal(t, "Laptop", s.Tickets[1].Title)
	assert.Empty(t, s.Rejects)
	assert.Equal(t, map[string]int{"pull request, not an issue": 1}, s.Skips)

	ev := `[{"id":5,"event":"closed","created_at":"2024-06-04T16:00:00Z","actor":{"login":"theo"},"issue":{"number":1,"repository_url":"https://api.github.com/repos/northwind/helpdesk","pull_request":null}}]`
	es, err := read(t, github.EventsConnector{}, ev)
	require.NoError(t, err)
	assert.Len(t, es.Events, 1)
	assert.Empty(t, es.Skips)
}

// TestAssignedEventWithoutAssignee: an assigned or unassigned event whose
// assignee is null changes nothing lanes can name: skipped and counted,
// not stored as a change from nobody to nobody.
func TestAssignedEventWithoutAssignee(t *testing.T) {
	in := `[{"id":1,"event":"assigned","created_at":"2024-06-04T16:00:00Z","actor":{"login":"theo"},"assignee":null,"issue":{"number":1,"repository_url":"https://api.github.com/repos/northwind/helpdesk"}},
{"id":2,"event":"unassigned","created_at":"2024-06-04T17:00:00Z","actor":{"login":"theo"},"issue":{"number":1,"repository_url":"https://api.github.com/repos/northwind/helpdesk"}},
{"id":3,"event":"assigned","created_at":"2024-06-04T18:00:00Z","actor":{"login":"theo"},"assignee":{"login":"mara"},"issue":{"number":1,"repository_url":"https://api.github.com/repos/northwind/helpdesk"}}]`
	s, err := read(t, github.EventsConnector{}, in)
	require.NoError(t, err)
	require.Len(t, s.Events, 1)
	assert.Equal(t, "mara", s.Events[0].To)
	assert.Equal(t, "", s.Events[0].From)
	assert.Empty(t, s.Rejects)
	assert.Equal(t, map[string]int{"assigned event names no assignee": 1, "unassigned event names no assignee": 1}, s.Skips)
}
