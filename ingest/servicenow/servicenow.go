// Package servicenow reads ServiceNow exports of incident, sc_req_item and
// other task tables: list exports saved as CSV (servicenow_csv), the JSON
// export and Table API responses (servicenow_json), and audit or history
// exports with one row per update of a ticket (servicenow_audit).
//
// Headers and keys come as field names ("short_description"), as field
// names with the table in front ("incident.number") or, in CSV, as labels
// ("Short description", "Opened"); all three are accepted. A value that is
// only "?" or "(empty)" is ServiceNow's marker for a value it could not
// show and reads as empty.
//
// Files are read in whatever encoding they come in: UTF-8 (with or
// without a byte order mark), UTF-16, or Windows-1252, ServiceNow's
// default for CSV (see csvfile.Decode). A byte order mark decides, else
// the source's encoding in lanes.yaml for CSV files, else the file is
// UTF-8 if it is valid UTF-8, else Windows-1252, and --dry-run says so.
//
// Dates are read in the exporting user's format: the source's date_format
// when it is set, else the format the file's values show (2006-01-02
// 15:04:05 by default, and the day-first and month-first forms with -, /
// or .). Values that could be day-first or month-first with nothing in the
// file to settle it stop the file with a request to set date_format.
package servicenow

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/lanes-dev/lanes/ingest"
	"github.com/lanes-dev/lanes/ingest/csvfile"
	"github.com/lanes-dev/lanes/models/config"
)

// Name is the CSV connector's format name, as given to --source.
const Name = "servicenow_csv"

const format = "servicenow csv"

func init() {
	ingest.Register(Connector{})
	ingest.Register(JSONConnector{})
	ingest.Register(AuditConnector{})
}

// Connector reads ServiceNow CSV list exports.
type Connector struct{}

// Name implements ingest.Connector.
func (Connector) Name() string { return Name }

// System implements ingest.Connector.
func (Connector) System() string { return "servicenow" }

// RepeatHint implements ingest.RepeatHinter: a list export has each
// incident once; an update history detected as a list (its first repeated
// number past what detection reads) has many.
func (Connector) RepeatHint() string { return repeatHint }

// repeatHint is what the list connectors say of a number given twice.
const repeatHint = "a ServiceNow list export has each record once; if this file is an update history (a row per change), ingest it with --source servicenow_audit to keep its changes as events"

// Detect implements ingest.Connector: the header has a number, a short
// description and a creation time (a state too, or opened_at, for the
// higher score), under field names or labels.
func (Connector) Detect(path string, head []byte) (int, string) {
	h := peekHeader(head)
	if h == nil {
		return 0, ""
	}
	m := indexHeader(csvfile.NewHeader(h))
	// A header without a field Read needs (a number and a creation time)
	// is left to other connectors (the generic csv one), which may read
	// it, where this one would only refuse it.
	if len(m.missing()) > 0 || m.index("short_description") < 0 {
		return 0, ""
	}
	if m.index("state") >= 0 || m.index("opened_at") >= 0 {
		return 95, withEncoding("CSV header has ServiceNow's number, short_description and state/opened_at", head)
	}
	return 60, withEncoding("CSV header has ServiceNow's number, short_description and sys_created_on", head)
}

// peekHeader reads the CSV header from the first bytes of a file in any of
// the encodings the connectors read.
func peekHeader(head []byte) []string {
	return csvfile.PeekHeader(head)
}

// withEncoding adds to a Detect reason how the file's text will be read.
func withEncoding(reason string, head []byte) string { return csvfile.WithEncoding(reason, head) }

// decode reads a file's text in the source's encoding (CSV only; JSON is
// always detected), refusing files that are not text at all.
func decode(format string, in *ingest.Input, csv bool) (*csvfile.Text, error) {
	opts := csvfile.DecodeOptions{RefuseBinary: true}
	if csv {
		opts.Encoding = in.Source.Encoding
	}
	text, err := csvfile.Decode(in.Reader, opts)
	if err != nil {
		return nil, &ingest.FileError{Format: format, Path: in.Path, Err: err}
	}
	return text, nil
}

// Read implements ingest.Connector.
func (Connector) Read(ctx context.Context, in *ingest.Input, sink ingest.Sink) error {
	text, err := decode(format, in, true)
	if err != nil {
		return err
	}
	return csvfile.StreamOptions(ctx, format, in, sink, newMapper, csvfile.Options{Text: text})
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
	"updates":            "sys_mod_count",
	// sys_audit's labels
	"document_key": "documentkey",
	"table_name":   "tablename",
	"field_name":   "fieldname",
	"old_value":    "oldvalue",
	"new_value":    "newvalue",
}

// field turns a header or key (field name, table.field or label) into the
// field name.
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

// clean trims a value and empties ServiceNow's missing-value markers.
func clean(v string) string {
	v = strings.TrimSpace(v)
	if isMarker(v) {
		return ""
	}
	return v
}

// isMarker reports whether v is a missing-value marker: "?" where
// ServiceNow has no display value, "(empty)" in history and audit lists.
func isMarker(v string) bool {
	v = strings.TrimSpace(v)
	return v == "?" || strings.EqualFold(v, "(empty)")
}

// fieldReader reads one record's fields by ServiceNow field name, whatever
// file the record came from.
type fieldReader interface {
	// value is the field's display text, cleaned; "" when the record has
	// no such field. The error says why a value is not text (a JSON list).
	value(f string) (string, error)
	// utc is the field's internal value when the export gives one next to
	// the display value (Table API display_value=all); for a date that is
	// UTC in the form 2006-01-02 15:04:05.
	utc(f string) string
	// column names the field's column or key, for messages.
	column(f string) string
	// unknown reports whether the field holds "?", ServiceNow's marker
	// for a value it could not show: the value is unknown, not empty.
	unknown(f string) bool
}

// textFields are the fields a ticket reads as text; timeFields the ones it
// reads as times.
var (
	textFields = []string{"number", "short_description", "description", "state", "priority", "caller_id", "requested_for",
		"opened_by", "assigned_to", "assignment_group", "category", "contact_type", "sys_class_name", "cmdb_ci",
		"reassignment_count", "reopen_count", "made_sla"}
	timeFields = []string{"opened_at", "sys_created_on", "resolved_at", "closed_at", "sys_updated_on"}
)

// internalLayout is how ServiceNow stores date-times (in UTC).
const internalLayout = "2006-01-02 15:04:05"

// observeTimes passes a record's date values to observe, with their
// field, for layout detection; values that come with their internal UTC
// form are not needed.
func observeTimes(fr fieldReader, observe func(value, field string)) {
	for _, f := range timeFields {
		if fr.utc(f) != "" {
			continue
		}
		if v, err := fr.value(f); err == nil {
			observe(v, f)
		}
	}
}

// sampleTimes passes the dates of the record fr reads, at line, to times
// for layout detection, each in its field's column or key: a sample that
// contradicts itself is named with its place.
func sampleTimes(times *ingest.TimeParser, line int64, fr fieldReader) {
	times.Place(line, nil)
	observeTimes(fr, func(v, f string) { times.ObserveAt(v, fr.column(f)) })
}

// settleRecord lets the dates of the record fr reads settle day-first or
// month-first for each other (TimeParser.SettleRecord), before any of
// them is read.
func settleRecord(fr fieldReader, times *ingest.TimeParser) {
	times.SettleRecord(func(see func(string)) { observeTimes(fr, func(v, _ string) { see(v) }) })
}

// when reads field f as a time: its internal UTC value when the export has
// one, else its display value in the file's layout and the source's zone.
func when(fr fieldReader, times *ingest.TimeParser, f string) (*time.Time, error) {
	if u := fr.utc(f); u != "" {
		if t, err := time.ParseInLocation(internalLayout, u, time.UTC); err == nil {
			return &t, nil
		}
	}
	v, err := fr.value(f)
	if err != nil || v == "" {
		return nil, err
	}
	t, err := times.Parse(v)
	if err != nil {
		return nil, err
	}
	return &t, nil
}

// buildTicket maps one record to a ticket. created, when not nil, is the
// creation time to use when the record has no opened or created time.
// Raw and Line are left to the caller.
func buildTicket(fr fieldReader, times *ingest.TimeParser, created *time.Time) (*ingest.Ticket, *ingest.Reject) {
	reject := func(f, reason string) (*ingest.Ticket, *ingest.Reject) {
		return nil, &ingest.Reject{Column: fr.column(f), Reason: reason}
	}
	for _, fs := range [][]string{textFields, timeFields} {
		for _, f := range fs {
			if _, err := fr.value(f); err != nil {
				return reject(f, err.Error())
			}
		}
	}
	get := func(f string) string {
		v, _ := fr.value(f)
		return v
	}
	t := &ingest.Ticket{
		Key:             get("number"),
		Title:           get("short_description"),
		Description:     get("description"),
		StatusRaw:       stateOf(fr),
		PriorityRaw:     get("priority"),
		Requester:       cmp.Or(get("caller_id"), get("requested_for"), get("opened_by")),
		Assignee:        get("assigned_to"),
		AssignmentGroup: get("assignment_group"),
		Category:        get("category"),
		Channel:         strings.ToLower(get("contact_type")),
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
	opened, err := when(fr, times, "opened_at")
	if err != nil {
		return reject("opened_at", err.Error())
	}
	if opened == nil {
		if opened, err = when(fr, times, "sys_created_on"); err != nil {
			return reject("sys_created_on", err.Error())
		}
	}
	if opened == nil {
		opened = created
	}
	if opened == nil {
		return reject("opened_at", "ticket has no opened time")
	}
	t.CreatedAt = *opened
	if t.ResolvedAt, err = when(fr, times, "resolved_at"); err != nil {
		return reject("resolved_at", err.Error())
	}
	if t.ClosedAt, err = when(fr, times, "closed_at"); err != nil {
		return reject("closed_at", err.Error())
	}
	updated, err := when(fr, times, "sys_updated_on")
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
	return t, nil
}

// stateOf reads a record's state: its label, or for a bare number (an
// export of internal values) the label ServiceNow's default choices give
// it: incident states for incidents (and records of no known table), task
// states for requests and tasks. Other tables' numbers are kept as they
// are, their choices differ.
func stateOf(fr fieldReader) string {
	v := valueOf(fr, "state")
	if !isCode(v) {
		return v
	}
	switch kindOf(valueOf(fr, "number"), valueOf(fr, "sys_class_name")) {
	case "incident", "":
		return cmp.Or(incidentStates[v], v)
	case "request", "task", "sc_req_item", "sc_task":
		return cmp.Or(taskStates[v], v)
	}
	return v
}

// isCode reports whether v is a bare whole number, maybe negative.
func isCode(v string) bool {
	v = strings.TrimPrefix(v, "-")
	if v == "" || len(v) > 4 {
		return false
	}
	for i := 0; i < len(v); i++ {
		if v[i] < '0' || v[i] > '9' {
			return false
		}
	}
	return true
}

// canonicalField names the ServiceNow field behind a canonical column, for
// rejects found by ingest.Ticket.Check.
func canonicalField(canonical string) string {
	return map[string]string{"key": "number", "created_at": "opened_at", "resolved_at": "resolved_at", "closed_at": "closed_at", "status": "state"}[canonical]
}

type mapper struct {
	h   *csvfile.Header
	col map[string]int // field name -> column
}

func indexHeader(h *csvfile.Header) *mapper {
	m := &mapper{h: h, col: map[string]int{}}
	for i, n := range h.Names() {
		f := field(n)
		if _, dup := m.col[f]; !dup {
			m.col[f] = i
		}
	}
	return m
}

func newMapper(h *csvfile.Header, src config.Source) (csvfile.Mapper, error) {
	m := indexHeader(h)
	if miss := m.missing(); len(miss) > 0 {
		return nil, fmt.Errorf("the header has no %s column (as a field name or its label); add it to the exported list view or pass --source to choose another format%s", strings.Join(miss, " or "), h.EncodingHint(src.Encoding))
	}
	return m, nil
}

// missing names the fields Read needs that the header lacks: the number,
// and a creation time (opened_at, or sys_created_on in its place). Detect
// claims no header that lacks one, so that the two cannot disagree.
func (m *mapper) missing() []string {
	var out []string
	if m.index("number") < 0 {
		out = append(out, "number")
	}
	if m.index("opened_at") < 0 && m.index("sys_created_on") < 0 {
		out = append(out, "opened_at")
	}
	return out
}

func (m *mapper) index(f string) int {
	if i, ok := m.col[f]; ok {
		return i
	}
	return -1
}

// raw is the record as {column: value} without missing-value markers.
func (m *mapper) raw(rec csvfile.Record) map[string]any {
	raw := m.h.Raw(rec)
	for k, v := range raw {
		if s, ok := v.(string); ok && isMarker(s) {
			delete(raw, k)
		}
	}
	return raw
}

// csvFields reads one CSV record by field name.
type csvFields struct {
	m   *mapper
	rec csvfile.Record
}

func (c csvFields) value(f string) (string, error) { return clean(c.rec.Get(c.m.index(f))), nil }
func (c csvFields) utc(string) string              { return "" }
func (c csvFields) unknown(f string) bool {
	return strings.TrimSpace(c.rec.Get(c.m.index(f))) == "?"
}
func (c csvFields) column(f string) string {
	if i := c.m.index(f); i >= 0 {
		return c.m.h.Name(i)
	}
	return f
}

// Column implements csvfile.Mapper.
func (m *mapper) Column(canonical string) string {
	if i := m.index(canonicalField(canonical)); i >= 0 {
		return m.h.Name(i)
	}
	return ""
}

// Times implements csvfile.Mapper.
func (m *mapper) Times(rec csvfile.Record, observe func(string)) {
	observeTimes(csvFields{m, rec}, func(v, _ string) { observe(v) })
}

// Map implements csvfile.Mapper.
func (m *mapper) Map(rec csvfile.Record, times *ingest.TimeParser) (*ingest.Ticket, []*ingest.Comment, *ingest.Reject) {
	fr := csvFields{m, rec}
	t, rej := buildTicket(fr, times, nil)
	if rej != nil {
		return nil, nil, rej
	}
	if col, reason := t.Check(); reason != "" {
		return nil, nil, &ingest.Reject{Column: fr.column(canonicalField(col)), Reason: reason}
	}
	t.Raw = m.raw(rec)
	return t, nil, nil
}

// kinds maps a number's prefix to the kind of ticket.
var kinds = map[string]string{
	"INC": "incident", "RITM": "request", "REQ": "request", "SCTASK": "task", "TASK": "task",
	"PRB": "problem", "CHG": "change",
}

func optInt(v string) (*int, error) {
	if v == "" {
		return nil, nil
	}
	n, err := strconv.Atoi(strings.ReplaceAll(v, ",", ""))
	if err != nil || n < 0 || n > math.MaxInt32 {
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
