package ingest_test

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/lanes-dev/lanes/ingest"
	"github.com/lanes-dev/lanes/models/config"
)

// fillCSV is a Jira CSV export of three issues; it has no reopen or
// reassignment counts, SLA flag or address (docs/connectors.md, jira_csv).
const fillCSV = "Summary,Issue key,Status,Assignee,Created,Updated\n" +
	"Scanner jams,BWL-1,Done,Lee,01/Mar/24 9:00 AM,05/Mar/24 9:00 AM\n" +
	"Printer offline,BWL-2,Open,Kim,01/Mar/24 10:00 AM,02/Mar/24 9:00 AM\n" +
	"Badge reader,BWL-3,Open,Kim,01/Mar/24 11:00 AM,07/Mar/24 9:00 AM\n"

// fillIssue is one issue of a Jira REST search page.
func fillIssue(id, key, status, category, assignee, updated, sla string, histories ...string) string {
	a := "null"
	if assignee != "" {
		a = `{"displayName":"` + assignee + `"}`
	}
	s := ""
	if sla != "" {
		s = `,"customfield_10030":` + sla
	}
	return `{"id":"` + id + `","key":"` + key + `","self":"https://acme.atlassian.net/rest/api/3/issue/` + id + `",` +
		`"fields":{"summary":"x","status":{"name":"` + status + `","statusCategory":{"key":"` + category + `"}},` +
		`"assignee":` + a + `,"created":"2024-03-01T09:00:00.000+0000","updated":"` + updated + `"` + s + `},` +
		`"changelog":{"histories":[` + strings.Join(histories, ",") + `]}}`
}

func fillChange(at, field, from, to string) string {
	return `{"created":"` + at + `","author":{"displayName":"Kim"},"items":[{"field":"` + field +
		`","fromString":"` + from + `","toString":"` + to + `"}]}`
}

// TestCopiesFillWhatTheWinnerDoesNotKnow: a Jira CSV and REST export of one
// project share their keys (docs/connectors.md). Where the copy that wins
// has no reopen or reassignment count, SLA flag or address (the CSV
// never has them), the row takes the best-ranked other copy's; what the
// winner clears (an assignee) stays cleared. The outcome is the same in
// every order of the files, in one run or one run a file.
//
// By hand, from the inputs:
//   - BWL-1 has three copies: the CSV (updated 03-05, wins: Done, Lee),
//     search.json (03-04) and older.json (03-03). search.json's changelog:
//     Lee assigned from nobody (not a reassignment), Done, back to In
//     Progress (a reopen), Lee -> Kim (a reassignment): 1 reopen, 1
//     reassignment; its SLA field has a breached cycle: true. older.json's
//     has only the first two changes: 0 and 0, and no SLA field. The row
//     takes search.json's 1, 1 and true, the better-ranked of the two
//     (older.json's 0s would be wrong), and the url
//     https://acme.atlassian.net/browse/BWL-1 built from self.
//   - BWL-2: search.json (03-06) wins over the CSV (03-02) with no
//     assignee: it stays NULL, not the CSV's Kim; an empty changelog
//     gives 0 and 0; no SLA field: NULL.
//   - BWL-3: both copies updated 2024-03-07 09:00 (the CSV's time in UTC,
//     config.Default's zone); the hash of the record decides, and either
//     way the row has search.json's 0, 0, false (an ongoing cycle not
//     breached) and url.
func TestCopiesFillWhatTheWinnerDoesNotKnow(t *testing.T) {
	dir := t.TempDir()
	csv := writeFile(t, filepath.Join(dir, "jira.csv"), []byte(fillCSV))
	search := writeFile(t, filepath.Join(dir, "search.json"), []byte(`{"startAt":0,"maxResults":50,"total":3,"issues":[`+
		fillIssue("10001", "BWL-1", "In Progress", "indeterminate", "Kim", "2024-03-04T09:00:00.000+0000",
			`{"completedCycles":[{"breached":true}],"ongoingCycle":{"breached":false}}`,
			fillChange("2024-03-01T09:30:00.000+0000", "assignee", "", "Lee"),
			fillChange("2024-03-02T09:00:00.000+0000", "status", "In Progress", "Done"),
			fillChange("2024-03-03T09:00:00.000+0000", "status", "Done", "In Progress"),
			fillChange("2024-03-03T10:00:00.000+0000", "assignee", "Lee", "Kim"))+`,`+
		fillIssue("10002", "BWL-2", "In Progress", "indeterminate", "", "2024-03-06T09:00:00.000+0000", "")+`,`+
		fillIssue("10003", "BWL-3", "Open", "new", "Kim", "2024-03-07T09:00:00.000+0000",
			`{"completedCycles":[],"ongoingCycle":{"breached":false}}`)+`]}`))
	older := writeFile(t, filepath.Join(dir, "older.json"), []byte(`{"startAt":0,"maxResults":50,"total":1,"issues":[`+
		fillIssue("10001", "BWL-1", "Done", "done", "Lee", "2024-03-03T08:00:00.000+0000", "",
			fillChange("2024-03-01T09:30:00.000+0000", "assignee", "", "Lee"),
			fillChange("2024-03-02T09:00:00.000+0000", "status", "In Progress", "Done"))+`]}`))
	want := []string{
		"BWL-1|Done|Lee|1|1|true|https://acme.atlassian.net/browse/BWL-1",
		"BWL-2|In Progress|-|0|0|-|https://acme.atlassian.net/browse/BWL-2",
		"BWL-3|Open|Kim|0|0|false|https://acme.atlassian.net/browse/BWL-3",
	}
	fields := `select concat_ws('|', source_key, status_raw, coalesce(assignee, '-'), coalesce(reopen_count::varchar, '-'),
		coalesce(reassignment_count::varchar, '-'), coalesce(is_sla_breached::varchar, '-'), coalesce(url, '-'))
		from tickets order by source_key`
	loadEveryOrder(t, config.Default(), ingest.Options{Now: func() time.Time { return time.Date(2024, 4, 10, 12, 0, 0, 0, time.UTC) }},
		[]string{csv, search, older}, fields, want)
}
