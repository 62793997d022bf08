package dashboards

import (
	"crypto/sha256"
	_ "embed"
	"encoding/base64"
	"fmt"
	"html/template"
	"io"
	"regexp"
	"strings"
)

// echartsJS is node_modules/echarts/dist/echarts.min.js at the version
// package-lock.json pins; `make deps` copies it here.
//
//go:embed assets/echarts.min.js
var echartsJS string

//go:embed assets/boot.js
var bootJS string

//go:embed assets/dashboard.css
var styleCSS string

//go:embed assets/page.html.tmpl
var pageTemplate string

var pageTmpl = template.Must(template.New("page").Parse(pageTemplate))

var echartsVersionRE = regexp.MustCompile(`[A-Za-z_$][\w$]*\.version="(\d+\.\d+\.\d+[^"]*)"`)

// EChartsVersion is the version of the embedded ECharts library, read from
// the library itself.
func EChartsVersion() string {
	m := echartsVersionRE.FindAllStringSubmatch(echartsJS, -1)
	if len(m) != 1 {
		return "unknown"
	}
	return m[0][1]
}

// scriptHash is the CSP source expression that allows one inline script.
func scriptHash(body string) string {
	sum := sha256.Sum256([]byte(body))
	return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
}

// contentSecurityPolicy allows exactly the two inline scripts, the inline
// style (ECharts also sets style attributes on what it draws) and data:
// images, and nothing else: no network, no frames, no forms, no eval.
func contentSecurityPolicy(scripts ...string) string {
	hashes := make([]string, len(scripts))
	for i, s := range scripts {
		hashes[i] = scriptHash(s)
	}
	return strings.Join([]string{
		"default-src 'none'",
		"script-src " + strings.Join(hashes, " "),
		"style-src 'unsafe-inline'",
		"img-src data:",
		"base-uri 'none'",
		"form-action 'none'",
	}, "; ")
}

// pageData is what the template sees: the view plus the trusted assets.
type pageData struct {
	*view
	Style   template.CSS
	Library template.JS
	Boot    template.JS
	// CSPAttr is the content attribute of the CSP meta element, written as
	// is: it holds only fixed keywords and base64 hashes, and html/template's
	// attribute escaping would turn every quote into an entity.
	CSPAttr template.HTMLAttr
}

func writePage(w io.Writer, v *view) error {
	if strings.Contains(strings.ToLower(echartsJS), "</script") || strings.Contains(bootJS, "</script") {
		return fmt.Errorf("dashboards: an embedded script contains </script")
	}
	v.CSP = contentSecurityPolicy(echartsJS, bootJS)
	if strings.ContainsAny(v.CSP, "\"<>&") {
		return fmt.Errorf("dashboards: unexpected character in the Content-Security-Policy")
	}
	v.EChartsVersion = EChartsVersion()
	p := pageData{
		view:    v,
		Style:   template.CSS(styleCSS),
		Library: template.JS(echartsJS),
		Boot:    template.JS(bootJS),
		CSPAttr: template.HTMLAttr(`content="` + v.CSP + `"`),
	}
	if err := pageTmpl.Execute(w, p); err != nil {
		return fmt.Errorf("dashboards: render page: %w", err)
	}
	return nil
}
