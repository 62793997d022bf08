package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// cursorMoves are terminal control sequences at the start of a line.
var cursorMoves = regexp.MustCompile(`^(?:\x1b\[[0-9;]*[A-Za-z])+`)

// fileLines are the lines of stderr that report one file (`path: ...`),
// in order.
func fileLines(errOut string, paths ...string) []string {
	var out []string
	for _, l := range strings.Split(errOut, "\n") {
		// With bars, a line written after a frame starts with the cursor
		// movements that take the frame back (ESC[3A ESC[J): a terminal
		// shows the line where the frame was.
		l = cursorMoves.ReplaceAllString(l, "")
		for _, p := range paths {
			if strings.HasPrefix(l, p+":") {
				out = append(out, l)
			}
		}
	}
	return out
}

func TestIngestProgressModes(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	require.NoError(t, os.Mkdir(data, 0o755))
	cfg := writeConfig(t, data)
	a := writeCSV(t, data, "a.csv", 1, 50)
	b := writeCSV(t, data, "b.csv", 101, 20)

	t.Run("auto, stderr not a terminal: one plain line per file", func(t *testing.T) {
		code, _, errOut := run(t, "", "--config", cfg, "--db", filepath.Join(dir, "auto.duckdb"), "ingest", a, b)
		require.Equal(t, 0, code, errOut)
		assert.Equal(t, []string{
			a + ": csv as helpdesk, 50 rows in = 50 loaded + 0 rejected + 0 merged",
			b + ": csv as helpdesk, 20 rows in = 20 loaded + 0 rejected + 0 merged",
		}, fileLines(errOut, a, b))
		assert.NotContains(t, errOut, "\x1b[", "no terminal control codes in a log")
		assert.Contains(t, errOut, "ingested 2 file(s) (0 unchanged): 70 rows in = 70 loaded + 0 rejected + 0 merged")

		// Again: both files are unchanged.
		code, _, errOut = run(t, "", "--config", cfg, "--db", filepath.Join(dir, "auto.duckdb"), "ingest", a, b)
		require.Equal(t, 0, code, errOut)
		assert.Equal(t, []string{
			a + ": unchanged (already loaded), skipped",
			b + ": unchanged (already loaded), skipped",
		}, fileLines(errOut, a, b))
	})

	t.Run("never: no progress, only the summary", func(t *testing.T) {
		code, _, errOut := run(t, "", "--progress", "never", "--config", cfg, "--db", filepath.Join(dir, "never.duckdb"), "ingest", a, b)
		require.Equal(t, 0, code, errOut)
		assert.Empty(t, fileLines(errOut, a, b))
		assert.NotContains(t, errOut, "\x1b[")
		assert.Equal(t, "ingested 2 file(s) (0 unchanged): 70 rows in = 70 loaded + 0 rejected + 0 merged\n", errOut)
	})

	t.Run("always, stderr not a terminal: bars anyway, with a total", func(t *testing.T) {
		code, _, errOut := run(t, "", "--progress", "always", "--config", cfg, "--db", filepath.Join(dir, "always.duckdb"), "ingest", a, b)
		require.Equal(t, 0, code, errOut)
		// A finished file gives way to its line, written above the bars:
		// a run of many files shows them as a log, not as finished bars.
		assert.Equal(t, []string{
			a + ": csv as helpdesk, 50 rows in = 50 loaded + 0 rejected + 0 merged",
			b + ": csv as helpdesk, 20 rows in = 20 loaded + 0 rejected + 0 merged",
		}, fileLines(errOut, a, b))
		assert.Contains(t, errOut, "[=====", "bars are drawn")
		assert.Contains(t, errOut, a)
		assert.Contains(t, errOut, b)
		assert.Contains(t, errOut, "total")
		assert.Contains(t, errOut, "2/2 files")
		assert.Contains(t, errOut, "100 %")
		assert.Contains(t, errOut, "ingested 2 file(s) (0 unchanged): 70 rows in = 70 loaded + 0 rejected + 0 merged")
	})

	t.Run("quiet wins over always", func(t *testing.T) {
		code, _, errOut := run(t, "", "-q", "--progress", "always", "--config", cfg, "--db", filepath.Join(dir, "quiet.duckdb"), "ingest", a, b)
		require.Equal(t, 0, code, errOut)
		assert.Empty(t, errOut)
	})
}

func TestIngestRejectLimitNamesThresholdAsGiven(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	require.NoError(t, os.Mkdir(data, 0o755))
	cfg := writeConfig(t, data)
	p := writeCSV(t, data, "a.csv", 1, 3)
	f, err := os.OpenFile(p, os.O_APPEND|os.O_WRONLY, 0)
	require.NoError(t, err)
	_, err = f.WriteString("HD-9,Broken,Resolved,yesterday,,Service Desk,Ana Lima\n")
	require.NoError(t, err)
	require.NoError(t, f.Close())

	// 1 reject of 4 rows: 25.0%.
	for _, tc := range []struct{ flag, shown string }{{"0", "0"}, {"2.5", "2.5"}, {"10", "10"}} {
		t.Run(tc.flag, func(t *testing.T) {
			code, _, errOut := run(t, "", "--config", cfg, "--db", filepath.Join(dir, "w"+tc.flag+".duckdb"), "ingest", "--max-reject-pct", tc.flag, p)
			assert.Equal(t, ExitRejected, code, errOut)
			assert.Contains(t, errOut, p+": 1 of 4 rows rejected (25.0%), more than --max-reject-pct "+tc.shown+"; nothing was written")
		})
	}
	code, _, errOut := run(t, "", "--config", cfg, "--db", filepath.Join(dir, "ok.duckdb"), "ingest", "--max-reject-pct", "25", p)
	assert.Equal(t, 0, code, errOut)
	assert.Contains(t, errOut, "4 rows in = 3 loaded + 1 rejected + 0 merged")
	// Not a percentage: refused before anything is read (NaN compares
	// false with every bound, so it once switched the check off).
	for _, bad := range []string{"NaN", "-1", "101", "+Inf"} {
		code, _, errOut := run(t, "", "--config", cfg, "--db", filepath.Join(dir, "bad.duckdb"), "ingest", "--max-reject-pct", bad, p)
		assert.Equal(t, ExitUsage, code, bad)
		assert.Contains(t, errOut, "want 0 to 100", bad)
	}
}

func TestForcedConsoleRedrawsInPlace(t *testing.T) {
	var out strings.Builder
	c := &forcedConsole{out: &out, width: 80}
	c.WriteString("a\nb\n")
	require.NoError(t, c.Flush(2))
	c.WriteString("c\nd\n")
	require.NoError(t, c.Flush(2))
	// The second frame starts by moving up two lines and clearing below.
	assert.Equal(t, "a\nb\n\x1b[2A\x1b[Jc\nd\n", out.String())
	w, _, err := c.GetTermSize()
	require.NoError(t, err)
	assert.Equal(t, 80, w)
	assert.True(t, c.IsTerminal())
}

// A history's update rows fold into their ticket's row: the file's line
// says how many events they became. INC1 goes New -> In Progress (status,
// and assigned to ann) -> Resolved: three events; INC2 has one row, none.
func TestIngestLineCountsEventsWithTheirTickets(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "history.csv")
	require.NoError(t, os.WriteFile(path, []byte("number,sys_mod_count,sys_updated_on,sys_updated_by,state,assignment_group,assigned_to,priority,short_description,opened_at\n"+
		"INC1,0,2026-01-05 09:00:00,bo,New,Desk,,3 - Moderate,VPN down,2026-01-05 09:00:00\n"+
		"INC1,1,2026-01-05 10:00:00,ann,In Progress,Desk,ann,3 - Moderate,VPN down,2026-01-05 09:00:00\n"+
		"INC1,2,2026-01-05 11:00:00,ann,Resolved,Desk,ann,3 - Moderate,VPN down,2026-01-05 09:00:00\n"+
		"INC2,0,2026-01-06 09:00:00,bo,New,Desk,,4 - Low,Printer,2026-01-06 09:00:00\n"), 0o644))
	code, _, errOut := run(t, "", "--db", filepath.Join(dir, "w.duckdb"), "ingest", "--source", "servicenow_audit", path)
	require.Equal(t, 0, code, errOut)
	assert.Equal(t, []string{path + ": servicenow_audit as servicenow, 2 rows in = 2 loaded + 0 rejected + 0 merged, with 3 events"}, fileLines(errOut, path))
	assert.Contains(t, errOut, "ingested 1 file(s) (0 unchanged): 2 rows in = 2 loaded + 0 rejected + 0 merged, with 3 events")
}

// TestDryRunListsEveryReadableFile: a dry run over files one of which no
// connector recognises lists the others, names the bad one, exits 3 and
// writes nothing.
func TestDryRunListsEveryReadableFile(t *testing.T) {
	dir := t.TempDir()
	a := writeCSV(t, dir, "a.csv", 1, 2)
	bad := filepath.Join(dir, "notes.dat")
	require.NoError(t, os.WriteFile(bad, []byte("not an export\n"), 0o644))
	b := writeCSV(t, dir, "b.csv", 3, 2)
	db := filepath.Join(dir, "w.duckdb")
	code, out, errOut := run(t, "", "--db", db, "ingest", "--dry-run", "--source", "", a, bad, b)
	assert.Equal(t, ExitRejected, code, errOut)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.Len(t, lines, 2, out)
	assert.True(t, strings.HasPrefix(lines[0], a+"\t"), lines[0])
	assert.True(t, strings.HasPrefix(lines[1], b+"\t"), lines[1])
	assert.Contains(t, errOut, bad+": cannot tell which export this is")
	_, err := os.Stat(db)
	assert.True(t, os.IsNotExist(err), "a dry run writes no warehouse")

	// A damaged archive too: the other files are listed, then it is named.
	zip := filepath.Join(dir, "export.zip")
	require.NoError(t, os.WriteFile(zip, []byte("not a zip\n"), 0o644))
	code, out, errOut = run(t, "", "--db", db, "ingest", "--dry-run", a, zip, b)
	assert.Equal(t, ExitRejected, code, errOut)
	assert.Len(t, strings.Split(strings.TrimSpace(out), "\n"), 2, out)
	assert.Contains(t, errOut, zip+": cannot read it as a zip archive")
}

// TestUnknownFormatInConfigIsAUsageError: a source whose format lanes.yaml
// misspells is a configuration error (exit 2), named before any file is
// read.
func TestUnknownFormatInConfigIsAUsageError(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "lanes.yaml")
	require.NoError(t, os.WriteFile(cfg, []byte("sources:\n  - name: helpdesk\n    path: .\n    format: cvs\n"), 0o644))
	p := writeCSV(t, dir, "a.csv", 1, 2)
	code, _, errOut := run(t, "", "--config", cfg, "--db", filepath.Join(dir, "w.duckdb"), "ingest", p)
	assert.Equal(t, ExitUsage, code, errOut)
	assert.Contains(t, errOut, cfg+`: source "helpdesk": format: unknown source format "cvs" (known: csv, eventlog_csv,`)
}

// TestZeroSizeTerminalStillShowsProgress: a terminal that reports a size
// of 0x0 (some pseudo-terminals) gets bars at $COLUMNS or 120 columns; it
// got bars of no width, so no progress at all.
func TestZeroSizeTerminalStillShowsProgress(t *testing.T) {
	dir := t.TempDir()
	cfg := writeConfig(t, dir)
	a := writeCSV(t, dir, "a.csv", 1, 30)
	var out, errb bytes.Buffer
	f := &Factory{In: strings.NewReader(""), Out: &out, Err: &errb, StderrTerminal: true,
		StderrWidth: func() int { return 0 },
		Now:         func() time.Time { return time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC) },
		Getenv:      func(string) string { return "" }}
	code := Main([]string{"--config", cfg, "--db", filepath.Join(dir, "w.duckdb"), "ingest", a}, f)
	require.Equal(t, 0, code, errb.String())
	assert.Contains(t, errb.String(), "[=====", "bars are drawn")
	assert.Contains(t, errb.String(), "1/1 files")
}

// TestDryRunChecksMappings: a mapping no file could be read with (a field
// lanes does not know, created_at left out) fails a dry run as it fails
// the ingest (exit 3), told once per source, and every file is still
// listed.
func TestDryRunChecksMappings(t *testing.T) {
	dir := t.TempDir()
	desk := filepath.Join(dir, "desk")
	require.NoError(t, os.MkdirAll(desk, 0o755))
	a := writeCSV(t, desk, "a.csv", 1, 2)
	writeCSV(t, desk, "b.csv", 3, 2)
	api := filepath.Join(dir, "api.json")
	require.NoError(t, os.WriteFile(api, []byte(`[{"id": 1, "opened": "2026-03-02 09:00"}]`), 0o644))
	cfg := filepath.Join(dir, "lanes.yaml")
	require.NoError(t, os.WriteFile(cfg, []byte(`sources:
  - name: helpdesk
    path: desk
    format: csv
    mapping: {source_key: Ticket ID, created_at: Opened, titel: Subject}
  - name: api
    path: api.json
    format: json
    mapping: {source_key: id, opened: opened}
`), 0o644))
	db := filepath.Join(dir, "w.duckdb")
	code, out, errOut := run(t, "", "--config", cfg, "--db", db, "ingest", "--dry-run", desk, api)
	assert.Equal(t, ExitRejected, code, errOut)
	assert.Len(t, strings.Split(strings.TrimSpace(out), "\n"), 3, out)
	unknown := `mapping of source "helpdesk": "titel" is not a field lanes knows (fields: source_key, title,`
	assert.Contains(t, errOut, "csv: "+a+": "+unknown)
	assert.Equal(t, 1, strings.Count(errOut, unknown), "once per source, not per file:\n%s", errOut)
	assert.Contains(t, errOut, "json: "+api+`: mapping of source "api": "opened" is not a field lanes knows`)
	assert.Contains(t, errOut, `mapping of source "api" has no created_at; add created_at: <key>`)
	_, err := os.Stat(db)
	assert.True(t, os.IsNotExist(err), "a dry run writes no warehouse")

	// The ingest stops on the same words.
	code, _, errOut = run(t, "", "--config", cfg, "--db", db, "ingest", desk)
	assert.Equal(t, ExitRejected, code, errOut)
	assert.Contains(t, errOut, unknown)
	code, _, errOut = run(t, "", "--config", cfg, "--db", db, "ingest", api)
	assert.Equal(t, ExitRejected, code, errOut)
	assert.Contains(t, errOut, `mapping of source "api": "opened" is not a field lanes knows`)
	assert.Contains(t, errOut, `mapping of source "api" has no created_at; add created_at: <key>`)
}
