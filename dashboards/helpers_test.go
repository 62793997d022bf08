package dashboards

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/models/config"
	"github.com/lanes-dev/lanes/models/warehouse"
)

// newWarehouse opens a fresh in-memory warehouse, creates the mart tables
// (testdata/marts.sql) and runs the given SQL files and fill functions.
func newWarehouse(t *testing.T, sqlFiles []string, fill ...func(tx *warehouse.Tx) error) *warehouse.Warehouse {
	t.Helper()
	ctx := context.Background()
	wh, err := warehouse.Open(ctx, ":memory:", warehouse.Options{})
	require.NoError(t, err)
	t.Cleanup(func() { _ = wh.Close() })
	files := append([]string{filepath.Join("testdata", "marts.sql")}, sqlFiles...)
	err = wh.Write(ctx, func(tx *warehouse.Tx) error {
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				return err
			}
			if _, err := tx.Exec(string(b)); err != nil {
				return err
			}
		}
		for _, fn := range fill {
			if err := fn(tx); err != nil {
				return err
			}
		}
		return nil
	})
	require.NoError(t, err)
	return wh
}

func basicWarehouse(t *testing.T) *warehouse.Warehouse {
	return newWarehouse(t, []string{filepath.Join("testdata", "basic", "input.sql")})
}

func render(t *testing.T, wh *warehouse.Warehouse, opts Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, Render(context.Background(), wh, config.Default(), &buf, opts))
	return buf.Bytes()
}

// withoutLibrary replaces the embedded ECharts library, and its hash in the
// CSP, with short placeholders, so golden files stay small and do not change
// when ECharts is upgraded.
func withoutLibrary(page []byte) []byte {
	s := strings.Replace(string(page), echartsJS, "/* echarts.min.js */", 1)
	s = strings.Replace(s, scriptHash(echartsJS), "'sha256-ECHARTS'", 1)
	return []byte(s)
}

// viewOf builds the page's view the way Render does.
func viewOf(t *testing.T, wh *warehouse.Warehouse, opts Options) *view {
	t.Helper()
	ctx := context.Background()
	cfg := config.Default()
	opts = opts.withDefaults()
	d, err := load(ctx, wh)
	require.NoError(t, err)
	c, err := loadCube(ctx, wh, d, automatableShare(d, cfg))
	require.NoError(t, err)
	c.currency = opts.Currency
	v, err := build(ctx, cfg, d, c, opts)
	require.NoError(t, err)
	return v
}
