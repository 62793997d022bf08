package servicenow

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/ingest"
	"github.com/lanes-dev/lanes/ingest/ingesttest"
	"github.com/lanes-dev/lanes/models/config"
)

// TestClosedBeforeCreated: a ticket closed a day before it was opened is
// refused, as one resolved before it was opened is, in every format.
func TestClosedBeforeCreated(t *testing.T) {
	const reason = "closed (2024-03-04T10:00:00Z) before it was created (2024-03-05T10:00:00Z)"
	for _, c := range []struct {
		name string
		conn ingest.Connector
		in   string
		want ingest.Reject
	}{
		{"csv", Connector{}, "number,short_description,state,opened_at,resolved_at,closed_at\n" +
			"INC0095001,Old laptop,Closed,2024-03-05 10:00:00,,2024-03-04 10:00:00\n" +
			"INC0095002,New laptop,Closed,2024-03-05 10:00:00,,2024-03-05 10:00:00\n",
			ingest.Reject{Line: 2, Column: "closed_at", Reason: reason}},
		{"csv labels", Connector{}, "Number,Short description,State,Opened,Closed\n" +
			"INC0095001,Old laptop,Closed,2024-03-05 10:00:00,2024-03-04 10:00:00\n" +
			"INC0095002,New laptop,Closed,2024-03-05 10:00:00,2024-03-05 10:00:00\n",
			ingest.Reject{Line: 2, Column: "Closed", Reason: reason}},
		{"json", JSONConnector{}, `{"records":[
{"number":"INC0095001","short_description":"Old laptop","state":"Closed","opened_at":"2024-03-05 10:00:00","closed_at":"2024-03-04 10:00:00"},
{"number":"INC0095002","short_description":"New laptop","state":"Closed","opened_at":"2024-03-05 10:00:00","closed_at":"2024-03-05 10:00:00"}
]}`, ingest.Reject{Line: 2, Column: "closed_at", Reason: reason}},
		{"history", AuditConnector{}, "number,sys_mod_count,sys_updated_on,state,opened_at,closed_at\n" +
			"INC0095001,0,2024-03-05 10:00:00,New,2024-03-05 10:00:00,\n" +
			"INC0095001,1,2024-03-05 11:00:00,Closed,2024-03-05 10:00:00,2024-03-04 10:00:00\n" +
			"INC0095002,0,2024-03-05 10:00:00,Closed,2024-03-05 10:00:00,2024-03-05 10:00:00\n",
			ingest.Reject{Line: 3, Column: "closed_at", Reason: reason}},
	} {
		t.Run(c.name, func(t *testing.T) {
			sink, err := ingesttest.Read(context.Background(), c.conn, "closed", []byte(c.in), config.Source{})
			require.NoError(t, err)
			require.Len(t, sink.Rejects, 1)
			got := sink.Rejects[0]
			got.Raw = ""
			assert.Equal(t, c.want, got)
			require.Len(t, sink.Tickets, 1)
			assert.Equal(t, "INC0095002", sink.Tickets[0].Key)
		})
	}
}

// TestWrongEncodingNamed: a file read in the wrong encoding (UTF-8 text
// of an even number of bytes read as lanes.yaml's utf-16) has a header of
// garbled names; the error says which encoding was used and where it was
// set.
func TestWrongEncodingNamed(t *testing.T) {
	in := "number,short_description,opened_at\nINC1,Laptops,2024-06-03 09:00:00\n"
	_, err := ingesttest.Read(context.Background(), Connector{}, "incidents.csv", []byte(in), config.Source{Encoding: "utf-16"})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "the header has no number or opened_at column")
	assert.Contains(t, err.Error(), "(the file was read as utf-16, the encoding lanes.yaml sets for this source, and its header begins ")
	assert.Contains(t, err.Error(), "correct or remove encoding in lanes.yaml)")

	// The same text with one byte less cannot be UTF-16 at all: its last
	// byte is half a character. The error says so, and where the encoding
	// was set.
	_, err = ingesttest.Read(context.Background(), Connector{}, "incidents.csv", []byte(in[:len(in)-1]), config.Source{Encoding: "utf-16"})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "the file ends in the middle of a UTF-16 character")
	assert.Contains(t, err.Error(), "(the file was read as UTF-16 LE, the encoding lanes.yaml sets for this source; if the file is in another encoding, correct or remove encoding in lanes.yaml)")

	_, err = ingesttest.Read(context.Background(), Connector{}, "incidents.csv", []byte("short_description\nLaptop\n"), config.Source{})
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "lanes.yaml", "no encoding set, no hint")
}

// The audit history's CSV, which its reader opens again after peeking at
// the start, says the same when the text is not UTF-16: the encoding was
// lanes.yaml's, and a byte order mark (UTF-16 all the same) is not.
func TestWrongEncodingNamedAudit(t *testing.T) {
	in := "number,sys_mod_count,sys_updated_on,state\nINC1,0,2024-03-01 10:00,New\n" // 70 bytes: one less is odd
	_, err := ingesttest.Read(context.Background(), AuditConnector{}, "history.csv", []byte(in[:len(in)-1]), config.Source{Encoding: "utf-16"})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "the file ends in the middle of a UTF-16 character")
	assert.Contains(t, err.Error(), "(the file was read as UTF-16 LE, the encoding lanes.yaml sets for this source; if the file is in another encoding, correct or remove encoding in lanes.yaml)")

	_, err = ingesttest.Read(context.Background(), AuditConnector{}, "history.csv", append([]byte{0xFF, 0xFE}, in[:len(in)-1]...), config.Source{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "the file ends in the middle of a UTF-16 character")
	assert.NotContains(t, err.Error(), "lanes.yaml", "no encoding set, no hint")
}
