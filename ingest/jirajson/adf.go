package jirajson

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"
)

// Atlassian Document Format (ADF) is how REST API v3 writes rich text:
// a tree of nodes {"type", "content", "text", "attrs", "marks"}. adfText
// renders it as plain text: blocks apart by a blank line, list items as
// "- " or "1. " lines (nested ones indented), code blocks as their text,
// mentions as @name, hard breaks as newlines. Marks (bold, links) are
// dropped; nodes it does not know keep their text.

// maxADFDepth stops rendering runaway trees; records are already capped
// at maxDepth, so this only guards against a future change there.
const maxADFDepth = 200

// docText reads a rich-text field: wiki markup (v2) or ADF (v3).
func docText(v any) string {
	switch x := v.(type) {
	case string:
		return wikiText(x)
	case map[string]any:
		return strings.TrimSpace(adfBlock(x, 0))
	case []any:
		return strings.TrimSpace(adfBlocks(x, 0))
	}
	return ""
}

func adfType(n map[string]any) string { s, _ := n["type"].(string); return s }

func adfContent(n map[string]any) []any { c, _ := n["content"].([]any); return c }

func adfAttr(n map[string]any, name string) string {
	attrs, _ := n["attrs"].(map[string]any)
	switch v := attrs[name].(type) {
	case string:
		return v
	case json.Number:
		return v.String()
	}
	return ""
}

// inlineTypes are the node types that sit inside a paragraph.
var inlineTypes = map[string]bool{
	"text": true, "hardBreak": true, "mention": true, "emoji": true, "inlineCard": true,
	"date": true, "status": true, "mediaInline": true, "placeholder": true,
}

// adfBlocks renders a list of nodes: inline runs are joined as one
// paragraph, blocks are set apart by a blank line.
func adfBlocks(nodes []any, d int) string {
	var parts []string
	var run []any
	flush := func() {
		if len(run) > 0 {
			if s := adfInline(run, d); strings.TrimSpace(s) != "" {
				parts = append(parts, s)
			}
			run = nil
		}
	}
	for _, x := range nodes {
		n, ok := x.(map[string]any)
		if !ok {
			continue
		}
		if inlineTypes[adfType(n)] {
			run = append(run, n)
			continue
		}
		flush()
		if s := adfBlock(n, d); strings.TrimSpace(s) != "" {
			parts = append(parts, s)
		}
	}
	flush()
	return strings.Join(parts, "\n\n")
}

func adfBlock(n map[string]any, d int) string {
	if d > maxADFDepth {
		return ""
	}
	d++
	switch adfType(n) {
	case "paragraph", "heading", "codeBlock", "taskItem", "decisionItem":
		return adfInline(adfContent(n), d)
	case "bulletList", "orderedList", "taskList", "decisionList":
		return adfList(n, d)
	case "blockquote":
		return prefixLines(adfBlocks(adfContent(n), d), "> ", "> ")
	case "table":
		var rows []string
		for _, r := range adfContent(n) {
			row, ok := r.(map[string]any)
			if !ok {
				continue
			}
			var cells []string
			for _, c := range adfContent(row) {
				if cell, ok := c.(map[string]any); ok {
					cells = append(cells, strings.ReplaceAll(adfBlocks(adfContent(cell), d), "\n", " "))
				}
			}
			rows = append(rows, strings.Join(cells, " | "))
		}
		return strings.Join(rows, "\n")
	case "rule", "media", "mediaSingle", "mediaGroup":
		return ""
	}
	if inlineTypes[adfType(n)] {
		return adfInline([]any{n}, d)
	}
	// An unknown node: its own text, or its children's.
	if s, ok := n["text"].(string); ok {
		return s
	}
	if c := adfContent(n); len(c) > 0 {
		return adfBlocks(c, d)
	}
	return adfAttr(n, "text")
}

func adfList(n map[string]any, d int) string {
	num := 1
	if v, err := strconv.Atoi(adfAttr(n, "order")); err == nil && v >= 0 && v < 1e9 {
		num = v
	}
	var lines []string
	for _, x := range adfContent(n) {
		item, ok := x.(map[string]any)
		if !ok {
			continue
		}
		marker := "- "
		if adfType(n) == "orderedList" {
			marker = strconv.Itoa(num) + ". "
			num++
		}
		var body string
		switch adfType(item) {
		case "listItem":
			body = strings.ReplaceAll(adfBlocks(adfContent(item), d), "\n\n", "\n")
		default:
			body = adfBlock(item, d)
		}
		lines = append(lines, prefixLines(body, marker, strings.Repeat(" ", len(marker))))
	}
	return strings.Join(lines, "\n")
}

func adfInline(nodes []any, d int) string {
	var b strings.Builder
	for _, x := range nodes {
		n, ok := x.(map[string]any)
		if !ok {
			continue
		}
		switch adfType(n) {
		case "text":
			s, _ := n["text"].(string)
			b.WriteString(s)
		case "hardBreak":
			b.WriteByte('\n')
		case "mention":
			name := adfAttr(n, "text")
			if name == "" {
				name = adfAttr(n, "id")
			}
			if name != "" && !strings.HasPrefix(name, "@") {
				name = "@" + name
			}
			b.WriteString(name)
		case "emoji":
			if s := adfAttr(n, "text"); s != "" {
				b.WriteString(s)
			} else {
				b.WriteString(adfAttr(n, "shortName"))
			}
		case "inlineCard":
			b.WriteString(adfAttr(n, "url"))
		case "status":
			b.WriteString(adfAttr(n, "text"))
		case "date":
			if ms, err := strconv.ParseInt(adfAttr(n, "timestamp"), 10, 64); err == nil {
				b.WriteString(time.UnixMilli(ms).UTC().Format("2006-01-02"))
			}
		case "mediaInline", "placeholder":
		default:
			b.WriteString(adfBlock(n, d))
		}
	}
	return b.String()
}

// prefixLines puts first before the first line of s and rest before the
// others (empty lines stay empty).
func prefixLines(s, first, rest string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		switch {
		case i == 0:
			lines[i] = strings.TrimRight(first+l, " ")
		case l != "":
			lines[i] = rest + l
		}
	}
	return strings.Join(lines, "\n")
}
