package all_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/ingest"
	_ "github.com/lanes-dev/lanes/ingest/all"
)

// docPath is the user guide to every input format.
var docPath = filepath.Join("..", "..", "docs", "connectors.md")

// TestConnectorsDocumented fails when a registered connector has no
// heading or table row in docs/connectors.md, so a new connector cannot
// ship without its user documentation.
func TestConnectorsDocumented(t *testing.T) {
	doc, err := os.ReadFile(docPath)
	require.NoError(t, err)
	conns := ingest.Connectors()
	require.NotEmpty(t, conns)
	for _, c := range conns {
		assert.True(t, documented(string(doc), c.Name()),
			"connector %q has no heading or table row in docs/connectors.md; add a row to the table at the top and a section", c.Name())
	}
}

// TestConnectorTableIsRegistered fails when the table at the top of
// docs/connectors.md names a format that is not registered (a renamed or
// removed connector whose documentation stayed).
func TestConnectorTableIsRegistered(t *testing.T) {
	doc, err := os.ReadFile(docPath)
	require.NoError(t, err)
	names := tableFormats(string(doc))
	require.NotEmpty(t, names, "docs/connectors.md has no connector table")
	for _, n := range names {
		_, err := ingest.Lookup(n)
		assert.NoError(t, err, "docs/connectors.md lists format %q", n)
	}
}

// TestDocumented checks the matching rules on small documents written
// for the purpose.
func TestDocumented(t *testing.T) {
	tests := []struct {
		name, doc, format string
		want              bool
	}{
		{"heading", "# Guide\n\n### `xes`: event logs\n", "xes", true},
		{"table row", "| format | reads |\n|---|---|\n| `csv` | any CSV |\n", "csv", true},
		{"only in prose", "Read it with csv and a mapping.\n", "csv", false},
		{"part of a longer name", "| `jira_csv` | Jira |\n### jira_csv\n", "csv", false},
		{"longer name in a heading", "### `servicenow_json`\n", "json", false},
		{"missing", "# Guide\n| `json` | x |\n", "jsonl", false},
		{"in a code block", "```\n# csv\n| csv |\n```\n", "csv", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, documented(tt.doc, tt.format))
		})
	}
}

// TestTableFormats checks which rows count as the connector table's.
func TestTableFormats(t *testing.T) {
	doc := "# Guide\n\n## Connectors at a glance\n\n| format | reads |\n|---|---|\n| `jira_csv` | Jira |\n| `csv` | any |\n\n" +
		"## Later\n\n| canonical | from |\n|---|---|\n| `source_key` | key |\n"
	assert.Equal(t, []string{"jira_csv", "csv"}, tableFormats(doc))
}

// documented reports whether name is a whole word of a Markdown heading
// or table row of doc, outside fenced code blocks.
func documented(doc, name string) bool {
	for _, line := range proseLines(doc) {
		l := strings.TrimSpace(line)
		if !strings.HasPrefix(l, "#") && !strings.HasPrefix(l, "|") {
			continue
		}
		for _, w := range strings.FieldsFunc(l, notNameRune) {
			if w == name {
				return true
			}
		}
	}
	return false
}

// tableFormats lists the backticked names in the first column of the
// first table after the "Connectors at a glance" heading.
func tableFormats(doc string) []string {
	var out []string
	inSection, inTable := false, false
	for _, line := range proseLines(doc) {
		l := strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(l, "#"):
			if inTable {
				return out
			}
			inSection = strings.Contains(strings.ToLower(l), "connectors at a glance")
		case inSection && strings.HasPrefix(l, "|"):
			inTable = true
			cells := strings.Split(strings.Trim(l, "|"), "|")
			first := strings.TrimSpace(cells[0])
			if len(first) > 2 && strings.HasPrefix(first, "`") && strings.HasSuffix(first, "`") {
				out = append(out, strings.Trim(first, "`"))
			}
		case inTable:
			return out
		}
	}
	return out
}

// proseLines are doc's lines outside ``` fenced code blocks.
func proseLines(doc string) []string {
	var out []string
	fenced := false
	for _, line := range strings.Split(doc, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "```") {
			fenced = !fenced
			continue
		}
		if !fenced {
			out = append(out, line)
		}
	}
	return out
}

// notNameRune splits text into words that may be format names: letters,
// digits and underscores.
func notNameRune(r rune) bool {
	return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_')
}
