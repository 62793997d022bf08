package freshservice

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/ingest"
	"github.com/lanes-dev/lanes/ingest/ingesttest"
	"github.com/lanes-dev/lanes/models/config"
)

// TestTicketKey: incidents and service requests share the ticket
// numbers (the API's id), problems and changes have their own, so their
// prefix stays in the key.
func TestTicketKey(t *testing.T) {
	for in, want := range map[string]string{
		"#PRB-1":           "PRB-1",
		"#CHN-1":           "CHN-1",
		"chn-007":          "CHN-7",
		"#CHG-12":          "CHG-12",
		"#PRB-":            "#PRB-",
		"#INC-42":          "42",
		"#SR-43":           "43",
		"SR-0043":          "43",
		"#42":              "42",
		" 42 ":             "42",
		"42":               "42",
		"0":                "0",
		"9007199254740993": "9007199254740993",
		"#INC-":            "#INC-",
		"INC-42a":          "INC-42a",
		"ABC":              "ABC",
		"X1-42":            "X1-42",
	} {
		assert.Equal(t, want, ticketKey(in), in)
	}
}

// TestPrefixedIDsStayApart: incident 1, problem 1 and change 1 are three
// records; only the incident is ticket 1.
func TestPrefixedIDsStayApart(t *testing.T) {
	in := "Ticket Id,Subject,Status,Type,Created Time\n" +
		"#INC-1,Printer jammed,Open,Incident,2024-06-03 09:00:00\n" +
		"#PRB-1,Printers keep jamming,Open,Problem,2024-06-04 09:00:00\n" +
		"#CHN-1,Replace printer fleet,Open,Change,2024-06-05 09:00:00\n"
	sink, err := ingesttest.Read(context.Background(), Connector{}, "tickets.csv", []byte(in), config.Source{})
	require.NoError(t, err)
	require.Empty(t, sink.Rejects)
	var got [][2]string
	for _, tk := range sink.Tickets {
		got = append(got, [2]string{tk.Key, tk.Kind})
	}
	assert.Equal(t, [][2]string{{"1", "incident"}, {"PRB-1", "problem"}, {"CHN-1", "change"}}, got)
}

// TestClosedBeforeCreated: a ticket closed an hour before it was created
// is refused, as one resolved before it was created is.
func TestClosedBeforeCreated(t *testing.T) {
	const reason = "closed (2024-04-02T08:00:00Z) before it was created (2024-04-02T09:00:00Z)"
	for _, c := range []struct {
		name   string
		conn   ingest.Connector
		in     string
		column string
	}{
		{"csv", Connector{}, "Ticket Id,Subject,Status,Created Time,Closed Time\n" +
			"#INC-6,Clock skew,Closed,2024-04-02 09:00:00,2024-04-02 08:00:00\n" +
			"#INC-7,Fine,Closed,2024-04-02 09:00:00,2024-04-02 09:00:00\n", "Closed Time"},
		{"json", JSONConnector{}, `{"tickets":[
{"id":6,"subject":"Clock skew","status":5,"created_at":"2024-04-02T09:00:00Z","stats":{"closed_at":"2024-04-02T08:00:00Z"}},
{"id":7,"subject":"Fine","status":5,"created_at":"2024-04-02T09:00:00Z","stats":{"closed_at":"2024-04-02T09:00:00Z"}}
]}`, "stats.closed_at"},
	} {
		t.Run(c.name, func(t *testing.T) {
			sink, err := ingesttest.Read(context.Background(), c.conn, "closed", []byte(c.in), config.Source{})
			require.NoError(t, err)
			require.Len(t, sink.Rejects, 1)
			assert.Equal(t, ingest.Reject{Line: 2, Column: c.column, Reason: reason, Raw: sink.Rejects[0].Raw}, sink.Rejects[0])
			require.Len(t, sink.Tickets, 1)
			assert.Equal(t, "7", sink.Tickets[0].Key)
		})
	}
}

// TestWrongEncodingNamed: a file read in the wrong encoding (UTF-8 text
// of an even number of bytes read as lanes.yaml's utf-16) has a header of
// garbled names; the error says which encoding was used and where it was
// set.
func TestWrongEncodingNamed(t *testing.T) {
	in := "Ticket Id,Subject,Created Time\n#INC-1,Laptops,2024-06-03 09:00:00\n"
	_, err := ingesttest.Read(context.Background(), Connector{}, "tickets.csv", []byte(in), config.Source{Encoding: "utf-16"})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `the header has no "Ticket Id" or "Created Time" column`)
	assert.Contains(t, err.Error(), "(the file was read as utf-16, the encoding lanes.yaml sets for this source, and its header begins ")
	assert.Contains(t, err.Error(), "correct or remove encoding in lanes.yaml)")

	// The same text with one byte less cannot be UTF-16 at all: its last
	// byte is half a character. The error says so, and where the encoding
	// was set.
	_, err = ingesttest.Read(context.Background(), Connector{}, "tickets.csv", []byte(in[:len(in)-1]), config.Source{Encoding: "utf-16"})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "the file ends in the middle of a UTF-16 character")
	assert.Contains(t, err.Error(), "(the file was read as UTF-16 LE, the encoding lanes.yaml sets for this source; if the file is in another encoding, correct or remove encoding in lanes.yaml)")

	_, err = ingesttest.Read(context.Background(), Connector{}, "tickets.csv", []byte("Subject\nLaptop\n"), config.Source{})
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "lanes.yaml", "no encoding set, no hint")
}
