package ingest

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/lanes-dev/lanes/models/config"
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
// unpadded ones so that hints show the usual spelling. Every month-first
// layout has its day-first twin: a family that lacked one would leave the
// other family alone to read such values, which would then settle the
// order the wrong way.
var candidates = []layoutCandidate{
	{"2006-01-02T15:04:05Z07:00", orderNone},
	{"2006-01-02T15:04:05Z0700", orderNone}, // +0000: Java's and Jira's default
	{"2006-01-02T15:04:05Z07", orderNone},   // +02
	{"2006-01-02T15:04:05 -0700", orderNone},
	{"2006-01-02T15:04:05", orderNone},
	{"2006-01-02 15:04:05Z07:00", orderNone},
	{"2006-01-02 15:04:05 -0700", orderNone},
	{"2006-01-02 15:04:05Z0700", orderNone},
	{"2006-01-02 15:04:05Z07", orderNone},  // +01: PostgreSQL's timestamptz
	{"2006-01-02 15:04:05 -07", orderNone}, // +01 after a blank
	{"2006-01-02 15:04:05", orderNone},
	{"2006-01-02T15:04Z07:00", orderNone},
	{"2006-01-02T15:04", orderNone},
	{"2006-01-02 15:04", orderNone},
	{"2006/01/02 15:04:05", orderNone},
	{"2006/01/02 15:04", orderNone},
	{"2006-1-2 15:04:05", orderNone},
	{"2006-1-2 15:04", orderNone},
	{"2006-01-02 3:04:05 PM", orderNone},
	{"2006-01-02 3:04 PM", orderNone},
	{"02/Jan/06 3:04 PM", orderNone}, // Jira's default dd/MMM/yy h:mm a
	{"02/Jan/2006 3:04 PM", orderNone},
	{"02/Jan/06 15:04", orderNone},
	{"02/Jan/2006 15:04", orderNone},
	{"2/Jan/06 3:04 PM", orderNone},
	{"02-Jan-2006 15:04:05", orderNone}, // dd-MMM-yyyy: ServiceNow's and Oracle's
	{"02-Jan-2006 15:04", orderNone},
	{"02-Jan-2006 3:04:05 PM", orderNone},
	{"02-Jan-2006 3:04 PM", orderNone},
	{"02-Jan-06 15:04:05", orderNone}, // Oracle's DD-MON-RR
	{"02-Jan-06 15:04", orderNone},
	{"Mon, 02 Jan 2006 15:04:05 -0700", orderNone}, // RFC 1123 with an offset (mail, HTTP)
	{"02 Jan 2006 15:04:05 -0700", orderNone},
	{"02 Jan 2006 15:04:05", orderNone},
	{"02 Jan 2006 15:04", orderNone},
	{"Jan 2, 2006 3:04:05 PM", orderNone},
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
	{"01-02-2006 3:04:05 PM", orderMonthFirst},
	{"01-02-2006 3:04 PM", orderMonthFirst},
	{"01-02-06 15:04", orderMonthFirst},
	{"1-2-2006 15:04:05", orderMonthFirst},
	{"1-2-2006 15:04", orderMonthFirst},
	{"1-2-2006 3:04:05 PM", orderMonthFirst},
	{"1-2-2006 3:04 PM", orderMonthFirst},
	{"02/01/2006 15:04:05", orderDayFirst},
	{"02/01/2006 15:04", orderDayFirst},
	{"02/01/2006 3:04:05 PM", orderDayFirst},
	{"02/01/2006 3:04 PM", orderDayFirst},
	{"2/1/2006 15:04:05", orderDayFirst},
	{"2/1/2006 15:04", orderDayFirst},
	{"2/1/2006 3:04:05 PM", orderDayFirst},
	{"2/1/2006 3:04 PM", orderDayFirst},
	{"2/1/06 15:04", orderDayFirst},
	{"2/1/06 3:04 PM", orderDayFirst},
	{"02-01-2006 15:04:05", orderDayFirst},
	{"02-01-2006 15:04", orderDayFirst},
	{"02-01-2006 3:04:05 PM", orderDayFirst},
	{"02-01-2006 3:04 PM", orderDayFirst},
	{"02-01-06 15:04", orderDayFirst},
	{"2-1-2006 15:04:05", orderDayFirst},
	{"2-1-2006 15:04", orderDayFirst},
	{"2-1-2006 3:04:05 PM", orderDayFirst},
	{"2-1-2006 3:04 PM", orderDayFirst},
	{"02.01.2006 15:04:05", orderDayFirst},
	{"02.01.2006 15:04", orderDayFirst},
	{"02.01.2006 3:04:05 PM", orderDayFirst},
	{"02.01.2006 3:04 PM", orderDayFirst},
	{"02.01.06 3:04:05 PM", orderDayFirst},
	{"02.01.06 3:04 PM", orderDayFirst},  // Jira's German with a 12-hour clock: 14.03.26 1:30 nachm.
	{"2.1.2006 15:04:05", orderDayFirst}, // German Excel: d.m.yyyy
	{"2.1.2006 15:04", orderDayFirst},
	{"02.01.06 15:04:05", orderDayFirst}, // Jira's dd.MM.yy HH:mm (German)
	{"02.01.06 15:04", orderDayFirst},
	{"2.1.06 15:04", orderDayFirst},
	{"2006-01-02", orderNone},
	{"2006-1-2", orderNone},
	{"02/Jan/06", orderNone},
	{"02-Jan-2006", orderNone},
	{"02-Jan-06", orderNone},
	{"01/02/2006", orderMonthFirst},
	{"1/2/2006", orderMonthFirst},
	{"02/01/2006", orderDayFirst},
	{"2/1/2006", orderDayFirst},
	{"01-02-2006", orderMonthFirst},
	{"1-2-2006", orderMonthFirst},
	{"02-01-2006", orderDayFirst},
	{"2-1-2006", orderDayFirst},
	{"02.01.2006", orderDayFirst},
	{"2.1.2006", orderDayFirst},
	{"02.01.06", orderDayFirst},
}

// candidateLeads holds each candidate's leadMark: a layout reads only
// values with the same one, so Observe skips the others without parsing.
var candidateLeads = func() []byte {
	out := make([]byte, len(candidates))
	for i, c := range candidates {
		out[i] = leadMark(c.layout)
	}
	return out
}()

// leadMark is the first byte of s after its leading ASCII digits, 'a' for
// any letter (a month or day name), 0 when there is none. For a candidate
// layout, every numeric field it starts with reads digits only and the
// byte after them is a literal or a name, so a value it reads has the
// same mark.
func leadMark(s string) byte {
	i := leadingDigits(s)
	if i == len(s) {
		return 0
	}
	c := s[i]
	if c >= 0x80 || (c|0x20 >= 'a' && c|0x20 <= 'z') {
		return 'a'
	}
	return c
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
//
// A local time is never silently shifted across a daylight-saving change:
// one the clocks skip (02:30 on the night they jump forward) is an error,
// `local time 2026-03-29 02:30 does not exist in Europe/Berlin (clocks jump
// forward)`; one they repeat (02:30 on the night they go back) reads as the
// first of the two and is noted in the file's AmbiguityLog (see
// WatchAmbiguous).
func ParseTime(value string, layouts []string, loc *time.Location) (time.Time, error) {
	t, _, err := parseTime(value, strings.TrimSpace(value), layouts, loc, "")
	return t, err
}

// parseTime is ParseTime of v, which is value (as written, for messages)
// with its month names made English; hint follows the expected layout in
// the error. It also returns the index of the layout that read v.
func parseTime(value, v string, layouts []string, loc *time.Location, hint string) (time.Time, int, error) {
	if loc == nil {
		loc = time.UTC
	}
	for i, l := range layouts {
		if t, err := time.ParseInLocation(l, v, loc); err == nil {
			if err := checkWeekday(l, v, t); err != nil {
				return time.Time{}, i, fmt.Errorf("cannot read %q as a date: %w", value, err)
			}
			if loc != time.UTC && nearTransition(t) {
				if t, err = checkLocal(t, l, v, strings.TrimSpace(value), loc); err != nil {
					return time.Time{}, i, err
				}
			}
			if t.IsZero() {
				// Go's zero time is how lanes says "no time": stored, it
				// would read as a missing date (a created time missing, an
				// updated time taken from the created one).
				return time.Time{}, i, fmt.Errorf("cannot read %q as a date: 0001-01-01 00:00 UTC is the zero time, which lanes keeps for a date that is missing (leave the cell empty for no date)", value)
			}
			return t, i, nil
		}
	}
	if len(layouts) == 0 {
		return time.Time{}, -1, fmt.Errorf("cannot read %q as a date", value)
	}
	return time.Time{}, -1, fmt.Errorf("cannot read %q as a date (expected like %s%s)", value, layouts[0], hint)
}

// checkWeekday refuses a value whose day of the week, which layout reads
// first, is not the day its date falls on: Go checks only that the name is
// a day's, and a date that contradicts itself must not be read as either.
func checkWeekday(layout, v string, t time.Time) error {
	if !strings.HasPrefix(layout, "Mon") {
		return nil
	}
	day := t.Format("Mon")
	if strings.HasPrefix(layout, "Monday") {
		day = t.Format("Monday")
	}
	if len(v) >= len(day) && strings.EqualFold(v[:len(day)], day) {
		return nil
	}
	return fmt.Errorf("%s is a %s", t.Format("2 January 2006"), t.Format("Monday"))
}

// DetectLayouts picks the layouts that read samples (values from one file's
// timestamp columns). See TimeParser for the rules. When no sample settles
// whether dates written with numbers only are day-first or month-first,
// the layouts hold both orders: read such a file with TimeParser.Parse,
// which settles the order on the first value that can, and never guesses.
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
//
// When the samples hold no date written with numbers only that settles the
// order (an export whose first rows are ISO, its later ones 25/04/2024),
// the order stays open and Parse reads both families: the first later
// value that only one family reads settles the order for the rest of the
// file, and a value both read differently before that is never guessed:
// Parse refuses it and Err holds the error that stops the file.
//
// Month names may be English, German, Spanish, French or Portuguese (see
// dateLangs): the language is the one every sample's month name belongs
// to (names shared by several languages, like "mar" or "Mai", mean the
// same month in each). Samples whose names belong to no single language
// are an error asking for date_locale, which SetLocale applies. Values are
// rewritten to English names only when some sample needed it, so English
// files are read as before.
type TimeParser struct {
	loc     *time.Location
	fixed   bool
	layouts []string

	allowed    langSet // languages month names may be in
	locale     bool    // allowed was set by SetLocale
	langs      langSet // languages every month-named sample fits so far
	months     int     // samples with a month name
	rewrite    bool    // some sample needed rewriting (localized names or markers, am/pm in lower case)
	named      bool    // some sample had localized month names or markers (see Localized)
	langBefore langSet // langs before the sample that emptied it
	mixed      string  // the sample that emptied langs

	counts     []int // per candidate: samples it read
	samples    int
	first      string // first sample, for messages
	onlyMonth  int    // samples only the month-first family reads
	onlyDay    int    // samples only the day-first family reads
	ambiguous  string // first sample both families read, differently
	nAmbiguous int
	decided    bool

	orders []dateOrder // per layout: the order it reads dates in
	given  dateOrder   // the source's date_order (SetOrder); orderNone detects it
	order  dateOrder   // the file's, once settled
	open   bool        // no value has settled day-first or month-first yet
	stop   error       // the value Parse met while open that could be either
	// disagree is the record SettleRecord last saw while open whose dates
	// read only day-first and only month-first: nil for any other.
	disagree *disagreement
	// day and month are, while SettleRecord runs, the record's first date
	// only day-first reads and its first only month-first reads; see is
	// seeDate, made once.
	day, month string
	see        func(string)

	// firstMonth and firstDay are the first samples only the month-first
	// and only the day-first family reads, where Place said they were.
	firstMonth, firstDay sampleAt
	// at and columnOf are the line of the record being sampled and how to
	// find the column of one of its values (see Place).
	at       int64
	columnOf func(value string) string
	column   string // the column of the value ObserveAt passes on
}

// disagreement is a record whose dates settle the order both ways.
type disagreement struct {
	day, month string   // its first date only day-first reads, and only month-first
	values     []string // its date values, trimmed
}

// sampleAt is a sample and where it was: line 0 when not known, column
// "" when not known.
type sampleAt struct {
	value  string
	line   int64
	column string
}

// String is the sample and its place for messages: `"25/04/2024" at
// line 3 column "resolved"`.
func (s sampleAt) String() string {
	where := ""
	switch {
	case s.line > 0 && s.column != "":
		where = fmt.Sprintf(" at line %d column %q", s.line, s.column)
	case s.line > 0:
		where = fmt.Sprintf(" at line %d", s.line)
	}
	return strconv.Quote(s.value) + where
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
	p := &TimeParser{loc: loc, counts: make([]int, len(candidates)), allowed: allLangs, langs: allLangs}
	if layout != "" {
		if err := config.CheckDateFormat(layout); err != nil {
			return nil, fmt.Errorf("date_format %w", err)
		}
		// Values are read with AM and PM in upper case (see rewriteDate),
		// so a layout's "pm" (which Go reads only in lower case) is read
		// as PM: the same layout, in the case values are rewritten to.
		p.fixed, p.layouts = true, []string{strings.ReplaceAll(layout, "pm", "PM")}
	}
	return p, nil
}

// NewSourceTimeParser makes the parser for one file of src, whose values
// without an offset are in loc: NewTimeParser with its date_format, then
// SetLocale with its date_locale when locale is true (connectors that do
// not apply date_locale pass false), then SetOrder with its date_order.
// The error is the first of theirs, which stops the file; with an error
// from SetLocale or SetOrder the parser is returned too.
func NewSourceTimeParser(src config.Source, loc *time.Location, locale bool) (*TimeParser, error) {
	p, err := NewTimeParser(src.DateFormat, loc)
	if err != nil {
		return nil, err
	}
	if locale {
		if err := p.SetLocale(src.DateLocale); err != nil {
			return p, err
		}
	}
	return p, p.SetOrder(src.DateOrder)
}

// SetLocale limits month names to one language, the source's date_locale
// ("de"; see DateLocales); "" keeps detection. Call it before Observe.
func (p *TimeParser) SetLocale(code string) error {
	if strings.TrimSpace(code) == "" {
		return nil
	}
	set, ok := localeSet(code)
	if !ok {
		return fmt.Errorf("date_locale %q is not one of %s", code, strings.Join(DateLocales(), ", "))
	}
	p.allowed, p.langs, p.locale = set, set, true
	return nil
}

// SetOrder fixes the order of day and month in numeric dates to the
// source's date_order: "day_first" (03/04/2024 is 3 April) or
// "month_first" (4 March); "" keeps detection. Unlike date_format it
// leaves every other layout to detection, so a file of ISO times and
// numeric dates reads whole. A date only the other order reads is a
// reject. Call it before Observe.
func (p *TimeParser) SetOrder(order string) error {
	switch strings.TrimSpace(order) {
	case "":
	case DayFirst:
		p.given = orderDayFirst
	case MonthFirst:
		p.given = orderMonthFirst
	default:
		return fmt.Errorf("date_order %q is not %s or %s", order, DayFirst, MonthFirst)
	}
	return nil
}

// The values of a source's date_order.
const (
	DayFirst   = "day_first"
	MonthFirst = "month_first"
)

// Localized reports whether the file's dates need rewriting before Go (or
// DuckDB) reads them: month names other than English, or day-period
// markers other than AM and PM. "am" and "pm" in lower case do not count:
// a reader that keeps to the layout's AM and PM and leaves other values
// to Parse reads such a file exactly. Valid after Decide.
func (p *TimeParser) Localized() bool { return p.named }

// Place says where the samples Observe gets next are: in the record at
// line, and, for a value, in the column columnOf names (nil or "" when not
// known). Decide's errors name the place of the samples they quote;
// columnOf is only called for those. A reader that knows each value's
// column as it passes it gives nil and calls ObserveAt.
func (p *TimeParser) Place(line int64, columnOf func(value string) string) {
	p.at, p.columnOf = line, columnOf
}

// ObserveAt is Observe of a value the reader read from column (a CSV
// column, a JSON key), in the record Place last named.
func (p *TimeParser) ObserveAt(value, column string) {
	p.column = column
	p.Observe(value)
	p.column = ""
}

// here is raw placed where Place (and ObserveAt) last said.
func (p *TimeParser) here(raw string) sampleAt {
	s := sampleAt{value: raw, line: p.at, column: p.column}
	if s.column == "" && p.columnOf != nil {
		s.column = p.columnOf(raw)
	}
	return s
}

// Observe looks at one sample value; empty values are ignored.
func (p *TimeParser) Observe(value string) {
	raw := strings.TrimSpace(value)
	if raw == "" {
		return
	}
	lv := rewriteDate(raw, p.allowed)
	if lv.text != raw {
		p.rewrite = true
		p.named = p.named || lv.named
	}
	if lv.token != "" && lv.langs&p.allowed != 0 {
		p.months++
		if p.langs != 0 && p.langs&lv.langs == 0 && p.mixed == "" {
			p.langBefore, p.mixed = p.langs, raw
		}
		p.langs &= lv.langs
	}
	if p.fixed {
		return
	}
	v := lv.text
	if p.samples == 0 {
		p.first = raw
	}
	p.samples++
	var none, month, day bool
	var tMonth, tDay time.Time
	lead := leadMark(v)
	for i, c := range candidates {
		if candidateLeads[i] != lead {
			continue // cannot read v; a failed parse costs an allocation
		}
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
		if p.onlyMonth == 0 {
			p.firstMonth = p.here(raw)
		}
		p.onlyMonth++
	case day && !month:
		if p.onlyDay == 0 {
			p.firstDay = p.here(raw)
		}
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
	if p.months > 0 && p.langs == 0 {
		return fmt.Errorf("%w: the month names are not all of one language: %q reads only as %s, the dates before it only as %s; set date_locale for this source in lanes.yaml to the language of the export (one of %s)",
			ErrAmbiguousDates, p.mixed, rewriteDate(p.mixed, allLangs).langs.describe(), p.langBefore.describe(), strings.Join(DateLocales(), ", "))
	}
	if p.months == 0 && !p.locale {
		// No month names seen: read any language's later on.
		p.langs = p.allowed
	}
	if p.fixed {
		p.decided = true
		return nil
	}
	if p.samples > 0 {
		best := 0
		for _, n := range p.counts {
			best = max(best, n)
		}
		if best == 0 && p.locale {
			return fmt.Errorf("no known date format reads values like %q with %s month names (date_locale); set date_format for this source in lanes.yaml to a Go layout (the reference time 2006-01-02 15:04:05 written in your format, month names in English)", p.first, p.allowed.describe())
		}
		if best == 0 {
			return fmt.Errorf("no known date format reads values like %q; set date_format for this source in lanes.yaml to a Go layout (the reference time 2006-01-02 15:04:05 written in your format)", p.first)
		}
	}
	// No sample that only one family reads leaves the order open (see
	// TimeParser): guessing month-first would misread a day-first file
	// whose numeric dates all come after the sample.
	order := orderNone
	switch {
	case p.given != orderNone:
		order = p.given // the source says; a date only the other order reads is a reject
	case p.onlyDay > p.onlyMonth:
		order = orderDayFirst
	case p.onlyMonth > p.onlyDay:
		order = orderMonthFirst
	case p.onlyMonth > 0:
		return fmt.Errorf("%w: as many dates read only day-first as only month-first (first %s, only day-first, and %s, only month-first); set date_order (day_first or month_first) or date_format for this source in lanes.yaml",
			ErrAmbiguousDates, p.firstDay, p.firstMonth)
	case p.nAmbiguous > 0:
		return fmt.Errorf("%w: %q could be day-first or month-first and no date in the file settles it; set date_order: day_first or month_first for this source in lanes.yaml, or date_format, e.g. %q (day first) or %q (month first)",
			ErrAmbiguousDates, p.ambiguous, p.exampleLayout(orderDayFirst), p.exampleLayout(orderMonthFirst))
	}
	idx := make([]int, 0, len(candidates))
	for i, c := range candidates {
		if c.order == orderNone || order == orderNone || c.order == order {
			idx = append(idx, i)
		}
	}
	sort.SliceStable(idx, func(a, b int) bool { return p.counts[idx[a]] > p.counts[idx[b]] })
	p.layouts, p.orders = nil, nil
	for _, i := range idx {
		p.layouts = append(p.layouts, candidates[i].layout)
		p.orders = append(p.orders, candidates[i].order)
	}
	p.order, p.open = order, order == orderNone
	p.decided = true
	return nil
}

// settle looks at v, which layout i (of a numeric family) read while the
// order is open. If the other family reads v too, as another date, v could
// be either: that is the file's stopping error. If only i's family reads
// it, that family is the file's from here on. A value both read as the
// same date (01/01/2024) settles nothing.
func (p *TimeParser) settle(value, v string, i int) error {
	j, same := p.otherReading(v, i)
	switch {
	case same:
		return nil
	case j < 0:
		p.settleOrder(p.orders[i])
		return nil
	}
	day, month := p.layouts[i], p.layouts[j]
	if p.orders[i] == orderMonthFirst {
		day, month = month, day
	}
	value = strings.TrimSpace(value)
	why := "no date before it settles it"
	if d := p.disagree; d != nil && slices.Contains(d.values, value) {
		why = fmt.Sprintf("the dates of its record disagree (%q reads only day-first, %q only month-first) with no date before them to settle it", d.day, d.month)
	}
	err := fmt.Errorf("%w: %q could be day-first or month-first and %s; set date_order: day_first or month_first for this source in lanes.yaml, or date_format, e.g. %q (day first) or %q (month first)",
		ErrAmbiguousDates, value, why, day, month)
	if p.stop == nil {
		p.stop = err
	}
	return err
}

// otherReading looks for a layout of the other numeric family than layout
// i's that reads v, which layout i reads, while the order is open: j is
// the first such layout (-1 when none does), same whether it reads v as
// the same date (01/01/2024), when v settles nothing either way.
func (p *TimeParser) otherReading(v string, i int) (j int, same bool) {
	mine, err := time.ParseInLocation(p.layouts[i], v, time.UTC)
	if err != nil {
		return -1, true
	}
	for j, l := range p.layouts {
		if p.orders[j] == orderNone || p.orders[j] == p.orders[i] {
			continue
		}
		other, err := time.ParseInLocation(l, v, time.UTC)
		if err != nil {
			continue
		}
		return j, other.Equal(mine)
	}
	return -1, false
}

// settleOrder makes order the file's from here on: Parse keeps only the
// layouts that read dates in it (and those of no order).
func (p *TimeParser) settleOrder(order dateOrder) {
	var layouts []string
	var orders []dateOrder
	for j, l := range p.layouts {
		if p.orders[j] == orderNone || p.orders[j] == order {
			layouts, orders = append(layouts, l), append(orders, p.orders[j])
		}
	}
	p.layouts, p.orders, p.order, p.open = layouts, orders, order, false
}

// SettleRecord lets the dates of one record (a row, a JSON record) settle
// day-first or month-first for each other, before any of them is parsed:
// dates passes each of the record's date values to see, as a Mapper's
// Times does. While the order is open, a date of the record that only one
// order reads settles it for the whole record, whichever field holds it,
// and for the rest of the file, as Parse would; so created 03/04/2024 is 3
// April when resolved is 25/04/2024 in the same row. A record whose dates
// disagree (25/04/2024 and 04/25/2024) settles nothing here: Parse then
// reads them in turn, as without this call, so the file stops at the
// first that could be either, or the one the other order reads is a
// reject. Readers call it for each record, before they parse its dates.
func (p *TimeParser) SettleRecord(dates func(see func(value string))) {
	p.disagree = nil
	if !p.open {
		return
	}
	// The state lives in p and see is made once: a file of ISO or Jira
	// dates leaves the order open to its end, and this runs for every
	// record of it.
	if p.see == nil {
		p.see = p.seeDate
	}
	p.day, p.month = "", ""
	dates(p.see)
	switch {
	case p.day != "" && p.month != "":
		d := &disagreement{day: p.day, month: p.month}
		dates(func(value string) {
			if value = strings.TrimSpace(value); value != "" {
				d.values = append(d.values, value)
			}
		})
		p.disagree = d
	case p.day != "":
		p.settleOrder(orderDayFirst)
	case p.month != "":
		p.settleOrder(orderMonthFirst)
	}
}

// seeDate notes, for SettleRecord, the first of a record's dates that
// only day-first reads and the first that only month-first does.
func (p *TimeParser) seeDate(value string) {
	value = strings.TrimSpace(value)
	if value == "" || (p.day != "" && p.month != "") {
		return
	}
	switch p.orderOf(value) {
	case orderDayFirst:
		if p.day == "" {
			p.day = value
		}
	case orderMonthFirst:
		if p.month == "" {
			p.month = value
		}
	}
}

// orderOf is the order value settles while the order is open, as Parse
// would settle it: that of the numeric family alone reads it; orderNone
// when a layout of no order reads it first, when both families read it
// (the same date, or two: then it could be either), or when none does.
func (p *TimeParser) orderOf(value string) dateOrder {
	// Rewriting month names and day periods leaves the digits that
	// numericStart looks at alone: test before paying for it.
	if !numericStart(strings.TrimSpace(value)) {
		return orderNone
	}
	v := p.english(value)
	for i, l := range p.layouts {
		if _, err := time.ParseInLocation(l, v, p.loc); err != nil {
			continue
		}
		if p.orders[i] == orderNone {
			return orderNone
		}
		if j, _ := p.otherReading(v, i); j >= 0 {
			return orderNone
		}
		return p.orders[i]
	}
	return orderNone
}

// numericStart reports whether v begins as every layout of a numeric
// order does (01/02/2006, 1-2-06, 02.01.06): one or two digits, a '/', '-'
// or '.', one or two digits, the same mark again and a digit. Only such a
// value can settle the order; the test is cheap, where parsing is not.
func numericStart(v string) bool {
	i := leadingDigits(v)
	if i < 1 || i > 2 || i >= len(v) || (v[i] != '/' && v[i] != '-' && v[i] != '.') {
		return false
	}
	sep, rest := v[i], v[i+1:]
	j := leadingDigits(rest)
	return j >= 1 && j <= 2 && j+1 < len(rest) && rest[j] == sep && rest[j+1] >= '0' && rest[j+1] <= '9'
}

// leadingDigits counts the ASCII digits v starts with.
func leadingDigits(v string) int {
	n := 0
	for n < len(v) && v[n] >= '0' && v[n] <= '9' {
		n++
	}
	return n
}

// english is value as Parse reads it: trimmed, its month names and day
// periods made English when the file's dates need it. A trailing "am" or
// "pm" in lower case is made upper case even when no sample needed it:
// such a value after the sample is no less a date.
func (p *TimeParser) english(value string) string {
	v := strings.TrimSpace(value)
	if p.rewrite || dayPeriodCase(v) {
		v = rewriteDate(v, p.langs).text
	}
	return v
}

// otherOrder finds a layout of the order the file's dates are not in that
// reads v, for the reject of a value only that order reads.
func (p *TimeParser) otherOrder(v string) (string, bool) {
	for _, c := range candidates {
		if c.order == orderNone || c.order == p.order {
			continue
		}
		if _, err := time.ParseInLocation(c.layout, v, time.UTC); err == nil {
			return c.layout, true
		}
	}
	return "", false
}

// String names a numeric order in messages.
func (o dateOrder) String() string {
	if o == orderDayFirst {
		return "day-first"
	}
	return "month-first"
}

// setting is the order as date_order writes it.
func (o dateOrder) setting() string {
	if o == orderDayFirst {
		return DayFirst
	}
	return MonthFirst
}

// Err is the error that stops the file once Parse has refused a value
// that could be day-first or month-first, met before any value settled
// which (see TimeParser); nil otherwise. Connectors turn Parse's errors
// into rejects, so they check after each, with StopAt, and stop the file
// at the reject's line and column.
func (p *TimeParser) Err() error { return p.stop }

// StopAt is Err placed in the file: the error that stops it at line and
// column (where the value Parse refused was; "" when not known), or nil
// while there is none. Connectors call it after reading each row's
// times, before they send the row or its reject.
func (p *TimeParser) StopAt(format, path string, line int64, column string) error {
	if p.stop == nil {
		return nil
	}
	return &FileError{Format: format, Path: path, Line: line, Column: column, Err: p.stop}
}

// Settled reports whether Parse reads every value that the first of
// Layouts reads the way that layout does. It does unless the day/month
// order is still open and that layout writes dates with numbers only:
// then Parse refuses 03/04/2024, which the layout would read.
func (p *TimeParser) Settled() bool {
	return !p.open || len(p.orders) == 0 || p.orders[0] == orderNone
}

// exampleLayout is the layout of the given order that read the ambiguous
// sample first, for the date_format suggestion.
func (p *TimeParser) exampleLayout(order dateOrder) string {
	v := rewriteDate(p.ambiguous, p.allowed).text
	for _, c := range candidates {
		if c.order != order {
			continue
		}
		if _, err := time.ParseInLocation(c.layout, v, p.loc); err == nil {
			return c.layout
		}
	}
	return ""
}

// In returns a copy of p, as Decide and Parse have left it, that reads
// values without an offset in loc: the same file's values read in another
// zone. Use it for Parse only.
func (p *TimeParser) In(loc *time.Location) *TimeParser {
	if loc == nil {
		loc = time.UTC
	}
	q := *p
	q.loc = loc
	q.see = nil // bound to p
	return &q
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
	v, hint := p.english(value), ""
	if p.rewrite && p.months > 0 {
		hint = ", month names in " + p.langs.describe()
	}
	t, i, err := parseTime(value, v, p.layouts, p.loc, hint)
	if i < 0 && p.order != orderNone {
		if l, ok := p.otherOrder(v); ok {
			other := orderDayFirst
			if p.order == orderDayFirst {
				other = orderMonthFirst
			}
			if p.given != orderNone {
				return time.Time{}, fmt.Errorf("cannot read %q as a date: it reads only %s (like %s), and date_order in lanes.yaml says %s", value, other, l, p.given.setting())
			}
			return time.Time{}, fmt.Errorf("cannot read %q as a date: it reads only %s (like %s), and this file's dates are %s", value, other, l, p.order)
		}
	}
	if i < 0 || !p.open || p.orders[i] == orderNone {
		return t, err
	}
	if serr := p.settle(value, v, i); serr != nil {
		return time.Time{}, serr
	}
	return t, err
}

// nearTransition reports whether t lies within two days of a change of its
// zone's offset: only there can a local time be skipped or repeated. (The
// largest change on record is a day, when Samoa crossed the date line.)
func nearTransition(t time.Time) bool {
	const window = 48 * time.Hour
	start, end := t.ZoneBounds()
	return (!start.IsZero() && t.Sub(start) < window) || (!end.IsZero() && end.Sub(t) < window)
}

// checkLocal looks again at t, which layout read from v in loc near a
// daylight-saving change. A value with its own offset or zone name is
// taken as written. Otherwise the wall clock v names is matched against
// every offset in force around t: none means the time does not exist (the
// clocks skipped it), two means it happened twice and the first is used.
func checkLocal(t time.Time, layout, v, written string, loc *time.Location) (time.Time, error) {
	if layoutHasZone(layout) {
		return t, nil
	}
	wall, err := time.ParseInLocation(layout, v, time.UTC)
	if err != nil {
		return t, nil
	}
	var found []time.Time
	for _, off := range nearbyOffsets(t) {
		u := wall.Add(-time.Duration(off) * time.Second).In(loc)
		if _, o := u.Zone(); o != off {
			continue
		}
		dup := false
		for _, f := range found {
			dup = dup || f.Equal(u)
		}
		if !dup {
			found = append(found, u)
		}
	}
	switch len(found) {
	case 0:
		return time.Time{}, fmt.Errorf("local time %s does not exist in %s (clocks jump forward)", wallString(wall), loc)
	case 1:
		return found[0], nil
	}
	first, second := found[0], found[1]
	if second.Before(first) {
		first, second = second, first
	}
	noteAmbiguous(loc, AmbiguousTime{Value: written, Wall: wallString(wall), Zone: loc.String(), First: first.UTC(), Second: second.UTC()})
	return first, nil
}

// nearbyOffsets are the UTC offsets (seconds east) in force just before,
// during and just after the zone period holding t.
func nearbyOffsets(t time.Time) []int {
	_, cur := t.Zone()
	out := []int{cur}
	start, end := t.ZoneBounds()
	if !start.IsZero() {
		_, o := start.Add(-time.Second).Zone()
		out = append(out, o)
	}
	if !end.IsZero() {
		_, o := end.Zone()
		out = append(out, o)
	}
	return out
}

func wallString(wall time.Time) string {
	if wall.Second() != 0 || wall.Nanosecond() != 0 {
		return wall.Format("2006-01-02 15:04:05")
	}
	return wall.Format("2006-01-02 15:04")
}

var zoneLayouts sync.Map // layout -> bool

// layoutHasZone reports whether layout reads an offset or zone name, by
// formatting one wall clock in two zones.
func layoutHasZone(layout string) bool {
	if v, ok := zoneLayouts.Load(layout); ok {
		return v.(bool)
	}
	a := time.Date(2001, 2, 3, 4, 5, 6, 0, time.FixedZone("AAA", 3600))
	b := time.Date(2001, 2, 3, 4, 5, 6, 0, time.FixedZone("BBB", -7200))
	has := a.Format(layout) != b.Format(layout)
	zoneLayouts.Store(layout, has)
	return has
}

// AmbiguousTime is a local time that happened twice in its zone (in the
// hour the clocks go back) and was read as the first of the two.
type AmbiguousTime struct {
	Line   int64     // line of the row it was read for; 0 when not known
	Value  string    // as written in the file
	Wall   string    // the local time it names, e.g. "2026-10-25 02:30"
	Zone   string    // e.g. "Europe/Berlin"
	First  time.Time // the instant used, UTC
	Second time.Time // the other instant it could mean, UTC
}

// Describe renders the note as "file line N: local time ... happens twice
// ...".
func (a AmbiguousTime) Describe(path string) string {
	s := path
	if a.Line > 0 {
		s += fmt.Sprintf(" line %d", a.Line)
	}
	return fmt.Sprintf("%s: local time %s happens twice in %s (clocks go back); read as the first, %s UTC, not %s UTC",
		s, a.Wall, a.Zone, a.First.Format("2006-01-02 15:04"), a.Second.Format("2006-01-02 15:04"))
}

// keepAmbiguous is how many examples an AmbiguityLog keeps.
const keepAmbiguous = 5

// AmbiguityLog counts the ambiguous local times read in one file's time
// zone while it is being watched, keeping the first few as examples.
type AmbiguityLog struct {
	loc      *time.Location
	mu       sync.Mutex
	n        int64
	examples []AmbiguousTime
	placed   int // examples[:placed] have their line
	// since holds the local times noted since the last Place: a record
	// whose value is read twice (a history's last update time, read for
	// its event and for the ticket) counts it once, unless eachRead.
	since    map[string]bool
	eachRead bool
}

// CountEachRead makes the log count every read of an ambiguous time, the
// same value read twice for one record too: for a watch that tells, by
// its count, whether the value just read was ambiguous.
func (l *AmbiguityLog) CountEachRead() {
	if l != nil {
		l.mu.Lock()
		l.eachRead = true
		l.mu.Unlock()
	}
}

var (
	watchMu sync.Mutex
	watches = map[*time.Location][]*AmbiguityLog{}
)

// WatchAmbiguous starts collecting the ambiguous local times that
// ParseTime (and TimeParser.Parse) read in loc, until Stop. The ingest run
// watches each file's *time.Location, loaded for that file, so every
// connector that parses with Input.Location is covered without passing
// anything along. If the same location is watched twice at once, the
// latest watch hears.
func WatchAmbiguous(loc *time.Location) *AmbiguityLog {
	l := &AmbiguityLog{loc: loc}
	if loc == nil || loc == time.UTC {
		return l
	}
	watchMu.Lock()
	watches[loc] = append(watches[loc], l)
	watchMu.Unlock()
	return l
}

// Stop ends the watch.
func (l *AmbiguityLog) Stop() {
	if l == nil || l.loc == nil {
		return
	}
	watchMu.Lock()
	defer watchMu.Unlock()
	ls := watches[l.loc]
	for i, w := range ls {
		if w == l {
			ls = append(ls[:i:i], ls[i+1:]...)
			break
		}
	}
	if len(ls) == 0 {
		delete(watches, l.loc)
	} else {
		watches[l.loc] = ls
	}
}

// Place gives the examples noted since the last call the line of the row
// being read; the sink calls it as each row arrives.
func (l *AmbiguityLog) Place(line int64) {
	if l == nil {
		return
	}
	l.PlaceRow(line)
	l.mu.Lock()
	defer l.mu.Unlock()
	clear(l.since)
}

// PlaceRow gives the examples noted since the last call the line of the
// row they were read from, as Place does, but a value read again before
// the next Place still counts once: for a ticket built from several rows
// (a ServiceNow history's updates), whose times are read row by row and
// some again for the ticket, which then calls Place.
func (l *AmbiguityLog) PlaceRow(line int64) {
	if l == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	for ; l.placed < len(l.examples); l.placed++ {
		l.examples[l.placed].Line = line
	}
}

// Count is how many ambiguous local times were read.
func (l *AmbiguityLog) Count() int64 {
	if l == nil {
		return 0
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.n
}

// Examples are the first few ambiguous times read, in file order.
func (l *AmbiguityLog) Examples() []AmbiguousTime {
	if l == nil {
		return nil
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]AmbiguousTime(nil), l.examples...)
}

func noteAmbiguous(loc *time.Location, a AmbiguousTime) {
	watchMu.Lock()
	ls := watches[loc]
	var l *AmbiguityLog
	if len(ls) > 0 {
		l = ls[len(ls)-1]
	}
	watchMu.Unlock()
	if l == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.since[a.Wall] && !l.eachRead {
		return
	}
	if l.since == nil {
		l.since = map[string]bool{}
	}
	l.since[a.Wall] = true
	l.n++
	if len(l.examples) < keepAmbiguous {
		l.examples = append(l.examples, a)
	}
}
