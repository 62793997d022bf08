package dashboards

import (
	"context"
	"database/sql"
	"encoding/json"
	"math"
	"sort"
	"time"

	"github.com/lanes-dev/lanes/models/warehouse"
)

// The cube is what the page's filters work on: small aggregates per
// reporting week, team and tool, embedded in the page as JSON. Both this
// package (for the page as written) and the page's script (for every other
// choice of filters) compute the filterable charts from it, with the same
// arithmetic in the same order, so the two agree to the last digit.
//
// It is bounded so that the page stays small whatever the warehouse holds:
// at most maxWeeks weeks (the latest), maxTeams named teams and maxTools
// named tools (the busiest) with the rest folded into "Other teams" and
// "Other tools"; when the cells still take more than cubeBudget bytes, fit
// folds more teams and tools.
const (
	maxWeeks   = 104
	maxTeams   = 12
	maxTools   = 15
	cubeBudget = 1_000_000
	otherTeams = "Other teams"
	otherTools = "Other tools"
)

// unknownTool is the tool int_ticket_tool gives a ticket that names no tool
// of the catalogue; the page shows it as noToolLabel, in muted grey, as the
// weekly report does, so that it does not read as a tool.
const (
	unknownTool = "Unknown"
	noToolLabel = "(no tool identified)"
)

// edges are the upper bounds, in hours, of the buckets that times to
// resolve and to first response are counted in; the last bucket has no
// upper bound. Medians and 90th percentiles under a filter are read from
// these counts (quantileOf).
var edges = []float64{0.25, 0.5, 1, 2, 4, 8, 16, 24, 48, 72, 120, 168, 336, 720}

// bucketLabels names the buckets of edges.
func bucketLabels() []string {
	h := func(v float64) string {
		switch {
		case v < 1:
			return fmtFloat(v*60, 0) + " min"
		case v < 48:
			return fmtFloat(v, 0) + " h"
		default:
			return fmtFloat(v/24, 0) + " d"
		}
	}
	out := []string{"under " + h(edges[0])}
	for b := 1; b < len(edges); b++ {
		out = append(out, h(edges[b-1])+" – "+h(edges[b]))
	}
	return append(out, h(edges[len(edges)-1])+" or more")
}

// tcell is one (week, team, tool) cell of the ticket cube.
type tcell struct {
	W, Team, Tool int
	C             float64 // created in the week
	K             float64 // of those, canceled
	RS            float64 // of those not canceled, with a first response
	AP            float64 // handle minutes of those with an automatable intent
	R             float64 // resolved in the week
	SM, SB, SP    float64 // SLA verdicts met, breached, pending (week of creation)
	O             float64 // open at the end of the week
	RH, FR        []float64
}

// icell is one (week, team, direction) cell of the interruption cube.
type icell struct {
	W, Team, Dir                    int
	N, Tickets, Handle, Refocus     float64
	RefocusLow, RefocusHigh         float64
	Cost, LowCost, HighCost, AfterH float64
}

func (x icell) total() float64 { return x.Handle + x.Refocus }
func (x icell) low() float64   { return x.Handle + x.RefocusLow }
func (x icell) high() float64  { return x.Handle + x.RefocusHigh }

// ucell is one (week, team) cell of untracked help-channel requests.
type ucell struct {
	W, Team                                         int
	Threads, N, Total, Low, High, Cost, TicketHours float64
}

// fcell is one (week, team) cell of focus blocks.
type fcell struct {
	W, Team             int
	Days, Blocks, Clean float64
}

// acell is one (team, tool) cell of open tickets by age at the data's end.
type acell struct {
	Team, Tool int
	Age        []float64 // per bucket of cube.Ages
}

// exact holds mart figures the cube can only estimate or that the tiles
// show as the marts have them. They apply while no team and no tool is
// chosen, so the page as written shows the marts' numbers.
type exact struct {
	Open         []*float64 // backlog_weekly.open_at_week_end per week
	RHMed, RHP90 []*float64 // time_to_resolve per week of resolution
	FRMed, FRP90 []*float64 // first_response per week of creation
	// ToolMed and ToolP90 are time_to_resolve per tool over all weeks; nil
	// for "Other tools".
	ToolMed, ToolP90 []*float64
	// Summary is weekly_summary per week: created, resolved, open backlog,
	// median resolve hours, interruption hours and cost, automation hours.
	Summary [][7]*float64
}

// cube is the filterable data.
type cube struct {
	Weeks      []string
	Dropped    int // weeks before Weeks[0] the page leaves out
	Teams      []string
	TeamClass  []string
	TeamOther  bool // the last team is "Other teams"
	Tools      []string
	Sanctioned []*bool
	ToolOther  bool // the last tool is "Other tools"
	NoTool     int  // the index of noToolLabel in Tools, -1 if none
	Dirs       []string
	T          []tcell
	I          []icell
	U          []ucell
	F          []fcell
	A          []acell
	Ages       []string // the age buckets' labels (data.AgeLabels)
	Exact      exact
	Share      float64 // automatable_share: automation hours = AP x Share / 60
	currency   string
}

// filter is a choice of the page's filters: weeks From..To (indexes into
// cube.Weeks, inclusive) and a team and a tool (indexes; -1 = all).
type filter struct {
	From, To   int
	Team, Tool int
}

func (c *cube) all() filter { return filter{From: 0, To: len(c.Weeks) - 1, Team: -1, Tool: -1} }

// whole reports whether f chooses no team and no tool, so that the marts'
// exact weekly figures apply.
func (f filter) whole() bool { return f.Team < 0 && f.Tool < 0 }

func (f filter) week(w int) bool { return w >= f.From && w <= f.To }

// ticket reports whether a ticket-cube cell is in the filter.
func (f filter) ticket(w, team, tool int) bool {
	return f.week(w) && (f.Team < 0 || f.Team == team) && (f.Tool < 0 || f.Tool == tool)
}

// teamWeek reports whether a (week, team) cell is in the filter; the tool
// does not apply.
func (f filter) teamWeek(w, team int) bool { return f.week(w) && (f.Team < 0 || f.Team == team) }

// quantileOf estimates the q-quantile of the values counted in hist
// (bucket b holds edges[b-1] <= v < edges[b]) by linear interpolation
// inside the bucket it falls in. open is true when that is the last bucket,
// which has no upper bound: the value is then its lower bound. ok is false
// when hist counts nothing. boot.js's quantile is the same function.
func quantileOf(hist []float64, q float64) (v float64, open, ok bool) {
	n := 0.0
	for _, x := range hist {
		n += x
	}
	if n <= 0 {
		return 0, false, false
	}
	target := q * n
	cum := 0.0
	last := len(hist) - 1
	for last > 0 && hist[last] <= 0 {
		last--
	}
	for b := 0; b <= last; b++ {
		x := hist[b]
		if x <= 0 {
			continue
		}
		if cum+x >= target || b == last {
			lo := 0.0
			if b > 0 {
				lo = edges[b-1]
			}
			if b >= len(edges) {
				return lo, true, true
			}
			f := (target - cum) / x
			return lo + f*(edges[b]-lo), false, true
		}
		cum += x
	}
	return 0, false, false
}

// addHist adds src into dst, growing dst as needed.
func addHist(dst, src []float64) []float64 {
	for len(dst) < len(src) {
		dst = append(dst, 0)
	}
	for i, x := range src {
		dst[i] += x
	}
	return dst
}

// round rounds v to dec decimals, half away from zero, as num does; the
// cube holds rounded values so that sums come out the same in the browser.
func round(v float64, dec int) float64 {
	p := math.Pow(10, float64(dec))
	r := math.Round(math.Abs(v)*p) / p
	if v < 0 {
		return -r
	}
	return r
}

// loadCube reads the cube. d.Teams and d.Tools must be loaded.
func loadCube(ctx context.Context, wh *warehouse.Warehouse, d *data, share float64) (*cube, error) {
	c := &cube{Share: share, Dirs: []string{"it_work_to_engineering", "engineering_work_to_it"}}
	first, last, ok, err := weekRange(ctx, wh)
	if err != nil {
		return nil, err
	}
	if ok {
		for t := first; !t.After(last); t = t.AddDate(0, 0, 7) {
			c.Weeks = append(c.Weeks, day(t))
		}
		if len(c.Weeks) > maxWeeks {
			c.Dropped = len(c.Weeks) - maxWeeks
			c.Weeks = c.Weeks[c.Dropped:]
		}
	}
	for i, t := range d.Teams {
		if i == maxTeams {
			break
		}
		c.Teams = append(c.Teams, t.Team)
		c.TeamClass = append(c.TeamClass, t.Class)
	}
	for i, t := range d.Tools {
		if i == maxTools {
			break
		}
		c.Tools = append(c.Tools, t.Tool)
		var s *bool
		if t.Sanctioned.Valid {
			b := t.Sanctioned.Bool
			s = &b
		}
		c.Sanctioned = append(c.Sanctioned, s)
	}
	if len(c.Weeks) == 0 {
		c.exactFrom(d)
		c.nameNoTool()
		return c, nil
	}
	teamsJSON, err := json.Marshal(c.Teams)
	if err != nil {
		return nil, err
	}
	toolsJSON, err := json.Marshal(c.Tools)
	if err != nil {
		return nil, err
	}
	edgesJSON, err := json.Marshal(edges)
	if err != nil {
		return nil, err
	}
	if len(d.Teams) > maxTeams {
		c.Teams = append(c.Teams, otherTeams)
		c.TeamClass = append(c.TeamClass, "")
		c.TeamOther = true
	}
	if len(d.Tools) > maxTools {
		c.Tools = append(c.Tools, otherTools)
		c.Sanctioned = append(c.Sanctioned, nil)
		c.ToolOther = true
	}
	from, to := c.Weeks[0], c.Weeks[len(c.Weeks)-1]

	cells := map[[3]int]*tcell{}
	err = each(ctx, wh, "cube_tickets", []any{string(teamsJSON), string(toolsJSON), from, string(edgesJSON), to}, func(r *sql.Rows) error {
		var w, team, tool, b int
		var m string
		var n float64
		if err := r.Scan(&w, &team, &tool, &m, &b, &n); err != nil {
			return err
		}
		k := [3]int{w, team, tool}
		x := cells[k]
		if x == nil {
			x = &tcell{W: w, Team: team, Tool: tool}
			cells[k] = x
		}
		switch m {
		case "c":
			x.C += n
		case "k":
			x.K += n
		case "rs":
			x.RS += n
		case "ap":
			x.AP += round(n, 1)
		case "r":
			x.R += n
		case "sm":
			x.SM += n
		case "sb":
			x.SB += n
		case "sp":
			x.SP += n
		case "o":
			x.O += n
		case "rh", "fr":
			h := make([]float64, b+1)
			h[b] = n
			if m == "rh" {
				x.RH = addHist(x.RH, h)
			} else {
				x.FR = addHist(x.FR, h)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, x := range cells {
		c.T = append(c.T, *x)
	}
	sortTickets(c.T)

	args := []any{string(teamsJSON), from, to}
	var rawDirs []string
	err = each(ctx, wh, "cube_interruptions", args, func(r *sql.Rows) error {
		var x icell
		var dir string
		var low, high, total float64
		if err := r.Scan(&x.W, &x.Team, &dir, &x.N, &x.Tickets, &x.Handle, &x.Refocus, &low, &high, &total, &x.Cost, &x.LowCost, &x.HighCost, &x.AfterH); err != nil {
			return err
		}
		// low = handle + refocus_low, high = handle + refocus_high; total =
		// handle + refocus is not kept.
		x.RefocusLow, x.RefocusHigh = round(low-x.Handle, 3), round(high-x.Handle, 3)
		x.Handle, x.Refocus = round(x.Handle, 3), round(x.Refocus, 3)
		x.Cost, x.LowCost, x.HighCost = round(x.Cost, 2), round(x.LowCost, 2), round(x.HighCost, 2)
		c.I = append(c.I, x)
		rawDirs = append(rawDirs, dir)
		return nil
	})
	if err != nil {
		return nil, err
	}
	// Directions lanes does not know go after the two it does, by name.
	dirIndex := map[string]int{}
	for i, dir := range c.Dirs {
		dirIndex[dir] = i
	}
	var unknown []string
	for _, dir := range rawDirs {
		if _, ok := dirIndex[dir]; !ok {
			dirIndex[dir] = -1
			unknown = append(unknown, dir)
		}
	}
	sort.Strings(unknown)
	for _, dir := range unknown {
		dirIndex[dir] = len(c.Dirs)
		c.Dirs = append(c.Dirs, dir)
	}
	for i := range c.I {
		c.I[i].Dir = dirIndex[rawDirs[i]]
	}
	sortInterruptions(c.I)
	err = each(ctx, wh, "cube_untracked", args, func(r *sql.Rows) error {
		var x ucell
		if err := r.Scan(&x.W, &x.Team, &x.Threads, &x.N, &x.Total, &x.Low, &x.High, &x.Cost, &x.TicketHours); err != nil {
			return err
		}
		x.Total, x.Low, x.High = round(x.Total, 3), round(x.Low, 3), round(x.High, 3)
		x.Cost, x.TicketHours = round(x.Cost, 2), round(x.TicketHours, 3)
		c.U = append(c.U, x)
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = each(ctx, wh, "cube_focus", args, func(r *sql.Rows) error {
		var x fcell
		if err := r.Scan(&x.W, &x.Team, &x.Days, &x.Blocks, &x.Clean); err != nil {
			return err
		}
		c.F = append(c.F, x)
		return nil
	})
	if err != nil {
		return nil, err
	}
	c.Ages = d.AgeLabels
	ageEdgesJSON, err := json.Marshal(append([]float64{}, d.AgeEdges...))
	if err != nil {
		return nil, err
	}
	ageCell := map[[2]int]int{}
	err = each(ctx, wh, "cube_age", []any{string(teamsJSON), string(toolsJSON), string(ageEdgesJSON)}, func(r *sql.Rows) error {
		var team, tool, bucket int
		var n float64
		if err := r.Scan(&team, &tool, &bucket, &n); err != nil {
			return err
		}
		if bucket < 0 || bucket >= len(c.Ages) {
			return nil
		}
		k := [2]int{team, tool}
		i, ok := ageCell[k]
		if !ok {
			i = len(c.A)
			ageCell[k] = i
			c.A = append(c.A, acell{Team: team, Tool: tool, Age: make([]float64, len(c.Ages))})
		}
		c.A[i].Age[bucket] += n
		return nil
	})
	if err != nil {
		return nil, err
	}
	c.fit(cubeBudget)
	c.exactFrom(d)
	c.nameNoTool()
	return c, nil
}

func sortTickets(t []tcell) {
	sort.Slice(t, func(i, j int) bool {
		a, b := t[i], t[j]
		if a.W != b.W {
			return a.W < b.W
		}
		if a.Team != b.Team {
			return a.Team < b.Team
		}
		return a.Tool < b.Tool
	})
}

func sortInterruptions(x []icell) {
	sort.Slice(x, func(i, j int) bool {
		a, b := x[i], x[j]
		if a.W != b.W {
			return a.W < b.W
		}
		if a.Team != b.Team {
			return a.Team < b.Team
		}
		return a.Dir < b.Dir
	})
}

// weekRange reads the first and last week with data.
func weekRange(ctx context.Context, wh *warehouse.Warehouse) (first, last time.Time, ok bool, err error) {
	var f, l sql.NullTime
	err = each(ctx, wh, "weeks", nil, func(r *sql.Rows) error { return r.Scan(&f, &l) })
	if err != nil || !f.Valid || !l.Valid {
		return first, last, false, err
	}
	first = time.Date(f.Time.Year(), f.Time.Month(), f.Time.Day(), 0, 0, 0, 0, time.UTC)
	last = time.Date(l.Time.Year(), l.Time.Month(), l.Time.Day(), 0, 0, 0, 0, time.UTC)
	return first, last, !last.Before(first), nil
}

// named is how many teams (tools) have their own name, "other" aside.
func (c *cube) namedTeams() int {
	if c.TeamOther {
		return len(c.Teams) - 1
	}
	return len(c.Teams)
}

func (c *cube) namedTools() int {
	if c.ToolOther {
		return len(c.Tools) - 1
	}
	return len(c.Tools)
}

// fit folds the quietest named teams and tools into "other", one at a
// time and the longer list first, until the cells take at most budget
// bytes in the page.
func (c *cube) fit(budget int) {
	for c.size() > budget {
		nt, nl := c.namedTeams(), c.namedTools()
		switch {
		case nl > 1 && nl >= nt:
			c.foldTools(nl - 1)
		case nt > 1:
			c.foldTeams(nt - 1)
		default:
			return
		}
	}
}

// nameNoTool shows unknownTool as noToolLabel and records where it is. It
// runs last: the queries and c.Exact look tools up by their model names.
func (c *cube) nameNoTool() {
	c.NoTool = -1
	for i, t := range c.Tools {
		if t == unknownTool {
			c.Tools[i] = noToolLabel
			c.NoTool = i
		}
	}
}

// foldTools keeps the first k tools and folds the rest into "Other tools".
func (c *cube) foldTools(k int) {
	to := func(i int) int { return min(i, k) }
	c.Tools = append(c.Tools[:k:k], otherTools)
	c.Sanctioned = append(c.Sanctioned[:k:k], nil)
	c.ToolOther = true
	c.T = mergeTickets(c.T, func(x *tcell) { x.Tool = to(x.Tool) })
	c.A = mergeAges(c.A, func(x *acell) { x.Tool = to(x.Tool) })
}

// foldTeams keeps the first k teams and folds the rest into "Other teams".
func (c *cube) foldTeams(k int) {
	to := func(i int) int { return min(i, k) }
	c.Teams = append(c.Teams[:k:k], otherTeams)
	c.TeamClass = append(c.TeamClass[:k:k], "")
	c.TeamOther = true
	c.T = mergeTickets(c.T, func(x *tcell) { x.Team = to(x.Team) })
	c.A = mergeAges(c.A, func(x *acell) { x.Team = to(x.Team) })
	var is []icell
	seen := map[[3]int]int{}
	for _, x := range c.I {
		x.Team = to(x.Team)
		k := [3]int{x.W, x.Team, x.Dir}
		if i, ok := seen[k]; ok {
			y := &is[i]
			y.N += x.N
			y.Tickets += x.Tickets
			y.Handle = round(y.Handle+x.Handle, 3)
			y.Refocus = round(y.Refocus+x.Refocus, 3)
			y.RefocusLow = round(y.RefocusLow+x.RefocusLow, 3)
			y.RefocusHigh = round(y.RefocusHigh+x.RefocusHigh, 3)
			y.Cost = round(y.Cost+x.Cost, 2)
			y.LowCost = round(y.LowCost+x.LowCost, 2)
			y.HighCost = round(y.HighCost+x.HighCost, 2)
			y.AfterH += x.AfterH
			continue
		}
		seen[k] = len(is)
		is = append(is, x)
	}
	sortInterruptions(is)
	c.I = is
	var us []ucell
	useen := map[[2]int]int{}
	for _, x := range c.U {
		x.Team = to(x.Team)
		k := [2]int{x.W, x.Team}
		if i, ok := useen[k]; ok {
			y := &us[i]
			y.Threads += x.Threads
			y.N += x.N
			y.Total = round(y.Total+x.Total, 3)
			y.Low = round(y.Low+x.Low, 3)
			y.High = round(y.High+x.High, 3)
			y.Cost = round(y.Cost+x.Cost, 2)
			y.TicketHours = round(y.TicketHours+x.TicketHours, 3)
			continue
		}
		useen[k] = len(us)
		us = append(us, x)
	}
	c.U = us
	var fs []fcell
	fseen := map[[2]int]int{}
	for _, x := range c.F {
		x.Team = to(x.Team)
		k := [2]int{x.W, x.Team}
		if i, ok := fseen[k]; ok {
			fs[i].Days += x.Days
			fs[i].Blocks += x.Blocks
			fs[i].Clean += x.Clean
			continue
		}
		fseen[k] = len(fs)
		fs = append(fs, x)
	}
	c.F = fs
}

// mergeTickets relabels every cell with move and adds up cells that end up
// with the same key.
func mergeTickets(in []tcell, move func(*tcell)) []tcell {
	var out []tcell
	seen := map[[3]int]int{}
	for _, x := range in {
		move(&x)
		k := [3]int{x.W, x.Team, x.Tool}
		i, ok := seen[k]
		if !ok {
			seen[k] = len(out)
			x.RH = append([]float64(nil), x.RH...)
			x.FR = append([]float64(nil), x.FR...)
			out = append(out, x)
			continue
		}
		y := &out[i]
		y.C += x.C
		y.K += x.K
		y.RS += x.RS
		y.AP = round(y.AP+x.AP, 1)
		y.R += x.R
		y.SM += x.SM
		y.SB += x.SB
		y.SP += x.SP
		y.O += x.O
		y.RH = addHist(y.RH, x.RH)
		y.FR = addHist(y.FR, x.FR)
	}
	sortTickets(out)
	return out
}

func mergeAges(in []acell, move func(*acell)) []acell {
	var out []acell
	seen := map[[2]int]int{}
	for _, x := range in {
		move(&x)
		x.Age = append([]float64(nil), x.Age...)
		k := [2]int{x.Team, x.Tool}
		if i, ok := seen[k]; ok {
			for b := range x.Age {
				out[i].Age[b] += x.Age[b]
			}
			continue
		}
		seen[k] = len(out)
		out = append(out, x)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Team != out[j].Team {
			return out[i].Team < out[j].Team
		}
		return out[i].Tool < out[j].Tool
	})
	return out
}

// exactFrom fills c.Exact from the marts.
func (c *cube) exactFrom(d *data) {
	n := len(c.Weeks)
	idx := map[string]int{}
	for i, w := range c.Weeks {
		idx[w] = i
	}
	e := &c.Exact
	e.Open = make([]*float64, n)
	e.RHMed, e.RHP90 = make([]*float64, n), make([]*float64, n)
	e.FRMed, e.FRP90 = make([]*float64, n), make([]*float64, n)
	e.Summary = make([][7]*float64, n)
	for _, b := range d.Backlog {
		if i, ok := idx[b.Week]; ok {
			v := float64(b.Open)
			e.Open[i] = &v
		}
	}
	for _, r := range d.Resolve {
		if i, ok := idx[r.Value]; ok && r.Dimension == "week" {
			e.RHMed[i], e.RHP90[i] = r.Median, r.P90
		}
	}
	for _, r := range d.Response {
		if i, ok := idx[r.Value]; ok && r.Dimension == "week" {
			e.FRMed[i], e.FRP90[i] = r.Median, r.P90
		}
	}
	for _, s := range d.Weekly {
		if i, ok := idx[s.Week]; ok {
			e.Summary[i] = s.Values
		}
	}
	e.ToolMed, e.ToolP90 = make([]*float64, len(c.Tools)), make([]*float64, len(c.Tools))
	byTool := map[string]resolveRow{}
	for _, r := range d.Resolve {
		if r.Dimension == "tool" {
			byTool[r.Value] = r
		}
	}
	for i := 0; i < c.namedTools(); i++ {
		if r, ok := byTool[c.Tools[i]]; ok {
			e.ToolMed[i], e.ToolP90[i] = r.Median, r.P90
		}
	}
}

// Page encoding. The cells go into the page as arrays of numbers, in the
// order the fields are listed here; boot.js reads them by position.

func hist(h []float64) []float64 {
	if h == nil {
		return []float64{}
	}
	return h
}

func (c *cube) cellsJSON() map[string]any {
	t := make([][]any, len(c.T))
	for i, x := range c.T {
		t[i] = []any{x.W, x.Team, x.Tool, x.C, x.K, x.RS, x.AP, x.R, x.SM, x.SB, x.SP, x.O, hist(x.RH), hist(x.FR)}
	}
	is := make([][]any, len(c.I))
	for i, x := range c.I {
		is[i] = []any{x.W, x.Team, x.Dir, x.N, x.Tickets, x.Handle, x.Refocus, x.RefocusLow, x.RefocusHigh, x.Cost, x.LowCost, x.HighCost, x.AfterH}
	}
	us := make([][]any, len(c.U))
	for i, x := range c.U {
		us[i] = []any{x.W, x.Team, x.Threads, x.N, x.Total, x.Low, x.High, x.Cost, x.TicketHours}
	}
	fs := make([][]any, len(c.F))
	for i, x := range c.F {
		fs[i] = []any{x.W, x.Team, x.Days, x.Blocks, x.Clean}
	}
	as := make([][]any, len(c.A))
	for i, x := range c.A {
		as[i] = []any{x.Team, x.Tool}
		for _, v := range x.Age {
			as[i] = append(as[i], v)
		}
	}
	return map[string]any{"t": t, "i": is, "u": us, "f": fs, "a": as}
}

// size is how many bytes the cells take in the page.
func (c *cube) size() int {
	b, err := json.Marshal(c.cellsJSON())
	if err != nil {
		return 0
	}
	return len(b)
}
