// Package models runs lanes' SQL models: .sql files embedded in this
// package, one model per file, dependencies named with ref(), built in
// dependency order into staged tables, checked by the data tests declared
// in each model's sidecar .yml, and published by one transaction.
//
// A model is sql/<layer>/<name>.sql (layer: staging, intermediate, marts): a
// chain of CTEs ending in one select, which becomes the table <name>. It
// reads canonical and dim_* tables by name and other models through a
// template call, written {{ fn('arg', ...) }} with single- or double-quoted
// arguments:
//
//   - ref('name') is another model's table and makes this model depend on it.
//   - var('name') is a metric parameter (config.Parameters, also written to
//     dim_parameters) as a SQL literal: a number as a numeric literal (30,
//     0.8), anything else as a quoted string ('Europe/Berlin').
//   - first_match('expr', "query") is a CASE expression: it tests expr
//     against the regular expression in the first column of each row of
//     query, in the query's order, and gives the second column of the first
//     row that matches (null when none does). The query runs when the model is
//     built, after the dim_* tables are written. DuckDB compiles a regular
//     expression taken from a column once per row; written out as literals,
//     each rule compiles once per build.
//   - first_match_grouped('expr', "group query", "rule query") gives what
//     first_match over all the rules would, faster when the rules come in
//     groups: the group query returns one pattern per group (the alternation
//     of its rules) and the group's key, in order; the rule query, run once
//     per group with {group} replaced by the key, returns the group's rules.
//     A row tries one pattern per group, then only its group's rules.
//
// Models may also call the SQL macros of macros.sql, which every build
// creates first: person_key(name, german) reduces a person's name to what
// stays the same however a source writes it (`ann.lee`, `Ann Lee`, `Lee,
// Ann`).
//
// The sidecar sql/<layer>/<name>.yml holds the description, the columns and
// the data tests (see Test). Descriptions are copied into the warehouse as
// table and column comments.
package models

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"time"

	"github.com/lanes-dev/lanes/models/config"
	"github.com/lanes-dev/lanes/models/warehouse"
)

// BuildOptions selects what to build.
type BuildOptions struct {
	// Select names models to build; "+name" also builds what name needs.
	// Empty builds everything.
	Select []string
	// Progress, when set, hears about each model as soon as it is built
	// (before the build is published: main is unchanged until it ends).
	Progress func(ModelResult)
}

// ModelResult is one built model.
type ModelResult struct {
	Name     string
	Rows     int64
	Duration time.Duration
	// CPU is the process's user plus system time while the model was built,
	// over all threads: on a busy machine a steadier measure than Duration.
	CPU time.Duration
}

// TestResult is one data test.
type TestResult struct {
	Model    string
	Name     string // e.g. "not_null(source_key)"
	Failures int64
	Sample   []string // up to 10 failing rows, rendered as text
}

// BuildResult is what a build did.
type BuildResult struct {
	Models []ModelResult
	Tests  []TestResult
	// TestTime is the time the data tests took, Publish the time the
	// transaction that published the build took.
	TestTime, Publish time.Duration
}

// Failed reports whether any data test failed.
func (r BuildResult) Failed() bool {
	for _, t := range r.Tests {
		if t.Failures > 0 {
			return true
		}
	}
	return false
}

// Build writes the configuration dimensions and builds the models in
// dependency order into staged tables, runs the data tests on them, and
// then, in one transaction, replaces the models, dimensions and test
// results with them. An error (a model that does not build, a test that
// cannot run, a canceled ctx) leaves main as it was; failing data tests do
// not stop the build (see BuildResult.Failed).
func Build(ctx context.Context, wh *warehouse.Warehouse, cfg *config.Config, opts BuildOptions) (BuildResult, error) {
	return build(ctx, wh, cfg, embedded, opts)
}

// build is Build over the models in fsys.
func build(ctx context.Context, wh *warehouse.Warehouse, cfg *config.Config, fsys fs.FS, opts BuildOptions) (BuildResult, error) {
	if cfg == nil {
		cfg = config.Default()
	}
	proj, err := loadProject(fsys)
	if err != nil {
		return BuildResult{}, err
	}
	selected, err := proj.selectModels(opts.Select)
	if err != nil {
		return BuildResult{}, err
	}
	vars := map[string]string{}
	for _, p := range cfg.Parameters() {
		vars[p[0]] = p[1]
	}
	key, _ := cfg.PrivacyKey()
	wh.SetPseudonymKey([]byte(key))
	// Models marked after_tests (data_quality) report on the data tests, so
	// they are built, and tested, once the other models' tests have run.
	var phases [2][]Model
	for _, m := range selected {
		if m.Spec.AfterTests {
			phases[1] = append(phases[1], m)
		} else {
			phases[0] = append(phases[0], m)
		}
	}
	if cfg.Warehouse.MemoryLimit == "" {
		// Without a limit DuckDB may take 80% of RAM for the sorts, joins
		// and windows over ticket_events; with one it spills to the
		// database's temp directory (<db>.tmp, next to the file).
		// warehouse.memory_limit in lanes.yaml overrides.
		if err := setSetting(ctx, wh, "SET memory_limit = '"+BuildMemoryLimit+"'"); err != nil {
			return BuildResult{}, fmt.Errorf("models: %w", err)
		}
		defer func() { _ = setSetting(context.Background(), wh, "RESET memory_limit") }()
	}
	var res BuildResult
	// Each model is written into main as lanes_stage__<name>, every
	// statement committing on its own (so that DuckDB reads what earlier
	// models wrote on every thread; see warehouse.Session), and is named
	// by a view in the schema lanes_build, first on the search path, which
	// also holds this build's dimensions and test results: the models'
	// SQL and tests name tables without a schema and so read this build's
	// models and dimensions, and main's canonical tables and any model the
	// build does not rebuild. One transaction then publishes it all. Until
	// then the models, dimensions and test results in main are those of
	// the previous build, and a build that fails or is killed leaves only
	// staged tables, which it drops itself or the next open does.
	err = wh.Session(ctx, func(s *warehouse.Tx) (err error) {
		defer func() {
			if _, rerr := s.Exec("RESET search_path"); rerr != nil {
				err = errors.Join(err, rerr)
			}
			if err != nil {
				_ = s.DropUnfinishedBuild()
			}
		}()
		if err := prepareBuildSchema(s); err != nil {
			return fmt.Errorf("models: %w", err)
		}
		// The shared macros are temporary, so they live on this connection
		// only; a later build replaces them.
		if _, err := s.Exec(macros); err != nil {
			return fmt.Errorf("models: create the macros of macros.sql: %w", err)
		}
		if err := writeDims(s, cfg); err != nil {
			return fmt.Errorf("models: %w", err)
		}
		r := renderer{vars: vars, rows: func(q string) ([][2]any, error) { return queryPairs(s, q) }}
		for _, phase := range phases {
			for _, m := range phase {
				mr, err := buildModel(s, r, m)
				if err != nil {
					return fmt.Errorf("models: build %s (%s): %w", m.Name, m.Path, err)
				}
				res.Models = append(res.Models, mr)
				if opts.Progress != nil {
					opts.Progress(mr)
				}
			}
			first, testStart := len(res.Tests), time.Now()
			for _, m := range phase {
				tr, err := runTests(s, m)
				if err != nil {
					return fmt.Errorf("models: %w", err)
				}
				res.Tests = append(res.Tests, tr...)
			}
			if err := writeTestResults(s, phase, res.Tests[first:]); err != nil {
				return fmt.Errorf("models: %w", err)
			}
			res.TestTime += time.Since(testStart)
		}
		// Publishing uses another connection, with the default search path.
		publishStart := time.Now()
		if err := wh.Write(ctx, func(tx *warehouse.Tx) error { return publish(tx, selected) }); err != nil {
			return fmt.Errorf("models: publish the build: %w", err)
		}
		res.Publish = time.Since(publishStart)
		return nil
	})
	if err != nil {
		return BuildResult{}, err
	}
	return res, nil
}

// BuildMemoryLimit caps DuckDB's memory during a build when the
// configuration sets no warehouse.memory_limit, so that sorts, joins and
// windows spill to disk instead of growing with the data (see
// docs/performance.md, "Build", for what it does not yet cover).
var BuildMemoryLimit = "2000MB"

func setSetting(ctx context.Context, wh *warehouse.Warehouse, stmt string) error {
	return wh.Write(ctx, func(tx *warehouse.Tx) error {
		_, err := tx.Exec(stmt)
		return err
	})
}

const (
	buildSchema = warehouse.BuildSchema
	stagePrefix = warehouse.StagePrefix
)

// builtTables are the tables other than models a build rewrites: the
// configuration dimensions and the data test results.
func builtTables() []string {
	return append(append([]string{}, dimTables...), "dim_business_days", "build_test_results")
}

// prepareBuildSchema drops what a failed build left, creates lanes_build
// with empty copies of the dimensions and a full copy of
// build_test_results, and puts it first on the search path.
func prepareBuildSchema(s *warehouse.Tx) error {
	if err := s.DropUnfinishedBuild(); err != nil {
		return err
	}
	stmts := []string{"create schema " + buildSchema}
	for _, t := range builtTables() {
		limit := " limit 0"
		if t == "build_test_results" {
			limit = ""
		}
		stmts = append(stmts, fmt.Sprintf("create table %s.%s as select * from main.%s%s", buildSchema, t, t, limit))
	}
	stmts = append(stmts, "SET search_path = '"+buildSchema+",main'")
	for _, q := range stmts {
		if _, err := s.Exec(q); err != nil {
			return fmt.Errorf("prepare the build schema: %w", err)
		}
	}
	return nil
}

// publish, in the caller's transaction, copies the dimensions and test
// results from lanes_build into main, renames each staged model over the
// model's table (no data is copied), documents the models and drops
// lanes_build.
func publish(tx *warehouse.Tx, built []Model) error {
	for _, t := range builtTables() {
		if _, err := tx.Exec(fmt.Sprintf("delete from main.%s", t)); err != nil {
			return err
		}
		if _, err := tx.Exec(fmt.Sprintf("insert into main.%s select * from %s.%s", t, buildSchema, t)); err != nil {
			return err
		}
	}
	if _, err := tx.Exec("drop schema " + buildSchema + " cascade"); err != nil {
		return err
	}
	for _, m := range built {
		if _, err := tx.Exec("drop table if exists main." + m.Name); err != nil {
			return err
		}
		if _, err := tx.Exec("alter table main." + stagePrefix + m.Name + " rename to " + m.Name); err != nil {
			return err
		}
		if err := comment(tx, m); err != nil {
			return err
		}
	}
	return nil
}

// buildModel renders m, writes it into main as lanes_stage__<name> and
// names it <name> in lanes_build.
func buildModel(s *warehouse.Tx, r renderer, m Model) (ModelResult, error) {
	start, startCPU := time.Now(), processCPU()
	query, err := r.render(m)
	if err != nil {
		return ModelResult{}, err
	}
	table := "main." + stagePrefix + m.Name
	if _, err := s.Exec("create table " + table + " as\n" + query); err != nil {
		return ModelResult{}, err
	}
	if _, err := s.Exec("create view " + buildSchema + "." + m.Name + " as select * from " + table); err != nil {
		return ModelResult{}, err
	}
	res := ModelResult{Name: m.Name}
	if err := s.QueryRow("select count(*) from " + table).Scan(&res.Rows); err != nil {
		return ModelResult{}, err
	}
	res.Duration, res.CPU = time.Since(start), processCPU()-startCPU
	return res, nil
}

// comment copies the model's and its columns' descriptions into the
// warehouse catalogue, where `lanes sql` users find them
// (duckdb_tables().comment, duckdb_columns().comment).
func comment(tx *warehouse.Tx, m Model) error {
	if _, err := tx.Exec(fmt.Sprintf("comment on table %s is %s", m.Name, quote(strings.TrimSpace(m.Spec.Description)))); err != nil {
		return fmt.Errorf("comment: %w", err)
	}
	rows, err := tx.Query("select column_name from duckdb_columns() where table_name = ? and schema_name = current_schema()", m.Name)
	if err != nil {
		return fmt.Errorf("read columns: %w", err)
	}
	have := map[string]bool{}
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			rows.Close()
			return err
		}
		have[c] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, c := range m.Spec.Columns {
		if !have[c.Name] || strings.TrimSpace(c.Description) == "" {
			continue
		}
		if _, err := tx.Exec(fmt.Sprintf("comment on column %s.%s is %s", m.Name, ident(c.Name), quote(strings.TrimSpace(c.Description)))); err != nil {
			return fmt.Errorf("comment on %s: %w", c.Name, err)
		}
	}
	return nil
}

// writeTestResults replaces the build_test_results rows of the models in
// built with the results of their tests.
func writeTestResults(tx *warehouse.Tx, built []Model, results []TestResult) error {
	for _, m := range built {
		if _, err := tx.Exec("delete from build_test_results where model = ?", m.Name); err != nil {
			return fmt.Errorf("clear build_test_results: %w", err)
		}
	}
	if len(results) == 0 {
		return nil
	}
	err := tx.Append("build_test_results", func(row func(...driver.Value) error) error {
		for _, t := range results {
			sample := make([]any, len(t.Sample))
			for i, s := range t.Sample {
				sample[i] = s
			}
			if err := row(t.Model, t.Name, t.Failures, sample); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("write build_test_results: %w", err)
	}
	return nil
}

// queryPairs runs a query with two result columns and returns its rows.
func queryPairs(tx *warehouse.Tx, query string) ([][2]any, error) {
	rows, err := tx.Query(query)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	if len(cols) != 2 {
		return nil, fmt.Errorf("the query must return two columns (pattern, result), got %d", len(cols))
	}
	var out [][2]any
	for rows.Next() {
		var a, b any
		if err := rows.Scan(&a, &b); err != nil {
			return nil, err
		}
		out = append(out, [2]any{a, b})
	}
	return out, rows.Err()
}
