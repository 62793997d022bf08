// Package eventlog reads process-mining event logs, one row per event
// (case, activity, time, resource): CSV logs here (format eventlog_csv)
// and XES logs in eventlog/xes (format xes).
//
// Each case becomes one ticket: created at its first event, updated at its
// last, resolved at the first activity after the last reopen (Reopen,
// Reactivate, or a closure the caller rejected) that
// ingest.NormalizeStatus reads as resolved, closed or canceled (Resolve,
// Close, Completed, Done, Cancel, ...), with the status of the last
// activity, the last resource as assignment group, and as title the
// case's description when the log has one, else its first activity.
// Each change of activity becomes a status event (from the previous
// activity to this one, actor the resource), each reopen also a reopen
// event, and each change of resource (or org:group) a group event.
//
// A case with an event that cannot be read (no activity, a bad time) is
// rejected whole, at that event's line: its ticket would be wrong. Rows
// with no case id are rejected on their own.
package eventlog

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/lanes-dev/lanes/ingest"
)

// Event is one event of a case.
type Event struct {
	Activity string
	At       time.Time
	Resource string // who (or which group) did it: org:resource
	Group    string // the group, when the log also has one: org:group
	Line     int64
}

// Case is one case of a log with its events, in any order.
type Case struct {
	ID     string
	Title  string         // the case's description, when the log has one
	Attrs  map[string]any // case attributes, kept in the ticket's raw record
	Events []Event
	Line   int64 // where the case starts
	// Text gives the case's text as in the file, for the raw text of its
	// reject; nil when the reader does not keep it.
	Text func() string
	// Ambiguous are the case's local times that happen twice in their
	// zone, read where the run does not count them (see Watch): when the
	// case loads, Emit reads each again with Reread, in the run's location,
	// so that the run counts and shows only the times of loaded cases.
	Ambiguous []Ambiguous
	Reread    func(value string)
}

// Ambiguous is a local time that happens twice, and the line it is on.
type Ambiguous struct {
	Line  int64
	Value string
}

// Watch reads a file's times in a copy of its location that the ingest
// run does not watch, and tells which of them were ambiguous.
type Watch struct {
	Loc *time.Location // the copy, to read times in
	log *ingest.AmbiguityLog
}

// NewWatch starts watching a copy of loc; Stop ends it.
func NewWatch(loc *time.Location) *Watch {
	w := &Watch{Loc: loc}
	if loc == nil || loc == time.UTC {
		return w
	}
	_ = loc.String() // time.Local is loaded on first use: load it before the copy
	c := *loc
	w.Loc = &c
	w.log = ingest.WatchAmbiguous(w.Loc)
	w.log.CountEachRead() // Seen must grow with each ambiguous read
	return w
}

// Seen is how many ambiguous times were read in Loc so far.
func (w *Watch) Seen() int64 { return w.log.Count() }

// Stop ends the watch.
func (w *Watch) Stop() { w.log.Stop() }

// ambiguityPlacer is a sink that can give the ambiguous local time just
// read its own line (the run's sink otherwise places it at the next
// ticket's line).
type ambiguityPlacer interface {
	PlaceAmbiguous(line int64)
}

var reopenWords = regexp.MustCompile(`(?i)re-?open|reactivat`)

// isReopen says whether an activity opens the case again: a reopen or
// reactivation, or a closure or resolution the caller rejected
// (ingest.ClosureRejected: "Closure rejected" after a "Close request"),
// which the status names read as open again, so that an earlier request
// does not resolve the case while int_status_history has it open.
func isReopen(activity string) bool {
	return reopenWords.MatchString(activity) || ingest.ClosureRejected(activity)
}

// facts is what the regular expressions say of an activity name.
type facts struct {
	reopen   bool   // isReopen(activity)
	rejected bool   // a rejected closure (ingest.ClosureRejected), not a reopen word
	terminal string // terminal(activity)
	status   string // ingest.NormalizeStatus(activity)
}

// A log repeats a few dozen activity names millions of times: what the
// regular expressions say of each is kept, for up to maxFacts names (a log
// of free-text activities stops filling the cache there).
var (
	factsCache sync.Map // activity -> facts
	factsCount atomic.Int64
)

const maxFacts = 4096

func factsOf(activity string) facts {
	if f, ok := factsCache.Load(activity); ok {
		return f.(facts)
	}
	word, rejected := reopenWords.MatchString(activity), ingest.ClosureRejected(activity)
	f := facts{reopen: word || rejected, rejected: !word && rejected, status: ingest.NormalizeStatus(activity)}
	if !f.reopen && ingest.Done(f.status) {
		f.terminal = f.status
	}
	if factsCount.Load() < maxFacts {
		if _, loaded := factsCache.LoadOrStore(activity, f); !loaded {
			factsCount.Add(1)
		}
	}
	return f
}

// terminal says whether an activity ends the case, and how: canceled,
// closed or resolved; "" when it does not. It is ingest.NormalizeStatus's
// answer and nothing more, so that the ticket's resolution and the status
// history that int_status_history builds from the same activities agree
// (a looser rule of its own read "Assign to resolver group" as resolved
// and "Request incomplete" as closed).
func terminal(activity string) string {
	if isReopen(activity) {
		return ""
	}
	if s := ingest.NormalizeStatus(activity); ingest.Done(s) {
		return s
	}
	return ""
}

// Build turns the case into its ticket and events. The case must have at
// least one event.
func (c *Case) Build() (*ingest.Ticket, []*ingest.Event) {
	evs := append([]Event(nil), c.Events...)
	sort.SliceStable(evs, func(i, j int) bool { return evs[i].At.Before(evs[j].At) })
	first, last := evs[0], evs[len(evs)-1]
	t := &ingest.Ticket{
		Key:       c.ID,
		Title:     c.Title,
		StatusRaw: last.Activity,
		CreatedAt: first.At,
		UpdatedAt: last.At,
		Line:      c.Line,
	}
	if t.Title == "" {
		t.Title = first.Activity
	}
	hasGroups := false
	for _, e := range evs {
		if e.Group != "" {
			hasGroups = true
			break
		}
	}
	group := func(e Event) string {
		if hasGroups {
			return e.Group
		}
		return e.Resource
	}

	var out []*ingest.Event
	reopens, reassignments, lastReopen := 0, 0, -1
	prevActivity, prevGroup := "", ""
	// A rejected closure reopens the case only when something resolved
	// or closed it since the last reopen (done): "Resolution rejected"
	// with nothing resolved before is no reopen. A reopen that follows a
	// rejected closure with nothing done between (putBack) is the same
	// reopen, counted once. A reopen word counts otherwise, done or not,
	// as it always has.
	done, putBack := false, false
	for i, e := range evs {
		if e.Activity != prevActivity {
			out = append(out, &ingest.Event{Key: c.ID, At: e.At, Kind: "status", Actor: e.Resource, From: prevActivity, To: e.Activity})
		}
		f := factsOf(e.Activity)
		if f.reopen && (f.rejected && done || !f.rejected && !putBack) {
			reopens++
			out = append(out, &ingest.Event{Key: c.ID, At: e.At, Kind: "reopen", Actor: e.Resource, From: prevActivity, To: e.Activity})
		}
		if f.reopen && (!f.rejected || done) {
			putBack = f.rejected
			lastReopen, done = i, false
		}
		if f.terminal != "" {
			done, putBack = true, false
		}
		if g := group(e); g != "" && g != prevGroup {
			if prevGroup != "" {
				reassignments++
			}
			actor := ""
			if hasGroups {
				actor = e.Resource
			}
			out = append(out, &ingest.Event{Key: c.ID, At: e.At, Kind: "group", Actor: actor, From: prevGroup, To: g})
			prevGroup = g
		}
		if hasGroups && e.Resource != "" {
			t.Assignee = e.Resource
		}
		prevActivity = e.Activity
	}
	t.AssignmentGroup = prevGroup
	t.ReopenCount, t.ReassignmentCount = &reopens, &reassignments

	t.Status = factsOf(last.Activity).status
	for _, e := range evs[lastReopen+1:] {
		end := factsOf(e.Activity).terminal
		if end == "" {
			continue
		}
		if t.ResolvedAt == nil {
			t.ResolvedAt = ptr(e.At)
		}
		if end == ingest.StatusClosed && t.ClosedAt == nil {
			t.ClosedAt = ptr(e.At)
		}
		t.Status = end
	}
	if t.ResolvedAt == nil && factsOf(last.Activity).terminal == "" {
		if ingest.Done(t.Status) {
			t.Status = ingest.StatusOpen
		}
	}

	raw := map[string]any{"case": c.ID, "events": len(evs), "first_activity": first.Activity, "last_activity": last.Activity}
	for k, v := range c.Attrs {
		if _, taken := raw[k]; !taken {
			raw[k] = v
		}
	}
	t.Raw = raw
	return t, out
}

// Emit builds the case and sends its ticket and events to sink; a ticket
// the core would refuse becomes a reject.
func (c *Case) Emit(sink ingest.Sink) error {
	raw := func() string {
		if c.Text == nil {
			return ""
		}
		return c.Text()
	}
	if len(c.Events) == 0 {
		return sink.Reject(ingest.Reject{Line: c.Line, Reason: fmt.Sprintf("case %q has no events", short(c.ID)), Raw: raw()})
	}
	t, events := c.Build()
	if col, reason := t.Check(); reason != "" {
		return sink.Reject(ingest.Reject{Line: c.Line, Column: col, Reason: reason, Raw: raw()})
	}
	for _, a := range c.Ambiguous {
		c.Reread(a.Value)
		if p, ok := sink.(ambiguityPlacer); ok {
			p.PlaceAmbiguous(a.Line)
		}
	}
	if err := sink.Ticket(t); err != nil {
		return err
	}
	for _, e := range events {
		if err := sink.Event(e); err != nil {
			return err
		}
	}
	return nil
}

// Interner keeps one copy of each repeated value (activities and resources
// repeat on every row), so a buffered log costs less memory.
type Interner map[string]string

// Intern returns the shared copy of s.
func (in Interner) Intern(s string) string {
	if v, ok := in[s]; ok {
		return v
	}
	s = strings.Clone(s)
	in[s] = s
	return s
}

func ptr[T any](v T) *T { return &v }

func short(s string) string {
	r := []rune(s)
	if len(r) > 60 {
		return string(r[:60]) + "…"
	}
	return s
}
