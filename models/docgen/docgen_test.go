package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/models"
)

// TestMetricsPageIsGenerated fails when docs/metrics.md is not what
// `go run ./models/docgen` writes from the current .yml files: edit the .yml
// (description, docs, columns, tests) and rerun the generator.
func TestMetricsPageIsGenerated(t *testing.T) {
	t.Setenv("LANES_PRIVACY_KEY", "something") // must not show on the page
	want, err := generate()
	require.NoError(t, err)
	path := filepath.Join("..", "..", "docs", "metrics.md")
	got, err := os.ReadFile(path)
	require.NoError(t, err)
	if string(got) != string(want) {
		t.Fatalf("%s is out of date: run `go run ./models/docgen` from the repository root", path)
	}
}

// TestEveryMartIsOnThePage checks the page by a second route: every mart has
// a heading, and its description and every column's description appear under
// that heading.
func TestEveryMartIsOnThePage(t *testing.T) {
	page, err := generate()
	require.NoError(t, err)
	text := string(page)
	ms, err := models.Models()
	require.NoError(t, err)
	for _, m := range ms {
		if m.Layer != "marts" {
			continue
		}
		start := strings.Index(text, "\n## "+m.Name+"\n")
		require.GreaterOrEqual(t, start, 0, "no heading for %s", m.Name)
		section := text[start+1:]
		if end := strings.Index(section, "\n## "); end >= 0 {
			section = section[:end]
		}
		assert.Contains(t, section, strings.Join(strings.Fields(m.Spec.Description), " "), m.Name)
		if m.Spec.Docs != "" {
			assert.Contains(t, section, strings.TrimSpace(m.Spec.Docs), m.Name)
		}
		for _, c := range m.Spec.Columns {
			line := "| `" + c.Name + "` | " + strings.ReplaceAll(strings.Join(strings.Fields(c.Description), " "), "|", `\|`) + " |"
			assert.Contains(t, section, line, "%s.%s", m.Name, c.Name)
		}
	}
}
