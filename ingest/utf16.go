package ingest

import (
	"bytes"
	"fmt"
	"io"
	"unicode/utf16"
	"unicode/utf8"
)

// UTF16Error is text that is not UTF-16: half of a character whose other
// half is missing (an unpaired surrogate), or a last byte left alone. Both
// mean the file was damaged or cut short, or written by a tool that cut a
// string inside a character; reading stops there rather than putting
// U+FFFD into ticket text without a word.
type UTF16Error struct {
	Line      int64  // 1-based line of the decoded text
	Character int64  // 1-based character of that line
	Unit      uint16 // the surrogate; 0 for a lone last byte
}

func (e *UTF16Error) Error() string {
	if e.Unit == 0 {
		return "the file ends in the middle of a UTF-16 character (it has an odd number of bytes): it was cut short; export it again"
	}
	return fmt.Sprintf("UTF-16 unit 0x%04X is half of a character whose other half is missing (an unpaired surrogate): the file is damaged, or a tool cut text inside a character; export it again", e.Unit)
}

// ChunkReader converts its reader's bytes a chunk at a time: convert
// appends the text of src to dst and says how many bytes at the end of src
// begin a character that the next chunk completes (rest), which it gets
// again in front of that chunk; final is set for the last chunk. An error
// from convert is returned once the text converted before it has been
// read. It serves the text decoders (UTF-16 here, csvfile's UTF-8 and
// Windows-1252).
type ChunkReader struct {
	r       io.Reader
	convert func(dst, src []byte, final bool) (out []byte, rest int, err error)
	in      []byte
	carry   int    // bytes at the start of in left from the last chunk
	buf     []byte // converted text
	out     []byte // the part of buf not yet returned
	err     error
}

// ChunkSize is how many bytes ChunkReader reads and converts at a time.
const ChunkSize = 32 << 10

// NewChunkReader reads r through convert.
func NewChunkReader(r io.Reader, convert func(dst, src []byte, final bool) (out []byte, rest int, err error)) *ChunkReader {
	return &ChunkReader{r: r, convert: convert, in: make([]byte, ChunkSize)}
}

func (c *ChunkReader) Read(p []byte) (int, error) {
	for len(c.out) == 0 {
		if c.err != nil {
			return 0, c.err
		}
		n, err := c.r.Read(c.in[c.carry:])
		n += c.carry
		if err != nil {
			c.err = err
		}
		out, rest, cerr := c.convert(c.buf[:0], c.in[:n], err != nil)
		c.buf, c.out = out, out
		c.carry = copy(c.in, c.in[n-rest:n])
		if cerr != nil {
			c.err = cerr
		}
	}
	n := copy(p, c.out)
	c.out = c.out[n:]
	return n, nil
}

// UTF16BOM reports whether head starts with a UTF-16 byte order mark,
// and whether it says big endian.
func UTF16BOM(head []byte) (big, ok bool) {
	switch {
	case len(head) >= 2 && head[0] == 0xFF && head[1] == 0xFE:
		return false, true
	case len(head) >= 2 && head[0] == 0xFE && head[1] == 0xFF:
		return true, true
	}
	return false, false
}

// NewUTF16Reader reads r as UTF-16 text (after its byte order mark, if
// any), big endian when big is set, as UTF-8. Text that is not UTF-16
// stops it with a *UTF16Error, once the text before it has been read.
func NewUTF16Reader(r io.Reader, big bool) *ChunkReader {
	d := &utf16Decoder{big: big}
	return NewChunkReader(r, d.convert)
}

// utf16Decoder is NewUTF16Reader's convert, with the place it has reached.
type utf16Decoder struct {
	big  bool
	line int64 // newlines decoded so far
	col  int64 // characters decoded since the last newline
}

func (d *utf16Decoder) unit(b []byte) rune {
	if d.big {
		return rune(b[0])<<8 | rune(b[1])
	}
	return rune(b[1])<<8 | rune(b[0])
}

func (d *utf16Decoder) convert(out, b []byte, final bool) (_ []byte, rest int, err error) {
	start := len(out)
	defer func() {
		text := out[start:]
		if nl := bytes.LastIndexByte(text, '\n'); nl >= 0 {
			d.line += int64(bytes.Count(text, []byte{'\n'}))
			d.col = int64(utf8.RuneCount(text[nl+1:]))
		} else {
			d.col += int64(utf8.RuneCount(text))
		}
		if e, ok := err.(*UTF16Error); ok {
			e.Line, e.Character = d.line+1, d.col+1
		}
	}()
	i := 0
	for i+1 < len(b) {
		c := d.unit(b[i:])
		if !utf16.IsSurrogate(c) {
			out = utf8.AppendRune(out, c)
			i += 2
			continue
		}
		if c < 0xDC00 { // high surrogate: wants a low one next
			if i+3 < len(b) {
				if r := utf16.DecodeRune(c, d.unit(b[i+2:])); r != utf8.RuneError {
					out = utf8.AppendRune(out, r)
					i += 4
					continue
				}
			} else if !final {
				break
			}
		}
		return out, 0, &UTF16Error{Unit: uint16(c)}
	}
	if rest := len(b) - i; rest > 0 {
		if final {
			return out, 0, &UTF16Error{}
		}
		return out, rest, nil
	}
	return out, 0, nil
}
