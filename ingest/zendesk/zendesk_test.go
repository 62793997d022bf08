package zendesk_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

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
