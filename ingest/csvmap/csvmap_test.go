package csvmap_test

import (
	"testing"

	"github.com/lanes-dev/lanes/ingest/csvmap"
	"github.com/lanes-dev/lanes/ingest/ingesttest"
)

func TestFixtures(t *testing.T) {
	ingesttest.RunFixtures(t, csvmap.Connector{}, "testdata")
}

func FuzzRead(f *testing.F) {
	ingesttest.Fuzz(f, csvmap.Connector{}, "testdata")
}
