package github_test

import (
	"testing"

	"github.com/lanes-dev/lanes/ingest/github"
	"github.com/lanes-dev/lanes/ingest/ingesttest"
)

func TestIssuesFixtures(t *testing.T) {
	ingesttest.RunFixtures(t, github.IssuesConnector{}, "testdata/github_issues")
}

func TestEventsFixtures(t *testing.T) {
	ingesttest.RunFixtures(t, github.EventsConnector{}, "testdata/github_events")
}

func FuzzReadIssues(f *testing.F) {
	ingesttest.Fuzz(f, github.IssuesConnector{}, "testdata/github_issues")
}

func FuzzReadEvents(f *testing.F) {
	ingesttest.Fuzz(f, github.EventsConnector{}, "testdata/github_events")
}
