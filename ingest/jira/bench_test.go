package jira_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/ingest"
	"github.com/lanes-dev/lanes/ingest/benchgen"
	"github.com/lanes-dev/lanes/ingest/ingesttest"
	"github.com/lanes-dev/lanes/ingest/jira"
	"github.com/lanes-dev/lanes/models/config"
	"github.com/lanes-dev/lanes/models/warehouse"
)

const benchRows = 100_000

func benchFile(b *testing.B) (string, []byte) {
	b.Helper()
	path := filepath.Join(b.TempDir(), "jira.csv")
	f, err := os.Create(path)
	require.NoError(b, err)
	require.NoError(b, benchgen.JiraCSV(f, benchRows, 1))
	require.NoError(b, f.Close())
	data, err := os.ReadFile(path)
	require.NoError(b, err)
	return path, data
}

// BenchmarkRead is the connector alone: CSV parsing and mapping into a
// sink that keeps nothing.
func BenchmarkRead(b *testing.B) {
	_, data := benchFile(b)
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for b.Loop() {
		_, err := ingesttest.Read(context.Background(), jira.Connector{}, "jira.csv", data, config.Source{})
		require.NoError(b, err)
	}
}

// BenchmarkIngest is `lanes ingest` of one file into a fresh warehouse
// file (the fast path: DuckDB reads the file).
func BenchmarkIngest(b *testing.B) { benchIngest(b, true) }

// BenchmarkIngestGoPath is the same with the fast path off: Go reads and
// maps the file, the appender stages it.
func BenchmarkIngestGoPath(b *testing.B) { benchIngest(b, false) }

func benchIngest(b *testing.B, fast bool) {
	*jira.BulkOff = !fast
	defer func() { *jira.BulkOff = false }()
	path, data := benchFile(b)
	b.SetBytes(int64(len(data)))
	now := func() time.Time { return time.Date(2024, 4, 10, 12, 0, 0, 0, time.UTC) }
	// The fast path's steps, each reported as seconds per load (e.g.
	// tickets-s/op), to see where the time goes.
	steps := map[string]time.Duration{}
	jira.BulkTrace(func(step string) func() {
		start := time.Now()
		return func() { steps[step] += time.Since(start) }
	})
	defer jira.BulkTrace(nil)
	defer func() {
		for step, d := range steps {
			b.ReportMetric(d.Seconds()/float64(b.N), step+"-s/op")
		}
	}()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		db := filepath.Join(b.TempDir(), "w.duckdb")
		wh, err := warehouse.Open(context.Background(), db, warehouse.Options{})
		require.NoError(b, err)
		b.StartTimer()
		_, err = ingest.Run(context.Background(), wh, config.Default(), ingest.Options{Paths: []string{path}, Format: jira.Name, Now: now})
		require.NoError(b, err)
		require.NoError(b, wh.Close())
	}
}
