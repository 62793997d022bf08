package dashboards

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/models/config"
	"github.com/lanes-dev/lanes/models/warehouse"
)

// TestConfiguredAgeBuckets builds testdata/basic with backlog_age_daily cut
// at edges of 2 and 6 days instead of the default ones, and checks both age
// charts by hand. Week ends: 03-10 (IT-4 3.5 days old), 03-17 (IT-4 10.5,
// IT-8 3.6, IT-9 2.6), and the data's last day 03-20 (IT-4 13.5, IT-8 6.6,
// IT-10 2.6, IT-12 0.6). At the data's end (03-20 09:00) for the filtered
// chart: IT-10 is exactly 2 days old (2-6 days: a bucket includes its lower
// edge), IT-8 exactly 6 (6 days or more), IT-4 12.9, IT-12 0.
func TestConfiguredAgeBuckets(t *testing.T) {
	ctx := context.Background()
	wh := newWarehouse(t, []string{filepath.Join("testdata", "basic", "input.sql")}, func(tx *warehouse.Tx) error {
		_, err := tx.Exec(`delete from backlog_age_daily;
insert into backlog_age_daily
select cast(d as date), b, l, lo, hi, n
from (values ('2024-03-10', 0, 1, 0), ('2024-03-17', 0, 2, 1), ('2024-03-20', 1, 1, 2)) as t(d, n1, n2, n3),
lateral (values (1, 'under 2 days', 0, 2, n1), (2, '2-6 days', 2, 6, n2), (3, '6 days or more', 6, null, n3)) as b(b, l, lo, hi, n)`)
		return err
	})
	d, err := load(ctx, wh)
	require.NoError(t, err)
	assert.Equal(t, []string{"under 2 days", "2-6 days", "6 days or more"}, d.AgeLabels)
	assert.Equal(t, []float64{2, 6}, d.AgeEdges)
	f := func(v float64) *float64 { return &v }
	require.Len(t, d.Backlog, 3)
	assert.Equal(t, []*float64{f(0), f(1), f(0)}, d.Backlog[0].Ages)
	assert.Equal(t, []*float64{f(0), f(2), f(1)}, d.Backlog[1].Ages)
	assert.Equal(t, []*float64{f(1), f(1), f(2)}, d.Backlog[2].Ages)

	c, err := loadCube(ctx, wh, d, 0.8)
	require.NoError(t, err)
	assert.Equal(t, d.AgeLabels, c.Ages)
	// Teams IT Helpdesk, Platform, Unassigned; tools Okta, GitHub, VPN, Notion.
	assert.Equal(t, []acell{
		{Team: 0, Tool: 0, Age: []float64{0, 1, 0}}, // IT-10
		{Team: 0, Tool: 2, Age: []float64{0, 0, 1}}, // IT-4
		{Team: 1, Tool: 1, Age: []float64{1, 0, 0}}, // IT-12
		{Team: 2, Tool: 3, Age: []float64{0, 0, 1}}, // IT-8
	}, c.A)
	_, tbl, empty := c.ageTeam(c.all())
	assert.False(t, empty)
	assert.Equal(t, []string{"team", "open", "under 2 days", "2-6 days", "6 days or more"}, tbl.Head)
	assert.Equal(t, []string{"IT Helpdesk", "2", "0", "1", "1"}, tbl.Rows[0])
	// Only VPN: IT-4.
	_, tbl, _ = c.ageTeam(filter{From: 0, To: 2, Team: -1, Tool: 2})
	assert.Equal(t, []string{"IT Helpdesk", "1", "0", "0", "1"}, tbl.Rows[0])

	page := string(render(t, wh, Options{}))
	assert.Contains(t, page, `<th class="num">under 2 days</th><th class="num">2-6 days</th><th class="num">6 days or more</th>`)
	assert.Contains(t, page, `"ages":["under 2 days","2-6 days","6 days or more"]`)
	assert.Contains(t, page, `"ages":["#9ecae1","#edc948","#e15759"]`)
}

func TestAgeColors(t *testing.T) {
	assert.Equal(t, ageAnchors, ageColors(5))
	// Three buckets take the first, middle and last anchor.
	assert.Equal(t, []string{"#9ecae1", "#edc948", "#e15759"}, ageColors(3))
	assert.Equal(t, []string{"#9ecae1"}, ageColors(1))
	// Nine: halfway between neighbours too, e.g. #9ecae1 and #6baed6 ->
	// ((0x9e+0x6b)/2, (0xca+0xae)/2, (0xe1+0xd6)/2) = (0x85, 0xbc, 0xdc) after rounding.
	nine := ageColors(9)
	assert.Len(t, nine, 9)
	assert.Equal(t, "#85bcdc", nine[1])
	assert.Equal(t, "#e15759", nine[8])
	assert.Empty(t, ageColors(0))
}

// TestCurrencyFromConfig: with no Options.Currency the page writes money
// in lanes.yaml's currency.
func TestCurrencyFromConfig(t *testing.T) {
	wh := basicWarehouse(t)
	for code, want := range map[string]string{"EUR": `"currency":"€"`, "CHF": `"currency":"CHF "`, "USD": `"currency":"$"`} {
		cfg, err := config.Parse("x.yaml", strings.NewReader("currency: "+code+"\n"))
		require.NoError(t, err)
		var buf bytes.Buffer
		require.NoError(t, Render(context.Background(), wh, cfg, &buf, Options{}))
		assert.Contains(t, buf.String(), want, code)
	}
}
