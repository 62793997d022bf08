package reports

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

var reportFormats = []string{"md", "html", "json"}

// ReportFormats lists the formats the weekly and interrupts reports are
// written in: Markdown, an HTML email and JSON.
func ReportFormats() []string { return append([]string(nil), reportFormats...) }

// KnownReportFormat reports whether the reports can be written as format
// ("" means Markdown).
func KnownReportFormat(format string) bool {
	if format == "" {
		return true
	}
	for _, f := range reportFormats {
		if f == format {
			return true
		}
	}
	return false
}

func checkReportFormat(format string) error {
	if !KnownReportFormat(format) {
		return fmt.Errorf("unknown format %q: want one of %s", format, strings.Join(reportFormats, ", "))
	}
	return nil
}

// render writes a report as Markdown or HTML from its document, or as JSON
// from its model. Nothing is written when rendering fails.
func renderReport(w io.Writer, format string, model any, doc document) error {
	var out []byte
	switch format {
	case "", "md":
		out = []byte(doc.markdown())
	case "html":
		s, err := doc.html()
		if err != nil {
			return fmt.Errorf("render HTML: %w", err)
		}
		out = []byte(s)
	case "json":
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		// HTML escaping stays on: <, > and & in data are written as
		// \u003c, \u003e and \u0026, so the JSON is safe to embed in a page.
		enc.SetIndent("", "  ")
		if err := enc.Encode(model); err != nil {
			return fmt.Errorf("render JSON: %w", err)
		}
		out = buf.Bytes()
	default:
		return checkReportFormat(format)
	}
	_, err := w.Write(out)
	return err
}
