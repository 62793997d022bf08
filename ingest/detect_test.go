package ingest_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/ingest"
	_ "github.com/lanes-dev/lanes/ingest/all"
)

// TestDetectSaysWhatItIs: a file no connector recognises, whose first bytes
// say what it is, gets an error saying so instead of "cannot tell".
func TestDetectSaysWhatItIs(t *testing.T) {
	for _, tc := range []struct {
		name, head, want string
	}{
		{"empty", "", "f: the file is empty"},
		{"blank", " \n\t\n", "f: the file is empty"},
		{"empty list", "[ ]\n", "f: the file holds an empty JSON list: nothing to load (an API export with no records); remove it, or pass --source FORMAT to record it as an empty page"},
		{"empty object", "\ufeff{}", "f: the file holds an empty JSON object: nothing to load (an API export with no records); remove it, or pass --source FORMAT to record it as an empty page"},
		{"gzip", "\x1f\x8b\x08\x00", "f: the file is gzip-compressed and no connector reads it compressed (event logs do, as .xes.gz or .csv.gz): decompress it first (gunzip)"},
		{"workbook", "PK\x03\x04\x14\x00", "f: the file is a zip archive (an Excel workbook saved with another name?): save the sheet as CSV, or name the archive .zip"},
		{"anything else", "hello there\n", "f: cannot tell which export this is (no connector recognised it); pass --source FORMAT or set the source's format in lanes.yaml"},
	} {
		_, err := ingest.Detect("f", []byte(tc.head))
		require.Error(t, err, tc.name)
		assert.Equal(t, tc.want, err.Error(), tc.name)
	}
}
