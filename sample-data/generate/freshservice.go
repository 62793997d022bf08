package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"sort"
	"strings"
	"time"
)

// Freshservice: the Berlin office's IT runs hardware (the equipment desk
// on the 3rd floor) in Freshservice. The first half-year comes from the
// ticket list export (CSV, Berlin time, "#INC-" and "#SR-" ids); from July
// the team pulls GET /api/v2/tickets?include=requester,stats (JSON, UTC,
// bare ids, agents and groups as ids).

var fsKinds = append(kindsNamed(snKinds, 0.45, "hw_laptop", "hw_monitor", "hw_headset", "hw_printer", "hw_mouse"),
	&Kind{Name: "fs_dock", Intent: "hardware", Tool: "Laptop", Rate: 0.6, Med: 8, Sigma: 0.9, ITGroup: "Desktop Support", Cat: "Hardware", Sub: "Docking Station",
		Titles: []string{"Docking station at hot desk {floor} floor not charging", "USB-C docking station for home office"},
		Descs:  []string{"Tried two cables already.", "Approved by {mgr}."}},
	&Kind{Name: "fs_phone", Intent: "hardware", Rate: 0.7, Med: 12, Sigma: 0.9, ITGroup: "Desktop Support", Cat: "Hardware", Sub: "Mobile Phone",
		Titles: []string{"Company phone screen cracked", "Replacement phone for {first}"},
		Descs:  []string{"Dropped it on the way to the office.", "Battery lasts only a few hours."}},
)

// fsSplit: tickets created before it are in the CSV, the rest in the API pull.
var fsSplit = time.Date(2026, 7, 1, 0, 0, 0, 0, berlin)

var (
	fsAgentIDs = map[string]int64{"Mareike Brandt": 24000512001, "Ole Jensen": 24000512002, "Henrik Nilsson": 24000512003}
	fsGroupID  = int64(24000077001)
	fsDeptIDs  = map[string]int64{"Platform": 24000091001, "Backend": 24000091002, "Frontend": 24000091003, "Mobile": 24000091004,
		"Data": 24000091005, "SRE": 24000091006, "IT Service Desk": 24000091007, "Security": 24000091008, "Sales": 24000091009,
		"Marketing": 24000091010, "Finance": 24000091011, "People": 24000091012, "Support": 24000091013}
)

func genFreshservice(org *Org) []*Ticket {
	r := newRand(11)
	agents := []*Person{org.byName("Mareike Brandt"), org.byName("Ole Jensen")}
	mk := func(k *Kind, created time.Time) *Ticket {
		req := org.anyone(r)
		f := newFiller(r, org, req)
		t := &Ticket{Src: "freshservice", Kind: k, Intent: k.Intent, Tool: k.Tool, Created: created, Requester: req,
			Title: f.fill(pick(r, k.Titles)), Desc: f.fill(pick(r, k.Descs)), Group: "Berlin Office IT"}
		t.Category, t.Subcategory = "Hardware", fsSub(k)
		t.Components = nil
		if t.Subcategory != "" {
			t.Components = []string{t.Subcategory}
		}
		t.IssueType = "Incident"
		if strings.Contains(t.Title, "for ") || strings.HasPrefix(t.Title, "Second") || strings.HasPrefix(t.Title, "USB-C") || strings.HasPrefix(t.Title, "Replacement") {
			t.IssueType = "Service Request"
		}
		t.Priority = 1 + weighted(r, []float64{5, 25, 55, 15}) // Urgent..Low
		t.Assignee = pick(r, agents)
		if r.IntN(12) == 0 {
			t.Assignee = org.byName("Henrik Nilsson")
		}
		lifetime(r, t, k, 30)
		if t.Open {
			t.Updated = openUpdated(r, t)
			t.Status = pick(r, []string{"Open", "Pending", "Pending"})
			if t.Status == "Open" && r.IntN(2) == 0 {
				t.Assignee = nil
			}
		} else {
			t.Updated = t.Resolved.Add(time.Duration(r.IntN(300)) * time.Second)
			t.Status = "Resolved"
			if c := t.Resolved.Add(48 * time.Hour); c.Before(cutoff) {
				t.Closed = c.Add(time.Duration(r.IntN(3600)) * time.Second)
				t.Status, t.Updated = "Closed", t.Closed
			}
			t.WorkSeconds = (10 + int(lognormal(r, 25, 0.7))) * 60
		}
		t.Channel = pick(r, []string{"Portal", "Portal", "Email", "Walkup", "Phone"})
		return t
	}
	out := draw(r, fsKinds, mk)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Created.Before(out[j].Created) })
	for i, t := range out {
		n := 101 + i
		t.ID = fmt.Sprint(n)
		prefix := "#INC-"
		if t.IssueType == "Service Request" {
			prefix = "#SR-"
		}
		t.Key = prefix + t.ID
		if !t.Created.Before(fsSplit) {
			t.Key = t.ID
		}
		// first response by the agent
		span := time.Duration(lognormal(r, 40, 0.9) * float64(time.Minute))
		fr := t.Created.Add(span).Truncate(time.Second)
		if !t.Resolved.IsZero() && fr.After(t.Resolved) {
			fr = t.Resolved
		}
		if t.Assignee != nil && fr.Before(cutoff) {
			t.LastViewed = fr // first response time
		}
	}
	return out
}

func fsSub(k *Kind) string {
	switch k.Name {
	case "hw_laptop":
		return "Laptop"
	case "hw_monitor":
		return "Monitor"
	case "hw_headset":
		return "Headset"
	case "hw_printer":
		return "Printer"
	case "hw_mouse":
		return "Mouse"
	}
	return k.Sub
}

var fsPrio = []string{"", "Urgent", "High", "Medium", "Low"}

// fsDue is when the SLA wanted the ticket resolved, by priority.
func fsDue(t *Ticket) time.Time {
	hours := []float64{0, 4, 8, 24, 40}[t.Priority]
	return addWork(t.Created, hours, 9, 17)
}

var fsHeader = []string{"Ticket Id", "Subject", "Description", "Status", "Priority", "Source", "Type", "Agent", "Group",
	"Requester Name", "Requester Email", "Created Time", "Due by Time", "Resolved Time", "Closed Time", "Last Updated Time",
	"Initial Response Time", "Category", "Sub-Category", "Item Category", "Department", "Resolution Status", "First Response Status",
	"Time Tracked", "Tags"}

const fsTime = "2006-01-02 15:04:05"

func fsCSV(ts []*Ticket) ([]byte, error) {
	var rows [][]string
	for _, t := range ts {
		if !t.Created.Before(fsSplit) {
			continue
		}
		agent := personName(t.Assignee)
		due := fsDue(t)
		resSLA, respSLA := "", ""
		if !t.Resolved.IsZero() {
			resSLA = "Within SLA"
			if t.Resolved.After(due) {
				resSLA = "SLA Violated"
			}
		}
		if !t.LastViewed.IsZero() {
			respSLA = "Within SLA"
			if t.LastViewed.Sub(t.Created) > 4*time.Hour {
				respSLA = "SLA Violated"
			}
		}
		spent := ""
		if t.WorkSeconds > 0 {
			spent = fmt.Sprintf("%02d:%02d", t.WorkSeconds/3600, t.WorkSeconds%3600/60)
		}
		item := ""
		if t.Subcategory == "Laptop" {
			item = "MacBook Pro 14"
		}
		tags := strings.ToLower(strings.ReplaceAll(t.Subcategory, " ", "-"))
		if t.Priority == 1 {
			tags += ",vip"
		}
		rows = append(rows, []string{t.Key, t.Title, t.Desc, t.Status, fsPrio[t.Priority], t.Channel, t.IssueType, agent, t.Group,
			t.Requester.Name, email(t.Requester), fmtOr(t.Created, fsTime), fmtOr(due, fsTime), fmtOr(t.Resolved, fsTime),
			fmtOr(t.Closed, fsTime), fmtOr(t.Updated, fsTime), fmtOr(t.LastViewed, fsTime), t.Category, t.Subcategory, item,
			t.Requester.Team, resSLA, respSLA, spent, tags})
	}
	return encodeCSV(fsHeader, rows, true)
}

var fsStatusCode = map[string]int{"Open": 2, "Pending": 3, "Resolved": 4, "Closed": 5}
var fsSourceCode = map[string]int{"Email": 1, "Portal": 2, "Phone": 3, "Walkup": 9}

func fsJSON(ts []*Ticket) []byte {
	var tickets []any
	for i := len(ts) - 1; i >= 0; i-- { // the API lists the newest first
		t := ts[i]
		if t.Created.Before(fsSplit) {
			continue
		}
		var responder any
		if t.Assignee != nil {
			responder = fsAgentIDs[t.Assignee.Name]
		}
		due := fsDue(t)
		stats := obj{{"created_at", zt(t.Created)}, {"first_responded_at", nullTime(t.LastViewed, zdTime, time.UTC)},
			{"resolved_at", nullTime(t.Resolved, zdTime, time.UTC)}, {"closed_at", nullTime(t.Closed, zdTime, time.UTC)},
			{"status_updated_at", zt(t.Updated)}, {"pending_since", nil}, {"agent_responded_at", nullTime(t.LastViewed, zdTime, time.UTC)},
			{"requester_responded_at", nil}}
		tickets = append(tickets, obj{
			{"id", atoi(t.ID)},
			{"workspace_id", 2},
			{"subject", t.Title},
			{"description", "<div>" + strings.ReplaceAll(t.Desc, "\n", "<br>") + "</div>"},
			{"description_text", t.Desc},
			{"type", t.IssueType},
			{"status", fsStatusCode[t.Status]},
			{"priority", 5 - t.Priority},
			{"source", fsSourceCode[t.Channel]},
			{"urgency", 5 - t.Priority - map[bool]int{true: 1, false: 0}[t.Priority == 1]},
			{"impact", 1},
			{"requester_id", fsRequesterID(t.Requester)},
			{"requested_for_id", nil},
			{"responder_id", responder},
			{"group_id", fsGroupID},
			{"department_id", fsDeptIDs[t.Requester.Team]},
			{"category", t.Category},
			{"sub_category", t.Subcategory},
			{"item_category", nil},
			{"due_by", zt(due)},
			{"fr_due_by", zt(addWork(t.Created, 4, 9, 17))},
			{"is_escalated", false},
			{"fr_escalated", !t.LastViewed.IsZero() && t.LastViewed.Sub(t.Created) > 4*time.Hour},
			{"spam", false},
			{"deleted", false},
			{"created_at", zt(t.Created)},
			{"updated_at", zt(t.Updated)},
			{"tags", []string{strings.ToLower(strings.ReplaceAll(t.Subcategory, " ", "-"))}},
			{"custom_fields", obj{{"office", "Berlin"}, {"floor", nil}}},
			{"requester", obj{{"id", fsRequesterID(t.Requester)}, {"name", t.Requester.Name}, {"email", email(t.Requester)}}},
			{"stats", stats},
		})
	}
	var b bytes.Buffer
	b.Write(linesJSON(obj{{"tickets", tickets}}))
	return b.Bytes()
}

// fsAgents is GET /api/v2/agents: the desk's three agents, named as the
// CSV's Agent column names them, so that their ids in the API pull get the
// same names (the staging models name them from the directory).
func fsAgents(org *Org) []byte {
	var agents []any
	for _, n := range []string{"Mareike Brandt", "Ole Jensen", "Henrik Nilsson"} {
		p := org.byName(n)
		last := strings.TrimSpace(strings.TrimPrefix(p.Name, p.First))
		agents = append(agents, obj{{"id", fsAgentIDs[n]}, {"first_name", p.First}, {"last_name", last},
			{"email", email(p)}, {"active", true}, {"occasional", false}, {"job_title", "IT Support"},
			{"department_ids", []int64{fsDeptIDs[p.Team]}}, {"group_ids", []int64{fsGroupID}}})
	}
	return linesJSON(obj{{"agents", agents}})
}

// fsGroups is GET /api/v2/groups: the desk's one group, named as the
// CSV's Group column names it.
func fsGroups() []byte {
	return linesJSON(obj{{"groups", []any{obj{{"id", fsGroupID}, {"name", "Berlin Office IT"}, {"description", "Equipment desk, 3rd floor"},
		{"agent_ids", []int64{fsAgentIDs["Mareike Brandt"], fsAgentIDs["Ole Jensen"], fsAgentIDs["Henrik Nilsson"]}},
		{"restricted", false}, {"approval_required", false}}}}})
}

// fsDepartments is GET /api/v2/departments, each department named as the
// CSV's Department column names the requester's team.
func fsDepartments() []byte {
	names := make([]string, 0, len(fsDeptIDs))
	for n := range fsDeptIDs {
		names = append(names, n)
	}
	sort.Slice(names, func(i, j int) bool { return fsDeptIDs[names[i]] < fsDeptIDs[names[j]] })
	var depts []any
	for _, n := range names {
		depts = append(depts, obj{{"id", fsDeptIDs[n]}, {"name", n}, {"description", nil}})
	}
	return linesJSON(obj{{"departments", depts}})
}

// fsRequesterID is a requester's Freshservice id.
func fsRequesterID(p *Person) int64 {
	sum := sha256.Sum256([]byte("freshservice:" + p.Name))
	return 24000300000 + int64(binary.BigEndian.Uint32(sum[:4])%100000)
}
