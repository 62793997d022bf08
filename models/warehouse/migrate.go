package warehouse

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// Migration is one numbered schema change.
type Migration struct {
	Version int
	Name    string
	SQL     string
	// Notice is what a user whose warehouse already held tickets should
	// know after this change (data loaded before it that the change does
	// not correct): the text of the migration's lines that start with
	// "-- notice:", joined by spaces.
	Notice string
}

// noticeLine starts a line of a migration's Notice.
const noticeLine = "-- notice:"

// notice collects the text of a migration's notice lines.
func notice(sql string) string {
	var parts []string
	for line := range strings.Lines(sql) {
		if text, ok := strings.CutPrefix(strings.TrimSpace(line), noticeLine); ok {
			parts = append(parts, strings.TrimSpace(text))
		}
	}
	return strings.Join(parts, " ")
}

// Migrations lists the embedded migrations in version order.
func Migrations() ([]Migration, error) {
	entries, err := fs.ReadDir(migrationFS, "migrations")
	if err != nil {
		return nil, err
	}
	var out []Migration
	for _, e := range entries {
		name := e.Name()
		num, _, ok := strings.Cut(name, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("migration %s: name must start with a number and an underscore", name)
		}
		body, err := migrationFS.ReadFile(path.Join("migrations", name))
		if err != nil {
			return nil, err
		}
		out = append(out, Migration{Version: v, Name: strings.TrimSuffix(name, ".sql"), SQL: string(body), Notice: notice(string(body))})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Version < out[j].Version })
	for i, m := range out {
		if m.Version != i+1 {
			return nil, fmt.Errorf("migration %s: expected version %d", m.Name, i+1)
		}
	}
	return out, nil
}

// SchemaVersion is the version the embedded migrations bring a warehouse to.
func SchemaVersion() int {
	ms, err := Migrations()
	if err != nil {
		return 0
	}
	return len(ms)
}

func (w *Warehouse) migrate(ctx context.Context) error {
	ms, err := Migrations()
	if err != nil {
		return err
	}
	if _, err := w.db.ExecContext(ctx, `create table if not exists lanes_migrations (
		version integer primary key, name varchar not null, applied_at timestamp not null default current_timestamp::timestamp)`); err != nil {
		return fmt.Errorf("migrations table: %w", err)
	}
	current, err := w.version(ctx)
	if err != nil {
		return err
	}
	if current > len(ms) {
		return fmt.Errorf("warehouse %s has schema version %d, newer than this lanes (%d): upgrade lanes", w.path, current, len(ms))
	}
	// A warehouse with tickets gets the notices of the migrations it
	// takes; a new or empty one has no data they could be about.
	held := false
	if current > 0 {
		if err := w.db.QueryRowContext(ctx, `select exists (select 1 from tickets)`).Scan(&held); err != nil {
			return fmt.Errorf("read warehouse %s: %w", w.path, err)
		}
	}
	for _, m := range ms[current:] {
		if held && m.Notice != "" {
			w.notices = append(w.notices, m.Name+": "+m.Notice)
		}
		err := w.Write(ctx, func(tx *Tx) error {
			if _, err := tx.Exec(m.SQL); err != nil {
				return fmt.Errorf("migration %s: %w", m.Name, err)
			}
			_, err := tx.Exec(`insert into lanes_migrations (version, name) values (?, ?)`, m.Version, m.Name)
			return err
		})
		if err != nil {
			return err
		}
	}
	return nil
}

func (w *Warehouse) version(ctx context.Context) (int, error) {
	var v int
	if err := w.db.QueryRowContext(ctx, `select coalesce(max(version), 0) from lanes_migrations`).Scan(&v); err != nil {
		return 0, fmt.Errorf("read schema version: %w", err)
	}
	return v, nil
}

func (w *Warehouse) checkSchema(ctx context.Context) error {
	var n int
	err := w.db.QueryRowContext(ctx, `select count(*) from information_schema.tables where table_name = 'lanes_migrations'`).Scan(&n)
	if err != nil {
		return fmt.Errorf("read warehouse %s: %w", w.path, err)
	}
	if n == 0 {
		return fmt.Errorf("%s is not a lanes warehouse (no schema): run `lanes ingest` first", w.path)
	}
	v, err := w.version(ctx)
	if err != nil {
		return err
	}
	if v != SchemaVersion() {
		return fmt.Errorf("warehouse %s has schema version %d, this lanes expects %d: open it once for writing (e.g. `lanes build`) to migrate", w.path, v, SchemaVersion())
	}
	return nil
}
