package config

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPrivacyKeySource(t *testing.T) {
	t.Setenv(PrivacyKeyEnv, "")
	c := Default()
	key, src := c.PrivacyKey()
	assert.Equal(t, DefaultPrivacyKey, key)
	assert.Equal(t, "default", src)
	assert.Equal(t, 5, c.Privacy.MinGroupSize)

	t.Setenv(PrivacyKeyEnv, "from-env")
	key, src = c.PrivacyKey()
	assert.Equal(t, "from-env", key)
	assert.Equal(t, "env", src)

	c, err := Parse("x.yaml", strings.NewReader("privacy:\n  key: from-file\n  show_names: true\n"))
	require.NoError(t, err)
	key, src = c.PrivacyKey()
	assert.Equal(t, "from-file", key, "the file wins over the environment")
	assert.Equal(t, "config", src)

	params := map[string]string{}
	for _, p := range c.Parameters() {
		params[p[0]] = p[1]
		assert.NotContains(t, p[1], "from-file", "the key never reaches dim_parameters (%s)", p[0])
	}
	assert.Equal(t, "config", params["privacy_key_source"])
	assert.Equal(t, "true", params["privacy_show_names"])
	assert.Equal(t, "5", params["privacy_min_group_size"])
	assert.Equal(t, "120", params["focus_block_minutes"])
	assert.Equal(t, "10", params["thread_handle_minutes"])
}

func TestBadPeopleConfig(t *testing.T) {
	cases := []struct{ yaml, want string }{
		{"privacy:\n  min_group_size: -1\n", "privacy.min_group_size"},
		{"interruptions:\n  focus_block_minutes: -5\n", "interruptions.focus_block_minutes"},
		{"interruptions:\n  ticket_key_pattern: '('\n", "interruptions.ticket_key_pattern"},
	}
	for _, tc := range cases {
		_, err := Parse("x.yaml", strings.NewReader(tc.yaml))
		require.Error(t, err, tc.yaml)
		assert.Contains(t, err.Error(), tc.want)
	}
}
