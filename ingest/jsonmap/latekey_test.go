package jsonmap_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/ingest"
	"github.com/lanes-dev/lanes/ingest/ingesttest"
	"github.com/lanes-dev/lanes/ingest/jsonmap"
	"github.com/lanes-dev/lanes/models/config"
)

// lines writes n JSON Lines records, record i (1-based, on line i) being
// rec(i).
func lines(n int, rec func(i int) string) []byte {
	var b strings.Builder
	for i := 1; i <= n; i++ {
		b.WriteString(rec(i) + "\n")
	}
	return []byte(b.String())
}

// TestLateKeyIsRead: without a mapping, the fields are guessed from the
// keys of the first 200 records (sampleMin); a key they lack that the
// guess would have read for a field no key holds ("resolved", from record
// 300 on) is read for it from its first record on, not dropped. "note"
// names no field and changes nothing.
func TestLateKeyIsRead(t *testing.T) {
	in := lines(301, func(i int) string {
		if i < 300 {
			return fmt.Sprintf(`{"id": %d, "created": "2024-03-01 10:00"}`, i)
		}
		return fmt.Sprintf(`{"id": %d, "created": "2024-03-01 10:00", "resolved": "2024-03-0%d 12:30", "note": "x"}`, i, i-297)
	})
	for _, conn := range []ingest.Connector{jsonmap.Lines{}, jsonmap.JSON{}} {
		sink, err := ingesttest.Read(context.Background(), conn, "t.jsonl", in, config.Source{})
		require.NoError(t, err, conn.Name())
		require.Len(t, sink.Tickets, 301, conn.Name())
		require.Empty(t, sink.Rejects, conn.Name())
		for _, tk := range sink.Tickets[:299] {
			assert.Nil(t, tk.ResolvedAt, tk.Key)
		}
		// Records 300 and 301 resolve on 3 and 4 March (i-297) at 12:30
		// UTC.
		for i, day := range map[int]int{299: 3, 300: 4} {
			tk := sink.Tickets[i]
			require.NotNil(t, tk.ResolvedAt, tk.Key)
			assert.Equal(t, time.Date(2024, 3, day, 12, 30, 0, 0, time.UTC), tk.ResolvedAt.UTC(), tk.Key)
		}
	}
}

// TestLateKeySettlesTheOrder: a late key read while the date sample is
// still open takes part in it. The first 219 records' created 03/04/2024
// could be 3 April or 4 March, so sampling goes on; record 220 brings
// "resolved" 25/04/2024, which reads only day-first (there is no month
// 25): the file is day-first and every created is 3 April. Without the
// late key nothing settles the order and the file stops.
func TestLateKeySettlesTheOrder(t *testing.T) {
	in := lines(230, func(i int) string {
		if i == 220 {
			return fmt.Sprintf(`{"id": %d, "created": "03/04/2024 10:00", "resolved": "25/04/2024 10:00"}`, i)
		}
		return fmt.Sprintf(`{"id": %d, "created": "03/04/2024 10:00"}`, i)
	})
	sink, err := ingesttest.Read(context.Background(), jsonmap.Lines{}, "t.jsonl", in, config.Source{})
	require.NoError(t, err)
	require.Len(t, sink.Tickets, 230)
	for _, tk := range sink.Tickets {
		assert.Equal(t, time.Date(2024, 4, 3, 10, 0, 0, 0, time.UTC), tk.CreatedAt.UTC(), tk.Key)
	}
	tk := sink.Tickets[219]
	require.NotNil(t, tk.ResolvedAt)
	assert.Equal(t, time.Date(2024, 4, 25, 10, 0, 0, 0, time.UTC), tk.ResolvedAt.UTC())
}

// TestLateKeyDateIsChecked: a late key's values are read like any date:
// one no layout reads is a reject naming the key (record 250, line 250).
func TestLateKeyDateIsChecked(t *testing.T) {
	in := lines(250, func(i int) string {
		if i == 250 {
			return fmt.Sprintf(`{"id": %d, "created": "2024-03-01 10:00", "resolved": "soon"}`, i)
		}
		return fmt.Sprintf(`{"id": %d, "created": "2024-03-01 10:00"}`, i)
	})
	sink, err := ingesttest.Read(context.Background(), jsonmap.Lines{}, "t.jsonl", in, config.Source{})
	require.NoError(t, err)
	require.Len(t, sink.Tickets, 249)
	require.Len(t, sink.Rejects, 1)
	r := sink.Rejects[0]
	assert.Equal(t, int64(250), r.Line)
	assert.Equal(t, "resolved", r.Column)
	assert.Contains(t, r.Reason, `cannot read "soon" as a date`)
}

// TestLateKeyForAFieldAlreadyRead: a late key the guess would prefer for
// a field another key already gives (resolved_at over resolvedAt: the key
// without capitals wins) cannot be read for the whole file either way;
// the file stops at its first line, naming the mapping to add.
func TestLateKeyForAFieldAlreadyRead(t *testing.T) {
	in := lines(260, func(i int) string {
		if i >= 255 {
			return fmt.Sprintf(`{"id": %d, "created": "2024-03-01 10:00", "resolved_at": "2024-03-02 10:00"}`, i)
		}
		return fmt.Sprintf(`{"id": %d, "created": "2024-03-01 10:00", "resolvedAt": "2024-03-02 10:00"}`, i)
	})
	_, err := ingesttest.Read(context.Background(), jsonmap.Lines{}, "t.jsonl", in, config.Source{Name: "s", Path: "t.jsonl"})
	require.Error(t, err)
	assert.Equal(t, `jsonl: t.jsonl line 255 column "resolved_at": key "resolved_at" first appears here, after the records lanes guessed the fields from, and would be read as resolved_at, which those records gave key "resolvedAt"; add mapping: {source_key: id, created_at: created, resolved_at: <resolvedAt or resolved_at>} to source "s" in lanes.yaml`, err.Error())
}

// TestKeysAllInTheSampleUnchanged: a file whose keys all appear in the
// first 200 records reads as with the mapping the guess makes of them,
// written out (id, created, resolved, status; "note" names no field):
// the late-key check changes nothing for it.
func TestKeysAllInTheSampleUnchanged(t *testing.T) {
	in := lines(400, func(i int) string {
		switch i % 3 {
		case 0:
			return fmt.Sprintf(`{"id": %d, "created": "2024-03-01 10:00", "resolved": "2024-03-02 10:00", "status": "Closed"}`, i)
		case 1:
			return fmt.Sprintf(`{"id": %d, "created": "2024-03-01 10:00", "note": "n"}`, i)
		}
		return fmt.Sprintf(`{"id": %d, "created": "2024-03-01 10:00", "status": "Open"}`, i)
	})
	guessed, err := ingesttest.Read(context.Background(), jsonmap.Lines{}, "t.jsonl", in, config.Source{})
	require.NoError(t, err)
	mapped, err := ingesttest.Read(context.Background(), jsonmap.Lines{}, "t.jsonl", in, config.Source{Mapping: map[string]string{
		"source_key": "id", "created_at": "created", "resolved_at": "resolved", "status": "status"}})
	require.NoError(t, err)
	require.Len(t, guessed.Tickets, 400)
	assert.Equal(t, mapped.Tickets, guessed.Tickets)
	assert.Equal(t, mapped.Rejects, guessed.Rejects)
}
