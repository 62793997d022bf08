// Package dashboards renders the self-contained HTML dashboard from the
// marts: ECharts options built as plain JSON, the page with html/template,
// ECharts embedded, no external URL anywhere. The page's filters (date
// range, team, tool) recompute the charts in the browser from small
// aggregates embedded in the page (the cube, cube.go).
//
// Ticket text is treated as hostile. It reaches the page only through
// html/template's escaping, or as JSON from encoding/json inside a
// <script type="application/json"> element that the page's own script
// reads with JSON.parse and hands to ECharts or to textContent. The only
// scripts that run are the embedded ECharts library and the page's own
// script (assets/boot.js), and the Content-Security-Policy names both by
// hash and allows no network access.
package dashboards

import (
	"bytes"
	"context"
	"io"
	"strconv"
	"time"

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
	// Currency is written before money amounts, e.g. "€" or "CHF "; when
	// empty, the configuration's currency (lanes.yaml `currency`: its
	// symbol, else its code), "$" by default.
	Currency string
	// MinGroupSize is the smallest team whose per-person numbers the page
	// shows (pseudonymized); privacy.min_group_size of the configuration
	// when zero.
	MinGroupSize int
	// ScoreFormula, when set, replaces the text that explains the automation
	// score next to the ranking.
	ScoreFormula string

	// filter, when set, writes the page as the filters would show it (tests).
	filter *filter
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
	if opts.MinGroupSize <= 0 {
		opts.MinGroupSize = cfg.Privacy.MinGroupSize
	}
	if opts.Currency == "" {
		opts.Currency = cfg.CurrencyPrefix()
	}
	opts = opts.withDefaults()
	d, err := load(ctx, wh)
	if err != nil {
		return err
	}
	c, err := loadCube(ctx, wh, d, automatableShare(d, cfg))
	if err != nil {
		return err
	}
	c.currency = opts.Currency
	v, err := build(ctx, cfg, d, c, opts)
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

// automatableShare is the share of hands-on time automation removes, as
// the models recorded it (dim_parameters), else as configured.
func automatableShare(d *data, cfg *config.Config) float64 {
	for _, p := range d.Parameters {
		if p[0] == "automatable_share" {
			if v, err := strconv.ParseFloat(p[1], 64); err == nil {
				return v
			}
		}
	}
	return cfg.Automation.AutomatableShare
}
