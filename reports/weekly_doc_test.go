package reports

import (
	"os"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// jsonFields lists the JSON fields of t as docs/reports.md names them: a
// dotted path (list elements as "[]") and a type. A Comparison is one
// field of type "comparison": the page describes its four keys once.
func jsonFields(prefix string, t reflect.Type, out *[][2]string) {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if f.Anonymous {
			jsonFields(prefix, f.Type, out)
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" || name == "-" {
			continue
		}
		path := prefix + name
		ft := f.Type
		switch {
		case ft == reflect.TypeOf(Comparison{}):
			*out = append(*out, [2]string{path, "comparison"})
		case ft.Kind() == reflect.Struct:
			*out = append(*out, [2]string{path, "object"})
			jsonFields(path+".", ft, out)
		case ft.Kind() == reflect.Slice && ft.Elem().Kind() == reflect.Struct:
			*out = append(*out, [2]string{path, "list of objects"})
			jsonFields(path+"[].", ft.Elem(), out)
		case ft.Kind() == reflect.Slice && ft.Elem().Kind() == reflect.String:
			*out = append(*out, [2]string{path, "list of strings"})
		case ft.Kind() == reflect.Pointer && ft.Elem().Kind() == reflect.Float64:
			*out = append(*out, [2]string{path, "number or null"})
		case ft.Kind() == reflect.Float64:
			*out = append(*out, [2]string{path, "number"})
		case ft.Kind() == reflect.Int || ft.Kind() == reflect.Int64:
			*out = append(*out, [2]string{path, "integer"})
		case ft.Kind() == reflect.String:
			*out = append(*out, [2]string{path, "string"})
		default:
			*out = append(*out, [2]string{path, "unknown type " + ft.String()})
		}
	}
}

var docFieldRE = regexp.MustCompile("^\\| `([^`]+)` \\| ([^|]+?) \\|")

// TestWeeklyJSONDoc keeps docs/reports.md and the weekly report's JSON in
// step: the page's field table must list exactly the fields WeeklyReport
// encodes, in the same order and with the same types, and the JSON the
// report writes must use exactly those keys.
func TestWeeklyJSONDoc(t *testing.T) {
	page, err := os.ReadFile("../docs/reports.md")
	require.NoError(t, err)
	text := string(page)
	start := strings.Index(text, "### JSON (`--format json`)")
	require.GreaterOrEqual(t, start, 0, "docs/reports.md has no JSON section")
	section := text[start:]
	if end := strings.Index(section, "\n## "); end >= 0 {
		section = section[:end]
	}
	var documented [][2]string
	for _, line := range strings.Split(section, "\n") {
		if m := docFieldRE.FindStringSubmatch(line); m != nil {
			documented = append(documented, [2]string{m[1], m[2]})
		}
	}
	var code [][2]string
	jsonFields("", reflect.TypeOf(WeeklyReport{}), &code)
	assert.Equal(t, code, documented, "docs/reports.md's field table and reports.WeeklyReport differ: update the page")

	// And the JSON written from a real report has those keys and no other.
	wh := openFixture(t, "weekly/marts.sql")
	out, err := weeklyAs(t, wh, "", "json")
	require.NoError(t, err)
	keys := map[string]bool{}
	for _, f := range code {
		last := f[0][strings.LastIndexAny(f[0], ".]")+1:]
		keys[last] = true
	}
	for _, k := range []string{"current", "previous", "change", "relative_change"} {
		keys[k] = true // a comparison's keys, described in the page's text
	}
	for _, m := range regexp.MustCompile(`(?m)^\s*"([a-z0-9_]+)":`).FindAllStringSubmatch(out, -1) {
		assert.True(t, keys[m[1]], "the JSON has key %q that docs/reports.md does not list", m[1])
	}
}
