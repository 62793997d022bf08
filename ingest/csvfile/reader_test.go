package csvfile_test

import (
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/ingest"
	"github.com/lanes-dev/lanes/ingest/csvfile"
	"github.com/lanes-dev/lanes/models/config"
)

// row is one thing Next returned: a record or a reject.
type row struct {
	Line   int64
	Fields []string
	Reject *ingest.Reject
}

func readAll(t *testing.T, data, encoding string, opts csvfile.Options) ([]string, []row, error) {
	t.Helper()
	in := &ingest.Input{Path: "in.csv", Reader: strings.NewReader(data), Source: config.Source{Encoding: encoding}}
	r, err := csvfile.Open("test csv", in, opts)
	if err != nil {
		return nil, nil, err
	}
	var out []row
	for {
		rec, rej, err := r.Next()
		if errors.Is(err, io.EOF) {
			return r.Header().Names(), out, nil
		}
		if err != nil {
			return r.Header().Names(), out, err
		}
		if rej != nil {
			out = append(out, row{Line: rej.Line, Reject: rej})
			continue
		}
		out = append(out, row{Line: rec.Line, Fields: rec.Fields})
	}
}

func TestReader(t *testing.T) {
	cases := []struct {
		name    string
		data    string
		enc     string // the source's encoding
		opts    csvfile.Options
		header  []string
		rows    []row
		wantErr string
	}{
		{
			name:   "BOM and CRLF",
			data:   "\xEF\xBB\xBFKey,Title\r\nA-1,First\r\nA-2,Second\r\n",
			header: []string{"Key", "Title"},
			rows:   []row{{Line: 2, Fields: []string{"A-1", "First"}}, {Line: 3, Fields: []string{"A-2", "Second"}}},
		},
		{
			name:   "no newline at the end",
			data:   "Key,Title\nA-1,First",
			header: []string{"Key", "Title"},
			rows:   []row{{Line: 2, Fields: []string{"A-1", "First"}}},
		},
		{
			name:   "multi-line values keep the record's first line",
			data:   "Key,Body\nA-1,\"one\r\ntwo\nthree\"\nA-2,\"x\"\"y\"\n",
			header: []string{"Key", "Body"},
			rows:   []row{{Line: 2, Fields: []string{"A-1", "one\ntwo\nthree"}}, {Line: 5, Fields: []string{"A-2", `x"y`}}},
		},
		{
			name:   "blank lines and empty rows are skipped",
			data:   "Key,Title\n\nA-1,First\n,\n\n,\n",
			header: []string{"Key", "Title"},
			rows:   []row{{Line: 3, Fields: []string{"A-1", "First"}}},
		},
		{
			name:   "header names are trimmed",
			data:   " Key , Title\nA-1,First\n",
			header: []string{"Key", "Title"},
			rows:   []row{{Line: 2, Fields: []string{"A-1", "First"}}},
		},
		{
			name:   "too few and too many fields",
			data:   "Key,Title,State\nA-1,First\nA-2,Second,Open,extra\nA-3,Third,Open\n",
			header: []string{"Key", "Title", "State"},
			rows: []row{
				{Line: 2, Reject: &ingest.Reject{Line: 2, Column: "State", Reason: "row has 2 fields but the header has 3", Raw: "A-1,First"}},
				{Line: 3, Reject: &ingest.Reject{Line: 3, Column: "4", Reason: "row has 4 fields but the header has 3 (is a value with a comma not quoted?)", Raw: "A-2,Second,Open,extra"}},
				{Line: 4, Fields: []string{"A-3", "Third", "Open"}},
			},
		},
		{
			name:   "stray quote in the second column",
			data:   "Key,Title,State\nA-1,Say \"hi\",Open\nA-2,Fine,Open\n",
			header: []string{"Key", "Title", "State"},
			rows: []row{
				{Line: 2, Reject: &ingest.Reject{Line: 2, Column: "Title", Reason: `stray " on line 2 in a value that does not start with a quote (quote the whole value and double each " inside it)`, Raw: `A-1,Say "hi",Open`}},
				{Line: 3, Fields: []string{"A-2", "Fine", "Open"}},
			},
		},
		{
			name:   "text after a closing quote",
			data:   "Key,Title,State\nA-1,\"multi\nline\"x,Open\nA-2,Fine,Open\n",
			header: []string{"Key", "Title", "State"},
			rows: []row{
				{Line: 2, Reject: &ingest.Reject{Line: 2, Column: "Title", Reason: `unexpected " on line 3 inside a quoted value (a " inside quotes must be doubled as "")`, Raw: "A-1,\"multi\nline\"x,Open"}},
				{Line: 4, Fields: []string{"A-2", "Fine", "Open"}},
			},
		},
		{
			name:   "quote never closed",
			data:   "Key,Title,State\nA-1,Fine,Open\nA-2,Fine,\"Open\nA-3,Kept,Open\n",
			header: []string{"Key", "Title", "State"},
			rows: []row{
				{Line: 2, Fields: []string{"A-1", "Fine", "Open"}},
				{Line: 3, Reject: &ingest.Reject{Line: 3, Column: "State", Reason: "quote opened on line 3 is never closed (the rest of the file would be one value); the row is left out and reading goes on at line 4", Raw: "A-2,Fine,\"Open"}},
				{Line: 4, Fields: []string{"A-3", "Kept", "Open"}},
			},
		},
		{
			// Reading goes on after the stray quote's line: a value over
			// two lines, a ragged row and the last row keep their lines.
			name:   "quote never closed, rows after it",
			data:   "Key,Title,State\r\nA-1,\"one\r\ntwo\",\"Open\r\nA-2,\"three\nfour\",Open\r\nA-3,Short\r\nA-4,Last,Done",
			header: []string{"Key", "Title", "State"},
			rows: []row{
				{Line: 2, Reject: &ingest.Reject{Line: 2, Column: "State", Reason: `quote opened on line 3 is closed only by a " on line 4, in a later row (the rows in between would be one value); the row is left out and reading goes on at line 4`, Raw: "A-1,\"one\r\ntwo\",\"Open"}},
				{Line: 4, Fields: []string{"A-2", "three\nfour", "Open"}},
				{Line: 6, Reject: &ingest.Reject{Line: 6, Column: "State", Reason: "row has 2 fields but the header has 3", Raw: "A-3,Short"}},
				{Line: 7, Fields: []string{"A-4", "Last", "Done"}},
			},
		},
		{
			// The stray quote pairs with the first quote three rows on:
			// the rows in between are read again, not lost.
			name:   "stray quote closed by a later row",
			data:   "Key,Title,State\nA-1,\"Stray,Open\nA-2,Two,Open\nA-3,Three,Open\nA-4,\"Four, quoted\",Open\n",
			header: []string{"Key", "Title", "State"},
			rows: []row{
				{Line: 2, Reject: &ingest.Reject{Line: 2, Column: "Title", Reason: `quote opened on line 2 is closed only by a " on line 5, in a later row (the rows in between would be one value); the row is left out and reading goes on at line 3`, Raw: "A-1,\"Stray,Open"}},
				{Line: 3, Fields: []string{"A-2", "Two", "Open"}},
				{Line: 4, Fields: []string{"A-3", "Three", "Open"}},
				{Line: 5, Fields: []string{"A-4", "Four, quoted", "Open"}},
			},
		},
		{
			name:   "quote never closed on the last row",
			data:   "Key,Title\nA-1,Fine\nA-2,\"Open\n",
			header: []string{"Key", "Title"},
			rows: []row{
				{Line: 2, Fields: []string{"A-1", "Fine"}},
				{Line: 3, Reject: &ingest.Reject{Line: 3, Column: "Title", Reason: "quote opened on line 3 is never closed", Raw: "A-2,\"Open"}},
			},
		},
		{
			name:   "NUL in a value",
			data:   "Key,Title\nA-1,Fi\x00rst\nA-2,Second\n",
			header: []string{"Key", "Title"},
			rows: []row{
				{Line: 2, Reject: &ingest.Reject{Line: 2, Column: "Title", Reason: "value has a NUL byte; is this a binary file?", Raw: "A-1,First"}},
				{Line: 3, Fields: []string{"A-2", "Second"}},
			},
		},
		{
			name:    "record longer than the limit",
			data:    "Key,Title\nA-1,First\nA-2,\"" + strings.Repeat("x", 300) + "\"\n",
			opts:    csvfile.Options{MaxRecordBytes: 128},
			header:  []string{"Key", "Title"},
			rows:    []row{{Line: 2, Fields: []string{"A-1", "First"}}},
			wantErr: "test csv: in.csv line 3: record is longer than 128 bytes; is a quote left open?",
		},
		{
			name:   "record just within the limit",
			data:   "Key,Title\nA-1,First\nA-2," + strings.Repeat("x", 120) + "\nA-3,Third\n",
			opts:   csvfile.Options{MaxRecordBytes: 128},
			header: []string{"Key", "Title"},
			rows: []row{
				{Line: 2, Fields: []string{"A-1", "First"}},
				{Line: 3, Fields: []string{"A-2", strings.Repeat("x", 120)}},
				{Line: 4, Fields: []string{"A-3", "Third"}},
			},
		},
		{
			name:   "Windows-1252 values",
			data:   "Key,Title\nA-1,Caf\xe9 \x93ol\xe9\x94\nA-2,\x80 5\n",
			header: []string{"Key", "Title"},
			rows:   []row{{Line: 2, Fields: []string{"A-1", "Café “olé”"}}, {Line: 3, Fields: []string{"A-2", "€ 5"}}},
		},
		{
			name:   "Windows-1252 header",
			data:   "N\xfamero,T\xedtulo\nA-1,x\n",
			header: []string{"Número", "Título"},
			rows:   []row{{Line: 2, Fields: []string{"A-1", "x"}}},
		},
		{
			name:   "Windows-1252 set for the source reads UTF-8 bytes as two characters",
			data:   "Key,Title\nA-1,Caf\xc3\xa9\n",
			enc:    "cp1252",
			header: []string{"Key", "Title"},
			rows:   []row{{Line: 2, Fields: []string{"A-1", "CafÃ©"}}},
		},
		{
			name:    "byte undefined in Windows-1252",
			data:    "Key,Title\nA-1,Caf\xe9\nA-2,\"multi\nline \x8d\"\n",
			header:  []string{"Key", "Title"},
			rows:    []row{{Line: 2, Fields: []string{"A-1", "Café"}}},
			wantErr: `test csv: in.csv line 4: byte 0x8D is not a character in Windows-1252 (nor part of UTF-8): the file is in some other encoding; save or export it as UTF-8 (in Excel: "CSV UTF-8") and ingest it again`,
		},
		{
			name:    "UTF-8 set for the source refuses other bytes",
			data:    "Key,Title\nA-1,Caf\xe9\n",
			enc:     "utf-8",
			header:  []string{"Key", "Title"},
			wantErr: `test csv: in.csv line 2 column "Title": byte 0xE9 at offset 3 of the value is not UTF-8 (the file looks like Windows-1252 or Latin-1, not UTF-8); the source's encoding in lanes.yaml says utf-8: remove it to detect the encoding, set it to windows-1252, or save the file as UTF-8 (in Excel: "CSV UTF-8")`,
		},
		{
			name:   "UTF-16 LE",
			data:   "\xFF\xFEK\x00e\x00y\x00,\x00T\x00\n\x00A\x00-\x001\x00,\x00\xe9\x00\xac\x20\n\x00",
			header: []string{"Key", "T"},
			rows:   []row{{Line: 2, Fields: []string{"A-1", "é€"}}},
		},
		{
			name:   "UTF-16 BE",
			data:   "\xFE\xFF\x00K\x00e\x00y\x00,\x00T\x00\n\x00A\x00,\x00\xf1\x00\n",
			header: []string{"Key", "T"},
			rows:   []row{{Line: 2, Fields: []string{"A", "ñ"}}},
		},
		{name: "empty", data: "", wantErr: "test csv: in.csv: the file is empty; expected a header row"},
		{name: "only a BOM", data: "\xEF\xBB\xBF", wantErr: "test csv: in.csv: the file is empty; expected a header row"},
		{name: "only blank lines", data: "\n\r\n\n", wantErr: "test csv: in.csv: the file is empty; expected a header row"},
		{name: "empty header", data: ",,\nA,B,C\n", wantErr: "test csv: in.csv line 1: the first row is empty; expected a header row"},
		{name: "UTF-16 LE without a byte order mark", data: "K\x00e\x00y\x00,\x00T\x00\n\x00", header: []string{"Key", "T"}},
		{name: "NUL in header", data: "Key,T\x00itle\nA,B\n", wantErr: `test csv: in.csv line 1 column 2: the header has a NUL byte; this is not a text file (or it is UTF-16 without a byte order mark: save it as UTF-8)`},
		{name: "broken header", data: "Key,\"Title\n", wantErr: `test csv: in.csv line 1: cannot read the header row: extraneous or missing " in quoted-field`},
		{name: "header too long", data: strings.Repeat("x", 300), opts: csvfile.Options{MaxRecordBytes: 128}, wantErr: "test csv: in.csv line 1: the header is longer than 128 bytes; this does not look like a CSV file"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			header, rows, err := readAll(t, tc.data, tc.enc, tc.opts)
			if tc.wantErr != "" {
				require.Error(t, err)
				assert.Equal(t, tc.wantErr, err.Error())
				var fe *ingest.FileError
				assert.True(t, errors.As(err, &fe), "errors are *ingest.FileError")
			} else {
				require.NoError(t, err)
			}
			assert.Equal(t, tc.header, header)
			assert.Equal(t, tc.rows, rows)
		})
	}
}

func TestPrefetchKeepsFileOrder(t *testing.T) {
	data := "Key,Title\nA-1,One\nA-2\nA-3,Three\nA-4,Four\n"
	r, err := csvfile.Open("test csv", &ingest.Input{Path: "in.csv", Reader: strings.NewReader(data)}, csvfile.Options{})
	require.NoError(t, err)
	var seen []string
	require.NoError(t, r.Prefetch(1, 2, 1<<20, func(rec csvfile.Record) bool {
		seen = append(seen, rec.Fields[0])
		return true
	}))
	assert.Equal(t, []string{"A-1", "A-3"}, seen, "prefetch stops after maxRecords good records")
	var lines []int64
	for {
		rec, rej, err := r.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		require.NoError(t, err)
		if rej != nil {
			lines = append(lines, -rej.Line)
		} else {
			lines = append(lines, rec.Line)
		}
	}
	assert.Equal(t, []int64{2, -3, 4, 5}, lines)
}

func TestHeaderRaw(t *testing.T) {
	h := csvfile.NewHeader([]string{"Key", "Labels", "Labels", "Labels", "Empty", ""})
	raw := h.Raw(csvfile.Record{Fields: []string{"A-1", "x", "", "z", "", "loose"}})
	assert.Equal(t, map[string]any{"Key": "A-1", "Labels": []string{"x", "z"}, "6": "loose"}, raw)
	assert.Equal(t, []int{1, 2, 3}, h.All("labels"))
	assert.Equal(t, 0, h.Index("nope", " KEY "))
	assert.Equal(t, -1, h.Index("nope"))
}

func TestPeekHeader(t *testing.T) {
	utf16le := []byte{0xFF, 0xFE}
	for _, r := range "number,short_description\r\n" {
		utf16le = append(utf16le, byte(r), 0)
	}
	utf16be := []byte{0xFE, 0xFF}
	for _, r := range "number,state\n" {
		utf16be = append(utf16be, 0, byte(r))
	}
	cases := []struct {
		name string
		head []byte
		want []string
	}{
		{"plain", []byte("a,b\n1,2\n"), []string{"a", "b"}},
		{"BOM", []byte("\xEF\xBB\xBFIssue key,Summary\r\n"), []string{"Issue key", "Summary"}},
		{"UTF-16LE", utf16le, []string{"number", "short_description"}},
		{"UTF-16BE", utf16be, []string{"number", "state"}},
		{"one column", []byte("just text\n"), nil},
		{"JSON", []byte(`[{"key": "A-1", "title": "x"}]`), nil},
		{"empty", nil, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, csvfile.PeekHeader(tc.head))
		})
	}
}
