package eventlog_test

import (
	"os"
	"testing"

	"github.com/lanes-dev/lanes/ingest"
)

// TestMain has every file staged as a large one, in a scratch database of
// its own, so that runs in these tests go through the connector's
// BulkReader: a file under ingest.SmallFileBytes is staged in the run's
// transaction and read the Go way (the ingest package's tests run these
// connectors' fixtures so).
func TestMain(m *testing.M) {
	ingest.SmallFileBytes = 0
	os.Exit(m.Run())
}
