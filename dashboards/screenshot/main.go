// Command screenshot renders a dashboard HTML file in headless Chromium and
// saves a full-page PNG, for the README:
//
//	go run ./dashboards/screenshot -in out/dashboard.html -out docs/dashboard.png [-width 1400] [-dark]
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/lanes-dev/lanes/dashboards/internal/browser"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "screenshot:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	fs := flag.NewFlagSet("screenshot", flag.ContinueOnError)
	in := fs.String("in", "out/dashboard.html", "dashboard HTML file")
	out := fs.String("out", "docs/dashboard.png", "PNG file to write")
	width := fs.Int("width", 1400, "viewport width in pixels")
	height := fs.Int("height", 900, "viewport height in pixels (the PNG is the full page unless -full=false)")
	dark := fs.Bool("dark", false, "emulate prefers-color-scheme: dark")
	full := fs.Bool("full", true, "capture the whole page; false captures only the viewport")
	timeout := fs.Duration("timeout", 60*time.Second, "give up after this long")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	abs, err := filepath.Abs(*in)
	if err != nil {
		return err
	}
	if _, err := os.Stat(abs); err != nil {
		return err
	}
	exe, ok := browser.Find()
	if !ok {
		return errors.New("no Chromium found: install chromium or set LANES_CHROMIUM")
	}
	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()
	ctx, closeBrowser := browser.New(ctx, exe, *width, *height)
	defer closeBrowser()

	scheme := "light"
	if *dark {
		scheme = "dark"
	}
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
		Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
	}); err != nil {
		return fmt.Errorf("emulate colour scheme: %w", err)
	}
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}
	if err := chromedp.Do(ctx, chromedp.Navigate(u.String())); err != nil {
		return fmt.Errorf("load %s: %w", *in, err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](browser.ChartsDrawn, chromedp.WithPollingTimeout(*timeout/2))); err != nil {
		return fmt.Errorf("wait for the charts: %w", err)
	}
	shot := chromedp.FullScreenshot(100)
	if !*full {
		shot = chromedp.CaptureScreenshot()
	}
	png, err := chromedp.Run(ctx, shot)
	if err != nil {
		return fmt.Errorf("screenshot: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(*out), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(*out, png, 0o644); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "wrote %s (%d bytes)\n", *out, len(png))
	return nil
}
