// Package warehouse is the only package that talks to DuckDB. It opens the
// warehouse file, applies the numbered schema migrations, and runs every
// write inside one transaction so that a failure or a killed process leaves
// the last committed state.
package warehouse

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"sync/atomic"

	"github.com/duckdb/duckdb-go/v2"
)

// Options controls how the warehouse file is opened.
type Options struct {
	// ReadOnly opens the file without taking the write lock; used by
	// `lanes sql` and `lanes dashboard`.
	ReadOnly bool
	// MemoryLimit is passed to DuckDB's memory_limit when set (e.g. "4GB").
	MemoryLimit string
	// Threads is passed to DuckDB's threads setting when above zero.
	Threads int
	// ConnectionSQL, when set, runs on every connection the warehouse
	// opens, after the time zone is set. DuckDB keeps temporary objects
	// per connection, so this is how every query of a read-only open can
	// call the models' temporary macros (models.Macros) without the
	// file being written.
	ConnectionSQL string
}

// Warehouse is an open DuckDB warehouse.
type Warehouse struct {
	db       *sql.DB
	path     string
	readOnly bool
	// pseudonymKey is the key of lanes_pseudonym (pseudonym.go).
	pseudonymKey atomic.Pointer[[]byte]
	// notices are what the migrations Open applied to a warehouse that
	// held tickets ask its user to know (Migration.Notice).
	notices []string
}

// Notices returns, for each migration this Open applied to a warehouse
// that already held tickets, what the user should know about the data
// loaded before it (Migration.Notice), prefixed by the migration's name.
func (w *Warehouse) Notices() []string { return w.notices }

// LockedError reports that another process holds the warehouse's write lock.
type LockedError struct {
	Path   string
	Holder string // e.g. "/usr/local/bin/lanes (PID 4242)", empty when DuckDB did not say
	Err    error
}

func (e *LockedError) Error() string {
	if e.Holder != "" {
		return fmt.Sprintf("warehouse %s is locked by another process: %s", e.Path, e.Holder)
	}
	return fmt.Sprintf("warehouse %s is locked by another process", e.Path)
}

func (e *LockedError) Unwrap() error { return e.Err }

var lockHolderRE = regexp.MustCompile(`Conflicting lock is held in (.*?) \(PID (\d+)\)`)

// Open opens (creating if needed) the warehouse at path and brings its schema
// up to date. An empty path or ":memory:" opens a private in-memory database,
// which is what tests use.
func Open(ctx context.Context, path string, opts Options) (*Warehouse, error) {
	dsn := path
	if path == ":memory:" {
		dsn = ""
	}
	params := []string{
		"autoinstall_known_extensions=false",
		"autoload_known_extensions=false",
	}
	if opts.ReadOnly && dsn != "" {
		params = append(params, "access_mode=READ_ONLY")
	}
	if opts.MemoryLimit != "" {
		params = append(params, "memory_limit="+opts.MemoryLimit)
	}
	if opts.Threads > 0 {
		params = append(params, fmt.Sprintf("threads=%d", opts.Threads))
	}
	dsn += "?" + strings.Join(params, "&")
	connector, err := duckdb.NewConnector(dsn, func(execer driver.ExecerContext) error {
		if _, err := execer.ExecContext(context.Background(), "SET TimeZone = 'UTC'", nil); err != nil {
			return err
		}
		if opts.ConnectionSQL != "" {
			if _, err := execer.ExecContext(context.Background(), opts.ConnectionSQL, nil); err != nil {
				return fmt.Errorf("connection SQL: %w", err)
			}
		}
		return nil
	})
	if err != nil {
		return nil, classifyOpenError(path, err)
	}
	db := sql.OpenDB(connector)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, classifyOpenError(path, err)
	}
	w := &Warehouse{db: db, path: path, readOnly: opts.ReadOnly}
	if err := registerFunctions(ctx, db, &w.pseudonymKey); err != nil {
		return nil, errors.Join(err, db.Close())
	}
	if err := RegisterStem(ctx, db); err != nil {
		return nil, errors.Join(err, db.Close())
	}
	if !opts.ReadOnly {
		if err := w.migrate(ctx); err != nil {
			return nil, errors.Join(err, db.Close())
		}
		if err := w.Session(ctx, func(s *Tx) error { return s.DropUnfinishedBuild() }); err != nil {
			return nil, errors.Join(err, db.Close())
		}
	} else if err := w.checkSchema(ctx); err != nil {
		return nil, errors.Join(err, db.Close())
	}
	return w, nil
}

func classifyOpenError(path string, err error) error {
	msg := err.Error()
	if strings.Contains(msg, "Could not set lock on file") || strings.Contains(msg, "Conflicting lock") {
		holder := ""
		if m := lockHolderRE.FindStringSubmatch(msg); m != nil {
			holder = fmt.Sprintf("%s (PID %s)", m[1], m[2])
		}
		return &LockedError{Path: path, Holder: holder, Err: err}
	}
	return fmt.Errorf("open warehouse %s: %w", path, err)
}

// Path is the file the warehouse was opened from.
func (w *Warehouse) Path() string { return w.path }

// Close releases the database and its file lock.
func (w *Warehouse) Close() error { return w.db.Close() }

// Query runs a read query outside any write transaction.
func (w *Warehouse) Query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return w.db.QueryContext(ctx, query, args...)
}

// QueryRow runs a query expected to return at most one row.
func (w *Warehouse) QueryRow(ctx context.Context, query string, args ...any) *sql.Row {
	return w.db.QueryRowContext(ctx, query, args...)
}

// Tx is one connection's statements on the warehouse: one all-or-nothing
// unit of work when it comes from Write, statements that each commit on
// their own when it comes from Session or OpenScratch.
type Tx struct {
	conn *sql.Conn
	ctx  context.Context
}

// Write runs fn inside one transaction. It commits when fn returns nil and
// rolls back otherwise; a process killed mid-way leaves nothing behind,
// because DuckDB only replays committed transactions from its WAL.
func (w *Warehouse) Write(ctx context.Context, fn func(tx *Tx) error) error {
	return w.Session(ctx, func(tx *Tx) error {
		if _, err := tx.conn.ExecContext(ctx, "BEGIN TRANSACTION"); err != nil {
			return fmt.Errorf("begin transaction: %w", err)
		}
		if ferr := fn(tx); ferr != nil {
			if _, rerr := tx.conn.ExecContext(context.Background(), "ROLLBACK"); rerr != nil {
				return errors.Join(ferr, fmt.Errorf("rollback: %w", rerr))
			}
			return ferr
		}
		if _, err := tx.conn.ExecContext(ctx, "COMMIT"); err != nil {
			_, _ = tx.conn.ExecContext(context.Background(), "ROLLBACK")
			return fmt.Errorf("commit: %w", err)
		}
		return nil
	})
}

// Session runs fn on one connection outside any explicit transaction:
// each statement commits on its own. It is for work whose results are
// published later by a Write, such as a build's staged tables.
// DuckDB scans data written inside the current transaction on one thread
// only, while committed data is scanned on every thread; a long chain of
// statements that each read what the last one wrote runs several times
// faster this way on a machine with several cores.
//
// Settings fn changes on the connection (SET search_path, ...) stay with
// it when it goes back to the pool, so fn must reset them.
func (w *Warehouse) Session(ctx context.Context, fn func(s *Tx) error) (err error) {
	if w.readOnly {
		return errors.New("warehouse is open read-only")
	}
	conn, err := w.db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("warehouse connection: %w", err)
	}
	defer func() { err = errors.Join(err, conn.Close()) }()
	return fn(&Tx{conn: conn, ctx: ctx})
}

// A build (models.Build) writes each model into main as StagePrefix+name
// and names it, for the models and tests that read it, through a view in
// BuildSchema, which also holds the build's dimensions; publishing renames
// the staged tables over the models and drops BuildSchema. A process
// killed during a build leaves these behind; DropUnfinishedBuild removes
// them, and opening the warehouse for writing calls it.
const (
	BuildSchema = "lanes_build"
	StagePrefix = "lanes_stage__"
)

// DropUnfinishedBuild drops what an unfinished build left: the schema
// BuildSchema and main's tables named StagePrefix + something.
func (tx *Tx) DropUnfinishedBuild() error {
	rows, err := tx.Query(`select 'table', table_name from duckdb_tables()
		where database_name = current_database() and schema_name = 'main' and starts_with(table_name, ?)
		union all
		select 'schema', schema_name from duckdb_schemas()
		where database_name = current_database() and schema_name = ?
		order by 1 desc, 2`, StagePrefix, BuildSchema)
	if err != nil {
		return fmt.Errorf("look for an unfinished build: %w", err)
	}
	var stmts []string
	for rows.Next() {
		var kind, name string
		if err := rows.Scan(&kind, &name); err != nil {
			rows.Close()
			return err
		}
		if kind == "schema" {
			stmts = append(stmts, "drop schema "+name+" cascade")
		} else {
			stmts = append(stmts, "drop table main."+name)
		}
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return err
	}
	for _, q := range stmts {
		if _, err := tx.Exec(q); err != nil {
			return fmt.Errorf("drop what an unfinished build left: %w", err)
		}
	}
	return nil
}

// Scratch is a private in-memory database attached to the warehouse,
// with its own connection that writes it outside any transaction. A step
// that prepares data with a chain of statements (each reading what the
// last wrote) runs them here, on every thread (see Session), and a
// transaction then reads the results as Name.table. The transaction sees
// the scratch database as it is when it first reads it: prepare first,
// then read. Like temporary tables, it spills to the temp directory under
// the memory limit, and nothing in it is ever written to the warehouse.
type Scratch struct {
	*Tx
	// Name is the attached database's name, e.g. lanes_scratch_1.
	Name string
}

var scratchSeq atomic.Int64

// OpenScratch attaches a new scratch database. Close it once no
// transaction that read it is open.
func (w *Warehouse) OpenScratch(ctx context.Context) (*Scratch, error) {
	if w.readOnly {
		return nil, errors.New("warehouse is open read-only")
	}
	conn, err := w.db.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("warehouse connection: %w", err)
	}
	name := fmt.Sprintf("lanes_scratch_%d", scratchSeq.Add(1))
	if _, err := conn.ExecContext(ctx, "ATTACH ':memory:' AS "+name); err != nil {
		return nil, errors.Join(fmt.Errorf("attach scratch database: %w", err), conn.Close())
	}
	return &Scratch{Tx: &Tx{conn: conn, ctx: ctx}, Name: name}, nil
}

// Close detaches the scratch database, freeing what it holds.
func (s *Scratch) Close() error {
	_, err := s.conn.ExecContext(context.Background(), "DETACH "+s.Name)
	return errors.Join(err, s.conn.Close())
}

// Context is the context the transaction runs under.
func (tx *Tx) Context() context.Context { return tx.ctx }

// Exec runs a statement inside the transaction.
func (tx *Tx) Exec(query string, args ...any) (sql.Result, error) {
	return tx.conn.ExecContext(tx.ctx, query, args...)
}

// Query runs a query inside the transaction.
func (tx *Tx) Query(query string, args ...any) (*sql.Rows, error) {
	return tx.conn.QueryContext(tx.ctx, query, args...)
}

// QueryRow runs a single-row query inside the transaction.
func (tx *Tx) QueryRow(query string, args ...any) *sql.Row {
	return tx.conn.QueryRowContext(tx.ctx, query, args...)
}

// Append bulk-loads rows into table through DuckDB's appender, inside the
// transaction. fill is called with a function that appends one row; values
// must be in the table's column order.
func (tx *Tx) Append(table string, fill func(appendRow func(values ...driver.Value) error) error) error {
	return tx.conn.Raw(func(dc any) error {
		a, err := newAppender(dc.(driver.Conn), table)
		if err != nil {
			return fmt.Errorf("appender for %s: %w", table, err)
		}
		if ferr := fill(a.AppendRow); ferr != nil {
			return errors.Join(ferr, a.Clear(), a.Close())
		}
		if err := a.Close(); err != nil {
			return fmt.Errorf("append to %s: %w", table, err)
		}
		return nil
	})
}

// newAppender opens DuckDB's appender for table: a bare name (found on the
// search path), schema.table, or catalog.schema.table (a table of an
// attached database such as a Scratch).
func newAppender(c driver.Conn, table string) (*duckdb.Appender, error) {
	parts := strings.Split(table, ".")
	switch len(parts) {
	case 2:
		return duckdb.NewAppenderFromConn(c, parts[0], parts[1])
	case 3:
		return duckdb.NewAppender(c, parts[0], parts[1], parts[2])
	}
	return duckdb.NewAppenderFromConn(c, "", table)
}

// Checkpoint folds the WAL into the database file.
func (w *Warehouse) Checkpoint(ctx context.Context) error {
	_, err := w.db.ExecContext(ctx, "CHECKPOINT")
	return err
}

// AppendFunc appends one row to the table it was opened for.
type AppendFunc func(values ...driver.Value) error

// AppendMany opens one appender per table and hands them to fill, so a
// streaming reader can write tickets, events and rejects as it meets them.
// Everything stays inside the transaction.
func (tx *Tx) AppendMany(tables []string, fill func(appenders map[string]AppendFunc) error) error {
	return tx.conn.Raw(func(dc any) error {
		apps := map[string]*duckdb.Appender{}
		funcs := map[string]AppendFunc{}
		closeAll := func() error {
			var errs []error
			for _, t := range tables {
				if a, ok := apps[t]; ok {
					if err := a.Close(); err != nil {
						errs = append(errs, fmt.Errorf("append to %s: %w", t, err))
					}
				}
			}
			return errors.Join(errs...)
		}
		for _, t := range tables {
			a, err := newAppender(dc.(driver.Conn), t)
			if err != nil {
				return errors.Join(fmt.Errorf("appender for %s: %w", t, err), closeAll())
			}
			apps[t] = a
			funcs[t] = a.AppendRow
		}
		if err := fill(funcs); err != nil {
			for _, a := range apps {
				_ = a.Clear()
			}
			return errors.Join(err, closeAll())
		}
		return closeAll()
	})
}

// IsOutOfMemory reports whether err is DuckDB running out of its memory
// limit (memory_limit) with nothing left it could spill.
func IsOutOfMemory(err error) bool {
	var de *duckdb.Error
	if errors.As(err, &de) {
		return de.Type == duckdb.ErrorTypeOutOfMemory
	}
	return err != nil && strings.Contains(err.Error(), "Out of Memory Error: ")
}

// duckdbAdvice is the advice DuckDB appends to an out-of-memory error: SET
// statements, which a lanes user does not run.
var duckdbAdvice = regexp.MustCompile(`(?s)\n+Possible solutions:\n.*?\n\s*See also https://duckdb\.org/\S*`)

// WithoutDuckDBAdvice removes that advice from an error message.
func WithoutDuckDBAdvice(msg string) string {
	return duckdbAdvice.ReplaceAllString(msg, "")
}
