package main

import (
	"bytes"
	"fmt"
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
		made := snRecord(t)[18]
		for i, s := range t.Steps {
			by := "system"
			if s.By != nil {
				by = snowUser(s.By)
			}
			assignee := ""
			if s.Assignee != nil {
				assignee = s.Assignee.Name
			}
			closed := ""
			if s.State == stClosed {
				closed = s.At.Format(snTime)
			}
			rows = append(rows, []string{t.Number, fmt.Sprint(i), s.At.Format(snTime), by, snState[s.State], s.Group, assignee,
				snPriority[t.Priority], t.Title, t.Desc, t.Created.Format(snTime), t.Requester.Name, t.Category, t.CI, t.Contact,
				fmtOr(s.Resolved, snTime), closed, fmt.Sprint(s.Reassigns), fmt.Sprint(s.Reopens), made})
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

var lisbonHeader = []string{"Number", "Opened", "Short description", "Description", "Caller", "Priority", "State", "Category",
	"Configuration item", "Channel", "Assignment group", "Assigned to", "Resolved", "Closed", "Updated",
	"Reassignment count", "Reopen count", "Made SLA"}

func lisbonCSV(ts []*Ticket) ([]byte, error) {
	var rows [][]string
	for _, t := range ts {
		rec := snRecord(t) // number, title, desc, state, priority, opened, resolved, closed, updated, caller, group, assignee, cat, sub, ci, contact, reassign, reopen, made, dur
		lt := func(s string) string {
			if s == "" {
				return ""
			}
			x, err := time.ParseInLocation(snTime, s, berlin)
			if err != nil {
				panic(err)
			}
			return x.In(lisbon).Format(lisbonTime)
		}
		rows = append(rows, []string{rec[0], lt(rec[5]), rec[1], rec[2], rec[9], rec[4], rec[3], rec[12], rec[14], rec[15],
			rec[10], rec[11], lt(rec[6]), lt(rec[7]), lt(rec[8]), rec[16], rec[17], rec[18]})
	}
	text := quoteAllCSV(lisbonHeader, rows)
	// Windows: CRLF line ends outside quoted values are what Excel writes;
	// ServiceNow writes LF, so the file keeps LF and only the encoding changes.
	b, ok := cp1252(string(text))
	if !ok {
		return nil, fmt.Errorf("lisbon incidents: text Windows-1252 cannot hold")
	}
	return b, nil
}
