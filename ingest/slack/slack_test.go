package slack_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/ingest"
	"github.com/lanes-dev/lanes/ingest/ingesttest"
	"github.com/lanes-dev/lanes/ingest/slack"
	"github.com/lanes-dev/lanes/models/config"
	"github.com/lanes-dev/lanes/models/warehouse"
)

var update = flag.Bool("update", false, "rewrite testdata/<case>/input.zip from testdata/<case>/export/")

// A fixture's export is kept as a folder, export/, that can be read and
// edited; input.zip is that folder zipped (go test -update rewrites it).

func folderFiles(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	require.NoError(t, filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = string(b)
		return nil
	}))
	return out
}

func zipFiles(t *testing.T, data []byte) map[string]string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	require.NoError(t, err)
	out := map[string]string{}
	for _, f := range zr.File {
		r, err := f.Open()
		require.NoError(t, err)
		var b bytes.Buffer
		_, err = b.ReadFrom(r)
		require.NoError(t, err)
		out[f.Name] = b.String()
	}
	return out
}

func buildZip(t testing.TB, files map[string]string) []byte {
	t.Helper()
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for _, n := range names {
		fw, err := w.CreateHeader(&zip.FileHeader{Name: n, Method: zip.Deflate, Modified: time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC)})
		require.NoError(t, err)
		_, err = fw.Write([]byte(files[n]))
		require.NoError(t, err)
	}
	require.NoError(t, w.Close())
	return buf.Bytes()
}

func TestFixtureArchivesMatchTheirFolders(t *testing.T) {
	dirs, err := filepath.Glob(filepath.Join("testdata", "*", "export"))
	require.NoError(t, err)
	require.NotEmpty(t, dirs)
	for _, dir := range dirs {
		want := folderFiles(t, dir)
		archive := filepath.Join(filepath.Dir(dir), "input.zip")
		if *update {
			require.NoError(t, os.WriteFile(archive, buildZip(t, want), 0o644))
			continue
		}
		data, err := os.ReadFile(archive)
		require.NoError(t, err, "run go test -update to build %s", archive)
		assert.Equal(t, want, zipFiles(t, data), "%s is out of date: run go test -update", archive)
	}
}

func TestFixtures(t *testing.T) {
	ingesttest.RunFixtures(t, slack.Connector{}, "testdata")
	for _, c := range ingesttest.Cases(t, "testdata") {
		t.Run(c.Name+"/messages", func(t *testing.T) {
			want, err := os.ReadFile(filepath.Join(c.Dir, "messages.json"))
			if c.Err != "" {
				require.True(t, os.IsNotExist(err), "%s: a failing case has no messages.json", c.Dir)
				return
			}
			require.NoError(t, err)
			sink, err := ingesttest.Read(context.Background(), slack.Connector{}, "input.zip", c.Data(t), c.Source)
			require.NoError(t, err)
			assert.JSONEq(t, string(want), messagesJSON(t, sink.Messages))

			// The same export unzipped reads the same.
			if _, err := os.Stat(filepath.Join(c.Dir, "export", "users.json")); err == nil {
				folder := readFolder(t, filepath.Join(c.Dir, "export"), c.Source)
				assert.JSONEq(t, string(want), messagesJSON(t, folder.Messages))
			}
		})
	}
}

func readFolder(t *testing.T, dir string, src config.Source) *ingesttest.Sink {
	t.Helper()
	sink := &ingesttest.Sink{}
	in := &ingest.Input{Path: dir, Source: src, Location: time.UTC}
	require.NoError(t, slack.Connector{}.ReadBundle(context.Background(), os.DirFS(dir), in, sink))
	return sink
}

type message struct {
	Channel    string `json:"channel"`
	TS         string `json:"ts"`
	ThreadTS   string `json:"thread_ts,omitempty"`
	Author     string `json:"author,omitempty"`
	PostedAt   string `json:"posted_at"`
	Text       string `json:"text,omitempty"`
	ReplyCount *int   `json:"reply_count,omitempty"`
	TicketRef  string `json:"ticket_ref,omitempty"`
	Line       int64  `json:"line"`
}

func messagesJSON(t *testing.T, ms []*ingest.Message) string {
	t.Helper()
	out := []message{}
	for _, m := range ms {
		out = append(out, message{Channel: m.Channel, TS: m.TS, ThreadTS: m.ThreadTS, Author: m.Author,
			PostedAt: m.PostedAt.UTC().Format(time.RFC3339Nano), Text: m.Text, ReplyCount: m.ReplyCount, TicketRef: m.TicketRef, Line: m.Line})
	}
	b, err := json.Marshal(out)
	require.NoError(t, err)
	return string(b)
}

func FuzzRead(f *testing.F) {
	ingesttest.Fuzz(f, slack.Connector{}, "testdata")
}

func TestDetectBundle(t *testing.T) {
	day := &fstest.MapFile{Data: []byte(`[{"type": "message", "user": "U1", "text": "VPN down", "ts": "1709283600.000100"}]`)}
	list := &fstest.MapFile{Data: []byte("[]")}
	cases := []struct {
		name  string
		fsys  fstest.MapFS
		score int
	}{
		{"full export", fstest.MapFS{"channels.json": list, "users.json": list, "it-help/2024-03-01.json": day}, 98},
		{"no users.json", fstest.MapFS{"channels.json": list, "it-help/2024-03-01.json": day}, 90},
		{"no channels.json", fstest.MapFS{"users.json": list, "it-help/2024-03-01.json": day}, 90},
		{"no messages", fstest.MapFS{"channels.json": list, "users.json": list}, 70},
		{"only empty daily files", fstest.MapFS{"channels.json": list, "users.json": list, "it-help/2024-03-01.json": list}, 70},
		{"users.json alone", fstest.MapFS{"users.json": list, "notes/readme.json": list}, 0},
		{"daily files alone", fstest.MapFS{"it-help/2024-03-01.json": day}, 0},
		{"tickets", fstest.MapFS{"tickets.csv": {Data: []byte("a,b\n")}}, 0},
		// A Jira users.json next to Zendesk pages saved by date is not a
		// Slack export: the pages are not lists of messages.
		{"users.json and pages named by date", fstest.MapFS{
			"users.json":              {Data: []byte(`[{"accountId": "5b10a2844c20165700ede21g", "displayName": "Mia Krause"}]`)},
			"zendesk/2026-09-01.json": {Data: []byte(`{"tickets": [{"id": 4282, "subject": "Export invoices"}]}`)},
		}, 0},
		{"users.json and a list of other records by date", fstest.MapFS{
			"users.json":             list,
			"audits/2026-09-01.json": {Data: []byte(`[{"id": 1, "created_at": "2026-09-01T10:00:00Z"}]`)},
		}, 0},
		{"users.json and records of another type", fstest.MapFS{
			"users.json":             list,
			"events/2026-09-01.json": {Data: []byte(`[{"type": "push", "ts": "1709283600.000100"}]`)},
		}, 0},
		// An empty first file says nothing; the next one tells.
		{"messages after an empty day", fstest.MapFS{"users.json": list, "it-help/2024-03-01.json": list, "it-help/2024-03-02.json": day}, 90},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			score, reason := slack.Connector{}.DetectBundle(tc.fsys)
			assert.Equal(t, tc.score, score)
			if score > 0 {
				assert.NotEmpty(t, reason)
			}
		})
	}
}

// TestReadBadBundles covers inputs too big or too odd for a fixture.
func TestReadBadBundles(t *testing.T) {
	base := func(day string) fstest.MapFS {
		return fstest.MapFS{
			"channels.json":           {Data: []byte(`[{"id": "C1", "name": "it-help"}]`)},
			"users.json":              {Data: []byte(`[{"id": "U1", "real_name": "Ana Lima"}]`)},
			"it-help/2024-03-01.json": {Data: []byte(day)},
		}
	}
	huge := `[{"type": "message", "user": "U1", "ts": "1709283600.000100", "text": "` + strings.Repeat("x", 1<<20+1) + `"},
{"type": "message", "user": "U1", "ts": "1709283601.000100", "text": "fine"}]`
	cases := []struct {
		name    string
		fsys    fstest.MapFS
		src     config.Source
		wantErr string
		rejects []ingest.Reject
		texts   []string
	}{
		{
			name:    "huge text",
			fsys:    base(huge),
			rejects: []ingest.Reject{{Line: 1, Column: "text", Reason: "the text is 1048577 bytes, more than the 1 MiB limit", File: "x!it-help/2024-03-01.json"}},
			texts:   []string{"fine"},
		},
		{
			name:    "empty daily file",
			fsys:    base(""),
			wantErr: "slack export: x!it-help/2024-03-01.json: the file is empty; expected a JSON array",
		},
		{
			name:    "not UTF-8",
			fsys:    base("[\n{\"type\": \"message\", \"text\": \"caf\xe9\"}]"),
			wantErr: `slack export: x!it-help/2024-03-01.json line 2 column 33: byte 0xE9 is not UTF-8; Slack exports are UTF-8, is the file damaged?`,
		},
		{
			name:    "nested beyond the JSON decoder",
			fsys:    base("[" + strings.Repeat("[", 20000) + strings.Repeat("]", 20000) + "]"),
			wantErr: `slack export: x!it-help/2024-03-01.json line 1 column 10002: invalid JSON: nested more than 10000 levels deep`,
		},
		{
			name:    "missing comma",
			fsys:    base("[\n{\"a\": 1} {\"b\": 2}]"),
			wantErr: `slack export: x!it-help/2024-03-01.json line 2 column 10: invalid JSON: expected comma after array element`,
		},
		{
			name:    "bad third message",
			fsys:    base("[\n  {\"a\": 1},\n  {\"b\": 2},\n  {\"c\" 3}\n]"),
			wantErr: `slack export: x!it-help/2024-03-01.json line 4 column 8: invalid JSON: invalid character '3' after object key`,
		},
		{
			name:    "trailing comma",
			fsys:    base("[\n  {},\n  ]"),
			wantErr: `slack export: x!it-help/2024-03-01.json line 3 column 3: invalid JSON: invalid character ']' looking for beginning of value`,
		},
		{
			name:    "data after the array",
			fsys:    base(`[] []`),
			wantErr: `slack export: x!it-help/2024-03-01.json line 1 column 4: unexpected data after the JSON array`,
		},
		{
			name:    "bad channel pattern",
			fsys:    base(`[]`),
			src:     config.Source{Channels: []string{"it-(help"}},
			wantErr: `slack export: x: channels[0]: "it-(help" is not a channel name or a regular expression`,
		},
		{
			name:    "listed channel not in the export",
			fsys:    base(`[]`),
			src:     config.Source{Channels: []string{"#support"}},
			wantErr: `slack export: x: none of the channels (it-help) is one of the source's channels (#support)`,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			sink := &ingesttest.Sink{}
			err := slack.Connector{}.ReadBundle(context.Background(), tc.fsys, &ingest.Input{Path: "x.zip", Source: tc.src, Location: time.UTC}, sink)
			if tc.wantErr != "" {
				require.Error(t, err)
				assert.Equal(t, strings.ReplaceAll(tc.wantErr, "x!", "x.zip!"), strings.ReplaceAll(err.Error(), "x.zip:", "x:"))
				return
			}
			require.NoError(t, err)
			for i := range sink.Rejects {
				sink.Rejects[i].Raw = ""
				sink.Rejects[i].File = strings.ReplaceAll(sink.Rejects[i].File, "x.zip!", "x!")
			}
			assert.Equal(t, tc.rejects, sink.Rejects)
			var texts []string
			for _, m := range sink.Messages {
				texts = append(texts, m.Text)
			}
			assert.Equal(t, tc.texts, texts)
		})
	}
}

func TestReadRefusesUnsafeArchive(t *testing.T) {
	data := buildZip(t, map[string]string{"channels.json": "[]", "users.json": "[]", "../it-help/2024-03-01.json": "[]"})
	_, err := ingesttest.Read(context.Background(), slack.Connector{}, "export.zip", data, config.Source{})
	require.Error(t, err)
	assert.Equal(t, `export.zip: entry "../it-help/2024-03-01.json" points outside the archive (".."); the archive was not read`, err.Error())
}

// export builds a Slack export folder with one help channel whose daily
// files are given as {date: messages JSON}.
func export(t *testing.T, days map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"channels.json": `[{"id": "C1", "name": "it-help"}]`,
		"users.json":    `[{"id": "U1", "real_name": "Ana Lima"}, {"id": "U2", "real_name": "Bob K"}]`,
	}
	for day, body := range days {
		files["it-help/"+day+".json"] = body
	}
	writeFolder(t, dir, files)
	return dir
}

// writeFolder writes files, {slash-separated name: content}, under dir.
func writeFolder(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(body), 0o644))
	}
}

func msg(ts, user, text string, extra ...string) string {
	s := `{"type": "message", "ts": "` + ts + `", "user": "` + user + `", "text": "` + text + `"`
	for _, e := range extra {
		s += ", " + e
	}
	return s + "}"
}

type messageRow struct {
	TS, Text   string
	ReplyCount *int32
}

func messageRows(t *testing.T, wh *warehouse.Warehouse) []messageRow {
	t.Helper()
	rows, err := wh.Query(context.Background(), "select message_ts, text, reply_count from messages order by message_ts")
	require.NoError(t, err)
	defer rows.Close()
	var out []messageRow
	for rows.Next() {
		var r messageRow
		require.NoError(t, rows.Scan(&r.TS, &r.Text, &r.ReplyCount))
		out = append(out, r)
	}
	require.NoError(t, rows.Err())
	return out
}

func i32(v int32) *int32 { return &v }

// TestRunOverlappingExports loads exports through ingest.Run: the same
// export twice is skipped, an export covering January to March and one
// covering February to April give each message once, the later copy of a
// thread with more replies wins, and a zipped copy of a folder is the
// same input.
func TestRunOverlappingExports(t *testing.T) {
	ctx := context.Background()
	wh, err := warehouse.Open(ctx, ":memory:", warehouse.Options{})
	require.NoError(t, err)
	defer wh.Close()
	run := func(paths ...string) ingest.Summary {
		t.Helper()
		sum, err := ingest.Run(ctx, wh, config.Default(), ingest.Options{Paths: paths, Now: func() time.Time { return time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC) }})
		require.NoError(t, err)
		return sum
	}
	// 2024-01-15, 2024-02-10, 2024-03-05, 2024-04-02 at 09:00 UTC.
	jan, feb, mar, apr := "1705309200.000100", "1707555600.000100", "1709629200.000100", "1712048400.000100"
	janMar := export(t, map[string]string{
		"2024-01-15": "[" + msg("1705309100.000100", "U2", "<@U2> has joined the channel", `"subtype": "channel_join"`) + ", " + msg(jan, "U1", "VPN is down") + "]",
		"2024-02-10": "[" + msg(feb, "U1", "Need access to Figma", `"thread_ts": "`+feb+`"`, `"reply_count": 1`) + "]",
		"2024-03-05": "[" + msg(mar, "U2", "Printer jammed") + "]",
	})
	febApr := export(t, map[string]string{
		"2024-02-10": "[" + msg(feb, "U1", "Need access to Figma", `"thread_ts": "`+feb+`"`, `"reply_count": 2`) + "]",
		"2024-03-05": "[" + msg(mar, "U2", "Printer jammed") + "]",
		"2024-04-02": "[" + msg(apr, "U2", "New laptop please") + "]",
	})

	sum := run(janMar)
	require.Len(t, sum.Files, 1)
	f := sum.Files[0]
	assert.Equal(t, janMar, f.Path)
	assert.Equal(t, "slack_export", f.Format)
	assert.Equal(t, "slack", f.Source)
	// The join is read and skipped, not loaded.
	assert.Equal(t, [5]int64{4, 3, 0, 0, 1}, [5]int64{f.RowsIn, f.Loaded, f.Rejected, f.Merged, f.Skipped})
	assert.Equal(t, map[string]int64{"Slack channel_join": 1}, f.Skips)

	sum = run(janMar)
	assert.True(t, sum.Files[0].Unchanged, "the same export again is skipped")

	// Zipped, the same export is the same input (hashed by its files).
	zipped := filepath.Join(t.TempDir(), "export.zip")
	require.NoError(t, os.WriteFile(zipped, buildZip(t, folderFiles(t, janMar)), 0o644))
	sum = run(zipped)
	require.Len(t, sum.Files, 1)
	assert.Equal(t, zipped, sum.Files[0].Path)
	assert.True(t, sum.Files[0].Unchanged, "a zip of the same export is the same input")

	sum = run(febApr)
	f = sum.Files[0]
	// February's thread now has 2 replies: it replaces the stored copy;
	// March's message is already there; April's is new.
	assert.Equal(t, [4]int64{3, 2, 0, 1}, [4]int64{f.RowsIn, f.Loaded, f.Rejected, f.Merged})
	assert.Equal(t, []messageRow{
		{jan, "VPN is down", nil},
		{feb, "Need access to Figma", i32(2)},
		{mar, "Printer jammed", nil},
		{apr, "New laptop please", nil},
	}, messageRows(t, wh))

	// Both again, in the other order, in one run: nothing changes.
	sum = run(febApr, janMar)
	for _, f := range sum.Files {
		assert.True(t, f.Unchanged)
	}
	assert.Len(t, messageRows(t, wh), 4)
}

func TestRunRejectsAreNamedByTheirDailyFile(t *testing.T) {
	ctx := context.Background()
	wh, err := warehouse.Open(ctx, ":memory:", warehouse.Options{})
	require.NoError(t, err)
	defer wh.Close()
	dir := export(t, map[string]string{"2024-01-15": "[\n" + msg("1705309200.000100", "U1", "VPN is down") + ",\n" + msg("soon", "U1", "bad") + "\n]"})
	sum, err := ingest.Run(ctx, wh, config.Default(), ingest.Options{Paths: []string{dir}, MaxRejectPct: 100})
	require.NoError(t, err)
	require.Len(t, sum.Files[0].Rejects, 1)
	file := filepath.Join(dir, "it-help", "2024-01-15.json")
	assert.Equal(t, file+` line 3 column "ts": "soon" is not a Slack timestamp like "1712345678.000100"`, sum.Files[0].Rejects[0].Describe(dir))
	var got string
	require.NoError(t, wh.QueryRow(ctx, "select file || ':' || line from rejects").Scan(&got))
	assert.Equal(t, file+":3", got)
}

// TestRunRenamedChannel loads an export taken before a channel was renamed
// and one taken after: the channel is the same (its id in channels.json),
// so the messages both exports hold are stored once.
func TestRunRenamedChannel(t *testing.T) {
	ctx := context.Background()
	wh, err := warehouse.Open(ctx, ":memory:", warehouse.Options{})
	require.NoError(t, err)
	defer wh.Close()
	users := `[{"id": "U1", "real_name": "Ana Lima"}, {"id": "U2", "real_name": "Bob K"}]`
	// 2024-03-04 09:00, 09:05 and 2024-03-05 10:00 UTC.
	root, reply, later := "1709542800.000100", "1709543100.000100", "1709632800.000100"
	thread := msg(root, "U1", "Printer jammed", `"thread_ts": "`+root+`"`, `"reply_count": 1`) + ",\n" +
		msg(reply, "U2", "on my way", `"thread_ts": "`+root+`"`)
	before, after := t.TempDir(), t.TempDir()
	writeFolder(t, before, map[string]string{
		"channels.json":           `[{"id": "C0HELP", "name": "it-help"}]`,
		"users.json":              users,
		"it-help/2024-03-04.json": "[\n" + thread + "\n]",
	})
	writeFolder(t, after, map[string]string{
		"channels.json":              `[{"id": "C0HELP", "name": "it-support", "previous_names": ["it-help"]}]`,
		"users.json":                 users,
		"it-support/2024-03-04.json": "[\n" + thread + "\n]",
		"it-support/2024-03-05.json": "[" + msg(later, "U1", "New laptop please") + "]",
	})
	var sum ingest.Summary
	for _, dir := range []string{before, after} {
		sum, err = ingest.Run(ctx, wh, config.Default(), ingest.Options{Paths: []string{dir}})
		require.NoError(t, err)
	}
	f := sum.Files[0]
	// The second export's 3 messages: the thread's 2 are already stored
	// under C0HELP, the new one is loaded.
	assert.Equal(t, [4]int64{3, 1, 0, 2}, [4]int64{f.RowsIn, f.Loaded, f.Rejected, f.Merged})
	rows, err := wh.Query(ctx, "select channel, message_ts from messages order by message_ts")
	require.NoError(t, err)
	defer rows.Close()
	var got []string
	for rows.Next() {
		var ch, ts string
		require.NoError(t, rows.Scan(&ch, &ts))
		got = append(got, ch+" "+ts)
	}
	require.NoError(t, rows.Err())
	assert.Equal(t, []string{"C0HELP " + root, "C0HELP " + reply, "C0HELP " + later}, got)
}

// TestReadChannelByPreviousName: a channel listed in lanes.yaml by the
// name it had before a rename is still read; its messages are stored under
// its id. A folder channels.json does not list keeps its folder's name.
func TestReadChannelByPreviousName(t *testing.T) {
	fsys := fstest.MapFS{
		"channels.json": {Data: []byte(`[{"id": "C0HELP", "name": "it-support", "previous_names": ["it-help", "helpdesk"]},
			{"id": "C0GEN", "name": "general"}]`)},
		"users.json":                 {Data: []byte(`[{"id": "U1", "real_name": "Ana Lima"}]`)},
		"it-support/2024-03-04.json": {Data: []byte("[" + msg("1709542800.000100", "U1", "VPN down") + "]")},
		"general/2024-03-04.json":    {Data: []byte("[" + msg("1709542801.000100", "U1", "lunch?") + "]")},
		"desk/2024-03-04.json":       {Data: []byte("[" + msg("1709542802.000100", "U1", "mouse broken") + "]")},
	}
	sink := &ingesttest.Sink{}
	src := config.Source{Channels: []string{"#it-help", "desk"}}
	require.NoError(t, slack.Connector{}.ReadBundle(context.Background(), fsys, &ingest.Input{Path: "x", Source: src, Location: time.UTC}, sink))
	var got []string
	for _, m := range sink.Messages {
		got = append(got, m.Channel+": "+m.Text)
	}
	// Folders in name order: desk (not in channels.json), then it-support.
	assert.Equal(t, []string{"desk: mouse broken", "C0HELP: VPN down"}, got)
}

// TestReadSkipsSystemAndBotMessages: in system_and_bot_messages, Slack's
// own notices are skipped by subtype, and a bot's message is loaded (with
// no author) only when it starts a thread people replied to
// (messages.json holds what loads).
func TestReadSkipsSystemAndBotMessages(t *testing.T) {
	sink := &ingesttest.SkipSink{}
	readFolderInto(t, filepath.Join("testdata", "system_and_bot_messages", "export"), sink)
	// Lines 2-8: one notice each. Line 9: the disk monitor's alert
	// (app_id, a users.json bot) and line 15: Slackbot's reminder, neither
	// with replies. Line 13: the Jira app's reply, whose IT-311 still
	// marks its thread (messages.json, lines 12 and 14).
	assert.Equal(t, map[string]int{
		"Slack channel_join": 1, "Slack huddle_thread": 1, "Slack channel_convert_to_private": 1,
		"Slack channel_canvas_updated": 1, "Slack sh_room_created": 1, "Slack message_replied": 1,
		"Slack channel_topic": 1, "Slack bot message with no replies": 2, "Slack bot reply in a thread": 1,
	}, sink.Skips)
	assert.Equal(t, []int64{2, 3, 4, 5, 6, 7, 8, 9, 13, 15}, sink.Lines)
	// 17 messages = 7 loaded + 10 skipped.
	assert.Len(t, sink.Messages, 7)
}

func readFolderInto(t *testing.T, dir string, sink ingest.Sink) {
	t.Helper()
	in := &ingest.Input{Path: dir, Location: time.UTC}
	require.NoError(t, slack.Connector{}.ReadBundle(context.Background(), os.DirFS(dir), in, sink))
}

// TestDetectBundleNamesArchives: --dry-run's reason says whether the export
// is a folder, a zip archive or a folder inside one.
func TestDetectBundleNamesArchives(t *testing.T) {
	files := map[string]string{"channels.json": "[]", "users.json": "[]", "it-help/2024-03-01.json": `[{"type": "message", "ts": "1709283600.000100"}]`}
	const what = " with Slack's channels.json, users.json and daily message files"
	folder := fstest.MapFS{}
	nested := map[string]string{}
	for name, body := range files {
		folder[name] = &fstest.MapFile{Data: []byte(body)}
		nested["export/"+name] = body
	}
	_, reason := slack.Connector{}.DetectBundle(folder)
	assert.Equal(t, "folder"+what, reason)

	data := buildZip(t, files)
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	require.NoError(t, err)
	_, reason = slack.Connector{}.DetectBundle(zr)
	assert.Equal(t, "zip archive"+what, reason)

	data = buildZip(t, nested)
	zr, err = zip.NewReader(bytes.NewReader(data), int64(len(data)))
	require.NoError(t, err)
	sub, err := fs.Sub(zr, "export")
	require.NoError(t, err)
	_, reason = slack.Connector{}.DetectBundle(sub)
	assert.Equal(t, "folder in a zip archive"+what, reason)
}

// TestRunLaterEditWins: of two exports holding the same message, the copy
// edited last wins (its text and the ticket key the edit added), then the
// one with more replies, in either order.
func TestRunLaterEditWins(t *testing.T) {
	ctx := context.Background()
	// 2024-03-04 09:00 UTC, edited at 2024-03-04 12:00 (1709553600).
	root := "1709542800.000100"
	old := export(t, map[string]string{"2024-03-04": "[" + msg(root, "U1", "New laptop please", `"thread_ts": "`+root+`"`, `"reply_count": 2`) + "]"})
	edited := export(t, map[string]string{"2024-03-04": "[" + msg(root, "U1", "New laptop please, see IT-77",
		`"thread_ts": "`+root+`"`, `"reply_count": 1`, `"edited": {"user": "U1", "ts": "1709553600.000000"}`) + "]"})
	for _, order := range [][]string{{old, edited}, {edited, old}} {
		wh, err := warehouse.Open(ctx, ":memory:", warehouse.Options{})
		require.NoError(t, err)
		for _, dir := range order {
			_, err := ingest.Run(ctx, wh, config.Default(), ingest.Options{Paths: []string{dir}})
			require.NoError(t, err)
		}
		var text, ref, channel, name string
		var replies int32
		require.NoError(t, wh.QueryRow(ctx, "select text, ticket_ref, reply_count, channel, channel_name from messages").
			Scan(&text, &ref, &replies, &channel, &name))
		assert.Equal(t, []string{"C1", "it-help"}, []string{channel, name}, "the id keys the channel; its name is kept beside it")
		// The edit (12:00) is later than the other copy's post (09:00), so
		// it wins although it counts fewer replies.
		assert.Equal(t, []any{"New laptop please, see IT-77", "IT-77", int32(1)}, []any{text, ref, replies})
		require.NoError(t, wh.Close())
	}
}

// TestRunMovesMessagesStoredUnderTheName: messages stored before channels
// were keyed by id (channel and channel_name both "it-help", as migration
// 0010 leaves them) move to the id when an export gives it, and a message
// the export holds again is stored once.
func TestRunMovesMessagesStoredUnderTheName(t *testing.T) {
	ctx := context.Background()
	wh, err := warehouse.Open(ctx, ":memory:", warehouse.Options{})
	require.NoError(t, err)
	defer wh.Close()
	require.NoError(t, wh.Write(ctx, func(tx *warehouse.Tx) error {
		_, err := tx.Exec(`insert into messages (source, channel, message_ts, thread_ts, author, posted_at, text, reply_count, ticket_ref, channel_name) values
			('slack', 'it-help', '1709542800.000100', null, 'Ana Lima', timestamp '2024-03-04 09:00', 'New laptop please', 0, null, 'it-help'),
			('slack', 'it-help', '1709456400.000100', null, 'Bob K', timestamp '2024-03-03 09:00', 'VPN down', 0, null, 'it-help')`)
		return err
	}))
	dir := export(t, map[string]string{"2024-03-04": "[" + msg("1709542800.000100", "U1", "New laptop please") + "]"})
	_, err = ingest.Run(ctx, wh, config.Default(), ingest.Options{Paths: []string{dir}})
	require.NoError(t, err)
	rows, err := wh.Query(ctx, `select channel || ' ' || channel_name || ' ' || message_ts from messages order by message_ts`)
	require.NoError(t, err)
	defer rows.Close()
	var got []string
	for rows.Next() {
		var s string
		require.NoError(t, rows.Scan(&s))
		got = append(got, s)
	}
	assert.Equal(t, []string{"C1 it-help 1709456400.000100", "C1 it-help 1709542800.000100"}, got)
}

// TestRunRenamedChannelNameIsOrderFree: the same message in exports from
// before and after a rename, equal in every other way, keeps the same
// channel_name whichever export comes first (the smaller name).
func TestRunRenamedChannelNameIsOrderFree(t *testing.T) {
	ctx := context.Background()
	day := map[string]string{"2024-03-04": "[" + msg("1709542800.000100", "U1", "New laptop please") + "]"}
	before := export(t, day)
	after := t.TempDir()
	writeFolder(t, after, map[string]string{
		"channels.json":               `[{"id": "C1", "name": "helpdesk-it", "previous_names": ["it-help"]}]`,
		"users.json":                  `[{"id": "U1", "real_name": "Ana Lima"}]`,
		"helpdesk-it/2024-03-04.json": day["2024-03-04"],
	})
	for _, order := range [][]string{{before, after}, {after, before}} {
		wh, err := warehouse.Open(ctx, ":memory:", warehouse.Options{})
		require.NoError(t, err)
		cfg := config.Default()
		cfg.Sources = []config.Source{{Name: "slack", Format: "slack_export", Channels: []string{"it-help", "helpdesk-it"}}}
		for _, dir := range order {
			_, err := ingest.Run(ctx, wh, cfg, ingest.Options{Paths: []string{dir}})
			require.NoError(t, err)
		}
		var n int
		var name string
		require.NoError(t, wh.QueryRow(ctx, "select count(*), max(channel_name) from messages").Scan(&n, &name))
		assert.Equal(t, []any{1, "helpdesk-it"}, []any{n, name})
		require.NoError(t, wh.Close())
	}
}

// TestBundleParts: the export claims Slack's own files and the daily files
// of its channels, a damaged one included (its error then names it), and
// leaves the folder's other files, and a folder of dated pages that are
// not Slack messages, to be read on their own.
func TestBundleParts(t *testing.T) {
	day := &fstest.MapFile{Data: []byte(`[{"type": "message", "user": "U1", "text": "VPN down", "ts": "1709283600.000100"}]`)}
	list := &fstest.MapFile{Data: []byte("[]")}
	fsys := fstest.MapFS{
		"channels.json":                list,
		"users.json":                   list,
		"dms.json":                     list,
		"integration_logs.json":        {Data: []byte(`{"logs": []}`)},
		"it-help/2024-03-01.json":      day,
		"it-help/2024-03-02.json":      day,
		"it-help/notes.csv":            {Data: []byte("a,b\n1,2\n")},
		"ask-hr/2024-03-01.json":       {Data: []byte(`[{"type": "message" "text": "x"}]`)},
		"zendesk/2026-09-01.json":      {Data: []byte(`{"tickets": []}`)},
		"tickets.csv":                  {Data: []byte("a,b\n1,2\n")},
		"report.json":                  list,
		"extra/fs.csv":                 {Data: []byte("a,b\n1,2\n")},
		".hidden/2024-03-01.json":      day,
		"old-export/channels.json":     list,
		"old-export/x/2024-03-01.json": day,
	}
	assert.Equal(t, []string{
		"ask-hr/2024-03-01.json", "channels.json", "dms.json", "integration_logs.json",
		"it-help/2024-03-01.json", "it-help/2024-03-02.json", "users.json",
	}, slack.Connector{}.BundleParts(fsys))
}

// refRow is what TestReadTicketKeysInBlocksAndAttachments checks of a
// loaded message.
type refRow struct{ TS, Text, TicketRef string }

func refRows(ms []*ingest.Message) []refRow {
	var out []refRow
	for _, m := range ms {
		out = append(out, refRow{m.TS, m.Text, m.TicketRef})
	}
	return out
}

// TestReadTicketKeysInBlocksAndAttachments: a Jira app's reply with no text
// but an attachment titled "IT-311: vpn down", or a section block "Created
// <…|IT-312>", marks its thread (the reply itself is skipped); a message
// whose only text is in a section block loads that text; every key of the
// thread is kept, in order, so a pattern can pick IT-45 after USB-3.
func TestReadTicketKeysInBlocksAndAttachments(t *testing.T) {
	jira := `"subtype": "bot_message", "bot_id": "BJIRA", "username": "Jira Cloud"`
	dir := export(t, map[string]string{"2024-03-01": "[" + strings.Join([]string{
		msg("1709283600.000100", "U1", "vpn down", `"thread_ts": "1709283600.000100"`, `"reply_count": 2`),
		msg("1709283700.000100", "U2", "checking", `"thread_ts": "1709283600.000100"`),
		msg("1709283800.000100", "", "", `"thread_ts": "1709283600.000100"`, jira,
			`"attachments": [{"fallback": "Created IT-311: vpn down", "title": "IT-311: vpn down", "title_link": "https://acme.atlassian.net/browse/IT-311"}]`),
		msg("1709290000.000100", "U1", "printer jam", `"thread_ts": "1709290000.000100"`, `"reply_count": 2`),
		msg("1709290100.000100", "U2", "on my way", `"thread_ts": "1709290000.000100"`),
		msg("1709290200.000100", "", "", `"thread_ts": "1709290000.000100"`, jira,
			`"blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "Created <https://acme.atlassian.net/browse/IT-312|IT-312>"}}]`),
		msg("1709299000.000100", "U1", "", `"blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "need access to <https://x.example/a|IT-313> &lt;b&gt;"},`+
			` "fields": [{"type": "plain_text", "text": "VPN"}, {"type": "mrkdwn", "text": "*urgent*"}]},`+
			` {"type": "context", "elements": [{"type": "mrkdwn", "text": "via form"}]}]`),
		msg("1709300000.000100", "U1", "USB-3 hub for me?", `"thread_ts": "1709300000.000100"`, `"reply_count": 1`),
		msg("1709300100.000100", "", "", `"thread_ts": "1709300000.000100"`, jira,
			`"attachments": [{"pretext": "New request", "text": "for the USB-3 hub: see IT-45"}, "not an object"]`),
	}, ", ") + "]"})
	sink := &ingesttest.SkipSink{}
	readFolderInto(t, dir, sink)
	assert.Equal(t, map[string]int{"Slack bot reply in a thread": 3}, sink.Skips)
	assert.Equal(t, []refRow{
		{"1709283600.000100", "vpn down", "IT-311"},
		{"1709283700.000100", "checking", "IT-311"},
		{"1709290000.000100", "printer jam", "IT-312"},
		{"1709290100.000100", "on my way", "IT-312"},
		{"1709299000.000100", "need access to IT-313 <b>\nVPN\n*urgent*\nvia form", "IT-313"},
		{"1709300000.000100", "USB-3 hub for me?", "USB-3 IT-45"},
	}, refRows(sink.Messages))
}

// TestReadSkipsAlertsWithOnlyBotReplies: an alert whose only replies are
// bots' is not a request: Alertmanager's [FIRING] with its [RESOLVED] in
// the thread, and one whose reply falls after the export but whose replies
// list names only a users.json bot. A Workflow Builder post a person
// answered after the export (replies names U1) still loads, without author.
func TestReadSkipsAlertsWithOnlyBotReplies(t *testing.T) {
	am := `"subtype": "bot_message", "bot_id": "BAM", "username": "Alertmanager"`
	dir := t.TempDir()
	writeFolder(t, dir, map[string]string{
		"channels.json": `[{"id": "C1", "name": "it-help"}]`,
		"users.json":    `[{"id": "U1", "real_name": "Ana Lima"}, {"id": "UAM", "name": "alertmanager", "is_bot": true}]`,
		"it-help/2024-03-01.json": "[" + strings.Join([]string{
			msg("1709283600.000100", "", "[FIRING] disk full on vpn-1", am, `"thread_ts": "1709283600.000100"`,
				`"reply_count": 1`, `"replies": [{"user": "UAM", "ts": "1709287200.000100"}]`),
			msg("1709287200.000100", "", "[RESOLVED] disk full on vpn-1", am, `"thread_ts": "1709283600.000100"`),
			msg("1709290000.000100", "", "[FIRING] cert expires", am, `"thread_ts": "1709290000.000100"`,
				`"reply_count": 1`, `"replies": [{"user": "UAM", "ts": "1709999000.000100"}]`),
			msg("1709291000.000100", "", "Laptop request from Ana", `"subtype": "bot_message"`, `"bot_id": "BWF"`, `"thread_ts": "1709291000.000100"`,
				`"reply_count": 1`, `"replies": [{"user": "U1", "ts": "1709999000.000200"}]`),
		}, ", ") + "]",
	})
	sink := &ingesttest.SkipSink{}
	readFolderInto(t, dir, sink)
	assert.Equal(t, []string{"Slack bot message with only bot replies", "Slack bot reply in a thread", "Slack bot message with only bot replies"}, sink.Reasons)
	require.Len(t, sink.Messages, 1)
	assert.Equal(t, "1709291000.000100", sink.Messages[0].TS)
	assert.Equal(t, "", sink.Messages[0].Author)
}

// TestRunOverlappingExportsAnyOrder: exports A (root, reply, the Jira app's
// "Created IT-311" a day later), B (root and reply only: the app's reply is
// after its last day) and C (as B, but users.json names U1 "Ana L.") give
// the same messages table in every order, in separate runs or in one: the
// copies tie on edit time and replies, so the copy whose thread holds more
// ticket keys (A's) wins, then the larger author. Hand expectation: both
// messages carry IT-311, the root is Ana Lima's.
func TestRunOverlappingExportsAnyOrder(t *testing.T) {
	ctx := context.Background()
	root := msg("1709283600.000100", "U1", "laptop broken", `"thread_ts": "1709283600.000100"`, `"reply_count": 2`,
		`"replies": [{"user": "U2", "ts": "1709287200.000200"}, {"user": "UBOT", "ts": "1709373600.000300"}]`)
	reply := msg("1709287200.000200", "U2", "looking", `"thread_ts": "1709283600.000100"`)
	bot := msg("1709373600.000300", "", "Created IT-311", `"subtype": "bot_message"`, `"bot_id": "B1"`, `"thread_ts": "1709283600.000100"`)
	a := export(t, map[string]string{"2024-03-01": "[" + root + ", " + reply + "]", "2024-03-02": "[" + bot + "]"})
	b := export(t, map[string]string{"2024-03-01": "[" + root + ", " + reply + "]"})
	c := export(t, map[string]string{"2024-03-01": "[" + root + ", " + reply + "]"})
	writeFolder(t, c, map[string]string{"users.json": `[{"id": "U1", "real_name": "Ana L."}, {"id": "U2", "real_name": "Bob K"}]`})

	table := func(wh *warehouse.Warehouse) string {
		rows, err := wh.Query(ctx, `select * from messages order by all`)
		require.NoError(t, err)
		defer rows.Close()
		cols, err := rows.Columns()
		require.NoError(t, err)
		var out strings.Builder
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			require.NoError(t, rows.Scan(ptrs...))
			fmt.Fprintln(&out, vals...)
		}
		require.NoError(t, rows.Err())
		return out.String()
	}
	load := func(runs ...[]string) string {
		wh, err := warehouse.Open(ctx, ":memory:", warehouse.Options{})
		require.NoError(t, err)
		defer wh.Close()
		for _, paths := range runs {
			_, err := ingest.Run(ctx, wh, config.Default(), ingest.Options{Paths: paths, Now: func() time.Time { return time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC) }})
			require.NoError(t, err)
		}
		return table(wh)
	}
	want := load([]string{a})
	assert.Equal(t, 2, strings.Count(want, "IT-311"), want)
	assert.Contains(t, want, "Ana Lima")
	orders := [][]string{{a, b, c}, {a, c, b}, {b, a, c}, {b, c, a}, {c, a, b}, {c, b, a}}
	for _, o := range orders {
		assert.Equal(t, want, load(o), "one run: %v", o)
		assert.Equal(t, want, load([]string{o[0]}, []string{o[1]}, []string{o[2]}), "separate runs: %v", o)
	}
}

// TestReadDeletedThreadRoot: a thread whose root was deleted keeps a
// tombstone (hidden, Slackbot's "This message was deleted.") with the
// root's ts; it is loaded with no author and no text, so the thread keeps
// when it was asked (2024-03-01 17:20 UTC). A deleted reply is still skipped.
func TestReadDeletedThreadRoot(t *testing.T) {
	tomb := `"subtype": "tombstone", "hidden": true`
	dir := export(t, map[string]string{"2024-03-01": "[" + strings.Join([]string{
		msg("1709313600.000008", "USLACKBOT", "This message was deleted.", tomb, `"thread_ts": "1709313600.000008"`, `"reply_count": 2`),
		msg("1709313700.000009", "U2", "answer", `"thread_ts": "1709313600.000008"`),
		msg("1709313800.000010", "USLACKBOT", "This message was deleted.", tomb, `"thread_ts": "1709313600.000008"`),
	}, ", ") + "]"})
	sink := &ingesttest.SkipSink{}
	readFolderInto(t, dir, sink)
	assert.Equal(t, map[string]int{"Slack tombstone": 1}, sink.Skips)
	require.Len(t, sink.Messages, 2)
	root := sink.Messages[0]
	assert.Equal(t, [4]string{"1709313600.000008", "1709313600.000008", "", ""}, [4]string{root.TS, root.ThreadTS, root.Author, root.Text})
	assert.Equal(t, time.Date(2024, 3, 1, 17, 20, 0, 8000, time.UTC), root.PostedAt)
	assert.Equal(t, "Bob K", sink.Messages[1].Author)
}

// TestRunExportWithoutChannelsAfterOne: an export without channels.json
// keys its messages by the folder's name; after an export that gave the
// channel's id (C1) for that name, they go under C1, so each message is
// stored once in either order (2 messages, not 4).
func TestRunExportWithoutChannelsAfterOne(t *testing.T) {
	ctx := context.Background()
	days := map[string]string{"2024-03-04": "[" + msg("1709542800.000100", "U1", "New laptop please") + ", " + msg("1709542900.000100", "U2", "VPN down") + "]"}
	withIDs := export(t, days)
	byName := export(t, days)
	require.NoError(t, os.Remove(filepath.Join(byName, "channels.json")))
	for _, order := range [][]string{{withIDs, byName}, {byName, withIDs}} {
		wh, err := warehouse.Open(ctx, ":memory:", warehouse.Options{})
		require.NoError(t, err)
		for _, p := range order {
			_, err = ingest.Run(ctx, wh, config.Default(), ingest.Options{Paths: []string{p}})
			require.NoError(t, err)
		}
		rows, err := wh.Query(ctx, `select channel || ' ' || channel_name || ' ' || message_ts from messages order by message_ts`)
		require.NoError(t, err)
		var got []string
		for rows.Next() {
			var s string
			require.NoError(t, rows.Scan(&s))
			got = append(got, s)
		}
		rows.Close()
		wh.Close()
		assert.Equal(t, []string{"C1 it-help 1709542800.000100", "C1 it-help 1709542900.000100"}, got)
	}
}

// TestRunRefusesAPartOfAnExport: channels.json, users.json or a channel's
// folder given alone is claimed as a part of a Slack export and refused
// with what to give instead; before, channels.json loaded its channels as
// tickets of the generic json connector, and a channel folder asked for a
// json mapping. The whole export still loads.
func TestRunRefusesAPartOfAnExport(t *testing.T) {
	ctx := context.Background()
	dir := export(t, map[string]string{"2024-01-15": "[\n" + msg("1705309200.000100", "U1", "VPN is down") + "\n]"})
	channels := filepath.Join(dir, "channels.json")
	require.NoError(t, os.WriteFile(channels, []byte(`[{"id": "C1", "name": "it-help", "created": 1700000000}]`), 0o644))
	users := filepath.Join(dir, "users.json")
	require.NoError(t, os.WriteFile(users, []byte(`[{"id": "U1", "name": "ann", "real_name": "Ann Lee", "is_bot": false}]`), 0o644))
	for _, tc := range []struct{ path, part string }{
		{channels, "Slack's channels.json, one file of an export, given alone"},
		{users, "Slack's users.json, one file of an export, given alone"},
		{filepath.Join(dir, "it-help"), "a day file of a Slack channel (it-help/2024-01-15.json), one file of an export, given alone"},
	} {
		t.Run(filepath.Base(tc.path), func(t *testing.T) {
			wh, err := warehouse.Open(ctx, ":memory:", warehouse.Options{})
			require.NoError(t, err)
			defer wh.Close()
			_, err = ingest.Run(ctx, wh, config.Default(), ingest.Options{Paths: []string{tc.path}})
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.part+": give lanes the whole export, its .zip or its folder")
			var n int
			require.NoError(t, wh.QueryRow(ctx, "select count(*) from tickets").Scan(&n))
			assert.Zero(t, n)
		})
	}
	wh, err := warehouse.Open(ctx, ":memory:", warehouse.Options{})
	require.NoError(t, err)
	defer wh.Close()
	_, err = ingest.Run(ctx, wh, config.Default(), ingest.Options{Paths: []string{dir}})
	require.NoError(t, err)
	var n int
	require.NoError(t, wh.QueryRow(ctx, "select count(*) from messages").Scan(&n))
	assert.Equal(t, 1, n)
	// the same names and shapes elsewhere are not Slack's
	for _, tc := range []struct{ path, head string }{
		{"export/users.json", `{"users": [{"id": 1, "name": "Ann Lee"}]}`},
		{"hr/channels.json", `[{"id": 1, "title": "x"}]`},
		{"logs/2024-01-15.json", `[{"level": "info", "msg": "up"}]`},
	} {
		score, _ := slack.Connector{}.Detect(tc.path, []byte(tc.head))
		assert.Zero(t, score, tc.path)
	}
}
