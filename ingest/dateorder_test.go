package ingest_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/ingest"
	"github.com/lanes-dev/lanes/models/config"
)

// dateOrderFormat writes a file of one format: a header, a row per date,
// and what ends the file.
type dateOrderFormat struct {
	format, name string
	header       string
	row          func(i int, date string) string // the ticket's key is fmt.Sprint(key(i))
	footer       string
	key          func(i int) string
	firstLine    int // the line of row 0
}

var dateOrderFormats = []dateOrderFormat{
	{format: "csv", name: "t.csv", header: "id,created\n", firstLine: 2,
		row: func(i int, d string) string { return fmt.Sprintf("%d,%s\n", i, d) }, key: func(i int) string { return fmt.Sprint(i) }},
	{format: "jsonl", name: "t.jsonl", firstLine: 1,
		row: func(i int, d string) string { return fmt.Sprintf("{\"id\":\"%d\",\"created\":\"%s\"}\n", i, d) }, key: func(i int) string { return fmt.Sprint(i) }},
	{format: "jira_csv", name: "t.csv", header: "Summary,Issue key,Created\n", firstLine: 2,
		row: func(i int, d string) string { return fmt.Sprintf("T,K-%d,%s\n", i, d) }, key: func(i int) string { return fmt.Sprint("K-", i) }},
	{format: "servicenow_csv", name: "t.csv", header: "number,short_description,opened_at\n", firstLine: 2,
		row: func(i int, d string) string { return fmt.Sprintf("INC%d,T,%s\n", i, d) }, key: func(i int) string { return fmt.Sprint("INC", i) }},
	{format: "servicenow_json", name: "t.json", header: "{\"records\":[\n", footer: "{\"number\":\"END\",\"short_description\":\"T\",\"opened_at\":\"2024-03-01 10:00\"}\n]}\n", firstLine: 2,
		row: func(i int, d string) string {
			return fmt.Sprintf("{\"number\":\"INC%d\",\"short_description\":\"T\",\"opened_at\":\"%s\"},\n", i, d)
		}, key: func(i int) string { return fmt.Sprint("INC", i) }},
	{format: "servicenow_audit", name: "t.csv", header: "number,sys_mod_count,sys_updated_on,state\n", firstLine: 2,
		row: func(i int, d string) string { return fmt.Sprintf("INC%d,0,%s,New\n", i, d) }, key: func(i int) string { return fmt.Sprint("INC", i) }},
	{format: "freshservice_csv", name: "t.csv", header: "Ticket Id,Subject,Status,Created Time\n", firstLine: 2,
		row: func(i int, d string) string { return fmt.Sprintf("#INC-%d,T,Open,%s\n", i, d) }, key: func(i int) string { return fmt.Sprint(i) }},
	{format: "eventlog_csv", name: "t.csv", header: "Case ID,Activity,Complete Timestamp\n", firstLine: 2,
		row: func(i int, d string) string { return fmt.Sprintf("C-%d,Register,%s\n", i, d) }, key: func(i int) string { return fmt.Sprint("C-", i) }},
}

// writeDates writes a file of f whose first 300 dates are ISO (more than
// any connector's date sample takes when every date is unambiguous) and
// whose last ones are later.
func (f dateOrderFormat) write(t *testing.T, later ...string) string {
	t.Helper()
	var b strings.Builder
	b.WriteString(f.header)
	for i := range 300 {
		b.WriteString(f.row(i, "2024-03-01 10:00"))
	}
	for i, d := range later {
		b.WriteString(f.row(300+i, d))
	}
	b.WriteString(f.footer)
	return writeFile(t, filepath.Join(t.TempDir(), f.name), []byte(b.String()))
}

// A file whose sample is all ISO and whose later dates are d/m/Y: every
// connector stops the file at the first later date that reads both ways
// before any date settled the order, at its line, and reads 03/04/2024 as
// 3 April once 25/04/2024 has settled it day-first.
func TestDateOrderAfterTheSample(t *testing.T) {
	const stop = `ambiguous dates: "03/04/2024 10:00" could be day-first or month-first and no date before it settles it; set date_order`
	for _, f := range dateOrderFormats {
		t.Run(f.format, func(t *testing.T) {
			path := f.write(t, "03/04/2024 10:00", "25/04/2024 10:00")
			wh := openWarehouse(t)
			_, err := run(t, wh, ingest.Options{Paths: []string{path}, Format: f.format, MaxRejectPct: 100})
			require.Error(t, err)
			// Row 300 holds the ambiguous date.
			assert.Contains(t, err.Error(), fmt.Sprintf("%s line %d", path, f.firstLine+300))
			assert.Contains(t, err.Error(), stop)
			assert.ErrorIs(t, err, ingest.ErrAmbiguousDates)

			path = f.write(t, "25/04/2024 10:00", "03/04/2024 10:00")
			wh = openWarehouse(t)
			sum, err := run(t, wh, ingest.Options{Paths: []string{path}, Format: f.format, MaxRejectPct: 100})
			require.NoError(t, err)
			require.Len(t, sum.Files, 1)
			assert.Zero(t, sum.Files[0].Rejected)
			for i, want := range map[int]time.Time{
				300: time.Date(2024, 4, 25, 10, 0, 0, 0, time.UTC),
				301: time.Date(2024, 4, 3, 10, 0, 0, 0, time.UTC),
			} {
				var got time.Time
				require.NoError(t, wh.QueryRow(context.Background(), "select created_at from tickets where source_key = ?", f.key(i)).Scan(&got))
				assert.Equal(t, want, got.UTC(), "row %d", i)
			}
		})
	}
}

// A source's date_order reads the numeric dates of a file whose sample is
// all ISO in its order, where detection stops at the first that reads both
// ways, in every connector: day_first reads 03/04/2024 as 3 April and
// 25/04/2024 as 25 April; month_first reads 03/04/2024 as 4 March and
// rejects 25/04/2024 (no month 25). The ISO rows load either way.
func TestDateOrderSetting(t *testing.T) {
	for _, f := range dateOrderFormats {
		t.Run(f.format, func(t *testing.T) {
			for _, tc := range []struct {
				order    string
				want     map[int]time.Time
				rejected int64
			}{
				{"day_first", map[int]time.Time{
					0:   time.Date(2024, 3, 1, 10, 0, 0, 0, time.UTC),
					300: time.Date(2024, 4, 3, 10, 0, 0, 0, time.UTC),
					301: time.Date(2024, 4, 25, 10, 0, 0, 0, time.UTC)}, 0},
				{"month_first", map[int]time.Time{
					0:   time.Date(2024, 3, 1, 10, 0, 0, 0, time.UTC),
					300: time.Date(2024, 3, 4, 10, 0, 0, 0, time.UTC)}, 1},
			} {
				path := f.write(t, "03/04/2024 10:00", "25/04/2024 10:00")
				cfg := config.Default()
				cfg.Sources = []config.Source{{Name: "s", Path: path, Format: f.format, DateOrder: tc.order}}
				wh := openWarehouse(t)
				sum, err := ingest.Run(context.Background(), wh, cfg, ingest.Options{Paths: []string{path}, MaxRejectPct: 100,
					Now: func() time.Time { return time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC) }})
				require.NoError(t, err, tc.order)
				require.Len(t, sum.Files, 1)
				assert.Equal(t, tc.rejected, sum.Files[0].Rejected, tc.order)
				if tc.rejected > 0 {
					// The reason names the setting, not the file's dates.
					require.NotEmpty(t, sum.Files[0].Rejects)
					reason := sum.Files[0].Rejects[0].Reason
					assert.Contains(t, reason, `cannot read "25/04/2024 10:00" as a date: it reads only day-first (like `)
					assert.Contains(t, reason, `), and date_order in lanes.yaml says month_first`)
				}
				for i, want := range tc.want {
					var got time.Time
					require.NoError(t, wh.QueryRow(context.Background(), "select created_at from tickets where source_key = ?", f.key(i)).Scan(&got), "%s row %d", tc.order, i)
					assert.Equal(t, want, got.UTC(), "%s row %d", tc.order, i)
				}
			}
		})
	}
}

// The stop names the connector, the file, the line of the row with the
// ambiguous date (row 300, after the header or the "records" line where
// there is one) and the date's column as the file's header (or key) names
// it, the same in every connector.
func TestDateOrderStopPlace(t *testing.T) {
	at := map[string]string{ // format: how its message begins, %s the path
		"csv":              `csv: %s line 302 column "created": `,
		"jsonl":            `jsonl: %s line 301 column "created": `,
		"jira_csv":         `jira csv: %s line 302 column "Created": `,
		"servicenow_csv":   `servicenow csv: %s line 302 column "opened_at": `,
		"servicenow_json":  `servicenow json: %s line 302 column "opened_at": `,
		"servicenow_audit": `servicenow audit: %s line 302 column "sys_updated_on": `,
		"freshservice_csv": `freshservice csv: %s line 302 column "Created Time": `,
		"eventlog_csv":     `event log csv: %s line 302 column "Complete Timestamp": `,
	}
	require.Len(t, at, len(dateOrderFormats))
	for _, f := range dateOrderFormats {
		t.Run(f.format, func(t *testing.T) {
			path := f.write(t, "03/04/2024 10:00", "25/04/2024 10:00")
			_, err := run(t, openWarehouse(t), ingest.Options{Paths: []string{path}, Format: f.format, MaxRejectPct: 100})
			require.Error(t, err)
			assert.True(t, strings.HasPrefix(err.Error(), fmt.Sprintf(at[f.format], path)+"ambiguous dates: "), err.Error())
		})
	}
}

// The whole message, as the CLI shows it, for the generic CSV.
func TestDateOrderAfterTheSampleMessage(t *testing.T) {
	f := dateOrderFormats[0]
	path := f.write(t, "03/04/2024 10:00")
	_, err := run(t, openWarehouse(t), ingest.Options{Paths: []string{path}, Format: f.format})
	require.Error(t, err)
	assert.Equal(t, "csv: "+path+` line 302 column "created": ambiguous dates: "03/04/2024 10:00" could be day-first or month-first and no date before it settles it; set date_order: day_first or month_first for this source in lanes.yaml, or date_format, e.g. "02/01/2006 15:04" (day first) or "01/02/2006 15:04" (month first)`, err.Error())
}

// ServiceNow's sys_audit table (changes, no tickets) stops the same way.
func TestDateOrderAfterTheSampleSysAudit(t *testing.T) {
	var b strings.Builder
	b.WriteString("sys_id,documentkey,tablename,fieldname,oldvalue,newvalue,user,sys_created_on,record_checkpoint\n")
	row := func(i int, d string) {
		fmt.Fprintf(&b, "a%d,d%d,incident,state,1,2,maria,%s,1\n", i, i, d)
	}
	for i := range 300 {
		row(i, "2024-03-01 10:00")
	}
	row(300, "03/04/2024 10:00")
	path := writeFile(t, filepath.Join(t.TempDir(), "sys_audit.csv"), []byte(b.String()))
	_, err := run(t, openWarehouse(t), ingest.Options{Paths: []string{path}, Format: "servicenow_audit", MaxRejectPct: 100})
	require.Error(t, err)
	assert.Contains(t, err.Error(), path+` line 302 column "sys_created_on": ambiguous dates: "03/04/2024 10:00" could be day-first`)
}

// A creation time of 0001-01-01 00:00 is a reject that says what is wrong
// with the value, not that the ticket has none.
func TestZeroCreationTimeReason(t *testing.T) {
	path := writeFile(t, filepath.Join(t.TempDir(), "z.csv"), []byte("id,created\n1,0001-01-01 00:00\n2,2024-03-01 10:00\n"))
	sum, err := run(t, openWarehouse(t), ingest.Options{Paths: []string{path}, MaxRejectPct: 100})
	require.NoError(t, err)
	require.Len(t, sum.Files, 1)
	require.Len(t, sum.Files[0].Rejects, 1)
	r := sum.Files[0].Rejects[0]
	assert.Equal(t, int64(2), r.Line)
	assert.Equal(t, "created", r.Column)
	assert.Equal(t, `cannot read "0001-01-01 00:00" as a date: 0001-01-01 00:00 UTC is the zero time, which lanes keeps for a date that is missing (leave the cell empty for no date)`, r.Reason)
}

// recordDatesFormat writes a file of one format whose rows have three
// dates: first, the one the connector reads first (the creation time, or
// for the ServiceNow audit sys_updated_on, which is the creation time of a
// ticket's first update), resolved, and third, read after them.
type recordDatesFormat struct {
	format, name   string
	header, footer string
	row            func(i int, first, resolved, third string) string
	key            func(i int) string
	firstColumn    string // the column of first, as messages name it
	firstLine      int    // the line of row 0
}

var recordDatesFormats = []recordDatesFormat{
	{format: "csv", name: "t.csv", header: "id,created,resolved,updated\n", firstColumn: "created", firstLine: 2,
		row: func(i int, a, b, c string) string { return fmt.Sprintf("%d,%s,%s,%s\n", i, a, b, c) },
		key: func(i int) string { return fmt.Sprint(i) }},
	{format: "jsonl", name: "t.jsonl", firstColumn: "created", firstLine: 1,
		row: func(i int, a, b, c string) string {
			return fmt.Sprintf("{\"id\":\"%d\",\"created\":\"%s\",\"resolved\":\"%s\",\"updated\":\"%s\"}\n", i, a, b, c)
		}, key: func(i int) string { return fmt.Sprint(i) }},
	{format: "jira_csv", name: "t.csv", header: "Summary,Issue key,Created,Resolved,Updated\n", firstColumn: "Created", firstLine: 2,
		row: func(i int, a, b, c string) string { return fmt.Sprintf("T,K-%d,%s,%s,%s\n", i, a, b, c) },
		key: func(i int) string { return fmt.Sprint("K-", i) }},
	{format: "servicenow_csv", name: "t.csv", header: "number,short_description,opened_at,resolved_at,sys_updated_on\n", firstColumn: "opened_at", firstLine: 2,
		row: func(i int, a, b, c string) string { return fmt.Sprintf("INC%d,T,%s,%s,%s\n", i, a, b, c) },
		key: func(i int) string { return fmt.Sprint("INC", i) }},
	{format: "servicenow_json", name: "t.json", header: "{\"records\":[\n", firstColumn: "opened_at", firstLine: 2,
		footer: "{\"number\":\"END\",\"short_description\":\"T\",\"opened_at\":\"2024-03-01 10:00\"}\n]}\n",
		row: func(i int, a, b, c string) string {
			return fmt.Sprintf("{\"number\":\"INC%d\",\"short_description\":\"T\",\"opened_at\":\"%s\",\"resolved_at\":\"%s\",\"sys_updated_on\":\"%s\"},\n", i, a, b, c)
		}, key: func(i int) string { return fmt.Sprint("INC", i) }},
	// One row per ticket, its first update (sys_mod_count 0): its
	// sys_updated_on is the ticket's creation time, read (placing the row)
	// before the row's other dates.
	{format: "servicenow_audit", name: "t.csv", header: "number,sys_mod_count,sys_updated_on,resolved_at,opened_at,state\n", firstColumn: "sys_updated_on", firstLine: 2,
		row: func(i int, a, b, c string) string { return fmt.Sprintf("INC%d,0,%s,%s,%s,New\n", i, a, b, c) },
		key: func(i int) string { return fmt.Sprint("INC", i) }},
	{format: "freshservice_csv", name: "t.csv", header: "Ticket Id,Subject,Status,Created Time,Resolved Time,Last Updated Time\n", firstColumn: "Created Time", firstLine: 2,
		row: func(i int, a, b, c string) string { return fmt.Sprintf("#INC-%d,T,Open,%s,%s,%s\n", i, a, b, c) },
		key: func(i int) string { return fmt.Sprint(i) }},
}

// write writes a file of f whose first 300 rows have an ISO creation time
// only (more than any connector's date sample takes when every date is
// unambiguous), then one row per element of later: its first, resolved
// and third dates.
func (f recordDatesFormat) write(t *testing.T, later ...[3]string) string {
	t.Helper()
	var b strings.Builder
	b.WriteString(f.header)
	for i := range 300 {
		b.WriteString(f.row(i, "2024-03-01 10:00", "", ""))
	}
	for i, d := range later {
		b.WriteString(f.row(300+i, d[0], d[1], d[2]))
	}
	b.WriteString(f.footer)
	return writeFile(t, filepath.Join(t.TempDir(), f.name), []byte(b.String()))
}

// A date that could be day-first or month-first is settled by a date of
// its own record that only one order reads, whichever field comes first,
// in every connector whose records hold several dates; the order learned
// stays for the rest of the file. Row 300 has 03/04/2024 read first and
// 25/04/2024 (no month 25: day-first) as its resolved time, so it is
// created 3 April and resolved 25 April; row 301's 05/04/2024 is then 5
// April. Two dates that both read either way settle nothing: the file
// still stops at the first, where TestDateOrderStopPlace says. A record
// whose dates disagree (25/04/2024 only day-first, 04/25/2024 only
// month-first) stops the file there too, saying so.
func TestDateOrderSettledByTheRecord(t *testing.T) {
	for _, f := range recordDatesFormats {
		t.Run(f.format, func(t *testing.T) {
			path := f.write(t,
				[3]string{"03/04/2024 10:00", "25/04/2024 10:00", ""},
				[3]string{"05/04/2024 10:00", "", ""})
			wh := openWarehouse(t)
			sum, err := run(t, wh, ingest.Options{Paths: []string{path}, Format: f.format, MaxRejectPct: 100})
			require.NoError(t, err)
			require.Len(t, sum.Files, 1)
			assert.Zero(t, sum.Files[0].Rejected, "%v", sum.Files[0].Rejects)
			for i, want := range map[int][2]time.Time{
				300: {time.Date(2024, 4, 3, 10, 0, 0, 0, time.UTC), time.Date(2024, 4, 25, 10, 0, 0, 0, time.UTC)},
				301: {time.Date(2024, 4, 5, 10, 0, 0, 0, time.UTC)},
			} {
				var created time.Time
				var resolved *time.Time
				require.NoError(t, wh.QueryRow(context.Background(), "select created_at, resolved_at from tickets where source_key = ?", f.key(i)).Scan(&created, &resolved))
				assert.Equal(t, want[0], created.UTC(), "row %d created", i)
				if want[1].IsZero() {
					assert.Nil(t, resolved, "row %d resolved", i)
				} else if assert.NotNil(t, resolved, "row %d resolved", i) {
					assert.Equal(t, want[1], resolved.UTC(), "row %d resolved", i)
				}
			}

			// Row 300 holds the dates.
			path = f.write(t, [3]string{"03/04/2024 10:00", "04/03/2024 10:00", ""})
			_, err = run(t, openWarehouse(t), ingest.Options{Paths: []string{path}, Format: f.format, MaxRejectPct: 100})
			require.Error(t, err)
			assert.ErrorIs(t, err, ingest.ErrAmbiguousDates)
			at := fmt.Sprintf("%s line %d column %q: ambiguous dates: ", path, f.firstLine+300, f.firstColumn)
			assert.Contains(t, err.Error(), at+`"03/04/2024 10:00" could be day-first or month-first and no date before it settles it; set date_order`)

			path = f.write(t, [3]string{"03/04/2024 10:00", "25/04/2024 10:00", "04/25/2024 10:00"})
			_, err = run(t, openWarehouse(t), ingest.Options{Paths: []string{path}, Format: f.format, MaxRejectPct: 100})
			require.Error(t, err)
			assert.ErrorIs(t, err, ingest.ErrAmbiguousDates)
			at = fmt.Sprintf("%s line %d column %q: ambiguous dates: ", path, f.firstLine+300, f.firstColumn)
			assert.Contains(t, err.Error(), at+`"03/04/2024 10:00" could be day-first or month-first and the dates of its record disagree ("25/04/2024 10:00" reads only day-first, "04/25/2024 10:00" only month-first) with no date before them to settle it; set date_order`)
		})
	}
}
