package reports

import (
	"fmt"
)

// interruptsDocument lays the interrupts report out. It only formats what
// LoadInterrupts computed.
func interruptsDocument(r *InterruptsReport) document {
	doc := document{
		heading{Level: 1, Text: []span{plain("Interruption report: "), data(r.Team, maxNameLength)}},
		para(intro(r)...),
	}
	doc = append(doc, weekBlocks(r)...)
	doc = append(doc, sourceBlocks(r)...)
	doc = append(doc, concentrationBlocks(r)...)
	doc = append(doc, fixBlocks(r)...)
	doc = append(doc, parameterBlocks(r.Parameters, "The settings these numbers were computed with, as recorded in dim_parameters by the last build.")...)
	return doc
}

func intro(r *InterruptsReport) []span {
	class := r.TeamClass
	if class == "" {
		class = "unknown"
	}
	cost := "n/a"
	if r.HourlyCost != nil {
		cost = formatMoney(*r.HourlyCost, r.Currency)
	}
	weeks := fmt.Sprintf("the %d weeks from %s to %s", len(r.Weeks), r.FirstWeek.Label, r.LastWeek.Label)
	if len(r.Weeks) == 1 {
		weeks = "the week " + r.LastWeek.Label
	}
	return []span{
		plain("Work from the other side of the IT / engineering line that "),
		data(r.Team, maxNameLength),
		plain(" (class "), data(class, maxNameLength), plain(", hourly cost " + cost + ") absorbed over " + weeks + " ("),
		plain(r.FirstWeek.Start + " to " + r.LastWeek.End + ", "),
		data(r.TimeZone, maxNameLength),
		plain(fmt.Sprintf("). An interruption costs its hands-on time plus %s minutes to refocus; the range uses %s to %s minutes.",
			paramText(r.RefocusMinutes), paramText(r.RefocusLowMinutes), paramText(r.RefocusHighMinutes))),
	}
}

func weekBlocks(r *InterruptsReport) []block {
	t := r.Total
	blocks := []block{
		h2("Hours and cost per week"),
		para(
			plain("Over these weeks: "),
			strong(fmt.Sprintf("%s hours, cost %s", formatNumber(t.TotalHours, 1), formatMoney(t.Cost, r.Currency))),
			plain(fmt.Sprintf(" (%s–%s hours, cost %s–%s across the refocus range) in %s interruptions touching %s tickets: %s hours and %s a week on average.",
				formatNumber(t.TotalLowHours, 1), formatNumber(t.TotalHighHours, 1), formatMoney(t.CostLow, r.Currency), formatMoney(t.CostHigh, r.Currency),
				formatCount(t.Interruptions), formatCount(t.Tickets), formatNumber(r.AverageHoursPerWeek, 1), formatMoney(r.AverageCostPerWeek, r.Currency))),
		),
	}
	tbl := &docTable{
		Header:   []string{"Week", "Starts", "Interruptions", "Tickets", "Handle hours", "Refocus hours", "Total hours (range)", "Cost (range)"},
		Align:    "llrrrrrr",
		BarLabel: "Total hours",
	}
	for _, w := range r.Weeks {
		tbl.Rows = append(tbl.Rows, append([]cell{num(w.Week), num(w.Start)}, figureCells(w.InterruptionFigures, r.Currency)...))
		tbl.Bars = append(tbl.Bars, w.TotalHours)
	}
	return append(blocks, tbl)
}

// figureCells are the six columns both reports show for interruption
// figures: interruptions, tickets, handle hours, refocus hours, total hours
// with the refocus range, and cost with its range.
func figureCells(f InterruptionFigures, code string) []cell {
	return []cell{
		num(formatCount(f.Interruptions)), num(formatCount(f.Tickets)),
		num(formatNumber(f.HandleHours, 1)), num(formatNumber(f.RefocusHours, 1)),
		num(hoursRange(f.TotalHours, f.TotalLowHours, f.TotalHighHours)),
		num(costRange(f.Cost, f.CostLow, f.CostHigh, code)),
	}
}

func sourceBlocks(r *InterruptsReport) []block {
	s := r.Sources
	blocks := []block{
		h2("Where they come from"),
		para(plain("The tickets these interruptions touched, by tool, by request type and by the requester's team. An interruption that touched tickets of two tools counts once for each; handle hours are hands-on time only, as refocus time cannot be split.")),
	}
	if s.TotalInterruptions == 0 {
		return append(blocks, para(plain("No interruptions were recorded for this team in these weeks.")))
	}
	for _, part := range []struct {
		title, header string
		rows          []SourceFigures
		count         int
	}{
		{"By tool", "Tool", s.Tools, s.ToolCount},
		{"By request type", "Request type", s.Intents, s.IntentCount},
		{"By requesting team", "Requesting team", s.RequestingTeams, s.RequestingTeamCount},
	} {
		note := ""
		if part.count > len(part.rows) {
			note = fmt.Sprintf(": the %d with the most interruptions of %s.", len(part.rows), formatCount(int64(part.count)))
		}
		blocks = append(blocks, para(strong(part.title), plain(note)))
		tbl := &docTable{Header: []string{part.header, "Interruptions", "Tickets", "Handle hours"}, Align: "lrrr", BarLabel: "Interruptions"}
		for _, f := range part.rows {
			name := dataCell(f.Name, maxNameLength)
			switch part.header {
			case "Tool":
				name = toolCell(f.Name)
			case "Request type":
				name = dataCell(intentLabel(f.Name), maxNameLength)
			}
			tbl.Rows = append(tbl.Rows, []cell{name, num(formatCount(f.Interruptions)), num(formatCount(f.Tickets)), num(formatNumber(f.HandleHours, 1))})
			tbl.Bars = append(tbl.Bars, float64(f.Interruptions))
		}
		blocks = append(blocks, tbl)
	}
	return blocks
}

func concentrationBlocks(r *InterruptsReport) []block {
	c := r.Concentration
	blocks := []block{h2("Who absorbs them")}
	if !c.Shown {
		return append(blocks, para(plain(c.Note)))
	}
	top := "n/a"
	if c.TopPersonShare != nil {
		top = formatPercent(*c.TopPersonShare)
	}
	blocks = append(blocks, para(plain(fmt.Sprintf("Over all the data, %s people had interruptions for this team and the busiest took %s of them. People are shown by pseudonym, never by name.",
		formatCount(c.PeopleCount), top))))
	tbl := &docTable{Header: []string{"Person", "Interruptions", "Hours", "Share of team"}, Align: "lrrr", BarLabel: "Share"}
	for _, p := range c.People {
		tbl.Rows = append(tbl.Rows, []cell{dataCell(p.Person, maxNameLength), num(formatCount(p.Interruptions)), num(formatNumber(p.TotalHours, 1)), num(formatPercent(p.ShareOfTeam))})
		tbl.Bars = append(tbl.Bars, p.ShareOfTeam)
	}
	return append(blocks, tbl)
}

func fixBlocks(r *InterruptsReport) []block {
	f := r.FixRanking
	blocks := []block{h2("What to fix first")}
	if !f.Available {
		return append(blocks, para(plain(f.Note)))
	}
	scope := "over all teams"
	if f.Scope == "team" {
		scope = "for this team"
	}
	blocks = append(blocks, para(plain("Tool and request type pairs ranked by the interruption hours a week that would go away if the pair were fixed or automated, "+scope+", from the fix_ranking model.")))
	if len(f.Fixes) == 0 {
		return append(blocks, para(plain("The ranking has no rows.")))
	}
	tbl := &docTable{Header: []string{"Rank", "Tool", "Request type", "Interruptions per week", "Hours per week"}, Align: "rllrr", BarLabel: "Hours per week"}
	for _, fx := range f.Fixes {
		tbl.Rows = append(tbl.Rows, []cell{num(formatCount(fx.Rank)), toolCell(fx.Tool), dataCell(intentLabel(fx.Intent), maxNameLength), num(formatOptional(fx.InterruptionsPerWeek, 1)), num(formatOptional(fx.HoursPerWeek, 1))})
		hours := 0.0
		if fx.HoursPerWeek != nil {
			hours = *fx.HoursPerWeek
		}
		tbl.Bars = append(tbl.Bars, hours)
	}
	return append(blocks, tbl)
}
