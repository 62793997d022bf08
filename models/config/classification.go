package config

import (
	"fmt"
	"strconv"
	"strings"
)

// Clusters groups near-duplicate titles of the tickets no intent rule
// covers (int_ticket_cluster, title_clusters).
type Clusters struct {
	// Similarity is the Jaccard similarity (0..1] of two titles' stem sets
	// at or above which their groups join one cluster. Default 0.5.
	Similarity float64 `yaml:"similarity"`
	// MinTickets is the smallest cluster title_clusters lists and coverage
	// counts as clustered. Default 3.
	MinTickets int `yaml:"min_tickets"`
	// StopWords are the words dropped from titles before stemming (lower
	// case). Setting it replaces the built-in list (DefaultStopWords).
	StopWords []string `yaml:"stop_words"`
}

// DefaultStopWords are common English words, greetings and request filler
// ("please", "need", "help"), and the commonest German and Spanish function
// words: they say nothing about what a ticket is about.
var DefaultStopWords = strings.Fields(`
a about above after again all also am an and any are as at be been before being below between both but by
can cannot could did do does doing done down during each either few for from further get gets getting got
had has have having he her here hers him his how i if in into is it its itself just let me more most my
no nor not now of off on once only or other our ours out over own same she should so some such than that
the their theirs them then there these they this those through to too under until up very was we were what
when where which while who whom why will with would you your yours
hi hello hey dear thanks thank thx cheers regards please pls plz kindly asap urgent help need needs needed
request requests requested requesting issue re fw fwd aw wg
der die das den dem des ein eine einen und oder ist nicht mit für von zu im auf bitte
el la los las un una y o de del en por para con no se mi
`)

// applyClassificationDefaults fills the clustering and payback defaults.
func (c *Config) applyClassificationDefaults() {
	if c.Clusters.Similarity == 0 {
		c.Clusters.Similarity = 0.5
	}
	if c.Clusters.MinTickets == 0 {
		c.Clusters.MinTickets = 3
	}
	if c.Clusters.StopWords == nil {
		c.Clusters.StopWords = append([]string(nil), DefaultStopWords...)
	}
	if c.Automation.BuildCostHours == 0 {
		c.Automation.BuildCostHours = 40
	}
}

// validateClassification checks the clustering and payback settings.
func (c *Config) validateClassification() []error {
	var errs []error
	if s := c.Clusters.Similarity; s <= 0 || s > 1 {
		errs = append(errs, fmt.Errorf("clusters.similarity: must be above 0 and at most 1, got %v", s))
	}
	if c.Clusters.MinTickets < 1 {
		errs = append(errs, fmt.Errorf("clusters.min_tickets: must be at least 1, got %d", c.Clusters.MinTickets))
	}
	for i, w := range c.Clusters.StopWords {
		if w == "" || strings.ContainsAny(w, " \t\n") || w != strings.ToLower(w) {
			errs = append(errs, fmt.Errorf("clusters.stop_words[%d]: %q must be one lower-case word", i, w))
		}
	}
	if c.Automation.BuildCostHours < 0 {
		errs = append(errs, fmt.Errorf("automation.build_cost_hours: must not be negative, got %v", c.Automation.BuildCostHours))
	}
	return errs
}

// classificationParameters are the clustering and payback parameters in
// dim_parameters.
func (c *Config) classificationParameters() [][3]string {
	f := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	return [][3]string{
		{"cluster_similarity", f(c.Clusters.Similarity), "two title groups join one cluster when the Jaccard similarity of their stem sets is at least this"},
		{"cluster_min_tickets", strconv.Itoa(c.Clusters.MinTickets), "a title cluster needs at least this many tickets to be listed and to count as covered"},
		{"cluster_stop_words", strings.Join(c.Clusters.StopWords, " "), "words dropped from titles before stemming, separated by spaces"},
		{"automation_build_cost_hours", f(c.Automation.BuildCostHours), "hours it costs to build one automation; payback_weeks = this / hours saved per week"},
	}
}
