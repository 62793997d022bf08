package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestShellArgRoundTrips: what shellArg writes, given to a POSIX shell,
// is the one argument it was made from.
func TestShellArgRoundTrips(t *testing.T) {
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Skip("no sh here")
	}
	for _, s := range []string{
		"select * from rejects where file = 'a.csv'",
		"select * from rejects where file = 'o''neil.csv'",
		`a "quoted" $HOME ` + "`date`" + ` back\slash !bang 'single'`,
	} {
		out, err := exec.Command(sh, "-c", "printf %s "+shellArg(s)).Output()
		require.NoError(t, err, s)
		assert.Equal(t, s, string(out))
	}
	assert.Equal(t, `"select * from rejects where file = 'a.csv'"`, shellArg(rejectsQuery("a.csv")), "the usual case reads plainly")
}

// TestRejectsHintRuns: the command printed for a file's further rejects
// lists them, also for a file whose name holds a quote. The file has 12
// rows without a creation time (12 rejects, more than the summary shows)
// and one good row.
func TestRejectsHintRuns(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "o'neil.csv")
	var b strings.Builder
	b.WriteString("id,title,created\n1,ok,2024-03-01 09:00\n")
	for i := 2; i <= 13; i++ {
		b.WriteString(strconv.Itoa(i) + ",no date,\n")
	}
	require.NoError(t, os.WriteFile(path, []byte(b.String()), 0o644))
	db := filepath.Join(dir, "lanes.duckdb")
	code, _, stderr := run(t, "", "--db", db, "ingest", "--source", "csv", "--max-reject-pct", "100", path)
	require.Equal(t, 0, code, stderr)
	i := strings.Index(stderr, "more rejects in ")
	require.Positive(t, i, stderr)
	line := stderr[i:]
	line = line[:strings.IndexByte(line, '\n')]
	assert.Contains(t, line, `lanes --db "`+db+`" sql -c `, "the command names the warehouse given")
	j := strings.Index(line, " sql -c ")
	require.Positive(t, j, line)
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Skip("no sh here")
	}
	// The shell takes the printed argument apart; lanes runs the query.
	out, err := exec.Command(sh, "-c", "printf %s "+line[j+len(" sql -c "):]).Output()
	require.NoError(t, err)
	code, stdout, stderr := run(t, "", "--db", db, "sql", "-c", "select count(*) as n from ("+string(out)+")")
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stdout, "12")
}

// TestFailedRunSaysListedFilesWereNotKept: each file's line is printed as
// it is read, inside the run's transaction; when a later file is refused,
// the closing message says that the lines' "loaded" did not last.
func TestFailedRunSaysListedFilesWereNotKept(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "a.csv")
	bad := filepath.Join(dir, "b.csv")
	require.NoError(t, os.WriteFile(good, []byte("id,title,created\n1,ok,2024-03-01 09:00\n"), 0o644))
	require.NoError(t, os.WriteFile(bad, []byte("id,title,created\n2,no date,\n"), 0o644))
	db := filepath.Join(dir, "lanes.duckdb")
	code, _, stderr := run(t, "", "--db", db, "ingest", "--source", "csv", good, bad)
	require.Equal(t, ExitRejected, code, stderr)
	assert.Contains(t, stderr, good+": csv as csv, 1 rows in = 1 loaded + 0 rejected + 0 merged\n")
	assert.True(t, strings.HasSuffix(stderr, "the warehouse is unchanged: the files listed above were read, but none of their rows was kept\n"), stderr)

	// With bars, each finished file's line is written above them just the
	// same.
	code, _, stderr = run(t, "", "--db", db, "--progress", "always", "ingest", "--source", "csv", good, bad)
	require.Equal(t, ExitRejected, code, stderr)
	assert.True(t, strings.HasSuffix(stderr, "the warehouse is unchanged: the files listed above were read, but none of their rows was kept\n"), stderr)

	// Refused at the first file: nothing was listed, nothing to take back.
	code, _, stderr = run(t, "", "--db", db, "ingest", "--source", "csv", bad)
	require.Equal(t, ExitRejected, code, stderr)
	assert.True(t, strings.HasSuffix(stderr, "the warehouse is unchanged\n"), stderr)
}
