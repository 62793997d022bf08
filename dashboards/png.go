package dashboards

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"html/template"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/go-echarts/go-echarts/v2/opts"

	"github.com/lanes-dev/lanes/dashboards/internal/browser"
)

// SmallChart is a chart for a report, drawn to a PNG by ChartPNGs: one
// category axis (weeks, tools) and bar or line series over it.
type SmallChart struct {
	Categories []string
	// Horizontal draws bars across with the categories down the side, so
	// long names stay readable.
	Horizontal bool
	// Unit names the value axis.
	Unit   string
	Series []SmallSeries
	// Width and Height are CSS pixels; the PNG has twice as many.
	Width, Height int
}

// SmallSeries is one series of a SmallChart; a nil value is a gap.
type SmallSeries struct {
	Name   string
	Values []*float64
	Line   bool
}

// ErrNoChromium is returned by ChartPNGs when no Chromium is installed.
var ErrNoChromium = errors.New("no Chromium found (looked for $LANES_CHROMIUM, /usr/bin/chromium and chromium, chromium-browser or google-chrome on the PATH)")

// ChromiumAvailable reports whether ChartPNGs can draw.
func ChromiumAvailable() bool {
	_, ok := browser.Find()
	return ok
}

// pngScale is the device pixel ratio the charts are drawn at, so they stay
// sharp on high-density screens when shown at Width × Height.
const pngScale = "2"

// smallOption builds a SmallChart's ECharts option with the dashboard's
// go-echarts helpers, on a white background (emails are read on white).
func smallOption(c SmallChart) (template.JS, error) {
	var series []any
	for _, s := range c.Series {
		data := make([]any, len(s.Values))
		for i, v := range s.Values {
			data[i] = numPtr(v, 2)
		}
		if s.Line {
			series = append(series, line(s.Name, data))
		} else {
			series = append(series, bar(s.Name, data))
		}
	}
	var o map[string]any
	if c.Horizontal {
		o = hbar(c.Categories, c.Unit, true, series)
	} else {
		o = weekly(c.Categories, c.Unit, series)
		// Room on the left for the value axis name, which ECharts centres
		// over the axis.
		o["grid"] = plainMap(opts.Grid{Top: "40", Left: "56", Right: "24", Bottom: "8", ContainLabel: opts.Bool(true)})
	}
	o["backgroundColor"] = "#ffffff"
	return encodeOption(o)
}

// pngBoot draws every chart into a canvas and leaves their PNGs, as data
// URLs, in window.lanesPNG. The options are JSON data, parsed and never run.
const pngBoot = `(function () {
  var specs = JSON.parse(document.getElementById('specs').textContent);
  var out = [];
  specs.forEach(function (s) {
    var el = document.createElement('div');
    el.style.width = s.w + 'px';
    el.style.height = s.h + 'px';
    document.body.appendChild(el);
    var chart = echarts.init(el, null, { renderer: 'canvas', devicePixelRatio: ` + pngScale + ` });
    chart.setOption(s.o);
    out.push(chart.getDataURL({ type: 'png', pixelRatio: ` + pngScale + `, backgroundColor: '#ffffff' }));
  });
  window.lanesPNG = out;
})();`

var pngTmpl = template.Must(template.New("png").Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{{.CSP}}">
<title>charts</title></head>
<body style="margin:0;background:#fff">
<script type="application/json" id="specs">{{.Specs}}</script>
<script>{{.Library}}</script>
<script>{{.Boot}}</script>
</body></html>`))

// ChartPNGs draws charts with the embedded ECharts in headless Chromium and
// returns one PNG per chart, in order. It returns ErrNoChromium when there
// is no Chromium. The page is loaded from a private temporary file and
// makes no request.
func ChartPNGs(ctx context.Context, charts []SmallChart) ([][]byte, error) {
	if len(charts) == 0 {
		return nil, nil
	}
	exe, ok := browser.Find()
	if !ok {
		return nil, ErrNoChromium
	}
	var specs []string
	for _, c := range charts {
		o, err := smallOption(c)
		if err != nil {
			return nil, err
		}
		w, h := max(c.Width, 200), max(c.Height, 120)
		specs = append(specs, fmt.Sprintf(`{"o":%s,"w":%d,"h":%d}`, o, w, h))
	}
	specJSON := "[" + strings.Join(specs, ",") + "]"
	if strings.ContainsAny(specJSON, "<>&") {
		return nil, fmt.Errorf("dashboards: chart option is not safe to embed")
	}
	csp := "default-src 'none'; script-src " + scriptHash(echartsJS) + " " + scriptHash(pngBoot) + "; style-src 'unsafe-inline'; img-src data:"
	var page bytes.Buffer
	if err := pngTmpl.Execute(&page, map[string]any{
		"CSP":     template.HTMLAttr(csp),
		"Specs":   template.JS(specJSON),
		"Library": template.JS(echartsJS),
		"Boot":    template.JS(pngBoot),
	}); err != nil {
		return nil, fmt.Errorf("dashboards: chart page: %w", err)
	}
	dir, err := os.MkdirTemp("", "lanes-png-*")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	file := filepath.Join(dir, "charts.html")
	if err := os.WriteFile(file, page.Bytes(), 0o600); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	tab, closeBrowser := browser.New(ctx, exe, 800, 600)
	defer closeBrowser()
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(file)}
	if err := chromedp.Do(tab, chromedp.Navigate(u.String())); err != nil {
		return nil, fmt.Errorf("chromium %s: load the chart page: %w", exe, err)
	}
	urls, err := chromedp.Run(tab, chromedp.Poll[[]string](`window.lanesPNG`, chromedp.WithPollingTimeout(30*time.Second)))
	if err != nil {
		return nil, fmt.Errorf("chromium %s: draw charts: %w", exe, err)
	}
	if len(urls) != len(charts) {
		return nil, fmt.Errorf("chromium %s: drew %d of %d charts", exe, len(urls), len(charts))
	}
	out := make([][]byte, len(urls))
	for i, u := range urls {
		b64, ok := strings.CutPrefix(u, "data:image/png;base64,")
		if !ok {
			return nil, fmt.Errorf("chromium %s: chart %d is not a PNG", exe, i+1)
		}
		if out[i], err = base64.StdEncoding.DecodeString(b64); err != nil {
			return nil, fmt.Errorf("chromium %s: chart %d: %w", exe, i+1, err)
		}
	}
	return out, nil
}
