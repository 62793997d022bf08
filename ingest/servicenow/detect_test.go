package servicenow

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/ingest"
	"github.com/lanes-dev/lanes/ingest/ingesttest"
	"github.com/lanes-dev/lanes/models/config"
)

// TestDetectHistoryWithoutModCount: a history is told from a list by a
// number that repeats in the first rows next to the update columns
// sys_updated_on and sys_updated_by; a list of one row per ticket has the
// same columns (the default incident list shows Updated and Updated by)
// and stays a list, and so does a list with a repeated number but no
// sys_updated_by.
func TestDetectHistoryWithoutModCount(t *testing.T) {
	histCSV, err := os.ReadFile("testdata/servicenow_audit/history_no_mod_count/input.csv")
	require.NoError(t, err)
	histJSON, err := os.ReadFile("testdata/servicenow_audit/history_no_mod_count_json/input.json")
	require.NoError(t, err)
	dupList, err := os.ReadFile("testdata/servicenow_csv/duplicate_numbers/input.csv")
	require.NoError(t, err)

	// A long history whose only repeat is the last of the head's whole
	// rows: row i is INC<i> for i < n, then INC0 again.
	var long strings.Builder
	long.WriteString("number,sys_updated_on,sys_updated_by,state,short_description,opened_at\n")
	n := 0
	for long.Len() < ingest.HeadSize-200 {
		fmt.Fprintf(&long, "INC%07d,2024-05-02 09:00:00,iris.quinn,New,Wi-Fi drops,2024-05-02 09:00:00\n", n)
		n++
	}
	long.WriteString("INC0000000,2024-05-02 10:00:00,kai.moreau,Resolved,Wi-Fi drops,2024-05-02 09:00:00\n")
	for i := range 10 { // past the head, no repeats
		fmt.Fprintf(&long, "INC9%06d,2024-05-02 09:00:00,iris.quinn,New,Wi-Fi drops,2024-05-02 09:00:00\n", i)
	}
	longHist := long.String()

	for _, c := range []struct {
		name, in, want string
	}{
		{"csv history", string(histCSV), AuditName},
		{"json history", string(histJSON), AuditName},
		{"csv labels", "Number,Updated,Updated by,State,Short description,Opened\n" +
			"INC1,2024-05-02 09:00:00,ann,New,x,2024-05-02 09:00:00\n" +
			"INC1,2024-05-02 10:00:00,bo,Resolved,x,2024-05-02 09:00:00\n", AuditName},
		{"long csv history", longHist, AuditName},
		{"csv list", "number,sys_updated_on,sys_updated_by,state,short_description,opened_at\n" +
			"INC1,2024-05-02 09:00:00,ann,New,x,2024-05-02 09:00:00\n" +
			"INC2,2024-05-02 10:00:00,bo,Resolved,y,2024-05-02 09:00:00\n", Name},
		{"json list", `{"records":[{"number":"INC1","sys_updated_on":"2024-05-02 09:00:00","sys_updated_by":"ann","short_description":"x","sys_id":"a1"},` +
			`{"number":"INC2","sys_updated_on":"2024-05-02 09:00:00","sys_updated_by":"ann","short_description":"y","sys_id":"a2"}]}`, JSONName},
		{"csv list with a repeat, no sys_updated_by", string(dupList), Name},
	} {
		t.Run(c.name, func(t *testing.T) {
			head := []byte(c.in)
			if len(head) > ingest.HeadSize {
				head = head[:ingest.HeadSize]
			}
			d, err := ingest.Detect("export", head)
			require.NoError(t, err)
			assert.Equal(t, c.want, d.Connector.Name(), d.Reason)
		})
	}
}

// skipSink counts skipped records besides what ingesttest.Sink keeps.
type skipSink struct {
	ingesttest.Sink
	skips []string
}

func (s *skipSink) Skip(line int64, reason string) error {
	s.skips = append(s.skips, fmt.Sprintf("%d: %s", line, reason))
	return nil
}

// TestDetectErrorAndEmptyPage: ServiceNow's error response and a page
// with no records are recognised without --source; the error response
// then stops with ServiceNow's message, and an empty page is one skipped
// row, not a failure.
func TestDetectErrorAndEmptyPage(t *testing.T) {
	const errDoc = `{"error":{"message":"User Not Authenticated","detail":"Required to provide Auth information"},"status":"failure"}`
	for _, c := range []struct{ name, in, want string }{
		{"error response", errDoc, JSONName},
		{"error without status", `{"error":{"message":"No Record found","detail":"Record doesn't exist or ACL restricts the record retrieval"}}`, JSONName},
		{"empty result", `{"result":[]}`, JSONName},
		{"empty records", "{\n  \"records\": [ ]\n}\n", JSONName},
	} {
		t.Run(c.name, func(t *testing.T) {
			d, err := ingest.Detect("page.json", []byte(c.in))
			require.NoError(t, err)
			assert.Equal(t, c.want, d.Connector.Name(), d.Reason)
		})
	}

	_, err := ingesttest.Read(context.Background(), JSONConnector{}, "page.json", []byte(errDoc), config.Source{})
	require.Error(t, err)
	assert.Equal(t, `servicenow json: page.json line 1: the file is a ServiceNow error response, not an export: "User Not Authenticated: Required to provide Auth information"`, err.Error())

	for _, conn := range []ingest.Connector{JSONConnector{}, AuditConnector{}} {
		sink := &skipSink{}
		in := &ingest.Input{Path: "page.json", Reader: strings.NewReader(`{"result":[]}`), Location: time.UTC}
		require.NoError(t, conn.Read(context.Background(), in, sink), conn.Name())
		assert.Empty(t, sink.Tickets)
		assert.Empty(t, sink.Rejects)
		assert.Equal(t, []string{"1: a page with no records"}, sink.skips, conn.Name())
	}
}
