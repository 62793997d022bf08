package zendesk

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/lanes-dev/lanes/ingest"
	"github.com/lanes-dev/lanes/ingest/jsonstream"
)

// AuditsName is the audits connector's format name, as given to --source.
const AuditsName = "zendesk_audits"

const auditsFormat = "zendesk audits"

func init() { ingest.Register(AuditsConnector{}) }

// AuditsConnector reads ticket audits (GET /api/v2/tickets/{id}/audits.json,
// the cursor-paginated /api/v2/ticket_audits.json, one audit, or audits one
// per line) into ticket events and comments. Each audit's Change and Create
// events for status, assignee, group and priority become events (a change
// from solved back to an open state also a reopen); its Comment and
// VoiceComment events become comments. Side-loaded users and groups give
// names instead of ids.
//
// The events belong to tickets read from another file; the warehouse keeps
// them for the ticket whether it is loaded before or after.
type AuditsConnector struct{}

// Name implements ingest.Connector.
func (AuditsConnector) Name() string { return AuditsName }

// System implements ingest.Connector.
func (AuditsConnector) System() string { return "zendesk" }

// Detect implements ingest.Connector: an "audits" list (or one "audit")
// whose records have ticket_id and events.
func (AuditsConnector) Detect(path string, head []byte) (int, string) {
	sh := jsonstream.Sniff(head)
	if sh.Top == 0 {
		return 0, ""
	}
	zendeskURL := bytes.Contains(head, []byte(".zendesk.com/api/v2/"))
	switch {
	case slices.Contains(sh.Lists["audits"], "ticket_id") && slices.Contains(sh.Lists["audits"], "events"):
		if zendeskURL {
			return 96, `JSON with an "audits" list on a zendesk.com API address`
		}
		return 92, `JSON with an "audits" list of records with ticket_id and events`
	case sh.Has("audits"):
		return 70, `JSON with an "audits" key`
	case sh.Has("audit"):
		return 90, `JSON with an "audit" object`
	case sh.Has("ticket_id") && sh.Has("events") && sh.Has("author_id") && sh.Has("created_at"):
		return 85, "JSON objects with ticket_id, author_id, created_at and events: Zendesk audits"
	}
	return 0, ""
}

// Read implements ingest.Connector.
func (AuditsConnector) Read(ctx context.Context, in *ingest.Input, sink ingest.Sink) error {
	s := jsonstream.NewScanner(auditsFormat, in, jsonstream.Options{})
	r := &auditReader{
		reader: reader{ctx: ctx, in: in, sink: sink, s: s, users: map[string]string{}, groups: map[string]string{}, orgs: map[string]string{}},
	}
	rej := &countRejects{Rejecter: sink}
	err := s.Walk(jsonstream.Layout{
		Lists:   []string{"audits"},
		Singles: []string{"audit"},
		Sides:   []string{"users", "groups", "organizations", "tickets", "ticket"},
		Hold:    true,
	}, r, rej)
	if err == nil && r.objects == 0 && rej.n == 0 {
		return ingest.Skip(sink, 1, "an empty list, no audits")
	}
	return err
}

type auditReader struct {
	reader
}

// Side implements jsonstream.Handler. Side-loaded tickets are left to the
// tickets export.
func (r *auditReader) Side(key string, rec *jsonstream.Record) error {
	if key == "tickets" || key == "ticket" {
		return nil
	}
	return r.reader.Side(key, rec)
}

// Item implements jsonstream.Handler.
func (r *auditReader) Item(rec *jsonstream.Record) error {
	r.items++
	return r.audit(rec)
}

// End implements jsonstream.Handler.
func (r *auditReader) End(p *jsonstream.Page) error {
	defer func() { r.items, r.entries = 0, 0 }()
	r.objects++
	if p.Listed {
		if r.items == 0 {
			// The last cursor page of an export is often empty.
			return ingest.Skip(r.sink, p.Line, "a page with no audits")
		}
		return nil
	}
	f := p.Fields
	switch {
	case has(f, "ticket_id") && has(f, "events"):
		return r.audit(&jsonstream.Record{Line: p.Line, Fields: f})
	case slices.Contains(p.Sides, "tickets") || slices.Contains(p.Sides, "ticket") || has(f, "subject") || has(f, "requester_id"):
		return r.s.Errorf(jsonstream.Pos{Line: p.Line}, "this is a Zendesk tickets export, not audits; read it with --source zendesk_json")
	case len(p.Sides) > 0:
		return r.sidesOnly(p) // side-loads only: a directory
	}
	return r.sink.Reject(ingest.Reject{Line: p.Line, Reason: "not a Zendesk audit (no ticket_id and events)", Raw: (&jsonstream.Record{Fields: f}).RawText()})
}

// Audited fields and the event kinds they give.
var auditFields = map[string]string{
	"status":      "status",
	"assignee_id": "assignee",
	"group_id":    "group",
	"priority":    "priority",
}

// systemAuthor is the author id Zendesk gives changes made by the system
// (triggers, automations).
const systemAuthor = "-1"

func (r *auditReader) audit(rec *jsonstream.Record) error {
	r.n++
	if r.n%1024 == 0 {
		if err := r.ctx.Err(); err != nil {
			return err
		}
	}
	events, comments, ferr := r.mapAudit(rec.Fields)
	if ferr != nil {
		return r.sink.Reject(ingest.Reject{Line: rec.Line, Column: ferr.column, Reason: ferr.reason, Raw: rec.RawText()})
	}
	if len(events) == 0 && len(comments) == 0 {
		return ingest.Skip(r.sink, rec.Line, "audit changes nothing lanes tracks")
	}
	for _, e := range events {
		if err := r.sink.Event(e); err != nil {
			return err
		}
	}
	for _, c := range comments {
		if err := r.sink.Comment(c); err != nil {
			return err
		}
	}
	return nil
}

func (r *auditReader) user(f map[string]any, key string) (string, *fieldError) {
	id, err := r.name(r.users, f, key)
	if err == nil && id == systemAuthor {
		id = "system"
	}
	return id, err
}

func (r *auditReader) mapAudit(f map[string]any) ([]*ingest.Event, []*ingest.Comment, *fieldError) {
	key, e := jsonstream.ID(f["ticket_id"])
	if e != nil {
		return nil, nil, fail("ticket_id", e)
	}
	if key == "" {
		return nil, nil, &fieldError{"ticket_id", "audit has no ticket_id"}
	}
	at, err := r.time(f, "created_at")
	if err != nil {
		return nil, nil, err
	}
	if at == nil {
		return nil, nil, &fieldError{"created_at", "audit has no time"}
	}
	actor, err := r.user(f, "author_id")
	if err != nil {
		return nil, nil, err
	}
	list, ok := f["events"].([]any)
	if !ok && f["events"] != nil {
		return nil, nil, &fieldError{"events", "expected a list, found " + jsonstream.Kind(f["events"])}
	}
	var events []*ingest.Event
	var comments []*ingest.Comment
	for i, x := range list {
		ev, ok := x.(map[string]any)
		col := func(k string) string { return fmt.Sprintf("events[%d].%s", i, k) }
		if !ok {
			return nil, nil, &fieldError{fmt.Sprintf("events[%d]", i), "expected an object, found " + jsonstream.Kind(x)}
		}
		typ, err := text(ev, "type")
		if err != nil {
			err.column = col(err.column)
			return nil, nil, err
		}
		switch typ {
		case "Comment", "VoiceComment":
			c, err := r.auditComment(ev, key, *at, actor)
			if err != nil {
				err.column = col(err.column)
				return nil, nil, err
			}
			comments = append(comments, c)
		case "Change", "Create":
			field, err := text(ev, "field_name")
			if err != nil {
				err.column = col(err.column)
				return nil, nil, err
			}
			kind, tracked := auditFields[field]
			if !tracked {
				continue
			}
			to, err := r.auditValue(ev, "value", field)
			if err != nil {
				err.column = col(err.column)
				return nil, nil, err
			}
			var from string
			if typ == "Change" {
				if from, err = r.auditValue(ev, "previous_value", field); err != nil {
					err.column = col(err.column)
					return nil, nil, err
				}
			}
			events = append(events, &ingest.Event{Key: key, At: *at, Kind: kind, Actor: actor, From: from, To: to})
			if field == "status" && isReopen(from, to) {
				events = append(events, &ingest.Event{Key: key, At: *at, Kind: "reopen", Actor: actor, From: from, To: to})
			}
		}
	}
	return events, comments, nil
}

// isReopen: a solved ticket set back to a state that needs work.
func isReopen(from, to string) bool {
	if !strings.EqualFold(from, "solved") {
		return false
	}
	switch strings.ToLower(to) {
	case "new", "open", "pending", "hold":
		return true
	}
	return false
}

// auditValue reads a changed value; assignee and group ids become names
// when side-loaded.
func (r *auditReader) auditValue(ev map[string]any, key, field string) (string, *fieldError) {
	switch field {
	case "assignee_id":
		return r.name(r.users, ev, key)
	case "group_id":
		return r.name(r.groups, ev, key)
	}
	return text(ev, key)
}

func (r *auditReader) auditComment(ev map[string]any, key string, at time.Time, auditAuthor string) (*ingest.Comment, *fieldError) {
	author := auditAuthor
	if ev["author_id"] != nil {
		a, err := r.user(ev, "author_id")
		if err != nil {
			return nil, err
		}
		author = a
	}
	body, e := jsonstream.Text(ev["plain_body"])
	if e != nil {
		return nil, fail("plain_body", e)
	}
	if strings.TrimSpace(body) == "" {
		if body, e = jsonstream.Text(ev["body"]); e != nil {
			return nil, fail("body", e)
		}
	}
	public := true
	switch p := ev["public"].(type) {
	case bool:
		public = p
	case nil:
	default:
		return nil, &fieldError{"public", "expected true or false, found " + jsonstream.Kind(p)}
	}
	return &ingest.Comment{Key: key, Author: author, At: at, Public: public, Body: body}, nil
}
