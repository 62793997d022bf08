package config

import (
	"net/url"
	"strings"
)

// URLKeyPlaceholder marks where a ticket's key goes in a source's url_base
// (https://x.service-now.com/nav_to.do?uri=incident.do?sysparm_query=number={key}).
// Without it the key is appended after a "/".
const URLKeyPlaceholder = "{key}"

// checkURLBase says what is wrong with a source's url_base, or "" when it
// is usable: an http(s) address with a host, the {key} placeholder (if
// any) after the host, so that a ticket's key can never choose the scheme
// or the site a link goes to.
func checkURLBase(base string) string {
	if !strings.HasPrefix(base, "https://") && !strings.HasPrefix(base, "http://") {
		return "must start with http:// or https://"
	}
	u, err := url.Parse(strings.ReplaceAll(base, URLKeyPlaceholder, "KEY"))
	if err != nil {
		return "is not a valid address: " + err.Error()
	}
	if u.Host == "" {
		return "has no host after http(s)://"
	}
	authority := base[len(u.Scheme)+len("://"):]
	if i := strings.IndexAny(authority, "/?#"); i >= 0 {
		authority = authority[:i]
	}
	if strings.Contains(authority, URLKeyPlaceholder) {
		return "may hold {key} only after the host, in the path or the query"
	}
	return ""
}
