// Package pdf prints an HTML page (the dashboard or a report) to PDF with
// headless Chromium. It is the door to dashboards/internal/browser for code
// outside dashboards/, which Go's internal rule keeps out of that package.
package pdf

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/lanes-dev/lanes/dashboards/internal/browser"
)

// ErrNoChromium is returned by Print when no Chromium is installed.
var ErrNoChromium = errors.New("no Chromium found (looked for $LANES_CHROMIUM, /usr/bin/chromium and chromium, chromium-browser or google-chrome on the PATH)")

// Options controls Print.
type Options struct {
	// Paper is "a4" (the default when empty) or "letter".
	Paper string
	// Width is the window width in CSS pixels the page is laid out at before
	// it is scaled to the paper; 1100 when zero.
	Width int
	// WaitForCharts waits until every chart container holds a drawing; set
	// it for the dashboard.
	WaitForCharts bool
	// Timeout bounds the whole print; 90 s when zero.
	Timeout time.Duration
}

// Papers lists the paper names Print accepts.
func Papers() []string {
	var out []string
	for name := range browser.Papers {
		out = append(out, name)
	}
	sort.Strings(out)
	return out
}

// KnownPaper reports whether Print accepts paper ("" means A4).
func KnownPaper(paper string) bool {
	_, ok := browser.Papers[strings.ToLower(paper)]
	return ok || paper == ""
}

// Available reports whether a Chromium is installed to print with.
func Available() bool {
	_, ok := browser.Find()
	return ok
}

// Print renders html in headless Chromium and returns the PDF, backgrounds
// included. The page is loaded from a private temporary file, so a
// self-contained page works as it does from disk; the browser runs with no
// background network traffic. The same page gives the same bytes.
func Print(ctx context.Context, html []byte, opts Options) ([]byte, error) {
	paper, ok := browser.Papers[strings.ToLower(opts.Paper)]
	if opts.Paper == "" {
		paper, ok = browser.Papers["a4"], true
	}
	if !ok {
		return nil, fmt.Errorf("unknown paper %q: want one of %s", opts.Paper, strings.Join(Papers(), ", "))
	}
	exe, found := browser.Find()
	if !found {
		return nil, ErrNoChromium
	}
	if opts.Width <= 0 {
		opts.Width = 1100
	}
	if opts.Timeout <= 0 {
		opts.Timeout = 90 * time.Second
	}
	dir, err := os.MkdirTemp("", "lanes-pdf-*")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	file := filepath.Join(dir, "page.html")
	if err := os.WriteFile(file, html, 0o600); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, opts.Timeout)
	defer cancel()
	tab, closeBrowser := browser.New(ctx, exe, opts.Width, 900)
	defer closeBrowser()
	out, err := browser.PrintPDF(tab, file, browser.PDFOptions{
		Paper:         paper,
		LayoutWidth:   opts.Width,
		WaitForCharts: opts.WaitForCharts,
		Timeout:       opts.Timeout / 2,
	})
	if err != nil {
		return nil, fmt.Errorf("chromium %s: %w", exe, err)
	}
	return out, nil
}

// PageCount counts the pages of a PDF Print returned.
func PageCount(pdf []byte) int { return browser.PageCount(pdf) }
