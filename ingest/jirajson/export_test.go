package jirajson

// SetMaxRecordBytes lowers the record limit for a test and returns the
// function that restores it.
func SetMaxRecordBytes(n int64) (restore func()) {
	old := maxRecordBytes
	maxRecordBytes = n
	return func() { maxRecordBytes = old }
}

// DocText exposes the rich-text reader to tests.
var DocText = docText

// WikiText exposes the wiki markup reader to tests.
var WikiText = wikiText
