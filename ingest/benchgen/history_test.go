package benchgen

import (
	"bytes"
	"encoding/csv"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The two orders hold the same rows, five per incident; the default one
// is in update-time order and spreads an incident's rows over the file.
func TestServiceNowHistoryOrders(t *testing.T) {
	read := func(byNumber bool) [][]string {
		var buf bytes.Buffer
		require.NoError(t, ServiceNowHistoryCSV(&buf, 300, 7, byNumber))
		var again bytes.Buffer
		require.NoError(t, ServiceNowHistoryCSV(&again, 300, 7, byNumber))
		require.Equal(t, buf.String(), again.String(), "deterministic")
		recs, err := csv.NewReader(&buf).ReadAll()
		require.NoError(t, err)
		require.Equal(t, historyHeader, recs[0])
		return recs[1:]
	}
	byTime, byNumber := read(false), read(true)
	require.Len(t, byTime, 1500)
	join := func(recs [][]string) []string {
		var out []string
		for _, r := range recs {
			out = append(out, strings.Join(r, "\x1f"))
		}
		slices.Sort(out)
		return out
	}
	assert.Equal(t, join(byNumber), join(byTime))
	for i := 1; i < len(byTime); i++ {
		assert.LessOrEqual(t, byTime[i-1][2], byTime[i][2], "row %d in update-time order", i)
	}
	for i, r := range byNumber {
		assert.Equal(t, byNumber[i/5*5][0], r[0], "row %d: five rows per incident, together", i)
	}
	// by time, some incident's rows are not together
	together := true
	for i := 1; i < len(byTime) && together; i++ {
		seen := slices.IndexFunc(byTime[:i-1], func(r []string) bool { return r[0] == byTime[i][0] })
		together = seen < 0 || byTime[i-1][0] == byTime[i][0]
	}
	assert.False(t, together)
}

// sys_audit rows are in time order, five per incident, and the same bytes
// each time.
func TestSysAuditCSV(t *testing.T) {
	var a, b bytes.Buffer
	require.NoError(t, SysAuditCSV(&a, 200))
	require.NoError(t, SysAuditCSV(&b, 200))
	require.Equal(t, a.String(), b.String())
	recs, err := csv.NewReader(&a).ReadAll()
	require.NoError(t, err)
	require.Len(t, recs, 1+1000)
	per := map[string]int{}
	for i, r := range recs[1:] {
		per[r[0]]++
		if i > 0 {
			assert.LessOrEqual(t, recs[i][6], r[6], "row %d in time order", i+1)
		}
	}
	assert.Len(t, per, 200)
}
