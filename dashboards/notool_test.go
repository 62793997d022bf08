package dashboards

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/models/warehouse"
)

// unmatchedWarehouse is the basic warehouse with VPN's two tickets (IT-4 and
// IT-11) matched to no tool, as int_ticket_tool leaves such tickets: tool
// Unknown, no catalogue flag. GitHub's blocker becomes Unknown's too.
func unmatchedWarehouse(t *testing.T) *warehouse.Warehouse {
	return newWarehouse(t, []string{filepath.Join("testdata", "basic", "input.sql")}, func(tx *warehouse.Tx) error {
		for _, q := range []string{
			`update int_tickets set tool = 'Unknown', is_tool_sanctioned = null where tool = 'VPN'`,
			`update time_to_resolve set value = 'Unknown' where dimension = 'tool' and value = 'VPN'`,
			`update fix_ranking set tool = 'Unknown' where tool = 'GitHub'`,
		} {
			if _, err := tx.Exec(q); err != nil {
				return err
			}
		}
		return nil
	})
}

// barColors reads a bar series' data as [value, color] pairs, color "" for
// a bar drawn in the series' own color.
func barColors(t *testing.T, data []any) [][2]string {
	t.Helper()
	var out [][2]string
	for _, d := range data {
		if m, ok := d.(map[string]any); ok {
			color := ""
			if st, ok := m["itemStyle"].(map[string]any); ok {
				color, _ = st["color"].(string)
			}
			out = append(out, [2]string{fmt.Sprint(m["value"]), color})
			continue
		}
		out = append(out, [2]string{fmt.Sprint(d), ""})
	}
	return out
}

func chartByID(t *testing.T, charts []*chart, id string) *chart {
	t.Helper()
	for _, ch := range charts {
		if ch.ID == id {
			return ch
		}
	}
	require.FailNow(t, "no chart "+id)
	return nil
}

// TestUnmatchedTicketsShowAsNoTool: the tickets that name no tool are shown
// as the weekly report shows them, "(no tool identified)", in grey, in every
// chart, table and filter, and the model's name "Unknown" appears nowhere.
func TestUnmatchedTicketsShowAsNoTool(t *testing.T) {
	wh := unmatchedWarehouse(t)
	v := viewOf(t, wh, Options{})

	// Tickets per tool: Okta 5 (IT-1, 3, 5, 8, 10), GitHub 4, the two
	// unmatched, Notion 1 (unsanctioned, red).
	top := chartByID(t, v.Tools, "tools-top")
	var o struct {
		YAxis  []struct{ Data []string } `json:"yAxis"`
		Series []struct{ Data []any }    `json:"series"`
	}
	require.NoError(t, json.Unmarshal([]byte(top.Option), &o))
	assert.Equal(t, []string{"Okta", "GitHub", noToolLabel, "Notion"}, o.YAxis[0].Data)
	assert.Equal(t, [][2]string{{"5", ""}, {"4", ""}, {"2", colorMuted}, {"1", colorWarn}}, barColors(t, o.Series[0].Data))
	assert.Equal(t, []string{noToolLabel, "2", "16.7%", "–"}, top.Table.Rows[2])

	// Tickets per week by tool: the unmatched series is grey, the tools keep
	// the palette.
	weekly := chartByID(t, v.Tools, "tools-weekly")
	var w struct {
		Series []struct {
			Name      string
			ItemStyle *struct{ Color string } `json:"itemStyle"`
		}
	}
	require.NoError(t, json.Unmarshal([]byte(weekly.Option), &w))
	colors := map[string]string{}
	for _, s := range w.Series {
		colors[s.Name] = ""
		if s.ItemStyle != nil {
			colors[s.Name] = s.ItemStyle.Color
		}
	}
	assert.Equal(t, map[string]string{"Okta": "", "GitHub": "", noToolLabel: colorMuted, "Notion": ""}, colors)

	// Blockers name the pair with the label.
	blockers := chartByID(t, v.Tools, "tools-blockers")
	assert.Equal(t, noToolLabel, blockers.Table.Rows[0][1])

	page := string(withoutLibrary(render(t, wh, Options{})))
	assert.NotContains(t, page, "Unknown")
	assert.Contains(t, page, `<option value="2">`+noToolLabel+`</option>`)
	assert.Contains(t, page, `"noTool":2`)
}

// TestNoToolWhenEveryTicketMatches: a warehouse whose tickets all match a
// tool marks none.
func TestNoToolWhenEveryTicketMatches(t *testing.T) {
	page := string(withoutLibrary(render(t, basicWarehouse(t), Options{})))
	assert.Contains(t, page, `"noTool":-1`)
	assert.False(t, strings.Contains(page, noToolLabel+"</option>"))
}
