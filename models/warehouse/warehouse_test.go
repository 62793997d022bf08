package warehouse

import (
	"context"
	"database/sql/driver"
	"errors"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestOpenMigratesAndIsIdempotent(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "w.duckdb")
	w, err := Open(ctx, path, Options{})
	require.NoError(t, err)
	var v int
	require.NoError(t, w.QueryRow(ctx, "select max(version) from lanes_migrations").Scan(&v))
	assert.Equal(t, SchemaVersion(), v)
	require.NoError(t, w.Close())

	w, err = Open(ctx, path, Options{})
	require.NoError(t, err)
	var n int
	require.NoError(t, w.QueryRow(ctx, "select count(*) from lanes_migrations").Scan(&n))
	assert.Equal(t, SchemaVersion(), n)
	require.NoError(t, w.Close())
}

func TestWriteRollsBackOnError(t *testing.T) {
	ctx := context.Background()
	w, err := Open(ctx, ":memory:", Options{})
	require.NoError(t, err)
	defer w.Close()
	boom := errors.New("boom")
	err = w.Write(ctx, func(tx *Tx) error {
		if _, err := tx.Exec(`insert into dim_teams values ('a', 'it', 10)`); err != nil {
			return err
		}
		return tx.Append("dim_teams", func(appendRow func(...driver.Value) error) error {
			if err := appendRow("b", "it", 20.0); err != nil {
				return err
			}
			return boom
		})
	})
	require.ErrorIs(t, err, boom)
	var n int
	require.NoError(t, w.QueryRow(ctx, "select count(*) from dim_teams").Scan(&n))
	assert.Equal(t, 0, n)

	require.NoError(t, w.Write(ctx, func(tx *Tx) error {
		return tx.Append("dim_teams", func(appendRow func(...driver.Value) error) error {
			return appendRow("b", "it", 20.0)
		})
	}))
	require.NoError(t, w.QueryRow(ctx, "select count(*) from dim_teams").Scan(&n))
	assert.Equal(t, 1, n)
}

func TestReadOnlyRefusesMissingSchema(t *testing.T) {
	ctx := context.Background()
	_, err := Open(ctx, filepath.Join(t.TempDir(), "none.duckdb"), Options{ReadOnly: true})
	require.Error(t, err)
}
