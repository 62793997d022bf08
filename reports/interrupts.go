package reports

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/lanes-dev/lanes/models/config"
	"github.com/lanes-dev/lanes/models/warehouse"
)

// InterruptsOptions picks the team, the weeks and the output format of the
// interrupts report.
type InterruptsOptions struct {
	// Team is the team the report is about, as named in lanes.yaml.
	Team string
	// Week is the last week of the window, an ISO week like "2026-W10";
	// empty means the latest complete week in the data.
	Week string
	// Weeks is how many weeks the window spans; 12 when zero.
	Weeks int
	// Format is one of ReportFormats(); empty means Markdown.
	Format string
	// MinGroupSize is the smallest number of people whose per-person
	// figures are shown; 5 when zero. The warehouse's
	// privacy_min_group_size wins when it is larger.
	MinGroupSize int
}

// UnknownTeamError reports a --team that names no team in the warehouse.
type UnknownTeamError struct {
	Team  string
	Teams []string // every team the warehouse knows, sorted
}

func (e *UnknownTeamError) Error() string {
	if len(e.Teams) == 0 {
		return fmt.Sprintf("--team %q: the warehouse knows no teams: configure teams in lanes.yaml and run `lanes build`", e.Team)
	}
	return fmt.Sprintf("--team %q: no such team; teams: %s", e.Team, strings.Join(e.Teams, ", "))
}

// interruptsTables are the tables the interrupts report needs; the per-person
// and fix-ranking sections are skipped with a note when theirs are missing.
var interruptsTables = []string{"dim_parameters", "dim_teams", "int_interruptions", "int_people", "int_person_team", "int_tickets", "int_touches", "interruptions", "tickets"}

const (
	topSources = 10
	topPeople  = 10
	topFixes   = 10
)

// InterruptsReport is every figure of the interrupts report, computed once
// and rendered as Markdown, HTML or JSON. As JSON it follows the same rules
// as WeeklyReport: keys in field order, plain numbers, null for unknown, []
// for empty lists, YYYY-MM-DD dates.
type InterruptsReport struct {
	// Report is always "interrupts".
	Report        string `json:"report"`
	SchemaVersion int    `json:"schema_version"`
	Team          string `json:"team"`
	// TeamClass is it, engineering, security or other.
	TeamClass  string   `json:"team_class"`
	HourlyCost *float64 `json:"hourly_cost"`
	// Currency is the ISO 4217 code (lanes.yaml `currency`, default USD) of
	// HourlyCost and every cost; the figures are plain numbers.
	Currency string `json:"currency"`
	TimeZone string `json:"time_zone"`
	// FirstWeek and LastWeek bound the window the figures cover.
	FirstWeek          WeekSpan `json:"first_week"`
	LastWeek           WeekSpan `json:"last_week"`
	RefocusMinutes     *float64 `json:"refocus_minutes"`
	RefocusLowMinutes  *float64 `json:"refocus_low_minutes"`
	RefocusHighMinutes *float64 `json:"refocus_high_minutes"`
	// Weeks has every week of the window, oldest first, zeros included.
	Weeks []InterruptWeek `json:"weeks"`
	// Total sums the window; its Tickets counts each ticket once.
	Total               InterruptionFigures `json:"total"`
	AverageHoursPerWeek float64             `json:"average_hours_per_week"`
	AverageCostPerWeek  float64             `json:"average_cost_per_week"`
	Sources             InterruptSources    `json:"sources"`
	Concentration       Concentration       `json:"concentration"`
	FixRanking          FixRanking          `json:"fix_ranking"`
	Parameters          []Parameter         `json:"parameters"`
}

// InterruptWeek is one week of the team's interruptions.
type InterruptWeek struct {
	Week  string `json:"week"`
	Start string `json:"start"`
	InterruptionFigures
}

// InterruptSources says where the window's interruptions come from. Each
// list is the top 10, most interruptions first; the *Count fields say how
// many there were in all.
type InterruptSources struct {
	Tools               []SourceFigures `json:"tools"`
	ToolCount           int             `json:"tool_count"`
	Intents             []SourceFigures `json:"intents"`
	IntentCount         int             `json:"intent_count"`
	RequestingTeams     []SourceFigures `json:"requesting_teams"`
	RequestingTeamCount int             `json:"requesting_team_count"`
	TotalInterruptions  int64           `json:"total_interruptions"`
	TotalTouchedTickets int64           `json:"total_tickets"`
	TotalHandleHours    float64         `json:"total_handle_hours"`
}

// SourceFigures is the interruptions that touched tickets of one tool,
// intent or requesting team.
type SourceFigures struct {
	Name          string `json:"name"`
	Interruptions int64  `json:"interruptions"`
	Tickets       int64  `json:"tickets"`
	// HandleHours is hands-on time; refocus time is not split by source.
	HandleHours float64 `json:"handle_hours"`
}

// Concentration is who absorbs the team's interruptions, over all the data.
type Concentration struct {
	// Shown is false when fewer than MinGroupSize people had interruptions
	// for the team (or interruptions_by_person is missing); People is then
	// empty.
	Shown        bool   `json:"shown"`
	Note         string `json:"note"`
	PeopleCount  int64  `json:"people_count"`
	MinGroupSize int    `json:"min_group_size"`
	// TopPersonShare is the busiest person's share of the interruptions.
	TopPersonShare *float64        `json:"top_person_share"`
	People         []PersonFigures `json:"people"`
}

// PersonFigures is one pseudonymized person's interruptions for the team.
type PersonFigures struct {
	Person        string  `json:"person"`
	Interruptions int64   `json:"interruptions"`
	TotalHours    float64 `json:"total_hours"`
	ShareOfTeam   float64 `json:"share_of_team"`
}

// FixRanking is the top of the fix_ranking mart.
type FixRanking struct {
	// Available is false when the warehouse has no fix_ranking table (or
	// it lacks the columns the report reads); Note says why.
	Available bool   `json:"available"`
	Note      string `json:"note"`
	// Scope is "team" when the mart has a team column and the rows are
	// this team's, else "all_teams".
	Scope string `json:"scope"`
	Fixes []Fix  `json:"fixes"`
}

// Fix is one (tool, intent) pair of the fix ranking.
type Fix struct {
	Rank                 int64    `json:"rank"`
	Tool                 string   `json:"tool"`
	Intent               string   `json:"intent"`
	InterruptionsPerWeek *float64 `json:"interruptions_per_week"`
	HoursPerWeek         *float64 `json:"hours_per_week"`
}

// Interrupts writes the interrupts report for one team, for engineering
// leads: hours and cost per week with the refocus band, where the
// interruptions come from, who absorbs them (pseudonymized, only for groups
// big enough) and what to fix first. An unknown team gives an
// *UnknownTeamError. The same warehouse gives the same bytes.
func Interrupts(ctx context.Context, wh *warehouse.Warehouse, cfg *config.Config, w io.Writer, opts InterruptsOptions) error {
	if err := checkReportFormat(opts.Format); err != nil {
		return err
	}
	r, err := LoadInterrupts(ctx, wh, cfg, opts)
	if err != nil {
		return err
	}
	return renderReport(w, opts.Format, r, interruptsDocument(r))
}

// LoadInterrupts computes the interrupts report without rendering it.
func LoadInterrupts(ctx context.Context, wh *warehouse.Warehouse, cfg *config.Config, opts InterruptsOptions) (*InterruptsReport, error) {
	if cfg == nil {
		cfg = config.Default()
	}
	if opts.Weeks <= 0 {
		opts.Weeks = 12
	}
	if opts.MinGroupSize <= 0 {
		opts.MinGroupSize = 5
	}
	have, err := tableSet(ctx, wh)
	if err != nil {
		return nil, err
	}
	var missing []string
	for _, t := range interruptsTables {
		if !have[t] {
			missing = append(missing, t)
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("the warehouse has no %s: run `lanes build` first", strings.Join(missing, ", "))
	}

	r := &InterruptsReport{Report: "interrupts", SchemaVersion: 1, Currency: cfg.CurrencyCode(), Weeks: []InterruptWeek{}, Parameters: []Parameter{}}
	if err := findTeam(ctx, wh, opts.Team, r); err != nil {
		return nil, err
	}
	set, err := loadSettings(ctx, wh, cfg)
	if err != nil {
		return nil, err
	}
	r.TimeZone = set.Location
	r.RefocusMinutes = set.numberParam("refocus_minutes")
	r.RefocusLowMinutes = set.numberParam("refocus_low_minutes")
	r.RefocusHighMinutes = set.numberParam("refocus_high_minutes")
	for _, p := range set.Params {
		r.Parameters = append(r.Parameters, Parameter(p))
	}

	// The window: opts.Weeks weeks ending with the chosen week, but not
	// before the first week with tickets.
	d := &weeklyData{}
	weeks, err := loadWeeks(ctx, wh, d, set.Loc)
	if err != nil {
		return nil, err
	}
	last, err := pickWeek(weeks, opts.Week, d.LastDay)
	if err != nil {
		return nil, err
	}
	first := last.AddDate(0, 0, -7*(opts.Weeks-1))
	if first.Before(weeks[0]) {
		first = weeks[0]
	}
	r.FirstWeek, r.LastWeek = weekSpan(first), weekSpan(last)

	if err := loadInterruptWeeks(ctx, wh, r, first, last); err != nil {
		return nil, err
	}
	if err := loadSources(ctx, wh, r, first, last); err != nil {
		return nil, err
	}
	minGroup := opts.MinGroupSize
	if p := set.numberParam("privacy_min_group_size"); p != nil && int(*p) > minGroup {
		minGroup = int(*p)
	}
	if err := loadConcentration(ctx, wh, r, have["interruptions_by_person"], minGroup); err != nil {
		return nil, err
	}
	if err := loadFixRanking(ctx, wh, r, have["fix_ranking"]); err != nil {
		return nil, err
	}
	return r, nil
}

// tableSet lists the tables and views of the warehouse.
func tableSet(ctx context.Context, wh *warehouse.Warehouse) (map[string]bool, error) {
	names, err := tableNames(ctx, wh)
	if err != nil {
		return nil, err
	}
	have := make(map[string]bool, len(names))
	for _, n := range names {
		have[n] = true
	}
	return have, nil
}

// tableNames lists the tables and views of the warehouse, sorted.
func tableNames(ctx context.Context, wh *warehouse.Warehouse) ([]string, error) {
	return strings1(ctx, wh, "list tables", query("tables"))
}

// columnNames lists the columns of table, in order.
func columnNames(ctx context.Context, wh *warehouse.Warehouse, table string) ([]string, error) {
	return strings1(ctx, wh, "list the columns of "+table, query("columns"), table)
}

// strings1 runs a query whose one column is text and returns its values.
func strings1(ctx context.Context, wh *warehouse.Warehouse, what, q string, args ...any) ([]string, error) {
	rows, err := wh.Query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, fmt.Errorf("%s: %w", what, err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return out, nil
}

// findTeam fills the team's name, class and hourly cost, matching the name
// exactly, else case-insensitively when that picks one team.
func findTeam(ctx context.Context, wh *warehouse.Warehouse, name string, r *InterruptsReport) error {
	rows, err := wh.Query(ctx, query("interrupts_teams"))
	if err != nil {
		return fmt.Errorf("list teams: %w", err)
	}
	defer rows.Close()
	type team struct {
		name, class string
		cost        *float64
	}
	var teams []team
	for rows.Next() {
		var t team
		var class sql.NullString
		var cost sql.NullFloat64
		if err := rows.Scan(&t.name, &class, &cost); err != nil {
			return fmt.Errorf("list teams: %w", err)
		}
		t.class, t.cost = class.String, nullable(cost)
		teams = append(teams, t)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("list teams: %w", err)
	}
	var match []team
	for _, t := range teams {
		if t.name == name {
			match = []team{t}
			break
		}
		if strings.EqualFold(strings.TrimSpace(name), t.name) {
			match = append(match, t)
		}
	}
	if len(match) != 1 || strings.TrimSpace(name) == "" {
		names := make([]string, len(teams))
		for i, t := range teams {
			names[i] = t.name
		}
		sort.Strings(names)
		return &UnknownTeamError{Team: name, Teams: names}
	}
	r.Team, r.TeamClass, r.HourlyCost = match[0].name, match[0].class, finite(match[0].cost)
	return nil
}

func loadInterruptWeeks(ctx context.Context, wh *warehouse.Warehouse, r *InterruptsReport, first, last time.Time) error {
	rows, err := wh.Query(ctx, query("interrupts_weekly"), r.Team, first.Format(dateLayout), last.Format(dateLayout))
	if err != nil {
		return fmt.Errorf("read interruptions: %w", err)
	}
	defer rows.Close()
	byWeek := map[string]InterruptionFigures{}
	for rows.Next() {
		var week time.Time
		var n, tickets sql.NullInt64
		var f [9]sql.NullFloat64
		if err := rows.Scan(&week, &n, &tickets, &f[0], &f[1], &f[2], &f[3], &f[4], &f[5], &f[6], &f[7]); err != nil {
			return fmt.Errorf("read interruptions: %w", err)
		}
		byWeek[week.Format(dateLayout)] = InterruptionFigures{
			Interruptions: n.Int64, Tickets: tickets.Int64,
			HandleHours: f[0].Float64, RefocusHours: f[1].Float64, TotalHours: f[2].Float64,
			TotalLowHours: f[3].Float64, TotalHighHours: f[4].Float64,
			Cost: f[5].Float64, CostLow: f[6].Float64, CostHigh: f[7].Float64,
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read interruptions: %w", err)
	}
	var t InterruptionFigures
	for wk := first; !wk.After(last); wk = wk.AddDate(0, 0, 7) {
		f := byWeek[wk.Format(dateLayout)]
		r.Weeks = append(r.Weeks, InterruptWeek{Week: weekLabel(wk), Start: wk.Format(dateLayout), InterruptionFigures: f})
		t.Interruptions += f.Interruptions
		t.HandleHours += f.HandleHours
		t.RefocusHours += f.RefocusHours
		t.TotalHours += f.TotalHours
		t.TotalLowHours += f.TotalLowHours
		t.TotalHighHours += f.TotalHighHours
		t.Cost += f.Cost
		t.CostLow += f.CostLow
		t.CostHigh += f.CostHigh
	}
	r.Total = t
	if n := float64(len(r.Weeks)); n > 0 {
		r.AverageHoursPerWeek = t.TotalHours / n
		r.AverageCostPerWeek = t.Cost / n
	}
	return nil
}

func loadSources(ctx context.Context, wh *warehouse.Warehouse, r *InterruptsReport, first, last time.Time) error {
	rows, err := wh.Query(ctx, query("interrupts_sources"), r.Team, first.Format(dateLayout), last.Format(dateLayout))
	if err != nil {
		return fmt.Errorf("read int_touches: %w", err)
	}
	defer rows.Close()
	s := InterruptSources{Tools: []SourceFigures{}, Intents: []SourceFigures{}, RequestingTeams: []SourceFigures{}}
	for rows.Next() {
		var dim string
		var f SourceFigures
		if err := rows.Scan(&dim, &f.Name, &f.Interruptions, &f.Tickets, &f.HandleHours); err != nil {
			return fmt.Errorf("read int_touches: %w", err)
		}
		switch dim {
		case "tool":
			s.ToolCount++
			if len(s.Tools) < topSources {
				s.Tools = append(s.Tools, f)
			}
		case "intent":
			s.IntentCount++
			if len(s.Intents) < topSources {
				s.Intents = append(s.Intents, f)
			}
		case "requesting_team":
			s.RequestingTeamCount++
			if len(s.RequestingTeams) < topSources {
				s.RequestingTeams = append(s.RequestingTeams, f)
			}
		case "total":
			s.TotalInterruptions, s.TotalTouchedTickets, s.TotalHandleHours = f.Interruptions, f.Tickets, f.HandleHours
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read int_touches: %w", err)
	}
	r.Sources = s
	r.Total.Tickets = s.TotalTouchedTickets
	return nil
}

func loadConcentration(ctx context.Context, wh *warehouse.Warehouse, r *InterruptsReport, haveMart bool, minGroup int) error {
	c := Concentration{MinGroupSize: minGroup, People: []PersonFigures{}}
	if err := wh.QueryRow(ctx, query("interrupts_people"), r.Team).Scan(&c.PeopleCount); err != nil {
		return fmt.Errorf("count the people in int_interruptions: %w", err)
	}
	switch {
	case c.PeopleCount < int64(minGroup):
		c.Note = fmt.Sprintf("Per-person figures are hidden: %s %s had interruptions for this team, fewer than the %d needed to keep them anonymous.",
			formatCount(c.PeopleCount), plural(int(c.PeopleCount), "person", "people"), minGroup)
	case !haveMart:
		c.Note = "Per-person figures are not available: the warehouse has no interruptions_by_person table (run lanes build)."
	default:
		rows, err := wh.Query(ctx, query("interrupts_concentration"), r.Team)
		if err != nil {
			return fmt.Errorf("read interruptions_by_person: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var p PersonFigures
			var hours, share sql.NullFloat64
			if err := rows.Scan(&p.Person, &p.Interruptions, &hours, &share); err != nil {
				return fmt.Errorf("read interruptions_by_person: %w", err)
			}
			p.TotalHours, p.ShareOfTeam = hours.Float64, share.Float64
			if c.TopPersonShare == nil {
				c.TopPersonShare = finite(ptr(p.ShareOfTeam))
			}
			if len(c.People) < topPeople {
				c.People = append(c.People, p)
			}
		}
		if err := rows.Err(); err != nil {
			return fmt.Errorf("read interruptions_by_person: %w", err)
		}
		if len(c.People) == 0 {
			c.Note = "Per-person figures are hidden: interruptions_by_person has no rows for this team (it leaves out teams below privacy_min_group_size)."
		} else {
			c.Shown = true
		}
	}
	r.Concentration = c
	return nil
}

// fixColumns are the fix_ranking columns the report reads, each with the
// names it may have: the first that exists is used.
var fixColumns = map[string][]string{
	"rank":          {"rank"},
	"tool":          {"tool"},
	"intent":        {"intent"},
	"interruptions": {"interrupts_per_week", "interruptions_per_week"},
	"hours":         {"hours_per_week", "avoidable_hours_per_week"},
}

func loadFixRanking(ctx context.Context, wh *warehouse.Warehouse, r *InterruptsReport, haveMart bool) error {
	f := FixRanking{Scope: "all_teams", Fixes: []Fix{}}
	defer func() { r.FixRanking = f }()
	if !haveMart {
		f.Note = "The warehouse has no fix_ranking table yet, so this section is skipped; a build with the fix_ranking model adds it."
		return nil
	}
	cols, err := columnNames(ctx, wh, "fix_ranking")
	if err != nil {
		return err
	}
	index := map[string]int{}
	for i, c := range cols {
		index[c] = i
	}
	pick := map[string]int{}
	for key, names := range fixColumns {
		for _, n := range names {
			if i, ok := index[n]; ok {
				pick[key] = i
				break
			}
		}
		if _, ok := pick[key]; !ok {
			f.Note = fmt.Sprintf("fix_ranking has no %s column, so this section is skipped.", strings.Join(names, " or "))
			return nil
		}
	}
	teamCol, byTeam := index["team"]
	if byTeam {
		f.Scope = "team"
	}
	rows, err := wh.Query(ctx, query("interrupts_fix_ranking"))
	if err != nil {
		return fmt.Errorf("read fix_ranking: %w", err)
	}
	defer rows.Close()
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		clear(vals)
		if err := rows.Scan(ptrs...); err != nil {
			return fmt.Errorf("read fix_ranking: %w", err)
		}
		if byTeam && asString(vals[teamCol]) != r.Team {
			continue
		}
		if len(f.Fixes) == topFixes {
			continue
		}
		rank, _ := asFloat(vals[pick["rank"]])
		fx := Fix{
			Rank:   int64(rank),
			Tool:   asString(vals[pick["tool"]]),
			Intent: asString(vals[pick["intent"]]),
		}
		if v, ok := asFloat(vals[pick["interruptions"]]); ok {
			fx.InterruptionsPerWeek = finite(ptr(v))
		}
		if v, ok := asFloat(vals[pick["hours"]]); ok {
			fx.HoursPerWeek = finite(ptr(v))
		}
		f.Fixes = append(f.Fixes, fx)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read fix_ranking: %w", err)
	}
	f.Available = true
	return nil
}

// asString reads a scanned text value; anything else is printed.
func asString(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case []byte:
		return string(x)
	}
	return fmt.Sprint(v)
}

// asFloat reads a scanned number.
func asFloat(v any) (float64, bool) {
	switch x := warehouse.Plain(v).(type) {
	case float64:
		return x, true
	case float32:
		return float64(x), true
	case int64:
		return float64(x), true
	case int32:
		return float64(x), true
	case int16:
		return float64(x), true
	case int8:
		return float64(x), true
	case int:
		return float64(x), true
	case uint64:
		return float64(x), true
	case uint32:
		return float64(x), true
	case uint16:
		return float64(x), true
	case uint8:
		return float64(x), true
	case warehouse.Decimal:
		f, _ := decimalFloat(x)
		return f, true
	}
	return 0, false
}
