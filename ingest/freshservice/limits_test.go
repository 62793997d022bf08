package freshservice_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/ingest/freshservice"
	"github.com/lanes-dev/lanes/ingest/ingesttest"
	"github.com/lanes-dev/lanes/models/config"
)

func TestJSONTicketTooLarge(t *testing.T) {
	in := `{"tickets":[` + "\n" + `{"id":1,"subject":"ok","created_at":"2024-03-01T09:00:00Z"},` + "\n" +
		`{"id":2,"description":"` + strings.Repeat("x", 17<<20) + `"}]}`
	_, err := ingesttest.Read(context.Background(), freshservice.JSONConnector{}, "big.json", []byte(in), config.Source{})
	require.Error(t, err)
	assert.Equal(t, "freshservice json: big.json line 3: the record starting on line 3 is larger than 16 MiB; is the file damaged?", err.Error())
}

func TestCSVFieldTooLarge(t *testing.T) {
	in := "Ticket Id,Subject,Created Time\n#INC-1,\"" + strings.Repeat("x", 17<<20) + "\",2024-03-01 09:00:00\n"
	_, err := ingesttest.Read(context.Background(), freshservice.Connector{}, "big.csv", []byte(in), config.Source{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "freshservice csv: big.csv line 2: record is longer than 16 MiB")
}

func TestJSONNestedBeyondTheDecoder(t *testing.T) {
	in := `{"tickets":[{"id":1,"created_at":"2024-03-01T09:00:00Z","custom_fields":` + strings.Repeat("[", 20000) + strings.Repeat("]", 20000) + `}]}`
	_, err := ingesttest.Read(context.Background(), freshservice.JSONConnector{}, "deep.json", []byte(in), config.Source{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "freshservice json: deep.json line 1")
	assert.Contains(t, err.Error(), "exceeded max depth")
}

func TestJSONKeepsLargeIDsExact(t *testing.T) {
	in := `{"tickets":[{"id":9007199254740993,"responder_id":18446744073709551615,"created_at":"2024-03-01T09:00:00Z","custom_fields":{"u_ref":9007199254740995}}]}`
	sink, err := ingesttest.Read(context.Background(), freshservice.JSONConnector{}, "ids.json", []byte(in), config.Source{})
	require.NoError(t, err)
	require.Len(t, sink.Tickets, 1)
	tk := sink.Tickets[0]
	assert.Equal(t, "9007199254740993", tk.Key)
	assert.Equal(t, "18446744073709551615", tk.Assignee)
	raw, err := json.Marshal(tk.Raw)
	require.NoError(t, err)
	assert.Contains(t, string(raw), `"u_ref":9007199254740995`)
	assert.Contains(t, string(raw), `"id":9007199254740993`)
}

func TestTimeTracked(t *testing.T) {
	for in, want := range map[string]float64{"01:30": 90, "0:05": 5, "12:00:30": 720.5, "100:00": 6000} {
		data := "Ticket Id,Created Time,Time Tracked\n#SR-1,2024-03-01 09:00:00," + in + "\n"
		sink, err := ingesttest.Read(context.Background(), freshservice.Connector{}, "t.csv", []byte(data), config.Source{})
		require.NoError(t, err)
		require.Len(t, sink.Tickets, 1, in)
		require.NotNil(t, sink.Tickets[0].HandleMinutes)
		assert.Equal(t, want, *sink.Tickets[0].HandleMinutes, in)
	}
}
