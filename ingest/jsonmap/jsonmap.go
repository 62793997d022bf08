// Package jsonmap reads any JSON or JSON Lines export of tickets, guided by
// the source's `mapping` in lanes.yaml, the same canonical fields as a CSV
// mapping (see ingest/csvmap) with JSON keys or dotted paths as values
// (`status: fields.status.name`, `assignee: assignee.email`).
//
// Format "json" reads an array of records, an object holding them in
// array-valued keys ("data", "items", "records", "results", "tickets", ...,
// whatever other keys the object has; or any other key when the object has
// no key that marks a ticket, such as "id" or "created"), a single record,
// or records written one after another. Format "jsonl" reads one record per
// line; a bad line is rejected and the next is read.
//
// Without a mapping the fields are guessed from the records' keys with the
// CSV rules (id, subject, created_at, ...; camelCase keys too). A value that
// is an object gives its name ("name", "displayName", "email", ... key); an
// array of values gives labels or components. The whole record, nested
// objects included, is kept as the ticket's raw JSON.
package jsonmap

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"math"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/lanes-dev/lanes/ingest"
	"github.com/lanes-dev/lanes/ingest/csvmap"
	"github.com/lanes-dev/lanes/ingest/jsonstream"
	"github.com/lanes-dev/lanes/models/config"
)

// Format names, as given to --source.
const (
	JSONName  = "json"
	LinesName = "jsonl"
)

func init() {
	ingest.Register(JSON{})
	ingest.Register(Lines{})
}

// JSON reads a JSON document (or several, one after another) of ticket
// records with a field mapping.
type JSON struct{}

// Name implements ingest.Connector.
func (JSON) Name() string { return JSONName }

// System implements ingest.Connector.
func (JSON) System() string { return "json" }

// wrappers are keys that usually hold an export's records.
var wrappers = []string{
	"data", "items", "records", "results", "result", "rows", "tickets", "issues", "incidents", "requests",
	"cases", "entries", "values", "objects", "elements", "hits", "nodes", "list", "response", "export",
}

// Detect implements ingest.Connector. Any JSON of objects could be read
// with a mapping, so the score stays low (at most 28) and a connector that
// knows the export wins.
func (JSON) Detect(path string, head []byte) (int, string) {
	if isLinesExt(path) {
		return 0, ""
	}
	sh := jsonstream.Sniff(head)
	switch {
	case sh.Top == '[' && len(sh.Keys) > 0:
		if keyAndCreated(sh.Keys) {
			return 28, "JSON array of objects with a ticket key and a creation time"
		}
		return 24, "JSON array of objects; needs a mapping in lanes.yaml"
	case sh.Top == '{' && listKey(sh) != "":
		k := listKey(sh)
		if keyAndCreated(sh.Lists[k]) {
			return 27, fmt.Sprintf("JSON object with a %q array of objects with a ticket key and a creation time", k)
		}
		return 23, fmt.Sprintf("JSON object with a %q array of objects; needs a mapping in lanes.yaml", k)
	case sh.Top == '{' && keyAndCreated(sh.Keys):
		return 22, "JSON objects with a ticket key and a creation time"
	case sh.Top == '{' && strings.EqualFold(filepath.Ext(path), ".json"):
		return 12, "JSON object"
	}
	return 0, ""
}

// listKey names the first list of records Read takes from the object sh
// shows: the first wrapper key holding objects, else the first list of
// objects when no key of the object marks a ticket; "" when Read takes
// the object for a ticket.
func listKey(sh jsonstream.Shape) string {
	for _, k := range sh.Keys {
		if _, ok := sh.Lists[k]; ok && slices.Contains(wrappers, k) {
			return k
		}
	}
	if sh.ListKey != "" && !recordKeys(sh.Keys) {
		return sh.ListKey
	}
	return ""
}

// Read implements ingest.Connector.
func (JSON) Read(ctx context.Context, in *ingest.Input, sink ingest.Sink) error {
	s := jsonstream.NewScanner("json", in, jsonstream.Options{})
	p := newPipeline(ctx, "json", in, sink)
	var err error
	if in.Source.Records != "" {
		// The source says where the records are (data.issues.nodes).
		err = s.WalkPath(strings.Split(in.Source.Records, "."), p, p)
	} else {
		err = s.Walk(jsonstream.Layout{Lists: wrappers, AnyList: true, RecordKey: isRecordKey, ArrayOfRecords: true}, p, p)
	}
	switch {
	case err == nil:
		err = p.finish()
	case in.Source.Records == "":
		// With records, the source says the file is JSON documents:
		// jsonl would not read it.
		err = linesHint(s, err)
	}
	return p.wrap(err)
}

// linesHint adds to an error that stopped a file of one object per line
// that jsonl reads it, rejecting its bad lines one by one. (OnePerLine is
// false when text that is not UTF-8 or UTF-16 stopped it, which would
// stop jsonl too.)
func linesHint(s *jsonstream.Scanner, err error) error {
	var fe *ingest.FileError
	if !errors.As(err, &fe) || !s.OnePerLine() {
		return err
	}
	fe.Err = fmt.Errorf("%w; the file looks like JSON Lines (one object per line): read it with --source jsonl (or format: jsonl in lanes.yaml), which rejects a bad line and reads on", fe.Err)
	return err
}

// Lines reads JSON Lines (one ticket record per line) with a field mapping.
type Lines struct{}

// Name implements ingest.Connector.
func (Lines) Name() string { return LinesName }

// System implements ingest.Connector.
func (Lines) System() string { return "jsonl" }

func isLinesExt(path string) bool {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".jsonl", ".ndjson", ".jsonlines":
		return true
	}
	return false
}

// Detect implements ingest.Connector: lines that are each a whole JSON
// object. The score stays low (at most 29) so that a connector that knows
// the export wins.
func (Lines) Detect(path string, head []byte) (int, string) {
	sh := jsonstream.Sniff(head)
	ext := isLinesExt(path)
	if ext && sh.Top == '{' && sh.Lines == 0 {
		return 20, "a .jsonl file (its first line is not a whole JSON object)"
	}
	if sh.Lines == 0 || sh.Top != '{' {
		return 0, ""
	}
	switch {
	case ext && keyAndCreated(sh.Keys):
		return 29, "JSON Lines with a ticket key and a creation time"
	case ext:
		return 26, "JSON Lines; needs a mapping in lanes.yaml"
	case sh.Lines >= 2 && keyAndCreated(sh.Keys):
		return 21, "one JSON object per line with a ticket key and a creation time"
	}
	return 0, ""
}

// Read implements ingest.Connector.
func (Lines) Read(ctx context.Context, in *ingest.Input, sink ingest.Sink) error {
	p := newPipeline(ctx, "jsonl", in, sink)
	err := jsonstream.Lines("jsonl", in, jsonstream.Options{}, p, p.add)
	if err == nil {
		err = p.finish()
	}
	return p.wrap(err)
}

// words spells a camelCase key with blanks ("createdAt" -> "created At"),
// so that the CSV rules, which match words, read it.
func words(key string) string {
	var b strings.Builder
	prev := rune(0)
	for _, r := range key {
		if unicode.IsUpper(r) && (unicode.IsLower(prev) || unicode.IsDigit(prev)) {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
		prev = r
	}
	return b.String()
}

// guess picks a key for each canonical field from keys. When two keys
// spell the same words ("created_at" and "createdAt"), the one without
// capitals wins.
func guess(keys []string) map[string]string {
	keys = slices.Clone(keys)
	sort.SliceStable(keys, func(i, j int) bool {
		ci, cj := hasUpper(keys[i]), hasUpper(keys[j])
		if ci != cj {
			return !ci
		}
		return keys[i] < keys[j]
	})
	spelled := make([]string, len(keys))
	back := map[string]string{}
	for i, k := range keys {
		spelled[i] = words(k)
		back[spelled[i]] = k
	}
	out := map[string]string{}
	for f, name := range csvmap.GuessFields(spelled) {
		out[f] = back[name]
	}
	return out
}

func hasUpper(s string) bool { return strings.ToLower(s) != s }

func keyAndCreated(keys []string) bool {
	g := guess(keys)
	return g[csvmap.FieldSourceKey] != "" && g[csvmap.FieldCreatedAt] != ""
}

// isRecordKey: a key that makes an object a ticket rather than a wrapper
// around a list of them, unless the list is under one of the wrappers.
func isRecordKey(key string) bool {
	g := guess([]string{key})
	for _, f := range []string{csvmap.FieldSourceKey, csvmap.FieldCreatedAt, csvmap.FieldTitle, csvmap.FieldStatus} {
		if g[f] != "" {
			return true
		}
	}
	return false
}

func recordKeys(keys []string) bool {
	for _, k := range keys {
		if isRecordKey(k) {
			return true
		}
	}
	return false
}

// CheckMapping implements ingest.MappingChecker.
func (JSON) CheckMapping(src config.Source) error { return checkMapping(src, JSONName) }

// CheckMapping implements ingest.MappingChecker.
func (Lines) CheckMapping(src config.Source) error { return checkMapping(src, LinesName) }

// checkMapping reports what is wrong with a source's mapping whatever file
// it reads: a field lanes does not know, a field that names no key, and
// source_key or created_at left out.
func checkMapping(src config.Source, format string) error {
	if len(src.Mapping) == 0 {
		return nil
	}
	errs := []error{csvmap.CheckMapping(src, format, "key")}
	name := src.Name
	if name == "" {
		name = format
	}
	fields := make([]string, 0, len(src.Mapping))
	for f, path := range src.Mapping {
		if strings.TrimSpace(path) == "" && slices.Contains(csvmap.Fields, f) {
			fields = append(fields, f)
		}
	}
	sort.Strings(fields)
	for _, f := range fields {
		errs = append(errs, fmt.Errorf("mapping of source %q: %s names no key", name, f))
	}
	return errors.Join(errs...)
}

// Sampling bounds for the field guess and date layout detection.
const (
	sampleMin      = 200
	sampleMax      = 20000
	sampleMaxBytes = 64 << 20
)

// pipeline holds the first records until the fields and date layouts are
// known, then maps every record.
type pipeline struct {
	ctx    context.Context
	format string
	in     *ingest.Input
	sink   ingest.Sink
	times  *ingest.TimeParser
	timesE error

	buf  []held // records (and rejects) read before the layouts were known
	keys []string
	seen map[string]bool
	m    *mapper
	// guessed: m's fields were guessed from keys (no mapping in
	// lanes.yaml), so a key first met later is looked at (lateKeys).
	guessed bool
	n       int
	// flushed: the layouts are decided and records are mapped as they come.
	flushed   bool
	records   int   // records held
	whole     int   // of those, objects read whole (no list in them named the records)
	heldBytes int64 // their JSON text
}

func newPipeline(ctx context.Context, format string, in *ingest.Input, sink ingest.Sink) *pipeline {
	p := &pipeline{ctx: ctx, format: format, in: in, sink: sink, seen: map[string]bool{}}
	p.times, p.timesE = ingest.NewSourceTimeParser(in.Source, in.Location, false)
	return p
}

// held is a record, or a reject, waiting in file order.
type held struct {
	rec *jsonstream.Record
	rej *ingest.Reject
}

// Reject implements jsonstream.Rejecter, keeping file order with the
// records still held.
func (p *pipeline) Reject(r ingest.Reject) error {
	if p.flushed {
		return p.sink.Reject(r)
	}
	p.buf = append(p.buf, held{rej: &r})
	return nil
}

// wrap names the file on errors that do not already.
func (p *pipeline) wrap(err error) error {
	if err == nil {
		return nil
	}
	var fe *ingest.FileError
	if errors.As(err, &fe) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return &ingest.FileError{Format: p.format, Path: p.in.Path, Err: err}
}

// Item implements jsonstream.Handler.
func (p *pipeline) Item(rec *jsonstream.Record) error { return p.add(rec) }

// Side implements jsonstream.Handler (the layout has no side-loads).
func (p *pipeline) Side(string, *jsonstream.Record) error { return nil }

// End implements jsonstream.Handler.
func (p *pipeline) End(pg *jsonstream.Page) error {
	if pg.Listed {
		return p.skipOtherLists(pg)
	}
	p.whole++
	return p.add(&jsonstream.Record{Line: pg.Line, Fields: pg.Fields})
}

// skipOtherLists counts as skipped the objects of a page's other lists
// that look like records (one of their keys could be a ticket's key,
// creation time, title or status): next to a list named for records
// ("tickets", "data"), another list may be more tickets ("archived") or a
// side-load ("users"), which lanes cannot tell apart; it reads neither,
// and says so, rather than drop them without a word. A list of anything
// else ("links" of rel and href) is the page's own.
func (p *pipeline) skipOtherLists(pg *jsonstream.Page) error {
	for _, key := range slices.Sorted(maps.Keys(pg.Fields)) {
		list, ok := pg.Fields[key].([]any)
		if !ok || len(list) == 0 {
			continue
		}
		first, ok := list[0].(map[string]any)
		if !ok || !recordKeys(slices.Collect(maps.Keys(first))) {
			continue
		}
		reason := fmt.Sprintf("an object of the list %q next to %q, not read: lanes reads a page's records from its %q list only (another list may be a side-load such as users); give the other list a file of its own to load it", key, pg.ListKey, pg.ListKey)
		for range list {
			if err := ingest.Skip(p.sink, pg.Line, reason); err != nil {
				return err
			}
		}
	}
	return nil
}

func (p *pipeline) add(rec *jsonstream.Record) error {
	if p.times == nil {
		// The source's date_format cannot make a parser (lanes.yaml's
		// check refuses it first): no record can be read.
		return p.timesE
	}
	p.n++
	if p.n%1024 == 0 {
		if err := p.ctx.Err(); err != nil {
			return err
		}
	}
	if p.m != nil && p.guessed {
		if err := p.lateKeys(rec); err != nil {
			return err
		}
	}
	if p.flushed {
		return p.emit(rec)
	}
	p.buf = append(p.buf, held{rec: rec})
	p.records++
	p.heldBytes += int64(len(rec.Raw))
	if p.m == nil {
		for k := range rec.Fields {
			if !p.seen[k] {
				p.seen[k] = true
				p.keys = append(p.keys, k)
			}
		}
		if p.records < sampleMin {
			return nil
		}
		if err := p.decideFields(); err != nil {
			return err
		}
		p.observeHeld()
	} else {
		p.observe(rec)
	}
	if p.times.NeedMore() && p.records < sampleMax && p.heldBytes < sampleMaxBytes {
		return nil
	}
	return p.flush()
}

func (p *pipeline) finish() error {
	if p.times == nil {
		return p.timesE
	}
	if !p.flushed {
		if p.m == nil {
			if p.records == 0 {
				// Nothing but rejects (or nothing at all).
				p.flushed = true
				for _, h := range p.buf {
					if err := p.sink.Reject(*h.rej); err != nil {
						return err
					}
				}
				return nil
			}
			if err := p.decideFields(); err != nil {
				return err
			}
			p.observeHeld()
		}
		if err := p.flush(); err != nil {
			return err
		}
	}
	if p.m == nil {
		return nil
	}
	return p.m.unseenErr(p.sourceName())
}

func (p *pipeline) observeHeld() {
	for _, h := range p.buf {
		if h.rec != nil {
			p.observe(h.rec)
		}
	}
}

// observe passes rec's dates to the date sample, placed at its line and
// the key each is read from.
func (p *pipeline) observe(rec *jsonstream.Record) {
	p.times.Place(rec.Line, nil)
	p.m.observe(rec, p.times.ObserveAt)
}

func (p *pipeline) flush() error {
	if p.timesE != nil {
		return p.timesE
	}
	if err := p.times.Decide(); err != nil {
		return err
	}
	p.flushed = true
	buf := p.buf
	p.buf = nil
	for _, h := range buf {
		var err error
		if h.rec != nil {
			err = p.emit(h.rec)
		} else {
			err = p.sink.Reject(*h.rej)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func (p *pipeline) emit(rec *jsonstream.Record) error {
	p.m.see(rec.Fields)
	p.times.SettleRecord(func(see func(string)) { p.m.observe(rec, func(v, _ string) { see(v) }) })
	t, ferr := p.m.ticket(rec.Fields, p.times)
	if err := p.times.StopAt(p.format, p.in.Path, rec.Line, ferr.where()); err != nil {
		return err
	}
	if ferr == nil {
		t.Line = rec.Line
		if col, reason := t.Check(); reason != "" {
			ferr = &fieldError{p.m.path(col), reason}
		}
	}
	if ferr != nil {
		return p.sink.Reject(ingest.Reject{Line: rec.Line, Column: ferr.column, Reason: ferr.reason, Raw: rec.RawText()})
	}
	return p.sink.Ticket(t)
}

// sourceName names the source in messages: its name in lanes.yaml, or
// the format.
func (p *pipeline) sourceName() string {
	if p.in.Source.Name != "" {
		return p.in.Source.Name
	}
	return p.format
}

// settingFix says where to put setting ("mapping: {...}", "records: x"):
// in the file's source when lanes.yaml names one for it, else in a new
// source for the file.
func (p *pipeline) settingFix(setting string) string {
	if p.in.Source.Path != "" {
		return fmt.Sprintf("add %s to source %q in lanes.yaml", setting, p.sourceName())
	}
	return fmt.Sprintf("add a source for this file to lanes.yaml with format: %s and %s", p.format, setting)
}

// decideFields builds the mapper from the source's mapping, or from the
// keys of the records read so far.
func (p *pipeline) decideFields() error {
	src := p.in.Source
	name := p.sourceName()
	sort.Strings(p.keys)
	if len(src.Mapping) == 0 {
		g := guess(p.keys)
		var missing, example []string
		for _, f := range []string{csvmap.FieldSourceKey, csvmap.FieldCreatedAt} {
			if g[f] == "" {
				missing = append(missing, f)
				example = append(example, f+`: "<key>"`)
			}
		}
		if len(missing) > 0 {
			fix := p.settingFix("mapping: {" + strings.Join(example, ", ") + "}")
			if path := p.nestedRecords(); path != "" {
				fix = "the records look like the list at " + strconv.Quote(path) + ": " + p.settingFix("records: "+path)
			}
			return fmt.Errorf("cannot tell which key holds %s (keys: %s); %s", strings.Join(missing, " or "), quoteAll(p.keys), fix)
		}
		p.m = &mapper{paths: g}
		p.guessed = true
		return nil
	}
	errs := []error{checkMapping(src, p.format)}
	m := &mapper{paths: map[string]string{}}
	for f, path := range src.Mapping {
		if path = strings.TrimSpace(path); path != "" && slices.Contains(csvmap.Fields, f) {
			m.paths[f] = path
		}
	}
	for _, f := range []string{csvmap.FieldSourceKey, csvmap.FieldCreatedAt} {
		path, ok := m.paths[f]
		if !ok {
			continue
		}
		if !p.anyHas(path) {
			errs = append(errs, fmt.Errorf("mapping of source %q: %s names key %q, which no record read so far has (keys: %s)", name, f, path, quoteAll(p.keys)))
		}
	}
	if len(errs) > 1 {
		if path := p.nestedRecords(); path != "" {
			errs = append(errs, fmt.Errorf("the records look like the list at %q: add records: %s to source %q in lanes.yaml", path, path, name))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return err
	}
	m.watch()
	p.m = m
	return nil
}

// lateKeys looks at the keys of rec, read after the fields were guessed
// from the records before it, for keys none of those had, in sorted order
// so that the outcome does not depend on how the record's keys are held.
func (p *pipeline) lateKeys(rec *jsonstream.Record) error {
	var fresh []string
	for k := range rec.Fields {
		if !p.seen[k] {
			fresh = append(fresh, k)
		}
	}
	sort.Strings(fresh)
	for _, k := range fresh {
		p.seen[k] = true
		if err := p.lateKey(k, rec.Line); err != nil {
			return err
		}
	}
	return nil
}

// lateKey decides about k, a key first met at line, after the fields were
// guessed from the keys of the records before it. Left alone, a field
// only later records give (an export whose "resolved" starts at its 300th
// ticket) would load empty without a word. When the guess from those keys
// and k would read k for a field no key holds yet, and read every other
// field from the same key as before, k is read for that field from here
// on: the records before it lack k, so they read the same either way, and
// its dates are read like any other's (a value no layout reads, or only
// the order the file's dates are not in, is a reject). When the guess
// would instead read a field from k that is already read from another key
// (createdAt first, created_at from line 500), no reading fits the whole
// file and the file stops, naming the mapping that settles it.
func (p *pipeline) lateKey(k string, line int64) error {
	if len(guess([]string{k})) == 0 {
		// k names no field whatever keys are next to it.
		return nil
	}
	keys := append(slices.Clone(p.keys), k)
	g := guess(keys)
	field := ""
	for f, key := range g {
		if key == k {
			field = f
		}
	}
	if field == "" {
		p.keys = keys
		return nil
	}
	_, taken := p.m.paths[field]
	same := !taken && len(g) == len(p.m.paths)+1
	for f, key := range p.m.paths {
		same = same && g[f] == key
	}
	if same {
		p.m.paths[field] = k
		p.keys = keys
		return nil
	}
	var pairs []string
	for _, f := range csvmap.Fields {
		if key, ok := p.m.paths[f]; ok {
			if f == field {
				key = "<" + key + " or " + k + ">"
			}
			pairs = append(pairs, fmt.Sprintf("%s: %s", f, key))
		}
	}
	fix := p.settingFix("mapping: {" + strings.Join(pairs, ", ") + "}")
	return &ingest.FileError{Format: p.format, Path: p.in.Path, Line: line, Column: k,
		Err: fmt.Errorf("key %q first appears here, after the records lanes guessed the fields from, and would be read as %s, which those records gave key %q; %s", k, field, p.m.paths[field], fix)}
}

// nestedRecords is, for a file whose records were read as whole objects
// and lack the keys a ticket needs, the path of keys to a list of
// record-like objects deeper in the first of them (a GraphQL answer's
// data.repository.issues.nodes), for the records setting; "" when there
// is none, or several.
func (p *pipeline) nestedRecords() string {
	if p.records == 0 || p.whole != p.records || p.in.Source.Records != "" {
		return ""
	}
	for _, h := range p.buf {
		if h.rec == nil {
			continue
		}
		var found []string
		recordLists(h.rec.Fields, "", 0, &found)
		if len(found) == 1 {
			return found[0]
		}
		return ""
	}
	return ""
}

// recordLists adds to found the paths, below fields, of the non-empty
// lists whose first element is an object with a key a ticket could be
// read from. The path goes through objects only, as records: does, and
// keys holding a "." cannot be part of it.
func recordLists(fields map[string]any, prefix string, depth int, found *[]string) {
	if depth > 8 {
		return
	}
	for _, k := range slices.Sorted(maps.Keys(fields)) {
		if k == "" || strings.Contains(k, ".") {
			continue
		}
		path := k
		if prefix != "" {
			path = prefix + "." + k
		}
		switch v := fields[k].(type) {
		case map[string]any:
			recordLists(v, path, depth+1, found)
		case []any:
			if len(v) == 0 {
				continue
			}
			if first, ok := v[0].(map[string]any); ok && depth > 0 && recordKeys(slices.Collect(maps.Keys(first))) {
				*found = append(*found, path)
			}
		}
	}
}

func (p *pipeline) anyHas(path string) bool {
	for _, h := range p.buf {
		if h.rec == nil {
			continue
		}
		if _, ok := jsonstream.Lookup(h.rec.Fields, path); ok {
			return true
		}
	}
	return false
}

func quoteAll(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = strconv.Quote(n)
	}
	return strings.Join(q, ", ")
}

// fieldError is a value that cannot be read, and its key.
type fieldError struct {
	column, reason string
}

// where is e's column, "" when there is no error.
func (e *fieldError) where() string {
	if e == nil {
		return ""
	}
	return e.column
}

type mapper struct {
	paths map[string]string // canonical field -> key or dotted path
	// unseen are the mapped paths no record has had yet, by field (see
	// watch).
	unseen map[string]*unseenPath
}

// unseenPath is how far into a mapped path records went: the first depth
// parts of the path were found, and keys are the keys found there.
type unseenPath struct {
	depth int
	keys  map[string]bool
}

// watch makes the mapper note which mapped paths the file's records have,
// so that a path none has stops the file once it is read (unseenErr), as
// a mapped column missing from a CSV header does. A path is only checked
// over the whole file because an API may leave a field out of a record
// where it is empty; absent from every record, it is almost surely
// misspelt (fulfiler.name), and its tickets would load without the
// field, unnoticed.
func (m *mapper) watch() {
	m.unseen = map[string]*unseenPath{}
	for f := range m.paths {
		m.unseen[f] = &unseenPath{keys: map[string]bool{}}
	}
}

// maxUnseenKeys bounds the keys kept to name in a message.
const maxUnseenKeys = 200

// see notes which watched paths f has. A null on the way (an unassigned
// ticket's "assignee": null, for assignee.name) counts as having the path.
func (m *mapper) see(f map[string]any) {
	for field, u := range m.unseen {
		depth, keys, ok := reach(f, m.paths[field])
		if ok {
			delete(m.unseen, field)
			continue
		}
		if depth > u.depth {
			u.depth, u.keys = depth, map[string]bool{}
		}
		if depth == u.depth {
			for k := range keys {
				if len(u.keys) >= maxUnseenKeys {
					break
				}
				u.keys[k] = true
			}
		}
	}
}

// reach follows path into f as Lookup does: ok when f has it (or a null
// on the way), else how many of its dotted parts were found and the keys
// of the object where the next one was missing (nil when the value there
// is not an object).
func reach(f map[string]any, path string) (depth int, keys map[string]any, ok bool) {
	if _, ok := f[path]; ok {
		return 0, nil, true
	}
	var cur any = f
	for i, part := range strings.Split(path, ".") {
		if cur == nil && i > 0 {
			return i, nil, true
		}
		obj, isObj := cur.(map[string]any)
		if !isObj {
			return i, nil, false
		}
		if cur, ok = obj[part]; !ok {
			return i, obj, false
		}
	}
	return 0, nil, true
}

// unseenErr names the mapped paths that no record of the file had, with
// the keys the records have where each path goes astray.
func (m *mapper) unseenErr(name string) error {
	fields := slices.Sorted(maps.Keys(m.unseen))
	var errs []error
	for _, f := range fields {
		u, path := m.unseen[f], m.paths[f]
		keys := make([]string, 0, len(u.keys))
		for k := range u.keys {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var where string
		switch parts := strings.Split(path, "."); {
		case u.depth == 0:
			where = "keys: " + quoteAll(keys)
		case len(keys) == 0:
			where = fmt.Sprintf("no record has keys under %q", strings.Join(parts[:u.depth], "."))
		default:
			where = fmt.Sprintf("keys of %q: %s", strings.Join(parts[:u.depth], "."), quoteAll(keys))
		}
		errs = append(errs, fmt.Errorf("mapping of source %q: %s names key %q, which no record in the file has (%s)", name, f, path, where))
	}
	return errors.Join(errs...)
}

// path names the record's key for a canonical field (for rejects).
func (m *mapper) path(field string) string {
	if field == "key" {
		field = csvmap.FieldSourceKey
	}
	if p, ok := m.paths[field]; ok {
		return p
	}
	return field
}

var timeFields = []string{csvmap.FieldCreatedAt, csvmap.FieldFirstResponseAt, csvmap.FieldResolvedAt, csvmap.FieldClosedAt, csvmap.FieldUpdatedAt}

func (m *mapper) value(f map[string]any, field string) any {
	p, ok := m.paths[field]
	if !ok {
		return nil
	}
	v, _ := jsonstream.Lookup(f, p)
	return v
}

// observe passes the record's date values written as text to see.
func (m *mapper) observe(rec *jsonstream.Record, see func(value, key string)) {
	for _, field := range timeFields {
		if s, ok := m.value(rec.Fields, field).(string); ok {
			see(s, m.paths[field])
		}
	}
}

func (m *mapper) text(f map[string]any, field string) (string, *fieldError) {
	s, err := jsonstream.Text(m.value(f, field))
	if err != nil {
		return "", &fieldError{m.paths[field], err.Error()}
	}
	return strings.TrimSpace(s), nil
}

func (m *mapper) list(f map[string]any, field string) ([]string, *fieldError) {
	v := m.value(f, field)
	if s, ok := v.(string); ok {
		return ingest.SplitList(jsonstream.CleanText(s)), nil
	}
	out, err := jsonstream.Texts(v)
	if err != nil {
		return nil, &fieldError{m.paths[field], err.Error()}
	}
	return out, nil
}

func (m *mapper) time(f map[string]any, field string, times *ingest.TimeParser) (*time.Time, *fieldError) {
	t, err := jsonstream.Date(m.value(f, field), times.Parse)
	if err != nil {
		return nil, &fieldError{m.paths[field], err.Error()}
	}
	return t, nil
}

func (m *mapper) ticket(f map[string]any, times *ingest.TimeParser) (*ingest.Ticket, *fieldError) {
	t := &ingest.Ticket{Raw: f}
	key, err := jsonstream.ID(m.value(f, csvmap.FieldSourceKey))
	if err != nil {
		return nil, &fieldError{m.paths[csvmap.FieldSourceKey], err.Error()}
	}
	if key == "" {
		return nil, &fieldError{m.paths[csvmap.FieldSourceKey], "ticket has no key"}
	}
	t.Key = key
	for _, s := range []struct {
		field string
		dst   *string
	}{
		{csvmap.FieldTitle, &t.Title}, {csvmap.FieldKind, &t.Kind}, {csvmap.FieldStatus, &t.StatusRaw},
		{csvmap.FieldPriority, &t.PriorityRaw}, {csvmap.FieldRequester, &t.Requester}, {csvmap.FieldRequesterTeam, &t.RequesterTeam},
		{csvmap.FieldAssignee, &t.Assignee}, {csvmap.FieldAssignmentGroup, &t.AssignmentGroup}, {csvmap.FieldCategory, &t.Category},
		{csvmap.FieldChannel, &t.Channel}, {csvmap.FieldURL, &t.URL},
	} {
		v, ferr := m.text(f, s.field)
		if ferr != nil {
			return nil, ferr
		}
		*s.dst = v
	}
	desc, derr := jsonstream.Text(m.value(f, csvmap.FieldDescription))
	if derr != nil {
		return nil, &fieldError{m.paths[csvmap.FieldDescription], derr.Error()}
	}
	t.Description = desc
	t.Status = ingest.NormalizeStatus(t.StatusRaw)
	t.Priority = ingest.NormalizePriority(t.PriorityRaw)
	var ferr *fieldError
	if t.Labels, ferr = m.list(f, csvmap.FieldLabels); ferr != nil {
		return nil, ferr
	}
	if t.Components, ferr = m.list(f, csvmap.FieldComponents); ferr != nil {
		return nil, ferr
	}
	created, ferr := m.time(f, csvmap.FieldCreatedAt, times)
	if ferr != nil {
		return nil, ferr
	}
	if created == nil {
		return nil, &fieldError{m.paths[csvmap.FieldCreatedAt], "ticket has no creation time"}
	}
	t.CreatedAt = *created
	for _, s := range []struct {
		field string
		dst   **time.Time
	}{{csvmap.FieldFirstResponseAt, &t.FirstResponseAt}, {csvmap.FieldResolvedAt, &t.ResolvedAt}, {csvmap.FieldClosedAt, &t.ClosedAt}} {
		if *s.dst, ferr = m.time(f, s.field, times); ferr != nil {
			return nil, ferr
		}
	}
	updated, ferr := m.time(f, csvmap.FieldUpdatedAt, times)
	if ferr != nil {
		return nil, ferr
	}
	if updated != nil {
		t.UpdatedAt = *updated
	}
	for _, s := range []struct {
		field string
		dst   **int
	}{{csvmap.FieldReopenCount, &t.ReopenCount}, {csvmap.FieldReassignmentCount, &t.ReassignmentCount}} {
		n, err := jsonstream.Count(m.value(f, s.field))
		if err != nil {
			return nil, &fieldError{m.paths[s.field], err.Error()}
		}
		*s.dst = n
	}
	h, herr := jsonstream.Float(m.value(f, csvmap.FieldHandleMinutes))
	if herr != nil || (h != nil && (*h < 0 || math.IsInf(*h, 0))) {
		reason := "expected a number of minutes"
		if herr != nil {
			reason = herr.Error()
		}
		return nil, &fieldError{m.paths[csvmap.FieldHandleMinutes], reason}
	}
	t.HandleMinutes = h
	return t, nil
}
