package jsonstream

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
)

// Export says where one export document keeps its records, for
// OpenExport.
type Export struct {
	// Lists are keys whose list holds the records ({"records": [...]}).
	Lists []string
	// Singles are keys whose object is the one record ({"result": {...}}).
	Singles []string
	// Other sees every other key before the records with its value's text
	// (nil when longer than 4 KiB); an error stops the file, for an error
	// response saved in place of an export.
	Other func(key string, raw []byte) error
	// Noun names a record in problems: "record" by default, "ticket".
	Noun string
	// Nouns name the records of some of the Lists and Singles keys
	// otherwise than Noun: "agents": "person".
	Nouns map[string]string
	// Joined lets another document follow this one (pages written one
	// after another): the reader then stops at it, and Following says
	// where it starts, for the next OpenExport. Without it, more JSON after
	// the document stops the file.
	Joined bool
}

// ExportReader reads the records of one export document.
type ExportReader struct {
	s       *Scanner
	e       Export
	bare    bool    // the document is an array of records
	single  *Record // the one record under a single key, until Next
	state   int
	n       int   // records read from the list
	recLine int64 // line of the record being read, for messages
	follows int64 // line where another document starts (Export.Joined), 0 if none
	key     string
}

// Key is the member of e.Lists or e.Singles that holds the document's
// records, "" for a bare array.
func (r *ExportReader) Key() string { return r.key }

// Following reports, once Next has returned io.EOF, whether another
// document follows (Export.Joined) and the line it starts on.
func (r *ExportReader) Following() (line int64, ok bool) { return r.follows, r.follows > 0 }

const (
	inList = iota
	inSingle
	atEnd
)

// OpenExport reads an export document up to its first record: an object
// holding a list of records under one of e.Lists (or one record under one
// of e.Singles), or a bare array of records. Next reads the records.
//
// Records are decoded as they stand, numbers as json.Number; values nested
// deeper than the depth limit are left out and the record gets a Problem,
// as does one that repeats a member name or is not an object. Invalid
// JSON, a record over the size limit, a file cut short and more JSON after
// the document stop the file.
func (s *Scanner) OpenExport(e Export) (*ExportReader, error) {
	if e.Noun == "" {
		e.Noun = "record"
	}
	r := &ExportReader{s: s, e: e}
	c, err := s.peek()
	if errors.Is(err, io.EOF) {
		return nil, s.Errorf(Pos{}, "the file is empty")
	}
	if err != nil {
		return nil, r.fail(s.ended(err, s.pos))
	}
	switch c {
	case '[':
		s.readByte()
		r.bare = true
		return r, nil
	case '{':
		s.readByte()
	default:
		// Name the first value, even if text follows it ("0001,…").
		v, re := s.readJSON(s.maxRecord, afterTop)
		d := json.NewDecoder(bytes.NewReader(v.Raw))
		d.UseNumber()
		var x any
		if err := d.Decode(&x); err != nil && re != nil {
			return nil, r.fail(re)
		}
		return nil, s.Errorf(Pos{Line: v.Pos.Line}, "expected a JSON object or array, found %s", r.describe(x))
	}
	var seen []string
	for first := true; ; first = false {
		c, err := s.peek()
		if err != nil || c == '}' || c == ']' {
			break
		}
		if !first {
			if c != ',' {
				return nil, r.fail(s.unexpected(c, afterMember))
			}
			s.readByte()
		}
		base := s.off
		key, re := s.readKeyJSON(s.maxRecord)
		if re != nil {
			return nil, r.fail(re)
		}
		list, single := slices.Contains(e.Lists, key), slices.Contains(e.Singles, key)
		if list || single {
			c, err := s.peek()
			if err != nil {
				return nil, r.fail(s.ended(err, s.pos))
			}
			line := s.pos.Line
			switch {
			case c == '[' && list:
				s.readByte()
				r.key, r.e.Noun = key, cmp.Or(e.Nouns[key], e.Noun)
				return r, nil
			case c == '{' && single:
				r.recLine = line
				v, x, re := s.decodeJSON(s.maxRecord-(s.off-base), afterMember)
				if re != nil {
					return nil, r.fail(re)
				}
				r.key, r.e.Noun = key, cmp.Or(e.Nouns[key], e.Noun)
				r.single, r.state = r.record(v, x), inSingle
				return r, nil
			}
			what := "an object"
			if c == '[' {
				what = "a list"
			} else if c != '{' {
				_, x, re := s.decodeJSON(s.maxRecord-(s.off-base), afterMember)
				if re != nil {
					return nil, r.fail(re)
				}
				what = r.describe(x)
			}
			return nil, s.Errorf(Pos{Line: line}, "%q holds %s, not a list of records", key, what)
		}
		v, re := s.readJSON(s.maxRecord-(s.off-base), afterMember)
		if re != nil {
			return nil, r.fail(re)
		}
		if e.Other != nil {
			raw := v.Raw
			if len(raw) > 4<<10 {
				raw = nil
			}
			if err := e.Other(key, raw); err != nil {
				return nil, s.Errorf(Pos{Line: s.pos.Line}, "%w", err)
			}
		}
		seen = append(seen, strconv.Quote(key))
	}
	want := make([]string, 0, len(e.Lists))
	for _, k := range e.Lists {
		want = append(want, strconv.Quote(k))
	}
	found := "no members"
	if len(seen) > 0 {
		found = "only " + joinMax(seen, 8)
	}
	return nil, s.Errorf(Pos{}, "no list of records: expected an object with %s, found %s", joinOr(want), found)
}

// Next returns the next record, or io.EOF after the last one.
func (r *ExportReader) Next() (*Record, error) {
	s := r.s
	switch r.state {
	case atEnd:
		return nil, io.EOF
	case inSingle:
		rec := r.single
		r.single, r.state = nil, atEnd
		more, err := r.finish()
		if err != nil {
			return nil, err
		}
		if more {
			r.state = inList
		}
		return rec, nil
	}
	c, err := s.peek()
	if err != nil {
		return nil, r.fail(s.ended(err, s.pos))
	}
	if c == ']' {
		s.readByte()
		r.state = atEnd
		more, err := r.finish()
		if err != nil {
			return nil, err
		}
		if more {
			r.state = inList
			return r.Next()
		}
		return nil, io.EOF
	}
	if r.n > 0 {
		if c != ',' {
			return nil, r.fail(s.unexpected(c, afterElement))
		}
		s.readByte()
		if c, err = s.peek(); err != nil {
			return nil, r.fail(s.ended(err, s.pos))
		}
	}
	r.n++
	r.recLine = s.pos.Line
	v, x, re := s.decodeJSON(s.maxRecord, afterElement)
	if re != nil {
		return nil, r.fail(re)
	}
	return r.record(v, x), nil
}

// finish reads what follows the records: the rest of the top-level
// object, then nothing. A list key given again (a page joined by hand)
// opens another list of records: more, and Next reads them.
func (r *ExportReader) finish() (more bool, err error) {
	s := r.s
	if !r.bare {
		for {
			c, err := s.peek()
			if err != nil {
				return false, r.fail(s.ended(err, s.pos))
			}
			if c == '}' {
				s.readByte()
				break
			}
			if c != ',' {
				return false, r.fail(s.unexpected(c, afterMember))
			}
			s.readByte()
			base := s.off
			key, re := s.readKeyJSON(s.maxRecord)
			if re != nil {
				return false, r.fail(re)
			}
			if c, err := s.peek(); err == nil && c == '[' && slices.Contains(r.e.Lists, key) {
				s.readByte()
				r.n = 0
				return true, nil
			}
			if _, re := s.readJSON(s.maxRecord-(s.off-base), afterMember); re != nil {
				return false, r.fail(re)
			}
		}
	}
	c, err := s.peek()
	if errors.Is(err, io.EOF) {
		return false, nil
	}
	if err != nil {
		return false, r.fail(s.ended(err, s.pos))
	}
	at := s.pos
	if r.e.Joined {
		if c == '{' || c == '[' {
			r.follows = at.Line
			return false, nil
		}
		keys := make([]string, len(r.e.Lists))
		for i, k := range r.e.Lists {
			keys[i] = strconv.Quote(k)
		}
		noun := r.e.Noun
		if len(r.e.Nouns) > 0 {
			noun = "record" // pages of several kinds
		}
		return false, s.Errorf(Pos{Line: at.Line}, "more JSON after the last page that is not a page of %ss (an object with %s, or a list of them)",
			noun, strings.Join(keys, " or "))
	}
	if c != '{' && c != '[' {
		v, re := s.readJSON(s.maxRecord, afterTop)
		if re != nil {
			return false, r.fail(re)
		}
		at = posAt(v, int64(len(v.Raw)-1))
	}
	return false, s.Errorf(at, "more JSON after the end of the export; a file must hold one export")
}

// fail words a failure to read the export, in the words the ServiceNow
// and Freshservice connectors have always used.
func (r *ExportReader) fail(re *readError) error {
	s := r.s
	switch re.kind {
	case failTooLong:
		what := "the JSON before the records"
		if r.recLine > 0 {
			what = fmt.Sprintf("the record starting on line %d", r.recLine)
		}
		return s.Errorf(Pos{Line: r.recLine}, "%s is larger than %d MiB; is the file damaged?", what, s.maxRecord>>20)
	case failSyntax:
		return s.Errorf(re.at, "invalid JSON: %s", re.msg)
	case failEOF:
		return s.Errorf(Pos{Line: s.pos.Line}, "the file ends in the middle of the JSON; is it truncated?")
	}
	return re.err
}

// record makes a record of v, decoded as x. Values nested deeper than the
// limit are left out (null), and a repeated member name is a problem.
func (r *ExportReader) record(v Value, x any) *Record {
	rec := &Record{Line: v.Pos.Line, Col: v.Pos.Col, Raw: v.Raw}
	fields, ok := x.(map[string]any)
	if !ok {
		rec.Problem = fmt.Sprintf("expected a %s (a JSON object), found %s", r.e.Noun, r.describe(x))
		return rec
	}
	rec.Fields = fields
	dup, deep := inspect(v.Raw, r.s.maxDepth)
	switch {
	case deep:
		prune(fields, 1, r.s.maxDepth)
		rec.Problem = fmt.Sprintf("%s nests values more than %d levels deep", r.e.Noun, r.s.maxDepth)
	case dup != "":
		rec.Key, rec.Problem = dup, fmt.Sprintf("member %q appears twice in the %s", dup, r.e.Noun)
	}
	return rec
}

// describe names a value's type in an export's messages.
func (r *ExportReader) describe(v any) string {
	if _, ok := v.(bool); ok {
		return "true or false"
	}
	return Describe(v)
}

// inspect reads a record's valid JSON text for a member name that repeats
// in an object nested no deeper than max (the first whose value ends
// first), and for a value nested deeper than max: the record is at depth
// 1, its members' values at 2.
func inspect(raw []byte, max int) (dup string, deep bool) {
	type object struct {
		keys    map[string]bool // nil for a list, or an object too deep to read
		key     bool            // a key comes next
		pending string          // a repeated key whose value is being read
	}
	var stack []object
	end := func(o *object) {
		if o.pending != "" && dup == "" {
			dup = o.pending
		}
		o.pending = ""
	}
	for i := 0; i < len(raw); i++ {
		switch c := raw[i]; c {
		case ' ', '\t', '\n', '\r', ':':
		case ',':
			if o := &stack[len(stack)-1]; o.keys != nil {
				end(o)
				o.key = true
			}
		case '}', ']':
			end(&stack[len(stack)-1])
			stack = stack[:len(stack)-1]
		case '{', '[':
			deep = deep || len(stack) >= max
			o := object{}
			if c == '{' {
				o.key = true
				if len(stack) < max {
					o.keys = map[string]bool{}
				}
			}
			stack = append(stack, o)
		case '"':
			j, _ := stringEnd(raw, i+1, false)
			if j < 0 {
				return dup, deep
			}
			if n := len(stack); n > 0 && stack[n-1].key {
				o := &stack[n-1]
				o.key = false
				if o.keys != nil {
					k := string(raw[i+1 : j])
					if strings.IndexByte(k, '\\') >= 0 {
						json.Unmarshal(raw[i:j+1], &k)
					}
					if o.keys[k] {
						o.pending = k
					}
					o.keys[k] = true
				}
			} else {
				deep = deep || len(stack) >= max
			}
			i = j
		default: // a number or a literal
			deep = deep || len(stack) >= max
			for i+1 < len(raw) && !isDelim(raw[i+1]) {
				i++
			}
		}
	}
	return dup, deep
}

// prune sets the values nested deeper than max to null; x is at depth.
func prune(x any, depth, max int) {
	switch x := x.(type) {
	case map[string]any:
		for k, v := range x {
			if depth+1 > max {
				x[k] = nil
			} else {
				prune(v, depth+1, max)
			}
		}
	case []any:
		for i, v := range x {
			if depth+1 > max {
				x[i] = nil
			} else {
				prune(v, depth+1, max)
			}
		}
	}
}

func joinOr(s []string) string {
	switch len(s) {
	case 0:
		return ""
	case 1:
		return s[0]
	}
	return strings.Join(s[:len(s)-1], ", ") + " or " + s[len(s)-1]
}

func joinMax(s []string, n int) string {
	if len(s) <= n {
		return strings.Join(s, ", ")
	}
	return strings.Join(s[:n], ", ") + fmt.Sprintf(" and %d more", len(s)-n)
}

// Sniff reads, from head (the file's first bytes, maybe cut anywhere), the
// key that holds the records ("" for a bare array) and the member names of
// the first record, as far as head goes. ok is false when head is not such
// an export; it is true with no keys when the list is empty or cut before
// its first record.
func (e Export) Sniff(head []byte) (key string, keys map[string]bool, ok bool) {
	s := headScanner(head)
	c, err := s.peek()
	if err != nil {
		return "", nil, false
	}
	switch c {
	case '[':
		s.readByte()
	case '{':
		s.readByte()
		for first := true; ; first = false {
			if !first {
				if c, err := s.peek(); err != nil || c != ',' {
					return "", nil, false
				}
				s.readByte()
			}
			if c, err := s.peek(); err != nil || c != '"' {
				return "", nil, false
			}
			k, _, err := s.readKey()
			if err != nil {
				return "", nil, false
			}
			if slices.Contains(e.Lists, k) || slices.Contains(e.Singles, k) {
				c, err := s.peek()
				if err != nil {
					return k, nil, false
				}
				if c == '{' && slices.Contains(e.Singles, k) {
					return k, names(sniffObject(s, nil, true)), true
				}
				if c != '[' {
					return k, nil, false
				}
				s.readByte()
				key = k
				break
			}
			if !s.skipValue(true) {
				return "", nil, false
			}
		}
	default:
		return "", nil, false
	}
	// The first record; an empty list, or one cut short or broken before
	// its first value, shows no keys.
	c, err = s.peek()
	switch {
	case err != nil || c == ']':
		return key, nil, true
	case c == '{':
		return key, names(sniffObject(s, nil, true)), true
	case c == '[':
		return key, nil, false
	}
	v, err := s.readValue()
	return key, nil, err != nil || !json.Valid(v.Raw)
}

func names(list []string) map[string]bool {
	m := make(map[string]bool, len(list))
	for _, k := range list {
		m[k] = true
	}
	return m
}
