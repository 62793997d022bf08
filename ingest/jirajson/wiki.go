package jirajson

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Jira's wiki markup (its "text formatting notation") is how REST API v2
// writes rich text. wikiText renders it as the plain text adfText gives
// for the same document written in ADF, so a v2 and a v3 export of one
// issue read alike: blocks (paragraphs, headings, lists, tables, code,
// quotes, panels) apart by a blank line, list items as "- " or "1. "
// lines (nested ones indented), table rows as cells joined by " | ",
// quotes as "> " lines, mentions as @name, links as their text (the
// address when they have none), images as nothing, \\ as a line break.
// Formatting marks (*bold*, _italic_, {{monospace}}, ...) are dropped
// only where Jira's renderer takes them as marks: a mark opens where no
// letter or digit comes before it and closes where none comes after, and
// the text between stays on one line, starts and ends with no space. So
// file_name_v2, 2*3*4, snake_case_name and a_b@example.com keep theirs,
// and so does anything inside an address (https://x/a_b_c). Text in
// {code} and {noformat} is kept as written. Markup lanes does not know
// stays as it is.

// maxWikiListDepth is the deepest list nesting read as a list; a line
// with more markers stays text (Jira's own editor stops far sooner).
const maxWikiListDepth = 32

// maxWikiDepth bounds macros inside macros ({quote} in {panel}); Jira
// does not nest a macro in itself, so real text never comes near.
const maxWikiDepth = 8

// wikiText renders wiki markup as plain text.
func wikiText(s string) string {
	s = strings.ReplaceAll(s, "\x00", "") // the inline renderer's token mark
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return strings.TrimSpace(wikiBlocks(s, 0))
}

// wikiMacros are the macros that hold blocks: {code} and {noformat} keep
// their body as written, {quote} and {panel} hold wiki text.
var wikiMacros = []string{"code", "noformat", "quote", "panel"}

// wikiBlocks renders text that may hold block macros: the text between
// them is read line by line, and each macro is a block of its own.
func wikiBlocks(s string, depth int) string {
	var parts []string
	add := func(b string) {
		if strings.TrimSpace(b) != "" {
			parts = append(parts, b)
		}
	}
	unclosed := map[string]bool{} // macros with no closing tag further on
	from := 0
	for depth < maxWikiDepth {
		i := strings.IndexByte(s[from:], '{')
		if i < 0 {
			break
		}
		i += from
		from = i + 1
		name, params, end, ok := macroTag(s, i)
		if !ok || unclosed[name] {
			continue
		}
		closeTag := "{" + name + "}"
		j := strings.Index(s[end:], closeTag)
		if j < 0 {
			// Any later opening tag is unclosed too: mark it, so that
			// a text of many is read once.
			unclosed[name] = true
			continue
		}
		body := s[end : end+j]
		wikiLines(s[:i], add)
		if title := macroParam(params, "title"); title != "" {
			add(wikiInline(title))
		}
		switch name {
		case "code", "noformat":
			add(strings.Trim(body, "\n"))
		case "quote":
			add(prefixLines(wikiBlocks(body, depth+1), "> ", "> "))
		default:
			add(wikiBlocks(body, depth+1))
		}
		s, from = s[end+j+len(closeTag):], 0
	}
	wikiLines(s, add)
	return strings.Join(parts, "\n\n")
}

// macroTag reads a block macro's opening tag at s[i] ("{code}",
// "{code:java}", "{panel:title=Notes|borderStyle=dashed}"): its name, its
// parameters and where the tag ends. An escaped brace (\{code}) is text.
func macroTag(s string, i int) (name, params string, end int, ok bool) {
	if i > 0 && s[i-1] == '\\' {
		return "", "", 0, false
	}
	rest := s[i+1:]
	for _, n := range wikiMacros {
		if !strings.HasPrefix(rest, n) {
			continue
		}
		after := rest[len(n):]
		switch {
		case strings.HasPrefix(after, "}"):
			return n, "", i + 1 + len(n) + 1, true
		case strings.HasPrefix(after, ":"):
			k := strings.IndexAny(after, "}\n{")
			if k < 0 || after[k] != '}' {
				return "", "", 0, false
			}
			return n, after[1:k], i + 1 + len(n) + k + 1, true
		}
	}
	return "", "", 0, false
}

// macroParam reads one key=value parameter of a macro ("title=Notes|
// borderStyle=dashed").
func macroParam(params, key string) string {
	for _, p := range strings.Split(params, "|") {
		if k, v, ok := strings.Cut(p, "="); ok && strings.EqualFold(strings.TrimSpace(k), key) {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

// wikiLineStart reads the block a line starts, as Jira does: a heading
// ("h1. " to "h6. "), a quote ("bq. ") or a list item (markers, "*",
// "#", "*#", ..., or "-", then a space); it gives 'h', 'q' or 'l' (0 for
// none), a list item's markers, and the text after.
func wikiLineStart(line string) (kind byte, markers, text string) {
	s := strings.TrimLeft(line, " \t")
	blankAt := func(i int) bool { return i == len(s) || s[i] == ' ' || s[i] == '\t' }
	switch {
	case len(s) >= 3 && s[0] == 'h' && s[1] >= '1' && s[1] <= '6' && s[2] == '.' && blankAt(3):
		return 'h', "", s[3:]
	case strings.HasPrefix(s, "bq.") && blankAt(3):
		return 'q', "", s[3:]
	}
	n := 0
	for n < len(s) && (s[n] == '*' || s[n] == '#') {
		n++
	}
	if n == 0 && strings.HasPrefix(s, "-") {
		n = 1
	}
	if n > 0 && n < len(s) && blankAt(n) {
		return 'l', s[:n], s[n+1:]
	}
	return 0, "", ""
}

// isWikiRule reports whether a line is a horizontal rule: four dashes or
// more alone.
func isWikiRule(line string) bool {
	t := strings.TrimSpace(line)
	return len(t) >= 4 && strings.Trim(t, "-") == ""
}

// wikiLines renders text without block macros, line by line:
// paragraphs (lines up to a blank one), headings, bq. quotes, lists,
// tables and horizontal rules.
func wikiLines(s string, add func(string)) {
	var para, table []string
	list := wikiListBuilder{emit: add}
	flush := func() {
		if len(para) > 0 {
			add(strings.TrimSpace(wikiInline(strings.Join(para, "\n"))))
			para = nil
		}
		if len(table) > 0 {
			add(wikiTable(table))
			table = nil
		}
		list.flush()
	}
	for _, line := range strings.Split(s, "\n") {
		switch kind, markers, text := wikiLineStart(line); {
		case strings.TrimSpace(line) == "" || isWikiRule(line):
			flush()
		case kind == 'h':
			flush()
			add(strings.TrimSpace(wikiInline(text)))
		case kind == 'q':
			flush()
			add(prefixLines(strings.TrimSpace(wikiInline(text)), "> ", "> "))
		case kind == 'l' && len(markers) <= maxWikiListDepth:
			if len(para) > 0 || len(table) > 0 {
				flush()
			}
			list.add(markers, text)
		case strings.HasPrefix(strings.TrimSpace(line), "|"):
			if len(para) > 0 || list.top != nil {
				flush()
			}
			table = append(table, strings.TrimSpace(line))
		default:
			if len(table) > 0 || list.top != nil {
				flush()
			}
			para = append(para, line)
		}
	}
	flush()
}

// wikiListNode is a list (its items) or a list item (its text and the
// lists nested in it), as ADF has them.
type wikiListNode struct {
	ordered bool
	text    string
	kids    []*wikiListNode
}

// wikiListBuilder gathers the lines of one list: each line's markers
// ("*", "#", "*#", "-") say its depth and, level by level, whether the
// list there is bulleted or numbered.
type wikiListBuilder struct {
	emit func(string)    // takes each finished list
	top  *wikiListNode   // the list being gathered
	open []*wikiListNode // the lists the last line is in, outermost first
}

func (b *wikiListBuilder) add(markers, text string) {
	if markers == "-" {
		markers = "*"
	}
	keep := 0
	for keep < len(b.open) && keep < len(markers) && b.open[keep].ordered == (markers[keep] == '#') {
		keep++
	}
	if keep == 0 {
		// A list of the other kind at the first level is a new list.
		b.flush()
	}
	b.open = b.open[:keep]
	for level := keep; level < len(markers); level++ {
		l := &wikiListNode{ordered: markers[level] == '#'}
		if level == 0 {
			b.top = l
		} else {
			parent := b.open[level-1]
			if len(parent.kids) == 0 {
				// Deeper than the line before: Jira nests it in an
				// empty item.
				parent.kids = append(parent.kids, &wikiListNode{})
			}
			item := parent.kids[len(parent.kids)-1]
			item.kids = append(item.kids, l)
		}
		b.open = append(b.open, l)
	}
	last := b.open[len(b.open)-1]
	last.kids = append(last.kids, &wikiListNode{text: text})
}

// flush hands on the list gathered so far.
func (b *wikiListBuilder) flush() {
	if b.top != nil {
		b.emit(wikiListText(b.top))
	}
	b.top, b.open = nil, nil
}

// wikiListText renders a list as adfList does.
func wikiListText(l *wikiListNode) string {
	var lines []string
	for i, item := range l.kids {
		marker := "- "
		if l.ordered {
			marker = strconv.Itoa(i+1) + ". "
		}
		var parts []string
		if s := strings.TrimSpace(wikiInline(item.text)); s != "" {
			parts = append(parts, s)
		}
		for _, sub := range item.kids {
			if s := wikiListText(sub); strings.TrimSpace(s) != "" {
				parts = append(parts, s)
			}
		}
		body := strings.ReplaceAll(strings.Join(parts, "\n\n"), "\n\n", "\n")
		lines = append(lines, prefixLines(body, marker, strings.Repeat(" ", len(marker))))
	}
	return strings.Join(lines, "\n")
}

// wikiTable renders table rows (||heading||heading|| and |cell|cell|) as
// adfBlock does: cells joined by " | ", a row a line.
func wikiTable(rows []string) string {
	var out []string
	for _, row := range rows {
		var cells []string
		for _, c := range wikiCells(row) {
			cells = append(cells, strings.ReplaceAll(strings.TrimSpace(wikiInline(c)), "\n", " "))
		}
		if len(cells) > 0 {
			out = append(out, strings.Join(cells, " | "))
		}
	}
	return strings.Join(out, "\n")
}

// wikiCells splits a table row at its bars (| or ||), but not at a bar
// inside a link ([text|url]) or {{monospace}}, nor at an escaped one.
func wikiCells(row string) []string {
	var cells []string
	inLink, inMono := false, false
	start := -1 // where the current cell's text starts
	for i := 0; i < len(row); i++ {
		switch c := row[i]; {
		case c == '\\' && i+1 < len(row):
			i++
		case inMono:
			if strings.HasPrefix(row[i:], "}}") {
				inMono = false
				i++
			}
		case c == '[' && !inLink:
			inLink = true
		case c == ']' && inLink:
			inLink = false
		case strings.HasPrefix(row[i:], "{{") && !inLink:
			inMono = true
			i++
		case c == '|' && !inLink:
			if start >= 0 {
				cells = append(cells, row[start:i])
			}
			for i+1 < len(row) && row[i+1] == '|' {
				i++
			}
			start = i + 1
		}
	}
	if start >= 0 && start < len(row) && strings.TrimSpace(row[start:]) != "" {
		cells = append(cells, row[start:])
	}
	return cells
}

// wikiPhrases are Jira's text effects, in the order its renderer applies
// them: citation, strong, superscript, subscript, emphasis, deleted,
// inserted, monospaced.
var wikiPhrases = []struct{ open, close string }{
	{"??", "??"}, {"*", "*"}, {"^", "^"}, {"~", "~"}, {"_", "_"}, {"-", "-"}, {"+", "+"}, {"{{", "}}"},
}

// wikiBraced are the marks that may also be written in braces ({*}),
// which Jira takes anywhere, in the middle of a word too.
var wikiBraced = []string{"??", "*", "^", "~", "_", "-", "+"}

// bracedIndex is 1 + mark's place in wikiBraced, 0 when it is not one.
func bracedIndex(mark string) uint8 {
	for i, m := range wikiBraced {
		if m == mark {
			return uint8(i + 1)
		}
	}
	return 0
}

// inlineText is one run of inline wiki text being rendered: links,
// addresses, images, escapes and line breaks are replaced first by a
// token (a 0 byte, which the text cannot hold, standing for toks[n] for
// the n-th one), then the phrase marks that pair up are marked gone.
type inlineText struct {
	b    []byte
	gone []bool
	toks []string
	// braced holds, for a braced mark's token, bracedIndex of its mark
	// (nil when the text has none); taken, the token prints nothing.
	braced []uint8
}

// wikiInline renders inline wiki text (one paragraph, heading, list item
// or cell).
func wikiInline(s string) string {
	t := tokenize(s)
	for _, p := range wikiPhrases {
		t.phrase(p.open, p.close)
	}
	var out strings.Builder
	n := 0
	for i, c := range t.b {
		switch {
		case c == 0:
			if t.braced == nil || t.braced[i] == 0 || !t.gone[i] {
				out.WriteString(t.toks[n])
			}
			n++
		case !t.gone[i]:
			out.WriteByte(c)
		}
	}
	return out.String()
}

// hasScheme reports whether s starts with an address's scheme:
// "https://", any other "name://", or "mailto:".
func hasScheme(s string) bool {
	if strings.HasPrefix(s, "mailto:") {
		return true
	}
	i := 0
	for i < len(s) && i < 32 && (s[i] >= 'a' && s[i] <= 'z' || s[i] >= 'A' && s[i] <= 'Z' ||
		i > 0 && (s[i] >= '0' && s[i] <= '9' || s[i] == '+' || s[i] == '.' || s[i] == '-')) {
		i++
	}
	return i > 0 && strings.HasPrefix(s[i:], "://")
}

// tokenize reads inline text into an inlineText: what the phrase marks
// cannot pair across or inside (escapes, \\ breaks, links, mentions,
// images, addresses, {color} tags, braced marks) becomes a token.
func tokenize(s string) *inlineText {
	t := &inlineText{b: make([]byte, 0, len(s))}
	var braces []int // where braced marks' tokens are in t.b, and their bracedIndex
	tok := func(out string) {
		t.b = append(t.b, 0)
		t.toks = append(t.toks, out)
	}
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '\\' && strings.HasPrefix(s[i:], `\\`):
			tok("\n")
			i += 2
			continue
		case c == '\\' && i+1 < len(s) && isMarkupPunct(s[i+1]):
			tok(s[i+1 : i+2])
			i += 2
			continue
		case c == '[':
			if end := strings.IndexAny(s[i+1:], "[]\n"); end > 0 && s[i+1+end] == ']' {
				if out, ok := wikiLink(s[i+1 : i+1+end]); ok {
					tok(out)
					i += end + 2
					continue
				}
			}
		case c == '!' && (i == 0 || !isWordByte(s[i-1])):
			if end := strings.IndexAny(s[i+1:], "!\n"); end > 0 && s[i+1+end] == '!' && isImage(s[i+1:i+1+end]) {
				tok("")
				i += end + 2
				continue
			}
		case c == '{':
			if n := inlineMacro(s[i+1:]); n > 0 {
				tok("")
				i += n
				continue
			}
			if end := strings.IndexByte(s[i:min(len(s), i+4)], '}'); end > 1 && bracedIndex(s[i+1:i+end]) > 0 {
				braces = append(braces, len(t.b), int(bracedIndex(s[i+1:i+end])))
				tok(s[i : i+end+1]) // kept as written unless it pairs up
				i += end + 1
				continue
			}
		case (i == 0 || !isWordByte(s[i-1])) && hasScheme(s[i:]):
			n := urlLen(s[i:])
			tok(s[i : i+n])
			i += n
			continue
		}
		t.b = append(t.b, c)
		i++
	}
	t.gone = make([]bool, len(t.b))
	if len(braces) > 0 {
		t.braced = make([]uint8, len(t.b))
		for k := 0; k < len(braces); k += 2 {
			t.braced[braces[k]] = uint8(braces[k+1])
		}
	}
	return t
}

// isMarkupPunct reports whether a backslash before c escapes it: ASCII
// punctuation, which markup is made of.
func isMarkupPunct(c byte) bool {
	return c < utf8.RuneSelf && (unicode.IsPunct(rune(c)) || unicode.IsSymbol(rune(c)))
}

// isWordByte reports whether c may be part of a word: an ASCII letter,
// digit or underscore, or a byte of a non-ASCII character.
func isWordByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= utf8.RuneSelf
}

// urlLen is how much of s (which starts with a scheme) is the address:
// up to a space or a character that cannot be in one, less the
// punctuation that ends the sentence around it.
func urlLen(s string) int {
	n := strings.IndexFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsControl(r) || strings.ContainsRune(`[]|{}<>"`, r)
	})
	if n < 0 {
		n = len(s)
	}
	for n > 0 && strings.IndexByte(`.,;:!?)'*_^~+-`, s[n-1]) >= 0 {
		n--
	}
	return n
}

// wikiLink reads the inside of [...]: [text|address] gives the text,
// [address] the address, [~user] (or [~accountid:...]) a mention, and
// [^file] an attachment's name. Brackets around anything else ([WARN],
// [a|b]) are text and stay.
func wikiLink(in string) (string, bool) {
	alias, target, hasAlias := strings.Cut(in, "|")
	if hasAlias {
		target, _, _ = strings.Cut(target, "|") // [text|address|tooltip]
	} else {
		target, alias = alias, ""
	}
	target = strings.TrimSpace(target)
	mention := strings.HasPrefix(target, "~")
	switch {
	case target == "":
		return "", false
	case mention, strings.HasPrefix(target, "^"), hasScheme(target):
	case hasAlias && strings.HasPrefix(target, "#"):
	default:
		return "", false
	}
	if strings.TrimSpace(alias) != "" {
		out := strings.TrimSpace(wikiInline(alias))
		if mention && !strings.HasPrefix(out, "@") {
			out = "@" + out
		}
		return out, true
	}
	switch {
	case mention:
		return "@" + strings.TrimPrefix(target[1:], "accountid:"), true
	case strings.HasPrefix(target, "^"):
		return target[1:], true
	}
	return strings.TrimPrefix(target, "mailto:"), true
}

var imageName = regexp.MustCompile(`(?i)^(?:[^\s!|]|[^\s!|][^!|]*)\.(?:png|jpe?g|gif|bmp|svg|webp|tiff?|ico|heic|pdf|mp4|mov|avi|webm|mp3|wav)$|^[a-z][a-z0-9+.-]*://\S+$`)

// isImage reports whether the inside of !...! is an image or other
// embedded file: !name.png!, !name.png|thumbnail!, !https://host/x.png!.
// Exclamation marks around other text (Deploy failed!!, !important!,
// Wow!v1.2!) are text; so is one right after a letter or digit (the
// caller checks).
func isImage(in string) bool {
	name, _, _ := strings.Cut(in, "|")
	return imageName.MatchString(name)
}

// inlineMacro is the length of the macro tag that renders as nothing
// ({color:red}, {color}, {anchor:name}) whose name starts s (the text
// after the brace), with both braces; else 0.
func inlineMacro(s string) int {
	var rest string
	switch {
	case strings.HasPrefix(s, "color}"):
		return len("{color}")
	case strings.HasPrefix(s, "color:"):
		rest = s[len("color:"):]
	case strings.HasPrefix(s, "anchor:"):
		rest = s[len("anchor:"):]
	default:
		return 0
	}
	k := strings.IndexAny(rest, "{}\n")
	if k < 0 || rest[k] != '}' {
		return 0
	}
	return len(s) - len(rest) + k + 2
}

// phrase removes the marks of every open...close pair that Jira's
// renderer takes as one: the open mark has no letter, digit or backslash
// before it, the close mark no letter or digit after it, the text between
// is on one line, does not hold the close mark, and neither starts nor
// ends with a space or the mark; a braced mark ({*}) needs no boundary.
// Links and other tokens count as boundaries, as in Jira.
func (t *inlineText) phrase(open, close string) {
	n := len(t.b)
	if !bytes.Contains(t.b, []byte(open)) && !(t.braced != nil && bracedIndex(open) > 0) {
		return // nothing to pair: most text has few marks
	}
	closeAt := t.nextClose(close)
	breakAt := make([]int32, n+1) // the next control character at or after i
	breakAt[n] = int32(n)
	for i := n - 1; i >= 0; i-- {
		breakAt[i] = breakAt[i+1]
		if c := t.b[i]; c != 0 && (c < 0x20 || c == 0x7f) {
			breakAt[i] = int32(i)
		}
	}
	for i := 0; i < n; i++ {
		openBraced := t.b[i] == 0 && t.bracedMark(i) == open
		if !openBraced && !(t.b[i] == open[0] && t.isText(i, open) && t.validStart(i)) {
			continue
		}
		j := i + len(open)
		if openBraced {
			j = i + 1
		}
		if j >= n || !t.edgeOK(j, open) {
			continue
		}
		k := int(closeAt[j+1])
		if k >= n || int(breakAt[j]) < k {
			continue
		}
		if !t.edgeOK(lastStart(t.b, j, k), close) || t.b[k-1] == '\\' {
			continue
		}
		closeBraced := t.bracedMark(k) == close
		end := k + len(close)
		if closeBraced {
			end = k + 1
		} else if !t.validEnd(end) {
			continue
		}
		t.take(i, len(open), openBraced)
		t.take(k, len(close), closeBraced)
		i = end - 1
	}
}

// nextClose gives, for each position, where the next close mark (written
// or braced) starts at or after it (len(b) when none).
func (t *inlineText) nextClose(close string) []int32 {
	n := len(t.b)
	at := make([]int32, n+2)
	at[n], at[n+1] = int32(n), int32(n)
	for i := n - 1; i >= 0; i-- {
		at[i] = at[i+1]
		if t.b[i] == close[0] && t.isText(i, close) || t.b[i] == 0 && t.bracedMark(i) == close {
			at[i] = int32(i)
		}
	}
	return at
}

// isText reports whether mark is written at i, not taken yet.
func (t *inlineText) isText(i int, mark string) bool {
	if len(t.b)-i < len(mark) {
		return false
	}
	for k := range len(mark) {
		if t.b[i+k] != mark[k] || t.gone[i+k] {
			return false
		}
	}
	return true
}

// bracedMark is the mark of the braced mark's token at i that is not
// taken yet, else "".
func (t *inlineText) bracedMark(i int) string {
	if t.b[i] != 0 || t.braced == nil || t.braced[i] == 0 || t.gone[i] {
		return ""
	}
	return wikiBraced[t.braced[i]-1]
}

// take marks a mark as gone: written marks are dropped, a braced one's
// token renders as nothing.
func (t *inlineText) take(i, n int, braced bool) {
	if braced {
		t.gone[i] = true
		return
	}
	for k := i; k < i+n; k++ {
		t.gone[k] = true
	}
}

// validStart: no letter, digit or backslash just before i.
func (t *inlineText) validStart(i int) bool {
	if i == 0 || t.b[i-1] == 0 || t.gone[i-1] {
		return true
	}
	r, _ := utf8.DecodeLastRune(t.b[:i])
	return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\\'
}

// validEnd: no letter or digit at i.
func (t *inlineText) validEnd(i int) bool {
	if i >= len(t.b) || t.b[i] == 0 || t.gone[i] {
		return true
	}
	r, _ := utf8.DecodeRune(t.b[i:])
	return !unicode.IsLetter(r) && !unicode.IsDigit(r)
}

// edgeOK reports whether the character at i may be the first or last of
// a phrase's text: not a space, nor one of the mark's characters.
func (t *inlineText) edgeOK(i int, mark string) bool {
	if t.b[i] == 0 {
		return t.bracedMark(i) == ""
	}
	if t.gone[i] {
		return true
	}
	r, _ := utf8.DecodeRune(t.b[i:])
	return !unicode.IsSpace(r) && !strings.ContainsRune(mark, r)
}

// lastStart is where the last character before k starts (not before j).
func lastStart(b []byte, j, k int) int {
	_, size := utf8.DecodeLastRune(b[j:k])
	return k - size
}
