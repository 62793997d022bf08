package reports

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/models/warehouse"
)

// mixedQuery has numbers (negative ones too), NULLs, a list, a timestamp, a
// date, a HUGEINT beyond int64 and text cells a spreadsheet or Markdown
// would act on.
const mixedQuery = `
select * from (values
    (1, 'Okta', -5, -1.5::double, -12.340::decimal(10,3), 170141183460469231731687303715884105727::hugeint,
        timestamp '2026-03-02 09:30:00', date '2026-03-02', ['a', 'b'], '=1+1'),
    (2, '-2 apples', 3, 0.25::double, 0.005::decimal(10,3), -1::hugeint,
        timestamp '2026-03-02 09:30:00.123456', date '2026-12-31', []::varchar[], '@SUM(A1)'),
    (3, 'a|b <i>x</i>', null, null, null, null, null, null, null, chr(9) || 'tab'),
    (4, '+cmd', 0, 1e21::double, 0::decimal(10,3), 0::hugeint, null, null, ['x', null], chr(13) || 'cr')
) as t(id, name, delta, ratio, amount, big, created_at, day, tags, note)
order by id`

func render(t *testing.T, query, format string) (string, error) {
	t.Helper()
	ctx := context.Background()
	wh, err := warehouse.Open(ctx, ":memory:", warehouse.Options{})
	require.NoError(t, err)
	defer wh.Close()
	rows, err := wh.Query(ctx, query)
	require.NoError(t, err)
	defer rows.Close()
	var buf bytes.Buffer
	err = WriteRows(&buf, rows, format)
	return buf.String(), err
}

func TestWriteRowsCSV(t *testing.T) {
	got, err := render(t, mixedQuery, "csv")
	require.NoError(t, err)
	// Text starting with = + - @ tab or CR gets a quote; -5, -1.5, -12.340
	// and -1 come from numeric columns and stay numbers. NULL is empty.
	want := "id,name,delta,ratio,amount,big,created_at,day,tags,note\n" +
		`1,Okta,-5,-1.5,-12.340,170141183460469231731687303715884105727,2026-03-02T09:30:00Z,2026-03-02,"[""a"",""b""]",'=1+1` + "\n" +
		`2,'-2 apples,3,0.25,0.005,-1,2026-03-02T09:30:00.123456Z,2026-12-31,[],'@SUM(A1)` + "\n" +
		"3,a|b <i>x</i>,,,,,,,,'\ttab\n" +
		"4,'+cmd,0,1e+21,0.000,0,,,\"[\"\"x\"\",null]\",\"'\rcr\"\n"
	assert.Equal(t, want, got)
}

func TestWriteRowsCSVHeaderFormula(t *testing.T) {
	got, err := render(t, `select 1 as "=cmd", -2 as "-x", '-3' as "ok"`, "csv")
	require.NoError(t, err)
	assert.Equal(t, "'=cmd,'-x,ok\n1,-2,'-3\n", got)
}

func TestWriteRowsJSON(t *testing.T) {
	got, err := render(t, mixedQuery, "json")
	require.NoError(t, err)
	want := `[
  {"id":1,"name":"Okta","delta":-5,"ratio":-1.5,"amount":-12.340,"big":170141183460469231731687303715884105727,"created_at":"2026-03-02T09:30:00Z","day":"2026-03-02","tags":["a","b"],"note":"=1+1"},
  {"id":2,"name":"-2 apples","delta":3,"ratio":0.25,"amount":0.005,"big":-1,"created_at":"2026-03-02T09:30:00.123456Z","day":"2026-12-31","tags":[],"note":"@SUM(A1)"},
  {"id":3,"name":"a|b \u003ci\u003ex\u003c/i\u003e","delta":null,"ratio":null,"amount":null,"big":null,"created_at":null,"day":null,"tags":null,"note":"\ttab"},
  {"id":4,"name":"+cmd","delta":0,"ratio":1e+21,"amount":0.000,"big":0,"created_at":null,"day":null,"tags":["x",null],"note":"\rcr"}
]
`
	assert.Equal(t, want, got)

	// It is valid JSON, and the HUGEINT survives exactly.
	dec := json.NewDecoder(strings.NewReader(got))
	dec.UseNumber()
	var parsed []map[string]any
	require.NoError(t, dec.Decode(&parsed))
	require.Len(t, parsed, 4)
	assert.Equal(t, json.Number("170141183460469231731687303715884105727"), parsed[0]["big"])
	assert.Nil(t, parsed[2]["delta"])
}

func TestWriteRowsMarkdown(t *testing.T) {
	got, err := render(t, mixedQuery, "markdown")
	require.NoError(t, err)
	want := "| id | name | delta | ratio | amount | big | created\\_at | day | tags | note |\n" +
		"|---:|---|---:|---:|---:|---:|---|---|---|---|\n" +
		`| 1 | Okta | -5 | -1.5 | -12.340 | 170141183460469231731687303715884105727 | 2026-03-02T09:30:00Z | 2026-03-02 | \["a","b"\] | =1+1 |` + "\n" +
		`| 2 | -2 apples | 3 | 0.25 | 0.005 | -1 | 2026-03-02T09:30:00.123456Z | 2026-12-31 | \[\] | @SUM(A1) |` + "\n" +
		`| 3 | a\|b &lt;i&gt;x&lt;/i&gt; | NULL | NULL | NULL | NULL | NULL | NULL | NULL |  tab |` + "\n" +
		`| 4 | +cmd | 0 | 1e+21 | 0.000 | 0 | NULL | NULL | \["x",null\] |  cr |` + "\n"
	assert.Equal(t, want, got)
	assertTablesWellFormed(t, got)
}

func TestWriteRowsTable(t *testing.T) {
	got, err := render(t, `select * from (values
        (1, 'Okta', -5, timestamp '2026-03-02 09:30:00', ['a', 'b']),
        (20, 'line1' || chr(10) || chr(27) || '[31mred', null, null, null)
    ) as t(id, name, delta, created_at, tags) order by id`, "table")
	require.NoError(t, err)
	// Numbers right-aligned, NULL spelled out, the newline and the escape
	// character shown as \n and \x1B instead of acting on the terminal.
	want := `┌────┬────────────────────┬───────┬──────────────────────┬───────────┐
│ id │ name               │ delta │ created_at           │ tags      │
├────┼────────────────────┼───────┼──────────────────────┼───────────┤
│  1 │ Okta               │    -5 │ 2026-03-02T09:30:00Z │ ["a","b"] │
│ 20 │ line1\n\x1B[31mred │  NULL │ NULL                 │ NULL      │
└────┴────────────────────┴───────┴──────────────────────┴───────────┘
`
	assert.Equal(t, want, got)
}

func TestWriteRowsNestedTypes(t *testing.T) {
	got, err := render(t, `select
        {'z': 1, 'a': date '2026-03-02'} as s,
        map {'k2': 1, 'k1': 2} as m,
        map {1: 'one'} as mi,
        [date '2026-03-02', null] as dates,
        [{'t': timestamp '2026-03-02 01:02:03'}] as events,
        timestamptz '2026-03-02 10:00:00+02' as tz,
        time '10:11:12.5' as tm,
        uuid '5b2d1e9c-0000-4000-8000-000000000001' as u,
        interval 3 day + interval 2 hour as i,
        '\xFF\x00a'::blob as b,
        '{"b": 1, "a": [true, null]}'::json as j,
        18446744073709551615::ubigint as ub,
        'nan'::double as nan`, "json")
	require.NoError(t, err)
	// Struct fields and map keys keep their order; dates inside lists and
	// structs are dates; timestamps are UTC.
	want := `[
  {"s":{"z":1,"a":"2026-03-02"},"m":{"k2":1,"k1":2},"mi":[{"key":1,"value":"one"}],"dates":["2026-03-02",null],"events":[{"t":"2026-03-02T01:02:03Z"}],"tz":"2026-03-02T08:00:00Z","tm":"10:11:12.5","u":"5b2d1e9c-0000-4000-8000-000000000001","i":"3 days 02:00:00","b":"\\xFF\\x00a","j":{"a":[true,null],"b":1},"ub":18446744073709551615,"nan":"NaN"}
]
`
	assert.Equal(t, want, got)
}

func TestWriteRowsEmptyAndDuplicates(t *testing.T) {
	got, err := render(t, `select 1 as a where false`, "json")
	require.NoError(t, err)
	assert.Equal(t, "[]\n", got)

	got, err = render(t, `select 1 as a where false`, "csv")
	require.NoError(t, err)
	assert.Equal(t, "a\n", got)

	got, err = render(t, `select 1 as a, 2 as a, 3 as a_2`, "json")
	require.NoError(t, err)
	assert.Equal(t, "[\n  {\"a\":1,\"a_3\":2,\"a_2\":3}\n]\n", got)
}

func TestWriteRowsUnknownFormat(t *testing.T) {
	_, err := render(t, `select 1`, "xml")
	assert.EqualError(t, err, `unknown format "xml": want one of table, csv, json, markdown`)
}

func TestParseType(t *testing.T) {
	st := parseType(`STRUCT("z" INTEGER, "we""ird" DECIMAL(18,3), "at" TIMESTAMP WITH TIME ZONE)[]`)
	require.True(t, st.isList())
	require.True(t, st.elem.isStruct())
	require.Len(t, st.elem.fields, 3)
	assert.Equal(t, "z", st.elem.fields[0].name)
	assert.Equal(t, `we"ird`, st.elem.fields[1].name)
	assert.Equal(t, "DECIMAL", st.elem.fields[1].typ.base())
	assert.Equal(t, "TIMESTAMP WITH TIME ZONE", st.elem.fields[2].typ.base())

	m := parseType(`MAP(VARCHAR, DATE[])`)
	assert.Equal(t, "VARCHAR", m.key.base())
	assert.True(t, m.value.isList())
	assert.Equal(t, "DATE", m.value.elem.base())

	arr := parseType(`INTEGER[2][]`)
	assert.Equal(t, "INTEGER", arr.elem.elem.base())

	e := parseType(`ENUM('a)', 'b')`)
	assert.Equal(t, "ENUM", e.base())
}

func TestKnownFormat(t *testing.T) {
	for _, f := range Formats() {
		assert.True(t, KnownFormat(f), f)
	}
	assert.False(t, KnownFormat("xml"))
	assert.False(t, KnownFormat("CSV"))
	assert.Equal(t, []string{"table", "csv", "json", "markdown"}, Formats())
}

// TestQueryKeepsJSONNumbersExact: a JSON value holding an id past 2^53 (a
// ticket's raw record) prints exactly in every format, where the driver's
// decoding made it 9007199254740992; the JSON format writes it as JSON,
// not as a string. A query ending in a semicolon, with a CTE, is wrapped
// too.
func TestQueryKeepsJSONNumbersExact(t *testing.T) {
	ctx := context.Background()
	wh, err := warehouse.Open(ctx, ":memory:", warehouse.Options{})
	require.NoError(t, err)
	defer wh.Close()
	query := `with r as (select '{"id": 9007199254740993, "big": 123456789012345678901234}'::json as raw, 7 as n)
		select n, raw from r;`
	out := func(format string) string {
		res, err := Query(ctx, wh, query)
		require.NoError(t, err)
		defer res.Rows.Close()
		var buf bytes.Buffer
		require.NoError(t, WriteResult(&buf, res, format))
		return buf.String()
	}
	assert.Equal(t, "[\n  {\"n\":7,\"raw\":{\"id\":9007199254740993,\"big\":123456789012345678901234}}\n]\n", out("json"))
	assert.Equal(t, "n,raw\n7,\"{\"\"id\"\": 9007199254740993, \"\"big\"\": 123456789012345678901234}\"\n", out("csv"))
	assert.Contains(t, out("table"), `{"id": 9007199254740993, "big": 123456789012345678901234}`)
	assert.Contains(t, out("markdown"), `9007199254740993`)

	// Inside a list or a struct too.
	query = `select ['{"id": 9007199254740993}'::json] as ids, {'raw': '{"id": 9007199254740993}'::json} as s`
	assert.Equal(t, "[\n  {\"ids\":[{\"id\":9007199254740993}],\"s\":{\"raw\":{\"id\":9007199254740993}}}\n]\n", out("json"))

	// Without Query, the driver's decoding rounds the id: the case this
	// guards against.
	rows, err := wh.Query(ctx, query)
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, WriteRows(&buf, rows, "json"))
	require.NoError(t, rows.Close())
	assert.NotContains(t, buf.String(), "9007199254740993")
}
