package reports

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/jedib0t/go-pretty/v6/table"
	"github.com/jedib0t/go-pretty/v6/text"

	"github.com/lanes-dev/lanes/models/warehouse"
)

var formats = []string{"table", "csv", "json", "markdown"}

// Formats lists the output formats WriteRows accepts, for flag help and
// error messages.
func Formats() []string { return append([]string(nil), formats...) }

// KnownFormat reports whether WriteRows accepts format, so a command can
// reject a bad flag before it runs the query.
func KnownFormat(format string) bool {
	for _, f := range formats {
		if f == format {
			return true
		}
	}
	return false
}

// column is one result column: its name, its parsed type and whether it
// holds numbers; jsonText marks a JSON column read as its text (Query).
type column struct {
	name     string
	typ      *dtype
	numeric  bool
	jsonText bool
}

// Result is a query's rows for WriteResult; see Query.
type Result struct {
	Rows     *sql.Rows
	jsonText map[string]bool // columns holding JSON as text
}

// Query runs a read-only query for WriteResult. The driver decodes JSON
// values into Go values, numbers as float64, so an id past 2^53 in a
// ticket's raw record would print rounded: when the result has columns
// holding JSON (JSON itself, or a list, struct or map of it), the query
// runs with them as JSON text, which is written as the JSON it is. A
// query that cannot be described or wrapped that way runs as it is.
func Query(ctx context.Context, wh *warehouse.Warehouse, query string) (*Result, error) {
	inner := strings.TrimRight(strings.TrimSpace(query), "; \t\r\n")
	// DESCRIBE gives the column types as DuckDB has them (the driver
	// names the JSON inside a list or struct VARCHAR); a statement it
	// cannot describe runs as it is.
	var casts []string
	jsonText := map[string]bool{}
	if desc, err := wh.Query(ctx, "describe "+inner); err == nil {
		cols, _ := desc.Columns()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for desc.Next() {
			if err := desc.Scan(ptrs...); err != nil || len(vals) < 2 {
				break
			}
			name, _ := vals[0].(string)
			typ, _ := vals[1].(string)
			if !strings.Contains(strings.ToUpper(typ), "JSON") || jsonText[name] {
				continue
			}
			jsonText[name] = true
			col := quoteIdent(name)
			if strings.EqualFold(typ, "JSON") {
				casts = append(casts, col+"::varchar as "+col)
			} else {
				// A list, struct or map holding JSON: as one JSON
				// document, whose JSON members stay as they are.
				casts = append(casts, "to_json("+col+")::varchar as "+col)
			}
		}
		_ = desc.Close()
	}
	if len(casts) > 0 {
		if wrapped, err := wh.Query(ctx, "select * replace ("+strings.Join(casts, ", ")+") from (\n"+inner+"\n)"); err == nil {
			return &Result{Rows: wrapped, jsonText: jsonText}, nil
		}
	}
	rows, err := wh.Query(ctx, query)
	if err != nil {
		return nil, err
	}
	return &Result{Rows: rows}, nil
}

// WriteResult is WriteRows for a Query result.
func WriteResult(w io.Writer, res *Result, format string) error {
	return writeRows(w, res, format)
}

// WriteRows writes a query result to w in one of Formats():
//   - table: an aligned text table for a terminal, without colour; control
//     characters in the data are shown escaped (\n, \x1B) so they cannot
//     move the cursor or recolour the terminal;
//   - csv: RFC 4180 with a header row; NULL is an empty cell, and a text
//     cell starting with =, +, -, @, tab or CR gets a leading single quote so
//     a spreadsheet reads it as text, not a formula (numbers are left alone);
//   - json: an array of objects, keys in column order (repeated names get
//     _2, _3, ...); NULL is null, numbers exact, DATE as YYYY-MM-DD,
//     timestamps RFC 3339 in UTC, lists as arrays, structs and maps as
//     objects;
//   - markdown: a table with every cell escaped.
//
// It reads rows to the end; the caller closes it.
func WriteRows(w io.Writer, rows *sql.Rows, format string) error {
	return writeRows(w, &Result{Rows: rows}, format)
}

func writeRows(w io.Writer, res *Result, format string) error {
	rows := res.Rows
	var write func(*bufio.Writer, *sql.Rows, []column) error
	switch format {
	case "table":
		write = writeTable
	case "csv":
		write = writeCSV
	case "json":
		write = writeJSON
	case "markdown":
		write = writeMarkdown
	default:
		return fmt.Errorf("unknown format %q: want one of %s", format, strings.Join(formats, ", "))
	}
	cols, err := res.columns()
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	if err := write(bw, rows, cols); err != nil {
		return err
	}
	return bw.Flush()
}

// columns describes the result's columns.
func (res *Result) columns() ([]column, error) {
	types, err := res.Rows.ColumnTypes()
	if err != nil {
		return nil, fmt.Errorf("read result columns: %w", err)
	}
	cols := make([]column, len(types))
	for i, ct := range types {
		t := parseType(ct.DatabaseTypeName())
		cols[i] = column{name: ct.Name(), typ: t, numeric: numericTypes[t.base()]}
		if res.jsonText[ct.Name()] {
			cols[i].typ, cols[i].jsonText = parseType("JSON"), true
		}
	}
	return cols, nil
}

// eachRow scans every row into fresh values and hands them to fn; the
// text of a jsonText column comes as a json.RawMessage.
func eachRow(rows *sql.Rows, cols []column, fn func(vals []any) error) error {
	n := len(cols)
	vals := make([]any, n)
	ptrs := make([]any, n)
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		clear(vals)
		if err := rows.Scan(ptrs...); err != nil {
			return fmt.Errorf("read result row: %w", err)
		}
		for i := range vals {
			vals[i] = warehouse.Plain(vals[i])
			if s, ok := vals[i].(string); ok && cols[i].jsonText && json.Valid([]byte(s)) {
				vals[i] = json.RawMessage(s)
			}
		}
		if err := fn(vals); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read result: %w", err)
	}
	return nil
}

// writeTable draws a boxed, aligned table for a terminal. Widths count
// display cells, so wide characters line up.
//
// go-pretty would do this, but its text package needs golang.org/x/text,
// which go.sum does not list yet.
func writeTable(w *bufio.Writer, rows *sql.Rows, cols []column) error {
	t := table.NewWriter()
	t.SetStyle(table.StyleLight)
	t.Style().Format.Header = text.FormatDefault
	header := make(table.Row, len(cols))
	configs := make([]table.ColumnConfig, len(cols))
	for i, c := range cols {
		header[i] = terminalSafe(c.name)
		configs[i] = table.ColumnConfig{Number: i + 1, AlignHeader: text.AlignLeft}
		if c.numeric {
			configs[i].Align = text.AlignRight
		}
	}
	t.AppendHeader(header)
	t.SetColumnConfigs(configs)
	err := eachRow(rows, cols, func(vals []any) error {
		row := make(table.Row, len(vals))
		for i, v := range vals {
			if v == nil {
				row[i] = "NULL"
				continue
			}
			s, _ := textValue(v, cols[i].typ)
			row[i] = terminalSafe(s)
		}
		t.AppendRow(row)
		return nil
	})
	if err != nil {
		return err
	}
	w.WriteString(t.Render())
	w.WriteString("\n")
	return nil
}

func writeCSV(w *bufio.Writer, rows *sql.Rows, cols []column) error {
	cw := csv.NewWriter(w)
	header := make([]string, len(cols))
	for i, c := range cols {
		header[i] = neutralizeFormula(c.name)
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	record := make([]string, len(cols))
	err := eachRow(rows, cols, func(vals []any) error {
		for i, v := range vals {
			if v == nil {
				record[i] = ""
				continue
			}
			s, _ := textValue(v, cols[i].typ)
			if !cols[i].numeric {
				// Only numbers are left alone: text, and anything written
				// as text (a negative interval, a list), is neutralized.
				s = neutralizeFormula(s)
			}
			record[i] = s
		}
		return cw.Write(record)
	})
	if err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

func writeJSON(w *bufio.Writer, rows *sql.Rows, cols []column) error {
	keys := jsonKeys(cols)
	n := 0
	var buf []byte
	err := eachRow(rows, cols, func(vals []any) error {
		buf = buf[:0]
		if n == 0 {
			buf = append(buf, "[\n  {"...)
		} else {
			buf = append(buf, ",\n  {"...)
		}
		n++
		for i, v := range vals {
			if i > 0 {
				buf = append(buf, ',')
			}
			buf = append(buf, keys[i]...)
			buf = append(buf, ':')
			buf = appendJSON(buf, v, cols[i].typ)
		}
		buf = append(buf, '}')
		_, err := w.Write(buf)
		return err
	})
	if err != nil {
		return err
	}
	if n == 0 {
		_, err = w.WriteString("[]\n")
	} else {
		_, err = w.WriteString("\n]\n")
	}
	return err
}

// jsonKeys are the encoded object keys: column names, with a repeated name
// suffixed _2, _3, ... so no key is lost.
func jsonKeys(cols []column) [][]byte {
	used := map[string]bool{}
	for _, c := range cols {
		used[c.name] = true
	}
	seen := map[string]bool{}
	keys := make([][]byte, len(cols))
	for i, c := range cols {
		name := c.name
		if seen[name] {
			for k := 2; ; k++ {
				cand := name + "_" + strconv.Itoa(k)
				if !used[cand] && !seen[cand] {
					name = cand
					break
				}
			}
		}
		seen[name] = true
		keys[i] = appendJSONString(nil, name)
	}
	return keys
}

func writeMarkdown(w *bufio.Writer, rows *sql.Rows, cols []column) error {
	var b strings.Builder
	header := make([]string, len(cols))
	align := make([]byte, len(cols))
	for i, c := range cols {
		header[i] = mdEscape(c.name)
		align[i] = 'l'
		if c.numeric {
			align[i] = 'r'
		}
	}
	mdTable(&b, header, string(align), nil)
	if _, err := w.WriteString(b.String()); err != nil {
		return err
	}
	return eachRow(rows, cols, func(vals []any) error {
		b.Reset()
		row := make([]string, len(vals))
		for i, v := range vals {
			if v == nil {
				row[i] = "NULL"
				continue
			}
			s, _ := textValue(v, cols[i].typ)
			row[i] = mdEscape(s)
		}
		b.WriteString("|")
		for _, c := range row {
			b.WriteString(" " + c + " |")
		}
		b.WriteString("\n")
		_, err := w.WriteString(b.String())
		return err
	})
}

// neutralizeFormula prefixes a single quote to text a spreadsheet would
// otherwise run as a formula.
func neutralizeFormula(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// terminalSafe shows control characters and bidirectional overrides as
// escapes, so data cannot drive the terminal or reorder what is shown.
func terminalSafe(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x100 && unicode.IsControl(r):
			fmt.Fprintf(&b, `\x%02X`, r)
		case unicode.IsControl(r) || isBidiControl(r) || r == '\u2028' || r == '\u2029':
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
