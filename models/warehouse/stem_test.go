package warehouse

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// lanes_stem works on every connection, in writable and read-only
// warehouses, and keeps nulls null.
func TestStemFunction(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "w.duckdb")
	w, err := Open(ctx, path, Options{})
	require.NoError(t, err)
	var got string
	// "Printers" -> printer (1a: s); "NOT" -> not; "printing" -> print (1b: ing)
	require.NoError(t, w.QueryRow(ctx, "select lanes_stem('Printers NOT printing')").Scan(&got))
	assert.Equal(t, "printer not print", got)
	var null *string
	require.NoError(t, w.QueryRow(ctx, "select lanes_stem(null)").Scan(&null))
	assert.Nil(t, null)
	require.NoError(t, w.Close())

	ro, err := Open(ctx, path, Options{ReadOnly: true})
	require.NoError(t, err)
	defer ro.Close()
	require.NoError(t, ro.QueryRow(ctx, "select lanes_stem('connections')").Scan(&got))
	assert.Equal(t, "connect", got) // 1a: s; 4: ion after t, m("connect") = 2
}
