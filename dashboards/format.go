package dashboards

import (
	"math"
	"strconv"
	"strings"
)

// Numbers are formatted here, and only here, so that the page is the same
// byte for byte on every machine: strconv with a fixed precision, a comma
// for thousands, and no locale.

// fmtInt writes n with a comma between thousands.
func fmtInt(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	s = groupThousands(s)
	if neg {
		return "−" + s
	}
	return s
}

// fmtFloat writes v with dec decimals and a comma between thousands; NaN
// and infinities, which no mart should produce, print as "n/a". It rounds
// half away from zero, as the page's script does (Math.round on the
// magnitude), so the numbers a filter recomputes in the browser read the
// same as the ones written here.
func fmtFloat(v float64, dec int) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "n/a"
	}
	n := math.Round(math.Abs(v) * math.Pow(10, float64(dec)))
	digits := strconv.FormatFloat(n, 'f', 0, 64)
	if len(digits) <= dec {
		digits = strings.Repeat("0", dec-len(digits)+1) + digits
	}
	s := groupThousands(digits[:len(digits)-dec])
	if dec > 0 {
		s += "." + digits[len(digits)-dec:]
	}
	if v < 0 && n != 0 {
		return "−" + s
	}
	return s
}

func groupThousands(digits string) string {
	if len(digits) <= 3 {
		return digits
	}
	var b strings.Builder
	lead := len(digits) % 3
	if lead > 0 {
		b.WriteString(digits[:lead])
	}
	for i := lead; i < len(digits); i += 3 {
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(digits[i : i+3])
	}
	return b.String()
}

// fmtPct writes a 0..1 share as a percentage with one decimal.
func fmtPct(share float64) string {
	if math.IsNaN(share) || math.IsInf(share, 0) {
		return "n/a"
	}
	return fmtFloat(share*100, 1) + "%"
}

// fmtMoney writes an amount with no decimals after the currency symbol.
func fmtMoney(v float64, currency string) string {
	s := fmtFloat(v, 0)
	if s == "n/a" {
		return s
	}
	if strings.HasPrefix(s, "−") {
		return "−" + currency + strings.TrimPrefix(s, "−")
	}
	return currency + s
}

// nullFloat formats an optional value, "–" when it is missing.
func nullFloat(v *float64, dec int) string {
	if v == nil {
		return "–"
	}
	return fmtFloat(*v, dec)
}

// num rounds v for a chart's JSON data (half away from zero, like
// fmtFloat); a missing or non-finite value becomes JSON null, which ECharts
// draws as a gap.
func num(v float64, dec int) any {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	p := math.Pow(10, float64(dec))
	r := math.Round(math.Abs(v)*p) / p
	if r == 0 {
		return 0.0 // no negative zero in the page
	}
	if v < 0 {
		return -r
	}
	return r
}

// numPtr is num for an optional value.
func numPtr(v *float64, dec int) any {
	if v == nil {
		return nil
	}
	return num(*v, dec)
}

// signed writes a change with an explicit sign.
func signed(s string, positive bool) string {
	if positive {
		return "+" + s
	}
	return s
}

// fmtDeltaInt writes the change from prev to cur, with the relative change
// when prev is not zero.
func fmtDeltaInt(cur, prev int64) string {
	d := cur - prev
	s := signed(fmtInt(d), d > 0)
	if d == 0 {
		s = "±0"
	}
	if prev != 0 {
		s += " (" + fmtRel(float64(d)/float64(prev)) + ")"
	}
	return s
}

// fmtDeltaFloat is fmtDeltaInt for measured values.
func fmtDeltaFloat(cur, prev float64, dec int, unit string) string {
	d := cur - prev
	s := fmtFloat(d, dec)
	switch {
	case s == fmtFloat(0, dec):
		s = "±" + s
	case d > 0:
		s = "+" + s
	}
	s += unit
	if prev != 0 {
		s += " (" + fmtRel(d/prev) + ")"
	}
	return s
}

// fmtDeltaMoney is fmtDeltaFloat for money: whole units after the currency.
func fmtDeltaMoney(cur, prev float64, currency string) string {
	d := cur - prev
	s := fmtMoney(d, currency)
	switch {
	case s == fmtMoney(0, currency) || s == "−"+fmtMoney(0, currency):
		s = "±" + fmtMoney(0, currency)
	case d > 0:
		s = "+" + s
	}
	if prev != 0 {
		s += " (" + fmtRel(d/prev) + ")"
	}
	return s
}

func fmtRel(r float64) string {
	s := fmtFloat(r*100, 1)
	if r > 0 && s != "0.0" {
		s = "+" + s
	}
	return s + "%"
}

// trend classifies a change for the tile's arrow.
func trend(d float64) string {
	switch {
	case d > 1e-9:
		return "up"
	case d < -1e-9:
		return "down"
	default:
		return "flat"
	}
}

// truncate cuts s to at most n runes, marking the cut.
func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
