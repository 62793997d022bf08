package dashboards

import (
	"fmt"
)

// The charts the filters leave alone: figures over all weeks, teams and
// tools, as the marts have them.

func staticChart(ch *chart, opt map[string]any) (*chart, error) {
	var err error
	ch.Option, err = encodeOption(opt)
	return ch, err
}

// blockers: the (tool, intent) pairs whose fix saves the most hours.
func blockers(d *data, o Options) (*chart, error) {
	n := min(topBars, len(d.Fixes))
	ch := &chart{
		ID: "tools-blockers", Height: barHeight(n), Unit: "avoidable hours per week",
		Title:       "Top blockers: what to fix first",
		Description: fmt.Sprintf("The %d (tool, request type) pairs whose fix or automation would save the most cross-team interruption hours a week: handle time of their tickets in interruptions plus the refocus time of interruptions that touched nothing else. From fix_ranking, over all weeks.", topBars),
	}
	var names []string
	var hours []any
	for _, f := range d.Fixes[:n] {
		names = append(names, f.Tool+" · "+f.Intent)
		hours = append(hours, num(f.Hours, 2))
	}
	ch.Table = newTable([]string{"rank", "tool", "request type", "tickets / week", "interruptions / week", "avoidable / week", "avoidable h / week", "avoidable cost / week"}, 0, 3, 4, 5, 6, 7)
	for _, f := range d.Fixes {
		ch.Table.Rows = append(ch.Table.Rows, []string{
			fmtInt(f.Rank), f.Tool, f.Intent, fmtFloat(f.PerWeek, 1), fmtFloat(f.IntPerWeek, 1),
			fmtFloat(f.AvoidPerWeek, 1), fmtFloat(f.Hours, 1), fmtMoney(f.Cost, o.Currency),
		})
	}
	return staticChart(ch, hbar(names, "hours / week", false, []any{colored(bar("avoidable hours / week", hours), palette[1])}))
}

// resolveIntent: hours to resolve per request type, calendar and business.
func resolveIntent(d *data) (*chart, error) {
	var rows []resolveRow
	for _, r := range d.Resolve {
		if r.Dimension == "intent" {
			rows = append(rows, r)
		}
	}
	n := min(topResolve, len(rows))
	ch := &chart{
		ID: "resolve-intent", Height: barHeight(n), Unit: "calendar hours",
		Title:       "Hours to resolve by request type",
		Description: fmt.Sprintf("Median and 90th-percentile calendar hours to resolve for the %d request types (intents) with the most resolved tickets; the table adds the mean and business hours (working hours of the configured calendar). From time_to_resolve, over all weeks.", topResolve),
	}
	var names []string
	var med, p90 []any
	for _, r := range rows[:n] {
		names = append(names, r.Value)
		med = append(med, numPtr(r.Median, 2))
		p90 = append(p90, numPtr(r.P90, 2))
	}
	ch.Table = numFrom([]string{"request type", "resolved tickets", "median h", "p90 h", "mean h", "median business h", "p90 business h"}, 1)
	for _, r := range rows {
		ch.Table.Rows = append(ch.Table.Rows, []string{r.Value, fmtInt(r.Resolved), nullFloat(r.Median, 1), nullFloat(r.P90, 1), nullFloat(r.Mean, 1), nullFloat(r.BMedian, 1), nullFloat(r.BP90, 1)})
	}
	return staticChart(ch, hbar(names, "hours", true, []any{bar("median", med), bar("p90", p90)}))
}

// slaPriority: the breach rate per priority over all weeks.
func slaPriority(d *data) (*chart, error) {
	ch := &chart{
		ID: "sla-priority", Height: barHeight(len(d.SLA)), Unit: "% of verdicts breached",
		Title:       "SLA breach rate by priority",
		Description: "Breached ÷ (met + breached) per priority over all weeks; pending tickets have no verdict yet. From sla.",
	}
	var names []string
	var rates []any
	ch.Table = numFrom([]string{"priority", "tickets", "met", "breached", "pending", "breach rate"}, 1)
	for _, r := range d.SLA {
		rate := any(nil)
		if r.Rate != nil {
			rate = num(*r.Rate*100, 1)
		}
		names = append(names, r.Priority)
		rates = append(rates, rate)
		ch.Table.Rows = append(ch.Table.Rows, []string{r.Priority, fmtInt(r.Tickets), fmtInt(r.Met), fmtInt(r.Breached), fmtInt(r.Pending), pctPtr(r.Rate)})
	}
	return staticChart(ch, hbar(names, "%", false, []any{colored(bar("breach rate %", rates), colorWarn)}))
}

// concentration: how much of each team's interruptions its go-to person
// takes.
func concentration(d *data, o Options) (*chart, error) {
	var shown []concentrationRow
	for _, r := range d.Concentr {
		if r.People >= int64(o.MinGroupSize) {
			shown = append(shown, r)
		}
	}
	n := min(topBars, len(shown))
	ch := &chart{
		ID: "int-concentration", Height: barHeight(n), Unit: "% (share and Gini × 100)",
		Title:       "Go-to people: how concentrated the interruptions are",
		Description: fmt.Sprintf("Per team, the share of its interruptions taken by the one person who takes the most, and the Gini coefficient over its people (0: spread evenly; 100: one person takes all). People appear only as pseudonyms and only for teams of at least %d interrupted people. From interruptions_by_person, over all weeks.", o.MinGroupSize),
	}
	listed := map[string]bool{}
	for _, r := range shown {
		listed[r.Team] = true
	}
	hidden := 0
	for _, t := range d.Teams {
		if t.Hours > 0 && !listed[t.Team] {
			hidden++
		}
	}
	if hidden > 0 {
		ch.Note = fmt.Sprintf("%d %s fewer than %d interrupted people %s counted in the team totals only.", hidden, plural(int64(hidden), "team with", "teams with"), o.MinGroupSize, plural(int64(hidden), "is", "are"))
	}
	var names []string
	var top, gini []any
	for _, r := range shown[:n] {
		names = append(names, r.Team)
		top = append(top, num(r.Share*100, 1))
		gini = append(gini, num(r.Gini*100, 1))
	}
	ch.Table = newTable([]string{"team", "people", "go-to person (pseudonym)", "their interruptions", "their hours", "their share", "Gini"}, 1, 3, 4, 5, 6)
	for _, r := range shown {
		ch.Table.Rows = append(ch.Table.Rows, []string{r.Team, fmtInt(r.People), r.Person, fmtInt(r.Interruptions), fmtFloat(r.Hours, 1), fmtPct(r.Share), fmtFloat(r.Gini, 2)})
	}
	return staticChart(ch, hbar(names, "%", true, []any{bar("go-to person's share", top), colored(bar("Gini × 100", gini), palette[4])}))
}

// automationHours: hours saved a week by the best-ranked candidates.
func automationHours(d *data) (*chart, error) {
	n := min(topCandidates, len(d.Automation))
	ch := &chart{
		ID: "auto-hours", Height: barHeight(n), Unit: "hours per week",
		Title:       "Hours saved per week, by candidate",
		Description: fmt.Sprintf("Estimated hands-on hours a week that automating each of the %d best-ranked candidates would save (hours_saved_per_week), in rank order; the table adds the month and the payback. From automation_candidates.", topCandidates),
	}
	var names []string
	var vals []any
	for _, a := range d.Automation[:n] {
		names = append(names, fmtInt(a.Rank)+". "+a.Name)
		vals = append(vals, num(a.PerWeekHours, 2))
	}
	ch.Table = newTable([]string{"rank", "candidate", "kind", "hours / week", "hours / month", "payback weeks", "score"}, 0, 3, 4, 5, 6)
	for _, a := range d.Automation[:n] {
		ch.Table.Rows = append(ch.Table.Rows, []string{fmtInt(a.Rank), a.Name, a.Kind, fmtFloat(a.PerWeekHours, 1), fmtFloat(a.Month, 1), nullFloat(a.Payback, 1), fmtFloat(a.Score, 2)})
	}
	return staticChart(ch, hbar(names, "h / week", false, []any{colored(bar("hours saved / week", vals), colorGood)}))
}

// backlogAges: the open backlog by age at each week's end. Only the date
// range applies: the page's script shows the chosen weeks of the same data.
func backlogAges(d *data, c *cube) (*chart, error) {
	ch := &chart{
		ID: "backlog-age-weekly", Kind: "slice", Filters: byDate, Height: 340, Unit: "open tickets",
		Title:       "Open backlog by age, at each week's end",
		Description: "Tickets open at the end of each week's last day, by the time since they were created, in the buckets of backlog.age_buckets_days (lanes.yaml): the older the colour, the longer they wait. From backlog_age_daily (status histories), all teams and tools.",
	}
	byWeek := map[string]backlogRow{}
	for _, b := range d.Backlog {
		byWeek[b.Week] = b
	}
	nb := len(d.AgeLabels)
	data := make([][]any, nb)
	ch.Table = numFrom(append([]string{"week", "open"}, d.AgeLabels...), 1)
	some := false
	for _, w := range c.Weeks {
		b, ok := byWeek[w]
		row := []string{w, "–"}
		if ok {
			row[1] = fmtInt(b.Open)
		}
		for i := range nb {
			var v *float64
			if ok && i < len(b.Ages) {
				v = b.Ages[i]
			}
			some = some || (v != nil && *v > 0)
			data[i] = append(data[i], numPtr(v, 0))
			row = append(row, nullFloat(v, 0))
		}
		ch.Table.Rows = append(ch.Table.Rows, row)
	}
	if !some {
		ch.Table.Rows = nil
	}
	var series []any
	colors := ageColors(nb)
	for i, l := range d.AgeLabels {
		series = append(series, colored(stacked(l, nonNil(data[i])), colors[i]))
	}
	return staticChart(ch, weekly(nonNilStrings(c.Weeks), "open tickets", series))
}

// shadowChart: tickets per unsanctioned tool.
func shadowChart(d *data) (*chart, error) {
	n := min(topBars, len(d.Shadow))
	ch := &chart{
		ID: "shadow-tools", Height: barHeight(n), Unit: "tickets",
		Title:       "Unsanctioned tools in the tickets",
		Description: "Tickets that mention each tool the catalogue does not sanction (in components, category, title or description), with how many people asked. From shadow_it, over all weeks.",
	}
	var names []string
	var tickets, people []any
	for _, s := range d.Shadow[:n] {
		names = append(names, s.Tool)
		tickets = append(tickets, s.Tickets)
		people = append(people, s.Requesters)
	}
	ch.Table = newTable([]string{"tool", "tickets", "requesters", "weeks active", "tickets / week"}, 1, 2, 3, 4)
	for _, s := range d.Shadow {
		ch.Table.Rows = append(ch.Table.Rows, []string{s.Tool, fmtInt(s.Tickets), fmtInt(s.Requesters), fmtInt(s.Weeks), fmtFloat(s.PerWeek, 1)})
	}
	return staticChart(ch, hbar(names, "tickets", true, []any{colored(bar("tickets", tickets), colorWarn), colored(bar("requesters", people), colorMuted)}))
}

// qualityRuns: rows per file loaded.
func qualityRuns(d *data) (*chart, error) {
	n := min(topRuns, len(d.Runs))
	ch := &chart{
		ID: "quality-runs", Height: barHeight(n), Unit: "rows",
		Title:       "Rows per file loaded",
		Description: "For each file ingested, the rows that were loaded (new or newer), merged into a ticket already loaded (older, equal or repeated), skipped on purpose (not tickets) and rejected with a reason. From ingest_runs.",
	}
	if len(d.Runs) > n {
		ch.Note = fmt.Sprintf("The chart shows the first %d files by name; the table lists %d.", n, len(d.Runs))
	}
	var names []string
	var loaded, merged, skipped, rejected []any
	for _, r := range d.Runs[:n] {
		names = append(names, r.File+" ("+r.Source+")")
		loaded, merged = append(loaded, r.Loaded), append(merged, r.Merged)
		skipped, rejected = append(skipped, r.Skipped), append(rejected, r.Rejected)
	}
	ch.Table = numFrom([]string{"file", "source", "rows in", "loaded", "merged", "skipped", "rejected"}, 2)
	ch.Table.Num[1] = false
	for _, r := range d.Runs {
		ch.Table.Rows = append(ch.Table.Rows, []string{r.File, r.Source, fmtInt(r.RowsIn), fmtInt(r.Loaded), fmtInt(r.Merged), fmtInt(r.Skipped), fmtInt(r.Rejected)})
	}
	return staticChart(ch, hbar(names, "rows", true, []any{
		colored(stacked("loaded", loaded), colorGood),
		colored(stacked("merged", merged), colorMuted),
		colored(stacked("skipped", skipped), palette[0]),
		colored(stacked("rejected", rejected), colorWarn),
	}))
}

// coverageChart: how much of each source's volume lanes can name.
func coverageChart(d *data) (*chart, error) {
	ch := &chart{
		ID: "quality-coverage", Height: barHeight(len(d.Coverage)), Unit: "% of tickets",
		Title:       "How much of the volume lanes can classify",
		Description: "Per source, the share of tickets an intent rule names, the share of the rest that falls in a title cluster (repeated requests), and the one-off remainder. From classification_coverage.",
	}
	var names []string
	var intent, clustered, rest []any
	ch.Table = numFrom([]string{"source", "tickets", "named by an intent", "in a title cluster", "clusters", "covered"}, 1)
	for _, r := range d.Coverage {
		names = append(names, r.Source)
		intent = append(intent, num(r.IntentShare*100, 1))
		clustered = append(clustered, num(r.ClusteredShare*100, 1))
		rest = append(rest, num(max(0, 100-r.IntentShare*100-r.ClusteredShare*100), 1))
		ch.Table.Rows = append(ch.Table.Rows, []string{r.Source, fmtInt(r.Tickets), fmtPct(r.IntentShare), fmtPct(r.ClusteredShare), fmtInt(r.Clusters), fmtPct(r.Covered)})
	}
	return staticChart(ch, hbar(names, "%", true, []any{
		colored(stacked("intent", intent), colorGood),
		colored(stacked("title cluster", clustered), palette[0]),
		colored(stacked("one-off", rest), colorMuted),
	}))
}
