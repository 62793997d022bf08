package cli

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/models/warehouse"
)

// writeCSV writes a generic-CSV export with n tickets whose keys start at
// first, and a lanes.yaml mapping its columns.
func writeCSV(t *testing.T, dir, name string, first, n int) string {
	t.Helper()
	p := filepath.Join(dir, name)
	f, err := os.Create(p)
	require.NoError(t, err)
	w := bufio.NewWriter(f)
	fmt.Fprintln(w, "Ticket ID,Subject,Status,Opened,Closed,Queue,Agent")
	base := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	for i := first; i < first+n; i++ {
		opened := base.Add(time.Duration(i%5000) * 37 * time.Minute)
		fmt.Fprintf(w, "HD-%d,Reset my Okta password %d,Resolved,%s,%s,Service Desk,Ana Lima\n",
			i, i, opened.Format("2006-01-02 15:04"), opened.Add(90*time.Minute).Format("2006-01-02 15:04"))
	}
	require.NoError(t, w.Flush())
	require.NoError(t, f.Close())
	return p
}

func writeConfig(t *testing.T, dir string) string {
	t.Helper()
	p := filepath.Join(dir, "lanes.yaml")
	require.NoError(t, os.WriteFile(p, []byte(`sources:
  - name: helpdesk
    path: .
    format: csv
    date_format: "2006-01-02 15:04"
    mapping:
      source_key: Ticket ID
      title: Subject
      status: Status
      created_at: Opened
      resolved_at: Closed
      assignment_group: Queue
      assignee: Agent
`), 0o644))
	return p
}

func ticketCount(t *testing.T, db string) int {
	t.Helper()
	code, out, errOut := run(t, "", "--db", db, "sql", "--format", "csv", "-c", "select count(*) as n from tickets")
	require.Equal(t, 0, code, errOut)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	var n int
	_, err := fmt.Sscan(lines[len(lines)-1], &n)
	require.NoError(t, err, out)
	return n
}

func TestExitCodesDocumented(t *testing.T) {
	code, out, _ := run(t, "", "help", "exit-codes")
	require.Equal(t, 0, code)
	for _, d := range exitCodeDocs {
		assert.Contains(t, out, fmt.Sprintf("%d  %s", d.code, d.name))
	}
}

func TestUsageErrors(t *testing.T) {
	code, _, errOut := run(t, "", "ingest")
	assert.Equal(t, ExitUsage, code, errOut)
	code, _, _ = run(t, "", "--progress", "sometimes", "version")
	assert.Equal(t, ExitUsage, code)
	code, _, errOut = run(t, "", "frobnicate")
	assert.Equal(t, ExitUsage, code, errOut)
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	require.NoError(t, os.WriteFile(bad, []byte("teams:\n  - name: x\n    class: wizards\n"), 0o644))
	code, _, errOut = run(t, "", "--config", bad, "--db", filepath.Join(dir, "w.duckdb"), "build")
	assert.Equal(t, ExitUsage, code)
	assert.Contains(t, errOut, bad)
	assert.Contains(t, errOut, "teams[0].class")
}

func TestInitWritesParsableStarter(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "lanes.yaml")
	code, _, errOut := run(t, "", "init", "-o", p)
	require.Equal(t, 0, code, errOut)
	code, _, _ = run(t, "", "init", "-o", p)
	assert.Equal(t, ExitUsage, code, "refuses to overwrite")
	// The starter's example source names exports/helpdesk.csv: until it
	// is there (or the source edited), doctor says its path matches no
	// file, which lanes ingest cannot tell from a run without it.
	code, out, errOut := run(t, "", "--config", p, "--db", filepath.Join(dir, "w.duckdb"), "doctor")
	assert.Equal(t, ExitFailure, code, out+errOut)
	assert.Contains(t, out, `FAIL sources      source "helpdesk": path "exports/helpdesk.csv" matches no file: there is no `+filepath.Join(dir, "exports", "helpdesk.csv"))
	// A run without the source's files only notes it, with -v.
	other := writeCSV(t, dir, "other.csv", 1, 1)
	code, _, errOut = run(t, "", "--config", p, "-v", "ingest", "--dry-run", other)
	assert.Equal(t, 0, code, errOut)
	assert.Contains(t, errOut, "note: no file of this run belongs to configured source(s) helpdesk (lanes doctor checks their paths)")
	code, _, errOut = run(t, "", "--config", p, "ingest", "--dry-run", other)
	assert.Equal(t, 0, code, errOut)
	assert.NotContains(t, errOut, "note:")
	require.NoError(t, os.Mkdir(filepath.Join(dir, "exports"), 0o755))
	writeCSV(t, filepath.Join(dir, "exports"), "helpdesk.csv", 1, 1)
	code, out, errOut = run(t, "", "--config", p, "--db", filepath.Join(dir, "w.duckdb"), "doctor")
	assert.Equal(t, 0, code, out+errOut)
	assert.Contains(t, out, "ok   sources      the path of each of 1 source(s) matches files")
}

func TestIngestIsIdempotentAndMalformedLeavesWarehouseUnchanged(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	require.NoError(t, os.Mkdir(data, 0o755))
	cfg := writeConfig(t, data)
	good := writeCSV(t, data, "a.csv", 1, 50)
	db := filepath.Join(dir, "w.duckdb")

	code, _, errOut := run(t, "", "--config", cfg, "--db", db, "ingest", good)
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, errOut, "50 rows in = 50 loaded + 0 rejected + 0 merged")
	require.Equal(t, 50, ticketCount(t, db))

	code, _, errOut = run(t, "", "--config", cfg, "--db", db, "ingest", good)
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, errOut, "unchanged")
	assert.Equal(t, 50, ticketCount(t, db))

	// A file where most rows have unreadable dates is refused whole.
	bad := filepath.Join(data, "bad.csv")
	require.NoError(t, os.WriteFile(bad, []byte("Ticket ID,Subject,Status,Opened,Closed,Queue,Agent\n"+
		"HD-900,ok,Open,2026-03-02 10:00,,Service Desk,Ana\n"+
		"HD-901,bad,Open,31/Fbr/24 3:15 PM,,Service Desk,Ana\n"+
		"HD-902,bad,Open,yesterday,,Service Desk,Ana\n"), 0o644))
	more := writeCSV(t, data, "b.csv", 1000, 10)
	code, _, errOut = run(t, "", "--config", cfg, "--db", db, "ingest", more, bad)
	assert.Equal(t, ExitRejected, code, errOut)
	assert.Contains(t, errOut, "bad.csv line 3")
	assert.Contains(t, errOut, "Opened")
	assert.Contains(t, errOut, "unchanged")
	assert.Equal(t, 50, ticketCount(t, db), "nothing from b.csv landed either")
}

func TestSecondWriterFailsFastWithLockedCode(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "w.duckdb")
	holder := exec.Command(os.Args[0], "-test.run=^$")
	holder.Env = append(os.Environ(), "LANES_TEST_HOLD_LOCK="+db)
	stdin, err := holder.StdinPipe()
	require.NoError(t, err)
	stdout, err := holder.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, holder.Start())
	defer func() { stdin.Close(); _ = holder.Wait() }()
	line, err := bufio.NewReader(stdout).ReadString('\n')
	require.NoError(t, err)
	require.Equal(t, "holding\n", line)

	data := writeCSV(t, dir, "a.csv", 1, 5)
	for _, args := range [][]string{
		{"--db", db, "--source", "csv", "ingest", data},
		{"--db", db, "build"},
		{"--db", db, "sql", "-c", "select 1"},
	} {
		start := time.Now()
		code, _, errOut := run(t, "", args...)
		elapsed := time.Since(start)
		assert.Equal(t, ExitLocked, code, "%v: %s", args, errOut)
		assert.Contains(t, errOut, fmt.Sprintf("PID %d", holder.Process.Pid), "names the holder")
		assert.Less(t, elapsed, 2*time.Second, "fails fast")
	}
}

// TestKilledIngestLeavesWarehouseAsItWas kills a real lanes process with
// SIGKILL after it has merged its first file and while it reads the second,
// then checks that nothing of that run is visible and that a re-run gives
// what a clean run gives.
func TestKilledIngestLeavesWarehouseAsItWas(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes and writes a large file")
	}
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	require.NoError(t, os.Mkdir(data, 0o755))
	cfg := writeConfig(t, data)
	base := writeCSV(t, data, "base.csv", 1, 100)
	small := writeCSV(t, data, "small.csv", 100000, 20)
	big := writeCSV(t, data, "big.csv", 200000, 600000)
	db := filepath.Join(dir, "w.duckdb")

	code, _, errOut := run(t, "", "--config", cfg, "--db", db, "ingest", base)
	require.Equal(t, 0, code, errOut)

	cmd := exec.Command(os.Args[0], "--config", cfg, "--db", db, "ingest", small, big) // plain lines: stderr is a pipe
	cmd.Env = append(os.Environ(), "LANES_TEST_AS_MAIN=1", "CI=true")
	stderr, err := cmd.StderrPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	sc := bufio.NewScanner(stderr)
	sawFirst := false
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), small+":") {
			sawFirst = true
			break
		}
	}
	require.True(t, sawFirst, "the child reported its first file")
	time.Sleep(150 * time.Millisecond)
	require.NoError(t, cmd.Process.Kill())
	err = cmd.Wait()
	require.Error(t, err)
	status := cmd.ProcessState.Sys().(syscall.WaitStatus)
	require.True(t, status.Signaled(), "the child was still running when killed (make big.csv larger if this fails)")

	assert.Equal(t, 100, ticketCount(t, db), "the killed run left nothing behind")

	code, _, errOut = run(t, "", "--config", cfg, "--db", db, "ingest", small, big)
	require.Equal(t, 0, code, errOut)
	clean := filepath.Join(dir, "clean.duckdb")
	code, _, errOut = run(t, "", "--config", cfg, "--db", clean, "ingest", base, small, big)
	require.Equal(t, 0, code, errOut)
	q := "select count(*), sum(hash(source, source_key, title, status, created_at, resolved_at, assignee)) from tickets"
	_, a, _ := run(t, "", "--db", db, "sql", "--format", "csv", "-c", q)
	_, b, _ := run(t, "", "--db", clean, "sql", "--format", "csv", "-c", q)
	assert.Equal(t, b, a, "re-run equals a clean run")
}

// TestKilledBuildLeavesPreviousBuild kills a real `lanes build` with SIGKILL
// after its first model is built (committed as a staged table, not yet
// published) and checks that the marts are still those of the previous
// build, then that a re-run gives what a clean build gives and leaves no
// staged table behind.
func TestKilledBuildLeavesPreviousBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes and builds a large warehouse")
	}
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	require.NoError(t, os.Mkdir(data, 0o755))
	cfg := writeConfig(t, data)
	first := writeCSV(t, data, "first.csv", 1, 200000)
	db := filepath.Join(dir, "w.duckdb")
	code, _, errOut := run(t, "", "--config", cfg, "--db", db, "ingest", first)
	require.Equal(t, 0, code, errOut)
	code, _, errOut = run(t, "", "--config", cfg, "--db", db, "build")
	require.Equal(t, 0, code, errOut)
	q := "select (select count(*) from int_tickets) as n, (select sum(tickets) from volume_by_tool) as v, (select count(*) from time_to_resolve) as t"
	_, before, _ := run(t, "", "--db", db, "sql", "--format", "csv", "-c", q)

	second := writeCSV(t, data, "second.csv", 500000, 1000)
	code, _, errOut = run(t, "", "--config", cfg, "--db", db, "ingest", second)
	require.Equal(t, 0, code, errOut)

	cmd := exec.Command(os.Args[0], "--config", cfg, "--db", db, "-v", "build")
	cmd.Env = append(os.Environ(), "LANES_TEST_AS_MAIN=1", "CI=true")
	stderr, err := cmd.StderrPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	sc := bufio.NewScanner(stderr)
	sawModel := false
	for sc.Scan() {
		if strings.HasPrefix(strings.TrimSpace(sc.Text()), "built ") {
			sawModel = true
			break
		}
	}
	require.True(t, sawModel, "the child reported its first model")
	require.NoError(t, cmd.Process.Kill())
	_ = cmd.Wait()
	status := cmd.ProcessState.Sys().(syscall.WaitStatus)
	require.True(t, status.Signaled(), "the child was still building when killed")

	_, after, _ := run(t, "", "--db", db, "sql", "--format", "csv", "-c", q)
	assert.Equal(t, before, after, "the killed build left the previous build in place")
	leftovers := "select (select count(*) from duckdb_tables() where starts_with(table_name, 'lanes_stage__')) + (select count(*) from duckdb_schemas() where schema_name = 'lanes_build') as n"
	_, left, _ := run(t, "", "--db", db, "sql", "--format", "csv", "-c", leftovers)
	assert.NotEqual(t, "n\n0\n", left, "the killed build left its staged tables (a read-only open keeps them)")

	code, _, errOut = run(t, "", "--config", cfg, "--db", db, "build")
	require.Equal(t, 0, code, errOut)
	_, rebuilt, _ := run(t, "", "--db", db, "sql", "--format", "csv", "-c", q)
	assert.NotEqual(t, before, rebuilt, "the re-run includes second.csv")
	assert.Contains(t, rebuilt, "201000,201000", "all 201,000 tickets are modelled")
	_, left, _ = run(t, "", "--db", db, "sql", "--format", "csv", "-c", leftovers)
	assert.Equal(t, "n\n0\n", left, "nothing staged is left")
}

// lanes sql and lanes export open the warehouse with the configuration's
// memory limit and threads, as ingest and build do.
func TestSQLAndExportUseTheWarehouseSettings(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "w.duckdb")
	code, _, errOut := run(t, "", "--db", db, "sql", "-c", "select 1")
	require.Equal(t, ExitUsage, code, "no warehouse yet: "+errOut)
	w, err := warehouse.Open(context.Background(), db, warehouse.Options{})
	require.NoError(t, err)
	require.NoError(t, w.Close())
	cfg := filepath.Join(dir, "lanes.yaml")
	require.NoError(t, os.WriteFile(cfg, []byte("warehouse:\n  memory_limit: 300MB\n  threads: 1\n"), 0o644))

	code, out, errOut := run(t, "", "--config", cfg, "--db", db, "sql", "--format", "csv", "-c",
		"select current_setting('memory_limit') as m, current_setting('threads') as t")
	require.Equal(t, 0, code, errOut)
	// DuckDB reports 300 MB (10^6 bytes) in MiB.
	assert.Equal(t, "m,t\n286.1 MiB,1\n", out)

	out2 := filepath.Join(dir, "teams.csv")
	code, _, errOut = run(t, "", "--config", filepath.Join(dir, "missing.yaml"), "--db", db, "export", "dim_teams", "-o", out2)
	assert.Equal(t, ExitUsage, code, "a --config that does not exist is an error for export too: "+errOut)
}

// TestOutOfMemoryMessage: DuckDB's SET-statement advice gives way to
// lanes' settings, and what followed the error stays after the hint.
func TestOutOfMemoryMessage(t *testing.T) {
	duck := "a.csv: merge: Out of Memory Error: failed to pin block of size 256.0 KiB (1.3 GiB/1.3 GiB used)\n\n" +
		"Possible solutions:\n* Reducing the number of threads (SET threads=X)\n" +
		"* Disabling insertion-order preservation (SET preserve_insertion_order=false)\n" +
		"* Increasing the memory limit (SET memory_limit='...GB')\n\n" +
		"See also https://duckdb.org/docs/stable/guides/performance/how_to_tune_workloads\nthe warehouse is unchanged"
	got := outOfMemory(duck)
	lines := strings.Split(got, "\n")
	require.Len(t, lines, 3, got)
	assert.Equal(t, "a.csv: merge: Out of Memory Error: failed to pin block of size 256.0 KiB (1.3 GiB/1.3 GiB used)", lines[0])
	assert.Contains(t, lines[1], "warehouse.memory_limit in lanes.yaml (unset, ingest uses 1500MB and build 2000MB)")
	assert.Equal(t, "the warehouse is unchanged", lines[2])
	assert.NotContains(t, got, "SET ")
}

// TestIngestMissingPathIsUsage: a path that is not there is a mistyped
// argument (exit 2, as `lanes help exit-codes` says of arguments), not an
// input that could not be read (exit 3); nothing is created.
func TestIngestMissingPathIsUsage(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "w.duckdb")
	good := writeCSV(t, dir, "a.csv", 1, 1)
	missing := filepath.Join(dir, "nope.csv")
	for _, args := range [][]string{{"ingest", good, missing}, {"ingest", "--dry-run", missing}} {
		code, _, errOut := run(t, "", append([]string{"--db", db}, args...)...)
		assert.Equal(t, ExitUsage, code, errOut)
		assert.Equal(t, "lanes: "+missing+": no such file or folder\n", errOut)
	}
	_, err := os.Stat(db)
	assert.ErrorIs(t, err, os.ErrNotExist)
}

// TestUpgradeNotes: a warehouse of schema 12 that holds tickets, opened
// for writing by this lanes, is upgraded, and the command says once what
// 0013, 0014 and 0015 leave as it was (tickets merged before them); the next
// command says nothing more.
func TestUpgradeNotes(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "w.duckdb")
	csv := filepath.Join(dir, "issues.csv")
	require.NoError(t, os.WriteFile(csv, []byte("Summary,Issue key,Status,Created,Updated\nScanner,BWL-1,Open,01/Feb/24 9:00 AM,02/Feb/24 9:00 AM\n"), 0o644))
	code, _, stderr := run(t, "", "--db", db, "ingest", csv)
	require.Equal(t, 0, code, stderr)
	assert.NotContains(t, stderr, "upgraded", "a new warehouse has nothing loaded before")

	// Back to schema 12, as a lanes of that schema left it.
	wh, err := warehouse.Open(context.Background(), db, warehouse.Options{})
	require.NoError(t, err)
	require.NoError(t, wh.Write(context.Background(), func(tx *warehouse.Tx) error {
		_, err := tx.Exec(`drop table ticket_copies; drop table comment_owners; drop table detached_comments; drop table directory; delete from lanes_migrations where version > 12`)
		return err
	}))
	require.NoError(t, wh.Close())

	code, _, stderr = run(t, "", "--db", db, "build")
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stderr, "note: warehouse "+db+" upgraded by migration 0013_ticket_copies: tickets merged before it")
	assert.Contains(t, stderr, "note: warehouse "+db+" upgraded by migration 0014_comment_owners: tickets merged before it")
	assert.Contains(t, stderr, "note: warehouse "+db+" upgraded by migration 0015_detached_comments: comments that an audit export")
	code, _, stderr = run(t, "", "--db", db, "build")
	require.Equal(t, 0, code, stderr)
	assert.NotContains(t, stderr, "upgraded")
}

// lanes sql has the macros the models share (models/macros.sql), so an
// analyst can key a name as the models do; they are temporary, made on
// each connection of the read-only warehouse, which stays byte for byte
// as it was. Worked by hand from person_key's rule: `Lee, Ann` has one
// comma, so the part after it goes first (` Ann Lee`), lower case, only
// letters and digits kept: annlee; `Jürgen Müller` with german true writes
// ü as ue: juergenmueller; an e-mail address is kept whole in lower case.
func TestSQLHasTheModelsMacros(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "w.duckdb")
	w, err := warehouse.Open(context.Background(), db, warehouse.Options{})
	require.NoError(t, err)
	require.NoError(t, w.Close())
	before, err := os.ReadFile(db)
	require.NoError(t, err)

	code, out, errOut := run(t, "", "--db", db, "sql", "--format", "csv", "-c", "select person_key('Lee, Ann', false) as k")
	require.Equal(t, 0, code, errOut)
	assert.Equal(t, "k\nannlee\n", out)

	code, out, errOut = run(t, "", "--db", db, "sql", "--format", "csv", "-c",
		"select person_key('Jürgen Müller', true) as a, person_key('Ann.Lee@Example.com', false) as b, person_letters('José', false) as c")
	require.Equal(t, 0, code, errOut)
	assert.Equal(t, "a,b,c\njuergenmueller,ann.lee@example.com,jose\n", out)

	after, err := os.ReadFile(db)
	require.NoError(t, err)
	assert.Equal(t, before, after, "lanes sql wrote the warehouse file")
}
