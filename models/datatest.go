package models

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/lanes-dev/lanes/models/warehouse"
)

// maxSample is how many failing rows a TestResult shows.
const maxSample = 10

// Test is one data test declared in a model's .yml, under a column or at
// the model level. In YAML a test is either its kind ("not_null") or a
// one-key map from the kind to its arguments:
//
//	not_null                         the column is never null
//	unique {columns: [a, b]}         the column, or the combination, never repeats
//	accepted_values {values: [...]}  the column is null or one of values
//	relationships {to: m, field: f}  every non-null value appears in m.f
//	expression {sql: ...}            a boolean SQL expression true for every row
//	                                 (null counts as a failure)
//
// At the model level, not_null, accepted_values and relationships name
// their column with column: c.
type Test struct {
	Kind    string
	Column  string   // the column checked (not_null, unique, accepted_values, relationships)
	Columns []string // unique over a combination of columns
	Values  []any    // accepted_values
	To      string   // relationships: the model or table referred to
	Field   string   // relationships: the column referred to
	SQL     string   // expression
}

// testArgs lists the argument keys each kind accepts.
var testArgs = map[string][]string{
	"not_null":        {"column"},
	"unique":          {"column", "columns"},
	"accepted_values": {"column", "values"},
	"relationships":   {"column", "to", "field"},
	"expression":      {"sql"},
}

// UnmarshalYAML reads a test written as a bare kind or as {kind: {args}}.
func (t *Test) UnmarshalYAML(n *yaml.Node) error {
	var args *yaml.Node
	switch {
	case n.Kind == yaml.ScalarNode:
		t.Kind = n.Value
	case n.Kind == yaml.MappingNode && len(n.Content) == 2:
		t.Kind = n.Content[0].Value
		args = n.Content[1]
	default:
		return fmt.Errorf("line %d: a test is a kind (not_null) or a one-key map (accepted_values: {values: [...]})", n.Line)
	}
	allowed, ok := testArgs[t.Kind]
	if !ok {
		return fmt.Errorf("line %d: unknown test %q (known: accepted_values, expression, not_null, relationships, unique)", n.Line, t.Kind)
	}
	if args == nil {
		return nil
	}
	if args.Kind != yaml.MappingNode {
		return fmt.Errorf("line %d: the arguments of %s are a map", args.Line, t.Kind)
	}
	for i := 0; i < len(args.Content); i += 2 {
		if key := args.Content[i]; !slices.Contains(allowed, key.Value) {
			return fmt.Errorf("line %d: %s takes %s, not %q", key.Line, t.Kind, strings.Join(allowed, ", "), key.Value)
		}
	}
	var a struct {
		Column  string   `yaml:"column"`
		Columns []string `yaml:"columns"`
		Values  []any    `yaml:"values"`
		To      string   `yaml:"to"`
		Field   string   `yaml:"field"`
		SQL     string   `yaml:"sql"`
	}
	if err := args.Decode(&a); err != nil {
		return err
	}
	t.Column, t.Columns, t.Values, t.To, t.Field, t.SQL = a.Column, a.Columns, a.Values, a.To, a.Field, a.SQL
	return nil
}

// Name identifies the test in results, e.g. "unique(source, source_key)".
func (t Test) Name() string {
	switch t.Kind {
	case "unique":
		return "unique(" + strings.Join(t.columns(), ", ") + ")"
	case "relationships":
		return fmt.Sprintf("relationships(%s -> %s.%s)", t.Column, t.To, t.Field)
	case "expression":
		return "expression(" + strings.Join(strings.Fields(t.SQL), " ") + ")"
	}
	return t.Kind + "(" + t.Column + ")"
}

func (t Test) columns() []string {
	if len(t.Columns) > 0 {
		return t.Columns
	}
	return []string{t.Column}
}

// failingRows is a query for the rows of model that break the test.
func (t Test) failingRows(model string) (string, error) {
	need := func(ok bool, what string) error {
		if !ok {
			return fmt.Errorf("%s: %s is required", t.Name(), what)
		}
		return nil
	}
	switch t.Kind {
	case "not_null":
		if err := need(t.Column != "", "column"); err != nil {
			return "", err
		}
		return fmt.Sprintf("select * from %s where %s is null", model, ident(t.Column)), nil
	case "unique":
		cols := t.columns()
		if err := need(cols[0] != "", "column or columns"); err != nil {
			return "", err
		}
		list := make([]string, len(cols))
		for i, c := range cols {
			list[i] = ident(c)
		}
		l := strings.Join(list, ", ")
		return fmt.Sprintf("select %s, count(*) as n from %s group by %s having count(*) > 1", l, model, l), nil
	case "accepted_values":
		if err := need(t.Column != "" && len(t.Values) > 0, "column and values"); err != nil {
			return "", err
		}
		lits := make([]string, len(t.Values))
		for i, v := range t.Values {
			l, err := sqlLiteral(v)
			if err != nil {
				return "", fmt.Errorf("%s: %w", t.Name(), err)
			}
			lits[i] = l
		}
		c := ident(t.Column)
		return fmt.Sprintf("select * from %s where %s is not null and %s not in (%s)", model, c, c, strings.Join(lits, ", ")), nil
	case "relationships":
		if err := need(t.Column != "" && t.To != "" && t.Field != "", "column, to and field"); err != nil {
			return "", err
		}
		return fmt.Sprintf("select * from %s as child where child.%s is not null and not exists (select 1 from %s as parent where parent.%s = child.%s)",
			model, ident(t.Column), ident(t.To), ident(t.Field), ident(t.Column)), nil
	case "expression":
		if err := need(strings.TrimSpace(t.SQL) != "", "sql"); err != nil {
			return "", err
		}
		return fmt.Sprintf("select * from %s where (%s) is not true", model, t.SQL), nil
	}
	return "", fmt.Errorf("unknown test %q", t.Kind)
}

// ident quotes a SQL identifier.
func ident(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// modelTests lists a model's tests, column tests first, each with its column.
func modelTests(m Model) []Test {
	var out []Test
	for _, c := range m.Spec.Columns {
		for _, t := range c.Tests {
			if t.Column == "" && len(t.Columns) == 0 {
				t.Column = c.Name
			}
			out = append(out, t)
		}
	}
	return append(out, m.Spec.Tests...)
}

// runTests runs a model's data tests. A failing test is a result, not an
// error; a test that cannot run (bad SQL, unknown column) is an error.
func runTests(tx *warehouse.Tx, m Model) ([]TestResult, error) {
	var out []TestResult
	for _, t := range modelTests(m) {
		q, err := t.failingRows(m.Name)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", strings.TrimSuffix(m.Path, ".sql")+".yml", err)
		}
		res := TestResult{Model: m.Name, Name: t.Name()}
		if err := tx.QueryRow("select count(*) from (" + q + ")").Scan(&res.Failures); err != nil {
			return nil, fmt.Errorf("test %s on %s: %w", res.Name, m.Name, err)
		}
		if res.Failures > 0 {
			sample, err := sampleRows(tx, fmt.Sprintf("select * from (%s) order by all limit %d", q, maxSample))
			if err != nil {
				return nil, fmt.Errorf("test %s on %s: %w", res.Name, m.Name, err)
			}
			res.Sample = sample
		}
		out = append(out, res)
	}
	return out, nil
}

// sampleRows renders each row of query as "column=value, ...".
func sampleRows(tx *warehouse.Tx, query string) ([]string, error) {
	rows, err := tx.Query(query)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	var out []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		parts := make([]string, len(cols))
		for i, c := range cols {
			parts[i] = c + "=" + formatValue(vals[i])
		}
		out = append(out, strings.Join(parts, ", "))
	}
	return out, rows.Err()
}

// formatValue renders one scanned value for a sample row.
func formatValue(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case time.Time:
		if v.Hour() == 0 && v.Minute() == 0 && v.Second() == 0 && v.Nanosecond() == 0 {
			return v.Format("2006-01-02")
		}
		return v.Format("2006-01-02 15:04:05")
	case []byte:
		return string(v)
	case []any:
		parts := make([]string, len(v))
		for i, e := range v {
			parts[i] = formatValue(e)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = k + ": " + formatValue(v[k])
		}
		return "{" + strings.Join(parts, ", ") + "}"
	}
	return fmt.Sprint(v)
}
