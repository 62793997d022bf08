package reports

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/sebdah/goldie/v2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/models/config"
	"github.com/lanes-dev/lanes/models/warehouse"
)

func interrupts(t *testing.T, wh *warehouse.Warehouse, opts InterruptsOptions) (string, error) {
	t.Helper()
	var buf bytes.Buffer
	err := Interrupts(context.Background(), wh, config.Default(), &buf, opts)
	return buf.String(), err
}

func exec(t *testing.T, wh *warehouse.Warehouse, sql string) {
	t.Helper()
	require.NoError(t, wh.Write(context.Background(), func(tx *warehouse.Tx) error {
		_, err := tx.Exec(sql)
		return err
	}))
}

func TestInterruptsGolden(t *testing.T) {
	wh := openFixture(t, "interrupts/marts.sql")
	for _, format := range ReportFormats() {
		t.Run(format, func(t *testing.T) {
			out, err := interrupts(t, wh, InterruptsOptions{Team: "Platform", Format: format})
			require.NoError(t, err)
			g := goldie.New(t, goldie.WithFixtureDir("testdata/interrupts"), goldie.WithNameSuffix(".golden."+format))
			g.Assert(t, "platform", []byte(out))

			again, err := interrupts(t, wh, InterruptsOptions{Team: "Platform", Format: format, Week: "2026-W10"})
			require.NoError(t, err)
			assert.Equal(t, out, again, "deterministic, and the default week is W10")
		})
	}
}

// TestInterruptsFigures checks the numbers worked out by hand from
// testdata/interrupts/marts.sql.
func TestInterruptsFigures(t *testing.T) {
	wh := openFixture(t, "interrupts/marts.sql")
	r, err := LoadInterrupts(context.Background(), wh, config.Default(), InterruptsOptions{Team: "Platform"})
	require.NoError(t, err)

	assert.Equal(t, "Platform", r.Team)
	assert.Equal(t, "engineering", r.TeamClass)
	assert.Equal(t, 100.0, *r.HourlyCost)
	// The data stops on Tue 03-10, inside W11, so the window ends with W10;
	// twelve weeks back would start in 2025, but the data starts in W08.
	assert.Equal(t, "2026-W08", r.FirstWeek.Label)
	assert.Equal(t, "2026-W10", r.LastWeek.Label)
	require.Len(t, r.Weeks, 3)

	// W10: carl 65 + dina 45 + egon 20 + alice 45 = 175 handle minutes, four
	// refocus quarters; the low end is handle only, the high end adds 23 min
	// each.
	w10 := r.Weeks[2]
	assert.EqualValues(t, 4, w10.Interruptions)
	assert.InDelta(t, 175/60.0, w10.HandleHours, 1e-9)
	assert.InDelta(t, 175/60.0+1, w10.TotalHours, 1e-9)
	assert.InDelta(t, 175/60.0, w10.TotalLowHours, 1e-9)
	assert.InDelta(t, (175+4*23)/60.0, w10.TotalHighHours, 1e-9)
	assert.InDelta(t, (175/60.0+1)*100, w10.Cost, 1e-9)
	assert.InDelta(t, (175+4*23)/60.0*100, w10.CostHigh, 1e-9)

	// Window: 7 interruptions; handle 30 + 120 + 175 = 325 min; refocus
	// 7 x 15 min; W11 (alice's fourth) is outside.
	assert.EqualValues(t, 7, r.Total.Interruptions)
	assert.InDelta(t, 325/60.0, r.Total.HandleHours, 1e-9)
	assert.InDelta(t, (325+7*15)/60.0, r.Total.TotalHours, 1e-9)
	assert.InDelta(t, (325+7*23)/60.0, r.Total.TotalHighHours, 1e-9)
	assert.InDelta(t, (325+7*15)/60.0*100, r.Total.Cost, 1e-9)
	assert.EqualValues(t, 4, r.Total.Tickets, "IT-1 to IT-4, each once")
	assert.InDelta(t, (325+7*15)/60.0/3, r.AverageHoursPerWeek, 1e-9)

	// Tools: GitHub is touched by bert#1, alice#2, carl#1, dina#1, alice#3
	// (IT-2 and IT-3: 60 + 60 + 45 + 45 + 45 min); the hostile tool by carl#1
	// and egon#1 (IT-4: 20 + 20); Okta by alice#1 (30).
	s := r.Sources
	want := []SourceFigures{
		{Name: "GitHub", Interruptions: 5, Tickets: 2, HandleHours: 255 / 60.0},
		{Name: `=HYPERLINK("http://x")|<i>`, Interruptions: 2, Tickets: 1, HandleHours: 40 / 60.0},
		{Name: "Okta", Interruptions: 1, Tickets: 1, HandleHours: 0.5},
	}
	require.Len(t, s.Tools, len(want))
	for i, w := range want {
		got := s.Tools[i]
		assert.InDelta(t, w.HandleHours, got.HandleHours, 1e-9, w.Name)
		got.HandleHours = w.HandleHours
		assert.Equal(t, w, got)
	}
	assert.Equal(t, 3, s.ToolCount)
	assert.Equal(t, []string{"access_request", "app_install", "password_reset"}, sourceNames(s.Intents))
	// Requesting teams: IT-3 has a blank team and an unknown requester
	// (Unknown: carl#1, dina#1, alice#3); IT-2's comes from bob's team (Data:
	// bert#1, alice#2, 120 min) and ties IT-4's hostile one on 2 but has
	// more hours; IT-1 is Sales.
	assert.Equal(t, []string{"Unknown", "Data", "<script>x</script>", "Sales"}, sourceNames(s.RequestingTeams))
	assert.EqualValues(t, 3, s.RequestingTeams[0].Interruptions)
	assert.InDelta(t, 135/60.0, s.RequestingTeams[0].HandleHours, 1e-9)
	assert.EqualValues(t, 7, s.TotalInterruptions)
	assert.InDelta(t, r.Total.HandleHours, s.TotalHandleHours, 1e-9, "sources add up to the weekly handle hours")

	// Five people: shown, alice first with 4 of 8.
	c := r.Concentration
	assert.True(t, c.Shown)
	assert.EqualValues(t, 5, c.PeopleCount)
	require.Len(t, c.People, 5)
	assert.Equal(t, "person-a11ce000", c.People[0].Person)
	assert.Equal(t, 0.5, *c.TopPersonShare)
	assert.Equal(t, []string{"person-a11ce000", "person-ca710000", "person-be270000", "person-d1a00000", "person-e9000000"}, personNames(c.People))

	// The real mart's column names: avoidable_hours_per_week, over all teams.
	f := r.FixRanking
	assert.True(t, f.Available)
	assert.Equal(t, "all_teams", f.Scope)
	require.Len(t, f.Fixes, 3)
	assert.Equal(t, Fix{Rank: 1, Tool: "GitHub", Intent: "access_request", InterruptionsPerWeek: ptr(1.75), HoursPerWeek: ptr(1.5)}, f.Fixes[0])
}

func sourceNames(in []SourceFigures) []string {
	var out []string
	for _, s := range in {
		out = append(out, s.Name)
	}
	return out
}

func personNames(in []PersonFigures) []string {
	var out []string
	for _, p := range in {
		out = append(out, p.Person)
	}
	return out
}

func TestInterruptsSmallTeamHidesPeople(t *testing.T) {
	wh := openFixture(t, "interrupts/marts.sql")
	r, err := LoadInterrupts(context.Background(), wh, config.Default(), InterruptsOptions{Team: "Data"})
	require.NoError(t, err)
	assert.False(t, r.Concentration.Shown)
	assert.Empty(t, r.Concentration.People)
	assert.EqualValues(t, 2, r.Concentration.PeopleCount)

	out, err := interrupts(t, wh, InterruptsOptions{Team: "Data"})
	require.NoError(t, err)
	assert.Contains(t, out, "Per-person figures are hidden: 2 people had interruptions for this team, fewer than the 5 needed to keep them anonymous.")
	assert.NotContains(t, out, "person-f0000000")
	assert.NotContains(t, out, "person-90000000")

	// A larger privacy_min_group_size in the warehouse wins over 5, and hides
	// Platform's five.
	exec(t, wh, "update dim_parameters set value = '6' where name = 'privacy_min_group_size'")
	r, err = LoadInterrupts(context.Background(), wh, config.Default(), InterruptsOptions{Team: "Platform"})
	require.NoError(t, err)
	assert.False(t, r.Concentration.Shown)
	assert.Equal(t, 6, r.Concentration.MinGroupSize)
}

func TestInterruptsFixRankingVariants(t *testing.T) {
	t.Run("absent", func(t *testing.T) {
		wh := openFixture(t, "interrupts/marts.sql")
		exec(t, wh, "drop table fix_ranking")
		out, err := interrupts(t, wh, InterruptsOptions{Team: "Platform"})
		require.NoError(t, err)
		assert.Contains(t, out, "## What to fix first\n\nThe warehouse has no fix_ranking table yet, so this section is skipped")
		assert.NotContains(t, out, "| Rank |")
	})
	t.Run("brief column names, per team", func(t *testing.T) {
		wh := openFixture(t, "interrupts/marts.sql")
		exec(t, wh, `drop table fix_ranking;
			create table fix_ranking (team varchar, tool varchar, intent varchar, interrupts_per_week double, hours_per_week double, rank integer);
			insert into fix_ranking values
				('Data', 'Okta', 'password_reset', 9, 9, 1),
				('Platform', 'GitHub', 'access_request', 1.25, 2.5, 2),
				('Platform', 'Okta', 'password_reset', null, 0.25, 3)`)
		r, err := LoadInterrupts(context.Background(), wh, config.Default(), InterruptsOptions{Team: "Platform"})
		require.NoError(t, err)
		f := r.FixRanking
		assert.True(t, f.Available)
		assert.Equal(t, "team", f.Scope)
		assert.Equal(t, []Fix{
			{Rank: 2, Tool: "GitHub", Intent: "access_request", InterruptionsPerWeek: ptr(1.25), HoursPerWeek: ptr(2.5)},
			{Rank: 3, Tool: "Okta", Intent: "password_reset", HoursPerWeek: ptr(0.25)},
		}, f.Fixes)
	})
	t.Run("missing column", func(t *testing.T) {
		wh := openFixture(t, "interrupts/marts.sql")
		exec(t, wh, "alter table fix_ranking drop column avoidable_hours_per_week")
		r, err := LoadInterrupts(context.Background(), wh, config.Default(), InterruptsOptions{Team: "Platform"})
		require.NoError(t, err)
		assert.False(t, r.FixRanking.Available)
		assert.Equal(t, "fix_ranking has no hours_per_week or avoidable_hours_per_week column, so this section is skipped.", r.FixRanking.Note)
	})
}

func TestInterruptsUnknownTeam(t *testing.T) {
	wh := openFixture(t, "interrupts/marts.sql")
	for _, team := range []string{"Platfrom", "", "Platform'; drop table interruptions; --"} {
		_, err := interrupts(t, wh, InterruptsOptions{Team: team})
		var unknown *UnknownTeamError
		require.True(t, errors.As(err, &unknown), "%q: %v", team, err)
		assert.Equal(t, []string{"<b>Sec</b>", "Data", "IT Service Desk", "Platform"}, unknown.Teams)
		assert.Contains(t, err.Error(), "no such team; teams: <b>Sec</b>, Data, IT Service Desk, Platform")
	}
	// Case does not matter when it picks one team.
	r, err := LoadInterrupts(context.Background(), wh, config.Default(), InterruptsOptions{Team: "platform"})
	require.NoError(t, err)
	assert.Equal(t, "Platform", r.Team)
}

func TestInterruptsNeedsBuild(t *testing.T) {
	wh := openFixture(t)
	_, err := interrupts(t, wh, InterruptsOptions{Team: "x"})
	require.Error(t, err)
	assert.Equal(t, "the warehouse has no int_interruptions, int_people, int_person_team, int_tickets, int_touches, interruptions: run `lanes build` first", err.Error())
}

func TestInterruptsHostileText(t *testing.T) {
	wh := openFixture(t, "interrupts/marts.sql")
	md, err := interrupts(t, wh, InterruptsOptions{Team: "Platform"})
	require.NoError(t, err)
	assert.Contains(t, md, `| =HYPERLINK("http://x")\|&lt;i&gt; | 2 | 1 | 0.7 |`)
	assert.Contains(t, md, "| &lt;script&gt;x&lt;/script&gt; | 2 | 1 | 0.7 |")
	assert.Contains(t, md, "| 3 | @SUM(1)&lt;b&gt; | App install | 0.5 | 0.1 |")
	assertTablesWellFormed(t, md)

	page, err := interrupts(t, wh, InterruptsOptions{Team: "Platform", Format: "html"})
	require.NoError(t, err)
	checkEmailHTML(t, page)
	assert.Contains(t, page, "&lt;script&gt;x&lt;/script&gt;")

	js, err := interrupts(t, wh, InterruptsOptions{Team: "Platform", Format: "json"})
	require.NoError(t, err)
	assert.NotContains(t, js, "<")
	var r InterruptsReport
	dec := json.NewDecoder(strings.NewReader(js))
	dec.DisallowUnknownFields()
	require.NoError(t, dec.Decode(&r))
	assert.Equal(t, "<script>x</script>", r.Sources.RequestingTeams[2].Name)
}
