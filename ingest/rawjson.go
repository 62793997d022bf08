package ingest

import (
	"encoding/json"
	"slices"
	"strings"
)

// marshalRaw writes a ticket's original record as JSON, byte for byte as
// json.Marshal writes it: keys sorted, strings escaped as encoding/json
// escapes them (<, >, & and U+2028/9 included). The records connectors
// build are maps of strings and lists of strings (CSV), or what
// encoding/json decodes (JSON): those are written here without
// reflection, which took a sixth of the Go path's time on small files;
// a value of any other type, and any string that needs escaping, is
// handed to json.Marshal itself. TestMarshalRawIsJSONMarshal holds it to
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
	var err error
	switch v := v.(type) {
	case string:
		return appendRawString(b, v)
	case []string:
		if v == nil {
			return append(b, "null"...), nil
		}
		b = append(b, '[')
		for i, s := range v {
			if i > 0 {
				b = append(b, ',')
			}
			if b, err = appendRawString(b, s); err != nil {
				return nil, err
			}
		}
		return append(b, ']'), nil
	case []any:
		if v == nil {
			return append(b, "null"...), nil
		}
		b = append(b, '[')
		for i, x := range v {
			if i > 0 {
				b = append(b, ',')
			}
			if b, err = appendRawValue(b, x); err != nil {
				return nil, err
			}
		}
		return append(b, ']'), nil
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

// appendRawString quotes s as encoding/json does. Printable ASCII other
// than " \ < > & is written as it is; any other string goes through
// json.Marshal (control characters, non-ASCII text and invalid UTF-8 have
// rules of their own there).
func appendRawString(b []byte, s string) ([]byte, error) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			j, err := json.Marshal(s)
			if err != nil {
				return nil, err
			}
			return append(b, j...), nil
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"'), nil
}
