package ingest

import (
	"io/fs"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPartsFS: a bundle's folder shows its parts and the folders above
// them, and nothing else, however it is listed (fstest.TestFS opens and
// lists every folder both ways, in batches too).
func TestPartsFS(t *testing.T) {
	fsys := fstest.MapFS{
		"channels.json":           {Data: []byte("[]")},
		"it-help/2024-03-01.json": {Data: []byte("[]")},
		"it-help/notes.csv":       {Data: []byte("a,b\n")},
		"tickets.csv":             {Data: []byte("a,b\n")},
		"extra/fs.csv":            {Data: []byte("a,b\n")},
	}
	parts := newPartsFS(fsys, []string{"channels.json", "it-help/2024-03-01.json"})
	require.NoError(t, fstest.TestFS(parts, "channels.json", "it-help/2024-03-01.json"))

	var seen []string
	require.NoError(t, fs.WalkDir(parts, ".", func(name string, _ fs.DirEntry, err error) error {
		seen = append(seen, name)
		return err
	}))
	assert.Equal(t, []string{".", "channels.json", "it-help", "it-help/2024-03-01.json"}, seen)
	_, err := fs.ReadFile(parts, "tickets.csv")
	assert.ErrorIs(t, err, fs.ErrNotExist)
}
