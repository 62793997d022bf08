package dashboards

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/sebdah/goldie/v2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/models/config"
	"github.com/lanes-dev/lanes/models/warehouse"
)

func TestRenderIsDeterministic(t *testing.T) {
	first := render(t, basicWarehouse(t), Options{})
	again := render(t, basicWarehouse(t), Options{}) // a second warehouse from the same input
	require.True(t, bytes.Equal(first, again), "two renders of the same input differ")
	wh := basicWarehouse(t)
	require.True(t, bytes.Equal(render(t, wh, Options{}), render(t, wh, Options{})))
}

func TestRenderGolden(t *testing.T) {
	page := render(t, basicWarehouse(t), Options{})
	g := goldie.New(t, goldie.WithFixtureDir("testdata/basic"), goldie.WithNameSuffix(".html"))
	g.Assert(t, "expected", withoutLibrary(page))
}

func TestRenderWritesNothingOnError(t *testing.T) {
	ctx := context.Background()
	wh, err := warehouse.Open(ctx, ":memory:", warehouse.Options{})
	require.NoError(t, err)
	defer wh.Close()
	var buf bytes.Buffer
	err = Render(ctx, wh, config.Default(), &buf, Options{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "int_tickets")
	assert.Contains(t, err.Error(), "lanes build")
	assert.Zero(t, buf.Len())
}

// chartOf finds a chart of the view by its id.
func chartOf(t *testing.T, v *view, id string) *chart {
	t.Helper()
	for _, group := range [][]*chart{v.Tools, v.Resolution, v.Interruptions, v.Automation, v.Backlog, v.Shadow, v.Quality} {
		for _, c := range group {
			if c.ID == id {
				return c
			}
		}
	}
	t.Fatalf("no chart %s", id)
	return nil
}

func tilesByKey(v *view) map[string]kpi {
	out := map[string]kpi{}
	for _, k := range v.KPIs {
		out[k.Key] = k
	}
	return out
}

// TestHeadlineNumbers checks the tiles against numbers worked out by hand
// from testdata/basic/input.sql.
func TestHeadlineNumbers(t *testing.T) {
	wh := basicWarehouse(t)
	v := viewOf(t, wh, Options{})

	assert.Equal(t, "Tickets created 2024-03-04 to 2024-03-20 (UTC)", v.Range)
	// The data ends on Wednesday 2024-03-20: the week of 2024-03-18 is not
	// full, so the tiles compare 2024-03-11 with 2024-03-04.
	assert.Contains(t, v.WeekNote, "week of 2024-03-11")

	k := tilesByKey(v)
	require.Len(t, k, 7)
	// 5 created in the week of 03-11 (IT-5..IT-9), 4 in the week before
	// (IT-1..IT-4): +1, +25%.
	assert.Equal(t, "5", k["created"].Value)
	assert.Equal(t, "+1 (+25.0%)", k["created"].Delta)
	assert.Equal(t, "created in the week of 2024-03-11", k["created"].Detail)
	assert.Equal(t, "vs the week of 2024-03-04", k["created"].DeltaNote)
	// Resolved: IT-5, IT-6, IT-7 against IT-1, IT-2, IT-3.
	assert.Equal(t, "3", k["resolved"].Value)
	assert.Equal(t, "±0 (0.0%)", k["resolved"].Delta)
	assert.Equal(t, "neutral", k["resolved"].Tone)
	// Open at the end of the week: IT-4, IT-8, IT-9 against IT-4.
	assert.Equal(t, "3", k["backlog"].Value)
	assert.Equal(t, "+2 (+200.0%)", k["backlog"].Delta)
	assert.Equal(t, "bad", k["backlog"].Tone)
	// Weekly medians 6 (of 6, 48, 1) against 4 (of 4, 24, 2).
	assert.Equal(t, "6.0", k["resolve"].Value)
	assert.Equal(t, "+2.0 h (+50.0%)", k["resolve"].Delta)
	assert.Equal(t, "bad", k["resolve"].Tone)
	// 1.75 + 0.75 = 2.5 hours against 1.0; band: handle 1.0 + 0.5 = 1.5 at
	// the low end, 1.0 + 1.15 + 0.5 + 0.3833 = 3.03 at the high end.
	assert.Equal(t, "2.5", k["inthours"].Value)
	assert.Equal(t, "+1.5 h (+150.0%)", k["inthours"].Delta)
	assert.Equal(t, "week of 2024-03-11; 1.5–3.0 h over the refocus band", k["inthours"].Detail)
	// 175 + 45 = 220 against 100; band 1.0 x 100 + 0.5 x 60 = 130 to
	// 2.15 x 100 + 0.8833 x 60 = 268.
	assert.Equal(t, "$220", k["intcost"].Value)
	assert.Equal(t, "+$120 (+120.0%)", k["intcost"].Delta)
	assert.Equal(t, "week of 2024-03-11; $130–$268 over the refocus band", k["intcost"].Detail)
	// (10 + 20 + 10 + 20) x 0.8 / 60 = 0.8 against (10 + 20 + 10) x 0.8 / 60.
	assert.Equal(t, "0.8", k["auto"].Value)
	assert.Equal(t, "+0.3 h (+50.0%)", k["auto"].Delta)
	// Sparklines: three weeks would be drawn, but the tile week is the
	// second, so two points: 4 then 5 created.
	assert.Equal(t, "0.0,30.0 120.0,2.0", k["created"].Spark)

	// Only Platform has 5 interrupted people. Gini over 1, 1, 1, 1, 2:
	// 2 x (1+2+3+4+10) / (5 x 6) - 6/5 = 0.13.
	conc := chartOf(t, v, "int-concentration")
	require.Len(t, conc.Table.Rows, 1)
	assert.Equal(t, []string{"Platform", "5", "person-0a1b2c3d", "2", "0.7", "33.3%", "0.13"}, conc.Table.Rows[0])
	assert.Equal(t, "1 team with fewer than 5 interrupted people is counted in the team totals only.", conc.Note)

	// Four tools, so no "All other tools"; ordered by tickets:
	// Okta 2+2+1, GitHub 1+2+1, VPN 1+0+1, Notion 0+1+0.
	weekly := chartOf(t, v, "tools-weekly")
	assert.Equal(t, []string{"week", "Okta", "GitHub", "VPN", "Notion", "total"}, weekly.Table.Head)
	assert.Equal(t, []string{"2024-03-11", "2", "2", "0", "1", "5"}, weekly.Table.Rows[1])

	// Weekly medians are time_to_resolve's when no team or tool is chosen.
	rw := chartOf(t, v, "resolve-weekly")
	assert.Equal(t, [][]string{
		{"2024-03-04", "3", "4.0", "20.0"},
		{"2024-03-11", "3", "6.0", "39.6"},
		{"2024-03-18", "2", "37.0", "65.0"},
	}, rw.Table.Rows)
	// The open backlog is backlog_weekly's.
	bw := chartOf(t, v, "backlog-weekly")
	assert.Equal(t, [][]string{
		{"2024-03-04", "4", "3", "+1", "1"},
		{"2024-03-11", "5", "3", "+2", "3"},
		{"2024-03-18", "3", "2", "+1", "4"},
	}, bw.Table.Rows)
	// SLA: met 3 | 2 | 1, breached 0 | 2 (IT-6, IT-9) | 0.
	sla := chartOf(t, v, "sla-weekly")
	assert.Equal(t, []string{"2024-03-11", "2", "2", "1", "50.0%"}, sla.Table.Rows[1])
}

// TestFilteredNumbers checks the page as the filters show it, for team
// Platform (IT-2, IT-6, IT-9, IT-12), against numbers worked out by hand.
func TestFilteredNumbers(t *testing.T) {
	wh := basicWarehouse(t)
	v := viewOf(t, wh, Options{filter: &filter{From: 0, To: 2, Team: 1, Tool: -1}})
	k := tilesByKey(v)
	// Created: IT-6 and IT-9 against IT-2.
	assert.Equal(t, "2", k["created"].Value)
	assert.Equal(t, "+1 (+100.0%)", k["created"].Delta)
	// Open at the week's end: IT-9 against none.
	assert.Equal(t, "1", k["backlog"].Value)
	assert.Equal(t, "+1", k["backlog"].Delta)
	// The one resolution of the week, IT-6 (48 h), is in the band 48-72 h:
	// its median is read as the band's middle, 60; the week before, IT-2's
	// 24 h gives 36.
	assert.Equal(t, "≈ 60.0", k["resolve"].Value)
	assert.Equal(t, "≈ +24.0 h (+66.7%)", k["resolve"].Delta)
	// Platform's interruption hours: 1.75 against 1.0.
	assert.Equal(t, "1.8", k["inthours"].Value)
	assert.Equal(t, "+0.8 h (+75.0%)", k["inthours"].Delta)

	bw := chartOf(t, v, "backlog-weekly")
	assert.Equal(t, [][]string{
		{"2024-03-04", "1", "1", "±0", "0"},
		{"2024-03-11", "2", "1", "+1", "1"},
		{"2024-03-18", "1", "1", "±0", "1"},
	}, bw.Table.Rows)
	rt := chartOf(t, v, "resolve-tool")
	// GitHub: 24, 48 and 72 h in the bands 24-48, 48-72 and 72-120:
	// the median is the middle of 48-72 = 60, the p90 at 2.7 of 3 tickets
	// is 72 + 0.7 x 48 = 105.6.
	assert.Equal(t, [][]string{{"GitHub", "3", "≈ 60.0", "≈ 105.6"}}, rt.Table.Rows)
}

func TestAsOfMovesTheWeek(t *testing.T) {
	wh := basicWarehouse(t)
	v := viewOf(t, wh, Options{AsOf: mustDate(t, "2024-03-24")}) // a Sunday: the week of 03-18 is now full
	assert.Contains(t, v.WeekNote, "week of 2024-03-18")
	// 3 tickets in the week of 03-18 against 5.
	assert.Equal(t, "−2 (−40.0%)", v.KPIs[0].Delta)
}

func TestFormatting(t *testing.T) {
	assert.Equal(t, "1,234,567", fmtInt(1234567))
	assert.Equal(t, "−1,000", fmtInt(-1000))
	assert.Equal(t, "12,345.7", fmtFloat(12345.67, 1))
	assert.Equal(t, "0.0", fmtFloat(-0.01, 1))
	assert.Equal(t, "33.3%", fmtPct(1.0/3))
	assert.Equal(t, "−$1,200", fmtMoney(-1200, "$"))
	assert.Equal(t, 0.0, num(-0.001, 2))
	assert.Nil(t, num(nan(), 2))
	assert.True(t, strings.HasSuffix(truncate("abcdef", 3), "…"))
}
