// Package csvfile reads CSV exports for the CSV connectors: it reads the
// file's encoding (UTF-8, UTF-16 or Windows-1252, see Decode), the header, hands out records with the line they start
// on, and turns malformed rows into ingest.Reject values instead of
// stopping, so one stray quote costs one row, not the file.
package csvfile

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/lanes-dev/lanes/ingest"
)

// MaxRecordBytes bounds one record (and so one field). A longer record is
// almost always a quote left open; reading stops with an error rather than
// holding the rest of the file in memory.
const MaxRecordBytes = 16 << 20

// maxRawBytes bounds the raw text kept with a reject.
const maxRawBytes = 64 << 10

var errTooLong = errors.New("record too long")

// Record is one data row.
type Record struct {
	Line   int64    // line of the file where the record starts (1-based)
	Fields []string // one value per column; as many as the header has
}

// Get returns field i, or "" when i is out of range (a column the file
// does not have is -1).
func (r Record) Get(i int) string {
	if i < 0 || i >= len(r.Fields) {
		return ""
	}
	return r.Fields[i]
}

// Text renders the record as one CSV line again, for a reject's raw text.
func (r Record) Text() string {
	var b strings.Builder
	w := csv.NewWriter(&b)
	_ = w.Write(r.Fields)
	w.Flush()
	return clip(strings.TrimSuffix(b.String(), "\n"))
}

// Options tunes a Reader.
type Options struct {
	// MaxRecordBytes overrides the package limit (tests use small values).
	MaxRecordBytes int64
	// Text is the file already decoded (a connector that peeks at the text
	// before it knows the file is CSV); Open then reads it instead of the
	// input's bytes.
	Text *Text
}

// Reader reads one CSV export.
type Reader struct {
	format, path string
	cr           *csv.Reader
	rec          *recorder
	header       *Header
	text         *Text
	line         int64  // line where the next unread raw text starts
	base         int64  // lines before the text r.cr reads (see resume)
	ahead        []byte // read from r.rec.r by startsRow, not yet by r.cr
	queue        []item
	maxRecord    int64
}

type item struct {
	rec Record
	rej *ingest.Reject
}

// Open reads the file's text in its encoding (the source's, else
// detected: see Decode) and reads its header. format names the connector
// in messages ("jira csv"); errors are *ingest.FileError.
func Open(format string, in *ingest.Input, opts Options) (*Reader, error) {
	r := &Reader{format: format, path: in.Path, line: 1, maxRecord: opts.MaxRecordBytes, text: opts.Text}
	if r.maxRecord <= 0 {
		r.maxRecord = MaxRecordBytes
	}
	if r.text == nil {
		t, err := Decode(in.Reader, DecodeOptions{Encoding: in.Source.Encoding})
		if err != nil {
			return nil, r.errorf(0, "", "%w", err)
		}
		r.text = t
	}
	r.rec = &recorder{r: bufio.NewReaderSize(r.text, 64<<10), max: r.maxRecord}
	r.cr = csv.NewReader(r.rec)
	r.cr.FieldsPerRecord = -1
	r.cr.ReuseRecord = false

	fields, err := r.cr.Read()
	raw := r.rec.take(r.cr.InputOffset())
	if err != nil {
		var pe *csv.ParseError
		var de *DecodeError
		var ue *ingest.UTF16Error
		switch {
		case errors.Is(err, io.EOF):
			return nil, r.errorf(0, "", "the file is empty; expected a header row")
		case errors.Is(err, errTooLong):
			return nil, r.errorf(1, "", "the header is longer than %s; this does not look like a CSV file", size(r.maxRecord))
		case errors.As(err, &pe):
			return nil, r.errorf(int64(pe.Line), "", "cannot read the header row: %v", pe.Err)
		case errors.As(err, &de):
			return nil, r.decodeError(de)
		case errors.As(err, &ue):
			return nil, r.utf16Error(ue)
		default:
			return nil, r.errorf(0, "", "%w", err)
		}
	}
	hline, _ := r.cr.FieldPos(0)
	r.line += int64(bytes.Count(raw, []byte{'\n'}))
	allEmpty := true
	for i, f := range fields {
		if err := r.checkText(int64(hline), strconv.Itoa(i+1), f); err != nil {
			return nil, err
		}
		if strings.IndexByte(f, 0) >= 0 {
			return nil, r.errorf(int64(hline), strconv.Itoa(i+1), "the header has a NUL byte; this is not a text file (or it is UTF-16 without a byte order mark: save it as UTF-8)")
		}
		if strings.TrimSpace(f) != "" {
			allEmpty = false
		}
	}
	if allEmpty {
		return nil, r.errorf(int64(hline), "", "the first row is empty; expected a header row")
	}
	r.header = newHeader(fields)
	return r, nil
}

// Header is the file's header row.
func (r *Reader) Header() *Header { return r.header }

// Encoding is what the file is read as (one of the Enc* names), and why.
func (r *Reader) Encoding() (name, why string) { return r.text.Encoding, r.text.Why }

func (r *Reader) decodeError(de *DecodeError) error {
	return &ingest.FileError{Format: r.format, Path: r.path, Line: de.Line, Err: de}
}

// utf16Error places text that is not UTF-16 at its line; the character
// within the line is told in words, a CSV column being a field. When
// lanes.yaml chose UTF-16, the file may well be in another encoding, and
// the message says where to change it.
func (r *Reader) utf16Error(ue *ingest.UTF16Error) error {
	err := fmt.Errorf("character %d: %w", ue.Character, ue)
	if r.text.Configured {
		err = fmt.Errorf("%w (the file was read as %s, the encoding lanes.yaml sets for this source; if the file is in another encoding, correct or remove encoding in lanes.yaml)", err, r.text.Encoding)
	}
	return &ingest.FileError{Format: r.format, Path: r.path, Line: ue.Line, Err: err}
}

// Path is the file's name as given, for messages.
func (r *Reader) Path() string { return r.path }

// Errorf builds the error that stops reading this file, placed at line and
// column when they are known (0 and "" when not).
func (r *Reader) Errorf(line int64, column, format string, args ...any) error {
	return r.errorf(line, column, format, args...)
}

func (r *Reader) errorf(line int64, column, format string, args ...any) error {
	return &ingest.FileError{Format: r.format, Path: r.path, Line: line, Column: column, Err: fmt.Errorf(format, args...)}
}

// Prefetch reads records ahead of Next, calling fn with each good record:
// at least minRecords of them, then for as long as fn returns true, up to
// maxRecords or maxBytes of text. Next hands the prefetched records and
// rejects out again in file order. Connectors use it to sample timestamps
// before they read any row.
func (r *Reader) Prefetch(minRecords, maxRecords int, maxBytes int64, fn func(Record) bool) error {
	var n int
	var held int64
	more := true
	for n < maxRecords && held < maxBytes && (more || n < minRecords) {
		rec, rej, err := r.read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		r.queue = append(r.queue, item{rec, rej})
		if rej != nil {
			continue
		}
		n++
		for _, f := range rec.Fields {
			held += int64(len(f))
		}
		more = fn(rec)
	}
	return nil
}

// Next returns the next record, or a reject for a row that cannot be read
// as CSV (a stray quote, a quote never closed, too few or too many
// fields). It returns io.EOF at the end; any other error stops the file.
// Rows whose fields are all empty are skipped.
func (r *Reader) Next() (Record, *ingest.Reject, error) {
	if len(r.queue) > 0 {
		it := r.queue[0]
		r.queue[0] = item{}
		r.queue = r.queue[1:]
		return it.rec, it.rej, nil
	}
	return r.read()
}

func (r *Reader) read() (Record, *ingest.Reject, error) {
	for {
		fields, err := r.cr.Read()
		raw := r.rec.take(r.cr.InputOffset())
		startLine := r.line
		r.line += int64(bytes.Count(raw, []byte{'\n'}))
		if err != nil {
			var pe *csv.ParseError
			var de *DecodeError
			var ue *ingest.UTF16Error
			switch {
			case errors.Is(err, io.EOF):
				return Record{}, nil, io.EOF
			case errors.As(err, &de):
				return Record{}, nil, r.decodeError(de)
			case errors.As(err, &ue):
				return Record{}, nil, r.utf16Error(ue)
			case errors.Is(err, errTooLong):
				text, lead := trimBlankLines(raw)
				line := startLine + lead
				if len(text) == 0 {
					line = r.line
				}
				return Record{}, nil, r.errorf(line, "", "record is longer than %s; is a quote left open?", size(r.maxRecord))
			case errors.As(err, &pe):
				at := *pe
				at.StartLine += int(r.base)
				at.Line += int(r.base)
				rej, rest, restLine := r.parseReject(&at, raw)
				switch {
				case rest != nil:
					r.resume(rest, restLine)
				case r.ahead != nil:
					r.resume(nil, r.line)
				}
				return Record{}, rej, nil
			default:
				return Record{}, nil, r.errorf(startLine, "", "%w", err)
			}
		}
		l, _ := r.cr.FieldPos(0)
		line := r.base + int64(l)
		empty := true
		for _, f := range fields {
			if f != "" {
				empty = false
				break
			}
		}
		if empty {
			continue
		}
		rec := Record{Line: line, Fields: fields}
		for i, f := range fields {
			if err := r.checkText(line, r.header.column(i), f); err != nil {
				return Record{}, nil, err
			}
		}
		for i, f := range fields {
			if strings.IndexByte(f, 0) >= 0 {
				return Record{}, &ingest.Reject{Line: line, Column: r.header.column(i), Reason: "value has a NUL byte; is this a binary file?", Raw: strings.ReplaceAll(rec.Text(), "\x00", "")}, nil
			}
		}
		if n, want := len(fields), r.header.Len(); n != want {
			col := strconv.Itoa(want + 1)
			if n < want {
				col = r.header.column(n)
			}
			reason := fmt.Sprintf("row has %d fields but the header has %d", n, want)
			if n > want {
				reason += " (is a value with a comma not quoted?)"
			}
			return Record{}, &ingest.Reject{Line: line, Column: col, Reason: reason, Raw: rec.Text()}, nil
		}
		return rec, nil, nil
	}
}

// checkText stops the file at the first value that is not UTF-8, which
// only a file declared UTF-8 in lanes.yaml can have (Decode reads any
// other byte as Windows-1252), with a hint when the bytes look like
// Windows-1252 (what Excel writes by default on Windows).
func (r *Reader) checkText(line int64, column, v string) error {
	if utf8.ValidString(v) {
		return nil
	}
	i := 0
	for i < len(v) {
		c, n := utf8.DecodeRuneInString(v[i:])
		if c == utf8.RuneError && n <= 1 {
			break
		}
		i += n
	}
	b := v[i]
	hint := "the file is not UTF-8"
	if b >= 0x80 {
		hint = "the file looks like Windows-1252 or Latin-1, not UTF-8"
	}
	return r.errorf(line, column, "byte 0x%02X at offset %d of the value is not UTF-8 (%s); the source's encoding in lanes.yaml says utf-8: remove it to detect the encoding, set it to windows-1252, or save the file as UTF-8 (in Excel: \"CSV UTF-8\")", b, i, hint)
}

// parseReject turns a CSV syntax error into a reject for that record.
//
// A quote that opens a value and is never closed reads the rest of the
// file as that value; one closed only on a later line (by the first quote
// of some later row) reads every row in between as that value. In both
// cases the reject holds the record's lines up to the one the quote opens
// on, and rest is the text after that line (the rows the value swallowed),
// to be read again from restLine (see resume): a stray quote costs its row,
// not the rows after it.
func (r *Reader) parseReject(pe *csv.ParseError, raw []byte) (rej *ingest.Reject, rest []byte, restLine int64) {
	text, _ := trimBlankLines(raw)
	field, unclosed, openLine, errOpen := locate(text, pe.StartLine, pe.Line, pe.Column)
	from := 0 // the line the value opens on, when reading goes on after it
	switch {
	case unclosed:
		from = openLine
	case !errors.Is(pe.Err, csv.ErrBareQuote) && errOpen > 0 && errOpen < pe.Line:
		from = errOpen
	}
	cut := 0
	for l := pe.StartLine; from > 0 && l <= from; l++ {
		i := bytes.IndexByte(text[cut:], '\n')
		if i < 0 {
			cut = len(text)
			break
		}
		cut += i + 1
	}
	if !unclosed && from > 0 && !r.startsRow(text[cut:]) {
		// A value over several lines with a " not doubled in it, rather
		// than a stray quote: the lines after its first are not a row.
		from = 0
	}
	if from > 0 {
		text, rest, restLine = text[:cut], bytes.Clone(text[cut:]), int64(from)+1
	}
	body := strings.TrimRight(string(text), "\r\n")
	rej = &ingest.Reject{Line: int64(pe.StartLine), Column: r.header.column(field), Raw: clip(strings.ToValidUTF8(body, "\uFFFD"))}
	switch {
	case errors.Is(pe.Err, csv.ErrBareQuote):
		rej.Reason = fmt.Sprintf(`stray " on line %d in a value that does not start with a quote (quote the whole value and double each " inside it)`, pe.Line)
	case unclosed && len(bytes.TrimSpace(rest)) > 0:
		rej.Reason = fmt.Sprintf(`quote opened on line %d is never closed (the rest of the file would be one value); the row is left out and reading goes on at line %d`, from, from+1)
	case unclosed:
		rej.Reason = fmt.Sprintf(`quote opened on line %d is never closed`, from)
	case from > 0:
		rej.Reason = fmt.Sprintf(`quote opened on line %d is closed only by a " on line %d, in a later row (the rows in between would be one value); the row is left out and reading goes on at line %d`, from, pe.Line, from+1)
	default:
		rej.Reason = fmt.Sprintf(`unexpected " on line %d inside a quoted value (a " inside quotes must be doubled as "")`, pe.Line)
	}
	return rej, rest, restLine
}

// startsRow reports whether text, followed by the rest of the file, starts
// with a row of as many fields as the header. What it reads of the file
// is kept in r.ahead for resume.
func (r *Reader) startsRow(text []byte) bool {
	old := r.rec
	var ahead bytes.Buffer
	src := io.MultiReader(bytes.NewReader(text), bytes.NewReader(old.buf[old.mark-old.off:]),
		io.TeeReader(io.LimitReader(old.r, r.maxRecord), &ahead))
	cr := csv.NewReader(src)
	cr.FieldsPerRecord = -1
	fields, err := cr.Read()
	r.ahead = append(r.ahead, ahead.Bytes()...)
	return err == nil && len(fields) == r.header.Len()
}

// resume reads rest, which starts on line, and then the text the CSV
// reader had not consumed, as the rest of the file.
func (r *Reader) resume(rest []byte, line int64) {
	old := r.rec
	unread := old.buf[old.mark-old.off:]
	data := append(append(append([]byte(nil), rest...), unread...), r.ahead...)
	r.ahead = nil
	next := io.MultiReader(bytes.NewReader(data), old.r)
	r.base, r.line = line-1, line
	r.rec = &recorder{r: next, max: r.maxRecord}
	r.cr = csv.NewReader(r.rec)
	r.cr.FieldsPerRecord = -1
	r.cr.ReuseRecord = false
}

// locate finds which field of text (a record starting at line start) holds
// the byte at line, col; whether a quoted field is still open at the end
// of text, and the line the last quote opened on; and the line the quoted
// value before line, col opened on (0 if none).
func locate(text []byte, start, line, col int) (field int, unclosed bool, openLine, errOpen int) {
	l, c := start, 1
	atStart, inQuote := true, false
	found := false
	for i := 0; i < len(text); i++ {
		if !found && (l > line || (l == line && c >= col)) {
			found, errOpen = true, openLine
		}
		b := text[i]
		switch {
		case inQuote:
			if b == '"' {
				if i+1 < len(text) && text[i+1] == '"' {
					i++
					c++
				} else {
					inQuote = false
				}
			}
		case b == '"' && atStart:
			inQuote, openLine = true, l
		case b == ',':
			if !found {
				field++
			}
			atStart = true
			c++
			continue
		}
		atStart = false
		if b == '\n' {
			l, c = l+1, 1
			atStart = true
		} else {
			c++
		}
	}
	return field, inQuote, openLine, errOpen
}

func trimBlankLines(raw []byte) ([]byte, int64) {
	var lead int64
	for len(raw) > 0 {
		switch {
		case raw[0] == '\n':
			raw = raw[1:]
			lead++
		case len(raw) > 1 && raw[0] == '\r' && raw[1] == '\n':
			raw = raw[2:]
			lead++
		default:
			return raw, lead
		}
	}
	return raw, lead
}

func clip(s string) string {
	if len(s) <= maxRawBytes {
		return s
	}
	cut := maxRawBytes
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + " …(truncated)"
}

func size(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}

// recorder keeps the bytes the CSV reader has consumed but not yet
// accounted for, so a malformed record's raw text can be reported exactly,
// and it refuses to read more than max bytes into one record.
type recorder struct {
	r    io.Reader
	buf  []byte
	off  int64 // stream offset of buf[0]
	mark int64 // stream offset where the current record starts
	max  int64
}

func (c *recorder) Read(p []byte) (int, error) {
	// The CSV reader asks for more only when what it holds has no end of
	// line, so everything since the mark belongs to the record being read.
	// Reading at most one byte past the limit keeps the check exact.
	allow := c.mark + c.max + 1 - (c.off + int64(len(c.buf)))
	if allow <= 0 {
		return 0, errTooLong
	}
	if int64(len(p)) > allow {
		p = p[:allow]
	}
	n, err := c.r.Read(p)
	c.buf = append(c.buf, p[:n]...)
	return n, err
}

// take returns the bytes from the current mark to end and moves the mark
// there. The slice is valid until the next call.
func (c *recorder) take(end int64) []byte {
	if dead := c.mark - c.off; dead > 64<<10 {
		n := copy(c.buf, c.buf[dead:])
		c.buf = c.buf[:n]
		c.off = c.mark
	}
	if end < c.mark {
		end = c.mark
	}
	hi := min(end-c.off, int64(len(c.buf)))
	b := c.buf[c.mark-c.off : hi]
	c.mark = end
	return b
}
