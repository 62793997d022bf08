package jsonstream

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"testing"

	"github.com/lanes-dev/lanes/ingest"
)

// benchRecords is n ticket records, each a line of JSON with text beyond
// ASCII (accents, CJK, an emoji), as exports of European and Asian help
// desks have: the readers' speed on them, every byte checked as UTF-8.
func benchRecords(n int) [][]byte {
	out := make([][]byte, n)
	for i := range out {
		out[i] = fmt.Appendf(nil, `{"id":"T-%d","created_at":"2024-03-01T10:%02d:00Z","title":"Café in Zürich: 会议室 %d 🙂","status":"open","assignee":{"name":"Søren Ødegård","email":"s@example.test"},"labels":["a","b"],"description":"Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. Ça va? Übermäßig."}`, i, i%60, i)
	}
	return out
}

func benchRead(b *testing.B, text []byte, read func(s *Scanner) error) {
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		s := NewScanner("bench", &ingest.Input{Path: "bench.json", Reader: bytes.NewReader(text)}, Options{})
		if err := read(s); err != nil {
			b.Fatal(err)
		}
	}
}

type nopHandler struct{ n int }

func (h *nopHandler) Item(*Record) error         { h.n++; return nil }
func (h *nopHandler) Side(string, *Record) error { return nil }
func (h *nopHandler) End(*Page) error            { return nil }
func (h *nopHandler) Reject(r ingest.Reject) error {
	return fmt.Errorf("unexpected reject: %s", r.Reason)
}

const benchN = 20000

// BenchmarkWalkArray reads a top-level array of records as the json
// connector does.
func BenchmarkWalkArray(b *testing.B) {
	text := append(append([]byte("[\n"), bytes.Join(benchRecords(benchN), []byte(",\n"))...), "\n]"...)
	benchRead(b, text, func(s *Scanner) error {
		h := &nopHandler{}
		return s.Walk(Layout{ArrayOfRecords: true, AnyList: true}, h, h)
	})
}

// BenchmarkWalkPage reads a page with a list, as Zendesk's connector does.
func BenchmarkWalkPage(b *testing.B) {
	text := append(append([]byte(`{"tickets":[`), bytes.Join(benchRecords(benchN), []byte(","))...), `],"next_page":null}`...)
	benchRead(b, text, func(s *Scanner) error {
		h := &nopHandler{}
		return s.Walk(Layout{Lists: []string{"tickets"}, Hold: true}, h, h)
	})
}

// BenchmarkLines reads JSON Lines.
func BenchmarkLines(b *testing.B) {
	text := bytes.Join(benchRecords(benchN), []byte("\n"))
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		h := &nopHandler{}
		in := &ingest.Input{Path: "bench.jsonl", Reader: bytes.NewReader(text)}
		if err := Lines("bench", in, Options{}, h, func(*Record) error { return nil }); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRecords reads a page as Jira's JSON connector does.
func BenchmarkRecords(b *testing.B) {
	text := append(append([]byte(`{"issues":[`), bytes.Join(benchRecords(benchN), []byte(","))...), `],"total":1}`...)
	benchRead(b, text, func(s *Scanner) error {
		return s.Records(context.Background(), Pages{Lists: []string{"issues"}}, func(*Record) error { return nil })
	})
}

// BenchmarkExport reads an export as ServiceNow's connector does.
func BenchmarkExport(b *testing.B) {
	text := append(append([]byte(`{"records":[`), bytes.Join(benchRecords(benchN), []byte(","))...), `]}`...)
	benchRead(b, text, func(s *Scanner) error {
		r, err := s.OpenExport(Export{Lists: []string{"records"}})
		if err != nil {
			return err
		}
		for {
			if _, err := r.Next(); err == io.EOF {
				return nil
			} else if err != nil {
				return err
			}
		}
	})
}

// BenchmarkCheckUTF8 is the check each value gets before it is decoded,
// over the same records: its cost next to the readers' own.
func BenchmarkCheckUTF8(b *testing.B) {
	recs := benchRecords(benchN)
	var n int64
	for _, r := range recs {
		n += int64(len(r))
	}
	b.SetBytes(n)
	for b.Loop() {
		for _, r := range recs {
			if err := checkUTF8(Value{Raw: r}); err != nil {
				b.Fatal(err)
			}
		}
	}
}
