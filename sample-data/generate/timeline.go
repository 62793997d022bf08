package main

import (
	"math/rand/v2"
	"sort"
	"time"
)

// A ticket's history, for the exports that carry one (a Jira changelog, a
// ServiceNow audit, an event log, Zendesk audits, GitHub issue events): the
// ticket as it stood after each update. It is drawn from the ticket's own
// times and counts, so every export of the same ticket tells the same story.

// Canonical states of a step.
const (
	stNew      = "new"
	stProgress = "progress"
	stWaiting  = "waiting"
	stResolved = "resolved"
	stClosed   = "closed"
	stCanceled = "canceled"
)

// step is one update: who made it, when, and the ticket after it.
type step struct {
	At        time.Time
	By        *Person // nil: the system (auto-close, automation)
	State     string
	Group     string
	Assignee  *Person
	Reopens   int
	Reassigns int
	Resolved  time.Time // the current resolution, zero while not resolved
	Note      string    // what happened, for comments and activities
}

// groupPath is the assignment groups a ticket went through: reassign moves
// ending at its final group. Escalated tickets start in IT (itGroup); one
// move is a plain escalation, two a detour through the wrong engineering
// team, three a ping-pong (IT, engineering, back to IT, engineering again).
func groupPath(t *Ticket, itGroup string, engAlt func(string) string) []string {
	final, n := t.Group, t.Reassign
	if n == 0 {
		return []string{final}
	}
	if !t.EngHandle {
		other := "Service Desk"
		if final == other {
			other = "Desktop Support"
		}
		path := []string{final}
		for i := 0; i < n; i++ {
			if i%2 == 0 {
				path = append([]string{other}, path...)
			} else {
				path = append([]string{final}, path...)
			}
		}
		return path
	}
	switch n {
	case 1:
		return []string{itGroup, final}
	case 2:
		return []string{itGroup, engAlt(final), final}
	default:
		// ping-pong: IT, engineering, back to IT, engineering again
		path := []string{itGroup, final, itGroup, final}
		for len(path)-1 < n {
			path = append([]string{itGroup, engAlt(final)}, path[1:]...)
		}
		return path
	}
}

// otherEngGroup is the engineering group an escalation wrongly goes to first.
func otherEngGroup(g string) string {
	if g == "SRE" {
		return "Platform Engineering"
	}
	return "SRE"
}

// memberOf picks who works a ticket in group g: the final assignee in the
// final group, else someone from the group.
func memberOf(r *rand.Rand, org *Org, t *Ticket, g string) *Person {
	if g == t.Group && t.Assignee != nil {
		return t.Assignee
	}
	for _, x := range engGroupTeam {
		if x.group == g {
			if t.Assignee == org.Marta && r.IntN(10) < 6 {
				return org.Marta
			}
			return engPick(r, org, x.team)
		}
	}
	if m := org.groupMembers(g); len(m) > 0 {
		return pick(r, m)
	}
	return pick(r, org.groupMembers("Service Desk"))
}

// lifecycle draws the steps of t. end is when the last update of an open
// ticket happened (its updated time); itGroup is where escalations start.
func lifecycle(r *rand.Rand, org *Org, t *Ticket, itGroup string, end time.Time) []step {
	path := groupPath(t, itGroup, otherEngGroup)
	who := make([]*Person, len(path))
	for i, g := range path {
		who[i] = memberOf(r, org, t, g)
	}
	if t.Assignee != nil {
		who[len(who)-1] = t.Assignee
	}
	last := end
	switch {
	case t.Canceled:
		last = t.Closed
	case !t.Resolved.IsZero():
		last = t.Resolved
	}
	if !last.After(t.Created) {
		last = t.Created.Add(time.Duration(5+r.IntN(20)) * time.Minute)
	}
	// updates happen in working hours: spread them over the working time
	// between creation and the end (calendar time for round-the-clock work)
	work := workBetween(t.Created, last, 8, 18)
	calendar := work < 30*time.Minute || (t.Kind != nil && t.Kind.Calendar)
	span := last.Sub(t.Created)
	// times inside (created, last): first response, one per move, two per
	// reopen (resolved, reopened), and maybe a wait for the requester
	wait := !t.Canceled && r.IntN(4) == 0
	n := 1 + (len(path) - 1) + 2*t.Reopen
	if wait {
		n += 2
	}
	ts := make([]float64, n)
	for i := range ts {
		ts[i] = r.Float64()
	}
	sort.Float64s(ts)
	// the first response comes early
	ts[0] *= 0.25
	sort.Float64s(ts)
	at := func(i int) time.Time {
		var x time.Time
		if calendar {
			x = t.Created.Add(time.Duration(ts[i] * float64(span)))
		} else {
			x = addWork(t.Created, ts[i]*work.Hours(), 8, 18)
		}
		if x.Sub(t.Created) < time.Minute {
			x = t.Created.Add(time.Minute + time.Duration(i)*time.Second)
		}
		if !x.Before(last) {
			x = last.Add(-time.Duration(n-i) * time.Second)
		}
		return x.Truncate(time.Second)
	}
	var out []step
	cur := step{At: t.Created, By: t.Requester, State: stNew, Group: path[0], Note: "created"}
	out = append(out, cur)
	i := 0
	next := func() time.Time { x := at(i); i++; return x }
	// first response: the first group's agent takes it
	cur.At, cur.By, cur.State, cur.Assignee, cur.Note = next(), who[0], stProgress, who[0], "assigned"
	if t.Open && t.State == "New" {
		cur.Assignee, cur.By, cur.State, cur.Note = nil, nil, stNew, "triaged"
	}
	out = append(out, cur)
	reopensLeft := t.Reopen
	waited := false
	for h := 1; h < len(path); h++ {
		if wait && !waited && h == 1 && len(path) > 1 {
			cur.At, cur.By, cur.State, cur.Note = next(), cur.Assignee, stWaiting, "asked the requester"
			out = append(out, cur)
			cur.At, cur.By, cur.State, cur.Note = next(), t.Requester, stProgress, "requester replied"
			out = append(out, cur)
			waited = true
		}
		by := cur.Assignee
		if by == nil {
			by = who[h-1]
		}
		cur.At, cur.By, cur.Group, cur.Assignee, cur.State, cur.Note = next(), by, path[h], who[h], stProgress, "reassigned"
		cur.Reassigns++
		out = append(out, cur)
	}
	if wait && !waited {
		cur.At, cur.By, cur.State, cur.Note = next(), cur.Assignee, stWaiting, "asked the requester"
		out = append(out, cur)
		cur.At, cur.By, cur.State, cur.Note = next(), t.Requester, stProgress, "requester replied"
		out = append(out, cur)
	}
	for ; reopensLeft > 0; reopensLeft-- {
		cur.At, cur.By, cur.State, cur.Note = next(), cur.Assignee, stResolved, "resolved"
		cur.Resolved = cur.At
		out = append(out, cur)
		cur.At, cur.By, cur.State, cur.Note = next(), t.Requester, stProgress, "reopened"
		cur.Resolved = time.Time{}
		cur.Reopens++
		out = append(out, cur)
	}
	switch {
	case t.Canceled:
		cur.At, cur.By, cur.State, cur.Note = t.Closed, cur.Assignee, stCanceled, "canceled"
		out = append(out, cur)
	case t.Open:
		// an open ticket's last update is its updated time
		if t.State == "On Hold" || t.Status == "Waiting for customer" || t.Status == "Waiting on requester" {
			cur.State = stWaiting
		}
		if end.After(cur.At) && cur.State == stWaiting {
			cur.At, cur.By, cur.Note = end, cur.Assignee, "asked the requester"
			out = append(out, cur)
		}
	default:
		cur.At, cur.By, cur.State, cur.Note = t.Resolved, cur.Assignee, stResolved, "resolved"
		cur.Resolved = t.Resolved
		out = append(out, cur)
		if !t.Closed.IsZero() {
			cur.At, cur.By, cur.State, cur.Note = t.Closed, nil, stClosed, "closed"
			out = append(out, cur)
		}
	}
	// keep the steps in time order and one second apart at least
	for j := 1; j < len(out); j++ {
		if !out[j].At.After(out[j-1].At) {
			out[j].At = out[j-1].At.Add(time.Second)
		}
	}
	return out
}
