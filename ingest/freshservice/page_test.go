package freshservice

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/ingest"
	"github.com/lanes-dev/lanes/ingest/ingesttest"
)

// read reads in with the JSON connector into a sink that counts skips.
func read(t *testing.T, in string) (*ingesttest.SkipSink, error) {
	t.Helper()
	sink, err := ingesttest.ReadSkips(JSONConnector{}, "page.json", in)
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
	assert.Equal(t, []int64{1}, sink.Lines)
	assert.Equal(t, []string{"a page with no records"}, sink.Reasons)
}

// TestJoinedPages: pages written one after another and pages gathered in
// a list are read in turn; each empty page is one skipped row, placed on
// the line where it starts.
func TestJoinedPages(t *testing.T) {
	ticket := func(id int, subject string) string {
		return fmt.Sprintf(`{"id":%d,"subject":%q,"status":2,"priority":2,"responder_id":null,"workspace_id":2,"created_at":"2024-06-03T09:00:00Z"}`, id, subject)
	}
	keys := func(s *ingesttest.SkipSink) []string {
		var out []string
		for _, tk := range s.Tickets {
			out = append(out, fmt.Sprintf("%s@%d", tk.Key, tk.Line))
		}
		return out
	}
	t.Run("one after another", func(t *testing.T) {
		in := `{"tickets":[` + ticket(1, "a") + "," + ticket(2, "b") + "]}\n" +
			`{"tickets":[]}` + "\n" +
			"{\"tickets\":[\n" + ticket(3, "c") + "\n]}\n"
		sink, err := read(t, in)
		require.NoError(t, err)
		assert.Equal(t, []string{"1@1", "2@1", "3@4"}, keys(sink))
		assert.Equal(t, []int64{2}, sink.Lines)
		assert.Equal(t, []string{"a page with no records"}, sink.Reasons)
	})
	t.Run("in a list", func(t *testing.T) {
		in := "[\n" + `{"tickets":[` + ticket(1, "a") + "]},\n" +
			`{"tickets":[]},` + "\n" +
			`{"ticket":` + ticket(4, "d") + "},\n" +
			`{"tickets":[` + ticket(2, "b") + ",42]}\n]"
		sink, err := read(t, in)
		require.NoError(t, err)
		assert.Equal(t, []string{"1@2", "4@4", "2@5"}, keys(sink))
		assert.Equal(t, []int64{3}, sink.Lines)
		assert.Equal(t, []string{"a page with no records"}, sink.Reasons)
		require.Len(t, sink.Rejects, 1)
		assert.Equal(t, ingest.Reject{Line: 5, Reason: "expected a ticket (a JSON object), found a number", Raw: sink.Rejects[0].Raw}, sink.Rejects[0])

		score, reason := JSONConnector{}.Detect("pages.json", []byte(in))
		assert.Equal(t, 95, score, reason)
	})
	t.Run("not a page after the pages", func(t *testing.T) {
		for _, tail := range []string{"42", `{"count": 1}`} {
			in := `{"tickets":[` + ticket(1, "a") + "]}\n" + tail + "\n"
			_, err := read(t, in)
			require.Error(t, err)
			assert.Equal(t, `freshservice json: page.json line 2: more JSON after the last page that is not a page of records (an object with "tickets" or "agents" or "requesters" or "groups" or "departments", or a list of them)`, err.Error())
		}
	})
}

// TestTicketWithoutIDIsNoDirectoryPage: in a bare list of tickets, one
// without an id that carries its requester ({"requester": {...}}) is a
// ticket with no id, rejected, not a page of one requester; a page of
// requesters alone in a list of pages is one.
func TestTicketWithoutIDIsNoDirectoryPage(t *testing.T) {
	in := "[\n" + `{"subject":"No id","status":2,"created_at":"2024-04-01T09:00:00Z","requester":{"id":7,"first_name":"Ana","last_name":"Lopes","primary_email":"ana@x.test"}},` + "\n" +
		`{"requester":{"id":7,"first_name":"Ana","last_name":"Lopes","primary_email":"ana@x.test"}}` + "\n]"
	sink, err := read(t, in)
	require.NoError(t, err)
	require.Len(t, sink.Rejects, 1)
	assert.Equal(t, ingest.Reject{Line: 2, Column: "id", Reason: "ticket has no id", Raw: sink.Rejects[0].Raw}, sink.Rejects[0])
	require.Len(t, sink.Entries, 1)
	assert.Equal(t, ingest.DirectoryEntry{Kind: "person", ID: "7", Name: "Ana Lopes", Email: "ana@x.test", Line: 3, Raw: sink.Entries[0].Raw}, *sink.Entries[0])
}
