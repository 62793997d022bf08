package dashboards

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"strconv"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/go-echarts/go-echarts/v2/types"
)

// chart is one chart on the page: the option ECharts draws, and the same
// numbers as a table for readers, printers and screen readers.
type chart struct {
	ID          string // fixed; the container is #chart-<ID>, its option #opt-<ID>
	Title       string
	Description string // one sentence: what it shows and how it is computed
	Unit        string
	Height      int // pixels
	// Kind names the function of the page's script that recomputes the
	// chart when the filters change; empty for a chart the filters leave
	// alone.
	Kind string
	// Filters says which filters apply, for the reader: "date range, team
	// and tool", or "" when none does.
	Filters string
	Option  template.JS
	Note    string
	Table   table
}

// table is a plain table; Num marks the columns that hold numbers.
type table struct {
	Head []string
	Num  []bool
	Rows [][]string
}

// newTable starts a table; the columns named in num hold numbers.
func newTable(head []string, num ...int) table {
	t := table{Head: head, Num: make([]bool, len(head))}
	for _, i := range num {
		t.Num[i] = true
	}
	return t
}

// numFrom marks every column from i on as numbers.
func numFrom(head []string, i int) table {
	t := table{Head: head, Num: make([]bool, len(head))}
	for j := i; j < len(head); j++ {
		t.Num[j] = true
	}
	return t
}

// palette works on light and dark backgrounds alike.
var palette = []string{
	"#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2",
	"#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac",
}

const (
	colorGood  = "#59a14f"
	colorWarn  = "#e15759"
	colorMuted = "#9aa5b1"
	colorBand  = "#b07aa1"
)

// topN bounds how many categories a chart shows; tables show them all.
const (
	topTools      = 8
	topBars       = 15
	topResolve    = 12
	topCandidates = 10
	topRuns       = 25
)

// Chart options are built with go-echarts (github.com/go-echarts/go-echarts/v2):
// a chart from its constructor with typed global options and typed series,
// read back through the chart's JSON() method. That method returns a map of
// go-echarts' own structs and escapes nothing; the map is encoded here with
// encoding/json, and go-echarts' page renderer, which writes the option
// unescaped into a script block and turns "__f__" strings into functions,
// is never used. Its assets host (a CDN address in Initialization) never
// reaches the page: JSON() leaves it out.
//
// The helpers return the option as plain JSON values (map[string]any,
// []any, json.Number, string, bool, nil), so the charts that the filters
// recompute can add the few keys go-echarts has no typed field for.

// encodeOption turns an option into the JSON that goes into the page.
// encoding/json escapes <, > and & as \u003c, \u003e and \u0026, so the
// text cannot end the <script type="application/json"> element it is
// written into; the check below makes that a hard guarantee. Strings that
// look like go-echarts' "__f__" functions stay strings: nothing on the page
// turns a string into code.
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

// plain turns what go-echarts built (its option structs) into plain JSON
// values. Numbers stay json.Number, so they are written as go-echarts wrote
// them.
func plain(v any) any {
	b, err := json.Marshal(v)
	if err != nil {
		// go-echarts' option types and the values given to them (strings,
		// numbers, nil, maps and slices of those) always encode.
		panic(fmt.Sprintf("dashboards: encode go-echarts option: %v", err))
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var out any
	if err := dec.Decode(&out); err != nil {
		panic(fmt.Sprintf("dashboards: decode go-echarts option: %v", err))
	}
	return out
}

func plainMap(v any) map[string]any {
	m, _ := plain(v).(map[string]any)
	if m == nil {
		m = map[string]any{}
	}
	return m
}

// jsonChart is what every go-echarts chart type offers.
type jsonChart interface {
	JSON() map[string]any
}

// shared are the global options every chart has: no animation (the page is
// static, prints and is screenshot), ARIA descriptions, a tooltip, the
// palette, a transparent background so the page's light or dark colours
// show through, and no legend or toolbox unless a chart asks for a legend
// (go-echarts writes both as empty objects, which ECharts would show).
func shared(pointer string) []charts.GlobalOpts {
	tip := opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}
	if pointer == "" {
		tip.Trigger = "item"
	} else {
		tip.AxisPointer = &opts.AxisPointer{Type: pointer}
	}
	return []charts.GlobalOpts{
		charts.WithInitializationOpts(opts.Initialization{ChartID: "lanes", BackgroundColor: "transparent"}),
		charts.WithAnimation(false),
		charts.WithAriaOpts(&opts.Aria{Enabled: opts.Bool(true)}),
		charts.WithTooltipOpts(tip),
		charts.WithColorsOpts(palette),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		charts.WithToolboxOpts(opts.Toolbox{Show: opts.Bool(false)}),
	}
}

// optionOf reads a chart's option back from go-echarts and adds the keys it
// has no typed field for (post-processed here, and only these): the
// tooltip's renderMode "richText" (chart text, never HTML) and confine, and
// the global textStyle's font family. An option with no series yet gets an
// empty list rather than go-echarts' null.
func optionOf(c jsonChart) map[string]any {
	o := plainMap(c.JSON())
	if tip, ok := o["tooltip"].(map[string]any); ok {
		tip["renderMode"] = "richText"
		tip["confine"] = true
	}
	o["textStyle"] = map[string]any{"fontFamily": "sans-serif"}
	if o["series"] == nil {
		o["series"] = []any{}
	}
	return o
}

// option starts a chart option with what every chart shares (see shared).
// pointer is the axis pointer of an axis-triggered tooltip; "" makes the
// tooltip item-triggered, for the heatmap and the flow chart, which bring
// their own axes or none: the empty axes go-echarts gives every
// rectangular chart are left out then.
func option(pointer string) map[string]any {
	b := charts.NewBar()
	b.SetGlobalOptions(shared(pointer)...)
	o := optionOf(b)
	if pointer == "" {
		delete(o, "xAxis")
		delete(o, "yAxis")
	}
	return o
}

func legendOpts() opts.Legend {
	return opts.Legend{Show: opts.Bool(true), Type: "scroll", Top: "0"}
}

func legend() map[string]any {
	return plainMap(legendOpts())
}

func gridOpts(top, bottom int) opts.Grid {
	return opts.Grid{Top: strconv.Itoa(top), Left: "8", Right: "32", Bottom: strconv.Itoa(bottom), ContainLabel: opts.Bool(true)}
}

func grid(top, bottom int) map[string]any {
	return plainMap(gridOpts(top, bottom))
}

// withData keeps an axis's or a series' data list when it is empty:
// go-echarts drops empty lists (omitempty), and the page's script slices
// them.
func withData(m map[string]any) map[string]any {
	if _, ok := m["data"]; !ok {
		m["data"] = []any{}
	}
	return m
}

func weekAxisOpts(weeks []string) opts.XAxis {
	return opts.XAxis{Type: "category", Data: weeks, AxisLabel: &opts.AxisLabel{HideOverlap: opts.Bool(true)}}
}

func valueAxisOpts(name string) opts.YAxis {
	return opts.YAxis{Type: "value", Name: name}
}

func valueAxis(name string) map[string]any {
	return plainMap(valueAxisOpts(name))
}

// nameAxisOpts is the category axis of a horizontal bar chart: names down
// the side, the first at the top, cut to a width.
func nameAxisOpts(names []string) opts.YAxis {
	return opts.YAxis{
		Type:      "category",
		Data:      names,
		Inverse:   opts.Bool(true),
		AxisLabel: &opts.AxisLabel{Width: 180, Overflow: "truncate"},
	}
}

// rect builds a bar chart's option (line series may join it) with a
// legend when one is shown, its grid, axes and series.
func rect(pointer string, legendShown bool, g opts.Grid, x opts.XAxis, y opts.YAxis, series []any) map[string]any {
	b := charts.NewBar()
	gl := shared(pointer)
	if legendShown {
		gl = append(gl, charts.WithLegendOpts(legendOpts()))
	}
	gl = append(gl, charts.WithGridOpts(g), charts.WithXAxisOpts(x), charts.WithYAxisOpts(y))
	b.SetGlobalOptions(gl...)
	o := optionOf(b)
	for _, k := range []string{"xAxis", "yAxis"} {
		if axes, ok := o[k].([]any); ok {
			for _, a := range axes {
				if m, ok := a.(map[string]any); ok && m["type"] == "category" {
					withData(m)
				}
			}
		}
	}
	o["series"] = nonNilAny(series)
	return o
}

// hbar lays out a horizontal bar chart around its series.
func hbar(names []string, unit string, legendShown bool, series []any) map[string]any {
	top := 8
	if legendShown {
		top = 40
	}
	x := opts.XAxis{Type: "value", Name: unit, NameLocation: "middle", NameGap: 26}
	return rect("shadow", legendShown, gridOpts(top, 30), x, nameAxisOpts(nonNilStrings(names)), series)
}

// weekly lays out a chart over weeks around its series.
func weekly(weeks []string, unit string, series []any) map[string]any {
	return rect("shadow", true, gridOpts(60, 8), weekAxisOpts(nonNilStrings(weeks)), valueAxisOpts(unit), series)
}

// series turns one go-echarts series into its option.
func series(s charts.SingleSeries) map[string]any {
	return withData(plainMap(s))
}

func bar(name string, data any) map[string]any {
	return series(charts.SingleSeries{Type: types.ChartBar, Name: name, Data: data})
}

func stacked(name string, data any) map[string]any {
	return series(charts.SingleSeries{Type: types.ChartBar, Name: name, Stack: "total", Data: data})
}

func line(name string, data any) map[string]any {
	return series(charts.SingleSeries{Type: types.ChartLine, Name: name, Data: data, ShowSymbol: opts.Bool(true), ConnectNulls: opts.Bool(false)})
}

func colored(s map[string]any, color string) map[string]any {
	s["itemStyle"] = plainMap(opts.ItemStyle{Color: color})
	return s
}

func nonNilAny(s []any) []any {
	if s == nil {
		return []any{}
	}
	return s
}

// barHeight sizes a horizontal bar chart for n categories.
func barHeight(n int) int {
	h := 72 + 26*n
	return min(max(h, 220), 640)
}
