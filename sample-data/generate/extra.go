package main

import (
	"math/rand/v2"
	"time"
)

// Helpers shared by the exports added after the first three.

// kindsNamed returns copies of the kinds with these names, rates scaled.
func kindsNamed(from []*Kind, scale float64, names ...string) []*Kind {
	var out []*Kind
	for _, n := range names {
		found := false
		for _, k := range from {
			if k.Name == n {
				c := *k
				c.Rate *= scale
				out = append(out, &c)
				found = true
			}
		}
		if !found {
			panic("no kind " + n)
		}
	}
	return out
}

// draw makes tickets for every kind at its weekly rate over the sample.
func draw(r *rand.Rand, kinds []*Kind, mk func(k *Kind, created time.Time) *Ticket) []*Ticket {
	return drawWith(r, kinds, mk, nil)
}

// drawWith is draw that also adds, after each day's tickets, the ones
// daily makes for that day (nil: none).
func drawWith(r *rand.Rand, kinds []*Kind, mk func(k *Kind, created time.Time) *Ticket, daily func(dt time.Time) []*Ticket) []*Ticket {
	var out []*Ticket
	for d := 0; d < numDays; d++ {
		dt := day(d)
		for _, k := range kinds {
			for n := poisson(r, k.Rate*dayFactor(dt)); n > 0; n-- {
				out = append(out, mk(k, timeOfDay(r, dt)))
			}
		}
		if daily != nil {
			out = append(out, daily(dt)...)
		}
	}
	return out
}

// weekly calls fn once in every week of the sample, on a workday.
func weekly(r *rand.Rand, every int, fn func(created time.Time)) {
	for w := 0; w < numDays/7; w++ {
		if w%every != 0 {
			continue
		}
		fn(timeOfDay(r, firstDay.AddDate(0, 0, 7*w+r.IntN(5))))
	}
}

// route sends a ticket of kind k to IT or, for kinds engineering handles, to
// an engineering group, with Marta taking her share of the IT-type work.
func route(r *rand.Rand, org *Org, t *Ticket, k *Kind) {
	routeWith(r, org, t, k, []float64{70, 18, 12}, []float64{88, 10, 2})
}

// routeWith is route with the odds of 0, 1, 2... reassignments: engOdds for
// a ticket engineering handles (counted on top of the move out of IT),
// itOdds for one that stays in IT.
func routeWith(r *rand.Rand, org *Org, t *Ticket, k *Kind, engOdds, itOdds []float64) {
	if k.EngProb > 0 && r.Float64() < k.EngProb {
		t.EngHandle = true
		if k.IT() && r.Float64() < martaShare {
			t.Group, t.Assignee = "Platform Engineering", org.Marta
		} else {
			t.Group = k.EngGroups[weighted(r, k.EngWeights)]
			t.Assignee = engPick(r, org, teamOfGroup(t.Group))
		}
		t.Reassign = 1 + weighted(r, engOdds)
		return
	}
	t.Group = k.ITGroup
	t.Assignee = pick(r, org.groupMembers(k.ITGroup))
	t.Reassign = weighted(r, itOdds)
}

// lifetime sets resolution, reopen and open state the way the ServiceNow
// incidents do; openPerMille tickets stay open whatever their age.
func lifetime(r *rand.Rand, t *Ticket, k *Kind, openPerMille int) {
	t.Resolved = resolveAfter(r, k, t.Created, 8, 18)
	if r.IntN(1000) < 35 {
		t.Reopen = 1
		t.Resolved = addWork(t.Resolved, lognormal(r, 6, 1), 8, 18)
	}
	if t.Resolved.After(cutoff) || r.IntN(1000) < openPerMille {
		t.Open, t.Resolved, t.Reopen = true, time.Time{}, 0
	}
}

// openUpdated is when an open ticket was last touched.
func openUpdated(r *rand.Rand, t *Ticket) time.Time {
	span := cutoff.Sub(t.Created)
	return t.Created.Add(time.Duration(r.Int64N(int64(span/time.Second)+1)) * time.Second)
}
