package reports

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestMdEscape(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"plain text 123", "plain text 123"},
		{"a|b", `a\|b`},
		{`back\slash`, `back\\slash`},
		{`\|`, `\\\|`}, // an escaped pipe in the data stays two characters, not a cell break
		{"<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"},
		{"&lt;", "&amp;lt;"},
		{"`code`", "\\`code\\`"},
		{"*bold* _it_", `\*bold\* \_it\_`},
		{"[x](javascript:alert(1))", `\[x\](javascript:alert(1))`},
		{"![img](http://x/y.png)", `!\[img\](http://x/y.png)`},
		{"~~strike~~", `\~\~strike\~\~`},
		{"line1\nline2\r\nline3\rline4", "line1 line2 line3 line4"},
		{"tab\there\x00nul\x1b[31mred", `tab here nul \[31mred`},
		{"abc\u202Eevil", "abcevil"},
		{"para\u2028sep", "para sep"},
		{"=1+2 -3 @SUM(A1) +x", "=1+2 -3 @SUM(A1) +x"}, // spreadsheet characters mean nothing in Markdown
		{"bad \xff utf8", "bad \uFFFD utf8"},
		{"# heading", "# heading"},
	} {
		t.Run(tc.in, func(t *testing.T) {
			assert.Equal(t, tc.want, mdEscape(tc.in))
		})
	}
}

// TestMdEscapeHostile feeds every special character and checks the result
// contains no raw HTML, no unescaped pipe and no line break.
func TestMdEscapeHostile(t *testing.T) {
	hostile := "<img src=x onerror=alert(1)>|`\\*_[]&\n\r\t\u202e=cmd|' /C calc'!A0"
	got := mdEscape(hostile)
	assert.NotContains(t, got, "<")
	assert.NotContains(t, got, ">")
	assert.NotContains(t, got, "\n")
	assert.NotContains(t, got, "\r")
	assert.NotContains(t, got, "\u202e")
	// Every pipe, backtick, star, underscore and bracket is preceded by an
	// odd number of backslashes.
	for i := 0; i < len(got); i++ {
		if !strings.ContainsRune("|`*_[]", rune(got[i])) {
			continue
		}
		n := 0
		for j := i - 1; j >= 0 && got[j] == '\\'; j-- {
			n++
		}
		assert.Equal(t, 1, n%2, "character %q at %d in %q", got[i], i, got)
	}
	// Every & starts one of the entities we wrote.
	for i := 0; i < len(got); i++ {
		if got[i] == '&' {
			rest := got[i:]
			assert.True(t, strings.HasPrefix(rest, "&lt;") || strings.HasPrefix(rest, "&gt;") || strings.HasPrefix(rest, "&amp;"), rest)
		}
	}
}

func TestMdText(t *testing.T) {
	assert.Equal(t, "—", mdText("  ", 10))
	assert.Equal(t, "abcd…", mdText("abcdefgh", 5))
	assert.Equal(t, `a\_b…`, mdText("a_bcdef", 4)) // shortened before escaping
}
