package servicenow

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/lanes-dev/lanes/ingest"
	"github.com/lanes-dev/lanes/ingest/csvfile"
	"github.com/lanes-dev/lanes/ingest/jsonstream"
)

// JSONName is the JSON connector's format name, as given to --source.
const JSONName = "servicenow_json"

const jsonFormat = "servicenow json"

// JSONConnector reads ServiceNow JSON: the list export and JSONv2 web
// service ({"records": [...]}) and Table API responses ({"result": [...]}
// or one record as {"result": {...}}), with plain values or, for
// display_value=all, {"display_value", "value", "link"} objects. Display
// values are used, except that a date given with its internal value is
// read from that (UTC, so no format or zone guessing). JSONv2's "dv_"
// members (displayvalue=all) win over the plain ones, whose dates are then
// read as internal UTC values. Plain values on their own are taken as
// display values in the source's date format and time zone: for an export
// of internal values (references as sys_ids, dates in UTC) set the
// source's time_zone to UTC.
type JSONConnector struct{}

// Name implements ingest.Connector.
func (JSONConnector) Name() string { return JSONName }

// System implements ingest.Connector.
func (JSONConnector) System() string { return "servicenow" }

// RepeatHint implements ingest.RepeatHinter, as Connector does.
func (JSONConnector) RepeatHint() string { return repeatHint }

// export is where ServiceNow's JSON keeps its records.
var export = jsonstream.Export{Lists: []string{"records", "result"}, Singles: []string{"result"}, Other: apiError}

// Limits for JSON exports: one record's text, and how deep values may nest
// inside a record (a ServiceNow record needs two levels: the record and a
// {display_value, value, link} object).
const (
	maxRecordBytes = 16 << 20
	maxDepth       = 32
)

// openExport opens a JSON export whose text has been decoded.
func openExport(format string, in *ingest.Input, text io.Reader) (*jsonstream.ExportReader, error) {
	decoded := *in
	decoded.Reader = text
	return jsonstream.NewScanner(format, &decoded, jsonstream.Options{MaxRecordBytes: maxRecordBytes, MaxDepth: maxDepth}).OpenExport(export)
}

// Detect implements ingest.Connector: an object with "records" or
// "result" whose first record has ServiceNow fields; or, so that they get
// their own message rather than "cannot tell", a page with no records
// ({"result": []}) and ServiceNow's error response.
func (JSONConnector) Detect(path string, head []byte) (int, string) {
	text := csvfile.DecodeHead(head)
	if isErrorResponse(text) {
		return 90, `JSON error response from ServiceNow ("error" with a message, status "failure")`
	}
	top, keys, ok := export.Sniff(text)
	if !ok {
		return 0, ""
	}
	if keys == nil && isEmptyPage(text) {
		return 40, fmt.Sprintf("JSON object with an empty %q list: a ServiceNow page with no records", top)
	}
	fields := fieldSet(keys)
	sn := fields["sys_id"] || fields["short_description"] || fields["sys_created_on"] || fields["opened_at"] || fields["sys_class_name"]
	switch {
	case top == "" && fields["number"] && fields["sys_id"]:
		return 70, "JSON list of records with ServiceNow's number and sys_id"
	case top == "":
		return 0, ""
	case fields["number"] && sn:
		return 95, fmt.Sprintf("JSON %q records with ServiceNow's number and system fields", top)
	case sn:
		return 60, fmt.Sprintf("JSON %q records with ServiceNow system fields", top)
	case keys == nil && top == "records":
		return 30, `JSON object with "records"`
	}
	return 0, ""
}

// fieldSet turns member names into the field names they hold.
func fieldSet(keys map[string]bool) map[string]bool {
	out := map[string]bool{}
	for k := range keys {
		out[strings.TrimPrefix(field(k), "dv_")] = true
	}
	return out
}

// Read implements ingest.Connector.
func (JSONConnector) Read(ctx context.Context, in *ingest.Input, sink ingest.Sink) error {
	jr, times, queue, err := openRecords(ctx, jsonFormat, in)
	if err != nil {
		return err
	}
	emit := func(rec *jsonstream.Record) error {
		fr, rej := recordFields(rec)
		if rej == nil {
			var t *ingest.Ticket
			settleRecord(fr, times)
			t, rej = buildTicket(fr, times, nil)
			if err := times.StopAt(jsonFormat, in.Path, rec.Line, ingest.RejectColumn(rej)); err != nil {
				return err
			}
			if rej == nil {
				t.Line, t.Raw = rec.Line, rec.Fields
				if col, reason := t.Check(); reason != "" {
					rej = &ingest.Reject{Column: fr.column(canonicalField(col)), Reason: reason}
				} else {
					return sink.Ticket(t)
				}
			}
		}
		rej.Line, rej.Raw = rec.Line, rec.FieldsText()
		return sink.Reject(*rej)
	}
	n, err := drain(ctx, jr, queue, emit)
	if err == nil && n == 0 {
		err = ingest.Skip(sink, 1, emptyPage)
	}
	return err
}

// emptyPage is the reason a file whose list of records is empty is
// counted as one skipped row: a page with nothing in it, not an error.
const emptyPage = "a page with no records"

// Sampling bounds for date layout detection in JSON, as for CSV: at least
// this many records, more while dates stay ambiguous, never more than the
// maxima.
const (
	sampleMinRecords = 200
	sampleMaxRecords = 20000
	sampleMaxBytes   = 64 << 20
)

// openRecords decodes and opens a JSON export and reads records ahead
// until the date layout is settled. It returns the reader, the decided
// time parser and the records read so far.
func openRecords(ctx context.Context, format string, in *ingest.Input) (*jsonstream.ExportReader, *ingest.TimeParser, []*jsonstream.Record, error) {
	fail := func(err error) (*jsonstream.ExportReader, *ingest.TimeParser, []*jsonstream.Record, error) {
		return nil, nil, nil, &ingest.FileError{Format: format, Path: in.Path, Err: err}
	}
	text, err := decode(format, in, false)
	if err != nil {
		return nil, nil, nil, err
	}
	jr, err := openExport(format, in, text)
	if err != nil {
		return nil, nil, nil, err
	}
	times, err := ingest.NewSourceTimeParser(in.Source, in.Location, false)
	if err != nil {
		return fail(err)
	}
	var queue []*jsonstream.Record
	var held int64
	for len(queue) < sampleMaxRecords && held < sampleMaxBytes {
		if err := ctx.Err(); err != nil {
			return nil, nil, nil, err
		}
		rec, err := jr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, nil, nil, err
		}
		queue = append(queue, rec)
		held += int64(len(rec.Raw))
		if fr, rej := recordFields(rec); rej == nil {
			sampleTimes(times, rec.Line, fr)
		}
		if len(queue) >= sampleMinRecords && !times.NeedMore() {
			break
		}
	}
	if err := times.Decide(); err != nil {
		return fail(err)
	}
	return jr, times, queue, nil
}

// drain hands the queued records and then the rest of the file to emit,
// and counts them.
func drain(ctx context.Context, jr *jsonstream.ExportReader, queue []*jsonstream.Record, emit func(*jsonstream.Record) error) (int, error) {
	for i, rec := range queue {
		queue[i] = nil
		if err := emit(rec); err != nil {
			return i, err
		}
	}
	for n := len(queue); ; n++ {
		if n%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return n, err
			}
		}
		rec, err := jr.Next()
		if errors.Is(err, io.EOF) {
			return n, nil
		}
		if err != nil {
			return n, err
		}
		if err := emit(rec); err != nil {
			return n, err
		}
	}
}

// isErrorResponse reports whether text is ServiceNow's error response:
// {"error": {"message": ..., "detail": ...}, "status": "failure"}.
func isErrorResponse(text []byte) bool {
	var e struct {
		Error *struct {
			Message string  `json:"message"`
			Detail  *string `json:"detail"`
		} `json:"error"`
		Status string `json:"status"`
	}
	if json.NewDecoder(bytes.NewReader(text)).Decode(&e) != nil || e.Error == nil || e.Error.Message == "" {
		return false
	}
	return e.Status == "failure" || e.Error.Detail != nil
}

// isEmptyPage reports whether text is a page that holds nothing but an
// empty list of records: {"result": []} or {"records": []}.
func isEmptyPage(text []byte) bool {
	var page map[string]json.RawMessage
	if json.NewDecoder(bytes.NewReader(text)).Decode(&page) != nil || len(page) != 1 {
		return false
	}
	for _, k := range export.Lists {
		if list, ok := page[k]; ok {
			var items []json.RawMessage
			return json.Unmarshal(list, &items) == nil && len(items) == 0
		}
	}
	return false
}

// apiError stops on an error response saved in place of an export.
func apiError(key string, raw []byte) error {
	if key != "error" || raw == nil {
		return nil
	}
	var e struct {
		Message string `json:"message"`
		Detail  string `json:"detail"`
	}
	if json.Unmarshal(raw, &e) != nil || e.Message == "" {
		return nil
	}
	msg := e.Message
	if e.Detail != "" {
		msg += ": " + e.Detail
	}
	return fmt.Errorf("the file is a ServiceNow error response, not an export: %q", msg)
}

// jsonFields reads one JSON record by field name.
type jsonFields struct {
	vals map[string]string
	utcs map[string]string
	bad  map[string]string // field -> why its value is not text
	keys map[string]string // field -> member name as written
}

// recordFields reads a record's members as fields, or says why the
// record cannot be read at all.
func recordFields(rec *jsonstream.Record) (*jsonFields, *ingest.Reject) {
	if rec.Problem != "" {
		return nil, &ingest.Reject{Column: rec.Key, Reason: rec.Problem}
	}
	return newJSONFields(rec.Fields), nil
}

func newJSONFields(m map[string]any) *jsonFields {
	jf := &jsonFields{vals: map[string]string{}, utcs: map[string]string{}, bad: map[string]string{}, keys: map[string]string{}}
	names := make([]string, 0, len(m))
	for k := range m {
		names = append(names, k)
	}
	// Plain members first, then "dv_" display values over them; among
	// names that give the same field, the exact field name wins.
	sort.Slice(names, func(i, j int) bool {
		di, dj := strings.HasPrefix(names[i], "dv_"), strings.HasPrefix(names[j], "dv_")
		if di != dj {
			return dj
		}
		ei, ej := field(names[i]) == names[i], field(names[j]) == names[j]
		if ei != ej {
			return ej
		}
		return names[i] < names[j]
	})
	for _, k := range names {
		f := field(k)
		if strings.HasPrefix(f, "dv_") {
			f = f[3:]
			if text, _, bad := textOf(m[k]); bad != "" || text == "" {
				continue
			}
		}
		text, utc, bad := textOf(m[k])
		if strings.HasPrefix(k, "dv_") {
			// The plain member beside a display value holds the internal
			// value: for a date, UTC.
			if plain, ok := m[k[3:]].(string); ok {
				utc = strings.TrimSpace(plain)
			}
		}
		jf.keys[f] = k
		delete(jf.bad, f)
		jf.vals[f], jf.utcs[f] = text, utc
		if bad != "" {
			jf.bad[f] = bad
		}
	}
	return jf
}

// textOf reads a member's value as text: strings, numbers (exactly as
// written) and booleans as they are, a {display_value, value} object as
// its display value (and value, for dates), a {link, value} reference as
// its value. bad says why a value is not text.
func textOf(v any) (text, utc, bad string) {
	switch x := v.(type) {
	case nil:
		return "", "", ""
	case string:
		if strings.IndexByte(x, 0) >= 0 {
			return "", "", "value has a NUL character"
		}
		return x, "", ""
	case json.Number:
		return x.String(), "", ""
	case bool:
		return strconv.FormatBool(x), "", ""
	case map[string]any:
		if dv, ok := x["display_value"]; ok {
			text, _, bad = textOf(dv)
			if bad == "" && isObjectOrList(dv) {
				bad = "expected text, found " + kindOfValue(dv) + " as display_value"
			}
			if u, ok := x["value"].(string); ok {
				utc = strings.TrimSpace(u)
			}
			return text, utc, bad
		}
		if val, ok := x["value"]; ok && !isObjectOrList(val) {
			return textOf(val)
		}
		return "", "", "expected text, found an object"
	case []any:
		return "", "", "expected text, found a list"
	}
	return "", "", fmt.Sprintf("expected text, found %T", v)
}

func isObjectOrList(v any) bool {
	switch v.(type) {
	case map[string]any, []any:
		return true
	}
	return false
}

func kindOfValue(v any) string {
	if _, ok := v.([]any); ok {
		return "a list"
	}
	return "an object"
}

func (j *jsonFields) value(f string) (string, error) {
	if reason, ok := j.bad[f]; ok {
		return "", errors.New(reason)
	}
	return clean(j.vals[f]), nil
}

func (j *jsonFields) utc(f string) string {
	if isMarker(j.utcs[f]) {
		return ""
	}
	return j.utcs[f]
}

func (j *jsonFields) unknown(f string) bool { return strings.TrimSpace(j.vals[f]) == "?" }

func (j *jsonFields) column(f string) string {
	if k, ok := j.keys[f]; ok {
		return k
	}
	return f
}
