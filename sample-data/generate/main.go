// Command generate writes the Northwind Labs sample exports, one or more in
// every format lanes reads (Jira CSV and REST JSON, ServiceNow CSV, JSON and
// audit, a mapped CSV and JSON Lines, Zendesk tickets and audits,
// Freshservice CSV and JSON, GitHub issues and events, a Slack export, CSV
// and XES event logs), and the company's lanes.yaml.
// The output is byte-identical on every run (fixed PCG seeds, no map
// iteration, no wall clock).
//
//	go run ./sample-data/generate -out sample-data
package main

import (
	"bytes"
	"encoding/csv"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

func main() {
	out := flag.String("out", "sample-data", "directory to write the sample exports into")
	flag.Parse()
	files, err := generate()
	if err == nil {
		err = writeFiles(*out, files)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "generate:", err)
		os.Exit(1)
	}
	for _, f := range files {
		fmt.Printf("%s/%s: %d bytes\n", *out, f.path, len(f.data))
	}
}

type file struct {
	path string // slash-separated, relative to the output directory
	data []byte
}

// dataset is everything the generator produces before it is serialised.
type dataset struct {
	org      *Org
	jira     []*Ticket
	snow     []*Ticket
	helpdesk []*Ticket

	itsd      []*Ticket    // Jira Service Management, REST JSON
	ritm      []*Ticket    // ServiceNow requested items, JSON
	audited   []*Ticket    // incidents whose history is in the audit CSV
	auditRows [][]string   //
	lisbon    []*Ticket    // the Lisbon ServiceNow instance, Windows-1252 CSV
	zendesk   *zendesk     // customer support
	fresh     []*Ticket    // Freshservice, CSV before July, JSON after
	github    []*ghIssue   // issues and pull requests
	slack     []*slackMsg  // help-channel messages
	elCSV     []*elCase    // event log cases, CSV
	elXES     []*elCase    // event log cases, XES
	portal    []*portalReq // access portal requests

	// allTicket is every ticket lanes loads and keeps (deleted ones left
	// out), as the generator meant it.
	allTicket []*Ticket
}

func build() *dataset {
	org := buildOrg()
	d := &dataset{org: org, jira: genJira(org), snow: genServiceNow(org), helpdesk: genHelpdesk(org)}
	d.itsd = genITSD(org)
	d.ritm = genRITM(org)
	d.audited, d.auditRows = genAudit(org, d.snow)
	d.lisbon = genLisbon(org)
	d.zendesk = genZendesk(org)
	d.fresh = genFreshservice(org)
	d.github = genGitHub(org)
	d.slack = genSlack(org, d.helpdesk)
	d.elCSV, d.elXES = genEventLogs(org, d.snow)
	d.portal = genPortal(org)

	d.allTicket = append(append(append([]*Ticket{}, d.jira...), d.snow...), d.helpdesk...)
	d.allTicket = append(d.allTicket, d.itsd...)
	d.allTicket = append(d.allTicket, d.ritm...)
	d.allTicket = append(d.allTicket, d.lisbon...)
	for _, t := range d.zendesk.tickets {
		if t != d.zendesk.spam && t != d.zendesk.scrubbed {
			d.allTicket = append(d.allTicket, t)
		}
	}
	d.allTicket = append(d.allTicket, d.fresh...)
	for _, is := range d.github {
		if !is.pr {
			d.allTicket = append(d.allTicket, is.t)
		}
	}
	for _, c := range append(append([]*elCase{}, d.elCSV...), d.elXES...) {
		d.allTicket = append(d.allTicket, c.t)
	}
	for _, p := range d.portal {
		d.allTicket = append(d.allTicket, p.t)
	}
	return d
}

// fileCounts is how many distinct tickets each export adds to the
// warehouse, as the README lists them.
func (d *dataset) fileCounts() []struct {
	path string
	n    int
} {
	gh := 0
	for _, is := range d.github {
		if !is.pr {
			gh++
		}
	}
	fs := 0
	for _, t := range d.fresh {
		if t.Created.Before(fsSplit) {
			fs++
		}
	}
	return []struct {
		path string
		n    int
	}{
		{"jira/engineering-issues.csv", len(d.jira)},
		{"jira/itsd/", len(d.itsd)},
		{"servicenow/incidents.csv", len(d.snow)},
		{"servicenow/requested-items.json", len(d.ritm)},
		{"servicenow/lisbon/incidents.csv", len(d.lisbon)},
		{"helpdesk/slack-requests.csv", len(d.helpdesk)},
		{"zendesk/", len(d.zendesk.tickets)},
		{"freshservice/tickets-2026-h1.csv", fs},
		{"freshservice/tickets-api-2026-07-to-09.json", len(d.fresh) - fs},
		{"github/infra-live-issues.jsonl", gh},
		{"eventlog/incident-process.csv", len(d.elCSV)},
		{"eventlog/incident-process-sample.xes", len(d.elXES)},
		{"portal/access-requests.jsonl", len(d.portal)},
	}
}

func generate() ([]file, error) {
	d := build()
	var files []file
	add := func(path string, data []byte, err error) error {
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		files = append(files, file{path, data})
		return nil
	}
	// Jira exports list the newest issue first.
	jira := append([]*Ticket(nil), d.jira...)
	sort.SliceStable(jira, func(i, j int) bool { return jira[i].Created.After(jira[j].Created) })
	var jr [][]string
	for _, t := range jira {
		jr = append(jr, jiraRecord(t))
	}
	b, err := encodeCSV(jiraHeader, jr, false)
	if err := add("jira/engineering-issues.csv", b, err); err != nil {
		return nil, err
	}
	var sr [][]string
	for _, t := range d.snow {
		sr = append(sr, snRecord(t))
	}
	if err := add("servicenow/incidents.csv", quoteAllCSV(snHeader, sr), nil); err != nil {
		return nil, err
	}
	var hr [][]string
	for _, t := range d.helpdesk {
		hr = append(hr, hdRecord(t))
	}
	b, err = encodeCSV(hdHeader, hr, true)
	if err := add("helpdesk/slack-requests.csv", b, err); err != nil {
		return nil, err
	}
	// Jira Service Management: two overlapping search pages
	p1, p2 := itsdPages(d.itsd)
	files = append(files, file{"jira/itsd/search-page-1.json", p1}, file{"jira/itsd/search-page-2.json", p2})
	// ServiceNow: audit, requested items, the Lisbon instance
	files = append(files, file{"servicenow/incident-history.csv", quoteAllCSV(auditHeader, d.auditRows)})
	files = append(files, file{"servicenow/requested-items.json", ritmJSON(d.ritm)})
	b, err = lisbonCSV(d.lisbon)
	if err := add("servicenow/lisbon/incidents.csv", b, err); err != nil {
		return nil, err
	}
	// Zendesk
	for i, page := range d.zendesk.pages() {
		files = append(files, file{fmt.Sprintf("zendesk/incremental-tickets-%d.json", i+1), page})
	}
	files = append(files, file{"zendesk/ticket-audits.json", d.zendesk.audits()})
	// Freshservice
	b, err = fsCSV(d.fresh)
	if err := add("freshservice/tickets-2026-h1.csv", b, err); err != nil {
		return nil, err
	}
	files = append(files, file{"freshservice/tickets-api-2026-07-to-09.json", fsJSON(d.fresh)})
	files = append(files, file{"freshservice/agents.json", fsAgents(d.org)}, file{"freshservice/groups.json", fsGroups()},
		file{"freshservice/departments.json", fsDepartments()})
	// GitHub
	files = append(files, file{"github/infra-live-issues.jsonl", ghIssuesJSONL(d.org, d.github)})
	files = append(files, file{"github/infra-live-issue-events.json", ghEvents(d.org, d.github)})
	// Slack
	files = append(files, slackFiles(d.org, d.slack)...)
	// event logs
	b, err = eventlogCSV(d.elCSV)
	if err := add("eventlog/incident-process.csv", b, err); err != nil {
		return nil, err
	}
	files = append(files, file{"eventlog/incident-process-sample.xes", eventlogXES(d.elXES)})
	// the access portal
	files = append(files, file{"portal/access-requests.jsonl", portalJSONL(d.org, d.portal)})
	if err := add("lanes.yaml", lanesYAML(d.org), nil); err != nil {
		return nil, err
	}
	return files, nil
}

func writeFiles(dir string, files []file) error {
	for _, f := range files {
		p := filepath.Join(dir, filepath.FromSlash(f.path))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, f.data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

func encodeCSV(header []string, rows [][]string, crlf bool) ([]byte, error) {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.UseCRLF = crlf
	if err := w.Write(header); err != nil {
		return nil, err
	}
	if err := w.WriteAll(rows); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// quoteAllCSV writes CSV the way ServiceNow exports it: every field quoted.
func quoteAllCSV(header []string, rows [][]string) []byte {
	var b strings.Builder
	line := func(fields []string) {
		for i, f := range fields {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteByte('"')
			b.WriteString(strings.ReplaceAll(f, `"`, `""`))
			b.WriteByte('"')
		}
		b.WriteString("\n")
	}
	line(header)
	for _, r := range rows {
		line(r)
	}
	return []byte(b.String())
}
