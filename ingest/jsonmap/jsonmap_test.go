package jsonmap_test

import (
	"testing"

	"github.com/lanes-dev/lanes/ingest/ingesttest"
	"github.com/lanes-dev/lanes/ingest/jsonmap"
)

func TestJSONFixtures(t *testing.T) {
	ingesttest.RunFixtures(t, jsonmap.JSON{}, "testdata/json")
}

func TestLinesFixtures(t *testing.T) {
	ingesttest.RunFixtures(t, jsonmap.Lines{}, "testdata/jsonl")
}

func FuzzRead(f *testing.F) {
	ingesttest.Fuzz(f, jsonmap.JSON{}, "testdata/json")
}

func FuzzReadLines(f *testing.F) {
	ingesttest.Fuzz(f, jsonmap.Lines{}, "testdata/jsonl")
}
