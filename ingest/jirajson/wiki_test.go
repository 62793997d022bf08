package jirajson_test

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/ingest/jirajson"
)

// TestWikiText: each want is worked out by hand from Jira's notation and
// the plain text the ADF reader gives the same document (blocks apart by
// a blank line, "- " and "1. " items, cells joined by " | ", "> " quotes,
// @mentions, links as their text, marks and images dropped). A mark
// counts only where Jira's renderer takes it as one: no letter or digit
// before the opening mark or after the closing one, on one line, with no
// space just inside.
func TestWikiText(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		// The audit's issue OPS-1.
		{"audit repro", "h2. Steps\n* run *deploy* job\n* see {{error 42}}\n\n[docs|https://wiki.example.com/x]",
			"Steps\n\n- run deploy job\n- see error 42\n\ndocs"},
		{"empty", "", ""},
		{"plain text stays", "The VPN drops every hour.", "The VPN drops every hour."},
		{"lines of a paragraph keep their breaks", "line one\nline two\n\n\n\npara two", "line one\nline two\n\npara two"},
		{"carriage returns", "a\r\n\r\nb\rc", "a\n\nb\nc"},

		// Blocks.
		{"headings", "h1. One\nh6. Six\ntext", "One\n\nSix\n\ntext"},
		{"h7 is text", "h7. Seven", "h7. Seven"},
		{"nested bullets", "* a\n** b\n** c\n* d", "- a\n  - b\n  - c\n- d"},
		{"numbered, nested ones indented by their marker", "# one\n# two\n## two.a\n# three", "1. one\n2. two\n   1. two.a\n3. three"},
		{"numbered in a bullet", "* a\n*# x\n*# y", "- a\n  1. x\n  2. y"},
		{"other kind at the first level is a new list", "* a\n# b", "- a\n\n1. b"},
		{"dash bullets", "- a\n- b", "- a\n- b"},
		{"a text line ends a list", "* a\ntext", "- a\n\ntext"},
		{"a list ends a paragraph", "Steps:\n# open\n# close", "Steps:\n\n1. open\n2. close"},
		// The level between holds an empty item, as it would in ADF.
		{"two levels deeper at once", "* a\n*** c", "- a\n  - - c"},
		{"deeper than 32 stays text", strings.Repeat("*", 33) + " x", strings.Repeat("*", 33) + " x"},
		{"table", "||Name||Role||\n|Ann|[admin|https://x.example.com/admin]|\n|Bo|{{ops|dev}}|", "Name | Role\nAnn | admin\nBo | ops|dev"},
		{"empty cell", "|a| |c|", "a |  | c"},
		{"horizontal rule", "a\n----\nb", "a\n\nb"},
		{"bq", "bq. quoted *text*", "> quoted text"},
		{"quote", "{quote}\nfirst\n\nsecond\n{quote}", "> first\n\n> second"},
		{"code keeps its text as written", "{code:java}\n*bold* [l|http://x.example.com]\n  indented\n{code}", "*bold* [l|http://x.example.com]\n  indented"},
		{"code title", "{code:title=Foo.java|borderStyle=solid}x{code}", "Foo.java\n\nx"},
		{"noformat in a line", "error {noformat}*NPE*{noformat} seen", "error\n\n*NPE*\n\nseen"},
		{"unclosed code is text", "use the {code} macro", "use the {code} macro"},
		{"panel with a title", "{panel:title=Workaround|borderStyle=dashed}\nRestart the *agent*.\n{panel}", "Workaround\n\nRestart the agent."},
		{"code in a panel", "{panel}\nrun:\n{code}a_b_c *x*{code}\n{panel}", "run:\n\na_b_c *x*"},

		// Marks.
		{"every mark", "*bold* _italic_ -strike- +under+ ^sup^ ~sub~ ??cite?? {{mono}}", "bold italic strike under sup sub cite mono"},
		{"marks inside marks", "*_both_*", "both"},
		{"mark at the end of a sentence", "It is *done*.", "It is done."},
		{"color", "{color:red}alert{color} raised", "alert raised"},
		{"braced marks work inside a word", "foo{*}bar{*}baz", "foobarbaz"},
		{"an unpaired braced mark stays", "a {*} b", "a {*} b"},

		// Text that only looks like marks.
		{"identifiers", "file_name_v2 snake_case_name 2*3*4 a*b*c x^2^y", "file_name_v2 snake_case_name 2*3*4 a*b*c x^2^y"},
		{"email and address", "mail first_last@example.com or https://x.example.com/a_b_c/d-e-f?q=1_2_",
			"mail first_last@example.com or https://x.example.com/a_b_c/d-e-f?q=1_2_"},
		// The address ends before the closing mark, as in Jira.
		{"address in italics", "_see https://x.example.com/a_b_", "see https://x.example.com/a_b"},
		{"arithmetic", "C++ and 1+1=2 and -1 to 5", "C++ and 1+1=2 and -1 to 5"},
		{"spaces inside are not marks", "x * y * z and a _ b _ c", "x * y * z and a _ b _ c"},
		{"a letter after the closing mark", "*a*b", "*a*b"},
		{"marks do not cross lines", "*a\nb*", "*a\nb*"},
		{"dashes", "well-known -- and re-run --- ok", "well-known -- and re-run --- ok"},
		{"paths", `/var/log/app-1/x-2 and ~/.bashrc or ~/x`, `/var/log/app-1/x-2 and ~/.bashrc or ~/x`},
		{"questions", "Really?? Why?? ok", "Really?? Why?? ok"},
		// Jira's renderer takes these as marks too: the inner pair.
		{"doubled marks", "**really** and __init__", "*really* and _init_"},

		// Escapes and breaks.
		{"escaped marks", `\*not bold\* and \[not a link\]`, "*not bold* and [not a link]"},
		{"a backslash before a letter stays", `C:\Users\x`, `C:\Users\x`},
		{"line break", `one\\two`, "one\ntwo"},

		// Links, mentions, images.
		{"links", "[docs|https://wiki.example.com/x] and [https://example.com] and [mail|mailto:a@b.example] and [mailto:a@b.example]",
			"docs and https://example.com and mail and a@b.example"},
		{"brackets that are not links stay", "[WARN] disk [a|b] full", "[WARN] disk [a|b] full"},
		{"mentions", "ping [~jsmith] and [~accountid:5b10ac8d82e05b22cc7d4ef5]", "ping @jsmith and @5b10ac8d82e05b22cc7d4ef5"},
		{"attachment link", "see [^trace.log]", "see trace.log"},
		{"images", "before !screenshot.png! after !image-2024.png|thumbnail!", "before  after"},
		{"an image alone leaves no block", "a\n\n!x.png!\n\nb", "a\n\nb"},
		{"exclamation marks stay", "Deploy failed!! Fix it!important! Wow!v1.2!", "Deploy failed!! Fix it!important! Wow!v1.2!"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, jirajson.WikiText(tc.in))
		})
	}
}

// TestWikiMatchesADF: the same document written in wiki markup (v2) and
// in ADF (v3) reads as the same text, each through its own reader.
func TestWikiMatchesADF(t *testing.T) {
	wiki := "h2. Steps\n* run *deploy* job\n** then [~ann]\n* see {{error 42}}\n\n[docs|https://wiki.example.com/x]\n\n||Host||State||\n|db1|up|\n\nbq. _quoted_"
	adf := `{"type":"doc","version":1,"content":[
		{"type":"heading","attrs":{"level":2},"content":[{"type":"text","text":"Steps"}]},
		{"type":"bulletList","content":[
			{"type":"listItem","content":[
				{"type":"paragraph","content":[{"type":"text","text":"run "},{"type":"text","text":"deploy","marks":[{"type":"strong"}]},{"type":"text","text":" job"}]},
				{"type":"bulletList","content":[{"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"then "},{"type":"mention","attrs":{"id":"1","text":"@ann"}}]}]}]}]},
			{"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"see "},{"type":"text","text":"error 42","marks":[{"type":"code"}]}]}]}]},
		{"type":"paragraph","content":[{"type":"text","text":"docs","marks":[{"type":"link","attrs":{"href":"https://wiki.example.com/x"}}]}]},
		{"type":"table","content":[
			{"type":"tableRow","content":[{"type":"tableHeader","content":[{"type":"paragraph","content":[{"type":"text","text":"Host"}]}]},{"type":"tableHeader","content":[{"type":"paragraph","content":[{"type":"text","text":"State"}]}]}]},
			{"type":"tableRow","content":[{"type":"tableCell","content":[{"type":"paragraph","content":[{"type":"text","text":"db1"}]}]},{"type":"tableCell","content":[{"type":"paragraph","content":[{"type":"text","text":"up"}]}]}]}]},
		{"type":"blockquote","content":[{"type":"paragraph","content":[{"type":"text","text":"quoted","marks":[{"type":"em"}]}]}]}]}`
	var doc any
	require.NoError(t, json.Unmarshal([]byte(adf), &doc))
	want := "Steps\n\n- run deploy job\n  - then @ann\n- see error 42\n\ndocs\n\nHost | State\ndb1 | up\n\n> quoted"
	assert.Equal(t, want, jirajson.DocText(doc))
	assert.Equal(t, want, jirajson.WikiText(wiki))
}

// FuzzWikiText: no input panics, valid UTF-8 stays valid, and text with
// no markup characters comes back as it went in.
func FuzzWikiText(f *testing.F) {
	for _, s := range []string{
		"h2. Steps\n* run *deploy* job\n* see {{error 42}}\n\n[docs|https://wiki.example.com/x]",
		"||a||b||\n|[x|http://y]|{{z|w}}|", "{quote}{panel:title=t}{code}x{code}{panel}{quote}",
		"foo{*}bar{*} \\\\ \\* [~u] !a.png|thumbnail! {color:red}r{color}", "# a\n## b\n*# c\n*** d\n- e",
		"file_name_v2 2*3*4 _a_b_ -1- ^x^ ~y~ ??z?? +w+", "{code:java}\nunclosed", "[[[[]]]]!!!!{{{{}}}}",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := jirajson.WikiText(in)
		if utf8.ValidString(in) && !utf8.ValidString(out) {
			t.Fatalf("invalid UTF-8 from %q: %q", in, out)
		}
		if plain(in) && out != strings.TrimSpace(in) {
			t.Fatalf("plain text %q came back as %q", in, out)
		}
	})
}

// plain reports whether s has nothing wiki markup reads: no markup
// character, no blank line, no line starting a heading or bq., and no
// space around its lines.
func plain(s string) bool {
	if strings.ContainsAny(s, "*_-+^~?{}[]!|#\\\r\x00") {
		return false
	}
	for _, l := range strings.Split(s, "\n") {
		t := strings.TrimSpace(l)
		if t == "" || t != l || len(t) >= 3 && (t[0] == 'h' && t[2] == '.' || strings.HasPrefix(t, "bq.")) {
			return false
		}
	}
	return true
}
