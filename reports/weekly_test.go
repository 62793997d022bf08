package reports

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sebdah/goldie/v2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/models/config"
	"github.com/lanes-dev/lanes/models/warehouse"
)

// openFixture opens a fresh in-memory warehouse and runs the SQL files given,
// which create and fill the mart tables by hand.
func openFixture(t *testing.T, files ...string) *warehouse.Warehouse {
	t.Helper()
	ctx := context.Background()
	wh, err := warehouse.Open(ctx, ":memory:", warehouse.Options{})
	require.NoError(t, err)
	t.Cleanup(func() { _ = wh.Close() })
	for _, f := range files {
		script, err := os.ReadFile(filepath.Join("testdata", f))
		require.NoError(t, err)
		require.NoError(t, wh.Write(ctx, func(tx *warehouse.Tx) error {
			_, err := tx.Exec(string(script))
			return err
		}), f)
	}
	return wh
}

func weekly(t *testing.T, wh *warehouse.Warehouse, week string) (string, error) {
	t.Helper()
	return weeklyAs(t, wh, week, "")
}

func weeklyAs(t *testing.T, wh *warehouse.Warehouse, week, format string) (string, error) {
	t.Helper()
	var buf bytes.Buffer
	err := Weekly(context.Background(), wh, config.Default(), &buf, WeeklyOptions{Week: week, Format: format})
	return buf.String(), err
}

func TestWeeklyGolden(t *testing.T) {
	wh := openFixture(t, "weekly/marts.sql")
	out, err := weekly(t, wh, "")
	require.NoError(t, err)

	g := goldie.New(t, goldie.WithFixtureDir("testdata/weekly"), goldie.WithNameSuffix(".golden.md"))
	g.Assert(t, "report", []byte(out))

	// Deterministic: a second run, and naming the week explicitly, give the
	// same bytes.
	again, err := weekly(t, wh, "")
	require.NoError(t, err)
	assert.Equal(t, out, again)
	named, err := weekly(t, wh, "2026-W10")
	require.NoError(t, err)
	assert.Equal(t, out, named)
}

// TestWeeklyFigures checks the key numbers of the fixture, worked out by
// hand from testdata/weekly/marts.sql.
func TestWeeklyFigures(t *testing.T) {
	wh := openFixture(t, "weekly/marts.sql")
	d, err := loadWeekly(context.Background(), wh, config.Default(), WeeklyOptions{})
	require.NoError(t, err)

	// Latest created_at is IT-19 on Tue 2026-03-10, inside W11 (03-09..03-15),
	// which is not over, so the report week is W10 (03-02..03-08).
	assert.Equal(t, "2026-W10", weekLabel(d.Week))
	assert.Equal(t, "2026-03-02", d.Week.Format(dateLayout))
	assert.Equal(t, "2026-02-23", d.Prev.Format(dateLayout))
	assert.EqualValues(t, 20, d.TotalTickets) // IT-1 .. IT-20

	// Created in W10: IT-11..18 and IT-20 = 9; in W09: IT-5..10 = 6.
	assert.EqualValues(t, 9, d.Cur.Created)
	assert.EqualValues(t, 6, d.Before.Created)
	// Resolved in W10 per time_to_resolve: 6 (IT-8, 11, 12, 13, 14, 20); W09: 4.
	assert.EqualValues(t, 6, d.Cur.Resolved)
	assert.EqualValues(t, 4, d.Before.Resolved)
	// Backlog at 2026-03-09 00:00: open IT-4, 9, 16, 17; IT-15 resolved
	// 03-09 09:00; IT-18 closed at 03-08 23:30 + 2 h = 03-09 01:30. = 6.
	// IT-10 was canceled with no time, IT-19 is created later.
	assert.EqualValues(t, 6, d.Cur.Backlog)
	// Backlog at 2026-03-02 00:00: open IT-4 and IT-9, IT-8 resolved 03-03. = 3.
	assert.EqualValues(t, 3, d.Before.Backlog)
	// Interruptions W10: 22.0 + 1.5 + 1.0 = 24.5 h; 2,200 + 90 + 100 = 2,390.
	assert.InDelta(t, 24.5, d.Cur.InterruptHours, 1e-9)
	assert.InDelta(t, 2390, d.Cur.Cost, 1e-9)
	assert.InDelta(t, 5.0, d.Before.InterruptHours, 1e-9)

	// Refocus band, W10: low = handle only = 12 + 1 + 0.5 = 13.5 h, costing
	// 12x100 + 1x60 + 0.5x100 = 1,310; high = handle + 23 min per
	// interruption = 13.5 + 44 x 23/60 = 30.3667 h, costing
	// (12 + 40x23/60)x100 + (1 + 2x23/60)x60 + (0.5 + 2x23/60)x100 = 2,966.
	assert.InDelta(t, 13.5, d.Total.LowHours, 1e-9)
	assert.InDelta(t, 13.5+44*23/60.0, d.Total.HighHours, 1e-9)
	assert.InDelta(t, 1310, d.Total.CostLow, 1e-9)
	assert.InDelta(t, 2966, d.Total.CostHi, 1e-9)

	// Previous four weeks W06..W09, but the data starts in W08: 2 weeks.
	assert.Equal(t, 2, d.PrevWeeksInData)
	assert.EqualValues(t, 2+4, d.TTR.PrevResolved)
	require.NotNil(t, d.TTR.PrevMedian)
	assert.InDelta(t, (14.0+27.0)/2, *d.TTR.PrevMedian, 1e-9)

	out := weeklyDocument(d.report(), nil).markdown()
	for _, line := range []string{
		// 9 vs 6: +3, 3/6 = +50.0%
		"| Tickets created | 9 | 6 | ▲ +3 (+50.0%) |",
		// 6 vs 3: +3, 3/3 = +100.0%
		"| Open backlog at week end | 6 | 3 | ▲ +3 (+100.0%) |",
		// 5.5 vs 27.0: -21.5, 21.5/27 = 79.63%
		"| Median hours to resolve | 5.5 | 27.0 | ▼ -21.5 (-79.6%) |",
		// 2,390 vs 500: +1,890, 1890/500 = +378.0%
		"| Interruption cost | $2,390 | $500 | ▲ +$1,890 (+378.0%) |",
		// Okta 4 of 9 = 44.4%, 2 the week before: +2, +100.0%
		"| Okta | 4 | 44.4% | 2 | ▲ +2 (+100.0%) |",
		// resolved per week before: (2 + 4) / 2 = 3.0; 6 - 3 = +3.0, +100.0%
		"| Tickets resolved | 6 | 3.0 | ▲ +3.0 (+100.0%) |",
		// mean 182/6 = 30.33 vs (14 + 56)/2 = 35.0: -4.67 -> -4.7, 4.67/35 = 13.3%
		"| Mean hours | 30.3 | 35.0 | ▼ -4.7 (-13.3%) |",
		// hardware: 2.0 per week x 52/12 x 60/60 x 0.8 = 6.93 hours a month; 0.125 = 12.5%
		"| 3 | Hardware | 8 | 2.0 | 60.0 | 12.5% | 6.9 |",
		"This week: **24.5 hours, cost $2,390**. With anywhere from 0 to 23 minutes to refocus, that is 13.5–30.4 hours, cost $1,310–$2,966.",
	} {
		assert.Contains(t, out, line)
	}
}

func TestWeeklyHostileText(t *testing.T) {
	wh := openFixture(t, "weekly/marts.sql")
	out, err := weekly(t, wh, "")
	require.NoError(t, err)
	assert.NotContains(t, out, "<script")
	assert.NotContains(t, out, "<img")
	assert.Contains(t, out, `| &lt;script&gt;alert(1)&lt;/script&gt;\|x | 1 | 11.1% | 0 | ▲ +1 (new) |`)
	assert.Contains(t, out, `| Data\_Eng\* |`)
	assert.Contains(t, out, `=HYPERLINK("http://x"), IT-\[1\](javascript:alert(1)), a\`+"`"+`b c |`)
	// Every table row has as many cells as its header: no data text adds or
	// removes a cell.
	assertTablesWellFormed(t, out)
}

// assertTablesWellFormed checks that every row of every Markdown table in
// md has its header's number of cells, counting only unescaped pipes.
func assertTablesWellFormed(t *testing.T, md string) {
	t.Helper()
	want := -1
	for _, line := range strings.Split(md, "\n") {
		if !strings.HasPrefix(line, "|") {
			want = -1
			continue
		}
		cells := strings.Count(line, "|") - strings.Count(line, `\|`) - 1
		if want < 0 {
			want = cells
		}
		assert.Equal(t, want, cells, line)
	}
}

func TestWeeklyWeekChoice(t *testing.T) {
	wh := openFixture(t, "weekly/marts.sql")

	out, err := weekly(t, wh, "2026-W09")
	require.NoError(t, err)
	assert.Contains(t, out, "# Weekly IT support report: 2026-W09\n")
	// W09 vs W08: created 6 vs 4 (+2, +50.0%).
	assert.Contains(t, out, "| Tickets created | 6 | 4 | ▲ +2 (+50.0%) |")

	// W08 is the first week: nothing before it.
	out, err = weekly(t, wh, "2026-W08")
	require.NoError(t, err)
	assert.Contains(t, out, "| Tickets created | 4 | 0 | ▲ +4 (new) |")
	assert.Contains(t, out, "(none of them in the data)")
	assert.Contains(t, out, "| Median hours | 14.0 | n/a | n/a |")

	_, err = weekly(t, wh, "2026-W12")
	require.Error(t, err)
	assert.Equal(t, "--week 2026-W12: no tickets were created that week; weeks with data: 2026-W08 to 2026-W11", err.Error())

	_, err = weekly(t, wh, "2026-10")
	require.Error(t, err)
	assert.Equal(t, `--week "2026-10": want an ISO week like 2026-W10`, err.Error())
}

func TestWeeklyNeedsBuild(t *testing.T) {
	wh := openFixture(t)
	_, err := weekly(t, wh, "")
	require.Error(t, err)
	assert.Equal(t, "the warehouse has no automation_candidates, backlog_age_daily, backlog_weekly, first_response, int_tickets, interruptions, sla, time_to_resolve, volume_by_tool: run `lanes build` first", err.Error())
}

// TestWeeklyTrend checks the trend by hand from testdata/weekly/marts.sql:
// the report week W10 and the two weeks before it in the data (W08 starts
// the data). Tickets created count int_tickets rows per week_start (IT-1..4;
// IT-5..10; IT-11..18 and IT-20); the hours are time_to_resolve's week rows;
// interruption hours add up total_hours per week (W10: 1.0 + 1.5 + 22.0).
func TestWeeklyTrend(t *testing.T) {
	wh := openFixture(t, "weekly/marts.sql")
	r, err := LoadWeekly(context.Background(), wh, config.Default(), WeeklyOptions{})
	require.NoError(t, err)
	f := func(v float64) *float64 { return &v }
	want := []TrendWeek{
		{Week: WeekSpan{"2026-W08", "2026-02-16", "2026-02-22"}, TicketsCreated: 4, MedianHoursToResolve: f(14), P90HoursToResolve: f(22), InterruptionHours: 2},
		{Week: WeekSpan{"2026-W09", "2026-02-23", "2026-03-01"}, TicketsCreated: 6, MedianHoursToResolve: f(27), P90HoursToResolve: f(132), InterruptionHours: 5},
		{Week: WeekSpan{"2026-W10", "2026-03-02", "2026-03-08"}, TicketsCreated: 9, MedianHoursToResolve: f(5.5), P90HoursToResolve: f(84), InterruptionHours: 24.5},
	}
	assert.Equal(t, want, r.Trend)
}
