package jsonstream

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/ingest"
)

var tickets = Export{Lists: []string{"tickets"}, Singles: []string{"ticket"}, Noun: "ticket"}

// export reads text with OpenExport and lists "line:col:id" for records
// and "line:key:problem" for problems.
func export(t *testing.T, text string, e Export, opts Options) ([]string, error) {
	t.Helper()
	s := NewScanner("test", &ingest.Input{Path: "in.json", Reader: strings.NewReader(text)}, opts)
	r, err := s.OpenExport(e)
	if err != nil {
		return nil, err
	}
	var got []string
	for {
		rec, err := r.Next()
		if errors.Is(err, io.EOF) {
			return got, nil
		}
		if err != nil {
			return got, err
		}
		if rec.Problem != "" {
			got = append(got, fmt.Sprintf("%d:%s:%s", rec.Line, rec.Key, rec.Problem))
		} else {
			got = append(got, fmt.Sprintf("%d:%d:%v", rec.Line, rec.Col, rec.Fields["id"]))
		}
	}
}

func TestExportShapes(t *testing.T) {
	deep := func(n int) string { return strings.Repeat("[", n) + "1" + strings.Repeat("]", n) }
	cases := []struct {
		name, text string
		want       []string
	}{
		{"list", "{\"count\": 2, \"tickets\": [\n {\"id\": 1},\n {\"id\": 2}\n], \"next\": null}", []string{"2:2:1", "3:2:2"}},
		{"single", `{"ticket": {"id": 7}}`, []string{"1:12:7"}},
		{"bare array", "[{\"id\": 1}]\n", []string{"1:2:1"}},
		{"empty list", `{"tickets": []}`, nil},
		{"the list key twice", "{\"tickets\": [{\"id\": 1}],\n \"count\": 2, \"tickets\": [{\"id\": 2}]}", []string{"1:14:1", "2:26:2"}},
		{"not objects", `[[1], "x", 2, true, null]`, []string{
			"1::expected a ticket (a JSON object), found a list",
			"1::expected a ticket (a JSON object), found a string",
			"1::expected a ticket (a JSON object), found a number",
			"1::expected a ticket (a JSON object), found true or false",
			"1::expected a ticket (a JSON object), found null",
		}},
		// The ticket is at depth 1 and its members' values at 2: with a
		// limit of 4, two arrays around a number reach 4, three reach 5.
		{"deep", `[{"id": 1, "x": ` + deep(2) + `}, {"id": 2, "x": ` + deep(3) + `}]`, []string{"1:2:1", "1::ticket nests values more than 4 levels deep"}},
		{"empty arrays are not values", `[{"id": 1, "x": [[[]]]}]`, []string{"1:2:1"}},
		{"repeated member", `[{"id": 1, "a": 1, "a": 2}]`, []string{"1:a:member \"a\" appears twice in the ticket"}},
		{"repeated member written two ways", `[{"id": 1, "a": 1, "\u0061": 2}]`, []string{"1:a:member \"a\" appears twice in the ticket"}},
		{"the first repeat to end wins", `[{"id": 1, "a": 1, "a": {"b": 1, "b": 2}}]`, []string{"1:b:member \"b\" appears twice in the ticket"}},
		{"repeats too deep to read do not count", `[{"id": 1, "x": [[[{"b": 1, "b": 2}]]]}]`, []string{"1::ticket nests values more than 4 levels deep"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := export(t, tc.text, tickets, Options{MaxDepth: 4})
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestExportDropsValuesTooDeep(t *testing.T) {
	s := NewScanner("test", &ingest.Input{Path: "in.json", Reader: strings.NewReader(`[{"id": 1, "x": [[1, [2]]]}]`)}, Options{MaxDepth: 4})
	r, err := s.OpenExport(tickets)
	require.NoError(t, err)
	rec, err := r.Next()
	require.NoError(t, err)
	assert.Equal(t, "ticket nests values more than 4 levels deep", rec.Problem)
	assert.Equal(t, `{"id":1,"x":[[1,[null]]]}`, rec.FieldsText())
	assert.Equal(t, `{"id": 1, "x": [[1, [2]]]}`, string(rec.Raw))
}

func TestExportOther(t *testing.T) {
	var seen []string
	e := Export{Lists: []string{"records"}, Other: func(key string, raw []byte) error {
		seen = append(seen, fmt.Sprintf("%s=%s", key, raw))
		if key == "error" {
			return errors.New("an error response")
		}
		return nil
	}}
	_, err := export(t, `{"count": 1, "big": "`+strings.Repeat("x", 5000)+`", "records": [], "after": 1}`, e, Options{})
	require.NoError(t, err)
	assert.Equal(t, []string{"count=1", "big="}, seen)

	_, err = export(t, "{\"error\": {\"message\": \"no\"},\n \"records\": []}", e, Options{})
	assert.EqualError(t, err, "test: in.json line 1: an error response")
}

func TestExportErrors(t *testing.T) {
	cases := []struct{ name, text, want string }{
		{"empty", "\n ", `test: in.json: the file is empty`},
		{"not an export", "\n\"text\"", `test: in.json line 2: expected a JSON object or array, found a string`},
		{"a number and more", "0001,x", `test: in.json line 1: expected a JSON object or array, found a number`},
		{"no list", `{"count": 1, "items": []}`, `test: in.json: no list of records: expected an object with "tickets", found only "count", "items"`},
		{"no members", `{}`, `test: in.json: no list of records: expected an object with "tickets", found no members`},
		{"list is not a list", "{\n\"tickets\": {\"id\": 1}}", `test: in.json line 2: "tickets" holds an object, not a list of records`},
		{"single is a list", `{"ticket": [{"id": 1}]}`, `test: in.json line 1: "ticket" holds a list, not a list of records`},
		{"cut", "{\"tickets\": [\n{\"id\": 1},\n{\"id\"", `test: in.json line 3: the file ends in the middle of the JSON; is it truncated?`},
		{"cut after the list", `{"tickets": [{"id": 1}]`, `test: in.json line 1: the file ends in the middle of the JSON; is it truncated?`},
		{"syntax", "{\"tickets\": [\n{\"id\": 1 \"x\": 2}]}", `test: in.json line 2 column 10: invalid JSON: invalid character '"' after object key:value pair`},
		{"missing comma", `[{"id": 1} {"id": 2}]`, `test: in.json line 1 column 12: invalid JSON: invalid character '{' after array element`},
		{"more after the export", "{\"tickets\": []}\n{\"tickets\": []}", `test: in.json line 2 column 1: more JSON after the end of the export; a file must hold one export`},
		{"a number after the export", "[] 42", `test: in.json line 1 column 5: more JSON after the end of the export; a file must hold one export`},
		{"too big", "[{\"id\": 1},\n{\"id\": 2, \"x\": \"" + strings.Repeat("x", 2<<20) + "\"}]", `test: in.json line 2: the record starting on line 2 is larger than 1 MiB; is the file damaged?`},
		{"too big before the list", `{"x": "` + strings.Repeat("x", 2<<20) + `", "tickets": []}`, `test: in.json: the JSON before the records is larger than 1 MiB; is the file damaged?`},
		{"too deep for encoding/json", "[" + strings.Repeat("[", 10001) + strings.Repeat("]", 10001) + "]", `test: in.json line 1 column 10002: invalid JSON: invalid character '[' exceeded max depth`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := export(t, tc.text, tickets, Options{MaxRecordBytes: 1 << 20})
			require.Error(t, err)
			var fe *ingest.FileError
			require.True(t, errors.As(err, &fe), "want a FileError, got %T", err)
			assert.Equal(t, tc.want, err.Error())
		})
	}
}

func TestExportSniff(t *testing.T) {
	e := Export{Lists: []string{"records", "result"}, Singles: []string{"result"}}
	cases := []struct {
		name, head string
		key        string
		keys       []string
		ok         bool
	}{
		{"list", `{"count": 1, "records": [{"number": "INC1", "sys_id"`, "records", []string{"number", "sys_id"}, true},
		{"single", `{"result": {"number": "INC1"}}`, "result", []string{"number"}, true},
		{"bare array", `[{"number": "INC1"}]`, "", []string{"number"}, true},
		{"empty list", `{"records": []}`, "records", nil, true},
		{"cut before the first record", `{"records": [`, "records", nil, true},
		{"list of numbers", `{"records": [1, 2]}`, "records", nil, false},
		{"list is an object", `{"records": {"number": "INC1"}}`, "records", nil, false},
		{"no list", `{"count": 1, "items": []}`, "", nil, false},
		{"invalid before the list", `{"x": tru, "records": []}`, "", nil, false},
		{"bom", "\uFEFF" + `[{"number": "INC1"}]`, "", []string{"number"}, true},
		{"not JSON", "number,sys_id\n", "", nil, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			key, keys, ok := e.Sniff([]byte(tc.head))
			assert.Equal(t, tc.ok, ok)
			assert.Equal(t, tc.key, key)
			var got []string
			for k := range keys {
				got = append(got, k)
			}
			assert.ElementsMatch(t, tc.keys, got)
		})
	}
}

func TestStrict(t *testing.T) {
	r := &Strict{Layouts: []string{"2006-01-02"}}
	assert.Equal(t, "ab", r.Text("a\x00b", "a"))
	assert.Equal(t, "12345678901234567890", r.Text(json.Number("12345678901234567890"), "n"))
	assert.Equal(t, "true", r.Text(true, "b"))
	assert.Equal(t, "", r.Text(nil, "c"))
	assert.Nil(t, r.Reject)
	assert.Equal(t, time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC), *r.Time("2024-03-01", "d"))
	assert.Nil(t, r.Time(" ", "d"))

	assert.Equal(t, "", r.Text(map[string]any{}, "fields.summary"))
	assert.Nil(t, r.List("a,b", "fields.labels"))
	assert.Equal(t, &ingest.Reject{Column: "fields.summary", Reason: "fields.summary is an object, expected text"}, r.Reject, "the first problem is kept")

	for _, tc := range []struct {
		read func(r *Strict)
		want string
	}{
		{func(r *Strict) { r.Object([]any{}, "f") }, "f is a list, expected an object"},
		{func(r *Strict) { r.List(false, "f") }, "f is false, expected a list"},
		{func(r *Strict) { r.Time(json.Number("17"), "f") }, "cannot read 17 as a date"},
		{func(r *Strict) { r.Time("01/03/2024", "f") }, `cannot read "01/03/2024" as a date (expected like 2006-01-02)`},
	} {
		r := &Strict{Layouts: []string{"2006-01-02"}}
		tc.read(r)
		require.NotNil(t, r.Reject, tc.want)
		assert.Equal(t, tc.want, r.Reject.Reason)
	}
}

func TestDate(t *testing.T) {
	parse := func(s string) (time.Time, error) { return time.Parse("2006-01-02", s) }
	d, err := Date("2024-03-01", parse)
	require.NoError(t, err)
	assert.Equal(t, time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC), *d)
	d, err = Date(json.Number("1709280000"), parse)
	require.NoError(t, err)
	assert.Equal(t, time.Date(2024, 3, 1, 8, 0, 0, 0, time.UTC), *d)
	for _, v := range []any{nil, "", "  "} {
		d, err := Date(v, parse)
		assert.NoError(t, err)
		assert.Nil(t, d)
	}
	_, err = Date(true, parse)
	assert.EqualError(t, err, "expected a date, found true or false")
}

func TestClip(t *testing.T) {
	assert.Equal(t, "a\uFFFDb", Clip([]byte("a\xffb\x00")))
	long := strings.Repeat("é", 40000) // 80000 bytes
	got := Clip([]byte(long))
	assert.Equal(t, strings.Repeat("é", 32768)+" …(truncated)", got)
}

// TestExportJoined: with Joined, a document that follows the export ends
// it, and Following says where it starts, so the next OpenExport reads it;
// what follows that is not a document stops the file.
func TestExportJoined(t *testing.T) {
	e := tickets
	e.Joined = true
	s := NewScanner("test", &ingest.Input{Path: "in.json", Reader: strings.NewReader(
		"{\"tickets\": [{\"id\": 1}]}\n[{\"id\": 2}]\n42\n")}, Options{})
	var ids []string
	var starts []int64
	for {
		r, err := s.OpenExport(e)
		require.NoError(t, err)
		for {
			rec, err := r.Next()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				assert.Equal(t, `test: in.json line 3: more JSON after the last page that is not a page of tickets (an object with "tickets", or a list of them)`, err.Error())
				assert.Equal(t, []string{"1", "2"}, ids)
				assert.Equal(t, []int64{2}, starts)
				return
			}
			ids = append(ids, fmt.Sprint(rec.Fields["id"]))
		}
		line, ok := r.Following()
		require.True(t, ok, "the list on line 2 follows")
		starts = append(starts, line)
	}
}
