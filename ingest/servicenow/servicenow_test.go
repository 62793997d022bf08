package servicenow_test

import (
	"testing"

	"github.com/lanes-dev/lanes/ingest"
	"github.com/lanes-dev/lanes/ingest/ingesttest"
	"github.com/lanes-dev/lanes/ingest/servicenow"
)

var connectors = []ingest.Connector{servicenow.Connector{}, servicenow.JSONConnector{}, servicenow.AuditConnector{}}

func TestFixtures(t *testing.T) {
	ingesttest.RunPackageFixtures(t, connectors...)
}

// FuzzRead feeds every connector of the package the same inputs, seeded with all their
// fixtures.
func FuzzRead(f *testing.F) {
	ingesttest.FuzzPackage(f, connectors...)
}

// TestDetectClaimsWhatReadReads: Detect claims no header Read refuses for a
// field it lacks (the number; opened_at or sys_created_on, as field names
// or labels), whatever other columns are there.
func TestDetectClaimsWhatReadReads(t *testing.T) {
	ingesttest.DetectClaimsWhatReadReads(t, servicenow.Connector{},
		[]string{"Number", "Short description", "State", "opened_at", "Created", "incident.number"},
		[]string{"INC0010001", "Disk full", "New", "2024-03-01 10:00:00", "2024-03-01 10:00:00", "INC0010001"})
}
