package ingest

import (
	"strings"
	"testing"

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
