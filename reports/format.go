package reports

import (
	"math"
	"strconv"
	"strings"

	"github.com/lanes-dev/lanes/models/config"
)

// formatNumber writes v with a fixed number of decimals and commas between
// thousands, e.g. 1234567.891 with 1 decimal is "1,234,567.9". It never
// writes "-0": a value that rounds to zero is zero. NaN and infinities,
// which the report never expects, are written as "n/a".
func formatNumber(v float64, decimals int) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "n/a"
	}
	s := strconv.FormatFloat(v, 'f', decimals, 64)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	intPart, frac, hasFrac := strings.Cut(s, ".")
	var b strings.Builder
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if hasFrac {
		b.WriteByte('.')
		b.WriteString(frac)
	}
	out := b.String()
	if neg && strings.Trim(out, "0.,") != "" {
		out = "-" + out
	}
	return out
}

// formatCount writes a whole number with thousands separators.
func formatCount(n int64) string { return formatNumber(float64(n), 0) }

// formatOptional writes v, or "n/a" when it is unknown.
func formatOptional(v *float64, decimals int) string {
	if v == nil {
		return "n/a"
	}
	return formatNumber(*v, decimals)
}

// formatPercent writes a 0..1 share as a percentage with one decimal.
func formatPercent(share float64) string { return formatNumber(share*100, 1) + "%" }

// formatChange describes the move from prev to cur: an arrow, the signed
// difference with the given decimals, and the relative change in percent,
// e.g. "▲ +3 (+50.0%)". The arrow follows the difference as displayed, so a
// change that rounds to zero reads "no change". When prev is zero there is no
// percentage and the change reads "(new)". Unknown values give "n/a".
func formatChange(cur, prev *float64, decimals int) string {
	return formatChangeIn(cur, prev, decimals, "")
}

// formatMoney writes an amount in whole units of the currency code: after
// the currency's symbol when it has one ("€3,560", "-€556"), else followed
// by the code ("3,560 CHF"). An empty code writes the bare number.
func formatMoney(v float64, code string) string {
	return withCurrency(formatNumber(v, 0), code)
}

// withCurrency puts the currency on a formatted number.
func withCurrency(s, code string) string {
	if code == "" || s == "n/a" {
		return s
	}
	if sym := config.CurrencySymbolFor(code); sym != "" {
		if rest, ok := strings.CutPrefix(s, "-"); ok {
			return "-" + sym + rest
		}
		return sym + s
	}
	return s + " " + code
}

// formatChangeIn is formatChange for money in the currency code (see
// formatMoney), e.g. "▼ -€556 (-13.5%)"; an empty code is formatChange.
func formatChangeIn(cur, prev *float64, decimals int, code string) string {
	if cur == nil || prev == nil {
		return "n/a"
	}
	diff := *cur - *prev
	shown := formatNumber(diff, decimals)
	if strings.Trim(shown, "0.,-") == "" {
		return "no change"
	}
	shown = withCurrency(shown, code)
	arrow, sign := "▲", "+"
	if diff < 0 {
		arrow, sign = "▼", ""
	}
	if *prev == 0 {
		return arrow + " " + sign + shown + " (new)"
	}
	pct := diff / math.Abs(*prev) * 100
	pctShown := formatNumber(pct, 1)
	if pct > 0 {
		pctShown = "+" + pctShown
	}
	return arrow + " " + sign + shown + " (" + pctShown + "%)"
}

// ptr returns a pointer to v, for the optional-value helpers.
func ptr(v float64) *float64 { return &v }
