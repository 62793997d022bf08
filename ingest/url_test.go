package ingest_test

import (
	"context"
	"database/sql"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/ingest"
)

const serviceNowBase = "https://x.service-now.com/nav_to.do?uri=incident.do?sysparm_query=number={key}"

// urlCases are worked out by hand: every byte but letters, digits and -._~
// becomes %XX (upper-case hex of the UTF-8 byte).
var urlCases = []struct{ name, base, key, want string }{
	{"appended", "https://acme.atlassian.net/browse/", "PROJ-1", "https://acme.atlassian.net/browse/PROJ-1"},
	{"appended without slash", "https://acme.atlassian.net/browse", "PROJ-1", "https://acme.atlassian.net/browse/PROJ-1"},
	{"appended hostile key", "https://acme.atlassian.net/browse/", `javascript:alert("x") 1`,
		"https://acme.atlassian.net/browse/javascript%3Aalert%28%22x%22%29%201"},
	{"placeholder in query", serviceNowBase, "INC0010001",
		"https://x.service-now.com/nav_to.do?uri=incident.do?sysparm_query=number=INC0010001"},
	{"placeholder hostile key", serviceNowBase, `javascript:alert('x')`,
		"https://x.service-now.com/nav_to.do?uri=incident.do?sysparm_query=number=javascript%3Aalert%28%27x%27%29"},
	{"placeholder in path", "https://h.example/t/{key}/view", "a/b?c#d&e='f'", "https://h.example/t/a%2Fb%3Fc%23d%26e%3D%27f%27/view"},
	{"placeholder twice", "https://h.example/{key}?id={key}", "a b", "https://h.example/a%20b?id=a%20b"},
	{"non-ASCII and quotes", "https://h.example/", `é"<>`, "https://h.example/%C3%A9%22%3C%3E"},
	{"unreserved kept", "https://h.example/", "A-z_0.9~", "https://h.example/A-z_0.9~"},
	{"no key", "https://h.example/", "", ""},
	{"no base", "", "PROJ-1", ""},
	{"not http", "javascript:{key}", "alert(1)", ""},
}

func TestTicketURL(t *testing.T) {
	for _, tc := range urlCases {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, ingest.TicketURL(tc.base, tc.key))
		})
	}
}

// TestTicketURLSQL checks that the SQL form (the Jira CSV fast path) builds
// the same links as the Go form.
func TestTicketURLSQL(t *testing.T) {
	wh := openWarehouse(t)
	for _, tc := range urlCases {
		t.Run(tc.name, func(t *testing.T) {
			var got sql.NullString
			q := "select " + ingest.TicketURLSQL(tc.base, "k") + " from (select ?::varchar as k)"
			require.NoError(t, wh.QueryRow(context.Background(), q, tc.key).Scan(&got), q)
			assert.Equal(t, tc.want, got.String)
			assert.Equal(t, tc.want != "", got.Valid)
		})
	}
}
