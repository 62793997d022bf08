package jsonstream

import (
	"bufio"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"

	"github.com/lanes-dev/lanes/ingest"
)

// Record is one record: a JSON object, numbers as json.Number.
type Record struct {
	Line, Col int64 // where it starts (Col is 0 where Walk does not say)
	Fields    map[string]any
	Raw       []byte // the record's JSON text, for rejects; nil when it was read key by key
	// Problem says why the value cannot be read as a record (Records,
	// OpenExport); Fields may then be nil. Key names the member it is
	// about, if one.
	Problem, Key string
}

// RawText is the record's text for a reject.
func (r *Record) RawText() string {
	if r.Raw != nil {
		return RawText(r.Raw)
	}
	b, _ := json.Marshal(r.Fields)
	return RawText(b)
}

// FieldsText is the record's fields written as JSON (keys sorted), for a
// reject's raw column.
func (r *Record) FieldsText() string {
	b, _ := json.Marshal(r.Fields)
	return Clip(b)
}

// Layout says where a format keeps its records.
//
// A file holds one or more top-level values (one document, JSON Lines, or
// documents written one after another); a top-level array holds documents
// or records. An object is a page when it has one of the Lists or Singles
// keys (or, with AnyList, a list of objects and no record key), wherever
// they stand among its keys; otherwise the object itself is a record.
type Layout struct {
	// Lists are keys whose array holds records ("tickets"), whatever the
	// object's other keys. Every list in a page is read.
	Lists []string
	// Singles are keys whose object is one record ("ticket").
	Singles []string
	// Sides are keys of side-loaded arrays (or single objects) that are
	// passed to Handler.Side ("users", "groups").
	Sides []string
	// Hold keeps a page's records until its object closes, so that the
	// side-loads written after them are known before they are mapped.
	// Records beyond a memory budget wait in a temporary file.
	Hold bool
	// AnyList makes an array of objects under any other key a list of
	// records when the object has no Lists key and no record key, before
	// or after it; every such list is read. Until the object closes its
	// elements wait (in memory up to a budget, then in a temporary file).
	AnyList bool
	// RecordKey reports whether a key marks an object as a record rather
	// than a page of AnyList lists; a Lists key makes a page all the same.
	// Nil means none does.
	RecordKey func(key string) bool
	// ArrayOfRecords reads each element of a top-level array whole, as a
	// record passed to Handler.Item, so that a syntax error inside one is
	// a reject. Otherwise elements are read key by key, as pages or records.
	ArrayOfRecords bool
}

// Page is what an object held besides its records.
type Page struct {
	Line int64
	// Listed is true when the object had a list or single key: it was a
	// page. Otherwise Fields is the whole object, a record.
	Listed bool
	// ListKey is the key the records came from (the last one, when
	// several lists held them).
	ListKey string
	// Fields are the object's other keys.
	Fields map[string]any
	// Sides lists the side-load keys present, in file order.
	Sides []string
}

// Handler receives what Walk finds, in file order.
type Handler interface {
	// Item receives one record from a page's list.
	Item(rec *Record) error
	// Side receives one element of a side-loaded list.
	Side(key string, rec *Record) error
	// End is called when an object closes, after its records (held ones
	// are passed first); for an object that was not a page, Fields is the
	// record.
	End(p *Page) error
}

// Rejecter takes rejected rows; an ingest.Sink is one.
type Rejecter interface {
	Reject(r ingest.Reject) error
}

// Walk reads the whole file, passing records and side-loads to h and
// rejecting (through sink) values that are not valid JSON objects.
func (s *Scanner) Walk(l Layout, h Handler, sink Rejecter) error {
	w := &walker{s: s, l: l, h: h, sink: sink}
	defer w.hold.close()
	defer w.held.close()
	return s.values(func(c byte) error {
		switch c {
		case '{':
			return w.object(1)
		case '[':
			return w.array()
		case '"', '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 't', 'f', 'n':
			return s.Errorf(s.pos, "expected a JSON object or array, found %s", describeValue(c))
		}
		return s.Errorf(s.pos, "expected a JSON object or array, found %s", describeByte(c))
	})
}

// values calls fn with the first byte of each top-level value; a file
// without one is an error.
func (s *Scanner) values(fn func(c byte) error) error {
	s.top = topValues{lines: true}
	for n := 0; ; n++ {
		c, err := s.peek()
		if errors.Is(err, io.EOF) {
			if n == 0 {
				return s.Errorf(Pos{}, "the file holds no JSON")
			}
			return nil
		}
		if err != nil {
			return s.readFailure(err)
		}
		s.top.start = s.pos
		if err := fn(c); err != nil {
			return err
		}
		s.top.n++
		s.top.lines = s.top.lines && s.top.start.Col == 1 && s.pos.Line == s.top.start.Line
	}
}

// topValues is what the top-level values read so far look like.
type topValues struct {
	n     int  // read whole
	lines bool // each started a line and ended on it
	start Pos  // of the value being read
}

// OnePerLine reports, once reading has stopped inside a top-level value,
// whether the file looks like JSON Lines: the values before it each stood
// on a line of their own and it starts a line too; or it is the first, and
// reading stopped at the start of a later line that opens an object (a
// line cut short). A connector that also reads JSON Lines, where a bad
// line is rejected and the next read, can then say so. Text that is not
// UTF-8 (or not UTF-16) would stop JSON Lines too: reading stopped on
// it, OnePerLine is false.
func (s *Scanner) OnePerLine() bool {
	if s.badText || s.top.start.Col != 1 || !s.top.lines {
		return false
	}
	if s.top.n > 0 {
		return true
	}
	b, err := s.br.Peek(1)
	return s.pos.Col == 1 && s.pos.Line > s.top.start.Line && err == nil && b[0] == '{'
}

func describeValue(c byte) string {
	switch c {
	case '"':
		return "a string"
	case 't', 'f':
		return "true or false"
	case 'n':
		return "null"
	}
	return "a number"
}

type walker struct {
	s    *Scanner
	l    Layout
	h    Handler
	sink Rejecter
	hold spool
	// held keeps the elements of an object's lists of objects under keys
	// that are not list keys (Layout.AnyList) until the object closes,
	// and lists says whose they are.
	held  spool
	lists []heldList
}

// array reads a top-level array: objects (pages or records), one by one.
func (w *walker) array() error {
	s := w.s
	return s.elements("an array element", func(c byte) error {
		switch {
		case c == '{' && w.l.ArrayOfRecords:
			v, err := s.readValue()
			if err != nil {
				return err
			}
			rec, err := w.record(v)
			if err != nil || rec == nil {
				return err
			}
			return w.h.Item(rec)
		case c == '{':
			return w.object(2)
		}
		v, err := s.readValue()
		if err != nil {
			return err
		}
		return w.reject(v, "expected an object, found "+kindOf(v))
	})
}

// elements reads an array whose "[" is next, calling fn with the first
// byte of each element, which fn reads; what names an element in
// messages.
func (s *Scanner) elements(what string, fn func(c byte) error) error {
	s.readByte() // [
	if c, err := s.peek(); err == nil && c == ']' {
		s.readByte()
		return nil
	}
	for {
		c, err := s.peek()
		if err != nil {
			return s.eofError(err, "a value")
		}
		if err := fn(c); err != nil {
			return err
		}
		if c, err := s.expect(",]", `"," or "]" after `+what); err != nil {
			return err
		} else if c == ']' {
			return nil
		}
	}
}

func kindOf(v Value) string {
	if len(v.Raw) == 0 {
		return "nothing"
	}
	switch v.Raw[0] {
	case '[':
		return "an array"
	case '{':
		return "an object"
	}
	return describeValue(v.Raw[0])
}

func (w *walker) reject(v Value, reason string) error {
	return w.sink.Reject(ingest.Reject{Line: v.Pos.Line, Reason: reason, Raw: RawText(v.Raw)})
}

// record decodes v as a record, or rejects it (nil, nil).
func (w *walker) record(v Value) (*Record, error) {
	if v.Depth > w.s.maxDepth {
		return nil, w.reject(v, fmt.Sprintf("the record nests objects and arrays %d levels deep, more than the limit of %d", v.Depth, w.s.maxDepth))
	}
	x, bad, err := w.s.decode(v)
	if err != nil {
		return nil, err
	}
	if bad != nil {
		return nil, w.reject(v, "invalid JSON at "+bad.Error())
	}
	m, ok := x.(map[string]any)
	if !ok {
		return nil, w.reject(v, "expected an object, found "+kindOf(v))
	}
	return &Record{Line: v.Pos.Line, Fields: m, Raw: v.Raw}, nil
}

// object reads an object whose "{" is next; depth is its nesting level.
func (w *walker) object(depth int) error {
	s, l := w.s, w.l
	start := s.pos
	s.readByte() // {
	p := &Page{Line: start.Line, Fields: map[string]any{}}
	var restBytes int64
	var bad string // first problem of a record read key by key
	recordKeySeen := false
	w.lists = w.lists[:0]
	defer w.held.reset()
	// member keeps one of the object's other keys, as a field of the
	// record it may be.
	grow := func(n int64) error {
		restBytes += n
		if restBytes > s.maxRecord {
			return s.Errorf(start, "the object is longer than %s without a list of records in it", size(s.maxRecord))
		}
		return nil
	}
	member := func(key string, kpos Pos, vdepth int, decode func() (x any, invalid, err error)) error {
		if depth+vdepth > s.maxDepth {
			if bad == "" {
				bad = fmt.Sprintf("the record nests objects and arrays more than %d levels deep (key %q, line %d)", s.maxDepth, key, kpos.Line)
			}
			return nil
		}
		x, invalid, err := decode()
		if err != nil {
			return err
		}
		if invalid != nil {
			if bad == "" {
				bad = fmt.Sprintf("invalid JSON in key %q at %v", key, invalid)
			}
			return nil
		}
		p.Fields[key] = x
		return nil
	}
	if c, err := s.peek(); err == nil && c == '}' {
		s.readByte()
		return w.end(p, start, bad)
	}
	for {
		key, kpos, err := s.readKey()
		if err != nil {
			return err
		}
		c, err := s.peek()
		if err != nil {
			return s.eofError(err, "a value")
		}
		recordKey := l.RecordKey != nil && l.RecordKey(key)
		switch {
		case c == '[' && slices.Contains(l.Sides, key):
			p.Sides = append(p.Sides, key)
			if err := w.list(func(v Value) error {
				rec, err := w.record(v)
				if err != nil || rec == nil {
					return err
				}
				return w.h.Side(key, rec)
			}); err != nil {
				return err
			}
		case c == '{' && slices.Contains(l.Sides, key):
			p.Sides = append(p.Sides, key)
			v, err := s.readValue()
			if err != nil {
				return err
			}
			if rec, err := w.record(v); err != nil {
				return err
			} else if rec != nil {
				if err := w.h.Side(key, rec); err != nil {
					return err
				}
			}
		case c == '[' && slices.Contains(l.Lists, key):
			// The records, under a key the format names: the object is a
			// page whatever its other keys (an export's own id, created
			// or status). A second list (another list key, or the same
			// one given again, as a page joined by hand may) is read too,
			// none dropped.
			p.Listed, p.ListKey = true, key
			if err := w.list(w.item); err != nil {
				return err
			}
		case c == '[' && l.AnyList && !p.Listed && !recordKeySeen && !recordKey && w.objectsFollow():
			// Objects under another key: the records, if the object is a
			// page, which only its close tells (a record key or a list
			// key may come after), so they wait until then.
			n := len(w.lists)
			w.lists = append(w.lists, heldList{key: key, kpos: kpos})
			if err := w.list(func(v Value) error {
				hl := &w.lists[n]
				hl.n++
				hl.bytes += int64(len(v.Raw)) + 1
				hl.depth = max(hl.depth, 1+v.Depth)
				return w.held.add(v)
			}); err != nil {
				return err
			}
		case c == '{' && !p.Listed && !recordKeySeen && slices.Contains(l.Singles, key):
			p.Listed, p.ListKey = true, key
			v, err := s.readValue()
			if err != nil {
				return err
			}
			if err := w.item(v); err != nil {
				return err
			}
		default:
			if recordKey {
				recordKeySeen = true
			}
			v, err := s.readValue()
			if err != nil {
				return err
			}
			for i := range w.lists {
				if w.lists[i].key == key {
					w.lists[i].replaced = true // the last value of a key wins
				}
			}
			if err := grow(int64(len(v.Raw))); err != nil {
				return err
			}
			if err := member(key, kpos, v.Depth, func() (any, error, error) { return s.decode(v) }); err != nil {
				return err
			}
		}
		c, err = s.expect(",}", `"," or "}" after an object value`)
		if err != nil {
			return err
		}
		if c == '}' {
			break
		}
	}
	if len(w.lists) > 0 {
		if err := w.heldLists(p, recordKeySeen, grow, member); err != nil {
			return err
		}
	}
	if p.Listed && w.l.Hold {
		if err := w.hold.each(func(v Value) error {
			rec, err := w.record(v)
			if err != nil || rec == nil {
				return err
			}
			return w.h.Item(rec)
		}); err != nil {
			return err
		}
	}
	return w.end(p, start, bad)
}

// heldList is a list of objects (Layout.AnyList) whose elements wait in
// walker.held until its object closes.
type heldList struct {
	key      string
	kpos     Pos
	n        int   // elements
	bytes    int64 // their text, with a comma each
	depth    int   // deepest nesting, the list's brackets included
	replaced bool  // the key is given again with another value, which wins
}

// heldLists settles the lists of objects an object held (Layout.AnyList)
// once it has closed. With no list key and no record key, the object is a
// page and every list holds records, in file order: an export's open and
// closed tickets, say. Otherwise each list is a member of the record (its
// comments) or of the page (a side list next to "data").
func (w *walker) heldLists(p *Page, recordKeySeen bool, grow func(n int64) error, member func(key string, kpos Pos, depth int, decode func() (x any, invalid, err error)) error) error {
	live := false
	for _, hl := range w.lists {
		live = live || !hl.replaced
	}
	if live && !p.Listed && !recordKeySeen {
		p.Listed = true
		i, left := 0, 0
		return w.held.each(func(v Value) error {
			for left == 0 {
				left = w.lists[i].n
				i++
			}
			left--
			if hl := w.lists[i-1]; !hl.replaced {
				p.ListKey = hl.key
				return w.item(v)
			}
			return nil
		})
	}
	// The size is checked first, so that a long list is not read back
	// into memory only to be refused.
	for _, hl := range w.lists {
		if !hl.replaced {
			if err := grow(hl.bytes + 1); err != nil {
				return err
			}
		}
	}
	var vals []Value
	i := 0
	return w.held.each(func(v Value) error {
		for len(vals) == w.lists[i].n {
			// Lists are settled after their last element; an empty one
			// was not held.
			i++
			vals = vals[:0]
		}
		vals = append(vals, v)
		hl := w.lists[i]
		if len(vals) < hl.n || hl.replaced {
			return nil
		}
		return member(hl.key, hl.kpos, hl.depth, func() (any, error, error) {
			out := make([]any, len(vals))
			for j, v := range vals {
				x, invalid, err := w.s.decode(v)
				if invalid != nil || err != nil {
					return nil, invalid, err
				}
				out[j] = x
			}
			return out, nil, nil
		})
	})
}

func (w *walker) end(p *Page, start Pos, bad string) error {
	if !p.Listed && bad != "" {
		b, _ := json.Marshal(p.Fields)
		return w.sink.Reject(ingest.Reject{Line: start.Line, Reason: bad, Raw: RawText(b)})
	}
	if p.Listed && bad != "" {
		if err := w.sink.Reject(ingest.Reject{Line: start.Line, Reason: bad}); err != nil {
			return err
		}
	}
	return w.h.End(p)
}

// objectsFollow reports whether the array about to be read starts with an
// object. It peeks without consuming.
func (w *walker) objectsFollow() bool {
	for n := 2; n < 4096; n++ {
		b, err := w.s.br.Peek(n)
		if err != nil && len(b) < n {
			return false
		}
		switch b[n-1] {
		case ' ', '\t', '\n', '\r':
			continue
		case '{':
			return true
		}
		return false
	}
	return false
}

// item passes a list element on now, or holds it until the page closes.
func (w *walker) item(v Value) error {
	if w.l.Hold {
		return w.hold.add(v)
	}
	rec, err := w.record(v)
	if err != nil || rec == nil {
		return err
	}
	return w.h.Item(rec)
}

// list reads an array (its "[" is next), passing each element to fn.
func (w *walker) list(fn func(Value) error) error {
	return w.s.elements("a list element", func(byte) error {
		v, err := w.s.readValue()
		if err != nil {
			return err
		}
		return fn(v)
	})
}

// depthOf measures how deeply raw JSON nests objects and arrays.
func depthOf(raw []byte) int {
	depth, deepest := 0, 0
	for i := 0; i < len(raw); i++ {
		switch raw[i] {
		case '"':
			if i, _ = stringEnd(raw, i+1, false); i < 0 {
				return deepest
			}
		case '{', '[':
			depth++
			deepest = max(deepest, depth)
		case '}', ']':
			depth--
		}
	}
	return deepest
}

// spool holds a page's records: in memory up to a budget, then in a
// temporary file.
type spool struct {
	mem   []Value
	bytes int64
	file  *os.File
	w     *bufio.Writer
	n     int
}

// spoolMemory is how much of a page's records is held in memory.
var spoolMemory int64 = 64 << 20

func (sp *spool) add(v Value) error {
	if sp.file == nil && sp.bytes+int64(len(v.Raw)) <= spoolMemory {
		sp.mem = append(sp.mem, v)
		sp.bytes += int64(len(v.Raw))
		return nil
	}
	if sp.file == nil {
		f, err := os.CreateTemp("", "lanes-page-*.spool")
		if err != nil {
			return fmt.Errorf("holding a large page: %w", err)
		}
		sp.file, sp.w = f, bufio.NewWriterSize(f, 1<<20)
	}
	var hdr [32]byte
	binary.LittleEndian.PutUint64(hdr[:8], uint64(v.Pos.Line))
	binary.LittleEndian.PutUint64(hdr[8:16], uint64(v.Pos.Col))
	binary.LittleEndian.PutUint64(hdr[16:24], uint64(v.Depth))
	binary.LittleEndian.PutUint64(hdr[24:], uint64(len(v.Raw)))
	if _, err := sp.w.Write(hdr[:]); err != nil {
		return fmt.Errorf("holding a large page: %w", err)
	}
	if _, err := sp.w.Write(v.Raw); err != nil {
		return fmt.Errorf("holding a large page: %w", err)
	}
	sp.n++
	return nil
}

// each passes every held record to fn in order, then empties the spool.
func (sp *spool) each(fn func(Value) error) error {
	defer sp.reset()
	for _, v := range sp.mem {
		if err := fn(v); err != nil {
			return err
		}
	}
	if sp.file == nil {
		return nil
	}
	if err := sp.w.Flush(); err != nil {
		return fmt.Errorf("holding a large page: %w", err)
	}
	if _, err := sp.file.Seek(0, io.SeekStart); err != nil {
		return fmt.Errorf("holding a large page: %w", err)
	}
	r := bufio.NewReaderSize(sp.file, 1<<20)
	for i := 0; i < sp.n; i++ {
		var hdr [32]byte
		if _, err := io.ReadFull(r, hdr[:]); err != nil {
			return fmt.Errorf("holding a large page: %w", err)
		}
		v := Value{
			Pos:   Pos{Line: int64(binary.LittleEndian.Uint64(hdr[:8])), Col: int64(binary.LittleEndian.Uint64(hdr[8:16]))},
			Depth: int(binary.LittleEndian.Uint64(hdr[16:24])),
			Raw:   make([]byte, binary.LittleEndian.Uint64(hdr[24:])),
		}
		if _, err := io.ReadFull(r, v.Raw); err != nil {
			return fmt.Errorf("holding a large page: %w", err)
		}
		if err := fn(v); err != nil {
			return err
		}
	}
	return nil
}

func (sp *spool) reset() {
	sp.close()
	sp.mem, sp.bytes, sp.n = nil, 0, 0
}

func (sp *spool) close() {
	if sp.file != nil {
		name := sp.file.Name()
		sp.file.Close()
		os.Remove(name)
		sp.file, sp.w = nil, nil
	}
}
