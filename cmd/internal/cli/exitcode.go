package cli

import (
	"errors"

	"github.com/lanes-dev/lanes/ingest"
	"github.com/lanes-dev/lanes/models/warehouse"
)

// Exit codes. They are part of lanes' interface: scripts rely on them, and
// `lanes help exit-codes` documents them from this table.
const (
	ExitOK          = 0 // success
	ExitFailure     = 1 // any other failure
	ExitUsage       = 2 // bad flags, arguments or configuration
	ExitRejected    = 3 // input rejected: unreadable file, unknown format, too many bad rows
	ExitLocked      = 4 // the warehouse is locked by another process
	ExitTestsFailed = 5 // the build finished but data tests failed
)

var exitCodeDocs = []struct {
	code int
	name string
	text string
}{
	{ExitOK, "success", "everything asked for was done"},
	{ExitFailure, "failure", "an unexpected error; the message says what failed"},
	{ExitUsage, "usage", "bad flags, arguments or configuration (lanes.yaml); nothing was changed"},
	{ExitRejected, "input rejected", "an input file could not be read or had too many bad rows; the warehouse is unchanged"},
	{ExitLocked, "warehouse locked", "another process holds the warehouse's write lock; the message names it"},
	{ExitTestsFailed, "data tests failed", "the models were built but at least one data test failed; the failing rows are listed"},
}

// exitError carries an exit code with an error.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

func withCode(code int, err error) error {
	if err == nil {
		return nil
	}
	return &exitError{code: code, err: err}
}

// exitCode maps an error to the process exit code, in one place.
func exitCode(err error) int {
	if err == nil {
		return ExitOK
	}
	var locked *warehouse.LockedError
	if errors.As(err, &locked) {
		return ExitLocked
	}
	var ee *exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	var rl *ingest.RejectLimitError
	if errors.As(err, &rl) {
		return ExitRejected
	}
	return ExitFailure
}
