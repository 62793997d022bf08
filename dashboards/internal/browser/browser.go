// Package browser starts the headless Chromium that the dashboard's browser
// test and the screenshot command drive: no sandbox (containers), no GPU, and
// no background traffic, so that loading a dashboard touches no network.
package browser

import (
	"context"
	"os"
	"os/exec"

	"github.com/chromedp/chromedp"
)

// Find returns the Chromium to use: $LANES_CHROMIUM when set, else
// /usr/bin/chromium, else the first of chromium, chromium-browser and
// google-chrome on the PATH. ok is false when there is none.
func Find() (path string, ok bool) {
	if p := os.Getenv("LANES_CHROMIUM"); p != "" {
		return p, true
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium", true
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, true
		}
	}
	return "", false
}

// New starts Chromium headless with a window of width × height pixels and
// returns a context for one tab. cancel closes the browser.
func New(parent context.Context, execPath string, width, height int) (context.Context, context.CancelFunc) {
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(parent,
		chromedp.ExecPath(execPath),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-breakpad", true),
		chromedp.Flag("metrics-recording-only", true),
		chromedp.Flag("safebrowsing-disable-auto-update", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.Flag("mute-audio", true),
		chromedp.Flag("force-color-profile", "srgb"),
		chromedp.WindowSize(width, height),
	)
	ctx, cancelTab := chromedp.NewContext(allocCtx)
	return ctx, func() {
		cancelTab()
		cancelAlloc()
	}
}

// ChartsDrawn is a JavaScript expression that is true once every chart
// container of the dashboard holds a drawn SVG or canvas.
const ChartsDrawn = `(function () {
  var els = document.querySelectorAll('div[data-chart]');
  if (els.length === 0) { return document.readyState === 'complete'; }
  for (var i = 0; i < els.length; i++) {
    if (!els[i].querySelector('svg, canvas')) { return false; }
  }
  return true;
})()`
