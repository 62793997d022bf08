package models

import (
	"context"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/models/config"
	"github.com/lanes-dev/lanes/models/warehouse"
)

// modelFS builds an in-memory model folder: each key is "layer/name" and
// its value the SQL; every model gets a minimal .yml unless specs has one.
func modelFS(models map[string]string, specs map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{}
	for k, sql := range models {
		fsys["sql/"+k+".sql"] = &fstest.MapFile{Data: []byte(sql)}
		spec, ok := specs[k]
		if !ok {
			spec = "description: test model\n"
		}
		fsys["sql/"+k+".yml"] = &fstest.MapFile{Data: []byte(spec)}
	}
	return fsys
}

func names(ms []Model) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.Name)
	}
	return out
}

func builtNames(r BuildResult) []string {
	var out []string
	for _, m := range r.Models {
		out = append(out, m.Name)
	}
	return out
}

var diamond = map[string]string{
	"marts/a":        "select * from {{ ref('b') }} join {{ ref(\"c\") }} using (x)",
	"intermediate/b": "select x from {{ ref('c') }}",
	"staging/c":      "select 1 as x",
	"staging/d":      "select 2 as y",
}

func TestTopologicalOrder(t *testing.T) {
	p, err := loadProject(modelFS(diamond, nil))
	require.NoError(t, err)
	// c and d are ready first (c by name); then b; then a and d (a by name).
	assert.Equal(t, []string{"c", "b", "a", "d"}, names(p.ordered))
	assert.Equal(t, []string{"b", "c"}, p.byName["a"].Refs)

	wh := newWarehouse(t)
	res, err := build(context.Background(), wh, testConfig("UTC", "monday"), modelFS(diamond, nil), BuildOptions{})
	require.NoError(t, err)
	assert.Equal(t, []string{"c", "b", "a", "d"}, builtNames(res))
	assert.Equal(t, int64(1), res.Models[2].Rows)
}

func TestEmbeddedModelsOrder(t *testing.T) {
	ms, err := Models()
	require.NoError(t, err)
	pos := map[string]int{}
	for i, m := range ms {
		pos[m.Name] = i
	}
	for _, m := range ms {
		for _, r := range m.Refs {
			assert.Less(t, pos[r], pos[m.Name], "%s refs %s", m.Name, r)
		}
	}
}

func TestProjectErrorsNameTheFile(t *testing.T) {
	cases := []struct {
		name   string
		models map[string]string
		specs  map[string]string
		want   []string
	}{
		{"cycle", map[string]string{
			"staging/a":      "select * from {{ ref('b') }}",
			"staging/b":      "select * from {{ ref('c') }}",
			"staging/c":      "select * from {{ ref('a') }}",
			"staging/single": "select 1",
		}, nil, []string{"dependency cycle a -> b -> c -> a", "sql/staging/a.sql", "sql/staging/b.sql", "sql/staging/c.sql"}},
		{"unknown ref", map[string]string{"marts/x": "select 1\nfrom {{ ref('nope') }}"}, nil,
			[]string{"sql/marts/x.sql", "ref('nope')", "no model named nope"}},
		{"self ref", map[string]string{"marts/x": "select * from {{ ref('x') }}"}, nil,
			[]string{"sql/marts/x.sql line 1", "cannot ref itself"}},
		{"unknown function", map[string]string{"marts/x": "select 1\n\n{{ source('a') }}"}, nil,
			[]string{"sql/marts/x.sql", "line 3", "unknown template function source"}},
		{"unquoted argument", map[string]string{"marts/x": "select * from {{ ref(a) }}"}, nil,
			[]string{"sql/marts/x.sql", "quoted"}},
		{"unclosed", map[string]string{"marts/x": "select * from {{ ref('a')"}, nil,
			[]string{"sql/marts/x.sql", "not closed"}},
		{"missing yml", map[string]string{"marts/x": "select 1"}, map[string]string{"marts/x": ""},
			[]string{"sql/marts/x.sql has no sql/marts/x.yml"}},
		{"unknown yml key", map[string]string{"marts/x": "select 1"}, map[string]string{"marts/x": "description: d\ncolour: red\n"},
			[]string{"sql/marts/x.yml", "colour"}},
		{"unknown test", map[string]string{"marts/x": "select 1 as a"},
			map[string]string{"marts/x": "description: d\ncolumns:\n  - name: a\n    description: a\n    tests: [is_even]\n"},
			[]string{"sql/marts/x.yml", `unknown test "is_even"`}},
		{"bad test argument", map[string]string{"marts/x": "select 1 as a"},
			map[string]string{"marts/x": "description: d\ncolumns:\n  - name: a\n    description: a\n    tests:\n      - accepted_values: {value: [1]}\n"},
			[]string{"sql/marts/x.yml", `not "value"`}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fsys := modelFS(tc.models, tc.specs)
			for k, v := range tc.specs {
				if v == "" {
					delete(fsys, "sql/"+k+".yml")
				}
			}
			_, err := build(context.Background(), newWarehouse(t), testConfig("UTC", "monday"), fsys, BuildOptions{})
			require.Error(t, err)
			for _, w := range tc.want {
				assert.Contains(t, err.Error(), w)
			}
		})
	}

	t.Run("yml without model", func(t *testing.T) {
		fsys := modelFS(map[string]string{"marts/x": "select 1"}, nil)
		fsys["sql/marts/y.yml"] = &fstest.MapFile{Data: []byte("description: orphan\n")}
		_, err := loadProject(fsys)
		require.Error(t, err)
		assert.Contains(t, err.Error(), "sql/marts/y.yml documents a model that does not exist")
	})
}

func TestSelect(t *testing.T) {
	ctx := context.Background()
	wh := newWarehouse(t)
	cfg := testConfig("UTC", "monday")
	fsys := modelFS(diamond, nil)
	_, err := build(ctx, wh, cfg, fsys, BuildOptions{})
	require.NoError(t, err)

	// Mark the existing tables, so a rebuilt table shows by losing its mark.
	require.NoError(t, wh.Write(ctx, func(tx *warehouse.Tx) error {
		for _, s := range []string{"insert into c values (100)", "insert into d values (200)"} {
			if _, err := tx.Exec(s); err != nil {
				return err
			}
		}
		return nil
	}))
	count := func(table string) int64 {
		return query(t, wh, "select count(*) from "+table)[0][0].(int64)
	}

	res, err := build(ctx, wh, cfg, fsys, BuildOptions{Select: []string{"b"}})
	require.NoError(t, err)
	assert.Equal(t, []string{"b"}, builtNames(res))
	assert.Equal(t, int64(2), count("b"), "b is rebuilt from c as it stands, marked row included")

	res, err = build(ctx, wh, cfg, fsys, BuildOptions{Select: []string{"+a"}})
	require.NoError(t, err)
	assert.Equal(t, []string{"c", "b", "a"}, builtNames(res))
	assert.Equal(t, int64(1), count("c"), "c rebuilt: the mark is gone")
	assert.Equal(t, int64(2), count("d"), "d not selected: the mark stays")

	res, err = build(ctx, wh, cfg, fsys, BuildOptions{Select: []string{"d", "+b"}})
	require.NoError(t, err)
	assert.Equal(t, []string{"c", "b", "d"}, builtNames(res))

	_, err = build(ctx, wh, cfg, fsys, BuildOptions{Select: []string{"+zz"}})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "no model named zz")
}

func TestFailingDataTests(t *testing.T) {
	wh := newWarehouse(t)
	models := map[string]string{
		"marts/m": `select * from (values
			(1, 'a', 'x'), (2, 'b', 'x'), (null, 'c', 'y'), (null, 'd', 'y'), (3, 'e', 'z')) as t(id, name, kind)`,
		"staging/parent": "select 'x' as kind union all select 'y'",
	}
	specs := map[string]string{"marts/m": `description: a model with bad rows
columns:
  - name: id
    description: the id
    tests: [not_null, unique]
  - name: name
    description: the name
    tests:
      - unique
      - accepted_values:
          values: [a, b, c, d]
  - name: kind
    description: the kind
    tests:
      - relationships:
          to: parent
          field: kind
tests:
  - unique:
      columns: [kind]
  - expression:
      sql: id < 3
`}
	res, err := build(context.Background(), wh, testConfig("UTC", "monday"), modelFS(models, specs), BuildOptions{})
	require.NoError(t, err, "failing tests are results, not errors")
	assert.True(t, res.Failed())

	byName := map[string]TestResult{}
	for _, tr := range res.Tests {
		if tr.Model == "m" {
			byName[tr.Name] = tr
		}
	}
	assert.Equal(t, TestResult{Model: "m", Name: "not_null(id)", Failures: 2,
		Sample: []string{"id=null, name=c, kind=y", "id=null, name=d, kind=y"}}, byName["not_null(id)"])
	// the two null ids group together and count as one repeated value
	assert.Equal(t, int64(1), byName["unique(id)"].Failures)
	assert.Equal(t, []string{"id=null, n=2"}, byName["unique(id)"].Sample)
	assert.Equal(t, int64(0), byName["unique(name)"].Failures)
	assert.Equal(t, []string{"id=3, name=e, kind=z"}, byName["accepted_values(name)"].Sample)
	assert.Equal(t, []string{"id=3, name=e, kind=z"}, byName["relationships(kind -> parent.kind)"].Sample)
	assert.Equal(t, int64(2), byName["unique(kind)"].Failures)
	// id < 3 fails for 3 and for the two nulls: null does not hold
	assert.Equal(t, int64(3), byName["expression(id < 3)"].Failures)
	assert.Len(t, byName, 7)

	// The build is kept although tests failed.
	assert.Equal(t, int64(5), query(t, wh, "select count(*) from m")[0][0])
}

func TestFailedBuildKeepsThePreviousBuild(t *testing.T) {
	ctx := context.Background()
	wh := newWarehouse(t)
	cfg := testConfig("UTC", "monday")
	_, err := build(ctx, wh, cfg, modelFS(map[string]string{"staging/m": "select 1 as x"}, nil), BuildOptions{})
	require.NoError(t, err)

	cfg2 := testConfig("UTC", "monday")
	cfg2.Interruptions.RefocusMinutes = 99
	broken := modelFS(map[string]string{
		"staging/m": "select 2 as x",
		"marts/n":   "select x, no_such_column from {{ ref('m') }}",
		"marts/o":   "select 3 as z",
	}, nil)
	_, err = build(ctx, wh, cfg2, broken, BuildOptions{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "build n (sql/marts/n.sql)")

	assert.Equal(t, [][]any{{int64(1)}}, query(t, wh, "select x from m"), "m as the last good build left it")
	assert.Equal(t, [][]any{{int64(0)}}, query(t, wh, "select count(*) from duckdb_tables() where table_name in ('n', 'o') or table_name like 'lanes_stage%'"))
	assert.Equal(t, [][]any{{"15"}}, query(t, wh, "select value from dim_parameters where name = 'refocus_minutes'"), "dimensions rolled back too")
	assert.Equal(t, [][]any{{int64(0)}}, query(t, wh, "select count(*) from duckdb_schemas() where schema_name = 'lanes_build'"), "the failed build's scratch schema is dropped")

	// The next build starts clean and publishes: n reads this build's m.
	fixed := modelFS(map[string]string{
		"staging/m": "select 2 as x",
		"marts/n":   "select x + 10 as y from {{ ref('m') }}",
	}, nil)
	_, err = build(ctx, wh, cfg2, fixed, BuildOptions{})
	require.NoError(t, err)
	assert.Equal(t, [][]any{{int64(12)}}, query(t, wh, "select y from n"))
	assert.Equal(t, [][]any{{"99"}}, query(t, wh, "select value from dim_parameters where name = 'refocus_minutes'"))

	// A selected model that refs one outside the selection reads main's.
	_, err = build(ctx, wh, cfg2, modelFS(map[string]string{
		"staging/m": "select 3 as x",
		"marts/n":   "select x + 20 as y from {{ ref('m') }}",
	}, nil), BuildOptions{Select: []string{"n"}})
	require.NoError(t, err)
	assert.Equal(t, [][]any{{int64(22)}}, query(t, wh, "select y from n"), "m is not rebuilt: 2 + 20")
	assert.Equal(t, [][]any{{int64(2)}}, query(t, wh, "select x from m"))
}

func TestCanceledBuildRollsBack(t *testing.T) {
	wh := newWarehouse(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Build(ctx, wh, testConfig("UTC", "monday"), BuildOptions{})
	require.Error(t, err)
	assert.Equal(t, [][]any{{int64(0)}}, query(t, wh, "select count(*) from duckdb_tables() where table_name = 'int_tickets'"))
}

func TestTemplate(t *testing.T) {
	ctx := context.Background()
	wh := newWarehouse(t)
	cfg := testConfig("Europe/Berlin", "monday")
	models := map[string]string{
		"staging/v": `select {{ var('merge_window_minutes') }} as window_minutes,
			{{ var('automatable_share') }} * 10 as share_x10,
			{{ var("time_zone") }} as tz`,
		// rules in order: the first matching row wins, whatever its position in the text
		"staging/f": `select s, {{ first_match('s', "select * from (values ('b+', 'bees'), ('^a', 'starts with a'), ('o''s', 'quote')) order by 1") }} as m
			from (values ('abba'), ('xbx'), ('none'), ('o''s')) as t(s)`,
		"staging/e": `select {{ first_match('1', "select 'x', 1 where false") }} as nothing`,
	}
	_, err := build(ctx, wh, cfg, modelFS(models, nil), BuildOptions{})
	require.NoError(t, err)
	assertRows(t, [][]any{{30, 8.0, "Europe/Berlin"}}, query(t, wh, "select window_minutes, share_x10::double, tz from v"))
	// pattern order: '^a', 'b+', 'o''s'
	assertRows(t, [][]any{
		{"abba", "starts with a"},
		{"none", nil},
		{"o's", "quote"},
		{"xbx", "bees"},
	}, query(t, wh, "select s, m from f order by s"))
	assertRows(t, [][]any{{nil}}, query(t, wh, "select nothing from e"))

	_, err = build(ctx, wh, cfg, modelFS(map[string]string{"marts/x": "select\n{{ var('no_such') }}"}, nil), BuildOptions{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "sql/marts/x.sql line 2: var('no_such'): no such parameter")
}

func TestBuildDocumentsTables(t *testing.T) {
	wh := newWarehouse(t)
	_, err := Build(context.Background(), wh, config.Default(), BuildOptions{Select: []string{"+automation_candidates"}})
	require.NoError(t, err)
	got := query(t, wh, "select comment from duckdb_tables() where table_name = 'automation_candidates'")
	require.Len(t, got, 1)
	assert.Contains(t, got[0][0], "score = tickets_per_week x (median_handle_minutes / 60)")
	got = query(t, wh, "select comment from duckdb_columns() where table_name = 'volume_by_tool' and column_name = 'share'")
	assert.Empty(t, got, "volume_by_tool was not selected")
	got = query(t, wh, "select comment from duckdb_columns() where table_name = 'int_tickets' and column_name = 'tool'")
	require.Len(t, got, 1)
	assert.Contains(t, got[0][0], "components, then category, then title, then description")
}
