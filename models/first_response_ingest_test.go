package models

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/ingest"
	_ "github.com/lanes-dev/lanes/ingest/all"
)

// TestFirstResponseServiceNowHistory loads a ServiceNow update history as
// `lanes ingest` does and builds the models: each update's actor is the
// user name (sys_updated_by `ann.lee`) and the requester the caller's
// display name (`Ann Lee`, `Lee, Ann`), and the caller's own update of her
// incident is no response. Monday 2024-04-01, UTC, within working hours.
func TestFirstResponseServiceNowHistory(t *testing.T) {
	const history = `number,sys_mod_count,sys_updated_on,sys_updated_by,state,assignment_group,assigned_to,priority,opened_at,short_description,caller_id
INC0050001,0,2024-04-01 09:00:00,ann.lee,New,Service Desk,,3 - Moderate,2024-04-01 09:00:00,VPN drops,Ann Lee
INC0050001,1,2024-04-01 09:30:00,ann.lee,In Progress,Service Desk,,3 - Moderate,2024-04-01 09:00:00,VPN drops,Ann Lee
INC0050001,2,2024-04-01 11:00:00,bob.stone,On Hold,Service Desk,Bob Stone,3 - Moderate,2024-04-01 09:00:00,VPN drops,Ann Lee
INC0050002,0,2024-04-01 10:00:00,ann.lee,New,Service Desk,,3 - Moderate,2024-04-01 10:00:00,Printer jam,"Lee, Ann"
INC0050002,1,2024-04-01 10:15:00,ann.lee,In Progress,Service Desk,,3 - Moderate,2024-04-01 10:00:00,Printer jam,"Lee, Ann"
INC0050002,2,2024-04-01 13:00:00,bob.stone,Resolved,Service Desk,Bob Stone,3 - Moderate,2024-04-01 10:00:00,Printer jam,"Lee, Ann"
INC0050003,0,2024-04-01 10:00:00,anna.lee,New,Service Desk,,3 - Moderate,2024-04-01 10:00:00,Laptop slow,Anna Lee
INC0050003,1,2024-04-01 10:30:00,ann.lee,In Progress,Service Desk,,3 - Moderate,2024-04-01 10:00:00,Laptop slow,Anna Lee
`
	path := filepath.Join(t.TempDir(), "history.csv")
	require.NoError(t, os.WriteFile(path, []byte(history), 0o644))
	wh := newWarehouse(t)
	cfg := testConfig("UTC", "monday")
	sum, err := ingest.Run(context.Background(), wh, cfg, ingest.Options{
		Paths: []string{path},
		Now:   func() time.Time { return time.Date(2024, 4, 10, 12, 0, 0, 0, time.UTC) },
	})
	require.NoError(t, err)
	require.Len(t, sum.Files, 1)
	require.Equal(t, "servicenow_audit", sum.Files[0].Format)
	buildAll(t, wh, cfg)

	// INC0050001: opened 09:00 by the caller (the status it is created in
	// is no change), moved by her at 09:30, answered by bob.stone at 11:00:
	// 2 h. INC0050002: the caller written `Lee, Ann`, her update at 10:15,
	// Bob at 13:00: 3 h from 10:00. INC0050003: ann.lee is not the caller
	// Anna Lee, so her update at 10:30 is the response: 0.5 h.
	got := query(t, wh, `select source_key, requester, responder, first_response_hours, first_response_business_hours
		from int_tickets join int_ticket_first_response using (source, source_key) order by source_key`)
	assertRows(t, [][]any{
		{"INC0050001", "Ann Lee", "bob.stone", 2.0, 2.0},
		{"INC0050002", "Lee, Ann", "bob.stone", 3.0, 3.0},
		{"INC0050003", "Anna Lee", "ann.lee", 0.5, 0.5},
	}, got)
}
