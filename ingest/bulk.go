package ingest

import (
	"context"

	"github.com/lanes-dev/lanes/models/warehouse"
)

// BulkReader is a Connector that can also stage a whole file with SQL,
// letting DuckDB read it (DESIGN.md: DuckDB's own readers with the mapping
// in SQL are several times faster than parsing in Go). Run offers it every
// plain file on disk, before Read. ReadBulk must stage exactly what Read
// would send to the sink (the same tickets, comments and rejects, so a
// file loads the same either way), and decline, returning false with
// nothing staged, whenever it cannot promise that; Run then calls Read.
type BulkReader interface {
	Connector
	ReadBulk(ctx context.Context, b *Bulk) (handled bool, err error)
}

// Bulk is one file offered to a BulkReader, inside the run's transaction.
type Bulk struct {
	// Input is the file as Read would get it; its Reader may be used for
	// checks before loading (it cannot be rewound).
	Input *Input
	// File is the file on disk, for DuckDB's readers.
	File string
	// Tx is the run's transaction. It must not be used inside Rows.
	Tx *warehouse.Tx
	// Source, RunID and SourceFile fill the staged rows' source, run_id and
	// source_file columns; URLBase is the source's url_base.
	Source, RunID, SourceFile, URLBase string
	// TicketsTable and CommentsTable are the staging tables, with the
	// columns of tickets and comments. Comment seq numbers count each
	// ticket's comments in file order, across every row with its key.
	TicketsTable, CommentsTable string

	sink    *stageSink
	rows    func(fn func(Sink) error) error
	scratch func() (*warehouse.Scratch, error)
	staged  int64
	loaded  int64
}

// Rows runs fn with the run's sink, for the rows the connector maps in Go
// (those SQL cannot map exactly, and every reject). It may be called more
// than once; rows must still arrive in file order, and a key's rows must
// all come through the sink or all through SQL, so comment numbering
// stays in file order.
func (b *Bulk) Rows(fn func(Sink) error) error { return b.rows(fn) }

// Scratch attaches a new scratch database (warehouse.Scratch) for this
// file: the connector prepares the file there, where DuckDB runs each
// statement on every thread, and then moves the result into TicketsTable
// and CommentsTable with Tx, which must not read the scratch database
// before the preparation ends. The run detaches it after its transaction.
func (b *Bulk) Scratch() (*warehouse.Scratch, error) { return b.scratch() }

// Staged records n tickets the connector inserted into TicketsTable with
// SQL, for the run's counts.
func (b *Bulk) Staged(n int64) { b.staged += n }

// Fresh reports whether the warehouse holds nothing yet for this source
// (no tickets, comments or events) and nothing is staged. Merging a file
// into a fresh source is then plain insertion, as long as each key comes
// once: every row wins and nothing is replaced. A connector may then
// insert such rows straight into tickets and comments, sparing a copy of
// the file through staging, and report them with Loaded. Rows it sends to
// the sink are staged and merged as usual; their keys must not be among
// those it inserted.
func (b *Bulk) Fresh() (bool, error) {
	var n int64
	err := b.Tx.QueryRow(`select
		(select count(*) from tickets where source = ?) + (select count(*) from comments where source = ?) +
		(select count(*) from ticket_events where source = ?) + (select count(*) from stage_tickets) +
		(select count(*) from stage_comments) + (select count(*) from stage_events)`,
		b.Source, b.Source, b.Source).Scan(&n)
	return n == 0, err
}

// Loaded records n tickets the connector inserted straight into tickets
// (see Fresh), for the run's counts.
func (b *Bulk) Loaded(n int64) { b.loaded += n }
