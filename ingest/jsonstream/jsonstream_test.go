package jsonstream

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/ingest"
)

type collect struct {
	items   []string // "line:id"
	sides   []string
	ends    []string
	rejects []ingest.Reject
}

func (c *collect) Item(r *Record) error {
	c.items = append(c.items, fmt.Sprintf("%d:%v", r.Line, r.Fields["id"]))
	return nil
}

func (c *collect) Side(k string, r *Record) error {
	c.sides = append(c.sides, fmt.Sprintf("%s:%v", k, r.Fields["id"]))
	return nil
}

func (c *collect) End(p *Page) error {
	if p.Listed {
		c.ends = append(c.ends, fmt.Sprintf("page@%d:%s", p.Line, p.ListKey))
	} else {
		c.ends = append(c.ends, fmt.Sprintf("record@%d:%v", p.Line, p.Fields["id"]))
	}
	return nil
}

func (c *collect) Reject(r ingest.Reject) error { c.rejects = append(c.rejects, r); return nil }

func walk(t *testing.T, text string, l Layout, opts Options) (*collect, error) {
	t.Helper()
	c := &collect{}
	s := NewScanner("test", &ingest.Input{Path: "in.json", Reader: strings.NewReader(text)}, opts)
	return c, s.Walk(l, c, c)
}

var pages = Layout{Lists: []string{"tickets"}, Singles: []string{"ticket"}, Sides: []string{"users"}, Hold: true}

func TestWalkShapes(t *testing.T) {
	cases := []struct {
		name, text string
		items      []string
		sides      []string
		ends       []string
	}{
		{
			name:  "page with side-loads after the records",
			text:  "{\"count\": 2,\n \"tickets\": [\n  {\"id\": 1},\n  {\"id\": 2}\n ],\n \"users\": [{\"id\": 9}]}",
			items: []string{"3:1", "4:2"},
			sides: []string{"users:9"},
			ends:  []string{"page@1:tickets"},
		},
		{
			name:  "pages one after another and a bare record",
			text:  "{\"tickets\": [{\"id\": 1}]}\n{\"tickets\": []}\n{\"id\": 3, \"x\": {\"y\": [1]}}\n",
			items: []string{"1:1"},
			ends:  []string{"page@1:tickets", "page@2:tickets", "record@3:3"},
		},
		{
			name:  "array of records and pages",
			text:  "[\n{\"id\": 1},\n{\"ticket\": {\"id\": 2}}\n]",
			items: []string{"3:2"},
			ends:  []string{"record@2:1", "page@3:ticket"},
		},
		{
			name: "empty array",
			text: " [ ] ",
		},
		{
			// Both lists are read (a script joining pages by hand); the
			// second was kept as a field of the page, its records lost.
			name:  "the list key twice",
			text:  "{\"tickets\": [{\"id\": 1}],\n \"tickets\": [\n  {\"id\": 2}]}",
			items: []string{"1:1", "3:2"},
			ends:  []string{"page@1:tickets"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, err := walk(t, tc.text, pages, Options{})
			require.NoError(t, err)
			assert.Equal(t, tc.items, c.items)
			assert.Equal(t, tc.sides, c.sides)
			assert.Equal(t, tc.ends, c.ends)
			assert.Empty(t, c.rejects)
		})
	}
}

func TestWalkAnyList(t *testing.T) {
	l := Layout{AnyList: true, RecordKey: func(k string) bool { return k == "id" }}
	c, err := walk(t, `{"page": 1, "things": [{"id": 1}, {"id": 2}]}`, l, Options{})
	require.NoError(t, err)
	assert.Equal(t, []string{"1:1", "1:2"}, c.items)
	// A record key before the array makes the object a record.
	c, err = walk(t, `{"id": 7, "comments": [{"id": 1}]}`, l, Options{})
	require.NoError(t, err)
	assert.Empty(t, c.items)
	assert.Equal(t, []string{"record@1:7"}, c.ends)
}

// fieldsHandler keeps what End gets, to look at a record's fields.
type fieldsHandler struct {
	*collect
	pages []*Page
}

func (h *fieldsHandler) End(p *Page) error {
	h.pages = append(h.pages, p)
	return h.collect.End(p)
}

// TestWalkListsWhateverTheKeyOrder: which lists hold records does not hang
// on the order of an object's keys, and no list of records is left out.
func TestWalkListsWhateverTheKeyOrder(t *testing.T) {
	isRecordKey := func(k string) bool { return k == "id" || k == "status" }
	l := Layout{Lists: []string{"tickets", "data"}, AnyList: true, RecordKey: isRecordKey, ArrayOfRecords: true}
	cases := []struct {
		name, text string
		items      []string
		ends       []string
		fields     map[string]any // of the one object, when given
	}{
		{
			name:  "every list of objects in a page",
			text:  "{\"open\": [{\"id\": 1}],\n \"closed\": [{\"id\": 2}, {\"id\": 3}]}",
			items: []string{"1:1", "2:2", "2:3"},
			ends:  []string{"page@1:closed"},
		},
		{
			name:  "a list key after record keys",
			text:  `{"id": "export-42", "created": "2024-05-01", "tickets": [{"id": 1}, {"id": 2}]}`,
			items: []string{"1:1", "1:2"},
			ends:  []string{"page@1:tickets"},
		},
		{
			name:  "a list key after a status",
			text:  `{"status": "ok", "data": [{"id": 1}]}`,
			items: []string{"1:1"},
			ends:  []string{"page@1:data"},
		},
		{
			name:   "a record key after a list",
			text:   `{"labels": [{"name": "x"}, {"name": "y"}], "id": 7}`,
			ends:   []string{"record@1:7"},
			fields: map[string]any{"id": json.Number("7"), "labels": []any{map[string]any{"name": "x"}, map[string]any{"name": "y"}}},
		},
		{
			name:   "a list key after a list: the list key holds the records",
			text:   `{"included": [{"id": 9}], "tickets": [{"id": 1}]}`,
			items:  []string{"1:1"},
			ends:   []string{"page@1:tickets"},
			fields: map[string]any{"included": []any{map[string]any{"id": json.Number("9")}}},
		},
		{
			name:  "a key given again wins over its list, also in a page",
			text:  `{"foo": [{"id": 1}], "bar": [{"id": 2}], "foo": 3}`,
			items: []string{"1:2"},
			ends:  []string{"page@1:bar"},
		},
		{
			name:   "a key given again wins over its list",
			text:   `{"foo": [{"id": 1}], "id": 5, "foo": 3}`,
			ends:   []string{"record@1:5"},
			fields: map[string]any{"id": json.Number("5"), "foo": json.Number("3")},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := &fieldsHandler{collect: &collect{}}
			s := NewScanner("test", &ingest.Input{Path: "in.json", Reader: strings.NewReader(tc.text)}, Options{})
			require.NoError(t, s.Walk(l, h, h))
			assert.Equal(t, tc.items, h.items)
			assert.Equal(t, tc.ends, h.ends)
			assert.Empty(t, h.rejects)
			if tc.fields != nil {
				require.Len(t, h.pages, 1)
				assert.Equal(t, tc.fields, h.pages[0].Fields)
			}
		})
	}
}

// TestWalkHeldListsSpillToDisk: the lists an object holds wait in a
// temporary file beyond the memory budget, and come back in order as
// records of a page, or as a record's member.
func TestWalkHeldListsSpillToDisk(t *testing.T) {
	old := spoolMemory
	spoolMemory = 64
	defer func() { spoolMemory = old }()
	l := Layout{AnyList: true, RecordKey: func(k string) bool { return k == "id" }}
	var list strings.Builder
	var want []string
	var member []any
	for i := 1; i <= 30; i++ {
		if i > 1 {
			list.WriteString(",\n")
		}
		fmt.Fprintf(&list, `{"n": %d, "pad": "%s"}`, i, strings.Repeat("p", i))
		want = append(want, fmt.Sprintf("%d:<nil>", i+1)) // element i is on line i+1
		member = append(member, map[string]any{"n": json.Number(fmt.Sprint(i)), "pad": strings.Repeat("p", i)})
	}
	c, err := walk(t, "{\"a\": [\n"+list.String()+"], \"b\": [{\"x\": 1}]}", l, Options{})
	require.NoError(t, err)
	assert.Equal(t, append(want, "31:<nil>"), c.items)

	h := &fieldsHandler{collect: &collect{}}
	s := NewScanner("test", &ingest.Input{Path: "in.json", Reader: strings.NewReader("{\"a\": [\n" + list.String() + "], \"id\": 1}")}, Options{})
	require.NoError(t, s.Walk(l, h, h))
	assert.Empty(t, h.items)
	require.Len(t, h.pages, 1)
	assert.Equal(t, member, h.pages[0].Fields["a"])
}

// TestWalkHeldListProblems: a held list that turns out to be a record's
// member meets the limits and checks of any other member.
func TestWalkHeldListProblems(t *testing.T) {
	l := Layout{AnyList: true, RecordKey: func(k string) bool { return k == "id" }}
	big := strings.Repeat("x", 600)
	_, err := walk(t, `{"a": [{"s": "`+big+`"}, {"s": "`+big+`"}], "id": 1}`, l, Options{MaxRecordBytes: 1024})
	require.Error(t, err)
	assert.Equal(t, `test: in.json line 1 column 1: the object is longer than 1 KiB without a list of records in it`, err.Error())

	// As records of a page, the same list is fine: each is under 1 KiB.
	c, err := walk(t, `{"a": [{"s": "`+big+`"}, {"s": "`+big+`"}]}`, l, Options{MaxRecordBytes: 1024})
	require.NoError(t, err)
	assert.Len(t, c.items, 2)

	// A bad element: the record is rejected; as a page, only the element.
	// In line 2, `{"s": tru}`, the "}" is column 10.
	c, err = walk(t, "{\"a\": [{\"s\": 1},\n{\"s\": tru}], \"id\": 1}", l, Options{})
	require.NoError(t, err)
	assert.Empty(t, c.ends)
	require.Len(t, c.rejects, 1)
	assert.Equal(t, `invalid JSON in key "a" at line 2 column 10: invalid character '}' in literal true (expecting 'e')`, c.rejects[0].Reason)
	c, err = walk(t, "{\"a\": [{\"s\": 1},\n{\"s\": tru}]}", l, Options{})
	require.NoError(t, err)
	assert.Equal(t, []string{"1:<nil>"}, c.items)
	require.Len(t, c.rejects, 1)
	assert.Equal(t, int64(2), c.rejects[0].Line)
}

func TestWalkErrors(t *testing.T) {
	cases := []struct{ name, text, want string }{
		{"empty", "", "test: in.json: the file holds no JSON"},
		{"blank", " \n\t\n", "test: in.json: the file holds no JSON"},
		{"scalar", "\n 42", `test: in.json line 2 column 2: expected a JSON object or array, found a number`},
		{"unclosed array", "{\"tickets\": [\n{\"id\": 1}", `test: in.json line 2 column 10: the file ends where "," or "]" after a list element was expected; is it cut short?`},
		{"unclosed object", "{\"tickets\": [{\"id\": 1,\n", `test: in.json line 2 column 1: the file ends inside an object that starts on line 1; is it cut short?`},
		{"missing comma", "{\"tickets\": [{\"id\": 1} {\"id\": 2}]}", `test: in.json line 1 column 24: expected "," or "]" after a list element, found '{'`},
		{"mismatched bracket", "{\"tickets\": [{\"id\": [1}]}", `test: in.json line 1 column 23: found '}' where ']' was expected`},
		{"NUL byte", "{\"tickets\": \x00}", `test: in.json line 1 column 13: expected a value, found a NUL byte (is this a binary file, or UTF-16 without a byte order mark?)`},
		{"unquoted key", "{tickets: []}", `test: in.json line 1 column 2: expected a quoted key, found 't'`},
		{"trailing comma at top", "{\"id\": 1},", `test: in.json line 1 column 10: expected a JSON object or array, found ','`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := walk(t, tc.text, pages, Options{})
			require.Error(t, err)
			var fe *ingest.FileError
			require.True(t, errors.As(err, &fe), "want a FileError, got %T", err)
			assert.Equal(t, tc.want, err.Error())
		})
	}
}

func TestWalkRejectsBadRecordsAndGoesOn(t *testing.T) {
	text := "{\"tickets\": [\n" +
		"{\"id\": 1},\n" +
		"{\"id\": 2,\n  \"x\": tru},\n" +
		"\"text\",\n" +
		"{\"id\": 4, \"s\": \"a\tb\"},\n" +
		"{\"id\": 5}\n]}"
	c, err := walk(t, text, pages, Options{})
	require.NoError(t, err)
	assert.Equal(t, []string{"2:1", "7:5"}, c.items)
	require.Len(t, c.rejects, 3)
	assert.Equal(t, ingest.Reject{Line: 3, Reason: "invalid JSON at line 4 column 11: invalid character '}' in literal true (expecting 'e')", Raw: "{\"id\": 2,\n  \"x\": tru}"}, c.rejects[0])
	assert.Equal(t, "expected an object, found a string", c.rejects[1].Reason)
	assert.Equal(t, int64(5), c.rejects[1].Line)
	assert.Equal(t, "invalid JSON at line 6 column 18: invalid character '\\t' in string literal", c.rejects[2].Reason)
}

func TestRecordSizeLimit(t *testing.T) {
	big := strings.Repeat("x", 2000)
	_, err := walk(t, "{\"tickets\": [{\"id\": 1},\n{\"id\": 2, \"d\": \""+big+"\"}]}", pages, Options{MaxRecordBytes: 1024})
	require.Error(t, err)
	assert.Equal(t, `test: in.json line 2 column 1: a record is longer than 1 KiB; is this a JSON export?`, err.Error())

	// The same applies to an object read key by key.
	_, err = walk(t, "{\"id\": 2, \"a\": \""+big[:600]+"\", \"b\": \""+big[:600]+"\"}", pages, Options{MaxRecordBytes: 1024})
	require.Error(t, err)
	assert.Equal(t, `test: in.json line 1 column 1: the object is longer than 1 KiB without a list of records in it`, err.Error())
}

// TestHugeFieldDefaultLimit: a 17 MiB description stops the file with the
// default limit instead of exhausting memory.
func TestHugeFieldDefaultLimit(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("{\"tickets\": [\n{\"id\": 1, \"description\": \"")
	b.Write(bytes.Repeat([]byte("a"), 17<<20))
	b.WriteString("\"}]}")
	c := &collect{}
	s := NewScanner("test", &ingest.Input{Path: "in.json", Reader: &b}, Options{})
	err := s.Walk(pages, c, c)
	require.Error(t, err)
	assert.Equal(t, `test: in.json line 2 column 1: a record is longer than 16 MiB; is this a JSON export?`, err.Error())
}

func TestDepthLimit(t *testing.T) {
	deep := strings.Repeat("[", 10) + strings.Repeat("]", 10)
	c, err := walk(t, `{"tickets": [{"id": 1, "x": `+deep+`}, {"id": 2}]}`, pages, Options{MaxDepth: 8})
	require.NoError(t, err)
	assert.Equal(t, []string{"1:2"}, c.items)
	require.Len(t, c.rejects, 1)
	assert.Equal(t, "the record nests objects and arrays 11 levels deep, more than the limit of 8", c.rejects[0].Reason)

	// Nesting far beyond encoding/json's own limit is rejected, not a crash.
	deep = strings.Repeat("[", 200000) + strings.Repeat("]", 200000)
	c, err = walk(t, `[{"id": 1, "x": `+deep+`}]`, pages, Options{})
	require.NoError(t, err)
	require.Len(t, c.rejects, 1)
	assert.Contains(t, c.rejects[0].Reason, "more than 64 levels deep")
}

// TestHoldSpillsToDisk: records held for a page's side-loads go to a
// temporary file beyond the memory budget and come back in order.
func TestHoldSpillsToDisk(t *testing.T) {
	old := spoolMemory
	spoolMemory = 64
	defer func() { spoolMemory = old }()
	var b strings.Builder
	b.WriteString("{\"tickets\": [\n")
	var want []string
	for i := 1; i <= 50; i++ {
		if i > 1 {
			b.WriteString(",\n")
		}
		fmt.Fprintf(&b, `{"id": %d, "pad": "%s"}`, i, strings.Repeat("p", i))
		want = append(want, fmt.Sprintf("%d:%d", i+1, i))
	}
	b.WriteString("\n], \"users\": [{\"id\": 9}]}\n{\"tickets\": [{\"id\": 99}]}")
	c, err := walk(t, b.String(), pages, Options{})
	require.NoError(t, err)
	assert.Equal(t, append(want, "53:99"), c.items)
	assert.Equal(t, []string{"users:9"}, c.sides)
}

func TestUTF16AndBOM(t *testing.T) {
	text := `{"tickets": [{"id": 1, "s": "Zoë 😀"}]}`
	for name, data := range map[string][]byte{
		"utf8 bom": append([]byte{0xEF, 0xBB, 0xBF}, text...),
		"utf16le":  utf16Bytes(text, true),
		"utf16be":  utf16Bytes(text, false),
	} {
		t.Run(name, func(t *testing.T) {
			var got any
			c := &collect{}
			h := &funcHandler{collect: c, item: func(r *Record) { got = r.Fields["s"] }}
			s := NewScanner("test", &ingest.Input{Path: "in.json", Reader: bytes.NewReader(data)}, Options{})
			require.NoError(t, s.Walk(pages, h, c))
			assert.Equal(t, "Zoë 😀", got)
		})
	}
}

type funcHandler struct {
	*collect
	item func(*Record)
}

func (h *funcHandler) Item(r *Record) error { h.item(r); return nil }

func utf16Bytes(s string, little bool) []byte {
	out := []byte{0xFE, 0xFF}
	if little {
		out = []byte{0xFF, 0xFE}
	}
	for _, r := range s {
		var units []uint16
		if r >= 0x10000 {
			r -= 0x10000
			units = []uint16{uint16(0xD800 + (r >> 10)), uint16(0xDC00 + (r & 0x3FF))}
		} else {
			units = []uint16{uint16(r)}
		}
		for _, u := range units {
			if little {
				out = append(out, byte(u), byte(u>>8))
			} else {
				out = append(out, byte(u>>8), byte(u))
			}
		}
	}
	return out
}

func TestLines(t *testing.T) {
	text := "{\"id\": 1}\r\n\n  \n{\"id\": 2\n[3]\n" + `{"id": 4, "big": "` + strings.Repeat("b", 3000) + "\"}\n{\"id\": 5}"
	var got []string
	c := &collect{}
	err := Lines("test", &ingest.Input{Path: "in.jsonl", Reader: strings.NewReader(text)}, Options{MaxRecordBytes: 1024}, c, func(r *Record) error {
		got = append(got, fmt.Sprintf("%d:%v", r.Line, r.Fields["id"]))
		return nil
	})
	require.NoError(t, err)
	assert.Equal(t, []string{"1:1", "7:5"}, got)
	require.Len(t, c.rejects, 3)
	assert.Equal(t, int64(4), c.rejects[0].Line)
	assert.Equal(t, "invalid JSON at line 4 column 9: the value is cut short", c.rejects[0].Reason)
	assert.Equal(t, int64(5), c.rejects[1].Line)
	assert.Equal(t, "expected an object, found an array", c.rejects[1].Reason)
	assert.Equal(t, int64(6), c.rejects[2].Line)
	assert.Equal(t, "the line is longer than 1 KiB", c.rejects[2].Reason)
}

func TestValues(t *testing.T) {
	id, err := ID(json.Number("18446744073709551617"))
	require.NoError(t, err)
	assert.Equal(t, "18446744073709551617", id)
	_, err = ID(json.Number("1e3"))
	assert.EqualError(t, err, "expected a whole number or text, found 1e3")
	_, err = ID(true)
	assert.EqualError(t, err, "expected a number or text, found true or false")

	for in, want := range map[string]time.Time{
		"1709280000":       time.Date(2024, 3, 1, 8, 0, 0, 0, time.UTC),
		"1709280000.25":    time.Date(2024, 3, 1, 8, 0, 0, 250e6, time.UTC),
		"1709280000123":    time.Date(2024, 3, 1, 8, 0, 0, 123e6, time.UTC),
		"1709280000123.5":  time.Date(2024, 3, 1, 8, 0, 0, 123500e3, time.UTC),
		"0":                time.Unix(0, 0).UTC(),
		"99999999999":      time.Unix(99999999999, 0).UTC(),
		"100000000000":     time.Unix(100000000, 0).UTC(),
		"1709280000.12345": time.Date(2024, 3, 1, 8, 0, 0, 123450e3, time.UTC),
	} {
		got, err := Epoch(json.Number(in))
		require.NoError(t, err, in)
		assert.True(t, want.Equal(got), "%s: got %s want %s", in, got, want)
	}
	for _, in := range []string{"-5", "1e9", "123456789012345678"} {
		_, err := Epoch(json.Number(in))
		assert.Error(t, err, in)
	}

	rec := map[string]any{"fields": map[string]any{"status": map[string]any{"name": "Open"}}, "a.b": "literal"}
	v, ok := Lookup(rec, "fields.status.name")
	assert.True(t, ok)
	assert.Equal(t, "Open", v)
	v, ok = Lookup(rec, "a.b")
	assert.True(t, ok)
	assert.Equal(t, "literal", v)
	_, ok = Lookup(rec, "fields.nope.name")
	assert.False(t, ok)

	s, err := Text(map[string]any{"displayName": "Ravi", "id": json.Number("7")})
	require.NoError(t, err)
	assert.Equal(t, "Ravi", s)
	s, err = Text("a\x00b")
	require.NoError(t, err)
	assert.Equal(t, "ab", s)
	list, err := Texts([]any{"x", json.Number("2"), nil, " ", map[string]any{"name": "y"}})
	require.NoError(t, err)
	assert.Equal(t, []string{"x", "2", "y"}, list)
}

func TestSniff(t *testing.T) {
	sh := Sniff([]byte(`{"count": 1, "metric_sets": [{"ticket_id": 1}], "tickets": [{"id": 1, "via": {}}], "users": [`))
	assert.Equal(t, byte('{'), sh.Top)
	assert.Equal(t, []string{"count", "metric_sets", "tickets", "users"}, sh.Keys)
	assert.Equal(t, "metric_sets", sh.ListKey)
	assert.Equal(t, []string{"id", "via"}, sh.Lists["tickets"])

	sh = Sniff([]byte("[{\"id\": 1, \"title\": \"cut"))
	assert.Equal(t, byte('['), sh.Top)
	assert.Equal(t, []string{"id", "title"}, sh.Keys)

	sh = Sniff([]byte("{\"a\": 1}\n{\"a\": 2}\n{\"a\""))
	assert.Equal(t, 2, sh.Lines)

	assert.Equal(t, byte(0), Sniff([]byte("id,title\n1,x")).Top)
}
