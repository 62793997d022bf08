package models

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// call is one {{ fn(args) }} in a model's template (see the package doc).
type call struct {
	fn         string
	args       []string
	line       int
	start, end int // byte offsets of the whole {{ ... }}
}

var arity = map[string]int{"ref": 1, "var": 1, "first_match": 2, "first_match_grouped": 3}

var (
	tagRE  = regexp.MustCompile(`(?s)\{\{(.*?)\}\}`)
	callRE = regexp.MustCompile(`(?s)^\s*([A-Za-z_]\w*)\s*\((.*)\)\s*$`)
)

// parseTemplate finds every {{ ... }} call in src and checks its function
// and arguments. Errors give the line.
func parseTemplate(src string) ([]call, error) {
	var calls []call
	for _, loc := range tagRE.FindAllStringSubmatchIndex(src, -1) {
		line := 1 + strings.Count(src[:loc[0]], "\n")
		inner := src[loc[2]:loc[3]]
		m := callRE.FindStringSubmatch(inner)
		if m == nil {
			return nil, fmt.Errorf("line %d: {{%s}} is not a call like {{ ref('name') }}", line, inner)
		}
		fn := m[1]
		want, ok := arity[fn]
		if !ok {
			return nil, fmt.Errorf("line %d: unknown template function %s (known: ref, var, first_match, first_match_grouped)", line, fn)
		}
		args, err := parseArgs(m[2])
		if err != nil {
			return nil, fmt.Errorf("line %d: %s(): %w", line, fn, err)
		}
		if len(args) != want {
			return nil, fmt.Errorf("line %d: %s() takes %d quoted argument(s), got %d", line, fn, want, len(args))
		}
		if fn == "ref" && !modelNameRE.MatchString(args[0]) {
			return nil, fmt.Errorf("line %d: ref('%s'): not a model name", line, args[0])
		}
		calls = append(calls, call{fn: fn, args: args, line: line, start: loc[0], end: loc[1]})
	}
	if n := strings.Count(src, "{{"); n != len(calls) {
		return nil, fmt.Errorf("a {{ is not closed by }}")
	}
	return calls, nil
}

// parseArgs reads a comma-separated list of quoted strings. A string is
// taken literally up to its closing quote; there are no escapes.
func parseArgs(s string) ([]string, error) {
	var args []string
	s = strings.TrimSpace(s)
	for s != "" {
		q := s[0]
		if q != '\'' && q != '"' {
			return nil, fmt.Errorf("arguments must be quoted strings, got %q", s)
		}
		end := strings.IndexByte(s[1:], q)
		if end < 0 {
			return nil, fmt.Errorf("unterminated string %s", s)
		}
		args = append(args, s[1:1+end])
		s = strings.TrimSpace(s[2+end:])
		if s == "" {
			break
		}
		if s[0] != ',' {
			return nil, fmt.Errorf("expected a comma before %q", s)
		}
		s = strings.TrimSpace(s[1:])
		if s == "" {
			return nil, fmt.Errorf("trailing comma")
		}
	}
	return args, nil
}

// renderer turns a model's template into the SQL DuckDB runs.
type renderer struct {
	vars map[string]string
	// rows runs a first_match query and returns its rows of two values.
	rows func(query string) ([][2]any, error)
}

func (r renderer) render(m Model) (string, error) {
	calls, err := parseTemplate(m.SQL)
	if err != nil {
		return "", fmt.Errorf("%s: %w", m.Path, err)
	}
	var b strings.Builder
	last := 0
	for _, c := range calls {
		b.WriteString(m.SQL[last:c.start])
		last = c.end
		switch c.fn {
		case "ref":
			b.WriteString(c.args[0])
		case "var":
			v, ok := r.vars[c.args[0]]
			if !ok {
				return "", fmt.Errorf("%s line %d: var('%s'): no such parameter", m.Path, c.line, c.args[0])
			}
			b.WriteString(varLiteral(v))
		case "first_match":
			expr, err := r.firstMatch(c.args[0], c.args[1])
			if err != nil {
				return "", fmt.Errorf("%s line %d: first_match: %w", m.Path, c.line, err)
			}
			b.WriteString(expr)
		case "first_match_grouped":
			expr, err := r.firstMatchGrouped(c.args[0], c.args[1], c.args[2])
			if err != nil {
				return "", fmt.Errorf("%s line %d: first_match_grouped: %w", m.Path, c.line, err)
			}
			b.WriteString(expr)
		}
	}
	b.WriteString(m.SQL[last:])
	return b.String(), nil
}

func (r renderer) firstMatch(expr, query string) (string, error) {
	rows, err := r.rows(query)
	if err != nil {
		return "", err
	}
	if len(rows) == 0 {
		return "null", nil
	}
	var b strings.Builder
	b.WriteString("case")
	for _, row := range rows {
		pattern, ok := row[0].(string)
		if !ok {
			return "", fmt.Errorf("the query's first column must be a pattern string, got %T", row[0])
		}
		result, err := sqlLiteral(row[1])
		if err != nil {
			return "", err
		}
		fmt.Fprintf(&b, "\n        when regexp_matches(%s, %s) then %s", expr, quote(pattern), result)
	}
	b.WriteString("\n    end")
	return b.String(), nil
}

// firstMatchGrouped is first_match over rules that come in groups: groupQuery
// gives, in order, one pattern per group that matches when any of the
// group's rules does (their alternation) and the group's key; ruleQuery,
// run once per group with {group} replaced by the key as a SQL literal,
// gives the group's rules in order, as first_match's query does. The CASE
// tries the groups in order and, in the first that matches, its rules:
// the same result as first_match over all rules in order, but a row tries
// one pattern per group, plus the rules of its own group only.
func (r renderer) firstMatchGrouped(expr, groupQuery, ruleQuery string) (string, error) {
	if !strings.Contains(ruleQuery, "{group}") {
		return "", fmt.Errorf("the rule query must contain {group}")
	}
	groups, err := r.rows(groupQuery)
	if err != nil {
		return "", err
	}
	if len(groups) == 0 {
		return "null", nil
	}
	var b strings.Builder
	b.WriteString("case")
	for _, g := range groups {
		pattern, ok := g[0].(string)
		if !ok {
			return "", fmt.Errorf("the group query's first column must be a pattern string, got %T", g[0])
		}
		key, err := sqlLiteral(g[1])
		if err != nil {
			return "", err
		}
		inner, err := r.firstMatch(expr, strings.ReplaceAll(ruleQuery, "{group}", key))
		if err != nil {
			return "", err
		}
		fmt.Fprintf(&b, "\n        when regexp_matches(%s, %s) then %s", expr, quote(pattern), inner)
	}
	b.WriteString("\n    end")
	return b.String(), nil
}

var numberRE = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$`)

// varLiteral renders a parameter value: numbers as they are, anything else
// as a quoted string.
func varLiteral(v string) string {
	if numberRE.MatchString(v) {
		return v
	}
	return quote(v)
}

// quote renders s as a SQL string literal.
func quote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

// sqlLiteral renders a Go value read from DuckDB, or decoded from YAML, as
// a SQL literal.
func sqlLiteral(v any) (string, error) {
	switch v := v.(type) {
	case nil:
		return "null", nil
	case string:
		return quote(v), nil
	case bool:
		return strconv.FormatBool(v), nil
	case int:
		return strconv.Itoa(v), nil
	case int8, int16, int32, int64, uint8, uint16, uint32, uint64:
		return fmt.Sprint(v), nil
	case float32:
		return sqlLiteral(float64(v))
	case float64:
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return quote(strconv.FormatFloat(v, 'g', -1, 64)) + "::double", nil
		}
		return strconv.FormatFloat(v, 'g', -1, 64), nil
	case time.Time:
		return "timestamp " + quote(v.UTC().Format("2006-01-02 15:04:05.999999")), nil
	}
	return "", fmt.Errorf("cannot write a %T as a SQL literal", v)
}
