package dashboards

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
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

// option starts a chart option with what every chart shares: no animation
// (the page is static, prints and is screenshot), ARIA descriptions, a
// tooltip drawn as chart text rather than HTML, the palette, and a
// transparent background so the page's light or dark colours show through.
func option(pointer string) map[string]any {
	tip := map[string]any{
		"show":       true,
		"trigger":    "axis",
		"renderMode": "richText",
		"confine":    true,
	}
	if pointer == "" {
		tip["trigger"] = "item"
	} else {
		tip["axisPointer"] = map[string]any{"type": pointer}
	}
	return map[string]any{
		"animation":       false,
		"aria":            map[string]any{"enabled": true},
		"tooltip":         tip,
		"color":           palette,
		"backgroundColor": "transparent",
		"textStyle":       map[string]any{"fontFamily": "sans-serif"},
	}
}

func legend() map[string]any {
	return map[string]any{"show": true, "type": "scroll", "top": 0}
}

func grid(top, bottom int) map[string]any {
	return map[string]any{"top": top, "left": 8, "right": 32, "bottom": bottom, "containLabel": true}
}

func weekAxis(weeks []string) map[string]any {
	return map[string]any{"type": "category", "data": weeks, "axisLabel": map[string]any{"hideOverlap": true}}
}

func valueAxis(name string) map[string]any {
	return map[string]any{"type": "value", "name": name}
}

// nameAxis is the category axis of a horizontal bar chart: names down the
// side, the first at the top, cut to a width.
func nameAxis(names []string) map[string]any {
	return map[string]any{
		"type":      "category",
		"data":      names,
		"inverse":   true,
		"axisLabel": map[string]any{"width": 180, "overflow": "truncate"},
	}
}

// hbar lays out a horizontal bar chart around its series.
func hbar(names []string, unit string, legendShown bool, series []any) map[string]any {
	o := option("shadow")
	top := 8
	if legendShown {
		o["legend"] = legend()
		top = 40
	}
	o["grid"] = grid(top, 30)
	o["xAxis"] = map[string]any{"type": "value", "name": unit, "nameLocation": "middle", "nameGap": 26}
	o["yAxis"] = nameAxis(names)
	o["series"] = series
	return o
}

// weekly lays out a chart over weeks around its series.
func weekly(weeks []string, unit string, series []any) map[string]any {
	o := option("shadow")
	o["legend"] = legend()
	o["grid"] = grid(60, 8)
	o["xAxis"] = weekAxis(weeks)
	o["yAxis"] = valueAxis(unit)
	o["series"] = series
	return o
}

func bar(name string, data any) map[string]any {
	return map[string]any{"type": "bar", "name": name, "data": data}
}

func stacked(name string, data any) map[string]any {
	return map[string]any{"type": "bar", "name": name, "stack": "total", "data": data}
}

func line(name string, data any) map[string]any {
	return map[string]any{"type": "line", "name": name, "data": data, "showSymbol": true, "connectNulls": false}
}

func colored(s map[string]any, color string) map[string]any {
	s["itemStyle"] = map[string]any{"color": color}
	return s
}

// barHeight sizes a horizontal bar chart for n categories.
func barHeight(n int) int {
	h := 72 + 26*n
	return min(max(h, 220), 640)
}
