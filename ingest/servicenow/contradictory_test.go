package servicenow

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/ingest/ingesttest"
	"github.com/lanes-dev/lanes/models/config"
)

// TestAuditContradictoryDatesPlaced: an audit file whose date sample has
// one date only day-first reads (13 is no month) and one only month-first
// reads (14 is no month) stops, naming each with the line of its row and
// the column or key it is in, whether the rows are grouped in memory or in
// DuckDB. The lines are counted by hand: the header (or the line opening
// the list) is line 1, so the second and third rows are lines 3 and 4.
func TestAuditContradictoryDatesPlaced(t *testing.T) {
	const want = `servicenow audit: %s: ambiguous dates: as many dates read only day-first as only month-first (first %s, only day-first, and %s, only month-first); set date_order (day_first or month_first) or date_format for this source in lanes.yaml`
	for _, tc := range []struct {
		name, input string
		day, month  string // the samples and their places, as the message quotes them
	}{
		{
			// The ISO dates read the same either way and settle nothing.
			name: "history.csv",
			input: "number,sys_updated_on,state,opened_at\n" +
				"INC0092001,2024-05-02 09:00:00,New,2024-05-02 09:00:00\n" +
				"INC0092001,13/05/2024 12:00:00,Resolved,2024-05-02 09:00:00\n" +
				"INC0092002,2024-05-03 09:00:00,New,05/14/2024 08:00:00\n",
			day:   `"13/05/2024 12:00:00" at line 3 column "sys_updated_on"`,
			month: `"05/14/2024 08:00:00" at line 4 column "opened_at"`,
		},
		{
			name: "history.json",
			input: `{"records":[` + "\n" +
				`{"number":"INC0092001","sys_mod_count":"0","sys_updated_on":"2024-05-02 09:00:00","state":"New"},` + "\n" +
				`{"number":"INC0092001","sys_mod_count":"1","sys_updated_on":"13/05/2024 12:00:00","state":"Resolved"},` + "\n" +
				`{"number":"INC0092002","sys_mod_count":"0","sys_updated_on":"2024-05-03 09:00:00","state":"New","opened_at":"05/14/2024 08:00:00"}` + "\n" +
				`]}` + "\n",
			day:   `"13/05/2024 12:00:00" at line 3 column "sys_updated_on"`,
			month: `"05/14/2024 08:00:00" at line 4 column "opened_at"`,
		},
		{
			name: "sys_audit.csv",
			input: "sys_id,documentkey,tablename,fieldname,oldvalue,newvalue,user,sys_created_on,record_checkpoint\n" +
				"a1,d1,incident,state,1,2,dev.patel,2024-03-04 08:20:00,1\n" +
				"a2,d1,incident,state,2,6,dev.patel,13/03/2024 09:00:00,2\n" +
				"a3,d2,incident,priority,3,2,dev.patel,03/14/2024 10:00:00,1\n",
			day:   `"13/03/2024 09:00:00" at line 3 column "sys_created_on"`,
			month: `"03/14/2024 10:00:00" at line 4 column "sys_created_on"`,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ingesttest.Read(context.Background(), AuditConnector{}, tc.name, []byte(tc.input), config.Source{})
			require.Error(t, err)
			assert.Equal(t, fmt.Sprintf(want, tc.name, tc.day, tc.month), err.Error())

			path := writeFile(t, tc.name, []byte(tc.input))
			spill := loadAudit(t, path, config.Source{}, 0, true)
			assert.True(t, spill.Spilled, "grouped in DuckDB")
			assert.Equal(t, fmt.Sprintf(want, path, tc.day, tc.month), spill.Err)
		})
	}
}
