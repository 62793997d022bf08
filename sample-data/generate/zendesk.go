package main

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"time"
)

// Zendesk: the customer-facing support team. Customers of Northwind's
// product write in; agents from Support answer, and product bugs go to the
// "Engineering Escalations" group, where engineers pick them up. Exported
// with the incremental tickets API (include=users,groups,organizations,
// metric_sets) in three pages, plus the audits of the escalated tickets.

var zdKinds = []*Kind{
	{Name: "zd_howto", Rate: 4, Med: 4, Sigma: 1.0, Queue: "Customer Support", IssueType: "question",
		Titles: []string{"How do I export invoices to CSV?", "Can we change the date format on reports?", "Question about the CSV import template",
			"Where do I set up saved filters?", "How do I add a second warehouse location?", "Can reports be scheduled weekly?"},
		Descs: []string{"We could not find it in the help centre. Thanks in advance!", "Our finance team asks for this every month.",
			"Is there a guide for this?"}},
	{Name: "zd_billing", Rate: 2.5, Med: 6, Sigma: 1.0, Queue: "Billing", IssueType: "question",
		Titles: []string{"Question about our invoice for {month}", "Please update the VAT number on our invoices", "Refund request for {month}",
			"Change of billing address"},
		Descs: []string{"Our company details changed last month.", "Please see the attached document from our finance department.",
			"Can you send a corrected copy?"}},
	{Name: "zd_bug", Intent: "product_bug", Rate: 4, Med: 16, Sigma: 1.1, Queue: "Customer Support", IssueType: "problem",
		Titles: []string{"Checkout page shows the wrong total", "Error when saving an order with {n} items", "Search results missing since yesterday",
			"Reports show the wrong time zone", "CSV import fails with an encoding error", "Invoice PDF shows the wrong VAT rate",
			"Mobile app crashes when opening order history", "Order history shows the wrong orders after the update"},
		Descs: []string{"Steps: open {feature}, apply a filter, save. Screenshot attached.", "Several of our users see this since release {ver}.",
			"It happens in Safari {safari} and Chrome."}},
	{Name: "zd_outage", Intent: "outage", Rate: 0.4, Med: 2, Sigma: 0.8, Calendar: true, Queue: "Customer Support", IssueType: "incident",
		Titles: []string{"Is the API down? Getting 503s", "Dashboard not loading for anyone in our team"},
		Descs:  []string{"Started about {mins} minutes ago.", "Our integration stopped syncing."}},
}

var customerOrgs = []struct {
	name, domain string
}{
	{"Brightline Agency", "brightline.agency"}, {"Kessler & Co.", "kessler-co.de"}, {"Studio Nord", "studionord.dk"},
	{"Hanse Logistik GmbH", "hanse-logistik.de"}, {"Alpina Foods AG", "alpinafoods.ch"}, {"Tejo Ventures", "tejo.pt"},
	{"Nordlicht Media", "nordlicht-media.de"}, {"Oakridge Retail Ltd", "oakridgeretail.co.uk"}, {"Baltic Freight", "balticfreight.lt"},
	{"Vinha Verde Lda", "vinhaverde.pt"}, {"Maison Lemaire", "maisonlemaire.fr"}, {"Polder Tools BV", "poldertools.nl"},
}

const (
	zdSite     = "https://northwindlabs.zendesk.com"
	zdGroupCS  = 360000101
	zdGroupBil = 360000102
	zdGroupEng = 360000103
)

var zdGroupIDs = map[string]int64{"Customer Support": zdGroupCS, "Billing": zdGroupBil, "Engineering Escalations": zdGroupEng}

type zdCustomer struct {
	id    int64
	name  string
	email string
	org   int
}

type zendesk struct {
	tickets   []*Ticket
	customers []zdCustomer
	byTicket  map[*Ticket]zdCustomer
	agents    []*Person
	userID    map[*Person]int64
	spam      *Ticket // deleted on the second page
	scrubbed  *Ticket // scrubbed on the third page
}

func genZendesk(org *Org) *zendesk {
	r := newRand(9)
	z := &zendesk{byTicket: map[*Ticket]zdCustomer{}, userID: map[*Person]int64{}}
	for i := 0; i < 260; i++ {
		first, last := pick(r, firstNames), pick(r, lastNames)
		o := r.IntN(len(customerOrgs))
		z.customers = append(z.customers, zdCustomer{id: 391000000000 + int64(i)*7919, name: first + " " + last,
			email: strings.ReplaceAll(fold(first)+"."+fold(last), " ", "") + "@" + customerOrgs[o].domain, org: o})
	}
	support := org.team("Support")
	z.agents = append([]*Person{org.byName("José Álvarez")}, support[len(support)-11:]...)
	for i, p := range org.People {
		z.userID[p] = 381000000000 + int64(i)*104729
	}
	mk := func(k *Kind, created time.Time) *Ticket {
		c := pick(r, z.customers)
		f := newFiller(r, org, nil)
		t := &Ticket{Src: "zendesk", Kind: k, Intent: k.Intent, Created: created, Title: f.fill(pick(r, k.Titles)),
			Desc: f.fill(pick(r, k.Descs)), Group: k.Queue, IssueType: k.IssueType}
		z.byTicket[t] = c
		t.Priority = 2 + weighted(r, []float64{15, 70, 15})
		if k.Intent == "outage" {
			t.Priority = 1
		}
		t.Assignee = pick(r, z.agents)
		if k.Intent == "product_bug" && r.IntN(10) < 6 {
			// escalated to engineering: a first-line agent, then an engineer
			t.EngHandle = true
			t.Group = "Engineering Escalations"
			team := map[bool]string{true: "Frontend", false: "Backend"}[strings.Contains(t.Title, "page") || strings.Contains(t.Title, "PDF")]
			if strings.Contains(t.Title, "Mobile") {
				team = "Mobile"
			}
			t.Assignee = engPick(r, org, team)
			t.Reassign = 1
		}
		if k.Intent == "outage" {
			t.EngHandle, t.Group, t.Assignee, t.Reassign = true, "Engineering Escalations", engPick(r, org, "SRE"), 1
		}
		lifetime(r, t, k, 30)
		return t
	}
	out := draw(r, kindsNamed(zdKinds, 0.8, kindNames(zdKinds)...), mk)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Created.Before(out[j].Created) })
	// spam that an agent deletes, and a ticket scrubbed on request
	spam := &Ticket{Src: "zendesk", Kind: &Kind{Name: "zd_spam"}, Title: "You have won a voucher", Desc: "Click here to claim your prize.",
		Created: time.Date(2026, 4, 14, 3, 12, 9, 0, berlin), Group: "Customer Support", Priority: 2, Open: true, IssueType: "question"}
	spam.Updated = spam.Created
	spam.Closed = time.Date(2026, 6, 9, 10, 2, 41, 0, berlin)
	z.byTicket[spam] = zdCustomer{id: 391999999001, name: "Prize Desk", email: "winner@prize-desk.example"}
	out = append(out, spam)
	z.spam = spam
	sort.SliceStable(out, func(i, j int) bool { return out[i].Created.Before(out[j].Created) })
	for i, t := range out {
		t.ID = fmt.Sprint(4102 + i)
		t.Key = t.ID
		if t == spam {
			continue
		}
		zdFinish(r, org, z, t)
	}
	// the scrubbed ticket: a billing question from April
	for _, t := range out {
		if t.Kind.Name == "zd_billing" && t.Created.Month() == time.April && !t.Open {
			z.scrubbed = t
			break
		}
	}
	z.tickets = out
	return z
}

// zdFinish draws the steps: solved tickets close four days later.
func zdFinish(r *rand.Rand, org *Org, z *zendesk, t *Ticket) {
	if !t.Open && t.Resolved.Add(96*time.Hour).Before(cutoff) {
		t.Closed = t.Resolved.Add(96 * time.Hour).Add(time.Duration(r.IntN(3600)) * time.Second)
	}
	end := cutoff
	if t.Open {
		end = openUpdated(r, t)
		if r.IntN(3) == 0 {
			t.Status = "Waiting on requester"
		}
	}
	first := pick(r, z.agents)
	steps := lifecycle(r, org, &Ticket{Created: t.Created, Resolved: t.Resolved, Closed: t.Closed, Open: t.Open, Status: t.Status,
		Reopen: t.Reopen, Group: t.Group, Assignee: t.Assignee, Reassign: t.Reassign, EngHandle: t.EngHandle}, "Customer Support", end)
	// the first line of an escalation is a support agent, not an engineer
	for i := range steps {
		if steps[i].Group == "Customer Support" && steps[i].Assignee != nil && steps[i].Assignee.Team != "Support" {
			steps[i].Assignee = first
			if steps[i].By != nil && steps[i].By.Team != "Support" {
				steps[i].By = first
			}
		}
	}
	t.Steps = steps
	t.Updated = steps[len(steps)-1].At
}

// zdStatus names a step's state the Zendesk way.
func zdStatus(s step) string {
	switch s.State {
	case stNew:
		return "new"
	case stWaiting:
		return "pending"
	case stResolved:
		return "solved"
	case stClosed:
		return "closed"
	}
	if s.Assignee == nil {
		return "new"
	}
	return "open"
}

const zdTime = "2006-01-02T15:04:05Z"

func zt(t time.Time) string { return t.UTC().Format(zdTime) }

// zdAt is the ticket as the incremental export saw it at time at: its last
// step up to then, or nil before it existed.
func (z *zendesk) snapshot(t *Ticket, at time.Time) (step, bool) {
	var cur step
	found := false
	for _, s := range t.Steps {
		if s.At.After(at) {
			break
		}
		cur, found = s, true
	}
	return cur, found
}

func (z *zendesk) ticketJSON(t *Ticket, s step, deleted, scrubbed bool) obj {
	c := z.byTicket[t]
	status := zdStatus(s)
	var assignee, group any
	if s.Assignee != nil {
		assignee = z.userID[s.Assignee]
	}
	if id, ok := zdGroupIDs[s.Group]; ok {
		group = id
	}
	subject, desc := t.Title, t.Desc
	var tags []string
	switch t.Kind.Name {
	case "zd_bug":
		tags = []string{"bug", strings.ToLower(strings.Fields(t.Title)[0])}
	case "zd_billing":
		tags = []string{"billing"}
	case "zd_howto":
		tags = []string{"how-to"}
	case "zd_outage":
		tags = []string{"incident", "api"}
	}
	if s.Group == "Engineering Escalations" {
		tags = append(tags, "escalated")
	}
	requester, org := any(c.id), any(nil)
	if c.org >= 0 && c.name != "Prize Desk" {
		org = 370000000100 + int64(c.org)
	}
	channel := []string{"email", "web", "web", "api"}[int(t.Created.Unix()/60)%4]
	created := any(zt(t.Created))
	prio := any([]string{"", "urgent", "high", "normal", "low"}[t.Priority])
	typ := any(t.IssueType)
	if deleted {
		status = "deleted"
	}
	if scrubbed {
		subject, desc, tags, requester, org, assignee, group, created, prio, typ = "SCRUBBED", "SCRUBBED", nil, nil, nil, nil, nil, nil, nil, nil
	}
	return obj{
		{"url", fmt.Sprintf("%s/api/v2/tickets/%s.json", zdSite, t.ID)},
		{"id", atoi(t.ID)},
		{"external_id", nil},
		{"via", obj{{"channel", channel}, {"source", obj{{"from", obj{}}, {"to", obj{}}, {"rel", nil}}}}},
		{"created_at", created},
		{"updated_at", zt(s.At)},
		{"generated_timestamp", s.At.Unix()},
		{"type", typ},
		{"subject", subject},
		{"raw_subject", subject},
		{"description", desc},
		{"priority", prio},
		{"status", status},
		{"recipient", "support@northwind-labs.com"},
		{"requester_id", requester},
		{"submitter_id", requester},
		{"assignee_id", assignee},
		{"organization_id", org},
		{"group_id", group},
		{"collaborator_ids", []int{}},
		{"is_public", true},
		{"tags", nonNilStrings(tags)},
		{"custom_fields", []any{obj{{"id", 360004411001}, {"value", nullStr(zdArea(t))}}}},
		{"ticket_form_id", 360000044001},
	}
}

func zdArea(t *Ticket) string {
	switch t.Kind.Name {
	case "zd_bug", "zd_outage":
		return "product"
	case "zd_billing":
		return "billing"
	case "zd_howto":
		return "how_to"
	}
	return ""
}

func nonNilStrings(xs []string) []string {
	if xs == nil {
		return []string{}
	}
	return xs
}

func (z *zendesk) metricSet(t *Ticket, s step) obj {
	groups, assignees, reopens := 0, 0, s.Reopens
	var lastG string
	var lastA *Person
	var solvedAt, assignedAt, initialAssigned time.Time
	replies := 0
	for _, x := range t.Steps {
		if x.At.After(s.At) {
			break
		}
		if x.Group != lastG && x.Group != "" {
			groups++
			lastG = x.Group
		}
		if x.Assignee != lastA && x.Assignee != nil {
			assignees++
			lastA = x.Assignee
			assignedAt = x.At
			if initialAssigned.IsZero() {
				initialAssigned = x.At
			}
		}
		if x.State == stResolved {
			solvedAt = x.At
		}
		if x.By != nil && x.By != t.Requester && x.Note != "created" {
			replies++
		}
	}
	if s.State != stResolved && s.State != stClosed {
		solvedAt = time.Time{}
	}
	var reply any = obj{{"calendar", nil}, {"business", nil}}
	if len(t.Steps) > 1 && !t.Steps[1].At.After(s.At) && t.Steps[1].Assignee != nil {
		m := int(t.Steps[1].At.Sub(t.Created).Minutes())
		reply = obj{{"calendar", m}, {"business", int(workBetween(t.Created, t.Steps[1].At, 9, 17).Minutes())}}
	}
	full := any(obj{{"calendar", nil}, {"business", nil}})
	if !solvedAt.IsZero() {
		full = obj{{"calendar", int(solvedAt.Sub(t.Created).Minutes())}, {"business", int(workBetween(t.Created, solvedAt, 9, 17).Minutes())}}
	}
	return obj{
		{"url", fmt.Sprintf("%s/api/v2/ticket_metrics/%d.json", zdSite, 9000000+atoi(t.ID))},
		{"id", 9000000 + atoi(t.ID)},
		{"ticket_id", atoi(t.ID)},
		{"created_at", zt(t.Created)},
		{"updated_at", zt(s.At)},
		{"group_stations", groups},
		{"assignee_stations", assignees},
		{"reopens", reopens},
		{"replies", replies},
		{"assignee_updated_at", nullTime(assignedAt, zdTime, time.UTC)},
		{"requester_updated_at", zt(t.Created)},
		{"status_updated_at", zt(s.At)},
		{"initially_assigned_at", nullTime(initialAssigned, zdTime, time.UTC)},
		{"assigned_at", nullTime(assignedAt, zdTime, time.UTC)},
		{"solved_at", nullTime(solvedAt, zdTime, time.UTC)},
		{"reply_time_in_minutes", reply},
		{"full_resolution_time_in_minutes", full},
	}
}

// The incremental export pages end at these times.
var zdPageEnds = []time.Time{time.Date(2026, 5, 31, 23, 59, 59, 0, berlin), time.Date(2026, 8, 2, 23, 59, 59, 0, berlin), cutoff}

// pages writes the incremental export: each page has every ticket whose
// last update falls in its window, as it stood then.
func (z *zendesk) pages() [][]byte {
	var out [][]byte
	start := firstDay.Add(-time.Second)
	for p, end := range zdPageEnds {
		type entry struct {
			t *Ticket
			s step
		}
		var es []entry
		for _, t := range z.tickets {
			var s step
			switch {
			case t == z.spam:
				s = step{At: t.Created, State: stNew, Group: "Customer Support"}
				if !t.Closed.After(end) {
					s.At = t.Closed
				}
			default:
				var ok bool
				if s, ok = z.snapshot(t, end); !ok {
					continue
				}
			}
			if t == z.scrubbed && p == len(zdPageEnds)-1 {
				s.At = time.Date(2026, 9, 3, 14, 20, 5, 0, berlin)
			}
			if s.At.After(start) && !s.At.After(end) {
				es = append(es, entry{t, s})
			}
		}
		sort.SliceStable(es, func(i, j int) bool { return es[i].s.At.Before(es[j].s.At) })
		var tickets, metrics []any
		users := map[int64]obj{}
		var userOrder []int64
		addUser := func(id int64, u obj) {
			if _, ok := users[id]; !ok {
				users[id] = u
				userOrder = append(userOrder, id)
			}
		}
		for _, e := range es {
			deleted := (e.t == z.spam && !e.t.Closed.After(end)) || (e.t == z.scrubbed && p == len(zdPageEnds)-1)
			scrubbed := e.t == z.scrubbed && p == len(zdPageEnds)-1
			tickets = append(tickets, z.ticketJSON(e.t, e.s, deleted, scrubbed))
			if !deleted {
				metrics = append(metrics, z.metricSet(e.t, e.s))
			}
			if !scrubbed {
				c := z.byTicket[e.t]
				addUser(c.id, z.customerJSON(c))
			}
			if e.s.Assignee != nil {
				addUser(z.userID[e.s.Assignee], z.agentJSON(e.s.Assignee))
			}
		}
		sort.Slice(userOrder, func(i, j int) bool { return userOrder[i] < userOrder[j] })
		var us []any
		for _, id := range userOrder {
			us = append(us, users[id])
		}
		var orgs []any
		for i, o := range customerOrgs {
			orgs = append(orgs, obj{{"id", 370000000100 + int64(i)}, {"name", o.name}, {"domain_names", []string{o.domain}}})
		}
		groups := []any{
			obj{{"id", zdGroupCS}, {"name", "Customer Support"}, {"default", true}, {"deleted", false}},
			obj{{"id", zdGroupBil}, {"name", "Billing"}, {"default", false}, {"deleted", false}},
			obj{{"id", zdGroupEng}, {"name", "Engineering Escalations"}, {"default", false}, {"deleted", false}},
		}
		last := p == len(zdPageEnds)-1
		doc := obj{
			{"tickets", tickets},
			{"users", us},
			{"groups", groups},
			{"organizations", orgs},
			{"metric_sets", metrics},
			{"next_page", fmt.Sprintf("%s/api/v2/incremental/tickets.json?include=users%%2Cgroups%%2Corganizations%%2Cmetric_sets&start_time=%d", zdSite, end.Unix())},
			{"count", len(tickets)},
			{"end_of_stream", last},
			{"end_time", end.Unix()},
		}
		out = append(out, linesJSON(doc))
		start = end
	}
	return out
}

func (z *zendesk) customerJSON(c zdCustomer) obj {
	var org any
	if c.name != "Prize Desk" {
		org = 370000000100 + int64(c.org)
	}
	return obj{{"id", c.id}, {"url", fmt.Sprintf("%s/api/v2/users/%d.json", zdSite, c.id)}, {"name", c.name}, {"email", c.email},
		{"role", "end-user"}, {"organization_id", org}, {"time_zone", "Europe/Berlin"}, {"locale", "en-US"}}
}

func (z *zendesk) agentJSON(p *Person) obj {
	id := z.userID[p]
	// engineers are light agents; the export shows both as agents
	return obj{{"id", id}, {"url", fmt.Sprintf("%s/api/v2/users/%d.json", zdSite, id)}, {"name", p.Name}, {"email", email(p)},
		{"role", "agent"}, {"organization_id", nil}, {"time_zone", "Europe/Berlin"}, {"locale", "en-US"}}
}

// audits writes the audits of the tickets that went to engineering.
func (z *zendesk) audits() []byte {
	r := newRand(10)
	var audits []any
	users := map[int64]obj{}
	var order []int64
	addUser := func(id int64, u obj) {
		if _, ok := users[id]; !ok {
			users[id] = u
			order = append(order, id)
		}
	}
	id := int64(29100000000)
	for _, t := range z.tickets {
		if !t.EngHandle {
			continue
		}
		c := z.byTicket[t]
		addUser(c.id, z.customerJSON(c))
		for i, s := range t.Steps {
			id += 1 + int64(r.IntN(40))
			author := any(c.id)
			switch {
			case s.Note == "created" || s.Note == "requester replied" || s.Note == "reopened":
			case s.By != nil:
				author = z.userID[s.By]
				addUser(z.userID[s.By], z.agentJSON(s.By))
			default:
				author = -1
			}
			var evs []any
			eid := id * 10
			ev := func(o obj) {
				eid++
				evs = append(evs, append(obj{{"id", eid}}, o...))
			}
			if i == 0 {
				ev(obj{{"type", "Comment"}, {"author_id", c.id}, {"body", t.Desc}, {"plain_body", t.Desc}, {"public", true}, {"attachments", []any{}}, {"audit_id", id}})
				ev(obj{{"type", "Create"}, {"field_name", "subject"}, {"value", t.Title}})
				ev(obj{{"type", "Create"}, {"field_name", "status"}, {"value", "new"}})
				ev(obj{{"type", "Create"}, {"field_name", "priority"}, {"value", []string{"", "urgent", "high", "normal", "low"}[t.Priority]}})
				ev(obj{{"type", "Create"}, {"field_name", "group_id"}, {"value", fmt.Sprint(zdGroupIDs[s.Group])}})
			} else {
				prev := t.Steps[i-1]
				if a, b := zdStatus(prev), zdStatus(s); a != b {
					ev(obj{{"type", "Change"}, {"field_name", "status"}, {"value", b}, {"previous_value", a}})
				}
				if prev.Group != s.Group {
					ev(obj{{"type", "Change"}, {"field_name", "group_id"}, {"value", fmt.Sprint(zdGroupIDs[s.Group])}, {"previous_value", fmt.Sprint(zdGroupIDs[prev.Group])}})
				}
				if prev.Assignee != s.Assignee && s.Assignee != nil {
					var from any
					if prev.Assignee != nil {
						from = fmt.Sprint(z.userID[prev.Assignee])
					}
					addUser(z.userID[s.Assignee], z.agentJSON(s.Assignee))
					ev(obj{{"type", "Change"}, {"field_name", "assignee_id"}, {"value", fmt.Sprint(z.userID[s.Assignee])}, {"previous_value", from}})
				}
				var body string
				public := true
				switch s.Note {
				case "reassigned":
					body, public = "Escalating to engineering: reproduced on our side, steps in the description.", false
				case "asked the requester":
					body = "Thanks for the report. Could you tell us the order number and when it happened?"
				case "requester replied":
					body = "It was this morning, order numbers are in the attachment."
				case "reopened":
					body = "Still happening for us after the fix, unfortunately."
				case "resolved":
					body = "A fix is live since this morning. Please let us know if you still see the problem."
					if t.Kind.Name == "zd_outage" {
						body = "The incident is resolved, sorry for the trouble."
					}
				}
				if body != "" && author != -1 {
					ev(obj{{"type", "Comment"}, {"author_id", author}, {"body", body}, {"plain_body", body}, {"public", public}, {"attachments", []any{}}, {"audit_id", id}})
				}
			}
			if len(evs) == 0 {
				continue
			}
			channel := "web"
			if author == -1 {
				channel = "rule"
			}
			audits = append(audits, obj{{"id", id}, {"ticket_id", atoi(t.ID)}, {"created_at", zt(s.At)}, {"author_id", author},
				{"via", obj{{"channel", channel}}},
				{"events", evs}})
		}
	}
	sort.SliceStable(audits, func(i, j int) bool {
		return audits[i].(obj)[2].v.(string) < audits[j].(obj)[2].v.(string)
	})
	sort.Slice(order, func(i, j int) bool { return order[i] < order[j] })
	var us []any
	for _, id := range order {
		us = append(us, users[id])
	}
	groups := []any{
		obj{{"id", zdGroupCS}, {"name", "Customer Support"}},
		obj{{"id", zdGroupBil}, {"name", "Billing"}},
		obj{{"id", zdGroupEng}, {"name", "Engineering Escalations"}},
	}
	var b bytes.Buffer
	b.Write(linesJSON(obj{{"audits", audits}, {"users", us}, {"groups", groups},
		{"before_cursor", nil}, {"after_cursor", nil}, {"before_url", nil}, {"after_url", nil}}))
	return b.Bytes()
}
