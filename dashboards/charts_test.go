package dashboards

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestOptionsFromGoEcharts checks what every option built through
// go-echarts carries, and what it must not.
func TestOptionsFromGoEcharts(t *testing.T) {
	hostile := `</script><script>alert(1)</script> __f__function(){alert(1)}__f__`
	cases := map[string]map[string]any{
		"hbar":    hbar([]string{hostile}, "tickets", false, []any{bar(hostile, []any{1})}),
		"legend":  hbar([]string{"a"}, "tickets", true, []any{bar("x", []any{1})}),
		"weekly":  weekly([]string{"2026-03-02"}, "hours", []any{line(hostile, []any{nil}), colored(stacked("s", []any{2}), colorWarn)}),
		"item":    option(""),
		"pointer": option("shadow"),
	}
	for name, o := range cases {
		t.Run(name, func(t *testing.T) {
			js, err := encodeOption(o)
			require.NoError(t, err)
			s := string(js)
			assert.NotContains(t, s, "go-echarts.github.io", "the assets host must not reach the page")
			assert.NotContains(t, s, "http")
			assert.False(t, strings.ContainsAny(s, "<>&"))
			var back map[string]any
			require.NoError(t, json.Unmarshal([]byte(s), &back))
			assert.Equal(t, false, back["animation"])
			assert.Equal(t, map[string]any{"enabled": true}, back["aria"])
			assert.Equal(t, "transparent", back["backgroundColor"])
			tip := back["tooltip"].(map[string]any)
			assert.Equal(t, "richText", tip["renderMode"])
			assert.Equal(t, true, tip["confine"])
			assert.Equal(t, false, back["toolbox"].(map[string]any)["show"])
			assert.Len(t, back["color"], len(palette))
			if name == "legend" || name == "weekly" {
				assert.Equal(t, true, back["legend"].(map[string]any)["show"])
			} else {
				assert.Equal(t, false, back["legend"].(map[string]any)["show"])
			}
			if name == "item" {
				assert.Equal(t, "item", tip["trigger"])
				assert.NotContains(t, back, "xAxis", "item charts bring their own axes or none")
			}
		})
	}
	// A "__f__" string stays a JSON string: it is data, never code.
	js, err := encodeOption(hbar([]string{hostile}, "u", false, nil))
	require.NoError(t, err)
	assert.Contains(t, string(js), `"\u003c/script\u003e\u003cscript\u003ealert(1)\u003c/script\u003e __f__function(){alert(1)}__f__"`)
	assert.Contains(t, string(js), `"series":[]`)
}
