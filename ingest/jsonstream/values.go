package jsonstream

import (
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"
	"time"

	"github.com/lanes-dev/lanes/ingest"
)

// Lookup finds path in m: the key itself first, then a dotted path
// through nested objects ("fields.status.name").
func Lookup(m map[string]any, path string) (any, bool) {
	if v, ok := m[path]; ok {
		return v, true
	}
	if !strings.Contains(path, ".") {
		return nil, false
	}
	var cur any = m
	for _, part := range strings.Split(path, ".") {
		obj, ok := cur.(map[string]any)
		if !ok {
			return nil, false
		}
		if cur, ok = obj[part]; !ok {
			return nil, false
		}
	}
	return cur, true
}

// nameKeys are the keys whose value names an object, best first.
var nameKeys = []string{"name", "display_name", "displayName", "display_value", "displayValue", "full_name", "fullName", "value", "title", "email", "emailAddress", "login", "username", "key", "id"}

// Kind names a JSON value's type for messages.
func Kind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "text"
	case json.Number, float64:
		return "a number"
	case bool:
		return "true or false"
	case map[string]any:
		return "an object"
	case []any:
		return "a list"
	}
	return fmt.Sprintf("%T", v)
}

// Text reads a value as text: strings as they are, numbers and booleans as
// written, null as "". An object gives its name (its "name", "value",
// "email", ... key); an object without one, or a list, is an error.
func Text(v any) (string, error) {
	switch x := v.(type) {
	case nil:
		return "", nil
	case string:
		return CleanText(x), nil
	case json.Number:
		return x.String(), nil
	case bool:
		return strconv.FormatBool(x), nil
	case map[string]any:
		for _, k := range nameKeys {
			if n, ok := x[k]; ok {
				switch n.(type) {
				case string, json.Number:
					return Text(n)
				}
			}
		}
		return "", fmt.Errorf("expected text, found an object without a name")
	}
	return "", fmt.Errorf("expected text, found %s", Kind(v))
}

// CleanText drops NUL characters, which JSON allows as \u0000 but the
// warehouse's text columns do not hold.
func CleanText(s string) string {
	if strings.IndexByte(s, 0) < 0 {
		return s
	}
	return strings.ReplaceAll(s, "\x00", "")
}

// Texts reads a list of values as texts (empty ones dropped); a single
// text gives a one-element list.
func Texts(v any) ([]string, error) {
	switch x := v.(type) {
	case nil:
		return nil, nil
	case []any:
		var out []string
		for _, e := range x {
			t, err := Text(e)
			if err != nil {
				return nil, fmt.Errorf("list element: %w", err)
			}
			if t = strings.TrimSpace(t); t != "" {
				out = append(out, t)
			}
		}
		return out, nil
	case map[string]any:
		return nil, fmt.Errorf("expected a list, found an object")
	}
	t, err := Text(v)
	if err != nil {
		return nil, err
	}
	if t = strings.TrimSpace(t); t == "" {
		return nil, nil
	}
	return []string{t}, nil
}

// ID reads an identifier: a whole number (kept exact, however large) or
// non-empty text. Null gives "".
func ID(v any) (string, error) {
	switch x := v.(type) {
	case nil:
		return "", nil
	case json.Number:
		s := x.String()
		if _, ok := new(big.Int).SetString(s, 10); !ok {
			return "", fmt.Errorf("expected a whole number or text, found %s", s)
		}
		return s, nil
	case string:
		return strings.TrimSpace(CleanText(x)), nil
	}
	return "", fmt.Errorf("expected a number or text, found %s", Kind(v))
}

// Count reads a non-negative whole number; null gives nil.
func Count(v any) (*int, error) {
	switch x := v.(type) {
	case nil:
		return nil, nil
	case json.Number:
		n, err := strconv.ParseInt(x.String(), 10, 32)
		if err != nil || n < 0 {
			return nil, fmt.Errorf("expected a count, found %s", x)
		}
		i := int(n)
		return &i, nil
	case string:
		t := strings.TrimSpace(x)
		if t == "" {
			return nil, nil
		}
		n, err := strconv.ParseInt(t, 10, 32)
		if err != nil || n < 0 {
			return nil, fmt.Errorf("expected a count, found %q", x)
		}
		i := int(n)
		return &i, nil
	}
	return nil, fmt.Errorf("expected a count, found %s", Kind(v))
}

// Float reads a finite number (or text holding one); null gives nil.
func Float(v any) (*float64, error) {
	var s string
	switch x := v.(type) {
	case nil:
		return nil, nil
	case json.Number:
		s = x.String()
	case string:
		if s = strings.TrimSpace(x); s == "" {
			return nil, nil
		}
	default:
		return nil, fmt.Errorf("expected a number, found %s", Kind(v))
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return nil, fmt.Errorf("expected a number, found %q", s)
	}
	return &f, nil
}

// Date reads a date: text with parse, or a number as Unix time (see
// Epoch). Null and blank text give nil.
func Date(v any, parse func(string) (time.Time, error)) (*time.Time, error) {
	switch x := v.(type) {
	case nil:
		return nil, nil
	case string:
		if strings.TrimSpace(x) == "" {
			return nil, nil
		}
		t, err := parse(x)
		if err != nil {
			return nil, err
		}
		return &t, nil
	case json.Number:
		t, err := Epoch(x)
		if err != nil {
			return nil, err
		}
		return &t, nil
	}
	return nil, fmt.Errorf("expected a date, found %s", Kind(v))
}

// Epoch reads a number as Unix time: seconds, or milliseconds when it is
// too large to be seconds (after the year 5138). Digits are read exactly.
func Epoch(n json.Number) (time.Time, error) {
	bad := fmt.Errorf("cannot read %s as a date (expected Unix seconds or milliseconds)", n)
	s := n.String()
	whole, frac, _ := strings.Cut(s, ".")
	if strings.ContainsAny(s, "eE-+") || len(whole) == 0 || len(whole) > 14 {
		return time.Time{}, bad
	}
	sec, err := strconv.ParseInt(whole, 10, 64)
	if err != nil {
		return time.Time{}, bad
	}
	var nanos int64
	if frac != "" {
		digits := (frac + "000000000")[:9]
		if nanos, err = strconv.ParseInt(digits, 10, 64); err != nil {
			return time.Time{}, bad
		}
	}
	if sec >= 1e11 { // milliseconds
		nanos = (sec%1000)*1e6 + nanos/1000
		sec /= 1000
	}
	return time.Unix(sec, nanos).UTC(), nil
}

// Describe names a JSON value's type for messages about a value of the
// wrong type ("fields is a string, expected an object").
func Describe(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case string:
		return "a string"
	case json.Number, float64:
		return "a number"
	case bool:
		if x {
			return "true"
		}
		return "false"
	case map[string]any:
		return "an object"
	case []any:
		return "a list"
	}
	return Kind(v)
}

// Strict reads the values of one record that must each be of one JSON
// type, and keeps the first that is not as a reject naming the value's
// path ("fields.summary").
type Strict struct {
	Layouts []string       // date layouts, tried in order
	Loc     *time.Location // zone of dates without an offset; nil for UTC
	Reject  *ingest.Reject // the first problem; nil while there is none
}

// Fail notes a problem, unless one is noted already.
func (r *Strict) Fail(column, reason string) {
	if r.Reject == nil {
		r.Reject = &ingest.Reject{Column: column, Reason: reason}
	}
}

// Text reads text; numbers and booleans are taken as written, null as "".
func (r *Strict) Text(v any, path string) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return CleanText(x)
	case json.Number:
		return x.String()
	case bool:
		return strconv.FormatBool(x)
	}
	r.Fail(path, fmt.Sprintf("%s is %s, expected text", path, Describe(v)))
	return ""
}

// Object reads an object; null gives nil.
func (r *Strict) Object(v any, path string) map[string]any {
	switch x := v.(type) {
	case nil:
		return nil
	case map[string]any:
		return x
	}
	r.Fail(path, fmt.Sprintf("%s is %s, expected an object", path, Describe(v)))
	return nil
}

// List reads a list; null gives nil.
func (r *Strict) List(v any, path string) []any {
	switch x := v.(type) {
	case nil:
		return nil
	case []any:
		return x
	}
	r.Fail(path, fmt.Sprintf("%s is %s, expected a list", path, Describe(v)))
	return nil
}

// Time reads a date in one of the layouts; null and blank text give nil.
func (r *Strict) Time(v any, path string) *time.Time {
	if v == nil {
		return nil
	}
	s, ok := v.(string)
	if !ok {
		b, _ := json.Marshal(v)
		r.Fail(path, fmt.Sprintf("cannot read %s as a date", b))
		return nil
	}
	if strings.TrimSpace(s) == "" {
		return nil
	}
	t, err := ingest.ParseTime(s, r.Layouts, r.Loc)
	if err != nil {
		r.Fail(path, err.Error())
		return nil
	}
	return &t
}
