package ingest_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/ingest"
	"github.com/lanes-dev/lanes/models/config"
)

// TestDeletionWinsEqualTimes: a deleted copy of a ticket and a live copy
// with the same updated_at (a Zendesk incremental export lists both when
// the ticket is deleted in the second it was last changed) leave the
// ticket deleted, whichever comes first, in one file or in two, in one run
// or in two. The hash of the record, which breaks other ties, would keep
// the live copy for about half of such tickets.
func TestDeletionWinsEqualTimes(t *testing.T) {
	ticket := func(id int, status string) string {
		return fmt.Sprintf(`{"url":"https://acme.zendesk.com/api/v2/tickets/%d.json","id":%d,"via":{"channel":"web"},`+
			`"created_at":"2024-03-01T10:00:00Z","updated_at":"2024-03-02T12:00:00Z","subject":"Printer %d","status":%q,`+
			`"requester_id":1,"submitter_id":1,"assignee_id":2}`, id, id, id, status)
	}
	page := func(status string) string {
		var list string
		for id := 1; id <= 16; id++ {
			if id > 1 {
				list += ","
			}
			list += ticket(id, status)
		}
		return `{"tickets":[` + list + `],"end_of_stream":false}` + "\n"
	}
	live, deleted := page("open"), page("deleted")
	deletedAfter := func(separate bool, files ...string) int64 {
		wh := openWarehouse(t)
		dir := t.TempDir()
		var paths []string
		for i, body := range files {
			paths = append(paths, writeFile(t, filepath.Join(dir, fmt.Sprintf("%d.json", i)), []byte(body)))
		}
		runs := [][]string{paths}
		if separate {
			runs = nil
			for _, p := range paths {
				runs = append(runs, []string{p})
			}
		}
		for _, r := range runs {
			_, err := ingest.Run(context.Background(), wh, config.Default(), ingest.Options{Paths: r,
				Now: func() time.Time { return time.Date(2024, 4, 10, 12, 0, 0, 0, time.UTC) }})
			require.NoError(t, err)
		}
		var n, all int64
		require.NoError(t, wh.QueryRow(context.Background(),
			`select count(*) filter (where is_deleted), count(*) from tickets`).Scan(&n, &all))
		require.Equal(t, int64(16), all)
		return n
	}
	for _, tc := range []struct {
		name     string
		separate bool
		files    []string
	}{
		{"live then deleted, one run", false, []string{live, deleted}},
		{"deleted then live, one run", false, []string{deleted, live}},
		{"live then deleted, two runs", true, []string{live, deleted}},
		{"deleted then live, two runs", true, []string{deleted, live}},
		{"both in one file", false, []string{live + deleted}},
		{"both in one file, deleted first", false, []string{deleted + live}},
	} {
		assert.Equal(t, int64(16), deletedAfter(tc.separate, tc.files...), tc.name)
	}
}

// TestCommentOnceWhateverItsAuthorIsCalled: a Zendesk tickets export that
// embeds comments (authors as ids, no users side-loaded) and an audits
// export of the same ticket (authors named by its users) store each
// comment once, in either order; it was stored twice when the tickets
// came first.
func TestCommentOnceWhateverItsAuthorIsCalled(t *testing.T) {
	tickets := `{"url": "https://acme.zendesk.com/api/v2/tickets/100.json", "id": 100, "via": {"channel": "email"},
		"created_at": "2024-03-01T10:00:00Z", "updated_at": "2024-03-05T10:00:00Z", "subject": "VPN", "status": "open",
		"requester_id": 1, "submitter_id": 1, "assignee_id": 2, "comments": [
		{"id": 11, "author_id": 1, "plain_body": "VPN down", "public": true, "created_at": "2024-03-01T10:00:00Z"},
		{"id": 22, "author_id": 2, "plain_body": "Restarted gateway", "public": true, "created_at": "2024-03-01T12:00:00Z"}]}` + "\n"
	audits := `{"audits": [
		{"id": 1, "ticket_id": 100, "created_at": "2024-03-01T10:00:00Z", "author_id": 1,
		 "events": [{"id": 11, "type": "Comment", "author_id": 1, "plain_body": "VPN down", "public": true}]},
		{"id": 2, "ticket_id": 100, "created_at": "2024-03-01T12:00:00Z", "author_id": 2,
		 "events": [{"id": 22, "type": "Comment", "author_id": 2, "plain_body": "Restarted gateway", "public": true}]}],
		"users": [{"id": 1, "name": "Ann"}, {"id": 2, "name": "Bob"}]}`
	dir := t.TempDir()
	tp := writeFile(t, filepath.Join(dir, "tickets.jsonl"), []byte(tickets))
	ap := writeFile(t, filepath.Join(dir, "audits.json"), []byte(audits))
	for _, order := range [][]string{{tp, ap}, {ap, tp}} {
		wh := openWarehouse(t)
		for _, p := range order {
			_, err := ingest.Run(context.Background(), wh, config.Default(), ingest.Options{Paths: []string{p},
				Now: func() time.Time { return time.Date(2024, 4, 10, 12, 0, 0, 0, time.UTC) }})
			require.NoError(t, err)
		}
		var n int64
		var bodies string
		require.NoError(t, wh.QueryRow(context.Background(),
			`select count(*), string_agg(body, '|' order by seq) from comments`).Scan(&n, &bodies))
		assert.Equal(t, int64(2), n, "order %v", order)
		assert.Equal(t, "VPN down|Restarted gateway", bodies, "order %v", order)
	}
}

// TestEqualCopiesKeepOneProvenance: a ticket two files hold alike (pages
// that overlap) is stored with the same source_file, source_line and
// run_id whichever file comes first: those of the file whose name sorts
// last; the second copy is merged. Before, the first file loaded kept
// them.
func TestEqualCopiesKeepOneProvenance(t *testing.T) {
	const shared = "7,Printer jam,2024-03-01 09:00,2024-03-02 10:00\n"
	a := "id,title,created,updated\n1,VPN,2024-03-01 08:00,2024-03-01 09:00\n" + shared // ticket 7 on line 3
	b := "id,title,created,updated\n" + shared                                          // ticket 7 on line 2
	for _, order := range [][]string{{"a.csv", "b.csv"}, {"b.csv", "a.csv"}} {
		for _, separate := range []bool{false, true} {
			wh := openWarehouse(t)
			dir := t.TempDir()
			body := map[string]string{"a.csv": a, "b.csv": b}
			var paths []string
			for _, name := range order {
				paths = append(paths, writeFile(t, filepath.Join(dir, name), []byte(body[name])))
			}
			runs := [][]string{paths}
			if separate {
				runs = [][]string{paths[:1], paths[1:]}
			}
			for _, r := range runs {
				_, err := ingest.Run(context.Background(), wh, config.Default(), ingest.Options{Paths: r, Format: "csv",
					Now: func() time.Time { return time.Date(2024, 4, 10, 12, 0, 0, 0, time.UTC) }})
				require.NoError(t, err)
			}
			var file, run, runOfB string
			var line, merged int64
			require.NoError(t, wh.QueryRow(context.Background(),
				`select source_file, source_line, run_id, (select run_id from ingest_runs where file like '%b.csv'),
				   (select sum(merged) from ingest_runs) from tickets where source_key = '7'`).Scan(&file, &line, &run, &runOfB, &merged))
			assert.Equal(t, filepath.Join(dir, "b.csv"), file, "order %v, separate runs %v", order, separate)
			assert.Equal(t, int64(2), line, "order %v, separate runs %v", order, separate)
			assert.Equal(t, runOfB, run, "order %v, separate runs %v", order, separate)
			assert.Equal(t, int64(1), merged, "the second copy changes nothing: merged, order %v, separate runs %v", order, separate)
		}
	}
}
