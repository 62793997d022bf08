package csvfile

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strconv"
	"strings"
)

// Header is a file's header row. Names are matched without regard to case
// or surrounding blanks; a name may repeat (Jira writes one "Labels" column
// per label).
type Header struct {
	names []string
	index map[string][]int
}

func newHeader(names []string) *Header {
	h := &Header{names: make([]string, len(names)), index: map[string][]int{}}
	for i, n := range names {
		n = strings.TrimSpace(n)
		h.names[i] = n
		k := fold(n)
		h.index[k] = append(h.index[k], i)
	}
	return h
}

// NewHeader builds a Header from column names (for tests and detection).
func NewHeader(names []string) *Header { return newHeader(names) }

func fold(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// Len is the number of columns.
func (h *Header) Len() int { return len(h.names) }

// Names are the column names as written (trimmed).
func (h *Header) Names() []string { return append([]string(nil), h.names...) }

// Name is column i's name.
func (h *Header) Name(i int) string { return h.names[i] }

// Has reports whether some column is called name.
func (h *Header) Has(name string) bool { return len(h.index[fold(name)]) > 0 }

// Index is the first column called any of names, tried in order, or -1.
func (h *Header) Index(names ...string) int {
	for _, n := range names {
		if idx := h.index[fold(n)]; len(idx) > 0 {
			return idx[0]
		}
	}
	return -1
}

// All lists every column called name, in file order.
func (h *Header) All(name string) []int { return h.index[fold(name)] }

// column names column i for messages: its name, or its 1-based number when
// it has none or lies beyond the header.
func (h *Header) column(i int) string {
	if i >= 0 && i < len(h.names) && h.names[i] != "" {
		return h.names[i]
	}
	return strconv.Itoa(i + 1)
}

// Raw is the record as {column: value} for the ticket's raw JSON. Empty
// values are left out; a repeated column gives an array of its non-empty
// values.
func (h *Header) Raw(rec Record) map[string]any {
	out := make(map[string]any, len(h.names))
	for i, name := range h.names {
		idx := h.index[fold(name)]
		switch {
		case name == "" || len(idx) == 1:
			if v := rec.Get(i); v != "" {
				out[h.column(i)] = v
			}
		case idx[0] == i:
			var vals []string
			for _, j := range idx {
				if v := rec.Get(j); v != "" {
					vals = append(vals, v)
				}
			}
			if len(vals) > 0 {
				out[name] = vals
			}
		}
	}
	return out
}

// List collects the non-empty, trimmed values of columns idx, in order.
func List(rec Record, idx []int) []string {
	var out []string
	for _, i := range idx {
		if v := strings.TrimSpace(rec.Get(i)); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// PeekHeader reads the header row from the first bytes of a file, for
// Detect. It reads them in the encoding Decode would detect (a UTF-8 or
// UTF-16 byte order mark, UTF-16 without one, Windows-1252). It returns
// nil when head does not start with a CSV row of two or more columns.
func PeekHeader(head []byte) []string {
	cr := csv.NewReader(bytes.NewReader(DecodeHead(head)))
	cr.FieldsPerRecord = -1
	fields, err := cr.Read()
	if err != nil || len(fields) < 2 {
		return nil
	}
	for i := range fields {
		fields[i] = strings.TrimSpace(fields[i])
	}
	return fields
}

// EncodingHint adds to an error about the header, when the source sets
// encoding in lanes.yaml, that the header was read in it and how it
// begins: a wrong encoding garbles every name. "" when none is set.
func (h *Header) EncodingHint(encoding string) string {
	if encoding == "" {
		return ""
	}
	first := ""
	if h.Len() > 0 {
		first = h.Name(0)
		if r := []rune(first); len(r) > 24 {
			first = string(r[:24]) + "…"
		}
	}
	return fmt.Sprintf(" (the file was read as %s, the encoding lanes.yaml sets for this source, and its header begins %q; if the file is in another encoding, correct or remove encoding in lanes.yaml)", encoding, first)
}

// Cols are the columns of one single-valued field: one column, none, or
// several when the header repeats the field's name (two custom fields both
// called "Team"). A row's value is then the first that is not blank.
type Cols []int

// First is the first column, for naming the field, or -1 when there is
// none.
func (c Cols) First() int {
	if len(c) == 0 {
		return -1
	}
	return c[0]
}

// Value is the field's cell in rec as written: the first cell that is not
// blank (strings.TrimSpace), else the first column's cell ("" when there
// is no column).
func (c Cols) Value(rec Record) string {
	if len(c) > 1 {
		for _, i := range c {
			if v := rec.Get(i); strings.TrimSpace(v) != "" {
				return v
			}
		}
	}
	return rec.Get(c.First())
}
