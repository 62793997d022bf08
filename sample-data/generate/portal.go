package main

import (
	"bytes"
	"fmt"
	"sort"
	"time"
)

// The access portal: Northwind's internal self-service app for access
// requests (a request, a manager's approval, then provisioning by the
// owning team or by an Okta Workflows automation). Its nightly export is
// JSON Lines, one request per line, read with the `jsonl` format and a
// mapping in lanes.yaml.

var portalKinds = []*Kind{
	{Name: "ap_github", Intent: "access_request", Tool: "GitHub", Rate: 2.2, Med: 4, Sigma: 1.1, ITGroup: "Identity & Access", Cat: "GitHub",
		EngProb: 0.95, EngGroups: []string{"Platform Engineering"}, EngWeights: []float64{1},
		Titles: []string{"GitHub: {ghteam} team membership for {first}"}, Descs: []string{"Needed for the {team} sprint work.", "Moving to the {team} team."}},
	{Name: "ap_aws", Intent: "access_request", Tool: "AWS", Rate: 1.8, Med: 5, Sigma: 1.1, ITGroup: "Identity & Access", Cat: "AWS",
		EngProb: 0.95, EngGroups: []string{"Platform Engineering", "SRE"}, EngWeights: []float64{0.6, 0.4},
		Titles: []string{"AWS: {env}-readonly role for {first}", "AWS: deploy role for {service} in {env}"}, Descs: []string{"Debugging {service} in {env}.", "Release duty next week."}},
	{Name: "ap_datadog", Intent: "access_request", Tool: "Datadog", Rate: 1, Med: 4, Sigma: 1.1, ITGroup: "Identity & Access", Cat: "Datadog",
		EngProb: 0.9, EngGroups: []string{"SRE"}, EngWeights: []float64{1},
		Titles: []string{"Datadog: standard role for {first}"}, Descs: []string{"Joining the on-call rotation."}},
	{Name: "ap_k8s", Intent: "access_request", Tool: "Kubernetes", Rate: 0.8, Med: 5, Sigma: 1.1, ITGroup: "Identity & Access", Cat: "Kubernetes",
		EngProb: 0.95, EngGroups: []string{"SRE", "Platform Engineering"}, EngWeights: []float64{0.6, 0.4},
		Titles: []string{"Kubernetes: {env} namespace viewer role for {first}"}, Descs: []string{"To read pod logs for {service}."}},
	{Name: "ap_snowflake", Intent: "access_request", Tool: "Snowflake", Rate: 0.7, Med: 5, Sigma: 1.1, ITGroup: "Identity & Access", Cat: "Snowflake",
		EngProb: 0.9, EngGroups: []string{"Data Engineering"}, EngWeights: []float64{1},
		Titles: []string{"Snowflake: ANALYST role for {first}"}, Descs: []string{"For the {dept} reporting."}},
	{Name: "ap_gdrive", Intent: "access_request", Tool: "Google Workspace", Rate: 2, Med: 3, Sigma: 1.1, ITGroup: "Identity & Access", Cat: "Google Drive",
		Titles: []string{"Google Drive: edit access to {drive}"}, Descs: []string{"Working on it with {first}.", "Folder owner is on holiday."}},
	{Name: "ap_slack", Intent: "access_request", Tool: "Slack", Rate: 1.2, Med: 2, Sigma: 1.1, ITGroup: "Identity & Access", Cat: "Slack",
		Titles: []string{"Slack: access to {channel}"}, Descs: []string{"Private channel for the project."}},
	{Name: "ap_salesforce", Intent: "access_request", Tool: "Salesforce", Rate: 0.8, Med: 4, Sigma: 1.1, ITGroup: "Identity & Access", Cat: "Salesforce",
		Titles: []string{"Salesforce: report folder access for {first}"}, Descs: []string{"Same profile as the {dept} team."}},
	{Name: "ap_jira", Intent: "access_request", Tool: "Jira", Rate: 0.8, Med: 3, Sigma: 1.1, ITGroup: "Identity & Access", Cat: "Jira",
		Titles: []string{"Jira: project {project} access for {first}"}, Descs: []string{"Needs to comment on issues."}},
}

type portalReq struct {
	t        *Ticket
	approver *Person
	approved time.Time
	auto     bool
}

func genPortal(org *Org) []*portalReq {
	r := newRand(16)
	var out []*portalReq
	mk := func(k *Kind, created time.Time) *Ticket {
		req := org.anyone(r)
		f := newFiller(r, org, req)
		t := &Ticket{Src: "portal", Kind: k, Intent: k.Intent, Tool: k.Tool, Created: created, Requester: req,
			Title: f.fill(pick(r, k.Titles)), Desc: f.fill(pick(r, k.Descs)), Components: []string{k.Cat}}
		route(r, org, t, k)
		t.Reassign = 0
		p := &portalReq{t: t, approver: pick(r, org.People)}
		p.approved = addWork(created, lognormal(r, 2, 1), 8, 18)
		if !t.EngHandle && r.IntN(3) == 0 {
			p.auto = true
			t.Assignee = nil
		}
		switch {
		case r.IntN(30) == 0:
			t.Canceled = true
			t.Closed = p.approved
			p.approved = time.Time{}
		case p.auto:
			t.Resolved = p.approved.Add(time.Duration(30+r.IntN(300)) * time.Second)
		default:
			t.Resolved = resolveAfter(r, k, p.approved, 8, 18)
		}
		switch {
		case t.Canceled && t.Closed.After(cutoff), !p.approved.IsZero() && p.approved.After(cutoff):
			t.Canceled, t.Closed, p.approved = false, time.Time{}, time.Time{}
			t.Open, t.Resolved = true, time.Time{}
		case !t.Canceled && t.Resolved.After(cutoff):
			t.Open, t.Resolved = true, time.Time{}
		}
		if (t.Open && (p.approved.IsZero() || p.auto)) || t.Canceled {
			t.Assignee = nil
			if !p.auto || t.Canceled {
				t.Group = ""
			}
		}
		t.Updated = t.Resolved
		switch {
		case t.Canceled:
			t.Updated = t.Closed
		case t.Open && !p.approved.IsZero():
			t.Updated = p.approved
		case t.Open:
			t.Updated = t.Created
		}
		out = append(out, p)
		return t
	}
	draw(r, portalKinds, mk)
	sort.SliceStable(out, func(i, j int) bool { return out[i].t.Created.Before(out[j].t.Created) })
	for i, p := range out {
		p.t.Key = fmt.Sprintf("AR-2026-%05d", 1+i)
	}
	return out
}

const portalTime = "2006-01-02T15:04:05-07:00"

func portalJSONL(org *Org, reqs []*portalReq) []byte {
	var b bytes.Buffer
	for _, p := range reqs {
		t := p.t
		state := "completed"
		switch {
		case t.Canceled:
			state = "rejected"
		case t.Open && p.approved.IsZero():
			state = "pending_approval"
		case t.Open:
			state = "in_progress"
		}
		var fulfiller any
		switch {
		case p.auto && !t.Open:
			fulfiller = obj{{"name", "Okta Workflows"}, {"email", nil}, {"team", t.Group}}
		case t.Assignee != nil && !t.Canceled && !(t.Open && p.approved.IsZero()):
			fulfiller = obj{{"name", t.Assignee.Name}, {"email", email(t.Assignee)}, {"team", t.Group}}
		}
		var approval any
		if !p.approved.IsZero() {
			approval = obj{{"by", email(p.approver)}, {"at", p.approved.Format(portalTime)}, {"decision", "approved"}}
		} else if t.Canceled {
			approval = obj{{"by", email(p.approver)}, {"at", t.Closed.Format(portalTime)}, {"decision", "rejected"}}
		}
		env := any(nil)
		for _, e := range slot["env"] {
			if bytes.Contains([]byte(t.Title), []byte(e+"-")) || bytes.Contains([]byte(t.Title), []byte(" "+e+" ")) || bytes.HasSuffix([]byte(t.Title), []byte(" "+e)) {
				env = e
			}
		}
		rec := obj{
			{"request_id", t.Key},
			{"type", "access_request"},
			{"summary", t.Title},
			{"justification", t.Desc},
			{"state", state},
			{"priority", "normal"},
			{"resource", obj{{"system", t.Components[0]}, {"entitlement", t.Title[len(t.Components[0])+2:]}, {"environment", env}}},
			{"requester", obj{{"name", t.Requester.Name}, {"email", email(t.Requester)}, {"department", t.Requester.Team}}},
			{"approval", approval},
			{"fulfiller", fulfiller},
			{"created_at", t.Created.Format(portalTime)},
			{"updated_at", t.Updated.Format(portalTime)},
			{"fulfilled_at", nullTime(t.Resolved, portalTime, nil)},
			{"links", obj{{"self", "https://access.northwind-labs.com/requests/" + t.Key}}},
		}
		b.Write(mustJSON(rec))
		b.WriteByte('\n')
	}
	return b.Bytes()
}
