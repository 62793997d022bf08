package config

import "strings"

// Text encodings a source's CSV files may be declared in (Source.Encoding).
// Empty means detect: see package ingest/csvfile.
const (
	EncodingUTF8        = "utf-8"
	EncodingUTF16       = "utf-16" // little endian unless a byte order mark says otherwise
	EncodingUTF16LE     = "utf-16le"
	EncodingUTF16BE     = "utf-16be"
	EncodingWindows1252 = "windows-1252"
)

// encodingAliases maps the names people write to the encodings above.
// ISO-8859-1 (Latin-1) reads as Windows-1252, as browsers do: the two agree
// on every printable character Latin-1 has.
var encodingAliases = map[string]string{
	"": "", "auto": "",
	"utf-8": EncodingUTF8, "utf8": EncodingUTF8,
	"utf-16": EncodingUTF16, "utf16": EncodingUTF16, "unicode": EncodingUTF16,
	"utf-16le": EncodingUTF16LE, "utf-16-le": EncodingUTF16LE, "utf16le": EncodingUTF16LE,
	"utf-16be": EncodingUTF16BE, "utf-16-be": EncodingUTF16BE, "utf16be": EncodingUTF16BE,
	"windows-1252": EncodingWindows1252, "cp1252": EncodingWindows1252, "win-1252": EncodingWindows1252,
	"iso-8859-1": EncodingWindows1252, "latin-1": EncodingWindows1252, "latin1": EncodingWindows1252,
}

// NormalizeEncoding turns a source's encoding as written in lanes.yaml into
// one of the Encoding* names ("" for detect); ok is false for a name lanes
// does not read.
func NormalizeEncoding(name string) (enc string, ok bool) {
	enc, ok = encodingAliases[strings.ToLower(strings.TrimSpace(name))]
	return enc, ok
}

// EncodingNames lists the encodings a source may name, for messages.
func EncodingNames() string {
	return "auto, utf-8, utf-16, utf-16le, utf-16be, windows-1252 (also cp1252, latin1, iso-8859-1)"
}
