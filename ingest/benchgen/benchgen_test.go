package benchgen

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"io"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The ingest benchmark's numbers hold only while gen writes the same bytes:
// this digest was taken from the generator before the event log was added.
func TestJiraCSVUnchanged(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, JiraCSV(&buf, 5000, 7))
	sum := sha256.Sum256(buf.Bytes())
	assert.Equal(t, "453b689da56fb65a72a2514de0930dbb74bea39769c52873b16c324b3158b0c1", hex.EncodeToString(sum[:]))
}

type nopCloser struct{ *bytes.Buffer }

func (nopCloser) Close() error { return nil }

func eventLog(t *testing.T, rows, perFile int) ([]*bytes.Buffer, int) {
	t.Helper()
	var parts []*bytes.Buffer
	n, err := EventLogCSV(rows, 7, perFile, func(part int) (io.WriteCloser, error) {
		require.Equal(t, len(parts), part)
		parts = append(parts, &bytes.Buffer{})
		return nopCloser{parts[part]}, nil
	})
	require.NoError(t, err)
	return parts, n
}

func TestEventLogDescribesTickets(t *testing.T) {
	const rows = 3000
	var buf bytes.Buffer
	require.NoError(t, JiraCSV(&buf, rows, 7))
	tickets, err := csv.NewReader(&buf).ReadAll()
	require.NoError(t, err)
	tickets = tickets[1:]
	require.Len(t, tickets, rows)

	parts, n := eventLog(t, rows, 1000)
	require.Len(t, parts, 3)
	again, _ := eventLog(t, rows, 1000)
	for i := range parts {
		assert.Equal(t, parts[i].String(), again[i].String(), "part %d differs between runs", i)
	}

	type ev struct{ activity, at, resource, group string }
	byKey := map[string][]ev{}
	var order []string
	total := 0
	for i, p := range parts {
		recs, err := csv.NewReader(bytes.NewReader(p.Bytes())).ReadAll()
		require.NoError(t, err)
		require.Equal(t, eventHeader, recs[0])
		seen := map[string]bool{}
		for _, r := range recs[1:] {
			if _, ok := byKey[r[0]]; !ok {
				order = append(order, r[0])
			}
			byKey[r[0]] = append(byKey[r[0]], ev{r[1], r[2], r[3], r[4]})
			seen[r[0]] = true
			total++
		}
		assert.Len(t, seen, 1000, "part %d holds 1000 tickets", i)
	}
	assert.Equal(t, n, total)
	assert.GreaterOrEqual(t, float64(total)/rows, 4.0)
	assert.LessOrEqual(t, float64(total)/rows, 6.0)

	crossings, reopens := 0, 0
	for i, tk := range tickets {
		key, status, team := tk[1], tk[4], tk[26]
		require.Equal(t, key, order[i], "events come in ticket order")
		evs := byKey[key]
		require.GreaterOrEqual(t, len(evs), 2, key)
		created, err := time.Parse(jiraTime, tk[12])
		require.NoError(t, err)
		updated, err := time.Parse(jiraTime, tk[13])
		require.NoError(t, err)
		assert.Equal(t, "Open", evs[0].activity, key)
		assert.Equal(t, created.Format(EventLogTime), evs[0].at, key)
		prev := created
		for _, e := range evs {
			at, err := time.Parse(EventLogTime, e.at)
			require.NoError(t, err)
			assert.False(t, at.Before(prev), "%s: events in time order", key)
			assert.True(t, at.Before(updated), "%s: %s is not before the ticket's update %s", key, e.at, updated)
			prev = at
		}
		last := evs[len(evs)-1]
		assert.Equal(t, team, last.group, "%s ends with its Team", key)
		if status != "Open" && status != "In Progress" {
			assert.Equal(t, status, last.activity, key)
		}
		if tk[15] != "" {
			assert.Equal(t, tk[15], prev.Format(jiraTime), "%s: resolved at its last event", key)
		}
		for k := 1; k < len(evs); k++ {
			if isEngineering(evs[k].group) != isEngineering(evs[k-1].group) {
				crossings++
			}
			if evs[k].activity == "Reopened" {
				reopens++
			}
		}
	}
	assert.Greater(t, crossings, rows/10)
	assert.Greater(t, reopens, rows/50)
}
