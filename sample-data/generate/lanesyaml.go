package main

import (
	"fmt"
	"regexp"
	"strings"
)

// catalogue is Northwind's sanctioned tool catalogue. Notion is deliberately
// missing: lanes reports it as shadow IT.
var catalogue = []struct {
	name    string
	aliases []string
	owner   string
}{
	{"Okta", []string{"okta", "okta verify"}, "IT Service Desk"},
	{"Google Workspace", []string{"google workspace", "gsuite", "g suite", "gmail", "google drive", "google calendar", "google meet"}, "IT Service Desk"},
	{"Slack", []string{"slack"}, "IT Service Desk"},
	{"Zoom", []string{"zoom"}, "IT Service Desk"},
	{"GitHub", []string{"github", "gh org"}, "Platform"},
	{"AWS", []string{"aws", "amazon web services", "iam role", "ec2", "s3 bucket"}, "Platform"},
	{"VPN", []string{"vpn", "globalprotect"}, "IT Service Desk"},
	{"Laptop", []string{"laptop", "macbook", "thinkpad", "monitor", "keyboard", "docking station"}, "IT Service Desk"},
	{"Wi-Fi", []string{"wi-fi", "wifi", "wireless"}, "IT Service Desk"},
	{"Printer", []string{"printer"}, "IT Service Desk"},
	{"Jira", []string{"jira"}, "Platform"},
	{"Confluence", []string{"confluence"}, "Platform"},
	{"Datadog", []string{"datadog"}, "SRE"},
	{"PagerDuty", []string{"pagerduty"}, "SRE"},
	{"Kubernetes", []string{"kubernetes", "k8s", "kubectl"}, "SRE"},
	{"Docker", []string{"docker", "docker desktop"}, "Platform"},
	{"1Password", []string{"1password"}, "Security"},
	{"Figma", []string{"figma"}, "IT Service Desk"},
	{"Salesforce", []string{"salesforce", "sfdc"}, "IT Service Desk"},
	{"Zendesk", []string{"zendesk"}, "IT Service Desk"},
	{"Snowflake", []string{"snowflake"}, "Data"},
	{"Looker", []string{"looker"}, "Data"},
	{"ServiceNow", []string{"servicenow"}, "IT Service Desk"},
}

type yteam struct {
	name, class string
	cost        float64
	groups      []string
}

var yteams = []yteam{
	{"IT Service Desk", "it", 55, []string{`^service desk$`, `^desktop support$`, `^identity & access$`, `^network ops$`, `^it help$`,
		`^berlin office it$`}},
	{"Security", "security", 90, []string{`^security( operations)?$`}},
	{"Platform", "engineering", 95, []string{`^platform( engineering)?$`, `^ask platform$`, `^northwind-labs/infra-live$`}},
	{"Backend", "engineering", 95, []string{`^backend( engineering)?$`}},
	{"Frontend", "engineering", 95, []string{`^frontend( engineering)?$`}},
	{"Mobile", "engineering", 95, []string{`^mobile( engineering)?$`}},
	{"Data", "engineering", 95, []string{`^data( engineering)?$`}},
	{"SRE", "engineering", 100, []string{`^sre$`}},
	{"Sales", "other", 70, nil},
	{"Marketing", "other", 65, nil},
	{"Finance", "other", 70, nil},
	{"People", "other", 60, nil},
	{"Support", "other", 50, []string{`^(customer support|billing)$`}},
}

func sq(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// alternation writes chunks of ^(?:a|b|c)$ patterns.
func alternation(items []string, per int) []string {
	var out []string
	for i := 0; i < len(items); i += per {
		j := min(i+per, len(items))
		var q []string
		for _, it := range items[i:j] {
			q = append(q, regexp.QuoteMeta(it))
		}
		out = append(out, "^(?:"+strings.Join(q, "|")+")$")
	}
	return out
}

func lanesYAML(org *Org) []byte {
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	p(`# lanes.yaml for Northwind Labs, the fictional 400-person company of the sample
# exports. Written by sample-data/generate; do not edit by hand, regenerate with
#   go run ./sample-data/generate -out sample-data

# Northwind Labs is in Berlin: hourly costs, and so every cost, are in euros.
currency: EUR

# Teams. Assignment groups (ServiceNow), Jira 'Team' values and help-desk
# queues match ` + "`groups`" + `; assignees, agents and requesters match ` + "`people`" + ` by name.
# Engineers also appear only as actors (authors of Jira comments and work
# logs), by Jira account id, so each engineering team lists those ids too.
# Other systems name people by their own ids: ServiceNow user ids in the
# audit (sys_updated_by) and GitHub logins; the GitHub repository stands
# for its owning team. Freshservice's agent and group ids are named by its
# directory exports (freshservice/agents.json, groups.json and
# departments.json).
teams:
`)
	for _, t := range yteams {
		p("  - name: %s\n    class: %s\n    hourly_cost: %g\n", t.name, t.class, t.cost)
		if len(t.groups) > 0 {
			p("    groups:\n")
			for _, g := range t.groups {
				p("      - %s\n", sq(g))
			}
		}
		var names, ids []string
		for _, m := range org.team(t.name) {
			names = append(names, m.Name)
			ids = append(ids, m.AccountID)
		}
		p("    people:\n")
		for _, a := range alternation(names, 8) {
			p("      - %s\n", sq(a))
		}
		if t.class == "engineering" {
			for _, a := range alternation(ids, 4) {
				p("      - %s\n", sq(a))
			}
		}
		if t.class != "other" {
			// ServiceNow user ids (audit rows), GitHub logins, Freshservice agent ids
			var users, logins []string
			for _, m := range org.team(t.name) {
				users = append(users, snowUser(m))
				logins = append(logins, org.githubLogin(m))
			}
			for _, a := range alternation(users, 8) {
				p("      - %s\n", sq(a))
			}
			if t.class == "engineering" {
				for _, a := range alternation(logins, 8) {
					p("      - %s\n", sq(a))
				}
			}
		}
	}
	p(`
# The sanctioned tool catalogue. Tools lanes knows but that are not listed
# here (Notion, for one) are reported as shadow IT when tickets mention them.
tools:
`)
	for _, t := range catalogue {
		var as []string
		for _, a := range t.aliases {
			as = append(as, sq(a))
		}
		p("  - name: %s\n    aliases: [%s]\n    owner: %s\n", t.name, strings.Join(as, ", "), t.owner)
	}
	p(`
# Tried before the built-in intents.
intents:
  - name: phishing_report
    class: security
    handle_minutes: 20
    automatable: false
    patterns: ['phish', 'suspicious (e-?mail|message|link)', 'gift cards?']

# Berlin office calendar; public holidays in Berlin inside the sample.
calendar:
  time_zone: Europe/Berlin
  week_start: monday
  work_start: "09:00"
  work_end: "17:00"
  work_days: [mon, tue, wed, thu, fri]
  holidays: [%s]

# Paths are relative to this file. Exports without a source here are
# detected by their content and named after their system (servicenow for
# the audit and requested items, zendesk, freshservice, github, eventlog).
sources:
  - name: jira
    path: jira/engineering-issues.csv
    format: jira_csv
    time_zone: Europe/Berlin
    url_base: https://northwind.atlassian.net/browse/
  - name: servicenow
    path: servicenow/incidents.csv
    format: servicenow_csv
    time_zone: Europe/Berlin
  - name: helpdesk
    path: helpdesk/slack-requests.csv
    format: csv
    time_zone: Europe/Berlin
    date_format: "2006-01-02 15:04"
    mapping:
      source_key: Ticket ID
      title: Subject
      description: Details
      status: Status
      created_at: Opened
      resolved_at: Closed
      assignment_group: Queue
      assignee: Agent
      requester: Requester
      channel: Channel
  # Jira Service Management, REST API v3 search pages; the JSON has field
  # ids only, so the assignment group's custom field is named here.
  - name: jira_itsd
    path: jira/itsd
    format: jira_json
    mapping:
      assignment_group: customfield_10050
  # The Lisbon office's own ServiceNow instance: Lisbon time, day-first
  # dates, Windows-1252 (the encoding is detected, never configured).
  - name: servicenow_lisbon
    path: servicenow/lisbon
    format: servicenow_csv
    time_zone: Europe/Lisbon
    date_format: "02/01/2006 15:04:05"
  # Slack export: only the help channels (#random is in the export too).
  - name: slack
    path: slack
    format: slack_export
    channels: [it-help, ask-platform]
  # The internal access portal's nightly JSON Lines export.
  - name: access_portal
    path: portal/access-requests.jsonl
    format: jsonl
    mapping:
      source_key: request_id
      kind: type
      title: summary
      description: justification
      status: state
      priority: priority
      created_at: created_at
      updated_at: updated_at
      resolved_at: fulfilled_at
      requester: requester.email
      requester_team: requester.department
      assignee: fulfiller.name
      assignment_group: fulfiller.team
      components: resource.system
      url: links.self
`, quoteList(holidays))
	return []byte(b.String())
}

func quoteList(xs []string) string {
	var q []string
	for _, x := range xs {
		q = append(q, `"`+x+`"`)
	}
	return strings.Join(q, ", ")
}
