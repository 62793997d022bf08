package ingest

import (
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestMarshalRawIsJSONMarshal: marshalRaw writes what json.Marshal writes,
// on records as the CSV and JSON connectors build them and on strings
// chosen to hit every escaping rule.
func TestMarshalRawIsJSONMarshal(t *testing.T) {
	strs := []string{
		"", "plain", "1 < 2", "2 > 1", `quote " inside`, `back\slash`, "<script>alert(1)</script>", "a & b", "tab\there",
		"line\nbreak", "cr\r", "nul\x00byte", "\b\f\v", "\x7f", "ünï\u2028cödé\u2029", "\xed\xa0\x80 surrogate", "\xf4\x90\x80\x80 beyond", "\x1f\x7f", "Grüße", "日本語", "emoji 🎉", "\u2028\u2029",
		"bad utf-8 \xff\xfe", "truncated \xe2\x80", "=cmd|' /C calc'!A0", "0", "-1.5e3", "null", "{}",
	}
	cases := []map[string]any{
		nil,
		{},
		{"Summary": "VPN down", "Labels": []string{"vpn", "remote"}, "Issue key": "IT-1"},
		{"b": "2", "a": "1", "B": "3", "é": "4", "<k>": "5", "": "6", "a b": []string{}},
		{"nil list": []string(nil), "any list": []any{"x", 1.5, true, nil, map[string]any{"z": "y", "a": []any{}}}},
		{"number": 12345678901234567890.0, "small": 1e-7, "int": float64(3), "json number": json.Number("9007199254740993"),
			"raw": json.RawMessage(` { "a" : 1 } `), "bool": false, "null": nil, "nested": map[string]any{"k": map[string]any{}}},
		{"typed map": map[string]string{"b": "<", "a": "&"}, "ints": []int{1, 2}},
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 500 {
		m := map[string]any{}
		for range r.IntN(12) {
			k := strs[r.IntN(len(strs))] + strs[r.IntN(len(strs))]
			if r.IntN(3) == 0 {
				var l []string
				for range r.IntN(4) {
					l = append(l, strs[r.IntN(len(strs))])
				}
				m[k] = l
			} else {
				m[k] = strs[r.IntN(len(strs))] + strs[r.IntN(len(strs))]
			}
		}
		cases = append(cases, m)
	}
	for i, m := range cases {
		want, err := json.Marshal(m)
		require.NoError(t, err)
		got, err := marshalRaw(m)
		require.NoError(t, err)
		require.Equal(t, string(want), string(got), "case %d", i)
	}
	_, err := marshalRaw(map[string]any{"x": map[string]any{"y": func() {}}})
	assert.Error(t, err, "what json.Marshal refuses")
	assert.True(t, strings.HasPrefix(string(must(marshalRaw(map[string]any{"a": "1"}))), `{"a":"1"`))
}

func must(b []byte, err error) []byte {
	if err != nil {
		panic(err)
	}
	return b
}

// FuzzMarshalRaw: any two strings, as a key and as a value or a list,
// are written as json.Marshal writes them.
func FuzzMarshalRaw(f *testing.F) {
	f.Add("Summary", "VPN <down> & \u2028 \xff")
	f.Add("", "\x00")
	f.Fuzz(func(t *testing.T, k, v string) {
		m := map[string]any{k: v, v: []string{k, v}, k + "x": map[string]any{v: []any{v, nil}}}
		want, err := json.Marshal(m)
		require.NoError(t, err)
		got, err := marshalRaw(m)
		require.NoError(t, err)
		require.Equal(t, string(want), string(got))
	})
}
