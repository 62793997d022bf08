package eventlog_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/ingest"
	"github.com/lanes-dev/lanes/ingest/eventlog"
	_ "github.com/lanes-dev/lanes/ingest/eventlog/xes"
	"github.com/lanes-dev/lanes/ingest/ingesttest"
	"github.com/lanes-dev/lanes/models/config"
	"github.com/lanes-dev/lanes/models/warehouse"
)

func TestFixtures(t *testing.T) {
	ingesttest.RunFixtures(t, eventlog.CSV{}, "testdata")
}

func FuzzRead(f *testing.F) {
	ingesttest.Fuzz(f, eventlog.CSV{}, "testdata")
}

// TestRunLoadsCasesAndEvents loads a CSV and an XES log through the
// warehouse: cases become tickets, their events ticket_events.
func TestRunLoadsCasesAndEvents(t *testing.T) {
	ctx := context.Background()
	wh, err := warehouse.Open(ctx, ":memory:", warehouse.Options{})
	require.NoError(t, err)
	defer wh.Close()
	paths := []string{
		filepath.Join("testdata", "helpdesk", "input.csv"),
		filepath.Join("xes", "testdata", "incidents", "input.xes"),
		filepath.Join("xes", "testdata", "gzipped", "input.xes.gz"),
	}
	sum, err := ingest.Run(ctx, wh, config.Default(), ingest.Options{Paths: paths, Now: func() time.Time { return time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC) }})
	require.NoError(t, err)
	require.Len(t, sum.Files, 3)
	for i, want := range []struct {
		format string
		loaded int64
	}{{"eventlog_csv", 3}, {"xes", 2}, {"xes", 1}} {
		assert.Equal(t, want.format, sum.Files[i].Format, paths[i])
		assert.Equal(t, "eventlog", sum.Files[i].Source)
		assert.Equal(t, want.loaded, sum.Files[i].Loaded, paths[i])
	}
	count := func(q string) int {
		var n int
		require.NoError(t, wh.QueryRow(ctx, q).Scan(&n))
		return n
	}
	// helpdesk: 20 events; incidents: 8; gzipped: 4 (see the fixtures).
	assert.Equal(t, 32, count("select count(*) from ticket_events"))
	assert.Equal(t, 6, count("select count(*) from tickets"))
	assert.Equal(t, 1, count("select count(*) from ticket_events where kind = 'reopen' and source_key = 'C-3'"))
}
