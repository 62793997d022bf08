package ingest

import (
	"bytes"
	"fmt"
	"strings"
)

// HeadSize is how many bytes detection peeks at.
const HeadSize = 64 << 10

// Detection is the outcome of peeking at one file.
type Detection struct {
	Connector Connector
	Score     int
	Reason    string
}

// Detect asks every connector to score head and returns the best. Ties go to
// the connector whose name sorts first, so detection is deterministic.
func Detect(path string, head []byte) (Detection, error) {
	var best Detection
	var seen []string
	for _, c := range Connectors() {
		score, reason := c.Detect(path, head)
		if score > 0 {
			seen = append(seen, fmt.Sprintf("%s (%d)", c.Name(), score))
		}
		if score > best.Score {
			best = Detection{Connector: c, Score: score, Reason: reason}
		}
	}
	if best.Connector == nil || best.Score < 20 {
		if what := whatItIs(head); what != "" {
			return Detection{}, fmt.Errorf("%s: %s", path, what)
		}
		hint := "no connector recognised it"
		if len(seen) > 0 {
			hint = "only weak guesses: " + strings.Join(seen, ", ")
		}
		return Detection{}, fmt.Errorf("%s: cannot tell which export this is (%s); pass --source FORMAT or set the source's format in lanes.yaml", path, hint)
	}
	return best, nil
}

// whatItIs names what no connector recognised, when its first bytes say
// plainly: nothing, an empty JSON list, a compressed file, a workbook.
func whatItIs(head []byte) string {
	trimmed := bytes.TrimSpace(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")))
	switch {
	case len(trimmed) == 0:
		return "the file is empty"
	case compactJSON(trimmed) == "[]" || compactJSON(trimmed) == "{}":
		return "the file holds an empty JSON " + map[byte]string{'[': "list", '{': "object"}[trimmed[0]] +
			": nothing to load (an API export with no records); remove it, or pass --source FORMAT to record it as an empty page"
	case bytes.HasPrefix(head, []byte{0x1f, 0x8b}):
		return "the file is gzip-compressed and no connector reads it compressed (event logs do, as .xes.gz or .csv.gz): decompress it first (gunzip)"
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return "the file is a zip archive (an Excel workbook saved with another name?): save the sheet as CSV, or name the archive .zip"
	}
	return ""
}

// compactJSON is b without JSON whitespace when it is short, else "".
func compactJSON(b []byte) string {
	if len(b) > 64 {
		return ""
	}
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, string(b))
}
