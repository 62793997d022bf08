// Package dashboards renders the self-contained HTML dashboard from the
// marts: chart options built with go-echarts, the page with html/template,
// ECharts embedded, no external URL anywhere.
//
// Ticket text is treated as hostile. It reaches the page only through
// html/template's escaping, or as JSON from encoding/json inside a
// <script type="application/json"> element that the page's own script
// reads with JSON.parse. The only scripts that run are the embedded ECharts
// library and one small boot script, and the Content-Security-Policy names
// both by hash.
package dashboards

import (
	"bytes"
	"context"
	"time"

	"io"

	"github.com/lanes-dev/lanes/models/config"
	"github.com/lanes-dev/lanes/models/warehouse"
)

// Options controls the dashboard.
type Options struct {
	// Title heads the page; "lanes dashboard" when empty.
	Title string
	// AsOf is the date the "last full week" of the headline tiles is measured
	// against. Zero means the day the last ticket was created, so the same
	// warehouse always gives the same page.
	AsOf time.Time
	// Currency is written before money amounts; "$" when empty.
	Currency string
	// MinGroupSize is the smallest team whose per-person numbers the page
	// shows (pseudonymized); 5 when zero.
	MinGroupSize int
	// ScoreFormula, when set, replaces the text that explains the automation
	// score next to the ranking.
	ScoreFormula string
}

func (o Options) withDefaults() Options {
	if o.Title == "" {
		o.Title = "lanes dashboard"
	}
	if o.Currency == "" {
		o.Currency = "$"
	}
	if o.MinGroupSize <= 0 {
		o.MinGroupSize = 5
	}
	return o
}

// Render writes the dashboard for the built marts in wh to w. The same
// warehouse, configuration and options give the same bytes; nothing is
// written when an error is returned.
func Render(ctx context.Context, wh *warehouse.Warehouse, cfg *config.Config, w io.Writer, opts Options) error {
	if cfg == nil {
		cfg = config.Default()
	}
	opts = opts.withDefaults()
	d, err := load(ctx, wh)
	if err != nil {
		return err
	}
	v, err := build(ctx, wh, cfg, d, opts)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := writePage(&buf, v); err != nil {
		return err
	}
	_, err = w.Write(buf.Bytes())
	return err
}
