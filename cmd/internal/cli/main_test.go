package cli

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/lanes-dev/lanes/models/warehouse"
)

// TestMain lets the test binary stand in for the lanes binary (and for a
// process that holds the warehouse lock), so process-level tests need no
// separate build.
func TestMain(m *testing.M) {
	if os.Getenv("LANES_TEST_AS_MAIN") == "1" {
		os.Exit(Main(os.Args[1:], System()))
	}
	if path := os.Getenv("LANES_TEST_HOLD_LOCK"); path != "" {
		wh, err := warehouse.Open(context.Background(), path, warehouse.Options{})
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		fmt.Println("holding")
		buf := make([]byte, 1)
		_, _ = os.Stdin.Read(buf) // hold until the parent closes our stdin
		wh.Close()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// run executes lanes in-process and returns exit code, stdout and stderr.
func run(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	return runAt(t, time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC), stdin, args...)
}

// runAt is run with the clock at now.
func runAt(t *testing.T, now time.Time, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	f := &Factory{
		In:     strings.NewReader(stdin),
		Out:    &out,
		Err:    &errb,
		Now:    func() time.Time { return now },
		Getenv: func(string) string { return "" },
	}
	code := Main(args, f)
	return code, out.String(), errb.String()
}
