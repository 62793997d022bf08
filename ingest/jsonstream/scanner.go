// Package jsonstream reads JSON exports one record at a time, with the line
// and column of every record and of every syntax error, limits on record
// size and nesting depth, and UTF-8 byte order marks and UTF-16 handled.
// Every JSON connector reads through it. Text is UTF-8: a byte that is not
// stops the file with an *EncodingError at its line and column, in every
// reader, rather than being read as U+FFFD.
//
// A Scanner splits the document's structure itself (top-level values,
// objects, the arrays that hold records) and hands each record's raw text to
// encoding/json, numbers kept exact as json.Number. So a file of any size
// is read in constant memory and a bad record is placed by line and column.
//
// Exports come in a few shapes, each with its reader:
//
//   - Walk: pages with side-loads (Zendesk), or any objects and arrays of
//     them; a record that is not valid JSON is rejected and the rest of the
//     file is read.
//   - Lines: JSON Lines, one record per line, a bad line rejected.
//   - Records: a top-level array, pages with a named list, JSON Lines, or
//     any of these back to back as `gh api --paginate` writes them; invalid
//     JSON stops the file.
//   - OpenExport: one export document, a list (or one record) under a named
//     key or a bare array; invalid JSON or more than one document stops the
//     file.
//
// Sniff, Pages.Sniff and Export.Sniff read the same shapes from a file's
// first bytes, for Detect.
package jsonstream

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/lanes-dev/lanes/ingest"
)

// Limits on one record.
const (
	// MaxRecordBytes bounds one record (one element of a list, or one
	// top-level object read whole).
	MaxRecordBytes = 16 << 20
	// MaxDepth bounds how deeply a record may nest objects and arrays.
	MaxDepth = 64
	// maxRawBytes bounds the raw text kept with a reject.
	maxRawBytes = 64 << 10
)

// Options tunes a Scanner; zero values mean the package limits.
type Options struct {
	// MaxRecordBytes bounds one record; a longer one stops the file.
	MaxRecordBytes int64
	// MaxDepth bounds how deeply a record may nest; a deeper one is
	// rejected (Walk, Lines) or passed on with a Problem (Records,
	// OpenExport).
	MaxDepth int
}

// Pos is a place in the file: 1-based line and column (in characters).
type Pos struct {
	Line, Col int64
}

// Scanner reads one file's JSON.
type Scanner struct {
	format, path string
	br           *bufio.Reader
	pos          Pos   // of the next byte
	off          int64 // bytes consumed (of the text after decoding)
	maxRecord    int64
	maxDepth     int
	top          topValues
	// sniffing: reading a file's first bytes for Detect, where a byte
	// that is not UTF-8 passes, so that the keys are seen and reading the
	// file gives the error with its place.
	sniffing bool
	// badText: reading stopped on text that is not UTF-8, or not UTF-16
	// after a UTF-16 byte order mark, which JSON Lines cannot read either.
	badText bool
}

// NewScanner reads in. format names the connector in messages ("zendesk
// json"). A UTF-8 byte order mark is skipped and UTF-16 with a byte order
// mark is decoded.
func NewScanner(format string, in *ingest.Input, opts Options) *Scanner {
	s := &Scanner{format: format, path: in.Path, pos: Pos{1, 1}, maxRecord: opts.MaxRecordBytes, maxDepth: opts.MaxDepth}
	if s.maxRecord <= 0 {
		s.maxRecord = MaxRecordBytes
	}
	if s.maxDepth <= 0 {
		s.maxDepth = MaxDepth
	}
	s.br = bufio.NewReaderSize(decodeBOM(in.Reader), 64<<10)
	return s
}

// Errorf makes a FileError at pos: no line when pos is zero, no column
// when pos.Col is.
func (s *Scanner) Errorf(pos Pos, format string, args ...any) error {
	e := &ingest.FileError{Format: s.format, Path: s.path, Line: pos.Line, Err: fmt.Errorf(format, args...)}
	if pos.Line > 0 && pos.Col > 0 {
		e.Column = strconv.FormatInt(pos.Col, 10)
	}
	return e
}

// Path is the file's name, for messages.
func (s *Scanner) Path() string { return s.path }

// Format is the connector's name in messages.
func (s *Scanner) Format() string { return s.format }

// readByte consumes one byte and keeps the position.
func (s *Scanner) readByte() (byte, error) {
	c, err := s.br.ReadByte()
	if err != nil {
		return 0, err
	}
	s.advance(c)
	return c, nil
}

func (s *Scanner) advance(c byte) {
	s.off++
	switch {
	case c == '\n':
		s.pos.Line++
		s.pos.Col = 1
	case c&0xC0 != 0x80: // not a UTF-8 continuation byte
		s.pos.Col++
	}
}

// peek skips white space and returns the next byte without consuming it;
// io.EOF at the end.
func (s *Scanner) peek() (byte, error) {
	for {
		b, err := s.br.Peek(1)
		if err != nil {
			return 0, err
		}
		switch b[0] {
		case ' ', '\t', '\n', '\r':
			s.readByte()
			continue
		}
		return b[0], nil
	}
}

// expect consumes white space and then one of the bytes in want, returning
// it, or fails naming what it found.
func (s *Scanner) expect(want string, what string) (byte, error) {
	c, err := s.peek()
	if err != nil {
		return 0, s.eofError(err, what)
	}
	if strings.IndexByte(want, c) < 0 {
		return 0, s.Errorf(s.pos, "expected %s, found %s", what, describeByte(c))
	}
	s.readByte()
	return c, nil
}

func (s *Scanner) eofError(err error, what string) error {
	if errors.Is(err, io.EOF) {
		return s.Errorf(s.pos, "the file ends where %s was expected; is it cut short?", what)
	}
	return s.readFailure(err)
}

// readFailure is the error of a reader that failed: text that is not
// UTF-16 is placed where it is.
func (s *Scanner) readFailure(err error) error {
	if ue := (*ingest.UTF16Error)(nil); errors.As(err, &ue) {
		s.badText = true
		return s.Errorf(Pos{Line: ue.Line, Col: ue.Character}, "%w", err)
	}
	return s.Errorf(Pos{}, "%w", err)
}

func describeByte(c byte) string {
	switch {
	case c == 0:
		return "a NUL byte (is this a binary file, or UTF-16 without a byte order mark?)"
	case c < 0x20 || c >= 0x7f:
		return fmt.Sprintf("byte 0x%02x", c)
	}
	return strconv.QuoteRune(rune(c))
}

// Value is one JSON value's raw text and where it starts.
type Value struct {
	Raw   []byte
	Pos   Pos
	Depth int // deepest nesting of objects and arrays
}

// How reading a value can fail.
const (
	failEOF     = iota + 1 // the file ends inside the value
	failTooLong            // the value is longer than the limit
	failSyntax             // not JSON
	failIO                 // the reader failed
)

// readError is why a value could not be read: the Scanner's own message,
// and what the readers that word errors as encoding/json does need.
type readError struct {
	kind  int
	start Pos    // where the value starts
	at    Pos    // failSyntax: the offending byte
	msg   string // failSyntax: encoding/json's words
	// partial is the value's text up to where reading stopped (the
	// offending byte included), to find an earlier syntax error in.
	partial []byte
	err     error // the Scanner's message, a *ingest.FileError
}

// readValue consumes one JSON value (after white space) and returns its
// raw text. It checks brackets and strings only; encoding/json checks the
// rest when the value is decoded.
func (s *Scanner) readValue() (Value, error) {
	v, re := s.scanValue(s.maxRecord)
	if re != nil {
		return v, re.err
	}
	return v, nil
}

// scanValue is readValue with a limit on the value's length. It scans the
// reader's buffer a chunk at a time.
func (s *Scanner) scanValue(limit int64) (Value, *readError) {
	c, err := s.peek()
	if err != nil {
		re := &readError{kind: failEOF, start: s.pos, err: s.eofError(err, "a value")}
		if !errors.Is(err, io.EOF) {
			re.kind = failIO
		}
		return Value{}, re
	}
	v := Value{Pos: s.pos}
	var buf []byte
	fail := func(kind int, err error) (Value, *readError) {
		return Value{}, &readError{kind: kind, start: v.Pos, partial: buf, err: err}
	}
	// take consumes the first n bytes of chunk into the value.
	take := func(chunk []byte, n int) {
		buf = append(buf, chunk[:n]...)
		s.consume(chunk[:n])
	}
	tooLong := func(chunk []byte, i int) (Value, *readError) {
		take(chunk, i+1)
		return fail(failTooLong, s.Errorf(v.Pos, "a record is longer than %s; is this a JSON export?", size(s.maxRecord)))
	}
	switch c {
	case '{', '[', '"':
	case '}', ']', ',', ':':
		buf = append(buf, c)
		return fail(failSyntax, s.Errorf(s.pos, "expected a value, found %s", describeByte(c)))
	default:
		if c < 0x20 {
			buf = append(buf, c)
			return fail(failSyntax, s.Errorf(s.pos, "expected a value, found %s", describeByte(c)))
		}
		// A number or a literal: read to the next delimiter.
		for {
			chunk, err := s.buffered()
			if err != nil {
				break
			}
			i := 0
			for i < len(chunk) && !isDelim(chunk[i]) {
				if int64(len(buf)+i+1) > limit {
					return tooLong(chunk, i)
				}
				i++
			}
			take(chunk, i)
			if i < len(chunk) {
				break
			}
		}
		v.Raw = buf
		return v, nil
	}
	var stack []byte
	inString, escaped := false, false
	for {
		chunk, err := s.buffered()
		if err != nil {
			if !errors.Is(err, io.EOF) {
				return fail(failIO, s.readFailure(err))
			}
			if inString || len(stack) == 0 {
				return fail(failEOF, s.Errorf(s.pos, "the file ends inside a string that starts on line %d; is it cut short?", v.Pos.Line))
			}
			open := "an array"
			if stack[len(stack)-1] == '}' {
				open = "an object"
			}
			return fail(failEOF, s.Errorf(s.pos, "the file ends inside %s that starts on line %d; is it cut short?", open, v.Pos.Line))
		}
		for i := 0; i < len(chunk); i++ {
			if inString {
				end := 0
				if end, escaped = stringEnd(chunk, i, escaped); end < 0 {
					i = len(chunk) - 1 // the string goes on in the next chunk
				} else {
					i, inString = end, false
				}
				if int64(len(buf)+i+1) > limit {
					return tooLong(chunk, int(limit-int64(len(buf))))
				}
				if !inString && len(stack) == 0 {
					take(chunk, i+1)
					v.Raw = buf
					return v, nil
				}
				continue
			}
			if int64(len(buf)+i+1) > limit {
				return tooLong(chunk, i)
			}
			switch c := chunk[i]; c {
			case '"':
				inString = true
			case '{':
				stack = append(stack, '}')
				v.Depth = max(v.Depth, len(stack))
			case '[':
				stack = append(stack, ']')
				v.Depth = max(v.Depth, len(stack))
			case '}', ']':
				if len(stack) == 0 || stack[len(stack)-1] != c {
					want := "the end of the record"
					if len(stack) > 0 {
						want = strconv.QuoteRune(rune(stack[len(stack)-1]))
					}
					take(chunk, i)
					p := s.pos
					take(chunk[i:], 1)
					return fail(failSyntax, s.Errorf(p, "found %q where %s was expected", c, want))
				}
				stack = stack[:len(stack)-1]
				if len(stack) == 0 {
					take(chunk, i+1)
					v.Raw = buf
					return v, nil
				}
			}
		}
		take(chunk, len(chunk))
	}
}

// buffered is what the reader holds: at least one byte, unless the file
// ends (or the reader fails).
func (s *Scanner) buffered() ([]byte, error) {
	if s.br.Buffered() == 0 {
		if _, err := s.br.Peek(1); err != nil {
			return nil, err
		}
	}
	b, _ := s.br.Peek(s.br.Buffered())
	return b, nil
}

// consume moves past b, the next bytes of the reader's buffer.
func (s *Scanner) consume(b []byte) {
	for _, c := range b {
		s.advance(c)
	}
	s.br.Discard(len(b))
}

// stringEnd finds the quote that closes a string in b, looking from i
// (just after the opening quote, or where the last chunk of the string
// ended, escaped when it ended on a backslash); -1 when b ends first.
func stringEnd(b []byte, i int, escaped bool) (end int, stillEscaped bool) {
	for ; i < len(b); i++ {
		switch {
		case escaped:
			escaped = false
		case b[i] == '\\':
			escaped = true
		case b[i] == '"':
			return i, false
		}
	}
	return -1, escaped
}

func isDelim(c byte) bool {
	switch c {
	case ' ', '\t', '\n', '\r', ',', ']', '}', ':', '[', '{', '"':
		return true
	}
	return false
}

// readKey reads an object key (after white space).
func (s *Scanner) readKey() (string, Pos, error) {
	k, pos, err := s.readKeyString()
	if err != nil {
		return "", pos, err
	}
	if _, err := s.expect(":", `":" after key `+strconv.Quote(clipText(k, 40))); err != nil {
		return "", pos, err
	}
	return k, pos, nil
}

// readKeyString reads an object key's string (after white space), not
// the colon after it.
func (s *Scanner) readKeyString() (string, Pos, error) {
	c, err := s.peek()
	if err != nil {
		return "", s.pos, s.eofError(err, "a key")
	}
	if c != '"' {
		return "", s.pos, s.Errorf(s.pos, "expected a quoted key, found %s", describeByte(c))
	}
	v, err := s.readValue()
	if err != nil {
		return "", v.Pos, err
	}
	if !s.sniffing {
		if err := s.notUTF8(v); err != nil {
			return "", v.Pos, err
		}
	}
	var k string
	if err := json.Unmarshal(v.Raw, &k); err != nil {
		return "", v.Pos, s.Errorf(v.Pos, "cannot read key %s: %v", clipText(string(v.Raw), 60), err)
	}
	return k, v.Pos, nil
}

// decode reads v's raw text as a JSON value, numbers as json.Number. bad
// is why v is not JSON (a *SyntaxError naming its line and column), which
// a reader rejects or words as it stops; err is a byte that is not UTF-8,
// which stops the file: it is the file's error already, placed at the
// byte, for the reader to return as it is.
func (s *Scanner) decode(v Value) (x any, bad, err error) {
	if err := s.notUTF8(v); err != nil {
		return nil, nil, err
	}
	x, bad = parse(v)
	return x, bad, nil
}

// parse reads v's raw text as a JSON value, numbers as json.Number;
// a value that is not JSON gives a *SyntaxError naming its line and
// column. It takes the text as it is: Scanner.decode checks it is UTF-8
// first, as encoding/json would read a byte that is not as U+FFFD.
func parse(v Value) (any, error) {
	d := json.NewDecoder(bytes.NewReader(v.Raw))
	d.UseNumber()
	var out any
	err := d.Decode(&out)
	if err == nil {
		if off := d.InputOffset(); off < int64(len(v.Raw)) {
			c := v.Raw[off]
			return nil, &SyntaxError{Pos: posAt(v, off), Msg: "invalid character " + quoteChar(c) + " after top-level value",
				text: "invalid character " + describeByte(c) + " after the value", off: off, trailing: true}
		}
		return out, nil
	}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		off := se.Offset
		if off > 0 {
			off-- // the offset is after the bad byte
		}
		e := &SyntaxError{Pos: posAt(v, off), Msg: se.Error(), text: strings.TrimPrefix(se.Error(), "json: "), off: off}
		if int(off) < len(v.Raw) && v.Raw[off] == 0 {
			e.text = "a NUL byte where JSON does not allow one"
		}
		return nil, e
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		n := int64(len(v.Raw))
		return nil, &SyntaxError{Pos: posAt(v, n), Msg: "unexpected end of JSON input", text: "the value is cut short", off: n, short: true}
	}
	return nil, err
}

// EncodingError is a byte that is not UTF-8. encoding/json would read it
// as U+FFFD, changing the text without a word; a file in another encoding
// (Windows-1252, as Excel and older tools on Windows write) is refused at
// the first such byte instead, as CSV declared UTF-8 is.
type EncodingError struct {
	Pos  Pos // where the byte is
	Byte byte
}

func (e *EncodingError) Error() string {
	return fmt.Sprintf("byte 0x%02X is not UTF-8 (is the file in Windows-1252 or Latin-1?); JSON is read as UTF-8, or as UTF-16 when it starts with a byte order mark: save or export the file as UTF-8 and ingest it again", e.Byte)
}

// checkUTF8 returns an *EncodingError for v's first byte that is not
// UTF-8. utf8.Valid reads ASCII eight bytes at a time, so a valid value
// costs little; the place is looked for only when there is one.
func checkUTF8(v Value) *EncodingError {
	if utf8.Valid(v.Raw) {
		return nil
	}
	off := 0
	for off < len(v.Raw) {
		r, n := utf8.DecodeRune(v.Raw[off:])
		if r == utf8.RuneError && n <= 1 {
			break
		}
		off += n
	}
	return &EncodingError{Pos: posAt(v, int64(off)), Byte: v.Raw[off]}
}

// notUTF8 is the error that stops the file at v's first byte that is not
// UTF-8, placed at the byte (wrapping an *EncodingError); nil when v is
// UTF-8.
func (s *Scanner) notUTF8(v Value) error {
	ee := checkUTF8(v)
	if ee == nil {
		return nil
	}
	s.badText = true
	return s.Errorf(ee.Pos, "%w", ee)
}

// SyntaxError is a value that is not valid JSON.
type SyntaxError struct {
	Pos Pos    // where it goes wrong
	Msg string // encoding/json's words
	// text is the message in the Scanner's words; off the byte offset in
	// the value; short is set when the value is cut short, trailing when
	// a whole value is followed by more text.
	text            string
	off             int64
	short, trailing bool
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("line %d column %d: %s", e.Pos.Line, e.Pos.Col, e.text)
}

// quoteChar quotes a byte as encoding/json's messages do.
func quoteChar(c byte) string {
	switch c {
	case '\'':
		return `'\''`
	case '"':
		return `'"'`
	}
	q := strconv.Quote(string(rune(c)))
	return "'" + q[1:len(q)-1] + "'"
}

// posAt is the position of byte off of v's raw text.
func posAt(v Value, off int64) Pos {
	p := v.Pos
	for _, c := range v.Raw[:min(off, int64(len(v.Raw)))] {
		switch {
		case c == '\n':
			p.Line++
			p.Col = 1
		case c&0xC0 != 0x80:
			p.Col++
		}
	}
	return p
}

// RawText is raw JSON clipped for a reject's raw column, valid UTF-8.
func RawText(raw []byte) string { return Clip(raw) }

// Clip bounds a reject's raw text to 64 KiB, valid UTF-8 without NUL
// bytes; text cut short ends in " …(truncated)".
func Clip(raw []byte) string {
	s := strings.ToValidUTF8(string(raw), "\uFFFD")
	s = strings.ReplaceAll(s, "\x00", "")
	if len(s) <= maxRawBytes {
		return s
	}
	return prefix(s, maxRawBytes) + " …(truncated)"
}

// clipText shortens s for a message.
func clipText(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return prefix(s, n) + "…"
}

// prefix is at most n bytes of s, cut between characters.
func prefix(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut]
}

// sizeMiB is size in MiB when it is whole MiB, else in bytes.
func sizeMiB(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}

func size(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	if n >= 1<<10 && n%(1<<10) == 0 {
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// decodeBOM strips a UTF-8 byte order mark and decodes UTF-16 text that
// starts with one.
func decodeBOM(r io.Reader) io.Reader {
	br := bufio.NewReaderSize(r, 4096)
	b, _ := br.Peek(3)
	if big, ok := ingest.UTF16BOM(b); ok {
		br.Discard(2)
		return ingest.NewUTF16Reader(br, big)
	}
	if bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}) {
		br.Discard(3)
	}
	return br
}
