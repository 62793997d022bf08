package config

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSLATargetsMergeWithDefaults(t *testing.T) {
	c, err := Parse("x.yaml", strings.NewReader(`
calendar:
  holiday_country: DE
sla:
  targets:
    p1: {response_hours: 0.5}
    p4: {response_hours: 0, business_hours: false}
  pause_statuses: [waiting, new]
`))
	require.NoError(t, err)
	params := map[string]string{}
	for _, p := range c.Parameters() {
		params[p[0]] = p[1]
	}
	// p1: response given, the rest default (4 h, calendar hours)
	assert.Equal(t, "0.5", params["sla_p1_response_hours"])
	assert.Equal(t, "4", params["sla_p1_resolve_hours"])
	assert.Equal(t, "false", params["sla_p1_business_hours"])
	// p2, p3 untouched
	assert.Equal(t, "4", params["sla_p2_response_hours"])
	assert.Equal(t, "16", params["sla_p2_resolve_hours"])
	assert.Equal(t, "true", params["sla_p2_business_hours"])
	assert.Equal(t, "40", params["sla_p3_resolve_hours"])
	// p4: 0 switches the response target off; resolve keeps its default
	assert.Equal(t, "0", params["sla_p4_response_hours"])
	assert.Equal(t, "80", params["sla_p4_resolve_hours"])
	assert.Equal(t, "false", params["sla_p4_business_hours"])
	assert.Equal(t, "waiting,new", params["sla_pause_statuses"])
	assert.Equal(t, "de", params["holiday_country"])
	assert.Equal(t, "09:00", params["work_start"])
	assert.Equal(t, "17:00", params["work_end"])
	assert.Equal(t, "mon,tue,wed,thu,fri", params["work_days"])
	assert.Equal(t, "none", params["holidays"])

	d := Default()
	params = map[string]string{}
	for _, p := range d.Parameters() {
		params[p[0]] = p[1]
	}
	assert.Equal(t, "waiting", params["sla_pause_statuses"])
	assert.Equal(t, "none", params["holiday_country"])

	c, err = Parse("x.yaml", strings.NewReader("sla:\n  pause_statuses: []\n"))
	require.NoError(t, err)
	assert.Empty(t, c.SLA.PauseStatuses, "an empty list pauses nothing")
}

func TestBadSLAAndHolidayCountry(t *testing.T) {
	for _, tc := range []struct{ yaml, want string }{
		{"sla:\n  targets:\n    p5: {response_hours: 1}\n", `sla.targets.p5: "p5" is not one of p1 p2 p3 p4`},
		{"sla:\n  targets:\n    p2: {resolve_hours: -1}\n", `sla.targets.p2.resolve_hours: must not be negative`},
		{"sla:\n  pause_statuses: [resolved]\n", `sla.pause_statuses[0]: "resolved" is not one of`},
		{"calendar:\n  holiday_country: xx\n", `calendar.holiday_country: "xx" is not one of`},
	} {
		_, err := Parse("x.yaml", strings.NewReader(tc.yaml))
		require.Error(t, err, tc.yaml)
		assert.Contains(t, err.Error(), tc.want)
	}
}
