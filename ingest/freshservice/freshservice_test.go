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

// TestDetectClaimsWhatReadReads: Detect claims no header Read refuses for a
// column it lacks (the ticket id, the creation time, under any name Read
// takes), whatever other columns are there.
func TestDetectClaimsWhatReadReads(t *testing.T) {
	ingesttest.DetectClaimsWhatReadReads(t, freshservice.Connector{},
		[]string{"Ticket Id", "ID", "Subject", "Agent", "Created Time", "Created Date", "Due by Time"},
		[]string{"#INC-1", "1", "Disk full", "Ana", "2024-03-01 10:00:00", "2024-03-01 10:00:00", "2024-03-02 10:00:00"})
}
