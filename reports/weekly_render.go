package reports

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

const (
	topTools      = 10
	topMovers     = 5
	maxNameLength = 60
)

// savingsFormula is how automation_candidates computes hours_saved_per_month;
// it must match the model.
const savingsFormula = "hours saved per month = tickets per week × 52 ÷ 12 × median handle minutes ÷ 60 × automatable share"

// directionNames turns the interruptions.direction codes into words.
var directionNames = map[string]string{
	"it_work_to_engineering": "IT work done by engineering",
	"engineering_work_to_it": "Engineering work done by IT",
}

// directionCell names a direction, or shows an unknown code as data.
func directionCell(code string) cell {
	if name, ok := directionNames[code]; ok {
		return num(name)
	}
	return dataCell(code, maxNameLength)
}

// weeklyDocument lays the report out. It only formats what report computed.
// figs, when not nil, are the charts the HTML shows next to the tables that
// hold their numbers; Markdown leaves them out.
func weeklyDocument(r *WeeklyReport, figs *weeklyFigures) document {
	if figs == nil {
		figs = &weeklyFigures{}
	}
	cur, prev := r.Week.Label, r.Previous.Label
	doc := document{
		heading{Level: 1, Text: []span{plain("Weekly IT support report: " + cur)}},
		para(
			plain(fmt.Sprintf("Week %s runs from %s to %s (", cur, longDate(r.Week.Start), longDate(r.Week.End))),
			data(r.TimeZone, maxNameLength),
			plain(fmt.Sprintf(") and is compared with %s (%s to %s). The warehouse holds %s tickets created between %s and %s.",
				prev, r.Previous.Start, r.Previous.End, formatCount(r.Data.Tickets), r.Data.FirstDay, r.Data.LastDay)),
		),
	}
	doc = append(doc, headlineBlocks(r, cur, prev)...)
	doc = append(doc, volumeBlocks(r, cur, prev, figs.Volume)...)
	doc = append(doc, ttrBlocks(r, cur)...)
	doc = append(doc, trendBlocks(r, figs)...)
	doc = append(doc, interruptionBlocks(r)...)
	doc = append(doc, automationBlocks(r)...)
	doc = append(doc, parameterBlocks(r.Parameters, "The settings these numbers were computed with, as recorded in dim_parameters by the last build.")...)
	return doc
}

// longDate writes a YYYY-MM-DD date with its weekday, e.g. "Monday 2026-03-02".
func longDate(day string) string {
	t, err := time.Parse(dateLayout, day)
	if err != nil {
		return day
	}
	return t.Weekday().String() + " " + day
}

func countPtr(n int64) *float64 { return ptr(float64(n)) }

// comparisonRow is a measure with its current and previous value and the
// change between them.
func comparisonRow(label string, c Comparison, decimals, prevDecimals int) []cell {
	return []cell{num(label), num(formatOptional(c.Current, decimals)), num(formatOptional(c.Previous, prevDecimals)), num(formatChange(c.Current, c.Previous, prevDecimals))}
}

func headlineBlocks(r *WeeklyReport, cur, prev string) []block {
	h := r.Headline
	return []block{
		h2("Headline"),
		para(plain("This week against the week before: the backlog is the tickets still unresolved when the week ended, and ▲ or ▼ shows which way a number moved, not whether that is good.")),
		&docTable{
			Header: []string{"Measure", cur, prev, "Change"}, Align: "lrrl",
			Rows: [][]cell{
				comparisonRow("Tickets created", h.TicketsCreated, 0, 0),
				comparisonRow("Tickets resolved", h.TicketsResolved, 0, 0),
				comparisonRow("Open backlog at week end", h.OpenBacklog, 0, 0),
				comparisonRow("Median hours to resolve", h.MedianHoursToResolve, 1, 1),
				comparisonRow("Interruption hours", h.InterruptionHours, 1, 1),
				comparisonRow("Interruption cost", h.InterruptionCost, 0, 0),
			},
		},
	}
}

func volumeBlocks(r *WeeklyReport, cur, prev string, fig *figure) []block {
	v := r.Volume
	blocks := []block{h2("Volume by tool")}
	switch n := v.ToolsWithTickets; {
	case n == 0:
		blocks = append(blocks, para(plain("Tickets created per tool: no tickets were created this week.")))
	case n > topTools:
		blocks = append(blocks, para(plain(fmt.Sprintf("Tickets created per tool this week next to the week before: the %d busiest of the %s tools that had tickets.", topTools, formatCount(int64(n))))))
	default:
		blocks = append(blocks, para(plain(fmt.Sprintf("Tickets created per tool this week next to the week before, busiest first (%s %s had tickets).", formatCount(int64(n)), plural(n, "tool", "tools")))))
	}
	if len(v.Tools) > 0 {
		t := &docTable{Header: []string{"Tool", cur, "Share", prev, "Change"}, Align: "lrrrl", BarLabel: cur}
		for _, tv := range v.Tools {
			t.Rows = append(t.Rows, []cell{dataCell(tv.Tool, maxNameLength), num(formatCount(tv.Tickets)), num(formatPercent(tv.Share)), num(formatCount(tv.PreviousTickets)), num(formatChange(countPtr(tv.Tickets), countPtr(tv.PreviousTickets), 0))})
			t.Bars = append(t.Bars, float64(tv.Tickets))
		}
		blocks = append(blocks, t)
		if fig != nil {
			blocks = append(blocks, fig)
		}
	}
	blocks = append(blocks, para(strong("Top movers"), plain(": the tools whose ticket count changed most since the week before.")))
	if len(v.Movers) == 0 {
		return append(blocks, para(plain("No tool's ticket count changed.")))
	}
	t := &docTable{Header: []string{"Tool", cur, prev, "Change"}, Align: "lrrl"}
	for _, tv := range v.Movers {
		t.Rows = append(t.Rows, []cell{dataCell(tv.Tool, maxNameLength), num(formatCount(tv.Tickets)), num(formatCount(tv.PreviousTickets)), num(formatChange(countPtr(tv.Tickets), countPtr(tv.PreviousTickets), 0))})
	}
	return append(blocks, t)
}

func ttrBlocks(r *WeeklyReport, cur string) []block {
	t := r.TimeToResolve
	var inData string
	switch n := t.PreviousWeeksInData; n {
	case 0:
		inData = "none of them in the data"
	case 4:
		inData = "all of them in the data"
	default:
		inData = fmt.Sprintf("%d of them in the data", n)
	}
	return []block{
		h2("Time to resolve"),
		para(plain(fmt.Sprintf("Calendar hours from creation to resolution for the tickets resolved this week, against the average of the weekly figures over the 4 weeks before (%s).", inData))),
		&docTable{
			Header: []string{"Measure", cur, "Previous 4 weeks (average)", "Change"}, Align: "lrrl",
			Rows: [][]cell{
				comparisonRow("Tickets resolved", t.ResolvedTickets, 0, 1),
				comparisonRow("Median hours", t.MedianHours, 1, 1),
				comparisonRow("90th percentile hours", t.P90Hours, 1, 1),
				comparisonRow("Mean hours", t.MeanHours, 1, 1),
			},
		},
	}
}

// trendBlocks shows the report week next to the weeks before it.
func trendBlocks(r *WeeklyReport, figs *weeklyFigures) []block {
	blocks := []block{
		h2("Trend"),
	}
	if len(r.Trend) == 0 {
		return blocks
	}
	n := len(r.Trend) - 1
	blocks = append(blocks, para(plain(fmt.Sprintf("The report week and the %d %s before it that %s inside the data (at most 4): tickets created, calendar hours to resolve the tickets resolved each week, and interruption hours.",
		n, plural(n, "week", "weeks"), plural(n, "lies", "lie")))))
	t := &docTable{Header: []string{"Week", "Tickets created", "Median hours to resolve", "90th percentile hours", "Interruption hours"}, Align: "lrrrr"}
	for _, w := range r.Trend {
		t.Rows = append(t.Rows, []cell{num(w.Week.Label), num(formatCount(w.TicketsCreated)), num(formatOptional(w.MedianHoursToResolve, 1)), num(formatOptional(w.P90HoursToResolve, 1)), num(formatNumber(w.InterruptionHours, 1))})
	}
	blocks = append(blocks, t)
	for _, f := range []*figure{figs.TimeToResolve, figs.Interruptions} {
		if f != nil {
			blocks = append(blocks, f)
		}
	}
	return blocks
}

// paramText writes a numeric parameter as it would be configured, "n/a"
// when unknown.
func paramText(v *float64) string {
	if v == nil {
		return "n/a"
	}
	return strconv.FormatFloat(*v, 'f', -1, 64)
}

// hoursRange is "total (low–high)" with one decimal.
func hoursRange(total, low, high float64) string {
	return fmt.Sprintf("%s (%s–%s)", formatNumber(total, 1), formatNumber(low, 1), formatNumber(high, 1))
}

// costRange is "cost (low–high)" in whole units.
func costRange(cost, low, high float64) string {
	return fmt.Sprintf("%s (%s–%s)", formatNumber(cost, 0), formatNumber(low, 0), formatNumber(high, 0))
}

func interruptionBlocks(r *WeeklyReport) []block {
	in := r.Interruptions
	blocks := []block{
		h2("Interruptions"),
		para(plain(fmt.Sprintf("Hours people spent on the other side's work (IT requests handled by engineering, engineering requests handled by IT): hands-on time plus %s minutes to refocus after each interruption, priced at each team's hourly cost.", paramText(in.RefocusMinutes)))),
	}
	if len(in.Teams) == 0 {
		return append(blocks, para(plain("No interruptions were recorded this week.")))
	}
	t := in.Total
	blocks = append(blocks, para(
		plain("This week: "),
		strong(fmt.Sprintf("%s hours, cost %s", formatNumber(t.TotalHours, 1), formatNumber(t.Cost, 0))),
		plain(fmt.Sprintf(". With anywhere from %s to %s minutes to refocus, that is %s–%s hours, cost %s–%s.",
			paramText(in.RefocusLowMinutes), paramText(in.RefocusHighMinutes),
			formatNumber(t.TotalLowHours, 1), formatNumber(t.TotalHighHours, 1), formatNumber(t.CostLow, 0), formatNumber(t.CostHigh, 0))),
	))
	tbl := &docTable{
		Header:   []string{"Team", "Direction", "Interruptions", "Tickets", "Handle hours", "Refocus hours", "Total hours (range)", "Cost (range)"},
		Align:    "llrrrrrr",
		BarLabel: "Total hours",
	}
	for _, ti := range in.Teams {
		tbl.Rows = append(tbl.Rows, []cell{
			dataCell(ti.Team, maxNameLength), directionCell(ti.Direction),
			num(formatCount(ti.Interruptions)), num(formatCount(ti.Tickets)),
			num(formatNumber(ti.HandleHours, 1)), num(formatNumber(ti.RefocusHours, 1)),
			num(hoursRange(ti.TotalHours, ti.TotalLowHours, ti.TotalHighHours)),
			num(costRange(ti.Cost, ti.CostLow, ti.CostHigh)),
		})
		tbl.Bars = append(tbl.Bars, ti.TotalHours)
	}
	return append(blocks, tbl)
}

func automationBlocks(r *WeeklyReport) []block {
	a := r.Automation
	blocks := []block{
		h2("Automation candidates"),
		para(plain("The request types most worth automating, ranked over all the data rather than this week alone: frequent, predictable, rarely escalated work comes first.")),
	}
	if len(a.Candidates) == 0 {
		return append(blocks, para(plain("No request type has enough tickets to be ranked yet.")))
	}
	blocks = append(blocks, para(plain(fmt.Sprintf("How the saving is estimated: %s (%s).", a.Formula, paramText(a.AutomatableShare)))))
	t := &docTable{
		Header:   []string{"Rank", "Request type", "Tickets", "Tickets per week", "Median handle minutes", "Escalation rate", "Hours saved per month", "Examples"},
		Align:    "rlrrrrrl",
		BarLabel: "Hours saved per month",
	}
	for _, c := range a.Candidates {
		examples := make([]string, 0, len(c.ExampleKeys))
		for _, e := range c.ExampleKeys {
			examples = append(examples, clip(e, maxNameLength))
		}
		ex := cell{Text: strings.Join(examples, ", "), Data: true}
		if len(examples) == 0 {
			ex = num("—")
		}
		esc := "n/a"
		if c.EscalationRate != nil {
			esc = formatPercent(*c.EscalationRate)
		}
		t.Rows = append(t.Rows, []cell{
			num(formatCount(c.Rank)), dataCell(c.Intent, maxNameLength), num(formatCount(c.Tickets)),
			num(formatOptional(c.TicketsPerWeek, 1)), num(formatOptional(c.MedianHandleMinutes, 1)), num(esc),
			num(formatOptional(c.HoursSavedPerMonth, 1)), ex,
		})
		saved := 0.0
		if c.HoursSavedPerMonth != nil {
			saved = *c.HoursSavedPerMonth
		}
		t.Bars = append(t.Bars, saved)
	}
	return append(blocks, t)
}

// parameterBlocks lists the parameters a report was computed with.
func parameterBlocks(params []Parameter, intro string) []block {
	blocks := []block{h2("Parameters"), para(plain(intro))}
	if len(params) == 0 {
		return append(blocks, para(plain("The warehouse records no parameters.")))
	}
	t := &docTable{Header: []string{"Parameter", "Value", "Meaning"}, Align: "lll"}
	for _, p := range params {
		t.Rows = append(t.Rows, []cell{dataCell(p.Name, maxNameLength), dataCell(p.Value, maxNameLength), dataCell(p.Description, 200)})
	}
	return append(blocks, t)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
