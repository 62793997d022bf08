package freshservice

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

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
