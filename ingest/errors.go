package ingest

import (
	"fmt"
	"strings"
	"time"
)

// FileError is a failure that stops a file from being read, placed as
// precisely as the connector can: the file and, where known, line and
// column. Run returns it as is, so the message reads like
// `jira csv: tickets.csv line 812 column "Created": ...`.
type FileError struct {
	Format string // human name of the format, e.g. "jira csv"
	Path   string
	Line   int64  // 0 when the failure is not on one line
	Column string // column name (or number); empty when unknown
	Err    error
}

// columnText places a column in a message: a name quoted (` column
// "Created"`), a position as a number (` column 24`, in JSON or a CSV row
// past its header), nothing when it is empty.
func columnText(c string) string {
	switch {
	case c == "":
		return ""
	case strings.Trim(c, "0123456789") == "":
		return " column " + c
	}
	return fmt.Sprintf(" column %q", c)
}

func (e *FileError) Error() string {
	var b strings.Builder
	if e.Format != "" {
		b.WriteString(e.Format + ": ")
	}
	b.WriteString(e.Path)
	if e.Line > 0 {
		fmt.Fprintf(&b, " line %d", e.Line)
	}
	b.WriteString(columnText(e.Column))
	b.WriteString(": ")
	b.WriteString(e.Err.Error())
	return b.String()
}

func (e *FileError) Unwrap() error { return e.Err }

// Check applies the rules every ticket must meet before it is staged and
// returns the offending canonical column and the reason, or two empty
// strings when the ticket is fine. The warehouse's staging sink applies
// it; connectors may call it first to reject a row with its raw text.
func (t *Ticket) Check() (column, reason string) {
	switch {
	case strings.TrimSpace(t.Key) == "":
		return "key", "ticket has no key"
	case t.CreatedAt.IsZero():
		return "created_at", "ticket has no creation time"
	case t.ResolvedAt != nil && t.ResolvedAt.Before(t.CreatedAt):
		return "resolved_at", fmt.Sprintf("resolved (%s) before it was created (%s)",
			t.ResolvedAt.UTC().Format(time.RFC3339), t.CreatedAt.UTC().Format(time.RFC3339))
	case t.ClosedAt != nil && t.ClosedAt.Before(t.CreatedAt):
		return "closed_at", fmt.Sprintf("closed (%s) before it was created (%s)",
			t.ClosedAt.UTC().Format(time.RFC3339), t.CreatedAt.UTC().Format(time.RFC3339))
	case !ValidStatus(t.Status):
		return "status", fmt.Sprintf("status %q is not one of %s", t.Status, strings.Join(Statuses, ", "))
	}
	return "", ""
}
