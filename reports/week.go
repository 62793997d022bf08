package reports

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

const dateLayout = "2006-01-02"

var isoWeekRE = regexp.MustCompile(`^(\d{4})-W(\d{2})$`)

// parseISOWeek reads an ISO 8601 week like "2026-W10" and returns its year
// and week number. A week 53 is accepted only in years that have one.
func parseISOWeek(s string) (year, week int, err error) {
	bad := fmt.Errorf("--week %q: want an ISO week like 2026-W10", s)
	m := isoWeekRE.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return 0, 0, bad
	}
	year, _ = strconv.Atoi(m[1])
	week, _ = strconv.Atoi(m[2])
	if year < 1 || week < 1 || week > 53 {
		return 0, 0, fmt.Errorf("--week %q: week must be between 01 and 53", s)
	}
	if y, w := isoMonday(year, week).ISOWeek(); y != year || w != week {
		return 0, 0, fmt.Errorf("--week %q: %d has only 52 ISO weeks", s, year)
	}
	return year, week, nil
}

// isoMonday is the Monday that starts ISO week (year, week), as a UTC date.
func isoMonday(year, week int) time.Time {
	// 4 January is always in week 1.
	jan4 := time.Date(year, time.January, 4, 0, 0, 0, 0, time.UTC)
	offset := (int(jan4.Weekday()) + 6) % 7 // days since Monday
	return jan4.AddDate(0, 0, -offset+7*(week-1))
}

// weekLabel names the reporting week that starts on the date start as the
// ISO week of the Monday inside it, so Sunday-start weeks get the label of
// the ISO week they mostly overlap.
func weekLabel(start time.Time) string {
	monday := start.AddDate(0, 0, (8-int(start.Weekday()))%7)
	y, w := monday.ISOWeek()
	return fmt.Sprintf("%04d-W%02d", y, w)
}

// dateOnly drops the clock and zone of t, keeping its calendar date.
func dateOnly(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// pickWeek chooses the reporting week among the weeks that have data
// (week_start dates, ascending). An empty request means the latest complete
// week: the week before the one holding lastDay, unless lastDay is the last
// day of its week. lastDay is the date of the latest created_at in the
// calendar's time zone.
func pickWeek(weeks []time.Time, requested string, lastDay time.Time) (time.Time, error) {
	if len(weeks) == 0 {
		return time.Time{}, fmt.Errorf("no tickets in int_tickets: run `lanes ingest` and `lanes build` first")
	}
	if requested != "" {
		if _, _, err := parseISOWeek(requested); err != nil {
			return time.Time{}, err
		}
		want := strings.TrimSpace(requested)
		for _, w := range weeks {
			if weekLabel(w) == want {
				return w, nil
			}
		}
		return time.Time{}, fmt.Errorf("--week %s: no tickets were created that week; weeks with data: %s", want, describeWeeks(weeks))
	}
	latest := weeks[len(weeks)-1]
	lastDay = dateOnly(lastDay)
	if !lastDay.Before(latest.AddDate(0, 0, 6)) {
		return latest, nil
	}
	prev := latest.AddDate(0, 0, -7)
	for _, w := range weeks {
		if w.Equal(prev) {
			return w, nil
		}
	}
	return time.Time{}, fmt.Errorf("no complete week with data: the latest week %s runs to %s but the data stops on %s, and %s has no tickets; weeks with data: %s; pick one with --week",
		weekLabel(latest), latest.AddDate(0, 0, 6).Format(dateLayout), lastDay.Format(dateLayout), weekLabel(prev), describeWeeks(weeks))
}

// describeWeeks lists weeks compactly, folding runs of consecutive weeks
// into "first to last" ranges.
func describeWeeks(weeks []time.Time) string {
	var parts []string
	for i := 0; i < len(weeks); {
		j := i
		for j+1 < len(weeks) && weeks[j+1].Equal(weeks[j].AddDate(0, 0, 7)) {
			j++
		}
		switch {
		case j == i:
			parts = append(parts, weekLabel(weeks[i]))
		default:
			parts = append(parts, weekLabel(weeks[i])+" to "+weekLabel(weeks[j]))
		}
		i = j + 1
	}
	return strings.Join(parts, ", ")
}
