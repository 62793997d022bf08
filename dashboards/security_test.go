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

// xssWarehouse fills every mart the page reads with rows whose every text
// field is hostile: titles, keys, teams, tools, intents, directions,
// persons, file names, test names, parameters, and URLs (javascript:,
// http(s) with a payload in the path, and plain payloads). There are more
// teams and tools than the page names, so "other" is exercised too.
func xssWarehouse(t *testing.T) *warehouse.Warehouse {
	return newWarehouse(t, nil, func(tx *warehouse.Tx) error {
		p := func(i int) string { return payloads[i%len(payloads)] }
		exec := func(q string, args ...any) error {
			_, err := tx.Exec(q, args...)
			return err
		}
		team := func(i int) string { return fmt.Sprintf("%s team %d", p(i), i%(maxTeams+3)) }
		tool := func(i int) string { return fmt.Sprintf("%s tool %d", p(i+1), i%(maxTools+3)) }
		base := time.Date(2024, 3, 4, 9, 0, 0, 0, time.UTC) // a Monday
		weekOf := func(t time.Time) string {
			return t.AddDate(0, 0, -((int(t.Weekday()) + 6) % 7)).Format("2006-01-02")
		}
		urls := []string{"javascript:alert(1)", "https://tickets.example/browse/" + payloads[0], p(2), "JaVaScRiPt:alert(1)", "https://tickets.example/?q=" + payloads[2], ""}
		for i := range 60 {
			created := base.Add(time.Duration(i) * 5 * time.Hour)
			var resolved, hours, rweek, responded, fr any
			open := i%4 == 3
			status := "resolved"
			if open {
				status = "open"
			} else {
				r := created.Add(time.Duration(i+1) * time.Hour)
				resolved, hours, rweek = r, float64(i+1), weekOf(r)
			}
			if i%3 != 0 {
				responded, fr = created.Add(30*time.Minute), 0.5
			}
			key := fmt.Sprintf("%s-%d", p(i), i)
			if i%5 == 0 {
				key = allPayloads
			}
			err := exec(`insert into int_tickets (source, source_key, title, status, priority, requester, assignee,
				assignment_group, url, created_at, resolved_at, week_start, resolved_week_start, is_open, tool,
				is_tool_sanctioned, intent, intent_class, team, team_class, handle_minutes, resolve_hours,
				responded_at, first_response_hours, reopen_count, reassignment_count)
				values (?,?,?,?,?,?,?,?,?,?,?,cast(? as date),cast(? as date),?,?,?,?,?,?,?,?,?,?,?,0,0)`,
				p(i+1), key, p(i)+" "+allPayloads, status, p(i+2), p(i+3), p(i+4), p(i), urls[i%len(urls)],
				created, resolved, weekOf(created), rweek, open, tool(i), i%2 == 0, p(i%4), p(i+1), team(i), p(i+2), 15.0, hours, responded, fr)
			if err != nil {
				return err
			}
			if err := exec(`insert into int_ticket_sla values (?,?,?,cast(? as date),?)`, p(i+1), key, p(i), weekOf(created), []string{"met", "breached", "pending", p(i)}[i%4]); err != nil {
				return err
			}
		}
		if err := exec(`insert into int_data_span values ('2024-03-04 09:00', '2024-03-16 12:00', '2024-03-04', '2024-03-16')`); err != nil {
			return err
		}
		for i := range payloads {
			if err := exec(`insert into dim_intents values (?,?,15,?)`, p(i), p(i+1), i%2 == 0); err != nil && i < 4 {
				return err
			}
		}
		for w, week := range []string{"2024-03-04", "2024-03-11"} {
			if err := exec(`insert into backlog_weekly values (cast(? as date),30,20,?,10)`, week, 10+w); err != nil {
				return err
			}
			if err := exec(`insert into backlog_daily values (cast(? as date) + 6,?,1,2,3,4,?)`, week, 10+w, w); err != nil {
				return err
			}
			// Age buckets whose labels are payloads: the labels come from
			// the warehouse and must show as text.
			for b := range 3 {
				if err := exec(`insert into backlog_age_daily values (cast(? as date) + 6,?,?,?,?,?)`, week, b+1, p(b), float64(b), float64(b+1), 3+w+b); err != nil {
					return err
				}
			}
			if err := exec(`insert into weekly_summary values (cast(? as date),30,20,?,?,5.0,500.0,2.0)`, week, 10+w, float64(w+3)); err != nil {
				return err
			}
			if err := exec(`insert into time_to_resolve values ('week',?,3,?,?,?,1,2,3)`, week, float64(w+2), float64(w+5), float64(w+3)); err != nil {
				return err
			}
			if err := exec(`insert into first_response values ('week',?,3,2,0.6,0.5,0.5,0.5,0.5)`, week); err != nil {
				return err
			}
			dirs := []string{"it_work_to_engineering", "engineering_work_to_it", p(w), p(w + 2)}
			for i, dir := range dirs {
				for j := range maxTeams + 3 {
					if err := exec(`insert into interruptions values (cast(? as date),?,?,?,3,2,1.0,0.5,0.0,0.75,1.5,80.0,120.0,1,0.33,2,0.5,0.25)`,
						week, team(j), p(i+j), dir); err != nil {
						return err
					}
				}
			}
			for j := range maxTeams + 3 {
				if err := exec(`insert into focus_fragmentation values (cast(? as date),?,5,20,15,0.75)`, week, team(j)); err != nil {
					return err
				}
				if err := exec(`insert into untracked_requests values (cast(? as date),?,1,1,12.0,0.17,0.25,0.0,0.38,0.42,100.0,42.0,1.5,0.2)`, week, team(j)); err != nil {
					return err
				}
			}
		}
		if err := exec(`insert into time_to_resolve values ('overall', ?, 15, 4.0, 9.0, 5.0, 1, 2, 3)`, allPayloads); err != nil {
			return err
		}
		for i := range payloads {
			for _, dim := range []string{"tool", "intent", "team", "priority", p(i)} {
				if err := exec(`insert into time_to_resolve values (?,?,?,?,?,?,1,2,3)`, dim, p(i), i+1, float64(i+1), float64(2*i+3), float64(i+2)); err != nil {
					return err
				}
			}
			if err := exec(`insert into sla values (null,?,4,2,1,1,0.33,1,3)`, p(i)); err != nil {
				return err
			}
			for j := range 6 {
				if err := exec(`insert into interruptions_by_person values (?,?,?,?,?,6)`, p(i+j)+fmt.Sprint(j), team(i), j+1, float64(j), float64(j+1)/21); err != nil {
					return err
				}
			}
			kind := []string{"intent", "cluster", p(i)}[i%3]
			// Example keys: one shared by several tickets (never linked), one
			// with an https URL and one with a javascript: URL.
			key := func(j int) string { return fmt.Sprintf("%s-%d", p(j), j) }
			if err := exec(`insert into automation_candidates values (?,?,?,?,?,?,?,2.5,12.0,0.3,0.1,0.05,?,?,?,40,?,[?, ?, ?],[?, ?, ?])`,
				i+1, kind, p(i+2), p(i), p(i+1), p(i+3), 10-i, 1.0/float64(i+1), 2.0-float64(i)/4, 8.0-float64(i), 40/(2.0-float64(i)/4),
				allPayloads, key(1), key(3), p(i)+" "+allPayloads, p(i+3), p(i+4)); err != nil {
				return err
			}
			if err := exec(`insert into fix_ranking values (?,?,?,?,4,1.5,6,2.0,2.0,?,91.5)`, i+1, tool(i), p(i+1), p(i+2), 1.0-float64(i)/10); err != nil {
				return err
			}
			if err := exec(`insert into shadow_it values (?,?,3,2,'2024-03-05 10:00','2024-03-12 10:00',2,1.5,[?, ?],[?, ?, ?])`, p(i)+" shadow", p(i+1), p(i+2), p(i+3), allPayloads, key(4), key(2)); err != nil {
				return err
			}
			if err := exec(`insert into classification_coverage values (?,10,8,2,1,1,0.8,0.1,0.9)`, p(i)); err != nil {
				return err
			}
			if err := exec(`insert into data_quality values ('rows',?,?,?,12,'2024-03-16 12:00'), ('days_since_latest',?,?,?,1.5,'2024-03-16 12:00')`, p(i), p(i+1), p(i+2), p(i), p(i+1), p(i+3)); err != nil {
				return err
			}
			if err := exec(`insert into build_test_results values (?,?,?,[?, ?])`, p(i), p(i+1), i, p(i+2), allPayloads); err != nil {
				return err
			}
			if err := exec(`insert into ingest_runs (run_id, source, format, file, sha256, bytes, rows_in, loaded, rejected, merged, loaded_at) values (?,?,?,?,?,100,10,8,1,1,?)`,
				p(i)+fmt.Sprint(i), p(i+1), p(i+2), p(i+3), p(i+4), time.Date(2024, 3, 21, 0, 0, 0, 0, time.UTC)); err != nil {
				return err
			}
			if err := exec(`insert into rejects values (?,?,?,?,?,?)`, p(i), p(i+1), i+1, p(i+2), p(i+3), allPayloads); err != nil {
				return err
			}
			if err := exec(`insert into dim_parameters values (?,?,?)`, p(i)+fmt.Sprint(i), p(i+1), p(i+2)); err != nil {
				return err
			}
			if err := exec(`insert into dim_teams values (?,?,80)`, team(i), p(i+1)); err != nil {
				return err
			}
		}
		return nil
	})
}

// chartIDs are the fixed ids of every chart the page can hold.
var chartIDs = []string{
	"tools-weekly", "tools-top", "tools-blockers",
	"resolve-dist", "resolve-weekly", "resolve-tool", "resolve-intent", "sla-weekly", "sla-priority", "response-weekly",
	"int-flow", "int-weekly", "int-teams", "int-heat", "int-concentration", "int-focus", "int-untracked",
	"auto-hours",
	"backlog-weekly", "backlog-age-weekly", "backlog-age-team",
	"shadow-tools",
	"quality-runs", "quality-coverage",
}

// allowedTags are the elements the template writes; anything else in the
// page came from data.
var allowedTags = map[string]bool{
	"html": true, "head": true, "meta": true, "title": true, "style": true, "body": true,
	"header": true, "nav": true, "main": true, "section": true, "article": true, "footer": true,
	"div": true, "p": true, "span": true, "ul": true, "li": true, "a": true, "code": true,
	"h1": true, "h2": true, "h3": true, "figure": true, "figcaption": true, "noscript": true,
	"details": true, "summary": true, "table": true, "thead": true, "tbody": true, "tr": true,
	"th": true, "td": true, "script": true, "svg": true, "polyline": true,
	"label": true, "select": true, "option": true, "button": true,
}

func cspHash(body string) string {
	sum := sha256.Sum256([]byte(body))
	return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
}

// checkPage asserts that the only scripts in page are the two the package
// writes, that the CSP allows exactly those, and that no tag, attribute or
// URL came from data. It returns the links to source tickets.
func checkPage(t *testing.T, page string) []string {
	t.Helper()
	toks, err := tokenize(page)
	require.NoError(t, err)

	var executable, links []string
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
			assert.False(t, strings.HasPrefix(v, "javascript:"), "javascript: URL in %s on <%s>", a.Name, tok.Name)
		}
		if href, ok := tok.attr("href"); ok && !strings.HasPrefix(href, "#") {
			// The only links out of the page are source tickets: http(s),
			// no referrer, no opener, in a new tab.
			class, _ := tok.attr("class")
			rel, _ := tok.attr("rel")
			lower := strings.ToLower(href)
			assert.True(t, tok.Name == "a" && class == "key", "link out of the page: %q", href)
			assert.True(t, strings.HasPrefix(lower, "https://") || strings.HasPrefix(lower, "http://"), "link that is not http(s): %q", href)
			assert.Equal(t, "noopener noreferrer", rel, "link %q", href)
			links = append(links, href)
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
	for _, forbidden := range []string{"eval(", "Function(", "innerHTML", "outerHTML", "insertAdjacentHTML", "document.write",
		"fetch(", "XMLHttpRequest", "WebSocket", "EventSource", "sendBeacon", "import(", "setTimeout(", "setInterval(", ".src", "location"} {
		assert.NotContains(t, bootJS, forbidden)
	}
	for id := range jsonScripts {
		if id != "lanes-data" {
			assert.Contains(t, chartIDs, strings.TrimPrefix(id, "opt-"), "unknown JSON block %s", id)
		}
	}

	// No URL leaves the page, except the source-ticket links checked above
	// and the namespace and licence strings inside the ECharts bundle.
	rest := strings.Replace(page, echartsJS, "", 1)
	rest = regexp.MustCompile(`<a class="key" href="[^"]*"`).ReplaceAllString(rest, "")
	assert.NotRegexp(t, `(?i)https?:`, rest)
	assert.NotRegexp(t, `(?i)<link[\s>]`, rest)
	return links
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
	links := checkPage(t, page)

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
	// Teams and tools beyond the named ones are grouped.
	assert.Contains(t, page, otherTeams)
	assert.Contains(t, page, otherTools)
	// Only http(s) source links are made, with the payload escaped in them;
	// javascript: URLs (in any case) and plain text never become links.
	require.NotEmpty(t, links)
	for _, l := range links {
		assert.True(t, strings.HasPrefix(l, "https://tickets.example/"), "link %q", l)
	}
	assert.True(t, strings.Contains(page, `href="https://tickets.example/browse/%3C/script%3E%3Cscript%3Ealert%281%29%3C/script%3E"`), "the https link is not written, percent-encoded")
	toks, err := tokenize(page)
	require.NoError(t, err)
	for _, tok := range toks {
		if tok.Kind == textToken {
			assert.NotContains(t, tok.Text, "<", "raw < in text")
		}
	}
}

// TestSafeURL checks which ticket URLs become links.
func TestSafeURL(t *testing.T) {
	assert.Equal(t, "https://jira.example.com/x%22onmouseover=%22alert%281%29", safeURL(`https://jira.example.com/x"onmouseover="alert(1)`))
	for u, want := range map[string]bool{
		"https://jira.example.com/browse/IT-1":               true,
		"http://jira.example.com/browse/IT-1":                true,
		"HTTPS://JIRA.example.com/browse/IT-5":               true,
		"javascript:alert(1)":                                false,
		"JaVaScRiPt:alert(1)":                                false,
		" javascript:alert(1)":                               false,
		"data:text/html,<script>alert(1)</script>":           false,
		"//evil.example/x":                                   false,
		"https:///no-host":                                   false,
		"https://user:pw@jira.example.com/x":                 false,
		"https://jira.example.com/x\"onmouseover=\"alert(1)": true, // re-encoded
		"https://jira.example.com/<script>":                  true, // re-encoded
		"https://jira.example.com/\x00":                      false,
		"ftp://files.example.com/x":                          false,
		"":                                                   false,
	} {
		assert.Equal(t, want, safeURL(u) != "", "%q", u)
	}
}

// TestBasicLinks checks the source links of the basic fixture: IT-1's link
// and IT-5's upper-case one are written, IT-3's javascript: URL is not.
func TestBasicLinks(t *testing.T) {
	page := string(render(t, basicWarehouse(t), Options{}))
	links := checkPage(t, page)
	assert.ElementsMatch(t, []string{"https://jira.example.com/browse/IT-1", "https://JIRA.example.com/browse/IT-5"}, links)
	assert.NotContains(t, page, "javascript:")
}
