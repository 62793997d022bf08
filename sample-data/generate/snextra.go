package main

import (
	"bytes"
	"fmt"
	"maps"
	"math/rand/v2"
	"sort"
	"strings"
	"time"
)

// More ServiceNow: requested items (RITM) as a JSON export, the update
// history of escalated incidents (servicenow_audit), and the incidents of
// the Lisbon office's own instance, exported as Windows-1252.

// Requested items from the service catalogue.
var ritmKinds = []*Kind{
	{Name: "ritm_laptop", Intent: "hardware", Tool: "Laptop", Rate: 2.5, Med: 20, Sigma: 0.8, ITGroup: "Desktop Support", Cat: "Standard Laptop",
		Titles: []string{"Standard laptop refresh: MacBook Pro 14", "Replacement laptop for {first}", "MacBook Air for {first}"},
		Descs:  []string{"Current machine is four years old and out of warranty.", "Cost centre {dept}. Ship to the {office} office."}},
	{Name: "ritm_monitor", Intent: "hardware", Tool: "Laptop", Rate: 1.5, Med: 16, Sigma: 0.8, ITGroup: "Desktop Support", Cat: "Peripherals",
		Titles: []string{"External monitor 27\" for home office", "Docking station and second monitor"},
		Descs:  []string{"Approved by {mgr}.", "For the home office set-up."}},
	{Name: "ritm_headset", Intent: "hardware", Rate: 1.2, Med: 16, Sigma: 0.8, ITGroup: "Desktop Support", Cat: "Peripherals",
		Titles: []string{"Noise-cancelling headset", "Headset for the support rota"},
		Descs:  []string{"Standard model from the catalogue.", "Approved by {mgr}."}},
	{Name: "ritm_figma", Intent: "licence_request", Tool: "Figma", Rate: 1, Med: 18, Sigma: 1.0, ITGroup: "Service Desk", Cat: "Software Licence",
		Titles: []string{"Software licence: Figma Professional"},
		Descs:  []string{"Requested for {first}, cost centre {dept}."}},
	{Name: "ritm_zoom", Intent: "licence_request", Tool: "Zoom", Rate: 0.8, Med: 18, Sigma: 1.0, ITGroup: "Service Desk", Cat: "Software Licence",
		Titles: []string{"Software licence: Zoom Webinar add-on"},
		Descs:  []string{"For the customer webinars in {month}."}},
	{Name: "ritm_docker", Intent: "licence_request", Tool: "Docker", Rate: 0.8, Med: 18, Sigma: 1.0, ITGroup: "Service Desk", Cat: "Software Licence",
		Titles: []string{"Software licence: Docker Desktop Business"},
		Descs:  []string{"Needed for local development in the {team} team."}},
	{Name: "ritm_salesforce", Intent: "licence_request", Tool: "Salesforce", Rate: 0.7, Med: 24, Sigma: 1.0, ITGroup: "Service Desk", Cat: "Software Licence",
		Titles: []string{"Software licence: Salesforce Sales Cloud seat"},
		Descs:  []string{"New account executive in {dept}."}},
	{Name: "ritm_github", Intent: "access_request", Tool: "GitHub", Rate: 2.2, Med: 4, Sigma: 1.1, ITGroup: "Identity & Access", Cat: "Developer Access",
		EngProb: 0.9, EngGroups: []string{"Platform Engineering", "SRE"}, EngWeights: []float64{0.85, 0.15},
		Titles: []string{"Developer access: GitHub organisation for {first}", "Developer access: GitHub team {ghteam}"},
		Descs:  []string{"Requested for {first} ({team}). Approved by {mgr}.", "Read on {repo}, write after the first review."}},
	{Name: "ritm_aws", Intent: "access_request", Tool: "AWS", Rate: 1.8, Med: 5, Sigma: 1.1, ITGroup: "Identity & Access", Cat: "Developer Access",
		EngProb: 0.9, EngGroups: []string{"Platform Engineering", "SRE"}, EngWeights: []float64{0.5, 0.5},
		Titles: []string{"Developer access: AWS IAM role for {env}", "Developer access: AWS console read-only for {first}"},
		Descs:  []string{"Needed for {service} in {env}. Approved by {mgr}.", "Read-only is enough."}},
	{Name: "ritm_datadog", Intent: "access_request", Tool: "Datadog", Rate: 1, Med: 4, Sigma: 1.1, ITGroup: "Identity & Access", Cat: "Developer Access",
		EngProb: 0.85, EngGroups: []string{"SRE", "Platform Engineering"}, EngWeights: []float64{0.6, 0.4},
		Titles: []string{"Developer access: Datadog for {first}"},
		Descs:  []string{"Joins the on-call rotation for {service}."}},
	{Name: "ritm_snowflake", Intent: "access_request", Tool: "Snowflake", Rate: 0.7, Med: 5, Sigma: 1.1, ITGroup: "Identity & Access", Cat: "Data Access",
		EngProb: 0.85, EngGroups: []string{"Data Engineering"}, EngWeights: []float64{1},
		Titles: []string{"Data access: Snowflake analyst role for {first}"},
		Descs:  []string{"For the {dept} dashboards. Approved by {mgr}."}},
	{Name: "ritm_gdrive", Intent: "access_request", Tool: "Google Workspace", Rate: 1.5, Med: 3, Sigma: 1.1, ITGroup: "Identity & Access", Cat: "Business Access",
		Titles: []string{"Business access: Google Drive folder {drive}"},
		Descs:  []string{"Edit rights for {first}, approved by the folder owner."}},
	{Name: "ritm_salesforce_access", Intent: "access_request", Tool: "Salesforce", Rate: 0.8, Med: 4, Sigma: 1.1, ITGroup: "Identity & Access", Cat: "Business Access",
		Titles: []string{"Business access: Salesforce report folder for {first}"},
		Descs:  []string{"Same profile as the {dept} team."}},
	{Name: "ritm_onboarding", Intent: "onboarding", Rate: 1.5, Med: 20, Sigma: 0.7, ITGroup: "Service Desk", Cat: "New Hire Bundle",
		Titles: []string{"New hire bundle: {newname} ({dept})"},
		Descs:  []string{"Standard accounts and equipment. Start date {start}. Manager {mgr}."}},
}

var ritmNotion = &Kind{Name: "ritm_notion", Intent: "licence_request", Tool: "Notion", Med: 30, Sigma: 1.0, ITGroup: "Service Desk", Cat: "Software Licence",
	Titles: []string{"Software licence: Notion Plus for {dept}", "Software licence: Notion team workspace"},
	Descs:  []string{"Requested via the catalogue's \"other software\" item; not on the approved list.", "About {n} people use the free plan already."}}

func genRITM(org *Org) []*Ticket {
	r := newRand(6)
	mk := func(k *Kind, created time.Time) *Ticket {
		req := org.anyone(r)
		f := newFiller(r, org, req)
		t := &Ticket{Src: "ritm", Kind: k, Intent: k.Intent, Tool: k.Tool, Created: created, Requester: req,
			Title: f.fill(pick(r, k.Titles)), Desc: f.fill(pick(r, k.Descs)), Category: k.Cat, Notion: k.Tool == "Notion"}
		t.Priority = 3 + weighted(r, []float64{70, 30})
		route(r, org, t, k)
		if r.IntN(40) == 0 {
			t.Canceled = true // rejected by the approver
			t.Closed = addWork(created, lognormal(r, 8, 1), 8, 18)
			if t.Closed.After(cutoff) {
				t.Canceled, t.Closed = false, time.Time{}
			}
		}
		if !t.Canceled {
			lifetime(r, t, k, 25)
			t.Reopen = 0
			t.Closed = t.Resolved
		}
		if t.Open {
			t.Updated = openUpdated(r, t)
			t.State = pick(r, []string{"Open", "Work in Progress", "Work in Progress"})
			if isApproval(k) && r.IntN(2) == 0 {
				t.State = "Pending Approval"
			}
		} else {
			t.Updated = t.Closed.Add(time.Duration(r.IntN(120)) * time.Second)
			t.State = "Closed Complete"
			if t.Canceled {
				t.State = "Closed Incomplete"
			}
		}
		return t
	}
	out := draw(r, ritmKinds, mk)
	weekly(r, 3, func(created time.Time) {
		t := mk(ritmNotion, created)
		t.Notion = true
		out = append(out, t)
	})
	sort.SliceStable(out, func(i, j int) bool { return out[i].Created.Before(out[j].Created) })
	for i, t := range out {
		t.Number = fmt.Sprintf("RITM%07d", 10001+i)
		t.Key = fmt.Sprintf("REQ%07d", 10001+i)
	}
	return out
}

func isApproval(k *Kind) bool { return k.Intent == "access_request" || k.Intent == "licence_request" }

var ritmStage = map[string]string{"Open": "Waiting for Approval", "Pending Approval": "Waiting for Approval", "Work in Progress": "Fulfillment",
	"Closed Complete": "Completed", "Closed Incomplete": "Request Cancelled"}

func ritmRecord(t *Ticket) obj {
	assignee := ""
	if t.Assignee != nil && t.State != "Pending Approval" {
		assignee = t.Assignee.Name
	}
	approval := "approved"
	switch {
	case t.State == "Pending Approval":
		approval = "requested"
	case t.Canceled:
		approval = "rejected"
	case !isApproval(t.Kind):
		approval = "not requested"
	}
	return obj{
		{"sys_id", sysID("ritm", t.Number)},
		{"number", t.Number},
		{"request", t.Key},
		{"sys_class_name", "sc_req_item"},
		{"cat_item", t.Category},
		{"short_description", t.Title},
		{"description", t.Desc},
		{"state", t.State},
		{"stage", ritmStage[t.State]},
		{"approval", approval},
		{"priority", snPriority[t.Priority]},
		{"quantity", "1"},
		{"requested_for", t.Requester.Name},
		{"opened_by", t.Requester.Name},
		{"assignment_group", t.Group},
		{"assigned_to", assignee},
		{"opened_at", t.Created.Format(snTime)},
		{"sys_created_on", t.Created.Format(snTime)},
		{"closed_at", fmtOr(t.Closed, snTime)},
		{"sys_updated_on", t.Updated.Format(snTime)},
		{"sys_updated_by", snowUser(t.Requester)},
	}
}

func ritmJSON(ts []*Ticket) []byte {
	var b bytes.Buffer
	b.WriteString("{\"records\":[\n")
	for i, t := range ts {
		if i > 0 {
			b.WriteString(",\n")
		}
		b.Write(mustJSON(ritmRecord(t)))
	}
	b.WriteString("\n]}\n")
	return b.Bytes()
}

// The audit: every update of the escalated incidents that were closed, one
// row per update as the incident stood after it.

func auditSubset(r *rand.Rand, snow []*Ticket) []*Ticket {
	var out []*Ticket
	for _, t := range snow {
		if !t.EngHandle || t.State != "Closed" || t.Reassign == 0 || t.Assignee == nil {
			continue
		}
		// all ping-pongs and detours, one in five plain escalations
		if t.Reassign >= 2 || r.IntN(5) == 0 {
			out = append(out, t)
		}
	}
	return out
}

var auditHeader = []string{"number", "sys_mod_count", "sys_updated_on", "sys_updated_by", "state", "assignment_group", "assigned_to",
	"priority", "short_description", "description", "opened_at", "caller_id", "category", "cmdb_ci", "contact_type",
	"resolved_at", "closed_at", "reassignment_count", "reopen_count", "made_sla"}

var snState = map[string]string{stNew: "New", stProgress: "In Progress", stWaiting: "On Hold", stResolved: "Resolved", stClosed: "Closed", stCanceled: "Canceled"}

func genAudit(org *Org, snow []*Ticket) ([]*Ticket, [][]string) {
	r := newRand(7)
	sub := auditSubset(r, snow)
	var rows [][]string
	for _, t := range sub {
		incidentSteps(org, t)
		final := snFields(t)
		for i, s := range t.Steps {
			// the incident as it stood after the update
			f := maps.Clone(final)
			f["sys_mod_count"] = fmt.Sprint(i)
			f["sys_updated_on"] = s.At.Format(snTime)
			f["sys_updated_by"] = "system"
			if s.By != nil {
				f["sys_updated_by"] = snowUser(s.By)
			}
			f["state"] = snState[s.State]
			f["assignment_group"] = s.Group
			f["assigned_to"] = personName(s.Assignee)
			f["resolved_at"] = fmtOr(s.Resolved, snTime)
			f["closed_at"] = ""
			if s.State == stClosed {
				f["closed_at"] = s.At.Format(snTime)
			}
			f["reassignment_count"] = fmt.Sprint(s.Reassigns)
			f["reopen_count"] = fmt.Sprint(s.Reopens)
			rows = append(rows, fieldsIn(f, auditHeader))
		}
	}
	// the list is sorted by update time, as the history list shows it
	sort.SliceStable(rows, func(i, j int) bool { return rows[i][2] < rows[j][2] })
	return sub, rows
}

// Lisbon: the office's own instance, in Lisbon time, with day-first dates,
// column labels instead of field names, and Windows-1252 text.

var lisbon = mustZone("Europe/Lisbon")

const lisbonTime = "02/01/2006 15:04:05"

// lisbonOrg is the company without the people whose names Windows-1252
// cannot spell.
func lisbonOrg(org *Org) *Org {
	o := &Org{ByTeam: map[string][]*Person{}, Marta: org.Marta}
	for _, p := range org.People {
		if encodable1252(p.Name) {
			o.People = append(o.People, p)
			o.ByTeam[p.Team] = append(o.ByTeam[p.Team], p)
		}
	}
	for _, n := range org.NewHires {
		if encodable1252(n) {
			o.NewHires = append(o.NewHires, n)
		}
	}
	return o
}

var lisbonRegulars = []string{"José Álvarez", "Zoë Hartley", "François Dubois", "Chloé Martin", "Søren Madsen"}

func genLisbon(org *Org) []*Ticket {
	r := newRand(8)
	lo := lisbonOrg(org)
	var regulars []*Person
	for _, n := range lisbonRegulars {
		regulars = append(regulars, org.byName(n))
	}
	mk := func(k *Kind, created time.Time) *Ticket {
		// office hours in Lisbon: the same wall clock, one hour later in Berlin
		created = time.Date(created.Year(), created.Month(), created.Day(), created.Hour(), created.Minute(), created.Second(), 0, lisbon).In(berlin)
		t := snTicket(r, lo, k, created)
		t.Src, t.Instance = "servicenow_lisbon", "lisbon"
		if r.IntN(4) == 0 {
			t.Requester = pick(r, regulars)
		}
		if strings.Contains(t.Desc, "Mit freundlichen Grüßen") {
			t.Desc = strings.Replace(t.Desc, "Mit freundlichen Grüßen", "Com os melhores cumprimentos", 1)
			t.Desc = t.Desc[:strings.LastIndex(t.Desc, "\r\n")+2] + t.Requester.Name
		}
		return t
	}
	out := draw(r, kindsNamed(snKinds, 0.09, kindNames(snKinds)...), mk)
	addVPNSpike(r, &out, 8, func(created time.Time) *Ticket { return mk(snVPNSpike, created) }, func(t *Ticket) { finishState(r, t) })
	sort.SliceStable(out, func(i, j int) bool { return out[i].Created.Before(out[j].Created) })
	for i, t := range out {
		t.Number = fmt.Sprintf("INC%07d", 4211+i)
	}
	return out
}

func kindNames(ks []*Kind) []string {
	var out []string
	for _, k := range ks {
		out = append(out, k.Name)
	}
	return out
}

// lisbonColumns are the Lisbon export's column labels, the incident field
// each shows, and whether it is a time, shown in Lisbon time.
var lisbonColumns = []struct {
	label, field string
	time         bool
}{
	{"Number", "number", false}, {"Opened", "opened_at", true}, {"Short description", "short_description", false},
	{"Description", "description", false}, {"Caller", "caller_id", false}, {"Priority", "priority", false},
	{"State", "state", false}, {"Category", "category", false}, {"Configuration item", "cmdb_ci", false},
	{"Channel", "contact_type", false}, {"Assignment group", "assignment_group", false}, {"Assigned to", "assigned_to", false},
	{"Resolved", "resolved_at", true}, {"Closed", "closed_at", true}, {"Updated", "sys_updated_on", true},
	{"Reassignment count", "reassignment_count", false}, {"Reopen count", "reopen_count", false}, {"Made SLA", "made_sla", false},
}

// lisbonTimeOf rewrites a Berlin snTime as Lisbon's day-first local time.
func lisbonTimeOf(s string) string {
	if s == "" {
		return ""
	}
	x, err := time.ParseInLocation(snTime, s, berlin)
	if err != nil {
		panic(err)
	}
	return x.In(lisbon).Format(lisbonTime)
}

func lisbonCSV(ts []*Ticket) ([]byte, error) {
	header := make([]string, len(lisbonColumns))
	for i, c := range lisbonColumns {
		header[i] = c.label
	}
	var rows [][]string
	for _, t := range ts {
		f := snFields(t)
		row := make([]string, len(lisbonColumns))
		for i, c := range lisbonColumns {
			row[i] = field(f, c.field)
			if c.time {
				row[i] = lisbonTimeOf(row[i])
			}
		}
		rows = append(rows, row)
	}
	text := quoteAllCSV(header, rows)
	// Windows: CRLF line ends outside quoted values are what Excel writes;
	// ServiceNow writes LF, so the file keeps LF and only the encoding changes.
	b, ok := cp1252(string(text))
	if !ok {
		return nil, fmt.Errorf("lisbon incidents: text Windows-1252 cannot hold")
	}
	return b, nil
}
