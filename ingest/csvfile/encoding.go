package csvfile

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"github.com/lanes-dev/lanes/ingest"
	"github.com/lanes-dev/lanes/models/config"
)

// Text encodings a CSV export is read in, as Text.Encoding names them.
// ServiceNow writes CSV in Windows-1252 unless the instance is told
// otherwise, and so does Excel's plain "CSV" on Windows; Excel's "CSV UTF-8"
// adds a byte order mark and its "Unicode text" is UTF-16.
const (
	EncUTF8    = "UTF-8"
	EncUTF8BOM = "UTF-8 with BOM"
	EncUTF16LE = "UTF-16 LE"
	EncUTF16BE = "UTF-16 BE"
	EncCP1252  = "Windows-1252"
	EncMixed   = "UTF-8 mixed with Windows-1252"
)

// sniffSize is how much of the file decides between UTF-8 and
// Windows-1252.
const sniffSize = 64 << 10

// binarySample is how much of the file the binary check looks at.
const binarySample = 8 << 10

// DecodeOptions says how to read a file's bytes as text.
type DecodeOptions struct {
	// Encoding is the source's encoding from lanes.yaml (see
	// config.NormalizeEncoding); empty detects it.
	Encoding string
	// RefuseBinary stops at a file that is plainly not text (a workbook, a
	// PDF, mostly control bytes) with an error that says what it is.
	RefuseBinary bool
}

// Text is a file's text as UTF-8.
type Text struct {
	io.Reader
	// Encoding is what the file is read as (one of the Enc* names).
	Encoding string
	// Why says how the encoding was chosen, for --dry-run and messages:
	// "read as Windows-1252 because byte 0xE9 on line 3 is not UTF-8".
	Why string
	// Configured says the encoding is the one lanes.yaml sets for the
	// source (no byte order mark overrode it), so a message about text
	// the encoding cannot read can say where to change it.
	Configured bool
}

// DecodeError is a byte the file's encoding has no character for. Reader
// turns it into an error naming the file and the line; the message itself
// leaves the line out.
type DecodeError struct {
	Line     int64 // line of the text where the byte is (1-based)
	Byte     byte
	Encoding string
}

func (e *DecodeError) Error() string {
	return fmt.Sprintf("byte 0x%02X is not a character in %s (nor part of UTF-8): the file is in some other encoding; save or export it as UTF-8 (in Excel: \"CSV UTF-8\") and ingest it again", e.Byte, e.Encoding)
}

// Decode returns a reader of r's text as UTF-8.
//
// A byte order mark always decides (UTF-8, UTF-16 LE or BE), whatever the
// source's encoding says: it cannot be mistaken, and a folder of exports
// often holds some that Excel re-saved. Without one, an encoding set in
// lanes.yaml is used as given. Otherwise the encoding is detected: UTF-16
// without a mark when every other byte of the start is zero; else bytes
// that form UTF-8 are read as UTF-8 and any other byte as Windows-1252.
//
// Detection follows what someone migrating years of exports needs: a file
// that is valid UTF-8 is UTF-8 (text in Windows-1252 almost never happens
// to form UTF-8 sequences), and a file with bytes that are not UTF-8 is
// read as Windows-1252 rather than refused, and Why says so. When the
// first 64 KiB hold bytes that are not UTF-8 and no UTF-8 beyond ASCII,
// the file is Windows-1252 throughout. A file that holds both is read as a
// mix, each character as whichever it is (several exports pasted
// together). A file that starts with ASCII or UTF-8 and later turns out
// not to be is Windows-1252 from the first byte that is not UTF-8 when no
// other non-ASCII text came before it (then the whole file reads the same
// as Windows-1252), else read as a mix. The five bytes Windows-1252 leaves
// undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) mean the file is in some other
// encoding: reading stops with a *DecodeError naming the line.
func Decode(r io.Reader, opts DecodeOptions) (*Text, error) {
	enc, ok := config.NormalizeEncoding(opts.Encoding)
	if !ok {
		return nil, fmt.Errorf("encoding %q is not one of %s", opts.Encoding, config.EncodingNames())
	}
	br := bufio.NewReaderSize(r, sniffSize)
	head, err := br.Peek(sniffSize)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, err
	}
	const bom = "byte order mark"
	switch {
	case bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF}):
		_, _ = br.Discard(3)
		return &Text{Reader: newUTF8Reader(br, false), Encoding: EncUTF8BOM, Why: "UTF-8 (" + bom + ")"}, nil
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}):
		_, _ = br.Discard(2)
		return &Text{Reader: ingest.NewUTF16Reader(br, false), Encoding: EncUTF16LE, Why: "UTF-16 LE (" + bom + ")"}, nil
	case bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		_, _ = br.Discard(2)
		return &Text{Reader: ingest.NewUTF16Reader(br, true), Encoding: EncUTF16BE, Why: "UTF-16 BE (" + bom + ")"}, nil
	}
	const given = " (encoding set for the source)"
	switch enc {
	case config.EncodingUTF8:
		return &Text{Reader: br, Encoding: EncUTF8, Why: "UTF-8" + given, Configured: true}, nil
	case config.EncodingUTF16LE, config.EncodingUTF16:
		return &Text{Reader: ingest.NewUTF16Reader(br, false), Encoding: EncUTF16LE, Why: "UTF-16 LE" + given, Configured: true}, nil
	case config.EncodingUTF16BE:
		return &Text{Reader: ingest.NewUTF16Reader(br, true), Encoding: EncUTF16BE, Why: "UTF-16 BE" + given, Configured: true}, nil
	case config.EncodingWindows1252:
		return &Text{Reader: newUTF8Reader(br, true), Encoding: EncCP1252, Why: "Windows-1252" + given, Configured: true}, nil
	}
	switch utf16NoBOM(head) {
	case 'l':
		return &Text{Reader: ingest.NewUTF16Reader(br, false), Encoding: EncUTF16LE, Why: "UTF-16 LE (no byte order mark, but every other byte is zero)"}, nil
	case 'b':
		return &Text{Reader: ingest.NewUTF16Reader(br, true), Encoding: EncUTF16BE, Why: "UTF-16 BE (no byte order mark, but every other byte is zero)"}, nil
	}
	switch utf16Text(head) {
	case 'l':
		return &Text{Reader: ingest.NewUTF16Reader(br, false), Encoding: EncUTF16LE, Why: "UTF-16 LE (no byte order mark, but its zero bytes fall on every other byte and it reads as text)"}, nil
	case 'b':
		return &Text{Reader: ingest.NewUTF16Reader(br, true), Encoding: EncUTF16BE, Why: "UTF-16 BE (no byte order mark, but its zero bytes fall on every other byte and it reads as text)"}, nil
	}
	if opts.RefuseBinary {
		if err := checkBinary(head); err != nil {
			return nil, err
		}
	}
	bad, multi := scanUTF8(head)
	switch {
	case bad < 0:
		return &Text{Reader: newUTF8Reader(br, false), Encoding: EncUTF8, Why: "UTF-8"}, nil
	case multi >= 0:
		return &Text{Reader: newUTF8Decoder(br, false, true), Encoding: EncMixed, Why: fmt.Sprintf("read as UTF-8 mixed with Windows-1252: byte 0x%02X on line %d is not UTF-8, but line %d holds UTF-8 text",
			head[bad], lineAt(head, bad), lineAt(head, multi))}, nil
	}
	return &Text{Reader: newUTF8Reader(br, true), Encoding: EncCP1252, Why: fmt.Sprintf("read as Windows-1252 because byte 0x%02X on line %d is not UTF-8", head[bad], lineAt(head, bad))}, nil
}

// DescribeHead says how a file whose first bytes are head would be read,
// for a connector's Detect reason: "" for UTF-8 without a byte order mark,
// else Text.Why.
func DescribeHead(head []byte) string {
	t, err := Decode(bytes.NewReader(head), DecodeOptions{})
	if err != nil || t.Encoding == EncUTF8 {
		return ""
	}
	return t.Why
}

// DecodeHead transcodes the first bytes of a file for Detect. It never
// fails: a byte the encoding cannot read ends the text there.
func DecodeHead(head []byte) []byte {
	t, err := Decode(bytes.NewReader(head), DecodeOptions{})
	if err != nil {
		return nil
	}
	b, _ := io.ReadAll(t)
	return b
}

func lineAt(b []byte, off int) int64 {
	return int64(bytes.Count(b[:off], []byte{'\n'})) + 1
}

// scanUTF8 finds the first byte of b that is not UTF-8 (allowing a
// sequence cut short at its end) and the first UTF-8 sequence beyond
// ASCII; -1 when there is none.
func scanUTF8(b []byte) (bad, multi int) {
	bad, multi = -1, -1
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			i++
			continue
		}
		c, n := utf8.DecodeRune(b[i:])
		if c == utf8.RuneError && n <= 1 {
			if !utf8.FullRune(b[i:]) {
				break
			}
			if bad < 0 {
				bad = i
			}
			i++
			continue
		}
		if multi < 0 {
			multi = i
		}
		i += n
	}
	return bad, multi
}

// utf16NoBOM tells UTF-16 without a byte order mark by its zero bytes:
// text that is mostly ASCII has a zero in every other byte. It returns
// 'l' (little endian), 'b' (big endian) or 0.
func utf16NoBOM(head []byte) byte {
	pairs, evenZero, oddZero := zeroBytes(head)
	if pairs < 4 {
		return 0
	}
	switch {
	case oddZero*10 >= pairs*9 && evenZero*10 <= pairs:
		return 'l'
	case evenZero*10 >= pairs*9 && oddZero*10 <= pairs:
		return 'b'
	}
	return 0
}

// utf16Text tells UTF-16 without a byte order mark in a language written
// in another script (Cyrillic, Japanese, ...), where only the separators,
// digits and line ends are ASCII and utf16NoBOM's nine zeros in ten are
// not there: text in UTF-8 or Windows-1252 has no zero byte at all, so
// zero bytes in a quarter of the pairs or more, nearly all on one side of
// them, in a head that reads as UTF-16 text that way (no control character
// but tab and line ends, no lone surrogate, no noncharacter, and a line
// end or a separator: `,` `;` tab `"` `{`) are UTF-16. A text file with a
// stray NUL has too few. It returns 'l' (little endian), 'b' (big endian)
// or 0.
func utf16Text(head []byte) byte {
	pairs, evenZero, oddZero := zeroBytes(head)
	if pairs < 4 {
		return 0
	}
	b := head[:2*pairs]
	switch {
	case oddZero*4 >= pairs && evenZero*10 <= oddZero && readsAsUTF16(b, false):
		return 'l'
	case evenZero*4 >= pairs && oddZero*10 <= evenZero && readsAsUTF16(b, true):
		return 'b'
	}
	return 0
}

// zeroBytes counts, in the byte pairs of the first 512 bytes of head, the
// pairs and the zero bytes in the first and in the second place.
func zeroBytes(head []byte) (pairs, evenZero, oddZero int) {
	n := min(len(head), 512) &^ 1
	for i := 0; i < n; i += 2 {
		if head[i] == 0 {
			evenZero++
		}
		if head[i+1] == 0 {
			oddZero++
		}
	}
	return n / 2, evenZero, oddZero
}

// readsAsUTF16 reports whether b, an even number of bytes, is UTF-16 text
// in that byte order with a line end or a separator in it; a surrogate
// that the end of b cuts from its pair passes.
func readsAsUTF16(b []byte, big bool) bool {
	separated := false
	unit := func(i int) rune {
		if big {
			return rune(b[i])<<8 | rune(b[i+1])
		}
		return rune(b[i+1])<<8 | rune(b[i])
	}
	for i := 0; i < len(b); i += 2 {
		u := unit(i)
		switch {
		case u >= 0xD800 && u <= 0xDBFF:
			if i+2 >= len(b) {
				return separated
			}
			if next := unit(i + 2); next < 0xDC00 || next > 0xDFFF {
				return false
			}
			i += 2
		case u >= 0xDC00 && u <= 0xDFFF:
			return false
		case u < 0x20 && u != '\t' && u != '\n' && u != '\r', u >= 0x7F && u < 0xA0, u == 0xFFFE, u == 0xFFFF:
			return false
		case u == '\n' || u == '\r' || u == ',' || u == ';' || u == '\t' || u == '"' || u == '{':
			separated = true
		}
	}
	return separated
}

// magics name binary files people export by mistake.
var magics = []struct {
	prefix string
	what   string
}{
	{"PK\x03\x04", "a zip archive (an Excel .xlsx workbook is one); export the list as CSV or JSON instead"},
	{"\xD0\xCF\x11\xE0", "an Excel .xls workbook; export the list as CSV or JSON instead"},
	{"%PDF", "a PDF document, not an export"},
	{"\x1F\x8B", "gzip-compressed; unpack it first"},
}

// checkBinary refuses a file that is not text: a known binary signature,
// or more than one control byte in ten at the start.
func checkBinary(head []byte) error {
	for _, m := range magics {
		if bytes.HasPrefix(head, []byte(m.prefix)) {
			return fmt.Errorf("the file is %s", m.what)
		}
	}
	sample := head[:min(len(head), binarySample)]
	ctrl := 0
	for _, b := range sample {
		if b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != '\f' && b != 0x1A {
			ctrl++
		}
	}
	if len(sample) > 0 && ctrl*10 > len(sample) {
		return fmt.Errorf("the file is binary, not text: %d of its first %d bytes are control characters; export the list as CSV or JSON", ctrl, len(sample))
	}
	return nil
}

// cp1252Rune reads byte b (0x80 or above) as Windows-1252, per the code
// page table in golang.org/x/text; ok is false for the five bytes the code
// page leaves undefined.
func cp1252Rune(b byte) (r rune, ok bool) {
	r = charmap.Windows1252.DecodeByte(b)
	return r, r != utf8.RuneError
}

// chunkSize is the size of the chunks ingest.ChunkReader decodes (tests
// cross a chunk's end).
const chunkSize = ingest.ChunkSize

// newUTF8Reader passes UTF-8 through and reads bytes that are not UTF-8 as
// Windows-1252 (see Decode); cp1252 reads every byte so from the start.
func newUTF8Reader(r io.Reader, cp1252 bool) *ingest.ChunkReader {
	return newUTF8Decoder(r, cp1252, false)
}

// newUTF8Decoder is newUTF8Reader for text known to hold UTF-8 beyond
// ASCII (sawMulti) already.
func newUTF8Decoder(r io.Reader, cp1252, sawMulti bool) *ingest.ChunkReader {
	u := &utf8Decoder{cp1252: cp1252, sawMulti: sawMulti}
	return ingest.NewChunkReader(r, u.convert)
}

// utf8Decoder is newUTF8Reader's convert, with what it has seen.
type utf8Decoder struct {
	cp1252   bool  // the whole rest is Windows-1252
	sawMulti bool  // a non-ASCII UTF-8 sequence has been passed through
	lines    int64 // newlines converted so far
}

func (u *utf8Decoder) convert(out, b []byte, final bool) (_ []byte, rest int, err error) {
	start := len(out)
	defer func() { u.lines += int64(bytes.Count(out[start:], []byte{'\n'})) }()
	undefined := func(c byte) error {
		enc := EncCP1252
		if u.sawMulti {
			enc = EncMixed
		}
		return &DecodeError{Line: u.lines + int64(bytes.Count(out[start:], []byte{'\n'})) + 1, Byte: c, Encoding: enc}
	}
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			out = append(out, c)
			i++
			continue
		}
		if !u.cp1252 {
			r, n := utf8.DecodeRune(b[i:])
			if r != utf8.RuneError || n > 1 {
				u.sawMulti = true
				out = append(out, b[i:i+n]...)
				i += n
				continue
			}
			if !final && !utf8.FullRune(b[i:]) {
				return out, len(b) - i, nil
			}
			if !u.sawMulti {
				u.cp1252 = true
			}
		}
		r, ok := cp1252Rune(c)
		if !ok {
			return out, 0, undefined(c)
		}
		out = utf8.AppendRune(out, r)
		i++
	}
	return out, 0, nil
}

// WithEncoding adds to a connector's Detect reason how the file's text
// will be read when it is not plain UTF-8 ("...; read as Windows-1252
// because byte 0xE9 on line 3 is not UTF-8"), so --dry-run shows it. An
// empty reason (no match) stays empty.
func WithEncoding(reason string, head []byte) string {
	if reason == "" {
		return ""
	}
	if enc := DescribeHead(head); enc != "" {
		return reason + "; " + enc
	}
	return reason
}
