package dashboards

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"strings"
	"time"

	"github.com/lanes-dev/lanes/models/warehouse"
)

//go:embed queries/*.sql
var queryFS embed.FS

// query returns the text of queries/<name>.sql.
func query(name string) string {
	b, err := queryFS.ReadFile("queries/" + name + ".sql")
	if err != nil {
		panic("dashboards: no query " + name) // a programming error, caught by every test
	}
	return string(b)
}

// requiredTables are the tables the dashboard reads; docs/tables.md
// documents their columns.
var requiredTables = []string{
	"automation_candidates",
	"dim_parameters",
	"ingest_runs",
	"int_tickets",
	"interruptions",
	"interruptions_by_person",
	"rejects",
	"time_to_resolve",
	"volume_by_tool",
}

// maxRejects is how many rejected rows the data-quality section lists.
const maxRejects = 50

// data is everything the page shows, read from the warehouse.
type data struct {
	Summary     summary
	Loads       loads
	TicketWeeks map[string]int64 // week_start (YYYY-MM-DD) -> tickets created
	Volume      []volumeRow
	Tools       []toolRow
	Resolve     []resolveRow
	IntWeekly   []intWeekRow
	IntTeams    []intTeamRow
	Concentr    []concentrationRow
	Automation  []candidateRow
	Runs        []runRow
	Rejects     []rejectRow
	Parameters  [][3]string
}

type summary struct {
	Tickets, Sources, Open int64
	First, Last            sql.NullTime
}

type loads struct {
	Runs, RowsIn, Loaded, Rejected, Merged, RejectRows int64
}

type volumeRow struct {
	Week    string
	Tool    string
	Tickets int64
}

type toolRow struct {
	Tool          string
	Tickets, Open int64
	Sanctioned    sql.NullBool
}

type resolveRow struct {
	Dimension, Value  string
	Resolved          int64
	Median, P90, Mean *float64
}

type intWeekRow struct {
	Week, Direction              string
	Interruptions, Tickets       int64
	Handle, Refocus, Total, Cost float64
}

type intTeamRow struct {
	Team, Class                string
	Interruptions, Tickets     int64
	Hours, LowHours, HighHours float64
	Cost, LowCost, HighCost    float64
}

type concentrationRow struct {
	Team          string
	People        int64
	Person        string
	Interruptions int64
	Hours, Share  float64
}

type candidateRow struct {
	Rank                   int64
	Intent, Class          string
	Tickets                int64
	PerWeek, MedianMinutes float64
	CV, Escalation, Reopen *float64
	Score, HoursSaved      float64
	Examples               []example
}

type example struct {
	Key, Title string
}

type runRow struct {
	RunID, Source, Format, File, SHA256     string
	Bytes, RowsIn, Loaded, Rejected, Merged int64
}

type rejectRow struct {
	File, Column, Reason, Raw string
	Line                      sql.NullInt64
}

// each runs the named query and calls scan once per row.
func each(ctx context.Context, wh *warehouse.Warehouse, name string, args []any, scan func(*sql.Rows) error) error {
	rows, err := wh.Query(ctx, query(name), args...)
	if err != nil {
		return fmt.Errorf("dashboards: query %s: %w", name, err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return fmt.Errorf("dashboards: query %s: %w", name, err)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("dashboards: query %s: %w", name, err)
	}
	return nil
}

func day(t time.Time) string { return t.Format("2006-01-02") }

func str(s sql.NullString) string { return s.String }

func fptr(f sql.NullFloat64) *float64 {
	if !f.Valid {
		return nil
	}
	v := f.Float64
	return &v
}

func fval(f sql.NullFloat64) float64 {
	if !f.Valid {
		return 0
	}
	return f.Float64
}

// checkTables names every table the dashboard needs that the warehouse
// lacks, so a missing `lanes build` gives one clear error.
func checkTables(ctx context.Context, wh *warehouse.Warehouse) error {
	have := map[string]bool{}
	err := each(ctx, wh, "tables", nil, func(r *sql.Rows) error {
		var name string
		if err := r.Scan(&name); err != nil {
			return err
		}
		have[name] = true
		return nil
	})
	if err != nil {
		return err
	}
	var missing []string
	for _, t := range requiredTables {
		if !have[t] {
			missing = append(missing, t)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("dashboards: the warehouse has no %s; run `lanes build` first", strings.Join(missing, ", "))
	}
	return nil
}

// load reads every mart the page shows.
func load(ctx context.Context, wh *warehouse.Warehouse) (*data, error) {
	if err := checkTables(ctx, wh); err != nil {
		return nil, err
	}
	d := &data{}
	var err error
	if d.TicketWeeks, err = weekCounts(ctx, wh, "tickets_by_week"); err != nil {
		return nil, err
	}
	steps := []struct {
		name string
		args []any
		scan func(*sql.Rows) error
	}{
		{"summary", nil, func(r *sql.Rows) error {
			s := &d.Summary
			return r.Scan(&s.Tickets, &s.Sources, &s.Open, &s.First, &s.Last)
		}},
		{"loads", nil, func(r *sql.Rows) error {
			l := &d.Loads
			return r.Scan(&l.Runs, &l.RowsIn, &l.Loaded, &l.Rejected, &l.Merged, &l.RejectRows)
		}},
		{"volume", nil, func(r *sql.Rows) error {
			var v volumeRow
			var w time.Time
			var tool sql.NullString
			if err := r.Scan(&w, &tool, &v.Tickets); err != nil {
				return err
			}
			v.Week, v.Tool = day(w), str(tool)
			d.Volume = append(d.Volume, v)
			return nil
		}},
		{"tools", nil, func(r *sql.Rows) error {
			var t toolRow
			var tool sql.NullString
			if err := r.Scan(&tool, &t.Tickets, &t.Open, &t.Sanctioned); err != nil {
				return err
			}
			t.Tool = str(tool)
			d.Tools = append(d.Tools, t)
			return nil
		}},
		{"resolve", nil, func(r *sql.Rows) error {
			var x resolveRow
			var dim, val sql.NullString
			var med, p90, mean sql.NullFloat64
			if err := r.Scan(&dim, &val, &x.Resolved, &med, &p90, &mean); err != nil {
				return err
			}
			x.Dimension, x.Value = str(dim), str(val)
			x.Median, x.P90, x.Mean = fptr(med), fptr(p90), fptr(mean)
			d.Resolve = append(d.Resolve, x)
			return nil
		}},
		{"interruptions_weekly", nil, func(r *sql.Rows) error {
			var x intWeekRow
			var w time.Time
			var dir sql.NullString
			var h, rf, tot, cost sql.NullFloat64
			if err := r.Scan(&w, &dir, &x.Interruptions, &x.Tickets, &h, &rf, &tot, &cost); err != nil {
				return err
			}
			x.Week, x.Direction = day(w), str(dir)
			x.Handle, x.Refocus, x.Total, x.Cost = fval(h), fval(rf), fval(tot), fval(cost)
			d.IntWeekly = append(d.IntWeekly, x)
			return nil
		}},
		{"interruptions_team", nil, func(r *sql.Rows) error {
			var x intTeamRow
			var team, class sql.NullString
			var hrs, lo, hi, cost, loc, hic sql.NullFloat64
			if err := r.Scan(&team, &class, &x.Interruptions, &x.Tickets, &hrs, &lo, &hi, &cost, &loc, &hic); err != nil {
				return err
			}
			x.Team, x.Class = str(team), str(class)
			x.Hours, x.LowHours, x.HighHours = fval(hrs), fval(lo), fval(hi)
			x.Cost, x.LowCost, x.HighCost = fval(cost), fval(loc), fval(hic)
			d.IntTeams = append(d.IntTeams, x)
			return nil
		}},
		{"concentration", nil, func(r *sql.Rows) error {
			var x concentrationRow
			var team, person sql.NullString
			var hrs, share sql.NullFloat64
			if err := r.Scan(&team, &x.People, &person, &x.Interruptions, &hrs, &share); err != nil {
				return err
			}
			x.Team, x.Person, x.Hours, x.Share = str(team), str(person), fval(hrs), fval(share)
			d.Concentr = append(d.Concentr, x)
			return nil
		}},
		{"automation", nil, func(r *sql.Rows) error {
			var x candidateRow
			var intent, class sql.NullString
			var perWeek, median, cv, esc, reopen, score, saved sql.NullFloat64
			if err := r.Scan(&x.Rank, &intent, &class, &x.Tickets, &perWeek, &median, &cv, &esc, &reopen, &score, &saved); err != nil {
				return err
			}
			x.Intent, x.Class = str(intent), str(class)
			x.PerWeek, x.MedianMinutes = fval(perWeek), fval(median)
			x.CV, x.Escalation, x.Reopen = fptr(cv), fptr(esc), fptr(reopen)
			x.Score, x.HoursSaved = fval(score), fval(saved)
			d.Automation = append(d.Automation, x)
			return nil
		}},
		{"automation_examples", nil, func(r *sql.Rows) error {
			var rank, pos int64
			var intent, key, title sql.NullString
			if err := r.Scan(&rank, &intent, &pos, &key, &title); err != nil {
				return err
			}
			for i := range d.Automation {
				c := &d.Automation[i]
				if c.Rank == rank && c.Intent == str(intent) {
					c.Examples = append(c.Examples, example{Key: str(key), Title: str(title)})
					break
				}
			}
			return nil
		}},
		{"runs", nil, func(r *sql.Rows) error {
			var x runRow
			if err := r.Scan(&x.RunID, &x.Source, &x.Format, &x.File, &x.SHA256, &x.Bytes, &x.RowsIn, &x.Loaded, &x.Rejected, &x.Merged); err != nil {
				return err
			}
			d.Runs = append(d.Runs, x)
			return nil
		}},
		{"rejects", []any{maxRejects}, func(r *sql.Rows) error {
			var x rejectRow
			var col, raw sql.NullString
			if err := r.Scan(&x.File, &x.Line, &col, &x.Reason, &raw); err != nil {
				return err
			}
			x.Column, x.Raw = str(col), str(raw)
			d.Rejects = append(d.Rejects, x)
			return nil
		}},
		{"parameters", nil, func(r *sql.Rows) error {
			var p [3]string
			if err := r.Scan(&p[0], &p[1], &p[2]); err != nil {
				return err
			}
			d.Parameters = append(d.Parameters, p)
			return nil
		}},
	}
	for _, s := range steps {
		if err := each(ctx, wh, s.name, s.args, s.scan); err != nil {
			return nil, err
		}
	}
	return d, nil
}

// weekCounts runs a per-week count query (tickets_by_week, intent_by_week).
func weekCounts(ctx context.Context, wh *warehouse.Warehouse, name string, args ...any) (map[string]int64, error) {
	out := map[string]int64{}
	err := each(ctx, wh, name, args, func(r *sql.Rows) error {
		var w time.Time
		var n int64
		if err := r.Scan(&w, &n); err != nil {
			return err
		}
		out[day(w)] = n
		return nil
	})
	return out, err
}

// backlogAt counts the tickets open at the instant t.
func backlogAt(ctx context.Context, wh *warehouse.Warehouse, t time.Time) (int64, error) {
	var n int64
	err := each(ctx, wh, "backlog_at", []any{t.UTC().Format("2006-01-02 15:04:05")}, func(r *sql.Rows) error {
		return r.Scan(&n)
	})
	return n, err
}
