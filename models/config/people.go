package config

import (
	"fmt"
	"os"
	"regexp"
	"strconv"
)

// DefaultPrivacyKey is the HMAC key lanes pseudonymizes people with when
// neither privacy.key nor LANES_PRIVACY_KEY is set. It is published (here and
// in docs/metrics.md), so anyone who can guess a name can recompute its
// pseudonym: set your own key before sharing outputs.
const DefaultPrivacyKey = "lanes-default-privacy-key"

// PrivacyKeyEnv is the environment variable read for the pseudonym key when
// privacy.key is not set.
const PrivacyKeyEnv = "LANES_PRIVACY_KEY"

// Privacy controls how people appear in the marts.
type Privacy struct {
	// Key is the secret HMAC-SHA256 key of the pseudonyms; LANES_PRIVACY_KEY
	// is read when it is empty, DefaultPrivacyKey when both are. It is never
	// written to the warehouse.
	Key string `yaml:"key"`
	// ShowNames writes real names instead of pseudonyms (lanes build
	// --show-names).
	ShowNames bool `yaml:"show_names"`
	// MinGroupSize is the smallest team (distinct people in the data) whose
	// per-person figures are written; smaller teams keep only team totals.
	MinGroupSize int `yaml:"min_group_size"`
	// ExcludeDescriptions keeps free text out of the warehouse: ingest stores
	// no ticket description, comment body, chat message text or reject raw
	// text, and replaces a ticket's original record (tickets.raw) by its
	// SHA-256; the staging models drop descriptions and texts as well, for
	// data ingested before the option was set.
	ExcludeDescriptions bool `yaml:"exclude_descriptions"`
}

// DefaultTicketKeyPattern finds a ticket key in a help-channel message: a
// Jira-style key (ENG-123), a ServiceNow number (INC0012345, RITM0001234)
// or a number after # (#123, a GitHub issue or Zendesk ticket).
const DefaultTicketKeyPattern = `\b([A-Z][A-Z0-9]+-[0-9]+|(INC|REQ|RITM|SCTASK|CHG|PRB|TASK)[0-9]{5,})\b|#[0-9]+\b`

// PrivacyKey returns the pseudonym key and where it came from: "config"
// (privacy.key), "env" (LANES_PRIVACY_KEY) or "default" (DefaultPrivacyKey).
func (c *Config) PrivacyKey() (key, source string) {
	if c.Privacy.Key != "" {
		return c.Privacy.Key, "config"
	}
	if k := os.Getenv(PrivacyKeyEnv); k != "" {
		return k, "env"
	}
	return DefaultPrivacyKey, "default"
}

// applyPeopleDefaults fills the privacy and people-cost defaults.
func (c *Config) applyPeopleDefaults() {
	if c.Privacy.MinGroupSize == 0 {
		c.Privacy.MinGroupSize = 5
	}
	in := &c.Interruptions
	if in.FocusBlockMinutes == 0 {
		in.FocusBlockMinutes = 120
	}
	if in.ThreadHandleMinutes == 0 {
		in.ThreadHandleMinutes = 10
	}
	if in.TicketKeyPattern == "" {
		in.TicketKeyPattern = DefaultTicketKeyPattern
	}
}

// validatePeople checks the privacy and people-cost keys.
func (c *Config) validatePeople() []error {
	var errs []error
	if c.Privacy.MinGroupSize < 1 {
		errs = append(errs, fmt.Errorf("privacy.min_group_size: must be at least 1, got %d", c.Privacy.MinGroupSize))
	}
	in := c.Interruptions
	if in.FocusBlockMinutes < 0 {
		errs = append(errs, fmt.Errorf("interruptions.focus_block_minutes: must be positive, got %v", in.FocusBlockMinutes))
	}
	if in.ThreadHandleMinutes < 0 {
		errs = append(errs, fmt.Errorf("interruptions.thread_handle_minutes: must not be negative, got %v", in.ThreadHandleMinutes))
	}
	if _, err := regexp.Compile(in.TicketKeyPattern); err != nil {
		errs = append(errs, fmt.Errorf("interruptions.ticket_key_pattern: %q is not a valid regular expression: %v", in.TicketKeyPattern, err))
	}
	return errs
}

// peopleParameters are the parameters of the people and cost models
// (interruptions, focus, untracked requests, privacy), for Parameters. The
// privacy key itself is never listed, only where it came from.
func (c *Config) peopleParameters() [][3]string {
	f := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	_, keySource := c.PrivacyKey()
	in := c.Interruptions
	return [][3]string{
		{"focus_block_minutes", f(in.FocusBlockMinutes), "length of the focus blocks working hours are cut into (the last block of a day may be shorter)"},
		{"thread_handle_minutes", f(in.ThreadHandleMinutes), "hands-on minutes of an engineer answering a help-channel thread with no ticket"},
		{"ticket_key_pattern", in.TicketKeyPattern, "RE2 pattern (case-sensitive) that finds a ticket key in a help-channel message: a thread with one reached a queue"},
		{"privacy_key_source", keySource, "where the pseudonym key came from: config (privacy.key), env (LANES_PRIVACY_KEY) or default (published, so pseudonyms are linkable)"},
		{"privacy_show_names", strconv.FormatBool(c.Privacy.ShowNames), "true: real names instead of pseudonyms in per-person tables"},
		{"privacy_min_group_size", strconv.Itoa(c.Privacy.MinGroupSize), "per-person rows are written only for teams with at least this many distinct people"},
		{"privacy_exclude_descriptions", strconv.FormatBool(c.Privacy.ExcludeDescriptions), "true: ingest stores no ticket descriptions, comment bodies, chat texts or original records, and staging drops them"},
	}
}
