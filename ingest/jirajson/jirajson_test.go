package jirajson_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/ingest"
	"github.com/lanes-dev/lanes/ingest/ingesttest"
	"github.com/lanes-dev/lanes/ingest/jirajson"
	"github.com/lanes-dev/lanes/models/config"
)

func TestFixtures(t *testing.T) {
	ingesttest.RunFixtures(t, jirajson.Connector{}, "testdata")
}

func FuzzRead(f *testing.F) {
	ingesttest.Fuzz(f, jirajson.Connector{}, "testdata")
}

func read(t *testing.T, data string) (*ingesttest.Sink, error) {
	t.Helper()
	return ingesttest.Read(context.Background(), jirajson.Connector{}, "issues.json", []byte(data), config.Source{})
}

// issue is a minimal valid issue with the given summary.
func issue(key, summary string) string {
	s, _ := json.Marshal(summary)
	return `{"key":"` + key + `","fields":{"summary":` + string(s) + `,"created":"2026-01-05T10:00:00.000+0000"}}`
}

func TestIDsBeyond2To53StayExact(t *testing.T) {
	data, err := os.ReadFile("testdata/single_issue/input.json")
	require.NoError(t, err)
	sink, err := ingesttest.Read(context.Background(), jirajson.Connector{}, "input.json", data, config.Source{})
	require.NoError(t, err)
	require.Len(t, sink.Tickets, 1)
	raw, err := json.Marshal(sink.Tickets[0].Raw)
	require.NoError(t, err)
	assert.Contains(t, string(raw), `"id":"9007199254740993"`)

	sink, err = read(t, `[{"key":"N-1","id":9007199254740993,"fields":{"created":"2026-01-05T10:00:00Z","timespent":60}}]`)
	require.NoError(t, err)
	require.Len(t, sink.Tickets, 1)
	raw, err = json.Marshal(sink.Tickets[0].Raw)
	require.NoError(t, err)
	assert.Contains(t, string(raw), `"id":9007199254740993`, "a float64 would print 9007199254740992")
}

func TestHugeFieldLoads(t *testing.T) {
	big := strings.Repeat("é", 1<<20)
	sink, err := read(t, "[\n"+issue("H-1", big)+"\n]")
	require.NoError(t, err)
	require.Len(t, sink.Tickets, 1)
	assert.Equal(t, big, sink.Tickets[0].Title)
	assert.Equal(t, int64(2), sink.Tickets[0].Line)
}

func TestRecordOverTheLimitStopsTheFile(t *testing.T) {
	defer jirajson.SetMaxRecordBytes(4096)()
	small := issue("H-1", "fits")
	huge := issue("H-2", strings.Repeat("x", 5000))
	for _, tc := range []struct{ name, data, line string }{
		{"in an array", "[\n" + small + ",\n" + huge + ",\n" + small + "\n]", "line 3"},
		{"json lines", small + "\n" + small + "\n" + huge + "\n", "line 3"},
		{"in a page", `{"total":3,"issues":[` + small + ",\n\n\n" + huge + "]}", "line 4"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := read(t, tc.data)
			require.Error(t, err)
			assert.Equal(t, `jira json: issues.json `+tc.line+` column 1: the record starting here is larger than 4096 bytes, the most lanes reads as one record; is the file damaged?`, err.Error())
		})
	}
	// Many records that fit, together far over the limit, are fine.
	var b strings.Builder
	for range 200 {
		b.WriteString(issue("H-1", strings.Repeat("y", 1000)) + "\n")
	}
	sink, err := read(t, b.String())
	require.NoError(t, err)
	assert.Len(t, sink.Tickets, 200)
}

func TestRejectKeepsAClippedRaw(t *testing.T) {
	rec := `{"key":"R-1","fields":{"summary":"` + strings.Repeat("z", 100<<10) + `","created":"not a date"}}`
	sink, err := read(t, rec)
	require.NoError(t, err)
	require.Len(t, sink.Rejects, 1)
	r := sink.Rejects[0]
	assert.Equal(t, "fields.created", r.Column)
	assert.Equal(t, 64<<10+len(" …(truncated)"), len(r.Raw))
	assert.True(t, strings.HasPrefix(r.Raw, `{"key":"R-1"`))
}

func TestDuplicateKeysAreAllPassedOn(t *testing.T) {
	// The warehouse keeps the copy with the latest updated time; the
	// connector passes every copy in file order.
	sink, err := read(t, issue("D-1", "first")+"\n"+issue("D-1", "second"))
	require.NoError(t, err)
	require.Len(t, sink.Tickets, 2)
	assert.Equal(t, "first", sink.Tickets[0].Title)
	assert.Equal(t, "second", sink.Tickets[1].Title)
}

func TestDetect(t *testing.T) {
	c := jirajson.Connector{}
	for _, tc := range []struct {
		name, head string
		min, max   int
	}{
		{"v2 page", `{"expand":"names","startAt":0,"maxResults":50,"total":1,"issues":[{"id":"1","key":"A-1","fields":{}}]}`, 90, 100},
		{"v3 jql page", `{"issues":[{"id":"1","key":"A-1","fields":{"summary":"x"}}],"nextPageToken":"x"}`, 90, 100},
		{"single issue", `{"id":"1","self":"https://x/rest/api/2/issue/1","key":"A-1","fields":{"summary":"x"}}`, 90, 100},
		{"json lines", `{"key":"A-1","fields":{"issuetype":{}}}` + "\n", 90, 100},
		{"empty page", `{"startAt":0,"maxResults":50,"total":0,"issues":[]}`, 20, 80},
		{"empty v3 last page", `{"issues":[],"isLast":true}`, 20, 80},
		{"empty page with only maxResults", `{"maxResults":50,"issues":[]}`, 20, 80},
		{"error document", `{"errorMessages":["The value 'BWL' does not exist for the field 'project'."],"errors":{}}`, 20, 80},
		{"error document, errors only", `{"errorMessages":[],"errors":{"jql":"Error in the JQL Query."}}`, 20, 80},
		{"error document with warnings", `{"errorMessages":["Field 'foo' does not exist."],"warningMessages":[]}`, 20, 80},
		{"utf-8 bom", "\uFEFF" + `[{"key":"A-1","fields":{"summary":"x"}}]`, 90, 100},
		{"csv", "Issue key,Summary,fields\nA-1,x,y\n", 0, 0},
		{"github issues", `[{"url":"https://api.github.com/repos/o/r/issues/1","html_url":"https://github.com/o/r/issues/1","number":1,"state":"open"}]`, 0, 0},
		{"servicenow", `{"result":[{"number":"INC0010001","sys_id":"x"}]}`, 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			score, reason := c.Detect("x.json", []byte(tc.head))
			assert.GreaterOrEqual(t, score, tc.min)
			assert.LessOrEqual(t, score, tc.max)
			if score > 0 {
				assert.NotEmpty(t, reason)
			}
		})
	}
}

func TestDocText(t *testing.T) {
	p := func(inline ...string) string {
		return `{"type":"paragraph","content":[` + strings.Join(inline, ",") + `]}`
	}
	text := func(s string) string { b, _ := json.Marshal(s); return `{"type":"text","text":` + string(b) + `}` }
	doc := func(blocks ...string) string {
		return `{"type":"doc","version":1,"content":[` + strings.Join(blocks, ",") + `]}`
	}
	item := func(blocks ...string) string {
		return `{"type":"listItem","content":[` + strings.Join(blocks, ",") + `]}`
	}
	for _, tc := range []struct{ name, adf, want string }{
		{"wiki text becomes plain", `"h1. Title\n* item"`, "Title\n\n- item"},
		{"paragraphs", doc(p(text("one")), p(text("two"))), "one\n\ntwo"},
		{"marks dropped", doc(p(`{"type":"text","text":"bold","marks":[{"type":"strong"}]}`, text(" and "), `{"type":"text","text":"link","marks":[{"type":"link","attrs":{"href":"https://x"}}]}`)), "bold and link"},
		{"hard break", doc(p(text("a"), `{"type":"hardBreak"}`, text("b"))), "a\nb"},
		{"mention without @", doc(p(`{"type":"mention","attrs":{"id":"1","text":"Ann"}}`)), "@Ann"},
		{"mention by id only", doc(p(`{"type":"mention","attrs":{"id":"557058:abc"}}`)), "@557058:abc"},
		{"ordered list from 1", doc(`{"type":"orderedList","content":[` + item(p(text("a"))) + "," + item(p(text("b"))) + `]}`), "1. a\n2. b"},
		{"list item with two paragraphs", doc(`{"type":"bulletList","content":[` + item(p(text("a")), p(text("b"))) + `]}`), "- a\n  b"},
		{"nested ordered in bullet", doc(`{"type":"bulletList","content":[` + item(p(text("a")), `{"type":"orderedList","content":[`+item(p(text("x")))+`]}`) + `]}`), "- a\n  1. x"},
		{"blockquote", doc(`{"type":"blockquote","content":[` + p(text("quoted")) + "," + p(text("more")) + `]}`), "> quoted\n\n> more"},
		{"table", doc(`{"type":"table","content":[{"type":"tableRow","content":[{"type":"tableHeader","content":[` + p(text("Name")) + `]},{"type":"tableHeader","content":[` + p(text("Role")) + `]}]},{"type":"tableRow","content":[{"type":"tableCell","content":[` + p(text("Ann")) + `]},{"type":"tableCell","content":[` + p(text("Admin")) + `]}]}]}`), "Name | Role\nAnn | Admin"},
		{"task list", doc(`{"type":"taskList","content":[{"type":"taskItem","attrs":{"state":"DONE"},"content":[` + text("buy") + `]}]}`), "- buy"},
		{"unknown node keeps children's text", doc(`{"type":"expand","attrs":{"title":"t"},"content":[` + p(text("inside")) + `]}`), "inside"},
		{"unknown inline keeps its text", doc(p(`{"type":"sparkle","text":"shiny"}`)), "shiny"},
		{"empty doc", doc(), ""},
		{"not a doc", `42`, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var v any
			dec := json.NewDecoder(strings.NewReader(tc.adf))
			dec.UseNumber()
			require.NoError(t, dec.Decode(&v))
			assert.Equal(t, tc.want, jirajson.DocText(v))
		})
	}
}

// The status category decides where the work stands; the name refines it
// only to new, waiting or reopened (open) within new and indeterminate,
// and to resolved or canceled within done. Without a category the name
// decides. Expected values follow those rules by hand.
func TestStatusCategoryDecides(t *testing.T) {
	for _, tc := range []struct{ name, category, resolution, want string }{
		// new: open unless the name says new or waiting.
		{"Not done", "new", "", "open"},
		{"Undone", "new", "", "open"},
		{"Backlog", "new", "", "open"},
		{"To Do", "new", "", "open"},
		{"New", "new", "", "new"},
		{"Waiting for approval", "new", "", "waiting"},
		{"In Progress", "new", "", "open"},
		// indeterminate: in progress unless waiting or reopened.
		{"Incomplete", "indeterminate", "", "in_progress"},
		{"Uncompleted", "indeterminate", "", "in_progress"},
		{"Fixing", "indeterminate", "", "in_progress"},
		{"Done?", "indeterminate", "", "in_progress"},
		{"Rejected", "indeterminate", "", "in_progress"},
		{"In Bearbeitung", "indeterminate", "", "in_progress"},
		{"Awaiting completion", "indeterminate", "", "waiting"},
		{"Waiting for customer", "indeterminate", "", "waiting"},
		{"Reopened", "indeterminate", "", "open"},
		// done: closed unless resolved or canceled.
		{"Shipped", "done", "", "closed"},
		{"Resolved", "done", "", "resolved"},
		{"Declined", "done", "", "canceled"},
		{"Waiting for customer", "done", "", "closed"},
		{"Geschlossen", "done", "", "closed"},
		// A resolution meaning dropped work makes it canceled; others do not.
		{"Done", "done", "Won't Do", "canceled"},
		{"Done", "done", "Cannot Reproduce", "closed"},
		{"Closed", "done", "Incomplete", "closed"},
		{"To Do", "new", "Duplicate", "canceled"},
		// No category, or Jira's "undefined": the name alone.
		{"Not done", "", "", "open"},
		{"Done", "", "", "closed"},
		{"In Progress", "undefined", "", "in_progress"},
	} {
		t.Run(tc.name+"/"+tc.category+"/"+tc.resolution, func(t *testing.T) {
			st := map[string]any{"name": tc.name}
			if tc.category != "" {
				st["statusCategory"] = map[string]any{"key": tc.category}
			}
			f := map[string]any{"created": "2026-01-05T10:00:00.000+0000", "status": st}
			if tc.resolution != "" {
				f["resolution"] = map[string]any{"name": tc.resolution}
			}
			b, err := json.Marshal(map[string]any{"key": "S-1", "fields": f})
			require.NoError(t, err)
			sink, err := read(t, string(b))
			require.NoError(t, err)
			require.Len(t, sink.Tickets, 1)
			assert.Equal(t, tc.want, sink.Tickets[0].Status)
			assert.Equal(t, tc.name, sink.Tickets[0].StatusRaw)
		})
	}
}

// skipSink counts skipped records besides what ingesttest.Sink keeps.
type skipSink struct {
	ingesttest.Sink
	skips []string
}

func (s *skipSink) Skip(line int64, reason string) error {
	s.skips = append(s.skips, fmt.Sprintf("%d: %s", line, reason))
	return nil
}

// TestEmptyPageIsSkipped: a search page with no issues (the last page of
// a search by nextPageToken, or a search that found nothing) loads nothing
// and counts as one skipped row on the line the page starts, each such
// page, so a folder of pages loads; a file with no page and no issue
// still gives nothing.
func TestEmptyPageIsSkipped(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		skips    []string
	}{
		{"v3 last page", `{"issues":[],"isLast":true}`, []string{"1: a page with no issues"}},
		{"v3 with token", `{"issues":[],"isLast":true,"nextPageToken":"CAEaAggD"}`, []string{"1: a page with no issues"}},
		{"v2 empty search", "\n\n" + `{"startAt":0,"maxResults":50,"total":0,"issues":[]}`, []string{"3: a page with no issues"}},
		{"issues null", `{"startAt":0,"total":0,"issues":null}`, []string{"1: a page with no issues"}},
		{"pages back to back", `{"issues":[],"isLast":false}` + "\n" + `{"issues":[],"isLast":true}`, []string{"1: a page with no issues", "2: a page with no issues"}},
		{"an empty page after issues", `{"issues":[` + issue("P-1", "x") + `],"isLast":false}` + "\n" + `{"issues":[],"isLast":true}`, []string{"2: a page with no issues"}},
		{"empty array", `[]`, nil},
		{"no paging members", `{"issues":[]}`, nil},
		{"a page with an issue", `{"issues":[` + issue("P-1", "x") + `],"isLast":true}`, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sink := &skipSink{}
			err := jirajson.Connector{}.Read(context.Background(), &ingest.Input{Path: "page.json", Reader: strings.NewReader(tc.in), Location: time.UTC}, sink)
			require.NoError(t, err)
			assert.Equal(t, tc.skips, sink.skips)
			assert.Empty(t, sink.Rejects)
		})
	}
}

// TestReassignmentCount: a reassignment is a change of group or assignee
// to a different one, as servicenow_audit counts group changes: the first
// assignment and a move to none do not count, and the count is the larger
// of the group's and the assignee's (one move of both at once is one).
// Each want is counted by hand from the changes listed.
func TestReassignmentCount(t *testing.T) {
	type change struct{ field, from, to string }
	assignee := func(from, to string) change { return change{"assignee", from, to} }
	group := func(from, to string) change { return change{"Support Team", from, to} }
	for _, tc := range []struct {
		name      string
		histories [][]change
		want      int
	}{
		{"no changes", nil, 0},
		{"first assignment", [][]change{{assignee("", "Ben")}}, 0},
		// ITSD-4 of the audit: Ben -> Carla with none between is one.
		{"unassigned then assigned again", [][]change{{assignee("", "Ben")}, {assignee("Ben", "")}, {assignee("", "Carla")}}, 1},
		{"created assigned", [][]change{{assignee("Ben", "Carla")}}, 1},
		{"back to the same person", [][]change{{assignee("Ben", "")}, {assignee("", "Ben")}}, 0},
		{"there and back", [][]change{{assignee("", "Ben")}, {assignee("Ben", "Carla")}, {assignee("Carla", "Ben")}}, 2},
		// INC0040001 of the audit, in Jira: Network -> (none) -> Desktop is one.
		{"group through none", [][]change{{group("Network", "")}, {group("", "Desktop")}}, 1},
		{"group only", [][]change{{group("Service Desk", "Platform")}}, 1},
		{"group and assignee at once", [][]change{{group("Desk", "Network"), assignee("Ann", "Ben")}}, 1},
		{"more assignee moves than group moves", [][]change{{group("Desk", "Network"), assignee("", "Ben")}, {assignee("Ben", "Carla")}, {assignee("Carla", "Dan")}}, 2},
		{"more group moves than assignee moves", [][]change{{group("Desk", "Network")}, {group("Network", "Platform"), assignee("Ann", "Ben")}}, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var hs []any
			for i, items := range tc.histories {
				var its []any
				for _, c := range items {
					it := map[string]any{"field": c.field, "fromString": nil, "toString": nil}
					if c.field != "assignee" {
						it["fieldId"] = "customfield_10050"
					}
					if c.from != "" {
						it["fromString"] = c.from
					}
					if c.to != "" {
						it["toString"] = c.to
					}
					its = append(its, it)
				}
				hs = append(hs, map[string]any{"created": fmt.Sprintf("2026-01-05T1%d:00:00.000+0000", i), "items": its})
			}
			b, err := json.Marshal(map[string]any{"key": "R-1", "changelog": map[string]any{"histories": hs},
				"fields": map[string]any{"created": "2026-01-05T09:00:00.000+0000"}})
			require.NoError(t, err)
			src := config.Source{Mapping: map[string]string{"assignment_group": "customfield_10050"}}
			sink, err := ingesttest.Read(context.Background(), jirajson.Connector{}, "issues.json", b, src)
			require.NoError(t, err)
			require.Len(t, sink.Tickets, 1)
			require.NotNil(t, sink.Tickets[0].ReassignmentCount)
			assert.Equal(t, tc.want, *sink.Tickets[0].ReassignmentCount)
		})
	}
}

// TestRichTextByAPIVersion: a string description or comment is wiki
// markup, read as plain text, unless the issue comes from API v3 (its
// self says so), where Jira writes ADF and a string is kept as it is.
func TestRichTextByAPIVersion(t *testing.T) {
	const wiki = "*Steps*: see [~ann]"
	for _, tc := range []struct{ name, self, want string }{
		{"v2", "https://x.example.com/rest/api/2/issue/1", "Steps: see @ann"},
		{"no self", "", "Steps: see @ann"},
		{"v3", "https://x.example.com/rest/api/3/issue/1", wiki},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := map[string]any{"key": "W-1", "fields": map[string]any{
				"created": "2026-01-05T10:00:00.000+0000", "description": wiki,
				"comment": map[string]any{"comments": []any{map[string]any{"created": "2026-01-05T11:00:00.000+0000", "body": wiki}}},
			}}
			if tc.self != "" {
				rec["self"] = tc.self
			}
			b, err := json.Marshal(rec)
			require.NoError(t, err)
			sink, err := read(t, string(b))
			require.NoError(t, err)
			require.Len(t, sink.Tickets, 1)
			require.Len(t, sink.Comments, 1)
			assert.Equal(t, tc.want, sink.Tickets[0].Description)
			assert.Equal(t, tc.want, sink.Comments[0].Body)
		})
	}
}
