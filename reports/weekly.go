// Package reports writes the weekly report and renders query results for
// `lanes sql`.
package reports

import (
	"context"
	"errors"
	"io"

	"github.com/lanes-dev/lanes/models/config"
	"github.com/lanes-dev/lanes/models/warehouse"
)

// WeeklyOptions picks the week.
type WeeklyOptions struct {
	// Week is an ISO week like "2026-W10"; empty means the latest complete
	// week in the data.
	Week string
}

// Weekly writes the weekly report as Markdown to w.
func Weekly(ctx context.Context, wh *warehouse.Warehouse, cfg *config.Config, w io.Writer, opts WeeklyOptions) error {
	return errors.New("reports: not built yet")
}
