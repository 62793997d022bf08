package browser

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"path/filepath"
	"regexp"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// Paper is a sheet size in inches.
type Paper struct {
	Name          string
	Width, Height float64
}

// Papers are the sheet sizes PrintPDF knows, by lower-case name.
var Papers = map[string]Paper{
	"a4":     {Name: "A4", Width: 210 / 25.4, Height: 297 / 25.4},
	"letter": {Name: "Letter", Width: 8.5, Height: 11},
}

// PDFOptions controls PrintPDF.
type PDFOptions struct {
	// Paper is the sheet; A4 when its width is zero.
	Paper Paper
	// Margin on every side, in inches; 0.4 (about 1 cm) when zero.
	Margin float64
	// LayoutWidth is the width in CSS pixels the page is laid out at (the
	// window width New was given); the print is scaled so that this width
	// fits between the margins. Zero lays the page out at the paper width.
	LayoutWidth int
	// WaitForCharts waits until ChartsDrawn holds before printing.
	WaitForCharts bool
	// Timeout bounds the wait for the charts; 30 s when zero.
	Timeout time.Duration
}

// PrintPDF opens the local HTML file in the tab ctx (from New) and prints it
// to PDF with its backgrounds. The PDF's creation and modification dates are
// replaced by a fixed date, so the same page gives the same bytes.
func PrintPDF(ctx context.Context, file string, opts PDFOptions) ([]byte, error) {
	if opts.Paper.Width == 0 {
		opts.Paper = Papers["a4"]
	}
	if opts.Margin == 0 {
		opts.Margin = 0.4
	}
	if opts.Timeout == 0 {
		opts.Timeout = 30 * time.Second
	}
	abs, err := filepath.Abs(file)
	if err != nil {
		return nil, err
	}
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}
	if err := chromedp.Do(ctx, chromedp.Navigate(u.String())); err != nil {
		return nil, fmt.Errorf("load %s: %w", file, err)
	}
	if opts.WaitForCharts {
		if _, err := chromedp.Run(ctx, chromedp.Poll[bool](ChartsDrawn, chromedp.WithPollingTimeout(opts.Timeout))); err != nil {
			return nil, fmt.Errorf("wait for the charts: %w", err)
		}
	}
	scale := 1.0
	if opts.LayoutWidth > 0 {
		printable := (opts.Paper.Width - 2*opts.Margin) * 96 // CSS pixels
		scale = min(2, max(0.1, printable/float64(opts.LayoutWidth)))
	}
	yes, no := true, false
	m := opts.Margin
	res, err := chromedp.Call(ctx, page.PrintToPDF, page.PrintToPDFParams{
		PrintBackground: &yes,
		Scale:           scale,
		PaperWidth:      opts.Paper.Width,
		PaperHeight:     opts.Paper.Height,
		MarginTop:       &m,
		MarginBottom:    &m,
		MarginLeft:      &m,
		MarginRight:     &m,
		// A tagged PDF names its structure elements after DOM node ids,
		// which change from run to run; untagged, the same page gives the
		// same bytes.
		GenerateTaggedPDF: &no,
	})
	if err != nil {
		return nil, fmt.Errorf("print to PDF: %w", err)
	}
	return normalizePDF(res.Data), nil
}

// pdfDateRE matches the dates Chromium writes into the document
// information: D:YYYYMMDDHHmmSS followed by a zone such as +00'00'.
var pdfDateRE = regexp.MustCompile(`/(CreationDate|ModDate) ?\(D:(\d{14})`)

// normalizePDF makes a PDF depend only on the page: the creation and
// modification dates become 2000-01-01 00:00:00. The replacement has the
// length of what it replaces, so the cross-reference offsets stay right.
func normalizePDF(pdf []byte) []byte {
	return pdfDateRE.ReplaceAllFunc(pdf, func(m []byte) []byte {
		i := bytes.LastIndex(m, []byte("D:"))
		return append(m[:i+2:i+2], "20000101000000"...)
	})
}

// PageCount counts the page objects of a PDF Chromium wrote (uncompressed
// object headers), for tests and sanity checks.
func PageCount(pdf []byte) int {
	return len(pageRE.FindAll(pdf, -1))
}

var pageRE = regexp.MustCompile(`/Type\s*/Page[^s]`)
