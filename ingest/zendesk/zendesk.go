// Package zendesk reads tickets exported from the Zendesk Support API.
//
// It reads every shape the tickets endpoints return: list pages
// (`{"tickets":[...],"next_page":...}`), cursor pages (`"meta"`,
// `"links"`), one ticket (`{"ticket":{...}}`), search results, incremental
// exports (time- or cursor-based, where one ticket may appear on several
// pages: the warehouse keeps the copy with the latest updated_at), bare
// tickets one per line (JSON Lines, as the account's JSON export writes
// them), and any of these written one after another or gathered in an
// array. Side-loads in the same document are used: `users`, `groups` and
// `organizations` give names instead of ids, and `metric_sets` (or a
// `ticket_metrics` list, or a ticket's own `metric_set`) give resolution
// and first-reply times, reopens and reassignments. A file of ticket
// metrics alone (/api/v2/ticket_metrics.json) is passed on as metrics
// (ingest.MetricsSink), which the run keeps and applies to their tickets.
//
// Deleted and scrubbed tickets are kept with is_deleted set, so a deletion
// replaces the live copy already in the warehouse; a record of the deleted
// tickets list, which knows little else, keeps the live copy's fields
// (ingest.Ticket.Partial).
package zendesk

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/lanes-dev/lanes/ingest"
	"github.com/lanes-dev/lanes/ingest/jsonstream"
)

// Name is the connector's format name, as given to --source.
const Name = "zendesk_json"

const format = "zendesk json"

func init() { ingest.Register(Connector{}) }

// Connector reads Zendesk ticket exports.
type Connector struct{}

// Name implements ingest.Connector.
func (Connector) Name() string { return Name }

// System implements ingest.Connector.
func (Connector) System() string { return "zendesk" }

// Detect implements ingest.Connector: Zendesk tickets carry requester_id
// with submitter_id or assignee_id, a "via" channel, and an API url on a
// zendesk.com host.
func (Connector) Detect(path string, head []byte) (int, string) {
	sh := jsonstream.Sniff(head)
	if sh.Top == 0 {
		return 0, ""
	}
	var keys []string
	var where string
	switch {
	case sh.Has("audits") || sh.Has("audit") || sh.Has("ticket_events"):
		return 0, ""
	case sh.Lists["tickets"] != nil:
		keys, where = sh.Lists["tickets"], `a "tickets" list of`
	case sh.Lists["results"] != nil:
		keys, where = sh.Lists["results"], `a "results" list of`
	case sh.Has("ticket"):
		keys, where = ticketKeysAfter(head, "ticket"), `a "ticket" object holding`
	case sh.Lists["ticket_metrics"] != nil || sh.Lists["metric_sets"] != nil || sh.Has("ticket_metric"):
		m := append(sh.Lists["ticket_metrics"], sh.Lists["metric_sets"]...)
		if sh.Has("ticket_metric") {
			m = append(m, ticketKeysAfter(head, "ticket_metric")...)
		}
		if slices.Contains(m, "ticket_id") && (slices.Contains(m, "reopens") || slices.Contains(m, "reply_time_in_minutes")) {
			return 60, "Zendesk ticket metrics without tickets: kept in ticket_metrics and applied to their tickets, loaded before or after"
		}
		return 0, ""
	case sh.Has("tickets") && emptyList(head, "tickets"):
		if marker := pageMarker(sh, head); marker != "" {
			return 90, fmt.Sprintf(`JSON with an empty "tickets" list and Zendesk's %s: a page with no tickets`, marker)
		}
		return 0, "" // a bare {"tickets": []} could be Freshservice's too
	case slices.Contains(sh.Lists["deleted_tickets"], "id") && slices.Contains(sh.Lists["deleted_tickets"], "deleted_at"):
		return 90, `JSON with a "deleted_tickets" list of records with id and deleted_at: Zendesk's deleted tickets, read as deletions`
	case sh.Has("deleted_tickets") && emptyList(head, "deleted_tickets") && pageMarker(sh, head) != "":
		return 90, `JSON with an empty "deleted_tickets" list and Zendesk's page markers: a page with no deleted tickets`
	case !sh.Has("id") && (sh.Has("users") || sh.Has("groups") || sh.Has("organizations")):
		return detectDirectory(sh, head)
	default:
		keys, where = sh.Keys, "objects that are"
	}
	has := func(k string) bool {
		for _, x := range keys {
			if x == k {
				return true
			}
		}
		return false
	}
	if !has("id") || !has("requester_id") {
		return 0, ""
	}
	if has("responder_id") || has("fr_due_by") {
		return 0, "" // Freshdesk and Freshservice tickets look alike
	}
	zendeskURL := bytes.Contains(head, []byte(".zendesk.com/api/v2/"))
	switch {
	case zendeskURL:
		return 96, fmt.Sprintf("JSON with %s tickets whose url is a zendesk.com API address", where)
	case has("submitter_id") && has("via"):
		return 92, fmt.Sprintf("JSON with %s tickets with requester_id, submitter_id and via", where)
	case has("assignee_id") && (has("via") || has("submitter_id")):
		return 85, fmt.Sprintf("JSON with %s tickets with requester_id and assignee_id", where)
	}
	return 0, ""
}

// freshGroupKeys are members of a Freshservice group that Zendesk's groups
// do not have: a "groups" page with them is Freshservice's.
var freshGroupKeys = []string{"agent_ids", "members", "observers", "leaders", "escalate_to", "unassigned_for",
	"business_hours_id", "group_type", "approval_required", "auto_ticket_assign", "restricted"}

// detectDirectory scores a page of users, groups or organizations alone
// (/api/v2/users.json, groups.json, organizations.json): records with id
// and name, and a zendesk.com url, Zendesk's page markers, or (users) an
// email or role; or an empty list with Zendesk's page markers.
func detectDirectory(sh jsonstream.Shape, head []byte) (int, string) {
	zendeskURL := bytes.Contains(head, []byte(".zendesk.com/api/v2/"))
	marker := pageMarker(sh, head)
	for _, key := range []string{"users", "groups", "organizations"} {
		what := fmt.Sprintf("Zendesk %s page (/api/v2/%s.json): directory, the names for the ids of tickets and audits", key, key)
		keys, listed := sh.Lists[key]
		if !listed {
			if sh.Has(key) && emptyList(head, key) && marker != "" {
				return 90, fmt.Sprintf("JSON with an empty %q list and Zendesk's %s: a %s with no entries", key, marker, what)
			}
			continue
		}
		if !slices.Contains(keys, "id") || !slices.Contains(keys, "name") {
			continue
		}
		if key == "groups" && slices.ContainsFunc(freshGroupKeys, func(k string) bool { return slices.Contains(keys, k) }) {
			continue
		}
		zendesk := zendeskURL || slices.Contains(keys, "url") || marker != "" ||
			key == "users" && (slices.Contains(keys, "email") || slices.Contains(keys, "role"))
		switch {
		case zendesk && zendeskURL:
			return 92, what + " (a zendesk.com API address)"
		case zendesk:
			return 85, what
		}
	}
	return 0, ""
}

// emptyListAt matches a key whose value is an empty list. Inside a JSON
// string the quotes would be escaped, so a match is the key itself.
var emptyListAt = map[string]*regexp.Regexp{
	"tickets":         regexp.MustCompile(`"tickets"\s*:\s*\[\s*\]`),
	"deleted_tickets": regexp.MustCompile(`"deleted_tickets"\s*:\s*\[\s*\]`),
	"users":           regexp.MustCompile(`"users"\s*:\s*\[\s*\]`),
	"groups":          regexp.MustCompile(`"groups"\s*:\s*\[\s*\]`),
	"organizations":   regexp.MustCompile(`"organizations"\s*:\s*\[\s*\]`),
}

// emptyList reports whether head holds key with an empty list.
func emptyList(head []byte, key string) bool {
	return emptyListAt[key].Match(head)
}

// pageMarker names what marks a page as Zendesk's, for a page whose list
// is empty and so shows no record to recognise: the incremental export's
// end_of_stream and after_url, a cursor page's after_cursor, an offset
// page's next_page, previous_page and count, or a zendesk.com API address.
// Freshservice's pages ({"tickets": [...]}) have none of these.
func pageMarker(sh jsonstream.Shape, head []byte) string {
	switch {
	case bytes.Contains(head, []byte(".zendesk.com/api/v2/")):
		return "zendesk.com API address"
	case sh.Has("end_of_stream"):
		return "end_of_stream"
	case sh.Has("after_url") || bytes.Contains(head, []byte(`"after_cursor"`)):
		return "after_cursor"
	case sh.Has("next_page") && sh.Has("previous_page") && sh.Has("count"):
		return "next_page, previous_page and count"
	}
	return ""
}

// ticketKeysAfter reads the keys of a single object under key (`{"ticket":
// {...}}`), which Sniff does not descend into.
func ticketKeysAfter(head []byte, key string) []string {
	i := bytes.Index(head, []byte(`"`+key+`"`))
	if i < 0 {
		return nil
	}
	j := bytes.IndexByte(head[i:], '{')
	if j < 0 {
		return nil
	}
	return jsonstream.Sniff(head[i+j:]).Keys
}

// Read implements ingest.Connector.
func (Connector) Read(ctx context.Context, in *ingest.Input, sink ingest.Sink) error {
	s := jsonstream.NewScanner(format, in, jsonstream.Options{})
	r := &reader{
		ctx: ctx, in: in, sink: sink, s: s,
		users: map[string]string{}, groups: map[string]string{}, orgs: map[string]string{},
		metrics: map[string]map[string]any{},
	}
	rej := &countRejects{Rejecter: sink}
	err := s.Walk(jsonstream.Layout{
		Lists:   []string{"tickets", "results", "deleted_tickets"},
		Singles: []string{"ticket"},
		Sides:   []string{"users", "groups", "organizations", "metric_sets", "ticket_metrics", "metric_set", "ticket_metric", "audits", "audit", "ticket_events"},
		Hold:    true,
	}, r, rej)
	if err == nil && r.objects == 0 && rej.n == 0 {
		// Only empty lists ([], as a last page written by a script).
		return ingest.Skip(sink, 1, "an empty list, no tickets")
	}
	return err
}

// countRejects counts the rejects Walk makes itself (values that are not
// objects), so that Read knows whether a file held nothing at all.
type countRejects struct {
	jsonstream.Rejecter
	n int
}

func (c *countRejects) Reject(r ingest.Reject) error {
	c.n++
	return c.Rejecter.Reject(r)
}

type reader struct {
	ctx  context.Context
	in   *ingest.Input
	sink ingest.Sink
	s    *jsonstream.Scanner
	n    int

	// objects counts the objects read (pages and records), items the
	// records of the current page, entries its directory entries
	// (side-loaded users, groups and organizations).
	objects, items, entries int

	// Names from side-loads, kept for the whole file (ids are stable).
	users, groups, orgs map[string]string
	// Metric sets by ticket id, for the current object only, and the one
	// metric set without a ticket id, which belongs to the object's one
	// ticket: a record's own metric_set, or the one next to {"ticket":
	// ...}. In a list of tickets it belongs to none of them.
	metrics  map[string]map[string]any
	lone     map[string]any
	loneLine int64
	// alone are the object's metric sets with a ticket id in file order:
	// when the object holds no tickets, they are metrics on their own.
	alone []metricRecord
	// pending is the first record of a page that has a lone metric set,
	// held until the page shows whether it is one ticket or a list.
	pending *jsonstream.Record
}

// metricRecord is a side-loaded metric set and its line.
type metricRecord struct {
	fields map[string]any
	line   int64
}

// Side implements jsonstream.Handler.
func (r *reader) Side(key string, rec *jsonstream.Record) error {
	switch key {
	case "users", "groups", "organizations":
		r.entries++
		id, err := jsonstream.ID(rec.Fields["id"])
		name, _ := jsonstream.Text(rec.Fields["name"])
		email, _ := jsonstream.Text(rec.Fields["email"])
		name, email = strings.TrimSpace(name), strings.TrimSpace(email)
		if key == "users" && name == "" {
			name = email
		}
		if dir, ok := r.sink.(ingest.DirectorySink); ok {
			// Kept in directory, so that tickets and audits read
			// without the side-loads are named too (stg_tickets).
			kind := dirKinds[key]
			reject := func(col, reason string) error {
				return r.sink.Reject(ingest.Reject{Line: rec.Line, Column: col, Reason: reason, Raw: rec.RawText()})
			}
			switch {
			case err != nil:
				return reject("id", err.Error())
			case id == "":
				return reject("id", kind+" has no id")
			case name == "" && key == "users":
				return reject("name", "person has no name or email")
			case name == "":
				return reject("name", kind+" has no name")
			}
			if key != "users" {
				email = ""
			}
			if err := dir.Directory(&ingest.DirectoryEntry{Kind: kind, ID: id, Name: name, Email: email, Raw: rec.RawText(), Line: rec.Line}); err != nil {
				return err
			}
		}
		if err != nil || id == "" || name == "" {
			return nil
		}
		switch key {
		case "users":
			r.users[id] = name
		case "groups":
			r.groups[id] = name
		default:
			r.orgs[id] = name
		}
	case "metric_sets", "ticket_metrics", "metric_set", "ticket_metric":
		id, _ := jsonstream.ID(rec.Fields["ticket_id"])
		if id == "" {
			// A ticket's own metric_set, or the one next to a single ticket.
			if r.lone != nil {
				if err := ingest.Skip(r.sink, r.loneLine, "a metric set without ticket_id next to another one: cannot tell which is the ticket's"); err != nil {
					return err
				}
			}
			r.lone, r.loneLine = rec.Fields, rec.Line
			break
		}
		r.metrics[id] = rec.Fields
		r.alone = append(r.alone, metricRecord{fields: rec.Fields, line: rec.Line})
	case "audits", "audit":
		return r.s.Errorf(jsonstream.Pos{Line: rec.Line}, "this is a Zendesk ticket audits export, not tickets; read it with --source zendesk_audits")
	case "ticket_events":
		return r.s.Errorf(jsonstream.Pos{Line: rec.Line}, "this is a Zendesk incremental ticket events export, which lanes does not read; export ticket audits (/api/v2/tickets/{id}/audits.json or /api/v2/ticket_audits.json) and read them with --source zendesk_audits")
	}
	return nil
}

// Item implements jsonstream.Handler.
func (r *reader) Item(rec *jsonstream.Record) error {
	r.items++
	if t, ok := rec.Fields["result_type"]; ok && t != "ticket" {
		kind, _ := jsonstream.Text(t)
		return ingest.Skip(r.sink, rec.Line, fmt.Sprintf("search result of type %q, not a ticket", kind))
	}
	if r.lone == nil {
		return r.ticket(rec, nil)
	}
	// Side-loads come first (the page is held), so a lone metric set is
	// known; whether it is the ticket's is known when the page ends or a
	// second record comes.
	switch {
	case r.pending == nil && r.items == 1:
		r.pending = rec
		return nil
	case r.pending != nil:
		first := r.pending
		r.pending = nil
		if err := r.ticket(first, nil); err != nil {
			return err
		}
	}
	return r.ticket(rec, nil)
}

// End implements jsonstream.Handler.
func (r *reader) End(p *jsonstream.Page) error {
	defer func() {
		clear(r.metrics)
		r.alone = r.alone[:0]
		r.lone, r.pending = nil, nil
		r.items, r.entries = 0, 0
	}()
	r.objects++
	if p.Listed {
		if r.pending != nil {
			var lone map[string]any
			if p.ListKey == "ticket" {
				lone, r.lone = r.lone, nil // {"ticket": ..., "metric_set": ...}
			}
			if err := r.ticket(r.pending, lone); err != nil {
				return err
			}
		}
		if r.lone != nil {
			if err := ingest.Skip(r.sink, r.loneLine, "a metric set without ticket_id next to a list of tickets: cannot tell whose it is"); err != nil {
				return err
			}
		}
		if r.items == 0 {
			// The last page of an export is often empty.
			return ingest.Skip(r.sink, p.Line, "a page with no tickets")
		}
		return nil
	}
	f := p.Fields
	_, hasID := f["id"]
	switch {
	case hasID && (has(f, "subject") || has(f, "status") || has(f, "created_at") || has(f, "requester_id")):
		return r.ticket(&jsonstream.Record{Line: p.Line, Fields: f}, r.lone)
	case len(p.Sides) > 0 && onlyMetrics(p.Sides):
		return r.metricsAlone(p)
	case len(p.Sides) > 0:
		return r.sidesOnly(p) // a page of side-loads only (users, groups): a directory
	}
	return r.sink.Reject(ingest.Reject{Line: p.Line, Reason: "not a Zendesk ticket (no id with subject, status or created_at)", Raw: (&jsonstream.Record{Fields: f}).RawText()})
}

// dirKinds names the entries of the side-loads that are a directory.
var dirKinds = map[string]string{"users": ingest.DirectoryPerson, "groups": ingest.DirectoryGroup, "organizations": ingest.DirectoryOrganization}

// sidesOnly ends a page of side-loads only: users, groups or organizations
// (/api/v2/users.json, groups.json, organizations.json), whose entries
// Side passed on as directory entries; a page without any counts as one
// skipped row, as a page with no tickets does.
func (r *reader) sidesOnly(p *jsonstream.Page) error {
	defer func() { r.entries = 0 }()
	if _, ok := r.sink.(ingest.DirectorySink); !ok || r.entries > 0 {
		return nil
	}
	return ingest.Skip(r.sink, p.Line, "a page with no directory entries")
}

// metricsRemedy says how to load ticket metrics that came as a file of
// their own where they cannot be read alone.
const metricsRemedy = `export the tickets with their metrics instead (/api/v2/incremental/tickets/cursor.json?start_time=0&include=metric_sets), or join the lists into one file ({"tickets": [...], "ticket_metrics": [...]}), and leave this file out`

func onlyMetrics(sides []string) bool {
	for _, s := range sides {
		switch s {
		case "metric_sets", "ticket_metrics", "metric_set", "ticket_metric":
		default:
			return false
		}
	}
	return true
}

func has(f map[string]any, k string) bool {
	_, ok := f[k]
	return ok
}

// fieldError is a value that cannot be read, and its key.
type fieldError struct {
	column, reason string
}

func (e *fieldError) Error() string { return e.reason }

func fail(column string, err error) *fieldError {
	return &fieldError{column: column, reason: err.Error()}
}

// timeLayouts read Zendesk's ISO 8601 times, with or without an offset.
var timeLayouts = []string{"2006-01-02T15:04:05Z07:00", "2006-01-02T15:04:05", "2006-01-02 15:04:05 -0700", "2006-01-02 15:04:05Z07:00", "2006-01-02 15:04:05", "2006/01/02 15:04:05 -0700"}

func (r *reader) time(f map[string]any, key string) (*time.Time, *fieldError) {
	t, err := jsonstream.Date(f[key], func(s string) (time.Time, error) {
		return ingest.ParseTime(s, timeLayouts, r.in.Location)
	})
	if err != nil {
		return nil, fail(key, err)
	}
	return t, nil
}

func text(f map[string]any, key string) (string, *fieldError) {
	s, err := jsonstream.Text(f[key])
	if err != nil {
		return "", fail(key, err)
	}
	return strings.TrimSpace(s), nil
}

// person names a user id from the side-loads, or keeps the id.
func (r *reader) name(names map[string]string, f map[string]any, key string) (string, *fieldError) {
	id, err := jsonstream.ID(f[key])
	if err != nil {
		return "", fail(key, err)
	}
	if n, ok := names[id]; ok {
		return n, nil
	}
	return id, nil
}

// Zendesk's statuses, normalized.
var statuses = map[string]string{
	"new":     ingest.StatusNew,
	"open":    ingest.StatusOpen,
	"pending": ingest.StatusWaiting,
	"hold":    ingest.StatusWaiting,
	"on-hold": ingest.StatusWaiting,
	"solved":  ingest.StatusResolved,
	"closed":  ingest.StatusClosed,
	"deleted": ingest.StatusCanceled,
}

const scrubbed = "SCRUBBED"

// ticket maps and passes on one ticket; lone is the metric set without a
// ticket id that belongs to it, if any.
func (r *reader) ticket(rec *jsonstream.Record, lone map[string]any) error {
	r.n++
	if r.n%1024 == 0 {
		if err := r.ctx.Err(); err != nil {
			return err
		}
	}
	if isDeletion(rec.Fields) {
		return r.deletion(rec)
	}
	t, comments, ferr := r.mapTicket(rec.Fields, lone)
	if ferr != nil {
		return r.sink.Reject(ingest.Reject{Line: rec.Line, Column: ferr.column, Reason: ferr.reason, Raw: rec.RawText()})
	}
	t.Line = rec.Line
	if col, reason := t.Check(); reason != "" {
		switch col {
		case "key":
			col = "id"
		case "resolved_at":
			col = "metric_set.solved_at"
		}
		return r.sink.Reject(ingest.Reject{Line: rec.Line, Column: col, Reason: reason, Raw: rec.RawText()})
	}
	if err := r.sink.Ticket(t); err != nil {
		return err
	}
	for _, c := range comments {
		c.Key = t.Key
		if err := r.sink.Comment(c); err != nil {
			return err
		}
	}
	return nil
}

// isDeletion tells a record of /api/v2/deleted_tickets.json (id, subject,
// actor, deleted_at, previous_state) from a ticket, which has a status and
// a creation time. A record with previous_state but no deleted_at is one
// too: it is rejected for lacking deleted_at (deletion), not read as a
// ticket without a creation time.
func isDeletion(f map[string]any) bool {
	return (has(f, "deleted_at") || has(f, "previous_state")) && !has(f, "status") && !has(f, "created_at")
}

// deletion reads a deleted ticket as a copy of the ticket marked deleted,
// updated when it was deleted: it replaces a live copy updated before (or
// at) that time, as the incremental export's deleted tickets do. It knows
// only the subject (Partial): the merge keeps the live copy's other
// fields, whichever comes first.
func (r *reader) deletion(rec *jsonstream.Record) error {
	f := rec.Fields
	reject := func(column, reason string) error {
		return r.sink.Reject(ingest.Reject{Line: rec.Line, Column: column, Reason: reason, Raw: rec.RawText()})
	}
	key, e := jsonstream.ID(f["id"])
	if e != nil {
		return reject("id", e.Error())
	}
	if key == "" {
		return reject("id", "deleted ticket has no id")
	}
	at, err := r.time(f, "deleted_at")
	if err != nil {
		return reject(err.column, err.reason)
	}
	if at == nil {
		return reject("deleted_at", "deleted ticket has no deleted_at")
	}
	title, err := text(f, "subject")
	if err != nil {
		return reject(err.column, err.reason)
	}
	desc, e := jsonstream.Text(f["description"])
	if e != nil {
		return reject("description", e.Error())
	}
	// The creation time is not given; the merge keeps the earliest any
	// copy gives, so a live copy's stays.
	t := &ingest.Ticket{
		Key: key, Title: title, Description: desc, StatusRaw: "deleted", Status: ingest.StatusCanceled,
		CreatedAt: *at, UpdatedAt: *at, Deleted: true, Raw: f, Line: rec.Line, Partial: true,
	}
	return r.sink.Ticket(t)
}

func (r *reader) mapTicket(f, lone map[string]any) (*ingest.Ticket, []*ingest.Comment, *fieldError) {
	t := &ingest.Ticket{Raw: f}
	var err *fieldError
	key, e := jsonstream.ID(f["id"])
	if e != nil {
		return nil, nil, fail("id", e)
	}
	if key == "" {
		return nil, nil, &fieldError{"id", "ticket has no id"}
	}
	t.Key = key
	if t.Title, err = text(f, "subject"); err != nil {
		return nil, nil, err
	}
	if t.Title == "" {
		if t.Title, err = text(f, "raw_subject"); err != nil {
			return nil, nil, err
		}
	}
	desc, e := jsonstream.Text(f["description"])
	if e != nil {
		return nil, nil, fail("description", e)
	}
	t.Description = desc
	if t.Kind, err = text(f, "type"); err != nil {
		return nil, nil, err
	}
	if t.StatusRaw, err = text(f, "status"); err != nil {
		return nil, nil, err
	}
	status, known := statuses[strings.ToLower(t.StatusRaw)]
	if !known {
		status = ingest.NormalizeStatus(t.StatusRaw) // custom statuses
	}
	t.Status = status
	if t.PriorityRaw, err = text(f, "priority"); err != nil {
		return nil, nil, err
	}
	t.Priority = ingest.NormalizePriority(t.PriorityRaw)

	created, err := r.time(f, "created_at")
	if err != nil {
		return nil, nil, err
	}
	updated, err := r.time(f, "updated_at")
	if err != nil {
		return nil, nil, err
	}
	if updated != nil {
		t.UpdatedAt = *updated
	}
	t.Deleted = strings.EqualFold(t.StatusRaw, "deleted") || t.Title == scrubbed || t.Description == scrubbed
	switch {
	case created != nil:
		t.CreatedAt = *created
	case t.Deleted && updated != nil:
		// A scrubbed ticket may have lost its creation time; it is kept
		// only to mark the ticket deleted.
		t.CreatedAt = *updated
	}

	if t.Requester, err = r.name(r.users, f, "requester_id"); err != nil {
		return nil, nil, err
	}
	if t.Assignee, err = r.name(r.users, f, "assignee_id"); err != nil {
		return nil, nil, err
	}
	if t.AssignmentGroup, err = r.name(r.groups, f, "group_id"); err != nil {
		return nil, nil, err
	}
	if _, err := jsonstream.ID(f["submitter_id"]); err != nil {
		return nil, nil, fail("submitter_id", err)
	}
	// The organization's name when it is side-loaded, else its id, as for
	// the people and the group.
	if t.RequesterTeam, err = r.name(r.orgs, f, "organization_id"); err != nil {
		return nil, nil, err
	}
	tags, e := jsonstream.Texts(f["tags"])
	if e != nil {
		return nil, nil, fail("tags", e)
	}
	t.Labels = tags
	if via, ok := f["via"].(map[string]any); ok {
		if t.Channel, err = text(via, "channel"); err != nil {
			err.column = "via.channel"
			return nil, nil, err
		}
	} else if f["via"] != nil {
		return nil, nil, &fieldError{"via", "expected an object, found " + jsonstream.Kind(f["via"])}
	}
	if u, ok := f["url"].(string); ok {
		t.URL = agentURL(u, key)
	}
	if t.Status == ingest.StatusClosed && updated != nil {
		// Closed tickets cannot change, so their last update is the close.
		t.ClosedAt = updated
	}

	if err := r.applyMetrics(t, f, lone, created); err != nil {
		return nil, nil, err
	}
	comments, err := r.comments(f)
	if err != nil {
		return nil, nil, err
	}
	return t, comments, nil
}

// agentURL turns the ticket's API url into the page agents open, on the
// same host; only https addresses are kept.
func agentURL(api, id string) string {
	u, err := url.Parse(strings.TrimSpace(api))
	if err != nil || u.Scheme != "https" || u.Host == "" || strings.ContainsAny(u.Host, "\"'<> ") {
		return ""
	}
	if strings.HasPrefix(u.Path, "/api/v2/") {
		return "https://" + u.Host + "/agent/tickets/" + url.PathEscape(id)
	}
	return u.String()
}

// applyMetrics fills what the ticket's metric set says: the one side-loaded
// for it, or its own metric_set key, or lone.
func (r *reader) applyMetrics(t *ingest.Ticket, f, lone map[string]any, created *time.Time) *fieldError {
	m, own := f["metric_set"].(map[string]any)
	prefix := "metric_set."
	if !own {
		if m = r.metrics[t.Key]; m == nil {
			m = lone
		}
		if m == nil {
			return nil
		}
		// Keep the side-loaded metrics with the ticket's raw record.
		raw := make(map[string]any, len(f)+1)
		for k, v := range f {
			raw[k] = v
		}
		raw["metric_set"] = m
		t.Raw = raw
	}
	got, err := r.parseMetrics(m, prefix)
	if err != nil {
		return err
	}
	t.ReopenCount = got.Reopens
	if got.GroupStations != nil || got.AssigneeStations != nil {
		n := 0
		for _, s := range []*int{got.GroupStations, got.AssigneeStations} {
			if s != nil && *s-1 > n {
				n = *s - 1
			}
		}
		t.ReassignmentCount = &n
	}
	if got.SolvedAt != nil && t.Status != ingest.StatusOpen && t.Status != ingest.StatusNew && t.Status != ingest.StatusWaiting {
		t.ResolvedAt = got.SolvedAt
	}
	if mins := got.ReplyMinutes; mins != nil && *mins >= 0 && created != nil {
		at := created.Add(time.Duration(*mins * float64(time.Minute)))
		t.FirstResponseAt = &at
	}
	return nil
}

// parseMetrics reads the figures of a metric set that lanes uses (its
// updated_at only by metricsAlone); prefix goes before the key of a
// value that cannot be read, in the error.
func (r *reader) parseMetrics(m map[string]any, prefix string) (*ingest.TicketMetrics, *fieldError) {
	got := &ingest.TicketMetrics{}
	count := func(key string) (*int, *fieldError) {
		n, err := jsonstream.Count(m[key])
		if err != nil {
			return nil, fail(prefix+key, err)
		}
		return n, nil
	}
	var err *fieldError
	if got.Reopens, err = count("reopens"); err != nil {
		return nil, err
	}
	if got.GroupStations, err = count("group_stations"); err != nil {
		return nil, err
	}
	if got.AssigneeStations, err = count("assignee_stations"); err != nil {
		return nil, err
	}
	if got.SolvedAt, err = r.time(m, "solved_at"); err != nil {
		err.column = prefix + err.column
		return nil, err
	}
	if reply, ok := m["reply_time_in_minutes"].(map[string]any); ok {
		mins, e := jsonstream.Float(reply["calendar"])
		if e != nil {
			return nil, fail(prefix+"reply_time_in_minutes.calendar", e)
		}
		got.ReplyMinutes = mins
	}
	return got, nil
}

// metricsAlone passes on the ticket metrics of a page that holds no
// tickets (/api/v2/ticket_metrics.json, or one ticket's ticket_metric) to
// a sink that takes them: the run keeps them in ticket_metrics and applies
// them to the ticket, loaded before or after. A sink that does not take
// them gets the refusal of old.
func (r *reader) metricsAlone(p *jsonstream.Page) error {
	ms, ok := r.sink.(ingest.MetricsSink)
	if !ok {
		return r.s.Errorf(jsonstream.Pos{Line: p.Line}, "this is a Zendesk ticket metrics export (/api/v2/ticket_metrics.json) with no tickets in it, which this reader cannot load on its own; %s", metricsRemedy)
	}
	if len(r.alone) == 0 && r.lone == nil {
		return ingest.Skip(r.sink, p.Line, "a page with no ticket metrics")
	}
	for _, a := range r.alone {
		rec := &jsonstream.Record{Line: a.line, Fields: a.fields}
		reject := func(err *fieldError) error {
			return r.sink.Reject(ingest.Reject{Line: a.line, Column: err.column, Reason: err.reason, Raw: rec.RawText()})
		}
		m, err := r.parseMetrics(a.fields, "")
		if err != nil {
			if err := reject(err); err != nil {
				return err
			}
			continue
		}
		if m.UpdatedAt, err = r.time(a.fields, "updated_at"); err != nil {
			if err := reject(err); err != nil {
				return err
			}
			continue
		}
		m.Key, _ = jsonstream.ID(a.fields["ticket_id"])
		m.Raw, m.Line = a.fields, a.line
		if err := ms.Metrics(m); err != nil {
			return err
		}
	}
	if r.lone != nil {
		rec := &jsonstream.Record{Line: r.loneLine, Fields: r.lone}
		if err := r.sink.Reject(ingest.Reject{Line: r.loneLine, Column: "ticket_id", Reason: "ticket metrics without ticket_id: cannot tell whose they are", Raw: rec.RawText()}); err != nil {
			return err
		}
	}
	return nil
}

// comments reads a ticket's own comments list, which the account's JSON
// export includes.
func (r *reader) comments(f map[string]any) ([]*ingest.Comment, *fieldError) {
	list, ok := f["comments"].([]any)
	if !ok {
		return nil, nil
	}
	var out []*ingest.Comment
	for i, x := range list {
		c, ok := x.(map[string]any)
		if !ok {
			return nil, &fieldError{fmt.Sprintf("comments[%d]", i), "expected an object, found " + jsonstream.Kind(x)}
		}
		at, err := r.time(c, "created_at")
		if err != nil {
			err.column = fmt.Sprintf("comments[%d].%s", i, err.column)
			return nil, err
		}
		if at == nil {
			return nil, &fieldError{fmt.Sprintf("comments[%d].created_at", i), "comment has no time"}
		}
		author, err := r.name(r.users, c, "author_id")
		if err != nil {
			err.column = fmt.Sprintf("comments[%d].%s", i, err.column)
			return nil, err
		}
		body, err := text(c, "plain_body")
		if err == nil && body == "" {
			body, err = text(c, "body")
		}
		if err != nil {
			err.column = fmt.Sprintf("comments[%d].%s", i, err.column)
			return nil, err
		}
		public := true
		if p, ok := c["public"].(bool); ok {
			public = p
		}
		out = append(out, &ingest.Comment{Author: author, At: *at, Public: public, Body: body})
	}
	return out, nil
}
