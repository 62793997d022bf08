package ingest_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/ingest"
)

func TestParseTime(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	require.NoError(t, err)
	cases := []struct {
		name    string
		value   string
		layouts []string
		want    time.Time
		wantErr string
	}{
		{"local time in the source's zone", "05/Feb/24 9:15 AM", []string{"02/Jan/06 3:04 PM"}, time.Date(2024, 2, 5, 8, 15, 0, 0, time.UTC), ""},
		{"summer time", "2024-07-01 12:00:00", []string{"2006-01-02 15:04:05"}, time.Date(2024, 7, 1, 10, 0, 0, 0, time.UTC), ""},
		{"explicit offset wins", "2024-07-01T12:00:00-05:00", []string{"2006-01-02T15:04:05Z07:00"}, time.Date(2024, 7, 1, 17, 0, 0, 0, time.UTC), ""},
		{"second layout fits", "2024-07-01", []string{"2006-01-02 15:04:05", "2006-01-02"}, time.Date(2024, 6, 30, 22, 0, 0, 0, time.UTC), ""},
		{"blanks around", "  2024-07-01 12:00:00 ", []string{"2006-01-02 15:04:05"}, time.Date(2024, 7, 1, 10, 0, 0, 0, time.UTC), ""},
		{"typo in month", "31/Fbr/24 3:15 PM", []string{"02/Jan/06 3:04 PM"}, time.Time{}, `cannot read "31/Fbr/24 3:15 PM" as a date (expected like 02/Jan/06 3:04 PM)`},
		{"day out of range", "2024-02-30 10:00:00", []string{"2006-01-02 15:04:05"}, time.Time{}, `cannot read "2024-02-30 10:00:00" as a date (expected like 2006-01-02 15:04:05)`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ingest.ParseTime(tc.value, tc.layouts, berlin)
			if tc.wantErr != "" {
				require.Error(t, err)
				assert.Equal(t, tc.wantErr, err.Error())
				return
			}
			require.NoError(t, err)
			assert.True(t, tc.want.Equal(got), "want %s, got %s", tc.want, got.UTC())
		})
	}
}

func TestDetectLayouts(t *testing.T) {
	cases := []struct {
		name    string
		samples []string
		first   string // the layout tried first
		wantErr string
	}{
		{"jira default", []string{"05/Feb/24 9:15 AM", "", "17/Feb/24 12:01 PM"}, "02/Jan/06 3:04 PM", ""},
		{"servicenow default", []string{"2024-03-04 08:12:45", "2024-03-05 09:00:00"}, "2006-01-02 15:04:05", ""},
		{"iso with offset", []string{"2024-03-04T08:12:45Z", "2024-03-04T08:12:45.123+01:00"}, "2006-01-02T15:04:05Z07:00", ""},
		{"minutes only", []string{"2024-03-04 08:12"}, "2006-01-02 15:04", ""},
		{"slashes, year first", []string{"2024/03/04 08:12"}, "2006/01/02 15:04", ""},
		{"day first settled by the 13th", []string{"04/03/2024 09:00:00", "13/03/2024 17:30:00"}, "02/01/2006 15:04:05", ""},
		{"day first with dashes", []string{"04-03-2024 09:00:00", "25-03-2024 09:00:00"}, "02-01-2006 15:04:05", ""},
		{"month first settled by the 14th", []string{"03/04/2024 09:00:00", "03/14/2024 17:30:00"}, "01/02/2006 15:04:05", ""},
		{"month first, unpadded, 12-hour", []string{"3/14/2024 2:05 PM", "3/4/2024 9:00 AM"}, "1/2/2006 3:04 PM", ""},
		{"day first, unpadded, 12-hour (Excel in Australia or the UK)", []string{"3/1/2024 9:00:00 AM", "25/1/2024 9:00:00 AM"}, "2/1/2006 3:04:05 PM", ""},
		{"day first, unpadded, 12-hour, no seconds", []string{"3/1/2024 9:00 AM", "25/1/2024 9:00 PM"}, "2/1/2006 3:04 PM", ""},
		{"day first, two-digit year, 12-hour", []string{"3/1/24 9:00 AM", "25/1/24 9:00 PM"}, "2/1/06 3:04 PM", ""},
		{"day first with dashes, 12-hour", []string{"03-01-2024 09:00 AM", "25-01-2024 09:00 PM"}, "02-01-2006 3:04 PM", ""},
		{"Java's and Jira's ISO default", []string{"2024-03-01T09:00:00.000+0000", "2024-03-02T09:00:00.000+0100"}, "2006-01-02T15:04:05Z0700", ""},
		{"RFC 1123 with an offset", []string{"Fri, 01 Mar 2024 09:00:00 +0000"}, "Mon, 02 Jan 2006 15:04:05 -0700", ""},
		{"day first with dots, two-digit year (German Jira)", []string{"04.03.24 14:05", "25.03.24 09:00"}, "02.01.06 15:04", ""},
		{"unpadded dots, two-digit year", []string{"4.3.24 14:05", "25.3.24 9:00"}, "2.1.06 15:04", ""},
		{"day first with dashes, two-digit year", []string{"04-03-24 14:05", "25-03-24 09:00"}, "02-01-06 15:04", ""},
		{"month first with dashes, 12-hour", []string{"03-14-2024 01:02:03 PM", "03-04-2024 09:00:00 AM"}, "01-02-2006 3:04:05 PM", ""},
		{"year first, 12-hour", []string{"2024-03-05 01:02:03 PM"}, "2006-01-02 3:04:05 PM", ""},
		{"month name, seconds, 12-hour", []string{"Mar 5, 2024 1:02:03 PM"}, "Jan 2, 2006 3:04:05 PM", ""},
		{"day first with dots, unpadded, four-digit year (German Excel)", []string{"14.3.2026 13:30", "4.3.2026 9:05"}, "2.1.2006 15:04", ""},
		{"dots are day first alone", []string{"4.3.2026"}, "2.1.2006", ""},
		{"day first with dashes, unpadded", []string{"14-3-2026 13:30", "4-3-2026 9:05"}, "2-1-2006 15:04", ""},
		{"month first with dashes, unpadded, no time", []string{"3-14-2026", "3-4-2026"}, "1-2-2006", ""},
		{"year first, unpadded", []string{"2026-3-14", "2026-3-4"}, "2006-1-2", ""},
		{
			"ambiguous with dashes, unpadded", []string{"4-3-2026"}, "",
			`ambiguous dates: "4-3-2026" could be day-first or month-first and no date in the file settles it; set date_order: day_first or month_first for this source in lanes.yaml, or date_format, e.g. "2-1-2006" (day first) or "1-2-2006" (month first)`,
		},
		{"day, month name and year with dashes (ServiceNow, Oracle)", []string{"04-Mar-2026 10:00:00", "14-MAR-2026 09:05:00"}, "02-Jan-2006 15:04:05", ""},
		{"day, month name and year with dashes, no time", []string{"04-MAR-26", "14-Mar-26"}, "02-Jan-06", ""},
		{
			"day, month name and year with dashes, two languages", []string{"04-Mar-2026 10:00:00", "04-Mär-2026 10:00:00"}, "",
			`ambiguous dates: the month names are not all of one language: "04-Mär-2026 10:00:00" reads only as German, the dates before it only as English, Spanish or Portuguese; set date_locale for this source in lanes.yaml to the language of the export (one of en, de, es, fr, pt)`,
		},
		{"day first with dots, 12-hour", []string{"14.03.2026 01:30 PM", "04.03.2026 11:15 AM"}, "02.01.2006 3:04 PM", ""},
		{"day first with dots, two-digit year, 12-hour", []string{"14.03.26 1:30 PM", "04.03.26 11:15 AM"}, "02.01.06 3:04 PM", ""},
		{"a bad sample does not decide", []string{"31/Fbr/24 3:15 PM", "05/Feb/24 9:15 AM"}, "02/Jan/06 3:04 PM", ""},
		{"same day and month are not ambiguous", []string{"01/01/2024 10:00:00"}, "01/02/2006 15:04:05", ""},
		{"no samples", nil, "2006-01-02T15:04:05Z07:00", ""},
		{
			"ambiguous", []string{"03/04/2024 10:00:00", "05/06/2024 11:00:00"}, "",
			`ambiguous dates: "03/04/2024 10:00:00" could be day-first or month-first and no date in the file settles it; set date_order: day_first or month_first for this source in lanes.yaml, or date_format, e.g. "02/01/2006 15:04:05" (day first) or "01/02/2006 15:04:05" (month first)`,
		},
		{
			"contradictory", []string{"13/03/2024 10:00:00", "03/14/2024 10:00:00"}, "",
			// 13 is no month, 14 no month either: one date of each kind;
			// DetectLayouts knows no place, so none is named.
			`ambiguous dates: as many dates read only day-first as only month-first (first "13/03/2024 10:00:00", only day-first, and "03/14/2024 10:00:00", only month-first); set date_order (day_first or month_first) or date_format for this source in lanes.yaml`,
		},
		{
			"unknown format", []string{"4 March 2024, 10h00"}, "",
			`no known date format reads values like "4 March 2024, 10h00"; set date_format for this source in lanes.yaml to a Go layout (the reference time 2006-01-02 15:04:05 written in your format)`,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			layouts, err := ingest.DetectLayouts(tc.samples)
			if tc.wantErr != "" {
				require.Error(t, err)
				assert.Equal(t, tc.wantErr, err.Error())
				return
			}
			require.NoError(t, err)
			require.NotEmpty(t, layouts)
			assert.Equal(t, tc.first, layouts[0])
			for _, s := range tc.samples {
				if s == "" || s == "31/Fbr/24 3:15 PM" {
					continue
				}
				_, err := ingest.ParseTime(s, layouts, time.UTC)
				assert.NoError(t, err, "sample %q", s)
			}
		})
	}
}

func TestDetectedOrderIsUsedForEveryValue(t *testing.T) {
	p, err := ingest.NewTimeParser("", time.UTC)
	require.NoError(t, err)
	p.Observe("13/03/2024 10:00")
	require.NoError(t, p.Decide())
	got, err := p.Parse("04/03/2024 10:00")
	require.NoError(t, err)
	assert.Equal(t, time.Date(2024, 3, 4, 10, 0, 0, 0, time.UTC), got)
	_, err = p.Parse("03/14/2024 10:00")
	assert.Error(t, err, "a month-first value in a day-first file")
}

func TestTimeParserNeedsMoreWhileAmbiguous(t *testing.T) {
	p, err := ingest.NewTimeParser("", time.UTC)
	require.NoError(t, err)
	for range 100 {
		p.Observe("03/04/2024 10:00")
	}
	assert.True(t, p.NeedMore())
	p.Observe("28/04/2024 10:00")
	assert.False(t, p.NeedMore())
}

func TestNewTimeParserConfiguredLayout(t *testing.T) {
	p, err := ingest.NewTimeParser("02.01.2006 15:04", time.UTC)
	require.NoError(t, err)
	assert.False(t, p.NeedMore())
	p.Observe("2024-03-01 10:00:00") // ignored: the layout is given
	require.NoError(t, p.Decide())
	assert.Equal(t, []string{"02.01.2006 15:04"}, p.Layouts())
	got, err := p.Parse("01.03.2024 09:00")
	require.NoError(t, err)
	assert.Equal(t, time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC), got)

	_, err = ingest.NewTimeParser("dd/MM/yyyy HH:mm", time.UTC)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `date_format "dd/MM/yyyy HH:mm" is not a Go reference layout`)
}

// Day-first files with a 12-hour clock and unpadded day and month (what
// Excel writes in Australia and the UK) read day-first: 3/1/2024 is 3
// January, and the values only day-first reads are not refused.
func TestDayFirstTwelveHourUnpadded(t *testing.T) {
	p, err := ingest.NewTimeParser("", time.UTC)
	require.NoError(t, err)
	values := []string{"3/1/2024 9:00:00 AM", "5/2/2024 1:00:00 PM", "25/1/2024 9:00:00 AM", "14/2/2024 2:30:00 PM"}
	for _, v := range values {
		p.Observe(v)
	}
	require.NoError(t, p.Decide())
	want := []time.Time{
		time.Date(2024, 1, 3, 9, 0, 0, 0, time.UTC),
		time.Date(2024, 2, 5, 13, 0, 0, 0, time.UTC), // 1 PM is 13:00
		time.Date(2024, 1, 25, 9, 0, 0, 0, time.UTC),
		time.Date(2024, 2, 14, 14, 30, 0, 0, time.UTC), // 2:30 PM is 14:30
	}
	for i, v := range values {
		got, err := p.Parse(v)
		require.NoError(t, err, v)
		assert.Equal(t, want[i], got.UTC(), v)
	}
}

// Values with their own offset, in the ISO and RFC 1123 forms exports use,
// are the instant they name whatever the source's zone: the UTC times are
// the written clock minus the written offset, worked out by hand. Each file
// (one parser) holds one form; the last case mixes them all in one file.
func TestParseOffsetForms(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	require.NoError(t, err)
	cases := []struct {
		value string
		want  time.Time
	}{
		{"2024-03-01T09:00:00.000+0000", time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC)},
		{"2024-03-02T09:00:00.000+0100", time.Date(2024, 3, 2, 8, 0, 0, 0, time.UTC)},
		{"2024-03-01T09:00:00-0530", time.Date(2024, 3, 1, 14, 30, 0, 0, time.UTC)},
		{"2024-03-01T09:00Z", time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC)},
		{"2024-03-01T09:00+01:00", time.Date(2024, 3, 1, 8, 0, 0, 0, time.UTC)},
		{"2024-03-01T09:00:00 +0100", time.Date(2024, 3, 1, 8, 0, 0, 0, time.UTC)},
		{"2024-03-01T09:00:00+02", time.Date(2024, 3, 1, 7, 0, 0, 0, time.UTC)},
		{"2024-03-01T09:00:00-03", time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)},
		{"2026-03-14 09:05:00+01", time.Date(2026, 3, 14, 8, 5, 0, 0, time.UTC)},
		{"2026-03-14 09:05:00.25-03", time.Date(2026, 3, 14, 12, 5, 0, 250_000_000, time.UTC)},
		{"2026-03-14 01:30:00 +01", time.Date(2026, 3, 14, 0, 30, 0, 0, time.UTC)},
		{"2026-07-14 01:30:00 +05", time.Date(2026, 7, 13, 20, 30, 0, 0, time.UTC)},
		{"Fri, 01 Mar 2024 09:00:00 +0000", time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC)},
		{"Fri, 01 Mar 2024 09:00:00 -0500", time.Date(2024, 3, 1, 14, 0, 0, 0, time.UTC)},
		{"01 Mar 2024 09:00:00 +0200", time.Date(2024, 3, 1, 7, 0, 0, 0, time.UTC)},
	}
	for _, tc := range cases {
		t.Run(tc.value, func(t *testing.T) {
			p, err := ingest.NewTimeParser("", berlin)
			require.NoError(t, err)
			p.Observe(tc.value)
			require.NoError(t, p.Decide())
			got, err := p.Parse(tc.value)
			require.NoError(t, err)
			assert.Equal(t, tc.want, got.UTC())
		})
	}
	t.Run("all in one file", func(t *testing.T) {
		p, err := ingest.NewTimeParser("", berlin)
		require.NoError(t, err)
		for _, tc := range cases {
			p.Observe(tc.value)
		}
		require.NoError(t, p.Decide())
		for _, tc := range cases {
			got, err := p.Parse(tc.value)
			require.NoError(t, err, tc.value)
			assert.Equal(t, tc.want, got.UTC(), tc.value)
		}
	})
}

// Go checks only that a day's name is a day's: 1 March 2024 was a Friday
// (2024-01-01 was a Monday, and 31 + 29 = 60 days later is a Friday), so a
// value that calls it Monday contradicts itself and is refused.
func TestWeekdayMustMatchTheDate(t *testing.T) {
	p, err := ingest.NewTimeParser("", time.UTC)
	require.NoError(t, err)
	p.Observe("Fri, 01 Mar 2024 09:00:00 +0000")
	require.NoError(t, p.Decide())
	got, err := p.Parse("fri, 01 Mar 2024 09:00:00 +0000")
	require.NoError(t, err)
	assert.Equal(t, time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC), got.UTC())
	_, err = p.Parse("Mon, 01 Mar 2024 09:00:00 +0000")
	require.Error(t, err)
	assert.Equal(t, `cannot read "Mon, 01 Mar 2024 09:00:00 +0000" as a date: 1 March 2024 is a Friday`, err.Error())
}

// iso is a sample with no date written with numbers only: it leaves the
// day/month order open.
var iso = []string{"2024-03-01 10:00", "2024-03-02 11:00"}

func openParser(t *testing.T, samples ...string) *ingest.TimeParser {
	t.Helper()
	p, err := ingest.NewTimeParser("", time.UTC)
	require.NoError(t, err)
	for _, s := range samples {
		p.Observe(s)
	}
	require.NoError(t, p.Decide())
	return p
}

// A file whose sample is all ISO and whose later rows are d/m/Y: the first
// later value that only one order reads (25/04/2024) settles the order for
// the rest of the file, so 03/04/2024 after it is 3 April.
func TestOrderSettledAfterTheSample(t *testing.T) {
	p := openParser(t, iso...)
	assert.True(t, p.Settled(), "the best layout is ISO")
	for _, tc := range []struct {
		value string
		want  time.Time
	}{
		{"2024-03-03 10:00", time.Date(2024, 3, 3, 10, 0, 0, 0, time.UTC)},
		{"01/01/2024 10:00", time.Date(2024, 1, 1, 10, 0, 0, 0, time.UTC)},  // the same either way: settles nothing
		{"25/04/2024 10:00", time.Date(2024, 4, 25, 10, 0, 0, 0, time.UTC)}, // only day-first: settles it
		{"03/04/2024 10:00", time.Date(2024, 4, 3, 10, 0, 0, 0, time.UTC)},
		{"2024-03-04 10:00", time.Date(2024, 3, 4, 10, 0, 0, 0, time.UTC)},
	} {
		got, err := p.Parse(tc.value)
		require.NoError(t, err, tc.value)
		assert.Equal(t, tc.want, got, tc.value)
	}
	_, err := p.Parse("04/25/2024 10:00")
	require.Error(t, err)
	assert.Equal(t, `cannot read "04/25/2024 10:00" as a date: it reads only month-first (like 01/02/2006 15:04), and this file's dates are day-first`, err.Error())
	assert.NoError(t, p.Err())

	p = openParser(t, iso...)
	got, err := p.Parse("04/25/2024 10:00") // only month-first
	require.NoError(t, err)
	assert.Equal(t, time.Date(2024, 4, 25, 10, 0, 0, 0, time.UTC), got)
	got, err = p.Parse("03/04/2024 10:00")
	require.NoError(t, err)
	assert.Equal(t, time.Date(2024, 3, 4, 10, 0, 0, 0, time.UTC), got)
}

// A value that reads both ways, met before any value settled the order, is
// not guessed: Parse refuses it and Err holds the error that stops the
// file, the same kind as for an ambiguous sample.
func TestAmbiguousAfterTheSampleStops(t *testing.T) {
	p := openParser(t, iso...)
	_, err := p.Parse("01/01/2024 10:00")
	require.NoError(t, err)
	require.NoError(t, p.Err())
	_, err = p.Parse("03/04/2024 10:00")
	require.Error(t, err)
	want := `ambiguous dates: "03/04/2024 10:00" could be day-first or month-first and no date before it settles it; set date_order: day_first or month_first for this source in lanes.yaml, or date_format, e.g. "02/01/2006 15:04" (day first) or "01/02/2006 15:04" (month first)`
	assert.Equal(t, want, err.Error())
	assert.ErrorIs(t, err, ingest.ErrAmbiguousDates)
	require.Error(t, p.Err())
	assert.Equal(t, want, p.Err().Error())

	// Twelve-hour, unpadded: the suggested layouts are the ones that read it.
	p = openParser(t, iso...)
	_, err = p.Parse("3/4/2024 9:00:00 AM")
	require.Error(t, err)
	assert.Contains(t, err.Error(), `e.g. "2/1/2006 3:04:05 PM" (day first) or "1/2/2006 3:04:05 PM" (month first)`)
}

// record passes values to SettleRecord as one record's dates.
func record(p *ingest.TimeParser, values ...string) {
	p.SettleRecord(func(see func(string)) {
		for _, v := range values {
			see(v)
		}
	})
}

// SettleRecord lets a record's dates settle the order for each other,
// whichever comes first: 25/04/2024 (no month 25) makes the 03/04/2024
// before it 3 April, and the order stays for later records (05/04/2024 is
// 5 April). Blanks, ISO dates and dates the same either way (01/01/2024)
// settle nothing; 03/04/2024 with 04/03/2024 settles nothing either, nor
// does a record whose dates disagree (25/04/2024 only day-first,
// 04/25/2024 only month-first), whose ambiguous date stops the file
// saying so.
func TestSettleRecord(t *testing.T) {
	p := openParser(t, iso...)
	record(p, " 03/04/2024 10:00 ", "", "2024-03-03 10:00", "01/01/2024 10:00", "25/04/2024 10:00")
	assert.True(t, p.Settled())
	for value, want := range map[string]time.Time{
		"03/04/2024 10:00": time.Date(2024, 4, 3, 10, 0, 0, 0, time.UTC),
		"25/04/2024 10:00": time.Date(2024, 4, 25, 10, 0, 0, 0, time.UTC),
	} {
		got, err := p.Parse(value)
		require.NoError(t, err, value)
		assert.Equal(t, want, got, value)
	}
	record(p, "05/04/2024 10:00")
	got, err := p.Parse("05/04/2024 10:00")
	require.NoError(t, err)
	assert.Equal(t, time.Date(2024, 4, 5, 10, 0, 0, 0, time.UTC), got)

	// Month-first, settled by a record's later date (no month 25).
	p = openParser(t, iso...)
	record(p, "03/04/2024 10:00", "04/25/2024 10:00")
	got, err = p.Parse("03/04/2024 10:00")
	require.NoError(t, err)
	assert.Equal(t, time.Date(2024, 3, 4, 10, 0, 0, 0, time.UTC), got)

	// Localized month names are rewritten as Parse rewrites them: "25
	// Apr" in German reads as a date of no order, 13/04/2024 settles.
	p = openParser(t, "25 Mär 2024 10:00", "2024-03-02 11:00")
	record(p, "03/04/2024 10:00", "25 Apr 2024 10:00", "13/04/2024 10:00")
	got, err = p.Parse("03/04/2024 10:00")
	require.NoError(t, err)
	assert.Equal(t, time.Date(2024, 4, 3, 10, 0, 0, 0, time.UTC), got)

	for _, values := range [][]string{
		{"03/04/2024 10:00", "04/03/2024 10:00"},
		{"03/04/2024 10:00", "2024-04-25 10:00", "01/01/2024 10:00"},
	} {
		p = openParser(t, iso...)
		record(p, values...)
		assert.True(t, p.Settled(), "the best layout is ISO")
		_, err = p.Parse("03/04/2024 10:00")
		require.Error(t, err, values)
		assert.Contains(t, err.Error(), `"03/04/2024 10:00" could be day-first or month-first and no date before it settles it; set date_order`)
	}

	p = openParser(t, iso...)
	record(p, "03/04/2024 10:00", "25/04/2024 10:00", "04/25/2024 10:00")
	_, err = p.Parse("03/04/2024 10:00")
	require.Error(t, err)
	assert.ErrorIs(t, err, ingest.ErrAmbiguousDates)
	assert.Equal(t, `ambiguous dates: "03/04/2024 10:00" could be day-first or month-first and the dates of its record disagree ("25/04/2024 10:00" reads only day-first, "04/25/2024 10:00" only month-first) with no date before them to settle it; set date_order: day_first or month_first for this source in lanes.yaml, or date_format, e.g. "02/01/2006 15:04" (day first) or "01/02/2006 15:04" (month first)`, err.Error())

	// The next record's note replaces it: its own ambiguous date stops
	// with the plain message.
	p = openParser(t, iso...)
	record(p, "03/04/2024 10:00", "25/04/2024 10:00", "04/25/2024 10:00")
	record(p, "03/04/2024 10:00")
	_, err = p.Parse("03/04/2024 10:00")
	require.Error(t, err)
	assert.Contains(t, err.Error(), `could be day-first or month-first and no date before it settles it`)

	// A settled order is left alone: 04/25/2024 is the other order's.
	p = openParser(t, "13/03/2024 10:00")
	record(p, "04/25/2024 10:00")
	_, err = p.Parse("04/25/2024 10:00")
	require.Error(t, err)
	assert.Contains(t, err.Error(), `it reads only month-first`)
}

// Settled tells the Jira fast path whether the best layout may read every
// value alone: not while the order is open and that layout is numeric (a
// sample of 01/01/2024 only, which reads the same both ways).
func TestSettled(t *testing.T) {
	p := openParser(t, "01/01/2024 10:00", "12/12/2024 10:00")
	assert.False(t, p.Settled())
	_, err := p.Parse("13/01/2024 10:00")
	require.NoError(t, err)
	assert.True(t, p.Settled())
	assert.True(t, openParser(t, "13/01/2024 10:00").Settled())
	fixed, err := ingest.NewTimeParser("02/01/2006 15:04", time.UTC)
	require.NoError(t, err)
	require.NoError(t, fixed.Decide())
	assert.True(t, fixed.Settled())
}

// A value only the other order reads, in a file the sample settled, says
// so instead of showing the best layout alone.
func TestOtherOrderReject(t *testing.T) {
	p := openParser(t, "13/03/2024 10:00")
	_, err := p.Parse("03/14/2024 10:00")
	require.Error(t, err)
	assert.Equal(t, `cannot read "03/14/2024 10:00" as a date: it reads only month-first (like 01/02/2006 15:04), and this file's dates are day-first`, err.Error())
	assert.NoError(t, p.Err())
}

// 0001-01-01 00:00 UTC is Go's zero time, which lanes keeps for a missing
// date: a value that names it, in any form, is refused saying so rather
// than read as no date at all. A minute later is a time like any other.
func TestZeroTimeRefused(t *testing.T) {
	const why = `: 0001-01-01 00:00 UTC is the zero time, which lanes keeps for a date that is missing (leave the cell empty for no date)`
	for _, v := range []string{"0001-01-01 00:00", "0001-01-01T01:00:00+01:00"} {
		p := openParser(t, v)
		_, err := p.Parse(v)
		require.Error(t, err, v)
		assert.Equal(t, `cannot read "`+v+`" as a date`+why, err.Error())
		_, err = ingest.ParseTime(v, p.Layouts(), nil)
		require.Error(t, err, v)
		assert.Equal(t, `cannot read "`+v+`" as a date`+why, err.Error())
	}
	got, err := openParser(t, "0001-01-01 00:01").Parse("0001-01-01 00:01")
	require.NoError(t, err)
	assert.Equal(t, time.Date(1, 1, 1, 0, 1, 0, 0, time.UTC), got)
}
