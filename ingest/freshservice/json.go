package freshservice

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/lanes-dev/lanes/ingest"
	"github.com/lanes-dev/lanes/ingest/jsonstream"
)

// JSONName is the JSON connector's format name, as given to --source.
const JSONName = "freshservice_json"

const jsonFormat = "freshservice json"

// JSONConnector reads Freshservice API v2 ticket lists: {"tickets": [...]}
// as GET /api/v2/tickets returns them (pages saved one per file, or
// joined one after another or in a list), one {"ticket": {...}}, or a
// bare list of tickets. Status, priority and source come as numbers and
// are named; requester, agent (responder), group and department are ids,
// kept exactly as text. The same connector reads the directory pages that
// name them (GET /api/v2/agents, /api/v2/requesters, /api/v2/groups and
// /api/v2/departments: {"agents": [...]} and so on, saved as tickets pages
// are), whose entries the run keeps in the directory table for the
// staging models to name the ids with. With
// include=stats, the resolved, closed and first response times come from
// "stats". The SLA is breached when the ticket was resolved after due_by,
// first answered after fr_due_by, or is marked fr_escalated.
type JSONConnector struct{}

// Name implements ingest.Connector.
func (JSONConnector) Name() string { return JSONName }

// System implements ingest.Connector.
func (JSONConnector) System() string { return "freshservice" }

var (
	// export is where the API's JSON keeps its tickets.
	export = jsonstream.Export{Lists: []string{"tickets"}, Singles: []string{"ticket"}, Other: apiError, Noun: "ticket", Joined: true}
	// pages is where a page keeps its records: tickets, or a directory's
	// entries.
	pages = jsonstream.Export{Lists: []string{"tickets", "agents", "requesters", "groups", "departments"},
		Singles: []string{"ticket", "agent", "requester", "group", "department"}, Other: apiError, Noun: "ticket", Joined: true,
		Nouns: map[string]string{"agents": "person", "requesters": "person", "groups": "group", "departments": "organization",
			"agent": "person", "requester": "person", "group": "group", "department": "organization"}}
	// directory is where the directory pages keep their entries.
	directory = jsonstream.Export{Lists: []string{"agents", "requesters", "groups", "departments"},
		Singles: []string{"agent", "requester", "group", "department"}}
	// dirKinds names the entries of each directory list (and single).
	dirKinds = map[string]string{"agents": ingest.DirectoryPerson, "requesters": ingest.DirectoryPerson,
		"groups": ingest.DirectoryGroup, "departments": ingest.DirectoryOrganization,
		"agent": ingest.DirectoryPerson, "requester": ingest.DirectoryPerson,
		"group": ingest.DirectoryGroup, "department": ingest.DirectoryOrganization}
	// groupKeys are members of a Freshservice group that a Zendesk group
	// (the other "groups" page lanes reads) does not have.
	groupKeys = []string{"agent_ids", "members", "observers", "leaders", "escalate_to", "unassigned_for",
		"business_hours_id", "group_type", "approval_required", "auto_ticket_assign", "restricted"}
	// serviceKeys are ticket members Freshservice has and Freshdesk does not.
	serviceKeys = []string{"department_id", "workspace_id", "requested_for_id", "sub_category", "item_category", "impact", "urgency"}
)

// Detect implements ingest.Connector: tickets with Freshworks' responder_id
// or fr_due_by, and members only Freshservice has; or, so that they get
// their own message rather than "cannot tell", Freshservice's error
// response and a page with no tickets ({"tickets": []}, a page past the
// last).
func (JSONConnector) Detect(path string, head []byte) (int, string) {
	if isErrorResponse(head) {
		return 60, `JSON error response from Freshservice's API ("code" and "message", or "description" and "errors")`
	}
	top, keys, ok := export.Sniff(head)
	if !ok || top != "tickets" && top != "ticket" && top != "" {
		if score, reason := detectDirectory(head); score > 0 {
			return score, reason
		}
	}
	if ok && keys == nil && isEmptyPage(head, "tickets") {
		return 40, `JSON object with an empty "tickets" list and nothing else: a Freshservice API page with no tickets`
	}
	where := fmt.Sprintf("JSON %q", top)
	if top == "" {
		where = "JSON list of"
	}
	if ok && top == "" && !keys["id"] {
		for _, k := range directory.Lists {
			if keys[k] {
				inner, ok := jsonstream.Pages{Lists: []string{k}}.Sniff(head)
				if !ok {
					return 0, ""
				}
				return scoreDirectory(k, inner, "s in a JSON list")
			}
		}
	}
	if ok && top == "" && (keys["tickets"] || keys["ticket"]) && !keys["id"] {
		// A list of pages: the keys of the first page's first ticket.
		keys, ok = jsonstream.Pages{Lists: []string{"tickets"}}.Sniff(head)
		top, where = "tickets", `JSON list of "tickets" pages of`
	}
	if !ok || !keys["id"] {
		return 0, ""
	}
	fresh := keys["responder_id"] || keys["fr_due_by"]
	service := false
	for _, k := range serviceKeys {
		service = service || keys[k]
	}
	switch {
	case fresh && service && top != "":
		return 95, where + " tickets with Freshservice's responder_id/fr_due_by and department or workspace fields"
	case fresh && service:
		return 80, where + " tickets with Freshservice's responder_id/fr_due_by and department or workspace fields"
	case fresh && top != "":
		return 75, where + " tickets with Freshworks' responder_id/fr_due_by"
	}
	return 0, ""
}

// detectDirectory scores a directory page: agents and requesters with
// their first_name (or a requester's primary_email), groups with members
// only Freshservice's groups have (Zendesk's have a url instead), and
// departments, which only Freshservice has; a page of one of these that
// is empty and holds nothing else scores low, as an empty tickets page.
func detectDirectory(head []byte) (int, string) {
	key, keys, ok := directory.Sniff(head)
	if !ok || key == "" {
		return 0, ""
	}
	if keys == nil {
		plural := strings.TrimSuffix(key, "s") + "s"
		if isEmptyPage(head, key) {
			return 40, fmt.Sprintf("JSON object with an empty %q list and nothing else: a Freshservice API page of %s: directory, with no entries", key, plural)
		}
		return 0, ""
	}
	return scoreDirectory(key, keys, "")
}

// scoreDirectory scores the first entry of a directory list, its keys;
// where says how the pages come when not one by one.
func scoreDirectory(key string, keys map[string]bool, where string) (int, string) {
	plural := strings.TrimSuffix(key, "s") + "s"
	what := fmt.Sprintf("Freshservice API page%s of %s: directory entries (%s), the names for the ids in tickets", where, plural, dirKinds[key])
	if !keys["id"] {
		return 0, ""
	}
	switch plural {
	case "agents":
		if keys["first_name"] || keys["last_name"] {
			return 90, what
		}
	case "requesters":
		if keys["first_name"] || keys["last_name"] || keys["primary_email"] {
			return 90, what
		}
	case "groups":
		for _, k := range groupKeys {
			if keys[k] {
				return 90, what
			}
		}
		if keys["name"] && !keys["url"] {
			return 45, what
		}
	case "departments":
		if keys["name"] {
			return 85, what
		}
	}
	return 0, ""
}

// Limits for JSON exports: one ticket's text, and how deep values may nest
// inside a ticket (a ticket needs three: the ticket, its stats or
// custom_fields object, and a list inside that).
const (
	maxRecordBytes = 16 << 20
	maxDepth       = 32
)

// Read implements ingest.Connector. A file may hold several pages joined:
// written one after another ({"tickets": [...]}{"tickets": [...]}) or
// gathered in a list ([{"tickets": [...]}, {"tickets": [...]}]); each page
// that holds no tickets counts as one skipped row.
func (JSONConnector) Read(ctx context.Context, in *ingest.Input, sink ingest.Sink) error {
	s := jsonstream.NewScanner(jsonFormat, in, jsonstream.Options{MaxRecordBytes: maxRecordBytes, MaxDepth: maxDepth})
	layouts := []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02 15:04:05"}
	if in.Source.DateFormat != "" {
		layouts = append([]string{in.Source.DateFormat}, layouts...)
	}
	m := &jsonMapper{layouts: layouts, loc: in.Location, sink: sink}
	m.dir, _ = sink.(ingest.DirectorySink)
	line := int64(1) // where the page being read starts
	for page := 0; ; page++ {
		jr, err := s.OpenExport(pages)
		var fe *ingest.FileError
		if err != nil && page > 0 && errors.As(err, &fe) && fe.Line == 0 {
			// What follows the last page is not a page: a value that is
			// not an object or a list, or an object without "tickets".
			return &ingest.FileError{Format: jsonFormat, Path: in.Path, Line: line,
				Err: errors.New(`more JSON after the last page that is not a page of records (an object with "tickets" or "agents" or "requesters" or "groups" or "departments", or a list of them)`)}
		}
		if err != nil {
			return err
		}
		m.kind = dirKinds[jr.Key()]
		n, err := m.page(ctx, jr)
		if err != nil {
			return err
		}
		if n == 0 {
			if err := ingest.Skip(sink, line, "a page with no records"); err != nil {
				return err
			}
		}
		next, more := jr.Following()
		if !more {
			return nil
		}
		line = next
	}
}

// page reads the records of one export document and counts them. A page
// met in a list (a list of pages) is opened and its tickets read in turn.
func (m *jsonMapper) page(ctx context.Context, jr *jsonstream.ExportReader) (int, error) {
	for n := 0; ; n++ {
		if n%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return n, err
			}
		}
		rec, err := jr.Next()
		if errors.Is(err, io.EOF) {
			return n, nil
		}
		if err != nil {
			return n, err
		}
		if items, kind, ok := pageItems(rec); ok {
			was := m.kind
			m.kind = kind
			err := m.listed(rec, items)
			m.kind = was
			if err != nil {
				return n, err
			}
			continue
		}
		if err := m.emit(rec); err != nil {
			return n, err
		}
	}
}

// pageItems reads rec as a page inside a list of pages: an object with a
// "tickets" list (or one "ticket"), or a directory's list (or one entry),
// and no id of its own; kind is the directory entries' kind, "" for
// tickets.
func pageItems(rec *jsonstream.Record) (items []any, kind string, ok bool) {
	if rec.Fields == nil {
		return nil, "", false
	}
	if _, ok := rec.Fields["id"]; ok {
		return nil, "", false
	}
	if list, ok := rec.Fields["tickets"].([]any); ok {
		return list, "", true
	}
	if one, ok := rec.Fields["ticket"].(map[string]any); ok {
		return []any{one}, "", true
	}
	if len(rec.Fields) != 1 {
		// A directory page holds its list and nothing else; a ticket
		// without an id but with its requester is a ticket.
		return nil, "", false
	}
	for _, key := range directory.Lists {
		if list, ok := rec.Fields[key].([]any); ok {
			return list, dirKinds[key], true
		}
	}
	for _, key := range directory.Singles {
		if one, ok := rec.Fields[key].(map[string]any); ok {
			return []any{one}, dirKinds[key], true
		}
	}
	return nil, "", false
}

// listed reads the tickets of a page met inside a list of pages; they are
// placed on the line where the page starts. A page whose text has a
// problem (a member twice, values nested too deep) is rejected whole,
// since the problem cannot be placed on one of its tickets.
func (m *jsonMapper) listed(page *jsonstream.Record, items []any) error {
	if page.Problem != "" {
		return m.sink.Reject(ingest.Reject{Line: page.Line, Column: page.Key, Reason: page.Problem, Raw: page.FieldsText()})
	}
	if len(items) == 0 {
		return ingest.Skip(m.sink, page.Line, "a page with no records")
	}
	for _, it := range items {
		rec := &jsonstream.Record{Line: page.Line}
		if fields, ok := it.(map[string]any); ok {
			rec.Fields = fields
		} else {
			noun := "a ticket"
			if m.kind != "" {
				noun = "a " + m.kind
			}
			rec.Problem = "expected " + noun + " (a JSON object), found " + jsonstream.Describe(it)
			rec.Fields = map[string]any{"value": it}
		}
		if err := m.emit(rec); err != nil {
			return err
		}
	}
	return nil
}

// emit passes one ticket record on as a ticket or a reject, or one
// directory record as a directory entry.
func (m *jsonMapper) emit(rec *jsonstream.Record) error {
	if m.kind != "" {
		return m.entry(rec)
	}
	t, rej := m.ticket(rec)
	if rej == nil {
		t.Line, t.Raw = rec.Line, rec.Fields
		col, reason := t.Check()
		if reason == "" {
			return m.sink.Ticket(t)
		}
		rej = &ingest.Reject{Column: map[string]string{"key": "id", "created_at": "created_at", "resolved_at": "stats.resolved_at", "closed_at": "stats.closed_at", "status": "status"}[col], Reason: reason}
	}
	rej.Line, rej.Raw = rec.Line, rec.FieldsText()
	return m.sink.Reject(*rej)
}

// entry passes one directory record on as an entry, or a reject: a person
// is named by first_name and last_name, or, without them, by email (an
// agent's email, a requester's primary_email); a group or a department by
// its name. An entry without an id or a name is rejected. A sink that
// keeps no directory counts the entry as skipped.
func (m *jsonMapper) entry(rec *jsonstream.Record) error {
	reject := func(col, reason string) error {
		return m.sink.Reject(ingest.Reject{Line: rec.Line, Column: col, Reason: reason, Raw: rec.FieldsText()})
	}
	if rec.Problem != "" {
		return reject(rec.Key, rec.Problem)
	}
	f := rec.Fields
	var errs []error
	get := func(key string) string {
		v, err := text(f, key)
		if err != nil {
			errs = append(errs, err)
		}
		return v
	}
	e := &ingest.DirectoryEntry{Kind: m.kind, ID: get("id"), Line: rec.Line, Raw: rec.FieldsText()}
	nameCol := "name"
	if m.kind == ingest.DirectoryPerson {
		nameCol = "first_name"
		e.Name = strings.TrimSpace(get("first_name") + " " + get("last_name"))
		e.Email = cmp.Or(get("email"), get("primary_email"))
		e.Name = cmp.Or(e.Name, e.Email)
	} else {
		e.Name = get("name")
	}
	if len(errs) > 0 {
		var fe *fieldError
		errors.As(errs[0], &fe)
		return reject(fe.key, fe.reason)
	}
	switch {
	case e.ID == "":
		return reject("id", m.kind+" has no id")
	case e.Name == "" && m.kind == ingest.DirectoryPerson:
		return reject(nameCol, "person has no first_name, last_name or email")
	case e.Name == "":
		return reject(nameCol, m.kind+" has no name")
	}
	if m.dir == nil {
		return ingest.Skip(m.sink, rec.Line, "a directory entry: kept only by lanes ingest")
	}
	return m.dir.Directory(e)
}

// isErrorResponse reports whether head is Freshservice's error response:
// {"code": "access_denied", "message": ...}, or {"description":
// "Validation failed", "errors": [{"field", "message", "code"}]}, and
// nothing else.
func isErrorResponse(head []byte) bool {
	var doc map[string]json.RawMessage
	if json.NewDecoder(bytes.NewReader(head)).Decode(&doc) != nil {
		return false
	}
	for k := range doc {
		if k != "code" && k != "message" && k != "description" && k != "errors" {
			return false
		}
	}
	var code, msg, descr string
	var errs []struct{ Field, Message, Code string }
	if json.Unmarshal(doc["code"], &code) == nil && json.Unmarshal(doc["message"], &msg) == nil && code != "" && msg != "" {
		return true
	}
	return json.Unmarshal(doc["description"], &descr) == nil && json.Unmarshal(doc["errors"], &errs) == nil &&
		descr != "" && len(errs) > 0 && errs[0].Message != ""
}

// isEmptyPage reports whether head is {key: []}: a page holding an empty
// list and nothing else (a Zendesk page has its next_page and count
// beside the list).
func isEmptyPage(head []byte, key string) bool {
	var page map[string]json.RawMessage
	if json.NewDecoder(bytes.NewReader(head)).Decode(&page) != nil || len(page) != 1 {
		return false
	}
	var items []json.RawMessage
	return json.Unmarshal(page[key], &items) == nil && items != nil && len(items) == 0
}

// apiError stops on an error response saved in place of an export.
func apiError(key string, raw []byte) error {
	if raw == nil || (key != "message" && key != "errors") {
		return nil
	}
	var msg string
	if key == "message" {
		if json.Unmarshal(raw, &msg) != nil {
			return nil
		}
	} else {
		var errs []struct {
			Field, Message string
		}
		if json.Unmarshal(raw, &errs) != nil || len(errs) == 0 {
			return nil
		}
		msg = strings.TrimSpace(errs[0].Field + " " + errs[0].Message)
	}
	return fmt.Errorf("the file is a Freshservice error response, not an export: %q", msg)
}

// Freshservice's codes for status, priority and source.
var (
	statusNames   = map[string]string{"2": "Open", "3": "Pending", "4": "Resolved", "5": "Closed"}
	priorityNames = map[string]string{"1": "Low", "2": "Medium", "3": "High", "4": "Urgent"}
	priorities    = map[string]string{"1": "p4", "2": "p3", "3": "p2", "4": "p1"}
	sourceNames   = map[string]string{"1": "email", "2": "portal", "3": "phone", "4": "chat", "5": "feedback widget",
		"6": "yammer", "7": "aws cloudwatch", "8": "pagerduty", "9": "walkup", "10": "slack"}
)

type jsonMapper struct {
	layouts []string
	loc     *time.Location
	sink    ingest.Sink
	dir     ingest.DirectorySink // nil when the sink keeps no directory
	kind    string               // the directory kind of the page being read; "" for tickets
}

// fieldError is a member that cannot be read; it becomes a reject.
type fieldError struct{ key, reason string }

func (e *fieldError) Error() string { return e.reason }

// text reads a member as text: strings trimmed, numbers exactly as
// written, booleans as true or false.
func text(m map[string]any, key string) (string, error) {
	switch v := m[key].(type) {
	case nil:
		return "", nil
	case string:
		if strings.IndexByte(v, 0) >= 0 {
			return "", &fieldError{key, "value has a NUL character"}
		}
		return strings.TrimSpace(v), nil
	case json.Number:
		return v.String(), nil
	case bool:
		return strconv.FormatBool(v), nil
	case []any:
		return "", &fieldError{key, "expected text or a number, found a list"}
	default:
		return "", &fieldError{key, "expected text or a number, found an object"}
	}
}

// code reads a numeric code member: the number as text, and whether it was
// a number (rather than a name).
func code(m map[string]any, key string) (string, bool, error) {
	_, isNum := m[key].(json.Number)
	v, err := text(m, key)
	return v, isNum, err
}

func (jm *jsonMapper) when(m map[string]any, key, name string) (*time.Time, error) {
	v, err := text(m, key)
	if err != nil || v == "" {
		if fe, ok := err.(*fieldError); ok {
			fe.key = name
		}
		return nil, err
	}
	t, err := ingest.ParseTime(v, jm.layouts, jm.loc)
	if err != nil {
		return nil, &fieldError{name, err.Error()}
	}
	return &t, nil
}

func (jm *jsonMapper) ticket(rec *jsonstream.Record) (*ingest.Ticket, *ingest.Reject) {
	if rec.Problem != "" {
		return nil, &ingest.Reject{Column: rec.Key, Reason: rec.Problem}
	}
	t, err := jm.mapTicket(rec.Fields)
	if err != nil {
		var fe *fieldError
		if errors.As(err, &fe) {
			return nil, &ingest.Reject{Column: fe.key, Reason: fe.reason}
		}
		return nil, &ingest.Reject{Reason: err.Error()}
	}
	return t, nil
}

func (jm *jsonMapper) mapTicket(m map[string]any) (*ingest.Ticket, error) {
	var errs []error
	get := func(key string) string {
		v, err := text(m, key)
		if err != nil {
			errs = append(errs, err)
		}
		return v
	}
	t := &ingest.Ticket{
		Key:             get("id"),
		Title:           get("subject"),
		Description:     cmp.Or(get("description_text"), get("description")),
		Kind:            kindOf(get("type"), ""),
		Assignee:        get("responder_id"),
		AssignmentGroup: get("group_id"),
		RequesterTeam:   get("department_id"),
		Category:        get("category"),
		Components:      nonEmpty(get("sub_category"), get("item_category")),
		Requester:       get("requester_id"),
	}
	if len(errs) > 0 {
		return nil, errs[0]
	}
	if t.Key == "" {
		return nil, &fieldError{"id", "ticket has no id"}
	}
	t.Key = ticketKey(t.Key)
	status, isNum, err := code(m, "status")
	if err != nil {
		return nil, err
	}
	t.StatusRaw = status
	if name, ok := statusNames[status]; ok && isNum {
		t.StatusRaw = name
	}
	t.Status = ingest.NormalizeStatus(t.StatusRaw)
	prio, isNum, err := code(m, "priority")
	if err != nil {
		return nil, err
	}
	t.PriorityRaw, t.Priority = prio, ingest.NormalizePriority(prio)
	if name, ok := priorityNames[prio]; ok && isNum {
		t.PriorityRaw, t.Priority = name, priorities[prio]
	} else if isNum {
		t.Priority = ""
	}
	source, isNum, err := code(m, "source")
	if err != nil {
		return nil, err
	}
	t.Channel = strings.ToLower(source)
	if name, ok := sourceNames[source]; ok && isNum {
		t.Channel = name
	}
	if req, ok := m["requester"].(map[string]any); ok {
		name, err1 := text(req, "name")
		mail, err2 := text(req, "email")
		if err := errors.Join(err1, err2); err != nil {
			return nil, &fieldError{"requester", err.Error()}
		}
		t.Requester = cmp.Or(name, mail, t.Requester)
	}
	switch tags := m["tags"].(type) {
	case nil:
	case string:
		t.Labels = ingest.SplitList(tags)
	case []any:
		for _, tag := range tags {
			s, ok := tag.(string)
			if !ok {
				return nil, &fieldError{"tags", "expected a list of text"}
			}
			if s = strings.TrimSpace(s); s != "" {
				t.Labels = append(t.Labels, s)
			}
		}
	default:
		return nil, &fieldError{"tags", "expected a list of text"}
	}
	switch d := m["deleted"].(type) {
	case nil:
	case bool:
		t.Deleted = d
	default:
		return nil, &fieldError{"deleted", "expected true or false"}
	}

	created, err := jm.when(m, "created_at", "created_at")
	if err != nil {
		return nil, err
	}
	if created == nil {
		return nil, &fieldError{"created_at", "ticket has no created_at time"}
	}
	t.CreatedAt = *created
	if updated, err := jm.when(m, "updated_at", "updated_at"); err != nil {
		return nil, err
	} else if updated != nil {
		t.UpdatedAt = *updated
	}
	stats := map[string]any{}
	switch s := m["stats"].(type) {
	case nil:
	case map[string]any:
		stats = s
	default:
		return nil, &fieldError{"stats", "expected an object"}
	}
	for _, f := range []struct {
		key string
		dst **time.Time
	}{{"resolved_at", &t.ResolvedAt}, {"closed_at", &t.ClosedAt}, {"first_responded_at", &t.FirstResponseAt}} {
		at, err := jm.when(stats, f.key, "stats."+f.key)
		if err != nil {
			return nil, err
		}
		if at == nil {
			if at, err = jm.when(m, f.key, f.key); err != nil {
				return nil, err
			}
		}
		*f.dst = at
	}
	due, err := jm.when(m, "due_by", "due_by")
	if err != nil {
		return nil, err
	}
	frDue, err := jm.when(m, "fr_due_by", "fr_due_by")
	if err != nil {
		return nil, err
	}
	var resolution, response *bool
	if due != nil && t.ResolvedAt != nil {
		resolution = new(t.ResolvedAt.After(*due))
	}
	if frDue != nil && t.FirstResponseAt != nil {
		response = new(t.FirstResponseAt.After(*frDue))
	}
	if esc, ok := m["fr_escalated"].(bool); ok && esc {
		response = new(true)
	}
	t.SLABreached = slaBreached(resolution, response)
	return t, nil
}
