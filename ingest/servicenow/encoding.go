package servicenow

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"unicode/utf16"
	"unicode/utf8"
)

// Text encodings ServiceNow exports come in. ServiceNow writes CSV in
// Windows-1252 unless the instance is told otherwise; Excel re-saves as
// UTF-8 with a byte order mark or as UTF-16 ("Unicode text"); the JSON
// exports are UTF-8.
const (
	encUTF8    = "UTF-8"
	encUTF8BOM = "UTF-8 with BOM"
	encUTF16LE = "UTF-16 LE"
	encUTF16BE = "UTF-16 BE"
	encCP1252  = "Windows-1252"
	encMixed   = "UTF-8 mixed with Windows-1252"
)

// sniffSize is how much of the file decides between UTF-8 and
// Windows-1252.
const sniffSize = 64 << 10

// binarySample is how much of the file the binary check looks at.
const binarySample = 8 << 10

// decodeText returns a reader of r's text as UTF-8 and the encoding it
// found: by byte order mark first (UTF-8, UTF-16 LE or BE), then UTF-16
// without a mark when every other byte of the start is zero. Otherwise
// bytes that form UTF-8 are read as UTF-8, and any other byte as
// Windows-1252: a file whose first 64 KiB hold bytes that are not UTF-8
// and no UTF-8 beyond ASCII is Windows-1252 throughout; a file that holds
// both is read as a mix, each character as whichever it is (several
// exports pasted together). A file that starts with UTF-8 and later turns
// out not to be is Windows-1252 from the first byte that is not UTF-8 when
// no other non-ASCII text came before it, else read as a mix. The error
// says why a file is not text at all.
func decodeText(r io.Reader) (io.Reader, string, error) {
	br := bufio.NewReaderSize(r, sniffSize)
	head, err := br.Peek(sniffSize)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, "", err
	}
	switch {
	case bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF}):
		_, _ = br.Discard(3)
		return newUTF8Reader(br, false), encUTF8BOM, nil
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}):
		_, _ = br.Discard(2)
		return newUTF16Reader(br, false), encUTF16LE, nil
	case bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		_, _ = br.Discard(2)
		return newUTF16Reader(br, true), encUTF16BE, nil
	}
	switch utf16NoBOM(head) {
	case 'l':
		return newUTF16Reader(br, false), encUTF16LE, nil
	case 'b':
		return newUTF16Reader(br, true), encUTF16BE, nil
	}
	if err := checkBinary(head); err != nil {
		return nil, "", err
	}
	valid, multi := scanUTF8(head)
	switch {
	case valid:
		return newUTF8Reader(br, false), encUTF8, nil
	case multi:
		u := newUTF8Reader(br, false)
		u.sawMulti = true
		return u, encMixed, nil
	}
	return newUTF8Reader(br, true), encCP1252, nil
}

// decodeHead transcodes the first bytes of a file for Detect; it never
// fails (a binary file decodes to junk that no connector claims).
func decodeHead(head []byte) []byte {
	r, _, err := decodeText(bytes.NewReader(head))
	if err != nil {
		return nil
	}
	b, _ := io.ReadAll(r)
	return b
}

// scanUTF8 reports whether b is UTF-8 (allowing a sequence cut short at
// its end) and whether it holds any UTF-8 sequence beyond ASCII.
func scanUTF8(b []byte) (valid, multi bool) {
	valid = true
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
			valid = false
			i++
			continue
		}
		multi = true
		i += n
	}
	return valid, multi
}

// utf16NoBOM tells UTF-16 without a byte order mark by its zero bytes:
// text that is mostly ASCII has a zero in every other byte. It returns
// 'l' (little endian), 'b' (big endian) or 0.
func utf16NoBOM(head []byte) byte {
	n := min(len(head), 512) &^ 1
	if n < 8 {
		return 0
	}
	var evenZero, oddZero int
	for i := 0; i < n; i += 2 {
		if head[i] == 0 {
			evenZero++
		}
		if head[i+1] == 0 {
			oddZero++
		}
	}
	pairs := n / 2
	switch {
	case oddZero*10 >= pairs*9 && evenZero*10 <= pairs:
		return 'l'
	case evenZero*10 >= pairs*9 && oddZero*10 <= pairs:
		return 'b'
	}
	return 0
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

// cp1252 maps the bytes 0x80-0x9F of Windows-1252; the rest of the upper
// half is Latin-1. The five bytes Windows-1252 leaves undefined read as the
// C1 control of the same number, as browsers do.
var cp1252 = [32]rune{
	0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
	0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
}

func cp1252Rune(b byte) rune {
	if b >= 0x80 && b < 0xA0 {
		return cp1252[b-0x80]
	}
	return rune(b)
}

const chunkSize = 32 << 10

// chunkReader converts its reader's bytes a chunk at a time: conv turns
// in (its last chunk, final at the end of the input) into out, and keeps
// in carry the bytes at the start of in left for the next chunk.
type chunkReader struct {
	r     io.Reader
	in    []byte
	carry int    // bytes at the start of in left from the last chunk
	buf   []byte // converted text
	out   []byte // the part of buf not yet returned
	err   error
	conv  func(b []byte, final bool)
}

func (u *chunkReader) Read(p []byte) (int, error) {
	for len(u.out) == 0 {
		if u.err != nil {
			return 0, u.err
		}
		n, err := u.r.Read(u.in[u.carry:])
		n += u.carry
		u.carry = 0
		if err != nil {
			u.err = err
		}
		u.conv(u.in[:n], err != nil)
	}
	n := copy(p, u.out)
	u.out = u.out[n:]
	return n, nil
}

// utf8Reader passes UTF-8 through and reads bytes that are not UTF-8 as
// Windows-1252 (see decodeText).
type utf8Reader struct {
	chunkReader
	cp1252   bool // the whole rest is Windows-1252
	sawMulti bool // a non-ASCII UTF-8 sequence has been passed through
}

func newUTF8Reader(r io.Reader, cp1252 bool) *utf8Reader {
	u := &utf8Reader{chunkReader: chunkReader{r: r, in: make([]byte, chunkSize)}, cp1252: cp1252}
	u.conv = u.convert
	return u
}

func (u *utf8Reader) convert(b []byte, final bool) {
	out := u.buf[:0]
	for i := 0; i < len(b); {
		c := b[i]
		switch {
		case c < utf8.RuneSelf:
			out = append(out, c)
			i++
			continue
		case u.cp1252:
			out = utf8.AppendRune(out, cp1252Rune(c))
			i++
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		if r != utf8.RuneError || n > 1 {
			u.sawMulti = true
			out = append(out, b[i:i+n]...)
			i += n
			continue
		}
		if !final && !utf8.FullRune(b[i:]) {
			u.carry = copy(u.in, b[i:])
			break
		}
		if !u.sawMulti {
			u.cp1252 = true
		}
		out = utf8.AppendRune(out, cp1252Rune(c))
		i++
	}
	u.buf, u.out = out, out
}

// utf16Reader decodes UTF-16 to UTF-8. Unpaired surrogates and a stray
// last byte read as U+FFFD.
type utf16Reader struct {
	chunkReader
	big bool
}

func newUTF16Reader(r io.Reader, big bool) *utf16Reader {
	u := &utf16Reader{chunkReader: chunkReader{r: r, in: make([]byte, chunkSize)}, big: big}
	u.conv = u.convert
	return u
}

func (u *utf16Reader) unit(b []byte) rune {
	if u.big {
		return rune(b[0])<<8 | rune(b[1])
	}
	return rune(b[1])<<8 | rune(b[0])
}

func (u *utf16Reader) convert(b []byte, final bool) {
	out := u.buf[:0]
	i := 0
	for i+1 < len(b) {
		c := u.unit(b[i:])
		if !utf16.IsSurrogate(c) {
			out = utf8.AppendRune(out, c)
			i += 2
			continue
		}
		if c < 0xDC00 { // high surrogate: wants a low one next
			if i+3 < len(b) {
				if r := utf16.DecodeRune(c, u.unit(b[i+2:])); r != utf8.RuneError {
					out = utf8.AppendRune(out, r)
					i += 4
					continue
				}
			} else if !final {
				break
			}
		}
		out = utf8.AppendRune(out, utf8.RuneError)
		i += 2
	}
	if rest := b[i:]; len(rest) > 0 {
		if final {
			out = utf8.AppendRune(out, utf8.RuneError)
		} else {
			u.carry = copy(u.in, rest)
		}
	}
	u.buf, u.out = out, out
}
