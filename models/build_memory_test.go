package models

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/models/warehouse"
)

func memoryLimit(t *testing.T, wh *warehouse.Warehouse) string {
	t.Helper()
	var v string
	require.NoError(t, wh.QueryRow(context.Background(), "select current_setting('memory_limit')").Scan(&v))
	return v
}

// A build caps DuckDB's memory at BuildMemoryLimit unless the configuration
// sets warehouse.memory_limit, and puts the setting back afterwards.
func TestBuildMemoryLimit(t *testing.T) {
	fsys := modelFS(map[string]string{"staging/m": "select current_setting('memory_limit') as v"}, nil)
	wh := newWarehouse(t)
	before := memoryLimit(t, wh)
	// What DuckDB shows for the cap, set by hand.
	require.NoError(t, wh.Write(context.Background(), func(tx *warehouse.Tx) error {
		_, err := tx.Exec("SET memory_limit = '" + BuildMemoryLimit + "'")
		return err
	}))
	capped := memoryLimit(t, wh)
	require.NoError(t, wh.Write(context.Background(), func(tx *warehouse.Tx) error {
		_, err := tx.Exec("RESET memory_limit")
		return err
	}))
	require.Equal(t, before, memoryLimit(t, wh))
	require.NotEqual(t, before, capped, "the test needs a cap below DuckDB's default")

	t.Run("default config", func(t *testing.T) {
		_, err := build(context.Background(), wh, testConfig("UTC", "monday"), fsys, BuildOptions{})
		require.NoError(t, err)
		assert.Equal(t, [][]any{{capped}}, query(t, wh, "select v from m"))
		assert.Equal(t, before, memoryLimit(t, wh), "reset after the build")
	})
	t.Run("memory_limit configured", func(t *testing.T) {
		cfg := testConfig("UTC", "monday")
		cfg.Warehouse.MemoryLimit = "3GB" // applied when the warehouse is opened, not by Build
		_, err := build(context.Background(), wh, cfg, fsys, BuildOptions{})
		require.NoError(t, err)
		assert.Equal(t, [][]any{{before}}, query(t, wh, "select v from m"))
	})
}
