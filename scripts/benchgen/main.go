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
//	benchgen measure -- bin/lanes --db x.duckdb ingest jira.csv
//
// The generated files are deterministic: the same -rows and -seed give the
// same bytes, and events describes the tickets gen writes for them.
package main

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
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
	_ = fs.Parse(args)
	if *dbPath == "" || fs.NArg() != 1 {
		return fmt.Errorf("duckdb-load: want -db FILE and one CSV file")
	}
	db, err := sql.Open("duckdb", *dbPath)
	if err != nil {
		return err
	}
	q := fmt.Sprintf(`create table t as select * from read_csv(%s, all_varchar = true)`, quote(fs.Arg(0)))
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
