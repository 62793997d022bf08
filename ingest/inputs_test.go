package ingest_test

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/ingest"
	"github.com/lanes-dev/lanes/ingest/ingesttest"
	"github.com/lanes-dev/lanes/models/config"
	"github.com/lanes-dev/lanes/models/warehouse"
)

// TestSourcesMatchZipEntriesByTheirPathInside: a zip of the exports next
// to lanes.yaml, kept anywhere, reads as the folder does: each entry takes
// the source whose path is its path in the archive (or a folder holding
// it), with that source's time zone, mapping and channels.
func TestSourcesMatchZipEntriesByTheirPathInside(t *testing.T) {
	files := []entry{
		// Detected as csv; only the source says it is Lisbon time.
		{name: "lisbon/incidents.csv", body: "id,created,title\nLX-1,2024-07-01 10:00,VPN down\n"},
		// Read only with the source's mapping (no usual key column).
		{name: "desk/requests.csv", body: "Ref,Opened,Heading\nD-1,2024-01-15 08:30,Printer jam\n"},
		// A Slack export whose one channel is not a help channel by its
		// name: read only with the source's channels.
		{name: "slack/channels.json", body: `[{"id": "C1", "name": "general"}]`},
		{name: "slack/users.json", body: `[{"id": "U1", "real_name": "Ana Lima"}]`},
		{name: "slack/general/2024-03-01.json", body: `[{"type": "message", "user": "U1", "ts": "1709283600.000100", "text": "VPN down again"}]`},
	}
	dir := t.TempDir() // lanes.yaml's folder, holding the exports
	for _, f := range files {
		writeFile(t, filepath.Join(dir, filepath.FromSlash(f.name)), []byte(f.body))
	}
	archive := writeFile(t, filepath.Join(t.TempDir(), "elsewhere", "exports.zip"), buildZip(t, files...))

	cfg := config.Default() // calendar in UTC
	cfg.File = filepath.Join(dir, "lanes.yaml")
	cfg.Sources = []config.Source{
		{Name: "lisbon", Path: "lisbon", TimeZone: "Europe/Lisbon"},
		{Name: "desk", Path: "./desk/requests.csv", Format: "csv",
			Mapping: map[string]string{"source_key": "Ref", "created_at": "Opened", "title": "Heading"}},
		{Name: "chat", Path: "slack", Channels: []string{"general"}},
	}
	load := func(path string) (*warehouse.Warehouse, ingest.Summary) {
		wh := openWarehouse(t)
		sum, err := ingest.Run(context.Background(), wh, cfg, ingest.Options{Paths: []string{path},
			Now: func() time.Time { return time.Date(2024, 4, 10, 12, 0, 0, 0, time.UTC) }})
		require.NoError(t, err, path)
		return wh, sum
	}
	sources := func(sum ingest.Summary) map[string]string {
		out := map[string]string{}
		for _, f := range sum.Files {
			out[f.Path[strings.LastIndexAny(f.Path, "/!")+1:]] = f.Source
		}
		return out
	}
	whDir, sumDir := load(dir)
	whZip, sumZip := load(archive)
	want := map[string]string{"incidents.csv": "lisbon", "requests.csv": "desk", "slack": "chat"}
	assert.Equal(t, want, sources(sumDir), "the folder")
	assert.Equal(t, want, sources(sumZip), "the archive")

	// 2024-07-01 10:00 in Lisbon is summer time (UTC+1): 09:00 UTC. The
	// desk's 08:30 is in the calendar's zone, UTC.
	created := queryLines(t, whZip, "select source || ' ' || source_key || ' ' || strftime(created_at, '%Y-%m-%d %H:%M') from tickets order by 1")
	assert.Equal(t, []string{"desk D-1 2024-01-15 08:30", "lisbon LX-1 2024-07-01 09:00"}, created)

	// Everything else is the same too, but for where each row came from.
	tables := map[string]string{
		"(select * exclude (source_file) from tickets)": "j", "ticket_events": "j", "comments": "j", "messages": "j",
		"(select * exclude (file, loaded_at) from ingest_runs)": "j"}
	dumpDir, dumpZip := ingesttest.Dump(t, whDir, tables), ingesttest.Dump(t, whZip, tables)
	assert.Len(t, dumpZip["messages"], 1)
	assert.Equal(t, dumpDir, dumpZip)
}

// TestSourcesMatchZipEntriesOnlyInsideLanesYamlFolder: an absolute path
// or one leading out of lanes.yaml's folder names files on disk, never
// entries; a path naming the archive (or a folder holding it) still takes
// all of its entries.
func TestSourcesMatchZipEntriesOnlyInsideLanesYamlFolder(t *testing.T) {
	dir := t.TempDir()
	csv := "id,created,title\nX-1,2024-07-01 10:00,VPN down\n"
	archive := writeFile(t, filepath.Join(dir, "in", "exports.zip"), buildZip(t,
		entry{name: "a/", mode: fs.ModeDir | 0o755},
		entry{name: "a/t.csv", body: csv},
	))
	cases := []struct {
		name, path, want string
	}{
		{"relative, inside the archive", "a", "mine"},
		{"relative, the file inside", "a/t.csv", "mine"},
		{"the whole folder", ".", "mine"},
		{"the archive on disk", "in/exports.zip", "mine"},
		{"a folder holding the archive", "in", "mine"},
		{"another folder", "b", "csv"},
		{"a prefix that is not a folder", "a/t", "csv"},
		{"out of lanes.yaml's folder", "../a", "csv"},
		{"absolute", string(filepath.Separator) + "a", "csv"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg := config.Default()
			cfg.File = filepath.Join(dir, "lanes.yaml")
			cfg.Sources = []config.Source{{Name: "mine", Path: c.path}}
			sum, err := ingest.Run(context.Background(), nil, cfg, ingest.Options{Paths: []string{archive}, DryRun: true})
			require.NoError(t, err)
			require.Len(t, sum.Files, 1)
			assert.Equal(t, c.want, sum.Files[0].Source)
		})
	}
}

// TestFoldersFollowSymbolicLinks: a link in a folder is read as what it
// points to, under the link's name; a folder reached twice (through two
// links, or a link back to itself) is read once; a folder given as a link
// is read as the folder.
func TestFoldersFollowSymbolicLinks(t *testing.T) {
	root := t.TempDir()
	csv := readRun(t, "updates/tickets.csv")
	writeFile(t, filepath.Join(root, "real", "fs.csv"), []byte(csv))
	writeFile(t, filepath.Join(root, "other", "b", "t.csv"), []byte(csv))
	folder := filepath.Join(root, "folder")
	writeFile(t, filepath.Join(folder, "a.csv"), []byte(csv))
	for link, target := range map[string]string{
		"folder/link.csv": "../real/fs.csv",
		"folder/again":    "../other", // read here: "again" sorts before "linkdir"
		"folder/linkdir":  "../other", // the same folder again: not read twice
		"folder/loop":     ".",        // the folder itself: not read again
		"linked":          "folder",   // given on the command line
	} {
		if err := os.Symlink(target, filepath.Join(root, filepath.FromSlash(link))); err != nil {
			t.Skipf("cannot make symbolic links here: %v", err)
		}
	}
	names, err := ingest.ExpandPaths([]string{folder})
	require.NoError(t, err)
	assert.Equal(t, []string{
		filepath.Join(folder, "a.csv"),
		filepath.Join(folder, "again", "b", "t.csv"),
		filepath.Join(folder, "link.csv"),
	}, names)

	linked := filepath.Join(root, "linked")
	names, err = ingest.ExpandPaths([]string{linked})
	require.NoError(t, err)
	assert.Equal(t, []string{
		filepath.Join(linked, "a.csv"),
		filepath.Join(linked, "again", "b", "t.csv"),
		filepath.Join(linked, "link.csv"),
	}, names)
}

// TestFoldersRefuseLinksTheyCannotRead: a link to nothing, and a link
// inside an export read whole (Slack), stop the run naming the link.
func TestFoldersRefuseLinksTheyCannotRead(t *testing.T) {
	dangling := t.TempDir()
	writeFile(t, filepath.Join(dangling, "a.csv"), []byte(readRun(t, "updates/tickets.csv")))
	if err := os.Symlink("gone.csv", filepath.Join(dangling, "b.csv")); err != nil {
		t.Skipf("cannot make symbolic links here: %v", err)
	}
	_, err := ingest.ExpandPaths([]string{dangling})
	require.Error(t, err)
	assert.Contains(t, err.Error(), filepath.Join(dangling, "b.csv")+": symbolic link to gone.csv, which does not exist")
	// A dry run names the link and still says what the folder's other
	// files, before and after it, would be read as.
	writeFile(t, filepath.Join(dangling, "c.csv"), []byte(readRun(t, "updates/tickets.csv")))
	sum, err := run(t, openWarehouse(t), ingest.Options{Paths: []string{dangling}, DryRun: true})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "symbolic link to gone.csv, which does not exist")
	require.Len(t, sum.Files, 2)
	assert.Equal(t, filepath.Join(dangling, "a.csv"), sum.Files[0].Path)
	assert.Equal(t, filepath.Join(dangling, "c.csv"), sum.Files[1].Path)

	slack := t.TempDir()
	writeFile(t, filepath.Join(slack, "channels.json"), []byte(`[{"id": "C1", "name": "it-help"}]`))
	writeFile(t, filepath.Join(slack, "users.json"), []byte(`[{"id": "U1", "real_name": "Ana Lima"}]`))
	day := writeFile(t, filepath.Join(t.TempDir(), "day.json"), []byte(`[{"type": "message", "user": "U1", "ts": "1709283600.000100", "text": "VPN down"}]`))
	require.NoError(t, os.MkdirAll(filepath.Join(slack, "it-help"), 0o755))
	require.NoError(t, os.Symlink(day, filepath.Join(slack, "it-help", "2024-03-01.json")))
	_, err = ingest.ExpandPaths([]string{slack})
	require.Error(t, err)
	assert.Contains(t, err.Error(), filepath.Join(slack, "it-help", "2024-03-01.json")+" is a symbolic link")
}

// TestDryRunGoesOnPastBadArchivesInFolders: a dry run lists every file of
// a folder it can read, and after them every archive it refused, whole (a
// refused archive's good entries are not listed); a run stops at the
// first.
func TestDryRunGoesOnPastBadArchivesInFolders(t *testing.T) {
	dir := t.TempDir()
	csv := readRun(t, "updates/tickets.csv")
	writeFile(t, filepath.Join(dir, "a.csv"), []byte(csv))
	bad := writeFile(t, filepath.Join(dir, "b.zip"), buildZip(t, entry{name: "../evil.csv", body: "x"}))
	// Its good entry comes before the refused one (the walk is lexical).
	nested := writeFile(t, filepath.Join(dir, "c.zip"), buildZip(t, entry{name: "a.csv", body: csv}, entry{name: "inner.zip", body: "PK"}))
	writeFile(t, filepath.Join(dir, "d", "e.csv"), []byte(csv))

	sum, err := ingest.Run(context.Background(), nil, config.Default(), ingest.Options{Paths: []string{dir}, DryRun: true})
	var listed []string
	for _, f := range sum.Files {
		listed = append(listed, f.Path)
	}
	assert.Equal(t, []string{filepath.Join(dir, "a.csv"), filepath.Join(dir, "d", "e.csv")}, listed)
	require.Error(t, err)
	assert.Equal(t, bad+`: entry "../evil.csv" points outside the archive (".."); the archive was not read`+"\n"+
		nested+`: entry "inner.zip" is itself a .zip archive; lanes does not open archives inside archives (unzip c.zip and ingest the folder); the archive was not read`,
		err.Error())

	_, err = run(t, openWarehouse(t), ingest.Options{Paths: []string{dir}})
	require.Error(t, err)
	assert.Equal(t, bad+`: entry "../evil.csv" points outside the archive (".."); the archive was not read`, err.Error())
}

// TestCheckSourcePaths: lanes doctor's check that each source's path gives
// it files: on disk, in a .zip under lanes.yaml's folder, or not at all.
func TestCheckSourcePaths(t *testing.T) {
	dir := t.TempDir()
	csv := []byte(readRun(t, "updates/tickets.csv"))
	writeFile(t, filepath.Join(dir, "lisbon", "incidents.csv"), csv)
	writeFile(t, filepath.Join(dir, "all", "x.csv"), csv)
	writeFile(t, filepath.Join(dir, "docs", "README.md"), []byte("# not data"))
	writeFile(t, filepath.Join(dir, "archives", "export.zip"), buildZip(t, entry{name: "desk/requests.csv", body: string(csv)}))
	cfg := config.Default()
	cfg.File = filepath.Join(dir, "lanes.yaml")
	cfg.Sources = []config.Source{
		{Name: "lisbon", Path: "lisbon"},
		{Name: "typo", Path: "lisbn"},
		{Name: "desk", Path: "desk"}, // only in archives/export.zip
		{Name: "docs", Path: "docs"}, // holds only a README, which lanes skips
		{Name: "all", Path: "all"},
		{Name: "shadowed", Path: "all/x.csv"}, // "all" takes its file
		{Name: "gone", Path: filepath.Join(dir, "gone")},
		{Name: "detected"}, // no path: nothing to check
	}
	assert.Equal(t, []string{
		`source "typo": path "lisbn" matches no file: there is no ` + filepath.Join(dir, "lisbn") + `, nor a .zip archive under ` + dir + ` holding lisbn (paths are relative to lanes.yaml's folder)`,
		`source "docs": path "docs" matches no file: ` + filepath.Join(dir, "docs") + ` holds no file lanes reads`,
		`source "shadowed": path "all/x.csv" gives it no file: every file there belongs to source "all", listed before it`,
		`source "gone": path "` + filepath.Join(dir, "gone") + `" matches no file: there is no ` + filepath.Join(dir, "gone"),
	}, ingest.CheckSourcePaths(cfg))

	// A run names the sources with a path that none of its files belongs
	// to: here all but lisbon.
	sum, err := ingest.Run(context.Background(), nil, cfg, ingest.Options{Paths: []string{filepath.Join(dir, "lisbon")}, DryRun: true})
	require.NoError(t, err)
	assert.Equal(t, []string{"typo", "desk", "docs", "all", "shadowed", "gone"}, sum.Idle)
}

// TestPathsAreNamedCleaned: "./x" and "slack/" are named "x" and
// "slack", in the summary and ingest_runs, as if typed without the extra
// characters.
func TestPathsAreNamedCleaned(t *testing.T) {
	file := "." + string(filepath.Separator) + filepath.Join("testdata", "run", "updates", "tickets.csv")
	slack := filepath.Join("testdata", "privacy", "slack") + string(filepath.Separator)
	names, err := ingest.ExpandPaths([]string{file, slack})
	require.NoError(t, err)
	assert.Equal(t, []string{filepath.Join("testdata", "run", "updates", "tickets.csv"), filepath.Join("testdata", "privacy", "slack")}, names)

	wh := openWarehouse(t)
	_, err = run(t, wh, ingest.Options{Paths: []string{file}})
	require.NoError(t, err)
	var stored string
	require.NoError(t, wh.QueryRow(context.Background(), "select file from ingest_runs").Scan(&stored))
	assert.Equal(t, filepath.Join("testdata", "run", "updates", "tickets.csv"), stored)
}
