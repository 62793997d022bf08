package ingest

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/models/config"
)

// TestCheckSourcePathsOpensEachZipOnce: lanes doctor expands the .zip
// archives under lanes.yaml's folder once, however many sources have a
// path that is not on disk (three here: one found in a.zip, two typos),
// instead of once per such source.
func TestCheckSourcePathsOpensEachZipOnce(t *testing.T) {
	dir := t.TempDir()
	writeZip := func(name, entry string) string {
		var b bytes.Buffer
		zw := zip.NewWriter(&b)
		w, err := zw.Create(entry)
		require.NoError(t, err)
		_, err = w.Write([]byte("number,short_description\nINC1,disk full\n"))
		require.NoError(t, err)
		require.NoError(t, zw.Close())
		p := filepath.Join(dir, name)
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, b.Bytes(), 0o644))
		return p
	}
	a := writeZip(filepath.Join("archives", "a.zip"), "desk/requests.csv")
	b := writeZip("b.zip", "other/x.csv")

	opens := map[string]int{}
	openArchive = func(name string) (*os.File, error) {
		opens[name]++
		return os.Open(name)
	}
	t.Cleanup(func() { openArchive = os.Open })

	cfg := config.Default()
	cfg.File = filepath.Join(dir, "lanes.yaml")
	cfg.Sources = []config.Source{
		{Name: "desk", Path: "desk"}, // only in archives/a.zip
		{Name: "typo", Path: "dsk"},
		{Name: "typo2", Path: "dek"},
	}
	assert.Equal(t, []string{
		`source "typo": path "dsk" matches no file: there is no ` + filepath.Join(dir, "dsk") + `, nor a .zip archive under ` + dir + ` holding dsk (paths are relative to lanes.yaml's folder)`,
		`source "typo2": path "dek" matches no file: there is no ` + filepath.Join(dir, "dek") + `, nor a .zip archive under ` + dir + ` holding dek (paths are relative to lanes.yaml's folder)`,
	}, CheckSourcePaths(cfg))
	// Three sources look in the archives; each archive is opened once.
	assert.Equal(t, map[string]int{a: 1, b: 1}, opens)
}
