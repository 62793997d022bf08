// Command generate writes the Northwind Labs sample exports: a Jira Cloud CSV,
// a ServiceNow incident CSV, a help-form CSV and the company's lanes.yaml.
// The output is byte-identical on every run (fixed PCG seeds, no map
// iteration, no wall clock).
//
//	go run ./sample-data/generate -out sample-data
package main

import (
	"bytes"
	"encoding/csv"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

func main() {
	out := flag.String("out", "sample-data", "directory to write the sample exports into")
	flag.Parse()
	files, err := generate()
	if err == nil {
		err = writeFiles(*out, files)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "generate:", err)
		os.Exit(1)
	}
	for _, f := range files {
		fmt.Printf("%s/%s: %d bytes\n", *out, f.path, len(f.data))
	}
}

type file struct {
	path string // slash-separated, relative to the output directory
	data []byte
}

// dataset is everything the generator produces before it is serialised.
type dataset struct {
	org       *Org
	jira      []*Ticket
	snow      []*Ticket
	helpdesk  []*Ticket
	allTicket []*Ticket
}

func build() *dataset {
	org := buildOrg()
	d := &dataset{org: org, jira: genJira(org), snow: genServiceNow(org), helpdesk: genHelpdesk(org)}
	d.allTicket = append(append(append([]*Ticket{}, d.jira...), d.snow...), d.helpdesk...)
	return d
}

func generate() ([]file, error) {
	d := build()
	var files []file
	add := func(path string, data []byte, err error) error {
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		files = append(files, file{path, data})
		return nil
	}
	// Jira exports list the newest issue first.
	jira := append([]*Ticket(nil), d.jira...)
	sort.SliceStable(jira, func(i, j int) bool { return jira[i].Created.After(jira[j].Created) })
	var jr [][]string
	for _, t := range jira {
		jr = append(jr, jiraRecord(t))
	}
	b, err := encodeCSV(jiraHeader, jr, false)
	if err := add("jira/engineering-issues.csv", b, err); err != nil {
		return nil, err
	}
	var sr [][]string
	for _, t := range d.snow {
		sr = append(sr, snRecord(t))
	}
	if err := add("servicenow/incidents.csv", quoteAllCSV(snHeader, sr), nil); err != nil {
		return nil, err
	}
	var hr [][]string
	for _, t := range d.helpdesk {
		hr = append(hr, hdRecord(t))
	}
	b, err = encodeCSV(hdHeader, hr, true)
	if err := add("helpdesk/slack-requests.csv", b, err); err != nil {
		return nil, err
	}
	if err := add("lanes.yaml", lanesYAML(d.org), nil); err != nil {
		return nil, err
	}
	return files, nil
}

func writeFiles(dir string, files []file) error {
	for _, f := range files {
		p := filepath.Join(dir, filepath.FromSlash(f.path))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, f.data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

func encodeCSV(header []string, rows [][]string, crlf bool) ([]byte, error) {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.UseCRLF = crlf
	if err := w.Write(header); err != nil {
		return nil, err
	}
	if err := w.WriteAll(rows); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// quoteAllCSV writes CSV the way ServiceNow exports it: every field quoted.
func quoteAllCSV(header []string, rows [][]string) []byte {
	var b strings.Builder
	line := func(fields []string) {
		for i, f := range fields {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteByte('"')
			b.WriteString(strings.ReplaceAll(f, `"`, `""`))
			b.WriteByte('"')
		}
		b.WriteString("\n")
	}
	line(header)
	for _, r := range rows {
		line(r)
	}
	return []byte(b.String())
}
