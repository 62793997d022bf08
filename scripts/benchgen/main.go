// Command benchgen supports scripts/bench-ingest.sh and
// scripts/bench-build.sh: it writes Jira-style CSV exports of any size and
// the event log of their history, loads a file with DuckDB's own read_csv
// for the baseline, and runs a command while measuring its wall time and
// peak memory.
//
//	benchgen gen -rows 1000000 -out jira.csv
//	benchgen events -rows 1000000 -dir events/
//	benchgen history -incidents 400000 -out history.csv
//	benchgen duckdb-load -db fresh.duckdb jira.csv
//	benchgen duckdb-load -db fresh.duckdb -shape typed-raw-json jira.csv
//	benchgen measure -- bin/lanes --db x.duckdb ingest jira.csv
//
// The generated files are deterministic: the same -rows and -seed give the
// same bytes, and events describes the tickets gen writes for them.
package main

import (
	"context"
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"time"

	_ "github.com/duckdb/duckdb-go/v2" // the "duckdb" database/sql driver

	"github.com/lanes-dev/lanes/ingest/benchgen"
)

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	var err error
	switch os.Args[1] {
	case "gen":
		err = gen(os.Args[2:])
	case "events":
		err = events(os.Args[2:])
	case "history":
		err = history(os.Args[2:])
	case "duckdb-load":
		err = duckdbLoad(os.Args[2:])
	case "measure":
		err = measure(os.Args[2:])
	default:
		usage()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchgen:", err)
		os.Exit(1)
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, `usage:
  benchgen gen -rows N [-seed S] -out FILE     write a Jira CSV export with N tickets
  benchgen events -rows N [-seed S] [-per-file M] -dir DIR
                                               write the history of gen's tickets as event-log CSV
                                               files DIR/events-0000.csv, ... of at most M tickets each
  benchgen history -incidents N [-seed S] [-by-number | -sys-audit] -out FILE
                                               write a ServiceNow incident history, 5 updates per incident,
                                               in update-time order (or sorted by number), or a sys_audit
                                               export of 5 rows per incident in time order
  benchgen duckdb-load -db FILE CSV            load CSV with DuckDB's read_csv (all varchar) into table t
  benchgen measure -- CMD ARGS...              run CMD; print "wall_seconds peak_rss_kib cpu_seconds" on stdout`)
	os.Exit(2)
}

func gen(args []string) error {
	fs := flag.NewFlagSet("gen", flag.ExitOnError)
	rows := fs.Int("rows", 1000, "tickets to write")
	seed := fs.Uint64("seed", 1, "random seed")
	out := fs.String("out", "", "output file")
	_ = fs.Parse(args)
	if *out == "" {
		return fmt.Errorf("gen: -out is required")
	}
	f, err := os.Create(*out)
	if err != nil {
		return err
	}
	if err := benchgen.JiraCSV(f, *rows, *seed); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func events(args []string) error {
	fs := flag.NewFlagSet("events", flag.ExitOnError)
	rows := fs.Int("rows", 1000, "tickets, as given to gen")
	seed := fs.Uint64("seed", 1, "random seed, as given to gen")
	perFile := fs.Int("per-file", 500000, "tickets per file")
	dir := fs.String("dir", "", "output folder")
	_ = fs.Parse(args)
	if *dir == "" {
		return fmt.Errorf("events: -dir is required")
	}
	if err := os.MkdirAll(*dir, 0o755); err != nil {
		return err
	}
	n, err := benchgen.EventLogCSV(*rows, *seed, *perFile, func(part int) (io.WriteCloser, error) {
		return os.Create(filepath.Join(*dir, fmt.Sprintf("events-%04d.csv", part)))
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "events: %d events for %d tickets in %s\n", n, *rows, *dir)
	return nil
}

func history(args []string) error {
	fs := flag.NewFlagSet("history", flag.ExitOnError)
	incidents := fs.Int("incidents", 1000, "incidents to write")
	seed := fs.Uint64("seed", 1, "random seed")
	byNumber := fs.Bool("by-number", false, "sort the rows by number, then sys_mod_count")
	sysAudit := fs.Bool("sys-audit", false, "write a sys_audit export (one row per changed field) instead")
	out := fs.String("out", "", "output file")
	_ = fs.Parse(args)
	if *out == "" {
		return fmt.Errorf("history: -out is required")
	}
	f, err := os.Create(*out)
	if err != nil {
		return err
	}
	write := func() error { return benchgen.ServiceNowHistoryCSV(f, *incidents, *seed, *byNumber) }
	if *sysAudit {
		write = func() error { return benchgen.SysAuditCSV(f, *incidents) }
	}
	if err := write(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func duckdbLoad(args []string) error {
	fs := flag.NewFlagSet("duckdb-load", flag.ExitOnError)
	dbPath := fs.String("db", "", "database file to create")
	shape := fs.String("shape", "copy", "what the table holds: copy (the file's columns, the baseline), typed, typed-raw or typed-raw-json (see floorSelect)")
	_ = fs.Parse(args)
	if *dbPath == "" || fs.NArg() != 1 {
		return fmt.Errorf("duckdb-load: want -db FILE and one CSV file")
	}
	sel, err := floorSelect(*shape, fs.Arg(0))
	if err != nil {
		return err
	}
	db, err := sql.Open("duckdb", *dbPath)
	if err != nil {
		return err
	}
	q := fmt.Sprintf(`create table t as select %s from read_csv(%s, all_varchar = true) r`, sel, quote(fs.Arg(0)))
	if _, err := db.ExecContext(context.Background(), q); err != nil {
		return err
	}
	var n int64
	if err := db.QueryRow(`select count(*) from t`).Scan(&n); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "duckdb-load: %d rows\n", n)
	return db.Close()
}

// floorSelect is the select list of duckdb-load's table for a shape. Past
// the baseline (copy), the shapes bound from below what any load that
// keeps the canonical table's contract can cost, with nothing but DuckDB
// in one statement: no line numbers, no checks, no comments, no hash.
//   - typed: eleven columns like tickets' (key, title, status, priority,
//     people, three times read with strptime, description, labels).
//   - typed-raw: those plus the record as JSON text in a VARCHAR, built as
//     lanes builds it (keys in byte order, empty values left out, repeated
//     columns as arrays).
//   - typed-raw-json: the same record cast to DuckDB's JSON type, as
//     tickets.raw is declared.
//
// The columns are those gen writes (benchgen.JiraHeader).
func floorSelect(shape, file string) (string, error) {
	if shape == "copy" {
		return "*", nil
	}
	const layout = "'%d/%b/%y %-I:%M %p'"
	typed := strings.Join([]string{
		`"Issue key" as k`, `"Summary" as title`, `"Status" as status`, `"Priority" as priority`,
		`"Assignee" as assignee`, `"Reporter" as requester`,
		`try_strptime("Created", ` + layout + `) as created`,
		`try_strptime("Updated", ` + layout + `) as updated`,
		`try_strptime("Resolved", ` + layout + `) as resolved`,
		`"Description" as description`, `["Labels", "Labels_1", "Labels_2"] as labels`,
	}, ", ")
	if shape == "typed" {
		return typed, nil
	}
	raw, err := rawRecordSQL(file)
	if err != nil {
		return "", err
	}
	switch shape {
	case "typed-raw":
		return typed + ", " + raw + " as raw", nil
	case "typed-raw-json":
		return typed + ", (" + raw + ")::JSON as raw", nil
	}
	return "", fmt.Errorf("duckdb-load: unknown -shape %q (copy, typed, typed-raw or typed-raw-json)", shape)
}

// rawRecordSQL builds the record's JSON text from the file's header line:
// read_csv names a repeated column Labels, Labels_1, ...; their non-empty
// values become one array.
func rawRecordSQL(file string) (string, error) {
	f, err := os.Open(file)
	if err != nil {
		return "", err
	}
	defer f.Close()
	header, err := csv.NewReader(f).Read()
	if err != nil {
		return "", fmt.Errorf("duckdb-load: %s: header: %w", file, err)
	}
	cols := map[string][]string{}
	var names []string
	for _, h := range header {
		name := h
		if n := len(cols[h]); n > 0 {
			name = fmt.Sprintf("%s_%d", h, n)
		} else {
			names = append(names, h)
		}
		cols[h] = append(cols[h], `"`+strings.ReplaceAll(name, `"`, `""`)+`"`)
	}
	sort.Strings(names)
	var parts []string
	for _, h := range names {
		key, _ := json.Marshal(h)
		k := quote(string(key) + ":")
		cs := cols[h]
		if len(cs) == 1 {
			parts = append(parts, fmt.Sprintf("case when %s <> '' then %s || to_json(%s)::VARCHAR end", cs[0], k, cs[0]))
			continue
		}
		var nn []string
		for _, c := range cs {
			nn = append(nn, "nullif("+c+", '')")
		}
		parts = append(parts, fmt.Sprintf("case when coalesce(%s) is not null then %s || to_json(list_filter([%s], x -> x <> ''))::VARCHAR end",
			strings.Join(nn, ", "), k, strings.Join(cs, ", ")))
	}
	return "'{' || concat_ws(',', " + strings.Join(parts, ", ") + ") || '}'", nil
}

func quote(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

func measure(args []string) error {
	if len(args) > 0 && args[0] == "--" {
		args = args[1:]
	}
	if len(args) == 0 {
		return fmt.Errorf("measure: no command")
	}
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	if err != nil {
		return fmt.Errorf("measure: %s: %w", strings.Join(args, " "), err)
	}
	ru, _ := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	var rss int64
	if ru != nil {
		rss = ru.Maxrss // KiB on Linux
	}
	cpu := cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	fmt.Printf("%.3f %d %.3f\n", wall.Seconds(), rss, cpu.Seconds())
	return nil
}
