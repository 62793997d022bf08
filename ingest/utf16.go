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

// UTF16Reader decodes UTF-16 text (after its byte order mark, if any) to
// UTF-8, a chunk at a time. Text that is not UTF-16 stops it with a
// *UTF16Error, once the text before it has been read.
type UTF16Reader struct {
	r     io.Reader
	big   bool
	in    []byte
	carry int    // bytes at the start of in left from the last chunk
	buf   []byte // decoded text
	out   []byte // the part of buf not yet returned
	err   error
	line  int64 // newlines decoded so far
	col   int64 // characters decoded since the last newline
}

// NewUTF16Reader reads r as UTF-16, big endian when big is set.
func NewUTF16Reader(r io.Reader, big bool) *UTF16Reader {
	return &UTF16Reader{r: r, big: big, in: make([]byte, 32<<10)}
}

func (u *UTF16Reader) Read(p []byte) (int, error) {
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
		if derr := u.decode(u.in[:n], err != nil); derr != nil {
			u.err = derr
		}
	}
	n := copy(p, u.out)
	u.out = u.out[n:]
	return n, nil
}

func (u *UTF16Reader) unit(b []byte) rune {
	if u.big {
		return rune(b[0])<<8 | rune(b[1])
	}
	return rune(b[1])<<8 | rune(b[0])
}

// decode turns b into UTF-8 in u.buf; final says no more bytes follow.
// Bytes that may start a character completed by the next chunk are kept
// in carry.
func (u *UTF16Reader) decode(b []byte, final bool) (err error) {
	out := u.buf[:0]
	defer func() {
		u.buf, u.out = out, out
		if nl := bytes.LastIndexByte(out, '\n'); nl >= 0 {
			u.line += int64(bytes.Count(out, []byte{'\n'}))
			u.col = int64(utf8.RuneCount(out[nl+1:]))
		} else {
			u.col += int64(utf8.RuneCount(out))
		}
		if e, ok := err.(*UTF16Error); ok {
			e.Line, e.Character = u.line+1, u.col+1
		}
	}()
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
		return &UTF16Error{Unit: uint16(c)}
	}
	if rest := b[i:]; len(rest) > 0 {
		if final {
			return &UTF16Error{}
		}
		u.carry = copy(u.in, rest)
	}
	return nil
}
