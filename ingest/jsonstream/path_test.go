package jsonstream

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/ingest"
)

// TestWalkPath: the records at a path of keys, whatever the keys around
// them, in one document, in pages gathered in an array, and in documents
// one after another; an element that is not an object is a reject.
func TestWalkPath(t *testing.T) {
	path := []string{"data", "issues", "nodes"}
	cases := []struct {
		name, text string
		items      []string // line:id
		rejects    []int64  // lines
	}{
		{"nested, keys around", "{\"meta\": {\"n\": [1, 2]},\n \"data\": {\"viewer\": \"ana\", \"issues\": {\"total\": 2, \"nodes\": [\n  {\"id\": 1},\n  {\"id\": 2}], \"next\": null}}}",
			[]string{"3:1", "4:2"}, nil},
		{"pages in an array", `[{"data": {"issues": {"nodes": [{"id": 1}]}}}, {"data": {"issues": {"nodes": [{"id": 2}, 7]}}}]`,
			[]string{"1:1", "1:2"}, []int64{1}},
		{"the path's keys given twice (pages joined by hand)", `{"data": {"issues": {"nodes": [{"id": 1}], "nodes": [{"id": 2}]}, "issues": {"nodes": [{"id": 3}]}}}`,
			[]string{"1:1", "1:2", "1:3"}, nil},
		{"documents one after another", "{\"data\": {\"issues\": {\"nodes\": [{\"id\": 1}]}}}\n{\"data\": {\"issues\": {\"nodes\": []}}}\n{\"data\": {\"issues\": {\"nodes\": [{\"id\": 3}]}}}\n",
			[]string{"1:1", "3:3"}, nil},
	}
	for _, tc := range cases {
		c := &collect{}
		s := NewScanner("test", &ingest.Input{Path: "in.json", Reader: strings.NewReader(tc.text)}, Options{})
		require.NoError(t, s.WalkPath(path, c, c), tc.name)
		assert.Equal(t, tc.items, c.items, tc.name)
		var lines []int64
		for _, r := range c.rejects {
			lines = append(lines, r.Line)
		}
		assert.Equal(t, tc.rejects, lines, tc.name)
	}
}

// TestWalkPathErrors: an object without the path, or with something else
// on it, stops the file where it is, naming the path as lanes.yaml gives it.
func TestWalkPathErrors(t *testing.T) {
	path := []string{"data", "issues", "nodes"}
	for _, tc := range []struct{ name, text, want string }{
		{"no such key", "{\"data\": {\n \"tickets\": []}}",
			`test: in.json line 1 column 10: records: this object has no key "issues" (the path "data.issues.nodes")`},
		{"a list where an object was expected", `{"data": []}`,
			`test: in.json line 1 column 10: records: "data" is a list here, where an object was expected`},
		{"an object where the list was expected", `{"data": {"issues": {"nodes": {"id": 1}}}}`,
			`test: in.json line 1 column 31: records: "data.issues.nodes" is an object here, where a list of records was expected`},
		{"a top-level string", `"x"`,
			`test: in.json line 1 column 1: expected a JSON object holding "data.issues.nodes", found a string`},
	} {
		c := &collect{}
		s := NewScanner("test", &ingest.Input{Path: "in.json", Reader: strings.NewReader(tc.text)}, Options{})
		err := s.WalkPath(path, c, c)
		require.Error(t, err, tc.name)
		assert.Equal(t, tc.want, err.Error(), tc.name)
	}
}
