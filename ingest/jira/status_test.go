package jira_test

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/models/config"
)

// column reads one column of a dumped table (ingesttest.Dump's JSON rows)
// by the row's source_key, and seq for comments ("KEY/seq").
func column(t *testing.T, rows []string, name string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, r := range rows {
		var m map[string]any
		require.NoError(t, json.Unmarshal([]byte(r), &m))
		k, _ := m["source_key"].(string)
		if seq, ok := m["seq"].(float64); ok {
			k = fmt.Sprintf("%s/%d", k, int(seq))
		}
		v, _ := m[name].(string)
		out[k] = v
	}
	return out
}

// loadBoth loads content both ways (the fast path must take every row)
// and returns the fast path's tables, which compareBoth has found equal
// to the Go path's.
func loadBoth(t *testing.T, content string, fastPath bool) map[string][]string {
	t.Helper()
	path := writeFile(t, "tickets.csv", content)
	fast, slow := compareBoth(t, path, config.Source{})
	require.Empty(t, slow.Err)
	assert.Equal(t, fastPath, fast.Fast, "fast path taken")
	if fastPath {
		assert.Zero(t, fast.GoRows, "rows left to Go")
	}
	return fast.Tables
}

// A workflow's own status names (Deployed, QA) are placed by Jira's status
// category when the export has one, as jira_json places them (its rule is
// worked through by hand for each row); without one, a name lanes does not
// know is closed when the ticket has a resolution or a resolved time, and a
// name it knows keeps its meaning.
func TestStatusFromCategoryAndResolution(t *testing.T) {
	withCategory := "Summary,Issue key,Status,Status Category,Resolution,Created,Resolved\n" +
		// Done category, a name lanes does not know: closed (the audit's ENG-7).
		"A,ENG-7,Deployed,Done,Done,03/Jun/24 9:00 AM,05/Jun/24 4:00 PM\n" +
		// In Progress category: in progress (the audit's ENG-8).
		"B,ENG-8,QA,In Progress,,03/Jun/24 9:00 AM,\n" +
		// In Progress, a waiting name: waiting.
		"C,C-1,Awaiting Parts,In Progress,,03/Jun/24 9:00 AM,\n" +
		// In Progress, a reopened name: open.
		"D,C-2,Reopened,In Progress,,03/Jun/24 9:00 AM,\n" +
		// To Do, a name that reads in progress (Triage): open.
		"E,C-3,Triage,To Do,,03/Jun/24 9:00 AM,\n" +
		// To Do, New: new.
		"F,C-4,New,To Do,,03/Jun/24 9:00 AM,\n" +
		// Done, a resolved name: resolved.
		"G,C-5,Resolved,Done,Fixed,03/Jun/24 9:00 AM,04/Jun/24 9:00 AM\n" +
		// Done, a resolution that drops the work: canceled.
		"H,C-6,Deployed,Done,Won't Do,03/Jun/24 9:00 AM,04/Jun/24 9:00 AM\n" +
		// A blank category: the rule without one (an unknown name, resolved).
		"I,C-7,Deployed,,Done,03/Jun/24 9:00 AM,04/Jun/24 9:00 AM\n" +
		// A category lanes does not know: the rule without one too.
		"J,C-8,Deployed,No Category,,03/Jun/24 9:00 AM,\n"
	noCategory := "Summary,Issue key,Status,Resolution,Created,Resolved\n" +
		// Unknown name, resolution and resolved time: closed.
		"A,N-1,Deployed,Done,03/Jun/24 9:00 AM,05/Jun/24 4:00 PM\n" +
		// Unknown name, resolution cleared on reopening: open.
		"B,N-2,Deployed,,03/Jun/24 9:00 AM,\n" +
		// A resolution lanes reads as nothing in particular still counts.
		"C,N-3,Deployed,Cannot Reproduce,03/Jun/24 9:00 AM,04/Jun/24 9:00 AM\n" +
		// A resolution that drops the work: canceled.
		"D,N-4,Deployed,Duplicate,03/Jun/24 9:00 AM,04/Jun/24 9:00 AM\n" +
		// A resolved time alone (no resolution): closed.
		"E,N-5,QA,,03/Jun/24 9:00 AM,04/Jun/24 9:00 AM\n" +
		// A known open name keeps its meaning, resolution or not.
		"F,N-6,Reopened,Done,03/Jun/24 9:00 AM,04/Jun/24 9:00 AM\n" +
		"G,N-7,In Progress,Done,03/Jun/24 9:00 AM,04/Jun/24 9:00 AM\n" +
		// "Unresolved" is no resolution.
		"H,N-8,Deployed,Unresolved,03/Jun/24 9:00 AM,\n" +
		"I,N-9,To Do,,03/Jun/24 9:00 AM,\n"
	for _, tc := range []struct {
		name, content string
		want          map[string]string
	}{
		{"status category", withCategory, map[string]string{
			"ENG-7": "closed", "ENG-8": "in_progress", "C-1": "waiting", "C-2": "open", "C-3": "open",
			"C-4": "new", "C-5": "resolved", "C-6": "canceled", "C-7": "closed", "C-8": "open",
		}},
		{"no status category", noCategory, map[string]string{
			"N-1": "closed", "N-2": "open", "N-3": "closed", "N-4": "canceled", "N-5": "closed",
			"N-6": "open", "N-7": "in_progress", "N-8": "open", "N-9": "open",
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tables := loadBoth(t, tc.content, true)
			assert.Equal(t, tc.want, column(t, tables["tickets"], "status"))
		})
	}
}

// Jira Cloud writes a comment's author as an account id and the row's
// people as names with their ids beside them: an author that is the id of
// the row's reporter, assignee or creator is given that person's name, so
// the requester's own comment is theirs; any other id stays as written.
func TestCommentAuthorFromIDColumns(t *testing.T) {
	content := "Summary,Issue key,Assignee,Assignee Id,Reporter,Reporter Id,Creator,Creator Id,Created,Comment,Comment\n" +
		// The reporter's comment (blanks around the id) and the assignee's.
		"VPN,ITSD-11,Ben Okafor,712020:ben,Ana Souza,557058:ana,Ana Souza,557058:ana,28/Mar/24 9:05 AM," +
		"28/Mar/24 9:10 AM; 557058:ana ;Restarted it,28/Mar/24 9:40 AM;712020:ben;Looking\n" +
		// The creator's comment, and one by someone the row does not name.
		"Printer,ITSD-12,Ben Okafor,712020:ben,Eva Lind,557058:eva,Carla Diaz,5b10:carla,01/Oct/24 10:00 AM," +
		"01/Oct/24 10:05 AM;5b10:carla;Filed for Eva,01/Oct/24 11:00 AM;712020:bot;Auto-reply\n" +
		// An id whose name is blank gives no name: the id stays.
		"Access,ITSD-13,,712020:ben,Eva Lind,557058:eva,,,15/Jan/24 4:45 PM,15/Jan/24 5:00 PM;712020:ben;On it,\n"
	want := map[string]string{
		"ITSD-11/1": "Ana Souza", "ITSD-11/2": "Ben Okafor",
		"ITSD-12/1": "Carla Diaz", "ITSD-12/2": "712020:bot",
		"ITSD-13/1": "712020:ben",
	}
	tables := loadBoth(t, content, true)
	assert.Equal(t, want, column(t, tables["comments"], "author"))
	assert.Equal(t, "Ana Souza", column(t, tables["tickets"], "requester")["ITSD-11"])

	// A file without id columns (Jira Server, or an older export) keeps
	// every author as written.
	plain := "Summary,Issue key,Reporter,Created,Comment\n" +
		"VPN,ITSD-11,Ana Souza,28/Mar/24 9:05 AM,28/Mar/24 9:10 AM;asouza;Restarted it\n"
	tables = loadBoth(t, plain, true)
	assert.Equal(t, map[string]string{"ITSD-11/1": "asouza"}, column(t, tables["comments"], "author"))
}

// A German Cloud export names the status category and the id columns in
// German, and its categories too (Fertig is Done, In Arbeit In Progress);
// such a file goes the Go way, both ways.
func TestGermanStatusCategoryAndIDs(t *testing.T) {
	content := "Zusammenfassung,Vorgangsschlüssel,Status,Statuskategorie,Lösung,Zugewiesene Person,ID der zugewiesenen Person," +
		"Autor,ID des Autors,Ersteller,Ersteller-ID,Erstellt,Erledigt,Kommentar\n" +
		"VPN,ITSD-11,Bereitgestellt,Fertig,Fertig,Ben Okafor,712020:ben,Ana Souza,557058:ana,Carla Diaz,5b10:carla," +
		"28/Mar/24 9:05 AM,02/Apr/24 2:30 PM,28/Mar/24 9:10 AM;557058:ana;Neu gestartet\n" +
		"Drucker,ITSD-12,QS,In Arbeit,,Ben Okafor,712020:ben,Eva Lind,557058:eva,Carla Diaz,5b10:carla," +
		"01/Oct/24 10:00 AM,,01/Oct/24 10:05 AM;5b10:carla;Angelegt\n"
	tables := loadBoth(t, content, false)
	assert.Equal(t, map[string]string{"ITSD-11": "closed", "ITSD-12": "in_progress"}, column(t, tables["tickets"], "status"))
	assert.Equal(t, map[string]string{"ITSD-11/1": "Ana Souza", "ITSD-12/1": "Carla Diaz"}, column(t, tables["comments"], "author"))
}
