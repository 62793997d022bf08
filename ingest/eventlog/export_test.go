package eventlog

// Test hooks for grouping a log in DuckDB (spill.go).
var (
	SpillOff   = &spillOff
	SpillAt    = &spillAt
	SpillBatch = &spillBatch
	MaxNames   = &maxNames
)

// Spilled counts the files grouped in DuckDB since the process started.
func Spilled() int64 { return spilled.Load() }

// SetMaxEvents sets the in-memory event limit and returns the old one.
func SetMaxEvents(n int) int { old := maxEvents; maxEvents = n; return old }
