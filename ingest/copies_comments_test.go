package ingest_test

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/lanes-dev/lanes/ingest"
	"github.com/lanes-dev/lanes/models/config"
)

// loadCommentsEveryOrder writes files (name to Jira CSV text) and loads
// them as loadEveryOrder does, checking the comments of BWL-1.
func loadCommentsEveryOrder(t *testing.T, files map[string]string, want []string) {
	t.Helper()
	dir := t.TempDir()
	var paths []string
	for _, name := range []string{"a.csv", "b.csv", "w.csv", "x.csv", "y.csv"} {
		if body, ok := files[name]; ok {
			paths = append(paths, writeFile(t, filepath.Join(dir, name), []byte(body)))
		}
	}
	loadEveryOrder(t, config.Default(), ingest.Options{Now: func() time.Time { return time.Date(2024, 4, 10, 12, 0, 0, 0, time.UTC) }},
		paths, `select concat_ws('|', t.status, c.seq, c.body) from tickets t join comments c using (source, source_key) order by c.seq`, want)
}

const commentsHeader = "Summary,Issue key,Status,Created,Updated,Comment,Comment\n"

// TestCommentsComeFromTheBestCopyWithComments: a ticket's comments are
// those of its best-ranked copy that has any, whatever order the copies
// come in. Three copies of BWL-1: w.csv, the newest (05 Feb, Done), has
// no comments (exported without them); b.csv (03 Feb) has two, a.csv
// (02 Feb) one. By hand: w wins the row (status closed), and of the two
// with comments b ranks higher, so the comments are b's two. Before,
// a, w, b kept a's one comment: w kept the stored ones, and b, losing to
// w, added its own only when none were stored.
func TestCommentsComeFromTheBestCopyWithComments(t *testing.T) {
	loadCommentsEveryOrder(t, map[string]string{
		"w.csv": "Summary,Issue key,Status,Created,Updated\nScanner,BWL-1,Done,01/Feb/24 9:00 AM,05/Feb/24 9:00 AM\n",
		"a.csv": commentsHeader + "Scanner,BWL-1,Open,01/Feb/24 9:00 AM,02/Feb/24 9:00 AM,01/Feb/24 9:30 AM;kim;Looking into it,\n",
		"b.csv": commentsHeader + "Scanner,BWL-1,In Progress,01/Feb/24 9:00 AM,03/Feb/24 9:00 AM," +
			"01/Feb/24 9:30 AM;kim;Looking into it,03/Feb/24 8:30 AM;kim;Ordered a new roller\n",
	}, []string{"closed|1|Looking into it", "closed|2|Ordered a new roller"})
}

// TestCommentsOfACopyThatLostInItsFile: x.csv holds BWL-1 twice, the
// newer row (06 Feb, Done) without comments and an older one (01 Feb)
// with one; y.csv has a copy of 04 Feb with another comment. By hand: the
// 06 Feb row wins, and the best-ranked copy with comments is y's (04 Feb
// over 01 Feb), so the comment is y's. Before, x's kept comment, though
// its copy ranks below y's, replaced y's whenever x came second.
func TestCommentsOfACopyThatLostInItsFile(t *testing.T) {
	loadCommentsEveryOrder(t, map[string]string{
		"x.csv": commentsHeader +
			"Scanner,BWL-1,Done,01/Feb/24 9:00 AM,06/Feb/24 9:00 AM,,\n" +
			"Scanner,BWL-1,Open,01/Feb/24 9:00 AM,01/Feb/24 9:10 AM,01/Feb/24 9:05 AM;ann;It jams,\n",
		"y.csv": commentsHeader + "Scanner,BWL-1,In Progress,01/Feb/24 9:00 AM,04/Feb/24 9:00 AM,04/Feb/24 8:00 AM;kim;Roller ordered,\n",
	}, []string{"closed|1|Roller ordered"})
}

// TestCommentsOfTheWinnerReplaceOlderOnes: a newer copy with comments
// brings its own over any older copy's, in every order: a.csv (02 Feb,
// one comment), b.csv (03 Feb, two), y.csv (04 Feb, one). By hand: y
// wins the row and its comment is the ticket's only one.
func TestCommentsOfTheWinnerReplaceOlderOnes(t *testing.T) {
	loadCommentsEveryOrder(t, map[string]string{
		"a.csv": commentsHeader + "Scanner,BWL-1,Open,01/Feb/24 9:00 AM,02/Feb/24 9:00 AM,01/Feb/24 9:30 AM;kim;Looking into it,\n",
		"b.csv": commentsHeader + "Scanner,BWL-1,In Progress,01/Feb/24 9:00 AM,03/Feb/24 9:00 AM," +
			"01/Feb/24 9:30 AM;kim;Looking into it,03/Feb/24 8:30 AM;kim;Ordered a new roller\n",
		"y.csv": commentsHeader + "Scanner,BWL-1,In Progress,01/Feb/24 9:00 AM,04/Feb/24 9:00 AM,04/Feb/24 8:00 AM;kim;Roller ordered,\n",
	}, []string{"in_progress|1|Roller ordered"})
}

// TestCommentsOfTiedCopies: p.csv and q.csv are copies of BWL-1 of the
// same time (03 Feb) that differ (their summaries and comments), and
// w.csv a newer one without comments. The tie is broken by the MD5 of
// each record, as for the row: whichever it picks, every order keeps the
// same one comment (loadEveryOrder compares the tables byte for byte),
// and it is the comment of the copy that wins the row without w.
func TestCommentsOfTiedCopies(t *testing.T) {
	p := commentsHeader + "Scanner P,BWL-1,Open,01/Feb/24 9:00 AM,03/Feb/24 9:00 AM,02/Feb/24 9:00 AM;ann;P says,\n"
	q := commentsHeader + "Scanner Q,BWL-1,Open,01/Feb/24 9:00 AM,03/Feb/24 9:00 AM,02/Feb/24 9:00 AM;kim;Q says,\n"
	w := "Summary,Issue key,Status,Created,Updated\nScanner W,BWL-1,Done,01/Feb/24 9:00 AM,05/Feb/24 9:00 AM\n"
	dir := t.TempDir()
	paths := []string{writeFile(t, filepath.Join(dir, "p.csv"), []byte(p)), writeFile(t, filepath.Join(dir, "q.csv"), []byte(q))}
	opts := ingest.Options{Now: func() time.Time { return time.Date(2024, 4, 10, 12, 0, 0, 0, time.UTC) }}
	// Without w, the comment goes with the row's summary.
	loadEveryOrder(t, config.Default(), opts, paths,
		`select (t.title = 'Scanner P') = (c.body = 'P says') from tickets t join comments c using (source, source_key)`, []string{"true"})
	loadEveryOrder(t, config.Default(), opts, append(paths, writeFile(t, filepath.Join(dir, "w.csv"), []byte(w))),
		`select t.title || '|' || (select count(*) from comments) from tickets t`, []string{"Scanner W|1"})

	// x.csv holds the newer row without comments and, below it, q's copy:
	// ranked against p's stored one (or p's against it, stored as the
	// comments' owner), the tie goes to the larger MD5 either way.
	x := commentsHeader + "Scanner W,BWL-1,Done,01/Feb/24 9:00 AM,05/Feb/24 9:00 AM,,\n" + q[len(commentsHeader):]
	loadEveryOrder(t, config.Default(), opts, []string{paths[0], writeFile(t, filepath.Join(dir, "x.csv"), []byte(x))},
		`select t.title || '|' || (select count(*) from comments) from tickets t`, []string{"Scanner W|1"})
}

// TestCommentsLoadedWithoutTheirTicketStay: a Zendesk audit export
// (aud.json: an internal note on 601, its ticket not in the file) and a
// tickets export of new keys (t.json: 601 without comments, 602 with
// one). By hand: 601 keeps the audit's note whichever file comes first
// (a copy without comments leaves the stored ones), and 602 has its own
// comment. The tickets file's comments once made the merge delete the
// stored comments of every key it brought, 601's note among them.
func TestCommentsLoadedWithoutTheirTicketStay(t *testing.T) {
	ticket := func(id int, comments string) string {
		return fmt.Sprintf(`{"url":"https://acme.zendesk.com/api/v2/tickets/%d.json","id":%d,"created_at":"2026-05-01T08:00:00Z",`+
			`"updated_at":"2026-05-02T10:00:00Z","subject":"VPN","status":"open","requester_id":11,"assignee_id":22,"comments":[%s]}`, id, id, comments)
	}
	tickets := `{"tickets":[` + ticket(601, "") + `,` +
		ticket(602, `{"id":900,"author_id":22,"plain_body":"Rebooted","public":true,"created_at":"2026-05-01T09:00:00Z"}`) +
		`],"users":[{"id":11,"name":"Req One"},{"id":22,"name":"Agent Two"}],"end_of_stream":true,"next_page":null,"end_time":1}`
	audits := `{"audits":[{"id":1,"ticket_id":601,"created_at":"2026-05-01T12:00:00Z","author_id":22,` +
		`"events":[{"id":11,"type":"Comment","author_id":22,"body":"internal note","plain_body":"internal note","public":false}]}],` +
		`"users":[{"id":22,"name":"Agent Two"}],"before_cursor":null,"after_cursor":null,"before_url":null,"after_url":null}`
	dir := t.TempDir()
	paths := []string{writeFile(t, filepath.Join(dir, "aud.json"), []byte(audits)), writeFile(t, filepath.Join(dir, "t.json"), []byte(tickets))}
	loadEveryOrder(t, config.Default(), ingest.Options{Now: func() time.Time { return time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC) }},
		paths, `select concat_ws('|', source_key, seq, body) from comments order by source_key, seq`,
		[]string{"601|1|internal note", "602|1|Rebooted"})
}
