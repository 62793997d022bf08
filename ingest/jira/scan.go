package jira

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/lanes-dev/lanes/ingest/csvfile"
)

// shape is what a quick pass over a CSV file learns before DuckDB reads it:
// that the Go reader (package csvfile) would read every record without a
// reject or an error, and where each record starts, since DuckDB's reader
// does not say.
type shape struct {
	header  []string // the header's fields as written
	columns int      // fields in the header
	records int64    // records after the header: the rows DuckDB returns, all-empty ones included
	// anchors place records on lines: record i starts on line
	// a.line + (i - a.idx) for the last anchor a with a.idx <= i. There is
	// one for the first record and one for each record that does not start
	// on the line after the previous one's start (it follows a record that
	// spans lines, or blank lines).
	anchors    []anchor
	crlf       bool // records end in \r\n
	crlfQuoted bool // a quoted value holds \r\n, which the Go reader reads as \n
	control    bool // a value holds a control character other than tab, newline and carriage return
	// padded lists the records with a blank (unicode.IsSpace) at either end
	// of a value in a column the mapping trims: SQL leaves those to Go, so
	// it need not trim anything.
	padded []int64
	// samples are a few records as written (records 0, 1, 2, 4, 8, ...),
	// to check that DuckDB numbered the records as this pass did.
	samples map[int64][]byte
}

type anchor struct{ idx, line int64 }

// sampled reports whether record idx is kept in shape.samples.
func sampled(idx int64) bool { return idx&(idx-1) == 0 }

// notPlain is why scanShape declined a file: the Go reader would reject a
// row or stop, or DuckDB's reader might read it differently. The file is
// then read by the Go path, which reports any problem precisely.
type notPlain struct{ why string }

func (e *notPlain) Error() string { return "not a plain CSV file: " + e.why }

func decline(format string, args ...any) error { return &notPlain{why: fmt.Sprintf(format, args...)} }

const (
	stFieldStart = iota
	stUnquoted
	stQuoted
	stQuote // a quote inside a quoted value: its end, or the first of a doubled pair
)

// scanShape reads r (a whole CSV file) and checks, record by record, what
// csvfile's reader checks: UTF-8 text without NUL bytes, quotes only
// around whole values and doubled inside them, every quote closed, the
// header's number of fields in every record, no record over
// csvfile.MaxRecordBytes. It also insists on what DuckDB's reader needs to
// agree with Go's on every byte: one kind of record ending, no lone
// carriage return, a one-line header on the first line. trimmed gets the
// header and says which columns the mapping trims. A file that fails any
// check gets a *notPlain error; other errors are read errors.
func scanShape(r io.Reader, trimmed func(header []string) ([]bool, error)) (*shape, error) {
	sc := &scanner{s: &shape{samples: map[int64][]byte{}}, trimmed: trimmed, line: 1, recIdx: -1}
	br := bufio.NewReaderSize(r, 1<<20)
	if start, _ := br.Peek(3); bytes.Equal(start, []byte{0xEF, 0xBB, 0xBF}) {
		_, _ = br.Discard(3)
	}
	var long []byte
	for {
		chunk, err := br.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			long = append(long[:0], chunk...)
			for errors.Is(err, bufio.ErrBufferFull) {
				if int64(len(long)) > csvfile.MaxRecordBytes {
					return nil, decline("a line is longer than %d bytes", csvfile.MaxRecordBytes)
				}
				chunk, err = br.ReadSlice('\n')
				long = append(long, chunk...)
			}
			chunk = long
		}
		if err != nil && !errors.Is(err, io.EOF) {
			return nil, err
		}
		if len(chunk) > 0 {
			if lerr := sc.line1(chunk); lerr != nil {
				return nil, lerr
			}
		}
		if err != nil {
			break
		}
	}
	if sc.inRecord {
		return nil, decline("a quote opened on line %d is never closed", sc.recLine)
	}
	if sc.s.columns == 0 {
		return nil, decline("there is no header")
	}
	sc.s.crlf = sc.sawCRLF
	return sc.s, nil
}

type scanner struct {
	s        *shape
	trimmed  func([]string) ([]bool, error)
	trim     []bool // per column: the mapping trims its values
	line     int64  // physical line of the next byte
	recLine  int64  // line the current record starts on
	recIdx   int64  // index of the last record ended
	prevLine int64  // start line of the previous record
	fields   int
	recBytes int64
	state    int
	inRecord bool
	sawLF    bool
	sawCRLF  bool
	keep     []byte // the current record's bytes, when it is sampled
	acc      []byte // the current value, in a trimmed column, in the quoted path
	padded   bool   // the current record has a padded value in a trimmed column
}

// line1 reads one physical line, its ending included when it has one.
func (sc *scanner) line1(chunk []byte) error {
	body := chunk
	hasLF := body[len(body)-1] == '\n'
	crlf := false
	if hasLF {
		body = body[:len(body)-1]
		if len(body) > 0 && body[len(body)-1] == '\r' {
			body = body[:len(body)-1]
			crlf = true
		}
	}
	if bytes.IndexByte(body, '\r') >= 0 {
		return decline("line %d has a carriage return that does not end it", sc.line)
	}
	if !utf8.Valid(body) {
		return decline("line %d is not UTF-8", sc.line)
	}
	if hasLow(body) {
		for _, b := range body {
			switch {
			case b == 0:
				return decline("line %d has a NUL byte", sc.line)
			case b < 0x20 && b != '\t':
				sc.s.control = true
			}
		}
	}
	lineNo := sc.line
	if hasLF {
		sc.line++
	}
	if !sc.inRecord {
		if len(body) == 0 {
			// A blank line: the Go reader skips it, and so does DuckDB's.
			return sc.terminated(hasLF, crlf)
		}
		if sc.s.columns == 0 {
			return sc.header(body, lineNo, hasLF, crlf)
		}
		sc.inRecord, sc.recLine, sc.fields, sc.recBytes, sc.state, sc.padded = true, lineNo, 1, 0, stFieldStart, false
		sc.acc = sc.acc[:0]
		if sampled(sc.recIdx + 1) {
			sc.keep = []byte{}
		}
		if bytes.IndexByte(body, '"') < 0 {
			// The common case: one line, no quotes.
			if sc.keep != nil {
				sc.keep = append(sc.keep, chunk...)
			}
			sc.plainFields(body)
			sc.recBytes = int64(len(chunk))
			sc.inRecord = false
			if err := sc.terminated(hasLF, crlf); err != nil {
				return err
			}
			return sc.endRecord()
		}
	}
	if sc.keep != nil {
		sc.keep = append(sc.keep, chunk...)
	}
	sc.recBytes += int64(len(chunk))
	if sc.recBytes > csvfile.MaxRecordBytes {
		return decline("the record on line %d is longer than %d bytes", sc.recLine, csvfile.MaxRecordBytes)
	}
	if err := sc.quotedFields(body, lineNo); err != nil {
		return err
	}
	if sc.state == stQuoted {
		if !hasLF {
			return decline("a quote opened on line %d is never closed", sc.recLine)
		}
		if crlf {
			sc.s.crlfQuoted = true
		}
		if sc.trimCol() {
			sc.acc = append(sc.acc, '\n')
		}
		return nil // the value goes on on the next line
	}
	sc.endField(false)
	sc.inRecord = false
	if err := sc.terminated(hasLF, crlf); err != nil {
		return err
	}
	return sc.endRecord()
}

// header reads the header line.
func (sc *scanner) header(body []byte, lineNo int64, hasLF, crlf bool) error {
	if lineNo != 1 {
		return decline("the header is not on the first line")
	}
	cr := csv.NewReader(bytes.NewReader(body))
	cr.FieldsPerRecord = -1
	names, err := cr.Read()
	if err != nil {
		return decline("the header is not one plain line: %v", err)
	}
	if len(names) < 2 {
		return decline("the header has %d field", len(names))
	}
	if strings.TrimSpace(strings.Join(names, "")) == "" {
		return decline("the header is empty")
	}
	trim, err := sc.trimmed(names)
	if err != nil {
		return decline("%v", err)
	}
	sc.s.header, sc.s.columns, sc.trim = names, len(names), trim
	sc.prevLine = lineNo
	return sc.terminated(hasLF, crlf)
}

// terminated notes how a record (or a blank line) ends: all must end
// alike. Inside a quoted value either ending may appear.
func (sc *scanner) terminated(hasLF, crlf bool) error {
	if !hasLF {
		return nil
	}
	if crlf {
		sc.sawCRLF = true
	} else {
		sc.sawLF = true
	}
	if sc.sawLF && sc.sawCRLF {
		return decline("records end in both \\n and \\r\\n")
	}
	return nil
}

func (sc *scanner) endRecord() error {
	if sc.recBytes > csvfile.MaxRecordBytes {
		return decline("the record on line %d is longer than %d bytes", sc.recLine, csvfile.MaxRecordBytes)
	}
	if sc.fields != sc.s.columns {
		return decline("line %d has %d fields, the header %d", sc.recLine, sc.fields, sc.s.columns)
	}
	sc.recIdx++
	sc.s.records++
	if sampled(sc.recIdx) {
		sc.s.samples[sc.recIdx] = sc.keep
	}
	sc.keep = nil
	if sc.padded {
		sc.s.padded = append(sc.s.padded, sc.recIdx)
	}
	if sc.recIdx == 0 || sc.recLine != sc.prevLine+1 {
		sc.s.anchors = append(sc.s.anchors, anchor{idx: sc.recIdx, line: sc.recLine})
	}
	sc.prevLine = sc.recLine
	return nil
}

func (sc *scanner) trimCol() bool { f := sc.fields - 1; return f < len(sc.trim) && sc.trim[f] }

// plainFields counts the fields of a line without quotes and checks the
// trimmed ones for blanks at either end.
func (sc *scanner) plainFields(body []byte) {
	start, f := 0, 0
	for i, b := range body {
		if b == ',' {
			if f < len(sc.trim) && sc.trim[f] && padded(body[start:i]) {
				sc.padded = true
			}
			f++
			start = i + 1
		}
	}
	if f < len(sc.trim) && sc.trim[f] && padded(body[start:]) {
		sc.padded = true
	}
	sc.fields = f + 1
}

// quotedFields runs the field state machine over one line of a record
// that has quotes, keeping the values of trimmed columns to check them.
func (sc *scanner) quotedFields(body []byte, lineNo int64) error {
	for _, b := range body {
		switch sc.state {
		case stFieldStart:
			switch b {
			case '"':
				sc.state = stQuoted
			case ',':
				sc.endField(true)
			default:
				sc.state = stUnquoted
				sc.keepByte(b)
			}
		case stUnquoted:
			switch b {
			case '"':
				return decline("line %d has a quote inside a value that does not start with one", lineNo)
			case ',':
				sc.endField(true)
			default:
				sc.keepByte(b)
			}
		case stQuoted:
			if b == '"' {
				sc.state = stQuote
			} else {
				sc.keepByte(b)
			}
		case stQuote:
			switch b {
			case '"':
				sc.state = stQuoted
				sc.keepByte('"')
			case ',':
				sc.endField(true)
			default:
				return decline("line %d has text after a closing quote", lineNo)
			}
		}
	}
	return nil
}

func (sc *scanner) keepByte(b byte) {
	if sc.trimCol() {
		sc.acc = append(sc.acc, b)
	}
}

// endField ends the current value, at a comma (and starts the next one)
// or at the end of the record.
func (sc *scanner) endField(comma bool) {
	if sc.trimCol() && padded(sc.acc) {
		sc.padded = true
	}
	sc.acc = sc.acc[:0]
	if comma {
		sc.fields++
		sc.state = stFieldStart
	}
}

// padded reports whether v starts or ends with a character
// strings.TrimSpace would remove.
func padded(v []byte) bool {
	if len(v) == 0 {
		return false
	}
	if b := v[0]; b < utf8.RuneSelf {
		if asciiSpace[b] {
			return true
		}
	} else if r, _ := utf8.DecodeRune(v); unicode.IsSpace(r) {
		return true
	}
	if b := v[len(v)-1]; b < utf8.RuneSelf {
		return asciiSpace[b]
	}
	r, _ := utf8.DecodeLastRune(v)
	return unicode.IsSpace(r)
}

var asciiSpace = [utf8.RuneSelf]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}

// hasLow reports whether b holds a byte below 0x20, eight bytes at a time.
func hasLow(b []byte) bool {
	const lo, hi = 0x2020202020202020, 0x8080808080808080
	i := 0
	for ; i+8 <= len(b); i += 8 {
		x := binary.LittleEndian.Uint64(b[i:])
		if (x-lo)&^x&hi != 0 {
			return true
		}
	}
	for ; i < len(b); i++ {
		if b[i] < 0x20 {
			return true
		}
	}
	return false
}
