package ingest

import (
	"encoding/json"
	"slices"
	"strings"
	"unicode/utf8"
)

// marshalRaw writes a ticket's original record as JSON, byte for byte as
// json.Marshal writes it: keys sorted, strings escaped as encoding/json
// escapes them (<, >, & and U+2028/9 included). The records connectors
// build are maps of strings and lists of strings (CSV), or what
// encoding/json decodes (JSON): those are written here without
// reflection, which took a sixth of the Go path's time on small files;
// a value of any other type is handed to json.Marshal itself. TestMarshalRawIsJSONMarshal holds it to
// json.Marshal.
func marshalRaw(m map[string]any) ([]byte, error) {
	if m == nil {
		return []byte("null"), nil
	}
	return appendRawMap(make([]byte, 0, 512), m)
}

func appendRawMap(b []byte, m map[string]any) ([]byte, error) {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, strings.Compare)
	b = append(b, '{')
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		var err error
		if b, err = appendRawString(b, k); err != nil {
			return nil, err
		}
		b = append(b, ':')
		if b, err = appendRawValue(b, m[k]); err != nil {
			return nil, err
		}
	}
	return append(b, '}'), nil
}

func appendRawValue(b []byte, v any) ([]byte, error) {
	switch v := v.(type) {
	case string:
		return appendRawString(b, v)
	case []string:
		return appendRawList(b, v, appendRawString)
	case []any:
		return appendRawList(b, v, appendRawValue)
	case map[string]any:
		if v == nil {
			return append(b, "null"...), nil
		}
		return appendRawMap(b, v)
	case nil:
		return append(b, "null"...), nil
	case bool:
		if v {
			return append(b, "true"...), nil
		}
		return append(b, "false"...), nil
	}
	j, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return append(b, j...), nil
}

// appendRawList writes a list as encoding/json does: null when nil.
func appendRawList[T any](b []byte, v []T, each func([]byte, T) ([]byte, error)) ([]byte, error) {
	if v == nil {
		return append(b, "null"...), nil
	}
	b = append(b, '[')
	for i, x := range v {
		if i > 0 {
			b = append(b, ',')
		}
		var err error
		if b, err = each(b, x); err != nil {
			return nil, err
		}
	}
	return append(b, ']'), nil
}

// appendRawString quotes s as encoding/json does (with HTML escaping, its
// default): ", \ and control characters escaped, \b \f \n \r \t by name,
// <, >, & and U+2028/9 as \u escapes, invalid UTF-8 as \ufffd, any other
// text as it is.
func appendRawString(b []byte, s string) ([]byte, error) {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"'), nil
}
