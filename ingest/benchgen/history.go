package benchgen

import (
	"cmp"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"strconv"
	"time"
)

// historyHeader is an incident history list export (one row per update),
// as servicenow_audit reads it.
var historyHeader = []string{"number", "sys_mod_count", "sys_updated_on", "sys_updated_by", "state",
	"assignment_group", "assigned_to", "priority", "short_description", "description", "opened_at",
	"caller_id", "category"}

// Each incident goes through these five updates, so its history has four
// state changes and three reassignments (seven events).
var (
	historyStates = []string{"New", "In Progress", "On Hold", "In Progress", "Resolved"}
	historyGroups = []string{"Service Desk", "Network Ops", "Service Desk", "Identity & Access", "Identity & Access"}
)

// ServiceNowHistoryCSV writes the update history of incidents incidents,
// five rows each, about 230 bytes a row. Rows are in the order of their
// update time, so an incident's rows are spread over up to eight days of
// the file, as in an export sorted by sys_updated_on; byNumber sorts them
// by number, then sys_mod_count, instead. The same arguments give the same
// bytes.
func ServiceNowHistoryCSV(out io.Writer, incidents int, seed uint64, byNumber bool) error {
	type row struct {
		at       int64 // minutes after base
		inc, mod int32
	}
	r := rand.New(rand.NewPCG(seed, 0x736e6f77))
	base := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	rows := make([]row, 0, 5*incidents)
	for i := range incidents {
		at := int64(i) * 3
		for m := range 5 {
			rows = append(rows, row{at, int32(i), int32(m)})
			at += 1 + r.Int64N(2*24*60)
		}
	}
	if !byNumber {
		slices.SortStableFunc(rows, func(a, b row) int { return cmp.Compare(a.at, b.at) })
	}
	rec := make([]string, len(historyHeader))
	return writeCSV(out, historyHeader, len(rows), func(i int) []string {
		x := rows[i]
		opened := base.Add(time.Duration(x.inc) * 3 * time.Minute)
		rec[0] = fmt.Sprintf("INC%07d", x.inc)
		rec[1] = strconv.Itoa(int(x.mod))
		rec[2] = base.Add(time.Duration(x.at) * time.Minute).Format("2006-01-02 15:04:05")
		rec[3] = "agent" + strconv.Itoa(int(x.mod))
		rec[4] = historyStates[x.mod]
		rec[5] = historyGroups[x.mod]
		rec[6] = "Agent " + strconv.Itoa(int(x.inc%50))
		rec[7] = "3 - Moderate"
		rec[8] = subjects[int(x.inc)%len(subjects)] + " not working from home office"
		rec[9] = `The client says, again: "gateway unreachable". ` + sentences[int(x.inc)%len(sentences)]
		rec[10] = opened.Format("2006-01-02 15:04:05")
		rec[11] = people[int(x.inc)%len(people)]
		rec[12] = "Network"
		return rec
	})
}

// SysAuditCSV writes a sys_audit export of incidents incidents, five rows
// each in time order: the row that gives the number and the creation
// state (record_checkpoint 0, which lanes skips), then state 1 -> 2, the
// group changed, and state 2 -> 6 (three events per incident). An
// incident's rows are spread over 50 hours of the file. The same
// arguments give the same bytes.
func SysAuditCSV(out io.Writer, incidents int) error {
	type row struct {
		at              int64 // minutes after base
		inc             int32
		field, old, new string
		cp              int8
	}
	rows := make([]row, 0, 5*incidents)
	for i := range incidents {
		at := int64(i) * 2
		number := fmt.Sprintf("INC%07d", i)
		rows = append(rows,
			row{at, int32(i), "number", "", number, 0},
			row{at, int32(i), "state", "", "1", 0},
			row{at + 600, int32(i), "state", "1", "2", 1},
			row{at + 1200, int32(i), "assignment_group", "d625dccec0a8016700a222a0f7900d06", "287ebd7da9fe198100f92cc8d1d2154e", 2},
			row{at + 3000, int32(i), "state", "2", "6", 3})
	}
	slices.SortStableFunc(rows, func(a, b row) int { return cmp.Compare(a.at, b.at) })
	base := time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC)
	h := []string{"documentkey", "tablename", "fieldname", "oldvalue", "newvalue", "user", "sys_created_on", "record_checkpoint"}
	return writeCSV(out, h, len(rows), func(i int) []string {
		x := rows[i]
		return []string{fmt.Sprintf("%032x", x.inc+1), "incident", x.field, x.old, x.new,
			people[int(x.inc)%len(people)], base.Add(time.Duration(x.at) * time.Minute).Format("2006-01-02 15:04:05"),
			strconv.Itoa(int(x.cp))}
	})
}
