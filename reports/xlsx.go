package reports

import (
	"errors"
	"fmt"
	"io"
	"math"
	"math/big"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/lanes-dev/lanes/models/warehouse"
)

// xlsxMaxRows is the most data rows a sheet holds under its header row.
const xlsxMaxRows = excelize.TotalRows - 1

// writeXLSX writes a query result as a one-sheet workbook, streaming the
// rows. See Export for how values become cells.
func writeXLSX(w io.Writer, res *Result, table string) (err error) {
	rows := res.Rows
	cols, err := res.columns()
	if err != nil {
		return err
	}
	if len(cols) > excelize.MaxColumns {
		return fmt.Errorf("%s has %d columns, more than a spreadsheet holds (%d): use --format csv or parquet", table, len(cols), excelize.MaxColumns)
	}

	f := excelize.NewFile()
	defer func() { err = errors.Join(err, f.Close()) }()
	sheet := sheetName(table)
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	header, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	dateFmt, tsFmt := "yyyy-mm-dd", "yyyy-mm-dd hh:mm:ss"
	date, err := f.NewStyle(&excelize.Style{CustomNumFmt: &dateFmt})
	if err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	stamp, err := f.NewStyle(&excelize.Style{CustomNumFmt: &tsFmt})
	if err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	cells := make([]any, len(cols))
	for i, c := range cols {
		cells[i] = excelize.Cell{StyleID: header, Value: neutralizeFormula(c.name)}
	}
	if err := sw.SetRow("A1", cells); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	n := 0
	err = eachRow(rows, cols, func(vals []any) error {
		n++
		if n > xlsxMaxRows {
			return fmt.Errorf("%s has more than %s rows, more than a spreadsheet holds: use --format csv or parquet", table, formatCount(xlsxMaxRows))
		}
		for i, v := range vals {
			cells[i] = xlsxCell(v, cols[i], date, stamp)
		}
		ref, err := excelize.CoordinatesToCellName(1, n+1)
		if err != nil {
			return err
		}
		return sw.SetRow(ref, cells)
	})
	if err != nil {
		return err
	}
	if err := sw.Flush(); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	return nil
}

// xlsxCell turns one value into a cell: numbers stay numbers in numeric
// columns, dates and timestamps become date cells, booleans booleans, and
// everything else is text with formulas neutralized.
func xlsxCell(v any, c column, date, stamp int) any {
	if v == nil {
		return nil
	}
	if c.numeric {
		if x, ok := xlsxNumber(v); ok {
			return x
		}
	}
	switch x := v.(type) {
	case bool:
		return x
	case time.Time:
		switch c.typ.base() {
		case "DATE":
			return excelize.Cell{StyleID: date, Value: time.Date(x.Year(), x.Month(), x.Day(), 0, 0, 0, 0, time.UTC)}
		case "TIMESTAMP", "TIMESTAMP_S", "TIMESTAMP_MS", "TIMESTAMP_NS", "TIMESTAMP WITH TIME ZONE", "TIMESTAMPTZ":
			u := x.UTC()
			return excelize.Cell{StyleID: stamp, Value: time.Date(u.Year(), u.Month(), u.Day(), u.Hour(), u.Minute(), u.Second(), u.Nanosecond(), time.UTC)}
		}
	}
	s, _ := textValue(v, c.typ)
	return neutralizeFormula(s)
}

// xlsxNumber converts a number from a numeric column to what a numeric
// cell holds. NaN and infinities, which a cell cannot hold, are not numbers
// here and are written as text.
func xlsxNumber(v any) (any, bool) {
	switch x := v.(type) {
	case int8, int16, int32, int64, int, uint8, uint16, uint32, uint64:
		return x, true
	case float32:
		f := float64(x)
		return f, !math.IsNaN(f) && !math.IsInf(f, 0)
	case float64:
		return x, !math.IsNaN(x) && !math.IsInf(x, 0)
	case *big.Int:
		if x.IsInt64() {
			return x.Int64(), true
		}
		f, _ := new(big.Float).SetInt(x).Float64()
		return f, !math.IsInf(f, 0)
	case warehouse.Decimal:
		return decimalFloat(x)
	}
	return nil, false
}

// decimalFloat is the float64 nearest a DECIMAL.
func decimalFloat(d warehouse.Decimal) (float64, bool) {
	f, err := strconv.ParseFloat(formatDecimal(d), 64)
	return f, err == nil
}

// sheetName makes a valid sheet name from a table name: at most 31
// characters, none of : \ / ? * [ ] and no quote at either end.
func sheetName(table string) string {
	s := strings.Map(func(r rune) rune {
		if strings.ContainsRune(`:\/?*[]`, r) || r < 0x20 {
			return '_'
		}
		return r
	}, table)
	if r := []rune(s); len(r) > 31 {
		s = string(r[:31])
	}
	s = strings.Trim(s, "'")
	if strings.TrimSpace(s) == "" || strings.EqualFold(s, "history") {
		return "Sheet1"
	}
	return s
}
