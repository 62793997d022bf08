package servicenow

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"testing/iotest"
	"unicode/utf16"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func utf16Bytes(s string, big, bom bool) []byte {
	var out []byte
	if bom {
		if big {
			out = append(out, 0xFE, 0xFF)
		} else {
			out = append(out, 0xFF, 0xFE)
		}
	}
	for _, u := range utf16.Encode([]rune(s)) {
		if big {
			out = append(out, byte(u>>8), byte(u))
		} else {
			out = append(out, byte(u), byte(u>>8))
		}
	}
	return out
}

func TestDecodeText(t *testing.T) {
	// Windows-1252 bytes and what they stand for, from the code page's
	// published table.
	cp := []byte("Jos\xe9 M\xfcller, I\xf1aki: \x93quoted\x94 \x80 \x85 \x96 \x9f \x81")
	cpWant := "José Müller, Iñaki: “quoted” € … – Ÿ \u0081"
	ascii := strings.Repeat("a,b,c\n", 20000) // beyond the 64 KiB sniff
	cases := []struct {
		name, enc, want string
		in              []byte
	}{
		{"plain UTF-8", encUTF8, "número,ü\n", []byte("número,ü\n")},
		{"UTF-8 BOM", encUTF8BOM, "número\n", []byte("\xef\xbb\xbfnúmero\n")},
		{"Windows-1252", encCP1252, cpWant, cp},
		{"Windows-1252 throughout once the start says so", encCP1252, "caf\u00e9 " + ascii + "\u00c3\u00a9", append([]byte("caf\xe9 "+ascii), "\xc3\xa9"...)},
		{"UTF-16 LE", encUTF16LE, "número 🖨\r\n", utf16Bytes("número 🖨\r\n", false, true)},
		{"UTF-16 BE", encUTF16BE, "número 🖨\r\n", utf16Bytes("número 🖨\r\n", true, true)},
		{"UTF-16 LE without BOM", encUTF16LE, "number,short_description\n", utf16Bytes("number,short_description\n", false, false)},
		{"UTF-16 BE without BOM", encUTF16BE, "number,short_description\n", utf16Bytes("number,short_description\n", true, false)},
		{"UTF-16 odd last byte", encUTF16LE, "ab\uFFFD", append(utf16Bytes("ab", false, true), 'c')},
		{"UTF-16 lone surrogates", encUTF16LE, "\uFFFDa\uFFFD", []byte{0xFF, 0xFE, 0x00, 0xD8, 'a', 0, 0x00, 0xDC}},
		{"UTF-16 high surrogate at the end", encUTF16LE, "a\uFFFD", []byte{0xFF, 0xFE, 'a', 0, 0x3D, 0xD8}},
		{"ASCII then Windows-1252 past the sniff", encUTF8, ascii + "Ren\u00e9e \u201cx\u201d", append([]byte(ascii), "Ren\xe9e \x93x\x94"...)},
		{"UTF-8 then a stray Windows-1252 byte past the sniff", encUTF8, "é" + ascii + "\u201cx\u201d é", append(append([]byte("é"), ascii...), "\x93x\x94 é"...)},
		{"mixed within the sniff", encMixed, "\u201cx\u201d é", []byte("\x93x\x94 é")},
		{"UTF-8 cut at the end", encUTF8, "ab\u00c3", []byte("ab\xc3")},
		{"empty", encUTF8, "", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for _, slow := range []bool{false, true} {
				var src io.Reader = bytes.NewReader(tc.in)
				if slow {
					src = iotest.OneByteReader(src)
				}
				r, enc, err := decodeText(src)
				require.NoError(t, err)
				assert.Equal(t, tc.enc, enc)
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
		assert.Equal(t, string(r), string(cp1252Rune(b)), "byte 0x%02X", b)
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
			_, _, err := decodeText(bytes.NewReader(tc.in))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
	// A stray NUL in a text file is the CSV reader's business (it rejects
	// that row), not a reason to refuse the file.
	_, _, err := decodeText(strings.NewReader("number,title\nINC1,a\x00b\n"))
	assert.NoError(t, err)
}

func TestDetectUTF16WithoutBOM(t *testing.T) {
	head := utf16Bytes("number,short_description,state,opened_at\r\nINC1,x,New,2024-03-01 09:00:00\r\n", false, false)
	score, _ := Connector{}.Detect("export.csv", head)
	assert.Equal(t, 95, score)
	head = utf16Bytes("number,sys_mod_count,state\r\nINC1,0,New\r\nINC1,1,Closed\r\n", true, true)
	score, _ = AuditConnector{}.Detect("history.csv", head)
	assert.Equal(t, 99, score)
}
