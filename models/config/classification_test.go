package config

import (
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestClassificationDefaultsAndParameters(t *testing.T) {
	c := Default()
	assert.Equal(t, 0.5, c.Clusters.Similarity)
	assert.Equal(t, 3, c.Clusters.MinTickets)
	assert.Equal(t, 40.0, c.Automation.BuildCostHours)
	assert.Contains(t, c.Clusters.StopWords, "please")
	params := map[string]string{}
	for _, p := range c.Parameters() {
		params[p[0]] = p[1]
	}
	assert.Equal(t, "0.5", params["cluster_similarity"])
	assert.Equal(t, "3", params["cluster_min_tickets"])
	assert.Equal(t, "40", params["automation_build_cost_hours"])
	assert.True(t, strings.HasPrefix(params["cluster_stop_words"], "a about above "), params["cluster_stop_words"])

	c, err := Parse("x.yaml", strings.NewReader(
		"clusters:\n  similarity: 0.7\n  min_tickets: 5\n  stop_words: [please, the]\nautomation:\n  build_cost_hours: 12.5\n"))
	require.NoError(t, err)
	params = map[string]string{}
	for _, p := range c.Parameters() {
		params[p[0]] = p[1]
	}
	assert.Equal(t, "0.7", params["cluster_similarity"])
	assert.Equal(t, "5", params["cluster_min_tickets"])
	assert.Equal(t, "please the", params["cluster_stop_words"], "stop_words replaces the built-in list")
	assert.Equal(t, "12.5", params["automation_build_cost_hours"])
}

func TestBadClassificationConfig(t *testing.T) {
	cases := []struct{ yaml, want string }{
		{"clusters:\n  similarity: 1.5\n", "clusters.similarity: must be above 0 and at most 1, got 1.5"},
		{"clusters:\n  similarity: -0.1\n", "clusters.similarity"},
		{"clusters:\n  min_tickets: -2\n", "clusters.min_tickets: must be at least 1, got -2"},
		{"clusters:\n  stop_words: ['two words']\n", `clusters.stop_words[0]: "two words" must be one lower-case word`},
		{"clusters:\n  stop_words: [Please]\n", `clusters.stop_words[0]: "Please" must be one lower-case word`},
		{"automation:\n  build_cost_hours: -1\n", "automation.build_cost_hours: must not be negative, got -1"},
	}
	for _, tc := range cases {
		_, err := Parse("x.yaml", strings.NewReader(tc.yaml))
		require.Error(t, err, tc.yaml)
		assert.Contains(t, err.Error(), tc.want)
	}
}

// With no catalogue the consumer services in the dictionary are unsanctioned,
// so shadow_it works with no configuration; with one, every unlisted built-in
// is, and a listed consumer tool is sanctioned.
func TestConsumerToolsAreShadowITWithoutACatalogue(t *testing.T) {
	san := func(c *Config) map[string]bool {
		m := map[string]bool{}
		for _, tl := range c.Tools {
			m[tl.Name] = tl.IsSanctioned()
		}
		return m
	}
	d := san(Default())
	assert.True(t, d["Okta"])
	assert.True(t, d["Notion"])
	assert.False(t, d["WeTransfer"])
	assert.False(t, d["ChatGPT"])
	assert.False(t, d["TeamViewer"])

	c, err := Parse("x.yaml", strings.NewReader("tools:\n  - name: ChatGPT\n    aliases: [chatgpt]\n"))
	require.NoError(t, err)
	s := san(c)
	assert.True(t, s["ChatGPT"])
	assert.False(t, s["Okta"])
	assert.False(t, s["WeTransfer"])
	// the built-in slice itself is not changed by a merge
	assert.False(t, san(Default())["WeTransfer"])
	assert.True(t, san(Default())["Okta"])
}

// Every built-in alias is lower case, unique across tools, and at least
// three characters, so that a whole-word match is not a common accident.
func TestBuiltinDictionary(t *testing.T) {
	assert.GreaterOrEqual(t, len(builtinTools), 80)
	seen := map[string]string{}
	for _, tl := range builtinTools {
		require.NotEmpty(t, tl.Aliases, tl.Name)
		for _, a := range tl.Aliases {
			assert.Equal(t, strings.ToLower(a), a, "%s alias %q", tl.Name, a)
			assert.GreaterOrEqual(t, len(a), 3, "%s alias %q", tl.Name, a)
			if prev, ok := seen[a]; ok {
				t.Errorf("alias %q belongs to %s and %s", a, prev, tl.Name)
			}
			seen[a] = tl.Name
		}
	}
}

// Spot checks of the built-in intent rules, one phrase per conflict the
// order settles (the full measurement is models/intent_eval_test.go).
func TestBuiltinIntentOrder(t *testing.T) {
	intentOf := func(text string) string {
		for _, in := range builtinIntents {
			for _, p := range in.Patterns {
				if regexp.MustCompile("(?i)" + p).MatchString(text) {
					return in.Name
				}
			}
		}
		return "other"
	}
	cases := map[string]string{
		"Reset MFA for VPN":                         "password_reset",
		"Access to VPN":                             "access_request",
		"VPN not connecting":                        "vpn_network",
		"VPN down for everyone in Berlin office":    "outage",
		"vpn down again??":                          "vpn_network",
		"Locked out of Okta":                        "password_reset",
		"Locked out of my laptop":                   "account_unlock",
		"cant login to Salesforce":                  "account_unlock",
		"pasword reset pls":                         "password_reset",
		"Figma licence":                             "licence_request",
		"New hire needs laptop and Okta access":     "onboarding",
		"Leaver: revoke access and collect laptop":  "offboarding",
		"Install printer driver":                    "app_install",
		"Wi-Fi keeps dropping on MacBook":           "vpn_network",
		"Add me to the marketing distribution list": "access_request",
		"Null pointer exception in OrderService":    "product_bug",
		"Office coffee machine broken":              "other",
		"Konto gesperrt":                            "account_unlock",
		"Olvidé mi contraseña":                      "password_reset",
	}
	for text, want := range cases {
		assert.Equal(t, want, intentOf(text), text)
	}
}
