package ingest_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/ingest"
	"github.com/lanes-dev/lanes/models/config"
)

// TestRepeatedKeyKeepsOneCopysHistory: a key the file holds more than once
// (overlapping API pages gathered in one file, a CSV row repeated) stores
// the comments and events of one copy, the copy that wins, numbered from
// 1, and not those of every copy.
func TestRepeatedKeyKeepsOneCopysHistory(t *testing.T) {
	load := func(name, body string) (comments, events []string) {
		wh := openWarehouse(t)
		path := writeFile(t, filepath.Join(t.TempDir(), name), []byte(body))
		_, err := ingest.Run(context.Background(), wh, config.Default(), ingest.Options{Paths: []string{path},
			Now: func() time.Time { return time.Date(2024, 4, 10, 12, 0, 0, 0, time.UTC) }})
		require.NoError(t, err)
		return queryLines(t, wh, `select source_key || ' ' || seq || ' ' || body from comments order by source_key, seq`),
			queryLines(t, wh, `select source_key || ' ' || seq || ' ' || to_value || ' ' || strftime(event_at, '%d %H:%M')
				from ticket_events where kind = 'status' order by source_key, seq`)
	}

	t.Run("a CSV row repeated", func(t *testing.T) {
		// BWL-1's second row is the later copy and has both comments;
		// BWL-2's later copy has none, so the comment of the copy that has
		// one stays (as a stored comment stays when a newer file brings
		// none).
		comments, _ := load("issues.csv", "Summary,Issue key,Status,Created,Updated,Comment,Comment\n"+
			"Scanner,BWL-1,Open,01/Feb/24 9:00 AM,02/Feb/24 9:00 AM,01/Feb/24 9:30 AM;kim;Looking into it,\n"+
			"Printer,BWL-2,Open,01/Feb/24 9:00 AM,02/Feb/24 9:00 AM,01/Feb/24 9:45 AM;ann;Which floor?,\n"+
			"Scanner,BWL-1,Done,01/Feb/24 9:00 AM,03/Feb/24 9:00 AM,01/Feb/24 9:30 AM;kim;Looking into it,03/Feb/24 8:30 AM;kim;Fixed\n"+
			"Printer,BWL-2,Done,01/Feb/24 9:00 AM,04/Feb/24 9:00 AM,,\n")
		assert.Equal(t, []string{"BWL-1 1 Looking into it", "BWL-1 2 Fixed", "BWL-2 1 Which floor?"}, comments)
	})

	t.Run("overlapping JSON pages, the older page last", func(t *testing.T) {
		issue := func(status, updated string, comments, histories []string) string {
			return `{"id":"1","key":"BWL-1","fields":{"summary":"Scanner","status":{"name":"` + status + `"},` +
				`"created":"2024-03-01T10:00:00.000+0000","updated":"` + updated + `",` +
				`"comment":{"comments":[` + strings.Join(comments, ",") + `]}},"changelog":{"histories":[` + strings.Join(histories, ",") + `]}}`
		}
		c1 := `{"id":"1","author":{"displayName":"Kim"},"body":"Looking into it","created":"2024-03-01T12:00:00.000+0000"}`
		c2 := `{"id":"2","author":{"displayName":"Kim"},"body":"Fixed","created":"2024-03-03T12:00:00.000+0000"}`
		h1 := `{"id":"1","author":{"displayName":"Kim"},"created":"2024-03-01T11:00:00.000+0000","items":[{"field":"status","fromString":"Open","toString":"In Progress"}]}`
		h2 := `{"id":"2","author":{"displayName":"Kim"},"created":"2024-03-03T11:00:00.000+0000","items":[{"field":"status","fromString":"In Progress","toString":"Done"}]}`
		newer := `{"startAt":50,"issues":[` + issue("Done", "2024-03-03T12:00:00.000+0000", []string{c1, c2}, []string{h1, h2}) + `]}`
		older := `{"startAt":0,"issues":[` + issue("In Progress", "2024-03-02T12:00:00.000+0000", []string{c1}, []string{h1}) + `]}`
		comments, events := load("pages.json", "["+newer+","+older+"]")
		assert.Equal(t, []string{"BWL-1 1 Looking into it", "BWL-1 2 Fixed"}, comments)
		assert.Equal(t, []string{"BWL-1 1 In Progress 01 11:00", "BWL-1 2 Done 03 11:00"}, events)

		// The newer copy's changelog cut short (search results hold the
		// latest histories only): the older copy's change from before the
		// newer copy's first one stays, as when the pages come in two files.
		cut := `{"startAt":50,"issues":[` + issue("Done", "2024-03-03T12:00:00.000+0000", []string{c1, c2}, []string{h2}) + `]}`
		want := []string{"BWL-1 1 In Progress 01 11:00", "BWL-1 2 Done 03 11:00"}
		for _, pages := range []string{"[" + cut + "," + older + "]", "[" + older + "," + cut + "]"} {
			_, events = load("pages.json", pages)
			assert.Equal(t, want, events)
		}
	})
}
