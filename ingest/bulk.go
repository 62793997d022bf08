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

// RowsOnly is a BulkReader whose ReadBulk writes every row through
// Bulk.Rows, keeping only working tables of its own in the scratch
// database. The sink's privacy rules then apply to all it loads, so Run
// offers it files under privacy.exclude_descriptions too, when it offers
// other BulkReaders none.
type RowsOnly interface {
	BulkReader
	RowsOnly()
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
	// columns of tickets and comments, in the file's scratch database
	// (see Scratch): they are written on its connection, never with Tx.
	// Comment seq numbers count each ticket's comments in file order,
	// across every row with its key.
	TicketsTable, CommentsTable string
	// Note says, for -v, how the file was read: by DuckDB, or by Read and
	// why (the connector sets it; FileResult.ReadNote).
	Note string

	sink        *stageSink
	rows        func(extra []string, fn func(Sink, map[string]warehouse.AppendFunc) error) error
	scratch     *warehouse.Scratch
	eventsTable string // the staged events, counted by Fresh
	staged      int64
	loaded      int64
}

// Rows runs fn with the run's sink, for the rows the connector maps in Go
// (those SQL cannot map exactly, and every reject). It may be called more
// than once; rows must still arrive in file order, and a key's rows must
// all come through the sink or all through SQL, so comment numbering
// stays in file order.
func (b *Bulk) Rows(fn func(Sink) error) error {
	return b.rows(nil, func(s Sink, _ map[string]warehouse.AppendFunc) error { return fn(s) })
}

// RowsAppending is Rows with appenders on tables of the connector's own
// in the scratch database (named in full, e.g. Scratch().Name +
// ".main.t"), open while fn runs, so the connector can set rows aside as
// it reads them. They share the scratch connection with the sink: fn must
// not query the scratch database.
func (b *Bulk) RowsAppending(tables []string, fn func(sink Sink, apps map[string]warehouse.AppendFunc) error) error {
	return b.rows(tables, fn)
}

// Scratch is the file's scratch database (warehouse.Scratch), which also
// holds the staging tables: the connector prepares the file there, where
// DuckDB runs each statement on every thread, and writes TicketsTable and
// CommentsTable on its connection. Only rows going straight into tickets
// and comments (see Fresh) are written with Tx, which must not read the
// scratch database before the file is staged. The run detaches it after
// its transaction.
func (b *Bulk) Scratch() *warehouse.Scratch { return b.scratch }

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
	var n, staged int64
	err := b.Tx.QueryRow(`select
		(select count(*) from tickets where source = ?) + (select count(*) from comments where source = ?) +
		(select count(*) from ticket_events where source = ?)`,
		b.Source, b.Source, b.Source).Scan(&n)
	if err != nil {
		return false, err
	}
	// The staging tables are read on the scratch connection: the
	// transaction must not read the scratch database before the file is
	// staged.
	err = b.scratch.QueryRow(`select (select count(*) from ` + b.TicketsTable + `) +
		(select count(*) from ` + b.CommentsTable + `) + (select count(*) from ` + b.eventsTable + `)`).Scan(&staged)
	return n+staged == 0, err
}

// KeepOneCopy settles which copy of a key the sink staged more than once
// keeps its comments and events (see keepOneCopy). The run does it once
// the file is staged; a connector that reads the scratch database with Tx
// before ReadBulk returns (rows going straight into tickets, see Fresh)
// calls it first, after its last rows went through the sink: the
// transaction sees the scratch database as it was when it first read it.
func (b *Bulk) KeepOneCopy() error { return keepOneCopy(staging{sc: b.scratch}) }

// Loaded records n tickets the connector inserted straight into tickets
// (see Fresh), for the run's counts.
func (b *Bulk) Loaded(n int64) { b.loaded += n }
