package ingest

import (
	"regexp"
	"strings"
)

var reopenName = regexp.MustCompile(`(?i)reopen`)

// JiraStatus normalizes a Jira status, the rule jira_json and jira_csv
// share. The status category (Jira's key: new, indeterminate or done; ""
// or "undefined" when unknown) is Jira's own reading of where the work
// stands, in any language and whatever the workflow calls the status, so
// when it is present it decides, and the name only refines it where it
// says more:
//
//   - new: open; new when the name is "New", waiting when the name is a
//     waiting one (Jira Service Management's "Waiting for approval" is
//     in this category).
//   - indeterminate: in progress; waiting when the name is a waiting one,
//     open when it is a reopened one.
//   - done: closed; resolved or canceled when the name says so.
//
// Without a category the name alone decides. A resolution that means the
// work was dropped (Won't Do, Duplicate, ...) makes any of them canceled.
func JiraStatus(name, category, resolution string) string {
	byName := NormalizeStatus(name)
	s := byName
	switch strings.ToLower(strings.TrimSpace(category)) {
	case "new":
		if byName != StatusNew && byName != StatusWaiting {
			s = StatusOpen
		}
	case "indeterminate":
		switch {
		case byName == StatusWaiting:
		case byName == StatusOpen && reopenName.MatchString(name):
		default:
			s = StatusInProgress
		}
	case "done":
		if !Done(byName) {
			s = StatusClosed
		}
	}
	if res := strings.ReplaceAll(resolution, "\u2019", "'"); res != "" && NormalizeStatus(res) == StatusCanceled {
		s = StatusCanceled
	}
	return s
}
