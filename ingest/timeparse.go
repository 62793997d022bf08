package ingest

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
)

// dateOrder says how a layout reads a date written only with numbers.
type dateOrder int

const (
	orderNone       dateOrder = iota // year first, or the month is a name: unambiguous
	orderMonthFirst                  // 01/02/2006: January 2
	orderDayFirst                    // 02/01/2006: 1 February
)

type layoutCandidate struct {
	layout string
	order  dateOrder
}

// candidates are the layouts detection tries, in order of preference when
// several read every sample the same way. Padded forms come before the
// unpadded ones so that hints show the usual spelling.
var candidates = []layoutCandidate{
	{"2006-01-02T15:04:05Z07:00", orderNone},
	{"2006-01-02T15:04:05", orderNone},
	{"2006-01-02 15:04:05Z07:00", orderNone},
	{"2006-01-02 15:04:05 -0700", orderNone},
	{"2006-01-02 15:04:05", orderNone},
	{"2006-01-02T15:04", orderNone},
	{"2006-01-02 15:04", orderNone},
	{"2006/01/02 15:04:05", orderNone},
	{"2006/01/02 15:04", orderNone},
	{"02/Jan/06 3:04 PM", orderNone}, // Jira's default dd/MMM/yy h:mm a
	{"02/Jan/2006 3:04 PM", orderNone},
	{"02/Jan/06 15:04", orderNone},
	{"02/Jan/2006 15:04", orderNone},
	{"2/Jan/06 3:04 PM", orderNone},
	{"02 Jan 2006 15:04:05", orderNone},
	{"02 Jan 2006 15:04", orderNone},
	{"Jan 2, 2006 3:04 PM", orderNone},
	{"Jan 2, 2006 15:04", orderNone},
	{"01/02/2006 15:04:05", orderMonthFirst},
	{"01/02/2006 15:04", orderMonthFirst},
	{"01/02/2006 3:04:05 PM", orderMonthFirst},
	{"01/02/2006 3:04 PM", orderMonthFirst},
	{"1/2/2006 15:04:05", orderMonthFirst},
	{"1/2/2006 15:04", orderMonthFirst},
	{"1/2/2006 3:04:05 PM", orderMonthFirst},
	{"1/2/2006 3:04 PM", orderMonthFirst},
	{"1/2/06 15:04", orderMonthFirst},
	{"1/2/06 3:04 PM", orderMonthFirst},
	{"01-02-2006 15:04:05", orderMonthFirst},
	{"01-02-2006 15:04", orderMonthFirst},
	{"02/01/2006 15:04:05", orderDayFirst},
	{"02/01/2006 15:04", orderDayFirst},
	{"2/1/2006 15:04:05", orderDayFirst},
	{"2/1/2006 15:04", orderDayFirst},
	{"2/1/06 15:04", orderDayFirst},
	{"02-01-2006 15:04:05", orderDayFirst},
	{"02-01-2006 15:04", orderDayFirst},
	{"02.01.2006 15:04:05", orderDayFirst},
	{"02.01.2006 15:04", orderDayFirst},
	{"2006-01-02", orderNone},
	{"02/Jan/06", orderNone},
	{"01/02/2006", orderMonthFirst},
	{"1/2/2006", orderMonthFirst},
	{"02/01/2006", orderDayFirst},
	{"2/1/2006", orderDayFirst},
	{"02.01.2006", orderDayFirst},
}

// TimeLayouts lists the Go reference layouts that detection knows, in order
// of preference.
func TimeLayouts() []string {
	out := make([]string, len(candidates))
	for i, c := range candidates {
		out[i] = c.layout
	}
	return out
}

// ParseTime reads value with the first of layouts that fits, in loc unless
// the value carries its own offset. The error names the value and the
// first layout, e.g. `cannot read "31/Fbr/24 3:15 PM" as a date (expected
// like 02/Jan/06 3:04 PM)`.
func ParseTime(value string, layouts []string, loc *time.Location) (time.Time, error) {
	if loc == nil {
		loc = time.UTC
	}
	v := strings.TrimSpace(value)
	for _, l := range layouts {
		if t, err := time.ParseInLocation(l, v, loc); err == nil {
			return t, nil
		}
	}
	if len(layouts) == 0 {
		return time.Time{}, fmt.Errorf("cannot read %q as a date", value)
	}
	return time.Time{}, fmt.Errorf("cannot read %q as a date (expected like %s)", value, layouts[0])
}

// DetectLayouts picks the layouts that read samples (values from one file's
// timestamp columns). See TimeParser for the rules.
func DetectLayouts(samples []string) ([]string, error) {
	p, err := NewTimeParser("", time.UTC)
	if err != nil {
		return nil, err
	}
	for _, s := range samples {
		p.Observe(s)
	}
	if err := p.Decide(); err != nil {
		return nil, err
	}
	return p.Layouts(), nil
}

// TimeParser reads one file's timestamps. With a configured layout it uses
// only that one. Otherwise it watches sample values first (Observe), then
// Decide picks the layouts: every unambiguous layout plus the day-first or
// the month-first family, whichever the samples show; samples that either
// family reads, but differently (03/04/2024), with nothing to settle it, are
// an error asking for date_format. Layouts that read more samples are tried
// first, and the best one is the hint in error messages.
type TimeParser struct {
	loc     *time.Location
	fixed   bool
	layouts []string

	counts     []int // per candidate: samples it read
	samples    int
	first      string // first sample, for messages
	onlyMonth  int    // samples only the month-first family reads
	onlyDay    int    // samples only the day-first family reads
	ambiguous  string // first sample both families read, differently
	nAmbiguous int
	decided    bool
}

// minSamples is how many values detection wants before it stops early.
const minSamples = 50

// NewTimeParser makes a parser for one file. layout is the source's
// date_format (a Go reference layout) or empty to detect it; loc is the
// source's time zone for values without an offset (nil means UTC).
func NewTimeParser(layout string, loc *time.Location) (*TimeParser, error) {
	if loc == nil {
		loc = time.UTC
	}
	p := &TimeParser{loc: loc, counts: make([]int, len(candidates))}
	if layout != "" {
		// A string with no layout elements formats to itself.
		if other := time.Date(2001, 3, 4, 13, 7, 8, 0, time.UTC); other.Format(layout) == layout {
			return nil, fmt.Errorf("date_format %q is not a Go reference layout; write the reference time 2006-01-02 15:04:05 in your format, e.g. %q", layout, "02/01/2006 15:04")
		}
		p.fixed, p.decided, p.layouts = true, true, []string{layout}
	}
	return p, nil
}

// Observe looks at one sample value; empty values are ignored.
func (p *TimeParser) Observe(value string) {
	v := strings.TrimSpace(value)
	if p.fixed || v == "" {
		return
	}
	if p.samples == 0 {
		p.first = v
	}
	p.samples++
	var none, month, day bool
	var tMonth, tDay time.Time
	for i, c := range candidates {
		t, err := time.ParseInLocation(c.layout, v, p.loc)
		if err != nil {
			continue
		}
		p.counts[i]++
		switch c.order {
		case orderNone:
			none = true
		case orderMonthFirst:
			if !month {
				month, tMonth = true, t
			}
		case orderDayFirst:
			if !day {
				day, tDay = true, t
			}
		}
	}
	switch {
	case none:
	case month && !day:
		p.onlyMonth++
	case day && !month:
		p.onlyDay++
	case month && day && !tMonth.Equal(tDay):
		if p.nAmbiguous == 0 {
			p.ambiguous = v
		}
		p.nAmbiguous++
	}
}

// NeedMore reports whether detection would like more samples: too few so
// far, or only values that could be day-first or month-first.
func (p *TimeParser) NeedMore() bool {
	if p.fixed {
		return false
	}
	return p.samples < minSamples || (p.nAmbiguous > 0 && p.onlyMonth == 0 && p.onlyDay == 0)
}

// ErrAmbiguousDates is wrapped by Decide's error when samples could be read
// day-first or month-first.
var ErrAmbiguousDates = errors.New("ambiguous dates")

// Decide picks the layouts from what Observe saw.
func (p *TimeParser) Decide() error {
	if p.fixed {
		return nil
	}
	if p.samples > 0 {
		best := 0
		for _, n := range p.counts {
			best = max(best, n)
		}
		if best == 0 {
			return fmt.Errorf("no known date format reads values like %q; set date_format for this source in lanes.yaml to a Go layout (the reference time 2006-01-02 15:04:05 written in your format)", p.first)
		}
	}
	order := orderMonthFirst
	switch {
	case p.onlyDay > p.onlyMonth:
		order = orderDayFirst
	case p.onlyMonth > p.onlyDay:
	case p.onlyMonth > 0:
		return fmt.Errorf("%w: as many dates read only day-first as only month-first; set date_format for this source in lanes.yaml", ErrAmbiguousDates)
	case p.nAmbiguous > 0:
		return fmt.Errorf("%w: %q could be day-first or month-first and no date in the file settles it; set date_format for this source in lanes.yaml, e.g. date_format: %q (day first) or %q (month first)",
			ErrAmbiguousDates, p.ambiguous, p.exampleLayout(orderDayFirst), p.exampleLayout(orderMonthFirst))
	}
	idx := make([]int, 0, len(candidates))
	for i, c := range candidates {
		if c.order == orderNone || c.order == order {
			idx = append(idx, i)
		}
	}
	sort.SliceStable(idx, func(a, b int) bool { return p.counts[idx[a]] > p.counts[idx[b]] })
	p.layouts = p.layouts[:0]
	for _, i := range idx {
		p.layouts = append(p.layouts, candidates[i].layout)
	}
	p.decided = true
	return nil
}

// exampleLayout is the layout of the given order that read the ambiguous
// sample first, for the date_format suggestion.
func (p *TimeParser) exampleLayout(order dateOrder) string {
	for _, c := range candidates {
		if c.order != order {
			continue
		}
		if _, err := time.ParseInLocation(c.layout, p.ambiguous, p.loc); err == nil {
			return c.layout
		}
	}
	return ""
}

// Layouts are the layouts Parse tries, best first (after Decide).
func (p *TimeParser) Layouts() []string { return append([]string(nil), p.layouts...) }

// Parse reads one value. Call Decide first; before that the parser knows
// only the unambiguous layouts.
func (p *TimeParser) Parse(value string) (time.Time, error) {
	if !p.decided {
		if err := p.Decide(); err != nil {
			return time.Time{}, err
		}
	}
	return ParseTime(value, p.layouts, p.loc)
}
