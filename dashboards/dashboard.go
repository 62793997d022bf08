// Package dashboards renders the self-contained HTML dashboard from the
// marts: chart options built with go-echarts, the page with html/template,
// ECharts embedded, no external URL anywhere.
package dashboards

import (
	"context"
	"errors"
	"io"

	"github.com/lanes-dev/lanes/models/config"
	"github.com/lanes-dev/lanes/models/warehouse"
)

// Options controls the dashboard.
type Options struct {
	Title string
}

// Render writes the dashboard for the built marts in wh to w.
func Render(ctx context.Context, wh *warehouse.Warehouse, cfg *config.Config, w io.Writer, opts Options) error {
	return errors.New("dashboards: not built yet")
}
