package dashboards

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/dashboards/internal/browser"
	"github.com/lanes-dev/lanes/models/warehouse"
)

// artifactDir is where the browser tests leave pages and screenshots:
// $LANES_ARTIFACTS when set, else a temporary directory.
func artifactDir(t *testing.T) string {
	if d := os.Getenv("LANES_ARTIFACTS"); d != "" {
		require.NoError(t, os.MkdirAll(d, 0o755))
		return d
	}
	return t.TempDir()
}

func chromium(t testing.TB) string {
	exe, ok := browser.Find()
	if !ok {
		t.Skip("no Chromium found (looked for $LANES_CHROMIUM, /usr/bin/chromium and chromium on the PATH); skipping the browser test")
	}
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	return exe
}

// session is one page open in headless Chromium, with everything that
// happened since it was opened: dialogs (each one a script that ran),
// console errors and warnings (CSP violations among them) and network
// requests.
type session struct {
	t     testing.TB
	ctx   context.Context
	url   string
	close func()
	stop  context.CancelFunc
	wg    sync.WaitGroup

	mu       sync.Mutex
	dialogs  []string
	problems []string
	requests []string
	ids      map[network.RequestID]string
	refused  map[network.RequestID]string
	blocked  []string // requests the browser refused to send, with the reason
}

// openSession loads file from a file:// URL in a fresh browser (dark:
// with prefers-color-scheme: dark) and waits until every chart is drawn.
func openSession(t testing.TB, exe, file string, dark bool) *session {
	t.Helper()
	abs, err := filepath.Abs(file)
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), 120*time.Second)
	ctx, closeBrowser := browser.New(ctx, exe, 1400, 900)
	s := &session{t: t, ctx: ctx, close: func() { closeBrowser(); cancel() }, ids: map[network.RequestID]string{}, refused: map[network.RequestID]string{}}
	s.url = (&url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}).String()

	// Subscribe before loading, so nothing is missed. A dialog blocks the
	// page, so it is dismissed as soon as it opens.
	listenCtx, stop := context.WithCancel(ctx)
	s.stop = stop
	dialogs := chromedp.Events(listenCtx, page.JavascriptDialogOpening)
	requests := chromedp.Events(listenCtx, network.RequestWillBeSent)
	failed := chromedp.Events(listenCtx, network.LoadingFailed)
	console := chromedp.Console(listenCtx)
	s.wg.Add(4)
	go func() {
		defer s.wg.Done()
		for ev, err := range dialogs {
			if err != nil {
				return
			}
			s.mu.Lock()
			s.dialogs = append(s.dialogs, string(ev.Type)+": "+ev.Message)
			s.mu.Unlock()
			_, _ = chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
		}
	}()
	go func() {
		defer s.wg.Done()
		for ev, err := range requests {
			if err != nil {
				return
			}
			s.mu.Lock()
			s.requests = append(s.requests, ev.Request.URL)
			s.ids[ev.RequestID] = ev.Request.URL
			s.mu.Unlock()
		}
	}()
	go func() {
		defer s.wg.Done()
		for ev, err := range failed {
			if err != nil {
				return
			}
			if ev.BlockedReason != "" {
				s.mu.Lock()
				s.refused[ev.RequestID] = string(ev.BlockedReason)
				s.mu.Unlock()
			}
		}
	}()
	go func() {
		defer s.wg.Done()
		for m, err := range console {
			if err != nil {
				return
			}
			switch m.Type {
			case chromedp.ConsoleError, chromedp.ConsoleException, chromedp.ConsoleWarning:
				s.mu.Lock()
				s.problems = append(s.problems, m.String())
				s.mu.Unlock()
			}
		}
	}()

	if dark {
		_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: "dark"}},
		})
		require.NoError(t, err)
	}
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(s.url)))
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](browser.ChartsDrawn, chromedp.WithPollingTimeout(30*time.Second))); err != nil {
		t.Logf("charts not drawn: %v", err)
	}
	return s
}

// eval runs a JavaScript expression in the page and decodes its result.
func eval[T any](s *session, js string) T {
	s.t.Helper()
	v, err := chromedp.Run(s.ctx, chromedp.Evaluate[T](js))
	require.NoError(s.t, err)
	return v
}

// finish closes the browser and returns what happened.
func (s *session) finish() (dialogs, problems, requests []string) {
	s.stop()
	s.close()
	s.wg.Wait()
	s.mu.Lock()
	defer s.mu.Unlock()
	for id, reason := range s.refused {
		s.blocked = append(s.blocked, s.ids[id]+" ("+reason+")")
	}
	return s.dialogs, s.problems, s.requests
}

// choose sets the filters to f the way a reader does: the selects change
// and fire their change events.
func (s *session) choose(f filter) {
	s.t.Helper()
	ok := eval[bool](s, fmt.Sprintf(`(function () {
  var set = function (id, v) { var el = document.getElementById(id); el.value = String(v); el.dispatchEvent(new Event('change')); };
  set('f-from', %d); set('f-to', %d); set('f-team', %d); set('f-tool', %d);
  return document.getElementById('f-from').value === '%d' && document.getElementById('f-team').value === '%d';
})()`, f.From, f.To, f.Team, f.Tool, f.From, f.Team))
	require.True(s.t, ok, "the filters did not take %+v", f)
}

// shot saves a full-page screenshot as name in dir.
func (s *session) shot(dir, name string) {
	s.t.Helper()
	_ = chromedp.Do(s.ctx, chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, 0)`))
	png, err := chromedp.Run(s.ctx, chromedp.FullScreenshot(100))
	require.NoError(s.t, err)
	file := filepath.Join(dir, name)
	require.NoError(s.t, os.WriteFile(file, png, 0o644))
	s.t.Logf("screenshot: %s", file)
}

// hoverCharts moves the mouse over every chart, so tooltips with ticket
// text are drawn too.
func (s *session) hoverCharts() {
	s.t.Helper()
	for _, id := range chartIDs {
		pos := eval[[]float64](s, `(function () {
  var el = document.getElementById('chart-`+id+`');
  if (!el) { return []; }
  el.scrollIntoView({block: 'center'});
  var r = el.getBoundingClientRect();
  return [r.left + r.width / 2, r.top + r.height / 2];
})()`)
		if len(pos) == 2 {
			require.NoError(s.t, chromedp.Do(s.ctx, chromedp.MouseEvent(chromedp.MouseMoved, pos[0], pos[1]), chromedp.Sleep(30*time.Millisecond)))
		}
	}
}

// pageState counts what the document holds: running scripts, elements that
// only data could have added, event-handler attributes, chart containers
// and the ones that hold a drawing.
const pageState = `(function () {
  var handlers = 0, all = document.querySelectorAll('*');
  for (var i = 0; i < all.length; i++) {
    for (var j = 0; j < all[i].attributes.length; j++) {
      if (all[i].attributes[j].name.indexOf('on') === 0) { handlers++; }
    }
  }
  var els = document.querySelectorAll('div[data-chart]'), drawn = 0;
  for (var k = 0; k < els.length; k++) { if (els[k].querySelector('svg, canvas')) { drawn++; } }
  return {
    scripts: document.querySelectorAll('script:not([type])').length,
    foreign: document.querySelectorAll('img, iframe, object, embed, link, form, base, frame, video, audio, image, foreignObject').length,
    handlers: handlers,
    containers: els.length,
    drawn: drawn
  };
})()`

// visibleText is the page's text as a reader sees it with every table view
// open.
const visibleText = `(function () {
  var d = document.querySelectorAll('details');
  for (var i = 0; i < d.length; i++) { d[i].open = true; }
  return document.body.innerText;
})()`

// checkQuiet asserts that nothing ran, nothing was logged and nothing was
// fetched but the page itself.
func checkQuiet(t *testing.T, s *session) {
	t.Helper()
	dialogs, problems, requests := s.finish()
	assert.Empty(t, dialogs, "a dialog opened")
	assert.Empty(t, problems, "the console reported problems")
	for _, r := range requests {
		assert.Equal(t, s.url, r, "the page made a request")
	}
}

// TestDashboardInBrowser opens dashboards in headless Chromium, among them
// ones built from hostile fixtures: the marts filled with payloads
// (xssWarehouse), and a warehouse ingested and built from an export whose
// every field holds them (pipelineWarehouse). No dialog may open, nothing
// may be logged as an error or warning (a CSP violation would be), no
// request may leave the page, no script or event handler may appear beyond
// the page's own, every chart draws, every payload reads as text, and the
// same holds after the filters change. Screenshots are left in
// $LANES_ARTIFACTS (else a temporary directory).
func TestDashboardInBrowser(t *testing.T) {
	exe := chromium(t)
	dir := artifactDir(t)
	cases := []struct {
		name    string
		hostile bool
		page    func(*testing.T) []byte
	}{
		{"basic", false, func(t *testing.T) []byte { return render(t, basicWarehouse(t), Options{}) }},
		{"xss", true, func(t *testing.T) []byte { return render(t, xssWarehouse(t), xssOptions) }},
		{"pipeline", true, func(t *testing.T) []byte { return render(t, pipelineWarehouse(t), xssOptions) }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			file := filepath.Join(dir, "dashboard-"+tc.name+".html")
			require.NoError(t, os.WriteFile(file, tc.page(t), 0o644))
			s := openSession(t, exe, file, false)
			defer checkQuiet(t, s)

			s.hoverCharts()
			st := eval[map[string]int](s, pageState)
			assert.Positive(t, st["containers"])
			assert.Equal(t, st["containers"], st["drawn"], "a chart container holds no drawing")
			assert.Equal(t, 2, st["scripts"], "scripts")
			assert.Zero(t, st["foreign"], "elements only data could have added")
			assert.Zero(t, st["handlers"], "event-handler attributes")
			if tc.name == "xss" {
				assert.Equal(t, len(chartIDs), st["containers"])
			}
			if tc.hostile {
				text := eval[string](s, visibleText)
				for _, p := range payloads {
					assert.Contains(t, text, p, "the payload does not read as text")
				}
			}
			s.shot(dir, "dashboard-"+tc.name+".png")

			// The chart follows the window.
			const width = `(function () {
  var el = document.querySelector('div[data-chart]');
  var svg = el && el.querySelector('svg');
  return svg ? [Math.round(svg.getBoundingClientRect().width), Math.round(el.getBoundingClientRect().width)] : [0, 0];
})()`
			before := eval[[]int](s, width)
			require.NoError(t, chromedp.Do(s.ctx, chromedp.EmulateViewport(480, 900), chromedp.Sleep(400*time.Millisecond)))
			after := eval[[]int](s, width)
			assert.Less(t, after[0], before[0], "the chart did not shrink with the window")
			assert.InDelta(t, after[1], after[0], 2, "the chart does not fill its container after a resize")
			require.NoError(t, chromedp.Do(s.ctx, chromedp.EmulateViewport(1400, 900), chromedp.Sleep(400*time.Millisecond)))

			// Every filter, including the grouped "other" teams and tools.
			nWeeks := eval[int](s, `document.getElementById('f-from').options.length`)
			nTeams := eval[int](s, `document.getElementById('f-team').options.length - 1`)
			nTools := eval[int](s, `document.getElementById('f-tool').options.length - 1`)
			f := filter{From: nWeeks / 3, To: nWeeks - 1, Team: nTeams - 1, Tool: nTools - 1}
			s.choose(f)
			state := eval[string](s, `document.getElementById('f-state').textContent`)
			assert.Contains(t, state, "Showing")
			s.hoverCharts()
			st = eval[map[string]int](s, pageState)
			assert.Equal(t, st["containers"], st["drawn"])
			assert.Equal(t, 2, st["scripts"])
			assert.Zero(t, st["foreign"])
			assert.Zero(t, st["handlers"])
			s.shot(dir, "dashboard-"+tc.name+"-filtered.png")
			s.choose(filter{From: 0, To: nWeeks - 1, Team: 0, Tool: -1})
			if tc.hostile {
				// A team's name is shown in the filter state as text.
				assert.Contains(t, eval[string](s, visibleText), payloads[0])
			}
		})
	}
}

// TestDashboardDark draws the hostile page in dark mode.
func TestDashboardDark(t *testing.T) {
	exe := chromium(t)
	dir := artifactDir(t)
	file := filepath.Join(dir, "dashboard-xss-dark.html")
	require.NoError(t, os.WriteFile(file, render(t, xssWarehouse(t), xssOptions), 0o644))
	s := openSession(t, exe, file, true)
	defer checkQuiet(t, s)
	bg := eval[string](s, `getComputedStyle(document.body).backgroundColor`)
	assert.Equal(t, "rgb(16, 20, 24)", bg, "the page is not dark")
	st := eval[map[string]int](s, pageState)
	assert.Equal(t, st["containers"], st["drawn"])
	s.shot(dir, "dashboard-xss-dark.png")
}

// TestBrowserCheckCatchesScripts makes sure the browser checks can fail: an
// injected alert without the CSP opens a dialog, and with the CSP it is
// blocked and reported on the console; an injected image makes a request
// without the CSP and is blocked with it.
func TestBrowserCheckCatchesScripts(t *testing.T) {
	exe := chromium(t)
	dir := t.TempDir()
	page := string(render(t, basicWarehouse(t), Options{}))
	injected := strings.Replace(page, "<main", `<img src="http://127.0.0.1:9/x.png" onerror="alert(1)"><main`, 1)

	noCSP := regexpCSP.ReplaceAllString(injected, "")
	require.NotEqual(t, injected, noCSP)
	file := filepath.Join(dir, "no-csp.html")
	require.NoError(t, os.WriteFile(file, []byte(noCSP), 0o644))
	s := openSession(t, exe, file, false)
	st := eval[map[string]int](s, pageState)
	time.Sleep(300 * time.Millisecond)
	dialogs, _, requests := s.finish()
	assert.NotEmpty(t, dialogs, "without the CSP the injected handler should have run")
	assert.Equal(t, 1, st["handlers"])
	assert.Contains(t, requests, "http://127.0.0.1:9/x.png", "the request should have been seen")

	file = filepath.Join(dir, "csp.html")
	require.NoError(t, os.WriteFile(file, []byte(injected), 0o644))
	s = openSession(t, exe, file, false)
	time.Sleep(300 * time.Millisecond)
	dialogs, problems, _ := s.finish()
	assert.Empty(t, dialogs, "the CSP should have blocked the injected handler")
	assert.NotEmpty(t, problems, "the blocked handler and image should be reported")
	assert.Contains(t, s.blocked, "http://127.0.0.1:9/x.png (csp)", "the CSP should have blocked the request")
}

// domTable is a chart's table as the page shows it.
type domTable struct {
	Head []string   `json:"head"`
	Rows [][]string `json:"rows"`
}

// domTile is a headline tile as the page shows it.
type domTile struct {
	Key, Value, Detail, Delta, DeltaNote, Note, Arrow, Spark string
}

const readTables = `(function (ids) {
  var out = {};
  ids.forEach(function (id) {
    var el = document.getElementById('chart-' + id);
    if (!el) { return; }
    var tb = el.parentNode.querySelector('.table-wrap table');
    var text = function (n) { return n.textContent; };
    out[id] = {
      head: [].map.call(tb.querySelectorAll('thead th'), text),
      rows: [].filter.call(tb.querySelectorAll('tbody tr'), function (tr) { return !tr.hidden; }).map(function (tr) {
        return [].map.call(tr.querySelectorAll('td'), text);
      })
    };
  });
  return out;
})(%s)`

// readTopBars reads the data of the tools-top chart as drawn.
const readTopBars = `(function () {
  var o = echarts.getInstanceByDom(document.getElementById('chart-tools-top')).getOption();
  return o.series.length ? o.series[0].data : [];
})()`

const readTiles = `[].map.call(document.querySelectorAll('[data-kpi]'), function (a) {
  var q = function (s) { var n = a.querySelector(s); return n ? n.textContent : ''; };
  return {Key: a.getAttribute('data-kpi'), Value: q('.value'), Detail: q('.detail'), Delta: q('.dv'), DeltaNote: q('.dn'),
    Note: q('.kn'), Arrow: a.querySelector('.arrow').getAttribute('class'), Spark: a.querySelector('polyline').getAttribute('points')};
})`

// TestFiltersMatchGo checks that the page's script computes what this
// package computes: for several choices of filters, every filterable
// chart's table and every tile, as the browser shows them after the
// selects change, equal the page Render writes for the same choice.
func TestFiltersMatchGo(t *testing.T) {
	exe := chromium(t)
	dir := t.TempDir()
	cases := []struct {
		name    string
		wh      func(*testing.T) *warehouse.Warehouse
		opts    Options
		filters func(c *cube) []filter
	}{
		{"basic", basicWarehouse, Options{}, func(c *cube) []filter {
			return []filter{
				{0, 2, 1, -1}, {1, 2, -1, -1}, {0, 2, -1, 0}, {0, 1, 0, 1}, {2, 2, -1, 2}, {0, 0, 2, 3}, {0, 2, 0, -1},
			}
		}},
		{"xss", xssWarehouse, xssOptions, func(c *cube) []filter {
			n, nt, nl := len(c.Weeks), len(c.Teams), len(c.Tools)
			return []filter{{0, n - 1, nt - 1, -1}, {0, n - 1, -1, nl - 1}, {1, n - 1, 0, 0}, {0, 0, -1, -1}}
		}},
		{"unmatched", unmatchedWarehouse, Options{}, func(c *cube) []filter {
			return []filter{{0, 2, -1, -1}, {0, 2, -1, c.NoTool}, {1, 2, 0, -1}, {0, 0, -1, -1}}
		}},
		{"pipeline", pipelineWarehouse, xssOptions, func(c *cube) []filter {
			n, nt, nl := len(c.Weeks), len(c.Teams), len(c.Tools)
			return []filter{{0, n - 1, 0, -1}, {0, n - 1, -1, 0}, {n / 2, n - 1, nt - 1, nl - 1}, {0, n / 2, -1, -1}}
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			wh := tc.wh(t)
			ctx := context.Background()
			d, err := load(ctx, wh)
			require.NoError(t, err)
			c, err := loadCube(ctx, wh, d, 0.8)
			require.NoError(t, err)
			file := filepath.Join(dir, tc.name+".html")
			require.NoError(t, os.WriteFile(file, render(t, wh, tc.opts), 0o644))
			s := openSession(t, exe, file, false)
			defer checkQuiet(t, s)
			ids, err := json.Marshal(chartIDs)
			require.NoError(t, err)
			for _, f := range tc.filters(c) {
				o := tc.opts
				o.filter = &f
				v := viewOf(t, wh, o)
				s.choose(f)
				tables := eval[map[string]domTable](s, fmt.Sprintf(readTables, ids))
				for _, group := range [][]*chart{v.Tools, v.Resolution, v.Interruptions, v.Backlog} {
					for _, ch := range group {
						if ch.Kind == "" {
							continue
						}
						got, ok := tables[ch.ID]
						if !assert.True(t, ok, "%s is not on the page", ch.ID) {
							continue
						}
						want := domTable{Head: ch.Table.Head, Rows: ch.Table.Rows}
						if ch.Kind == "slice" {
							want.Rows = ch.Table.Rows[f.From : f.To+1]
						}
						if len(want.Rows) == 0 {
							want.Rows = [][]string{{"No data for these filters."}}
						}
						assert.Equal(t, want, got, "%s under %+v", ch.ID, f)
					}
				}
				// The bars' colors too: grey for the unmatched tickets,
				// red for tools the catalogue does not sanction.
				var goTop struct {
					Series []struct{ Data []any } `json:"series"`
				}
				require.NoError(t, json.Unmarshal([]byte(chartByID(t, v.Tools, "tools-top").Option), &goTop))
				jsTop := eval[[]any](s, readTopBars)
				var want [][2]string
				if len(goTop.Series) > 0 {
					want = barColors(t, goTop.Series[0].Data)
				}
				assert.Equal(t, want, barColors(t, jsTop), "tools-top colors under %+v", f)
				tiles := eval[[]domTile](s, readTiles)
				require.Len(t, tiles, len(v.KPIs))
				for i, k := range v.KPIs {
					want := domTile{Key: k.Key, Value: k.Value, Detail: k.Detail, Delta: k.Delta, DeltaNote: k.DeltaNote,
						Note: k.Note, Arrow: "arrow arrow-" + k.Trend, Spark: k.Spark}
					assert.Equal(t, want, tiles[i], "tile %s under %+v", k.Key, f)
				}
			}
		})
	}
}
