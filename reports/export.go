package reports

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/lanes-dev/lanes/models/warehouse"
)

var exportFormats = []string{"csv", "xlsx", "parquet", "json"}

// ExportFormats lists the formats Export and ExportParquet write.
func ExportFormats() []string { return append([]string(nil), exportFormats...) }

// KnownExportFormat reports whether a table can be exported as format.
func KnownExportFormat(format string) bool {
	for _, f := range exportFormats {
		if f == format {
			return true
		}
	}
	return false
}

// UnknownTableError reports an export of a table the warehouse does not have.
type UnknownTableError struct {
	Table  string
	Tables []string // every table and view of the warehouse, sorted
}

func (e *UnknownTableError) Error() string {
	return fmt.Sprintf("no table %q in the warehouse; tables: %s", e.Table, strings.Join(e.Tables, ", "))
}

// ExportTable checks name against the tables and views the warehouse lists
// in information_schema and returns it as listed. Only a listed name is ever
// put into SQL, and then quoted. Anything else is an *UnknownTableError.
func ExportTable(ctx context.Context, wh *warehouse.Warehouse, name string) (string, error) {
	names, err := tableNames(ctx, wh)
	if err != nil {
		return "", err
	}
	for _, n := range names {
		if n == name {
			return n, nil
		}
	}
	return "", &UnknownTableError{Table: name, Tables: names}
}

// Export writes every row of a warehouse table to w as csv, json or xlsx:
//   - csv: a header row, then one line per row; NULL is an empty cell. A
//     cell that would start with =, +, -, @, tab or CR gets a leading single
//     quote so a spreadsheet reads it as text, not as a formula, except in
//     numeric columns, which are written as plain numbers;
//   - xlsx: one sheet named after the table, header row frozen; numbers are
//     numeric cells, dates and timestamps date cells (UTC), booleans
//     booleans, and text is neutralized as in csv;
//   - json: an array of objects, as `lanes sql --format json` writes.
//
// The table must pass ExportTable. Parquet needs a file: see ExportParquet.
func Export(ctx context.Context, wh *warehouse.Warehouse, table, format string, w io.Writer) error {
	switch format {
	case "csv", "json", "xlsx":
	case "parquet":
		return fmt.Errorf("export %s: parquet is written to a file, not a stream", table)
	default:
		return fmt.Errorf("unknown format %q: want one of %s", format, strings.Join(exportFormats, ", "))
	}
	name, err := ExportTable(ctx, wh, table)
	if err != nil {
		return err
	}
	res, err := Query(ctx, wh, "select * from "+quoteIdent(name))
	if err != nil {
		return fmt.Errorf("read %s: %w", name, err)
	}
	defer res.Rows.Close()
	if format == "xlsx" {
		return writeXLSX(w, res, name)
	}
	return WriteResult(w, res, format)
}

// ExportParquet writes every row of a warehouse table to a Parquet file at
// path with DuckDB's own writer (COPY ... TO), which also works when the
// warehouse is open read-only. The table must pass ExportTable.
func ExportParquet(ctx context.Context, wh *warehouse.Warehouse, table, path string) error {
	name, err := ExportTable(ctx, wh, table)
	if err != nil {
		return err
	}
	return wh.CopyTo(ctx, name, path, "parquet")
}

// quoteIdent quotes a SQL identifier: "name", with " doubled.
func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
