package freshservice_test

import (
	"testing"

	"github.com/lanes-dev/lanes/ingest"
	"github.com/lanes-dev/lanes/ingest/freshservice"
	"github.com/lanes-dev/lanes/ingest/ingesttest"
)

var connectors = []ingest.Connector{freshservice.Connector{}, freshservice.JSONConnector{}}

func TestFixtures(t *testing.T) {
	ingesttest.RunPackageFixtures(t, connectors...)
}

// FuzzRead feeds both connectors the same inputs, seeded with all their
// fixtures.
func FuzzRead(f *testing.F) {
	ingesttest.FuzzPackage(f, connectors...)
}
