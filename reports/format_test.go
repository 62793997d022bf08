package reports

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestFormatNumber(t *testing.T) {
	for _, tc := range []struct {
		v        float64
		decimals int
		want     string
	}{
		{0, 0, "0"},
		{999, 0, "999"},
		{1000, 0, "1,000"},
		{1234567.891, 1, "1,234,567.9"},
		{-1234567.891, 2, "-1,234,567.89"},
		{-0.04, 1, "0.0"}, // never "-0.0"
		{-0.4, 0, "0"},
		{2.25, 1, "2.2"}, // 2.25 is exact in binary: round half to even
		{2732.9999999, 0, "2,733"},
		{1e15, 0, "1,000,000,000,000,000"},
		{math.NaN(), 1, "n/a"},
	} {
		assert.Equal(t, tc.want, formatNumber(tc.v, tc.decimals), "%v with %d decimals", tc.v, tc.decimals)
	}
	assert.Equal(t, "44.4%", formatPercent(4.0/9))
	assert.Equal(t, "n/a", formatOptional(nil, 1))
}

func TestFormatChange(t *testing.T) {
	for _, tc := range []struct {
		name      string
		cur, prev *float64
		decimals  int
		want      string
	}{
		{"up", ptr(9), ptr(6), 0, "▲ +3 (+50.0%)"},
		{"down", ptr(5.5), ptr(27), 1, "▼ -21.5 (-79.6%)"},
		{"same", ptr(4), ptr(4), 0, "no change"},
		{"rounds to zero", ptr(10.04), ptr(10), 1, "no change"},
		{"from zero", ptr(4), ptr(0), 0, "▲ +4 (new)"},
		{"to zero", ptr(0), ptr(1), 0, "▼ -1 (-100.0%)"},
		{"thousands", ptr(2390), ptr(500), 0, "▲ +1,890 (+378.0%)"},
		{"negative base", ptr(-1), ptr(-2), 0, "▲ +1 (+50.0%)"},
		{"unknown now", nil, ptr(1), 1, "n/a"},
		{"unknown before", ptr(1), nil, 1, "n/a"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, formatChange(tc.cur, tc.prev, tc.decimals))
		})
	}
}

func TestFormatMoney(t *testing.T) {
	assert.Equal(t, "$3,560", formatMoney(3560.4, "USD"))
	assert.Equal(t, "€3,560", formatMoney(3559.6, "EUR"))
	assert.Equal(t, "-€556", formatMoney(-556, "EUR"))
	assert.Equal(t, "3,560 CHF", formatMoney(3560, "CHF"))
	assert.Equal(t, "0 CHF", formatMoney(-0.2, "CHF"))
	assert.Equal(t, "3,560", formatMoney(3560, ""))
	// 2,390 against 500: +1,890, +378.0%; 3,560 against 4,116: -556, -13.5%.
	assert.Equal(t, "▲ +€1,890 (+378.0%)", formatChangeIn(ptr(2390), ptr(500), 0, "EUR"))
	assert.Equal(t, "▼ -$556 (-13.5%)", formatChangeIn(ptr(3560), ptr(4116), 0, "USD"))
	assert.Equal(t, "▼ -556 SEK (-13.5%)", formatChangeIn(ptr(3560), ptr(4116), 0, "SEK"))
	assert.Equal(t, "no change", formatChangeIn(ptr(1), ptr(1), 0, "EUR"))
}
