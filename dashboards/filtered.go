package dashboards

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
)

// The charts the filters change. Each function computes a chart's series
// and table from the cube for one choice of filters; assets/boot.js has a
// function of the same name that does the same arithmetic in the same
// order, and the browser test checks that the two agree. A function reports
// empty when the filters leave nothing to draw.

// est is a figure that may be estimated from buckets.
type est struct {
	V         float64
	OK        bool // there is a figure at all
	Estimated bool // read from buckets, not taken from a mart
	Open      bool // in the last bucket, which has no upper bound: at least V
}

func exactOf(v *float64) est {
	if v == nil {
		return est{}
	}
	return est{V: *v, OK: true}
}

func estimate(h []float64, q float64) est {
	v, open, ok := quantileOf(h, q)
	return est{V: v, OK: ok, Estimated: true, Open: open}
}

func (e est) text(dec int) string {
	switch {
	case !e.OK:
		return "–"
	case e.Open:
		return "≥ " + fmtFloat(e.V, dec)
	case e.Estimated:
		return "≈ " + fmtFloat(e.V, dec)
	}
	return fmtFloat(e.V, dec)
}

func (e est) value(dec int) any {
	if !e.OK {
		return nil
	}
	return num(e.V, dec)
}

// rank lists the indexes whose value is above zero, largest value first
// and, on ties, in index order.
func rank(vals []float64) []int { return rankWhere(vals, vals) }

// rankWhere lists the indexes whose keep value is above zero, largest
// value first and, on ties, in index order.
func rankWhere(vals, keep []float64) []int {
	var idx []int
	for i, v := range keep {
		if v > 0 {
			idx = append(idx, i)
		}
	}
	sort.SliceStable(idx, func(a, b int) bool { return vals[idx[a]] > vals[idx[b]] })
	return idx
}

func counts(v []float64) []any {
	out := make([]any, len(v))
	for i, x := range v {
		out[i] = num(x, 0)
	}
	return out
}

func values(v []float64, dec int) []any {
	out := make([]any, len(v))
	for i, x := range v {
		out[i] = num(x, dec)
	}
	return out
}

func share(part, whole float64) string {
	if whole <= 0 {
		return "–"
	}
	return fmtPct(part / whole)
}

func (c *cube) span(f filter) []string { return c.Weeks[f.From : f.To+1] }

func (c *cube) allWeeks(f filter) bool { return f.From == 0 && f.To == len(c.Weeks)-1 }

// ticketSum adds up one measure of the ticket cells in f per week.
func (c *cube) ticketSum(f filter, get func(*tcell) float64) []float64 {
	out := make([]float64, f.To-f.From+1)
	for i := range c.T {
		x := &c.T[i]
		if f.ticket(x.W, x.Team, x.Tool) {
			out[x.W-f.From] += get(x)
		}
	}
	return out
}

// ticketHist adds up the histograms of the ticket cells in f per week.
func (c *cube) ticketHist(f filter, get func(*tcell) []float64) [][]float64 {
	out := make([][]float64, f.To-f.From+1)
	for i := range c.T {
		x := &c.T[i]
		if f.ticket(x.W, x.Team, x.Tool) {
			out[x.W-f.From] = addHist(out[x.W-f.From], get(x))
		}
	}
	return out
}

// toolsWeekly: tickets created per week, stacked by tool.
func (c *cube) toolsWeekly(f filter) (map[string]any, table, bool) {
	n := f.To - f.From + 1
	per := make([][]float64, len(c.Tools))
	totals := make([]float64, len(c.Tools))
	for i := range c.T {
		x := &c.T[i]
		if !f.ticket(x.W, x.Team, x.Tool) {
			continue
		}
		if per[x.Tool] == nil {
			per[x.Tool] = make([]float64, n)
		}
		per[x.Tool][x.W-f.From] += x.C
		totals[x.Tool] += x.C
	}
	order := rank(totals)
	top := order[:min(topTools, len(order))]
	var names []string
	var data [][]float64
	for _, i := range top {
		names = append(names, c.Tools[i])
		data = append(data, per[i])
	}
	if rest := order[len(top):]; len(rest) > 0 {
		other := make([]float64, n)
		for j := range other {
			for _, i := range rest {
				other[j] += per[i][j]
			}
		}
		names = append(names, "All other tools")
		data = append(data, other)
	}
	var series []any
	for k, name := range names {
		s := stacked(name, counts(data[k]))
		if k < len(top) && top[k] == c.NoTool {
			s = colored(s, colorMuted)
		}
		series = append(series, s)
	}
	t := numFrom(append(append([]string{"week"}, names...), "total"), 1)
	for j, w := range c.span(f) {
		row := []string{w}
		sum := 0.0
		for k := range names {
			row = append(row, fmtInt(int64(data[k][j])))
			sum += data[k][j]
		}
		t.Rows = append(t.Rows, append(row, fmtInt(int64(sum))))
	}
	return weekly(c.span(f), "tickets", series), t, len(order) == 0
}

// toolsTop: tickets per tool, unsanctioned tools in red.
func (c *cube) toolsTop(f filter) (map[string]any, table, bool) {
	totals := make([]float64, len(c.Tools))
	all := 0.0
	for i := range c.T {
		x := &c.T[i]
		if f.ticket(x.W, x.Team, x.Tool) {
			totals[x.Tool] += x.C
			all += x.C
		}
	}
	order := rank(totals)
	var names []string
	var data []any
	t := newTable([]string{"tool", "tickets", "share", "sanctioned"}, 1, 2)
	for _, i := range order {
		names = append(names, c.Tools[i])
		s := c.Sanctioned[i]
		switch {
		case i == c.NoTool:
			data = append(data, map[string]any{"value": totals[i], "itemStyle": map[string]any{"color": colorMuted}})
		case s != nil && !*s:
			data = append(data, map[string]any{"value": totals[i], "itemStyle": map[string]any{"color": colorWarn}})
		default:
			data = append(data, totals[i])
		}
		sanc := "–"
		if s != nil {
			sanc = map[bool]string{true: "yes", false: "no"}[*s]
		}
		t.Rows = append(t.Rows, []string{c.Tools[i], fmtInt(int64(totals[i])), share(totals[i], all), sanc})
	}
	return hbar(names, "tickets", false, []any{bar("tickets", data)}), t, len(order) == 0
}

// resolveDist: resolved tickets per band of hours to resolve.
func (c *cube) resolveDist(f filter) (map[string]any, table, bool) {
	var h []float64
	for i := range c.T {
		x := &c.T[i]
		if f.ticket(x.W, x.Team, x.Tool) {
			h = addHist(h, x.RH)
		}
	}
	labels := bucketLabels()
	full := make([]float64, len(labels))
	copy(full, h)
	all := 0.0
	for _, v := range full {
		all += v
	}
	o := option("shadow")
	o["grid"] = grid(24, 8)
	o["xAxis"] = map[string]any{"type": "category", "data": labels, "axisLabel": map[string]any{"interval": 0, "rotate": 40}}
	o["yAxis"] = valueAxis("tickets")
	o["series"] = []any{bar("resolved tickets", counts(full))}
	t := newTable([]string{"hours to resolve", "resolved tickets", "share", "resolved within"}, 1, 2, 3)
	cum := 0.0
	for b, v := range full {
		cum += v
		t.Rows = append(t.Rows, []string{labels[b], fmtInt(int64(v)), share(v, all), share(cum, all)})
	}
	return o, t, all == 0
}

// quantiles gives the median and 90th percentile per week: the marts'
// when f chooses no team or tool, else estimated from the buckets.
func quantiles(hs [][]float64, f filter, med, p90 []*float64) ([]est, []est) {
	m, p := make([]est, len(hs)), make([]est, len(hs))
	for j, h := range hs {
		if f.whole() {
			m[j], p[j] = exactOf(med[f.From+j]), exactOf(p90[f.From+j])
		} else {
			m[j], p[j] = estimate(h, 0.5), estimate(h, 0.9)
		}
	}
	return m, p
}

func histTotal(h []float64) float64 {
	n := 0.0
	for _, v := range h {
		n += v
	}
	return n
}

func estValues(es []est, dec int) []any {
	out := make([]any, len(es))
	for i, e := range es {
		out[i] = e.value(dec)
	}
	return out
}

// resolveWeekly: median and p90 hours to resolve per week of resolution.
func (c *cube) resolveWeekly(f filter) (map[string]any, table, bool) {
	hs := c.ticketHist(f, func(x *tcell) []float64 { return x.RH })
	med, p90 := quantiles(hs, f, c.Exact.RHMed, c.Exact.RHP90)
	o := weekly(c.span(f), "hours", []any{line("median", estValues(med, 2)), line("p90", estValues(p90, 2))})
	o["tooltip"].(map[string]any)["axisPointer"] = map[string]any{"type": "line"}
	t := newTable([]string{"week resolved", "resolved tickets", "median h", "p90 h"}, 1, 2, 3)
	some := false
	for j, w := range c.span(f) {
		n := histTotal(hs[j])
		some = some || n > 0
		t.Rows = append(t.Rows, []string{w, fmtInt(int64(n)), med[j].text(1), p90[j].text(1)})
	}
	return o, t, !some
}

// resolveTool: median and p90 hours to resolve per tool.
func (c *cube) resolveTool(f filter) (map[string]any, table, bool) {
	hs := make([][]float64, len(c.Tools))
	n := make([]float64, len(c.Tools))
	for i := range c.T {
		x := &c.T[i]
		if f.ticket(x.W, x.Team, x.Tool) {
			hs[x.Tool] = addHist(hs[x.Tool], x.RH)
		}
	}
	for i, h := range hs {
		n[i] = histTotal(h)
	}
	order := rank(n)
	exactAll := f.whole() && c.allWeeks(f)
	var names []string
	var meds, p90s []any
	t := newTable([]string{"tool", "resolved tickets", "median h", "p90 h"}, 1, 2, 3)
	for k, i := range order {
		m, p := estimate(hs[i], 0.5), estimate(hs[i], 0.9)
		if exactAll && c.Exact.ToolMed[i] != nil {
			m, p = exactOf(c.Exact.ToolMed[i]), exactOf(c.Exact.ToolP90[i])
		}
		if k < topResolve {
			names = append(names, c.Tools[i])
			meds = append(meds, m.value(2))
			p90s = append(p90s, p.value(2))
		}
		t.Rows = append(t.Rows, []string{c.Tools[i], fmtInt(int64(n[i])), m.text(1), p.text(1)})
	}
	return hbar(names, "hours", true, []any{bar("median", meds), bar("p90", p90s)}), t, len(order) == 0
}

// slaWeekly: SLA verdicts per week of creation, with the breach rate.
func (c *cube) slaWeekly(f filter) (map[string]any, table, bool) {
	met := c.ticketSum(f, func(x *tcell) float64 { return x.SM })
	br := c.ticketSum(f, func(x *tcell) float64 { return x.SB })
	pend := c.ticketSum(f, func(x *tcell) float64 { return x.SP })
	rate := make([]any, len(met))
	t := newTable([]string{"week created", "met", "breached", "pending", "breach rate"}, 1, 2, 3, 4)
	some := false
	for j, w := range c.span(f) {
		r := "–"
		if met[j]+br[j] > 0 {
			rate[j] = num(br[j]/(met[j]+br[j])*100, 1)
			r = fmtPct(br[j] / (met[j] + br[j]))
		}
		some = some || met[j]+br[j]+pend[j] > 0
		t.Rows = append(t.Rows, []string{w, fmtInt(int64(met[j])), fmtInt(int64(br[j])), fmtInt(int64(pend[j])), r})
	}
	rateLine := line("breach rate %", rate)
	rateLine["yAxisIndex"] = 1
	o := weekly(c.span(f), "tickets", []any{
		colored(stacked("met", counts(met)), colorGood),
		colored(stacked("breached", counts(br)), colorWarn),
		colored(stacked("pending", counts(pend)), colorMuted),
		colored(rateLine, palette[0]),
	})
	o["yAxis"] = []any{valueAxis("tickets"), map[string]any{"type": "value", "name": "%", "min": 0, "max": 100, "splitLine": map[string]any{"show": false}}}
	return o, t, !some
}

// responseWeekly: median and p90 hours to first response per week of
// creation, with the share of tickets that got one.
func (c *cube) responseWeekly(f filter) (map[string]any, table, bool) {
	hs := c.ticketHist(f, func(x *tcell) []float64 { return x.FR })
	tickets := c.ticketSum(f, func(x *tcell) float64 { return x.C - x.K })
	resp := c.ticketSum(f, func(x *tcell) float64 { return x.RS })
	med, p90 := quantiles(hs, f, c.Exact.FRMed, c.Exact.FRP90)
	o := weekly(c.span(f), "hours", []any{line("median", estValues(med, 2)), line("p90", estValues(p90, 2))})
	o["tooltip"].(map[string]any)["axisPointer"] = map[string]any{"type": "line"}
	t := newTable([]string{"week created", "tickets", "responded", "share responded", "median h", "p90 h"}, 1, 2, 3, 4, 5)
	some := false
	for j, w := range c.span(f) {
		some = some || tickets[j] > 0
		t.Rows = append(t.Rows, []string{w, fmtInt(int64(tickets[j])), fmtInt(int64(resp[j])), share(resp[j], tickets[j]), med[j].text(1), p90[j].text(1)})
	}
	return o, t, !some
}

// backlogWeekly: created and resolved per week, with the open backlog at
// each week's end.
func (c *cube) backlogWeekly(f filter) (map[string]any, table, bool) {
	created := c.ticketSum(f, func(x *tcell) float64 { return x.C })
	resolved := c.ticketSum(f, func(x *tcell) float64 { return x.R })
	open := c.ticketSum(f, func(x *tcell) float64 { return x.O })
	openData := make([]any, len(open))
	t := newTable([]string{"week", "created", "resolved", "net change", "open at week end"}, 1, 2, 3, 4)
	some := false
	for j, w := range c.span(f) {
		o := est{V: open[j], OK: true}
		if f.whole() {
			o = exactOf(c.Exact.Open[f.From+j])
		}
		openData[j] = o.value(0)
		some = some || created[j]+resolved[j]+open[j] > 0
		t.Rows = append(t.Rows, []string{w, fmtInt(int64(created[j])), fmtInt(int64(resolved[j])), fmtSigned(created[j] - resolved[j]), o.text(0)})
	}
	openLine := line("open at week end", openData)
	o := weekly(c.span(f), "tickets", []any{
		bar("created", counts(created)),
		colored(bar("resolved", counts(resolved)), colorGood),
		colored(openLine, colorWarn),
	})
	return o, t, !some
}

// fmtSigned writes a whole number with its sign, ±0 for zero.
func fmtSigned(v float64) string {
	switch {
	case v > 0:
		return "+" + fmtInt(int64(v))
	case v < 0:
		return fmtInt(int64(v))
	}
	return "±0"
}

// hoursBand writes the ends of a refocus band in hours, "low–high".
func hoursBand(low, high float64) string { return fmtFloat(low, 1) + "–" + fmtFloat(high, 1) }

// moneyBand writes the ends of a refocus band in money, "low–high".
func (c *cube) moneyBand(low, high float64) string {
	return fmtMoney(low, c.currency) + "–" + fmtMoney(high, c.currency)
}

// ageAnchors are the colours of the age buckets from youngest to oldest;
// ageColors spreads them over any number of buckets.
var ageAnchors = []string{"#9ecae1", "#6baed6", "#edc948", "#f28e2b", colorWarn}

// ageColors gives n age buckets their colours: the anchors themselves for
// five buckets (the default edges), else colours evenly spaced along them.
func ageColors(n int) []string {
	if n == len(ageAnchors) {
		return append([]string(nil), ageAnchors...)
	}
	out := make([]string, n)
	for i := range out {
		pos := 0.0
		if n > 1 {
			pos = float64(i) * float64(len(ageAnchors)-1) / float64(n-1)
		}
		k := min(int(pos), len(ageAnchors)-2)
		out[i] = mixColor(ageAnchors[k], ageAnchors[k+1], pos-float64(k))
	}
	return out
}

// mixColor is the colour a share f of the way from a to b (#rrggbb).
func mixColor(a, b string, f float64) string {
	ca, _ := strconv.ParseUint(strings.TrimPrefix(a, "#"), 16, 32)
	cb, _ := strconv.ParseUint(strings.TrimPrefix(b, "#"), 16, 32)
	var out uint64
	for shift := 16; shift >= 0; shift -= 8 {
		x, y := float64(ca>>shift&0xff), float64(cb>>shift&0xff)
		out |= uint64(math.Round(x+f*(y-x))) << shift
	}
	return fmt.Sprintf("#%06x", out)
}

// ageTeam: open tickets by age at the data's end, per team, in the buckets
// of backlog_age_daily.
func (c *cube) ageTeam(f filter) (map[string]any, table, bool) {
	nb := len(c.Ages)
	per := make([][]float64, len(c.Teams))
	for i := range per {
		per[i] = make([]float64, nb)
	}
	totals := make([]float64, len(c.Teams))
	for _, x := range c.A {
		if (f.Team >= 0 && f.Team != x.Team) || (f.Tool >= 0 && f.Tool != x.Tool) {
			continue
		}
		for b, v := range x.Age {
			per[x.Team][b] += v
			totals[x.Team] += v
		}
	}
	order := rank(totals)
	var names []string
	data := make([][]any, nb)
	cols := []int{1}
	for b := range nb {
		cols = append(cols, 2+b)
	}
	t := newTable(append([]string{"team", "open"}, c.Ages...), cols...)
	for _, i := range order {
		names = append(names, c.Teams[i])
		row := []string{c.Teams[i], fmtInt(int64(totals[i]))}
		for b := range nb {
			data[b] = append(data[b], per[i][b])
			row = append(row, fmtInt(int64(per[i][b])))
		}
		t.Rows = append(t.Rows, row)
	}
	var series []any
	colors := ageColors(nb)
	for b, l := range c.Ages {
		s := colored(stacked(l, data[b]), colors[b])
		if data[b] == nil {
			s["data"] = []any{}
		}
		series = append(series, s)
	}
	return hbar(names, "open tickets", true, series), t, len(order) == 0
}

// Interruptions: the tool filter does not apply (the interruptions mart has
// no tool).

func (c *cube) dirLabel(i int) string {
	switch c.Dirs[i] {
	case "it_work_to_engineering":
		return "IT work done by engineering"
	case "engineering_work_to_it":
		return "Engineering work done by IT"
	}
	return c.Dirs[i]
}

// intWeekly: interruption hours per week by direction, with the ends of
// the refocus band.
func (c *cube) intWeekly(f filter) (map[string]any, table, bool) {
	n := f.To - f.From + 1
	byDir := make([][]float64, len(c.Dirs))
	var cnt, tickets, handle, refocus, low, high, cost, lowCost, highCost, after = make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
	for _, x := range c.I {
		if !f.teamWeek(x.W, x.Team) {
			continue
		}
		j := x.W - f.From
		if byDir[x.Dir] == nil {
			byDir[x.Dir] = make([]float64, n)
		}
		byDir[x.Dir][j] += x.total()
		cnt[j] += x.N
		tickets[j] += x.Tickets
		handle[j] += x.Handle
		refocus[j] += x.Refocus
		low[j] += x.low()
		high[j] += x.high()
		cost[j] += x.Cost
		lowCost[j] += x.LowCost
		highCost[j] += x.HighCost
		after[j] += x.AfterH
	}
	var series []any
	for d := range c.Dirs {
		if byDir[d] == nil {
			continue
		}
		series = append(series, stacked(c.dirLabel(d), values(byDir[d], 2)))
	}
	lo := line("band low", values(low, 2))
	hi := line("band high", values(high, 2))
	for _, s := range []map[string]any{lo, hi} {
		s["showSymbol"] = false
		s["lineStyle"] = map[string]any{"type": "dashed", "width": 1}
		s["itemStyle"] = map[string]any{"color": colorBand}
	}
	series = append(series, lo, hi)
	o := weekly(c.span(f), "hours", series)
	t := newTable([]string{"week", "interruptions", "tickets", "handle h", "refocus h", "total h", "band h", "cost", "band cost", "after hours"}, 1, 2, 3, 4, 5, 6, 7, 8, 9)
	some := false
	for j, w := range c.span(f) {
		some = some || cnt[j] > 0
		t.Rows = append(t.Rows, []string{
			w, fmtInt(int64(cnt[j])), fmtInt(int64(tickets[j])), fmtFloat(handle[j], 1), fmtFloat(refocus[j], 1),
			fmtFloat(handle[j]+refocus[j], 1), hoursBand(low[j], high[j]),
			fmtMoney(cost[j], c.currency), c.moneyBand(lowCost[j], highCost[j]),
			share(after[j], cnt[j]),
		})
	}
	return o, t, !some
}

// teamTotals adds up the interruption cells in f per team.
func (c *cube) teamTotals(f filter) []icell {
	out := make([]icell, len(c.Teams))
	for _, x := range c.I {
		if !f.teamWeek(x.W, x.Team) {
			continue
		}
		y := &out[x.Team]
		y.N += x.N
		y.Tickets += x.Tickets
		y.Handle += x.Handle
		y.Refocus += x.Refocus
		y.RefocusLow += x.RefocusLow
		y.RefocusHigh += x.RefocusHigh
		y.Cost += x.Cost
		y.LowCost += x.LowCost
		y.HighCost += x.HighCost
	}
	return out
}

// intTeams: interruption cost per team, with the ends of the refocus band.
func (c *cube) intTeams(f filter) (map[string]any, table, bool) {
	tot := c.teamTotals(f)
	costs, cnt := make([]float64, len(tot)), make([]float64, len(tot))
	for i, x := range tot {
		costs[i], cnt[i] = x.Cost, x.N
	}
	order := rankWhere(costs, cnt)
	var names []string
	var cost, low, high []any
	t := newTable([]string{"team", "class", "interruptions", "tickets", "hours", "band h", "cost", "band cost"}, 2, 3, 4, 5, 6, 7)
	for _, i := range order {
		x := tot[i]
		names = append(names, c.Teams[i])
		cost = append(cost, num(x.Cost, 0))
		low = append(low, num(x.LowCost, 0))
		high = append(high, num(x.HighCost, 0))
		class := c.TeamClass[i]
		if class == "" {
			class = "–"
		}
		t.Rows = append(t.Rows, []string{
			c.Teams[i], class, fmtInt(int64(x.N)), fmtInt(int64(x.Tickets)), fmtFloat(x.total(), 1),
			hoursBand(x.low(), x.high()),
			fmtMoney(x.Cost, c.currency), c.moneyBand(x.LowCost, x.HighCost),
		})
	}
	mark := func(name string, data []any) map[string]any {
		return map[string]any{
			"type": "scatter", "name": name, "data": data, "symbol": "rect", "symbolSize": []int{3, 18},
			"itemStyle": map[string]any{"color": colorBand}, "z": 3,
		}
	}
	o := hbar(names, c.currency, true, []any{bar("cost", cost), mark("low end", low), mark("high end", high)})
	return o, t, len(order) == 0
}

// intHeat: interruption hours per team and week.
func (c *cube) intHeat(f filter) (map[string]any, table, bool) {
	n := f.To - f.From + 1
	per := make([][]float64, len(c.Teams))
	totals := make([]float64, len(c.Teams))
	for _, x := range c.I {
		if !f.teamWeek(x.W, x.Team) {
			continue
		}
		if per[x.Team] == nil {
			per[x.Team] = make([]float64, n)
		}
		per[x.Team][x.W-f.From] += x.total()
		totals[x.Team] += x.total()
	}
	order := rank(totals)
	var names []string
	cells := []any{}
	peak := 0.0
	t := newTable([]string{"team", "total h", "weeks with interruptions", "busiest week", "hours that week"}, 1, 2, 4)
	for k, i := range order {
		names = append(names, c.Teams[i])
		weeks, best := 0, 0
		for j, v := range per[i] {
			if v <= 0 {
				continue
			}
			weeks++
			if v > per[i][best] {
				best = j
			}
			peak = max(peak, v)
			cells = append(cells, []any{j, k, num(v, 2)})
		}
		t.Rows = append(t.Rows, []string{c.Teams[i], fmtFloat(totals[i], 1), fmtInt(int64(weeks)), c.Weeks[f.From+best], fmtFloat(per[i][best], 1)})
	}
	o := option("")
	o["grid"] = grid(8, 56)
	o["xAxis"] = map[string]any{"type": "category", "data": c.span(f), "splitArea": map[string]any{"show": true}, "axisLabel": map[string]any{"hideOverlap": true}}
	o["yAxis"] = map[string]any{"type": "category", "data": names, "inverse": true, "splitArea": map[string]any{"show": true}, "axisLabel": map[string]any{"width": 160, "overflow": "truncate"}}
	o["visualMap"] = map[string]any{
		"min": 0, "max": num(max(peak, 1), 1), "calculable": false, "orient": "horizontal",
		"left": "center", "bottom": 0, "itemHeight": 120, "text": []string{"more hours", "fewer"},
		"inRange": map[string]any{"color": []string{"#deebf7", "#6baed6", "#2a5599"}},
	}
	o["series"] = []any{map[string]any{"type": "heatmap", "name": "hours", "data": cells}}
	return o, t, len(order) == 0
}

// intFlow: interruption hours from each kind of work to the teams that did
// it, as a Sankey diagram.
func (c *cube) intFlow(f filter) (map[string]any, table, bool) {
	type link struct{ hours, n, cost float64 }
	links := map[[2]int]*link{}
	dirTotal := make([]float64, len(c.Dirs))
	teamTotal := make([]float64, len(c.Teams))
	for _, x := range c.I {
		if !f.teamWeek(x.W, x.Team) {
			continue
		}
		k := [2]int{x.Dir, x.Team}
		l := links[k]
		if l == nil {
			l = &link{}
			links[k] = l
		}
		l.hours += x.total()
		l.n += x.N
		l.cost += x.Cost
		dirTotal[x.Dir] += x.total()
		teamTotal[x.Team] += x.total()
	}
	dirNames, teamNames := c.flowNames()
	var nodes, data []any
	t := newTable([]string{"work", "team", "interruptions", "hours", "cost"}, 2, 3, 4)
	dirs, teams := rank(dirTotal), rank(teamTotal)
	for _, d := range dirs {
		nodes = append(nodes, map[string]any{"name": dirNames[d]})
	}
	for _, i := range teams {
		nodes = append(nodes, map[string]any{"name": teamNames[i]})
	}
	for _, d := range dirs {
		for _, i := range teams {
			l := links[[2]int{d, i}]
			if l == nil || l.hours <= 0 {
				continue
			}
			data = append(data, map[string]any{"source": dirNames[d], "target": teamNames[i], "value": num(l.hours, 2)})
			t.Rows = append(t.Rows, []string{c.dirLabel(d), c.Teams[i], fmtInt(int64(l.n)), fmtFloat(l.hours, 1), fmtMoney(l.cost, c.currency)})
		}
	}
	o := option("")
	o["series"] = []any{map[string]any{
		"type": "sankey", "name": "hours", "left": 8, "right": 160, "top": 8, "bottom": 8,
		"nodeGap": 10, "emphasis": map[string]any{"focus": "adjacency"},
		"label":     map[string]any{"width": 150, "overflow": "truncate"},
		"lineStyle": map[string]any{"color": "gradient", "opacity": 0.35},
		"data":      nonNil(nodes), "links": nonNil(data),
	}}
	return o, t, len(data) == 0
}

func nonNil(v []any) []any {
	if v == nil {
		return []any{}
	}
	return v
}

// flowNames are the Sankey's node names: each direction's and each team's
// label, made unique (a node name is its identity) by appending zero-width
// spaces to repeats.
func (c *cube) flowNames() (dirs, teams []string) {
	seen := map[string]bool{}
	unique := func(s string) string {
		for seen[s] {
			s += "\u200b"
		}
		seen[s] = true
		return s
	}
	for i := range c.Dirs {
		dirs = append(dirs, unique(c.dirLabel(i)))
	}
	for _, t := range c.Teams {
		teams = append(teams, unique(t))
	}
	return dirs, teams
}

// focus: the share of engineers' focus blocks with no cross-team touch.
func (c *cube) focus(f filter) (map[string]any, table, bool) {
	n := f.To - f.From + 1
	days, blocks, clean := make([]float64, n), make([]float64, n), make([]float64, n)
	for _, x := range c.F {
		if !f.teamWeek(x.W, x.Team) {
			continue
		}
		j := x.W - f.From
		days[j] += x.Days
		blocks[j] += x.Blocks
		clean[j] += x.Clean
	}
	shares := make([]any, n)
	t := newTable([]string{"week", "engineer-days", "focus blocks", "clean blocks", "clean share"}, 1, 2, 3, 4)
	some := false
	for j, w := range c.span(f) {
		if blocks[j] > 0 {
			shares[j] = num(clean[j]/blocks[j]*100, 1)
			some = true
		}
		t.Rows = append(t.Rows, []string{w, fmtInt(int64(days[j])), fmtInt(int64(blocks[j])), fmtInt(int64(clean[j])), share(clean[j], blocks[j])})
	}
	o := weekly(c.span(f), "%", []any{colored(line("clean focus blocks", shares), colorGood)})
	o["yAxis"] = map[string]any{"type": "value", "name": "%", "min": 0, "max": 100}
	o["tooltip"].(map[string]any)["axisPointer"] = map[string]any{"type": "line"}
	return o, t, !some
}

// untracked: hours on help-channel requests with no ticket next to the
// ticket interruption hours of the same teams.
func (c *cube) untracked(f filter) (map[string]any, table, bool) {
	n := f.To - f.From + 1
	threads, cnt, total, low, high, cost, tickets := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
	for _, x := range c.U {
		if !f.teamWeek(x.W, x.Team) {
			continue
		}
		j := x.W - f.From
		threads[j] += x.Threads
		cnt[j] += x.N
		total[j] += x.Total
		low[j] += x.Low
		high[j] += x.High
		cost[j] += x.Cost
		tickets[j] += x.TicketHours
	}
	t := newTable([]string{"week", "threads", "interruptions", "untracked h", "band h", "cost", "ticket interruption h", "untracked share"}, 1, 2, 3, 4, 5, 6, 7)
	some := false
	for j, w := range c.span(f) {
		some = some || total[j]+tickets[j] > 0
		t.Rows = append(t.Rows, []string{
			w, fmtInt(int64(threads[j])), fmtInt(int64(cnt[j])), fmtFloat(total[j], 1),
			hoursBand(low[j], high[j]), fmtMoney(cost[j], c.currency),
			fmtFloat(tickets[j], 1), share(total[j], total[j]+tickets[j]),
		})
	}
	o := weekly(c.span(f), "hours", []any{
		stacked("ticket interruptions", values(tickets, 2)),
		colored(stacked("untracked help-channel requests", values(total, 2)), palette[1]),
	})
	return o, t, !some
}
