package models

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/models/config"
)

func utc(s string) time.Time {
	t, err := time.Parse("2006-01-02 15:04", s)
	if err != nil {
		panic(err)
	}
	return t
}

// TestBusinessDaysAcrossDST lays out the Berlin calendar around both 2026
// daylight-saving changes (Sunday 29 March, clocks 02:00 -> 03:00; Sunday 25
// October, 03:00 -> 02:00) and checks each day's window by hand.
func TestBusinessDaysAcrossDST(t *testing.T) {
	loc, err := time.LoadLocation("Europe/Berlin")
	require.NoError(t, err)
	cal := config.Calendar{TimeZone: "Europe/Berlin", WorkStart: "09:00", WorkEnd: "17:00",
		WorkDays: []string{"mon", "tue", "wed", "thu", "fri"}, Holidays: []string{"2026-03-31"}, HolidayCountry: "de"}

	days, err := businessDays(cal, loc, utc("2026-03-27 00:00"), utc("2026-04-03 00:00"))
	require.NoError(t, err)
	require.Len(t, days, 8)
	type want struct {
		day, weekday, holiday  string
		work                   bool
		dayStart, dayEnd       string
		workStart, workEnd     string
		minutes, minutesBefore float64
	}
	// Winter time (CET) is UTC+1, summer time (CEST) UTC+2: 09:00-17:00
	// local is 08:00-16:00 UTC before the change and 07:00-15:00 UTC after.
	// 29 March lasts 23 hours: 2026-03-28 23:00 UTC to 2026-03-29 22:00 UTC.
	// 31 March is an explicit holiday, 3 April Good Friday (Karfreitag, de).
	for i, w := range []want{
		{"2026-03-27", "fri", "", true, "2026-03-26 23:00", "2026-03-27 23:00", "2026-03-27 08:00", "2026-03-27 16:00", 480, 0},
		{"2026-03-28", "sat", "", false, "2026-03-27 23:00", "2026-03-28 23:00", "2026-03-27 23:00", "2026-03-27 23:00", 0, 480},
		{"2026-03-29", "sun", "", false, "2026-03-28 23:00", "2026-03-29 22:00", "2026-03-28 23:00", "2026-03-28 23:00", 0, 480},
		{"2026-03-30", "mon", "", true, "2026-03-29 22:00", "2026-03-30 22:00", "2026-03-30 07:00", "2026-03-30 15:00", 480, 480},
		{"2026-03-31", "tue", "holiday", false, "2026-03-30 22:00", "2026-03-31 22:00", "2026-03-30 22:00", "2026-03-30 22:00", 0, 960},
		{"2026-04-01", "wed", "", true, "2026-03-31 22:00", "2026-04-01 22:00", "2026-04-01 07:00", "2026-04-01 15:00", 480, 960},
		{"2026-04-02", "thu", "", true, "2026-04-01 22:00", "2026-04-02 22:00", "2026-04-02 07:00", "2026-04-02 15:00", 480, 1440},
		{"2026-04-03", "fri", "Karfreitag", false, "2026-04-02 22:00", "2026-04-03 22:00", "2026-04-02 22:00", "2026-04-02 22:00", 0, 1920},
	} {
		d := days[i]
		assert.Equal(t, w.day, d.Day.Format("2006-01-02"), "day %d", i)
		assert.Equal(t, w.weekday, d.Weekday, w.day)
		assert.Equal(t, w.holiday, d.Holiday, w.day)
		assert.Equal(t, w.work, d.IsWorkDay, w.day)
		assert.Equal(t, utc(w.dayStart), d.DayStart, w.day)
		assert.Equal(t, utc(w.dayEnd), d.DayEnd, w.day)
		assert.Equal(t, utc(w.workStart), d.WorkStart, w.day)
		assert.Equal(t, utc(w.workEnd), d.WorkEnd, w.day)
		assert.Equal(t, w.minutes, d.WorkMinutes, w.day)
		assert.Equal(t, w.minutesBefore, d.WorkMinutesBefore, w.day)
	}

	// 25 October lasts 25 hours: 2026-10-24 22:00 UTC to 2026-10-25 23:00 UTC.
	// With Sunday hours 01:00-05:00 the working window spans the change:
	// 01:00 CEST = 23:00 UTC the day before, 05:00 CET = 04:00 UTC, 5 hours
	// of work for 4 hours on the clock face. On 29 March the same hours are
	// 01:00 CET = 00:00 UTC to 05:00 CEST = 03:00 UTC: 3 hours.
	cal = config.Calendar{TimeZone: "Europe/Berlin", WorkStart: "01:00", WorkEnd: "05:00", WorkDays: []string{"sun"}}
	for _, c := range []struct {
		day                string
		dayStart, dayEnd   string
		workStart, workEnd string
		minutes            float64
	}{
		{"2026-03-29", "2026-03-28 23:00", "2026-03-29 22:00", "2026-03-29 00:00", "2026-03-29 03:00", 180},
		{"2026-10-25", "2026-10-24 22:00", "2026-10-25 23:00", "2026-10-24 23:00", "2026-10-25 04:00", 300},
	} {
		days, err := businessDays(cal, loc, utc(c.day+" 00:00"), utc(c.day+" 00:00"))
		require.NoError(t, err)
		require.Len(t, days, 1)
		assert.Equal(t, utc(c.dayStart), days[0].DayStart, c.day)
		assert.Equal(t, utc(c.dayEnd), days[0].DayEnd, c.day)
		assert.Equal(t, utc(c.workStart), days[0].WorkStart, c.day)
		assert.Equal(t, utc(c.workEnd), days[0].WorkEnd, c.day)
		assert.Equal(t, c.minutes, days[0].WorkMinutes, c.day)
	}
}

// TestHolidaysOfACountry checks the German national holidays of 2026 that
// github.com/rickar/cal knows (Easter Sunday 2026 is 5 April), plus an
// explicit date, and that a date named twice is one holiday.
func TestHolidaysOfACountry(t *testing.T) {
	cal := config.Calendar{HolidayCountry: "de", Holidays: []string{"2026-12-24", "2026-12-25", "2027-01-01"}}
	assert.Equal(t, map[string]string{
		"2026-01-01": "Neujahrstag",
		"2026-04-03": "Karfreitag",          // Easter - 2
		"2026-04-06": "Ostermontag",         // Easter + 1
		"2026-05-01": "Tag der Arbeit",      //
		"2026-05-14": "Christi Himmelfahrt", // Easter + 39
		"2026-05-25": "Pfingstmontag",       // Easter + 50
		"2026-10-03": "Tag der Deutschen Einheit",
		"2026-12-24": "holiday",
		"2026-12-25": "Weihnachtstag / holiday",
		"2026-12-26": "Zweiter Weihnachtsfeiertag",
	}, cal.HolidaysIn(2026, 2026))
}
