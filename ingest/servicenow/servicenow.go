// Package servicenow reads ServiceNow list exports (incident, sc_req_item
// and other task tables) saved as CSV with display values.
//
// Headers come as field names ("short_description"), as field names with
// the table in front ("incident.number") or as labels ("Short
// description", "Opened"); all three are accepted. A cell holding only "?"
// is ServiceNow's marker for a value it could not show and reads as empty.
package servicenow

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/lanes-dev/lanes/ingest"
	"github.com/lanes-dev/lanes/ingest/csvfile"
	"github.com/lanes-dev/lanes/models/config"
)

// Name is the connector's format name, as given to --source.
const Name = "servicenow_csv"

const format = "servicenow csv"

func init() { ingest.Register(Connector{}) }

// Connector reads ServiceNow CSV exports.
type Connector struct{}

// Name implements ingest.Connector.
func (Connector) Name() string { return Name }

// System implements ingest.Connector.
func (Connector) System() string { return "servicenow" }

// Detect implements ingest.Connector: the header has a number, a short
// description and a state or opened time, under field names or labels.
func (Connector) Detect(path string, head []byte) (int, string) {
	h := csvfile.PeekHeader(head)
	if h == nil {
		return 0, ""
	}
	have := map[string]bool{}
	for _, n := range h {
		have[field(n)] = true
	}
	if !have["number"] || !have["short_description"] {
		return 0, ""
	}
	if have["state"] || have["opened_at"] {
		return 95, "CSV header has ServiceNow's number, short_description and state/opened_at"
	}
	return 60, "CSV header has ServiceNow's number and short_description"
}

// Read implements ingest.Connector.
func (Connector) Read(ctx context.Context, in *ingest.Input, sink ingest.Sink) error {
	return csvfile.Stream(ctx, format, in, sink, newMapper)
}

// tables are the table prefixes a dot-walked export puts before field
// names ("incident.number").
var tables = []string{"incident", "sc_req_item", "sc_request", "sc_task", "task", "problem", "change_request", "u_request"}

// labels maps a header label, lower-cased with blanks as underscores, to
// the field it shows, where the two differ.
var labels = map[string]string{
	"opened":             "opened_at",
	"resolved":           "resolved_at",
	"closed":             "closed_at",
	"updated":            "sys_updated_on",
	"created":            "sys_created_on",
	"caller":             "caller_id",
	"configuration_item": "cmdb_ci",
	"channel":            "contact_type",
	"resolution_code":    "close_code",
	"close_code":         "close_code",
	"updated_by":         "sys_updated_by",
	"made_sla":           "made_sla",
	"reassignment_count": "reassignment_count",
	"reopen_count":       "reopen_count",
	"item":               "cat_item",
	"ticket_type":        "sys_class_name",
	"task_type":          "sys_class_name",
}

// field turns a header (field name, table.field or label) into the field
// name.
func field(header string) string {
	s := strings.ToLower(strings.TrimSpace(header))
	for _, t := range tables {
		if strings.HasPrefix(s, t+".") {
			s = s[len(t)+1:]
			break
		}
	}
	s = strings.Join(strings.Fields(s), "_")
	if f, ok := labels[s]; ok {
		return f
	}
	return s
}

type mapper struct {
	h   *csvfile.Header
	col map[string]int // field name -> column
}

func newMapper(h *csvfile.Header, _ config.Source) (csvfile.Mapper, error) {
	m := &mapper{h: h, col: map[string]int{}}
	for i, n := range h.Names() {
		f := field(n)
		if _, dup := m.col[f]; !dup {
			m.col[f] = i
		}
	}
	var missing []string
	for _, f := range []string{"number", "opened_at"} {
		if _, ok := m.col[f]; !ok {
			missing = append(missing, f)
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("the header has no %s column (as a field name or its label); add it to the exported list view or pass --source to choose another format", strings.Join(missing, " or "))
	}
	return m, nil
}

func (m *mapper) index(f string) int {
	if i, ok := m.col[f]; ok {
		return i
	}
	return -1
}

// get reads a field's trimmed value; "?" (no display value) is empty.
func (m *mapper) get(rec csvfile.Record, f string) string {
	v := strings.TrimSpace(rec.Get(m.index(f)))
	if v == "?" {
		return ""
	}
	return v
}

// Column implements csvfile.Mapper.
func (m *mapper) Column(canonical string) string {
	f := map[string]string{"key": "number", "created_at": "opened_at", "resolved_at": "resolved_at", "status": "state"}[canonical]
	if i := m.index(f); i >= 0 {
		return m.h.Name(i)
	}
	return ""
}

var timeFields = []string{"opened_at", "resolved_at", "closed_at", "sys_updated_on"}

// Times implements csvfile.Mapper.
func (m *mapper) Times(rec csvfile.Record, observe func(string)) {
	for _, f := range timeFields {
		observe(m.get(rec, f))
	}
}

// kinds maps a number's prefix to the kind of ticket.
var kinds = map[string]string{
	"INC": "incident", "RITM": "request", "REQ": "request", "SCTASK": "task", "TASK": "task",
	"PRB": "problem", "CHG": "change",
}

// Map implements csvfile.Mapper.
func (m *mapper) Map(rec csvfile.Record, times *ingest.TimeParser) (*ingest.Ticket, []*ingest.Comment, *ingest.Reject) {
	get := func(f string) string { return m.get(rec, f) }
	reject := func(f, reason string) (*ingest.Ticket, []*ingest.Comment, *ingest.Reject) {
		col := f
		if i := m.index(f); i >= 0 {
			col = m.h.Name(i)
		}
		return nil, nil, &ingest.Reject{Column: col, Reason: reason}
	}
	raw := m.h.Raw(rec)
	for k, v := range raw {
		if v == "?" {
			delete(raw, k)
		}
	}
	t := &ingest.Ticket{
		Key:             get("number"),
		Title:           get("short_description"),
		Description:     strings.TrimSpace(rec.Get(m.index("description"))),
		StatusRaw:       get("state"),
		PriorityRaw:     get("priority"),
		Requester:       firstOf(get("caller_id"), get("requested_for"), get("opened_by")),
		Assignee:        get("assigned_to"),
		AssignmentGroup: get("assignment_group"),
		Category:        get("category"),
		Channel:         strings.ToLower(get("contact_type")),
		Raw:             raw,
	}
	if t.Description == "?" {
		t.Description = ""
	}
	if t.Key == "" {
		return reject("number", "ticket has no number")
	}
	t.Kind = kindOf(t.Key, get("sys_class_name"))
	t.Status = ingest.NormalizeStatus(t.StatusRaw)
	t.Priority = ingest.NormalizePriority(t.PriorityRaw)
	if ci := get("cmdb_ci"); ci != "" {
		t.Components = []string{ci}
	}
	if get("opened_at") == "" {
		return reject("opened_at", "ticket has no opened time")
	}
	var err error
	if t.CreatedAt, err = times.Parse(get("opened_at")); err != nil {
		return reject("opened_at", err.Error())
	}
	if t.ResolvedAt, err = optTime(times, get("resolved_at")); err != nil {
		return reject("resolved_at", err.Error())
	}
	if t.ClosedAt, err = optTime(times, get("closed_at")); err != nil {
		return reject("closed_at", err.Error())
	}
	updated, err := optTime(times, get("sys_updated_on"))
	if err != nil {
		return reject("sys_updated_on", err.Error())
	}
	if updated != nil {
		t.UpdatedAt = *updated
	}
	if t.ReassignmentCount, err = optInt(get("reassignment_count")); err != nil {
		return reject("reassignment_count", err.Error())
	}
	if t.ReopenCount, err = optInt(get("reopen_count")); err != nil {
		return reject("reopen_count", err.Error())
	}
	if v := get("made_sla"); v != "" {
		made, ok := parseBool(v)
		if !ok {
			return reject("made_sla", fmt.Sprintf("cannot read %q as true or false", v))
		}
		breached := !made
		t.SLABreached = &breached
	}
	return t, nil, nil
}

func optTime(times *ingest.TimeParser, v string) (*time.Time, error) {
	if v == "" {
		return nil, nil
	}
	t, err := times.Parse(v)
	if err != nil {
		return nil, err
	}
	return &t, nil
}

func optInt(v string) (*int, error) {
	if v == "" {
		return nil, nil
	}
	n, err := strconv.Atoi(strings.ReplaceAll(v, ",", ""))
	if err != nil || n < 0 {
		return nil, fmt.Errorf("cannot read %q as a count", v)
	}
	return &n, nil
}

func parseBool(v string) (value, ok bool) {
	switch strings.ToLower(v) {
	case "true", "yes", "1":
		return true, true
	case "false", "no", "0":
		return false, true
	}
	return false, false
}

func firstOf(vs ...string) string {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}

// kindOf names the kind of ticket from its number's prefix (INC0010001 is
// an incident), else from the task type column.
func kindOf(number, class string) string {
	i := strings.IndexFunc(number, func(r rune) bool { return r >= '0' && r <= '9' })
	if i > 0 {
		if k, ok := kinds[strings.ToUpper(number[:i])]; ok {
			return k
		}
	}
	return strings.ToLower(class)
}
