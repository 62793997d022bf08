// Package ingesttest runs connectors against fixture folders, the shared
// conformance checks, and fuzzing, so each connector's tests stay a few
// lines long.
//
// A connector keeps its cases in testdata/<case>/: input.* is the file to
// read, expected.json what it must produce (written by hand from the
// input) or expected.err the error it must stop with, and an optional
// source.yaml the lanes.yaml source entry (mapping, date_format,
// time_zone) to read it with.
package ingesttest

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	"github.com/lanes-dev/lanes/ingest"
	"github.com/lanes-dev/lanes/models/config"
)

// Sink collects what a connector emits. Tickets go through the same
// checks as the warehouse's staging sink, so a fixture's expected rejects
// include the ones staging would add.
type Sink struct {
	Tickets  []*ingest.Ticket
	Events   []*ingest.Event
	Comments []*ingest.Comment
	Rejects  []ingest.Reject
	Messages []*ingest.Message
	// Directory holds the directory entries, as the run's sink takes them
	// (ingest.DirectorySink).
	Entries []*ingest.DirectoryEntry
}

// Directory implements ingest.DirectorySink.
func (s *Sink) Directory(e *ingest.DirectoryEntry) error {
	s.Entries = append(s.Entries, e)
	return nil
}

// Message implements ingest.Sink.
func (s *Sink) Message(m *ingest.Message) error { s.Messages = append(s.Messages, m); return nil }

// Ticket implements ingest.Sink.
func (s *Sink) Ticket(t *ingest.Ticket) error {
	if col, reason := t.Check(); reason != "" {
		raw, _ := json.Marshal(t.Raw)
		return s.Reject(ingest.Reject{Line: t.Line, Column: col, Reason: reason, Raw: string(raw)})
	}
	s.Tickets = append(s.Tickets, t)
	return nil
}

// Event implements ingest.Sink.
func (s *Sink) Event(e *ingest.Event) error { s.Events = append(s.Events, e); return nil }

// Comment implements ingest.Sink.
func (s *Sink) Comment(c *ingest.Comment) error { s.Comments = append(s.Comments, c); return nil }

// Reject implements ingest.Sink.
func (s *Sink) Reject(r ingest.Reject) error { s.Rejects = append(s.Rejects, r); return nil }

// Read runs conn over data as `lanes ingest` would, without a warehouse.
// path is the name the connector sees (messages use it).
func Read(ctx context.Context, conn ingest.Connector, path string, data []byte, src config.Source) (*Sink, error) {
	loc := time.UTC
	if src.TimeZone != "" {
		l, err := time.LoadLocation(src.TimeZone)
		if err != nil {
			return nil, err
		}
		loc = l
	}
	s := &Sink{}
	in := &ingest.Input{Path: path, Reader: bytes.NewReader(data), Source: src, Location: loc}
	return s, conn.Read(ctx, in, s)
}

// Case is one fixture folder.
type Case struct {
	Name   string
	Dir    string
	Input  string        // path of the input file
	Source config.Source // from source.yaml; zero when absent
	// Err is expected.err, trimmed; empty when the case has expected.json.
	Err string
	// Expected is expected.json; nil when the case has expected.err.
	Expected *Expected
}

// Cases reads every fixture folder under dir (testdata/fuzz is skipped).
func Cases(tb testing.TB, dir string) []Case {
	tb.Helper()
	entries, err := os.ReadDir(dir)
	require.NoError(tb, err, "connector needs a %s folder with fixture cases", dir)
	var out []Case
	for _, e := range entries {
		if !e.IsDir() || e.Name() == "fuzz" {
			continue
		}
		c := Case{Name: e.Name(), Dir: filepath.Join(dir, e.Name())}
		inputs, _ := filepath.Glob(filepath.Join(c.Dir, "input.*"))
		require.Len(tb, inputs, 1, "%s: want exactly one input.* file", c.Dir)
		c.Input = inputs[0]
		if b, err := os.ReadFile(filepath.Join(c.Dir, "source.yaml")); err == nil {
			dec := yaml.NewDecoder(bytes.NewReader(b))
			dec.KnownFields(true)
			require.NoError(tb, dec.Decode(&c.Source), "%s/source.yaml", c.Dir)
		}
		errFile, errErr := os.ReadFile(filepath.Join(c.Dir, "expected.err"))
		jsonFile, jsonErr := os.ReadFile(filepath.Join(c.Dir, "expected.json"))
		require.True(tb, (errErr == nil) != (jsonErr == nil), "%s: want exactly one of expected.json and expected.err", c.Dir)
		if errErr == nil {
			c.Err = strings.TrimSpace(string(errFile))
			require.NotEmpty(tb, c.Err, "%s/expected.err is empty", c.Dir)
		} else {
			dec := json.NewDecoder(bytes.NewReader(jsonFile))
			dec.DisallowUnknownFields()
			c.Expected = &Expected{}
			require.NoError(tb, dec.Decode(c.Expected), "%s/expected.json", c.Dir)
		}
		out = append(out, c)
	}
	require.NotEmpty(tb, out, "%s has no fixture cases", dir)
	return out
}

// Data reads the case's input.
func (c Case) Data(tb testing.TB) []byte {
	tb.Helper()
	b, err := os.ReadFile(c.Input)
	require.NoError(tb, err)
	return b
}

// Expected is the JSON form of what a connector produced: expected.json.
// Times are RFC 3339 in UTC. raw (of a ticket or a reject) is compared only
// when the expected file gives it.
type Expected struct {
	Tickets  []Ticket  `json:"tickets"`
	Comments []Comment `json:"comments,omitempty"`
	Events   []Event   `json:"events,omitempty"`
	Rejects  []Reject  `json:"rejects"`
	// Directory is the directory entries, in file order.
	Directory []Entry `json:"directory,omitempty"`
}

// Entry is a directory entry, named as in the directory table, and the
// line it is on.
type Entry struct {
	Kind  string `json:"kind"`
	ID    string `json:"id"`
	Name  string `json:"name"`
	Email string `json:"email,omitempty"`
	Line  int64  `json:"line"`
}

// Ticket is a canonical ticket, named as in the tickets table.
type Ticket struct {
	Key               string         `json:"key"`
	Title             string         `json:"title,omitempty"`
	Description       string         `json:"description,omitempty"`
	Kind              string         `json:"kind,omitempty"`
	StatusRaw         string         `json:"status_raw,omitempty"`
	Status            string         `json:"status"`
	PriorityRaw       string         `json:"priority_raw,omitempty"`
	Priority          string         `json:"priority,omitempty"`
	CreatedAt         string         `json:"created_at"`
	FirstResponseAt   string         `json:"first_response_at,omitempty"`
	ResolvedAt        string         `json:"resolved_at,omitempty"`
	ClosedAt          string         `json:"closed_at,omitempty"`
	UpdatedAt         string         `json:"updated_at,omitempty"`
	Requester         string         `json:"requester,omitempty"`
	RequesterTeam     string         `json:"requester_team,omitempty"`
	Assignee          string         `json:"assignee,omitempty"`
	AssignmentGroup   string         `json:"assignment_group,omitempty"`
	Category          string         `json:"category,omitempty"`
	Labels            []string       `json:"labels,omitempty"`
	Components        []string       `json:"components,omitempty"`
	Channel           string         `json:"channel,omitempty"`
	ReopenCount       *int           `json:"reopen_count,omitempty"`
	ReassignmentCount *int           `json:"reassignment_count,omitempty"`
	HandleMinutes     *float64       `json:"handle_minutes,omitempty"`
	SLABreached       *bool          `json:"is_sla_breached,omitempty"`
	Deleted           bool           `json:"is_deleted,omitempty"`
	URL               string         `json:"url,omitempty"`
	Raw               map[string]any `json:"raw,omitempty"`
	Line              int64          `json:"line"`
	Partial           bool           `json:"partial,omitempty"`
}

// Comment is a canonical comment.
type Comment struct {
	Key    string `json:"key"`
	Author string `json:"author,omitempty"`
	At     string `json:"at"`
	Public bool   `json:"is_public"`
	Body   string `json:"body,omitempty"`
}

// Event is a canonical event.
type Event struct {
	Key   string `json:"key"`
	At    string `json:"at"`
	Kind  string `json:"kind"`
	Actor string `json:"actor,omitempty"`
	From  string `json:"from,omitempty"`
	To    string `json:"to,omitempty"`
}

// Reject is a rejected row.
type Reject struct {
	Line   int64  `json:"line"`
	Column string `json:"column,omitempty"`
	Reason string `json:"reason"`
	Raw    string `json:"raw,omitempty"`
}

func ts(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

func tsp(t *time.Time) string {
	if t == nil {
		return ""
	}
	return ts(*t)
}

// Result renders what the sink collected in the form of expected.json.
func (s *Sink) Result() Expected {
	out := Expected{Tickets: []Ticket{}, Rejects: []Reject{}}
	for _, t := range s.Tickets {
		out.Tickets = append(out.Tickets, Ticket{
			Key: t.Key, Title: t.Title, Description: t.Description, Kind: t.Kind,
			StatusRaw: t.StatusRaw, Status: t.Status, PriorityRaw: t.PriorityRaw, Priority: t.Priority,
			CreatedAt: ts(t.CreatedAt), FirstResponseAt: tsp(t.FirstResponseAt), ResolvedAt: tsp(t.ResolvedAt),
			ClosedAt: tsp(t.ClosedAt), UpdatedAt: ts(t.UpdatedAt), Requester: t.Requester, RequesterTeam: t.RequesterTeam,
			Assignee: t.Assignee, AssignmentGroup: t.AssignmentGroup, Category: t.Category, Labels: t.Labels,
			Components: t.Components, Channel: t.Channel, ReopenCount: t.ReopenCount, ReassignmentCount: t.ReassignmentCount,
			HandleMinutes: t.HandleMinutes, SLABreached: t.SLABreached, Deleted: t.Deleted, URL: t.URL, Raw: t.Raw, Line: t.Line,
			Partial: t.Partial,
		})
	}
	for _, c := range s.Comments {
		out.Comments = append(out.Comments, Comment{Key: c.Key, Author: c.Author, At: ts(c.At), Public: c.Public, Body: c.Body})
	}
	for _, e := range s.Events {
		out.Events = append(out.Events, Event{Key: e.Key, At: ts(e.At), Kind: e.Kind, Actor: e.Actor, From: e.From, To: e.To})
	}
	for _, r := range s.Rejects {
		out.Rejects = append(out.Rejects, Reject{Line: r.Line, Column: r.Column, Reason: r.Reason, Raw: r.Raw})
	}
	for _, e := range s.Entries {
		out.Directory = append(out.Directory, Entry{Kind: e.Kind, ID: e.ID, Name: e.Name, Email: e.Email, Line: e.Line})
	}
	// Round-trip through JSON so values compare like decoded expectations
	// ([]string in raw becomes []any, and so on).
	b, err := json.Marshal(out)
	if err != nil {
		panic(err)
	}
	var norm Expected
	if err := json.Unmarshal(b, &norm); err != nil {
		panic(err)
	}
	if norm.Tickets == nil {
		norm.Tickets = []Ticket{}
	}
	if norm.Rejects == nil {
		norm.Rejects = []Reject{}
	}
	return norm
}

// RunFixtures reads every case under dir with conn and compares the result
// with expected.json, or the error with expected.err.
func RunFixtures(t *testing.T, conn ingest.Connector, dir string) {
	for _, c := range Cases(t, dir) {
		t.Run(c.Name, func(t *testing.T) {
			sink, err := Read(context.Background(), conn, filepath.Base(c.Input), c.Data(t), c.Source)
			if c.Err != "" {
				require.Error(t, err, "want the error in %s/expected.err", c.Dir)
				assert.Equal(t, c.Err, err.Error())
				return
			}
			require.NoError(t, err)
			CheckInvariants(t, sink)
			want, got := *c.Expected, sink.Result()
			if want.Tickets == nil {
				want.Tickets = []Ticket{}
			}
			if want.Rejects == nil {
				want.Rejects = []Reject{}
			}
			for i := range got.Tickets {
				if i < len(want.Tickets) && want.Tickets[i].Raw == nil {
					got.Tickets[i].Raw = nil
				}
			}
			for i := range got.Rejects {
				if i < len(want.Rejects) && want.Rejects[i].Raw == "" {
					got.Rejects[i].Raw = ""
				}
			}
			wantJSON, err := json.MarshalIndent(want, "", "  ")
			require.NoError(t, err)
			gotJSON, err := json.MarshalIndent(got, "", "  ")
			require.NoError(t, err)
			assert.Equal(t, string(wantJSON), string(gotJSON), "%s/expected.json", c.Dir)
		})
	}
}

// CheckInvariants checks what must hold for any input: every string the
// warehouse will store is UTF-8, tickets are valid and placed on a line,
// rejects have a reason.
func CheckInvariants(t testing.TB, s *Sink) {
	t.Helper()
	valid := func(what, v string) {
		if !utf8.ValidString(v) {
			t.Errorf("%s is not UTF-8: %q", what, v)
		}
	}
	for _, tk := range s.Tickets {
		for _, v := range []string{tk.Key, tk.Title, tk.Description, tk.Kind, tk.StatusRaw, tk.PriorityRaw, tk.Requester,
			tk.RequesterTeam, tk.Assignee, tk.AssignmentGroup, tk.Category, tk.Channel, tk.URL} {
			valid("ticket "+tk.Key, v)
		}
		for _, v := range append(append([]string(nil), tk.Labels...), tk.Components...) {
			valid("ticket "+tk.Key+" list value", v)
		}
		if col, reason := tk.Check(); reason != "" {
			t.Errorf("ticket %q passed on though %s: %s", tk.Key, col, reason)
		}
		if tk.Line <= 0 {
			t.Errorf("ticket %q has no line", tk.Key)
		}
		if _, err := json.Marshal(tk.Raw); err != nil {
			t.Errorf("ticket %q raw: %v", tk.Key, err)
		}
	}
	for _, c := range s.Comments {
		valid("comment author", c.Author)
		valid("comment body", c.Body)
		if c.At.IsZero() {
			t.Errorf("comment on %q has no time", c.Key)
		}
	}
	for _, e := range s.Entries {
		valid("directory id", e.ID)
		valid("directory name", e.Name)
		valid("directory email", e.Email)
		if e.ID == "" || e.Name == "" {
			t.Errorf("directory entry on line %d passed on without an id or a name", e.Line)
		}
		if e.Line <= 0 {
			t.Errorf("directory entry %q has no line", e.ID)
		}
	}
	for _, r := range s.Rejects {
		valid("reject column", r.Column)
		valid("reject reason", r.Reason)
		valid("reject raw", r.Raw)
		if r.Reason == "" {
			t.Errorf("reject on line %d has no reason", r.Line)
		}
		if r.Line < 0 {
			t.Errorf("reject has line %d", r.Line)
		}
	}
}

// Conformance checks what every connector owes the rest of lanes, using
// every registered connector for detection: it has fixture cases; each
// case that reads successfully is detected as this connector, with a score
// above every other connector's; expected errors name the file; and no
// prefix of any input makes Detect or Read panic or break the invariants.
func Conformance(t *testing.T, conn ingest.Connector, dir string) {
	require.NotEmpty(t, conn.Name())
	require.NotEmpty(t, conn.System())
	cases := Cases(t, dir)
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			data := c.Data(t)
			name := filepath.Base(c.Input)
			if c.Expected != nil {
				head := data[:min(len(data), ingest.HeadSize)]
				own, reason := conn.Detect(name, head)
				assert.GreaterOrEqual(t, own, 20, "%s must recognise its own fixture", conn.Name())
				assert.NotEmpty(t, reason, "Detect must say why")
				for _, other := range ingest.Connectors() {
					if other.Name() == conn.Name() {
						continue
					}
					score, _ := other.Detect(name, head)
					assert.Less(t, score, own, "%s scores %s's fixture %d, %s scores %d", other.Name(), conn.Name(), score, conn.Name(), own)
				}
			} else {
				assert.Contains(t, c.Err, name, "expected.err must name the file")
			}
			for _, n := range prefixes(len(data)) {
				part := data[:n]
				func() {
					defer func() {
						if p := recover(); p != nil {
							t.Fatalf("panic on the first %d bytes: %v", n, p)
						}
					}()
					for _, other := range ingest.Connectors() {
						other.Detect(name, part)
					}
					sink, err := Read(context.Background(), conn, name, part, c.Source)
					if err != nil {
						assert.Contains(t, err.Error(), name, "error on the first %d bytes must name the file", n)
						return
					}
					CheckInvariants(t, sink)
				}()
			}
		})
	}
}

// prefixes picks the truncation points to try: every one for small
// inputs, about 512 spread over larger ones.
func prefixes(n int) []int {
	step := max(1, n/512)
	var out []int
	for i := 0; i < n; i += step {
		out = append(out, i)
	}
	return out
}

// Fuzz seeds f with every fixture input under dir and checks that reading
// any input never panics, keeps the invariants, and that errors name the
// file.
func Fuzz(f *testing.F, conn ingest.Connector, dir string) {
	cases := Cases(f, dir)
	sort.Slice(cases, func(i, j int) bool { return cases[i].Name < cases[j].Name })
	for _, c := range cases {
		f.Add(c.Data(f))
	}
	f.Fuzz(func(t *testing.T, data []byte) { readAny(t, conn, data, "") })
}

// RunPackageFixtures runs RunFixtures for each of a package's connectors,
// each on its own folder testdata/<connector name>.
func RunPackageFixtures(t *testing.T, conns ...ingest.Connector) {
	for _, c := range conns {
		t.Run(c.Name(), func(t *testing.T) {
			RunFixtures(t, c, filepath.Join("testdata", c.Name()))
		})
	}
}

// FuzzPackage is Fuzz for a package with several connectors, each with
// its fixtures in testdata/<connector name>: it seeds f with all of their
// inputs and feeds every input to every connector, since a file meant for
// one is exactly what the others must survive.
func FuzzPackage(f *testing.F, conns ...ingest.Connector) {
	for _, c := range conns {
		for _, cs := range Cases(f, filepath.Join("testdata", c.Name())) {
			f.Add(cs.Data(f))
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, c := range conns {
			readAny(t, c, data, c.Name()+": ")
		}
	})
}

// readAny detects and reads data with conn as a file named input.csv and
// checks what must hold for any input; prefix starts error messages.
func readAny(t *testing.T, conn ingest.Connector, data []byte, prefix string) {
	conn.Detect("input.csv", data)
	sink, err := Read(context.Background(), conn, "input.csv", data, config.Source{})
	if err != nil {
		if !strings.Contains(err.Error(), "input.csv") {
			t.Errorf("%serror does not name the file: %v", prefix, err)
		}
		return
	}
	CheckInvariants(t, sink)
}

// UTF16 encodes s as UTF-16, big or little endian, with or without a byte
// order mark, for encoding tests.
func UTF16(s string, big, bom bool) []byte {
	var out []byte
	if bom {
		if big {
			out = append(out, 0xFE, 0xFF)
		} else {
			out = append(out, 0xFF, 0xFE)
		}
	}
	for _, u := range utf16.Encode([]rune(s)) {
		if big {
			out = append(out, byte(u>>8), byte(u))
		} else {
			out = append(out, byte(u), byte(u>>8))
		}
	}
	return out
}

// DetectClaimsWhatReadReads reads a CSV file for every subset of header's
// columns (in their order, with row's values under them), with Detect and
// with Read, and fails when Detect claims a header that Read refuses for a
// column it lacks (an error saying "the header has no"): the two must
// agree on what a file needs. It also fails unless some header is claimed
// and some refused, so that the check is not empty.
func DetectClaimsWhatReadReads(t *testing.T, conn ingest.Connector, header, row []string) {
	t.Helper()
	require.Len(t, row, len(header))
	claimed, refused := 0, 0
	for set := 1; set < 1<<len(header); set++ {
		var names, values []string
		for i := range header {
			if set&(1<<i) != 0 {
				names = append(names, header[i])
				values = append(values, row[i])
			}
		}
		data := []byte(strings.Join(names, ",") + "\n" + strings.Join(values, ",") + "\n")
		score, _ := conn.Detect("export.csv", data)
		_, err := Read(context.Background(), conn, "export.csv", data, config.Source{})
		lacks := err != nil && strings.Contains(err.Error(), "the header has no")
		if score > 0 {
			claimed++
		}
		if lacks {
			refused++
		}
		assert.False(t, score > 0 && lacks, "Detect claims (score %d) a header Read refuses: %q: %v", score, names, err)
	}
	assert.Positive(t, claimed, "no header was claimed")
	assert.Positive(t, refused, "no header was refused")
}
