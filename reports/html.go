package reports

import (
	"bytes"
	"encoding/base64"
	"html/template"
	"math"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The HTML rendering is written for email: one table-based layout with
// inline styles on every element, presentational attributes (bgcolor,
// width, align) for Outlook's Word engine, no <style> block, no script, no
// external resource and no SVG. Bars are table cells with a background
// colour and a width, so they show wherever tables do. Charts, when asked
// for (WeeklyOptions.Charts), are PNG images embedded as data: URLs with
// alt text; mail clients that do not show data: images (Gmail, Outlook on
// Windows) show the alt text, and the table next to each chart holds the
// same numbers. Every text reaches the page through html/template's
// escaping.

// maxBarPixels is the width of the longest bar.
const maxBarPixels = 100

// htmlView is what the page template reads.
type htmlView struct {
	Title    string
	Blocks   []htmlBlock
	BarWidth int
	Images   bool // the CSP then allows data: images
}

type htmlBlock struct {
	Kind  string // h1, h2, p, table, img
	Spans []htmlSpan
	Table *htmlTable
	Image *htmlImage
}

// figure is a chart drawn as a PNG. Only the HTML shows it: it repeats
// numbers a table next to it holds, so Markdown loses nothing without it.
type figure struct {
	PNG           []byte
	Alt           string
	Width, Height int // CSS pixels
}

func (*figure) isBlock() {}

type htmlImage struct {
	Src           template.URL
	Alt           string
	Width, Height int
}

type htmlSpan struct {
	Text string
	Bold bool
}

type htmlTable struct {
	Header   []htmlHead
	Rows     [][]htmlCell
	HasBars  bool
	BarLabel string
}

type htmlHead struct {
	Text  string
	Right bool
}

type htmlCell struct {
	Text   string
	Right  bool
	NoWrap bool // numbers and short words such as 2026-W10 stay on one line
	Bar    int  // bar width in pixels, in the bar column
	IsBar  bool // this cell is the bar column
}

// html writes the document as a self-contained HTML email.
func (d document) html() (string, error) {
	v := htmlView{BarWidth: maxBarPixels}
	for _, blk := range d {
		switch x := blk.(type) {
		case heading:
			kind := "h2"
			if x.Level == 1 {
				kind = "h1"
				v.Title = plainSpans(x.Text)
			}
			v.Blocks = append(v.Blocks, htmlBlock{Kind: kind, Spans: htmlSpans(x.Text)})
		case paragraph:
			v.Blocks = append(v.Blocks, htmlBlock{Kind: "p", Spans: htmlSpans(x)})
		case *docTable:
			v.Blocks = append(v.Blocks, htmlBlock{Kind: "table", Table: htmlTableOf(x)})
		case *figure:
			// The URL is built here from the PNG's bytes alone, so it is
			// safe to mark as a URL for html/template.
			src := template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(x.PNG))
			v.Blocks = append(v.Blocks, htmlBlock{Kind: "img", Image: &htmlImage{Src: src, Alt: htmlClean(x.Alt), Width: x.Width, Height: x.Height}})
			v.Images = true
		}
	}
	var buf bytes.Buffer
	if err := pageTemplate.Execute(&buf, v); err != nil {
		return "", err
	}
	return buf.String(), nil
}

func htmlSpans(spans []span) []htmlSpan {
	out := make([]htmlSpan, len(spans))
	for i, s := range spans {
		out[i] = htmlSpan{Text: htmlClean(s.Text), Bold: s.Bold}
	}
	return out
}

func plainSpans(spans []span) string {
	var b strings.Builder
	for _, s := range spans {
		b.WriteString(htmlClean(s.Text))
	}
	return b.String()
}

func htmlTableOf(t *docTable) *htmlTable {
	right := func(i int) bool { return i < len(t.Align) && t.Align[i] == 'r' }
	out := &htmlTable{HasBars: t.Bars != nil, BarLabel: t.BarLabel}
	for i, h := range t.Header {
		out.Header = append(out.Header, htmlHead{Text: htmlClean(h), Right: right(i)})
	}
	top := 0.0
	for _, v := range t.Bars {
		if v > top && !math.IsInf(v, 0) {
			top = v
		}
	}
	for r, row := range t.Rows {
		cells := make([]htmlCell, 0, len(row)+1)
		for i, c := range row {
			t := htmlClean(c.Text)
			noWrap := right(i) || (!strings.ContainsRune(t, ' ') && utf8.RuneCountInString(t) <= 24)
			cells = append(cells, htmlCell{Text: t, Right: right(i), NoWrap: noWrap})
		}
		if t.Bars != nil {
			bar := 0
			if r < len(t.Bars) && top > 0 && t.Bars[r] > 0 {
				bar = max(1, int(math.Round(t.Bars[r]/top*maxBarPixels)))
			}
			cells = append(cells, htmlCell{IsBar: true, Bar: bar})
		}
		out.Rows = append(out.Rows, cells)
	}
	return out
}

// htmlClean keeps text on one line and as stored: line breaks and other
// control characters become spaces, bidirectional overrides are dropped and
// invalid UTF-8 is replaced. Escaping is html/template's job.
func htmlClean(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	s = strings.ReplaceAll(s, "\r\n", " ")
	return strings.Map(func(r rune) rune {
		switch {
		case isBidiControl(r):
			return -1
		case unicode.IsControl(r) || r == '\u2028' || r == '\u2029':
			return ' '
		}
		return r
	}, s)
}

// Colours and fonts of the email.
const (
	fontStack = "Arial, Helvetica, sans-serif"
)

var pageTemplate = template.Must(template.New("page").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'{{if .Images}}; img-src data:{{end}}">
<title>{{.Title}}</title>
</head>
<body style="margin:0;padding:0;background-color:#f3f4f6;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" bgcolor="#f3f4f6" style="width:100%;background-color:#f3f4f6;">
<tr>
<td align="center" style="padding:16px 8px;">
<table role="presentation" width="760" cellpadding="0" cellspacing="0" border="0" bgcolor="#ffffff" style="width:760px;max-width:100%;background-color:#ffffff;border:1px solid #d9dde3;">
<tr>
<td style="padding:20px 24px;font-family:` + fontStack + `;font-size:14px;line-height:20px;color:#1f2933;">
{{- range .Blocks}}
{{- if eq .Kind "h1"}}
<h1 style="margin:0 0 12px 0;font-family:` + fontStack + `;font-size:22px;line-height:28px;font-weight:bold;color:#111827;">{{template "spans" .Spans}}</h1>
{{- else if eq .Kind "h2"}}
<h2 style="margin:24px 0 8px 0;padding:0 0 4px 0;font-family:` + fontStack + `;font-size:17px;line-height:22px;font-weight:bold;color:#111827;border-bottom:1px solid #d9dde3;">{{template "spans" .Spans}}</h2>
{{- else if eq .Kind "p"}}
<p style="margin:0 0 12px 0;font-family:` + fontStack + `;font-size:14px;line-height:20px;color:#1f2933;">{{template "spans" .Spans}}</p>
{{- else if eq .Kind "img"}}{{with .Image}}
<p style="margin:0 0 12px 0;"><img src="{{.Src}}" width="{{.Width}}" height="{{.Height}}" alt="{{.Alt}}" style="display:block;border:0;width:{{.Width}}px;max-width:100%;height:auto;"></p>
{{- end}}
{{- else if eq .Kind "table"}}{{with .Table}}
<table cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;margin:0 0 12px 0;font-family:` + fontStack + `;font-size:13px;line-height:18px;color:#1f2933;">
<tr>
{{- range .Header}}
<th {{if .Right}}align="right" {{else}}align="left" {{end}}bgcolor="#eef1f5" style="padding:5px 8px;background-color:#eef1f5;border-bottom:1px solid #c5ccd6;font-weight:bold;text-align:{{if .Right}}right{{else}}left{{end}};vertical-align:bottom;">{{.Text}}</th>
{{- end}}
{{- if .HasBars}}
<th align="left" bgcolor="#eef1f5" style="padding:5px 8px;background-color:#eef1f5;border-bottom:1px solid #c5ccd6;font-weight:bold;text-align:left;vertical-align:bottom;">{{.BarLabel}}</th>
{{- end}}
</tr>
{{- range .Rows}}
<tr>
{{- range .}}
{{- if .IsBar}}
<td align="left" width="{{$.BarWidth}}" style="width:{{$.BarWidth}}px;min-width:{{$.BarWidth}}px;padding:5px 8px;border-bottom:1px solid #e5e8ec;vertical-align:middle;">
{{- if .Bar}}<table role="presentation" cellpadding="0" cellspacing="0" border="0"><tr><td width="{{.Bar}}" height="10" bgcolor="#3f6fb5" style="width:{{.Bar}}px;height:10px;background-color:#3f6fb5;font-size:0;line-height:0;">&nbsp;</td></tr></table>{{end -}}
</td>
{{- else}}
<td {{if .Right}}align="right" {{else}}align="left" {{end}}style="padding:5px 8px;border-bottom:1px solid #e5e8ec;text-align:{{if .Right}}right{{else}}left{{end}};{{if .NoWrap}}white-space:nowrap;{{end}}vertical-align:top;">{{.Text}}</td>
{{- end}}
{{- end}}
</tr>
{{- end}}
</table>
{{- end}}{{end}}
{{- end}}
<p style="margin:20px 0 0 0;font-family:` + fontStack + `;font-size:12px;line-height:16px;color:#6b7280;">Written by lanes.</p>
</td>
</tr>
</table>
</td>
</tr>
</table>
</body>
</html>
{{define "spans"}}{{range .}}{{if .Bold}}<strong>{{.Text}}</strong>{{else}}{{.Text}}{{end}}{{end}}{{end}}`))
