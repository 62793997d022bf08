package main

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"time"
)

// Help-form kinds: requests posted in Slack help channels and the web form.
var hdKinds = []*Kind{
	{Name: "hd_okta", Intent: "password_reset", Tool: "Okta", Rate: 3.2, Med: 0.5, Sigma: 1.0, Queue: "IT Help",
		Titles: []string{"okta mfa reset pls", "locked out of okta again", "need okta password reset", "Okta Verify MFA broken after phone swap"},
		Descs:  []string{"new phone, okta verify is gone", "tried 3 times, now it says locked", "can't do anything until this is fixed :("}},
	{Name: "hd_pw_gws", Intent: "password_reset", Tool: "Google Workspace", Rate: 0.5, Med: 0.7, Sigma: 1.0, Queue: "IT Help",
		Titles: []string{"google workspace password reset"},
		Descs:  []string{"forgot it after holidays"}},
	{Name: "hd_pw_vpn", Intent: "password_reset", Tool: "VPN", Rate: 0.3, Med: 0.7, Sigma: 1.0, Queue: "IT Help",
		Titles: []string{"vpn password expired?"},
		Descs:  []string{"globalprotect says expired"}},
	{Name: "hd_vpn", Intent: "vpn_network", Tool: "VPN", Rate: 0.9, Med: 2, Sigma: 1.0, Queue: "IT Help",
		Titles: []string{"vpn keeps disconnecting", "cannot connect to vpn from {office}", "globalprotect spinning forever"},
		Descs:  []string{"every few minutes, super annoying", "worked yesterday"}},
	{Name: "hd_laptop", Intent: "hardware", Tool: "Laptop", Rate: 1, Med: 12, Sigma: 1.0, Queue: "IT Help",
		Titles: []string{"laptop battery dying after 2h", "macbook keyboard double-typing"},
		Descs:  []string{"it's the 2023 model", "started this week"}},
	{Name: "hd_figma", Intent: "licence_request", Tool: "Figma", Rate: 0.6, Med: 16, Sigma: 1.0, Queue: "IT Help",
		Titles: []string{"can i get a figma licence?"},
		Descs:  []string{"for the landing page work with {first}"}},
	{Name: "hd_zoom", Tool: "Zoom", Rate: 0.6, Med: 3, Sigma: 1.0, Queue: "IT Help",
		Titles: []string{"zoom recording not showing up"},
		Descs:  []string{"recorded the all-hands, can't find it"}},
	{Name: "hd_onboarding", Intent: "onboarding", Rate: 0.5, Med: 10, Sigma: 0.8, Queue: "IT Help",
		Titles: []string{"new starter {start}, accounts ready?"},
		Descs:  []string{"{newname} joins my team {start}"}},
	{Name: "hd_gdrive", Intent: "access_request", Tool: "Google Workspace", Rate: 0.8, Med: 3, Sigma: 1.0, Queue: "IT Help",
		Titles: []string{"google drive access to {drive}"},
		Descs:  []string{"need edit rights please"}},

	{Name: "hd_github", Intent: "access_request", Tool: "GitHub", Rate: 2, Med: 2, Sigma: 1.1, Queue: "Ask Platform",
		Titles: []string{"github org invite for {first}", "pls add {first} to github team {ghteam}"},
		Descs:  []string{"new contractor, starts today", "IT said to ask here"}},
	{Name: "hd_aws", Intent: "access_request", Tool: "AWS", Rate: 1.5, Med: 3, Sigma: 1.1, Queue: "Ask Platform",
		Titles: []string{"need aws iam role for {env}", "aws console access for {first}"},
		Descs:  []string{"read-only is fine", "for debugging {service}"}},
	{Name: "hd_datadog", Intent: "access_request", Tool: "Datadog", Rate: 0.8, Med: 3, Sigma: 1.1, Queue: "Ask Platform",
		Titles: []string{"datadog access for {first}"},
		Descs:  []string{"joining on-call"}},
	{Name: "hd_k8s", Intent: "access_request", Tool: "Kubernetes", Rate: 0.6, Med: 3, Sigma: 1.1, Queue: "Ask Platform",
		Titles: []string{"kubectl access to {env}"},
		Descs:  []string{"need to tail logs for {service}"}},
	{Name: "hd_pagerduty", Intent: "access_request", Tool: "PagerDuty", Rate: 0.4, Med: 3, Sigma: 1.1, Queue: "Ask Platform",
		Titles: []string{"pagerduty access for {first}"},
		Descs:  []string{"shadowing next week"}},

	{Name: "hd_down", Intent: "outage", Rate: 1, Med: 1.5, Sigma: 0.9, Calendar: true, Queue: "SRE",
		Titles: []string{"is staging down?", "{service} down for anyone else?"},
		Descs:  []string{"getting timeouts since 10 min", "deploys are stuck too"}},
	{Name: "hd_alerts", Tool: "Datadog", Rate: 0.5, Med: 2, Sigma: 0.9, Queue: "SRE",
		Titles: []string{"datadog alerts firing for {service}, known?"},
		Descs:  []string{"lots of noise in #alerts"}},
	{Name: "hd_sre_aws", Intent: "access_request", Tool: "AWS", Rate: 0.5, Med: 3, Sigma: 1.1, Queue: "SRE",
		Titles: []string{"aws iam role for ci runner on {env}"},
		Descs:  []string{"the new runner pool needs to pull images"}},
	{Name: "hd_phishing", Intent: "phishing_report", Rate: 0.5, Med: 1, Sigma: 1.0, Queue: "Security",
		Titles: []string{"suspicious email from fake CEO", "phishing? message about my payslip"},
		Descs:  []string{"didn't click anything", "forwarded it to you"}},
}

var (
	hdNotion = []*Kind{
		{Name: "hd_notion", Tool: "Notion", Med: 8, Sigma: 1.0, Queue: "IT Help",
			Titles: []string{"can we get notion for the {dept} team?", "notion workspace export for {vendor}", "is notion ok to use for meeting notes?"},
			Descs:  []string{"we’re already using the free plan – would be great to make it official", "the agency shares everything in notion"}},
	}
	hdVPNSpike = &Kind{Name: "hd_vpn_spike", Intent: "vpn_network", Tool: "VPN", Med: 1, Sigma: 0.8, Queue: "IT Help",
		Titles: []string{"vpn down again??", "cannot connect to vpn", "GlobalProtect VPN keeps disconnecting", "is the vpn broken for everyone?"},
		Descs:  []string{"same as everyone else I guess", "drops every 2 minutes", "can’t reach anything internal"}}
)

var hdChannel = map[string]string{"IT Help": "#it-help", "Ask Platform": "#ask-platform", "SRE": "#sre-help", "Security": "#security"}

func hdAgent(r *rand.Rand, org *Org, t *Ticket) *Person {
	switch t.Group {
	case "Ask Platform":
		if t.Kind.IT() && r.Float64() < 0.55 {
			return org.Marta
		}
		if r.IntN(4) == 0 {
			return engPick(r, org, "SRE")
		}
		return engPick(r, org, "Platform")
	case "SRE":
		return engPick(r, org, "SRE")
	case "Security":
		return pick(r, org.groupMembers("Security Operations"))
	}
	if t.Intent == "hardware" {
		return pick(r, org.groupMembers("Desktop Support"))
	}
	if t.Tool == "VPN" && r.IntN(2) == 0 {
		return pick(r, org.groupMembers("Network Ops"))
	}
	return pick(r, org.groupMembers("Service Desk"))
}

func genHelpdesk(org *Org) []*Ticket {
	r := newRand(4)
	var out []*Ticket
	for d := 0; d < numDays; d++ {
		dt := day(d)
		for _, k := range hdKinds {
			for n := poisson(r, 1.12*k.Rate*dayFactor(dt)); n > 0; n-- {
				out = append(out, hdTicket(r, org, k, timeOfDay(r, dt)))
			}
		}
		if dt.Weekday() == time.Monday {
			t := hdTicket(r, org, pick(r, hdNotion), timeOfDay(r, dt.AddDate(0, 0, r.IntN(5))))
			t.Notion = true
			out = append(out, t)
		}
	}
	addVPNSpike(r, &out, 8, func(created time.Time) *Ticket { return hdTicket(r, org, hdVPNSpike, created) },
		func(t *Ticket) { hdFinish(r, t) })
	sort.SliceStable(out, func(i, j int) bool { return out[i].Created.Before(out[j].Created) })
	for i, t := range out {
		t.Number = fmt.Sprintf("HD-%d", 1001+i)
	}
	return out
}

func hdTicket(r *rand.Rand, org *Org, k *Kind, created time.Time) *Ticket {
	req := org.anyone(r)
	f := newFiller(r, org, req)
	t := &Ticket{Src: "helpdesk", Kind: k, Intent: k.Intent, Tool: k.Tool, Created: created, Requester: req,
		Title: f.fill(pick(r, k.Titles)), Desc: f.fill(pick(r, k.Descs)), Group: k.Queue, Notion: k.Tool == "Notion"}
	t.Channel = hdChannel[k.Queue]
	if k.Queue == "IT Help" && r.IntN(5) == 0 {
		t.Channel = "web form"
		// the web form is used from Windows machines: curly quotes, CRLF
		t.Desc = strings.ReplaceAll(t.Desc, "'", "\u2019") + "\n\u2013 sent from the IT help form"
	}
	t.EngHandle = k.Queue == "Ask Platform" || k.Queue == "SRE"
	t.Assignee = hdAgent(r, org, t)
	t.Resolved = resolveAfter(r, k, created, 8, 18)
	if t.Resolved.After(cutoff) || r.IntN(1000) < 35 {
		t.Open, t.Resolved = true, time.Time{}
	}
	hdFinish(r, t)
	return t
}

func hdFinish(r *rand.Rand, t *Ticket) {
	switch {
	case t.Open:
		t.Status = []string{"Open", "In Progress", "Waiting on requester"}[weighted(r, []float64{3, 4, 3})]
		if t.Status == "Open" {
			t.Assignee = nil
		}
	case cutoff.Sub(t.Resolved) < 72*time.Hour:
		t.Status = "Resolved"
	default:
		t.Status = "Closed"
	}
}

var hdHeader = []string{"Ticket ID", "Subject", "Details", "Status", "Opened", "Closed", "Queue", "Agent", "Requester", "Channel"}

const hdTime = "2006-01-02 15:04"

func hdRecord(t *Ticket) []string {
	agent := personName(t.Assignee)
	return []string{t.Number, t.Title, t.Desc, t.Status, fmtOr(t.Created, hdTime), fmtOr(t.Resolved, hdTime), t.Group, agent, t.Requester.Name, t.Channel}
}
