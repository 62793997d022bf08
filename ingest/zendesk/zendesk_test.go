package zendesk_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/ingest"
	"github.com/lanes-dev/lanes/ingest/ingesttest"
	"github.com/lanes-dev/lanes/ingest/zendesk"
)

func TestFixtures(t *testing.T) {
	ingesttest.RunFixtures(t, zendesk.Connector{}, "testdata/zendesk_json")
}

func FuzzRead(f *testing.F) {
	ingesttest.Fuzz(f, zendesk.Connector{}, "testdata/zendesk_json")
}

func TestAuditFixtures(t *testing.T) {
	ingesttest.RunFixtures(t, zendesk.AuditsConnector{}, "testdata/zendesk_audits")
}

func FuzzReadAudits(f *testing.F) {
	ingesttest.Fuzz(f, zendesk.AuditsConnector{}, "testdata/zendesk_audits")
}

// TestDetectLeavesLookalikes: Freshdesk/Freshservice pages also hold
// "tickets" with requester_id; audits, metrics and tickets are told apart.
func TestDetectLeavesLookalikes(t *testing.T) {
	cases := []struct {
		name, head     string
		tickets, audit bool
	}{
		{"freshservice", `{"tickets":[{"id":1,"subject":"x","requester_id":2,"responder_id":3,"group_id":4,"status":2,"fr_due_by":"2024-01-01T00:00:00Z"}]}`, false, false},
		{"zendesk page", `{"tickets":[{"url":"https://a.zendesk.com/api/v2/tickets/1.json","id":1,"requester_id":2,"submitter_id":2,"via":{"channel":"web"}}]}`, true, false},
		{"zendesk without url", `{"tickets":[{"id":1,"requester_id":2,"submitter_id":2,"via":{"channel":"web"}}]}`, true, false},
		{"audits", `{"audits":[{"id":1,"ticket_id":2,"created_at":"2024-01-01T00:00:00Z","author_id":3,"events":[]}]}`, false, true},
		{"audits with side-loaded tickets", `{"audits":[{"id":1,"ticket_id":2,"events":[]}],"tickets":[{"id":2,"requester_id":2,"submitter_id":2,"via":{}}]}`, false, true},
		{"generic array", `[{"id":1,"title":"x","created_at":"2024-01-01"}]`, false, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ts, _ := zendesk.Connector{}.Detect("x.json", []byte(tc.head))
			as, _ := zendesk.AuditsConnector{}.Detect("x.json", []byte(tc.head))
			assert.Equal(t, tc.tickets, ts >= 80, "zendesk_json scores %d", ts)
			assert.Equal(t, tc.audit, as >= 80, "zendesk_audits scores %d", as)
		})
	}
}

// skipSink counts skipped records by reason, as the run's sink does.
type skipSink struct {
	ingesttest.Sink
	skips map[string]int
}

func (s *skipSink) Skip(line int64, reason string) error {
	if s.skips == nil {
		s.skips = map[string]int{}
	}
	s.skips[reason]++
	return nil
}

func read(t *testing.T, conn ingest.Connector, data string) (*skipSink, error) {
	t.Helper()
	s := &skipSink{}
	in := &ingest.Input{Path: "input.json", Reader: strings.NewReader(data), Location: time.UTC}
	return s, conn.Read(context.Background(), in, s)
}

// TestEmptyPagesAreCountedSkips: the last page of an export may hold no
// records; it counts one skipped page (so the run goes on) and loads
// nothing.
func TestEmptyPagesAreCountedSkips(t *testing.T) {
	cases := []struct {
		name, input, reason string
		conn                ingest.Connector
	}{
		{"incremental page", `{"tickets":[],"next_page":null,"count":0,"end_of_stream":true}`, "a page with no tickets", zendesk.Connector{}},
		{"list page with side-loads", `{"tickets":[],"users":[{"id":1,"name":"Ann"}],"next_page":null,"previous_page":null,"count":0}`, "a page with no tickets", zendesk.Connector{}},
		{"empty array", "[]\n", "an empty list, no tickets", zendesk.Connector{}},
		{"audits page", `{"audits":[],"after_cursor":null,"before_cursor":null}`, "a page with no audits", zendesk.AuditsConnector{}},
		{"audits empty array", `[]`, "an empty list, no audits", zendesk.AuditsConnector{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, err := read(t, tc.conn, tc.input)
			require.NoError(t, err)
			assert.Empty(t, s.Tickets)
			assert.Empty(t, s.Rejects)
			// One page, one skip.
			assert.Equal(t, map[string]int{tc.reason: 1}, s.skips)
		})
	}
}

// TestDetectEmptyPages: an empty "tickets" list is Zendesk's when a page
// marker says so; a bare one may be Freshservice's and is left alone.
func TestDetectEmptyPages(t *testing.T) {
	cases := []struct {
		head string
		want bool
	}{
		{`{"tickets":[],"next_page":null,"count":0,"end_of_stream":true}`, true},
		{`{"tickets":[],"after_url":null,"after_cursor":null}`, true},
		{`{"tickets":[],"meta":{"has_more":false,"after_cursor":null,"before_cursor":null},"links":{"prev":null,"next":null}}`, true},
		{`{"tickets":[],"next_page":null,"previous_page":null,"count":0}`, true},
		{`{"tickets": [ ], "next_page": "https://acme.zendesk.com/api/v2/tickets.json?page=3"}`, true},
		{`{"tickets":[]}`, false},
		{`{"tickets":[],"next_page":null}`, false},
	}
	for _, tc := range cases {
		score, _ := zendesk.Connector{}.Detect("x.json", []byte(tc.head))
		assert.Equal(t, tc.want, score >= 80, "%s scores %d", tc.head, score)
	}
}

// TestLoneMetricSetIsCountedInAListPage: the lone_metric_set fixture has a
// metric set without ticket_id next to one ticket (applied) and two next
// to lists of tickets (pages 2 and 3): those belong to no ticket and are
// each one skip.
func TestLoneMetricSetIsCountedInAListPage(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "zendesk_json", "lone_metric_set", "input.json"))
	require.NoError(t, err)
	s, err := read(t, zendesk.Connector{}, string(b))
	require.NoError(t, err)
	assert.Len(t, s.Tickets, 4)
	assert.Equal(t, map[string]int{"a metric set without ticket_id next to a list of tickets: cannot tell whose it is": 2}, s.skips)
}

// TestDetectMetricsSaysTheyApply: a file of metrics alone, a list or one
// ticket's (GET /api/v2/tickets/{id}/metrics.json), is named in --dry-run
// with what will happen to it.
func TestDetectMetricsSaysTheyApply(t *testing.T) {
	for _, head := range []string{
		`{"ticket_metrics":[{"id":1,"ticket_id":2,"reopens":0}],"next_page":null,"previous_page":null,"count":1}`,
		`{"ticket_metric":{"id":1,"ticket_id":2,"reopens":0,"reply_time_in_minutes":{"calendar":5}}}`,
	} {
		score, reason := zendesk.Connector{}.Detect("x.json", []byte(head))
		assert.Equal(t, 60, score, head)
		assert.Contains(t, reason, "Zendesk ticket metrics without tickets: kept in ticket_metrics and applied to their tickets, loaded before or after", head)
	}
}

// metricsSink takes ticket metrics on their own, as the run's sink does.
type metricsSink struct {
	skipSink
	metrics []*ingest.TicketMetrics
}

func (s *metricsSink) Metrics(m *ingest.TicketMetrics) error {
	s.metrics = append(s.metrics, m)
	return nil
}

// TestMetricsAloneGoToASinkThatTakesThem: a metrics page's records are
// passed on as metrics, in file order, with their line; a record whose
// value cannot be read, or that names no ticket, is a reject with its
// column; an empty metrics page is a skip.
func TestMetricsAloneGoToASinkThatTakesThem(t *testing.T) {
	data := `{"ticket_metrics": [
  {"id": 1, "ticket_id": 40, "reopens": 2, "group_stations": 1, "assignee_stations": 3, "solved_at": "2024-06-03T10:00:00Z", "reply_time_in_minutes": {"calendar": 12.5, "business": 10}, "updated_at": "2024-06-03T10:05:00Z"},
  {"id": 2, "ticket_id": 41, "reopens": "twice", "updated_at": "2024-06-03T11:00:00Z"},
  {"id": 3, "ticket_id": 42, "updated_at": "yesterday"},
  {"id": 4, "reopens": 0}
]}
{"ticket_metrics": []}
`
	s := &metricsSink{}
	in := &ingest.Input{Path: "input.json", Reader: strings.NewReader(data), Location: time.UTC}
	require.NoError(t, zendesk.Connector{}.Read(context.Background(), in, s))
	require.Len(t, s.metrics, 1)
	m := s.metrics[0]
	assert.Equal(t, "40", m.Key)
	assert.Equal(t, int64(2), m.Line)
	assert.Equal(t, 2, *m.Reopens)
	assert.Equal(t, 1, *m.GroupStations)
	assert.Equal(t, 3, *m.AssigneeStations)
	assert.Equal(t, 12.5, *m.ReplyMinutes)
	assert.Equal(t, time.Date(2024, 6, 3, 10, 0, 0, 0, time.UTC), *m.SolvedAt)
	assert.Equal(t, time.Date(2024, 6, 3, 10, 5, 0, 0, time.UTC), *m.UpdatedAt)
	var got []string
	for _, r := range s.Rejects {
		got = append(got, fmt.Sprintf("%d %s", r.Line, r.Column))
	}
	assert.Equal(t, []string{"3 reopens", "4 updated_at", "5 ticket_id"}, got)
	assert.Equal(t, map[string]int{"a page with no ticket metrics": 1}, s.skips)
}
