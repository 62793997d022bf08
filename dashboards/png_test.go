package dashboards

import (
	"bytes"
	"context"
	"image/png"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func pf(v float64) *float64 { return &v }

// TestChartPNGs draws two small charts and checks that each is a PNG of
// twice the requested size (the device pixel ratio).
func TestChartPNGs(t *testing.T) {
	if !ChromiumAvailable() {
		t.Skip("no Chromium installed (set LANES_CHROMIUM or install chromium): the PNG charts are not drawn")
	}
	charts := []SmallChart{
		{Categories: []string{"Jira", "</script><b>x</b>", "VPN"}, Unit: "tickets", Width: 320, Height: 200,
			Series: []SmallSeries{{Name: "this week", Values: []*float64{pf(3), pf(5), nil}}, {Name: "week before", Values: []*float64{pf(1), pf(2), pf(4)}}}},
		{Categories: []string{"2026-W08", "2026-W09"}, Unit: "hours", Width: 400, Height: 180,
			Series: []SmallSeries{{Name: "median", Values: []*float64{pf(1.5), nil}, Line: true}}},
	}
	got, err := ChartPNGs(context.Background(), charts)
	require.NoError(t, err)
	require.Len(t, got, 2)
	for i, b := range got {
		img, err := png.Decode(bytes.NewReader(b))
		require.NoError(t, err, "chart %d", i)
		assert.Equal(t, 2*charts[i].Width, img.Bounds().Dx(), "chart %d width", i)
		assert.Equal(t, 2*charts[i].Height, img.Bounds().Dy(), "chart %d height", i)
	}
	again, err := ChartPNGs(context.Background(), charts)
	require.NoError(t, err)
	for i := range got {
		t.Logf("chart %d: %d bytes, same bytes on a second run: %v", i, len(got[i]), bytes.Equal(got[i], again[i]))
	}
}
