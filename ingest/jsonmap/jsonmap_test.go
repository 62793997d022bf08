package jsonmap_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/ingest/csvmap"
	"github.com/lanes-dev/lanes/ingest/ingesttest"
	"github.com/lanes-dev/lanes/ingest/jsonmap"
	"github.com/lanes-dev/lanes/models/config"
)

func TestJSONFixtures(t *testing.T) {
	ingesttest.RunFixtures(t, jsonmap.JSON{}, "testdata/json")
}

func TestLinesFixtures(t *testing.T) {
	ingesttest.RunFixtures(t, jsonmap.Lines{}, "testdata/jsonl")
}

func FuzzRead(f *testing.F) {
	ingesttest.Fuzz(f, jsonmap.JSON{}, "testdata/json")
}

func FuzzReadLines(f *testing.F) {
	ingesttest.Fuzz(f, jsonmap.Lines{}, "testdata/jsonl")
}

// FuzzReadRecordsPath: json with records set (WalkPath) never panics.
func FuzzReadRecordsPath(f *testing.F) {
	f.Add([]byte(`{"data": {"issues": {"nodes": [{"id": 1, "created": "2024-03-01 09:00"}]}}}`))
	f.Add([]byte(`[{"data": {"issues": {"nodes": []}}}, {"data": {"issues": {"nodes": [{"id": 2, "created": 1709283600}, 7]}}}]`))
	f.Add([]byte("{\"data\": {\"x\": [1, {\"y\": null}], \"issues\": {\"nodes\": {}}}}\n{\"data\": []}"))
	src := config.Source{Format: "json", Records: "data.issues.nodes", Mapping: map[string]string{"source_key": "id", "created_at": "created"}}
	f.Fuzz(func(t *testing.T, data []byte) {
		_, _ = ingesttest.Read(context.Background(), jsonmap.JSON{}, "page.json", data, src)
	})
}

// TestDetectListsWhateverTheKeyOrder: detection takes the same list of
// records as Read, whatever the order of the object's keys. The scores are
// Detect's documented ones: 27 for a list whose first record has a ticket
// key and a creation time, 22 for objects that have them themselves.
func TestDetectListsWhateverTheKeyOrder(t *testing.T) {
	rec := `{"id": "T1", "created": "2024-03-01 10:00"}`
	for _, tc := range []struct {
		name, head string
		score      int
		reason     string
	}{
		{"status before the list", `{"status": "ok", "data": [` + rec + `]}`, 27, `JSON object with a "data" array of objects with a ticket key and a creation time`},
		{"record keys before the list", `{"id": "export-42", "created": "2024-05-01", "tickets": [` + rec + `]}`, 27, `JSON object with a "tickets" array of objects with a ticket key and a creation time`},
		{"two lists", `{"open": [` + rec + `], "closed": [` + rec + `]}`, 27, `JSON object with a "open" array of objects with a ticket key and a creation time`},
		{"record keys after a list", `{"labels": [{"name": "x"}], "id": "E1", "created": "2024-03-01 10:00"}`, 22, "JSON objects with a ticket key and a creation time"},
	} {
		score, reason := jsonmap.JSON{}.Detect("export.json", []byte(tc.head))
		assert.Equal(t, tc.score, score, tc.name)
		assert.Equal(t, tc.reason, reason, tc.name)
	}
}

// TestCheckMapping: what --dry-run says of a mapping without reading a
// file: an unknown field, a field naming no key, a required field left out.
func TestCheckMapping(t *testing.T) {
	err := jsonmap.Lines{}.CheckMapping(config.Source{Name: "s", Mapping: map[string]string{"source_key": " ", "titel": "x"}})
	assert.EqualError(t, err, `mapping of source "s": "titel" is not a field lanes knows (fields: `+strings.Join(csvmap.Fields, ", ")+`)`+"\n"+
		`mapping of source "s" has no created_at; add created_at: <key>`+"\n"+
		`mapping of source "s": source_key names no key`)
	assert.NoError(t, jsonmap.JSON{}.CheckMapping(config.Source{Name: "s"}))
	assert.NoError(t, jsonmap.JSON{}.CheckMapping(config.Source{Name: "s", Mapping: map[string]string{"source_key": "id", "created_at": "c"}}))
}

// TestOtherListsNextToANamedListAreSkipped: next to a list named for
// records, another list of record-like objects (more tickets, or a side-load
// of users) is not read but counted as skipped, each object once, with the
// reason; a list of other objects (links) is the page's own. Here: 2
// tickets, 1 archived ticket and 2 users skipped, 2 links not counted.
func TestOtherListsNextToANamedListAreSkipped(t *testing.T) {
	in := `{"users":[{"id":9,"name":"Ana"},{"id":8,"name":"Bo"}],` +
		`"tickets":[{"id":"T1","created":"2024-03-01 10:00"},{"id":"T2","created":"2024-03-02 10:00"}],` +
		`"archived":[{"id":"T3","created":"2024-03-03 10:00"}],"links":[{"rel":"next","href":"/p/2"},{"rel":"self","href":"/p/1"}]}`
	sink, err := ingesttest.ReadSkips(jsonmap.JSON{}, "page.json", in)
	require.NoError(t, err)
	require.Len(t, sink.Tickets, 2)
	assert.Equal(t, map[string]int{
		`an object of the list "archived" next to "tickets", not read: lanes reads a page's records from its "tickets" list only (another list may be a side-load such as users); give the other list a file of its own to load it`: 1,
		`an object of the list "users" next to "tickets", not read: lanes reads a page's records from its "tickets" list only (another list may be a side-load such as users); give the other list a file of its own to load it`:    2,
	}, sink.Skips)
}

// TestRecordsPath: a json source whose records sit deeper than a top-level
// list (a GraphQL answer) names their path with records; the keys around
// them are the page's own. Ticket 8 is closed at 09:00Z on 3 March.
func TestRecordsPath(t *testing.T) {
	in := `{"data": {"viewer": {"login": "ana"}, "repository": {"issues": {"totalCount": 2, "nodes": [
  {"number": 7, "title": "VPN drops", "createdAt": "2024-03-01T09:00:00Z", "state": "OPEN"},
  {"number": 8, "title": "Printer", "createdAt": "2024-03-02T09:00:00Z", "state": "CLOSED", "closedAt": "2024-03-03T09:00:00Z"}
], "pageInfo": {"hasNextPage": false}}}}}`
	src := config.Source{Format: "json", Records: "data.repository.issues.nodes", Mapping: map[string]string{
		"source_key": "number", "created_at": "createdAt", "title": "title", "status": "state", "closed_at": "closedAt"}}
	sink, err := ingesttest.Read(context.Background(), jsonmap.JSON{}, "issues.json", []byte(in), src)
	require.NoError(t, err)
	require.Len(t, sink.Tickets, 2)
	assert.Equal(t, "7", sink.Tickets[0].Key)
	assert.Equal(t, 2, int(sink.Tickets[0].Line))
	assert.Equal(t, "8", sink.Tickets[1].Key)
	require.NotNil(t, sink.Tickets[1].ClosedAt)
	assert.Equal(t, time.Date(2024, 3, 3, 9, 0, 0, 0, time.UTC), sink.Tickets[1].ClosedAt.UTC())

	// Without records, the file is one object, read whole as a record
	// without the mapped keys; the error names the one list of
	// record-like objects inside it (nodes: its objects have "number",
	// "title" and "createdAt") as the records setting to add. "viewer"
	// holds no list, and "pageInfo" none either.
	src.Records = ""
	src.Name, src.Path = "gql", "issues.json"
	_, err = ingesttest.Read(context.Background(), jsonmap.JSON{}, "issues.json", []byte(in), src)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `the records look like the list at "data.repository.issues.nodes": add records: data.repository.issues.nodes to source "gql" in lanes.yaml`)

	// With no mapping either (keys guessed), the same hint.
	_, err = ingesttest.Read(context.Background(), jsonmap.JSON{}, "issues.json", []byte(in), config.Source{Format: "json"})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `cannot tell which key holds source_key or created_at (keys: "data"); the records look like the list at "data.repository.issues.nodes": add a source for this file to lanes.yaml with format: json and records: data.repository.issues.nodes`)
}

// TestRecordsHintOnlyWhenOneList: two lists of record-like objects in the
// one object (issues and pull requests) give no guess at which holds the
// records, and neither does a list of objects with no ticket-like key.
func TestRecordsHintOnlyWhenOneList(t *testing.T) {
	for name, in := range map[string]string{
		"two lists": `{"data": {"issues": {"nodes": [{"number": 1, "createdAt": "2024-03-01T09:00:00Z"}]}, "pullRequests": {"nodes": [{"number": 2, "createdAt": "2024-03-01T09:00:00Z"}]}}}`,
		"no ticket": `{"data": {"links": [{"rel": "next", "href": "/p/2"}]}}`,
	} {
		_, err := ingesttest.Read(context.Background(), jsonmap.JSON{}, "x.json", []byte(in), config.Source{Format: "json"})
		require.Error(t, err, name)
		assert.NotContains(t, err.Error(), "records", name)
	}
}

// TestRecordsPathErrorHasNoLinesHint: with records the source says the
// file is JSON documents; a document without the path stops the file
// without the JSON Lines hint, which jsonl could not follow.
func TestRecordsPathErrorHasNoLinesHint(t *testing.T) {
	in := "{\"data\": {\"issues\": {\"nodes\": [{\"id\": 1, \"created\": \"2024-03-01 10:00\"}]}}}\n{\"data\": {\"search\": {}}}\n"
	src := config.Source{Format: "json", Records: "data.issues.nodes", Mapping: map[string]string{"source_key": "id", "created_at": "created"}}
	_, err := ingesttest.Read(context.Background(), jsonmap.JSON{}, "r.json", []byte(in), src)
	require.Error(t, err)
	assert.Equal(t, `json: r.json line 2 column 10: records: this object has no key "issues" (the path "data.issues.nodes")`, err.Error())
}

// TestBadDateFormatStopsWithoutPanic: a date_format that is not a Go
// layout (lanes.yaml's check refuses it; a source built in code is not
// checked) stops the file with the reason, for 1 record and for more than
// the sample; it used to panic on the first record.
func TestBadDateFormatStopsWithoutPanic(t *testing.T) {
	src := config.Source{Format: "jsonl", DateFormat: "dd/mm/yyyy hh:mm", Mapping: map[string]string{"source_key": "id", "created_at": "created"}}
	for _, n := range []int{1, 250} {
		var in strings.Builder
		for i := range n {
			fmt.Fprintf(&in, "{\"id\": %d, \"created\": \"01/03/2024 10:00\"}\n", i+1)
		}
		_, err := ingesttest.Read(context.Background(), jsonmap.Lines{}, "t.jsonl", []byte(in.String()), src)
		require.Error(t, err, n)
		assert.Contains(t, err.Error(), `date_format "dd/mm/yyyy hh:mm" is not a Go reference layout`, n)
	}
}
