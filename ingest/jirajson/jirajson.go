// Package jirajson reads Jira issues as the REST API returns them: pages
// of /rest/api/2/search, /rest/api/3/search and /search/jql
// ({"startAt", "total", "issues": [...]} or {"issues": [...],
// "nextPageToken": ...}), a bare array of issues, JSON Lines of issues or
// of pages, pages back to back, and single issues ({"id", "key",
// "fields": {...}}).
//
// Rich text is wiki markup in v2 and Atlassian Document Format in v3;
// both become plain text. With expand=changelog, status, assignee, group
// and priority changes become events, and reopen and reassignment counts
// are derived from them. The assignment group is the project's name
// unless the source maps a field to it in lanes.yaml, e.g.
// `mapping: {assignment_group: customfield_10001}` (the JSON carries only
// field ids, never the names Jira shows).
package jirajson

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/url"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/lanes-dev/lanes/ingest"
	"github.com/lanes-dev/lanes/ingest/jsonstream"
	"github.com/lanes-dev/lanes/models/config"
)

// Name is the connector's format name, as given to --source.
const Name = "jira_json"

const format = "jira json"

func init() { ingest.Register(Connector{}) }

// Connector reads Jira REST JSON.
type Connector struct{}

// Name implements ingest.Connector.
func (Connector) Name() string { return Name }

// System implements ingest.Connector.
func (Connector) System() string { return "jira" }

// Detect implements ingest.Connector: JSON whose first record has "key"
// and "fields", a search page with an "issues" list, or Jira's error
// document ({"errorMessages": [...], "errors": {...}}).
func (Connector) Detect(path string, head []byte) (int, string) {
	keys, ok := pages.Sniff(head)
	switch {
	case !ok:
		return 0, ""
	case keys["key"] && keys["fields"] && (keys["self"] || keys["id"] || keys["changelog"] || keys["expand"]):
		return 95, `JSON issues with "id", "key" and "fields"`
	case keys["key"] && keys["fields"]:
		return 90, `JSON records with "key" and "fields"`
	case pageMarks(keys):
		return 60, `JSON search page with an empty "issues" list`
	case keys["errorMessages"] && !keys["key"]:
		// Saved in place of a page when the search failed; Read stops
		// with Jira's message.
		return 50, "Jira's error document"
	}
	return 0, ""
}

// pageMarks reports whether an object's keys are a search page's: the
// "issues" list with one of the paging members.
func pageMarks(keys map[string]bool) bool {
	return keys["issues"] && (keys["startAt"] || keys["maxResults"] || keys["total"] || keys["nextPageToken"] || keys["isLast"])
}

// Read implements ingest.Connector.
func (Connector) Read(ctx context.Context, in *ingest.Input, sink ingest.Sink) error {
	m, err := newMapper(in.Source, in.Location)
	if err != nil {
		return &ingest.FileError{Format: format, Path: in.Path, Err: err}
	}
	s := jsonstream.NewScanner(format, in, jsonstream.Options{MaxRecordBytes: maxRecordBytes, MaxDepth: maxDepth})
	p := pages
	// A search page with no issues (the last page of a search, or a
	// search that found nothing) holds nothing to load, but it is a page,
	// not an unreadable file: count it, so a folder of pages loads.
	p.Empty = func(line int64, members []string) error {
		keys := map[string]bool{"issues": true}
		for _, k := range members {
			keys[k] = true
		}
		if !pageMarks(keys) {
			return nil
		}
		return ingest.Skip(sink, line, "a page with no issues")
	}
	return s.Records(ctx, p, func(rec *jsonstream.Record) error {
		if rec.Problem != "" {
			return sink.Reject(ingest.Reject{Line: rec.Line, Reason: rec.Problem, Raw: jsonstream.Clip(rec.Raw)})
		}
		if msg := jiraError(rec.Fields); msg != "" {
			return s.Errorf(jsonstream.Pos{Line: rec.Line, Col: rec.Col}, "Jira returned an error, not issues: %s", msg)
		}
		t, comments, events, rej := m.issue(rec.Fields)
		if rej == nil {
			t.Line = rec.Line
			if col, reason := t.Check(); reason != "" {
				rej = &ingest.Reject{Column: checkColumns[col], Reason: reason}
			}
		}
		if rej != nil {
			rej.Line, rej.Raw = rec.Line, jsonstream.Clip(rec.Raw)
			return sink.Reject(*rej)
		}
		if err := sink.Ticket(t); err != nil {
			return err
		}
		for _, c := range comments {
			c.Key = t.Key
			if err := sink.Comment(c); err != nil {
				return err
			}
		}
		for _, e := range events {
			e.Key = t.Key
			if err := sink.Event(e); err != nil {
				return err
			}
		}
		return nil
	})
}

// Limits on one record. A bigger record stops the file rather than being
// held in memory: it is almost always a damaged file (tests lower the
// size). Real exports nest a dozen levels or so.
var maxRecordBytes int64 = 64 << 20

const maxDepth = 256

// pages are where search results keep their issues: {"issues": [...]},
// and such pages gathered into a list.
var pages = jsonstream.Pages{Lists: []string{"issues"}, Unwrap: page}

// page unwraps a search page met inside an array (pages gathered into a
// list).
func page(obj map[string]any) ([]any, bool) {
	if _, issue := obj["fields"]; issue {
		return nil, false
	}
	items, ok := obj["issues"].([]any)
	return items, ok
}

// jiraError reads Jira's error document {"errorMessages": [...], "errors": {...}}.
func jiraError(obj map[string]any) string {
	if _, ok := obj["key"]; ok {
		return ""
	}
	msgs, ok := obj["errorMessages"].([]any)
	if !ok {
		return ""
	}
	var out []string
	for _, m := range msgs {
		if s, ok := m.(string); ok {
			out = append(out, s)
		}
	}
	if errs, ok := obj["errors"].(map[string]any); ok {
		keys := make([]string, 0, len(errs))
		for k := range errs {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if s, ok := errs[k].(string); ok {
				out = append(out, k+": "+s)
			}
		}
	}
	if len(out) == 0 {
		return "no message"
	}
	return strings.Join(out, "; ")
}

// checkColumns names the JSON field behind each column Ticket.Check
// complains about.
var checkColumns = map[string]string{
	"key":         "key",
	"created_at":  "fields.created",
	"resolved_at": "fields.resolutiondate",
	"status":      "fields.status",
}

// layouts are the timestamp forms Jira writes: 2026-03-02T09:15:00.000+0000
// in v2 and v3, +01:00 or Z from some tools; the fraction is optional.
var layouts = []string{
	"2006-01-02T15:04:05-0700",
	"2006-01-02T15:04:05Z07:00",
	"2006-01-02T15:04:05",
	"2006-01-02 15:04:05",
	"2006-01-02",
}

// mappable are the canonical fields a source may map to a Jira field id.
var mappable = []string{"assignment_group", "requester_team", "category"}

type mapper struct {
	loc     *time.Location
	layouts []string
	fields  map[string]string // canonical field -> Jira field id
}

func newMapper(src config.Source, loc *time.Location) (*mapper, error) {
	if loc == nil {
		loc = time.UTC
	}
	m := &mapper{loc: loc, layouts: layouts, fields: map[string]string{}}
	if src.DateFormat != "" {
		m.layouts = append([]string{src.DateFormat}, layouts...)
	}
	for k, v := range src.Mapping {
		if !slices.Contains(mappable, k) {
			return nil, fmt.Errorf("mapping %q: jira_json maps only %s to Jira field ids", k, strings.Join(mappable, ", "))
		}
		m.fields[k] = strings.TrimPrefix(strings.TrimSpace(v), "fields.")
	}
	return m, nil
}

// fieldReader reads values from one issue and keeps the first problem.
type fieldReader struct {
	jsonstream.Strict
	m  *mapper
	v3 bool // the issue comes from REST API v3 (its self says so)
}

// richText reads a description or comment body as plain text: ADF (v3)
// or wiki markup (v2); a string from v3, where Jira writes ADF, is kept
// as it is.
func (r *fieldReader) richText(v any, path string) string {
	switch x := v.(type) {
	case map[string]any:
		return jsonstream.CleanText(docText(x))
	case string:
		if !r.v3 {
			return docText(x) // wikiText, which drops NULs too
		}
	}
	return r.Text(v, path)
}

// name reads a named value: {"name": ...} (status, priority, issue type),
// {"value": ...} (select lists), a person, or a plain string. A list
// gives its first value.
func (r *fieldReader) name(v any, path string) string {
	switch x := v.(type) {
	case map[string]any:
		for _, k := range []string{"name", "value", "displayName", "title"} {
			if s, ok := x[k]; ok && s != nil {
				return r.Text(s, path+"."+k)
			}
		}
		if rt, ok := x["requestType"].(map[string]any); ok {
			return r.Text(rt["name"], path+".requestType.name")
		}
		return ""
	case []any:
		if len(x) == 0 {
			return ""
		}
		return r.name(x[0], path+"[0]")
	}
	return r.Text(v, path)
}

// person reads a user: display name, else e-mail, else user name.
func (r *fieldReader) person(v any, path string) string {
	x, ok := v.(map[string]any)
	if !ok {
		return r.Text(v, path)
	}
	for _, k := range []string{"displayName", "emailAddress", "name", "key", "accountId"} {
		if s := r.Text(x[k], path+"."+k); s != "" {
			return s
		}
	}
	return ""
}

func (r *fieldReader) names(v any, path string) []string {
	var out []string
	for i, x := range r.List(v, path) {
		if s := r.name(x, fmt.Sprintf("%s[%d]", path, i)); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func jsonText(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// issue maps one issue.
func (m *mapper) issue(obj map[string]any) (*ingest.Ticket, []*ingest.Comment, []*ingest.Event, *ingest.Reject) {
	r := &fieldReader{Strict: jsonstream.Strict{Layouts: m.layouts, Loc: m.loc}, m: m}
	t := &ingest.Ticket{Channel: "jira", Raw: obj}
	t.Key = strings.TrimSpace(r.Text(obj["key"], "key"))
	if r.Reject == nil && t.Key == "" {
		r.Fail("key", "issue has no key")
	}
	f := r.Object(obj["fields"], "fields")
	if r.Reject == nil && f == nil {
		r.Fail("fields", `issue has no "fields"`)
	}
	if r.Reject != nil {
		return nil, nil, nil, r.Reject
	}

	t.Title = strings.TrimSpace(r.Text(f["summary"], "fields.summary"))
	// Rich text is wiki markup in API v2 and ADF in v3; a string in an
	// issue from v3 is not markup.
	self, _ := obj["self"].(string)
	r.v3 = strings.Contains(self, "/rest/api/3/")
	t.Description = r.richText(f["description"], "fields.description")
	t.Kind = r.name(f["issuetype"], "fields.issuetype")
	st, _ := f["status"].(map[string]any)
	t.StatusRaw = r.name(f["status"], "fields.status")
	var category string
	if cat, ok := st["statusCategory"].(map[string]any); ok {
		category = r.Text(cat["key"], "fields.status.statusCategory.key")
	}
	resolution := r.name(f["resolution"], "fields.resolution")
	t.Status = ingest.JiraStatus(t.StatusRaw, category, resolution)
	t.PriorityRaw = r.name(f["priority"], "fields.priority")
	t.Priority = ingest.NormalizePriority(t.PriorityRaw)

	if c := r.Time(f["created"], "fields.created"); c != nil {
		t.CreatedAt = *c
	} else if r.Reject == nil {
		r.Fail("fields.created", "issue has no creation time")
	}
	if u := r.Time(f["updated"], "fields.updated"); u != nil {
		t.UpdatedAt = *u
	}
	t.ResolvedAt = r.Time(f["resolutiondate"], "fields.resolutiondate")

	t.Assignee = r.person(f["assignee"], "fields.assignee")
	t.Requester = r.person(f["reporter"], "fields.reporter")
	if t.Requester == "" {
		t.Requester = r.person(f["creator"], "fields.creator")
	}
	t.Components = r.names(f["components"], "fields.components")
	t.Labels = r.names(f["labels"], "fields.labels")

	if id := m.fields["assignment_group"]; id != "" {
		t.AssignmentGroup = r.name(f[id], "fields."+id)
	}
	if t.AssignmentGroup == "" {
		t.AssignmentGroup = r.name(f["project"], "fields.project")
	}
	if id := m.fields["requester_team"]; id != "" {
		t.RequesterTeam = r.name(f[id], "fields."+id)
	}
	if id := m.fields["category"]; id != "" {
		t.Category = r.name(f[id], "fields."+id)
	}
	if t.Category == "" && len(t.Components) > 0 {
		t.Category = t.Components[0]
	}
	custom := customFields(f)
	if t.Category == "" {
		t.Category = requestType(f, custom)
	}
	t.SLABreached = slaBreached(f, custom)
	t.HandleMinutes = r.handleMinutes(f)
	t.URL = browseURL(obj["self"], t.Key)

	comments := r.comments(f["comment"])
	events, reopens, reassigns := r.changelog(obj["changelog"])
	if _, ok := obj["changelog"].(map[string]any); ok {
		t.ReopenCount, t.ReassignmentCount = &reopens, &reassigns
	}
	if r.Reject != nil {
		return nil, nil, nil, r.Reject
	}
	return t, comments, events, nil
}

func customFields(f map[string]any) []string {
	var keys []string
	for k := range f {
		if strings.HasPrefix(k, "customfield_") {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	return keys
}

// requestType finds a Jira Service Management request type: a custom
// field holding {"requestType": {"name": ...}}.
func requestType(f map[string]any, custom []string) string {
	for _, k := range custom {
		if v, ok := f[k].(map[string]any); ok {
			if rt, ok := v["requestType"].(map[string]any); ok {
				if s, ok := rt["name"].(string); ok && s != "" {
					return jsonstream.CleanText(s)
				}
			}
		}
	}
	return ""
}

// slaBreached reads Jira Service Management SLA fields (custom fields
// with "completedCycles" and "ongoingCycle"): breached if any cycle was.
func slaBreached(f map[string]any, custom []string) *bool {
	var found, breached bool
	check := func(c any) {
		if m, ok := c.(map[string]any); ok {
			if b, ok := m["breached"].(bool); ok {
				found = true
				breached = breached || b
			}
		}
	}
	for _, k := range custom {
		v, ok := f[k].(map[string]any)
		if !ok {
			continue
		}
		cycles, hasCompleted := v["completedCycles"].([]any)
		ongoing, hasOngoing := v["ongoingCycle"]
		if !hasCompleted && !hasOngoing {
			continue
		}
		for _, c := range cycles {
			check(c)
		}
		check(ongoing)
	}
	if !found {
		return nil
	}
	return &breached
}

// handleMinutes is the logged work: timespent, else the time tracking
// block, else the sum of the work logs included.
func (r *fieldReader) handleMinutes(f map[string]any) *float64 {
	secs := func(v any, path string) *float64 {
		if v == nil {
			return nil
		}
		n, _ := v.(json.Number)
		x, err := n.Float64()
		if err != nil || x < 0 || math.IsInf(x, 0) {
			r.Fail(path, fmt.Sprintf("cannot read %s as a number of seconds", jsonText(v)))
			return nil
		}
		return &x
	}
	if s := secs(f["timespent"], "fields.timespent"); s != nil {
		return new(*s / 60)
	}
	if tt, ok := f["timetracking"].(map[string]any); ok {
		if s := secs(tt["timeSpentSeconds"], "fields.timetracking.timeSpentSeconds"); s != nil {
			return new(*s / 60)
		}
	}
	if wl, ok := f["worklog"].(map[string]any); ok {
		logs, _ := wl["worklogs"].([]any)
		var total float64
		for i, l := range logs {
			if m, ok := l.(map[string]any); ok {
				if s := secs(m["timeSpentSeconds"], fmt.Sprintf("fields.worklog.worklogs[%d].timeSpentSeconds", i)); s != nil {
					total += *s
				}
			}
		}
		if len(logs) > 0 {
			return new(total / 60)
		}
	}
	return nil
}

// browseURL turns the issue's REST address into the page people open,
// https://host[/context]/browse/KEY; only https addresses are kept.
func browseURL(self any, key string) string {
	s, ok := self.(string)
	if !ok || key == "" {
		return ""
	}
	u, err := url.Parse(s)
	if err != nil || u.Scheme != "https" || u.Host == "" {
		return ""
	}
	base := u.Path
	if i := strings.Index(base, "/rest/"); i >= 0 {
		base = base[:i]
	} else {
		base = ""
	}
	return (&url.URL{Scheme: "https", Host: u.Host, Path: base + "/browse/" + key}).String()
}

func (r *fieldReader) comments(v any) []*ingest.Comment {
	var list []any
	switch x := v.(type) {
	case map[string]any:
		list = r.List(x["comments"], "fields.comment.comments")
	default:
		list = r.List(v, "fields.comment")
	}
	var out []*ingest.Comment
	for i, x := range list {
		path := fmt.Sprintf("fields.comment.comments[%d]", i)
		c := r.Object(x, path)
		if c == nil {
			continue
		}
		at := r.Time(c["created"], path+".created")
		if at == nil {
			r.Fail(path+".created", "comment has no time")
			continue
		}
		body := r.richText(c["body"], path+".body")
		public := true
		if p, ok := c["jsdPublic"].(bool); ok {
			public = p
		} else if vis, ok := c["visibility"].(map[string]any); ok && len(vis) > 0 {
			public = false // restricted to a role or group
		}
		author := r.person(c["author"], path+".author")
		if author == "" {
			author = r.person(c["updateAuthor"], path+".updateAuthor")
		}
		out = append(out, &ingest.Comment{Author: author, At: *at, Public: public, Body: body})
	}
	return out
}

type history struct {
	at    time.Time
	actor string
	items []any
	path  string
}

// changelog turns the histories into events, and counts reopens and
// reassignments: the larger of the times the group and the times the
// assignee became a different one (see mover).
func (r *fieldReader) changelog(v any) (events []*ingest.Event, reopens, reassigns int) {
	cl := r.Object(v, "changelog")
	if cl == nil {
		return nil, 0, 0
	}
	var hs []history
	for i, x := range r.List(cl["histories"], "changelog.histories") {
		path := fmt.Sprintf("changelog.histories[%d]", i)
		h := r.Object(x, path)
		if h == nil {
			continue
		}
		at := r.Time(h["created"], path+".created")
		if at == nil {
			r.Fail(path+".created", "change has no time")
			continue
		}
		hs = append(hs, history{at: *at, actor: r.person(h["author"], path+".author"), items: r.List(h["items"], path+".items"), path: path})
	}
	// Jira lists histories oldest first from /changelog but not always
	// when expanded; order them by time.
	sort.SliceStable(hs, func(i, j int) bool { return hs[i].at.Before(hs[j].at) })
	groupField := r.m.fields["assignment_group"]
	var groups, assignees mover
	for _, h := range hs {
		var statusFrom, statusTo, resFrom string
		var statusReopen, sawStatus, resCleared bool
		for j, x := range h.items {
			path := fmt.Sprintf("%s.items[%d]", h.path, j)
			it := r.Object(x, path)
			if it == nil {
				continue
			}
			field := r.Text(it["field"], path+".field")
			fieldID := r.Text(it["fieldId"], path+".fieldId")
			from := r.Text(it["fromString"], path+".fromString")
			to := r.Text(it["toString"], path+".toString")
			var kind string
			switch lf := strings.ToLower(field); {
			case lf == "status":
				kind = "status"
				sawStatus = true
				if ingest.Done(ingest.NormalizeStatus(from)) && !ingest.Done(ingest.NormalizeStatus(to)) {
					statusReopen, statusFrom, statusTo = true, from, to
				}
			case lf == "assignee":
				kind = "assignee"
				assignees.change(from, to)
			case lf == "priority":
				kind = "priority"
			case lf == "team" || lf == "assignment group" || lf == "group" || (groupField != "" && fieldID == groupField):
				kind = "group"
				groups.change(from, to)
			case lf == "resolution":
				if from != "" && to == "" {
					resCleared, resFrom = true, from
				}
			}
			if kind != "" {
				events = append(events, &ingest.Event{At: h.at, Kind: kind, Actor: h.actor, From: from, To: to})
			}
		}
		switch {
		case statusReopen:
			events = append(events, &ingest.Event{At: h.at, Kind: "reopen", Actor: h.actor, From: statusFrom, To: statusTo})
			reopens++
		case resCleared && !sawStatus:
			events = append(events, &ingest.Event{At: h.at, Kind: "reopen", Actor: h.actor, From: resFrom})
			reopens++
		}
	}
	return events, reopens, max(groups.moves, assignees.moves)
}

// mover counts the times a field (group or assignee) became a different
// value, as servicenow_audit counts group changes: a first assignment is
// not a reassignment, nor is a move to none, so Ben -> none -> Carla is
// one and Ben -> none -> Ben none. The value before the first change is
// that change's from.
type mover struct {
	seen  bool
	last  string // the last value that was not none
	moves int
}

func (m *mover) change(from, to string) {
	from, to = strings.TrimSpace(from), strings.TrimSpace(to)
	if !m.seen {
		m.seen, m.last = true, from
	}
	if to == "" {
		return
	}
	if m.last != "" && to != m.last {
		m.moves++
	}
	m.last = to
}
