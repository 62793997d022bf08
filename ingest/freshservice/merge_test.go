package freshservice_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/ingest"
	_ "github.com/lanes-dev/lanes/ingest/all"
	"github.com/lanes-dev/lanes/models/config"
	"github.com/lanes-dev/lanes/models/warehouse"
)

// A CSV export and an API export of the same two tickets: the CSV's
// "#INC-42" and the API's 42 are one ticket, and so are "#SR-43" and 43.
const (
	bothCSV = `Ticket Id,Subject,Status,Priority,Type,Agent,Group,Requester Name,Created Time,Last Updated Time
#INC-42,VPN down,Open,High,Incident,Priya Nair,Network Team,Tom Becker,2024-03-04 08:00:00,2024-03-04 09:00:00
#SR-43,Figma licence,Pending,Low,Service Request,,Software Licensing,Ana Silva,2024-03-05 09:00:00,2024-03-08 10:00:00
`
	bothJSON = `{"tickets": [
  {"id": 42, "subject": "VPN down", "type": "Incident", "status": 4, "priority": 3, "source": 1,
   "responder_id": 24000512002, "group_id": 24000077001, "department_id": 24000091003, "requester_id": 1,
   "created_at": "2024-03-04T08:00:00Z", "updated_at": "2024-03-05T12:00:00Z", "stats": {"resolved_at": "2024-03-05T12:00:00Z"}},
  {"id": 43, "subject": "Figma licence", "type": "Service Request", "status": 2, "priority": 1, "source": 2,
   "responder_id": null, "group_id": null, "department_id": null, "requester_id": 2,
   "created_at": "2024-03-05T09:00:00Z", "updated_at": "2024-03-06T10:00:00Z"}
]}
`
)

func TestCSVAndAPIExportsMerge(t *testing.T) {
	dir := t.TempDir()
	csvPath := filepath.Join(dir, "a-export.csv")
	jsonPath := filepath.Join(dir, "b-api.json")
	require.NoError(t, os.WriteFile(csvPath, []byte(bothCSV), 0o644))
	require.NoError(t, os.WriteFile(jsonPath, []byte(bothJSON), 0o644))
	wh, err := warehouse.Open(context.Background(), ":memory:", warehouse.Options{})
	require.NoError(t, err)
	defer wh.Close()

	sum, err := ingest.Run(context.Background(), wh, config.Default(), ingest.Options{
		Paths: []string{csvPath, jsonPath},
		Now:   func() time.Time { return time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC) },
	})
	require.NoError(t, err)
	require.Len(t, sum.Files, 2)
	assert.Equal(t, "freshservice_csv", sum.Files[0].Format)
	assert.Equal(t, "freshservice_json", sum.Files[1].Format)
	// The CSV loads both; the API's 42 (updated 03-05 12:00) replaces the
	// CSV's (03-04 09:00), its 43 (03-06 10:00) loses to the CSV's (03-08
	// 10:00).
	assert.Equal(t, [4]int64{2, 2, 0, 0}, [4]int64{sum.Files[0].RowsIn, sum.Files[0].Loaded, sum.Files[0].Rejected, sum.Files[0].Merged})
	assert.Equal(t, [4]int64{2, 1, 0, 1}, [4]int64{sum.Files[1].RowsIn, sum.Files[1].Loaded, sum.Files[1].Rejected, sum.Files[1].Merged})

	rows, err := wh.Query(context.Background(), `select source, source_key, status_raw, kind, updated_at from tickets order by source_key`)
	require.NoError(t, err)
	defer rows.Close()
	type row struct {
		source, key, status, kind string
		updated                   time.Time
	}
	var got []row
	for rows.Next() {
		var r row
		require.NoError(t, rows.Scan(&r.source, &r.key, &r.status, &r.kind, &r.updated))
		got = append(got, r)
	}
	require.NoError(t, rows.Err())
	assert.Equal(t, []row{
		{"freshservice", "42", "Resolved", "incident", time.Date(2024, 3, 5, 12, 0, 0, 0, time.UTC)},
		{"freshservice", "43", "Pending", "request", time.Date(2024, 3, 8, 10, 0, 0, 0, time.UTC)},
	}, got)
}
