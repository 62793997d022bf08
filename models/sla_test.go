package models

import (
	"testing"

	"github.com/lanes-dev/lanes/models/config"
)

// TestSLA checks per-ticket SLA verdicts and the sla mart under a UTC
// calendar (09:00-17:00, Monday to Friday) with these targets:
//
//	p1  respond 1 h, resolve 4 h, calendar hours
//	p2  respond 2 h, resolve 8 h, business hours
//	p3  respond 8 h, resolve 40 h, business hours
//	p4  no response target, resolve 16 h, business hours
//
// and time in `waiting` off the clock. The data's latest moment (as_of_at)
// is Fri 2026-03-13 17:00, S8's updated_at.
func TestSLA(t *testing.T) {
	wh := newWarehouse(t)
	insert(t, wh, []tk{
		{key: "S1", status: "resolved", priority: "p1", created: "2026-03-02 10:00", resolved: "2026-03-02 13:00"},
		{key: "S2", status: "resolved", priority: "p1", created: "2026-03-02 10:00", resolved: "2026-03-02 15:30"},
		{key: "S3", status: "resolved", priority: "p1", created: "2026-03-02 10:00", resolved: "2026-03-02 12:00"},
		{key: "S4", status: "resolved", priority: "p2", created: "2026-03-06 16:00", resolved: "2026-03-09 15:00"},
		{key: "S5", status: "open", priority: "p2", created: "2026-03-13 15:00"},
		{key: "S6", status: "open", priority: "p2", created: "2026-03-12 09:00"},
		{key: "S7", status: "resolved", priority: "p3", created: "2026-03-02 10:00", resolved: "2026-03-02 11:00"},
		{key: "S8", status: "open", priority: "p4", created: "2026-03-13 16:00"},
		{key: "S9", status: "resolved", priority: "p4", created: "2026-03-02 09:00", resolved: "2026-03-04 09:00"},
		{key: "S10", status: "resolved", created: "2026-03-02 09:00", resolved: "2026-03-02 10:00"},
		{key: "S11", status: "canceled", priority: "p1", created: "2026-03-02 09:00", closed: "2026-03-03 09:00"},
		{key: "S12", status: "resolved", priority: "p1", created: "2026-03-02 12:00", resolved: "2026-03-02 11:00"},
	}, nil)
	execSQL(t, wh,
		`update tickets set requester = 'req@corp'`,
		`update tickets set is_sla_breached = true where source_key = 'S7'`,
		`update tickets set is_sla_breached = false, updated_at = '2026-03-13 17:00' where source_key = 'S8'`,
	)
	insertHistory(t, wh, []xev{
		{key: "S2", seq: 1, at: "2026-03-02 10:20", kind: "status", actor: "ivy@corp", from: "Open", to: "Waiting for customer"},
		{key: "S2", seq: 2, at: "2026-03-02 12:00", kind: "status", actor: "req@corp", from: "Waiting for customer", to: "In Progress"},
		{key: "S2", seq: 3, at: "2026-03-02 15:30", kind: "status", actor: "ivy@corp", from: "In Progress", to: "Resolved"},
	}, []cmt{
		{key: "S1", seq: 1, at: "2026-03-02 10:30", author: "ivy@corp", public: true},
		{key: "S3", seq: 1, at: "2026-03-02 11:30", author: "ivy@corp", public: true},
		{key: "S4", seq: 1, at: "2026-03-09 09:30", author: "pat@corp", public: true},
		{key: "S7", seq: 1, at: "2026-03-02 10:05", author: "ivy@corp", public: true},
	})
	cfg := testConfig("UTC", "monday")
	target := func(response, resolve float64, business bool) config.SLATarget {
		return config.SLATarget{ResponseHours: &response, ResolveHours: &resolve, BusinessHours: &business}
	}
	cfg.SLA = config.SLA{
		Targets: map[string]config.SLATarget{
			"p1": target(1, 4, false),
			"p2": target(2, 8, true),
			"p3": target(8, 40, true),
			"p4": target(0, 16, true),
		},
		PauseStatuses: []string{"waiting"},
	}
	buildAll(t, wh, cfg)

	// S1  respond 10:00 -> 10:30 = 0.5 <= 1; resolve 3 <= 4: met.
	// S2  respond at the agent's status change 10:20 = 1/3 h; resolve 10:00 -> 15:30 = 5.5 h
	//     minus waiting 10:20 -> 12:00 (100 min) = 230 min = 3.8333 <= 4: met (5.5 alone would breach).
	// S3  respond 1.5 > 1: breached; resolve 2 <= 4: met. Ticket breached.
	// S4  business: Fri 16-17 (1) + Mon 9-9:30 (0.5) = 1.5 <= 2; resolve 1 + Mon 9-15 (6) = 7 <= 8: met.
	// S5  open, no response: Fri 15:00 -> as_of 17:00 = 2 h, not over 2: pending; resolve 2 <= 8: pending.
	// S6  open since Thu 09:00: Thu 8 + Fri 8 = 16 business hours > 2 and > 8: breached.
	// S7  computed: respond 5 min = 1/12 h, resolve 1 h: met; the source says breached and wins.
	// S8  source says not breached, still open: pending. Computed: no response target;
	//     resolve Fri 16-17 = 1 <= 16, running: pending.
	// S9  no response target; the response clock stops at the resolution: Mon 09:00 -> Wed 09:00
	//     = 16 business hours; resolve 16 is not over 16: met.
	// S10 no priority, no flag: no verdict. S11 canceled: none.
	// S12 resolved (and so responded) before its creation: both clocks in error, no verdict.
	got := query(t, wh, `select source_key, response_clock_hours, resolve_clock_hours, paused_hours,
			response_verdict, resolve_verdict, computed_verdict, verdict, verdict_source
		from int_ticket_sla order by length(source_key), source_key`)
	assertRows(t, [][]any{
		{"S1", 0.5, 3.0, 0.0, "met", "met", "met", "met", "computed"},
		{"S2", 1.0 / 3, 230.0 / 60, 100.0 / 60, "met", "met", "met", "met", "computed"},
		{"S3", 1.5, 2.0, 0.0, "breached", "met", "breached", "breached", "computed"},
		{"S4", 1.5, 7.0, 0.0, "met", "met", "met", "met", "computed"},
		{"S5", 2.0, 2.0, 0.0, "pending", "pending", "pending", "pending", "computed"},
		{"S6", 16.0, 16.0, 0.0, "breached", "breached", "breached", "breached", "computed"},
		{"S7", 1.0 / 12, 1.0, 0.0, "met", "met", "met", "breached", "source"},
		{"S8", 1.0, 1.0, 0.0, nil, "pending", "pending", "pending", "source"},
		{"S9", 16.0, 16.0, 0.0, nil, "met", "met", "met", "computed"},
		{"S10", nil, nil, nil, nil, nil, nil, nil, nil},
		{"S11", nil, nil, nil, nil, nil, nil, nil, nil},
		{"S12", nil, nil, nil, nil, nil, nil, nil, nil},
	}, got)

	// Week of 2026-03-02: p1 S1 met, S2 met, S3 breached; p2 S4 met; p3 S7 breached (source);
	//   p4 S9 met. All: 6 tickets, 4 met, 2 breached: rate 2 / 6.
	// Week of 2026-03-09: p2 S5 pending, S6 breached (rate 1 / 1); p4 S8 pending (source, rate null).
	//   All: 3 tickets, 0 met, 1 breached, 2 pending: rate 1 / 1.
	// All weeks (week_start null): p1 3/2/1/0; p2 S4, S5, S6: 1 met, 1 breached, 1 pending, rate 1/2;
	//   p3 as above; p4 S8, S9: 1 met, 1 pending, rate 0; all 9: 4 met, 3 breached, 2 pending, rate 3/7.
	got = query(t, wh, `select week_start::varchar, priority, tickets, met, breached, pending, breach_rate,
			source_verdicts, computed_verdicts
		from sla order by week_start nulls last, priority`)
	assertRows(t, [][]any{
		{"2026-03-02", "all", 6, 4, 2, 0, 2.0 / 6, 1, 5},
		{"2026-03-02", "p1", 3, 2, 1, 0, 1.0 / 3, 0, 3},
		{"2026-03-02", "p2", 1, 1, 0, 0, 0.0, 0, 1},
		{"2026-03-02", "p3", 1, 0, 1, 0, 1.0, 1, 0},
		{"2026-03-02", "p4", 1, 1, 0, 0, 0.0, 0, 1},
		{"2026-03-09", "all", 3, 0, 1, 2, 1.0, 1, 2},
		{"2026-03-09", "p2", 2, 0, 1, 1, 1.0, 0, 2},
		{"2026-03-09", "p4", 1, 0, 0, 1, nil, 1, 0},
		{nil, "all", 9, 4, 3, 2, 3.0 / 7, 2, 7},
		{nil, "p1", 3, 2, 1, 0, 1.0 / 3, 0, 3},
		{nil, "p2", 3, 1, 1, 1, 0.5, 0, 3},
		{nil, "p3", 1, 0, 1, 0, 1.0, 1, 0},
		{nil, "p4", 2, 1, 0, 1, 0.0, 1, 1},
	}, got)
}
