package main

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"time"
)

var (
	jiraBugPrio   = []float64{2, 20, 55, 20, 3}
	jiraStoryPrio = []float64{0, 10, 70, 18, 2}
	jiraITPrio    = []float64{0, 12, 70, 15, 3}
	jiraOutPrio   = []float64{70, 30, 0, 0, 0}
)

var bugDescs = []string{
	"h3. Steps to reproduce\n# Open {feature} as a customer with {n} items\n# Apply a saved filter\n\n*Expected:* the list loads\n*Actual:* blank page, the console shows:\n\n{code}\nTypeError: Cannot read properties of undefined (reading 'items')\n    at renderRows (table.tsx:214)\n{code}",
	"Reported by support (ticket #{n}4{n}1). Happens for roughly {n}% of requests since the last deploy.\n\n{noformat}\npanic: assignment to entry in nil map\ngoroutine 1 [running]:\nmain.(*Retrier).Do(...)\n\t/src/{service}/retry.go:88\n{noformat}",
	"Customer \"{vendor}\" reports that {feature} is broken after release {ver}.\n\n* Browser: Safari {safari}\n* Plan: enterprise\n* Region: eu-west-1",
	"Seen in Sentry ({n}{n} events in the last 24h). Stack trace:\n{code:java}\njava.lang.NullPointerException\n\tat io.northwind.orders.CartService.total(CartService.java:142)\n{code}",
	"Regression from the {ver} release; bisected to the change in {service}. Workaround: reload the page.",
}

func bugKind(team string, rate float64, comps []string, titles []string) *Kind {
	return &Kind{Name: "bug_" + strings.ToLower(team), Intent: "product_bug", Rate: rate, Med: 20, Sigma: 1.1, Prio: jiraBugPrio,
		IssueType: "Bug", Teams: []string{team}, TeamW: []float64{1}, Components: comps,
		Labels: []string{"customer-reported", "regression", "needs-triage", "tech-debt"}, Titles: titles, Descs: bugDescs}
}

func itKind(name, intent, tool string, rate float64, teams []string, tw []float64, titles, descs []string) *Kind {
	labels := []string{"it-request"}
	if intent == "access_request" {
		labels = append(labels, "access")
	}
	return &Kind{Name: name, Intent: intent, Tool: tool, Rate: rate, Med: 3, Sigma: 1.2, Prio: jiraITPrio,
		IssueType: "Task", Teams: teams, TeamW: tw, Components: []string{"Internal Tools"}, Labels: labels,
		Titles: titles, Descs: descs}
}

var jiraKinds = []*Kind{
	bugKind("Backend", 6.5, []string{"API", "Payments", "Orders"}, []string{
		"NullPointerException in {service} when cart is empty", "{service} fails to retry on HTTP 429",
		"Broken pagination on /v2/orders", "Rounding error in VAT calculation for AT customers",
		"Stack trace in logs: context deadline exceeded in {service}", "Webhook deliveries duplicated after deploy (bug)",
		"Regression in {service} p99 latency after Go upgrade"}),
	bugKind("Frontend", 5, []string{"Web", "Design System"}, []string{
		"{feature} page crashes on Safari {safari}", "Regression: {feature} totals off by one cent",
		"TypeError in {feature} when filter is empty", "Dark mode broken in {feature} modal",
		"Safari: date picker throws RangeError", "Bug: {feature} shows wrong time zone for scheduled reports"}),
	bugKind("Mobile", 3.5, []string{"iOS", "Android"}, []string{
		"iOS app crash on launch after {ver} update", "Android: push notifications broken on Android 14",
		"Crash when rotating the phone on {feature} (Android)", "iOS: {feature} list fails to refresh"}),
	bugKind("Data", 2.3, []string{"Data Pipeline", "Reporting"}, []string{
		"ingest-pipeline fails to write Parquet partitions for {month}", "Revenue report off after currency regression",
		"dbt model error: duplicate keys in fct_orders"}),
	bugKind("Platform", 1.2, []string{"CI/CD", "Internal Tools"}, []string{
		"CI cache restore fails to find keys on arm64 runners", "Deploy bot crashes on empty changelog"}),
	{Name: "outage", Intent: "outage", Rate: 1.5, Med: 3, Sigma: 0.9, Calendar: true, Prio: jiraOutPrio, IssueType: "Bug",
		Teams: []string{"SRE", "Backend", "Platform"}, TeamW: []float64{0.6, 0.3, 0.1}, Components: []string{"Infrastructure", "API"},
		Labels: []string{"incident", "sev2", "postmortem"},
		Titles: []string{"Outage: checkout API returning 503s", "SEV1: {service} not responding", "Degraded search performance in eu-west-1",
			"SEV2: elevated 502 rate on api-gateway", "Incident: payment webhooks delayed by 40 min"},
		Descs: []string{"Alert fired at 10:{n}2 for elevated 5xx on {service}. Status page updated.\n\nTimeline:\n* detection via synthetic checks\n* mitigation: rolled back to the previous release\n* follow-up: postmortem in the incident doc",
			"Customers report timeouts. On-call is on it; see #incident-{n}{n}."}},
	{Name: "story", Rate: 9, Med: 50, Sigma: 0.8, Prio: jiraStoryPrio, IssueType: "Story",
		Teams: engTeams, TeamW: []float64{0.12, 0.3, 0.25, 0.15, 0.12, 0.06},
		Components: []string{"API", "Web", "iOS", "Android", "Reporting"}, Labels: []string{"q3-roadmap", "customer-ask"},
		Titles: []string{"Support dark mode on the settings page", "Implement CSV export for invoices", "Migrate {service} to Go 1.26",
			"Upgrade Postgres to 17 for {service}", "Instrument {service} with OpenTelemetry", "Refactor {service} config loading",
			"Offline mode for order history (mobile)", "Paginate /v2/invoices endpoint", "Saved filters in Reports"},
		Paired: true,
		Descs: []string{"Customers keep asking for it. Use the design-system tokens, no custom colours.\n\nh3. Acceptance criteria\n* follows the OS setting\n* toggle in the profile menu",
			"As a customer admin I want to export invoices as CSV so that finance can reconcile them.\n\nh3. Acceptance criteria\n* export respects the current filter\n* file name contains the date",
			"Bump the toolchain, fix the vet findings, re-run the load test.",
			"The managed instance is on 14. Plan: replica on 17, logical replication, switch over in a quiet hour.",
			"Traces for the request path and the queue consumer; sample 10 % in prod.",
			"Tech debt: {service} still reads config from env vars in three places.\n\n* one loader\n* validation at start-up\n* docs in the README",
			"Cache the last 50 orders on the device and show them without a connection.",
			"Large accounts time out when listing invoices. Cursor-based, 100 per page.",
			"Let users save report filters and share them with their team."}},
	{Name: "story_datadog", Tool: "Datadog", Rate: 0.5, Med: 30, Sigma: 0.8, Prio: jiraStoryPrio, IssueType: "Story",
		Teams: []string{"SRE"}, TeamW: []float64{1}, Components: []string{"Observability"}, Labels: []string{"slo"},
		Titles: []string{"SLO dashboards for {service} in Datadog"},
		Descs:  []string{"Latency and availability SLOs with burn-rate alerts."}},
	{Name: "task", Rate: 5, Med: 16, Sigma: 1.0, Prio: jiraStoryPrio, IssueType: "Task",
		Teams: engTeams, TeamW: []float64{0.3, 0.2, 0.1, 0.1, 0.1, 0.2}, Components: []string{"Infrastructure", "CI/CD"}, Labels: []string{"chore"},
		Titles: []string{"Rotate TLS certificates for api.northwind.io", "Bump dependencies in {repo}", "Clean up stale feature flags in {feature}",
			"Quarterly restore test for {service} database", "Remove deprecated v1 endpoints"},
		Paired: true,
		Descs: []string{"Expires in {n} weeks; follow the cert-manager runbook.", "Dependabot has {n} open PRs; batch them.",
			"{n} flags are fully rolled out and can go.", "Restore the latest snapshot into a scratch database and verify row counts.",
			"Traffic on v1 is below 0.1 %."}},
	{Name: "task_confluence", Tool: "Confluence", Rate: 0.4, Med: 8, Sigma: 1.0, Prio: jiraStoryPrio, IssueType: "Task",
		Teams: []string{"SRE"}, TeamW: []float64{1}, Components: []string{"Observability"}, Labels: []string{"on-call"},
		Titles: []string{"Update on-call runbook in Confluence"},
		Descs:  []string{"Document the new escalation path."}},

	// IT-type requests that land in the engineering project
	itKind("it_github", "access_request", "GitHub", 3.2, []string{"Platform", "SRE", "Backend", "Frontend"}, []float64{0.75, 0.1, 0.1, 0.05},
		[]string{"Can you add {first} to the GitHub org?", "Add {first} to GitHub team {ghteam}", "GitHub org invite for {newname}"},
		[]string{"{first} joined {team} last week and still can't see our repos. Can you add them to the org? Thanks!",
			"Hi! Could you invite {first} to the org and the {ghteam} team? IT said this has to go through Platform."}),
	itKind("it_aws", "access_request", "AWS", 2.8, []string{"Platform", "SRE"}, []float64{0.5, 0.5},
		[]string{"need AWS IAM role for staging", "AWS IAM role for {service} in {env}", "AWS console access for {first}"},
		[]string{"Need to read CloudWatch logs for {service} in {env}.", "Our CI job needs to assume a role in {env}; IT sent me here."}),
	itKind("it_okta", "password_reset", "Okta", 1.4, []string{"Platform", "SRE", "Backend"}, []float64{0.6, 0.2, 0.2},
		[]string{"reset my Okta MFA", "Okta MFA reset for {first} (new phone)", "Locked out of Okta after password change"},
		[]string{"New phone, Okta Verify didn't migrate. The IT queue is slow and I have an on-call shift tonight.",
			"Sorry for using this board, I'm locked out and can't open ServiceNow either."}),
	itKind("it_datadog", "access_request", "Datadog", 1.4, []string{"SRE", "Platform"}, []float64{0.7, 0.3},
		[]string{"Access to Datadog for {first}", "Datadog admin role for {first}"},
		[]string{"Joining the on-call rotation next week.", "Needs to edit the {team} dashboards."}),
	itKind("it_repo", "access_request", "GitHub", 1.1, []string{"Platform", "Backend"}, []float64{0.6, 0.4},
		[]string{"GitHub write access to {repo}"},
		[]string{"Need to merge the fix for {service}.", "Lost rights after the team change."}),
	itKind("it_pagerduty", "access_request", "PagerDuty", 0.7, []string{"SRE"}, []float64{1},
		[]string{"PagerDuty access for {first}", "Invite {first} to the PagerDuty {team} schedule"},
		[]string{"Starts shadowing on-call on Monday."}),
	itKind("it_k8s", "access_request", "Kubernetes", 0.8, []string{"SRE", "Platform"}, []float64{0.7, 0.3},
		[]string{"kubectl access to {env} cluster for {first}"},
		[]string{"Read-only is enough to tail logs."}),
	itKind("it_snowflake", "access_request", "Snowflake", 0.6, []string{"Data"}, []float64{1},
		[]string{"Snowflake role for {first} (analyst)"},
		[]string{"For the revenue dashboards."}),
	itKind("it_docker", "licence_request", "Docker", 0.5, []string{"Platform"}, []float64{1},
		[]string{"Docker Desktop licence for {first}"},
		[]string{"Free tier no longer allowed for us."}),
	itKind("it_laptop", "hardware", "Laptop", 0.4, []string{"Platform"}, []float64{1},
		[]string{"New laptop for {first}, current one keeps overheating"},
		[]string{"Builds take forever, the fans never stop."}),
	itKind("it_vpn", "vpn_network", "VPN", 0.3, []string{"SRE"}, []float64{1},
		[]string{"VPN keeps dropping during deploys"},
		[]string{"GlobalProtect disconnects when the deploy tunnel opens."}),
	itKind("it_offboarding", "offboarding", "GitHub", 0.3, []string{"Platform"}, []float64{1},
		[]string{"Offboarding: remove {name} from GitHub org"},
		[]string{"Last day was Friday."}),
}

var (
	jiraOnboarding = itKind("it_onboarding", "onboarding", "", 0, []string{"Platform", "Backend", "Frontend", "Data"}, []float64{0.4, 0.3, 0.2, 0.1},
		[]string{"Onboarding checklist for {newfirst} ({team})"},
		[]string{"{newname} joins {team} today. Usual engineering setup please, see the checklist in the runbook."})
	jiraNotion = []*Kind{
		itKind("it_notion_access", "access_request", "Notion", 0, []string{"Platform", "Frontend"}, []float64{0.5, 0.5},
			[]string{"Can we get Notion access for the design team"},
			[]string{"Design keeps specs in Notion; engineers need to read them."}),
		itKind("it_notion_export", "", "Notion", 0, []string{"Platform", "Frontend"}, []float64{0.5, 0.5},
			[]string{"Notion workspace export"},
			[]string{"Old product specs live in a Notion workspace; we need them as Markdown."}),
	}
	jiraVPNSpike = itKind("it_vpn_spike", "vpn_network", "VPN", 0, []string{"SRE"}, []float64{1},
		[]string{"GlobalProtect gateway fra-gw-01 dropping tunnels", "VPN disconnects break long-running sessions", "cannot connect to VPN during on-call"},
		[]string{"Started Tuesday morning; tunnels drop every few minutes for everyone in {office}.", "Same as the ServiceNow tickets, VPN is unusable today."})
)

var itComments = []string{
	"Done; invited {first} to the org. The invite expires in 7 days, so please accept it soon.",
	"Added to \"{ghteam}\"; if you need write rights, ask your lead to approve in #ask-platform.",
	"Role created: arn:aws:iam::123456789012:role/{env}-readonly\nUse `aws sso login --profile {env}`, then run \"aws sts get-caller-identity\" to check.",
	"Reset done. You'll get an enrolment mail from Okta; use the \"Okta Verify\" app, not SMS.",
	"Hi {me}, this should go to IT next time (ServiceNow > Access Request), but done for now ;)",
	"Done, but heads-up: these requests take ~{n}0 min each, can we automate this? cc {mgr}",
}

var bugComments = []string{
	"Reproduced on staging; stack trace attached.\nLooks like a nil map in the retry path.",
	"Customer \"{vendor}\" affected, support ticket #{n}7{n}1; raising priority.",
	"Fix merged in PR #{n}{n}{n}, goes out with the next release; closing.",
	"Can't reproduce on {ver}; can you share a HAR file?",
	"Root cause: missing index after the migration, see the ADR.\n\nFollow-ups:\n- add the index\n- alert on slow queries",
}

var (
	waitingComments = []string{"Any update? I'm blocked on this.", "Still not working for me, sorry; tried again at 9.", "Is there anything you need from me?"}
	thanksComments  = []string{"Thanks!", "Thanks, works now :)"}
)

var jiraPrio = []string{"Highest", "High", "Medium", "Low", "Lowest"}

func genJira(org *Org) []*Ticket {
	r := newRand(3)
	var out []*Ticket
	for d := 0; d < numDays; d++ {
		dt := day(d)
		for _, k := range jiraKinds {
			for n := poisson(r, k.Rate*dayFactor(dt)); n > 0; n-- {
				out = append(out, jiraTicket(r, org, k, timeOfDay(r, dt)))
			}
		}
		if isOnboardingDay(dt) {
			for n := 2 + r.IntN(3); n > 0; n-- {
				out = append(out, jiraTicket(r, org, jiraOnboarding, dt.Add(time.Duration(8*60+r.IntN(180))*time.Minute)))
			}
		}
		if dt.Weekday() == time.Monday && weekIndex(dt)%2 == 0 {
			t := jiraTicket(r, org, pick(r, jiraNotion), timeOfDay(r, dt.AddDate(0, 0, r.IntN(5))))
			t.Notion = true
			out = append(out, t)
		}
	}
	// The VPN week reaches engineering too.
	for i := 0; i < 3; i++ {
		t := jiraTicket(r, org, jiraVPNSpike, timeOfDay(r, vpnWeek.AddDate(0, 0, 1+i)))
		t.Spike = true
		out = append(out, t)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Created.Before(out[j].Created) })
	id := 24817
	for i, t := range out {
		t.Key = fmt.Sprintf("ENG-%d", 1402+i)
		id += 1 + r.IntN(4)
		t.ID = fmt.Sprint(id)
	}
	return out
}

func jiraTicket(r *rand.Rand, org *Org, k *Kind, created time.Time) *Ticket {
	team := k.Teams[weighted(r, k.TeamW)]
	var req *Person
	switch {
	case k.IT() || k.Tool == "Notion":
		req = org.anyone(r)
	case k.IssueType == "Bug" && r.IntN(3) == 0:
		req = pick(r, org.team("Support"))
	default:
		req = pick(r, org.team(team))
	}
	f := newFiller(r, org, req)
	t := &Ticket{Src: "jira", Kind: k, Intent: k.Intent, Tool: k.Tool, Created: created, Requester: req,
		IssueType: k.IssueType, Notion: k.Tool == "Notion"}
	ti := r.IntN(len(k.Titles))
	t.Title = f.fill(k.Titles[ti])
	if k.Paired {
		t.Desc = f.fill(k.Descs[ti])
	} else {
		t.Desc = f.fill(pick(r, k.Descs))
	}
	t.Priority = weighted(r, k.Prio)
	t.Creator = req.Name
	if k.Name == "outage" && r.IntN(3) == 0 {
		t.Creator = "Automation for Jira"
	}
	itType := k.IT() || k.Tool == "Notion"
	if itType {
		t.EngHandle = true
		if r.Float64() < 0.5 {
			t.Assignee = org.Marta
			if r.IntN(10) < 7 {
				team = "Platform"
			}
		} else {
			t.Assignee = engPick(r, org, team)
		}
	} else {
		t.Assignee = engPick(r, org, team)
	}
	t.Group = team
	t.Components = []string{pick(r, k.Components)}
	if len(k.Components) > 1 && r.IntN(5) == 0 {
		if c := pick(r, k.Components); c != t.Components[0] {
			t.Components = append(t.Components, c)
		}
	}
	t.Labels = []string{k.Labels[0]}
	for _, l := range k.Labels[1:] {
		if len(t.Labels) < 3 && r.IntN(3) == 0 {
			t.Labels = append(t.Labels, l)
		}
	}
	if t.Notion {
		t.Labels = append(t.Labels[:1], "shadow-it")
	}
	stuck := 45
	if itType {
		stuck = 25
	}
	t.Resolved = resolveAfter(r, k, created, 9, 18)
	if t.Resolved.After(cutoff) || r.IntN(1000) < stuck {
		t.Open, t.Resolved = true, time.Time{}
	}
	jiraFinish(r, t)
	// comments
	var cs []Comment
	end := cutoff
	if !t.Open {
		end = t.Resolved
	}
	between := func() time.Time {
		span := end.Sub(t.Created)
		return t.Created.Add(time.Duration(r.Int64N(int64(span/time.Minute)+1)) * time.Minute)
	}
	if itType {
		if r.IntN(2) == 0 {
			body := pick(r, waitingComments)
			if !t.Open && r.IntN(2) == 0 {
				body = pick(r, thanksComments)
			}
			cs = append(cs, Comment{At: between(), Author: req, Body: body})
		}
		if !t.Open && t.Assignee != nil {
			body := f.fill(pick(r, itComments))
			switch {
			case t.Notion && t.Resolution != "Done":
				body = "Notion is not on the approved tool list (see the \"Tools\" page); please use Confluence. Closing, sorry!"
			case t.Resolution != "Done":
				body = "Closing: please raise this with IT in ServiceNow (Service Catalog > Access); they own it now."
			}
			cs = append(cs, Comment{At: t.Resolved, Author: t.Assignee, Body: body})
		}
	} else {
		for n := r.IntN(3); n > 0; n-- {
			a := t.Assignee
			if a == nil || r.IntN(2) == 0 {
				a = pick(r, org.team(team))
			}
			cs = append(cs, Comment{At: between(), Author: a, Body: f.fill(pick(r, bugComments))})
		}
	}
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].At.Before(cs[j].At) })
	t.Comments = cs
	for _, c := range cs {
		if c.At.After(t.Updated) {
			t.Updated = c.At.Add(time.Duration(r.IntN(120)) * time.Second)
		}
	}
	if t.Updated.After(cutoff) {
		t.Updated = cutoff.Add(-time.Duration(1+r.IntN(600)) * time.Second)
	}
	// work log
	if !t.Open && t.Assignee != nil && t.Resolution == "Done" {
		var secs int
		if itType && r.IntN(10) < 6 {
			secs = int(lognormal(r, 900, 0.6)/60+1) * 60
		} else if !itType && r.IntN(10) < 4 {
			secs = int(lognormal(r, 4*3600, 0.8)/900+1) * 900
		}
		if secs > 0 {
			started := t.Resolved.Add(-time.Duration(secs) * time.Second)
			if started.Before(t.Created) {
				started = t.Created
			}
			t.WorkSeconds = secs
			t.WorkLog = fmt.Sprintf("%s;%s;%s;%d", pick(r, []string{"", "Handled request", "Investigation", "Fix and review"}),
				started.Format(jiraTime), t.Assignee.AccountID, secs)
		}
	}
	if r.IntN(2) == 0 {
		span := cutoff.Sub(t.Updated)
		t.LastViewed = t.Updated.Add(time.Duration(r.Int64N(int64(span/time.Minute)+1)) * time.Minute)
	}
	t.Watchers = []string{req.Name}
	if t.Assignee != nil && t.Assignee != req {
		t.Watchers = append(t.Watchers, t.Assignee.Name)
	}
	return t
}

// jiraFinish sets status, resolution and updated time.
func jiraFinish(r *rand.Rand, t *Ticket) {
	itType := t.EngHandle
	if t.Open {
		t.Resolution = ""
		ws := []float64{40, 30, 20, 10}
		if itType {
			ws = []float64{60, 40, 0, 0}
		}
		t.Status = []string{"To Do", "In Progress", "In Review", "Blocked"}[weighted(r, ws)]
		if t.Status == "To Do" && r.IntN(2) == 0 {
			t.Assignee = nil
		}
		span := cutoff.Sub(t.Created)
		t.Updated = t.Created.Add(time.Duration(r.Int64N(int64(span/time.Second)+1)) * time.Second)
		return
	}
	t.Status = "Done"
	switch {
	case t.Notion:
		t.Resolution = []string{"Won't Do", "Done"}[weighted(r, []float64{6, 4})]
	case itType:
		t.Resolution = []string{"Done", "Won't Do"}[weighted(r, []float64{97, 3})]
	case t.IssueType == "Bug":
		t.Resolution = []string{"Done", "Won't Do", "Duplicate", "Cannot Reproduce"}[weighted(r, []float64{88, 5, 4, 3})]
	default:
		t.Resolution = []string{"Done", "Won't Do"}[weighted(r, []float64{95, 5})]
	}
	t.Updated = t.Resolved.Add(time.Duration(r.IntN(300)) * time.Second)
}

const jiraTime = "02/Jan/06 3:04 PM"

var jiraHeader = []string{"Summary", "Issue key", "Issue id", "Issue Type", "Status", "Project key", "Project name", "Priority",
	"Resolution", "Assignee", "Reporter", "Creator", "Created", "Updated", "Last Viewed", "Resolved", "Description",
	"Component/s", "Component/s", "Labels", "Labels", "Labels", "Watchers", "Watchers", "Log Work", "Comment", "Comment",
	"Time Spent", "Custom field (Team)"}

func jiraRecord(t *Ticket) []string {
	nth := func(xs []string, i int) string {
		if i < len(xs) {
			return xs[i]
		}
		return ""
	}
	var comments []string
	for _, c := range t.Comments {
		comments = append(comments, fmt.Sprintf("%s;%s;%s", c.At.Format(jiraTime), c.Author.AccountID, c.Body))
	}
	assignee := personName(t.Assignee)
	spent := ""
	if t.WorkSeconds > 0 {
		spent = fmt.Sprint(t.WorkSeconds)
	}
	return []string{t.Title, t.Key, t.ID, t.IssueType, t.Status, "ENG", "Engineering", jiraPrio[t.Priority],
		t.Resolution, assignee, t.Requester.Name, t.Creator,
		fmtOr(t.Created, jiraTime), fmtOr(t.Updated, jiraTime), fmtOr(t.LastViewed, jiraTime), fmtOr(t.Resolved, jiraTime), t.Desc,
		nth(t.Components, 0), nth(t.Components, 1), nth(t.Labels, 0), nth(t.Labels, 1), nth(t.Labels, 2),
		nth(t.Watchers, 0), nth(t.Watchers, 1), t.WorkLog, nth(comments, 0), nth(comments, 1), spent, t.Group}
}
