package jsonstream

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/ingest"
)

// TestNotUTF8StopsTheFile: a byte that is not UTF-8 (é written as
// Windows-1252's 0xE9) stops the file at its line and column in every
// reader, instead of loading U+FFFD.
func TestNotUTF8StopsTheFile(t *testing.T) {
	// `{"id": 1, "title": "Caf` is 23 characters, so the byte is column
	// 24; in `{"id": 1, "n` (12 characters) the key's byte is column 13,
	// and in `{"note": "Caf` (13 characters) column 14.
	const rec = `{"id": 1, "title": "Caf` + "\xe9" + `"}`
	const key = `{"id": 1, "n` + "\xe9" + `": 2}`
	scanner := func(in *ingest.Input) *Scanner { return NewScanner("test", in, Options{}) }
	walkWith := func(l Layout) func(in *ingest.Input) error {
		return func(in *ingest.Input) error {
			c := &collect{}
			return scanner(in).Walk(l, c, c)
		}
	}
	records := func(in *ingest.Input) error {
		return scanner(in).Records(context.Background(), Pages{Lists: []string{"issues"}}, func(*Record) error { return nil })
	}
	export := func(in *ingest.Input) error {
		r, err := scanner(in).OpenExport(Export{Lists: []string{"records"}})
		for err == nil {
			_, err = r.Next()
		}
		if errors.Is(err, io.EOF) {
			return nil
		}
		return err
	}
	lines := func(in *ingest.Input) error {
		c := &collect{}
		return Lines("test", in, Options{}, c, func(*Record) error { return nil })
	}
	cases := []struct {
		name, text string
		read       func(in *ingest.Input) error
		at         string
	}{
		{"walk array of records", "[\n" + rec + "\n]", walkWith(Layout{ArrayOfRecords: true}), "line 2 column 24"},
		{"walk record read key by key", rec, walkWith(pages), "line 1 column 24"},
		{"walk key", key, walkWith(pages), "line 1 column 13"},
		{"walk held page", "{\"tickets\": [\n" + rec + "]}", walkWith(pages), "line 2 column 24"},
		{"lines", "{\"id\": 0}\n" + rec + "\n", lines, "line 2 column 24"},
		{"records array", "[\n" + rec + "\n]", records, "line 2 column 24"},
		{"records page", "{\"issues\": [\n" + rec + "]}", records, "line 2 column 24"},
		{"records object", rec, records, "line 1 column 24"},
		{"records key", key, records, "line 1 column 13"},
		{"export record", "{\"records\": [\n" + rec + "]}", export, "line 2 column 24"},
		{"export member", `{"note": "Caf` + "\xe9" + `", "records": []}`, export, "line 1 column 14"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.read(&ingest.Input{Path: "in.json", Reader: strings.NewReader(tc.text)})
			require.Error(t, err)
			var fe *ingest.FileError
			require.True(t, errors.As(err, &fe), "want a FileError, got %T: %v", err, err)
			var ee *EncodingError
			require.True(t, errors.As(err, &ee), "want an EncodingError, got %v", err)
			assert.Equal(t, "test: in.json "+tc.at+": byte 0xE9 is not UTF-8 (is the file in Windows-1252 or Latin-1?); JSON is read as UTF-8, or as UTF-16 when it starts with a byte order mark: save or export the file as UTF-8 and ingest it again", err.Error())
		})
	}
}

// TestUTF8Passes: text beyond ASCII that is UTF-8 reads as it is.
func TestUTF8Passes(t *testing.T) {
	c, err := walk(t, `[{"id": "Café 会议 🙂"}]`, Layout{ArrayOfRecords: true}, Options{})
	require.NoError(t, err)
	assert.Equal(t, []string{"1:Café 会议 🙂"}, c.items)
}

// TestSniffReadsPastBytesNotUTF8: detection still sees the keys of a file
// in Windows-1252, so that reading it gives the error with its place
// rather than "cannot tell which export this is".
func TestSniffReadsPastBytesNotUTF8(t *testing.T) {
	sh := Sniff([]byte(`{"n` + "\xe9" + `": 1, "tickets": [{"id": 1}]}`))
	assert.Equal(t, "tickets", sh.ListKey)
	assert.Len(t, sh.Keys, 2)
}
