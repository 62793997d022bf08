package github_test

import (
	"context"
	"strings"
	"testing"
	"time"

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
			assert.Equal(t, map[string]int{tc.reason: 1}, s.skips)
		})
	}
}
