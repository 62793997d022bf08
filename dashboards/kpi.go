package dashboards

// The headline tiles: seven figures of one week (the last full week in the
// data, or the last week of the chosen date range) with the change from the
// week before and a sparkline of the weeks up to it. With no team and no
// tool chosen they are weekly_summary's figures; otherwise they are added
// up (or, for the median, estimated) from the cube. boot.js's tiles
// function computes the same.

// kpi is one headline tile.
type kpi struct {
	Key       string
	Label     string
	Value     string
	Detail    string
	Delta     string
	DeltaNote string
	Trend     string // up, down or flat: the arrow
	Tone      string // good, bad or neutral: the colour
	Spark     string // the sparkline's points, in a 120 x 32 box
	Note      string // which filters do not apply
}

// tileKeys are the tiles in page order, with weekly_summary's column index.
var tileKeys = []string{"created", "resolved", "backlog", "resolve", "inthours", "intcost", "auto"}

const sparkWeeks = 26

// tileWeek is the week the tiles show under f: the last full week when it
// is in the range, else the range's last week.
func tileWeek(f filter, lastFull int) int {
	if lastFull >= f.From {
		return min(f.To, lastFull)
	}
	return f.To
}

// tileValues computes one tile's figure for the weeks from..to under f's
// team and tool, and the refocus band for the interruption tiles.
func (c *cube) tileValues(key string, f filter, from, to int) (vals []est, lo, hi []float64) {
	g := filter{From: from, To: to, Team: f.Team, Tool: f.Tool}
	n := to - from + 1
	vals = make([]est, n)
	col := map[string]int{"created": 0, "resolved": 1, "backlog": 2, "resolve": 3, "inthours": 4, "intcost": 5, "auto": 6}[key]
	exactApplies := f.whole() || ((key == "inthours" || key == "intcost") && f.Team < 0)
	if exactApplies {
		for j := range n {
			vals[j] = exactOf(c.Exact.Summary[from+j][col])
		}
	}
	sums := func(get func(*tcell) float64) {
		s := c.ticketSum(g, get)
		for j, v := range s {
			vals[j] = est{V: v, OK: true}
		}
	}
	switch key {
	case "created":
		if !exactApplies {
			sums(func(x *tcell) float64 { return x.C })
		}
	case "resolved":
		if !exactApplies {
			sums(func(x *tcell) float64 { return x.R })
		}
	case "backlog":
		if !exactApplies {
			sums(func(x *tcell) float64 { return x.O })
		}
	case "resolve":
		if !exactApplies {
			for j, h := range c.ticketHist(g, func(x *tcell) []float64 { return x.RH }) {
				vals[j] = estimate(h, 0.5)
			}
		}
	case "auto":
		if !exactApplies {
			s := c.ticketSum(g, func(x *tcell) float64 { return x.AP })
			for j, v := range s {
				vals[j] = est{V: v * c.Share / 60, OK: true}
			}
		}
	case "inthours", "intcost":
		lo, hi = make([]float64, n), make([]float64, n)
		sum := make([]float64, n)
		for _, x := range c.I {
			if !g.teamWeek(x.W, x.Team) {
				continue
			}
			j := x.W - from
			if key == "inthours" {
				sum[j] += x.total()
				lo[j] += x.low()
				hi[j] += x.high()
			} else {
				sum[j] += x.Cost
				lo[j] += x.LowCost
				hi[j] += x.HighCost
			}
		}
		if !exactApplies {
			for j, v := range sum {
				vals[j] = est{V: v, OK: true}
			}
		}
	}
	return vals, lo, hi
}

// tiles computes the headline tiles under f.
func (c *cube) tiles(f filter, lastFull int) []kpi {
	labels := map[string]string{
		"created":  "Tickets created",
		"resolved": "Tickets resolved",
		"backlog":  "Open backlog",
		"resolve":  "Median hours to resolve",
		"inthours": "Interruption hours",
		"intcost":  "Interruption cost",
		"auto":     "Automatable hours",
	}
	var out []kpi
	if len(c.Weeks) == 0 {
		for _, key := range tileKeys {
			out = append(out, kpi{Key: key, Label: labels[key], Value: "n/a", Detail: "no weeks in the data yet", Delta: "n/a", Tone: "neutral"})
		}
		return out
	}
	w := tileWeek(f, lastFull)
	from := max(f.From, w-sparkWeeks+1)
	prevOK := w > 0
	lo := from
	if prevOK {
		lo = min(from, w-1)
	}
	week := c.Weeks[w]
	for _, key := range tileKeys {
		vals, bandLo, bandHi := c.tileValues(key, f, lo, w)
		cur := vals[len(vals)-1]
		k := kpi{Key: key, Label: labels[key], Tone: "neutral"}
		switch key {
		case "created":
			k.Value, k.Detail = cur.countText(), "created in the week of "+week
		case "resolved":
			k.Value, k.Detail = cur.countText(), "resolved in the week of "+week
		case "backlog":
			k.Value, k.Detail = cur.countText(), "open when the week of "+week+" ended"
		case "resolve":
			k.Value, k.Detail = cur.text(1), "calendar hours, tickets resolved in the week of "+week
		case "inthours":
			k.Value = cur.numText(1)
			k.Detail = "week of " + week + "; " + fmtFloat(bandLo[len(bandLo)-1], 1) + "–" + fmtFloat(bandHi[len(bandHi)-1], 1) + " h over the refocus band"
		case "intcost":
			k.Value = cur.moneyText(c.currency)
			k.Detail = "week of " + week + "; " + fmtMoney(bandLo[len(bandLo)-1], c.currency) + "–" + fmtMoney(bandHi[len(bandHi)-1], c.currency) + " over the refocus band"
		case "auto":
			k.Value, k.Detail = cur.numText(1), "hands-on hours of the week’s automatable requests (week of "+week+")"
		}
		if (key == "inthours" || key == "intcost") && f.Tool >= 0 {
			k.Note = "The tool filter does not apply to interruptions."
		}
		k.Delta, k.DeltaNote = "n/a", "no week before to compare"
		if prevOK {
			prev := vals[len(vals)-2]
			k.DeltaNote = "vs the week of " + c.Weeks[w-1]
			if cur.OK && prev.OK {
				d := cur.V - prev.V
				switch key {
				case "created", "resolved", "backlog":
					k.Delta = fmtDeltaInt(int64(cur.V), int64(prev.V))
				case "intcost":
					k.Delta = fmtDeltaMoney(cur.V, prev.V, c.currency)
				default:
					k.Delta = fmtDeltaFloat(cur.V, prev.V, 1, " h")
				}
				if cur.Estimated || prev.Estimated {
					k.Delta = "≈ " + k.Delta
				}
				k.Trend = trend(d)
				upIsBad := map[string]bool{"backlog": true, "resolve": true, "inthours": true, "intcost": true}
				upIsGood := map[string]bool{"resolved": true}
				switch {
				case k.Trend == "flat":
				case upIsBad[key]:
					k.Tone = map[bool]string{true: "bad", false: "good"}[d > 0]
				case upIsGood[key]:
					k.Tone = map[bool]string{true: "good", false: "bad"}[d > 0]
				}
			} else {
				k.Delta = "n/a"
			}
		}
		k.Spark = sparkPoints(vals[len(vals)-(w-from+1):])
		out = append(out, k)
	}
	return out
}

func (e est) countText() string {
	if !e.OK {
		return "n/a"
	}
	return fmtInt(int64(e.V))
}

func (e est) numText(dec int) string {
	if !e.OK {
		return "n/a"
	}
	return fmtFloat(e.V, dec)
}

func (e est) moneyText(currency string) string {
	if !e.OK {
		return "n/a"
	}
	return fmtMoney(e.V, currency)
}

// sparkPoints draws vals into a 120 x 32 box (2 px margin top and bottom),
// skipping missing values; "" when fewer than two values are known.
func sparkPoints(vals []est) string {
	lo, hi, known := 0.0, 0.0, 0
	for _, v := range vals {
		if !v.OK {
			continue
		}
		if known == 0 || v.V < lo {
			lo = v.V
		}
		if known == 0 || v.V > hi {
			hi = v.V
		}
		known++
	}
	if known < 2 {
		return ""
	}
	s := ""
	for i, v := range vals {
		if !v.OK {
			continue
		}
		x := 60.0
		if len(vals) > 1 {
			x = float64(i) * 120 / float64(len(vals)-1)
		}
		y := 16.0
		if hi > lo {
			y = 30 - (v.V-lo)/(hi-lo)*28
		}
		if s != "" {
			s += " "
		}
		s += plainFloat(x) + "," + plainFloat(y)
	}
	return s
}

// plainFloat writes v with one decimal and no thousands separator.
func plainFloat(v float64) string {
	s := fmtFloat(v, 1)
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] != ',' {
			out = append(out, s[i])
		}
	}
	return string(out)
}
