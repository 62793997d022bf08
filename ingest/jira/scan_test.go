package jira

import (
	"bytes"
	"context"
	"errors"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/ingest"
	"github.com/lanes-dev/lanes/ingest/csvfile"
	"github.com/lanes-dev/lanes/models/warehouse"
)

// everyOther marks every other column as trimmed.
func everyOther(names []string) ([]bool, error) {
	trim := make([]bool, len(names))
	for i := range trim {
		trim[i] = i%2 == 0
	}
	return trim, nil
}

// checkScan holds scanShape to the Go reader: when the scan accepts a
// file, csvfile reads it without a reject or an error, every record it
// returns starts on the line the anchors give, the records it skips are
// all-empty ones, and the padded records are exactly those with a trimmed
// value that has blanks around it.
func checkScan(t *testing.T, data []byte) (accepted bool) {
	t.Helper()
	sh, err := scanShape(bytes.NewReader(data), everyOther)
	if err != nil {
		var np *notPlain
		require.True(t, errors.As(err, &np), "unexpected error %v", err)
		return false
	}
	r, err := csvfile.Open(format, &ingest.Input{Path: "input.csv", Reader: bytes.NewReader(data)}, csvfile.Options{})
	require.NoError(t, err, "the scan accepted what the Go reader refuses")
	lines := make([]int64, sh.records)
	for i := range lines {
		var a anchor
		for _, x := range sh.anchors {
			if x.idx <= int64(i) {
				a = x
			}
		}
		lines[i] = a.line + int64(i) - a.idx
	}
	physical := strings.Split(strings.TrimPrefix(string(data), "\ufeff"), "\n")
	padded := map[int64]bool{}
	for _, p := range sh.padded {
		padded[p] = true
	}
	next := 0
	for {
		rec, rej, err := r.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		require.NoError(t, err, "the scan accepted what the Go reader refuses")
		require.Nil(t, rej, "the scan accepted a row the Go reader rejects")
		for next < len(lines) && lines[next] != rec.Line {
			text := strings.TrimSuffix(physical[lines[next]-1], "\r")
			assert.Empty(t, strings.Trim(text, `,"`), "record on line %d skipped but not empty", lines[next])
			next++
		}
		require.Less(t, next, len(lines), "record on line %d is not where the scan put one", rec.Line)
		want := false
		for i, v := range rec.Fields {
			if i%2 == 0 && strings.TrimSpace(v) != v {
				want = true
			}
		}
		assert.Equal(t, want, padded[int64(next)], "padded record on line %d", rec.Line)
		next++
	}
	return true
}

func TestScanShape(t *testing.T) {
	cases := []struct {
		name, data string
		plain      bool
	}{
		{"simple", "a,b,c\n1,2,3\n4,5,6\n", true},
		{"multi-line values and blanks", "a,b\n\"x\ny\",1\n\n\n2,\"z\"\"q\"\n,\n3,4", true},
		{"windows endings, newlines inside", "a,b\r\n\"x\ny\",1\r\n\"p\r\nq\",2\r\n", true},
		{"padded values", "a,b,c\n x,y,z\nq, r ,s\n\"\nx\",1,2\n", true},
		{"unicode blanks", "a,b\n\u00a0x,y\nx\u3000,y\n", true},
		{"byte order mark", "\ufeffa,b\n1,2\n", true},
		{"too few fields", "a,b\n1\n", false},
		{"stray quote", "a,b\nx\"y,1\n", false},
		{"text after a quote", "a,b\n\"x\"y,1\n", false},
		{"unclosed quote", "a,b\n\"x,1\n", false},
		{"mixed endings", "a,b\r\n1,2\n", false},
		{"lone carriage return", "a,b\n1\r2,3\n", false},
		{"NUL", "a,b\n1,\x002\n", false},
		{"not UTF-8", "a,b\n1,\xff\n", false},
		{"header not first", "\na,b\n1,2\n", false},
		{"header over two lines", "\"a\nb\",c\n1,2\n", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.plain, checkScan(t, []byte(tc.data)))
		})
	}
}

// TestScanShapeRandom builds files from pieces that exercise quoting,
// blanks and line endings.
func TestScanShapeRandom(t *testing.T) {
	pieces := []string{"x", "", " ", "\u00a0", "\"q\"", "\"a,b\"", "\"l1\nl2\"", "\"\"\"\"", "\t", "é", "\"\r\n\""}
	r := rand.New(rand.NewPCG(1, 2))
	accepted := 0
	for n := range 2000 {
		var b strings.Builder
		b.WriteString("a,b,c\n")
		for range r.IntN(6) {
			for f := range 3 {
				if f > 0 {
					b.WriteByte(',')
				}
				b.WriteString(pieces[r.IntN(len(pieces))])
			}
			if r.IntN(10) == 0 {
				b.WriteString("\n")
			}
			b.WriteString("\n")
		}
		data := b.String()
		if n%3 == 0 {
			data = strings.ReplaceAll(data, "\n", "\r\n")
		}
		if checkScan(t, []byte(data)) {
			accepted++
		}
	}
	assert.Greater(t, accepted, 100)
}

func FuzzScanShape(f *testing.F) {
	dirs, _ := filepath.Glob("testdata/*/input.csv")
	for _, d := range dirs {
		b, err := os.ReadFile(d)
		require.NoError(f, err)
		f.Add(b)
	}
	f.Add([]byte("a,b\n\"x\ny\",1\n\n2,\" z \"\n"))
	f.Fuzz(func(t *testing.T, data []byte) { checkScan(t, data) })
}

// TestLayoutsDuckDB translates every layout detection knows and checks,
// with DuckDB, that the ones it translates are written and read as Go
// does; Jira's and the ISO forms must be among them.
func TestLayoutsDuckDB(t *testing.T) {
	ctx := context.Background()
	wh, err := warehouse.Open(ctx, ":memory:", warehouse.Options{})
	require.NoError(t, err)
	defer wh.Close()
	var translated []string
	err = wh.Write(ctx, func(tx *warehouse.Tx) error {
		for _, layout := range ingest.TimeLayouts() {
			f, ok := strftimeLayout(layout)
			if !ok {
				continue
			}
			l := &bulkLoad{b: &ingest.Bulk{Tx: tx}, layout: []string{layout}, format: f}
			ok, err := l.checkFormat()
			require.NoError(t, err)
			assert.True(t, ok, "%s as %s", layout, f)
			if ok {
				translated = append(translated, layout)
			}
		}
		return nil
	})
	require.NoError(t, err)
	// The dotted German forms too: the "." before "01" is a literal, not
	// fractional seconds as in ".000" (they once made the file take the Go
	// path).
	for _, want := range []string{"02/Jan/06 3:04 PM", "2006-01-02 15:04:05", "2006-01-02T15:04:05", "02/01/2006 15:04", "1/2/2006 3:04 PM",
		"02.01.06 15:04", "02.01.2006 15:04:05"} {
		assert.Contains(t, translated, want)
	}
	for _, frac := range []string{"2006-01-02 15:04:05.000", "2006-01-02 15:04:05,999", "15:04:05.0"} {
		_, ok := strftimeLayout(frac)
		assert.False(t, ok, frac)
	}
	for _, no := range []string{"2006-01-02T15:04:05Z07:00", "2006-01-02 15:04:05 -0700"} {
		assert.NotContains(t, translated, no)
	}
}

// TestZoneExpr checks the UTC conversion's spans against Go, hour by hour
// across two years of Berlin and New York, with DuckDB.
func TestZoneExpr(t *testing.T) {
	ctx := context.Background()
	wh, err := warehouse.Open(ctx, ":memory:", warehouse.Options{})
	require.NoError(t, err)
	defer wh.Close()
	for _, zone := range []string{"Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "UTC"} {
		loc, err := time.LoadLocation(zone)
		require.NoError(t, err)
		expr := zoneExpr(loc, zoneFrom, zoneTo)
		q := "select w, " + expr("w") + " from (select unnest(generate_series(TIMESTAMP '2025-01-01', TIMESTAMP '2026-12-31', INTERVAL 30 MINUTE)) as w)"
		rows, err := wh.Query(ctx, q)
		require.NoError(t, err)
		n, nulls := 0, 0
		for rows.Next() {
			var w time.Time
			var u *time.Time
			require.NoError(t, rows.Scan(&w, &u))
			want := time.Date(w.Year(), w.Month(), w.Day(), w.Hour(), w.Minute(), 0, 0, loc)
			if u == nil {
				nulls++
				// Left to Go: within an hour of a change.
				s, e := want.ZoneBounds()
				near := (!s.IsZero() && want.Sub(s) < 3*time.Hour) || (!e.IsZero() && e.Sub(want) < 3*time.Hour)
				assert.True(t, near, "%s %s has no UTC but is far from a change", zone, w)
				continue
			}
			assert.Equal(t, w.Hour(), want.Hour(), "%s %s is a skipped time but has a UTC", zone, w)
			assert.Equal(t, want.UTC(), u.UTC(), "%s %s", zone, w)
			n++
		}
		require.NoError(t, rows.Err())
		require.NoError(t, rows.Close())
		assert.Greater(t, n, 30000, zone)
		if zone == "UTC" || zone == "Asia/Kolkata" {
			assert.Zero(t, nulls, zone)
		}
	}
}
