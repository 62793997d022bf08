package ingest

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// twin swaps the day and the month of a numeric layout: "1/2/2006 3:04 PM"
// (month first) becomes "2/1/2006 3:04 PM" (day first) and back.
func twin(layout string) string {
	for _, pair := range [][2]string{{"01", "02"}, {"1", "2"}} {
		for _, sep := range []string{"/", "-", "."} {
			a, b := pair[0]+sep+pair[1]+sep, pair[1]+sep+pair[0]+sep
			switch {
			case strings.HasPrefix(layout, a):
				return b + layout[len(a):]
			case strings.HasPrefix(layout, b):
				return a + layout[len(b):]
			}
		}
	}
	return ""
}

// Every month-first layout has a day-first twin and every day-first one
// written with / or - a month-first twin (dots are day-first only):
// otherwise values that only the lacking family's layout would read are
// read by the other family alone, which then settles the file's order the
// wrong way (3/1/2024 9:00:00 AM read as 1 March in a day-first file).
func TestDateOrderFamiliesAreTwins(t *testing.T) {
	has := map[string]dateOrder{}
	for _, c := range candidates {
		has[c.layout] = c.order
	}
	for _, c := range candidates {
		if c.order == orderNone || strings.Contains(c.layout[:3], ".") {
			continue
		}
		want := orderDayFirst
		if c.order == orderDayFirst {
			want = orderMonthFirst
		}
		tw := twin(c.layout)
		if assert.NotEmpty(t, tw, "layout %q", c.layout) {
			assert.Equal(t, want, has[tw], "%q has no twin %q", c.layout, tw)
		}
	}
}

// SettleRecord skips a value numericStart turns down without parsing it,
// so every value a numeric layout reads must pass: each such layout's
// writing of dates with one- and two-digit days and months, years from
// 2000 to 2099 (the two-digit ones), and 2024 in four digits. The values
// no such layout reads are turned down.
func TestNumericStartCoversNumericLayouts(t *testing.T) {
	for _, c := range candidates {
		if c.order == orderNone {
			continue
		}
		for _, d := range []time.Time{
			time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC),
			time.Date(2001, 12, 25, 23, 59, 0, 0, time.UTC),
			time.Date(2099, 10, 9, 0, 0, 0, 0, time.UTC),
		} {
			v := d.Format(c.layout)
			assert.True(t, numericStart(v), "%s: %s", c.layout, v)
		}
	}
	for _, v := range []string{"2024-03-01 10:00", "05/Feb/24 9:15 AM", "Fri, 01 Mar 2024 09:00:00 +0000", "Mar 5, 2024 1:02 PM",
		"123/04/2024", "03/04-2024", "03/04/", "3/", "", "03.04", "25 Apr 2024 10:00"} {
		assert.False(t, numericStart(v), v)
	}
}
