package dashboards

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/models/warehouse"
)

// payloads go into every text field of the XSS fixture.
var payloads = []string{
	`</script><script>alert(1)</script>`,
	`<img src=x onerror=alert(1)>`,
	`"><svg onload=alert(1)>`,
	`javascript:alert(1)`,
	`__f__function(){alert(1)}__f__`,
}

var allPayloads = strings.Join(payloads, " ")

// xssOptions puts payloads into every text option as well.
var xssOptions = Options{Title: allPayloads, Currency: payloads[1], ScoreFormula: allPayloads}

// xssWarehouse fills every mart with rows whose text is hostile.
func xssWarehouse(t *testing.T) *warehouse.Warehouse {
	return newWarehouse(t, nil, func(tx *warehouse.Tx) error {
		p := func(i int) string { return payloads[i%len(payloads)] }
		exec := func(q string, args ...any) error {
			_, err := tx.Exec(q, args...)
			return err
		}
		base := time.Date(2024, 3, 4, 9, 0, 0, 0, time.UTC) // a Monday
		weekOf := func(t time.Time) string {
			return t.AddDate(0, 0, -((int(t.Weekday()) + 6) % 7)).Format("2006-01-02")
		}
		for i := range 20 {
			created := base.Add(time.Duration(i) * 19 * time.Hour)
			var resolved any
			var hours any
			open := i%4 == 3
			if !open {
				resolved = created.Add(time.Duration(i+1) * time.Hour)
				hours = float64(i + 1)
			}
			key := fmt.Sprintf("%s-%d", p(i), i)
			if i%5 == 0 {
				key = allPayloads
			}
			err := exec(`insert into int_tickets values (?,?,?,?,?,?,?,?,?,?,?,cast(? as date),?,?,?,?,?,?,?,?,?,?,?)`,
				p(i+1), key, p(i)+" "+allPayloads, p(i+2), p(i+3), p(i+4), p(i), p(i+1), "javascript:alert(1)",
				created, resolved, weekOf(created), open, p(i%3), i%2 == 0, p(i%4), p(i+1), p(i%2), p(i), 15.0, hours, 0, 0)
			if err != nil {
				return err
			}
		}
		for w, week := range []string{"2024-03-04", "2024-03-11", "2024-03-18"} {
			for i := range len(payloads) + 6 {
				tool := p(i)
				if i >= len(payloads) {
					tool = fmt.Sprintf("%s tool %d", p(i), i)
				}
				if err := exec(`insert into volume_by_tool values (cast(? as date),?,?,?,?,?)`, week, tool, i+w+1, 0.1, 0, nil); err != nil {
					return err
				}
			}
			if err := exec(`insert into time_to_resolve values ('week',?,3,?,?,?)`, week, float64(w+2), float64(w+5), float64(w+3)); err != nil {
				return err
			}
			dirs := []string{"it_work_to_engineering", "engineering_work_to_it", p(w)}
			for i, dir := range dirs {
				if err := exec(`insert into interruptions values (cast(? as date),?,?,?,?,?,?,?,?,?,?,?,?)`,
					week, p(i+w), p(i), dir, 3, 2, 1.0, 0.5, 0.0, 0.75, 1.5, 80.0, 120.0); err != nil {
					return err
				}
			}
		}
		if err := exec(`insert into time_to_resolve values ('overall', ?, 15, 4.0, 9.0, 5.0)`, allPayloads); err != nil {
			return err
		}
		for i := range payloads {
			for _, dim := range []string{"tool", "intent", "team", "priority", p(i)} {
				if err := exec(`insert into time_to_resolve values (?,?,?,?,?,?)`, dim, p(i), i+1, float64(i+1), float64(2*i+3), float64(i+2)); err != nil {
					return err
				}
			}
			for j := range 6 {
				if err := exec(`insert into interruptions_by_person values (?,?,?,?,?)`, p(i+j)+fmt.Sprint(j), p(i), j+1, float64(j), float64(j+1)/21); err != nil {
					return err
				}
			}
			if err := exec(`insert into automation_candidates values (?,?,?,?,?,?,?,?,?,?,?,?)`,
				i+1, p(i), p(i+1), 10-i, 2.5, 12.0, 0.3, 0.1, 0.05, 1.0/float64(i+1), 8.0-float64(i), nil); err != nil {
				return err
			}
			if err := exec(`update automation_candidates set example_keys = [?, ?, ?] where rank = ?`, allPayloads, p(i)+"-5", p(i+1), i+1); err != nil {
				return err
			}
			if err := exec(`insert into ingest_runs values (?,?,?,?,?,?,?,?,?,?,?)`,
				p(i)+fmt.Sprint(i), p(i+1), p(i+2), p(i+3), p(i+4), 100, 10, 8, 1, 1, time.Date(2024, 3, 21, 0, 0, 0, 0, time.UTC)); err != nil {
				return err
			}
			if err := exec(`insert into rejects values (?,?,?,?,?,?)`, p(i), p(i+1), i+1, p(i+2), p(i+3), allPayloads); err != nil {
				return err
			}
			if err := exec(`insert into dim_parameters values (?,?,?)`, p(i)+fmt.Sprint(i), p(i+1), p(i+2)); err != nil {
				return err
			}
		}
		return nil
	})
}

// chartIDs are the fixed ids of every chart the page can hold.
var chartIDs = []string{
	"tools-weekly", "tools-top", "resolve-tool", "resolve-intent",
	"interruptions-weekly", "interruptions-cost", "interruptions-concentration",
	"automation-hours", "quality-runs",
}

// allowedTags are the elements the template writes; anything else in the
// page came from data.
var allowedTags = map[string]bool{
	"html": true, "head": true, "meta": true, "title": true, "style": true, "body": true,
	"header": true, "nav": true, "main": true, "section": true, "article": true, "footer": true,
	"div": true, "p": true, "span": true, "ul": true, "li": true, "a": true, "code": true,
	"h1": true, "h2": true, "h3": true, "figure": true, "figcaption": true, "noscript": true,
	"details": true, "summary": true, "table": true, "thead": true, "tbody": true, "tr": true,
	"th": true, "td": true, "script": true,
}

func cspHash(body string) string {
	sum := sha256.Sum256([]byte(body))
	return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
}

// checkPage asserts that the only scripts in page are the two the package
// writes, that the CSP allows exactly those, and that no tag, attribute or
// URL came from data.
func checkPage(t *testing.T, page string) {
	t.Helper()
	toks, err := tokenize(page)
	require.NoError(t, err)

	var executable []string
	jsonScripts := map[string]string{}
	csp := ""
	for i, tok := range toks {
		if tok.Kind != startTagToken {
			continue
		}
		assert.True(t, allowedTags[tok.Name], "unexpected element <%s>", tok.Name)
		for _, a := range tok.Attrs {
			assert.False(t, strings.HasPrefix(a.Name, "on"), "event handler attribute %s on <%s>", a.Name, tok.Name)
			assert.NotContains(t, []string{"src", "srcset", "action", "formaction", "xlink:href", "style"}, a.Name, "attribute %s on <%s>", a.Name, tok.Name)
			v := strings.ToLower(strings.Map(func(r rune) rune {
				if r <= ' ' {
					return -1
				}
				return r
			}, a.Value))
			assert.NotContains(t, v, "javascript:", "javascript: URL in %s on <%s>", a.Name, tok.Name)
		}
		if href, ok := tok.attr("href"); ok {
			assert.True(t, strings.HasPrefix(href, "#"), "link out of the page: %q", href)
		}
		if tok.Name == "meta" {
			if v, _ := tok.attr("http-equiv"); strings.EqualFold(v, "content-security-policy") {
				csp, _ = tok.attr("content")
			}
		}
		if tok.Name != "script" {
			continue
		}
		require.Less(t, i+1, len(toks))
		body := toks[i+1]
		require.Equal(t, rawTextToken, body.Kind)
		assert.NotContains(t, body.Text, "<!--", "a script holds <!--")
		typ, hasType := tok.attr("type")
		switch {
		case !hasType:
			executable = append(executable, body.Text)
		case typ == "application/json":
			id, _ := tok.attr("id")
			assert.NotContains(t, body.Text, "<", "raw < in JSON %s", id)
			var v any
			assert.NoError(t, json.Unmarshal([]byte(body.Text), &v), "JSON of %s", id)
			jsonScripts[id] = body.Text
		default:
			t.Errorf("script of type %q", typ)
		}
	}

	// Exactly the library and the boot script run, in that order, and the
	// policy names them and nothing else.
	require.Equal(t, []string{echartsJS, bootJS}, executable)
	hashes := regexp.MustCompile(`'sha256-[A-Za-z0-9+/=]+'`).FindAllString(csp, -1)
	assert.ElementsMatch(t, []string{cspHash(echartsJS), cspHash(bootJS)}, hashes)
	for _, directive := range []string{"default-src 'none'", "style-src 'unsafe-inline'", "img-src data:", "base-uri 'none'"} {
		assert.Contains(t, csp, directive)
	}
	assert.NotContains(t, csp, "unsafe-eval")
	assert.NotContains(t, csp, "connect-src")
	assert.NotContains(t, bootJS, "alert(")
	for _, forbidden := range []string{"eval(", "Function(", "innerHTML", "outerHTML", "insertAdjacentHTML", "document.write"} {
		assert.NotContains(t, bootJS, forbidden)
	}
	for id := range jsonScripts {
		assert.Contains(t, chartIDs, strings.TrimPrefix(id, "opt-"), "unknown JSON block %s", id)
	}

	// No URL leaves the page, except the namespace and licence strings inside
	// the ECharts bundle.
	rest := strings.Replace(page, echartsJS, "", 1)
	assert.NotRegexp(t, `(?i)https?:`, rest)
	assert.NotRegexp(t, `(?i)<link[\s>]`, rest)
}

// echartsURLs are the URLs the ECharts bundle contains: XML namespaces it
// uses to build SVG, and licence references in comments. None is fetched.
var echartsURLs = map[string]bool{
	"http://www.w3.org/2000/svg":                            true,
	"http://www.w3.org/1999/xlink":                          true,
	"http://www.w3.org/2000/xmlns/":                         true,
	"http://www.w3.org/XML/1998/namespace":                  true,
	"http://www.apache.org/licenses/LICENSE-2.0":            true,
	"https://github.com/ecomfe/zrender/blob/master/LICENSE": true,
}

func TestEChartsBundleURLs(t *testing.T) {
	found := regexp.MustCompile(`https?://[^\s"'<>()\\]*`).FindAllString(echartsJS, -1)
	require.NotEmpty(t, found)
	for _, u := range found {
		assert.True(t, echartsURLs[u], "ECharts bundle holds an unlisted URL %q", u)
	}
	for _, forbidden := range []string{"</script", "<!--"} {
		assert.NotContains(t, strings.ToLower(echartsJS), forbidden)
	}
}

func TestBasicPageIsSelfContained(t *testing.T) {
	checkPage(t, string(render(t, basicWarehouse(t), Options{})))
}

func TestHostileTextCannotRun(t *testing.T) {
	page := string(render(t, xssWarehouse(t), xssOptions))
	checkPage(t, page)

	// Every chart is present: the fixture fills them all.
	for _, id := range chartIDs {
		assert.Contains(t, page, `id="chart-`+id+`"`)
		assert.Contains(t, page, `id="opt-`+id+`"`)
	}
	// The payloads are shown, as text: escaped in HTML, \u-escaped in JSON.
	assert.Contains(t, page, "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;")
	assert.Contains(t, page, "&lt;img src=x onerror=alert(1)&gt;")
	assert.Contains(t, page, "&#34;&gt;&lt;svg onload=alert(1)&gt;")
	assert.Contains(t, page, `\u003c/script\u003e\u003cscript\u003ealert(1)\u003c/script\u003e`)
	assert.Contains(t, page, `"__f__function(){alert(1)}__f__"`) // a JSON string, never code
	// Ticket URLs are never written.
	toks, err := tokenize(page)
	require.NoError(t, err)
	for _, tok := range toks {
		if tok.Kind == textToken {
			assert.NotContains(t, tok.Text, "<", "raw < in text")
		}
	}
}
