package models

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// first_match_grouped gives what first_match gives over the same rules in the
// same order: the first rule that matches, whatever its position in the text.
func TestFirstMatchGrouped(t *testing.T) {
	ctx := context.Background()
	wh := newWarehouse(t)
	rules := `(values ('g1', 1, 'b+'), ('g1', 2, '^a'), ('g2', 3, 'x'), ('g2', 4, 'o''s'), ('g3', 5, 'n'))`
	models := map[string]string{
		"staging/rules": `select * from ` + rules + ` as r(grp, priority, pattern)`,
		"staging/texts": `select * from (values ('abba'), ('xbx'), ('none'), ('o''s'), ('zzz'), ('ax')) as t(s)`,
		"marts/flat": `select s, {{ first_match('s', "select pattern, priority from rules order by priority") }} as m
			from {{ ref('texts') }} cross join (select count(*) from {{ ref('rules') }})`,
		"marts/grouped": `select s, {{ first_match_grouped('s',
			"select '(?:' || string_agg(pattern, ')|(?:' order by priority) || ')', grp from rules group by grp order by min(priority)",
			"select pattern, priority from rules where grp = {group} order by priority") }} as m
			from {{ ref('texts') }} cross join (select count(*) from {{ ref('rules') }})`,
	}
	_, err := build(ctx, wh, testConfig("UTC", "monday"), modelFS(models, nil), BuildOptions{})
	require.NoError(t, err)
	// abba: b+ (1) before ^a (2); xbx: b+ (1), although x (3) comes first in the text;
	// none: n (5), the only group that matches; o's: o's (4); zzz: nothing; ax: ^a (2)
	want := [][]any{{"abba", 1}, {"ax", 2}, {"none", 5}, {"o's", 4}, {"xbx", 1}, {"zzz", nil}}
	assertRows(t, want, query(t, wh, "select s, m from flat order by s"))
	assertRows(t, want, query(t, wh, "select s, m from grouped order by s"))

	_, err = build(ctx, wh, testConfig("UTC", "monday"), modelFS(map[string]string{
		"marts/x": `select {{ first_match_grouped('1', "select 'a', 1", "select 'a', 1") }} as m`,
	}, nil), BuildOptions{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "sql/marts/x.sql line 1: first_match_grouped: the rule query must contain {group}")

	_, err = build(ctx, wh, testConfig("UTC", "monday"), modelFS(map[string]string{
		"marts/y": `select {{ first_match_grouped('1', "select 'a', 1 where false", "select 'a', {group}") }} as m`,
	}, nil), BuildOptions{})
	require.NoError(t, err)
	assertRows(t, [][]any{{nil}}, query(t, wh, "select m from y"))
}
