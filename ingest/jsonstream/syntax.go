package jsonstream

import (
	"encoding/json"
	"errors"
	"io"
	"unicode/utf8"
)

// This file holds what Records and OpenExport share: reading values that
// must be valid JSON, with failures placed and worded as encoding/json
// would while streaming the file.

// Contexts of encoding/json's messages for a byte that does not belong.
const (
	afterElement = "after array element"
	afterMember  = "after object key:value pair"
	afterKey     = "after object key"
	afterTop     = "after top-level value"
	wantKey      = "looking for beginning of object key string"
)

// readJSON reads the next value whole, at most limit bytes, and checks that
// it is JSON. after is the context a whole value followed by more text is
// named in ("after array element").
func (s *Scanner) readJSON(limit int64, after string) (Value, *readError) {
	v, _, re := s.read(limit, after, false)
	return v, re
}

// decodeJSON is readJSON that also decodes the value, numbers as
// json.Number.
func (s *Scanner) decodeJSON(limit int64, after string) (Value, any, *readError) {
	return s.read(limit, after, true)
}

func (s *Scanner) read(limit int64, after string, decode bool) (Value, any, *readError) {
	v, re := s.scanValue(limit)
	if re != nil {
		// encoding/json reports a syntax error before the end of the
		// file or the limit it meets further on.
		if re.kind != failIO {
			_, bad, err := s.decode(Value{Raw: re.partial, Pos: re.start})
			if err != nil {
				return v, nil, &readError{kind: failIO, start: re.start, err: err}
			}
			var se *SyntaxError
			if errors.As(bad, &se) && !se.short {
				return v, nil, syntax(re.start, se, after)
			}
		}
		return v, nil, re
	}
	if !decode && json.Valid(v.Raw) && utf8.Valid(v.Raw) {
		return v, nil, nil
	}
	x, bad, err := s.decode(v)
	if err != nil {
		return v, nil, &readError{kind: failIO, start: v.Pos, err: err}
	}
	if bad == nil {
		return v, x, nil
	}
	var se *SyntaxError
	if !errors.As(bad, &se) {
		return v, nil, &readError{kind: failIO, start: v.Pos, err: s.Errorf(v.Pos, "%w", bad)}
	}
	if se.short {
		// A number or literal cut short ("tru"): encoding/json names the
		// byte after it, or the end of the file. That byte ends the
		// number or literal (a delimiter), so it is UTF-8.
		b, err := s.br.Peek(1)
		if err != nil {
			return v, nil, &readError{kind: failEOF, start: v.Pos}
		}
		w := Value{Raw: append(v.Raw[:len(v.Raw):len(v.Raw)], b[0]), Pos: v.Pos}
		if _, err := parse(w); errors.As(err, &se) && se.short {
			return v, nil, &readError{kind: failEOF, start: v.Pos}
		}
	}
	return v, nil, syntax(v.Pos, se, after)
}

func syntax(start Pos, se *SyntaxError, after string) *readError {
	msg := se.Msg
	if se.trailing {
		msg = msg[:len(msg)-len(afterTop)] + after
	}
	return &readError{kind: failSyntax, start: start, at: se.Pos, msg: msg}
}

// unexpected is a byte that does not belong where it stands.
func (s *Scanner) unexpected(c byte, context string) *readError {
	return &readError{kind: failSyntax, start: s.pos, at: s.pos, msg: "invalid character " + quoteChar(c) + " " + context}
}

// ended is the end of the file (or a failing reader) where more JSON was
// expected; start is the value it cuts short.
func (s *Scanner) ended(err error, start Pos) *readError {
	if errors.Is(err, io.EOF) {
		return &readError{kind: failEOF, start: start}
	}
	return &readError{kind: failIO, start: start, err: s.readFailure(err)}
}

// readKeyJSON reads an object key and its colon, as readJSON reads values.
func (s *Scanner) readKeyJSON(limit int64) (string, *readError) {
	c, err := s.peek()
	if err != nil {
		return "", s.ended(err, s.pos)
	}
	if c != '"' {
		return "", s.unexpected(c, wantKey)
	}
	v, re := s.readJSON(limit, afterKey)
	if re != nil {
		return "", re
	}
	var key string
	if err := json.Unmarshal(v.Raw, &key); err != nil {
		return "", &readError{kind: failIO, start: v.Pos, err: s.Errorf(v.Pos, "%w", err)}
	}
	if c, err = s.peek(); err != nil {
		return "", s.ended(err, s.pos)
	}
	if c != ':' {
		return "", s.unexpected(c, afterKey)
	}
	s.readByte()
	return key, nil
}
