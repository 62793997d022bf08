package jsonstream

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"

	"github.com/lanes-dev/lanes/ingest"
)

// Lines reads in as JSON Lines: one object per line, blank lines skipped.
// A line that is not a JSON object is rejected with its line and column and
// the next line is read; only a file that is a JSON document rather than
// JSON Lines stops with an error.
func Lines(format string, in *ingest.Input, opts Options, sink Rejecter, fn func(rec *Record) error) error {
	s := NewScanner(format, in, opts)
	br := s.br
	var line int64
	var buf []byte
	first := true
	for {
		line++
		buf = buf[:0]
		tooLong, eof := false, false
		for {
			chunk, err := br.ReadSlice('\n')
			if !tooLong {
				if int64(len(buf)+len(chunk)) > s.maxRecord+2 {
					tooLong = true
					buf = append(buf, chunk[:min(len(chunk), maxRawBytes)]...)
				} else {
					buf = append(buf, chunk...)
				}
			}
			if errors.Is(err, bufio.ErrBufferFull) {
				continue
			}
			if errors.Is(err, io.EOF) {
				eof = true
				break
			}
			if err != nil {
				return s.readFailure(err)
			}
			break
		}
		text := bytes.TrimRight(buf, "\r\n")
		switch {
		case tooLong:
			first = false
			if err := sink.Reject(ingest.Reject{Line: line, Reason: fmt.Sprintf("the line is longer than %s", size(s.maxRecord)), Raw: RawText(text)}); err != nil {
				return err
			}
		case len(bytes.TrimSpace(text)) == 0:
		default:
			v := Value{Raw: text, Pos: Pos{Line: line, Col: 1}, Depth: depthOf(text)}
			rec, reason, err := s.lineRecord(v)
			if err != nil {
				return err
			}
			if rec == nil && first {
				// A pretty-printed document starts with a line that opens
				// an array, or an object it does not close.
				if t := bytes.TrimSpace(text); t[0] == '[' || (t[0] == '{' && (len(t) == 1 || t[len(t)-1] == '[' || t[len(t)-1] == '{')) {
					return s.Errorf(Pos{Line: line}, "this is a JSON document, not JSON Lines (one object per line); read it with --source json")
				}
			}
			first = false
			if rec == nil {
				if err := sink.Reject(ingest.Reject{Line: line, Reason: reason, Raw: RawText(text)}); err != nil {
					return err
				}
				break
			}
			if err := fn(rec); err != nil {
				return err
			}
		}
		if eof {
			if first {
				return s.Errorf(Pos{}, "the file holds no JSON")
			}
			return nil
		}
	}
}

// lineRecord reads one line as a record, or says why it is rejected; err
// stops the file.
func (s *Scanner) lineRecord(v Value) (rec *Record, reason string, err error) {
	if v.Depth > s.maxDepth {
		return nil, fmt.Sprintf("the record nests objects and arrays %d levels deep, more than the limit of %d", v.Depth, s.maxDepth), nil
	}
	x, bad, err := s.decode(v)
	if err != nil {
		return nil, "", err
	}
	if bad != nil {
		return nil, "invalid JSON at " + bad.Error(), nil
	}
	m, ok := x.(map[string]any)
	if !ok {
		t := bytes.TrimSpace(v.Raw)
		return nil, "expected an object, found " + kindOf(Value{Raw: t}), nil
	}
	return &Record{Line: v.Pos.Line, Fields: m, Raw: v.Raw}, "", nil
}
