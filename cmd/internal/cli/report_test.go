package cli

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/dashboards/pdf"
	"github.com/lanes-dev/lanes/models/warehouse"
)

// fixtureDB writes a warehouse file filled by the given SQL files (paths
// from the repository root), the way the reports' own tests fill theirs.
func fixtureDB(t *testing.T, files ...string) string {
	t.Helper()
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "w.duckdb")
	wh, err := warehouse.Open(ctx, db, warehouse.Options{})
	require.NoError(t, err)
	for _, f := range files {
		script, err := os.ReadFile(filepath.Join("..", "..", "..", f))
		require.NoError(t, err)
		require.NoError(t, wh.Write(ctx, func(tx *warehouse.Tx) error {
			_, err := tx.Exec(string(script))
			return err
		}), f)
	}
	require.NoError(t, wh.Close())
	return db
}

func weeklyDB(t *testing.T) string { return fixtureDB(t, "reports/testdata/weekly/marts.sql") }

func TestReportWeeklyFormats(t *testing.T) {
	db := weeklyDB(t)
	code, md, errOut := run(t, "", "--db", db, "report", "weekly")
	require.Equal(t, 0, code, errOut)
	assert.True(t, strings.HasPrefix(md, "# Weekly IT support report: 2026-W10\n"), md)

	code, page, errOut := run(t, "", "--db", db, "report", "weekly", "--format", "html")
	require.Equal(t, 0, code, errOut)
	assert.True(t, strings.HasPrefix(page, "<!DOCTYPE html>"))
	assert.NotContains(t, page, "<script")

	code, js, errOut := run(t, "", "--db", db, "report", "weekly", "--format", "json", "--week", "2026-W09")
	require.Equal(t, 0, code, errOut)
	var r struct {
		Week struct{ Label string } `json:"week"`
	}
	require.NoError(t, json.Unmarshal([]byte(js), &r))
	assert.Equal(t, "2026-W09", r.Week.Label)

	out := filepath.Join(t.TempDir(), "sub", "weekly.html")
	code, _, errOut = run(t, "", "--db", db, "report", "weekly", "--format", "html", "-o", out)
	require.Equal(t, 0, code, errOut)
	b, err := os.ReadFile(out)
	require.NoError(t, err)
	assert.Equal(t, page, string(b))

	code, _, errOut = run(t, "", "--db", db, "report", "weekly", "--format", "docx")
	assert.Equal(t, ExitUsage, code)
	assert.Contains(t, errOut, `--format "docx": want one of md, html, json, pdf`)
}

func TestReportInterrupts(t *testing.T) {
	db := fixtureDB(t, "reports/testdata/interrupts/marts.sql")
	code, out, errOut := run(t, "", "--db", db, "report", "interrupts", "--team", "Platform", "--weeks", "2")
	require.Equal(t, 0, code, errOut)
	assert.True(t, strings.HasPrefix(out, "# Interruption report: Platform\n"), out)
	assert.Contains(t, out, "over the 2 weeks from 2026-W09 to 2026-W10")

	code, _, errOut = run(t, "", "--db", db, "report", "interrupts", "--team", "Nobody")
	assert.Equal(t, ExitUsage, code)
	assert.Contains(t, errOut, `--team "Nobody": no such team; teams: <b>Sec</b>, Data, IT Service Desk, Platform`)

	code, _, errOut = run(t, "", "--db", db, "report", "interrupts")
	assert.Equal(t, ExitUsage, code)
	assert.Contains(t, errOut, "--team is required")

	code, _, errOut = run(t, "", "--db", db, "report", "interrupts", "--team", "Platform", "--weeks", "0")
	assert.Equal(t, ExitUsage, code, errOut)
}

// TestPDFWithoutChromium pretends Chromium is missing: every --format pdf
// fails with a usage error that says how to install it, before the
// warehouse is opened.
func TestPDFWithoutChromium(t *testing.T) {
	saved := pdfAvailable
	pdfAvailable = func() bool { return false }
	t.Cleanup(func() { pdfAvailable = saved })
	missing := filepath.Join(t.TempDir(), "missing.duckdb")
	for _, args := range [][]string{
		{"report", "weekly", "--format", "pdf"},
		{"report", "interrupts", "--team", "x", "--format", "pdf"},
		{"dashboard", "--format", "pdf"},
	} {
		code, out, errOut := run(t, "", append([]string{"--db", missing}, args...)...)
		assert.Equal(t, ExitUsage, code, "%v", args)
		assert.Contains(t, errOut, "--format pdf needs Chromium: apt-get install chromium", "%v", args)
		assert.Empty(t, out)
	}
	code, _, errOut := run(t, "", "--db", missing, "report", "weekly", "--format", "pdf", "--paper", "a3")
	assert.Equal(t, ExitUsage, code)
	assert.Contains(t, errOut, `--paper "a3": want one of a4, letter`)
}

// needChromium skips a test that prints with Chromium when there is none.
func needChromium(t *testing.T) {
	t.Helper()
	if !pdf.Available() {
		t.Skip("no Chromium found (looked for $LANES_CHROMIUM, /usr/bin/chromium and chromium on the PATH): skipping the PDF test; apt-get install chromium to run it")
	}
	if testing.Short() {
		t.Skip("PDF test skipped in -short mode: it starts Chromium")
	}
}

// checkPDFFile checks that the file is a PDF with at least one page.
func checkPDFFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(string(b), "%PDF-"), "starts with %%PDF")
	assert.GreaterOrEqual(t, pdf.PageCount(b), 1)
	assert.Contains(t, string(b[len(b)-1024:]), "%%EOF")
	return b
}

func TestReportWeeklyPDF(t *testing.T) {
	needChromium(t)
	db := weeklyDB(t)
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.pdf"), filepath.Join(dir, "b.pdf")
	code, _, errOut := run(t, "", "--db", db, "report", "weekly", "--format", "pdf", "-o", a)
	require.Equal(t, 0, code, errOut)
	first := checkPDFFile(t, a)
	code, _, errOut = run(t, "", "--db", db, "report", "weekly", "--format", "pdf", "--paper", "letter", "-o", b)
	require.Equal(t, 0, code, errOut)
	checkPDFFile(t, b)
	code, _, errOut = run(t, "", "--db", db, "report", "weekly", "--format", "pdf", "-o", b)
	require.Equal(t, 0, code, errOut)
	assert.Equal(t, first, checkPDFFile(t, b), "the same report prints to the same bytes")
}

func TestDashboardPDF(t *testing.T) {
	needChromium(t)
	db := fixtureDB(t, "dashboards/testdata/marts.sql", "dashboards/testdata/basic/input.sql")
	dir := t.TempDir()
	t.Chdir(dir)
	code, _, errOut := run(t, "", "--db", db, "dashboard", "--format", "pdf")
	require.Equal(t, 0, code, errOut)
	b := checkPDFFile(t, filepath.Join(dir, "out", "dashboard.pdf"))
	assert.Greater(t, pdf.PageCount(b), 1, "the dashboard runs over several pages")
}
