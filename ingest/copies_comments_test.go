package ingest_test

import (
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"strings"
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

// zendeskPage is a Zendesk incremental tickets page of tickets (JSON
// objects), with the users the tests' tickets name.
func zendeskPage(tickets ...string) string {
	return `{"tickets":[` + strings.Join(tickets, ",") +
		`],"users":[{"id":11,"name":"Req One"},{"id":22,"name":"Agent Two"}],"end_of_stream":true,"next_page":null,"end_time":1}`
}

// zendeskTicket is ticket id, updated at updated (May 2026, "DD HH:MM"),
// with comments (JSON objects; none when comments is empty).
func zendeskTicket(id int, updated string, comments ...string) string {
	return fmt.Sprintf(`{"url":"https://acme.zendesk.com/api/v2/tickets/%d.json","id":%d,"created_at":"2026-05-01T08:00:00Z",`+
		`"updated_at":"2026-05-%s:00Z","subject":"VPN","status":"open","requester_id":11,"assignee_id":22,"comments":[%s]}`,
		id, id, strings.Replace(updated, " ", "T", 1), strings.Join(comments, ","))
}

// zendeskComment is a public (or internal) comment by Agent Two at at
// (May 2026, "DD HH:MM"), as a tickets export side-loads it.
func zendeskComment(body, at string, public bool) string {
	return fmt.Sprintf(`{"id":900,"author_id":22,"plain_body":%q,"public":%t,"created_at":"2026-05-%s:00Z"}`,
		body, public, strings.Replace(at, " ", "T", 1))
}

// zendeskAudits is an audits export page of one comment per audit: each
// "ticket|DD HH:MM|body|public" (an internal note when public is false).
func zendeskAudits(comments ...string) string {
	var audits []string
	for i, c := range comments {
		f := strings.Split(c, "|")
		audits = append(audits, fmt.Sprintf(`{"id":%d,"ticket_id":%s,"created_at":"2026-05-%s:00Z","author_id":22,`+
			`"events":[{"id":%d,"type":"Comment","author_id":22,"body":%q,"plain_body":%q,"public":%s}]}`,
			i+1, f[0], strings.Replace(f[1], " ", "T", 1), 10*(i+1), f[2], f[2], f[3]))
	}
	return `{"audits":[` + strings.Join(audits, ",") + `],"users":[{"id":22,"name":"Agent Two"}],` +
		`"before_cursor":null,"after_cursor":null,"before_url":null,"after_url":null}`
}

// loadZendeskEveryOrder writes files (name to text) and loads them as
// loadEveryOrder does, checking every key's comments, then the
// detached_comments rows ("detached|key|body|shown|author").
func loadZendeskEveryOrder(t *testing.T, files map[string]string, want []string) {
	t.Helper()
	dir := t.TempDir()
	var paths []string
	for _, name := range slices.Sorted(maps.Keys(files)) {
		paths = append(paths, writeFile(t, filepath.Join(dir, name), []byte(files[name])))
	}
	loadEveryOrder(t, config.Default(), ingest.Options{Now: func() time.Time { return time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC) }},
		paths, `select line from (
		   select 0 as part, source_key, seq as n, concat_ws('|', source_key, seq, body, is_public, author) as line from comments
		   union all
		   select 1, source_key, 0, concat_ws('|', 'detached', source_key, body, shown, author) from detached_comments)
		 order by part, source_key, n, line`, want)
}

// TestCommentsFromAuditsStayWithTheCopies: comments an audit export
// brings without their ticket stay, whichever copy's comments the ticket
// takes and in whatever order the files come. Ticket 601 has two copies
// (t2: 04 May with T1 and "T2 later"; t3: 05 May with only "T3 only"),
// 602 one without comments (t3) and 603 one (t2, X1). Two audit exports:
// aud.json (601: an internal note, and T1 again; 602: "only audit") and
// aud2.json (601: "T2 later" again and "note two"; 602: "only audit"
// again).
//
// By hand: 601's copy comments are t3's (the best-ranked copy with any),
// and the audits' four comments all stay, T1 and "T2 later" too now that
// no copy's comments hold them: five, numbered in time order (T1 01 09:00,
// the note 01 12:00, "T2 later" 03 09:00, "note two" 03 11:00, "T3 only"
// 04 15:00). 602 keeps the audits' one comment (stored once), 603 its own.
// Before, a copy with comments deleted the audit comments stored for its
// key, so 601 lost some of them in most orders.
func TestCommentsFromAuditsStayWithTheCopies(t *testing.T) {
	loadZendeskEveryOrder(t, map[string]string{
		"t2.json": zendeskPage(zendeskTicket(601, "04 10:00", zendeskComment("T1", "01 09:00", true), zendeskComment("T2 later", "03 09:00", true)),
			zendeskTicket(603, "02 10:00", zendeskComment("X1", "01 09:00", true))),
		"t3.json":   zendeskPage(zendeskTicket(601, "05 10:00", zendeskComment("T3 only", "04 15:00", true)), zendeskTicket(602, "05 10:00")),
		"aud.json":  zendeskAudits("601|01 12:00|internal note|false|Agent Two", "601|01 09:00|T1|true|Agent Two", "602|01 09:30|only audit|false|Agent Two"),
		"aud2.json": zendeskAudits("601|03 09:00|T2 later|true|Agent Two", "601|03 11:00|note two|false|Agent Two", "602|01 09:30|only audit|false|Agent Two"),
	}, []string{
		"601|1|T1|true|Agent Two", "601|2|internal note|false|Agent Two", "601|3|T2 later|true|Agent Two", "601|4|note two|false|Agent Two", "601|5|T3 only|true|Agent Two",
		"602|1|only audit|false|Agent Two", "603|1|X1|true|Agent Two",
		"detached|601|T1|true|Agent Two", "detached|601|T2 later|true|Agent Two", "detached|601|internal note|true|Agent Two", "detached|601|note two|true|Agent Two",
		"detached|602|only audit|true|Agent Two",
	})
}

// TestCommentsFromAuditsHeldByTheCopy: an audit comment that the winning
// copy's comments hold too is stored once. 601: t1 (02 May, T1), t2 (04
// May, T1 and "T2 later"), aud.json (an internal note, and T1 again). By
// hand: t2's two comments and the note, in time order (T1 01 09:00, the
// note 01 12:00, "T2 later" 03 09:00); of the audit's two, T1 is the
// copy's (not shown) and the note has a row of its own.
func TestCommentsFromAuditsHeldByTheCopy(t *testing.T) {
	loadZendeskEveryOrder(t, map[string]string{
		"t1.json":  zendeskPage(zendeskTicket(601, "02 10:00", zendeskComment("T1", "01 09:00", true))),
		"t2.json":  zendeskPage(zendeskTicket(601, "04 10:00", zendeskComment("T1", "01 09:00", true), zendeskComment("T2 later", "03 09:00", true))),
		"aud.json": zendeskAudits("601|01 12:00|internal note|false|Agent Two", "601|01 09:00|T1|true|Agent Two"),
	}, []string{
		"601|1|T1|true|Agent Two", "601|2|internal note|false|Agent Two", "601|3|T2 later|true|Agent Two",
		"detached|601|T1|false|Agent Two", "detached|601|internal note|true|Agent Two",
	})
}

// TestCommentsFromAuditsKeepTheNamedAuthor: one internal note on 601 in
// two audit exports, a1.json with its users side-loaded (author "Agent
// Two") and a2.json without them (author "22", the id), with 601's ticket
// (t.json, comment T1). The same text at the same time is one comment,
// stored once; by hand its author is the name, a name ranking before an
// id, whichever export came first. It kept the first file's before.
func TestCommentsFromAuditsKeepTheNamedAuthor(t *testing.T) {
	note := zendeskAudits("601|01 12:00|internal note|false")
	loadZendeskEveryOrder(t, map[string]string{
		"t.json":  zendeskPage(zendeskTicket(601, "02 10:00", zendeskComment("T1", "01 09:00", true))),
		"a1.json": note,
		"a2.json": strings.Replace(note, `"users":[{"id":22,"name":"Agent Two"}]`, `"users":[]`, 1),
	}, []string{
		"601|1|T1|true|Agent Two", "601|2|internal note|false|Agent Two",
		"detached|601|internal note|true|Agent Two",
	})
}

// TestEventsFromAuditsKeepTheNamedActor: the same two changes of ticket
// 601 in two Zendesk audit pages, a1.json with its users side-loaded
// (actor "Agent Two") and a2.json without them (actor "22"): open to
// solved at 12:00, and solved to open at 13:00, which is also a reopen.
// By hand: each change is stored once, named by the name (a name ranks
// before an id), whichever page comes first: three events. They were six
// before, three per actor.
func TestEventsFromAuditsKeepTheNamedActor(t *testing.T) {
	change := func(id int, at, from, to string) string {
		return fmt.Sprintf(`{"id":%d,"ticket_id":601,"created_at":"2026-05-01T%s:00Z","author_id":22,`+
			`"events":[{"id":%d,"type":"Change","field_name":"status","value":%q,"previous_value":%q}]}`, id, at, 10*id, to, from)
	}
	page := `{"audits":[` + change(1, "12:00", "open", "solved") + `,` + change(2, "13:00", "solved", "open") +
		`],"users":[{"id":22,"name":"Agent Two"}],"before_cursor":null,"after_cursor":null,"before_url":null,"after_url":null}`
	dir := t.TempDir()
	paths := []string{
		writeFile(t, filepath.Join(dir, "a1.json"), []byte(page)),
		writeFile(t, filepath.Join(dir, "a2.json"), []byte(strings.Replace(page, `"users":[{"id":22,"name":"Agent Two"}]`, `"users":[]`, 1))),
	}
	loadEveryOrder(t, config.Default(), ingest.Options{Now: func() time.Time { return time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC) }},
		paths, `select concat_ws('|', source_key, strftime(event_at, '%H:%M'), kind, actor, from_value, to_value) from ticket_events
		 order by source_key, seq`,
		[]string{"601|12:00|status|Agent Two|open|solved", "601|13:00|status|Agent Two|solved|open", "601|13:00|reopen|Agent Two|solved|open"})
}
