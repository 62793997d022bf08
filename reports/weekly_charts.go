package reports

import (
	"context"
	"errors"
	"fmt"

	"github.com/lanes-dev/lanes/dashboards"
)

// weeklyFigures are the charts of the HTML email; a nil one is not shown.
type weeklyFigures struct {
	Volume, TimeToResolve, Interruptions *figure
}

// Size of the charts over weeks in the email, in CSS pixels (the tools
// chart grows with the tools); the PNGs have twice as many pixels, for
// high-density screens.
const (
	chartWidth  = 700
	chartHeight = 260
)

// drawWeeklyCharts draws the email's charts with headless Chromium. With no
// Chromium installed it returns no charts and no error: the tables carry
// the same numbers.
func drawWeeklyCharts(ctx context.Context, r *WeeklyReport) (*weeklyFigures, error) {
	specs, alts := weeklyCharts(r)
	if len(specs) == 0 {
		return nil, nil
	}
	pngs, err := dashboards.ChartPNGs(ctx, specs)
	if errors.Is(err, dashboards.ErrNoChromium) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("draw the charts: %w", err)
	}
	figs := &weeklyFigures{}
	slots := []**figure{&figs.Volume, &figs.TimeToResolve, &figs.Interruptions}
	for i, png := range pngs {
		*slots[alts[i].slot] = &figure{PNG: png, Alt: alts[i].text, Width: specs[i].Width, Height: specs[i].Height}
	}
	return figs, nil
}

type chartAlt struct {
	slot int // 0 volume, 1 time to resolve, 2 interruptions
	text string
}

// weeklyCharts lays out the charts the report's numbers allow: tickets per
// tool (this week and the week before), hours to resolve per week and
// interruption hours per week.
func weeklyCharts(r *WeeklyReport) ([]dashboards.SmallChart, []chartAlt) {
	var specs []dashboards.SmallChart
	var alts []chartAlt
	cur, prev := r.Week.Label, r.Previous.Label
	if len(r.Volume.Tools) > 0 {
		c := dashboards.SmallChart{Unit: "tickets", Width: chartWidth, Height: 80 + 30*len(r.Volume.Tools), Horizontal: true}
		var now, before []*float64
		for _, t := range r.Volume.Tools {
			c.Categories = append(c.Categories, clip(toolName(t.Tool), 30))
			now, before = append(now, countPtr(t.Tickets)), append(before, countPtr(t.PreviousTickets))
		}
		c.Series = []dashboards.SmallSeries{{Name: cur, Values: now}, {Name: prev, Values: before}}
		specs = append(specs, c)
		alts = append(alts, chartAlt{0, fmt.Sprintf("Horizontal bar chart: tickets created per tool in %s and %s, busiest first; the table above has the numbers.", cur, prev)})
	}
	if len(r.Trend) > 0 {
		ttr := dashboards.SmallChart{Unit: "calendar hours", Width: chartWidth, Height: chartHeight}
		hours := dashboards.SmallChart{Unit: "hours", Width: chartWidth, Height: chartHeight}
		var med, p90, in []*float64
		for _, w := range r.Trend {
			ttr.Categories = append(ttr.Categories, w.Week.Label)
			med, p90 = append(med, w.MedianHoursToResolve), append(p90, w.P90HoursToResolve)
			in = append(in, ptr(w.InterruptionHours))
		}
		hours.Categories = ttr.Categories
		ttr.Series = []dashboards.SmallSeries{{Name: "median", Values: med, Line: true}, {Name: "90th percentile", Values: p90, Line: true}}
		hours.Series = []dashboards.SmallSeries{{Name: "interruption hours", Values: in}}
		first, last := r.Trend[0].Week.Label, r.Trend[len(r.Trend)-1].Week.Label
		specs = append(specs, ttr, hours)
		alts = append(alts,
			chartAlt{1, fmt.Sprintf("Line chart: median and 90th-percentile calendar hours to resolve per week, %s to %s; the trend table has the numbers.", first, last)},
			chartAlt{2, fmt.Sprintf("Bar chart: interruption hours per week, %s to %s; the trend table has the numbers.", first, last)})
	}
	return specs, alts
}
