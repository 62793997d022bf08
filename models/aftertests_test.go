package models

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestAfterTestsModels: a model marked after_tests is built once the other
// models' data tests have run and written build_test_results, so it sees
// this build's results; no ordinary model may ref it.
func TestAfterTestsModels(t *testing.T) {
	fsys := modelFS(map[string]string{
		"staging/a":  "select 1 as x union all select null",
		"marts/late": "select model, test, failures from build_test_results",
	}, map[string]string{
		"staging/a":  "description: d\ncolumns:\n  - name: x\n    description: x\n    tests: [not_null]\n",
		"marts/late": "description: d\nafter_tests: true\n",
	})
	wh := newWarehouse(t)
	res, err := build(context.Background(), wh, testConfig("UTC", "monday"), fsys, BuildOptions{})
	require.NoError(t, err)
	assert.Equal(t, []string{"a", "late"}, builtNames(res))
	// a's not_null test failed on the one null row, and late saw it
	assertRows(t, [][]any{{"a", "not_null(x)", int64(1)}}, query(t, wh, "select * from late"))

	fsys = modelFS(map[string]string{
		"marts/late":  "select 1 as x",
		"marts/early": "select * from {{ ref('late') }}",
	}, map[string]string{"marts/late": "description: d\nafter_tests: true\n"})
	_, err = loadProject(fsys)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "sql/marts/early.sql")
	assert.Contains(t, err.Error(), "after_tests")
}
