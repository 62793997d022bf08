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
