package dashboards

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func basicCube(t *testing.T) *cube {
	t.Helper()
	ctx := context.Background()
	wh := basicWarehouse(t)
	d, err := load(ctx, wh)
	require.NoError(t, err)
	c, err := loadCube(ctx, wh, d, 0.8)
	require.NoError(t, err)
	return c
}

// TestCubeAddsUpToTheMarts checks the cube of testdata/basic against counts
// made by hand from its twelve tickets.
func TestCubeAddsUpToTheMarts(t *testing.T) {
	c := basicCube(t)
	assert.Equal(t, []string{"2024-03-04", "2024-03-11", "2024-03-18"}, c.Weeks)
	// By tickets: IT Helpdesk 7, Platform 4, Unassigned 1; Okta 5, GitHub 4,
	// VPN 2, Notion 1 (not sanctioned).
	assert.Equal(t, []string{"IT Helpdesk", "Platform", "Unassigned"}, c.Teams)
	assert.Equal(t, []string{"it", "engineering", ""}, c.TeamClass)
	assert.Equal(t, []string{"Okta", "GitHub", "VPN", "Notion"}, c.Tools)
	assert.False(t, c.TeamOther || c.ToolOther)
	require.NotNil(t, c.Sanctioned[3])
	assert.False(t, *c.Sanctioned[3])

	var created, resolved, rh, fr, ap, met, breached, pending, responded float64
	for _, x := range c.T {
		created += x.C
		resolved += x.R
		rh += histTotal(x.RH)
		fr += histTotal(x.FR)
		ap += x.AP
		met, breached, pending = met+x.SM, breached+x.SB, pending+x.SP
		responded += x.RS
	}
	assert.Equal(t, 12.0, created)
	assert.Equal(t, 8.0, resolved)
	assert.Equal(t, 8.0, rh)
	assert.Equal(t, 8.0, fr)
	assert.Equal(t, 8.0, responded)
	// Automatable: password_reset 5 x 10 minutes, access_request 4 x 20.
	assert.Equal(t, 130.0, ap)
	assert.Equal(t, []float64{6, 2, 4}, []float64{met, breached, pending})
	// Open at the end of each week, all teams: IT-4 | IT-4, IT-8, IT-9 |
	// IT-4, IT-8, IT-10, IT-12: the same as backlog_weekly here.
	assert.Equal(t, []float64{1, 3, 4}, c.ticketSum(c.all(), func(x *tcell) float64 { return x.O }))
	// Open tickets by age now (2024-03-20 09:00): IT Helpdesk IT-10 (2 days)
	// and IT-4 (12.9 days), Platform IT-12 (0 h), Unassigned IT-8 (6 days).
	ages := map[int][5]float64{}
	for _, a := range c.A {
		x := ages[a.Team]
		for b := range a.Age {
			x[b] += a.Age[b]
		}
		ages[a.Team] = x
	}
	assert.Equal(t, map[int][5]float64{0: {0, 1, 0, 1, 0}, 1: {1, 0, 0, 0, 0}, 2: {0, 0, 1, 0, 0}}, ages)
	// Interruptions: three rows, the two known directions.
	assert.Len(t, c.I, 3)
	assert.Equal(t, []string{"it_work_to_engineering", "engineering_work_to_it"}, c.Dirs)
}

func TestQuantileOf(t *testing.T) {
	h := func(vals ...float64) []float64 { return vals }
	for _, tc := range []struct {
		name string
		hist []float64
		q    float64
		want float64
		open bool
		ok   bool
	}{
		{"empty", nil, 0.5, 0, false, false},
		{"zeros", h(0, 0), 0.5, 0, false, false},
		// One value in [0, 0.25): the median is the bucket's middle.
		{"first bucket", h(1), 0.5, 0.125, false, true},
		// Four values in [1, 2) and four in [2, 4): the median is at the
		// end of the first of the two, 2.
		{"between", h(0, 0, 0, 4, 4), 0.5, 2, false, true},
		// p90 of ten values, nine in [1, 2), one in [2, 4): 9 of 10 reached
		// at the end of [1, 2).
		{"p90", h(0, 0, 0, 9, 1), 0.9, 2, false, true},
		// 2 values in [8, 16): the median at 1 of 2 is the middle, 12.
		{"middle", h(0, 0, 0, 0, 0, 0, 2), 0.5, 12, false, true},
		// Everything in the last bucket (720 h or more): its lower bound.
		{"open", append(make([]float64, len(edges)), 3), 0.5, 720, true, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v, open, ok := quantileOf(tc.hist, tc.q)
			assert.Equal(t, tc.ok, ok)
			assert.Equal(t, tc.open, open)
			assert.InDelta(t, tc.want, v, 1e-9)
		})
	}
	assert.Equal(t, "under 15 min", bucketLabels()[0])
	assert.Equal(t, "1 h – 2 h", bucketLabels()[3])
	assert.Equal(t, "30 d or more", bucketLabels()[len(edges)])
	assert.Len(t, bucketLabels(), len(edges)+1)
}

// TestCubeFitsItsBudget fills a cube far beyond any budget (three years, 60
// teams, 400 tools, every cell busy) and checks that fit folds it under the
// budget while keeping every count.
func TestCubeFitsItsBudget(t *testing.T) {
	c := &cube{}
	for w := range maxWeeks {
		c.Weeks = append(c.Weeks, "w")
		_ = w
	}
	for i := range maxTeams {
		c.Teams = append(c.Teams, "team")
		c.TeamClass = append(c.TeamClass, "it")
		_ = i
	}
	c.Teams, c.TeamClass, c.TeamOther = append(c.Teams, otherTeams), append(c.TeamClass, ""), true
	for i := range maxTools {
		c.Tools = append(c.Tools, "tool")
		c.Sanctioned = append(c.Sanctioned, nil)
		_ = i
	}
	c.Tools, c.Sanctioned, c.ToolOther = append(c.Tools, otherTools), append(c.Sanctioned, nil), true
	var created float64
	for w := range maxWeeks {
		for team := range c.Teams {
			for tool := range c.Tools {
				x := tcell{W: w, Team: team, Tool: tool, C: 12345, R: 12000, RS: 11000, AP: 98765.4, SM: 9000, SB: 1000, O: 54321,
					RH: []float64{1, 22, 333, 4444, 5555, 6666, 777, 88, 9, 1, 2, 3, 4, 5, 6}, FR: []float64{4444, 3333, 2222, 1111, 999, 88, 7}}
				created += x.C
				c.T = append(c.T, x)
			}
			c.I = append(c.I, icell{W: w, Team: team, N: 99, Handle: 12.345, Refocus: 9.876, Cost: 1234.56})
		}
	}
	require.Greater(t, c.size(), cubeBudget)
	c.fit(cubeBudget)
	assert.LessOrEqual(t, c.size(), cubeBudget)
	assert.True(t, c.TeamOther && c.ToolOther)
	assert.Less(t, c.namedTools(), maxTools)
	assert.Equal(t, otherTools, c.Tools[len(c.Tools)-1])
	assert.Equal(t, otherTeams, c.Teams[len(c.Teams)-1])
	var after float64
	for _, x := range c.T {
		after += x.C
		assert.Less(t, x.Team, len(c.Teams))
		assert.Less(t, x.Tool, len(c.Tools))
	}
	assert.Equal(t, created, after, "folding lost tickets")
	assert.Len(t, c.T, maxWeeks*len(c.Teams)*len(c.Tools))
}

// TestPageDataIsSafeAndStable checks that the embedded data cannot end its
// script element and comes out the same every time.
func TestPageDataIsSafeAndStable(t *testing.T) {
	c := basicCube(t)
	a, err := pageJSON(c, Options{Currency: "</script>"}.withDefaults(), 1)
	require.NoError(t, err)
	b, err := pageJSON(c, Options{Currency: "</script>"}.withDefaults(), 1)
	require.NoError(t, err)
	assert.Equal(t, a, b)
	assert.NotContains(t, string(a), "<")
	var v map[string]any
	require.NoError(t, json.Unmarshal([]byte(a), &v))
	assert.Equal(t, "</script>", v["currency"])
}

func TestTileWeek(t *testing.T) {
	// The last full week when it is in the range, else the range's end.
	assert.Equal(t, 5, tileWeek(filter{From: 0, To: 6}, 5))
	assert.Equal(t, 3, tileWeek(filter{From: 0, To: 3}, 5))
	assert.Equal(t, 6, tileWeek(filter{From: 6, To: 6}, 5))
	assert.Equal(t, 6, tileWeek(filter{From: 0, To: 6}, -1))
}
