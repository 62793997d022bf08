package csvfile

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"testing/iotest"
	"unicode/utf16"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/ingest/ingesttest"
)

func TestDecodeText(t *testing.T) {
	// Windows-1252 bytes and what they stand for, from the code page's
	// published table.
	cp := []byte("Jos\xe9 M\xfcller, I\xf1aki: \x93quoted\x94 \x80 \x85 \x96 \x9f")
	cpWant := "José Müller, Iñaki: “quoted” € … – Ÿ"
	ascii := strings.Repeat("a,b,c\n", 20000) // beyond the 64 KiB sniff
	cases := []struct {
		name, enc, want string
		in              []byte
	}{
		{"plain UTF-8", EncUTF8, "número,ü\n", []byte("número,ü\n")},
		{"UTF-8 BOM", EncUTF8BOM, "número\n", []byte("\xef\xbb\xbfnúmero\n")},
		{"Windows-1252", EncCP1252, cpWant, cp},
		{"Windows-1252 throughout once the start says so", EncCP1252, "caf\u00e9 " + ascii + "\u00c3\u00a9", append([]byte("caf\xe9 "+ascii), "\xc3\xa9"...)},
		{"UTF-16 LE", EncUTF16LE, "número 🖨\r\n", ingesttest.UTF16("número 🖨\r\n", false, true)},
		{"UTF-16 BE", EncUTF16BE, "número 🖨\r\n", ingesttest.UTF16("número 🖨\r\n", true, true)},
		{"UTF-16 LE without BOM", EncUTF16LE, "number,short_description\n", ingesttest.UTF16("number,short_description\n", false, false)},
		{"UTF-16 BE without BOM", EncUTF16BE, "number,short_description\n", ingesttest.UTF16("number,short_description\n", true, false)},
		{"ASCII then Windows-1252 past the sniff", EncUTF8, ascii + "Ren\u00e9e \u201cx\u201d", append([]byte(ascii), "Ren\xe9e \x93x\x94"...)},
		{"UTF-8 then a stray Windows-1252 byte past the sniff", EncUTF8, "é" + ascii + "\u201cx\u201d é", append(append([]byte("é"), ascii...), "\x93x\x94 é"...)},
		{"mixed within the sniff", EncMixed, "\u201cx\u201d é", []byte("\x93x\x94 é")},
		{"UTF-8 cut at the end", EncUTF8, "ab\u00c3", []byte("ab\xc3")},
		{"empty", EncUTF8, "", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for _, slow := range []bool{false, true} {
				var src io.Reader = bytes.NewReader(tc.in)
				if slow {
					src = iotest.OneByteReader(src)
				}
				txt, err := Decode(src, DecodeOptions{RefuseBinary: true})
				require.NoError(t, err)
				assert.Equal(t, tc.enc, txt.Encoding)
				r := txt.Reader
				got, err := io.ReadAll(r)
				require.NoError(t, err)
				assert.Equal(t, tc.want, string(got), "one byte at a time: %v", slow)
			}
		})
	}
}

func TestDecodeTextCP1252Table(t *testing.T) {
	// Every byte decodes to one character, and the printable ones match the
	// code page (checked against its published table for 0x80-0x9F).
	want := map[byte]rune{0x80: '€', 0x82: '‚', 0x83: 'ƒ', 0x84: '„', 0x85: '…', 0x86: '†', 0x87: '‡', 0x88: 'ˆ',
		0x89: '‰', 0x8A: 'Š', 0x8B: '‹', 0x8C: 'Œ', 0x8E: 'Ž', 0x91: '‘', 0x92: '’', 0x93: '“', 0x94: '”',
		0x95: '•', 0x96: '–', 0x97: '—', 0x98: '˜', 0x99: '™', 0x9A: 'š', 0x9B: '›', 0x9C: 'œ', 0x9E: 'ž',
		0x9F: 'Ÿ', 0xA0: '\u00a0', 0xE9: 'é', 0xFF: 'ÿ'}
	for b, r := range want {
		got, ok := cp1252Rune(b)
		assert.True(t, ok, "byte 0x%02X", b)
		assert.Equal(t, string(r), string(got), "byte 0x%02X", b)
	}
	for _, b := range []byte{0x81, 0x8D, 0x8F, 0x90, 0x9D} {
		_, ok := cp1252Rune(b)
		assert.False(t, ok, "byte 0x%02X is undefined in Windows-1252", b)
	}
}

func TestDecodeTextBinary(t *testing.T) {
	cases := []struct {
		name string
		in   []byte
		want string
	}{
		{"xlsx", []byte("PK\x03\x04rest"), "zip archive"},
		{"xls", []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"), "Excel .xls"},
		{"gzip", []byte("\x1F\x8B\x08\x00"), "gzip"},
		{"control bytes", bytes.Repeat([]byte{0, 1, 2, 'a'}, 100), "binary, not text"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Decode(bytes.NewReader(tc.in), DecodeOptions{RefuseBinary: true})
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
	// A stray NUL in a text file is the CSV reader's business (it rejects
	// that row), not a reason to refuse the file.
	_, err := Decode(strings.NewReader("number,title\nINC1,a\x00b\n"), DecodeOptions{RefuseBinary: true})
	assert.NoError(t, err)
}

func TestDecodeSaysWhy(t *testing.T) {
	cases := []struct {
		name, enc, in, encoding, why string
		configured                   bool // the encoding is the source's
	}{
		{"ASCII", "", "a,b\n1,2\n", EncUTF8, "UTF-8", false},
		{"Windows-1252 on line 3", "", "a,b\n1,2\nJos\xe9,x\n", EncCP1252, "read as Windows-1252 because byte 0xE9 on line 3 is not UTF-8", false},
		{"mixed", "", "a,b\nRen\xc3\xa9e,1\n\x93x\x94,2\n", EncMixed, "read as UTF-8 mixed with Windows-1252: byte 0x93 on line 3 is not UTF-8, but line 2 holds UTF-8 text", false},
		{"BOM beats the source's encoding", "windows-1252", "\xef\xbb\xbfa,b\n", EncUTF8BOM, "UTF-8 (byte order mark)", false},
		{"source's encoding", "latin1", "a,b\n", EncCP1252, "Windows-1252 (encoding set for the source)", true},
		{"source's UTF-16 without a mark", "utf-16", "a\x00,\x00b\x00", EncUTF16LE, "UTF-16 LE (encoding set for the source)", true},
		{"source's UTF-8", "utf-8", "a,b\n", EncUTF8, "UTF-8 (encoding set for the source)", true},
		{"UTF-16 without a mark, detected", "", "a\x00,\x00b\x00\n\x001\x00,\x002\x00\n\x00", EncUTF16LE, "UTF-16 LE (no byte order mark, but every other byte is zero)", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			txt, err := Decode(strings.NewReader(tc.in), DecodeOptions{Encoding: tc.enc})
			require.NoError(t, err)
			assert.Equal(t, tc.encoding, txt.Encoding)
			assert.Equal(t, tc.why, txt.Why)
			assert.Equal(t, tc.configured, txt.Configured)
		})
	}
	_, err := Decode(strings.NewReader("a,b\n"), DecodeOptions{Encoding: "ebcdic"})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `encoding "ebcdic" is not one of auto, utf-8`)

	assert.Equal(t, "CSV header", WithEncoding("CSV header", []byte("a,b\n")))
	assert.Equal(t, "CSV header; read as Windows-1252 because byte 0xFC on line 2 is not UTF-8", WithEncoding("CSV header", []byte("a,b\nM\xfcller,1\n")))
	assert.Equal(t, "", WithEncoding("", []byte("a,b\nM\xfcller,1\n")))
}

func TestDecodeUndefinedByteLine(t *testing.T) {
	// The line counts across chunks: the bad byte sits past the first one.
	in := "a,b\n" + strings.Repeat("x,\xe9\n", chunkSize/4) + "y,\x90\n"
	for _, slow := range []bool{false, true} {
		var src io.Reader = strings.NewReader(in)
		if slow {
			src = iotest.OneByteReader(src)
		}
		txt, err := Decode(src, DecodeOptions{})
		require.NoError(t, err)
		got, err := io.ReadAll(txt)
		var de *DecodeError
		require.ErrorAs(t, err, &de)
		assert.Equal(t, int64(1+chunkSize/4+1), de.Line)
		assert.Equal(t, byte(0x90), de.Byte)
		assert.Equal(t, "a,b\n"+strings.Repeat("x,é\n", chunkSize/4)+"y,", string(got))
	}
}

// utf16Bytes writes s as UTF-16 without a byte order mark.
func utf16Bytes(s string, big bool) string {
	var b []byte
	for _, u := range utf16.Encode([]rune(s)) {
		if big {
			b = append(b, byte(u>>8), byte(u))
		} else {
			b = append(b, byte(u), byte(u>>8))
		}
	}
	return string(b)
}

// TestUTF16WithoutMarkInOtherScripts: a ServiceNow export in UTF-16
// without a byte order mark whose text is Cyrillic or Japanese has zero
// bytes only under its separators, digits and line ends (about a third
// of its pairs, not nine in ten), and is UTF-16 all the same; bytes with
// zeros that do not read as text are not.
func TestUTF16WithoutMarkInOtherScripts(t *testing.T) {
	const why = "(no byte order mark, but its zero bytes fall on every other byte and it reads as text)"
	cyr := "Номер,Краткое описание,Открыто\r\nINC0010001,Не работает VPN,14.03.2026 09:05\r\n"
	ja := "番号,概要,作成日\r\nINC1,ログインできない,2026-03-14 09:05\r\n"
	for _, tc := range []struct {
		name, text string
		big        bool
		enc        string
	}{
		{"Cyrillic LE", cyr, false, EncUTF16LE},
		{"Cyrillic BE", cyr, true, EncUTF16BE},
		{"Japanese LE", ja, false, EncUTF16LE},
		{"Japanese BE", ja, true, EncUTF16BE},
	} {
		t.Run(tc.name, func(t *testing.T) {
			txt, err := Decode(strings.NewReader(utf16Bytes(tc.text, tc.big)), DecodeOptions{})
			require.NoError(t, err)
			assert.Equal(t, tc.enc, txt.Encoding)
			assert.Equal(t, tc.enc+" "+why, txt.Why)
			got, err := io.ReadAll(txt.Reader)
			require.NoError(t, err)
			assert.Equal(t, tc.text, string(got))
		})
	}
	// zeros on one side, but control characters in that order: no UTF-16
	assert.Equal(t, byte(0), utf16Text([]byte("\x01\x00\x02\x00a\x00b\x00c\x00d\x00e\x00f\x00")))
	// a lone low surrogate
	assert.Equal(t, byte(0), utf16Text([]byte(utf16Bytes("Номер,", false)+"\x00\xdc"+utf16Bytes("Краткое", false))))
	// a text file with a stray NUL: too few zero bytes
	assert.Equal(t, byte(0), utf16Text([]byte("Key,T\x00itle\nA,B\n")))
	// no zero byte: not UTF-16
	assert.Equal(t, byte(0), utf16Text([]byte("Номер,Краткое описание")))
}
