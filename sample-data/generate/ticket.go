package main

import (
	"math/rand/v2"
	"strings"
	"time"
)

// Ticket is one generated record before it is written in a vendor's format.
// Intent and Tool are what the text was written to mean; the tests check them
// against the configured rules so the planted patterns stay unmistakable.
type Ticket struct {
	Src    string // jira, servicenow, helpdesk
	Kind   *Kind
	Intent string // "" when no built-in rule should match
	Tool   string // "" when no catalogue tool should match
	Spike  bool   // part of the VPN incident week
	Notion bool   // mentions the planted shadow tool

	Title, Desc string
	Created     time.Time
	Resolved    time.Time // zero while open
	Closed      time.Time // ServiceNow auto-close
	Updated     time.Time
	Open        bool
	Canceled    bool

	Group     string // ServiceNow assignment group, Jira team, help-desk queue
	Assignee  *Person
	Requester *Person
	EngHandle bool // an engineering group or team handles it
	Priority  int  // 1..4 (Jira: 0 Highest .. 4 Lowest)
	Reopen    int
	Reassign  int

	// ServiceNow
	Number, Category, Subcategory, CI, Contact, State string
	// Jira
	Key, ID, IssueType, Status, Resolution, Creator string
	Components, Labels, Watchers                    []string
	Comments                                        []Comment
	WorkSeconds                                     int
	WorkLog                                         string
	LastViewed                                      time.Time
	// help desk
	Channel string

	// Steps is the ticket's history (timeline.go), for exports that carry one.
	Steps []step
	// Lisbon: the ServiceNow instance the ticket is in
	Instance string
}

// Comment is a Jira comment.
type Comment struct {
	At       time.Time
	Author   *Person
	Body     string
	Internal bool // an internal note, not shown to the requester
}

// Kind is a kind of request with its wording and how it is handled.
type Kind struct {
	Name   string
	Intent string
	Tool   string
	Titles []string
	Descs  []string
	Paired bool // Descs[i] belongs to Titles[i]

	Rate     float64 // per week
	Med      float64 // median working hours to resolve
	Sigma    float64
	Calendar bool // resolve in calendar hours (outages) rather than working hours
	Prio     []float64

	// ServiceNow
	Cat, Sub, CI string
	ITGroup      string
	EngProb      float64   // share routed to an engineering group
	EngGroups    []string  // engineering groups, chosen by EngWeights
	EngWeights   []float64 //
	// Jira
	IssueType  string
	Teams      []string
	TeamW      []float64
	Components []string
	Labels     []string
	// help desk
	Queue string
}

// IT reports whether the kind is IT-type work (an IT intent).
func (k *Kind) IT() bool {
	switch k.Intent {
	case "password_reset", "account_unlock", "offboarding", "onboarding", "access_request",
		"licence_request", "app_install", "vpn_network", "hardware", "email_calendar":
		return true
	}
	return false
}

var slot = map[string][]string{
	"repo":    {"payments-api", "web-app", "mobile-ios", "mobile-android", "data-pipelines", "infra-live", "terraform-modules", "design-system", "search-service", "billing-worker", "notifications-service", "analytics-dbt"},
	"ghteam":  {"platform-readers", "backend-core", "frontend", "mobile", "data-eng", "sre-oncall", "release-managers"},
	"env":     {"staging", "prod", "dev", "qa-eu"},
	"channel": {"#proj-atlas", "#sales-dach", "#incident-review", "#design-crit", "#people-ops", "#fin-close", "#launch-q3"},
	"drive":   {"Finance Q3 Planning", "Sales Playbooks", "Board Materials 2026", "Marketing Assets", "People Ops Templates", "Customer Contracts"},
	"space":   {"ENG Runbooks", "Product Specs", "Sales Enablement", "Security Policies", "Company Handbook"},
	"project": {"ENG", "MOB", "DATA", "WEB", "OPS"},
	"service": {"checkout-service", "payments-api", "search-service", "notifications-service", "billing-worker", "orders-api", "reporting-api", "ingest-pipeline"},
	"feature": {"Checkout", "Invoices", "Search", "Reports", "Settings", "Order history", "Cart", "Team admin", "Billing", "CSV import"},
	"office":  {"Berlin", "Lisbon", "Hamburg", "home office"},
	"floor":   {"2nd", "3rd", "4th"},
	"room":    {"Spree", "Havel", "Tejo", "Alster", "Elbe"},
	"ver":     {"4.12", "4.13", "4.14", "4.15", "5.0", "5.1"},
	"safari":  {"17.4", "17.5", "18.0"},
	"month":   {"March", "April", "May", "June", "July", "August", "September"},
	"n":       {"2", "3", "4", "5", "6", "8"},
	"mins":    {"5", "10", "15", "20"},
	"list":    {"all-berlin", "sales-emea", "eng-announce", "finance-team", "people-leads"},
	"team":    {"Platform", "Backend", "Frontend", "Mobile", "Data", "SRE"},
	"dept":    {"Sales", "Marketing", "Finance", "People", "Support", "Design"},
	"vpnerr":  {"ERR_NET_1042", "GP-ERR 11", "timeout after 30s", "gateway fra-gw-01 not responding"},
	"vendor":  {"Brightline Agency", "Kessler & Co.", "Studio Nord"},
}

// filler fills {placeholders} consistently within one ticket.
type filler struct {
	r    *rand.Rand
	org  *Org
	vars map[string]string
	req  *Person
}

func newFiller(r *rand.Rand, org *Org, req *Person) *filler {
	return &filler{r: r, org: org, vars: map[string]string{}, req: req}
}

func (f *filler) get(key string) string {
	if v, ok := f.vars[key]; ok {
		return v
	}
	var v string
	switch key {
	case "first", "name":
		p := pick(f.r, f.org.People)
		f.vars["first"], f.vars["name"] = p.First, p.Name
		return f.vars[key]
	case "newname", "newfirst":
		n := pick(f.r, f.org.NewHires)
		f.vars["newname"], f.vars["newfirst"] = n, strings.Fields(n)[0]
		return f.vars[key]
	case "me":
		v = f.req.First
	case "mgr":
		v = pick(f.r, f.org.People).Name
	case "start":
		v = "next Monday"
	default:
		vals, ok := slot[key]
		if !ok {
			return "{" + key + "}" // Jira markup such as {code} stays as it is
		}
		v = pick(f.r, vals)
	}
	f.vars[key] = v
	return v
}

func (f *filler) fill(s string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '{')
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		b.WriteString(f.get(s[i+1 : i+j]))
		s = s[i+j+1:]
	}
}

// windowsify makes text look like it came from Outlook on Windows: curly
// quotes, CRLF line breaks and a German sign-off.
func windowsify(s string, p *Person) string {
	s = strings.ReplaceAll(s, "'", "\u2019")
	s = strings.ReplaceAll(s, "\n", "\r\n")
	return s + "\r\n\r\nMit freundlichen Grüßen\r\n" + p.Name
}
