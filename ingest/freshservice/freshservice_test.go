package freshservice_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lanes-dev/lanes/ingest"
	"github.com/lanes-dev/lanes/ingest/freshservice"
	"github.com/lanes-dev/lanes/ingest/ingesttest"
	"github.com/lanes-dev/lanes/models/config"
)

var connectors = []ingest.Connector{freshservice.Connector{}, freshservice.JSONConnector{}}

func TestFixtures(t *testing.T) {
	for _, c := range connectors {
		t.Run(c.Name(), func(t *testing.T) {
			ingesttest.RunFixtures(t, c, filepath.Join("testdata", c.Name()))
		})
	}
}

// FuzzRead feeds both connectors the same inputs, seeded with all their
// fixtures.
func FuzzRead(f *testing.F) {
	for _, c := range connectors {
		for _, cs := range ingesttest.Cases(f, filepath.Join("testdata", c.Name())) {
			f.Add(cs.Data(f))
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, c := range connectors {
			c.Detect("input.csv", data)
			sink, err := ingesttest.Read(context.Background(), c, "input.csv", data, config.Source{})
			if err != nil {
				if !strings.Contains(err.Error(), "input.csv") {
					t.Errorf("%s: error does not name the file: %v", c.Name(), err)
				}
				continue
			}
			ingesttest.CheckInvariants(t, sink)
		}
	})
}
