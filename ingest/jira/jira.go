// Package jira reads Jira's CSV export ("Export Excel CSV (all fields)").
//
// Jira writes one column per value of a multi-valued field, all under the
// same header (three labels give three "Labels" columns), so columns are
// looked up by name and repeated ones are read as lists. Comments are cells
// of the form `03/Feb/24 10:12 AM;author-id;text` and work logs
// `text;date;author;seconds`; the text may hold semicolons and newlines.
// Exports from a German, Spanish, French or Portuguese user interface have
// translated column names, statuses and priorities (locale.go) and month
// names in their dates (ingest.TimeParser); those go the Go path.
package jira

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/lanes-dev/lanes/ingest"
	"github.com/lanes-dev/lanes/ingest/csvfile"
	"github.com/lanes-dev/lanes/models/config"
)

// Name is the connector's format name, as given to --source.
const Name = "jira_csv"

const format = "jira csv"

func init() { ingest.Register(Connector{}) }

// Connector reads Jira CSV exports.
type Connector struct{}

// Name implements ingest.Connector.
func (Connector) Name() string { return Name }

// System implements ingest.Connector.
func (Connector) System() string { return "jira" }

// Detect implements ingest.Connector: a Jira export's header has "Issue
// key" next to "Summary" or "Issue Type", in English or in one of the
// languages of localHeaders.
func (Connector) Detect(path string, head []byte) (int, string) {
	h := csvfile.PeekHeader(head)
	if h == nil {
		return 0, ""
	}
	hd, local := canonicalHeader(csvfile.NewHeader(h))
	// A header without a column Read needs (Created, say) is left to
	// other connectors (the generic csv one), which may read it, where
	// this one would only refuse it.
	if len(missing(hd)) > 0 {
		return 0, ""
	}
	// Name the columns as the file does.
	name := func(en string) string { return strconv.Quote(h[hd.Index(en)]) }
	why := func(cols ...string) string {
		var q []string
		for _, c := range cols {
			q = append(q, name(c))
		}
		s := "CSV header has " + strings.Join(q[:len(q)-1], ", ") + " and " + q[len(q)-1]
		if len(q) == 1 {
			s = "CSV header has " + q[0]
		}
		if local {
			s += " (Jira's localized column names)"
		}
		return s
	}
	switch {
	case hd.Has("Summary") && hd.Has("Issue Type"):
		return 97, why("Issue key", "Summary", "Issue Type")
	case hd.Has("Summary"):
		return 92, why("Issue key", "Summary")
	case hd.Has("Issue Type"):
		return 90, why("Issue key", "Issue Type")
	case hd.Has("Issue id"):
		return 90, why("Issue key", "Issue id")
	}
	return 50, why("Issue key")
}

// Read implements ingest.Connector.
func (Connector) Read(ctx context.Context, in *ingest.Input, sink ingest.Sink) error {
	return csvfile.Stream(ctx, format, in, sink, newMapper)
}

// Column names in Jira's export.
const (
	colKey         = "Issue key"
	colSummary     = "Summary"
	colType        = "Issue Type"
	colStatus      = "Status"
	colPriority    = "Priority"
	colResolution  = "Resolution"
	colAssignee    = "Assignee"
	colReporter    = "Reporter"
	colCreated     = "Created"
	colUpdated     = "Updated"
	colResolved    = "Resolved"
	colDescription = "Description"
	colComponents  = "Component/s"
	colLabels      = "Labels"
	colComment     = "Comment"
	colLogWork     = "Log Work"
	colTimeSpent   = "Time Spent"
	colProjectName = "Project name"
	colRequestType = "Custom field (Request Type)"
	// Jira Cloud's export also has these: the status's category (To Do,
	// In Progress, Done), the creator, and each person's account id next
	// to the display name.
	colCategory   = "Status Category"
	colCreator    = "Creator"
	colReporterID = "Reporter Id"
	colAssigneeID = "Assignee Id"
	colCreatorID  = "Creator Id"
)

type mapper struct {
	h                                                     *csvfile.Header // as in the file
	ch                                                    *csvfile.Header // English names
	local                                                 bool            // the file's names were translated
	key, summary, kind, status, priority, resolution      cols
	assignee, reporter, created, updated, resolved, descr cols
	timeSpent, project, team, requestType, category       cols
	components, labels, comments, worklogs                []int
	// people pairs the columns of a person's name and id (Reporter and
	// Reporter Id, ...), for the files that have both.
	people []person
}

// person is the name and id columns of one of a row's people.
type person struct{ name, id cols }

// cols are the columns of one single-valued field (csvfile.Cols).
type cols = csvfile.Cols

// newMapper finds the columns by their English names; a header in another
// language is translated first (canonicalHeader). Messages name columns
// as the file does.
func newMapper(h *csvfile.Header, _ config.Source) (csvfile.Mapper, error) {
	ch, local := canonicalHeader(h)
	// all lists the columns of the first of names the header has.
	all := func(names ...string) cols {
		for _, n := range names {
			if idx := ch.All(n); len(idx) > 0 {
				return idx
			}
		}
		return nil
	}
	m := &mapper{
		h:           h,
		ch:          ch,
		local:       local,
		key:         all(colKey),
		summary:     all(colSummary),
		kind:        all(colType),
		status:      all(colStatus),
		priority:    all(colPriority),
		resolution:  all(colResolution),
		assignee:    all(colAssignee),
		reporter:    all(colReporter),
		created:     all(colCreated),
		updated:     all(colUpdated),
		resolved:    all(colResolved),
		descr:       all(colDescription),
		timeSpent:   all(colTimeSpent),
		project:     all(colProjectName),
		team:        all("Custom field (Team)", "Team"),
		requestType: all(colRequestType),
		category:    all(colCategory),
		components:  ch.All(colComponents),
		labels:      ch.All(colLabels),
		comments:    ch.All(colComment),
		worklogs:    ch.All(colLogWork),
	}
	for _, p := range []person{
		{m.reporter, all(colReporterID)},
		{m.assignee, all(colAssigneeID)},
		{all(colCreator), all(colCreatorID)},
	} {
		if len(p.name) > 0 && len(p.id) > 0 {
			m.people = append(m.people, p)
		}
	}
	if miss := missing(ch); len(miss) > 0 {
		return nil, fmt.Errorf("the header has no %s column; is this a Jira CSV export? (pass --source to choose another format)", strings.Join(miss, " or "))
	}
	return m, nil
}

// missing names (quoted) the columns Read needs that ch, a header with
// English column names (canonicalHeader), lacks: the issue key and when
// it was created. Detect claims no header that lacks one, so that the two
// cannot disagree.
func missing(ch *csvfile.Header) []string {
	var out []string
	for _, c := range []string{colKey, colCreated} {
		if !ch.Has(c) {
			out = append(out, strconv.Quote(c))
		}
	}
	return out
}

// trimmed lists the columns whose values Map trims (strings.TrimSpace)
// before use. Status, priority, resolution and status category are left
// out: the fast path maps those in Go.
func (m *mapper) trimmed() []int {
	var out []int
	for _, c := range []cols{m.key, m.summary, m.kind, m.assignee, m.reporter, m.created, m.updated, m.resolved,
		m.timeSpent, m.project, m.team, m.requestType} {
		out = append(out, c...)
	}
	for _, p := range m.people {
		out = append(out, p.name...)
		out = append(out, p.id...)
	}
	out = append(out, m.labels...)
	out = append(out, m.components...)
	out = append(out, m.worklogs...)
	return out
}

// name is the field's name as the file writes it, or en when the file has
// no such column.
func (m *mapper) name(c cols, en string) string {
	return m.colName(c.First(), en)
}

// colName is column i's name as the file writes it, or en when the file
// has no such column.
func (m *mapper) colName(i int, en string) string {
	if i >= 0 && i < m.h.Len() && m.h.Name(i) != "" {
		return m.h.Name(i)
	}
	return en
}

// Column implements csvfile.Mapper.
func (m *mapper) Column(field string) string {
	switch field {
	case "key":
		return m.name(m.key, colKey)
	case "created_at":
		return m.name(m.created, colCreated)
	case "resolved_at":
		return m.name(m.resolved, colResolved)
	case "status":
		return m.name(m.status, colStatus)
	}
	return ""
}

// Times implements csvfile.Mapper.
func (m *mapper) Times(rec csvfile.Record, observe func(string)) {
	observe(m.created.Value(rec))
	observe(m.updated.Value(rec))
	observe(m.resolved.Value(rec))
	for _, i := range m.comments {
		if at, _, _, ok := splitComment(rec.Get(i)); ok {
			observe(at)
		}
	}
}

// Map implements csvfile.Mapper.
func (m *mapper) Map(rec csvfile.Record, times *ingest.TimeParser) (*ingest.Ticket, []*ingest.Comment, *ingest.Reject) {
	get := func(c cols) string { return strings.TrimSpace(c.Value(rec)) }
	t := &ingest.Ticket{
		Key:         get(m.key),
		Title:       get(m.summary),
		Description: m.descr.Value(rec),
		Kind:        get(m.kind),
		StatusRaw:   get(m.status),
		PriorityRaw: get(m.priority),
		Assignee:    get(m.assignee),
		Requester:   get(m.reporter),
		Labels:      csvfile.List(rec, m.labels),
		Components:  csvfile.List(rec, m.components),
		Channel:     "jira",
		Raw:         m.h.Raw(rec),
	}
	if t.Key == "" {
		return nil, nil, &ingest.Reject{Column: m.name(m.key, colKey), Reason: "ticket has no key"}
	}
	name, category, resolution := t.StatusRaw, get(m.category), get(m.resolution)
	if m.local {
		// A localized UI names statuses, status categories, resolutions
		// and priorities in its language too.
		name, category, resolution = englishValue(name), englishValue(category), englishValue(resolution)
		t.Priority = ingest.NormalizePriority(englishValue(t.PriorityRaw))
	} else {
		t.Priority = ingest.NormalizePriority(t.PriorityRaw)
	}
	t.Status = status(name, category, resolution, get(m.resolved) != "")
	t.AssignmentGroup = get(m.team)
	if t.AssignmentGroup == "" {
		t.AssignmentGroup = get(m.project)
	}
	if len(t.Components) > 0 {
		t.Category = t.Components[0]
	} else {
		t.Category = get(m.requestType)
	}

	if get(m.created) == "" {
		return nil, nil, &ingest.Reject{Column: m.name(m.created, colCreated), Reason: "ticket has no creation time"}
	}
	var err error
	if t.CreatedAt, err = times.Parse(get(m.created)); err != nil {
		return nil, nil, &ingest.Reject{Column: m.name(m.created, colCreated), Reason: err.Error()}
	}
	if v := get(m.updated); v != "" {
		if t.UpdatedAt, err = times.Parse(v); err != nil {
			return nil, nil, &ingest.Reject{Column: m.name(m.updated, colUpdated), Reason: err.Error()}
		}
	}
	if v := get(m.resolved); v != "" {
		at, err := times.Parse(v)
		if err != nil {
			return nil, nil, &ingest.Reject{Column: m.name(m.resolved, colResolved), Reason: err.Error()}
		}
		t.ResolvedAt = &at
	}

	if v := get(m.timeSpent); v != "" {
		secs, ok := seconds(v)
		if !ok {
			return nil, nil, &ingest.Reject{Column: m.name(m.timeSpent, colTimeSpent), Reason: fmt.Sprintf("cannot read %q as a number of seconds", v)}
		}
		t.HandleMinutes = ptr(secs / 60)
	}
	if t.HandleMinutes == nil && len(m.worklogs) > 0 {
		var total float64
		var any bool
		for _, i := range m.worklogs {
			cell := strings.TrimSpace(rec.Get(i))
			if cell == "" {
				continue
			}
			secs, err := worklogSeconds(cell)
			if err != nil {
				return nil, nil, &ingest.Reject{Column: m.colName(i, colLogWork), Reason: err.Error()}
			}
			total, any = total+secs, true
		}
		if any {
			t.HandleMinutes = ptr(total / 60)
		}
	}

	var comments []*ingest.Comment
	for _, i := range m.comments {
		cell := rec.Get(i)
		if strings.TrimSpace(cell) == "" {
			continue
		}
		at, author, body, ok := splitComment(cell)
		if !ok {
			return nil, nil, &ingest.Reject{Column: m.colName(i, colComment), Reason: "cannot read the comment: expected date;author;text (a ; after the date and after the author)"}
		}
		when, err := times.Parse(at)
		if err != nil {
			return nil, nil, &ingest.Reject{Column: m.colName(i, colComment), Reason: err.Error()}
		}
		comments = append(comments, &ingest.Comment{Author: m.author(rec, author), At: when, Public: true, Body: body})
	}
	return t, comments, nil
}

// author is a comment's author (trimmed) as the row names people. Jira
// Cloud writes a comment's author as an account id, and the reporter,
// assignee and creator as display names with their account ids beside
// them (Reporter Id, ...): an author that is one of those ids becomes that
// person's name, so that a comment compares with the requester. Any other
// id stays as written, since the export names no one else.
func (m *mapper) author(rec csvfile.Record, author string) string {
	if author == "" {
		return author
	}
	for _, p := range m.people {
		if strings.TrimSpace(p.id.Value(rec)) != author {
			continue
		}
		if name := strings.TrimSpace(p.name.Value(rec)); name != "" {
			return name
		}
	}
	return author
}

// categoryKeys are Jira's keys of the status categories an export names
// (in English, after translation).
var categoryKeys = map[string]string{"to do": "new", "in progress": "indeterminate", "done": "done"}

// status normalizes a ticket's status (the name, status category and
// resolution trimmed and in English; resolved when the Resolved column has
// a time) by jira_json's rule, ingest.JiraStatus: the category decides
// when the export has it, and the name refines it. Without a category (an
// older or Server export, or a category this table does not know) the name
// decides; a name ingest.NormalizeStatus does not know ("Deployed") with a
// resolution or a resolved time is closed, as the Done category would make
// it: Jira sets both only when the work is finished, and clears them when
// it reopens. A resolution that means the work was dropped ("Won't Do",
// "Duplicate") makes any of them canceled.
func status(name, category, resolution string, resolved bool) string {
	key := categoryKeys[strings.ToLower(category)]
	if key == "" && (hasResolution(resolution) || resolved) && !ingest.StatusKnown(name) {
		key = "done"
	}
	return ingest.JiraStatus(name, key, resolution)
}

// hasResolution reports whether a Resolution cell says the work has one:
// not blank, and not a word that says it has none ("Unresolved", as Jira
// shows an issue without one).
func hasResolution(resolution string) bool {
	return resolution != "" && !(ingest.NormalizeStatus(resolution) == ingest.StatusOpen && ingest.StatusKnown(resolution))
}

// splitComment splits a comment cell `date;author;text`. The text keeps any
// further semicolons.
func splitComment(cell string) (at, author, body string, ok bool) {
	at, rest, ok1 := strings.Cut(cell, ";")
	author, body, ok2 := strings.Cut(rest, ";")
	if !ok1 || !ok2 {
		return "", "", "", false
	}
	return strings.TrimSpace(at), strings.TrimSpace(author), body, true
}

// worklogSeconds reads the seconds from a work log cell
// `text;date;author;seconds`; the text may hold semicolons, so the cell is
// read from the right.
func worklogSeconds(cell string) (float64, error) {
	i := strings.LastIndexByte(cell, ';')
	if i < 0 || strings.Count(cell, ";") < 3 {
		return 0, errors.New("cannot read the work log: expected text;date;author;seconds")
	}
	v := strings.TrimSpace(cell[i+1:])
	secs, ok := seconds(v)
	if !ok {
		return 0, errors.New("cannot read the work log's last part as a number of seconds")
	}
	return secs, nil
}

// seconds reads a non-negative, finite number of seconds.
func seconds(v string) (float64, bool) {
	secs, err := strconv.ParseFloat(v, 64)
	if err != nil || !(secs >= 0) || math.IsInf(secs, 0) {
		return 0, false
	}
	return secs, true
}

func short(s string) string {
	r := []rune(s)
	if len(r) > 60 {
		return string(r[:60]) + "…"
	}
	return s
}

func ptr[T any](v T) *T { return &v }
