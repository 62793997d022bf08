package dashboards

import (
	"math"
	"regexp"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func nan() float64 { return math.NaN() }

func mustDate(t *testing.T, s string) time.Time {
	t.Helper()
	d, err := time.Parse("2006-01-02", s)
	require.NoError(t, err)
	return d
}

var regexpCSP = regexp.MustCompile(`<meta http-equiv="Content-Security-Policy"[^>]*>`)
