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
	g := newTicketGen(seed)
	return writeCSV(out, header, rows, func(int) []string {
		g.next()
		return g.rec
	})
}

// writeCSV writes header, then record(i) for i from 0 to rows-1.
func writeCSV(out io.Writer, header []string, rows int, record func(i int) []string) error {
	bw := bufio.NewWriterSize(out, 1<<20)
	w := csv.NewWriter(bw)
	if err := w.Write(header); err != nil {
		return err
	}
	for i := range rows {
		if err := w.Write(record(i)); err != nil {
			return err
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}
	return bw.Flush()
}

// jiraTime is the date format of the generated Jira export.
const jiraTime = "02/Jan/06 3:04 PM"

// ticket is what the event log needs of a generated ticket.
type ticket struct {
	key                string
	created, updated   time.Time
	status             string // Jira's status name
	resolved           bool
	assignee, reporter string
	team               string // the Team field: the ticket's last assignment group
}

// ticketGen generates the tickets of JiraCSV one at a time: rec is the
// CSV record and t its summary. Every random draw happens in the order the
// original generator made them, so the bytes never change.
type ticketGen struct {
	r    *rand.Rand
	i    int
	rec  []string
	t    ticket
	base time.Time
	span int64
}

func newTicketGen(seed uint64) *ticketGen {
	return &ticketGen{
		r:    rand.New(rand.NewPCG(seed, 0x6c616e6573)),
		rec:  make([]string, len(header)),
		base: time.Date(2019, 1, 1, 8, 0, 0, 0, time.UTC),
		span: int64(6 * 365 * 24 * 60), // minutes
	}
}

func (g *ticketGen) next() {
	r, rec := g.r, g.rec
	pick := func(s []string) string { return s[r.IntN(len(s))] }
	for j := range rec {
		rec[j] = ""
	}
	created := g.base.Add(time.Duration(r.Int64N(g.span)) * time.Minute)
	st := statuses[r.IntN(len(statuses))]
	proj := projects[r.IntN(len(projects))]
	id := 10000 + g.i
	g.i++
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
	rec[12] = created.Format(jiraTime)
	updated := created.Add(time.Duration(r.IntN(72*60)+1) * time.Minute)
	rec[13] = updated.Format(jiraTime)
	if st.resolution != "" {
		rec[15] = updated.Add(-time.Minute).Format(jiraTime)
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
		rec[29] = at.Format(jiraTime) + ";557058:" + pick(people) + ";" + pick(sentences) + " Thanks; " + subject + " checked."
	}
	if r.IntN(8) == 0 {
		rec[31] = "Looked into " + subject + ";" + created.Add(time.Hour).Format(jiraTime) + ";557058:" + pick(people) + ";1800"
	}
	g.t = ticket{key: rec[1], created: created, updated: updated, status: st.status, resolved: st.resolution != "",
		assignee: rec[9], reporter: rec[10], team: rec[26]}
}

// eventHeader is the event log's header, in the generic event-log CSV
// format (connector eventlog_csv): case, activity, time, the person who
// did it and the group the case was with.
var eventHeader = []string{"case_id", "activity", "timestamp", "resource", "org:group"}

// Groups of the event log beyond the Team values of the tickets: SRE is
// an engineering group tickets pass through but never end in.
var (
	itGroups  = []string{"IT Service Desk", "Desktop Support", "Identity"}
	engGroups = []string{"Platform", "SRE"}
	engPeople = []string{"li.wei", "ken.ito", "raj.patel"}
	itPeople  = []string{"priya.raman", "tom.becker", "lena.fischer", "sam.okafor", "ana.silva", "marta.nowak",
		"jon.berg", "eva.horvat", "ola.nilsen"}
)

// EventLogTime is the time format of the event log: local time to the
// second, read in the same time zone as the Jira export's dates.
const EventLogTime = "2006-01-02 15:04:05"

func isEngineering(group string) bool { return group == "Platform" || group == "SRE" }

type logEvent struct{ activity, group, resource string }

// EventLogCSV writes the history of the tickets JiraCSV writes for the same
// rows and seed, as event-log CSV files of at most perFile tickets each
// (the connector holds a file in memory), opened with open(0), open(1),
// ... Each ticket's events run from its creation to its resolution (or,
// while open, to just before its last update), always before its updated
// time, so the Jira export stays the ticket of record and the events
// attach to it. A ticket starts Open, usually with IT Service Desk; a
// quarter cross between IT and engineering groups, a third of those and
// back (ping-pong); some wait for the customer; a tenth of the resolved
// ones are reopened once; the last group is the ticket's Team. It returns
// the number of events written. The same arguments give the same bytes.
func EventLogCSV(rows int, seed uint64, perFile int, open func(part int) (io.WriteCloser, error)) (int, error) {
	if perFile <= 0 {
		perFile = rows
	}
	g := newTicketGen(seed)
	r := rand.New(rand.NewPCG(seed, 0x6576656e7473))
	pick := func(s []string) string { return s[r.IntN(len(s))] }
	var (
		f      io.WriteCloser
		bw     *bufio.Writer
		w      *csv.Writer
		total  int
		evs    []logEvent
		rec    = make([]string, len(eventHeader))
		weight []int64
	)
	closePart := func() error {
		if f == nil {
			return nil
		}
		w.Flush()
		err := w.Error()
		if err == nil {
			err = bw.Flush()
		}
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		f = nil
		return err
	}
	person := func(group string) string {
		if isEngineering(group) {
			return pick(engPeople)
		}
		return pick(itPeople)
	}
	for i := range rows {
		if i%perFile == 0 {
			if err := closePart(); err != nil {
				return total, err
			}
			var err error
			if f, err = open(i / perFile); err != nil {
				return total, err
			}
			bw = bufio.NewWriterSize(f, 1<<20)
			w = csv.NewWriter(bw)
			if err := w.Write(eventHeader); err != nil {
				return total, err
			}
		}
		g.next()
		t := g.t
		evs = evs[:0]
		first := t.team
		if r.IntN(10) < 7 {
			first = "IT Service Desk"
		}
		evs = append(evs, logEvent{"Open", first, t.reporter})
		groups := []string{first}
		if r.IntN(4) == 0 {
			other := pick(engGroups)
			if isEngineering(first) {
				other = pick(itGroups)
			}
			groups = append(groups, other)
			if r.IntN(3) == 0 {
				groups = append(groups, first)
			}
		}
		if groups[len(groups)-1] != t.team {
			groups = append(groups, t.team)
		}
		activity := "In Progress"
		if t.status == "Open" {
			activity = "Open"
		}
		evs = append(evs, logEvent{activity, first, person(first)})
		for _, grp := range groups[1:] {
			evs = append(evs, logEvent{activity, grp, person(grp)})
		}
		last := groups[len(groups)-1]
		if t.status != "Open" && r.IntN(10) < 4 {
			evs = append(evs, logEvent{"Waiting for customer", last, person(last)}, logEvent{"In Progress", last, person(last)})
		}
		if t.resolved && r.IntN(10) == 0 {
			evs = append(evs, logEvent{"Resolved", last, person(last)}, logEvent{"Reopened", last, t.reporter},
				logEvent{"In Progress", last, person(last)})
		}
		if t.status != "Open" && t.status != "In Progress" {
			who := t.assignee
			if who == "" {
				who = person(last)
			}
			evs = append(evs, logEvent{t.status, last, who})
		}
		// Times: the first event at creation, the last at the resolution
		// (the export's Resolved, a minute before Updated) or, while
		// open, a minute before the last update; the others in between
		// at random steps, to the second.
		end := t.updated.Add(-time.Minute)
		span := int64(end.Sub(t.created) / time.Second)
		weight = weight[:0]
		var sum int64
		for range len(evs) - 1 {
			x := r.Int64N(100) + 1
			sum += x
			weight = append(weight, x)
		}
		var cum int64
		for k, e := range evs {
			at := t.created
			if k > 0 {
				cum += weight[k-1]
				at = t.created.Add(time.Duration(span*cum/sum) * time.Second)
			}
			rec[0], rec[1], rec[2], rec[3], rec[4] = t.key, e.activity, at.Format(EventLogTime), e.resource, e.group
			if err := w.Write(rec); err != nil {
				return total, err
			}
		}
		total += len(evs)
	}
	return total, closePart()
}
