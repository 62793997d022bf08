// Package benchgen writes synthetic ticket exports for benchmarks: files
// shaped like the real thing (Jira's repeated columns, multi-line
// descriptions, comment cells) at any size, deterministically.
package benchgen

import (
	"bufio"
	"encoding/csv"
	"io"
	"math/rand/v2"
	"strconv"
	"time"
)

// header is the column list of Jira's "Export Excel CSV (all fields)",
// trimmed to the fields ticket analytics reads plus a few it does not;
// multi-valued fields repeat their column, as Jira does.
var header = []string{
	"Summary", "Issue key", "Issue id", "Issue Type", "Status", "Project key", "Project name", "Priority",
	"Resolution", "Assignee", "Reporter", "Creator", "Created", "Updated", "Last Viewed", "Resolved",
	"Component/s", "Component/s", "Due date", "Labels", "Labels", "Labels", "Description",
	"Watchers", "Watchers", "Time Spent", "Custom field (Team)", "Custom field (Request Type)", "Sprint",
	"Comment", "Comment", "Log Work", "Log Work",
}

var (
	subjects = []string{"VPN", "laptop", "password", "MFA", "GitHub access", "printer", "Slack", "Zoom", "shared drive",
		"Okta", "badge", "monitor", "Jira board", "Figma licence", "email alias", "Wi-Fi", "calendar", "AWS console"}
	verbs = []string{"Cannot use", "Request for", "Problem with", "Reset", "Need access to", "Install", "Broken",
		"Slow", "Set up", "Remove"}
	types    = []string{"Incident", "Service Request", "Task", "Bug"}
	statuses = []struct{ status, resolution string }{
		{"Open", ""}, {"In Progress", ""}, {"Waiting for customer", ""}, {"Resolved", "Done"},
		{"Done", "Done"}, {"Closed", "Won't Do"}, {"Closed", "Duplicate"}, {"Done", "Fixed"},
	}
	priorities = []string{"Highest", "High", "Medium", "Low", "Lowest"}
	projects   = []struct{ key, name string }{{"IT", "IT Help"}, {"OPS", "Operations"}, {"SEC", "Security Desk"}}
	people     = []string{"priya.raman", "tom.becker", "lena.fischer", "sam.okafor", "ana.silva", "li.wei",
		"marta.nowak", "jon.berg", "eva.horvat", "ken.ito", "ola.nilsen", "raj.patel"}
	components = []string{"VPN", "macOS", "Windows", "Accounts", "Software", "Hardware", "Network"}
	labels     = []string{"network", "remote-work", "onboarding", "mfa", "hardware", "access", "urgent", "p-sev2"}
	teams      = []string{"IT Service Desk", "Desktop Support", "Platform", "Identity"}
	requests   = []string{"Get IT help", "Report an incident", "Request new software", "Request access"}
	sentences  = []string{"Started this morning.", "Happens every few minutes.", "Restart did not help.",
		"Affects the whole team.", "Error says access denied.", "Worked fine last week.", "See attached screenshot."}
)

// JiraCSV writes a Jira "Export Excel CSV (all fields)" file with rows
// tickets, about 300 bytes each. The same rows and seed give the same bytes.
func JiraCSV(out io.Writer, rows int, seed uint64) error {
	bw := bufio.NewWriterSize(out, 1<<20)
	w := csv.NewWriter(bw)
	if err := w.Write(header); err != nil {
		return err
	}
	r := rand.New(rand.NewPCG(seed, 0x6c616e6573))
	pick := func(s []string) string { return s[r.IntN(len(s))] }
	base := time.Date(2019, 1, 1, 8, 0, 0, 0, time.UTC)
	span := int64(6 * 365 * 24 * 60) // minutes
	rec := make([]string, len(header))
	const jira = "02/Jan/06 3:04 PM"
	for i := range rows {
		for j := range rec {
			rec[j] = ""
		}
		created := base.Add(time.Duration(r.Int64N(span)) * time.Minute)
		st := statuses[r.IntN(len(statuses))]
		proj := projects[r.IntN(len(projects))]
		id := 10000 + i
		subject := pick(subjects)
		rec[0] = pick(verbs) + " " + subject
		rec[1] = proj.key + "-" + strconv.Itoa(id)
		rec[2] = strconv.Itoa(id)
		rec[3] = pick(types)
		rec[4] = st.status
		rec[5] = proj.key
		rec[6] = proj.name
		rec[7] = pick(priorities)
		rec[8] = st.resolution
		if st.status != "Open" {
			rec[9] = pick(people)
		}
		rec[10] = pick(people)
		rec[11] = rec[10]
		rec[12] = created.Format(jira)
		updated := created.Add(time.Duration(r.IntN(72*60)+1) * time.Minute)
		rec[13] = updated.Format(jira)
		if st.resolution != "" {
			rec[15] = updated.Add(-time.Minute).Format(jira)
		}
		rec[16] = pick(components)
		if r.IntN(4) == 0 {
			rec[17] = pick(components)
		}
		for k := range r.IntN(4) {
			rec[19+k] = pick(labels)
		}
		desc := pick(sentences)
		if r.IntN(5) == 0 {
			desc += "\n" + pick(sentences) + "\n" + pick(sentences)
		}
		rec[22] = desc
		rec[23] = rec[10]
		if r.IntN(2) == 0 {
			rec[25] = strconv.Itoa(60 * (r.IntN(120) + 5))
		}
		rec[26] = pick(teams)
		rec[27] = pick(requests)
		if r.IntN(3) == 0 {
			at := created.Add(time.Duration(r.IntN(120)+1) * time.Minute)
			rec[29] = at.Format(jira) + ";557058:" + pick(people) + ";" + pick(sentences) + " Thanks; " + subject + " checked."
		}
		if r.IntN(8) == 0 {
			rec[31] = "Looked into " + subject + ";" + created.Add(time.Hour).Format(jira) + ";557058:" + pick(people) + ";1800"
		}
		if err := w.Write(rec); err != nil {
			return err
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	return nil
}
