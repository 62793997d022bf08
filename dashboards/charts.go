package dashboards

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"sort"
	"time"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

// chart is one chart on the page: the option ECharts draws, and the same
// numbers as a table for readers, printers and screen readers.
type chart struct {
	ID          string // fixed; the container is #chart-<ID>, its option #opt-<ID>
	Title       string
	Description string // one sentence: what it shows and how it is computed
	Unit        string
	Height      int // pixels
	Option      template.JS
	Note        string
	Table       table
}

// table is a plain table; Num marks the columns that hold numbers.
type table struct {
	Head []string
	Num  []bool
	Rows [][]string
}

// palette works on light and dark backgrounds alike.
var palette = []string{
	"#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2",
	"#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac",
}

const (
	colorWarn  = "#e15759"
	colorMuted = "#9aa5b1"
)

// topN bounds how many categories a chart shows; tables show them all.
const (
	topTools      = 8
	topBars       = 15
	topResolve    = 12
	topCandidates = 10
	topRuns       = 25
)

// encodeOption turns a go-echarts option map into the JSON that goes into
// the page. encoding/json escapes <, > and & as \u003c, \u003e and \u0026, so
// the text cannot end the <script type="application/json"> element it is
// written into; the check below makes that a hard guarantee. Strings that
// look like go-echarts' "__f__" functions stay strings: only go-echarts' own
// page renderer would turn them into code, and it is not used.
func encodeOption(obj map[string]any) (template.JS, error) {
	b, err := json.Marshal(obj)
	if err != nil {
		return "", fmt.Errorf("dashboards: encode chart option: %w", err)
	}
	if bytes.ContainsAny(b, "<>&") {
		return "", fmt.Errorf("dashboards: chart option is not safe to embed")
	}
	return template.JS(b), nil
}

// finish applies what every chart shares: no animation (the page is
// static and prints), ARIA descriptions, a tooltip drawn as chart text
// rather than HTML, no toolbox, the palette and a transparent background
// so the page's light or dark colours show through.
func finish(obj map[string]any, pointer string) map[string]any {
	obj["animation"] = false
	obj["aria"] = map[string]any{"enabled": true}
	tip := map[string]any{
		"show":        true,
		"trigger":     "axis",
		"renderMode":  "richText",
		"confine":     true,
		"axisPointer": map[string]any{"type": pointer},
	}
	obj["tooltip"] = tip
	delete(obj, "toolbox")
	obj["color"] = palette
	obj["backgroundColor"] = "transparent"
	obj["textStyle"] = map[string]any{"fontFamily": "system-ui, -apple-system, Segoe UI, Roboto, sans-serif"}
	return obj
}

// series is one named set of values for barChart.
type series struct {
	Name   string
	Values []any
	Colors []string // optional per-item colours
	Color  string   // optional colour of the whole series
}

// barSpec describes a bar chart: vertical (weeks along the bottom) or
// horizontal (names down the side, largest first).
type barSpec struct {
	Title      string
	Categories []string
	Series     []series
	Stack      bool
	Horizontal bool
	ValueName  string // axis name: the unit
}

func barChart(s barSpec) (template.JS, error) {
	b := charts.NewBar()
	legend := len(s.Series) > 1
	top, bottom := "24", "8"
	if legend {
		top = "60"
	}
	valueAxis := opts.YAxis{Type: "value", Name: s.ValueName}
	if s.Horizontal {
		// The value axis runs along the bottom: its name goes under the
		// numbers, where the grid leaves room for it.
		top, bottom = "8", "30"
		if legend {
			top = "40"
		}
	}
	global := []charts.GlobalOpts{
		charts.WithTitleOpts(opts.Title{Title: s.Title, Show: opts.Bool(false)}),
		charts.WithAnimation(false),
		charts.WithAriaOpts(&opts.Aria{Enabled: opts.Bool(true)}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(legend), Type: "scroll", Top: "0"}),
		charts.WithGridOpts(opts.Grid{Top: top, Left: "8", Right: "32", Bottom: bottom, ContainLabel: opts.Bool(true)}),
	}
	if s.Horizontal {
		global = append(global,
			charts.WithXAxisOpts(opts.XAxis{Type: "value", Name: s.ValueName, NameLocation: "middle", NameGap: 26}),
			charts.WithYAxisOpts(opts.YAxis{
				Type:      "category",
				Inverse:   opts.Bool(true),
				AxisLabel: &opts.AxisLabel{Width: 180, Overflow: "truncate"},
			}),
		)
		b.XYReversal()
	} else {
		global = append(global,
			charts.WithXAxisOpts(opts.XAxis{Type: "category", AxisLabel: &opts.AxisLabel{HideOverlap: opts.Bool(true)}}),
			charts.WithYAxisOpts(valueAxis),
		)
	}
	b.SetGlobalOptions(global...)
	b.SetXAxis(s.Categories)
	for _, sr := range s.Series {
		data := make([]opts.BarData, len(sr.Values))
		for i, v := range sr.Values {
			data[i] = opts.BarData{Value: v}
			if i < len(sr.Colors) && sr.Colors[i] != "" {
				data[i].ItemStyle = &opts.ItemStyle{Color: sr.Colors[i]}
			}
		}
		var so []charts.SeriesOpts
		if s.Stack {
			so = append(so, charts.WithBarChartOpts(opts.BarChart{Stack: "total"}))
		}
		if sr.Color != "" {
			so = append(so, charts.WithItemStyleOpts(opts.ItemStyle{Color: sr.Color}))
		}
		b.AddSeries(sr.Name, data, so...)
	}
	b.Validate()
	return encodeOption(finish(b.JSON(), "shadow"))
}

// lineChart draws one line per series over weeks.
func lineChart(title string, weeks []string, ss []series, valueName string) (template.JS, error) {
	l := charts.NewLine()
	l.SetGlobalOptions(
		charts.WithTitleOpts(opts.Title{Title: title, Show: opts.Bool(false)}),
		charts.WithAnimation(false),
		charts.WithAriaOpts(&opts.Aria{Enabled: opts.Bool(true)}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Type: "scroll", Top: "0"}),
		charts.WithGridOpts(opts.Grid{Top: "60", Left: "8", Right: "32", Bottom: "8", ContainLabel: opts.Bool(true)}),
		charts.WithXAxisOpts(opts.XAxis{Type: "category", AxisLabel: &opts.AxisLabel{HideOverlap: opts.Bool(true)}}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", Name: valueName}),
	)
	l.SetXAxis(weeks)
	for _, sr := range ss {
		data := make([]opts.LineData, len(sr.Values))
		for i, v := range sr.Values {
			data[i] = opts.LineData{Value: v}
		}
		l.AddSeries(sr.Name, data, charts.WithLineChartOpts(opts.LineChart{ShowSymbol: opts.Bool(true)}))
	}
	l.Validate()
	return encodeOption(finish(l.JSON(), "line"))
}

// barHeight sizes a horizontal bar chart for n categories.
func barHeight(n int) int {
	h := 72 + 26*n
	return min(max(h, 220), 640)
}

// weekSpan lists every week from the first to the last of weeks, seven
// days apart, together with any week in the input that falls between.
func weekSpan(weeks []string) []string {
	set := map[string]bool{}
	var first, last time.Time
	for _, w := range weeks {
		t, err := time.Parse("2006-01-02", w)
		if err != nil {
			continue
		}
		set[w] = true
		if first.IsZero() || t.Before(first) {
			first = t
		}
		if t.After(last) {
			last = t
		}
	}
	if !first.IsZero() && last.Sub(first) < 10*366*24*time.Hour {
		for t := first; !t.After(last); t = t.AddDate(0, 0, 7) {
			set[day(t)] = true
		}
	}
	out := make([]string, 0, len(set))
	for w := range set {
		out = append(out, w)
	}
	sort.Strings(out)
	return out
}
