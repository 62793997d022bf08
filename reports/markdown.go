package reports

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// mdReplacer escapes the characters that Markdown, GitHub/Confluence tables
// and HTML inside Markdown give a meaning to. It works in one pass, so an
// escape it writes is never escaped again.
var mdReplacer = strings.NewReplacer(
	`\`, `\\`,
	"|", `\|`,
	"`", "\\`",
	"*", `\*`,
	"_", `\_`,
	"[", `\[`,
	"]", `\]`,
	"~", `\~`,
	"<", "&lt;",
	">", "&gt;",
	"&", "&amp;",
	"\r\n", " ",
	"\n", " ",
	"\r", " ",
)

// mdEscape makes text from the data (tool, team and intent names, ticket keys,
// titles) safe to put inside a Markdown table cell or a sentence: it cannot
// end the cell, start code, emphasis, a link, an HTML tag or an entity, and
// it stays on one line. Other control characters become spaces and
// bidirectional overrides are dropped, so the text reads as it is stored.
// Characters that matter only to spreadsheets (=, +, -, @) are left alone.
func mdEscape(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\r':
			return r // handled by mdReplacer
		case isBidiControl(r):
			return -1
		case unicode.IsControl(r) || r == '\u2028' || r == '\u2029':
			return ' '
		}
		return r
	}, s)
	return mdReplacer.Replace(s)
}

// isBidiControl reports the Unicode characters that reorder displayed text.
func isBidiControl(r rune) bool {
	return (r >= '\u202A' && r <= '\u202E') || (r >= '\u2066' && r <= '\u2069') || r == '\u200E' || r == '\u200F' || r == '\u061C'
}

// mdText escapes data text for the report and shortens it to at most max
// characters (clip).
func mdText(s string, max int) string { return mdEscape(clip(s, max)) }

// mdTable writes a Markdown table. Cells must already be escaped; align
// holds 'l' or 'r' per column.
func mdTable(b *strings.Builder, header []string, align string, rows [][]string) {
	b.WriteString("|")
	for _, h := range header {
		b.WriteString(" " + h + " |")
	}
	b.WriteString("\n|")
	for i := range header {
		if i < len(align) && align[i] == 'r' {
			b.WriteString("---:|")
		} else {
			b.WriteString("---|")
		}
	}
	b.WriteString("\n")
	for _, row := range rows {
		b.WriteString("|")
		for _, c := range row {
			b.WriteString(" " + c + " |")
		}
		b.WriteString("\n")
	}
}
