package main

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"time"
)

// ITSD is the IT service desk project on Jira Service Management that
// Northwind's Service Desk runs for engineers' requests (the developer
// portal). It is exported through the REST API v3 search endpoint with
// expand=changelog: two pages, the second started ten issues early, so
// ITSD-151..160 are in both files.

var itsdKinds = kindsNamed(snKinds, 0.1,
	"pw_okta", "pw_gws", "pw_1password", "unlock_okta", "unlock_jira",
	"access_github", "access_aws", "access_datadog", "access_repo", "access_k8s", "access_snowflake", "access_pagerduty",
	"access_confluence", "access_jira", "access_gdrive",
	"install_docker", "install_homebrew", "lic_docker", "lic_jira", "lic_figma",
	"hw_laptop", "hw_monitor", "vpn", "offboarding")

const (
	itsdPage1Size = 160
	itsdPage2From = 150
	jiraSite      = "https://northwind.atlassian.net"
	automationID  = "557058:f58131cb-b67d-43c7-b30d-6b58d40bd077"
)

func genITSD(org *Org) []*Ticket {
	r := newRand(5)
	mk := func(k *Kind, created time.Time) *Ticket { return itsdTicket(r, org, k, created) }
	out := draw(r, itsdKinds, mk)
	weekly(r, 2, func(created time.Time) {
		t := mk(snNotion[weighted(r, []float64{4, 3, 2, 0})], created)
		t.Notion = true
		out = append(out, t)
	})
	addVPNSpike(r, &out, 8, func(created time.Time) *Ticket { return mk(snVPNSpike, created) }, func(*Ticket) {})
	sort.SliceStable(out, func(i, j int) bool { return out[i].Created.Before(out[j].Created) })
	for i, t := range out {
		t.Key = fmt.Sprintf("ITSD-%d", i+1)
		t.ID = fmt.Sprint(20311 + 3*i + r.IntN(3))
		itsdFinish(r, org, t)
	}
	return out
}

func itsdTicket(r *rand.Rand, org *Org, k *Kind, created time.Time) *Ticket {
	req := org.anyone(r)
	if r.IntN(10) < 5 { // the developer portal: mostly engineers
		req = pick(r, org.engineers())
	}
	f := newFiller(r, org, req)
	t := &Ticket{Src: "jira_itsd", Kind: k, Intent: k.Intent, Tool: k.Tool, Created: created, Requester: req,
		Title: f.fill(pick(r, k.Titles)), Desc: f.fill(pick(r, k.Descs)), Notion: k.Tool == "Notion"}
	t.Priority = weighted(r, jiraITPrio)
	route(r, org, t, k)
	t.Category = itsdRequestType(k.Intent)
	t.IssueType = "[System] Service request"
	if k.Intent == "hardware" || k.Intent == "vpn_network" {
		t.IssueType = "[System] Incident"
	}
	if r.IntN(60) == 0 && k.Tool != "VPN" {
		t.Canceled = true
		t.Closed = created.Add(time.Duration(lognormal(r, 3, 1)*3600) * time.Second)
		if t.Closed.After(cutoff) {
			t.Canceled, t.Closed = false, time.Time{}
		}
	}
	if !t.Canceled {
		lifetime(r, t, k, 30)
	}
	return t
}

func itsdRequestType(intent string) string {
	switch intent {
	case "password_reset", "account_unlock":
		return "Fix a sign-in problem"
	case "access_request":
		return "Request access"
	case "app_install", "licence_request":
		return "Request software"
	case "hardware":
		return "Report broken hardware"
	case "vpn_network":
		return "Report a connectivity problem"
	case "onboarding", "offboarding":
		return "Join or leave the company"
	}
	return "Get IT help"
}

// itsdFinish draws the history and comments, and sets status and times.
func itsdFinish(r *rand.Rand, org *Org, t *Ticket) {
	t.Reopen = min(t.Reopen, 1)
	if !t.Open && !t.Canceled && t.Resolved.Add(72*time.Hour).Before(cutoff) {
		t.Closed = t.Resolved.Add(72 * time.Hour).Add(time.Duration(r.IntN(900)) * time.Second)
	}
	end := cutoff
	if t.Open {
		end = openUpdated(r, t)
		if cutoff.Sub(t.Created) < 48*time.Hour && r.IntN(2) == 0 {
			t.State = "New"
			t.Assignee = nil
			t.Reassign = 0
			t.Group = "Service Desk"
			if t.EngHandle {
				t.Group = "Service Desk"
			}
		} else if r.IntN(3) == 0 {
			t.Status = "Waiting for customer"
		}
	}
	itGroup := t.Kind.ITGroup
	if itGroup == "" {
		itGroup = "Service Desk"
	}
	t.Steps = lifecycle(r, org, t, itGroup, end)
	last := t.Steps[len(t.Steps)-1]
	t.Status = itsdStatus(last.State)
	t.Updated = last.At
	switch {
	case t.Canceled:
		t.Resolution = "Won't Do"
	case last.State == stResolved || last.State == stClosed:
		t.Resolution = "Done"
	}
	// comments
	f := newFiller(r, org, t.Requester)
	var cs []Comment
	for i, s := range t.Steps {
		if i == 0 {
			continue
		}
		prev := t.Steps[i-1]
		add := func(by *Person, body string, internal bool) {
			if by != nil {
				cs = append(cs, Comment{At: s.At.Add(time.Duration(5+r.IntN(90)) * time.Second), Author: by, Body: body, Internal: internal})
			}
		}
		switch s.Note {
		case "assigned":
			if r.IntN(3) == 0 {
				add(s.By, fmt.Sprintf("Hi %s, thanks for the request, I'm on it.", t.Requester.First), false)
			}
		case "reassigned":
			switch {
			case isEngGroup(prev.Group) && !isEngGroup(s.Group):
				add(s.By, fmt.Sprintf("Sending this back to %s: this can be done in the admin console without us.", s.Group), true)
			case isEngGroup(s.Group) && isEngGroup(prev.Group):
				add(s.By, fmt.Sprintf("Wrong team, %s owns this.", s.Group), true)
			case isEngGroup(s.Group):
				add(s.By, fmt.Sprintf("Escalating to %s, this needs an admin on their side.", s.Group), true)
			default:
				add(s.By, fmt.Sprintf("Moving to %s.", s.Group), true)
			}
		case "asked the requester":
			add(s.By, "Could you confirm which account and environment this is about?", false)
		case "requester replied":
			add(s.By, pick(r, []string{"It's my main account, the one from onboarding.", "Same as before, nothing changed on my side."}), false)
		case "reopened":
			add(s.By, pick(r, waitingComments), false)
		case "resolved":
			if i == len(t.Steps)-1 || t.Steps[i+1].Note == "closed" {
				body := f.fill(pick(r, []string{"Done, please check and let us know if anything is missing.", "This is sorted now. Closing the request.",
					"Done for {first}; it may take ten minutes to show up."}))
				if t.Notion {
					body = "Notion is not on the approved tool list; please use Confluence for team docs."
				}
				add(s.By, body, false)
			}
		}
	}
	t.Comments = cs
	for _, c := range cs {
		if c.At.After(t.Updated) {
			t.Updated = c.At
		}
	}
	if t.Updated.After(cutoff) {
		t.Updated = cutoff.Add(-time.Minute)
	}
	if !t.Resolved.IsZero() && r.IntN(2) == 0 {
		t.WorkSeconds = (5 + int(lognormal(r, 15, 0.7))) * 60
	}
}

func isEngGroup(g string) bool {
	for _, x := range engGroupTeam {
		if x.group == g {
			return true
		}
	}
	return false
}

func itsdStatus(state string) string {
	switch state {
	case stNew:
		return "Waiting for support"
	case stWaiting:
		return "Waiting for customer"
	case stResolved:
		return "Resolved"
	case stClosed:
		return "Closed"
	case stCanceled:
		return "Canceled"
	}
	return "In Progress"
}

var itsdStatusIDs = map[string][2]string{
	"Waiting for support": {"10012", "new"}, "In Progress": {"3", "indeterminate"}, "Waiting for customer": {"10013", "indeterminate"},
	"Resolved": {"10014", "done"}, "Closed": {"6", "done"}, "Canceled": {"10015", "done"},
}

var itsdGroupIDs = map[string]string{
	"Service Desk": "10201", "Desktop Support": "10202", "Identity & Access": "10203", "Network Ops": "10204",
	"Platform Engineering": "10205", "SRE": "10206", "Data Engineering": "10207", "Backend Engineering": "10208",
}

const jiraJSONTime = "2006-01-02T15:04:05.000-0700"

func jiraUser(p *Person) any {
	if p == nil {
		return nil
	}
	return obj{{"accountId", p.AccountID}, {"displayName", p.Name}, {"active", true}, {"accountType", "atlassian"}}
}

var automationUser = obj{{"accountId", automationID}, {"displayName", "Automation for Jira"}, {"active", true}, {"accountType", "app"}}

func jiraAuthor(p *Person) any {
	if p == nil {
		return automationUser
	}
	return jiraUser(p)
}

// adf writes plain text as an Atlassian document: paragraphs apart by blank
// lines, lines in a paragraph joined by hard breaks.
func adf(text string) obj {
	var content []any
	for _, para := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n\n") {
		if strings.TrimSpace(para) == "" {
			continue
		}
		var inline []any
		for i, line := range strings.Split(para, "\n") {
			if i > 0 {
				inline = append(inline, obj{{"type", "hardBreak"}})
			}
			if line != "" {
				inline = append(inline, obj{{"type", "text"}, {"text", line}})
			}
		}
		content = append(content, obj{{"type", "paragraph"}, {"content", inline}})
	}
	return obj{{"type", "doc"}, {"version", 1}, {"content", content}}
}

// adfComment is a comment that mentions the requester.
func adfMention(p *Person, text string) obj {
	return obj{{"type", "doc"}, {"version", 1}, {"content", []any{obj{{"type", "paragraph"}, {"content", []any{
		obj{{"type", "mention"}, {"attrs", obj{{"id", p.AccountID}, {"text", "@" + p.Name}, {"accessLevel", ""}}}},
		obj{{"type", "text"}, {"text", " " + text}},
	}}}}}}
}

func itsdStatusObj(name string) obj {
	id := itsdStatusIDs[name]
	cat := map[string]obj{
		"new":           {{"id", 2}, {"key", "new"}, {"colorName", "blue-gray"}, {"name", "To Do"}},
		"indeterminate": {{"id", 4}, {"key", "indeterminate"}, {"colorName", "yellow"}, {"name", "In Progress"}},
		"done":          {{"id", 3}, {"key", "done"}, {"colorName", "green"}, {"name", "Done"}},
	}[id[1]]
	return obj{{"self", jiraSite + "/rest/api/3/status/" + id[0]}, {"name", name}, {"id", id[0]}, {"statusCategory", cat}}
}

var itsdSLAGoal = []float64{4, 8, 24, 40, 40} // business hours per priority (Highest..Lowest)

func itsdIssue(t *Ticket) obj {
	self := jiraSite + "/rest/api/3/issue/" + t.ID
	var histories []any
	for i := 1; i < len(t.Steps); i++ {
		prev, s := t.Steps[i-1], t.Steps[i]
		var items []any
		if a, b := itsdStatus(prev.State), itsdStatus(s.State); a != b {
			items = append(items, obj{{"field", "status"}, {"fieldtype", "jira"}, {"fieldId", "status"},
				{"from", itsdStatusIDs[a][0]}, {"fromString", a}, {"to", itsdStatusIDs[b][0]}, {"toString", b}})
		}
		if prev.Group != s.Group {
			items = append(items, obj{{"field", "Assignment group"}, {"fieldtype", "custom"}, {"fieldId", "customfield_10050"},
				{"from", itsdGroupIDs[prev.Group]}, {"fromString", prev.Group}, {"to", itsdGroupIDs[s.Group]}, {"toString", s.Group}})
		}
		if prev.Assignee != s.Assignee {
			from, fromS, to, toS := any(nil), any(nil), any(nil), any(nil)
			if prev.Assignee != nil {
				from, fromS = prev.Assignee.AccountID, prev.Assignee.Name
			}
			if s.Assignee != nil {
				to, toS = s.Assignee.AccountID, s.Assignee.Name
			}
			items = append(items, obj{{"field", "assignee"}, {"fieldtype", "jira"}, {"fieldId", "assignee"},
				{"from", from}, {"fromString", fromS}, {"to", to}, {"toString", toS}})
		}
		resolved := func(x step) string {
			switch x.State {
			case stResolved, stClosed:
				return "Done"
			case stCanceled:
				return "Won't Do"
			}
			return ""
		}
		if a, b := resolved(prev), resolved(s); a != b {
			ids := map[string]any{"": nil, "Done": "10000", "Won't Do": "10001"}
			items = append(items, obj{{"field", "resolution"}, {"fieldtype", "jira"}, {"fieldId", "resolution"},
				{"from", ids[a]}, {"fromString", nullStr(a)}, {"to", ids[b]}, {"toString", nullStr(b)}})
		}
		if len(items) == 0 {
			continue
		}
		histories = append(histories, obj{{"id", fmt.Sprint(100000 + 40*atoi(t.ID)%900000 + i)}, {"author", jiraAuthor(s.By)},
			{"created", s.At.Format(jiraJSONTime)}, {"items", items}})
	}
	var comments []any
	for i, c := range t.Comments {
		body := adf(c.Body)
		if !c.Internal && c.Author != t.Requester && i%2 == 0 {
			body = adfMention(t.Requester, c.Body)
		}
		comments = append(comments, obj{{"self", fmt.Sprintf("%s/comment/%d", self, 30000+atoi(t.ID)*3+i)}, {"id", fmt.Sprint(30000 + atoi(t.ID)*3 + i)},
			{"author", jiraUser(c.Author)}, {"body", body},
			{"created", c.At.Format(jiraJSONTime)}, {"updated", c.At.Format(jiraJSONTime)}, {"jsdPublic", !c.Internal}})
	}
	var resolution any
	switch t.Resolution {
	case "Done":
		resolution = obj{{"self", jiraSite + "/rest/api/3/resolution/10000"}, {"id", "10000"}, {"description", "Work has been completed on this issue."}, {"name", "Done"}}
	case "Won't Do":
		resolution = obj{{"self", jiraSite + "/rest/api/3/resolution/10001"}, {"id", "10001"}, {"description", "This issue won't be actioned."}, {"name", "Won't Do"}}
	}
	resDate := t.Resolved
	if t.Canceled {
		resDate = t.Closed
	}
	// SLA: time to resolution in business hours
	goal := itsdSLAGoal[t.Priority]
	sla := obj{{"id", "2"}, {"name", "Time to resolution"}}
	if !resDate.IsZero() {
		took := workBetween(t.Created, resDate, 9, 17)
		sla = append(sla, kv{"completedCycles", []any{obj{{"startTime", obj{{"iso8601", t.Created.Format(jiraJSONTime)}}},
			{"stopTime", obj{{"iso8601", resDate.Format(jiraJSONTime)}}}, {"breached", took.Hours() > goal},
			{"goalDuration", obj{{"millis", int64(goal * 3600e3)}, {"friendly", fmt.Sprintf("%gh", goal)}}},
			{"elapsedTime", obj{{"millis", took.Milliseconds()}}}}}})
	} else {
		took := workBetween(t.Created, cutoff, 9, 17)
		sla = append(sla, kv{"completedCycles", []any{}}, kv{"ongoingCycle", obj{{"startTime", obj{{"iso8601", t.Created.Format(jiraJSONTime)}}},
			{"breached", took.Hours() > goal}, {"paused", t.Status == "Waiting for customer"},
			{"goalDuration", obj{{"millis", int64(goal * 3600e3)}, {"friendly", fmt.Sprintf("%gh", goal)}}},
			{"elapsedTime", obj{{"millis", took.Milliseconds()}}}}})
	}
	issueType := obj{{"self", jiraSite + "/rest/api/3/issuetype/10030"}, {"id", "10030"}, {"name", t.IssueType}, {"subtask", false}, {"hierarchyLevel", 0}}
	if t.IssueType == "[System] Incident" {
		issueType = obj{{"self", jiraSite + "/rest/api/3/issuetype/10031"}, {"id", "10031"}, {"name", t.IssueType}, {"subtask", false}, {"hierarchyLevel", 0}}
	}
	var timespent any
	if t.WorkSeconds > 0 {
		timespent = t.WorkSeconds
	}
	fields := obj{
		{"summary", t.Title},
		{"issuetype", issueType},
		{"project", obj{{"self", jiraSite + "/rest/api/3/project/10040"}, {"id", "10040"}, {"key", "ITSD"}, {"name", "IT Service Desk"}, {"projectTypeKey", "service_desk"}, {"simplified", false}}},
		{"status", itsdStatusObj(t.Status)},
		{"priority", obj{{"self", fmt.Sprintf("%s/rest/api/3/priority/%d", jiraSite, t.Priority+1)}, {"name", jiraPrio[t.Priority]}, {"id", fmt.Sprint(t.Priority + 1)}}},
		{"resolution", resolution},
		{"resolutiondate", nullTime(resDate, jiraJSONTime, nil)},
		{"created", t.Created.Format(jiraJSONTime)},
		{"updated", t.Updated.Format(jiraJSONTime)},
		{"assignee", jiraUser(t.Assignee)},
		{"reporter", jiraUser(t.Requester)},
		{"creator", jiraUser(t.Requester)},
		{"labels", []string{}},
		{"components", []any{}},
		{"timespent", timespent},
		{"description", adf(t.Desc)},
		{"customfield_10010", obj{{"requestType", obj{{"id", itsdRequestTypeID(t.Category)}, {"name", t.Category}, {"serviceDeskId", "4"}}},
			{"currentStatus", obj{{"status", t.Status}, {"statusCategory", strings.ToUpper(itsdStatusIDs[t.Status][1])}}}}},
		{"customfield_10020", sla},
		{"customfield_10050", obj{{"self", jiraSite + "/rest/api/3/customFieldOption/" + itsdGroupIDs[t.Group]}, {"value", t.Group}, {"id", itsdGroupIDs[t.Group]}}},
		{"comment", obj{{"comments", nonNilList(comments)}, {"maxResults", len(comments)}, {"total", len(comments)}, {"startAt", 0}}},
	}
	return obj{
		{"expand", "operations,versionedRepresentations,editmeta,changelog,renderedFields"},
		{"id", t.ID},
		{"self", self},
		{"key", t.Key},
		{"changelog", obj{{"startAt", 0}, {"maxResults", len(histories)}, {"total", len(histories)}, {"histories", nonNilList(histories)}}},
		{"fields", fields},
	}
}

func nonNilList(xs []any) []any {
	if xs == nil {
		return []any{}
	}
	return xs
}

func itsdRequestTypeID(name string) string {
	ids := map[string]string{"Get IT help": "31", "Fix a sign-in problem": "32", "Request access": "33", "Request software": "34",
		"Report broken hardware": "35", "Report a connectivity problem": "36", "Join or leave the company": "37"}
	return ids[name]
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		if c >= '0' && c <= '9' {
			n = n*10 + int(c-'0')
		}
	}
	return n
}

// itsdPages writes the two search pages.
func itsdPages(ts []*Ticket) (page1, page2 []byte) {
	page := func(from, max int) []byte {
		to := min(from+max, len(ts))
		var issues []any
		for _, t := range ts[from:to] {
			issues = append(issues, itsdIssue(t))
		}
		return linesJSON(obj{{"expand", "names,schema"}, {"startAt", from}, {"maxResults", max}, {"total", len(ts)}, {"issues", issues}})
	}
	return page(0, itsdPage1Size), page(itsdPage2From, 1000)
}
