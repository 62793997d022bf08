package servicenow

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/ingest"
	"github.com/lanes-dev/lanes/ingest/benchgen"
	"github.com/lanes-dev/lanes/ingest/ingesttest"
	"github.com/lanes-dev/lanes/models/config"
	"github.com/lanes-dev/lanes/models/warehouse"
)

// auditLoad is everything an ingest of a history leaves behind, and
// whether it was grouped on disk.
type auditLoad struct {
	ingesttest.Loaded
	Spilled bool
}

// loadAudit ingests path as servicenow_audit into a fresh warehouse,
// holding at most limit rows in memory (0: the default), or spilling from
// the first row (early).
func loadAudit(t testing.TB, path string, src config.Source, limit int, early bool) auditLoad {
	t.Helper()
	cfg := config.Default()
	src.Name, src.Path, src.Format = "sn", path, AuditName
	cfg.Sources = append(cfg.Sources, src)
	if limit > 0 {
		withAuditLimit(t, limit)
	}
	spillEarly = early
	defer func() { spillEarly = false }()
	before := spilled.Load()
	out := ingesttest.LoadFile(t, cfg, path)
	return auditLoad{Loaded: out, Spilled: spilled.Load() > before}
}

func writeFile(t testing.TB, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(path, data, 0o644))
	return path
}

// TestAuditSpillMatchesMemory loads every history fixture (CSV, JSON,
// rows to reject) grouped in memory and grouped in DuckDB from the first
// row: the tables must be the same.
func TestAuditSpillMatchesMemory(t *testing.T) {
	for _, c := range ingesttest.Cases(t, filepath.Join("testdata", "servicenow_audit")) {
		t.Run(c.Name, func(t *testing.T) {
			path := writeFile(t, filepath.Base(c.Input), c.Data(t))
			mem := loadAudit(t, path, c.Source, 0, false)
			require.False(t, mem.Spilled)
			// Read back a row at a time, two rows, and all at once.
			for _, batch := range []int{1, 2, 20_000} {
				old := spillBatch
				spillBatch = batch
				spill := loadAudit(t, path, c.Source, 0, true)
				spillBatch = old
				ingesttest.SameLoad(t, mem.Loaded, spill.Loaded)
				assert.True(t, spill.Spilled, "grouped in DuckDB")
			}
			assert.NotEmpty(t, mem.Tables["tickets"]+mem.Tables["ticket_events"])
		})
	}
}

// TestAuditUnsortedHistorySpills loads a history in no order at all, as
// an export sorted by update time comes, past the memory limit: it is
// grouped in DuckDB and loads as it does in memory. Each ticket's state is
// that of its row with the highest sys_mod_count, counted here from the
// file itself.
func TestAuditUnsortedHistorySpills(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "sample-data", "servicenow", "incident-history.csv"))
	require.NoError(t, err)
	records, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	require.NoError(t, err)
	header, rows := records[0], records[1:]
	rand.New(rand.NewSource(7)).Shuffle(len(rows), func(i, j int) { rows[i], rows[j] = rows[j], rows[i] })
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	require.NoError(t, w.WriteAll(append([][]string{header}, rows...)))
	path := writeFile(t, "history-by-update.csv", buf.Bytes())

	col := map[string]int{}
	for i, h := range header {
		col[h] = i
	}
	last := map[string][]string{} // number -> its row with the highest sys_mod_count
	for _, r := range rows {
		n := r[col["number"]]
		mod, err := strconv.Atoi(r[col["sys_mod_count"]])
		require.NoError(t, err)
		if prev, ok := last[n]; !ok || mod > func() int { m, _ := strconv.Atoi(prev[col["sys_mod_count"]]); return m }() {
			last[n] = r
		}
	}
	require.Greater(t, len(rows), 2*len(last), "several updates per ticket")

	mem := loadAudit(t, path, config.Source{}, 0, false)
	require.False(t, mem.Spilled)
	spill := loadAudit(t, path, config.Source{}, 100, false)
	require.True(t, spill.Spilled, "grouped in DuckDB past 100 rows")
	ingesttest.SameLoad(t, mem.Loaded, spill.Loaded)
	require.Empty(t, spill.Err)

	tickets := strings.Split(spill.Tables["tickets"], "\n")
	assert.Len(t, tickets, len(last))
	for _, j := range tickets {
		var key, status string
		for _, part := range []struct {
			name string
			dst  *string
		}{{`"source_key":"`, &key}, {`"status_raw":"`, &status}} {
			i := strings.Index(j, part.name)
			require.GreaterOrEqual(t, i, 0, j)
			rest := j[i+len(part.name):]
			*part.dst = rest[:strings.IndexByte(rest, '"')]
		}
		require.Contains(t, last, key)
		assert.Equal(t, last[key][col["state"]], status, key)
	}
}

// TestAuditSpillByHand: INC1 and INC2 alternate, past a limit of three
// rows. Each ticket is its last row (lines 4 and 5) and has one event,
// Desk to Network at 09:01 (the file's times are UTC).
func TestAuditSpillByHand(t *testing.T) {
	path := writeFile(t, "audit.csv", []byte(auditRows("INC1", "INC2", "INC1", "INC2")))
	out := loadAudit(t, path, config.Source{}, 3, false)
	require.Empty(t, out.Err)
	require.True(t, out.Spilled)
	tickets := strings.Split(out.Tables["tickets"], "\n")
	require.Len(t, tickets, 2)
	assert.Contains(t, tickets[0], `"source_key":"INC1"`)
	assert.Contains(t, tickets[0], `"source_line":4`)
	assert.Contains(t, tickets[1], `"source_key":"INC2"`)
	assert.Contains(t, tickets[1], `"source_line":5`)
	events := strings.Split(out.Tables["ticket_events"], "\n")
	require.Len(t, events, 2)
	for i, key := range []string{"INC1", "INC2"} {
		assert.Contains(t, events[i], `"source_key":"`+key+`"`)
		assert.Contains(t, events[i], `"event_at":"2024-03-01 09:01:00"`)
		assert.Contains(t, events[i], `"kind":"group","actor":"ann","from_value":"Desk","to_value":"Network"`)
	}
}

// TestSysAuditSpills loads a sys_audit export of 30 incidents whose
// changes interleave in time, past a limit of 10 rows. Each incident has
// a number row and its creation values (checkpoint 0, not events), then
// New -> In Progress, a group change and In Progress -> Resolved: three
// events each, 90 in all, keyed by number. The number rows come first, in
// the reverse order of the changes, and incidents 0, 10 and 20 have a
// change with no time, rejected as each is built: in the order of their
// number rows, 20, 10, 0, as in memory.
func TestSysAuditSpills(t *testing.T) {
	type change struct {
		at                   time.Time
		doc, field, old, new string
		cp                   int
		noTime               bool
	}
	base := time.Date(2024, 3, 4, 8, 0, 0, 0, time.UTC)
	var changes []change
	for k := range 30 {
		doc := fmt.Sprintf("%032x", k+1)
		start := base.Add(time.Duration(k) * 7 * time.Minute)
		changes = append(changes,
			change{base.Add(-time.Hour - time.Duration(k)*time.Minute), doc, "number", "", fmt.Sprintf("INC%04d", k), 0, false},
			change{start, doc, "state", "", "1", 0, false},
			change{start.Add(time.Hour), doc, "state", "1", "2", 1, false},
			change{start.Add(2 * time.Hour), doc, "assignment_group", "desk", "network", 2, false},
			change{start.Add(3 * time.Hour), doc, "state", "2", "6", 3, false})
		if k%10 == 0 {
			changes = append(changes, change{start.Add(4 * time.Hour), doc, "priority", "3", "2", 4, true})
		}
	}
	sort.SliceStable(changes, func(i, j int) bool { return changes[i].at.Before(changes[j].at) })
	var b strings.Builder
	b.WriteString("documentkey,tablename,fieldname,oldvalue,newvalue,user,sys_created_on,record_checkpoint\n")
	for _, c := range changes {
		at := c.at.Format("2006-01-02 15:04:05")
		if c.noTime {
			at = ""
		}
		fmt.Fprintf(&b, "%s,incident,%s,%s,%s,ann,%s,%d\n", c.doc, c.field, c.old, c.new, at, c.cp)
	}
	path := writeFile(t, "sys_audit.csv", []byte(b.String()))
	mem := loadAudit(t, path, config.Source{}, 0, false)
	require.False(t, mem.Spilled)
	spill := loadAudit(t, path, config.Source{}, 10, false)
	require.True(t, spill.Spilled)
	ingesttest.SameLoad(t, mem.Loaded, spill.Loaded)
	events := strings.Split(spill.Tables["ticket_events"], "\n")
	require.Len(t, events, 90)
	perKey := map[string]int{}
	for _, e := range events {
		i := strings.Index(e, `"source_key":"`) + len(`"source_key":"`)
		perKey[e[i:i+7]]++
	}
	assert.Len(t, perKey, 30)
	for key, n := range perKey {
		assert.Equal(t, 3, n, key)
	}
	rejects := strings.Split(spill.Tables["rejects"], "\n")
	require.Len(t, rejects, 3)
	for i, doc := range []int{21, 11, 1} {
		assert.Contains(t, rejects[i], fmt.Sprintf("%032x", doc))
		assert.Contains(t, rejects[i], "change has no sys_created_on time to place it")
	}
}

// TestAuditSpillFailureLeavesWarehouse: a history grouped on disk whose
// rows are rejected as its tickets are built (INC3's sys_mod_count is not
// a count), past --max-reject-pct: the run fails and the warehouse holds
// what it held before, the first file's ticket.
func TestAuditSpillFailureLeavesWarehouse(t *testing.T) {
	ctx := context.Background()
	wh, err := warehouse.Open(ctx, ":memory:", warehouse.Options{})
	require.NoError(t, err)
	defer wh.Close()
	dir := t.TempDir()
	good := filepath.Join(dir, "good.csv")
	require.NoError(t, os.WriteFile(good, []byte(auditRows("INC9")), 0o644))
	var b strings.Builder
	b.WriteString(auditHeader)
	for i := range 40 {
		mod := strconv.Itoa(i / 4)
		if i%4 == 3 {
			mod = "many"
		}
		fmt.Fprintf(&b, "INC%d,%s,2024-03-01 09:%02d:00,ann,In Progress,Desk,2024-03-01 09:00:00\n", i%4, mod, i)
	}
	bad := filepath.Join(dir, "bad.csv")
	require.NoError(t, os.WriteFile(bad, []byte(b.String()), 0o644))
	withAuditLimit(t, 5)
	cfg := config.Default()
	opts := ingest.Options{Paths: []string{good}, Format: AuditName, MaxRejectPct: 5}
	_, err = ingest.Run(ctx, wh, cfg, opts)
	require.NoError(t, err)
	before := spilled.Load()
	opts.Paths = []string{bad}
	_, err = ingest.Run(ctx, wh, cfg, opts)
	require.Error(t, err)
	// INC3's ten rows are all rejected: 10 of the file's 40 rows.
	assert.Contains(t, err.Error(), "bad.csv: 10 of 40 rows rejected (25.0%), more than --max-reject-pct 5; nothing was written")
	assert.Greater(t, spilled.Load(), before, "grouped on disk before it failed")
	tables := ingesttest.Dump(t, wh, map[string]string{"tickets": "j", "ticket_events": "j", "rejects": "j", "ingest_runs": "j"})
	require.Len(t, tables["tickets"], 1)
	assert.Contains(t, tables["tickets"][0], `"source_key":"INC9"`)
	assert.Empty(t, tables["ticket_events"])
	assert.Empty(t, tables["rejects"])
	assert.Len(t, tables["ingest_runs"], 1)
}

func TestPackFieldsRoundTrip(t *testing.T) {
	for _, fields := range [][]string{{""}, {"a", "", "b,c"}, {strings.Repeat("x", 300), "\x00\xff\x1f", "é"}, {}} {
		got, err := unpackFields(packFields(fields))
		require.NoError(t, err)
		assert.Equal(t, fields, got)
	}
	_, err := unpackFields([]byte{5, 'a'})
	assert.Error(t, err, "a length past the end")
}

// BenchmarkAuditLoad loads a history of 20,000 incidents (100,000 rows):
// sorted by number, in update-time order in memory, and in update-time
// order grouped in DuckDB (past a limit of 10,000 rows).
func BenchmarkAuditLoad(b *testing.B) {
	var byTime, byNumber bytes.Buffer
	require.NoError(b, benchgen.ServiceNowHistoryCSV(&byTime, 20_000, 1, false))
	require.NoError(b, benchgen.ServiceNowHistoryCSV(&byNumber, 20_000, 1, true))
	timePath := writeFile(b, "by-time.csv", byTime.Bytes())
	numberPath := writeFile(b, "by-number.csv", byNumber.Bytes())
	for _, c := range []struct {
		name  string
		path  string
		limit int
		spill bool
	}{{"sorted", numberPath, 0, false}, {"memory", timePath, 0, false}, {"duckdb", timePath, 10_000, true}} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				out := loadAudit(b, c.path, config.Source{}, c.limit, false)
				require.Empty(b, out.Err)
				require.Equal(b, c.spill, out.Spilled)
			}
		})
	}
}

// TestAuditInZipSpills: the shuffled history of TestAuditUnsortedHistorySpills
// inside a .zip is copied out and grouped on disk like the plain file, and
// loads the same, but for the file's name.
func TestAuditInZipSpills(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp) // where the copy goes
	data, err := os.ReadFile(filepath.Join("..", "..", "sample-data", "servicenow", "incident-history.csv"))
	require.NoError(t, err)
	records, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	require.NoError(t, err)
	rows := records[1:]
	rand.New(rand.NewSource(3)).Shuffle(len(rows), func(i, j int) { rows[i], rows[j] = rows[j], rows[i] })
	var out bytes.Buffer
	require.NoError(t, csv.NewWriter(&out).WriteAll(append(records[:1], rows...)))
	shuffled := out.String()
	plain := writeFile(t, "history.csv", []byte(shuffled))
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.Create("exports/history.csv")
	require.NoError(t, err)
	_, err = w.Write([]byte(shuffled))
	require.NoError(t, err)
	require.NoError(t, zw.Close())
	archive := writeFile(t, "export.zip", buf.Bytes())

	fromFile := loadAudit(t, plain, config.Source{}, 100, false)
	fromZip := loadAudit(t, archive, config.Source{}, 100, false)
	require.Empty(t, fromZip.Err)
	assert.True(t, fromZip.Spilled, "grouped on disk")
	shown := archive + "!exports/history.csv"
	for _, table := range []string{"tickets", "ticket_events", "rejects", "ingest_runs"} {
		assert.Equal(t, fromFile.Tables[table], strings.ReplaceAll(fromZip.Tables[table], shown, plain), "table %s", table)
	}
	left, err := os.ReadDir(tmp)
	require.NoError(t, err)
	assert.Empty(t, left, "the copy is removed")
}
