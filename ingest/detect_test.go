package ingest_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/ingest"
	_ "github.com/lanes-dev/lanes/ingest/all"
)

// TestDetectSaysWhatItIs: a file no connector recognises, whose first bytes
// say what it is, gets an error saying so instead of "cannot tell".
func TestDetectSaysWhatItIs(t *testing.T) {
	for _, tc := range []struct {
		name, head, want string
	}{
		{"empty", "", "f: the file is empty"},
		{"blank", " \n\t\n", "f: the file is empty"},
		{"empty list", "[ ]\n", "f: the file holds an empty JSON list: nothing to load (an API export with no records); remove it, or pass --source FORMAT to record it as an empty page"},
		{"empty object", "\ufeff{}", "f: the file holds an empty JSON object: nothing to load (an API export with no records); remove it, or pass --source FORMAT to record it as an empty page"},
		{"gzip", "\x1f\x8b\x08\x00", "f: the file is gzip-compressed and no connector reads it compressed (event logs do, as .xes.gz or .csv.gz): decompress it first (gunzip)"},
		{"workbook", "PK\x03\x04\x14\x00", "f: the file is a zip archive (an Excel workbook saved with another name?): save the sheet as CSV, or name the archive .zip"},
		{"anything else", "hello there\n", "f: cannot tell which export this is (no connector recognised it); pass --source FORMAT or set the source's format in lanes.yaml"},
	} {
		_, err := ingest.Detect("f", []byte(tc.head))
		require.Error(t, err, tc.name)
		assert.Equal(t, tc.want, err.Error(), tc.name)
	}
}

// TestDetectLeavesHeadersVendorsCannotRead: a vendor's CSV connector does
// not claim a header without a column it cannot read the file without
// (Freshservice's Created Time, Jira's Created, ServiceNow's opened_at or
// sys_created_on), where it would only refuse the file: the generic csv
// connector, which finds a key and a creation column in each of these
// headers, gets it. The same headers with the vendor's column go to the
// vendor.
func TestDetectLeavesHeadersVendorsCannotRead(t *testing.T) {
	for _, tc := range []struct {
		name, head, want string
	}{
		{"ticket id and subject", "Ticket ID,Subject,Status,Created,Requester\n55,Mouse broken,Open,2026-03-02 09:00,Nora Krüger\n", "csv"},
		{"ticket id, subject and agent", "Ticket ID,Subject,Details,Status,Opened,Closed,Queue,Agent,Requester,Channel\nHD-1,VPN,x,Closed,2026-03-02 09:33,2026-03-04 14:28,Desk,Ann,Bo,#it\n", "csv"},
		{"freshservice", "Ticket Id,Subject,Status,Created Time\n#INC-1,VPN,Open,2026-03-02 09:00:00\n", "freshservice_csv"},
		{"issue key without Created", "Issue key,Summary,Issue Type,created_at\nIT-1,VPN,Incident,2026-03-02 09:00\n", "csv"},
		{"jira", "Issue key,Summary,Issue Type,Created\nIT-1,VPN,Incident,2026-03-02 09:00\n", "jira_csv"},
		{"number without opened_at", "number,short_description,state,created_at\nINC1,VPN,New,2026-03-02 09:00\n", "csv"},
		{"servicenow", "number,short_description,state,opened_at\nINC1,VPN,New,2026-03-02 09:00\n", "servicenow_csv"},
	} {
		d, err := ingest.Detect("export.csv", []byte(tc.head))
		require.NoError(t, err, tc.name)
		assert.Equal(t, tc.want, d.Connector.Name(), "%s: %s", tc.name, d.Reason)
	}
}
