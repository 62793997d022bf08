package jsonstream

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// Pages says where Records finds records besides top-level arrays and
// objects.
type Pages struct {
	// Lists are keys whose list holds a page's records ({"issues": [...]}).
	// An object with one of them is a page; any other object is a record.
	Lists []string
	// Unwrap reads a page met inside an array (pages gathered into a
	// list): its records, and whether obj is a page at all. Nil means an
	// object in an array is always a record.
	Unwrap func(obj map[string]any) (records []any, ok bool)
	// Empty, when set, hears of each top-level page that holds no
	// records (its list empty or null: the last page of a search), with
	// the line it starts on and the names of its other members.
	Empty func(line int64, members []string) error
}

// Records reads a file of records in any of the shapes REST exports take:
// a top-level array of records, a page object whose list (one of p.Lists)
// holds them, a single record object, JSON Lines of records or of pages,
// and any of these back to back ([...][...], as `gh api --paginate`
// writes). Inside a top-level array, arrays and pages are opened two levels
// deep, as `gh api --paginate --slurp` writes them.
//
// fn gets every record in file order with its line and column (a record
// taken from a page met inside an array has the page's place and its text
// written anew). A value that is not an object, or nests deeper than the
// limit, comes with a Problem for the caller to reject. Invalid JSON, a
// record over the size limit and a file cut short stop the file with an
// error naming the line and column.
func (s *Scanner) Records(ctx context.Context, p Pages, fn func(*Record) error) error {
	r := &records{s: s, p: p, ctx: ctx}
	r.fn = func(rec *Record) error {
		r.n++
		return fn(rec)
	}
	err := s.values(func(c byte) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		switch c {
		case '[':
			return r.array()
		case '{':
			return r.object()
		}
		return r.scalar()
	})
	if err != nil {
		return err
	}
	return ctx.Err()
}

type records struct {
	s   *Scanner
	p   Pages
	n   int64 // records passed to fn so far
	fn  func(*Record) error
	ctx context.Context
}

// fail words a failure to read the value that starts at start, in the
// words jira_json and github have always used.
func (r *records) fail(re *readError, start Pos) error {
	s := r.s
	switch re.kind {
	case failTooLong:
		return s.Errorf(start, "the record starting here is larger than %s, the most lanes reads as one record; is the file damaged?", sizeMiB(s.maxRecord))
	case failSyntax:
		msg := re.msg
		if strings.Contains(msg, "exceeded max depth") {
			msg = "nests more than 10000 levels deep"
		}
		return s.Errorf(re.at, "not valid JSON: %s", msg)
	case failEOF:
		return s.Errorf(start, "the file ends inside the JSON value that starts here; is it cut off?")
	}
	return re.err
}

// scalar reads a top-level value that is neither an array nor an object,
// and passes it on as a problem.
func (r *records) scalar() error {
	start := r.s.pos
	v, x, re := r.s.decodeJSON(r.s.maxRecord, afterTop)
	if re != nil {
		return r.fail(re, start)
	}
	text, _ := json.Marshal(x)
	return r.fn(&Record{Line: v.Pos.Line, Col: v.Pos.Col, Raw: text, Problem: "expected a JSON object or array, found " + Describe(x)})
}

// array streams the elements of an array whose "[" is next. A failure
// is placed at the element it cuts short, or where the array ends.
func (r *records) array() error {
	s := r.s
	s.readByte() // [
	end := s.pos
	c, err := s.peek()
	if err != nil {
		return r.fail(s.ended(err, end), end)
	}
	if c == ']' {
		s.readByte()
		return nil
	}
	for n := 0; ; n++ {
		if n%256 == 255 {
			if err := r.ctx.Err(); err != nil {
				return err
			}
		}
		v, x, re := s.decodeJSON(s.maxRecord, afterElement)
		if re != nil {
			return r.fail(re, re.start)
		}
		if err := r.element(v, x); err != nil {
			return err
		}
		end = s.pos
		c, err := s.peek()
		if err != nil {
			return r.fail(s.ended(err, end), end)
		}
		switch c {
		case ']':
			s.readByte()
			return nil
		case ',':
			s.readByte()
		default:
			return r.fail(s.unexpected(c, afterElement), end)
		}
	}
}

// element passes on one element of an array of records, decoded as x.
func (r *records) element(v Value, x any) error {
	rec := &Record{Line: v.Pos.Line, Col: v.Pos.Col, Raw: v.Raw}
	if v.Depth > r.s.maxDepth {
		rec.Problem = fmt.Sprintf("record nests %d levels deep, more than the %d lanes reads", v.Depth, r.s.maxDepth)
		return r.fn(rec)
	}
	return r.value(x, rec, 0)
}

// value passes on x, or the records in it when it is a page or a list
// (level counts the arrays around it).
func (r *records) value(x any, rec *Record, level int) error {
	switch x := x.(type) {
	case map[string]any:
		if level < 2 && r.p.Unwrap != nil {
			if items, ok := r.p.Unwrap(x); ok {
				return r.items(items, rec, level)
			}
		}
		rec.Fields = x
	case []any:
		if level < 2 {
			// An array of pages, as `gh api --paginate --slurp` writes.
			return r.items(x, rec, level)
		}
		rec.Problem = "expected a JSON object, found a list"
	default:
		rec.Problem = "expected a JSON object, found " + Describe(x)
	}
	return r.fn(rec)
}

func (r *records) items(items []any, parent *Record, level int) error {
	for _, it := range items {
		text, err := json.Marshal(it)
		if err != nil {
			text = nil
		}
		rec := &Record{Line: parent.Line, Col: parent.Col, Raw: text}
		if err := r.value(it, rec, level+1); err != nil {
			return err
		}
	}
	return nil
}

// object reads a top-level object whose "{" is next: a page, whose list
// is streamed, or a record, gathered key by key (a repeated key keeps its
// last value, as when decoding).
func (r *records) object() error {
	s := r.s
	start := s.pos
	s.readByte()  // {
	base := s.off // the record's bytes count from here
	var keys []string
	vals := map[string]Value{}
	paged := false
	before := r.n
	for first := true; ; first = false {
		c, err := s.peek()
		if err != nil {
			return r.fail(s.ended(err, start), start)
		}
		if c == '}' {
			s.readByte()
			break
		}
		if !first {
			if c != ',' {
				return r.fail(s.unexpected(c, afterMember), start)
			}
			s.readByte()
		}
		key, re := s.readKeyJSON(s.maxRecord - (s.off - base))
		if re != nil {
			return r.fail(re, start)
		}
		if slices.Contains(r.p.Lists, key) { // again too: a page joined by hand repeats its list key
			c, err := s.peek()
			if err != nil {
				return r.fail(s.ended(err, start), start)
			}
			if c == '[' {
				paged = true
				if err := r.array(); err != nil {
					return err
				}
				base = s.off
				continue
			}
			what := "an object"
			if c != '{' {
				_, x, re := s.decodeJSON(s.maxRecord-(s.off-base), afterMember)
				if re != nil {
					return r.fail(re, start)
				}
				if x == nil {
					paged = true // "issues": null, an empty page
					continue
				}
				what = Describe(x)
			}
			return s.Errorf(start, "%q should be a list of records, found %s", key, what)
		}
		v, re := s.readJSON(s.maxRecord-(s.off-base), afterMember)
		if re != nil {
			return r.fail(re, start)
		}
		if paged {
			keys = append(keys, key) // only the names, for Empty
			continue
		}
		if _, dup := vals[key]; !dup {
			keys = append(keys, key)
		}
		vals[key] = v
	}
	if paged {
		if r.n == before && r.p.Empty != nil {
			return r.p.Empty(start.Line, keys)
		}
		return nil
	}
	var b bytes.Buffer
	depth := 1
	b.WriteByte('{')
	for i, k := range keys {
		if i > 0 {
			b.WriteByte(',')
		}
		kb, _ := json.Marshal(k)
		b.Write(kb)
		b.WriteByte(':')
		b.Write(vals[k].Raw)
		depth = max(depth, 1+vals[k].Depth)
	}
	b.WriteByte('}')
	rec := &Record{Line: start.Line, Col: start.Col, Raw: b.Bytes()}
	if depth > s.maxDepth {
		rec.Problem = fmt.Sprintf("record nests %d levels deep, more than the %d lanes reads", depth, s.maxDepth)
		return r.fn(rec)
	}
	x, err := parse(Value{Raw: rec.Raw, Pos: start})
	if err != nil {
		return s.Errorf(start, "%w", err)
	}
	rec.Fields, _ = x.(map[string]any)
	return r.fn(rec)
}

// Sniff reads, from head (the file's first bytes, maybe cut anywhere), the
// keys of the first record Records would pass on: the first element of a
// top-level array (or of the first array in it), the first element of a
// page's list, or the top-level object itself. A page whose list shows no
// element gives the page's own keys. ok is false when head shows no
// object.
func (p Pages) Sniff(head []byte) (keys map[string]bool, ok bool) {
	s := headScanner(head)
	c, err := s.peek()
	for range 3 {
		if err != nil {
			return nil, false
		}
		switch c {
		case '{':
			lists := map[string][]string{}
			names := sniffObject(s, lists, true)
			for _, k := range names {
				if l, ok := lists[k]; ok && slices.Contains(p.Lists, k) {
					names = l
					break
				}
			}
			keys = map[string]bool{}
			for _, k := range names {
				keys[k] = true
			}
			return keys, len(keys) > 0
		case '[':
			s.readByte()
			c, err = s.peek()
		default:
			return nil, false
		}
	}
	return nil, false
}
