package reports

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
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

// unknownTool is the tool int_ticket_tool gives a ticket that names no
// tool of the catalogue.
const unknownTool = "Unknown"

// noToolLabel is how the report shows unknownTool.
const noToolLabel = "(no tool identified)"

// toolCell shows a tool name, unknownTool in words.
func toolCell(tool string) cell {
	if tool == unknownTool {
		return num(noToolLabel)
	}
	return dataCell(tool, maxNameLength)
}

// toolName is toolCell's text, for chart labels.
func toolName(tool string) string {
	if tool == unknownTool {
		return noToolLabel
	}
	return tool
}

// acronyms are the words intentLabel writes in capitals.
var acronyms = map[string]string{
	"vpn": "VPN", "mfa": "MFA", "sso": "SSO", "it": "IT", "api": "API", "ssh": "SSH", "os": "OS", "pc": "PC", "hr": "HR", "2fa": "2FA",
}

// intentLabel turns an intent key into words: "password_reset" is
// "Password reset", "vpn_network" "VPN network".
func intentLabel(key string) string {
	words := strings.FieldsFunc(key, func(r rune) bool { return r == '_' || r == '-' || r == ' ' })
	for i, w := range words {
		switch a, ok := acronyms[strings.ToLower(w)]; {
		case ok:
			words[i] = a
		case i == 0:
			r, size := utf8.DecodeRuneInString(w)
			words[i] = string(unicode.ToUpper(r)) + w[size:]
		}
	}
	if len(words) == 0 {
		return key
	}
	return strings.Join(words, " ")
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
	doc = append(doc, slaBlocks(r, cur)...)
	doc = append(doc, backlogBlocks(r)...)
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

// moneyRow is comparisonRow for money in whole units of the currency code.
func moneyRow(label string, c Comparison, code string) []cell {
	opt := func(v *float64) string {
		if v == nil {
			return "n/a"
		}
		return formatMoney(*v, code)
	}
	return []cell{num(label), num(opt(c.Current)), num(opt(c.Previous)), num(formatChangeIn(c.Current, c.Previous, 0, code))}
}

// rateRow is comparisonRow for a 0..1 rate: percentages, and the change in
// percentage points.
func rateRow(label string, c Comparison) []cell {
	return []cell{num(label), num(optionalPercent(c.Current)), num(optionalPercent(c.Previous)), num(pointsChange(c))}
}

// optionalPercent is formatPercent, "n/a" when unknown.
func optionalPercent(v *float64) string {
	if v == nil {
		return "n/a"
	}
	return formatPercent(*v)
}

// pointsChange is the change of a 0..1 rate in percentage points, e.g.
// "▼ -16.7 pts".
func pointsChange(c Comparison) string {
	if c.Current == nil || c.Previous == nil {
		return "n/a"
	}
	diff := (*c.Current - *c.Previous) * 100
	shown := formatNumber(diff, 1)
	if strings.Trim(shown, "0.,-") == "" {
		return "no change"
	}
	if diff < 0 {
		return "▼ " + shown + " pts"
	}
	return "▲ +" + shown + " pts"
}

func headlineBlocks(r *WeeklyReport, cur, prev string) []block {
	h := r.Headline
	return []block{
		h2("Headline"),
		para(plain("This week against the week before: the open backlog is the tickets still open at the end of the week's last day (see Backlog below), money is in " + r.Currency + ", and ▲ or ▼ shows which way a number moved, not whether that is good.")),
		&docTable{
			Header: []string{"Measure", cur, prev, "Change"}, Align: "lrrl",
			Rows: [][]cell{
				comparisonRow("Tickets created", h.TicketsCreated, 0, 0),
				comparisonRow("Tickets resolved", h.TicketsResolved, 0, 0),
				comparisonRow("Open backlog at week end", h.OpenBacklog, 0, 0),
				comparisonRow("Median hours to resolve", h.MedianHoursToResolve, 1, 1),
				comparisonRow("Interruption hours", h.InterruptionHours, 1, 1),
				moneyRow("Interruption cost", h.InterruptionCost, r.Currency),
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
			t.Rows = append(t.Rows, []cell{toolCell(tv.Tool), num(formatCount(tv.Tickets)), num(formatPercent(tv.Share)), num(formatCount(tv.PreviousTickets)), num(formatChange(countPtr(tv.Tickets), countPtr(tv.PreviousTickets), 0))})
			t.Bars = append(t.Bars, float64(tv.Tickets))
		}
		blocks = append(blocks, t)
		if fig != nil {
			blocks = append(blocks, fig)
		}
	}
	if hasUnknownTool(v) {
		blocks = append(blocks, para(plain(noToolLabel+" counts the tickets that name no tool of the catalogue in their fields (component, configuration item, category), title or description: add the tools or aliases they mention to lanes.yaml `tools:` to sort them.")))
	}
	blocks = append(blocks, para(strong("Top movers"), plain(": the tools whose ticket count changed most since the week before.")))
	if len(v.Movers) == 0 {
		return append(blocks, para(plain("No tool's ticket count changed.")))
	}
	t := &docTable{Header: []string{"Tool", cur, prev, "Change"}, Align: "lrrl"}
	for _, tv := range v.Movers {
		t.Rows = append(t.Rows, []cell{toolCell(tv.Tool), num(formatCount(tv.Tickets)), num(formatCount(tv.PreviousTickets)), num(formatChange(countPtr(tv.Tickets), countPtr(tv.PreviousTickets), 0))})
	}
	return append(blocks, t)
}

func hasUnknownTool(v WeeklyVolume) bool {
	for _, list := range [][]ToolVolume{v.Tools, v.Movers} {
		for _, t := range list {
			if t.Tool == unknownTool {
				return true
			}
		}
	}
	return false
}

// weeksInData says how many of the four weeks before lie in the data.
func weeksInData(n int) string {
	switch n {
	case 0:
		return "none of them in the data"
	case 4:
		return "all of them in the data"
	default:
		return fmt.Sprintf("%d of them in the data", n)
	}
}

func ttrBlocks(r *WeeklyReport, cur string) []block {
	t := r.TimeToResolve
	inData := weeksInData(t.PreviousWeeksInData)
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

// costRange is "cost (low–high)" in whole units of the currency code.
func costRange(cost, low, high float64, code string) string {
	return fmt.Sprintf("%s (%s–%s)", formatMoney(cost, code), formatMoney(low, code), formatMoney(high, code))
}

func interruptionBlocks(r *WeeklyReport) []block {
	in := r.Interruptions
	blocks := []block{
		h2("Interruptions"),
		para(plain(fmt.Sprintf("Hours people spent on the other side's work (IT requests handled by engineering, engineering requests handled by IT): hands-on time plus %s minutes to refocus after each interruption, priced at each team's hourly cost in %s.", paramText(in.RefocusMinutes), r.Currency))),
	}
	if len(in.Teams) == 0 {
		return append(blocks, para(plain("No interruptions were recorded this week.")))
	}
	t := in.Total
	blocks = append(blocks, para(
		plain("This week: "),
		strong(fmt.Sprintf("%s hours, cost %s", formatNumber(t.TotalHours, 1), formatMoney(t.Cost, r.Currency))),
		plain(fmt.Sprintf(". With anywhere from %s to %s minutes to refocus, that is %s–%s hours, cost %s–%s.",
			paramText(in.RefocusLowMinutes), paramText(in.RefocusHighMinutes),
			formatNumber(t.TotalLowHours, 1), formatNumber(t.TotalHighHours, 1), formatMoney(t.CostLow, r.Currency), formatMoney(t.CostHigh, r.Currency))),
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
			num(costRange(ti.Cost, ti.CostLow, ti.CostHigh, r.Currency)),
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
			num(formatCount(c.Rank)), dataCell(c.Label, maxNameLength), num(formatCount(c.Tickets)),
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

// priorityName shows an sla priority, `none` in words.
func priorityName(p string) cell {
	if p == "none" {
		return num("(no priority)")
	}
	return dataCell(p, maxNameLength)
}

func slaBlocks(r *WeeklyReport, cur string) []block {
	s := r.SLA
	blocks := []block{
		h2("SLA and first response"),
		para(plain(fmt.Sprintf("SLA verdicts of the tickets created this week, against the average week of the 4 weeks before (%s). A ticket meets its SLA when its first response and its resolution came within the targets of its priority; pending tickets are still open and within target and stay out of the breach rate, breached ÷ (met + breached). Rates change in percentage points (pts); recent weeks still have pending tickets.", weeksInData(s.PreviousWeeksInData)))),
	}
	if n := s.SourceVerdicts + s.ComputedVerdicts; n == 0 {
		blocks = append(blocks, para(plain("No ticket created this week has an SLA verdict.")))
	} else {
		blocks = append(blocks, para(plain(fmt.Sprintf("Of this week's %s %s, %s %s from the source's own SLA flag and %s %s computed by lanes from the response and resolution targets of the ticket's priority (lanes.yaml `sla:`), with time in pause statuses taken off the clock.",
			formatCount(n), plural(int(n), "verdict", "verdicts"),
			formatCount(s.SourceVerdicts), plural(int(s.SourceVerdicts), "comes", "come"),
			formatCount(s.ComputedVerdicts), plural(int(s.ComputedVerdicts), "was", "were")))))
	}
	a := s.All
	blocks = append(blocks, &docTable{
		Header: []string{"Measure", cur, "Previous 4 weeks (average)", "Change"}, Align: "lrrl",
		Rows: [][]cell{
			comparisonRow("Tickets with an SLA verdict", a.TicketsWithVerdict, 0, 1),
			comparisonRow("Met", a.Met, 0, 1),
			comparisonRow("Breached", a.Breached, 0, 1),
			pendingRow(a.Pending),
			rateRow("Breach rate", a.BreachRate),
		},
	})
	if len(s.Priorities) > 0 {
		blocks = append(blocks, para(strong("By priority"), plain(": this week's verdicts, and the breach rate of the 4 weeks before taken together.")))
		t := &docTable{Header: []string{"Priority", "Tickets with a verdict", "Met", "Breached", "Pending", "Breach rate", "Previous 4 weeks", "Change"}, Align: "lrrrrrrl"}
		for _, p := range s.Priorities {
			t.Rows = append(t.Rows, []cell{
				priorityName(p.Priority), num(formatOptional(p.TicketsWithVerdict.Current, 0)), num(formatOptional(p.Met.Current, 0)),
				num(formatOptional(p.Breached.Current, 0)), num(formatOptional(p.Pending.Current, 0)),
				num(optionalPercent(p.BreachRate.Current)), num(optionalPercent(p.BreachRate.Previous)), num(pointsChange(p.BreachRate)),
			})
		}
		blocks = append(blocks, t)
	}
	f := r.FirstResponse
	blocks = append(blocks,
		para(strong("First response"), plain(": the first public comment or status change by someone other than the requester (else the source's own first-response time), for the tickets created this week that were not canceled; the median is in calendar hours over those with a response.")),
		&docTable{
			Header: []string{"Measure", cur, "Previous 4 weeks (average)", "Change"}, Align: "lrrl",
			Rows: [][]cell{
				comparisonRow("Tickets created, not canceled", f.Tickets, 0, 1),
				rateRow("Share with a first response", f.ShareResponded),
				comparisonRow("Median hours to first response", f.MedianHours, 1, 1),
			},
		},
	)
	return blocks
}

// pendingRow compares pending verdicts without a percentage: the report
// week always has more (its tickets had less time), so "+6,966.7%" would
// say nothing.
func pendingRow(c Comparison) []cell {
	row := comparisonRow("Pending", c, 0, 1)
	if ch := row[3].Text; strings.HasSuffix(ch, ")") {
		if i := strings.LastIndex(ch, " ("); i >= 0 {
			row[3] = num(ch[:i])
		}
	}
	return row
}

// signed writes a count with its sign, "+3", "-1" or "0".
func signed(n int64) string {
	if n > 0 {
		return "+" + formatCount(n)
	}
	return formatCount(n)
}

func backlogBlocks(r *WeeklyReport) []block {
	b := r.Backlog
	blocks := []block{h2("Backlog")}
	if len(b.Weeks) == 0 {
		blocks = append(blocks, para(plain("backlog_weekly has no row for this week.")))
	} else {
		n := len(b.Weeks) - 1
		blocks = append(blocks, para(plain(fmt.Sprintf("Tickets created and resolved each week, and the tickets open (new, open, in progress or waiting, from the status histories) at the end of each week's last day: the report week and the %d %s before it that %s inside the data. Net change = created − resolved; the open backlog can move by a different amount, because canceled tickets leave it and reopened ones come back.",
			n, plural(n, "week", "weeks"), plural(n, "lies", "lie")))))
		t := &docTable{Header: []string{"Week", "Created", "Resolved", "Net change", "Open at week end"}, Align: "lrrrr"}
		for _, w := range b.Weeks {
			t.Rows = append(t.Rows, []cell{num(w.Week.Label), num(formatCount(w.Created)), num(formatCount(w.Resolved)), num(signed(w.NetChange)), num(formatCount(w.OpenAtWeekEnd))})
		}
		blocks = append(blocks, t)
	}
	if len(b.Ages) == 0 {
		return append(blocks, para(plain("backlog_age_daily has no rows for this week, so the open tickets' ages are not known.")))
	}
	var open int64
	for _, a := range b.Ages {
		open += a.OpenTickets
	}
	when := "at the end of " + longDate(b.AgeDay)
	if b.AgeDay != r.Week.End {
		when += ", the last day of the data"
	}
	blocks = append(blocks, para(strong("Age of the open tickets"), plain(fmt.Sprintf(": the %s %s open %s by time since creation, in the buckets set by backlog.age_buckets_days in lanes.yaml (each bucket includes its lower edge).",
		formatCount(open), plural(int(open), "ticket", "tickets"), when))))
	t := &docTable{Header: []string{"Age", "Open tickets", "Share"}, Align: "lrr", BarLabel: "Open tickets"}
	for _, a := range b.Ages {
		t.Rows = append(t.Rows, []cell{dataCell(a.BucketLabel, maxNameLength), num(formatCount(a.OpenTickets)), num(formatPercent(a.Share))})
		t.Bars = append(t.Bars, float64(a.OpenTickets))
	}
	return append(blocks, t)
}
