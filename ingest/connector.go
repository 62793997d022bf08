// Package ingest reads ticket exports into the warehouse's canonical tables.
//
// Each source system is a Connector in its own package that registers itself
// in init(); ingest/all imports them all. A file's format is detected by
// peeking at its first bytes and asking every connector for a score. Every
// file is read inside the same transaction: rows are streamed into staging
// tables, merged into tickets (the latest updated_at wins), and every bad row
// is kept in rejects with its file, line, column and reason.
package ingest

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/lanes-dev/lanes/models/config"
)

// Ticket is one canonical ticket as a connector produces it.
type Ticket struct {
	Key               string
	Title             string
	Description       string
	Kind              string
	StatusRaw         string
	Status            string // one of the Status* constants
	PriorityRaw       string
	Priority          string // p1..p4 or empty
	CreatedAt         time.Time
	FirstResponseAt   *time.Time
	ResolvedAt        *time.Time
	ClosedAt          *time.Time
	UpdatedAt         time.Time // zero means: use the latest of the other timestamps
	Requester         string
	RequesterTeam     string
	Assignee          string
	AssignmentGroup   string
	Category          string
	Labels            []string
	Components        []string
	Channel           string
	ReopenCount       *int
	ReassignmentCount *int
	HandleMinutes     *float64
	SLABreached       *bool
	Deleted           bool
	URL               string
	Raw               map[string]any // the original record, stored as JSON
	Line              int64          // line in the file where the record starts
	// Partial marks a record that knows only some of the ticket's fields
	// (a deletion notice: the id, subject and when): the merge takes the
	// fields it leaves empty from the ticket's other copies, loaded before
	// or after, rather than clearing them.
	Partial bool
}

// Event is one change to a ticket.
type Event struct {
	Key   string
	At    time.Time
	Kind  string // status, assignee, group, priority, comment, reopen
	Actor string
	From  string
	To    string
}

// Comment is one comment on a ticket.
type Comment struct {
	Key    string
	Author string
	At     time.Time
	Public bool
	Body   string
}

// Message is one help-channel message (Slack and similar): a request that
// may never have become a ticket.
type Message struct {
	// Channel identifies the channel for good: Slack's channel id, which
	// a rename keeps; ChannelName is its name in this export.
	Channel     string
	ChannelName string
	TS          string // the message's id within the channel, e.g. Slack's "1712345678.000100"
	ThreadTS    string // the thread's root TS; empty or equal to TS for a root message
	Author      string
	PostedAt    time.Time
	Text        string
	ReplyCount  *int
	TicketRef   string // a ticket key the message links to, when one is found
	// EditedAt is when the message's text was last edited (Slack's
	// edited.ts); nil when it never was. Of two copies of a message the
	// more recently edited one wins.
	EditedAt *time.Time
	Line     int64
}

// Reject is one input row that could not be loaded, and why.
type Reject struct {
	Line   int64
	Column string
	Reason string
	Raw    string
	// File names the file the row is in when that is not the input itself:
	// a file inside a bundle, e.g. "export.zip!general/2024-03-01.json".
	// Line is then a line of that file.
	File string
}

// RejectColumn is rej's column, "" when rej is nil: where a connector
// places an error met while building a row that may have no reject.
func RejectColumn(rej *Reject) string {
	if rej == nil {
		return ""
	}
	return rej.Column
}

// Sink receives what a connector reads. Rows must be passed in file order.
type Sink interface {
	Ticket(t *Ticket) error
	Event(e *Event) error
	Comment(c *Comment) error
	Reject(r Reject) error
	// Message receives help-channel messages; the same (channel, TS) may
	// arrive more than once (overlapping exports) and is kept once.
	Message(m *Message) error
}

// EventCounter is implemented by connectors whose tickets' reopen and
// reassignment counts are counted from the events they emit (an event
// log's case: its reopen events, and its group events that move the ticket
// from one group to another). When a ticket's history is joined from parts
// in several files, the run counts them again over the whole history.
type EventCounter interface {
	CountsFromEvents() bool
}

// MappingChecker is implemented by connectors that read a source's
// mapping in lanes.yaml. CheckMapping reports what is wrong with it
// whatever file it reads (a field lanes does not know, a required field
// missing), in the words reading a file would use, so that --dry-run
// reports it too; nil for a source without a mapping.
type MappingChecker interface {
	CheckMapping(src config.Source) error
}

// RepeatHinter is a Connector whose files hold each ticket once, so that a
// key given twice suggests the file is something else (a ServiceNow update
// history read as a list export). Run then warns with RepeatHint, after
// keeping one copy of each key as usual.
type RepeatHinter interface {
	RepeatHint() string
}

// SkipCounter is implemented by sinks that count records a connector read
// but deliberately did not load because they are not tickets: a pull
// request in a GitHub issues export, a timeline event lanes does not track.
// They are not rejects (nothing is wrong with them), but they are counted,
// so nothing is dropped silently. Connectors call Skip, which works with
// any Sink.
type SkipCounter interface {
	Skip(line int64, reason string) error
}

// Skip tells sink that the record at line was read and deliberately not
// loaded, and why; sinks that do not count skips ignore it.
func Skip(sink Sink, line int64, reason string) error {
	if s, ok := sink.(SkipCounter); ok {
		return s.Skip(line, reason)
	}
	return nil
}

// RowCounter is implemented by sinks that take a file's own row count from
// a connector whose rows in are not the file's rows: a ServiceNow history
// yields one ticket from many update rows, while each of its rejects is
// one of those rows (or a ticket, with all its rows). The reject limit
// then compares the file's rejected rows with its rows, in one unit.
type RowCounter interface {
	FileRows(rows, rejected int64)
}

// CountFileRows tells sink that the connector read rows of the file's rows
// and rejected rejected of them; each call adds to the counts before.
// Sinks that do not count them ignore it.
func CountFileRows(sink Sink, rows, rejected int64) {
	if c, ok := sink.(RowCounter); ok {
		c.FileRows(rows, rejected)
	}
}

// TicketMetrics is a ticket's metrics read without the ticket (a Zendesk
// ticket metrics export): what the run applies to the ticket, loaded
// before or after, where the ticket leaves them unset.
type TicketMetrics struct {
	Key       string // the ticket's key
	UpdatedAt *time.Time
	SolvedAt  *time.Time
	// ReplyMinutes is the time to the first reply, in calendar minutes:
	// first_response_at is created_at plus these.
	ReplyMinutes *float64
	Reopens      *int
	// GroupStations and AssigneeStations count the groups and assignees
	// the ticket has had: it was reassigned one time less than the larger.
	GroupStations    *int
	AssigneeStations *int
	Raw              map[string]any // the original record, stored as JSON
	Line             int64
}

// MetricsSink is implemented by sinks that take ticket metrics on their
// own (the run's sink, which keeps them in ticket_metrics); a connector
// given a sink without it refuses a file of metrics alone.
type MetricsSink interface {
	Metrics(m *TicketMetrics) error
}

// Kinds of directory entries.
const (
	DirectoryPerson       = "person"
	DirectoryGroup        = "group"
	DirectoryOrganization = "organization" // a Zendesk organization, a Freshservice department
)

// DirectoryEntry is one entry of a source's directory: a person, a group
// or an organization and the id its tickets give for it (Freshservice's
// agents and groups, Zendesk's users). The run keeps the entries in the
// directory table, and the staging models name the ids of the same source
// that are an entry's id, loaded before or after.
type DirectoryEntry struct {
	Kind  string // one of the Directory* constants
	ID    string // exactly as the source writes it, numbers as written
	Name  string
	Email string
	Raw   string // the record's text, for a reject
	Line  int64
}

// DirectorySink is implemented by sinks that keep directory entries (the
// run's sink, which keeps them in directory); a connector given a sink
// without it reads a directory export as nothing to store.
type DirectorySink interface {
	Directory(e *DirectoryEntry) error
}

// Input is one file handed to a connector.
type Input struct {
	// Path is the file's name as the user gave it, for messages.
	Path string
	// Reader streams the file's bytes.
	Reader io.Reader
	// Source is the configured source (name, time zone, date format, mapping).
	Source config.Source
	// Location is the source's time zone for timestamps without an offset.
	Location *time.Location
}

// Connector reads one export format.
type Connector interface {
	// Name is the format's identifier, as given to --source, e.g. "jira_csv".
	Name() string
	// System is the default source name for rows it reads, e.g. "jira".
	System() string
	// Detect scores how likely head (the file's first bytes) is this format:
	// 0 for no, 100 for certain; reason says what it saw.
	Detect(path string, head []byte) (score int, reason string)
	// Read streams the file into sink. A returned error aborts the whole
	// ingest; it must name the file and, where it can, line and column.
	Read(ctx context.Context, in *Input, sink Sink) error
}

// BundleConnector reads an export that is a folder of files rather than one
// file (a Slack export: channels.json, users.json and a folder of daily
// files per channel). A folder, or a .zip archive or a folder inside one,
// that a BundleConnector claims is read as one input: one run, one content
// hash over the sorted names and contents of its files. It registers with
// Register like any connector; its Read is used only when the bundle comes
// as a stream (a .zip piped in, or a test).
type BundleConnector interface {
	Connector
	// DetectBundle scores how likely fsys (the folder's root) is this
	// export: 0 for no, 100 for certain; reason says what it saw. It should
	// only look at names and small files.
	DetectBundle(fsys fs.FS) (score int, reason string)
	// ReadBundle streams the bundle into sink. in.Path names the bundle
	// (the folder, or "archive.zip" or "archive.zip!folder") and in.Reader
	// is nil. Errors follow Read's rules and name the file inside the bundle.
	ReadBundle(ctx context.Context, fsys fs.FS, in *Input, sink Sink) error
}

// BundleParts is implemented by a BundleConnector whose export may share
// its folder with other files: a Slack export unzipped next to a ticket
// CSV. Parts lists, as slash-separated paths from fsys's root, the files
// the export is made of; the bundle is hashed and read over those alone,
// and every other file in the folder is an input of its own, so nothing
// next to an export is passed over unread. A connector without it claims
// the whole folder.
type BundleParts interface {
	BundleParts(fsys fs.FS) []string
}

var (
	mu       sync.RWMutex
	registry = map[string]Connector{}
)

// Register makes a connector available; connectors call it from init().
func Register(c Connector) {
	mu.Lock()
	defer mu.Unlock()
	if _, dup := registry[c.Name()]; dup {
		panic("ingest: connector registered twice: " + c.Name())
	}
	registry[c.Name()] = c
}

// Lookup finds a connector by name.
func Lookup(name string) (Connector, error) {
	mu.RLock()
	defer mu.RUnlock()
	c, ok := registry[name]
	if !ok {
		return nil, fmt.Errorf("unknown source format %q (known: %s)", name, strings.Join(namesLocked(), ", "))
	}
	return c, nil
}

// Connectors lists the registered connectors sorted by name.
func Connectors() []Connector {
	mu.RLock()
	defer mu.RUnlock()
	out := make([]Connector, 0, len(registry))
	for _, n := range namesLocked() {
		out = append(out, registry[n])
	}
	return out
}

func namesLocked() []string {
	names := make([]string, 0, len(registry))
	for n := range registry {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}
