// Package csvmap reads any CSV export of tickets, guided by the source's
// `mapping` in lanes.yaml (canonical field -> column name).
//
// With a mapping, exactly the mapped columns are read. Without one, the
// columns are guessed from common header names (id, subject, created, ...);
// when the ticket key or creation time cannot be found the error says which
// mapping to add. A field whose column name repeats reads every column of
// that name, as jira_csv does.
package csvmap

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"math"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/lanes-dev/lanes/ingest"
	"github.com/lanes-dev/lanes/ingest/csvfile"
	"github.com/lanes-dev/lanes/models/config"
)

// Name is the connector's format name, as given to --source.
const Name = "csv"

const format = "csv"

func init() { ingest.Register(Connector{}) }

// Connector reads a CSV with a column mapping.
type Connector struct{}

// Name implements ingest.Connector.
func (Connector) Name() string { return Name }

// System implements ingest.Connector.
func (Connector) System() string { return "csv" }

// Detect implements ingest.Connector. Any CSV with a header could be read
// with a mapping, so the score stays low (at most 28) and a connector that
// knows the export wins.
func (Connector) Detect(path string, head []byte) (int, string) {
	score, reason := detect(path, head)
	return score, csvfile.WithEncoding(reason, head)
}

func detect(path string, head []byte) (int, string) {
	h := csvfile.PeekHeader(head)
	if h == nil {
		return 0, ""
	}
	guess := guessColumns(csvfile.NewHeader(h))
	_, key := guess[FieldSourceKey]
	_, created := guess[FieldCreatedAt]
	isCSV := strings.EqualFold(filepath.Ext(path), ".csv")
	switch {
	case isCSV && key && created:
		return 28, "CSV with a header that names a ticket key and a creation time"
	case isCSV:
		return 22, "CSV with a header; needs a mapping in lanes.yaml"
	case key && created:
		return 20, "CSV-like text with a header that names a ticket key and a creation time"
	}
	return 10, "text with commas"
}

// Read implements ingest.Connector.
func (Connector) Read(ctx context.Context, in *ingest.Input, sink ingest.Sink) error {
	return csvfile.Stream(ctx, format, in, sink, newMapper)
}

// Canonical fields a mapping may name.
const (
	FieldSourceKey         = "source_key"
	FieldTitle             = "title"
	FieldDescription       = "description"
	FieldKind              = "kind"
	FieldStatus            = "status"
	FieldPriority          = "priority"
	FieldCreatedAt         = "created_at"
	FieldResolvedAt        = "resolved_at"
	FieldClosedAt          = "closed_at"
	FieldFirstResponseAt   = "first_response_at"
	FieldUpdatedAt         = "updated_at"
	FieldRequester         = "requester"
	FieldRequesterTeam     = "requester_team"
	FieldAssignee          = "assignee"
	FieldAssignmentGroup   = "assignment_group"
	FieldCategory          = "category"
	FieldLabels            = "labels"
	FieldComponents        = "components"
	FieldChannel           = "channel"
	FieldReopenCount       = "reopen_count"
	FieldReassignmentCount = "reassignment_count"
	FieldHandleMinutes     = "handle_minutes"
	FieldURL               = "url"
)

// Fields lists every field a mapping may name, in the order they are
// documented.
var Fields = []string{
	FieldSourceKey, FieldTitle, FieldDescription, FieldKind, FieldStatus, FieldPriority,
	FieldCreatedAt, FieldResolvedAt, FieldClosedAt, FieldFirstResponseAt, FieldUpdatedAt,
	FieldRequester, FieldRequesterTeam, FieldAssignee, FieldAssignmentGroup, FieldCategory,
	FieldLabels, FieldComponents, FieldChannel, FieldReopenCount, FieldReassignmentCount,
	FieldHandleMinutes, FieldURL,
}

// guesses lists, per field, header names (normalized: lower case, words
// joined by "_") that usually hold it, best first.
var guesses = map[string][]string{
	FieldSourceKey:         {"key", "id", "number", "ticket_id", "ticket_key", "ticket_number", "issue_key", "issue_id", "case_id", "case_number", "request_id", "ticket"},
	FieldTitle:             {"title", "subject", "summary", "short_description", "name"},
	FieldDescription:       {"description", "body", "details", "text"},
	FieldKind:              {"kind", "type", "ticket_type", "issue_type", "request_type"},
	FieldStatus:            {"status", "state"},
	FieldPriority:          {"priority", "severity", "urgency"},
	FieldCreatedAt:         {"created_at", "created", "opened_at", "opened", "created_date", "date_created", "creation_date", "created_on", "submitted_at", "submitted"},
	FieldResolvedAt:        {"resolved_at", "resolved", "resolution_date", "date_resolved", "resolved_on", "solved_at", "solved"},
	FieldClosedAt:          {"closed_at", "closed", "date_closed", "closed_on"},
	FieldFirstResponseAt:   {"first_response_at", "first_response", "first_reply_at", "first_responded_at"},
	FieldUpdatedAt:         {"updated_at", "updated", "last_updated", "modified_at", "modified", "date_modified", "updated_on"},
	FieldRequester:         {"requester", "reporter", "caller", "requested_by", "requester_email", "customer", "submitter", "created_by"},
	FieldRequesterTeam:     {"requester_team", "department", "requester_department"},
	FieldAssignee:          {"assignee", "assigned_to", "agent", "owner", "responder"},
	FieldAssignmentGroup:   {"assignment_group", "group", "team", "queue", "assigned_group"},
	FieldCategory:          {"category"},
	FieldLabels:            {"labels", "tags"},
	FieldComponents:        {"components", "component", "service", "configuration_item"},
	FieldChannel:           {"channel", "source", "via", "contact_type"},
	FieldReopenCount:       {"reopen_count", "reopens"},
	FieldReassignmentCount: {"reassignment_count", "reassignments"},
	FieldHandleMinutes:     {"handle_minutes", "time_spent_minutes", "minutes_spent", "work_minutes"},
	FieldURL:               {"url", "link"},
}

func normalize(h string) string {
	var b strings.Builder
	under := false
	for _, r := range strings.ToLower(strings.TrimSpace(h)) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			if under && b.Len() > 0 {
				b.WriteByte('_')
			}
			b.WriteRune(r)
			under = false
		} else {
			under = true
		}
	}
	return b.String()
}

// guessColumns finds a column for each field it can from header names.
// A column serves one field at most.
func guessColumns(h *csvfile.Header) map[string]int {
	return guessIndex(h.Names())
}

// GuessFields picks, from names (column names, or the keys of JSON
// records), the one that usually holds each canonical field, by the same
// rules as a CSV without a mapping. A name serves one field at most.
func GuessFields(names []string) map[string]string {
	out := map[string]string{}
	for f, i := range guessIndex(names) {
		out[f] = names[i]
	}
	return out
}

func guessIndex(names []string) map[string]int {
	byName := map[string]int{}
	for i, n := range names {
		k := normalize(n)
		if _, dup := byName[k]; !dup {
			byName[k] = i
		}
	}
	used := map[int]bool{}
	out := map[string]int{}
	for _, f := range Fields {
		for _, g := range guesses[f] {
			if i, ok := byName[g]; ok && !used[i] {
				out[f], used[i] = i, true
				break
			}
		}
	}
	return out
}

type mapper struct {
	h *csvfile.Header
	// col lists, per field, every column of its name, in file order: an
	// export may repeat a name (one "Tag" column per tag), and reading only
	// the first would lose the values of the others.
	col map[string]csvfile.Cols
}

func newMapper(h *csvfile.Header, src config.Source) (csvfile.Mapper, error) {
	m := &mapper{h: h, col: map[string]csvfile.Cols{}}
	name := src.Name
	if name == "" {
		name = "csv"
	}
	if len(src.Mapping) == 0 {
		for f, i := range guessColumns(h) {
			m.col[f] = h.All(h.Name(i))
		}
		var missing, example []string
		for _, f := range []string{FieldSourceKey, FieldCreatedAt} {
			if _, ok := m.col[f]; !ok {
				missing = append(missing, f)
				example = append(example, f+`: "<column>"`)
			}
		}
		if len(missing) > 0 {
			fix := fmt.Sprintf("add a source for this file to lanes.yaml with format: csv and mapping: {%s}", strings.Join(example, ", "))
			if src.Path != "" {
				fix = fmt.Sprintf("add mapping: {%s} to source %q in lanes.yaml", strings.Join(example, ", "), name)
			}
			return nil, fmt.Errorf("cannot tell which column holds %s (columns: %s); %s",
				strings.Join(missing, " or "), quoteAll(h.Names()), fix)
		}
		return m, nil
	}
	// What this file's header lacks, then what is wrong whatever the file
	// (a field lanes does not know, source_key or created_at left out),
	// which is CheckMapping's to say.
	var errs []error
	for _, k := range slices.Sorted(maps.Keys(src.Mapping)) {
		if !slices.Contains(Fields, k) {
			continue
		}
		col := src.Mapping[k]
		idx := h.All(col)
		if len(idx) == 0 {
			errs = append(errs, fmt.Errorf("mapping of source %q: %s names column %q, which is not in the header (columns: %s)", name, k, col, quoteAll(h.Names())))
			continue
		}
		m.col[k] = idx
	}
	errs = append(errs, CheckMapping(src, format, "column"))
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return m, nil
}

func quoteAll(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = strconv.Quote(n)
	}
	return strings.Join(q, ", ")
}

// index is the field's first column, for naming it, or -1 when it has none.
func (m *mapper) index(f string) int { return m.col[f].First() }

// get is a single-valued field's value in rec, trimmed: of repeated
// columns the first that is not blank, as jira_csv reads them.
func (m *mapper) get(rec csvfile.Record, f string) string {
	return strings.TrimSpace(m.col[f].Value(rec))
}

// list is a multi-valued field's values in rec: every column's cell, in
// file order, each split on "," or ";".
func (m *mapper) list(rec csvfile.Record, f string) []string {
	var out []string
	for _, v := range csvfile.List(rec, m.col[f]) {
		out = append(out, ingest.SplitList(v)...)
	}
	return out
}

// keyConflict is the reason to reject rec when its key columns hold two
// different keys ("" when they agree): a ticket has one key, and taking
// either would file the row under a key the export may not mean.
func (m *mapper) keyConflict(rec csvfile.Record) string {
	idx := m.col[FieldSourceKey]
	first := -1
	for _, i := range idx {
		v := strings.TrimSpace(rec.Get(i))
		switch {
		case v == "":
		case first < 0:
			first = i
		case v != strings.TrimSpace(rec.Get(first)):
			return fmt.Sprintf("the key columns disagree: %q (column %d) holds %q and %q (column %d) holds %q; a ticket has one key",
				m.h.Name(first), first+1, strings.TrimSpace(rec.Get(first)), m.h.Name(i), i+1, v)
		}
	}
	return ""
}

// Column implements csvfile.Mapper.
func (m *mapper) Column(field string) string {
	if field == "key" {
		field = FieldSourceKey
	}
	if i := m.index(field); i >= 0 {
		return m.h.Name(i)
	}
	return ""
}

var timeFields = []string{FieldCreatedAt, FieldResolvedAt, FieldClosedAt, FieldFirstResponseAt, FieldUpdatedAt}

// Times implements csvfile.Mapper.
func (m *mapper) Times(rec csvfile.Record, observe func(string)) {
	for _, f := range timeFields {
		observe(m.get(rec, f))
	}
}

// Map implements csvfile.Mapper.
func (m *mapper) Map(rec csvfile.Record, times *ingest.TimeParser) (*ingest.Ticket, []*ingest.Comment, *ingest.Reject) {
	get := func(f string) string { return m.get(rec, f) }
	reject := func(f, reason string) (*ingest.Ticket, []*ingest.Comment, *ingest.Reject) {
		return nil, nil, &ingest.Reject{Column: m.Column(f), Reason: reason}
	}
	t := &ingest.Ticket{
		Key:             get(FieldSourceKey),
		Title:           get(FieldTitle),
		Description:     get(FieldDescription),
		Kind:            get(FieldKind),
		StatusRaw:       get(FieldStatus),
		PriorityRaw:     get(FieldPriority),
		Requester:       get(FieldRequester),
		RequesterTeam:   get(FieldRequesterTeam),
		Assignee:        get(FieldAssignee),
		AssignmentGroup: get(FieldAssignmentGroup),
		Category:        get(FieldCategory),
		Labels:          m.list(rec, FieldLabels),
		Components:      m.list(rec, FieldComponents),
		Channel:         get(FieldChannel),
		URL:             get(FieldURL),
		Raw:             m.h.Raw(rec),
	}
	if t.Key == "" {
		return reject(FieldSourceKey, "ticket has no key")
	}
	if reason := m.keyConflict(rec); reason != "" {
		return reject(FieldSourceKey, reason)
	}
	t.Status = ingest.NormalizeStatus(t.StatusRaw)
	t.Priority = ingest.NormalizePriority(t.PriorityRaw)
	if get(FieldCreatedAt) == "" {
		return reject(FieldCreatedAt, "ticket has no creation time")
	}
	var err error
	if t.CreatedAt, err = times.Parse(get(FieldCreatedAt)); err != nil {
		return reject(FieldCreatedAt, err.Error())
	}
	for _, f := range []struct {
		name string
		dst  **time.Time
	}{{FieldFirstResponseAt, &t.FirstResponseAt}, {FieldResolvedAt, &t.ResolvedAt}, {FieldClosedAt, &t.ClosedAt}} {
		v := get(f.name)
		if v == "" {
			continue
		}
		at, err := times.Parse(v)
		if err != nil {
			return reject(f.name, err.Error())
		}
		*f.dst = &at
	}
	if v := get(FieldUpdatedAt); v != "" {
		if t.UpdatedAt, err = times.Parse(v); err != nil {
			return reject(FieldUpdatedAt, err.Error())
		}
	}
	for _, f := range []struct {
		name string
		dst  **int
	}{{FieldReopenCount, &t.ReopenCount}, {FieldReassignmentCount, &t.ReassignmentCount}} {
		v := get(f.name)
		if v == "" {
			continue
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return reject(f.name, fmt.Sprintf("cannot read %q as a count", v))
		}
		*f.dst = &n
	}
	if v := get(FieldHandleMinutes); v != "" {
		x, err := strconv.ParseFloat(v, 64)
		if err != nil || !(x >= 0) || math.IsInf(x, 0) {
			return reject(FieldHandleMinutes, fmt.Sprintf("cannot read %q as a number of minutes", v))
		}
		t.HandleMinutes = &x
	}
	return t, nil, nil
}
