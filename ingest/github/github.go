// Package github reads GitHub issues as the REST API returns them.
//
// github_issues reads /repos/{owner}/{repo}/issues (and the search API's
// {"items": [...]}) as one JSON array, as JSON Lines, or as arrays back
// to back the way `gh api --paginate` writes them. The issues endpoint
// also lists pull requests; they are skipped and counted, not loaded.
// Tickets are keyed owner/repo#number.
//
// github_events reads issue events (/repos/{owner}/{repo}/issues/events,
// whose records carry the issue, or records with an issue_url) as
// ticket events: closed and reopened become status changes (and reopens),
// assigned and unassigned assignee changes; a timeline's commented items
// become comments. Other event kinds are skipped and counted. Per-issue
// lists (.../issues/{n}/events, .../issues/{n}/timeline) leave the issue
// out of their events; they load when a record of the file names the one
// issue (a comment's issue_url). Events load even when their issues come
// from another file.
package github

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/lanes-dev/lanes/ingest"
	"github.com/lanes-dev/lanes/ingest/jsonstream"
)

// Format names, as given to --source.
const (
	IssuesName = "github_issues"
	EventsName = "github_events"
)

func init() {
	ingest.Register(IssuesConnector{})
	ingest.Register(EventsConnector{})
}

// IssuesConnector reads GitHub REST issues JSON.
type IssuesConnector struct{}

// Name implements ingest.Connector.
func (IssuesConnector) Name() string { return IssuesName }

// System implements ingest.Connector.
func (IssuesConnector) System() string { return "github" }

// Detect implements ingest.Connector: JSON records with "html_url",
// "number" and "state" that point at GitHub.
func (IssuesConnector) Detect(path string, head []byte) (int, string) {
	keys, ok := issuePages.Sniff(head)
	if !ok || !keys["html_url"] || !keys["number"] || !keys["state"] {
		return 0, ""
	}
	if keys["repository_url"] {
		return 92, `JSON records with "html_url", "number", "state" and "repository_url"`
	}
	if strings.Contains(string(head), "github.com") || keys["node_id"] {
		return 85, `JSON records with "html_url", "number" and "state" from GitHub`
	}
	return 0, ""
}

// EventsConnector reads GitHub issue events JSON.
type EventsConnector struct{}

// Name implements ingest.Connector.
func (EventsConnector) Name() string { return EventsName }

// System implements ingest.Connector.
func (EventsConnector) System() string { return "github" }

// Detect implements ingest.Connector: JSON records with "event", "actor"
// and "created_at".
func (EventsConnector) Detect(path string, head []byte) (int, string) {
	keys, ok := jsonstream.Pages{}.Sniff(head)
	if !ok || !keys["event"] || !keys["actor"] || !keys["created_at"] {
		return 0, ""
	}
	if keys["issue"] || keys["issue_url"] {
		return 95, `JSON records with "event", "actor", "created_at" and the issue`
	}
	return 80, `JSON records with "event", "actor" and "created_at", the first without its issue (a per-issue list loads when a record names the issue)`
}

// Read implements ingest.Connector.
func (IssuesConnector) Read(ctx context.Context, in *ingest.Input, sink ingest.Sink) error {
	const format = "github issues"
	m := newMapper(in)
	s := openStream(format, in)
	n := 0
	err := s.Records(ctx, issuePages, func(rec *jsonstream.Record) error {
		n++
		if rec.Problem != "" {
			return sink.Reject(ingest.Reject{Line: rec.Line, Reason: rec.Problem, Raw: jsonstream.Clip(rec.Raw)})
		}
		if msg := apiError(rec.Fields); msg != "" {
			return s.Errorf(jsonstream.Pos{Line: rec.Line, Col: rec.Col}, "GitHub returned an error, not issues: %s", msg)
		}
		if pullRequest(rec.Fields) {
			return ingest.Skip(sink, rec.Line, "pull request, not an issue")
		}
		t, rej := m.issue(rec.Fields)
		if rej == nil {
			t.Line = rec.Line
			if col, reason := t.Check(); reason != "" {
				rej = &ingest.Reject{Column: issueColumns[col], Reason: reason}
			}
		}
		if rej != nil {
			rej.Line, rej.Raw = rec.Line, jsonstream.Clip(rec.Raw)
			return sink.Reject(*rej)
		}
		return sink.Ticket(t)
	})
	if err == nil && n == 0 {
		// An empty list ([] or a search page without items): a last page.
		return ingest.Skip(sink, 1, "an empty page, no issues")
	}
	return err
}

// Read implements ingest.Connector.
func (EventsConnector) Read(ctx context.Context, in *ingest.Input, sink ingest.Sink) error {
	const format = "github events"
	m := newMapper(in)
	s := openStream(format, in)
	f := &fileIssues{named: map[string]bool{}}
	n := 0
	err := s.Records(ctx, jsonstream.Pages{}, func(rec *jsonstream.Record) error {
		n++
		if rec.Problem != "" {
			return sink.Reject(ingest.Reject{Line: rec.Line, Reason: rec.Problem, Raw: jsonstream.Clip(rec.Raw)})
		}
		if msg := apiError(rec.Fields); msg != "" {
			return s.Errorf(jsonstream.Pos{Line: rec.Line, Col: rec.Col}, "GitHub returned an error, not events: %s", msg)
		}
		f.note(rec.Fields)
		out := m.event(rec.Fields)
		switch {
		case out.reject != nil:
			out.reject.Line, out.reject.Raw = rec.Line, jsonstream.Clip(rec.Raw)
			return sink.Reject(*out.reject)
		case out.skip != "":
			return ingest.Skip(sink, rec.Line, out.skip)
		case out.key == "" && len(f.named) > 1:
			return sink.Reject(ingest.Reject{Line: rec.Line, Column: "issue_url", Reason: noIssueAmong, Raw: jsonstream.Clip(rec.Raw)})
		case out.key == "":
			// A per-issue list: the issue may be named by a later record.
			if len(f.pending) == maxPending {
				return s.Errorf(jsonstream.Pos{Line: f.pending[0].line}, "%s", f.noIssue(maxPending))
			}
			f.pending = append(f.pending, pendingEvent{line: rec.Line, raw: jsonstream.Clip(rec.Raw), out: out})
			return nil
		}
		return out.load(sink)
	})
	if err != nil {
		return err
	}
	if n == 0 {
		return ingest.Skip(sink, 1, "an empty page, no events")
	}
	return f.flush(s, sink)
}

// maxPending bounds the events held while a file has not named its issue.
const maxPending = 100_000

// noIssueAmong is the reason an event is rejected when it does not name its
// issue and the file names several.
const noIssueAmong = `event does not say which issue it belongs to (no "issue" or "issue_url") and this file names several issues; export the repository's events (GET /repos/OWNER/REPO/issues/events), whose records name their issue`

// fileIssues is what a file's records say of the issues they belong to.
// Per-issue lists (GET /repos/OWNER/REPO/issues/N/events and
// .../timeline) leave the issue out of their events; their comments still
// name it (issue_url, html_url), so a file that names exactly one issue
// gives it to the events that name none.
type fileIssues struct {
	named   map[string]bool // issue key -> it is a pull request
	repo    string          // a repository the records' API addresses name
	pending []pendingEvent  // events that name no issue, in file order
}

type pendingEvent struct {
	line int64
	raw  string
	out  eventOut
}

// note reads which issue a record names, if any: its issue object, its
// issue_url, or an html_url ending in /issues/N (or /pull/N). A
// cross-reference's source.issue is the other issue, the one that refers to
// this one, and is not read.
func (f *fileIssues) note(obj map[string]any) {
	key, pr := issueNamed(obj)
	if key != "" {
		f.named[key] = f.named[key] || pr
	}
	if f.repo == "" {
		if u, ok := obj["url"].(string); ok {
			f.repo = repoFromAPI(u)
		}
	}
}

// pullRequest reports an issue that is a pull request: GitHub gives pull
// requests a "pull_request" object. A null one is no pull request: jq
// writes null for every key a projection names (`gh api ... --jq '.[] |
// {number, title, pull_request}'`), so every issue of such an export has
// the key.
func pullRequest(issue map[string]any) bool {
	v, ok := issue["pull_request"]
	return ok && v != nil
}

// issueNamed is the issue a record names, and whether it is a pull request.
func issueNamed(obj map[string]any) (key string, pr bool) {
	if issue, ok := obj["issue"].(map[string]any); ok {
		r := &fieldReader{}
		key := r.issueKey(issue, "issue.")
		if r.Reject != nil {
			return "", false
		}
		return key, pullRequest(issue)
	}
	if u, ok := obj["issue_url"].(string); ok {
		if repo, n, kind := repoFromIssueURL(u); repo != "" {
			key = repo + "#" + number(n)
			pr = kind == "pulls"
		}
	}
	if u, ok := obj["html_url"].(string); ok {
		if k, isPR := issueFromPage(u); k != "" && (key == "" || key == k) {
			return k, pr || isPR
		}
	}
	return key, pr
}

// issueFromPage reads owner/repo#N from a web address
// https://HOST/OWNER/REPO/issues/N or .../pull/N (a comment's address ends
// in #issuecomment-ID).
func issueFromPage(s string) (key string, pr bool) {
	u, err := url.Parse(s)
	if err != nil || u.Host == "" {
		return "", false
	}
	parts := strings.Split(strings.Trim(u.Path, "/"), "/")
	if len(parts) != 4 || parts[0] == "" || parts[1] == "" || parts[0] == "repos" || parts[0] == "api" || !digits.MatchString(parts[3]) {
		return "", false
	}
	switch parts[2] {
	case "issues":
		return parts[0] + "/" + parts[1] + "#" + number(parts[3]), false
	case "pull":
		return parts[0] + "/" + parts[1] + "#" + number(parts[3]), true
	}
	return "", false
}

// noIssue words the error for a file whose events name no issue.
func (f *fileIssues) noIssue(held int) string {
	repo := f.repo
	if repo == "" {
		repo = "OWNER/REPO"
	}
	what := "no record in this file names it"
	if held > 0 {
		what = fmt.Sprintf("%d of them came before any record named it", held)
	}
	return fmt.Sprintf("these events do not say which issue they belong to: per-issue event and timeline lists "+
		"(GET /repos/%[1]s/issues/N/events or .../timeline) leave the issue out, and %[2]s (an issue_url, or an "+
		"html_url ending in /issues/N, as the timeline's comments have); export the repository's events instead, "+
		"whose records carry their issue: gh api --paginate 'repos/%[1]s/issues/events?per_page=100' > events.json",
		repo, what)
}

// flush passes on the events held for want of their issue: to the one issue
// the file names, or rejected when it names several, or the file is refused
// when it names none.
func (f *fileIssues) flush(s *jsonstream.Scanner, sink ingest.Sink) error {
	if len(f.pending) == 0 {
		return nil
	}
	if len(f.named) == 0 {
		return s.Errorf(jsonstream.Pos{Line: f.pending[0].line}, "%s", f.noIssue(0))
	}
	if len(f.named) > 1 {
		for _, p := range f.pending {
			if err := sink.Reject(ingest.Reject{Line: p.line, Column: "issue_url", Reason: noIssueAmong, Raw: p.raw}); err != nil {
				return err
			}
		}
		return nil
	}
	var key string
	var pr bool
	for k, v := range f.named {
		key, pr = k, v
	}
	for _, p := range f.pending {
		if pr {
			if err := ingest.Skip(sink, p.line, "pull request event, not an issue"); err != nil {
				return err
			}
			continue
		}
		p.out.key = key
		if err := p.out.load(sink); err != nil {
			return err
		}
	}
	return nil
}

// issuePages are the search API's pages of issues, {"items": [...]}, and
// such pages gathered into a list.
var issuePages = jsonstream.Pages{Lists: []string{"items"}, Unwrap: func(obj map[string]any) ([]any, bool) {
	if _, issue := obj["number"]; issue {
		return nil, false
	}
	items, ok := obj["items"].([]any)
	return items, ok
}}

// openStream reads a file of GitHub records. A record may be as large as
// 64 MiB and nest 256 levels deep.
func openStream(format string, in *ingest.Input) *jsonstream.Scanner {
	return jsonstream.NewScanner(format, in, jsonstream.Options{MaxRecordBytes: 64 << 20, MaxDepth: 256})
}

// apiError reads GitHub's error document {"message": ..., "documentation_url": ...}.
func apiError(obj map[string]any) string {
	if _, ok := obj["documentation_url"]; !ok {
		return ""
	}
	if _, ok := obj["number"]; ok {
		return ""
	}
	if _, ok := obj["event"]; ok {
		return ""
	}
	msg, _ := obj["message"].(string)
	if msg == "" {
		msg = "no message"
	}
	return msg
}

// issueColumns names the JSON field behind each column Ticket.Check
// complains about.
var issueColumns = map[string]string{
	"key":         "number",
	"created_at":  "created_at",
	"resolved_at": "closed_at",
	"status":      "state",
}

// layouts are GitHub's timestamps (2011-04-22T13:33:48Z) and forms other
// tools write.
var layouts = []string{
	"2006-01-02T15:04:05Z07:00",
	"2006-01-02T15:04:05-0700",
	"2006-01-02T15:04:05",
	"2006-01-02 15:04:05",
}

type mapper struct {
	loc     *time.Location
	layouts []string
}

func newMapper(in *ingest.Input) *mapper {
	m := &mapper{loc: in.Location, layouts: layouts}
	if m.loc == nil {
		m.loc = time.UTC
	}
	if in.Source.DateFormat != "" {
		m.layouts = append([]string{in.Source.DateFormat}, layouts...)
	}
	return m
}

// fieldReader reads values from one record and keeps the first problem.
type fieldReader struct {
	jsonstream.Strict
}

// login reads a user object's login (a plain string is taken as is).
func (r *fieldReader) login(v any, path string) string {
	if u, ok := v.(map[string]any); ok {
		return r.Text(u["login"], path+".login")
	}
	return r.Text(v, path)
}

var digits = regexp.MustCompile(`^[0-9]+$`)

// issueKey builds owner/repo#number from an issue object: the repository
// from repository_url (…/repos/OWNER/REPO) or html_url
// (https://HOST/OWNER/REPO/issues/N).
func (r *fieldReader) issueKey(obj map[string]any, prefix string) string {
	num := r.Text(obj["number"], prefix+"number")
	if r.Reject != nil {
		return ""
	}
	if num == "" {
		r.Fail(prefix+"number", "issue has no number")
		return ""
	}
	if !digits.MatchString(num) {
		r.Fail(prefix+"number", fmt.Sprintf("issue number %q is not a whole number", num))
		return ""
	}
	repo := repoFromAPI(r.Text(obj["repository_url"], prefix+"repository_url"))
	if repo == "" {
		repo = repoFromPage(r.Text(obj["html_url"], prefix+"html_url"))
	}
	if repo == "" {
		repo, _, _ = repoFromIssueURL(r.Text(obj["url"], prefix+"url"))
	}
	if repo == "" && r.Reject == nil {
		r.Fail(prefix+"repository_url", "cannot tell the issue's repository: no repository_url, html_url or url")
	}
	return repo + "#" + number(num)
}

// repoFromAPI reads owner/repo from an API address …/repos/OWNER/REPO[/…].
func repoFromAPI(s string) string {
	u, err := url.Parse(s)
	if err != nil || u.Host == "" {
		return ""
	}
	parts := strings.Split(strings.Trim(u.Path, "/"), "/")
	for i := 0; i+2 < len(parts); i++ {
		if parts[i] == "repos" && parts[i+1] != "" && parts[i+2] != "" {
			return parts[i+1] + "/" + parts[i+2]
		}
	}
	return ""
}

// number drops leading zeros from a whole number written in digits.
func number(digits string) string {
	n := strings.TrimLeft(digits, "0")
	if n == "" {
		return "0"
	}
	return n
}

// repoFromPage reads owner/repo from a web address HOST/OWNER/REPO/issues/N.
func repoFromPage(s string) string {
	u, err := url.Parse(s)
	if err != nil || u.Host == "" {
		return ""
	}
	parts := strings.Split(strings.Trim(u.Path, "/"), "/")
	if len(parts) < 2 || parts[0] == "" || parts[1] == "" || parts[0] == "repos" || parts[0] == "api" {
		return ""
	}
	return parts[0] + "/" + parts[1]
}

// repoFromIssueURL reads owner/repo and the number from an API issue
// address …/repos/OWNER/REPO/issues/N (kind "issues") or a pull request's
// …/pulls/N (kind "pulls").
func repoFromIssueURL(s string) (repo, number, kind string) {
	u, err := url.Parse(s)
	if err != nil || u.Host == "" {
		return "", "", ""
	}
	parts := strings.Split(strings.Trim(u.Path, "/"), "/")
	for i := 0; i+4 < len(parts); i++ {
		if parts[i] == "repos" && (parts[i+3] == "issues" || parts[i+3] == "pulls") && i+5 == len(parts) && digits.MatchString(parts[i+4]) {
			return parts[i+1] + "/" + parts[i+2], parts[i+4], parts[i+3]
		}
	}
	return "", "", ""
}

// priorityLabel matches labels that carry a priority: "P1", "priority:
// high", "prio/low", "sev2", "severity: critical".
var priorityLabel = regexp.MustCompile(`(?i)^(p[0-4]|(priority|prio|sev|severity)\b.*|sev[0-4])$`)

// issue maps one issue.
func (m *mapper) issue(obj map[string]any) (*ingest.Ticket, *ingest.Reject) {
	r := &fieldReader{jsonstream.Strict{Layouts: m.layouts, Loc: m.loc}}
	t := &ingest.Ticket{Channel: "github", Raw: obj}
	t.Key = r.issueKey(obj, "")
	if r.Reject != nil {
		return nil, r.Reject
	}
	t.AssignmentGroup, _, _ = strings.Cut(t.Key, "#")
	t.Title = strings.TrimSpace(r.Text(obj["title"], "title"))
	t.Description = r.Text(obj["body"], "body")

	state := strings.ToLower(strings.TrimSpace(r.Text(obj["state"], "state")))
	reason := strings.ToLower(strings.TrimSpace(r.Text(obj["state_reason"], "state_reason")))
	t.StatusRaw = state
	if reason != "" {
		t.StatusRaw += " (" + reason + ")"
	}
	if c := r.Time(obj["created_at"], "created_at"); c != nil {
		t.CreatedAt = *c
	} else if r.Reject == nil {
		r.Fail("created_at", "issue has no creation time")
	}
	if u := r.Time(obj["updated_at"], "updated_at"); u != nil {
		t.UpdatedAt = *u
	}
	closedAt := r.Time(obj["closed_at"], "closed_at")
	switch state {
	case "open":
		t.Status = ingest.StatusOpen
	case "closed":
		t.Status = ingest.StatusClosed
		t.ClosedAt = closedAt
		if reason == "not_planned" || reason == "duplicate" {
			t.Status = ingest.StatusCanceled
		} else {
			t.ResolvedAt = closedAt
		}
	case "":
		if r.Reject == nil {
			r.Fail("state", "issue has no state")
		}
	default:
		t.Status = ingest.NormalizeStatus(state)
	}

	t.Requester = r.login(obj["user"], "user")
	for i, a := range r.List(obj["assignees"], "assignees") {
		if l := r.login(a, fmt.Sprintf("assignees[%d]", i)); l != "" {
			t.Assignee = l
			break
		}
	}
	if t.Assignee == "" {
		t.Assignee = r.login(obj["assignee"], "assignee")
	}
	for i, l := range r.List(obj["labels"], "labels") {
		var name string
		if lo, ok := l.(map[string]any); ok {
			name = r.Text(lo["name"], fmt.Sprintf("labels[%d].name", i))
		} else {
			name = r.Text(l, fmt.Sprintf("labels[%d]", i))
		}
		if name = strings.TrimSpace(name); name == "" {
			continue
		}
		t.Labels = append(t.Labels, name)
		if t.PriorityRaw == "" && priorityLabel.MatchString(name) {
			t.PriorityRaw = name
		}
	}
	t.Priority = priority(t.PriorityRaw)
	if ms := r.Object(obj["milestone"], "milestone"); ms != nil {
		t.Category = r.Text(ms["title"], "milestone.title")
	}
	if ty := r.Object(obj["type"], "type"); ty != nil {
		t.Kind = r.Text(ty["name"], "type.name")
	}
	if u := r.Text(obj["html_url"], "html_url"); strings.HasPrefix(u, "https://") || strings.HasPrefix(u, "http://") {
		t.URL = u
	}
	if r.Reject != nil {
		return nil, r.Reject
	}
	return t, nil
}

// priority normalizes a priority label; P0 and sev0 are the most urgent.
func priority(label string) string {
	l := strings.ToLower(label)
	if strings.HasSuffix(l, "0") && (strings.HasPrefix(l, "p") || strings.HasPrefix(l, "sev")) {
		return "p1"
	}
	return ingest.NormalizePriority(label)
}

// eventOut is what one event record gives: events or a comment to load
// (key is empty when the record does not name its issue), or why it is
// skipped, or why it is rejected.
type eventOut struct {
	key     string
	events  []*ingest.Event
	comment *ingest.Comment
	skip    string
	reject  *ingest.Reject
}

// load passes the record's events and comment to sink, under out.key.
func (out eventOut) load(sink ingest.Sink) error {
	for _, e := range out.events {
		e.Key = out.key
		if err := sink.Event(e); err != nil {
			return err
		}
	}
	if out.comment != nil {
		out.comment.Key = out.key
		return sink.Comment(out.comment)
	}
	return nil
}

// event maps one issue event or timeline item.
func (m *mapper) event(obj map[string]any) eventOut {
	r := &fieldReader{jsonstream.Strict{Layouts: m.layouts, Loc: m.loc}}
	kind, ok := obj["event"].(string)
	if v := obj["event"]; !ok && v != nil {
		return eventOut{reject: &ingest.Reject{Column: "event", Reason: "event is " + jsonstream.Describe(v) + ", expected text"}}
	}
	switch kind {
	case "closed", "reopened", "assigned", "unassigned", "commented":
	case "":
		return eventOut{reject: &ingest.Reject{Column: "event", Reason: `record has no "event"; is this an issue events export?`}}
	default:
		return eventOut{skip: fmt.Sprintf("event %q is not tracked", kind)}
	}
	var key string
	issue := r.Object(obj["issue"], "issue")
	switch {
	case issue != nil:
		if pullRequest(issue) {
			return eventOut{skip: "pull request event, not an issue"}
		}
		key = r.issueKey(issue, "issue.")
	case obj["issue_url"] != nil:
		u := r.Text(obj["issue_url"], "issue_url")
		repo, n, what := repoFromIssueURL(u)
		if what == "pulls" {
			return eventOut{skip: "pull request event, not an issue"}
		}
		if repo != "" {
			key = repo + "#" + number(n)
		} else if r.Reject == nil {
			r.Fail("issue_url", fmt.Sprintf("cannot read the repository and issue number from %q", u))
		}
	}
	if u, ok := obj["html_url"].(string); ok {
		if _, pr := issueFromPage(u); pr {
			return eventOut{skip: "pull request event, not an issue"} // a comment on a pull request
		}
	}
	at := r.Time(obj["created_at"], "created_at")
	if at == nil && r.Reject == nil {
		r.Fail("created_at", "event has no time")
	}
	actor := r.login(obj["actor"], "actor")
	out := eventOut{key: key}
	switch kind {
	case "closed":
		to := "closed"
		if reason := strings.ToLower(r.Text(obj["state_reason"], "state_reason")); reason != "" {
			to += " (" + reason + ")"
		}
		out.events = append(out.events, &ingest.Event{Kind: "status", From: "open", To: to})
	case "reopened":
		out.events = append(out.events,
			&ingest.Event{Kind: "status", From: "closed", To: "open"},
			&ingest.Event{Kind: "reopen", From: "closed", To: "open"})
	case "assigned", "unassigned":
		who := r.login(obj["assignee"], "assignee")
		if who == "" && r.Reject == nil {
			return eventOut{skip: fmt.Sprintf("%s event names no assignee", kind)}
		}
		e := &ingest.Event{Kind: "assignee", To: who}
		if kind == "unassigned" {
			e = &ingest.Event{Kind: "assignee", From: who}
		}
		out.events = append(out.events, e)
	case "commented":
		author := r.login(obj["user"], "user")
		if author == "" {
			author = actor
		}
		out.comment = &ingest.Comment{Author: author, Public: true, Body: r.Text(obj["body"], "body")}
	}
	if r.Reject != nil {
		return eventOut{reject: r.Reject}
	}
	for _, e := range out.events {
		e.At, e.Actor = *at, actor
	}
	if out.comment != nil {
		out.comment.At = *at
	}
	return out
}
