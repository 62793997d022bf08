// Package xes reads event logs in XES (IEEE 1849), the process-mining
// standard, optionally gzip-compressed (.xes.gz): a <log> of <trace>s, each
// a case with attributes (concept:name is its id) and <event>s with
// concept:name (the activity), time:timestamp, org:resource and org:group.
//
// The file is read as a stream, one trace at a time; see package eventlog
// for how a case becomes a ticket and its events. Limits keep a crafted
// file from exhausting memory: nesting depth, the size of one tag or value,
// attributes per element and events per trace.
package xes

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/ianaindex"
	"golang.org/x/text/encoding/unicode"

	"github.com/lanes-dev/lanes/ingest"
	"github.com/lanes-dev/lanes/ingest/eventlog"
)

// Name is the connector's format name, as given to --source.
const Name = "xes"

const format = "xes"

// Limits.
var (
	maxDepth          = 32
	maxTokenBytes     = int64(1 << 20)
	maxAttrs          = 1000
	maxEventsPerTrace = 1_000_000
)

func init() { ingest.Register(Connector{}) }

// Connector reads XES event logs.
type Connector struct{}

// Name implements ingest.Connector.
func (Connector) Name() string { return Name }

// CountsFromEvents implements ingest.EventCounter: a trace's reopen and
// reassignment counts are counted from its events (eventlog.Case.Build).
func (Connector) CountsFromEvents() bool { return true }

// System implements ingest.Connector.
func (Connector) System() string { return "eventlog" }

var gzipMagic = []byte{0x1f, 0x8b}

// Detect implements ingest.Connector: an XML document whose root is <log>
// with the XES namespace, version or traces; gzip is looked through.
func (Connector) Detect(path string, head []byte) (int, string) {
	how := "XML"
	if bytes.HasPrefix(head, gzipMagic) {
		zr, err := gzip.NewReader(bytes.NewReader(head))
		if err != nil {
			return 0, ""
		}
		inner := make([]byte, 16<<10)
		n, _ := io.ReadFull(zr, inner)
		head, how = inner[:n], "gzip-compressed XML"
	}
	if u16 := utf16Encoding(head); u16 != nil {
		head, _ = u16.NewDecoder().Bytes(head[:len(head)&^1])
		how = "UTF-16 " + how
	}
	head = bytes.TrimPrefix(head, []byte("\xEF\xBB\xBF"))
	text := string(bytes.TrimSpace(head))
	if !strings.HasPrefix(text, "<") {
		return 0, ""
	}
	log := strings.Index(text, "<log")
	if log < 0 || (len(text) > log+4 && !strings.ContainsAny(text[log+4:log+5], " \t\r\n>")) {
		return 0, ""
	}
	switch {
	case strings.Contains(text, "xes.version") || strings.Contains(text, "xes-standard.org"):
		return 96, how + " with an XES <log> root"
	case strings.Contains(text, "<trace"):
		return 80, how + " with a <log> of <trace>s"
	case strings.HasSuffix(strings.ToLower(path), ".xes") || strings.HasSuffix(strings.ToLower(path), ".xes.gz"):
		return 60, how + " <log> in a .xes file"
	}
	return 0, ""
}

var errTooLong = errors.New("token too long")

// limiter feeds the XML decoder and refuses more than max bytes between
// two tokens: one tag with its attributes, or one run of text.
type limiter struct {
	r   *bufio.Reader
	n   int64
	max int64
}

func (l *limiter) ReadByte() (byte, error) {
	if l.n >= l.max {
		return 0, errTooLong
	}
	l.n++
	return l.r.ReadByte()
}

func (l *limiter) Read(p []byte) (int, error) {
	if l.n >= l.max {
		return 0, errTooLong
	}
	if rest := l.max - l.n; int64(len(p)) > rest {
		p = p[:rest]
	}
	n, err := l.r.Read(p)
	l.n += int64(n)
	return n, err
}

// maxRawBytes bounds the text of a trace or an event kept as a reject's
// raw text, as the CSV connectors bound a row's.
const maxRawBytes = 64 << 10

// tap hands the XML decoder its bytes one at a time (the decoder then
// reads no further ahead than it consumes) and keeps the text of the trace
// and of the event being read, for a reject's raw text.
type tap struct {
	r            io.ByteReader
	n            int64 // bytes read
	last         byte
	trace, event capture
}

// capture is the text read from offset base on, up to maxRawBytes.
type capture struct {
	base int64
	buf  []byte
	cut  bool
}

func (t *tap) ReadByte() (byte, error) {
	b, err := t.r.ReadByte()
	if err != nil {
		return b, err
	}
	t.n++
	t.last = b
	t.trace.add(b)
	t.event.add(b)
	return b, nil
}

func (t *tap) Read(p []byte) (int, error) {
	for i := range p {
		b, err := t.ReadByte()
		if err != nil {
			return i, err
		}
		p[i] = b
	}
	return len(p), nil
}

func (c *capture) add(b byte) {
	if len(c.buf) < maxRawBytes {
		c.buf = append(c.buf, b)
	} else {
		c.cut = true
	}
}

// restart drops the text before offset at (the decoder's position: it may
// have read one byte past it, which it reads again).
func (t *tap) restart(c *capture, at int64) {
	switch drop := at - c.base; {
	case drop <= 0:
		return
	case !c.cut && drop <= int64(len(c.buf)):
		c.buf = c.buf[:copy(c.buf, c.buf[drop:])]
	default:
		c.buf, c.cut = c.buf[:0], false
		if t.n > at {
			c.buf = append(c.buf, t.last)
		}
	}
	c.base = at
}

// text is the captured text up to offset at.
func (c *capture) text(at int64) string {
	b := c.buf
	if n := at - c.base; n >= 0 && n < int64(len(b)) {
		b = b[:n]
	}
	s := strings.ToValidUTF8(string(b), "\uFFFD")
	if c.cut && int64(len(c.buf)) < at-c.base {
		s += " …(truncated)"
	}
	return s
}

// reader is the state of one file.
type reader struct {
	in    *ingest.Input
	watch *eventlog.Watch // times are read in watch.Loc, see eventlog.Case.Ambiguous
	sink  ingest.Sink
	dec   *xml.Decoder
	tap   *tap
	strs  eventlog.Interner
	stack []string
}

// traceText and eventText are the text of the trace and of the event being
// read, up to where the decoder is.
func (r *reader) traceText() string { return r.tap.trace.text(r.dec.InputOffset()) }
func (r *reader) eventText() string { return r.tap.event.text(r.dec.InputOffset()) }

func (r *reader) line() int64 {
	l, _ := r.dec.InputPos()
	return int64(l)
}

func (r *reader) errorf(line int64, format_ string, args ...any) error {
	return &ingest.FileError{Format: format, Path: r.in.Path, Line: line, Err: fmt.Errorf(format_, args...)}
}

// Read implements ingest.Connector.
func (Connector) Read(ctx context.Context, in *ingest.Input, sink ingest.Sink) error {
	r := &reader{in: in, sink: sink, strs: eventlog.Interner{}, watch: eventlog.NewWatch(in.Location)}
	defer r.watch.Stop()
	br := bufio.NewReaderSize(in.Reader, 64<<10)
	if start, _ := br.Peek(2); len(start) == 0 {
		return r.errorf(0, "the file is empty")
	}
	unzipped, err := eventlog.Gunzip(br)
	if err != nil {
		return r.errorf(0, "%w", err)
	}
	br = bufio.NewReaderSize(unzipped, 64<<10)
	// UTF-16 with a byte order mark is read as UTF-8 text from here on;
	// its declaration's encoding="UTF-16" then names what was undone.
	utf16 := false
	start, _ := br.Peek(2)
	if big, ok := ingest.UTF16BOM(start); ok {
		br.Discard(2)
		br = bufio.NewReaderSize(ingest.NewUTF16Reader(br, big), 64<<10)
		utf16 = true
	}
	lim := &limiter{r: br, max: maxTokenBytes}
	r.tap = &tap{r: lim}
	r.dec = xml.NewDecoder(r.tap)
	r.dec.Strict = true
	r.dec.CharsetReader = func(label string, input io.Reader) (io.Reader, error) {
		if utf16 && strings.HasPrefix(strings.ToUpper(label), "UTF-16") {
			return input, nil
		}
		dec, err := charsetReader(label, input)
		if err != nil {
			return nil, err
		}
		// The text is kept as decoded.
		r.tap = &tap{r: bufio.NewReader(dec), n: r.dec.InputOffset()}
		return r.tap, nil
	}
	var root bool
	var tr *trace
	var ev *event
	var stray *ingest.Reject // an <event> outside any trace, sent at its end
	for n := 0; ; n++ {
		if n%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		lim.n = 0
		// Between traces (and between a trace's events), the text kept
		// starts again where the next token does.
		at := r.dec.InputOffset()
		switch len(r.stack) {
		case 0, 1:
			r.tap.restart(&r.tap.trace, at)
			r.tap.restart(&r.tap.event, at)
		case 2:
			r.tap.restart(&r.tap.event, at)
		}
		tok, err := r.dec.Token()
		if errors.Is(err, io.EOF) {
			if !root {
				return r.errorf(0, "no <log> element; is this an XES file?")
			}
			if len(r.stack) > 0 {
				return r.errorf(r.line(), "the file ends inside <%s>; is it cut short?", r.stack[len(r.stack)-1])
			}
			return nil
		}
		if err != nil {
			return r.xmlError(err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			name := t.Name.Local
			r.stack = append(r.stack, name)
			depth := len(r.stack)
			if depth > maxDepth {
				return r.errorf(r.line(), "elements are nested more than %d deep", maxDepth)
			}
			switch {
			case depth == 1:
				if name != "log" {
					return r.errorf(r.line(), "the root element is <%s>, not <log>; is this an XES file?", name)
				}
				root = true
			case depth == 2 && name == "trace":
				tr = &trace{c: eventlog.Case{Line: r.line()}}
			case depth == 2 && name == "event":
				stray = &ingest.Reject{Line: r.line(), Reason: "an <event> outside any <trace> belongs to no case"}
			case depth == 3 && tr != nil && name == "event":
				ev = &event{e: eventlog.Event{Line: r.line()}, afterBad: tr.bad != nil}
			case depth == 3 && tr != nil:
				r.traceAttr(tr, name, t.Attr)
			case depth == 4 && ev != nil:
				r.eventAttr(tr, ev, name, t.Attr)
			}
		case xml.EndElement:
			depth := len(r.stack)
			r.stack = r.stack[:depth-1]
			switch {
			case depth == 3 && ev != nil:
				r.endEvent(tr, ev)
				ev = nil
				if len(tr.c.Events) > maxEventsPerTrace {
					return r.errorf(r.line(), "trace %q has more than %d events", tr.c.ID, maxEventsPerTrace)
				}
			case depth == 2 && tr != nil:
				if err := r.endTrace(tr); err != nil {
					return err
				}
				tr = nil
			case depth == 2 && stray != nil:
				stray.Raw = r.traceText()
				if err := sink.Reject(*stray); err != nil {
					return err
				}
				stray = nil
			}
		}
	}
}

// utf16Encoding is the UTF-16 encoding whose byte order mark starts
// head (the mark is dropped when decoding), or nil.
func utf16Encoding(head []byte) encoding.Encoding {
	switch {
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}):
		return unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM)
	case bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		return unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM)
	}
	return nil
}

// charsetReader decodes a log that declares an encoding other than UTF-8
// (ISO-8859-1, windows-1252, ...).
func charsetReader(label string, input io.Reader) (io.Reader, error) {
	enc, err := ianaindex.IANA.Encoding(label)
	if err != nil || enc == nil {
		return nil, &charsetError{label}
	}
	return enc.NewDecoder().Reader(input), nil
}

type charsetError struct{ label string }

func (e *charsetError) Error() string {
	return fmt.Sprintf("the file declares encoding %q, which lanes cannot read; convert it to UTF-8 and ingest it again", e.label)
}

func (r *reader) xmlError(err error) error {
	var se *xml.SyntaxError
	var ce *charsetError
	var ue *ingest.UTF16Error
	switch {
	case errors.As(err, &ue):
		return &ingest.FileError{Format: format, Path: r.in.Path, Line: ue.Line, Column: strconv.FormatInt(ue.Character, 10), Err: err}
	case errors.As(err, &ce):
		return r.errorf(r.line(), "%v", ce)
	case errors.Is(err, eventlog.ErrGzipCut):
		if len(r.stack) > 0 {
			return r.errorf(r.line(), "the file ends inside <%s>, where the gzip-compressed data ends early; is it cut short?", r.stack[len(r.stack)-1])
		}
		return r.errorf(r.line(), "%v", err)
	case errors.Is(err, errTooLong):
		return r.errorf(r.line(), "a tag or text is longer than %s; is this an XES file?", size(maxTokenBytes))
	case errors.As(err, &se):
		if strings.Contains(se.Msg, "unexpected EOF") {
			if len(r.stack) > 0 {
				return r.errorf(int64(se.Line), "the file ends inside <%s>; is it cut short?", r.stack[len(r.stack)-1])
			}
			return r.errorf(int64(se.Line), "the file ends in the middle of a tag; is it cut short?")
		}
		return r.errorf(int64(se.Line), "invalid XML: %s", se.Msg)
	}
	return r.errorf(r.line(), "%v", err)
}

type trace struct {
	c     eventlog.Case
	bad   *ingest.Reject
	named bool // concept:name seen
}

type event struct {
	e        eventlog.Event
	afterBad bool // the trace was rejected before this event
	tsLine   int64
	ts       string
	seen     map[string]bool
}

// attr reads an XES attribute element's key and value.
func attr(attrs []xml.Attr) (key, value string) {
	for _, a := range attrs {
		switch a.Name.Local {
		case "key":
			key = a.Value
		case "value":
			value = a.Value
		}
	}
	return key, value
}

var attributeTypes = map[string]bool{"string": true, "date": true, "int": true, "float": true, "boolean": true, "id": true}

func (r *reader) traceAttr(tr *trace, typ string, attrs []xml.Attr) {
	if !attributeTypes[typ] {
		return
	}
	key, value := attr(attrs)
	switch key {
	case "concept:name":
		if tr.named {
			r.reject(tr, r.line(), key, "the trace has concept:name twice")
			return
		}
		tr.c.ID, tr.named = strings.TrimSpace(value), true
		return
	case "description", "case:description", "title", "summary":
		if tr.c.Title == "" {
			tr.c.Title = strings.TrimSpace(value)
		}
	}
	if tr.c.Attrs == nil {
		tr.c.Attrs = map[string]any{}
	}
	if len(tr.c.Attrs) < maxAttrs && key != "" {
		tr.c.Attrs[key] = value
	}
}

func (r *reader) eventAttr(tr *trace, ev *event, typ string, attrs []xml.Attr) {
	if !attributeTypes[typ] {
		return
	}
	key, value := attr(attrs)
	switch key {
	case "concept:name", "time:timestamp", "org:resource", "org:group":
	default:
		return
	}
	if ev.seen[key] {
		r.reject(tr, ev.e.Line, key, fmt.Sprintf("the event has %s twice", key))
		return
	}
	if ev.seen == nil {
		ev.seen = map[string]bool{}
	}
	ev.seen[key] = true
	value = strings.TrimSpace(value)
	switch key {
	case "concept:name":
		ev.e.Activity = r.strs.Intern(value)
	case "time:timestamp":
		ev.ts, ev.tsLine = value, r.line()
	case "org:resource":
		ev.e.Resource = r.strs.Intern(value)
	case "org:group":
		ev.e.Group = r.strs.Intern(value)
	}
}

// reject marks the trace as rejected by its first bad event.
func (r *reader) reject(tr *trace, line int64, column, reason string) {
	if tr.bad == nil {
		tr.bad = &ingest.Reject{Line: line, Column: column, Reason: reason}
	}
}

func (r *reader) endEvent(tr *trace, ev *event) {
	defer func() {
		// A reject of this event's (a missing or repeated attribute, a
		// bad time) keeps the event's text.
		if !ev.afterBad && tr.bad != nil && tr.bad.Raw == "" {
			tr.bad.Raw = r.eventText()
		}
	}()
	if tr.bad != nil {
		return
	}
	switch {
	case ev.e.Activity == "":
		r.reject(tr, ev.e.Line, "concept:name", "the event has no concept:name (activity)")
		return
	case ev.ts == "":
		r.reject(tr, ev.e.Line, "time:timestamp", "the event has no time:timestamp")
		return
	}
	seen := r.watch.Seen()
	at, err := parseTime(ev.ts, r.watch.Loc)
	if r.watch.Seen() > seen {
		tr.c.Ambiguous = append(tr.c.Ambiguous, eventlog.Ambiguous{Line: ev.tsLine, Value: ev.ts})
	}
	if err != nil {
		r.reject(tr, ev.e.Line, "time:timestamp", err.Error())
		return
	}
	ev.e.At = at
	tr.c.Events = append(tr.c.Events, ev.e)
}

func (r *reader) endTrace(tr *trace) error {
	if tr.c.ID == "" && tr.bad == nil {
		tr.bad = &ingest.Reject{Line: tr.c.Line, Column: "concept:name", Reason: "the trace has no concept:name (case id)"}
	}
	if tr.bad != nil {
		rej := *tr.bad
		if rej.Raw == "" {
			rej.Raw = r.traceText()
		}
		if tr.c.ID != "" {
			rej.Reason = fmt.Sprintf("case %q: %s; the whole case is not loaded", short(tr.c.ID), rej.Reason)
		}
		return r.sink.Reject(rej)
	}
	tr.c.Text = r.traceText
	tr.c.Reread = func(v string) { _, _ = parseTime(v, r.in.Location) }
	return tr.c.Emit(r.sink)
}

// layouts are xs:dateTime's forms, with and without an offset.
var layouts = []string{
	"2006-01-02T15:04:05.999999999Z07:00",
	"2006-01-02T15:04:05.999999999Z0700",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02",
}

// parseTime reads an xs:dateTime; one without an offset is in loc, read
// by ingest.ParseTime so that a local time the clocks skip is an error and
// one they repeat is noted (never silently shifted).
func parseTime(v string, loc *time.Location) (time.Time, error) {
	for _, l := range layouts {
		// The layout is chosen on the wall clock alone; ParseTime then
		// places it in loc.
		if _, err := time.Parse(l, v); err == nil {
			return ingest.ParseTime(v, []string{l}, loc)
		}
	}
	return time.Time{}, fmt.Errorf("cannot read %q as a date (expected like 2026-03-02T09:15:00.000+01:00)", short(v))
}

func short(s string) string {
	r := []rune(s)
	if len(r) > 60 {
		return string(r[:60]) + "…"
	}
	return s
}

func size(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}
