package xes_test

import (
	"bytes"
	"compress/gzip"
	"flag"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/ingest/eventlog/xes"
	"github.com/lanes-dev/lanes/ingest/ingesttest"
)

var update = flag.Bool("update", false, "rewrite testdata/gzipped/input.xes.gz from log.xes")

// TestGzipFixture keeps testdata/gzipped/input.xes.gz the compressed copy
// of the readable log.xes next to it.
func TestGzipFixture(t *testing.T) {
	dir := filepath.Join("testdata", "gzipped")
	want, err := os.ReadFile(filepath.Join(dir, "log.xes"))
	require.NoError(t, err)
	path := filepath.Join(dir, "input.xes.gz")
	if *update {
		var buf bytes.Buffer
		zw := gzip.NewWriter(&buf)
		_, err := zw.Write(want)
		require.NoError(t, err)
		require.NoError(t, zw.Close())
		require.NoError(t, os.WriteFile(path, buf.Bytes(), 0o644))
	}
	f, err := os.Open(path)
	require.NoError(t, err, "run go test -update to build %s", path)
	defer f.Close()
	zr, err := gzip.NewReader(f)
	require.NoError(t, err)
	got, err := io.ReadAll(zr)
	require.NoError(t, err)
	assert.Equal(t, string(want), string(got), "%s is out of date: run go test -update", path)
}

func TestFixtures(t *testing.T) {
	ingesttest.RunFixtures(t, xes.Connector{}, "testdata")
}

func FuzzRead(f *testing.F) {
	ingesttest.Fuzz(f, xes.Connector{}, "testdata")
}
