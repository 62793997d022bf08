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
