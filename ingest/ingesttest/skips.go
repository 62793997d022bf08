package ingesttest

import (
	"bytes"
	"context"
	"time"

	"github.com/lanes-dev/lanes/ingest"
)

// SkipSink is a Sink that also counts the records a connector skips
// (ingest.Skip), by reason and in order, as the run's sink does.
type SkipSink struct {
	Sink
	Skips   map[string]int // reason -> how many
	Lines   []int64        // the line of each skip, in order
	Reasons []string       // the reason of each skip, in order
}

// Skip implements ingest.SkipCounter.
func (s *SkipSink) Skip(line int64, reason string) error {
	if s.Skips == nil {
		s.Skips = map[string]int{}
	}
	s.Skips[reason]++
	s.Lines = append(s.Lines, line)
	s.Reasons = append(s.Reasons, reason)
	return nil
}

// ReadSkips reads data with conn, as the file path in UTC, into a
// SkipSink.
func ReadSkips(conn ingest.Connector, path, data string) (*SkipSink, error) {
	s := &SkipSink{}
	in := &ingest.Input{Path: path, Reader: bytes.NewReader([]byte(data)), Location: time.UTC}
	return s, conn.Read(context.Background(), in, s)
}
