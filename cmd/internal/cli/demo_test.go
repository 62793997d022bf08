package cli

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// sqlJSON runs a query through `lanes sql --format json` and decodes it.
func sqlJSON(t *testing.T, db, query string) []map[string]any {
	t.Helper()
	code, out, errOut := run(t, "", "--db", db, "sql", "--format", "json", "-c", query)
	require.Equal(t, 0, code, errOut)
	var rows []map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &rows), out)
	return rows
}

// TestDemoRevealsPlantedPatterns runs the demo on the committed sample data
// and checks that each pattern sample-data/README.md says was planted comes
// out of the marts, and that two runs, on different days, give
// byte-identical outputs.
func TestDemoRevealsPlantedPatterns(t *testing.T) {
	// pseudonyms use the published default key (docs/metrics.md), not one from the environment
	t.Setenv("LANES_PRIVACY_KEY", "")
	data := filepath.Join("..", "..", "..", "sample-data")
	out1, out2 := t.TempDir(), t.TempDir()
	for i, out := range []string{out1, out2} {
		// The second run happens three months later.
		now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC).AddDate(0, 3*i, 0)
		code, stdout, errOut := runAt(t, now, "", "--progress", "never", "demo", "--data", data, "--out", out)
		require.Equal(t, 0, code, errOut)
		assert.Contains(t, stdout, filepath.Join(out, "dashboard.html"))
		// Platform is where the planted go-to engineer works.
		assert.Contains(t, stdout, "interrupts report (team Platform): "+filepath.Join(out, "interrupts-report.md"))
	}
	for _, name := range []string{"dashboard.html", "weekly-report.md", "interrupts-report.md"} {
		a, err := os.ReadFile(filepath.Join(out1, name))
		require.NoError(t, err)
		b, err := os.ReadFile(filepath.Join(out2, name))
		require.NoError(t, err)
		if !assert.True(t, string(a) == string(b), "%s is byte-identical across runs", name) {
			_ = os.WriteFile(filepath.Join(os.TempDir(), "lanes-demo-a-"+name), a, 0o644)
			_ = os.WriteFile(filepath.Join(os.TempDir(), "lanes-demo-b-"+name), b, 0o644)
		}
	}
	db := filepath.Join(out1, "demo.duckdb")

	t.Run("one tool dominates password resets", func(t *testing.T) {
		rows := sqlJSON(t, db, `select tool, count(*) as n, count(*) / sum(count(*)) over () as share
			from int_tickets where intent = 'password_reset' group by tool order by n desc, tool limit 2`)
		require.Len(t, rows, 2)
		assert.Equal(t, "Okta", rows[0]["tool"])
		assert.Greater(t, rows[0]["share"].(float64), 0.5)
	})

	t.Run("engineers are pulled into access requests", func(t *testing.T) {
		rows := sqlJSON(t, db, `select avg(case when team_class = 'engineering' then 1 else 0 end) as eng_share, count(*) as n
			from int_tickets where intent = 'access_request'`)
		assert.Greater(t, rows[0]["eng_share"].(float64), 0.4)
		rows = sqlJSON(t, db, `select direction, sum(interruptions) as n from interruptions group by direction order by n desc`)
		require.NotEmpty(t, rows)
		assert.Equal(t, "it_work_to_engineering", rows[0]["direction"])
	})

	t.Run("one go-to engineer absorbs the interrupts", func(t *testing.T) {
		// HMAC-SHA256 of her person_key under the default key lanes-default-privacy-key:
		// `Marta Kowalski` and `marta.kowalski` are one person, martakowalski (int_people)
		mac := hmac.New(sha256.New, []byte("lanes-default-privacy-key"))
		mac.Write([]byte("martakowalski"))
		want := "person-" + hex.EncodeToString(mac.Sum(nil))[:8]
		rows := sqlJSON(t, db, `select person, team, share_of_team from interruptions_by_person order by interruptions desc, person limit 1`)
		require.Len(t, rows, 1)
		assert.Equal(t, want, rows[0]["person"])
		assert.Equal(t, "Platform", rows[0]["team"])
		assert.GreaterOrEqual(t, rows[0]["share_of_team"].(float64), 0.35)
	})

	t.Run("a VPN incident week", func(t *testing.T) {
		rows := sqlJSON(t, db, `select strftime(week_start, '%G-W%V') as week, tickets,
			(select median(tickets) from volume_by_tool where tool = 'VPN') as median_week
			from volume_by_tool where tool = 'VPN' order by tickets desc, week_start limit 1`)
		require.Len(t, rows, 1)
		assert.Equal(t, "2026-W23", rows[0]["week"])
		assert.Greater(t, rows[0]["tickets"].(float64), 4*rows[0]["median_week"].(float64))
	})

	t.Run("an unsanctioned tool keeps coming up", func(t *testing.T) {
		rows := sqlJSON(t, db, `select tool, count(*) as n, count(distinct week_start) as weeks
			from int_tickets where not is_tool_sanctioned group by tool order by n desc, tool`)
		require.NotEmpty(t, rows)
		assert.Equal(t, "Notion", rows[0]["tool"])
		assert.GreaterOrEqual(t, rows[0]["weeks"].(float64), 26.0, "mentioned nearly every week")
	})

	t.Run("the Freshservice desk is named in both halves of the year", func(t *testing.T) {
		// Counted in the files: Ole Jensen is the Agent of 46 CSV rows and
		// responder_id 24000512002 (his id in agents.json) of 40 API
		// tickets; the group of all 80 API tickets is 24000077001, Berlin
		// Office IT in groups.json, the CSV's Group.
		rows := sqlJSON(t, db, `select count(*) filter (where assignee = 'Ole Jensen') as ole,
			count(*) filter (where assignee like '24000%' or assignment_group like '24000%' or requester_team like '24000%') as ids,
			count(*) filter (where assignment_group = 'Berlin Office IT') as desk
			from stg_tickets where source = 'freshservice'`)
		assert.Equal(t, 86.0, rows[0]["ole"])
		assert.Equal(t, 0.0, rows[0]["ids"])
		assert.Equal(t, 176.0, rows[0]["desk"])
	})

	t.Run("sql answers a newcomer's first question", func(t *testing.T) {
		rows := sqlJSON(t, db, "select count(*) as n from tickets")
		// distinct keys per source, counted in the files themselves (sample-data/README.md): 1,492 Jira CSV + 237 ITSD (two pages, 10 overlap) + 4,196 ServiceNow (3,686 incidents + 510 RITMs; the audit adds none) + 293 Lisbon + 544 help desk + 239 Zendesk (2 deleted) + 176 Freshservice + 147 GitHub (PRs skipped) + 258 event-log cases + 356 portal
		assert.Equal(t, 7938.0, rows[0]["n"], "sample-data/README.md: 7,938 tickets over 10 sources")
	})
}
