// Package freshservice reads Freshservice ticket exports: the ticket list
// export as CSV (freshservice_csv) and API v2 ticket lists as JSON
// (freshservice_json, {"tickets": [...]}).
//
// A ticket's key is its number, the same in both formats so that a CSV
// export and an API export of the same tickets merge: the CSV's "Ticket
// Id" ("#INC-42", "#SR-43", the display id, whose prefix only names the
// type, kept in kind) becomes "42" and "43", the API's id is that number
// already. Problems and changes have numbers of their own: "#PRB-1" and
// "#CHN-1" keep their prefix ("PRB-1", "CHN-1"). It is also the number in the ticket's address
// (https://ACCOUNT.freshservice.com/a/tickets/42), so url_base works.
// Time tracked becomes handle time; an SLA that the export marks violated
// (resolution or first response) marks the ticket breached.
package freshservice

import (
	"cmp"
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/lanes-dev/lanes/ingest"
	"github.com/lanes-dev/lanes/ingest/csvfile"
	"github.com/lanes-dev/lanes/models/config"
)

// Name is the CSV connector's format name, as given to --source.
const Name = "freshservice_csv"

const format = "freshservice csv"

func init() {
	ingest.Register(Connector{})
	ingest.Register(JSONConnector{})
}

// Connector reads Freshservice's CSV ticket export.
type Connector struct{}

// Name implements ingest.Connector.
func (Connector) Name() string { return Name }

// System implements ingest.Connector.
func (Connector) System() string { return "freshservice" }

// Column names in Freshservice's ticket export.
const (
	colKey           = "Ticket Id"
	colSubject       = "Subject"
	colDescription   = "Description"
	colStatus        = "Status"
	colPriority      = "Priority"
	colSource        = "Source"
	colType          = "Type"
	colAgent         = "Agent"
	colGroup         = "Group"
	colRequester     = "Requester Name"
	colRequesterMail = "Requester Email"
	colCreated       = "Created Time"
	colDue           = "Due by Time"
	colResolved      = "Resolved Time"
	colClosed        = "Closed Time"
	colUpdated       = "Last Updated Time"
	colFirstResponse = "Initial Response Time"
	colCategory      = "Category"
	colSubCategory   = "Sub-Category"
	colItemCategory  = "Item Category"
	colDepartment    = "Department"
	colResolutionSLA = "Resolution Status"
	colResponseSLA   = "First Response Status"
	colTimeTracked   = "Time Tracked"
	colTags          = "Tags"
)

// Detect implements ingest.Connector: the header has "Ticket Id" and
// "Subject" next to Freshservice's people and time columns. A header
// without a column Read needs (the creation time) is not claimed: another
// connector, such as the generic csv one, may read the file, where
// Freshservice's would only refuse it.
func (Connector) Detect(path string, head []byte) (int, string) {
	score, reason := detect(path, head)
	return score, csvfile.WithEncoding(reason, head)
}

func detect(path string, head []byte) (int, string) {
	names := csvfile.PeekHeader(head)
	if names == nil {
		return 0, ""
	}
	h := csvfile.NewHeader(names)
	// The key under Freshservice's own name: "ID", which Read also takes,
	// is too common a name to claim a file by.
	if !h.Has(colKey) || !h.Has(colSubject) || len(missing(h)) > 0 {
		return 0, ""
	}
	seen := 0
	for _, c := range []string{colAgent, colGroup, colRequester, colRequesterMail, colCreated, colResolutionSLA, colDue, colTimeTracked} {
		if h.Has(c) {
			seen++
		}
	}
	switch {
	case seen >= 3:
		return 95, `CSV header has "Ticket Id", "Subject" and Freshservice's agent, requester and time columns`
	case seen > 0:
		return 70, `CSV header has "Ticket Id", "Subject" and some of Freshservice's columns`
	}
	return 40, `CSV header has "Ticket Id", "Subject" and "Created Date"`
}

// Read implements ingest.Connector. A file that is plainly not text (a
// workbook, a PDF, a gzip file saved with a .csv name) is refused with
// what it is.
func (Connector) Read(ctx context.Context, in *ingest.Input, sink ingest.Sink) error {
	text, err := csvfile.Decode(in.Reader, csvfile.DecodeOptions{Encoding: in.Source.Encoding, RefuseBinary: true})
	if err != nil {
		return &ingest.FileError{Format: format, Path: in.Path, Err: err}
	}
	return csvfile.StreamOptions(ctx, format, in, sink, newMapper, csvfile.Options{Text: text})
}

// The names Read takes for the columns it needs.
var (
	keyNames     = []string{colKey, "Ticket ID", "ID"}
	createdNames = []string{colCreated, "Created Date"}
)

// missing names (quoted) the columns Read needs that h lacks. Detect
// claims no header that lacks one, so that the two cannot disagree.
func missing(h *csvfile.Header) []string {
	var out []string
	if h.Index(keyNames...) < 0 {
		out = append(out, strconv.Quote(colKey))
	}
	if h.Index(createdNames...) < 0 {
		out = append(out, strconv.Quote(colCreated))
	}
	return out
}

type mapper struct {
	h                                                           *csvfile.Header
	key, subject, descr, status, priority, source, kind         int
	agent, group, requester, requesterMail, department          int
	created, resolved, closed, updated, firstResponse           int
	category, subCategory, itemCategory, resSLA, respSLA, spent int
	tags                                                        []int
}

func newMapper(h *csvfile.Header, src config.Source) (csvfile.Mapper, error) {
	m := &mapper{
		h:             h,
		key:           h.Index(keyNames...),
		subject:       h.Index(colSubject),
		descr:         h.Index(colDescription),
		status:        h.Index(colStatus),
		priority:      h.Index(colPriority),
		source:        h.Index(colSource),
		kind:          h.Index(colType, "Ticket Type"),
		agent:         h.Index(colAgent),
		group:         h.Index(colGroup),
		requester:     h.Index(colRequester, "Requester"),
		requesterMail: h.Index(colRequesterMail),
		department:    h.Index(colDepartment),
		created:       h.Index(createdNames...),
		resolved:      h.Index(colResolved),
		closed:        h.Index(colClosed),
		updated:       h.Index(colUpdated),
		firstResponse: h.Index(colFirstResponse),
		category:      h.Index(colCategory),
		subCategory:   h.Index(colSubCategory, "Subcategory"),
		itemCategory:  h.Index(colItemCategory),
		resSLA:        h.Index(colResolutionSLA),
		respSLA:       h.Index(colResponseSLA),
		spent:         h.Index(colTimeTracked),
		tags:          h.All(colTags),
	}
	if miss := missing(h); len(miss) > 0 {
		return nil, fmt.Errorf("the header has no %s column; add it to the export's fields or pass --source to choose another format%s", strings.Join(miss, " or "), h.EncodingHint(src.Encoding))
	}
	return m, nil
}

// Column implements csvfile.Mapper.
func (m *mapper) Column(field string) string {
	if i := m.canonical(field); i >= 0 && i < m.h.Len() {
		return m.h.Name(i)
	}
	return ""
}

// canonical is the column behind a canonical field checked by check, or -1.
func (m *mapper) canonical(field string) int {
	if i, ok := map[string]int{"key": m.key, "created_at": m.created, "resolved_at": m.resolved, "closed_at": m.closed, "status": m.status}[field]; ok {
		return i
	}
	return -1
}

// Times implements csvfile.Mapper.
func (m *mapper) Times(rec csvfile.Record, observe func(string)) {
	for _, i := range []int{m.created, m.resolved, m.closed, m.updated, m.firstResponse} {
		observe(rec.Get(i))
	}
}

// Map implements csvfile.Mapper.
func (m *mapper) Map(rec csvfile.Record, times *ingest.TimeParser) (*ingest.Ticket, []*ingest.Comment, *ingest.Reject) {
	get := func(i int) string { return strings.TrimSpace(rec.Get(i)) }
	reject := func(i int, reason string) (*ingest.Ticket, []*ingest.Comment, *ingest.Reject) {
		col := ""
		if i >= 0 {
			col = m.h.Name(i)
		}
		return nil, nil, &ingest.Reject{Column: col, Reason: reason}
	}
	t := &ingest.Ticket{
		Key:             get(m.key),
		Title:           get(m.subject),
		Description:     strings.TrimSpace(rec.Get(m.descr)),
		StatusRaw:       get(m.status),
		PriorityRaw:     get(m.priority),
		Assignee:        get(m.agent),
		AssignmentGroup: get(m.group),
		Requester:       cmp.Or(get(m.requester), get(m.requesterMail)),
		RequesterTeam:   get(m.department),
		Category:        get(m.category),
		Components:      nonEmpty(get(m.subCategory), get(m.itemCategory)),
		Channel:         strings.ToLower(get(m.source)),
		Raw:             m.h.Raw(rec),
	}
	for _, i := range m.tags {
		t.Labels = append(t.Labels, ingest.SplitList(rec.Get(i))...)
	}
	if t.Key == "" {
		return reject(m.key, "ticket has no id")
	}
	t.Kind = kindOf(get(m.kind), t.Key)
	t.Key = ticketKey(t.Key)
	t.Status = ingest.NormalizeStatus(t.StatusRaw)
	t.Priority = ingest.NormalizePriority(t.PriorityRaw)

	if get(m.created) == "" {
		return reject(m.created, "ticket has no created time")
	}
	var err error
	if t.CreatedAt, err = times.Parse(get(m.created)); err != nil {
		return reject(m.created, err.Error())
	}
	for _, f := range []struct {
		col int
		dst **time.Time
	}{{m.resolved, &t.ResolvedAt}, {m.closed, &t.ClosedAt}, {m.firstResponse, &t.FirstResponseAt}} {
		v := get(f.col)
		if v == "" {
			continue
		}
		at, err := times.Parse(v)
		if err != nil {
			return reject(f.col, err.Error())
		}
		*f.dst = &at
	}
	if v := get(m.updated); v != "" {
		if t.UpdatedAt, err = times.Parse(v); err != nil {
			return reject(m.updated, err.Error())
		}
	}
	if v := get(m.spent); v != "" {
		mins, ok := clockMinutes(v)
		if !ok {
			return reject(m.spent, fmt.Sprintf("cannot read %q as time tracked (hh:mm)", v))
		}
		t.HandleMinutes = &mins
	}
	t.SLABreached = slaBreached(slaStatus(get(m.resSLA)), slaStatus(get(m.respSLA)))
	if col, reason := t.Check(); reason != "" {
		return reject(m.canonical(col), reason)
	}
	return t, nil, nil
}

// clockMinutes reads "hh:mm" (or "hh:mm:ss") as minutes.
func clockMinutes(v string) (float64, bool) {
	parts := strings.Split(v, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return 0, false
	}
	var n [3]int
	for i, p := range parts {
		x, err := strconv.Atoi(p)
		if err != nil || x < 0 || (i > 0 && (x > 59 || len(p) != 2)) || len(p) > 7 {
			return 0, false
		}
		n[i] = x
	}
	return float64(n[0]*60+n[1]) + float64(n[2])/60, true
}

// slaStatus reads Freshservice's "Within SLA" / "SLA Violated": true for
// violated, false for met, nil when blank or unknown.
func slaStatus(v string) *bool {
	s := strings.ToLower(strings.TrimSpace(v))
	switch {
	case strings.Contains(s, "violat"), strings.Contains(s, "breach"), strings.Contains(s, "overdue"), strings.Contains(s, "not met"):
		return new(true)
	case strings.Contains(s, "within"), s == "met", s == "sla met":
		return new(false)
	}
	return nil
}

// slaBreached combines SLA flags: breached when any is, met when at least
// one is known and none is breached.
func slaBreached(flags ...*bool) *bool {
	var out *bool
	for _, f := range flags {
		switch {
		case f == nil:
		case *f:
			return new(true)
		default:
			out = new(false)
		}
	}
	return out
}

// kindOf names the kind of ticket from its type, else from the prefix of
// its id ("#SR-43" is a service request).
func kindOf(kind, key string) string {
	switch k := strings.ToLower(strings.TrimSpace(kind)); k {
	case "incident":
		return "incident"
	case "service request", "request":
		return "request"
	case "":
	default:
		return k
	}
	id := strings.ToUpper(strings.TrimPrefix(strings.TrimSpace(key), "#"))
	switch {
	case strings.HasPrefix(id, "INC-"):
		return "incident"
	case strings.HasPrefix(id, "SR-"):
		return "request"
	case strings.HasPrefix(id, "PRB-"):
		return "problem"
	case strings.HasPrefix(id, "CHN-"), strings.HasPrefix(id, "CHG-"):
		return "change"
	}
	return ""
}

// ticketKey is the key both readers store for a ticket id: the number of
// a display id ("#INC-42", "SR-0043", "#42" give "42" and "43"), or the id
// as written when it is not one. Incidents and service requests are
// tickets, numbered in one sequence, and the API's id is that number.
// Problems and changes are numbered each in their own sequence, so
// "#PRB-1" and "#CHN-1" are not ticket 1: their key keeps the prefix
// ("PRB-1", "CHN-1").
func ticketKey(id string) string {
	s := strings.TrimPrefix(strings.TrimSpace(id), "#")
	prefix := ""
	if i := strings.IndexByte(s, '-'); i > 0 && isLetters(s[:i]) {
		prefix, s = strings.ToUpper(s[:i]), s[i+1:]
	}
	if s == "" || !isDigits(s) {
		return strings.TrimSpace(id)
	}
	n := strings.TrimLeft(s, "0")
	if n == "" {
		n = "0"
	}
	if ownSequence[prefix] {
		return prefix + "-" + n
	}
	return n
}

// ownSequence are the display id prefixes of records numbered apart from
// tickets: problems and changes.
var ownSequence = map[string]bool{"PRB": true, "CHN": true, "CHG": true}

func isLetters(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i] | 0x20; c < 'a' || c > 'z' {
			return false
		}
	}
	return s != ""
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func nonEmpty(vs ...string) []string {
	var out []string
	for _, v := range vs {
		if v != "" {
			out = append(out, v)
		}
	}
	return out
}
