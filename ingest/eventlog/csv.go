package eventlog

import (
	"context"
	"encoding/csv"
	"fmt"
	"sort"
	"strings"

	"github.com/lanes-dev/lanes/ingest"
	"github.com/lanes-dev/lanes/ingest/csvfile"
)

// Name is the CSV connector's format name, as given to --source.
const Name = "eventlog_csv"

const format = "event log csv"

func init() { ingest.Register(CSV{}) }

// CSV reads event logs exported as CSV: one row per event, in any order.
// The rows are held in memory until the end of the file, since a case's
// events may be anywhere in it; maxEvents bounds that.
type CSV struct{}

// Name implements ingest.Connector.
func (CSV) Name() string { return Name }

// System implements ingest.Connector.
func (CSV) System() string { return "eventlog" }

// Roles of a log's columns, as named in a source's mapping.
const (
	RoleCase      = "case_id"
	RoleActivity  = "activity"
	RoleTimestamp = "timestamp"
	RoleResource  = "resource"
	RoleGroup     = "group"
	RoleTitle     = "title"
)

// headers are the column names each role is recognised by, in order of
// preference (matched ignoring case and surrounding blanks).
var headers = map[string][]string{
	RoleCase:      {"case_id", "case:concept:name", "Case ID", "CaseID", "Case", "Incident ID", "number"},
	RoleActivity:  {"activity", "concept:name", "Activity", "Activity Name", "IncidentActivity_Type"},
	RoleTimestamp: {"timestamp", "time:timestamp", "Complete Timestamp", "DateStamp", "End Timestamp", "Start Timestamp", "sys_updated_on"},
	RoleResource:  {"resource", "org:resource", "Resource", "Assignment_Group", "Assignment Group", "assigned_to"},
	RoleGroup:     {"org:group", "group"},
	RoleTitle:     {"case:description", "case:title", "description", "short_description", "title", "summary"},
}

// aliases lets a mapping use the canonical ticket field names too.
var aliases = map[string]string{
	"source_key": RoleCase, "status": RoleActivity, "event_at": RoleTimestamp,
	"assignment_group": RoleResource, "assignee": RoleResource,
}

var roles = []string{RoleCase, RoleActivity, RoleTimestamp, RoleResource, RoleGroup, RoleTitle}

// Limits on what a CSV log may hold in memory.
var (
	maxEvents     = 5_000_000
	maxEventBytes = int64(1 << 30)
)

// Detect implements ingest.Connector: a CSV header with a case id, an
// activity and a timestamp column.
func (CSV) Detect(path string, head []byte) (int, string) {
	score, reason := detect(path, head)
	return score, csvfile.WithEncoding(reason, head)
}

func detect(path string, head []byte) (int, string) {
	h := csvfile.PeekHeader(head)
	if h == nil {
		return 0, ""
	}
	hd := csvfile.NewHeader(h)
	c, a, ts := hd.Index(headers[RoleCase]...), hd.Index(headers[RoleActivity]...), hd.Index(headers[RoleTimestamp]...)
	if c < 0 || a < 0 || ts < 0 {
		return 0, ""
	}
	reason := fmt.Sprintf("CSV header has a case (%q), an activity (%q) and a timestamp (%q)", h[c], h[a], h[ts])
	if hd.Index(headers[RoleResource]...) >= 0 {
		return 88, reason + " and a resource"
	}
	return 85, reason
}

type columns struct {
	idx   map[string]int
	names map[string]string
}

func (c columns) get(rec csvfile.Record, role string) string {
	i, ok := c.idx[role]
	if !ok {
		return ""
	}
	return strings.TrimSpace(rec.Get(i))
}

func resolve(h *csvfile.Header, mapping map[string]string) (columns, error) {
	c := columns{idx: map[string]int{}, names: map[string]string{}}
	mapped := map[string]string{}
	for k, v := range mapping {
		role := k
		if a, ok := aliases[k]; ok {
			role = a
		}
		if _, ok := headers[role]; !ok {
			return c, fmt.Errorf("mapping key %q is not one of %s", k, strings.Join(roles, ", "))
		}
		mapped[role] = v
	}
	for _, role := range roles {
		if col, ok := mapped[role]; ok {
			i := h.Index(col)
			if i < 0 {
				return c, fmt.Errorf("the mapping names column %q for %s, but the header has no such column", col, role)
			}
			c.idx[role], c.names[role] = i, h.Name(i)
			continue
		}
		if i := h.Index(headers[role]...); i >= 0 {
			c.idx[role], c.names[role] = i, h.Name(i)
		}
	}
	var missing []string
	for _, role := range []string{RoleCase, RoleActivity, RoleTimestamp} {
		if _, ok := c.idx[role]; !ok {
			missing = append(missing, fmt.Sprintf("%s (%s)", role, strings.Join(headers[role][:3], ", ")))
		}
	}
	if len(missing) > 0 {
		return c, fmt.Errorf("the header has no column for %s; name the columns under mapping for this source in lanes.yaml", strings.Join(missing, " or "))
	}
	return c, nil
}

// row is one buffered event.
type row struct {
	activity, resource, group, ts string
	line                          int64
}

// pending is a case being collected.
type pending struct {
	id, title string
	line      int64
	rows      []row
	bad       *ingest.Reject // the first problem found, which rejects the case
}

// Read implements ingest.Connector.
func (CSV) Read(ctx context.Context, in *ingest.Input, sink ingest.Sink) error {
	r, err := csvfile.Open(format, in, csvfile.Options{})
	if err != nil {
		return err
	}
	cols, err := resolve(r.Header(), in.Source.Mapping)
	if err != nil {
		return r.Errorf(0, "", "%w", err)
	}
	times, err := ingest.NewTimeParser(in.Source.DateFormat, in.Location)
	if err != nil {
		return r.Errorf(0, "", "%w", err)
	}
	strs := Interner{}
	cases := map[string]*pending{}
	var order []*pending
	var rejects []ingest.Reject // rows that are no case's, sent in line order with the cases
	var events int
	var held int64
	err = r.Each(ctx, func(rej ingest.Reject) error {
		held += int64(len(rej.Raw)) + 64
		rejects = append(rejects, rej)
		return nil
	}, func(rec csvfile.Record) error {
		events++
		id := cols.get(rec, RoleCase)
		held += int64(len(id)+len(cols.get(rec, RoleTimestamp))) + 64
		if events > maxEvents || held > maxEventBytes {
			return r.Errorf(rec.Line, "", "more than %d events or %d MiB: lanes holds a CSV event log in memory to group its cases; split the log by case into smaller files", maxEvents, maxEventBytes>>20)
		}
		if id == "" {
			rejects = append(rejects, ingest.Reject{Line: rec.Line, Column: cols.names[RoleCase], Reason: "the row has no case id", Raw: rec.Text()})
			return nil
		}
		c := cases[id]
		if c == nil {
			c = &pending{id: strings.Clone(id), line: rec.Line}
			cases[c.id] = c
			order = append(order, c)
		}
		if c.title == "" {
			c.title = strings.Clone(cols.get(rec, RoleTitle))
		}
		if c.bad != nil {
			return nil
		}
		e := row{
			activity: strs.Intern(cols.get(rec, RoleActivity)),
			resource: strs.Intern(cols.get(rec, RoleResource)),
			group:    strs.Intern(cols.get(rec, RoleGroup)),
			ts:       strings.Clone(cols.get(rec, RoleTimestamp)),
			line:     rec.Line,
		}
		switch {
		case e.activity == "":
			c.bad = caseReject(c, rec.Line, cols.names[RoleActivity], "the event has no activity", rec.Text())
		case e.ts == "":
			c.bad = caseReject(c, rec.Line, cols.names[RoleTimestamp], "the event has no timestamp", rec.Text())
		default:
			if times.NeedMore() {
				times.Observe(e.ts)
			}
			c.rows = append(c.rows, e)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if err := times.Decide(); err != nil {
		return r.Errorf(0, cols.names[RoleTimestamp], "%w", err)
	}
	// Send cases (at their first line, or the line that rejects them) and
	// rejected rows in line order.
	type item struct {
		line int64
		c    *Case
		rej  *ingest.Reject
	}
	items := make([]item, 0, len(order)+len(rejects))
	for i := range rejects {
		items = append(items, item{line: rejects[i].Line, rej: &rejects[i]})
	}
	for _, p := range order {
		if p.bad == nil {
			c := &Case{ID: p.id, Title: p.title, Line: p.line, Events: make([]Event, 0, len(p.rows))}
			for _, e := range p.rows {
				at, err := times.Parse(e.ts)
				if err != nil {
					p.bad = caseReject(p, e.line, cols.names[RoleTimestamp], err.Error(), rowText(p.id, e))
					break
				}
				c.Events = append(c.Events, Event{Activity: e.activity, At: at, Resource: e.resource, Group: e.group, Line: e.line})
			}
			if p.bad == nil {
				items = append(items, item{line: p.line, c: c})
			}
		}
		if p.bad != nil {
			items = append(items, item{line: p.bad.Line, rej: p.bad})
		}
		p.rows = nil
	}
	sort.SliceStable(items, func(i, j int) bool { return items[i].line < items[j].line })
	for _, it := range items {
		var err error
		if it.c != nil {
			err = it.c.Emit(sink)
		} else {
			err = sink.Reject(*it.rej)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func caseReject(c *pending, line int64, column, reason, raw string) *ingest.Reject {
	return &ingest.Reject{Line: line, Column: column, Reason: fmt.Sprintf("case %q: %s; the whole case is not loaded", short(c.id), reason), Raw: raw}
}

// rowText renders a buffered event as CSV for a reject's raw text.
func rowText(id string, e row) string {
	var b strings.Builder
	w := csv.NewWriter(&b)
	_ = w.Write([]string{id, e.activity, e.ts, e.resource})
	w.Flush()
	return strings.TrimSuffix(b.String(), "\n")
}
