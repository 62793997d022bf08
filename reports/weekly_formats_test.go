package reports

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"html"
	"image/png"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/sebdah/goldie/v2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/dashboards"
	"github.com/lanes-dev/lanes/models/config"
)

func TestWeeklyGoldenFormats(t *testing.T) {
	wh := openFixture(t, "weekly/marts.sql")
	for _, format := range []string{"html", "json"} {
		t.Run(format, func(t *testing.T) {
			out, err := weeklyAs(t, wh, "", format)
			require.NoError(t, err)
			g := goldie.New(t, goldie.WithFixtureDir("testdata/weekly"), goldie.WithNameSuffix(".golden."+format))
			g.Assert(t, "report", []byte(out))
		})
	}
}

// TestWeeklyDeterministic renders every format twice, and once with the
// week named, and expects the same bytes.
func TestWeeklyDeterministic(t *testing.T) {
	wh := openFixture(t, "weekly/marts.sql")
	for _, format := range ReportFormats() {
		t.Run(format, func(t *testing.T) {
			a, err := weeklyAs(t, wh, "", format)
			require.NoError(t, err)
			b, err := weeklyAs(t, wh, "", format)
			require.NoError(t, err)
			c, err := weeklyAs(t, wh, "2026-W10", format)
			require.NoError(t, err)
			assert.Equal(t, a, b)
			assert.Equal(t, a, c)
		})
	}
}

func TestWeeklyUnknownFormat(t *testing.T) {
	wh := openFixture(t, "weekly/marts.sql")
	out, err := weeklyAs(t, wh, "", "docx")
	require.Error(t, err)
	assert.Equal(t, `unknown format "docx": want one of md, html, json`, err.Error())
	assert.Empty(t, out)
}

// TestWeeklyJSON reads the JSON back and checks the figures worked out by
// hand in TestWeeklyFigures, in their unformatted form.
func TestWeeklyJSON(t *testing.T) {
	wh := openFixture(t, "weekly/marts.sql")
	out, err := weeklyAs(t, wh, "", "json")
	require.NoError(t, err)

	var r WeeklyReport
	dec := json.NewDecoder(strings.NewReader(out))
	dec.DisallowUnknownFields()
	require.NoError(t, dec.Decode(&r))

	assert.Equal(t, "weekly", r.Report)
	assert.Equal(t, 1, r.SchemaVersion)
	assert.Equal(t, WeekSpan{Label: "2026-W10", Start: "2026-03-02", End: "2026-03-08"}, r.Week)
	assert.Equal(t, WeekSpan{Label: "2026-W09", Start: "2026-02-23", End: "2026-03-01"}, r.Previous)
	assert.Equal(t, DataSpan{Tickets: 20, FirstDay: "2026-02-16", LastDay: "2026-03-10"}, r.Data)

	// 9 created against 6: +3, +50%.
	h := r.Headline.TicketsCreated
	assert.Equal(t, 9.0, *h.Current)
	assert.Equal(t, 6.0, *h.Previous)
	assert.Equal(t, 3.0, *h.Change)
	assert.Equal(t, 0.5, *h.RelativeChange)
	// Median 5.5 against 27: -21.5, -21.5/27.
	m := r.Headline.MedianHoursToResolve
	assert.InDelta(t, -21.5, *m.Change, 1e-9)
	assert.InDelta(t, -21.5/27, *m.RelativeChange, 1e-12)
	// Cost 2,390 against 500.
	assert.InDelta(t, 2390, *r.Headline.InterruptionCost.Current, 1e-9)

	// Okta: 4 of 9 tickets, 2 the week before. The hostile tool had none
	// before: no relative change.
	require.Len(t, r.Volume.Tools, 5)
	assert.Equal(t, ToolVolume{Tool: "Okta", Tickets: 4, PreviousTickets: 2, Share: 4.0 / 9, Change: 2, RelativeChange: ptr(1)}, r.Volume.Tools[0])
	assert.Equal(t, "<script>alert(1)</script>|x", r.Volume.Tools[2].Tool)
	assert.Nil(t, r.Volume.Tools[2].RelativeChange)
	assert.Equal(t, 5, r.Volume.ToolsWithTickets)
	require.Len(t, r.Volume.Movers, 5)
	assert.Equal(t, "Slack", r.Volume.Movers[4].Tool)
	assert.EqualValues(t, -1, r.Volume.Movers[4].Change)

	// Resolved 6 against (2 + 4) / 2 = 3 a week.
	assert.Equal(t, 2, r.TimeToResolve.PreviousWeeksInData)
	assert.Equal(t, 3.0, *r.TimeToResolve.ResolvedTickets.Previous)
	assert.InDelta(t, 182.0/6, *r.TimeToResolve.MeanHours.Current, 1e-9)

	// Refocus band 0..23 minutes; totals as in TestWeeklyFigures.
	in := r.Interruptions
	assert.Equal(t, 15.0, *in.RefocusMinutes)
	assert.Equal(t, 0.0, *in.RefocusLowMinutes)
	assert.Equal(t, 23.0, *in.RefocusHighMinutes)
	assert.InDelta(t, 24.5, in.Total.TotalHours, 1e-9)
	assert.InDelta(t, 13.5, in.Total.TotalLowHours, 1e-9)
	assert.InDelta(t, 2966, in.Total.CostHigh, 1e-9)
	require.Len(t, in.Teams, 3)
	assert.Equal(t, "Platform", in.Teams[0].Team)
	assert.Equal(t, "it_work_to_engineering", in.Teams[0].Direction)
	assert.EqualValues(t, 40, in.Teams[0].Interruptions)

	a := r.Automation
	assert.Equal(t, 0.8, *a.AutomatableShare)
	require.Len(t, a.Candidates, 5)
	assert.Equal(t, "password_reset", a.Candidates[0].Intent)
	assert.Equal(t, []string{`=HYPERLINK("http://x")`, "IT-[1](javascript:alert(1))", "a`b\nc"}, a.Candidates[2].ExampleKeys)
	assert.InDelta(t, 2.0*52/12*60/60*0.8, *a.Candidates[2].HoursSavedPerMonth, 1e-9)
	assert.Equal(t, "Hardware", a.Candidates[2].Label)
	assert.Equal(t, "hardware", a.Candidates[2].Intent)
	assert.Len(t, r.Parameters, 10)
	assert.Equal(t, "USD", r.Currency)

	// Data text is escaped for embedding in a page: no raw < or >.
	assert.NotContains(t, out, "<")
	assert.NotContains(t, out, ">")
	assert.Contains(t, out, `"\u003cscript\u003ealert(1)\u003c/script\u003e|x"`)
}

// TestWeeklyJSONEmpty checks that lists are [] and unknown numbers null, not
// left out: W08 has no week before it, W11 no interruptions.
func TestWeeklyJSONEmpty(t *testing.T) {
	wh := openFixture(t, "weekly/marts.sql")
	decode := func(week string) map[string]any {
		out, err := weeklyAs(t, wh, week, "json")
		require.NoError(t, err)
		var raw map[string]any
		require.NoError(t, json.Unmarshal([]byte(out), &raw))
		return raw
	}
	w08 := decode("2026-W08")
	median := w08["time_to_resolve"].(map[string]any)["median_hours"].(map[string]any)
	assert.Contains(t, median, "previous")
	assert.Nil(t, median["previous"])
	assert.Nil(t, median["relative_change"])

	w11 := decode("2026-W11")
	teams, ok := w11["interruptions"].(map[string]any)["teams"].([]any)
	require.True(t, ok, "teams is a list")
	assert.Empty(t, teams)
}

// allowedEmailTags are the only elements the HTML email may contain.
var allowedEmailTags = map[string]bool{
	"!doctype": true, "html": true, "head": true, "meta": true, "title": true, "body": true,
	"table": true, "tr": true, "td": true, "th": true, "h1": true, "h2": true, "p": true, "strong": true,
}

var tagRE = regexp.MustCompile(`<(/?)([!a-zA-Z][a-zA-Z0-9]*)`)

// checkEmailHTML checks what makes the page a safe, portable email: only
// the tags above (so every < in the data was escaped), no script or event
// handler, no link or image to load, no style sheet, flexbox or grid.
func checkEmailHTML(t *testing.T, page string) {
	t.Helper()
	for _, m := range tagRE.FindAllStringSubmatch(page, -1) {
		assert.True(t, allowedEmailTags[strings.ToLower(m[2])], "unexpected element <%s%s>", m[1], m[2])
	}
	lower := strings.ToLower(page)
	for _, bad := range []string{"<script", "<style", "<link", "<img", "<svg", "<iframe", " src=", " href=", "url(", "display:flex", "display:grid", "@import", " onerror=", " onload="} {
		assert.Falsef(t, strings.Contains(lower, bad), "the page contains %q", bad)
	}
	assert.True(t, strings.HasPrefix(page, "<!DOCTYPE html>\n<html lang=\"en\">"), "starts with the doctype")
	assert.True(t, strings.HasSuffix(page, "</html>\n"), "ends with </html>")
}

func TestWeeklyHTMLIsSafeEmail(t *testing.T) {
	wh := openFixture(t, "weekly/marts.sql")
	page, err := weeklyAs(t, wh, "", "html")
	require.NoError(t, err)
	checkEmailHTML(t, page)

	// Hostile text shows as text.
	assert.Contains(t, page, "&lt;script&gt;alert(1)&lt;/script&gt;|x")
	assert.Contains(t, page, "=HYPERLINK(&#34;http://x&#34;), IT-[1](javascript:alert(1)), a`b c")
	// Bars are sized cells: Okta's 4 tickets is the longest (100 px), the
	// hostile tool's 1 a quarter of it.
	assert.Contains(t, page, `<td width="100" height="10" bgcolor="#3f6fb5"`)
	assert.Contains(t, page, `<td width="25" height="10" bgcolor="#3f6fb5"`)
}

// TestWeeklyHTMLMatchesMarkdown checks that the HTML has the Markdown's
// sections and every one of its table cells.
func TestWeeklyHTMLMatchesMarkdown(t *testing.T) {
	wh := openFixture(t, "weekly/marts.sql")
	md, err := weeklyAs(t, wh, "", "md")
	require.NoError(t, err)
	page, err := weeklyAs(t, wh, "", "html")
	require.NoError(t, err)
	text := html.UnescapeString(page)
	sections := 0
	for _, line := range strings.Split(md, "\n") {
		switch {
		case strings.HasPrefix(line, "## "):
			sections++
			assert.Contains(t, text, ">"+strings.TrimPrefix(line, "## ")+"</h2>")
		case strings.HasPrefix(line, "|") && !strings.HasPrefix(line, "|---"):
			for _, c := range strings.Split(strings.Trim(line, "|"), " | ") {
				c = strings.TrimSpace(c)
				if strings.ContainsAny(c, `\&`) {
					continue // escaped for Markdown; checked in the hostile-text test
				}
				assert.Contains(t, text, ">"+c+"</t", "cell %q", c)
			}
		}
	}
	assert.Equal(t, 9, sections)
	assert.Equal(t, sections, strings.Count(page, "<h2 "))
}

var imgRE = regexp.MustCompile(`\n<p style="margin:0 0 12px 0;"><img src="data:image/png;base64,([^"]+)" width="(\d+)" height="(\d+)" alt="([^"]*)" [^>]*></p>`)

// TestWeeklyHTMLCharts checks the charts of the HTML email: with Chromium,
// three PNG images (tools, hours to resolve, interruption hours) with alt
// text, and otherwise the same page as without charts.
func TestWeeklyHTMLCharts(t *testing.T) {
	if !dashboards.ChromiumAvailable() {
		t.Skip("no Chromium installed (set LANES_CHROMIUM or install chromium): the email's charts are not drawn")
	}
	wh := openFixture(t, "weekly/marts.sql")
	plainPage, err := weeklyAs(t, wh, "", "html")
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, Weekly(context.Background(), wh, config.Default(), &buf, WeeklyOptions{Format: "html", Charts: true}))
	page := buf.String()

	imgs := imgRE.FindAllStringSubmatch(page, -1)
	require.Len(t, imgs, 3)
	for i, m := range imgs {
		// html/template writes + as &#43; in the attribute.
		b, err := base64.StdEncoding.DecodeString(html.UnescapeString(m[1]))
		require.NoError(t, err)
		img, err := png.Decode(bytes.NewReader(b))
		require.NoError(t, err, "image %d is not a PNG", i)
		// Drawn at twice the size the page shows them: 700 wide, 260 high,
		// and for the tools 80 + 30 per tool (5 tools in W10's table).
		wantH := []int{80 + 30*5, 260, 260}[i]
		assert.Equal(t, "700", m[2])
		assert.Equal(t, strconv.Itoa(wantH), m[3])
		assert.Equal(t, 1400, img.Bounds().Dx())
		assert.Equal(t, 2*wantH, img.Bounds().Dy())
	}
	assert.Contains(t, imgs[0][4], "tickets created per tool in 2026-W10 and 2026-W09")
	assert.Contains(t, imgs[1][4], "hours to resolve per week, 2026-W08 to 2026-W10")
	assert.Contains(t, imgs[2][4], "interruption hours per week, 2026-W08 to 2026-W10")
	assert.Contains(t, page, `content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`)

	// Take the images out and the page is the one without charts.
	rest := imgRE.ReplaceAllString(page, "")
	rest = strings.Replace(rest, "; img-src data:", "", 1)
	assert.Equal(t, plainPage, rest)
}
