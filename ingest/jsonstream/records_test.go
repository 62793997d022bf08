package jsonstream

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/ingest"
)

// issuePages are Jira-like search pages: {"issues": [...]}, also inside
// arrays.
var issuePages = Pages{Lists: []string{"issues"}, Unwrap: func(obj map[string]any) ([]any, bool) {
	if _, issue := obj["key"]; issue {
		return nil, false
	}
	items, ok := obj["issues"].([]any)
	return items, ok
}}

// readRecords reads text with Records and lists "line:col:key" for records and
// "line:col:problem" for problems.
func readRecords(t *testing.T, text string, p Pages, opts Options) ([]string, error) {
	t.Helper()
	var got []string
	s := NewScanner("test", &ingest.Input{Path: "in.json", Reader: strings.NewReader(text)}, opts)
	err := s.Records(context.Background(), p, func(r *Record) error {
		if r.Problem != "" {
			got = append(got, fmt.Sprintf("%d:%d:%s", r.Line, r.Col, r.Problem))
		} else {
			got = append(got, fmt.Sprintf("%d:%d:%v", r.Line, r.Col, r.Fields["key"]))
		}
		return nil
	})
	return got, err
}

func TestRecordsShapes(t *testing.T) {
	cases := []struct {
		name, text string
		want       []string
	}{
		{"array", "[\n {\"key\": \"A\"},\n {\"key\": \"B\"}\n]", []string{"2:2:A", "3:2:B"}},
		{"page", `{"total": 2, "issues": [{"key": "A"}, {"key": "B"}], "next": null}`, []string{"1:25:A", "1:39:B"}},
		{"empty and null pages", `{"issues": []} {"issues": null}`, nil},
		{"the list key twice", `{"issues": [{"key": "A"}], "issues": [{"key": "B"}]}`, []string{"1:13:A", "1:39:B"}},
		{"json lines", "{\"key\": \"A\"}\n\n{\"key\": \"B\", \"key\": \"C\"}\n", []string{"1:1:A", "3:1:C"}},
		{"arrays back to back", `[{"key": "A"}][{"key": "B"}]`, []string{"1:2:A", "1:16:B"}},
		{"pages in an array", `[{"issues": [{"key": "A"}]}, [{"key": "B"}]]`, []string{"1:2:A", "1:30:B"}},
		{"arrays of pages", `[[[{"key": "A"}]]]`, []string{"1:2:A"}},
		{"too deep for pages", `[[[[{"key": "A"}]]]]`, []string{"1:2:expected a JSON object, found a list"}},
		{"not objects", "[1, \"x\"]\ntrue", []string{
			"1:2:expected a JSON object, found a number",
			"1:5:expected a JSON object, found a string",
			"2:1:expected a JSON object or array, found true",
		}},
		{"nested too deep", `[{"key": [[[[[1]]]]]}, {"key": "B"}]`, []string{"1:2:record nests 6 levels deep, more than the 5 lanes reads", "1:24:B"}},
		{"utf-8 bom", "\uFEFF[{\"key\": \"Zoë\"}]", []string{"1:2:Zoë"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := readRecords(t, tc.text, issuePages, Options{MaxDepth: 5})
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestRecordsUTF16(t *testing.T) {
	var got []string
	s := NewScanner("test", &ingest.Input{Path: "in.json", Reader: bytes.NewReader(utf16Bytes(`[{"key": "Zoë 😀"}]`, true))}, Options{})
	require.NoError(t, s.Records(context.Background(), Pages{}, func(r *Record) error {
		got = append(got, r.Fields["key"].(string))
		return nil
	}))
	assert.Equal(t, []string{"Zoë 😀"}, got)
}

func TestRecordsRaw(t *testing.T) {
	var raws []string
	s := NewScanner("test", &ingest.Input{Path: "in.json", Reader: strings.NewReader(`[{"key": 1}] {"key": "A",  "n": [1, 2]} [{"issues": [{"b": 1, "a": "<"}]}]`)}, Options{})
	require.NoError(t, s.Records(context.Background(), issuePages, func(r *Record) error {
		raws = append(raws, string(r.Raw))
		return nil
	}))
	// As written; an object read key by key without the blanks between
	// members; a record taken from a decoded page written anew.
	assert.Equal(t, []string{`{"key": 1}`, `{"key":"A","n":[1, 2]}`, `{"a":"\u003c","b":1}`}, raws)
}

func TestRecordsErrors(t *testing.T) {
	big := strings.Repeat("x", 100)
	deep := "[" + strings.Repeat("[", 10001) + strings.Repeat("]", 10001) + "]"
	cases := []struct {
		name, text, want string
		max              int64
	}{
		{"empty", " \n", `test: in.json: the file holds no JSON`, 64},
		{"cut in a record", "[\n {\"key\": \"A\"},\n {\"key\": \"B", `test: in.json line 3 column 2: the file ends inside the JSON value that starts here; is it cut off?`, 64},
		{"cut after a record", "[{\"key\": \"A\"}\n", `test: in.json line 1 column 14: the file ends inside the JSON value that starts here; is it cut off?`, 64},
		{"cut in a page", `{"total": 1, "next"`, `test: in.json line 1 column 1: the file ends inside the JSON value that starts here; is it cut off?`, 64},
		{"syntax", "[\n{\"key\": \"A\",, \"b\": 1}]", `test: in.json line 2 column 13: not valid JSON: invalid character ',' looking for beginning of object key string`, 0},
		{"missing comma", `[{"key": "A"} {"key": "B"}]`, `test: in.json line 1 column 15: not valid JSON: invalid character '{' after array element`, 64},
		{"missing colon", `{"key" "A"}`, `test: in.json line 1 column 8: not valid JSON: invalid character '"' after object key`, 64},
		{"literal", `[tru]`, `test: in.json line 1 column 5: not valid JSON: invalid character ']' in literal true (expecting 'e')`, 64},
		{"NUL", "[{\"key\": \"a\x00\"}]", `test: in.json line 1 column 12: not valid JSON: invalid character '\x00' in string literal`, 64},
		{"too deep for encoding/json", deep, `test: in.json line 1 column 10002: not valid JSON: nests more than 10000 levels deep`, 0},
		{"too big", `[{"key": "A"}, {"key": "` + big + `"}]`, `test: in.json line 1 column 16: the record starting here is larger than 64 bytes, the most lanes reads as one record; is the file damaged?`, 64},
		{"page too big", `{"next": "` + big + `", "issues": []}`, `test: in.json line 1 column 1: the record starting here is larger than 64 bytes, the most lanes reads as one record; is the file damaged?`, 64},
		{"list is not a list", "\n{\"issues\": {\"key\": \"A\"}}", `test: in.json line 2 column 1: "issues" should be a list of records, found an object`, 64},
		{"list is text", `{"issues": "none"}`, `test: in.json line 1 column 1: "issues" should be a list of records, found a string`, 64},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := readRecords(t, tc.text, issuePages, Options{MaxRecordBytes: tc.max})
			require.Error(t, err)
			var fe *ingest.FileError
			require.True(t, errors.As(err, &fe), "want a FileError, got %T", err)
			assert.Equal(t, tc.want, err.Error())
		})
	}
}

// TestRecordsLimitCountsEachRecord: records that fit pass, however many.
func TestRecordsLimitCountsEachRecord(t *testing.T) {
	text := strings.Repeat(`{"key": "`+strings.Repeat("y", 40)+`"}`+"\n", 100)
	got, err := readRecords(t, text, issuePages, Options{MaxRecordBytes: 64})
	require.NoError(t, err)
	assert.Len(t, got, 100)
}

func TestRecordsStopsWithTheCallerAndTheContext(t *testing.T) {
	stop := errors.New("stop")
	s := NewScanner("test", &ingest.Input{Path: "in.json", Reader: strings.NewReader(`[{"key": 1}, {"key": 2}]`)}, Options{})
	n := 0
	err := s.Records(context.Background(), Pages{}, func(*Record) error { n++; return stop })
	assert.Equal(t, stop, err)
	assert.Equal(t, 1, n)

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	s = NewScanner("test", &ingest.Input{Path: "in.json", Reader: strings.NewReader(`{"key": 1}`)}, Options{})
	assert.ErrorIs(t, s.Records(ctx, Pages{}, func(*Record) error { return nil }), context.Canceled)
}

func TestPagesSniff(t *testing.T) {
	cases := []struct {
		name, head string
		want       []string
	}{
		{"page", `{"total": 1, "issues": [{"key": "A", "fields": {}}], "x": 1}`, []string{"fields", "key"}},
		{"empty page", `{"total": 0, "issues": []}`, []string{"issues", "total"}},
		{"array", `[{"id": 1, "title": "cut`, []string{"id", "title"}},
		{"arrays of pages", `[[{"id": 1}]]`, []string{"id"}},
		{"page in an array", `[{"issues": [{"key": "A"}]}]`, []string{"key"}},
		{"key whose colon is cut", `{"key": "A", "fields"`, []string{"fields", "key"}},
		{"stops at invalid JSON", `{"key": "A", "bad": "\q", "fields": {}}`, []string{"bad", "key"}},
		{"utf-16", string(utf16Bytes(`[{"key": "A"}]`, false)), []string{"key"}},
		{"three arrays deep", `[[[{"key": "A"}]]]`, nil},
		{"not JSON", "key,fields\n", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			keys, ok := Pages{Lists: []string{"issues"}}.Sniff([]byte(tc.head))
			assert.Equal(t, tc.want != nil, ok)
			var got []string
			for k := range keys {
				got = append(got, k)
			}
			assert.ElementsMatch(t, tc.want, got)
		})
	}
}

// TestRecordsUTF16Broken: half a character in UTF-16 stops the file at
// its place, after the records before it; it is not read as U+FFFD.
func TestRecordsUTF16Broken(t *testing.T) {
	// Line 2 is `{"key": "b`, ten characters, then the lone surrogate.
	in := append(utf16Bytes("[{\"key\": \"a\"},\n{\"key\": \"b", true), 0x3D, 0xD8)
	in = append(in, utf16Bytes(`"}]`, true)[2:]...)
	var got []string
	s := NewScanner("test", &ingest.Input{Path: "in.json", Reader: bytes.NewReader(in)}, Options{})
	err := s.Records(context.Background(), Pages{}, func(r *Record) error {
		got = append(got, r.Fields["key"].(string))
		return nil
	})
	require.Error(t, err)
	assert.Equal(t, "test: in.json line 2 column 11: UTF-16 unit 0xD83D is half of a character whose other half is missing (an unpaired surrogate): the file is damaged, or a tool cut text inside a character; export it again", err.Error())
	assert.Equal(t, []string{"a"}, got)
}
