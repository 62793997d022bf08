package servicenow

import (
	"context"
	"encoding/json"
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
	"github.com/lanes-dev/lanes/models/config"
	"github.com/lanes-dev/lanes/models/warehouse"
)

const auditHeader = "number,sys_mod_count,sys_updated_on,sys_updated_by,state,assignment_group,opened_at\n"

func auditRows(numbers ...string) string {
	var b strings.Builder
	b.WriteString(auditHeader)
	mods := map[string]int{}
	for _, n := range numbers {
		m := mods[n]
		mods[n]++
		group := "Desk"
		if m%2 == 1 {
			group = "Network"
		}
		fmt.Fprintf(&b, "%s,%d,2024-03-01 09:%02d:00,ann,In Progress,%s,2024-03-01 09:00:00\n", n, m, m, group)
	}
	return b.String()
}

func withAuditLimit(t testing.TB, rows int) {
	old := maxAuditRows
	maxAuditRows = rows
	t.Cleanup(func() { maxAuditRows = old })
}

func TestAuditSortedFileStreamsPastTheLimit(t *testing.T) {
	withAuditLimit(t, 3)
	in := auditRows("INC1", "INC1", "INC2", "INC2", "INC2", "INC3", "INC3", "INC4")
	sink, err := ingesttest.Read(context.Background(), AuditConnector{}, "audit.csv", []byte(in), config.Source{})
	require.NoError(t, err)
	ingesttest.CheckInvariants(t, sink)
	var keys []string
	for _, tk := range sink.Tickets {
		keys = append(keys, tk.Key)
	}
	assert.Equal(t, []string{"INC1", "INC2", "INC3", "INC4"}, keys)
	// INC2: Desk -> Network -> Desk is two reassignments.
	require.NotNil(t, sink.Tickets[1].ReassignmentCount)
	assert.Equal(t, 2, *sink.Tickets[1].ReassignmentCount)
	assert.Len(t, sink.Events, 1+2+1)
}

func TestAuditUnsortedFileWithinTheLimit(t *testing.T) {
	withAuditLimit(t, 100)
	in := auditRows("INC2", "INC1", "INC2", "INC1")
	sink, err := ingesttest.Read(context.Background(), AuditConnector{}, "audit.csv", []byte(in), config.Source{})
	require.NoError(t, err)
	require.Len(t, sink.Tickets, 2)
	assert.Equal(t, "INC2", sink.Tickets[0].Key)
	assert.Equal(t, int64(4), sink.Tickets[0].Line)
	assert.Equal(t, int64(5), sink.Tickets[1].Line)
}

// TestAuditUnsortedFileBeyondTheLimit reads as a file in a .zip is read,
// with no scratch database to group the rows in (see spill_test.go for a
// plain file).
func TestAuditUnsortedFileBeyondTheLimit(t *testing.T) {
	withAuditLimit(t, 3)
	in := auditRows("INC1", "INC2", "INC1", "INC2")
	_, err := ingesttest.Read(context.Background(), AuditConnector{}, "audit.csv", []byte(in), config.Source{})
	require.Error(t, err)
	assert.Equal(t, "servicenow audit: audit.csv line 5: more than 3 rows (or 256 MiB) whose tickets' rows are not together, and the file could not be copied to disk to group them there (a file in an archive goes to the temporary folder, TMPDIR, first): extract it, or export the history sorted by number, then sys_mod_count, or split it by opened date into smaller files", err.Error())
}

func TestAuditNumberComesBackAfterStreaming(t *testing.T) {
	withAuditLimit(t, 3)
	in := auditRows("INC1", "INC1", "INC2", "INC2", "INC3", "INC1")
	_, err := ingesttest.Read(context.Background(), AuditConnector{}, "audit.csv", []byte(in), config.Source{})
	require.Error(t, err)
	assert.Equal(t, `servicenow audit: audit.csv line 7 column "number": rows for INC1 appear again after rows of other tickets (its earlier rows end on line 3); a file of more than 3 rows must keep each ticket's rows together: export it sorted by number, then sys_mod_count`, err.Error())
}

func TestAuditHeaderNeedsAnOrder(t *testing.T) {
	_, err := ingesttest.Read(context.Background(), AuditConnector{}, "audit.csv", []byte("number,state\nINC1,New\n"), config.Source{})
	require.Error(t, err)
	assert.Equal(t, "servicenow audit: audit.csv: the header has neither sys_mod_count nor sys_updated_on; an audit export needs one of them to put updates in order", err.Error())
}

func TestJSONRecordTooLarge(t *testing.T) {
	big := strings.Repeat("x", maxRecordBytes+10)
	in := `{"records":[` + "\n" + `{"number":"INC1","short_description":"ok","opened_at":"2024-03-01 09:00:00"},` + "\n" +
		`{"number":"INC2","description":"` + big + `"}]}`
	for _, c := range []ingest.Connector{JSONConnector{}, AuditConnector{}} {
		_, err := ingesttest.Read(context.Background(), c, "big.json", []byte(in), config.Source{})
		require.Error(t, err)
		assert.Contains(t, err.Error(), "big.json line 3: the record starting on line 3 is larger than 16 MiB")
	}
}

func TestCSVFieldTooLarge(t *testing.T) {
	big := strings.Repeat("x", 17<<20)
	in := "number,short_description,opened_at\nINC1,ok,2024-03-01 09:00:00\nINC2,\"" + big + "\",2024-03-01 09:00:00\n"
	for _, c := range []ingest.Connector{Connector{}, AuditConnector{}} {
		_, err := ingesttest.Read(context.Background(), c, "big.csv", []byte(strings.Replace(in, "opened_at", "opened_at,sys_mod_count", 1)), config.Source{})
		require.Error(t, err)
		assert.Contains(t, err.Error(), "big.csv line 3: record is longer than 16 MiB")
	}
}

func TestJSONDeeplyNested(t *testing.T) {
	for _, depth := range []int{40, 20000} {
		in := `{"records":[{"number":"INC1","opened_at":"2024-03-01 09:00:00","x":` + strings.Repeat("[", depth) + strings.Repeat("]", depth) + `}]}`
		sink, err := ingesttest.Read(context.Background(), JSONConnector{}, "deep.json", []byte(in), config.Source{})
		if depth == 40 {
			require.NoError(t, err)
			require.Len(t, sink.Rejects, 1)
			assert.Equal(t, "record nests values more than 32 levels deep", sink.Rejects[0].Reason)
			continue
		}
		require.Error(t, err)
		assert.Contains(t, err.Error(), "servicenow json: deep.json line 1")
	}
}

func TestJSONKeepsLargeNumbersExact(t *testing.T) {
	in := `{"result":[{"number":"INC1","opened_at":"2024-03-01 09:00:00","u_external_id":9007199254740993,"sys_id":"a"}]}`
	sink, err := ingesttest.Read(context.Background(), JSONConnector{}, "ids.json", []byte(in), config.Source{})
	require.NoError(t, err)
	require.Len(t, sink.Tickets, 1)
	raw, err := json.Marshal(sink.Tickets[0].Raw)
	require.NoError(t, err)
	assert.Contains(t, string(raw), `"u_external_id":9007199254740993`)
}

func TestDetectUTF16WithoutBOM(t *testing.T) {
	head := ingesttest.UTF16("number,short_description,state,opened_at\r\nINC1,x,New,2024-03-01 09:00:00\r\n", false, false)
	score, _ := Connector{}.Detect("export.csv", head)
	assert.Equal(t, 95, score)
	head = ingesttest.UTF16("number,sys_mod_count,state\r\nINC1,0,New\r\nINC1,1,Closed\r\n", true, true)
	score, _ = AuditConnector{}.Detect("history.csv", head)
	assert.Equal(t, 99, score)
}

func TestSysAuditLabelsAndTaskStates(t *testing.T) {
	// A list export with labels for headers, in Windows-1252, of a
	// requested item: task states, and a reopen from Closed Complete.
	in := "Document key,Table name,Field name,Old value,New value,User,Created,Record checkpoint\r\n" +
		"abc,sc_req_item,state,1,2,Jos\xe9 M\xfcller,2024-03-01 09:00:00,1\r\n" +
		"abc,sc_req_item,state,2,3,I\xf1aki Pe\xf1a,2024-03-01 10:00:00,2\r\n" +
		"abc,sc_req_item,state,3,2,Jos\xe9 M\xfcller,2024-03-02 08:00:00,3\r\n" +
		"abc,sc_req_item,priority,4,4,system,2024-03-02 08:00:00,3\r\n"
	score, reason := AuditConnector{}.Detect("sys_audit.csv", []byte(in))
	assert.Equal(t, 98, score)
	assert.Equal(t, "CSV header has sys_audit's documentkey, fieldname and newvalue (one row per changed field); read as Windows-1252 because byte 0xE9 on line 2 is not UTF-8", reason)
	for _, c := range []ingest.Connector{Connector{}, JSONConnector{}} {
		s, _ := c.Detect("sys_audit.csv", []byte(in))
		assert.Less(t, s, score, c.Name())
	}
	sink, err := ingesttest.Read(context.Background(), AuditConnector{}, "sys_audit.csv", []byte(in), config.Source{TimeZone: "Europe/Madrid"})
	require.NoError(t, err)
	ingesttest.CheckInvariants(t, sink)
	assert.Empty(t, sink.Tickets)
	assert.Empty(t, sink.Rejects)
	got := sink.Result().Events
	want := []ingesttest.Event{
		{Key: "abc", At: "2024-03-01T08:00:00Z", Kind: "status", Actor: "José Müller", From: "Open", To: "Work in Progress"},
		{Key: "abc", At: "2024-03-01T09:00:00Z", Kind: "status", Actor: "Iñaki Peña", From: "Work in Progress", To: "Closed Complete"},
		{Key: "abc", At: "2024-03-02T07:00:00Z", Kind: "status", Actor: "José Müller", From: "Closed Complete", To: "Work in Progress"},
		{Key: "abc", At: "2024-03-02T07:00:00Z", Kind: "reopen", Actor: "José Müller", From: "Closed Complete", To: "Work in Progress"},
	}
	assert.Equal(t, want, got)
}

// TestUTF16BrokenCharacter: a UTF-16 export with half a character (a lone
// surrogate) on its third line stops with that line and the character's
// place in it, rather than loading U+FFFD into the ticket's text.
func TestUTF16BrokenCharacter(t *testing.T) {
	in := ingesttest.UTF16("number,short_description,opened_at\r\nINC1,ok,2024-03-01 09:00:00\r\nINC2,x", false, true)
	in = append(in, 0x3D, 0xD8) // the high half of 😀, without its low half
	in = append(in, ingesttest.UTF16(",2024-03-01 10:00:00\r\n", false, false)...)
	_, err := ingesttest.Read(context.Background(), Connector{}, "incidents.csv", in, config.Source{})
	require.Error(t, err)
	// Line 3 is "INC2,x" (six characters), then the lone half.
	assert.Equal(t, "servicenow csv: incidents.csv line 3: character 7: UTF-16 unit 0xD83D is half of a character whose other half is missing (an unpaired surrogate): the file is damaged, or a tool cut text inside a character; export it again", err.Error())
}

// TestListWithRepeatedNumbersWarns: an update history without
// sys_mod_count whose first repeated number comes after what detection
// reads is taken for a list export; its repeated numbers are loaded once
// each, as a list's are, and the run warns that it may be a history. Here
// 2,000 incidents (about 130 KiB) each once, then INC0000001 again.
func TestListWithRepeatedNumbersWarns(t *testing.T) {
	var b strings.Builder
	b.WriteString("number,short_description,state,opened_at,sys_updated_on,sys_updated_by\n")
	for i := 1; i <= 2000; i++ {
		fmt.Fprintf(&b, "INC%07d,Laptop will not start,New,2024-03-01 09:00:00,2024-03-01 09:00:00,maria.lopez\n", i)
	}
	b.WriteString("INC0000001,Laptop will not start,Resolved,2024-03-01 09:00:00,2024-03-02 10:00:00,maria.lopez\n")
	path := filepath.Join(t.TempDir(), "incidents.csv")
	require.NoError(t, os.WriteFile(path, []byte(b.String()), 0o644))
	ctx := context.Background()
	wh, err := warehouse.Open(ctx, ":memory:", warehouse.Options{})
	require.NoError(t, err)
	defer wh.Close()
	sum, err := ingest.Run(ctx, wh, config.Default(), ingest.Options{Paths: []string{path},
		Now: func() time.Time { return time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC) }})
	require.NoError(t, err)
	require.Len(t, sum.Files, 1)
	f := sum.Files[0]
	require.Equal(t, Name, f.Format, "detected as a list: the repeat is past the first 64 KiB")
	assert.Equal(t, int64(1), f.Repeated)
	assert.Equal(t, int64(1), f.Merged)
	require.Len(t, f.Warnings(), 1)
	assert.Equal(t, path+": 1 ticket key(s) appear more than once in the file, each loaded once (its latest copy): a ServiceNow list export has each record once; if this file is an update history (a row per change), ingest it with --source servicenow_audit to keep its changes as events", f.Warnings()[0])
}
