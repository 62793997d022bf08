package freshservice

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/ingest"
	"github.com/lanes-dev/lanes/ingest/ingesttest"
)

// skipSink counts skipped records besides what ingesttest.Sink keeps.
type skipSink struct {
	ingesttest.Sink
	skips []string
}

func (s *skipSink) Skip(line int64, reason string) error {
	s.skips = append(s.skips, fmt.Sprintf("%d: %s", line, reason))
	return nil
}

// read reads in with the JSON connector into a sink that counts skips.
func read(t *testing.T, in string) (*skipSink, error) {
	t.Helper()
	sink := &skipSink{}
	err := JSONConnector{}.Read(context.Background(), &ingest.Input{Path: "page.json", Reader: strings.NewReader(in), Location: time.UTC}, sink)
	if err == nil {
		ingesttest.CheckInvariants(t, &sink.Sink)
	}
	return sink, err
}

// TestDetectErrorAndEmptyPage: Freshservice's error responses and a page
// with no tickets are recognised; a page with the same empty list and
// paging members beside it (Zendesk's next_page, count) is not claimed.
func TestDetectErrorAndEmptyPage(t *testing.T) {
	for _, c := range []struct {
		name, in string
		want     bool
	}{
		{"access denied", `{"code":"access_denied","message":"You are not authorized to perform this action."}`, true},
		{"validation", `{"description":"Validation failed","errors":[{"field":"updated_since","message":"It should be in the 'valid date' format","code":"invalid_value"}]}`, true},
		{"empty page", `{"tickets":[]}`, true},
		{"other api's message", `{"message":"Not Found","documentation_url":"https://docs.example.com"}`, false},
		{"zendesk empty page", `{"tickets":[],"next_page":null,"previous_page":null,"count":0}`, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			score, reason := JSONConnector{}.Detect("page.json", []byte(c.in))
			if c.want {
				assert.GreaterOrEqual(t, score, 20, reason)
			} else {
				assert.Zero(t, score, reason)
			}
		})
	}
}

// TestEmptyPageIsSkipped: a page with no tickets loads nothing and is
// counted as one skipped row, so the file does not fail as empty.
func TestEmptyPageIsSkipped(t *testing.T) {
	sink, err := read(t, `{"tickets":[]}`)
	require.NoError(t, err)
	assert.Empty(t, sink.Tickets)
	assert.Empty(t, sink.Rejects)
	assert.Equal(t, []string{"1: a page with no records"}, sink.skips)
}
