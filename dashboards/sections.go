package dashboards

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"html/template"
	"strings"
	"time"

	"github.com/lanes-dev/lanes/models/config"
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
	Filters  filtersView
	KPIs     []kpi

	Tools         []*chart
	Resolution    []*chart
	Interruptions []*chart
	Automation    []*chart
	Backlog       []*chart
	Shadow        []*chart
	Quality       []*chart

	Candidates    []candidateView
	CandidateNote string
	Formula       []string
	ShadowRows    []shadowView
	ShadowNote    string
	Fresh         table
	TestNote      string
	FailedTests   table
	Runs          table
	RunNote       string
	Rejects       table
	RejectNote    string
	Parameters    table

	// Data is the cube and the labels the page's script needs, as JSON.
	Data template.JS
}

// filtersView is what the filter bar offers.
type filtersView struct {
	Weeks, Teams, Tools []string
	From, To            int
	Team, Tool          int
	Note                string
}

// candidateView is one row of the automation ranking.
type candidateView struct {
	Rank, Name, Kind, Class, Tickets, PerWeek, Median, CV, Escalation, Reopen string
	Score, Saved, Month, Payback                                              string
	Examples                                                                  []example
}

// shadowView is one row of the shadow-IT table.
type shadowView struct {
	Tool, Owner, Tickets, Requesters, First, Last, Weeks, PerWeek, Fields string
	Examples                                                              []example
}

// weeks are the two weeks the tiles compare when no date range is chosen.
type weeks struct {
	Last, Prev       time.Time // week starts, as dates at UTC midnight
	HasLast, HasPrev bool
	LastKey, PrevKey string
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
	return w
}

// Filter texts for the readers: which filters a chart follows.
const (
	byAll       = "date range, team and tool"
	byTeam      = "date range and team (interruptions are not counted per tool)"
	byTeamTool  = "team and tool (the backlog as the data ends)"
	byDate      = "date range"
	notFiltered = ""
)

// build turns the marts into the view.
func build(ctx context.Context, cfg *config.Config, d *data, c *cube, o Options) (*view, error) {
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
		fmtInt(l.RowsIn) + " rows read: " + fmtInt(l.Loaded) + " loaded, " + fmtInt(l.Merged) + " merged, " + fmtInt(l.Skipped) + " skipped, " + fmtInt(l.Rejected) + " rejected",
	}

	// The week the tiles show.
	w := lastFullWeeks(d, cfg, o.AsOf)
	lastFull := -1
	for i, wk := range c.Weeks {
		if w.HasLast && wk == w.LastKey {
			lastFull = i
		}
	}
	f := c.all()
	if o.filter != nil {
		f = *o.filter
	}
	switch {
	case len(c.Weeks) == 0:
		v.WeekNote = "The data holds no full week yet, so there are no week-over-week changes."
	case lastFull >= 0:
		v.WeekNote = "The tiles show the week of " + w.LastKey + ", the last full week in the data, against the week before it. Choose a date range to see an earlier week: the tiles then show the range's last week."
	default:
		v.WeekNote = "The data holds no full week yet: the tiles show the latest week, which may be incomplete."
	}
	v.KPIs = c.tiles(f, lastFull)

	// Filters.
	v.Filters = filtersView{Weeks: c.Weeks, Teams: c.Teams, Tools: c.Tools, From: f.From, To: f.To, Team: f.Team, Tool: f.Tool}
	if c.TeamOther || c.ToolOther || c.Dropped > 0 {
		var parts []string
		if c.TeamOther {
			parts = append(parts, fmt.Sprintf("the %d busiest teams have their own entry and the others are grouped as “%s”", c.namedTeams(), otherTeams))
		}
		if c.ToolOther {
			parts = append(parts, fmt.Sprintf("the %d busiest tools have their own entry and the others are grouped as “%s”", c.namedTools(), otherTools))
		}
		if c.Dropped > 0 {
			parts = append(parts, fmt.Sprintf("the weekly charts cover the latest %d weeks (%d earlier weeks are left out)", len(c.Weeks), c.Dropped))
		}
		v.Filters.Note = "To keep this file small, " + strings.Join(parts, ", and ") + "."
	}

	// The filterable charts, for f.
	type kindFn func(filter) (map[string]any, table, bool)
	fill := func(ch *chart, fn kindFn) (*chart, error) {
		opt, t, empty := fn(f)
		if empty && o.filter == nil {
			t.Rows = nil // the page says "No data yet."
		}
		var err error
		if ch.Option, err = encodeOption(opt); err != nil {
			return nil, err
		}
		ch.Table = t
		return ch, nil
	}
	type spec struct {
		ch *chart
		fn kindFn
	}
	var err error
	add := func(dst *[]*chart, specs ...spec) {
		for _, sp := range specs {
			if err != nil {
				return
			}
			var ch *chart
			if sp.fn != nil {
				ch, err = fill(sp.ch, sp.fn)
			} else {
				ch = sp.ch
				if sp.ch.Option == "" && err == nil {
					err = fmt.Errorf("dashboards: chart %s has no option", sp.ch.ID)
				}
			}
			if ch != nil {
				*dst = append(*dst, ch)
			}
		}
	}
	static := func(ch *chart, e error) spec {
		if e != nil && err == nil {
			err = e
		}
		return spec{ch: ch}
	}

	add(&v.Tools,
		spec{&chart{
			ID: "tools-weekly", Kind: "toolsWeekly", Filters: byAll, Height: 360, Unit: "tickets per week",
			Title:       "Tickets per week by tool",
			Description: fmt.Sprintf("Tickets created each week, stacked by the tool they are about: the %d tools with the most tickets under the filters, the rest together. Counted from int_tickets (the same counts as volume_by_tool).", topTools),
		}, c.toolsWeekly},
		spec{&chart{
			ID: "tools-top", Kind: "toolsTop", Filters: byAll, Height: barHeight(len(c.Tools)), Unit: "tickets",
			Title:       "Tickets per tool",
			Description: "Tickets created in the chosen weeks per tool, most first; red bars are tools the catalogue marks as not sanctioned (shadow IT), a grey bar the tickets that match no tool. Counted from int_tickets.",
		}, c.toolsTop},
	)
	add(&v.Tools, static(blockers(d, o)))

	add(&v.Resolution,
		spec{&chart{
			ID: "resolve-dist", Kind: "resolveDist", Filters: byAll, Height: 320, Unit: "resolved tickets",
			Title:       "How long tickets take to resolve",
			Description: "Tickets resolved in the chosen weeks, by the calendar hours from creation to resolution (closing, when there is no resolution), in bands; the last column of the table is the share resolved within each band's upper end. From int_tickets.",
		}, c.resolveDist},
		spec{&chart{
			ID: "resolve-weekly", Kind: "resolveWeekly", Filters: byAll, Height: 320, Unit: "calendar hours",
			Title:       "Hours to resolve, per week",
			Description: "Median and 90th percentile of the calendar hours to resolve of the tickets resolved each week: time_to_resolve's figures for all teams and tools; for one team or tool they are estimated from the bands above (≈: linear within a band).",
		}, c.resolveWeekly},
		spec{&chart{
			ID: "resolve-tool", Kind: "resolveTool", Filters: byAll, Height: barHeight(min(topResolve, len(c.Tools))), Unit: "calendar hours",
			Title:       "Hours to resolve by tool",
			Description: fmt.Sprintf("Median and 90th-percentile calendar hours to resolve for the %d tools with the most resolved tickets: time_to_resolve's figures with no filter; estimated from the bands (≈) under a filter.", topResolve),
		}, c.resolveTool},
	)
	add(&v.Resolution, static(resolveIntent(d)))
	add(&v.Resolution,
		spec{&chart{
			ID: "sla-weekly", Kind: "slaWeekly", Filters: byAll, Height: 340, Unit: "tickets; breach rate in %",
			Title:       "SLA met and breached, per week",
			Description: "SLA verdicts of the tickets created each week (int_ticket_sla: the source's verdict, else one computed from the configured targets), with the breach rate = breached ÷ (met + breached).",
		}, c.slaWeekly},
	)
	add(&v.Resolution, static(slaPriority(d)))
	add(&v.Resolution,
		spec{&chart{
			ID: "response-weekly", Kind: "responseWeekly", Filters: byAll, Height: 320, Unit: "calendar hours",
			Title:       "Hours to first response, per week",
			Description: "Median and 90th percentile of the calendar hours from creation to the first public comment or status change by someone other than the requester, for the tickets created each week (canceled ones left out): first_response's figures for all teams and tools, estimated from bands (≈) for one.",
		}, c.responseWeekly},
	)

	add(&v.Interruptions,
		spec{&chart{
			ID: "int-flow", Kind: "intFlow", Filters: byTeam, Height: 380, Unit: "hours",
			Title:       "Where cross-team work flows",
			Description: "Hours of work that crossed the IT / engineering line, from the kind of work (left) to the team that did it (right): handle time plus the refocus penalty per interruption. From interruptions.",
		}, c.intFlow},
		spec{&chart{
			ID: "int-weekly", Kind: "intWeekly", Filters: byTeam, Height: 360, Unit: "hours per week",
			Title:       "Interruption hours per week",
			Description: "Hours per week of cross-team interruptions by direction at the default refocus penalty; the dashed lines (band low, band high) are the totals at the low and high ends of the refocus band. From interruptions.",
		}, c.intWeekly},
		spec{&chart{
			ID: "int-teams", Kind: "intTeams", Filters: byTeam, Height: barHeight(len(c.Teams)), Unit: "cost (" + strings.TrimSpace(o.Currency) + ")",
			Title:       "Interruption cost per team",
			Description: "What each team's interruptions cost in the chosen weeks: hours × the team's hourly cost; the marks show the low and high ends of the refocus band. From interruptions.",
		}, c.intTeams},
		spec{&chart{
			ID: "int-heat", Kind: "intHeat", Filters: byTeam, Height: max(200, 90+24*len(c.Teams)), Unit: "hours",
			Title:       "Interruption hours per team and week",
			Description: "Each cell is one team's interruption hours in one week (handle time plus refocus); darker means more. From interruptions.",
		}, c.intHeat},
	)
	add(&v.Interruptions, static(concentration(d, o)))
	add(&v.Interruptions,
		spec{&chart{
			ID: "int-focus", Kind: "focus", Filters: byTeam, Height: 300, Unit: "% of focus blocks",
			Title:       "Focus time kept",
			Description: "The share of engineers' focus blocks (working hours cut into blocks of focus_block_minutes) with no cross-team ticket touch and no first answer to someone else's help thread, per week. From focus_fragmentation.",
		}, c.focus},
		spec{&chart{
			ID: "int-untracked", Kind: "untracked", Filters: byTeam, Height: 320, Unit: "hours per week",
			Title:       "Untracked requests",
			Description: "Hours engineers spent answering help-channel threads that never became a ticket (thread_handle_minutes plus refocus each), next to the same teams' ticket interruption hours. From untracked_requests.",
		}, c.untracked},
	)

	add(&v.Automation, static(automationHours(d)))

	add(&v.Backlog,
		spec{&chart{
			ID: "backlog-weekly", Kind: "backlogWeekly", Filters: byAll, Height: 340, Unit: "tickets",
			Title:       "Created vs resolved, and the open backlog",
			Description: "Tickets created and resolved each week, and the tickets open at each week's end: backlog_weekly's count for all teams and tools (from status histories); for one team or tool, tickets created by then and not resolved by then.",
		}, c.backlogWeekly},
	)
	add(&v.Backlog, static(backlogAges(d, c)))
	add(&v.Backlog,
		spec{&chart{
			ID: "backlog-age-team", Kind: "ageTeam", Filters: byTeamTool, Height: barHeight(len(c.Teams)), Unit: "open tickets",
			Title:       "Open tickets by age, per team",
			Description: "Tickets open at the data's latest moment, per owning team, by the time since they were created. From int_tickets.",
		}, c.ageTeam},
	)

	add(&v.Shadow, static(shadowChart(d)))
	add(&v.Quality, static(qualityRuns(d)), static(coverageChart(d)))
	if err != nil {
		return nil, err
	}

	// Automation ranking.
	for _, a := range d.Automation {
		v.Candidates = append(v.Candidates, candidateView{
			Rank:       fmtInt(a.Rank),
			Name:       a.Name,
			Kind:       a.Kind,
			Class:      dash(a.Class),
			Tickets:    fmtInt(a.Tickets),
			PerWeek:    fmtFloat(a.PerWeek, 1),
			Median:     fmtFloat(a.MedianMinutes, 0),
			CV:         nullFloat(a.CV, 2),
			Escalation: pctPtr(a.Escalation),
			Reopen:     pctPtr(a.Reopen),
			Score:      fmtFloat(a.Score, 2),
			Saved:      fmtFloat(a.PerWeekHours, 1),
			Month:      fmtFloat(a.Month, 1),
			Payback:    nullFloat(a.Payback, 1),
			Examples:   shortExamples(a.Examples),
		})
	}
	if d.Candidates > int64(len(d.Automation)) {
		v.CandidateNote = fmt.Sprintf("The first %d of %s candidates; `lanes sql -c \"select * from automation_candidates\"` lists them all.", len(d.Automation), fmtInt(d.Candidates))
	}
	v.Formula = formula(d, cfg, o)

	// Shadow IT.
	for _, r := range d.Shadow {
		v.ShadowRows = append(v.ShadowRows, shadowView{
			Tool: r.Tool, Owner: dash(r.Owner), Tickets: fmtInt(r.Tickets), Requesters: fmtInt(r.Requesters),
			First: dateText(r.First, loc), Last: dateText(r.Last, loc), Weeks: fmtInt(r.Weeks),
			PerWeek: fmtFloat(r.PerWeek, 1), Fields: dash(r.Fields), Examples: shortExamples(r.Examples),
		})
	}
	if d.ShadowTools > int64(len(d.Shadow)) {
		v.ShadowNote = fmt.Sprintf("The first %d of %s tools; the shadow_it table lists them all.", len(d.Shadow), fmtInt(d.ShadowTools))
	}

	// Data quality.
	v.Fresh = newTable([]string{"source", "table", "rows", "latest", "days behind the latest load", "deleted"}, 2, 4, 5)
	for _, r := range d.Fresh {
		v.Fresh.Rows = append(v.Fresh.Rows, []string{dash(r.Source), r.Subject, nullFloat(r.Rows, 0), dateText(r.Latest, loc), nullFloat(r.Days, 1), nullFloat(r.Deleted, 0)})
	}
	switch {
	case d.Tests.Tests == 0:
		v.TestNote = "The latest build recorded no data tests."
	case d.Tests.Failed == 0:
		v.TestNote = fmt.Sprintf("All %s data tests of the latest build passed.", fmtInt(d.Tests.Tests))
	default:
		v.TestNote = fmt.Sprintf("%s of %s data tests of the latest build failed; up to %d are listed with some of their failing rows.", fmtInt(d.Tests.Failed), fmtInt(d.Tests.Tests), maxFailed)
	}
	v.FailedTests = newTable([]string{"model", "test", "failing rows", "sample"}, 2)
	for _, t := range d.Failed {
		v.FailedTests.Rows = append(v.FailedTests.Rows, []string{t.Model, t.Test, fmtInt(t.Failures), truncate(t.Sample, 240)})
	}
	if l.Runs > int64(len(d.Runs)) {
		v.RunNote = fmt.Sprintf("The first %d of %s files, by name; the ingest_runs table lists them all.", len(d.Runs), fmtInt(l.Runs))
	}
	v.Runs = newTable([]string{"file", "source", "format", "sha256", "bytes", "rows in", "loaded", "merged", "skipped", "rejected"}, 4, 5, 6, 7, 8, 9)
	for _, r := range d.Runs {
		v.Runs.Rows = append(v.Runs.Rows, []string{
			r.File, r.Source, r.Format, truncate(r.SHA256, 12), fmtInt(r.Bytes),
			fmtInt(r.RowsIn), fmtInt(r.Loaded), fmtInt(r.Merged), fmtInt(r.Skipped), fmtInt(r.Rejected),
		})
	}
	v.Rejects = newTable([]string{"file", "line", "column", "reason", "raw text"}, 1)
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
	v.Parameters = newTable([]string{"parameter", "value", "meaning"})
	params := d.Parameters
	if len(params) == 0 {
		params = cfg.Parameters()
	}
	for _, p := range params {
		v.Parameters.Rows = append(v.Parameters.Rows, []string{p[0], p[1], p[2]})
	}

	v.Data, err = pageJSON(c, o, lastFull)
	if err != nil {
		return nil, err
	}
	return v, nil
}

// pageJSON is the data the page's script reads: the cube, its labels and
// the marts' exact figures.
func pageJSON(c *cube, o Options, lastFull int) (template.JS, error) {
	dirs := make([]string, len(c.Dirs))
	for i := range c.Dirs {
		dirs[i] = c.dirLabel(i)
	}
	flowDirs, flowTeams := c.flowNames()
	summary := make([][]any, len(c.Exact.Summary))
	for i, s := range c.Exact.Summary {
		summary[i] = make([]any, len(s))
		for j, v := range s {
			summary[i][j] = ptrValue(v)
		}
	}
	obj := c.cellsJSON()
	for k, v := range map[string]any{
		"weeks":      nonNilStrings(c.Weeks),
		"teams":      nonNilStrings(c.Teams),
		"teamClass":  nonNilStrings(c.TeamClass),
		"tools":      nonNilStrings(c.Tools),
		"sanctioned": c.Sanctioned,
		"noTool":     c.NoTool,
		"dirs":       dirs,
		"flowDirs":   flowDirs,
		"flowTeams":  nonNilStrings(flowTeams),
		"edges":      edges,
		"buckets":    bucketLabels(),
		"ages":       nonNilStrings(c.Ages),
		"share":      c.Share,
		"currency":   o.Currency,
		"lastFull":   lastFull,
		"sparkWeeks": sparkWeeks,
		"top":        map[string]int{"tools": topTools, "resolve": topResolve},
		"colors":     map[string]any{"good": colorGood, "warn": colorWarn, "muted": colorMuted, "band": colorBand, "palette": palette, "ages": ageColors(len(c.Ages))},
		"exact": map[string]any{
			"open": ptrValues(c.Exact.Open), "rhMed": ptrValues(c.Exact.RHMed), "rhP90": ptrValues(c.Exact.RHP90),
			"frMed": ptrValues(c.Exact.FRMed), "frP90": ptrValues(c.Exact.FRP90),
			"toolMed": ptrValues(c.Exact.ToolMed), "toolP90": ptrValues(c.Exact.ToolP90),
			"summary": summary,
		},
	} {
		obj[k] = v
	}
	b, err := json.Marshal(obj)
	if err != nil {
		return "", fmt.Errorf("dashboards: encode page data: %w", err)
	}
	if strings.ContainsAny(string(b), "<>&") {
		return "", fmt.Errorf("dashboards: page data is not safe to embed")
	}
	return template.JS(b), nil
}

func ptrValue(v *float64) any {
	if v == nil {
		return nil
	}
	return *v
}

func ptrValues(vs []*float64) []any {
	out := make([]any, len(vs))
	for i, v := range vs {
		out[i] = ptrValue(v)
	}
	return out
}

func nonNilStrings(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func dash(s string) string {
	if s == "" {
		return "–"
	}
	return s
}

func dateText(t sql.NullTime, loc *time.Location) string {
	if !t.Valid {
		return "–"
	}
	return day(dateOf(t.Time, loc))
}

// shortExamples bounds the length of example keys and titles, so one long
// title cannot take over a table.
func shortExamples(in []example) []example {
	out := make([]example, len(in))
	for i, e := range in {
		out[i] = example{Key: truncate(e.Key, 40), Title: truncate(e.Title, 90), URL: e.URL}
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
// give one. It follows models/sql/marts/automation_candidates.yml.
const DefaultScoreFormula = "score = tickets_per_week × median_handle_minutes ÷ 60 × 1 ÷ (1 + cv_handle_minutes) × (1 − escalation_rate) × (1 − reopen_rate), where cv_handle_minutes = stddev ÷ mean of handle minutes, escalation_rate = share of tickets reassigned at least once and reopen_rate = share reopened at least once: high volume, predictable and rarely escalated work ranks first."

// DefaultHoursFormula describes hours_saved_per_week.
const DefaultHoursFormula = "hours_saved_per_week = tickets_per_week × median_handle_minutes ÷ 60 × automatable_share; hours_saved_per_month = hours_saved_per_week × 52 ÷ 12"

func formula(d *data, cfg *config.Config, o Options) []string {
	score, hours := DefaultScoreFormula, DefaultHoursFormula
	param := map[string]string{}
	for _, p := range d.Parameters {
		param[p[0]] = p[1]
	}
	if p, ok := param["automation_score_formula"]; ok {
		score = p
	}
	if p, ok := param["hours_saved_formula"]; ok {
		hours = p
	}
	if o.ScoreFormula != "" {
		score = o.ScoreFormula
	}
	share := fmtFloat(cfg.Automation.AutomatableShare, 2)
	if p, ok := param["automatable_share"]; ok {
		share = p
	}
	cost := fmtFloat(cfg.Automation.BuildCostHours, 0)
	if p, ok := param["automation_build_cost_hours"]; ok {
		cost = p
	}
	return []string{
		score,
		hours + " (automatable_share = " + share + ").",
		"payback_weeks = build_cost_hours ÷ hours_saved_per_week (build_cost_hours = " + cost + "): how many weeks of savings pay for building the automation.",
	}
}
