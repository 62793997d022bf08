package ingesttest

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/models/warehouse"
)

// Dump returns every row of each table as JSON, one string per row,
// ordered by the expression given for the table ("j" is the row's JSON,
// "rowid" the order the rows were written in), for comparing what two
// ingests left behind. It also requires that the run detached every
// scratch database it attached.
func Dump(tb testing.TB, wh *warehouse.Warehouse, tables map[string]string) map[string][]string {
	tb.Helper()
	ctx := context.Background()
	var scratches int
	require.NoError(tb, wh.QueryRow(ctx, `select count(*) from duckdb_databases() where starts_with(database_name, 'lanes_scratch')`).Scan(&scratches))
	require.Zero(tb, scratches, "the run detaches the scratch databases it attached")
	out := map[string][]string{}
	for table, order := range tables {
		rows, err := wh.Query(ctx, "select to_json(x)::varchar as j from "+table+" x order by "+order)
		require.NoError(tb, err)
		for rows.Next() {
			var j string
			require.NoError(tb, rows.Scan(&j))
			out[table] = append(out[table], j)
		}
		require.NoError(tb, rows.Err())
		require.NoError(tb, rows.Close())
	}
	return out
}
