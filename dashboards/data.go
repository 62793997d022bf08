package dashboards

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"net/url"
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
	"backlog_age_daily",
	"backlog_weekly",
	"build_test_results",
	"classification_coverage",
	"data_quality",
	"dim_intents",
	"dim_parameters",
	"dim_teams",
	"first_response",
	"fix_ranking",
	"focus_fragmentation",
	"ingest_runs",
	"int_data_span",
	"int_ticket_sla",
	"int_tickets",
	"interruptions",
	"interruptions_by_person",
	"rejects",
	"shadow_it",
	"sla",
	"time_to_resolve",
	"untracked_requests",
	"weekly_summary",
}

// Bounds on the rows the page lists, so its size does not grow with the
// warehouse.
const (
	maxRejects    = 50
	maxCandidates = 20
	maxFixes      = 25
	maxShadow     = 30
	maxFailed     = 20
	maxRuns       = 100
)

// data is everything the page shows, read from the warehouse.
type data struct {
	Summary summary
	Loads   loads
	Weekly  []weeklyRow
	Backlog []backlogRow
	// AgeLabels and AgeEdges are the open tickets' age buckets of
	// backlog_age_daily: each bucket's label, and the lower edges in days
	// of the second bucket on.
	AgeLabels   []string
	AgeEdges    []float64
	Tools       []toolRow
	Teams       []teamRow
	Resolve     []resolveRow
	Response    []responseRow
	SLA         []slaRow
	Fixes       []fixRow
	Concentr    []concentrationRow
	Automation  []candidateRow
	Candidates  int64 // all candidates; Automation holds the first maxCandidates
	Shadow      []shadowRow
	ShadowTools int64
	Fresh       []freshRow
	Tests       testCounts
	Failed      []failedTest
	Coverage    []coverageRow
	Runs        []runRow
	Rejects     []rejectRow
	Parameters  [][3]string
}

type summary struct {
	Tickets, Sources, Open int64
	First, Last            sql.NullTime
}

type loads struct {
	Runs, RowsIn, Loaded, Rejected, Merged, Skipped, RejectRows int64
}

// weeklyRow is a week of weekly_summary: created, resolved, open backlog,
// median resolve hours, interruption hours, interruption cost and
// automation hours, each null when the mart has none.
type weeklyRow struct {
	Week   string
	Values [7]*float64
}

type backlogRow struct {
	Week                    string
	Created, Resolved, Open int64
	// Ages are the open tickets per bucket of AgeLabels at the week's end;
	// nil entries are unknown.
	Ages []*float64
}

type toolRow struct {
	Tool          string
	Tickets, Open int64
	Sanctioned    sql.NullBool
}

type teamRow struct {
	Team, Class string
	Tickets     int64
	Hours       float64
}

type resolveRow struct {
	Dimension, Value                 string
	Resolved                         int64
	Median, P90, Mean, BMedian, BP90 *float64
}

type responseRow struct {
	Dimension, Value           string
	Tickets, Responded         int64
	Median, P90, BMedian, BP90 *float64
}

type slaRow struct {
	Priority                        string
	Tickets, Met, Breached, Pending int64
	Rate                            *float64
}

type fixRow struct {
	Rank                                     int64
	Tool, Intent                             string
	Tickets                                  int64
	PerWeek, IntPerWeek, AvoidPerWeek, Hours float64
	Cost                                     float64
}

type concentrationRow struct {
	Team               string
	People             int64
	Person             string
	Interruptions      int64
	Hours, Share, Gini float64
	TeamInterruptions  int64
	TeamHours          float64
}

type candidateRow struct {
	Rank                       int64
	Kind, Name, Class          string
	Tickets                    int64
	PerWeek, MedianMinutes     float64
	CV, Escalation, Reopen     *float64
	Score, PerWeekHours, Month float64
	Payback                    *float64
	Examples                   []example
}

// example is an example ticket; URL is set only when it is a safe http(s)
// link (see safeURL).
type example struct {
	Key, Title, URL string
}

type shadowRow struct {
	Tool, Owner         string
	Tickets, Requesters int64
	First, Last         sql.NullTime
	Weeks               int64
	PerWeek             float64
	Fields              string
	Examples            []example
}

type freshRow struct {
	Source, Subject string
	Rows, Days      *float64
	Latest          sql.NullTime
	Deleted         *float64
}

type testCounts struct {
	Tests, Failed int64
}

type failedTest struct {
	Model, Test, Sample string
	Failures            int64
}

type coverageRow struct {
	Source                               string
	Tickets, Intent, Clustered, Clusters int64
	IntentShare, ClusteredShare, Covered float64
}

type runRow struct {
	RunID, Source, Format, File, SHA256              string
	Bytes, RowsIn, Loaded, Rejected, Merged, Skipped int64
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
			return r.Scan(&l.Runs, &l.RowsIn, &l.Loaded, &l.Rejected, &l.Merged, &l.Skipped, &l.RejectRows)
		}},
		{"weekly_summary", nil, func(r *sql.Rows) error {
			var w time.Time
			var created, resolved, open sql.NullInt64
			var med, hours, cost, auto sql.NullFloat64
			if err := r.Scan(&w, &created, &resolved, &open, &med, &hours, &cost, &auto); err != nil {
				return err
			}
			d.Weekly = append(d.Weekly, weeklyRow{Week: day(w), Values: [7]*float64{
				iptr(created), iptr(resolved), iptr(open), fptr(med), fptr(hours), fptr(cost), fptr(auto),
			}})
			return nil
		}},
		{"age_buckets", nil, func(r *sql.Rows) error {
			var order int64
			var label string
			var low float64
			if err := r.Scan(&order, &label, &low); err != nil {
				return err
			}
			if len(d.AgeLabels) > 0 {
				d.AgeEdges = append(d.AgeEdges, low)
			}
			d.AgeLabels = append(d.AgeLabels, label)
			return nil
		}},
		{"backlog_weekly", nil, func(r *sql.Rows) error {
			var x backlogRow
			var w time.Time
			if err := r.Scan(&w, &x.Created, &x.Resolved, &x.Open); err != nil {
				return err
			}
			x.Week = day(w)
			x.Ages = make([]*float64, len(d.AgeLabels))
			d.Backlog = append(d.Backlog, x)
			return nil
		}},
		{"backlog_age_weekly", nil, func(r *sql.Rows) error {
			var w time.Time
			var order, n int64
			if err := r.Scan(&w, &order, &n); err != nil {
				return err
			}
			// Both lists are in week order: find the week from the end.
			week := day(w)
			for i := len(d.Backlog) - 1; i >= 0; i-- {
				if b := &d.Backlog[i]; b.Week == week {
					if order >= 1 && int(order) <= len(b.Ages) {
						v := float64(n)
						b.Ages[order-1] = &v
					}
					break
				}
			}
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
		{"teams", nil, func(r *sql.Rows) error {
			var t teamRow
			var untracked, blocks float64
			if err := r.Scan(&t.Team, &t.Tickets, &t.Hours, &untracked, &blocks, &t.Class); err != nil {
				return err
			}
			d.Teams = append(d.Teams, t)
			return nil
		}},
		{"resolve", nil, func(r *sql.Rows) error {
			var x resolveRow
			var dim, val sql.NullString
			var med, p90, mean, bmed, bp90 sql.NullFloat64
			if err := r.Scan(&dim, &val, &x.Resolved, &med, &p90, &mean, &bmed, &bp90); err != nil {
				return err
			}
			x.Dimension, x.Value = str(dim), str(val)
			x.Median, x.P90, x.Mean, x.BMedian, x.BP90 = fptr(med), fptr(p90), fptr(mean), fptr(bmed), fptr(bp90)
			d.Resolve = append(d.Resolve, x)
			return nil
		}},
		{"first_response", nil, func(r *sql.Rows) error {
			var x responseRow
			var dim, val sql.NullString
			var med, p90, bmed, bp90 sql.NullFloat64
			if err := r.Scan(&dim, &val, &x.Tickets, &x.Responded, &med, &p90, &bmed, &bp90); err != nil {
				return err
			}
			x.Dimension, x.Value = str(dim), str(val)
			x.Median, x.P90, x.BMedian, x.BP90 = fptr(med), fptr(p90), fptr(bmed), fptr(bp90)
			d.Response = append(d.Response, x)
			return nil
		}},
		{"sla_priority", nil, func(r *sql.Rows) error {
			var x slaRow
			var p sql.NullString
			var rate sql.NullFloat64
			if err := r.Scan(&p, &x.Tickets, &x.Met, &x.Breached, &x.Pending, &rate); err != nil {
				return err
			}
			x.Priority, x.Rate = str(p), fptr(rate)
			d.SLA = append(d.SLA, x)
			return nil
		}},
		{"fix_ranking", []any{maxFixes}, func(r *sql.Rows) error {
			var x fixRow
			var tool, intent sql.NullString
			var perWeek, intPW, avoid, hours, cost sql.NullFloat64
			if err := r.Scan(&x.Rank, &tool, &intent, &x.Tickets, &perWeek, &intPW, &avoid, &hours, &cost); err != nil {
				return err
			}
			x.Tool, x.Intent = str(tool), str(intent)
			if x.Tool == unknownTool {
				x.Tool = noToolLabel
			}
			x.PerWeek, x.IntPerWeek, x.AvoidPerWeek, x.Hours, x.Cost = fval(perWeek), fval(intPW), fval(avoid), fval(hours), fval(cost)
			d.Fixes = append(d.Fixes, x)
			return nil
		}},
		{"concentration", nil, func(r *sql.Rows) error {
			var x concentrationRow
			var team, person sql.NullString
			var hrs, share, gini, teamHours sql.NullFloat64
			if err := r.Scan(&team, &x.People, &person, &x.Interruptions, &hrs, &share, &gini, &x.TeamInterruptions, &teamHours); err != nil {
				return err
			}
			x.Team, x.Person, x.Hours, x.Share, x.Gini, x.TeamHours = str(team), str(person), fval(hrs), fval(share), fval(gini), fval(teamHours)
			d.Concentr = append(d.Concentr, x)
			return nil
		}},
		{"automation", []any{maxCandidates}, func(r *sql.Rows) error {
			var x candidateRow
			var kind, name, class sql.NullString
			var perWeek, median, cv, esc, reopen, score, weekH, month, payback sql.NullFloat64
			if err := r.Scan(&x.Rank, &kind, &name, &class, &x.Tickets, &perWeek, &median, &cv, &esc, &reopen, &score, &weekH, &month, &payback, &d.Candidates); err != nil {
				return err
			}
			x.Kind, x.Name, x.Class = str(kind), str(name), str(class)
			x.PerWeek, x.MedianMinutes = fval(perWeek), fval(median)
			x.CV, x.Escalation, x.Reopen = fptr(cv), fptr(esc), fptr(reopen)
			x.Score, x.PerWeekHours, x.Month, x.Payback = fval(score), fval(weekH), fval(month), fptr(payback)
			d.Automation = append(d.Automation, x)
			return nil
		}},
		{"automation_examples", []any{maxCandidates}, func(r *sql.Rows) error {
			var rank, pos int64
			var key, title, u sql.NullString
			if err := r.Scan(&rank, &pos, &key, &title, &u); err != nil {
				return err
			}
			for i := range d.Automation {
				if c := &d.Automation[i]; c.Rank == rank {
					c.Examples = append(c.Examples, example{Key: str(key), Title: str(title), URL: safeURL(str(u))})
					break
				}
			}
			return nil
		}},
		{"shadow_it", []any{maxShadow}, func(r *sql.Rows) error {
			var x shadowRow
			var tool, owner, fields sql.NullString
			var perWeek sql.NullFloat64
			if err := r.Scan(&tool, &owner, &x.Tickets, &x.Requesters, &x.First, &x.Last, &x.Weeks, &perWeek, &fields, &d.ShadowTools); err != nil {
				return err
			}
			x.Tool, x.Owner, x.PerWeek, x.Fields = str(tool), str(owner), fval(perWeek), str(fields)
			d.Shadow = append(d.Shadow, x)
			return nil
		}},
		{"shadow_examples", []any{maxShadow}, func(r *sql.Rows) error {
			var tool, key, title, u sql.NullString
			var pos int64
			if err := r.Scan(&tool, &pos, &key, &title, &u); err != nil {
				return err
			}
			for i := range d.Shadow {
				if s := &d.Shadow[i]; s.Tool == str(tool) {
					s.Examples = append(s.Examples, example{Key: str(key), Title: str(title), URL: safeURL(str(u))})
					break
				}
			}
			return nil
		}},
		{"freshness", nil, func(r *sql.Rows) error {
			var x freshRow
			var rows, days, deleted sql.NullFloat64
			if err := r.Scan(&x.Source, &x.Subject, &rows, &days, &x.Latest, &deleted); err != nil {
				return err
			}
			x.Rows, x.Days, x.Deleted = fptr(rows), fptr(days), fptr(deleted)
			d.Fresh = append(d.Fresh, x)
			return nil
		}},
		{"test_counts", nil, func(r *sql.Rows) error {
			return r.Scan(&d.Tests.Tests, &d.Tests.Failed)
		}},
		{"failed_tests", []any{maxFailed}, func(r *sql.Rows) error {
			var x failedTest
			var sample sql.NullString
			if err := r.Scan(&x.Model, &x.Test, &x.Failures, &sample); err != nil {
				return err
			}
			x.Sample = str(sample)
			d.Failed = append(d.Failed, x)
			return nil
		}},
		{"coverage", nil, func(r *sql.Rows) error {
			var x coverageRow
			var is, cs, cov sql.NullFloat64
			if err := r.Scan(&x.Source, &x.Tickets, &x.Intent, &x.Clustered, &x.Clusters, &is, &cs, &cov); err != nil {
				return err
			}
			x.IntentShare, x.ClusteredShare, x.Covered = fval(is), fval(cs), fval(cov)
			d.Coverage = append(d.Coverage, x)
			return nil
		}},
		{"runs", []any{maxRuns}, func(r *sql.Rows) error {
			var x runRow
			if err := r.Scan(&x.RunID, &x.Source, &x.Format, &x.File, &x.SHA256, &x.Bytes, &x.RowsIn, &x.Loaded, &x.Rejected, &x.Merged, &x.Skipped); err != nil {
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

func iptr(n sql.NullInt64) *float64 {
	if !n.Valid {
		return nil
	}
	v := float64(n.Int64)
	return &v
}

// safeURL returns u, re-encoded, when it is an absolute http or https URL
// with a host and no user name or password, else "". Ingest writes
// tickets.url only from a source's configured url_base, but the page checks
// again: a link is only ever made from what passes here, and html/template
// escapes it once more in the attribute.
func safeURL(u string) string {
	if u == "" || len(u) > 2048 {
		return ""
	}
	p, err := url.Parse(u)
	if err != nil || p.Host == "" || p.User != nil || p.Opaque != "" {
		return ""
	}
	if p.Scheme != "http" && p.Scheme != "https" { // url.Parse lower-cases it
		return ""
	}
	return p.String()
}
