package reports

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/models/config"
	"github.com/lanes-dev/lanes/models/warehouse"
)

// TestWeeklySLA checks the SLA and first-response figures of W10 worked out
// by hand from testdata/weekly/marts.sql. The weeks before in the data are
// W08 and W09 (2 weeks), so counts are their sums halved and rates pool
// them.
func TestWeeklySLA(t *testing.T) {
	wh := openFixture(t, "weekly/marts.sql")
	r, err := LoadWeekly(context.Background(), wh, config.Default(), WeeklyOptions{})
	require.NoError(t, err)
	s := r.SLA
	assert.Equal(t, 2, s.PreviousWeeksInData)
	// W10 all: 9 verdicts, 3 from the source and 6 computed.
	assert.EqualValues(t, 3, s.SourceVerdicts)
	assert.EqualValues(t, 6, s.ComputedVerdicts)
	// Tickets 9 against (4 + 5) / 2 = 4.5; met 5 against (3 + 3) / 2 = 3;
	// breached 1 against (1 + 2) / 2 = 1.5; pending 3 against 0.
	assert.Equal(t, 9.0, *s.All.TicketsWithVerdict.Current)
	assert.Equal(t, 4.5, *s.All.TicketsWithVerdict.Previous)
	assert.Equal(t, 3.0, *s.All.Met.Previous)
	assert.Equal(t, 1.5, *s.All.Breached.Previous)
	assert.Equal(t, 0.0, *s.All.Pending.Previous)
	// Breach rate 1 / (5 + 1) against (1 + 2) / (6 + 3) = 1/3.
	assert.InDelta(t, 1.0/6, *s.All.BreachRate.Current, 1e-12)
	assert.InDelta(t, 1.0/3, *s.All.BreachRate.Previous, 1e-12)
	// Priorities p1, p3, then none; the all-weeks row is not read.
	require.Len(t, s.Priorities, 3)
	assert.Equal(t, []string{"p1", "p3", "none"}, []string{s.Priorities[0].Priority, s.Priorities[1].Priority, s.Priorities[2].Priority})
	// p1: 1 of 2 breached (0.5) against W09's 1 of 1 (1.0); 0.5 p1 tickets a week before.
	p1 := s.Priorities[0]
	assert.Equal(t, 0.5, *p1.BreachRate.Current)
	assert.Equal(t, 1.0, *p1.BreachRate.Previous)
	assert.Equal(t, 0.5, *p1.TicketsWithVerdict.Previous)
	// p3: 0 of 4 breached against (1 + 1) / (4 + 4) = 0.25.
	assert.Equal(t, 0.0, *s.Priorities[1].BreachRate.Current)
	assert.Equal(t, 0.25, *s.Priorities[1].BreachRate.Previous)
	// none: only a pending ticket, no rate either side.
	assert.Nil(t, s.Priorities[2].BreachRate.Current)
	assert.Nil(t, s.Priorities[2].BreachRate.Previous)

	// First response: 6 of 9 against (4 + 4) of (4 + 5); median 1.5 against
	// (2 + 3) / 2 = 2.5. The tool row valued "2026-03-02" is not a week.
	f := r.FirstResponse
	assert.Equal(t, 9.0, *f.Tickets.Current)
	assert.Equal(t, 4.5, *f.Tickets.Previous)
	assert.InDelta(t, 6.0/9, *f.ShareResponded.Current, 1e-12)
	assert.InDelta(t, 8.0/9, *f.ShareResponded.Previous, 1e-12)
	assert.Equal(t, 1.5, *f.MedianHours.Current)
	assert.Equal(t, 2.5, *f.MedianHours.Previous)

	md := weeklyDocument(r, nil).markdown()
	for _, line := range []string{
		"Of this week's 9 verdicts, 3 come from the source's own SLA flag and 6 were computed by lanes",
		// 1/6 = 16.7% against 1/3 = 33.3%: 16.67 points down.
		"| Breach rate | 16.7% | 33.3% | ▼ -16.7 pts |",
		"| Breached | 1 | 1.5 | ▼ -0.5 (-33.3%) |",
		"| p1 | 2 | 1 | 1 | 0 | 50.0% | 100.0% | ▼ -50.0 pts |",
		"| (no priority) | 1 | 0 | 0 | 1 | n/a | n/a | n/a |",
		// 8/9 = 88.9%: 66.7 - 88.9 = -22.2 points.
		"| Share with a first response | 66.7% | 88.9% | ▼ -22.2 pts |",
		"| Median hours to first response | 1.5 | 2.5 | ▼ -1.0 (-40.0%) |",
	} {
		assert.Contains(t, md, line)
	}

	// W08 has no week before it: no previous figures.
	w08, err := LoadWeekly(context.Background(), wh, config.Default(), WeeklyOptions{Week: "2026-W08"})
	require.NoError(t, err)
	assert.Nil(t, w08.SLA.All.BreachRate.Previous)
	assert.Nil(t, w08.FirstResponse.MedianHours.Previous)
	assert.InDelta(t, 0.25, *w08.SLA.All.BreachRate.Current, 1e-12)
}

// TestWeeklyBacklog checks the backlog section by hand: backlog_weekly's
// rows for W08..W10 and the ages at the end of W10's Sunday (03-08), at the
// fixture's edges of 2 and 14 days.
func TestWeeklyBacklog(t *testing.T) {
	wh := openFixture(t, "weekly/marts.sql")
	r, err := LoadWeekly(context.Background(), wh, config.Default(), WeeklyOptions{})
	require.NoError(t, err)
	b := r.Backlog
	require.Len(t, b.Weeks, 3)
	assert.Equal(t, BacklogWeek{Week: WeekSpan{"2026-W10", "2026-03-02", "2026-03-08"}, Created: 9, Resolved: 6, NetChange: 3, OpenAtWeekEnd: 6}, b.Weeks[2])
	assert.Equal(t, "2026-W08", b.Weeks[0].Week.Label)
	assert.Equal(t, "2026-03-08", b.AgeDay)
	f := func(v float64) *float64 { return &v }
	assert.Equal(t, []BacklogAge{
		{BucketOrder: 1, BucketLabel: "under 2 days", MinAgeDays: 0, MaxAgeDays: f(2), OpenTickets: 1, Share: 1.0 / 6},
		{BucketOrder: 2, BucketLabel: "2-14 days", MinAgeDays: 2, MaxAgeDays: f(14), OpenTickets: 4, Share: 4.0 / 6},
		{BucketOrder: 3, BucketLabel: "14 days or more", MinAgeDays: 14, OpenTickets: 1, Share: 1.0 / 6},
	}, b.Ages)
	// The headline's backlog is the same figure.
	assert.Equal(t, 6.0, *r.Headline.OpenBacklog.Current)

	md := weeklyDocument(r, nil).markdown()
	for _, line := range []string{
		"| 2026-W10 | 9 | 6 | +3 | 6 |",
		"the 6 tickets open at the end of Sunday 2026-03-08 by time since creation",
		"| 2-14 days | 4 | 66.7% |",
	} {
		assert.Contains(t, md, line)
	}

	// W11 is not over: the ages are the data's last day's (03-10), 1 + 3 + 1.
	w11, err := LoadWeekly(context.Background(), wh, config.Default(), WeeklyOptions{Week: "2026-W11"})
	require.NoError(t, err)
	assert.Equal(t, "2026-03-10", w11.Backlog.AgeDay)
	require.Len(t, w11.Backlog.Ages, 3)
	assert.EqualValues(t, 3, w11.Backlog.Ages[1].OpenTickets)
	assert.EqualValues(t, -1, w11.Backlog.Weeks[len(w11.Backlog.Weeks)-1].NetChange)
	assert.Contains(t, weeklyDocument(w11, nil).markdown(), "at the end of Tuesday 2026-03-10, the last day of the data")
}

// TestWeeklyCurrency checks that money figures carry the configured
// currency in every format, and that JSON keeps plain numbers.
func TestWeeklyCurrency(t *testing.T) {
	wh := openFixture(t, "weekly/marts.sql")
	for _, tc := range []struct{ code, cost, change string }{
		{"EUR", "€2,390", "▲ +€1,890 (+378.0%)"},
		{"CHF", "2,390 CHF", "▲ +1,890 CHF (+378.0%)"},
	} {
		t.Run(tc.code, func(t *testing.T) {
			cfg, err := config.Parse("x.yaml", strings.NewReader("currency: "+tc.code+"\n"))
			require.NoError(t, err)
			render := func(format string) string {
				var buf bytes.Buffer
				require.NoError(t, Weekly(context.Background(), wh, cfg, &buf, WeeklyOptions{Format: format}))
				return buf.String()
			}
			md := render("md")
			assert.Contains(t, md, "| Interruption cost | "+tc.cost+" | ")
			assert.Contains(t, md, tc.change)
			assert.Contains(t, md, "This week: **24.5 hours, cost "+tc.cost+"**")
			assert.Contains(t, render("html"), tc.cost)
			js := render("json")
			assert.Contains(t, js, `"currency": "`+tc.code+`"`)
			assert.Contains(t, js, `"cost": 2390`)
		})
	}
}

// TestWeeklyUnknownTool shows the tool lanes could not identify in words,
// with a sentence saying what it means; JSON keeps the key.
func TestWeeklyUnknownTool(t *testing.T) {
	wh := openFixture(t, "weekly/marts.sql")
	require.NoError(t, wh.Write(context.Background(), func(tx *warehouse.Tx) error {
		_, err := tx.Exec(`insert into volume_by_tool values ('2026-03-02', 'Unknown', 5, 5.0 / 14, 0, null)`)
		return err
	}))
	r, err := LoadWeekly(context.Background(), wh, config.Default(), WeeklyOptions{})
	require.NoError(t, err)
	assert.Equal(t, "Unknown", r.Volume.Tools[0].Tool)
	md := weeklyDocument(r, nil).markdown()
	assert.Contains(t, md, "| (no tool identified) | 5 |")
	assert.Contains(t, md, "(no tool identified) counts the tickets that name no tool of the catalogue")
	out, err := weekly(t, wh, "")
	require.NoError(t, err)
	assert.NotContains(t, out, "| Unknown |")
	// Without it, no sentence.
	plain := openFixture(t, "weekly/marts.sql")
	out, err = weekly(t, plain, "")
	require.NoError(t, err)
	assert.NotContains(t, out, "no tool identified")
}

func TestIntentLabel(t *testing.T) {
	for key, want := range map[string]string{
		"password_reset":  "Password reset",
		"access_request":  "Access request",
		"vpn_network":     "VPN network",
		"mfa_reset":       "MFA reset",
		"it_work":         "IT work",
		"hardware":        "Hardware",
		"other":           "Other",
		"":                "",
		"élan_vital":      "Élan vital",
		"<b>x</b>_y":      "<b>x</b> y",
		"licence_request": "Licence request",
	} {
		assert.Equal(t, want, intentLabel(key), key)
	}
}
