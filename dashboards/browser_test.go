package dashboards

import (
	"context"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/dashboards/internal/browser"
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

func chromium(t *testing.T) string {
	exe, ok := browser.Find()
	if !ok {
		t.Skip("no Chromium found (looked for $LANES_CHROMIUM, /usr/bin/chromium and chromium on the PATH); skipping the browser test")
	}
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	return exe
}

// visit is what happened when a page was opened in Chromium.
type visit struct {
	Dialogs    []string // alert, confirm, prompt: each one a script that ran
	Problems   []string // console errors and warnings, CSP violations among them
	Containers int      // chart containers
	Drawn      int      // chart containers that hold an SVG or canvas
	State      map[string]int
	Screenshot []byte
	// Widths of the first chart's drawing before and after the window
	// narrows, and of its container after: the chart must follow.
	Widths []int
}

// openInBrowser loads file from a file:// URL, waits for the charts, hovers
// each one so tooltips draw, and reports what it saw.
func openInBrowser(t *testing.T, exe, file string) visit {
	t.Helper()
	abs, err := filepath.Abs(file)
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	ctx, closeBrowser := browser.New(ctx, exe, 1400, 900)
	defer closeBrowser()

	// Subscribe before loading, so nothing is missed. A dialog blocks the
	// page, so it is dismissed as soon as it opens.
	listenCtx, stopListening := context.WithCancel(ctx)
	var (
		mu sync.Mutex
		v  visit
		wg sync.WaitGroup
	)
	dialogs := chromedp.Events(listenCtx, page.JavascriptDialogOpening)
	console := chromedp.Console(listenCtx)
	wg.Add(2)
	go func() {
		defer wg.Done()
		for ev, err := range dialogs {
			if err != nil {
				return
			}
			mu.Lock()
			v.Dialogs = append(v.Dialogs, string(ev.Type)+": "+ev.Message)
			mu.Unlock()
			_, _ = chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
		}
	}()
	go func() {
		defer wg.Done()
		for m, err := range console {
			if err != nil {
				return
			}
			switch m.Type {
			case chromedp.ConsoleError, chromedp.ConsoleException, chromedp.ConsoleWarning:
				mu.Lock()
				v.Problems = append(v.Problems, m.String())
				mu.Unlock()
			}
		}
	}()

	u := url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(u.String())))
	_, err = chromedp.Run(ctx, chromedp.Poll[bool](browser.ChartsDrawn, chromedp.WithPollingTimeout(20*time.Second)))
	if err != nil {
		t.Logf("charts not drawn: %v", err)
	}
	counts, err := chromedp.Run(ctx, chromedp.Evaluate[[]int](`(function () {
  var els = document.querySelectorAll('div[data-chart]'), drawn = 0;
  for (var i = 0; i < els.length; i++) { if (els[i].querySelector('svg, canvas')) { drawn++; } }
  return [els.length, drawn];
})()`))
	require.NoError(t, err)
	v.Containers, v.Drawn = counts[0], counts[1]

	// Hover every chart, so tooltips with ticket text are drawn too.
	for _, id := range chartIDs {
		pos, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](`(function () {
  var el = document.getElementById('chart-`+id+`');
  if (!el) { return []; }
  el.scrollIntoView({block: 'center'});
  var r = el.getBoundingClientRect();
  return [r.left + r.width / 2, r.top + r.height / 2];
})()`))
		require.NoError(t, err)
		if len(pos) == 2 {
			require.NoError(t, chromedp.Do(ctx, chromedp.MouseEvent(chromedp.MouseMoved, pos[0], pos[1]), chromedp.Sleep(50*time.Millisecond)))
		}
	}

	// What the document holds afterwards: running scripts, elements that
	// only data could have added, and event-handler attributes.
	v.State, err = chromedp.Run(ctx, chromedp.Evaluate[map[string]int](`(function () {
  var handlers = 0, all = document.querySelectorAll('*');
  for (var i = 0; i < all.length; i++) {
    for (var j = 0; j < all[i].attributes.length; j++) {
      if (all[i].attributes[j].name.indexOf('on') === 0) { handlers++; }
    }
  }
  return {
    scripts: document.querySelectorAll('script:not([type])').length,
    foreign: document.querySelectorAll('img, iframe, object, embed, link, form, base').length,
    handlers: handlers
  };
})()`))
	require.NoError(t, err)
	_ = chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, 0)`))
	v.Screenshot, err = chromedp.Run(ctx, chromedp.FullScreenshot(100))
	require.NoError(t, err)

	const width = `(function () {
  var el = document.querySelector('div[data-chart]');
  var svg = el && el.querySelector('svg');
  return svg ? [Math.round(svg.getBoundingClientRect().width), Math.round(el.getBoundingClientRect().width)] : [0, 0];
})()`
	before, err := chromedp.Run(ctx, chromedp.Evaluate[[]int](width))
	require.NoError(t, err)
	require.NoError(t, chromedp.Do(ctx, chromedp.EmulateViewport(480, 900), chromedp.Sleep(400*time.Millisecond)))
	after, err := chromedp.Run(ctx, chromedp.Evaluate[[]int](width))
	require.NoError(t, err)
	v.Widths = []int{before[0], after[0], after[1]}

	stopListening()
	wg.Wait()
	return v
}

// TestDashboardInBrowser opens the dashboards in headless Chromium: no
// dialog may open (the XSS payloads call alert), nothing may be logged as
// an error or warning (a CSP violation would be), and every chart draws.
func TestDashboardInBrowser(t *testing.T) {
	exe := chromium(t)
	dir := artifactDir(t)
	cases := []struct {
		name string
		page func(*testing.T) []byte
	}{
		{"basic", func(t *testing.T) []byte { return render(t, basicWarehouse(t), Options{}) }},
		{"xss", func(t *testing.T) []byte { return render(t, xssWarehouse(t), xssOptions) }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			file := filepath.Join(dir, "dashboard-"+tc.name+".html")
			require.NoError(t, os.WriteFile(file, tc.page(t), 0o644))
			v := openInBrowser(t, exe, file)

			shot := filepath.Join(dir, "dashboard-"+tc.name+".png")
			require.NoError(t, os.WriteFile(shot, v.Screenshot, 0o644))
			t.Logf("screenshot: %s", shot)

			assert.Empty(t, v.Dialogs, "a dialog opened")
			assert.Empty(t, v.Problems, "the console reported problems")
			assert.Positive(t, v.Containers)
			assert.Equal(t, v.Containers, v.Drawn, "a chart container holds no drawing")
			if tc.name == "xss" {
				assert.Equal(t, len(chartIDs), v.Containers)
			}
			assert.Equal(t, map[string]int{"scripts": 2, "foreign": 0, "handlers": 0}, v.State)
			if assert.Len(t, v.Widths, 3) {
				assert.Less(t, v.Widths[1], v.Widths[0], "the chart did not shrink with the window")
				assert.InDelta(t, v.Widths[2], v.Widths[1], 2, "the chart does not fill its container after a resize")
			}
		})
	}
}

// TestBrowserCheckCatchesScripts makes sure the browser test can fail: an
// injected alert without the CSP opens a dialog, and with the CSP it is
// blocked and reported on the console.
func TestBrowserCheckCatchesScripts(t *testing.T) {
	exe := chromium(t)
	dir := t.TempDir()
	page := string(render(t, basicWarehouse(t), Options{}))
	injected := strings.Replace(page, "<main", `<img src=x onerror="alert(1)"><main`, 1)

	noCSP := regexpCSP.ReplaceAllString(injected, "")
	require.NotEqual(t, injected, noCSP)
	file := filepath.Join(dir, "no-csp.html")
	require.NoError(t, os.WriteFile(file, []byte(noCSP), 0o644))
	v := openInBrowser(t, exe, file)
	assert.NotEmpty(t, v.Dialogs, "without the CSP the injected handler should have run")
	assert.Equal(t, 1, v.State["handlers"])

	file = filepath.Join(dir, "csp.html")
	require.NoError(t, os.WriteFile(file, []byte(injected), 0o644))
	v = openInBrowser(t, exe, file)
	assert.Empty(t, v.Dialogs, "the CSP should have blocked the injected handler")
	assert.NotEmpty(t, v.Problems, "the blocked handler should be reported")
}
