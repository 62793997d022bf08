package reports

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/lanes-dev/lanes/models/warehouse"
)

// exportTable is a mart with hostile text next to numbers, dates and lists.
const exportTable = `create table "hostile mart" as
select * from (values
    (1, '=HYPERLINK("http://x","y")', -5,   -1.5::double, -12.340::decimal(10,3), date '2026-03-02', timestamp '2026-03-02 09:30:00', true,  ['=a', 'b']),
    (2, '+cmd',                       3,    0.25::double, 0.005::decimal(10,3),   date '2026-12-31', timestamp '2026-12-31 23:59:59', false, []::varchar[]),
    (3, '-2 apples',                  null, null,         null,                   null,              null,                          null,  null),
    (4, '@SUM(A1)',                   0,    1e21::double, 0::decimal(10,3),       date '2026-01-01', timestamp '2026-01-01 00:00:00', true,  ['x']),
    (5, chr(9) || 'tab',              7,    2::double,    1::decimal(10,3),       date '2026-01-02', timestamp '2026-01-02 12:00:00', false, ['y']),
    (6, chr(13) || 'cr',              8,    3::double,    2::decimal(10,3),       date '2026-01-03', timestamp '2026-01-03 12:00:00', false, ['z']),
    (7, 'plain <b>text</b>',          9,    4::double,    3::decimal(10,3),       date '2026-01-04', timestamp '2026-01-04 12:00:00', false, ['w'])
) as t(id, "=title", delta, ratio, amount, day, created_at, is_open, tags)`

func exportFixture(t *testing.T) *warehouse.Warehouse {
	t.Helper()
	wh := openFixture(t)
	exec(t, wh, exportTable)
	return wh
}

func export(t *testing.T, wh *warehouse.Warehouse, table, format string) ([]byte, error) {
	t.Helper()
	var buf bytes.Buffer
	err := Export(context.Background(), wh, table, format, &buf)
	return buf.Bytes(), err
}

func TestExportCSVNeutralizesFormulas(t *testing.T) {
	wh := exportFixture(t)
	out, err := export(t, wh, "hostile mart", "csv")
	require.NoError(t, err)
	records, err := csv.NewReader(bytes.NewReader(out)).ReadAll()
	require.NoError(t, err)
	require.Len(t, records, 8)
	// The header's formula-looking name is neutralized too.
	assert.Equal(t, []string{"id", "'=title", "delta", "ratio", "amount", "day", "created_at", "is_open", "tags"}, records[0])
	titles := make([]string, 0, 7)
	for _, r := range records[1:] {
		titles = append(titles, r[1])
	}
	assert.Equal(t, []string{`'=HYPERLINK("http://x","y")`, "'+cmd", "'-2 apples", "'@SUM(A1)", "'\ttab", "'\rcr", "plain <b>text</b>"}, titles)
	// Negative numbers in numeric columns stay numbers.
	assert.Equal(t, []string{"1", `'=HYPERLINK("http://x","y")`, "-5", "-1.5", "-12.340", "2026-03-02", "2026-03-02T09:30:00Z", "true", `["=a","b"]`}, records[1])
	assert.Equal(t, []string{"3", "'-2 apples", "", "", "", "", "", "", ""}, records[3])
}

func TestExportXLSX(t *testing.T) {
	wh := exportFixture(t)
	out, err := export(t, wh, "hostile mart", "xlsx")
	require.NoError(t, err)

	again, err := export(t, wh, "hostile mart", "xlsx")
	require.NoError(t, err)
	assert.Equal(t, out, again, "the same table gives the same bytes")

	f, err := excelize.OpenReader(bytes.NewReader(out))
	require.NoError(t, err)
	defer f.Close()
	require.Equal(t, []string{"hostile mart"}, f.GetSheetList())
	sheet := "hostile mart"
	value := func(cell string) string {
		v, err := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
		require.NoError(t, err)
		return v
	}
	typ := func(cell string) excelize.CellType {
		ct, err := f.GetCellType(sheet, cell)
		require.NoError(t, err)
		return ct
	}

	assert.Equal(t, "'=title", value("B1"))
	// Text cells that look like formulas get a leading quote, and none is
	// stored as a formula.
	for cell, want := range map[string]string{
		"B2": `'=HYPERLINK("http://x","y")`, "B3": "'+cmd", "B4": "'-2 apples", "B5": "'@SUM(A1)",
		"B6": "'\ttab", "B7": "'\rcr", "B8": "plain <b>text</b>", "I2": `["=a","b"]`,
	} {
		assert.Equal(t, want, value(cell), cell)
		formula, err := f.GetCellFormula(sheet, cell)
		require.NoError(t, err)
		assert.Empty(t, formula, cell)
	}
	// Numbers are numeric cells, negative ones included.
	// (A cell with no type attribute is a number in SpreadsheetML.)
	for cell, want := range map[string]float64{"A2": 1, "C2": -5, "D2": -1.5, "E2": -12.34, "D5": 1e21} {
		assert.Contains(t, []excelize.CellType{excelize.CellTypeUnset, excelize.CellTypeNumber}, typ(cell), cell)
		got, err := strconv.ParseFloat(value(cell), 64)
		require.NoError(t, err, cell)
		assert.Equal(t, want, got, cell)
	}
	assert.Equal(t, excelize.CellTypeInlineString, typ("B2"))
	// Dates and timestamps are date cells: Excel serial numbers with a date
	// format. 2026-03-02 is day 46083 since 1899-12-30; 09:30 is 0.39583 of
	// a day.
	assert.Equal(t, "46083", value("F2"))
	assert.True(t, strings.HasPrefix(value("G2"), "46083.39583"), value("G2"))
	shown, err := f.GetCellValue(sheet, "F2")
	require.NoError(t, err)
	assert.Equal(t, "2026-03-02", shown)
	shown, err = f.GetCellValue(sheet, "G2")
	require.NoError(t, err)
	assert.Equal(t, "2026-03-02 09:30:00", shown)
	assert.Equal(t, excelize.CellTypeBool, typ("H2"))
	assert.Equal(t, "1", value("H2"))
	// NULL is an empty cell.
	assert.Equal(t, "", value("C4"))
}

func TestExportJSON(t *testing.T) {
	wh := exportFixture(t)
	out, err := export(t, wh, "hostile mart", "json")
	require.NoError(t, err)
	assert.Contains(t, string(out), `{"id":1,"=title":"=HYPERLINK(\"http://x\",\"y\")","delta":-5,"ratio":-1.5,"amount":-12.340,"day":"2026-03-02","created_at":"2026-03-02T09:30:00Z","is_open":true,"tags":["=a","b"]}`)
	assert.NotContains(t, string(out), "<b>")
}

// TestExportParquetReadOnly writes Parquet from a warehouse file opened
// read-only and reads it back with read_parquet.
func TestExportParquetReadOnly(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := filepath.Join(dir, "w.duckdb")
	wh, err := warehouse.Open(ctx, db, warehouse.Options{})
	require.NoError(t, err)
	exec(t, wh, exportTable)
	require.NoError(t, wh.Close())

	ro, err := warehouse.Open(ctx, db, warehouse.Options{ReadOnly: true})
	require.NoError(t, err)
	defer ro.Close()
	out := filepath.Join(dir, "it's \"odd\".parquet")
	require.NoError(t, ExportParquet(ctx, ro, "hostile mart", out))

	var n int
	var title string
	var delta int64
	var amount float64
	var day time.Time
	require.NoError(t, ro.QueryRow(ctx, `select (select count(*) from read_parquet($1)), "=title", delta, amount::double, day from read_parquet($1) where id = 1`, out).
		Scan(&n, &title, &delta, &amount, &day))
	assert.Equal(t, 7, n)
	assert.Equal(t, `=HYPERLINK("http://x","y")`, title, "Parquet keeps text as it is: it is not a spreadsheet")
	assert.EqualValues(t, -5, delta)
	assert.InDelta(t, -12.34, amount, 1e-9)
	assert.Equal(t, "2026-03-02", day.Format(dateLayout))

	// The same rows, in the same order, as the table.
	var same bool
	require.NoError(t, ro.QueryRow(ctx, `select (select list(t order by id) from "hostile mart" t) = (select list(p order by id) from read_parquet($1) p)`, out).Scan(&same))
	assert.True(t, same)
}

func TestExportUnknownTable(t *testing.T) {
	wh := exportFixture(t)
	for _, name := range []string{"nope", `hostile mart"; drop table tickets; --`, "HOSTILE MART", ""} {
		_, err := export(t, wh, name, "csv")
		var unknown *UnknownTableError
		require.True(t, errors.As(err, &unknown), "%q: %v", name, err)
		assert.Contains(t, unknown.Tables, "hostile mart")
		assert.Contains(t, unknown.Tables, "tickets")
		assert.Contains(t, err.Error(), "; tables: ")
		err = ExportParquet(context.Background(), wh, name, filepath.Join(t.TempDir(), "x.parquet"))
		require.True(t, errors.As(err, &unknown), "%q: %v", name, err)
	}
	var n int
	require.NoError(t, wh.QueryRow(context.Background(), "select count(*) from tickets").Scan(&n), "tickets is still there")

	_, err := export(t, wh, "hostile mart", "docx")
	assert.EqualError(t, err, `unknown format "docx": want one of csv, xlsx, parquet, json`)
}

func TestSheetName(t *testing.T) {
	assert.Equal(t, "volume_by_tool", sheetName("volume_by_tool"))
	assert.Equal(t, "a_b_c_d_e_f_g_", sheetName(`a:b\c/d?e*f[g]`))
	assert.Equal(t, "abcdefghijklmnopqrstuvwxyz01234", sheetName("abcdefghijklmnopqrstuvwxyz0123456789"))
	assert.Equal(t, "Sheet1", sheetName("''"))
	assert.Equal(t, "Sheet1", sheetName("History"))
}

// TestExportKeepsJSONNumbersExact: an id past 2^53 in a JSON column (a
// ticket's raw record) is exported exactly, to CSV and to a spreadsheet.
func TestExportKeepsJSONNumbersExact(t *testing.T) {
	wh := openFixture(t)
	exec(t, wh, `create table raws as select '{"id":9007199254740993}'::json as raw`)
	out, err := export(t, wh, "raws", "csv")
	require.NoError(t, err)
	assert.Equal(t, "raw\n\"{\"\"id\"\":9007199254740993}\"\n", string(out))
	out, err = export(t, wh, "raws", "xlsx")
	require.NoError(t, err)
	f, err := excelize.OpenReader(bytes.NewReader(out))
	require.NoError(t, err)
	defer f.Close()
	v, err := f.GetCellValue(f.GetSheetName(0), "A2")
	require.NoError(t, err)
	assert.Equal(t, `{"id":9007199254740993}`, v)
}
