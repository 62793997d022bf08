package config

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestStarterParses(t *testing.T) {
	c, err := Parse("lanes.yaml", bytes.NewReader(Starter()))
	require.NoError(t, err)
	assert.Equal(t, "Europe/Berlin", c.Calendar.TimeZone)
	assert.Equal(t, "IT Service Desk", c.Teams[0].Name)
	assert.Equal(t, "feature_flag", c.Intents[0].Name, "configured intents come before built-in ones")
}

func TestDefaultsNeedNoFile(t *testing.T) {
	c, err := Load(filepath.Join(t.TempDir(), "missing.yaml"), true)
	require.NoError(t, err)
	assert.Equal(t, "UTC", c.Calendar.TimeZone)
	assert.Equal(t, 15.0, c.Interruptions.RefocusMinutes)
	assert.NotEmpty(t, c.Teams)
	assert.NoError(t, c.Validate())
	_, err = Load(filepath.Join(t.TempDir(), "missing.yaml"), false)
	assert.Error(t, err)
}

func TestBadConfigNamesKeyAndFile(t *testing.T) {
	cases := []struct{ name, yaml, want string }{
		{"unknown key", "teams:\n  - name: a\n    class: it\n    colour: red\n", `field colour not found`},
		{"bad class", "teams:\n  - name: a\n    class: eng\n", `teams[0].class: "eng" is not one of`},
		{"bad zone", "calendar:\n  time_zone: Mars/Olympus\n", `calendar.time_zone`},
		{"bad regexp", "teams:\n  - name: a\n    class: it\n    groups: ['(']\n", `teams[0].groups[0]`},
		{"bad holiday", "calendar:\n  holidays: ['25/12/2026']\n", `calendar.holidays[0]`},
		{"bad url", "sources:\n  - name: s\n    url_base: javascript:alert(1)\n", `sources[0].url_base`},
		{"bad date locale", "sources:\n  - name: s\n    date_locale: it\n", `sources[0].date_locale: "it" is not one of en, de, es, fr, pt`},
		{"bad date order", "sources:\n  - name: s\n    date_order: dmy\n", `sources[0].date_order: "dmy" is not day_first or month_first`},
		{"date order with a date format", "sources:\n  - name: s\n    date_order: day_first\n    date_format: \"01/02/2006\"\n", `sources[0].date_order: cannot go with date_format, whose layout fixes the order too: keep one`},
		{"date format not a layout", "sources:\n  - name: s\n    date_format: dd/mm/yyyy hh:mm\n", `sources[0].date_format: "dd/mm/yyyy hh:mm" is not a Go reference layout; write the reference time 2006-01-02 15:04:05 in your format, e.g. "02/01/2006 15:04"`},
		{"records without a format", "sources:\n  - name: s\n    records: data.nodes\n", `sources[0].records: is read by format json only: set format: json`},
		{"records without json", "sources:\n  - name: s\n    format: csv\n    records: data.nodes\n", `sources[0].records: is read by format json only: set format: json (it is "csv")`},
		{"records not a path", "sources:\n  - name: s\n    format: json\n    records: data..nodes\n", `sources[0].records: "data..nodes" is not a dot path of keys, such as data.issues.nodes`},
		{"top-level typo", "team:\n  - name: a\n", `field team not found`},
		{"age edges not increasing", "backlog:\n  age_buckets_days: [1, 7, 3]\n", `backlog.age_buckets_days[2]: edges must increase`},
		{"bad currency", "currency: euro\n", `currency: "euro" is not an ISO 4217 code`},
		{"age edge zero", "backlog:\n  age_buckets_days: [0, 3]\n", `backlog.age_buckets_days[0]: must be a number of days above 0`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			p := filepath.Join(dir, "lanes.yaml")
			require.NoError(t, os.WriteFile(p, []byte(tc.yaml), 0o644))
			_, err := Load(p, false)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
			assert.True(t, strings.HasPrefix(err.Error(), p), "error %q names the file", err)
		})
	}
}

func TestCatalogueMakesUnlistedBuiltinsUnsanctioned(t *testing.T) {
	c, err := Parse("x.yaml", strings.NewReader("tools:\n  - name: Okta\n    aliases: [okta]\n"))
	require.NoError(t, err)
	san := map[string]bool{}
	for _, tl := range c.Tools {
		san[tl.Name] = tl.IsSanctioned()
	}
	assert.True(t, san["Okta"])
	assert.False(t, san["Notion"])
	assert.True(t, Default().Tools[0].IsSanctioned())
}

func TestBacklogAgeBuckets(t *testing.T) {
	param := func(c *Config) string {
		for _, p := range c.Parameters() {
			if p[0] == "backlog_age_buckets_days" {
				return p[1]
			}
		}
		return ""
	}
	assert.Equal(t, "1, 3, 7, 30", param(Default()))
	assert.Equal(t, "1, 3, 7, 30", param(&Config{}), "a configuration built in Go without defaults")
	c, err := Parse("x.yaml", strings.NewReader("backlog:\n  age_buckets_days: [0.5, 2, 14]\n"))
	require.NoError(t, err)
	assert.Equal(t, []float64{0.5, 2, 14}, c.AgeBucketsDays())
	assert.Equal(t, "0.5, 2, 14", param(c))
	s, err := Parse("starter", bytes.NewReader(Starter()))
	require.NoError(t, err)
	assert.Equal(t, []float64{1, 3, 7, 30}, s.Backlog.AgeBucketsDays, "the starter file shows the defaults")
}

func TestCurrency(t *testing.T) {
	d := Default()
	assert.Equal(t, "USD", d.CurrencyCode())
	assert.Equal(t, "$", d.CurrencySymbol())
	assert.Equal(t, "$", d.CurrencyPrefix())
	assert.Equal(t, "USD", (&Config{}).CurrencyCode(), "a configuration built in Go without defaults")
	eur, err := Parse("x.yaml", strings.NewReader("currency: EUR\n"))
	require.NoError(t, err)
	assert.Equal(t, "€", eur.CurrencyPrefix())
	chf, err := Parse("x.yaml", strings.NewReader("currency: CHF\n"))
	require.NoError(t, err)
	assert.Equal(t, "", chf.CurrencySymbol())
	assert.Equal(t, "CHF ", chf.CurrencyPrefix())
	s, err := Parse("starter", bytes.NewReader(Starter()))
	require.NoError(t, err)
	assert.Equal(t, "USD", s.CurrencyCode())
}
