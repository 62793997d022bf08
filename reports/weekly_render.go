package reports

import (
	"fmt"
	"sort"
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

// renderWeekly writes the report. It only formats what loadWeekly read.
func renderWeekly(d *weeklyData) string {
	var b strings.Builder
	cur, prev := weekLabel(d.Week), weekLabel(d.Prev)

	fmt.Fprintf(&b, "# Weekly IT support report: %s\n\n", cur)
	fmt.Fprintf(&b, "Week %s runs from %s to %s (%s) and is compared with %s (%s to %s). The warehouse holds %s tickets created between %s and %s.\n\n",
		cur, longDate(d.Week), longDate(d.Week.AddDate(0, 0, 6)), mdText(d.Location, maxNameLength),
		prev, d.Prev.Format(dateLayout), d.Prev.AddDate(0, 0, 6).Format(dateLayout),
		formatCount(d.TotalTickets), d.FirstDay.Format(dateLayout), d.LastDay.Format(dateLayout))

	writeHeadline(&b, d, cur, prev)
	writeVolume(&b, d, cur, prev)
	writeTTR(&b, d, cur)
	writeInterruptions(&b, d)
	writeAutomation(&b, d)
	writeParameters(&b, d)
	return b.String()
}

func longDate(t time.Time) string { return t.Weekday().String() + " " + t.Format(dateLayout) }

func countPtr(n int64) *float64 { return ptr(float64(n)) }

func writeHeadline(b *strings.Builder, d *weeklyData, cur, prev string) {
	b.WriteString("## Headline\n\n")
	b.WriteString("This week against the week before: the backlog is the tickets still unresolved when the week ended, and ▲ or ▼ shows which way a number moved, not whether that is good.\n\n")
	c, p := d.Cur, d.Before
	rows := [][]string{
		{"Tickets created", formatCount(c.Created), formatCount(p.Created), formatChange(countPtr(c.Created), countPtr(p.Created), 0)},
		{"Tickets resolved", formatCount(c.Resolved), formatCount(p.Resolved), formatChange(countPtr(c.Resolved), countPtr(p.Resolved), 0)},
		{"Open backlog at week end", formatCount(c.Backlog), formatCount(p.Backlog), formatChange(countPtr(c.Backlog), countPtr(p.Backlog), 0)},
		{"Median hours to resolve", formatOptional(c.MedianHours, 1), formatOptional(p.MedianHours, 1), formatChange(c.MedianHours, p.MedianHours, 1)},
		{"Interruption hours", formatNumber(c.InterruptHours, 1), formatNumber(p.InterruptHours, 1), formatChange(ptr(c.InterruptHours), ptr(p.InterruptHours), 1)},
		{"Interruption cost", formatNumber(c.Cost, 0), formatNumber(p.Cost, 0), formatChange(ptr(c.Cost), ptr(p.Cost), 0)},
	}
	mdTable(b, []string{"Measure", cur, prev, "Change"}, "lrrl", rows)
	b.WriteString("\n")
}

func writeVolume(b *strings.Builder, d *weeklyData, cur, prev string) {
	b.WriteString("## Volume by tool\n\n")
	var active []toolRow
	for _, t := range d.Tools {
		if t.Tickets > 0 {
			active = append(active, t)
		}
	}
	sort.SliceStable(active, func(i, j int) bool { return active[i].VolumeRank < active[j].VolumeRank })
	switch {
	case len(active) == 0:
		b.WriteString("Tickets created per tool: no tickets were created this week.\n\n")
	case len(active) > topTools:
		fmt.Fprintf(b, "Tickets created per tool this week next to the week before: the %d busiest of the %s tools that had tickets.\n\n", topTools, formatCount(int64(len(active))))
	default:
		fmt.Fprintf(b, "Tickets created per tool this week next to the week before, busiest first (%s %s had tickets).\n\n", formatCount(int64(len(active))), plural(len(active), "tool", "tools"))
	}
	if len(active) > topTools {
		active = active[:topTools]
	}
	if len(active) > 0 {
		var rows [][]string
		for _, t := range active {
			rows = append(rows, []string{mdText(t.Tool, maxNameLength), formatCount(t.Tickets), formatPercent(t.Share), formatCount(t.Prev), formatChange(countPtr(t.Tickets), countPtr(t.Prev), 0)})
		}
		mdTable(b, []string{"Tool", cur, "Share", prev, "Change"}, "lrrrl", rows)
		b.WriteString("\n")
	}

	var movers []toolRow
	for _, t := range d.Tools {
		if t.Tickets != t.Prev {
			movers = append(movers, t)
		}
	}
	sort.SliceStable(movers, func(i, j int) bool { return movers[i].MoverRank < movers[j].MoverRank })
	if len(movers) > topMovers {
		movers = movers[:topMovers]
	}
	b.WriteString("**Top movers**: the tools whose ticket count changed most since the week before.\n\n")
	if len(movers) == 0 {
		b.WriteString("No tool's ticket count changed.\n\n")
		return
	}
	var rows [][]string
	for _, t := range movers {
		rows = append(rows, []string{mdText(t.Tool, maxNameLength), formatCount(t.Tickets), formatCount(t.Prev), formatChange(countPtr(t.Tickets), countPtr(t.Prev), 0)})
	}
	mdTable(b, []string{"Tool", cur, prev, "Change"}, "lrrl", rows)
	b.WriteString("\n")
}

func writeTTR(b *strings.Builder, d *weeklyData, cur string) {
	b.WriteString("## Time to resolve\n\n")
	n := d.PrevWeeksInData
	var inData string
	switch n {
	case 0:
		inData = "none of them in the data"
	case 4:
		inData = "all of them in the data"
	default:
		inData = fmt.Sprintf("%d of them in the data", n)
	}
	fmt.Fprintf(b, "Calendar hours from creation to resolution for the tickets resolved this week, against the average of the weekly figures over the 4 weeks before (%s).\n\n", inData)
	t := d.TTR
	var prevResolved *float64
	if n > 0 {
		prevResolved = ptr(float64(t.PrevResolved) / float64(n))
	}
	rows := [][]string{
		{"Tickets resolved", formatCount(t.Resolved), formatOptional(prevResolved, 1), formatChange(countPtr(t.Resolved), prevResolved, 1)},
		{"Median hours", formatOptional(t.Median, 1), formatOptional(t.PrevMedian, 1), formatChange(t.Median, t.PrevMedian, 1)},
		{"90th percentile hours", formatOptional(t.P90, 1), formatOptional(t.PrevP90, 1), formatChange(t.P90, t.PrevP90, 1)},
		{"Mean hours", formatOptional(t.Mean, 1), formatOptional(t.PrevMean, 1), formatChange(t.Mean, t.PrevMean, 1)},
	}
	mdTable(b, []string{"Measure", cur, "Previous 4 weeks (average)", "Change"}, "lrrl", rows)
	b.WriteString("\n")
}

func writeInterruptions(b *strings.Builder, d *weeklyData) {
	b.WriteString("## Interruptions\n\n")
	refocus := d.param("refocus_minutes")
	low := d.param("refocus_low_minutes")
	high := d.param("refocus_high_minutes")
	fmt.Fprintf(b, "Hours people spent on the other side's work (IT requests handled by engineering, engineering requests handled by IT): hands-on time plus %s minutes to refocus after each interruption, priced at each team's hourly cost.\n\n", refocus)
	if len(d.Interrupts) == 0 {
		b.WriteString("No interruptions were recorded this week.\n\n")
		return
	}
	t := d.Total
	fmt.Fprintf(b, "This week: **%s hours, cost %s**. With anywhere from %s to %s minutes to refocus, that is %s–%s hours, cost %s–%s.\n\n",
		formatNumber(t.TotalHours, 1), formatNumber(t.Cost, 0), low, high,
		formatNumber(t.LowHours, 1), formatNumber(t.HighHours, 1), formatNumber(t.CostLow, 0), formatNumber(t.CostHi, 0))
	var rows [][]string
	for _, r := range d.Interrupts {
		dir, ok := directionNames[r.Direction]
		if !ok {
			dir = mdText(r.Direction, maxNameLength)
		}
		rows = append(rows, []string{
			mdText(r.Team, maxNameLength), dir, formatCount(r.Interruptions), formatCount(r.Tickets),
			formatNumber(r.HandleHours, 1), formatNumber(r.RefocusHours, 1),
			fmt.Sprintf("%s (%s–%s)", formatNumber(r.TotalHours, 1), formatNumber(r.LowHours, 1), formatNumber(r.HighHours, 1)),
			fmt.Sprintf("%s (%s–%s)", formatNumber(r.Cost, 0), formatNumber(r.CostLow, 0), formatNumber(r.CostHi, 0)),
		})
	}
	mdTable(b, []string{"Team", "Direction", "Interruptions", "Tickets", "Handle hours", "Refocus hours", "Total hours (range)", "Cost (range)"}, "llrrrrrr", rows)
	b.WriteString("\n")
}

func writeAutomation(b *strings.Builder, d *weeklyData) {
	b.WriteString("## Automation candidates\n\n")
	b.WriteString("The request types most worth automating, ranked over all the data rather than this week alone: frequent, predictable, rarely escalated work comes first.\n\n")
	if len(d.Automation) == 0 {
		b.WriteString("No request type has enough tickets to be ranked yet.\n\n")
		return
	}
	fmt.Fprintf(b, "How the saving is estimated: %s (%s).\n\n", savingsFormula, d.param("automatable_share"))
	var rows [][]string
	for _, c := range d.Automation {
		examples := make([]string, 0, len(c.Examples))
		for _, e := range c.Examples {
			examples = append(examples, mdText(e, maxNameLength))
		}
		esc := "n/a"
		if c.Escalation != nil {
			esc = formatPercent(*c.Escalation)
		}
		ex := strings.Join(examples, ", ")
		if ex == "" {
			ex = "—"
		}
		rows = append(rows, []string{
			formatCount(c.Rank), mdText(c.Intent, maxNameLength), formatCount(c.Tickets),
			formatOptional(c.PerWeek, 1), formatOptional(c.MedianHandle, 1), esc,
			formatOptional(c.HoursSaved, 1), ex,
		})
	}
	mdTable(b, []string{"Rank", "Request type", "Tickets", "Tickets per week", "Median handle minutes", "Escalation rate", "Hours saved per month", "Examples"}, "rlrrrrrl", rows)
	b.WriteString("\n")
}

func writeParameters(b *strings.Builder, d *weeklyData) {
	b.WriteString("## Parameters\n\n")
	b.WriteString("The settings these numbers were computed with, as recorded in dim_parameters by the last build.\n\n")
	if len(d.Params) == 0 {
		b.WriteString("The warehouse records no parameters.\n")
		return
	}
	var rows [][]string
	for _, p := range d.Params {
		rows = append(rows, []string{mdText(p.Name, maxNameLength), mdText(p.Value, maxNameLength), mdText(p.Description, 200)})
	}
	mdTable(b, []string{"Parameter", "Value", "Meaning"}, "lll", rows)
}

// param is a parameter's value escaped for the report: the one recorded in
// dim_parameters, else the configuration's, else "n/a".
func (d *weeklyData) param(name string) string {
	if v := paramValue(d.Params, name); v != "" {
		return mdText(v, maxNameLength)
	}
	if v := paramValue(d.Fallback, name); v != "" {
		return mdText(v, maxNameLength)
	}
	return "n/a"
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
