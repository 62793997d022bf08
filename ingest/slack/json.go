package slack

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
)

// decodeStrict decodes one array element after checking its nesting.
func decodeStrict(raw json.RawMessage, v any) error {
	if d := depth(raw); d > maxDepth {
		return fmt.Errorf("nested %d levels deep, more than %d", d, maxDepth)
	}
	return json.Unmarshal(raw, v)
}

// fieldOf names the JSON field a decoding error is about.
func fieldOf(err error) string {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return te.Field
	}
	return ""
}

// describe words a decoding error for a reject or an error message.
func describe(err error) string {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		want := "a value of another type"
		switch te.Type.Kind() {
		case reflect.String:
			want = "a string"
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint8,
			reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
			want = "a number"
		case reflect.Slice, reflect.Array:
			want = "an array"
		case reflect.Struct, reflect.Map:
			want = "an object"
		case reflect.Bool:
			want = "true or false"
		}
		if te.Field == "" {
			return fmt.Sprintf("expected %s, found %s", want, article(te.Value))
		}
		return fmt.Sprintf("%s is %s, expected %s", te.Field, article(te.Value), want)
	}
	return err.Error()
}

func article(v string) string {
	switch v {
	case "object", "array":
		return "an " + v
	case "bool":
		return "true or false"
	}
	return "a " + v
}

// position turns a byte offset of data into a 1-based line and column.
func position(data []byte, off int) (int64, int) {
	off = max(0, min(off, len(data)))
	line := int64(1 + bytes.Count(data[:off], []byte{'\n'}))
	col := off - bytes.LastIndexByte(data[:off], '\n')
	return line, col
}

// lineCounter finds the lines of increasing offsets without recounting.
type lineCounter struct {
	data []byte
	off  int
	line int64
}

func newLineCounter(data []byte) *lineCounter { return &lineCounter{data: data, line: 1} }

func (c *lineCounter) at(off int) int64 {
	off = min(off, len(c.data))
	if off > c.off {
		c.line += int64(bytes.Count(c.data[c.off:off], []byte{'\n'}))
		c.off = off
	}
	return c.line
}

// skipSpace skips blanks and commas from i: the start of the next value.
func skipSpace(data []byte, i int) int {
	for i < len(data) {
		switch data[i] {
		case ' ', '\t', '\r', '\n', ',':
			i++
		default:
			return i
		}
	}
	return i
}

func kind(tok json.Token) string {
	switch t := tok.(type) {
	case json.Delim:
		if t == '{' {
			return "an object"
		}
		return fmt.Sprintf("%q", string(t))
	case string:
		return "a string"
	case json.Number, float64:
		return "a number"
	case bool:
		return "true or false"
	case nil:
		return "null"
	}
	return "a value"
}

func kindOf(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return "nothing"
	}
	switch raw[0] {
	case '{':
		return "an object"
	case '[':
		return "an array"
	case '"':
		return "a string"
	case 't', 'f':
		return "true or false"
	case 'n':
		return "null"
	}
	return "a number"
}

// depth is the deepest nesting of objects and arrays in raw.
func depth(raw []byte) int {
	var d, deepest int
	inString, escaped := false, false
	for _, c := range raw {
		switch {
		case inString:
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
		case c == '"':
			inString = true
		case c == '{' || c == '[':
			d++
			deepest = max(deepest, d)
		case c == '}' || c == ']':
			d--
		}
	}
	return deepest
}

// duplicateKey returns a key the object raw has more than once (at its top
// level), or "". encoding/json would silently keep the last.
func duplicateKey(raw []byte) string {
	dec := json.NewDecoder(bytes.NewReader(raw))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return ""
	}
	seen := map[string]bool{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return ""
		}
		key, _ := tok.(string)
		if seen[key] {
			return key
		}
		seen[key] = true
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return ""
		}
	}
	return ""
}
