package ingest_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/ingest"
)

// The instants below are worked out by hand from the zones' rules: Berlin
// is UTC+1 in winter and UTC+2 in summer, switching at 01:00 UTC on the
// last Sundays of March and October; New York is UTC-5 and UTC-4,
// switching at 02:00 local time on the second Sunday of March and the
// first Sunday of November.
func TestParseTimeDaylightSaving(t *testing.T) {
	const layout = "2006-01-02 15:04"
	cases := []struct {
		name, zone, value string
		want              time.Time // zero when the value must be refused
		wantErr           string
		ambiguous         bool
		other             time.Time // the later reading of an ambiguous time
	}{
		{name: "Berlin gap", zone: "Europe/Berlin", value: "2026-03-29 02:30",
			wantErr: "local time 2026-03-29 02:30 does not exist in Europe/Berlin (clocks jump forward)"},
		{name: "Berlin just before the gap", zone: "Europe/Berlin", value: "2026-03-29 01:59", want: time.Date(2026, 3, 29, 0, 59, 0, 0, time.UTC)},
		{name: "Berlin just after the gap", zone: "Europe/Berlin", value: "2026-03-29 03:00", want: time.Date(2026, 3, 29, 1, 0, 0, 0, time.UTC)},
		{name: "Berlin overlap reads the first", zone: "Europe/Berlin", value: "2026-10-25 02:30",
			want: time.Date(2026, 10, 25, 0, 30, 0, 0, time.UTC), ambiguous: true, other: time.Date(2026, 10, 25, 1, 30, 0, 0, time.UTC)},
		{name: "Berlin overlap starts at 02:00", zone: "Europe/Berlin", value: "2026-10-25 02:00",
			want: time.Date(2026, 10, 25, 0, 0, 0, 0, time.UTC), ambiguous: true, other: time.Date(2026, 10, 25, 1, 0, 0, 0, time.UTC)},
		{name: "Berlin after the overlap", zone: "Europe/Berlin", value: "2026-10-25 03:00", want: time.Date(2026, 10, 25, 2, 0, 0, 0, time.UTC)},
		{name: "Berlin before the overlap", zone: "Europe/Berlin", value: "2026-10-25 01:59", want: time.Date(2026, 10, 24, 23, 59, 0, 0, time.UTC)},
		{name: "New York gap", zone: "America/New_York", value: "2026-03-08 02:30",
			wantErr: "local time 2026-03-08 02:30 does not exist in America/New_York (clocks jump forward)"},
		{name: "New York overlap reads the first", zone: "America/New_York", value: "2026-11-01 01:30",
			want: time.Date(2026, 11, 1, 5, 30, 0, 0, time.UTC), ambiguous: true, other: time.Date(2026, 11, 1, 6, 30, 0, 0, time.UTC)},
		{name: "New York the day after", zone: "America/New_York", value: "2026-11-02 01:30", want: time.Date(2026, 11, 2, 6, 30, 0, 0, time.UTC)},
		{name: "UTC has no gaps", zone: "UTC", value: "2026-03-29 02:30", want: time.Date(2026, 3, 29, 2, 30, 0, 0, time.UTC)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			loc, err := time.LoadLocation(tc.zone)
			require.NoError(t, err)
			log := ingest.WatchAmbiguous(loc)
			defer log.Stop()
			got, err := ingest.ParseTime(tc.value, []string{layout}, loc)
			if tc.wantErr != "" {
				require.Error(t, err)
				assert.Equal(t, tc.wantErr, err.Error())
				assert.Zero(t, log.Count())
				return
			}
			require.NoError(t, err)
			assert.True(t, tc.want.Equal(got), "want %s, got %s", tc.want, got.UTC())
			if !tc.ambiguous {
				assert.Zero(t, log.Count())
				return
			}
			require.Equal(t, int64(1), log.Count())
			ex := log.Examples()
			require.Len(t, ex, 1)
			assert.Equal(t, tc.value, ex[0].Wall)
			assert.Equal(t, tc.zone, ex[0].Zone)
			assert.True(t, tc.want.Equal(ex[0].First))
			assert.True(t, tc.other.Equal(ex[0].Second))
		})
	}
}

func TestParseTimeDaylightSavingOtherForms(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	require.NoError(t, err)
	log := ingest.WatchAmbiguous(berlin)
	defer log.Stop()

	// Jira's 12-hour form, seconds in the message only when present.
	_, err = ingest.ParseTime("29/Mar/26 2:30 AM", []string{"02/Jan/06 3:04 PM"}, berlin)
	require.Error(t, err)
	assert.Equal(t, "local time 2026-03-29 02:30 does not exist in Europe/Berlin (clocks jump forward)", err.Error())
	_, err = ingest.ParseTime("2026-03-29 02:30:15", []string{"2006-01-02 15:04:05"}, berlin)
	require.Error(t, err)
	assert.Equal(t, "local time 2026-03-29 02:30:15 does not exist in Europe/Berlin (clocks jump forward)", err.Error())

	// An explicit offset says which of the two is meant: nothing to flag.
	got, err := ingest.ParseTime("2026-10-25T02:30:00+01:00", []string{"2006-01-02T15:04:05Z07:00"}, berlin)
	require.NoError(t, err)
	assert.True(t, time.Date(2026, 10, 25, 1, 30, 0, 0, time.UTC).Equal(got))
	// A zone name too.
	got, err = ingest.ParseTime("2026-10-25 02:30 CEST", []string{"2006-01-02 15:04 MST"}, berlin)
	require.NoError(t, err)
	assert.True(t, time.Date(2026, 10, 25, 0, 30, 0, 0, time.UTC).Equal(got))
	assert.Zero(t, log.Count())

	// The time parser a connector uses notes them too, and the log keeps
	// the first few as examples; Place gives them the row's line.
	p, err := ingest.NewTimeParser("2006-01-02 15:04", berlin)
	require.NoError(t, err)
	for i := range 7 {
		_, err := p.Parse("2026-10-25 02:3" + string(rune('0'+i)))
		require.NoError(t, err)
		log.Place(int64(10 + i))
	}
	assert.Equal(t, int64(7), log.Count())
	ex := log.Examples()
	require.Len(t, ex, 5)
	assert.Equal(t, int64(10), ex[0].Line)
	assert.Equal(t, int64(14), ex[4].Line)
	assert.Equal(t, `tickets.csv line 10: local time 2026-10-25 02:30 happens twice in Europe/Berlin (clocks go back); read as the first, 2026-10-25 00:30 UTC, not 2026-10-25 01:30 UTC`,
		ex[0].Describe("tickets.csv"))

	// Once the watch stops, nothing more is counted.
	log.Stop()
	_, err = p.Parse("2026-10-25 02:45")
	require.NoError(t, err)
	assert.Equal(t, int64(7), log.Count())
}
