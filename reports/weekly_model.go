package reports

import (
	"math"
	"sort"
	"time"
)

// WeeklyReport is every figure of the weekly report, computed once; the
// Markdown, HTML and JSON renderings are all made from it. As JSON (`lanes
// report weekly --format json`) it is a stable interface: keys appear in the
// order of the fields below, numbers are plain JSON numbers (shares and
// rates as 0..1 fractions, hours as hours, money in Currency), dates are YYYY-MM-DD strings, unknown numbers are null and lists
// are [] when empty. New keys may be added; existing keys keep their
// meaning while SchemaVersion stays 1.
type WeeklyReport struct {
	// Report is always "weekly".
	Report string `json:"report"`
	// SchemaVersion is 1; it changes only when a key changes meaning or goes.
	SchemaVersion int `json:"schema_version"`
	// Week is the report week, Previous the week before.
	Week     WeekSpan `json:"week"`
	Previous WeekSpan `json:"previous_week"`
	// TimeZone is the calendar time zone the weeks are cut in.
	TimeZone string `json:"time_zone"`
	// Currency is the ISO 4217 code (lanes.yaml `currency`, default USD) of
	// every money figure; the figures themselves are plain numbers.
	Currency string `json:"currency"`
	// Data describes everything the warehouse holds.
	Data          DataSpan            `json:"data"`
	Headline      WeeklyHeadline      `json:"headline"`
	Volume        WeeklyVolume        `json:"volume_by_tool"`
	TimeToResolve WeeklyTimeToResolve `json:"time_to_resolve"`
	SLA           WeeklySLA           `json:"sla"`
	FirstResponse WeeklyFirstResponse `json:"first_response"`
	Backlog       WeeklyBacklog       `json:"backlog"`
	Interruptions WeeklyInterruptions `json:"interruptions"`
	Automation    WeeklyAutomation    `json:"automation_candidates"`
	// Trend is the report week and the weeks before it that lie inside the
	// data (at most four), oldest first.
	Trend []TrendWeek `json:"trend"`
	// Parameters are the settings recorded in dim_parameters, by name.
	Parameters []Parameter `json:"parameters"`
}

// WeekSpan is one reporting week.
type WeekSpan struct {
	// Label is the ISO week of the Monday inside the week, e.g. "2026-W10".
	Label string `json:"label"`
	// Start and End are its first and last day.
	Start string `json:"start"`
	End   string `json:"end"`
}

// DataSpan is what the warehouse holds.
type DataSpan struct {
	// Tickets is the number of tickets in int_tickets with a week.
	Tickets int64 `json:"tickets"`
	// FirstDay and LastDay are the dates of the first and last created_at,
	// in the calendar time zone.
	FirstDay string `json:"first_day"`
	LastDay  string `json:"last_day"`
}

// Comparison is a figure in the report week next to the figure it is
// compared with.
type Comparison struct {
	Current  *float64 `json:"current"`
	Previous *float64 `json:"previous"`
	// Change is Current - Previous; null when either is unknown.
	Change *float64 `json:"change"`
	// RelativeChange is Change / |Previous| (0.5 = 50% more); null when
	// Previous is zero or unknown.
	RelativeChange *float64 `json:"relative_change"`
}

// WeeklyHeadline compares the report week with the week before.
type WeeklyHeadline struct {
	TicketsCreated  Comparison `json:"tickets_created"`
	TicketsResolved Comparison `json:"tickets_resolved"`
	// OpenBacklog counts the tickets still unresolved when the week ended.
	OpenBacklog          Comparison `json:"open_backlog"`
	MedianHoursToResolve Comparison `json:"median_hours_to_resolve"`
	InterruptionHours    Comparison `json:"interruption_hours"`
	InterruptionCost     Comparison `json:"interruption_cost"`
}

// WeeklyVolume is tickets created per tool.
type WeeklyVolume struct {
	// ToolsWithTickets counts the tools with tickets in the report week.
	ToolsWithTickets int `json:"tools_with_tickets"`
	// Tools are the busiest of them (at most 10), busiest first.
	Tools []ToolVolume `json:"tools"`
	// Movers are the tools whose count changed most (at most 5).
	Movers []ToolVolume `json:"movers"`
}

// ToolVolume is one tool's tickets in the report week and the week before.
type ToolVolume struct {
	Tool            string `json:"tool"`
	Tickets         int64  `json:"tickets"`
	PreviousTickets int64  `json:"previous_tickets"`
	// Share is the tool's part of the week's tickets (0..1).
	Share          float64  `json:"share"`
	Change         int64    `json:"change"`
	RelativeChange *float64 `json:"relative_change"`
}

// WeeklyTimeToResolve is calendar hours from creation to resolution of the
// tickets resolved in the report week; Previous is the average of the weekly
// figures of the four weeks before that lie inside the data.
type WeeklyTimeToResolve struct {
	// PreviousWeeksInData is how many of the four weeks before are in the
	// data (0 to 4); with 0 every Previous is null.
	PreviousWeeksInData int        `json:"previous_weeks_in_data"`
	ResolvedTickets     Comparison `json:"resolved_tickets"`
	MedianHours         Comparison `json:"median_hours"`
	P90Hours            Comparison `json:"p90_hours"`
	MeanHours           Comparison `json:"mean_hours"`
}

// WeeklySLA is the SLA verdicts of the tickets created in the report week
// (sla), against the four weeks before it that lie inside the data: their
// counts averaged per week, their breach rate pooled (their breached over
// their met + breached).
type WeeklySLA struct {
	// PreviousWeeksInData is how many of the four weeks before are in the
	// data (0 to 4); with 0 every Previous is null.
	PreviousWeeksInData int `json:"previous_weeks_in_data"`
	// SourceVerdicts and ComputedVerdicts split the report week's verdicts:
	// taken from the source's own SLA flag, or computed by lanes from the
	// targets of the ticket's priority (lanes.yaml `sla:`).
	SourceVerdicts   int64 `json:"source_verdicts"`
	ComputedVerdicts int64 `json:"computed_verdicts"`
	// All is every priority together.
	All SLAFigures `json:"all"`
	// Priorities has one entry per priority (p1..p4, `none` when unknown).
	Priorities []PrioritySLA `json:"priorities"`
}

// SLAFigures are SLA verdicts: met, breached, and pending (open and still
// within target), with breach_rate = breached / (met + breached).
type SLAFigures struct {
	TicketsWithVerdict Comparison `json:"tickets_with_verdict"`
	Met                Comparison `json:"met"`
	Breached           Comparison `json:"breached"`
	Pending            Comparison `json:"pending"`
	// BreachRate is 0..1; null when nothing was met or breached.
	BreachRate Comparison `json:"breach_rate"`
}

// PrioritySLA is one priority's SLA verdicts.
type PrioritySLA struct {
	Priority string `json:"priority"`
	SLAFigures
}

// WeeklyFirstResponse is the time to first response of the tickets created
// in the report week (first_response), against the four weeks before it
// that lie inside the data: tickets averaged per week, the share pooled,
// the median the average of the weekly medians.
type WeeklyFirstResponse struct {
	PreviousWeeksInData int `json:"previous_weeks_in_data"`
	// Tickets counts those created and not canceled.
	Tickets Comparison `json:"tickets"`
	// ShareResponded is the part of them with a first response (0..1).
	ShareResponded Comparison `json:"share_responded"`
	// MedianHours is calendar hours from creation to first response.
	MedianHours Comparison `json:"median_hours"`
}

// WeeklyBacklog is created vs resolved per week and the open tickets by age.
type WeeklyBacklog struct {
	// Weeks are the report week and the weeks before it that lie inside
	// the data (at most four), oldest first, from backlog_weekly.
	Weeks []BacklogWeek `json:"weeks"`
	// AgeDay is the day at whose end Ages are counted: the report week's
	// last day, or the data's last day when that comes sooner; "" when
	// backlog_age_daily has no rows.
	AgeDay string `json:"age_day"`
	// Ages are the open tickets by time since creation, in the buckets of
	// lanes.yaml `backlog.age_buckets_days` (backlog_age_daily), youngest
	// first.
	Ages []BacklogAge `json:"ages"`
}

// BacklogWeek is one week's created and resolved tickets and the open
// backlog at its end.
type BacklogWeek struct {
	Week     WeekSpan `json:"week"`
	Created  int64    `json:"created"`
	Resolved int64    `json:"resolved"`
	// NetChange is Created - Resolved.
	NetChange     int64 `json:"net_change"`
	OpenAtWeekEnd int64 `json:"open_at_week_end"`
}

// BacklogAge is one age bucket of the open backlog.
type BacklogAge struct {
	BucketOrder int64  `json:"bucket_order"`
	BucketLabel string `json:"bucket_label"`
	// MinAgeDays is included, MaxAgeDays excluded (null for the last bucket).
	MinAgeDays  float64  `json:"min_age_days"`
	MaxAgeDays  *float64 `json:"max_age_days"`
	OpenTickets int64    `json:"open_tickets"`
	// Share is the bucket's part of the open tickets (0..1).
	Share float64 `json:"share"`
}

// WeeklyInterruptions is the IT / engineering crossings of the report week.
type WeeklyInterruptions struct {
	// RefocusMinutes is added to every interruption; the Low and High
	// figures use RefocusLowMinutes and RefocusHighMinutes instead.
	RefocusMinutes     *float64 `json:"refocus_minutes"`
	RefocusLowMinutes  *float64 `json:"refocus_low_minutes"`
	RefocusHighMinutes *float64 `json:"refocus_high_minutes"`
	// Total sums Teams.
	Total InterruptionFigures `json:"total"`
	// Teams has one entry per team and direction, most hours first.
	Teams []TeamInterruptions `json:"teams"`
}

// InterruptionFigures are interruptions with their hours and cost, at the
// refocus time and at both ends of the refocus band.
type InterruptionFigures struct {
	Interruptions  int64   `json:"interruptions"`
	Tickets        int64   `json:"tickets"`
	HandleHours    float64 `json:"handle_hours"`
	RefocusHours   float64 `json:"refocus_hours"`
	TotalHours     float64 `json:"total_hours"`
	TotalLowHours  float64 `json:"total_low_hours"`
	TotalHighHours float64 `json:"total_high_hours"`
	Cost           float64 `json:"cost"`
	CostLow        float64 `json:"cost_low"`
	CostHigh       float64 `json:"cost_high"`
}

// TeamInterruptions is one team's interruptions in one direction
// (it_work_to_engineering or engineering_work_to_it).
type TeamInterruptions struct {
	Team      string `json:"team"`
	Direction string `json:"direction"`
	InterruptionFigures
}

// WeeklyAutomation is the best automation candidates over all the data.
type WeeklyAutomation struct {
	// AutomatableShare is the share of handle time automation removes.
	AutomatableShare *float64 `json:"automatable_share"`
	// Formula says how HoursSavedPerMonth is computed.
	Formula    string                `json:"formula"`
	Candidates []AutomationCandidate `json:"candidates"`
}

// AutomationCandidate is one ranked request type.
type AutomationCandidate struct {
	Rank int64 `json:"rank"`
	// Intent is the key as configured, Label the same in words.
	Intent              string   `json:"intent"`
	Label               string   `json:"label"`
	Tickets             int64    `json:"tickets"`
	TicketsPerWeek      *float64 `json:"tickets_per_week"`
	MedianHandleMinutes *float64 `json:"median_handle_minutes"`
	// EscalationRate is 0..1.
	EscalationRate     *float64 `json:"escalation_rate"`
	HoursSavedPerMonth *float64 `json:"hours_saved_per_month"`
	ExampleKeys        []string `json:"example_keys"`
}

// TrendWeek is one week's figures in the trend.
type TrendWeek struct {
	Week           WeekSpan `json:"week"`
	TicketsCreated int64    `json:"tickets_created"`
	// MedianHoursToResolve and P90HoursToResolve are calendar hours of the
	// tickets resolved that week; null when none was.
	MedianHoursToResolve *float64 `json:"median_hours_to_resolve"`
	P90HoursToResolve    *float64 `json:"p90_hours_to_resolve"`
	InterruptionHours    float64  `json:"interruption_hours"`
}

// Parameter is one row of dim_parameters.
type Parameter struct {
	Name        string `json:"name"`
	Value       string `json:"value"`
	Description string `json:"description"`
}

// compare builds a Comparison; nil values are unknown.
func compare(cur, prev *float64) Comparison {
	c := Comparison{Current: finite(cur), Previous: finite(prev)}
	if c.Current != nil && c.Previous != nil {
		c.Change = ptr(*c.Current - *c.Previous)
		if *c.Previous != 0 {
			c.RelativeChange = ptr(*c.Change / math.Abs(*c.Previous))
		}
	}
	return c
}

// finite drops NaN and infinities, which JSON cannot hold.
func finite(v *float64) *float64 {
	if v == nil || math.IsNaN(*v) || math.IsInf(*v, 0) {
		return nil
	}
	return v
}

// numberParam reads a parameter as a number (settings.numberParam).
func (d *weeklyData) numberParam(name string) *float64 {
	return settings{Params: d.Params, Fallback: d.Fallback}.numberParam(name)
}

// report computes the WeeklyReport from what loadWeekly read: the tools to
// show, the movers, the averages and the changes.
func (d *weeklyData) report() *WeeklyReport {
	r := &WeeklyReport{
		Report:        "weekly",
		SchemaVersion: 1,
		Week:          weekSpan(d.Week),
		Previous:      weekSpan(d.Prev),
		TimeZone:      d.Location,
		Currency:      d.Currency,
		Data: DataSpan{
			Tickets:  d.TotalTickets,
			FirstDay: d.FirstDay.Format(dateLayout),
			LastDay:  d.LastDay.Format(dateLayout),
		},
		Parameters: []Parameter{},
	}
	c, p := d.Cur, d.Before
	r.Headline = WeeklyHeadline{
		TicketsCreated:       compare(countPtr(c.Created), countPtr(p.Created)),
		TicketsResolved:      compare(countPtr(c.Resolved), countPtr(p.Resolved)),
		OpenBacklog:          compare(countPtr(c.Backlog), countPtr(p.Backlog)),
		MedianHoursToResolve: compare(c.MedianHours, p.MedianHours),
		InterruptionHours:    compare(ptr(c.InterruptHours), ptr(p.InterruptHours)),
		InterruptionCost:     compare(ptr(c.Cost), ptr(p.Cost)),
	}

	// Volume: the busiest tools with tickets this week, and the movers.
	var active []toolRow
	for _, t := range d.Tools {
		if t.Tickets > 0 {
			active = append(active, t)
		}
	}
	sort.SliceStable(active, func(i, j int) bool { return active[i].VolumeRank < active[j].VolumeRank })
	r.Volume.ToolsWithTickets = len(active)
	r.Volume.Tools = []ToolVolume{}
	for i, t := range active {
		if i == topTools {
			break
		}
		r.Volume.Tools = append(r.Volume.Tools, toolVolume(t))
	}
	var movers []toolRow
	for _, t := range d.Tools {
		if t.Tickets != t.Prev {
			movers = append(movers, t)
		}
	}
	sort.SliceStable(movers, func(i, j int) bool { return movers[i].MoverRank < movers[j].MoverRank })
	r.Volume.Movers = []ToolVolume{}
	for i, t := range movers {
		if i == topMovers {
			break
		}
		r.Volume.Movers = append(r.Volume.Movers, toolVolume(t))
	}

	// Time to resolve against the average of the weeks before.
	t := d.TTR
	n := d.PrevWeeksInData
	var prevResolved *float64
	if n > 0 {
		prevResolved = ptr(float64(t.PrevResolved) / float64(n))
	}
	r.TimeToResolve = WeeklyTimeToResolve{
		PreviousWeeksInData: n,
		ResolvedTickets:     compare(countPtr(t.Resolved), prevResolved),
		MedianHours:         compare(t.Median, t.PrevMedian),
		P90Hours:            compare(t.P90, t.PrevP90),
		MeanHours:           compare(t.Mean, t.PrevMean),
	}

	r.Interruptions = WeeklyInterruptions{
		RefocusMinutes:     d.numberParam("refocus_minutes"),
		RefocusLowMinutes:  d.numberParam("refocus_low_minutes"),
		RefocusHighMinutes: d.numberParam("refocus_high_minutes"),
		Total:              figures(d.Total),
		Teams:              []TeamInterruptions{},
	}
	for _, ir := range d.Interrupts {
		r.Interruptions.Teams = append(r.Interruptions.Teams, TeamInterruptions{Team: ir.Team, Direction: ir.Direction, InterruptionFigures: figures(ir)})
	}

	r.Automation = WeeklyAutomation{
		AutomatableShare: d.numberParam("automatable_share"),
		Formula:          savingsFormula,
		Candidates:       []AutomationCandidate{},
	}
	for _, c := range d.Automation {
		ac := AutomationCandidate{
			Rank: c.Rank, Intent: c.Intent, Label: intentLabel(c.Intent), Tickets: c.Tickets,
			TicketsPerWeek: finite(c.PerWeek), MedianHandleMinutes: finite(c.MedianHandle),
			EscalationRate: finite(c.Escalation), HoursSavedPerMonth: finite(c.HoursSaved),
			ExampleKeys: append([]string{}, c.Examples...),
		}
		r.Automation.Candidates = append(r.Automation.Candidates, ac)
	}
	r.Trend = []TrendWeek{}
	for _, t := range d.Trend {
		r.Trend = append(r.Trend, TrendWeek{
			Week: weekSpan(t.Week), TicketsCreated: t.Tickets,
			MedianHoursToResolve: finite(t.Median), P90HoursToResolve: finite(t.P90),
			InterruptionHours: t.InterruptionHours,
		})
	}
	for _, p := range d.Params {
		r.Parameters = append(r.Parameters, Parameter(p))
	}
	r.SLA = d.slaReport()
	r.FirstResponse = d.responseReport()
	r.Backlog = d.backlogReport()
	return r
}

// perWeek averages a sum over the PrevWeeksInData weeks before; nil with none.
func (d *weeklyData) perWeek(sum int64) *float64 {
	if d.PrevWeeksInData == 0 {
		return nil
	}
	return ptr(float64(sum) / float64(d.PrevWeeksInData))
}

// rate is num / den, nil when den is 0.
func rate(num, den int64) *float64 {
	if den == 0 {
		return nil
	}
	return ptr(float64(num) / float64(den))
}

func (d *weeklyData) slaFigures(s slaRow) SLAFigures {
	var prevRate *float64
	if d.PrevWeeksInData > 0 {
		prevRate = rate(s.PrevBreached, s.PrevMet+s.PrevBreached)
	}
	return SLAFigures{
		TicketsWithVerdict: compare(countPtr(s.Tickets), d.perWeek(s.PrevTickets)),
		Met:                compare(countPtr(s.Met), d.perWeek(s.PrevMet)),
		Breached:           compare(countPtr(s.Breached), d.perWeek(s.PrevBreached)),
		Pending:            compare(countPtr(s.Pending), d.perWeek(s.PrevPending)),
		BreachRate:         compare(rate(s.Breached, s.Met+s.Breached), prevRate),
	}
}

func (d *weeklyData) slaReport() WeeklySLA {
	out := WeeklySLA{PreviousWeeksInData: d.PrevWeeksInData, Priorities: []PrioritySLA{}}
	all := slaRow{Priority: "all"}
	for _, s := range d.SLA {
		if s.Priority == "all" {
			all = s
			continue
		}
		out.Priorities = append(out.Priorities, PrioritySLA{Priority: s.Priority, SLAFigures: d.slaFigures(s)})
	}
	out.SourceVerdicts, out.ComputedVerdicts = all.SourceVerdicts, all.ComputedVerdicts
	out.All = d.slaFigures(all)
	return out
}

func (d *weeklyData) responseReport() WeeklyFirstResponse {
	f := d.Response
	var prevShare, prevMedian *float64
	if d.PrevWeeksInData > 0 {
		prevShare, prevMedian = rate(f.PrevResponded, f.PrevTickets), f.PrevMedian
	}
	return WeeklyFirstResponse{
		PreviousWeeksInData: d.PrevWeeksInData,
		Tickets:             compare(countPtr(f.Tickets), d.perWeek(f.PrevTickets)),
		ShareResponded:      compare(rate(f.Responded, f.Tickets), prevShare),
		MedianHours:         compare(f.Median, prevMedian),
	}
}

func (d *weeklyData) backlogReport() WeeklyBacklog {
	out := WeeklyBacklog{Weeks: []BacklogWeek{}, Ages: []BacklogAge{}}
	for _, b := range d.Backlog {
		out.Weeks = append(out.Weeks, BacklogWeek{Week: weekSpan(b.Week), Created: b.Created, Resolved: b.Resolved, NetChange: b.NetChange, OpenAtWeekEnd: b.OpenAtEnd})
	}
	if !d.AgeDay.IsZero() {
		out.AgeDay = d.AgeDay.Format(dateLayout)
	}
	var open int64
	for _, a := range d.Ages {
		open += a.OpenTickets
	}
	for _, a := range d.Ages {
		share := 0.0
		if open > 0 {
			share = float64(a.OpenTickets) / float64(open)
		}
		out.Ages = append(out.Ages, BacklogAge{BucketOrder: a.Order, BucketLabel: a.Label, MinAgeDays: a.Min, MaxAgeDays: finite(a.Max), OpenTickets: a.OpenTickets, Share: share})
	}
	return out
}

func weekSpan(start time.Time) WeekSpan {
	return WeekSpan{Label: weekLabel(start), Start: start.Format(dateLayout), End: start.AddDate(0, 0, 6).Format(dateLayout)}
}

func toolVolume(t toolRow) ToolVolume {
	c := compare(countPtr(t.Tickets), countPtr(t.Prev))
	return ToolVolume{
		Tool: t.Tool, Tickets: t.Tickets, PreviousTickets: t.Prev, Share: t.Share,
		Change: t.Tickets - t.Prev, RelativeChange: c.RelativeChange,
	}
}

func figures(r interruptRow) InterruptionFigures {
	return InterruptionFigures{
		Interruptions: r.Interruptions, Tickets: r.Tickets,
		HandleHours: r.HandleHours, RefocusHours: r.RefocusHours, TotalHours: r.TotalHours,
		TotalLowHours: r.LowHours, TotalHighHours: r.HighHours,
		Cost: r.Cost, CostLow: r.CostLow, CostHigh: r.CostHi,
	}
}
