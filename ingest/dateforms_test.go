package ingest_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/ingest"
	"github.com/lanes-dev/lanes/models/config"
)

// dateForm is a file of dates in one written form, read by a source in
// Europe/Berlin, and the UTC times they name, worked out by hand: Berlin
// is UTC+1 until the clocks jump forward on 29 March 2026, UTC+2 after.
type dateForm struct {
	name  string
	dates []string
	want  []time.Time
}

func utc(y int, m time.Month, d, h, mi, s int) time.Time {
	return time.Date(y, m, d, h, mi, s, 0, time.UTC)
}

// readDateForms reads each form's file with every connector that detects
// the date layout, and checks every row loads as the time it names.
func readDateForms(t *testing.T, forms []dateForm) {
	t.Helper()
	for _, f := range dateOrderFormats {
		for _, form := range forms {
			t.Run(f.format+"/"+form.name, func(t *testing.T) {
				require.Len(t, form.want, len(form.dates))
				var b strings.Builder
				b.WriteString(f.header)
				for i, d := range form.dates {
					b.WriteString(f.row(i, d))
				}
				b.WriteString(f.footer)
				path := writeFile(t, filepath.Join(t.TempDir(), f.name), []byte(b.String()))
				cfg := config.Default()
				cfg.Sources = []config.Source{{Name: "s", Path: path, Format: f.format, TimeZone: "Europe/Berlin"}}
				wh := openWarehouse(t)
				sum, err := ingest.Run(context.Background(), wh, cfg, ingest.Options{Paths: []string{path}, MaxRejectPct: 100,
					Now: func() time.Time { return time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC) }})
				require.NoError(t, err)
				require.Len(t, sum.Files, 1)
				assert.Zero(t, sum.Files[0].Rejected, "%v", sum.Files[0].Rejects)
				for i, want := range form.want {
					var got time.Time
					require.NoError(t, wh.QueryRow(context.Background(), "select created_at from tickets where source_key = ?", f.key(i)).Scan(&got), "row %d", i)
					assert.Equal(t, want, got.UTC(), "row %d: %s", i, form.dates[i])
				}
			})
		}
	}
}

// "am" and "pm" in lower case (Excel in Australia and the UK) or mixed
// case read as AM and PM; 12:30 am is half past midnight. A date that
// only reads month-first with a lower-case "am" settles the order of the
// file like any other: 03-04-2026 is then 4 March.
func TestDateFormsLowerCaseDayPeriod(t *testing.T) {
	readDateForms(t, []dateForm{
		{"lower case", []string{"03/14/2026 12:30:00 am", "03/14/2026 12:45:00 pm", "03/04/2026 10:00:00 am"},
			[]time.Time{utc(2026, 3, 13, 23, 30, 0), utc(2026, 3, 14, 11, 45, 0), utc(2026, 3, 4, 9, 0, 0)}},
		{"mixed case", []string{"3/14/2026 9:05 pm", "3/15/2026 10:05 Am", "3/16/2026 11:59 PM", "3/17/2026 12:00 AM"},
			[]time.Time{utc(2026, 3, 14, 20, 5, 0), utc(2026, 3, 15, 9, 5, 0), utc(2026, 3, 16, 22, 59, 0), utc(2026, 3, 16, 23, 0, 0)}},
		{"settles the order", []string{"03-04-2026 10:00:00 AM", "03-14-2026 12:30:00 am"},
			[]time.Time{utc(2026, 3, 4, 9, 0, 0), utc(2026, 3, 13, 23, 30, 0)}},
		{"year first", []string{"2026-03-14 09:05 pm", "2026-04-01 12:10 am"},
			[]time.Time{utc(2026, 3, 14, 20, 5, 0), utc(2026, 3, 31, 22, 10, 0)}},
	})
}

// A lower-case "pm" after the sample, in a file whose sample has only
// upper case, is read too; a configured layout's "pm" reads either case;
// and lower case alone does not make the dates localized (the Jira fast
// path leaves such values to Go rather than declining the file).
func TestLowerCaseDayPeriodParser(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	require.NoError(t, err)
	p, err := ingest.NewTimeParser("", berlin)
	require.NoError(t, err)
	p.Observe("03/14/2026 10:00:00 AM")
	require.NoError(t, p.Decide())
	got, err := p.Parse("03/15/2026 1:00:00 pm")
	require.NoError(t, err)
	assert.Equal(t, utc(2026, 3, 15, 12, 0, 0), got.UTC())

	p, err = ingest.NewTimeParser("01/02/2006 3:04 pm", berlin)
	require.NoError(t, err)
	p.Observe("03/14/2026 9:05 pm")
	require.NoError(t, p.Decide())
	for _, v := range []string{"03/14/2026 9:05 pm", "03/14/2026 9:05 PM"} {
		got, err := p.Parse(v)
		require.NoError(t, err, v)
		assert.Equal(t, utc(2026, 3, 14, 20, 5, 0), got.UTC(), v)
	}

	p, err = ingest.NewTimeParser("", berlin)
	require.NoError(t, err)
	p.Observe("14/03/2026 1:30 pm")
	require.NoError(t, p.Decide())
	assert.False(t, p.Localized())
	got, err = p.Parse("14/03/2026 1:30 pm")
	require.NoError(t, err)
	assert.Equal(t, utc(2026, 3, 14, 12, 30, 0), got.UTC())
}

// Numeric dates with '.' or '-', no leading zeros and a four-digit year
// (German Excel writes 14.3.2026) read like their padded forms: dots
// day-first, dashes in the order the file's dates settle, year first
// unambiguous. 4.3.2026 at midnight in Berlin is 23:00 UTC the day before.
func TestDateFormsUnpaddedFourDigitYear(t *testing.T) {
	readDateForms(t, []dateForm{
		{"dots", []string{"14.3.2026 13:30", "4.3.2026", "1.4.2026 9:05:30", "14.03.2026 13:30"},
			[]time.Time{utc(2026, 3, 14, 12, 30, 0), utc(2026, 3, 3, 23, 0, 0), utc(2026, 4, 1, 7, 5, 30), utc(2026, 3, 14, 12, 30, 0)}},
		{"dashes, day first", []string{"14-3-2026 13:30", "4-3-2026 9:00", "1-4-2026 1:30 PM"},
			[]time.Time{utc(2026, 3, 14, 12, 30, 0), utc(2026, 3, 4, 8, 0, 0), utc(2026, 4, 1, 11, 30, 0)}},
		{"dashes, month first", []string{"3-14-2026", "3-4-2026 1:30 PM", "4-1-2026 09:00:00"},
			[]time.Time{utc(2026, 3, 13, 23, 0, 0), utc(2026, 3, 4, 12, 30, 0), utc(2026, 4, 1, 7, 0, 0)}},
		{"year first", []string{"2026-3-14", "2026-4-1 9:05", "2026-3-4 10:00:00"},
			[]time.Time{utc(2026, 3, 13, 23, 0, 0), utc(2026, 4, 1, 7, 5, 0), utc(2026, 3, 4, 9, 0, 0)}},
	})
}

// A space-separated ISO time with an offset of hours alone, as PostgreSQL
// writes timestamptz (2026-03-14 09:05:00+01) or after a blank, is the
// instant it names, whatever the source's zone; without an offset, the
// same file's values are Berlin time.
func TestDateFormsShortOffset(t *testing.T) {
	readDateForms(t, []dateForm{
		{"postgres", []string{"2026-03-14 09:05:00+01", "2026-03-14 09:05:00-03", "2026-07-01 10:00:00.5+02", "2026-03-14 09:05:00"},
			[]time.Time{utc(2026, 3, 14, 8, 5, 0), utc(2026, 3, 14, 12, 5, 0), utc(2026, 7, 1, 8, 0, 0).Add(500 * time.Millisecond), utc(2026, 3, 14, 8, 5, 0)}},
		{"after a blank", []string{"2026-03-14 01:30:00 +01", "2026-03-14 01:30:00 -05", "2026-03-14 01:30:00 +0100", "2026-03-14 01:30:00+0100"},
			[]time.Time{utc(2026, 3, 14, 0, 30, 0), utc(2026, 3, 14, 6, 30, 0), utc(2026, 3, 14, 0, 30, 0), utc(2026, 3, 14, 0, 30, 0)}},
	})
}

// Day, short month name and year with dashes (dd-MMM-yyyy, a common
// ServiceNow and Oracle user format), in any case and in the languages
// month names are detected in; Oracle's DD-MON-RR has a two-digit year.
func TestDateFormsDayMonthNameYear(t *testing.T) {
	readDateForms(t, []dateForm{
		{"English", []string{"04-Mar-2026 10:00:00", "14-MAR-2026 09:05", "01-apr-2026 1:30 PM"},
			[]time.Time{utc(2026, 3, 4, 9, 0, 0), utc(2026, 3, 14, 8, 5, 0), utc(2026, 4, 1, 11, 30, 0)}},
		{"German", []string{"04-Mär-2026 10:00:00", "14-Mrz-2026 09:05:00", "01-Mai-2026 10:00:00"},
			[]time.Time{utc(2026, 3, 4, 9, 0, 0), utc(2026, 3, 14, 8, 5, 0), utc(2026, 5, 1, 8, 0, 0)}},
		{"French", []string{"14-févr.-2026 10:00:00", "02-janv.-2026 10:00:00"},
			[]time.Time{utc(2026, 2, 14, 9, 0, 0), utc(2026, 1, 2, 9, 0, 0)}},
		{"Oracle, no time", []string{"04-MAR-26", "31-DEC-25"},
			[]time.Time{utc(2026, 3, 3, 23, 0, 0), utc(2025, 12, 30, 23, 0, 0)}},
	})
}

// Numeric German dates with a 12-hour clock, AM and PM or Jira's vorm.
// and nachm.: 1:30 nachm. is 13:30.
func TestDateFormsDotsTwelveHour(t *testing.T) {
	readDateForms(t, []dateForm{
		{"AM and PM", []string{"14.03.2026 01:30 PM", "01.04.2026 12:05 AM", "04.03.2026 11:15:30 AM"},
			[]time.Time{utc(2026, 3, 14, 12, 30, 0), utc(2026, 3, 31, 22, 5, 0), utc(2026, 3, 4, 10, 15, 30)}},
		{"vorm. and nachm.", []string{"14.03.26 1:30 nachm.", "04.03.26 11:15 vorm.", "01.04.26 12:00 nachm."},
			[]time.Time{utc(2026, 3, 14, 12, 30, 0), utc(2026, 3, 4, 10, 15, 0), utc(2026, 4, 1, 10, 0, 0)}},
	})
}
