package servicenow_test

import (
	"testing"

	"github.com/lanes-dev/lanes/ingest/ingesttest"
	"github.com/lanes-dev/lanes/ingest/servicenow"
)

func TestFixtures(t *testing.T) {
	ingesttest.RunFixtures(t, servicenow.Connector{}, "testdata")
}

func FuzzRead(f *testing.F) {
	ingesttest.Fuzz(f, servicenow.Connector{}, "testdata")
}
