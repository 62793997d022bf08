package config

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/rickar/cal/v2"
	"github.com/rickar/cal/v2/ar"
	"github.com/rickar/cal/v2/at"
	"github.com/rickar/cal/v2/be"
	"github.com/rickar/cal/v2/bg"
	"github.com/rickar/cal/v2/br"
	"github.com/rickar/cal/v2/ca"
	"github.com/rickar/cal/v2/ch"
	"github.com/rickar/cal/v2/cz"
	"github.com/rickar/cal/v2/de"
	"github.com/rickar/cal/v2/dk"
	"github.com/rickar/cal/v2/es"
	"github.com/rickar/cal/v2/fr"
	"github.com/rickar/cal/v2/gb"
	"github.com/rickar/cal/v2/gr"
	"github.com/rickar/cal/v2/hr"
	"github.com/rickar/cal/v2/ie"
	"github.com/rickar/cal/v2/it"
	"github.com/rickar/cal/v2/jp"
	"github.com/rickar/cal/v2/lt"
	"github.com/rickar/cal/v2/lv"
	"github.com/rickar/cal/v2/nl"
	"github.com/rickar/cal/v2/no"
	"github.com/rickar/cal/v2/nz"
	"github.com/rickar/cal/v2/pl"
	"github.com/rickar/cal/v2/ro"
	"github.com/rickar/cal/v2/se"
	"github.com/rickar/cal/v2/si"
	"github.com/rickar/cal/v2/sk"
	"github.com/rickar/cal/v2/ua"
	"github.com/rickar/cal/v2/us"
	"github.com/rickar/cal/v2/za"
)

// holidayCountries maps calendar.holiday_country (ISO 3166 alpha-2, lower
// case) to the national public holidays github.com/rickar/cal/v2 knows for
// that country. Regional holidays are not included; list them under
// calendar.holidays.
var holidayCountries = map[string][]*cal.Holiday{
	"ar": ar.Holidays, "at": at.Holidays, "be": be.Holidays, "bg": bg.Holidays, "br": br.Holidays,
	"ca": ca.Holidays, "ch": ch.Holidays, "cz": cz.Holidays, "de": de.Holidays, "dk": dk.Holidays,
	"es": es.Holidays, "fr": fr.Holidays, "gb": gb.Holidays, "gr": gr.Holidays, "hr": hr.Holidays,
	"ie": ie.Holidays, "it": it.Holidays, "jp": jp.Holidays, "lt": lt.Holidays, "lv": lv.Holidays,
	"nl": nl.Holidays, "no": no.Holidays, "nz": nz.Holidays, "pl": pl.Holidays, "ro": ro.Holidays,
	"se": se.Holidays, "si": si.Holidays, "sk": sk.Holidays, "ua": ua.Holidays, "us": us.Holidays,
	"za": za.Holidays,
}

// HolidayCountries lists the codes calendar.holiday_country accepts, sorted.
func HolidayCountries() []string {
	out := make([]string, 0, len(holidayCountries))
	for c := range holidayCountries {
		out = append(out, c)
	}
	sort.Strings(out)
	return out
}

// validHolidayCountry reports whether code names a country whose holidays
// lanes knows; the empty code (no country) is valid.
func validHolidayCountry(code string) bool {
	_, ok := holidayCountries[strings.ToLower(code)]
	return code == "" || ok
}

// HolidaysIn returns the calendar's holidays in the years first..last: the
// explicit calendar.holidays dates (named "holiday") and, when
// calendar.holiday_country is set, that country's national holidays on the
// day they are observed (a holiday moved off a weekend counts on the day it
// moves to). The key is the date as "2006-01-02"; a date with several
// holidays gets their names joined with " / ", sorted.
func (c Calendar) HolidaysIn(first, last int) map[string]string {
	names := map[string][]string{}
	add := func(day, name string) {
		if !slices.Contains(names[day], name) {
			names[day] = append(names[day], name)
		}
	}
	for _, h := range c.Holidays {
		if d, err := time.Parse("2006-01-02", h); err == nil && d.Year() >= first && d.Year() <= last {
			add(h, "holiday")
		}
	}
	for _, h := range holidayCountries[strings.ToLower(c.HolidayCountry)] {
		for y := first; y <= last; y++ {
			_, observed := h.Calc(y)
			if observed.IsZero() {
				continue
			}
			add(fmt.Sprintf("%04d-%02d-%02d", observed.Year(), observed.Month(), observed.Day()), h.Name)
		}
	}
	out := make(map[string]string, len(names))
	for d, ns := range names {
		sort.Strings(ns)
		out[d] = strings.Join(ns, " / ")
	}
	return out
}
