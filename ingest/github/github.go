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
// assigned and unassigned assignee changes. Other event kinds are
// skipped and counted. Events load even when their issues come from
// another file.
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
	return 80, `JSON records with "event", "actor" and "created_at"`
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
		if _, pr := rec.Fields["pull_request"]; pr {
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
	n := 0
	err := s.Records(ctx, jsonstream.Pages{}, func(rec *jsonstream.Record) error {
		n++
		if rec.Problem != "" {
			return sink.Reject(ingest.Reject{Line: rec.Line, Reason: rec.Problem, Raw: jsonstream.Clip(rec.Raw)})
		}
		if msg := apiError(rec.Fields); msg != "" {
			return s.Errorf(jsonstream.Pos{Line: rec.Line, Col: rec.Col}, "GitHub returned an error, not events: %s", msg)
		}
		events, skip, rej := m.event(rec.Fields)
		switch {
		case rej != nil:
			rej.Line, rej.Raw = rec.Line, jsonstream.Clip(rec.Raw)
			return sink.Reject(*rej)
		case skip != "":
			return ingest.Skip(sink, rec.Line, skip)
		}
		for _, e := range events {
			if err := sink.Event(e); err != nil {
				return err
			}
		}
		return nil
	})
	if err == nil && n == 0 {
		return ingest.Skip(sink, 1, "an empty page, no events")
	}
	return err
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
		repo, _ = repoFromIssueURL(r.Text(obj["url"], prefix+"url"))
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
// address …/repos/OWNER/REPO/issues/N.
func repoFromIssueURL(s string) (repo, number string) {
	u, err := url.Parse(s)
	if err != nil || u.Host == "" {
		return "", ""
	}
	parts := strings.Split(strings.Trim(u.Path, "/"), "/")
	for i := 0; i+4 < len(parts); i++ {
		if parts[i] == "repos" && parts[i+3] == "issues" && i+5 == len(parts) && digits.MatchString(parts[i+4]) {
			return parts[i+1] + "/" + parts[i+2], parts[i+4]
		}
	}
	return "", ""
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

// event maps one issue event. It returns the events to load, or why the
// record is skipped, or why it is rejected.
func (m *mapper) event(obj map[string]any) ([]*ingest.Event, string, *ingest.Reject) {
	r := &fieldReader{jsonstream.Strict{Layouts: m.layouts, Loc: m.loc}}
	kind, ok := obj["event"].(string)
	if v := obj["event"]; !ok && v != nil {
		return nil, "", &ingest.Reject{Column: "event", Reason: "event is " + jsonstream.Describe(v) + ", expected text"}
	}
	switch kind {
	case "closed", "reopened", "assigned", "unassigned":
	case "":
		return nil, "", &ingest.Reject{Column: "event", Reason: `record has no "event"; is this an issue events export?`}
	default:
		return nil, fmt.Sprintf("event %q is not tracked", kind), nil
	}
	var key string
	issue := r.Object(obj["issue"], "issue")
	switch {
	case issue != nil:
		if _, pr := issue["pull_request"]; pr {
			return nil, "pull request event, not an issue", nil
		}
		key = r.issueKey(issue, "issue.")
	case obj["issue_url"] != nil:
		u := r.Text(obj["issue_url"], "issue_url")
		if strings.Contains(u, "/pulls/") {
			return nil, "pull request event, not an issue", nil
		}
		if repo, n := repoFromIssueURL(u); repo != "" {
			key = repo + "#" + number(n)
		} else if r.Reject == nil {
			r.Fail("issue_url", fmt.Sprintf("cannot read the repository and issue number from %q", u))
		}
	default:
		r.Fail("issue_url", `event does not say which issue it belongs to (no "issue" or "issue_url"); export the repository's events (GET /repos/OWNER/REPO/issues/events), whose records name their issue`)
	}
	at := r.Time(obj["created_at"], "created_at")
	if at == nil && r.Reject == nil {
		r.Fail("created_at", "event has no time")
	}
	actor := r.login(obj["actor"], "actor")
	var events []*ingest.Event
	switch kind {
	case "closed":
		to := "closed"
		if reason := strings.ToLower(r.Text(obj["state_reason"], "state_reason")); reason != "" {
			to += " (" + reason + ")"
		}
		events = append(events, &ingest.Event{Kind: "status", From: "open", To: to})
	case "reopened":
		events = append(events,
			&ingest.Event{Kind: "status", From: "closed", To: "open"},
			&ingest.Event{Kind: "reopen", From: "closed", To: "open"})
	case "assigned":
		events = append(events, &ingest.Event{Kind: "assignee", To: r.login(obj["assignee"], "assignee")})
	case "unassigned":
		events = append(events, &ingest.Event{Kind: "assignee", From: r.login(obj["assignee"], "assignee")})
	}
	if r.Reject != nil {
		return nil, "", r.Reject
	}
	for _, e := range events {
		e.Key, e.At, e.Actor = key, *at, actor
	}
	return events, "", nil
}
