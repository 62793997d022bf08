package dashboards

import (
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/ingest"
	_ "github.com/lanes-dev/lanes/ingest/all" // the connectors
	"github.com/lanes-dev/lanes/models"
	"github.com/lanes-dev/lanes/models/config"
	"github.com/lanes-dev/lanes/models/warehouse"
)

// yamlString quotes s for YAML as a single-quoted scalar.
func yamlString(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// pipelineWarehouse ingests and builds, with the real connectors and
// models, an export whose every field holds a payload: title, description,
// assignee, assignment group, labels, category, component, requester and
// the ticket key (which the source's url_base turns into a link). The
// configuration names teams, tools and an intent with payloads too, and
// its aliases and patterns make the payloads flow into the marts: tools
// found in descriptions and labels, IT work done by an engineering team
// (interruptions), an unsanctioned tool (shadow IT), repeated titles (title
// clusters and automation candidates).
func pipelineWarehouse(t *testing.T) *warehouse.Warehouse {
	t.Helper()
	dir := t.TempDir()
	p := func(i int) string { return payloads[i%len(payloads)] }
	yaml := fmt.Sprintf(`teams:
  - name: %s
    class: it
    hourly_cost: 50
    groups: ['helpdesk']
  - name: %s
    class: engineering
    hourly_cost: 100
    groups: ['platform']
tools:
  - name: %s
    aliases: [okta]
  - name: %s
    aliases: [github]
  - name: %s
    aliases: [notion]
    sanctioned: false
intents:
  - name: %s
    class: it
    handle_minutes: 10
    patterns: ['password']
privacy:
  min_group_size: 1
sources:
  - name: %s
    path: tickets.csv
    format: csv
    date_format: "2006-01-02 15:04"
    url_base: https://tickets.example/browse/
    mapping:
      source_key: Key
      title: Title
      description: Description
      status: Status
      priority: Priority
      created_at: Created
      resolved_at: Resolved
      assignee: Assignee
      assignment_group: Group
      labels: Labels
      category: Category
      components: Component
      requester: Reporter
`, yamlString(p(0)+" helpdesk"), yamlString(p(2)+" platform"), yamlString(p(1)), yamlString(p(4)), yamlString(p(3)),
		yamlString(p(0)+" password"), yamlString("helpdesk"))
	cfgFile := filepath.Join(dir, "lanes.yaml")
	require.NoError(t, os.WriteFile(cfgFile, []byte(yaml), 0o644))
	cfg, err := config.Load(cfgFile, false)
	require.NoError(t, err)

	f, err := os.Create(filepath.Join(dir, "tickets.csv"))
	require.NoError(t, err)
	w := csv.NewWriter(f)
	require.NoError(t, w.Write([]string{"Key", "Title", "Description", "Status", "Priority", "Created", "Resolved", "Assignee", "Group", "Labels", "Category", "Component", "Reporter"}))
	base := time.Date(2024, 3, 4, 9, 0, 0, 0, time.UTC) // a Monday
	subjects := []string{"reset my okta password", "github access for the repo", "can we use notion", "okta password expired", "printer on fire"}
	for i := range 48 {
		created := base.Add(time.Duration(i) * 9 * time.Hour)
		status, resolved := "Resolved", created.Add(time.Duration(1+i%30)*time.Hour).Format("2006-01-02 15:04")
		if i%5 == 4 {
			status, resolved = "Open", ""
		}
		group := "helpdesk " + p(i)
		if i%3 == 1 {
			group = "platform " + p(i+1)
		}
		require.NoError(t, w.Write([]string{
			fmt.Sprintf("%s-%d", p(i), i),
			p(i) + " " + subjects[i%len(subjects)],
			p(i+1) + " please help, see " + []string{"github", "notion", "okta"}[i%3] + " " + p(i+2),
			status, "P3", created.Format("2006-01-02 15:04"), resolved,
			p(i+3) + " person " + fmt.Sprint(i%4), group, p(i+4) + ",notion", p(i) + " okta", p(i + 2), p(i+1) + " requester " + fmt.Sprint(i%6),
		}))
	}
	w.Flush()
	require.NoError(t, w.Error())
	require.NoError(t, f.Close())

	ctx := context.Background()
	wh, err := warehouse.Open(ctx, filepath.Join(dir, "lanes.duckdb"), warehouse.Options{})
	require.NoError(t, err)
	t.Cleanup(func() { _ = wh.Close() })
	now := func() time.Time { return time.Date(2024, 4, 2, 8, 0, 0, 0, time.UTC) }
	_, err = ingest.Run(ctx, wh, cfg, ingest.Options{Paths: []string{filepath.Join(dir, "tickets.csv")}, Now: now})
	require.NoError(t, err)
	_, err = models.Build(ctx, wh, cfg, models.BuildOptions{})
	require.NoError(t, err)
	return wh
}

// TestPipelineHostileExport renders the dashboard of a warehouse ingested
// and built from a hostile export: nothing from it can run, every payload
// is written as text, and the only links are the https ones url_base made.
func TestPipelineHostileExport(t *testing.T) {
	wh := pipelineWarehouse(t)
	page := string(render(t, wh, xssOptions))
	links := checkPage(t, page)
	require.NotEmpty(t, links, "the examples should link to their tickets")
	for _, l := range links {
		assert.True(t, strings.HasPrefix(l, "https://tickets.example/browse/"), "link %q", l)
	}
	for _, want := range []string{
		"&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; helpdesk", // a team
		"&lt;img src=x onerror=alert(1)&gt;",                            // a tool
		"__f__function(){alert(1)}__f__",                                // a tool, in a table
		"javascript:alert(1)",                                           // the unsanctioned tool, as text
	} {
		assert.True(t, strings.Contains(page, want), "the page does not show %q as text", want)
	}
	// Every section has something to show.
	for _, id := range []string{"tools-weekly", "resolve-dist", "int-flow", "int-weekly", "backlog-weekly", "auto-hours", "shadow-tools"} {
		assert.True(t, strings.Contains(page, `id="chart-`+id+`"`), "no chart %s", id)
	}
}
