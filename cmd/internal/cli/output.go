package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/lanes-dev/lanes/dashboards/pdf"
)

// The dashboard and the reports leave lanes the same way: a rendered page
// is printed to PDF with Chromium when --format pdf asks for it, then
// written atomically to -o (its folder made first) or to stdout for "-".

// pageOutput says where a rendered page goes and how it is printed.
type pageOutput struct {
	path   string // the file to write; "-" for stdout
	format string // "pdf" prints the page, which was rendered as HTML
	paper  string // paper for PDF: one of pdf.Papers()
	width  int    // CSS width the page is laid out at before it is scaled to the paper
	charts bool   // wait until every chart is drawn before printing
}

// renderFormat is the format to render a page in: HTML when it is to be
// printed to PDF, else format itself.
func renderFormat(format string) string {
	if format == "pdf" {
		return "html"
	}
	return format
}

// addPaperFlag binds cmd's --paper, the paper of --format pdf.
func addPaperFlag(cmd *cobra.Command, paper *string) {
	cmd.Flags().StringVar(paper, "paper", "a4", "paper for --format pdf: "+strings.Join(pdf.Papers(), " or "))
}

// pdfAvailable reports whether Chromium is installed; tests replace it.
var pdfAvailable = pdf.Available

// errNoChromium is the message for --format pdf without Chromium.
var errNoChromium = errors.New("--format pdf needs Chromium: apt-get install chromium (or set LANES_CHROMIUM to its path)")

// checkPDF validates --paper and finds Chromium when format is pdf, so a
// command fails before it opens anything.
func checkPDF(format, paper string) error {
	if format != "pdf" {
		return nil
	}
	if !pdf.KnownPaper(paper) {
		return withCode(ExitUsage, fmt.Errorf("--paper %q: want one of %s", paper, strings.Join(pdf.Papers(), ", ")))
	}
	if !pdfAvailable() {
		return withCode(ExitUsage, errNoChromium)
	}
	return nil
}

// publish prints page to PDF when o asks for it and writes the result; what
// names the page in errors.
func (g *globalOptions) publish(ctx context.Context, what string, page []byte, o pageOutput) error {
	if o.format == "pdf" {
		var err error
		page, err = pdf.Print(ctx, page, pdf.Options{Paper: o.paper, Width: o.width, WaitForCharts: o.charts})
		if errors.Is(err, pdf.ErrNoChromium) {
			err = withCode(ExitUsage, errNoChromium)
		}
		if err != nil {
			return fmt.Errorf("%s: print PDF: %w", what, err)
		}
	}
	if err := writeOutput(g, o.path, page); err != nil {
		return err
	}
	if o.path != "-" {
		g.logf("wrote %s (%d KB)", o.path, (len(page)+1023)/1024)
	}
	return nil
}

// writeOutput writes data to path atomically, or to stdout for "-".
func writeOutput(g *globalOptions, path string, data []byte) error {
	if path == "-" {
		_, err := g.f.Out.Write(data)
		return err
	}
	return writeFileAtomic(path, func(f *os.File) error {
		_, err := f.Write(data)
		return err
	})
}
