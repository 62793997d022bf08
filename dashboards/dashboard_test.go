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

// TestHeadlineNumbers checks the tiles against numbers worked out by hand
// from testdata/basic/input.sql.
func TestHeadlineNumbers(t *testing.T) {
	ctx := context.Background()
	wh := basicWarehouse(t)
	d, err := load(ctx, wh)
	require.NoError(t, err)
	v, err := build(ctx, wh, config.Default(), d, Options{}.withDefaults())
	require.NoError(t, err)

	assert.Equal(t, "Tickets created 2024-03-04 to 2024-03-20 (UTC)", v.Range)
	// The data ends on Wednesday 2024-03-20: the week of 2024-03-18 is not
	// full, so the tiles compare 2024-03-11 with 2024-03-04.
	assert.Contains(t, v.WeekNote, "week of 2024-03-11")

	byLabel := map[string]kpi{}
	for _, k := range v.KPIs {
		byLabel[k.Label] = k
	}
	// 12 tickets; 5 created in the week of 03-11 (IT-5..IT-9), 4 in the week
	// before (IT-1..IT-4): +1, +25%.
	assert.Equal(t, "12", byLabel["Tickets"].Value)
	assert.Equal(t, "+1 (+25.0%)", byLabel["Tickets"].Delta)
	// Open now: IT-4, IT-8, IT-10, IT-12. At 2024-03-18 00:00: IT-4, IT-8 and
	// IT-9 (resolved 03-18 09:00) = 3; at 2024-03-11 00:00: IT-4 = 1.
	assert.Equal(t, "4", byLabel["Open backlog"].Value)
	assert.Equal(t, "+2 (+200.0%)", byLabel["Open backlog"].Delta)
	assert.Equal(t, "bad", byLabel["Open backlog"].Tone)
	// Median of 1, 2, 2, 4, 6, 24, 48, 72 = 5; weekly medians 6 vs 4.
	assert.Equal(t, "5.0", byLabel["Median hours to resolve"].Value)
	assert.Equal(t, "+2.0 h (+50.0%)", byLabel["Median hours to resolve"].Delta)
	// 1.0 + 1.75 + 0.75 = 3.5 hours; 100 + 175 + 45 = 320. Week of 03-11:
	// 2.5 h and 220 against 1.0 h and 100.
	assert.Equal(t, "3.5", byLabel["Interruption hours"].Value)
	assert.Equal(t, "+1.5 h (+150.0%)", byLabel["Interruption hours"].Delta)
	assert.Equal(t, "$320", byLabel["Interruption cost"].Value)
	assert.Equal(t, "+$120 (+120.0%)", byLabel["Interruption cost"].Delta)
	// password_reset: IT-5 and IT-7 in the week of 03-11, IT-1 and IT-3 before.
	assert.Equal(t, "1.0 h/month", byLabel["Top automation candidate"].Value)
	assert.Equal(t, "±0 (0.0%)", byLabel["Top automation candidate"].Delta)

	// IT Helpdesk has one person: below the default group size of 5.
	conc := v.Interruptions[2]
	require.Len(t, conc.Table.Rows, 1)
	assert.Equal(t, []string{"Platform", "5", "person-0a1b2c3d", "2", "0.7", "33.3%"}, conc.Table.Rows[0])
	assert.Equal(t, "1 team with fewer than 5 people is not shown.", conc.Note)

	// Four tools, so no "All other tools"; ordered by all-time tickets:
	// Okta 2+2+1, GitHub 1+2+1, VPN 1+0+1, Notion 0+1+0.
	weekly := v.Tools[0]
	assert.Equal(t, []string{"week", "Okta", "GitHub", "VPN", "Notion", "total"}, weekly.Table.Head)
	assert.Equal(t, []string{"2024-03-11", "2", "2", "0", "1", "5"}, weekly.Table.Rows[1])
}

func TestAsOfMovesTheWeek(t *testing.T) {
	ctx := context.Background()
	wh := basicWarehouse(t)
	d, err := load(ctx, wh)
	require.NoError(t, err)
	o := Options{}.withDefaults()
	o.AsOf = mustDate(t, "2024-03-24") // a Sunday: the week of 03-18 is now full
	v, err := build(ctx, wh, config.Default(), d, o)
	require.NoError(t, err)
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
