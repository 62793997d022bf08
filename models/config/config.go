// Package config reads lanes.yaml: teams, the tool catalogue, intent rules,
// the business calendar, sources and the metric parameters. Every value has
// a built-in default, so lanes runs with no file at all; unknown keys and bad
// values are errors that name the key and the file.
package config

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// Team classes.
const (
	ClassIT          = "it"
	ClassEngineering = "engineering"
	ClassSecurity    = "security"
	ClassOther       = "other"
)

// Config is the whole of lanes.yaml after defaults are applied.
type Config struct {
	// File is where the configuration came from; empty for built-in defaults.
	File string `yaml:"-"`

	Teams         []Team        `yaml:"teams"`
	Tools         []Tool        `yaml:"tools"`
	Intents       []Intent      `yaml:"intents"`
	Calendar      Calendar      `yaml:"calendar"`
	Sources       []Source      `yaml:"sources"`
	Interruptions Interruptions `yaml:"interruptions"`
	Automation    Automation    `yaml:"automation"`
	Warehouse     WarehouseConf `yaml:"warehouse"`
	// SLA holds the response and resolution targets per priority (sla.go).
	SLA SLA `yaml:"sla"`
	// Privacy controls pseudonyms, small-group suppression and free text (people.go).
	Privacy Privacy `yaml:"privacy"`
	// Clusters groups near-duplicate titles no intent covers (classification.go).
	Clusters Clusters `yaml:"clusters"`
	// Backlog holds the backlog age buckets (backlog.go).
	Backlog Backlog `yaml:"backlog"`
	// Currency is the ISO 4217 code of the teams' hourly costs, and so of
	// every money figure (currency.go); DefaultCurrency when empty.
	Currency string `yaml:"currency"`
}

// Team is a group of people with a class and an hourly cost.
type Team struct {
	Name       string   `yaml:"name"`
	Class      string   `yaml:"class"`
	HourlyCost float64  `yaml:"hourly_cost"`
	Groups     []string `yaml:"groups"` // regular expressions matched against assignment groups
	People     []string `yaml:"people"` // regular expressions matched against people's names or emails
}

// Tool is one entry of the tool catalogue.
type Tool struct {
	Name       string   `yaml:"name"`
	Aliases    []string `yaml:"aliases"`
	Owner      string   `yaml:"owner"`
	Sanctioned *bool    `yaml:"sanctioned"`
}

// IsSanctioned reports the tool's sanctioned flag (true when not given).
func (t Tool) IsSanctioned() bool { return t.Sanctioned == nil || *t.Sanctioned }

// Intent is a kind of request recognised by rules over title and description.
type Intent struct {
	Name          string   `yaml:"name"`
	Class         string   `yaml:"class"`          // it or engineering: the side that normally owns it
	HandleMinutes float64  `yaml:"handle_minutes"` // default hands-on time when no worklog exists
	Automatable   *bool    `yaml:"automatable"`
	Patterns      []string `yaml:"patterns"` // RE2 regular expressions, case-insensitive
}

// IsAutomatable reports the intent's automatable flag (true when not given).
func (i Intent) IsAutomatable() bool { return i.Automatable == nil || *i.Automatable }

// Calendar is the business calendar used for business hours and weeks.
type Calendar struct {
	TimeZone  string   `yaml:"time_zone"`
	WeekStart string   `yaml:"week_start"` // monday or sunday
	WorkStart string   `yaml:"work_start"` // "09:00"
	WorkEnd   string   `yaml:"work_end"`   // "17:00"
	WorkDays  []string `yaml:"work_days"`  // mon..sun
	Holidays  []string `yaml:"holidays"`   // YYYY-MM-DD
	// HolidayCountry adds a country's national public holidays (ISO code,
	// e.g. de, us, gb, fr; see HolidayCountries) to Holidays.
	HolidayCountry string `yaml:"holiday_country"`
}

// Source describes one export: where it is, how to read it.
type Source struct {
	Name       string `yaml:"name"`
	Path       string `yaml:"path"`
	Format     string `yaml:"format"`
	TimeZone   string `yaml:"time_zone"`
	DateFormat string `yaml:"date_format"` // Go reference layout, e.g. "2006-01-02 15:04"
	DateLocale string `yaml:"date_locale"` // month names in dates: en, de, es, fr or pt; empty detects them
	// DateOrder is the order of day and month in numeric dates, day_first
	// or month_first, leaving the rest of the layout to detection (unlike
	// DateFormat); empty detects it.
	DateOrder string            `yaml:"date_order"`
	Mapping   map[string]string `yaml:"mapping"` // canonical field -> column name
	URLBase   string            `yaml:"url_base"`
	// Encoding is the text encoding of the source's CSV files when they
	// have no byte order mark (see NormalizeEncoding); empty detects it.
	Encoding string `yaml:"encoding"`
	// Channels lists the chat channels (Slack exports) whose messages are
	// help requests; each entry is a channel name or an RE2 pattern matched
	// against the whole name, case-insensitively, a leading # ignored. Empty
	// means channels whose name contains help, support, it-, ask- or request.
	Channels []string `yaml:"channels"`
	// Records is, for a json source, the dot path of keys to the list of
	// records inside each top-level object ("data.issues.nodes" for
	// {"data": {"issues": {"nodes": [...]}}}); empty finds the list by its
	// key ("tickets", "data", ...) at the top.
	Records string `yaml:"records"`
}

// Interruptions holds the cross-team interruption cost model.
type Interruptions struct {
	RefocusMinutes     float64 `yaml:"refocus_minutes"`
	RefocusLowMinutes  float64 `yaml:"refocus_low_minutes"`
	RefocusHighMinutes float64 `yaml:"refocus_high_minutes"`
	MergeWindowMinutes float64 `yaml:"merge_window_minutes"`
	DefaultHourlyCost  float64 `yaml:"default_hourly_cost"`
	// FocusBlockMinutes cuts working hours into focus blocks (focus_fragmentation).
	FocusBlockMinutes float64 `yaml:"focus_block_minutes"`
	// ThreadHandleMinutes is the hands-on time of answering a help-channel
	// thread that has no ticket (untracked_requests).
	ThreadHandleMinutes float64 `yaml:"thread_handle_minutes"`
	// TicketKeyPattern finds a ticket key in a help-channel message (RE2,
	// case-sensitive); a thread with one is not untracked. It alone decides:
	// the keys a connector found (messages.ticket_ref) count only where it
	// finds one in them.
	TicketKeyPattern string `yaml:"ticket_key_pattern"`
}

// Automation holds the parameters of the automation-candidate score.
type Automation struct {
	AutomatableShare float64 `yaml:"automatable_share"` // share of handle time automation removes
	MinTickets       int     `yaml:"min_tickets"`
	// BuildCostHours is what building one automation costs, in hours;
	// automation_candidates.payback_weeks divides it by the hours saved a week.
	BuildCostHours float64 `yaml:"build_cost_hours"`
}

// WarehouseConf tunes DuckDB.
type WarehouseConf struct {
	MemoryLimit string `yaml:"memory_limit"`
	Threads     int    `yaml:"threads"`
}

//go:embed starter.yaml
var starter []byte

// Starter is the commented lanes.yaml that `lanes init` writes.
func Starter() []byte { return bytes.Clone(starter) }

// Default returns the built-in configuration.
func Default() *Config {
	c := &Config{}
	c.applyDefaults()
	return c
}

// Load reads path. A missing path with optional=true gives the defaults.
func Load(path string, optional bool) (*Config, error) {
	f, err := os.Open(path)
	if err != nil {
		if optional && errors.Is(err, os.ErrNotExist) {
			return Default(), nil
		}
		return nil, fmt.Errorf("config: %w", err)
	}
	defer f.Close()
	return Parse(path, f)
}

// Parse reads a configuration from r; name is used in error messages.
func Parse(name string, r io.Reader) (*Config, error) {
	dec := yaml.NewDecoder(r)
	dec.KnownFields(true)
	c := &Config{}
	if err := dec.Decode(c); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%s: %s", name, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	c.File = name
	c.applyDefaults()
	if err := c.Validate(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return c, nil
}

func (c *Config) applyDefaults() {
	if len(c.Teams) == 0 {
		c.Teams = defaultTeams()
	}
	c.Tools = mergeTools(c.Tools)
	c.Intents = mergeIntents(c.Intents)
	cal := &c.Calendar
	if cal.TimeZone == "" {
		cal.TimeZone = "UTC"
	}
	if cal.WeekStart == "" {
		cal.WeekStart = "monday"
	}
	if cal.WorkStart == "" {
		cal.WorkStart = "09:00"
	}
	if cal.WorkEnd == "" {
		cal.WorkEnd = "17:00"
	}
	if len(cal.WorkDays) == 0 {
		cal.WorkDays = []string{"mon", "tue", "wed", "thu", "fri"}
	}
	in := &c.Interruptions
	if in.RefocusMinutes == 0 {
		in.RefocusMinutes = 15
	}
	if in.RefocusHighMinutes == 0 {
		in.RefocusHighMinutes = 23
	}
	if in.MergeWindowMinutes == 0 {
		in.MergeWindowMinutes = 30
	}
	if in.DefaultHourlyCost == 0 {
		in.DefaultHourlyCost = 75
	}
	if c.Automation.AutomatableShare == 0 {
		c.Automation.AutomatableShare = 0.8
	}
	if c.Automation.MinTickets == 0 {
		c.Automation.MinTickets = 5
	}
	c.SLA.applyDefaults()
	c.applyPeopleDefaults()
	c.applyClassificationDefaults()
	c.applyBacklogDefaults()
	if c.Currency == "" {
		c.Currency = DefaultCurrency
	}
}

// dateLocales are the month-name languages ingest reads (ingest.DateLocales).
var dateLocales = map[string]bool{"en": true, "de": true, "es": true, "fr": true, "pt": true}

var validClasses = map[string]bool{ClassIT: true, ClassEngineering: true, ClassSecurity: true, ClassOther: true}

// Validate checks every value and names the first bad key.
func (c *Config) Validate() error {
	var errs []error
	bad := func(key, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: %s", key, fmt.Sprintf(format, args...)))
	}
	checkRE := func(key, pattern string) {
		if _, err := regexp.Compile("(?i)" + pattern); err != nil {
			bad(key, "%q is not a valid regular expression: %v", pattern, err)
		}
	}
	seen := map[string]bool{}
	for i, t := range c.Teams {
		key := fmt.Sprintf("teams[%d]", i)
		if t.Name == "" {
			bad(key+".name", "is required")
		}
		if seen[t.Name] {
			bad(key+".name", "team %q is defined twice", t.Name)
		}
		seen[t.Name] = true
		if !validClasses[t.Class] {
			bad(key+".class", "%q is not one of it, engineering, security, other", t.Class)
		}
		if t.HourlyCost < 0 {
			bad(key+".hourly_cost", "must not be negative, got %v", t.HourlyCost)
		}
		for j, p := range t.Groups {
			checkRE(fmt.Sprintf("%s.groups[%d]", key, j), p)
		}
		for j, p := range t.People {
			checkRE(fmt.Sprintf("%s.people[%d]", key, j), p)
		}
	}
	for i, t := range c.Tools {
		if t.Name == "" {
			bad(fmt.Sprintf("tools[%d].name", i), "is required")
		}
	}
	for i, in := range c.Intents {
		key := fmt.Sprintf("intents[%d]", i)
		if in.Name == "" {
			bad(key+".name", "is required")
		}
		if in.Class != ClassIT && in.Class != ClassEngineering && in.Class != ClassSecurity {
			bad(key+".class", "%q is not one of it, engineering, security", in.Class)
		}
		if in.HandleMinutes < 0 {
			bad(key+".handle_minutes", "must not be negative")
		}
		for j, p := range in.Patterns {
			checkRE(fmt.Sprintf("%s.patterns[%d]", key, j), p)
		}
	}
	cal := c.Calendar
	if _, err := time.LoadLocation(cal.TimeZone); err != nil {
		bad("calendar.time_zone", "%q is not a known time zone", cal.TimeZone)
	}
	if cal.WeekStart != "monday" && cal.WeekStart != "sunday" {
		bad("calendar.week_start", "%q is not monday or sunday", cal.WeekStart)
	}
	ws, err1 := time.Parse("15:04", cal.WorkStart)
	if err1 != nil {
		bad("calendar.work_start", "%q is not a time like 09:00", cal.WorkStart)
	}
	we, err2 := time.Parse("15:04", cal.WorkEnd)
	if err2 != nil {
		bad("calendar.work_end", "%q is not a time like 17:00", cal.WorkEnd)
	}
	if err1 == nil && err2 == nil && !we.After(ws) {
		bad("calendar.work_end", "must be after work_start")
	}
	days := map[string]bool{"mon": true, "tue": true, "wed": true, "thu": true, "fri": true, "sat": true, "sun": true}
	for i, d := range cal.WorkDays {
		if !days[d] {
			bad(fmt.Sprintf("calendar.work_days[%d]", i), "%q is not one of mon tue wed thu fri sat sun", d)
		}
	}
	for i, h := range cal.Holidays {
		if _, err := time.Parse("2006-01-02", h); err != nil {
			bad(fmt.Sprintf("calendar.holidays[%d]", i), "%q is not a date like 2026-12-25", h)
		}
	}
	names := map[string]bool{}
	for i, s := range c.Sources {
		key := fmt.Sprintf("sources[%d]", i)
		if s.Name == "" {
			bad(key+".name", "is required")
		}
		if names[s.Name] {
			bad(key+".name", "source %q is defined twice", s.Name)
		}
		names[s.Name] = true
		if s.TimeZone != "" {
			if _, err := time.LoadLocation(s.TimeZone); err != nil {
				bad(key+".time_zone", "%q is not a known time zone", s.TimeZone)
			}
		}
		if s.DateOrder != "" && s.DateOrder != "day_first" && s.DateOrder != "month_first" {
			bad(key+".date_order", "%q is not day_first or month_first", s.DateOrder)
		}
		if s.DateOrder != "" && s.DateFormat != "" {
			bad(key+".date_order", "cannot go with date_format, whose layout fixes the order too: keep one")
		}
		if err := CheckDateFormat(s.DateFormat); err != nil {
			bad(key+".date_format", "%s", err)
		}
		if s.DateLocale != "" && !dateLocales[s.DateLocale] {
			bad(key+".date_locale", "%q is not one of en, de, es, fr, pt", s.DateLocale)
		}
		if s.URLBase != "" {
			if why := checkURLBase(s.URLBase); why != "" {
				bad(key+".url_base", "%s", why)
			}
		}
		if _, ok := NormalizeEncoding(s.Encoding); !ok {
			bad(key+".encoding", "%q is not one of %s", s.Encoding, EncodingNames())
		}
		if s.Records != "" {
			switch s.Format {
			case "json":
			case "":
				bad(key+".records", "is read by format json only: set format: json")
			default:
				bad(key+".records", "is read by format json only: set format: json (it is %q)", s.Format)
			}
			if slices.Contains(strings.Split(s.Records, "."), "") {
				bad(key+".records", "%q is not a dot path of keys, such as data.issues.nodes", s.Records)
			}
		}
	}
	in := c.Interruptions
	if in.RefocusMinutes < 0 || in.RefocusLowMinutes < 0 || in.RefocusHighMinutes < in.RefocusLowMinutes {
		bad("interruptions", "refocus minutes must be >= 0 with refocus_low_minutes <= refocus_high_minutes")
	}
	if in.MergeWindowMinutes < 0 {
		bad("interruptions.merge_window_minutes", "must not be negative")
	}
	if a := c.Automation.AutomatableShare; a < 0 || a > 1 {
		bad("automation.automatable_share", "must be between 0 and 1, got %v", a)
	}
	if !validHolidayCountry(cal.HolidayCountry) {
		bad("calendar.holiday_country", "%q is not one of %s", cal.HolidayCountry, strings.Join(HolidayCountries(), " "))
	}
	errs = append(errs, c.SLA.validate()...)
	errs = append(errs, c.validatePeople()...)
	errs = append(errs, c.validateClassification()...)
	errs = append(errs, c.validateBacklog()...)
	errs = append(errs, c.validateCurrency()...)
	return errors.Join(errs...)
}

// Location is the calendar's time zone.
func (c *Config) Location() *time.Location {
	loc, err := time.LoadLocation(c.Calendar.TimeZone)
	if err != nil {
		return time.UTC
	}
	return loc
}

// SourceByName finds a configured source.
func (c *Config) SourceByName(name string) (Source, bool) {
	for _, s := range c.Sources {
		if s.Name == name {
			return s, true
		}
	}
	return Source{}, false
}

// Parameters lists the metric parameters, sorted by name, as they are
// written to dim_parameters and printed next to the numbers they shape.
func (c *Config) Parameters() [][3]string {
	f := func(v float64) string { return fmt.Sprintf("%g", v) }
	p := [][3]string{
		{"refocus_minutes", f(c.Interruptions.RefocusMinutes), "minutes of refocus time added to every interruption"},
		{"refocus_low_minutes", f(c.Interruptions.RefocusLowMinutes), "low end of the refocus band"},
		{"refocus_high_minutes", f(c.Interruptions.RefocusHighMinutes), "high end of the refocus band"},
		{"merge_window_minutes", f(c.Interruptions.MergeWindowMinutes), "touches by one person within this many minutes count as one interruption"},
		{"default_hourly_cost", f(c.Interruptions.DefaultHourlyCost), "hourly cost used for people in no configured team"},
		{"automatable_share", f(c.Automation.AutomatableShare), "share of handle time that automation removes"},
		{"automation_min_tickets", fmt.Sprint(c.Automation.MinTickets), "an intent needs at least this many tickets to be ranked"},
		{"time_zone", c.Calendar.TimeZone, "business calendar time zone; weeks are cut at midnight here"},
		{"week_start", c.Calendar.WeekStart, "first day of the reporting week"},
	}
	p = append(p, c.serviceParameters()...)
	p = append(p, c.peopleParameters()...)
	p = append(p, c.classificationParameters()...)
	p = append(p, c.backlogParameters()...)
	sort.Slice(p, func(i, j int) bool { return p[i][0] < p[j][0] })
	return p
}

// CheckDateFormat says why layout, a source's date_format, cannot be
// used: it must be a Go reference layout (empty detects the format). A
// string with no layout element, such as dd/mm/yyyy, formats to itself.
func CheckDateFormat(layout string) error {
	if layout == "" {
		return nil
	}
	if other := time.Date(2001, 3, 4, 13, 7, 8, 0, time.UTC); other.Format(layout) == layout {
		return fmt.Errorf("%q is not a Go reference layout; write the reference time 2006-01-02 15:04:05 in your format, e.g. %q", layout, "02/01/2006 15:04")
	}
	return nil
}
