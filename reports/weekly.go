// Package reports writes the weekly report and renders query results for
// `lanes sql`.
package reports

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/lanes-dev/lanes/models/config"
	"github.com/lanes-dev/lanes/models/warehouse"
)

// WeeklyOptions picks the week and the output format.
type WeeklyOptions struct {
	// Week is an ISO week like "2026-W10"; empty means the latest complete
	// week in the data.
	Week string
	// Format is one of ReportFormats(); empty means Markdown.
	Format string
	// Charts adds charts to the HTML email as embedded PNG images, drawn
	// with headless Chromium: tickets per tool this week and the week
	// before, hours to resolve per week, and interruption hours per week.
	// Without Chromium the email is written without them: the tables next
	// to them hold the same numbers. It is off by default because the PNG
	// bytes depend on the Chromium build and its fonts, and the report is
	// otherwise byte-identical for the same warehouse on any machine.
	Charts bool
}

//go:embed sql/*.sql
var sqlFiles embed.FS

// query returns the text of sql/<name>.sql.
func query(name string) string {
	b, err := sqlFiles.ReadFile("sql/" + name + ".sql")
	if err != nil {
		panic(fmt.Sprintf("reports: missing embedded query %s: %v", name, err))
	}
	return string(b)
}

// weeklyTables are the tables the weekly report reads.
var weeklyTables = []string{"automation_candidates", "backlog_age_daily", "backlog_weekly", "dim_parameters", "first_response", "int_tickets", "interruptions", "sla", "time_to_resolve", "volume_by_tool"}

// Weekly writes the weekly report to w: headline figures for the week
// against the week before, volume by tool, time to resolve, cross-team
// interruptions, the best automation candidates and the parameters used. It
// writes Markdown, an HTML email or JSON (see ReportFormats), all three from
// one WeeklyReport. The same warehouse gives the same bytes; nothing depends
// on the clock. Errors (a bad --week, a week without data, missing tables)
// are meant to be shown as they are, after the caller's own prefix; nothing
// is written when there is one.
func Weekly(ctx context.Context, wh *warehouse.Warehouse, cfg *config.Config, w io.Writer, opts WeeklyOptions) error {
	if err := checkReportFormat(opts.Format); err != nil {
		return err
	}
	r, err := LoadWeekly(ctx, wh, cfg, opts)
	if err != nil {
		return err
	}
	var figs *weeklyFigures
	if opts.Charts && opts.Format == "html" {
		if figs, err = drawWeeklyCharts(ctx, r); err != nil {
			return err
		}
	}
	return renderReport(w, opts.Format, r, weeklyDocument(r, figs))
}

// LoadWeekly computes the weekly report without rendering it.
func LoadWeekly(ctx context.Context, wh *warehouse.Warehouse, cfg *config.Config, opts WeeklyOptions) (*WeeklyReport, error) {
	if cfg == nil {
		cfg = config.Default()
	}
	d, err := loadWeekly(ctx, wh, cfg, opts)
	if err != nil {
		return nil, err
	}
	return d.report(), nil
}

// weeklyData is everything the report shows, read from the warehouse.
type weeklyData struct {
	Week, Prev      time.Time // week_start of the report week and the week before
	Location        string    // calendar time zone name
	TotalTickets    int64
	FirstDay        time.Time // dates of the first and last created_at, in the calendar zone
	LastDay         time.Time
	PrevWeeksInData int // how many of the four weeks before Week are inside the data

	Cur, Before headline
	Tools       []toolRow
	TTR         ttrFigures
	Interrupts  []interruptRow
	Total       interruptRow
	Automation  []candidate
	Trend       []trendRow // the report week and up to four weeks before, oldest first
	SLA         []slaRow   // per priority, "all" first
	Response    responseFigures
	Backlog     []backlogRow // the report week and up to four weeks before, oldest first
	AgeDay      time.Time    // the day whose end Ages are counted at; zero without rows
	Ages        []ageRow
	Params      []parameter
	Fallback    []parameter // the configuration's parameters, for any dim_parameters lacks
	Currency    string      // ISO 4217 code of the money figures
}

// slaRow is one priority's SLA verdicts in the report week (Cur) and summed
// over the weeks before it (Prev).
type slaRow struct {
	Priority                           string
	Tickets, Met, Breached, Pending    int64
	SourceVerdicts, ComputedVerdicts   int64
	PrevTickets, PrevMet, PrevBreached int64
	PrevPending                        int64
}

// responseFigures are first responses in the report week and, summed (the
// median averaged), over the weeks before it.
type responseFigures struct {
	Tickets, Responded         int64
	Median                     *float64
	PrevTickets, PrevResponded int64
	PrevMedian                 *float64
}

type backlogRow struct {
	Week                                    time.Time
	Created, Resolved, NetChange, OpenAtEnd int64
}

type ageRow struct {
	Order       int64
	Label       string
	Min         float64
	Max         *float64
	OpenTickets int64
}

type headline struct {
	Created, Resolved, Backlog int64
	MedianHours                *float64
	InterruptHours, Cost       float64
}

type toolRow struct {
	Tool                  string
	Tickets, Prev         int64
	Share                 float64
	VolumeRank, MoverRank int64
}

type ttrFigures struct {
	Resolved                      int64
	Median, P90, Mean             *float64
	PrevResolved                  int64
	PrevMedian, PrevP90, PrevMean *float64
}

type interruptRow struct {
	Team, Direction                            string
	Interruptions, Tickets                     int64
	HandleHours, RefocusHours, TotalHours      float64
	LowHours, HighHours, Cost, CostLow, CostHi float64
}

type candidate struct {
	Rank                              int64
	Intent                            string
	Tickets                           int64
	PerWeek, MedianHandle, Escalation *float64
	HoursSaved                        *float64
	Examples                          []string
}

type trendRow struct {
	Week              time.Time
	Tickets           int64
	Median, P90       *float64
	InterruptionHours float64
}

type parameter struct{ Name, Value, Description string }

func loadWeekly(ctx context.Context, wh *warehouse.Warehouse, cfg *config.Config, opts WeeklyOptions) (*weeklyData, error) {
	if err := checkTables(ctx, wh); err != nil {
		return nil, err
	}
	d := &weeklyData{}
	set, err := loadSettings(ctx, wh, cfg)
	if err != nil {
		return nil, err
	}
	d.Params, d.Fallback, d.Location = set.Params, set.Fallback, set.Location
	loc := set.Loc

	weeks, err := loadWeeks(ctx, wh, d, loc)
	if err != nil {
		return nil, err
	}
	if d.Week, err = pickWeek(weeks, opts.Week, d.LastDay); err != nil {
		return nil, err
	}
	d.Prev = d.Week.AddDate(0, 0, -7)
	first := weeks[0]
	from := d.Week.AddDate(0, 0, -28)
	if first.After(from) {
		from = first
	}
	if to := d.Week.AddDate(0, 0, -7); !from.After(to) {
		d.PrevWeeksInData = int(to.Sub(from).Hours()/24/7) + 1
	}

	if d.Cur, err = loadHeadline(ctx, wh, d.Week); err != nil {
		return nil, err
	}
	if d.Before, err = loadHeadline(ctx, wh, d.Prev); err != nil {
		return nil, err
	}
	if d.Tools, err = loadTools(ctx, wh, d.Week, d.Prev); err != nil {
		return nil, err
	}
	if d.TTR, err = loadTTR(ctx, wh, d.Week, first); err != nil {
		return nil, err
	}
	if d.Interrupts, d.Total, err = loadInterruptions(ctx, wh, d.Week); err != nil {
		return nil, err
	}
	if d.Automation, err = loadAutomation(ctx, wh); err != nil {
		return nil, err
	}
	if d.Trend, err = loadTrend(ctx, wh, from, d.Week); err != nil {
		return nil, err
	}
	if d.SLA, err = loadSLA(ctx, wh, d.Week, first); err != nil {
		return nil, err
	}
	if d.Response, err = loadResponse(ctx, wh, d.Week, first); err != nil {
		return nil, err
	}
	if d.Backlog, err = loadBacklog(ctx, wh, from, d.Week); err != nil {
		return nil, err
	}
	if d.AgeDay, d.Ages, err = loadAges(ctx, wh, d.Week); err != nil {
		return nil, err
	}
	d.Currency = cfg.CurrencyCode()
	return d, nil
}

// settings are the parameters a report was computed with and the time zone
// its weeks were cut in.
type settings struct {
	Params   []parameter // dim_parameters
	Fallback []parameter // the configuration's, for any dim_parameters lacks
	Loc      *time.Location
	Location string // Loc's name
}

func loadSettings(ctx context.Context, wh *warehouse.Warehouse, cfg *config.Config) (settings, error) {
	var s settings
	var err error
	if s.Params, err = loadParameters(ctx, wh); err != nil {
		return s, err
	}
	for _, p := range cfg.Parameters() {
		s.Fallback = append(s.Fallback, parameter{Name: p[0], Value: p[1], Description: p[2]})
	}
	s.Loc = cfg.Location()
	s.Location = cfg.Calendar.TimeZone
	// The warehouse records the time zone its weeks were cut in; prefer it
	// over the configuration, which may have changed since the build.
	if tz := paramValue(s.Params, "time_zone"); tz != "" {
		l, err := time.LoadLocation(tz)
		if err != nil {
			return s, fmt.Errorf("dim_parameters: time_zone %q is not a known time zone", tz)
		}
		s.Loc, s.Location = l, tz
	}
	return s, nil
}

// numberParam reads a parameter as a number: the value recorded in
// dim_parameters, else the configuration's; nil when neither is a number.
func (s settings) numberParam(name string) *float64 {
	v := paramValue(s.Params, name)
	if v == "" {
		v = paramValue(s.Fallback, name)
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
	if err != nil {
		return nil
	}
	return finite(&f)
}

func checkTables(ctx context.Context, wh *warehouse.Warehouse) error {
	rows, err := wh.Query(ctx, query("weekly_tables"))
	if err != nil {
		return fmt.Errorf("list tables: %w", err)
	}
	defer rows.Close()
	have := map[string]bool{}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return fmt.Errorf("list tables: %w", err)
		}
		have[name] = true
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("list tables: %w", err)
	}
	var missing []string
	for _, t := range weeklyTables {
		if !have[t] {
			missing = append(missing, t)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("the warehouse has no %s: run `lanes build` first", strings.Join(missing, ", "))
	}
	return nil
}

func loadParameters(ctx context.Context, wh *warehouse.Warehouse) ([]parameter, error) {
	rows, err := wh.Query(ctx, query("weekly_parameters"))
	if err != nil {
		return nil, fmt.Errorf("read dim_parameters: %w", err)
	}
	defer rows.Close()
	var out []parameter
	for rows.Next() {
		var p parameter
		var desc sql.NullString
		if err := rows.Scan(&p.Name, &p.Value, &desc); err != nil {
			return nil, fmt.Errorf("read dim_parameters: %w", err)
		}
		p.Description = desc.String
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read dim_parameters: %w", err)
	}
	return out, nil
}

func paramValue(ps []parameter, name string) string {
	for _, p := range ps {
		if p.Name == name {
			return p.Value
		}
	}
	return ""
}

// loadWeeks returns the week_start of every week with tickets, ascending,
// and fills in the span of the data.
func loadWeeks(ctx context.Context, wh *warehouse.Warehouse, d *weeklyData, loc *time.Location) ([]time.Time, error) {
	rows, err := wh.Query(ctx, query("weekly_weeks"))
	if err != nil {
		return nil, fmt.Errorf("read weeks from int_tickets: %w", err)
	}
	defer rows.Close()
	var weeks []time.Time
	var first, last time.Time
	for rows.Next() {
		var week, lo, hi time.Time
		var n int64
		if err := rows.Scan(&week, &n, &lo, &hi); err != nil {
			return nil, fmt.Errorf("read weeks from int_tickets: %w", err)
		}
		weeks = append(weeks, dateOnly(week))
		d.TotalTickets += n
		if first.IsZero() || lo.Before(first) {
			first = lo
		}
		if hi.After(last) {
			last = hi
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read weeks from int_tickets: %w", err)
	}
	d.FirstDay = dateOnly(first.In(loc))
	d.LastDay = dateOnly(last.In(loc))
	return weeks, nil
}

func loadHeadline(ctx context.Context, wh *warehouse.Warehouse, week time.Time) (headline, error) {
	var h headline
	var median sql.NullFloat64
	var backlog sql.NullInt64
	err := wh.QueryRow(ctx, query("weekly_headline"), week.Format(dateLayout)).
		Scan(&h.Created, &h.Resolved, &backlog, &median, &h.InterruptHours, &h.Cost)
	if err != nil {
		return h, fmt.Errorf("headline figures for %s: %w", weekLabel(week), err)
	}
	h.MedianHours = nullable(median)
	h.Backlog = backlog.Int64
	return h, nil
}

func loadTools(ctx context.Context, wh *warehouse.Warehouse, week, prev time.Time) ([]toolRow, error) {
	rows, err := wh.Query(ctx, query("weekly_volume"), week.Format(dateLayout), prev.Format(dateLayout))
	if err != nil {
		return nil, fmt.Errorf("read volume_by_tool: %w", err)
	}
	defer rows.Close()
	var out []toolRow
	for rows.Next() {
		var r toolRow
		if err := rows.Scan(&r.Tool, &r.Tickets, &r.Share, &r.Prev, &r.VolumeRank, &r.MoverRank); err != nil {
			return nil, fmt.Errorf("read volume_by_tool: %w", err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read volume_by_tool: %w", err)
	}
	return out, nil
}

func loadTTR(ctx context.Context, wh *warehouse.Warehouse, week, first time.Time) (ttrFigures, error) {
	var t ttrFigures
	var med, p90, mean, pmed, pp90, pmean sql.NullFloat64
	err := wh.QueryRow(ctx, query("weekly_ttr"), week.Format(dateLayout), first.Format(dateLayout)).
		Scan(&t.Resolved, &med, &p90, &mean, &t.PrevResolved, &pmed, &pp90, &pmean)
	if err != nil {
		return t, fmt.Errorf("read time_to_resolve: %w", err)
	}
	t.Median, t.P90, t.Mean = nullable(med), nullable(p90), nullable(mean)
	t.PrevMedian, t.PrevP90, t.PrevMean = nullable(pmed), nullable(pp90), nullable(pmean)
	return t, nil
}

func loadInterruptions(ctx context.Context, wh *warehouse.Warehouse, week time.Time) ([]interruptRow, interruptRow, error) {
	rows, err := wh.Query(ctx, query("weekly_interruptions"), week.Format(dateLayout))
	if err != nil {
		return nil, interruptRow{}, fmt.Errorf("read interruptions: %w", err)
	}
	defer rows.Close()
	var out []interruptRow
	var total interruptRow
	for rows.Next() {
		var isTotal bool
		var r interruptRow
		var n, tickets sql.NullInt64
		var f [9]sql.NullFloat64
		if err := rows.Scan(&isTotal, &r.Team, &r.Direction, &n, &tickets,
			&f[0], &f[1], &f[2], &f[3], &f[4], &f[5], &f[6], &f[7]); err != nil {
			return nil, interruptRow{}, fmt.Errorf("read interruptions: %w", err)
		}
		r.Interruptions, r.Tickets = n.Int64, tickets.Int64
		r.HandleHours, r.RefocusHours, r.TotalHours = f[0].Float64, f[1].Float64, f[2].Float64
		r.LowHours, r.HighHours = f[3].Float64, f[4].Float64
		r.Cost, r.CostLow, r.CostHi = f[5].Float64, f[6].Float64, f[7].Float64
		if isTotal {
			total = r
		} else {
			out = append(out, r)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, interruptRow{}, fmt.Errorf("read interruptions: %w", err)
	}
	return out, total, nil
}

func loadAutomation(ctx context.Context, wh *warehouse.Warehouse) ([]candidate, error) {
	rows, err := wh.Query(ctx, query("weekly_automation"))
	if err != nil {
		return nil, fmt.Errorf("read automation_candidates: %w", err)
	}
	defer rows.Close()
	var out []candidate
	for rows.Next() {
		var c candidate
		var intent sql.NullString
		var tickets sql.NullInt64
		var perWeek, handle, esc, saved sql.NullFloat64
		var examples any
		if err := rows.Scan(&c.Rank, &intent, &tickets, &perWeek, &handle, &esc, &saved, &examples); err != nil {
			return nil, fmt.Errorf("read automation_candidates: %w", err)
		}
		c.Intent, c.Tickets = intent.String, tickets.Int64
		c.PerWeek, c.MedianHandle, c.Escalation, c.HoursSaved = nullable(perWeek), nullable(handle), nullable(esc), nullable(saved)
		if list, ok := examples.([]any); ok {
			for _, e := range list {
				if s, ok := e.(string); ok {
					c.Examples = append(c.Examples, s)
				}
			}
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read automation_candidates: %w", err)
	}
	return out, nil
}

func nullable(v sql.NullFloat64) *float64 {
	if !v.Valid {
		return nil
	}
	return ptr(v.Float64)
}

// loadTrend reads one row per week from from to week.
func loadTrend(ctx context.Context, wh *warehouse.Warehouse, from, week time.Time) ([]trendRow, error) {
	if from.After(week) {
		from = week
	}
	rows, err := wh.Query(ctx, query("weekly_trend"), from.Format(dateLayout), week.Format(dateLayout))
	if err != nil {
		return nil, fmt.Errorf("read the weekly trend: %w", err)
	}
	defer rows.Close()
	var out []trendRow
	for rows.Next() {
		var t trendRow
		var med, p90 sql.NullFloat64
		if err := rows.Scan(&t.Week, &t.Tickets, &med, &p90, &t.InterruptionHours); err != nil {
			return nil, fmt.Errorf("read the weekly trend: %w", err)
		}
		t.Median, t.P90 = nullable(med), nullable(p90)
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read the weekly trend: %w", err)
	}
	return out, nil
}

func loadSLA(ctx context.Context, wh *warehouse.Warehouse, week, first time.Time) ([]slaRow, error) {
	rows, err := wh.Query(ctx, query("weekly_sla"), week.Format(dateLayout), first.Format(dateLayout))
	if err != nil {
		return nil, fmt.Errorf("read sla: %w", err)
	}
	defer rows.Close()
	var out []slaRow
	for rows.Next() {
		var r slaRow
		if err := rows.Scan(&r.Priority, &r.Tickets, &r.Met, &r.Breached, &r.Pending, &r.SourceVerdicts, &r.ComputedVerdicts,
			&r.PrevTickets, &r.PrevMet, &r.PrevBreached, &r.PrevPending); err != nil {
			return nil, fmt.Errorf("read sla: %w", err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read sla: %w", err)
	}
	return out, nil
}

func loadResponse(ctx context.Context, wh *warehouse.Warehouse, week, first time.Time) (responseFigures, error) {
	var f responseFigures
	var med, pmed sql.NullFloat64
	err := wh.QueryRow(ctx, query("weekly_first_response"), week.Format(dateLayout), first.Format(dateLayout)).
		Scan(&f.Tickets, &f.Responded, &med, &f.PrevTickets, &f.PrevResponded, &pmed)
	if err != nil {
		return f, fmt.Errorf("read first_response: %w", err)
	}
	f.Median, f.PrevMedian = nullable(med), nullable(pmed)
	return f, nil
}

// loadBacklog reads backlog_weekly from from to week.
func loadBacklog(ctx context.Context, wh *warehouse.Warehouse, from, week time.Time) ([]backlogRow, error) {
	if from.After(week) {
		from = week
	}
	rows, err := wh.Query(ctx, query("weekly_backlog"), from.Format(dateLayout), week.Format(dateLayout))
	if err != nil {
		return nil, fmt.Errorf("read backlog_weekly: %w", err)
	}
	defer rows.Close()
	var out []backlogRow
	for rows.Next() {
		var b backlogRow
		if err := rows.Scan(&b.Week, &b.Created, &b.Resolved, &b.NetChange, &b.OpenAtEnd); err != nil {
			return nil, fmt.Errorf("read backlog_weekly: %w", err)
		}
		b.Week = dateOnly(b.Week)
		out = append(out, b)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read backlog_weekly: %w", err)
	}
	return out, nil
}

// loadAges reads the open tickets by age bucket at the end of the week.
func loadAges(ctx context.Context, wh *warehouse.Warehouse, week time.Time) (time.Time, []ageRow, error) {
	rows, err := wh.Query(ctx, query("weekly_backlog_age"), week.Format(dateLayout))
	if err != nil {
		return time.Time{}, nil, fmt.Errorf("read backlog_age_daily: %w", err)
	}
	defer rows.Close()
	var day time.Time
	var out []ageRow
	for rows.Next() {
		var a ageRow
		var max sql.NullFloat64
		if err := rows.Scan(&day, &a.Order, &a.Label, &a.Min, &max, &a.OpenTickets); err != nil {
			return time.Time{}, nil, fmt.Errorf("read backlog_age_daily: %w", err)
		}
		a.Max = nullable(max)
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return time.Time{}, nil, fmt.Errorf("read backlog_age_daily: %w", err)
	}
	if !day.IsZero() {
		day = dateOnly(day)
	}
	return day, out, nil
}
