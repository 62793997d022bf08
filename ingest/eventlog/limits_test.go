package eventlog

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/ingest/ingesttest"
	"github.com/lanes-dev/lanes/models/config"
)

func TestTooManyEventsToHold(t *testing.T) {
	old := maxEvents
	maxEvents = 2
	defer func() { maxEvents = old }()
	data := "case_id,activity,timestamp\nA,Open,2026-03-02 10:00\nA,Close,2026-03-02 11:00\nB,Open,2026-03-02 12:00\n"
	_, err := ingesttest.Read(context.Background(), CSV{}, "log.csv", []byte(data), config.Source{})
	require.Error(t, err)
	assert.Equal(t, "event log csv: log.csv line 4: more than 2 events or 1024 MiB: lanes holds a CSV event log in memory to group its cases when it could not be copied to disk (a log in an archive goes to the temporary folder, TMPDIR, first); extract it, or split the log by case into smaller files", err.Error())
}
