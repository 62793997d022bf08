package config

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestURLBase(t *testing.T) {
	cases := []struct{ base, want string }{
		{"https://acme.atlassian.net/browse/", ""},
		{"https://acme.atlassian.net/browse", ""},
		{"http://jira.local:8080/browse/", ""},
		{"https://x.service-now.com/nav_to.do?uri=incident.do?sysparm_query=number={key}", ""},
		{"https://acme.freshservice.com/a/tickets/{key}?tab=details", ""},
		{"https://x.example/{key}", ""},
		{"javascript:alert(1)", "must start with http:// or https://"},
		{"ftp://files.example/", "must start with http:// or https://"},
		{"{key}", "must start with http:// or https://"},
		{"https://", "has no host after http(s)://"},
		{"https:///browse/{key}", "has no host after http(s)://"},
		{"https://{key}/browse", "may hold {key} only after the host, in the path or the query"},
		{"https://{key}.example.com/", "may hold {key} only after the host, in the path or the query"},
		{"https://{key}@example.com/", "may hold {key} only after the host, in the path or the query"},
		{"https://example.com:{key}/", "is not a valid address: parse \"https://example.com:KEY/\": invalid port \":KEY\" after host"},
	}
	for _, tc := range cases {
		t.Run(tc.base, func(t *testing.T) {
			assert.Equal(t, tc.want, checkURLBase(tc.base))
		})
	}
}
