package dashboards

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestEmbeddedEChartsMatchesLockfile checks that the embedded library is
// the version package-lock.json pins.
func TestEmbeddedEChartsMatchesLockfile(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "package-lock.json"))
	require.NoError(t, err)
	var lock struct {
		Packages map[string]struct {
			Version string `json:"version"`
		} `json:"packages"`
	}
	require.NoError(t, json.Unmarshal(b, &lock))
	pinned := lock.Packages["node_modules/echarts"].Version
	require.NotEmpty(t, pinned, "package-lock.json pins no echarts")

	// The bundle states its version once, as the echarts namespace's
	// `version` property.
	m := regexp.MustCompile(`\.version="([^"]+)"`).FindAllStringSubmatch(echartsJS, -1)
	require.Len(t, m, 1, "the ECharts bundle should state its version exactly once")
	assert.Equal(t, pinned, m[0][1], "assets/echarts.min.js is not the version package-lock.json pins; run make deps")
	assert.Equal(t, pinned, EChartsVersion())

	// When node_modules is installed, the embedded copy is that file.
	if dist, err := os.ReadFile(filepath.Join("..", "node_modules", "echarts", "dist", "echarts.min.js")); err == nil {
		assert.True(t, string(dist) == echartsJS, "assets/echarts.min.js differs from node_modules; run make deps")
	}
}

func TestEveryQueryIsEmbedded(t *testing.T) {
	entries, err := queryFS.ReadDir("queries")
	require.NoError(t, err)
	assert.NotEmpty(t, entries)
	for _, e := range entries {
		assert.NotPanics(t, func() { query(e.Name()[:len(e.Name())-len(".sql")]) })
	}
}
