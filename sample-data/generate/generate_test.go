package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/lanes-dev/lanes/models/config"
)

func TestGenerationIsDeterministic(t *testing.T) {
	dirs := []string{t.TempDir(), t.TempDir()}
	for _, d := range dirs {
		files, err := generate()
		if err != nil {
			t.Fatal(err)
		}
		if err := writeFiles(d, files); err != nil {
			t.Fatal(err)
		}
	}
	files, _ := generate()
	for _, f := range files {
		a, err := os.ReadFile(filepath.Join(dirs[0], f.path))
		if err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(filepath.Join(dirs[1], f.path))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs between two runs", f.path)
		}
	}
}

// The committed files must be exactly what the generator writes.
func TestCommittedFilesAreFresh(t *testing.T) {
	files, err := generate()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		got, err := os.ReadFile(filepath.Join("..", filepath.FromSlash(f.path)))
		if err != nil {
			t.Errorf("%v (run: go run ./sample-data/generate -out sample-data)", err)
			continue
		}
		if !bytes.Equal(got, f.data) {
			t.Errorf("sample-data/%s is stale; run: go run ./sample-data/generate -out sample-data", f.path)
		}
	}
	// and nothing else is there: no file a former version wrote
	made := map[string]bool{"README.md": true}
	for _, f := range files {
		made[f.path] = true
	}
	_ = filepath.WalkDir("..", func(p string, d os.DirEntry, err error) error {
		rel, _ := filepath.Rel("..", p)
		rel = filepath.ToSlash(rel)
		switch {
		case err != nil || rel == "generate":
			return filepath.SkipDir
		case !d.IsDir() && !made[rel]:
			t.Errorf("sample-data/%s is not written by the generator; remove it", rel)
		}
		return nil
	})
	var total int64
	_ = filepath.Walk("..", func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() && !strings.Contains(p, "generate") {
			total += info.Size()
		}
		return nil
	})
	if total > 8<<20 {
		t.Errorf("sample-data is %d bytes, keep it under 8 MB", total)
	}
}

func loadConfig(t *testing.T) *config.Config {
	t.Helper()
	c, err := config.Load(filepath.Join("..", "lanes.yaml"), false)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestLanesYAMLParses(t *testing.T) {
	c := loadConfig(t)
	if c.Calendar.TimeZone != "Europe/Berlin" {
		t.Errorf("time zone %q", c.Calendar.TimeZone)
	}
	src, ok := c.SourceByName("helpdesk")
	if !ok || src.Format != "csv" || src.Mapping["source_key"] != "Ticket ID" || src.DateFormat != "2006-01-02 15:04" {
		t.Errorf("helpdesk source: %+v", src)
	}
	for _, tool := range c.Tools {
		if tool.Name == "Notion" && tool.IsSanctioned() {
			t.Error("Notion must not be sanctioned")
		}
		for _, k := range catalogue {
			if k.name == tool.Name && !tool.IsSanctioned() {
				t.Errorf("%s should be sanctioned", tool.Name)
			}
		}
	}
}

// classifier applies lanes' rules the strict way: tool aliases match as plain
// substrings (stricter than word matching), intents as the configured RE2
// rules, teams by people then groups.
type classifier struct {
	intents []struct {
		name, class string
		res         []*regexp.Regexp
	}
	tools []struct{ name, alias string }
	teams []struct {
		name, class    string
		groups, people []*regexp.Regexp
	}
}

func newClassifier(t *testing.T, c *config.Config) *classifier {
	cl := &classifier{}
	for _, in := range c.Intents {
		x := struct {
			name, class string
			res         []*regexp.Regexp
		}{name: in.Name, class: in.Class}
		for _, p := range in.Patterns {
			x.res = append(x.res, regexp.MustCompile("(?i)"+p))
		}
		cl.intents = append(cl.intents, x)
	}
	for _, tool := range c.Tools {
		cl.tools = append(cl.tools, struct{ name, alias string }{tool.Name, strings.ToLower(tool.Name)})
		for _, a := range tool.Aliases {
			cl.tools = append(cl.tools, struct{ name, alias string }{tool.Name, strings.ToLower(a)})
		}
	}
	for _, tm := range c.Teams {
		x := struct {
			name, class    string
			groups, people []*regexp.Regexp
		}{name: tm.Name, class: tm.Class}
		for _, g := range tm.Groups {
			x.groups = append(x.groups, regexp.MustCompile("(?i)"+g))
		}
		for _, p := range tm.People {
			x.people = append(x.people, regexp.MustCompile("(?i)"+p))
		}
		cl.teams = append(cl.teams, x)
	}
	return cl
}

func (cl *classifier) intent(text string) (string, string) {
	for _, in := range cl.intents {
		for _, re := range in.res {
			if re.MatchString(text) {
				return in.name, in.class
			}
		}
	}
	return "", ""
}

func (cl *classifier) toolsIn(text string) []string {
	text = strings.ToLower(text)
	var out []string
	for _, x := range cl.tools {
		if strings.Contains(text, x.alias) && (len(out) == 0 || out[len(out)-1] != x.name) {
			out = append(out, x.name)
		}
	}
	sort.Strings(out)
	return compact(out)
}

func compact(xs []string) []string {
	var out []string
	for i, x := range xs {
		if i == 0 || x != xs[i-1] {
			out = append(out, x)
		}
	}
	return out
}

func (cl *classifier) teamClass(t *Ticket) (string, string) {
	if t.Assignee != nil {
		for _, tm := range cl.teams {
			for _, re := range tm.people {
				if re.MatchString(t.Assignee.Name) {
					return tm.name, tm.class
				}
			}
		}
	}
	for _, tm := range cl.teams {
		for _, re := range tm.groups {
			if re.MatchString(t.Group) {
				return tm.name, tm.class
			}
		}
	}
	return "Unassigned", "other"
}

// toolFields are the fields lanes looks for a tool in, in its order:
// components, category, title, description.
func toolFields(t *Ticket) []string {
	switch t.Src {
	case "jira":
		return append(append([]string{}, t.Components...), t.Title, t.Desc)
	case "servicenow", "servicenow_lisbon":
		return []string{t.CI, t.Category, t.Subcategory, t.Title, t.Desc}
	case "jira_itsd", "ritm", "freshservice", "portal":
		// RITM: cat_item is not read, but it must not name another tool either
		return append(append([]string{}, t.Components...), t.Category, t.Title, t.Desc)
	case "eventlog":
		return []string{t.Title}
	}
	return []string{t.Title, t.Desc}
}

// Every ticket reads as what it was written to mean, under either reading of
// "title, then description".
func TestTicketsClassifyAsIntended(t *testing.T) {
	d := build()
	cl := newClassifier(t, loadConfig(t))
	seen := map[string]bool{}
	for _, tk := range d.allTicket {
		report := func(format string, args ...any) {
			if !seen[tk.Kind.Name] { // one report per kind
				seen[tk.Kind.Name] = true
				t.Errorf("%s %s %q: "+format, append([]any{tk.Src, tk.Kind.Name, tk.Title}, args...)...)
			}
		}
		if got, _ := cl.intent(tk.Title + "\n" + tk.Desc); got != tk.Intent {
			report("intent %q, want %q", got, tk.Intent)
		}
		if got, _ := cl.intent(tk.Title); got != "" && got != tk.Intent {
			report("title intent %q, want %q", got, tk.Intent)
		} else if got == "" {
			if got, _ := cl.intent(tk.Desc); got != tk.Intent {
				report("description intent %q, want %q", got, tk.Intent)
			}
		}
		var found []string
		for _, f := range toolFields(tk) {
			if found = cl.toolsIn(f); len(found) > 0 {
				break
			}
		}
		want := []string{tk.Tool}
		if tk.Tool == "" {
			want = nil
		}
		if strings.Join(found, ",") != strings.Join(want, ",") {
			report("tools %v, want %v", found, want)
		}
	}
	for _, p := range d.org.People {
		if ts := cl.toolsIn(p.Name); len(ts) > 0 {
			t.Errorf("name %q contains a tool alias %v", p.Name, ts)
		}
	}
}

func TestPlantedPatterns(t *testing.T) {
	d := build()
	cl := newClassifier(t, loadConfig(t))
	nweeks := numDays / 7
	var pwTotal, pwOkta, accTotal, accEng int
	itEng := map[string]int{}   // per source: IT-type tickets handled by engineering
	itMarta := map[string]int{} // ... of which Marta's
	vpn := make([]int, nweeks)
	notion := make([]int, nweeks)
	open := 0
	for _, tk := range d.allTicket {
		intent, class := cl.intent(tk.Title + "\n" + tk.Desc)
		_, teamClass := cl.teamClass(tk)
		w := weekIndex(tk.Created)
		if intent == "password_reset" {
			pwTotal++
			if tk.Tool == "Okta" {
				pwOkta++
			}
		}
		if intent == "access_request" {
			accTotal++
			if teamClass == "engineering" {
				accEng++
			}
		}
		if class == "it" && teamClass == "engineering" {
			itEng[tk.Src]++
			itEng["all"]++
			if tk.Assignee == d.org.Marta {
				itMarta[tk.Src]++
				itMarta["all"]++
			}
		}
		if tk.Tool == "VPN" {
			vpn[w]++
		}
		if strings.Contains(strings.ToLower(tk.Title+" "+tk.Desc), "notion") {
			notion[w]++
		}
		if tk.Open {
			open++
		}
	}
	share := func(a, b int) float64 { return float64(a) / float64(b) }
	if s := share(pwOkta, pwTotal); s < 0.65 || s > 0.78 {
		t.Errorf("Okta share of password resets %.2f (%d/%d)", s, pwOkta, pwTotal)
	}
	if s := share(accEng, accTotal); s < 0.35 {
		t.Errorf("engineering share of access requests %.2f", s)
	}
	for _, src := range []string{"all", "jira", "servicenow", "helpdesk", "jira_itsd", "ritm", "servicenow_lisbon", "github", "portal"} {
		if s := share(itMarta[src], itEng[src]); s < 0.38 {
			t.Errorf("%s: Marta handles %.2f of IT-type work in engineering (%d/%d)", src, s, itMarta[src], itEng[src])
		}
	}
	spike := weekIndex(vpnWeek)
	var others []int
	for i, c := range vpn {
		if i != spike {
			others = append(others, c)
		}
	}
	sort.Ints(others)
	med := others[len(others)/2]
	if r := share(vpn[spike], med); r < 7 || r > 9.5 || others[len(others)-1]*3 > vpn[spike] {
		t.Errorf("VPN week: %d tickets vs median %d (ratio %.1f), max other %d", vpn[spike], med, r, others[len(others)-1])
	}
	for i, c := range notion {
		if c < 3 {
			t.Errorf("week %d: only %d Notion mentions", i, c)
		}
	}
	if s := share(open, len(d.allTicket)); s < 0.03 || s > 0.08 {
		t.Errorf("open share %.3f", s)
	}
	t.Logf("password resets %d (Okta %.2f); access %d (eng %.2f); IT-in-eng %v Marta %v; VPN W23 %d median %d; open %.3f",
		pwTotal, share(pwOkta, pwTotal), accTotal, share(accEng, accTotal), itEng, itMarta, vpn[spike], med, share(open, len(d.allTicket)))
}

// The CSVs read back with the expected shape, and times are local Berlin
// times on both sides of the DST change.
func TestFilesReadBack(t *testing.T) {
	files, err := generate()
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{"jira/engineering-issues.csv": len(jiraHeader), "servicenow/incidents.csv": len(snHeader), "helpdesk/slack-requests.csv": len(hdHeader)}
	for _, f := range files {
		n, ok := want[f.path]
		if !ok {
			continue
		}
		r := csv.NewReader(bytes.NewReader(f.data))
		recs, err := r.ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", f.path, err)
		}
		if len(recs[0]) != n {
			t.Errorf("%s: %d columns", f.path, len(recs[0]))
		}
		t.Logf("%s: %d rows", f.path, len(recs)-1)
	}
	d := build()
	winter, summer := 0, 0
	for _, tk := range d.snow {
		if _, off := tk.Created.Zone(); off == 3600 {
			winter++
		} else if off == 7200 {
			summer++
		}
	}
	if winter == 0 || summer == 0 {
		t.Errorf("want tickets on both sides of the DST change, got %d CET and %d CEST", winter, summer)
	}
	if tk := d.jira[0]; tk.Created.Before(time.Date(2026, 3, 2, 0, 0, 0, 0, berlin)) {
		t.Errorf("first Jira issue created %v", tk.Created)
	}
}

// The new exports read back as their formats, and the distinct tickets in
// each file are what fileCounts (and the README) say.
func TestExportsReadBack(t *testing.T) {
	files, err := generate()
	if err != nil {
		t.Fatal(err)
	}
	data := map[string][]byte{}
	for _, f := range files {
		data[f.path] = f.data
	}
	records := func(path string, enc func([]byte) string) []map[string]string {
		text := string(data[path])
		if enc != nil {
			text = enc(data[path])
		}
		recs, err := csv.NewReader(strings.NewReader(text)).ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		var out []map[string]string
		for _, r := range recs[1:] {
			m := map[string]string{}
			for i, h := range recs[0] {
				m[h] = r[i]
			}
			out = append(out, m)
		}
		return out
	}
	distinct := func(path, col string) map[string]bool {
		out := map[string]bool{}
		for _, r := range records(path, nil) {
			out[r[col]] = true
		}
		return out
	}
	jsonDoc := func(path string, v any) {
		if err := json.Unmarshal(data[path], v); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
	}
	latin1 := func(b []byte) string { // Windows-1252 is Latin-1 for these names
		r := make([]rune, len(b))
		for i, c := range b {
			r[i] = rune(c)
		}
		return string(r)
	}
	got := map[string]int{}
	got["jira/engineering-issues.csv"] = len(distinct("jira/engineering-issues.csv", "Issue key"))
	// ITSD: two pages that overlap by ten issues
	itsd := map[string]int{}
	for _, p := range []string{"jira/itsd/search-page-1.json", "jira/itsd/search-page-2.json"} {
		var page struct {
			StartAt int `json:"startAt"`
			Issues  []struct {
				Key    string          `json:"key"`
				Fields json.RawMessage `json:"fields"`
			} `json:"issues"`
		}
		jsonDoc(p, &page)
		for _, is := range page.Issues {
			itsd[is.Key]++
		}
	}
	twice := 0
	for _, n := range itsd {
		if n == 2 {
			twice++
		}
	}
	if twice != itsdPage1Size-itsdPage2From {
		t.Errorf("ITSD pages overlap by %d issues, want %d", twice, itsdPage1Size-itsdPage2From)
	}
	got["jira/itsd/"] = len(itsd)
	incidents := distinct("servicenow/incidents.csv", "number")
	for n := range distinct("servicenow/incident-history.csv", "number") {
		if !incidents[n] {
			t.Errorf("audit row for %s, which is not in incidents.csv", n)
		}
	}
	got["servicenow/incidents.csv"] = len(incidents)
	var ritm struct {
		Records []map[string]string `json:"records"`
	}
	jsonDoc("servicenow/requested-items.json", &ritm)
	got["servicenow/requested-items.json"] = len(ritm.Records)
	// Lisbon: Windows-1252, not UTF-8
	lis := data["servicenow/lisbon/incidents.csv"]
	if utf8.Valid(lis) || !bytes.Contains(lis, []byte("Jos\xe9 \xc1lvarez")) || !bytes.Contains(lis, []byte("Zo\xeb Hartley")) {
		t.Error("servicenow/lisbon/incidents.csv should be Windows-1252 with José Álvarez and Zoë Hartley")
	}
	lisbonKeys := map[string]bool{}
	for _, r := range records("servicenow/lisbon/incidents.csv", latin1) {
		lisbonKeys[r["Number"]] = true
	}
	got["servicenow/lisbon/incidents.csv"] = len(lisbonKeys)
	got["helpdesk/slack-requests.csv"] = len(distinct("helpdesk/slack-requests.csv", "Ticket ID"))
	// Zendesk: tickets repeat across pages; one is deleted, one scrubbed
	zd := map[float64]int{}
	statuses := map[string]int{}
	for i := 1; i <= len(zdPageEnds); i++ {
		var page struct {
			Tickets []struct {
				ID      float64 `json:"id"`
				Status  string  `json:"status"`
				Subject string  `json:"subject"`
			} `json:"tickets"`
		}
		jsonDoc(fmt.Sprintf("zendesk/incremental-tickets-%d.json", i), &page)
		for _, tk := range page.Tickets {
			zd[tk.ID]++
			statuses[tk.Status]++
			if tk.Subject == "SCRUBBED" {
				statuses["scrubbed"]++
			}
		}
	}
	repeated := 0
	for _, n := range zd {
		if n > 1 {
			repeated++
		}
	}
	if repeated == 0 || statuses["deleted"] != 2 || statuses["scrubbed"] != 1 {
		t.Errorf("zendesk pages: %d tickets on more than one page, statuses %v", repeated, statuses)
	}
	got["zendesk/"] = len(zd)
	got["freshservice/tickets-2026-h1.csv"] = len(distinct("freshservice/tickets-2026-h1.csv", "Ticket Id"))
	var fs struct {
		Tickets []struct {
			ID float64 `json:"id"`
		} `json:"tickets"`
	}
	jsonDoc("freshservice/tickets-api-2026-07-to-09.json", &fs)
	got["freshservice/tickets-api-2026-07-to-09.json"] = len(fs.Tickets)
	// GitHub: JSON Lines with a few pull requests among the issues
	prs := 0
	for _, line := range strings.Split(strings.TrimSpace(string(data["github/infra-live-issues.jsonl"])), "\n") {
		var is map[string]any
		if err := json.Unmarshal([]byte(line), &is); err != nil {
			t.Fatalf("github issues: %v", err)
		}
		if _, ok := is["pull_request"]; ok {
			prs++
		} else {
			got["github/infra-live-issues.jsonl"]++
		}
	}
	if prs == 0 {
		t.Error("no pull requests among the GitHub issues")
	}
	got["eventlog/incident-process.csv"] = len(distinct("eventlog/incident-process.csv", "Case ID"))
	got["eventlog/incident-process-sample.xes"] = strings.Count(string(data["eventlog/incident-process-sample.xes"]), "<trace>")
	for _, line := range strings.Split(strings.TrimSpace(string(data["portal/access-requests.jsonl"])), "\n") {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("portal: %v", err)
		}
		got["portal/access-requests.jsonl"]++
	}
	// Slack: every file is JSON; #random is there too
	random := 0
	for path, b := range data {
		if strings.HasPrefix(path, "slack/") {
			var v any
			if err := json.Unmarshal(b, &v); err != nil {
				t.Errorf("%s: %v", path, err)
			}
			if strings.HasPrefix(path, "slack/random/") {
				random++
			}
		}
	}
	if random == 0 {
		t.Error("no #random day files in the Slack export")
	}
	d := build()
	total := 0
	for _, c := range d.fileCounts() {
		total += c.n
		if got[c.path] != c.n {
			t.Errorf("%s: %d distinct tickets in the file, %d generated", c.path, got[c.path], c.n)
		}
	}
	t.Logf("%d tickets in all: %v", total, got)
}
