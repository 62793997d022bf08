package reports

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/lanes-dev/lanes/models/warehouse"
)

// numericTypes are the DuckDB types rendered as bare numbers.
var numericTypes = map[string]bool{
	"TINYINT": true, "SMALLINT": true, "INTEGER": true, "BIGINT": true, "HUGEINT": true,
	"UTINYINT": true, "USMALLINT": true, "UINTEGER": true, "UBIGINT": true, "UHUGEINT": true,
	"FLOAT": true, "DOUBLE": true, "DECIMAL": true, "BIGNUM": true, "VARINT": true,
}

// textValue renders one non-NULL value as text for the table, csv and
// markdown formats. fromText reports that the text came from a string or
// blob in the data, and so may be hostile; numbers, dates and the JSON text
// of lists and structs are written by us.
func textValue(v any, t *dtype) (s string, fromText bool) {
	switch x := v.(type) {
	case json.RawMessage:
		return string(x), false
	case string:
		if t.base() == "JSON" {
			return string(appendJSON(nil, v, t)), false
		}
		return x, true
	case []byte:
		if t.base() == "UUID" && len(x) == 16 {
			return formatUUID(x), false
		}
		return formatBlob(x), true
	case []any, map[string]any, warehouse.Map:
		return string(appendJSON(nil, v, t)), false
	case warehouse.Union:
		return textValue(x.Value, unionMember(t, x.Tag))
	case nil:
		return "", false
	}
	if t.base() == "JSON" {
		return string(appendJSON(nil, v, t)), false
	}
	if s, ok := scalarText(v, t); ok {
		return s, false
	}
	return fmt.Sprint(v), true
}

// scalarText renders numbers, booleans, times and intervals.
func scalarText(v any, t *dtype) (string, bool) {
	switch x := v.(type) {
	case bool:
		return strconv.FormatBool(x), true
	case int8:
		return strconv.FormatInt(int64(x), 10), true
	case int16:
		return strconv.FormatInt(int64(x), 10), true
	case int32:
		return strconv.FormatInt(int64(x), 10), true
	case int64:
		return strconv.FormatInt(x, 10), true
	case int:
		return strconv.Itoa(x), true
	case uint8:
		return strconv.FormatUint(uint64(x), 10), true
	case uint16:
		return strconv.FormatUint(uint64(x), 10), true
	case uint32:
		return strconv.FormatUint(uint64(x), 10), true
	case uint64:
		return strconv.FormatUint(x, 10), true
	case float32:
		return formatFloat(float64(x), 32), true
	case float64:
		return formatFloat(x, 64), true
	case *big.Int:
		return x.String(), true
	case warehouse.Decimal:
		return formatDecimal(x), true
	case warehouse.Interval:
		return formatInterval(x), true
	case time.Time:
		return formatTime(x, t), true
	}
	return "", false
}

// isFiniteNumber reports values JSON can hold as a bare number.
func isFiniteNumber(v any) bool {
	switch x := v.(type) {
	case int8, int16, int32, int64, int, uint8, uint16, uint32, uint64, *big.Int, warehouse.Decimal:
		return true
	case float32:
		return !math.IsNaN(float64(x)) && !math.IsInf(float64(x), 0)
	case float64:
		return !math.IsNaN(x) && !math.IsInf(x, 0)
	}
	return false
}

// appendJSON appends v as JSON. Numbers stay exact (HUGEINT and DECIMAL are
// written digit for digit), times follow their column type, struct fields
// keep their declared order and map keys their stored order.
func appendJSON(b []byte, v any, t *dtype) []byte {
	switch x := v.(type) {
	case nil:
		return append(b, "null"...)
	case json.RawMessage:
		var c bytes.Buffer
		if json.Compact(&c, x) == nil {
			return append(b, c.Bytes()...)
		}
		return appendJSONString(b, string(x))
	case bool:
		return strconv.AppendBool(b, x)
	case string:
		return appendJSONString(b, x)
	case []byte:
		s, _ := textValue(x, t)
		return appendJSONString(b, s)
	case []any:
		var elem *dtype
		if t.isList() {
			elem = t.elem
		}
		b = append(b, '[')
		for i, e := range x {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSON(b, e, elem)
		}
		return append(b, ']')
	case map[string]any:
		return appendStruct(b, x, t)
	case warehouse.Map:
		return appendMap(b, x, t)
	case warehouse.Union:
		return appendJSON(b, x.Value, unionMember(t, x.Tag))
	}
	if isFiniteNumber(v) {
		s, _ := scalarText(v, t)
		return append(b, s...)
	}
	if s, ok := scalarText(v, t); ok {
		return appendJSONString(b, s) // times, intervals, NaN and infinities
	}
	// Anything else (e.g. a decoded JSON value of an unexpected type) goes
	// through encoding/json, which sorts map keys.
	raw, err := json.Marshal(v)
	if err != nil {
		return appendJSONString(b, fmt.Sprint(v))
	}
	return append(b, raw...)
}

func appendJSONString(b []byte, s string) []byte {
	raw, _ := json.Marshal(s) // cannot fail for a string
	return append(b, raw...)
}

// appendStruct writes a STRUCT in its declared field order; fields the type
// does not name (or a decoded JSON object) follow in sorted order.
func appendStruct(b []byte, m map[string]any, t *dtype) []byte {
	b = append(b, '{')
	seen := map[string]bool{}
	n := 0
	put := func(k string, ft *dtype) {
		if n > 0 {
			b = append(b, ',')
		}
		n++
		b = appendJSONString(b, k)
		b = append(b, ':')
		b = appendJSON(b, m[k], ft)
	}
	if t.isStruct() {
		for _, f := range t.fields {
			if _, ok := m[f.name]; ok && !seen[f.name] {
				seen[f.name] = true
				put(f.name, f.typ)
			}
		}
	}
	var rest []string
	for k := range m {
		if !seen[k] {
			rest = append(rest, k)
		}
	}
	sort.Strings(rest)
	for _, k := range rest {
		put(k, nil)
	}
	return append(b, '}')
}

// appendMap writes a MAP as an object when every key is a string, else as
// an array of {"key": ..., "value": ...}, in stored order either way.
func appendMap(b []byte, m warehouse.Map, t *dtype) []byte {
	keys, values := m.Keys, m.Values
	var kt, vt *dtype
	if t != nil {
		kt, vt = t.key, t.value
	}
	allStrings := true
	for _, k := range keys {
		if _, ok := k.(string); !ok {
			allStrings = false
		}
	}
	if allStrings {
		b = append(b, '{')
		for i, k := range keys {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSONString(b, k.(string))
			b = append(b, ':')
			b = appendJSON(b, values[i], vt)
		}
		return append(b, '}')
	}
	b = append(b, '[')
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"key":`...)
		b = appendJSON(b, k, kt)
		b = append(b, `,"value":`...)
		b = appendJSON(b, values[i], vt)
		b = append(b, '}')
	}
	return append(b, ']')
}

func unionMember(t *dtype, tag string) *dtype {
	if t == nil {
		return nil
	}
	for _, f := range t.fields {
		if f.name == tag {
			return f.typ
		}
	}
	return nil
}

// formatFloat writes a float the way JSON numbers are usually written:
// shortest exact digits, exponent only for very large or small values.
func formatFloat(f float64, bits int) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	}
	abs := math.Abs(f)
	format := byte('f')
	if abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b := strconv.AppendFloat(nil, f, format, -1, bits)
	if format == 'e' {
		// 1e-07 -> 1e-7, as encoding/json does.
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return string(b)
}

// formatDecimal writes a DECIMAL exactly, with all of its scale's digits.
func formatDecimal(d warehouse.Decimal) string {
	if d.Value == nil {
		return "0"
	}
	digits := new(big.Int).Abs(d.Value).String()
	scale := int(d.Scale)
	if scale > 0 {
		if len(digits) <= scale {
			digits = strings.Repeat("0", scale-len(digits)+1) + digits
		}
		digits = digits[:len(digits)-scale] + "." + digits[len(digits)-scale:]
	}
	if d.Value.Sign() < 0 {
		return "-" + digits
	}
	return digits
}

// formatTime writes DATE as 2006-01-02, TIME as 15:04:05 and every timestamp
// as RFC 3339 in UTC.
func formatTime(v time.Time, t *dtype) string {
	switch t.base() {
	case "DATE":
		return v.Format(dateLayout)
	case "TIME", "TIME_NS":
		return v.Format("15:04:05.999999999")
	case "TIMETZ", "TIME WITH TIME ZONE":
		return v.Format("15:04:05.999999999Z07:00")
	}
	return v.UTC().Format(time.RFC3339Nano)
}

// formatInterval writes an INTERVAL the way DuckDB prints it, e.g.
// "1 year 2 months 3 days 04:05:06.5".
func formatInterval(iv warehouse.Interval) string {
	var parts []string
	unit := func(n int64, one string) {
		if n == 0 {
			return
		}
		s := fmt.Sprintf("%d %s", n, one)
		if n != 1 {
			s += "s"
		}
		parts = append(parts, s)
	}
	unit(int64(iv.Months/12), "year")
	unit(int64(iv.Months%12), "month")
	unit(int64(iv.Days), "day")
	if iv.Micros != 0 || len(parts) == 0 {
		us := iv.Micros
		sign := ""
		if us < 0 {
			sign, us = "-", -us
		}
		h, rem := us/3_600_000_000, us%3_600_000_000
		m, rem := rem/60_000_000, rem%60_000_000
		s, frac := rem/1_000_000, rem%1_000_000
		clock := fmt.Sprintf("%s%02d:%02d:%02d", sign, h, m, s)
		if frac != 0 {
			clock += strings.TrimRight(fmt.Sprintf(".%06d", frac), "0")
		}
		parts = append(parts, clock)
	}
	return strings.Join(parts, " ")
}

func formatUUID(b []byte) string {
	h := hex.EncodeToString(b)
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

// formatBlob writes bytes the way DuckDB prints a BLOB: printable ASCII as
// is, everything else (and the backslash) as \xHH.
func formatBlob(b []byte) string {
	var s strings.Builder
	for _, c := range b {
		if c >= 0x20 && c < 0x7f && c != '\\' {
			s.WriteByte(c)
		} else {
			fmt.Fprintf(&s, `\x%02X`, c)
		}
	}
	return s.String()
}
