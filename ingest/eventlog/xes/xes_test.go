package xes_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/ingest/eventlog/xes"
	"github.com/lanes-dev/lanes/ingest/ingesttest"
	"github.com/lanes-dev/lanes/models/config"
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

// TestRejectRawText: a reject keeps the text of its event or trace as
// read, decoded from the declared encoding, and at most 64 KiB of it.
func TestRejectRawText(t *testing.T) {
	ctx := context.Background()
	// Latin-1: "Café" is 43 61 66 E9; the event's text is lines 3-6.
	latin1 := "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<log xes.version=\"1.0\">\n<trace><string key=\"concept:name\" value=\"Caf\xe9\"/>\n<event>\n<string key=\"concept:name\" value=\"Caf\xe9 order\"/>\n<date key=\"time:timestamp\" value=\"soon\"/>\n</event>\n</trace>\n</log>\n"
	sink, err := ingesttest.Read(ctx, xes.Connector{}, "log.xes", []byte(latin1), config.Source{})
	require.NoError(t, err)
	require.Len(t, sink.Rejects, 1)
	assert.Equal(t, int64(4), sink.Rejects[0].Line)
	assert.Equal(t, "<event>\n<string key=\"concept:name\" value=\"Café order\"/>\n<date key=\"time:timestamp\" value=\"soon\"/>\n</event>", sink.Rejects[0].Raw)

	// A trace with no case id and a 100,000-byte description: its text is
	// cut at 64 KiB (65,536 bytes) and marked.
	long := strings.Repeat("x", 100_000)
	doc := "<log xes.version=\"1.0\">\n<trace>\n<string key=\"description\" value=\"" + long + "\"/>\n</trace>\n</log>\n"
	sink, err = ingesttest.Read(ctx, xes.Connector{}, "log.xes", []byte(doc), config.Source{})
	require.NoError(t, err)
	require.Len(t, sink.Rejects, 1)
	want := ("<trace>\n<string key=\"description\" value=\"" + long)[:65536] + " …(truncated)"
	assert.Equal(t, want, sink.Rejects[0].Raw)
}

// TestGzipCutShort: a .xes.gz cut short says so, as a plain .xes does.
func TestGzipCutShort(t *testing.T) {
	doc := "<log xes.version=\"1.0\">\n"
	for i := range 2000 {
		doc += fmt.Sprintf("<trace><string key=\"concept:name\" value=\"T%d\"/>\n<event><string key=\"concept:name\" value=\"Open\"/><date key=\"time:timestamp\" value=\"2026-02-02T10:00:00Z\"/></event></trace>\n", i)
	}
	doc += "</log>\n"
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	_, err := zw.Write([]byte(doc))
	require.NoError(t, err)
	require.NoError(t, zw.Close())
	data := buf.Bytes()
	_, err = ingesttest.Read(context.Background(), xes.Connector{}, "log.xes.gz", data[:len(data)/2], config.Source{})
	require.Error(t, err)
	assert.Regexp(t, `^xes: log\.xes\.gz line \d+: the file ends inside <(trace|event|string|date|log)>, where the gzip-compressed data ends early; is it cut short\?$`, err.Error())
}

// TestDetectUTF16: a UTF-16 log with a byte order mark is recognised.
func TestDetectUTF16(t *testing.T) {
	head, err := os.ReadFile(filepath.Join("testdata", "utf16", "input.xes"))
	require.NoError(t, err)
	score, reason := xes.Connector{}.Detect("input.xes", head)
	assert.Equal(t, 96, score)
	assert.Equal(t, "UTF-16 XML with an XES <log> root", reason)
}

// TestUTF16BrokenCharacter: half a character (a lone surrogate) in a
// UTF-16 log stops the file at its line and character, rather than
// loading U+FFFD as a resource's name.
func TestUTF16BrokenCharacter(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "utf16", "input.xes"))
	require.NoError(t, err)
	// In UTF-16 LE, "Zürich" is Z 00 FC 00 r 00...: its first "Zü" is
	// on line 8, `      <string key="org:resource" value="Zürich desk"/>`.
	zue := []byte{'Z', 0, 0xFC, 0}
	i := bytes.Index(data, zue)
	require.Positive(t, i)
	broken := append(append(append([]byte{}, data[:i+2]...), 0x3D, 0xD8), data[i+2:]...)
	_, err = ingesttest.Read(context.Background(), xes.Connector{}, "log.xes", broken, config.Source{})
	require.Error(t, err)
	// `      <string key="org:resource" value="Z` is 41 characters (6 blanks, 34
	// more and the Z); the broken half is the 42nd.
	assert.Equal(t, "xes: log.xes line 8 column 42: UTF-16 unit 0xD83D is half of a character whose other half is missing (an unpaired surrogate): the file is damaged, or a tool cut text inside a character; export it again", err.Error())
}
