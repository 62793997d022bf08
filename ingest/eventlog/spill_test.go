package eventlog_test

import (
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/ingest/eventlog"
	"github.com/lanes-dev/lanes/ingest/ingesttest"
	"github.com/lanes-dev/lanes/models/config"
)

// loadOutcome is everything an ingest of a log leaves behind, and whether
// it was grouped in DuckDB.
type loadOutcome struct {
	ingesttest.Loaded
	Spilled bool
}

// spillWay is how a test has ReadBulk group a log: spill false keeps it in
// memory (Read); else it goes to DuckDB once it holds more than at bytes,
// and is read back batch cases at a time.
type spillWay struct {
	spill    bool
	at       int64
	batch    int
	private  bool // privacy.exclude_descriptions
	maxNames int  // names numbered, when not the default
}

// loadLog ingests path into a fresh warehouse.
func loadLog(t testing.TB, path string, src config.Source, way spillWay) loadOutcome {
	t.Helper()
	cfg := config.Default()
	cfg.Privacy.ExcludeDescriptions = way.private
	if src.Name == "" {
		src.Name = "log"
	}
	src.Path, src.Format = path, eventlog.Name
	cfg.Sources = append(cfg.Sources, src)
	*eventlog.SpillOff, *eventlog.SpillAt, *eventlog.SpillBatch = !way.spill, way.at, way.batch
	defer func() { *eventlog.SpillOff, *eventlog.SpillAt, *eventlog.SpillBatch = false, 256<<20, 50_000 }()
	if way.maxNames > 0 {
		old := *eventlog.MaxNames
		*eventlog.MaxNames = way.maxNames
		defer func() { *eventlog.MaxNames = old }()
	}
	before := eventlog.Spilled()
	out := ingesttest.LoadFile(t, cfg, path)
	return loadOutcome{Loaded: out, Spilled: eventlog.Spilled() > before}
}

// compareSpill loads path in memory and the given way, and requires the
// same result.
func compareSpill(t *testing.T, path string, src config.Source, way spillWay) loadOutcome {
	t.Helper()
	mem := loadLog(t, path, src, spillWay{private: way.private})
	spilled := loadLog(t, path, src, way)
	require.False(t, mem.Spilled)
	ingesttest.SameLoad(t, mem.Loaded, spilled.Loaded)
	return spilled
}

func writeLog(t *testing.T, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(path, data, 0o644))
	return path
}

// TestSpillMatchesReadOnFixtures loads every fixture in memory and
// spilled from its first row, read back in batches of one and two cases.
func TestSpillMatchesReadOnFixtures(t *testing.T) {
	for _, c := range ingesttest.Cases(t, "testdata") {
		for _, batch := range []int{1, 2} {
			t.Run(fmt.Sprintf("%s/batch=%d", c.Name, batch), func(t *testing.T) {
				out := compareSpill(t, writeLog(t, filepath.Base(c.Input), c.Data(t)), c.Source, spillWay{spill: true, batch: batch})
				if out.Err == "" {
					assert.True(t, out.Spilled, "grouped in DuckDB")
				}
			})
		}
	}
}

// messyLog writes a log of cases whose events are interleaved across the
// file, with every kind of bad row: no case id, no activity, no timestamp,
// a timestamp that cannot be read (often many lines after the case
// starts), a ragged row, and titles on some rows only.
func messyLog(seed int64, cases int) []byte {
	rng := rand.New(rand.NewSource(seed))
	var rows []string
	base := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	acts := []string{"Register", "Assign", "Wait for customer", "Resolve", "Reopen", "Close", "Cancel"}
	groups := []string{"IT Service Desk", "Platform", "SRE", ""}
	for c := 0; c < cases; c++ {
		id := fmt.Sprintf("C-%d", c)
		n := 1 + rng.Intn(6)
		for e := 0; e < n; e++ {
			at := base.Add(time.Duration(c)*time.Hour + time.Duration(rng.Intn(500))*time.Minute)
			ts, act, title := at.Format("2006-01-02 15:04:05"), acts[rng.Intn(len(acts))], ""
			if rng.Intn(3) == 0 {
				title = fmt.Sprintf("Title %d.%d", c, e)
			}
			switch rng.Intn(400) {
			case 5:
				title = "nul\x00byte"
			case 6:
				title = strings.Repeat("long title ", 300_000) // 3.3 MB
			}
			switch rng.Intn(40) {
			case 0:
				act = ""
			case 1:
				ts = ""
			case 2:
				ts = "2026-13-45 99:00:00"
			case 3:
				id2 := id
				id = ""
				rows = append(rows, fmt.Sprintf("%s,%s,%s,desk,%s,%s", id, act, ts, groups[rng.Intn(len(groups))], title))
				id = id2
				continue
			case 4:
				rows = append(rows, fmt.Sprintf("%s,%s,%s,desk", id, act, ts))
				continue
			}
			rows = append(rows, fmt.Sprintf("%s,%s,%s,res%d,%s,%s", id, act, ts, rng.Intn(4), groups[rng.Intn(len(groups))], title))
		}
	}
	rng.Shuffle(len(rows), func(i, j int) { rows[i], rows[j] = rows[j], rows[i] })
	return []byte("case_id,activity,timestamp,resource,org:group,case:description\n" + strings.Join(rows, "\n") + "\n")
}

// TestSpillMatchesReadOnMessyLogs loads shuffled logs with bad rows both
// ways, with batch sizes that cut the cases at many places.
func TestSpillMatchesReadOnMessyLogs(t *testing.T) {
	for _, tc := range []struct {
		seed  int64
		cases int
		way   spillWay
	}{
		{1, 50, spillWay{spill: true, batch: 1}},
		{2, 200, spillWay{spill: true, batch: 7}},
		{3, 400, spillWay{spill: true, batch: 64}},
		{4, 300, spillWay{spill: true, batch: 50_000}},
		// Spilling after the first 5,000 bytes held: some cases start in
		// memory and go on in DuckDB.
		{5, 300, spillWay{spill: true, at: 5_000, batch: 13}},
		{6, 300, spillWay{spill: true, at: 20_000, batch: 1}},
		// Only four names numbered: most rows keep their names as text.
		{7, 300, spillWay{spill: true, batch: 40, maxNames: 4}},
	} {
		t.Run(fmt.Sprintf("seed=%d", tc.seed), func(t *testing.T) {
			out := compareSpill(t, writeLog(t, "log.csv", messyLog(tc.seed, tc.cases)), config.Source{}, tc.way)
			require.Empty(t, out.Err)
			require.True(t, out.Spilled)
			require.Len(t, out.Files, 1)
			assert.Positive(t, out.Files[0].Rejected, "the log has bad rows")
			assert.Positive(t, out.Files[0].Loaded, "and good cases")
		})
	}
}

// TestSpillHasNoEventLimit: a log on disk with more events than memory
// may hold is grouped in DuckDB, where Read refuses it.
func TestSpillHasNoEventLimit(t *testing.T) {
	defer eventlog.SetMaxEvents(eventlog.SetMaxEvents(30))
	path := writeLog(t, "log.csv", messyLog(7, 100))
	mem := loadLog(t, path, config.Source{}, spillWay{})
	assert.Contains(t, mem.Err, "lanes holds a CSV event log in memory")
	spilled := loadLog(t, path, config.Source{}, spillWay{spill: true, at: 1 << 30, batch: 10})
	assert.Empty(t, spilled.Err)
	assert.True(t, spilled.Spilled, "grouped in DuckDB once past the event limit")
}

// TestSpillKeepsPrivacy: with privacy.exclude_descriptions a log is still
// grouped in DuckDB, and no reject keeps its raw text.
func TestSpillKeepsPrivacy(t *testing.T) {
	path := writeLog(t, "log.csv", messyLog(10, 200))
	out := compareSpill(t, path, config.Source{}, spillWay{spill: true, batch: 20, private: true})
	require.Empty(t, out.Err)
	assert.True(t, out.Spilled)
	assert.Positive(t, out.Files[0].Rejected)
	assert.NotContains(t, out.Tables["rejects"], `"raw":"`, "no raw text stored")
	open := loadLog(t, path, config.Source{}, spillWay{spill: true, batch: 20})
	assert.Contains(t, open.Tables["rejects"], `"raw":"`, "raw text is stored without the option")
}

// TestSmallLogStaysInMemory: under spillAt nothing goes to DuckDB.
func TestSmallLogStaysInMemory(t *testing.T) {
	out := compareSpill(t, writeLog(t, "log.csv", messyLog(8, 50)), config.Source{}, spillWay{spill: true, at: 1 << 30, batch: 10})
	assert.Empty(t, out.Err)
	assert.False(t, out.Spilled)
}

// BenchmarkLoad loads a shuffled log of 20,000 cases (about 70,000
// events) held in memory and grouped in DuckDB.
func BenchmarkLoad(b *testing.B) {
	path := filepath.Join(b.TempDir(), "log.csv")
	require.NoError(b, os.WriteFile(path, messyLog(9, 20_000), 0o644))
	for _, way := range []struct {
		name string
		way  spillWay
	}{{"memory", spillWay{}}, {"duckdb", spillWay{spill: true, batch: 50_000}}} {
		b.Run(way.name, func(b *testing.B) {
			for b.Loop() {
				out := loadLog(b, path, config.Source{}, way.way)
				require.Empty(b, out.Err)
			}
		})
	}
}
