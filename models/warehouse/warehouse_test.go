package warehouse

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestOpenMigratesAndIsIdempotent(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "w.duckdb")
	w, err := Open(ctx, path, Options{})
	require.NoError(t, err)
	var v int
	require.NoError(t, w.QueryRow(ctx, "select max(version) from lanes_migrations").Scan(&v))
	assert.Equal(t, SchemaVersion(), v)
	require.NoError(t, w.Close())

	w, err = Open(ctx, path, Options{})
	require.NoError(t, err)
	var n int
	require.NoError(t, w.QueryRow(ctx, "select count(*) from lanes_migrations").Scan(&n))
	assert.Equal(t, SchemaVersion(), n)
	require.NoError(t, w.Close())
}

func TestWriteRollsBackOnError(t *testing.T) {
	ctx := context.Background()
	w, err := Open(ctx, ":memory:", Options{})
	require.NoError(t, err)
	defer w.Close()
	boom := errors.New("boom")
	err = w.Write(ctx, func(tx *Tx) error {
		if _, err := tx.Exec(`insert into dim_teams values ('a', 'it', 10)`); err != nil {
			return err
		}
		return tx.Append("dim_teams", func(appendRow func(...driver.Value) error) error {
			if err := appendRow("b", "it", 20.0); err != nil {
				return err
			}
			return boom
		})
	})
	require.ErrorIs(t, err, boom)
	var n int
	require.NoError(t, w.QueryRow(ctx, "select count(*) from dim_teams").Scan(&n))
	assert.Equal(t, 0, n)

	require.NoError(t, w.Write(ctx, func(tx *Tx) error {
		return tx.Append("dim_teams", func(appendRow func(...driver.Value) error) error {
			return appendRow("b", "it", 20.0)
		})
	}))
	require.NoError(t, w.QueryRow(ctx, "select count(*) from dim_teams").Scan(&n))
	assert.Equal(t, 1, n)
}

func TestReadOnlyRefusesMissingSchema(t *testing.T) {
	ctx := context.Background()
	_, err := Open(ctx, filepath.Join(t.TempDir(), "none.duckdb"), Options{ReadOnly: true})
	require.Error(t, err)
}

func TestOnlyThisPackageImportsTheDriver(t *testing.T) {
	// STYLE.md: one owner per seam. Walk the module's Go files and fail on
	// any other package importing duckdb-go (bench tools under scripts/ may,
	// to time DuckDB's own loader).
	root := filepath.Join("..", "..")
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			switch d.Name() {
			case "node_modules", ".git", "scripts":
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasPrefix(filepath.ToSlash(path), "../../models/warehouse/") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		assert.NotContains(t, string(b), `"github.com/duckdb/duckdb-go/v2"`, "%s imports the DuckDB driver; ask models/warehouse instead", path)
		return nil
	})
	require.NoError(t, err)
}

func TestPlainValues(t *testing.T) {
	ctx := context.Background()
	w, err := Open(ctx, ":memory:", Options{})
	require.NoError(t, err)
	defer w.Close()
	var dec, iv, m, u any
	require.NoError(t, w.QueryRow(ctx, `select 12.345::decimal(9,3), interval 1 day + interval 2 hours,
		map {'b': 1, 'a': 2}, union_value(num := 7)`).Scan(&dec, &iv, &m, &u))
	d := Plain(dec).(Decimal)
	assert.Equal(t, "12345", d.Value.String())
	assert.Equal(t, uint8(3), d.Scale)
	assert.Equal(t, Interval{Days: 1, Micros: 2 * 3600 * 1e6}, Plain(iv))
	assert.Equal(t, Map{Keys: []any{"b", "a"}, Values: []any{int32(1), int32(2)}}, Plain(m))
	assert.Equal(t, Union{Tag: "num", Value: int32(7)}, Plain(u))
}

func TestOpenDropsAnUnfinishedBuild(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "w.duckdb")
	w, err := Open(ctx, path, Options{})
	require.NoError(t, err)
	// What a build killed before publishing leaves: its scratch schema.
	_, err = w.db.ExecContext(ctx, "create schema "+BuildSchema+"; create table main."+StagePrefix+"m as select 1 as x; create view "+BuildSchema+".m as select * from main."+StagePrefix+"m; create table main.keep as select 1 as x")
	require.NoError(t, err)
	require.NoError(t, w.Close())

	w, err = Open(ctx, path, Options{ReadOnly: true})
	require.NoError(t, err)
	var n int
	require.NoError(t, w.QueryRow(ctx, "select count(*) from duckdb_schemas() where schema_name = ?", BuildSchema).Scan(&n))
	assert.Equal(t, 1, n, "a read-only open changes nothing")
	require.NoError(t, w.Close())

	w, err = Open(ctx, path, Options{})
	require.NoError(t, err)
	defer w.Close()
	require.NoError(t, w.QueryRow(ctx, "select count(*) from duckdb_schemas() where schema_name = ?", BuildSchema).Scan(&n))
	assert.Equal(t, 0, n)
	var tables string
	require.NoError(t, w.QueryRow(ctx, "select string_agg(table_name, ',' order by table_name) from duckdb_tables() where table_name in ('keep', ?)", StagePrefix+"m").Scan(&tables))
	assert.Equal(t, "keep", tables)
}

func TestScratchIsSeenByATransactionThatReadsItAfterwards(t *testing.T) {
	ctx := context.Background()
	w, err := Open(ctx, filepath.Join(t.TempDir(), "w.duckdb"), Options{})
	require.NoError(t, err)
	defer w.Close()
	var s *Scratch
	err = w.Write(ctx, func(tx *Tx) error {
		// The transaction has started (it has read main) before the
		// scratch database exists.
		var n int
		if err := tx.QueryRow("select count(*) from dim_teams").Scan(&n); err != nil {
			return err
		}
		if s, err = w.OpenScratch(ctx); err != nil {
			return err
		}
		if _, err := s.Exec("create table " + s.Name + ".t as select 'a' as name, 'it' as class, 10.0 as cost"); err != nil {
			return err
		}
		if err := s.Append(s.Name+".main.t", func(add func(...driver.Value) error) error { return add("b", "engineering", 20.0) }); err != nil {
			return err
		}
		_, err := tx.Exec("insert into dim_teams select * from " + s.Name + ".t")
		return err
	})
	require.NoError(t, err)
	require.NoError(t, s.Close())
	var n int
	require.NoError(t, w.QueryRow(ctx, "select count(*) from dim_teams").Scan(&n))
	assert.Equal(t, 2, n)
	require.NoError(t, w.QueryRow(ctx, "select count(*) from duckdb_databases() where database_name = ?", s.Name).Scan(&n))
	assert.Equal(t, 0, n, "detached")
}

// TestMigration7KeepsHistoryWithoutIndex brings a warehouse of schema 6
// (ticket_events and comments with a primary key) to the latest: the rows
// stay, and a repeated key is no longer refused by an index (the merge and
// the build's unique tests keep the keys).
func TestMigration7KeepsHistoryWithoutIndex(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "w.duckdb")
	db := atSchema(t, path, 6)
	_, err := db.ExecContext(ctx, `insert into ticket_events values
		('jira', 'K-1', 1, timestamp '2026-03-02 09:00', 'status', 'ana', null, 'Open'),
		('jira', 'K-1', 2, timestamp '2026-03-02 10:00', 'group', null, 'Desk', 'SRE')`)
	require.NoError(t, err)
	_, err = db.ExecContext(ctx, `insert into comments values ('jira', 'K-1', 1, 'ana', timestamp '2026-03-02 09:30', true, 'hi')`)
	require.NoError(t, err)
	_, err = db.ExecContext(ctx, `insert into comments values ('jira', 'K-1', 1, 'bo', timestamp '2026-03-02 09:31', true, 'again')`)
	require.Error(t, err, "schema 6 has the primary key")
	require.NoError(t, db.Close())

	w, err := Open(ctx, path, Options{})
	require.NoError(t, err)
	defer w.Close()
	var events, comments int
	var last string
	require.NoError(t, w.QueryRow(ctx, `select (select count(*) from ticket_events), (select count(*) from comments),
		(select to_value from ticket_events where seq = 2)`).Scan(&events, &comments, &last))
	assert.Equal(t, 2, events)
	assert.Equal(t, 1, comments)
	assert.Equal(t, "SRE", last)
	require.NoError(t, w.Write(ctx, func(tx *Tx) error {
		_, err := tx.Exec(`insert into comments values ('jira', 'K-1', 1, 'bo', timestamp '2026-03-02 09:31', true, 'again')`)
		return err
	}), "no index refuses a repeated key now")
}

// TestMigration8KeepsTicketsWithoutIndex brings a warehouse of schema 7
// (tickets with a primary key) to the latest: the rows and the column
// order stay, and a repeated key is no longer refused by an index.
func TestMigration8KeepsTicketsWithoutIndex(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "w.duckdb")
	db := atSchema(t, path, 7)
	const row = `insert into tickets (source, source_key, title, status, created_at, updated_at, labels, components,
		is_deleted, raw, run_id, source_file, source_line)
		values ('jira', 'K-1', ?, 'open', timestamp '2026-03-02 09:00', timestamp '2026-03-02 10:00', ['vpn'], [],
		false, '{"Summary":"x"}', 'r1', 'a.csv', 2)`
	_, err := db.ExecContext(ctx, row, "VPN down")
	require.NoError(t, err)
	_, err = db.ExecContext(ctx, row, "again")
	require.Error(t, err, "schema 7 has the primary key")
	before := tableColumns(t, db, "tickets")
	require.NoError(t, db.Close())

	w, err := Open(ctx, path, Options{})
	require.NoError(t, err)
	defer w.Close()
	var n int
	var title, raw string
	var labels []any
	require.NoError(t, w.QueryRow(ctx, `select (select count(*) from tickets), title, labels, raw::varchar from tickets`).Scan(&n, &title, &labels, &raw))
	assert.Equal(t, 1, n)
	assert.Equal(t, "VPN down", title)
	assert.Equal(t, []any{"vpn"}, labels)
	assert.Equal(t, `{"Summary":"x"}`, raw)
	after := tableColumns(t, w.db, "tickets")
	assert.Equal(t, before, after, "the columns keep their order (inserts by position rely on it)")
	var constraints int
	require.NoError(t, w.QueryRow(ctx, `select count(*) from duckdb_constraints() where table_name = 'tickets' and constraint_type in ('PRIMARY KEY', 'UNIQUE')`).Scan(&constraints))
	assert.Equal(t, 0, constraints)
}

// TestMigration9AddsEventRun: events stored before 0009 keep their rows and
// have no run.
func TestMigration9AddsEventRun(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "w.duckdb")
	db := atSchema(t, path, 8)
	_, err := db.ExecContext(ctx, `insert into ticket_events values
		('jira', 'K-1', 1, timestamp '2026-03-02 09:00', 'status', 'ana', null, 'Open')`)
	require.NoError(t, err)
	require.NoError(t, db.Close())
	w, err := Open(ctx, path, Options{})
	require.NoError(t, err)
	defer w.Close()
	var n, runs int
	require.NoError(t, w.QueryRow(ctx, `select count(*), count(run_id) from ticket_events`).Scan(&n, &runs))
	assert.Equal(t, []int{1, 0}, []int{n, runs})
	assert.Equal(t, "run_id", tableColumns(t, w.db, "ticket_events")[8], "added last")
}

// TestMigration10AddsEditsAndChannelNames: messages stored before 0010 get
// no edit time and their channel (then the folder's name) as their name.
func TestMigration10AddsEditsAndChannelNames(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "w.duckdb")
	db := atSchema(t, path, 9)
	_, err := db.ExecContext(ctx, `insert into messages values
		('slack', 'it-help', '1709542800.000100', null, 'Ana', timestamp '2024-03-04 09:00', 'New laptop', 0, null)`)
	require.NoError(t, err)
	require.NoError(t, db.Close())
	w, err := Open(ctx, path, Options{})
	require.NoError(t, err)
	defer w.Close()
	var name string
	var edited sql.NullTime
	require.NoError(t, w.QueryRow(ctx, `select channel_name, edited_at from messages`).Scan(&name, &edited))
	assert.Equal(t, "it-help", name)
	assert.False(t, edited.Valid)
	cols := tableColumns(t, w.db, "messages")
	assert.Equal(t, []string{"edited_at", "channel_name"}, cols[len(cols)-2:], "added last")
}

// TestMigration12AddsTicketMetrics: a warehouse at schema 11 gets an empty
// ticket_metrics table, keyed by (source, source_key) without an index,
// and its tickets are left as they were.
func TestMigration12AddsTicketMetrics(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "w.duckdb")
	db := atSchema(t, path, 11)
	require.NoError(t, db.Close())
	w, err := Open(ctx, path, Options{})
	require.NoError(t, err)
	defer w.Close()
	assert.Equal(t, []string{"source", "source_key", "updated_at", "solved_at", "reply_minutes", "reopens",
		"group_stations", "assignee_stations", "run_id", "raw"}, tableColumns(t, w.db, "ticket_metrics"))
	var n int
	require.NoError(t, w.QueryRow(ctx, `select count(*) from ticket_metrics`).Scan(&n))
	assert.Equal(t, 0, n)
	require.NoError(t, w.QueryRow(ctx, `select count(*) from duckdb_constraints() where table_name = 'ticket_metrics' and constraint_type in ('PRIMARY KEY', 'UNIQUE')`).Scan(&n))
	assert.Equal(t, 0, n, "no index: the merge keeps the key")
}

// TestMigration13AddsTicketCopies: a warehouse at schema 12 gets an empty
// ticket_copies table without an index, and its tickets are left as they
// were.
func TestMigration13AddsTicketCopies(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "w.duckdb")
	db := atSchema(t, path, 12)
	_, err := db.Exec(`insert into tickets (source, source_key, status, created_at, updated_at, labels, components, is_deleted, run_id, source_file, source_line)
		values ('jira', 'BWL-1', 'open', '2024-03-01', '2024-03-02', [], [], false, 'r', 'f.csv', 2)`)
	require.NoError(t, err)
	require.NoError(t, db.Close())
	w, err := Open(ctx, path, Options{})
	require.NoError(t, err)
	defer w.Close()
	assert.Equal(t, []string{"source", "source_key", "updated_at", "is_deleted", "hash", "partial", "title", "description",
		"kind", "priority_raw", "priority", "first_response_at", "resolved_at", "closed_at", "requester", "requester_team",
		"assignee", "assignment_group", "category", "labels", "components", "channel", "reopen_count", "reassignment_count",
		"handle_minutes", "is_sla_breached", "url"}, tableColumns(t, w.db, "ticket_copies"))
	var n int
	require.NoError(t, w.QueryRow(ctx, `select count(*) from ticket_copies`).Scan(&n))
	assert.Equal(t, 0, n)
	require.NoError(t, w.QueryRow(ctx, `select count(*) from tickets`).Scan(&n))
	assert.Equal(t, 1, n)
	require.NoError(t, w.QueryRow(ctx, `select count(*) from duckdb_constraints() where table_name = 'ticket_copies' and constraint_type in ('PRIMARY KEY', 'UNIQUE')`).Scan(&n))
	assert.Equal(t, 0, n, "no index: the merge keeps the key")
	// It held a ticket: 0013, 0014 and 0015 say what they leave as it was.
	notices := w.Notices()
	require.Len(t, notices, 3)
	assert.True(t, strings.HasPrefix(notices[0], "0013_ticket_copies: tickets merged before it from copies that know different fields"), notices[0])
	assert.True(t, strings.HasSuffix(notices[0], "ingest them into a new warehouse (--db)."), notices[0])
	assert.True(t, strings.HasPrefix(notices[1], "0014_comment_owners: tickets merged before it from several copies keep the comments"), notices[1])
	assert.True(t, strings.HasPrefix(notices[2], "0015_detached_comments: comments that an audit export"), notices[2])
	assert.NotContains(t, notices[0]+notices[1]+notices[2], "--\n", "the comment markers are not part of the text")
}

// TestMigration14AddsCommentOwners: a warehouse at schema 13 gets an
// empty comment_owners table without an index; its comments stay, owned
// (with no row here) by their ticket's row, as the merge had kept them.
func TestMigration14AddsCommentOwners(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "w.duckdb")
	db := atSchema(t, path, 13)
	_, err := db.Exec(`insert into comments values ('jira', 'BWL-1', 1, 'kim', '2024-03-01 10:00', true, 'Looking into it')`)
	require.NoError(t, err)
	require.NoError(t, db.Close())
	w, err := Open(ctx, path, Options{})
	require.NoError(t, err)
	defer w.Close()
	assert.Equal(t, []string{"source", "source_key", "updated_at", "is_deleted", "hash"}, tableColumns(t, w.db, "comment_owners"))
	var n int
	require.NoError(t, w.QueryRow(ctx, `select count(*) from comment_owners`).Scan(&n))
	assert.Equal(t, 0, n)
	require.NoError(t, w.QueryRow(ctx, `select count(*) from comments`).Scan(&n))
	assert.Equal(t, 1, n)
	require.NoError(t, w.QueryRow(ctx, `select count(*) from duckdb_constraints() where table_name = 'comment_owners' and constraint_type in ('PRIMARY KEY', 'UNIQUE')`).Scan(&n))
	assert.Equal(t, 0, n, "no index: the merge keeps the key")
	assert.Empty(t, w.Notices(), "no tickets: nothing merged before that the notice could be about")
}

// TestMigration15AddsDetachedComments: a warehouse at schema 14 gets
// detached_comments, without an index, holding the comments whose ticket
// is not loaded (they can only have come without it: Zendesk 601's note),
// shown; a loaded ticket's comments (BWL-1's) count as its copy's.
func TestMigration15AddsDetachedComments(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "w.duckdb")
	db := atSchema(t, path, 14)
	_, err := db.Exec(`insert into tickets (source, source_key, status, created_at, updated_at, labels, components, is_deleted, run_id, source_file, source_line)
		values ('jira', 'BWL-1', 'open', '2024-03-01', '2024-03-02', [], [], false, 'r', 'f.csv', 2);
		insert into comments values ('jira', 'BWL-1', 1, 'kim', '2024-03-01 10:00', true, 'Looking into it'),
		  ('zendesk', '601', 1, 'Agent Two', '2026-05-01 12:00', false, 'internal note')`)
	require.NoError(t, err)
	require.NoError(t, db.Close())
	w, err := Open(ctx, path, Options{})
	require.NoError(t, err)
	defer w.Close()
	assert.Equal(t, []string{"source", "source_key", "author", "created_at", "is_public", "body", "shown"}, tableColumns(t, w.db, "detached_comments"))
	var got string
	require.NoError(t, w.QueryRow(ctx, `select string_agg(concat_ws('|', source, source_key, author, created_at, is_public, body, shown), ';') from detached_comments`).Scan(&got))
	assert.Equal(t, "zendesk|601|Agent Two|2026-05-01 12:00:00|false|internal note|true", got)
	var n int
	require.NoError(t, w.QueryRow(ctx, `select count(*) from comments`).Scan(&n))
	assert.Equal(t, 2, n)
	require.NoError(t, w.QueryRow(ctx, `select count(*) from duckdb_constraints() where table_name = 'detached_comments' and constraint_type in ('PRIMARY KEY', 'UNIQUE')`).Scan(&n))
	assert.Equal(t, 0, n, "no index: the merge keeps each comment once")
	require.Len(t, w.Notices(), 1)
	assert.True(t, strings.HasPrefix(w.Notices()[0], "0015_detached_comments: "), w.Notices()[0])
}

// TestMigration16AddsDirectory: a warehouse at schema 15 gets an empty
// directory table without an index, and no notice: tickets loaded before
// keep their ids, which the staging models name once a directory is
// loaded.
func TestMigration16AddsDirectory(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "w.duckdb")
	db := atSchema(t, path, 15)
	_, err := db.Exec(`insert into tickets (source, source_key, status, created_at, updated_at, labels, components, is_deleted, run_id, source_file, source_line, assignee)
		values ('freshservice', '276', 'open', '2026-09-25', '2026-09-26', [], [], false, 'r', 'f.json', 3, '24000512002')`)
	require.NoError(t, err)
	require.NoError(t, db.Close())
	w, err := Open(ctx, path, Options{})
	require.NoError(t, err)
	defer w.Close()
	assert.Equal(t, []string{"source", "kind", "id", "name", "email", "run_id"}, tableColumns(t, w.db, "directory"))
	var n int
	require.NoError(t, w.QueryRow(ctx, `select count(*) from directory`).Scan(&n))
	assert.Equal(t, 0, n)
	var assignee string
	require.NoError(t, w.QueryRow(ctx, `select assignee from tickets`).Scan(&assignee))
	assert.Equal(t, "24000512002", assignee)
	require.NoError(t, w.QueryRow(ctx, `select count(*) from duckdb_constraints() where table_name = 'directory' and constraint_type in ('PRIMARY KEY', 'UNIQUE')`).Scan(&n))
	assert.Equal(t, 0, n, "no index: the merge keeps the key")
	assert.Empty(t, w.Notices())
}

// TestNewWarehouseHasNoNotices: the migrations' notices are about data
// loaded before them, which a new warehouse has none of; every migration
// that has one says it in full sentences on its "-- notice:" lines.
func TestNewWarehouseHasNoNotices(t *testing.T) {
	w, err := Open(context.Background(), filepath.Join(t.TempDir(), "w.duckdb"), Options{})
	require.NoError(t, err)
	defer w.Close()
	assert.Empty(t, w.Notices())
	ms, err := Migrations()
	require.NoError(t, err)
	var with []string
	for _, m := range ms {
		if m.Notice != "" {
			with = append(with, m.Name)
			assert.True(t, strings.HasSuffix(m.Notice, "."), m.Name)
			assert.NotContains(t, m.Notice, "notice:", m.Name)
		}
	}
	assert.Equal(t, []string{"0013_ticket_copies", "0014_comment_owners", "0015_detached_comments"}, with)
}

// atSchema creates a warehouse file at path with the first n migrations
// applied and recorded, as a lanes of that schema left it, and returns it
// open (the caller closes it before opening it as a Warehouse).
func atSchema(t *testing.T, path string, n int) *sql.DB {
	t.Helper()
	ctx := context.Background()
	ms, err := Migrations()
	require.NoError(t, err)
	require.Greater(t, len(ms), n, "a later migration to apply")
	db, err := sql.Open("duckdb", path)
	require.NoError(t, err)
	_, err = db.ExecContext(ctx, `create table lanes_migrations (
		version integer primary key, name varchar not null, applied_at timestamp not null default current_timestamp::timestamp)`)
	require.NoError(t, err)
	for _, m := range ms[:n] {
		_, err := db.ExecContext(ctx, m.SQL)
		require.NoError(t, err, m.Name)
		_, err = db.ExecContext(ctx, `insert into lanes_migrations (version, name) values (?, ?)`, m.Version, m.Name)
		require.NoError(t, err)
	}
	return db
}

// tableColumns lists table's columns in their order.
func tableColumns(t *testing.T, db *sql.DB, table string) []string {
	t.Helper()
	rows, err := db.Query(`select column_name from information_schema.columns where table_name = ? order by ordinal_position`, table)
	require.NoError(t, err)
	defer rows.Close()
	var cols []string
	for rows.Next() {
		var c string
		require.NoError(t, rows.Scan(&c))
		cols = append(cols, c)
	}
	require.NoError(t, rows.Err())
	return cols
}

// TestOutOfMemory: DuckDB's out-of-memory error is recognised, also when
// wrapped, and its SET-statement advice can be removed from the message.
func TestOutOfMemory(t *testing.T) {
	ctx := context.Background()
	w, err := Open(ctx, ":memory:", Options{MemoryLimit: "16MB", Threads: 1})
	require.NoError(t, err)
	defer w.Close()
	var n int64
	err = w.QueryRow(ctx, "select len(list(range || 'x')) from range(20000000)").Scan(&n)
	require.Error(t, err)
	wrapped := fmt.Errorf("a.csv: merge: %w", err)
	assert.True(t, IsOutOfMemory(wrapped))
	assert.False(t, IsOutOfMemory(errors.New("Binder Error: no such column")))
	assert.False(t, IsOutOfMemory(nil))
	require.Contains(t, wrapped.Error(), "Possible solutions:", "DuckDB's message as this test knows it")
	msg := WithoutDuckDBAdvice(wrapped.Error() + "\nthe warehouse is unchanged")
	assert.NotContains(t, msg, "SET ")
	assert.NotContains(t, msg, "duckdb.org")
	assert.Regexp(t, `^a\.csv: merge: Out of Memory Error: [^\n]+\nthe warehouse is unchanged$`, msg)
}
