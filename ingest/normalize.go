package ingest

import (
	"regexp"
	"strings"
	"sync"
)

// Normalized ticket statuses.
const (
	StatusNew        = "new"
	StatusOpen       = "open"
	StatusInProgress = "in_progress"
	StatusWaiting    = "waiting"
	StatusResolved   = "resolved"
	StatusClosed     = "closed"
	StatusCanceled   = "canceled"
)

// Statuses lists every normalized status.
var Statuses = []string{StatusNew, StatusOpen, StatusInProgress, StatusWaiting, StatusResolved, StatusClosed, StatusCanceled}

// Done reports a normalized status that ends the work: resolved, closed or
// canceled.
func Done(s string) bool {
	return s == StatusResolved || s == StatusClosed || s == StatusCanceled
}

// ValidStatus reports whether s is a normalized status.
func ValidStatus(s string) bool {
	for _, v := range Statuses {
		if s == v {
			return true
		}
	}
	return false
}

// statusWords are tried in order; the first that matches decides. A name
// that says the work is over (closed, done, resolved) wins over one that
// says it waits or moves. Process-mining logs name activities with verbs
// ("Resolve ticket", "Close", "Finish"): a verb counts as a whole word
// that leads the name ("Close case", "Review and close"), so "resolver",
// "closure" and "finishing" are not read as done, nor a workflow status
// that only names the step ahead ("Ready to close", "Cannot close",
// "Unable to resolve"); and after the waiting words, so "Awaiting close"
// still waits.
//
// ITSM workflows close in two steps: the agent asks for closure or
// proposes a resolution, then the caller confirms it. A name for the first
// step ("Close request", "Request closure", "Resolution proposed") is
// resolved, as ServiceNow calls that state: the work is over but the
// caller may still reopen it (read closed, a request would give a closed
// time nobody confirmed; a log whose "Close request" means closing a
// request still gets the ticket's end at that time). A name for the second
// ("Closure verified", "Resolution accepted") is closed. Both come after
// the waiting words ("Awaiting closure confirmation" waits) and before
// the verbs ("Close request" is no "Close case"). A closure or resolution
// the caller rejected or declined is open again, before the canceled rule
// reads "rejected" as the ticket's end: the work resumes (closureRejected).
// The confirmation or refusal follows the closure word that leads the
// name, with the request or proposal between ("Closure request approved",
// "Request to close rejected", "Resolution proposed and accepted"); a
// refusal may also come first, after at most one word ("Customer rejected
// resolution", "Rejected resolution"), with the closure word ending the
// name. A name that only mentions a solution ("Rejected by Solution
// Owner", "Accepted - solution in progress", "Canceled - solution
// rejected") is not a verdict on a closure. The words count whole, with an
// underscore between words as a space ("Resolution_accepted"), so "Closed
// - rejected", a closed ticket whose reason is rejected as "Closed
// Skipped" is one skipped, stays canceled. A confirmation with "not" in
// front ("Resolution not accepted") is read as a refusal, so that it is
// not read as a confirmation.
//
// models/sql/intermediate/int_status_history.sql repeats these rules for
// event values, in the same order; TestStatusNamesNormalizeLikeIngest in
// models keeps the two in step. Change both together.
var statusWords = []struct {
	re     *regexp.Regexp
	status string
}{
	{closureRejected, StatusOpen},
	{regexp.MustCompile(`cancel|won'?t (do|fix)|rejected|declined|duplicate|obsolete|withdrawn|abandoned`), StatusCanceled},
	{regexp.MustCompile(`closed|done|complete|\bfinished\b`), StatusClosed},
	{regexp.MustCompile(`resolved|fixed|solved|fulfill?ed|^(?:solution|resolution|fix)[\W_]+provided(?:[\W_]|$)`), StatusResolved},
	{regexp.MustCompile(`wait|pending|on hold|hold|blocked|awaiting`), StatusWaiting},
	{regexp.MustCompile(`^(?:request(?:ed)?[\W_]+(?:(?:to|for)[\W_]+)?|proposed[\W_]+)?(?:close|closure|resolution|solution)(?:[\W_]+(?:request(?:ed)?|proposed|proposal))?(?:[\W_]+and)?[\W_]+(?:verified|confirmed|accepted|approved)(?:[\W_]|$)|^(?:[a-z]+[\W_]+)?(?:verified|confirmed|accepted|approved)[\W_]+(?:(?:the|a|proposed|for)[\W_]+)?(?:closure|resolution|solution)(?:[\W_]+(?:request|proposal))?[\W_]*$`), StatusClosed},
	{regexp.MustCompile(`^(?:close|closure)[\W_]+request(?:s|ed)?(?:[\W_]|$)|^request(?:ed)?[\W_]+(?:(?:to|for)[\W_]+)?(?:close|closure)(?:[\W_]|$)|^(?:resolution|solution)[\W_]+proposed(?:[\W_]|$)|^proposed[\W_]+(?:resolution|solution)(?:[\W_]|$)`), StatusResolved},
	{regexp.MustCompile(`^(?:\w+ and )?(?:close|finish)(?:[\W_]|$)`), StatusClosed},
	{regexp.MustCompile(`^(?:\w+ and )?(?:re)?solve(?:[\W_]|$)`), StatusResolved},
	{regexp.MustCompile(`progress|work in|review|(?:^|[^a-z])(?:re)?assigned|active|escalat|investigat|triage`), StatusInProgress},
	{regexp.MustCompile(`^new$|^to ?do$|backlog|^open$|reopen|selected|submitted|^draft$|unassigned`), StatusOpen},
}

// closureRejected reads a closure or resolution the caller turned down: a
// closure, close, resolution or solution word leading the name (after a
// request or proposal word) and then a rejected, declined or refused word,
// or a confirmation with "not" (and "yet") in front; or such a refusal
// first, after at most one word, and the closure word ending the name. [\W_] bounds the words: Go's \b counts "_" as part of
// a word, and DuckDB's regexp_matches reads the same pattern the same way.
var closureRejected = regexp.MustCompile(`^(?:request(?:ed)?[\W_]+(?:(?:to|for)[\W_]+)?|proposed[\W_]+)?(?:close|closure|resolution|solution)(?:[\W_]+(?:request(?:ed)?|proposed|proposal))?(?:[\W_]+and)?[\W_]+(?:rejected|declined|refused|not[\W_]+(?:yet[\W_]+)?(?:verified|confirmed|accepted|approved))(?:[\W_]|$)|^(?:[a-z]+[\W_]+)?(?:rejected|declined|refused|not[\W_]+(?:yet[\W_]+)?(?:verified|confirmed|accepted|approved))[\W_]+(?:(?:the|a|proposed|for)[\W_]+)?(?:closure|resolution|solution)(?:[\W_]+(?:request|proposal))?[\W_]*$`)

// negatedDone is a word of the closed and resolved rules with a negation
// in front ("Not done", "Undone", "Incomplete", "Unresolved", "Not yet
// fixed", "Not finished", "Do not close"): it says the work is not
// finished, so it is taken out before the rules are tried and the rest of
// the name decides ("Not done" is open, "Waiting - not resolved" waiting).
var negatedDone = regexp.MustCompile(`\b(?:not(?: yet)?[ -]+|non[ -]?|un|in)(?:closed?|done|completed?|(?:re)?solved?|fixed|finish(?:ed)?|fulfill?(?:ed)?)\b`)

// NormalizeStatus maps a source's status name to a normalized status. Unknown
// names become "open": a ticket in a state we cannot read is still work.
func NormalizeStatus(raw string) string { return statusMemo.get(raw) }

func normalizeStatus(raw string) string {
	s, _ := readStatus(raw)
	return s
}

// StatusKnown reports whether NormalizeStatus reads raw from what the name
// says ("To Do", "Reopened", "Not done", "Waiting for customer", ...), not
// open only because it does not know the name ("Deployed", "QA") or the
// name is blank. A connector with other signs of where the work stands (a
// resolution) can use them for the names it does not know.
func StatusKnown(raw string) bool {
	if NormalizeStatus(raw) != StatusOpen {
		return true
	}
	_, known := readStatus(raw)
	return known
}

// ClosureRejected reports a status name that NormalizeStatus reads as open
// because it says the caller turned a closure or resolution down
// ("Closure rejected", "Customer rejected resolution"): the ticket is open
// again, as after a reopen. Event logs count such an activity as a reopen
// of a case that something resolved or closed since the last reopen.
func ClosureRejected(raw string) bool {
	return closureRejected.MatchString(statusText(raw))
}

// statusText is the name as the rules read it: in lower case, trimmed,
// with a negated done word taken out.
func statusText(raw string) string {
	s := strings.ToLower(strings.TrimSpace(raw))
	if negatedDone.MatchString(s) {
		s = strings.TrimSpace(negatedDone.ReplaceAllString(s, ""))
	}
	return s
}

// readStatus is normalizeStatus, and whether a rule read the name.
func readStatus(raw string) (status string, known bool) {
	if strings.TrimSpace(raw) == "" {
		return StatusOpen, false
	}
	s := statusText(raw)
	if s == "" {
		return StatusOpen, true
	}
	if s == "new" {
		return StatusNew, true
	}
	for _, w := range statusWords {
		if w.re.MatchString(s) {
			return w.status, true
		}
	}
	return StatusOpen, false
}

// A column of statuses or priorities holds a few distinct values, each
// read on every row (and the status regexps are a sixth of a ServiceNow
// history's load): memo keeps each value's answer. It keeps at most
// memoMax values, then works each new one out without keeping it, so a
// column of free text cannot fill memory.
type memo struct {
	mu sync.RWMutex
	m  map[string]string
	f  func(string) string
}

const memoMax = 4096

var (
	statusMemo   = &memo{m: map[string]string{}, f: normalizeStatus}
	priorityMemo = &memo{m: map[string]string{}, f: normalizePriority}
)

func (c *memo) get(s string) string {
	c.mu.RLock()
	v, ok := c.m[s]
	c.mu.RUnlock()
	if ok {
		return v
	}
	v = c.f(s)
	c.mu.Lock()
	if len(c.m) < memoMax {
		c.m[strings.Clone(s)] = v
	}
	c.mu.Unlock()
	return v
}

var priorityDigit = regexp.MustCompile(`(?:^|[^0-9])([1-5])(?:[^0-9]|$)`)

// NormalizePriority maps a source's priority to p1..p4 ("" when unknown).
// Numbers 1-5 are read directly (5 folds into p4); words use the usual scale.
func NormalizePriority(raw string) string { return priorityMemo.get(raw) }

func normalizePriority(raw string) string {
	s := strings.ToLower(strings.TrimSpace(raw))
	if s == "" {
		return ""
	}
	if m := priorityDigit.FindStringSubmatch(s); m != nil {
		switch m[1] {
		case "1":
			return "p1"
		case "2":
			return "p2"
		case "3":
			return "p3"
		default:
			return "p4"
		}
	}
	switch {
	case strings.Contains(s, "highest"), strings.Contains(s, "critical"), strings.Contains(s, "blocker"), strings.Contains(s, "urgent"):
		return "p1"
	case strings.Contains(s, "high"), strings.Contains(s, "major"):
		return "p2"
	case strings.Contains(s, "medium"), strings.Contains(s, "normal"), strings.Contains(s, "moderate"):
		return "p3"
	case strings.Contains(s, "low"), strings.Contains(s, "minor"), strings.Contains(s, "trivial"), strings.Contains(s, "planning"):
		return "p4"
	}
	return ""
}

// SplitList splits a multi-valued cell on commas or semicolons, trimming
// blanks and dropping empties.
func SplitList(s string) []string {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' })
	out := parts[:0]
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
