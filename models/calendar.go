package models

import (
	"database/sql"
	"database/sql/driver"
	"fmt"
	"strings"
	"time"

	"github.com/lanes-dev/lanes/models/config"
	"github.com/lanes-dev/lanes/models/warehouse"
)

// businessDay is one row of dim_business_days: a calendar day in the
// calendar's time zone with its working window as UTC instants.
type businessDay struct {
	Day               time.Time // the local date, at 00:00 UTC
	Weekday           string    // mon..sun
	IsWorkDay         bool
	Holiday           string // "" when none
	DayStart, DayEnd  time.Time
	WorkStart         time.Time // DayStart when not a work day
	WorkEnd           time.Time // DayStart when not a work day
	WorkMinutes       float64
	WorkMinutesBefore float64
}

var weekdayNames = [...]string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}

// Years outside these bounds are left out of dim_business_days: a ticket
// dated 0001-01-01 must not make the build write two million days.
const (
	firstCalendarYear = 1970
	lastCalendarYear  = 2200
)

// businessDays lays out the calendar's days from first to last (local
// dates, inclusive). Working hours are work_start..work_end local time on
// the configured work days that are not holidays; turning each day's local
// times into UTC instants separately makes daylight-saving changes exact.
func businessDays(cal config.Calendar, loc *time.Location, first, last time.Time) ([]businessDay, error) {
	ws, err := time.Parse("15:04", cal.WorkStart)
	if err != nil {
		return nil, fmt.Errorf("calendar.work_start: %w", err)
	}
	we, err := time.Parse("15:04", cal.WorkEnd)
	if err != nil {
		return nil, fmt.Errorf("calendar.work_end: %w", err)
	}
	workDays := map[string]bool{}
	for _, d := range cal.WorkDays {
		workDays[strings.ToLower(d)] = true
	}
	first = time.Date(first.Year(), first.Month(), first.Day(), 0, 0, 0, 0, time.UTC)
	last = time.Date(last.Year(), last.Month(), last.Day(), 0, 0, 0, 0, time.UTC)
	holidays := cal.HolidaysIn(first.Year(), last.Year())
	var out []businessDay
	before := 0.0
	for d := first; !d.After(last); d = d.AddDate(0, 0, 1) {
		y, m, dd := d.Date()
		bd := businessDay{
			Day:      d,
			Weekday:  weekdayNames[d.Weekday()],
			Holiday:  holidays[d.Format("2006-01-02")],
			DayStart: time.Date(y, m, dd, 0, 0, 0, 0, loc).UTC(),
			DayEnd:   time.Date(y, m, dd+1, 0, 0, 0, 0, loc).UTC(),
		}
		bd.IsWorkDay = workDays[bd.Weekday] && bd.Holiday == ""
		bd.WorkStart, bd.WorkEnd = bd.DayStart, bd.DayStart
		if bd.IsWorkDay {
			bd.WorkStart = time.Date(y, m, dd, ws.Hour(), ws.Minute(), 0, 0, loc).UTC()
			bd.WorkEnd = time.Date(y, m, dd, we.Hour(), we.Minute(), 0, 0, loc).UTC()
			if bd.WorkEnd.After(bd.WorkStart) {
				bd.WorkMinutes = bd.WorkEnd.Sub(bd.WorkStart).Minutes()
			} else {
				bd.WorkEnd = bd.WorkStart
			}
		}
		bd.WorkMinutesBefore = before
		before += bd.WorkMinutes
		out = append(out, bd)
	}
	return out, nil
}

// writeBusinessDays replaces dim_business_days with the calendar's days
// from the day before the earliest timestamp in the canonical tables to the
// day after the latest, so every timestamp a model meets finds its day.
func writeBusinessDays(tx *warehouse.Tx, cfg *config.Config) error {
	if _, err := tx.Exec("delete from dim_business_days"); err != nil {
		return fmt.Errorf("clear dim_business_days: %w", err)
	}
	var lo, hi sql.NullTime
	err := tx.QueryRow(`
		with instants as (
			select min(least(created_at, first_response_at, resolved_at, closed_at, updated_at)) as lo,
				max(greatest(created_at, first_response_at, resolved_at, closed_at, updated_at)) as hi
			from tickets
			union all
			select min(event_at), max(event_at) from ticket_events
			union all
			select min(created_at), max(created_at) from comments
		)
		select min(lo), max(hi) from instants`).Scan(&lo, &hi)
	if err != nil {
		return fmt.Errorf("dim_business_days: date range of the data: %w", err)
	}
	if !lo.Valid || !hi.Valid {
		return nil
	}
	loc := cfg.Location()
	first := lo.Time.In(loc).AddDate(0, 0, -1)
	last := hi.Time.In(loc).AddDate(0, 0, 1)
	if first.Year() < firstCalendarYear {
		first = time.Date(firstCalendarYear, 1, 1, 0, 0, 0, 0, loc)
	}
	if last.Year() > lastCalendarYear {
		last = time.Date(lastCalendarYear, 12, 31, 0, 0, 0, 0, loc)
	}
	if last.Before(first) {
		return nil
	}
	days, err := businessDays(cfg.Calendar, loc, first, last)
	if err != nil {
		return err
	}
	return tx.Append("dim_business_days", func(row func(...driver.Value) error) error {
		for _, d := range days {
			var holiday driver.Value
			if d.Holiday != "" {
				holiday = d.Holiday
			}
			if err := row(d.Day, d.Weekday, d.IsWorkDay, holiday, d.DayStart, d.DayEnd,
				d.WorkStart, d.WorkEnd, d.WorkMinutes, d.WorkMinutesBefore); err != nil {
				return err
			}
		}
		return nil
	})
}
