package ingest_test

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/ingest"
	_ "github.com/lanes-dev/lanes/ingest/all"
	"github.com/lanes-dev/lanes/ingest/ingesttest"
)

const modulePrefix = "github.com/lanes-dev/lanes/ingest/"

// TestConformance holds every registered connector to the shared suite: a
// testdata folder with cases, detection that picks it for its own
// fixtures, and no panics on truncated input.
func TestConformance(t *testing.T) {
	conns := ingest.Connectors()
	require.NotEmpty(t, conns)
	for _, c := range conns {
		t.Run(c.Name(), func(t *testing.T) {
			pkg := reflect.TypeOf(c).PkgPath()
			if strings.HasSuffix(pkg, "_test") {
				t.Skipf("%s is a test double registered by a test, not a product connector", c.Name())
			}
			require.True(t, strings.HasPrefix(pkg, modulePrefix), "connector %s lives in %s, outside ingest/", c.Name(), pkg)
			dir := filepath.Join(filepath.FromSlash(strings.TrimPrefix(pkg, modulePrefix)), "testdata")
			// A package with several formats keeps each one's cases in
			// testdata/<format name>.
			if info, err := os.Stat(filepath.Join(dir, c.Name())); err == nil && info.IsDir() {
				dir = filepath.Join(dir, c.Name())
			}
			ingesttest.Conformance(t, c, dir)
		})
	}
}

// TestAllRegistersTheCSVConnectors guards ingest/all against a connector
// left out.
func TestAllRegistersTheCSVConnectors(t *testing.T) {
	for _, name := range []string{"csv", "jira_csv", "servicenow_csv"} {
		_, err := ingest.Lookup(name)
		require.NoError(t, err)
	}
}
