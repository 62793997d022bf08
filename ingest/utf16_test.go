package ingest_test

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/ingest"
	"github.com/lanes-dev/lanes/ingest/ingesttest"
)

// TestUTF16Reader: UTF-16 decodes to the same text in both byte orders,
// whatever size the reads come in (a pair split between two reads
// included); text that is not UTF-16 stops reading with the place of the
// broken character, after the text before it.
func TestUTF16Reader(t *testing.T) {
	long := strings.Repeat("x", 40<<10) // past one 32 KiB chunk
	cases := []struct {
		name string
		in   func(big bool) []byte
		want string // the text read before the error
		err  *ingest.UTF16Error
	}{
		{"text with pairs", func(big bool) []byte { return ingesttest.UTF16("número 🖨\r\nß 𝄞 end", big, false) }, "número 🖨\r\nß 𝄞 end", nil},
		{"a pair across chunks", func(big bool) []byte { return ingesttest.UTF16(long[1:]+"🖨!", big, false) }, long[1:] + "🖨!", nil},
		// "ab\n" then on line 2 "c", a high surrogate (0xD83D) and "d": the
		// surrogate is line 2's second character.
		{"lone high surrogate", func(big bool) []byte {
			return cat(ingesttest.UTF16("ab\nc", big, false), unit(0xD83D, big), ingesttest.UTF16("d", big, false))
		}, "ab\nc", &ingest.UTF16Error{Line: 2, Character: 2, Unit: 0xD83D}},
		{"lone low surrogate", func(big bool) []byte {
			return cat(ingesttest.UTF16("é", big, false), unit(0xDC00, big), ingesttest.UTF16("x", big, false))
		}, "é", &ingest.UTF16Error{Line: 1, Character: 2, Unit: 0xDC00}},
		{"two high surrogates", func(big bool) []byte {
			return cat(unit(0xD83D, big), unit(0xD83D, big), unit(0xDDA8, big))
		}, "", &ingest.UTF16Error{Line: 1, Character: 1, Unit: 0xD83D}},
		{"high surrogate at the end", func(big bool) []byte {
			return cat(ingesttest.UTF16("a\n\nb", big, false), unit(0xD83D, big))
		}, "a\n\nb", &ingest.UTF16Error{Line: 3, Character: 2, Unit: 0xD83D}},
		{"a last byte alone", func(big bool) []byte {
			return cat(ingesttest.UTF16(long+"\nzz", big, false), []byte{'q'})
		}, long + "\nzz", &ingest.UTF16Error{Line: 2, Character: 3}},
	}
	for _, tc := range cases {
		for _, big := range []bool{false, true} {
			for _, slow := range []bool{false, true} {
				var src io.Reader = bytes.NewReader(tc.in(big))
				if slow {
					src = iotest.OneByteReader(src)
				}
				got, err := io.ReadAll(ingest.NewUTF16Reader(src, big))
				assert.Equal(t, tc.want, string(got), "%s, big endian %v, a byte at a time %v", tc.name, big, slow)
				if tc.err == nil {
					assert.NoError(t, err, tc.name)
					continue
				}
				var ue *ingest.UTF16Error
				require.True(t, errors.As(err, &ue), "%s: want a UTF16Error, got %v", tc.name, err)
				assert.Equal(t, tc.err, ue, "%s, big endian %v, a byte at a time %v", tc.name, big, slow)
			}
		}
	}
	assert.Equal(t, "UTF-16 unit 0xD83D is half of a character whose other half is missing (an unpaired surrogate): the file is damaged, or a tool cut text inside a character; export it again",
		(&ingest.UTF16Error{Unit: 0xD83D}).Error())
}

func unit(u uint16, big bool) []byte {
	if big {
		return []byte{byte(u >> 8), byte(u)}
	}
	return []byte{byte(u), byte(u >> 8)}
}

func cat(parts ...[]byte) []byte { return bytes.Join(parts, nil) }
