package ingest_test

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/ingest"
)

// entry is one file of a zip built by a test.
type entry struct {
	name   string
	body   string
	mode   fs.FileMode // 0: a regular file (0644)
	stored bool        // not compressed
}

// buildZip writes entries, in order, as a zip archive.
func buildZip(t *testing.T, entries ...entry) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for _, e := range entries {
		fh := &zip.FileHeader{Name: e.name, Method: zip.Deflate, Modified: time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC)}
		if e.stored {
			fh.Method = zip.Store
		}
		mode := e.mode
		if mode == 0 {
			mode = 0o644
		}
		fh.SetMode(mode)
		fw, err := w.CreateHeader(fh)
		require.NoError(t, err)
		_, err = fw.Write([]byte(e.body))
		require.NoError(t, err)
	}
	require.NoError(t, w.Close())
	return buf.Bytes()
}

// rawZip writes one entry's bytes as given, header fields and all.
func rawZip(t *testing.T, fh *zip.FileHeader, raw string) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	fw, err := w.CreateRaw(fh)
	require.NoError(t, err)
	_, err = fw.Write([]byte(raw))
	require.NoError(t, err)
	require.NoError(t, w.Close())
	return buf.Bytes()
}

func writeFile(t *testing.T, path string, data []byte) string {
	t.Helper()
	require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
	require.NoError(t, os.WriteFile(path, data, 0o644))
	return path
}

func readRun(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(runDir, filepath.FromSlash(name)))
	require.NoError(t, err)
	return string(b)
}

func TestRunReadsZipEntriesAsFiles(t *testing.T) {
	dir := t.TempDir()
	archive := writeFile(t, filepath.Join(dir, "export.zip"), buildZip(t,
		entry{name: "jira/", mode: fs.ModeDir | 0o755},
		entry{name: "jira/a.csv", body: readRun(t, "duplicates/tickets.csv")},
		entry{name: "jira/b.csv", body: readRun(t, "updates/tickets.csv")},
		entry{name: "README.md", body: "# not data"},
		entry{name: "__MACOSX/jira/._a.csv", body: "\x00\x05\x16\x07 resource fork"},
		entry{name: ".hidden.csv", body: "not,read\n"},
	))
	wh := openWarehouse(t)
	sum, err := run(t, wh, ingest.Options{Paths: []string{archive}})
	require.NoError(t, err)
	require.Len(t, sum.Files, 2)
	assert.Equal(t, archive+"!jira/a.csv", sum.Files[0].Path)
	assert.Equal(t, archive+"!jira/b.csv", sum.Files[1].Path)
	assert.Equal(t, "jira_csv", sum.Files[0].Format)
	// a.csv: IT-1 twice, IT-2; b.csv: an older IT-1, a newer IT-2, a new IT-3.
	assert.Equal(t, [2]int64{2, 1}, [2]int64{sum.Files[0].Loaded, sum.Files[0].Merged})
	assert.Equal(t, [2]int64{2, 1}, [2]int64{sum.Files[1].Loaded, sum.Files[1].Merged})
	checkCounts(t, wh, sum)
	assert.Equal(t, []string{"IT-1", "IT-2", "IT-3"}, keys(tickets(t, wh)))

	var files []string
	rows, err := wh.Query(context.Background(), "select file from ingest_runs order by file")
	require.NoError(t, err)
	for rows.Next() {
		var f string
		require.NoError(t, rows.Scan(&f))
		files = append(files, f)
	}
	require.NoError(t, rows.Close())
	assert.Equal(t, []string{archive + "!jira/a.csv", archive + "!jira/b.csv"}, files)

	// The same content outside the archive (or in another one) is the same
	// run: entries are hashed by their content, not their place.
	plain := writeFile(t, filepath.Join(dir, "loose", "tickets.csv"), []byte(readRun(t, "updates/tickets.csv")))
	again := writeFile(t, filepath.Join(dir, "folder", "nested", "copy.zip"), buildZip(t, entry{name: "x.csv", body: readRun(t, "duplicates/tickets.csv")}))
	before := snapshot(t, wh)
	sum, err = run(t, wh, ingest.Options{Paths: []string{plain, filepath.Join(dir, "folder")}})
	require.NoError(t, err)
	require.Len(t, sum.Files, 2)
	assert.Equal(t, again+"!x.csv", sum.Files[1].Path, "a .zip inside a folder is opened")
	assert.True(t, sum.Files[0].Unchanged)
	assert.True(t, sum.Files[1].Unchanged)
	assert.Equal(t, before, snapshot(t, wh))

	names, err := ingest.ExpandPaths([]string{archive})
	require.NoError(t, err)
	assert.Equal(t, []string{archive + "!jira/a.csv", archive + "!jira/b.csv"}, names)
}

func keys(rows []ticketRow) []string {
	var out []string
	for _, r := range rows {
		out = append(out, r.key)
	}
	return out
}

// TestRunRefusesUnsafeArchives: an archive with one bad entry is refused
// whole, with an error naming the archive and the entry, and the warehouse
// is left as it was.
func TestRunRefusesUnsafeArchives(t *testing.T) {
	good := entry{name: "tickets.csv", body: readRun(t, "updates/tickets.csv")}
	zeros := strings.Repeat("\x00", 2<<20)
	cases := []struct {
		name    string
		data    func(t *testing.T) []byte
		limits  ingest.ZipLimits
		wantErr string // %s is the archive's path
	}{
		{
			name:    "parent folder",
			data:    func(t *testing.T) []byte { return buildZip(t, good, entry{name: "../evil.csv", body: "x"}) },
			wantErr: `%s: entry "../evil.csv" points outside the archive (".."); the archive was not read`,
		},
		{
			name:    "parent folder in the middle",
			data:    func(t *testing.T) []byte { return buildZip(t, entry{name: "a/../../evil.csv", body: "x"}) },
			wantErr: `%s: entry "a/../../evil.csv" points outside the archive (".."); the archive was not read`,
		},
		{
			name:    "absolute path",
			data:    func(t *testing.T) []byte { return buildZip(t, good, entry{name: "/etc/evil.csv", body: "x"}) },
			wantErr: `%s: entry "/etc/evil.csv" has an absolute path; the archive was not read`,
		},
		{
			name:    "drive letter",
			data:    func(t *testing.T) []byte { return buildZip(t, entry{name: "C:evil.csv", body: "x"}) },
			wantErr: `%s: entry "C:evil.csv" has a drive letter (an absolute Windows path); the archive was not read`,
		},
		{
			name:    "backslashes",
			data:    func(t *testing.T) []byte { return buildZip(t, entry{name: `..\..\evil.csv`, body: "x"}) },
			wantErr: `%s: entry "..\\..\\evil.csv" has a backslash in its name; only / separates folders in a zip archive; the archive was not read`,
		},
		{
			name:    "dot parts",
			data:    func(t *testing.T) []byte { return buildZip(t, entry{name: "a/./b.csv", body: "x"}) },
			wantErr: `%s: entry "a/./b.csv" is not a plain relative path (empty or "." parts); the archive was not read`,
		},
		{
			name: "symbolic link",
			data: func(t *testing.T) []byte {
				return buildZip(t, good, entry{name: "link.csv", body: "/etc/passwd", mode: fs.ModeSymlink | 0o777})
			},
			wantErr: `%s: entry "link.csv" is a symbolic link; lanes does not follow links inside archives; the archive was not read`,
		},
		{
			name:    "named twice",
			data:    func(t *testing.T) []byte { return buildZip(t, good, good) },
			wantErr: `%s: entry "tickets.csv" appears more than once; the archive was not read`,
		},
		{
			name: "too many entries",
			data: func(t *testing.T) []byte {
				return buildZip(t, good, entry{name: "a.txt"}, entry{name: "b.txt"}, entry{name: "c.txt"})
			},
			limits:  ingest.ZipLimits{MaxEntries: 3},
			wantErr: `%s: has 4 entries, more than the limit of 3; unzip it and ingest the folder`,
		},
		{
			name: "too large in total",
			data: func(t *testing.T) []byte {
				return buildZip(t, good, entry{name: "b.csv", body: strings.Repeat("y", 200)})
			},
			limits:  ingest.ZipLimits{MaxTotalBytes: 300},
			wantErr: `%s: expands to more than 300 bytes (the limit for one archive); unzip it and ingest the folder`,
		},
		{
			// 2 MiB of zeros deflate to about 2 KiB: a ratio near 1000:1.
			name:    "bomb ratio",
			data:    func(t *testing.T) []byte { return buildZip(t, good, entry{name: "zeros.csv", body: zeros}) },
			wantErr: `%s: entry "zeros.csv" would expand from 2.0 KiB to 2.0 MiB, more than 400 times; this looks like a zip bomb; the archive was not read`,
		},
		{
			name: "encrypted",
			data: func(t *testing.T) []byte {
				return rawZip(t, &zip.FileHeader{Name: "secret.csv", Method: zip.Store, Flags: 0x1, CompressedSize64: 3, UncompressedSize64: 3}, "xyz")
			},
			wantErr: `%s: entry "secret.csv" is encrypted; lanes cannot read password-protected archives; the archive was not read`,
		},
		{
			name: "unknown compression",
			data: func(t *testing.T) []byte {
				return rawZip(t, &zip.FileHeader{Name: "tickets.csv", Method: 12, CompressedSize64: 3, UncompressedSize64: 3}, "xyz")
			},
			wantErr: `%s: entry "tickets.csv" uses compression method 12; lanes reads only stored and deflated entries; the archive was not read`,
		},
		{
			name: "zip inside a zip",
			data: func(t *testing.T) []byte {
				return buildZip(t, good, entry{name: "more/inner.zip", body: string(buildZip(t, good))})
			},
			wantErr: `%s: entry "more/inner.zip" is itself a .zip archive; lanes does not open archives inside archives (unzip export.zip and ingest the folder); the archive was not read`,
		},
		{
			name:    "not a zip",
			data:    func(t *testing.T) []byte { return []byte("Summary,Issue key\nA,IT-9\n") },
			wantErr: `%s: cannot read it as a zip archive (zip: not a valid zip file); is it damaged or cut short?`,
		},
		{
			name: "cut short",
			data: func(t *testing.T) []byte {
				b := buildZip(t, good)
				return b[:len(b)-30]
			},
			wantErr: `%s: cannot read it as a zip archive (zip: not a valid zip file); is it damaged or cut short?`,
		},
		{
			name: "damaged data",
			data: func(t *testing.T) []byte {
				b := buildZip(t, entry{name: "tickets.csv", body: readRun(t, "updates/tickets.csv"), stored: true})
				i := bytes.Index(b, []byte("Dock not charging"))
				require.Positive(t, i)
				b[i] = 'L' // the CRC no longer matches
				return b
			},
			wantErr: `%s!tickets.csv: the archive is damaged (zip: checksum error)`,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			wh := openWarehouse(t)
			_, err := run(t, wh, ingest.Options{Paths: paths("duplicates/tickets.csv")})
			require.NoError(t, err)
			before := snapshot(t, wh)

			archive := writeFile(t, filepath.Join(t.TempDir(), "export.zip"), tc.data(t))
			_, err = run(t, wh, ingest.Options{Paths: append(paths("updates/tickets.csv"), archive), Zip: tc.limits})
			require.Error(t, err)
			assert.Equal(t, strings.ReplaceAll(tc.wantErr, "%s", archive), err.Error())
			assert.Equal(t, before, snapshot(t, wh), "the warehouse is unchanged")
			if !strings.Contains(tc.wantErr, "checksum") {
				var ze *ingest.ZipError
				assert.True(t, errors.As(err, &ze), "want a *ingest.ZipError")
			}
		})
	}
}

func TestOpenZipIsAnFS(t *testing.T) {
	data := buildZip(t, entry{name: "a/b.csv", body: "x,y\n"}, entry{name: "c.json", body: "[]"})
	fsys, err := ingest.OpenZip("in.zip", bytes.NewReader(data), int64(len(data)), ingest.ZipLimits{})
	require.NoError(t, err)
	b, err := fs.ReadFile(fsys, "a/b.csv")
	require.NoError(t, err)
	assert.Equal(t, "x,y\n", string(b))
	ents, err := fs.ReadDir(fsys, ".")
	require.NoError(t, err)
	require.Len(t, ents, 2)
	assert.Equal(t, "a", ents[0].Name())
	assert.True(t, ents[0].IsDir())
}

// TestRunReadsBundlesAsOneInput: a Slack export, as a folder among other
// files or as a folder inside an archive, is one input, hashed over its
// files, so the zipped copy of the same export is recognised as loaded.
func TestRunReadsBundlesAsOneInput(t *testing.T) {
	files := map[string]string{
		"channels.json":           `[{"id": "C1", "name": "it-help"}]`,
		"users.json":              `[{"id": "U1", "real_name": "Ana Lima"}]`,
		"it-help/2024-03-01.json": `[{"type": "message", "user": "U1", "ts": "1709283600.000100", "text": "VPN down, see IT-7"}]`,
	}
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "tickets.csv"), []byte(readRun(t, "updates/tickets.csv")))
	var entries []entry
	for _, name := range []string{"channels.json", "it-help/2024-03-01.json", "users.json"} {
		writeFile(t, filepath.Join(dir, "slack", filepath.FromSlash(name)), []byte(files[name]))
		entries = append(entries, entry{name: "export-2024/" + name, body: files[name]})
	}
	archive := writeFile(t, filepath.Join(dir, "zz", "slack.zip"), buildZip(t, entries...))

	names, err := ingest.ExpandPaths([]string{dir})
	require.NoError(t, err)
	assert.Equal(t, []string{filepath.Join(dir, "slack"), filepath.Join(dir, "tickets.csv"), archive + "!export-2024"}, names)

	wh := openWarehouse(t)
	sum, err := run(t, wh, ingest.Options{Paths: []string{dir}})
	require.NoError(t, err)
	require.Len(t, sum.Files, 3)
	assert.Equal(t, "slack_export", sum.Files[0].Format)
	assert.Equal(t, int64(1), sum.Files[0].Loaded)
	assert.Equal(t, "jira_csv", sum.Files[1].Format)
	assert.Equal(t, archive+"!export-2024", sum.Files[2].Path)
	assert.True(t, sum.Files[2].Unchanged, "the zipped export has the same content as the folder")
	var ref string
	require.NoError(t, wh.QueryRow(context.Background(), "select ticket_ref from messages").Scan(&ref))
	assert.Equal(t, "IT-7", ref)
}
