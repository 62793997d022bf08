package reports

import (
	"strings"
	"unicode/utf8"
)

// A document is a report laid out once, as headings, paragraphs and tables
// of text that is already formatted, and then written as Markdown or HTML.
// Both renderings come from the same document, so they show the same
// sections and the same numbers; they differ only in escaping and in the
// bars the HTML draws next to some tables.
type document []block

// block is a heading, a paragraph or a table.
type block interface{ isBlock() }

// heading is a title (level 1) or a section heading (level 2).
type heading struct {
	Level int
	Text  []span
}

// paragraph is one paragraph of text.
type paragraph []span

// span is a run of text. Data text comes from the warehouse and is escaped
// in every rendering; other text is written by lanes and is written to
// Markdown as it is (it may not contain Markdown syntax by accident).
type span struct {
	Text string
	Bold bool
	Data bool
}

// docTable is a table with a header row. Align holds 'l' or 'r' per column.
// Bars, when set, holds one non-negative value per row; the HTML draws a bar
// for each, scaled to the largest, in an extra column headed BarLabel. The
// bars repeat a column of the table, so Markdown loses nothing without them.
type docTable struct {
	Header   []string
	Align    string
	Rows     [][]cell
	Bars     []float64
	BarLabel string
}

// cell is one table cell; Data as for span.
type cell struct {
	Text string
	Data bool
}

func (heading) isBlock()   {}
func (paragraph) isBlock() {}
func (*docTable) isBlock() {}

// plain is lanes' own text.
func plain(s string) span { return span{Text: s} }

// strong is lanes' own text in bold.
func strong(s string) span { return span{Text: s, Bold: true} }

// data is text from the warehouse, shortened to at most max characters
// (see clip).
func data(s string, max int) span { return span{Text: clip(s, max), Data: true} }

// num is a cell lanes formatted (a number, a date, a fixed word).
func num(s string) cell { return cell{Text: s} }

// dataCell is a cell of text from the warehouse, shortened to max.
func dataCell(s string, max int) cell { return cell{Text: clip(s, max), Data: true} }

// para builds a paragraph.
func para(spans ...span) paragraph { return paragraph(spans) }

// h2 is a section heading of lanes' own text.
func h2(s string) heading { return heading{Level: 2, Text: []span{plain(s)}} }

// clip trims s and shortens it to at most max characters, so one long name
// cannot swamp a table. Empty text is shown as an em dash.
func clip(s string, max int) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return "—"
	}
	if utf8.RuneCountInString(s) > max {
		r := []rune(s)
		s = string(r[:max-1]) + "…"
	}
	return s
}

// markdown writes the document as Markdown: blocks separated by a blank
// line, data text escaped with mdEscape.
func (d document) markdown() string {
	var b strings.Builder
	for i, blk := range d {
		if i > 0 {
			b.WriteString("\n")
		}
		switch x := blk.(type) {
		case heading:
			b.WriteString(strings.Repeat("#", x.Level) + " ")
			writeSpansMD(&b, x.Text)
			b.WriteString("\n")
		case paragraph:
			writeSpansMD(&b, x)
			b.WriteString("\n")
		case *docTable:
			rows := make([][]string, len(x.Rows))
			for r, row := range x.Rows {
				rows[r] = make([]string, len(row))
				for c, cl := range row {
					rows[r][c] = mdCell(cl)
				}
			}
			mdTable(&b, x.Header, x.Align, rows)
		}
	}
	return b.String()
}

func writeSpansMD(b *strings.Builder, spans []span) {
	for _, s := range spans {
		t := s.Text
		if s.Data {
			t = mdEscape(t)
		}
		if s.Bold {
			t = "**" + t + "**"
		}
		b.WriteString(t)
	}
}

func mdCell(c cell) string {
	if c.Data {
		return mdEscape(c.Text)
	}
	return c.Text
}
