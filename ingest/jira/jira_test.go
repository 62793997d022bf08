package jira_test

import (
	"testing"

	"github.com/lanes-dev/lanes/ingest/ingesttest"
	"github.com/lanes-dev/lanes/ingest/jira"
)

func TestFixtures(t *testing.T) {
	ingesttest.RunFixtures(t, jira.Connector{}, "testdata")
}

func FuzzRead(f *testing.F) {
	ingesttest.Fuzz(f, jira.Connector{}, "testdata")
}

// TestDetectClaimsWhatReadReads: Detect claims no header Read refuses for a
// column it lacks (the key, Created; English or German names), whatever
// other columns are there.
func TestDetectClaimsWhatReadReads(t *testing.T) {
	ingesttest.DetectClaimsWhatReadReads(t, jira.Connector{},
		[]string{"Issue key", "Schlüssel", "Summary", "Issue Type", "Issue id", "Created", "Erstellt"},
		[]string{"OPS-1", "OPS-1", "Disk full", "Bug", "10001", "2024-03-01 10:00", "2024-03-01 10:00"})
}
