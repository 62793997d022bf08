package dashboards

import (
	"fmt"
	"html"
	"strings"
)

// golang.org/x/net/html is not in this module's requirements, so the tests
// read the page with this small tokenizer. It follows the HTML parsing rules
// that matter here: tags and attributes (quoted and unquoted), comments, and
// the raw-text elements script, style, title and textarea, whose content
// runs to the first matching end tag whatever it contains. The tests also
// check that no script holds "<!--", the one thing that would make a browser
// read a script's end differently.

type tokenKind int

const (
	textToken tokenKind = iota
	startTagToken
	endTagToken
	commentToken
	doctypeToken
	rawTextToken // the content of a raw-text element
)

type attr struct{ Name, Value string }

type token struct {
	Kind  tokenKind
	Name  string // lower-case tag name; for rawTextToken the element's name
	Attrs []attr
	Text  string
}

func (t token) attr(name string) (string, bool) {
	for _, a := range t.Attrs {
		if a.Name == name {
			return a.Value, true
		}
	}
	return "", false
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' }

var rawText = map[string]bool{"script": true, "style": true, "title": true, "textarea": true}

func tokenize(s string) ([]token, error) {
	var out []token
	i := 0
	for i < len(s) {
		if s[i] != '<' {
			j := strings.IndexByte(s[i:], '<')
			if j < 0 {
				j = len(s) - i
			}
			out = append(out, token{Kind: textToken, Text: s[i : i+j]})
			i += j
			continue
		}
		rest := s[i:]
		switch {
		case strings.HasPrefix(rest, "<!--"):
			j := strings.Index(rest[4:], "-->")
			if j < 0 {
				return nil, fmt.Errorf("offset %d: unterminated comment", i)
			}
			out = append(out, token{Kind: commentToken, Text: rest[4 : 4+j]})
			i += 4 + j + 3
		case strings.HasPrefix(rest, "<!") || strings.HasPrefix(rest, "<?"):
			j := strings.IndexByte(rest, '>')
			if j < 0 {
				return nil, fmt.Errorf("offset %d: unterminated declaration", i)
			}
			out = append(out, token{Kind: doctypeToken, Text: rest[:j+1]})
			i += j + 1
		case strings.HasPrefix(rest, "</") && len(rest) > 2 && isLetter(rest[2]):
			j := strings.IndexByte(rest, '>')
			if j < 0 {
				return nil, fmt.Errorf("offset %d: unterminated end tag", i)
			}
			name := rest[2:j]
			if k := strings.IndexFunc(name, func(r rune) bool { return r < 128 && isSpace(byte(r)) || r == '/' }); k >= 0 {
				name = name[:k]
			}
			out = append(out, token{Kind: endTagToken, Name: strings.ToLower(name)})
			i += j + 1
		case len(rest) > 1 && isLetter(rest[1]):
			t, n, err := startTag(rest)
			if err != nil {
				return nil, fmt.Errorf("offset %d: %w", i, err)
			}
			out = append(out, t)
			i += n
			if rawText[t.Name] {
				end := findEndTag(s[i:], t.Name)
				out = append(out, token{Kind: rawTextToken, Name: t.Name, Text: s[i : i+end]})
				i += end
			}
		default:
			out = append(out, token{Kind: textToken, Text: "<"})
			i++
		}
	}
	return out, nil
}

// startTag reads one start tag at the beginning of s.
func startTag(s string) (token, int, error) {
	i := 1
	for i < len(s) && !isSpace(s[i]) && s[i] != '/' && s[i] != '>' {
		i++
	}
	t := token{Kind: startTagToken, Name: strings.ToLower(s[1:i])}
	for {
		for i < len(s) && (isSpace(s[i]) || s[i] == '/') {
			i++
		}
		if i >= len(s) {
			return t, i, fmt.Errorf("unterminated tag <%s", t.Name)
		}
		if s[i] == '>' {
			return t, i + 1, nil
		}
		start := i
		i++ // an attribute name may start with '='
		for i < len(s) && !isSpace(s[i]) && s[i] != '/' && s[i] != '>' && s[i] != '=' {
			i++
		}
		a := attr{Name: strings.ToLower(s[start:i])}
		j := i
		for j < len(s) && isSpace(s[j]) {
			j++
		}
		if j < len(s) && s[j] == '=' {
			j++
			for j < len(s) && isSpace(s[j]) {
				j++
			}
			if j < len(s) && (s[j] == '"' || s[j] == '\'') {
				q := s[j]
				k := strings.IndexByte(s[j+1:], q)
				if k < 0 {
					return t, len(s), fmt.Errorf("unterminated attribute value in <%s", t.Name)
				}
				a.Value = s[j+1 : j+1+k]
				j += k + 2
			} else {
				k := j
				for k < len(s) && !isSpace(s[k]) && s[k] != '>' {
					k++
				}
				a.Value = s[j:k]
				j = k
			}
			i = j
		}
		a.Value = html.UnescapeString(a.Value)
		t.Attrs = append(t.Attrs, a)
	}
}

// findEndTag finds where the raw text of name ends: at "</name" followed
// by a space, '/' or '>', in any case.
func findEndTag(s, name string) int {
	lower := strings.ToLower(s)
	from := 0
	for {
		j := strings.Index(lower[from:], "</"+name)
		if j < 0 {
			return len(s)
		}
		k := from + j + 2 + len(name)
		if k >= len(s) || isSpace(s[k]) || s[k] == '/' || s[k] == '>' {
			return from + j
		}
		from = k
	}
}
