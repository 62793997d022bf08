package dashboards

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/lanes-dev/lanes/models/config"
	"github.com/lanes-dev/lanes/models/warehouse"
)

// view is everything the page template shows. Every string in it is plain
// text; html/template escapes it where it is written.
type view struct {
	Title          string
	CSP            string
	EChartsVersion string

	Range    string
	Counts   []string
	WeekNote string
	KPIs     []kpi

	Tools         []*chart
	Resolution    []*chart
	Interruptions []*chart
	Automation    []*chart
	Quality       []*chart

	Candidates    []candidateView
	Formula       []string
	Runs          table
	Rejects       table
	RejectNote    string
	Parameters    table
	HasCandidates bool
}

// kpi is one headline tile.
type kpi struct {
	Label     string
	Value     string
	Detail    string
	Delta     string
	DeltaNote string
	Trend     string // up, down or flat: the arrow
	Tone      string // good, bad or neutral: the colour
}

// candidateView is one row of the automation ranking.
type candidateView struct {
	Rank, Intent, Class, Tickets, PerWeek, Median, CV, Escalation, Reopen, Score, Saved string
	Examples                                                                            []example
}

// weeks are the two weeks the tiles compare.
type weeks struct {
	Last, Prev       time.Time // week starts, as dates at UTC midnight
	HasLast, HasPrev bool
	LastKey, PrevKey string
	LastEnd, PrevEnd time.Time // the instants the weeks end, in UTC
}

func (w weeks) ok() bool { return w.HasLast && w.HasPrev }

func (w weeks) note() string {
	return "week of " + w.LastKey + " vs week of " + w.PrevKey
}

func dateOf(t time.Time, loc *time.Location) time.Time {
	t = t.In(loc)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

func weekStartOf(d time.Time, start time.Weekday) time.Time {
	off := (int(d.Weekday()) - int(start) + 7) % 7
	return d.AddDate(0, 0, -off)
}

// lastFullWeeks finds the last full week in the data: the latest week whose
// last day is on or before the end date (opts.AsOf, else the day the last
// ticket was created), and the week before it.
func lastFullWeeks(d *data, cfg *config.Config, asOf time.Time) weeks {
	var w weeks
	if !d.Summary.First.Valid || !d.Summary.Last.Valid {
		return w
	}
	loc := cfg.Location()
	start := time.Monday
	if cfg.Calendar.WeekStart == "sunday" {
		start = time.Sunday
	}
	end := d.Summary.Last.Time
	if !asOf.IsZero() {
		end = asOf
	}
	endDay := dateOf(end, loc)
	ws := weekStartOf(endDay, start)
	if !ws.AddDate(0, 0, 6).Equal(endDay) {
		ws = ws.AddDate(0, 0, -7)
	}
	first := weekStartOf(dateOf(d.Summary.First.Time, loc), start)
	w.Last, w.Prev = ws, ws.AddDate(0, 0, -7)
	w.HasLast = !w.Last.Before(first)
	w.HasPrev = !w.Prev.Before(first)
	w.LastKey, w.PrevKey = day(w.Last), day(w.Prev)
	local := func(t time.Time) time.Time {
		return time.Date(t.Year(), t.Month(), t.Day()+7, 0, 0, 0, 0, loc).UTC()
	}
	w.LastEnd, w.PrevEnd = local(w.Last), local(w.Prev)
	return w
}

// build turns the marts into the view.
func build(ctx context.Context, wh *warehouse.Warehouse, cfg *config.Config, d *data, o Options) (*view, error) {
	v := &view{Title: o.Title}
	loc := cfg.Location()

	// Header.
	s := d.Summary
	if s.First.Valid && s.Last.Valid {
		v.Range = fmt.Sprintf("Tickets created %s to %s (%s)", day(dateOf(s.First.Time, loc)), day(dateOf(s.Last.Time, loc)), cfg.Calendar.TimeZone)
	} else {
		v.Range = "No tickets in the warehouse yet"
	}
	l := d.Loads
	v.Counts = []string{
		fmtInt(s.Tickets) + " tickets from " + fmtInt(s.Sources) + plural(s.Sources, " source", " sources"),
		fmtInt(l.Runs) + plural(l.Runs, " file loaded", " files loaded"),
		fmtInt(l.RowsIn) + " rows read: " + fmtInt(l.Loaded) + " loaded, " + fmtInt(l.Merged) + " merged, " + fmtInt(l.Rejected) + " rejected",
	}

	w := lastFullWeeks(d, cfg, o.AsOf)
	switch {
	case w.ok():
		v.WeekNote = "Changes compare the week of " + w.LastKey + ", the last full week in the data, with the week before it (" + w.PrevKey + ")."
	case w.HasLast:
		v.WeekNote = "The week of " + w.LastKey + " is the only full week in the data, so there is no change to show."
	default:
		v.WeekNote = "The data holds no full week yet, so there are no week-over-week changes."
	}
	kpis, err := buildKPIs(ctx, wh, d, w, o)
	if err != nil {
		return nil, err
	}
	v.KPIs = kpis

	builders := []struct {
		dst *[]*chart
		fns []func(*data, Options) (*chart, error)
	}{
		{&v.Tools, []func(*data, Options) (*chart, error){toolsWeekly, toolsTop}},
		{&v.Resolution, []func(*data, Options) (*chart, error){resolveBy("tool"), resolveBy("intent")}},
		{&v.Interruptions, []func(*data, Options) (*chart, error){interruptionsWeekly, interruptionsCost, interruptionsConcentration}},
		{&v.Automation, []func(*data, Options) (*chart, error){automationHours}},
		{&v.Quality, []func(*data, Options) (*chart, error){qualityRuns}},
	}
	for _, b := range builders {
		for _, fn := range b.fns {
			c, err := fn(d, o)
			if err != nil {
				return nil, err
			}
			*b.dst = append(*b.dst, c)
		}
	}

	// Automation ranking.
	for _, c := range d.Automation {
		v.Candidates = append(v.Candidates, candidateView{
			Rank:       fmtInt(c.Rank),
			Intent:     c.Intent,
			Class:      c.Class,
			Tickets:    fmtInt(c.Tickets),
			PerWeek:    fmtFloat(c.PerWeek, 1),
			Median:     fmtFloat(c.MedianMinutes, 0),
			CV:         nullFloat(c.CV, 2),
			Escalation: pctPtr(c.Escalation),
			Reopen:     pctPtr(c.Reopen),
			Score:      fmtFloat(c.Score, 2),
			Saved:      fmtFloat(c.HoursSaved, 1),
			Examples:   shortExamples(c.Examples),
		})
	}
	v.HasCandidates = len(v.Candidates) > 0
	v.Formula = formula(d, cfg, o)

	// Data quality.
	v.Runs = table{
		Head: []string{"file", "source", "format", "sha256", "bytes", "rows in", "loaded", "merged", "rejected"},
		Num:  []bool{false, false, false, false, true, true, true, true, true},
	}
	for _, r := range d.Runs {
		v.Runs.Rows = append(v.Runs.Rows, []string{
			r.File, r.Source, r.Format, truncate(r.SHA256, 12), fmtInt(r.Bytes),
			fmtInt(r.RowsIn), fmtInt(r.Loaded), fmtInt(r.Merged), fmtInt(r.Rejected),
		})
	}
	v.Rejects = table{
		Head: []string{"file", "line", "column", "reason", "raw text"},
		Num:  []bool{false, true, false, false, false},
	}
	for _, r := range d.Rejects {
		line := "–"
		if r.Line.Valid {
			line = fmtInt(r.Line.Int64)
		}
		v.Rejects.Rows = append(v.Rejects.Rows, []string{r.File, line, r.Column, r.Reason, truncate(r.Raw, 160)})
	}
	switch {
	case l.RejectRows == 0:
		v.RejectNote = "No rows were rejected."
	case l.RejectRows > int64(len(d.Rejects)):
		v.RejectNote = fmt.Sprintf("The first %s of %s rejected rows, by file and line. `lanes sql` reads them all from the rejects table.", fmtInt(int64(len(d.Rejects))), fmtInt(l.RejectRows))
	default:
		v.RejectNote = fmt.Sprintf("All %s rejected rows, by file and line.", fmtInt(l.RejectRows))
	}

	// Parameters: as the models recorded them, else the configuration.
	v.Parameters = table{Head: []string{"parameter", "value", "meaning"}, Num: []bool{false, false, false}}
	params := d.Parameters
	if len(params) == 0 {
		params = cfg.Parameters()
	}
	for _, p := range params {
		v.Parameters.Rows = append(v.Parameters.Rows, []string{p[0], p[1], p[2]})
	}
	return v, nil
}

// shortExamples bounds the length of example keys and titles, so one long
// title cannot take over the ranking table.
func shortExamples(in []example) []example {
	out := make([]example, len(in))
	for i, e := range in {
		out[i] = example{Key: truncate(e.Key, 40), Title: truncate(e.Title, 90)}
	}
	return out
}

func plural(n int64, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func pctPtr(v *float64) string {
	if v == nil {
		return "–"
	}
	return fmtPct(*v)
}

// DefaultScoreFormula describes the automation score when neither the
// options nor the warehouse (dim_parameters "automation_score_formula")
// give one.
// It follows models/sql/marts/automation_candidates.yml.
const DefaultScoreFormula = "score = tickets_per_week × median_handle_minutes ÷ 60 × 1 ÷ (1 + cv_handle_minutes) × (1 − escalation_rate) × (1 − reopen_rate), where cv_handle_minutes = stddev ÷ mean of handle minutes, escalation_rate = share of tickets reassigned at least once and reopen_rate = share reopened at least once: high volume, predictable and rarely escalated work ranks first."

// DefaultHoursFormula describes hours_saved_per_month.
const DefaultHoursFormula = "hours_saved_per_month = tickets_per_week × 52 ÷ 12 × median_handle_minutes ÷ 60 × automatable_share"

func formula(d *data, cfg *config.Config, o Options) []string {
	score, hours := DefaultScoreFormula, DefaultHoursFormula
	for _, p := range d.Parameters {
		switch p[0] {
		case "automation_score_formula":
			score = p[1]
		case "hours_saved_formula":
			hours = p[1]
		}
	}
	if o.ScoreFormula != "" {
		score = o.ScoreFormula
	}
	share := fmtFloat(cfg.Automation.AutomatableShare, 2)
	for _, p := range d.Parameters {
		if p[0] == "automatable_share" {
			share = p[1]
		}
	}
	return []string{score, hours + " (automatable_share = " + share + ")."}
}

func buildKPIs(ctx context.Context, wh *warehouse.Warehouse, d *data, w weeks, o Options) ([]kpi, error) {
	na := func(k kpi) kpi {
		if !w.ok() {
			k.Delta, k.DeltaNote, k.Trend, k.Tone = "n/a", "no two full weeks to compare", "", "neutral"
		}
		return k
	}
	toneOf := func(dlt float64, upIsBad bool) string {
		switch {
		case dlt == 0:
			return "neutral"
		case (dlt > 0) == upIsBad:
			return "bad"
		default:
			return "good"
		}
	}
	var out []kpi

	// Tickets.
	cur, prev := d.TicketWeeks[w.LastKey], d.TicketWeeks[w.PrevKey]
	out = append(out, na(kpi{
		Label:     "Tickets",
		Value:     fmtInt(d.Summary.Tickets),
		Detail:    fmtInt(cur) + " created in the week of " + w.LastKey,
		Delta:     fmtDeltaInt(cur, prev),
		DeltaNote: w.note(),
		Trend:     trend(float64(cur - prev)),
		Tone:      "neutral",
	}))
	if !w.HasLast {
		out[0].Detail = "created in all"
	}

	// Open backlog.
	k := kpi{Label: "Open backlog", Value: fmtInt(d.Summary.Open), Detail: "open now", Tone: "neutral"}
	if w.ok() {
		bl, err := backlogAt(ctx, wh, w.LastEnd)
		if err != nil {
			return nil, err
		}
		bp, err := backlogAt(ctx, wh, w.PrevEnd)
		if err != nil {
			return nil, err
		}
		k.Detail = "open now; " + fmtInt(bl) + " open when the week of " + w.LastKey + " ended"
		k.Delta, k.DeltaNote = fmtDeltaInt(bl, bp), "at the end of each week"
		k.Trend, k.Tone = trend(float64(bl-bp)), toneOf(float64(bl-bp), true)
	}
	out = append(out, na(k))

	// Median hours to resolve.
	k = kpi{Label: "Median hours to resolve", Value: "n/a", Detail: "calendar hours, resolved tickets", Tone: "neutral"}
	weekMedian := map[string]*float64{}
	for _, r := range d.Resolve {
		switch r.Dimension {
		case "overall":
			k.Value = nullFloat(r.Median, 1)
			k.Detail = "calendar hours over " + fmtInt(r.Resolved) + " resolved tickets"
		case "week":
			weekMedian[r.Value] = r.Median
		}
	}
	if a, b := weekMedian[w.LastKey], weekMedian[w.PrevKey]; w.ok() && a != nil && b != nil {
		k.Delta, k.DeltaNote = fmtDeltaFloat(*a, *b, 1, " h"), "median of tickets resolved in each week"
		k.Trend, k.Tone = trend(*a-*b), toneOf(*a-*b, true)
	} else {
		k.Delta, k.DeltaNote = "n/a", "no resolutions in one of the weeks"
	}
	out = append(out, na(k))

	// Interruptions: hours and money.
	var hours, cost float64
	for _, t := range d.IntTeams {
		hours += t.Hours
		cost += t.Cost
	}
	var hl, hp, cl, cp float64
	for _, r := range d.IntWeekly {
		switch r.Week {
		case w.LastKey:
			hl, cl = hl+r.Total, cl+r.Cost
		case w.PrevKey:
			hp, cp = hp+r.Total, cp+r.Cost
		}
	}
	out = append(out, na(kpi{
		Label:     "Interruption hours",
		Value:     fmtFloat(hours, 1),
		Detail:    "handle time plus refocus, across IT and engineering",
		Delta:     fmtDeltaFloat(hl, hp, 1, " h"),
		DeltaNote: w.note(),
		Trend:     trend(hl - hp),
		Tone:      toneOf(hl-hp, true),
	}))
	out = append(out, na(kpi{
		Label:     "Interruption cost",
		Value:     fmtMoney(cost, o.Currency),
		Detail:    "hours × each team's hourly cost",
		Delta:     fmtDeltaMoney(cl, cp, o.Currency),
		DeltaNote: w.note(),
		Trend:     trend(cl - cp),
		Tone:      toneOf(cl-cp, true),
	}))

	// Top automation candidate.
	k = kpi{Label: "Top automation candidate", Value: "none", Detail: "no intent has enough tickets yet", Tone: "neutral", Delta: "n/a", DeltaNote: "no candidate"}
	if len(d.Automation) > 0 {
		top := d.Automation[0]
		k.Value = fmtFloat(top.HoursSaved, 1) + " h/month"
		k.Detail = "saved by automating “" + top.Intent + "”"
		if w.ok() {
			byWeek, err := weekCounts(ctx, wh, "intent_by_week", top.Intent)
			if err != nil {
				return nil, err
			}
			a, b := byWeek[w.LastKey], byWeek[w.PrevKey]
			k.Delta, k.DeltaNote = fmtDeltaInt(a, b), "tickets of this intent, "+w.note()
			k.Trend = trend(float64(a - b))
		}
	}
	out = append(out, na(k))
	return out, nil
}

// Tools.

func toolsWeekly(d *data, o Options) (*chart, error) {
	total := map[string]int64{}
	var weeksSeen []string
	for _, r := range d.Volume {
		total[r.Tool] += r.Tickets
		weeksSeen = append(weeksSeen, r.Week)
	}
	tools := sortedByCount(total)
	top := tools[:min(topTools, len(tools))]
	isTop := map[string]bool{}
	for _, t := range top {
		isTop[t] = true
	}
	const other = "All other tools"
	wk := weekSpan(weeksSeen)
	idx := map[string]int{}
	for i, w := range wk {
		idx[w] = i
	}
	names := append([]string(nil), top...)
	if len(tools) > len(top) {
		names = append(names, other)
	}
	col := map[string]int{}
	for i, n := range names {
		col[n] = i
	}
	grid := make([][]int64, len(names))
	for i := range grid {
		grid[i] = make([]int64, len(wk))
	}
	for _, r := range d.Volume {
		n := r.Tool
		if !isTop[n] {
			n = other
		}
		grid[col[n]][idx[r.Week]] += r.Tickets
	}
	c := &chart{
		ID:          "tools-weekly",
		Title:       "Tickets per week by tool",
		Description: fmt.Sprintf("Tickets created each week, stacked by the tool they are about: the %d tools with the most tickets overall, the rest together. From volume_by_tool.", topTools),
		Unit:        "tickets per week",
		Height:      360,
	}
	var ss []series
	for i, n := range names {
		vals := make([]any, len(wk))
		for j := range wk {
			vals[j] = grid[i][j]
		}
		ss = append(ss, series{Name: n, Values: vals})
	}
	var err error
	if c.Option, err = barChart(barSpec{Title: c.Title, Categories: wk, Series: ss, Stack: true, ValueName: "tickets"}); err != nil {
		return nil, err
	}
	c.Table = table{Head: append(append([]string{"week"}, names...), "total")}
	c.Table.Num = make([]bool, len(c.Table.Head))
	for i := 1; i < len(c.Table.Num); i++ {
		c.Table.Num[i] = true
	}
	for j, w := range wk {
		row := []string{w}
		var sum int64
		for i := range names {
			row = append(row, fmtInt(grid[i][j]))
			sum += grid[i][j]
		}
		c.Table.Rows = append(c.Table.Rows, append(row, fmtInt(sum)))
	}
	return c, nil
}

func sortedByCount(m map[string]int64) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if m[keys[i]] != m[keys[j]] {
			return m[keys[i]] > m[keys[j]]
		}
		return keys[i] < keys[j]
	})
	return keys
}

func toolsTop(d *data, o Options) (*chart, error) {
	n := min(topBars, len(d.Tools))
	c := &chart{
		ID:          "tools-top",
		Title:       "Top tools by tickets",
		Description: fmt.Sprintf("All-time tickets for the %d tools with the most tickets; red bars are tools the catalogue marks as not sanctioned (shadow IT). Counted from int_tickets.", topBars),
		Unit:        "tickets",
		Height:      barHeight(n),
	}
	cats := make([]string, n)
	vals := make([]any, n)
	colors := make([]string, n)
	var total int64
	for _, t := range d.Tools {
		total += t.Tickets
	}
	for i, t := range d.Tools[:n] {
		cats[i], vals[i] = t.Tool, t.Tickets
		if t.Sanctioned.Valid && !t.Sanctioned.Bool {
			colors[i] = colorWarn
		}
	}
	var err error
	if c.Option, err = barChart(barSpec{Title: c.Title, Categories: cats, Series: []series{{Name: "tickets", Values: vals, Colors: colors}}, Horizontal: true, ValueName: "tickets"}); err != nil {
		return nil, err
	}
	c.Table = table{Head: []string{"tool", "tickets", "share", "open", "sanctioned"}, Num: []bool{false, true, true, true, false}}
	for _, t := range d.Tools {
		share := 0.0
		if total > 0 {
			share = float64(t.Tickets) / float64(total)
		}
		sanc := "–"
		if t.Sanctioned.Valid {
			sanc = map[bool]string{true: "yes", false: "no"}[t.Sanctioned.Bool]
		}
		c.Table.Rows = append(c.Table.Rows, []string{t.Tool, fmtInt(t.Tickets), fmtPct(share), fmtInt(t.Open), sanc})
	}
	return c, nil
}

// Resolution.

func resolveBy(dim string) func(*data, Options) (*chart, error) {
	return func(d *data, o Options) (*chart, error) {
		var rows []resolveRow
		for _, r := range d.Resolve {
			if r.Dimension == dim {
				rows = append(rows, r)
			}
		}
		n := min(topResolve, len(rows))
		c := &chart{
			ID:          "resolve-" + dim,
			Title:       "Hours to resolve by " + dim,
			Description: fmt.Sprintf("Median and 90th-percentile calendar hours from creation to resolution for the %d %ss with the most resolved tickets; open tickets are left out. From time_to_resolve.", topResolve, dim),
			Unit:        "calendar hours",
			Height:      barHeight(n),
		}
		cats := make([]string, n)
		med := make([]any, n)
		p90 := make([]any, n)
		for i, r := range rows[:n] {
			cats[i], med[i], p90[i] = r.Value, numPtr(r.Median, 2), numPtr(r.P90, 2)
		}
		var err error
		c.Option, err = barChart(barSpec{
			Title: c.Title, Categories: cats, Horizontal: true, ValueName: "hours",
			Series: []series{{Name: "median", Values: med}, {Name: "p90", Values: p90}},
		})
		if err != nil {
			return nil, err
		}
		c.Table = table{Head: []string{dim, "resolved tickets", "median h", "p90 h", "mean h"}, Num: []bool{false, true, true, true, true}}
		for _, r := range rows {
			c.Table.Rows = append(c.Table.Rows, []string{r.Value, fmtInt(r.Resolved), nullFloat(r.Median, 1), nullFloat(r.P90, 1), nullFloat(r.Mean, 1)})
		}
		return c, nil
	}
}

// Interruptions.

var directionNames = map[string]string{
	"it_work_to_engineering": "IT work done by engineering",
	"engineering_work_to_it": "Engineering work done by IT",
}

func directionName(dir string) string {
	if n, ok := directionNames[dir]; ok {
		return n
	}
	return dir
}

func interruptionsWeekly(d *data, o Options) (*chart, error) {
	var wkSeen []string
	dirSet := map[string]bool{}
	for _, r := range d.IntWeekly {
		wkSeen = append(wkSeen, r.Week)
		dirSet[r.Direction] = true
	}
	dirs := []string{"it_work_to_engineering", "engineering_work_to_it"}
	var extra []string
	for dir := range dirSet {
		if _, ok := directionNames[dir]; !ok {
			extra = append(extra, dir)
		}
	}
	sort.Strings(extra)
	dirs = append(dirs, extra...)
	wk := weekSpan(wkSeen)
	idx := map[string]int{}
	for i, w := range wk {
		idx[w] = i
	}
	hours := map[string][]float64{}
	for _, dir := range dirs {
		hours[dir] = make([]float64, len(wk))
	}
	for _, r := range d.IntWeekly {
		hours[r.Direction][idx[r.Week]] += r.Total
	}
	c := &chart{
		ID:          "interruptions-weekly",
		Title:       "Interruption hours per week",
		Description: "Hours spent on work that crossed the IT / engineering line each week, by direction: handle time (worklog, else the intent's default minutes) plus the refocus penalty per interruption. From interruptions.",
		Unit:        "hours per week",
		Height:      340,
	}
	var ss []series
	for _, dir := range dirs {
		vals := make([]any, len(wk))
		for i, h := range hours[dir] {
			vals[i] = num(h, 2)
		}
		ss = append(ss, series{Name: directionName(dir), Values: vals})
	}
	var err error
	if c.Option, err = lineChart(c.Title, wk, ss, "hours"); err != nil {
		return nil, err
	}
	c.Table = table{
		Head: []string{"week", "direction", "interruptions", "tickets", "handle h", "refocus h", "total h", "cost"},
		Num:  []bool{false, false, true, true, true, true, true, true},
	}
	for _, r := range d.IntWeekly {
		c.Table.Rows = append(c.Table.Rows, []string{
			r.Week, directionName(r.Direction), fmtInt(r.Interruptions), fmtInt(r.Tickets),
			fmtFloat(r.Handle, 1), fmtFloat(r.Refocus, 1), fmtFloat(r.Total, 1), fmtMoney(r.Cost, o.Currency),
		})
	}
	return c, nil
}

func interruptionsCost(d *data, o Options) (*chart, error) {
	n := min(topBars, len(d.IntTeams))
	c := &chart{
		ID:          "interruptions-cost",
		Title:       "Interruption cost per team",
		Description: "What each team's cross-team interruptions cost over the whole period: total hours × the team's hourly cost; the table gives the range from the low to the high end of the refocus band. From interruptions.",
		Unit:        "cost (" + o.Currency + ")",
		Height:      barHeight(n),
	}
	cats := make([]string, n)
	vals := make([]any, n)
	for i, t := range d.IntTeams[:n] {
		cats[i], vals[i] = t.Team, num(t.Cost, 0)
	}
	var err error
	if c.Option, err = barChart(barSpec{Title: c.Title, Categories: cats, Series: []series{{Name: "cost", Values: vals}}, Horizontal: true, ValueName: o.Currency}); err != nil {
		return nil, err
	}
	c.Table = table{
		Head: []string{"team", "class", "interruptions", "tickets", "hours", "hours range", "cost", "cost range"},
		Num:  []bool{false, false, true, true, true, true, true, true},
	}
	for _, t := range d.IntTeams {
		c.Table.Rows = append(c.Table.Rows, []string{
			t.Team, t.Class, fmtInt(t.Interruptions), fmtInt(t.Tickets), fmtFloat(t.Hours, 1),
			fmtFloat(t.LowHours, 1) + "–" + fmtFloat(t.HighHours, 1),
			fmtMoney(t.Cost, o.Currency), fmtMoney(t.LowCost, o.Currency) + "–" + fmtMoney(t.HighCost, o.Currency),
		})
	}
	return c, nil
}

func interruptionsConcentration(d *data, o Options) (*chart, error) {
	var shown []concentrationRow
	hidden := 0
	for _, r := range d.Concentr {
		if r.People >= int64(o.MinGroupSize) {
			shown = append(shown, r)
		} else {
			hidden++
		}
	}
	n := min(topBars, len(shown))
	c := &chart{
		ID:          "interruptions-concentration",
		Title:       "Who absorbs the interruptions",
		Description: fmt.Sprintf("For each team, the share of its interruptions taken by the one person who takes the most: a high share means one go-to person. People appear only as pseudonyms, and only for teams of at least %d people. From interruptions_by_person.", o.MinGroupSize),
		Unit:        "% of the team's interruptions",
		Height:      barHeight(n),
	}
	if hidden > 0 {
		c.Note = fmt.Sprintf("%d %s fewer than %d people %s not shown.", hidden, map[bool]string{true: "team with", false: "teams with"}[hidden == 1], o.MinGroupSize, map[bool]string{true: "is", false: "are"}[hidden == 1])
	}
	cats := make([]string, n)
	vals := make([]any, n)
	for i, r := range shown[:n] {
		cats[i], vals[i] = r.Team, num(r.Share*100, 1)
	}
	var err error
	if c.Option, err = barChart(barSpec{Title: c.Title, Categories: cats, Series: []series{{Name: "top person's share", Values: vals}}, Horizontal: true, ValueName: "%"}); err != nil {
		return nil, err
	}
	c.Table = table{
		Head: []string{"team", "people", "top person (pseudonym)", "interruptions", "hours", "share of team"},
		Num:  []bool{false, true, false, true, true, true},
	}
	for _, r := range shown {
		c.Table.Rows = append(c.Table.Rows, []string{r.Team, fmtInt(r.People), r.Person, fmtInt(r.Interruptions), fmtFloat(r.Hours, 1), fmtPct(r.Share)})
	}
	return c, nil
}

// Automation.

func automationHours(d *data, o Options) (*chart, error) {
	n := min(topCandidates, len(d.Automation))
	c := &chart{
		ID:          "automation-hours",
		Title:       "Hours saved per month, by candidate",
		Description: fmt.Sprintf("Estimated hands-on hours a month that automating each of the %d best-ranked intents would save, in rank order. From automation_candidates.", topCandidates),
		Unit:        "hours per month",
		Height:      barHeight(n),
	}
	cats := make([]string, n)
	vals := make([]any, n)
	for i, a := range d.Automation[:n] {
		cats[i], vals[i] = fmtInt(a.Rank)+". "+a.Intent, num(a.HoursSaved, 1)
	}
	var err error
	if c.Option, err = barChart(barSpec{Title: c.Title, Categories: cats, Series: []series{{Name: "hours saved / month", Values: vals}}, Horizontal: true, ValueName: "h/month"}); err != nil {
		return nil, err
	}
	c.Table = table{Head: []string{"rank", "intent", "score", "hours saved / month"}, Num: []bool{true, false, true, true}}
	for _, a := range d.Automation[:n] {
		c.Table.Rows = append(c.Table.Rows, []string{fmtInt(a.Rank), a.Intent, fmtFloat(a.Score, 2), fmtFloat(a.HoursSaved, 1)})
	}
	return c, nil
}

// Data quality.

func qualityRuns(d *data, o Options) (*chart, error) {
	n := min(topRuns, len(d.Runs))
	c := &chart{
		ID:          "quality-runs",
		Title:       "Rows per file loaded",
		Description: "For each file ingested, the rows that were loaded (new or newer), merged into a ticket already loaded (older, equal or repeated) and rejected with a reason. From ingest_runs.",
		Unit:        "rows",
		Height:      barHeight(n),
	}
	if len(d.Runs) > n {
		c.Note = fmt.Sprintf("The chart shows the first %d of %d files; the table has them all.", n, len(d.Runs))
	}
	cats := make([]string, n)
	loaded, merged, rejected := make([]any, n), make([]any, n), make([]any, n)
	for i, r := range d.Runs[:n] {
		cats[i] = r.File + " (" + r.Source + ")"
		loaded[i], merged[i], rejected[i] = r.Loaded, r.Merged, r.Rejected
	}
	var err error
	c.Option, err = barChart(barSpec{
		Title: c.Title, Categories: cats, Horizontal: true, Stack: true, ValueName: "rows",
		Series: []series{
			{Name: "loaded", Values: loaded, Color: palette[2]},
			{Name: "merged", Values: merged, Color: colorMuted},
			{Name: "rejected", Values: rejected, Color: colorWarn},
		},
	})
	if err != nil {
		return nil, err
	}
	c.Table = table{Head: []string{"file", "source", "rows in", "loaded", "merged", "rejected"}, Num: []bool{false, false, true, true, true, true}}
	for _, r := range d.Runs {
		c.Table.Rows = append(c.Table.Rows, []string{r.File, r.Source, fmtInt(r.RowsIn), fmtInt(r.Loaded), fmtInt(r.Merged), fmtInt(r.Rejected)})
	}
	return c, nil
}
