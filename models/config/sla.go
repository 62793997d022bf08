package config

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// SLA holds the service-level targets per priority and the statuses that
// stop the SLA clock.
type SLA struct {
	// Targets maps a priority (p1..p4) to its targets. A priority left out,
	// or a value left out, gets the built-in default (DefaultSLATargets).
	Targets map[string]SLATarget `yaml:"targets"`
	// PauseStatuses are normalized statuses (new, open, in_progress,
	// waiting) whose time is not counted on the SLA clock. Left out:
	// [waiting]; an empty list pauses nothing.
	PauseStatuses []string `yaml:"pause_statuses"`
}

// SLATarget is the response and resolution target of one priority.
type SLATarget struct {
	// ResponseHours is the time allowed from creation to first response;
	// 0 means no response target.
	ResponseHours *float64 `yaml:"response_hours"`
	// ResolveHours is the time allowed from creation to resolution; 0 means
	// no resolution target.
	ResolveHours *float64 `yaml:"resolve_hours"`
	// BusinessHours counts the clock in business hours of the calendar
	// rather than in calendar hours (around the clock).
	BusinessHours *bool `yaml:"business_hours"`
}

// SLAPriorities are the priorities an SLA target can be set for.
var SLAPriorities = []string{"p1", "p2", "p3", "p4"}

// DefaultSLATargets are the built-in targets: p1 around the clock (1 h to
// respond, 4 h to resolve), the others in business hours (p2 4 h / 16 h,
// p3 8 h / 40 h, p4 16 h / 80 h: with an 8-hour working day, half a day /
// two days, one day / a working week, two days / two working weeks).
func DefaultSLATargets() map[string]SLATarget {
	t := func(response, resolve float64, business bool) SLATarget {
		return SLATarget{ResponseHours: ptr(response), ResolveHours: ptr(resolve), BusinessHours: ptr(business)}
	}
	return map[string]SLATarget{
		"p1": t(1, 4, false),
		"p2": t(4, 16, true),
		"p3": t(8, 40, true),
		"p4": t(16, 80, true),
	}
}

// applyDefaults fills every priority's missing targets from
// DefaultSLATargets and the pause statuses with [waiting].
func (s *SLA) applyDefaults() {
	def := DefaultSLATargets()
	targets := make(map[string]SLATarget, len(def)+len(s.Targets))
	for k, t := range s.Targets {
		targets[k] = t
	}
	for _, p := range SLAPriorities {
		t := targets[p]
		if t.ResponseHours == nil {
			t.ResponseHours = def[p].ResponseHours
		}
		if t.ResolveHours == nil {
			t.ResolveHours = def[p].ResolveHours
		}
		if t.BusinessHours == nil {
			t.BusinessHours = def[p].BusinessHours
		}
		targets[p] = t
	}
	s.Targets = targets
	if s.PauseStatuses == nil {
		s.PauseStatuses = []string{"waiting"}
	}
}

// validate names every bad sla key.
func (s SLA) validate() []error {
	var errs []error
	keys := make([]string, 0, len(s.Targets))
	for k := range s.Targets {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		t := s.Targets[k]
		if !slices.Contains(SLAPriorities, k) {
			errs = append(errs, fmt.Errorf("sla.targets.%s: %q is not one of p1 p2 p3 p4", k, k))
			continue
		}
		if t.ResponseHours != nil && *t.ResponseHours < 0 {
			errs = append(errs, fmt.Errorf("sla.targets.%s.response_hours: must not be negative, got %v", k, *t.ResponseHours))
		}
		if t.ResolveHours != nil && *t.ResolveHours < 0 {
			errs = append(errs, fmt.Errorf("sla.targets.%s.resolve_hours: must not be negative, got %v", k, *t.ResolveHours))
		}
	}
	open := []string{"new", "open", "in_progress", "waiting"}
	for i, st := range s.PauseStatuses {
		if !slices.Contains(open, st) {
			errs = append(errs, fmt.Errorf("sla.pause_statuses[%d]: %q is not one of %s", i, st, strings.Join(open, " ")))
		}
	}
	return errs
}

// serviceParameters are the parameters of the calendar and service models
// (business hours, first response, SLA, backlog), for Parameters.
func (c *Config) serviceParameters() [][3]string {
	f := func(v *float64) string {
		if v == nil {
			return "0"
		}
		return strconv.FormatFloat(*v, 'g', -1, 64)
	}
	b := func(v *bool) string { return strconv.FormatBool(v != nil && *v) }
	none := func(s string) string {
		if s == "" {
			return "none"
		}
		return s
	}
	cal := c.Calendar
	p := [][3]string{
		{"work_start", cal.WorkStart, "start of working hours (calendar time zone); business hours count only between work_start and work_end"},
		{"work_end", cal.WorkEnd, "end of working hours (calendar time zone)"},
		{"work_days", strings.Join(cal.WorkDays, ","), "days of the week with working hours"},
		{"holidays", none(strings.Join(cal.Holidays, ",")), "dates with no working hours, besides holiday_country's"},
		{"holiday_country", none(strings.ToLower(cal.HolidayCountry)), "country whose national public holidays have no working hours (github.com/rickar/cal)"},
		{"sla_pause_statuses", none(strings.Join(c.SLA.PauseStatuses, ",")), "statuses whose time does not count on the SLA clock"},
	}
	for _, pr := range SLAPriorities {
		t := c.SLA.Targets[pr]
		p = append(p,
			[3]string{"sla_" + pr + "_response_hours", f(t.ResponseHours), pr + " tickets: hours allowed to the first response (0: no target)"},
			[3]string{"sla_" + pr + "_resolve_hours", f(t.ResolveHours), pr + " tickets: hours allowed to resolution (0: no target)"},
			[3]string{"sla_" + pr + "_business_hours", b(t.BusinessHours), pr + " tickets: true when the SLA clock counts business hours, false when it runs around the clock"},
		)
	}
	return p
}
