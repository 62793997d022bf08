package config

import (
	"fmt"
	"strconv"
	"strings"
)

// DefaultAgeBucketsDays are the backlog age buckets' edges, in days since
// creation: under 1 day, 1-3, 3-7, 7-30 and 30 days or more.
var DefaultAgeBucketsDays = []float64{1, 3, 7, 30}

// maxAgeBuckets bounds backlog.age_buckets_days (a row per bucket per day).
const maxAgeBuckets = 20

// Backlog holds the backlog marts' parameters.
type Backlog struct {
	// AgeBucketsDays are the edges, in days since creation, that split the
	// open tickets by age (backlog_age_daily): n edges make n+1 buckets,
	// each including its lower edge. Empty means DefaultAgeBucketsDays.
	AgeBucketsDays []float64 `yaml:"age_buckets_days"`
}

// AgeBucketsDays returns the configured backlog age edges, or the default.
func (c *Config) AgeBucketsDays() []float64 {
	if len(c.Backlog.AgeBucketsDays) == 0 {
		return append([]float64(nil), DefaultAgeBucketsDays...)
	}
	return append([]float64(nil), c.Backlog.AgeBucketsDays...)
}

func (c *Config) applyBacklogDefaults() {
	if len(c.Backlog.AgeBucketsDays) == 0 {
		c.Backlog.AgeBucketsDays = c.AgeBucketsDays()
	}
}

// validateBacklog checks that the age edges are positive and increasing.
func (c *Config) validateBacklog() []error {
	edges := c.Backlog.AgeBucketsDays
	if len(edges) > maxAgeBuckets {
		return []error{fmt.Errorf("backlog.age_buckets_days: at most %d edges, got %d", maxAgeBuckets, len(edges))}
	}
	for i, e := range edges {
		key := fmt.Sprintf("backlog.age_buckets_days[%d]", i)
		switch {
		case !(e > 0) || e > 36500:
			return []error{fmt.Errorf("%s: must be a number of days above 0 and at most 36500, got %v", key, e)}
		case i > 0 && e <= edges[i-1]:
			return []error{fmt.Errorf("%s: edges must increase, got %v after %v", key, e, edges[i-1])}
		}
	}
	return nil
}

// backlogParameters are the backlog marts' parameters, for Parameters.
func (c *Config) backlogParameters() [][3]string {
	edges := c.AgeBucketsDays()
	texts := make([]string, len(edges))
	for i, e := range edges {
		texts[i] = strconv.FormatFloat(e, 'f', -1, 64)
	}
	return [][3]string{
		{"backlog_age_buckets_days", strings.Join(texts, ", "),
			"edges, in days since creation, of the open tickets' age buckets (backlog_age_daily); each bucket includes its lower edge"},
	}
}
