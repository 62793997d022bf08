package reports

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func date(s string) time.Time {
	t, err := time.Parse(dateLayout, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestParseISOWeek(t *testing.T) {
	for _, tc := range []struct {
		in         string
		year, week int
		err        string
	}{
		{in: "2026-W10", year: 2026, week: 10},
		{in: "2026-W01", year: 2026, week: 1},
		{in: " 2026-W10 ", year: 2026, week: 10},
		{in: "2026-W53", year: 2026, week: 53}, // 2026 starts on a Thursday: 53 weeks
		{in: "2020-W53", year: 2020, week: 53}, // leap year starting on a Wednesday
		{in: "2025-W53", err: `--week "2025-W53": 2025 has only 52 ISO weeks`},
		{in: "2026-10", err: `--week "2026-10": want an ISO week like 2026-W10`},
		{in: "2026W10", err: `--week "2026W10": want an ISO week like 2026-W10`},
		{in: "2026-w10", err: `--week "2026-w10": want an ISO week like 2026-W10`},
		{in: "2026-W1", err: `--week "2026-W1": want an ISO week like 2026-W10`},
		{in: "2026-03-02", err: `--week "2026-03-02": want an ISO week like 2026-W10`},
		{in: "2026-W00", err: `--week "2026-W00": week must be between 01 and 53`},
		{in: "2026-W54", err: `--week "2026-W54": week must be between 01 and 53`},
		{in: "", err: `--week "": want an ISO week like 2026-W10`},
	} {
		t.Run(tc.in, func(t *testing.T) {
			y, w, err := parseISOWeek(tc.in)
			if tc.err != "" {
				assert.EqualError(t, err, tc.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.year, y)
			assert.Equal(t, tc.week, w)
		})
	}
}

func TestISOMondayAndLabel(t *testing.T) {
	// 2026-01-01 is a Thursday, so week 1 starts on Monday 2025-12-29 and
	// week 10 nine weeks later, on 2026-03-02.
	assert.Equal(t, "2025-12-29", isoMonday(2026, 1).Format(dateLayout))
	assert.Equal(t, "2026-03-02", isoMonday(2026, 10).Format(dateLayout))
	// 2021-01-01 is a Friday: it belongs to 2020-W53, and 2021-W01 starts 01-04.
	assert.Equal(t, "2021-01-04", isoMonday(2021, 1).Format(dateLayout))

	assert.Equal(t, "2026-W10", weekLabel(date("2026-03-02"))) // Monday start
	assert.Equal(t, "2026-W10", weekLabel(date("2026-03-01"))) // Sunday start: its Monday is 03-02
	assert.Equal(t, "2026-W01", weekLabel(date("2025-12-29"))) // ISO year differs from calendar year
	assert.Equal(t, "2020-W53", weekLabel(date("2020-12-28")))
}

func TestPickWeek(t *testing.T) {
	weeks := []time.Time{date("2026-02-16"), date("2026-02-23"), date("2026-03-02"), date("2026-03-09")}
	for _, tc := range []struct {
		name      string
		weeks     []time.Time
		requested string
		lastDay   string
		want      string
		err       string
	}{
		// Data stops on Tuesday of W11: W11 is not over, report W10.
		{name: "mid-week", weeks: weeks, lastDay: "2026-03-10", want: "2026-03-02"},
		// Data stops on Sunday, the last day of W11: W11 is complete.
		{name: "last day of week", weeks: weeks, lastDay: "2026-03-15", want: "2026-03-09"},
		// Monday, the first day: still incomplete.
		{name: "first day of week", weeks: weeks, lastDay: "2026-03-09", want: "2026-03-02"},
		{name: "named", weeks: weeks, requested: "2026-W08", lastDay: "2026-03-10", want: "2026-02-16"},
		{name: "named latest, incomplete", weeks: weeks, requested: "2026-W11", lastDay: "2026-03-10", want: "2026-03-09"},
		{
			name: "named without data", weeks: weeks, requested: "2026-W07", lastDay: "2026-03-10",
			err: "--week 2026-W07: no tickets were created that week; weeks with data: 2026-W08 to 2026-W11",
		},
		{
			name: "bad name", weeks: weeks, requested: "W10", lastDay: "2026-03-10",
			err: `--week "W10": want an ISO week like 2026-W10`,
		},
		{
			name: "only an incomplete week", weeks: weeks[3:], lastDay: "2026-03-10",
			err: "no complete week with data: the latest week 2026-W11 runs to 2026-03-15 but the data stops on 2026-03-10, and 2026-W10 has no tickets; weeks with data: 2026-W11; pick one with --week",
		},
		{
			name: "gap before the latest week", weeks: []time.Time{date("2026-02-16"), date("2026-03-09")}, lastDay: "2026-03-10",
			err: "no complete week with data: the latest week 2026-W11 runs to 2026-03-15 but the data stops on 2026-03-10, and 2026-W10 has no tickets; weeks with data: 2026-W08, 2026-W11; pick one with --week",
		},
		// Sunday-start weeks: 2026-03-01 is a Sunday, its week ends on
		// Saturday 03-07 and carries the label of the Monday inside it.
		{name: "sunday start, complete", weeks: []time.Time{date("2026-02-22"), date("2026-03-01")}, lastDay: "2026-03-07", want: "2026-03-01"},
		{name: "sunday start, incomplete", weeks: []time.Time{date("2026-02-22"), date("2026-03-01")}, lastDay: "2026-03-06", want: "2026-02-22"},
		{name: "sunday start, named", weeks: []time.Time{date("2026-02-22"), date("2026-03-01")}, requested: "2026-W10", lastDay: "2026-03-06", want: "2026-03-01"},
		{name: "no data", err: "no tickets in int_tickets: run `lanes ingest` and `lanes build` first"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var last time.Time
			if tc.lastDay != "" {
				last = date(tc.lastDay)
			}
			got, err := pickWeek(tc.weeks, tc.requested, last)
			if tc.err != "" {
				assert.EqualError(t, err, tc.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, got.Format(dateLayout))
		})
	}
}

func TestDescribeWeeks(t *testing.T) {
	weeks := []time.Time{date("2025-12-22"), date("2025-12-29"), date("2026-01-05"), date("2026-02-02"), date("2026-02-16"), date("2026-02-23")}
	assert.Equal(t, "2025-W52 to 2026-W02, 2026-W06, 2026-W08 to 2026-W09", describeWeeks(weeks))
}
