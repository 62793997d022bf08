package warehouse

import (
	"context"
	"fmt"
	"strings"
)

// copyFormats are the file formats CopyTo writes, by DuckDB's FORMAT name.
var copyFormats = map[string]bool{"parquet": true, "csv": true, "json": true}

// CopyTo writes every row of table to a new file at path with DuckDB's
// COPY ... TO, in format "parquet", "csv" or "json". It only reads the
// warehouse, so it works on a read-only one. The caller checks that table
// exists; the name and the path are quoted here, never interpolated raw.
func (w *Warehouse) CopyTo(ctx context.Context, table, path, format string) error {
	if !copyFormats[format] {
		return fmt.Errorf("copy %s: unknown format %q", table, format)
	}
	if strings.ContainsRune(table, 0) || strings.ContainsRune(path, 0) {
		return fmt.Errorf("copy %s: name or path contains a NUL byte", table)
	}
	stmt := fmt.Sprintf("COPY (SELECT * FROM %s) TO %s (FORMAT %s)", copyQuoteIdent(table), copyQuoteString(path), format)
	if _, err := w.db.ExecContext(ctx, stmt); err != nil {
		return fmt.Errorf("copy %s to %s: %w", table, path, err)
	}
	return nil
}

// copyQuoteIdent quotes a SQL identifier: "name", with " doubled.
func copyQuoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// copyQuoteString quotes a SQL string literal: 'text', with ' doubled.
func copyQuoteString(s string) string { return `'` + strings.ReplaceAll(s, `'`, `''`) + `'` }
