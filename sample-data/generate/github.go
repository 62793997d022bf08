package main

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"hash/fnv"
	"sort"
	"time"
)

// GitHub: the issues of northwind-labs/infra-live, Platform's Terraform
// repository, where engineers also ask for access. Saved with
//
//	gh api --paginate 'repos/northwind-labs/infra-live/issues?state=all' --jq '.[]' > issues.jsonl
//	gh api --paginate 'repos/northwind-labs/infra-live/issues/events' > issue-events.json
//
// The issues endpoint lists pull requests too; lanes skips them.

const ghRepo = "northwind-labs/infra-live"

var ghKinds = []*Kind{
	{Name: "gh_github", Intent: "access_request", Tool: "GitHub", Rate: 1.6, Med: 3, Sigma: 1.1,
		Titles: []string{"Add {first} to the GitHub team {ghteam}", "GitHub org invite for {newname}"},
		Descs: []string{"{first} joined {team} last week and still can't see our repos.",
			"Please add them to the org and the {ghteam} team, approved by {mgr}."}},
	{Name: "gh_aws", Intent: "access_request", Tool: "AWS", Rate: 1.2, Med: 4, Sigma: 1.1,
		Titles: []string{"IAM role for {service} in {env}", "AWS SSO permission set for the {team} team"},
		Descs:  []string{"Needed to read CloudWatch logs for {service} in {env}.", "Read-only is enough; the CI job assumes it."}},
	{Name: "gh_k8s", Intent: "access_request", Tool: "Kubernetes", Rate: 0.6, Med: 4, Sigma: 1.1,
		Titles: []string{"kubectl access to {env} for {first}"},
		Descs:  []string{"Read-only is enough to tail logs."}},
	{Name: "gh_datadog", Intent: "access_request", Tool: "Datadog", Rate: 0.5, Med: 4, Sigma: 1.1,
		Titles: []string{"Datadog access for {first}"},
		Descs:  []string{"Joining the on-call rotation next week."}},
	{Name: "gh_bug", Intent: "product_bug", Rate: 1.4, Med: 16, Sigma: 1.0,
		Titles: []string{"Terraform plan fails on {env} after the provider upgrade", "Deploy job fails with exit code 137 on arm64 runners",
			"Stack trace in the deploy bot after a failed rollout"},
		Descs: []string{"```\nError: Provider produced inconsistent final plan\n```\nSeen in the {env} pipeline since Tuesday.",
			"Reproduced twice on {repo}; the job is killed at the end of the build step."}},
	{Name: "gh_task", Rate: 1.6, Med: 30, Sigma: 0.9,
		Titles: []string{"Rotate the deploy keys for {repo}", "Bump Terraform providers in infra-live", "Clean up unused security groups in {env}",
			"Move {service} alerts to the new on-call schedule"},
		Descs: []string{"Part of the quarterly hygiene checklist.", "Nothing urgent; whoever picks it up, please pair with SRE."}},
}

var ghPRTitles = []string{"Bump hashicorp/aws from 5.61.0 to 5.62.0", "IAM role for {service} CI", "Raise node group max size in {env}",
	"Add {ghteam} team to the repo settings", "Remove unused NAT gateway in {env}"}

type ghIssue struct {
	t      *Ticket
	number int
	pr     bool
	labels []string
	by     *Person // who closed it
}

func genGitHub(org *Org) []*ghIssue {
	r := newRand(12)
	platform := org.team("Platform")
	mk := func(k *Kind, created time.Time) *Ticket {
		req := pick(r, org.engineers())
		f := newFiller(r, org, req)
		t := &Ticket{Src: "github", Kind: k, Intent: k.Intent, Tool: k.Tool, Created: created, Requester: req,
			Title: f.fill(pick(r, k.Titles)), Desc: f.fill(pick(r, k.Descs)), Group: ghRepo, EngHandle: true}
		switch {
		case k.IT() && r.Float64() < 0.6:
			t.Assignee = org.Marta
		case k.Tool == "Kubernetes" || k.Tool == "Datadog":
			t.Assignee = engPick(r, org, "SRE")
		default:
			t.Assignee = engPick(r, org, "Platform")
		}
		lifetime(r, t, k, 40)
		if t.Open && r.IntN(3) == 0 {
			t.Assignee = nil
		}
		if k.IT() && t.Assignee != nil && r.IntN(8) == 0 {
			t.Reassign = 1 // first picked up by someone else, then handed over
		}
		return t
	}
	ts := draw(r, kindsNamed(ghKinds, 0.75, kindNames(ghKinds)...), mk)
	sort.SliceStable(ts, func(i, j int) bool { return ts[i].Created.Before(ts[j].Created) })
	var out []*ghIssue
	for _, t := range ts {
		is := &ghIssue{t: t}
		switch t.Kind.Name {
		case "gh_bug":
			is.labels = []string{"bug", "P2"}
		case "gh_task":
			is.labels = []string{"chore"}
		default:
			is.labels = []string{"access-request"}
		}
		if !t.Open {
			is.by = t.Assignee
			if is.by == nil {
				is.by = pick(r, platform)
			}
			if r.IntN(25) == 0 {
				t.Canceled = true
			}
		}
		out = append(out, is)
		// Dependabot and people open pull requests in between
		if r.IntN(9) == 0 {
			f := newFiller(r, org, nil)
			pr := &Ticket{Src: "github_pr", Title: f.fill(pick(r, ghPRTitles)), Created: t.Created.Add(time.Duration(20+r.IntN(300)) * time.Minute)}
			pr.Requester = pick(r, platform)
			pr.Resolved = pr.Created.Add(time.Duration(1+r.IntN(48)) * time.Hour)
			if pr.Resolved.After(cutoff) {
				pr.Open, pr.Resolved = true, time.Time{}
			}
			out = append(out, &ghIssue{t: pr, pr: true, labels: []string{"dependencies"}})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].t.Created.Before(out[j].t.Created) })
	for i, is := range out {
		is.number = 812 + i
		is.t.Key = fmt.Sprintf("%s#%d", ghRepo, is.number)
		is.t.ID = fmt.Sprint(2400000000 + int64(is.number)*7919)
		if !is.t.Open {
			is.t.Closed = is.t.Resolved
		}
		is.t.Updated = is.t.Created
		if !is.t.Resolved.IsZero() {
			is.t.Updated = is.t.Resolved.Add(time.Duration(r.IntN(60)) * time.Second)
		} else {
			is.t.Updated = openUpdated(r, is.t)
		}
	}
	return out
}

const ghTime = "2006-01-02T15:04:05Z"

func ghUser(org *Org, p *Person) any {
	if p == nil {
		return nil
	}
	login := org.githubLogin(p)
	h := fnv.New32a()
	h.Write([]byte(login))
	id := 91000000 + int64(h.Sum32()%9000000)
	return obj{{"login", login}, {"id", id}, {"node_id", "U_kgDO" + base64.RawStdEncoding.EncodeToString([]byte(login))[:8]},
		{"html_url", "https://github.com/" + login}, {"type", "User"}, {"site_admin", false}}
}

var dependabot = obj{{"login", "dependabot[bot]"}, {"id", 49699333}, {"node_id", "MDM6Qm90NDk2OTkzMzM="},
	{"html_url", "https://github.com/apps/dependabot"}, {"type", "Bot"}, {"site_admin", false}}

var ghLabelColors = map[string]string{"bug": "d73a4a", "P2": "fbca04", "chore": "c5def5", "access-request": "0e8a16", "dependencies": "0366d6"}

func ghLabels(names []string) []any {
	out := []any{}
	for _, n := range names {
		id := int64(6100000000)
		for _, c := range n {
			id += int64(c) * 131
		}
		out = append(out, obj{{"id", id}, {"node_id", "LA_kwDOJ" + base64.RawStdEncoding.EncodeToString([]byte(n))},
			{"url", fmt.Sprintf("https://api.github.com/repos/%s/labels/%s", ghRepo, n)}, {"name", n}, {"color", ghLabelColors[n]},
			{"default", n == "bug"}, {"description", nil}})
	}
	return out
}

func (is *ghIssue) json(org *Org) obj {
	t := is.t
	api := fmt.Sprintf("https://api.github.com/repos/%s/issues/%d", ghRepo, is.number)
	html := fmt.Sprintf("https://github.com/%s/issues/%d", ghRepo, is.number)
	if is.pr {
		html = fmt.Sprintf("https://github.com/%s/pull/%d", ghRepo, is.number)
	}
	user := ghUser(org, t.Requester)
	if is.pr && t.Title[:4] == "Bump" {
		user = dependabot
	}
	var assignees []any
	if t.Assignee != nil {
		assignees = []any{ghUser(org, t.Assignee)}
	}
	state, reason := "open", any(nil)
	if !t.Open {
		state, reason = "closed", "completed"
		if t.Canceled {
			reason = "not_planned"
		}
	}
	if is.pr {
		reason = nil
	}
	o := obj{
		{"url", api},
		{"repository_url", "https://api.github.com/repos/" + ghRepo},
		{"labels_url", api + "/labels{/name}"},
		{"comments_url", api + "/comments"},
		{"events_url", api + "/events"},
		{"html_url", html},
		{"id", atoi(t.ID)},
		{"node_id", "I_kwDOJx" + base64.RawStdEncoding.EncodeToString([]byte(t.ID))},
		{"number", is.number},
		{"title", t.Title},
		{"user", user},
		{"labels", ghLabels(is.labels)},
		{"state", state},
		{"locked", false},
		{"assignee", ghUser(org, t.Assignee)},
		{"assignees", nonNilList(assignees)},
		{"milestone", nil},
		{"comments", len(t.Title) % 4},
		{"created_at", t.Created.UTC().Format(ghTime)},
		{"updated_at", t.Updated.UTC().Format(ghTime)},
		{"closed_at", nullTime(t.Closed, ghTime, time.UTC)},
		{"author_association", "MEMBER"},
		{"type", nil},
		{"active_lock_reason", nil},
	}
	if is.pr {
		merged := nullTime(t.Closed, ghTime, time.UTC)
		o = append(o, kv{"draft", false}, kv{"pull_request", obj{{"url", fmt.Sprintf("https://api.github.com/repos/%s/pulls/%d", ghRepo, is.number)},
			{"html_url", html}, {"diff_url", html + ".diff"}, {"patch_url", html + ".patch"}, {"merged_at", merged}}})
	}
	o = append(o, kv{"body", nullStr(t.Desc)}, kv{"reactions", obj{{"url", api + "/reactions"}, {"total_count", 0}, {"+1", 0}, {"-1", 0}}},
		kv{"timeline_url", api + "/timeline"}, kv{"performed_via_github_app", nil}, kv{"state_reason", reason})
	return o
}

func ghIssuesJSONL(org *Org, issues []*ghIssue) []byte {
	var b bytes.Buffer
	// the API lists the newest first
	for i := len(issues) - 1; i >= 0; i-- {
		b.Write(mustJSON(issues[i].json(org)))
		b.WriteByte('\n')
	}
	return b.Bytes()
}

// ghEvents writes the repository's issue events: assignments, labels,
// closes and reopens, in pages of 100 as gh api --paginate concatenates them.
func ghEvents(org *Org, issues []*ghIssue) []byte {
	r := newRand(13)
	type event struct {
		at       time.Time
		kind     string
		actor    *Person
		assignee *Person
		label    string
		is       *ghIssue
		reason   string
	}
	var evs []event
	for _, is := range issues {
		t := is.t
		if is.pr {
			if !t.Open {
				evs = append(evs, event{at: t.Closed, kind: "merged", actor: t.Requester, is: is}, event{at: t.Closed, kind: "closed", actor: t.Requester, is: is})
			}
			continue
		}
		evs = append(evs, event{at: t.Created.Add(time.Duration(5+r.IntN(60)) * time.Second), kind: "labeled", actor: t.Requester, label: is.labels[0], is: is})
		if t.Assignee != nil {
			first := t.Created.Add(time.Duration(lognormal(r, 50, 0.9)*60) * time.Second)
			end := cutoff
			if !t.Open {
				end = t.Closed
			}
			if first.After(end) {
				first = t.Created.Add(end.Sub(t.Created) / 3)
			}
			if t.Reassign > 0 {
				other := engPick(r, org, "Platform")
				mid := first.Add(end.Sub(first) / 3)
				evs = append(evs, event{at: first, kind: "assigned", actor: other, assignee: other, is: is},
					event{at: mid, kind: "unassigned", actor: other, assignee: other, is: is},
					event{at: mid.Add(2 * time.Second), kind: "assigned", actor: other, assignee: t.Assignee, is: is})
			} else {
				evs = append(evs, event{at: first, kind: "assigned", actor: t.Assignee, assignee: t.Assignee, is: is})
			}
		}
		if !t.Open {
			reason := "completed"
			if t.Canceled {
				reason = "not_planned"
			}
			if t.Reopen > 0 {
				mid := t.Closed.Add(-t.Closed.Sub(t.Created) / 3)
				evs = append(evs, event{at: mid, kind: "closed", actor: is.by, is: is, reason: "completed"},
					event{at: mid.Add(time.Duration(2+r.IntN(20)) * time.Hour), kind: "reopened", actor: t.Requester, is: is})
			}
			evs = append(evs, event{at: t.Closed, kind: "closed", actor: is.by, is: is, reason: reason})
		}
	}
	sort.SliceStable(evs, func(i, j int) bool { return evs[i].at.Before(evs[j].at) })
	var b bytes.Buffer
	var page []any
	flush := func() {
		b.Write(mustJSON(page))
		page = page[:0]
	}
	for i, e := range evs {
		id := 16000000000 + int64(i)*37 + int64(r.IntN(30))
		issue := obj{{"url", fmt.Sprintf("https://api.github.com/repos/%s/issues/%d", ghRepo, e.is.number)},
			{"repository_url", "https://api.github.com/repos/" + ghRepo}, {"html_url", e.is.json(org)[5].v},
			{"number", e.is.number}, {"title", e.is.t.Title}, {"state", map[bool]string{true: "open", false: "closed"}[e.is.t.Open]}}
		if e.is.pr {
			issue = append(issue, kv{"pull_request", obj{{"url", fmt.Sprintf("https://api.github.com/repos/%s/pulls/%d", ghRepo, e.is.number)}}})
		}
		actor := ghUser(org, e.actor)
		o := obj{{"id", id}, {"url", fmt.Sprintf("https://api.github.com/repos/%s/issues/events/%d", ghRepo, id)},
			{"actor", actor}, {"event", e.kind}, {"commit_id", nil}, {"created_at", e.at.UTC().Format(ghTime)}}
		switch e.kind {
		case "assigned", "unassigned":
			o = append(o, kv{"assignee", ghUser(org, e.assignee)}, kv{"assigner", actor})
		case "labeled":
			o = append(o, kv{"label", obj{{"name", e.label}, {"color", ghLabelColors[e.label]}}})
		case "closed":
			if e.reason != "" {
				o = append(o, kv{"state_reason", e.reason})
			}
		}
		o = append(o, kv{"issue", issue})
		page = append(page, o)
		if len(page) == 100 {
			flush()
		}
	}
	if len(page) > 0 {
		flush()
	}
	b.WriteByte('\n')
	return b.Bytes()
}
